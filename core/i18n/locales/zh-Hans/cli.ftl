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

## Both command lines' own words (steppe-server's too): the help pages' headings and flags, the
## notes after an argument's help, and what the parser refuses. English has none of these:
## clap's own text is their English (steppe_i18n::terminal::help).
clap_usage = 用法：
clap_commands = 命令：
clap_arguments = 参数：
clap_options = 选项：
# In a usage line: [选项], <命令>.
clap_options_placeholder = 选项
clap_command_placeholder = 命令
clap_help_flag = 显示帮助
clap_version_flag = 显示版本号
clap_help_command = 显示本帮助，或所给子命令的帮助
clap_help_command_args = 要查看帮助的子命令
# An argument's help followed by its notes ($notes: clap_default, clap_env… joined by clap_note_separator).
clap_with_notes = { $help }（{ $notes }）
clap_note_separator = ；
clap_quoted = “{ $text }”
clap_default = 默认：{ $value }
clap_env = 环境变量：{ $name }
clap_env_value = 环境变量：{ $name }，现为 { $value }
clap_possible_values = 可选：{ $values }
# What the parser refuses; each follows cli_error (or op_error) as its $message.
clap_error_unknown_argument = 无法识别的参数“{ $arg }”
clap_error_unknown_subcommand = 没有“{ $name }”这个子命令
clap_error_missing = 缺少以下必填参数：
clap_error_missing_subcommand = “{ $name }”后面需要一个子命令
clap_possible_subcommands = ，可用的有{ $names }
clap_error_value_required = { $arg } 需要一个值，但没有给出
clap_error_invalid_value = { $arg } 的值“{ $value }”无效
clap_error_invalid_value_because = { $arg } 的值“{ $value }”无效：{ $why }
clap_possible_values_after = ，可选的值有{ $values }
clap_why_integer = 应为整数
clap_why_too_large = 数值超出范围
clap_why_number = 应为数字
clap_why_id = 应为记录编号
clap_why_address = 应写成“地址:端口”，如 127.0.0.1:8470
clap_error_used_twice = 参数 { $arg } 只能给一次
clap_error_conflict = { $arg } 不能与 { $others } 同时使用
clap_error_no_equals = 给 { $arg } 赋值时需要写等号“=”
clap_error_too_many_values = { $arg } 不再接受值“{ $value }”
clap_error_too_few_values = { $arg } 至少需要 { $min } 个值，只给了 { $given } 个
clap_error_wrong_number_of_values = { $arg } 需要 { $expected } 个值，给了 { $given } 个
clap_error_utf8 = 参数中有不是 UTF-8 的文字
clap_error_other = 命令行有误
clap_tip_similar_subcommand = 提示：有相近的子命令{ $names }
clap_tip_similar_argument = 提示：有相近的参数{ $names }
clap_tip_similar_value = 提示：有相近的值{ $names }
clap_tip_as_value = 提示：要把“{ $value }”作为值传入，请写成“{ $written }”
clap_tip_no_dashes = 提示：“{ $name }”是子命令；要使用它，请去掉前面的“--”
clap_tip_exists = 提示：可以用“{ $written }”
clap_try_help = 更多说明请加 --help 查看。

## `steppe --help`: each command's line and each argument's help, by the command's path
## (cli_help_case_open) and the argument's name (cli_help_case_open__branch). The English is the
## doc comment in core/cli/src; codes a user may type are listed by their Chinese names, which
## the commands accept as well as the codes.
cli_help = 驼乡e站：基层党建工作记录，离线优先
cli_help__db = 存储文件
cli_help__lang = 输出所用的语言：zh（中文，默认）、mn（蒙古文）或 en（英文）；不给时按终端的 LANG 设置

