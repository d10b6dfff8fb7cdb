//! pandas' `Series` over a core column, with an index of labels: element-wise arithmetic and
//! comparisons (giving boolean masks), `&`, `|`, `~`, the statistics (`mean`, `sum`, `min`,
//! `max`, `std`, `var`, `median`, `quantile`, `count`, `nunique`, `idxmin`, `idxmax`),
//! `value_counts`, `unique`, `isna`/`notna`, `fillna`, `dropna`, `astype`, `apply`/`map`,
//! `isin`, `round`, `abs`, `sort_values`, `head`/`tail`, `tolist`, `iloc`/`loc`.
//! Two Series combine by position (pandas aligns on labels; Lakelab's Series from one frame
//! share their labels, and a mismatch is refused rather than misaligned).

use std::any::Any;
use std::rc::Rc;

use ruff_python_ast::{CmpOp, Operator, UnaryOp};

use crate::notebook::bindings::cells::{
    column_from_values, pandas_error, pandas_values, to_cell, to_pandas_value,
};
use crate::notebook::bindings::spark::column::cmp_op;
use crate::notebook::call::Sig;
use crate::notebook::error::{type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::ops::{as_slice, slice_indices};
use crate::notebook::value::{Args, Dict, Object, Value};
use crate::table::expr::{binary, broadcast, BinOp, Dialect};
use crate::table::group::{groups, key_part};
use crate::table::sort::{sorted_positions, SortKey};
use crate::table::{Cell, Column, DType};

#[derive(Debug, Clone)]
pub struct SeriesObj {
    pub values: Column,
    pub name: Option<String>,
    pub index: Column,
    /// The index's name (a groupby key), printed above the rows as pandas does.
    pub index_name: Option<String>,
}

/// `0..n` as an index.
pub fn range_index(n: usize) -> Column {
    Column::ints((0..n as i64).collect())
}

impl SeriesObj {
    pub fn value(values: Column, name: Option<String>, index: Column) -> Value {
        let values = crate::notebook::bindings::cells::pandas_column(values);
        Value::object(SeriesObj {
            values,
            name,
            index,
            index_name: None,
        })
    }

    fn with_values(&self, values: Column) -> Value {
        Value::object(SeriesObj {
            values: crate::notebook::bindings::cells::pandas_column(values),
            ..self.clone()
        })
    }

    fn take(&self, positions: &[usize]) -> Value {
        Value::object(SeriesObj {
            values: self.values.take_rows(positions),
            index: self.index.take_rows(positions),
            ..self.clone()
        })
    }

    /// The position of a label (`s[label]`, `s.loc[label]`).
    pub fn position_of(&self, key: &Value) -> Result<usize, PyErr> {
        let cell = to_cell(key)?;
        (0..self.index.len())
            .find(|&i| self.index.get(i).order(&cell) == Some(std::cmp::Ordering::Equal))
            .ok_or_else(|| PyErr::new(ExcType::KeyError, key.repr()))
    }

    fn dtype_name(&self) -> &'static str {
        self.values.dtype().pandas_name(self.values.valid.is_some())
    }

    /// Numbers, skipping missing values and NaN; a TypeError for a text column.
    fn numbers(&self, what: &str) -> Result<Vec<f64>, PyErr> {
        match self.values.dtype() {
            DType::Int | DType::Float => {}
            DType::Bool => {
                return Ok((0..self.values.len())
                    .filter(|&i| !self.values.is_null(i))
                    .map(|i| {
                        if self.values.get(i) == Cell::Bool(true) {
                            1.0
                        } else {
                            0.0
                        }
                    })
                    .collect())
            }
            t => {
                return Err(type_error(format!(
                    "Could not convert the {} column{} to numeric for {what}()",
                    t.pandas_name(false),
                    self.name
                        .as_ref()
                        .map_or(String::new(), |n| format!(" '{n}'"))
                )))
            }
        }
        Ok((0..self.values.len())
            .filter_map(|i| self.values.f64_at(i))
            .filter(|f| !f.is_nan())
            .collect())
    }

    fn present(&self) -> Vec<usize> {
        (0..self.values.len())
            .filter(|&i| !self.values.is_null(i) && !self.values.f64_at(i).is_some_and(f64::is_nan))
            .collect()
    }

    /// A reduction by name (`mean`, `sum`…).
    pub fn stat(&self, name: &str, q: f64) -> Result<Value, PyErr> {
        let nan = Value::Float(f64::NAN);
        Ok(match name {
            "count" => Value::Int(self.present().len() as i64),
            "nunique" => {
                let set: std::collections::HashSet<_> = self
                    .present()
                    .iter()
                    .map(|&i| key_part(&self.values, i))
                    .collect();
                Value::Int(set.len() as i64)
            }
            "sum" => match self.values.dtype() {
                DType::Int if self.values.valid.is_none() => Value::Int(
                    self.present()
                        .iter()
                        .map(|&i| match self.values.get(i) {
                            Cell::Int(v) => v,
                            _ => 0,
                        })
                        .fold(0i64, i64::wrapping_add),
                ),
                DType::Bool => Value::Int(self.numbers(name)?.iter().sum::<f64>() as i64),
                DType::Str => Value::str(
                    self.present()
                        .iter()
                        .map(|&i| self.values.get(i).text())
                        .collect::<String>(),
                ),
                _ => Value::Float(self.numbers(name)?.iter().sum()),
            },
            "mean" => {
                let xs = self.numbers(name)?;
                if xs.is_empty() {
                    nan
                } else {
                    Value::Float(xs.iter().sum::<f64>() / xs.len() as f64)
                }
            }
            "std" | "var" => {
                let xs = self.numbers(name)?;
                match crate::table::group::sample_variance(&xs) {
                    None => nan,
                    Some(v) if name == "var" => Value::Float(v),
                    Some(v) => Value::Float(v.sqrt()),
                }
            }
            "median" | "quantile" => {
                let mut xs = self.numbers(name)?;
                if xs.is_empty() {
                    return Ok(nan);
                }
                xs.sort_by(f64::total_cmp);
                let q = if name == "median" { 0.5 } else { q };
                let pos = q * (xs.len() - 1) as f64;
                let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
                Value::Float(xs[lo] + (xs[hi] - xs[lo]) * (pos - lo as f64))
            }
            "min" | "max" | "idxmin" | "idxmax" => {
                let present = self.present();
                let want_max = name.ends_with("max");
                let mut best: Option<usize> = None;
                for &i in &present {
                    best = Some(match best {
                        None => i,
                        Some(b) => {
                            let o = crate::table::sort::compare_cells(
                                &self.values.get(i),
                                &self.values.get(b),
                                true,
                                false,
                            );
                            if (want_max && o == std::cmp::Ordering::Greater)
                                || (!want_max && o == std::cmp::Ordering::Less)
                            {
                                i
                            } else {
                                b
                            }
                        }
                    });
                }
                match (best, name.starts_with("idx")) {
                    (None, true) => {
                        return Err(PyErr::new(
                            ExcType::ValueError,
                            format!("attempt to get {} of an empty sequence", &name[3..]),
                        ))
                    }
                    (None, false) => nan,
                    (Some(i), true) => to_pandas_value(&self.index, i),
                    (Some(i), false) => to_pandas_value(&self.values, i),
                }
            }
            _ => return Err(crate::notebook::error::attribute_error("Series", name)),
        })
    }

    /// pandas' text: one `label    value` line per row, then name and dtype.
    pub fn text(&self) -> String {
        let n = self.values.len();
        let rows: Vec<usize> = if n > 60 {
            (0..5).chain(n - 5..n).collect()
        } else {
            (0..n).collect()
        };
        let labels = crate::notebook::bindings::cells::pandas_texts(&self.index, &rows);
        let values = crate::notebook::bindings::cells::pandas_texts(&self.values, &rows);
        let lw = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        let vw = values.iter().map(|v| v.chars().count()).max().unwrap_or(0);
        let mut s = self.index_name.clone().map_or(String::new(), |n| n + "\n");
        for (k, (l, v)) in labels.iter().zip(&values).enumerate() {
            if n > 60 && k == 5 {
                s.push_str("                ...\n");
            }
            s.push_str(&format!("{l:<lw$}    {v:>vw$}\n"));
        }
        let mut footer: Vec<String> = Vec::new();
        if let Some(name) = &self.name {
            footer.push(format!("Name: {name}"));
        }
        if n > 60 {
            footer.push(format!("Length: {n}"));
        }
        footer.push(format!("dtype: {}", self.dtype_name()));
        s.push_str(&footer.join(", "));
        s
    }
}

