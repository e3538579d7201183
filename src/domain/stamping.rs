//! Stamping rules (D18, D19, D21): a registry seal may be used only by someone allowed to
//! (approved, assigned or granted within its window, not void), and every stamping with it
//! is recorded. The PDF work itself is `pdf::job`.

use serde_json::json;

use super::history::{self, Draft};
use super::seal::check_use;
use super::{Actor, clock, mutate};
use crate::error::Result;
use crate::model::Id;
use crate::pdf::job::StampReport;
use crate::registry::{Registry, seals};

/// A registry seal cleared for use by the actor.
pub struct UsableSeal {
    pub id: Id,
    pub png: Vec<u8>,
    pub width_mm: f32,
    pub height_mm: f32,
    /// Why the actor may use it (assignment, grant, operator).
    pub because: String,
}

/// Checks D18 for `seal_id` now; a refusal is recorded (D21) and returned.
pub fn usable_seal(reg: &mut Registry, actor: &Actor, seal_id: Id) -> Result<UsableSeal> {
    let now = clock::now()?;
    mutate(reg, actor, "pdf.stamp", |tx| {
        let seal = seals::require(tx, seal_id)?;
        let because = check_use(tx, actor, &seal, now)?;
        Ok(UsableSeal {
            id: seal.id,
            png: seal.png.clone(),
            width_mm: seal.width_mm as f32,
            height_mm: seal.height_mm as f32,
            because,
        })
    })
}

/// Records one stamped file (使用记录, D21).
pub fn record(
    reg: &mut Registry,
    actor: &Actor,
    seal: &UsableSeal,
    input: &str,
    output: &str,
    stamped: &StampReport,
) -> Result<()> {
    reg.write(|tx| {
        let s = seals::require(tx, seal.id)?;
        let mut d = Draft::new("pdf.stamp", format!("seal:{}", seal.id)).details(json!({
            "input": input, "output": output, "marks": stamped.placed.len(),
            "pages": stamped.placed.iter().map(|p| p.page).collect::<Vec<_>>(), "because": seal.because
        }));
        if let Some(o) = s.org_id {
            d = d.org(o);
        }
        history::record(tx, actor, d)?;
        Ok(())
    })
}
