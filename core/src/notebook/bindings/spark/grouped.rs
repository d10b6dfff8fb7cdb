//! `df.groupBy(...)`: `agg(*exprs)` or `agg({"col": "fn"})`, and the shorthands `count()`,
//! `mean()`/`avg()`, `sum()`, `min()`, `max()`. Groups come out in order of first appearance.

use std::any::Any;
use std::rc::Rc;

use crate::notebook::bindings::cells::spark_error;
use crate::notebook::error::{type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Object, Value};
use crate::table::expr::{AggFn, Dialect, Expr};
use crate::table::{group, Table};

use super::column::col_arg;
use super::dataframe::{spread, SparkFrame};

#[derive(Debug)]
pub struct GroupedObj {
    pub table: Rc<Table>,
    pub keys: Vec<String>,
}

fn agg_fn(name: &str) -> Option<AggFn> {
    Some(match name {
        "mean" | "avg" => AggFn::Mean,
        "sum" => AggFn::Sum,
        "min" => AggFn::Min,
        "max" => AggFn::Max,
        "count" => AggFn::Count,
        "stddev" | "std" => AggFn::StdDev,
        "variance" => AggFn::Variance,
        "first" => AggFn::First,
        _ => return None,
    })
}

impl Object for GroupedObj {
    fn type_name(&self) -> &str {
        "GroupedData"
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "agg" | "count" | "mean" | "avg" | "sum" | "min" | "max"
        )
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
        if let Some((k, _)) = args.keywords.first() {
            return Err(type_error(format!(
                "GroupedData.{name}() got an unexpected keyword argument '{k}'"
            )));
        }
        let exprs: Vec<Expr> = match name {
            "agg" => match args.positional.as_slice() {
                [Value::Dict(d)] => d
                    .borrow()
                    .iter()
                    .map(|(k, v)| {
                        let f = agg_fn(&v.to_str()).ok_or_else(|| {
                            PyErr::new(
                                ExcType::AnalysisException,
                                format!(
                                    "[UNRESOLVED_ROUTINE] Cannot resolve function `{}`.",
                                    v.to_str()
                                ),
                            )
                        })?;
                        let input = if k.to_str() == "*" {
                            Expr::Star
                        } else {
                            Expr::Col(k.to_str())
                        };
                        Ok(Expr::Agg(f, Box::new(input)))
                    })
                    .collect::<Result<_, PyErr>>()?,
                [] => {
                    return Err(PyErr::new(
                        ExcType::ValueError,
                        "[CANNOT_BE_EMPTY] At least one agg expression must be given.",
                    ))
                }
                many => many
                    .iter()
                    .map(|v| col_arg(v, "agg"))
                    .collect::<Result<_, _>>()?,
            },
            "count" => vec![Expr::Alias(
                Box::new(Expr::Agg(AggFn::Count, Box::new(Expr::Star))),
                "count".into(),
            )],
            _ => {
                let f = agg_fn(name).unwrap_or(AggFn::Mean);
                let cols: Vec<String> = match spread(&args.positional).as_slice() {
                    [] => self
                        .table
                        .names()
                        .iter()
                        .zip(self.table.columns())
                        .filter(|(n, c)| {
                            c.dtype().is_numeric()
                                && !self.keys.iter().any(|k| k.eq_ignore_ascii_case(n))
                        })
                        .map(|(n, _)| n.clone())
                        .collect(),
                    given => given.iter().map(Value::to_str).collect(),
                };
                for c in &cols {
                    let col = self.table.column(c, false).map_err(spark_error)?;
                    if !col.dtype().is_numeric() {
                        return Err(PyErr::new(ExcType::AnalysisException, format!("[UNSUPPORTED_DATA_TYPE] \"{c}\" is not a numeric column. Aggregation function can only be applied on a numeric column.")));
                    }
                }
                cols.into_iter()
                    .map(|c| Expr::Agg(f, Box::new(Expr::Col(c))))
                    .collect()
            }
        };
        let t = group::aggregate(&self.table, &self.keys, &exprs, Dialect::Spark, false)
            .map_err(spark_error)?;
        Ok(SparkFrame::value(t))
    }
    fn repr(&self) -> String {
        format!(
            "GroupedData[grouping expressions: [{}]]",
            self.keys.join(", ")
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
