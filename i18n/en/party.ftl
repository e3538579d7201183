# catool's messages in English, party area. Every entry has its twin in i18n/zh-CN/party.ftl;
# the code names each one with msg!("id") (src/i18n/tests.rs checks both).
# Enterprises (D1), persons (D2), packages (D3), who may act (--as), the onboarding import,
# input files and output paths.

## What an actor wanted to do (quoted by "only … may { $doing }")
act-assign-slots = assign certificate slots (分配证书)
act-change-holder = change a certificate's holder (修改持有人)
act-issue-certs = import certificates (导入证书)
act-reissue-certs = reissue certificates (补发证书)
act-extend-certs = extend certificates (证书延期)
act-revoke-certs = revoke certificates (吊销)
act-freeze-certs = freeze certificates (冻结)
act-unfreeze-certs = unfreeze certificates (解冻)
act-unfreeze-unaffiliated = unfreeze a certificate of no enterprise (解冻)
act-check-pin = check this certificate's PIN
act-export-key = export this certificate's key
act-bind-others = bind a certificate they do not hold, or to another member's account
act-unbind-others = unbind another member's certificate
act-import-into-org = import certificates into this enterprise
act-decrypt = decrypt with this certificate
act-register-org = register an enterprise
act-authorize-org = record an enterprise authorization (CA授权)
act-add-members = add members
act-remove-members = remove members
act-transfer-admin = transfer the administrator role
act-buy-packages = buy certificate packages
act-set-package-terms = set a package's price or contents (--price, --enterprise-slots, --personal-slots; D3)
act-record-payment = record a package payment
act-create-ca = create a CA
act-change-ca = change a CA
act-create-tsa = create a TSA
act-change-settings = change registry settings
act-copy-registry = copy the registry
act-make-org-seals = make enterprise seals (印模制作)
act-make-others-seal = make another person's seal
act-upload-org-seals = upload enterprise seals
act-upload-others-seal = upload another person's seal
act-review-seals = review seal images (审核)
act-assign-seals = assign seals (分配印章)
act-grant-seal-use = grant seal use
act-decide-grants = decide seal grants
act-void-seals = void seals (作废)

## Who may act (--as)
actor-not-operator = not allowed (无权限): only the platform operator may { $doing }; { $person } is a person
actor-not-operator-hint = act as the platform operator: run it without --as
actor-not-admin = not allowed (无权限): only the enterprise administrator (管理员) or the platform operator may { $doing }; { $person } is not the administrator
actor-not-admin-hint = ask the enterprise administrator to do it, or act as the platform operator without --as
actor-no-certificate = { $person } has no usable certificate to prove who they are (--as needs one, with its PIN)
actor-no-certificate-hint = issue them a certificate, or act as the platform operator without --as
actor-certificate-not-usable = --as-cert { $cert } is not one of { $person }'s usable certificates ({ $usable })
actor-certificate-ambiguous = { $person } has several usable certificates ({ $usable }): which one proves who they are?
actor-choose-certificate-hint = choose one of them with --as-cert N
actor-pin-needed = --as { $person } must be proven with the PIN of their certificate { $cert }
actor-pin-needed-hint = give --as-pin-file FILE, set CATOOL_AS_PIN or type it at a terminal (or act as the platform operator without --as)
prompt-as-pin = PIN of { $person }'s certificate { $cert } (proves --as; not shown):{ " " }

