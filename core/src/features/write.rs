//! `write_table`: merge (an upsert on the primary keys plus the timeseries column) and the
//! legacy client's overwrite, with the client's pre-write checks.
//!
//! Merge, as Delta's `MERGE` run by the client: a key in the table and in `df` has the columns
//! `df` holds updated and the others kept; a key only in `df` is inserted with nulls for the
//! columns `df` lacks; a key only in the table is untouched; a column only in `df` is added to
//! the table (null for existing rows). An int column written into a double column widens, as
//! Spark's store assignment does; any other type change is Delta's
//! `DELTA_FAILED_TO_MERGE_FIELDS` error.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{feature_table, resolve_name, schema, Flavor, FsError, FsResult};
use crate::catalog::names::FullName;
use crate::catalog::Unity;
use crate::table::keys::KeyIndex;
use crate::table::{Column, DType, Data, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Merge,
    Overwrite,
}

/// `write_table(name, df, mode)` from a client: the mode rules, then [`write`]. Returns the
/// client's warnings.
pub fn write_table(
    flavor: Flavor,
    unity: &mut Unity,
    name: &str,
    df: &Table,
    mode: &str,
    producer: &str,
    now: i64,
) -> FsResult<Vec<String>> {
    let mode = match (flavor, mode) {
        (_, "merge") => Mode::Merge,
        (Flavor::Legacy, "overwrite") => Mode::Overwrite,
        (Flavor::Uc, other) => return Err(FsError::Value(format!(
            "Unsupported mode '{other}'. 'merge' is the only supported mode. If you want to overwrite a table, run SQL 'DELETE FROM <table name>;' to delete all rows, or drop and recreate the table before calling this method."
        ))),
        (Flavor::Legacy, other) => {
            return Err(FsError::Value(format!("Unsupported mode '{other}'.")))
        }
    };
    let n = resolve_name(flavor, unity, name)?;
    feature_table(unity, &n)?;
    write(unity, &n, df, mode, producer, now)
}

/// How the key index of the written version is derived (see [`write`]).
enum Carried {
    Replace(KeyIndex),
    Extend(Arc<KeyIndex>, Vec<usize>),
}

fn key_error(info_keys: &[String], df: &Table, what: &str) -> FsError {
    let list: Vec<String> = info_keys.iter().map(|k| format!("'{k}'")).collect();
    FsError::Value(format!(
        "The provided DataFrame must contain all specified {what} and have the same type. Could not find key(s) '[{}]' with correct types in schema {}.",
        list.join(", "),
        schema::schema_repr(df)
    ))
}

