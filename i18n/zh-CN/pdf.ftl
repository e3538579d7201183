# catool 的中文消息（pdf）。每一条在 i18n/en/pdf.ftl 中都有对应英文条目；
# 代码以 msg!("id") 引用每一条（src/i18n/tests.rs 检查两种语言）。
# 文件名、关键字、签名域名、DN 和时间均为数据，原样引用。

## 读取 PDF
pdf-read-empty = 不是 PDF 文件：文件为空
pdf-read-no-header = 不是 PDF 文件：前 1024 字节内没有 %PDF- 文件头
pdf-read-unreadable = 无法读取 PDF（文件可能已损坏或不完整）：{ $detail }
pdf-read-needs-password = 该 PDF 设有打开密码
pdf-read-needs-password-hint = 请用 --password-file 提供打开密码
pdf-read-wrong-password = PDF 密码错误：--password-file 中的密码无法打开该文件
pdf-read-no-pages = 无法读取 PDF：文件中没有页面（可能已损坏或不完整）
pdf-read-damaged = PDF 结构已损坏：{ $detail }
pdf-read-no-catalog = PDF 已损坏：文件尾（trailer）缺少 /Root 目录
pdf-read-damaged-page = { $where }：页面对象已损坏：{ $detail }
pdf-read-revisions = PDF 已损坏：{ $problem }
pdf-in-file = { $in_file }：{ $in_file_error }
pdf-where-page = 第 { $where_page } 页
pdf-where-object = 页面对象 { $where_object } { $where_generation }

## 写入 PDF
pdf-write-xref-rebuilt = 无法更新该 PDF：其交叉引用表已损坏（偏移量与文件不符），追加的修订版将无法打开
pdf-write-xref-rebuilt-hint = 请先修复文件（如 `qpdf damaged.pdf repaired.pdf`），再使用修复后的副本
pdf-write-failed = 无法写入 PDF：{ $detail }
pdf-write-encrypted = 无法向加密的 PDF 添加{ $what }
pdf-write-encrypted-hint = 请以 B-T 级别签署，或先解密（qpdf --decrypt）
pdf-appended-validation-data = 验证数据
pdf-appended-document-timestamp = 文档时间戳

## 盖章位置（D19）
pdf-place-page-out-of-range = 第 { $page } 页超出范围：该 PDF 共 { $count } 页
pdf-place-invalid-pages = --pages '{ $spec }' 无效：{ $why }
pdf-place-invalid-pages-hint = 页码写法如 1-3,5,last
pdf-pages-not-a-number = '{ $part }' 既不是页码也不是 'last'
pdf-pages-backwards = 范围 { $from }-{ $to } 起止颠倒
pdf-pages-nothing = 未指定任何页
pdf-place-invalid-pair = { $flag } '{ $value }' 无效：应为两个数，如 150,240
pdf-place-invalid-anchor = --at 锚点 '{ $name }' 无效：应为 tl、tc、tr、l、c、r、bl、bc 或 br（如 br:-20,20）
pdf-place-invalid-occurrence = --occurrence '{ $value }' 无效：应为 first、all 或从 1 开始的序号
pdf-place-edges-disagree = --cross-page { $cross_page } 与 --edge { $edge } 不一致
pdf-place-edges-disagree-hint = 只需指定一次页边，写作 --cross-page EDGE
pdf-place-no-position = 未指定盖章位置
pdf-place-no-position-hint = 请指定位置：--at X,Y 或 --at ANCHOR:DX,DY（配合 --page/--pages/--all）、--cross-page，或 --keyword 关键字
pdf-place-at-needs-full-seal = 与 --cross-page 同用时，--at 指的是整枚印章的位置
pdf-place-at-needs-full-seal-hint = 请加上 --with-full-seal（骑缝部分盖在页边）
pdf-place-seal-size-mm = 印章尺寸 { $width }x{ $height } 毫米无效：应在 5 至 300 毫米之间
pdf-place-seal-size-pt = 可见签名的印章尺寸 { $width }x{ $height } pt 无效
pdf-sign-no-mark = 可见签名需要盖章位置（未给出位置）
pdf-place-clip-empty = 印章在第 { $page } 页的裁剪范围内没有可见部分
pdf-place-off-page = 位于 ({ $x }, { $y }) 毫米的印章会超出第 { $page } 页（{ $width }×{ $height } 毫米）
pdf-place-off-page-hint = 请给出页面内的位置，或使用锚点（如 --at br:-20,20），或加 --clamp 将印章移入页面
pdf-place-larger-than-page = 位于 ({ $x }, { $y }) 毫米的印章会超出第 { $page } 页（{ $width }×{ $height } 毫米）：印章比页面还大
pdf-place-larger-than-page-hint = 请用 --size 指定更小的尺寸
pdf-stamp-invalid-opacity = --opacity { $value } 无效：应在 0.05 至 1 之间
pdf-stamp-cannot-add = 无法在第 { $page } 页加盖印章：{ $detail }
pdf-stamp-seal-image = 印章图片有误：{ $image_error }
pdf-stamp-needs-seal-or-image = 请指定 --seal 印章或 --image 印章图片
pdf-stamp-signed = 该 PDF 已签名，不能再盖章：盖章会改动已签署的内容，已有签名将失效
pdf-stamp-signed-hint = 请改为签章：`catool pdf sign FILE --cert N --seal S --at X,Y`（或先盖章再签名）

