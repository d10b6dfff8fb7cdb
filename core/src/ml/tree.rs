//! Decision trees as Lakelab stores them: a flat list of nodes, each split sending
//! `x[feature] <= threshold` left (scikit-learn's rule), each leaf holding class probabilities (classification: the
//! weighted class fractions of its training rows, as scikit-learn's `predict_proba`) or a
//! value (regression: the weighted mean).
//!
//! The trees are Lakelab's own CART (scikit-learn's algorithm: best threshold per feature,
//! midpoints between distinct values, Gini / entropy / squared error, per-split feature
//! sampling for forests). linfa-trees was tried first: it sums class weights in a `HashMap`
//! whose iteration order changes between runs, so near-tied splits came out differently from
//! the same seed, and the core promises results reproducible from a seed. linfa 0.8 also has
//! no regression tree.

use ndarray::{Array2, ArrayView1};
use serde::{Deserialize, Serialize};

use crate::rng::SeededRng;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Node {
    Split {
        feature: usize,
        threshold: f64,
        left: usize,
        right: usize,
    },
    Leaf {
        value: Vec<f64>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    pub nodes: Vec<Node>,
}

impl Tree {
    /// The leaf a row reaches.
    pub fn leaf(&self, row: ArrayView1<f64>) -> &[f64] {
        match self.leaf_index(row).and_then(|i| self.nodes.get(i)) {
            Some(Node::Leaf { value }) => value,
            _ => &[],
        }
    }

    /// The index of the leaf node a row reaches; `None` for a malformed tree (a stored file
    /// whose links leave the node list or loop: at most one step per node is taken).
    pub fn leaf_index(&self, row: ArrayView1<f64>) -> Option<usize> {
        let mut at = 0;
        for _ in 0..=self.nodes.len() {
            match self.nodes.get(at)? {
                Node::Split {
                    feature,
                    threshold,
                    left,
                    right,
                } => {
                    let x = row.get(*feature).copied().unwrap_or(f64::NAN);
                    at = if x <= *threshold { *left } else { *right };
                }
                Node::Leaf { .. } => return Some(at),
            }
        }
        None
    }

    pub fn depth(&self) -> usize {
        fn walk(t: &Tree, at: usize) -> usize {
            match t.nodes.get(at) {
                Some(Node::Split { left, right, .. }) => 1 + walk(t, *left).max(walk(t, *right)),
                _ => 0,
            }
        }
        walk(self, 0)
    }

    pub fn leaves(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| matches!(n, Node::Leaf { .. }))
            .count()
    }
}

/// How a classification tree measures impurity (`criterion=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    Gini,
    Entropy,
}

/// Growth limits shared by both kinds of tree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Growth {
    pub max_depth: Option<usize>,
    pub min_samples_split: usize,
    pub min_samples_leaf: usize,
}

/// What a tree learns: values, or class codes with an impurity criterion.
#[derive(Clone, Copy)]
enum Labels<'a> {
    Values(&'a [f64]),
    Classes(&'a [usize], usize, Criterion),
}

fn impurity(counts: &[f64], total: f64, criterion: Criterion) -> f64 {
    if total <= 0.0 {
        return 0.0;
    }
    match criterion {
        Criterion::Gini => 1.0 - counts.iter().map(|c| (c / total).powi(2)).sum::<f64>(),
        Criterion::Entropy => -counts
            .iter()
            .filter(|c| **c > 0.0)
            .map(|c| (c / total) * (c / total).log2())
            .sum::<f64>(),
    }
}

struct Cart<'a> {
    x: &'a Array2<f64>,
    labels: Labels<'a>,
    w: &'a [f64],
    growth: Growth,
    /// Features tried per split (all when `None`).
    max_features: Option<usize>,
    rng: SeededRng,
    nodes: Vec<Node>,
    /// Scratch: which rows go left at the split being applied.
    goes_left: Vec<bool>,
}

/// A node's rows, once per feature, each list sorted by that feature's value (ties in row
/// order) and holding the value beside the row, so a scan reads memory in order. Sorting
/// once per tree and partitioning the lists stably at each split costs O(rows × features)
/// per level instead of a sort per node and feature.
type Sorted = Vec<Vec<(f64, usize)>>;

/// The rows of a node (any one of its lists).
fn rows_of(by_feature: &Sorted) -> Vec<usize> {
    by_feature
        .first()
        .map_or_else(Vec::new, |l| l.iter().map(|&(_, r)| r).collect())
}

