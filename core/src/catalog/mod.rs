//! Unity Catalog: the metastore's catalogs and schemas, the principals and their privileges,
//! and (in [`crate::registry`]) the registered models that live in schemas. One [`Unity`]
//! value holds it all, so dropping a schema can take its models with it.
//!
//! The sandbox's people: the learner (`learner@lakelab`) is a metastore admin and owns
//! `main`; colleagues `alice@lakelab` (in `data_scientists`) and `bob@lakelab` (in
//! `ml_engineers`) exist so a learner can grant to them and "act as" them. As in a new
//! workspace, `account users` may use `main` and create tables, models and functions in
//! `main.default`.

pub mod functions;
pub mod lineage;
mod lineage_de;
pub mod names;
pub mod privileges;
pub mod select;
pub mod sql;
pub mod tables;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::registry::RegisteredModel;
use crate::tracking::MlflowError;
use names::parse;
use privileges::{Access, Privilege, Securable, ACCOUNT_USERS};

/// The learner's principal.
pub const LEARNER: &str = "learner@lakelab";
pub const ALICE: &str = "alice@lakelab";
pub const BOB: &str = "bob@lakelab";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct SchemaInfo {
    pub comment: String,
    pub created_at: i64,
}

crate::flat_de::map_only!(SchemaInfo);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct CatalogInfo {
    pub comment: String,
    pub created_at: i64,
    pub schemas: BTreeMap<String, SchemaInfo>,
}

crate::flat_de::map_only!(CatalogInfo);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Unity {
    pub catalogs: BTreeMap<String, CatalogInfo>,
    pub access: Access,
    /// Models in Unity Catalog, by full lower-case name.
    pub models: BTreeMap<String, RegisteredModel>,
    /// The legacy workspace registry, by (case-sensitive) name.
    #[serde(default)]
    pub workspace_models: BTreeMap<String, RegisteredModel>,
    /// Whom the learner is acting as ("act as"); `None` is the learner.
    #[serde(default)]
    pub acting_as: Option<String>,
    /// Recorded lineage edges (see [`lineage`]).
    #[serde(default)]
    pub lineage: lineage::Lineage,
    /// Delta tables (feature tables are those with a primary key), by full lower-case name.
    #[serde(default)]
    pub tables: BTreeMap<String, tables::TableInfo>,
    /// The last table uid handed out.
    #[serde(default)]
    pub next_table_uid: u64,
    #[serde(skip)]
    pub saved_table_blobs: tables::BlobLedger,
    /// Online stores, by name (see [`crate::features::online`]).
    #[serde(default)]
    pub online_stores: BTreeMap<String, tables::OnlineStore>,
    /// Python UDFs (see [`functions`]), by full lower-case name.
    #[serde(default)]
    pub functions: BTreeMap<String, functions::UcFunction>,
}

crate::flat_de::map_only!(Unity);

impl Default for Unity {
    fn default() -> Self {
        let mut access = Access::default();
        access.admins.insert(LEARNER.into());
        access.users.extend([ALICE.to_string(), BOB.to_string()]);
        access.groups.insert(
            "data_scientists".into(),
            BTreeSet::from([ALICE.to_string()]),
        );
        access
            .groups
            .insert("ml_engineers".into(), BTreeSet::from([BOB.to_string()]));
        let main = Securable::Catalog("main".into());
        let default = Securable::Schema("main".into(), "default".into());
        access.set_owner(&main, LEARNER);
        access.set_owner(&default, LEARNER);
        access.grant(&main, ACCOUNT_USERS, &[Privilege::UseCatalog]);
        access.grant(
            &default,
            ACCOUNT_USERS,
            &[
                Privilege::UseSchema,
                Privilege::CreateTable,
                Privilege::CreateModel,
                Privilege::CreateFunction,
            ],
        );
        let schemas = BTreeMap::from([(
            "default".to_string(),
            SchemaInfo {
                comment: "Default schema (auto-created)".into(),
                created_at: 0,
            },
        )]);
        let hive = Securable::Catalog(HIVE.into());
        let hive_default = Securable::Schema(HIVE.into(), "default".into());
        access.set_owner(&hive, LEARNER);
        access.set_owner(&hive_default, LEARNER);
        access.grant(&hive, ACCOUNT_USERS, &[Privilege::UseCatalog]);
        // The legacy metastore without table ACLs: everyone may do everything in `default`.
        access.grant(
            &hive_default,
            ACCOUNT_USERS,
            &[
                Privilege::UseSchema,
                Privilege::CreateTable,
                Privilege::Select,
                Privilege::Modify,
            ],
        );
        Unity {
            catalogs: BTreeMap::from([
                (
                    "main".to_string(),
                    CatalogInfo {
                        comment: "Main catalog (auto-created)".into(),
                        created_at: 0,
                        schemas,
                    },
                ),
                (HIVE.to_string(), hive_catalog()),
            ]),
            access,
            models: BTreeMap::new(),
            workspace_models: BTreeMap::new(),
            acting_as: None,
            lineage: lineage::Lineage::default(),
            tables: BTreeMap::new(),
            next_table_uid: 0,
            saved_table_blobs: tables::BlobLedger::default(),
            online_stores: BTreeMap::new(),
            functions: BTreeMap::new(),
        }
    }
}

