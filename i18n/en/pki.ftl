# catool's messages in English, pki area. Every entry has its twin in i18n/zh-CN/pki.ftl;
# the code names each one with msg!("id") (src/i18n/tests.rs checks both).
# Crypto layer (pki-*), CAs and CRLs (ca-*, crl-*), TSAs (tsa-*), settings and time
# (config-*), the history and `log verify` (log-*, finding-*), encrypted bids (envelope-*),
# the demo's narration (demo-*).

## The crypto layer: keys, signatures, PKCS#12, password-based encryption
pki-crypto = cryptographic operation failed ({ $layer }): { $detail }
pki-key-unsupported-curve = unsupported EC curve { $curve }
pki-key-unsupported-algorithm = unsupported key algorithm { $oid }
pki-key-bad-sm2-public-key = bad SM2 public key
pki-signature-unused-bits = the signature BIT STRING has unused bits
pki-signature-unsupported-algorithm = unsupported signature algorithm { $oid }
pki-p12-not-password-integrity = a password-integrity PFX was expected (authSafe must be id-data)
pki-p12-mac-mismatch = MAC verification failed (wrong password?)
pki-p12-encrypted-data-empty = EncryptedData without content
pki-p12-no-private-key = no private key in the PKCS#12 file
pki-p12-no-matching-certificate = no certificate in the PKCS#12 file matches its private key
pki-p12-nested-too-deep = SafeContents nested too deeply
pki-p12-unsupported-mac-digest = unsupported MAC digest { $oid }
pki-pbe-iterations = the file asks for { $iterations } key-derivation iterations; 1 to { $max } are accepted (a damaged or hostile file)
pki-pbe-unsupported-kdf = unsupported key derivation (only PBKDF2 is read in PBES2)
pki-pbe-parameters-missing = PBE parameters missing
pki-pbe-unsupported-algorithm = unsupported PBE algorithm { $oid }
pki-pbe-bad-iv = bad IV length
pki-pbe-decrypt-failed = decryption failed (wrong password?)
pki-pbe-cipher-key = the cipher refused a derived key

## The master key and sealed keys
pki-master-key-create = cannot create master key file { $path }: { $why }
pki-master-key-unreadable = cannot read master key file { $path }: { $detail }
pki-master-key-unreadable-hint = give the registry's key file with --master-key or CATOOL_MASTER_KEY
pki-master-key-too-long = master key file { $path } is damaged: far longer than a key (64 hex digits)
pki-master-key-damaged = master key file { $path } is damaged: expected 64 hex digits
pki-master-key-damaged-hint = restore the key file from a backup; without it the registry's keys cannot be opened
pki-master-key-exposed = master key file { $path } is readable by others (mode { $mode })
pki-master-key-exposed-hint = run chmod 600 on it
pki-kdf-invalid-cost = invalid KDF cost setting: { $detail }
pki-kdf-invalid-cost-hint = `catool config list` shows kdf.memory_kib and kdf.iterations; set them with `catool config set`
pki-kdf-failed = the PIN key derivation (Argon2id) failed: { $detail }
pki-seal-failed = sealing a key failed

## PINs (D6)
pki-pin-stdin-unreadable = cannot read the PIN from stdin: { $detail }
pki-pin-file-unreadable = cannot read { $what }: { $detail }
pki-pin-needed = a PIN is needed
pki-pin-needed-hint = give { $flag } FILE (or - for stdin), set CATOOL_PIN, or run on a terminal to type it

