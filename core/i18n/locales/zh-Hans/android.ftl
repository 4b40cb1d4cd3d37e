# The Android app's own words (screens, buttons, hints). Android's placeholders (%1$s, %2$d)
# stay as they are: the generator copies them into strings.xml. A message whose comment holds
# `android:translatable=false` is a format, not words (dates), and is not translated.
# The iOS app's own words come from here too: a line `# ios: <key>` above a message makes it the
# entry of `Localizable.xcstrings` under that SwiftUI key (`cargo xtask i18n --write`), its
# placeholders turned into the key's specifiers (`%1$d` for `%lld`, `%2$.1f` for `%lf`).

# ios: home.title
app_name = 驼乡e站
back = 返回
# ios: action.dismiss
dismiss = 知道了
empty = 暂无
# ios: evaluation.not_yet
not_yet = 尚未填写
filter_all = 全部
# android:translatable=false
date_time_pattern = M月d日 HH:mm
# android:translatable=false
date_pattern = yyyy年M月d日
# How time fields read what is typed (China Standard Time); the labels show an example.
# android:translatable=false
time_input_pattern = yyyy-MM-dd HH:mm

enroll_title = 注册本机
# ios: enroll.server
enroll_server = 服务器地址
# ios: enroll.code
enroll_code = 注册码
# ios: enroll.submit
enroll_button = 注册本机
home_no_roles = 本机用户暂无角色，请同步后再试

## The app's language, apart from the phone's. Each language is named in itself, in every
## locale: a reader looks for their own language's name.
screen_language = 语言
language_system = 跟随手机设置
language_zh = 中文
# mongγol: the script's own name for Mongolian (as Locale::autonym in core/i18n/src/locale.rs).
language_mn = ᠮᠣᠩᠭᠣᠯ
language_en = English

# ios: screen.cases
screen_cases = 警地联调
screen_schedule = 我的日程
# ios: screen.archive
screen_archive = 学时档案
# ios: requests.new
# ios: screen.requests
screen_requests = 民事民提
# ios: screen.households
screen_households = 网格住户
# ios: screen.member_service
screen_member_service = 双报到服务
screen_school = 党校课程
screen_branch_life = 组织生活
# ios: screen.overview
screen_overview = 督导总览

sync_pending = 待上传 %1$d 条
# ios: sync.never
sync_never = 尚未同步
sync_last = 上次同步 %1$s
# ios: sync.now
sync_now = 立即同步
sync_cancel = 取消同步
sync_rejected = 服务器拒收 %1$s：%2$s %3$s

# ios: cases.filter.open
case_filter_open = 调解中
# ios: cases.filter.closed
case_filter_closed = 已结案
# ios: cases.filter.all
case_filter_all = 全部
# ios: cases.new
case_new = 新建调解案件
# ios: cases.place
case_place = 纠纷地点
# ios: cases.description
case_description = 纠纷简述
# ios: cases.party_a
case_party_a = 当事人甲
# ios: cases.party_b
case_party_b = 当事人乙
case_open = 新建调解案件
case_row_title = %1$s · %2$s
case_row_detail = %1$s · %2$d 条记录 · %3$s
case_parties = 当事人：%1$s
case_status = 状态：%1$s
case_outcome = 结果：%1$s
case_agreement_text = 协议内容：%1$s
case_referred_to_text = 移交至：%1$s
case_timeline = 调解记录
case_follow_ups = 回访
case_conflicts = 待选择的冲突
conflict_value = %1$s（%2$s，%3$s）
conflict_choose = 采用
# ios: case.actions
# ios: request.actions
case_actions = 办理
case_text = 内容（记录、协议、移交单位或重开原因）
case_add_note = 添加记录
case_add_visit = 添加走访
case_follow_up = 回访
# ios: case.close
case_close = 结案
case_reopen = 重新开案
# ios: case.history
case_history = 修改历史
history_item = %1$s %2$s · %3$s（%4$s）
history_unknown_author = 未知用户
timeline_item = %1$s %2$s · %3$s：%4$s

