# Closed vocabularies of the domain: record kinds, categories, statuses, roles,
# organisation kinds. Each message id is `family_code` (Vocabulary::message_id), the code being what documents,
# SQL and command lines store (never change a code; change only the text).


## Punctuation every surface shares (web pages, command lines, phones)
list_separator = {", "}
## ListKind (core/domain/src/affairs_list.rs)
list_kind_party_building_work = Party building work
list_kind_powers_and_services = Powers and services
list_kind_supervisory_duties = Supervisory duties

## DutySide (core/domain/src/affairs_list.rs)
duty_side_positive = Positive
duty_side_negative = Negative

## Role (core/domain/src/authz.rs)
role_member = Member
role_secretary = Secretary
role_grid_worker = Grid worker
role_mediator = Mediator
role_lecturer = Lecturer
role_supervisor = Supervisor
role_administrator = Administrator
role_party_building_monitor = Party building monitor
role_sentiment_monitor = Sentiment monitor
role_integrity_monitor = Integrity monitor
role_instructor = Instructor
role_volunteer = Volunteer

## Command (core/domain/src/command.rs)
command_case_open = Case: open
command_case_add_note = Case: add note
command_case_add_visit = Case: add visit
command_case_add_party = Case: add party
command_case_set_place = Case: set place
command_case_edit_description = Case: edit description
command_case_close = Case: close
command_case_reopen = Case: reopen
command_case_follow_up = Case: follow up
command_service_log = Service: log
command_request_raise = Request: raise
command_request_discuss = Request: discuss
command_request_decide = Request: decide
command_request_carry_out = Request: carry out
command_request_evaluate = Request: evaluate
command_meeting_record = Meeting: record
command_meeting_decide = Meeting: decide
command_household_register = Household: register
command_household_tag = Household: tag
command_household_visit = Household: visit
command_member_service_log = Member service: log
command_lecturer_register = Lecturer: register
command_course_create = Course: create
command_session_schedule = Session: schedule
command_session_reschedule = Session: reschedule
command_session_cancel = Session: cancel
command_session_check_in = Session: check in
command_session_kind = Session: kind
command_programme_plan = Programme: plan
command_course_programme = Course: programme
command_petition_receive = Petition: receive
command_petition_step = Petition: step
command_petition_visit = Petition: visit
command_petition_conclude = Petition: conclude
command_station_service = Station: service
command_session_mark = Session: mark
command_org_life_record = Org life: record
command_org_life_item = Org life: item
command_org_life_attendee = Org life: attendee
command_org_life_rectification = Org life: rectification
command_org_life_complete = Org life: complete
command_evaluation_open = Evaluation: open
command_evaluation_self = Evaluation: self
command_evaluation_mutual = Evaluation: mutual
command_evaluation_votes = Evaluation: votes
command_evaluation_rule = Evaluation: rule
command_evaluation_result = Evaluation: result
command_affairs_list_create = Affairs list: create
command_affairs_list_item = Affairs list: item
command_affairs_list_complete = Affairs list: complete
command_affairs_list_publish = Affairs list: publish
command_finding_record = Finding: record
command_finding_answer = Finding: answer
command_finding_conclude = Finding: conclude
command_notice_draft = Notice: draft
command_notice_publish = Notice: publish
command_notice_take_down = Notice: take down
command_registration_record = Registration: record
command_review_report = Review: report
command_review_assess = Review: assess
command_contract_sign = Contract: sign
command_contract_commit = Contract: commit
command_contract_fulfil = Contract: fulfil
command_person_add = Person: add
command_person_set_status = Person: set status
command_person_grant_role = Person: grant role
command_person_revoke_role = Person: revoke role
command_person_name_mn = Person: set Mongolian name
command_org_create = Org: create
command_org_rename = Org: rename
command_org_move = Org: move
command_org_name_mn = Org: Mongolian name
command_review_mark = Review: mark
command_conflict_resolve = Conflict: resolve
command_rejection_note = Rejection: note
command_rejection_count = Rejection: count

