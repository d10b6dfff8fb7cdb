//! Methods of `str`, `list` and `dict`.

use std::rc::Rc;

use super::error::{attribute_error, type_error, value_error, ExcType, PyErr};
use super::format::format_value;
use super::interp::Interp;
use super::ops;
use super::value::{equals, key_error, Args, Value};

const STR_METHODS: &[&str] = &[
    "upper",
    "lower",
    "strip",
    "lstrip",
    "rstrip",
    "split",
    "rsplit",
    "join",
    "replace",
    "startswith",
    "endswith",
    "format",
    "find",
    "count",
    "title",
    "capitalize",
    "isdigit",
    "isalpha",
    "isalnum",
    "zfill",
    "splitlines",
    "index",
];
const LIST_METHODS: &[&str] = &[
    "append", "extend", "insert", "pop", "remove", "index", "count", "sort", "reverse", "copy",
    "clear",
];
const DICT_METHODS: &[&str] = &[
    "keys",
    "values",
    "items",
    "get",
    "pop",
    "update",
    "setdefault",
    "copy",
    "clear",
];
const TUPLE_METHODS: &[&str] = &["index", "count"];

pub fn has_method(v: &Value, name: &str) -> bool {
    let table: &[&str] = match v {
        Value::Str(_) => STR_METHODS,
        Value::List(_) => LIST_METHODS,
        Value::Dict(_) => DICT_METHODS,
        Value::Tuple(_) => TUPLE_METHODS,
        _ => &[],
    };
    table.contains(&name)
}

/// A method's positional and keyword arguments.
type Split = (Vec<Value>, Vec<(String, Value)>);

/// Positional arguments of a builtin method, refusing keywords it does not take.
fn positional(
    args: Args,
    owner: &str,
    name: &str,
    min: usize,
    max: usize,
    keywords: &[&str],
) -> Result<Split, PyErr> {
    if let Some((k, _)) = args
        .keywords
        .iter()
        .find(|(k, _)| !keywords.contains(&k.as_str()))
    {
        return Err(type_error(format!(
            "{owner}.{name}() got an unexpected keyword argument '{k}'"
        )));
    }
    let n = args.positional.len();
    if n < min || n > max {
        let expected = if min == max {
            format!("exactly {min} argument{}", if min == 1 { "" } else { "s" })
        } else if n < min {
            format!("at least {min} argument{}", if min == 1 { "" } else { "s" })
        } else {
            format!("at most {max} argument{}", if max == 1 { "" } else { "s" })
        };
        return Err(type_error(format!(
            "{owner}.{name}() takes {expected} ({n} given)"
        )));
    }
    Ok((args.positional, args.keywords))
}

fn str_arg(v: &Value, what: &str) -> Result<Rc<str>, PyErr> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => Err(type_error(format!(
            "{what} must be str, not {}",
            other.type_name()
        ))),
    }
}

fn keyword<'a>(keywords: &'a [(String, Value)], name: &str) -> Option<&'a Value> {
    keywords.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

pub fn call_method(
    interp: &mut Interp,
    recv: &Value,
    name: &str,
    args: Args,
) -> Result<Value, PyErr> {
    match recv {
        Value::Str(s) => str_method(s, name, args),
        Value::List(_) => list_method(interp, recv, name, args),
        Value::Dict(_) => dict_method(recv, name, args),
        Value::Tuple(t) => {
            let (a, _) = positional(args, "tuple", name, 1, 1, &[])?;
            seq_index_count(t, name, &a[0], "tuple")
        }
        other => Err(attribute_error(&other.type_name(), name)),
    }
}

fn seq_index_count(items: &[Value], name: &str, x: &Value, owner: &str) -> Result<Value, PyErr> {
    if name == "count" {
        return Ok(Value::Int(
            items.iter().filter(|v| equals(v, x)).count() as i64
        ));
    }
    items
        .iter()
        .position(|v| equals(v, x))
        .map(|i| Value::Int(i as i64))
        .ok_or_else(|| value_error(format!("{} is not in {owner}", x.repr())))
}

