//! The metrics of `pyspark.ml.evaluation`'s evaluators, with Spark's definitions:
//! `areaUnderROC` and `areaUnderPR` (trapezoids over the curve's points at each distinct
//! score, the PR curve starting at recall 0 with the first point's precision), the
//! multiclass metrics weighted by each label's frequency, and the regression metrics.

use super::{MlError, MlResult};
use crate::ml::metrics;

fn no_rows() -> MlError {
    MlError::illegal("requirement failed: the dataset to evaluate has no rows")
}

/// The (false positive rate, recall, precision) points, one per distinct score, highest first.
fn curve(labels: &[f64], scores: &[f64]) -> Vec<(f64, f64, f64)> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    crate::sorting::sort_by(&mut order, |&a, &b| scores[b].total_cmp(&scores[a]));
    let pos = labels.iter().filter(|l| **l == 1.0).count() as f64;
    let neg = labels.len() as f64 - pos;
    let (mut tp, mut fp) = (0.0, 0.0);
    let mut out = Vec::new();
    let mut i = 0;
    while i < order.len() {
        let s = scores[order[i]];
        while i < order.len() && scores[order[i]] == s {
            if labels[order[i]] == 1.0 {
                tp += 1.0;
            } else {
                fp += 1.0;
            }
            i += 1;
        }
        let fpr = if neg > 0.0 { fp / neg } else { 0.0 };
        let recall = if pos > 0.0 { tp / pos } else { 0.0 };
        out.push((fpr, recall, tp / (tp + fp)));
    }
    out
}

fn trapezoid(points: &[(f64, f64)]) -> f64 {
    points
        .windows(2)
        .map(|w| (w[1].0 - w[0].0) * (w[1].1 + w[0].1) / 2.0)
        .sum()
}

/// `BinaryClassificationEvaluator`: `metric` is `areaUnderROC` or `areaUnderPR`; `labels`
/// are 0/1 and `scores` the positive class's raw score or probability.
pub fn binary(metric: &str, labels: &[f64], scores: &[f64]) -> MlResult<f64> {
    if labels.is_empty() {
        return Err(no_rows());
    }
    let c = curve(labels, scores);
    Ok(match metric {
        "areaUnderROC" => {
            let mut pts = vec![(0.0, 0.0)];
            pts.extend(c.iter().map(|p| (p.0, p.1)));
            pts.push((1.0, 1.0));
            trapezoid(&pts)
        }
        _ => {
            let mut pts = vec![(0.0, c.first().map_or(1.0, |p| p.2))];
            pts.extend(c.iter().map(|p| (p.1, p.2)));
            trapezoid(&pts)
        }
    })
}

/// `MulticlassClassificationEvaluator`: `f1` (weighted), `accuracy`, `weightedPrecision`,
/// `weightedRecall`, or `logLoss` (needs `probabilities`, one row per prediction).
pub fn multiclass(
    metric: &str,
    labels: &[f64],
    predictions: &[f64],
    probabilities: Option<&[Vec<f64>]>,
) -> MlResult<f64> {
    if labels.is_empty() {
        return Err(no_rows());
    }
    let codes = |v: &[f64]| -> Vec<i64> { v.iter().map(|x| *x as i64).collect() };
    let (t, p) = (codes(labels), codes(predictions));
    let err = |e: metrics::MetricError| MlError::illegal(e.0);
    Ok(match metric {
        "accuracy" => metrics::accuracy(&t, &p).map_err(err)?,
        "logLoss" => {
            let probs = probabilities.ok_or_else(|| {
                MlError::illegal("logLoss needs the probability column (probabilityCol)")
            })?;
            let y: Vec<usize> = t.iter().map(|v| (*v).max(0) as usize).collect();
            // Spark clips with eps = 1e-15 and does not renormalise.
            let eps = 1e-15;
            let mut total = 0.0;
            for (k, row) in y.iter().zip(probs) {
                let q = row.get(*k).copied().unwrap_or(0.0).clamp(eps, 1.0 - eps);
                total -= q.ln();
            }
            total / y.len() as f64
        }
        _ => {
            let prf =
                metrics::precision_recall_f1(&t, &p, &metrics::Average::Weighted).map_err(err)?;
            match metric {
                "weightedPrecision" => prf.precision,
                "weightedRecall" => prf.recall,
                _ => prf.f1,
            }
        }
    })
}

/// `RegressionEvaluator`: `rmse`, `mse`, `r2`, `mae` or `var` (explained variance).
pub fn regression(metric: &str, labels: &[f64], predictions: &[f64]) -> MlResult<f64> {
    if labels.is_empty() {
        return Err(no_rows());
    }
    let err = |e: metrics::MetricError| MlError::illegal(e.0);
    Ok(match metric {
        "rmse" => metrics::rmse(labels, predictions).map_err(err)?,
        "mse" => metrics::mse(labels, predictions).map_err(err)?,
        "mae" => metrics::mae(labels, predictions).map_err(err)?,
        "r2" => metrics::r2(labels, predictions).map_err(err)?,
        _ => {
            let n = labels.len() as f64;
            let m = labels.iter().sum::<f64>() / n;
            predictions.iter().map(|p| (p - m).powi(2)).sum::<f64>() / n
        }
    })
}
