//! Data preparation as AutoML does it (reference §3): detect each column's semantic type, drop
//! the columns no model can use (saying why), then fit a [`Preprocessor`] on the training rows:
//! impute, standardise numbers, one-hot encode categories.
//!
//! Detection rules (Databricks documents the kinds of conversion, not thresholds; these are
//! ours and the data exploration view states them):
//! - no value at all → dropped ("all values are missing"); one distinct value → dropped
//!   (constant);
//! - strings that all parse as numbers → numeric; as `YYYY-MM-DD[ HH:MM[:SS]]` → date;
//! - strings (or integers named like an identifier: `id`, `*_id`, `*Id`) unique on every row
//!   → dropped as an identifier;
//! - strings averaging four or more words → text, dropped: AutoML featurises English text,
//!   Lakelab's AutoML does not (said in the summary rather than silently encoded);
//! - other strings → categorical; integers named like an identifier but repeating → categorical;
//! - booleans, dates and timestamps → numeric (true = 1; dates as days since 1970-01-01).
//!
//! Encoding: numbers are imputed (mean unless `imputers=` says otherwise) then standardised
//! with the training mean and population standard deviation (scikit-learn's `StandardScaler`;
//! a constant training column keeps scale 1). Categories are imputed (most frequent) and
//! one-hot encoded; at most [`ONE_HOT_CAP`] most frequent training values get a column, rarer
//! and unseen values encode as all zeros (scikit-learn's `handle_unknown="ignore"`).

use std::borrow::Cow;
use std::collections::HashMap;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::impute::{self, Strategy};
use crate::frame::SplitFrame;
use crate::table::csv::{parse_date, parse_timestamp};
use crate::table::{float_text, Cell, Column, DType, Table, DAY_MS};

/// The most categories of one column that get a one-hot column.
pub const ONE_HOT_CAP: usize = 32;
/// More distinct values than this in a categorical column raises a high-cardinality alert.
pub const HIGH_CARDINALITY: usize = ONE_HOT_CAP;

/// What a column holds, as AutoML's semantic type detection sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SemanticType {
    Numeric,
    Boolean,
    Categorical,
    Date,
    Text,
    Id,
    Constant,
    Empty,
}

impl SemanticType {
    pub fn name(self) -> &'static str {
        match self {
            SemanticType::Numeric => "numeric",
            SemanticType::Boolean => "boolean",
            SemanticType::Categorical => "categorical",
            SemanticType::Date => "datetime",
            SemanticType::Text => "text",
            SemanticType::Id => "id",
            SemanticType::Constant => "constant",
            SemanticType::Empty => "empty",
        }
    }
}

/// One column after detection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ColumnPlan {
    pub name: String,
    pub dtype: String,
    pub semantic: SemanticType,
    /// Set when the stored type was converted (`"numeric"`, `"categorical"`, `"datetime"`),
    /// as `AutoMLSummary.semantic_type_conversions` reports.
    pub conversion: Option<String>,
    /// Why the column is not a feature, when it is not.
    pub dropped: Option<String>,
}

crate::flat_de::map_only!(ColumnPlan);

impl ColumnPlan {
    pub fn is_feature(&self) -> bool {
        self.dropped.is_none()
    }
}

fn id_like(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "id" || lower.ends_with("_id") || name.ends_with("Id") || name.ends_with("ID")
}

