# Closed vocabularies of the domain: record kinds, categories, statuses, roles,
# organisation kinds. Each message id is `family_code` (Vocabulary::message_id), the code being what documents,
# SQL and command lines store (never change a code; change only the text).

## Punctuation every surface shares (web pages, command lines, phones)
# Between the items of a list written in a sentence: names, parties, values.
list_separator = 、

## ListKind (core/domain/src/affairs_list.rs)
list_kind_party_building_work = 党建工作清单
list_kind_powers_and_services = 权力服务清单
list_kind_supervisory_duties = 监督履职正负清单

## DutySide (core/domain/src/affairs_list.rs)
duty_side_positive = 正面清单
duty_side_negative = 负面清单

## Role (core/domain/src/authz.rs)
role_member = 党员
role_secretary = 支部书记
role_grid_worker = 网格员
role_mediator = 民警/调解员
role_lecturer = 讲师
role_supervisor = 督导
role_administrator = 管理员
role_party_building_monitor = 党建监督员
role_sentiment_monitor = 民情监督员
role_integrity_monitor = 廉情监督员
role_instructor = 党建指导员
role_volunteer = 驿站志愿者

## Command (core/domain/src/command.rs)
command_case_open = 受理案件
command_case_add_note = 添加调解记录
command_case_add_visit = 入户走访
command_case_add_party = 添加当事人
command_case_set_place = 修改地点
command_case_edit_description = 修改案情
command_case_close = 结案
command_case_reopen = 重新调解
command_case_follow_up = 回访
command_service_log = 登记服务
command_request_raise = 民事民提
command_request_discuss = 民事民议
command_request_decide = 民事民决
command_request_carry_out = 民事民办
command_request_evaluate = 民事民评
command_meeting_record = 召开联席会议
command_meeting_decide = 联席会议议定
command_household_register = 登记住户
command_household_tag = 标记住户
command_household_visit = 走访住户
command_member_service_log = 登记在职党员服务
command_lecturer_register = 登记讲师
command_course_create = 开设课程
command_session_schedule = 排课
command_session_reschedule = 调课
command_session_cancel = 取消课次
command_session_check_in = 签到
command_session_kind = 设定教学形式
command_programme_plan = 开设专题培训班
command_course_programme = 课程编入培训班
command_petition_receive = 信访代办受理
command_petition_step = 信访代办办理
command_petition_visit = 群众再次来访
command_petition_conclude = 信访代办办结
command_station_service = 驿站服务登记
command_session_mark = 登记出勤
command_org_life_record = 召开组织生活会
command_org_life_item = 记录意见或问题
command_org_life_attendee = 登记参会人员
command_org_life_rectification = 添加整改事项
command_org_life_complete = 完成整改
command_evaluation_open = 开始民主评议
command_evaluation_self = 个人自评
command_evaluation_mutual = 相互评议
command_evaluation_votes = 民主测评
command_evaluation_rule = 设定评定规则
command_evaluation_result = 评定等次
command_affairs_list_create = 建立清单
command_affairs_list_item = 添加清单事项
command_affairs_list_complete = 完成清单事项
command_affairs_list_publish = 公开清单事项
command_finding_record = 记录监督发现
command_finding_answer = 答复监督发现
command_finding_conclude = 监督发现办结
command_notice_draft = 拟定公开事项
command_notice_publish = 发布公开事项
command_notice_take_down = 撤下公开事项
command_registration_record = 报到登记
command_review_report = 收到在职党员报告
command_review_assess = 考核在职党员
command_contract_sign = 签订共建契约
command_contract_commit = 添加共建事项
command_contract_fulfil = 完成共建事项
command_person_add = 登记人员
command_person_set_status = 修改党员状态
command_person_grant_role = 授予角色
command_person_revoke_role = 撤销角色
command_person_name_mn = 设置蒙古文姓名
command_org_create = 建立组织
command_org_rename = 组织更名
command_org_move = 调整隶属关系
command_org_name_mn = 设置蒙古文名称
command_review_mark = 标记已阅
command_conflict_resolve = 裁决冲突
command_rejection_note = 记录被拒绝的修改
command_rejection_count = 再次被拒绝