/// Checks and writes `df` into an existing feature table as a new version.
pub fn write(
    unity: &mut Unity,
    name: &FullName,
    df: &Table,
    mode: Mode,
    producer: &str,
    now: i64,
) -> FsResult<Vec<String>> {
    let info = unity.table(name)?;
    let current = info.current();
    let mut warnings = Vec::new();
    // Column names are case-insensitive and unique.
    for (i, c) in df.names().iter().enumerate() {
        if let Some(prev) = df.names()[..i].iter().find(|p| p.eq_ignore_ascii_case(c)) {
            return Err(FsError::Value(format!(
                "The provided DataFrame cannot contain duplicate column names. Column names are case insensitive. The DataFrame contains duplicate columns: {prev}, {c}"
            )));
        }
        if let Some(existing) = current
            .names()
            .iter()
            .find(|e| e.eq_ignore_ascii_case(c) && *e != c)
        {
            return Err(FsError::Value(format!(
                "Feature names cannot differ by only case. The provided DataFrame has column {c}, which duplicates the Feature Catalog column {existing}. Please rename the column"
            )));
        }
    }
    let type_of = |t: &Table, c: &str| t.find(c, true).ok().map(|i| t.column_at(i).dtype());
    if info
        .primary_keys
        .iter()
        .any(|k| type_of(df, k).is_none() || type_of(df, k) != type_of(&current, k))
    {
        return Err(key_error(&info.primary_keys, df, "primary key columns"));
    }
    if let Some(ts) = &info.timeseries_column {
        if type_of(df, ts).is_none() || type_of(df, ts) != type_of(&current, ts) {
            return Err(FsError::Value(format!(
                "The provided DataFrame must contain the specified timestamp key column and have the same type. Could not find key '{ts}' with correct types in schema {}.",
                schema::schema_repr(df)
            )));
        }
        let missing: Vec<String> = current
            .names()
            .iter()
            .filter(|c| type_of(df, c).is_none())
            .map(|c| format!("'{c}'"))
            .collect();
        if !missing.is_empty() {
            return Err(FsError::Value(format!(
                "Feature table has a timestamp column. When calling write_table the provided DataFrame must contain all the feature columns. Could not find column(s) '[{}]'.",
                missing.join(", ")
            )));
        }
        if df.column(ts, true).is_ok_and(|c| c.null_count() > 0) {
            warnings.push("DataFrame has null values in timestamp key column.".into());
        }
    }
    let keys = info.key_columns();
    let key_cols: Vec<&Column> = keys
        .iter()
        .map(|k| df.column(k, true))
        .collect::<Result<_, _>>()
        .map_err(|e| FsError::Value(e.to_string()))?;
    // The key constraint: primary-key columns are NOT NULL.
    for (k, c) in keys.iter().zip(&key_cols) {
        if info.primary_keys.contains(k) && c.null_count() > 0 {
            return Err(FsError::Spark(format!(
                "[DELTA_NOT_NULL_CONSTRAINT_VIOLATED] NOT NULL constraint violated for column: {k}."
            )));
        }
    }
    // Uniqueness of the keys within `df` (checked by the client before writing).
    let (df_index, ids) = KeyIndex::build(&key_cols, df.num_rows());
    let distinct = ids.iter().flatten().count();
    if df_index.len() != distinct {
        let list: Vec<String> = keys.iter().map(|k| format!("'{k}'")).collect();
        return Err(FsError::Value(format!(
            "Non-unique rows detected in input dataframe for key combination [{}].",
            list.join(", ")
        )));
    }
    for (c, t) in df.names().iter().zip(df.columns()) {
        if let Some(existing) = type_of(&current, c) {
            let ok = existing == t.dtype() || (existing == DType::Float && t.dtype() == DType::Int);
            if !ok {
                return Err(FsError::Spark(format!(
                    "[DELTA_FAILED_TO_MERGE_FIELDS] Failed to merge fields '{c}' and '{c}'. Failed to merge incompatible data types {} and {}",
                    schema::type_class(existing).trim_end_matches("()"),
                    schema::type_class(t.dtype()).trim_end_matches("()")
                )));
            }
        }
    }
    // The key index carries over: after an overwrite the rows are `df`'s, in order, so `df`'s
    // uniqueness index is the table's; after a merge the rows keep their positions and new
    // keys are appended, so the old index gains the new keys. No rebuild on the next lookup.
    let carried: Carried;
    let (data, operation, params, metrics) = match mode {
        Mode::Overwrite => {
            carried = Carried::Replace(df_index);
            let data = overwrite(&current, df)?;
            let metrics = BTreeMap::from([
                ("numOutputRows".to_string(), data.num_rows() as i64),
                ("numFiles".to_string(), 1),
            ]);
            let params = BTreeMap::from([("mode".to_string(), "Overwrite".to_string())]);
            (data, "WRITE", params, metrics)
        }
        Mode::Merge => {
            let index = unity.key_index(name)?;
            let (data, updated, inserts) = merge(&current, df, &keys, &index)?;
            let inserted = inserts.len();
            carried = Carried::Extend(index, inserts);
            let metrics = BTreeMap::from([
                ("numSourceRows".to_string(), df.num_rows() as i64),
                ("numTargetRowsUpdated".to_string(), updated as i64),
                ("numTargetRowsInserted".to_string(), inserted as i64),
                ("numTargetRowsDeleted".to_string(), 0),
                ("numOutputRows".to_string(), (updated + inserted) as i64),
            ]);
            let cond: Vec<String> = keys
                .iter()
                .map(|k| format!("(target.{k} = source.{k})"))
                .collect();
            let params = BTreeMap::from([("predicate".to_string(), cond.join(" AND "))]);
            (data, "MERGE", params, metrics)
        }
    };
    unity.commit_table(name, data, operation, params, metrics, now)?;
    let info = unity.table_mut(name)?;
    info.index = Some(Arc::new(match carried {
        Carried::Replace(index) => index,
        Carried::Extend(index, inserts) => {
            let mut index = Arc::try_unwrap(index).unwrap_or_else(|shared| (*shared).clone());
            index.insert_positions(&key_cols, inserts.into_iter());
            index
        }
    }));
    if !info.producers.iter().any(|p| p == producer) {
        info.producers.push(producer.to_string());
    }
    super::online::sync_continuous(unity, name, now)?;
    Ok(warnings)
}

