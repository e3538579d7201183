# catool 的中文提示（简体）。每一条都与 i18n/en/catool.ftl 一一对应，代码中用 msg!("id") 引用。
# 证书编号、日期、名称等为参数（$cert、$on …）；规则编号（D9 …）单独成行。

## 失败时 stderr 上的各行
line-error = 错误：{ $message }
line-hint = 提示：{ $message }
internal-error = 内部错误：{ $detail }
internal-error-hint = 这是 catool 的程序缺陷，请将所执行的命令反馈给我们
rule-reference = 规则 { $rule }，见 catool-rules(7)

## D12 证书状态
state-active = 生效中
state-pending = 待导入
state-expiring = 即将过期
state-expired = 已失效
state-revoked = 已吊销
state-frozen = 已冻结
state-locked = 已锁定
state-superseded = 已替换
kind-enterprise = 单位
kind-personal = 个人
word-certificate = 证书

## 被拒绝时正在办理的业务
doing-reissue = 补发
doing-extend = 延期
doing-revoke = 吊销
doing-freeze = 冻结
doing-unfreeze = 解冻
doing-bind = 绑定
doing-export = 导出私钥
doing-sign = 签署
doing-encrypt = 加密
doing-decrypt = 解密
doing-prove = 验证身份

## 证书分配、所属人与持有人（D2、D4、D5）
cert-not-member = { $person } 不是 { $org } 的成员
cert-not-member-hint = 请先用 `catool org member add` 添加该成员
cert-assign-owner-fixed = 无法修改所属人：证书名额 { $slot } 已设置所属人，所属人一经设置不可修改
cert-assign-owner-fixed-hint = 如需更换使用人，请修改持有人：`catool cert holder`
cert-holder-fixed = 证书 { $cert } 为外部导入且未关联单位，没有单位管理员，持有人不可修改
cert-owner-consent = 无权限：{ $actor } 不能让 { $holder } 持有以 { $owner } 名义签发的个人证书；持有人将以 { $owner } 的身份签署，须经 { $owner } 本人（或平台运营方）同意
cert-owner-consent-self = 无权限：未经 { $owner } 本人同意，{ $actor } 不能持有以 { $owner } 名义签发的个人证书；持有人将以 { $owner } 的身份签署
cert-owner-consent-hint = 请将持有人也设为 { $owner }，或由 { $owner } 本人办理（--as { $owner }，并以其本人证书验证身份），或由平台运营方（不加 --as）办理
cert-issue-unassigned = 无法导入：证书名额 { $slot } 暂未分配
cert-issue-unassigned-hint = 请先分配证书：`catool cert assign`
cert-issue-used = 无法导入：证书名额 { $slot } 已使用
cert-issue-used-hint = 忘记密码请补发证书：`catool cert reissue`
cert-issue-taken = 无法导入：证书名额 { $slot } 刚刚已被另一进程导入

## 证书签发（D6、D14）
cert-issue-ca-not-yet-valid = 无法导入：CA { $ca } 在 { $from } 之前尚未生效
cert-issue-ca-not-yet-valid-hint = 请在生效后再签发，或用 --ca 指定其他 CA
cert-issue-ca-ends-too-soon = 无法导入：CA { $ca } 的有效期至 { $ca_end }，不足新证书的一年有效期（至 { $not_after }），证书有效期不能超过 CA
cert-new-ca-hint = 请新建 CA（`catool ca init`），并用 --ca 从新 CA 签发
cert-outlives-ca = 已拒绝：证书有效期 { $not_before } 至 { $not_after } 超出 CA { $ca } 的有效期（{ $ca_start } 至 { $ca_end }），证书有效期不能超过 CA
cert-ca-unknown-algorithm = CA { $ca } 的算法 { $algo } 无法识别
cert-issue-serial-taken = 序列号 { $serial } 在 { $issuer } 下已被使用，未签发任何证书
cert-run-again-hint = 请重新执行该命令
cert-p12-password-short = PKCS#12 导出密码只有 { $chars } 位，至少需要 { $min } 位
cert-p12-password-short-hint = 请在 --p12-password-file 中写入更长的密码