## Enterprises (D1, D2)
org-add-differs = cannot register (无法注册): an enterprise with USCC { $uscc } is already registered (enterprise { $org }) with { $field } '{ $stored }', not '{ $given }'
org-add-differs-hint = correct the data, or leave the registered enterprise as is
org-field-name = name
org-field-legal-rep = legal representative
org-field-legal-rep-id = legal representative ID number
org-add-admin-not-member = cannot register (无法注册): an enterprise with USCC { $uscc } is already registered (enterprise { $org }), and { $person } is not one of its members; its administrator is { $admin }
org-add-admin-not-member-hint = name its administrator or one of its members with --admin, or add { $person } with `catool org member add` first
org-add-name-taken = cannot register (无法注册): an enterprise named { $name } is already registered (enterprise { $org }, USCC { $uscc }); enterprise names are unique
org-add-name-taken-hint = check the name and the USCC
org-uscc-invalid = invalid { $field } '{ $value }' (统一社会信用代码): { $problem }
uscc-problem-length = expected 18 characters, got { $chars }
uscc-problem-character = character '{ $char }' is not allowed (GB 32100-2015 uses 0-9 and A-Z without I, O, Z, S, V)
uscc-problem-check = check character should be '{ $expected }' (GB 32100-2015), got '{ $got }'
org-authorize-letter-with-face = --letter is only for --method letter (授权委托书)
org-authorize-letter-missing = --method letter needs the scanned authorization letter (授权委托书)
org-authorize-letter-missing-hint = give --letter FILE (a PDF or an image), or record --method face
org-authorize-letter-unreadable = --letter is neither a PDF nor an image that decodes (PNG, JPEG …)
org-authorize-letter-unreadable-hint = give the scanned, signed and stamped authorization letter (授权委托书)
org-authorize-already = already authorized (已授权): { $org } was authorized by { $method } on { $at }
org-member-already = already a member (已是成员): { $person } is { $role } of { $org }
role-admin = admin (管理员)
role-member = member
org-member-not-member = { $person } is not a member of { $org }
org-members-hint = `catool org show` lists its members
org-member-remove-admin = cannot remove the administrator (无法移除管理员): { $person } administers { $org }
org-member-remove-admin-hint = transfer the role first with `catool org transfer-admin`
org-member-has-certs = cannot remove (无法移除): { $person } still has certificate(s) { $certs } of { $org }
org-member-has-grants = cannot remove (无法移除): { $person } still has seal grant(s) { $grants } (seal(s) { $seals }) of { $org }
org-member-has-both = cannot remove (无法移除): { $person } still has certificate(s) { $certs } and seal grant(s) { $grants } (seal(s) { $seals }) of { $org }
org-member-has-rights-hint = run again with --revoke to revoke those certificates (affiliationChanged) and end the grants (收回), or reassign them first
org-transfer-already-admin = nothing to transfer: { $person } already administers { $org }
org-transfer-not-member = cannot transfer (无法转让): { $person } is not a member of { $org }
org-add-member-hint = add them with `catool org member add` first

## Persons (D2)
person-add-differs = cannot register (无法注册): a person with { $id_type } ID number { $id_number } is already registered (person { $person }) with { $field } '{ $stored }', not '{ $given }'
person-add-differs-hint = correct the data, or leave the registered person as is
person-field-name = name
person-field-email = e-mail
person-field-phone = phone
person-resident-id-invalid = invalid { $field } '{ $value }' (居民身份证号码): { $problem }
resident-id-problem-length = expected 18 characters, got { $chars }
resident-id-problem-not-digits = the first 17 characters must be digits
resident-id-problem-birth-date = characters 7-14 must be a birth date YYYYMMDD, got '{ $birth }'
resident-id-problem-check = check digit should be '{ $expected }' (GB 11643-1999), got '{ $got }'
person-id-number-invalid = invalid { $field } '{ $value }' ({ $id_type }): expected 5 to 30 letters and digits
person-email-invalid = invalid { $field } '{ $value }': expected an address like name@example.com
person-phone-invalid = invalid { $field } '{ $value }': expected digits, optionally with +, - or spaces

## Packages (D1, D3)
package-out-of-range = invalid { $field } { $value }: expected { $min } to { $max }
package-buy-not-authorized = cannot buy (无法购买): { $org } is not authorized (未CA授权)
package-buy-not-authorized-hint = record the legal representative's authorization with `catool org authorize` first
package-buy-empty = a package must contain at least one certificate slot
package-buy-empty-hint = give --enterprise-slots or --personal-slots above 0
package-not-found = no package { $package } in the registry
package-list-hint = `catool package list` shows the packages

## The onboarding import (catool import)
spot-json = import { $at_path }
spot-csv = { $at_file } line { $at_line }
spot-csv-column = { $at_file } line { $at_line }, column { $at_column }
import-at = { $at }: { $import_inner }
import-not-document = { $file }: not an onboarding document: { $detail }
import-not-document-hint = give JSON with the sections persons, orgs, memberships and packages, or a .csv sheet (see docs/import.md)
import-path-outside = { $at }: { $path } { $how ->
        [absolute] is absolute
        [parent] goes up with '..'
        [symlink] passes through a symbolic link
       *[empty] is empty
    }
