//! Python values in the sandbox.
//!
//! Mutable containers (`list`, `dict`) are shared (`Rc<RefCell<…>>`) as in Python, so aliasing
//! behaves the same (`b = a; b.append(1)` changes `a`). Objects of the bound APIs (`Run`,
//! `MlflowClient`, …) implement [`Object`] in `bindings/`.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;

use ruff_python_ast::{Parameters, Stmt};

use super::error::{type_error, ExcType, PyErr};
use super::interp::Interp;
use super::syntax::Source;

/// Arguments of a call after evaluation: positional, then keyword (in call order).
#[derive(Debug, Clone, Default)]
pub struct Args {
    pub positional: Vec<Value>,
    pub keywords: Vec<(String, Value)>,
}

/// A function implemented in Rust (builtins, module functions).
pub type NativeFn = fn(&mut Interp, Args) -> Result<Value, PyErr>;

/// An object of a bound API (MLflow entities, clients, frames). Not `Debug`: a `Debug` entry in
/// every object's vtable kept ~70 derived impls (and the Python AST's) in the wasm.
pub trait Object {
    /// `type(x).__name__`.
    fn type_name(&self) -> &str;
    /// A data attribute (`run.info`); `None` when there is none.
    fn get_attr(&self, _interp: &mut Interp, _name: &str) -> Option<Value> {
        None
    }
    /// The names of methods, so `obj.method` can be bound before it is called.
    fn has_method(&self, _name: &str) -> bool {
        false
    }
    /// Calls a method named by [`Object::has_method`].
    fn call_method(
        self: Rc<Self>,
        _interp: &mut Interp,
        name: &str,
        _args: Args,
    ) -> Result<Value, PyErr> {
        Err(super::error::attribute_error(self.type_name(), name))
    }
    /// `self <op> other` (or `other <op> self` when `reflected`), for objects with arithmetic
    /// (dates); `None` when the operation does not apply.
    fn binop(
        &self,
        _op: ruff_python_ast::Operator,
        _other: &Value,
        _reflected: bool,
    ) -> Option<Result<Value, PyErr>> {
        None
    }
    /// Ordering against another value, for objects that compare (dates); also used for `==`.
    fn compare_to(&self, _other: &Value) -> Option<std::cmp::Ordering> {
        None
    }
    /// `self <op> other` returning a value rather than a bool (a Spark `Column` or a pandas
    /// `Series` builds an element-wise comparison); `None` falls back to Python's rules.
    fn rich_compare(
        &self,
        _op: ruff_python_ast::CmpOp,
        _other: &Value,
        _reflected: bool,
    ) -> Option<Result<Value, PyErr>> {
        None
    }
    /// `self[key] = value` (a pandas column assignment); objects use interior mutability.
    fn set_item(&self, _key: Value, _value: Value) -> Result<(), PyErr> {
        Err(type_error(format!(
            "'{}' object does not support item assignment",
            self.type_name()
        )))
    }
    /// `-self`, `~self`; `None` when the operator does not apply.
    fn unary(&self, _op: ruff_python_ast::UnaryOp) -> Option<Result<Value, PyErr>> {
        None
    }
    /// `bool(self)`, for objects whose truth is refused or computed (a Spark `Column` raises,
    /// as PySpark does, so `a > 1 and b < 2` cannot silently drop a condition).
    fn truth(&self) -> Option<Result<bool, PyErr>> {
        None
    }
    /// `x(...)`, for callable objects.
    fn call(self: Rc<Self>, _interp: &mut Interp, _args: Args) -> Result<Value, PyErr> {
        Err(type_error(format!(
            "'{}' object is not callable",
            self.type_name()
        )))
    }
    /// `repr(x)`.
    fn repr(&self) -> String {
        format!("<{} object>", self.type_name())
    }
    /// `x[key]`.
    fn get_item(&self, _interp: &mut Interp, _key: &Value) -> Result<Value, PyErr> {
        Err(type_error(format!(
            "'{}' object is not subscriptable",
            self.type_name()
        )))
    }
    /// Iteration, for list-like objects.
    fn items(&self) -> Option<Vec<Value>> {
        None
    }
    /// `len(x)`: the number of items unless the object says otherwise (a DataFrame iterates
    /// over its columns but its length is its rows, as in pandas).
    fn py_len(&self) -> Option<usize> {
        self.items().map(|i| i.len())
    }
    /// `with x:` support: what `as` binds, and what happens at the end (`raised` tells whether
    /// the block raised).
    fn enter(self: Rc<Self>, _interp: &mut Interp) -> Option<Result<Value, PyErr>> {
        None
    }
    fn exit(&self, _interp: &mut Interp, _raised: bool) -> Result<(), PyErr> {
        Ok(())
    }
    /// A rich rendering for `display(x)` and a cell's last value (tables).
    fn display(&self) -> Option<super::output::Display> {
        None
    }
    /// A hashable identity for objects that can be dict keys (Spark ML's `Param`, which
    /// param maps key on); `None` makes the object unhashable, as most are here.
    fn hash_key(&self) -> Option<String> {
        None
    }
    /// For class-like objects: `isinstance(value, self)`; `None` when this is not a class.
    fn instance_check(&self, _value: &Value) -> Option<bool> {
        None
    }
    fn as_any(&self) -> &dyn Any;
}

