# catool's messages in English. Every entry has its twin in i18n/zh-CN/catool.ftl, and the
# code names each one with msg!("id") (tests/i18n.rs and src/i18n/tests.rs check both).
# Certificate ids, dates and names are data ($cert, $on …); rules (D9 …) print on their own line.

## Lines of a failure on stderr
line-error = error: { $message }
line-hint = hint: { $message }
internal-error = internal error: { $detail }
internal-error-hint = this is a bug in catool; please report it with the command you ran
rule-reference = rule { $rule }, see catool-rules(7)

## D12 states, as operators see them
state-active = active (生效中)
state-pending = pending (待导入)
state-expiring = expiring soon (即将过期)
state-expired = expired (已失效)
state-revoked = revoked (已吊销)
state-frozen = frozen (已冻结)
state-locked = locked (已锁定)
state-superseded = superseded (已替换)
kind-enterprise = enterprise
kind-personal = personal
word-certificate = certificate

## What was being done when a certificate was refused
doing-reissue = reissue (无法补发)
doing-extend = extend (无法延期)
doing-revoke = revoke (无法吊销)
doing-freeze = freeze (无法冻结)
doing-unfreeze = unfreeze (无法解冻)
doing-bind = bind (无法绑定)
doing-export = export the key (无法导出)
doing-sign = sign (无法签署)
doing-encrypt = encrypt to this certificate (无法加密)
doing-decrypt = decrypt with this certificate (无法解密)
doing-prove = prove who you are with it

## Slots, owners and holders (D2, D4, D5)
cert-not-member = { $person } is not a member of { $org }
cert-not-member-hint = add them with `catool org member add` first
cert-assign-owner-fixed = cannot change the owner (无法修改所属人): slot { $slot } already has its owner; once set it can never be changed
cert-assign-owner-fixed-hint = to change who uses it, run `catool cert holder`
cert-holder-fixed = certificate { $cert } was imported without an enterprise: it has no administrator, and its holder is fixed
cert-owner-consent = not allowed (无权限): { $actor } cannot have { $holder } hold a personal certificate in { $owner }'s name; whoever holds it signs as { $owner }, so only { $owner } (or the platform operator) may consent to that
cert-owner-consent-self = not allowed (无权限): { $actor } cannot hold a personal certificate in { $owner }'s name without { $owner }'s consent; whoever holds it signs as { $owner }
cert-owner-consent-hint = give it { $owner } as holder too, or { $owner } does it (--as { $owner } with their own proof), or the platform operator without --as
cert-issue-unassigned = cannot import (无法导入): slot { $slot } has no owner yet (暂未分配)
cert-issue-unassigned-hint = assign it first with `catool cert assign`
cert-issue-used = cannot import (无法导入): slot { $slot } was already imported (已使用)
cert-issue-used-hint = a lost PIN is a reissue: `catool cert reissue`
cert-issue-taken = cannot import (无法导入): slot { $slot } was imported by another catool just now

## Issuing (D6, D14)
cert-issue-ca-not-yet-valid = cannot import (无法导入): CA { $ca } is not valid before { $from }
cert-issue-ca-not-yet-valid-hint = issue from it from then on, or from another CA (--ca)
cert-issue-ca-ends-too-soon = cannot import (无法导入): CA { $ca } is valid until { $ca_end }, before the year a new certificate gets (until { $not_after }), and a certificate never outlives its CA
cert-new-ca-hint = create a new CA (`catool ca init`) and issue from it with --ca
cert-outlives-ca = refused: a certificate valid { $not_before } to { $not_after } falls outside the validity of CA { $ca } ({ $ca_start } to { $ca_end }); a certificate never outlives its CA
cert-ca-unknown-algorithm = CA { $ca } has unknown algorithm { $algo }
cert-issue-serial-taken = serial { $serial } is already used at { $issuer }; nothing was issued
cert-run-again-hint = run the command again
cert-p12-password-short = the PKCS#12 export password has { $chars } characters; it needs at least { $min } characters
cert-p12-password-short-hint = write a longer one into the --p12-password-file

