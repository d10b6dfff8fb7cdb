//! Feature Engineering in Unity Catalog (`FeatureEngineeringClient`) and the legacy workspace
//! Feature Store (`FeatureStoreClient`), over the Delta tables of [`crate::catalog::tables`].
//!
//! Semantics and messages follow `databricks-feature-engineering` 0.14.0 (see
//! `../shared/reference/feature_engineering.md`): a feature table is a table with a primary
//! key; `create_table` of an existing UC table returns it without writing; `write_table`
//! merges (upsert on the keys, never deleting); training sets left-join plain tables and
//! as-of-join time-series tables.
//!
//! Where Databricks leaves a failure to Spark or the server, Lakelab words it as they do
//! (`[DELTA_NOT_NULL_CONSTRAINT_VIOLATED]`, `[TABLE_OR_VIEW_NOT_FOUND]`). Choices of ours:
//! the legacy client's two-level names live in the `hive_metastore` catalog (as they do in a
//! UC workspace); HMS table ACLs are not modelled, so UC privileges apply there too.

pub mod browse;
pub mod functions;
pub mod lookup;
mod lookup_de;
pub mod online;
pub mod packaging;
pub mod schema;
pub mod training;
pub mod write;

use std::collections::BTreeMap;

use crate::catalog::names::FullName;
use crate::catalog::privileges::Privilege;
use crate::catalog::tables::TableInfo;
use crate::catalog::Unity;
use crate::table::{Column, DType, Table};
use crate::tracking::MlflowError;

pub use schema::schema_repr;

/// Which client is calling: their rules differ (names, modes, defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// `databricks.feature_engineering.FeatureEngineeringClient`.
    Uc,
    /// `databricks.feature_store.FeatureStoreClient`.
    Legacy,
}

impl Flavor {
    pub fn class_name(self) -> &'static str {
        match self {
            Flavor::Uc => "FeatureEngineeringClient",
            Flavor::Legacy => "FeatureStoreClient",
        }
    }
}

/// A refusal, by the Python exception it becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum FsError {
    Value(String),
    Type(String),
    Runtime(String),
    /// Spark's `AnalysisException` (Delta constraint and schema errors).
    Spark(String),
    /// Unity Catalog refused (privileges, missing schema).
    Catalog(MlflowError),
}

impl FsError {
    pub fn message(&self) -> String {
        match self {
            FsError::Value(m) | FsError::Type(m) | FsError::Runtime(m) | FsError::Spark(m) => {
                m.clone()
            }
            FsError::Catalog(e) => e.message.clone(),
        }
    }
}

impl From<MlflowError> for FsError {
    fn from(e: MlflowError) -> Self {
        FsError::Catalog(e)
    }
}

pub type FsResult<T> = Result<T, FsError>;

pub const HIVE_METASTORE: &str = "hive_metastore";

const UC_ONLY: &str = "FeatureEngineeringClient only supports feature tables in Unity Catalog. For feature tables in hive metastore, use databricks.feature_store.FeatureStoreClient.";

/// Resolves a table name as the client does: FE needs `catalog.schema.table`; the legacy client
/// also takes `database.table` (and `table`, in `default`) in `hive_metastore`.
pub fn resolve_name(flavor: Flavor, unity: &Unity, name: &str) -> FsResult<FullName> {
    let parts = name.split('.').count();
    let full = match (flavor, parts) {
        (_, 3) => name.to_string(),
        (Flavor::Uc, _) => return Err(FsError::Value(UC_ONLY.into())),
        (Flavor::Legacy, 2) => format!("{HIVE_METASTORE}.{name}"),
        (Flavor::Legacy, 1) => format!("{HIVE_METASTORE}.default.{name}"),
        (Flavor::Legacy, _) => {
            return Err(FsError::Value(format!(
                "Invalid table name '{name}': use '<database>.<table>' or '<catalog>.<schema>.<table>'."
            )))
        }
    };
    let n = unity.table_name(&full)?;
    if flavor == Flavor::Uc && n.catalog == HIVE_METASTORE {
        return Err(FsError::Value(UC_ONLY.into()));
    }
    Ok(n)
}

