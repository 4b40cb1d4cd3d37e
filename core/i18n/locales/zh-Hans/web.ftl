# The supervisors' and secretaries' web pages, and the files they export.

web_a_record = 记录

## Every page's header.
web_app_title = 驼乡e站 · 督导
web_site_name = 驼乡e站 督导
web_nav_overview = 概览
web_nav_conflicts = 待处理冲突
web_nav_refusals = 被拒绝的修改
web_nav_due = 到期事项
web_sign_out = 退出
web_public_board = 公开公示监督平台
web_form_stale = 表单已过期，请刷新页面
web_save_failed = 无法保存，请稍后重试

## The foot of a record's page: who reviewed it (督导已阅).
web_reviewed = 督导已阅
web_not_reviewed = 尚无督导标记已阅
web_review_note = 备注（可不填）
web_mark_reviewed = 标记为已阅
web_review_not_allowed = 您在该组织没有审阅记录的角色

## The charts' axes.
web_axis_month = 月份
web_unit_cases = 件
web_unit_times = 人次 / 次

## Filters of a unit's lists.
web_filter_category = 类别
web_filter_all_categories = 全部类别
web_filter_opened = 受理时间
web_period_all = 全部
web_period_month = 本月
web_period_quarter = 本季度
web_period_year = 本年
web_period_custom = 自定义
web_filter_from = 从
web_filter_to = 到
web_filter_apply = 筛选
web_filter_all = 全部

## The columns of a unit's own lists, and their downloads.
web_col_opened = 受理时间
web_col_category = 类别
web_col_place = 地点
web_col_status = 状态
web_col_outcome = 结果
web_col_entries = 记录
web_col_raised = 提出时间
web_col_request = 诉求
web_col_step = 环节
web_col_rounds = 轮次
web_col_address = 地址
web_col_head = 户主
web_col_visits = 走访次数
web_col_last_visit = 最近走访
web_export_csv = 导出 CSV
web_export_xlsx = 导出 Excel

## A refused form's answer, beside the field it concerns.
web_org_life_not_allowed = 您的角色不能记录本支部的组织生活
web_evaluation_not_allowed = 您不能记录这一项：自评由党员本人填写，互评以本人名义填写
web_evaluation_self_first = 请先记录个人自评
web_evaluation_mutual_first = 请先记录相互评议
web_evaluation_votes_first = 请先记录民主测评票数
web_evaluation_closed = 评议已完成，不能再修改
web_school_not_allowed = 您的角色不能在此党校开课或排课
web_choose_topic = 请选择专题
web_choose_mode = 请选择上课方式
web_choose_school_course = 请选择本校的课程
web_not_a_time = 上课时间格式不正确
web_not_minutes = 时长应为分钟数
web_attendance_not_allowed = 您的角色不能为此党校登记出勤
web_choose_attendance = 请选择出勤情况
web_school_without_unit = 此党校没有上级组织
web_no_such_member = 本党校服务范围内没有此党员
web_name_ambiguous = 同名党员不止一位，请核对后再登记
# A name typed in the mark form is nobody's exactly but spells several members' names in pinyin
# or initials ("wl"): they are listed, each with its unit, for the secretary to pick one.
web_name_candidates = 有 { $count } 位党员与“{ $query }”相符：{ $names }。请输入其中一位的全名后再登记
web_name_candidate = { $name }（{ $unit }）

## A Party school's page: the online classes the schools above hold at the same time.
web_same_time_classes = 上级党校同步课堂
web_col_time = 时间
web_col_school = 党校
web_col_course = 课程
web_col_room = 直播间
web_col_checked_in = 签到人次

## Bundle files: phones' data carried where there is no signal, and the server's for phones.
web_nav_bundles = 离线数据包
web_bundles_title = 离线数据包
web_bundles_intro = 没有信号的手机可把未上传的记录导出为数据包，由他人带到有网络的地方在此导入；导入的记录按原手机及其用户的权限审核，与手机自己同步完全相同。
web_bundle_import = 导入手机数据包
web_bundle_file = 数据包文件
web_bundle_import_button = 导入
web_bundle_export_hint = 要给没有信号的手机带去本单位的最新记录，请在单位页面点击“下载离线数据包”。
web_bundle_download = 下载离线数据包（供无信号手机导入）
web_bundle_imported = 已导入 { $who } 的数据包：新增 { $applied } 条，已有 { $already } 条，被拒绝 { $refused } 条
web_bundle_choose = 请选择数据包文件
web_bundle_unreadable = 文件未能完整上传，请重试
web_bundle_not_a_bundle = 这不是驼乡e站的数据包文件
web_bundle_tampered = 数据包已损坏或被改动，已整体拒收，未保存任何内容
web_bundle_is_the_servers = 这是服务器发给手机的数据包，应在手机上导入
web_bundle_unknown_device = 数据包来自未在本服务器登记签名密钥的设备：该手机需先在有信号处同步一次
web_bundle_revoked = 数据包来自已停用的设备或用户，已拒收

