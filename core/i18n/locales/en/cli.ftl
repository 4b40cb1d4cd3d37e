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

## Lines of the listings and figures.
cli_minutes = { $minutes } min
cli_archive_year = { $year }: { $sessions } sessions, { NUMBER($hours, minimumFractionDigits: 1, maximumFractionDigits: 1) } hours
cli_archive_topic = { $topic }: { $sessions } sessions, { NUMBER($hours, minimumFractionDigits: 1, maximumFractionDigits: 1) } hours
cli_entries = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
cli_round = round { $round }
cli_satisfied = satisfied
cli_unsatisfied = not satisfied
cli_visits = { $count ->
    [one] { $count } visit
   *[other] { $count } visits
}
cli_item_done = done
cli_item_open = in progress
cli_item_public = public
cli_awaiting_answer = awaiting the answer
cli_not_graded = not graded
cli_dual_units = { $count } units registered
cli_dual_members = { $count } in-service members registered
cli_dual_contracts = { $contracts } co-building contracts ({ $without } registered units without one)
cli_dual_services = { $services } services, { $people } people served
cli_dual_reviews = { $reported } reported to both, { $assessed } assessed by both
cli_rectifications = rectifications: { $open } open, { $done } done
cli_petition_concluded_satisfied = concluded · satisfied
cli_petition_concluded_unsatisfied = concluded · not satisfied
cli_petition_in_hand = in hand
cli_petition_visits = { $count } visits
cli_petition_figures = { $received } received · { $concluded } concluded ({ $once } in one visit) · { $satisfied } satisfied
cli_programme_figures = { $courses } courses · { $sessions } sessions ({ $field } field study or practice) · { $trainees } trainee-times
cli_station_figures = { $services } services · { $people } people served · { $requests } requests gathered

## `steppe demo`: the walk through the seed's workflows.
demo_title = Steppe demo — stores in { $dir }
demo_tree = 1. Organisation tree
demo_school = 2. Party school: a course, this week's sessions, check-in, the training archive
demo_missing_session = check-in to a session that does not exist
demo_unexpected = unexpected: a step that should have been refused succeeded
demo_archive = { $name }'s archive: { $sessions } sessions, { NUMBER($hours, minimumFractionDigits: 1, maximumFractionDigits: 1) } hours
demo_mediation = 3. Mediation: two mediators edit one case offline, then merge
demo_close_again = closing again without agreement text
demo_merged = merged: { $first } changes to the first phone, { $second } to the second
demo_conflict = conflict on { $field }: { $values }
demo_kept_agreement = the supervisor keeps the agreement; conflicts left on the outcome: { $left }
demo_case_list = case list
demo_history = history
demo_request = 4. Residents' request: 民事民提 → 民事民议 → 民事民决 → 民事民办 → 民事民评
demo_evaluate_early = evaluating before it is done
demo_worker_verdict = the one who did the work recording the residents' verdict
demo_grid = 5. Grid: tagged households and visits
demo_done = Done.

## Where there is no signal: enrolment, sync, meeting another phone, bundle files.
cli_enrolled = Enrolled: { $user }, device { $device }
cli_synced = Synced: { $sent } sent, { $received } received, { $refused } refused
cli_listening = Waiting on { $addr } for another phone to connect…
cli_met = Met device { $device }: { $received } received (awaiting the server), { $carried } carried; { $offered } offered, { $sealed } sealed items handed over
cli_bundle_written = Wrote { $changes } unsent changes to { $file }
cli_bundle_applied = Applied { $received } new changes

## What the command line itself refuses.
cli_unknown = unknown { $what } '{ $value }'
cli_what_attendance = attendance
cli_what_attendee_role = attendee role
cli_what_category = category
cli_what_grade = grade
cli_what_heading = heading
cli_what_item_kind = item kind
cli_what_kind = kind
cli_what_lens = lens
cli_what_list_kind = list kind
cli_what_meeting_kind = meeting kind
cli_what_mode = mode
cli_what_offer = offer
cli_what_outcome = outcome
cli_what_party = party
cli_what_role = role (ROLE@ORG)
cli_what_session_kind = session kind
cli_what_side = side
cli_what_status = status
cli_what_step = step
cli_what_tag = tag
cli_what_topic = topic
cli_day_form = a day is written YYYY-MM-DD, not '{ $given }'
cli_time_form = a time is written YYYY-MM-DD HH:MM, not '{ $given }'
cli_tally_form = a tally is GRADE=N, not '{ $given }'
cli_not_a_number = '{ $given }' is not a number
cli_lang_unknown = --lang: { $tag } is not zh, mn or en
cli_no_store = cannot open { $path } (run `steppe init` first)
cli_store_exists = { $path } exists: enroll into a new store file
cli_not_enrolled = { $path } is not enrolled (run `steppe enroll`)
cli_damaged = { $path } is damaged
cli_cannot_read = cannot read { $path }
cli_cannot_write = cannot write { $path }
cli_cannot_listen = cannot listen on { $addr }
cli_cannot_connect = cannot connect to { $addr }
