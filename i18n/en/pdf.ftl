# catool's messages in English, pdf area. Every entry has its twin in i18n/zh-CN/pdf.ftl;
# the code names each one with msg!("id") (src/i18n/tests.rs checks both).
# File names, keywords, field names, DNs and times are data ($file, $keyword …).

## Reading a PDF
pdf-read-empty = not a PDF: the file is empty
pdf-read-no-header = not a PDF: no %PDF- header in the first 1024 bytes
pdf-read-unreadable = cannot read the PDF (damaged or truncated?): { $detail }
pdf-read-needs-password = the PDF is protected by a user password (打开密码)
pdf-read-needs-password-hint = give it with --password-file
pdf-read-wrong-password = wrong PDF password: the password in --password-file does not open this PDF
pdf-read-no-pages = cannot read the PDF: it has no pages (damaged or truncated?)
pdf-read-damaged = damaged PDF structure: { $detail }
pdf-read-no-catalog = damaged PDF: the trailer has no /Root catalog
pdf-read-damaged-page = { $where }: the page object is damaged: { $detail }
pdf-read-revisions = damaged PDF: { $problem }
pdf-in-file = { $in_file }: { $in_file_error }
pdf-where-page = page { $where_page }
pdf-where-object = page object { $where_object } { $where_generation }

## Writing a PDF
pdf-write-xref-rebuilt = cannot update this PDF: its cross-reference table is damaged (offsets do not match the file), so a revision appended to it would not open
pdf-write-xref-rebuilt-hint = repair it first (e.g. `qpdf damaged.pdf repaired.pdf`) and use the repaired copy
pdf-write-input-changed = the input changed while it was copied (it is shorter than when it was opened): another program is writing it; nothing was written
pdf-write-input-changed-hint = run the command again once that program has finished the file
pdf-write-object-stream-unread = cannot update this PDF: its cross-reference data puts object { $num } in object { $container }, which is not a readable object stream, so readers may disagree on what the document says
pdf-write-object-stream-unread-hint = have the document exported again by the application that made it, then stamp or sign the new copy
pdf-write-failed = cannot write the PDF: { $detail }
pdf-write-encrypted = cannot add { $what } to an encrypted PDF
pdf-write-encrypted-hint = sign at level B-T, or decrypt it first (qpdf --decrypt)
pdf-appended-validation-data = validation data
pdf-appended-document-timestamp = a document timestamp

## Where the seal goes (D19)
pdf-place-page-out-of-range = page { $page } is out of range: the PDF has { $count } { $count ->
    [one] page
   *[other] pages
  }
pdf-place-invalid-pages = invalid --pages '{ $spec }': { $why }
pdf-place-invalid-pages-hint = name pages like 1-3,5,last
pdf-pages-not-a-number = '{ $part }' is not a page number or 'last'
pdf-pages-backwards = range { $from }-{ $to } runs backwards
pdf-pages-nothing = no pages named
pdf-place-invalid-pair = invalid { $flag } '{ $value }': expected two numbers like 150,240
pdf-place-invalid-anchor = invalid --at anchor '{ $name }': expected tl, tc, tr, l, c, r, bl, bc or br (as in br:-20,20)
pdf-place-invalid-occurrence = invalid --occurrence '{ $value }': expected first, all or a number from 1
pdf-place-edges-disagree = --cross-page { $cross_page } and --edge { $edge } disagree
pdf-place-edges-disagree-hint = give the edge once, as --cross-page EDGE
pdf-place-no-position = no position for the seal
pdf-place-no-position-hint = say where: --at X,Y or --at ANCHOR:DX,DY (with --page/--pages/--all), --cross-page, or --keyword TEXT
pdf-place-at-needs-full-seal = --at with --cross-page places the whole seal
pdf-place-at-needs-full-seal-hint = add --with-full-seal (the strips go on the edge)
pdf-place-seal-size-mm = invalid seal size { $width }x{ $height } mm: expected 5 to 300 mm
pdf-place-seal-size-pt = invalid seal size { $width }x{ $height } pt for the visible signature
pdf-sign-no-mark = a visible signature needs a position (no mark given)
pdf-place-clip-empty = the seal's clip on page { $page } leaves nothing visible
pdf-place-off-page = seal at ({ $x }, { $y }) mm would be off page { $page } ({ $width }×{ $height } mm)
pdf-place-off-page-hint = give a position inside the page, an anchor such as --at br:-20,20, or --clamp to move it inside
pdf-place-larger-than-page = seal at ({ $x }, { $y }) mm would be off page { $page } ({ $width }×{ $height } mm): the seal is larger than the page
pdf-place-larger-than-page-hint = give a smaller --size
pdf-stamp-invalid-opacity = invalid --opacity { $value }: expected 0.05 to 1
pdf-stamp-cannot-add = cannot add the seal to page { $page }: { $detail }
pdf-stamp-seal-image = the seal image: { $image_error }
pdf-stamp-needs-seal-or-image = give --seal S or --image PNG
pdf-stamp-signed = the PDF is signed (已签名): stamping it would change signed content and invalidate its signatures
pdf-stamp-signed-hint = seal it as a signature instead: `catool pdf sign FILE --cert N --seal S --at X,Y` (or stamp before signing)