/// "The feature data table for '<name>' could not be found." (the client's existence check).
pub fn not_found(name: &FullName) -> FsError {
    FsError::Value(format!(
        "The feature data table for '{name}' could not be found."
    ))
}

/// The table behind a feature-table call: it must exist and have a primary key.
pub fn feature_table<'u>(unity: &'u Unity, name: &FullName) -> FsResult<&'u TableInfo> {
    let info = unity.table(name).map_err(|_| not_found(name))?;
    if let Some(o) = &info.online_source {
        return Err(FsError::Value(format!(
            "Table '{name}' is an online view. Online Views are not feature tables. Please use the source table '{}' instead.",
            o.source_table
        )));
    }
    if !info.is_feature_table() {
        return Err(FsError::Value(
            "Table can't be used as a feature table because it has no primary key constraint defined. Use 'ALTER TABLE table_name ADD CONSTRAINT table_name_pk PRIMARY KEY( key_column [,...] )' to add a primary key constraint on the table.".into(),
        ));
    }
    Ok(info)
}

/// What `get_table` returns (`FeatureTable`).
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureTableView {
    pub name: String,
    pub table_id: String,
    pub description: String,
    /// Primary keys *and* the timeseries column, as `get_table` reports them.
    pub primary_keys: Vec<String>,
    pub timestamp_keys: Vec<String>,
    pub partition_columns: Vec<String>,
    /// Every column, keys included, as the Feature Catalog lists them.
    pub features: Vec<String>,
    pub creation_timestamp: i64,
    pub online_stores: Vec<String>,
    pub notebook_producers: Vec<String>,
    pub tags: BTreeMap<String, String>,
}

pub fn view(info: &TableInfo) -> FeatureTableView {
    let current = info.current();
    FeatureTableView {
        name: info.full_name.clone(),
        table_id: table_id(&info.full_name, info.created_at),
        description: info.comment.clone(),
        primary_keys: info.key_columns(),
        timestamp_keys: info.timeseries_column.iter().cloned().collect(),
        partition_columns: Vec::new(),
        features: current.names().to_vec(),
        creation_timestamp: info.created_at,
        online_stores: info.online.iter().map(|o| o.online_store.clone()).collect(),
        notebook_producers: info.producers.clone(),
        tags: info.tags.clone(),
    }
}

/// A stable id derived from the name and creation time (a real table id is a UUID).
fn table_id(name: &str, created_at: i64) -> String {
    let h = crate::crc32::hash(format!("{name}@{created_at}").as_bytes());
    let h2 = crate::crc32::hash(format!("{created_at}#{name}").as_bytes());
    format!(
        "{h:08x}-{:04x}-{:04x}-{:04x}-{h2:08x}{:04x}",
        h >> 16,
        h2 >> 16,
        h & 0xffff,
        h2 & 0xffff
    )
}

/// `get_table`: the feature table's metadata (SELECT is not needed, BROWSE-like access is
/// enough, but the table must be visible: USE CATALOG / USE SCHEMA).
pub fn get_table(flavor: Flavor, unity: &Unity, name: &str) -> FsResult<FeatureTableView> {
    let n = resolve_name(flavor, unity, name)?;
    let info = feature_table(unity, &n)?;
    unity.require_table(&n, Privilege::Browse).or_else(|e| {
        // SELECT implies being able to see the table.
        unity
            .require_table(&n, Privilege::Select)
            .map_err(|_| FsError::Catalog(e))
    })?;
    Ok(view(info))
}

/// `read_table`: the current data (SELECT), or a Delta version.
pub fn read_table(
    flavor: Flavor,
    unity: &Unity,
    name: &str,
    version: Option<u64>,
) -> FsResult<std::sync::Arc<Table>> {
    let n = resolve_name(flavor, unity, name)?;
    feature_table(unity, &n)?;
    Ok(unity.read_table(&n, version)?)
}