## Enrolment, sync, meeting another phone, bundle files
cli_help_enroll = 凭一次性注册码把本存储注册到服务器（同时创建存储文件）
cli_help_enroll__server = 服务器地址
cli_help_enroll__code = 一次性注册码
cli_help_enroll__device = 本设备的名称
cli_help_sync = 与服务器同步已注册的存储
cli_help_peer = 不经服务器，通过 TCP 与另一个存储直接交换记录
cli_help_peer_listen = 等待一部手机（另一个存储）连接，并与之交换记录
cli_help_peer_listen__addr = 监听的地址和端口
cli_help_peer_connect = 连接在所给地址等待的手机，并与之交换记录
cli_help_peer_connect__addr = 对方手机的地址和端口
cli_help_bundle = 离线数据包：在没有信号的地方由人带送的文件
cli_help_bundle_export = 把本存储尚未上传的修改签名后写入文件，供服务器导入
cli_help_bundle_export__file = 要写入的数据包文件
cli_help_bundle_import = 导入服务器为本存储所在单位签发的数据包
cli_help_bundle_import__file = 服务器签发的数据包文件
cli_help_bundle_fetch = 从服务器取回本存储用户可查看的某个单位的数据包并导入，以便转交给那里无法同步的手机
cli_help_bundle_fetch__org = 单位的组织编号
cli_help_init = 在本设备上为新用户创建存储；打印用户编号
cli_help_init__name = 用户姓名
cli_help_init__device = 本设备的名称

## Organisations and people
cli_help_org = 组织
cli_help_org_add = 建立组织；打印其编号
cli_help_org_add__name = 组织名称
cli_help_org_add__kind = 组织类型，代码或名称均可：盟、旗、苏木、镇、嘎查、村、区、街道党工委、社区党委、网格、网格党支部、楼栋党小组、警地党支部、红色驿站、基层党校、机关事业单位党组织……
cli_help_org_add__parent = 上级组织的编号
cli_help_org_tree = 打印组织树（全部根组织，或某一组织以下）
cli_help_org_tree__root = 从这个组织打印起（组织编号）
cli_help_org_name_mn = 设置组织的传统蒙古文名称（不给名称即删除）
cli_help_org_name_mn__org = 组织编号
cli_help_org_name_mn__name = 传统蒙古文名称
cli_help_person = 人员与角色
cli_help_person_add = 登记人员；打印其编号
cli_help_person_add__name = 姓名
cli_help_person_add__org = 所在组织的编号
cli_help_person_add__status = 党员状态，代码或名称均可：正式党员、预备党员、重点培养对象、入党积极分子、流动党员、群众
cli_help_person_add__me = 此人就是本存储的用户
cli_help_person_add__role = 角色@组织编号，如 支部书记@组织编号；可重复
cli_help_person_list = 列出组织的人员
cli_help_person_list__org = 组织编号
cli_help_person_name_mn = 设置人员的传统蒙古文姓名；不给姓名即删除
cli_help_person_name_mn__person = 人员编号
cli_help_person_name_mn__name = 传统蒙古文姓名

## The Party school: courses, sessions, attendance
cli_help_course = 基层党校的课程与课次
cli_help_course_add = 开设课程；打印其编号
cli_help_course_add__school = 基层党校的组织编号
cli_help_course_add__title = 课程名称
cli_help_course_add__topic = 专题，代码或名称均可：党的理论教育、党性教育、党章党规党纪教育、形势政策教育、知识技能教育、乡村振兴、实用技术
cli_help_course_session = 为课程安排一次课次；打印其编号
cli_help_course_session__course = 课程编号
cli_help_course_session__at = 上课时间，写成 2026-12-01 09:30 这样（北京时间）
cli_help_course_session__minutes = 时长（分钟）
cli_help_course_session__online = 线上授课
cli_help_course_session__venue = 上课地点或线上教室
cli_help_schedule = 党员本周的课次（默认本人）
cli_help_schedule__person = 人员编号（默认本人）
cli_help_schedule__week = 要查看的那一周中的任一天，写成 2026-12-01 这样；默认本周
cli_help_check_in = 本人在课次签到
cli_help_check_in__session = 课次编号
cli_help_check_in__online = 线上签到
cli_help_check_in__from_school = 在另一所党校的教学点线上参加：那所党校的组织编号
cli_help_mark = 为党员登记出勤（支部书记或讲师）
cli_help_mark__session = 课次编号
cli_help_mark__person = 人员编号
cli_help_mark__status = 出勤情况，代码或名称均可：出勤、缺勤、请假
cli_help_archive = 党员某一年的学习档案
cli_help_archive__person = 人员编号（默认本人）
cli_help_archive__year = 年份（默认今年）