## ContractHeading (core/domain/src/contract.rs)
contract_heading_organisation_link = Organisation link
contract_heading_joint_party_building = Joint party building
contract_heading_joint_activities = Joint activities
contract_heading_members_managed = Members managed
contract_heading_shared_resources = Shared resources

## Topic (core/domain/src/course.rs)
topic_party_theory = Party theory
topic_party_spirit = Party spirit
topic_constitution_rules_discipline = Constitution rules discipline
topic_situation_policy = Situation policy
topic_knowledge_skills = Knowledge skills
topic_rural_revitalisation = Rural revitalisation
topic_practical_skills = Practical skills

## SessionMode (core/domain/src/course.rs)
session_mode_on_site = On site
session_mode_online = Online

## SessionKind (core/domain/src/course.rs)
session_kind_lecture = Lecture
session_kind_field_study = Field study
session_kind_practice = Practice

## MarkHow (core/domain/src/course.rs)
mark_how_self_on_site = Self on site
mark_how_self_online = Self online
mark_how_marked = Marked

## Attendance (core/domain/src/course.rs)
attendance_present = Present
attendance_absent = Absent
attendance_excused = Excused

## Grade (core/domain/src/evaluation.rs)
grade_excellent = Excellent
grade_qualified = Qualified
grade_basically_qualified = Basically qualified
grade_unqualified = Unqualified

## Lens (core/domain/src/finding.rs)
lens_party_building = Party building
lens_public_sentiment = Public sentiment
lens_integrity = Integrity

## FindingOutcome (core/domain/src/finding.rs)
finding_outcome_rectified = Rectified
finding_outcome_not_rectified = Not rectified
finding_outcome_unfounded = Unfounded

## HouseholdTag (core/domain/src/household.rs)
household_tag_serious_illness = Serious illness
household_tag_elderly = Elderly
household_tag_living_alone = Living alone
household_tag_disability = Disability
household_tag_low_income = Low income
household_tag_unsafe_housing = Unsafe housing
household_tag_student = Student

## VisitMode (core/domain/src/household.rs)
visit_mode_phone = Phone
visit_mode_wechat = We chat
visit_mode_video = Video
visit_mode_door = Door

## JointParty (core/domain/src/joint_meeting.rs)
joint_party_community_committee = Community committee
joint_party_property_company = Property company
joint_party_owners_committee = Owners committee

## LecturerSource (core/domain/src/lecturer.rs)
lecturer_source_official = Official
lecturer_source_party_school_teacher = Party school teacher
lecturer_source_branch_secretary = Branch secretary
lecturer_source_model_worker = Model worker
lecturer_source_party_affairs_worker = Party affairs worker
lecturer_source_expert = Expert
lecturer_source_technician = Technician
lecturer_source_industry_leader = Industry leader
lecturer_source_retired_cadre = Retired cadre

## CaseCategory (core/domain/src/mediation.rs)
case_category_neighbours = Neighbours
case_category_pasture_boundary = Pasture boundary
case_category_family = Family
case_category_livestock_damage = Livestock damage
case_category_debt = Debt
case_category_other = Other

## CaseStatus (core/domain/src/mediation.rs)
case_status_open = Open
case_status_closed = Closed

## Outcome (core/domain/src/mediation.rs)
outcome_agreement = Agreement
outcome_referred = Referred
outcome_withdrawn = Withdrawn
outcome_unresolved = Unresolved

## EntryKind (core/domain/src/mediation.rs)
entry_kind_note = Note
entry_kind_visit = Visit
entry_kind_reopened = Reopened

## NoticeCategory (core/domain/src/notice.rs)
notice_category_party_affairs = Party affairs
notice_category_village_affairs = Village affairs
notice_category_finance = Finance
notice_category_service_outcome = Service outcome