## Timestamps over HTTP (RFC 3161)
pki-tsa-url-invalid = invalid TSA URL '{ $url }': { $problem }
pki-url-problem-shape = expected http://host:port/path
pki-url-problem-user-name = user names in the URL are not supported
pki-url-problem-unclosed-bracket = unclosed [ in the host
pki-url-problem-port = the port is not a number
pki-url-problem-no-host = no host
pki-tsa-url-hint = give the TSA's address as http://host:port/path
pki-tsa-url-https = invalid TSA URL '{ $url }': https is not supported; catool talks to TSAs over plain http (the reply is signed and checked, so TLS adds no integrity)
pki-tsa-url-https-hint = use the TSA's http:// URL
pki-tsa-http-unresolved = TSA { $url }: unreachable: cannot resolve { $host }: { $detail }
pki-tsa-http-connect-timeout = TSA { $url }: unreachable: no connection within { $secs } s
pki-tsa-http-connect-failed = TSA { $url }: unreachable: { $detail }; check the URL and that the TSA is running
pki-tsa-http-no-address = TSA { $url }: unreachable: the host has no address
pki-tsa-http-timeout = TSA { $url }: time-out: no complete reply within { $secs } s
pki-tsa-http-connection-failed = TSA { $url }: connection failed: { $detail }
pki-tsa-http-too-large = TSA { $url }: the reply is too large (more than { $kib } KiB): not a timestamp reply
pki-tsa-http-not-http = TSA { $url }: garbage reply: not an HTTP response
pki-tsa-http-status = TSA { $url }: HTTP status { $status } (expected 200)
pki-tsa-http-content-type = TSA { $url }: garbage reply: Content-Type '{ $media }' is not application/timestamp-reply
pki-tsa-http-bad-body = TSA { $url }: garbage reply: { $problem }
pki-body-problem-chunk-line-cut = a chunk size line is cut off
pki-body-problem-bad-chunk-size = bad chunk size
pki-body-problem-chunk-cut = a chunk is cut off or too large
pki-body-problem-bad-length = bad Content-Length
pki-body-problem-short = the body is shorter than its Content-Length
pki-tsp-gen-time = a token cannot be dated before 1970
pki-tsa-http-reply-refused = TSA { $url }: { $why }
pki-tsa-http-cert-unreadable = TSA { $url }: its certificate is unreadable: { $detail }
pki-tsa-http-cert-not-valid = TSA { $url }: its certificate ({ $subject }) was not valid at the token's time { $at } (valid { $from } to { $to })

## Checking time-stamp tokens and TSA replies (RFC 3161); a caller quotes the finding
pki-token-not-content-info = not a DER timestamp token (CMS ContentInfo): { $reason }
pki-token-not-signed-data = the token is not CMS SignedData ({ $oid })
pki-token-signed-data-unreadable = cannot read the token's SignedData: { $reason }
pki-token-not-tst-info = the token's content is not a TSTInfo ({ $oid })
pki-token-no-tst-info = the token has no TSTInfo inside
pki-token-content-unreadable = cannot read the token's content: { $reason }
pki-token-tst-info-unreadable = cannot read the token's TSTInfo: { $reason }
pki-token-tst-info-version = unsupported TSTInfo version { $version }
pki-token-no-signer = the token has no signer
pki-token-several-signers = the token has more than one signer (RFC 3161 allows one)
pki-token-tsa-certificate-missing = the TSA certificate is not in the token (it is there only when the request set certReq)
pki-token-unsupported-digest = unsupported digest algorithm { $oid }
pki-token-no-signed-attributes = the token has no signed attributes
pki-token-content-type = the token's contentType attribute is not id-ct-TSTInfo
pki-token-no-message-digest = the token has no messageDigest attribute
pki-token-message-digest-mismatch = the token's messageDigest does not match its TSTInfo
pki-token-signed-attributes-unlocatable = cannot locate the token's signed attributes
pki-token-signature-invalid = the token's signature does not verify with its TSA certificate: { $failure }
pki-token-unsupported-imprint = unsupported imprint algorithm { $oid }
pki-token-gen-time-unreadable = the token's genTime cannot be read
pki-token-reencode = cannot encode what the token holds again: { $reason }
pki-token-no-signing-certificate = the token has no ESS signingCertificate attribute naming its TSA
pki-token-signing-certificate-empty = the token's signingCertificate attribute is empty
pki-token-signing-certificate-hash = unsupported signingCertificateV2 hash { $oid }
pki-token-signing-certificate-other = the token's signingCertificate attribute names another certificate than the one that signed it
pki-token-signing-certificate-issuer-serial = the token's signingCertificate attribute names another issuer or serial than its TSA certificate
pki-token-eku-unreadable = the TSA certificate { $subject } has an unreadable extendedKeyUsage: { $reason }
pki-token-eku-missing = the TSA certificate { $subject } has no extendedKeyUsage timeStamping (RFC 3161 2.3): it is not a time-stamping certificate
pki-token-eku-not-time-stamping-only = the TSA certificate { $subject } is not for time stamping only: its extendedKeyUsage must be id-kp-timeStamping alone (RFC 3161 2.3)
pki-token-eku-not-critical = the TSA certificate { $subject } has a non-critical extendedKeyUsage: RFC 3161 2.3 requires it critical
pki-token-wrong-imprint = the token stamps another digest (wrong imprint): expected { $expected_alg } { $expected }, the token has { $token_alg } { $token }
pki-token-request-unreadable = the request is not a TimeStampReq: { $reason }
pki-token-request-algorithm = the request's hash algorithm is not supported
pki-token-reply-unreadable = the reply is not a DER TimeStampResp: { $reason }
pki-token-rejected = the TSA rejected the request{ $fail_count ->
        [0] {""}
       *[other] {" "}({ $fail_info })
    }{ $text_count ->
        [0] {""}
       *[other] : { $text }
    }
pki-token-waiting = the TSA is waiting (status waiting){ $fail_count ->
        [0] {""}
       *[other] {" "}({ $fail_info })
    }{ $text_count ->
        [0] {""}
       *[other] : { $text }
    }
pki-token-revocation = the TSA reports a revoked certificate{ $fail_count ->
        [0] {""}
       *[other] {" "}({ $fail_info })
    }{ $text_count ->
        [0] {""}
       *[other] : { $text }
    }
pki-token-status = the TSA answered with status { $status }{ $fail_count ->
        [0] {""}
       *[other] {" "}({ $fail_info })
    }{ $text_count ->
        [0] {""}
       *[other] : { $text }
    }
pki-token-no-token = the reply grants a token but holds none
pki-token-wrong-nonce = the token does not carry the nonce the request sent (wrong nonce: a replayed or misdirected reply)
pki-token-unexpected-nonce = the token carries a nonce the request did not send
pki-cms-signature-key-unreadable = the signer's { $key_algorithm } key cannot be read: { $reason }
pki-cms-signature-malformed = the signature value is damaged: { $reason }
pki-cms-signature-rsa-with-sm3 = RSA with SM3 is not supported
pki-cms-signature-mismatch = the signature is not the signer key's over the signed data (the data changed after signing, or another key signed)
pki-cms-signature-unsupported-algorithm = unsupported signature algorithm { $oid }

## Why catool's TSA rejects a request (the reply's statusString, in English; the server's log)
pki-tsp-request-not-der = not a DER TimeStampReq: { $reason }
pki-tsp-request-version = unsupported request version { $version }
pki-tsp-request-algorithm = unsupported hash algorithm { $oid }: use SHA-256, SHA-384, SHA-512 or SM3
pki-tsp-request-digest-length = a { $alg } digest has { $want } bytes, not { $got }
pki-tsp-request-policy = this TSA issues under policy { $policy }, not { $requested }
pki-tsp-request-extensions = request extensions are not supported
pki-tsp-request-could-not-issue = the TSA could not issue a token

## Encrypted documents (CMS EnvelopedData)
pki-envelope-empty = the document is empty
pki-envelope-not-cms = not a CMS document (no ContentInfo): not made by catool encrypt or openssl cms -encrypt, or damaged at its start
pki-envelope-not-cms-hint = give the encrypted file (.p7m, DER or PEM), not the original
pki-envelope-other-content = this is { $kind }
pki-cms-kind-signed = a signed document (CMS SignedData), not an encrypted one
pki-cms-kind-data = plain CMS data, not encrypted
pki-cms-kind-encrypted = password-encrypted CMS EncryptedData, not encrypted to a certificate
pki-cms-kind-auth-enveloped = CMS AuthEnvelopedData (AES-GCM), which catool does not open
pki-cms-kind-other = CMS content of type { $oid }, not EnvelopedData
pki-envelope-damaged = the encrypted document is damaged or truncated ({ $detail })
pki-envelope-pem-not-text = the PEM document is not text
pki-envelope-pem-corrupt = the PEM document is corrupt or truncated: { $detail }
pki-envelope-pem-label = the PEM block is a { $label }, not an encrypted document (CMS)
pki-envelope-oaep-params-corrupt = the RSAES-OAEP parameters are corrupt: { $detail }
pki-envelope-mgf1-no-digest = MGF1 without its digest parameter
pki-envelope-mgf1-params-corrupt = the MGF1 parameters are corrupt: { $detail }
pki-envelope-oaep-label-corrupt = the OAEP label is corrupt: { $detail }
pki-envelope-no-iv = { $cipher } without its IV
pki-envelope-iv-corrupt = the IV is corrupt: { $detail }
pki-envelope-iv-length = the { $cipher } IV has { $got } bytes, not { $want }
pki-envelope-sm2-key-form = the SM2-encrypted content key is neither the GM/T 0009 ASN.1 form nor a raw C1C3C2 ciphertext
pki-envelope-unsupported-oaep-digest = RSAES-OAEP with digest { $oid } is not supported (SHA-1, SHA-256, SHA-384 and SHA-512 are)
pki-envelope-unsupported-key-encryption = key-encryption algorithm { $oid } is not supported (RSAES-OAEP, RSA PKCS#1 v1.5 and SM2 are)
pki-envelope-unsupported-mgf = mask generation function { $oid } is not supported (MGF1 is)
pki-envelope-unsupported-label-source = OAEP label source { $oid } is not supported
pki-envelope-unsupported-recipient = only key-transport recipients (KeyTransRecipientInfo) can be opened
pki-envelope-content-not-data = the encrypted content is of type { $oid }, not data
pki-envelope-unsupported-cipher = content-encryption algorithm { $oid } is not supported (AES-CBC, SM4-CBC and 3DES-CBC are)
pki-envelope-detached = the encrypted content is detached (not inside the document)
pki-envelope-recipient-rsa-key = the certificate's RSA public key is unreadable: { $detail }
pki-envelope-recipient-sm2-unreadable = the certificate's SM2 public key is unreadable
pki-envelope-recipient-sm2-invalid = the certificate's SM2 public key is invalid: { $detail }
pki-envelope-recipient-algorithm = documents can be encrypted to RSA and SM2 certificates only; this one has key algorithm { $oid }
pki-envelope-recipient-algorithm-curve = documents can be encrypted to RSA and SM2 certificates only; this one has key algorithm { $oid } (curve { $curve })
pki-envelope-recipient-algorithm-hint = encrypt to the bidder's RSA or SM2 certificate
pki-envelope-oaep-wrap = RSAES-OAEP cannot wrap a key for this certificate: { $detail }
pki-envelope-rsa-oaep-no-open = the RSA key does not open the encrypted content key (RSAES-OAEP check failed)
pki-envelope-rsa-pkcs1-no-open = the RSA key does not open the encrypted content key (PKCS#1 v1.5)
pki-envelope-sm2-no-open = the SM2 key does not open the encrypted content key (SM2 check value mismatch)
pki-envelope-key-mismatch = the content key was wrapped with { $transport } but the key is { $key }
pki-envelope-content-key-length = the recovered content key has { $got } bytes; { $cipher } needs { $want }
pki-envelope-not-whole-blocks = the encrypted content is { $bytes } bytes, not a whole number of { $block }-byte blocks (truncated?)
pki-envelope-bad-padding = the { $cipher } content does not decrypt (bad padding): the document is damaged
pki-envelope-encode = cannot encode the encrypted document ({ $what }): { $detail }
pki-envelope-sm2-encrypt = SM2 encryption failed: { $detail }
pki-envelope-cipher-init = the content cipher refused its key or IV

## CAs (D15) and CRL distribution
ca-cert-damaged = stored certificate is damaged: { $detail }
ca-init-years = invalid --years { $years }: expected 1 to { $max }
ca-init-generating = generating the { $algo } key of CA { $name } …
ca-init-done = created CA { $id } { $name } ({ $algo }), valid until { $until }; CRL URL { $url }
ca-set-nothing = nothing to change
ca-set-nothing-hint = give --crl-url URL, --crl-dir DIR or --no-crl-dir
ca-set-unchanged = CA { $id } { $name }: nothing changed
ca-set-url = CA { $id } { $name }: certificates issued from now on carry CRL URL { $url }; those issued before keep theirs
ca-set-unpublished = CA { $id } { $name }: catool crl no longer publishes the CRL into a directory
ca-set-published = CA { $id } { $name }: catool crl publishes the CRL as { $files }
ca-col-id = ID
ca-col-name = NAME
ca-col-algo = ALGO
ca-col-valid-until = VALID UNTIL
ca-col-next-crl = NEXT CRL
ca-field-id = id
ca-field-name = name
ca-field-algorithm = algorithm
ca-field-subject = subject
ca-field-serial = serial
ca-field-valid = valid
ca-field-sha256 = SHA-256
ca-field-issued = issued
ca-field-next-crl = next CRL number
ca-field-crl-url = CRL URL
ca-field-crl-dir = CRL published in
ca-not-published = (not published)
crl-url-invalid = invalid --crl-url '{ $url }': { $problem }
crl-url-invalid-hint = give an address like http://crl.example.com/ca-1.crl
crl-url-problem-too-long = longer than 512 characters
crl-url-problem-not-ascii = only ASCII without spaces goes into a certificate (IA5String); percent-encode the rest
crl-url-problem-not-http = validators fetch CRLs over http:// (or https://)
crl-url-problem-query = a query or fragment cannot name a published file
crl-url-problem-no-host = it has no host
crl-url-problem-no-file-name = its path must end in a file name (letters, digits, '.', '_', '-', '~'; not starting with '.'), the name the CRL is published under
crl-dir-unusable = invalid --crl-dir { $dir }: { $detail }
crl-dir-not-directory = --crl-dir { $dir } is not a directory
crl-dir-not-directory-hint = create it first (the directory a web server serves the CRL URL from)
crl-dir-not-utf8 = --crl-dir { $dir } is not UTF-8
crl-dir-not-utf8-hint = choose a directory with a UTF-8 path

## CRLs (D11)
crl-issue-bad-serial = certificate { $cert } has a bad serial
crl-show-none = CA { $ca } has no CRL on record (none issued yet, or only before this catool kept them)
crl-issue-hint = issue one with `catool crl --ca { $ca_id }`
crl-show-damaged = the stored CRL #{ $number } of CA { $ca } is damaged or not signed by it ({ $detail })
crl-publish-newer-there = CRL #{ $number } is issued and on record but not published: { $path } already holds CRL #{ $newer } of this CA, a later one
crl-publish-newer-there-hint = another `catool crl` published it meanwhile, or this registry is an older copy than the one that issued it: check it against a head pinned earlier (`catool log verify --head SEQ:HASH`)
crl-publish-not-written = { $why }; CRL #{ $number } is issued and on record
crl-publish-not-written-hint = write it again with `catool crl show --ca { $ca_id } --der --out { $path } --force`
crl-issue-json-needs-out = --json prints the report on stdout; write the CRL itself with --out FILE
crl-show-json-needs-out = --json prints the CRL's contents; write the CRL itself with --out FILE
crl-pem = cannot write the CRL as PEM: { $detail }
crl-rows-differ = warning: the registry rows of certificates { $certs } say otherwise than their keyed history about being revoked or on hold; the CRL lists what their keyed revoke, freeze and unfreeze events say, not the rows. The registry was changed outside catool: run `catool log verify`
crl-issue-done = CRL #{ $number } of { $ca }: { $entries ->
        [one] { $entries } entry
       *[other] { $entries } entries
    }, next update { $next }
crl-issue-done-written = CRL #{ $number } of { $ca }: { $entries ->
        [one] { $entries } entry
       *[other] { $entries } entries
    }, next update { $next } → { $places }
crl-show-written = CRL #{ $number } of { $ca } → { $out }
crl-show-overdue = { $next } (overdue: issue a new CRL with `catool crl --ca { $ca_id }`)
crl-field-ca = CA
crl-field-number = CRL number
crl-field-this-update = this update
crl-field-next-update = next update
crl-field-published-as = published as
crl-field-entries = entries
crl-col-serial = SERIAL
crl-col-revoked-at = REVOKED AT
crl-col-reason = REASON

## Time-stamping authorities
tsa-init-policy = invalid --policy '{ $policy }': expected an object identifier like 1.2.3.4.1
tsa-init-ca-algorithm = CA { $ca } has an unknown algorithm ({ $algo })
tsa-init-ca-expired = CA { $ca } expired on { $on }: it cannot issue a TSA certificate
tsa-init-ca-expired-hint = create a new CA (`catool ca init`) and a TSA under it
tsa-ca-missing = the CA of TSA { $tsa } is missing
tsa-policy-damaged = TSA { $tsa } has a damaged policy OID
tsa-stamp-not-valid = TSA { $tsa } cannot stamp: its certificate is valid { $from } … { $until }
tsa-stamp-not-valid-hint = create a new TSA (catool tsa init)
tsa-stamp-serial-counter = TSA { $tsa } has a bad serial counter
tsa-stamp-failed = cannot issue a timestamp token: { $reason }
tsa-stamp-digest-length = a { $alg } digest has { $want } bytes, not { $got }
tsa-serve-listen = cannot listen on { $addr }: { $detail }
tsa-serve-listen-hint = choose another --listen address
tsa-check-timeout = invalid --timeout { $timeout }: expected 1 to { $max } seconds
tsa-check-not-certificate = { $flag } { $path }: not a PEM or DER certificate ({ $detail })
tsa-check-invalid = the timestamp token is not valid: { $why }
tsa-check-not-a-token = the file is not a timestamp token (RFC 3161): { $why }
tsa-check-not-a-token-hint = give the token (.tsr reply or .tst token) as the first file and the data it stamps with --data
tsa-check-cert-unreadable = the token's TSA certificate is unreadable: { $detail }
tsa-check-cert-not-valid-then = the TSA certificate { $subject } was not valid at genTime { $at }
tsa-check-cert-expired = the TSA certificate { $subject } expired on { $on }: the token no longer proves its time on its own
tsa-check-cert-expired-hint = in a PDF, a document timestamp made before that keeps it; see pdf verify
tsa-check-untrusted-registry = the token is intact, but its TSA certificate { $subject } (issuer { $issuer }) is not signed by any registry CA
tsa-check-untrusted-registry-hint = give the TSA's CA with --trust CA.pem
tsa-check-untrusted-trust = the token is intact, but its TSA certificate { $subject } (issuer { $issuer }) is not signed by a --trust certificate
tsa-check-issuer-not-anchor = the token is intact, but its TSA certificate { $subject } was issued by a registry CA that is not a trust anchor: { $why }
tsa-check-reply-rejected = the file is a TimeStampResp that refused the request: it holds no token
tsa-check-reply-empty = the TimeStampResp holds no token
tsa-check-token-unreadable = the token is unreadable: { $detail }
tsa-init-done = created TSA { $id } { $name } ({ $algo }, policy { $policy }), valid until { $until }
tsa-col-ca = CA
tsa-col-policy = POLICY
tsa-col-tokens = TOKENS
tsa-field-ca = CA
tsa-field-policy = policy
tsa-field-tokens = tokens issued
tsa-field-verdict = verdict
tsa-verdict-valid = valid
tsa-field-time = time (genTime)
tsa-field-tsa = TSA
tsa-field-tsa-issuer = TSA issuer
tsa-field-trusted-by = trusted by
tsa-registry-label = the registry TSA { $name }
tsa-anchor-registry-ca = registry CA { $name }
tsa-field-imprint = imprint
tsa-field-signature = signature
tsa-stamp-done = timestamped { $file } ({ $alg } { $digest }) by TSA { $tsa }, serial { $serial } → { $out }
tsa-fetch-done = token from { $url } checked and written to { $out }
tsa-serve-listening = listening on { $addr } (TSA { $tsa }; POST application/timestamp-query; Ctrl-C stops)
tsa-serve-granted = granted serial { $serial } ({ $alg } { $imprint })
tsa-serve-granted-unrecorded = granted
tsa-serve-rejected = rejected: { $why }
tsa-serve-head-too-large = head too large
tsa-serve-timed-out = time-out
tsa-serve-method = method not allowed
tsa-serve-no-length = no length
tsa-serve-too-large = request too large
tsa-serve-content-type = wrong content type
tsa-serve-closed-early = closed before a request
tsa-serve-closed-mid = closed mid-request
tsa-serve-read-failed = read failed: { $detail }

## Settings and time
config-damaged = setting { $key } holds '{ $raw }', not { $want ->
        [zone] a time zone
       *[number] a number
    }
config-unknown = unknown setting '{ $key }'; known settings: { $known }
config-list-hint = `catool config list` shows every setting and its meaning
config-missing = setting { $key } missing from registry
config-not-number = invalid value '{ $value }' for { $key }: expected a whole number
config-below-floor = { $key } { $value } is below the floor of { $floor } (OWASP's minimum for Argon2id; a cheaper KDF lets whoever holds the registry and the master key try all 10^6 PINs that much faster)
config-below-floor-hint = use at least { $floor }
config-out-of-range = invalid value { $value } for { $key }: expected { $min } to { $max }
config-time-invalid-now = CATOOL_NOW='{ $value }' is not RFC 3339: { $detail }
config-time-invalid-zone = invalid time zone '{ $value }': expected Asia/Shanghai, UTC or an offset like +08:00
config-time-invalid-date = invalid { $flag } '{ $value }': expected a date like 2026-12-01 (in the registry's time zone), a local time like 2026-12-01T08:00 or an RFC 3339 time like 2026-12-01T08:00:00+08:00
config-time-invalid-duration = invalid { $flag } '{ $value }': expected a duration like 90d, 12w, 3m (months) or 1y
config-col-key = KEY
config-col-value = VALUE
config-col-meaning = MEANING
config-set-done = { $key } = { $value }
config-help-price = price of one package-year in CNY (D3; reference 300)
config-help-enterprise-slots = enterprise certificate slots in a package (D3; reference 1)
config-help-personal-slots = personal certificate slots in a package (D3; reference 2)
config-help-kdf-memory = Argon2id memory for PIN-derived keys, KiB (default and minimum 19456; applies to keys sealed after the change)
config-help-timezone = time zone of dates given and times shown: Asia/Shanghai (default, UTC+08:00), UTC or an offset like +08:00; times are stored in UTC
config-help-kdf-iterations = Argon2id passes for PIN-derived keys (default and minimum 2)

## The history (D21) and `log verify`
log-key-not-loaded = history written before its key was loaded
log-unproven = not proven (身份未验证): acting as { $person } needs one of their certificates' PIN
log-unproven-hint = give --as-pin-file FILE or set CATOOL_AS_PIN (or act as the platform operator without --as)
log-rekey-refused = registry history cannot be re-keyed (历史记录被篡改): { $rekey ->
        [rekeyed] the history was re-keyed at event #{ $rekey_seq }, yet the registry claims an unkeyed (v1) history again: it was rolled back or forged
        [keyed-check] the registry claims an unkeyed (v1) history, but its master key check value is the keyed (v2) one: it was rolled back or forged
        [check-removed] the registry claims an unkeyed (v1) history, but its master key check value is missing although it holds CAs or certificates: it was removed
       *[not-rekeyed] its unkeyed history was not re-keyed
    }
log-restore-hint = restore the registry from a backup
log-verify-head-invalid = invalid --head '{ $head }': expected SEQ:HASH as printed by `catool log verify`
log-verify-altered = history altered (历史记录被篡改): { $finding }
log-verify-altered-more-hint = { $total } problems in all; `catool --json log verify` lists them
log-verify-also = also: { $finding }
log-verify-intact = history intact (历史记录完整): { $events } events, head { $head }; the stored state matches it (certificates, slots, packages, seals, grants, memberships, settings)
log-verify-not-provable = { $facts } facts were written before the history recorded them and cannot be proven (--json lists them)
log-col-seq = SEQ
log-col-at = AT
log-col-actor = ACTOR
log-col-machine = MACHINE
log-col-action = ACTION
log-col-object = OBJECT
log-col-outcome = OUTCOME
log-col-details = DETAILS
finding-schema = schema: { $problem }
finding-event-missing = event #{ $seq } is missing (deleted from the registry)
finding-events-missing = events #{ $from }…#{ $to } are missing (deleted from the registry)
finding-event-unlinked = event #{ $seq } does not link to the event before it (an event was replaced or re-inserted)
finding-event-altered = event #{ $seq } was altered after it was written ({ $action } by { $actor } at { $at }), or its hash was recomputed without the master key
finding-event-bad-time = event #{ $seq } has no valid time ('{ $at }')
finding-back-in-time = event #{ $seq } ({ $action } at { $at }) is dated before event #{ $before } ({ $before_at }): history never goes back in time; the clock was set back when it was written
finding-newest-missing = events #{ $from }…#{ $to } are missing (the newest history was deleted)
finding-history-deleted = the history is empty but the registry holds enterprises, persons, CAs, certificates, packages or seals, each of which records an event: the history was deleted
finding-all-events-deleted = the history is empty but its head names event #{ $named }: every event was deleted
finding-head-missing = the history head is missing (it was deleted from the settings)
finding-head-names-missing = events #{ $from }…#{ $to } are missing: the history head, kept under the master key, names event #{ $to } as the newest (the newest history was deleted)
finding-head-mismatch = the history head does not match event #{ $seq }, the newest: it was altered or copied from an older registry
finding-rekey-recorded-broken = event #{ $seq } (history.rekey) recorded that the history written before the upgrade to a keyed history was already altered: { $what }
finding-pinned-differs = the pinned head #{ $seq } differs from event #{ $seq } here: the history was rewritten since it was pinned
finding-pinned-missing = the pinned head #{ $seq } is not in this history: the registry is an older copy than the one pinned (restored from a backup), or its history was cut
finding-master-key-check = master key check: { $rekey ->
        [rekeyed] the history was re-keyed at event #{ $rekey_seq }, yet the registry claims an unkeyed (v1) history again: it was rolled back or forged
        [keyed-check] the registry claims an unkeyed (v1) history, but its master key check value is the keyed (v2) one: it was rolled back or forged
        [check-removed] the registry claims an unkeyed (v1) history, but its master key check value is missing although it holds CAs or certificates: it was removed
       *[not-rekeyed] its unkeyed history was not re-keyed
    }
finding-row-without-event = { $table ->
            [certs] certificate { $row_id }
            [slots] slot { $row_id }
            [packages] package { $row_id }
            [seals] seal { $row_id }
            [seal_assignments] assignment of seal { $row_id } to certificate { $row_other }
            [seal_grants] seal grant { $row_id }
            [memberships] membership of person { $row_other } in enterprise { $row_id }
            [orgs] enterprise { $row_id }
            [persons] person { $row_id }
            [cas] CA { $row_id }
            [tsas] TSA { $row_id }
            [settings] setting { $row_key }
           *[other] { $table } row { $row_id }
        } has no history event (it was added outside catool)
finding-row-deleted = { $table ->
            [certs] certificate { $row_id }
            [slots] slot { $row_id }
            [packages] package { $row_id }
            [seals] seal { $row_id }
            [seal_assignments] assignment of seal { $row_id } to certificate { $row_other }
            [seal_grants] seal grant { $row_id }
            [memberships] membership of person { $row_other } in enterprise { $row_id }
            [orgs] enterprise { $row_id }
            [persons] person { $row_id }
            [cas] CA { $row_id }
            [tsas] TSA { $row_id }
            [settings] setting { $row_key }
           *[other] { $table } row { $row_id }
        } is missing, though { $event_kind ->
            [action] event #{ $event_seq } { $event_action }
            [default] the default
           *[seq] event #{ $event_seq }
        } made it (it was deleted outside catool)
finding-field-differs = { $table ->
            [certs] certificate { $row_id }
            [slots] slot { $row_id }
            [packages] package { $row_id }
            [seals] seal { $row_id }
            [seal_assignments] assignment of seal { $row_id } to certificate { $row_other }
            [seal_grants] seal grant { $row_id }
            [memberships] membership of person { $row_other } in enterprise { $row_id }
            [orgs] enterprise { $row_id }
            [persons] person { $row_id }
            [cas] CA { $row_id }
            [tsas] TSA { $row_id }
            [settings] setting { $row_key }
           *[other] { $table } row { $row_id }
        }: { $field ->
            [revoke_reason] revocation reason
            [locked] locked flag
            [wrong_pins] wrong PIN count
            [slot_id] slot
            [org_id] enterprise
            [owner_person_id] owner
            [holder_person_id] holder
            [bound_person_id] bound account
            [person_id] person
            [seal_id] seal
            [package_id] package
            [next_crl_number] next CRL number
            [next_serial] next token serial
            [ca_id] CA
            [auth_method] authorization method
            [sha256] body (SHA-256 fingerprint)
            [serial_hex] serial number
            [crl_dir] CRL publication directory
            [crl_urls] CRL URLs
           *[other] { $field }
        } is { $found_kind ->
        [none] none
       *[text] { $found }
    } but the history says { $want_kind ->
        [none] none
        [zero-or] { $want } (or 0)
       *[text] { $want }
    } ({ $event_kind ->
            [action] event #{ $event_seq } { $event_action }
            [default] the default
           *[seq] event #{ $event_seq }
        })
finding-slot-unpaid = slot { $slot } belongs to package { $package }, which the history never paid for (it was added outside catool)
finding-slot-count = package { $package } has { $have } { $kind } slots but the history paid for { $want } ({ $event_kind ->
            [action] event #{ $event_seq } { $event_action }
            [default] the default
           *[seq] event #{ $event_seq }
        })
finding-slot-deleted = slot { $slot } is missing, though the history used it (it was deleted outside catool)
finding-not-provable = { $field ->
            [revoke_reason] revocation reason
            [locked] locked flag
            [wrong_pins] wrong PIN count
            [slot_id] slot
            [org_id] enterprise
            [owner_person_id] owner
            [holder_person_id] holder
            [bound_person_id] bound account
            [person_id] person
            [seal_id] seal
            [package_id] package
            [next_crl_number] next CRL number
            [next_serial] next token serial
            [ca_id] CA
            [auth_method] authorization method
            [sha256] body (SHA-256 fingerprint)
            [serial_hex] serial number
            [crl_dir] CRL publication directory
            [crl_urls] CRL URLs
           *[other] { $field }
        } of { $table ->
            [certs] certificate { $row_id }
            [slots] slot { $row_id }
            [packages] package { $row_id }
            [seals] seal { $row_id }
            [seal_assignments] assignment of seal { $row_id } to certificate { $row_other }
            [seal_grants] seal grant { $row_id }
            [memberships] membership of person { $row_other } in enterprise { $row_id }
            [orgs] enterprise { $row_id }
            [persons] person { $row_id }
            [cas] CA { $row_id }
            [tsas] TSA { $row_id }
            [settings] setting { $row_key }
           *[other] { $table } row { $row_id }
        }: set by events written before the history recorded it

## Documents for bids encrypted to a certificate (D20)
envelope-cert-damaged = certificate { $cert } is damaged: { $detail }
envelope-encrypt-superseded = cannot encrypt to this certificate (无法加密): certificate { $cert } was replaced (已替换) by certificate { $next }
envelope-encrypt-superseded-hint = encrypt to certificate { $next } instead
envelope-encrypt-superseded-unknown = cannot encrypt to this certificate (无法加密): certificate { $cert } was replaced (已替换)
envelope-encrypt-superseded-unknown-hint = encrypt to its successor (catool cert list)
envelope-encrypt-frozen = cannot encrypt to this certificate (无法加密): certificate { $cert } is frozen (已冻结): it is on hold on the CRL, so no one may rely on it, and its holder cannot decrypt until it is unfrozen (解冻)
envelope-encrypt-frozen-hint = unfreeze it first: `catool cert unfreeze --cert { $cert }`
envelope-encrypt-locked = cannot encrypt to this certificate (无法加密): certificate { $cert } is locked (已锁定) after { $attempts } wrong PINs; only a reissue unlocks it, and a reissue replaces the key, so nothing encrypted to it now could be decrypted
envelope-encrypt-locked-hint = reissue it (`catool cert reissue --cert { $cert } --new-pin-file FILE`), then encrypt to the new certificate
envelope-encrypt-recipient-file = --to { $name }: { $problem }
envelope-file-problem-no-block = no CERTIFICATE block in the PEM file
envelope-file-problem-no-end = the PEM CERTIFICATE block has no END line (truncated?)
envelope-file-problem-pem-corrupt = the PEM certificate is corrupt: { $detail }
envelope-file-problem-not-certificate = not a DER or PEM certificate (truncated or corrupt?): { $detail }
envelope-encrypt-forged = --to { $name }: the file has the issuer and serial of certificate { $cert } but not its content; it is not a certificate of this registry's CA (forged or damaged?)
envelope-encrypt-expired = cannot encrypt to this certificate (无法加密): it expired (已失效) on { $on }
envelope-encrypt-not-yet-valid = cannot encrypt to this certificate (无法加密): it is not valid before { $from }
envelope-encrypt-no-recipient-id = --to { $to }: no certificate { $to } in the registry and no file named { $to }
envelope-encrypt-no-recipient-hint = see catool cert list
envelope-encrypt-no-recipient-file = --to { $to }: no such certificate file
envelope-document-unreadable = cannot read { $path }: { $detail }
envelope-document-directory = { $path } is a directory, not a document
envelope-document-too-large = { $path } is over the { $limit } limit of a document to encrypt or decrypt
envelope-decrypt-unreadable = cannot decrypt (无法解密): { $file } is not a readable encrypted document: { $reason }
envelope-decrypt-not-for-cert = cannot decrypt (无法解密): this document was not encrypted to certificate { $cert } (it is for { $recipient }{ $others ->
        [0] {""}
       *[other] {" "}and { $others } more
    })
envelope-recipient-issuer-serial = issuer { $issuer }, serial { $serial }
envelope-recipient-issuer-serial-known = issuer { $issuer }, serial { $serial } = certificate { $known }
envelope-recipient-key-id = subject key identifier { $key_id }
envelope-recipient-other = a { $kind } recipient (not supported by catool)
envelope-decrypt-key-changed = cannot decrypt (无法解密): this document was encrypted to certificate { $made_for } (serial { $serial }), which certificate { $cert } replaced with a new key pair { $how }; the key of certificate { $cert } does not open this document; documents encrypted before an extension without --keep-key cannot be decrypted with the new key (D10)
envelope-key-change-extension = at an extension (延期) without --keep-key
envelope-key-change-reissue = at a reissue (补发, which always makes a new key pair: D8)
envelope-key-change-both = through reissues (补发) and extensions (延期)
envelope-decrypt-key-changed-hint = ask the sender to encrypt it again to certificate { $cert }; extend with `catool cert extend --keep-key` to keep a key
envelope-decrypt-key-does-not-open = cannot decrypt (无法解密): the key of certificate { $cert } does not open this document ({ $reason }); its encrypted key is damaged, or it was made for another key of this certificate; documents encrypted before an extension without --keep-key cannot be decrypted with the new key (D10)
envelope-decrypt-damaged = cannot decrypt (无法解密): { $reason }
envelope-decrypt-failed = cannot decrypt (无法解密): { $reason }
envelope-warning-expires-soon = certificate { $cert } expires on { $on } (即将过期): extend it with `catool cert extend --keep-key`, or documents encrypted to it now cannot be decrypted after the extension (延期后将无法对已经制作的加密标书进行解密, D10)
envelope-warning-not-in-registry = the certificate is not in this registry: catool cannot tell whether it was revoked; check its CRL
envelope-warning-line = warning: { $message }
envelope-encrypt-done = encrypted (已加密) { $input } ({ $input_bytes } bytes) to certificate { $cert } ({ $subject }, serial { $serial }) as { $output } ({ $bytes } bytes; { $key_encryption }, { $content_encryption })
envelope-encrypt-done-file = encrypted (已加密) { $input } ({ $input_bytes } bytes) to the certificate ({ $subject }, serial { $serial }) as { $output } ({ $bytes } bytes; { $key_encryption }, { $content_encryption })
envelope-decrypt-done = decrypted (已解密) { $input } with certificate { $cert } as { $output } ({ $bytes } bytes)
envelope-decrypt-done-kept-key = decrypted (已解密) { $input } with certificate { $cert } as { $output } ({ $bytes } bytes); it was encrypted to certificate { $made_for } (serial { $serial }), whose key certificate { $cert } kept

## The demo and the man pages
demo-dir-taken = { $dir } is not empty (the demo would replace files there)
demo-dir-taken-hint = give a new or empty --dir
demo-dir-unusable = cannot create a demo directory: { $detail }
demo-starting = catool demo in { $dir }
demo-look-around = registry: { $registry }
    look around: catool --db { $registry } org show { $org }
                 catool --db { $registry } log
demo-person = registered person { $id } { $name }
demo-org = registered enterprise { $id } { $name } (USCC { $uscc }), administrator { $admin }
demo-member = { $admin } added { $member } as a member
demo-buy-refused = buying before authorization was refused: { $why }
demo-authorized = recorded CA authorization (CA授权) of { $org } by face verification
demo-bought = { $admin } bought package { $package }: { $enterprise } enterprise + { $personal } personal certificate(s), { $price } CNY
demo-paid = recorded payment of package { $package }: { $slots } slot(s) ready
demo-history = history: { $events } events, keyed chain intact and state as replayed: { $intact ->
        [yes] true
       *[no] false
    }
demo-ca = created CA { $name } ({ $algo }), certificate in { $path }
demo-tsa = created TSA { $name } (RFC 3161 时间戳, { $algo }) under { $ca }
demo-issued = imported (导入证书) slot { $slot } for { $person } with { $algo }: certificate { $cert } valid until { $until }, PKCS#12 { $p12 } (PIN in { $pin })
demo-holder-refused = { $admin } tried to make himself the holder of { $name }'s personal certificate without her consent: refused: { $why }
demo-bound = { $name } bound certificate { $cert } to her account (绑定) with her PIN
demo-reissued = { $name } lost her PIN: reissued (补发) certificate { $old } as { $new } with a new PIN ({ $pin }), same end date { $until }
demo-crl = CRL #{ $number } of { $ca }: { $entries ->
        [one] { $entries } entry
       *[other] { $entries } entries
    } → { $path }
demo-archived = archived: { $certs } certificates and { $crls } fresh CRLs for offline validation (/DSS) and a document timestamp from { $tsa } (PAdES B-LTA, catool pdf timestamp)
demo-seal = made seal { $id } { $label } of { $owner } ({ $mm } mm, effective at once) → { $path }
demo-seals-assigned = { $admin } assigned the contract seal to certificate { $cert } and { $member }'s name seal to certificate { $member_cert } (分配印章)
demo-stamped = stamped the official seal across all { $pages } pages (骑缝章) → { $path }
demo-signed = { $admin } signed as 甲方 with certificate { $cert } (SM2) and the contract seal on the first 盖章处 (关键字签章, PIN checked)
demo-cosigned = { $name } co-signed with certificate { $cert } (RSA) and her name seal on the second 盖章处 → { $path }
demo-verified = verified { $path }: { $valid } of { $total } valid (intact, chained to the registry CAs, not revoked; the document timestamp included), signatures at PAdES { $levels }
demo-tampered = a revision replacing page 1's content was appended ({ $path }): { $valid } of { $total } signatures valid now — { $caught }
man-dir-unusable = cannot create { $dir }: { $detail }
authority-internal = internal error: { $what }

## Why a registry row is not believed (its keyed history says otherwise, D21)
anchor-object-cert = certificate { $id }
anchor-object-slot = slot { $id }
anchor-object-ca = CA { $id } '{ $name }'
anchor-object-tsa = TSA { $id } '{ $name }'
anchor-history-unchecked = { $object }: its history cannot be checked: { $error }
anchor-cert-not-in-history = certificate { $cert } has no keyed history event (it was added outside catool)
anchor-cert-differs = certificate { $cert }'s { $part } differs from what its keyed history (event #{ $seq } { $action }) recorded
anchor-part-body = body (SHA-256 fingerprint)
anchor-part-serial = serial number
anchor-part-ca = CA
anchor-ca-no-init = CA { $ca } '{ $name }' is not a trust anchor: it has no keyed ca.init event (it was added outside catool)
anchor-tsa-no-init = TSA { $tsa } '{ $name }' has no keyed tsa.init event (it was added outside catool)
anchor-certificate-differs = { $object } is not a trust anchor: its certificate differs from the one its keyed history (event #{ $seq } { $action }) recorded
anchor-tsa-ca-differs = TSA { $tsa } '{ $name }': its CA differs from the one its keyed history (event #{ $seq } { $action }) recorded
anchor-crl-dir-differs = CA { $ca } '{ $name }': its CRL publication directory in the registry ({ $stored }) is not the one its keyed history configured ({ $configured }): not used
anchor-crl-urls-differ = CA { $ca } '{ $name }': its CRL URLs in the registry ({ $stored }) are not the ones its keyed history configured ({ $configured }): not used
anchor-crl-urls-added = CA { $ca } '{ $name }': its CRL URLs in the registry ({ $stored }) are not the ones its keyed history configured ({ $configured }; added: { $added }): not used
anchor-none = none
anchor-signer-record-missing = a CA of this registry issued the signer's certificate (serial { $serial }), yet no certificate in the registry has its bytes: its record was changed or removed outside catool
anchor-row-differs = { $object }: its { $column } in the registry is { $stored }, but its keyed history says { $history }
anchor-row-differs-event = { $object }: its { $column } in the registry is { $stored }, but its keyed history (event #{ $seq } { $action }) says { $history }
anchor-restore-hint = the registry was changed outside catool: run `catool log verify` and restore it from a backup

## electronic seals and stamps (GB/T 38540 / GM/T 0031)
ses-party-maker = seal maker
ses-party-signer = signer
ses-in-file = { $file }: { $reason }
ses-not-der = not a DER-encoded electronic seal or stamp (truncated or damaged): { $detail }
ses-header-id = not an electronic seal: the header ID is '{ $found }', not 'ES'
ses-version = electronic seal version { $version } is not known (catool reads 1, 4 and 5)
ses-v5 = GM/T 0031-2025 (version 5) content catool does not read: { $detail }
ses-layout = the header says version { $version }, but the content is not that version's layout: { $detail }
ses-cert-list-type = certListType is { $declared }, but the list holds type { $found } entries
ses-cert-unreadable = the { $party }'s certificate cannot be read: { $detail }
ses-algorithm = the { $party }'s signature algorithm { $oid } is not SM2 with SM3 or RSA with SHA-256
ses-signature = the { $party }'s signature does not verify: the content was changed or signed by another key
ses-maker-not-trusted = the seal maker '{ $subject }' is not trusted: its certificate does not chain to a trust anchor
ses-maker-not-trusted-hint = give the maker's CA certificate with --trust if you trust it
ses-maker-chain = the seal maker '{ $subject }' does not chain to the trust anchor that names its issuer: { $detail }
ses-expired = the seal expired on { $end } (checked at { $at })
ses-not-yet-valid = the seal is valid only from { $start } (checked at { $at })
ses-maker-expired = the seal maker's certificate expired on { $end }, before the seal was made ({ $at })
ses-maker-not-yet-valid = the seal maker's certificate is valid only from { $start }, after the seal was made ({ $at })
ses-picture-kind = the seal picture is of type '{ $kind }'; catool checks PNG and JPEG pictures
ses-picture = the seal picture ({ $kind }) does not decode: { $detail }
ses-picture-too-large = the seal picture is { $width } × { $height } pixels, over the limit of { $max } pixels
ses-signer-not-listed = the signer '{ $subject }' is not in the seal's certificate list
ses-signer-not-trusted = the signer '{ $subject }' is not trusted: its certificate does not chain to a trust anchor
ses-signer-not-trusted-hint = give the signer's CA certificate with --trust if you trust it
ses-signer-chain = the signer '{ $subject }' does not chain to the trust anchor that names its issuer: { $detail }
ses-signer-expired = the signer's certificate expired on { $end } (checked at { $at })
ses-signer-not-yet-valid = the signer's certificate is valid only from { $start } (checked at { $at })
ses-withdrawn-revoked = revoked
ses-withdrawn-frozen = frozen
ses-signer-withdrawn = the signer's certificate is { $how }
ses-signer-withdrawn-after = the signer's certificate was { $how } on { $on }, after the time the stamp claims ({ $time }); that time is the signer's own claim and nothing proves the stamp was made before
ses-signer-withdrawn-before = the signer's certificate was { $how } on { $on }, no later than the stamp's time ({ $time })
ses-signer-record = the registry's record of the signer's certificate cannot be believed: { $detail }
ses-data-hash = the stamp was not made over this file: its { $algorithm } data hash differs
ses-data-hash-hint = give the file the stamp was made for
ses-stamp-version = stamp version { $version } is not known (catool reads 1, 4 and 5)
ses-time = a time in the seal or stamp cannot be read: { $detail }
ses-encode = cannot encode the seal or stamp: { $detail }
ses-seal-heading = Seal { $file }
ses-stamp-heading = Stamp { $stamp } over { $file }
ses-embedded-seal = Embedded seal
ses-checks = Checks
ses-field-verdict = Verdict
ses-field-version = Version
ses-field-es-id = Seal ID (esID)
ses-field-name = Name
ses-field-type = Type
ses-field-vid = Maker system (Vid)
ses-field-maker = Maker
ses-field-valid = Valid
ses-field-checked-at = Checked at
ses-field-picture = Picture
ses-field-cert-list = Certificate list
ses-field-time = Stamped at
ses-field-signer = Signer
ses-field-property = Property info
ses-field-hash = Data hash
ses-verdict-valid = valid
ses-verdict-not-valid = NOT valid
ses-version-1 = 1 (GM/T 0031-2014)
ses-version-4 = 4 (GB/T 38540-2020)
ses-version-5 = 5 (GM/T 0031-2025)
ses-type-org = organisation seal
ses-type-personal = personal seal
ses-type-other = type { $type }
ses-valid-range = { $start } to { $end }
ses-picture-value = { $kind }, { $width } × { $height } mm, { $px_width } × { $px_height } pixels
ses-picture-value-undecoded = { $kind }, { $width } × { $height } mm
ses-cert-list-certs = { $count } certificate(s)
ses-cert-list-digests = { $count } certificate digest(s)
ses-check-structure = structure
ses-check-version = version
ses-check-maker-signature = maker signature
ses-check-chain = maker chain
ses-check-maker-validity = maker certificate validity
ses-check-validity = validity
ses-check-picture = picture
ses-check-cert-list = certificate list
ses-check-data-hash = data hash
ses-check-signer-listed = signer in certificate list
ses-check-signature = signer signature
ses-check-signer-validity = signer certificate validity
ses-check-signer-chain = signer certificate chain
ses-check-signer-revocation = signer certificate revocation
ses-outcome-passed = passed
ses-outcome-failed = FAILED: { $reason }
ses-outcome-not-trusted = NOT trusted: { $reason }
ses-outcome-not-checked = not checked: { $reason }
ses-not-checked-no-source = no registry to ask (trust anchors given with --trust only)
ses-not-checked-signer-unknown = the registry has no record of this certificate (not issued by one of its CAs)
ses-key-not-certificate = the { $party }'s key is not the key of the certificate given with it
