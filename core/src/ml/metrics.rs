//! Evaluation metrics with scikit-learn's definitions and edge cases, which AutoML logs and
//! learners call from cells: accuracy, precision / recall / F1 (binary with a positive label,
//! or macro / micro / weighted averages), log loss, ROC AUC and the ROC / precision–recall
//! curves, MSE, RMSE, MAE and R².
//!
//! Edge cases follow scikit-learn 1.5: a precision or recall with no predicted (or actual)
//! positives is 0 (`zero_division="warn"` returns 0); log loss clips probabilities to
//! `[eps, 1 - eps]` with the float64 machine epsilon; ROC AUC is undefined with one class in
//! `y_true` (an error with scikit-learn's message); R² of a constant target is 1 for a perfect
//! prediction and 0 otherwise (`force_finite=True`). Lengths that differ are refused with
//! scikit-learn's message.

use std::collections::BTreeMap;

/// Why a metric cannot be computed, in scikit-learn's words (a `ValueError`).
#[derive(Debug, Clone, PartialEq)]
pub struct MetricError(pub String);

pub type MetricResult<T> = Result<T, MetricError>;

fn same_length(a: usize, b: usize) -> MetricResult<()> {
    if a == b {
        Ok(())
    } else {
        Err(MetricError(format!(
            "Found input variables with inconsistent numbers of samples: [{a}, {b}]"
        )))
    }
}

fn non_empty(n: usize) -> MetricResult<()> {
    if n == 0 {
        Err(MetricError(
            "Found array with 0 sample(s) (shape=(0,)) while a minimum of 1 is required.".into(),
        ))
    } else {
        Ok(())
    }
}

/// `accuracy_score`: the share of exact matches.
pub fn accuracy<T: PartialEq>(y_true: &[T], y_pred: &[T]) -> MetricResult<f64> {
    same_length(y_true.len(), y_pred.len())?;
    non_empty(y_true.len())?;
    let hits = y_true.iter().zip(y_pred).filter(|(a, b)| a == b).count();
    Ok(hits as f64 / y_true.len() as f64)
}

/// How per-class scores combine (`average=`).
#[derive(Debug, Clone, PartialEq)]
pub enum Average<T> {
    /// Only the class `pos_label` (scikit-learn's default for binary targets).
    Binary(T),
    Macro,
    Micro,
    Weighted,
}

/// Precision, recall and F1 with the same averaging.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

