# The `steppe-server` command line: what an operator reads at the server's terminal.

op_error = Error: { $message }
op_lang_unknown = --lang: { $tag } is not zh, mn or en

## serve
op_metrics_on = steppe-server metrics on { $url }
op_listening = steppe-server listening on { $url }

## config-check and migrate
op_replica_kept = (kept across restarts)
op_replica_fresh = (rebuilt at every start)
op_schema_pending = schema versions to apply at start = { $count }
op_config_ok = ok
op_cannot_read = cannot read { $path }
op_cannot_write = cannot write { $path }
op_io_not_found = no such file or directory
op_io_permission = permission denied
op_io_exists = the file already exists
op_database_does_not_open = the database does not open
op_schema_up_to_date = the schema is up to date
op_would_apply = would apply { $version }
op_applying = applying { $version }

## backup and restore
op_backup_written = { $bytes } bytes: { $path }
op_backup_postgres = back up PostgreSQL with pg_dump (docs/OPERATING.md); `backup` copies SQLite files
op_restored = restored { $path } from { $backup }; start the server
op_restore_postgres = restore PostgreSQL with pg_restore, then run `restored` (docs/OPERATING.md)
op_new_lineage = new lineage { $lineage }: phones will rescan and offer their changes again

## import
op_import_org = org { $key } { $id } { $step }
op_import_user = user { $name } { $id } { $step }
op_step_exists = exists
op_step_would_create = would create
op_step_created = created
op_step_would_name_mn = would be named in Mongolian script
op_step_named_mn = named in Mongolian script
op_roster_refused = { $count ->
    [one] { $count } bad row; nothing was imported:
   *[other] { $count } bad rows; nothing was imported:
}
op_roster_row = { $file } line { $line }: { $problem }
op_file_orgs = orgs
op_file_people = people
op_not_text = the file is neither UTF-8 nor GB18030 text
op_row_unreadable = the row cannot be read: { $why }
op_key_taken = the key '{ $key }' is empty or used by an earlier row
op_kind_unknown = unknown kind '{ $kind }'
op_parent_unknown = unknown parent '{ $parent }'
op_kind_misplaced = a { $kind } cannot stand under a { $parent }
op_kind_needs_parent = a { $kind } needs a parent
op_unit_unreadable = the unit '{ $key }' ({ $id }) could not be read to add its Mongolian name: { $why }
op_person_unreadable = the person '{ $name }' ({ $id }) could not be read to add their Mongolian name: { $why }
op_key_names_another = the key '{ $key }' already names another organisation (another kind or parent): give this row its own key
op_org_unknown = unknown organisation '{ $org }'
op_status_unknown = unknown status '{ $status }'
op_role_unknown = unknown role '{ $role }'
op_name_twice = '{ $name }' appears twice in this unit: give each a key (fifth column)

## organisations, users, roles and devices
op_role_at = --role takes ROLE@ORG, not '{ $given }'
op_revoked = revoked
op_no_such_device = no such device
op_no_such_user = no such user
op_last_seen = last seen { $at }
op_never_seen = never synced
op_role_changed = changed
op_role_unchanged = unchanged
op_name_mn_set = Mongolian name set
op_name_mn_cleared = Mongolian name removed
op_name_mn_unchanged = Mongolian name unchanged
op_no_such_org = no such organisation: { $org }
op_refusal_changes = { $count ->
    [one] { $count } change
   *[other] { $count } changes
}
op_record = record
op_password_short = a password needs at least 8 characters
op_password_set = password set; sign in at /web
op_no_user = no user { $user }

## bundles
op_bundle_imported = device { $device }: { $applied } applied, { $already } already here, { $refused } refused
op_bundle_written = { $changes } changes, { $bytes } bytes: { $path }
op_bundle_not_a_bundle = not a Steppe bundle file
op_bundle_damaged = the bundle is damaged
op_bundle_bad_signature = the bundle's signature does not match its contents
op_bundle_bad_change_signature = a change's signature does not match it
op_bundle_not_written = the bundle could not be written
op_bundle_servers = this is the server's bundle, for phones, not a phone's
op_bundle_unknown_device = the bundle names a device this server never enrolled
op_bundle_revoked = the bundle's device or its user is revoked
op_bundle_no_key = the bundle's device has not registered a signing key with this server
op_bundle_malformed_change = a change in the bundle cannot be read
op_bundle_unknown_org = no such organisation
op_bundle_too_large = more than one bundle can hold: export for a smaller unit
