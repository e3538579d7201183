# catool 的中文消息（pki）。每一条在 i18n/en/pki.ftl 中都有对应英文条目；
# 代码以 msg!("id") 引用每一条（src/i18n/tests.rs 检查两种语言）。
# 密码模块（pki-*）、CA 与 CRL（ca-*、crl-*）、时间戳服务（tsa-*）、系统设置与时间（config-*）、
# 办理记录与 `log verify`（log-*、finding-*）、投标文件加密（envelope-*）、演示（demo-*）。

## 密码模块：密钥、签名、PKCS#12、口令加密
pki-crypto = 密码运算失败（{ $layer }）：{ $detail }
pki-key-unsupported-curve = 不支持的椭圆曲线 { $curve }
pki-key-unsupported-algorithm = 不支持的密钥算法 { $oid }
pki-key-bad-sm2-public-key = SM2 公钥格式错误
pki-signature-unused-bits = 签名值（BIT STRING）含有未使用位
pki-signature-unsupported-algorithm = 不支持的签名算法 { $oid }
pki-p12-not-password-integrity = 应为口令完整性保护的 PFX 文件（authSafe 须为 id-data）
pki-p12-mac-mismatch = MAC 校验失败（密码可能错误）
pki-p12-encrypted-data-empty = EncryptedData 中没有内容
pki-p12-no-private-key = PKCS#12 文件中没有私钥
pki-p12-no-matching-certificate = PKCS#12 文件中没有与私钥匹配的证书
pki-p12-nested-too-deep = SafeContents 嵌套层数过多
pki-p12-unsupported-mac-digest = 不支持的 MAC 摘要算法 { $oid }
pki-pbe-iterations = 文件要求 { $iterations } 次密钥派生迭代，仅接受 1 至 { $max } 次（文件已损坏或为恶意文件）
pki-pbe-unsupported-kdf = 不支持的密钥派生方式（PBES2 仅支持 PBKDF2）
pki-pbe-parameters-missing = 缺少口令加密参数
pki-pbe-unsupported-algorithm = 不支持的口令加密算法 { $oid }
pki-pbe-bad-iv = 初始向量长度错误
pki-pbe-decrypt-failed = 解密失败（密码可能错误）
pki-pbe-cipher-key = 加密算法不接受派生出的密钥

## 主密钥与受保护的私钥
pki-master-key-create = 无法创建主密钥文件 { $path }：{ $why }
pki-master-key-unreadable = 无法读取主密钥文件 { $path }：{ $detail }
pki-master-key-unreadable-hint = 请用 --master-key 或环境变量 CATOOL_MASTER_KEY 指定本登记库的主密钥文件
pki-master-key-too-long = 主密钥文件 { $path } 已损坏：内容远超密钥长度（应为 64 位十六进制数）
pki-master-key-damaged = 主密钥文件 { $path } 已损坏：应为 64 位十六进制数
pki-master-key-damaged-hint = 请从备份恢复主密钥文件，缺少该文件将无法使用登记库中的密钥
pki-master-key-exposed = 主密钥文件 { $path } 对其他用户可读（权限 { $mode }）
pki-master-key-exposed-hint = 请执行 chmod 600 修改权限
pki-kdf-invalid-cost = 密钥派生强度设置无效：{ $detail }
pki-kdf-invalid-cost-hint = 用 `catool config list` 查看 kdf.memory_kib 和 kdf.iterations，用 `catool config set` 修改
pki-kdf-failed = PIN 密钥派生（Argon2id）失败：{ $detail }
pki-seal-failed = 私钥加密保护失败

## 证书密码（PIN，D6）
pki-pin-stdin-unreadable = 无法从标准输入读取证书密码：{ $detail }
pki-pin-file-unreadable = 无法读取 { $what }：{ $detail }
pki-pin-needed = 需要输入证书密码
pki-pin-needed-hint = 请用 { $flag } 指定密码文件（- 表示标准输入）、设置环境变量 CATOOL_PIN，或在终端中直接输入