/// Detects a column's semantic type from all its rows. `detect_types = false` (the learner set
/// an imputer for it) keeps the stored type, as Databricks does.
pub fn detect(name: &str, column: &Column, detect_types: bool) -> ColumnPlan {
    let n = column.len();
    let mut seen: HashMap<Cow<str>, ()> = HashMap::new();
    // Numbers and booleans are counted by value: their keys (`cell_key`) are one-to-one with
    // the value, and formatting every float of a large table was most of AutoML's set-up.
    let mut seen_values: rustc_hash::FxHashSet<u64> = Default::default();
    let mut present = 0usize;
    let mut words = 0usize;
    let mut all_numeric = true;
    let mut all_dates = true;
    let dtype = column.dtype();
    // Floats, booleans and integers that cannot be identifiers only need to know whether a
    // second value exists (a constant column is dropped; nothing else uses the count), so
    // they skip the set of values (a tenth of AutoML's set-up on 100,000 × 20 floats).
    let two_values_enough = matches!(dtype, DType::Float | DType::Bool)
        || (dtype == DType::Int && !(detect_types && id_like(name)));
    let mut first_value: Option<u64> = None;
    let mut second_value = false;
    for i in 0..n {
        if column.is_null(i) {
            continue;
        }
        if two_values_enough {
            let key = match column.get(i) {
                Cell::Float(f) if f.is_nan() => continue,
                Cell::Float(f) => f.to_bits(),
                Cell::Int(i) => i as u64,
                Cell::Bool(b) => u64::from(b),
                // Not in a column of these types; counted as a value of its own.
                _ => u64::MAX,
            };
            present += 1;
            match first_value {
                None => first_value = Some(key),
                Some(k) if k != key => second_value = true,
                Some(_) => {}
            }
            continue;
        }
        let cell = column.get(i);
        if matches!(cell, Cell::Float(f) if f.is_nan()) {
            continue;
        }
        present += 1;
        if let Cell::Str(s) = &cell {
            words += s.split_whitespace().count();
            all_numeric &= s.trim().parse::<f64>().is_ok();
            all_dates &= parse_timestamp(s.trim()).is_some();
        }
        match &cell {
            Cell::Float(f) => {
                seen_values.insert(f.to_bits());
            }
            Cell::Int(i) => {
                seen_values.insert(*i as u64);
            }
            Cell::Bool(b) => {
                seen_values.insert(u64::from(*b));
            }
            other => {
                seen.insert(Cow::Owned(cell_key(other)), ());
            }
        }
    }
    let plan = |semantic, conversion: Option<&'static str>, dropped: Option<String>| ColumnPlan {
        name: name.to_string(),
        dtype: dtype.spark_name().to_string(),
        semantic,
        conversion: conversion.map(str::to_string),
        dropped,
    };
    let distinct = if two_values_enough {
        usize::from(first_value.is_some()) + usize::from(second_value)
    } else {
        seen.len() + seen_values.len()
    };
    if present == 0 {
        return plan(
            SemanticType::Empty,
            None,
            Some("all values are missing".into()),
        );
    }
    if distinct == 1 {
        return plan(
            SemanticType::Constant,
            None,
            Some("it holds a single value, so it cannot tell rows apart".into()),
        );
    }
    let unique = distinct == present && present > 1;
    match dtype {
        DType::Float => plan(SemanticType::Numeric, None, None),
        DType::Bool => plan(SemanticType::Boolean, None, None),
        DType::Date | DType::Timestamp => plan(SemanticType::Date, None, None),
        DType::Int if detect_types && id_like(name) => {
            if unique {
                plan(
                    SemanticType::Id,
                    None,
                    Some(format!(
                        "it looks like an identifier: named '{name}' and unique on every row"
                    )),
                )
            } else {
                plan(SemanticType::Categorical, Some("categorical"), None)
            }
        }
        DType::Int => plan(SemanticType::Numeric, None, None),
        DType::Str if !detect_types => plan(SemanticType::Categorical, None, None),
        DType::Str if all_numeric => plan(SemanticType::Numeric, Some("numeric"), None),
        DType::Str if all_dates => plan(SemanticType::Date, Some("datetime"), None),
        DType::Str if words >= 4 * present => plan(
            SemanticType::Text,
            Some("text"),
            Some(
                "it holds free text; Databricks AutoML featurises English text, Lakelab's AutoML does not"
                    .into(),
            ),
        ),
        DType::Str if unique && present > 20 => plan(
            SemanticType::Id,
            None,
            Some("it looks like an identifier: a different string on every row".into()),
        ),
        DType::Str => plan(SemanticType::Categorical, None, None),
        DType::Vector | DType::Array => plan(
            SemanticType::Text,
            None,
            Some("Spark ML vectors and arrays are not AutoML features".into()),
        ),
    }
}

