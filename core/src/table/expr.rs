//! Column expressions (`F.col("a") + 1`, `F.when(...)`, `df["a"] > 3`) and their evaluation
//! over a table. Spark and pandas differ on nulls and division, so evaluation takes a
//! [`Dialect`]:
//! - Spark: a comparison with null is null (a `filter` drops the row), `x / 0` is null,
//!   `%` keeps the dividend's sign (Java), `round` rounds half up, and `AND`/`OR` use
//!   three-valued logic.
//! - pandas: a comparison with NaN is False (`!=` is True), `x / 0` is ±inf (0/0 NaN), `%`
//!   keeps the divisor's sign (Python), `round` rounds half to even, `+` joins strings.

use super::cell::{Cell, DType, DAY_MS};
use super::column::{Builder, Column};
use super::error::TableError;
use super::Table;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Spark,
    Pandas,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

impl BinOp {
    fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::Eq => "=",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "AND",
            BinOp::Or => "OR",
        }
    }

    fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
        )
    }
}

/// Scalar functions, named as Spark names their output columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Abs,
    Sqrt,
    Ln,
    Log10,
    Log1p,
    Exp,
    Floor,
    Ceil,
    /// `round(x, scale)`: the scale is the second argument (a literal).
    Round,
    Upper,
    Lower,
    Trim,
    Length,
    Year,
    Month,
    DayOfMonth,
    DayOfWeek,
    Hour,
    ToDate,
    DateDiff,
    Coalesce,
    Concat,
    IsNan,
    /// `pyspark.ml.functions.vector_to_array(col)` (a UDF in Spark, hence its name).
    VectorToArray,
    /// `vector_to_array(col, "float32")`: entries rounded to single precision (Lakelab keeps
    /// them in an `array<double>`; Spark's column is `array<float>`).
    VectorToArrayF32,
    /// `pyspark.ml.functions.array_to_vector(col)`: a dense vector.
    ArrayToVector,
}

impl Func {
    pub fn name(self) -> &'static str {
        match self {
            Func::Abs => "abs",
            Func::Sqrt => "SQRT",
            Func::Ln => "ln",
            Func::Log10 => "LOG10",
            Func::Log1p => "LOG1P",
            Func::Exp => "EXP",
            Func::Floor => "FLOOR",
            Func::Ceil => "CEIL",
            Func::Round => "round",
            Func::Upper => "upper",
            Func::Lower => "lower",
            Func::Trim => "trim",
            Func::Length => "length",
            Func::Year => "year",
            Func::Month => "month",
            Func::DayOfMonth => "dayofmonth",
            Func::DayOfWeek => "dayofweek",
            Func::Hour => "hour",
            Func::ToDate => "to_date",
            Func::DateDiff => "datediff",
            Func::Coalesce => "coalesce",
            Func::Concat => "concat",
            Func::IsNan => "isnan",
            Func::VectorToArray | Func::VectorToArrayF32 | Func::ArrayToVector => "UDF",
        }
    }
}

/// Aggregate functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggFn {
    Count,
    CountDistinct,
    Sum,
    Mean,
    Min,
    Max,
    StdDev,
    Variance,
    First,
}

impl AggFn {
    pub fn name(self) -> &'static str {
        match self {
            AggFn::Count | AggFn::CountDistinct => "count",
            AggFn::Sum => "sum",
            AggFn::Mean => "avg",
            AggFn::Min => "min",
            AggFn::Max => "max",
            AggFn::StdDev => "stddev",
            AggFn::Variance => "variance",
            AggFn::First => "first",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Col(String),
    Lit(Cell),
    /// `*`, as in `count("*")`.
    Star,
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    IsNull(Box<Expr>),
    IsNotNull(Box<Expr>),
    IsIn(Box<Expr>, Vec<Cell>),
    /// `CASE WHEN c1 THEN v1 … ELSE e END`; no `ELSE` gives null.
    When(Vec<(Expr, Expr)>, Option<Box<Expr>>),
    Cast(Box<Expr>, DType),
    Alias(Box<Expr>, String),
    Call(Func, Vec<Expr>),
    Agg(AggFn, Box<Expr>),
    /// `col[i]` / `col.getItem(i)` of an array: the element at 0-based `i`, null when out of
    /// range (Spark without ANSI mode).
    Item(Box<Expr>, i64),
    /// `struct(a, b)`: only meaningful as a [`Expr::Udf`] argument (see [`super::udf`]).
    Struct(Vec<Expr>),
    /// A function of whole columns (`mlflow.pyfunc.spark_udf`), called once per evaluation.
    Udf(super::udf::Udf, Vec<Expr>),
}

impl Expr {
    pub fn col(name: &str) -> Expr {
        Expr::Col(name.to_string())
    }

