//! `df.groupby(by)`: `mean`, `sum`, `min`, `max`, `count`, `std`, `var`, `first`, `nunique`,
//! `size`, `agg("mean")`, `agg({"col": "mean"})`, and column selection (`["x"]`, `[["x", "y"]]`).
//! Groups are sorted by key (pandas' `sort=True`); one key becomes the index (`as_index`).
//! Several keys with `as_index=True` would need a MultiIndex, which Lakelab refuses with the
//! `as_index=False` way around it.

use std::any::Any;
use std::rc::Rc;

use crate::notebook::bindings::cells::pandas_error;
use crate::notebook::error::{not_implemented, type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Object, Value};
use crate::table::expr::{AggFn, Dialect, Expr};
use crate::table::{group, Table};

use super::frame::PandasFrame;
use super::series::SeriesObj;

#[derive(Debug, Clone)]
pub struct GroupByObj {
    pub table: Table,
    pub keys: Vec<String>,
    /// `Ok(name)` for one selected column (a Series result), `Err(names)` for several.
    pub selection: Option<Result<String, Vec<String>>>,
    pub as_index: bool,
    pub sort: bool,
}

fn agg_fn(name: &str) -> Result<AggFn, PyErr> {
    Ok(match name {
        "mean" => AggFn::Mean,
        "sum" => AggFn::Sum,
        "min" => AggFn::Min,
        "max" => AggFn::Max,
        "count" => AggFn::Count,
        "std" => AggFn::StdDev,
        "var" => AggFn::Variance,
        "first" => AggFn::First,
        "nunique" => AggFn::CountDistinct,
        other => return Err(not_implemented(format!("groupby aggregation '{other}' is not available in Lakelab; use mean, sum, min, max, count, std, var, first or nunique"))),
    })
}

impl GroupByObj {
    fn value_columns(&self) -> Vec<String> {
        match &self.selection {
            Some(Ok(one)) => vec![one.clone()],
            Some(Err(many)) => many.clone(),
            None => self
                .table
                .names()
                .iter()
                .filter(|n| !self.keys.contains(n))
                .cloned()
                .collect(),
        }
    }

    fn run(&self, aggs: Vec<(String, AggFn)>, numeric_only: bool) -> Result<Value, PyErr> {
        let mut exprs = Vec::new();
        for (col, f) in aggs {
            let c = self.table.column(&col, true).map_err(pandas_error)?;
            let needs_numbers = matches!(
                f,
                AggFn::Mean | AggFn::Sum | AggFn::StdDev | AggFn::Variance
            );
            if needs_numbers && !c.dtype().is_numeric() {
                if numeric_only {
                    continue;
                }
                return Err(type_error(format!("agg function failed [how->{}, dtype->object] on column '{col}'; pass numeric_only=True to skip text columns", f.name())));
            }
            exprs.push(Expr::Alias(
                Box::new(Expr::Agg(f, Box::new(Expr::Col(col.clone())))),
                col,
            ));
        }
        let t = group::aggregate(&self.table, &self.keys, &exprs, Dialect::Pandas, self.sort)
            .map_err(pandas_error)?;
        self.shape(t)
    }

    /// Keys into the index (one key, `as_index`), a Series for one selected column.
    fn shape(&self, t: Table) -> Result<Value, PyErr> {
        let k = self.keys.len();
        if !self.as_index {
            return Ok(PandasFrame::value(t, None));
        }
        if k != 1 {
            return Err(not_implemented("grouping by several keys with as_index=True needs a MultiIndex, which Lakelab does not have; pass as_index=False to get the keys as columns"));
        }
        let index = t.column_at(0).clone();
        let rest: Vec<usize> = (1..t.num_columns()).collect();
        let values = t.select_positions(&rest);
        if let Some(Ok(name)) = &self.selection {
            return Ok(Value::object(SeriesObj {
                values: crate::notebook::bindings::cells::pandas_column(
                    values.column_at(0).clone(),
                ),
                name: Some(name.clone()),
                index,
                index_name: Some(self.keys[0].clone()),
            }));
        }
        Ok(PandasFrame::value(values, Some(index)))
    }
}

impl Object for GroupByObj {
    fn type_name(&self) -> &str {
        if matches!(self.selection, Some(Ok(_))) {
            "SeriesGroupBy"
        } else {
            "DataFrameGroupBy"
        }
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "mean"
                | "sum"
                | "min"
                | "max"
                | "count"
                | "std"
                | "var"
                | "first"
                | "nunique"
                | "size"
                | "agg"
                | "aggregate"
        )
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
        let numeric_only = args
            .keywords
            .iter()
            .any(|(k, v)| k == "numeric_only" && v.truthy());
        if let Some((k, _)) = args.keywords.iter().find(|(k, _)| k != "numeric_only") {
            return Err(type_error(format!(
                "{}.{name}() got an unexpected keyword argument '{k}'",
                self.type_name()
            )));
        }
        match name {
            "size" => {
                let e = Expr::Alias(
                    Box::new(Expr::Agg(AggFn::Count, Box::new(Expr::Star))),
                    "size".into(),
                );
                let t = group::aggregate(&self.table, &self.keys, &[e], Dialect::Pandas, self.sort)
                    .map_err(pandas_error)?;
                if !self.as_index {
                    return Ok(PandasFrame::value(t, None));
                }
                if self.keys.len() != 1 {
                    return Err(not_implemented(
                        "size() over several keys needs a MultiIndex; pass as_index=False",
                    ));
                }
                Ok(Value::object(SeriesObj {
                    values: t.column_at(1).clone(),
                    name: None,
                    index: t.column_at(0).clone(),
                    index_name: Some(self.keys[0].clone()),
                }))
            }
            "agg" | "aggregate" => match args.positional.as_slice() {
                [Value::Str(f)] => {
                    let f = agg_fn(f)?;
                    self.run(
                        self.value_columns().into_iter().map(|c| (c, f)).collect(),
                        numeric_only,
                    )
                }
                [Value::Dict(d)] => {
                    let aggs = d
                        .borrow()
                        .iter()
                        .map(|(k, v)| Ok((k.to_str(), agg_fn(&v.to_str())?)))
                        .collect::<Result<Vec<_>, PyErr>>()?;
                    self.run(aggs, false)
                }
                _ => Err(not_implemented(
                    "agg() takes a function name ('mean') or a dict {'col': 'mean'} in Lakelab",
                )),
            },
            other => {
                let f = agg_fn(other)?;
                self.run(
                    self.value_columns().into_iter().map(|c| (c, f)).collect(),
                    numeric_only,
                )
            }
        }
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        let selection = match key {
            Value::Str(s) => Ok(s.to_string()),
            Value::List(_) | Value::Tuple(_) => Err(key
                .iter_items()
                .unwrap_or_default()
                .iter()
                .map(Value::to_str)
                .collect::<Vec<_>>()),
            other => return Err(PyErr::new(ExcType::KeyError, other.repr())),
        };
        let names = match &selection {
            Ok(one) => vec![one.clone()],
            Err(many) => many.clone(),
        };
        for n in &names {
            if self.table.find(n, true).is_err() {
                return Err(PyErr::new(
                    ExcType::KeyError,
                    format!("'Column not found: {n}'"),
                ));
            }
        }
        Ok(Value::object(GroupByObj {
            selection: Some(selection),
            ..self.clone()
        }))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
