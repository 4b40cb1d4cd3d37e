# The `steppe` command line: what it prints for people at a terminal.

cli_records_count = { $count } 条记录
# A command failed; $message says why.
cli_error = 错误：{ $message }

## What a command prints when it has done what it was asked.
cli_answered = 已答复
cli_checked_in = 已签到
cli_closed = 已结案
cli_concluded = 已办结
cli_done = 已完成
cli_fulfilled = 已履行
cli_marked = 已记录出勤
cli_published = 已公示
cli_recorded = 已记录
cli_resolved = 已解决
cli_taken_down = 已撤下
