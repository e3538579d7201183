//! `catool ses sign`: a stamp as GB/T 38540 defines them (SES_Signature, the .ses file); the
//! checks are `crate::domain::ses_sign`'s.

use std::path::PathBuf;

use clap::Args;

use super::Context;
use super::ca::say;
use super::output::show_path;
use crate::domain::ses_sign;
use crate::error::Result;
use crate::fsutil::write_atomic;
use crate::i18n::Arg;
use crate::model::Id;
use crate::msg;

/// `ses sign`.
#[derive(Debug, Args)]
pub struct SesSignArgs {
    /// The file to stamp (hashed, never changed)
    file: PathBuf,
    /// Seal id: assigned to the certificate (its .esl lists it)
    #[arg(long)]
    seal: Id,
    /// The signing certificate (the holder's own; D20)
    #[arg(long)]
    cert: Id,
    /// File holding the certificate's PIN (- for stdin; default $CATOOL_PIN)
    #[arg(long)]
    pin_file: Option<PathBuf>,
    /// The .ses file to write [default: FILE.ses]
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long, help = super::FORCE_HELP)]
    force: bool,
}

pub fn run(ctx: &Context, a: SesSignArgs) -> Result<()> {
    let SesSignArgs {
        file,
        seal,
        cert,
        pin_file,
        out,
        force,
    } = a;
    let path = out.unwrap_or_else(|| {
        let mut p = file.clone().into_os_string();
        p.push(".ses");
        PathBuf::from(p)
    });
    // Checked before the PIN is read or tried: a refused output costs no attempt.
    let mut rules = ctx.output_rules(super::existing(force));
    rules.input("FILE", &file);
    if let Some(p) = &pin_file {
        rules.input("--pin-file", p);
    }
    let target = rules.check("--out", &path)?;
    let data = super::read_input_file("FILE", &file)?;
    let pin = super::read_pin("--pin-file", pin_file.as_deref())?;
    let (mut reg, actor) = ctx.open_as_signer()?;
    let master = ctx.master_key(&mut reg)?;
    let input = file.to_string_lossy();
    let output = path.to_string_lossy();
    let stamped = ses_sign::sign(
        &mut reg, &actor, &master, &input, &data, &output, seal, cert, &pin,
    )?;
    write_atomic(&target, &stamped.der, 0o644)?;
    let v = serde_json::json!({ "input": file, "output": path, "stamp": stamped });
    ctx.out.emit(&v, |_| {
        say(
            msg!("ses-signed"),
            &[
                ("input", Arg::Text(show_path(&file))),
                ("seal", Arg::from(seal)),
                ("esid", Arg::from(stamped.es_id.as_str())),
                ("cert", Arg::from(cert)),
                ("hash", Arg::from(stamped.hash)),
                ("output", Arg::Text(show_path(&path))),
            ],
        )
    })
}
