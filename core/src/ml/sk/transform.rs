//! scikit-learn's transformers over [`Frame`]s: `SimpleImputer`, `StandardScaler`,
//! `OneHotEncoder`, `ColumnTransformer` and chains of them (a `Pipeline`'s steps before its
//! estimator). Each is fitted on training data and then transforms any data the same way.
//!
//! Output names follow `get_feature_names_out`: one-hot columns `col_value`,
//! `ColumnTransformer` outputs `name__feature` (`verbose_feature_names_out=True`, the
//! default) and `remainder__col`.

use serde::{Deserialize, Serialize};

use super::frame::{Col, Frame};

/// An unfitted transformer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Transformer {
    SimpleImputer {
        /// `mean`, `median`, `most_frequent` or `constant`.
        strategy: String,
        fill_value: Option<Fill>,
    },
    StandardScaler {
        with_mean: bool,
        with_std: bool,
    },
    OneHotEncoder {
        /// `handle_unknown="ignore"` (else unknown categories raise).
        ignore_unknown: bool,
    },
    ColumnTransformer {
        parts: Vec<(String, Part, Vec<String>)>,
        remainder_passthrough: bool,
    },
    Chain {
        steps: Vec<(String, Transformer)>,
    },
}

/// What a `ColumnTransformer` does with its columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Part {
    Drop,
    Passthrough,
    Apply { transformer: Box<Transformer> },
}

/// A fill value. `Deserialize` is in `transform_de`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Fill {
    Num(f64),
    Text(String),
}

/// A fitted transformer. `Deserialize` is in `transform_de`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FittedTransformer {
    Imputer {
        fills: Vec<(String, Fill)>,
    },
    Scaler {
        columns: Vec<(String, f64, f64)>,
    },
    OneHot {
        columns: Vec<(String, Vec<String>)>,
        ignore_unknown: bool,
    },
    Columns {
        parts: Vec<(String, FittedPart, Vec<String>)>,
        remainder: Vec<String>,
    },
    Chain {
        steps: Vec<(String, FittedTransformer)>,
    },
}

/// What a fitted `ColumnTransformer` does with its columns. `Deserialize` is in
/// `transform_de`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FittedPart {
    Drop,
    Passthrough,
    Apply { transformer: Box<FittedTransformer> },
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn most_frequent<T: Ord + Clone>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: std::collections::BTreeMap<T, usize> = std::collections::BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    // Ties go to the smallest value (scikit-learn's rule); BTreeMap iterates in order.
    let best = counts.values().copied().max()?;
    counts.into_iter().find(|(_, c)| *c == best).map(|(k, _)| k)
}

fn fit_imputer(
    strategy: &str,
    fill_value: &Option<Fill>,
    x: &Frame,
) -> Result<FittedTransformer, String> {
    let mut fills = Vec::new();
    for (name, col) in x.names.iter().zip(&x.cols) {
        let fill = match (strategy, col) {
            ("constant", Col::Num(_)) => match fill_value {
                Some(Fill::Num(f)) => Fill::Num(*f),
                None => Fill::Num(0.0),
                Some(Fill::Text(t)) => {
                    return Err(format!(
                        "'fill_value'={t} is invalid. Expected a numerical value when imputing numerical data"
                    ))
                }
            },
            ("constant", Col::Cat(_)) => match fill_value {
                Some(Fill::Text(t)) => Fill::Text(t.clone()),
                Some(Fill::Num(f)) => Fill::Text(crate::table::float_text(*f)),
                None => Fill::Text("missing_value".into()),
            },
            ("mean" | "median", Col::Cat(_)) => {
                return Err(format!(
                    "Cannot use {strategy} strategy with non-numeric data: column '{name}' holds strings"
                ))
            }
            ("mean" | "median" | "most_frequent", Col::Num(v)) => {
                let present: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
                if present.is_empty() {
                    return Err(format!(
                        "column '{name}' has no observed value to impute with (scikit-learn drops such a column)"
                    ));
                }
                Fill::Num(match strategy {
                    "mean" => present.iter().sum::<f64>() / present.len() as f64,
                    "median" => median(present),
                    _ => most_frequent_num(present),
                })
            }
            ("most_frequent", Col::Cat(v)) => match most_frequent(v.iter().flatten().cloned()) {
                Some(t) => Fill::Text(t),
                None => {
                    return Err(format!(
                        "column '{name}' has no observed value to impute with"
                    ))
                }
            },
            (other, _) => {
                return Err(format!(
                    "The 'strategy' parameter of SimpleImputer must be a str among {{'constant', 'mean', 'median', 'most_frequent'}}. Got '{other}' instead."
                ))
            }
        };
        fills.push((name.clone(), fill));
    }
    Ok(FittedTransformer::Imputer { fills })
}