## 骑缝章
pdf-cross-page-one-page = 骑缝章至少需要两页，而该 PDF 只有一页
pdf-cross-page-too-few-pages = 骑缝章至少需要两页，{ $selected ->
    [0] 未选中任何页
   *[other] 只选中了一页
  }
pdf-cross-page-single-hint = 单页盖章请改用 --at
pdf-cross-page-pages-per-seal-too-few = --pages-per-seal { $n } 无效：骑缝章至少跨 2 页
pdf-cross-page-invalid-split-ratio = --split-ratio { $value } 无效：应为每组首页所占印章的比例，大于 0 且小于 1
pdf-cross-page-invalid-split-ratio-hint = 例如 --split-ratio 0.5
pdf-cross-page-invalid-min-strip = --min-strip-mm { $value } 无效：应大于 0 且不超过 300
pdf-cross-page-invalid-along = --along { $value } 无效
pdf-cross-page-pages-per-seal-too-many = --pages-per-seal { $n } 超过了待盖章的 { $count } 页
pdf-cross-page-pages-per-seal-too-many-hint = 请指定 2 至 { $count }
pdf-cross-page-strips-too-thin = { $seal } 毫米的印章分到 { $pages } 页上，每条仅宽 { $strip } 毫米，小于 --min-strip-mm { $min }
pdf-cross-page-fewer-pages-hint = 请将 --pages-per-seal 设为 { $most } 或更少，或调低 --min-strip-mm
pdf-cross-page-ratio-or-size-hint = 请将 --split-ratio 调近 1/2、增大 --size，或调低 --min-strip-mm
pdf-cross-page-larger-size-hint = 请增大 --size，或调低 --min-strip-mm
pdf-cross-page-past-page = 距页面{ $from }边 { $along } 毫米的骑缝章会超出第 { $page } 页（该页沿{ $edge }边长 { $run } 毫米）
pdf-cross-page-seal-too-long-hint = 印章长 { $length } 毫米：请用 --size 指定更小的尺寸
pdf-cross-page-along-between-hint = 请将 --along 设在 { $lowest } 至 { $highest } 毫米之间
pdf-cross-page-part-too-deep = 印章在第 { $page } 页的部分深 { $depth } 毫米，超过该页的 { $across } 毫米
pdf-cross-page-part-too-deep-hint = 请减小 --size 或 --split-ratio
pdf-cross-page-full-seal-on-strip = 第 { $page } 页 ({ $x }, { $y }) 毫米处的整枚印章会压住该页的骑缝章
pdf-cross-page-full-seal-on-strip-hint = 请用 --at 指定避开{ $edge }边骑缝章的位置
pdf-edge-right = 右
pdf-edge-left = 左
pdf-edge-top = 上
pdf-edge-bottom = 下
pdf-edge-from-top = 顶
pdf-edge-from-left = 左