    pub fn bin(op: BinOp, a: Expr, b: Expr) -> Expr {
        Expr::Bin(op, Box::new(a), Box::new(b))
    }

    /// The output column's name, as Spark derives it (`(a + 1)`, `avg(x)`, `CASE WHEN …`).
    pub fn name(&self) -> String {
        match self {
            Expr::Col(n) => n.clone(),
            Expr::Lit(Cell::Null) => "NULL".into(),
            Expr::Lit(c) => c.text(),
            Expr::Star => "*".into(),
            Expr::Bin(BinOp::Ne, a, b) => format!("(NOT ({} = {}))", a.name(), b.name()),
            Expr::Bin(BinOp::Pow, a, b) => format!("POWER({}, {})", a.name(), b.name()),
            Expr::Bin(op, a, b) => format!("({} {} {})", a.name(), op.symbol(), b.name()),
            Expr::Not(a) => format!("(NOT {})", a.name()),
            Expr::Neg(a) => format!("(- {})", a.name()),
            Expr::IsNull(a) => format!("({} IS NULL)", a.name()),
            Expr::IsNotNull(a) => format!("({} IS NOT NULL)", a.name()),
            Expr::IsIn(a, vs) => format!(
                "({} IN ({}))",
                a.name(),
                vs.iter().map(Cell::text).collect::<Vec<_>>().join(", ")
            ),
            Expr::When(branches, other) => {
                let mut s = "CASE".to_string();
                for (c, v) in branches {
                    s.push_str(&format!(" WHEN {} THEN {}", c.name(), v.name()));
                }
                if let Some(e) = other {
                    s.push_str(&format!(" ELSE {}", e.name()));
                }
                s + " END"
            }
            Expr::Cast(a, t) => match a.as_ref() {
                Expr::Col(n) => n.clone(),
                other => format!(
                    "CAST({} AS {})",
                    other.name(),
                    t.spark_name().to_uppercase()
                ),
            },
            Expr::Alias(_, n) => n.clone(),
            Expr::Call(f, args) => format!(
                "{}({})",
                f.name(),
                args.iter().map(Expr::name).collect::<Vec<_>>().join(", ")
            ),
            Expr::Agg(AggFn::CountDistinct, a) => format!("count(DISTINCT {})", a.name()),
            Expr::Agg(AggFn::Count, a) if matches!(**a, Expr::Star) => "count(1)".into(),
            Expr::Agg(f, a) => format!("{}({})", f.name(), a.name()),
            Expr::Item(a, i) => format!("{}[{i}]", a.name()),
            Expr::Struct(fields) => format!("struct({})", names(fields)),
            Expr::Udf(f, args) => format!("{}({})", f.0.name(), names(args)),
        }
    }

