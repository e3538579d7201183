# catool 的中文消息（seal）。每一条在 i18n/en/seal.ftl 中都有对应英文条目；
# 代码以 msg!("id") 引用每一条（src/i18n/tests.rs 检查两种语言）。
# 印章编号、名称、尺寸等为数据（$seal、$owner、$width …）；规则编号（D7 …）单独成行显示。

## 印章类型：表格与结果行中的写法，以及消息中的称呼
seal-kind-official = 公章
seal-kind-contract = 合同专用章
seal-kind-finance = 财务专用章
seal-kind-invoice = 发票专用章
seal-kind-legal-rep = 法人章
seal-kind-name = 人名章
seal-kind-signature = 手写签名
seal-kind-official-name = 公章
seal-kind-contract-name = 合同专用章
seal-kind-finance-name = 财务专用章
seal-kind-invoice-name = 发票专用章
seal-kind-legal-rep-name = 法人章
seal-kind-name-name = 人名章
seal-kind-signature-name = 手写签名

## 印章与授权的状态、印章图片来源
seal-state-pending = 待审核
seal-state-effective = 已生效
seal-state-rejected = 审核未通过
seal-state-void = 已作废
seal-grant-state-requested = 待审批
seal-grant-state-approved = 已授权
seal-grant-state-rejected = 已驳回
seal-grant-state-revoked = 已收回
seal-grant-decision-approve = 审批通过
seal-grant-decision-reject = 驳回
seal-grant-decision-revoke = 收回
seal-source-generated = 系统生成
seal-source-uploaded = 手动上传
seal-source-cleaned = 扫描抠图
seal-source-font-fallback = 系统生成（字体代替）：{ $note }
seal-font-fallback-note = 此签名由字体生成，并非本人手写；请上传手写签名照片：`catool seal upload --kind signature 照片文件`
seal-ink-black = 黑色
seal-ink-blue = 蓝色
seal-ink-other = 彩色

## 印章命令的输出
seal-size = { $width }x{ $height } mm
seal-size-px = { $width }x{ $height } 像素
seal-line = 印章 { $id }：{ $owner } { $what }，{ $state }，{ $size }
seal-made = 已制作{ $seal }；即刻可用（D7）
seal-made-serial = 已制作{ $seal }，顺序编号（{ $serial }）；即刻可用（D7）
seal-made-font-fallback = 字体代替：{ $note }
seal-png-written = PNG 已保存至 { $path }
seal-uploaded = 已上传{ $seal }；须经平台审核后方可使用：catool seal review --seal { $id } --approve
seal-uploaded-handwriting = 已从照片中提取手写签名：{ $ink }墨迹（{ $color }）{ $lines ->
        [removed] ，已去除格线
       *[kept] {""}
    }，{ $size }
seal-cleaned = 印章抠图完成：{ $output } → { $path }；登记印章：catool seal upload { $path } --cleaned --kind …
seal-clean-input = 原图
seal-clean-ink = 印迹
seal-clean-box = 印章位置
seal-clean-rotation = 旋转角度
seal-clean-output = 输出
seal-clean-ink-value = { $pixels } 像素（占图片 { $percent }%）
seal-clean-box-value = x { $x } y { $y } 宽 { $w } 高 { $h }
seal-clean-output-value = { $output } → { $path }
seal-reviewed = 已审核{ $seal }
seal-assigned = 印章 { $seal } 已分配给证书 { $cert }
seal-granted = 授权 { $grant }：{ $person } 使用印章 { $seal }，{ $state }（{ $from } 至 { $until }）
seal-grant-now = 授权 { $grant } 当前状态：{ $state }
seal-voided = 已作废{ $seal }
seal-may-use = 可以使用印章 { $seal }：{ $why }
seal-use-operator = 平台运营方
seal-use-assigned = 印章已分配给证书 { $cert }
seal-use-grant = 授权 { $grant }，有效期至 { $until }
seal-exported = 印章 { $seal } 已保存至 { $path }
seal-col-id = 编号
seal-col-kind = 类型
seal-col-label = 印章名称
seal-col-owner = 所属
seal-col-source = 来源
seal-col-state = 状态
seal-col-size = 尺寸
seal-col-cert = 证书
seal-col-since = 分配时间
seal-col-grant = 授权编号
seal-col-person = 被授权人
seal-col-from = 开始时间
seal-col-until = 结束时间
seal-col-reason = 事由
seal-field-id = 编号
seal-field-kind = 类型
seal-field-owner = 所属
seal-field-source = 来源
seal-field-state = 状态
seal-field-size = 尺寸
seal-field-review = 审核意见
seal-field-made = 制作时间
seal-kind-and-label = { $label }（{ $kind }）
seal-show-assignments = 已分配的证书：
seal-show-grants = 使用授权：

