//! Training sets: `create_training_set(df, feature_lookups, label, exclude_columns)` checks
//! everything up front (as `TrainingSet.__init__` does) and `load_df()` joins.
//!
//! - A table without a timeseries column is LEFT-joined on the lookup keys.
//! - A time-series table is AS-OF joined: per row, the feature row with the same keys and the
//!   latest timestamp at or before the row's `timestamp_lookup_key`, and with a lookback
//!   window also no older than the window. Stored nulls are not skipped.
//! - `default_values` fill the feature's nulls after the join (the client calls `fillna`), so
//!   a stored null is filled too.
//! - Output: `df`'s columns, then each lookup's features in lookup order; `exclude_columns`
//!   are dropped last (excluded keys still join).
//! - Defaults of `feature_names`: every column but the keys, alphabetically (the Feature
//!   Catalog's order for tables without partition columns).
//!
//! `score_batch` joins the same way, except that a feature column already in `df` overrides
//! the table (see [`Join::Override`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::functions::{OnDemand, ResolvedFunction};
use super::lookup::{DefaultValue, FeatureLookup};
use super::{feature_table, resolve_name, Flavor, FsError, FsResult};
use crate::catalog::names::FullName;
use crate::catalog::privileges::Privilege;
use crate::catalog::Unity;
use crate::table::keys::KeyIndex;

use crate::table::{Cell, Column, DType, Data, Gather, Table};

/// `['a', 'b']`: a Python list of strings.
pub fn pylist(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("'{s}'")).collect();
    format!("[{}]", quoted.join(", "))
}

/// What a training set (and a model logged with it) records: the lookups with their
/// features resolved, the label and the excluded columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct FeatureSpec {
    pub lookups: Vec<ResolvedLookup>,
    pub labels: Vec<String>,
    pub exclude_columns: Vec<String>,
    /// `df`'s columns when the set was made (the model's raw inputs).
    pub input_columns: Vec<String>,
    /// On-demand features (`FeatureFunction`), computed after the lookups.
    #[serde(default)]
    pub functions: Vec<ResolvedFunction>,
}

crate::flat_de::map_only!(FeatureSpec);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ResolvedLookup {
    pub lookup: FeatureLookup,
    /// The full table name.
    pub table: String,
    /// (feature, output name).
    pub features: Vec<(String, String)>,
}

crate::flat_de::map_only!(ResolvedLookup);

impl FeatureSpec {
    /// Every feature output, in order (lookups, then on-demand features).
    pub fn feature_outputs(&self) -> Vec<String> {
        self.lookups
            .iter()
            .flat_map(|l| l.features.iter().map(|(_, o)| o.clone()))
            .chain(self.functions.iter().map(|f| f.output.clone()))
            .collect()
    }

    /// The tables the spec reads.
    pub fn tables(&self) -> Vec<String> {
        let mut t: Vec<String> = self.lookups.iter().map(|l| l.table.clone()).collect();
        t.dedup();
        t
    }
}

fn unique(items: &[String], template: &str) -> FsResult<()> {
    let mut dups = Vec::new();
    for (i, s) in items.iter().enumerate() {
        if items[..i].contains(s) && !dups.contains(s) {
            dups.push(s.clone());
        }
    }
    if dups.is_empty() {
        Ok(())
    } else {
        Err(FsError::Value(template.replace("{}", &pylist(&dups))))
    }
}

