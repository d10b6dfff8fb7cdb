//! Delta tables in Unity Catalog: a table's data, its version history (`DESCRIBE HISTORY`),
//! time travel, its primary-key constraint (which makes it a feature table), comment and tags.
//!
//! Every write is a new version. Lakelab keeps the data of the latest [`RETAINED_VERSIONS`]
//! versions (as if `VACUUM` ran with a short retention): older versions stay in the history,
//! and reading one fails the way Delta does for a version that no longer exists. Without this
//! a million-row table merged ten times would hold ten copies in the tab's memory. A large
//! table keeps fewer: older versions go while all retained versions would hold more than
//! twice the current data ([`RETAINED_BYTES_FLOOR`] exempts small tables, so time travel on
//! exercise-sized tables always reaches five versions back).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::names::FullName;
use super::privileges::{Privilege, Securable};
use super::Unity;
use crate::table::keys::KeyIndex;
use crate::table::Table;
use crate::tracking::MlflowError;

/// How many versions' data a table keeps.
pub const RETAINED_VERSIONS: usize = 5;

/// Retained versions may always total this many bytes, whatever the current size.
pub const RETAINED_BYTES_FLOOR: usize = 32 << 20;

/// One entry of `DESCRIBE HISTORY`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Commit {
    pub version: u64,
    pub timestamp: i64,
    pub user_name: String,
    /// `CREATE TABLE`, `WRITE`, `MERGE`, `DELETE`, …, as Delta names them.
    pub operation: String,
    pub operation_parameters: BTreeMap<String, String>,
    /// Delta's metric names: `numOutputRows`, `numTargetRowsInserted`, ….
    pub operation_metrics: BTreeMap<String, i64>,
    /// The table's row count after this commit (kept after the data goes, for the history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_rows: Option<u64>,
}

crate::flat_de::map_only!(Commit);

/// A published copy in an online store (see [`crate::features::online`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct OnlinePublication {
    pub online_store: String,
    pub online_table_name: String,
    pub publish_mode: String,
    /// The offline version the online copy holds.
    pub version: u64,
    pub published_at: i64,
}

crate::flat_de::map_only!(OnlinePublication);

/// A Databricks Online Feature Store instance (`create_online_store`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct OnlineStore {
    pub name: String,
    /// `CU_1`, `CU_2`, `CU_4` or `CU_8`.
    pub capacity: String,
    pub read_replica_count: u32,
    pub state: String,
    pub creator: String,
    pub creation_time: i64,
}

crate::flat_de::map_only!(OnlineStore);

/// What an online table copies, and how far it has synced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct OnlineSource {
    pub source_table: String,
    pub online_store: String,
    /// `SNAPSHOT`, `TRIGGERED` or `CONTINUOUS`.
    pub publish_mode: String,
    /// The source version the online data reflects.
    pub synced_version: u64,
    pub synced_at: i64,
}

crate::flat_de::map_only!(OnlineSource);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct TableInfo {
    /// Unique for the workspace's life (names are reused after a drop); names the stored data.
    #[serde(default)]
    pub uid: u64,
    pub full_name: String,
    pub comment: String,
    pub created_at: i64,
    pub created_by: String,
    /// The primary-key constraint's columns, without the timeseries column. Empty: a plain
    /// Delta table, not a feature table.
    pub primary_keys: Vec<String>,
    /// The `TIMESERIES` column of the constraint, if any.
    pub timeseries_column: Option<String>,
    pub tags: BTreeMap<String, String>,
    /// Oldest first.
    pub history: Vec<Commit>,
    /// Notebooks and runs that wrote the table (the feature table's "producers").
    #[serde(default)]
    pub producers: Vec<String>,
    #[serde(default)]
    pub online: Vec<OnlinePublication>,
    /// Delta table properties (`delta.enableChangeDataFeed`, ...), set with
    /// `ALTER TABLE ... SET TBLPROPERTIES`.
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
    /// Set on an online table: what it copies. An online table keeps only its latest data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_source: Option<OnlineSource>,
    /// The versions whose data is kept (stored as byte values).
    #[serde(default)]
    pub retained: Vec<u64>,
    /// The retained versions' data, oldest first; the last is the current table. Stored as
    /// byte values beside the JSON (see [`crate::workspace`]).
    #[serde(skip)]
    pub snapshots: Vec<(u64, Arc<Table>)>,
    /// The primary-key index of the current version, built on first use.
    #[serde(skip)]
    pub index: Option<Arc<KeyIndex>>,
    /// The time index of the current version (time-series tables), built on first as-of join.
    #[serde(skip)]
    pub time_index: Option<Arc<crate::features::training::TimeIndex>>,
}

