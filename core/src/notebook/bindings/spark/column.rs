//! PySpark's `Column`: an expression built with operators (`F.col("a") + 1 > 3`), combined
//! with `&`, `|`, `~`, and refined with `alias`, `cast`, `isNull`, `isin`, `desc`…; `col[i]`
//! and `getItem(i)` take an array's element.

use std::any::Any;
use std::rc::Rc;

use ruff_python_ast::{CmpOp, Operator, UnaryOp};

use crate::notebook::bindings::cells::to_cell;
use crate::notebook::error::{type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Object, Value};
use crate::table::expr::{BinOp, Expr};
use crate::table::DType;

/// A column expression, with a sort direction once `asc()`/`desc()` has been called.
#[derive(Debug, Clone)]
pub struct ColumnObj {
    pub expr: Expr,
    /// `(ascending, nulls_first)`.
    pub order: Option<(bool, bool)>,
}

impl ColumnObj {
    pub fn value(expr: Expr) -> Value {
        Value::object(ColumnObj { expr, order: None })
    }
}

/// A `Column` argument, or a column name (what `select`, `groupBy` and most of `F` take).
pub fn col_arg(v: &Value, func: &str) -> Result<Expr, PyErr> {
    match v {
        Value::Str(s) if &**s == "*" => Ok(Expr::Star),
        Value::Str(s) => Ok(Expr::Col(s.to_string())),
        Value::Object(o) => match o.as_any().downcast_ref::<ColumnObj>() {
            Some(c) => Ok(c.expr.clone()),
            None => Err(not_column(v, func)),
        },
        other => Err(not_column(other, func)),
    }
}

fn not_column(v: &Value, func: &str) -> PyErr {
    type_error(format!(
        "[NOT_COLUMN_OR_STR] Argument `col` of `{func}` should be a Column or str, got {}.",
        v.type_name()
    ))
}

/// A `Column`, or a literal (what operators and `F.when`'s value take: `"a"` is a string).
pub fn lit_arg(v: &Value) -> Result<Expr, PyErr> {
    if let Value::Object(o) = v {
        if let Some(c) = o.as_any().downcast_ref::<ColumnObj>() {
            return Ok(c.expr.clone());
        }
    }
    Ok(Expr::Lit(to_cell(v).map_err(|_| {
        PyErr::new(
            ExcType::TypeError,
            format!(
                "[NOT_COLUMN_OR_STR] a Column operand must be a Column or a literal, got {}.",
                v.type_name()
            ),
        )
    })?))
}

/// A type given as a name (`"double"`) or a `pyspark.sql.types` object (`DoubleType()`).
pub fn dtype_arg(v: &Value) -> Result<DType, PyErr> {
    if let Value::Object(o) = v {
        if let Some(t) = o.as_any().downcast_ref::<super::types::TypeObj>() {
            return Ok(t.0);
        }
    }
    let name = v.to_str();
    DType::parse(&name).ok_or_else(|| {
        PyErr::new(
            ExcType::AnalysisException,
            format!("[PARSE_SYNTAX_ERROR] Syntax error at or near '{name}': not a data type Lakelab knows (bigint, int, double, float, string, boolean, date, timestamp)."),
        )
    })
}

fn bin_op(op: Operator) -> Option<BinOp> {
    Some(match op {
        Operator::Add => BinOp::Add,
        Operator::Sub => BinOp::Sub,
        Operator::Mult => BinOp::Mul,
        Operator::Div => BinOp::Div,
        Operator::Mod => BinOp::Mod,
        Operator::Pow => BinOp::Pow,
        Operator::BitAnd => BinOp::And,
        Operator::BitOr => BinOp::Or,
        _ => return None,
    })
}

pub fn cmp_op(op: CmpOp) -> Option<BinOp> {
    Some(match op {
        CmpOp::Eq => BinOp::Eq,
        CmpOp::NotEq => BinOp::Ne,
        CmpOp::Lt => BinOp::Lt,
        CmpOp::LtE => BinOp::Le,
        CmpOp::Gt => BinOp::Gt,
        CmpOp::GtE => BinOp::Ge,
        _ => return None,
    })
}

/// The mirror of a comparison (`3 < col` is `col > 3`).
pub fn flip(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Gt,
        BinOp::Le => BinOp::Ge,
        BinOp::Gt => BinOp::Lt,
        BinOp::Ge => BinOp::Le,
        other => other,
    }
}