fn str_method(s: &Rc<str>, name: &str, args: Args) -> Result<Value, PyErr> {
    let text: &str = s;
    Ok(match name {
        "upper" | "lower" | "title" | "capitalize" | "isdigit" | "isalpha" | "isalnum"
        | "splitlines" => {
            positional(args, "str", name, 0, 0, &[])?;
            match name {
                "upper" => Value::str(text.to_uppercase()),
                "lower" => Value::str(text.to_lowercase()),
                "title" => Value::str(title(text)),
                "capitalize" => {
                    let mut c = text.chars();
                    Value::str(match c.next() {
                        Some(f) => f
                            .to_uppercase()
                            .chain(c.flat_map(char::to_lowercase))
                            .collect(),
                        None => String::new(),
                    })
                }
                "isdigit" => {
                    Value::Bool(!text.is_empty() && text.chars().all(|c| c.is_ascii_digit()))
                }
                "isalpha" => Value::Bool(!text.is_empty() && text.chars().all(char::is_alphabetic)),
                "isalnum" => {
                    Value::Bool(!text.is_empty() && text.chars().all(char::is_alphanumeric))
                }
                _ => Value::list(text.lines().map(Value::str).collect()),
            }
        }
        "strip" | "lstrip" | "rstrip" => {
            let (a, _) = positional(args, "str", name, 0, 1, &[])?;
            let chars: Option<Vec<char>> = match a.first() {
                None | Some(Value::None) => None,
                Some(v) => Some(str_arg(v, "argument")?.chars().collect()),
            };
            let pred = |c: char| match &chars {
                Some(set) => set.contains(&c),
                None => c.is_whitespace(),
            };
            Value::str(match name {
                "strip" => text.trim_matches(pred),
                "lstrip" => text.trim_start_matches(pred),
                _ => text.trim_end_matches(pred),
            })
        }
        "split" | "rsplit" => {
            let (a, kw) = positional(args, "str", name, 0, 2, &["sep", "maxsplit"])?;
            let sep = a
                .first()
                .or_else(|| keyword(&kw, "sep"))
                .cloned()
                .unwrap_or(Value::None);
            let maxsplit = a
                .get(1)
                .or_else(|| keyword(&kw, "maxsplit"))
                .and_then(Value::as_int)
                .unwrap_or(-1);
            let parts: Vec<String> = match sep {
                Value::None => {
                    let words: Vec<&str> = text.split_whitespace().collect();
                    if maxsplit < 0 || words.len() <= maxsplit as usize {
                        words.into_iter().map(String::from).collect()
                    } else {
                        let n = maxsplit as usize;
                        let mut out: Vec<String> =
                            words[..n].iter().map(|w| w.to_string()).collect();
                        // The rest starts where the n-th word does (words borrow from `text`).
                        let rest_start = words[n].as_ptr() as usize - text.as_ptr() as usize;
                        out.push(text[rest_start..].trim_end().to_string());
                        out
                    }
                }
                v => {
                    let sep = str_arg(&v, "separator")?;
                    if sep.is_empty() {
                        return Err(value_error("empty separator"));
                    }
                    let limit = if maxsplit < 0 {
                        usize::MAX
                    } else {
                        maxsplit as usize + 1
                    };
                    if name == "split" {
                        text.splitn(limit, sep.as_ref()).map(String::from).collect()
                    } else {
                        let mut v: Vec<String> = text
                            .rsplitn(limit, sep.as_ref())
                            .map(String::from)
                            .collect();
                        v.reverse();
                        v
                    }
                }
            };
            Value::list(parts.into_iter().map(Value::str).collect())
        }
        "join" => {
            let (a, _) = positional(args, "str", name, 1, 1, &[])?;
            let items = a[0]
                .iter_items()
                .ok_or_else(|| type_error("can only join an iterable"))?;
            let mut parts = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Str(p) => parts.push(p.to_string()),
                    other => {
                        return Err(type_error(format!(
                            "sequence item {i}: expected str instance, {} found",
                            other.type_name()
                        )))
                    }
                }
            }
            Value::str(parts.join(text))
        }
        "replace" => {
            let (a, _) = positional(args, "str", name, 2, 3, &[])?;
            let (old, new) = (
                str_arg(&a[0], "replace() argument 1")?,
                str_arg(&a[1], "replace() argument 2")?,
            );
            match a.get(2).and_then(Value::as_int) {
                Some(n) if n >= 0 => Value::str(text.replacen(old.as_ref(), &new, n as usize)),
                _ => Value::str(text.replace(old.as_ref(), &new)),
            }
        }
        "startswith" | "endswith" => {
            let (a, _) = positional(args, "str", name, 1, 1, &[])?;
            let options: Vec<Value> = match &a[0] {
                Value::Tuple(t) => t.as_ref().clone(),
                v => vec![v.clone()],
            };
            let mut hit = false;
            for o in options {
                let p = str_arg(&o, &format!("{name} first arg"))?;
                hit |= if name == "startswith" {
                    text.starts_with(p.as_ref())
                } else {
                    text.ends_with(p.as_ref())
                };
            }
            Value::Bool(hit)
        }
        "find" | "index" | "count" => {
            let (a, _) = positional(args, "str", name, 1, 1, &[])?;
            let sub = str_arg(&a[0], "must be str")?;
            match name {
                "count" => Value::Int(text.matches(sub.as_ref()).count() as i64),
                _ => match text.find(sub.as_ref()) {
                    Some(byte) => Value::Int(text[..byte].chars().count() as i64),
                    None if name == "find" => Value::Int(-1),
                    None => return Err(value_error("substring not found")),
                },
            }
        }
        "zfill" => {
            let (a, _) = positional(args, "str", name, 1, 1, &[])?;
            let width = a[0].as_int().unwrap_or(0).max(0) as usize;
            let len = text.chars().count();
            if len >= width {
                Value::str(text)
            } else {
                let (sign, rest) = match text.chars().next() {
                    Some(c @ ('-' | '+')) => (c.to_string(), &text[1..]),
                    _ => (String::new(), text),
                };
                Value::str(format!("{sign}{}{rest}", "0".repeat(width - len)))
            }
        }
        "format" => Value::str(str_format(text, &args)?),
        other => return Err(attribute_error("str", other)),
    })
}

