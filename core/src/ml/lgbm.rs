//! A LightGBM-style gradient boosting learner (`lightgbm.LGBMClassifier` / `LGBMRegressor`
//! with `boosting_type="gbdt"`), Lakelab's own code: features binned once
//! ([`tree::Binned`]), gradient / hessian histograms per leaf (the larger child's histogram
//! is its parent's minus the smaller child's), **leaf-wise** growth (always split the leaf
//! whose best split gains most) until `num_leaves` leaves or `max_depth`, and Newton leaf
//! values `-G / (H + reg_lambda)` (with `reg_alpha` soft-thresholding `G`). Objectives:
//! binary log loss, multiclass softmax (K trees an iteration, hessian scaled by
//! `K / (K - 1)` as LightGBM does) and squared error, starting from the average
//! (`boost_from_average`: log-odds, log class priors, or the mean). Optional early stopping
//! on an eval set with LightGBM's default metric (`binary_logloss`, `multi_logloss`, `l2`).
//! The fitted model is a [`Boosted`] (trees with `x <= threshold` splits), so storing and
//! predicting share `boost`'s code.
//!
//! What differs from real LightGBM: missing values are refused (LightGBM routes NaN to a
//! learned side); at most [`tree::MAX_BINS`] bins cut at quantiles of all rows (LightGBM's
//! `max_bin=255` over a `subsample_for_bin` sample, with its own bin-boundary rules), and a
//! split's threshold is the midpoint between neighbouring bins' values; no categorical
//! features, no `path_smooth`, `max_delta_step` or monotone constraints; `subsample` (bagging,
//! with `subsample_freq > 0`) and `colsample_bytree` draw from Lakelab's seeded generator,
//! so the same `random_state` gives the same model in Lakelab but not LightGBM's.

use ndarray::Array2;

use super::boost::Boosted;
use super::tree::{Binned, Node, Tree};
use crate::rng::SeededRng;

/// The hyperparameters, with LightGBM's scikit-learn names and defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LgbmParams {
    pub n_estimators: usize,
    pub learning_rate: f64,
    pub num_leaves: usize,
    /// `None` for LightGBM's `max_depth=-1` (no limit).
    pub max_depth: Option<usize>,
    pub min_child_samples: usize,
    /// The least hessian sum a leaf may hold.
    pub min_child_weight: f64,
    pub min_split_gain: f64,
    pub subsample: f64,
    /// Bag every `subsample_freq` iterations; 0 turns bagging off (LightGBM ignores
    /// `subsample` then).
    pub subsample_freq: usize,
    pub colsample_bytree: f64,
    pub reg_alpha: f64,
    pub reg_lambda: f64,
    pub random_state: u64,
}

impl Default for LgbmParams {
    fn default() -> Self {
        LgbmParams {
            n_estimators: 100,
            learning_rate: 0.1,
            num_leaves: 31,
            max_depth: None,
            min_child_samples: 20,
            min_child_weight: 1e-3,
            min_split_gain: 0.0,
            subsample: 1.0,
            subsample_freq: 0,
            colsample_bytree: 1.0,
            reg_alpha: 0.0,
            reg_lambda: 0.0,
            random_state: 0,
        }
    }
}

impl LgbmParams {
    /// LightGBM's parameter checks, with its messages.
    fn check(&self) -> Result<(), String> {
        if self.n_estimators == 0 {
            return Err(
                "Check failed: (num_iterations) > (0): n_estimators must be at least 1".into(),
            );
        }
        if self.num_leaves < 2 || self.num_leaves > 131_072 {
            return Err(format!(
                "Check failed: (num_leaves) > (1): num_leaves must be in [2, 131072], got {}",
                self.num_leaves
            ));
        }
        if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            return Err(format!(
                "Check failed: (learning_rate) > (0.0): got learning_rate={}",
                self.learning_rate
            ));
        }
        for (name, v) in [
            ("subsample", self.subsample),
            ("colsample_bytree", self.colsample_bytree),
        ] {
            if !(v > 0.0 && v <= 1.0) {
                return Err(format!(
                    "Check failed: ({name}) > (0.0) && ({name}) <= (1.0): got {name}={v}"
                ));
            }
        }
        for (name, v) in [
            ("reg_alpha", self.reg_alpha),
            ("reg_lambda", self.reg_lambda),
            ("min_child_weight", self.min_child_weight),
            ("min_split_gain", self.min_split_gain),
        ] {
            if !(v >= 0.0 && v.is_finite()) {
                return Err(format!("Check failed: ({name}) >= (0.0): got {name}={v}"));
            }
        }
        Ok(())
    }
}

