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