# ios: category.neighbours
category_neighbours = 邻里纠纷
# ios: category.pasture_boundary
category_pasture_boundary = 草场边界
# ios: category.family
category_family = 家庭纠纷
# ios: category.livestock_damage
category_livestock_damage = 牲畜损害
# ios: category.debt
category_debt = 债务纠纷
# ios: category.other
category_other = 其他
service_entry_new = 登记服务台账

overview_conflicts = %1$d 处冲突待选择
# ios: branch.evaluation_year %lld
evaluation_year = %1$d 年度民主评议
evaluation_member = %1$s（%2$s）
evaluation_pending = 未评议
# ios: overview.refusals %lld
overview_refusals = 成员被拒绝的修改（%1$d）
refusal_title = %1$s · %2$s · %3$s
# ios: refusal.detail %@ %lld %@
refusal_detail = %1$s · %2$d 次 · 最近 %3$s
overview_row_title = %1$s（%2$s）
overview_row_counts = 调解中 %1$d · 已结案 %2$d · 课程 %3$d · 出勤 %4$d · 诉求 %5$d · 户 %6$d

session_detail = %1$s · %2$s · %3$s · %4$s
session_cancelled = 已取消
# ios: school.cancel_session
session_cancel = 取消课程
# ios: schedule.check_in
check_in = 签到
schedule_this_week = 本周
schedule_upcoming = 近期
archive_year = %1$d 年
year_previous = 上一年
year_next = 下一年
archive_totals = 共 %1$d 次，%2$.1f 学时
archive_entry = %1$s · %2$s · %3$.1f 学时
# ios: school.sessions
school_sessions = 课程安排
# ios: school.new_course
course_new = 新建课程
# ios: cases.service_count %@ %lld %lld
service_count = 本年%1$s：%2$d 次，服务 %3$d 人次
course_no_lecturer = 暂不指定讲师
# ios: school.course_title
course_title = 课程名称
# ios: school.create_course
course_create = 创建课程
# ios: mode.on_site
mode_on_site = 现场教学
# ios: mode.online
mode_online = 线上
# ios: school.schedule_session
session_new = 为已有课程安排场次
session_starts_at = 上课时间（如 2025-03-01 09:30）
session_minutes = 时长（分钟）
# ios: school.venue
session_venue = 地点（线上课填写会议号或链接）
# ios: school.add_session
session_add = 添加场次
session_remove = 移除
# ios: school.schedule
session_schedule = 安排场次
# ios: school.session_draft %@ %lld %@ %@
session_draft = %1$s · %2$d 分钟 · %3$s · %4$s

step_raised = 提
step_discussed = 议
step_decided = 决
step_done = 办
step_evaluated = 评
step_reopened = 重办
# ios: requests.raise
request_new = 登记诉求
# ios: requests.title_field
request_title = 诉求标题
# ios: requests.description
request_description = 诉求内容
# ios: requests.raised_by
request_raised_by = 提出人
request_raise = 登记
# ios: households.new
household_new = 登记住户
# ios: households.head
household_head = 户主
# ios: households.address
household_address = 住址
household_size = 人口数
# ios: households.register
household_register = 登记
request_row = %1$s · 第 %2$d 轮 · %3$s
request_status = %1$s · 第 %2$d 轮
request_text = 内容（议事记录、决定、办理情况或评价）
request_discuss = 议
request_decide = 决
request_carry_out = 办
# ios: request.satisfied
evaluation_satisfied = 满意
# ios: request.unsatisfied
evaluation_unsatisfied = 不满意
# ios: request.residents
request_residents = 评价群众（以顿号分隔）
request_verdict = %1$s（%2$s）%3$s
requests_list = 诉求列表
joint_meeting_new = 记录联席会议（三方协商议事会）
joint_meeting_held_at = 召开时间（如 2025-03-01 09:30）
# ios: meeting.participants
joint_meeting_participants = 其他参会人员（用顿号或换行分隔）
# ios: meeting.party.community_committee
joint_party_community_committee_hint = 社区党委代表（空缺则记为缺席）
# ios: meeting.party.property_company
joint_party_property_company_hint = 物业公司代表（空缺则记为缺席）
# ios: meeting.party.owners_committee
joint_party_owners_committee_hint = 业主委员会代表（空缺则记为缺席）
# ios: meeting.topics
joint_meeting_topics = 议题（用顿号或换行分隔）
# ios: meeting.decision
joint_meeting_decision = 议定事项
# ios: meeting.settles
joint_meeting_settles = 对应诉求
# ios: meeting.no_request
joint_meeting_no_request = 不对应诉求
# ios: meeting.add_decision
joint_meeting_add_decision = 添加议定事项
# ios: meeting.decision_row %@ %@
joint_meeting_decision_row = %1$s（诉求：%2$s）
joint_meeting_remove = 移除
# ios: meeting.record
joint_meeting_record = 记录会议