## 证书状态（D8、D11、D12）
cert-not-issued-here = 无法{ $doing }：证书 { $cert } 为外部导入，不是本平台分配签发的证书
cert-not-issued-here-hint = 请到原签发 CA 办理补发或延期；或为持有人办理本平台证书：先 `catool cert assign` 分配，再 `catool cert issue` 导入
cert-imported-elsewhere = 证书 { $cert } 由其他 CA 签发后导入
cert-imported-elsewhere-hint = 请到原签发 CA 办理补发或延期
cert-revoked = 无法{ $doing }：证书 { $cert } 已于 { $since } 吊销
cert-superseded = 无法{ $doing }：证书 { $cert } 已被替换
cert-superseded-hint = 请使用替换后的新证书（`catool cert list` 查看）
cert-frozen = 无法{ $doing }：证书 { $cert } 已冻结
cert-frozen-hint = 请先解冻证书：`catool cert unfreeze`
cert-expired = 无法{ $doing }：证书 { $cert } 已于 { $on } 失效
cert-expired-hint = 已失效的证书不能续期，请为持有人重新办理证书（先 `catool cert assign`，再 `catool cert issue`）
cert-locked = 证书已锁定：证书 { $cert } 密码连续输错 { $attempts } 次
cert-locked-hint = 请补发证书并设置新密码后再使用：`catool cert reissue --cert { $cert } --new-pin-file FILE`

## 补发与延期（D8、D9、D10）
cert-reissue-expired = 无法补发：证书 { $cert } 已于 { $on } 失效
cert-reissue-expired-hint = 补发不是续期，请为持有人重新办理证书（先 `catool cert assign`，再 `catool cert issue`）
cert-extend-too-early = 无法延期：证书 { $cert } 的有效期还剩 { $days } 天，有效期不足三个月时才能延期
cert-extend-too-early-hint = 请在有效期不足 { $window } 个月时再办理延期
cert-extend-needs-confirmation = 延期将更换证书 { $cert } 的密钥，延期后将无法对已经制作的加密标书进行解密
cert-extend-needs-confirmation-hint = 如需保留原密钥，请加 --keep-key；确认更换请加 --yes
cert-extend-outlives-ca = 无法延期：证书 { $cert } 延期后有效期至 { $new_end }，超出其 CA { $ca } 的有效期（{ $ca_end }），证书有效期不能超过 CA
cert-extend-outlives-ca-hint = 请新建 CA（`catool ca init`），并为持有人办理新证书（先 `catool cert assign`，再 `catool cert issue --ca`）
cert-extend-no-unused-slot = 无法延期：{ $org } 没有未激活使用的{ $kind }证书
cert-extend-no-unused-slot-hint = 请联系本企业管理员购买新证书并完成支付（`catool package buy`）

## 吊销、冻结、绑定（D11、D13）
cert-revoke-invalid-reason = 吊销原因 --reason '{ $reason }' 无效，可选值：{ $expected }
cert-freeze-already-frozen = 证书 { $cert } 已冻结
cert-unfreeze-not-frozen = 证书 { $cert } 未冻结
cert-bind-needs-account = 请用 --to PERSON 指定要绑定的账号
cert-bind-already-bound = 无法绑定：证书 { $cert } 已于 { $since } 绑定到 { $account }
cert-bind-already-bound-hint = 请先解绑：`catool cert unbind --cert { $cert }`
cert-bind-imported = 外部导入且未关联单位的证书不能绑定账号
cert-unbind-not-bound = 证书 { $cert } 未绑定任何账号

## 密码与锁定（D6、D11）
cert-pin-wrong = 密码错误：证书 { $cert } 已连续输错 { $used } 次，输错 { $attempts } 次将被锁定
cert-pin-wrong-hint = 还可尝试 { $left } 次；忘记密码请补发证书
cert-pin-locked-now = 密码错误：证书 { $cert } 密码连续输错 { $attempts } 次，证书已锁定
cert-pin-not-holders = 身份未验证：证书 { $cert } 不属于 { $person }（既非持有人也未绑定），其密码不能证明 --as { $person } 的身份
cert-pin-not-holders-hint = 请用 --as-pin-file FILE 或 CATOOL_AS_PIN 提供其本人证书的密码，或不加 --as 以平台运营方身份操作
cert-pin-cannot-prove = 身份未验证：证书 { $cert } 当前无法用于验证身份
cert-pin-cannot-prove-hint = 请改用本人的其他证书（--as-cert N），或不加 --as 以平台运营方身份操作
cert-pin-invalid = { $source } 中的密码无效：密码须为 { $want } 位数字，{ $problem }
pin-problem-empty = 内容为空
pin-problem-not-digits = 含有 0-9 以外的字符
pin-problem-length = 当前为 { $digits } 位
cert-pin-file-too-long = { $source } 超过 { $max } 字节：密码文件只应包含 { $want } 位数字和一个换行
cert-pin-file-too-long-hint = 请确认文件是否正确
cert-key-damaged = 证书 { $cert } 的加密私钥已损坏
cert-key-damaged-hint = 请从备份恢复登记库，或补发证书（`catool cert reissue`）
cert-kdf-below-floor = 登记库设置 { $key } 为 { $value }{ $unit }，低于下限 { $floor }{ $unit }，不会用更弱的密码派生参数保护私钥
cert-kdf-below-floor-hint = 请执行 `catool config set { $key } { $floor }`