fn f1_of(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// `precision_recall_fscore_support(..., average=)` without the support.
pub fn precision_recall_f1<T: Ord + Clone>(
    y_true: &[T],
    y_pred: &[T],
    average: &Average<T>,
) -> MetricResult<Prf> {
    same_length(y_true.len(), y_pred.len())?;
    non_empty(y_true.len())?;
    // Per class: (true positives, predicted, actual).
    let mut counts: BTreeMap<&T, (usize, usize, usize)> = BTreeMap::new();
    for (t, p) in y_true.iter().zip(y_pred) {
        counts.entry(t).or_default().2 += 1;
        counts.entry(p).or_default().1 += 1;
        if t == p {
            counts.entry(t).or_default().0 += 1;
        }
    }
    Ok(match average {
        Average::Binary(pos) => {
            let (tp, predicted, actual) = counts.get(pos).copied().unwrap_or_default();
            let (p, r) = (ratio(tp, predicted), ratio(tp, actual));
            Prf {
                precision: p,
                recall: r,
                f1: f1_of(p, r),
            }
        }
        Average::Micro => {
            let tp: usize = counts.values().map(|c| c.0).sum();
            let p = ratio(tp, y_true.len());
            Prf {
                precision: p,
                recall: p,
                f1: p,
            }
        }
        Average::Macro | Average::Weighted => {
            let weighted = matches!(average, Average::Weighted);
            let (mut p, mut r, mut f, mut w) = (0.0, 0.0, 0.0, 0.0);
            for (tp, predicted, actual) in counts.values() {
                let weight = if weighted { *actual as f64 } else { 1.0 };
                let (cp, cr) = (ratio(*tp, *predicted), ratio(*tp, *actual));
                p += weight * cp;
                r += weight * cr;
                f += weight * f1_of(cp, cr);
                w += weight;
            }
            Prf {
                precision: p / w,
                recall: r / w,
                f1: f / w,
            }
        }
    })
}

/// `log_loss(y_true, y_prob)` for classes `0..k` and rows of class probabilities (each row
/// renormalised, as scikit-learn does).
pub fn log_loss(y_true: &[usize], y_prob: &[Vec<f64>]) -> MetricResult<f64> {
    same_length(y_true.len(), y_prob.len())?;
    non_empty(y_true.len())?;
    let eps = f64::EPSILON;
    let mut total = 0.0;
    for (t, row) in y_true.iter().zip(y_prob) {
        let sum: f64 = row.iter().map(|p| p.clamp(eps, 1.0 - eps)).sum();
        let p = row
            .get(*t)
            .ok_or_else(|| {
                MetricError(format!(
                    "y_true contains class {t}, but y_prob has only {} columns",
                    row.len()
                ))
            })?
            .clamp(eps, 1.0 - eps)
            / sum;
        total -= p.ln();
    }
    Ok(total / y_true.len() as f64)
}

/// The positions of `y_score` ascending (or descending) by score, ties in position order:
/// the stable sort's order, from one unstable sort of (score, position) pairs held together
/// (AutoML sorts a validation split of 20,000 scores several times per trial; the shared
/// `sorting::sort_by` goes through positions and a `dyn` comparator).
fn score_order(y_score: &[f64], descending: bool) -> Vec<usize> {
    let mut pairs: Vec<(f64, usize)> = y_score.iter().copied().zip(0..).collect();
    pairs.sort_unstable_by(|a, b| {
        let by_score = if descending {
            b.0.total_cmp(&a.0)
        } else {
            a.0.total_cmp(&b.0)
        };
        by_score.then(a.1.cmp(&b.1))
    });
    pairs.into_iter().map(|(_, i)| i).collect()
}

/// `roc_auc_score(y_true, y_score)` for a binary target: the probability that a random
/// positive scores above a random negative (ties count half), from average ranks.
pub fn roc_auc(y_true: &[bool], y_score: &[f64]) -> MetricResult<f64> {
    same_length(y_true.len(), y_score.len())?;
    let positives = y_true.iter().filter(|t| **t).count();
    let negatives = y_true.len() - positives;
    if positives == 0 || negatives == 0 {
        return Err(MetricError(
            "Only one class present in y_true. ROC AUC score is not defined in that case.".into(),
        ));
    }
    let order = score_order(y_score, false);
    // Average ranks (1-based) over ties.
    let mut rank_sum_pos = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && y_score[order[j + 1]] == y_score[order[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            if y_true[k] {
                rank_sum_pos += avg;
            }
        }
        i = j + 1;
    }
    let p = positives as f64;
    Ok((rank_sum_pos - p * (p + 1.0) / 2.0) / (p * negatives as f64))
}

/// Cumulative (false positives, true positives) at each distinct score, highest first, with
/// the score: the points of scikit-learn's curves before `drop_intermediate`.
fn ranked_counts(y_true: &[bool], y_score: &[f64]) -> Vec<(f64, f64, f64)> {
    let n = y_score.len().min(y_true.len());
    let order = score_order(&y_score[..n], true);
    let (mut fp, mut tp) = (0.0, 0.0);
    let mut out = Vec::new();
    for (n, &i) in order.iter().enumerate() {
        if y_true[i] {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        let last_of_tie = order
            .get(n + 1)
            .is_none_or(|&next| y_score[next] != y_score[i]);
        if last_of_tie {
            out.push((fp, tp, y_score[i]));
        }
    }
    out
}

/// `roc_curve(y_true, y_score, drop_intermediate=...)`: false and true positive rates and
/// thresholds, starting at (0, 0) with an infinite threshold as scikit-learn does.
/// `drop_intermediate` drops the points that lie on a straight line between their
/// neighbours (scikit-learn's rule: zero second difference of both counts).
pub fn roc_curve(y_true: &[bool], y_score: &[f64], drop_intermediate: bool) -> MetricResult<Curve> {
    same_length(y_true.len(), y_score.len())?;
    let positives = y_true.iter().filter(|t| **t).count() as f64;
    let negatives = y_true.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return Err(MetricError(
            "Only one class present in y_true. ROC curve is not defined in that case.".into(),
        ));
    }
    let mut c = Curve {
        x: vec![0.0],
        y: vec![0.0],
        thresholds: vec![f64::INFINITY],
    };
    let mut counts = ranked_counts(y_true, y_score);
    if drop_intermediate && counts.len() > 2 {
        let keep: Vec<bool> = (0..counts.len())
            .map(|i| {
                i == 0
                    || i + 1 == counts.len()
                    || counts[i - 1].0 - 2.0 * counts[i].0 + counts[i + 1].0 != 0.0
                    || counts[i - 1].1 - 2.0 * counts[i].1 + counts[i + 1].1 != 0.0
            })
            .collect();
        let mut k = keep.iter();
        counts.retain(|_| k.next() == Some(&true));
    }
    for (fp, tp, t) in counts {
        c.x.push(fp / negatives);
        c.y.push(tp / positives);
        c.thresholds.push(t);
    }
    Ok(c)
}

/// A curve's points: `x` (FPR or recall), `y` (TPR or precision) and the score thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub thresholds: Vec<f64>,
}

