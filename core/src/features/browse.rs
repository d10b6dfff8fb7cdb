//! What the Feature Store pages show, computed here so the UI stays thin: feature tables with
//! search, a table's schema with key markers, its history with row-count changes, its online
//! copies and how fresh they are, its consumers (lineage), and creating a feature table from
//! CSV text (a bundled dataset or an upload).

use std::collections::BTreeMap;

use super::{create_table, CreateArgs, Flavor, FsError, FsResult};
use crate::catalog::lineage::Node;
use crate::catalog::tables::TableInfo;
use crate::catalog::Unity;
use crate::table::csv::{parse, CsvOptions};
use crate::table::Table;
use crate::time::utc_text;

/// One feature table in the list.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSummary {
    pub name: String,
    pub description: String,
    pub primary_keys: Vec<String>,
    pub timeseries_column: Option<String>,
    pub tags: BTreeMap<String, String>,
    pub rows: usize,
    pub columns: usize,
    pub version: u64,
    /// Names of its online tables.
    pub online_tables: Vec<String>,
    /// Set when this is an online table: its source.
    pub online_source: Option<String>,
}

fn summary(info: &TableInfo) -> TableSummary {
    let current = info.current();
    TableSummary {
        name: info.full_name.clone(),
        description: info.comment.clone(),
        primary_keys: info.primary_keys.clone(),
        timeseries_column: info.timeseries_column.clone(),
        tags: info.tags.clone(),
        rows: current.num_rows(),
        columns: current.num_columns(),
        version: info.version(),
        online_tables: info
            .online
            .iter()
            .map(|o| o.online_table_name.clone())
            .collect(),
        online_source: info.online_source.as_ref().map(|o| o.source_table.clone()),
    }
}

/// Feature tables (and online tables) whose name, keys or tags contain `query`
/// (case-insensitive; empty matches all), by name.
pub fn feature_tables(unity: &Unity, query: &str) -> Vec<TableSummary> {
    let q = query.trim().to_lowercase();
    unity
        .tables
        .values()
        .filter(|t| t.is_feature_table())
        .map(summary)
        .filter(|s| {
            q.is_empty()
                || s.name.to_lowercase().contains(&q)
                || s.primary_keys.iter().any(|k| k.to_lowercase().contains(&q))
                || s.timeseries_column
                    .as_ref()
                    .is_some_and(|k| k.to_lowercase().contains(&q))
                || s.tags
                    .iter()
                    .any(|(k, v)| k.to_lowercase().contains(&q) || v.to_lowercase().contains(&q))
        })
        .collect()
}

/// A column of the schema.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnInfo {
    pub name: String,
    /// Spark's type name (`bigint`, `double`, ...).
    pub data_type: String,
    /// `primary key`, `timeseries key`, or empty.
    pub key: &'static str,
    pub nulls: usize,
}

pub fn schema(info: &TableInfo) -> Vec<ColumnInfo> {
    let current = info.current();
    current
        .names()
        .iter()
        .zip(current.columns())
        .map(|(n, c)| ColumnInfo {
            name: n.clone(),
            data_type: c.dtype().spark_name().into(),
            key: if info.timeseries_column.as_deref() == Some(n) {
                "timeseries key"
            } else if info.primary_keys.contains(n) {
                "primary key"
            } else {
                ""
            },
            nulls: c.null_count(),
        })
        .collect()
}

/// One line of `DESCRIBE HISTORY`, with the change in row count.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    pub version: u64,
    pub time: String,
    pub user: String,
    pub operation: String,
    pub rows: Option<u64>,
    /// Rows after minus rows before (None for the first version or unknown counts).
    pub change: Option<i64>,
    /// Delta's metrics, `name=value` joined by commas.
    pub metrics: String,
    /// Whether time travel can still read it.
    pub readable: bool,
}

