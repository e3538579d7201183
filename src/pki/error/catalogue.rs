//! What the catalogue says of each crypto-layer error: its stable code, exit code, message,
//! hint and the data they quote (i18n/*/pki.ftl).

use super::*;

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

impl Catalogued for PkiError {
    fn describe(&self) -> Described {
        use PkiError as E;
        match self {
            E::Crypto { layer, source } => d(INTERNAL, "pki.crypto", msg!("pki-crypto"))
                .arg("layer", layer.name())
                .arg("detail", source.to_string()),
            E::UnsupportedCurve { curve } => d(
                INTERNAL,
                "pki.key.unsupported_curve",
                msg!("pki-key-unsupported-curve"),
            )
            .arg("curve", curve),
            E::UnsupportedKeyAlgorithm { oid } => d(
                INTERNAL,
                "pki.key.unsupported_algorithm",
                msg!("pki-key-unsupported-algorithm"),
            )
            .arg("oid", oid),
            E::SignatureUnusedBits => d(
                INTERNAL,
                "pki.signature.unused_bits",
                msg!("pki-signature-unused-bits"),
            ),
            E::BadSm2PublicKey => d(
                INTERNAL,
                "pki.key.bad_sm2_public_key",
                msg!("pki-key-bad-sm2-public-key"),
            ),
            E::UnsupportedSignatureAlgorithm { oid } => d(
                INTERNAL,
                "pki.signature.unsupported_algorithm",
                msg!("pki-signature-unsupported-algorithm"),
            )
            .arg("oid", oid),
            E::P12NotPasswordIntegrity => d(
                INTERNAL,
                "pki.p12.not_password_integrity",
                msg!("pki-p12-not-password-integrity"),
            ),
            E::P12MacMismatch => d(
                INTERNAL,
                "pki.p12.mac_mismatch",
                msg!("pki-p12-mac-mismatch"),
            ),
            E::P12EncryptedDataEmpty => d(
                INTERNAL,
                "pki.p12.encrypted_data_empty",
                msg!("pki-p12-encrypted-data-empty"),
            ),
            E::P12NoPrivateKey => d(
                INTERNAL,
                "pki.p12.no_private_key",
                msg!("pki-p12-no-private-key"),
            ),
            E::P12NoMatchingCertificate => d(
                INTERNAL,
                "pki.p12.no_matching_certificate",
                msg!("pki-p12-no-matching-certificate"),
            ),
            E::P12NestedTooDeep => d(
                INTERNAL,
                "pki.p12.nested_too_deep",
                msg!("pki-p12-nested-too-deep"),
            ),
            E::PbeIterationsOutOfRange { iterations, max } => {
                d(INTERNAL, "pki.pbe.iterations", msg!("pki-pbe-iterations"))
                    .arg("iterations", *iterations)
                    .arg("max", *max)
            }
            E::PbeUnsupportedKdf => d(
                INTERNAL,
                "pki.pbe.unsupported_kdf",
                msg!("pki-pbe-unsupported-kdf"),
            ),
            E::PbeParametersMissing => d(
                INTERNAL,
                "pki.pbe.parameters_missing",
                msg!("pki-pbe-parameters-missing"),
            ),
            E::PbeUnsupportedAlgorithm { oid } => d(
                INTERNAL,
                "pki.pbe.unsupported_algorithm",
                msg!("pki-pbe-unsupported-algorithm"),
            )
            .arg("oid", oid),
            E::PbeBadIv => d(INTERNAL, "pki.pbe.bad_iv", msg!("pki-pbe-bad-iv")),
            E::PbeDecryptFailed => d(
                INTERNAL,
                "pki.pbe.decrypt_failed",
                msg!("pki-pbe-decrypt-failed"),
            ),
            E::PbeCipherKey => d(INTERNAL, "pki.pbe.cipher_key", msg!("pki-pbe-cipher-key")),
            E::MacUnsupportedDigest { oid } => d(
                INTERNAL,
                "pki.p12.unsupported_mac_digest",
                msg!("pki-p12-unsupported-mac-digest"),
            )
            .arg("oid", oid),
            E::MasterKeyCreate { path, why } => d(
                REGISTRY,
                "pki.master_key.create",
                msg!("pki-master-key-create"),
            )
            .arg("path", path)
            .arg("why", why),
            E::MasterKeyUnreadable { path, source } => d(
                REGISTRY,
                "pki.master_key.unreadable",
                msg!("pki-master-key-unreadable"),
            )
            .hint(msg!("pki-master-key-unreadable-hint"))
            .arg("path", path)
            .arg("detail", source.to_string()),
            E::MasterKeyTooLong { path } => d(
                REGISTRY,
                "pki.master_key.too_long",
                msg!("pki-master-key-too-long"),
            )
            .hint(msg!("pki-master-key-damaged-hint"))
            .arg("path", path),
            E::MasterKeyDamaged { path } => d(
                REGISTRY,
                "pki.master_key.damaged",
                msg!("pki-master-key-damaged"),
            )
            .hint(msg!("pki-master-key-damaged-hint"))
            .arg("path", path),
            E::MasterKeyExposed { path, mode } => d(
                REGISTRY,
                "pki.master_key.exposed",
                msg!("pki-master-key-exposed"),
            )
            .hint(msg!("pki-master-key-exposed-hint"))
            .arg("path", path)
            .arg("mode", mode),
            E::KdfCostInvalid { detail } => d(
                BAD_INPUT,
                "pki.kdf.invalid_cost",
                msg!("pki-kdf-invalid-cost"),
            )
            .hint(msg!("pki-kdf-invalid-cost-hint"))
            .arg("detail", detail),
            E::Argon2 { detail } => {
                d(INTERNAL, "pki.kdf.failed", msg!("pki-kdf-failed")).arg("detail", detail)
            }
            E::SealingFailed => d(INTERNAL, "pki.seal.failed", msg!("pki-seal-failed")),
            E::PinStdinUnreadable { source } => d(
                BAD_INPUT,
                "pki.pin.stdin_unreadable",
                msg!("pki-pin-stdin-unreadable"),
            )
            .arg("detail", source.to_string()),
            E::PinFileUnreadable { what, source } => d(
                BAD_INPUT,
                "pki.pin.file_unreadable",
                msg!("pki-pin-file-unreadable"),
            )
            .arg("what", what)
            .arg("detail", source.to_string()),
            E::PinNeeded { flag } => d(USAGE, "pki.pin.needed", msg!("pki-pin-needed"))
                .hint(msg!("pki-pin-needed-hint"))
                .arg("flag", flag),
            E::TsaUrlInvalid { url, problem } => {
                d(USAGE, "pki.tsa_url.invalid", msg!("pki-tsa-url-invalid"))
                    .hint(msg!("pki-tsa-url-hint"))
                    .arg("url", url)
                    .arg("problem", Arg::Msg(problem.id()))
            }
            E::TsaUrlHttps { url } => d(USAGE, "pki.tsa_url.https", msg!("pki-tsa-url-https"))
                .hint(msg!("pki-tsa-url-https-hint"))
                .arg("url", url),
            E::TsaUnresolved { url, host, detail } => d(
                BAD_INPUT,
                "pki.tsa_http.unresolved",
                msg!("pki-tsa-http-unresolved"),
            )
            .arg("url", url)
            .arg("host", host)
            .arg("detail", detail),
            E::TsaConnectTimeout { url, secs } => d(
                BAD_INPUT,
                "pki.tsa_http.connect_timeout",
                msg!("pki-tsa-http-connect-timeout"),
            )
            .arg("url", url)
            .arg("secs", *secs),
            E::TsaConnectFailed { url, detail } => d(
                BAD_INPUT,
                "pki.tsa_http.connect_failed",
                msg!("pki-tsa-http-connect-failed"),
            )
            .arg("url", url)
            .arg("detail", detail),
            E::TsaNoAddress { url } => d(
                BAD_INPUT,
                "pki.tsa_http.no_address",
                msg!("pki-tsa-http-no-address"),
            )
            .arg("url", url),
            E::TsaTimeout { url, secs } => d(
                BAD_INPUT,
                "pki.tsa_http.timeout",
                msg!("pki-tsa-http-timeout"),
            )
            .arg("url", url)
            .arg("secs", *secs),
            E::TsaConnectionFailed { url, detail } => d(
                BAD_INPUT,
                "pki.tsa_http.connection_failed",
                msg!("pki-tsa-http-connection-failed"),
            )
            .arg("url", url)
            .arg("detail", detail),
            E::TsaReplyTooLarge { url, kib } => d(
                BAD_INPUT,
                "pki.tsa_http.too_large",
                msg!("pki-tsa-http-too-large"),
            )
            .arg("url", url)
            .arg("kib", *kib),
            E::TsaNotHttp { url } => d(
                BAD_INPUT,
                "pki.tsa_http.not_http",
                msg!("pki-tsa-http-not-http"),
            )
            .arg("url", url),
            E::TsaHttpStatus { url, status } => d(
                BAD_INPUT,
                "pki.tsa_http.status",
                msg!("pki-tsa-http-status"),
            )
            .arg("url", url)
            .arg("status", *status),
            E::TsaBadBody { url, problem } => d(
                BAD_INPUT,
                "pki.tsa_http.bad_body",
                msg!("pki-tsa-http-bad-body"),
            )
            .arg("url", url)
            .arg("problem", Arg::Msg(problem.id())),
            E::TsaContentType { url, media } => d(
                BAD_INPUT,
                "pki.tsa_http.content_type",
                msg!("pki-tsa-http-content-type"),
            )
            .arg("url", url)
            .arg("media", media),
            E::TsaGenTime => d(INTERNAL, "pki.tsp.gen_time", msg!("pki-tsp-gen-time")),
            E::TsaReplyRefused { url, problem } => token::nest(
                d(
                    CHECK_FAILED,
                    "pki.tsa_http.reply_refused",
                    msg!("pki-tsa-http-reply-refused"),
                )
                .arg("url", url),
                "why",
                problem,
            ),
            E::TsaCertUnreadable { url, detail } => d(
                CHECK_FAILED,
                "pki.tsa_http.cert_unreadable",
                msg!("pki-tsa-http-cert-unreadable"),
            )
            .arg("url", url)
            .arg("detail", detail),
            E::TsaCertNotValid {
                url,
                subject,
                at,
                from,
                to,
            } => d(
                CHECK_FAILED,
                "pki.tsa_http.cert_not_valid",
                msg!("pki-tsa-http-cert-not-valid"),
            )
            .arg("url", url)
            .arg("subject", subject)
            .arg("at", at)
            .arg("from", from)
            .arg("to", to),
            E::EnvEmpty => d(BAD_INPUT, "pki.envelope.empty", msg!("pki-envelope-empty")),
            E::EnvNotCms => d(
                BAD_INPUT,
                "pki.envelope.not_cms",
                msg!("pki-envelope-not-cms"),
            )
            .hint(msg!("pki-envelope-not-cms-hint")),
            E::EnvOtherContent { kind } => {
                let described = d(
                    BAD_INPUT,
                    "pki.envelope.other_content",
                    msg!("pki-envelope-other-content"),
                )
                .arg("kind", Arg::Msg(kind.id()));
                match kind {
                    CmsKind::Other { oid } => described.arg("oid", oid),
                    _ => described,
                }
            }
            E::EnvDamaged { detail } => d(
                BAD_INPUT,
                "pki.envelope.damaged",
                msg!("pki-envelope-damaged"),
            )
            .arg("detail", detail),
            E::EnvPemNotText => d(
                BAD_INPUT,
                "pki.envelope.pem_not_text",
                msg!("pki-envelope-pem-not-text"),
            ),
            E::EnvPemCorrupt { detail } => d(
                BAD_INPUT,
                "pki.envelope.pem_corrupt",
                msg!("pki-envelope-pem-corrupt"),
            )
            .arg("detail", detail),
            E::EnvPemLabel { label } => d(
                BAD_INPUT,
                "pki.envelope.pem_label",
                msg!("pki-envelope-pem-label"),
            )
            .arg("label", label),
            E::EnvOaepParamsCorrupt { detail } => d(
                BAD_INPUT,
                "pki.envelope.oaep_params_corrupt",
                msg!("pki-envelope-oaep-params-corrupt"),
            )
            .arg("detail", detail),
            E::EnvMgf1NoDigest => d(
                BAD_INPUT,
                "pki.envelope.mgf1_no_digest",
                msg!("pki-envelope-mgf1-no-digest"),
            ),
            E::EnvMgf1ParamsCorrupt { detail } => d(
                BAD_INPUT,
                "pki.envelope.mgf1_params_corrupt",
                msg!("pki-envelope-mgf1-params-corrupt"),
            )
            .arg("detail", detail),
            E::EnvOaepLabelCorrupt { detail } => d(
                BAD_INPUT,
                "pki.envelope.oaep_label_corrupt",
                msg!("pki-envelope-oaep-label-corrupt"),
            )
            .arg("detail", detail),
            E::EnvNoIv { cipher } => {
                d(BAD_INPUT, "pki.envelope.no_iv", msg!("pki-envelope-no-iv")).arg("cipher", cipher)
            }
            E::EnvIvCorrupt { detail } => d(
                BAD_INPUT,
                "pki.envelope.iv_corrupt",
                msg!("pki-envelope-iv-corrupt"),
            )
            .arg("detail", detail),
            E::EnvIvLength { cipher, got, want } => d(
                BAD_INPUT,
                "pki.envelope.iv_length",
                msg!("pki-envelope-iv-length"),
            )
            .arg("cipher", cipher)
            .arg("got", *got)
            .arg("want", *want),
            E::EnvSm2KeyForm => d(
                BAD_INPUT,
                "pki.envelope.sm2_key_form",
                msg!("pki-envelope-sm2-key-form"),
            ),
            E::EnvOaepDigest { oid } => d(
                BAD_INPUT,
                "pki.envelope.unsupported_oaep_digest",
                msg!("pki-envelope-unsupported-oaep-digest"),
            )
            .arg("oid", oid),
            E::EnvKeyEncryption { oid } => d(
                BAD_INPUT,
                "pki.envelope.unsupported_key_encryption",
                msg!("pki-envelope-unsupported-key-encryption"),
            )
            .arg("oid", oid),
            E::EnvMaskGeneration { oid } => d(
                BAD_INPUT,
                "pki.envelope.unsupported_mgf",
                msg!("pki-envelope-unsupported-mgf"),
            )
            .arg("oid", oid),
            E::EnvLabelSource { oid } => d(
                BAD_INPUT,
                "pki.envelope.unsupported_label_source",
                msg!("pki-envelope-unsupported-label-source"),
            )
            .arg("oid", oid),
            E::EnvRecipientKind => d(
                BAD_INPUT,
                "pki.envelope.unsupported_recipient",
                msg!("pki-envelope-unsupported-recipient"),
            ),
            E::EnvContentNotData { oid } => d(
                BAD_INPUT,
                "pki.envelope.content_not_data",
                msg!("pki-envelope-content-not-data"),
            )
            .arg("oid", oid),
            E::EnvContentCipher { oid } => d(
                BAD_INPUT,
                "pki.envelope.unsupported_cipher",
                msg!("pki-envelope-unsupported-cipher"),
            )
            .arg("oid", oid),
            E::EnvDetached => d(
                BAD_INPUT,
                "pki.envelope.detached",
                msg!("pki-envelope-detached"),
            ),
            E::EnvRecipientRsaKey { detail } => d(
                BAD_INPUT,
                "pki.envelope.recipient_rsa_key",
                msg!("pki-envelope-recipient-rsa-key"),
            )
            .arg("detail", detail),
            E::EnvRecipientSm2Unreadable => d(
                BAD_INPUT,
                "pki.envelope.recipient_sm2_unreadable",
                msg!("pki-envelope-recipient-sm2-unreadable"),
            ),
            E::EnvRecipientSm2Invalid { detail } => d(
                BAD_INPUT,
                "pki.envelope.recipient_sm2_invalid",
                msg!("pki-envelope-recipient-sm2-invalid"),
            )
            .arg("detail", detail),
            E::EnvRecipientAlgorithm { oid, curve } => d(
                BAD_INPUT,
                "pki.envelope.recipient_algorithm",
                match curve {
                    Some(_) => msg!("pki-envelope-recipient-algorithm-curve"),
                    None => msg!("pki-envelope-recipient-algorithm"),
                },
            )
            .hint(msg!("pki-envelope-recipient-algorithm-hint"))
            .arg("oid", oid)
            .arg("curve", curve.clone().unwrap_or_default()),
            E::EnvOaepWrap { detail } => d(
                BAD_INPUT,
                "pki.envelope.oaep_wrap",
                msg!("pki-envelope-oaep-wrap"),
            )
            .arg("detail", detail),
            E::EnvRsaOaepNoOpen => d(
                BAD_INPUT,
                "pki.envelope.rsa_oaep_no_open",
                msg!("pki-envelope-rsa-oaep-no-open"),
            ),
            E::EnvRsaPkcs1NoOpen => d(
                BAD_INPUT,
                "pki.envelope.rsa_pkcs1_no_open",
                msg!("pki-envelope-rsa-pkcs1-no-open"),
            ),
            E::EnvSm2NoOpen => d(
                BAD_INPUT,
                "pki.envelope.sm2_no_open",
                msg!("pki-envelope-sm2-no-open"),
            ),
            E::EnvKeyMismatch { transport, key } => d(
                BAD_INPUT,
                "pki.envelope.key_mismatch",
                msg!("pki-envelope-key-mismatch"),
            )
            .arg("transport", transport)
            .arg("key", key),
            E::EnvContentKeyLength { got, cipher, want } => d(
                BAD_INPUT,
                "pki.envelope.content_key_length",
                msg!("pki-envelope-content-key-length"),
            )
            .arg("got", *got)
            .arg("cipher", cipher)
            .arg("want", *want),
            E::EnvNotWholeBlocks { bytes, block } => d(
                BAD_INPUT,
                "pki.envelope.not_whole_blocks",
                msg!("pki-envelope-not-whole-blocks"),
            )
            .arg("bytes", *bytes)
            .arg("block", *block),
            E::EnvBadPadding { cipher } => d(
                BAD_INPUT,
                "pki.envelope.bad_padding",
                msg!("pki-envelope-bad-padding"),
            )
            .arg("cipher", cipher),
            E::EnvEncode { what, detail } => {
                d(INTERNAL, "pki.envelope.encode", msg!("pki-envelope-encode"))
                    .arg("what", what)
                    .arg("detail", detail)
            }
            E::EnvSm2Encrypt { detail } => d(
                INTERNAL,
                "pki.envelope.sm2_encrypt",
                msg!("pki-envelope-sm2-encrypt"),
            )
            .arg("detail", detail),
            E::EnvCipherInit => d(
                INTERNAL,
                "pki.envelope.cipher_init",
                msg!("pki-envelope-cipher-init"),
            ),
        }
    }
}
