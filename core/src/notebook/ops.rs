//! Operators, comparisons, attribute access and indexing on values.

use std::any::Any;
use std::cmp::Ordering;
use std::rc::Rc;

use ruff_python_ast::{CmpOp, Operator, UnaryOp};

use super::error::{attribute_error, not_implemented, type_error, ExcType, PyErr};
use super::format::percent_format;
use super::interp::Interp;
use super::methods;
use super::value::{equals, identical, key_error, Object, Value};

/// `a[lo:hi:step]` before it is applied.
#[derive(Debug)]
pub struct Slice {
    pub lo: Value,
    pub hi: Value,
    pub step: Value,
}

impl Object for Slice {
    fn type_name(&self) -> &str {
        "slice"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

pub fn slice_value(lo: Value, hi: Value, step: Value) -> Value {
    Value::object(Slice { lo, hi, step })
}

fn zero_division(msg: &str) -> PyErr {
    PyErr::new(ExcType::ZeroDivisionError, msg)
}

fn overflow() -> PyErr {
    not_implemented("integers beyond 64 bits are not supported in Lakelab")
}

fn unsupported(op: &str, a: &Value, b: &Value) -> PyErr {
    type_error(format!(
        "unsupported operand type(s) for {op}: '{}' and '{}'",
        a.type_name(),
        b.type_name()
    ))
}

fn op_symbol(op: Operator) -> &'static str {
    match op {
        Operator::Add => "+",
        Operator::Sub => "-",
        Operator::Mult => "*",
        Operator::MatMult => "@",
        Operator::Div => "/",
        Operator::Mod => "%",
        Operator::Pow => "** or pow()",
        Operator::LShift => "<<",
        Operator::RShift => ">>",
        Operator::BitOr => "|",
        Operator::BitXor => "^",
        Operator::BitAnd => "&",
        Operator::FloorDiv => "//",
    }
}

fn repeat(items: &[Value], n: i64) -> Vec<Value> {
    let n = n.max(0) as usize;
    let mut out = Vec::with_capacity(items.len() * n);
    for _ in 0..n {
        out.extend(items.iter().cloned());
    }
    out
}

/// `a <op> b`.
pub fn binary(op: Operator, a: &Value, b: &Value) -> Result<Value, PyErr> {
    // Ints (and bools) stay ints where Python keeps them ints.
    if let (Some(x), Some(y), false, false) = (
        a.as_int(),
        b.as_int(),
        matches!(a, Value::Float(_)),
        matches!(b, Value::Float(_)),
    ) {
        return int_op(op, x, y, a, b);
    }
    if let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) {
        return float_op(op, x, y, a, b);
    }
    match (op, a, b) {
        (Operator::Add, Value::Str(x), Value::Str(y)) => Ok(Value::str(format!("{x}{y}"))),
        (Operator::Add, Value::List(x), Value::List(y)) => {
            let mut v = x.borrow().clone();
            v.extend(y.borrow().iter().cloned());
            Ok(Value::list(v))
        }
        (Operator::Add, Value::Tuple(x), Value::Tuple(y)) => {
            let mut v = x.as_ref().clone();
            v.extend(y.iter().cloned());
            Ok(Value::tuple(v))
        }
        (Operator::Mult, Value::Str(s), n) | (Operator::Mult, n, Value::Str(s))
            if n.as_int().is_some() =>
        {
            Ok(Value::str(
                s.repeat(n.as_int().unwrap_or(0).max(0) as usize),
            ))
        }
        (Operator::Mult, Value::List(l), n) | (Operator::Mult, n, Value::List(l))
            if n.as_int().is_some() =>
        {
            Ok(Value::list(repeat(&l.borrow(), n.as_int().unwrap_or(0))))
        }
        (Operator::Mod, Value::Str(fmt), args) => Ok(Value::str(percent_format(fmt, args)?)),
        (Operator::BitOr, Value::Dict(x), Value::Dict(y)) => {
            let mut d = x.borrow().clone();
            for (k, v) in y.borrow().iter() {
                d.set(k.clone(), v.clone())?;
            }
            Ok(Value::dict(d))
        }
        (op, Value::Object(o), other) => o
            .binop(op, other, false)
            .unwrap_or_else(|| Err(unsupported(op_symbol(op), a, b))),
        (op, other, Value::Object(o)) => o
            .binop(op, other, true)
            .unwrap_or_else(|| Err(unsupported(op_symbol(op), a, b))),
        _ => Err(unsupported(op_symbol(op), a, b)),
    }
}