## 查找与列表
cert-invalid-serial = { $flag } '{ $value }' 无效：序列号应为十六进制，如 7F3A 或 7f:3a
cert-invalid-serial-hint = `catool cert show` 可查看证书序列号
cert-list-invalid-state = 状态 --status '{ $value }' 无效，可选值：{ $expected }
cert-invalid-id = 证书编号 '{ $value }' 无效，应为数字
cert-list-hint = 用 `catool cert list` 查看证书列表
cert-show-needs-ref = 请指定要查看的证书：编号、序列号、SHA-256 指纹或人员
cert-show-not-found = 登记库中没有证书 '{ $reference }'
cert-show-not-found-hint = 请输入证书编号、十六进制序列号或 SHA-256 指纹，或人员的证件号码、完整姓名（`catool cert list`）
cert-show-ambiguous = '{ $reference }' 不唯一，对应 { $count } 张证书：{ $candidates }
cert-show-ambiguous-hint = 请用 `catool cert show id:N` 指定其中一张
cert-matched-id = 编号 { $id }
cert-matched-serial = 序列号 { $serial }
cert-matched-fingerprint = SHA-256 指纹
cert-matched-person = { $person } 的证书

## 导出与导入文件
cert-export-needs-pin = 导出 PKCS#12 需要证书密码（--pin-file）
cert-export-needs-out = 导出 PKCS#12 需要指定 --out FILE（不会输出到终端）
cert-p12-password-needs-p12 = --p12-password-file 用于保护 PKCS#12 文件，请同时指定 --p12 OUT
cert-p12-password-needs-format = --p12-password-file 用于保护 PKCS#12 文件，请加 --format p12
cert-issue-needs-slot = 请指定 --slot 或 --batch
cert-import-needs-key = FILE 是证书文件，请用 --key 指定其私钥
cert-import-needs-password = FILE 看起来是 PKCS#12 文件，请用 --password-file 提供其密码
cert-import-unreadable = 无法导入：{ $problem }
cert-import-unreadable-detail = 无法导入：{ $problem }：{ $detail }
import-problem-not-certificate = 不是 DER 或 PEM 格式的证书（文件不完整或已损坏？）
import-problem-pem-cert-corrupt = PEM 证书已损坏
import-problem-no-pem-cert = PEM 内容中没有 CERTIFICATE 块
import-problem-encrypted-key = 私钥是加密的 PKCS#8，请先解密，或改为导入 PKCS#12
import-problem-no-pem-key = PEM 内容中没有 PRIVATE KEY（PKCS#8）块
import-problem-not-key = 私钥不是 RSA 或 SM2 的 PKCS#8 私钥
import-problem-not-pkcs12 = 无法读取的 PKCS#12 文件
import-problem-unreadable-constraints = 无法读取 basicConstraints 或 keyUsage 扩展
import-problem-unrecognised = 该文件既不是证书（PEM 或 DER，配 --key 或同一 PEM 中带私钥），也不是 PKCS#12 文件
cert-import-pem-no-end = 无法导入：PEM { $label } 块缺少 END 行（文件不完整？）
cert-import-pem-corrupt = 无法导入：PEM { $label } 块已损坏：{ $detail }
cert-import-critical-extension = 无法导入：证书含有 catool 无法识别的关键扩展（{ $oid }），按 RFC 5280 不得使用
cert-import-wrong-password = 无法导入：PKCS#12 密码错误（MAC 校验失败）
cert-import-too-many-certificates = 无法导入：输入中的证书超过 { $max } 张
cert-import-too-many-certificates-hint = 只需提供该证书及其签发者证书
cert-import-too-big = 无法导入：证书大小为 { $bytes } 字节，超过 { $max_kib } KiB 的上限（单位或个人证书一般只有几 KiB，此证书的名称或扩展过大）
cert-import-key-mismatch = 无法导入：私钥与证书不匹配
cert-import-rsa-size = 无法导入：RSA 密钥长度须为 2048、3072 或 4096 位
cert-import-ca-certificate = 无法导入：{ $subject } 是 CA 证书（{ $why }），不是持有人证书
cert-import-ca-certificate-hint = 请导入 CA 签发给持有人的证书（终端实体证书：CA:FALSE，且无 keyCertSign）
cert-import-forged-registry-ca = 无法导入：证书声称由本平台 CA { $cas } 签发，但签名无法用该 CA 的公钥验证，并非本平台签发（伪造？），未导入任何内容
cert-import-unverifiable-algorithm = 无法导入：catool 无法用随附的签发者证书（{ $issuer }）验证签名算法 { $alg }，目前只支持 RSA（SHA-256/384/512）和 SM2
cert-import-unverifiable-algorithm-hint = 如不附带签发者证书，可作为外部证书导入
cert-import-bad-signature = 无法导入：证书签名无法用随附的签发者证书（{ $issuer }）验证，证书可能被伪造或损坏，或为同名的其他签发者，未导入任何内容
cert-import-already-imported = 已导入：该证书（SHA-256 { $fingerprint }）即登记库中的证书 { $cert }
cert-import-not-yet-valid = 无法导入：证书尚未生效，生效时间为 { $from }
cert-import-not-yet-valid-hint = 请在证书生效后再导入
cert-import-expired = 无法导入：证书已于 { $on } 失效
cert-import-outlives-ca = 无法导入：证书由 CA { $ca } 签发，但有效期至 { $not_after }，晚于该 CA 本身（{ $ca_end }），catool 从不签发此类证书
cert-import-outlives-ca-hint = 请检查该 CA 的私钥是否已泄露