## The state of a certificate (D8, D11, D12)
cert-not-issued-here = cannot { $doing }: certificate { $cert } was not issued into a slot by this registry (it was imported)
cert-not-issued-here-hint = reissue or extend it at the CA that issued it, or give the holder a certificate of this registry: `catool cert assign` a slot, then `catool cert issue`
cert-imported-elsewhere = certificate { $cert } was imported from another CA
cert-imported-elsewhere-hint = reissue or extend it there
cert-revoked = cannot { $doing }: certificate { $cert } is revoked (已吊销) since { $since }
cert-superseded = cannot { $doing }: certificate { $cert } was replaced (已替换)
cert-superseded-hint = use its successor (catool cert list)
cert-frozen = cannot { $doing }: certificate { $cert } is frozen (已冻结)
cert-frozen-hint = unfreeze it first (解冻): `catool cert unfreeze`
cert-expired = cannot { $doing }: certificate { $cert } expired (已失效) on { $on }
cert-expired-hint = an expired certificate is not renewed: give the holder a new one (`catool cert assign`, then `catool cert issue`)
cert-locked = certificate { $cert } is locked (已锁定) after { $attempts } wrong PINs
cert-locked-hint = only a reissue (补发证书) with a new PIN unlocks it: `catool cert reissue --cert { $cert } --new-pin-file FILE`

## Reissue and extension (D8, D9, D10)
cert-reissue-expired = cannot reissue (无法补发): certificate { $cert } expired (已失效) on { $on }
cert-reissue-expired-hint = reissue is not a renewal: give the holder a new certificate (`catool cert assign`, then `catool cert issue`)
cert-extend-too-early = cannot extend (无法延期): certificate { $cert } has { $days ->
        [one] { $days } day
       *[other] { $days } days
    } of validity left; extension is possible only when less than three months remain (有效期不足三个月)
cert-extend-too-early-hint = extend it again once fewer than { $window } months of validity remain
cert-extend-needs-confirmation = extension replaces the key of certificate { $cert }: bid documents already encrypted to it cannot be decrypted afterwards (延期后将无法对已经制作的加密标书进行解密)
cert-extend-needs-confirmation-hint = re-run with --keep-key to keep the key, or --yes to accept
cert-extend-outlives-ca = cannot extend (无法延期): certificate { $cert } would be valid until { $new_end }, after its CA { $ca } ends ({ $ca_end }), and a certificate never outlives its CA
cert-extend-outlives-ca-hint = create a new CA (`catool ca init`) and give the holder a new certificate from it (`catool cert assign`, then `catool cert issue --ca`)
cert-extend-no-unused-slot = cannot extend (无法延期): { $org } has no unused { $kind } certificate (没有未激活使用的证书)
cert-extend-no-unused-slot-hint = the enterprise administrator must buy and pay a new package (`catool package buy`)

## Revocation, freezing, binding (D11, D13)
cert-revoke-invalid-reason = invalid --reason '{ $reason }': expected one of { $expected }
cert-freeze-already-frozen = certificate { $cert } is already frozen (已冻结)
cert-unfreeze-not-frozen = certificate { $cert } is not frozen
cert-bind-needs-account = give the account to bind to with --to PERSON
cert-bind-already-bound = cannot bind (无法绑定): certificate { $cert } is bound to { $account } since { $since }
cert-bind-already-bound-hint = unbind it first (解绑): `catool cert unbind --cert { $cert }`
cert-bind-imported = an imported certificate without an enterprise cannot be bound to an account
cert-unbind-not-bound = certificate { $cert } is not bound to any account

## PINs and lockout (D6, D11)
cert-pin-wrong = wrong PIN (密码错误) for certificate { $cert }: { $used } of { $attempts } attempts used; it locks at { $attempts }
cert-pin-wrong-hint = { $left ->
        [one] one attempt left
       *[other] { $left } attempts left
    }; a forgotten PIN is a reissue (补发证书)
