//! The table `mlflow.search_runs` returns, with the pandas operations the exam uses on it:
//! `len`, `.shape`, `.columns`, `.empty`, `df["col"]`, `df[["a", "b"]]`, `.iloc[i]`, `.loc[i]`,
//! `.head(n)`, `.sort_values(by, ascending=)`; a column (`Series`) offers `.iloc`,
//! `.idxmin()`, `.idxmax()`, `.min()`, `.max()`, `.mean()`, `.tolist()`; a row offers
//! `row["col"]` and `row.col`. The full DataFrame arrives with the tables engine.

use std::any::Any;
use std::rc::Rc;

use crate::frame::SplitFrame;
use crate::notebook::call::Sig;
use crate::notebook::error::{not_implemented, type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::output::Display;
use crate::notebook::value::{Args, Dict, Object, Value};

use crate::notebook::modules::from_json;

/// Rows kept in a display, paged under the cell (the rest are counted).
const SHOWN_ROWS: usize = 1000;

/// A pandas-like table: columns, rows, and the row labels (positions in the original).
#[derive(Debug, Clone)]
pub struct FrameObj {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    pub index: Vec<i64>,
}

impl FrameObj {
    pub fn from_split(frame: &SplitFrame) -> Self {
        Self {
            columns: frame.columns.clone(),
            rows: frame
                .data
                .iter()
                .map(|r| r.iter().map(from_json).collect())
                .collect(),
            index: (0..frame.data.len() as i64).collect(),
        }
    }

    fn column(&self, name: &str) -> Result<usize, PyErr> {
        self.columns
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| PyErr::new(ExcType::KeyError, format!("'{name}'")))
    }

    fn series(&self, name: &str) -> Result<SeriesObj, PyErr> {
        let c = self.column(name)?;
        Ok(SeriesObj {
            name: name.to_string(),
            values: self.rows.iter().map(|r| r[c].clone()).collect(),
            index: self.index.clone(),
        })
    }

    fn row(&self, i: usize) -> Value {
        Value::object(RowObj {
            columns: self.columns.clone(),
            values: self.rows[i].clone(),
            label: self.index[i],
        })
    }

    fn take(&self, positions: &[usize]) -> FrameObj {
        FrameObj {
            columns: self.columns.clone(),
            rows: positions.iter().map(|&i| self.rows[i].clone()).collect(),
            index: positions.iter().map(|&i| self.index[i]).collect(),
        }
    }
}

fn cell_text(v: &Value) -> String {
    match v {
        Value::None => "NaN".into(),
        Value::Float(f) if f.is_nan() => "NaN".into(),
        other => other.to_str(),
    }
}