## 关键字签章
pdf-keyword-empty = 要查找的关键字为空
pdf-keyword-not-found = 未在 PDF 中找到关键字“{ $keyword }”（共 { $pages } 页），未盖章
pdf-keyword-not-found-hint = 如找不到关键字时照常输出原文件，请加 --allow-missing
pdf-keyword-cut = { $keyword_start }…（共 { $keyword_chars } 个字符）
pdf-keyword-no-such-occurrence = 关键字“{ $keyword }”只出现 { $total } 次，没有第 { $n } 处
pdf-keyword-stream-too-large = { $where }：内容流解压后超过 { $mib } MiB（文件可能已损坏或被恶意构造），无法查找
pdf-keyword-content-too-large = { $where }：页面内容超过 { $mib } MiB（文件可能已损坏或被恶意构造），无法查找
pdf-keyword-too-many-operators = { $where }：内容操作符超过 { $max } 个（文件可能已损坏或被恶意构造），无法查找
pdf-keyword-too-many-glyphs = { $where }：单页字形超过 { $max } 个（文件可能已损坏或被恶意构造），无法查找

## 签署（D20）
pdf-sign-key-mismatch = 证书与签名私钥不匹配
pdf-sign-certified-visible = 该 PDF 已做认证签名（DocMDP P={ $permission }），添加可见签名会破坏认证
pdf-sign-certified-visible-hint = 请改用不可见签名（不加 --seal/--image 及位置），或在认证之前盖章
pdf-sign-certified-no-changes = 该 PDF 的认证签名不允许任何修改（DocMDP P=1），再签名会破坏认证
pdf-sign-already-certified = 该 PDF 已做认证签名：只有第一个签名可以认证文档
pdf-sign-signed-cannot-certify = 该 PDF 已有签名：只有第一个签名可以认证文档
pdf-sign-certify-first-hint = 请去掉 --certify 后签署
pdf-sign-timestamp-not-der = 来自 { $tsa } 的时间戳不是 DER 格式：{ $detail }
pdf-sign-visible-needs-position = 可见签名需要盖章位置：--at X,Y、--keyword 关键字或 --cross-page
pdf-sign-position-needs-appearance = 指定了位置但没有签章外观：请加 --seal 印章或 --image 印章图片
pdf-sign-position-needs-appearance-hint = 如需不可见签名，请去掉位置参数
pdf-sign-not-holder = 无权限：证书 { $cert } 不是您持有的证书（持有人：{ $holder }），签署文档须使用持有人本人的证书
pdf-sign-not-holder-hint = 请使用您本人持有的证书，或请证书持有人签署
pdf-sign-nobody = 无
pdf-sign-foreign-tsa-level = PAdES B-LT 和 B-LTA 须附带每张证书的吊销状态，而 { $url } 的时间戳服务不属于本登记库，catool 无法为其担保
pdf-sign-foreign-tsa-level-hint = 请使用登记库中的时间戳服务（--tsa 名称），或以 --level B-T 签署
pdf-sign-needs-tsa = PAdES B-T 及以上级别需要时间戳服务
pdf-sign-needs-tsa-hint = 请先创建时间戳服务：`catool tsa init --ca CA`，或指定 --tsa-url URL（也可以 --level B-B 签署）
pdf-sign-many-tsas = 登记库中有 { $count } 个时间戳服务（{ $names }）
pdf-sign-many-tsas-hint = 请用 --tsa 名称 指定其中一个
pdf-ltv-foreign-issuer = 长期验证数据需要 { $subject }（颁发者：{ $issuer }）的吊销状态，但该证书不是本登记库的 CA 签发的，catool 无法为其担保
pdf-ltv-foreign-issuer-hint = 请以 B-T 级别签署，或使用登记库中的时间戳服务（catool tsa init）
pdf-ltv-crl-failed = 无法签发 CA { $ca } 的证书吊销列表（CRL）：{ $crl_error }
pdf-ltv-certificate-unreadable = PDF 中有证书无法读取：{ $detail }