/// `drop_table`: drops the feature table and its Delta table; online copies stay. Returns
/// the warnings the client logs.
pub fn drop_table(flavor: Flavor, unity: &mut Unity, name: &str) -> FsResult<Vec<String>> {
    let n = resolve_name(flavor, unity, name)?;
    let Ok(info) = unity.table(&n) else {
        return Err(FsError::Value(format!(
            "Feature table '{n}' does not exist."
        )));
    };
    if !info.is_feature_table() {
        return Err(FsError::Value(format!(
            "Delta table '{n}' is not a feature table. Use spark API to drop the delta table. For more information on Spark API, see https://docs.databricks.com/sql/language-manual/sql-ref-syntax-ddl-drop-table.html."
        )));
    }
    let dropped = unity.drop_table(&n)?;
    let mut warnings = vec!["Deleting a feature table can lead to unexpected failures in upstream producers and downstream consumers (models, endpoints, and scheduled jobs).".to_string()];
    if !dropped.online.is_empty() {
        let tables: Vec<String> = dropped
            .online
            .iter()
            .map(|o| format!("{}: {}", o.online_store, o.online_table_name))
            .collect();
        warnings.push(format!(
            "You must delete the following published online stores: \n{}",
            tables.join("\n")
        ));
    }
    Ok(warnings)
}

/// `set_feature_table_tag`: create or overwrite. The legacy client needs a non-empty key and
/// value; UC allows a key-only tag.
pub fn set_tag(
    flavor: Flavor,
    unity: &mut Unity,
    name: &str,
    key: &str,
    value: &str,
) -> FsResult<()> {
    let n = resolve_name(flavor, unity, name)?;
    feature_table(unity, &n)?;
    if key.is_empty() {
        return Err(FsError::Value("Tag key cannot be empty.".into()));
    }
    if n.catalog == HIVE_METASTORE && value.is_empty() {
        return Err(FsError::Value("Tag value cannot be empty.".into()));
    }
    unity.set_table_tag(&n, key, value)?;
    Ok(())
}

/// `delete_feature_table_tag`: an unknown key is a warning, not an error.
pub fn delete_tag(
    flavor: Flavor,
    unity: &mut Unity,
    name: &str,
    key: &str,
) -> FsResult<Vec<String>> {
    let n = resolve_name(flavor, unity, name)?;
    feature_table(unity, &n)?;
    if unity.unset_table_tag(&n, key)? {
        Ok(Vec::new())
    } else {
        Ok(vec![format!(
            "The tag \"{key}\" for feature table \"{n}\" was not found, so the delete operation has been skipped."
        )])
    }
}

/// Arguments of `create_table` (both clients; FE's `timeseries_column` and the legacy
/// `timestamp_keys` arrive as `timeseries`).
#[derive(Debug, Clone, Default)]
pub struct CreateArgs {
    pub name: String,
    pub primary_keys: Vec<String>,
    pub timeseries: Vec<String>,
    pub df: Option<Table>,
    pub schema: Option<Vec<(String, DType)>>,
    pub description: Option<String>,
    pub tags: BTreeMap<String, String>,
}

/// What `create_table` did.
#[derive(Debug, Clone, PartialEq)]
pub struct Created {
    pub table: FeatureTableView,
    /// False when the table existed and was returned as it was.
    pub created: bool,
    pub warnings: Vec<String>,
}

fn check_unique(keys: &[String], what: &str) -> FsResult<()> {
    for (i, k) in keys.iter().enumerate() {
        if keys[..i].contains(k) {
            return Err(FsError::Value(format!(
                "Found duplicated key '{k}' in {what}. {what} must be unique."
            )));
        }
    }
    Ok(())
}