import-path-outside-hint = paths in an import document are relative to its directory and stay inside it
import-authorize-invalid = { $at }: '{ $value }': expected face or letter
import-letter-without-method = { $at }: only with { $column } letter
import-id-type-invalid = { $at }: '{ $value }': expected resident, passport or other
import-kind-invalid = { $at }: '{ $value }': expected enterprise or personal
import-package-differs = { $at }: package { $package } of { $org } (its package number { $nth }) has { $field } { $have }, not { $want }; packages are matched in order per enterprise
import-package-differs-hint = fix the row, or list the existing packages first (`catool package list`)
import-too-few-slots = { $at }: package { $package } has only { $have } { $kind } slot(s)
import-too-few-slots-hint = buy a bigger package or list fewer certificates
import-owner-differs = { $at }: slot { $slot } already belongs to { $owner }, not { $given }; an owner can never change
import-holder-differs = { $at }: slot { $slot } is held by { $holder }, not { $given }
import-holder-differs-hint = change the holder with `catool cert holder`, then import again
import-row-line = line { $line }
import-subject-person = person { $id } { $name }
import-subject-org = enterprise { $id } { $name }
import-subject-authorization = authorization of { $org }
import-subject-authorization-by = authorization of { $org } ({ $method })
import-subject-membership = { $person } in { $org }
import-subject-package = package { $id } of { $org }
import-subject-payment = payment of package { $package }
import-subject-assigned = slot { $slot }: owner { $owner }, holder { $holder }
import-subject-owned = slot { $slot }: owner { $owner }
import-subject-slot = slot { $slot }
import-subject-issued = slot { $slot }: certificate { $cert } (serial { $serial })
import-step = { $row }: { $what } — { $outcome }
import-outcome-created = created
import-outcome-exists = exists
import-outcome-authorized = authorized
import-outcome-paid = paid
import-outcome-assigned = assigned
import-outcome-issued = issued
import-outcome-already-issued = already issued
import-outcome-would-create = would create
import-outcome-would-authorize = would authorize
import-outcome-would-pay = would pay
import-outcome-would-assign = would assign
import-outcome-would-issue = would issue
import-dry-run-nothing = dry run: nothing to do; everything is already in the registry
import-dry-run-changes = dry run: { $changes } change(s) would be made; nothing was written
import-nothing-to-do = nothing to do: everything is already in the registry; nothing changed
import-done = imported: { $changes } change(s)