/// What the learner fits: class codes `0..n_classes` or values.
#[derive(Debug, Clone, Copy)]
pub enum LgbmTarget<'a> {
    Classes {
        codes: &'a [usize],
        n_classes: usize,
    },
    Values(&'a [f64]),
}

/// An eval set for early stopping: rows, their target, and the patience in rounds.
#[derive(Debug, Clone, Copy)]
pub struct EarlyStopping<'a> {
    pub x: &'a Array2<f64>,
    pub target: LgbmTarget<'a>,
    pub stopping_rounds: usize,
}

/// A fitted model and, with early stopping, the best iteration (1-based, LightGBM's
/// `best_iteration_`); the model keeps the trees up to it.
#[derive(Debug, Clone, PartialEq)]
pub struct LgbmFit {
    pub model: Boosted,
    pub best_iteration: Option<usize>,
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn softmax_into(z: &[f64], out: &mut [f64]) {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut s = 0.0;
    for (o, v) in out.iter_mut().zip(z) {
        *o = (v - m).exp();
        s += *o;
    }
    for o in out.iter_mut() {
        *o /= s;
    }
}

/// LightGBM's L1 soft threshold of a gradient sum.
fn threshold_l1(g: f64, alpha: f64) -> f64 {
    if alpha <= 0.0 {
        return g;
    }
    g.signum() * (g.abs() - alpha).max(0.0)
}

/// One histogram bin: gradient sum, hessian sum, row count.
type Bin = [f64; 3];

/// A leaf being grown: its rows (`order[start..end]`), sums, depth, node index, histogram
/// (dropped when too many are alive) and best split.
struct Leaf {
    start: usize,
    end: usize,
    sum_g: f64,
    sum_h: f64,
    depth: usize,
    node: usize,
    hist: Option<Vec<Bin>>,
    best: Option<Split>,
}

#[derive(Debug, Clone, Copy)]
struct Split {
    gain: f64,
    feature: usize,
    /// Rows with a bin `<= bin` go left.
    bin: usize,
    left_g: f64,
    left_h: f64,
}

/// One tree's growth over binned rows.
struct Grower<'a> {
    binned: &'a Binned,
    p: &'a LgbmParams,
    /// Where feature `f`'s bins start in a histogram.
    offsets: Vec<usize>,
    total_bins: usize,
    features: Vec<usize>,
    /// How many histograms may be kept at once (memory cap).
    max_hists: usize,
}

/// About 64 MB of histograms at most (a leaf-wise tree of 1,000 leaves over 100 features
/// would otherwise hold 600 MB).
const HIST_BUDGET_BYTES: usize = 64 << 20;

