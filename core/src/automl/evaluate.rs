//! A trial's metrics per split, named as `mlflow.evaluate` logs them in AutoML's trial
//! notebooks (`metric_prefix` `training_`, `val_`, `test_`): `f1_score`, `precision_score`,
//! `recall_score`, `accuracy_score`, `log_loss`, `roc_auc`, `example_count` for classifiers;
//! `r2_score`, `mean_squared_error`, `root_mean_squared_error`, `mean_absolute_error`,
//! `max_error`, `mean_on_target`, `sum_on_target`, `example_count` for regressors.
//!
//! Binary scores use the positive class (`pos_label`); multiclass precision / recall / F1 are
//! support-weighted and ROC AUC is one-vs-rest, support-weighted (MLflow's defaults).

use crate::ml::metrics::{self, Average};
use crate::ml::pipeline::argmax;

fn push(out: &mut Vec<(String, f64)>, prefix: &str, key: &str, v: Result<f64, impl Sized>) {
    if let Ok(v) = v {
        out.push((format!("{prefix}{key}"), v));
    }
}

/// Classification metrics of class probabilities `proba` against codes `y`.
pub fn classification(
    prefix: &str,
    y: &[usize],
    proba: &[Vec<f64>],
    n_classes: usize,
    positive: usize,
) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    let pred: Vec<usize> = proba.iter().map(|p| argmax(p)).collect();
    out.push((format!("{prefix}example_count"), y.len() as f64));
    push(
        &mut out,
        prefix,
        "accuracy_score",
        metrics::accuracy(y, &pred),
    );
    let average = if n_classes == 2 {
        Average::Binary(positive)
    } else {
        Average::Weighted
    };
    if let Ok(prf) = metrics::precision_recall_f1(y, &pred, &average) {
        out.push((format!("{prefix}f1_score"), prf.f1));
        out.push((format!("{prefix}precision_score"), prf.precision));
        out.push((format!("{prefix}recall_score"), prf.recall));
    }
    push(&mut out, prefix, "log_loss", metrics::log_loss(y, proba));
    let auc = if n_classes == 2 {
        let truth: Vec<bool> = y.iter().map(|&k| k == positive).collect();
        let score: Vec<f64> = proba
            .iter()
            .map(|p| p.get(positive).copied().unwrap_or(0.0))
            .collect();
        metrics::roc_auc(&truth, &score).ok()
    } else {
        let (mut sum, mut weight) = (0.0, 0.0);
        for k in 0..n_classes {
            let truth: Vec<bool> = y.iter().map(|&c| c == k).collect();
            let support = truth.iter().filter(|t| **t).count() as f64;
            let score: Vec<f64> = proba
                .iter()
                .map(|p| p.get(k).copied().unwrap_or(0.0))
                .collect();
            if let Ok(a) = metrics::roc_auc(&truth, &score) {
                sum += support * a;
                weight += support;
            }
        }
        (weight > 0.0).then(|| sum / weight)
    };
    if let Some(a) = auc {
        out.push((format!("{prefix}roc_auc"), a));
    }
    out
}

/// Regression metrics of predictions `pred` against `y`.
pub fn regression(prefix: &str, y: &[f64], pred: &[f64]) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    out.push((format!("{prefix}example_count"), y.len() as f64));
    push(
        &mut out,
        prefix,
        "mean_absolute_error",
        metrics::mae(y, pred),
    );
    push(
        &mut out,
        prefix,
        "mean_squared_error",
        metrics::mse(y, pred),
    );
    push(
        &mut out,
        prefix,
        "root_mean_squared_error",
        metrics::rmse(y, pred),
    );
    push(&mut out, prefix, "r2_score", metrics::r2(y, pred));
    if !y.is_empty() {
        let max_error = y
            .iter()
            .zip(pred)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        out.push((format!("{prefix}max_error"), max_error));
        let sum: f64 = y.iter().sum();
        out.push((format!("{prefix}sum_on_target"), sum));
        out.push((format!("{prefix}mean_on_target"), sum / y.len() as f64));
    }
    out
}