## Every page: what a page says when it cannot show itself, the way back, a record's history, and the periods pages are counted over.
web_unavailable = 数据暂时不可用，请稍后重试
web_not_found = 未找到
web_device_name = 网页
web_cannot_save = 无法保存
web_back = 返回
web_col_action = 操作
web_col_by = 操作人
web_col_device = 设备
web_period_label_year = { $year } 年
web_period_label_month = { $year } 年 { $month } 月
web_period_label_quarter = { $year } 年第 { $quarter } 季度
web_period_label_custom = { $from } 至 { $to }

## The overview, and an organisation's page: its units, cases, Party schools, members' hours, requests, households and organisational life.
web_overview_title = 下辖组织概览
web_overview_none = 您没有可查看的组织。
web_col_org = 组织
web_col_kind = 类型
web_col_depth = 层级
web_col_open_cases = 调解中
web_col_closed_cases = 已结案
web_col_sessions = 党校课程
web_col_open_requests = 未办结诉求
web_col_households = 登记户
web_org_report_link = 工作统计（按期间）
web_org_school_link = 课程与排课
web_org_board_link = 公开公示栏（群众所见）
web_org_people = 党员 { $members } 人 · 非党员学员 { $trainees } 人
web_org_units = 下级组织
web_cases = 调解案件
web_chart_cases = 每月调解案件
web_series_opened = 受理
web_series_closed = 结案
web_col_count = 件数
web_org_own_cases = 本支部案件
web_org_schools = 基层党校
web_chart_attendance = 每月签到人次与开课次数
web_series_sessions = 开课
web_col_sessions_year = 近一年开课
web_col_learners = 服务学员（含党员）
web_col_rate = 出勤率
web_org_member_hours = { $year } 年党员学时
web_col_member = 党员
web_col_member_org = 所在组织
web_col_trainings = 参训次数
web_col_hours = 学时
web_prev_page = 上一页
web_next_page = 下一页
web_org_requests = 民事民办
web_col_satisfied = 满意
web_col_unsatisfied = 不满意
web_org_households = 重点户走访
web_col_tag = 标签
web_col_household_count = 户数
web_org_life = 组织生活
web_org_life_items = 整改事项：未完成 { $open } 项，已完成 { $done } 项
web_col_held_at = 召开时间
web_record_meeting = 记录会议
web_col_open_items = 未完成整改
web_col_done_items = 已完成整改
web_org_evaluations = { $year } 年民主评议
web_col_grade = 评定等次
web_evaluating = 评议中
web_open_evaluation = 开始评议
web_org_own_requests = 本社区诉求
web_org_own_households = 本网格住户

## An organisation's report for a period, and a resident's request.
web_report_cases_opened = 受理纠纷
web_report_cases_agreed = 调解成功
web_report_cases_referred = 移交处理
web_report_cases_withdrawn = 撤回
web_report_cases_unresolved = 调解未成
web_report_legal_services = 法律服务
web_report_difficulties_solved = 解决困难
web_report_people_served = 服务群众人次
web_report_requests_raised = 收集诉求
web_report_requests_decided = 已议决
web_report_requests_done = 已办结
web_report_requests_satisfied = 评价满意
web_report_joint_meetings = 联席会议
web_report_meeting_decisions = 议定事项
web_report_member_services = 在职党员服务
web_report_member_service_people = 在职党员服务人次
web_report_sessions_held = 党校开课
web_report_training_hours = 培训学时
web_report_view = 查看
web_report_title = 工作统计
web_report_period = 统计期间：{ $period }
web_history = 修改记录
web_request_title = 民事诉求
web_request_community = 所属社区
web_request_raised_by = 提出人
web_request_step = 当前环节
web_request_rounds = 处理轮次
web_request_decision = 决定
web_request_meeting = 议定会议
web_request_joint_meeting = 联席会议 { $meeting }
web_request_description = 诉求内容
web_request_steps = 办理环节
web_col_handler = 经办人
web_col_note = 说明
web_request_round = 第{ $round }轮
web_request_evaluations = 群众评价
web_col_evaluation = 评价
web_col_residents = 评价群众
web_col_comment = 意见
web_request_unsatisfied = 不满意（重新办理）