impl Cart<'_> {
    fn leaf(&mut self, rows: &[usize]) -> usize {
        let value = match self.labels {
            Labels::Values(y) => {
                let (mut sw, mut swy) = (0.0, 0.0);
                for &r in rows {
                    sw += self.w[r];
                    swy += self.w[r] * y[r];
                }
                vec![if sw > 0.0 { swy / sw } else { 0.0 }]
            }
            Labels::Classes(y, k, _) => {
                let mut counts = vec![0.0; k];
                for &r in rows {
                    if let Some(c) = counts.get_mut(y[r]) {
                        *c += self.w[r];
                    }
                }
                let total: f64 = counts.iter().sum();
                if total > 0.0 {
                    counts.iter_mut().for_each(|c| *c /= total);
                }
                counts
            }
        };
        self.nodes.push(Node::Leaf { value });
        self.nodes.len() - 1
    }

    fn candidate_features(&mut self) -> Vec<usize> {
        let d = self.x.ncols();
        let mut all: Vec<usize> = (0..d).collect();
        if let Some(k) = self.max_features.filter(|&k| k < d) {
            for i in 0..k {
                let j = i + ((self.rng.unit() * (d - i) as f64) as usize).min(d - i - 1);
                all.swap(i, j);
            }
            all.truncate(k.max(1));
        }
        all
    }

    /// The best (feature, threshold) over the candidate features, if a split is allowed and
    /// lowers the impurity (squared error, Gini or entropy), weighted by row weight.
    fn best_split(&mut self, by_feature: &Sorted) -> Option<(usize, f64)> {
        let rows = &rows_of(by_feature);
        let min_leaf = self.growth.min_samples_leaf.max(1);
        let tw: f64 = rows.iter().map(|&r| self.w[r]).sum();
        if tw <= 0.0 {
            return None;
        }
        // Totals for the parent: sum of w*y (regression) or class weights (classification).
        let (k, twy, total_counts) = match self.labels {
            Labels::Values(y) => (
                0,
                rows.iter().map(|&r| self.w[r] * y[r]).sum::<f64>(),
                Vec::new(),
            ),
            Labels::Classes(y, k, _) => {
                let mut c = vec![0.0; k];
                for &r in rows {
                    c[y[r].min(k - 1)] += self.w[r];
                }
                (k, 0.0, c)
            }
        };
        let parent = match self.labels {
            Labels::Values(_) => -twy * twy / tw,
            Labels::Classes(_, _, crit) => tw * impurity(&total_counts, tw, crit),
        };
        let mut best: Option<(usize, f64, f64)> = None;
        let mut left_counts = vec![0.0; k];
        let mut right_counts = vec![0.0; k];
        for f in self.candidate_features() {
            let Some(sorted) = by_feature.get(f) else {
                continue;
            };
            let (mut lw, mut lwy) = (0.0, 0.0);
            left_counts.iter_mut().for_each(|c| *c = 0.0);
            for i in 0..sorted.len() - 1 {
                let (a, r) = sorted[i];
                lw += self.w[r];
                match self.labels {
                    Labels::Values(y) => lwy += self.w[r] * y[r],
                    Labels::Classes(y, k, _) => left_counts[y[r].min(k - 1)] += self.w[r],
                }
                let b = sorted[i + 1].0;
                if a == b || i + 1 < min_leaf || sorted.len() - i - 1 < min_leaf {
                    continue;
                }
                let rw = tw - lw;
                if lw <= 0.0 || rw <= 0.0 {
                    continue;
                }
                let score = match self.labels {
                    // Weighted SSE up to a constant: -(sum wy)^2 / sum w on each side.
                    Labels::Values(_) => {
                        let rwy = twy - lwy;
                        -lwy * lwy / lw - rwy * rwy / rw
                    }
                    Labels::Classes(_, _, crit) => {
                        for ((rc, tc), lc) in
                            right_counts.iter_mut().zip(&total_counts).zip(&left_counts)
                        {
                            *rc = tc - lc;
                        }
                        lw * impurity(&left_counts, lw, crit)
                            + rw * impurity(&right_counts, rw, crit)
                    }
                };
                if score < parent - 1e-12 && best.is_none_or(|(_, _, s)| score < s - 1e-12) {
                    // The midpoint, unless it rounds up onto `b` (neighbouring floats): then
                    // `a`, so that `<=` still separates them (scikit-learn does the same).
                    let mid = a + (b - a) / 2.0;
                    best = Some((f, if mid >= b { a } else { mid }, score));
                }
            }
        }
        best.map(|(f, t, _)| (f, t))
    }

    fn grow(&mut self, by_feature: Sorted, depth: usize) -> usize {
        let n_rows = by_feature.first().map_or(0, Vec::len);
        let stop = n_rows < self.growth.min_samples_split.max(2)
            || self.growth.max_depth.is_some_and(|d| depth >= d);
        let split = if stop {
            None
        } else {
            self.best_split(&by_feature)
        };
        let Some((feature, threshold)) = split else {
            return self.leaf(&rows_of(&by_feature));
        };
        if let Some(list) = by_feature.get(feature) {
            for &(v, i) in list {
                self.goes_left[i] = v <= threshold;
            }
        }
        let (l, r): (Sorted, Sorted) = by_feature
            .into_iter()
            .map(|list| list.into_iter().partition(|&(_, i)| self.goes_left[i]))
            .unzip();
        let at = self.nodes.len();
        self.nodes.push(Node::Leaf { value: vec![] });
        let left = self.grow(l, depth + 1);
        let right = self.grow(r, depth + 1);
        self.nodes[at] = Node::Split {
            feature,
            threshold,
            left,
            right,
        };
        at
    }
}