## 通过 HTTP 获取时间戳（RFC 3161）
pki-tsa-url-invalid = 时间戳服务地址 '{ $url }' 无效：{ $problem }
pki-url-problem-shape = 格式应为 http://主机:端口/路径
pki-url-problem-user-name = 地址中不支持包含用户名
pki-url-problem-unclosed-bracket = 主机名中的 [ 没有闭合
pki-url-problem-port = 端口不是数字
pki-url-problem-no-host = 缺少主机名
pki-tsa-url-hint = 请按 http://主机:端口/路径 的格式填写时间戳服务地址
pki-tsa-url-https = 时间戳服务地址 '{ $url }' 无效：不支持 https；catool 通过 http 访问时间戳服务（应答本身带签名并会校验，TLS 不增加完整性保护）
pki-tsa-url-https-hint = 请使用时间戳服务的 http:// 地址
pki-tsa-http-unresolved = 时间戳服务 { $url } 无法访问：无法解析主机 { $host }：{ $detail }
pki-tsa-http-connect-timeout = 时间戳服务 { $url } 无法访问：{ $secs } 秒内未能建立连接
pki-tsa-http-connect-failed = 时间戳服务 { $url } 无法访问：{ $detail }；请检查地址是否正确、时间戳服务是否已启动
pki-tsa-http-no-address = 时间戳服务 { $url } 无法访问：该主机没有可用地址
pki-tsa-http-timeout = 时间戳服务 { $url } 响应超时：{ $secs } 秒内未收到完整应答
pki-tsa-http-connection-failed = 时间戳服务 { $url } 连接中断：{ $detail }
pki-tsa-http-too-large = 时间戳服务 { $url } 的应答过大（超过 { $kib } KiB），不是时间戳应答
pki-tsa-http-not-http = 时间戳服务 { $url } 的应答无法识别：不是 HTTP 应答
pki-tsa-http-status = 时间戳服务 { $url } 返回 HTTP 状态码 { $status }（应为 200）
pki-tsa-http-content-type = 时间戳服务 { $url } 的应答无法识别：Content-Type 为 '{ $media }'，不是 application/timestamp-reply
pki-tsa-http-bad-body = 时间戳服务 { $url } 的应答无法识别：{ $problem }
pki-body-problem-chunk-line-cut = 分块长度行不完整
pki-body-problem-bad-chunk-size = 分块长度错误
pki-body-problem-chunk-cut = 分块数据不完整或过大
pki-body-problem-bad-length = Content-Length 错误
pki-body-problem-short = 应答内容短于 Content-Length
pki-tsp-gen-time = 时间戳时间不能早于 1970 年
pki-tsa-http-reply-refused = 时间戳服务 { $url }：{ $why }
pki-tsa-http-cert-unreadable = 时间戳服务 { $url } 的证书无法读取：{ $detail }
pki-tsa-http-cert-not-valid = 时间戳服务 { $url } 的证书（{ $subject }）在时间戳时间 { $at } 不在有效期内（有效期 { $from } 至 { $to }）

## 时间戳及时间戳服务应答的校验（RFC 3161）；由调用方引用校验结果
pki-token-not-content-info = 不是 DER 格式的时间戳（CMS ContentInfo）：{ $reason }
pki-token-not-signed-data = 时间戳不是 CMS SignedData（{ $oid }）
pki-token-signed-data-unreadable = 无法读取时间戳的 SignedData：{ $reason }
pki-token-not-tst-info = 时间戳的内容不是 TSTInfo（{ $oid }）
pki-token-no-tst-info = 时间戳中没有 TSTInfo
pki-token-content-unreadable = 无法读取时间戳的内容：{ $reason }
pki-token-tst-info-unreadable = 无法读取时间戳的 TSTInfo：{ $reason }
pki-token-tst-info-version = 不支持的 TSTInfo 版本 { $version }
pki-token-no-signer = 时间戳中没有签名者
pki-token-several-signers = 时间戳中有多个签名者（RFC 3161 只允许一个）
pki-token-tsa-certificate-missing = 时间戳中没有时间戳服务证书（请求中设置了 certReq 时才会附带）
pki-token-unsupported-digest = 不支持的摘要算法 { $oid }
pki-token-no-signed-attributes = 时间戳中没有签名属性
pki-token-content-type = 时间戳的 contentType 属性不是 id-ct-TSTInfo
pki-token-no-message-digest = 时间戳中没有 messageDigest 属性
pki-token-message-digest-mismatch = 时间戳的 messageDigest 与其 TSTInfo 不一致
pki-token-signed-attributes-unlocatable = 无法定位时间戳的签名属性
pki-token-signature-invalid = 用时间戳服务证书验证时间戳签名失败：{ $failure }
pki-token-unsupported-imprint = 不支持的摘要（imprint）算法 { $oid }
pki-token-gen-time-unreadable = 无法读取时间戳的时间（genTime）
pki-token-reencode = 时间戳中的内容无法重新编码：{ $reason }
pki-token-no-signing-certificate = 时间戳中没有指明时间戳服务证书的 ESS signingCertificate 属性
pki-token-signing-certificate-empty = 时间戳的 signingCertificate 属性为空
pki-token-signing-certificate-hash = 不支持的 signingCertificateV2 摘要算法 { $oid }
pki-token-signing-certificate-other = 时间戳的 signingCertificate 属性指向的证书与签名证书不一致
pki-token-signing-certificate-issuer-serial = 时间戳的 signingCertificate 属性中的颁发者或序列号与时间戳服务证书不一致
pki-token-eku-unreadable = 时间戳服务证书 { $subject } 的扩展密钥用法无法读取：{ $reason }
pki-token-eku-missing = 时间戳服务证书 { $subject } 没有 timeStamping 扩展密钥用法（RFC 3161 2.3），不是时间戳专用证书
pki-token-eku-not-time-stamping-only = 时间戳服务证书 { $subject } 不是时间戳专用证书：扩展密钥用法只能是 id-kp-timeStamping（RFC 3161 2.3）
pki-token-eku-not-critical = 时间戳服务证书 { $subject } 的扩展密钥用法未标记为关键扩展，RFC 3161 2.3 要求标记为关键
pki-token-wrong-imprint = 时间戳对应的不是该文件（摘要不符）：应为 { $expected_alg } { $expected }，时间戳中为 { $token_alg } { $token }
pki-token-request-unreadable = 请求不是 TimeStampReq：{ $reason }
pki-token-request-algorithm = 不支持请求所用的摘要算法
pki-token-reply-unreadable = 应答不是 DER 格式的 TimeStampResp：{ $reason }
pki-token-rejected = 时间戳服务拒绝了请求{ $fail_count ->
        [0] {""}
       *[other] （{ $fail_info }）
    }{ $text_count ->
        [0] {""}
       *[other] ：{ $text }
    }
pki-token-waiting = 时间戳服务尚未处理完请求（状态 waiting）{ $fail_count ->
        [0] {""}
       *[other] （{ $fail_info }）
    }{ $text_count ->
        [0] {""}
       *[other] ：{ $text }
    }
pki-token-revocation = 时间戳服务报告证书已吊销{ $fail_count ->
        [0] {""}
       *[other] （{ $fail_info }）
    }{ $text_count ->
        [0] {""}
       *[other] ：{ $text }
    }
pki-token-status = 时间戳服务返回了状态 { $status }{ $fail_count ->
        [0] {""}
       *[other] （{ $fail_info }）
    }{ $text_count ->
        [0] {""}
       *[other] ：{ $text }
    }
pki-token-no-token = 应答表示已签发时间戳，但其中没有时间戳
pki-token-wrong-nonce = 时间戳中的随机数与请求不一致（可能是重放或发错的应答）
pki-token-unexpected-nonce = 时间戳中带有请求未发送的随机数
pki-cms-signature-key-unreadable = 无法读取签名者的 { $key_algorithm } 公钥：{ $reason }
pki-cms-signature-malformed = 签名值已损坏：{ $reason }
pki-cms-signature-rsa-with-sm3 = 不支持 RSA 与 SM3 组合的签名
pki-cms-signature-mismatch = 签名与签名者公钥或所签数据不符（签名后数据被改动，或并非该密钥所签）
pki-cms-signature-unsupported-algorithm = 不支持的签名算法 { $oid }

## catool 时间戳服务拒绝请求的原因（应答中的 statusString 使用英文；服务日志使用所选语言）
pki-tsp-request-not-der = 不是 DER 格式的 TimeStampReq：{ $reason }
pki-tsp-request-version = 不支持的请求版本 { $version }
pki-tsp-request-algorithm = 不支持的摘要算法 { $oid }，请使用 SHA-256、SHA-384、SHA-512 或 SM3
pki-tsp-request-digest-length = { $alg } 摘要应为 { $want } 字节，实为 { $got } 字节
pki-tsp-request-policy = 本时间戳服务使用的策略为 { $policy }，不是 { $requested }
pki-tsp-request-extensions = 不支持请求扩展
pki-tsp-request-could-not-issue = 时间戳服务未能签发时间戳

## 加密文件（CMS EnvelopedData）
pki-envelope-empty = 文件为空
pki-envelope-not-cms = 不是 CMS 文件（缺少 ContentInfo）：不是由 catool encrypt 或 openssl cms -encrypt 生成，或文件开头已损坏
pki-envelope-not-cms-hint = 请提供加密后的文件（.p7m，DER 或 PEM 格式），而不是原文件
pki-envelope-other-content = 该文件是{ $kind }
pki-cms-kind-signed = 签名文件（CMS SignedData），不是加密文件
pki-cms-kind-data = 未加密的 CMS 数据
pki-cms-kind-encrypted = 口令加密的 CMS EncryptedData，不是用证书加密的文件
pki-cms-kind-auth-enveloped = 采用 AES-GCM 的 CMS AuthEnvelopedData，catool 不支持解密
pki-cms-kind-other = 类型为 { $oid } 的 CMS 内容，不是 EnvelopedData
pki-envelope-damaged = 加密文件已损坏或不完整（{ $detail }）
pki-envelope-pem-not-text = PEM 文件不是文本
pki-envelope-pem-corrupt = PEM 文件已损坏或不完整：{ $detail }
pki-envelope-pem-label = 该 PEM 块是 { $label }，不是加密文件（CMS）
pki-envelope-oaep-params-corrupt = RSAES-OAEP 参数已损坏：{ $detail }
pki-envelope-mgf1-no-digest = MGF1 缺少摘要算法参数
pki-envelope-mgf1-params-corrupt = MGF1 参数已损坏：{ $detail }
pki-envelope-oaep-label-corrupt = OAEP 标签已损坏：{ $detail }
pki-envelope-no-iv = { $cipher } 缺少初始向量
pki-envelope-iv-corrupt = 初始向量已损坏：{ $detail }
pki-envelope-iv-length = { $cipher } 的初始向量为 { $got } 字节，应为 { $want } 字节
pki-envelope-sm2-key-form = SM2 加密的内容密钥既不是 GM/T 0009 ASN.1 格式，也不是 C1C3C2 原始密文
pki-envelope-unsupported-oaep-digest = 不支持摘要算法为 { $oid } 的 RSAES-OAEP（支持 SHA-1、SHA-256、SHA-384、SHA-512）
pki-envelope-unsupported-key-encryption = 不支持密钥加密算法 { $oid }（支持 RSAES-OAEP、RSA PKCS#1 v1.5 和 SM2）
pki-envelope-unsupported-mgf = 不支持掩码生成函数 { $oid }（支持 MGF1）
pki-envelope-unsupported-label-source = 不支持 OAEP 标签来源 { $oid }
pki-envelope-unsupported-recipient = 只能解密密钥传输类接收方（KeyTransRecipientInfo）的文件
pki-envelope-content-not-data = 加密内容的类型为 { $oid }，不是数据
pki-envelope-unsupported-cipher = 不支持内容加密算法 { $oid }（支持 AES-CBC、SM4-CBC 和 3DES-CBC）
pki-envelope-detached = 加密内容不在文件中（分离式）
pki-envelope-recipient-rsa-key = 证书的 RSA 公钥无法读取：{ $detail }
pki-envelope-recipient-sm2-unreadable = 证书的 SM2 公钥无法读取
pki-envelope-recipient-sm2-invalid = 证书的 SM2 公钥无效：{ $detail }
pki-envelope-recipient-algorithm = 只能用 RSA 或 SM2 证书加密文件，该证书的密钥算法为 { $oid }
pki-envelope-recipient-algorithm-curve = 只能用 RSA 或 SM2 证书加密文件，该证书的密钥算法为 { $oid }（曲线 { $curve }）
pki-envelope-recipient-algorithm-hint = 请使用投标人的 RSA 或 SM2 证书加密
pki-envelope-oaep-wrap = 无法用 RSAES-OAEP 为该证书加密密钥：{ $detail }
pki-envelope-rsa-oaep-no-open = 该 RSA 私钥无法解开内容密钥（RSAES-OAEP 校验失败）
pki-envelope-rsa-pkcs1-no-open = 该 RSA 私钥无法解开内容密钥（PKCS#1 v1.5）
pki-envelope-sm2-no-open = 该 SM2 私钥无法解开内容密钥（SM2 校验值不一致）
pki-envelope-key-mismatch = 内容密钥采用 { $transport } 加密，而私钥为 { $key }
pki-envelope-content-key-length = 解出的内容密钥为 { $got } 字节，{ $cipher } 需要 { $want } 字节
pki-envelope-not-whole-blocks = 加密内容为 { $bytes } 字节，不是 { $block } 字节分组的整数倍（文件可能不完整）
pki-envelope-bad-padding = { $cipher } 加密内容无法解密（填充错误），文件已损坏
pki-envelope-encode = 无法编码加密文件（{ $what }）：{ $detail }
pki-envelope-sm2-encrypt = SM2 加密失败：{ $detail }
pki-envelope-cipher-init = 内容加密算法不接受密钥或初始向量

## CA（D15）与 CRL 发布
ca-cert-damaged = 登记库中保存的证书已损坏：{ $detail }
ca-init-years = --years { $years } 无效：有效期应为 1 至 { $max } 年
ca-init-generating = 正在为 CA { $name } 生成 { $algo } 密钥……
ca-init-done = 已创建 CA { $id } { $name }（{ $algo }），有效期至 { $until }；CRL 地址 { $url }
ca-set-nothing = 没有需要修改的内容
ca-set-nothing-hint = 请指定 --crl-url 地址、--crl-dir 目录或 --no-crl-dir
ca-set-unchanged = CA { $id } { $name }：未做任何修改
ca-set-url = CA { $id } { $name }：此后签发的证书将使用 CRL 地址 { $url }，此前签发的证书保持原地址
ca-set-unpublished = CA { $id } { $name }：catool crl 不再将 CRL 发布到目录
ca-set-published = CA { $id } { $name }：catool crl 将 CRL 发布为 { $files }
ca-col-id = 编号
ca-col-name = 名称
ca-col-algo = 算法
ca-col-valid-until = 有效期至
ca-col-next-crl = 下一个 CRL
ca-field-id = 编号
ca-field-name = 名称
ca-field-algorithm = 算法
ca-field-subject = 主题
ca-field-serial = 序列号
ca-field-valid = 有效期
ca-field-sha256 = SHA-256 指纹
ca-field-issued = 已签发证书
ca-field-next-crl = 下一个 CRL 编号
ca-field-crl-url = CRL 地址
ca-field-crl-dir = CRL 发布目录
ca-not-published = （未发布）
crl-url-invalid = --crl-url '{ $url }' 无效：{ $problem }
crl-url-invalid-hint = 请填写形如 http://crl.example.com/ca-1.crl 的地址
crl-url-problem-too-long = 超过 512 个字符
crl-url-problem-not-ascii = 证书中只能写入不含空格的 ASCII 字符（IA5String），其他字符请做百分号编码
crl-url-problem-not-http = 验证方通过 http://（或 https://）获取 CRL
crl-url-problem-query = 带查询参数或片段的地址不能对应发布的文件
crl-url-problem-no-host = 缺少主机名
crl-url-problem-no-file-name = 路径须以文件名结尾（字母、数字、'.'、'_'、'-'、'~'，不能以 '.' 开头），即 CRL 发布时使用的文件名
crl-dir-unusable = --crl-dir { $dir } 无效：{ $detail }
crl-dir-not-directory = --crl-dir { $dir } 不是目录
crl-dir-not-directory-hint = 请先创建该目录（即网站对外提供 CRL 地址的目录）
crl-dir-not-utf8 = --crl-dir { $dir } 的路径不是 UTF-8 编码
crl-dir-not-utf8-hint = 请选择路径为 UTF-8 编码的目录

## 证书吊销列表（CRL，D11）
crl-issue-bad-serial = 证书 { $cert } 的序列号有误
crl-show-none = CA { $ca } 没有 CRL 记录（尚未签发，或仅在本版本 catool 之前签发过）
crl-issue-hint = 请签发 CRL：`catool crl --ca { $ca_id }`
crl-show-damaged = CA { $ca } 保存的第 { $number } 号 CRL 已损坏或不是由该 CA 签发（{ $detail }）
crl-publish-newer-there = 第 { $number } 号 CRL 已签发并记录在案，但未发布：{ $path } 已是本 CA 更新的第 { $newer } 号 CRL
crl-publish-newer-there-hint = 可能是另一个 `catool crl` 同时发布了它，或本登记库是比签发它的那份更旧的副本：请用此前记下的头核对（`catool log verify --head SEQ:HASH`）
crl-publish-not-written = { $why }；第 { $number } 号 CRL 已签发并记录在案
crl-publish-not-written-hint = 请重新写出：`catool crl show --ca { $ca_id } --der --out { $path } --force`
crl-issue-json-needs-out = --json 会把报告输出到标准输出，请用 --out FILE 写出 CRL 文件
crl-show-json-needs-out = --json 会输出 CRL 的内容，请用 --out FILE 写出 CRL 文件
crl-pem = 无法以 PEM 格式写出 CRL：{ $detail }
crl-rows-differ = 警告：证书 { $certs } 在登记库中的吊销或冻结状态与历史记录不一致，CRL 已按历史记录列出。登记库在 catool 之外被改动，请运行 `catool log verify` 核查
crl-issue-done = { $ca } 的第 { $number } 号 CRL：共 { $entries } 条，下次更新 { $next }
crl-issue-done-written = { $ca } 的第 { $number } 号 CRL：共 { $entries } 条，下次更新 { $next } → { $places }
crl-show-written = { $ca } 的第 { $number } 号 CRL → { $out }
crl-show-overdue = { $next }（已过期，请重新签发 CRL：`catool crl --ca { $ca_id }`）
crl-field-ca = CA
crl-field-number = CRL 编号
crl-field-this-update = 本次更新
crl-field-next-update = 下次更新
crl-field-published-as = 发布文件
crl-field-entries = 条目数
crl-col-serial = 序列号
crl-col-revoked-at = 吊销时间
crl-col-reason = 原因

## 时间戳服务
tsa-init-policy = --policy '{ $policy }' 无效：应为对象标识符，如 1.2.3.4.1
tsa-init-ca-algorithm = CA { $ca } 的算法 { $algo } 无法识别
tsa-init-ca-expired = CA { $ca } 已于 { $on } 过期，不能签发时间戳服务证书
tsa-init-ca-expired-hint = 请新建 CA（`catool ca init`），并在新 CA 下创建时间戳服务
tsa-ca-missing = 时间戳服务 { $tsa } 所属的 CA 不存在
tsa-policy-damaged = 时间戳服务 { $tsa } 的策略 OID 已损坏
tsa-stamp-not-valid = 时间戳服务 { $tsa } 无法签发时间戳：其证书有效期为 { $from } 至 { $until }
tsa-stamp-not-valid-hint = 请新建时间戳服务（catool tsa init）
tsa-stamp-serial-counter = 时间戳服务 { $tsa } 的序列号计数器有误
tsa-stamp-failed = 无法签发时间戳：{ $reason }
tsa-stamp-digest-length = { $alg } 摘要应为 { $want } 字节，实际为 { $got } 字节
tsa-serve-listen = 无法监听 { $addr }：{ $detail }
tsa-serve-listen-hint = 请用 --listen 指定其他地址
tsa-check-timeout = --timeout { $timeout } 无效：应为 1 至 { $max } 秒
tsa-check-not-certificate = { $flag } { $path }：不是 PEM 或 DER 格式的证书（{ $detail }）
tsa-check-invalid = 时间戳无效：{ $why }
tsa-check-not-a-token = 该文件不是时间戳（RFC 3161）：{ $why }
tsa-check-not-a-token-hint = 第一个文件请给出时间戳（.tsr 响应或 .tst 令牌），并用 --data 指定被盖时间戳的数据
tsa-check-cert-unreadable = 时间戳中的服务证书无法读取：{ $detail }
tsa-check-cert-not-valid-then = 时间戳服务证书 { $subject } 在时间戳时间 { $at } 不在有效期内
tsa-check-cert-expired = 时间戳服务证书 { $subject } 已于 { $on } 过期，该时间戳已不能单独证明时间
tsa-check-cert-expired-hint = 如果是 PDF 中的时间戳，此前加盖的文档时间戳仍可证明其时间，请用 pdf verify 查看
tsa-check-untrusted-registry = 时间戳本身完整，但其服务证书 { $subject }（签发者 { $issuer }）不是由本平台任何 CA 签发
tsa-check-untrusted-registry-hint = 请用 --trust CA.pem 指定该时间戳服务的 CA 证书
tsa-check-untrusted-trust = 时间戳本身完整，但其服务证书 { $subject }（签发者 { $issuer }）不是由 --trust 指定的证书签发
tsa-check-issuer-not-anchor = 时间戳本身完整，但其服务证书 { $subject } 的签发 CA 不是信任锚：{ $why }
tsa-check-reply-rejected = 该文件是拒绝请求的时间戳应答（TimeStampResp），其中没有时间戳
tsa-check-reply-empty = 时间戳应答（TimeStampResp）中没有时间戳
tsa-check-token-unreadable = 时间戳无法读取：{ $detail }
tsa-init-done = 已创建时间戳服务 { $id } { $name }（{ $algo }，策略 { $policy }），有效期至 { $until }
tsa-col-ca = CA
tsa-col-policy = 策略
tsa-col-tokens = 已签发
tsa-field-ca = CA
tsa-field-policy = 策略
tsa-field-tokens = 已签发时间戳
tsa-field-verdict = 结论
tsa-verdict-valid = 有效
tsa-field-time = 时间（genTime）
tsa-field-tsa = 时间戳服务
tsa-field-tsa-issuer = 服务证书签发者
tsa-field-trusted-by = 信任来源
tsa-registry-label = 登记库时间戳服务 { $name }
tsa-anchor-registry-ca = 登记库 CA { $name }
tsa-field-imprint = 摘要算法
tsa-field-signature = 签名算法
tsa-stamp-done = 已为 { $file }（{ $alg } { $digest }）加盖时间戳：时间戳服务 { $tsa }，序列号 { $serial } → { $out }
tsa-fetch-done = 已从 { $url } 获取时间戳，校验通过并写入 { $out }
tsa-serve-listening = listening on { $addr }（时间戳服务 { $tsa } 已启动，接收 POST application/timestamp-query 请求，按 Ctrl-C 停止）
tsa-serve-granted = 已签发 序列号 { $serial }（{ $alg } { $imprint }）
tsa-serve-granted-unrecorded = 已签发
tsa-serve-rejected = 已拒绝：{ $why }
tsa-serve-head-too-large = 请求头过大
tsa-serve-timed-out = 请求超时
tsa-serve-method = 请求方法不允许
tsa-serve-no-length = 缺少 Content-Length
tsa-serve-too-large = 请求过大
tsa-serve-content-type = Content-Type 错误
tsa-serve-closed-early = 连接在请求前关闭
tsa-serve-closed-mid = 连接在请求中途关闭
tsa-serve-read-failed = 读取失败：{ $detail }

## 系统设置与时间
config-damaged = 设置项 { $key } 的值 '{ $raw }' 不是{ $want ->
        [zone] 有效的时区
       *[number] 数字
    }
config-unknown = 没有设置项 '{ $key }'，可用的设置项：{ $known }
config-list-hint = 用 `catool config list` 查看所有设置项及其含义
config-missing = 登记库中缺少设置项 { $key }
config-not-number = { $key } 的值 '{ $value }' 无效：应为整数
config-below-floor = { $key } 设为 { $value } 低于安全下限 { $floor }（OWASP 对 Argon2id 的最低要求；强度越低，同时持有登记库和主密钥的人穷举全部 10^6 个密码就越快）
config-below-floor-hint = 请设置为不低于 { $floor } 的值
config-out-of-range = { $key } 的值 { $value } 无效：应在 { $min } 至 { $max } 之间
config-time-invalid-now = CATOOL_NOW='{ $value }' 不是 RFC 3339 时间：{ $detail }
config-time-invalid-zone = 时区 '{ $value }' 无效：应为 Asia/Shanghai、UTC 或形如 +08:00 的时差
config-time-invalid-date = { $flag } '{ $value }' 无效：应为日期（如 2026-12-01，按登记库时区）、本地时间（如 2026-12-01T08:00）或 RFC 3339 时间（如 2026-12-01T08:00:00+08:00）
config-time-invalid-duration = { $flag } '{ $value }' 无效：应为时长，如 90d、12w、3m（月）或 1y
config-col-key = 设置项
config-col-value = 值
config-col-meaning = 说明
config-set-done = { $key } = { $value }
config-help-price = 每个套餐年的价格，单位元（D3；参考价 300）
config-help-enterprise-slots = 每个套餐包含的单位证书数（D3；参考值 1）
config-help-personal-slots = 每个套餐包含的个人证书数（D3；参考值 2）
config-help-kdf-memory = 由 PIN 派生密钥时 Argon2id 使用的内存，单位 KiB（默认值及下限 19456；修改后对新保护的私钥生效）
config-help-timezone = 输入日期和显示时间所用的时区：Asia/Shanghai（默认，UTC+08:00）、UTC 或形如 +08:00 的时差；时间统一以 UTC 保存
config-help-kdf-iterations = 由 PIN 派生密钥时 Argon2id 的迭代次数（默认值及下限 2）

## 办理记录（D21）与 `log verify`
log-key-not-loaded = 办理记录密钥尚未加载就写入了记录
log-unproven = 身份未验证：以 { $person } 的身份办理业务，需要提供其名下任一证书的密码
log-unproven-hint = 请用 --as-pin-file FILE 或环境变量 CATOOL_AS_PIN 提供密码（或去掉 --as，以平台运营方身份办理）
log-rekey-refused = 办理记录无法重新加密（历史记录被篡改）：{ $rekey ->
        [rekeyed] 办理记录已于第 { $rekey_seq } 条记录重新加密，登记库却再次声称是未加密（v1）的办理记录，已被回滚或伪造
        [keyed-check] 登记库声称办理记录未加密（v1），但主密钥校验值是加密后（v2）的，已被回滚或伪造
        [check-removed] 登记库声称办理记录未加密（v1），且其中已有 CA 或证书，但主密钥校验值缺失，已被删除
       *[not-rekeyed] 未加密的办理记录未能重新加密
    }
log-restore-hint = 请从备份恢复登记库
log-verify-head-invalid = --head '{ $head }' 无效：应为 `catool log verify` 输出的 序号:哈希
log-verify-altered = 历史记录被篡改：{ $finding }
log-verify-altered-more-hint = 共发现 { $total } 处问题，`catool --json log verify` 可列出全部
log-verify-also = 另发现：{ $finding }
log-verify-intact = 历史记录完整：共 { $events } 条记录，最新记录 { $head }；登记库中的证书、证书名额、套餐、印章、印章授权、成员关系和设置与记录一致
log-verify-not-provable = 有 { $facts } 项数据写入时办理记录尚未记载，无法验证（--json 可列出）
log-col-seq = 序号
log-col-at = 时间
log-col-actor = 办理人
log-col-machine = 终端
log-col-action = 业务
log-col-object = 对象
log-col-outcome = 结果
log-col-details = 详情
finding-schema = 数据库结构：{ $problem }
finding-event-missing = 第 { $seq } 条记录缺失（已从登记库中删除）
finding-events-missing = 第 { $from }…{ $to } 条记录缺失（已从登记库中删除）
finding-event-unlinked = 第 { $seq } 条记录与前一条记录衔接不上（有记录被替换或重新插入）
finding-event-altered = 第 { $seq } 条记录写入后被修改（{ $actor } 于 { $at } 办理的 { $action }），或其哈希是在没有主密钥的情况下重新计算的
finding-event-bad-time = 第 { $seq } 条记录的时间无效（'{ $at }'）
finding-back-in-time = 第 { $seq } 条记录（{ $at } 办理的 { $action }）早于第 { $before } 条记录（{ $before_at }）：办理记录的时间不会倒退，写入时系统时钟被调回
finding-newest-missing = 第 { $from }…{ $to } 条记录缺失（最新的办理记录已被删除）
finding-history-deleted = 办理记录为空，但登记库中已有单位、人员、CA、证书、套餐或印章，这些都会产生办理记录：办理记录已被删除
finding-all-events-deleted = 办理记录为空，但记录头指向第 { $named } 条记录：全部记录已被删除
finding-head-missing = 办理记录头缺失（已从设置中删除）
finding-head-names-missing = 第 { $from }…{ $to } 条记录缺失：受主密钥保护的记录头显示最新一条为第 { $to } 条（最新的办理记录已被删除）
finding-head-mismatch = 办理记录头与最新的第 { $seq } 条记录不一致：已被修改，或取自较早的登记库
finding-rekey-recorded-broken = 第 { $seq } 条记录（history.rekey）记载，升级为加密办理记录之前的记录已被篡改：{ $what }
finding-pinned-differs = 已固定的记录头 #{ $seq } 与本登记库第 { $seq } 条记录不同：固定之后办理记录被改写
finding-pinned-missing = 已固定的记录头 #{ $seq } 不在本办理记录中：登记库是早于固定时的旧副本（从备份恢复），或办理记录被截断
finding-master-key-check = 主密钥校验：{ $rekey ->
        [rekeyed] 办理记录已于第 { $rekey_seq } 条记录重新加密，登记库却再次声称是未加密（v1）的办理记录，已被回滚或伪造
        [keyed-check] 登记库声称办理记录未加密（v1），但主密钥校验值是加密后（v2）的，已被回滚或伪造
        [check-removed] 登记库声称办理记录未加密（v1），且其中已有 CA 或证书，但主密钥校验值缺失，已被删除
       *[not-rekeyed] 未加密的办理记录未能重新加密
    }
finding-row-without-event = { $table ->
            [certs] 证书 { $row_id }
            [slots] 证书名额 { $row_id }
            [packages] 套餐 { $row_id }
            [seals] 印章 { $row_id }
            [seal_assignments] 印章 { $row_id } 与证书 { $row_other } 的绑定关系
            [seal_grants] 印章授权 { $row_id }
            [memberships] 人员 { $row_other } 在单位 { $row_id } 的成员关系
            [orgs] 单位 { $row_id }
            [persons] 人员 { $row_id }
            [cas] CA { $row_id }
            [tsas] 时间戳服务 { $row_id }
            [settings] 设置项 { $row_key }
           *[other] { $table } 表第 { $row_id } 行
        }：没有对应的办理记录（是在 catool 之外添加的）
finding-row-deleted = { $table ->
            [certs] 证书 { $row_id }
            [slots] 证书名额 { $row_id }
            [packages] 套餐 { $row_id }
            [seals] 印章 { $row_id }
            [seal_assignments] 印章 { $row_id } 与证书 { $row_other } 的绑定关系
            [seal_grants] 印章授权 { $row_id }
            [memberships] 人员 { $row_other } 在单位 { $row_id } 的成员关系
            [orgs] 单位 { $row_id }
            [persons] 人员 { $row_id }
            [cas] CA { $row_id }
            [tsas] 时间戳服务 { $row_id }
            [settings] 设置项 { $row_key }
           *[other] { $table } 表第 { $row_id } 行
        }：已缺失，该数据由{ $event_kind ->
            [action] 第 { $event_seq } 条记录（{ $event_action }）
            [default] 系统默认值
           *[seq] 第 { $event_seq } 条记录
        }创建，是在 catool 之外删除的
finding-field-differs = { $table ->
            [certs] 证书 { $row_id }
            [slots] 证书名额 { $row_id }
            [packages] 套餐 { $row_id }
            [seals] 印章 { $row_id }
            [seal_assignments] 印章 { $row_id } 与证书 { $row_other } 的绑定关系
            [seal_grants] 印章授权 { $row_id }
            [memberships] 人员 { $row_other } 在单位 { $row_id } 的成员关系
            [orgs] 单位 { $row_id }
            [persons] 人员 { $row_id }
            [cas] CA { $row_id }
            [tsas] 时间戳服务 { $row_id }
            [settings] 设置项 { $row_key }
           *[other] { $table } 表第 { $row_id } 行
        }：{ $field ->
            [status] 状态
            [state] 状态
            [revoke_reason] 吊销原因
            [locked] 锁定标志
            [wrong_pins] 密码错误次数
            [slot_id] 证书名额
            [org_id] 所属单位
            [owner_person_id] 所属人
            [holder_person_id] 持有人
            [bound_person_id] 绑定账号
            [person_id] 人员
            [seal_id] 印章
            [package_id] 套餐
            [kind] 类型
            [enterprise_slots] 单位证书数
            [personal_slots] 个人证书数
            [valid_from] 生效时间
            [valid_until] 失效时间
            [role] 角色
            [name] 名称
            [uscc] 统一社会信用代码
            [auth_method] 授权方式
            [sha256] 证书内容（SHA-256 指纹）
            [serial_hex] 序列号
            [crl_dir] CRL 发布目录
            [crl_urls] CRL 地址
            [next_crl_number] 下一个 CRL 编号
            [cert_der_hex] 证书内容
            [ca_id] CA
            [next_serial] 下一个时间戳序列号
            [value] 值
           *[other] { $field }
        }为{ $found_kind ->
        [none] 空
       *[text] {" "}{ $found }
    }，而办理记录中为{ $want_kind ->
        [none] 空
        [zero-or] {" "}{ $want }（或 0）
       *[text] {" "}{ $want }
    }，依据为{ $event_kind ->
            [action] 第 { $event_seq } 条记录（{ $event_action }）
            [default] 系统默认值
           *[seq] 第 { $event_seq } 条记录
        }
finding-slot-unpaid = 证书名额 { $slot } 属于套餐 { $package }，而办理记录中该套餐从未付款（是在 catool 之外添加的）
finding-slot-count = 套餐 { $package } 有 { $have } 个{ $kind ->
        [enterprise] 单位
       *[personal] 个人
    }证书名额，而办理记录中付款的是 { $want } 个，依据为{ $event_kind ->
            [action] 第 { $event_seq } 条记录（{ $event_action }）
            [default] 系统默认值
           *[seq] 第 { $event_seq } 条记录
        }
finding-slot-deleted = 证书名额 { $slot } 缺失，但办理记录中使用过它（是在 catool 之外删除的）
finding-not-provable = { $table ->
            [certs] 证书 { $row_id }
            [slots] 证书名额 { $row_id }
            [packages] 套餐 { $row_id }
            [seals] 印章 { $row_id }
            [seal_assignments] 印章 { $row_id } 与证书 { $row_other } 的绑定关系
            [seal_grants] 印章授权 { $row_id }
            [memberships] 人员 { $row_other } 在单位 { $row_id } 的成员关系
            [orgs] 单位 { $row_id }
            [persons] 人员 { $row_id }
            [cas] CA { $row_id }
            [tsas] 时间戳服务 { $row_id }
            [settings] 设置项 { $row_key }
           *[other] { $table } 表第 { $row_id } 行
        }：{ $field ->
            [status] 状态
            [state] 状态
            [revoke_reason] 吊销原因
            [locked] 锁定标志
            [wrong_pins] 密码错误次数
            [slot_id] 证书名额
            [org_id] 所属单位
            [owner_person_id] 所属人
            [holder_person_id] 持有人
            [bound_person_id] 绑定账号
            [person_id] 人员
            [seal_id] 印章
            [package_id] 套餐
            [kind] 类型
            [enterprise_slots] 单位证书数
            [personal_slots] 个人证书数
            [valid_from] 生效时间
            [valid_until] 失效时间
            [role] 角色
            [name] 名称
            [uscc] 统一社会信用代码
            [auth_method] 授权方式
            [sha256] 证书内容（SHA-256 指纹）
            [serial_hex] 序列号
            [crl_dir] CRL 发布目录
            [crl_urls] CRL 地址
            [next_crl_number] 下一个 CRL 编号
            [cert_der_hex] 证书内容
            [ca_id] CA
            [next_serial] 下一个时间戳序列号
            [value] 值
           *[other] { $field }
        }由办理记录开始记载之前的操作设置，无法验证

## 投标文件加密（D20）
envelope-cert-damaged = 证书 { $cert } 已损坏：{ $detail }
envelope-encrypt-superseded = 无法加密：证书 { $cert } 已被证书 { $next } 替换
envelope-encrypt-superseded-hint = 请改用证书 { $next } 加密
envelope-encrypt-superseded-unknown = 无法加密：证书 { $cert } 已被替换
envelope-encrypt-superseded-unknown-hint = 请改用替换后的新证书加密（`catool cert list` 查看）
envelope-encrypt-frozen = 无法加密：证书 { $cert } 已冻结，已在 CRL 中列为暂停使用，解冻前持有人无法解密
envelope-encrypt-frozen-hint = 请先解冻证书：`catool cert unfreeze --cert { $cert }`
envelope-encrypt-locked = 无法加密：证书 { $cert } 密码连续输错 { $attempts } 次已锁定；只有补发才能解锁，而补发会更换密钥，现在加密的文件将无法解密
envelope-encrypt-locked-hint = 请先补发证书（`catool cert reissue --cert { $cert } --new-pin-file FILE`），再用新证书加密
envelope-encrypt-recipient-file = --to { $name }：{ $problem }
envelope-file-problem-no-block = PEM 文件中没有 CERTIFICATE 块
envelope-file-problem-no-end = PEM 证书块缺少 END 行（文件可能不完整）
envelope-file-problem-pem-corrupt = PEM 证书已损坏：{ $detail }
envelope-file-problem-not-certificate = 不是 DER 或 PEM 格式的证书（文件可能不完整或已损坏）：{ $detail }
envelope-encrypt-forged = --to { $name }：该文件的签发者和序列号与证书 { $cert } 相同，但内容不同，不是本平台 CA 签发的证书（可能被伪造或已损坏）
envelope-encrypt-expired = 无法加密：该证书已于 { $on } 失效
envelope-encrypt-not-yet-valid = 无法加密：该证书在 { $from } 之前尚未生效
envelope-encrypt-no-recipient-id = --to { $to }：登记库中没有证书 { $to }，也没有名为 { $to } 的文件
envelope-encrypt-no-recipient-hint = 请用 catool cert list 查看证书
envelope-encrypt-no-recipient-file = --to { $to }：证书文件不存在
envelope-document-unreadable = 无法读取 { $path }：{ $detail }
envelope-document-directory = { $path } 是目录，不是文件
envelope-document-too-large = { $path } 超过加密/解密文件的大小上限 { $limit }
envelope-decrypt-unreadable = 无法解密：{ $file } 不是可读取的加密文件：{ $reason }
envelope-decrypt-not-for-cert = 无法解密：该文件不是用证书 { $cert } 加密的（接收方：{ $recipient }{ $others ->
        [0] {""}
       *[other] ，另有 { $others } 个接收方
    }）
envelope-recipient-issuer-serial = 签发者 { $issuer }，序列号 { $serial }
envelope-recipient-issuer-serial-known = 签发者 { $issuer }，序列号 { $serial }，即证书 { $known }
envelope-recipient-key-id = 主体密钥标识 { $key_id }
envelope-recipient-other = { $kind } 类接收方（catool 不支持）
envelope-decrypt-key-changed = 无法解密：该文件是用证书 { $made_for }（序列号 { $serial }）加密的，证书 { $cert } 在{ $how }时更换了密钥，证书 { $cert } 的私钥无法解开该文件；延期未加 --keep-key 时，延期前加密的文件无法用新密钥解密（D10）
envelope-key-change-extension = 延期（未加 --keep-key）
envelope-key-change-reissue = 补发（补发总会生成新的密钥对，D8）
envelope-key-change-both = 补发和延期
envelope-decrypt-key-changed-hint = 请投标人用证书 { $cert } 重新加密；如需保留密钥，延期时请使用 `catool cert extend --keep-key`
envelope-decrypt-key-does-not-open = 无法解密：证书 { $cert } 的私钥无法解开该文件（{ $reason }）；可能是文件中的加密密钥已损坏，或文件是为该证书的另一个密钥加密的；延期未加 --keep-key 时，延期前加密的文件无法用新密钥解密（D10）
envelope-decrypt-damaged = 无法解密：{ $reason }
envelope-decrypt-failed = 无法解密：{ $reason }
envelope-warning-expires-soon = 证书 { $cert } 将于 { $on } 到期（即将过期）：请用 `catool cert extend --keep-key` 延期，否则延期后将无法对已经制作的加密标书进行解密（D10）
envelope-warning-not-in-registry = 该证书不在本登记库中，catool 无法判断其是否已吊销，请查询其 CRL
envelope-warning-line = 警告：{ $message }
envelope-encrypt-done = 已加密 { $input }（{ $input_bytes } 字节），接收证书 { $cert }（{ $subject }，序列号 { $serial }），输出 { $output }（{ $bytes } 字节；{ $key_encryption }，{ $content_encryption }）
envelope-encrypt-done-file = 已加密 { $input }（{ $input_bytes } 字节），接收证书（{ $subject }，序列号 { $serial }），输出 { $output }（{ $bytes } 字节；{ $key_encryption }，{ $content_encryption }）
envelope-decrypt-done = 已用证书 { $cert } 解密 { $input }，输出 { $output }（{ $bytes } 字节）
envelope-decrypt-done-kept-key = 已用证书 { $cert } 解密 { $input }，输出 { $output }（{ $bytes } 字节）；该文件是用证书 { $made_for }（序列号 { $serial }）加密的，证书 { $cert } 沿用了其密钥

## 演示与手册页
demo-dir-taken = { $dir } 不是空目录（演示会替换其中的文件）
demo-dir-taken-hint = 请用 --dir 指定一个新的或空的目录
demo-dir-unusable = 无法创建演示目录：{ $detail }
demo-starting = catool 演示目录：{ $dir }
demo-look-around = 登记库：{ $registry }
    查看结果：catool --db { $registry } org show { $org }
              catool --db { $registry } log
demo-person = 已登记人员 { $id } { $name }
demo-org = 已登记单位 { $id } { $name }（统一社会信用代码 { $uscc }），管理员 { $admin }
demo-member = { $admin } 已将 { $member } 添加为单位成员
demo-buy-refused = 未完成 CA 授权前购买套餐被拒绝：{ $why }
demo-authorized = 已记录 { $org } 的 CA 授权（人脸核验）
demo-bought = { $admin } 购买了套餐 { $package }：单位证书 { $enterprise } 个、个人证书 { $personal } 个，共 { $price } 元
demo-paid = 已记录套餐 { $package } 付款：{ $slots } 个证书名额可用
demo-history = 办理记录：共 { $events } 条，加密链{ $intact ->
        [yes] 完整，登记库与记录一致
       *[no] 存在问题
    }
demo-ca = 已创建 CA { $name }（{ $algo }），证书保存在 { $path }
demo-tsa = 已在 { $ca } 下创建时间戳服务 { $name }（RFC 3161，{ $algo }）
demo-issued = 已为 { $person } 导入证书名额 { $slot }（{ $algo }）：证书 { $cert }，有效期至 { $until }，PKCS#12 文件 { $p12 }（密码见 { $pin }）
demo-holder-refused = { $admin } 未经 { $name } 同意，试图把她的个人证书的持有人改为自己，被拒绝：{ $why }
demo-bound = { $name } 已用证书密码将证书 { $cert } 绑定到本人账号
demo-reissued = { $name } 忘记了证书密码：已补发证书 { $old }，新证书为 { $new }，新密码见 { $pin }，到期日不变（{ $until }）
demo-crl = { $ca } 的第 { $number } 号 CRL：共 { $entries } 条 → { $path }
demo-archived = 已归档：加入 { $certs } 张证书和 { $crls } 个最新 CRL 供离线验证（/DSS），并由 { $tsa } 加盖文档时间戳（PAdES B-LTA，catool pdf timestamp）
demo-seal = 已制作印章 { $id } { $label }（{ $owner }，{ $mm } 毫米，立即生效）→ { $path }
demo-seals-assigned = { $admin } 已将合同专用章分配给证书 { $cert }，将 { $member } 的个人名章分配给证书 { $member_cert }（分配印章）
demo-stamped = 已在全部 { $pages } 页加盖公章骑缝章 → { $path }
demo-signed = { $admin } 作为甲方用证书 { $cert }（SM2）在第一个“盖章处”加盖合同专用章并签名（关键字签章，已校验密码）
demo-cosigned = { $name } 用证书 { $cert }（RSA）在第二个“盖章处”加盖个人名章并会签 → { $path }
demo-verified = 已验证 { $path }：{ $total } 个签名中 { $valid } 个有效（文件完整、可追溯到本平台 CA、未吊销，含文档时间戳），签名级别 PAdES { $levels }
demo-tampered = 模拟篡改：追加了一个替换第 1 页内容的修订版本（{ $path }），现在 { $total } 个签名中 { $valid } 个有效——{ $caught }
man-dir-unusable = 无法创建目录 { $dir }：{ $detail }
authority-internal = 内部错误：{ $what }

## 登记库记录不可信（与带密钥校验的历史记录不符，D21）
anchor-object-cert = 证书 { $id }
anchor-object-slot = 证书名额 { $id }
anchor-object-ca = CA { $id }「{ $name }」
anchor-object-tsa = 时间戳服务 { $id }「{ $name }」
anchor-history-unchecked = { $object }：无法核对其历史记录：{ $error }
anchor-cert-not-in-history = 证书 { $cert } 没有带密钥校验的历史记录（是在 catool 之外添加的）
anchor-cert-differs = 证书 { $cert } 的{ $part }与其历史记录（事件 #{ $seq } { $action }）所记载的不一致
anchor-part-body = 证书内容（SHA-256 指纹）
anchor-part-serial = 序列号
anchor-part-ca = 签发机构
anchor-ca-no-init = CA { $ca }「{ $name }」不是信任锚：没有带密钥校验的 ca.init 事件（是在 catool 之外添加的）
anchor-tsa-no-init = 时间戳服务 { $tsa }「{ $name }」没有带密钥校验的 tsa.init 事件（是在 catool 之外添加的）
anchor-certificate-differs = { $object }不是信任锚：其证书与历史记录（事件 #{ $seq } { $action }）所记载的不一致
anchor-tsa-ca-differs = 时间戳服务 { $tsa }「{ $name }」：其所属 CA 与历史记录（事件 #{ $seq } { $action }）所记载的不一致
anchor-crl-dir-differs = CA { $ca }「{ $name }」：登记库中的 CRL 发布目录（{ $stored }）与历史记录配置的（{ $configured }）不一致，不予使用
anchor-crl-urls-differ = CA { $ca }「{ $name }」：登记库中的 CRL 地址（{ $stored }）与历史记录配置的（{ $configured }）不一致，不予使用
anchor-crl-urls-added = CA { $ca }「{ $name }」：登记库中的 CRL 地址（{ $stored }）与历史记录配置的（{ $configured }；多出：{ $added }）不一致，不予使用
anchor-none = 无
anchor-signer-record-missing = 签名人证书（序列号 { $serial }）由本登记库的 CA 签发，但登记库中没有这张证书：其记录已在 catool 之外被修改或删除
anchor-row-differs = { $object }：登记库中的 { $column } 为 { $stored }，但历史记录为 { $history }
anchor-row-differs-event = { $object }：登记库中的 { $column } 为 { $stored }，但历史记录（事件 #{ $seq } { $action }）为 { $history }
anchor-restore-hint = 历史记录被篡改，请运行 `catool log verify` 核查，并从备份恢复登记库

## 电子印章与电子签章（GB/T 38540 / GM/T 0031）
ses-party-maker = 制章者
ses-party-signer = 签章人
ses-in-file = { $file }：{ $reason }
ses-not-der = 不是 DER 编码的电子印章或电子签章数据（文件不完整或已损坏）：{ $detail }
ses-header-id = 不是电子印章：头信息标识为“{ $found }”，应为“ES”
ses-version = 无法识别的电子印章版本 { $version }（支持 1、4、5 版）
ses-v5 = 无法读取的 GM/T 0031-2025（第 5 版）内容：{ $detail }
ses-layout = 头信息标明版本 { $version }，但内容不符合该版本的数据格式：{ $detail }
ses-cert-list-type = 证书列表类型为 { $declared }，但列表内容为类型 { $found }
ses-cert-unreadable = 无法读取{ $party }证书：{ $detail }
ses-algorithm = { $party }的签名算法 { $oid } 不是 SM2/SM3 或 RSA/SHA-256
ses-signature = { $party }签名验证失败：内容已被修改或非该密钥签名
ses-maker-not-trusted = 制章者“{ $subject }”不受信任：其证书无法链接到信任根
ses-maker-not-trusted-hint = 如信任该制章者，请用 --trust 指定其 CA 证书
ses-maker-chain = 制章者“{ $subject }”的证书未通过签发者信任根的验证：{ $detail }
ses-expired = 印章已于 { $end } 过期（验证时间 { $at }）
ses-not-yet-valid = 印章自 { $start } 起才生效（验证时间 { $at }）
ses-maker-expired = 制章者证书已于 { $end } 过期，早于印章制作时间（{ $at }）
ses-maker-not-yet-valid = 制章者证书自 { $start } 起才生效，晚于印章制作时间（{ $at }）
ses-picture-kind = 印章图片类型为“{ $kind }”，仅支持校验 PNG 和 JPEG 图片
ses-picture = 印章图片（{ $kind }）无法解码：{ $detail }
ses-picture-too-large = 印章图片为 { $width } × { $height } 像素，超过 { $max } 像素的上限
ses-signer-not-listed = 签章人“{ $subject }”不在印章的证书列表中
ses-signer-not-trusted = 签章人“{ $subject }”不受信任：其证书无法链接到信任根
ses-signer-not-trusted-hint = 如信任该签章人，请用 --trust 指定其 CA 证书
ses-signer-chain = 签章人“{ $subject }”的证书未通过签发者信任根的验证：{ $detail }
ses-signer-expired = 签章人证书已于 { $end } 过期（验证时间 { $at }）
ses-signer-not-yet-valid = 签章人证书自 { $start } 起才生效（验证时间 { $at }）
ses-withdrawn-revoked = 吊销
ses-withdrawn-frozen = 冻结
ses-signer-withdrawn = 签章人证书已被{ $how }
ses-signer-withdrawn-after = 签章人证书已于 { $on } 被{ $how }，晚于签章声称的时间（{ $time }）；该时间仅为签章人自行声明，无法证明签章早于{ $how }
ses-signer-withdrawn-before = 签章人证书已于 { $on } 被{ $how }，不晚于签章时间（{ $time }）
ses-signer-record = 登记库中签章人证书的记录不可信：{ $detail }
ses-data-hash = 该签章不是针对此文件的：{ $algorithm } 原文杂凑值不一致
ses-data-hash-hint = 请提供签章对应的原文件
ses-stamp-version = 无法识别的电子签章版本 { $version }（支持 1、4、5 版）
ses-time = 无法读取印章或签章中的时间：{ $detail }
ses-encode = 无法编码印章或签章数据：{ $detail }
ses-seal-heading = 印章 { $file }
ses-stamp-heading = 签章 { $stamp }（原文 { $file }）
ses-embedded-seal = 签章所用印章
ses-checks = 验证项
ses-field-verdict = 验证结果
ses-field-version = 版本
ses-field-es-id = 印章编码（esID）
ses-field-name = 印章名称
ses-field-type = 印章类型
ses-field-vid = 厂商标识（Vid）
ses-field-maker = 制章者
ses-field-valid = 有效期
ses-field-checked-at = 验证时间
ses-field-picture = 印章图片
ses-field-cert-list = 签章人证书列表
ses-field-time = 签章时间
ses-field-signer = 签章人
ses-field-property = 原文属性
ses-field-hash = 原文杂凑算法
ses-verdict-valid = 有效
ses-verdict-not-valid = 无效
ses-version-1 = 1（GM/T 0031-2014）
ses-version-4 = 4（GB/T 38540-2020）
ses-version-5 = 5（GM/T 0031-2025）
ses-type-org = 单位印章
ses-type-personal = 个人印章
ses-type-other = 类型 { $type }
ses-valid-range = { $start } 至 { $end }
ses-picture-value = { $kind }，{ $width } × { $height } 毫米，{ $px_width } × { $px_height } 像素
ses-picture-value-undecoded = { $kind }，{ $width } × { $height } 毫米
ses-cert-list-certs = { $count } 张证书
ses-cert-list-digests = { $count } 个证书摘要
ses-check-structure = 数据结构
ses-check-version = 版本
ses-check-maker-signature = 制章者签名
ses-check-chain = 制章者证书链
ses-check-maker-validity = 制章者证书有效期
ses-check-validity = 有效期
ses-check-picture = 印章图片
ses-check-cert-list = 证书列表
ses-check-data-hash = 原文杂凑值
ses-check-signer-listed = 签章人在证书列表中
ses-check-signature = 签章人签名
ses-check-signer-validity = 签章人证书有效期
ses-check-signer-chain = 签章人证书链
ses-check-signer-revocation = 签章人证书吊销状态
ses-outcome-passed = 通过
ses-outcome-failed = 未通过：{ $reason }
ses-outcome-not-trusted = 不受信任：{ $reason }
ses-outcome-not-checked = 未检查：{ $reason }
ses-not-checked-no-source = 没有可查询的登记库（仅用 --trust 指定了信任根）
ses-not-checked-signer-unknown = 登记库中没有该证书的记录（并非其 CA 签发）
ses-key-not-certificate = { $party }的私钥与所给证书不匹配
