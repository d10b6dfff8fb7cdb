//! Python's builtin functions that the exam material uses.

use super::error::{type_error, value_error, ExcType, PyErr};
use super::interp::Interp;
use super::methods::sort_values;
use super::ops;
use super::value::{Args, Dict, NativeFn, Value};

const BUILTINS: &[(&str, NativeFn)] = &[
    ("print", print),
    ("display", display),
    ("len", len),
    ("range", range),
    ("sorted", sorted),
    ("reversed", reversed),
    ("enumerate", enumerate),
    ("zip", zip),
    ("round", round),
    ("min", min),
    ("max", max),
    ("sum", sum),
    ("abs", abs),
    ("str", str_),
    ("int", int),
    ("float", float),
    ("bool", bool_),
    ("list", list),
    ("tuple", tuple),
    ("dict", dict),
    ("repr", repr),
    ("isinstance", isinstance),
    ("type", type_of),
    ("any", any),
    ("all", all),
    ("map", map),
    ("filter", filter),
    ("hasattr", hasattr),
    ("getattr", getattr),
    ("format", format),
    ("open", super::bindings::files::open),
    ("super", super::classes::super_builtin),
    ("setattr", setattr),
];

/// A builtin by name (functions and exception classes), and the globals every Databricks
/// notebook has (`dbutils`).
pub fn lookup(name: &str) -> Option<Value> {
    if name == "dbutils" {
        return Some(super::bindings::dbutils::value());
    }
    if name == "spark" {
        return Some(super::bindings::spark::session_value());
    }
    if name == "object" {
        return Some(super::classes::Class::object());
    }
    if let Some((n, f)) = BUILTINS.iter().find(|(n, _)| *n == name) {
        return Some(Value::Native(n, *f));
    }
    ExcType::by_name(name).map(Value::ExcClass)
}

fn exactly(args: &Args, name: &str, n: usize) -> Result<(), PyErr> {
    if let Some((k, _)) = args.keywords.first() {
        return Err(type_error(format!(
            "{name}() takes no keyword arguments (got '{k}')"
        )));
    }
    if args.positional.len() != n {
        return Err(type_error(format!(
            "{name}() takes exactly {n} argument{} ({} given)",
            if n == 1 { "" } else { "s" },
            args.positional.len()
        )));
    }
    Ok(())
}

fn kw<'a>(args: &'a Args, name: &str) -> Option<&'a Value> {
    args.keywords
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn only_keywords(args: &Args, func: &str, allowed: &[&str]) -> Result<(), PyErr> {
    match args
        .keywords
        .iter()
        .find(|(k, _)| !allowed.contains(&k.as_str()))
    {
        Some((k, _)) => Err(type_error(format!(
            "{func}() got an unexpected keyword argument '{k}'"
        ))),
        None => Ok(()),
    }
}

fn print(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    only_keywords(&args, "print", &["sep", "end", "file", "flush"])?;
    let sep = match kw(&args, "sep") {
        Some(Value::None) | None => " ".to_string(),
        Some(v) => v.to_str(),
    };
    let end = match kw(&args, "end") {
        Some(Value::None) | None => "\n".to_string(),
        Some(v) => v.to_str(),
    };
    let parts: Vec<String> = args.positional.iter().map(Value::to_str).collect();
    interp.print(&format!("{}{end}", parts.join(&sep)));
    Ok(Value::None)
}

fn display(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    for v in &args.positional {
        interp.show_value(v);
    }
    Ok(Value::None)
}

fn len(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    exactly(&args, "len", 1)?;
    let v = &args.positional[0];
    let n = match v {
        Value::Str(s) => s.chars().count(),
        Value::Dict(d) => d.borrow().len(),
        Value::Range(a, b, s) => super::value::range_len(*a, *b, *s) as usize,
        Value::Object(o) => o.py_len().ok_or_else(|| {
            type_error(format!("object of type '{}' has no len()", o.type_name()))
        })?,
        other => other
            .iter_items()
            .ok_or_else(|| {
                type_error(format!(
                    "object of type '{}' has no len()",
                    other.type_name()
                ))
            })?
            .len(),
    };
    Ok(Value::Int(n as i64))
}

