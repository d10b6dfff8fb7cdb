//! PySpark in cells: the `spark` session, DataFrames over the core tables engine, `Column`
//! expressions, `pyspark.sql.functions` and `pyspark.sql.types`, `Row`.

pub mod column;
pub mod dataframe;
pub mod functions;
pub mod grouped;
pub mod model_udf;
pub mod row;
pub mod session;
pub mod sql_query;
pub mod types;

use crate::notebook::error::ExcType;
use crate::notebook::modules::module;
use crate::notebook::value::Value;

/// The `spark` global.
pub fn session_value() -> Value {
    Value::object(session::SessionObj)
}

fn analysis_exception() -> (&'static str, Value) {
    (
        "AnalysisException",
        Value::ExcClass(ExcType::AnalysisException),
    )
}

/// The pyspark modules by import name.
pub fn import(name: &str) -> Option<Value> {
    Some(match name {
        "pyspark" => module(
            "pyspark",
            vec![
                ("sql", sql_module()),
                (
                    "ml",
                    crate::notebook::bindings::spark_ml::import("pyspark.ml")
                        .unwrap_or(Value::None),
                ),
            ],
        ),
        "pyspark.sql" => sql_module(),
        "pyspark.sql.functions" => functions::module_value(),
        "pyspark.sql.types" => types::module_value(),
        "pyspark.sql.utils" | "pyspark.errors" => module(name, vec![analysis_exception()]),
        _ => return None,
    })
}

fn sql_module() -> Value {
    module(
        "pyspark.sql",
        vec![
            ("functions", functions::module_value()),
            ("types", types::module_value()),
            ("Row", Value::Native("Row", row::row_ctor)),
            (
                "SparkSession",
                module("SparkSession", vec![("builder", module("builder", vec![]))]),
            ),
        ],
    )
}
