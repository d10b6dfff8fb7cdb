//! Gradient-boosted trees with scikit-learn's algorithm (`GradientBoostingClassifier` with
//! `loss="log_loss"`, `GradientBoostingRegressor` with `loss="squared_error"`): start from
//! the prior (log-odds, log class priors, or the mean), then each stage fits a regression
//! tree to the negative gradient and adds `learning_rate` times its leaves. Classification
//! leaves take a Newton step (sum of residuals over sum of `p (1 - p)`; for K classes scaled
//! by `(K - 1) / K`), as scikit-learn does. With `subsample < 1` each stage sees a sample
//! drawn without replacement (stochastic gradient boosting).
//!
//! Difference: the stage trees split on plain squared error, not Friedman's improvement
//! score (`criterion="friedman_mse"`); both pick the split that most reduces the residuals'
//! squared error for nearly all data. Trees are Lakelab's CART (`tree`), reproducible from
//! `random_state`. On many rows the features are binned once per fit and every stage's tree
//! splits on histograms (`tree::Binned`), as scikit-learn's `HistGradientBoosting*` does.

use ndarray::{Array2, ArrayView1};
use serde::{Deserialize, Serialize};

use super::tree::{self, Binned, Data, Growth, Node, Tree};
use crate::rng::SeededRng;

/// The hyperparameters, with scikit-learn's names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoostParams {
    pub n_estimators: usize,
    pub learning_rate: f64,
    pub growth: Growth,
    pub subsample: f64,
    pub max_features: Option<usize>,
    pub random_state: u64,
}

/// A fitted model: the initial raw scores and, per stage, one tree per raw score (one for
/// binary classification and regression, K for K classes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boosted {
    pub init: Vec<f64>,
    pub learning_rate: f64,
    pub stages: Vec<Vec<Tree>>,
}

