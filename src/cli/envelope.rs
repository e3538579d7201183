//! `catool encrypt` and `catool decrypt`: documents for bids encrypted to a certificate and
//! decrypted with its key and PIN (D20, 扫码加密/解密).

use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;

use super::Context;
use super::ca::say;
use super::output::term_safe;
use crate::domain::authority_error::AuthorityError as E;
use crate::domain::envelope::{self, Recipient};
use crate::error::Result;
use crate::fsutil::write_atomic;
use crate::i18n::Arg;
use crate::model::Id;
use crate::msg;

/// Largest document `encrypt` and `decrypt` read (it is held in memory).
const MAX_INPUT: u64 = 2 * 1024 * 1024 * 1024;

#[derive(Debug, Args)]
pub struct EncryptArgs {
    /// Recipient: a certificate id in the registry, or a PEM/DER certificate file
    #[arg(long, value_name = "CERT")]
    to: String,
    /// Write PEM (-----BEGIN CMS-----) instead of DER
    #[arg(long)]
    pem: bool,
    /// Document to encrypt
    input: PathBuf,
    /// Encrypted document to write (CMS EnvelopedData; RSA: RSAES-OAEP + AES-256-CBC,
    /// SM2: sm2encrypt + SM4-CBC)
    output: PathBuf,
    #[arg(long, help = super::FORCE_HELP)]
    force: bool,
}

#[derive(Debug, Args)]
pub struct DecryptArgs {
    /// Certificate whose key opens the document
    #[arg(long)]
    cert: Id,
    /// File holding the PIN (- for stdin; default: $CATOOL_PIN). Wrong PINs count (D11)
    #[arg(long, value_name = "FILE")]
    pin_file: Option<PathBuf>,
    /// Encrypted document (DER, BER or PEM CMS EnvelopedData)
    input: PathBuf,
    /// Where to write the decrypted document (0600)
    output: PathBuf,
    #[arg(long, help = super::FORCE_HELP)]
    force: bool,
}

#[derive(Serialize)]
struct Report<'a, T: Serialize> {
    output: String,
    /// Bytes written to `output`.
    bytes: usize,
    #[serde(flatten)]
    result: &'a T,
}

/// Reads the document named on the command line (at most `MAX_INPUT` bytes).
fn read_document(path: &Path) -> Result<Vec<u8>> {
    let fail = |e: std::io::Error| E::DocumentUnreadable {
        path: show(path),
        detail: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(fail)?;
    if meta.is_dir() {
        return Err(E::DocumentIsDirectory { path: show(path) }.into());
    }
    // Bounded by reading, not by the size the file claims: /dev/zero claims 0 bytes.
    let file = std::fs::File::open(path).map_err(fail)?;
    crate::input::read_capped(file, MAX_INPUT)
        .map_err(fail)?
        .ok_or_else(|| {
            E::DocumentTooLarge {
                path: show(path),
                limit: crate::input::human(MAX_INPUT),
            }
            .into()
        })
}

fn show(p: &Path) -> String {
    p.display().to_string()
}

pub fn encrypt(ctx: &Context, a: EncryptArgs) -> Result<()> {
    let mut rules = ctx.output_rules(super::existing(a.force));
    rules.input("INPUT", &a.input);
    if Path::new(&a.to).is_file() {
        rules.input("--to", Path::new(&a.to));
    }
    let target = rules.check("OUTPUT", &a.output)?;
    let plaintext = read_document(&a.input)?;
    let (mut reg, actor) = ctx.open_as()?;
    let file_bytes;
    let to = match a.to.parse::<Id>() {
        Ok(id) if envelope::registry_has(&mut reg, id)? => Recipient::Registry(id),
        parsed => {
            let path = Path::new(&a.to);
            if !path.exists() {
                return Err(E::RecipientNotFound {
                    to: a.to.clone(),
                    id: parsed.is_ok(),
                }
                .into());
            }
            file_bytes = super::read_cert_file("--to", path)?;
            Recipient::File {
                bytes: &file_bytes,
                name: &a.to,
            }
        }
    };
    let (input, output) = (show(&a.input), show(&a.output));
    let mut enc = envelope::encrypt(&mut reg, &actor, to, &plaintext, (&input, &output))?;
    drop(plaintext);
    let document = if a.pem {
        crate::pki::envelope::to_pem(&enc.document)?.into_bytes()
    } else {
        std::mem::take(&mut enc.document)
    };
    write_atomic(&target, &document, 0o644)?;
    for w in &enc.warnings {
        ctx.out.note(say(
            msg!("envelope-warning-line"),
            &[("message", w.to_string().into())],
        ));
    }
    let report = Report {
        output,
        bytes: document.len(),
        result: &enc,
    };
    ctx.out.emit(&report, |r| {
        let args = [
            ("input", term_safe(&input).into()),
            (
                "input_bytes",
                Arg::Num(crate::pki::error::num(r.result.input_bytes)),
            ),
            ("cert", Arg::Num(r.result.recipient.cert_id.unwrap_or(0))),
            ("subject", term_safe(&r.result.recipient.subject).into()),
            ("serial", r.result.recipient.serial.as_str().into()),
            ("output", term_safe(&r.output).into()),
            ("bytes", Arg::Num(crate::pki::error::num(r.bytes))),
            ("key_encryption", r.result.key_encryption.as_str().into()),
            (
                "content_encryption",
                r.result.content_encryption.as_str().into(),
            ),
        ];
        let id = match r.result.recipient.cert_id {
            Some(_) => msg!("envelope-encrypt-done"),
            None => msg!("envelope-encrypt-done-file"),
        };
        say(id, &args)
    })
}

pub fn decrypt(ctx: &Context, a: DecryptArgs) -> Result<()> {
    // Checked before the PIN: a refused output costs no PIN attempt.
    let mut rules = ctx.output_rules(super::existing(a.force));
    rules.input("INPUT", &a.input);
    if let Some(p) = &a.pin_file {
        rules.input("--pin-file", p);
    }
    let target = rules.check("OUTPUT", &a.output)?;
    let pin = super::read_pin("--pin-file", a.pin_file.as_deref())?;
    let document = read_document(&a.input)?;
    let (mut reg, actor) = ctx.open_as_signer()?;
    let master = ctx.master_key(&mut reg)?;
    let (input, output) = (show(&a.input), show(&a.output));
    let dec = envelope::decrypt(
        &mut reg,
        &actor,
        &master,
        a.cert,
        &pin,
        &document,
        (&input, &output),
    )?;
    drop(document);
    write_atomic(&target, &dec.plaintext, 0o600)?;
    let report = Report {
        output,
        bytes: dec.plaintext.len(),
        result: &dec,
    };
    ctx.out.emit(&report, |r| {
        let mut args = vec![
            ("input", term_safe(&input).into()),
            ("cert", Arg::Num(a.cert)),
            ("output", term_safe(&r.output).into()),
            ("bytes", Arg::Num(crate::pki::error::num(r.bytes))),
        ];
        match &r.result.encrypted_to {
            None => say(msg!("envelope-decrypt-done"), &args),
            Some(t) => {
                args.push(("made_for", Arg::Num(t.cert_id.unwrap_or(0))));
                args.push(("serial", t.serial.as_str().into()));
                say(msg!("envelope-decrypt-done-kept-key"), &args)
            }
        }
    })
}