crate::flat_de::map_only!(TableInfo);

impl PartialEq for TableInfo {
    fn eq(&self, other: &Self) -> bool {
        self.full_name == other.full_name
            && self.comment == other.comment
            && self.primary_keys == other.primary_keys
            && self.timeseries_column == other.timeseries_column
            && self.tags == other.tags
            && self.history == other.history
            && self.producers == other.producers
            && self.online == other.online
            && self.properties == other.properties
            && self.online_source == other.online_source
            && self.snapshots == other.snapshots
    }
}

impl TableInfo {
    /// The current version's data.
    pub fn current(&self) -> Arc<Table> {
        self.snapshots
            .last()
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    }

    pub fn version(&self) -> u64 {
        self.history.last().map_or(0, |c| c.version)
    }

    /// Whether Change Data Feed is on (`delta.enableChangeDataFeed = true`).
    pub fn change_data_feed(&self) -> bool {
        self.properties
            .get("delta.enableChangeDataFeed")
            .is_some_and(|v| v == "true")
    }

    /// Whether the table has a primary key (every UC table with one is a feature table).
    pub fn is_feature_table(&self) -> bool {
        !self.primary_keys.is_empty()
    }

    /// The key columns a row is identified by: primary keys, then the timeseries column.
    pub fn key_columns(&self) -> Vec<String> {
        let mut k = self.primary_keys.clone();
        k.extend(self.timeseries_column.clone());
        k
    }

    /// The latest version committed at or before `ms` (`timestampAsOf`).
    pub fn version_at(&self, ms: i64) -> Result<u64, MlflowError> {
        self.history
            .iter()
            .rev()
            .find(|c| c.timestamp <= ms)
            .map(|c| c.version)
            .ok_or_else(|| {
                let first = crate::time::utc_text(self.created_at);
                MlflowError::invalid(format!(
                    "[DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION] The provided timestamp ({}) is before the earliest version available to this table ({first}). Please use a timestamp after {first}.",
                    crate::time::utc_text(ms)
                ))
            })
    }

    /// The data as of `version`, or Delta's error when it is unknown or no longer retained.
    pub fn as_of(&self, version: u64) -> Result<Arc<Table>, MlflowError> {
        if let Some((_, t)) = self.snapshots.iter().find(|(v, _)| *v == version) {
            return Ok(t.clone());
        }
        let first = self.snapshots.first().map_or(0, |(v, _)| *v);
        Err(MlflowError::invalid(format!(
            "[DELTA_VERSION_NOT_FOUND] Cannot time travel Delta table to version {version}. Available versions: [{first}, {}].",
            self.version()
        )))
    }