## 命令的输入输出文件
pdf-files-needs-out-dir = 多个输入文件须用 --out-dir 指定输出目录
pdf-files-needs-out = 请用 --out 指定输出文件
pdf-files-cannot-create-out-dir = 无法创建输出目录 --out-dir { $dir }：{ $detail }
pdf-files-not-a-file = { $path } 不是文件
pdf-files-same-name = 有两个输入文件同名（{ $name }），在 --out-dir 中会写到同一个输出文件
pdf-files-same-name-hint = 请分两次处理这两个文件
pdf-files-cannot-read-dir = 无法读取目录 { $dir }：{ $detail }
pdf-files-no-inputs = 没有可处理的 PDF 文件
pdf-files-opaque-image = --image { $path } 没有透明背景（透明部分仅占 { $clear }%），盖上后会遮住页面内容
pdf-files-opaque-image-hint = 请先抠出印章：`catool seal clean { $path } --out seal.png`，或加 --opaque-ok

## 验签发现的问题：修订版
pdf-revision-range-past-end = 签名范围超出了文件末尾
pdf-revision-no-eof = 签名字节不以 %%EOF 结尾：签名未覆盖完整的修订版（所在修订版有部分字节未签名）
pdf-revision-past-eof = 签名字节超出了所在修订版的 %%EOF
pdf-revision-no-startxref = 签名字节虽以 %%EOF 结尾，但之前没有指向交叉引用段的 startxref：签名未覆盖完整的修订版
pdf-revision-startxref-not-section = 所签修订版的 startxref（{ $offset }）没有指向交叉引用段
pdf-revision-chain-too-long = 交叉引用链过长或存在循环
pdf-revision-no-prev = 位于字节 { $at } 的交叉引用段没有回溯到所签修订版（缺少 /Prev）：后续修订版整体替换了所签修订版的对象
pdf-revision-prev-not-earlier = 位于字节 { $at } 的交叉引用段回指字节 { $prev }，而不是更早的修订版
pdf-revision-skips-signed = 位于字节 { $at } 的交叉引用段跳过了所签修订版（其 /Prev 为 { $prev }）：所签修订版中的对象可能被隐藏
pdf-revision-inside-earlier = 位于字节 { $at } 的交叉引用段落在更早的修订版之内
pdf-revision-file-no-eof = 文件不以 %%EOF 结尾（文件不完整或已损坏）
pdf-revision-file-no-startxref = 文件不以 startxref 和 %%EOF 结尾（文件不完整或已损坏）
pdf-revision-last-startxref-not-section = 最后的 startxref（{ $offset }）没有指向交叉引用段（文件已损坏）
pdf-revision-section-no-ending = 交叉引用段位于字节 { $offset } 的修订版缺少 startxref/%%EOF 结尾
pdf-revision-state-unreadable = 截至字节 { $revision_end } 的修订版：{ $revision_error }
pdf-revision-state-xref-damaged = 截至字节 { $end } 的修订版交叉引用数据已损坏