## 印章所属与类型（D16）
seal-owner-missing = 请指定印章所属
seal-owner-missing-hint = 单位印章请使用 --org，人名章和手写签名请使用 --person
seal-owner-needs-org = { $kind }属于单位印章
seal-owner-needs-org-hint = 请使用 --org 指定所属单位
seal-owner-needs-person = { $kind }属于个人印章
seal-owner-needs-person-hint = 请使用 --person 指定所属人员
seal-text-not-the-name = { $kind }的印文“{ $given }”与所属人登记的名称“{ $name }”不一致，印章只能使用所属人的登记名称
seal-text-not-the-name-hint = 请去掉 --text（系统按登记名称制章）；如名称有误，请先更正登记信息
seal-one-effective = { $owner } 已有生效的{ $kind }（印章 { $seal }），同一单位同类印章只能有一枚生效
seal-one-effective-hint = 请先作废原印章：`catool seal void --seal { $seal } --reason …`
seal-code-digits = 印章编码“{ $code }”无效：{ $kind }的印章编码为 13 位数字
seal-code-digits-hint = 请填写 13 位数字，或不填写 --code
seal-code-not-uscc = 税号“{ $code }”无效：发票专用章须使用本单位的纳税人识别号，即统一社会信用代码 { $uscc }
seal-code-not-uscc-hint = 请填写 --code { $uscc }，或不填写 --code
seal-color-invalid = 颜色“{ $value }”无效，应为 RRGGBB 十六进制格式
seal-color-invalid-hint = 请填写 6 位十六进制数，例如 E60012（朱红）

## 审核与印章状态（D7、D18）
seal-review-needs-reason = 驳回时须填写驳回原因
seal-review-needs-reason-hint = 请使用 --reason 填写原因，原因将随印章显示
seal-review-not-pending = 印章 { $seal } 当前状态为“{ $state }”，无需审核
seal-void = 印章 { $seal } 已作废，不能再使用
seal-void-hint = 请重新制作或上传印章：`catool seal make` 或 `catool seal upload`
seal-pending = 印章 { $seal } 待审核，暂不能使用
seal-pending-hint = 须经平台审核通过后方可使用：`catool seal review --seal { $seal } --approve`
seal-rejected = 印章 { $seal } 审核未通过（{ $reason }）
seal-rejected-hint = 请重新上传清晰的印章图片：`catool seal upload`
seal-no-reason = 未填写原因
seal-void-already = 印章 { $seal } 已作废，无需重复操作

## 分配印章（D18）
seal-assign-cert-without-enterprise = 证书 { $cert } 未关联单位，印章只能分配给单位证书
seal-assign-cert-not-active = 证书 { $cert } 不在生效状态，印章只能分配给生效中的证书
seal-assign-cert-not-active-hint = 请用 `catool cert list` 查找生效中的证书
seal-assign-other-enterprise = 印章 { $seal } 与证书 { $cert } 不属于同一单位
seal-assign-not-own-certificate = 印章 { $seal } 是 { $owner } 的个人印章，只能分配给本人的证书，不能分配给证书 { $cert }
seal-assign-already = 印章 { $seal } 已分配给证书 { $cert }，无需重复分配