impl<'a> Grower<'a> {
    fn new(binned: &'a Binned, p: &'a LgbmParams, features: Vec<usize>) -> Grower<'a> {
        let mut offsets = Vec::with_capacity(binned.features());
        let mut total = 0;
        for f in 0..binned.features() {
            offsets.push(total);
            total += binned.bins(f);
        }
        let per = (total * std::mem::size_of::<Bin>()).max(1);
        Grower {
            binned,
            p,
            offsets,
            total_bins: total,
            features,
            max_hists: (HIST_BUDGET_BYTES / per).max(2),
        }
    }

    fn histogram(&self, rows: &[u32], g: &[f64], h: &[f64]) -> Vec<Bin> {
        let mut hist = vec![[0.0; 3]; self.total_bins];
        for &r in rows {
            let r = r as usize;
            let (Some(&gr), Some(&hr)) = (g.get(r), h.get(r)) else {
                continue;
            };
            let codes = self.binned.row(r);
            for &f in &self.features {
                if let (Some(&c), Some(&o)) = (codes.get(f), self.offsets.get(f)) {
                    if let Some(b) = hist.get_mut(o + c as usize) {
                        b[0] += gr;
                        b[1] += hr;
                        b[2] += 1.0;
                    }
                }
            }
        }
        hist
    }

    fn leaf_gain(&self, g: f64, h: f64) -> f64 {
        let t = threshold_l1(g, self.p.reg_alpha);
        t * t / (h + self.p.reg_lambda)
    }

    /// The best split of a leaf from its histogram; `None` when no split is allowed or
    /// gains more than `min_split_gain`.
    fn best_split(&self, hist: &[Bin], leaf: &Leaf) -> Option<Split> {
        let p = self.p;
        if p.max_depth.is_some_and(|d| leaf.depth >= d) {
            return None;
        }
        let count = (leaf.end - leaf.start) as f64;
        let min_count = p.min_child_samples.max(1) as f64;
        if count < 2.0 * min_count {
            return None;
        }
        let parent = self.leaf_gain(leaf.sum_g, leaf.sum_h);
        let mut best: Option<Split> = None;
        for &f in &self.features {
            let (Some(&o), bins) = (self.offsets.get(f), self.binned.bins(f)) else {
                continue;
            };
            let Some(fh) = hist.get(o..o + bins) else {
                continue;
            };
            let (mut lg, mut lh, mut lc) = (0.0, 0.0, 0.0);
            for (b, bin) in fh.iter().enumerate().take(bins.saturating_sub(1)) {
                lg += bin[0];
                lh += bin[1];
                lc += bin[2];
                if lc < min_count || lh < p.min_child_weight {
                    continue;
                }
                let (rg, rh, rc) = (leaf.sum_g - lg, leaf.sum_h - lh, count - lc);
                if rc < min_count || rh < p.min_child_weight {
                    break;
                }
                let gain = self.leaf_gain(lg, lh) + self.leaf_gain(rg, rh) - parent;
                if gain > p.min_split_gain && best.is_none_or(|s| gain > s.gain) {
                    best = Some(Split {
                        gain,
                        feature: f,
                        bin: b,
                        left_g: lg,
                        left_h: lh,
                    });
                }
            }
        }
        best
    }

    fn output(&self, g: f64, h: f64) -> f64 {
        let d = h + self.p.reg_lambda;
        if d <= 0.0 {
            0.0
        } else {
            -threshold_l1(g, self.p.reg_alpha) / d
        }
    }

    /// Grows one tree over `order` (the in-bag rows, any order; reordered so each leaf's
    /// rows are contiguous). Returns the tree and each leaf's row range in `order`.
    fn grow(&self, order: &mut [u32], g: &[f64], h: &[f64]) -> (Tree, Vec<(usize, usize, f64)>) {
        let (mut sg, mut sh) = (0.0, 0.0);
        for &r in order.iter() {
            sg += g.get(r as usize).copied().unwrap_or(0.0);
            sh += h.get(r as usize).copied().unwrap_or(0.0);
        }
        let mut nodes = vec![Node::Leaf { value: vec![0.0] }];
        let mut root = Leaf {
            start: 0,
            end: order.len(),
            sum_g: sg,
            sum_h: sh,
            depth: 0,
            node: 0,
            hist: None,
            best: None,
        };
        let hist = self.histogram(order, g, h);
        root.best = self.best_split(&hist, &root);
        root.hist = Some(hist);
        let mut leaves = vec![root];
        let mut alive = 1;
        let mut scratch: Vec<u32> = Vec::with_capacity(order.len());
        while leaves.len() < self.p.num_leaves {
            // The leaf whose split gains most (the first on ties).
            let mut pick: Option<(usize, f64)> = None;
            for (i, l) in leaves.iter().enumerate() {
                if let Some(s) = l.best {
                    if pick.is_none_or(|(_, g)| s.gain > g) {
                        pick = Some((i, s.gain));
                    }
                }
            }
            let Some((i, _)) = pick else { break };
            let leaf = &mut leaves[i];
            let Some(split) = leaf.best.take() else { break };
            let parent_hist = leaf.hist.take();
            if parent_hist.is_some() {
                alive -= 1;
            }
            let (start, end, depth, node) = (leaf.start, leaf.end, leaf.depth, leaf.node);
            let (psg, psh) = (leaf.sum_g, leaf.sum_h);
            // Stable partition of the leaf's rows.
            scratch.clear();
            let mut mid = start;
            for k in start..end {
                let r = order[k];
                let code = self
                    .binned
                    .row(r as usize)
                    .get(split.feature)
                    .copied()
                    .unwrap_or(0) as usize;
                if code <= split.bin {
                    order[mid] = r;
                    mid += 1;
                } else {
                    scratch.push(r);
                }
            }
            order[mid..end].copy_from_slice(&scratch);
            let bounds = self.binned.bounds(split.feature);
            let lo = bounds.get(split.bin).map_or(0.0, |b| b.1);
            let hi = bounds.get(split.bin + 1).map_or(lo, |b| b.0);
            let left_node = nodes.len();
            nodes.push(Node::Leaf { value: vec![0.0] });
            nodes.push(Node::Leaf { value: vec![0.0] });
            nodes[node] = Node::Split {
                feature: split.feature,
                threshold: lo + (hi - lo) / 2.0,
                left: left_node,
                right: left_node + 1,
            };
            let mut left = Leaf {
                start,
                end: mid,
                sum_g: split.left_g,
                sum_h: split.left_h,
                depth: depth + 1,
                node: left_node,
                hist: None,
                best: None,
            };
            let mut right = Leaf {
                start: mid,
                end,
                sum_g: psg - split.left_g,
                sum_h: psh - split.left_h,
                depth: depth + 1,
                node: left_node + 1,
                hist: None,
                best: None,
            };
            // Histogram the smaller child; the larger is the parent's minus it.
            let left_smaller = mid - start <= end - mid;
            let (small, large) = if left_smaller {
                (&mut left, &mut right)
            } else {
                (&mut right, &mut left)
            };
            let small_hist = self.histogram(&order[small.start..small.end], g, h);
            let large_hist = match parent_hist {
                Some(mut ph) => {
                    for (a, b) in ph.iter_mut().zip(&small_hist) {
                        a[0] -= b[0];
                        a[1] -= b[1];
                        a[2] -= b[2];
                    }
                    ph
                }
                None => self.histogram(&order[large.start..large.end], g, h),
            };
            small.best = self.best_split(&small_hist, small);
            large.best = self.best_split(&large_hist, large);
            for (child, hist) in [(small, small_hist), (large, large_hist)] {
                if child.best.is_some() && alive < self.max_hists {
                    child.hist = Some(hist);
                    alive += 1;
                }
            }
            leaves[i] = left;
            leaves.push(right);
        }
        let mut ranges = Vec::with_capacity(leaves.len());
        for l in &leaves {
            let v = self.output(l.sum_g, l.sum_h);
            if let Some(Node::Leaf { value }) = nodes.get_mut(l.node) {
                *value = vec![v];
            }
            ranges.push((l.start, l.end, v));
        }
        (Tree { nodes }, ranges)
    }
}