/// A value as a category key: integers without a decimal point, floats as Python shows them.
pub fn cell_key(cell: &Cell) -> String {
    match cell {
        Cell::Float(f) => float_text(*f),
        Cell::Bool(true) => "True".into(),
        Cell::Bool(false) => "False".into(),
        other => other.text(),
    }
}

/// A value read from a table or a model input, before encoding.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw<'a> {
    Missing,
    Num(f64),
    Text(Cow<'a, str>),
}

/// Rows a fitted preprocessor reads by column name: a table or a model input.
pub trait Source {
    fn num_rows(&self) -> usize;
    fn position(&self, name: &str) -> Option<usize>;
    fn raw(&self, column: usize, row: usize) -> Raw<'_>;
}

fn cell_raw(cell: Cell) -> Raw<'static> {
    match cell {
        Cell::Null => Raw::Missing,
        Cell::Float(f) if f.is_nan() => Raw::Missing,
        Cell::Float(f) => Raw::Num(f),
        Cell::Int(i) => Raw::Num(i as f64),
        Cell::Bool(b) => Raw::Num(f64::from(u8::from(b))),
        Cell::Date(d) => Raw::Num(f64::from(d)),
        Cell::Timestamp(ms) => Raw::Num(ms as f64 / DAY_MS as f64),
        Cell::Str(s) => Raw::Text(Cow::Owned(s)),
        // Vectors are Spark ML's; AutoML and pandas preparation treat them as text.
        Cell::Vector(v) => Raw::Text(Cow::Owned(v.text())),
        Cell::Array(v) => Raw::Text(Cow::Owned(crate::table::array_text(&v))),
    }
}

impl Source for Table {
    fn num_rows(&self) -> usize {
        Table::num_rows(self)
    }
    fn position(&self, name: &str) -> Option<usize> {
        self.find(name, false).ok()
    }
    fn raw(&self, column: usize, row: usize) -> Raw<'_> {
        let col = self.column_at(column);
        match &col.data {
            crate::table::Data::Str(v) if !col.is_null(row) => Raw::Text(Cow::Borrowed(&v[row])),
            _ => cell_raw(col.get(row)),
        }
    }
}

impl Source for SplitFrame {
    fn num_rows(&self) -> usize {
        self.data.len()
    }
    fn position(&self, name: &str) -> Option<usize> {
        self.column(name)
    }
    fn raw(&self, column: usize, row: usize) -> Raw<'_> {
        use serde_json::Value;
        match self.data.get(row).and_then(|r| r.get(column)) {
            Some(Value::Number(n)) => n.as_f64().map_or(Raw::Missing, Raw::Num),
            Some(Value::Bool(b)) => Raw::Num(f64::from(u8::from(*b))),
            Some(Value::String(s)) => Raw::Text(Cow::Borrowed(s)),
            _ => Raw::Missing,
        }
    }
}

/// How one input column becomes feature columns. `Deserialize` is in `prep_de`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// Impute with `fill`, then `(x - mean) / scale`.
    Numeric {
        column: String,
        fill: f64,
        mean: f64,
        scale: f64,
    },
    /// Impute with `fill`, then one column per kept category.
    OneHot {
        column: String,
        fill: String,
        categories: Vec<String>,
    },
}

/// A fitted preprocessor: turns named columns into the numeric matrix a model trains on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Preprocessor {
    pub steps: Vec<Step>,
}

crate::flat_de::map_only!(Preprocessor);

/// Why a preprocessor cannot be fitted or applied.
#[derive(Debug, Clone, PartialEq)]
pub struct PrepError(pub String);

impl std::fmt::Display for PrepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn text_number(s: &str) -> Option<f64> {
    let t = s.trim();
    t.parse::<f64>()
        .ok()
        .or_else(|| parse_timestamp(t).map(|ms| ms as f64 / DAY_MS as f64))
        .or_else(|| parse_date(t).map(|d| d as f64))
}

fn raw_number(raw: &Raw, column: &str, row: usize) -> Result<Option<f64>, PrepError> {
    match raw {
        Raw::Missing => Ok(None),
        Raw::Num(x) => Ok(Some(*x)),
        Raw::Text(s) => text_number(s).map(Some).ok_or_else(|| {
            PrepError(format!(
                "row {row}: column '{column}' must be a number, got '{s}'"
            ))
        }),
    }
}