/// A Series argument, if `v` is one.
pub fn series_arg(v: &Value) -> Option<SeriesObj> {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<SeriesObj>().cloned(),
        _ => None,
    }
}

/// The other operand of a Series operation as a column of `n` values.
pub fn operand(v: &Value, n: usize) -> Result<Column, PyErr> {
    if let Some(s) = series_arg(v) {
        if s.values.len() != n {
            return Err(PyErr::new(
                ExcType::ValueError,
                "Can only compare identically-labeled Series objects",
            ));
        }
        return Ok(s.values);
    }
    match v {
        Value::List(_) | Value::Tuple(_) => {
            let items = v.iter_items().unwrap_or_default();
            if items.len() != n {
                return Err(PyErr::new(
                    ExcType::ValueError,
                    format!(
                        "Lengths must match to compare: {n} values against a list of {}",
                        items.len()
                    ),
                ));
            }
            column_from_values(&items)
        }
        other => broadcast(&to_cell(other)?, n).map_err(pandas_error),
    }
}

fn arith(op: Operator) -> Option<BinOp> {
    Some(match op {
        Operator::Add => BinOp::Add,
        Operator::Sub => BinOp::Sub,
        Operator::Mult => BinOp::Mul,
        Operator::Div => BinOp::Div,
        Operator::FloorDiv => BinOp::FloorDiv,
        Operator::Mod => BinOp::Mod,
        Operator::Pow => BinOp::Pow,
        Operator::BitAnd => BinOp::And,
        Operator::BitOr => BinOp::Or,
        _ => return None,
    })
}

