# catool 的中文消息（party：单位、人员、套餐、代办身份、批量导入、输入文件与输出路径）。
# 每一条在 i18n/en/party.ftl 中都有对应英文条目；代码以 msg!("id") 引用每一条
# （src/i18n/tests.rs 检查两种语言）。

## 操作人想办理的业务（用于"仅……可以{ $doing }"）
act-assign-slots = 分配证书
act-change-holder = 修改证书持有人
act-issue-certs = 导入证书
act-reissue-certs = 补发证书
act-extend-certs = 办理证书延期
act-revoke-certs = 吊销证书
act-freeze-certs = 冻结证书
act-unfreeze-certs = 解冻证书
act-unfreeze-unaffiliated = 解冻无所属单位的证书
act-check-pin = 校验该证书的密码
act-export-key = 导出该证书的私钥
act-bind-others = 绑定非本人持有的证书，或将证书绑定到其他成员的账号
act-unbind-others = 解绑其他成员的证书
act-import-into-org = 向本单位导入证书
act-decrypt = 使用该证书解密
act-register-org = 注册单位
act-authorize-org = 登记单位CA授权
act-add-members = 添加单位成员
act-remove-members = 移除单位成员
act-transfer-admin = 转让单位管理员
act-buy-packages = 购买证书套餐
act-set-package-terms = 设置证书套餐的价格或内容（--price、--enterprise-slots、--personal-slots；D3）
act-record-payment = 登记套餐付款
act-create-ca = 创建CA
act-change-ca = 修改CA
act-create-tsa = 创建时间戳服务
act-change-settings = 修改系统设置
act-copy-registry = 复制注册库
act-make-org-seals = 制作单位印章
act-make-others-seal = 为他人制作印章
act-upload-org-seals = 上传单位印章
act-upload-others-seal = 为他人上传印章
act-review-seals = 审核印章
act-assign-seals = 分配印章
act-grant-seal-use = 授权使用印章
act-decide-grants = 审批印章授权
act-void-seals = 作废印章

## 操作人身份（--as）
actor-not-operator = 无权限：仅平台运营方可以{ $doing }，{ $person } 为个人用户
actor-not-operator-hint = 请去掉 --as，以平台运营方身份办理
actor-not-admin = 无权限：仅单位管理员或平台运营方可以{ $doing }，{ $person } 不是该单位的管理员
actor-not-admin-hint = 请联系单位管理员办理，或去掉 --as 以平台运营方身份办理
actor-no-certificate = { $person } 暂无可用证书，无法验证身份（--as 需要本人证书及其密码）
actor-no-certificate-hint = 请先为其办理证书，或去掉 --as 以平台运营方身份办理
actor-certificate-not-usable = --as-cert { $cert } 不是 { $person } 的可用证书（可用证书：{ $usable }）
actor-certificate-ambiguous = { $person } 有多张可用证书（{ $usable }），请指定用哪一张验证身份
actor-choose-certificate-hint = 请用 --as-cert N 指定其中一张
actor-pin-needed = --as { $person } 须用其证书 { $cert } 的密码验证身份
actor-pin-needed-hint = 请提供 --as-pin-file 文件、设置 CATOOL_AS_PIN 或在终端输入密码（也可去掉 --as 以平台运营方身份办理）
prompt-as-pin = 请输入 { $person } 的证书 { $cert } 的密码（用于验证 --as 身份，输入不显示）：