## 输出文件与批量办理
cert-output-no-directory = 无法写入 { $flag } { $path }：目录 { $dir } 不存在
cert-issue-p12-missing = 无法导入：证书名额 { $slot } 已使用（即证书 { $cert }），但 { $path } 不存在
cert-issue-p12-missing-hint = 用 `catool cert export --cert { $cert } --format p12 --out { $path }` 重新生成该文件
cert-issue-p12-not-written = 证书 { $cert } 已签发，但文件未写入：{ $why }
cert-reissue-p12-not-written = 证书 { $old } 已补发为证书 { $cert }，但文件未写入：{ $why }
cert-export-again-hint = 请重新导出：`catool cert export --cert { $cert } --format p12 --pin-file FILE --out FILE`
cert-batch-csv = --batch 第 { $line } 行：{ $why }
cert-batch-fields = --batch 第 { $line } 行：有 { $fields } 个字段，应为 slot,pin_file[,p12]
cert-batch-fields-hint = 含逗号的路径请加引号
cert-batch-output-reused = --batch 第 { $line } 行：输出文件 { $path } 已被前面的行使用
cert-batch-row = --batch 第 { $line } 行：应为 slot,pin_file[,p12]，实际为 '{ $row }'
cert-batch-path-outside = --batch 第 { $line } 行：{ $column } { $path } { $how ->
        [absolute] 是绝对路径
        [symlink] 经过符号链接
        [empty] 为空
       *[parent] 用 '..' 指向上级目录
    }
cert-batch-path-outside-hint = 批量 CSV 中的路径以 CSV 所在目录为准，且不能超出该目录
cert-batch-p12-exists = 证书名额 { $slot } 尚未导入，但其 p12 文件 { $path } 已存在
cert-batch-p12-exists-hint = 请先移走该文件（或不加 --skip-existing 并加 --force 重新办理）
## 证书的管理与导入权限（D5、D11）
cert-not-holder = 无权限：证书 { $cert } 不属于任何单位，且 { $person } 不是其持有人；仅持有人或平台运营方可以{ $doing }
cert-not-holder-hint = 请联系证书持有人办理，或去掉 --as 以平台运营方身份办理

