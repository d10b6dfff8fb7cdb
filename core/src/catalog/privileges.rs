//! Unity Catalog privileges: what can be granted on which securable, who holds what (through
//! groups, ownership and inheritance from catalog to schema to object), and the check every
//! engine call makes.
//!
//! Choices (the reference leaves them open): an owner holds every privilege on what it owns,
//! and like any grant on a catalog or schema that reaches the children; metastore admins may
//! create catalogs and manage any grant but get no data access from the role itself.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::names::FullName;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Privilege {
    UseCatalog,
    UseSchema,
    CreateCatalog,
    CreateSchema,
    CreateTable,
    CreateModel,
    CreateModelVersion,
    CreateFunction,
    Select,
    Modify,
    Execute,
    ApplyTag,
    Browse,
    Manage,
    AllPrivileges,
}

pub const ALL: [Privilege; 15] = [
    Privilege::UseCatalog,
    Privilege::UseSchema,
    Privilege::CreateCatalog,
    Privilege::CreateSchema,
    Privilege::CreateTable,
    Privilege::CreateModel,
    Privilege::CreateModelVersion,
    Privilege::CreateFunction,
    Privilege::Select,
    Privilege::Modify,
    Privilege::Execute,
    Privilege::ApplyTag,
    Privilege::Browse,
    Privilege::Manage,
    Privilege::AllPrivileges,
];

impl Privilege {
    /// The SQL spelling (`USE CATALOG`).
    pub fn sql(self) -> &'static str {
        match self {
            Privilege::UseCatalog => "USE CATALOG",
            Privilege::UseSchema => "USE SCHEMA",
            Privilege::CreateCatalog => "CREATE CATALOG",
            Privilege::CreateSchema => "CREATE SCHEMA",
            Privilege::CreateTable => "CREATE TABLE",
            Privilege::CreateModel => "CREATE MODEL",
            Privilege::CreateModelVersion => "CREATE MODEL VERSION",
            Privilege::CreateFunction => "CREATE FUNCTION",
            Privilege::Select => "SELECT",
            Privilege::Modify => "MODIFY",
            Privilege::Execute => "EXECUTE",
            Privilege::ApplyTag => "APPLY TAG",
            Privilege::Browse => "BROWSE",
            Privilege::Manage => "MANAGE",
            Privilege::AllPrivileges => "ALL PRIVILEGES",
        }
    }

    /// A privilege from its SQL spelling (any case, `_` or space between words).
    pub fn parse(text: &str) -> Option<Privilege> {
        let norm = text.trim().to_uppercase().replace('_', " ");
        let norm = norm.split_whitespace().collect::<Vec<_>>().join(" ");
        ALL.iter().copied().find(|p| p.sql() == norm)
    }
}

/// Something privileges are granted on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Securable {
    Metastore,
    Catalog(String),
    Schema(String, String),
    Table(FullName),
    /// A registered model (a kind of FUNCTION securable in UC).
    Model(FullName),
    Function(FullName),
}

impl Securable {
    /// A stable text key (`catalog:main`, `model:main.ml.churn`), used in storage.
    pub fn key(&self) -> String {
        match self {
            Securable::Metastore => "metastore".into(),
            Securable::Catalog(c) => format!("catalog:{c}"),
            Securable::Schema(c, s) => format!("schema:{c}.{s}"),
            Securable::Table(n) => format!("table:{n}"),
            Securable::Model(n) => format!("model:{n}"),
            Securable::Function(n) => format!("function:{n}"),
        }
    }

    /// The containing securable (object → schema → catalog → metastore).
    pub fn parent(&self) -> Option<Securable> {
        Some(match self {
            Securable::Metastore => return None,
            Securable::Catalog(_) => Securable::Metastore,
            Securable::Schema(c, _) => Securable::Catalog(c.clone()),
            Securable::Table(n) | Securable::Model(n) | Securable::Function(n) => {
                Securable::Schema(n.catalog.clone(), n.schema.clone())
            }
        })
    }

