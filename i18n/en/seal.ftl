# catool's messages in English, seal area. Every entry has its twin in i18n/zh-CN/seal.ftl;
# the code names each one with msg!("id") (src/i18n/tests.rs checks both).
# Seal ids, names and sizes are data ($seal, $owner, $width …); rules (D7 …) print on their own line.

## Seal kinds: as tables and lines show them, and as messages name them
seal-kind-official = official
seal-kind-contract = contract
seal-kind-finance = finance
seal-kind-invoice = invoice
seal-kind-legal-rep = legal_rep
seal-kind-name = name
seal-kind-signature = signature
seal-kind-official-name = official seal (公章)
seal-kind-contract-name = contract seal (合同专用章)
seal-kind-finance-name = finance seal (财务专用章)
seal-kind-invoice-name = invoice seal (发票专用章)
seal-kind-legal-rep-name = legal representative's seal (法人章)
seal-kind-name-name = name seal (人名章)
seal-kind-signature-name = handwritten signature (手写签名)

## States of seals and grants, sources of seal images
seal-state-pending = pending
seal-state-effective = effective
seal-state-rejected = rejected
seal-state-void = void
seal-grant-state-requested = requested
seal-grant-state-approved = approved
seal-grant-state-rejected = rejected
seal-grant-state-revoked = revoked
seal-grant-decision-approve = approve
seal-grant-decision-reject = reject
seal-grant-decision-revoke = revoke
seal-source-generated = generated
seal-source-uploaded = uploaded
seal-source-cleaned = cleaned
seal-source-font-fallback = generated — font fallback: { $note }
seal-font-fallback-note = generated from a font, not a handwritten signature; upload a photo of the signature with `catool seal upload --kind signature PHOTO`
seal-ink-black = black
seal-ink-blue = blue
seal-ink-other = coloured

## What seal commands print
seal-size = { $width }x{ $height } mm
seal-size-px = { $width }x{ $height } px
seal-line = seal { $id } — { $what } of { $owner } — { $state } ({ $size })
seal-made = made { $seal }; usable at once (已生效, D7)
seal-made-serial = made { $seal }, serial ({ $serial }); usable at once (已生效, D7)
seal-made-font-fallback = font fallback: { $note }
seal-png-written = PNG written to { $path }
seal-uploaded = uploaded { $seal } — pending review (待审核); next: catool seal review --seal { $id } --approve
seal-uploaded-handwriting = handwriting cut out of the photo: { $ink } ink ({ $color }){ $lines ->
        [removed] , ruled lines removed
       *[kept] {""}
    }, { $size }
seal-cleaned = seal cut out: { $output } → { $path }; register it with: catool seal upload { $path } --cleaned --kind …
seal-clean-input = input
seal-clean-ink = ink
seal-clean-box = seal box
seal-clean-rotation = rotation
seal-clean-output = output
seal-clean-ink-value = { $pixels } px ({ $percent }% of the picture)
seal-clean-box-value = x { $x } y { $y } w { $w } h { $h }
seal-clean-output-value = { $output } → { $path }
seal-reviewed = reviewed { $seal }
seal-assigned = seal { $seal } assigned (已分配) to certificate { $cert }
seal-granted = grant { $grant } for { $person } on seal { $seal }: { $state } ({ $from } … { $until })
seal-grant-now = grant { $grant } is now { $state }
seal-voided = voided (已作废) { $seal }
seal-may-use = may use seal { $seal }: { $why }
seal-use-operator = platform operator
seal-use-assigned = assigned to certificate { $cert }
seal-use-grant = grant { $grant } until { $until }
seal-exported = seal { $seal } written to { $path }
seal-col-id = ID
seal-col-kind = KIND
seal-col-label = LABEL
seal-col-owner = OWNER
seal-col-source = SOURCE
seal-col-state = STATE
seal-col-size = SIZE
seal-col-cert = CERT
seal-col-since = SINCE
seal-col-grant = GRANT
seal-col-person = PERSON
seal-col-from = FROM
seal-col-until = UNTIL
seal-col-reason = REASON
seal-field-id = id
seal-field-kind = kind
seal-field-owner = owner
seal-field-source = source
seal-field-state = state
seal-field-size = size
seal-field-review = review
seal-field-made = made
seal-kind-and-label = { $kind } { $label }
seal-show-assignments = assigned to certificates:
seal-show-grants = grants:

