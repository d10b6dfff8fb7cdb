//! AutoML's data preparation (reference §3): target checks, split, imbalance handling on the
//! training split, column detection and the fitted preprocessor.
//!
//! Rules Databricks documents only by example, and what Lakelab does:
//! - Imbalance (11.3 LTS+): the docs show 95 rows of A and 5 of B becoming 70 of A with class
//!   weight 95/70 ≈ 1.358. Lakelab caps every class of the *training split* at
//!   [`IMBALANCE_CAP`] times the smallest class, which reproduces that example, and weights each
//!   downsampled class by `original / kept`.
//! - Classes with fewer than [`MIN_CLASS_ROWS`] rows are dropped with an alert (Databricks'
//!   `TargetLabelInsufficientDataAlert`; its threshold is not published).
//! - Rows with a missing target are dropped with an alert.
//! - Regression targets that are non-negative and strongly right-skewed (skewness > 1 on the
//!   training split) are fitted as `log(1 + y)` and predicted back with `exp(p) - 1`, so
//!   metrics are always on the original scale (Lakelab's choice, stated in each trial).

use std::collections::{BTreeMap, HashMap};

use ndarray::Array2;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::params::AutoMLParams;
use crate::ml::estimator::Task;
use crate::ml::impute::Strategy;
use crate::ml::pipeline::TargetTransform;
use crate::ml::prep::{detect, ColumnPlan, Preprocessor};
use crate::ml::split::{self, Split};
use crate::rng::SeededRng;
use crate::table::csv::parse_timestamp;
use crate::table::{Cell, DType, Table, DAY_MS};

/// A class may have at most this many times the rows of the smallest class in training.
pub const IMBALANCE_CAP: usize = 14;
/// Classes with fewer rows are dropped.
pub const MIN_CLASS_ROWS: usize = 5;

/// Something AutoML noticed about the data (the exploration view lists them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Alert {
    pub kind: String,
    pub message: String,
}

crate::flat_de::map_only!(Alert);

/// The target, encoded.
#[derive(Debug, Clone)]
pub enum Target {
    /// Labels in code order and each split's codes.
    Classes {
        labels: Vec<Value>,
        train: Vec<usize>,
        validate: Vec<usize>,
        test: Vec<usize>,
        /// The positive class's code for binary metrics.
        positive: usize,
    },
    Values {
        train: Vec<f64>,
        validate: Vec<f64>,
        test: Vec<f64>,
        transform: Option<TargetTransform>,
    },
}

/// How imbalance was handled on the training split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Rebalance {
    /// (label, rows before, rows kept, class weight) per downsampled class.
    pub classes: Vec<(Value, usize, usize, f64)>,
}

crate::flat_de::map_only!(Rebalance);

/// Everything the trials train and evaluate on.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub task: Task,
    pub plans: Vec<ColumnPlan>,
    pub preprocessor: Preprocessor,
    pub x_train: Array2<f64>,
    pub x_validate: Array2<f64>,
    pub x_test: Array2<f64>,
    pub target: Target,
    /// One weight per training row (class weights times `sample_weight_col`).
    pub train_weights: Vec<f64>,
    pub weighted: bool,
    /// Table rows of each split (after downsampling for `train`).
    pub split: Split,
    pub rebalance: Option<Rebalance>,
    pub alerts: Vec<Alert>,
    pub semantic_type_conversions: BTreeMap<String, Vec<String>>,
    /// Distinct training values per categorical feature column.
    pub distinct_counts: Vec<(String, usize)>,
}

impl Prepared {
    /// Distinct training values of a categorical feature column (0 for others).
    pub fn distinct(&self, column: &str) -> usize {
        self.distinct_counts
            .iter()
            .find(|(c, _)| c == column)
            .map_or(0, |(_, n)| *n)
    }
}

fn cell_json(c: &Cell) -> Value {
    match c {
        Cell::Int(i) => Value::from(*i),
        Cell::Bool(b) => Value::Bool(*b),
        Cell::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Cell::Str(s) => Value::String(s.clone()),
        other => Value::String(other.text()),
    }
}