## 验签发现的问题：签名范围与 CMS
pdf-verify-no-byte-range = 缺少 /ByteRange 数组
pdf-verify-byte-range-not-integers = /ByteRange 中含有非负整数以外的内容
pdf-verify-byte-range-count = /ByteRange 有 { $count } 个数，应为 4 个（/Contents 前后两段范围）
pdf-verify-byte-range-past-end = /ByteRange 超出了文件末尾
pdf-verify-byte-range-not-at-start = /ByteRange 不是从文件开头开始
pdf-verify-byte-range-backwards = /ByteRange 的两段范围重叠或顺序颠倒
pdf-verify-gap-not-own = /ByteRange 中未签名的间隙不是本签名字典自己的 /Contents（签名被移动或被包装）
pdf-verify-gap-not-hex = /ByteRange 中的间隙不恰好是 /Contents 十六进制串
pdf-verify-gap-not-contents-entry = /ByteRange 中的间隙不是 /Contents 条目
pdf-verify-gap-not-this-contents = /ByteRange 中的间隙不是本签名的 /Contents
pdf-verify-contents-not-der = /Contents 中不是 DER 编码的 CMS 对象
pdf-verify-unsupported-sub-filter = 不支持的 /SubFilter { $sub_filter }
pdf-verify-cms-unreadable = 无法读取 CMS：{ $detail }
pdf-verify-not-signed-data = CMS 不是 SignedData（{ $oid }）
pdf-verify-signed-data-unreadable = 无法读取 CMS SignedData：{ $detail }
pdf-verify-no-signer-info = CMS 中没有 SignerInfo
pdf-verify-signer-not-in-cms = CMS 中没有签名人证书
pdf-verify-unsupported-digest = 不支持的摘要算法 { $oid }
pdf-verify-unsupported-signature-algorithm = 不支持的签名算法 { $oid }
pdf-verify-no-message-digest = CMS 中没有 messageDigest 属性
pdf-verify-content-type-mismatch = CMS 的 contentType 属性与其内容不符
pdf-verify-digest-mismatch = 文档已被篡改：签名范围的摘要与签名中的 messageDigest 不符
pdf-verify-token-unreadable = 无法读取时间戳令牌：{ $detail }
pdf-verify-token-digest-mismatch = 时间戳令牌的 messageDigest 与其内容不符
pdf-verify-token-imprint-unreadable = 无法读取时间戳令牌的消息印记
pdf-verify-unsupported-imprint = 不支持的时间戳印记算法 { $oid }
pdf-verify-imprint-mismatch = 文档已被篡改：签名范围的摘要与时间戳印记不符
pdf-verify-encapsulated = CMS 封装了内容，而 PDF 签名必须是分离式签名
pdf-verify-signed-attributes-missing = 无法在 CMS 中找到签名属性
pdf-verify-signature-invalid = 用签名人证书验证签名失败：{ $detail }
pdf-verify-document-timestamp-invalid = 文档时间戳无效：{ $problem }
pdf-timestamp-invalid-token = { $detail }
pdf-timestamp-another-document = 该时间戳令牌加盖的是另一份文档
pdf-timestamp-signature-value-unreadable = 无法读取时间戳所加盖的签名值
pdf-verify-too-many-revisions = 签名后追加了 { $revisions } 个修订版，文档共 { $objects } 个对象，超出分析上限（最多 { $max_revisions } 个修订版、{ $max_parses } 次对象解析），不予接受
pdf-verify-modified = 文档在签署后被修改：{ $changes }
pdf-verify-modified-certified = 文档在签署后被修改（认证签名不允许任何修改）：{ $changes }

## 签名无效的原因：登记库与时间
pdf-verify-integrity-unchecked = 无法检查签名的完整性
pdf-verify-document-tsa-not-certified = 文档时间戳的时间戳服务（{ $tsa }）不是由本登记库的 CA 认证的（可用 --trust CA.pem 信任其他平台的时间戳 CA）
pdf-verify-not-registry-ca = 签名人证书（颁发者：{ $issuer }）不是由本登记库的 CA 签发的
pdf-verify-untrusted-signer = 签名人不可信：{ $why }
pdf-verify-record-tampered = 登记库中签名人证书的记录不可信（已被篡改）：{ $why }
pdf-verify-certificate-unreadable = 无法读取签名人证书
pdf-verify-claimed-after-timestamp = 声称的签署时间 { $claimed } 晚于其签名时间戳 { $timestamp }
pdf-verify-no-signing-time = 签名未声明签署时间
pdf-verify-in-future = { $basis } { $time } 晚于当前时间
pdf-verify-outside-validity = { $basis } { $time } 不在证书有效期内（{ $from } 至 { $to }）
pdf-verify-revoked-per-document = 文档中的 CRL 显示证书已于 { $on } 吊销，不晚于{ $basis } { $time }
pdf-verify-withdrawn-after-claim = 证书已于 { $on } { $how }（在声称的签署时间 { $time } 之后）；在声称的签署时间有效，但没有时间戳证明签名早于该时间
pdf-verify-withdrawn-before = 证书已于 { $on } { $how }，不晚于{ $basis } { $time }
pdf-verify-withdrawn = 证书已{ $how }
pdf-verify-expired-unproven = 证书已于 { $on } 过期；在声称的签署时间 { $time } 有效，但没有时间戳证明
pdf-verify-timestamp-invalid = 签名时间戳无效：{ $problem }
pdf-verify-tsa-certificate-unreadable = 无法读取签名时间戳的时间戳服务证书：{ $detail }
pdf-verify-timestamp-tsa-not-certified = 签名时间戳的时间戳服务（{ $tsa }）不是由本登记库的 CA 认证的（可用 --trust CA.pem 信任其他平台的时间戳 CA）
pdf-verify-timestamp-no-time = 签名时间戳中没有可读的时间
pdf-verify-timestamp-outside-tsa-validity = 签名时间戳（{ $time }）不在其时间戳服务证书的有效期内（{ $from } 至 { $to }）
pdf-verify-tsa-expired = 签名时间戳的时间戳服务证书（{ $tsa }）已于 { $on } 过期，且此前没有文档时间戳覆盖它：其声明的时间已无法证明
pdf-verify-tsa-revoked = 文档中的 CRL 显示，签名时间戳的时间戳服务证书（{ $tsa }）已于 { $on } 吊销：其声明的时间无法证明
pdf-time-timestamped = 时间戳证明的时间
pdf-time-claimed = 声称的签署时间
pdf-withdrawn-revoked = 吊销
pdf-withdrawn-frozen = 冻结
pdf-verify-no-signatures = { $file } 未签名，无需验证
pdf-verify-not-valid = { $file } 中有 { $bad } 个签名无效（共 { $total } 个）