/// The precision–recall curve by decreasing threshold: scikit-learn's
/// `precision_recall_curve` arrays reversed, so its closing point (recall 0, precision 1)
/// comes first, here with an infinite threshold. `x` is recall and `y` precision.
pub fn precision_recall_curve(y_true: &[bool], y_score: &[f64]) -> MetricResult<Curve> {
    same_length(y_true.len(), y_score.len())?;
    let positives = y_true.iter().filter(|t| **t).count() as f64;
    if positives == 0.0 {
        return Err(MetricError(
            "No positive class found in y_true, recall is ill-defined.".into(),
        ));
    }
    let mut c = Curve {
        x: vec![0.0],
        y: vec![1.0],
        thresholds: vec![f64::INFINITY],
    };
    for (fp, tp, t) in ranked_counts(y_true, y_score) {
        c.x.push(tp / positives);
        c.y.push(tp / (tp + fp));
        c.thresholds.push(t);
    }
    Ok(c)
}

fn pairs(y_true: &[f64], y_pred: &[f64]) -> MetricResult<()> {
    same_length(y_true.len(), y_pred.len())?;
    non_empty(y_true.len())
}

/// `mean_squared_error`.
pub fn mse(y_true: &[f64], y_pred: &[f64]) -> MetricResult<f64> {
    pairs(y_true, y_pred)?;
    let s: f64 = y_true
        .iter()
        .zip(y_pred)
        .map(|(t, p)| (t - p).powi(2))
        .sum();
    Ok(s / y_true.len() as f64)
}

/// `root_mean_squared_error`.
pub fn rmse(y_true: &[f64], y_pred: &[f64]) -> MetricResult<f64> {
    mse(y_true, y_pred).map(f64::sqrt)
}

/// `mean_absolute_error`.
pub fn mae(y_true: &[f64], y_pred: &[f64]) -> MetricResult<f64> {
    pairs(y_true, y_pred)?;
    let s: f64 = y_true.iter().zip(y_pred).map(|(t, p)| (t - p).abs()).sum();
    Ok(s / y_true.len() as f64)
}

/// `r2_score`: 1 - SS_res / SS_tot.
pub fn r2(y_true: &[f64], y_pred: &[f64]) -> MetricResult<f64> {
    pairs(y_true, y_pred)?;
    let mean = y_true.iter().sum::<f64>() / y_true.len() as f64;
    let ss_res: f64 = y_true
        .iter()
        .zip(y_pred)
        .map(|(t, p)| (t - p).powi(2))
        .sum();
    let ss_tot: f64 = y_true.iter().map(|t| (t - mean).powi(2)).sum();
    Ok(if ss_tot == 0.0 {
        if ss_res == 0.0 {
            1.0
        } else {
            0.0
        }
    } else {
        1.0 - ss_res / ss_tot
    })
}