    /// Records a new version holding `data`.
    pub fn commit(
        &mut self,
        data: impl Into<Arc<Table>>,
        operation: &str,
        parameters: BTreeMap<String, String>,
        metrics: BTreeMap<String, i64>,
        user: &str,
        now: i64,
    ) -> u64 {
        let version = if self.history.is_empty() {
            0
        } else {
            self.version() + 1
        };
        let data: Arc<Table> = data.into();
        self.history.push(Commit {
            num_rows: Some(data.num_rows() as u64),
            version,
            timestamp: now,
            user_name: user.to_string(),
            operation: operation.to_string(),
            operation_parameters: parameters,
            operation_metrics: metrics,
        });
        self.snapshots.push((version, data));
        let keep = if self.online_source.is_some() {
            1
        } else {
            RETAINED_VERSIONS
        };
        if self.snapshots.len() > keep {
            let extra = self.snapshots.len() - keep;
            self.snapshots.drain(..extra);
        }
        // A version sharing its data with the one before (a property change) costs nothing.
        let bytes: Vec<usize> = self
            .snapshots
            .iter()
            .enumerate()
            .map(
                |(i, (_, t))| match i.checked_sub(1).map(|p| &self.snapshots[p].1) {
                    Some(prev) if Arc::ptr_eq(prev, t) => 0,
                    _ => t.heap_bytes(),
                },
            )
            .collect();
        let budget = self
            .snapshots
            .last()
            .map_or(0, |(_, t)| t.heap_bytes().saturating_mul(2))
            .max(RETAINED_BYTES_FLOOR);
        let mut total: usize = bytes.iter().sum();
        let mut drop = 0;
        while total > budget && drop + 1 < bytes.len() {
            total -= bytes[drop];
            drop += 1;
        }
        self.snapshots.drain(..drop);
        self.retained = self.snapshots.iter().map(|(v, _)| *v).collect();
        self.index = None;
        self.time_index = None;
        version
    }

    /// The blob ids of the retained versions (`tables/<uid>/<version>`).
    pub fn blob_ids(&self) -> impl Iterator<Item = String> + '_ {
        self.retained.iter().map(|v| blob_id(self.uid, *v))
    }
}

pub const TABLE_BLOB_PREFIX: &str = "tables/";

pub fn blob_id(uid: u64, version: u64) -> String {
    format!("{TABLE_BLOB_PREFIX}{uid}/{version}")
}

/// `tables/<uid>/<version>` → (uid, version).
pub fn parse_blob_id(id: &str) -> Option<(u64, u64)> {
    let rest = id.strip_prefix(TABLE_BLOB_PREFIX)?;
    let (uid, v) = rest.split_once('/')?;
    Some((uid.parse().ok()?, v.parse().ok()?))
}

/// Which table blobs the last save knew, to tell a save what changed. Bookkeeping: two
/// ledgers always compare equal.
#[derive(Debug, Clone, Default)]
pub struct BlobLedger(pub std::collections::BTreeSet<String>);

impl PartialEq for BlobLedger {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// Spark's error for a table that does not exist (or the principal cannot see).
pub fn not_found(name: &str) -> MlflowError {
    let quoted: Vec<String> = name.split('.').map(|p| format!("`{p}`")).collect();
    MlflowError::missing(format!(
        "[TABLE_OR_VIEW_NOT_FOUND] The table or view {} cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.",
        quoted.join(".")
    ))
}

impl Unity {
    /// Every retained table version's blob id.
    pub fn table_blob_ids(&self) -> Vec<String> {
        self.tables.values().flat_map(TableInfo::blob_ids).collect()
    }

    /// A table version's data, encoded (see [`crate::table::encode`]).
    pub fn table_blob(&self, id: &str) -> Option<Vec<u8>> {
        let (uid, version) = parse_blob_id(id)?;
        let info = self.tables.values().find(|t| t.uid == uid)?;
        let (_, data) = info.snapshots.iter().find(|(v, _)| *v == version)?;
        Some(crate::table::encode::encode(data))
    }

    /// Blob ids added or removed since the last call (versions never change once written).
    pub fn take_changed_table_blobs(&mut self) -> std::collections::BTreeSet<String> {
        let now: std::collections::BTreeSet<String> = self.table_blob_ids().into_iter().collect();
        let changed = now
            .symmetric_difference(&self.saved_table_blobs.0)
            .cloned()
            .collect();
        self.saved_table_blobs.0 = now;
        changed
    }

    /// Puts loaded table versions back; every retained version must be there.
    pub fn attach_table_blobs(&mut self, blobs: Vec<(String, Vec<u8>)>) -> Result<(), String> {
        let mut by_id: BTreeMap<String, Vec<u8>> = crate::sorting::map_of(blobs);
        for info in self.tables.values_mut() {
            let mut snapshots = Vec::new();
            for &v in &info.retained {
                let id = blob_id(info.uid, v);
                let bytes = by_id.remove(&id).ok_or_else(|| {
                    format!("table {} version {v} has no stored data", info.full_name)
                })?;
                let table = crate::table::encode::decode(&bytes)
                    .map_err(|e| format!("table {} version {v}: {e}", info.full_name))?;
                snapshots.push((v, Arc::new(table)));
            }
            info.snapshots = snapshots;
        }
        if let Some(id) = by_id.keys().next() {
            return Err(format!("stored table data '{id}' belongs to no table"));
        }
        self.saved_table_blobs.0 = self.table_blob_ids().into_iter().collect();
        Ok(())
    }

