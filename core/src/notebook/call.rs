//! Calling values, and binding arguments to parameters with Python's rules and messages —
//! for functions defined in cells and for the bound APIs ([`Sig`]), whose `TypeError`s carry
//! the real signature as a note.

use std::collections::HashMap;
use std::rc::Rc;

use super::error::{type_error, PyErr};
use super::interp::Interp;
use super::methods;
use super::value::{Args, Dict, Function, Value};

impl Interp<'_> {
    /// `func(*args)`.
    pub fn call_value(&mut self, func: &Value, args: Args) -> Result<Value, PyErr> {
        self.tick()?;
        match func {
            Value::Function(f) => self.call_function(f, args),
            Value::Native(_, f) => f(self, args),
            Value::Object(o) => o.clone().call(self, args),
            Value::BoundMethod(recv, name) => match recv.as_ref() {
                Value::Object(o) => o.clone().call_method(self, name, args),
                other => methods::call_method(self, other, name, args),
            },
            Value::ExcClass(kind) => {
                let message = match args.positional.first() {
                    None => String::new(),
                    Some(v) if *kind == super::error::ExcType::KeyError => v.repr(),
                    Some(v) => v.to_str(),
                };
                Ok(Value::Exception(Rc::new(super::value::ExcValue(
                    PyErr::new(kind.clone(), message),
                ))))
            }
            other => Err(type_error(format!(
                "'{}' object is not callable",
                other.type_name()
            ))),
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `'a', 'b' and 'c'`, as Python lists missing arguments.
fn and_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// Python's `f() missing 2 required positional arguments: 'a' and 'b'`.
fn missing_message(func: &str, kind: &str, missing: &[String]) -> String {
    format!(
        "{func}() missing {} required {kind} {}: {}",
        missing.len(),
        if missing.len() == 1 {
            "argument"
        } else {
            "arguments"
        },
        and_list(missing)
    )
}

/// Binds a call's arguments to a cell-defined function's parameters.
pub fn bind_python(f: &Function, args: Args) -> Result<HashMap<String, Value>, PyErr> {
    let p = &f.params;
    let positional_names: Vec<String> = p
        .posonlyargs
        .iter()
        .chain(&p.args)
        .map(|a| a.parameter.name.as_str().to_string())
        .collect();
    let kwonly: Vec<String> = p
        .kwonlyargs
        .iter()
        .map(|a| a.parameter.name.as_str().to_string())
        .collect();
    let mut locals = HashMap::new();
    let Args {
        positional,
        keywords,
    } = args;
    let given = positional.len();
    let mut extra = Vec::new();
    for (i, v) in positional.into_iter().enumerate() {
        match positional_names.get(i) {
            Some(name) => {
                locals.insert(name.clone(), v);
            }
            None => extra.push(v),
        }
    }
    if !extra.is_empty() {
        match &p.vararg {
            Some(va) => {
                locals.insert(va.name.as_str().to_string(), Value::tuple(extra));
            }
            None => {
                let required = p
                    .posonlyargs
                    .iter()
                    .chain(&p.args)
                    .filter(|a| a.default.is_none())
                    .count();
                let takes = if required == positional_names.len() {
                    plural(required, "positional argument")
                } else {
                    format!(
                        "from {required} to {} positional arguments",
                        positional_names.len()
                    )
                };
                let were = if given == 1 { "was" } else { "were" };
                return Err(type_error(format!(
                    "{}() takes {takes} but {given} {were} given",
                    f.name
                )));
            }
        }
    } else if let Some(va) = &p.vararg {
        locals.insert(va.name.as_str().to_string(), Value::tuple(Vec::new()));
    }
    let mut kwargs = Dict::new();
    for (name, v) in keywords {
        let known = positional_names.contains(&name) || kwonly.contains(&name);
        if known {
            if locals.contains_key(&name) {
                return Err(type_error(format!(
                    "{}() got multiple values for argument '{name}'",
                    f.name
                )));
            }
            locals.insert(name, v);
        } else if p.kwarg.is_some() {
            kwargs.set(Value::str(name), v)?;
        } else {
            return Err(type_error(format!(
                "{}() got an unexpected keyword argument '{name}'",
                f.name
            )));
        }
    }
    if let Some(kw) = &p.kwarg {
        locals.insert(kw.name.as_str().to_string(), Value::dict(kwargs));
    }
    let mut missing = Vec::new();
    for name in positional_names.iter().chain(&kwonly) {
        if !locals.contains_key(name) {
            match f.defaults.get(name) {
                Some(d) => {
                    locals.insert(name.clone(), d.clone());
                }
                None => missing.push(name.clone()),
            }
        }
    }
    if !missing.is_empty() {
        let kind = if kwonly.contains(&missing[0]) {
            "keyword-only"
        } else {
            "positional"
        };
        return Err(type_error(missing_message(&f.name, kind, &missing)));
    }
    Ok(locals)
}

/// A bound API's signature: its Python name and parameters, for argument checking.
pub struct Sig {
    /// `log_metric`, or `MlflowClient.log_metric` for a method.
    pub name: &'static str,
    /// Parameter names in order; a leading `*` marks keyword-only ones (after a bare `*`),
    /// a trailing `=` marks optional ones. Example: `["key", "value", "step=", "*", "run_id="]`.
    pub params: &'static [&'static str],
    /// A method counts `self` in positional-argument messages, as Python does.
    pub is_method: bool,
    /// The signature as the docs show it, added as a note to `TypeError`s.
    pub display: &'static str,
}

/// Arguments bound by a [`Sig`]: by parameter name, `None` when an optional one was not given.
pub struct Bound {
    values: HashMap<&'static str, Value>,
}

impl Bound {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name).filter(|v| !matches!(v, Value::None))
    }

    /// The argument, or Python `None` when it was not given.
    pub fn value(&self, name: &str) -> Value {
        self.values.get(name).cloned().unwrap_or(Value::None)
    }

    pub fn given(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }
}

