# catool 的中文消息（registry）。每一条在 i18n/en/registry.ftl 中都有对应英文条目；
# 代码以 msg!("id") 引用每一条（src/i18n/tests.rs 检查两种语言）。

## 打开登记库
registry-no-directory = 无法打开登记库 { $path }：目录 { $dir } 不存在
registry-no-directory-hint = 请先创建该目录，或用 --db 指定其他位置
registry-is-directory = 无法打开登记库 { $path }：这是一个目录
registry-is-directory-hint = 请用 --db 指定一个文件路径
registry-synthetic-exists = { $path } 已存在：登记库生成器只创建新的登记库和主密钥，不会覆盖已有文件
registry-synthetic-exists-hint = 请换一个登记库及其 .key 文件都不存在的路径，或先删除旧文件
registry-copy-source-missing = { $path } 处没有可复制的登记库
registry-copy-source-hint = 请检查 --from：应为已存在的登记库文件或 postgres:// 地址
registry-copy-same = --from 与 --to 指向同一个登记库（{ $path }）
registry-copy-target-not-empty = { $target } 不是空的（{ $table } 中已有数据）：登记库只能复制到新文件或空数据库；未做任何改动
registry-copy-target-hint = 请指定一个尚不存在的文件，或一个空数据库（createdb catool_new）
registry-copy-col-table = 表
registry-copy-col-rows = 行数
registry-copy-done = 已将 { $from } 的 { $rows } 行复制到 { $to }，并在副本中记为事件 { $event }；可用同一主密钥对副本运行 `catool log verify` 进行校验
registry-cannot-open = 无法打开登记库 { $path }：{ $why }
registry-cannot-open-hint = 请检查所在目录是否可写
registry-link-found = { $path } 现在是一个符号链接（命令开始时还不是）：catool 不会跟随它
registry-link-found-hint = 请查明是谁替换了它，然后重新运行命令
registry-not-a-registry = { $path } 不是 catool 登记库（{ $why }）
registry-not-a-registry-hint = 请用 --db 指向 catool 登记库或一个新文件
registry-not-sqlite = 不是 SQLite 数据库
registry-other-application = 是其他程序的 SQLite 数据库
registry-cannot-write = 无法写入登记库 { $path }：{ $why }
registry-check-permissions-hint = 请检查该文件及其所在目录的权限
registry-not-wal = 无法将登记库 { $path } 切换为 WAL 模式（当前为“{ $mode }”）
registry-not-wal-hint = 登记库是否位于网络文件系统上？请将其放在本地磁盘

## 分页列出（--limit、--offset）
registry-page-more = 已显示从第 { $from } 行起的 { $shown } 行，后面还有：加 --offset { $next } 查看下一页，或用 --limit 0 显示全部

## 登记库结构
registry-cannot-lock = 无法锁定登记库：{ $why }
registry-try-again-hint = 另一个 catool 正在使用登记库，请稍后重试
registry-newer = 登记库 { $path } 由更新版本的 catool 写入（结构版本 v{ $version }，本程序最高支持 v{ $known }）
registry-newer-hint = 请升级 catool 后再使用
registry-migration-failed = 登记库 { $path } 无法升级到结构版本 v{ $to }：{ $why }
registry-restore-hint = 登记库结构已被改动（可查看 `PRAGMA user_version`），请从备份恢复
registry-migration-dangling = 升级到结构版本 v{ $to } 会留下指向不存在记录的数据，登记库未做任何改动
registry-altered = 登记库 { $path } 已被 catool 之外的程序改动：{ $problem }{ $more ->
        [0] {""}
       *[other] （另有 { $more } 处改动）
    }
registry-altered-hint = 请运行 `catool log verify` 查看其他改动，并从备份恢复登记库
registry-schema-dropped = { $object_kind } { $object } 已被删除
registry-schema-redefined = { $object_kind } { $object } 已被重新定义（其 SQL 与 catool 的不同）
registry-schema-added = 新增了 { $object_kind } { $object }（并非 catool 创建）

