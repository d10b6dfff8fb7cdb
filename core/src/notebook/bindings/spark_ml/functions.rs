//! `pyspark.ml.functions`: `vector_to_array(col, dtype="float64")` and `array_to_vector(col)`,
//! columns over the table engine's `Func::VectorToArray` / `Func::ArrayToVector`. Both are
//! Scala UDFs in Spark, so their columns are named `UDF(col)` there and here.
//! `dtype="float32"` rounds the entries to single precision; Lakelab has one floating type,
//! so the column stays `array<double>` where Spark's is `array<float>`.

use crate::notebook::bindings::spark::column::{col_arg, ColumnObj};
use crate::notebook::call::Sig;
use crate::notebook::error::{ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::{Args, Value};
use crate::table::expr::{Expr, Func};

fn vector_to_array(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "vector_to_array",
        params: &["col", "dtype="],
        is_method: false,
        display: "vector_to_array(col: Column, dtype: str = 'float64') -> Column",
    }
    .bind(args)?;
    let c = col_arg(&b.value("col"), "vector_to_array")?;
    let f = match b.get("dtype").map(Value::to_str).as_deref() {
        None | Some("float64") => Func::VectorToArray,
        Some("float32") => Func::VectorToArrayF32,
        Some(other) => {
            return Err(PyErr::new(
                ExcType::IllegalArgumentException,
                format!("Unsupported dtype: {other}. Valid values: float64, float32."),
            ))
        }
    };
    Ok(ColumnObj::value(Expr::Call(f, vec![c])))
}

fn array_to_vector(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "array_to_vector",
        params: &["col"],
        is_method: false,
        display: "array_to_vector(col: Column) -> Column",
    }
    .bind(args)?;
    let c = col_arg(&b.value("col"), "array_to_vector")?;
    Ok(ColumnObj::value(Expr::Call(Func::ArrayToVector, vec![c])))
}

pub fn module_value() -> Value {
    module(
        "pyspark.ml.functions",
        vec![
            (
                "vector_to_array",
                Value::Native("vector_to_array", vector_to_array),
            ),
            (
                "array_to_vector",
                Value::Native("array_to_vector", array_to_vector),
            ),
        ],
    )
}