## Mediation cases
cli_help_case = 矛盾调解案件
cli_help_case_open = 受理调解案件，本存储的用户为调解员；打印其编号
cli_help_case_open__branch = 受理案件的党支部的组织编号
cli_help_case_open__category = 纠纷类别，代码或名称均可：邻里纠纷、草场边界纠纷、婚姻家庭纠纷、牲畜损害纠纷、债务纠纷、其他纠纷
cli_help_case_open__place = 发生地点
cli_help_case_open__description = 案情
cli_help_case_open__party = 当事人；每位当事人各写一次
cli_help_case_note = 添加调解记录
cli_help_case_note__case = 案件编号
cli_help_case_note__text = 记录内容
cli_help_case_visit = 记录一次入户走访
cli_help_case_visit__case = 案件编号
cli_help_case_visit__text = 走访情况
cli_help_case_close = 结案
cli_help_case_close__case = 案件编号
cli_help_case_close__outcome = 调解结果，代码或名称均可：达成协议、移交处理、撤回、调解未成
cli_help_case_close__detail = 结果说明（达成协议时须写明协议内容）
cli_help_case_follow_up = 结案后回访
cli_help_case_follow_up__case = 案件编号
cli_help_case_follow_up__text = 回访情况
cli_help_case_list = 列出党支部的调解案件
cli_help_case_list__branch = 党支部的组织编号
cli_help_case_list__status = 只列此状态的案件：调解中或已结案

## Residents' requests: 民事民提、民议、民决、民办、民评
cli_help_request = 居民的民事诉求
cli_help_request_raise = 民事民提：登记居民提出的诉求；打印其编号
cli_help_request_raise__community = 社区的组织编号
cli_help_request_raise__title = 诉求标题
cli_help_request_raise__description = 诉求内容
cli_help_request_raise__by = 提出诉求的居民
cli_help_request_discuss = 民事民议：记录议事情况
cli_help_request_discuss__request = 诉求编号
cli_help_request_discuss__note = 议事情况
cli_help_request_decide = 民事民决：记录议定的办法
cli_help_request_decide__request = 诉求编号
cli_help_request_decide__decision = 议定的办法
cli_help_request_done = 民事民办：记录办理情况
cli_help_request_done__request = 诉求编号
cli_help_request_done__report = 办理情况
cli_help_request_evaluate = 民事民评：记录居民的评价（不能由办理人自己评价）
cli_help_request_evaluate__request = 诉求编号
cli_help_request_evaluate__satisfied = 居民满意
cli_help_request_evaluate__comment = 评价意见
cli_help_request_evaluate__residents = 作出评价的居民；可重复，至少一位
cli_help_request_list = 列出社区的民事诉求
cli_help_request_list__community = 社区的组织编号
cli_help_request_list__step = 只列处于此步骤的诉求：民事民提、民事民议、民事民决、民事民办、民事民评、重新处理

## Grid work: households and visits
cli_help_household = 住户与走访
cli_help_household_add = 登记住户；打印其编号
cli_help_household_add__grid = 网格的组织编号
cli_help_household_add__address = 住址
cli_help_household_add__head = 户主姓名
cli_help_household_add__size = 家庭人口
cli_help_household_tag = 给住户加上标签（加 --off 则去掉）
cli_help_household_tag__household = 住户编号
cli_help_household_tag__tag = 标签，代码或名称均可：大病家庭、高龄老人、独居、残疾人、低保户、危房、大学生
cli_help_household_tag__off = 去掉这个标签
cli_help_household_visit = 记录一次走访；打印其编号
cli_help_household_visit__household = 住户编号
cli_help_household_visit__mode = 走访方式，代码或名称均可：电话、微信语音、视频、上门
cli_help_household_visit__note = 走访情况
cli_help_household_visit__follow_up = 需要跟进
cli_help_household_list = 列出网格的住户
cli_help_household_list__grid = 网格的组织编号
cli_help_household_list__tag = 只列带此标签的住户