## Cross-page seals (骑缝章)
pdf-cross-page-one-page = a cross-page seal (骑缝章) spans at least two pages and the PDF has one
pdf-cross-page-too-few-pages = a cross-page seal (骑缝章) spans at least two pages; { $selected ->
    [0] no page is
   *[other] only one page is
  } selected
pdf-cross-page-single-hint = stamp a single page with --at instead
pdf-cross-page-pages-per-seal-too-few = invalid --pages-per-seal { $n }: a cross-page seal (骑缝章) spans at least 2 pages
pdf-cross-page-invalid-split-ratio = invalid --split-ratio { $value }: expected the share of the seal on each group's first page, between 0 and 1 (exclusive)
pdf-cross-page-invalid-split-ratio-hint = e.g. --split-ratio 0.5
pdf-cross-page-invalid-min-strip = invalid --min-strip-mm { $value }: expected more than 0 and at most 300
pdf-cross-page-invalid-along = invalid --along { $value }
pdf-cross-page-pages-per-seal-too-many = --pages-per-seal { $n } is more than the { $count } pages to stamp
pdf-cross-page-pages-per-seal-too-many-hint = give 2 to { $count }
pdf-cross-page-strips-too-thin = a { $seal } mm seal over { $pages } pages leaves strips of { $strip } mm, under --min-strip-mm { $min }
pdf-cross-page-fewer-pages-hint = give --pages-per-seal { $most } or fewer, or a lower --min-strip-mm
pdf-cross-page-ratio-or-size-hint = give a --split-ratio nearer 1/2, a larger --size or a lower --min-strip-mm
pdf-cross-page-larger-size-hint = give a larger --size or a lower --min-strip-mm
pdf-cross-page-past-page = a cross-page seal { $along } mm from the { $from } would reach past page { $page } ({ $run } mm along its { $edge } edge)
pdf-cross-page-seal-too-long-hint = the seal is { $length } mm long: give a smaller --size
pdf-cross-page-along-between-hint = give --along between { $lowest } and { $highest } mm
pdf-cross-page-part-too-deep = the seal's part on page { $page } would be { $depth } mm deep, more than the page's { $across } mm
pdf-cross-page-part-too-deep-hint = give a smaller --size or --split-ratio
pdf-cross-page-full-seal-on-strip = the whole seal at ({ $x }, { $y }) mm on page { $page } would cover the cross-page strip there
pdf-cross-page-full-seal-on-strip-hint = give --at a place clear of the { $edge } edge
pdf-edge-right = right
pdf-edge-left = left
pdf-edge-top = top
pdf-edge-bottom = bottom
pdf-edge-from-top = top
pdf-edge-from-left = left

## Keywords (关键字)
pdf-keyword-empty = the text to search for is empty
pdf-keyword-not-found = keyword '{ $keyword }' not found in the PDF ({ $pages } { $pages ->
    [one] page
   *[other] pages
  }); nothing was stamped
pdf-keyword-not-found-hint = use --allow-missing to accept this
pdf-keyword-cut = { $keyword_start }… ({ $keyword_chars } characters)
pdf-keyword-no-such-occurrence = keyword '{ $keyword }' occurs { $total } time(s); there is no occurrence { $n }
pdf-keyword-stream-too-large = { $where }: a content stream inflates past { $mib } MiB (damaged or hostile PDF?); cannot search it
pdf-keyword-content-too-large = { $where }: the page draws more than { $mib } MiB of content (damaged or hostile PDF?); cannot search it
pdf-keyword-too-many-operators = { $where }: more than { $max } content operators (damaged or hostile PDF?); cannot search it
pdf-keyword-too-many-glyphs = { $where }: more than { $max } glyphs on one page (damaged or hostile PDF?); cannot search it