    /// Whether the expression contains an aggregate (then it needs a group).
    pub fn has_agg(&self) -> bool {
        match self {
            Expr::Agg(..) => true,
            Expr::Col(_) | Expr::Lit(_) | Expr::Star => false,
            Expr::Bin(_, a, b) => a.has_agg() || b.has_agg(),
            Expr::Not(a)
            | Expr::Neg(a)
            | Expr::IsNull(a)
            | Expr::IsNotNull(a)
            | Expr::IsIn(a, _)
            | Expr::Cast(a, _)
            | Expr::Item(a, _)
            | Expr::Alias(a, _) => a.has_agg(),
            Expr::When(bs, e) => {
                bs.iter().any(|(c, v)| c.has_agg() || v.has_agg())
                    || e.as_ref().is_some_and(|e| e.has_agg())
            }
            Expr::Call(_, args) | Expr::Struct(args) | Expr::Udf(_, args) => {
                args.iter().any(Expr::has_agg)
            }
        }
    }
}

/// The names of expressions, comma-separated (`a, b`).
fn names(exprs: &[Expr]) -> String {
    exprs.iter().map(Expr::name).collect::<Vec<_>>().join(", ")
}

/// Evaluates an expression to a column as long as the table.
pub fn eval(
    expr: &Expr,
    table: &Table,
    dialect: Dialect,
    exact: bool,
) -> Result<Column, TableError> {
    let n = table.num_rows();
    match expr {
        Expr::Col(name) => Ok(table.column(name, exact)?.clone()),
        Expr::Lit(c) => broadcast(c, n),
        Expr::Star => Err(TableError::Invalid(
            "'*' can only be used inside count(\"*\") or select(\"*\")".into(),
        )),
        Expr::Alias(a, _) => eval(a, table, dialect, exact),
        Expr::Cast(a, t) => Ok(eval(a, table, dialect, exact)?.cast(*t)),
        Expr::Agg(..) => Err(TableError::Invalid(format!(
            "the aggregate {} needs groupBy(...).agg(...) or a select of aggregates only",
            expr.name()
        ))),
        Expr::Bin(op, a, b) => {
            let x = eval(a, table, dialect, exact)?;
            let y = eval(b, table, dialect, exact)?;
            binary(*op, &x, &y, dialect).map_err(|e| match e {
                TableError::Type(m) => TableError::Type(format!(
                    "cannot resolve \"{}\" due to data type mismatch: {m}",
                    expr.name()
                )),
                other => other,
            })
        }
        Expr::Not(a) => {
            let x = eval(a, table, dialect, exact)?;
            map_cells(&x, DType::Bool, |c| match c {
                Cell::Null => Ok(Cell::Null),
                Cell::Bool(b) => Ok(Cell::Bool(!b)),
                other => Err(type_mismatch("NOT", &other)),
            })
        }
        Expr::Neg(a) => {
            let x = eval(a, table, dialect, exact)?;
            map_cells(&x, x.dtype(), |c| match c {
                Cell::Null => Ok(Cell::Null),
                Cell::Int(i) => Ok(Cell::Int(i.wrapping_neg())),
                Cell::Float(f) => Ok(Cell::Float(-f)),
                other => Err(type_mismatch("-", &other)),
            })
        }
        Expr::IsNull(a) | Expr::IsNotNull(a) => {
            let x = eval(a, table, dialect, exact)?;
            let want_null = matches!(expr, Expr::IsNull(_));
            let nan_is_null = dialect == Dialect::Pandas;
            Ok(Column::bools(
                (0..x.len())
                    .map(|i| {
                        let missing =
                            x.is_null(i) || (nan_is_null && x.f64_at(i).is_some_and(f64::is_nan));
                        missing == want_null
                    })
                    .collect(),
            ))
        }
        Expr::IsIn(a, values) => {
            let x = eval(a, table, dialect, exact)?;
            map_cells(&x, DType::Bool, |c| {
                if c.is_null() {
                    return Ok(if dialect == Dialect::Pandas {
                        Cell::Bool(false)
                    } else {
                        Cell::Null
                    });
                }
                Ok(Cell::Bool(
                    values
                        .iter()
                        .any(|v| c.order(v) == Some(std::cmp::Ordering::Equal)),
                ))
            })
        }
        Expr::When(branches, otherwise) => {
            let conds = branches
                .iter()
                .map(|(c, v)| {
                    Ok((
                        eval(c, table, dialect, exact)?,
                        eval(v, table, dialect, exact)?,
                    ))
                })
                .collect::<Result<Vec<_>, TableError>>()?;
            let other = match otherwise {
                Some(e) => Some(eval(e, table, dialect, exact)?),
                None => None,
            };
            let mut cells = Vec::with_capacity(n);
            for i in 0..n {
                let mut out = None;
                for (c, v) in &conds {
                    match c.get(i) {
                        Cell::Bool(true) => {
                            out = Some(v.get(i));
                            break;
                        }
                        Cell::Bool(false) | Cell::Null => {}
                        other => return Err(type_mismatch("CASE WHEN", &other)),
                    }
                }
                cells.push(out.unwrap_or_else(|| other.as_ref().map_or(Cell::Null, |o| o.get(i))));
            }
            Column::infer(&cells).map_err(|e| {
                TableError::Type(format!("the branches of {} disagree: {e}", expr.name()))
            })
        }
        Expr::Call(f, args) => {
            let cols = args
                .iter()
                .map(|a| eval(a, table, dialect, exact))
                .collect::<Result<Vec<_>, _>>()?;
            call(*f, &cols, args, n, dialect)
        }
        Expr::Struct(_) => Err(super::udf::struct_not_supported(&expr.name())),
        Expr::Udf(f, args) => {
            let args = match args.as_slice() {
                [Expr::Struct(fields)] => super::udf::UdfArgs::Struct(
                    fields
                        .iter()
                        .map(|e| Ok((e.name(), eval(e, table, dialect, exact)?)))
                        .collect::<Result<_, TableError>>()?,
                ),
                many => super::udf::UdfArgs::Positional(
                    many.iter()
                        .map(|e| eval(e, table, dialect, exact))
                        .collect::<Result<_, _>>()?,
                ),
            };
            let out = f.0.call(args, n)?;
            if out.len() != n {
                return Err(TableError::Job(format!(
                    "{} returned {} values for {n} rows",
                    expr.name(),
                    out.len()
                )));
            }
            Ok(out)
        }
        Expr::Item(a, k) => {
            let x = eval(a, table, dialect, exact)?;
            if x.dtype() != DType::Array {
                return Err(TableError::Invalid(format!(
                    "[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from \"{}\". Need a complex type [STRUCT, ARRAY, MAP] but got \"{}\".{}",
                    a.name(),
                    x.dtype().spark_name().to_uppercase(),
                    if x.dtype() == DType::Vector {
                        " Turn the vector into an array first: pyspark.ml.functions.vector_to_array(col)."
                    } else {
                        ""
                    }
                )));
            }
            let cells: Vec<Cell> = (0..n)
                .map(|i| {
                    let item = x
                        .array_at(i)
                        .zip(usize::try_from(*k).ok())
                        .and_then(|(v, k)| v.get(k));
                    item.map_or(Cell::Null, |v| Cell::Float(*v))
                })
                .collect();
            Column::from_cells(DType::Float, &cells)
        }
    }
}

/// Spark's failure inside `vector_to_array` / `array_to_vector` (a UDF: a job failure).
fn udf_error(input: &Expr, why: String) -> TableError {
    TableError::Job(format!(
        "[FAILED_EXECUTE_UDF] Failed to execute user defined function (`UDF({})`). Caused by: java.lang.IllegalArgumentException: {why}",
        input.name()
    ))
}

/// The Java class of a value as Spark's messages name it.
fn java_class(c: &Cell) -> &'static str {
    match c {
        Cell::Null => "null",
        Cell::Int(_) => "java.lang.Long",
        Cell::Float(_) => "java.lang.Double",
        Cell::Str(_) => "java.lang.String",
        Cell::Bool(_) => "java.lang.Boolean",
        Cell::Date(_) => "java.sql.Date",
        Cell::Timestamp(_) => "java.sql.Timestamp",
        Cell::Vector(_) => "org.apache.spark.ml.linalg.Vector",
        Cell::Array(_) => "scala.collection.mutable.WrappedArray$ofRef",
    }
}