/// The legacy Hive metastore, seen as a catalog (as in a UC-enabled workspace): where the
/// legacy `FeatureStoreClient` keeps `database.table` feature tables.
pub const HIVE: &str = "hive_metastore";

pub fn hive_catalog() -> CatalogInfo {
    CatalogInfo {
        comment: "The workspace's legacy Hive metastore".into(),
        created_at: 0,
        schemas: BTreeMap::from([(
            "default".to_string(),
            SchemaInfo {
                comment: "Default database".into(),
                created_at: 0,
            },
        )]),
    }
}

fn invalid(e: names::NameError) -> MlflowError {
    MlflowError::invalid(e.0)
}

impl Unity {
    /// The principal engine calls act as.
    pub fn principal(&self) -> String {
        self.acting_as
            .clone()
            .unwrap_or_else(|| LEARNER.to_string())
    }

    /// Every principal a grant can name: users, then groups.
    pub fn principals(&self) -> Vec<String> {
        let mut all = vec![LEARNER.to_string()];
        all.extend(self.access.users.iter().cloned());
        all.push(ACCOUNT_USERS.to_string());
        all.extend(self.access.groups.keys().cloned());
        all
    }

    pub fn is_principal(&self, name: &str) -> bool {
        name == LEARNER || self.access.users.contains(name) || self.access.is_group(name)
    }

    /// Fails with PERMISSION_DENIED unless the acting principal holds every privilege.
    pub fn require(&self, needed: &[(Privilege, Securable)]) -> Result<(), MlflowError> {
        self.access
            .require(&self.principal(), needed)
            .map_err(|d| MlflowError::denied(d.message()))
    }

    pub fn catalog_exists(&self, catalog: &str) -> bool {
        self.catalogs.contains_key(catalog)
    }

    pub fn schema_exists(&self, catalog: &str, schema: &str) -> bool {
        self.catalogs
            .get(catalog)
            .is_some_and(|c| c.schemas.contains_key(schema))
    }

    /// The catalog must exist (`Catalog 'x' does not exist.`).
    pub fn check_catalog(&self, catalog: &str) -> Result<(), MlflowError> {
        if self.catalog_exists(catalog) {
            Ok(())
        } else {
            Err(MlflowError::missing(format!(
                "Catalog '{catalog}' does not exist."
            )))
        }
    }

    /// The schema (and its catalog) must exist.
    pub fn check_schema(&self, catalog: &str, schema: &str) -> Result<(), MlflowError> {
        self.check_catalog(catalog)?;
        if self.schema_exists(catalog, schema) {
            Ok(())
        } else {
            Err(MlflowError::missing(format!(
                "Schema '{catalog}.{schema}' does not exist."
            )))
        }
    }

    /// Objects in a schema: registered models and tables.
    pub fn objects_in(&self, catalog: &str, schema: &str) -> Vec<String> {
        let prefix = format!("{catalog}.{schema}.");
        self.models
            .keys()
            .chain(self.tables.keys())
            .chain(self.functions.keys())
            .filter(|k| k.starts_with(&prefix))
            .cloned()
            .collect()
    }

    /// `CREATE CATALOG [IF NOT EXISTS] name [COMMENT ...]`.
    pub fn create_catalog(
        &mut self,
        name: &str,
        comment: &str,
        if_not_exists: bool,
        now: i64,
    ) -> Result<String, MlflowError> {
        let name = parse(name, 1, "catalog").map_err(invalid)?.remove(0);
        self.require(&[(Privilege::CreateCatalog, Securable::Metastore)])?;
        if self.catalog_exists(&name) {
            return if if_not_exists {
                Ok(name)
            } else {
                Err(MlflowError::exists(format!(
                    "Catalog '{name}' already exists."
                )))
            };
        }
        let mut schemas = BTreeMap::new();
        schemas.insert(
            "default".to_string(),
            SchemaInfo {
                comment: "Default schema (auto-created)".into(),
                created_at: now,
            },
        );
        self.catalogs.insert(
            name.clone(),
            CatalogInfo {
                comment: comment.into(),
                created_at: now,
                schemas,
            },
        );
        let owner = self.principal();
        self.access
            .set_owner(&Securable::Catalog(name.clone()), &owner);
        self.access
            .set_owner(&Securable::Schema(name.clone(), "default".into()), &owner);
        Ok(name)
    }