cert-pin-locked-now = wrong PIN (密码错误): certificate { $cert } is now locked (已锁定) after { $attempts } wrong PINs in a row
cert-pin-not-holders = not proven (身份未验证): certificate { $cert } is not { $person }'s (neither holder nor bound), so its PIN cannot prove --as { $person }
cert-pin-not-holders-hint = give --as-pin-file FILE or CATOOL_AS_PIN with one of their certificates' PIN, or act as the platform operator without --as
cert-pin-cannot-prove = not proven (身份未验证): certificate { $cert } cannot prove who you are now
cert-pin-cannot-prove-hint = use another of your certificates (--as-cert N) or act as the platform operator without --as
cert-pin-invalid = invalid PIN in { $source }: a PIN is exactly { $want } digits (6位数字密码); { $problem }
pin-problem-empty = it is empty
pin-problem-not-digits = it contains something other than the digits 0-9
pin-problem-length = it has { $digits } digits
cert-pin-file-too-long = { $source } is longer than { $max } bytes: a PIN file holds the { $want } digits and a newline
cert-pin-file-too-long-hint = is it the right file?
cert-key-damaged = the sealed key of certificate { $cert } is damaged
cert-key-damaged-hint = restore the registry from a backup, or reissue the certificate (`catool cert reissue`)
cert-kdf-below-floor = the registry's setting { $key } is { $value }{ $unit }, below the floor of { $floor }{ $unit }; no key is sealed under a weaker PIN KDF
cert-kdf-below-floor-hint = run `catool config set { $key } { $floor }`

## Finding and listing
cert-invalid-serial = invalid { $flag } '{ $value }': expected a serial number in hex, e.g. 7F3A or 7f:3a
cert-invalid-serial-hint = `catool cert show` prints it
cert-list-invalid-state = invalid --status '{ $value }': expected one of { $expected }
cert-invalid-id = invalid certificate id '{ $value }': expected a number
cert-list-hint = `catool cert list` shows the certificates
cert-show-needs-ref = give the certificate to show: an id, a serial, a SHA-256 fingerprint or a person
cert-show-not-found = no certificate '{ $reference }' in the registry
cert-show-not-found-hint = give a certificate id, a serial or SHA-256 fingerprint in hex, or a person's ID number or exact name (catool cert list)
cert-show-ambiguous = '{ $reference }' is ambiguous: it names { $count } certificates: { $candidates }
cert-show-ambiguous-hint = show one with `catool cert show id:N`
cert-matched-id = id { $id }
cert-matched-serial = serial { $serial }
cert-matched-fingerprint = SHA-256 fingerprint
cert-matched-person = certificate of { $person }