    /// `Catalog 'main'`, `Schema 'main.ml'`, `Model 'main.ml.churn'`.
    pub fn describe(&self) -> String {
        match self {
            Securable::Metastore => "the metastore".into(),
            Securable::Catalog(c) => format!("Catalog '{c}'"),
            Securable::Schema(c, s) => format!("Schema '{c}.{s}'"),
            Securable::Table(n) => format!("Table '{n}'"),
            Securable::Model(n) => format!("Model '{n}'"),
            Securable::Function(n) => format!("Function '{n}'"),
        }
    }

    /// The privileges that can be granted on this kind of securable.
    pub fn applicable(&self) -> &'static [Privilege] {
        use Privilege::*;
        match self {
            Securable::Metastore => &[CreateCatalog, Manage],
            Securable::Catalog(_) => &[
                UseCatalog,
                UseSchema,
                CreateSchema,
                CreateTable,
                CreateModel,
                CreateModelVersion,
                CreateFunction,
                Select,
                Modify,
                Execute,
                ApplyTag,
                Browse,
                Manage,
                AllPrivileges,
            ],
            Securable::Schema(..) => &[
                UseSchema,
                CreateTable,
                CreateModel,
                CreateModelVersion,
                CreateFunction,
                Select,
                Modify,
                Execute,
                ApplyTag,
                Browse,
                Manage,
                AllPrivileges,
            ],
            Securable::Table(_) => &[Select, Modify, ApplyTag, Browse, Manage, AllPrivileges],
            Securable::Model(_) | Securable::Function(_) => &[
                Execute,
                CreateModelVersion,
                ApplyTag,
                Browse,
                Manage,
                AllPrivileges,
            ],
        }
    }
}

/// A privilege a principal lacks on a securable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied {
    pub principal: String,
    pub privilege: Privilege,
    pub securable: Securable,
}

impl Denied {
    /// The message, naming what is missing (no Databricks string is imitated; see the
    /// reference's note on PERMISSION_DENIED).
    pub fn message(&self) -> String {
        format!(
            "User '{}' does not have {} on {}.",
            self.principal,
            self.privilege.sql(),
            self.securable.describe()
        )
    }
}

/// Grants, owners, admins and group membership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct Access {
    pub admins: BTreeSet<String>,
    /// Group → members. `account users` holds every principal implicitly.
    pub groups: BTreeMap<String, BTreeSet<String>>,
    /// Users other than the learner (simulated colleagues).
    pub users: BTreeSet<String>,
    owners: BTreeMap<String, String>,
    grants: BTreeMap<String, BTreeMap<String, BTreeSet<Privilege>>>,
}

crate::flat_de::map_only!(Access);

/// The group every user belongs to.
pub const ACCOUNT_USERS: &str = "account users";

impl Access {
    /// The principal and the groups it belongs to.
    pub fn identities(&self, principal: &str) -> Vec<String> {
        let mut ids = vec![principal.to_string(), ACCOUNT_USERS.to_string()];
        ids.extend(
            self.groups
                .iter()
                .filter(|(_, members)| members.contains(principal))
                .map(|(g, _)| g.clone()),
        );
        ids
    }

    pub fn is_group(&self, name: &str) -> bool {
        name == ACCOUNT_USERS || self.groups.contains_key(name)
    }

    pub fn owner(&self, s: &Securable) -> Option<&str> {
        self.owners.get(&s.key()).map(String::as_str)
    }

    pub fn set_owner(&mut self, s: &Securable, principal: &str) {
        self.owners.insert(s.key(), principal.to_string());
    }

    /// Moves a securable's owner and grants to its new name (it was renamed).
    pub fn rename(&mut self, from: &Securable, to: &Securable) {
        if let Some(o) = self.owners.remove(&from.key()) {
            self.owners.insert(to.key(), o);
        }
        if let Some(g) = self.grants.remove(&from.key()) {
            self.grants.insert(to.key(), g);
        }
    }

    /// Forgets a securable's owner and grants (it was dropped).
    pub fn forget(&mut self, s: &Securable) {
        let key = s.key();
        self.owners.remove(&key);
        self.grants.remove(&key);
    }

