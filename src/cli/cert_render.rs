//! The human output of `catool cert …` (never JSON): the lines a command answers with, the
//! `cert show` view, the `cert list` table and the PIN-only PKCS#12 warning, every word from
//! the catalogue (`i18n/*/catool.ftl`) in the chosen language.

use std::path::Path;

use super::output::{opt, show_path, term_safe};
use super::{labelled, say, table};
use crate::domain::cert::{self, CertView, ListRow};
use crate::i18n::{Arg, tr};
use crate::model::{Cert, CertKind, Id, PersonRef};
use crate::msg;

use super::cert::ProfileArg;

/// A count as a message argument.
fn num(n: impl TryInto<i64>) -> Arg {
    Arg::Num(n.try_into().unwrap_or(i64::MAX))
}

/// What an absent value shows as.
fn none() -> String {
    tr(msg!("value-none"))
}

/// A person's name for a human line.
pub(super) fn person_name(p: &Option<PersonRef>) -> String {
    p.as_ref().map_or_else(none, |p| term_safe(&p.name))
}

/// `王芳 (person 3)`.
fn person_ref(p: &Option<PersonRef>) -> String {
    p.as_ref()
        .map_or_else(none, |p| super::org::person_ref(&p.name, p.id))
}

/// A certificate kind in the chosen language.
pub(super) fn kind_label(kind: CertKind) -> String {
    tr(match kind {
        CertKind::Enterprise => msg!("kind-enterprise"),
        CertKind::Personal => msg!("kind-personal"),
    })
}

/// A revocation reason (as stored, RFC 5280's names) in the chosen language; one catool
/// does not know is shown as stored.
fn reason_label(reason: &str) -> String {
    let id = match reason {
        "unspecified" => msg!("revoke-reason-unspecified"),
        "key-compromise" => msg!("revoke-reason-key-compromise"),
        "affiliation-changed" => msg!("revoke-reason-affiliation-changed"),
        "superseded" => msg!("revoke-reason-superseded"),
        "cessation-of-operation" => msg!("revoke-reason-cessation-of-operation"),
        other => return term_safe(other),
    };
    tr(id)
}

/// `certificate 12 — CN=李娜 — active (365 days left), serial 7F3A`.
pub(super) fn cert_line(v: &CertView) -> String {
    say(
        msg!("cert-line"),
        &[
            ("cert", Arg::Num(v.cert.id)),
            ("subject", Arg::Text(term_safe(&v.cert.subject_dn))),
            ("state", Arg::Text(v.label.clone())),
            ("days", Arg::Num(v.days_left)),
            ("serial", Arg::from(&v.cert.serial_hex)),
        ],
    )
}

/// `slot 3 assigned: owner 王芳, holder 李娜; next: …`, the next command with `--ca` when
/// the registry has `cas` CAs to choose from (`cert issue` refuses to guess).
pub(super) fn assigned(s: &crate::model::Slot, cas: usize) -> String {
    say(
        if cas > 1 {
            msg!("cert-assigned-pick-ca")
        } else {
            msg!("cert-assigned")
        },
        &[
            ("slot", Arg::Num(s.id)),
            ("owner", Arg::Text(person_name(&s.owner))),
            ("holder", Arg::Text(person_name(&s.holder))),
            ("cas", Arg::Num(cas as i64)),
        ],
    )
}

/// The line of a command that changed certificate `c`: `cert-revoked-line` … with the
/// certificate's id (and, where the entry quotes them, its holder and binding).
pub(super) fn changed(id: &'static str, c: &Cert) -> String {
    say(
        id,
        &[
            ("cert", Arg::Num(c.id)),
            ("holder", Arg::Text(person_name(&c.holder))),
            ("account", Arg::Text(person_name(&c.bound))),
            ("at", Arg::Text(opt(&c.bound_at))),
            ("until", Arg::Text(c.not_after.to_string())),
        ],
    )
}

/// `certificate 3 revoked: key compromise`.
pub(super) fn revoked(c: &Cert, reason: &str) -> String {
    say(
        msg!("cert-revoked-line"),
        &[
            ("cert", Arg::Num(c.id)),
            ("reason", Arg::Text(reason_label(reason))),
        ],
    )
}

