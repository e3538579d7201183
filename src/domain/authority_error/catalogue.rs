//! What the catalogue says of each authorities-area error: its stable code, exit code,
//! message, hint, rule and the data they quote (i18n/*/pki.ftl).

use super::*;
use crate::i18n::nest;

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

impl Catalogued for AuthorityError {
    fn describe(&self) -> Described {
        use AuthorityError as E;
        match self {
            E::CaCertDamaged { detail } => {
                d(REGISTRY, "ca.cert_damaged", msg!("ca-cert-damaged")).arg("detail", detail)
            }
            E::CaYears { years } => d(BAD_INPUT, "ca.init.years", msg!("ca-init-years"))
                .arg("years", *years)
                .arg("max", 30),
            E::CrlUrlInvalid { url, problem } => {
                d(BAD_INPUT, "crl.url.invalid", msg!("crl-url-invalid"))
                    .hint(msg!("crl-url-invalid-hint"))
                    .arg("url", url)
                    .arg("problem", Arg::Msg(problem.id()))
            }
            E::CrlDirUnusable { dir, detail } => {
                d(BAD_INPUT, "crl.dir.unusable", msg!("crl-dir-unusable"))
                    .arg("dir", dir)
                    .arg("detail", detail)
            }
            E::CrlDirNotDirectory { dir } => d(
                BAD_INPUT,
                "crl.dir.not_directory",
                msg!("crl-dir-not-directory"),
            )
            .hint(msg!("crl-dir-not-directory-hint"))
            .arg("dir", dir),
            E::CrlDirNotUtf8 { dir } => d(BAD_INPUT, "crl.dir.not_utf8", msg!("crl-dir-not-utf8"))
                .hint(msg!("crl-dir-not-utf8-hint"))
                .arg("dir", dir),
            E::CaSetNothing => {
                d(USAGE, "ca.set.nothing", msg!("ca-set-nothing")).hint(msg!("ca-set-nothing-hint"))
            }
            E::CrlBadSerial { cert } => d(
                REGISTRY,
                "crl.issue.bad_serial",
                msg!("crl-issue-bad-serial"),
            )
            .rule(D11)
            .arg("cert", *cert),
            E::CrlNone { ca, ca_id } => d(NOT_FOUND, "crl.show.none", msg!("crl-show-none"))
                .hint(msg!("crl-issue-hint"))
                .arg("ca", ca)
                .arg("ca_id", *ca_id),
            E::CrlDamaged {
                number,
                ca,
                ca_id,
                detail,
            } => d(REGISTRY, "crl.show.damaged", msg!("crl-show-damaged"))
                .hint(msg!("crl-issue-hint"))
                .arg("number", *number)
                .arg("ca", ca)
                .arg("ca_id", *ca_id)
                .arg("detail", detail),
            E::CrlNewerPublished {
                number,
                newer,
                path,
            } => d(
                BAD_INPUT,
                "crl.publish.newer_there",
                msg!("crl-publish-newer-there"),
            )
            .hint(msg!("crl-publish-newer-there-hint"))
            .arg("number", *number)
            .arg("newer", *newer)
            .arg("path", path),
            E::CrlNotPublished {
                why,
                number,
                ca_id,
                path,
            } => d(
                BAD_INPUT,
                "crl.publish.not_written",
                msg!("crl-publish-not-written"),
            )
            .hint(msg!("crl-publish-not-written-hint"))
            .arg("why", why)
            .arg("number", *number)
            .arg("ca_id", *ca_id)
            .arg("path", path),
            E::CrlJsonNeedsOut { show: false } => d(
                USAGE,
                "crl.issue.json_needs_out",
                msg!("crl-issue-json-needs-out"),
            ),
            E::CrlJsonNeedsOut { show: true } => d(
                USAGE,
                "crl.show.json_needs_out",
                msg!("crl-show-json-needs-out"),
            ),
            E::CrlPem { detail } => d(INTERNAL, "crl.pem", msg!("crl-pem")).arg("detail", detail),
            E::TsaPolicyInvalid { policy } => {
                d(BAD_INPUT, "tsa.init.policy", msg!("tsa-init-policy")).arg("policy", policy)
            }
            E::TsaCaUnknownAlgorithm { ca, algo } => d(
                REGISTRY,
                "tsa.init.ca_algorithm",
                msg!("tsa-init-ca-algorithm"),
            )
            .arg("ca", ca)
            .arg("algo", algo),
            E::TsaCaExpired { ca, on } => {
                d(REFUSED, "tsa.init.ca_expired", msg!("tsa-init-ca-expired"))
                    .hint(msg!("tsa-init-ca-expired-hint"))
                    .arg("ca", ca)
                    .arg("on", on)
            }
            E::TsaCaMissing { tsa } => {
                d(REGISTRY, "tsa.ca_missing", msg!("tsa-ca-missing")).arg("tsa", tsa)
            }
            E::TsaPolicyDamaged { tsa } => {
                d(REGISTRY, "tsa.policy_damaged", msg!("tsa-policy-damaged")).arg("tsa", tsa)
            }
            E::TsaCertExpired { tsa, from, until } => {
                d(REFUSED, "tsa.stamp.not_valid", msg!("tsa-stamp-not-valid"))
                    .hint(msg!("tsa-stamp-not-valid-hint"))
                    .arg("tsa", tsa)
                    .arg("from", from)
                    .arg("until", until)
            }
            E::TsaSerialCounter { tsa } => d(
                REGISTRY,
                "tsa.stamp.serial_counter",
                msg!("tsa-stamp-serial-counter"),
            )
            .arg("tsa", tsa),
            E::TsaIssueFailed { source } => nest(
                d(INTERNAL, "tsa.stamp.failed", msg!("tsa-stamp-failed")),
                "reason",
                source,
            ),
            E::TsaDigestLength { alg, want, got } => d(
                INTERNAL,
                "tsa.stamp.digest_length",
                msg!("tsa-stamp-digest-length"),
            )
            .arg("alg", alg)
            .arg("want", *want)
            .arg("got", *got),
            E::TsaListen { addr, detail } => d(USAGE, "tsa.serve.listen", msg!("tsa-serve-listen"))
                .hint(msg!("tsa-serve-listen-hint"))
                .arg("addr", addr)
                .arg("detail", detail),
            E::TsaTimeoutRange { timeout } => {
                d(USAGE, "tsa.check.timeout", msg!("tsa-check-timeout"))
                    .arg("timeout", *timeout)
                    .arg("max", 600)
            }
            E::CertFileUnreadable { flag, path, detail } => d(
                BAD_INPUT,
                "tsa.check.not_certificate",
                msg!("tsa-check-not-certificate"),
            )
            .arg("flag", flag)
            .arg("path", path)
            .arg("detail", detail),
            E::TokenInvalid { problem } if problem.is_not_a_token() => nest(
                d(
                    BAD_INPUT,
                    "tsa.check.not_a_token",
                    msg!("tsa-check-not-a-token"),
                )
                .hint(msg!("tsa-check-not-a-token-hint")),
                "why",
                problem,
            ),
            E::TokenInvalid { problem } => nest(
                d(CHECK_FAILED, "tsa.check.invalid", msg!("tsa-check-invalid")),
                "why",
                problem,
            ),
            E::TokenCertUnreadable { detail } => d(
                BAD_INPUT,
                "tsa.check.cert_unreadable",
                msg!("tsa-check-cert-unreadable"),
            )
            .arg("detail", detail),
            E::TokenCertNotValidThen { subject, at } => d(
                CHECK_FAILED,
                "tsa.check.cert_not_valid_then",
                msg!("tsa-check-cert-not-valid-then"),
            )
            .arg("subject", subject)
            .arg("at", at),
            E::TokenIssuerNotAnchor { subject, why } => nest(
                d(
                    CHECK_FAILED,
                    "tsa.check.issuer_not_anchor",
                    msg!("tsa-check-issuer-not-anchor"),
                )
                .hint(msg!("anchor-restore-hint"))
                .arg("subject", subject),
                "why",
                why,
            ),
            E::TokenCertExpired { subject, on } => d(
                CHECK_FAILED,
                "tsa.check.cert_expired",
                msg!("tsa-check-cert-expired"),
            )
            .hint(msg!("tsa-check-cert-expired-hint"))
            .arg("subject", subject)
            .arg("on", on),
            E::TokenUntrusted {
                subject,
                issuer,
                registry: true,
            } => d(
                CHECK_FAILED,
                "tsa.check.untrusted",
                msg!("tsa-check-untrusted-registry"),
            )
            .hint(msg!("tsa-check-untrusted-registry-hint"))
            .arg("subject", subject)
            .arg("issuer", issuer),
            E::TokenUntrusted {
                subject,
                issuer,
                registry: false,
            } => d(
                CHECK_FAILED,
                "tsa.check.untrusted",
                msg!("tsa-check-untrusted-trust"),
            )
            .arg("subject", subject)
            .arg("issuer", issuer),
            E::TokenReplyRejected => d(
                CHECK_FAILED,
                "tsa.check.reply_rejected",
                msg!("tsa-check-reply-rejected"),
            ),
            E::TokenReplyEmpty => d(
                BAD_INPUT,
                "tsa.check.reply_empty",
                msg!("tsa-check-reply-empty"),
            ),
            E::TokenUnreadable { detail } => d(
                BAD_INPUT,
                "tsa.check.token_unreadable",
                msg!("tsa-check-token-unreadable"),
            )
            .arg("detail", detail),
            E::SettingDamaged { key, raw, zone } => {
                d(REGISTRY, "config.damaged", msg!("config-damaged"))
                    .arg("key", key)
                    .arg("raw", raw)
                    .arg("want", if *zone { "zone" } else { "number" })
            }
            E::SettingUnknown { key, known } => {
                d(BAD_INPUT, "config.unknown", msg!("config-unknown"))
                    .hint(msg!("config-list-hint"))
                    .arg("key", key)
                    .arg("known", known)
            }
            E::SettingMissing { key } => {
                d(INTERNAL, "config.missing", msg!("config-missing")).arg("key", key)
            }
            E::SettingNotNumber { key, value } => {
                d(BAD_INPUT, "config.not_number", msg!("config-not-number"))
                    .arg("key", key)
                    .arg("value", value)
            }
            E::SettingBelowFloor { key, value, floor } => {
                d(BAD_INPUT, "config.below_floor", msg!("config-below-floor"))
                    .hint(msg!("config-below-floor-hint"))
                    .arg("key", key)
                    .arg("value", *value)
                    .arg("floor", *floor)
            }
            E::SettingOutOfRange {
                key,
                value,
                min,
                max,
            } => d(
                BAD_INPUT,
                "config.out_of_range",
                msg!("config-out-of-range"),
            )
            .arg("key", key)
            .arg("value", *value)
            .arg("min", *min)
            .arg("max", *max),
            E::ClockInvalid { value, detail } => d(
                USAGE,
                "config.time.invalid_now",
                msg!("config-time-invalid-now"),
            )
            .arg("value", value)
            .arg("detail", detail),
            E::TimeZoneInvalid { value } => d(
                BAD_INPUT,
                "config.time.invalid_zone",
                msg!("config-time-invalid-zone"),
            )
            .arg("value", value),
            E::DateInvalid { flag, value } => d(
                BAD_INPUT,
                "config.time.invalid_date",
                msg!("config-time-invalid-date"),
            )
            .arg("flag", flag)
            .arg("value", value),
            E::DurationInvalid { flag, value } => d(
                BAD_INPUT,
                "config.time.invalid_duration",
                msg!("config-time-invalid-duration"),
            )
            .arg("flag", flag)
            .arg("value", value),
            E::HistoryKeyNotLoaded => d(INTERNAL, "log.key_not_loaded", msg!("log-key-not-loaded")),
            E::Unproven { person } => d(REFUSED, "log.unproven", msg!("log-unproven"))
                .hint(msg!("log-unproven-hint"))
                .rule(D21)
                .arg("person", person),
            E::RekeyRefused { problem } => problem
                .args(d(REGISTRY, "log.rekey.refused", msg!("log-rekey-refused")))
                .hint(msg!("log-restore-hint"))
                .rule(D21),
            E::HeadInvalid { head } => d(
                USAGE,
                "log.verify.head_invalid",
                msg!("log-verify-head-invalid"),
            )
            .arg("head", head),
            E::HistoryAltered { first, total } => {
                let mut described = d(
                    CHECK_FAILED,
                    "log.verify.altered",
                    msg!("log-verify-altered"),
                )
                .rule(D21)
                .arg("total", *total);
                if *total > 1 {
                    described = described.hint(msg!("log-verify-altered-more-hint"));
                }
                nest(described, "finding", first)
            }
            E::EnvelopeCertDamaged { cert, detail } => d(
                REGISTRY,
                "envelope.cert_damaged",
                msg!("envelope-cert-damaged"),
            )
            .arg("cert", *cert)
            .arg("detail", detail),
            E::EncryptSuperseded {
                cert,
                successor: Some(next),
            } => d(
                REFUSED,
                "envelope.encrypt.superseded",
                msg!("envelope-encrypt-superseded"),
            )
            .hint(msg!("envelope-encrypt-superseded-hint"))
            .rule(D8)
            .arg("cert", *cert)
            .arg("next", *next),
            E::EncryptSuperseded {
                cert,
                successor: None,
            } => d(
                REFUSED,
                "envelope.encrypt.superseded",
                msg!("envelope-encrypt-superseded-unknown"),
            )
            .hint(msg!("envelope-encrypt-superseded-unknown-hint"))
            .rule(D8)
            .arg("cert", *cert),
            E::EncryptFrozen { cert } => d(
                REFUSED,
                "envelope.encrypt.frozen",
                msg!("envelope-encrypt-frozen"),
            )
            .hint(msg!("envelope-encrypt-frozen-hint"))
            .rule(D11)
            .arg("cert", *cert),
            E::EncryptLocked { cert } => d(
                REFUSED,
                "envelope.encrypt.locked",
                msg!("envelope-encrypt-locked"),
            )
            .hint(msg!("envelope-encrypt-locked-hint"))
            .rule(D11)
            .arg("cert", *cert)
            .arg("attempts", crate::domain::rules::PIN_ATTEMPTS),
            E::RecipientFile {
                name,
                problem,
                detail,
            } => d(
                BAD_INPUT,
                "envelope.encrypt.recipient_file",
                msg!("envelope-encrypt-recipient-file"),
            )
            .arg("name", name)
            .arg("problem", Arg::Msg(problem.id()))
            .arg("detail", detail),
            E::RecipientForged { name, cert } => d(
                BAD_INPUT,
                "envelope.encrypt.forged",
                msg!("envelope-encrypt-forged"),
            )
            .arg("name", name)
            .arg("cert", *cert),
            E::EncryptExpired { on } => d(
                REFUSED,
                "envelope.encrypt.expired",
                msg!("envelope-encrypt-expired"),
            )
            .rule(D12)
            .arg("on", on),
            E::EncryptNotYetValid { from } => d(
                REFUSED,
                "envelope.encrypt.not_yet_valid",
                msg!("envelope-encrypt-not-yet-valid"),
            )
            .arg("from", from),
            E::RecipientNotFound { to, id: true } => d(
                NOT_FOUND,
                "envelope.encrypt.no_recipient",
                msg!("envelope-encrypt-no-recipient-id"),
            )
            .hint(msg!("envelope-encrypt-no-recipient-hint"))
            .arg("to", to),
            E::RecipientNotFound { to, id: false } => d(
                NOT_FOUND,
                "envelope.encrypt.no_recipient",
                msg!("envelope-encrypt-no-recipient-file"),
            )
            .arg("to", to),
            E::DocumentUnreadable { path, detail } => d(
                BAD_INPUT,
                "envelope.document.unreadable",
                msg!("envelope-document-unreadable"),
            )
            .arg("path", path)
            .arg("detail", detail),
            E::DocumentIsDirectory { path } => d(
                BAD_INPUT,
                "envelope.document.directory",
                msg!("envelope-document-directory"),
            )
            .arg("path", path),
            E::DocumentTooLarge { path, limit } => d(
                BAD_INPUT,
                "envelope.document.too_large",
                msg!("envelope-document-too-large"),
            )
            .arg("path", path)
            .arg("limit", limit),
            E::DecryptUnreadable { file, source } => nest(
                d(
                    BAD_INPUT,
                    "envelope.decrypt.unreadable",
                    msg!("envelope-decrypt-unreadable"),
                )
                .arg("file", file),
                "reason",
                source,
            ),
            E::DecryptNotForCert {
                cert,
                first,
                others,
            } => first.args(
                d(
                    REFUSED,
                    "envelope.decrypt.not_for_cert",
                    msg!("envelope-decrypt-not-for-cert"),
                )
                .rule(D20)
                .arg("cert", *cert)
                .arg("others", *others),
            ),
            E::DecryptKeyChanged {
                cert,
                made_for,
                serial,
                how,
            } => d(
                REFUSED,
                "envelope.decrypt.key_changed",
                msg!("envelope-decrypt-key-changed"),
            )
            .hint(msg!("envelope-decrypt-key-changed-hint"))
            .rule(D10)
            .arg("cert", *cert)
            .arg("made_for", *made_for)
            .arg("serial", serial)
            .arg("how", Arg::Msg(how.id())),
            E::DecryptKeyDoesNotOpen { cert, source } => nest(
                d(
                    BAD_INPUT,
                    "envelope.decrypt.key_does_not_open",
                    msg!("envelope-decrypt-key-does-not-open"),
                )
                .rule(D10)
                .arg("cert", *cert),
                "reason",
                source,
            ),
            E::DecryptContentDamaged { source } => nest(
                d(
                    BAD_INPUT,
                    "envelope.decrypt.damaged",
                    msg!("envelope-decrypt-damaged"),
                ),
                "reason",
                source,
            ),
            E::DecryptFailed { source } => nest(
                d(
                    BAD_INPUT,
                    "envelope.decrypt.failed",
                    msg!("envelope-decrypt-failed"),
                ),
                "reason",
                source,
            ),
            E::DemoDirTaken { dir } => d(REFUSED, "demo.dir_taken", msg!("demo-dir-taken"))
                .hint(msg!("demo-dir-taken-hint"))
                .arg("dir", dir),
            E::DemoDirUnusable { detail } => {
                d(INTERNAL, "demo.dir", msg!("demo-dir-unusable")).arg("detail", detail)
            }
            E::ManDirUnusable { dir, detail } => d(BAD_INPUT, "man.dir", msg!("man-dir-unusable"))
                .arg("dir", dir)
                .arg("detail", detail),
            E::Invariant { what } => {
                d(INTERNAL, "authority.internal", msg!("authority-internal")).arg("what", what)
            }
        }
    }
}
