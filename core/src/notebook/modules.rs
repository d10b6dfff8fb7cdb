//! `import`: the modules a cell can use. Lakelab's own bindings live in `bindings/`; the
//! standard-library pieces the exam material uses (`math`, `json`, `random`) are here. Modules
//! the exam uses whose engines have not landed yet (pandas, pyspark, the feature store, …)
//! import, and any use of them raises `NotImplementedError` naming what was used.

use std::any::Any;
use std::rc::Rc;

use super::bindings;
use super::error::{not_implemented, type_error, value_error, ExcType, PyErr};
use super::interp::Interp;
use super::value::{float_repr, Args, Dict, Module, NativeFn, Object, Value};
use crate::rng::SeededRng;

/// Modules that import but whose features arrive with later engines.
const LATER: &[(&str, &str)] = &[
    (
        "numpy",
        "numpy arrives with Lakelab's model-development tools",
    ),
    (
        "matplotlib",
        "figures arrive with Lakelab's plotting support",
    ),
];

pub fn module(name: &str, attrs: Vec<(&str, Value)>) -> Value {
    Value::Module(Rc::new(Module {
        name: name.to_string(),
        attrs: attrs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
    }))
}

fn natives(name: &str, fns: &[(&'static str, NativeFn)], mut extra: Vec<(&str, Value)>) -> Value {
    extra.extend(fns.iter().map(|(n, f)| (*n, Value::Native(n, *f))));
    module(name, extra)
}

/// `import name` (dotted names import the whole path).
pub fn import(interp: &mut Interp, name: &str) -> Result<Value, PyErr> {
    if let Some(m) = bindings::import(interp, name) {
        return Ok(m);
    }
    match name {
        "math" => Ok(natives(
            "math",
            MATH,
            vec![
                ("pi", Value::Float(std::f64::consts::PI)),
                ("e", Value::Float(std::f64::consts::E)),
                ("inf", Value::Float(f64::INFINITY)),
                ("nan", Value::Float(f64::NAN)),
            ],
        )),
        "json" => Ok(natives(
            "json",
            &[("dumps", json_dumps), ("loads", json_loads)],
            vec![],
        )),
        "random" => Ok(natives("random", RANDOM, vec![])),
        _ => {
            let top = name.split('.').next().unwrap_or(name);
            if let Some((_, why)) = LATER.iter().find(|(m, _)| *m == top) {
                return Ok(Value::object(Later {
                    path: name.to_string(),
                    why,
                }));
            }
            Err(PyErr::new(
                ExcType::ModuleNotFoundError,
                format!("No module named '{name}'"),
            )
            .with_note(
                "Lakelab's notebooks provide mlflow, pandas, pyspark, matplotlib, hyperopt, \
                 datetime, os, math, json and random, and the Databricks clients \
                 (databricks.feature_engineering, databricks.feature_store, \
                 databricks.automl, databricks.sdk, mlflow.deployments, requests) and dlt \
                 (pyspark.pipelines); others arrive with their engines.",
            ))
        }
    }
}

/// `from module import name`.
pub fn import_name(
    interp: &mut Interp,
    module_name: &str,
    module: &Value,
    name: &str,
) -> Result<Value, PyErr> {
    match super::ops::get_attr(interp, module, name) {
        Ok(v) => Ok(v),
        Err(_) => match import(interp, &format!("{module_name}.{name}")) {
            Ok(sub) => Ok(sub),
            Err(_) => Err(PyErr::new(
                ExcType::ImportError,
                format!("cannot import name '{name}' from '{module_name}'"),
            )),
        },
    }
}

/// Anything under a module that arrives later: attributes chain, anything else raises
/// `NotImplementedError` naming the dotted path the cell used.
#[derive(Debug)]
pub struct Later {
    path: String,
    why: &'static str,
}

impl Later {
    fn refuse(&self) -> PyErr {
        not_implemented(format!(
            "{} is not available yet in Lakelab: {}",
            self.path, self.why
        ))
    }
}

impl Object for Later {
    fn type_name(&self) -> &str {
        "module"
    }
    fn get_attr(&self, _interp: &mut Interp, name: &str) -> Option<Value> {
        Some(Value::object(Later {
            path: format!("{}.{name}", self.path),
            why: self.why,
        }))
    }
    fn call(self: Rc<Self>, _interp: &mut Interp, _args: Args) -> Result<Value, PyErr> {
        Err(self.refuse())
    }
    fn get_item(&self, _interp: &mut Interp, _key: &Value) -> Result<Value, PyErr> {
        Err(self.refuse())
    }
    fn repr(&self) -> String {
        format!("<module '{}' (not available yet)>", self.path)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ---- math ---------------------------------------------------------------------------------

fn number(args: &Args, i: usize, func: &str) -> Result<f64, PyErr> {
    let v = args.positional.get(i).ok_or_else(|| {
        type_error(format!(
            "math.{func}() missing required argument (pos {})",
            i + 1
        ))
    })?;
    v.as_f64()
        .ok_or_else(|| type_error(format!("must be real number, not {}", v.type_name())))
}

fn domain() -> PyErr {
    value_error("math domain error")
}

macro_rules! unary_math {
    ($name:ident, $py:literal, $body:expr) => {
        fn $name(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
            let x = number(&args, 0, $py)?;
            let f: fn(f64) -> Result<Value, PyErr> = $body;
            f(x)
        }
    };
}

unary_math!(m_sqrt, "sqrt", |x| if x < 0.0 {
    Err(domain())
} else {
    Ok(Value::Float(x.sqrt()))
});
unary_math!(m_exp, "exp", |x| Ok(Value::Float(x.exp())));
unary_math!(m_log10, "log10", |x| if x <= 0.0 {
    Err(domain())
} else {
    Ok(Value::Float(x.log10()))
});
unary_math!(m_log2, "log2", |x| if x <= 0.0 {
    Err(domain())
} else {
    Ok(Value::Float(x.log2()))
});
unary_math!(m_log1p, "log1p", |x| if x <= -1.0 {
    Err(domain())
} else {
    Ok(Value::Float(x.ln_1p()))
});
unary_math!(m_fabs, "fabs", |x| Ok(Value::Float(x.abs())));
unary_math!(m_isnan, "isnan", |x| Ok(Value::Bool(x.is_nan())));
unary_math!(m_isinf, "isinf", |x| Ok(Value::Bool(x.is_infinite())));
unary_math!(m_floor, "floor", |x| Ok(Value::Int(x.floor() as i64)));
unary_math!(m_ceil, "ceil", |x| Ok(Value::Int(x.ceil() as i64)));

fn m_log(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let x = number(&args, 0, "log")?;
    if x <= 0.0 {
        return Err(domain());
    }
    match args.positional.get(1) {
        None => Ok(Value::Float(x.ln())),
        Some(_) => {
            let base = number(&args, 1, "log")?;
            if base <= 0.0 || base == 1.0 {
                return Err(domain());
            }
            Ok(Value::Float(x.ln() / base.ln()))
        }
    }
}

fn m_pow(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Ok(Value::Float(
        number(&args, 0, "pow")?.powf(number(&args, 1, "pow")?),
    ))
}

const MATH: &[(&str, NativeFn)] = &[
    ("sqrt", m_sqrt),
    ("exp", m_exp),
    ("log", m_log),
    ("log10", m_log10),
    ("log2", m_log2),
    ("log1p", m_log1p),
    ("fabs", m_fabs),
    ("isnan", m_isnan),
    ("isinf", m_isinf),
    ("floor", m_floor),
    ("ceil", m_ceil),
    ("pow", m_pow),
];

// ---- json ---------------------------------------------------------------------------------

pub fn json_text(
    v: &Value,
    indent: Option<usize>,
    sort: bool,
    depth: usize,
) -> Result<String, PyErr> {
    let (nl, pad, pad_in, sep) = match indent {
        Some(n) => (
            "\n",
            " ".repeat(n * depth),
            " ".repeat(n * (depth + 1)),
            ",",
        ),
        None => ("", String::new(), String::new(), ", "),
    };
    Ok(match v {
        Value::None => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) if f.is_nan() => "NaN".into(),
        Value::Float(f) if f.is_infinite() => {
            if *f > 0.0 { "Infinity" } else { "-Infinity" }.into()
        }
        Value::Float(f) => float_repr(*f),
        Value::Str(s) => serde_json::to_string(s.as_ref()).unwrap_or_default(),
        Value::List(_) | Value::Tuple(_) => {
            let items = v.iter_items().unwrap_or_default();
            if items.is_empty() {
                return Ok("[]".into());
            }
            let parts: Vec<String> = items
                .iter()
                .map(|x| json_text(x, indent, sort, depth + 1).map(|t| format!("{pad_in}{t}")))
                .collect::<Result<_, _>>()?;
            format!("[{nl}{}{nl}{pad}]", parts.join(&format!("{sep}{nl}")))
        }
        Value::Dict(d) => {
            let mut pairs: Vec<(String, Value)> = Vec::new();
            for (k, val) in d.borrow().iter() {
                let key = match k {
                    Value::Str(s) => s.to_string(),
                    Value::None => "null".into(),
                    Value::Bool(b) => b.to_string(),
                    Value::Int(i) => i.to_string(),
                    Value::Float(f) => float_repr(*f),
                    other => {
                        return Err(type_error(format!(
                            "keys must be str, int, float, bool or None, not {}",
                            other.type_name()
                        )))
                    }
                };
                pairs.push((key, val.clone()));
            }
            if sort {
                crate::sorting::sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
            }
            if pairs.is_empty() {
                return Ok("{}".into());
            }
            let parts: Vec<String> = pairs
                .iter()
                .map(|(k, x)| {
                    json_text(x, indent, sort, depth + 1).map(|t| {
                        format!(
                            "{pad_in}{}: {t}",
                            serde_json::to_string(k).unwrap_or_default()
                        )
                    })
                })
                .collect::<Result<_, _>>()?;
            format!("{{{nl}{}{nl}{pad}}}", parts.join(&format!("{sep}{nl}")))
        }
        other => {
            return Err(type_error(format!(
                "Object of type {} is not JSON serializable",
                other.type_name()
            )))
        }
    })
}

fn json_dumps(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let Some(obj) = args.positional.first() else {
        return Err(type_error(
            "dumps() missing 1 required positional argument: 'obj'",
        ));
    };
    let mut indent = None;
    let mut sort = false;
    for (k, v) in &args.keywords {
        match k.as_str() {
            "indent" => indent = v.as_int().map(|i| i.max(0) as usize),
            "sort_keys" => sort = v.truthy(),
            "default" | "ensure_ascii" => {}
            other => {
                return Err(type_error(format!(
                    "dumps() got an unexpected keyword argument '{other}'"
                )))
            }
        }
    }
    Ok(Value::str(json_text(obj, indent, sort, 0)?))
}

/// A JSON value as a Python value.
pub fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::None,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::str(s.as_str()),
        serde_json::Value::Array(a) => Value::list(a.iter().map(from_json).collect()),
        serde_json::Value::Object(o) => Value::dict(Dict::from_pairs(
            o.iter().map(|(k, v)| (k.as_str(), from_json(v))),
        )),
    }
}

fn json_loads(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let Some(Value::Str(s)) = args.positional.first() else {
        return Err(type_error("the JSON object must be str"));
    };
    serde_json::from_str::<serde_json::Value>(s)
        .map(|v| from_json(&v))
        .map_err(|e| {
            PyErr::new(
                ExcType::ValueError,
                format!("{e} (json.decoder.JSONDecodeError)"),
            )
        })
}

// ---- random -------------------------------------------------------------------------------

fn r_seed(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let seed = match args.positional.first() {
        Some(v) if v.as_int().is_some() => v.as_int().unwrap_or(0) as u64,
        Some(v) => u64::from(crate::crc32::hash(v.repr().as_bytes())),
        None => 0,
    };
    interp.session.rng = SeededRng::new(seed);
    Ok(Value::None)
}

fn r_random(interp: &mut Interp, _: Args) -> Result<Value, PyErr> {
    Ok(Value::Float(interp.session.rng.unit()))
}

fn r_uniform(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let a = number(&args, 0, "uniform")?;
    let b = number(&args, 1, "uniform")?;
    Ok(Value::Float(a + (b - a) * interp.session.rng.unit()))
}

fn r_randint(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let (Some(a), Some(b)) = (
        args.positional.first().and_then(Value::as_int),
        args.positional.get(1).and_then(Value::as_int),
    ) else {
        return Err(type_error("randint() takes two integers"));
    };
    if b < a {
        return Err(value_error(format!(
            "empty range in randrange({a}, {})",
            b + 1
        )));
    }
    let span = (b - a + 1) as f64;
    Ok(Value::Int(a + (interp.session.rng.unit() * span) as i64))
}

fn r_choice(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let items = args
        .positional
        .first()
        .and_then(Value::iter_items)
        .ok_or_else(|| type_error("choice() takes a sequence"))?;
    if items.is_empty() {
        return Err(PyErr::new(
            ExcType::IndexError,
            "Cannot choose from an empty sequence",
        ));
    }
    let i = (interp.session.rng.unit() * items.len() as f64) as usize;
    Ok(items[i.min(items.len() - 1)].clone())
}

fn r_shuffle(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let Some(Value::List(l)) = args.positional.first() else {
        return Err(type_error("shuffle() takes a list"));
    };
    let mut items = l.borrow_mut();
    for i in (1..items.len()).rev() {
        let j = (interp.session.rng.unit() * (i + 1) as f64) as usize;
        items.swap(i, j.min(i));
    }
    Ok(Value::None)
}

fn r_sample(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let mut items = args
        .positional
        .first()
        .and_then(Value::iter_items)
        .ok_or_else(|| type_error("sample() takes a sequence"))?;
    let k = args
        .positional
        .get(1)
        .or_else(|| args.keywords.iter().find(|(k, _)| k == "k").map(|(_, v)| v))
        .and_then(Value::as_int)
        .ok_or_else(|| type_error("sample() missing required argument 'k'"))?;
    if k < 0 || k as usize > items.len() {
        return Err(value_error("Sample larger than population or is negative"));
    }
    let mut out = Vec::with_capacity(k as usize);
    for _ in 0..k {
        let i = (interp.session.rng.unit() * items.len() as f64) as usize;
        out.push(items.remove(i.min(items.len() - 1)));
    }
    Ok(Value::list(out))
}

const RANDOM: &[(&str, NativeFn)] = &[
    ("seed", r_seed),
    ("random", r_random),
    ("uniform", r_uniform),
    ("randint", r_randint),
    ("choice", r_choice),
    ("shuffle", r_shuffle),
    ("sample", r_sample),
];