/// Gradients and hessians of every row for raw score column `c` of `k`.
fn gradients(
    target: LgbmTarget,
    raw: &[f64],
    probs: &[f64],
    k: usize,
    c: usize,
    w: &[f64],
    (g, h): (&mut [f64], &mut [f64]),
) {
    match target {
        LgbmTarget::Values(y) => {
            for (i, (&yi, &wi)) in y.iter().zip(w).enumerate() {
                if let (Some(gi), Some(hi), Some(&r)) = (g.get_mut(i), h.get_mut(i), raw.get(i)) {
                    *gi = (r - yi) * wi;
                    *hi = wi;
                }
            }
        }
        LgbmTarget::Classes { codes, .. } => {
            let factor = if k > 1 {
                k as f64 / (k as f64 - 1.0)
            } else {
                1.0
            };
            let positive = if k == 1 { 1 } else { c };
            for (i, (&y, &wi)) in codes.iter().zip(w).enumerate() {
                let p = probs.get(i * k + c).copied().unwrap_or(0.5);
                let label = f64::from(u8::from(y == positive));
                if let (Some(gi), Some(hi)) = (g.get_mut(i), h.get_mut(i)) {
                    *gi = (p - label) * wi;
                    *hi = (factor * p * (1.0 - p)).max(1e-16) * wi;
                }
            }
        }
    }
}