## 使用登记库
registry-busy = 登记库忙碌已超过 { $secs } 秒（另一个 catool 正在写入）
registry-read-only = 登记库为只读：{ $why }
registry-unknown-value = 登记库中的{ $what }为“{ $value }”，这不是 catool 会写入的值
registry-append-failed = 无法追加办理记录：{ $why }
registry-wrong-kind = 登记库中存有“{ $value }”，而 catool 在该处保存的是另一类值（不是 UTF-8 的字节显示为 �），这不是 catool 会写入的值

## 数据库规则拒绝的操作
registry-slot-has-certificate = 名额 { $slot } 已有有效证书，可能刚由另一个 catool 导入
registry-slot-has-certificate-hint = 可用 `catool cert list` 查看
registry-account-already-bound = 无法绑定证书 { $cert }：人员 { $person } 已绑定本单位的另一张证书
registry-account-already-bound-hint = 请先解绑原证书（`catool cert unbind`）
registry-owner-permanent = 无法修改名额 { $slot } 的所属人：所属人一经设定不可更改
registry-ca-name-taken = 已存在名为“{ $name }”的 CA
registry-tsa-name-taken = 已存在名为“{ $name }”的时间戳服务
registry-name-taken-hint = 请用 --name 另取一个名称
registry-uscc-taken = 无法注册：统一社会信用代码为 { $uscc } 的单位已注册
registry-uscc-taken-hint = 可用 `catool org list` 查看
registry-person-taken = 无法注册：{ $id_type }号码为 { $id_number } 的人员已注册
registry-person-taken-hint = 可用 `catool person list` 查看
registry-id-type-resident = 居民身份证
registry-id-type-passport = 护照
registry-id-type-other = 其他证件
registry-second-admin = 无法添加管理员：单位 { $org } 已有管理员
registry-second-admin-hint = 请使用 `catool org transfer-admin` 转让管理员

## 找不到或不唯一的记录
registry-cert-not-found = 登记库中没有证书 { $cert }
registry-cert-not-found-hint = 可用 catool cert list 查看
registry-slot-not-found = 登记库中没有名额 { $slot }
registry-slot-not-found-hint = 已支付套餐的名额可用 catool package show 查看
registry-seal-not-found = 登记库中没有印章 { $seal }
registry-seal-not-found-hint = 可用 catool seal list 查看
registry-grant-not-found = 登记库中没有印章授权 { $grant }
registry-grant-not-found-hint = 可用 catool seal show 查看
registry-ca-not-found = 登记库中没有 CA“{ $ca }”
registry-ca-list-hint = 可用 catool ca list 查看
registry-tsa-not-found = 登记库中没有时间戳服务“{ $tsa }”
registry-tsa-list-hint = 可用 catool tsa list 查看
registry-org-not-found = 登记库中没有单位“{ $org }”
registry-org-not-found-hint = 请填写单位编号、统一社会信用代码或完整名称，可用 catool org list 查看
registry-person-not-found = 登记库中没有人员“{ $person }”
registry-person-not-found-hint = 请填写人员编号、证件号码或完整姓名，可用 catool person list 查看
registry-no-ca = 登记库中还没有 CA
registry-no-ca-hint = 请先创建：`catool ca init --name N --algo sm2`
registry-no-tsa = 登记库中还没有时间戳服务
registry-no-tsa-hint = 请先创建：`catool tsa init --ca CA`
registry-several-cas = 登记库中有 { $count } 个 CA
registry-several-cas-hint = 请用 --ca 指定其中一个（可用 catool ca list 查看）
registry-several-tsas = 登记库中有 { $count } 个时间戳服务
registry-several-tsas-hint = 请用 --tsa 指定其中一个（可用 catool tsa list 查看）
registry-org-ambiguous = 单位“{ $org }”不唯一：共 { $count } 个匹配，编号 { $candidates }
registry-org-ambiguous-hint = 请改用单位编号或统一社会信用代码（括号内为各单位的统一社会信用代码）
registry-person-ambiguous = 人员“{ $person }”不唯一：共 { $count } 个匹配，编号 { $candidates }
registry-person-ambiguous-hint = 请改用人员编号或证件号码（括号内为证件号码后四位）