    /// Parses a three-level table name (lower-cased, as UC stores names).
    pub fn table_name(&self, name: &str) -> Result<FullName, MlflowError> {
        FullName::parse(name, "table").map_err(|e| MlflowError::invalid(e.0))
    }

    pub fn table_exists(&self, name: &FullName) -> bool {
        self.tables.contains_key(&name.to_string())
    }

    fn use_privileges(name: &FullName) -> Vec<(Privilege, Securable)> {
        vec![
            (
                Privilege::UseCatalog,
                Securable::Catalog(name.catalog.clone()),
            ),
            (
                Privilege::UseSchema,
                Securable::Schema(name.catalog.clone(), name.schema.clone()),
            ),
        ]
    }

    /// Checks the acting principal may do `privilege` on the table (plus USE CATALOG / USE
    /// SCHEMA), after checking it exists.
    pub fn require_table(&self, name: &FullName, privilege: Privilege) -> Result<(), MlflowError> {
        if !self.table_exists(name) {
            return Err(not_found(&name.to_string()));
        }
        let mut needed = Self::use_privileges(name);
        needed.push((privilege, Securable::Table(name.clone())));
        self.require(&needed)
    }

    pub fn table(&self, name: &FullName) -> Result<&TableInfo, MlflowError> {
        self.tables
            .get(&name.to_string())
            .ok_or_else(|| not_found(&name.to_string()))
    }

    pub fn table_mut(&mut self, name: &FullName) -> Result<&mut TableInfo, MlflowError> {
        self.tables
            .get_mut(&name.to_string())
            .ok_or_else(|| not_found(&name.to_string()))
    }

    /// Reads a table (SELECT), optionally as of a version.
    pub fn read_table(
        &self,
        name: &FullName,
        version: Option<u64>,
    ) -> Result<Arc<Table>, MlflowError> {
        self.require_table(name, Privilege::Select)?;
        let info = self.table(name)?;
        match version {
            Some(v) => info.as_of(v),
            None => Ok(info.current()),
        }
    }

    /// Creates an empty table with `data`'s columns (version 0, `CREATE TABLE`); the caller
    /// writes rows as a later version. Needs CREATE TABLE on the schema.
    pub fn create_table(
        &mut self,
        name: &FullName,
        empty: Table,
        comment: &str,
        now: i64,
    ) -> Result<(), MlflowError> {
        self.check_schema(&name.catalog, &name.schema)?;
        let mut needed = Self::use_privileges(name);
        needed.push((
            Privilege::CreateTable,
            Securable::Schema(name.catalog.clone(), name.schema.clone()),
        ));
        self.require(&needed)?;
        if self.table_exists(name) {
            return Err(MlflowError::exists(format!(
                "[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view `{}`.`{}`.`{}` because it already exists.",
                name.catalog, name.schema, name.name
            )));
        }
        let user = self.principal();
        self.next_table_uid += 1;
        let mut info = TableInfo {
            uid: self.next_table_uid,
            full_name: name.to_string(),
            comment: comment.to_string(),
            created_at: now,
            created_by: user.clone(),
            primary_keys: Vec::new(),
            timeseries_column: None,
            tags: BTreeMap::new(),
            history: Vec::new(),
            producers: Vec::new(),
            online: Vec::new(),
            properties: BTreeMap::new(),
            online_source: None,
            retained: Vec::new(),
            snapshots: Vec::new(),
            index: None,
            time_index: None,
        };
        let params = BTreeMap::from([
            ("isManaged".to_string(), "true".to_string()),
            ("description".to_string(), comment.to_string()),
        ]);
        info.commit(empty, "CREATE TABLE", params, BTreeMap::new(), &user, now);
        self.tables.insert(name.to_string(), info);
        self.access
            .set_owner(&Securable::Table(name.clone()), &user);
        Ok(())
    }

