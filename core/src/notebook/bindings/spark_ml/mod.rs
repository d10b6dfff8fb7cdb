//! Spark ML (`pyspark.ml`) in cells: feature transformers, classifiers and regressors,
//! `Pipeline`, evaluators and tuning, over the engines in `ml::spark_ml` and Spark
//! DataFrames. Classes keep PySpark's names, keyword-only constructors, params, defaults and
//! exceptions; what differs, and why, is documented in `ml::spark_ml`.

pub mod bases;
pub mod evaluation;
pub mod feature;
pub mod functions;
pub mod linalg;
pub mod model;
pub mod params;
pub mod persist;
pub mod predictors;
pub mod stages;
pub mod tuning;

use std::rc::Rc;

use params::{ClassObj, CLASSES};

use crate::ml::spark_ml::{ErrorKind, MlError};
use crate::notebook::bindings::spark::dataframe::SparkFrame;
use crate::notebook::error::{not_implemented, type_error, ExcType, PyErr};
use crate::notebook::modules::module;
use crate::notebook::value::Value;
use crate::table::Table;

/// A Spark ML failure as the exception PySpark raises.
pub fn ml_err(e: MlError) -> PyErr {
    match e.kind {
        ErrorKind::IllegalArgument => PyErr::new(ExcType::IllegalArgumentException, e.message),
        ErrorKind::Analysis => crate::notebook::bindings::cells::spark_error(
            e.table
                .unwrap_or(crate::table::TableError::Invalid(e.message)),
        ),
        ErrorKind::Spark => PyErr::new(ExcType::Exception, e.message),
        ErrorKind::NotImplemented => not_implemented(e.message),
    }
}

/// A Spark DataFrame argument (Spark ML does not take pandas frames).
pub fn frame_arg(v: &Value, func: &str) -> Result<Rc<Table>, PyErr> {
    SparkFrame::of(v).ok_or_else(|| {
        type_error(format!(
            "{func}() needs a Spark DataFrame, got {} (convert a pandas DataFrame with spark.createDataFrame(pdf))",
            v.type_name()
        ))
    })
}

fn classes_of(module_name: &str) -> Vec<(&'static str, Value)> {
    let mut out: Vec<(&'static str, Value)> = CLASSES
        .iter()
        .filter(|c| c.module == module_name)
        .map(|c| (c.name, Value::object(ClassObj(c))))
        .collect();
    out.extend(bases::model_classes(module_name));
    out.extend(bases::base_classes(module_name));
    out
}

fn submodule(name: &str) -> Option<Value> {
    Some(match name {
        "pyspark.ml.feature"
        | "pyspark.ml.classification"
        | "pyspark.ml.regression"
        | "pyspark.ml.evaluation" => module(name, classes_of(name)),
        "pyspark.ml.tuning" => {
            let mut attrs = classes_of(name);
            attrs.push((
                "ParamGridBuilder",
                Value::Native("ParamGridBuilder", tuning::grid_builder),
            ));
            module(name, attrs)
        }
        "pyspark.ml.linalg" => linalg::module_value(),
        "pyspark.ml.functions" => functions::module_value(),
        "pyspark.ml.base" => module(name, bases::base_classes(name)),
        _ => return None,
    })
}

/// The `pyspark.ml` modules by import name.
pub fn import(name: &str) -> Option<Value> {
    if name == "pyspark.ml" {
        let mut attrs = classes_of("pyspark.ml");
        for sub in [
            "feature",
            "classification",
            "regression",
            "evaluation",
            "tuning",
            "linalg",
            "functions",
        ] {
            if let Some(m) = submodule(&format!("pyspark.ml.{sub}")) {
                attrs.push((sub, m));
            }
        }
        return Some(module("pyspark.ml", attrs));
    }
    submodule(name)
}