fn int_arg(v: &Value, _func: &str) -> Result<i64, PyErr> {
    v.as_int().ok_or_else(|| {
        type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.type_name()
        ))
    })
}

fn range(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    only_keywords(&args, "range", &[])?;
    let a: Vec<i64> = args
        .positional
        .iter()
        .map(|v| int_arg(v, "range"))
        .collect::<Result<_, _>>()?;
    let (start, stop, step) = match a.as_slice() {
        [stop] => (0, *stop, 1),
        [start, stop] => (*start, *stop, 1),
        [start, stop, step] => (*start, *stop, *step),
        _ => {
            return Err(type_error(format!(
                "range expected at most 3 arguments, got {}",
                a.len()
            )))
        }
    };
    if step == 0 {
        return Err(value_error("range() arg 3 must not be zero"));
    }
    Ok(Value::Range(start, stop, step))
}

fn iterable(interp: &mut Interp, v: &Value) -> Result<Vec<Value>, PyErr> {
    interp.iterate(v)
}

fn sorted(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    only_keywords(&args, "sorted", &["key", "reverse"])?;
    if args.positional.len() != 1 {
        return Err(type_error(format!(
            "sorted expected 1 argument, got {}",
            args.positional.len()
        )));
    }
    let items = iterable(interp, &args.positional[0])?;
    let key = kw(&args, "key").cloned().unwrap_or(Value::None);
    let reverse = kw(&args, "reverse").is_some_and(Value::truthy);
    Ok(Value::list(sort_values(interp, items, &key, reverse)?))
}

fn reversed(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    exactly(&args, "reversed", 1)?;
    let mut items = iterable(interp, &args.positional[0])?;
    items.reverse();
    Ok(Value::list(items))
}

fn enumerate(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    only_keywords(&args, "enumerate", &["start"])?;
    let Some(first) = args.positional.first() else {
        return Err(type_error(
            "enumerate() missing required argument 'iterable'",
        ));
    };
    let start = match args.positional.get(1).or_else(|| kw(&args, "start")) {
        Some(v) => int_arg(v, "enumerate")?,
        None => 0,
    };
    let items = iterable(interp, first)?;
    Ok(Value::list(
        items
            .into_iter()
            .enumerate()
            .map(|(i, v)| Value::tuple(vec![Value::Int(start + i as i64), v]))
            .collect(),
    ))
}

fn zip(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    only_keywords(&args, "zip", &["strict"])?;
    let lists: Vec<Vec<Value>> = args
        .positional
        .iter()
        .map(|v| iterable(interp, v))
        .collect::<Result<_, _>>()?;
    let n = lists.iter().map(Vec::len).min().unwrap_or(0);
    Ok(Value::list(
        (0..n)
            .map(|i| Value::tuple(lists.iter().map(|l| l[i].clone()).collect()))
            .collect(),
    ))
}

fn round(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    only_keywords(&args, "round", &["ndigits"])?;
    let Some(x) = args.positional.first() else {
        return Err(type_error(
            "round() missing required argument 'number' (pos 1)",
        ));
    };
    let digits = args.positional.get(1).or_else(|| kw(&args, "ndigits"));
    match (x, digits) {
        (v, None | Some(Value::None)) if v.as_int().is_some() => {
            Ok(Value::Int(v.as_int().unwrap_or(0)))
        }
        (Value::Float(f), None | Some(Value::None)) => {
            // Python rounds half to even.
            let r = f.round();
            let r = if (f - f.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
                r - f.signum()
            } else {
                r
            };
            if !r.is_finite() {
                return Err(PyErr::new(
                    ExcType::OverflowError,
                    "cannot convert float infinity to integer",
                ));
            }
            Ok(Value::Int(r as i64))
        }
        (v, Some(d)) if v.as_f64().is_some() => {
            let d = int_arg(d, "round")?;
            if v.as_int().is_some() && d >= 0 {
                return Ok(v.clone());
            }
            let f = v.as_f64().unwrap_or(0.0);
            // Through the decimal text, as Python's correctly rounded result.
            let text = format!("{f:.*}", d.clamp(0, 300) as usize);
            let r: f64 = if d >= 0 {
                text.parse().unwrap_or(f)
            } else {
                let scale = 10f64.powi((-d) as i32);
                (f / scale).round() * scale
            };
            Ok(Value::Float(r))
        }
        (v, _) => Err(type_error(format!(
            "type {} doesn't define __round__ method",
            v.type_name()
        ))),
    }
}