fn int_op(op: Operator, x: i64, y: i64, a: &Value, b: &Value) -> Result<Value, PyErr> {
    Ok(Value::Int(match op {
        Operator::Add => x.checked_add(y).ok_or_else(overflow)?,
        Operator::Sub => x.checked_sub(y).ok_or_else(overflow)?,
        Operator::Mult => x.checked_mul(y).ok_or_else(overflow)?,
        Operator::Div => {
            if y == 0 {
                return Err(zero_division("division by zero"));
            }
            return Ok(Value::Float(x as f64 / y as f64));
        }
        Operator::FloorDiv => {
            if y == 0 {
                return Err(zero_division("integer division or modulo by zero"));
            }
            x.div_euclid(y) - i64::from(y < 0 && x.rem_euclid(y) != 0)
        }
        Operator::Mod => {
            if y == 0 {
                return Err(zero_division("integer division or modulo by zero"));
            }
            let r = x.rem_euclid(y);
            if y < 0 && r != 0 {
                r + y
            } else {
                r
            }
        }
        Operator::Pow => {
            if y < 0 {
                return Ok(Value::Float((x as f64).powf(y as f64)));
            }
            let exp = u32::try_from(y).map_err(|_| overflow())?;
            x.checked_pow(exp).ok_or_else(overflow)?
        }
        Operator::BitAnd => x & y,
        Operator::BitOr => {
            if matches!((a, b), (Value::Bool(_), Value::Bool(_))) {
                return Ok(Value::Bool(x | y != 0));
            }
            x | y
        }
        Operator::BitXor => x ^ y,
        Operator::LShift => x
            .checked_shl(u32::try_from(y).map_err(|_| overflow())?)
            .ok_or_else(overflow)?,
        Operator::RShift => x >> y.clamp(0, 63),
        Operator::MatMult => return Err(unsupported("@", a, b)),
    }))
}

fn float_op(op: Operator, x: f64, y: f64, a: &Value, b: &Value) -> Result<Value, PyErr> {
    Ok(Value::Float(match op {
        Operator::Add => x + y,
        Operator::Sub => x - y,
        Operator::Mult => x * y,
        Operator::Div => {
            if y == 0.0 {
                return Err(zero_division("float division by zero"));
            }
            x / y
        }
        Operator::FloorDiv => {
            if y == 0.0 {
                return Err(zero_division("float floor division by zero"));
            }
            (x / y).floor()
        }
        Operator::Mod => {
            if y == 0.0 {
                return Err(zero_division("float modulo"));
            }
            x - y * (x / y).floor()
        }
        Operator::Pow => x.powf(y),
        _ => return Err(unsupported(op_symbol(op), a, b)),
    }))
}

/// `bool(v)`, which an object may refuse (see [`Object::truth`]).
pub fn truth(v: &Value) -> Result<bool, PyErr> {
    match v {
        Value::Object(o) => o.truth().unwrap_or_else(|| Ok(v.truthy())),
        other => Ok(other.truthy()),
    }
}

/// `a <op> b` where an object may build a value (an element-wise comparison) instead of a
/// bool; `None` when neither side does.
pub fn rich_compare(op: CmpOp, a: &Value, b: &Value) -> Option<Result<Value, PyErr>> {
    if let Value::Object(o) = a {
        if let Some(r) = o.rich_compare(op, b, false) {
            return Some(r);
        }
    }
    if let Value::Object(o) = b {
        if let Some(r) = o.rich_compare(op, a, true) {
            return Some(r);
        }
    }
    None
}

pub fn unary(op: UnaryOp, v: &Value) -> Result<Value, PyErr> {
    if let Value::Object(o) = v {
        if let Some(r) = o.unary(op) {
            return r;
        }
    }
    match (op, v) {
        (UnaryOp::Not, v) => Ok(Value::Bool(!truth(v)?)),
        (UnaryOp::USub, Value::Float(f)) => Ok(Value::Float(-f)),
        (UnaryOp::USub, v) if v.as_int().is_some() => Ok(Value::Int(
            v.as_int().unwrap_or(0).checked_neg().ok_or_else(overflow)?,
        )),
        (UnaryOp::UAdd, Value::Float(f)) => Ok(Value::Float(*f)),
        (UnaryOp::UAdd, v) if v.as_int().is_some() => Ok(Value::Int(v.as_int().unwrap_or(0))),
        (UnaryOp::Invert, v) if v.as_int().is_some() => Ok(Value::Int(!v.as_int().unwrap_or(0))),
        (op, v) => Err(type_error(format!(
            "bad operand type for unary {}: '{}'",
            match op {
                UnaryOp::USub => "-",
                UnaryOp::UAdd => "+",
                UnaryOp::Invert => "~",
                UnaryOp::Not => "not",
            },
            v.type_name()
        ))),
    }
}

