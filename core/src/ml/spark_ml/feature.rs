//! `pyspark.ml.feature`: `VectorAssembler`, `StringIndexer`, `OneHotEncoder`, `Imputer` and
//! `StandardScaler`, fitted on a table and transforming tables as Spark does (same output
//! types, `handleInvalid` behaviour and messages).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{append, numeric, require_new, vectors, MlError, MlResult};
use crate::table::{Cell, Column, DType, Table, Vector};

fn check_invalid(v: &str, allowed: &[&str], class: &str) -> MlResult<()> {
    if allowed.contains(&v) {
        Ok(())
    } else {
        Err(MlError::illegal(format!(
            "{class} parameter handleInvalid given invalid value {v}. Supported options: {}",
            allowed.join(", ")
        )))
    }
}

/// Keeps the rows where `keep` is true (`handleInvalid="skip"`).
fn keep_rows(t: Table, keep: &[bool]) -> MlResult<Table> {
    if keep.iter().all(|k| *k) {
        return Ok(t);
    }
    Ok(t.filter(&Column::bools(keep.to_vec()))?)
}

/// `VectorAssembler(inputCols, outputCol, handleInvalid="error")`: numbers, booleans and
/// vectors concatenated into one vector per row, sparse or dense by whichever Spark's
/// `compressed` finds smaller (so one column can mix both, as in Spark).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assembler {
    pub input_cols: Vec<String>,
    pub output_col: String,
    pub handle_invalid: String,
}

impl Assembler {
    pub fn transform(&self, t: &Table) -> MlResult<Table> {
        check_invalid(
            &self.handle_invalid,
            &["error", "skip", "keep"],
            "VectorAssembler",
        )?;
        require_new(t, &self.output_col)?;
        let n = t.num_rows();
        let mut out: Vec<Vec<f64>> = vec![Vec::new(); n];
        let mut keep = vec![true; n];
        for name in &self.input_cols {
            let c = t.column(name, false)?;
            match c.dtype() {
                DType::Int | DType::Float | DType::Bool => {
                    let vals = numeric(t, name)?;
                    for (i, v) in vals.into_iter().enumerate() {
                        match v {
                            Some(x) if !x.is_nan() => out[i].push(x),
                            _ => {
                                if self.handle_invalid == "error" {
                                    return Err(invalid_row());
                                }
                                keep[i] &= self.handle_invalid == "keep";
                                out[i].push(f64::NAN);
                            }
                        }
                    }
                }
                DType::Vector => {
                    let width = (0..n).find_map(|i| c.vector_at(i).map(<[f64]>::len));
                    for (i, row) in out.iter_mut().enumerate() {
                        match c.vector_at(i) {
                            Some(v) if !v.iter().any(|x| x.is_nan()) => row.extend_from_slice(v),
                            other => {
                                if self.handle_invalid == "error" {
                                    return Err(invalid_row());
                                }
                                keep[i] &= self.handle_invalid == "keep";
                                match other {
                                    Some(v) => row.extend_from_slice(v),
                                    None => row
                                        .extend(std::iter::repeat_n(f64::NAN, width.unwrap_or(0))),
                                }
                            }
                        }
                    }
                }
                other => {
                    return Err(MlError::illegal(format!(
                        "Data type {} of column {name} is not supported.",
                        other.spark_name()
                    )))
                }
            }
        }
        let rows = out.into_iter().map(Vector::compressed).collect();
        let t = append(t, &self.output_col, Column::vector_rows(rows))?;
        keep_rows(t, &keep)
    }
}

fn invalid_row() -> MlError {
    MlError::spark(
        "Encountered null while assembling a row with handleInvalid = \"error\". Consider removing nulls from dataset or using handleInvalid = \"keep\" or \"skip\".",
    )
}

/// A cell as `StringIndexer` sees it: the value cast to a string (`1.0`, `true`).
fn label_text(c: &Cell) -> Option<String> {
    match c {
        Cell::Null => None,
        other => Some(other.text()),
    }
}

/// A fitted `StringIndexer`: the labels of each input column, index 0 first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indexed {
    pub input_cols: Vec<String>,
    pub output_cols: Vec<String>,
    pub labels: Vec<Vec<String>>,
    pub handle_invalid: String,
}