# ios: tag.serious_illness
tag_serious_illness = 大病
# ios: tag.elderly
tag_elderly = 高龄老人
# ios: tag.living_alone
tag_living_alone = 独居
# ios: tag.disability
tag_disability = 残疾
# ios: tag.low_income
tag_low_income = 低收入
# ios: tag.unsafe_housing
tag_unsafe_housing = 危房
# ios: tag.student
tag_student = 学生
household_row = %1$s · %2$s
household_never_visited = 尚未走访
household_visits = 走访 %1$d 次 · 最近 %2$s
visit_phone = 电话
visit_wechat = 微信
visit_video = 视频
visit_door = 入户
# ios: household.note
visit_note = 走访情况
visit_follow_up = （需回访）
service_totals = 本年 %1$d 次 · %2$d 分钟 · 服务 %3$d 人
service_minutes = 服务时长（分钟）
service_people = 服务人数
# ios: service.description
service_description = 服务内容
service_log = 登记服务

# ios: branch.record_org_life
meeting_record_org_life = 记录组织生活会
# ios: branch.record_democratic_life
meeting_record_democratic_life = 记录民主生活会
meeting_row = %1$s · %2$s
meeting_items = 整改中 %1$d · 已完成 %2$d
meeting_item = %1$s：%2$s
meeting_text = 意见、问题或整改事项
# ios: orglife.add_opinion
item_opinion = 记为意见
item_talk = 记为谈心谈话
# ios: orglife.add_problem
item_problem = 记为问题
# ios: orglife.rectifications
rectifications = 整改事项
rectification_row = %1$s（责任人：%2$s）
# ios: orglife.owner
rectification_owner = 责任人
rectification_add = 添加整改
rectification_complete = 完成
# ios: orglife.done
rectification_done = 已完成
# ios: evaluation.self %@
evaluation_self = 自评：%1$s
# ios: evaluation.mutual %@
evaluation_mutual = 互评：%1$s
# ios: evaluation.votes_row %@ %lld
evaluation_votes_row = %1$s：%2$d 票
# ios: evaluation.result %@
evaluation_result = 评定结果：%1$s
# ios: evaluation.text
evaluation_text = 评议内容
# ios: evaluation.assess_self
evaluation_assess_self = 提交自评
# ios: evaluation.assess_mutual
evaluation_assess_mutual = 提交互评
# ios: evaluation.record_votes
evaluation_record_votes = 登记票数
# ios: evaluation.rule %lld
evaluation_rule = 评定规则：得票（含更高等次）达到 %1$d%% 的最高等次
# ios: evaluation.tallied %@
evaluation_tallied = 按票数评定为：%1$s
# ios: evaluation.confirm_result
evaluation_record_result = 确认评定

