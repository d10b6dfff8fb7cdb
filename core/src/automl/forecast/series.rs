//! Forecasting data preparation: rows to regular series, one per `identity_col` value.
//!
//! - Rows with a missing time or target are dropped (counted in an alert).
//! - Several rows at one time of one series are averaged, as the generated Databricks trial
//!   notebooks do ("take average if there are multiple `target_col` values in the same
//!   group").
//! - Each series is put on its grid: its first time plus whole steps of `frequency`. A time
//!   off that grid is an error naming it (the runtime's "Input time column includes different
//!   frequency" check); missing steps are filled with the previous value, as the runtime does
//!   for ARIMA (§1.2).
//! - Series are ordered by their identity values (as text), so runs are deterministic.
//!
//! The time column may hold dates, timestamps, or text that parses as either.

use std::collections::BTreeMap;

use super::frequency::Frequency;
use crate::table::csv::parse_timestamp;
use crate::table::{Cell, DType, Table};
use crate::time::utc_text;

const DAY_MS: i64 = 86_400_000;

/// The most grid points Lakelab puts in one series (a wrong `frequency` such as seconds over
/// years would otherwise fill the tab's memory).
pub const MAX_STEPS: i64 = 200_000;

/// One regular series.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The identity columns' values (empty for a single series).
    pub key: Vec<Cell>,
    /// The first grid point (epoch milliseconds, UTC).
    pub start_ms: i64,
    /// The value at each grid step.
    pub values: Vec<f64>,
}

impl Series {
    /// The identity values as text (how the saved model matches input rows).
    pub fn key_text(&self) -> Vec<String> {
        self.key.iter().map(Cell::text).collect()
    }
}

/// The prepared series and what preparation did.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub series: Vec<Series>,
    /// Whether the time column holds dates (so outputs stay dates).
    pub time_is_date: bool,
    pub dropped_rows: usize,
    pub averaged_rows: usize,
    pub filled_steps: usize,
}

fn time_ms(c: &Cell) -> Option<i64> {
    match c {
        Cell::Date(d) => Some(*d as i64 * DAY_MS),
        Cell::Timestamp(ms) => Some(*ms),
        Cell::Str(s) => parse_timestamp(s.trim()),
        _ => None,
    }
}

/// Checks the columns' types: a numeric target, a date / timestamp / text time column.
pub fn check_types(table: &Table, target_col: &str, time_col: &str) -> Result<(), String> {
    let target = table.column(target_col, false).map_err(|e| e.to_string())?;
    if !matches!(target.dtype(), DType::Int | DType::Float) {
        return Err(format!(
            "target_col '{target_col}' must be numeric to forecast it; it holds {} values",
            target.dtype().spark_name()
        ));
    }
    let time = table.column(time_col, false).map_err(|e| e.to_string())?;
    if !matches!(time.dtype(), DType::Date | DType::Timestamp | DType::Str) {
        return Err(format!(
            "time_col '{time_col}' must hold dates or timestamps; it holds {} values (convert it with to_date / to_timestamp first)",
            time.dtype().spark_name()
        ));
    }
    Ok(())
}

/// Turns the rows into regular series.
pub fn prepare(
    table: &Table,
    target_col: &str,
    time_col: &str,
    identity_cols: &[String],
    frequency: Frequency,
) -> Result<Prepared, String> {
    check_types(table, target_col, time_col)?;
    let err = |e: crate::table::TableError| e.to_string();
    let target = table.column(target_col, false).map_err(err)?;
    let time = table.column(time_col, false).map_err(err)?;
    let ids = identity_cols
        .iter()
        .map(|c| table.column(c, false).map_err(err))
        .collect::<Result<Vec<_>, _>>()?;
    // Text times are dates when every one is written as a date (YYYY-MM-DD).
    let time_is_date = match time.dtype() {
        DType::Date => true,
        DType::Str => (0..table.num_rows()).all(|i| match time.get(i) {
            Cell::Str(s) => s.trim().len() == 10,
            _ => true,
        }),
        _ => false,
    };
    type Points = BTreeMap<i64, (f64, usize)>;
    let mut groups: BTreeMap<Vec<String>, (Vec<Cell>, Points)> = BTreeMap::new();
    let mut dropped = 0;
    for i in 0..table.num_rows() {
        let cell = time.get(i);
        let (Some(y), false) = (target.f64_at(i), cell.is_null()) else {
            dropped += 1;
            continue;
        };
        let t = time_ms(&cell).ok_or_else(|| {
            format!(
                "time_col '{time_col}' row {i}: '{}' is not a date or timestamp (write dates as YYYY-MM-DD, timestamps as YYYY-MM-DD HH:MM:SS)",
                cell.text()
            )
        })?;
        let key_cells: Vec<Cell> = ids.iter().map(|c| c.get(i)).collect();
        let key: Vec<String> = key_cells.iter().map(Cell::text).collect();
        let entry = groups
            .entry(key)
            .or_insert_with(|| (key_cells, BTreeMap::new()));
        let p = entry.1.entry(t).or_insert((0.0, 0));
        p.0 += y;
        p.1 += 1;
    }
    if groups.is_empty() {
        return Err(format!(
            "the dataset has no rows with both '{time_col}' and '{target_col}' set"
        ));
    }
    let (mut averaged, mut filled) = (0, 0);
    let mut series = Vec::new();
    for (key, (key_cells, points)) in groups {
        let name = if key.is_empty() {
            String::new()
        } else {
            format!(" of series {}", key.join(", "))
        };
        let Some((&start, _)) = points.iter().next() else {
            continue;
        };
        let mut values: Vec<f64> = Vec::new();
        for (&t, &(sum, count)) in &points {
            averaged += count - 1;
            let k = frequency.steps_between(start, t).ok_or_else(|| {
                format!(
                    "Input time column includes different frequency than the specified frequency {}: '{}'{name} is not a whole number of steps after the series' first time '{}'. Pass the frequency of the data (frequency=...).",
                    frequency.alias(),
                    utc_text(t),
                    utc_text(start)
                )
            })?;
            if k >= MAX_STEPS {
                return Err(format!(
                    "the series{name} spans more than {MAX_STEPS} steps of frequency {}; pass a coarser frequency",
                    frequency.alias()
                ));
            }
            let k = k as usize;
            let v = sum / count as f64;
            while values.len() < k {
                let prev = values.last().copied().unwrap_or(v);
                values.push(prev);
                filled += 1;
            }
            values.push(v);
        }
        series.push(Series {
            key: key_cells,
            start_ms: start,
            values,
        });
    }
    Ok(Prepared {
        series,
        time_is_date,
        dropped_rows: dropped,
        averaged_rows: averaged,
        filled_steps: filled,
    })
}