/// A column of `n` copies of a value.
pub fn broadcast(c: &Cell, n: usize) -> Result<Column, TableError> {
    match c.dtype() {
        None => Ok(Column::nulls(DType::Str, n)),
        Some(t) => {
            let mut b = Builder::new(t, n);
            for _ in 0..n {
                b.push(c).map_err(|_| TableError::Type("literal".into()))?;
            }
            Ok(b.finish())
        }
    }
}

fn type_mismatch(op: &str, c: &Cell) -> TableError {
    TableError::Type(format!(
        "{op} cannot take a {} value ({})",
        c.dtype().map_or("null", DType::spark_name),
        c.text()
    ))
}

/// Maps each value; the output type is `dtype` unless the values say otherwise.
fn map_cells(
    x: &Column,
    dtype: DType,
    mut f: impl FnMut(Cell) -> Result<Cell, TableError>,
) -> Result<Column, TableError> {
    let cells = (0..x.len())
        .map(|i| f(x.get(i)))
        .collect::<Result<Vec<_>, _>>()?;
    if cells.iter().all(Cell::is_null) {
        return Ok(Column::nulls(dtype, cells.len()));
    }
    Column::infer(&cells)
}

/// `x op y`, element by element.
pub fn binary(op: BinOp, x: &Column, y: &Column, dialect: Dialect) -> Result<Column, TableError> {
    if let Some(fast) = numeric_fast_path(op, x, y, dialect) {
        return Ok(fast);
    }
    let n = x.len();
    let mut cells = Vec::with_capacity(n);
    for i in 0..n {
        cells.push(binary_cell(op, &x.get(i), &y.get(i), dialect)?);
    }
    let dtype = if op.is_comparison() || matches!(op, BinOp::And | BinOp::Or) {
        DType::Bool
    } else if matches!(op, BinOp::Div | BinOp::Pow)
        || x.dtype() == DType::Float
        || y.dtype() == DType::Float
    {
        DType::Float
    } else {
        x.dtype()
    };
    if cells.iter().all(Cell::is_null) {
        return Ok(Column::nulls(dtype, n));
    }
    Column::infer(&cells)
}