## 主密钥与加密保存的私钥
keystore-master-key-foreign = 主密钥文件 { $path } 不属于该登记库
keystore-master-key-foreign-hint = 请用 --master-key 指定正确的主密钥文件
keystore-master-key-missing = 主密钥文件 { $path } 不存在，缺少该文件无法打开登记库中的私钥
keystore-master-key-missing-hint = 请恢复该文件，或用 --master-key 指定其位置
keystore-tampered = 历史记录被篡改：登记库 { $registry } 已被改动，{ $sign }
keystore-tampered-hint = 请从备份恢复登记库（`catool log verify` 可查看其他被改动之处）
tamper-check-removed-with-history = 已有历史记录，但主密钥校验值缺失（catool 在记录第一条历史前即已写入），校验值被删除
tamper-check-removed-with-keys = 登记库中已有CA或证书，但主密钥校验值缺失（catool 总是与其一并写入），校验值被删除
tamper-check-rolled-back = 历史记录已加密钥保护，但主密钥校验值为旧版（v1）格式，校验值被回退
keystore-kdf-out-of-range = 系统设置 { $key } 的值 { $value } 超出范围
keystore-kdf-out-of-range-hint = 请通过 `catool config set { $key } 数值` 重新设置
keystore-ca-key-unopenable = 无法用该主密钥打开CA"{ $ca }"的私钥
keystore-tsa-key-unopenable = 无法用该主密钥打开时间戳服务"{ $tsa }"的私钥
keystore-wrong-master-key-hint = 请用 --master-key 指定该登记库的主密钥
cert-damaged = 登记库中的证书 { $cert } 已损坏：{ $detail }
cert-damaged-hint = 请从备份恢复登记库（`catool log verify` 可查看被改动之处）
## 程序缺陷
cert-internal = 内部错误：{ $what }

## 谁来设置证书密码（D6、D8）
cert-pin-for-another = 无权限：{ $actor } 不能为 { $holder } 持有的证书设置密码，设置密码的人即可以持有人的身份操作和签署
cert-pin-for-another-hint = 请由持有人本人导入（--as { $holder }，并以其本人证书验证身份），或由平台运营方（不加 --as）办理
cert-pin-not-chosen-by-holder = 身份未验证：证书 { $cert } 的密码并非 { $person } 本人设置（持有人已变更），不能用于验证其身份
cert-pin-not-chosen-by-holder-hint = 请平台运营方为 { $person } 补发该证书并重新设置密码：`catool cert reissue --cert { $cert } --new-pin-file FILE`

## `catool cert …` 的结果（供人阅读的输出）
cert-line = 证书 { $cert } — { $subject } — { $state }（剩余 { $days } 天），序列号 { $serial }
cert-assigned = 证书名额 { $slot } 已分配，待导入：所属人 { $owner }，持有人 { $holder }。下一步：catool cert issue --slot { $slot } --pin-file FILE
cert-assigned-pick-ca = 证书名额 { $slot } 已分配，待导入：所属人 { $owner }，持有人 { $holder }。下一步：catool cert issue --slot { $slot } --ca CA --pin-file FILE（登记库有 { $cas } 个 CA：`catool ca list`）
cert-holder-changed = 证书 { $cert } 的持有人已变更为 { $holder }
cert-issued-line = 证书已导入：{ $line }
cert-imported-line = 外部证书已导入：{ $line }
cert-p12-written = PKCS#12 文件已写入 { $path }（加密方式：{ $profile }）
export-written = 已将 { $format } 写入 { $path }
cert-reissued-line = 证书 { $cert } 已补发，新证书：{ $line }。原证书已被替换，印章图片需重新上传（D8）
cert-extended-line = 证书 { $cert } 已延期，新证书：{ $line }
cert-revoked-line = 证书 { $cert } 已吊销（原因：{ $reason }）
cert-frozen-line = 证书 { $cert } 已冻结
cert-unfrozen-line = 证书 { $cert } 已解冻
cert-pin-correct = 证书 { $cert } 的 PIN 码验证通过
cert-bound-line = 证书 { $cert } 已绑定至 { $account }（绑定时间 { $at }），有效期至 { $until }
cert-unbound-line = 证书 { $cert } 已解绑
cert-person-none = { $person }名下没有证书
cert-person-several = { $person }名下有 { $count } 张证书，可用 `catool cert show ID` 查看其中一张：
revoke-reason-unspecified = 未说明
revoke-reason-key-compromise = 密钥泄露
revoke-reason-affiliation-changed = 所属单位变更
revoke-reason-superseded = 已被替换
revoke-reason-cessation-of-operation = 停止使用
# Between a label and its value in `key: value` lines.
field-colon = ：
value-none = 无
table-none = （无）

