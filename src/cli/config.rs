//! `catool config`: registry settings.

use clap::Subcommand;

use super::Context;
use super::ca::{say, table};
use crate::domain::settings;
use crate::error::Result;
use crate::i18n::tr;
use crate::msg;

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// List settings and their values
    List,
    /// Change a setting (operator only)
    Set {
        /// Setting name, e.g. package.price_per_year (`catool config list` shows them all)
        key: String,
        /// New value
        value: String,
    },
}

pub fn run(ctx: &Context, cmd: ConfigCmd) -> Result<()> {
    let out = ctx.out;
    match cmd {
        ConfigCmd::List => {
            let mut reg = ctx.open()?;
            let values = settings::list(&mut reg)?;
            let map: serde_json::Map<String, serde_json::Value> = values
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            out.emit(&map, |_| {
                let mut t = table(&[
                    msg!("config-col-key"),
                    msg!("config-col-value"),
                    msg!("config-col-meaning"),
                ]);
                for (k, v) in &values {
                    let help = settings::SETTINGS
                        .iter()
                        .find(|s| s.key == k)
                        .map(|s| tr(s.help))
                        .unwrap_or_default();
                    t.row(vec![k.clone(), v.clone(), help]);
                }
                t.render()
            })
        }
        ConfigCmd::Set { key, value } => {
            let (mut reg, actor) = ctx.open_as()?;
            let (k, v) = settings::set(&mut reg, &actor, &key, &value)?;
            out.emit(&serde_json::json!({ "key": k, "value": v }), |_| {
                say(
                    msg!("config-set-done"),
                    &[("key", k.as_str().into()), ("value", v.as_str().into())],
                )
            })
        }
    }
}