fn title(text: &str) -> String {
    let mut out = String::new();
    let mut prev_letter = false;
    for c in text.chars() {
        if c.is_alphabetic() {
            if prev_letter {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
            prev_letter = true;
        } else {
            out.push(c);
            prev_letter = false;
        }
    }
    out
}

/// `"…{}…{name}…{0:.2f}".format(*args, **kwargs)`.
pub fn str_format(template: &str, args: &Args) -> Result<String, PyErr> {
    let mut out = String::new();
    let mut auto = 0usize;
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut field = String::new();
                for d in chars.by_ref() {
                    if d == '}' {
                        break;
                    }
                    field.push(d);
                }
                let (name, spec) = match field.split_once(':') {
                    Some((n, s)) => (n.to_string(), s.to_string()),
                    None => (field.clone(), String::new()),
                };
                let (name, conversion) = match name.split_once('!') {
                    Some((n, c)) => (n.to_string(), Some(c.to_string())),
                    None => (name, None),
                };
                let value = if name.is_empty() {
                    let v = args.positional.get(auto).cloned().ok_or_else(|| {
                        PyErr::new(
                            ExcType::IndexError,
                            format!(
                                "Replacement index {auto} out of range for positional args tuple"
                            ),
                        )
                    })?;
                    auto += 1;
                    v
                } else if let Ok(i) = name.parse::<usize>() {
                    args.positional.get(i).cloned().ok_or_else(|| {
                        PyErr::new(
                            ExcType::IndexError,
                            format!("Replacement index {i} out of range for positional args tuple"),
                        )
                    })?
                } else {
                    args.keywords
                        .iter()
                        .find(|(k, _)| *k == name)
                        .map(|(_, v)| v.clone())
                        .ok_or_else(|| PyErr::new(ExcType::KeyError, format!("'{name}'")))?
                };
                let value = match conversion.as_deref() {
                    Some("r") => Value::str(value.repr()),
                    Some("s") => Value::str(value.to_str()),
                    _ => value,
                };
                out.push_str(&format_value(&value, &spec)?);
            }
            '}' => return Err(value_error("Single '}' encountered in format string")),
            c => out.push(c),
        }
    }
    Ok(out)
}

