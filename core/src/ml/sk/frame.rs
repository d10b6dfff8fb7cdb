//! The data scikit-learn-style steps pass along: named columns, numeric (NaN for missing) or
//! categorical (text, `None` for missing). A pandas DataFrame or a model input becomes one;
//! an estimator needs every column numeric (scikit-learn's "could not convert string to
//! float" otherwise).

use ndarray::Array2;

use crate::frame::SplitFrame;
use crate::ml::prep::{Raw, Source};
use crate::table::{float_text, Table};

#[derive(Debug, Clone, PartialEq)]
pub enum Col {
    Num(Vec<f64>),
    Cat(Vec<Option<String>>),
}

impl Col {
    pub fn len(&self) -> usize {
        match self {
            Col::Num(v) => v.len(),
            Col::Cat(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn take(&self, rows: &[usize]) -> Col {
        match self {
            Col::Num(v) => Col::Num(rows.iter().map(|&r| v[r]).collect()),
            Col::Cat(v) => Col::Cat(rows.iter().map(|&r| v[r].clone()).collect()),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub names: Vec<String>,
    pub cols: Vec<Col>,
}

fn key(raw: &Raw) -> Option<String> {
    match raw {
        Raw::Missing => None,
        Raw::Num(x) if x.fract() == 0.0 && x.abs() < 1e15 => Some(format!("{}", *x as i64)),
        Raw::Num(x) => Some(float_text(*x)),
        Raw::Text(s) => Some(s.to_string()),
    }
}

impl Frame {
    fn from_source<S: Source + ?Sized>(s: &S, names: &[String]) -> Frame {
        let n = s.num_rows();
        let cols = names
            .iter()
            .map(|name| {
                let Some(pos) = s.position(name) else {
                    return Col::Num(vec![f64::NAN; n]);
                };
                let raws: Vec<Raw> = (0..n).map(|r| s.raw(pos, r)).collect();
                if raws.iter().any(|r| matches!(r, Raw::Text(_))) {
                    Col::Cat(raws.iter().map(key).collect())
                } else {
                    Col::Num(
                        raws.iter()
                            .map(|r| match r {
                                Raw::Num(x) => *x,
                                _ => f64::NAN,
                            })
                            .collect(),
                    )
                }
            })
            .collect();
        Frame {
            names: names.to_vec(),
            cols,
        }
    }

    pub fn from_table(t: &Table) -> Frame {
        Frame::from_source(t, t.names())
    }

    pub fn from_split(s: &SplitFrame) -> Frame {
        Frame::from_source(s, &s.columns)
    }

    /// A single unnamed column of numbers (a list or Series passed as `y` or a 1-D `X`).
    pub fn num_rows(&self) -> usize {
        self.cols.first().map_or(0, Col::len)
    }

    pub fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The named columns, in the order given.
    pub fn select(&self, names: &[String]) -> Result<Frame, String> {
        let cols = names
            .iter()
            .map(|n| {
                self.position(n)
                    .map(|i| self.cols[i].clone())
                    .ok_or_else(|| "A given column is not a column of the dataframe".to_string())
            })
            .collect::<Result<_, _>>()?;
        Ok(Frame {
            names: names.to_vec(),
            cols,
        })
    }

    pub fn rows(&self, rows: &[usize]) -> Frame {
        Frame {
            names: self.names.clone(),
            cols: self.cols.iter().map(|c| c.take(rows)).collect(),
        }
    }

    /// Joins columns side by side.
    pub fn hstack(parts: Vec<Frame>) -> Frame {
        let mut out = Frame {
            names: Vec::new(),
            cols: Vec::new(),
        };
        for p in parts {
            out.names.extend(p.names);
            out.cols.extend(p.cols);
        }
        out
    }

    /// The numeric matrix an estimator fits on.
    pub fn to_array(&self) -> Result<Array2<f64>, String> {
        let n = self.num_rows();
        let mut x = Array2::<f64>::zeros((n, self.cols.len()));
        for (j, c) in self.cols.iter().enumerate() {
            match c {
                Col::Num(v) => {
                    for (i, value) in v.iter().enumerate() {
                        if !value.is_finite() {
                            return Err(format!(
                                "Input X contains NaN. (column '{}'): impute missing values first, e.g. with SimpleImputer",
                                self.names[j]
                            ));
                        }
                        x[[i, j]] = *value;
                    }
                }
                Col::Cat(v) => {
                    let example = v.iter().flatten().next().cloned().unwrap_or_default();
                    return Err(format!(
                        "could not convert string to float: '{example}' (column '{}'): encode categories first, e.g. with OneHotEncoder",
                        self.names[j]
                    ));
                }
            }
        }
        Ok(x)
    }
}