fn extreme(interp: &mut Interp, args: Args, name: &str, want_max: bool) -> Result<Value, PyErr> {
    only_keywords(&args, name, &["key", "default"])?;
    let items = match args.positional.len() {
        0 => {
            return Err(type_error(format!(
                "{name} expected at least 1 argument, got 0"
            )))
        }
        1 => iterable(interp, &args.positional[0])?,
        _ => args.positional.clone(),
    };
    if items.is_empty() {
        return kw(&args, "default")
            .cloned()
            .ok_or_else(|| value_error(format!("{name}() iterable argument is empty")));
    }
    let key = kw(&args, "key").cloned().unwrap_or(Value::None);
    let mut best: Option<(Value, Value)> = None;
    for item in items {
        let k = match &key {
            Value::None => item.clone(),
            f => interp.call_value(
                f,
                Args {
                    positional: vec![item.clone()],
                    keywords: vec![],
                },
            )?,
        };
        let better = match &best {
            None => true,
            Some((bk, _)) => {
                let o = ops::order(&k, bk, if want_max { ">" } else { "<" })?;
                if want_max {
                    o == std::cmp::Ordering::Greater
                } else {
                    o == std::cmp::Ordering::Less
                }
            }
        };
        if better {
            best = Some((k, item));
        }
    }
    Ok(best.map(|(_, v)| v).unwrap_or(Value::None))
}

fn min(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    extreme(interp, args, "min", false)
}

fn max(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    extreme(interp, args, "max", true)
}