## Whose seal, which kind (D16)
seal-owner-missing = say whose seal it is
seal-owner-missing-hint = give --org (enterprise seals) or --person (name seal, signature)
seal-owner-needs-org = the { $kind } belongs to an enterprise
seal-owner-needs-org-hint = give the enterprise with --org
seal-owner-needs-person = the { $kind } belongs to a person
seal-owner-needs-person-hint = give the person with --person
seal-text-not-the-name = the { $kind } would read “{ $given }”, but its owner is registered as “{ $name }”: a seal reads its owner's name
seal-text-not-the-name-hint = leave out --text (the registry's name is drawn); to change the name, correct the registration first
seal-one-effective = { $owner } already has an effective { $kind }, seal { $seal }; an enterprise has one at a time
seal-one-effective-hint = void it first: `catool seal void --seal { $seal } --reason …`
seal-code-digits = invalid --code '{ $code }': the { $kind } carries a 13-digit seal code (印章编码), digits only
seal-code-digits-hint = give the 13 digits, or leave --code out
seal-code-not-uscc = invalid --code '{ $code }': an invoice seal (发票专用章) carries the enterprise's taxpayer number, its USCC { $uscc }
seal-code-not-uscc-hint = give --code { $uscc }, or leave --code out
seal-color-invalid = invalid colour '{ $value }': expected RRGGBB hex
seal-color-invalid-hint = give six hex digits, like E60012 (vermilion)

## Review and the state of a seal (D7, D18)
seal-review-needs-reason = a rejection needs --reason
seal-review-needs-reason-hint = say why with --reason; it is shown with the seal
seal-review-not-pending = seal { $seal } is { $state }, not pending review (待审核)
seal-void = seal { $seal } is void (已作废) and can no longer be used
seal-void-hint = make or upload a new seal: `catool seal make` or `catool seal upload`
seal-pending = seal { $seal } is pending review (待审核)
seal-pending-hint = the platform must approve it first: `catool seal review --seal { $seal } --approve`
seal-rejected = seal { $seal } was rejected at review ({ $reason })
seal-rejected-hint = upload a better image: `catool seal upload`
seal-no-reason = no reason
seal-void-already = seal { $seal } is already void (已作废)

## Assignment (分配印章, D18)
seal-assign-cert-without-enterprise = certificate { $cert } belongs to no enterprise; seals are assigned to certificates of an enterprise
seal-assign-cert-not-active = certificate { $cert } is not active; seals go to active certificates
seal-assign-cert-not-active-hint = find an active certificate with `catool cert list`
seal-assign-other-enterprise = seal { $seal } belongs to another enterprise than certificate { $cert }
seal-assign-not-own-certificate = seal { $seal } is { $owner }'s; it can only go to their own certificate, not to certificate { $cert }
seal-assign-already = seal { $seal } is already assigned to certificate { $cert }

## Grants (申请印章授权, D18)
seal-grant-window-empty = --until { $until } must be after --from { $from }
seal-grant-window-empty-hint = give an --until later than --from
seal-grant-personal-seal = seal { $seal } is a personal seal; grants are for enterprise seals
seal-grant-personal-seal-hint = assign it to its person's certificate: `catool seal assign --seal { $seal } --cert …`
seal-grant-needs-member = say which member the grant is for
seal-grant-needs-member-hint = give the member with --to PERSON
seal-grant-not-member = { $person } is not a member of { $org }
seal-grant-not-member-hint = add them first: `catool org member add`
seal-grant-not-allowed = not allowed (无权限): { $actor } may only request a grant for themselves, not for { $to }
seal-grant-not-allowed-hint = ask the enterprise administrator to grant it
seal-grant-not-open = grant { $grant } is { $state }; nothing to { $decision }

## Use (D18)
seal-use-not-now = not allowed to use seal { $seal } (无权使用): grant { $grant } is valid { $from } … { $until }, not now
seal-use-not-now-hint = ask the administrator for a new grant: `catool seal grant --seal { $seal } …`
seal-use-not-allowed = not allowed to use seal { $seal } (无权使用): it is not assigned to your certificate and you have no grant
seal-use-not-allowed-hint = ask the administrator to assign it to your certificate (分配印章: `catool seal assign`) or request a grant (申请印章授权: `catool seal grant`)

## Seal images: reading a picture
seal-image-not-an-image = not an image (expected PNG or JPEG)
seal-image-not-an-image-hint = give a PNG or JPEG picture
seal-image-unreadable = cannot read the image: { $detail }
seal-image-truncated-jpeg = cannot decode the image: the JPEG is truncated (no end-of-image marker after the image data)
seal-image-truncated = cannot decode the image: it is truncated
seal-image-truncated-hint = the file is incomplete: copy or download it again
seal-image-corrupt = cannot decode the image (truncated or corrupt): { $detail }
seal-image-unsupported = unsupported image: { $detail }
seal-image-too-large-to-decode = image too large to decode: { $detail }
seal-image-too-large-hint = scale the picture down or crop it
seal-image-empty = the image is empty ({ $width }x{ $height })
seal-image-too-large = image too large: { $width }x{ $height } is { $pixels } pixels, the limit is { $max } pixels

## Seal images: what a seal may be (D16)
seal-image-field-enterprise-name = enterprise name
seal-image-field-person-name = person's name
seal-image-field-label = seal label
seal-image-field-code = seal code
seal-image-field-taxpayer-number = taxpayer number
seal-image-field-serial = serial number
seal-image-side-seal-width = seal width
seal-image-side-seal-height = seal height
seal-image-side-signature-width = signature width
seal-image-side-signature-height = signature height
seal-image-dpi = resolution { $dpi } dpi is outside { $min }..={ $max } dpi
seal-image-size = { $side } { $mm } mm is outside { $min }..={ $max } mm
seal-image-opacity = opacity { $value } is outside 0 (exclusive) ..= 1
seal-image-ring-width = ring width { $mm } mm must be above 0 and at most a tenth of the seal ({ $max } mm)
seal-image-not-round = the { $kind } is round: width and height must be equal (got { $width }×{ $height } mm)
seal-image-star-ratio = star diameter ratio { $ratio } is outside 0..=0.5 of the seal diameter
seal-image-arc-span = name arc span { $deg }° is outside 90..=330°
seal-image-no-label = the { $kind } carries only the name: it takes no label
seal-image-no-label-hint = leave --label out
seal-image-no-code = the { $kind } carries only the name: it takes no code
seal-image-no-code-hint = leave --code out
seal-image-no-serial = the { $kind } has no serial number: only the invoice seal (发票专用章) carries one
seal-image-no-serial-hint = leave --serial out
seal-image-serial-range = invoice seal serial { $serial } is outside { $min }..={ $max }
seal-image-empty-text = the { $field } for the { $kind } is empty
seal-image-control-character = the { $field } contains a control character ({ $codepoint })
seal-image-control-character-hint = type the text again without it
seal-image-square-name-empty = the name for the seal is empty
seal-image-square-name-length = a square name seal holds 2 to 4 characters, "{ $name }" has { $chars }
seal-image-square-name-length-hint = use the signature kind (手写签名) for this name: --kind signature
seal-image-invoice-needs-code = an invoice seal (发票专用章) carries the taxpayer number (unified social credit code)
seal-image-invoice-needs-code-hint = give it as the code (--code)

## Seal images: fonts and drawing
seal-image-face-custom = the --font file
seal-image-font-unreadable = the seal font cannot be read: it is not a TrueType or OpenType font
seal-image-font-unreadable-hint = give a TrueType or OpenType font file with --font
seal-image-no-glyph = the seal font ({ $face }) has no glyph for '{ $char }' ({ $codepoint }) in the { $field }
seal-image-no-glyph-hint = give a font that has it with --font FILE
seal-image-nothing-to-draw = the { $field } has nothing to draw
seal-image-too-long = the { $field } has { $chars } characters, too many to stay legible on a { $width }×{ $height } mm { $kind }: at most about { $fit } fit
seal-image-too-long-hint = use a shorter text or a larger seal (--size)
seal-image-label-too-long = the seal label "{ $label }" is too long for a { $width }×{ $height } mm { $kind }
seal-image-label-too-long-hint = use a shorter label (--label)
seal-image-serial-does-not-fit = the serial ({ $serial }) does not fit below the label of a { $width }×{ $height } mm invoice seal (发票专用章)
seal-image-larger-seal-hint = use a larger seal (--size)
seal-image-signature-too-long = the name "{ $name }" ({ $chars } characters) is too long for a { $width }×{ $height } mm signature
seal-image-signature-too-long-hint = use a wider signature (--size)

## Seal images: cutting a seal or a signature out of a photo (D17)
seal-image-no-seal = no red seal found in the picture: no seal ink ({ $why })
seal-image-no-seal-hint = take the photo of a red seal on paper, in daylight, filling most of the frame
seal-image-no-seal-too-small = the picture is only { $width }x{ $height } pixels
seal-image-no-seal-not-red = nothing in it is red enough to be seal ink
seal-image-no-seal-specks = only scattered red specks
seal-image-no-seal-little-ink = only { $pixels } pixels of red ink, at least { $min } needed
seal-image-signature-picture-too-small = the picture is { $width }x{ $height } px: too small to hold a signature (at least { $min } px a side)
seal-image-no-handwriting = no handwriting found in the picture ({ $why })
seal-image-no-handwriting-hint = photograph or scan the signature in black or blue ink on plain or lined paper, filling most of the picture
seal-image-no-handwriting-nothing-darker = nothing clearly darker than the paper
seal-image-no-handwriting-only-specks = no ink strokes, only specks

## Seal images: failures that mean a bug
seal-image-embedded-font = the embedded font { $face } cannot be parsed ({ $detail })
seal-image-encode = PNG encoding failed: { $detail }
seal-image-worker = seal cleaning worker failed

## Electronic seals as GB/T 38540 defines them (issue 19): the seal-making authority, .esl, .ses
seal-maker-none = the registry has no seal-making authority (制章者), so no seal has an .esl (SES_Seal) yet
seal-maker-none-hint = create one with `catool seal maker init --ca CA`; seals that take effect afterwards get their .esl at once, others with `catool seal export --format esl`
seal-maker-not-found = no seal-making authority "{ $maker }"
seal-maker-not-found-hint = list them with `catool seal maker list`
seal-maker-name-taken = a seal-making authority named "{ $name }" already exists
seal-maker-name-taken-hint = choose another --name
seal-maker-ca-expired = CA { $ca } ended on { $on } and can certify no seal-making authority
seal-maker-ca-expired-hint = use a CA that is still valid (`catool ca list`)
seal-maker-key-unopenable = the key of seal-making authority { $maker } cannot be opened with this master key
seal-maker-key-unopenable-hint = use the master key file the registry was created with (--master-key)
seal-esl-none = seal { $seal } has no .esl (SES_Seal): it is not effective, or was made before the registry had a seal-making authority and has not taken effect since
seal-esl-none-hint = an .esl is made when a seal takes effect (generated, or approved after review); run `catool seal export --seal { $seal } --format esl` again once it is effective
ses-not-in-cert-list = certificate { $cert } is not in the certList of seal { $seal } (esID { $esid }), so it cannot stamp with it
ses-not-in-cert-list-hint = the enterprise administrator assigns the seal to the certificate first (`catool seal assign --seal { $seal } --cert { $cert }`)
ses-seal-ended = seal { $seal } (esID { $esid }) is valid only until { $end }
ses-seal-ended-hint = a void seal can never stamp again; an expired one needs a new seal
seal-import-picture = { $file }: the seal's picture ({ $kind }) cannot be read: { $detail }
seal-import-picture-hint = catool registers seals whose picture is PNG, JPEG or GIF
seal-import-esid-taken = { $file }: a seal with esID { $esid } is already registered (seal { $seal })
seal-import-esid-taken-hint = the seal is registered already: `catool seal show { $seal }`
seal-import-invalid = { $file } is not a seal catool can register: { $reason }
seal-import-invalid-hint = ask the seal's maker for the .esl file again; `catool seal verify` says what is wrong
seal-maker-made = created seal-making authority { $id } { $name } ({ $algo }), valid until { $until }: seals that take effect get an .esl signed by it
seal-maker-col-id = id
seal-maker-col-name = name
seal-maker-col-ca = CA
seal-maker-col-algo = algorithm
seal-maker-col-until = valid until
seal-maker-field-subject = subject
seal-maker-field-serial = serial
seal-maker-field-valid = valid
seal-maker-field-sha256 = SHA-256
seal-esl-exported = seal { $seal } written to { $path } as .esl (esID { $esid })
seal-show-esl = electronic seal (.esl, GB/T 38540):
seal-show-no-esl = none (not effective, or no seal-making authority: `catool seal maker init`)
seal-show-esl-esid = esID
seal-show-esl-version = version
seal-show-esl-maker = maker
seal-show-esl-valid = valid
seal-show-esl-certs = certList
seal-show-esl-no-certs = empty (assign the seal to a certificate: `catool seal assign`)
seal-show-esl-foreign-certs = { $count ->
        [one] one certificate
       *[other] { $count } certificates
    } not in this registry
seal-imported-effective = seal { $seal } registered from { $path } (esID { $esid }, made by { $maker }): effective, its maker is certified by a registry CA
seal-imported-pending = seal { $seal } registered from { $path } (esID { $esid }, made by { $maker }): pending review (`catool seal review --seal { $seal } --approve`)
ses-signed = { $input } stamped with seal { $seal } (esID { $esid }) by certificate { $cert } ({ $hash }): { $output }
seal-demo-maker = created seal-making authority { $id } { $name } ({ $algo }), which signs the seals' .esl files (GB/T 38540)
seal-demo-esl = seal { $id } as .esl: esID { $esid }, { $certs ->
        [one] one certificate
       *[other] { $certs } certificates
    } in its certList → { $path }
seal-demo-ses = contract stamped as .ses with seal { $seal } (esID { $esid }) by certificate { $cert } → { $path }
seal-pdf-label = seal
seal-pdf-found = esID { $esid }, made by { $maker }: { $verdict }
seal-pdf-esl-verified = its .esl is in the registry and verifies
seal-pdf-esl-not-verified = not an .esl of this registry that verifies

## A seal grant row a finding names (red team 6)
anchor-object-grant = seal grant { $id }