## Organisational life and joint meetings
cli_help_orglife = 党支部的组织生活会
cli_help_orglife_record = 记录召开的一次会议；打印其编号
cli_help_orglife_record__branch = 党支部的组织编号
cli_help_orglife_record__kind = 会议类型，代码或名称均可：民主生活会、组织生活会
cli_help_orglife_record__held_at = 召开时间，写成 2026-12-01 09:30 这样；默认现在
cli_help_orglife_item = 记录会前征求的意见、会前的谈心谈话或查摆出的问题
cli_help_orglife_item__meeting = 会议编号
cli_help_orglife_item__kind = 类型，代码或名称均可：会前征求意见、会前谈心谈话、查摆问题
cli_help_orglife_item__text = 内容
cli_help_orglife_attend = 登记参会人员：参会党员、上级参加或党建指导员（党建指导员用 --person 指明）
cli_help_orglife_attend__meeting = 会议编号
cli_help_orglife_attend__role = 参会身份，代码或名称均可：参会党员、上级参加、党建指导员
cli_help_orglife_attend__name = 姓名
cli_help_orglife_attend__person = 党建指导员的人员编号
cli_help_orglife_rectify = 添加整改事项，写明责任人和完成期限；打印其编号
cli_help_orglife_rectify__meeting = 会议编号
cli_help_orglife_rectify__text = 整改内容
cli_help_orglife_rectify__owner = 责任人
cli_help_orglife_rectify__due = 完成期限，写成 2026-12-01 这样
cli_help_orglife_complete = 标记整改事项已完成
cli_help_orglife_complete__meeting = 会议编号
cli_help_orglife_complete__item = 整改事项编号
cli_help_orglife_list = 党支部的会议
cli_help_orglife_list__branch = 党支部的组织编号
cli_help_joint = 社区的联席会议（三方协商议事会）
cli_help_joint_record = 记录一次三方协商议事会；打印其编号。参与方写成 参与方=代表，写成 参与方= 则记为该方缺席；参与方为社区党委、物业公司、业主委员会
cli_help_joint_record__community = 社区的组织编号
cli_help_joint_record__held_at = 召开时间，写成 2026-12-01 09:30 这样；默认现在
cli_help_joint_record__parties = 参与方=代表；每个参与方各写一次
cli_help_joint_record__topics = 议题；每个议题各写一次，至少一个
cli_help_joint_record__participants = 其他参加人员；可重复
cli_help_joint_decide = 记录会议议定的一项事项，若用 --request 指明诉求，即作为该诉求的民事民决；打印其编号
cli_help_joint_decide__meeting = 会议编号
cli_help_joint_decide__text = 议定内容
cli_help_joint_decide__request = 诉求编号

## Training programmes
cli_help_programme = 基层党校的专题培训班
cli_help_programme_plan = 开设专题培训班；打印其编号。日期写成 2026-12-01 这样
cli_help_programme_plan__school = 基层党校的组织编号
cli_help_programme_plan__title = 培训班名称
cli_help_programme_plan__theme = 专题，代码或名称均可（党的理论教育、乡村振兴……）
cli_help_programme_plan__year = 年度
cli_help_programme_plan__from = 开班日期
cli_help_programme_plan__to = 结业日期
cli_help_programme_course = 把课程编入培训班（不给 --programme 则移出）
cli_help_programme_course__course = 课程编号
cli_help_programme_course__programme = 培训班编号
cli_help_programme_session_kind = 设定课次的教学形式：专题授课、外出游学或实践教学（代码或名称均可）
cli_help_programme_session_kind__session = 课次编号
cli_help_programme_session_kind__kind = 教学形式
cli_help_programme_list = 党校某年的培训班及其参训情况
cli_help_programme_list__school = 基层党校的组织编号
cli_help_programme_list__year = 年度