## 印章使用授权（申请印章授权，D18）
seal-grant-window-empty = 授权结束时间 { $until } 须晚于开始时间 { $from }
seal-grant-window-empty-hint = 请将 --until 设为晚于 --from 的时间
seal-grant-personal-seal = 印章 { $seal } 为个人印章，只有单位印章可以授权使用
seal-grant-personal-seal-hint = 请将其分配给本人的证书：`catool seal assign --seal { $seal } --cert …`
seal-grant-needs-member = 请指定被授权的成员
seal-grant-needs-member-hint = 请使用 --to 指定成员
seal-grant-not-member = { $person } 不是 { $org } 的成员
seal-grant-not-member-hint = 请先添加该成员：`catool org member add`
seal-grant-not-allowed = 无权限：{ $actor } 只能为本人申请印章授权，不能为 { $to } 申请
seal-grant-not-allowed-hint = 请联系单位管理员进行授权
seal-grant-not-open = 授权 { $grant } 当前状态为“{ $state }”，无法{ $decision }

## 使用印章（D18）
seal-use-not-now = 无权使用印章 { $seal }：授权 { $grant } 的有效期为 { $from } 至 { $until }，当前不在有效期内
seal-use-not-now-hint = 请向单位管理员重新申请授权：`catool seal grant --seal { $seal } …`
seal-use-not-allowed = 无权使用印章 { $seal }：该印章未分配给您的证书，您也没有使用授权
seal-use-not-allowed-hint = 请联系单位管理员分配印章（`catool seal assign`）或申请印章授权（`catool seal grant`）

## 印章图片：读取图片
seal-image-not-an-image = 文件不是图片，仅支持 PNG 或 JPEG 格式
seal-image-not-an-image-hint = 请上传 PNG 或 JPEG 格式的图片
seal-image-unreadable = 无法读取图片：{ $detail }
seal-image-truncated-jpeg = 图片解析失败：JPEG 文件不完整（图像数据后缺少结束标记）
seal-image-truncated = 图片解析失败：文件不完整
seal-image-truncated-hint = 文件可能未传输完整，请重新复制或下载
seal-image-corrupt = 图片解析失败，文件不完整或已损坏：{ $detail }
seal-image-unsupported = 不支持的图片：{ $detail }
seal-image-too-large-to-decode = 图片过大，无法解析：{ $detail }
seal-image-too-large-hint = 请缩小或裁剪图片后重试
seal-image-empty = 图片为空（{ $width }x{ $height }）
seal-image-too-large = 图片过大：{ $width }x{ $height } 共 { $pixels } 像素，上限为 { $max } 像素

## 印章图片：印章参数（D16）
seal-image-field-enterprise-name = 单位名称
seal-image-field-person-name = 姓名
seal-image-field-label = 印章名称
seal-image-field-code = 印章编码
seal-image-field-taxpayer-number = 纳税人识别号
seal-image-field-serial = 顺序编号
seal-image-side-seal-width = 印章宽度
seal-image-side-seal-height = 印章高度
seal-image-side-signature-width = 签名宽度
seal-image-side-signature-height = 签名高度
seal-image-dpi = 分辨率 { $dpi } dpi 超出范围（{ $min }～{ $max } dpi）
seal-image-size = { $side } { $mm } mm 超出范围（{ $min }～{ $max } mm）
seal-image-opacity = 不透明度 { $value } 超出范围（须大于 0 且不大于 1）
seal-image-ring-width = 边框宽度 { $mm } mm 无效：须大于 0 且不超过印章尺寸的十分之一（{ $max } mm）
seal-image-not-round = { $kind }为圆形，宽度与高度须相等（当前为 { $width }×{ $height } mm）
seal-image-star-ratio = 五角星直径比例 { $ratio } 超出范围（须为印章直径的 0～0.5）
seal-image-arc-span = 单位名称环绕角度 { $deg }° 超出范围（90°～330°）
seal-image-no-label = { $kind }只刻姓名，不能设置印章名称
seal-image-no-label-hint = 请去掉 --label
seal-image-no-code = { $kind }只刻姓名，不能设置印章编码
seal-image-no-code-hint = 请去掉 --code
seal-image-no-serial = { $kind }没有顺序编号，只有发票专用章带顺序编号
seal-image-no-serial-hint = 请去掉 --serial
seal-image-serial-range = 发票专用章顺序编号 { $serial } 超出范围（{ $min }～{ $max }）
seal-image-empty-text = { $kind }的{ $field }为空
seal-image-control-character = { $field }中含有控制字符（{ $codepoint }）
seal-image-control-character-hint = 请删除该字符后重新输入
seal-image-square-name-empty = 印章姓名为空
seal-image-square-name-length = 方形人名章只能刻 2～4 个字，“{ $name }”有 { $chars } 个字
seal-image-square-name-length-hint = 该姓名请使用手写签名：--kind signature
seal-image-invoice-needs-code = 发票专用章须刻纳税人识别号（统一社会信用代码）
seal-image-invoice-needs-code-hint = 请用 --code 填写纳税人识别号

