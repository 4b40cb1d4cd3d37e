# The `steppe-server` command line: what an operator reads at the server's terminal.
# Setting names (database, listen, …), file names and product names (PostgreSQL, SQLite,
# pg_dump) stay as they are written in configuration files and commands.

# A command failed; $message says why.
op_error = 错误：{ $message }
op_lang_unknown = --lang：{ $tag } 不是 zh、mn 或 en

## serve
op_metrics_on = steppe-server 指标服务：{ $url }
op_listening = steppe-server 正在监听 { $url }

## config-check and migrate
op_replica_kept = （重启后保留）
op_replica_fresh = （每次启动时重建）
op_schema_pending = 启动时将应用的数据库结构版本：{ $count } 个
op_config_ok = 配置无误
op_cannot_read = 无法读取 { $path }
op_cannot_write = 无法写入 { $path }
op_io_not_found = 文件或目录不存在
op_io_permission = 没有权限
op_io_exists = 文件已存在
op_database_does_not_open = 数据库无法打开
op_schema_up_to_date = 数据库结构已是最新
op_would_apply = 将应用 { $version }
op_applying = 正在应用 { $version }

## backup and restore
op_backup_written = 已备份 { $bytes } 字节：{ $path }
op_backup_postgres = PostgreSQL 数据库请用 pg_dump 备份（见 docs/OPERATING.md）；backup 只复制 SQLite 文件
op_restored = 已用 { $backup } 恢复 { $path }；请启动服务器
op_restore_postgres = PostgreSQL 数据库请用 pg_restore 恢复，再运行 steppe-server restored（见 docs/OPERATING.md）
op_new_lineage = 新的数据谱系 { $lineage }：各手机将重新核对，并再次提交它们的修改

## import
op_import_org = 组织 { $key } { $id } { $step }
op_import_user = 用户 { $name } { $id } { $step }
op_step_exists = 已存在
op_step_would_create = 将创建
op_step_created = 已创建
op_step_would_name_mn = 将补上蒙古文名称
op_step_named_mn = 已补上蒙古文名称
op_roster_refused = { $count } 行有误，未导入任何内容：
op_roster_row = { $file } 第 { $line } 行：{ $problem }
op_file_orgs = 组织表
op_file_people = 人员表
op_not_text = 文件既不是 UTF-8 也不是 GB18030 文本
op_row_unreadable = 无法读取这一行：{ $why }
op_key_taken = 编码“{ $key }”为空，或已被前面的行使用
op_kind_unknown = 未知的组织类型“{ $kind }”
op_parent_unknown = 未知的上级“{ $parent }”
op_kind_misplaced = { $kind }不能设在{ $parent }之下
op_kind_needs_parent = { $kind }需要上级组织
op_unit_unreadable = 无法读取组织“{ $key }”（{ $id }），未能补上蒙古文名称：{ $why }
op_person_unreadable = 无法读取人员“{ $name }”（{ $id }），未能补上蒙古文姓名：{ $why }
op_key_names_another = 编码“{ $key }”已属于另一个组织（类型或上级不同）：请给这一行另设编码
op_org_unknown = 未知的组织“{ $org }”
op_status_unknown = 未知的党员状态“{ $status }”
op_role_unknown = 未知的角色“{ $role }”
op_name_twice = “{ $name }”在本组织出现了两次：请为每一位填写编码（第五列）

## organisations, users, roles and devices
op_role_at = --role 应写成 角色@组织，而不是“{ $given }”
op_revoked = 已吊销
op_no_such_device = 没有这台设备
op_no_such_user = 没有这个用户
op_last_seen = 最近同步 { $at }
op_never_seen = 从未同步
op_role_changed = 已更改
op_role_unchanged = 未改变
op_name_mn_set = 已设置蒙古文名称
op_name_mn_cleared = 已删除蒙古文名称
op_name_mn_unchanged = 蒙古文名称未改变
op_no_such_org = 没有这个组织：{ $org }
op_refusal_changes = { $count } 次修改
op_record = 记录
op_password_short = 密码至少需要 8 个字符
op_password_set = 密码已设置；请在 /web 登录
op_no_user = 没有用户 { $user }

## bundles
op_bundle_imported = 设备 { $device }：应用 { $applied } 条，已有 { $already } 条，拒收 { $refused } 条
op_bundle_written = { $changes } 条修改，{ $bytes } 字节：{ $path }
op_bundle_not_a_bundle = 这不是 Steppe 的数据包文件
op_bundle_damaged = 数据包已损坏
op_bundle_bad_signature = 数据包的签名与内容不符
op_bundle_bad_change_signature = 数据包中有一条修改的签名与内容不符
op_bundle_not_written = 数据包无法写出
op_bundle_servers = 这是服务器发给手机的数据包，不是手机交来的
op_bundle_unknown_device = 数据包来自本服务器从未登记的设备
op_bundle_revoked = 数据包的设备或其用户已被吊销
op_bundle_no_key = 数据包的设备尚未向本服务器登记签名密钥
op_bundle_malformed_change = 数据包中有一条修改无法读取
op_bundle_unknown_org = 没有这个组织
op_bundle_too_large = 内容超出一个数据包的容量：请为更小的组织导出