/// The most frequent number; ties go to the smallest.
fn most_frequent_num(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let (mut best, mut best_n, mut i) = (v.first().copied().unwrap_or(0.0), 0, 0);
    while i < v.len() {
        let mut j = i;
        while j < v.len() && v[j] == v[i] {
            j += 1;
        }
        if j - i > best_n {
            best = v[i];
            best_n = j - i;
        }
        i = j;
    }
    best
}

impl Transformer {
    pub fn fit(&self, x: &Frame) -> Result<FittedTransformer, String> {
        match self {
            Transformer::SimpleImputer {
                strategy,
                fill_value,
            } => fit_imputer(strategy, fill_value, x),
            Transformer::StandardScaler {
                with_mean,
                with_std,
            } => {
                let mut columns = Vec::new();
                for (name, col) in x.names.iter().zip(&x.cols) {
                    let Col::Num(v) = col else {
                        let example = match col {
                            Col::Cat(v) => v.iter().flatten().next().cloned().unwrap_or_default(),
                            Col::Num(_) => String::new(),
                        };
                        return Err(format!(
                            "could not convert string to float: '{example}' (StandardScaler needs numeric column '{name}')"
                        ));
                    };
                    let present: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
                    let n = present.len().max(1) as f64;
                    let mean = present.iter().sum::<f64>() / n;
                    let var = present.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
                    let scale = if *with_std && var > 0.0 {
                        var.sqrt()
                    } else {
                        1.0
                    };
                    columns.push((name.clone(), if *with_mean { mean } else { 0.0 }, scale));
                }
                Ok(FittedTransformer::Scaler { columns })
            }
            Transformer::OneHotEncoder { ignore_unknown } => {
                let mut columns = Vec::new();
                for (name, col) in x.names.iter().zip(&x.cols) {
                    let mut cats: Vec<String> = match col {
                        Col::Cat(v) => v.iter().flatten().cloned().collect(),
                        Col::Num(v) => v
                            .iter()
                            .filter(|x| x.is_finite())
                            .map(|x| num_key(*x))
                            .collect(),
                    };
                    if cats.len() < col.len() {
                        return Err(format!(
                            "Input contains NaN (column '{name}'): impute it before OneHotEncoder"
                        ));
                    }
                    cats.sort();
                    cats.dedup();
                    columns.push((name.clone(), cats));
                }
                Ok(FittedTransformer::OneHot {
                    columns,
                    ignore_unknown: *ignore_unknown,
                })
            }
            Transformer::ColumnTransformer {
                parts,
                remainder_passthrough,
            } => {
                let mut used: Vec<String> = Vec::new();
                let mut fitted = Vec::new();
                for (name, part, cols) in parts {
                    let sub = x.select(cols)?;
                    used.extend(cols.iter().cloned());
                    let f = match part {
                        Part::Drop => FittedPart::Drop,
                        Part::Passthrough => FittedPart::Passthrough,
                        Part::Apply { transformer } => FittedPart::Apply {
                            transformer: Box::new(transformer.fit(&sub)?),
                        },
                    };
                    fitted.push((name.clone(), f, cols.clone()));
                }
                let remainder = if *remainder_passthrough {
                    x.names
                        .iter()
                        .filter(|n| !used.contains(n))
                        .cloned()
                        .collect()
                } else {
                    Vec::new()
                };
                Ok(FittedTransformer::Columns {
                    parts: fitted,
                    remainder,
                })
            }
            Transformer::Chain { steps } => {
                let mut data = x.clone();
                let mut fitted = Vec::new();
                for (name, t) in steps {
                    let f = t.fit(&data)?;
                    data = f.transform(&data)?;
                    fitted.push((name.clone(), f));
                }
                Ok(FittedTransformer::Chain { steps: fitted })
            }
        }
    }
}

fn num_key(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        crate::table::float_text(x)
    }
}

