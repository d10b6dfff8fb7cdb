//! `pyspark.ml.evaluation`: which columns each evaluator reads and which metrics it knows
//! (the metrics themselves are `ml::spark_ml::evaluate`). An unknown `metricName` is Spark's
//! `IllegalArgumentException`, raised when evaluating (PySpark passes params to the JVM then).

use super::ml_err;
use super::params::StageObj;
use crate::ml::spark_ml::{evaluate, numeric, vectors, weights, MlError};
use crate::notebook::error::{ExcType, PyErr};
use crate::table::{DType, Table};

fn metrics_of(class: &str) -> &'static [&'static str] {
    match class {
        "BinaryClassificationEvaluator" => &["areaUnderROC", "areaUnderPR"],
        "MulticlassClassificationEvaluator" => &[
            "f1",
            "accuracy",
            "weightedPrecision",
            "weightedRecall",
            "logLoss",
        ],
        _ => &["rmse", "mse", "r2", "mae", "var"],
    }
}

/// `evaluator.isLargerBetter()`.
pub fn larger_is_better(o: &StageObj) -> bool {
    !matches!(
        o.text("metricName").as_str(),
        "rmse" | "mse" | "mae" | "logLoss" | "hammingLoss"
    )
}

fn labels(t: &Table, name: &str) -> Result<Vec<f64>, MlError> {
    numeric(t, name)?
        .into_iter()
        .map(|v| {
            v.ok_or_else(|| {
                MlError::spark(format!(
                    "Column {name} holds a null; evaluators need a value on every row"
                ))
            })
        })
        .collect()
}

/// `evaluator.evaluate(df)`, rows weighted by `weightCol` when it is set.
pub fn evaluate(o: &StageObj, t: &Table) -> Result<f64, PyErr> {
    let metric = o.text("metricName");
    if !metrics_of(o.class.name).contains(&metric.as_str()) {
        return Err(PyErr::new(
            ExcType::IllegalArgumentException,
            format!(
                "{} parameter metricName given invalid value {metric}. Supported options: {}",
                o.uid,
                metrics_of(o.class.name).join(", ")
            ),
        ));
    }
    let label = labels(t, &o.text("labelCol")).map_err(ml_err)?;
    let w = match o.text("weightCol") {
        c if c.is_empty() => vec![1.0; label.len()],
        c => weights(t, &c).map_err(ml_err)?,
    };
    let r = match o.class.name {
        "BinaryClassificationEvaluator" => {
            let raw = o.text("rawPredictionCol");
            let c = t.column(&raw, false).map_err(|e| ml_err(e.into()))?;
            // A vector column scores with its second entry (the positive class), a number with
            // itself: both as Spark.
            let scores: Vec<f64> = if c.dtype() == DType::Vector {
                vectors(t, &raw)
                    .map_err(ml_err)?
                    .iter()
                    .map(|v| v.get(1).copied().unwrap_or(f64::NAN))
                    .collect()
            } else {
                labels(t, &raw).map_err(ml_err)?
            };
            evaluate::binary(&metric, &label, &scores, &w)
        }
        "MulticlassClassificationEvaluator" => {
            let pred = labels(t, &o.text("predictionCol")).map_err(ml_err)?;
            let probs = if metric == "logLoss" {
                Some(vectors(t, &o.text("probabilityCol")).map_err(ml_err)?)
            } else {
                None
            };
            evaluate::multiclass(&metric, &label, &pred, probs.as_deref(), &w)
        }
        _ => {
            let pred = labels(t, &o.text("predictionCol")).map_err(ml_err)?;
            let through_origin = o.get("throughOrigin").truthy();
            evaluate::regression(&metric, &label, &pred, &w, through_origin)
        }
    };
    r.map_err(ml_err)
}