## 登记库词汇：存储值被读作什么
vocab-certificate-status = 证书状态
vocab-certificate-kind = 证书类型
vocab-slot-state = 名额状态
vocab-package-status = 套餐状态
vocab-seal-state = 印章状态
vocab-seal-source = 印章来源
vocab-grant-state = 印章授权状态
vocab-role = 成员角色
vocab-event-outcome = 办理结果
vocab-key-algorithm = 密钥算法
vocab-seal-kind = 印章类型
vocab-id-type = 证件类型
vocab-auth-method = 授权方式
vocab-time = 时间

## `log verify` 在办理记录中发现的问题
finding-event-unreadable = 第 { $seq } 条记录含有“{ $value }”，这不是 catool 会写入的值

## PostgreSQL 服务器上的登记库（--db postgres://…）
registry-pg-bad-url = 无法使用登记库地址 { $url }：{ $why }
registry-pg-bad-url-hint = 请写成 postgres://用户@主机[:端口]/数据库名；本机套接字请写成 postgres://用户@/数据库名?host=/run/postgresql；可用选项：sslmode、sslrootcert、connect_timeout
registry-pg-cannot-connect = 无法连接登记库服务器 { $server }：{ $why }
registry-pg-cannot-connect-hint = 请检查服务器是否已启动、主机、端口或套接字目录是否正确，以及数据库是否已创建（createdb）
registry-pg-login-refused = 登记库服务器 { $server } 拒绝了角色 { $user } 的登录：{ $why }
registry-pg-login-refused-hint = 请检查该角色的密码（建议通过 PGPASSWORD 提供，不要写在地址中）以及服务器的 pg_hba.conf 配置
registry-pg-other-application = 数据库 { $server } 中是其他应用的数据表，不是 catool 登记库
registry-pg-other-application-hint = 请为 catool 的角色新建一个空数据库（createdb -O 角色 数据库名），再用 --db 指向它
registry-pg-read-only = 角色 { $user } 对登记库 { $server } 只有读取权限
registry-pg-read-only-hint = 请使用 catool 数据表的属主角色，或为该角色授予这些表的 INSERT、UPDATE、DELETE 权限；备用服务器为只读，请连接主服务器
registry-pg-connection-lost = 与登记库服务器 { $server } 的连接已断开：{ $why }；本次命令未提交任何更改
registry-pg-connection-lost-hint = 请检查服务器和网络后重新执行命令
registry-pg-server-error = 登记库服务器 { $server } 拒绝执行语句：{ $why }
registry-constraint = 登记库的结构规则拒绝了本次更改：{ $why }
anchor-object-seal = 印章 { $id }
anchor-object-org = 单位 { $id }
anchor-object-membership = 人员 { $person } 在单位 { $id } 的成员身份
finding-actor-not-admin = 第 { $seq } 条记录（{ $actor } 办理的 { $action }）须由单位 { $org } 的管理员办理，但按办理记录 { $actor } 当时并非该单位管理员（有人在 catool 之外临时改动了角色或所属单位）
anchor-cert-row-missing = 按办理记录（事件 #{ $seq } { $action }），证书 { $cert } 已吊销或冻结，但登记库中没有证书 { $cert }：其记录在 catool 之外被改号或删除，缺少它不能签发 CRL
anchor-event-altered = { $object }：关于它的事件 #{ $seq } { $action } 未通过校验（被修改，或不是用主密钥写入的），登记库中关于它的记录不予采信
registry-copy-stale-removed = 已删除此前中断的复制在同一位置留下的临时文件：{ $files }
