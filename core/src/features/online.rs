//! The online store: Databricks Online Feature Store instances (`create_online_store`), and
//! feature tables published to them (`publish_table`) for key lookups at serving time.
//!
//! An online table is a Unity Catalog table (three-level `online_table_name`) holding the
//! source's **latest row per primary key** (for a time-series table, the row with the latest
//! timestamp), keyed by the primary keys and served through a hash index. It records what it
//! copies ([`OnlineSource`]); it keeps only its latest data.
//!
//! Sync rules (Databricks' publish modes): `SNAPSHOT` copies once; `TRIGGERED` (default)
//! copies on every `publish_table` call (Databricks runs the sync pipeline when triggered);
//! `CONTINUOUS` follows every write to the source ([`sync_continuous`], called after each
//! `write_table`). `TRIGGERED` and `CONTINUOUS` need Change Data Feed on the source
//! (`ALTER TABLE ... SET TBLPROPERTIES (delta.enableChangeDataFeed = true)`), as Databricks
//! requires; `SNAPSHOT` does not.
//!
//! The client-side checks and messages are databricks-feature-engineering 0.14.0's. Where the
//! service answers (an unknown store, CDF off, a name taken by another table), the messages
//! are ours, worded after the service's. Deleting a store drops its online tables (the
//! database instance goes with it); the source tables keep their data.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::training::{key_columns, time_values};
use super::{feature_table, resolve_name, Flavor, FsError, FsResult};
use crate::catalog::names::FullName;
use crate::catalog::privileges::Privilege;
use crate::catalog::tables::{OnlinePublication, OnlineSource, OnlineStore};
use crate::catalog::Unity;
use crate::table::keys::KeyIndex;
use crate::table::Table;

pub const CAPACITIES: [&str; 4] = ["CU_1", "CU_2", "CU_4", "CU_8"];
pub const PUBLISH_MODES: [&str; 3] = ["SNAPSHOT", "TRIGGERED", "CONTINUOUS"];

fn check_capacity(capacity: &str) -> FsResult<()> {
    if CAPACITIES.contains(&capacity) {
        Ok(())
    } else {
        Err(FsError::Value(format!(
            "Invalid capacity '{capacity}'. Capacity must be one of {}.",
            CAPACITIES.join(", ")
        )))
    }
}

/// `create_online_store(name=, capacity=, read_replica_count=)`: the store is available at
/// once (Databricks takes minutes to provision; the sandbox does not make learners wait).
pub fn create_online_store(
    unity: &mut Unity,
    name: &str,
    capacity: &str,
    read_replica_count: u32,
    now: i64,
) -> FsResult<OnlineStore> {
    check_capacity(capacity)?;
    if read_replica_count > 3 {
        return Err(FsError::Value(
            "read_replica_count can be at most 3 for an online store.".into(),
        ));
    }
    if unity.online_stores.contains_key(name) {
        return Err(FsError::Value(format!(
            "Online store '{name}' already exists."
        )));
    }
    let store = OnlineStore {
        name: name.to_string(),
        capacity: capacity.to_string(),
        read_replica_count,
        state: "AVAILABLE".into(),
        creator: unity.principal(),
        creation_time: now,
    };
    unity.online_stores.insert(name.to_string(), store.clone());
    Ok(store)
}

/// `get_online_store(name=)`: `None` when there is none (the client returns `None`).
pub fn get_online_store(unity: &Unity, name: &str) -> Option<OnlineStore> {
    unity.online_stores.get(name).cloned()
}

fn missing_store(name: &str) -> FsError {
    FsError::Value(format!("Online store '{name}' does not exist."))
}

/// `update_online_store(name=, capacity=, read_replica_count=)`.
pub fn update_online_store(
    unity: &mut Unity,
    name: &str,
    capacity: Option<&str>,
    read_replica_count: Option<u32>,
) -> FsResult<OnlineStore> {
    if let Some(c) = capacity {
        check_capacity(c)?;
    }
    let store = unity
        .online_stores
        .get_mut(name)
        .ok_or_else(|| missing_store(name))?;
    if let Some(c) = capacity {
        store.capacity = c.to_string();
    }
    if let Some(r) = read_replica_count {
        store.read_replica_count = r;
    }
    Ok(store.clone())
}

/// `delete_online_store(name=)`: the store and its online tables go.
pub fn delete_online_store(unity: &mut Unity, name: &str) -> FsResult<()> {
    unity
        .online_stores
        .remove(name)
        .ok_or_else(|| missing_store(name))?;
    let online: Vec<String> = unity
        .tables
        .iter()
        .filter(|(_, t)| {
            t.online_source
                .as_ref()
                .is_some_and(|o| o.online_store == name)
        })
        .map(|(k, _)| k.clone())
        .collect();
    for t in online {
        unity.tables.remove(&t);
    }
    for t in unity.tables.values_mut() {
        t.online.retain(|o| o.online_store != name);
    }
    Ok(())
}