## OrgKind (core/domain/src/org.rs)
org_kind_league = League
org_kind_banner = Banner
org_kind_sumu = Sumu
org_kind_town = Town
org_kind_gacha = Gacha
org_kind_village = Village
org_kind_district = District
org_kind_street = Street
org_kind_community = Community
org_kind_grid_branch = Grid branch
org_kind_building_group = Building group
org_kind_police_village_branch = Police village branch
org_kind_party_school = Party school
org_kind_grid = Grid
org_kind_red_station = Red station
org_kind_institution = Institution
org_kind_state_enterprise = State enterprise
org_kind_private_enterprise = Private enterprise
org_kind_social_organisation = Social organisation

## MeetingKind (core/domain/src/org_life.rs)
meeting_kind_democratic_life = Democratic life
meeting_kind_organisational_life = Organisational life

## ItemKind (core/domain/src/org_life.rs)
item_kind_opinion = Opinion
item_kind_talk = Talk
item_kind_problem = Problem

## AttendeeRole (core/domain/src/org_life.rs)
attendee_role_member = Member
attendee_role_superior = Superior
attendee_role_instructor = Instructor

## MemberStatus (core/domain/src/person.rs)
member_status_full = Full
member_status_probationary = Probationary
member_status_cultivation_target = Cultivation target
member_status_activist = Activist
member_status_mobile = Mobile
member_status_non_member = Non member

## PetitionStepKind (core/domain/src/petition.rs)
petition_step_kind_received = Received
petition_step_kind_forwarded = Forwarded
petition_step_kind_progress = Progress
petition_step_kind_replied = Replied
petition_step_kind_concluded = Concluded

## RefusalReason (core/domain/src/rejection.rs)
refusal_reason_foreign_actor = Foreign actor
refusal_reason_out_of_scope = Out of scope
refusal_reason_rule_violation = Rule violation
refusal_reason_malformed = Malformed
refusal_reason_missing_dependency = Missing dependency

## RequestStep (core/domain/src/request.rs)
request_step_raised = Raised
request_step_discussed = Discussed
request_step_decided = Decided
request_step_done = Done
request_step_evaluated = Evaluated
request_step_reopened = Reopened

## ServiceKind (core/domain/src/service_log.rs)
service_kind_legal_advice = Legal advice
service_kind_dispute_resolved = Dispute resolved
service_kind_difficulty_solved = Difficulty solved
service_kind_anti_fraud = Anti fraud
service_kind_law_publicity = Law publicity

## StationOffer (core/domain/src/station_service.rs)
station_offer_phone_charging = Phone charging
station_offer_emergency_medicine = Emergency medicine
station_offer_printing = Printing
station_offer_health_check = Health check
station_offer_small_repair = Small repair
station_offer_mediation = Mediation
station_offer_policy_consultation = Policy consultation

## DueKind (core/store/src/workflows/due.rs)
due_kind_rectification = Rectification
due_kind_follow_up = Follow up

## RecordKind (core/domain/src/kinds.rs)
record_kind_organisation = Organisation
record_kind_person = Person
record_kind_lecturer = Lecturer
record_kind_course = Course
record_kind_session = Session
record_kind_mediation_case = Mediation case
record_kind_service_log = Service log
record_kind_resident_request = Resident request
record_kind_joint_meeting = Joint meeting
record_kind_household = Household
record_kind_member_service = Member service
record_kind_org_life_meeting = Org life meeting
record_kind_democratic_evaluation = Democratic evaluation
record_kind_affairs_list = Affairs list
record_kind_supervision_finding = Supervision finding
record_kind_public_notice = Public notice
record_kind_community_registration = Community registration
record_kind_service_review = Service review
record_kind_co_building_contract = Co building contract
record_kind_training_programme = Training programme
record_kind_petition = Petition
record_kind_station_service = Station service
record_kind_review_mark = Review mark
record_kind_rejected_upload = Rejected upload

## A mediation case's follow-up visit after closing, in its timeline.
follow_up_visit = Follow-up visit