/// Probabilities (or the raw value for regression) from raw scores, row-major `k` a row.
fn transform(target: LgbmTarget, raw: &[f64], k: usize, out: &mut Vec<f64>) {
    out.clear();
    match target {
        LgbmTarget::Values(_) => out.extend_from_slice(raw),
        LgbmTarget::Classes { .. } if k == 1 => out.extend(raw.iter().map(|z| sigmoid(*z))),
        LgbmTarget::Classes { .. } => {
            out.resize(raw.len(), 0.0);
            for (z, o) in raw.chunks_exact(k).zip(out.chunks_exact_mut(k)) {
                softmax_into(z, o);
            }
        }
    }
}

/// LightGBM's default eval metric of the objective on raw scores (lower is better):
/// `binary_logloss`, `multi_logloss` or `l2`.
fn eval_metric(target: LgbmTarget, raw: &[f64], k: usize) -> f64 {
    let mut probs = Vec::new();
    transform(target, raw, k, &mut probs);
    let eps = 1e-15;
    match target {
        LgbmTarget::Values(y) => {
            let n = y.len().max(1) as f64;
            y.iter()
                .zip(&probs)
                .map(|(a, b)| (a - b).powi(2))
                .sum::<f64>()
                / n
        }
        LgbmTarget::Classes { codes, .. } => {
            let n = codes.len().max(1) as f64;
            let mut s = 0.0;
            for (i, &y) in codes.iter().enumerate() {
                let p = if k == 1 {
                    let p1 = probs.get(i).copied().unwrap_or(0.5);
                    if y == 1 {
                        p1
                    } else {
                        1.0 - p1
                    }
                } else {
                    probs.get(i * k + y).copied().unwrap_or(0.0)
                };
                s -= p.clamp(eps, 1.0 - eps).ln();
            }
            s / n
        }
    }
}

/// The starting raw scores (`boost_from_average`).
fn init_scores(target: LgbmTarget, w: &[f64]) -> Result<Vec<f64>, String> {
    let total: f64 = w.iter().sum();
    if total.is_nan() || total <= 0.0 {
        return Err("Sum of weights should be positive".into());
    }
    match target {
        LgbmTarget::Values(y) => Ok(vec![
            y.iter().zip(w).map(|(v, wi)| v * wi).sum::<f64>() / total,
        ]),
        LgbmTarget::Classes { codes, n_classes } => {
            let mut prior = vec![0.0; n_classes];
            for (&c, &wi) in codes.iter().zip(w) {
                if let Some(s) = prior.get_mut(c) {
                    *s += wi / total;
                }
            }
            if prior.iter().filter(|q| **q > 0.0).count() < 2 {
                return Err("y contains 1 class; LightGBM's classifier needs at least 2".into());
            }
            Ok(if n_classes == 2 {
                vec![(prior[1] / prior[0]).ln()]
            } else {
                prior.iter().map(|q| q.max(1e-15).ln()).collect()
            })
        }
    }
}

fn target_len(t: LgbmTarget) -> usize {
    match t {
        LgbmTarget::Classes { codes, .. } => codes.len(),
        LgbmTarget::Values(v) => v.len(),
    }
}

/// Adds `learning_rate` times tree `t`'s leaf values to column `c` of `raw` for every row
/// of `x`.
fn add_tree(t: &Tree, x: &Array2<f64>, lr: f64, raw: &mut [f64], k: usize, c: usize) {
    let values: Vec<f64> = t
        .nodes
        .iter()
        .map(|n| match n {
            Node::Leaf { value } => value.first().copied().unwrap_or(0.0),
            Node::Split { .. } => 0.0,
        })
        .collect();
    let flat = t.flat();
    super::tree::for_each_row(x, |i, row| {
        let leaf = match &flat {
            Some(f) => f.leaf_of(row),
            None => t.leaf_of(row).unwrap_or(usize::MAX),
        };
        if let Some(z) = raw.get_mut(i * k + c) {
            *z += lr * values.get(leaf).copied().unwrap_or(0.0);
        }
    });
}