## The CSV sheet of an import
csv-utf16 = { $file }: the file is UTF-16 ("Unicode text"), not CSV UTF-8
csv-save-as-utf8-hint = in Excel save it as "CSV UTF-8 (逗号分隔)(*.csv)"
csv-not-utf8 = { $file } line { $line }: not UTF-8 (byte { $byte }); the file is probably GBK, as Excel's "CSV (逗号分隔)" saves Chinese text
csv-not-utf8-hint = save it as "CSV UTF-8 (逗号分隔)(*.csv)" (WPS: 另存为, 编码 UTF-8), or convert it with `iconv -f GBK -t UTF-8`
csv-syntax = { $file } line { $line }: not CSV: { $detail }
csv-empty = { $file }: empty
csv-columns-hint = the first row names the columns (name, id_number, uscc …: see docs/import.md)
csv-unnamed-column = { $at }: column { $index } has no name
csv-unnamed-column-hint = name it or delete the column
csv-unknown-column = { $at }: unknown column; the columns are { $known }
csv-column-twice = { $at }: named twice
csv-missing-column = { $at }: no column { $column }; the header must have the columns { $required } (their cells may be blank)
csv-field-count = { $at }: { $values } values, but the header has { $columns } columns
csv-field-count-hint = quote a value that holds a comma ("a,b")
csv-differs = { $at }: '{ $value }' differs from '{ $old }' on line { $old_line } for { $entity }
csv-differs-hint = give it once, or the same on every row
csv-entity-person = the person with ID number { $id_number }
csv-entity-org = enterprise { $uscc }
csv-entity-package = package { $number } of enterprise { $uscc }
csv-not-a-number = { $at }: '{ $value }' is not a whole number
csv-shortened-number = { $at }: '{ $value }' is a number the spreadsheet shortened
csv-shortened-number-hint = format the column as text (设置单元格格式 → 文本), type the numbers again and save
csv-orphan-value = { $at }: is given, but { $needs }
csv-needs-person = this row has no person (name and id_number)
csv-needs-uscc = uscc is blank: name the enterprise on this row
csv-needs-cert-kind = cert_kind is blank: they belong to a certificate
csv-person-incomplete = { $at }: is blank, but { $given } is given: a person needs both
csv-second-admin = { $at }: enterprise { $uscc } already has its administrator on line { $old_line } (ID number { $old }); an enterprise has one
csv-role-invalid = { $at }: '{ $value }': expected admin or member (blank: member)
csv-package-invalid = { $at }: '{ $value }': expected 1, 2 … (the enterprise's first, second … package)
csv-cert-without-person = { $at }: is given, but this row has no person (name and id_number): the certificate's owner
csv-org-incomplete = { $at }: enterprise { $uscc } has no { $missing ->
        [role] row with role admin
       *[other] { $missing }
    } on any of its rows
csv-org-incomplete-hint = an enterprise this sheet registers needs org_name, legal_rep, legal_rep_id and one row with role admin (to add people or packages to a registered enterprise, leave its enterprise columns blank)
csv-package-gap = { $at }: package { $number } of enterprise { $uscc }, but no row has package { $expected }
csv-package-gap-hint = number an enterprise's packages 1, 2 … (the n-th is its n-th package in the registry)

## Input files and text fields
input-unreadable = cannot read { $flag } { $path }: { $detail }
input-unreadable-hint = check the path and that you may read the file
input-too-big = { $flag } { $path } is over the { $limit } limit of { $kind }
input-too-big-hint = is it the right file?
input-kind-input-file = an input file (held in memory whole)
input-kind-cert-file = certificate and key files (a certificate is a few KiB)
input-kind-pdf = a PDF
input-kind-password-file = a password file (one line)
input-not-utf8 = { $flag } { $path }: not UTF-8 text
input-pins-differ = the two PINs typed differ; nothing was changed
input-pins-differ-hint = run the command again
input-size-invalid = invalid --size '{ $value }': expected millimetres like 40 or 40x30
input-text-empty = { $field } must not be empty
input-text-too-long = { $field } is too long: { $chars } characters, at most { $max }
input-text-control = { $field } contains a control character
input-text-format-char = { $field } contains { $code }, { $kind }; names may not hold bidi controls or invisible characters
input-text-format-char-hint = type the name plainly
format-char-bidi = a bidi control, which reorders how the name displays
format-char-line-separator = a line separator
format-char-invisible = an invisible (zero-width) character
prompt-pin = PIN (6 digits, not shown):{ " " }
prompt-new-pin = New PIN (6 digits, not shown):{ " " }
prompt-new-pin-again = The new PIN again:{ " " }
warning-exposed = warning: { $what } { $path } is readable by group or others (mode { $mode }); run chmod 600 { $path }
secret-registry = registry
secret-pin-file = PIN file
secret-password-file = password file

## Output files
output-guarded = { $flag } { $path } is { $what } ({ $guarded }): catool never writes over it, not even with --force
guarded-registry = the registry
guarded-registry-wal = the registry's write-ahead log
guarded-registry-shm = the registry's shared-memory index
guarded-registry-journal = the registry's rollback journal
guarded-master-key = the master key
guarded-input = an input of this command ({ $input })
output-choose-another-hint = choose another path
output-is-directory = { $flag } { $path } is a directory
output-is-directory-hint = give a file name
output-not-regular = { $flag } { $path } is not a regular file (a device, FIFO or socket)
output-not-regular-hint = give the name of a file: catool never writes into a device, FIFO or socket, nor replaces one
output-is-link = { $flag } { $path } is a symbolic link; catool never writes through a link nor replaces one
output-is-link-hint = give the path of the file itself, or remove the link
output-exists = { $flag } { $path } exists
output-exists-hint = add --force to replace it, or choose another path
output-exists-skip-hint = add --skip-existing to leave it (and finish the rest), or --force to replace it
output-write-failed = cannot write { $path }: { $detail }
output-write-failed-hint = check that its directory exists and that you may write there, and that the disk has room
output-appeared = { $path } appeared while catool was writing it and was left alone
output-appeared-hint = add --force to replace it
output-directory-changed = the directory of { $path } is not the one checked before catool began (a link on its path was changed meanwhile); nothing was written
output-directory-changed-hint = check the links on the path and run the command again
output-directory-create-failed = cannot create directory { $dir }: { $detail }
input-registry-no-home = neither XDG_DATA_HOME nor HOME is set: catool does not know where the registry is
input-registry-no-home-hint = give the registry path with --db or CATOOL_DB

## The command line
init-ready = registry ready: { $path } (schema v{ $schema })
usage-subcommand-missing = a subcommand is missing (its help went to stderr); see `catool --help`
usage-unknown-argument = { $arg } is not an option of this command
usage-unknown-subcommand = there is no command { $name }
usage-not-one-of = '{ $value }' is not a value of { $arg }; possible values: { $valid }
usage-bad-value = '{ $value }' is not a valid value of { $arg }: { $why }
usage-why-not-a-number = a whole number is expected
usage-missing = required, not given: { $args }
usage-conflict = { $arg } cannot be used together with { $other }
usage-other = { $detail }
usage-hint-did-you-mean = did you mean { $suggestion }?
usage-hint-usage = usage: { $usage } (add --help for the options)
usage-hint-help = see `{ $command } --help`
panic-bug = internal error (内部错误): a bug in catool at { $at }; nothing was half-written. Please report it with the command you ran (CATOOL_DEBUG=1 shows details)
panic-unknown-place = an unknown place
panic-debug = internal error (内部错误) at { $at }: { $panic }

## Human output of org, person and package commands
org-registered = registered enterprise { $id } { $name } (USCC { $uscc }), administrator { $admin }; next: catool org authorize --org { $id }
org-exists = exists (已注册): enterprise { $id } { $name } (USCC { $uscc }) is already registered with these data; nothing changed
org-authorized = authorized (已授权): { $name } — { $authorized }
org-authorized-by = { $at } by { $method }
org-not-authorized = no (未授权)
auth-method-face = face (法人人脸识别)
auth-method-letter = letter (授权委托书)
org-admin-now = administrator of { $org } is now { $admin }
org-member-added = { $person } is now a member of { $org }
org-member-removed = { $person } is no longer a member of { $org }
org-member-removed-certs = ; revoked certificate(s) { $ids } (affiliationChanged)
org-member-removed-grants = ; ended seal grant(s) { $ids } (收回)
person-ref = { $name } (person { $id })
org-ref = { $name } (org { $id })
person-registered = registered person { $id } { $name }
person-exists = exists (已注册): person { $id } { $name } is already registered with these data; nothing changed
id-type-resident = resident (居民身份证)
id-type-passport = passport (护照)
id-type-other = other
cert-role-owner = owner
cert-role-holder = holder
cert-role-owner-holder = owner+holder
seal-own = own seal
seal-grant = grant
seal-grant-period = grant { $id } { $from } … { $until }
package-bought = package { $id } for { $org }: { $ent } enterprise + { $pers } personal certificate(s), { $years } year(s), { $cny } CNY, unpaid; next: catool package pay --package { $id }
package-already-paid = already paid (已支付): package { $id } was paid on { $at }; nothing changed; slots:
package-paid = package { $id } paid (已支付); slots:
package-contents = { $ent } enterprise + { $pers } personal certificate(s)
package-price = { $cny } CNY
package-status-paid = paid (已支付)
package-status-unpaid = unpaid (未支付)
slot-unassigned = unassigned (暂未分配)
slot-assigned = assigned (待导入)
slot-used = used (已使用)
section-members = members:
section-packages = packages:
section-enterprises = enterprises:
section-certificates = certificates:
section-slots = slots:
section-seals = seals:
field-id = id
field-name = name
field-uscc = USCC
field-legal-rep = legal representative
field-authorized = authorized (CA授权)
field-administrator = administrator
field-registered = registered
field-id-document = ID
field-email = email
field-phone = phone
field-enterprise = enterprise
field-contents = contents
field-years = years
field-price = price
field-status = status
field-bought = bought
field-paid = paid
col-id = ID
col-name = NAME
col-uscc = USCC
col-authorized = AUTHORIZED
col-admin = ADMIN
col-person = PERSON
col-role = ROLE
col-joined = JOINED
col-org = ORG
col-id-type = ID TYPE
col-id-number = ID NUMBER
col-email = EMAIL
col-cert = CERT
col-serial = SERIAL
col-state = STATE
col-enterprise = ENTERPRISE
col-seal = SEAL
col-kind = KIND
col-seal-use = ENTERPRISE / GRANT
col-ent = ENT
col-pers = PERS
col-years = YEARS
col-cny = CNY
col-status = STATUS
col-slot = SLOT
col-owner = OWNER
col-holder = HOLDER

## A person row a finding names (red team 6)
anchor-object-person = person { $id }
