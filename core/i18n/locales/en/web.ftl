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
