# The supervisors' and secretaries' web pages, and the files they export.

web_a_record = Record

## Every page's header.
web_app_title = Steppe · Supervision
web_site_name = Steppe supervision
web_nav_overview = Overview
web_nav_conflicts = Conflicts
web_nav_refusals = Refused changes
web_nav_due = Due
web_sign_out = Sign out
web_public_board = Public affairs board
web_form_stale = This form has expired; reload the page
web_save_failed = Could not save; try again later

## The foot of a record's page: who reviewed it (督导已阅).
web_reviewed = Reviewed
web_not_reviewed = No reviewer has marked this yet
web_review_note = Note (optional)
web_mark_reviewed = Mark as reviewed
web_review_not_allowed = Your roles do not review records of that organisation

## The charts' axes.
web_axis_month = Month
web_unit_cases = Cases
web_unit_times = Times

## Filters of a unit's lists.
web_filter_category = Category
web_filter_all_categories = All categories
web_filter_opened = Opened
web_period_all = Any time
web_period_month = This month
web_period_quarter = This quarter
web_period_year = This year
web_period_custom = From … to …
web_filter_from = From
web_filter_to = To
web_filter_apply = Filter
web_filter_all = All

## The columns of a unit's own lists, and their downloads.
web_col_opened = Opened
web_col_category = Category
web_col_place = Place
web_col_status = Status
web_col_outcome = Outcome
web_col_entries = Entries
web_col_raised = Raised
web_col_request = Request
web_col_step = Step
web_col_rounds = Rounds
web_col_address = Address
web_col_head = Head of household
web_col_visits = Visits
web_col_last_visit = Last visit
web_export_csv = CSV
web_export_xlsx = Excel

## A refused form's answer, beside the field it concerns.
web_org_life_not_allowed = Your roles do not allow recording this branch's organisational life
web_evaluation_not_allowed = You cannot record this part: the member writes their own self-assessment, and each assessment of another is in its author's name
web_evaluation_self_first = Record the self-assessment first
web_evaluation_mutual_first = Record the mutual assessment first
web_evaluation_votes_first = Record the vote's tallies first
web_evaluation_closed = The evaluation is complete and can no longer change
web_school_not_allowed = Your roles do not allow creating courses or scheduling sessions at this school
web_choose_topic = Choose a topic
web_choose_mode = Choose how the session is held
web_choose_school_course = Choose one of this school's courses
web_not_a_time = The start time is not a valid date and time
web_not_minutes = The length must be a number of minutes
web_attendance_not_allowed = Your roles do not allow marking attendance at this school
web_choose_attendance = Choose the attendance
web_school_without_unit = This school has no parent unit
web_no_such_member = No member of that name belongs to the units this school serves
web_name_ambiguous = More than one member has that name; check it and mark again
# A name typed in the mark form is nobody's exactly but spells several members' names in pinyin
# or initials ("wl"): they are listed, each with its unit, for the secretary to pick one.
web_name_candidates = { $count } members match “{ $query }”: { $names }. Type the full name of one of them and mark again
web_name_candidate = { $name } ({ $unit })

## A Party school's page: the online classes the schools above hold at the same time.
web_same_time_classes = Same-time online classes of the schools above
web_col_time = Time
web_col_school = School
web_col_course = Course
web_col_room = Online room
web_col_checked_in = Checked in

## Bundle files: phones' data carried where there is no signal, and the server's for phones.
web_nav_bundles = Bundles
web_bundles_title = Bundle files
web_bundles_intro = A phone without signal can export its unsent records to a bundle file that someone carries to where there is a network and imports here; imported records are decided under the original phone's and its user's rights, exactly as that phone's own sync.
web_bundle_import = Import a phone's bundle
web_bundle_file = Bundle file
web_bundle_import_button = Import
web_bundle_export_hint = To carry a unit's latest records to phones without signal, use "Download bundle" on the unit's page.
web_bundle_download = Download bundle (for phones without signal)
web_bundle_imported = Imported the bundle of { $who }: { $applied } new, { $already } already here, { $refused } refused
web_bundle_choose = Choose a bundle file
web_bundle_unreadable = The file did not arrive whole; try again
web_bundle_not_a_bundle = This is not a Steppe bundle file
web_bundle_tampered = The bundle is damaged or altered: refused whole, nothing stored
web_bundle_is_the_servers = This is the server's bundle for phones; import it on a phone
web_bundle_unknown_device = The bundle comes from a device that has not registered a signing key here: the phone must sync once where there is signal
web_bundle_revoked = The bundle comes from a revoked device or user: refused