## Exporting and importing files
cert-export-needs-pin = a PKCS#12 export needs the PIN (--pin-file)
cert-export-needs-out = a PKCS#12 export needs --out FILE (it is never written to a terminal)
cert-p12-password-needs-p12 = --p12-password-file protects a PKCS#12 file: give --p12 OUT too
cert-p12-password-needs-format = --p12-password-file protects a PKCS#12 file: add --format p12
cert-issue-needs-slot = give --slot or --batch
cert-import-needs-key = FILE is a certificate: give its private key with --key
cert-import-needs-password = FILE looks like a PKCS#12: give its password with --password-file
cert-import-unreadable = cannot import: { $problem }
cert-import-unreadable-detail = cannot import: { $problem }: { $detail }
import-problem-not-certificate = not a DER or PEM certificate (truncated or corrupt?)
import-problem-pem-cert-corrupt = the PEM certificate is corrupt
import-problem-no-pem-cert = no CERTIFICATE block in the PEM input
import-problem-encrypted-key = the key is an encrypted PKCS#8; decrypt it first or import a PKCS#12
import-problem-no-pem-key = no PRIVATE KEY (PKCS#8) block in the PEM input
import-problem-not-key = the key is not an RSA or SM2 PKCS#8 key
import-problem-not-pkcs12 = not a readable PKCS#12 file
import-problem-unreadable-constraints = unreadable basicConstraints or keyUsage
import-problem-unrecognised = the file is neither a certificate (PEM or DER, with --key or its key in the same PEM) nor a PKCS#12 file
cert-import-pem-no-end = cannot import: the PEM { $label } block has no END line (truncated?)
cert-import-pem-corrupt = cannot import: the PEM { $label } block is corrupt: { $detail }
cert-import-critical-extension = cannot import: the certificate has a critical extension catool does not know ({ $oid }); RFC 5280 forbids using it
cert-import-wrong-password = cannot import: wrong PKCS#12 password (MAC check failed)
cert-import-too-many-certificates = cannot import: more than { $max } certificates in the input
cert-import-too-many-certificates-hint = give the certificate and its issuers only
cert-import-too-big = cannot import: the certificate is { $bytes } bytes, over the { $max_kib } KiB limit (an enterprise or personal certificate is a few KiB; this one carries oversized names or extensions)
cert-import-key-mismatch = cannot import: the private key does not match the certificate
cert-import-rsa-size = cannot import: RSA keys must be 2048, 3072 or 4096 bits
cert-import-ca-certificate = cannot import: { $subject } is a CA certificate ({ $why }), not a holder's
cert-import-ca-certificate-hint = import the certificate the CA issued to the holder (an end-entity certificate, CA:FALSE without keyCertSign)
cert-import-forged-registry-ca = cannot import: the certificate names registry CA { $cas } as its issuer, but its signature does not verify under that CA's key: this registry did not issue it (forged?); nothing was imported
cert-import-unverifiable-algorithm = cannot import: catool cannot check the signature algorithm { $alg } against the issuer certificate given with it ({ $issuer }); it checks RSA (SHA-256/384/512) and SM2
cert-import-unverifiable-algorithm-hint = give the certificate without its issuers to import it as a foreign certificate
cert-import-bad-signature = cannot import: the certificate's signature does not verify against the issuer certificate given with it ({ $issuer }): it is forged or damaged, or that is another issuer of the same name; nothing was imported
cert-import-already-imported = already imported (已导入): this certificate (SHA-256 { $fingerprint }) is certificate { $cert } in the registry
cert-import-not-yet-valid = cannot import: the certificate is not yet valid (尚未生效) until { $from }
cert-import-not-yet-valid-hint = import it from then on
cert-import-expired = cannot import: the certificate expired (已失效) on { $on }
cert-import-outlives-ca = cannot import: the certificate is signed by CA { $ca } but is valid until { $not_after }, after the CA itself ({ $ca_end }); catool never issues such a certificate
cert-import-outlives-ca-hint = check whether the CA's key has leaked

## Output files and batches
cert-output-no-directory = cannot write { $flag } { $path }: directory { $dir } does not exist
cert-issue-p12-missing = cannot import (无法导入): slot { $slot } was already imported (已使用) as certificate { $cert }; { $path } is not there
cert-issue-p12-missing-hint = `catool cert export --cert { $cert } --format p12 --out { $path }` makes it
cert-issue-p12-not-written = certificate { $cert } was issued, but { $why }
cert-reissue-p12-not-written = certificate { $old } was reissued as { $cert }, but { $why }
cert-export-again-hint = export it with `catool cert export --cert { $cert } --format p12 --pin-file FILE --out FILE`
cert-batch-csv = --batch line { $line }: { $why }
cert-batch-fields = --batch line { $line }: { $fields } fields, expected slot,pin_file[,p12]
cert-batch-fields-hint = quote paths that contain commas
cert-batch-output-reused = --batch line { $line }: output { $path } is already used by an earlier row
cert-batch-row = --batch line { $line }: expected slot,pin_file[,p12], got '{ $row }'
cert-batch-path-outside = --batch line { $line }: { $column } { $path } { $how ->
        [absolute] is absolute
        [symlink] passes through a symbolic link
        [empty] is empty
       *[parent] goes up with '..'
    }
cert-batch-path-outside-hint = paths in a batch CSV are relative to the CSV's directory and stay inside it
cert-batch-p12-exists = slot { $slot } is not issued yet but its p12 { $path } already exists
cert-batch-p12-exists-hint = move it away (or issue without --skip-existing, with --force)
## Who may manage or import a certificate (D5, D11)
cert-not-holder = not allowed (无权限): certificate { $cert } belongs to no enterprise and { $person } does not hold it; only its holder or the operator may { $doing }
cert-not-holder-hint = ask its holder, or act as the platform operator without --as

## The master key and sealed keys
keystore-master-key-foreign = master key file { $path } does not belong to this registry
keystore-master-key-foreign-hint = point --master-key at the right one
keystore-master-key-missing = master key file { $path } is missing; the registry's keys cannot be opened without it
keystore-master-key-missing-hint = restore it, or point --master-key at it
keystore-tampered = registry { $registry } was tampered with (历史记录被篡改): { $sign }
keystore-tampered-hint = restore it from a backup (`catool log verify` shows what else changed)
tamper-check-removed-with-history = its history has events but the master key check value is missing (catool records it before the first event): it was removed
tamper-check-removed-with-keys = the master key check value is missing although the registry holds CAs or certificates (catool always recorded it with them): it was removed
tamper-check-rolled-back = its master key check value is the unkeyed (v1) form although its history is keyed: it was rolled back
keystore-kdf-out-of-range = the registry's setting { $key } holds { $value }, out of range
keystore-kdf-out-of-range-hint = set it again with `catool config set { $key } VALUE`
keystore-ca-key-unopenable = the key of CA '{ $ca }' cannot be opened with this master key
keystore-tsa-key-unopenable = the key of TSA '{ $tsa }' cannot be opened with this master key
keystore-wrong-master-key-hint = point --master-key at this registry's master key
cert-damaged = certificate { $cert } is damaged in the registry: { $detail }
cert-damaged-hint = restore the registry from a backup (`catool log verify` shows what changed)
## A broken invariant (a bug)
cert-internal = internal error: { $what }

## Who chooses a certificate's PIN (D6, D8)
cert-pin-for-another = not allowed (无权限): { $actor } cannot choose the PIN of a certificate held by { $holder }; whoever chooses it can act and sign as its holder
cert-pin-for-another-hint = the holder imports it themselves (--as { $holder } with their own proof), or the platform operator does without --as
cert-pin-not-chosen-by-holder = not proven (身份未验证): the PIN of certificate { $cert } was not chosen by { $person } (its holder changed), so it does not prove who they are
cert-pin-not-chosen-by-holder-hint = the platform operator reissues it with a PIN for { $person }: `catool cert reissue --cert { $cert } --new-pin-file FILE`

## What `catool cert …` answers (human output)
cert-line = certificate { $cert } — { $subject } — { $state } ({ $days ->
        [one] 1 day
       *[other] { $days } days
    } left), serial { $serial }
cert-assigned = slot { $slot } assigned: owner { $owner }, holder { $holder }; next: catool cert issue --slot { $slot } --pin-file FILE
cert-assigned-pick-ca = slot { $slot } assigned: owner { $owner }, holder { $holder }; next: catool cert issue --slot { $slot } --ca CA --pin-file FILE (the registry has { $cas } CAs: `catool ca list`)
cert-holder-changed = certificate { $cert } is now held by { $holder }
cert-issued-line = imported { $line }
cert-imported-line = imported { $line }
cert-p12-written = PKCS#12 ({ $profile }) written to { $path }
export-written = { $format } written to { $path }
cert-reissued-line = reissued certificate { $cert } as { $line }; the old one is superseded. Seal images must be uploaded again (D8)
cert-extended-line = extended certificate { $cert } as { $line }
cert-revoked-line = certificate { $cert } revoked: { $reason }
cert-frozen-line = certificate { $cert } frozen
cert-unfrozen-line = certificate { $cert } unfrozen
cert-pin-correct = PIN correct for certificate { $cert }
cert-bound-line = certificate { $cert } bound to { $account } at { $at }; expires { $until }
cert-unbound-line = certificate { $cert } unbound
cert-person-none = { $person } has no certificates
cert-person-several = { $person } has { $count } certificates; `catool cert show ID` shows one:
revoke-reason-unspecified = unspecified
revoke-reason-key-compromise = key compromise
revoke-reason-affiliation-changed = affiliation changed
revoke-reason-superseded = superseded
revoke-reason-cessation-of-operation = cessation of operation
# Between a label and its value in `key: value` lines.
field-colon = :
value-none = -
table-none = (none)

## `cert show`
cert-field-state = state
cert-field-kind = kind
cert-field-subject = subject
cert-field-issuer = issuer
cert-field-serial = serial
cert-field-algorithm = algorithm
cert-field-valid = valid
cert-valid-period = { $from } … { $until } ({ $days ->
        [one] 1 day
       *[other] { $days } days
    } left)
cert-field-owner = owner
cert-field-holder = holder
cert-field-bound = bound to
cert-bound-since = { $account } since { $at }
cert-field-wrong-pins = wrong PINs
cert-wrong-pins = { $count } of { $max }
cert-field-revoked = revoked
cert-revoked-at = { $at } ({ $reason })
cert-field-replaces = replaces
cert-field-replaced-by = replaced by
cert-field-sha256 = SHA-256

## `cert list` columns (the others are in party.ftl)
col-algo = ALGO
col-until = UNTIL
col-days = DAYS
col-replaces = REPLACES
col-replaced-by = REPLACED BY

## A PKCS#12 protected by the PIN alone
cert-p12-pin-only = WARNING: { $what } is protected by the { $digits }-digit PIN only: whoever gets the file can try all { $pins } PINs in { $cost }. Give it its own export password with --p12-password-file FILE (at least { $min } characters)
cert-p12-pin-only-cost = about { $duration } on one CPU core (measured here: { $ms } ms per PIN at { $iterations } iterations; a GPU or many cores are far faster)
cert-p12-pin-only-cost-unknown = little time (the cost could not be measured here)
cert-p12-pin-only-batch = every PKCS#12 file of this batch
duration-seconds = { $n ->
        [one] 1 second
       *[other] { $n } seconds
    }
duration-minutes = { $n ->
        [one] 1 minute
       *[other] { $n } minutes
    }
duration-hours = { $n } hours
duration-days = { $n } days

## `cert issue --batch`
cert-batch-unit = certificates
cert-batch-issued = issued
cert-batch-already-issued = already issued
cert-batch-line = line { $line }
cert-batch-row-issued = line { $line }: slot { $slot } already issued (certificate { $cert })
cert-batch-p12-of-line = --batch line { $line } p12
cert-batch-pin-file-of-line = pin_file of line { $line }

## The PIN prompt on the terminal
pin-source-typed = what was typed at the prompt
prompt-terminal = cannot read the PIN from the terminal: { $detail }
prompt-terminal-hint = give the PIN in a file instead (--pin-file FILE, or - for stdin)
prompt-cancelled = cancelled at the PIN prompt; nothing was changed
prompt-too-long = more than { $max } characters were typed at the PIN prompt
prompt-too-long-hint = a PIN is { $digits } digits; type it again
## Red team 4: rows checked against what is anchored
cert-subject-differs = certificate { $cert }'s { $part } in the registry ({ $row }) is not what the certificate itself says ({ $signed }): the registry was changed outside catool (历史记录被篡改); nothing was issued
subject-part-kind = kind (enterprise or personal)
subject-part-identity = owner or enterprise (name, ID number, USCC)
subject-part-identity-extension = identity extension (ID type and number)
cert-pin-chooser-differs = certificate { $cert }: the registry says the operator set its PIN, its keyed history says its holder chose it: the registry was changed outside catool (历史记录被篡改); it proves nobody
cert-pin-history-missing = certificate { $cert }: its keyed history does not say who chose its PIN: the registry was changed outside catool (历史记录被篡改); it proves nobody
cert-key-shared = cannot { $doing }: certificate { $cert } was replaced by certificate { $successor }, which has the same key
cert-key-shared-hint = { $doing } certificate { $successor }: it acts on the key, certificate { $cert } included