impl Indexed {
    /// `StringIndexer.fit`: labels ordered by `stringOrderType` (ties in frequency order break
    /// alphabetically, as Spark 3 does). Nulls are not labels.
    pub fn fit(
        t: &Table,
        input_cols: Vec<String>,
        output_cols: Vec<String>,
        handle_invalid: String,
        order: &str,
    ) -> MlResult<Indexed> {
        check_invalid(&handle_invalid, &["error", "skip", "keep"], "StringIndexer")?;
        let order_ok = [
            "frequencyDesc",
            "frequencyAsc",
            "alphabetDesc",
            "alphabetAsc",
        ];
        if !order_ok.contains(&order) {
            return Err(MlError::illegal(format!(
                "StringIndexer parameter stringOrderType given invalid value {order}. Supported options: {}",
                order_ok.join(", ")
            )));
        }
        let mut labels = Vec::new();
        for name in &input_cols {
            let c = t.column(name, false)?;
            if matches!(c.dtype(), DType::Vector | DType::Array) {
                return Err(MlError::illegal(format!(
                    "requirement failed: The input column {name} must be either string type or numeric type, but got {}.",
                    c.dtype().spark_name()
                )));
            }
            let mut counts: HashMap<String, usize> = HashMap::new();
            for i in 0..c.len() {
                if let Some(s) = label_text(&c.get(i)) {
                    *counts.entry(s).or_default() += 1;
                }
            }
            let mut pairs: Vec<(String, usize)> = counts.into_iter().collect();
            match order {
                "frequencyDesc" => {
                    crate::sorting::sort_by(&mut pairs, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)))
                }
                "frequencyAsc" => {
                    crate::sorting::sort_by(&mut pairs, |a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
                }
                "alphabetDesc" => crate::sorting::sort_by(&mut pairs, |a, b| b.0.cmp(&a.0)),
                _ => crate::sorting::sort_by(&mut pairs, |a, b| a.0.cmp(&b.0)),
            }
            labels.push(pairs.into_iter().map(|p| p.0).collect());
        }
        Ok(Indexed {
            input_cols,
            output_cols,
            labels,
            handle_invalid,
        })
    }

    pub fn transform(&self, t: &Table) -> MlResult<Table> {
        let n = t.num_rows();
        let mut keep = vec![true; n];
        let mut out = t.clone();
        for ((name, output), labels) in self
            .input_cols
            .iter()
            .zip(&self.output_cols)
            .zip(&self.labels)
        {
            // Spark 3 skips a column that is absent at transform time (a label indexer when
            // scoring unlabelled rows) rather than failing.
            if t.find(name, false).is_err() {
                continue;
            }
            require_new(&out, output)?;
            let c = t.column(name, false)?;
            let index: HashMap<&str, usize> = labels
                .iter()
                .enumerate()
                .map(|(i, l)| (l.as_str(), i))
                .collect();
            let mut vals = Vec::with_capacity(n);
            for (i, k) in keep.iter_mut().enumerate() {
                let text = label_text(&c.get(i));
                let found = text.as_deref().and_then(|s| index.get(s)).copied();
                vals.push(match found {
                    Some(ix) => ix as f64,
                    None => match self.handle_invalid.as_str() {
                        "keep" => labels.len() as f64,
                        "skip" => {
                            *k = false;
                            0.0
                        }
                        _ => {
                            return Err(MlError::spark(match text {
                                None => "StringIndexer encountered NULL value. To handle or skip NULLS, try setting StringIndexer.handleInvalid.".to_string(),
                                Some(s) => format!("Unseen label: {s}. To handle unseen labels, set Param handleInvalid to keep."),
                            }))
                        }
                    },
                });
            }
            out = append(&out, output, Column::floats(vals))?;
        }
        keep_rows(out, &keep)
    }
}

/// A fitted `OneHotEncoder`: the number of categories of each input column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OneHot {
    pub input_cols: Vec<String>,
    pub output_cols: Vec<String>,
    pub sizes: Vec<usize>,
    pub drop_last: bool,
    pub handle_invalid: String,
}

fn category(v: Option<f64>, name: &str) -> MlResult<usize> {
    match v {
        Some(x) if x >= 0.0 && x.fract() == 0.0 && x < 1e9 => Ok(x as usize),
        Some(x) => Err(MlError::spark(format!(
            "Values from column {name} must be indices, but got {}.",
            crate::table::float_text(x)
        ))),
        None => Err(MlError::spark(format!(
            "Column {name} holds a null; OneHotEncoder needs category indices (use StringIndexer with handleInvalid=\"keep\")"
        ))),
    }
}