## 单位（D1、D2）
org-add-differs = 无法注册：统一社会信用代码为 { $uscc } 的单位已注册（单位 { $org }），其{ $field }为"{ $stored }"，与本次填写的"{ $given }"不一致
org-add-differs-hint = 请核对填写信息，或保留已注册的单位信息不变
org-field-name = 单位名称
org-field-legal-rep = 法定代表人
org-field-legal-rep-id = 法定代表人身份证号
org-add-admin-not-member = 无法注册：统一社会信用代码为 { $uscc } 的单位已注册（单位 { $org }），{ $person } 不是该单位成员，该单位管理员为 { $admin }
org-add-admin-not-member-hint = 请用 --admin 指定该单位的管理员或成员，或先通过 `catool org member add` 添加 { $person }
org-add-name-taken = 无法注册：名为 { $name } 的单位已注册（单位 { $org }，统一社会信用代码 { $uscc }），单位名称不可重复
org-add-name-taken-hint = 请核对单位名称和统一社会信用代码
org-uscc-invalid = { $field } 填写的"{ $value }"不是有效的统一社会信用代码：{ $problem }
uscc-problem-length = 应为 18 位，实际为 { $chars } 位
uscc-problem-character = 含有不允许的字符"{ $char }"（GB 32100-2015 仅使用数字 0-9 及除 I、O、Z、S、V 以外的大写字母）
uscc-problem-check = 校验位应为"{ $expected }"（GB 32100-2015），实际为"{ $got }"
org-authorize-letter-with-face = --letter 仅用于 --method letter（授权委托书）
org-authorize-letter-missing = 选择 --method letter 时须上传授权委托书扫描件
org-authorize-letter-missing-hint = 请用 --letter 提供授权委托书（PDF 或图片），或改为登记 --method face
org-authorize-letter-unreadable = --letter 提供的文件既不是 PDF，也不是可识别的图片（PNG、JPEG 等）
org-authorize-letter-unreadable-hint = 请上传经法定代表人签字并加盖公章的授权委托书扫描件
org-authorize-already = 该单位已授权：{ $org } 已于 { $at } 通过 { $method } 完成授权
org-member-already = 已是成员：{ $person } 已是 { $org } 的{ $role }
role-admin = 管理员
role-member = 成员
org-member-not-member = { $person } 不是 { $org } 的成员
org-members-hint = 可通过 `catool org show` 查看单位成员
org-member-remove-admin = 无法移除管理员：{ $person } 是 { $org } 的管理员
org-member-remove-admin-hint = 请先通过 `catool org transfer-admin` 转让单位管理员
org-member-has-certs = 无法移除：{ $person } 仍持有 { $org } 的证书 { $certs }
org-member-has-grants = 无法移除：{ $person } 仍有 { $org } 的印章授权 { $grants }（印章 { $seals }）
org-member-has-both = 无法移除：{ $person } 仍持有 { $org } 的证书 { $certs }，并有印章授权 { $grants }（印章 { $seals }）
org-member-has-rights-hint = 加 --revoke 重新执行，将吊销上述证书（原因：单位变更）并收回印章授权；或先将其转交他人
org-transfer-already-admin = 无需转让：{ $person } 已是 { $org } 的管理员
org-transfer-not-member = 无法转让：{ $person } 不是 { $org } 的成员
org-add-member-hint = 请先通过 `catool org member add` 将其添加为成员

## 人员（D2）
person-add-differs = 无法注册：证件类型 { $id_type }、证件号 { $id_number } 的人员已注册（人员 { $person }），其{ $field }为"{ $stored }"，与本次填写的"{ $given }"不一致
person-add-differs-hint = 请核对填写信息，或保留已注册的人员信息不变
person-field-name = 姓名
person-field-email = 邮箱
person-field-phone = 手机号
person-resident-id-invalid = { $field } 填写的"{ $value }"不是有效的居民身份证号码：{ $problem }
resident-id-problem-length = 应为 18 位，实际为 { $chars } 位
resident-id-problem-not-digits = 前 17 位须为数字
resident-id-problem-birth-date = 第 7-14 位须为出生日期（YYYYMMDD），实际为"{ $birth }"
resident-id-problem-check = 校验位应为"{ $expected }"（GB 11643-1999），实际为"{ $got }"
person-id-number-invalid = { $field } 填写的"{ $value }"（{ $id_type }）格式不正确：应为 5 至 30 位字母或数字
person-email-invalid = { $field } 填写的"{ $value }"不是有效的邮箱地址，格式如 name@example.com
person-phone-invalid = { $field } 填写的"{ $value }"不是有效的电话号码：只能包含数字，可带 +、- 或空格

