//! A pandas `Index` (`df.columns`, `df.index`): iterable, indexable, `tolist()`.

use std::any::Any;
use std::rc::Rc;

use crate::notebook::bindings::cells::{pandas_values, to_pandas_value};
use crate::notebook::error::{ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Object, Value};
use crate::table::{Column, DType};

#[derive(Debug)]
pub struct IndexObj(pub Column);

impl IndexObj {
    pub fn value(labels: Column) -> Value {
        Value::object(IndexObj(labels))
    }

    pub fn of_names(names: &[String]) -> Value {
        IndexObj::value(Column::strings(names.to_vec()))
    }
}

impl Object for IndexObj {
    fn type_name(&self) -> &str {
        if self.0.dtype() == DType::Int {
            "RangeIndex"
        } else {
            "Index"
        }
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(match name {
            "values" => Value::list(pandas_values(&self.0)),
            "size" => Value::Int(self.0.len() as i64),
            "dtype" => Value::str(self.0.dtype().pandas_name(false)),
            _ => return None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "tolist" | "to_list")
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, _: &str, _: Args) -> Result<Value, PyErr> {
        Ok(Value::list(pandas_values(&self.0)))
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        let n = self.0.len() as i64;
        let k = key
            .as_int()
            .ok_or_else(|| PyErr::new(ExcType::IndexError, "only integers are valid indices"))?;
        let at = if k < 0 { k + n } else { k };
        if at < 0 || at >= n {
            return Err(PyErr::new(
                ExcType::IndexError,
                format!("index {k} is out of bounds for axis 0 with size {n}"),
            ));
        }
        Ok(to_pandas_value(&self.0, at as usize))
    }
    fn items(&self) -> Option<Vec<Value>> {
        Some(pandas_values(&self.0))
    }
    fn py_len(&self) -> Option<usize> {
        Some(self.0.len())
    }
    fn compare_to(&self, other: &Value) -> Option<std::cmp::Ordering> {
        let theirs = other.iter_items()?;
        let mine = pandas_values(&self.0);
        (theirs.len() == mine.len()
            && theirs
                .iter()
                .zip(&mine)
                .all(|(a, b)| crate::notebook::value::equals(a, b)))
        .then_some(std::cmp::Ordering::Equal)
    }
    fn repr(&self) -> String {
        let items: Vec<String> = pandas_values(&self.0).iter().map(Value::repr).collect();
        format!(
            "Index([{}], dtype='{}')",
            items.join(", "),
            self.0.dtype().pandas_name(false)
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