/// `publish_table`'s arguments. Options the Databricks online store refuses are kept as
/// "was it given" flags so the refusal names them.
#[derive(Debug, Clone, Default)]
pub struct Publish {
    pub online_store: String,
    pub source_table_name: Option<String>,
    pub online_table_name: Option<String>,
    pub publish_mode: Option<String>,
    pub mode: Option<String>,
    pub streaming: bool,
    pub filter_condition: bool,
    pub checkpoint_location: bool,
    pub trigger: bool,
    pub features: bool,
}

/// What `publish_table` returns (`PublishedTable`).
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedTable {
    pub online_table_name: String,
    pub source_table_name: String,
    pub publish_mode: String,
    pub synced_version: u64,
    pub rows: usize,
}

/// The latest row per primary key of a source table's current data (for a table without a
/// timeseries key, the data itself, shared rather than copied).
pub fn latest_per_key(
    data: &Arc<Table>,
    primary_keys: &[String],
    ts: Option<&str>,
) -> FsResult<Arc<Table>> {
    let Some(ts) = ts else {
        return Ok(data.clone());
    };
    let keys = key_columns(data, primary_keys)?;
    let (index, ids) = KeyIndex::build(&keys, data.num_rows());
    let col = data
        .column(ts, true)
        .map_err(|e| FsError::Value(e.to_string()))?;
    let times =
        time_values(col).ok_or_else(|| FsError::Value(format!("'{ts}' is not a timestamp")))?;
    let mut best: Vec<Option<usize>> = vec![None; index.len()];
    for (row, id) in ids.iter().enumerate() {
        let Some(id) = id else { continue };
        if col.is_null(row) {
            continue;
        }
        let slot = &mut best[*id as usize];
        if slot.is_none_or(|b| times[row] >= times[b]) {
            *slot = Some(row);
        }
    }
    let mut rows: Vec<usize> = best.into_iter().flatten().collect();
    rows.sort_unstable();
    Ok(Arc::new(data.take(&rows)))
}

/// `publish_table(online_store=, source_table_name=, online_table_name=, publish_mode=)`.
pub fn publish_table(
    unity: &mut Unity,
    p: Publish,
    now: i64,
) -> FsResult<(PublishedTable, Vec<String>)> {
    let mut warnings = Vec::new();
    let source = p
        .source_table_name
        .ok_or_else(|| FsError::Value("source_table_name is required".into()))?;
    let source = resolve_name(Flavor::Uc, unity, &source)?;
    let mode = p.mode.unwrap_or_else(|| "merge".into());
    if mode != "merge" {
        return Err(FsError::Value(format!(
            "Unsupported mode '{mode}'. 'merge' is the only supported mode."
        )));
    }
    let online = p.online_table_name.ok_or_else(|| {
        FsError::Value("online_table_name is required for Databricks online store".into())
    })?;
    if online.split('.').count() != 3 || online.split('.').any(str::is_empty) {
        return Err(FsError::Value(format!(
            "Online table name '{online}' is not valid. Expected format '<catalog_name>.<schema_name>.<table_name>'"
        )));
    }
    if p.filter_condition {
        return Err(FsError::Value(
            "filter_condition can not be set for Databricks online store".into(),
        ));
    }
    if p.checkpoint_location {
        return Err(FsError::Value(
            "checkpoint_location can not be set for Databricks online store".into(),
        ));
    }
    let mut publish_mode = p.publish_mode.unwrap_or_else(|| "TRIGGERED".into());
    if p.streaming {
        if publish_mode == "SNAPSHOT" {
            return Err(FsError::Value(format!(
                "streaming=True is not supported for publish_mode={publish_mode}"
            )));
        }
        warnings.push("streaming=True is deprecated, please use publish_mode=\"CONTINUOUS\" instead. Publishing in CONTINUOUS mode.".into());
        publish_mode = "CONTINUOUS".into();
    }
    if p.trigger {
        return Err(FsError::Value(
            "trigger can not be set for Databricks online store".into(),
        ));
    }
    if p.features {
        return Err(FsError::Value(
            "features can not be set for Databricks online store".into(),
        ));
    }
    if !PUBLISH_MODES.contains(&publish_mode.as_str()) {
        return Err(FsError::Value(format!(
            "Invalid publish mode: {publish_mode}"
        )));
    }
    if !unity.online_stores.contains_key(&p.online_store) {
        return Err(missing_store(&p.online_store));
    }
    let info = feature_table(unity, &source)?;
    let current = info.current();
    let pk = info.primary_keys.clone();
    if publish_mode != "SNAPSHOT" && !info.change_data_feed() {
        return Err(FsError::Value(format!(
            "Change Data Feed must be enabled on the source table '{source}' to publish it in {publish_mode} mode. Run: ALTER TABLE {source} SET TBLPROPERTIES (delta.enableChangeDataFeed = true), or publish with publish_mode=\"SNAPSHOT\"."
        )));
    }
    unity.require_table(&source, Privilege::Select)?;
    let target = unity.table_name(&online)?;
    if let Ok(existing) = unity.table(&target) {
        match &existing.online_source {
            Some(o) if o.source_table == source.to_string() => {}
            _ => {
                return Err(FsError::Value(format!(
                    "[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create online table `{}`.`{}`.`{}` because a table of that name exists and is not an online table of '{source}'.",
                    target.catalog, target.schema, target.name
                )))
            }
        }
    } else {
        unity.create_table(&target, current.head(0), "", now)?;
        let t = unity.table_mut(&target)?;
        t.primary_keys = pk;
        t.online_source = Some(OnlineSource {
            source_table: source.to_string(),
            online_store: p.online_store.clone(),
            publish_mode: publish_mode.clone(),
            synced_version: 0,
            synced_at: now,
        });
    }
    if let Some(o) = unity.table_mut(&target)?.online_source.as_mut() {
        o.publish_mode = publish_mode.clone();
        o.online_store = p.online_store.clone();
    }
    let published = sync(unity, &source, &target, now)?;
    Ok((published, warnings))
}