    /// `CREATE SCHEMA [IF NOT EXISTS] catalog.schema`.
    pub fn create_schema(
        &mut self,
        full: &str,
        comment: &str,
        if_not_exists: bool,
        now: i64,
    ) -> Result<(String, String), MlflowError> {
        let p = parse(full, 2, "schema").map_err(invalid)?;
        let (c, s) = (p[0].clone(), p[1].clone());
        self.check_catalog(&c)?;
        self.require(&[
            (Privilege::UseCatalog, Securable::Catalog(c.clone())),
            (Privilege::CreateSchema, Securable::Catalog(c.clone())),
        ])?;
        if self.schema_exists(&c, &s) {
            return if if_not_exists {
                Ok((c, s))
            } else {
                Err(MlflowError::exists(format!(
                    "Schema '{c}.{s}' already exists."
                )))
            };
        }
        if let Some(cat) = self.catalogs.get_mut(&c) {
            cat.schemas.insert(
                s.clone(),
                SchemaInfo {
                    comment: comment.into(),
                    created_at: now,
                },
            );
        }
        let owner = self.principal();
        self.access
            .set_owner(&Securable::Schema(c.clone(), s.clone()), &owner);
        Ok((c, s))
    }

    /// `DROP SCHEMA [IF EXISTS] catalog.schema [CASCADE]`: a schema holding objects needs
    /// CASCADE, which drops them too.
    pub fn drop_schema(
        &mut self,
        full: &str,
        cascade: bool,
        if_exists: bool,
    ) -> Result<(), MlflowError> {
        let p = parse(full, 2, "schema").map_err(invalid)?;
        let (c, s) = (p[0].clone(), p[1].clone());
        if !self.schema_exists(&c, &s) {
            return if if_exists {
                Ok(())
            } else {
                self.check_schema(&c, &s)
            };
        }
        let sec = Securable::Schema(c.clone(), s.clone());
        if !self.access.can_manage(&self.principal(), &sec) {
            return Err(MlflowError::denied(format!(
                "User '{}' is not the owner of {} and cannot drop it.",
                self.principal(),
                sec.describe()
            )));
        }
        let objects = self.objects_in(&c, &s);
        if !objects.is_empty() && !cascade {
            return Err(MlflowError::invalid(format!(
                "[SCHEMA_NOT_EMPTY] Cannot drop a schema `{c}`.`{s}` because it contains objects. Use DROP SCHEMA ... CASCADE to drop the schema and all its objects."
            )));
        }
        for o in &objects {
            self.models.remove(o);
            self.tables.remove(o);
            self.functions.remove(o);
        }
        self.access.forget(&sec);
        self.access.forget_prefix(&[
            format!("model:{c}.{s}."),
            format!("table:{c}.{s}."),
            format!("function:{c}.{s}."),
        ]);
        if let Some(cat) = self.catalogs.get_mut(&c) {
            cat.schemas.remove(&s);
        }
        Ok(())
    }

    /// `DROP CATALOG [IF EXISTS] name [CASCADE]`: a catalog with schemas other than `default`,
    /// or objects, needs CASCADE.
    pub fn drop_catalog(
        &mut self,
        name: &str,
        cascade: bool,
        if_exists: bool,
    ) -> Result<(), MlflowError> {
        let c = parse(name, 1, "catalog").map_err(invalid)?.remove(0);
        if !self.catalog_exists(&c) {
            return if if_exists {
                Ok(())
            } else {
                self.check_catalog(&c)
            };
        }
        let sec = Securable::Catalog(c.clone());
        if !self.access.can_manage(&self.principal(), &sec) {
            return Err(MlflowError::denied(format!(
                "User '{}' is not the owner of {} and cannot drop it.",
                self.principal(),
                sec.describe()
            )));
        }
        let schemas: Vec<String> = self
            .catalogs
            .get(&c)
            .map(|x| x.schemas.keys().cloned().collect())
            .unwrap_or_default();
        let non_empty =
            schemas.iter().any(|s| s != "default") || !self.objects_in(&c, "default").is_empty();
        if non_empty && !cascade {
            return Err(MlflowError::invalid(format!(
                "[SCHEMA_NOT_EMPTY] Cannot drop catalog `{c}` because it is not empty. Use DROP CATALOG ... CASCADE to drop the catalog and all its schemas and objects."
            )));
        }
        let prefix = format!("{c}.");
        self.models.retain(|k, _| !k.starts_with(&prefix));
        self.tables.retain(|k, _| !k.starts_with(&prefix));
        self.functions.retain(|k, _| !k.starts_with(&prefix));
        self.access.forget(&sec);
        self.access.forget_prefix(&[
            format!("schema:{c}."),
            format!("model:{c}."),
            format!("table:{c}."),
            format!("function:{c}."),
        ]);
        self.catalogs.remove(&c);
        Ok(())
    }