fn fit(
    x: &Array2<f64>,
    labels: Labels,
    weights: &[f64],
    rows: &[usize],
    growth: Growth,
    max_features: Option<usize>,
    seed: u64,
) -> Tree {
    let mut cart = Cart {
        x,
        labels,
        w: weights,
        growth,
        max_features,
        rng: SeededRng::new(seed),
        nodes: Vec::new(),
        goes_left: vec![false; x.nrows()],
    };
    // Rows beyond the data (a caller's mistake) are left out rather than read out of bounds.
    let rows: Vec<usize> = rows.iter().copied().filter(|&r| r < x.nrows()).collect();
    let by_feature: Sorted = (0..x.ncols().max(1))
        .map(|f| {
            let mut list: Vec<(f64, usize)> = rows
                .iter()
                .map(|&r| (x.get([r, f]).copied().unwrap_or(0.0), r))
                .collect();
            list.sort_by(|a, b| a.0.total_cmp(&b.0));
            list
        })
        .collect();
    cart.grow(by_feature, 0);
    Tree { nodes: cart.nodes }
}

/// Grows a regression tree (squared error) on `rows` of `x`; `max_features` features are
/// tried per split (all when `None`).
pub fn fit_regressor(
    x: &Array2<f64>,
    y: &[f64],
    weights: &[f64],
    rows: &[usize],
    growth: Growth,
    max_features: Option<usize>,
    seed: u64,
) -> Tree {
    fit(
        x,
        Labels::Values(y),
        weights,
        rows,
        growth,
        max_features,
        seed,
    )
}

/// Grows a classification tree on `rows` of `x` for class codes `y` in `0..n_classes`.
#[allow(clippy::too_many_arguments)]
pub fn fit_classifier(
    x: &Array2<f64>,
    y: &[usize],
    weights: &[f64],
    rows: &[usize],
    n_classes: usize,
    criterion: Criterion,
    growth: Growth,
    max_features: Option<usize>,
    seed: u64,
) -> Tree {
    let labels = Labels::Classes(y, n_classes.max(1), criterion);
    fit(x, labels, weights, rows, growth, max_features, seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn regression_tree_finds_the_step() {
        let x = array![[1.0], [2.0], [3.0], [10.0], [11.0], [12.0]];
        let y = [1.0, 1.0, 1.0, 5.0, 5.0, 5.0];
        let rows: Vec<usize> = (0..6).collect();
        let growth = Growth {
            max_depth: None,
            min_samples_split: 2,
            min_samples_leaf: 1,
        };
        let t = fit_regressor(&x, &y, &[1.0; 6], &rows, growth, None, 1);
        assert_eq!(t.depth(), 1);
        assert_eq!(t.leaf(array![2.5].view()), &[1.0]);
        assert_eq!(t.leaf(array![9.0].view()), &[5.0]);
        match &t.nodes[0] {
            Node::Split { threshold, .. } => assert_eq!(*threshold, 6.5),
            other => panic!("expected a split, got {other:?}"),
        }
    }

    #[test]
    fn classifier_leaves_hold_class_fractions() {
        let x = array![[0.0], [0.1], [0.2], [1.0], [1.1], [1.2]];
        let y = [0, 0, 0, 1, 1, 1];
        let growth = Growth {
            max_depth: Some(1),
            min_samples_split: 2,
            min_samples_leaf: 1,
        };
        let rows: Vec<usize> = (0..6).collect();
        let t = fit_classifier(
            &x,
            &y,
            &[1.0; 6],
            &rows,
            2,
            Criterion::Gini,
            growth,
            None,
            0,
        );
        assert_eq!(t.leaf(array![0.05].view()), &[1.0, 0.0]);
        assert_eq!(t.leaf(array![1.15].view()), &[0.0, 1.0]);
    }
}
