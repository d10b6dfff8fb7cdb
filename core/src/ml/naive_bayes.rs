//! Gaussian naive Bayes with scikit-learn's statistics (`GaussianNB(priors=None,
//! var_smoothing=1e-9)`): per-class (weighted) feature means and variances, every variance
//! widened by `var_smoothing` times the largest feature variance of the whole training set,
//! and class priors from the (weighted) class counts.
//!
//! Why not linfa-bayes: its fitted model keeps the per-class statistics private (in a
//! HashMap), so a fitted model could not be stored as JSON in an MLflow run, which Lakelab
//! needs; the statistics themselves are a few lines.

use ndarray::{Array2, ArrayView1};
use serde::{Deserialize, Serialize};

/// A fitted Gaussian naive Bayes model: one row of `theta` / `var` per class code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GaussianNb {
    pub theta: Vec<Vec<f64>>,
    pub var: Vec<Vec<f64>>,
    /// Class priors; 0 for a class code with no training rows (never predicted).
    pub prior: Vec<f64>,
}

/// Fits on class codes `0..n_classes` with per-row weights.
pub fn fit(
    x: &Array2<f64>,
    codes: &[usize],
    n_classes: usize,
    w: &[f64],
    var_smoothing: f64,
) -> Result<GaussianNb, String> {
    if !(var_smoothing >= 0.0 && var_smoothing.is_finite()) {
        return Err(format!(
            "The 'var_smoothing' parameter of GaussianNB must be a float in the range [0.0, inf). Got {var_smoothing} instead."
        ));
    }
    let (n, d) = x.dim();
    // scikit-learn: epsilon = var_smoothing * np.var(X, axis=0).max() (unweighted, all rows).
    let mut max_var = 0.0f64;
    for j in 0..d {
        let col = x.column(j);
        let mean = col.sum() / n as f64;
        let var = col.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64;
        max_var = max_var.max(var);
    }
    let epsilon = var_smoothing * max_var;
    let mut count = vec![0.0; n_classes];
    let mut sum = vec![vec![0.0; d]; n_classes];
    for ((row, &k), &wi) in x.rows().into_iter().zip(codes).zip(w) {
        let Some(c) = count.get_mut(k) else {
            return Err(format!("class code {k} is out of range"));
        };
        *c += wi;
        for (s, v) in sum[k].iter_mut().zip(row) {
            *s += wi * v;
        }
    }
    let theta: Vec<Vec<f64>> = sum
        .iter()
        .zip(&count)
        .map(|(s, &c)| {
            s.iter()
                .map(|v| if c > 0.0 { v / c } else { 0.0 })
                .collect()
        })
        .collect();
    let mut var = vec![vec![0.0; d]; n_classes];
    for ((row, &k), &wi) in x.rows().into_iter().zip(codes).zip(w) {
        for ((s, v), m) in var[k].iter_mut().zip(row).zip(&theta[k]) {
            *s += wi * (v - m).powi(2);
        }
    }
    for (vk, &c) in var.iter_mut().zip(&count) {
        for v in vk.iter_mut() {
            *v = if c > 0.0 { *v / c } else { 0.0 } + epsilon;
        }
    }
    let total: f64 = count.iter().sum();
    if total <= 0.0 {
        return Err("GaussianNB needs at least one sample with a positive weight".into());
    }
    let prior = count.iter().map(|c| c / total).collect();
    Ok(GaussianNb { theta, var, prior })
}

impl GaussianNb {
    /// Class probabilities for one row: the softmax of the joint log-likelihoods.
    pub fn proba(&self, row: ArrayView1<f64>) -> Vec<f64> {
        let jll: Vec<f64> = self
            .prior
            .iter()
            .zip(self.theta.iter().zip(&self.var))
            .map(|(&p, (theta, var))| {
                if p <= 0.0 {
                    return f64::NEG_INFINITY;
                }
                let mut l = p.ln();
                for ((x, m), v) in row.iter().zip(theta).zip(var) {
                    // A zero variance (constant feature, var_smoothing=0) would divide by
                    // zero; the smallest positive float keeps the result finite.
                    let v = v.max(f64::MIN_POSITIVE);
                    l -= 0.5 * (2.0 * std::f64::consts::PI * v).ln() + (x - m).powi(2) / (2.0 * v);
                }
                l
            })
            .collect();
        let m = jll.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !m.is_finite() {
            return vec![1.0 / self.prior.len().max(1) as f64; self.prior.len()];
        }
        let e: Vec<f64> = jll.iter().map(|l| (l - m).exp()).collect();
        let s: f64 = e.iter().sum();
        e.iter().map(|v| v / s).collect()
    }
}