## 证书套餐（D1、D3）
package-out-of-range = { $field } 填写的 { $value } 超出范围，应为 { $min } 至 { $max }
package-buy-not-authorized = 无法购买：{ $org } 尚未完成CA授权
package-buy-not-authorized-hint = 请先通过 `catool org authorize` 登记法定代表人授权
package-buy-empty = 证书套餐至少须包含一张证书
package-buy-empty-hint = 请将 --enterprise-slots 或 --personal-slots 设为大于 0
package-not-found = 系统中没有套餐 { $package }
package-list-hint = 可通过 `catool package list` 查看套餐

## 批量导入（catool import）
spot-json = 导入文件 { $at_path }
spot-csv = { $at_file } 第 { $at_line } 行
spot-csv-column = { $at_file } 第 { $at_line } 行 { $at_column } 列
import-at = { $at }：{ $import_inner }
import-not-document = { $file } 不是有效的导入文件：{ $detail }
import-not-document-hint = 请提供包含 persons、orgs、memberships、packages 各部分的 JSON 文件，或 .csv 表格（见 docs/import.md）
import-path-outside = { $at }：路径 { $path } { $how ->
        [absolute] 为绝对路径
        [parent] 含有上级目录（..）
        [symlink] 经过符号链接
       *[empty] 为空
    }
import-path-outside-hint = 导入文件中的路径须为相对于该文件所在目录的路径，且不能超出该目录
import-authorize-invalid = { $at }：无法识别"{ $value }"，应为 face 或 letter
import-letter-without-method = { $at }：仅在 { $column } 为 letter 时填写
import-id-type-invalid = { $at }：无法识别"{ $value }"，应为 resident、passport 或 other
import-kind-invalid = { $at }：无法识别"{ $value }"，应为 enterprise 或 personal
import-package-differs = { $at }：{ $org } 的套餐 { $package }（该单位第 { $nth } 个套餐）的 { $field } 为 { $have }，不是 { $want }；套餐按各单位的购买顺序对应
import-package-differs-hint = 请修改该行，或先通过 `catool package list` 查看已有套餐
import-too-few-slots = { $at }：套餐 { $package } 仅有 { $have } 张 { $kind } 证书
import-too-few-slots-hint = 请购买更大的套餐，或减少本次导入的证书
import-owner-differs = { $at }：证书 { $slot } 已属于 { $owner }，不是 { $given }；证书所属人一经确定不可更改
import-holder-differs = { $at }：证书 { $slot } 的持有人为 { $holder }，不是 { $given }
import-holder-differs-hint = 请先通过 `catool cert holder` 修改持有人，再重新导入
import-row-line = 第 { $line } 行
import-subject-person = 人员 { $id } { $name }
import-subject-org = 单位 { $id } { $name }
import-subject-authorization = { $org } 的CA授权
import-subject-authorization-by = { $org } 的CA授权（{ $method }）
import-subject-membership = { $person } 加入 { $org }
import-subject-package = { $org } 的套餐 { $id }
import-subject-payment = 套餐 { $package } 付款
import-subject-assigned = 证书名额 { $slot }：所属人 { $owner }，持有人 { $holder }
import-subject-owned = 证书名额 { $slot }：所属人 { $owner }
import-subject-slot = 证书名额 { $slot }
import-subject-issued = 证书名额 { $slot }：证书 { $cert }（序列号 { $serial }）
import-step = { $row }：{ $what } — { $outcome }
import-outcome-created = 已创建
import-outcome-exists = 已存在
import-outcome-authorized = 已授权
import-outcome-paid = 已支付
import-outcome-assigned = 已分配
import-outcome-issued = 已导入证书
import-outcome-already-issued = 证书此前已导入
import-outcome-would-create = 将创建
import-outcome-would-authorize = 将授权
import-outcome-would-pay = 将登记付款
import-outcome-would-assign = 将分配
import-outcome-would-issue = 将导入证书
import-dry-run-nothing = 试运行：无需变更，所有数据均已在系统中
import-dry-run-changes = 试运行：将有 { $changes } 项变更，本次未写入任何数据
import-nothing-to-do = 无需变更：所有数据均已在系统中，本次未做任何修改
import-done = 导入完成：共 { $changes } 项变更