    /// Writes a new version (MODIFY).
    pub fn commit_table(
        &mut self,
        name: &FullName,
        data: impl Into<Arc<Table>>,
        operation: &str,
        parameters: BTreeMap<String, String>,
        metrics: BTreeMap<String, i64>,
        now: i64,
    ) -> Result<u64, MlflowError> {
        self.require_table(name, Privilege::Modify)?;
        let user = self.principal();
        let info = self.table_mut(name)?;
        Ok(info.commit(data, operation, parameters, metrics, &user, now))
    }

    /// `DESCRIBE HISTORY name` (SELECT): one row per version, newest first, with Delta's
    /// columns (`operationParameters` / `operationMetrics` as maps, shown as text).
    pub fn describe_history(&self, name: &FullName) -> Result<Table, MlflowError> {
        use crate::table::Column;
        self.require_table(name, Privilege::Select)?;
        let info = self.table(name)?;
        let commits: Vec<&Commit> = info.history.iter().rev().collect();
        fn map<V: std::fmt::Display>(m: &BTreeMap<String, V>) -> String {
            let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k} -> {v}")).collect();
            format!("{{{}}}", parts.join(", "))
        }
        let names = [
            "version",
            "timestamp",
            "userName",
            "operation",
            "operationParameters",
            "operationMetrics",
        ];
        Table::new(
            names.map(String::from).to_vec(),
            vec![
                Column::ints(commits.iter().map(|c| c.version as i64).collect()),
                Column::timestamps(commits.iter().map(|c| c.timestamp).collect()),
                Column::strings(commits.iter().map(|c| c.user_name.clone()).collect()),
                Column::strings(commits.iter().map(|c| c.operation.clone()).collect()),
                Column::strings(
                    commits
                        .iter()
                        .map(|c| map(&c.operation_parameters))
                        .collect(),
                ),
                Column::strings(commits.iter().map(|c| map(&c.operation_metrics)).collect()),
            ],
        )
        .map_err(|e| MlflowError::invalid(e.to_string()))
    }

    /// `ALTER TABLE ... SET TBLPROPERTIES (...)` (MODIFY): a new version with the same data,
    /// as Delta records it. Values are kept as written; `true`/`false` are lower-cased.
    pub fn set_table_properties(
        &mut self,
        name: &FullName,
        props: Vec<(String, String)>,
        now: i64,
    ) -> Result<u64, MlflowError> {
        self.require_table(name, Privilege::Modify)?;
        let user = self.principal();
        let info = self.table_mut(name)?;
        let mut shown = serde_json::Map::new();
        for (k, v) in props {
            let v = match v.to_ascii_lowercase().as_str() {
                b @ ("true" | "false") => b.to_string(),
                _ => v,
            };
            shown.insert(k.clone(), serde_json::Value::String(v.clone()));
            info.properties.insert(k, v);
        }
        let params = BTreeMap::from([(
            "properties".to_string(),
            serde_json::Value::Object(shown).to_string(),
        )]);
        let data = info.current();
        Ok(info.commit(
            data,
            "SET TBLPROPERTIES",
            params,
            BTreeMap::new(),
            &user,
            now,
        ))
    }

    /// `DROP TABLE`: the owner (or a manager) only. Online copies are left in place, as
    /// Databricks leaves them.
    pub fn drop_table(&mut self, name: &FullName) -> Result<TableInfo, MlflowError> {
        if !self.table_exists(name) {
            return Err(not_found(&name.to_string()));
        }
        let sec = Securable::Table(name.clone());
        if !self.access.can_manage(&self.principal(), &sec) {
            return Err(MlflowError::denied(format!(
                "User '{}' is not the owner of {} and cannot drop it.",
                self.principal(),
                sec.describe()
            )));
        }
        self.access.forget(&sec);
        self.lineage
            .forget(&super::lineage::Node::Table(name.to_string()));
        self.tables
            .remove(&name.to_string())
            .ok_or_else(|| not_found(&name.to_string()))
    }