## Petitions, red stations
cli_help_petition = 信访代办
cli_help_petition_receive = 以本存储用户的身份受理一件信访代办；打印其编号
cli_help_petition_receive__village = 嘎查（村）的组织编号
cli_help_petition_receive__petitioner = 信访群众
cli_help_petition_receive__matter = 反映的事项
cli_help_petition_step = 记录办理步骤：转交办理（用 --to 写明转交给谁）、办理进展或答复群众（代码或名称均可）
cli_help_petition_step__petition = 信访代办编号
cli_help_petition_step__kind = 步骤
cli_help_petition_step__note = 情况说明
cli_help_petition_step__to = 转交的单位或人员
cli_help_petition_visit = 记录群众不得不再次亲自来访
cli_help_petition_visit__petition = 信访代办编号
cli_help_petition_conclude = 答复群众之后办结，并记录群众是否满意
cli_help_petition_conclude__petition = 信访代办编号
cli_help_petition_conclude__satisfied = 群众满意
cli_help_petition_conclude__note = 办结说明
cli_help_petition_list = 嘎查（村）的信访代办
cli_help_petition_list__village = 嘎查（村）的组织编号
cli_help_petition_figures = 某组织以下某年受理的信访代办
cli_help_petition_figures__root = 组织编号（统计其下全部组织）
cli_help_petition_figures__year = 年份
cli_help_station = 红色驿站的服务
cli_help_station_serve = 登记本存储用户值班时提供的一次服务；打印其编号。服务项目代码或名称均可：手机充电、应急药品、简单冲印、常规义诊、小修小补、矛盾纠纷调解、政策咨询
cli_help_station_serve__station = 红色驿站的组织编号
cli_help_station_serve__offer = 服务项目
cli_help_station_serve__people = 服务群众人数
cli_help_station_serve__note = 备注
cli_help_station_figures = 某组织以下各红色驿站某年的服务情况
cli_help_station_figures__root = 组织编号（统计其下全部红色驿站）
cli_help_station_figures__year = 年份

## Democratic evaluation
cli_help_evaluation = 党员年度民主评议
cli_help_evaluation_open = 开始某党员某年的民主评议；打印其编号
cli_help_evaluation_open__branch = 党支部的组织编号
cli_help_evaluation_open__member = 被评议党员的人员编号
cli_help_evaluation_open__year = 年度
cli_help_evaluation_self_assess = 本存储用户的个人自评
cli_help_evaluation_self_assess__evaluation = 民主评议编号
cli_help_evaluation_self_assess__text = 自评内容
cli_help_evaluation_assess = 本存储用户对被评议党员的评议
cli_help_evaluation_assess__evaluation = 民主评议编号
cli_help_evaluation_assess__text = 评议意见
cli_help_evaluation_rule = 党支部的评定规则：评为某一等次所需票数的百分比（默认 50）
cli_help_evaluation_rule__evaluation = 民主评议编号
cli_help_evaluation_rule__percent = 百分比
cli_help_evaluation_votes = 民主测评的计票，写成 等次=票数（如 优秀=3 合格=9）
cli_help_evaluation_votes__evaluation = 民主评议编号
cli_help_evaluation_votes__tallies = 等次=票数，每个等次一项
cli_help_evaluation_result = 按计票评定等次并记录；打印所评等次
cli_help_evaluation_result__evaluation = 民主评议编号
cli_help_evaluation_list = 党支部某年的民主评议
cli_help_evaluation_list__branch = 党支部的组织编号
cli_help_evaluation_list__year = 年度

## Village affairs: 三单、三员、一平台
cli_help_affairs = 嘎查（村）的三张清单和公开公示监督平台（三单、一平台）
cli_help_affairs_create = 建立嘎查（村）某年的清单；打印其编号
cli_help_affairs_create__village = 嘎查（村）的组织编号
cli_help_affairs_create__kind = 清单类型，代码或名称均可：党建工作清单、权力服务清单、监督履职正负清单
cli_help_affairs_create__year = 年度
cli_help_affairs_item = 在清单中添加事项；打印其编号
cli_help_affairs_item__list = 清单编号
cli_help_affairs_item__text = 事项内容
cli_help_affairs_item__procedure = 权力或服务事项如何申请、如何办理
cli_help_affairs_item__side = 正面清单或负面清单（仅用于监督履职正负清单）
cli_help_affairs_item__public = 在嘎查（村）的公开公示监督平台上公开
cli_help_affairs_done = 标记清单事项已完成
cli_help_affairs_done__list = 清单编号
cli_help_affairs_done__item = 事项编号
cli_help_affairs_items = 嘎查（村）某年的清单事项
cli_help_affairs_items__village = 嘎查（村）的组织编号
cli_help_affairs_items__year = 年度
cli_help_affairs_board = 嘎查（村）公开公示监督平台上公开的内容
cli_help_affairs_board__village = 嘎查（村）的组织编号
cli_help_finding = 三员的监督发现及党支部的答复
cli_help_finding_record = 以本存储用户（三员之一）的身份记录一项监督发现；打印其编号
cli_help_finding_record__village = 嘎查（村）的组织编号
cli_help_finding_record__lens = 监督类别，代码或名称均可：党建监督、民情监督、廉情监督
cli_help_finding_record__text = 发现的问题
cli_help_finding_record__list = 所针对的清单（与 --item 一起给出）
cli_help_finding_record__item = 所针对的清单事项（与 --list 一起给出）
cli_help_finding_answer = 党支部的答复
cli_help_finding_answer__finding = 监督发现编号
cli_help_finding_answer__text = 答复内容
cli_help_finding_conclude = 监督员的结论：已整改、未整改或经核实不属实
cli_help_finding_conclude__finding = 监督发现编号
cli_help_finding_conclude__outcome = 结论
cli_help_finding_list = 嘎查（村）的监督发现
cli_help_finding_list__village = 嘎查（村）的组织编号
cli_help_notice = 嘎查（村）公开公示监督平台的公开事项
cli_help_notice_draft = 拟定公开事项；打印其编号
cli_help_notice_draft__village = 嘎查（村）的组织编号
cli_help_notice_draft__category = 公开类别，代码或名称均可：党务公开、村务公开、财务公开、服务结果公开
cli_help_notice_draft__title = 标题
cli_help_notice_draft__body = 正文
cli_help_notice_publish = 发布公开事项
cli_help_notice_publish__notice = 公开事项编号
cli_help_notice_take_down = 撤下公开事项
cli_help_notice_take_down__notice = 公开事项编号