/// `create_table`, with the real rules: an existing UC table is returned unwritten; a new
/// table gets its key constraint (keys become NOT NULL) and then `df` in overwrite mode; any
/// failure after creation drops the new table.
pub fn create_table(
    flavor: Flavor,
    unity: &mut Unity,
    args: CreateArgs,
    producer: &str,
    now: i64,
) -> FsResult<Created> {
    let n = resolve_name(flavor, unity, &args.name)?;
    let mut primary_keys = args.primary_keys.clone();
    check_unique(&primary_keys, "primary_keys")?;
    check_unique(&args.timeseries, "timestamp_keys")?;
    if args.timeseries.len() > 1 {
        return Err(FsError::Value(
            "Setting multiple timeseries keys is not supported.".into(),
        ));
    }
    let timeseries = args.timeseries.first().cloned();
    let mut warnings = Vec::new();
    if let Some(ts) = &timeseries {
        let in_pk = primary_keys.contains(ts);
        match (flavor, in_pk) {
            (Flavor::Uc, false) => {
                return Err(FsError::Value(format!(
                    "Timeseries column '{ts}' is not in primary_keys. Timeseries columns must be primary keys."
                )))
            }
            (Flavor::Legacy, false) => {}
            (_, true) => primary_keys.retain(|k| k != ts),
        }
    }
    if primary_keys.is_empty() {
        return Err(FsError::Value(if args.primary_keys.is_empty() {
            "primary_keys can not be empty.".into()
        } else {
            "A feature table must have at least one primary key that is not also a timeseries key."
                .into()
        }));
    }
    if let Some(info) = unity.tables.get(&n.to_string()) {
        if !info.is_feature_table() {
            return Err(FsError::Value(format!(
                "Data table {n} already exists. Use a different name."
            )));
        }
        if n.catalog == HIVE_METASTORE {
            warnings.push(format!(
                "The feature table \"{n}\" already exists. Use \"FeatureStoreClient.write_table\" API to write to the feature table."
            ));
        }
        return Ok(Created {
            table: view(info),
            created: false,
            warnings,
        });
    }
    let schema: Vec<(String, DType)> = match (&args.df, &args.schema) {
        (None, None) => {
            return Err(FsError::Value(
                "Either schema or df must be provided".into(),
            ))
        }
        (Some(df), Some(s)) => {
            let of_df = schema::of(df);
            if &of_df != s {
                return Err(FsError::Value("Provide either 'schema' or 'df' arguments. If both arguments are provided, their schemas must match.".into()));
            }
            of_df
        }
        (Some(df), None) => schema::of(df),
        (None, Some(s)) => s.clone(),
    };
    let check = |cols: &[String], what: &str| -> FsResult<()> {
        for c in cols {
            if !schema.iter().any(|(name, _)| name == c) {
                return Err(FsError::Value(format!(
                    "The provided DataFrame or schema must contain all specified {what}. Schema {} is missing column '{c}'",
                    schema::repr_of(&schema)
                )));
            }
        }
        Ok(())
    };
    check(&primary_keys, "primary keys")?;
    if let Some(ts) = &timeseries {
        check(std::slice::from_ref(ts), "timestamp keys")?;
        let t = schema.iter().find(|(c, _)| c == ts).map(|(_, t)| *t);
        if !matches!(t, Some(DType::Date | DType::Timestamp)) {
            return Err(FsError::Value(format!(
                "Timeseries column '{ts}' must be of type DateType or TimestampType."
            )));
        }
    }
    let names: Vec<String> = schema.iter().map(|(c, _)| c.clone()).collect();
    let empty = Table::new(
        names,
        schema.iter().map(|(_, t)| Column::empty(*t)).collect(),
    )
    .map_err(|e| FsError::Value(e.to_string()))?;
    unity.create_table(&n, empty, args.description.as_deref().unwrap_or(""), now)?;
    let result = (|| -> FsResult<()> {
        {
            let info = unity.table_mut(&n)?;
            info.primary_keys = primary_keys.clone();
            info.timeseries_column = timeseries.clone();
            info.tags = args.tags.clone();
            info.producers.push(producer.to_string());
        }
        if let Some(df) = &args.df {
            write::write(unity, &n, df, write::Mode::Overwrite, producer, now)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = unity.tables.remove(&n.to_string());
        return Err(e);
    }
    let info = unity.table(&n)?;
    Ok(Created {
        table: view(info),
        created: true,
        warnings,
    })
}