/// Float and int columns without nulls: a tight loop instead of per-value dispatch.
fn numeric_fast_path(op: BinOp, x: &Column, y: &Column, dialect: Dialect) -> Option<Column> {
    use super::column::Data;
    if x.valid.is_some() || y.valid.is_some() {
        return None;
    }
    let as_f = |c: &Column| -> Option<Vec<f64>> {
        match &c.data {
            Data::Float(v) => Some(v.clone()),
            Data::Int(v) => Some(v.iter().map(|&i| i as f64).collect()),
            _ => None,
        }
    };
    let floats = x.dtype() == DType::Float || y.dtype() == DType::Float;
    match op {
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne => {
            let (a, b) = (as_f(x)?, as_f(y)?);
            let f: fn(f64, f64) -> bool = match op {
                BinOp::Lt => |a, b| a < b,
                BinOp::Le => |a, b| a <= b,
                BinOp::Gt => |a, b| a > b,
                BinOp::Ge => |a, b| a >= b,
                BinOp::Eq => |a, b| a == b,
                _ => |a, b| a != b,
            };
            // Spark orders NaN above everything and equal to itself; leave NaN to the slow path.
            if dialect == Dialect::Spark
                && (a.iter().any(|v| v.is_nan()) || b.iter().any(|v| v.is_nan()))
            {
                return None;
            }
            Some(Column::bools(
                a.iter().zip(&b).map(|(&a, &b)| f(a, b)).collect(),
            ))
        }
        BinOp::Add | BinOp::Sub | BinOp::Mul if floats => {
            let (a, b) = (as_f(x)?, as_f(y)?);
            let f: fn(f64, f64) -> f64 = match op {
                BinOp::Add => |a, b| a + b,
                BinOp::Sub => |a, b| a - b,
                _ => |a, b| a * b,
            };
            Some(Column::floats(
                a.iter().zip(&b).map(|(&a, &b)| f(a, b)).collect(),
            ))
        }
        _ => None,
    }
}

fn spark_text_to_time(c: &Cell, like: &Cell) -> Cell {
    match (c, like) {
        (Cell::Str(s), Cell::Date(_)) => super::csv::parse_typed(s.trim(), DType::Date)
            .or_else(|| super::csv::parse_typed(s.trim(), DType::Timestamp))
            .unwrap_or(Cell::Null),
        (Cell::Str(s), Cell::Timestamp(_)) => {
            super::csv::parse_typed(s.trim(), DType::Timestamp).unwrap_or(Cell::Null)
        }
        _ => c.clone(),
    }
}

