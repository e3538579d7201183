//! The demo's electronic seals as GB/T 38540 defines them (issue 19): the seal-making
//! authority of the enterprise certificate's CA, each seal exported as an `.esl` (SES_Seal V4
//! it signs), and the contract stamped as an `.ses` (SES_Signature V4) with the contract seal
//! and the enterprise certificate, which its certList holds.

use super::{Demo, E};
use crate::domain::{Actor, seal_esl, seal_maker, ses_sign};
use crate::error::Result;
use crate::i18n::Arg;
use crate::model::Seal;
use crate::msg;
use crate::pki::pin::Pin;
use crate::pki::vault::MasterKey;

/// The maker, the seals' `.esl` files, and the contract's `.ses` by `cert_id` with the seal
/// `contract_seal` (assigned to it), `pin_file` its PIN.
pub(super) fn makers_and_ses(
    d: &mut Demo,
    master: &MasterKey,
    signer: &Actor,
    seals: &[Seal],
    (cert_id, ca_id, pin_file): (i64, i64, &str),
    (contract_seal, contract): (i64, &[u8]),
) -> Result<()> {
    let ca = ca_id.to_string();
    let maker = seal_maker::init(&mut d.reg, &d.operator, master, Some(&ca), None)?;
    d.step(
        msg!("seal-demo-maker"),
        &[
            ("id", Arg::Num(maker.id)),
            ("name", maker.name.as_str().into()),
            ("algo", maker.algo.as_str().into()),
        ],
    );
    for seal in seals {
        let (der, view) = seal_esl::export(&mut d.reg, &d.operator, master, seal.id)?;
        let path = d.write(&format!("seal-{}.esl", seal.id), &der, 0o644)?;
        d.step(
            msg!("seal-demo-esl"),
            &[
                ("id", Arg::Num(seal.id)),
                ("esid", view.es_id.as_str().into()),
                (
                    "certs",
                    Arg::Num(crate::pki::error::num(view.cert_list.len())),
                ),
                ("path", path.display().to_string().into()),
            ],
        );
    }
    let pin_bytes =
        std::fs::read(d.dir.join(pin_file)).map_err(|e| E::invariant(&format!("demo PIN: {e}")))?;
    let pin = Pin::parse(pin_file, &pin_bytes)?;
    let input = d.dir.join("contract.pdf").to_string_lossy().into_owned();
    let output = d.dir.join("contract.pdf.ses");
    let stamped = ses_sign::sign(
        &mut d.reg,
        signer,
        master,
        &input,
        contract,
        &output.to_string_lossy(),
        contract_seal,
        cert_id,
        &pin,
    )?;
    let path = d.write("contract.pdf.ses", &stamped.der, 0o644)?;
    d.step(
        msg!("seal-demo-ses"),
        &[
            ("seal", Arg::Num(contract_seal)),
            ("esid", stamped.es_id.as_str().into()),
            ("cert", Arg::Num(cert_id)),
            ("path", path.display().to_string().into()),
        ],
    );
    Ok(())
}