## Every page: what a page says when it cannot show itself, the way back, a record's history, and the periods pages are counted over.
web_unavailable = The data is unavailable for now; try again later
web_not_found = Not found
web_device_name = Web
web_cannot_save = Could not save
web_back = Back
web_col_action = Action
web_col_by = By
web_col_device = Device
web_period_label_year = { $year }
web_period_label_month = { $month }/{ $year }
web_period_label_quarter = Q{ $quarter } { $year }
web_period_label_custom = { $from } to { $to }

## The overview, and an organisation's page: its units, cases, Party schools, members' hours, requests, households and organisational life.
web_overview_title = Organisations overview
web_overview_none = You have no organisations to view.
web_col_org = Organisation
web_col_kind = Type
web_col_depth = Level
web_col_open_cases = Being mediated
web_col_closed_cases = Closed
web_col_sessions = School classes
web_col_open_requests = Open requests
web_col_households = Households
web_org_report_link = Work statistics (by period)
web_org_school_link = Courses and schedule
web_org_board_link = Public notices board (as residents see it)
web_org_people = { $members } members · { $trainees } non-member trainees
web_org_units = Units below
web_cases = Mediation cases
web_chart_cases = Mediation cases per month
web_series_opened = Opened
web_series_closed = Closed
web_col_count = Count
web_org_own_cases = This branch's cases
web_org_schools = Party schools
web_chart_attendance = Check-ins and classes per month
web_series_sessions = Classes
web_col_sessions_year = Classes in the past year
web_col_learners = Learners served (members included)
web_col_rate = Attendance rate
web_org_member_hours = Members' study hours, { $year }
web_col_member = Member
web_col_member_org = Organisation
web_col_trainings = Classes attended
web_col_hours = Hours
web_prev_page = Previous page
web_next_page = Next page
web_org_requests = Residents' requests
web_col_satisfied = Satisfied
web_col_unsatisfied = Unsatisfied
web_org_households = Visits to households
web_col_tag = Tag
web_col_household_count = Households
web_org_life = Organisational life
web_org_life_items = Rectification items: { $open } open, { $done } done
web_col_held_at = Held
web_record_meeting = Record meeting
web_col_open_items = Open rectifications
web_col_done_items = Done rectifications
web_org_evaluations = Democratic evaluation, { $year }
web_col_grade = Grade
web_evaluating = Being evaluated
web_open_evaluation = Start evaluation
web_org_own_requests = This community's requests
web_org_own_households = This grid's households

## An organisation's report for a period, and a resident's request.
web_report_cases_opened = Disputes taken up
web_report_cases_agreed = Mediated successfully
web_report_cases_referred = Referred
web_report_cases_withdrawn = Withdrawn
web_report_cases_unresolved = Not resolved
web_report_legal_services = Legal services
web_report_difficulties_solved = Difficulties solved
web_report_people_served = People served
web_report_requests_raised = Requests gathered
web_report_requests_decided = Decided
web_report_requests_done = Completed
web_report_requests_satisfied = Rated satisfactory
web_report_joint_meetings = Joint meetings
web_report_meeting_decisions = Matters decided
web_report_member_services = Services by working members
web_report_member_service_people = People served by working members
web_report_sessions_held = School classes held
web_report_training_hours = Training hours
web_report_view = View
web_report_title = Work statistics
web_report_period = Period: { $period }
web_history = Change history
web_request_title = Resident's request
web_request_community = Community
web_request_raised_by = Raised by
web_request_step = Current step
web_request_rounds = Rounds
web_request_decision = Decision
web_request_meeting = Decided at
web_request_joint_meeting = Joint meeting { $meeting }
web_request_description = The request
web_request_steps = Steps taken
web_col_handler = Handled by
web_col_note = Note
web_request_round = Round { $round }
web_request_evaluations = Residents' evaluations
web_col_evaluation = Evaluation
web_col_residents = Residents
web_col_comment = Comment
web_request_unsatisfied = Unsatisfied (handled again)

