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

## `steppe-server --help`: each command's line and each argument's help, by the command's path
## (op_help_role_grant) and the argument's name (op_help_role_grant__user). The English is the
## doc comment in server/src/main.rs; clap's own words (headings, flags, parse errors) are the
## clap_… messages of cli.ftl, shared by both command lines.
op_help = 驼乡e站同步服务器
op_help__database = SQLite 文件（内置的默认方式）或 postgres:// URL；连接 PostgreSQL 时用 ?sslmode=require 启用 TLS（或 verify-ca、verify-full：都会核验证书和主机名），信任的根证书为系统自带的，或 &sslrootcert= 所指 PEM 文件中的
op_help__lang = 输出所用的语言：zh（中文，默认）、mn（蒙古文）或 en（英文）；不给时按终端的 LANG 设置。读取输出的脚本请加 --lang en
op_help__config = 写有 serve 设置（database、listen、metrics_listen、replica_dir、tls_cert、tls_key）的 TOML 文件；命令行参数或环境变量优先于它

## serve and config-check (the same settings)
op_help_serve = 通过 HTTP 提供同步服务，直到收到 SIGTERM 或 Ctrl-C，然后完成进行中的同步并退出。每个选项也可来自环境变量（STEPPE_…）或 --config 文件
op_help_serve__listen = 提供同步服务的地址和端口
op_help_serve__tls_cert = 用这条证书链（PEM）提供 HTTPS；须同时给出 --tls-key
op_help_serve__tls_key = 证书的私钥（PEM）
op_help_serve__replica_dir = 督导网页存放记录副本的目录，重启后保留：从停下处继续，数据库或其数据谱系换了则重建。不给时，副本每次启动都在系统临时目录下的私有目录中重建，关闭时删除
op_help_serve__metrics_listen = 提供 /metrics（及健康检查）的地址和端口，与公开端口分开
op_help_config_check = 检查 serve 将使用的配置（命令行参数、环境变量、--config 文件）并打印出来，数据库密码以掩码显示
op_help_config_check__listen = { op_help_serve__listen }
op_help_config_check__tls_cert = { op_help_serve__tls_cert }
op_help_config_check__tls_key = { op_help_serve__tls_key }
op_help_config_check__replica_dir = { op_help_serve__replica_dir }
op_help_config_check__metrics_listen = { op_help_serve__metrics_listen }

## The database: schema, backup, restore
op_help_migrate = 把数据库结构升级到本版本（serve 启动时也会升级，并用锁防止两个实例同时升级）
op_help_migrate__dry_run = 只打印将应用的版本及其 SQL，不做任何更改
op_help_backup = 在服务器运行时把 SQLite 数据库一致地复制到所给文件。PostgreSQL 请用 pg_dump，pg_restore 之后再运行 restored（见 docs/OPERATING.md）
op_help_backup__out = 备份文件
op_help_restore = 用 backup 生成的副本替换 SQLite 数据库；请先停止服务器。替换后首次启动即开始新的数据谱系，各手机随之重新核对
op_help_restore__backup = backup 生成的备份文件
op_help_restored = 用 backup 以外的方式（pg_restore）恢复数据库之后、提供服务之前运行：开始新的数据谱系，让各手机随之重新核对

## Rosters, organisations, users, roles, devices
op_help_import = 导入名册：组织表为 CSV（key,name,kind,parent），可另附人员表（name,org,status,role[,key]），UTF-8 或 GB18030 编码。先整体检查：有错误行的文件整个不导入，并逐行指出错误。同样的行再次导入不会改变任何内容
op_help_import__orgs = 组织表（CSV 文件）
op_help_import__people = 人员表（CSV 文件）
op_help_import__dry_run = 只打印将创建的内容，不写入任何东西
op_help_org_name_mn = 更正组织的传统蒙古文名称（再次导入名册只会补上缺少的名称）；不给 --name-mn 即删除该名称
op_help_org_name_mn__org = 组织编号
op_help_org_name_mn__name_mn = 传统蒙古文名称
op_help_person_name_mn = 更正人员的传统蒙古文姓名（与 org-name-mn 之于组织相同）
op_help_person_name_mn__user = 人员编号
op_help_person_name_mn__name_mn = 传统蒙古文姓名
op_help_org_add = 建立组织
op_help_org_add__name = 组织名称
op_help_org_add__kind = 组织类型，代码或名称均可（盟、旗、苏木、嘎查、社区党委、网格党支部……）
op_help_org_add__parent = 上级组织的编号
op_help_org_add__name_mn = 传统蒙古文名称（如该组织有）
op_help_user_add = 创建可以注册设备的用户（一条带角色的人员记录）
op_help_user_add__name = 姓名
op_help_user_add__org = 所在组织的编号
op_help_user_add__status = 党员状态，代码或名称均可（正式党员、预备党员、群众……）
op_help_user_add__role = 角色@组织编号；可重复
op_help_enroll_code = 为用户签发一次性注册码
op_help_enroll_code__user = 用户编号
op_help_enroll_code__ttl_hours = 注册码的有效时长（小时）
op_help_users = 列出全部用户及其角色（角色@组织）
op_help_devices = 列出全部设备：所属用户、名称、最近同步时间、是否已吊销
op_help_role = 授予或收回角色：role grant --user 用户编号 --role 角色@组织编号
op_help_role_grant = 授予角色
op_help_role_grant__user = 用户编号
op_help_role_grant__role = 角色@组织编号
op_help_role_revoke = 收回角色
op_help_role_revoke__user = 用户编号
op_help_role_revoke__role = 角色@组织编号
op_help_refusals = 显示服务器拒收的某台设备的修改（即其用户的督导看到的提示）
op_help_refusals__device = 设备编号
op_help_revoke_device = 吊销一台设备：它下一次请求即被拒绝
op_help_revoke_device__device = 设备编号
op_help_revoke_user = 吊销一个用户及其全部设备
op_help_revoke_user__user = 用户编号
op_help_web_password = 设置用户登录督导网页（/web）的密码；不给出时从标准输入读取
op_help_web_password__user = 用户编号
op_help_web_password__password = 密码

## Bundle files
op_help_bundle = 离线数据包：在没有信号的地方由人带送的文件
op_help_bundle_import = 把手机的数据包当作该手机的同步导入：除非文件及其中每条修改都由该设备登记的密钥签名，否则整个拒收。同一数据包导入两次不会改变任何内容
op_help_bundle_import__file = 手机的数据包文件
op_help_bundle_export = 把某组织的成员可查看的内容写入由本服务器签名的数据包，供那里的手机在没有网络时导入
op_help_bundle_export__org = 组织编号
op_help_bundle_export__out = 要写入的数据包文件