impl Object for ColumnObj {
    fn type_name(&self) -> &str {
        "Column"
    }
    fn binop(&self, op: Operator, other: &Value, reflected: bool) -> Option<Result<Value, PyErr>> {
        let op = bin_op(op)?;
        Some(lit_arg(other).map(|o| {
            let me = self.expr.clone();
            ColumnObj::value(if reflected {
                Expr::bin(op, o, me)
            } else {
                Expr::bin(op, me, o)
            })
        }))
    }
    fn rich_compare(
        &self,
        op: CmpOp,
        other: &Value,
        reflected: bool,
    ) -> Option<Result<Value, PyErr>> {
        let op = cmp_op(op)?;
        let op = if reflected { flip(op) } else { op };
        Some(lit_arg(other).map(|o| ColumnObj::value(Expr::bin(op, self.expr.clone(), o))))
    }
    fn unary(&self, op: UnaryOp) -> Option<Result<Value, PyErr>> {
        Some(Ok(ColumnObj::value(match op {
            UnaryOp::Invert => Expr::Not(Box::new(self.expr.clone())),
            UnaryOp::USub => Expr::Neg(Box::new(self.expr.clone())),
            UnaryOp::UAdd => self.expr.clone(),
            UnaryOp::Not => return Some(Err(cannot_bool())),
        })))
    }
    fn truth(&self) -> Option<Result<bool, PyErr>> {
        Some(Err(cannot_bool()))
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "alias"
                | "name"
                | "cast"
                | "astype"
                | "isNull"
                | "isNotNull"
                | "isin"
                | "between"
                | "asc"
                | "desc"
                | "asc_nulls_first"
                | "asc_nulls_last"
                | "desc_nulls_first"
                | "desc_nulls_last"
                | "when"
                | "otherwise"
                | "contains"
                | "startswith"
                | "endswith"
                | "getItem"
        )
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        item(&self.expr, key)
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
        let me = Box::new(self.expr.clone());
        let one = |args: &Args| -> Result<Value, PyErr> {
            match args.positional.as_slice() {
                [v] if args.keywords.is_empty() => Ok(v.clone()),
                _ => Err(type_error(format!(
                    "Column.{name}() takes exactly one argument ({} given)",
                    args.positional.len() + args.keywords.len()
                ))),
            }
        };
        let ordered = |asc: bool, nulls_first: bool| {
            Ok(Value::object(ColumnObj {
                expr: self.expr.clone(),
                order: Some((asc, nulls_first)),
            }))
        };
        match name {
            "alias" | "name" => Ok(ColumnObj::value(Expr::Alias(me, one(&args)?.to_str()))),
            "cast" | "astype" => Ok(ColumnObj::value(Expr::Cast(me, dtype_arg(&one(&args)?)?))),
            "isNull" => Ok(ColumnObj::value(Expr::IsNull(me))),
            "isNotNull" => Ok(ColumnObj::value(Expr::IsNotNull(me))),
            "isin" => {
                let values: Vec<Value> = match args.positional.as_slice() {
                    [one @ (Value::List(_) | Value::Tuple(_))] => one.iter_items().unwrap_or_default(),
                    many => many.to_vec(),
                };
                let cells = values.iter().map(to_cell).collect::<Result<Vec<_>, _>>()?;
                Ok(ColumnObj::value(Expr::IsIn(me, cells)))
            }
            "between" => {
                let [lo, hi] = args.positional.as_slice() else {
                    return Err(type_error("Column.between() takes 2 arguments: lowerBound and upperBound"));
                };
                Ok(ColumnObj::value(Expr::bin(
                    BinOp::And,
                    Expr::bin(BinOp::Ge, self.expr.clone(), lit_arg(lo)?),
                    Expr::bin(BinOp::Le, self.expr.clone(), lit_arg(hi)?),
                )))
            }
            "getItem" => item(&self.expr, &one(&args)?),
            "asc" | "asc_nulls_first" => ordered(true, true),
            "asc_nulls_last" => ordered(true, false),
            "desc" | "desc_nulls_last" => ordered(false, false),
            "desc_nulls_first" => ordered(false, true),
            "when" | "otherwise" => {
                let Expr::When(mut branches, None) = self.expr.clone() else {
                    return Err(PyErr::new(
                        ExcType::ValueError,
                        format!("[INVALID_WHEN_USAGE] {name}() can only be applied on a Column previously generated by when() function, and cannot be applied once otherwise() is applied."),
                    ));
                };
                if name == "otherwise" {
                    let v = lit_arg(&one(&args)?)?;
                    return Ok(ColumnObj::value(Expr::When(branches, Some(Box::new(v)))));
                }
                let [cond, value] = args.positional.as_slice() else {
                    return Err(type_error("when() takes 2 arguments: condition and value"));
                };
                branches.push((col_condition(cond)?, lit_arg(value)?));
                Ok(ColumnObj::value(Expr::When(branches, None)))
            }
            _ => Err(PyErr::new(
                ExcType::NotImplementedError,
                format!("Column.{name}() is not available in Lakelab yet; filter with comparisons, isin() or F functions"),
            )),
        }
    }
    fn repr(&self) -> String {
        format!("Column<'{}'>", self.expr.name())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `col[key]`: an array element by 0-based position (struct fields and map keys, which
/// Lakelab's columns do not hold, are refused).
fn item(expr: &Expr, key: &Value) -> Result<Value, PyErr> {
    match key {
        Value::Int(i) => Ok(ColumnObj::value(Expr::Item(Box::new(expr.clone()), *i))),
        other => Err(PyErr::new(
            ExcType::NotImplementedError,
            format!(
                "Column[{}]: Lakelab's columns hold no structs or maps; index an array column by position, e.g. F.col(\"arr\")[0]",
                other.repr()
            ),
        )),
    }
}

/// A condition: a `Column` (a string here would be SQL text, which Lakelab does not parse).
pub fn col_condition(v: &Value) -> Result<Expr, PyErr> {
    match v {
        Value::Str(s) => Err(PyErr::new(
            ExcType::NotImplementedError,
            format!("SQL expression strings such as \"{s}\" are not available in Lakelab yet; write the condition with columns, e.g. F.col(\"age\") > 30"),
        )),
        Value::Object(o) if o.as_any().downcast_ref::<ColumnObj>().is_some() => col_arg(v, "filter"),
        other => Err(type_error(format!(
            "[NOT_COLUMN_OR_STR] Argument `condition` should be a Column or str, got {}.",
            other.type_name()
        ))),
    }
}

fn cannot_bool() -> PyErr {
    PyErr::new(
        ExcType::ValueError,
        "[CANNOT_CONVERT_COLUMN_INTO_BOOL] Cannot convert column into bool: please use '&' for 'and', '|' for 'or', '~' for 'not' when building DataFrame boolean expressions.",
    )
}