## A member's democratic evaluation, a mediation case, and an organisational-life meeting.
web_evaluation_title = { $member }: democratic evaluation, { $year }
web_evaluation_self = Self-assessment
web_evaluation_mutual = Mutual assessment
web_evaluation_rule = Grading rule
web_evaluation_rule_text = The highest grade with at least { $percent }% of the votes, counting higher grades
web_evaluation_votes = Democratic vote
web_evaluation_vote_count = { $votes } votes{"  "}
web_evaluation_ungraded = Not graded
web_evaluation_my_self = My self-assessment
web_evaluation_record_self = Record self-assessment
web_evaluation_my_mutual = My assessment of this member
web_evaluation_record_mutual = Record assessment
web_evaluation_record_votes = Record votes
web_evaluation_tallied = By the votes, the grade is:{" "}
web_evaluation_no_votes = No votes yet
web_evaluation_confirm = Confirm grade
web_case_title = Mediation case
web_case_branch = Branch
web_case_parties = Parties
web_case_agreement = Mediation agreement
web_case_referred_to = Referred to
web_case_closed_at = Closed
web_case_description = What it is about
web_case_timeline = Mediation
web_col_author = Recorded by
web_col_content = Content
web_case_follow_ups = Follow-up visits
web_col_visitor = Visited by
web_col_situation = Findings
web_meeting_items = Opinions and problems
web_meeting_rectifications = Rectification items
web_col_item = Item
web_col_owner = Responsible
web_col_due = Due
web_col_done = Done
web_overdue = Overdue
web_not_done = Not done
web_mark_done = Mark done
web_meeting_add = Add to the record
web_add = Add
web_meeting_rectification = Rectification item
web_meeting_add_rectification = Add rectification item

## A Party school's schedule, a member's training record, a class, and a household.
web_school_schedule = Schedule
web_school_sessions = Recent classes
web_col_mode = Mode
web_col_present = Checked in
web_school_starts_at = Starts at
web_school_minutes = Length (minutes)
web_school_venue = Place or live room
web_school_new_course = New course
web_school_course_title = Course title
web_col_topic = Topic
web_school_create_course = Create course
web_member_archive = Training record, { $year }
web_member_summary = { $year }: { $sessions } classes, { $hours } hours in all
web_prev_year = Previous year
web_next_year = Next year
web_col_date = Date
web_member_by_topic = By topic
web_col_times = Classes
web_session_minutes = , { $minutes } minutes
web_session_cancelled = Cancelled
web_session_attendance = Attendance
web_session_member_name = Member's name
web_session_mark = Record attendance
web_session_history = Check-ins and change history
web_household_title = Household
web_household_grid = Grid
web_household_size = People
web_household_visits = Visits
web_col_visited_by = Visitor
web_col_follow_up = Follow-up needed
web_yes = Yes

## Refused changes, conflicts, what is due, a village's public board, and signing in.
web_refusals_title = Members' refused changes
web_refusals_none = No refused changes.
web_col_user = Member
web_col_reason = Reason
web_col_attempts = Times
web_col_last = Latest
web_conflict_empty = (empty)
web_conflicts_none = No conflicts are waiting.
web_col_value = Value
web_col_entered_by = Entered by
web_conflict_keep = Keep this value
web_conflict_not_allowed = Your roles do not resolve this conflict
web_conflict_failed = Could not resolve this conflict (someone may have resolved it already)
web_due_none = No rectifications or follow-up visits are due.
web_col_since = Raised
web_board_title = { $org }: public notices
web_board_notices = Public notices
web_board_no_notices = No public notices yet
web_board_published = Published { $at }
web_col_progress = Progress
web_board_done = Done
web_board_in_progress = In progress
web_sign_in = Sign in
web_login_user = User (name or number)
web_login_password = Password
web_login_stale = The sign-in page has expired; please enter your details again
web_login_wait_minutes = Too many failed sign-ins; try again in about { $minutes } minutes
web_login_wait_seconds = Too many failed sign-ins; try again in { $seconds } seconds
web_login_busy = Many people are signing in; try again shortly
web_login_wrong = The user or password is wrong