impl OneHot {
    /// `OneHotEncoder.fit`: each column's size is its largest index plus one.
    pub fn fit(
        t: &Table,
        input_cols: Vec<String>,
        output_cols: Vec<String>,
        drop_last: bool,
        handle_invalid: String,
    ) -> MlResult<OneHot> {
        check_invalid(&handle_invalid, &["error", "keep"], "OneHotEncoder")?;
        if input_cols.len() != output_cols.len() {
            return Err(MlError::illegal(format!(
                "requirement failed: The number of input columns {} must be the same as the number of output columns {}.",
                input_cols.len(),
                output_cols.len()
            )));
        }
        let mut sizes = Vec::new();
        for name in &input_cols {
            let mut max = None::<usize>;
            for v in numeric(t, name)? {
                let k = category(v, name)?;
                max = Some(max.map_or(k, |m| m.max(k)));
            }
            sizes.push(max.map_or(0, |m| m + 1));
        }
        Ok(OneHot {
            input_cols,
            output_cols,
            sizes,
            drop_last,
            handle_invalid,
        })
    }

    pub fn transform(&self, t: &Table) -> MlResult<Table> {
        let mut out = t.clone();
        let keep_invalid = self.handle_invalid == "keep";
        for ((name, output), &size) in self
            .input_cols
            .iter()
            .zip(&self.output_cols)
            .zip(&self.sizes)
        {
            require_new(&out, output)?;
            // "keep" adds one category for invalid values; dropLast then drops that one.
            let full = size + usize::from(keep_invalid);
            let width = full - usize::from(self.drop_last && full > 0);
            let mut rows = Vec::with_capacity(t.num_rows());
            for v in numeric(t, name)? {
                let k = match category(v, name) {
                    Ok(k) if k < size => k,
                    _ if keep_invalid => size,
                    Ok(_) | Err(_) => {
                        return Err(MlError::spark(format!(
                            "Unseen value: {}. To handle unseen values, set Param handleInvalid to keep.",
                            v.map_or("null".into(), crate::table::float_text)
                        )))
                    }
                };
                let mut row = vec![0.0; width];
                if let Some(slot) = row.get_mut(k) {
                    *slot = 1.0;
                }
                rows.push(Vector::sparse(row));
            }
            out = append(&out, output, Column::vector_rows(rows))?;
        }
        Ok(out)
    }
}

/// A fitted `Imputer`: one surrogate per input column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Imputed {
    pub input_cols: Vec<String>,
    pub output_cols: Vec<String>,
    pub surrogates: Vec<f64>,
    /// `missingValue` when it is a number (NaN, the default, is `None`: JSON has no NaN).
    #[serde(default)]
    pub missing_value: Option<f64>,
}

impl Imputed {
    fn is_missing(&self, v: Option<f64>) -> bool {
        match v {
            None => true,
            Some(x) => x.is_nan() || self.missing_value == Some(x),
        }
    }
}

impl Imputed {
    /// `Imputer.fit` with `strategy` mean, median or mode; nulls and NaN are missing. The
    /// median is the lower middle value (Spark's `approxQuantile` returns a value of the
    /// column, not an interpolation), the mode the most frequent value (smallest on ties).
    pub fn fit(
        t: &Table,
        input_cols: Vec<String>,
        output_cols: Vec<String>,
        strategy: &str,
        missing_value: Option<f64>,
    ) -> MlResult<Imputed> {
        let probe = Imputed {
            input_cols: Vec::new(),
            output_cols: Vec::new(),
            surrogates: Vec::new(),
            missing_value,
        };
        if !["mean", "median", "mode"].contains(&strategy) {
            return Err(MlError::illegal(format!(
                "Imputer parameter strategy given invalid value {strategy}. Supported options: mean, median, mode"
            )));
        }
        if input_cols.len() != output_cols.len() {
            return Err(MlError::illegal(format!(
                "requirement failed: inputCols({}) and outputCols({}) should have the same length",
                input_cols.len(),
                output_cols.len()
            )));
        }
        let mut surrogates = Vec::new();
        for name in &input_cols {
            let mut vals: Vec<f64> = numeric(t, name)?
                .into_iter()
                .filter(|v| !probe.is_missing(*v))
                .flatten()
                .collect();
            if vals.is_empty() {
                return Err(MlError::spark(format!(
                    "surrogate cannot be computed. All the values in {name} are Null, Nan or missingValue(NaN)"
                )));
            }
            vals.sort_by(f64::total_cmp);
            let s = match strategy {
                "mean" => vals.iter().sum::<f64>() / vals.len() as f64,
                "median" => vals[(vals.len() - 1) / 2],
                _ => {
                    let (mut best, mut best_n, mut i) = (vals[0], 0, 0);
                    while i < vals.len() {
                        let j = vals[i..].iter().take_while(|v| **v == vals[i]).count();
                        if j > best_n {
                            (best, best_n) = (vals[i], j);
                        }
                        i += j;
                    }
                    best
                }
            };
            surrogates.push(s);
        }
        Ok(Imputed {
            input_cols,
            output_cols,
            surrogates,
            missing_value,
        })
    }