/// A `def` or `lambda`.
#[derive(Debug)]
pub struct Function {
    pub name: String,
    pub params: Parameters,
    pub body: FunctionBody,
    /// Default values, evaluated at definition (as Python does), by parameter name.
    pub defaults: HashMap<String, Value>,
    /// Names of the enclosing function's locals at definition time (closures read them).
    pub closure: HashMap<String, Value>,
    pub source: Rc<Source>,
}

#[derive(Debug)]
pub enum FunctionBody {
    Block(Vec<Stmt>),
    Lambda(Box<ruff_python_ast::Expr>),
}

/// A module (`import math`): its name and attributes.
#[derive(Debug)]
pub struct Module {
    pub name: String,
    pub attrs: HashMap<String, Value>,
}

/// An exception instance (`ValueError("x")`, or what `except E as e` binds).
#[derive(Debug, Clone, PartialEq)]
pub struct ExcValue(pub PyErr);

#[derive(Clone)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Rc<Vec<Value>>),
    Dict(Rc<RefCell<Dict>>),
    Range(i64, i64, i64),
    Function(Rc<Function>),
    Native(&'static str, NativeFn),
    Module(Rc<Module>),
    Object(Rc<dyn Object>),
    /// `obj.method` before the call.
    BoundMethod(Box<Value>, Rc<str>),
    /// An exception class (`ValueError`), callable to make an instance.
    ExcClass(ExcType),
    Exception(Rc<ExcValue>),
}

/// Python's `repr` (what tests and error messages show). Written by hand rather than derived:
/// the derived form reached every object type and the whole Python AST (function bodies).
impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.repr())
    }
}

impl Value {
    pub fn str(s: impl Into<Rc<str>>) -> Value {
        Value::Str(s.into())
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(items)))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(items))
    }

    pub fn dict(d: Dict) -> Value {
        Value::Dict(Rc::new(RefCell::new(d)))
    }

    pub fn object(o: impl Object + 'static) -> Value {
        Value::Object(Rc::new(o))
    }

    /// `type(x).__name__`.
    pub fn type_name(&self) -> String {
        match self {
            Value::None => "NoneType".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Float(_) => "float".into(),
            Value::Str(_) => "str".into(),
            Value::List(_) => "list".into(),
            Value::Tuple(_) => "tuple".into(),
            Value::Dict(_) => "dict".into(),
            Value::Range(..) => "range".into(),
            Value::Function(_) => "function".into(),
            Value::Native(..) => "builtin_function_or_method".into(),
            Value::Module(_) => "module".into(),
            Value::Object(o) => o.type_name().into(),
            Value::BoundMethod(..) => "method".into(),
            Value::ExcClass(_) => "type".into(),
            Value::Exception(e) => e.0.kind.name().into(),
        }
    }

    pub fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) => !d.borrow().is_empty(),
            Value::Range(a, b, s) => range_len(*a, *b, *s) > 0,
            Value::Object(o) => o.items().is_none_or(|i| !i.is_empty()),
            _ => true,
        }
    }

    /// A number as f64 (bools count as 0/1, as in Python).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Bool(b) => Some(f64::from(u8::from(*b))),
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Bool(b) => Some(i64::from(*b)),
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// `str(x)`.
    pub fn to_str(&self) -> String {
        match self {
            Value::Str(s) => s.to_string(),
            Value::Exception(e) => e.0.message.clone(),
            Value::Object(o) => super::bindings::datetime::to_text(o.as_ref())
                .or_else(|| super::bindings::spark_ml::linalg::to_text(o.as_ref()))
                .or_else(|| super::bindings::serving::sdk_types::to_text(o.as_ref()))
                .unwrap_or_else(|| o.repr()),
            other => other.repr(),
        }
    }

    /// `repr(x)`.
    pub fn repr(&self) -> String {
        match self {
            Value::None => "None".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => float_repr(*f),
            Value::Str(s) => str_repr(s),
            Value::List(l) => {
                let items: Vec<String> = l.borrow().iter().map(Value::repr).collect();
                format!("[{}]", items.join(", "))
            }
            Value::Tuple(t) => {
                let items: Vec<String> = t.iter().map(Value::repr).collect();
                if items.len() == 1 {
                    format!("({},)", items[0])
                } else {
                    format!("({})", items.join(", "))
                }
            }
            Value::Dict(d) => {
                let items: Vec<String> = d
                    .borrow()
                    .iter()
                    .map(|(k, v)| format!("{}: {}", k.repr(), v.repr()))
                    .collect();
                format!("{{{}}}", items.join(", "))
            }
            Value::Range(a, b, s) if *s == 1 => format!("range({a}, {b})"),
            Value::Range(a, b, s) => format!("range({a}, {b}, {s})"),
            Value::Function(f) => format!("<function {}>", f.name),
            Value::Native(name, _) => format!("<built-in function {name}>"),
            Value::Module(m) => format!("<module '{}'>", m.name),
            Value::Object(o) => o.repr(),
            Value::BoundMethod(recv, name) => {
                format!("<bound method {}.{name}>", recv.type_name())
            }
            Value::ExcClass(t) => format!("<class '{}'>", t.qualified_name()),
            Value::Exception(e) => format!("{}({})", e.0.kind.name(), str_repr(&e.0.message)),
        }
    }

    /// The elements when iterating (`for x in v`), or `None` when `v` is not iterable.
    pub fn iter_items(&self) -> Option<Vec<Value>> {
        Some(match self {
            Value::List(l) => l.borrow().clone(),
            Value::Tuple(t) => t.as_ref().clone(),
            Value::Dict(d) => d.borrow().keys(),
            Value::Str(s) => s.chars().map(|c| Value::str(c.to_string())).collect(),
            Value::Range(a, b, s) => range_values(*a, *b, *s).map(Value::Int).collect(),
            Value::Object(o) => return o.items(),
            _ => return None,
        })
    }
}