/// Fits on `x` (finite values, one row per target entry) with weights `w`.
pub fn fit(
    x: &Array2<f64>,
    target: LgbmTarget,
    w: &[f64],
    p: &LgbmParams,
    early: Option<EarlyStopping>,
) -> Result<LgbmFit, String> {
    p.check()?;
    let n = x.nrows();
    if target_len(target) != n || w.len() != n {
        return Err(format!(
            "Length of labels differs from the length of #data: {} and {n}",
            target_len(target)
        ));
    }
    if n == 0 {
        return Err("Cannot construct Dataset since there are not enough rows (0)".into());
    }
    if let Some(e) = &early {
        if e.x.ncols() != x.ncols() {
            return Err(format!(
                "The number of features in the eval set ({}) does not match the training data ({})",
                e.x.ncols(),
                x.ncols()
            ));
        }
        if target_len(e.target) != e.x.nrows() {
            return Err("Length of eval labels differs from the length of the eval data".into());
        }
    }
    let init = init_scores(target, w)?;
    let k = init.len();
    let binned = Binned::new(x);
    let d = x.ncols();
    let mut rng = SeededRng::new(p.random_state);
    let mut raw: Vec<f64> = Vec::with_capacity(n * k);
    for _ in 0..n {
        raw.extend_from_slice(&init);
    }
    let mut eval_raw: Vec<f64> = Vec::new();
    if let Some(e) = &early {
        for _ in 0..e.x.nrows() {
            eval_raw.extend_from_slice(&init);
        }
    }
    let mut best: Option<(usize, f64)> = None;
    let (mut g, mut h) = (vec![0.0; n], vec![0.0; n]);
    let mut probs = Vec::with_capacity(n * k);
    let mut stages: Vec<Vec<Tree>> = Vec::with_capacity(p.n_estimators);
    let bagging = p.subsample < 1.0 && p.subsample_freq > 0;
    let mut bag: Vec<u32> = (0..n as u32).collect();
    for it in 0..p.n_estimators {
        if bagging && it % p.subsample_freq == 0 {
            let m = ((p.subsample * n as f64) as usize).clamp(1, n);
            let mut all: Vec<u32> = (0..n as u32).collect();
            for i in 0..m {
                let j = i + ((rng.unit() * (n - i) as f64) as usize).min(n - i - 1);
                all.swap(i, j);
            }
            all.truncate(m);
            all.sort_unstable();
            bag = all;
        }
        let mut features: Vec<usize> = (0..d).collect();
        if p.colsample_bytree < 1.0 && d > 1 {
            let m = ((p.colsample_bytree * d as f64).round() as usize).clamp(1, d);
            for i in 0..m {
                let j = i + ((rng.unit() * (d - i) as f64) as usize).min(d - i - 1);
                features.swap(i, j);
            }
            features.truncate(m);
            features.sort_unstable();
        }
        let grower = Grower::new(&binned, p, features);
        transform(target, &raw, k, &mut probs);
        let mut trees = Vec::with_capacity(k);
        for c in 0..k {
            gradients(target, &raw, &probs, k, c, w, (&mut g, &mut h));
            let mut order = bag.clone();
            let (tree, ranges) = grower.grow(&mut order, &g, &h);
            if bagging {
                add_tree(&tree, x, p.learning_rate, &mut raw, k, c);
            } else {
                for (s, e, v) in ranges {
                    for &r in order.get(s..e).unwrap_or(&[]) {
                        if let Some(z) = raw.get_mut(r as usize * k + c) {
                            *z += p.learning_rate * v;
                        }
                    }
                }
            }
            if let Some(e) = &early {
                add_tree(&tree, e.x, p.learning_rate, &mut eval_raw, k, c);
            }
            trees.push(tree);
        }
        stages.push(trees);
        if let Some(e) = &early {
            let score = eval_metric(e.target, &eval_raw, k);
            if best.is_none_or(|(_, b)| score < b) {
                best = Some((it, score));
            } else if best.is_some_and(|(b, _)| it - b >= e.stopping_rounds.max(1)) {
                break;
            }
        }
    }
    let best_iteration = early.and(best).map(|(b, _)| b + 1);
    if let Some(b) = best_iteration {
        stages.truncate(b);
    }
    Ok(LgbmFit {
        model: Boosted {
            init,
            learning_rate: p.learning_rate,
            stages,
        },
        best_iteration,
    })
}