/// Checks a training set's arguments and resolves its lookups.
pub fn create_training_set(
    flavor: Flavor,
    unity: &Unity,
    df: &Table,
    lookups: &[FeatureLookup],
    labels: &[String],
    exclude_columns: &[String],
) -> FsResult<(FeatureSpec, Vec<String>)> {
    let mut warnings = Vec::new();
    let df_cols = df.names().to_vec();
    unique(&df_cols, "Found duplicate DataFrame column names {}.")?;
    unique(labels, "Found duplicate label names {}.")?;
    for l in labels {
        if !df_cols.contains(l) {
            return Err(FsError::Value(format!(
                "Label column '{l}' was not found in DataFrame"
            )));
        }
        if exclude_columns.contains(l) {
            return Err(FsError::Value(format!(
                "Label column '{l}' cannot be excluded"
            )));
        }
    }
    if flavor == Flavor::Legacy && lookups.iter().any(|l| !l.default_values.is_empty()) {
        warnings.push("FeatureStore Client does not support default values for FeatureLookups, Any specified default values will be ignored. Please use Feature Engineering Client".into());
    }
    let mut resolved = Vec::new();
    for l in lookups {
        let name = resolve_name(flavor, unity, &l.table_name)?;
        let info = feature_table(unity, &name)?;
        unity.require_table(&name, Privilege::Select)?;
        let current = info.current();
        let keys = info.key_columns();
        let features: Vec<String> = match &l.feature_names {
            Some(f) => f.clone(),
            None => {
                let mut f: Vec<String> = current
                    .names()
                    .iter()
                    .filter(|c| !keys.contains(c))
                    .cloned()
                    .collect();
                f.sort();
                f
            }
        };
        for f in &features {
            if current.find(f, true).is_err() {
                return Err(FsError::Value(format!(
                    "Unable to find feature '{f}' from feature table '{name}' in Feature Catalog."
                )));
            }
        }
        let mut lookup = l.clone();
        if flavor == Flavor::Legacy {
            lookup.default_values.clear();
        }
        resolved.push(ResolvedLookup {
            features: features
                .iter()
                .map(|f| (f.clone(), l.output_name(f).to_string()))
                .collect(),
            table: name.to_string(),
            lookup,
        });
    }
    let spec = FeatureSpec {
        lookups: resolved,
        labels: labels.to_vec(),
        exclude_columns: exclude_columns.to_vec(),
        input_columns: df_cols.clone(),
        functions: Vec::new(),
    };
    let outputs = spec.feature_outputs();
    unique(&outputs, "Found duplicate feature output names {}.")?;
    for l in labels {
        if outputs.contains(l) {
            return Err(FsError::Value(format!(
                "Feature cannot have same output name as label '{l}'."
            )));
        }
    }
    let conflicts: Vec<String> = outputs
        .iter()
        .filter(|o| df_cols.contains(o))
        .map(|o| format!("'{o}'"))
        .collect();
    if !conflicts.is_empty() {
        return Err(FsError::Value(format!(
            "DataFrame contains column names that match feature output names specified in FeatureLookups: {}. Either remove these columns from the DataFrame or FeatureLookups.",
            conflicts.join(", ")
        )));
    }
    let missing: Vec<String> = spec
        .lookups
        .iter()
        .flat_map(|l| l.lookup.lookup_key.iter())
        .filter(|k| !df_cols.contains(k))
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(FsError::Value(format!(
            "Could not find lookup key columns {} required by FeatureLookups.",
            pylist(&missing)
        )));
    }
    for l in &spec.lookups {
        check_join_keys(unity, df, l)?;
    }
    Ok((spec, warnings))
}

