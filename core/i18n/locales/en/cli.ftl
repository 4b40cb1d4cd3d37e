# The `steppe` command line: what it prints for people at a terminal.

cli_records_count = { $count ->
    [one] { $count } record
   *[other] { $count } records
}
# A command failed; $message says why.
cli_error = Error: { $message }

## What a command prints when it has done what it was asked.
cli_answered = Answered
cli_checked_in = Checked in
cli_closed = Closed
cli_concluded = Concluded
cli_done = Done
cli_fulfilled = Fulfilled
cli_marked = Marked
cli_published = Published
cli_recorded = Recorded
cli_resolved = Resolved
cli_taken_down = Taken down
