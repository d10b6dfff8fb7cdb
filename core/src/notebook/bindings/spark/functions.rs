//! `pyspark.sql.functions` (imported `as F`): column builders, scalar functions and
//! aggregates. A string argument names a column, as in PySpark.

use crate::notebook::error::{type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::{Args, NativeFn, Value};
use crate::table::expr::{AggFn, Expr, Func};
use crate::table::{Cell, DAY_MS};

use super::column::{col_arg, col_condition, lit_arg, ColumnObj};

/// The single positional argument of `F.<func>(col)`.
fn one(args: &Args, func: &str) -> Result<Value, PyErr> {
    if let Some((k, v)) = args.keywords.first() {
        if args.positional.is_empty() && args.keywords.len() == 1 && k == "col" {
            return Ok(v.clone());
        }
        return Err(type_error(format!(
            "{func}() got an unexpected keyword argument '{k}'"
        )));
    }
    match args.positional.as_slice() {
        [v] => Ok(v.clone()),
        other => Err(type_error(format!(
            "{func}() takes 1 positional argument but {} were given",
            other.len()
        ))),
    }
}

macro_rules! scalar {
    ($fn_name:ident, $py:literal, $f:expr) => {
        fn $fn_name(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
            let c = col_arg(&one(&args, $py)?, $py)?;
            Ok(ColumnObj::value(Expr::Call($f, vec![c])))
        }
    };
}

macro_rules! aggregate {
    ($fn_name:ident, $py:literal, $f:expr) => {
        fn $fn_name(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
            let c = col_arg(&one(&args, $py)?, $py)?;
            if matches!(c, Expr::Star) && $f != AggFn::Count {
                return Err(PyErr::new(
                    ExcType::AnalysisException,
                    format!(
                        "[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in expression `{}`.",
                        $py
                    ),
                ));
            }
            Ok(ColumnObj::value(Expr::Agg($f, Box::new(c))))
        }
    };
}

scalar!(abs_fn, "abs", Func::Abs);
scalar!(sqrt_fn, "sqrt", Func::Sqrt);
scalar!(log10_fn, "log10", Func::Log10);
scalar!(log1p_fn, "log1p", Func::Log1p);
scalar!(exp_fn, "exp", Func::Exp);
scalar!(floor_fn, "floor", Func::Floor);
scalar!(ceil_fn, "ceil", Func::Ceil);
scalar!(upper_fn, "upper", Func::Upper);
scalar!(lower_fn, "lower", Func::Lower);
scalar!(trim_fn, "trim", Func::Trim);
scalar!(length_fn, "length", Func::Length);
scalar!(year_fn, "year", Func::Year);
scalar!(month_fn, "month", Func::Month);
scalar!(dayofmonth_fn, "dayofmonth", Func::DayOfMonth);
scalar!(dayofweek_fn, "dayofweek", Func::DayOfWeek);
scalar!(hour_fn, "hour", Func::Hour);
scalar!(to_date_fn, "to_date", Func::ToDate);
scalar!(isnan_fn, "isnan", Func::IsNan);

aggregate!(mean_fn, "mean", AggFn::Mean);
aggregate!(sum_fn, "sum", AggFn::Sum);
aggregate!(min_fn, "min", AggFn::Min);
aggregate!(max_fn, "max", AggFn::Max);
aggregate!(count_fn, "count", AggFn::Count);
aggregate!(stddev_fn, "stddev", AggFn::StdDev);
aggregate!(variance_fn, "variance", AggFn::Variance);
aggregate!(first_fn, "first", AggFn::First);
aggregate!(count_distinct_fn, "countDistinct", AggFn::CountDistinct);

fn col_fn(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let v = one(&args, "col")?;
    match v {
        Value::Str(s) => Ok(ColumnObj::value(if &*s == "*" {
            Expr::Star
        } else {
            Expr::Col(s.to_string())
        })),
        other => Err(type_error(format!(
            "[NOT_STR] Argument `col` should be a str, got {}.",
            other.type_name()
        ))),
    }
}

fn lit_fn(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Ok(ColumnObj::value(lit_arg(&one(&args, "lit")?)?))
}

fn when_fn(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let [cond, value] = args.positional.as_slice() else {
        return Err(type_error(
            "when() takes 2 positional arguments: condition and value",
        ));
    };
    Ok(ColumnObj::value(Expr::When(
        vec![(col_condition(cond)?, lit_arg(value)?)],
        None,
    )))
}

fn isnull_fn(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let c = col_arg(&one(&args, "isnull")?, "isnull")?;
    Ok(ColumnObj::value(Expr::IsNull(Box::new(c))))
}

/// `log(col)` is the natural log; `log(base, col)` a log in that base.
fn log_fn(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    match args.positional.as_slice() {
        [c] => Ok(ColumnObj::value(Expr::Call(
            Func::Ln,
            vec![col_arg(c, "log")?],
        ))),
        [base, c] => {
            let b = base
                .as_f64()
                .ok_or_else(|| type_error("log()'s base must be a number"))?;
            Ok(ColumnObj::value(Expr::Alias(
                Box::new(Expr::bin(
                    crate::table::expr::BinOp::Div,
                    Expr::Call(Func::Ln, vec![col_arg(c, "log")?]),
                    Expr::Lit(Cell::Float(b.ln())),
                )),
                format!(
                    "LOG({}, {})",
                    crate::table::float_text(b),
                    col_arg(c, "log")?.name()
                ),
            )))
        }
        _ => Err(type_error("log() takes 1 or 2 positional arguments")),
    }
}

fn round_fn(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let mut pos = args.positional.clone();
    for (k, v) in &args.keywords {
        match k.as_str() {
            "col" if pos.is_empty() => pos.push(v.clone()),
            "scale" => pos.push(v.clone()),
            other => {
                return Err(type_error(format!(
                    "round() got an unexpected keyword argument '{other}'"
                )))
            }
        }
    }
    let (c, scale) = match pos.as_slice() {
        [c] => (c, 0),
        [c, s] => (
            c,
            s.as_int()
                .ok_or_else(|| type_error("round()'s scale must be an int"))?,
        ),
        _ => return Err(type_error("round() takes 1 or 2 positional arguments")),
    };
    Ok(ColumnObj::value(Expr::Call(
        Func::Round,
        vec![col_arg(c, "round")?, Expr::Lit(Cell::Int(scale))],
    )))
}

fn many(args: &Args, func: &str, f: Func) -> Result<Value, PyErr> {
    if args.positional.is_empty() {
        return Err(type_error(format!("{func}() needs at least one column")));
    }
    let cols = args
        .positional
        .iter()
        .map(|c| col_arg(c, func))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ColumnObj::value(Expr::Call(f, cols)))
}