/// Appends [`float_text`] of `f` without a string of its own (the plain notation range is
/// `float_repr`'s: the same `{f}` text with `.0` added to whole numbers).
pub fn push_float_text(out: &mut String, f: f64) {
    use std::fmt::Write;
    if f != 0.0 && (1e-4..1e16).contains(&f.abs()) {
        let start = out.len();
        let _ = write!(out, "{f}");
        if !out[start..].contains('.') {
            out.push_str(".0");
        }
    } else {
        out.push_str(&float_text(f));
    }
}

/// Appends `text` as a CSV field (`frame::csv_field`'s quoting).
pub fn push_csv_field(out: &mut String, text: &str) {
    if text
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        out.push_str(&crate::frame::csv_field(text));
    } else {
        out.push_str(text);
    }
}

fn raw_key(raw: &Raw) -> Option<String> {
    match raw {
        Raw::Missing => None,
        Raw::Num(x) if x.fract() == 0.0 && x.abs() < 1e15 => Some(format!("{}", *x as i64)),
        Raw::Num(x) => Some(float_text(*x)),
        Raw::Text(s) => Some(s.to_string()),
    }
}

impl Preprocessor {
    /// Fits the steps for the feature columns of `plans` on `train` rows of `table`.
    /// `imputers` maps a column to the learner's strategy.
    pub fn fit(
        table: &Table,
        plans: &[ColumnPlan],
        train: &[usize],
        imputers: &HashMap<String, Strategy>,
    ) -> Result<Preprocessor, PrepError> {
        let mut steps = Vec::new();
        for plan in plans.iter().filter(|p| p.is_feature()) {
            let pos = table
                .find(&plan.name, false)
                .map_err(|e| PrepError(e.to_string()))?;
            let strategy = imputers.get(&plan.name);
            match plan.semantic {
                SemanticType::Categorical => {
                    let mut counts: HashMap<String, usize> = HashMap::new();
                    for &r in train {
                        if let Some(k) = raw_key(&Source::raw(table, pos, r)) {
                            *counts.entry(k).or_default() += 1;
                        }
                    }
                    let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
                    crate::sorting::sort_by(&mut ranked, |a, b| {
                        b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
                    });
                    let fill = match strategy {
                        Some(Strategy::Constant(c)) => cell_key(c),
                        _ => match ranked.first() {
                            Some((k, _)) => k.clone(),
                            None => continue,
                        },
                    };
                    ranked.truncate(ONE_HOT_CAP);
                    let mut categories: Vec<String> = ranked.into_iter().map(|(k, _)| k).collect();
                    categories.sort();
                    steps.push(Step::OneHot {
                        column: plan.name.clone(),
                        fill,
                        categories,
                    });
                }
                _ => {
                    let values: Vec<f64> = train
                        .iter()
                        .map(|&r| raw_number(&Source::raw(table, pos, r), &plan.name, r))
                        .collect::<Result<Vec<_>, _>>()?
                        .into_iter()
                        .flatten()
                        .filter(|x| x.is_finite())
                        .collect();
                    let as_column = Column::floats(values.clone());
                    let all: Vec<usize> = (0..values.len()).collect();
                    let strategy = strategy.cloned().unwrap_or(Strategy::Mean);
                    let fill = match impute::fit(&as_column, &all, &strategy) {
                        Ok(cell) => match cell {
                            Cell::Float(f) => f,
                            Cell::Int(i) => i as f64,
                            Cell::Bool(b) => f64::from(u8::from(b)),
                            other => text_number(&other.text()).ok_or_else(|| {
                                PrepError(format!(
                                    "imputers: the fill value for numeric column '{}' must be a number",
                                    plan.name
                                ))
                            })?,
                        },
                        // No training value: the column carries no information.
                        Err(_) => continue,
                    };
                    let filled: Vec<f64> = {
                        let missing = train.len() - values.len();
                        values
                            .iter()
                            .copied()
                            .chain(std::iter::repeat_n(fill, missing))
                            .collect()
                    };
                    let n = filled.len().max(1) as f64;
                    let mean = filled.iter().sum::<f64>() / n;
                    let var = filled.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
                    let scale = if var > 0.0 { var.sqrt() } else { 1.0 };
                    steps.push(Step::Numeric {
                        column: plan.name.clone(),
                        fill,
                        mean,
                        scale,
                    });
                }
            }
        }
        if steps.is_empty() {
            return Err(PrepError(
                "no usable feature column is left after dropping the columns above".into(),
            ));
        }
        // Numeric columns first, then the one-hot blocks: the column order of the generated
        // notebooks' ColumnTransformer, so a trial reproduces exactly.
        crate::sorting::sort_by_key(&mut steps, |s| matches!(s, Step::OneHot { .. }));
        Ok(Preprocessor { steps })
    }