# Looked up by name from UiError.keys (errorText in Ui.kt): keep the names as they are.
error_invalid_input = 填写的内容不完整或不正确
# ios: error_invalid_input_place
error_invalid_input_place = 请填写纠纷地点
error_invalid_input_agreement = 请填写协议内容
error_invalid_input_parties = 请填写双方当事人
# ios: error_invalid_input_description
error_invalid_input_description = 请填写纠纷简述
error_invalid_input_referred_to = 请填写移交单位
error_invalid_input_reason = 请填写原因
# ios: error_wrong_state
error_wrong_state = 当前状态下不能进行此操作
error_not_permitted = 您的角色无权进行此操作
error_offline = 无法连接服务器，请在有信号时重试
error_unauthorized = 注册码无效或已使用
error_revoked = 本机已被停用，数据已清除，请重新注册
error_server = 服务器出错，请稍后重试
error_disk_full = 手机存储空间不足
error_store_unreadable = 本机数据无法读取，请重新注册
error_corrupt = 本机数据已损坏
error_storage = 本机存储出错
error_not_found = 找不到该记录，可能尚未同步
error_invalid_argument = 参数不正确
# ios: error_malformed
error_malformed = 数据格式不正确

# Bundle files (离线数据包): a phone's waiting changes carried as a file, the township's file back.
bundle_title = 离线数据包
bundle_pending = 待上传的修改：%1$d 条
bundle_export = 导出待上传记录
bundle_import = 导入单位数据包
bundle_exported = 已导出 %1$d 条修改，请交给有信号的人带到苏木（镇）
bundle_imported = 已导入 %1$d 条新的修改
bundle_certificate_until = 本机证书有效期至 %1$s
bundle_no_certificate = 本机尚无服务器证书，请在有信号时同步一次
error_bundle = 数据包未能导入
error_bundle_not_a_bundle = 这不是驼乡e站的数据包文件
error_bundle_damaged = 数据包已损坏或不是本服务器签发的，已整体拒收
error_bundle_not_certified = 本机还没有服务器证书：请先在有信号的地方同步一次
error_bundle_not_for_this_unit = 这个数据包是别的单位的，不能导入本机
error_bundle_certificate_refused = 服务器证书无法验证
meet_title = 与其他手机交换
meet_carried = 代为转交服务器的加密数据：%1$d 份
meet_done = 已与 %1$s 交换：收到 %2$d 条修改（待服务器确认），代转 %3$d 份
# ios: record.unconfirmed
meet_unconfirmed = 待服务器确认
error_peer_refused = 对方手机未通过验证，未交换任何数据
error_peer_refused_expired = 对方手机的证书已过期：请对方先在有信号处同步一次
error_peer_refused_revoked = 对方手机已被停用，不能交换
error_peer_refused_not_this_server = 对方手机不属于本服务器
error_peer_refused_no_proof = 对方无法证明持有其证书对应的密钥，可能是冒用的证书，未交换任何数据
error_peer_refused_self = 连接到的是本机自己的证书，未交换任何数据
error_peer_refused_other_version = 对方手机的应用版本与本机不同，不能交换：请双方先把应用更新到同一版本