## ContractHeading (core/domain/src/contract.rs)
contract_heading_organisation_link = 组织联建
contract_heading_joint_party_building = 党建联抓
contract_heading_joint_activities = 活动联办
contract_heading_members_managed = 党员联管
contract_heading_shared_resources = 资源联享

## Topic (core/domain/src/course.rs)
topic_party_theory = 党的理论教育
topic_party_spirit = 党性教育
topic_constitution_rules_discipline = 党章党规党纪教育
topic_situation_policy = 形势政策教育
topic_knowledge_skills = 知识技能教育
topic_rural_revitalisation = 乡村振兴
topic_practical_skills = 实用技术

## SessionMode (core/domain/src/course.rs)
session_mode_on_site = 现场教学
session_mode_online = 线上

## SessionKind (core/domain/src/course.rs)
session_kind_lecture = 专题授课
session_kind_field_study = 外出游学
session_kind_practice = 实践教学

## MarkHow (core/domain/src/course.rs)
mark_how_self_on_site = 本人现场签到
mark_how_self_online = 本人线上签到
mark_how_marked = 他人登记

## Attendance (core/domain/src/course.rs)
attendance_present = 出勤
attendance_absent = 缺勤
attendance_excused = 请假

## Grade (core/domain/src/evaluation.rs)
grade_excellent = 优秀
grade_qualified = 合格
grade_basically_qualified = 基本合格
grade_unqualified = 不合格

## Lens (core/domain/src/finding.rs)
lens_party_building = 党建监督
lens_public_sentiment = 民情监督
lens_integrity = 廉情监督

## FindingOutcome (core/domain/src/finding.rs)
finding_outcome_rectified = 已整改
finding_outcome_not_rectified = 未整改
finding_outcome_unfounded = 经核实不属实

## HouseholdTag (core/domain/src/household.rs)
household_tag_serious_illness = 大病家庭
household_tag_elderly = 高龄老人
household_tag_living_alone = 独居
household_tag_disability = 残疾人
household_tag_low_income = 低保户
household_tag_unsafe_housing = 危房
household_tag_student = 大学生

## VisitMode (core/domain/src/household.rs)
visit_mode_phone = 电话
visit_mode_wechat = 微信语音
visit_mode_video = 视频
visit_mode_door = 上门

## JointParty (core/domain/src/joint_meeting.rs)
joint_party_community_committee = 社区党委
joint_party_property_company = 物业公司
joint_party_owners_committee = 业主委员会

## LecturerSource (core/domain/src/lecturer.rs)
lecturer_source_official = 党政领导干部
lecturer_source_party_school_teacher = 党校教师
lecturer_source_branch_secretary = 基层党组织书记
lecturer_source_model_worker = 先进模范人物
lecturer_source_party_affairs_worker = 党务工作者
lecturer_source_expert = 专家学者
lecturer_source_technician = 实用技术人才
lecturer_source_industry_leader = 产业带头人
lecturer_source_retired_cadre = 离退休干部

## CaseCategory (core/domain/src/mediation.rs)
case_category_neighbours = 邻里纠纷
case_category_pasture_boundary = 草场边界纠纷
case_category_family = 婚姻家庭纠纷
case_category_livestock_damage = 牲畜损害纠纷
case_category_debt = 债务纠纷
case_category_other = 其他纠纷

## CaseStatus (core/domain/src/mediation.rs)
case_status_open = 调解中
case_status_closed = 已结案

## Outcome (core/domain/src/mediation.rs)
outcome_agreement = 达成协议
outcome_referred = 移交处理
outcome_withdrawn = 撤回
outcome_unresolved = 调解未成

## EntryKind (core/domain/src/mediation.rs)
entry_kind_note = 记录
entry_kind_visit = 走访
entry_kind_reopened = 重新调解

## NoticeCategory (core/domain/src/notice.rs)
notice_category_party_affairs = 党务公开
notice_category_village_affairs = 村务公开
notice_category_finance = 财务公开
notice_category_service_outcome = 服务结果公开

