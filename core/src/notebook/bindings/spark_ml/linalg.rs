//! `pyspark.ml.linalg`: `DenseVector` and `SparseVector` (what a vector column's cells are in
//! Python) and `Vectors.dense` / `Vectors.sparse`. Lakelab has no numpy, so `toArray()`
//! returns a list. `str(v)` is Spark's display (`[1.0,2.0]`, `(3,[1],[2.0])`), `repr(v)`
//! PySpark's (`DenseVector([1.0, 2.0])`, `SparseVector(3, {1: 2.0})`, entries rounded to 4
//! decimals as PySpark's `_format_float` does). A sparse vector keeps only its non-zero
//! entries (see `table::Vector`).

use std::any::Any;
use std::rc::Rc;

use crate::notebook::error::{type_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::{float_repr, Args, Object, Value};
use crate::table::Vector;

/// A `DenseVector` or `SparseVector`.
#[derive(Debug, Clone)]
pub struct VectorObj(pub Vector);

/// A `DenseVector` of these values.
pub fn vector_value(v: Vec<f64>) -> Value {
    Value::object(VectorObj(Vector::dense(v)))
}

/// A vector cell as a Python value.
pub fn vector_row_value(v: Vector) -> Value {
    Value::object(VectorObj(v))
}

/// The vector in a value, if it is one.
pub fn vector_row_of(v: &Value) -> Option<Vector> {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<VectorObj>().map(|d| d.0.clone()),
        _ => None,
    }
}

/// The entries of a vector value.
pub fn vector_of(v: &Value) -> Option<Vec<f64>> {
    vector_row_of(v).map(|v| v.values)
}

/// `str(v)` of a vector: Spark's display.
pub fn to_text(v: &dyn Object) -> Option<String> {
    v.as_any().downcast_ref::<VectorObj>().map(|v| v.0.text())
}

fn floats(v: impl Iterator<Item = f64>) -> Value {
    Value::list(v.map(Value::Float).collect())
}

/// PySpark's `_format_float`: `str(round(f, 4))` cut to 4 decimals.
fn short_float(f: f64) -> String {
    let rounded = format!("{f:.4}").parse().unwrap_or(f);
    let mut s = float_repr(rounded);
    if let Some(dot) = s.find('.') {
        s.truncate(s.len().min(dot + 5));
    }
    s
}

impl Object for VectorObj {
    fn type_name(&self) -> &str {
        if self.0.sparse {
            "SparseVector"
        } else {
            "DenseVector"
        }
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let v = &self.0;
        match name {
            "values" if v.sparse => Some(floats(v.active().map(|(_, x)| x))),
            "values" => Some(floats(v.values.iter().copied())),
            "indices" if v.sparse => Some(Value::list(
                v.active().map(|(i, _)| Value::Int(i as i64)).collect(),
            )),
            "size" => Some(Value::Int(v.values.len() as i64)),
            _ => None,
        }
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "toArray" | "dot" | "norm" | "numNonzeros" | "tolist")
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
        let values = &self.0.values;
        match name {
            "toArray" | "tolist" => Ok(floats(values.iter().copied())),
            "numNonzeros" => Ok(Value::Int(self.0.active().count() as i64)),
            "norm" => {
                let p = args
                    .positional
                    .first()
                    .and_then(Value::as_f64)
                    .unwrap_or(2.0);
                Ok(Value::Float(
                    values
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
                if other.len() != values.len() {
                    return Err(PyErr::new(
                        crate::notebook::error::ExcType::AssertionError,
                        "dimension mismatch",
                    ));
                }
                Ok(Value::Float(
                    values.iter().zip(&other).map(|(a, b)| a * b).sum(),
                ))
            }
        }
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        let n = self.0.values.len() as i64;
        let i = key
            .as_int()
            .ok_or_else(|| type_error("vector indices must be integers"))?;
        let j = if i < 0 { i + n } else { i };
        self.0
            .values
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
        Some(self.0.values.iter().map(|x| Value::Float(*x)).collect())
    }
    fn compare_to(&self, other: &Value) -> Option<std::cmp::Ordering> {
        let o = vector_of(other)?;
        (o == self.0.values).then_some(std::cmp::Ordering::Equal)
    }
    fn repr(&self) -> String {
        let v = &self.0;
        if v.sparse {
            let parts: Vec<String> = v
                .active()
                .map(|(i, x)| format!("{i}: {}", short_float(x)))
                .collect();
            format!("SparseVector({}, {{{}}})", v.values.len(), parts.join(", "))
        } else {
            let parts: Vec<String> = v.values.iter().map(|x| short_float(*x)).collect();
            format!("DenseVector([{}])", parts.join(", "))
        }
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

/// `Vectors.sparse(size, indices, values)`, `Vectors.sparse(size, {index: value})` or
/// `Vectors.sparse(size, [(index, value), ...])`.
fn sparse(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let err = || {
        type_error("Vectors.sparse(size, indices, values), Vectors.sparse(size, {index: value}) or Vectors.sparse(size, [(index, value), ...])")
    };
    let size = args
        .positional
        .first()
        .and_then(Value::as_int)
        .filter(|n| *n >= 0)
        .ok_or_else(err)? as usize;
    let pairs: Vec<(Value, Value)> = match &args.positional[1..] {
        [Value::Dict(d)] => d.borrow().iter().cloned().collect(),
        [list] => list
            .iter_items()
            .ok_or_else(err)?
            .into_iter()
            .map(|p| match p.iter_items().as_deref() {
                Some([i, v]) => Ok((i.clone(), v.clone())),
                _ => Err(err()),
            })
            .collect::<Result<_, _>>()?,
        [idx, vals] => idx
            .iter_items()
            .ok_or_else(err)?
            .into_iter()
            .zip(vals.iter_items().ok_or_else(err)?)
            .collect(),
        _ => return Err(err()),
    };
    let mut out = vec![0.0; size];
    for (i, v) in pairs {
        let i = i.as_int().ok_or_else(err)?;
        let slot = usize::try_from(i)
            .ok()
            .and_then(|i| out.get_mut(i))
            .ok_or_else(|| {
                PyErr::new(
                    crate::notebook::error::ExcType::AssertionError,
                    format!("Index {i} is out of the size of vector with size={size}"),
                )
            })?;
        *slot = v.as_f64().ok_or_else(err)?;
    }
    Ok(Value::object(VectorObj(Vector::sparse(out))))
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
            ("SparseVector", Value::Native("SparseVector", sparse)),
        ],
    )
}