/// `_validate_join_keys`: key counts and types, for primary keys and the timestamp key.
pub fn check_join_keys(unity: &Unity, df: &Table, l: &ResolvedLookup) -> FsResult<()> {
    let name = FullName::parse(&l.table, "table").map_err(|e| FsError::Value(e.0))?;
    let info = feature_table(unity, &name)?;
    let current = info.current();
    let phrase = format!("Unable to join feature table '{}'", l.table);
    let pairs = [
        (
            info.primary_keys.clone(),
            l.lookup.lookup_key.clone(),
            "primary key",
            "lookup key",
        ),
        (
            info.timeseries_column.iter().cloned().collect(),
            l.lookup.timestamp_lookup_key.iter().cloned().collect(),
            "timestamp key",
            "timestamp lookup key",
        ),
    ];
    for (table_keys, df_keys, table_kind, df_kind) in pairs {
        let missing: Vec<String> = df_keys
            .iter()
            .filter(|k| df.find(k, true).is_err())
            .map(|k| format!("'{k}'"))
            .collect();
        if !missing.is_empty() {
            return Err(FsError::Value(format!(
                "{phrase} because {df_kind} {} not found in DataFrame.",
                missing.join(", ")
            )));
        }
        if table_keys.len() != df_keys.len() {
            return Err(FsError::Value(format!(
                "{phrase} because number of {table_kind}s ({}) does not match number of {df_kind}s ({}).",
                pylist(&table_keys),
                pylist(&df_keys)
            )));
        }
        for (tk, dk) in table_keys.iter().zip(&df_keys) {
            let tt = current.column(tk, true).map(Column::dtype);
            let dt = df.column(dk, true).map(Column::dtype);
            if let (Ok(tt), Ok(dt)) = (tt, dt) {
                if tt != dt {
                    return Err(FsError::Value(format!(
                        "{phrase} because {table_kind} '{tk}' has type '{}' but corresponding {df_kind} '{dk}' has type '{}' in DataFrame.",
                        tt.spark_name(),
                        dt.spark_name()
                    )));
                }
            }
        }
    }
    Ok(())
}

/// How feature columns already in `df` are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// Training: conflicts were refused up front.
    Training,
    /// Scoring: a column in `df` is used instead of the table's feature.
    Override,
}

/// Joins the spec's features onto `df` (`load_df()` / the lookup part of `score_batch`).
/// A spec with on-demand features needs [`load_with`].
pub fn load(unity: &mut Unity, df: &Table, spec: &FeatureSpec, join: Join) -> FsResult<Table> {
    load_with(unity, df, spec, join, None)
}

/// [`load`], computing on-demand features with `on_demand` after the lookups.
pub fn load_with(
    unity: &mut Unity,
    df: &Table,
    spec: &FeatureSpec,
    join: Join,
    on_demand: Option<OnDemand<'_>>,
) -> FsResult<Table> {
    let mut names = df.names().to_vec();
    let mut columns = df.columns().to_vec();
    for l in &spec.lookups {
        let name = FullName::parse(&l.table, "table").map_err(|e| FsError::Value(e.0))?;
        unity.require_table(&name, Privilege::Select)?;
        check_join_keys(unity, df, l)?;
        let wanted: Vec<&(String, String)> = l
            .features
            .iter()
            .filter(|(_, o)| join == Join::Training || df.find(o, true).is_err())
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let info = feature_table(unity, &name)?;
        let current = info.current();
        let positions = match &info.timeseries_column {
            None => left_positions(unity, &name, df, &l.lookup)?,
            Some(ts) => {
                let ts = ts.clone();
                as_of_positions(unity, &name, &ts, df, &l.lookup)?
            }
        };
        let plan = Gather::new(&positions);
        for (feature, output) in wanted {
            let col = current
                .column(feature, true)
                .map_err(|_| {
                    FsError::Value(format!(
                        "Unable to find feature '{feature}' from feature table '{}' in Delta.",
                        l.table
                    ))
                })?
                .gather(&plan);
            let col = match l.lookup.default_values.get(output) {
                Some(d) => fill(col, d),
                None => col,
            };
            names.push(output.clone());
            columns.push(col);
        }
    }
    let mut out = if columns.is_empty() {
        df.clone()
    } else {
        Table::new(names, columns).map_err(|e| FsError::Value(e.to_string()))?
    };
    let functions: Vec<ResolvedFunction> = spec
        .functions
        .iter()
        .filter(|f| join == Join::Training || df.find(&f.output, true).is_err())
        .cloned()
        .collect();
    out = super::functions::apply(out, &functions, on_demand)?;
    if !spec.exclude_columns.is_empty() {
        out = out.drop_names(&spec.exclude_columns, true);
    }
    Ok(out)
}