pub fn range_len(start: i64, stop: i64, step: i64) -> i64 {
    if step > 0 && start < stop {
        (stop - start + step - 1) / step
    } else if step < 0 && start > stop {
        (start - stop - step - 1) / (-step)
    } else {
        0
    }
}

pub fn range_values(start: i64, stop: i64, step: i64) -> impl Iterator<Item = i64> {
    (0..range_len(start, stop, step)).map(move |i| start + i * step)
}

/// Python's `repr` of a float: the shortest text that reads back, positional for exponents
/// from -4 to 15, else scientific (`1e-05`, `1.5e+16`), and a `.0` on whole numbers.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    // Plain notation for decimal exponents -4..=15, decided without formatting twice: a float
    // in [1e-4, 1e16) has its shortest digits' exponent in that range, one outside does not.
    if (1e-4..1e16).contains(&f.abs()) {
        let mut s = format!("{f}");
        if !s.contains('.') {
            s.push_str(".0");
        }
        return s;
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let s = format!("{f}");
        if s.contains('.') {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

/// Python's `repr` of a string: single quotes unless the text has one and no double quote.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// A hashable dictionary key (`True` and `1`, `1.0` and `1` are the same key, as in Python).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    None,
    Int(i64),
    Float(u64),
    Str(Rc<str>),
    Tuple(Vec<Key>),
}

impl Key {
    pub fn from_value(v: &Value) -> Result<Key, PyErr> {
        Ok(match v {
            Value::None => Key::None,
            Value::Bool(b) => Key::Int(i64::from(*b)),
            Value::Int(i) => Key::Int(*i),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Key::Int(*f as i64),
            Value::Float(f) => Key::Float(f.to_bits()),
            Value::Str(s) => Key::Str(s.clone()),
            Value::Tuple(t) => Key::Tuple(t.iter().map(Key::from_value).collect::<Result<_, _>>()?),
            // Tagged so an object never equals a plain string or tuple key.
            Value::Object(o) if o.hash_key().is_some() => Key::Tuple(vec![
                Key::Str("\0object".into()),
                Key::Str(o.hash_key().unwrap_or_default().into()),
            ]),
            other => {
                return Err(type_error(format!(
                    "unhashable type: '{}'",
                    other.type_name()
                )))
            }
        })
    }
}

/// An insertion-ordered dict.
#[derive(Debug, Clone, Default)]
pub struct Dict {
    entries: Vec<(Value, Value)>,
    index: HashMap<Key, usize>,
}

impl Dict {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, key: &Value) -> Result<Option<Value>, PyErr> {
        let k = Key::from_value(key)?;
        Ok(self.index.get(&k).map(|&i| self.entries[i].1.clone()))
    }

    pub fn set(&mut self, key: Value, value: Value) -> Result<(), PyErr> {
        let k = Key::from_value(&key)?;
        match self.index.get(&k) {
            Some(&i) => self.entries[i].1 = value,
            None => {
                self.index.insert(k, self.entries.len());
                self.entries.push((key, value));
            }
        }
        Ok(())
    }

    pub fn remove(&mut self, key: &Value) -> Result<Option<Value>, PyErr> {
        let k = Key::from_value(key)?;
        let Some(i) = self.index.remove(&k) else {
            return Ok(None);
        };
        let (_, v) = self.entries.remove(i);
        for slot in self.index.values_mut() {
            if *slot > i {
                *slot -= 1;
            }
        }
        Ok(Some(v))
    }

    pub fn iter(&self) -> impl Iterator<Item = &(Value, Value)> {
        self.entries.iter()
    }

    pub fn keys(&self) -> Vec<Value> {
        self.entries.iter().map(|(k, _)| k.clone()).collect()
    }

    pub fn values(&self) -> Vec<Value> {
        self.entries.iter().map(|(_, v)| v.clone()).collect()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.index.clear();
    }

    /// A dict with string keys.
    pub fn from_pairs<S: Into<Rc<str>>>(pairs: impl IntoIterator<Item = (S, Value)>) -> Dict {
        let mut d = Dict::new();
        for (k, v) in pairs {
            // String keys are always hashable.
            let _ = d.set(Value::Str(k.into()), v);
        }
        d
    }
}