impl BoostParams {
    fn check(&self) -> Result<(), String> {
        if self.n_estimators == 0 {
            return Err(
                "The 'n_estimators' parameter must be an int in the range [1, inf). Got 0 instead."
                    .into(),
            );
        }
        if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            return Err(format!(
                "The 'learning_rate' parameter must be a float in the range [0.0, inf). Got {} instead.",
                self.learning_rate
            ));
        }
        if !(self.subsample > 0.0 && self.subsample <= 1.0) {
            return Err(format!(
                "The 'subsample' parameter must be a float in the range (0.0, 1.0]. Got {} instead.",
                self.subsample
            ));
        }
        Ok(())
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn softmax(z: &[f64]) -> Vec<f64> {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
    let s: f64 = e.iter().sum();
    e.iter().map(|v| v / s).collect()
}

/// The rows a stage trains on: all, or a sample without replacement (sorted).
fn stage_rows(n: usize, subsample: f64, rng: &mut SeededRng) -> Vec<usize> {
    if subsample >= 1.0 {
        return (0..n).collect();
    }
    let k = ((subsample * n as f64) as usize).clamp(1, n);
    let mut all: Vec<usize> = (0..n).collect();
    for i in 0..k {
        let j = i + ((rng.unit() * (n - i) as f64) as usize).min(n - i - 1);
        all.swap(i, j);
    }
    let mut rows = all[..k].to_vec();
    rows.sort_unstable();
    rows
}

/// The leaf each row of `x` reaches (`usize::MAX` for none).
fn leaves_of(t: &Tree, x: &Array2<f64>) -> Vec<usize> {
    match t.flat() {
        Some(flat) => {
            let mut out = vec![usize::MAX; x.nrows()];
            tree::for_each_row(x, |i, row| {
                if let Some(o) = out.get_mut(i) {
                    *o = flat.leaf_of(row);
                }
            });
            out
        }
        None => x
            .rows()
            .into_iter()
            .map(|row| t.leaf_index(row).unwrap_or(usize::MAX))
            .collect(),
    }
}

/// Replaces each leaf's value by `num / den` summed over the rows reaching it (0 when the
/// denominator vanishes, as scikit-learn); `leaves` holds each row's leaf.
fn newton_leaves(t: &mut Tree, leaves: &[usize], rows: &[usize], num: &[f64], den: &[f64]) {
    let mut sums = vec![(0.0, 0.0); t.nodes.len()];
    for &i in rows {
        if let (Some(&l), Some(n), Some(d)) = (leaves.get(i), num.get(i), den.get(i)) {
            if let Some(s) = sums.get_mut(l) {
                s.0 += n;
                s.1 += d;
            }
        }
    }
    for (node, (n, d)) in t.nodes.iter_mut().zip(sums) {
        if let Node::Leaf { value } = node {
            *value = vec![if d.abs() < 1e-150 { 0.0 } else { n / d }];
        }
    }
}

/// A leaf's value (0 for a row that reached none).
fn leaf_value(t: &Tree, leaf: usize) -> f64 {
    match t.nodes.get(leaf) {
        Some(Node::Leaf { value }) => value.first().copied().unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Fits on class codes `0..n_classes`.
pub fn fit_classifier(
    x: &Array2<f64>,
    codes: &[usize],
    n_classes: usize,
    w: &[f64],
    p: &BoostParams,
) -> Result<Boosted, String> {
    p.check()?;
    let n = x.nrows();
    let total: f64 = w.iter().sum();
    let mut prior = vec![0.0; n_classes];
    for (&k, &wi) in codes.iter().zip(w) {
        if let Some(slot) = prior.get_mut(k) {
            *slot += wi / total;
        }
    }
    if prior.iter().filter(|q| **q > 0.0).count() < 2 {
        return Err("y contains 1 class after sample_weight trimmed classes with zero weights, while a minimum of 2 classes are required.".into());
    }
    let k = if n_classes == 2 { 1 } else { n_classes };
    let init: Vec<f64> = if k == 1 {
        vec![(prior[1] / prior[0]).ln()]
    } else {
        prior
            .iter()
            .map(|q| q.max(f64::MIN_POSITIVE).ln())
            .collect()
    };
    let binned = Binned::when_large(x);
    let data = Data::binned(x, binned.as_ref());
    let mut raw: Vec<Vec<f64>> = vec![init.clone(); n];
    let mut rng = SeededRng::new(p.random_state);
    let mut stages = Vec::with_capacity(p.n_estimators);
    for s in 0..p.n_estimators {
        let rows = stage_rows(n, p.subsample, &mut rng);
        // Row-major, `k` a row (one flat buffer: a `Vec` per row and stage was a tenth of a
        // boosted fit).
        let mut probs: Vec<f64> = Vec::with_capacity(n * k);
        for r in &raw {
            if k == 1 {
                probs.push(sigmoid(r[0]));
            } else {
                probs.extend(softmax(r));
            }
        }
        let mut trees = Vec::with_capacity(k);
        for c in 0..k {
            let target = if k == 1 { 1 } else { c };
            let resid: Vec<f64> = codes
                .iter()
                .zip(probs.chunks_exact(k))
                .map(|(&y, pr)| f64::from(u8::from(y == target)) - pr[c])
                .collect();
            let seed = p.random_state.wrapping_add((s * k + c) as u64 * 7919);
            let mut t = tree::fit_regressor(data, &resid, w, &rows, p.growth, p.max_features, seed);
            let scale = if k == 1 {
                1.0
            } else {
                (k as f64 - 1.0) / k as f64
            };
            let num: Vec<f64> = resid.iter().zip(w).map(|(r, wi)| scale * wi * r).collect();
            let den: Vec<f64> = resid
                .iter()
                .zip(w)
                .map(|(r, wi)| wi * r.abs() * (1.0 - r.abs()))
                .collect();
            let leaves = leaves_of(&t, x);
            newton_leaves(&mut t, &leaves, &rows, &num, &den);
            for (r, &l) in raw.iter_mut().zip(&leaves) {
                r[c] += p.learning_rate * leaf_value(&t, l);
            }
            trees.push(t);
        }
        stages.push(trees);
    }
    Ok(Boosted {
        init,
        learning_rate: p.learning_rate,
        stages,
    })
}

/// Fits a regressor on squared error.
pub fn fit_regressor(
    x: &Array2<f64>,
    y: &[f64],
    w: &[f64],
    p: &BoostParams,
) -> Result<Boosted, String> {
    p.check()?;
    let n = x.nrows();
    let total: f64 = w.iter().sum();
    let mean = y.iter().zip(w).map(|(v, wi)| v * wi).sum::<f64>() / total;
    let binned = Binned::when_large(x);
    let data = Data::binned(x, binned.as_ref());
    let mut raw = vec![mean; n];
    let mut rng = SeededRng::new(p.random_state);
    let mut stages = Vec::with_capacity(p.n_estimators);
    for s in 0..p.n_estimators {
        let rows = stage_rows(n, p.subsample, &mut rng);
        let resid: Vec<f64> = y.iter().zip(&raw).map(|(v, r)| v - r).collect();
        let seed = p.random_state.wrapping_add(s as u64 * 7919);
        let t = tree::fit_regressor(data, &resid, w, &rows, p.growth, p.max_features, seed);
        for (r, l) in raw.iter_mut().zip(leaves_of(&t, x)) {
            *r += p.learning_rate * leaf_value(&t, l);
        }
        stages.push(vec![t]);
    }
    Ok(Boosted {
        init: vec![mean],
        learning_rate: p.learning_rate,
        stages,
    })
}

impl Boosted {
    /// The raw scores of a row (log-odds, class scores or the value).
    pub fn raw(&self, row: ArrayView1<f64>) -> Vec<f64> {
        let owned;
        let values = match row.as_slice() {
            Some(v) => v,
            None => {
                owned = row.to_vec();
                &owned
            }
        };
        let mut z = self.init.clone();
        for stage in &self.stages {
            for (zc, t) in z.iter_mut().zip(stage) {
                let leaf = t.leaf_of(values).unwrap_or(usize::MAX);
                *zc += self.learning_rate * leaf_value(t, leaf);
            }
        }
        z
    }

    /// [`Self::raw`] of every row of `x`, row-major (`init.len()` scores a row): tree by
    /// tree over all rows, each row adding its stages in the same order as `raw`, so the
    /// scores are bit-identical (a boosted model of 150 stages predicted 50,000 rows in
    /// 0.6 s row by row).
    pub fn raw_rows(&self, x: &Array2<f64>) -> Vec<f64> {
        let k = self.init.len();
        let n = x.nrows();
        let mut z: Vec<f64> = Vec::with_capacity(n * k);
        for _ in 0..n {
            z.extend_from_slice(&self.init);
        }
        if k == 0 {
            return z;
        }
        for stage in &self.stages {
            for (c, t) in stage.iter().enumerate().take(k) {
                let values: Vec<f64> = (0..t.nodes.len()).map(|l| leaf_value(t, l)).collect();
                for (i, leaf) in leaves_of(t, x).into_iter().enumerate() {
                    if let Some(zc) = z.get_mut(i * k + c) {
                        *zc += self.learning_rate * values.get(leaf).copied().unwrap_or(0.0);
                    }
                }
            }
        }
        z
    }

    /// [`Self::proba`] of every row of `x`.
    pub fn proba_rows(&self, x: &Array2<f64>) -> Vec<Vec<f64>> {
        let k = self.init.len().max(1);
        self.raw_rows(x)
            .chunks(k)
            .map(|z| self.proba_of(z))
            .collect()
    }

    /// [`Self::value`] of every row of `x`.
    pub fn values_rows(&self, x: &Array2<f64>) -> Vec<f64> {
        let k = self.init.len();
        if k == 0 {
            return vec![f64::NAN; x.nrows()];
        }
        self.raw_rows(x).chunks(k).map(|z| z[0]).collect()
    }

    fn proba_of(&self, z: &[f64]) -> Vec<f64> {
        match z {
            [one] => {
                let p = sigmoid(*one);
                vec![1.0 - p, p]
            }
            _ => softmax(z),
        }
    }

    /// Class probabilities of a row.
    pub fn proba(&self, row: ArrayView1<f64>) -> Vec<f64> {
        self.proba_of(&self.raw(row))
    }

    /// The predicted value of a row (regression).
    pub fn value(&self, row: ArrayView1<f64>) -> f64 {
        self.raw(row).first().copied().unwrap_or(f64::NAN)
    }
}