fn time_of(c: &Cell) -> Option<i64> {
    match c {
        Cell::Int(i) => Some(*i),
        Cell::Date(d) => Some(i64::from(*d) * DAY_MS),
        Cell::Timestamp(ms) => Some(*ms),
        Cell::Float(f) if f.is_finite() => Some(*f as i64),
        Cell::Str(s) => parse_timestamp(s.trim()),
        _ => None,
    }
}

fn skewness(v: &[f64]) -> f64 {
    let n = v.len() as f64;
    if n < 3.0 {
        return 0.0;
    }
    let mean = v.iter().sum::<f64>() / n;
    let m2 = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    let m3 = v.iter().map(|x| (x - mean).powi(3)).sum::<f64>() / n;
    if m2 <= 0.0 {
        0.0
    } else {
        m3 / m2.powf(1.5)
    }
}

/// How many rows of each class the training split keeps: at most [`IMBALANCE_CAP`] times the
/// smallest non-empty class (95 and 5 keep 70 and 5). A downsampled class's weight is
/// `count / kept`.
pub fn downsampled(counts: &[usize]) -> Vec<usize> {
    let smallest = counts.iter().copied().filter(|&n| n > 0).min().unwrap_or(0);
    let cap = smallest * IMBALANCE_CAP;
    counts
        .iter()
        .map(|&n| if smallest > 0 { n.min(cap) } else { n })
        .collect()
}