pub(crate) fn key_columns<'t>(t: &'t Table, names: &[String]) -> FsResult<Vec<&'t Column>> {
    names
        .iter()
        .map(|k| t.column(k, true).map_err(|e| FsError::Value(e.to_string())))
        .collect()
}

/// Left join: each df row's matching table row, through the table's primary-key index.
fn left_positions(
    unity: &mut Unity,
    name: &FullName,
    df: &Table,
    lookup: &FeatureLookup,
) -> FsResult<Vec<Option<usize>>> {
    let index: Arc<KeyIndex> = unity.key_index(name)?;
    let probe = key_columns(df, &lookup.lookup_key)?;
    // Keys are unique, so a key's id is its row (ids follow first appearance).
    Ok(index
        .probe_all(&probe, df.num_rows())
        .into_iter()
        .map(|id| id.map(|i| i as usize))
        .collect())
}

/// A timestamp as milliseconds (dates are whole days).
pub(crate) fn time_values(c: &Column) -> Option<Vec<i64>> {
    match &c.data {
        Data::Timestamp(v) => Some(v.clone()),
        Data::Date(v) => Some(
            v.iter()
                .map(|&d| i64::from(d) * crate::table::DAY_MS)
                .collect(),
        ),
        _ => None,
    }
}

/// As-of join: per df row, the table row with the same keys and the latest timestamp at or
/// before the row's, within the lookback window.
/// A time-series table's rows grouped by primary key, each group sorted by time: built once
/// per table version (cached on the table, as the key index is) and used by every as-of
/// join. Rows with a null time are left out.
#[derive(Debug)]
pub struct TimeIndex {
    keys: KeyIndex,
    /// Group `g`'s rows are `order[starts[g]..ends[g]]`, their times `times[...]` alike.
    starts: Vec<usize>,
    ends: Vec<usize>,
    order: Vec<usize>,
    times: Vec<i64>,
}

impl TimeIndex {
    pub fn build(table: &Table, primary_keys: &[String], ts: &str) -> FsResult<TimeIndex> {
        let t_keys = key_columns(table, primary_keys)?;
        let (keys, ids) = KeyIndex::build(&t_keys, table.num_rows());
        let col = table
            .column(ts, true)
            .map_err(|e| FsError::Value(e.to_string()))?;
        let t_time = time_values(col)
            .ok_or_else(|| FsError::Value(format!("'{ts}' is not a date or timestamp column")))?;
        // Counting sort by key, then each group by time.
        let groups = keys.len();
        let mut starts = vec![0usize; groups + 1];
        for id in ids.iter().flatten() {
            starts[*id as usize + 1] += 1;
        }
        for g in 0..groups {
            starts[g + 1] += starts[g];
        }
        let mut ends = starts.clone();
        let mut order = vec![0usize; starts[groups]];
        for (row, id) in ids.iter().enumerate() {
            if let Some(id) = id {
                if !col.is_null(row) {
                    order[ends[*id as usize]] = row;
                    ends[*id as usize] += 1;
                }
            }
        }
        for g in 0..groups {
            order[starts[g]..ends[g]].sort_by_key(|&r| t_time[r]);
        }
        let times = order.iter().map(|&r| t_time[r]).collect();
        starts.truncate(groups);
        ends.truncate(groups);
        Ok(TimeIndex {
            keys,
            starts,
            ends,
            order,
            times,
        })
    }
}

/// The cached time index of a table's current version.
fn time_index(unity: &mut Unity, name: &FullName) -> FsResult<Arc<TimeIndex>> {
    let info = unity.table_mut(name)?;
    if let Some(index) = &info.time_index {
        return Ok(index.clone());
    }
    let ts = info
        .timeseries_column
        .clone()
        .ok_or_else(|| FsError::Value(format!("'{name}' has no timeseries column")))?;
    let index = Arc::new(TimeIndex::build(&info.current(), &info.primary_keys, &ts)?);
    info.time_index = Some(index.clone());
    Ok(index)
}