    /// The input columns of `rows` as text the way the preprocessor reads them (numbers for
    /// numeric columns, converted from text or dates; category keys otherwise; empty when
    /// missing): what AutoML's generated notebooks load.
    pub fn export_rows<S: Source + ?Sized>(
        &self,
        source: &S,
        rows: &[usize],
    ) -> Result<Vec<Vec<String>>, PrepError> {
        let positions = self.export_positions(source)?;
        rows.iter()
            .map(|&r| {
                positions
                    .iter()
                    .map(|&(p, numeric)| {
                        let raw = source.raw(p, r);
                        Ok(if numeric {
                            raw_number(&raw, "", r)?
                                .filter(|x| x.is_finite())
                                .map_or(String::new(), float_text)
                        } else {
                            raw_key(&raw).unwrap_or_default()
                        })
                    })
                    .collect()
            })
            .collect()
    }

    /// [`Self::export_rows`] as CSV lines appended to `out`, with the same text (fields quoted
    /// as `frame::csv_field` quotes them) but no string per value: per row its input fields,
    /// then what `end_row(row, out)` appends (further fields, each after a comma), then a
    /// newline. AutoML writes its notebooks' data file with it (100,000 rows × 20 columns
    /// took 1.5 s through `export_rows`).
    pub fn export_csv<S: Source + ?Sized>(
        &self,
        source: &S,
        rows: &[usize],
        out: &mut String,
        end_row: &mut dyn FnMut(usize, &mut String),
    ) -> Result<(), PrepError> {
        let positions = self.export_positions(source)?;
        for &r in rows {
            for (i, &(p, numeric)) in positions.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let raw = source.raw(p, r);
                if numeric {
                    if let Some(x) = raw_number(&raw, "", r)?.filter(|x| x.is_finite()) {
                        push_float_text(out, x);
                    }
                } else if let Raw::Text(t) = &raw {
                    push_csv_field(out, t);
                } else if let Some(key) = raw_key(&raw) {
                    push_csv_field(out, &key);
                }
            }
            end_row(r, out);
            out.push('\n');
        }
        Ok(())
    }

    /// Each step's column position in `source` and whether it is numeric.
    fn export_positions<S: Source + ?Sized>(
        &self,
        source: &S,
    ) -> Result<Vec<(usize, bool)>, PrepError> {
        self.steps
            .iter()
            .map(|step| {
                let (column, numeric) = match step {
                    Step::Numeric { column, .. } => (column, true),
                    Step::OneHot { column, .. } => (column, false),
                };
                source
                    .position(column)
                    .map(|p| (p, numeric))
                    .ok_or_else(|| PrepError(format!("the input has no column '{column}'")))
            })
            .collect()
    }

    /// The input columns the preprocessor reads.
    pub fn input_columns(&self) -> Vec<&str> {
        self.steps
            .iter()
            .map(|s| match s {
                Step::Numeric { column, .. } | Step::OneHot { column, .. } => column.as_str(),
            })
            .collect()
    }

    /// The names of the encoded features (`col`, or `col_value` for one-hot columns).
    pub fn feature_names(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.steps {
            match s {
                Step::Numeric { column, .. } => out.push(column.clone()),
                Step::OneHot {
                    column, categories, ..
                } => out.extend(categories.iter().map(|c| format!("{column}_{c}"))),
            }
        }
        out
    }

    /// The encoded matrix of `rows` of `source` (every row when `rows` is `None`).
    pub fn transform<S: Source + ?Sized>(
        &self,
        source: &S,
        rows: Option<&[usize]>,
    ) -> Result<Array2<f64>, PrepError> {
        let all: Vec<usize>;
        let rows = match rows {
            Some(r) => r,
            None => {
                all = (0..source.num_rows()).collect();
                &all
            }
        };
        let width = self.feature_names().len();
        let mut x = Array2::<f64>::zeros((rows.len(), width));
        let mut offset = 0;
        for step in &self.steps {
            let column = match step {
                Step::Numeric { column, .. } | Step::OneHot { column, .. } => column,
            };
            let pos = source.position(column).ok_or_else(|| {
                PrepError(format!(
                    "the input has no column '{column}', which the model was trained on"
                ))
            })?;
            match step {
                Step::Numeric {
                    fill, mean, scale, ..
                } => {
                    for (i, &r) in rows.iter().enumerate() {
                        let v = raw_number(&source.raw(pos, r), column, r)?
                            .filter(|v| v.is_finite())
                            .unwrap_or(*fill);
                        x[[i, offset]] = (v - mean) / scale;
                    }
                    offset += 1;
                }
                Step::OneHot {
                    fill, categories, ..
                } => {
                    for (i, &r) in rows.iter().enumerate() {
                        let key = raw_key(&source.raw(pos, r)).unwrap_or_else(|| fill.clone());
                        if let Ok(k) = categories.binary_search(&key) {
                            x[[i, offset + k]] = 1.0;
                        }
                    }
                    offset += categories.len();
                }
            }
        }
        Ok(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_csv_writes_the_text_of_export_rows() {
        let floats = vec![
            1.5,
            -0.000_012_5,
            2.0,
            1e20,
            f64::NAN,
            123_456.789,
            0.0,
            -7.25e-9,
            3.0e15,
            0.1,
        ];
        let words: Vec<String> = [
            "a",
            "b,c",
            "say \"hi\"",
            "a",
            "d",
            "e",
            "a",
            "b,c",
            "f",
            "g",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let ints: Vec<i64> = vec![1, 2, 3, 1, 2, 3, 1, 2, 3, 4];
        let table = Table::new(
            vec!["x".into(), "word".into(), "k".into()],
            vec![
                Column::floats(floats),
                Column::strings(words),
                Column::ints(ints),
            ],
        )
        .expect("table");
        let plans: Vec<ColumnPlan> = table
            .names()
            .iter()
            .zip(table.columns())
            .map(|(n, c)| detect(n, c, true))
            .collect();
        let rows: Vec<usize> = (0..10).collect();
        let pre = Preprocessor::fit(&table, &plans, &rows, &HashMap::new()).expect("fit");
        let order: Vec<usize> = vec![9, 0, 3, 4, 1, 2, 8, 5, 6, 7];
        let expected: String = pre
            .export_rows(&table, &order)
            .expect("rows")
            .iter()
            .zip(&order)
            .map(|(row, r)| {
                let mut fields: Vec<String> =
                    row.iter().map(|v| crate::frame::csv_field(v)).collect();
                fields.push(format!("t{r}"));
                fields.join(",") + "\n"
            })
            .collect();
        let mut got = String::new();
        pre.export_csv(&table, &order, &mut got, &mut |r, out| {
            out.push_str(&format!(",t{r}"));
        })
        .expect("csv");
        assert_eq!(got, expected);
    }

    #[test]
    fn push_float_text_is_float_text() {
        let mut rng = crate::rng::SeededRng::new(5);
        for i in 0..20_000 {
            let e = (rng.unit() * 60.0 - 30.0) as i32;
            let x = (rng.unit() - 0.5) * 10f64.powi(e);
            let x = if i % 3 == 0 {
                (x * 1e6).round() / 1e6
            } else {
                x
            };
            let mut s = String::from("p");
            push_float_text(&mut s, x);
            assert_eq!(&s[1..], float_text(x), "{x:e}");
        }
    }
}