fn coalesce_fn(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    many(&args, "coalesce", Func::Coalesce)
}

fn concat_fn(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    many(&args, "concat", Func::Concat)
}

fn datediff_fn(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let [end, start] = args.positional.as_slice() else {
        return Err(type_error(
            "datediff() takes 2 positional arguments: end and start",
        ));
    };
    Ok(ColumnObj::value(Expr::Call(
        Func::DateDiff,
        vec![col_arg(end, "datediff")?, col_arg(start, "datediff")?],
    )))
}

fn current_timestamp_fn(interp: &mut Interp, _: Args) -> Result<Value, PyErr> {
    let now = interp.now_ms();
    Ok(ColumnObj::value(Expr::Alias(
        Box::new(Expr::Lit(Cell::Timestamp(now))),
        "current_timestamp()".into(),
    )))
}

fn current_date_fn(interp: &mut Interp, _: Args) -> Result<Value, PyErr> {
    let now = interp.now_ms();
    Ok(ColumnObj::value(Expr::Alias(
        Box::new(Expr::Lit(Cell::Date(now.div_euclid(DAY_MS) as i32))),
        "current_date()".into(),
    )))
}

fn ordered(args: &Args, func: &str, asc: bool) -> Result<Value, PyErr> {
    let c = col_arg(&one(args, func)?, func)?;
    Ok(Value::object(ColumnObj {
        expr: c,
        order: Some((asc, asc)),
    }))
}

fn asc_fn(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    ordered(&args, "asc", true)
}

fn desc_fn(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    ordered(&args, "desc", false)
}

fn expr_fn(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let text = args
        .positional
        .first()
        .map(Value::to_str)
        .unwrap_or_default();
    Err(PyErr::new(
        ExcType::NotImplementedError,
        format!("F.expr(\"{text}\"): SQL expression strings are not available in Lakelab yet; build the expression with F.col, F.when and operators"),
    ))
}

const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("col", col_fn),
    ("column", col_fn),
    ("lit", lit_fn),
    ("when", when_fn),
    ("expr", expr_fn),
    ("isnull", isnull_fn),
    ("isnan", isnan_fn),
    ("abs", abs_fn),
    ("sqrt", sqrt_fn),
    ("log", log_fn),
    ("ln", log_fn),
    ("log10", log10_fn),
    ("log1p", log1p_fn),
    ("exp", exp_fn),
    ("floor", floor_fn),
    ("ceil", ceil_fn),
    ("round", round_fn),
    ("upper", upper_fn),
    ("lower", lower_fn),
    ("trim", trim_fn),
    ("length", length_fn),
    ("year", year_fn),
    ("month", month_fn),
    ("dayofmonth", dayofmonth_fn),
    ("dayofweek", dayofweek_fn),
    ("hour", hour_fn),
    ("to_date", to_date_fn),
    ("datediff", datediff_fn),
    ("coalesce", coalesce_fn),
    ("concat", concat_fn),
    ("current_timestamp", current_timestamp_fn),
    ("current_date", current_date_fn),
    ("asc", asc_fn),
    ("desc", desc_fn),
    ("mean", mean_fn),
    ("avg", mean_fn),
    ("sum", sum_fn),
    ("min", min_fn),
    ("max", max_fn),
    ("count", count_fn),
    ("countDistinct", count_distinct_fn),
    ("count_distinct", count_distinct_fn),
    ("stddev", stddev_fn),
    ("stddev_samp", stddev_fn),
    ("std", stddev_fn),
    ("variance", variance_fn),
    ("var_samp", variance_fn),
    ("first", first_fn),
    ("struct", super::model_udf::struct_fn),
];

/// The `pyspark.sql.functions` module.
pub fn module_value() -> Value {
    module(
        "pyspark.sql.functions",
        FUNCTIONS
            .iter()
            .map(|(n, f)| (*n, Value::Native(n, *f)))
            .collect(),
    )
}