## pdf verify 的报告
pdf-verdict-valid = 有效
pdf-verdict-not-proven = 未证实（仅在声称的签署时间有效）
pdf-verdict-not-valid = 无效
pdf-report-no-signatures = { $file }：未签名
pdf-report-count = { $file }：共 { $count } 个签名
pdf-report-heading = { $field }（{ $kind }）：{ $verdict }
pdf-kind-certification-permission = 认证签名，DocMDP P={ $permission }
pdf-kind-certification = 认证签名
pdf-kind-document-timestamp = 文档时间戳
pdf-kind-approval = 普通签名
pdf-label-reason = 原因
pdf-label-signer = 签名人
pdf-label-issuer = 颁发者
pdf-label-validity = 有效期
pdf-label-algorithm = 算法
pdf-label-time = 时间
pdf-label-signed-at = 签署时间
pdf-label-timestamp = 时间戳
pdf-label-level = 级别
pdf-label-integrity = 完整性
pdf-label-coverage = 覆盖范围
pdf-label-change = 修改
pdf-report-not-registry-ca = 非本登记库的 CA
pdf-report-issuer = { $issuer }（CA：{ $ca }）
pdf-report-issuer-cert = { $issuer }（CA：{ $ca }；证书 { $cert }，{ $state }）
pdf-report-validity = { $from } 至 { $to }
pdf-report-tsa-time = { $time }（时间戳服务的时间）
pdf-report-claimed-no-timestamp = { $time }（签名人声称；无时间戳）
pdf-report-claimed = { $time }（签名人声称）
pdf-report-timestamp = { $time }，由 { $tsa } 加盖（{ $trust }）
pdf-report-trusted-time = 可信时间：签名在该时间之前已存在
pdf-report-untrusted-time = 不可信的时间
pdf-report-level = PAdES { $level }
pdf-report-level-ltv = PAdES { $level }（含离线验证所需的数据）
pdf-report-intact = 完整：签名字节与签名一致
pdf-report-not-intact = 不完整
pdf-report-coverage-whole = 整个文件（第 { $revision } 版，共 { $revisions } 版）
pdf-report-coverage-earlier = 第 { $revision } 版（共 { $revisions } 版）；后续修改：{ $level }（允许：{ $allowed }）
pdf-report-coverage-incomplete = 不完整：签名字节不是一个完整的修订版
pdf-report-change = 第 { $revision } 版 { $what } [{ $mark }]
pdf-report-allowed = 允许
pdf-report-not-allowed = 不允许
pdf-level-none = 无
pdf-level-lta-updates = 验证数据和时间戳
pdf-level-form-filling = 填写表单和签名
pdf-level-other = 其他修改