/// Orders two values as Python's `<` does, or says they cannot be ordered.
pub fn order(a: &Value, b: &Value, symbol: &str) -> Result<Ordering, PyErr> {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Ok(x.cmp(y)),
        (Value::List(x), Value::List(y)) => order_seq(&x.borrow(), &y.borrow(), symbol),
        (Value::Tuple(x), Value::Tuple(y)) => order_seq(x, y, symbol),
        (Value::Object(o), other) if o.compare_to(other).is_some() => {
            Ok(o.compare_to(other).unwrap_or(Ordering::Equal))
        }
        _ => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => Ok(x.partial_cmp(&y).unwrap_or(Ordering::Equal)),
            _ => Err(type_error(format!(
                "'{symbol}' not supported between instances of '{}' and '{}'",
                a.type_name(),
                b.type_name()
            ))),
        },
    }
}

fn order_seq(a: &[Value], b: &[Value], symbol: &str) -> Result<Ordering, PyErr> {
    for (x, y) in a.iter().zip(b) {
        if !equals(x, y) {
            return order(x, y, symbol);
        }
    }
    Ok(a.len().cmp(&b.len()))
}

fn nan_involved(a: &Value, b: &Value) -> bool {
    a.as_f64().is_some_and(f64::is_nan) || b.as_f64().is_some_and(f64::is_nan)
}

pub fn compare(op: CmpOp, a: &Value, b: &Value) -> Result<bool, PyErr> {
    Ok(match op {
        CmpOp::Eq => equals(a, b),
        CmpOp::NotEq => !equals(a, b),
        CmpOp::Is => identical(a, b),
        CmpOp::IsNot => !identical(a, b),
        CmpOp::In => contains(b, a)?,
        CmpOp::NotIn => !contains(b, a)?,
        CmpOp::Lt => !nan_involved(a, b) && order(a, b, "<")? == Ordering::Less,
        CmpOp::LtE => !nan_involved(a, b) && order(a, b, "<=")? != Ordering::Greater,
        CmpOp::Gt => !nan_involved(a, b) && order(a, b, ">")? == Ordering::Greater,
        CmpOp::GtE => !nan_involved(a, b) && order(a, b, ">=")? != Ordering::Less,
    })
}

/// `item in container`.
pub fn contains(container: &Value, item: &Value) -> Result<bool, PyErr> {
    match container {
        Value::Str(s) => match item {
            Value::Str(sub) => Ok(s.contains(sub.as_ref())),
            other => Err(type_error(format!(
                "'in <string>' requires string as left operand, not {}",
                other.type_name()
            ))),
        },
        Value::Dict(d) => Ok(d.borrow().get(item)?.is_some()),
        other => match other.iter_items() {
            Some(items) => Ok(items.iter().any(|x| equals(x, item))),
            None => Err(type_error(format!(
                "argument of type '{}' is not iterable",
                other.type_name()
            ))),
        },
    }
}

/// A Python index into a sequence of `len`, negative from the end.
fn index(i: &Value, len: usize, what: &str) -> Result<usize, PyErr> {
    let Some(i) = i.as_int() else {
        return Err(type_error(format!(
            "{what} indices must be integers or slices, not {}",
            i.type_name()
        )));
    };
    let len = len as i64;
    let at = if i < 0 { i + len } else { i };
    if at < 0 || at >= len {
        return Err(PyErr::new(
            ExcType::IndexError,
            format!("{what} index out of range"),
        ));
    }
    Ok(at as usize)
}

/// The indices a slice selects from a sequence of `len` (Python's `slice.indices`).
pub fn slice_indices(s: &Slice, len: usize) -> Result<Vec<usize>, PyErr> {
    let len = len as i64;
    let step = match &s.step {
        Value::None => 1,
        v => v
            .as_int()
            .ok_or_else(|| type_error("slice indices must be integers or None"))?,
    };
    if step == 0 {
        return Err(super::error::value_error("slice step cannot be zero"));
    }
    let bound = |v: &Value, default: i64| -> Result<i64, PyErr> {
        match v {
            Value::None => Ok(default),
            v => {
                let i = v
                    .as_int()
                    .ok_or_else(|| type_error("slice indices must be integers or None"))?;
                let i = if i < 0 { i + len } else { i };
                Ok(if step > 0 {
                    i.clamp(0, len)
                } else {
                    i.clamp(-1, len - 1)
                })
            }
        }
    };
    let (start, stop) = if step > 0 {
        (bound(&s.lo, 0)?, bound(&s.hi, len)?)
    } else {
        (bound(&s.lo, len - 1)?, bound(&s.hi, -1)?)
    };
    Ok(super::value::range_values(start, stop, step)
        .map(|i| i as usize)
        .collect())
}

pub fn as_slice(v: &Value) -> Option<&Slice> {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<Slice>(),
        _ => None,
    }
}