fn list_method(interp: &mut Interp, recv: &Value, name: &str, args: Args) -> Result<Value, PyErr> {
    let Value::List(list) = recv else {
        return Err(attribute_error(&recv.type_name(), name));
    };
    Ok(match name {
        "append" => {
            let (a, _) = positional(args, "list", name, 1, 1, &[])?;
            list.borrow_mut().push(a[0].clone());
            Value::None
        }
        "extend" => {
            let (a, _) = positional(args, "list", name, 1, 1, &[])?;
            let items = interp.iterate(&a[0])?;
            list.borrow_mut().extend(items);
            Value::None
        }
        "insert" => {
            let (a, _) = positional(args, "list", name, 2, 2, &[])?;
            let mut l = list.borrow_mut();
            let len = l.len() as i64;
            let i = a[0]
                .as_int()
                .ok_or_else(|| type_error("list indices must be integers"))?;
            let at = if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
            l.insert(at, a[1].clone());
            Value::None
        }
        "pop" => {
            let (a, _) = positional(args, "list", name, 0, 1, &[])?;
            let mut l = list.borrow_mut();
            if l.is_empty() {
                return Err(PyErr::new(ExcType::IndexError, "pop from empty list"));
            }
            let len = l.len() as i64;
            let i = a.first().and_then(Value::as_int).unwrap_or(-1);
            let at = if i < 0 { i + len } else { i };
            if at < 0 || at >= len {
                return Err(PyErr::new(ExcType::IndexError, "pop index out of range"));
            }
            l.remove(at as usize)
        }
        "remove" => {
            let (a, _) = positional(args, "list", name, 1, 1, &[])?;
            let mut l = list.borrow_mut();
            let i = l
                .iter()
                .position(|v| equals(v, &a[0]))
                .ok_or_else(|| value_error("list.remove(x): x not in list"))?;
            l.remove(i);
            Value::None
        }
        "index" | "count" => {
            let (a, _) = positional(args, "list", name, 1, 1, &[])?;
            let items = list.borrow().clone();
            seq_index_count(&items, name, &a[0], "list")?
        }
        "sort" => {
            let (_, kw) = positional(args, "list", name, 0, 0, &["key", "reverse"])?;
            let key = keyword(&kw, "key").cloned().unwrap_or(Value::None);
            let reverse = keyword(&kw, "reverse").is_some_and(Value::truthy);
            let items = list.borrow().clone();
            let sorted = sort_values(interp, items, &key, reverse)?;
            *list.borrow_mut() = sorted;
            Value::None
        }
        "reverse" => {
            positional(args, "list", name, 0, 0, &[])?;
            list.borrow_mut().reverse();
            Value::None
        }
        "copy" => {
            positional(args, "list", name, 0, 0, &[])?;
            Value::list(list.borrow().clone())
        }
        "clear" => {
            positional(args, "list", name, 0, 0, &[])?;
            list.borrow_mut().clear();
            Value::None
        }
        other => return Err(attribute_error("list", other)),
    })
}