impl Sig {
    fn err(&self, message: String) -> PyErr {
        type_error(message).with_note(format!("The signature is {}", self.display))
    }

    /// Binds `args` to the parameters, raising Python's `TypeError`s.
    pub fn bind(&self, args: Args) -> Result<Bound, PyErr> {
        let mut positional_params = Vec::new();
        let mut keyword_params = Vec::new();
        let mut kw_only = false;
        for p in self.params {
            if *p == "*" {
                kw_only = true;
                continue;
            }
            let (name, optional) = match p.strip_suffix('=') {
                Some(n) => (n, true),
                None => (*p, false),
            };
            if kw_only {
                keyword_params.push((name, optional));
            } else {
                positional_params.push((name, optional));
            }
        }
        let selfs = usize::from(self.is_method);
        let mut values: HashMap<&'static str, Value> = HashMap::new();
        let given = args.positional.len();
        if given > positional_params.len() {
            let required = positional_params.iter().filter(|(_, o)| !o).count() + selfs;
            let total = positional_params.len() + selfs;
            let takes = if required == total {
                plural(total, "positional argument")
            } else {
                format!("from {required} to {total} positional arguments")
            };
            let n = given + selfs;
            let were = if n == 1 { "was" } else { "were" };
            return Err(self.err(format!(
                "{}() takes {takes} but {n} {were} given",
                self.name
            )));
        }
        for ((name, _), v) in positional_params.iter().zip(args.positional) {
            values.insert(name, v);
        }
        for (name, v) in args.keywords {
            let Some(param) = positional_params
                .iter()
                .chain(&keyword_params)
                .map(|(n, _)| *n)
                .find(|n| *n == name)
            else {
                return Err(self.err(format!(
                    "{}() got an unexpected keyword argument '{name}'",
                    self.name
                )));
            };
            if values.contains_key(param) {
                return Err(self.err(format!(
                    "{}() got multiple values for argument '{name}'",
                    self.name
                )));
            }
            values.insert(param, v);
        }
        for (params, kind) in [
            (&positional_params, "positional"),
            (&keyword_params, "keyword-only"),
        ] {
            let missing: Vec<String> = params
                .iter()
                .filter(|(n, optional)| !optional && !values.contains_key(n))
                .map(|(n, _)| n.to_string())
                .collect();
            if !missing.is_empty() {
                return Err(self.err(missing_message(self.name, kind, &missing)));
            }
        }
        Ok(Bound { values })
    }
}