/// The line of `cert issue` / `cert import` (`id`) with the certificate made, and the
/// PKCS#12 file written (`p12`: its path and profile).
pub(super) fn made(id: &'static str, v: &CertView, p12: Option<(&Path, ProfileArg)>) -> String {
    let mut s = say(id, &[("line", Arg::Text(cert_line(v)))]);
    if let Some((path, profile)) = p12 {
        s.push('\n');
        s.push_str(&p12_written(path, profile));
    }
    s
}

/// The line of `cert reissue` / `cert extend` (`id`): certificate `old` is now `v`.
pub(super) fn replaced(
    id: &'static str,
    old: Id,
    v: &CertView,
    p12: Option<(&Path, ProfileArg)>,
) -> String {
    let mut s = say(
        id,
        &[("cert", Arg::Num(old)), ("line", Arg::Text(cert_line(v)))],
    );
    if let Some((path, profile)) = p12 {
        s.push('\n');
        s.push_str(&p12_written(path, profile));
    }
    s
}

fn p12_written(path: &Path, profile: ProfileArg) -> String {
    say(
        msg!("cert-p12-written"),
        &[
            ("profile", Arg::from(profile.as_str())),
            ("path", Arg::Text(show_path(path))),
        ],
    )
}

/// `cert show PERSON` for a person with no or several certificates.
pub(super) fn of_person(person: &PersonRef, certificates: &[ListRow]) -> String {
    let who = Arg::Text(super::org::person_ref(&person.name, person.id));
    if certificates.is_empty() {
        return say(msg!("cert-person-none"), &[("person", who)]);
    }
    let mut s = say(
        msg!("cert-person-several"),
        &[("person", who), ("count", num(certificates.len()))],
    );
    s.push('\n');
    s.push_str(&list_table(certificates));
    s
}

/// The `cert show` view of one certificate.
pub(super) fn show(v: &CertView) -> String {
    let c = &v.cert;
    let id = |i: Option<Id>| i.map_or_else(none, |i| i.to_string());
    labelled(vec![
        (msg!("field-id"), c.id.to_string()),
        (msg!("cert-field-state"), v.label.clone()),
        (msg!("cert-field-kind"), kind_label(c.kind)),
        (msg!("cert-field-subject"), c.subject_dn.clone()),
        (msg!("cert-field-issuer"), c.issuer_dn.clone()),
        (msg!("cert-field-serial"), c.serial_hex.clone()),
        (msg!("cert-field-algorithm"), c.algo.to_string()),
        (
            msg!("cert-field-valid"),
            say(
                msg!("cert-valid-period"),
                &[
                    ("from", Arg::Text(c.not_before.to_string())),
                    ("until", Arg::Text(c.not_after.to_string())),
                    ("days", Arg::Num(v.days_left)),
                ],
            ),
        ),
        (msg!("cert-field-owner"), person_ref(&c.owner)),
        (msg!("cert-field-holder"), person_ref(&c.holder)),
        (
            msg!("cert-field-bound"),
            c.bound.as_ref().map_or_else(none, |p| {
                say(
                    msg!("cert-bound-since"),
                    &[
                        ("account", Arg::from(&p.name)),
                        ("at", Arg::Text(opt(&c.bound_at))),
                    ],
                )
            }),
        ),
        (
            msg!("cert-field-wrong-pins"),
            say(
                msg!("cert-wrong-pins"),
                &[
                    ("count", Arg::Num(c.wrong_pins)),
                    ("max", Arg::Num(crate::domain::keystore::PIN_ATTEMPTS)),
                ],
            ),
        ),
        (
            msg!("cert-field-revoked"),
            c.revoked_at.as_ref().map_or_else(none, |at| {
                say(
                    msg!("cert-revoked-at"),
                    &[
                        ("at", Arg::Text(at.to_string())),
                        (
                            "reason",
                            Arg::Text(c.revoke_reason.as_deref().map_or_else(none, reason_label)),
                        ),
                    ],
                )
            }),
        ),
        (msg!("cert-field-replaces"), id(c.replaces_cert_id)),
        (msg!("cert-field-replaced-by"), id(c.replaced_by)),
        (msg!("cert-field-sha256"), v.sha256_fingerprint.clone()),
    ])
}