## Signing (D20)
pdf-sign-key-mismatch = the certificate does not belong to the signing key
pdf-sign-certified-visible = the PDF is certified (DocMDP P={ $permission }): a visible signature would break its certification
pdf-sign-certified-visible-hint = sign it invisibly (without --seal/--image and a position), or put the seal on before certifying
pdf-sign-certified-no-changes = the PDF is certified with no changes allowed (DocMDP P=1): another signature would break its certification
pdf-sign-already-certified = the PDF is already certified: only the first signature can certify a document
pdf-sign-signed-cannot-certify = the PDF is already signed: only the first signature can certify a document
pdf-sign-certify-first-hint = sign it without --certify
pdf-sign-timestamp-not-der = the timestamp from { $tsa } is not DER: { $detail }
pdf-sign-no-room = the signature ({ $bytes } bytes) does not fit the room reserved for it: the time-stamping authority's tokens changed size between two requests
pdf-sign-no-room-timestamp = the document timestamp ({ $bytes } bytes) does not fit the room reserved for it: the time-stamping authority's tokens changed size between two requests
pdf-sign-no-room-hint = run the command again; if it fails again, use another time-stamping authority (--tsa)
pdf-sign-visible-needs-position = a visible signature needs a position: --at X,Y, --keyword TEXT or --cross-page
pdf-sign-position-needs-appearance = a position needs an appearance: --seal S or --image PNG
pdf-sign-position-needs-appearance-hint = drop the position for an invisible signature
pdf-sign-not-holder = not allowed (无权限): certificate { $cert } is held by { $holder }; a document is signed with the holder's own certificate
pdf-sign-not-holder-hint = sign with a certificate you hold, or ask its holder to sign
pdf-sign-nobody = nobody
pdf-sign-foreign-tsa-level = PAdES B-LT and B-LTA carry the revocation status of every certificate, and catool cannot vouch for it for the TSA at { $url } (not one of this registry's)
pdf-sign-foreign-tsa-level-hint = use a registry TSA (--tsa NAME), or sign at --level B-T
pdf-sign-needs-tsa = PAdES B-T and above need a time-stamping authority
pdf-sign-needs-tsa-hint = create one with `catool tsa init --ca CA`, or give --tsa-url URL (or sign at --level B-B)
pdf-sign-many-tsas = the registry has { $count } TSAs ({ $names })
pdf-sign-many-tsas-hint = choose one with --tsa NAME
pdf-ltv-foreign-issuer = long-term validation data needs the revocation status of { $subject } (issued by { $issuer }), which no CA of this registry issued; catool cannot vouch for it
pdf-ltv-foreign-issuer-hint = sign at level B-T, or use a registry TSA (catool tsa init)
pdf-ltv-crl-failed = cannot issue the CRL of CA { $ca }: { $crl_error }
pdf-ltv-certificate-unreadable = a certificate in the PDF is unreadable: { $detail }

## The commands' files
pdf-files-needs-out-dir = several inputs need --out-dir DIR
pdf-files-needs-out = give --out FILE
pdf-files-cannot-create-out-dir = cannot create --out-dir { $dir }: { $detail }
pdf-files-not-a-file = { $path } is not a file
pdf-files-same-name = two inputs are named { $name }: their outputs in --out-dir would be one file
pdf-files-same-name-hint = stamp them in separate runs
pdf-files-cannot-read-dir = cannot read directory { $dir }: { $detail }
pdf-files-no-inputs = no PDF files to stamp
pdf-files-opaque-image = --image { $path } has no transparent background ({ $clear } % of it is clear): stamped, it would cover the page under it
pdf-files-opaque-image-hint = cut the seal out first with `catool seal clean { $path } --out seal.png`, or pass --opaque-ok

## What a signature check finds: the revisions
pdf-revision-range-past-end = the signed range reaches past the end of the file
pdf-revision-no-eof = the signed bytes do not end with %%EOF: the signature does not cover a whole revision (bytes of its own revision are left unsigned)
pdf-revision-past-eof = the signed bytes run past the end of their revision's %%EOF
pdf-revision-no-startxref = the signed bytes end with %%EOF but not with a startxref that opens a cross-reference section: the signature does not cover a whole revision
pdf-revision-startxref-not-section = the signed revision's startxref ({ $offset }) does not point at a cross-reference section
pdf-revision-chain-too-long = the cross-reference chain is too long or loops
pdf-revision-no-prev = the cross-reference section at byte { $at } does not lead back to the signed revision (no /Prev): a later revision replaces the signed one's objects wholesale
pdf-revision-prev-not-earlier = the cross-reference section at byte { $at } points back to byte { $prev }, not to an earlier revision
pdf-revision-skips-signed = the cross-reference section at byte { $at } skips the signed revision (its /Prev is { $prev }): objects of the signed revision can be hidden
pdf-revision-inside-earlier = a cross-reference section at byte { $at } lies inside an earlier revision
pdf-revision-file-no-eof = the file does not end with %%EOF (truncated or damaged)
pdf-revision-file-no-startxref = the file does not end with startxref and %%EOF (truncated or damaged)
pdf-revision-last-startxref-not-section = the last startxref ({ $offset }) does not point at a cross-reference section (damaged)
pdf-revision-section-no-ending = the revision whose cross-reference section is at byte { $offset } has no startxref/%%EOF ending
pdf-revision-state-unreadable = the revision ending at byte { $revision_end }: { $revision_error }
pdf-revision-state-xref-damaged = the cross-reference data of the revision ending at byte { $end } is damaged

## What a signature check finds: the byte range and the CMS
pdf-verify-no-byte-range = no /ByteRange array
pdf-verify-byte-range-not-integers = /ByteRange holds something other than non-negative integers
pdf-verify-byte-range-count = /ByteRange has { $count } numbers, expected 4 (two ranges around /Contents)
pdf-verify-byte-range-past-end = /ByteRange reaches past the end of the file
pdf-verify-byte-range-not-at-start = /ByteRange does not start at the beginning of the file
pdf-verify-byte-range-backwards = /ByteRange ranges overlap or run backwards
pdf-verify-gap-not-own = the unsigned gap in /ByteRange is not this signature dictionary's own /Contents (the signature was moved or wrapped)
pdf-verify-gap-not-hex = the gap in /ByteRange is not exactly the /Contents hex string
pdf-verify-gap-not-contents-entry = the gap in /ByteRange is not the /Contents entry
pdf-verify-gap-not-this-contents = the gap in /ByteRange is not this signature's /Contents
pdf-verify-contents-not-der = /Contents does not hold a DER CMS object
pdf-verify-unsupported-sub-filter = unsupported /SubFilter { $sub_filter }
pdf-verify-cms-unreadable = cannot read the CMS: { $detail }
pdf-verify-not-signed-data = the CMS is not SignedData ({ $oid })
pdf-verify-signed-data-unreadable = cannot read the CMS SignedData: { $detail }
pdf-verify-no-signer-info = the CMS has no SignerInfo
pdf-verify-signer-not-in-cms = the signer's certificate is not in the CMS
pdf-verify-unsupported-digest = unsupported digest algorithm { $oid }
pdf-verify-unsupported-signature-algorithm = unsupported signature algorithm { $oid }
pdf-verify-no-message-digest = the CMS has no messageDigest attribute
pdf-verify-content-type-mismatch = the CMS contentType attribute does not match its content
pdf-verify-digest-mismatch = the document was changed: the digest of the signed ranges does not match the signature's messageDigest
pdf-verify-token-unreadable = cannot read the timestamp token: { $detail }
pdf-verify-token-digest-mismatch = the timestamp token's messageDigest does not match its content
pdf-verify-token-imprint-unreadable = cannot read the timestamp token's message imprint
pdf-verify-unsupported-imprint = unsupported timestamp imprint algorithm { $oid }
pdf-verify-imprint-mismatch = the document was changed: the digest of the signed ranges does not match the timestamp's imprint
pdf-verify-encapsulated = the CMS encapsulates its content; a PDF signature must be detached
pdf-verify-signed-attributes-missing = cannot locate the signed attributes in the CMS
pdf-verify-signature-invalid = the signature does not verify with the signer's certificate: { $detail }
pdf-verify-document-timestamp-invalid = the document timestamp is not valid: { $problem }
pdf-timestamp-invalid-token = { $detail }
pdf-timestamp-another-document = the token stamps another document
pdf-timestamp-signature-value-unreadable = cannot read the signature value the timestamp stamps
pdf-verify-too-many-revisions = { $revisions } revisions were appended after the signature to a document of { $objects } objects: too many to analyse (at most { $max_revisions } revisions and { $max_parses } object parses), the file is not accepted
pdf-verify-modified = the document was modified after signing: { $changes_en }
pdf-verify-modified-certified = the document was modified after signing (the certification allows no changes): { $changes_en }


## What a later revision changed (pdf verify's changes; the JSON report carries the English)
pdf-change-in-revision = revision { $revision } { $what }
pdf-change-separator = { "; " }
pdf-change-locked = { $what } (field { $field } is locked by signature { $signature }: { $lock }, in { $source })
pdf-change-restyles-locked = { $what } (a viewer redraws with it the fields signature { $signature } locks: { $lock }, in { $source })
pdf-change-certified-takes-invisible = { $what } (a certified document takes only invisible new signatures)
pdf-lock-in-field = its field's /Lock
pdf-lock-in-reference = its FieldMDP /Reference
pdf-lock-in-field-and-reference = its field's /Lock and its FieldMDP /Reference
pdf-change-trailer-entry-replaced = replaces the document's /{ $key } in the trailer
pdf-change-info-repointed = points the document information dictionary at an existing object
pdf-change-info-updated = updates the document information dictionary
pdf-change-free-number-reused = reuses the free object number { $num } of the signed revision
pdf-change-undefined-now-defined = defines object { $num }, which the signed revision referred to without defining it (its reference now shows new content)
pdf-change-deleted = deletes { $subject }
pdf-change-replaced-by-another = replaces { $subject } by another object
pdf-change-kind-changed = turns { $subject } into another kind of object
pdf-change-redefined = redefines { $subject }
pdf-change-catalog-replaced = replaces the document catalog
pdf-change-catalog-entry-repointed = points the catalog's /{ $key } at an existing object
pdf-change-dss-updated = updates the document security store (DSS)
pdf-change-catalog-entry-updated = updates the catalog's /{ $key }
pdf-change-catalog-changed = changes the document catalog (/{ $key })
pdf-change-metadata-updated = updates the document metadata (XMP)
pdf-change-page-replaced = replaces page { $page }
pdf-change-page-content-replaced = replaces the content of page { $page }
pdf-change-page-resources-changed = changes the resources (fonts, images) of page { $page }
pdf-change-page-geometry-changed = changes the size or orientation of page { $page }
pdf-change-page-changed = changes page { $page } (/{ $key })
pdf-change-page-tree-changed = changes the page tree (pages added, removed or reordered)
pdf-change-object-replaced = replaces { $role } (object { $num } { $generation })
pdf-change-signed-appearance-changed = changes the appearance of signed signature field { $field }
pdf-change-appearance-changed = changes the appearance of field { $field }
pdf-change-field-replaced = replaces field { $field }
pdf-change-field-appearance-repointed = points the appearance of field { $field } at an existing object
pdf-change-signed-field-changed = changes signed signature field { $field } ({ $keys })
pdf-change-empty-signature-field-signed = signs the empty signature field { $field }
pdf-change-field-filled = fills form field { $field }
pdf-change-field-definition-changed = changes the definition of field { $field } ({ $keys })
pdf-change-form-removed = removes the form (AcroForm)
pdf-change-form-repointed = points the form at another object of the signed revision
pdf-change-field-list-repointed = points the form's field list at an existing object
pdf-change-form-entry-updated = updates the form's /{ $key }
pdf-change-form-changed = changes the form (/{ $key })
pdf-change-field-removed = removes { $subject } from the form
pdf-change-field-moved = moves { $subject } in the form
pdf-change-non-signature-field-added = adds a form field that is not a signature field
pdf-change-signature-field-reuses-widgets = adds signature field { $field } whose widgets are objects of the signed revision
pdf-change-signature-field-reuses-value = adds signature field { $field } whose value is an object of the signed revision (a signature made before, not one made in this update)
pdf-change-unsigned-signature-field-paints = adds unsigned visible signature field { $field } whose appearance draws over the page (a signature field shows its own appearance only once signed)
pdf-change-visible-signature-field-added = adds visible signature field { $field }
pdf-change-invisible-signature-field-added = adds invisible signature field { $field }
pdf-change-annotation-list-repointed = points the annotation list of page { $page } at another object
pdf-change-annotations-reordered = reorders or repeats the annotations of page { $page } (which one is drawn on top)
pdf-change-widget-removed = removes the widget of field { $field } from page { $page }
pdf-change-annotation-removed = removes an annotation from page { $page }
pdf-change-annotation-added = adds an annotation to page { $page }
pdf-change-signature-widget-added = adds a visible signature widget to page { $page }
pdf-change-widget-added = adds a form widget to page { $page } that is not a new signature field's
pdf-change-annotation-of-kind-added = adds a /{ $subtype } annotation to page { $page } (an annotation can cover signed content)
pdf-change-ambiguous-xref = has an ambiguous cross-reference section: { $ambiguity }
pdf-change-trailing-bytes = is followed by { $bytes } byte(s) after its %%EOF that are not a complete revision (a reader may still apply them)
pdf-subject-object = object { $num } { $generation }
pdf-subject-and = { " and " }
pdf-subject-a-form-field = a form field
pdf-role-catalog = the document catalog
pdf-role-page-tree = the page tree
pdf-role-page = page { $page }
pdf-role-page-content = the content of page { $page }
pdf-role-page-annots = the annotation list of page { $page }
pdf-role-page-resource = a resource (font, image or form) of page { $page }
pdf-role-inherited-resource = a resource (font, image or form) the pages inherit
pdf-role-annotation = an annotation on page { $page }
pdf-role-acroform = the form (AcroForm)
pdf-role-field-list = the form's field list
pdf-role-signature-field = signature field { $field }
pdf-role-field = form field { $field }
pdf-role-field-appearance = the appearance of field { $field }
pdf-role-annotation-appearance = the appearance of an annotation on page { $page }
pdf-role-field-appearance-resource = a resource (font or image) of the appearance of field { $field }
pdf-role-annotation-appearance-resource = a resource (font or image) of an annotation's appearance on page { $page }
pdf-role-signature-value = the signature of field { $field }
pdf-role-info = the document information dictionary
pdf-role-metadata = the document metadata (XMP)
pdf-role-dss = the document security store (DSS)
pdf-role-perms = the document permissions (/Perms)
pdf-role-catalog-entry = part of the catalog's /{ $key }
pdf-xref-section-outside = the section is outside the file
pdf-xref-subsection-header = unreadable subsection header
pdf-xref-impossible-subsection = an impossible subsection
pdf-xref-unreadable-entry = unreadable entry
pdf-xref-entry-neither-used-nor-free = an entry is neither in use nor free
pdf-xref-no-section = no cross-reference section
pdf-xref-impossible-index = an impossible /Index range
pdf-xref-listed-twice = object { $num } is listed twice
pdf-xref-duplicate-key = object { $num } names /{ $key } twice in one dictionary (readers disagree which counts)
pdf-xref-points-at-other = the entry for object { $num } points at the text of object { $other } { $generation }
pdf-xref-points-at-nothing = the entry for object { $num } points at no object (byte { $offset })
pdf-xref-stream-not-loaded = object { $num } is in object stream { $container }, which did not load
pdf-xref-stream-unreadable = object stream { $container } cannot be read
pdf-xref-wrong-slot = the entry for object { $num } points at slot { $index } of object stream { $container }, which holds another object
pdf-xref-twice-in-stream = object stream { $container } holds object { $num } twice
pdf-xref-unlisted = it defines object { $num } at byte { $at } without listing it (a reader that rebuilds the table would use it)
pdf-xref-bad-xrefstm = its /XRefStm { $stm } does not lead to a cross-reference stream (readers would rebuild the table)

## Why a signature is not valid: the registry and time
pdf-verify-integrity-unchecked = the signature's integrity could not be checked
pdf-verify-document-tsa-not-certified = the document timestamp's TSA ({ $tsa }) was not certified by a CA of this registry (trust another platform's TSA CA with --trust CA.pem)
pdf-verify-not-registry-ca = the signer's certificate ({ $issuer }) was not issued by a CA of this registry
pdf-verify-untrusted-signer = untrusted signer: { $why }
pdf-verify-record-tampered = the registry's record of the signer's certificate cannot be believed: { $why }
pdf-verify-certificate-unreadable = the signer's certificate cannot be read
pdf-verify-claimed-after-timestamp = the claimed signing time { $claimed } is after its signature timestamp { $timestamp }
pdf-verify-no-signing-time = the signature claims no signing time
pdf-verify-in-future = { $basis } { $time } is in the future
pdf-verify-outside-validity = { $basis } { $time } is outside the certificate's validity ({ $from } to { $to })
pdf-verify-revoked-per-document = a CRL in the document lists the certificate as revoked on { $on }, at or before { $basis } { $time }
pdf-verify-withdrawn-after-claim = the certificate was { $how } on { $on } (after the claimed signing time { $time }); valid at the claimed time, but no timestamp proves the signature was made before
pdf-verify-withdrawn-before = the certificate was { $how } on { $on }, at or before { $basis } { $time }
pdf-verify-withdrawn = the certificate is { $how }
pdf-verify-expired-unproven = the certificate expired on { $on }; valid at the claimed signing time { $time }, but no timestamp proves it
pdf-verify-timestamp-invalid = its signature timestamp is not valid: { $problem }
pdf-verify-tsa-certificate-unreadable = its signature timestamp's TSA certificate is unreadable: { $detail }
pdf-verify-timestamp-tsa-not-certified = its signature timestamp's TSA ({ $tsa }) was not certified by a CA of this registry (trust another platform's TSA CA with --trust CA.pem)
pdf-verify-timestamp-no-time = its signature timestamp has no readable time
pdf-verify-timestamp-outside-tsa-validity = its signature timestamp ({ $time }) is outside its TSA certificate's validity ({ $from } to { $to })
pdf-verify-tsa-expired = its signature timestamp's TSA certificate ({ $tsa }) expired on { $on } and no document timestamp made before then covers it: the time it claims is no longer proven
pdf-verify-tsa-revoked = its signature timestamp's TSA certificate ({ $tsa }) was revoked on { $on }, a CRL in the document says: the time it claims is not proven
pdf-time-timestamped = the timestamped time
pdf-time-claimed = the claimed signing time
pdf-withdrawn-revoked = revoked
pdf-withdrawn-frozen = frozen
pdf-verify-no-signatures = { $file } has no signatures (未签名): nothing to verify
pdf-verify-not-valid = { $bad } of { $total } signature(s) in { $file } are not valid