/// `a == b` for values.
pub fn equals(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            Rc::ptr_eq(x, y) || list_equals(&x.borrow(), &y.borrow())
        }
        (Value::Tuple(x), Value::Tuple(y)) => list_equals(x, y),
        (Value::Dict(x), Value::Dict(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.get(k)
                        .ok()
                        .flatten()
                        .is_some_and(|other| equals(v, &other))
                })
        }
        (Value::Range(a, b, c), Value::Range(d, e, f)) => (a, b, c) == (d, e, f),
        (Value::ExcClass(x), Value::ExcClass(y)) => x == y,
        (Value::Object(x), y) if x.compare_to(y).is_some() => {
            x.compare_to(y) == Some(std::cmp::Ordering::Equal)
        }
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        (Value::Module(x), Value::Module(y)) => Rc::ptr_eq(x, y),
        (Value::Function(x), Value::Function(y)) => Rc::ptr_eq(x, y),
        _ => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

fn list_equals(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equals(x, y))
}

/// `a is b`: identity for shared values, equality for the singletons and small immutables.
pub fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::List(x), Value::List(y)) => Rc::ptr_eq(x, y),
        (Value::Dict(x), Value::Dict(y)) => Rc::ptr_eq(x, y),
        (Value::Tuple(x), Value::Tuple(y)) => Rc::ptr_eq(x, y),
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y) || x == y,
        (Value::ExcClass(x), Value::ExcClass(y)) => x == y,
        _ => false,
    }
}

/// Raises `ExcType` for a missing dict key: `KeyError: 'name'`.
pub fn key_error(key: &Value) -> PyErr {
    PyErr::new(ExcType::KeyError, key.repr())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_match_python() {
        assert_eq!(float_repr(1.0), "1.0");
        assert_eq!(float_repr(0.1), "0.1");
        assert_eq!(float_repr(1e-5), "1e-05");
        assert_eq!(float_repr(1.5e16), "1.5e+16");
        assert_eq!(float_repr(123456789.125), "123456789.125");
        assert_eq!(float_repr(-2.5e-7), "-2.5e-07");
        // Both sides of the plain-notation range.
        assert_eq!(float_repr(1e-4), "0.0001");
        assert_eq!(float_repr(-9.99e-5), "-9.99e-05");
        assert_eq!(float_repr(1e15), "1000000000000000.0");
        assert_eq!(float_repr(9999999999999998.0), "9999999999999998.0");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a\nb"), "'a\\nb'");
        assert_eq!(Value::tuple(vec![Value::Int(1)]).repr(), "(1,)");
    }

    #[test]
    fn dict_keys_follow_python_equality() {
        let mut d = Dict::new();
        d.set(Value::Int(1), Value::str("a")).unwrap();
        d.set(Value::Bool(true), Value::str("b")).unwrap();
        d.set(Value::Float(1.0), Value::str("c")).unwrap();
        assert_eq!(d.len(), 1);
        assert!(d.set(Value::list(vec![]), Value::None).is_err());
        d.set(Value::str("z"), Value::None).unwrap();
        d.remove(&Value::Int(1)).unwrap();
        assert_eq!(d.keys().len(), 1);
        assert!(d.get(&Value::str("z")).unwrap().is_some());
    }
}