## `cert show`
cert-field-state = 状态
cert-field-kind = 证书类型
cert-field-subject = 主题
cert-field-issuer = 颁发者
cert-field-serial = 序列号
cert-field-algorithm = 算法
cert-field-valid = 有效期
cert-valid-period = { $from } 至 { $until }（剩余 { $days } 天）
cert-field-owner = 所属人
cert-field-holder = 持有人
cert-field-bound = 绑定账号
cert-bound-since = { $account }（{ $at } 起）
cert-field-wrong-pins = PIN 码错误次数
cert-wrong-pins = { $count }/{ $max }
cert-field-revoked = 吊销
cert-revoked-at = { $at }（原因：{ $reason }）
cert-field-replaces = 替换了
cert-field-replaced-by = 被替换为
cert-field-sha256 = SHA-256 指纹

## `cert list` 的列（其余在 party.ftl）
col-algo = 算法
col-until = 有效期至
col-days = 剩余天数
col-replaces = 替换了
col-replaced-by = 被替换为

## 仅由 PIN 码保护的 PKCS#12 文件
cert-p12-pin-only = 警告：{ $what } 仅由 { $digits } 位 PIN 码保护，拿到文件的人可在{ $cost }内试遍全部 { $pins } 个 PIN 码。请用 --p12-password-file FILE 为其设置单独的导出密码（至少 { $min } 个字符）
cert-p12-pin-only-cost = 单个 CPU 核心约 { $duration }（本机实测：{ $iterations } 次迭代下每个 PIN 码 { $ms } 毫秒；使用 GPU 或多核会快得多）
cert-p12-pin-only-cost-unknown = 很短时间（本机无法测算耗时）
cert-p12-pin-only-batch = 本批次的每个 PKCS#12 文件
duration-seconds = { $n } 秒
duration-minutes = { $n } 分钟
duration-hours = { $n } 小时
duration-days = { $n } 天

## `cert issue --batch`
cert-batch-unit = 张证书
cert-batch-issued = 张已导入
cert-batch-already-issued = 已导入
cert-batch-line = 第 { $line } 行
cert-batch-row-issued = 第 { $line } 行：证书名额 { $slot } 已导入（证书 { $cert }）
cert-batch-p12-of-line = --batch 第 { $line } 行的 p12
cert-batch-pin-file-of-line = 第 { $line } 行的 pin_file

## 终端上的 PIN 码输入
pin-source-typed = 终端输入的内容
prompt-terminal = 无法从终端读取 PIN 码：{ $detail }
prompt-terminal-hint = 请改为通过文件提供 PIN 码（--pin-file FILE，或用 - 表示标准输入）
prompt-cancelled = 已取消输入 PIN 码，未做任何更改
prompt-too-long = 输入的 PIN 码超过 { $max } 个字符
prompt-too-long-hint = PIN 码为 { $digits } 位数字，请重新输入
## 红队第四轮：与历史记录锚定的数据核对
cert-subject-differs = 登记库中证书 { $cert } 的{ $part }（{ $row }）与证书本身（{ $signed }）不符：登记库在 catool 之外被改动（历史记录被篡改），未签发任何证书
subject-part-kind = 证书类型（企业/个人）
subject-part-identity = 所属人或企业（名称、证件号码、统一社会信用代码）
subject-part-identity-extension = 身份扩展项（证件类型和号码）
cert-pin-chooser-differs = 证书 { $cert }：登记库记载其 PIN 由运营方设置，而历史记录显示由持有人自行设置：登记库在 catool 之外被改动（历史记录被篡改），该证书不能证明任何人的身份
cert-pin-history-missing = 证书 { $cert }：历史记录中没有其 PIN 由谁设置的记载：登记库在 catool 之外被改动（历史记录被篡改），该证书不能证明任何人的身份
cert-key-shared = 无法{ $doing }：证书 { $cert } 已被同一密钥的证书 { $successor } 替换
cert-key-shared-hint = 请对证书 { $successor } 执行{ $doing }：操作针对密钥，证书 { $cert } 一并生效