## 印章图片：字体与绘制
seal-image-face-custom = --font 指定的字体文件
seal-image-font-unreadable = 无法读取印章字体：该文件不是 TrueType 或 OpenType 字体
seal-image-font-unreadable-hint = 请用 --font 指定 TrueType 或 OpenType 字体文件
seal-image-no-glyph = 印章字体（{ $face }）中没有{ $field }里的字符“{ $char }”（{ $codepoint }）
seal-image-no-glyph-hint = 请用 --font 指定包含该字符的字体文件
seal-image-nothing-to-draw = { $field }没有可绘制的内容
seal-image-too-long = { $field }共 { $chars } 个字，在 { $width }×{ $height } mm 的{ $kind }上无法清晰显示，最多约 { $fit } 个字
seal-image-too-long-hint = 请缩短文字或加大印章尺寸（--size）
seal-image-label-too-long = 印章名称“{ $label }”过长，{ $width }×{ $height } mm 的{ $kind }放不下
seal-image-label-too-long-hint = 请缩短印章名称（--label）
seal-image-serial-does-not-fit = { $width }×{ $height } mm 的发票专用章在印章名称下方放不下顺序编号（{ $serial }）
seal-image-larger-seal-hint = 请加大印章尺寸（--size）
seal-image-signature-too-long = 姓名“{ $name }”共 { $chars } 个字，{ $width }×{ $height } mm 的签名放不下
seal-image-signature-too-long-hint = 请加宽签名尺寸（--size）

## 印章图片：从照片中抠取印章或签名（D17）
seal-image-no-seal = 图片中未识别到红色印章：{ $why }
seal-image-no-seal-hint = 请在光线充足处拍摄纸上的红色印章，并使印章占满大部分画面
seal-image-no-seal-too-small = 图片只有 { $width }x{ $height } 像素
seal-image-no-seal-not-red = 图片中没有足够红的印迹
seal-image-no-seal-specks = 只有零星的红色斑点
seal-image-no-seal-little-ink = 红色印迹只有 { $pixels } 像素，至少需要 { $min } 像素
seal-image-signature-picture-too-small = 图片只有 { $width }x{ $height } 像素，无法容纳签名（每边至少 { $min } 像素）
seal-image-no-handwriting = 图片中未识别到手写签名：{ $why }
seal-image-no-handwriting-hint = 请用黑色或蓝色笔在白纸或横线纸上签名，拍照或扫描时使签名占满大部分画面
seal-image-no-handwriting-nothing-darker = 没有明显深于纸张的笔迹
seal-image-no-handwriting-only-specks = 没有笔画，只有零星斑点

## 印章图片：程序错误
seal-image-embedded-font = 内置字体 { $face } 无法解析（{ $detail }）
seal-image-encode = PNG 编码失败：{ $detail }
seal-image-worker = 印章抠图线程异常退出