## iOS only: the iOS app's own words with no Android message of the same meaning (ids
## `ios_…`, left out of Android's strings.xml). Each `# ios:` line names the key the SwiftUI
## code looks the message up by.
# iOS keeps an app's own language in the system's Settings (per app, iOS 13 and later):
# the home screen links there.
# ios: language.settings
ios_language_settings = 应用语言（在系统“设置”中选择）
# ios: archive.entries
ios_archive_entries = 学习记录
# ios: archive.totals %lld %lf
ios_archive_totals = 本年 %1$d 次，共 %2$.1f 学时
# ios: branch.evaluation_open %@
ios_branch_evaluation_open = 开始评议：%1$s
# ios: branch.evaluation_pending
ios_branch_evaluation_pending = 评议中
# ios: branch.items %lld %lld
ios_branch_items = 待整改 %1$d 项 · 已完成 %2$d 项
# ios: case.add_note
ios_case_add_note = 添加调解记录
# ios: case.add_visit
ios_case_add_visit = 添加走访记录
# ios: case.agreement
ios_case_agreement = 调解协议内容
# ios: case.conflicts
ios_case_conflicts = 待裁决的冲突
# ios: case.follow_up
ios_case_follow_up = 添加回访
# ios: case.note
ios_case_note = 记录内容
# ios: case.outcome
ios_case_outcome = 调解结果
# ios: case.referred_to
ios_case_referred_to = 移交单位
# ios: case.reopen
ios_case_reopen = 重新开案（记录内容为原因）
# ios: case.timeline
ios_case_timeline = 调解过程
# ios: case.title
ios_case_title = 调解案件
# ios: cases.category
ios_cases_category = 纠纷类别
# ios: cases.entries %lld
ios_cases_entries = %1$d 条记录
# ios: cases.filter
ios_cases_filter = 筛选
# ios: cases.open
ios_cases_open = 登记案件
# ios: cases.service
ios_cases_service = 服务台账（法律服务、解决困难等）
# ios: cases.service_kind
ios_cases_service_kind = 服务类别
# ios: enroll.title
ios_enroll_title = 设备注册
# ios: error_corrupt
ios_error_corrupt = 本机数据校验失败，请联系管理员
# ios: error_disk_full
ios_error_disk_full = 手机存储空间不足，请清理后重试
# ios: error_invalid_argument
ios_error_invalid_argument = 参数格式不正确
# ios: error_invalid_input
ios_error_invalid_input = 填写的内容有误，请检查后重试
# ios: error_invalid_input_agreement
ios_error_invalid_input_agreement = 请填写调解协议内容
# ios: error_invalid_input_parties
ios_error_invalid_input_parties = 请至少填写两位当事人
# ios: error_not_found
ios_error_not_found = 记录不存在或尚未同步到本机
# ios: error_not_permitted
ios_error_not_permitted = 您没有此操作的权限
# ios: error_offline
ios_error_offline = 无网络连接，稍后将自动同步
# ios: error_revoked
ios_error_revoked = 本机已被停用，本机数据已清除，请重新注册
# ios: error_server
ios_error_server = 服务器暂时无法处理，请稍后再试
# ios: error_storage
ios_error_storage = 本机存储出错，请重试
# ios: error_store_unreadable
ios_error_store_unreadable = 本机数据无法读取，已清除，请重新注册
# ios: error_unauthorized
ios_error_unauthorized = 注册已失效，请重新注册本机
# ios: evaluation.assess
ios_evaluation_assess = 自评与互评
# ios: evaluation.record_result
ios_evaluation_record_result = 评定等次
# ios: evaluation.steps
ios_evaluation_steps = 评议情况
# ios: evaluation.title
ios_evaluation_title = 民主评议
# ios: evaluation.votes
ios_evaluation_votes = 民主测评票数
# ios: grade.basically_qualified
ios_grade_basically_qualified = 基本合格
# ios: grade.excellent
ios_grade_excellent = 优秀
# ios: grade.qualified
ios_grade_qualified = 合格
# ios: grade.unqualified
ios_grade_unqualified = 不合格
# ios: home.destinations
ios_home_destinations = 我的工作
# ios: household.follow_up
ios_household_follow_up = 需要跟进
# ios: household.tags
ios_household_tags = 住户标签
# ios: household.title
ios_household_title = 住户
# ios: household.visit
ios_household_visit = 走访
# ios: household.visit_door
ios_household_visit_door = 入户走访
# ios: household.visit_phone
ios_household_visit_phone = 电话走访
# ios: household.visit_video
ios_household_visit_video = 视频走访
# ios: household.visit_wechat
ios_household_visit_wechat = 微信走访
# ios: household.visits
ios_household_visits = 走访记录
# ios: households.size %lld
ios_households_size = 家庭人口 %1$d 人
# ios: households.visits %lld
ios_households_visits = 已走访 %1$d 次
# ios: meeting.held_at
ios_meeting_held_at = 召开时间
# ios: meeting.new
ios_meeting_new = 联席会议（三方协商议事会）
# ios: orglife.add
ios_orglife_add = 添加事项
# ios: orglife.add_rectification
ios_orglife_add_rectification = 列入整改
# ios: orglife.add_talk
ios_orglife_add_talk = 记录会前谈心谈话
# ios: orglife.complete
ios_orglife_complete = 完成整改
# ios: orglife.items
ios_orglife_items = 意见与问题
# ios: orglife.text
ios_orglife_text = 内容
# ios: orglife.title
ios_orglife_title = 组织生活会
# ios: outcome.agreement
ios_outcome_agreement = 达成协议
# ios: outcome.referred
ios_outcome_referred = 移交
# ios: outcome.unresolved
ios_outcome_unresolved = 未解决
# ios: outcome.withdrawn
ios_outcome_withdrawn = 撤回
# ios: overview.conflicts %lld
ios_overview_conflicts = %1$d 处冲突待裁决
# ios: overview.counts %lld %lld %lld %lld %lld %lld
ios_overview_counts = 调解中 %1$d · 已结案 %2$d · 课程 %3$d · 出勤 %4$d · 诉求 %5$d · 住户 %6$d
# ios: request.carry_out
ios_request_carry_out = 办结
# ios: request.decide
ios_request_decide = 议定
# ios: request.discuss
ios_request_discuss = 协商
# ios: request.steps
ios_request_steps = 办理过程
# ios: request.text
ios_request_text = 说明
# ios: request.title
ios_request_title = 群众诉求
# ios: roll.absent
ios_roll_absent = 缺席
# ios: roll.excused
ios_roll_excused = 请假
# ios: roll.mark
ios_roll_mark = 标记出勤
# ios: roll.present
ios_roll_present = 出席
# ios: roll.title
ios_roll_title = 签到名单
# ios: schedule.checked_in
ios_schedule_checked_in = 已签到
# ios: schedule.this_week
ios_schedule_this_week = 本周课程
# ios: schedule.upcoming
ios_schedule_upcoming = 近期课程
# ios: school.course
ios_school_course = 课程
# ios: school.course_just_created
ios_school_course_just_created = 刚创建的课程
# ios: school.minutes %lld
ios_school_minutes = 时长 %1$d 分钟
# ios: school.mode
ios_school_mode = 授课方式
# ios: school.pick_course
ios_school_pick_course = 请选择课程
# ios: school.present %lld
ios_school_present = 出席 %1$d 人
# ios: school.starts_at
ios_school_starts_at = 上课时间
# ios: school.topic
ios_school_topic = 课程类别
# ios: screen.branch_life
ios_screen_branch_life = 支部生活
# ios: screen.schedule
ios_screen_schedule = 党校课表
# ios: screen.school
ios_screen_school = 党校管理
# ios: service.log
ios_service_log = 记录服务
# ios: service.minutes %lld
ios_service_minutes = 服务时长 %1$d 分钟
# ios: service.new
ios_service_new = 新的服务
# ios: service.people %lld
ios_service_people = 服务群众 %1$d 人
# ios: service.totals %lld %lld %lld
ios_service_totals = 本年服务 %1$d 次，%2$d 分钟，服务群众 %3$d 人
# ios: service_kind.anti_fraud
ios_service_kind_anti_fraud = 反诈宣传
# ios: service_kind.difficulty_solved
ios_service_kind_difficulty_solved = 解决实际困难
# ios: service_kind.dispute_resolved
ios_service_kind_dispute_resolved = 化解矛盾纠纷
# ios: service_kind.law_publicity
ios_service_kind_law_publicity = 普法宣传
# ios: service_kind.legal_advice
ios_service_kind_legal_advice = 法律服务
# ios: sync.cancel
ios_sync_cancel = 停止同步
# ios: sync.last
ios_sync_last = 上次同步：
# ios: sync.pending %lld
ios_sync_pending = 待上传 %1$d 项
# ios: sync.rejected %lld
ios_sync_rejected = %1$d 项修改被服务器拒绝
# ios: topic.constitution_rules_discipline
ios_topic_constitution_rules_discipline = 党章党规党纪教育
# ios: topic.knowledge_skills
ios_topic_knowledge_skills = 知识技能教育
# ios: topic.party_spirit
ios_topic_party_spirit = 党性教育
# ios: topic.party_theory
ios_topic_party_theory = 党的理论教育
# ios: topic.practical_skills
ios_topic_practical_skills = 实用技术
# ios: topic.rural_revitalisation
ios_topic_rural_revitalisation = 乡村振兴
# ios: topic.situation_policy
ios_topic_situation_policy = 形势政策教育