## OrgKind (core/domain/src/org.rs)
org_kind_league = 盟
org_kind_banner = 旗
org_kind_sumu = 苏木
org_kind_town = 镇
org_kind_gacha = 嘎查
org_kind_village = 村
org_kind_district = 区
org_kind_street = 街道党工委
org_kind_community = 社区党委
org_kind_grid_branch = 网格党支部
org_kind_building_group = 楼栋党小组
org_kind_police_village_branch = 警地党支部
org_kind_party_school = 基层党校
org_kind_grid = 网格
org_kind_red_station = 红色驿站
org_kind_institution = 机关事业单位党组织
org_kind_state_enterprise = 国有企业党组织
org_kind_private_enterprise = 非公企业党组织
org_kind_social_organisation = 社会组织党组织

## MeetingKind (core/domain/src/org_life.rs)
meeting_kind_democratic_life = 民主生活会
meeting_kind_organisational_life = 组织生活会

## ItemKind (core/domain/src/org_life.rs)
item_kind_opinion = 会前征求意见
item_kind_talk = 会前谈心谈话
item_kind_problem = 查摆问题

## AttendeeRole (core/domain/src/org_life.rs)
attendee_role_member = 参会党员
attendee_role_superior = 上级参加
attendee_role_instructor = 党建指导员

## MemberStatus (core/domain/src/person.rs)
member_status_full = 正式党员
member_status_probationary = 预备党员
member_status_cultivation_target = 重点培养对象
member_status_activist = 入党积极分子
member_status_mobile = 流动党员
member_status_non_member = 群众

## PetitionStepKind (core/domain/src/petition.rs)
petition_step_kind_received = 受理登记
petition_step_kind_forwarded = 转交办理
petition_step_kind_progress = 办理进展
petition_step_kind_replied = 答复群众
petition_step_kind_concluded = 办结

## RefusalReason (core/domain/src/rejection.rs)
refusal_reason_foreign_actor = 不是本机所作的修改
refusal_reason_out_of_scope = 超出本人权限范围
refusal_reason_rule_violation = 不符合业务规则
refusal_reason_malformed = 数据格式不正确
refusal_reason_missing_dependency = 所依赖的修改已被拒绝

## RequestStep (core/domain/src/request.rs)
request_step_raised = 民事民提
request_step_discussed = 民事民议
request_step_decided = 民事民决
request_step_done = 民事民办
request_step_evaluated = 民事民评
request_step_reopened = 重新处理

## ServiceKind (core/domain/src/service_log.rs)
service_kind_legal_advice = 法律服务
service_kind_dispute_resolved = 化解矛盾纠纷
service_kind_difficulty_solved = 解决实际困难
service_kind_anti_fraud = 反诈宣传
service_kind_law_publicity = 普法宣传

## StationOffer (core/domain/src/station_service.rs)
station_offer_phone_charging = 手机充电
station_offer_emergency_medicine = 应急药品
station_offer_printing = 简单冲印
station_offer_health_check = 常规义诊
station_offer_small_repair = 小修小补
station_offer_mediation = 矛盾纠纷调解
station_offer_policy_consultation = 政策咨询

## DueKind (core/store/src/workflows/due.rs)
due_kind_rectification = 整改事项
due_kind_follow_up = 待回访

## RecordKind (core/domain/src/kinds.rs)
record_kind_organisation = 组织
record_kind_person = 人员
record_kind_lecturer = 讲师
record_kind_course = 课程
record_kind_session = 课次
record_kind_mediation_case = 调解案件
record_kind_service_log = 服务记录
record_kind_resident_request = 民事诉求
record_kind_joint_meeting = 联席会议
record_kind_household = 住户
record_kind_member_service = 在职党员服务
record_kind_org_life_meeting = 组织生活会
record_kind_democratic_evaluation = 民主评议
record_kind_affairs_list = 村务清单
record_kind_supervision_finding = 监督发现
record_kind_public_notice = 公开事项
record_kind_community_registration = 报到登记
record_kind_service_review = 双报告双考核
record_kind_co_building_contract = 共建契约
record_kind_training_programme = 专题培训班
record_kind_petition = 信访代办
record_kind_station_service = 驿站服务
record_kind_review_mark = 督导已阅
record_kind_rejected_upload = 被拒绝的修改

## A mediation case's follow-up visit after closing, in its timeline.
follow_up_visit = 回访