/// One value of `a op b`.
pub fn binary_cell(op: BinOp, a: &Cell, b: &Cell, dialect: Dialect) -> Result<Cell, TableError> {
    use std::cmp::Ordering::*;
    if matches!(op, BinOp::And | BinOp::Or) {
        let truth = |c: &Cell| match c {
            Cell::Null => Ok(None),
            Cell::Bool(v) => Ok(Some(*v)),
            other => Err(type_mismatch(op.symbol(), other)),
        };
        let (x, y) = (truth(a)?, truth(b)?);
        let (x, y) = if dialect == Dialect::Pandas {
            (Some(x.unwrap_or(false)), Some(y.unwrap_or(false)))
        } else {
            (x, y)
        };
        return Ok(match (op, x, y) {
            (BinOp::And, Some(false), _) | (BinOp::And, _, Some(false)) => Cell::Bool(false),
            (BinOp::Or, Some(true), _) | (BinOp::Or, _, Some(true)) => Cell::Bool(true),
            (_, Some(p), Some(q)) => Cell::Bool(if op == BinOp::And { p && q } else { p || q }),
            _ => Cell::Null,
        });
    }
    if op.is_comparison() {
        let (a, b) = (spark_text_to_time(a, b), spark_text_to_time(b, a));
        if a.is_null() || b.is_null() {
            return Ok(match dialect {
                Dialect::Spark => Cell::Null,
                Dialect::Pandas => Cell::Bool(op == BinOp::Ne),
            });
        }
        if dialect == Dialect::Pandas
            && (a.as_f64().is_some_and(f64::is_nan) || b.as_f64().is_some_and(f64::is_nan))
        {
            return Ok(Cell::Bool(op == BinOp::Ne));
        }
        let Some(o) = a.order(&b) else {
            return Err(TableError::Type(format!(
                "cannot compare {} with {}",
                a.dtype().map_or("null", DType::spark_name),
                b.dtype().map_or("null", DType::spark_name)
            )));
        };
        return Ok(Cell::Bool(match op {
            BinOp::Eq => o == Equal,
            BinOp::Ne => o != Equal,
            BinOp::Lt => o == Less,
            BinOp::Le => o != Greater,
            BinOp::Gt => o == Greater,
            _ => o != Less,
        }));
    }
    if a.is_null() || b.is_null() {
        return Ok(Cell::Null);
    }
    if let (Cell::Str(x), Cell::Str(y), BinOp::Add, Dialect::Pandas) = (a, b, op, dialect) {
        return Ok(Cell::Str(format!("{x}{y}")));
    }
    let mismatch = || {
        TableError::Type(format!(
            "'{}' needs numbers, not {} and {}",
            op.symbol(),
            a.dtype().map_or("null", DType::spark_name),
            b.dtype().map_or("null", DType::spark_name)
        ))
    };
    match (a, b) {
        (Cell::Int(x), Cell::Int(y)) => {
            let (x, y) = (*x, *y);
            Ok(match op {
                BinOp::Add => Cell::Int(x.wrapping_add(y)),
                BinOp::Sub => Cell::Int(x.wrapping_sub(y)),
                BinOp::Mul => Cell::Int(x.wrapping_mul(y)),
                BinOp::Mod | BinOp::FloorDiv if y == 0 => match dialect {
                    Dialect::Spark => Cell::Null,
                    Dialect::Pandas => Cell::Float(f64::NAN),
                },
                BinOp::Mod => Cell::Int(match dialect {
                    Dialect::Spark => x.wrapping_rem(y),
                    Dialect::Pandas => {
                        x.rem_euclid(y) + if y < 0 && x.rem_euclid(y) != 0 { y } else { 0 }
                    }
                }),
                BinOp::FloorDiv => {
                    Cell::Int(x.div_euclid(y) - if y < 0 && x.rem_euclid(y) != 0 { 1 } else { 0 })
                }
                _ => float_op(op, x as f64, y as f64, dialect),
            })
        }
        _ => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => Ok(float_op(op, x, y, dialect)),
            _ => Err(mismatch()),
        },
    }
}

fn float_op(op: BinOp, x: f64, y: f64, dialect: Dialect) -> Cell {
    if y == 0.0
        && matches!(op, BinOp::Div | BinOp::Mod | BinOp::FloorDiv)
        && dialect == Dialect::Spark
    {
        return Cell::Null;
    }
    Cell::Float(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::Div => x / y,
        BinOp::FloorDiv => (x / y).floor(),
        BinOp::Mod => match dialect {
            Dialect::Spark => x % y,
            Dialect::Pandas if y == 0.0 => f64::NAN,
            Dialect::Pandas => x - y * (x / y).floor(),
        },
        _ => x.powf(y),
    })
}