/// Sorts values by `key` (a callable or `None`), stably, as `sorted` does.
pub fn sort_values(
    interp: &mut Interp,
    items: Vec<Value>,
    key: &Value,
    reverse: bool,
) -> Result<Vec<Value>, PyErr> {
    let mut keyed = Vec::with_capacity(items.len());
    for item in items {
        let k = match key {
            Value::None => item.clone(),
            f => interp.call_value(
                f,
                Args {
                    positional: vec![item.clone()],
                    keywords: vec![],
                },
            )?,
        };
        keyed.push((k, item));
    }
    let mut error = None;
    crate::sorting::sort_by(&mut keyed, |a, b| match ops::order(&a.0, &b.0, "<") {
        Ok(o) => {
            if reverse {
                o.reverse()
            } else {
                o
            }
        }
        Err(e) => {
            error.get_or_insert(e);
            std::cmp::Ordering::Equal
        }
    });
    match error {
        Some(e) => Err(e),
        None => Ok(keyed.into_iter().map(|(_, v)| v).collect()),
    }
}

fn dict_method(recv: &Value, name: &str, args: Args) -> Result<Value, PyErr> {
    let Value::Dict(dict) = recv else {
        return Err(attribute_error(&recv.type_name(), name));
    };
    Ok(match name {
        "keys" | "values" | "items" | "copy" | "clear" => {
            positional(args, "dict", name, 0, 0, &[])?;
            let d = dict.borrow();
            match name {
                "keys" => Value::list(d.keys()),
                "values" => Value::list(d.values()),
                "items" => Value::list(
                    d.iter()
                        .map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()]))
                        .collect(),
                ),
                "copy" => Value::dict(d.clone()),
                _ => {
                    drop(d);
                    dict.borrow_mut().clear();
                    Value::None
                }
            }
        }
        "get" => {
            let (a, _) = positional(args, "dict", name, 1, 2, &[])?;
            dict.borrow()
                .get(&a[0])?
                .unwrap_or_else(|| a.get(1).cloned().unwrap_or(Value::None))
        }
        "pop" => {
            let (a, _) = positional(args, "dict", name, 1, 2, &[])?;
            match dict.borrow_mut().remove(&a[0])? {
                Some(v) => v,
                None => a.get(1).cloned().ok_or_else(|| key_error(&a[0]))?,
            }
        }
        "setdefault" => {
            let (a, _) = positional(args, "dict", name, 1, 2, &[])?;
            let existing = dict.borrow().get(&a[0])?;
            match existing {
                Some(v) => v,
                None => {
                    let v = a.get(1).cloned().unwrap_or(Value::None);
                    dict.borrow_mut().set(a[0].clone(), v.clone())?;
                    v
                }
            }
        }
        "update" => {
            let Args {
                positional: pos,
                keywords,
            } = args;
            if pos.len() > 1 {
                return Err(type_error(format!(
                    "update expected at most 1 argument, got {}",
                    pos.len()
                )));
            }
            if let Some(other) = pos.first() {
                match other {
                    Value::Dict(o) => {
                        let pairs: Vec<(Value, Value)> = o.borrow().iter().cloned().collect();
                        for (k, v) in pairs {
                            dict.borrow_mut().set(k, v)?;
                        }
                    }
                    other => {
                        for pair in other.iter_items().ok_or_else(|| {
                            type_error(format!("'{}' object is not iterable", other.type_name()))
                        })? {
                            let kv =
                                pair.iter_items()
                                    .filter(|kv| kv.len() == 2)
                                    .ok_or_else(|| {
                                        value_error(
                                        "dictionary update sequence element has the wrong length",
                                    )
                                    })?;
                            dict.borrow_mut().set(kv[0].clone(), kv[1].clone())?;
                        }
                    }
                }
            }
            for (k, v) in keywords {
                dict.borrow_mut().set(Value::str(k), v)?;
            }
            Value::None
        }
        other => return Err(attribute_error("dict", other)),
    })
}
