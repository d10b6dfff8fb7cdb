//! PySpark's `Row`: what `collect()`, `first()` and `head()` return. Read a field with
//! `row["col"]`, `row.col` or `row[0]`; `row.asDict()` gives a dict. `Row(a=1, b="x")`
//! builds one (fields in the order given, as PySpark 3 keeps them).

use std::any::Any;
use std::rc::Rc;

use crate::notebook::error::{type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{equals, Args, Dict, Object, Value};

#[derive(Debug, Clone)]
pub struct RowObj {
    pub names: Rc<Vec<String>>,
    pub values: Vec<Value>,
}

impl Object for RowObj {
    fn type_name(&self) -> &str {
        "Row"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        self.names
            .iter()
            .position(|c| c == name)
            .map(|i| self.values[i].clone())
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "asDict" | "count" | "index")
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
        match name {
            "asDict" => Ok(Value::dict(Dict::from_pairs(
                self.names
                    .iter()
                    .map(String::as_str)
                    .zip(self.values.iter().cloned()),
            ))),
            _ => {
                let [v] = args.positional.as_slice() else {
                    return Err(type_error(format!("{name}() takes exactly one argument")));
                };
                let hits: Vec<usize> = (0..self.values.len())
                    .filter(|&i| equals(&self.values[i], v))
                    .collect();
                if name == "count" {
                    return Ok(Value::Int(hits.len() as i64));
                }
                hits.first().map(|&i| Value::Int(i as i64)).ok_or_else(|| {
                    PyErr::new(ExcType::ValueError, "tuple.index(x): x not in tuple")
                })
            }
        }
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        match key {
            Value::Str(name) => self
                .names
                .iter()
                .position(|c| **c == **name)
                .map(|i| self.values[i].clone())
                .ok_or_else(|| PyErr::new(ExcType::ValueError, format!("{name}"))),
            k => {
                let n = self.values.len() as i64;
                let i = k.as_int().ok_or_else(|| {
                    type_error(format!(
                        "tuple indices must be integers or slices, not {}",
                        k.type_name()
                    ))
                })?;
                let at = if i < 0 { i + n } else { i };
                if at < 0 || at >= n {
                    return Err(PyErr::new(ExcType::IndexError, "tuple index out of range"));
                }
                Ok(self.values[at as usize].clone())
            }
        }
    }
    fn items(&self) -> Option<Vec<Value>> {
        Some(self.values.clone())
    }
    fn py_len(&self) -> Option<usize> {
        Some(self.values.len())
    }
    fn compare_to(&self, other: &Value) -> Option<std::cmp::Ordering> {
        let theirs: Vec<Value> = match other {
            Value::Tuple(t) => t.to_vec(),
            Value::Object(o) => o.as_any().downcast_ref::<RowObj>()?.values.clone(),
            _ => return None,
        };
        (theirs.len() == self.values.len()
            && theirs.iter().zip(&self.values).all(|(a, b)| equals(a, b)))
        .then_some(std::cmp::Ordering::Equal)
    }
    fn repr(&self) -> String {
        let parts: Vec<String> = self
            .names
            .iter()
            .zip(&self.values)
            .map(|(n, v)| format!("{n}={}", v.repr()))
            .collect();
        format!("Row({})", parts.join(", "))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `Row(a=1, b="x")`.
pub fn row_ctor(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    if !args.positional.is_empty() {
        return Err(PyErr::new(
            ExcType::NotImplementedError,
            "Row(\"a\", \"b\") field-name factories are not available in Lakelab; build rows as Row(a=1, b=2)",
        ));
    }
    let (names, values): (Vec<String>, Vec<Value>) = args.keywords.into_iter().unzip();
    Ok(Value::object(RowObj {
        names: Rc::new(names),
        values,
    }))
}