fn as_of_positions(
    unity: &mut Unity,
    name: &FullName,
    ts: &str,
    df: &Table,
    lookup: &FeatureLookup,
) -> FsResult<Vec<Option<usize>>> {
    let Some(df_ts) = &lookup.timestamp_lookup_key else {
        return Err(FsError::Value(format!(
            "Unable to join feature table because number of timestamp keys (['{ts}']) does not match number of timestamp lookup keys ([])."
        )));
    };
    let index = time_index(unity, name)?;
    let probe = key_columns(df, &lookup.lookup_key)?;
    let d_col = df
        .column(df_ts, true)
        .map_err(|e| FsError::Value(e.to_string()))?;
    let d_time = time_values(d_col)
        .ok_or_else(|| FsError::Value(format!("'{df_ts}' is not a date or timestamp column")))?;
    let window = lookup.lookback_window_ms;
    let n = df.num_rows();
    let groups: Vec<Option<u32>> = (0..n)
        .map(|i| {
            if d_col.is_null(i) {
                None
            } else {
                index.keys.probe(&probe, i)
            }
        })
        .collect();
    // Visit the rows group by group (a counting sort), so the index's arrays are read in
    // order rather than at random: on big tables memory latency is the cost, not the search.
    let mut at_group = vec![0u32; index.starts.len() + 1];
    for g in groups.iter().flatten() {
        at_group[*g as usize + 1] += 1;
    }
    for g in 0..index.starts.len() {
        at_group[g + 1] += at_group[g];
    }
    let mut visit = vec![0u32; at_group[index.starts.len()] as usize];
    for (i, g) in groups.iter().enumerate() {
        if let Some(g) = g {
            let slot = &mut at_group[*g as usize];
            visit[*slot as usize] = i as u32;
            *slot += 1;
        }
    }
    let mut positions = vec![None; n];
    for &i in &visit {
        let i = i as usize;
        let Some(g) = groups[i] else { continue };
        let g = g as usize;
        let at = d_time[i];
        let (lo, hi) = (index.starts[g], index.ends[g]);
        let found = index.times[lo..hi].partition_point(|&t| t <= at);
        let Some(k) = found.checked_sub(1).map(|f| lo + f) else {
            continue;
        };
        positions[i] = match window {
            Some(w) if at - index.times[k] > w => None,
            _ => Some(index.order[k]),
        };
    }
    Ok(positions)
}

/// Fills a column's nulls with a default (ints widen into double columns; a default of
/// another type leaves the column as it is).
pub(crate) fn fill(col: Column, d: &DefaultValue) -> Column {
    let cell = match (d, col.dtype()) {
        (DefaultValue::Int(i), DType::Int) => Cell::Int(*i),
        (DefaultValue::Int(i), DType::Float) => Cell::Float(*i as f64),
        (DefaultValue::Float(f), DType::Float) => Cell::Float(*f),
        (DefaultValue::Str(s), DType::Str) => Cell::Str(s.clone()),
        (DefaultValue::Bool(b), DType::Bool) => Cell::Bool(*b),
        _ => return col,
    };
    if col.null_count() == 0 {
        return col;
    }
    let cells: Vec<Cell> = (0..col.len())
        .map(|i| {
            if col.is_null(i) {
                cell.clone()
            } else {
                col.get(i)
            }
        })
        .collect();
    Column::from_cells(col.dtype(), &cells).unwrap_or(col)
}

/// Every table a spec reads, with its version now (recorded with a logged model).
pub fn table_versions(unity: &Unity, spec: &FeatureSpec) -> BTreeMap<String, u64> {
    spec.tables()
        .into_iter()
        .filter_map(|t| {
            let v = unity.tables.get(&t)?.version();
            Some((t, v))
        })
        .collect()
}