## 符合 GB/T 38540 的电子印章（issue 19）：制章者、.esl 印章文件、.ses 签章文件
seal-maker-none = 登记库中还没有制章者（印章制作机构），印章尚无电子印章数据（.esl）
seal-maker-none-hint = 请先执行 `catool seal maker init --ca CA` 创建制章者；此后生效的印章将立即生成 .esl，已有印章可用 `catool seal export --format esl` 生成
seal-maker-not-found = 未找到制章者“{ $maker }”
seal-maker-not-found-hint = 可用 `catool seal maker list` 查看全部制章者
seal-maker-name-taken = 名为“{ $name }”的制章者已存在
seal-maker-name-taken-hint = 请换一个名称（--name）
seal-maker-ca-expired = CA { $ca } 已于 { $on } 到期，不能再为制章者签发证书
seal-maker-ca-expired-hint = 请选用仍在有效期内的 CA（`catool ca list`）
seal-maker-key-unopenable = 无法用当前主密钥打开制章者 { $maker } 的私钥
seal-maker-key-unopenable-hint = 请使用创建登记库时的主密钥文件（--master-key）
seal-esl-none = 印章 { $seal } 没有电子印章数据（.esl）：印章未生效，或生效时登记库尚无制章者且此后未再生效
seal-esl-none-hint = 印章生效（自动生成，或审核通过）时生成 .esl；印章生效后请再次执行 `catool seal export --seal { $seal } --format esl`
ses-not-in-cert-list = 证书 { $cert } 不在印章 { $seal }（印章标识 { $esid }）的证书列表中，不能使用该印章签章
ses-not-in-cert-list-hint = 请先由企业管理员将印章分配给该证书（`catool seal assign --seal { $seal } --cert { $cert }`）
ses-seal-ended = 印章 { $seal }（印章标识 { $esid }）的有效期截至 { $end }
ses-seal-ended-hint = 已作废的印章不能再用于签章；已过期的印章需重新制作
seal-import-picture = { $file }：印章图片（{ $kind }）无法读取：{ $detail }
seal-import-picture-hint = 仅支持图片为 PNG、JPEG 或 GIF 格式的印章
seal-import-esid-taken = { $file }：印章标识为 { $esid } 的印章已登记（印章 { $seal }）
seal-import-esid-taken-hint = 该印章已在登记库中：`catool seal show { $seal }`
seal-import-invalid = { $file } 不是可以登记的电子印章：{ $reason }
seal-import-invalid-hint = 请向制章者重新索取 .esl 文件；`catool seal verify` 可查看具体问题
seal-maker-made = 已创建制章者 { $id } { $name }（{ $algo }），有效期至 { $until }：此后生效的印章由其签发 .esl
seal-maker-col-id = 编号
seal-maker-col-name = 名称
seal-maker-col-ca = CA
seal-maker-col-algo = 算法
seal-maker-col-until = 有效期至
seal-maker-field-subject = 主题
seal-maker-field-serial = 序列号
seal-maker-field-valid = 有效期
seal-maker-field-sha256 = SHA-256 指纹
seal-esl-exported = 印章 { $seal } 已以 .esl 格式保存至 { $path }（印章标识 { $esid }）
seal-show-esl = 电子印章数据（.esl，GB/T 38540）：
seal-show-no-esl = 无（印章未生效，或尚无制章者：`catool seal maker init`）
seal-show-esl-esid = 印章标识
seal-show-esl-version = 版本
seal-show-esl-maker = 制章者
seal-show-esl-valid = 有效期
seal-show-esl-certs = 证书列表
seal-show-esl-no-certs = 空（请先分配印章：`catool seal assign`）
seal-show-esl-foreign-certs = { $count } 张非本登记库的证书
seal-imported-effective = 已从 { $path } 登记印章 { $seal }（印章标识 { $esid }，制章者 { $maker }）：制章者证书由本登记库的 CA 签发，印章立即生效
seal-imported-pending = 已从 { $path } 登记印章 { $seal }（印章标识 { $esid }，制章者 { $maker }）：待审核（`catool seal review --seal { $seal } --approve`）
ses-signed = 已用印章 { $seal }（印章标识 { $esid }）和证书 { $cert } 对 { $input } 签章（{ $hash }）：{ $output }
seal-demo-maker = 已创建制章者 { $id } { $name }（{ $algo }），为印章签发 .esl（GB/T 38540）
seal-demo-esl = 印章 { $id } 已导出为 .esl：印章标识 { $esid }，证书列表含 { $certs } 张证书 → { $path }
seal-demo-ses = 已用印章 { $seal }（印章标识 { $esid }）和证书 { $cert } 对合同生成 .ses 签章 → { $path }
seal-pdf-label = 印章
seal-pdf-found = 印章标识 { $esid }，制章者 { $maker }：{ $verdict }
seal-pdf-esl-verified = 其 .esl 在本登记库中且验证通过
seal-pdf-esl-not-verified = 不是本登记库中可验证的 .esl

## 完整性检查中提到的印章授权记录
anchor-object-grant = 印章授权 { $id }