    /// Sets (or overwrites) a tag: APPLY TAG on the table.
    pub fn set_table_tag(
        &mut self,
        name: &FullName,
        key: &str,
        value: &str,
    ) -> Result<(), MlflowError> {
        self.require_table(name, Privilege::ApplyTag)?;
        self.table_mut(name)?
            .tags
            .insert(key.to_string(), value.to_string());
        Ok(())
    }

    /// Removes a tag; `false` when the table had no such tag.
    pub fn unset_table_tag(&mut self, name: &FullName, key: &str) -> Result<bool, MlflowError> {
        self.require_table(name, Privilege::ApplyTag)?;
        Ok(self.table_mut(name)?.tags.remove(key).is_some())
    }

    /// The primary-key index of a table's current version (built once per version).
    pub fn key_index(&mut self, name: &FullName) -> Result<Arc<KeyIndex>, MlflowError> {
        let info = self.table_mut(name)?;
        if let Some(index) = &info.index {
            return Ok(index.clone());
        }
        let current = info.current();
        let keys = info.key_columns();
        let columns = keys
            .iter()
            .map(|k| current.column(k, false))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| MlflowError::invalid(e.to_string()))?;
        let (index, _) = KeyIndex::build(&columns, current.num_rows());
        let index = Arc::new(index);
        info.index = Some(index.clone());
        Ok(index)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn large_tables_keep_at_most_twice_their_size_in_versions() {
        use crate::table::{Column, Table};
        let big = |v: i64| {
            let rows = (RETAINED_BYTES_FLOOR / 8) * 3 / 4;
            Table::new(vec!["x".into()], vec![Column::ints(vec![v; rows])]).unwrap()
        };
        let mut info = TableInfo {
            uid: 1,
            full_name: "main.default.big".into(),
            comment: String::new(),
            created_at: 0,
            created_by: "me".into(),
            primary_keys: Vec::new(),
            timeseries_column: None,
            tags: BTreeMap::new(),
            history: Vec::new(),
            producers: Vec::new(),
            online: Vec::new(),
            properties: BTreeMap::new(),
            online_source: None,
            retained: Vec::new(),
            snapshots: Vec::new(),
            index: None,
            time_index: None,
        };
        for v in 0..4 {
            info.commit(big(v), "WRITE", BTreeMap::new(), BTreeMap::new(), "me", v);
        }
        // Each version is 3/4 of the floor: two fit in twice the current size, three do not.
        assert_eq!(info.retained, vec![2, 3]);
        let data = info.current();
        info.commit(
            data,
            "SET TBLPROPERTIES",
            BTreeMap::new(),
            BTreeMap::new(),
            "me",
            5,
        );
        assert_eq!(info.retained, vec![2, 3, 4], "shared data costs nothing");
    }

    use super::*;
    use crate::table::Column;

    fn data(n: i64) -> Table {
        Table::new(vec!["id".into()], vec![Column::ints((0..n).collect())]).unwrap()
    }

    #[test]
    fn versions_are_kept_up_to_the_retention_and_then_refused() {
        let mut u = Unity::default();
        let name = u.table_name("main.default.t").unwrap();
        u.create_table(&name, data(0), "c", 1).unwrap();
        for i in 1..=6 {
            u.commit_table(&name, data(i), "WRITE", BTreeMap::new(), BTreeMap::new(), 1)
                .unwrap();
        }
        let info = u.table(&name).unwrap();
        assert_eq!(info.version(), 6);
        assert_eq!(info.history.len(), 7);
        assert_eq!(u.read_table(&name, Some(3)).unwrap().num_rows(), 3);
        assert_eq!(u.read_table(&name, None).unwrap().num_rows(), 6);
        let e = u.read_table(&name, Some(1)).unwrap_err();
        assert!(
            e.message.contains("Available versions: [2, 6]"),
            "{}",
            e.message
        );
    }

    #[test]
    fn blob_ids_round_trip() {
        let id = blob_id(3, 12);
        assert_eq!(parse_blob_id(&id), Some((3, 12)));
        assert_eq!(parse_blob_id("tables/x"), None);
    }
}