## A member's democratic evaluation, a mediation case, and an organisational-life meeting.
web_evaluation_title = { $member } { $year } 年民主评议
web_evaluation_self = 个人自评
web_evaluation_mutual = 相互评议
web_evaluation_rule = 评定规则
web_evaluation_rule_text = 得票（含更高等次）达到 { $percent }% 的最高等次
web_evaluation_votes = 民主测评
web_evaluation_vote_count = { $votes } 票　
web_evaluation_ungraded = 未评定
web_evaluation_my_self = 我的自评
web_evaluation_record_self = 记录自评
web_evaluation_my_mutual = 我的互评
web_evaluation_record_mutual = 记录互评
web_evaluation_record_votes = 记录测评票数
web_evaluation_tallied = 按票数评定为：
web_evaluation_no_votes = 尚无测评票
web_evaluation_confirm = 确认评定
web_case_title = 调解案件
web_case_branch = 所属支部
web_case_parties = 当事人
web_case_agreement = 调解协议
web_case_referred_to = 移交
web_case_closed_at = 结案时间
web_case_description = 案情
web_case_timeline = 调解过程
web_col_author = 记录人
web_col_content = 内容
web_case_follow_ups = 回访
web_col_visitor = 回访人
web_col_situation = 情况
web_meeting_items = 意见和问题
web_meeting_rectifications = 整改事项
web_col_item = 事项
web_col_owner = 责任人
web_col_due = 期限
web_col_done = 完成
web_overdue = 已逾期
web_not_done = 未完成
web_mark_done = 完成
web_meeting_add = 记录
web_add = 添加
web_meeting_rectification = 整改事项
web_meeting_add_rectification = 添加整改事项

## A Party school's schedule, a member's training record, a class, and a household.
web_school_schedule = 排课
web_school_sessions = 近期课次
web_col_mode = 方式
web_col_present = 签到
web_school_starts_at = 上课时间
web_school_minutes = 时长（分钟）
web_school_venue = 地点或直播间
web_school_new_course = 新开课程
web_school_course_title = 课程名称
web_col_topic = 专题
web_school_create_course = 开设课程
web_member_archive = { $year } 年参训档案
web_member_summary = { $year } 年参训 { $sessions } 次，共 { $hours } 学时
web_prev_year = 上一年
web_next_year = 下一年
web_col_date = 日期
web_member_by_topic = 按专题
web_col_times = 次数
web_session_minutes = ，{ $minutes } 分钟
web_session_cancelled = 已取消
web_session_attendance = 出勤
web_session_member_name = 党员姓名
web_session_mark = 登记出勤
web_session_history = 签到与修改记录
web_household_title = 住户
web_household_grid = 所属网格
web_household_size = 人口
web_household_visits = 走访记录
web_col_visited_by = 走访人
web_col_follow_up = 需回访
web_yes = 是

## Refused changes, conflicts, what is due, a village's public board, and signing in.
web_refusals_title = 成员被拒绝的修改
web_refusals_none = 没有被拒绝的修改。
web_col_user = 成员
web_col_reason = 原因
web_col_attempts = 次数
web_col_last = 最近
web_conflict_empty = （空）
web_conflicts_none = 没有待处理的冲突。
web_col_value = 取值
web_col_entered_by = 填写人
web_conflict_keep = 采用此值
web_conflict_not_allowed = 您的角色不能处理此冲突
web_conflict_failed = 无法处理该冲突（可能已被他人处理）
web_due_none = 没有待办的整改和回访。
web_col_since = 提出
web_board_title = { $org } 公开公示
web_board_notices = 公开事项
web_board_no_notices = 暂无公开事项
web_board_published = 发布于 { $at }
web_col_progress = 完成情况
web_board_done = 已完成
web_board_in_progress = 进行中
web_sign_in = 登录
web_login_user = 用户（姓名或编号）
web_login_password = 密码
web_login_stale = 登录页面已过期，请重新输入
web_login_wait_minutes = 登录失败次数过多，请约 { $minutes } 分钟后再试
web_login_wait_seconds = 登录失败次数过多，请 { $seconds } 秒后再试
web_login_busy = 登录的人较多，请稍后再试
web_login_wrong = 用户或密码不正确
