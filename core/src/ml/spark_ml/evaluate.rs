//! The metrics of `pyspark.ml.evaluation`'s evaluators, with Spark's definitions and its
//! instance weights (`weightCol`; every weight is 1 when unset):
//! - `areaUnderROC` and `areaUnderPR`: trapezoids over the curve's points at each distinct
//!   score, counts weighted, the PR curve starting at recall 0 with the first point's
//!   precision;
//! - the multiclass metrics per label from weighted counts, averaged by each true label's
//!   weight (Spark's `MulticlassMetrics`);
//! - the regression metrics as Spark's `RegressionMetrics` computes them from its weighted
//!   summarizer (so `r2`'s total sum of squares is the summarizer's unbiased weighted
//!   variance times `Σw − 1`, exactly the plain sum of squares when the weights are 1).

use std::collections::BTreeMap;

use super::{MlError, MlResult};

fn no_rows() -> MlError {
    MlError::illegal("requirement failed: the dataset to evaluate has no rows")
}

/// The (false positive rate, recall, precision) points, one per distinct score, highest first.
fn curve(labels: &[f64], scores: &[f64], w: &[f64]) -> Vec<(f64, f64, f64)> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    crate::sorting::sort_by(&mut order, |&a, &b| scores[b].total_cmp(&scores[a]));
    let pos: f64 = (0..labels.len())
        .filter(|&i| labels[i] == 1.0)
        .map(|i| w[i])
        .sum();
    let neg = w.iter().sum::<f64>() - pos;
    let (mut tp, mut fp) = (0.0, 0.0);
    let mut out = Vec::new();
    let mut i = 0;
    while i < order.len() {
        let s = scores[order[i]];
        while i < order.len() && scores[order[i]] == s {
            if labels[order[i]] == 1.0 {
                tp += w[order[i]];
            } else {
                fp += w[order[i]];
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
pub fn binary(metric: &str, labels: &[f64], scores: &[f64], w: &[f64]) -> MlResult<f64> {
    if labels.is_empty() {
        return Err(no_rows());
    }
    let c = curve(labels, scores, w);
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

/// Weighted true positives, false positives, false negatives and label weight of a class.
#[derive(Default)]
struct Counts {
    tp: f64,
    fp: f64,
    fn_: f64,
    weight: f64,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

/// `MulticlassClassificationEvaluator`: `f1` (weighted), `accuracy`, `weightedPrecision`,
/// `weightedRecall`, or `logLoss` (needs `probabilities`, one row per prediction).
pub fn multiclass(
    metric: &str,
    labels: &[f64],
    predictions: &[f64],
    probabilities: Option<&[Vec<f64>]>,
    w: &[f64],
) -> MlResult<f64> {
    if labels.is_empty() {
        return Err(no_rows());
    }
    let total: f64 = w.iter().sum();
    if metric == "logLoss" {
        let probs = probabilities.ok_or_else(|| {
            MlError::illegal("logLoss needs the probability column (probabilityCol)")
        })?;
        // Spark clips with eps = 1e-15 and does not renormalise.
        let eps = 1e-15;
        let mut sum = 0.0;
        for ((k, row), wi) in labels.iter().zip(probs).zip(w) {
            let q = row
                .get(k.max(0.0) as usize)
                .copied()
                .unwrap_or(0.0)
                .clamp(eps, 1.0 - eps);
            sum -= wi * q.ln();
        }
        return Ok(sum / total);
    }
    let mut by_class: BTreeMap<i64, Counts> = BTreeMap::new();
    let mut hits = 0.0;
    for ((l, p), wi) in labels.iter().zip(predictions).zip(w) {
        let (l, p) = (*l as i64, *p as i64);
        by_class.entry(l).or_default().weight += wi;
        if l == p {
            hits += wi;
            by_class.entry(l).or_default().tp += wi;
        } else {
            by_class.entry(p).or_default().fp += wi;
            by_class.entry(l).or_default().fn_ += wi;
        }
    }
    if metric == "accuracy" {
        return Ok(hits / total);
    }
    let mut sum = 0.0;
    for c in by_class.values() {
        let precision = ratio(c.tp, c.tp + c.fp);
        let recall = ratio(c.tp, c.tp + c.fn_);
        sum += c.weight
            * match metric {
                "weightedPrecision" => precision,
                "weightedRecall" => recall,
                _ => ratio(2.0 * precision * recall, precision + recall),
            };
    }
    Ok(sum / total)
}

/// `RegressionEvaluator`: `rmse`, `mse`, `r2`, `mae` or `var` (explained variance);
/// `through_origin` is `throughOrigin` (`r2` against the uncentred sum of squares).
pub fn regression(
    metric: &str,
    labels: &[f64],
    predictions: &[f64],
    w: &[f64],
    through_origin: bool,
) -> MlResult<f64> {
    if labels.is_empty() {
        return Err(no_rows());
    }
    let total: f64 = w.iter().sum();
    let sum = |f: &dyn Fn(f64, f64) -> f64| -> f64 {
        labels
            .iter()
            .zip(predictions)
            .zip(w)
            .map(|((y, p), wi)| wi * f(*y, *p))
            .sum()
    };
    let mean = sum(&|y, _| y) / total;
    let ss_err = sum(&|y, p| (y - p).powi(2));
    Ok(match metric {
        "rmse" => (ss_err / total).sqrt(),
        "mse" => ss_err / total,
        "mae" => sum(&|y, p| (y - p).abs()) / total,
        "r2" if through_origin => 1.0 - ss_err / sum(&|y, _| y * y),
        "r2" => {
            let squares: f64 = w.iter().map(|wi| wi * wi).sum();
            let denominator = total - squares / total;
            let variance = if denominator > 0.0 {
                sum(&|y, _| (y - mean).powi(2)) / denominator
            } else {
                0.0
            };
            1.0 - ss_err / (variance * (total - 1.0))
        }
        _ => sum(&|_, p| (p - mean).powi(2)) / total,
    })
}