/// The `cert list` table (also `cert show PERSON` with several certificates).
pub(super) fn list_table(rows: &[ListRow]) -> String {
    let mut t = table(&[
        msg!("col-cert"),
        msg!("col-slot"),
        msg!("col-kind"),
        msg!("col-owner"),
        msg!("col-holder"),
        msg!("col-state"),
        msg!("col-algo"),
        msg!("col-until"),
        msg!("col-days"),
        msg!("col-serial"),
        msg!("col-replaces"),
        msg!("col-replaced-by"),
    ]);
    let id = |i: Option<Id>| i.map_or_else(none, |i| i.to_string());
    for r in rows {
        t.row(vec![
            id(r.cert_id),
            id(r.slot_id),
            kind_label(r.kind),
            opt(&r.owner),
            opt(&r.holder),
            r.label.clone(),
            opt(&r.algo.map(|a| a.to_string())),
            opt(&r.not_after),
            id(r.days_left),
            opt(&r.serial),
            id(r.replaces),
            id(r.replaced_by),
        ]);
    }
    t.render()
}

/// What a PIN-only PKCS#12 is: a file (its path) or every file of a batch.
pub(super) enum PinOnly<'a> {
    File(&'a Path),
    Batch,
}

/// The loud warning for a PKCS#12 protected by the PIN alone, with what trying all PINs
/// costs, measured now on this machine (printed even with --quiet: it is about a secret).
pub(super) fn warn_pin_only(what: PinOnly, profile: ProfileArg) {
    let profile = cert::p12_profile(profile == ProfileArg::Legacy);
    let cost = match cert::pin_only_p12_cost(&profile) {
        Ok(c) => say(
            msg!("cert-p12-pin-only-cost"),
            &[
                ("duration", Arg::Text(human_duration(c.all_pins))),
                (
                    "ms",
                    Arg::Text(format!("{:.1}", c.per_guess.as_secs_f64() * 1000.0)),
                ),
                ("iterations", Arg::Text(thousands(c.iterations))),
            ],
        ),
        Err(_) => tr(msg!("cert-p12-pin-only-cost-unknown")),
    };
    let what = match what {
        PinOnly::File(p) => Arg::Text(show_path(p)),
        PinOnly::Batch => Arg::Msg(msg!("cert-p12-pin-only-batch")),
    };
    let pins = 10_i64.pow(u32::try_from(crate::domain::rules::PIN_DIGITS).unwrap_or(6));
    super::output::stderr(&say(
        msg!("cert-p12-pin-only"),
        &[
            ("what", what),
            ("digits", num(crate::domain::rules::PIN_DIGITS)),
            ("pins", Arg::Text(thousands(pins))),
            ("cost", Arg::Text(cost)),
            ("min", num(cert::MIN_EXPORT_PASSWORD_CHARS)),
        ],
    ));
}

/// `1234567` → `1,234,567`.
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A duration as people say it: seconds, minutes, hours or days.
fn human_duration(d: std::time::Duration) -> String {
    let s = d.as_secs_f64();
    let whole = |n: f64| Arg::Num(n.round() as i64);
    let tenths = |n: f64| Arg::Text(format!("{n:.1}"));
    let (id, n) = if s < 120.0 {
        (msg!("duration-seconds"), whole(s))
    } else if s < 2.0 * 3600.0 {
        (msg!("duration-minutes"), whole(s / 60.0))
    } else if s < 2.0 * 86_400.0 {
        (msg!("duration-hours"), tenths(s / 3600.0))
    } else {
        (msg!("duration-days"), tenths(s / 86_400.0))
    };
    say(id, &[("n", n)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, text};

    #[test]
    fn a_duration_is_said_in_the_largest_fitting_unit() {
        use std::time::Duration;
        assert_eq!(human_duration(Duration::from_secs(90)), "90 seconds");
        assert_eq!(human_duration(Duration::from_secs(600)), "10 minutes");
        assert_eq!(human_duration(Duration::from_secs(3 * 3600)), "3.0 hours");
        assert_eq!(human_duration(Duration::from_secs(3 * 86_400)), "3.0 days");
        let days = [("n", Arg::Text("3.0".into()))];
        assert_eq!(text(Lang::ZhCn, msg!("duration-days"), &days), "3.0 天");
    }

    #[test]
    fn thousands_are_grouped_by_commas() {
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(600), "600");
    }
}