## 导入用的 CSV 表格
csv-utf16 = { $file } 为 UTF-16 编码（"Unicode 文本"），不是 CSV UTF-8
csv-save-as-utf8-hint = 请在 Excel 中另存为"CSV UTF-8 (逗号分隔)(*.csv)"
csv-not-utf8 = { $file } 第 { $line } 行不是 UTF-8 编码（字节 { $byte }），该文件可能是 Excel"CSV (逗号分隔)"保存的 GBK 编码
csv-not-utf8-hint = 请另存为"CSV UTF-8 (逗号分隔)(*.csv)"（WPS：另存为，编码选 UTF-8），或用 `iconv -f GBK -t UTF-8` 转换
csv-syntax = { $file } 第 { $line } 行不是有效的 CSV：{ $detail }
csv-empty = { $file } 为空文件
csv-columns-hint = 第一行须为列名（name、id_number、uscc 等，见 docs/import.md）
csv-unnamed-column = { $at }：第 { $index } 列没有列名
csv-unnamed-column-hint = 请填写列名或删除该列
csv-unknown-column = { $at }：无法识别的列名；可用的列为 { $known }
csv-column-twice = { $at }：列名重复
csv-missing-column = { $at }：缺少 { $column } 列；表头须包含 { $required } 列（单元格可以为空）
csv-field-count = { $at }：本行有 { $values } 个值，而表头有 { $columns } 列
csv-field-count-hint = 含逗号的值请加英文双引号（"a,b"）
csv-differs = { $at }：{ $entity }的值"{ $value }"与第 { $old_line } 行的"{ $old }"不一致
csv-differs-hint = 请只填写一次，或每行填写相同的值
csv-entity-person = 证件号为 { $id_number } 的人员
csv-entity-org = 单位 { $uscc }
csv-entity-package = 单位 { $uscc } 的第 { $number } 个套餐
csv-not-a-number = { $at }："{ $value }"不是整数
csv-shortened-number = { $at }："{ $value }"已被表格软件转为科学计数法
csv-shortened-number-hint = 请将该列设置为文本格式（设置单元格格式 → 文本），重新输入数字后保存
csv-orphan-value = { $at }：已填写，但{ $needs }
csv-needs-person = 本行没有人员信息（name 和 id_number）
csv-needs-uscc = uscc 为空，请在本行填写所属单位
csv-needs-cert-kind = cert_kind 为空，这些列仅用于证书
csv-person-incomplete = { $at }：为空，但已填写 { $given }，人员须同时填写 name 和 id_number
csv-second-admin = { $at }：单位 { $uscc } 已在第 { $old_line } 行指定管理员（证件号 { $old }），每个单位只能有一名管理员
csv-role-invalid = { $at }：无法识别"{ $value }"，应为 admin 或 member（留空即 member）
csv-package-invalid = { $at }：无法识别"{ $value }"，应为 1、2……（该单位的第几个套餐）
csv-cert-without-person = { $at }：已填写，但本行没有人员信息（name 和 id_number），无法确定证书所属人
csv-org-incomplete = { $at }：单位 { $uscc } 的各行中均未填写{ $missing ->
        [role] 管理员（role 为 admin 的行）
       *[other] { " " }{ $missing } 列
    }
csv-org-incomplete-hint = 表格中注册的单位须填写 org_name、legal_rep、legal_rep_id，并有一行 role 为 admin（如只为已注册单位添加人员或套餐，请将单位相关列留空）
csv-package-gap = { $at }：单位 { $uscc } 填写了第 { $number } 个套餐，但没有任何一行为第 { $expected } 个套餐
csv-package-gap-hint = 请按 1、2……为各单位的套餐编号（第 n 个即系统中该单位的第 n 个套餐）