## 盖章与签署的结果
pdf-signed = 已签署 { $input }：证书 { $cert }（{ $name }），签名域 { $field }，PAdES { $level } → { $output }
pdf-timestamped = 已加盖时间戳 { $input }：为 { $signatures } 个签名加入验证数据（{ $certificates } 张证书、{ $crls } 个 CRL），并由 { $tsa } 加盖文档时间戳，签名域 { $field } → { $output }
pdf-skipped = 已跳过 { $input }：{ $output } 已存在
pdf-exists = { $input }：{ $output } 已存在
pdf-plan-mark = { $file }：第 { $page } 页，位置 ({ $x_mm }, { $y_mm }) 毫米 = ({ $x_pt }, { $y_pt }) pt
pdf-plan-group = { $file }：第 { $group } 枚骑缝章，盖在{ $edge }边：{ $pages }
pdf-plan-area = { $file }：第 { $page } 页{ $what } { $w_mm }×{ $h_mm } 毫米，左上角位于 ({ $x_mm }, { $y_mm }) 毫米
pdf-plan-whole-seal = 整枚印章
pdf-plan-strip = 骑缝条
pdf-moved = 已将第 { $page } 页的印章移入页面（--clamp）：({ $from_x }, { $from_y }) 毫米 → ({ $to_x }, { $to_y }) 毫米
pdf-page-run = 第 { $from }-{ $to } 页
pdf-page-list = 第 { $pages } 页
pdf-stamped = 已在第 { $pages } 页加盖 { $marks } 处印章 → { $output }
pdf-stamped-group-size = { $groups } 枚各跨 { $pages } 页
pdf-stamped-cross-page = 已在{ $edge }边加盖 { $seals } 枚骑缝章：{ $sizes }，骑缝条最窄 { $narrowest } 毫米 → { $output }
pdf-stamped-cross-page-full = 已在{ $edge }边加盖 { $seals } 枚骑缝章：{ $sizes }，骑缝条最窄 { $narrowest } 毫米，每组首页另盖整枚印章 → { $output }

## 批量处理（pdf stamp、pdf sign、cert issue --batch）
pdf-batch-unit = 个 PDF
pdf-batch-eta = 预计剩余
pdf-batch-signed = 个已签署
pdf-batch-stamped = 个已盖章
pdf-batch-planned = 个已规划（试运行，未写入任何文件）
pdf-batch-skipped = 已跳过 { $item }
pdf-batch-output-exists = 输出文件已存在
pdf-batch-summary = 批量处理：{ $ok } { $done }{ $skipped }，{ $failed } 个失败
pdf-batch-summary-skipped = ，{ $skipped } 个已跳过（{ $why }）
pdf-batch-partial = 共 { $total } 个，{ $failed } 个失败；第一个错误：{ $first }
pdf-batch-failed = { $item }：错误：{ $message }

## 签名证书的持有人（D5），以及禁止再签名的字段锁定
pdf-label-holder = 持有人
pdf-report-holder = 本登记库中该证书的持有人为 { $holder }（人员 { $id }），并非证书主体所载之人：该签名由其使用本人密码签署
pdf-sign-locked-field = 该 PDF 的签名 { $signature } 带有字段锁定（{ $lock }），新签名域 { $field } 在其锁定范围内：再签名会使 { $signature } 失效
pdf-sign-locked-no-changes = 该 PDF 的签名 { $signature } 不允许签署后再做任何修改（其字段锁定为 /P 1）：再签名会使 { $signature } 失效
pdf-sign-locked-visible = 该 PDF 的签名 { $signature } 的字段锁定带有文档权限（/P { $permission }）：添加可见签名会使 { $signature } 失效
pdf-sign-locked-hint = 未写入任何文件；请联系 { $signature } 的签署方提供为您的签名留有余地的版本，或在其签署之前签署
pdf-sign-locked-visible-hint = 未写入任何文件；请改用不可见签名（不加 --seal/--image 及位置）