    /// Resolves a securable from SQL words (`CATALOG main`, `SCHEMA main.ml`,
    /// `FUNCTION main.ml.m` / `MODEL main.ml.m`, `TABLE main.ml.t`) and checks it exists.
    pub fn securable(&self, kind: &str, name: &str) -> Result<Securable, MlflowError> {
        let kind = kind.to_uppercase();
        let s = match kind.as_str() {
            "CATALOG" => {
                let c = parse(name, 1, "catalog").map_err(invalid)?.remove(0);
                self.check_catalog(&c)?;
                Securable::Catalog(c)
            }
            "SCHEMA" | "DATABASE" => {
                let p = parse(name, 2, "schema").map_err(invalid)?;
                self.check_schema(&p[0], &p[1])?;
                Securable::Schema(p[0].clone(), p[1].clone())
            }
            "FUNCTION" if self.functions.contains_key(&name.to_lowercase()) => {
                let n = names::FullName::parse(name, "function").map_err(invalid)?;
                Securable::Function(n)
            }
            "FUNCTION" | "MODEL" => {
                let n = names::FullName::parse(name, "model").map_err(invalid)?;
                if !self.models.contains_key(&n.to_string()) {
                    return Err(MlflowError::missing(format!(
                        "Function '{n}' does not exist."
                    )));
                }
                Securable::Model(n)
            }
            "TABLE" => {
                let n = names::FullName::parse(name, "table").map_err(invalid)?;
                if !self.tables.contains_key(&n.to_string()) {
                    return Err(MlflowError::missing(format!("Table '{n}' does not exist.")));
                }
                Securable::Table(n)
            }
            other => {
                return Err(MlflowError::invalid(format!(
                "Unknown securable type {other}; use CATALOG, SCHEMA, FUNCTION (models) or TABLE"
            )))
            }
        };
        Ok(s)
    }

    /// `GRANT privileges ON securable TO principal`.
    pub fn grant(
        &mut self,
        s: &Securable,
        privileges: &[Privilege],
        principal: &str,
    ) -> Result<(), MlflowError> {
        self.check_grant(s, privileges, principal)?;
        self.access.grant(s, principal, privileges);
        Ok(())
    }

    /// `REVOKE privileges ON securable FROM principal`.
    pub fn revoke(
        &mut self,
        s: &Securable,
        privileges: &[Privilege],
        principal: &str,
    ) -> Result<(), MlflowError> {
        self.check_grant(s, privileges, principal)?;
        self.access.revoke(s, principal, privileges);
        Ok(())
    }

    fn check_grant(
        &self,
        s: &Securable,
        privileges: &[Privilege],
        principal: &str,
    ) -> Result<(), MlflowError> {
        if !self.is_principal(principal) {
            return Err(MlflowError::missing(format!(
                "Could not find principal with name {principal}. The principals here are: {}",
                self.principals().join(", ")
            )));
        }
        if let Some(p) = privileges.iter().find(|p| !s.applicable().contains(p)) {
            return Err(MlflowError::invalid(format!(
                "Privilege {} is not applicable to this entity [{}].",
                p.sql(),
                s.describe()
            )));
        }
        if !self.access.can_manage(&self.principal(), s) {
            return Err(MlflowError::denied(format!(
                "User '{}' cannot manage grants on {}: only its owner, the owner of a parent, a holder of MANAGE or a metastore admin can.",
                self.principal(),
                s.describe()
            )));
        }
        Ok(())
    }

    /// `ALTER ... OWNER TO principal`: only the owner (or whoever can manage it) may.
    pub fn set_owner(&mut self, s: &Securable, principal: &str) -> Result<(), MlflowError> {
        if !self.is_principal(principal) {
            return Err(MlflowError::missing(format!(
                "Could not find principal with name {principal}. The principals here are: {}",
                self.principals().join(", ")
            )));
        }
        if !self.access.can_manage(&self.principal(), s) {
            return Err(MlflowError::denied(format!(
                "User '{}' cannot change the owner of {}: only its owner, the owner of a parent or a metastore admin can.",
                self.principal(),
                s.describe()
            )));
        }
        self.access.set_owner(s, principal);
        Ok(())
    }
}
