//! `pyspark.ml.linalg`: `DenseVector` (what a vector column's cells are in Python) and
//! `Vectors.dense` / `Vectors.sparse`. Lakelab has no numpy, so `toArray()` returns a list;
//! `Vectors.sparse` builds the same values densely (Lakelab's vectors are all dense).

use std::any::Any;
use std::rc::Rc;

use crate::notebook::error::{type_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::{float_repr, Args, Object, Value};

/// `DenseVector([1.0, 2.0])`.
#[derive(Debug, Clone)]
pub struct DenseVectorObj(pub Vec<f64>);

pub fn vector_value(v: Vec<f64>) -> Value {
    Value::object(DenseVectorObj(v))
}

/// The values of a `DenseVector` value.
pub fn vector_of(v: &Value) -> Option<Vec<f64>> {
    match v {
        Value::Object(o) => o
            .as_any()
            .downcast_ref::<DenseVectorObj>()
            .map(|d| d.0.clone()),
        _ => None,
    }
}

fn floats(v: &[f64]) -> Value {
    Value::list(v.iter().map(|x| Value::Float(*x)).collect())
}

impl Object for DenseVectorObj {
    fn type_name(&self) -> &str {
        "DenseVector"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        match name {
            "values" => Some(floats(&self.0)),
            "size" => Some(Value::Int(self.0.len() as i64)),
            _ => None,
        }
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "toArray" | "dot" | "norm" | "numNonzeros" | "tolist")
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
        match name {
            "toArray" | "tolist" => Ok(floats(&self.0)),
            "numNonzeros" => Ok(Value::Int(
                self.0.iter().filter(|x| **x != 0.0).count() as i64
            )),
            "norm" => {
                let p = args
                    .positional
                    .first()
                    .and_then(Value::as_f64)
                    .unwrap_or(2.0);
                Ok(Value::Float(
                    self.0
                        .iter()
                        .map(|x| x.abs().powf(p))
                        .sum::<f64>()
                        .powf(1.0 / p),
                ))
            }
            _ => {
                let other = args
                    .positional
                    .first()
                    .and_then(|v| vector_of(v).or_else(|| list_floats(v)))
                    .ok_or_else(|| type_error("dot() needs a vector or a list of numbers"))?;
                if other.len() != self.0.len() {
                    return Err(PyErr::new(
                        crate::notebook::error::ExcType::AssertionError,
                        "dimension mismatch",
                    ));
                }
                Ok(Value::Float(
                    self.0.iter().zip(&other).map(|(a, b)| a * b).sum(),
                ))
            }
        }
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        let n = self.0.len() as i64;
        let i = key
            .as_int()
            .ok_or_else(|| type_error("vector indices must be integers"))?;
        let j = if i < 0 { i + n } else { i };
        self.0
            .get(usize::try_from(j).unwrap_or(usize::MAX))
            .map(|x| Value::Float(*x))
            .ok_or_else(|| {
                PyErr::new(
                    crate::notebook::error::ExcType::IndexError,
                    format!("index {i} out of range for vector of size {n}"),
                )
            })
    }
    fn items(&self) -> Option<Vec<Value>> {
        Some(self.0.iter().map(|x| Value::Float(*x)).collect())
    }
    fn compare_to(&self, other: &Value) -> Option<std::cmp::Ordering> {
        let o = vector_of(other)?;
        (o == self.0).then_some(std::cmp::Ordering::Equal)
    }
    fn repr(&self) -> String {
        let parts: Vec<String> = self.0.iter().map(|x| float_repr(*x)).collect();
        format!("DenseVector([{}])", parts.join(", "))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn list_floats(v: &Value) -> Option<Vec<f64>> {
    v.iter_items()?
        .iter()
        .map(|x| x.as_f64())
        .collect::<Option<Vec<f64>>>()
}

/// `Vectors.dense([1.0, 2.0])` or `Vectors.dense(1.0, 2.0)`.
fn dense(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let values = match args.positional.as_slice() {
        [one] if one.iter_items().is_some() => list_floats(one),
        many => many.iter().map(Value::as_f64).collect(),
    }
    .ok_or_else(|| type_error("Vectors.dense() takes numbers or a list of numbers"))?;
    Ok(vector_value(values))
}

/// `Vectors.sparse(size, indices, values)` or `Vectors.sparse(size, {index: value})`, as a
/// dense vector.
fn sparse(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let err = || {
        type_error("Vectors.sparse(size, indices, values) or Vectors.sparse(size, {index: value})")
    };
    let size = args
        .positional
        .first()
        .and_then(Value::as_int)
        .filter(|n| *n >= 0)
        .ok_or_else(err)? as usize;
    let mut out = vec![0.0; size];
    let pairs: Vec<(Value, Value)> = match &args.positional[1..] {
        [Value::Dict(d)] => d.borrow().iter().cloned().collect(),
        [idx, vals] => idx
            .iter_items()
            .ok_or_else(err)?
            .into_iter()
            .zip(vals.iter_items().ok_or_else(err)?)
            .collect(),
        _ => return Err(err()),
    };
    for (i, v) in pairs {
        let i = i
            .as_int()
            .filter(|i| (0..size as i64).contains(i))
            .ok_or_else(err)?;
        out[i as usize] = v.as_f64().ok_or_else(err)?;
    }
    Ok(vector_value(out))
}

pub fn module_value() -> Value {
    let vectors = module(
        "Vectors",
        vec![
            ("dense", Value::Native("dense", dense)),
            ("sparse", Value::Native("sparse", sparse)),
        ],
    );
    module(
        "pyspark.ml.linalg",
        vec![
            ("Vectors", vectors),
            ("DenseVector", Value::Native("DenseVector", dense)),
        ],
    )
}