## 双报到、双报告、双考核
cli_help_dual = 单位党组织和在职党员到社区报到（双报到），以及共建契约
cli_help_dual_register = 单位党组织到社区报到（加 --member 则为该单位的一名在职党员报到）
cli_help_dual_register__community = 社区的组织编号
cli_help_dual_register__unit = 单位党组织的组织编号
cli_help_dual_register__member = 在职党员的人员编号
cli_help_dual_register__year = 年度
cli_help_dual_contract = 单位与社区签订某年的共建契约；打印其编号
cli_help_dual_contract__community = 社区的组织编号
cli_help_dual_contract__unit = 单位党组织的组织编号
cli_help_dual_contract__year = 年度
cli_help_dual_commit = 在共建契约中添加共建事项：组织联建、党建联抓、活动联办、党员联管或资源联享（代码或名称均可）
cli_help_dual_commit__contract = 共建契约编号
cli_help_dual_commit__heading = 共建事项类别
cli_help_dual_commit__text = 事项内容
cli_help_dual_report = 双报告：在职党员某年向单位或社区所作的报告，由收到的一方记录
cli_help_dual_report__member = 在职党员的人员编号
cli_help_dual_report__org = 收到报告的单位或社区的组织编号
cli_help_dual_report__year = 年度
cli_help_dual_report__text = 报告内容
cli_help_dual_assess = 双考核：单位或社区对在职党员当年的考核等次（优秀、合格、基本合格、不合格，代码或名称均可）
cli_help_dual_assess__member = 在职党员的人员编号
cli_help_dual_assess__org = 作出考核的单位或社区的组织编号
cli_help_dual_assess__year = 年度
cli_help_dual_assess__grade = 考核等次
cli_help_dual_assess__remarks = 评语
cli_help_dual_fulfil = 标记共建事项已完成
cli_help_dual_fulfil__contract = 共建契约编号
cli_help_dual_fulfil__commitment = 共建事项编号
cli_help_dual_figures = 某组织以下某年的双报到情况
cli_help_dual_figures__root = 组织编号（统计其下全部组织）
cli_help_dual_figures__year = 年份

## Records, their history and conflicts
cli_help_show = 以 JSON 显示记录的当前内容
cli_help_show__id = 记录编号
cli_help_history = 记录的修改历史：谁、用哪台设备、何时、改了什么
cli_help_history__id = 记录编号
cli_help_conflicts = 等待裁决的冲突
cli_help_resolve = 裁决冲突：保留所选的候选值（序号从 0 数起）
cli_help_resolve__doc = 记录编号
cli_help_resolve__object = 冲突所在的对象（见 conflicts 的列表）
cli_help_resolve__key = 冲突的字段（见 conflicts 的列表）
cli_help_resolve__choice = 要保留的候选值的序号，从 0 数起
cli_help_demo = 在新的存储上把每个工作流程走一遍，并打印经过