/// Rounds half away from zero (Spark's HALF_UP) or half to even (pandas / numpy).
fn round_to(x: f64, scale: i32, dialect: Dialect) -> f64 {
    let factor = 10f64.powi(scale);
    let scaled = x * factor;
    let r = match dialect {
        Dialect::Spark => scaled.round(),
        Dialect::Pandas => {
            let r = scaled.round();
            if (scaled - scaled.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
                r - scaled.signum()
            } else {
                r
            }
        }
    };
    r / factor
}

fn call(
    f: Func,
    cols: &[Column],
    args: &[Expr],
    n: usize,
    dialect: Dialect,
) -> Result<Column, TableError> {
    let arity = |want: usize| -> Result<&Column, TableError> {
        if cols.len() < want {
            return Err(TableError::Invalid(format!(
                "{}() takes {want} argument(s) but got {}",
                f.name(),
                cols.len()
            )));
        }
        Ok(&cols[0])
    };
    let num = |g: fn(f64) -> Option<f64>| -> Result<Column, TableError> {
        let x = arity(1)?;
        if !x.dtype().is_numeric() {
            return Err(TableError::Type(format!(
                "{}() needs a number column, not {}",
                f.name(),
                x.dtype().spark_name()
            )));
        }
        let cells: Vec<Cell> = (0..x.len())
            .map(|i| x.f64_at(i).and_then(g).map_or(Cell::Null, Cell::Float))
            .collect();
        Column::from_cells(DType::Float, &cells)
    };
    let text = |g: fn(&str) -> Cell, out: DType| -> Result<Column, TableError> {
        let x = arity(1)?;
        map_cells(x, out, |c| match c {
            Cell::Null => Ok(Cell::Null),
            Cell::Str(s) => Ok(g(&s)),
            other => Ok(g(&other.text())),
        })
    };
    let day_part = |g: fn(i64, i64) -> i64| -> Result<Column, TableError> {
        let x = arity(1)?;
        map_cells(x, DType::Int, |c| {
            let ms = match spark_text_to_time(&c, &Cell::Timestamp(0)) {
                Cell::Timestamp(ms) => ms,
                Cell::Date(d) => d as i64 * DAY_MS,
                Cell::Null => return Ok(Cell::Null),
                other => return Err(type_mismatch(f.name(), &other)),
            };
            let c2 = match &c {
                Cell::Date(d) => *d as i64 * DAY_MS,
                _ => ms,
            };
            Ok(Cell::Int(g(c2.div_euclid(DAY_MS), c2.rem_euclid(DAY_MS))))
        })
    };
    match f {
        Func::Abs => {
            let x = arity(1)?;
            map_cells(x, x.dtype(), |c| match c {
                Cell::Int(i) => Ok(Cell::Int(i.wrapping_abs())),
                Cell::Float(v) => Ok(Cell::Float(v.abs())),
                Cell::Null => Ok(Cell::Null),
                other => Err(type_mismatch("abs", &other)),
            })
        }
        Func::Sqrt => num(|x| Some(x.sqrt())),
        Func::Ln => num(|x| (x > 0.0).then(|| x.ln())),
        Func::Log10 => num(|x| (x > 0.0).then(|| x.log10())),
        Func::Log1p => num(|x| (x > -1.0).then(|| x.ln_1p())),
        Func::Exp => num(|x| Some(x.exp())),
        Func::Floor | Func::Ceil => {
            let x = arity(1)?;
            let up = f == Func::Ceil;
            map_cells(x, DType::Int, |c| match c {
                Cell::Int(i) => Ok(Cell::Int(i)),
                Cell::Float(v) if v.is_finite() => {
                    Ok(Cell::Int(if up { v.ceil() } else { v.floor() } as i64))
                }
                Cell::Float(_) | Cell::Null => Ok(Cell::Null),
                other => Err(type_mismatch(f.name(), &other)),
            })
        }
        Func::Round => {
            let x = arity(1)?;
            let scale = match args.get(1) {
                Some(Expr::Lit(Cell::Int(s))) => *s as i32,
                None => 0,
                Some(_) => {
                    return Err(TableError::Invalid(
                        "round()'s scale must be an integer literal".into(),
                    ))
                }
            };
            map_cells(x, x.dtype(), |c| match c {
                Cell::Int(i) => Ok(Cell::Int(i)),
                Cell::Float(v) => Ok(Cell::Float(round_to(v, scale, dialect))),
                Cell::Null => Ok(Cell::Null),
                other => Err(type_mismatch("round", &other)),
            })
        }
        Func::Upper => text(|s| Cell::Str(s.to_uppercase()), DType::Str),
        Func::Lower => text(|s| Cell::Str(s.to_lowercase()), DType::Str),
        Func::Trim => text(|s| Cell::Str(s.trim().to_string()), DType::Str),
        Func::Length => text(|s| Cell::Int(s.chars().count() as i64), DType::Int),
        Func::Year => day_part(|d, _| crate::time::civil_from_days(d).0),
        Func::Month => day_part(|d, _| crate::time::civil_from_days(d).1 as i64),
        Func::DayOfMonth => day_part(|d, _| crate::time::civil_from_days(d).2 as i64),
        // 1 = Sunday … 7 = Saturday; 1970-01-01 was a Thursday (5).
        Func::DayOfWeek => day_part(|d, _| (d + 4).rem_euclid(7) + 1),
        Func::Hour => day_part(|_, ms| ms / 3_600_000),
        Func::ToDate => {
            let x = arity(1)?;
            Ok(x.cast(DType::Date))
        }
        Func::DateDiff => {
            arity(2)?;
            let (end, start) = (cols[0].cast(DType::Date), cols[1].cast(DType::Date));
            let cells: Vec<Cell> = (0..n)
                .map(|i| match (end.get(i), start.get(i)) {
                    (Cell::Date(a), Cell::Date(b)) => Cell::Int(a as i64 - b as i64),
                    _ => Cell::Null,
                })
                .collect();
            Column::from_cells(DType::Int, &cells)
        }
        Func::Coalesce => {
            arity(1)?;
            let cells: Vec<Cell> = (0..n)
                .map(|i| {
                    cols.iter()
                        .map(|c| c.get(i))
                        .find(|c| !c.is_null())
                        .unwrap_or(Cell::Null)
                })
                .collect();
            Column::infer(&cells)
        }
        Func::Concat => {
            arity(1)?;
            let cells: Vec<Cell> = (0..n)
                .map(|i| {
                    let parts: Vec<Cell> = cols.iter().map(|c| c.get(i)).collect();
                    if parts.iter().any(Cell::is_null) {
                        Cell::Null
                    } else {
                        Cell::Str(parts.iter().map(Cell::text).collect())
                    }
                })
                .collect();
            Column::from_cells(DType::Str, &cells)
        }
        Func::IsNan => {
            let x = arity(1)?;
            Ok(Column::bools(
                (0..x.len())
                    .map(|i| x.f64_at(i).is_some_and(f64::is_nan))
                    .collect(),
            ))
        }
        Func::VectorToArray | Func::VectorToArrayF32 => {
            let x = arity(1)?;
            let single = f == Func::VectorToArrayF32;
            let rows = (0..x.len())
                .map(|i| match x.vector_at(i) {
                    Some(v) if single => Ok(v.iter().map(|v| f64::from(*v as f32)).collect()),
                    Some(v) => Ok(v.to_vec()),
                    None => Err(udf_error(
                        &args[0],
                        format!("function vector_to_array requires a non-null input argument and input type must be `org.apache.spark.ml.linalg.Vector` or `org.apache.spark.mllib.linalg.Vector`, but got {}.", java_class(&x.get(i))),
                    )),
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Column {
                data: super::column::Data::Array(rows),
                valid: None,
            })
        }
        Func::ArrayToVector => {
            let x = arity(1)?;
            if x.dtype() != DType::Array {
                return Err(TableError::Type(format!(
                    "the input of UDF({}) must be an array of numbers, not {}",
                    args[0].name(),
                    x.dtype().spark_name()
                )));
            }
            let rows = (0..x.len())
                .map(|i| {
                    x.array_at(i)
                        .map(|v| super::cell::Vector::dense(v.to_vec()))
                        .ok_or_else(|| {
                            udf_error(&args[0], "array_to_vector got a null array".into())
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Column::vector_rows(rows))
        }
    }
}
