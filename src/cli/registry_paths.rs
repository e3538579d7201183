//! Where this command's registry and master key are (resolved once: [`Pinned`]), the rules
//! its outputs follow (never over those files), and opening the master key.

use std::path::{Path, PathBuf};

use super::{Context, create_private_dir, default_db_dir, default_db_path, with_suffix};
use crate::error::Result;
use crate::fsutil::{Existing, OutputRules};
use crate::input_error::Guarded;
use crate::registry::Registry;
use crate::registry::backend::Location;

/// Where an SQLite registry and its master key are, resolved once per command: the file
/// with its symbolic links followed (what SQLite opens), the key beside the path as given
/// (or `--master-key`) with its links followed too, its own included; above a directory not
/// created yet, the links of those that exist. The outputs are checked against these, the
/// registry and the key opened from these: a directory link on the way retargeted while
/// the command runs (waiting for a PIN from a FIFO, say) cannot make the registry opened
/// another than the one protected, whose files an output would then replace.
pub(crate) struct Pinned {
    pub(crate) file: PathBuf,
    pub(crate) key: PathBuf,
}

impl Context {
    /// The master key of `reg` (created on first use).
    pub fn master_key(&self, reg: &mut Registry) -> Result<crate::pki::vault::MasterKey> {
        Ok(self.open_master_key(reg)?.key)
    }

    /// [`Context::master_key`], and whether the registry's re-key is pending.
    fn open_master_key(&self, reg: &mut Registry) -> Result<crate::domain::keystore::OpenedKey> {
        let facts = reg.read(crate::domain::keystore::key_facts)?;
        self.open_master_key_with(reg, facts)
    }

    /// [`Context::open_master_key`] from facts read with the registry's other settings.
    pub(super) fn open_master_key_with(
        &self,
        reg: &mut Registry,
        facts: crate::domain::keystore::KeyFacts,
    ) -> Result<crate::domain::keystore::OpenedKey> {
        let path = match (&self.master_key, reg.path()) {
            // This command's registry's key as pinned, `--master-key` included.
            (_, Some(file)) => self.master_key_path(file),
            (Some(p), None) => crate::fsutil::resolve(p),
            // A registry on a server has no file to sit beside: each operator machine keeps
            // its copy of the team's key in catool's data directory (README "team setup").
            (None, None) => {
                let dir = default_db_dir()?;
                create_private_dir(&dir)?;
                crate::fsutil::resolve(&dir.join("master.key"))
            }
        };
        crate::domain::keystore::open_master_key_with(reg, &path, facts)
    }

    /// `--master-key`, else the registry path + ".key" (for this command's own registry,
    /// as pinned).
    fn master_key_path(&self, registry: &std::path::Path) -> PathBuf {
        if let Some(pin) = self.pinned()
            && pin.file == registry
        {
            return pin.key.clone();
        }
        match &self.master_key {
            Some(p) => p.clone(),
            None => with_suffix(registry, ".key"),
        }
    }

    /// The SQLite registry as given (`--db`, `CATOOL_DB`, the default), not yet resolved.
    fn sqlite_as_given(&self) -> Option<PathBuf> {
        match &self.db {
            None => default_db_dir().ok().map(|d| d.join("registry.db")),
            Some(p) => match Location::parse(p.as_os_str()) {
                Ok(Location::Postgres(_)) => None,
                Ok(Location::Sqlite(p)) => Some(p),
                Err(_) => Some(p.clone()),
            },
        }
    }

    /// This command's SQLite registry and key, resolved the first time they are needed.
    fn pinned(&self) -> Option<&Pinned> {
        self.pinned
            .get_or_init(|| Some(self.pin_sqlite(&self.sqlite_as_given()?)))
            .as_ref()
    }

    /// The SQLite registry at `given` and its key (`--master-key`, else beside `given`),
    /// resolved now ([`Pinned`]).
    pub(crate) fn pin_sqlite(&self, given: &std::path::Path) -> Pinned {
        // The key's own link followed too: what is read is what is protected. A dangling
        // one is not followed (the key would be created where it points).
        let as_given = match &self.master_key {
            Some(k) => k.clone(),
            None => with_suffix(given, ".key"),
        };
        let resolved = crate::fsutil::resolve(&as_given);
        let key = match resolved.exists() {
            true => resolved,
            false => crate::fsutil::resolve_dir(&as_given),
        };
        Pinned {
            file: crate::fsutil::resolve(given),
            key,
        }
    }

    /// The master key of `reg`, another registry than the command's, read from where `pin`
    /// says (`registry copy`'s source).
    pub(crate) fn master_key_pinned(
        &self,
        reg: &mut Registry,
        pin: &Pinned,
    ) -> Result<crate::pki::vault::MasterKey> {
        let facts = reg.read(crate::domain::keystore::key_facts)?;
        Ok(crate::domain::keystore::open_master_key_with(reg, &pin.key, facts)?.key)
    }

    /// The rules for this command's outputs, `existing` saying what to do with a file that
    /// is already there: the registry, its WAL files and the master key are never written
    /// over, also by commands that do not open the registry (a `seal clean --out
    /// registry.db` would destroy it all the same). The command adds its inputs.
    pub fn output_rules(&self, existing: Existing) -> OutputRules {
        let mut rules = OutputRules::new(existing);
        match (self.sqlite_as_given(), self.pinned()) {
            (Some(given), Some(pin)) => protect_sqlite_registry(&mut rules, &given, pin),
            // PostgreSQL: the key is the only file.
            _ => {
                let key = self
                    .master_key
                    .clone()
                    .or_else(|| default_db_dir().ok().map(|d| d.join("master.key")));
                if let Some(key) = key {
                    rules.protect(Guarded::MasterKey, &key);
                }
            }
        }
        // The PIN proving `--as` is an input of every command that takes it.
        if let Some(pin) = &self.as_pin_file {
            rules.input("--as-pin-file", pin);
        }
        rules
    }

    /// Where the registry is: `--db` / `CATOOL_DB` (a file, `sqlite:FILE` or a
    /// `postgres://` URL), else the default file.
    pub(crate) fn location(&self) -> Result<Location> {
        let given = match &self.db {
            Some(p) => Location::parse(p.as_os_str())?,
            None => Location::Sqlite(default_db_path()?),
        };
        Ok(match (given, self.pinned()) {
            (Location::Sqlite(_), Some(pin)) => Location::Sqlite(pin.file.clone()),
            (given, _) => given,
        })
    }
}

/// Protects the SQLite registry given as `given` and pinned as `pin`: the file; its WAL,
/// shared memory and journal beside the file (where SQLite keeps them) and beside `given`;
/// its master key as pinned, and the `.key` beside both paths (where a command naming
/// either finds one).
pub(super) fn protect_sqlite_registry(rules: &mut OutputRules, given: &Path, pin: &Pinned) {
    rules.protect(Guarded::Registry, &pin.file);
    for base in [given, pin.file.as_path()] {
        for (suffix, what) in [
            ("-wal", Guarded::RegistryWal),
            ("-shm", Guarded::RegistryShm),
            ("-journal", Guarded::RegistryJournal),
        ] {
            rules.protect(what, &with_suffix(base, suffix));
        }
        rules.protect(Guarded::MasterKey, &with_suffix(base, ".key"));
    }
    rules.protect(Guarded::MasterKey, &pin.key);
}
