//! Summary statistics: Spark's `describe()` / `summary()` (a `summary` column of statistic
//! names, values as strings, string columns included) and pandas' `describe()` (numeric
//! columns, floats). Percentiles: Spark's `summary` returns an actual value (the smallest
//! with at least p of the rows at or below it, as `percentile_approx` does on small data);
//! pandas interpolates linearly.

use super::cell::{Cell, DType};
use super::column::Column;
use super::error::TableError;
use super::group::sample_variance;
use super::sort::compare_cells;
use super::Table;

fn sorted_values(c: &Column) -> Vec<Cell> {
    let mut v: Vec<Cell> = (0..c.len())
        .map(|i| c.get(i))
        .filter(|x| !x.is_null())
        .collect();
    crate::sorting::sort_by(&mut v, |a, b| compare_cells(a, b, true, true));
    v
}

/// Spark's `describe()` (count, mean, stddev, min, max) or `summary()` (adds 25%, 50%, 75%).
pub fn spark_summary(table: &Table, stats: &[&str]) -> Result<Table, TableError> {
    let mut names = vec!["summary".to_string()];
    let mut columns = vec![Column::strings(
        stats.iter().map(|s| s.to_string()).collect(),
    )];
    for (name, col) in table.names().iter().zip(table.columns()) {
        if !matches!(col.dtype(), DType::Int | DType::Float | DType::Str) {
            continue;
        }
        let values = sorted_values(col);
        let nums: Vec<f64> = values.iter().filter_map(Cell::as_f64).collect();
        let numeric = col.dtype().is_numeric();
        let mut cells = Vec::new();
        for s in stats {
            let text = match *s {
                "count" => Some(values.len().to_string()),
                "mean" if numeric && !nums.is_empty() => Some(super::float_text(
                    nums.iter().sum::<f64>() / nums.len() as f64,
                )),
                "stddev" if numeric => sample_variance(&nums).map(|v| super::float_text(v.sqrt())),
                "min" => values.first().map(Cell::text),
                "max" => values.last().map(Cell::text),
                p if p.ends_with('%') && numeric && !values.is_empty() => {
                    let q: f64 = p.trim_end_matches('%').parse().unwrap_or(50.0) / 100.0;
                    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
                    Some(values[rank - 1].text())
                }
                "mean" | "stddev" => None,
                p if p.ends_with('%') => None,
                other => {
                    return Err(TableError::Invalid(format!(
                        "{other} is not a recognised statistic"
                    )))
                }
            };
            cells.push(text.map_or(Cell::Null, Cell::Str));
        }
        names.push(name.clone());
        columns.push(Column::from_cells(DType::Str, &cells)?);
    }
    Table::new(names, columns)
}

/// The statistics pandas' `describe()` lists, in order.
pub const PANDAS_STATS: [&str; 8] = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"];

/// pandas' `describe()`: one float column per numeric column, rows [`PANDAS_STATS`].
pub fn pandas_describe(table: &Table) -> Result<Table, TableError> {
    let mut names = Vec::new();
    let mut columns = Vec::new();
    for (name, col) in table.names().iter().zip(table.columns()) {
        if !col.dtype().is_numeric() {
            continue;
        }
        let mut xs: Vec<f64> = (0..col.len())
            .filter_map(|i| col.f64_at(i))
            .filter(|f| !f.is_nan())
            .collect();
        xs.sort_by(f64::total_cmp);
        let quantile = |q: f64| -> f64 {
            if xs.is_empty() {
                return f64::NAN;
            }
            let pos = q * (xs.len() - 1) as f64;
            let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
            xs[lo] + (xs[hi] - xs[lo]) * (pos - lo as f64)
        };
        let mean = if xs.is_empty() {
            f64::NAN
        } else {
            xs.iter().sum::<f64>() / xs.len() as f64
        };
        let values = vec![
            xs.len() as f64,
            mean,
            sample_variance(&xs).map_or(f64::NAN, f64::sqrt),
            xs.first().copied().unwrap_or(f64::NAN),
            quantile(0.25),
            quantile(0.5),
            quantile(0.75),
            xs.last().copied().unwrap_or(f64::NAN),
        ];
        names.push(name.clone());
        columns.push(Column::floats(values));
    }
    if names.is_empty() {
        return Err(TableError::Invalid(
            "Cannot describe a DataFrame without columns".into(),
        ));
    }
    Table::new(names, columns)
}
