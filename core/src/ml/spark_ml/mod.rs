//! Spark ML (`pyspark.ml`) over the core tables engine: the fitted stages a notebook's
//! `Pipeline`, feature transformers and predictors produce, how each transforms a table, and
//! the evaluators' metrics. Stages are plain data (serde) so `mlflow.spark.log_model` stores
//! them and `load_model` brings them back.
//!
//! Where Lakelab differs from Spark, and why:
//! - Vectors (`table::Vector`) are sparse or dense where Spark makes them so (`OneHotEncoder`
//!   output is sparse, `VectorAssembler` picks per row by Spark's `compressed` rule,
//!   `StandardScaler` keeps its input's kind unless centring, predictions are dense), so they
//!   show as Spark shows them; their entries are stored dense, and a sparse vector keeps only
//!   its non-zero entries (Spark can also hold explicit zeros).
//! - There is no column metadata: `OneHotEncoder` sizes each column from the largest index
//!   it saw when fitted (Spark reads `StringIndexer`'s nominal attribute when present).
//! - Predictors train with the engines in `ml::estimator` (linfa, Lakelab's CART); their
//!   parameter mapping is documented in [`predictor`].

pub mod evaluate;
pub mod feature;
pub mod predictor;
pub mod pyfunc;
mod stage_de;
pub mod tune;

use serde::Serialize;

use crate::table::{Column, DType, Table, TableError};

pub use feature::{Assembler, Imputed, Indexed, OneHot, Scaled};
pub use predictor::PredictorModel;

/// What kind of exception a Spark ML failure is, as PySpark raises it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// `IllegalArgumentException` (`requirement failed: ...`, schema checks).
    IllegalArgument,
    /// `AnalysisException` (a column that does not resolve).
    Analysis,
    /// A job failure (`org.apache.spark.SparkException`: nulls, unseen labels).
    Spark,
    /// Something Lakelab does not implement.
    NotImplemented,
}

/// A Spark ML failure: the exception kind and Spark's message.
#[derive(Debug, Clone, PartialEq)]
pub struct MlError {
    pub kind: ErrorKind,
    pub message: String,
    /// The table engine's error behind an `Analysis` failure (worded by the binding).
    pub table: Option<TableError>,
}

impl MlError {
    pub fn illegal(m: impl Into<String>) -> MlError {
        MlError {
            kind: ErrorKind::IllegalArgument,
            message: m.into(),
            table: None,
        }
    }
    pub fn spark(m: impl Into<String>) -> MlError {
        MlError {
            kind: ErrorKind::Spark,
            message: format!("org.apache.spark.SparkException: {}", m.into()),
            table: None,
        }
    }
    pub fn not_implemented(m: impl Into<String>) -> MlError {
        MlError {
            kind: ErrorKind::NotImplemented,
            message: m.into(),
            table: None,
        }
    }
}

impl From<TableError> for MlError {
    fn from(e: TableError) -> MlError {
        let kind = match e {
            TableError::NoColumn { .. } | TableError::Ambiguous(_) => ErrorKind::Analysis,
            _ => ErrorKind::IllegalArgument,
        };
        MlError {
            kind,
            message: e.to_string(),
            table: Some(e),
        }
    }
}

pub type MlResult<T> = Result<T, MlError>;

/// A fitted (or fit-free) stage: every Spark ML `Transformer` Lakelab has. `Deserialize` is
/// in `stage_de`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum Stage {
    VectorAssembler(Assembler),
    StringIndexerModel(Indexed),
    OneHotEncoderModel(OneHot),
    ImputerModel(Imputed),
    StandardScalerModel(Scaled),
    Predictor(Box<PredictorModel>),
    PipelineModel { stages: Vec<Stage> },
}

impl Stage {
    /// `model.transform(df)`.
    pub fn transform(&self, t: &Table) -> MlResult<Table> {
        match self {
            Stage::VectorAssembler(a) => a.transform(t),
            Stage::StringIndexerModel(s) => s.transform(t),
            Stage::OneHotEncoderModel(s) => s.transform(t),
            Stage::ImputerModel(s) => s.transform(t),
            Stage::StandardScalerModel(s) => s.transform(t),
            Stage::Predictor(p) => p.transform(t),
            Stage::PipelineModel { stages } => {
                let mut out = t.clone();
                for s in stages {
                    out = s.transform(&out)?;
                }
                Ok(out)
            }
        }
    }