/// The history, newest first.
pub fn history(info: &TableInfo) -> Vec<HistoryRow> {
    let mut rows: Vec<HistoryRow> = info
        .history
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let before = i.checked_sub(1).and_then(|p| info.history[p].num_rows);
            HistoryRow {
                version: c.version,
                time: utc_text(c.timestamp),
                user: c.user_name.clone(),
                operation: c.operation.clone(),
                rows: c.num_rows,
                change: match (before, c.num_rows) {
                    (Some(b), Some(a)) => Some(a as i64 - b as i64),
                    _ => None,
                },
                metrics: c
                    .operation_metrics
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                readable: info.retained.contains(&c.version),
            }
        })
        .collect();
    rows.reverse();
    rows
}

/// An online copy of a table and how far behind it is.
#[derive(Debug, Clone, PartialEq)]
pub struct OnlineStatus {
    pub online_table: String,
    pub online_store: String,
    pub publish_mode: String,
    pub synced_version: u64,
    pub source_version: u64,
    pub synced_at: String,
    pub rows: usize,
}

impl OnlineStatus {
    /// Source versions written since the last sync.
    pub fn versions_behind(&self) -> u64 {
        self.source_version.saturating_sub(self.synced_version)
    }
}

pub fn online_status(unity: &Unity, info: &TableInfo) -> Vec<OnlineStatus> {
    info.online
        .iter()
        .filter_map(|p| {
            let online = unity.tables.get(&p.online_table_name)?;
            let src = online.online_source.as_ref()?;
            Some(OnlineStatus {
                online_table: p.online_table_name.clone(),
                online_store: src.online_store.clone(),
                publish_mode: src.publish_mode.clone(),
                synced_version: src.synced_version,
                source_version: info.version(),
                synced_at: utc_text(src.synced_at),
                rows: online.current().num_rows(),
            })
        })
        .collect()
}

/// What reads the table downstream (runs, model versions, endpoints), nearest first.
pub fn consumers(unity: &Unity, name: &str) -> Vec<String> {
    unity
        .downstream(&Node::Table(name.to_string()))
        .iter()
        .map(Node::label)
        .collect()
}

/// Rows `start..start + n` as text (null shown as `null`, as Spark's `show()` does).
pub fn rows_text(table: &Table, start: usize, n: usize) -> Vec<Vec<String>> {
    let end = (start + n).min(table.num_rows());
    (start..end)
        .map(|r| {
            table
                .columns()
                .iter()
                .map(|c| {
                    if c.is_null(r) {
                        "null".to_string()
                    } else {
                        c.get(r).text()
                    }
                })
                .collect()
        })
        .collect()
}

/// The header of CSV text: its column names (for choosing keys before creating).
pub fn csv_columns(text: &str) -> FsResult<Vec<String>> {
    let first = text.lines().next().unwrap_or_default();
    let t = parse(
        first,
        &CsvOptions {
            header: true,
            ..CsvOptions::default()
        },
    )
    .map_err(|e| FsError::Value(format!("The CSV header cannot be read: {e}")))?;
    Ok(t.names().to_vec())
}

/// Creates a feature table from CSV text (header row, types inferred), as
/// `fe.create_table(name=..., primary_keys=..., df=spark.read.csv(..., header=True,
/// inferSchema=True))` would. Parse errors name the line and column.
#[allow(clippy::too_many_arguments)]
pub fn create_from_csv(
    unity: &mut Unity,
    name: &str,
    text: &str,
    primary_keys: Vec<String>,
    timeseries: Option<String>,
    description: &str,
    producer: &str,
    now: i64,
) -> FsResult<Vec<String>> {
    let df = parse(
        text,
        &CsvOptions {
            header: true,
            infer: true,
            dates: true,
            ..CsvOptions::default()
        },
    )
    .map_err(|e| FsError::Value(format!("The CSV file cannot be read: {e}")))?;
    let args = CreateArgs {
        name: name.to_string(),
        primary_keys,
        timeseries: timeseries.into_iter().collect(),
        df: Some(df),
        description: (!description.trim().is_empty()).then(|| description.to_string()),
        ..CreateArgs::default()
    };
    let created = create_table(Flavor::Uc, unity, args, producer, now)?;
    if !created.created {
        return Err(FsError::Value(format!(
            "The table '{name}' already exists; create_table returns an existing table without writing. Choose another name, or write to it with fe.write_table(..., mode=\"merge\")."
        )));
    }
    Ok(created.warnings)
}