impl FittedTransformer {
    /// The columns the transformer was fitted on, where it checks them by name.
    pub fn transform(&self, x: &Frame) -> Result<Frame, String> {
        match self {
            FittedTransformer::Imputer { fills } => {
                let mut out = x.clone();
                for (name, fill) in fills {
                    let i = x.position(name).ok_or_else(|| missing(name))?;
                    out.cols[i] = match (&x.cols[i], fill) {
                        (Col::Num(v), Fill::Num(f)) => Col::Num(
                            v.iter()
                                .map(|x| if x.is_finite() { *x } else { *f })
                                .collect(),
                        ),
                        (Col::Cat(v), Fill::Text(t)) => Col::Cat(
                            v.iter()
                                .map(|x| Some(x.clone().unwrap_or_else(|| t.clone())))
                                .collect(),
                        ),
                        (Col::Num(v), Fill::Text(t)) => Col::Cat(
                            v.iter()
                                .map(|x| {
                                    Some(if x.is_finite() {
                                        num_key(*x)
                                    } else {
                                        t.clone()
                                    })
                                })
                                .collect(),
                        ),
                        (Col::Cat(v), Fill::Num(f)) => Col::Cat(
                            v.iter()
                                .map(|x| Some(x.clone().unwrap_or_else(|| num_key(*f))))
                                .collect(),
                        ),
                    };
                }
                Ok(out)
            }
            FittedTransformer::Scaler { columns } => {
                let mut out = x.clone();
                for (name, mean, scale) in columns {
                    let i = x.position(name).ok_or_else(|| missing(name))?;
                    let Col::Num(v) = &x.cols[i] else {
                        return Err(format!(
                            "could not convert string to float (StandardScaler, column '{name}')"
                        ));
                    };
                    out.cols[i] = Col::Num(v.iter().map(|x| (x - mean) / scale).collect());
                }
                Ok(out)
            }
            FittedTransformer::OneHot {
                columns,
                ignore_unknown,
            } => {
                let n = x.num_rows();
                let mut out = Frame {
                    names: Vec::new(),
                    cols: Vec::new(),
                };
                for (name, cats) in columns {
                    let i = x.position(name).ok_or_else(|| missing(name))?;
                    let keys: Vec<Option<String>> = match &x.cols[i] {
                        Col::Cat(v) => v.clone(),
                        Col::Num(v) => v
                            .iter()
                            .map(|x| x.is_finite().then(|| num_key(*x)))
                            .collect(),
                    };
                    let mut block = vec![vec![0.0; n]; cats.len()];
                    for (r, k) in keys.iter().enumerate() {
                        match k.as_ref().and_then(|k| cats.binary_search(k).ok()) {
                            Some(c) => block[c][r] = 1.0,
                            None if *ignore_unknown => {}
                            None => {
                                return Err(format!(
                                    "Found unknown categories [{}] in column '{name}' during transform (use OneHotEncoder(handle_unknown='ignore'))",
                                    k.as_deref().map_or("nan".to_string(), |k| format!("'{k}'"))
                                ))
                            }
                        }
                    }
                    for (c, values) in cats.iter().zip(block) {
                        out.names.push(format!("{name}_{c}"));
                        out.cols.push(Col::Num(values));
                    }
                }
                Ok(out)
            }
            FittedTransformer::Columns { parts, remainder } => {
                let mut outs = Vec::new();
                for (name, part, cols) in parts {
                    let sub = x.select(cols)?;
                    let mut t = match part {
                        FittedPart::Drop => continue,
                        FittedPart::Passthrough => sub,
                        FittedPart::Apply { transformer } => transformer.transform(&sub)?,
                    };
                    t.names = t.names.iter().map(|n| format!("{name}__{n}")).collect();
                    outs.push(t);
                }
                if !remainder.is_empty() {
                    let mut r = x.select(remainder)?;
                    r.names = r.names.iter().map(|n| format!("remainder__{n}")).collect();
                    outs.push(r);
                }
                Ok(Frame::hstack(outs))
            }
            FittedTransformer::Chain { steps } => {
                let mut data = x.clone();
                for (_, f) in steps {
                    data = f.transform(&data)?;
                }
                Ok(data)
            }
        }
    }
}

fn missing(name: &str) -> String {
    format!("columns are missing: {{'{name}'}}")
}