    /// Fills the missing values; an integer column stays integer (the surrogate truncated, as
    /// Spark casts it back to the input type).
    pub fn transform(&self, t: &Table) -> MlResult<Table> {
        let mut out = t.clone();
        for ((name, output), &s) in self
            .input_cols
            .iter()
            .zip(&self.output_cols)
            .zip(&self.surrogates)
        {
            let is_int = t.column(name, false)?.dtype() == DType::Int;
            let vals = numeric(t, name)?;
            let col = if is_int {
                Column::ints(
                    vals.iter()
                        .map(|v| match v {
                            Some(x) if !self.is_missing(*v) => *x as i64,
                            _ => s.trunc() as i64,
                        })
                        .collect(),
                )
            } else {
                Column::floats(
                    vals.iter()
                        .map(|v| match v {
                            Some(x) if !self.is_missing(*v) => *x,
                            _ => s,
                        })
                        .collect(),
                )
            };
            out = if out.names().iter().any(|n| n == output) {
                let i = out.find(output, true)?;
                let mut cols = out.columns().to_vec();
                cols[i] = col;
                Table::new(out.names().to_vec(), cols)?
            } else {
                append(&out, output, col)?
            };
        }
        Ok(out)
    }
}

/// A fitted `StandardScaler`: per-feature mean and (sample) standard deviation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scaled {
    pub input_col: String,
    pub output_col: String,
    pub mean: Vec<f64>,
    pub std: Vec<f64>,
    pub with_mean: bool,
    pub with_std: bool,
}

impl Scaled {
    /// `StandardScaler.fit`: the unbiased (n − 1) standard deviation, as Spark's summarizer.
    pub fn fit(
        t: &Table,
        input_col: String,
        output_col: String,
        with_mean: bool,
        with_std: bool,
    ) -> MlResult<Scaled> {
        let rows = vectors(t, &input_col)?;
        let d = rows.first().map_or(0, Vec::len);
        let n = rows.len() as f64;
        let mut mean = vec![0.0; d];
        for r in &rows {
            for (m, v) in mean.iter_mut().zip(r) {
                *m += v / n;
            }
        }
        let mut var = vec![0.0; d];
        for r in &rows {
            for ((s, v), m) in var.iter_mut().zip(r).zip(&mean) {
                *s += (v - m) * (v - m);
            }
        }
        let std = var
            .iter()
            .map(|s| if n > 1.0 { (s / (n - 1.0)).sqrt() } else { 0.0 })
            .collect();
        Ok(Scaled {
            input_col,
            output_col,
            mean,
            std,
            with_mean,
            with_std,
        })
    }

    /// Spark's output: dense when centring, else each row as sparse or dense as its input.
    pub fn transform(&self, t: &Table) -> MlResult<Table> {
        require_new(t, &self.output_col)?;
        let rows = vectors(t, &self.input_col)?;
        let input = t.column(&self.input_col, false)?;
        let scaled = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let values = r
                    .iter()
                    .enumerate()
                    .map(|(j, v)| {
                        let mut x = *v;
                        if self.with_mean {
                            x -= self.mean.get(j).copied().unwrap_or(0.0);
                        }
                        if self.with_std {
                            let s = self.std.get(j).copied().unwrap_or(0.0);
                            x = if s == 0.0 { 0.0 } else { x / s };
                        }
                        x
                    })
                    .collect();
                let sparse = !self.with_mean && input.vector_row(i).is_some_and(|v| v.sparse);
                Vector { values, sparse }
            })
            .collect();
        append(t, &self.output_col, Column::vector_rows(scaled))
    }
}