## The report of `pdf verify`
pdf-verdict-valid = VALID (有效)
pdf-verdict-not-proven = NOT PROVEN (仅在声称的签署时间有效)
pdf-verdict-not-valid = NOT VALID (无效)
pdf-report-no-signatures = { $file }: no signatures (未签名)
pdf-report-count = { $file }: { $count } signature(s)
pdf-report-heading = { $field } ({ $kind }): { $verdict }
pdf-kind-certification-permission = certification, DocMDP P={ $permission }
pdf-kind-certification = certification
pdf-kind-document-timestamp = document timestamp
pdf-kind-approval = approval
pdf-label-reason = reason
pdf-label-signer = signer
pdf-label-issuer = issuer
pdf-label-validity = validity
pdf-label-algorithm = algorithm
pdf-label-time = time
pdf-label-signed-at = signed at
pdf-label-timestamp = timestamp
pdf-label-level = level
pdf-label-integrity = integrity
pdf-label-coverage = coverage
pdf-label-change = change
pdf-report-not-registry-ca = not a CA of this registry
pdf-report-issuer = { $issuer } (CA: { $ca })
pdf-report-issuer-cert = { $issuer } (CA: { $ca }; certificate { $cert }, { $state })
pdf-report-validity = { $from } to { $to }
pdf-report-tsa-time = { $time } (the TSA's time)
pdf-report-claimed-no-timestamp = { $time } (claimed by the signer; no timestamp)
pdf-report-claimed = { $time } (claimed by the signer)
pdf-report-timestamp = { $time } by { $tsa } ({ $trust })
pdf-report-trusted-time = trusted time: the signature existed then
pdf-report-untrusted-time = NOT trusted time
pdf-report-level = PAdES { $level }
pdf-report-level-ltv = PAdES { $level } (carries what validating it offline needs)
pdf-report-intact = intact: the signed bytes match the signature
pdf-report-not-intact = NOT intact
pdf-report-coverage-whole = whole file (revision { $revision } of { $revisions })
pdf-report-coverage-earlier = revision { $revision } of { $revisions }; later revisions: { $level } (allowed: { $allowed })
pdf-report-coverage-incomplete = incomplete: the signed bytes are not a whole revision
pdf-report-change = revision { $revision } { $what } [{ $mark }]
pdf-report-allowed = allowed
pdf-report-not-allowed = NOT ALLOWED
pdf-level-none = none
pdf-level-lta-updates = validation data and timestamps
pdf-level-form-filling = form filling and signing
pdf-level-other = modified

## What stamping and signing did
pdf-signed = signed (已签署) { $input } with certificate { $cert } ({ $name }) as field { $field } at PAdES { $level } → { $output }
pdf-sign-foreign-issuer = note: certificate { $cert } was not issued by a CA of this registry (it was imported): `catool pdf verify` here reports its signatures as not valid (issuer not trusted); a verifier given its CA judges them (e.g. `pyhanko sign validate --trust CA.pem`)
pdf-timestamped = timestamped (已加盖时间戳) { $input }: validation data for { $signatures } signature(s) ({ $certificates } certificates, { $crls } CRLs) and a document timestamp from { $tsa } as field { $field } → { $output }
pdf-skipped = skipped { $input }: { $output } exists
pdf-exists = { $input }: { $output } exists
pdf-plan-mark = { $file }: page { $page } at ({ $x_mm }, { $y_mm }) mm = ({ $x_pt }, { $y_pt }) pt
pdf-plan-group = { $file }: 骑缝章 { $group } on the { $edge } edge: { $pages }
pdf-plan-area = { $file }: page { $page } { $what } { $w_mm }×{ $h_mm } mm, top-left corner at ({ $x_mm }, { $y_mm }) mm
pdf-plan-whole-seal = whole seal
pdf-plan-strip = strip
pdf-moved = moved inside page { $page } (--clamp): ({ $from_x }, { $from_y }) mm → ({ $to_x }, { $to_y }) mm
pdf-page-run = pages { $from }-{ $to }
pdf-page-list = pages { $pages }
pdf-stamped = stamped { $marks } mark(s) on page(s) { $pages } → { $output }
pdf-stamped-group-size = { $groups } of { $pages } pages
pdf-stamped-cross-page = stamped { $seals } cross-page seal(s) (骑缝章) on the { $edge } edge: { $sizes }, strips from { $narrowest } mm → { $output }
pdf-stamped-cross-page-full = stamped { $seals } cross-page seal(s) (骑缝章) on the { $edge } edge: { $sizes }, strips from { $narrowest } mm, the whole seal on each group's first page → { $output }

## Batches (pdf stamp, pdf sign, cert issue --batch)
pdf-batch-unit = PDFs
pdf-batch-eta = ETA
pdf-batch-signed = signed
pdf-batch-stamped = stamped
pdf-batch-planned = planned (dry run, nothing written)
pdf-batch-skipped = skipped { $item }
pdf-batch-output-exists = output exists
pdf-batch-summary = batch: { $ok } { $done }{ $skipped }, { $failed } failed
pdf-batch-summary-skipped = , { $skipped } skipped ({ $why })
pdf-batch-partial = { $failed } of { $total } failed; first: { $first }
pdf-batch-failed = { $item }: error: { $message }

## Who holds the signing certificate (D5), and field locks that forbid signing
pdf-label-holder = holder
pdf-report-holder = { $holder } (person { $id }) holds this certificate in the registry, not the person its subject names: the signature was made with their PIN
pdf-sign-locked-field = the PDF's signature { $signature } has a field lock ({ $lock }) that covers the new signature field { $field }: signing would make { $signature } invalid
pdf-sign-locked-no-changes = the PDF's signature { $signature } allows no changes after it (its field lock says /P 1): another signature would make { $signature } invalid
pdf-sign-locked-visible = the PDF's signature { $signature } carries a document permission in its field lock (/P { $permission }): a visible signature would make { $signature } invalid
pdf-sign-locked-hint = nothing was written; ask the signer of { $signature } for a version that leaves room for your signature, or sign the document before they sign it
pdf-sign-locked-visible-hint = nothing was written; sign it invisibly (without --seal/--image and a position)