/// Overwrite with `mergeSchema`: `df`'s rows; table columns `df` lacks stay in the schema,
/// null.
fn overwrite(current: &Table, df: &Table) -> FsResult<Table> {
    let mut names = Vec::new();
    let mut columns = Vec::new();
    for (c, col) in current.names().iter().zip(current.columns()) {
        names.push(c.clone());
        columns.push(match df.find(c, true) {
            Ok(i) => widen(df.column_at(i), col.dtype()),
            Err(_) => Column::nulls(col.dtype(), df.num_rows()),
        });
    }
    for (c, col) in df.names().iter().zip(df.columns()) {
        if current.find(c, true).is_err() {
            names.push(c.clone());
            columns.push(col.clone());
        }
    }
    Table::new(names, columns).map_err(|e| FsError::Runtime(e.to_string()))
}

/// An int column written into a double column.
fn widen(c: &Column, to: DType) -> Column {
    if c.dtype() == DType::Int && to == DType::Float {
        c.cast(DType::Float)
    } else {
        c.clone()
    }
}

/// The upsert. Returns the new table and the counts of updated and inserted rows.
fn merge(
    current: &Table,
    df: &Table,
    keys: &[String],
    index: &KeyIndex,
) -> FsResult<(Table, usize, Vec<usize>)> {
    let key_cols: Vec<&Column> = keys
        .iter()
        .filter_map(|k| df.column(k, true).ok())
        .collect();
    // Each df row: the table row it updates, or None (inserted).
    let targets = index.probe_all(&key_cols, df.num_rows());
    let updates: Vec<(usize, usize)> = targets
        .iter()
        .enumerate()
        .filter_map(|(src, t)| t.map(|t| (t as usize, src)))
        .collect();
    let inserts: Vec<usize> = targets
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_none())
        .map(|(i, _)| i)
        .collect();
    let n = current.num_rows();
    let mut names = Vec::new();
    let mut columns = Vec::new();
    for (c, col) in current.names().iter().zip(current.columns()) {
        names.push(c.clone());
        columns.push(match df.find(c, true) {
            Ok(i) => scatter(
                col,
                &widen(df.column_at(i), col.dtype()),
                &updates,
                &inserts,
            ),
            Err(_) => {
                let extra = Column::nulls(col.dtype(), inserts.len());
                append(col, &extra)
            }
        });
    }
    for (c, col) in df.names().iter().zip(df.columns()) {
        if current.find(c, true).is_err() {
            names.push(c.clone());
            columns.push(scatter(
                &Column::nulls(col.dtype(), n),
                col,
                &updates,
                &inserts,
            ));
        }
    }
    let table = Table::new(names, columns).map_err(|e| FsError::Runtime(e.to_string()))?;
    Ok((table, updates.len(), inserts))
}

/// `base` with rows `(target, source)` replaced from `src`, then `src`'s `inserts` appended.
/// Both columns have the same type (checked before).
fn scatter(base: &Column, src: &Column, updates: &[(usize, usize)], inserts: &[usize]) -> Column {
    fn go<T: Clone>(b: &[T], s: &[T], up: &[(usize, usize)], ins: &[usize]) -> Vec<T> {
        let mut out = Vec::with_capacity(b.len() + ins.len());
        out.extend_from_slice(b);
        for &(t, from) in up {
            out[t] = s[from].clone();
        }
        out.extend(ins.iter().map(|&i| s[i].clone()));
        out
    }
    let data = match (&base.data, &src.data) {
        (Data::Int(b), Data::Int(s)) => Data::Int(go(b, s, updates, inserts)),
        (Data::Float(b), Data::Float(s)) => Data::Float(go(b, s, updates, inserts)),
        (Data::Str(b), Data::Str(s)) => Data::Str(go(b, s, updates, inserts)),
        (Data::Bool(b), Data::Bool(s)) => Data::Bool(go(b, s, updates, inserts)),
        (Data::Date(b), Data::Date(s)) => Data::Date(go(b, s, updates, inserts)),
        (Data::Timestamp(b), Data::Timestamp(s)) => Data::Timestamp(go(b, s, updates, inserts)),
        (Data::Vector(b), Data::Vector(s)) => Data::Vector(go(b, s, updates, inserts)),
        (Data::Array(b), Data::Array(s)) => Data::Array(go(b, s, updates, inserts)),
        _ => return append(base, &Column::nulls(base.dtype(), inserts.len())),
    };
    let valid = if base.valid.is_none() && src.valid.is_none() {
        None
    } else {
        let b: Vec<bool> = (0..base.len()).map(|i| !base.is_null(i)).collect();
        let s: Vec<bool> = (0..src.len()).map(|i| !src.is_null(i)).collect();
        Some(go(&b, &s, updates, inserts))
    };
    Column { data, valid }
}

/// `base` followed by `extra` (same type).
fn append(base: &Column, extra: &Column) -> Column {
    if extra.is_empty() {
        return base.clone();
    }
    let all: Vec<usize> = (0..extra.len()).collect();
    scatter(base, extra, &[], &all)
}