/// Copies the source's latest rows per key into the online table.
fn sync(
    unity: &mut Unity,
    source: &FullName,
    target: &FullName,
    now: i64,
) -> FsResult<PublishedTable> {
    let info = unity.table(source)?;
    let version = info.version();
    let data = latest_per_key(
        &info.current(),
        &info.primary_keys,
        info.timeseries_column.as_deref(),
    )?;
    let rows = data.num_rows();
    let user = unity.principal();
    let t = unity.table_mut(target)?;
    let mode = t
        .online_source
        .as_ref()
        .map(|o| o.publish_mode.clone())
        .unwrap_or_default();
    let store = t
        .online_source
        .as_ref()
        .map(|o| o.online_store.clone())
        .unwrap_or_default();
    let params = BTreeMap::from([
        ("source".to_string(), source.to_string()),
        ("sourceVersion".to_string(), version.to_string()),
    ]);
    let metrics = BTreeMap::from([("numOutputRows".to_string(), rows as i64)]);
    t.commit(data, "ONLINE SYNC", params, metrics, &user, now);
    if let Some(o) = t.online_source.as_mut() {
        o.synced_version = version;
        o.synced_at = now;
    }
    let src = unity.table_mut(source)?;
    src.online
        .retain(|o| o.online_table_name != target.to_string());
    src.online.push(OnlinePublication {
        online_store: store,
        online_table_name: target.to_string(),
        publish_mode: mode.clone(),
        version,
        published_at: now,
    });
    Ok(PublishedTable {
        online_table_name: target.to_string(),
        source_table_name: source.to_string(),
        publish_mode: mode,
        synced_version: version,
        rows,
    })
}

/// After a write to `source`: re-syncs its `CONTINUOUS` online tables.
pub fn sync_continuous(unity: &mut Unity, source: &FullName, now: i64) -> FsResult<()> {
    let targets: Vec<String> = match unity.table(source) {
        Ok(info) => info
            .online
            .iter()
            .filter(|o| o.publish_mode == "CONTINUOUS")
            .map(|o| o.online_table_name.clone())
            .collect(),
        Err(_) => return Ok(()),
    };
    for t in targets {
        let target = unity.table_name(&t)?;
        if unity.table_exists(&target) {
            sync(unity, source, &target, now)?;
        }
    }
    Ok(())
}

/// Point lookups: for each row of `keys` (columns named like the online table's primary
/// keys), the online row's position, or `None` when the key is not online.
pub fn lookup_positions(
    unity: &mut Unity,
    online_table: &FullName,
    keys: &Table,
) -> FsResult<Vec<Option<usize>>> {
    unity.require_table(online_table, Privilege::Select)?;
    let info = unity.table(online_table)?;
    if info.online_source.is_none() {
        return Err(FsError::Value(format!(
            "'{online_table}' is not an online table."
        )));
    }
    let pk = info.primary_keys.clone();
    let index = unity.key_index(online_table)?;
    let probe = key_columns(keys, &pk)?;
    Ok(index
        .probe_all(&probe, keys.num_rows())
        .into_iter()
        .map(|p| p.map(|r| r as usize))
        .collect())
}

/// Point lookups returning the rows: the key columns, then the online table's other columns
/// (nulls where a key is not online).
pub fn lookup(unity: &mut Unity, online_table: &FullName, keys: &Table) -> FsResult<Table> {
    let positions = lookup_positions(unity, online_table, keys)?;
    let info = unity.table(online_table)?;
    let data = info.current();
    let mut names = Vec::new();
    let mut columns = Vec::new();
    for (name, col) in data.names().iter().zip(data.columns()) {
        names.push(name.clone());
        columns.push(match keys.column(name, true) {
            Ok(k) if info.primary_keys.contains(name) => k.clone(),
            _ => col.take(&positions),
        });
    }
    Table::new(names, columns).map_err(|e| FsError::Value(e.to_string()))
}