    /// PySpark's class name (`type(model).__name__`).
    pub fn class_name(&self) -> &'static str {
        match self {
            Stage::VectorAssembler(_) => "VectorAssembler",
            Stage::StringIndexerModel(_) => "StringIndexerModel",
            Stage::OneHotEncoderModel(_) => "OneHotEncoderModel",
            Stage::ImputerModel(_) => "ImputerModel",
            Stage::StandardScalerModel(_) => "StandardScalerModel",
            Stage::Predictor(p) => p.class_name(),
            Stage::PipelineModel { .. } => "PipelineModel",
        }
    }

    /// The last predictor of a pipeline (or the stage itself): what a pyfunc predicts with.
    pub fn predictor(&self) -> Option<&PredictorModel> {
        match self {
            Stage::Predictor(p) => Some(p),
            Stage::PipelineModel { stages } => stages.iter().rev().find_map(Stage::predictor),
            _ => None,
        }
    }
}

/// Spark's check that an output column is new.
pub fn require_new(t: &Table, name: &str) -> MlResult<()> {
    if t.names().iter().any(|n| n.eq_ignore_ascii_case(name)) {
        return Err(MlError::illegal(format!(
            "Output column {name} already exists."
        )));
    }
    Ok(())
}

/// The table with a new column appended (after [`require_new`]).
pub fn append(t: &Table, name: &str, col: Column) -> MlResult<Table> {
    let mut names = t.names().to_vec();
    let mut cols = t.columns().to_vec();
    names.push(name.to_string());
    cols.push(col);
    Ok(Table::new(names, cols)?)
}

/// A numeric input column as optional doubles (null is `None`, NaN stays NaN).
pub fn numeric(t: &Table, name: &str) -> MlResult<Vec<Option<f64>>> {
    let c = t.column(name, false)?;
    match c.dtype() {
        DType::Int | DType::Float => Ok((0..c.len()).map(|i| c.f64_at(i)).collect()),
        DType::Bool => Ok((0..c.len())
            .map(|i| match c.get(i) {
                crate::table::Cell::Bool(b) => Some(f64::from(u8::from(b))),
                _ => None,
            })
            .collect()),
        other => Err(MlError::illegal(format!(
            "requirement failed: Column {name} must be of type numeric but was actually of type {}.",
            other.spark_name()
        ))),
    }
}

/// A `weightCol`'s values, refused as Spark refuses them (its `checkNonNegativeWeight`).
pub fn weights(t: &Table, name: &str) -> MlResult<Vec<f64>> {
    numeric(t, name)?
        .into_iter()
        .map(|w| match w {
            Some(w) if w >= 0.0 && w.is_finite() => Ok(w),
            other => Err(MlError::spark(format!(
                "[FAILED_EXECUTE_UDF] Failed to execute user defined function (`checkNonNegativeWeight`). Caused by: java.lang.IllegalArgumentException: requirement failed: Weights MUST be non-Negative and finite, but got {}",
                match other {
                    None => "null".to_string(),
                    Some(w) if w.is_nan() => "NaN".to_string(),
                    Some(w) if w.is_infinite() => (if w > 0.0 { "Infinity" } else { "-Infinity" }).to_string(),
                    Some(w) => crate::table::float_text(w),
                }
            ))),
        })
        .collect()
}

/// A vector input column's rows (nulls refused, as Spark's predictors do).
pub fn vectors(t: &Table, name: &str) -> MlResult<Vec<Vec<f64>>> {
    let c = t.column(name, false)?;
    if c.dtype() != DType::Vector {
        return Err(MlError::illegal(format!(
            "requirement failed: Column {name} must be of type struct<type:tinyint,size:int,indices:array<int>,values:array<double>> but was actually {}.",
            c.dtype().spark_name()
        )));
    }
    (0..c.len())
        .map(|i| {
            c.vector_at(i).map(<[f64]>::to_vec).ok_or_else(|| {
                MlError::spark(format!(
                    "Column {name} holds a null vector in row {i}; drop or impute nulls before assembling features"
                ))
            })
        })
        .collect()
}