impl Object for FrameObj {
    fn type_name(&self) -> &str {
        "DataFrame"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(match name {
            "columns" => Value::list(
                self.columns
                    .iter()
                    .map(|c| Value::str(c.as_str()))
                    .collect(),
            ),
            "shape" => Value::tuple(vec![
                Value::Int(self.rows.len() as i64),
                Value::Int(self.columns.len() as i64),
            ]),
            "empty" => Value::Bool(self.rows.is_empty()),
            "iloc" => Value::object(Indexer {
                frame: self.clone(),
                by_label: false,
            }),
            "loc" => Value::object(Indexer {
                frame: self.clone(),
                by_label: true,
            }),
            _ => return None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "head" | "sort_values" | "to_dict")
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
        match name {
            "head" => {
                let b = Sig {
                    name: "DataFrame.head",
                    params: &["n="],
                    is_method: true,
                    display: "DataFrame.head(n: int = 5)",
                }
                .bind(args)?;
                let n = b.get("n").and_then(Value::as_int).unwrap_or(5).max(0) as usize;
                let positions: Vec<usize> = (0..self.rows.len().min(n)).collect();
                Ok(Value::object(self.take(&positions)))
            }
            "sort_values" => {
                let b = Sig {
                    name: "DataFrame.sort_values",
                    params: &["by", "*", "axis=", "ascending=", "inplace=", "kind=", "na_position="],
                    is_method: true,
                    display: "DataFrame.sort_values(by, *, axis=0, ascending=True, inplace=False, kind='quicksort', na_position='last')",
                }
                .bind(args)?;
                let by = b.value("by").to_str();
                let c = self.column(&by)?;
                let ascending = b.get("ascending").is_none_or(Value::truthy);
                let mut positions: Vec<usize> = (0..self.rows.len()).collect();
                let missing =
                    |v: &Value| matches!(v, Value::None) || v.as_f64().is_some_and(f64::is_nan);
                positions.sort_by(|&x, &y| {
                    let (a, b) = (&self.rows[x][c], &self.rows[y][c]);
                    match (missing(a), missing(b)) {
                        (true, true) => std::cmp::Ordering::Equal,
                        (true, false) => std::cmp::Ordering::Greater,
                        (false, true) => std::cmp::Ordering::Less,
                        _ => {
                            let o = crate::notebook::ops::order(a, b, "<")
                                .unwrap_or(std::cmp::Ordering::Equal);
                            if ascending {
                                o
                            } else {
                                o.reverse()
                            }
                        }
                    }
                });
                Ok(Value::object(self.take(&positions)))
            }
            _ => Err(not_implemented(format!(
                "DataFrame.{name}() is not available yet in Lakelab"
            ))),
        }
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        match key {
            Value::Str(s) => Ok(Value::object(self.series(s)?)),
            Value::List(_) => {
                let names: Vec<String> = key
                    .iter_items()
                    .unwrap_or_default()
                    .iter()
                    .map(Value::to_str)
                    .collect();
                let cols: Vec<usize> = names
                    .iter()
                    .map(|n| self.column(n))
                    .collect::<Result<_, _>>()?;
                Ok(Value::object(FrameObj {
                    columns: names,
                    rows: self
                        .rows
                        .iter()
                        .map(|r| cols.iter().map(|&c| r[c].clone()).collect())
                        .collect(),
                    index: self.index.clone(),
                }))
            }
            other => Err(PyErr::new(ExcType::KeyError, other.repr())),
        }
    }
    fn py_len(&self) -> Option<usize> {
        Some(self.rows.len())
    }
    fn items(&self) -> Option<Vec<Value>> {
        // Iterating a DataFrame gives its column names, as pandas does.
        Some(
            self.columns
                .iter()
                .map(|c| Value::str(c.as_str()))
                .collect(),
        )
    }
    fn repr(&self) -> String {
        format!(
            "DataFrame with {} rows and {} columns",
            self.rows.len(),
            self.columns.len()
        )
    }
    fn display(&self) -> Option<Display> {
        let mut columns = vec![String::new()];
        columns.extend(self.columns.iter().cloned());
        Some(Display::Table {
            columns,
            rows: self
                .rows
                .iter()
                .zip(&self.index)
                .take(SHOWN_ROWS)
                .map(|(r, i)| {
                    std::iter::once(i.to_string())
                        .chain(r.iter().map(cell_text))
                        .collect()
                })
                .collect(),
            total_rows: self.rows.len(),
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `df.iloc` (by position) and `df.loc` (by row label).
#[derive(Debug)]
struct Indexer {
    frame: FrameObj,
    by_label: bool,
}

impl Object for Indexer {
    fn type_name(&self) -> &str {
        if self.by_label {
            "_LocIndexer"
        } else {
            "_iLocIndexer"
        }
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        let Some(k) = key.as_int() else {
            return Err(not_implemented(
                "only single-row .iloc[i] and .loc[label] are available in Lakelab for now",
            ));
        };
        let n = self.frame.rows.len() as i64;
        let position = if self.by_label {
            self.frame
                .index
                .iter()
                .position(|&l| l == k)
                .ok_or_else(|| PyErr::new(ExcType::KeyError, k.to_string()))?
        } else {
            let at = if k < 0 { k + n } else { k };
            if at < 0 || at >= n {
                return Err(PyErr::new(
                    ExcType::IndexError,
                    "single positional indexer is out-of-bounds",
                ));
            }
            at as usize
        };
        Ok(self.frame.row(position))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// One column.
#[derive(Debug, Clone)]
pub struct SeriesObj {
    name: String,
    values: Vec<Value>,
    index: Vec<i64>,
}

impl SeriesObj {
    fn numbers(&self) -> Vec<(usize, f64)> {
        self.values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_f64().filter(|f| !f.is_nan()).map(|f| (i, f)))
            .collect()
    }
}

impl Object for SeriesObj {
    fn type_name(&self) -> &str {
        "Series"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(match name {
            "values" => Value::list(self.values.clone()),
            "name" => Value::str(self.name.as_str()),
            "iloc" => Value::object(SeriesIndexer(self.clone())),
            _ => return None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "idxmin" | "idxmax" | "min" | "max" | "mean" | "sum" | "tolist" | "to_list" | "count"
        )
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
        if !args.positional.is_empty() {
            return Err(type_error(format!(
                "Series.{name}() takes no positional arguments in Lakelab"
            )));
        }
        let nums = self.numbers();
        let pick = |max: bool| {
            nums.iter().copied().reduce(|a, b| {
                if (b.1 > a.1) == max && b.1 != a.1 {
                    b
                } else {
                    a
                }
            })
        };
        Ok(match name {
            "tolist" | "to_list" => Value::list(self.values.clone()),
            "count" => Value::Int(nums.len() as i64),
            "idxmin" | "idxmax" => match pick(name == "idxmax") {
                Some((i, _)) => Value::Int(self.index[i]),
                None => {
                    return Err(PyErr::new(
                        ExcType::ValueError,
                        format!("attempt to get {} of an empty sequence", &name[3..]),
                    ))
                }
            },
            "min" | "max" => {
                pick(name == "max").map_or(Value::Float(f64::NAN), |(_, f)| Value::Float(f))
            }
            "mean" => {
                if nums.is_empty() {
                    Value::Float(f64::NAN)
                } else {
                    Value::Float(nums.iter().map(|x| x.1).sum::<f64>() / nums.len() as f64)
                }
            }
            _ => Value::Float(nums.iter().map(|x| x.1).sum::<f64>()),
        })
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        let k = key
            .as_int()
            .ok_or_else(|| PyErr::new(ExcType::KeyError, key.repr()))?;
        let i = self
            .index
            .iter()
            .position(|&l| l == k)
            .ok_or_else(|| PyErr::new(ExcType::KeyError, k.to_string()))?;
        Ok(self.values[i].clone())
    }
    fn items(&self) -> Option<Vec<Value>> {
        Some(self.values.clone())
    }
    fn repr(&self) -> String {
        let mut s: String = self
            .index
            .iter()
            .zip(&self.values)
            .map(|(i, v)| format!("{i}    {}\n", cell_text(v)))
            .collect();
        s.push_str(&format!("Name: {}, dtype: object", self.name));
        s
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[derive(Debug)]
struct SeriesIndexer(SeriesObj);

impl Object for SeriesIndexer {
    fn type_name(&self) -> &str {
        "_iLocIndexer"
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        let k = key
            .as_int()
            .ok_or_else(|| not_implemented("only .iloc[i] is available for a Series"))?;
        let n = self.0.values.len() as i64;
        let at = if k < 0 { k + n } else { k };
        if at < 0 || at >= n {
            return Err(PyErr::new(
                ExcType::IndexError,
                "single positional indexer is out-of-bounds",
            ));
        }
        Ok(self.0.values[at as usize].clone())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// One row (`df.iloc[0]`): `row["col"]`, `row.col`, `row.to_dict()`.
#[derive(Debug)]
pub struct RowObj {
    columns: Vec<String>,
    values: Vec<Value>,
    label: i64,
}

impl Object for RowObj {
    fn type_name(&self) -> &str {
        "Series"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        if name == "name" {
            return Some(Value::Int(self.label));
        }
        self.columns
            .iter()
            .position(|c| c == name)
            .map(|i| self.values[i].clone())
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "to_dict" | "asDict")
    }
    fn call_method(
        self: Rc<Self>,
        _: &mut Interp,
        _name: &str,
        _args: Args,
    ) -> Result<Value, PyErr> {
        Ok(Value::dict(Dict::from_pairs(
            self.columns
                .iter()
                .map(String::as_str)
                .zip(self.values.iter().cloned()),
        )))
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        let name = key.to_str();
        self.columns
            .iter()
            .position(|c| *c == name)
            .map(|i| self.values[i].clone())
            .ok_or_else(|| PyErr::new(ExcType::KeyError, key.repr()))
    }
    fn repr(&self) -> String {
        let mut s: String = self
            .columns
            .iter()
            .zip(&self.values)
            .map(|(c, v)| format!("{c}    {}\n", cell_text(v)))
            .collect();
        s.push_str(&format!("Name: {}, dtype: object", self.label));
        s
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