## 输入文件与文本字段
input-unreadable = 无法读取 { $flag } { $path }：{ $detail }
input-unreadable-hint = 请检查路径是否正确，以及是否有读取权限
input-too-big = { $flag } { $path } 超过大小上限 { $limit }（{ $kind }）
input-too-big-hint = 请确认文件是否选择正确
input-kind-input-file = 输入文件须整体读入内存
input-kind-cert-file = 证书及密钥文件，一张证书仅几 KiB
input-kind-pdf = PDF 文件
input-kind-password-file = 密码文件仅一行
input-not-utf8 = { $flag } { $path } 不是 UTF-8 文本
input-pins-differ = 两次输入的密码不一致，未做任何修改
input-pins-differ-hint = 请重新执行该命令
input-size-invalid = --size 填写的"{ $value }"无效，应为毫米数，如 40 或 40x30
input-text-empty = { $field } 不能为空
input-text-too-long = { $field } 过长：共 { $chars } 个字符，最多 { $max } 个
input-text-control = { $field } 含有控制字符
input-text-format-char = { $field } 含有 { $code }（{ $kind }），名称中不能包含双向控制符或不可见字符
input-text-format-char-hint = 请直接输入名称，不要复制带格式的文本
format-char-bidi = 双向控制符，会改变名称的显示顺序
format-char-line-separator = 行分隔符
format-char-invisible = 不可见（零宽）字符
prompt-pin = 请输入证书密码（6位数字，输入不显示）：
prompt-new-pin = 请设置新密码（6位数字，输入不显示）：
prompt-new-pin-again = 请再次输入新密码：
warning-exposed = 警告：{ $what } { $path } 同组用户或其他用户可读（权限 { $mode }），请执行 chmod 600 { $path }
secret-registry = 注册库
secret-pin-file = 密码文件
secret-password-file = 口令文件

## 输出文件
output-guarded = { $flag } { $path } 是{ $what }（{ $guarded }），catool 不会覆盖该文件，加 --force 也不行
guarded-registry = 注册库
guarded-registry-wal = 注册库的预写日志
guarded-registry-shm = 注册库的共享内存索引
guarded-registry-journal = 注册库的回滚日志
guarded-master-key = 主密钥
guarded-input = 本命令的输入文件（{ $input }）
output-choose-another-hint = 请换一个输出路径
output-is-directory = { $flag } { $path } 是目录
output-is-directory-hint = 请指定文件名
output-exists = { $flag } { $path } 已存在
output-exists-hint = 如需覆盖请加 --force，或换一个输出路径
output-exists-skip-hint = 加 --skip-existing 可跳过该文件并继续处理其余文件，加 --force 则覆盖
output-write-failed = 无法写入 { $path }：{ $detail }
output-appeared = 写入过程中 { $path } 已被其他程序创建，catool 未覆盖该文件
output-appeared-hint = 如需覆盖请加 --force
output-directory-create-failed = 无法创建目录 { $dir }：{ $detail }
input-registry-no-home = 未设置 XDG_DATA_HOME 或 HOME，无法确定注册库位置
input-registry-no-home-hint = 请通过 --db 或 CATOOL_DB 指定注册库路径

## 命令行
init-ready = 注册库已就绪：{ $path }（数据结构 v{ $schema }）
usage-subcommand-missing = 缺少子命令（帮助信息已输出到标准错误）；请查看 `catool --help`
usage-unknown-argument = 此命令没有 { $arg } 选项
usage-unknown-subcommand = 没有 { $name } 这个命令
usage-not-one-of = { $arg } 的取值“{ $value }”无效，可选值：{ $valid }
usage-bad-value = { $arg } 的取值“{ $value }”无效：{ $why }
usage-why-not-a-number = 应为整数
usage-missing = 缺少必填参数：{ $args }
usage-conflict = { $arg } 不能与 { $other } 同时使用
usage-other = { $detail }
usage-hint-did-you-mean = 您是否要输入 { $suggestion }？
usage-hint-usage = 用法：{ $usage }（加 --help 查看全部选项）
usage-hint-help = 请查看 `{ $command } --help`
panic-bug = 内部错误：catool 在 { $at } 出现程序缺陷，未写入任何不完整的数据。请将所执行的命令反馈给我们（设置 CATOOL_DEBUG=1 可查看详情）
panic-unknown-place = 未知位置
panic-debug = 内部错误，位置 { $at }：{ $panic }