/// `values op other` (or `other op values`), pandas semantics.
pub fn combine(
    values: &Column,
    op: BinOp,
    other: &Value,
    reflected: bool,
) -> Result<Column, PyErr> {
    let o = operand(other, values.len())?;
    let (a, b) = if reflected {
        (&o, values)
    } else {
        (values, &o)
    };
    binary(op, a, b, Dialect::Pandas).map_err(|e| match e {
        crate::table::TableError::Type(m) => {
            type_error(format!("unsupported operand type(s) for Series: {m}"))
        }
        other => pandas_error(other),
    })
}

const METHODS: &[&str] = &[
    "mean",
    "sum",
    "min",
    "max",
    "std",
    "var",
    "median",
    "quantile",
    "count",
    "nunique",
    "idxmin",
    "idxmax",
    "value_counts",
    "unique",
    "isna",
    "isnull",
    "notna",
    "notnull",
    "fillna",
    "dropna",
    "astype",
    "apply",
    "map",
    "isin",
    "round",
    "abs",
    "sort_values",
    "head",
    "tail",
    "tolist",
    "to_list",
    "copy",
    "describe",
    "to_frame",
    "reset_index",
    "between",
    "to_dict",
];

impl Object for SeriesObj {
    fn type_name(&self) -> &str {
        "Series"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(match name {
            "values" => Value::list(pandas_values(&self.values)),
            "name" => self
                .name
                .as_ref()
                .map_or(Value::None, |n| Value::str(n.as_str())),
            "dtype" => Value::str(self.dtype_name()),
            "shape" => Value::tuple(vec![Value::Int(self.values.len() as i64)]),
            "size" => Value::Int(self.values.len() as i64),
            "empty" => Value::Bool(self.values.is_empty()),
            "index" => super::index::IndexObj::value(self.index.clone()),
            "iloc" => Value::object(SeriesIndexer {
                series: self.clone(),
                by_label: false,
            }),
            "loc" => Value::object(SeriesIndexer {
                series: self.clone(),
                by_label: true,
            }),
            _ => return None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        METHODS.contains(&name)
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        let n = self.values.len();
        match name {
            "quantile" => {
                let b = Sig {
                    name: "Series.quantile",
                    params: &["q="],
                    is_method: true,
                    display: "Series.quantile(q=0.5, interpolation='linear')",
                }
                .bind(args)?;
                let q = b.get("q").and_then(Value::as_f64).unwrap_or(0.5);
                if !(0.0..=1.0).contains(&q) {
                    return Err(PyErr::new(
                        ExcType::ValueError,
                        "percentiles should all be in the interval [0, 1]",
                    ));
                }
                self.stat(name, q)
            }
            "mean" | "sum" | "min" | "max" | "std" | "var" | "median" | "count" | "nunique"
            | "idxmin" | "idxmax" => {
                if let Some((k, _)) = args
                    .keywords
                    .iter()
                    .find(|(k, _)| k != "skipna" && k != "numeric_only")
                {
                    return Err(type_error(format!(
                        "Series.{name}() got an unexpected keyword argument '{k}'"
                    )));
                }
                self.stat(name, 0.5)
            }
            "tolist" | "to_list" => Ok(Value::list(pandas_values(&self.values))),
            "copy" => Ok(Value::object(self.as_ref().clone())),
            "isna" | "isnull" | "notna" | "notnull" => {
                let want_missing = name.starts_with("is");
                Ok(self.with_values(Column::bools(
                    (0..n)
                        .map(|i| {
                            (self.values.is_null(i)
                                || self.values.f64_at(i).is_some_and(f64::is_nan))
                                == want_missing
                        })
                        .collect(),
                )))
            }
            "dropna" => Ok(self.take(&self.present())),
            "fillna" => {
                let b = Sig {
                    name: "Series.fillna",
                    params: &["value="],
                    is_method: true,
                    display: "Series.fillna(value=None, *, axis=None, inplace=False, limit=None)",
                }
                .bind(args)?;
                let fill = to_cell(&b.value("value"))?;
                let cells: Vec<Cell> = (0..n)
                    .map(|i| {
                        if self.values.is_null(i) || self.values.f64_at(i).is_some_and(f64::is_nan)
                        {
                            fill.clone()
                        } else {
                            self.values.get(i)
                        }
                    })
                    .collect();
                Ok(self.with_values(Column::infer(&cells).map_err(pandas_error)?))
            }
            "astype" => {
                let b = Sig {
                    name: "Series.astype",
                    params: &["dtype"],
                    is_method: true,
                    display: "Series.astype(dtype, copy=None, errors='raise')",
                }
                .bind(args)?;
                let t = super::frame::dtype_of(&b.value("dtype"))?;
                Ok(self.with_values(super::frame::astype(&self.values, t, self.name.as_deref())?))
            }
            "apply" | "map" => {
                let [f] = args.positional.as_slice() else {
                    return Err(type_error(format!(
                        "Series.{name}() takes exactly one argument: a function{}",
                        if name == "map" { " or a dict" } else { "" }
                    )));
                };
                let mut out = Vec::with_capacity(n);
                for i in 0..n {
                    let v = to_pandas_value(&self.values, i);
                    out.push(match f {
                        Value::Dict(d) => d.borrow().get(&v)?.unwrap_or(Value::None),
                        func => interp.call_value(
                            func,
                            Args {
                                positional: vec![v],
                                keywords: vec![],
                            },
                        )?,
                    });
                }
                Ok(self.with_values(column_from_values(&out)?))
            }
            "isin" => {
                let [vs] = args.positional.as_slice() else {
                    return Err(type_error(
                        "Series.isin() takes exactly one argument: a list of values",
                    ));
                };
                let cells = vs.iter_items().ok_or_else(|| type_error(format!("only list-like objects are allowed to be passed to isin(), you passed a `{}`", vs.type_name())))?
                    .iter().map(to_cell).collect::<Result<Vec<_>, _>>()?;
                Ok(self.with_values(Column::bools(
                    (0..n)
                        .map(|i| {
                            let c = self.values.get(i);
                            cells
                                .iter()
                                .any(|x| c.order(x) == Some(std::cmp::Ordering::Equal))
                        })
                        .collect(),
                )))
            }
            "between" => {
                let [lo, hi] = args.positional.as_slice() else {
                    return Err(type_error(
                        "Series.between() takes 2 arguments: left and right",
                    ));
                };
                let a = combine(&self.values, BinOp::Ge, lo, false)?;
                let b = combine(&self.values, BinOp::Le, hi, false)?;
                Ok(self.with_values(
                    binary(BinOp::And, &a, &b, Dialect::Pandas).map_err(pandas_error)?,
                ))
            }
            "round" => {
                let decimals = args.positional.first().and_then(Value::as_int).unwrap_or(0);
                let t = crate::table::Table::new(vec!["x".into()], vec![self.values.clone()])
                    .map_err(pandas_error)?;
                let e = crate::table::expr::Expr::Call(
                    crate::table::expr::Func::Round,
                    vec![
                        crate::table::expr::Expr::col("x"),
                        crate::table::expr::Expr::Lit(Cell::Int(decimals)),
                    ],
                );
                Ok(self.with_values(
                    crate::table::expr::eval(&e, &t, Dialect::Pandas, true)
                        .map_err(pandas_error)?,
                ))
            }
            "abs" => {
                let t = crate::table::Table::new(vec!["x".into()], vec![self.values.clone()])
                    .map_err(pandas_error)?;
                let e = crate::table::expr::Expr::Call(
                    crate::table::expr::Func::Abs,
                    vec![crate::table::expr::Expr::col("x")],
                );
                Ok(self.with_values(
                    crate::table::expr::eval(&e, &t, Dialect::Pandas, true)
                        .map_err(pandas_error)?,
                ))
            }
            "sort_values" => {
                let b = Sig { name: "Series.sort_values", params: &["*", "axis=", "ascending=", "inplace=", "kind=", "na_position="], is_method: true, display: "Series.sort_values(*, axis=0, ascending=True, inplace=False, kind='quicksort', na_position='last')" }.bind(args)?;
                let asc = b.get("ascending").is_none_or(Value::truthy);
                let first = b.get("na_position").is_some_and(|v| v.to_str() == "first");
                Ok(self.take(&sorted_positions(
                    n,
                    &[SortKey {
                        values: &self.values,
                        ascending: asc,
                        nulls_first: first,
                    }],
                )))
            }
            "head" | "tail" => {
                let k = args
                    .positional
                    .first()
                    .and_then(Value::as_int)
                    .unwrap_or(5)
                    .max(0) as usize;
                let positions: Vec<usize> = if name == "head" {
                    (0..n.min(k)).collect()
                } else {
                    (n.saturating_sub(k)..n).collect()
                };
                Ok(self.take(&positions))
            }
            "unique" => {
                let firsts: Vec<usize> = groups(std::slice::from_ref(&self.values), n, false)
                    .iter()
                    .map(|g| g[0])
                    .collect();
                Ok(Value::list(
                    firsts
                        .iter()
                        .map(|&i| to_pandas_value(&self.values, i))
                        .collect(),
                ))
            }
            "value_counts" => {
                let b = Sig { name: "Series.value_counts", params: &["normalize=", "sort=", "ascending=", "bins=", "dropna="], is_method: true, display: "Series.value_counts(normalize=False, sort=True, ascending=False, bins=None, dropna=True)" }.bind(args)?;
                let present = self.present();
                let kept = self.values.take_rows(&present);
                let gs = groups(std::slice::from_ref(&kept), kept.len(), false);
                let mut order: Vec<usize> = (0..gs.len()).collect();
                let asc = b.get("ascending").is_some_and(Value::truthy);
                // Stable: ties keep first-appearance order.
                crate::sorting::sort_by(&mut order, |&a, &c| {
                    if asc {
                        gs[a].len().cmp(&gs[c].len())
                    } else {
                        gs[c].len().cmp(&gs[a].len())
                    }
                });
                let labels = kept.take_rows(&order.iter().map(|&g| gs[g][0]).collect::<Vec<_>>());
                let normalize = b.get("normalize").is_some_and(Value::truthy);
                let total = kept.len().max(1) as f64;
                let counts = if normalize {
                    Column::floats(order.iter().map(|&g| gs[g].len() as f64 / total).collect())
                } else {
                    Column::ints(order.iter().map(|&g| gs[g].len() as i64).collect())
                };
                Ok(SeriesObj::value(
                    counts,
                    Some(if normalize { "proportion" } else { "count" }.into()),
                    labels,
                ))
            }
            "describe" => {
                let t = crate::table::Table::new(
                    vec![self.name.clone().unwrap_or_else(|| "0".into())],
                    vec![self.values.clone()],
                )
                .map_err(pandas_error)?;
                let d = crate::table::stats::pandas_describe(&t).map_err(pandas_error)?;
                Ok(SeriesObj::value(
                    d.column_at(0).clone(),
                    self.name.clone(),
                    Column::strings(
                        crate::table::stats::PANDAS_STATS
                            .iter()
                            .map(|s| s.to_string())
                            .collect(),
                    ),
                ))
            }
            "to_dict" => Ok(Value::dict(to_dict(&self)?)),
            "to_frame" => {
                let t = crate::table::Table::new(
                    vec![self.name.clone().unwrap_or_else(|| "0".into())],
                    vec![self.values.clone()],
                )
                .map_err(pandas_error)?;
                Ok(super::frame::PandasFrame::value(
                    t,
                    Some(self.index.clone()),
                ))
            }
            _ => {
                let b = Sig { name: "Series.reset_index", params: &["level=", "*", "drop=", "name=", "inplace="], is_method: true, display: "Series.reset_index(level=None, *, drop=False, name=<no_default>, inplace=False)" }.bind(args)?;
                if b.get("drop").is_some_and(Value::truthy) {
                    return Ok(SeriesObj::value(
                        self.values.clone(),
                        self.name.clone(),
                        range_index(n),
                    ));
                }
                let name = self.name.clone().unwrap_or_else(|| "0".into());
                let t = crate::table::Table::new(
                    vec!["index".into(), name],
                    vec![self.index.clone(), self.values.clone()],
                )
                .map_err(pandas_error)?;
                Ok(super::frame::PandasFrame::value(t, None))
            }
        }
    }
    fn binop(&self, op: Operator, other: &Value, reflected: bool) -> Option<Result<Value, PyErr>> {
        let op = arith(op)?;
        Some(combine(&self.values, op, other, reflected).map(|c| self.with_values(c)))
    }
    fn rich_compare(
        &self,
        op: CmpOp,
        other: &Value,
        reflected: bool,
    ) -> Option<Result<Value, PyErr>> {
        let op = cmp_op(op)?;
        Some(combine(&self.values, op, other, reflected).map(|c| self.with_values(c)))
    }
    fn unary(&self, op: UnaryOp) -> Option<Result<Value, PyErr>> {
        let n = self.values.len();
        Some(match op {
            UnaryOp::Invert if self.values.dtype() == DType::Bool => {
                Ok(self.with_values(Column::bools(
                    (0..n)
                        .map(|i| self.values.get(i) != Cell::Bool(true))
                        .collect(),
                )))
            }
            UnaryOp::USub => combine(&self.values, BinOp::Mul, &Value::Int(-1), false)
                .map(|c| self.with_values(c)),
            UnaryOp::Not => Err(truth_error()),
            _ => return None,
        })
    }
    fn truth(&self) -> Option<Result<bool, PyErr>> {
        Some(Err(truth_error()))
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        if let Some(mask) = series_arg(key) {
            return Ok(self.take(&mask_positions(&mask.values, self.values.len())?));
        }
        if let Some(s) = as_slice(key) {
            return Ok(self.take(&slice_indices(s, self.values.len())?));
        }
        Ok(to_pandas_value(&self.values, self.position_of(key)?))
    }
    fn items(&self) -> Option<Vec<Value>> {
        Some(pandas_values(&self.values))
    }
    fn py_len(&self) -> Option<usize> {
        Some(self.values.len())
    }
    fn repr(&self) -> String {
        self.text()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The positions where a boolean mask is true.
pub fn mask_positions(mask: &Column, rows: usize) -> Result<Vec<usize>, PyErr> {
    if mask.len() != rows {
        return Err(PyErr::new(
            ExcType::IndexError,
            format!(
                "Boolean index has wrong length: {} instead of {rows}",
                mask.len()
            ),
        ));
    }
    if mask.dtype() != DType::Bool {
        return Err(PyErr::new(
            ExcType::KeyError,
            "a boolean Series is needed to select rows (a comparison such as df[\"age\"] > 30)",
        ));
    }
    Ok((0..mask.len())
        .filter(|&i| mask.get(i) == Cell::Bool(true))
        .collect())
}

fn truth_error() -> PyErr {
    PyErr::new(
        ExcType::ValueError,
        "The truth value of a Series is ambiguous. Use a.empty, a.bool(), a.item(), a.any() or a.all().",
    )
}

/// `s.iloc` / `s.loc`.
#[derive(Debug)]
struct SeriesIndexer {
    series: SeriesObj,
    by_label: bool,
}

impl Object for SeriesIndexer {
    fn type_name(&self) -> &str {
        if self.by_label {
            "_LocIndexer"
        } else {
            "_iLocIndexer"
        }
    }
    fn get_item(&self, interp: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        if self.by_label || as_slice(key).is_some() || series_arg(key).is_some() {
            return Object::get_item(&self.series, interp, key);
        }
        let n = self.series.values.len() as i64;
        let k = key
            .as_int()
            .ok_or_else(|| type_error("Cannot index by location index with a non-integer key"))?;
        let at = if k < 0 { k + n } else { k };
        if at < 0 || at >= n {
            return Err(PyErr::new(
                ExcType::IndexError,
                "single positional indexer is out-of-bounds",
            ));
        }
        Ok(to_pandas_value(&self.series.values, at as usize))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A dict of label → value (`Series.to_dict()`).
pub fn to_dict(s: &SeriesObj) -> Result<Dict, PyErr> {
    let mut d = Dict::new();
    for i in 0..s.values.len() {
        d.set(to_pandas_value(&s.index, i), to_pandas_value(&s.values, i))?;
    }
    Ok(d)
}