/// `v[key]`.
pub fn get_item(interp: &mut Interp, v: &Value, key: &Value) -> Result<Value, PyErr> {
    match v {
        Value::List(l) => {
            let l = l.borrow();
            match as_slice(key) {
                Some(s) => Ok(Value::list(
                    slice_indices(s, l.len())?
                        .into_iter()
                        .map(|i| l[i].clone())
                        .collect(),
                )),
                None => Ok(l[index(key, l.len(), "list")?].clone()),
            }
        }
        Value::Tuple(t) => match as_slice(key) {
            Some(s) => Ok(Value::tuple(
                slice_indices(s, t.len())?
                    .into_iter()
                    .map(|i| t[i].clone())
                    .collect(),
            )),
            None => Ok(t[index(key, t.len(), "tuple")?].clone()),
        },
        Value::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            match as_slice(key) {
                Some(sl) => Ok(Value::str(
                    slice_indices(sl, chars.len())?
                        .into_iter()
                        .map(|i| chars[i])
                        .collect::<String>(),
                )),
                None => Ok(Value::str(
                    chars[index(key, chars.len(), "string")?].to_string(),
                )),
            }
        }
        Value::Range(a, b, st) => {
            let items: Vec<i64> = super::value::range_values(*a, *b, *st).collect();
            Ok(Value::Int(items[index(key, items.len(), "range object")?]))
        }
        Value::Dict(d) => d.borrow().get(key)?.ok_or_else(|| key_error(key)),
        Value::Object(o) => o.get_item(interp, key),
        other => Err(type_error(format!(
            "'{}' object is not subscriptable",
            other.type_name()
        ))),
    }
}

/// `v[key] = value`.
pub fn set_item(v: &Value, key: Value, value: Value) -> Result<(), PyErr> {
    match v {
        Value::List(l) => {
            let mut l = l.borrow_mut();
            let i = index(&key, l.len(), "list assignment")?;
            l[i] = value;
            Ok(())
        }
        Value::Dict(d) => d.borrow_mut().set(key, value),
        Value::Object(o) => o.set_item(key, value),
        other => Err(type_error(format!(
            "'{}' object does not support item assignment",
            other.type_name()
        ))),
    }
}

/// `del v[key]`.
pub fn delete_item(v: &Value, key: &Value) -> Result<(), PyErr> {
    match v {
        Value::List(l) => {
            let mut l = l.borrow_mut();
            let i = index(key, l.len(), "list assignment")?;
            l.remove(i);
            Ok(())
        }
        Value::Dict(d) => d
            .borrow_mut()
            .remove(key)?
            .map(|_| ())
            .ok_or_else(|| key_error(key)),
        other => Err(type_error(format!(
            "'{}' object does not support item deletion",
            other.type_name()
        ))),
    }
}

/// `v.name`.
pub fn get_attr(interp: &mut Interp, v: &Value, name: &str) -> Result<Value, PyErr> {
    match v {
        Value::Module(m) => m.attrs.get(name).cloned().ok_or_else(|| {
            PyErr::new(
                ExcType::AttributeError,
                format!("module '{}' has no attribute '{name}'", m.name),
            )
        }),
        Value::Object(o) => {
            if let Some(value) = o.get_attr(interp, name) {
                return Ok(value);
            }
            if o.has_method(name) {
                return Ok(Value::BoundMethod(Box::new(v.clone()), Rc::from(name)));
            }
            Err(attribute_error(o.type_name(), name))
        }
        Value::Exception(e) => match (name, &e.0.kind) {
            ("error_code", ExcType::MlflowException(code)) => Ok(Value::str(code.as_str())),
            ("message", ExcType::MlflowException(_)) => Ok(Value::str(e.0.message.as_str())),
            ("args", _) => Ok(Value::tuple(vec![Value::str(e.0.message.as_str())])),
            ("error_code", ExcType::Library { module, detail, .. })
                if *module == super::error::SDK_ERRORS =>
            {
                Ok(Value::str(detail.as_str()))
            }
            ("response", ExcType::Library { module, detail, .. })
                if *module == super::error::REQUESTS =>
            {
                Ok(super::bindings::serving::requests::response_of(detail))
            }
            _ => Err(attribute_error(e.0.kind.name(), name)),
        },
        Value::ExcClass(kind) if name == "__name__" => Ok(Value::str(kind.name())),
        Value::Function(f) if name == "__name__" => Ok(Value::str(f.name.as_str())),
        other if methods::has_method(other, name) => {
            Ok(Value::BoundMethod(Box::new(other.clone()), Rc::from(name)))
        }
        other => Err(attribute_error(&other.type_name(), name)),
    }
}