## 单位、人员、套餐命令的输出
org-registered = 已注册单位 { $id } { $name }（统一社会信用代码 { $uscc }），管理员 { $admin }；下一步：catool org authorize --org { $id }
org-exists = 已注册：单位 { $id } { $name }（统一社会信用代码 { $uscc }）已按相同信息注册，本次未做修改
org-authorized = 已授权：{ $name } — { $authorized }
org-authorized-by = { $at }，{ $method }
org-not-authorized = 未授权
auth-method-face = 法人人脸识别
auth-method-letter = 授权委托书
org-admin-now = { $org } 的管理员已变更为 { $admin }
org-member-added = { $person } 已加入 { $org }
org-member-removed = { $person } 已从 { $org } 移除
org-member-removed-certs = ；已吊销证书 { $ids }（原因：单位变更）
org-member-removed-grants = ；已收回印章授权 { $ids }
person-ref = { $name }（人员 { $id }）
org-ref = { $name }（单位 { $id }）
person-registered = 已注册人员 { $id } { $name }
person-exists = 已注册：人员 { $id } { $name } 已按相同信息注册，本次未做修改
id-type-resident = 居民身份证
id-type-passport = 护照
id-type-other = 其他证件
cert-role-owner = 所属人
cert-role-holder = 持有人
cert-role-owner-holder = 所属人兼持有人
seal-own = 本人印章
seal-grant = 授权
seal-grant-period = 授权 { $id }：{ $from } 至 { $until }
package-bought = 已为 { $org } 下单套餐 { $id }：单位证书 { $ent } 张、个人证书 { $pers } 张，{ $years } 年，{ $cny } 元，未支付；下一步：catool package pay --package { $id }
package-already-paid = 已支付：套餐 { $id } 已于 { $at } 支付，本次未做修改；证书：
package-paid = 套餐 { $id } 已支付；证书：
package-contents = 单位证书 { $ent } 张、个人证书 { $pers } 张
package-price = { $cny } 元
package-status-paid = 已支付
package-status-unpaid = 未支付
slot-unassigned = 暂未分配
slot-assigned = 待导入
slot-used = 已使用
section-members = 成员：
section-packages = 套餐：
section-enterprises = 所属单位：
section-certificates = 证书：
section-slots = 证书名额：
section-seals = 印章：
field-id = 编号
field-name = 名称
field-uscc = 统一社会信用代码
field-legal-rep = 法定代表人
field-authorized = CA授权
field-administrator = 管理员
field-registered = 注册时间
field-id-document = 证件
field-email = 邮箱
field-phone = 手机号
field-enterprise = 单位
field-contents = 内容
field-years = 年限
field-price = 价格
field-status = 状态
field-bought = 下单时间
field-paid = 支付时间
col-id = 编号
col-name = 名称
col-uscc = 统一社会信用代码
col-authorized = CA授权
col-admin = 管理员
col-person = 人员
col-role = 角色
col-joined = 加入时间
col-org = 单位
col-id-type = 证件类型
col-id-number = 证件号
col-email = 邮箱
col-cert = 证书
col-serial = 序列号
col-state = 状态
col-enterprise = 单位
col-seal = 印章
col-kind = 类型
col-seal-use = 单位 / 授权
col-ent = 单位证书
col-pers = 个人证书
col-years = 年限
col-cny = 金额（元）
col-status = 状态
col-slot = 名额
col-owner = 所属人
col-holder = 持有人

## 完整性检查中提到的人员记录
anchor-object-person = 人员 { $id }