    /// Forgets every securable whose key starts with `prefix` (a dropped catalog's children).
    pub fn forget_prefix(&mut self, prefixes: &[String]) {
        let drop = |k: &String| prefixes.iter().any(|p| k.starts_with(p.as_str()));
        self.owners.retain(|k, _| !drop(k));
        self.grants.retain(|k, _| !drop(k));
    }

    fn owns(&self, principal: &str, s: &Securable) -> bool {
        self.owner(s)
            .is_some_and(|o| self.identities(principal).iter().any(|i| i == o))
    }

    /// Whether `principal` holds `privilege` on `s`, directly, through a group, through
    /// ownership, or inherited from a parent.
    pub fn has(&self, principal: &str, privilege: Privilege, s: &Securable) -> bool {
        let ids = self.identities(principal);
        let mut current = Some(s.clone());
        while let Some(sec) = current {
            if self.owns(principal, &sec) && sec != Securable::Metastore {
                return true;
            }
            if let Some(by_principal) = self.grants.get(&sec.key()) {
                let held = ids.iter().filter_map(|i| by_principal.get(i)).any(|set| {
                    set.contains(&privilege)
                        || (set.contains(&Privilege::AllPrivileges)
                            && privilege != Privilege::Manage)
                });
                if held {
                    return true;
                }
            }
            current = sec.parent();
        }
        privilege == Privilege::CreateCatalog && self.admins.contains(principal)
    }

    /// The first privilege of `needed` that `principal` lacks.
    pub fn require(
        &self,
        principal: &str,
        needed: &[(Privilege, Securable)],
    ) -> Result<(), Denied> {
        match needed.iter().find(|(p, s)| !self.has(principal, *p, s)) {
            None => Ok(()),
            Some((p, s)) => Err(Denied {
                principal: principal.to_string(),
                privilege: *p,
                securable: s.clone(),
            }),
        }
    }

    /// Whether `principal` may grant or revoke on `s`: a metastore admin, the owner of `s` or
    /// of a parent, or a holder of MANAGE on it.
    pub fn can_manage(&self, principal: &str, s: &Securable) -> bool {
        if self.admins.contains(principal) {
            return true;
        }
        let mut current = Some(s.clone());
        while let Some(sec) = current {
            if self.owns(principal, &sec) {
                return true;
            }
            current = sec.parent();
        }
        self.has(principal, Privilege::Manage, s)
    }

    pub fn grant(&mut self, s: &Securable, principal: &str, privileges: &[Privilege]) {
        let set = self
            .grants
            .entry(s.key())
            .or_default()
            .entry(principal.to_string())
            .or_default();
        set.extend(privileges.iter().copied());
    }

    pub fn revoke(&mut self, s: &Securable, principal: &str, privileges: &[Privilege]) {
        let key = s.key();
        if let Some(by_principal) = self.grants.get_mut(&key) {
            if let Some(set) = by_principal.get_mut(principal) {
                if privileges.contains(&Privilege::AllPrivileges) {
                    set.clear();
                } else {
                    for p in privileges {
                        set.remove(p);
                    }
                }
                if set.is_empty() {
                    by_principal.remove(principal);
                }
            }
            if by_principal.is_empty() {
                self.grants.remove(&key);
            }
        }
    }

    /// The grants made directly on `s` (`SHOW GRANTS ON ...`): principal and privilege, sorted.
    pub fn grants_on(&self, s: &Securable) -> Vec<(String, Privilege)> {
        self.grants
            .get(&s.key())
            .map(|by| {
                by.iter()
                    .flat_map(|(p, set)| set.iter().map(move |x| (p.clone(), *x)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What `principal` can do on `s`, all sources counted (the permissions tab).
    pub fn effective(&self, principal: &str, s: &Securable) -> Vec<Privilege> {
        s.applicable()
            .iter()
            .copied()
            .filter(|p| *p != Privilege::AllPrivileges && self.has(principal, *p, s))
            .collect()
    }
}