/// Prepares `table` for the trials.
pub fn prepare(
    table: &Table,
    p: &AutoMLParams,
    imputers: &HashMap<String, Strategy>,
) -> Result<Prepared, String> {
    let mut alerts = Vec::new();
    let mut rng = SeededRng::new(p.seed ^ 0x05ee_da11);
    let target_col = table
        .column(&p.target_col, false)
        .map_err(|e| e.to_string())?;
    let dtype = target_col.dtype();
    let mut rows: Vec<usize> = (0..table.num_rows())
        .filter(|&r| {
            !target_col.is_null(r) && !matches!(target_col.get(r), Cell::Float(f) if f.is_nan())
        })
        .collect();
    let missing = table.num_rows() - rows.len();
    if missing > 0 {
        alerts.push(Alert {
            kind: "MissingTargetAlert".into(),
            message: format!(
                "{missing} rows have no value in '{}' and were dropped",
                p.target_col
            ),
        });
    }
    // Classes: drop the rare ones, code the rest in sorted order.
    let mut class_cells: Vec<Cell> = Vec::new();
    if p.task == Task::Classification {
        if matches!(dtype, DType::Float | DType::Date | DType::Timestamp) {
            return Err(format!(
                "classification needs an integer, boolean or string target; '{}' is {} (use automl.regress for continuous values)",
                p.target_col,
                dtype.spark_name()
            ));
        }
        let mut counts: BTreeMap<String, (Cell, usize)> = BTreeMap::new();
        for &r in &rows {
            let c = target_col.get(r);
            counts.entry(c.text()).or_insert_with(|| (c.clone(), 0)).1 += 1;
        }
        let rare: Vec<String> = counts
            .iter()
            .filter(|(_, (_, n))| *n < MIN_CLASS_ROWS)
            .map(|(k, _)| k.clone())
            .collect();
        if !rare.is_empty() {
            alerts.push(Alert {
                kind: "TargetLabelInsufficientDataAlert".into(),
                message: format!(
                    "classes with fewer than {MIN_CLASS_ROWS} rows were dropped: {}",
                    rare.join(", ")
                ),
            });
            rows.retain(|&r| !rare.contains(&target_col.get(r).text()));
        }
        class_cells = counts
            .into_values()
            .filter(|(_, n)| *n >= MIN_CLASS_ROWS)
            .map(|(c, _)| c)
            .collect();
        crate::sorting::sort_by(&mut class_cells, |a, b| {
            a.order(b).unwrap_or(std::cmp::Ordering::Equal)
        });
        if class_cells.len() < 2 {
            return Err(format!(
                "classification needs at least two classes with {MIN_CLASS_ROWS} or more rows in '{}'",
                p.target_col
            ));
        }
    } else if !dtype.is_numeric() {
        return Err(format!(
            "regression needs a numeric target; '{}' is {} (use automl.classify for classes)",
            p.target_col,
            dtype.spark_name()
        ));
    }
    if rows.len() < 10 {
        return Err(format!(
            "AutoML needs at least 10 rows with a target to split 60/20/20; the dataset has {}",
            rows.len()
        ));
    }
    let code_of = |r: usize| -> usize {
        let c = target_col.get(r);
        class_cells.iter().position(|k| *k == c).unwrap_or(0)
    };
    // Split over the kept rows, then map positions back to table rows.
    let local = if let Some(col) = &p.split_col {
        let c = table.column(col, false).map_err(|e| e.to_string())?;
        let values: Vec<Option<String>> = rows
            .iter()
            .map(|&r| (!c.is_null(r)).then(|| c.get(r).text()))
            .collect();
        let refs: Vec<Option<&str>> = values.iter().map(|v| v.as_deref()).collect();
        let s = split::manual(&refs);
        if s.ignored > 0 {
            alerts.push(Alert {
                kind: "UnexpectedSplitValueAlert".into(),
                message: format!(
                    "{} rows of '{col}' are not 'train', 'validate' or 'test' and were ignored",
                    s.ignored
                ),
            });
        }
        s
    } else if let Some(col) = &p.time_col {
        let c = table.column(col, false).map_err(|e| e.to_string())?;
        let times: Vec<Option<i64>> = rows.iter().map(|&r| time_of(&c.get(r))).collect();
        split::chronological(&times)
    } else if p.task == Task::Classification {
        let codes: Vec<usize> = rows.iter().map(|&r| code_of(r)).collect();
        split::stratified(&codes, &mut rng)
    } else {
        split::random(rows.len(), &mut rng)
    };
    let map = |v: &[usize]| -> Vec<usize> { v.iter().map(|&i| rows[i]).collect() };
    let mut split = Split {
        train: map(&local.train),
        validate: map(&local.validate),
        test: map(&local.test),
        ignored: local.ignored,
    };
    if split.train.is_empty() || split.validate.is_empty() || split.test.is_empty() {
        return Err(format!(
            "every split needs rows: train {}, validate {}, test {}",
            split.train.len(),
            split.validate.len(),
            split.test.len()
        ));
    }
    // Imbalance: downsample over-represented classes in the training split only.
    let mut class_weight = vec![1.0; class_cells.len()];
    let mut rebalance = None;
    if p.task == Task::Classification {
        let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); class_cells.len()];
        for &r in &split.train {
            by_class[code_of(r)].push(r);
        }
        let counts: Vec<usize> = by_class.iter().map(Vec::len).collect();
        let mut changed = Vec::new();
        for (k, (members, keep)) in by_class.iter_mut().zip(downsampled(&counts)).enumerate() {
            if keep < members.len() {
                let before = members.len();
                for i in (1..members.len()).rev() {
                    let j = ((rng.unit() * (i + 1) as f64) as usize).min(i);
                    members.swap(i, j);
                }
                members.truncate(keep);
                class_weight[k] = before as f64 / keep as f64;
                changed.push((cell_json(&class_cells[k]), before, keep, class_weight[k]));
            }
        }
        if !changed.is_empty() {
            let mut kept: Vec<usize> = by_class.into_iter().flatten().collect();
            kept.sort_unstable();
            split.train = kept;
            alerts.push(Alert {
                kind: "ImbalancedTargetAlert".into(),
                message: format!(
                    "the target is imbalanced: the training split keeps at most {IMBALANCE_CAP} rows of a class per row of the smallest, and weights downsampled classes up"
                ),
            });
            rebalance = Some(Rebalance { classes: changed });
        }
    }
    // Weights per training row.
    let sample_weights = match &p.sample_weight_col {
        Some(col) => {
            let c = table.column(col, false).map_err(|e| e.to_string())?;
            Some(
                split
                    .train
                    .iter()
                    .map(|&r| {
                        c.f64_at(r)
                            .filter(|w| w.is_finite() && *w >= 0.0)
                            .unwrap_or(1.0)
                    })
                    .collect::<Vec<f64>>(),
            )
        }
        None => None,
    };
    let train_weights: Vec<f64> = split
        .train
        .iter()
        .enumerate()
        .map(|(i, &r)| {
            let cw = if p.task == Task::Classification {
                class_weight[code_of(r)]
            } else {
                1.0
            };
            cw * sample_weights.as_ref().map_or(1.0, |w| w[i])
        })
        .collect();
    let weighted = rebalance.is_some() || sample_weights.is_some();
    // Columns.
    let mut skip: Vec<&str> = vec![p.target_col.as_str()];
    skip.extend(p.split_col.as_deref());
    skip.extend(p.sample_weight_col.as_deref());
    skip.extend(p.exclude_cols.iter().map(String::as_str));
    let plans: Vec<ColumnPlan> = table
        .names()
        .iter()
        .zip(table.columns())
        .filter(|(n, _)| !skip.contains(&n.as_str()))
        .map(|(n, c)| detect(n, c, !imputers.contains_key(n)))
        .collect();
    let mut semantic_type_conversions: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for plan in &plans {
        if let (Some(kind), true) = (&plan.conversion, plan.is_feature()) {
            semantic_type_conversions
                .entry(kind.clone())
                .or_default()
                .push(plan.name.clone());
        }
        if let Some(why) = &plan.dropped {
            alerts.push(Alert {
                kind: "DroppedColumnAlert".into(),
                message: format!("'{}' is not used: {why}", plan.name),
            });
        }
    }
    let preprocessor = Preprocessor::fit(table, &plans, &split.train, imputers).map_err(|e| e.0)?;
    let x_train = preprocessor
        .transform(table, Some(&split.train))
        .map_err(|e| e.0)?;
    let x_validate = preprocessor
        .transform(table, Some(&split.validate))
        .map_err(|e| e.0)?;
    let x_test = preprocessor
        .transform(table, Some(&split.test))
        .map_err(|e| e.0)?;
    let target = match p.task {
        Task::Classification => {
            let positive = match &p.pos_label {
                Some(label) => class_cells
                    .iter()
                    .position(|c| c.text() == label.text())
                    .ok_or_else(|| {
                        format!(
                            "pos_label {} is not a class of '{}' (classes: {})",
                            label.text(),
                            p.target_col,
                            class_cells
                                .iter()
                                .map(Cell::text)
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    })?,
                None => class_cells.len() - 1,
            };
            let codes = |v: &[usize]| v.iter().map(|&r| code_of(r)).collect();
            Target::Classes {
                labels: class_cells.iter().map(cell_json).collect(),
                train: codes(&split.train),
                validate: codes(&split.validate),
                test: codes(&split.test),
                positive,
            }
        }
        Task::Regression => {
            let values = |v: &[usize]| -> Vec<f64> {
                v.iter()
                    .map(|&r| target_col.f64_at(r).unwrap_or(0.0))
                    .collect()
            };
            let train = values(&split.train);
            let transform = (train.iter().all(|y| *y >= 0.0) && skewness(&train) > 1.0)
                .then_some(TargetTransform::Log1p);
            if transform.is_some() {
                alerts.push(Alert {
                    kind: "SkewedTargetAlert".into(),
                    message: format!(
                        "'{}' is strongly right-skewed: models are fitted on log(1 + y) and predictions converted back",
                        p.target_col
                    ),
                });
            }
            Target::Values {
                train,
                validate: values(&split.validate),
                test: values(&split.test),
                transform,
            }
        }
    };
    let mut distinct_counts = Vec::new();
    for step in &preprocessor.steps {
        if let crate::ml::prep::Step::OneHot { column, .. } = step {
            if let Ok(c) = table.column(column, false) {
                let mut seen: Vec<String> = split
                    .train
                    .iter()
                    .filter(|&&r| !c.is_null(r))
                    .map(|&r| crate::ml::prep::cell_key(&c.get(r)))
                    .collect();
                seen.sort();
                seen.dedup();
                distinct_counts.push((column.clone(), seen.len()));
            }
        }
    }
    Ok(Prepared {
        distinct_counts,
        task: p.task,
        plans,
        preprocessor,
        x_train,
        x_validate,
        x_test,
        target,
        train_weights,
        weighted,
        split,
        rebalance,
        alerts,
        semantic_type_conversions,
    })
}