fn sum(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    only_keywords(&args, "sum", &["start"])?;
    let Some(first) = args.positional.first() else {
        return Err(type_error(
            "sum() takes at least 1 positional argument (0 given)",
        ));
    };
    let mut total = args
        .positional
        .get(1)
        .or_else(|| kw(&args, "start"))
        .cloned()
        .unwrap_or(Value::Int(0));
    if matches!(total, Value::Str(_)) {
        return Err(type_error(
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    for item in iterable(interp, first)? {
        total = ops::binary(ruff_python_ast::Operator::Add, &total, &item)?;
    }
    Ok(total)
}

fn abs(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    exactly(&args, "abs", 1)?;
    match &args.positional[0] {
        Value::Float(f) => Ok(Value::Float(f.abs())),
        v if v.as_int().is_some() => Ok(Value::Int(v.as_int().unwrap_or(0).abs())),
        v => Err(type_error(format!(
            "bad operand type for abs(): '{}'",
            v.type_name()
        ))),
    }
}

fn str_(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    only_keywords(&args, "str", &[])?;
    Ok(Value::str(
        args.positional
            .first()
            .map(Value::to_str)
            .unwrap_or_default(),
    ))
}

fn int(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    only_keywords(&args, "int", &[])?;
    match args.positional.first() {
        None => Ok(Value::Int(0)),
        Some(Value::Float(f)) => {
            if !f.is_finite() {
                return Err(value_error(format!(
                    "cannot convert float {} to integer",
                    super::value::float_repr(*f)
                )));
            }
            Ok(Value::Int(f.trunc() as i64))
        }
        Some(Value::Str(s)) => s
            .trim()
            .replace('_', "")
            .parse::<i64>()
            .map(Value::Int)
            .map_err(|_| {
                value_error(format!(
                    "invalid literal for int() with base 10: {}",
                    super::value::str_repr(s)
                ))
            }),
        Some(v) if v.as_int().is_some() => Ok(Value::Int(v.as_int().unwrap_or(0))),
        Some(v) => Err(type_error(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            v.type_name()
        ))),
    }
}

fn float(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    only_keywords(&args, "float", &[])?;
    match args.positional.first() {
        None => Ok(Value::Float(0.0)),
        Some(Value::Str(s)) => {
            let t = s.trim().to_ascii_lowercase();
            let parsed = match t.as_str() {
                "nan" | "+nan" | "-nan" => Some(f64::NAN),
                "inf" | "+inf" | "infinity" | "+infinity" => Some(f64::INFINITY),
                "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
                _ => t.replace('_', "").parse::<f64>().ok(),
            };
            parsed.map(Value::Float).ok_or_else(|| {
                value_error(format!(
                    "could not convert string to float: {}",
                    super::value::str_repr(s)
                ))
            })
        }
        Some(v) => v.as_f64().map(Value::Float).ok_or_else(|| {
            type_error(format!(
                "float() argument must be a string or a real number, not '{}'",
                v.type_name()
            ))
        }),
    }
}

fn bool_(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    only_keywords(&args, "bool", &[])?;
    Ok(Value::Bool(
        args.positional.first().is_some_and(Value::truthy),
    ))
}

fn list(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    only_keywords(&args, "list", &[])?;
    match args.positional.first() {
        None => Ok(Value::list(Vec::new())),
        Some(v) => Ok(Value::list(iterable(interp, v)?)),
    }
}

fn tuple(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    only_keywords(&args, "tuple", &[])?;
    match args.positional.first() {
        None => Ok(Value::tuple(Vec::new())),
        Some(v) => Ok(Value::tuple(iterable(interp, v)?)),
    }
}

fn dict(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let mut d = Dict::new();
    if let Some(first) = args.positional.first() {
        match first {
            Value::Dict(o) => d = o.borrow().clone(),
            other => {
                for pair in iterable(interp, other)? {
                    let kv = pair
                        .iter_items()
                        .filter(|kv| kv.len() == 2)
                        .ok_or_else(|| {
                            value_error("dictionary update sequence element has the wrong length")
                        })?;
                    d.set(kv[0].clone(), kv[1].clone())?;
                }
            }
        }
    }
    for (k, v) in args.keywords {
        d.set(Value::str(k), v)?;
    }
    Ok(Value::dict(d))
}

fn repr(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    exactly(&args, "repr", 1)?;
    Ok(Value::str(args.positional[0].repr()))
}

/// `type(x)`: its `__name__` and repr (`<class 'int'>`); equal to the builtin of that name.
#[derive(Debug)]
struct TypeValue(String);

impl super::value::Object for TypeValue {
    fn type_name(&self) -> &str {
        "type"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        (name == "__name__").then(|| Value::str(self.0.as_str()))
    }
    fn compare_to(&self, other: &Value) -> Option<std::cmp::Ordering> {
        let same = match other {
            Value::Native(n, _) => *n == self.0,
            Value::ExcClass(k) => k.name() == self.0,
            Value::Object(o) => o
                .as_any()
                .downcast_ref::<TypeValue>()
                .is_some_and(|t| t.0 == self.0),
            _ => false,
        };
        same.then_some(std::cmp::Ordering::Equal)
    }
    fn repr(&self) -> String {
        format!("<class '{}'>", self.0)
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn type_of(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    exactly(&args, "type", 1)?;
    Ok(Value::object(TypeValue(args.positional[0].type_name())))
}

fn isinstance(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    exactly(&args, "isinstance", 2)?;
    let v = &args.positional[0];
    let classes = match &args.positional[1] {
        Value::Tuple(t) => t.as_ref().clone(),
        single => vec![single.clone()],
    };
    let mut hit = false;
    for c in classes {
        hit |= match c {
            Value::Native(name, _) => {
                let t = v.type_name();
                t == name || (name == "int" && t == "bool")
            }
            Value::ExcClass(kind) => matches!(v, Value::Exception(e) if e.0.kind.is_a(&kind)),
            Value::Object(o) if o.instance_check(v).is_some() => o.instance_check(v) == Some(true),
            other => {
                return Err(type_error(format!(
                    "isinstance() arg 2 must be a type, a tuple of types, or a union (got {})",
                    other.type_name()
                )))
            }
        };
    }
    Ok(Value::Bool(hit))
}

fn any(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    exactly(&args, "any", 1)?;
    Ok(Value::Bool(
        iterable(interp, &args.positional[0])?
            .iter()
            .any(Value::truthy),
    ))
}

fn all(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    exactly(&args, "all", 1)?;
    Ok(Value::Bool(
        iterable(interp, &args.positional[0])?
            .iter()
            .all(Value::truthy),
    ))
}

fn map(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    if args.positional.len() != 2 {
        return Err(not_two("map"));
    }
    let f = args.positional[0].clone();
    let mut out = Vec::new();
    for item in iterable(interp, &args.positional[1])? {
        out.push(interp.call_value(
            &f,
            Args {
                positional: vec![item],
                keywords: vec![],
            },
        )?);
    }
    Ok(Value::list(out))
}

fn not_two(name: &str) -> PyErr {
    super::error::not_implemented(format!(
        "{name}() with other than one function and one iterable"
    ))
}

fn filter(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    if args.positional.len() != 2 {
        return Err(not_two("filter"));
    }
    let f = args.positional[0].clone();
    let mut out = Vec::new();
    for item in iterable(interp, &args.positional[1])? {
        let keep = match &f {
            Value::None => item.truthy(),
            f => interp
                .call_value(
                    f,
                    Args {
                        positional: vec![item.clone()],
                        keywords: vec![],
                    },
                )?
                .truthy(),
        };
        if keep {
            out.push(item);
        }
    }
    Ok(Value::list(out))
}

fn hasattr(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    exactly(&args, "hasattr", 2)?;
    let name = args.positional[1]
        .as_str()
        .ok_or_else(|| type_error("attribute name must be string"))?
        .to_string();
    Ok(Value::Bool(
        ops::get_attr(interp, &args.positional[0], &name).is_ok(),
    ))
}

/// `setattr(obj, name, value)`: on instances and classes defined in cells.
fn setattr(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    exactly(&args, "setattr", 3)?;
    let [obj, name, value] = &args.positional[..] else {
        return Err(type_error("setattr expected 3 arguments"));
    };
    let name = name
        .as_str()
        .ok_or_else(|| type_error("attribute name must be string"))?;
    super::classes::set_attr(obj, name, value.clone()).ok_or_else(|| {
        PyErr::new(
            ExcType::AttributeError,
            format!(
                "'{}' object attribute '{name}' cannot be set in Lakelab",
                obj.type_name()
            ),
        )
    })?;
    Ok(Value::None)
}

fn getattr(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    if !(2..=3).contains(&args.positional.len()) {
        return Err(type_error(format!(
            "getattr expected 2 or 3 arguments, got {}",
            args.positional.len()
        )));
    }
    let name = args.positional[1]
        .as_str()
        .ok_or_else(|| type_error("attribute name must be string"))?
        .to_string();
    match ops::get_attr(interp, &args.positional[0], &name) {
        Ok(v) => Ok(v),
        Err(e) if e.kind == ExcType::AttributeError && args.positional.len() == 3 => {
            Ok(args.positional[2].clone())
        }
        Err(e) => Err(e),
    }
}

fn format(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    if args.positional.is_empty() || args.positional.len() > 2 {
        return Err(type_error("format expected 1 or 2 arguments"));
    }
    let spec = args
        .positional
        .get(1)
        .map(Value::to_str)
        .unwrap_or_default();
    Ok(Value::str(super::format::format_value(
        &args.positional[0],
        &spec,
    )?))
}
