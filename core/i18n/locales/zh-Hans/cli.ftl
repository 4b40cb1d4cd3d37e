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

## Lines of the listings and figures.
cli_minutes = { $minutes } 分钟
cli_archive_year = { $year } 年：{ $sessions } 次，{ NUMBER($hours, minimumFractionDigits: 1, maximumFractionDigits: 1) } 学时
cli_archive_topic = { $topic }：{ $sessions } 次，{ NUMBER($hours, minimumFractionDigits: 1, maximumFractionDigits: 1) } 学时
cli_entries = { $count } 条记录
cli_round = 第 { $round } 轮
cli_satisfied = 满意
cli_unsatisfied = 不满意
cli_visits = 走访 { $count } 次
cli_item_done = 已完成
cli_item_open = 进行中
cli_item_public = 公开
cli_awaiting_answer = 待答复
cli_not_graded = 未评定
cli_dual_units = 报到单位党组织 { $count } 个
cli_dual_members = 报到在职党员 { $count } 名
cli_dual_contracts = 共建契约 { $contracts } 份（未签契约的报到单位 { $without } 个）
cli_dual_services = 服务 { $services } 次，服务群众 { $people } 人次
cli_dual_reviews = 向单位和社区双报告 { $reported } 名，双考核 { $assessed } 名
cli_rectifications = 整改 { $open } 项未完成、{ $done } 项已完成
cli_petition_concluded_satisfied = 已办结 · 满意
cli_petition_concluded_unsatisfied = 已办结 · 不满意
cli_petition_in_hand = 办理中
cli_petition_visits = 来访 { $count } 次
cli_petition_figures = 受理 { $received } 件 · 办结 { $concluded } 件（只跑一次 { $once } 件）· 群众满意 { $satisfied } 件
cli_programme_figures = 课程 { $courses } 门 · 课次 { $sessions } 次（其中游学、实践 { $field } 次）· 参训 { $trainees } 人次
cli_station_figures = 服务 { $services } 次 · 服务群众 { $people } 人次 · 收集诉求 { $requests } 件

## `steppe demo`: the walk through the seed's workflows.
demo_title = 驼乡e站演示 — 数据存放在 { $dir }
demo_tree = 1. 组织树
demo_school = 2. 基层党校：课程、本周课次、签到、学习档案
demo_missing_session = 给不存在的课次签到
demo_unexpected = 意外：本应被拒绝的操作成功了
demo_archive = { $name }的学习档案：{ $sessions } 次，{ NUMBER($hours, minimumFractionDigits: 1, maximumFractionDigits: 1) } 学时
demo_mediation = 3. 矛盾调解：两名调解员离线编辑同一案件，然后合并
demo_close_again = 不填协议内容再次结案
demo_merged = 已合并：第一部手机收到 { $first } 条修改，第二部收到 { $second } 条
demo_conflict = { $field }有冲突：{ $values }
demo_kept_agreement = 督导保留达成协议的结果；调解结果上剩余冲突 { $left } 处
demo_case_list = 案件列表
demo_history = 修改记录
demo_request = 4. 民事诉求：民事民提 → 民事民议 → 民事民决 → 民事民办 → 民事民评
demo_evaluate_early = 未办结就评价
demo_worker_verdict = 办理人本人记录居民评价
demo_grid = 5. 网格：户籍标签与走访
demo_done = 演示完成。

## Where there is no signal: enrolment, sync, meeting another phone, bundle files.
cli_enrolled = 已注册：{ $user }，设备 { $device }
cli_synced = 已同步：上传 { $sent } 条，收到 { $received } 条，被拒绝 { $refused } 条
cli_listening = 正在 { $addr } 等待另一部手机连接……
cli_met = 已与设备 { $device } 交换：收到 { $received } 条（待服务器确认），代转 { $carried } 份；给对方 { $offered } 条，加密转交 { $sealed } 份
cli_bundle_written = 已把 { $changes } 条待上传的修改写入 { $file }
cli_bundle_applied = 已导入 { $received } 条新的修改

## What the command line itself refuses.
# $what is one of the cli_what_… words below.
cli_unknown = 未知的{ $what }“{ $value }”
cli_what_attendance = 出勤情况
cli_what_attendee_role = 参会身份
cli_what_category = 类别
cli_what_grade = 等次
cli_what_heading = 栏目
cli_what_item_kind = 事项类型
cli_what_kind = 组织类型
cli_what_lens = 视角
cli_what_list_kind = 清单类型
cli_what_meeting_kind = 会议类型
cli_what_mode = 方式
cli_what_offer = 服务项目
cli_what_outcome = 结果
cli_what_party = 参与方
cli_what_role = 角色（应写成 角色@组织）
cli_what_session_kind = 课程形式
cli_what_side = 责任方
cli_what_status = 状态
cli_what_step = 步骤
cli_what_tag = 标签
cli_what_topic = 专题
cli_day_form = 日期应写成“2026-12-01”这样，而不是“{ $given }”
cli_time_form = 时间应写成“2026-12-01 09:30”这样，而不是“{ $given }”
cli_tally_form = 计票应写成 等次=票数，而不是“{ $given }”
cli_not_a_number = “{ $given }”不是数字
cli_lang_unknown = --lang：{ $tag } 不是 zh、mn 或 en
cli_no_store = 无法打开 { $path }（请先运行 steppe init）
cli_store_exists = { $path } 已存在：请注册到一个新的存储文件
cli_not_enrolled = { $path } 尚未注册（请先运行 steppe enroll）
cli_damaged = { $path } 已损坏
cli_cannot_read = 无法读取 { $path }
cli_cannot_write = 无法写入 { $path }
cli_cannot_listen = 无法在 { $addr } 监听
cli_cannot_connect = 无法连接 { $addr }
