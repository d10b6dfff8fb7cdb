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
//!
//! On many rows (at least [`HIST_MIN_ROWS`]) a fit may bin each feature once ([`Binned`]: at
//! most [`MAX_BINS`] bins cut at quantiles, LightGBM's and scikit-learn's
//! `HistGradientBoosting` idea) and find splits from per-bin histograms instead of scanning
//! every row in sorted order. A forest or a boosted model bins once and reuses the bins for
//! every tree, so no tree sorts. Candidate thresholds are then the bin boundaries only; each is
//! the midpoint between the largest training value left of it and the smallest to its right
//! (at the node), as in the exact search, and `x <= threshold` still goes left. A feature
//! with at most [`MAX_BINS`] distinct values gets one bin per value, so its splits are exactly
//! the exact search's. Small data (every scikit-learn comparison) keeps the exact search.

use ndarray::{Array2, ArrayView1};
use serde::{Deserialize, Serialize};

use crate::rng::SeededRng;

/// Rows from which estimators bin features for their trees (`Binned::when_large`).
pub const HIST_MIN_ROWS: usize = 5_000;

/// The most bins a feature gets (codes fit in a byte).
pub const MAX_BINS: usize = 255;

/// Nodes with fewer rows find their split from their rows sorted by bin rather than from a
/// histogram of every bin (`Cart::scan_sparse`; the same split either way).
const SPARSE_ROWS: usize = 128;

/// Features binned once for many trees: each row's bin per feature, and the smallest and
/// largest value in each bin.
#[derive(Debug, Clone, PartialEq)]
pub struct Binned {
    /// Row-major codes: `rows[r * features + f]` is the bin of row `r` in feature `f` (a
    /// histogram pass reads each row's codes together).
    rows: Vec<u8>,
    /// `bounds[f][b]`: the smallest and largest value of feature `f` in bin `b`.
    bounds: Vec<Vec<(f64, f64)>>,
}

impl Binned {
    /// Bins every feature of `x` over all its rows: one bin per distinct value when there are
    /// at most [`MAX_BINS`], else bins closed at the quantiles `k / MAX_BINS` (a value never
    /// straddles two bins).
    pub fn new(x: &Array2<f64>) -> Binned {
        let (n, d) = (x.nrows(), x.ncols());
        let mut rows = vec![0u8; n * d];
        let mut bounds = Vec::with_capacity(d);
        for (f, column) in x.columns().into_iter().enumerate() {
            let mut sorted: Vec<(f64, usize)> = column.iter().copied().zip(0..n).collect();
            sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut distinct = 0;
            for (i, (v, _)) in sorted.iter().enumerate() {
                if i == 0 || sorted[i - 1].0 != *v {
                    distinct += 1;
                }
            }
            let per_value = distinct <= MAX_BINS;
            let mut edges: Vec<(f64, f64)> = Vec::new();
            let mut i = 0;
            while i < sorted.len() {
                // One distinct value: rows i..j.
                let v = sorted[i].0;
                let mut j = i;
                while j < sorted.len() && sorted[j].0 == v {
                    j += 1;
                }
                let open_new = match edges.last() {
                    None => true,
                    Some(_) if per_value => true,
                    // Close the current bin once it reaches its quantile.
                    Some(_) => i * MAX_BINS >= edges.len() * n,
                };
                if open_new && edges.len() < MAX_BINS {
                    edges.push((v, v));
                } else if let Some(last) = edges.last_mut() {
                    last.1 = v;
                }
                let b = edges.len().saturating_sub(1) as u8;
                for &(_, r) in &sorted[i..j] {
                    if let Some(c) = rows.get_mut(r * d + f) {
                        *c = b;
                    }
                }
                i = j;
            }
            bounds.push(edges);
        }
        Binned { rows, bounds }
    }

    /// The bins of `x` when it has at least [`HIST_MIN_ROWS`] rows; `None` (exact splits)
    /// below.
    pub fn when_large(x: &Array2<f64>) -> Option<Binned> {
        (x.nrows() >= HIST_MIN_ROWS).then(|| Binned::new(x))
    }

    /// How many bins feature `f` has.
    pub fn bins(&self, f: usize) -> usize {
        self.bounds.get(f).map_or(0, Vec::len)
    }

    /// How many features were binned.
    pub fn features(&self) -> usize {
        self.bounds.len()
    }

    /// Row `r`'s bin in every feature (empty past the last row).
    pub fn row(&self, r: usize) -> &[u8] {
        let d = self.bounds.len();
        self.rows.get(r * d..(r + 1) * d).unwrap_or(&[])
    }

    /// The smallest and largest value of feature `f` in each of its bins.
    pub fn bounds(&self, f: usize) -> &[(f64, f64)] {
        self.bounds.get(f).map_or(&[], Vec::as_slice)
    }
}

/// What a tree learns from: the rows × features matrix, and optionally its bins (then splits
/// come from histograms).
#[derive(Debug, Clone, Copy)]
pub struct Data<'a> {
    pub x: &'a Array2<f64>,
    pub binned: Option<&'a Binned>,
}

impl<'a> Data<'a> {
    /// Exact splits over every distinct value.
    pub fn exact(x: &'a Array2<f64>) -> Data<'a> {
        Data { x, binned: None }
    }

    /// Histogram splits over `binned` (built from the same `x`); exact when `None`.
    pub fn binned(x: &'a Array2<f64>, binned: Option<&'a Binned>) -> Data<'a> {
        Data { x, binned }
    }
}

/// A split or a leaf, written untagged. `Deserialize` is in `tree_de`.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[serde(remote = "Self")]
pub struct Tree {
    pub nodes: Vec<Node>,
}

crate::flat_de::map_only!(Tree);

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
        match row.as_slice() {
            Some(values) => self.leaf_of(values),
            None => self.leaf_of(&row.to_vec()),
        }
    }

    /// [`Self::leaf_index`] of a row's values.
    pub fn leaf_of(&self, row: &[f64]) -> Option<usize> {
        let nodes = self.nodes.as_slice();
        let mut at = 0;
        for _ in 0..=nodes.len() {
            match nodes.get(at)? {
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

    /// The tree packed for fast prediction ([`Flat`]); `None` for a malformed tree.
    pub fn flat(&self) -> Option<Flat> {
        Flat::new(self)
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

/// A tree's nodes packed for predicting many rows (16 bytes a node instead of an enum
/// holding a `Vec`, no per-step bounds re-checks): the same walk as [`Tree::leaf_of`], so
/// the same leaves. Only built for well-formed trees, whose every child comes after its
/// parent in the node list (as `fit` writes them), so a walk always ends on a leaf.
#[derive(Debug, Clone)]
pub struct Flat {
    nodes: Vec<FlatNode>,
}

#[derive(Debug, Clone, Copy)]
struct FlatNode {
    threshold: f64,
    /// `u32::MAX` for a leaf.
    feature: u32,
    left: u32,
    right: u32,
}

impl Flat {
    /// `None` when `t` is empty, has more than `u32::MAX - 1` nodes, or has a child link that
    /// does not point forward inside the list (a damaged stored model: callers then walk
    /// with [`Tree::leaf_of`], which guards every step).
    pub fn new(t: &Tree) -> Option<Flat> {
        let len = t.nodes.len();
        if len == 0 || len >= u32::MAX as usize {
            return None;
        }
        let mut nodes = Vec::with_capacity(len);
        for (i, node) in t.nodes.iter().enumerate() {
            nodes.push(match node {
                Node::Split {
                    feature,
                    threshold,
                    left,
                    right,
                } => {
                    let ok = |c: usize| c > i && c < len;
                    if !(ok(*left) && ok(*right)) || *feature >= u32::MAX as usize {
                        return None;
                    }
                    FlatNode {
                        threshold: *threshold,
                        feature: *feature as u32,
                        left: *left as u32,
                        right: *right as u32,
                    }
                }
                Node::Leaf { .. } => FlatNode {
                    threshold: 0.0,
                    feature: u32::MAX,
                    left: 0,
                    right: 0,
                },
            });
        }
        Some(Flat { nodes })
    }

    /// The index of the leaf node `row` reaches (as [`Tree::leaf_of`]).
    #[inline]
    pub fn leaf_of(&self, row: &[f64]) -> usize {
        let mut at = 0;
        // Children come after their parent, so this ends within `nodes.len()` steps.
        while let Some(n) = self.nodes.get(at) {
            if n.feature == u32::MAX {
                return at;
            }
            let x = row.get(n.feature as usize).copied().unwrap_or(f64::NAN);
            at = if x <= n.threshold { n.left } else { n.right } as usize;
        }
        usize::MAX
    }
}

/// Calls `f(row index, row values)` for every row of `x`: straight from its buffer when it
/// is in standard (row-major) layout, else through a copy of each row.
pub fn for_each_row(x: &Array2<f64>, mut f: impl FnMut(usize, &[f64])) {
    let d = x.ncols();
    match x.as_slice() {
        Some(all) if d > 0 => {
            for (i, row) in all.chunks_exact(d).enumerate() {
                f(i, row);
            }
        }
        _ => {
            let mut buf = Vec::with_capacity(d);
            for (i, row) in x.rows().into_iter().enumerate() {
                buf.clear();
                buf.extend(row.iter().copied());
                f(i, &buf);
            }
        }
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
        let (tw, twy, total_counts, parent) = self.totals(rows);
        if tw <= 0.0 {
            return None;
        }
        let k = total_counts.len();
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
                let score = self.split_score(
                    (lw, lwy, &left_counts),
                    (tw, twy, &total_counts),
                    &mut right_counts,
                );
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

    /// The parent's totals over `rows`: total weight, sum of `w * y` (regression) or class
    /// weights (classification), and the impurity term the children must beat.
    /// The impurity of a split, weighted by side (lower is better), from the left side's and
    /// the node's (weight, weighted target sum, class weights); `right_counts` is scratch.
    /// Shared by the exact and the binned scans so both rank splits alike.
    fn split_score(
        &self,
        (lw, lwy, left_counts): (f64, f64, &[f64]),
        (tw, twy, total_counts): (f64, f64, &[f64]),
        right_counts: &mut [f64],
    ) -> f64 {
        let rw = tw - lw;
        match self.labels {
            // Weighted SSE up to a constant: -(sum wy)^2 / sum w on each side.
            Labels::Values(_) => {
                let rwy = twy - lwy;
                -lwy * lwy / lw - rwy * rwy / rw
            }
            Labels::Classes(_, _, crit) => {
                for ((rc, tc), lc) in right_counts.iter_mut().zip(total_counts).zip(left_counts) {
                    *rc = tc - lc;
                }
                lw * impurity(left_counts, lw, crit) + rw * impurity(right_counts, rw, crit)
            }
        }
    }

    fn totals(&self, rows: &[usize]) -> (f64, f64, Vec<f64>, f64) {
        let tw: f64 = rows.iter().map(|&r| self.w[r]).sum();
        let (twy, counts) = match self.labels {
            Labels::Values(y) => (
                rows.iter().map(|&r| self.w[r] * y[r]).sum::<f64>(),
                Vec::new(),
            ),
            Labels::Classes(y, k, _) => {
                let mut c = vec![0.0; k];
                for &r in rows {
                    c[y[r].min(k - 1)] += self.w[r];
                }
                (0.0, c)
            }
        };
        let parent = match self.labels {
            Labels::Values(_) => -twy * twy / tw,
            Labels::Classes(_, _, crit) => tw * impurity(&counts, tw, crit),
        };
        (tw, twy, counts, parent)
    }

    /// [`Self::best_split`] over bins: one histogram per candidate feature (rows, weight, and
    /// `w * y` or the class weights per bin), filled in one pass over the node's rows (each
    /// row's codes lie together), then scanned left to right. Returns the feature, the last
    /// bin that goes left and the threshold.
    fn best_split_binned(
        &mut self,
        b: &Binned,
        rows: &[usize],
        hist: &mut Vec<f64>,
    ) -> Option<(usize, usize, f64)> {
        let totals = self.totals(rows);
        if totals.0 <= 0.0 {
            return None;
        }
        let stride = 2 + totals.2.len().max(1);
        let features = self.candidate_features();
        // One block per feature, as wide as the most bins among them (one-hot columns have 2).
        let block = features.iter().map(|&f| b.bins(f)).max().unwrap_or(0) * stride;
        if block == 0 {
            return None;
        }
        if rows.len() < SPARSE_ROWS {
            return self.scan_sparse(b, rows, &totals, &features, stride);
        }
        self.fill_hist(b, rows, &features, block, stride, hist);
        self.scan_hist(b, rows.len(), &totals, &features, block, stride, hist)
    }

    /// [`Self::scan_hist`] for a node of few rows (below [`SPARSE_ROWS`]): per feature the
    /// node's rows sorted by bin (rows in order within a bin), each bin's sums added in row
    /// order as `fill_hist` adds them, and only the bins holding rows visited. The same sums
    /// in the same order, so the same split, without clearing and scanning all 255 bins of
    /// every feature at every small node (most of a deep forest's nodes).
    fn scan_sparse(
        &self,
        b: &Binned,
        rows: &[usize],
        (tw, twy, total_counts, parent): &(f64, f64, Vec<f64>, f64),
        features: &[usize],
        stride: usize,
    ) -> Option<(usize, usize, f64)> {
        let (tw, twy, parent) = (*tw, *twy, *parent);
        let min_leaf = self.growth.min_samples_leaf.max(1);
        let k = total_counts.len();
        let d = b.bounds.len();
        let codes = b.rows.as_slice();
        let w = self.w;
        // (feature, last bin going left, score, threshold)
        let mut best: Option<(usize, usize, f64, f64)> = None;
        let mut left_counts = vec![0.0; k];
        let mut right_counts = vec![0.0; k];
        let n_rows = rows.len() as f64;
        let mut by_bin: Vec<(u8, usize)> = Vec::with_capacity(rows.len());
        let mut cell = vec![0.0; stride];
        for &f in features {
            let Some(bounds) = b.bounds.get(f) else {
                continue;
            };
            let nb = bounds.len();
            by_bin.clear();
            for (i, &r) in rows.iter().enumerate() {
                if let (Some(row), Some(_)) = (codes.get(r * d..r * d + d), w.get(r)) {
                    by_bin.push((row.get(f).copied().unwrap_or(0), i));
                }
            }
            by_bin.sort_unstable();
            let (mut ln, mut lw, mut lwy) = (0.0, 0.0, 0.0);
            left_counts.iter_mut().for_each(|c| *c = 0.0);
            let mut g = 0;
            while g < by_bin.len() {
                let bin = usize::from(by_bin[g].0);
                cell.iter_mut().for_each(|c| *c = 0.0);
                let mut e = g;
                while let Some(&(code, i)) = by_bin.get(e) {
                    if usize::from(code) != bin {
                        break;
                    }
                    let r = rows[i];
                    let wr = w.get(r).copied().unwrap_or(0.0);
                    let (slot, s) = match self.labels {
                        Labels::Values(y) => (2, wr * y.get(r).copied().unwrap_or(0.0)),
                        Labels::Classes(y, k, _) => (2 + y.get(r).map_or(0, |&c| c.min(k - 1)), wr),
                    };
                    cell[0] += 1.0;
                    cell[1] += wr;
                    if let Some(c) = cell.get_mut(slot) {
                        *c += s;
                    }
                    e += 1;
                }
                g = e;
                // The histogram scan stops before the last bin.
                if bin + 1 >= nb {
                    break;
                }
                ln += cell[0];
                lw += cell[1];
                match self.labels {
                    Labels::Values(_) => lwy += cell[2],
                    Labels::Classes(..) => {
                        for (lc, s) in left_counts.iter_mut().zip(&cell[2..]) {
                            *lc += s;
                        }
                    }
                }
                if ln < min_leaf as f64 || n_rows - ln < min_leaf as f64 {
                    continue;
                }
                let rw = tw - lw;
                if lw <= 0.0 || rw <= 0.0 {
                    continue;
                }
                let score = self.split_score(
                    (lw, lwy, &left_counts),
                    (tw, twy, total_counts),
                    &mut right_counts,
                );
                if score < parent - 1e-12 && best.is_none_or(|(_, _, s, _)| score < s - 1e-12) {
                    // The next bin holding rows of this node: the threshold lies between.
                    let Some(next) = by_bin.get(g).map(|p| usize::from(p.0)) else {
                        continue;
                    };
                    let (a, c) = (bounds[bin].1, bounds[next].0);
                    let mid = a + (c - a) / 2.0;
                    best = Some((f, bin, score, if mid >= c { a } else { mid }));
                }
            }
        }
        best.map(|(f, bin, _, t)| (f, bin, t))
    }

    /// Fills `hist` with one block of `block` values (`stride` a bin) per feature of
    /// `features`, from `rows`.
    fn fill_hist(
        &self,
        b: &Binned,
        rows: &[usize],
        features: &[usize],
        block: usize,
        stride: usize,
        hist: &mut Vec<f64>,
    ) {
        hist.clear();
        hist.resize(features.len() * block, 0.0);
        let hist = hist.as_mut_slice();
        let d = b.bounds.len();
        let codes = b.rows.as_slice();
        let w = self.w;
        for &r in rows {
            let (Some(row), Some(&wr)) = (codes.get(r * d..r * d + d), w.get(r)) else {
                continue;
            };
            let (slot, s) = match self.labels {
                Labels::Values(y) => (2, wr * y.get(r).copied().unwrap_or(0.0)),
                Labels::Classes(y, k, _) => (2 + y.get(r).map_or(0, |&c| c.min(k - 1)), wr),
            };
            for (h, &f) in hist.chunks_exact_mut(block).zip(features) {
                let at = usize::from(row.get(f).copied().unwrap_or(0)) * stride;
                if let Some(bin) = h.get_mut(at..at + stride) {
                    bin[0] += 1.0;
                    bin[1] += wr;
                    bin[slot] += s;
                }
            }
        }
    }

    /// The best split a filled histogram of a node of `n_rows` rows with `totals` offers.
    #[allow(clippy::too_many_arguments)]
    fn scan_hist(
        &self,
        b: &Binned,
        n_rows: usize,
        (tw, twy, total_counts, parent): &(f64, f64, Vec<f64>, f64),
        features: &[usize],
        block: usize,
        stride: usize,
        hist: &[f64],
    ) -> Option<(usize, usize, f64)> {
        let (tw, twy, parent) = (*tw, *twy, *parent);
        let min_leaf = self.growth.min_samples_leaf.max(1);
        let k = total_counts.len();
        // (feature, last bin going left, score, threshold)
        let mut best: Option<(usize, usize, f64, f64)> = None;
        let mut left_counts = vec![0.0; k];
        let mut right_counts = vec![0.0; k];
        let n_rows = n_rows as f64;
        for (h, &f) in hist.chunks_exact(block).zip(features) {
            let Some(bounds) = b.bounds.get(f) else {
                continue;
            };
            let nb = bounds.len().min(block / stride);
            let (mut ln, mut lw, mut lwy) = (0.0, 0.0, 0.0);
            left_counts.iter_mut().for_each(|c| *c = 0.0);
            for (bin, cell) in h
                .chunks_exact(stride)
                .take(nb.saturating_sub(1))
                .enumerate()
            {
                if cell[0] == 0.0 {
                    continue;
                }
                ln += cell[0];
                lw += cell[1];
                match self.labels {
                    Labels::Values(_) => lwy += cell[2],
                    Labels::Classes(..) => {
                        for (lc, s) in left_counts.iter_mut().zip(&cell[2..]) {
                            *lc += s;
                        }
                    }
                }
                if ln < min_leaf as f64 || n_rows - ln < min_leaf as f64 {
                    continue;
                }
                let rw = tw - lw;
                if lw <= 0.0 || rw <= 0.0 {
                    continue;
                }
                let score = self.split_score(
                    (lw, lwy, &left_counts),
                    (tw, twy, total_counts),
                    &mut right_counts,
                );
                if score < parent - 1e-12 && best.is_none_or(|(_, _, s, _)| score < s - 1e-12) {
                    // The next bin holding rows of this node: the threshold lies between.
                    let Some(next) = (bin + 1..nb).find(|&j| h[j * stride] > 0.0) else {
                        continue;
                    };
                    let (a, c) = (bounds[bin].1, bounds[next].0);
                    let mid = a + (c - a) / 2.0;
                    best = Some((f, bin, score, if mid >= c { a } else { mid }));
                }
            }
        }
        best.map(|(f, bin, _, t)| (f, bin, t))
    }

    /// Whether a node of `rows` rows at `depth` is a leaf by the growth limits.
    fn stops(&self, rows: usize, depth: usize) -> bool {
        rows < self.growth.min_samples_split.max(2)
            || self.growth.max_depth.is_some_and(|d| depth >= d)
    }

    fn grow_binned(
        &mut self,
        b: &Binned,
        rows: Vec<usize>,
        depth: usize,
        hist: &mut Vec<f64>,
    ) -> usize {
        let split = if self.stops(rows.len(), depth) {
            None
        } else {
            self.best_split_binned(b, &rows, hist)
        };
        let Some((feature, bin, threshold)) = split else {
            return self.leaf(&rows);
        };
        let (l, r) = self.partition(b, rows, feature, bin);
        let at = self.nodes.len();
        self.nodes.push(Node::Leaf { value: vec![] });
        let left = self.grow_binned(b, l, depth + 1, hist);
        let right = self.grow_binned(b, r, depth + 1, hist);
        self.nodes[at] = Node::Split {
            feature,
            threshold,
            left,
            right,
        };
        at
    }

    fn partition(
        &self,
        b: &Binned,
        rows: Vec<usize>,
        feature: usize,
        bin: usize,
    ) -> (Vec<usize>, Vec<usize>) {
        let d = b.bounds.len();
        let codes = b.rows.as_slice();
        rows.into_iter().partition(|&i| {
            codes
                .get(i * d + feature)
                .is_some_and(|&c| usize::from(c) <= bin)
        })
    }

    /// [`Self::grow_binned`] when every split tries every feature (no `max_features`): the
    /// same splits in the same order, but only the smaller child's histogram is filled from
    /// its rows; the larger child's is its parent's minus the smaller one's (LightGBM's
    /// subtraction), which halves the histogram passes of a deep tree. Counts, and sums of
    /// whole-number weights and class weights (unweighted and bootstrap rows), subtract
    /// exactly, so such trees are the ones `grow_binned` grows; sums of real values (boosting's
    /// residuals, fractional weights) can differ in the last bits, so near-tied splits may
    /// go the other way (still the same for a seed).
    fn grow_binned_sub(
        &mut self,
        b: &Binned,
        rows: Vec<usize>,
        depth: usize,
        given: Option<Vec<f64>>,
        (block, stride): (usize, usize),
        features: &[usize],
    ) -> usize {
        if self.stops(rows.len(), depth) {
            return self.leaf(&rows);
        }
        if rows.len() < SPARSE_ROWS {
            // Small nodes scan their rows, not histograms (no candidate-feature sampling
            // here, so `grow_binned` draws nothing from the generator).
            return self.grow_binned(b, rows, depth, &mut Vec::new());
        }
        let totals = self.totals(&rows);
        if totals.0 <= 0.0 || block == 0 {
            return self.leaf(&rows);
        }
        let hist = match given {
            Some(h) => h,
            None => {
                let mut h = Vec::new();
                self.fill_hist(b, &rows, features, block, stride, &mut h);
                h
            }
        };
        let split = self.scan_hist(b, rows.len(), &totals, features, block, stride, &hist);
        let Some((feature, bin, threshold)) = split else {
            return self.leaf(&rows);
        };
        let (l, r) = self.partition(b, rows, feature, bin);
        let (l_grows, r_grows) = (
            !self.stops(l.len(), depth + 1),
            !self.stops(r.len(), depth + 1),
        );
        let needs_hist = |grows: bool, n: usize| grows && n >= SPARSE_ROWS;
        let (l_hist, r_hist) = if needs_hist(l_grows, l.len()) || needs_hist(r_grows, r.len()) {
            let left_smaller = l.len() <= r.len();
            let mut small = Vec::new();
            self.fill_hist(
                b,
                if left_smaller { &l } else { &r },
                features,
                block,
                stride,
                &mut small,
            );
            let mut large = hist;
            for (a, s) in large.iter_mut().zip(&small) {
                *a -= s;
            }
            if left_smaller {
                (Some(small), Some(large))
            } else {
                (Some(large), Some(small))
            }
        } else {
            (None, None)
        };
        let at = self.nodes.len();
        self.nodes.push(Node::Leaf { value: vec![] });
        let left = self.grow_binned_sub(b, l, depth + 1, l_hist, (block, stride), features);
        let right = self.grow_binned_sub(b, r, depth + 1, r_hist, (block, stride), features);
        self.nodes[at] = Node::Split {
            feature,
            threshold,
            left,
            right,
        };
        at
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
    data: Data,
    labels: Labels,
    weights: &[f64],
    rows: &[usize],
    growth: Growth,
    max_features: Option<usize>,
    seed: u64,
) -> Tree {
    let x = data.x;
    // Bins from another matrix (a caller's mistake) are not used.
    let binned = data
        .binned
        .filter(|b| b.bounds.len() == x.ncols() && b.rows.len() == x.nrows() * x.ncols());
    let mut cart = Cart {
        x,
        labels,
        w: weights,
        growth,
        max_features,
        rng: SeededRng::new(seed),
        nodes: Vec::new(),
        goes_left: Vec::new(),
    };
    // Rows beyond the data (a caller's mistake) are left out rather than read out of bounds.
    let rows: Vec<usize> = rows.iter().copied().filter(|&r| r < x.nrows()).collect();
    if let Some(b) = binned {
        let d = x.ncols();
        if max_features.is_none_or(|k| k >= d) {
            // Every split tries every feature: children's histograms by subtraction.
            let features: Vec<usize> = (0..d).collect();
            let stride = 2 + match labels {
                Labels::Values(_) => 1,
                Labels::Classes(_, k, _) => k.max(1),
            };
            let block = features.iter().map(|&f| b.bins(f)).max().unwrap_or(0) * stride;
            cart.grow_binned_sub(b, rows, 0, None, (block, stride), &features);
        } else {
            cart.grow_binned(b, rows, 0, &mut Vec::new());
        }
        return Tree { nodes: cart.nodes };
    }
    cart.goes_left = vec![false; x.nrows()];
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

/// Grows a regression tree (squared error) on `rows` of `data`; `max_features` features are
/// tried per split (all when `None`). Splits come from histograms when `data` has bins.
pub fn fit_regressor(
    data: Data,
    y: &[f64],
    weights: &[f64],
    rows: &[usize],
    growth: Growth,
    max_features: Option<usize>,
    seed: u64,
) -> Tree {
    fit(
        data,
        Labels::Values(y),
        weights,
        rows,
        growth,
        max_features,
        seed,
    )
}

/// Grows a classification tree on `rows` of `data` for class codes `y` in `0..n_classes`.
#[allow(clippy::too_many_arguments)]
pub fn fit_classifier(
    data: Data,
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
    fit(data, labels, weights, rows, growth, max_features, seed)
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
        let t = fit_regressor(Data::exact(&x), &y, &[1.0; 6], &rows, growth, None, 1);
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
            Data::exact(&x),
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

    /// Rows × features of small integers (few distinct values), so every bin holds one value.
    fn few_values(n: usize, d: usize, seed: u64) -> Array2<f64> {
        let mut rng = SeededRng::new(seed);
        Array2::from_shape_fn((n, d), |(_, f)| {
            ((rng.unit() * (3 + 4 * f) as f64) as i64) as f64
        })
    }

    #[test]
    fn histogram_splits_equal_exact_splits_when_values_are_few() {
        let (n, d) = (6_000, 4);
        let x = few_values(n, d, 11);
        let mut rng = SeededRng::new(12);
        let classes: Vec<usize> = (0..n)
            .map(|i| {
                let score = x[[i, 0]] - 1.0 + 0.3 * x[[i, 2]] - 0.2 * x[[i, 3]] + rng.unit() * 2.0;
                usize::from(score > 1.5) + usize::from(score > 3.0)
            })
            .collect();
        let values: Vec<f64> = (0..n).map(|i| x[[i, 1]] * 2.0 - x[[i, 0]]).collect();
        let w: Vec<f64> = (0..n).map(|i| 1.0 + (i % 3) as f64).collect();
        let binned = Binned::new(&x);
        assert!((0..d).all(|f| binned.bins(f) == 3 + 4 * f));
        let rows: Vec<usize> = (0..n).filter(|i| i % 5 != 0).collect();
        for (max_depth, max_features) in [(Some(6), None), (None, Some(2))] {
            let growth = Growth {
                max_depth,
                min_samples_split: 2,
                min_samples_leaf: 3,
            };
            for criterion in [Criterion::Gini, Criterion::Entropy] {
                let fit = |data| {
                    fit_classifier(
                        data,
                        &classes,
                        &w,
                        &rows,
                        3,
                        criterion,
                        growth,
                        max_features,
                        5,
                    )
                };
                let exact = fit(Data::exact(&x));
                assert!(exact.depth() >= 3);
                assert_eq!(fit(Data::binned(&x, Some(&binned))), exact);
            }
            let fit = |data| fit_regressor(data, &values, &w, &rows, growth, max_features, 5);
            assert_eq!(fit(Data::binned(&x, Some(&binned))), fit(Data::exact(&x)));
        }
    }

    #[test]
    fn binning_caps_bins_at_quantiles_and_splits_keep_the_rule() {
        let n = 20_000;
        let mut rng = SeededRng::new(3);
        let x = Array2::from_shape_fn((n, 2), |_| rng.unit() * 10.0 - 5.0);
        let binned = Binned::new(&x);
        for f in 0..2 {
            let bounds = &binned.bounds[f];
            assert_eq!(bounds.len(), MAX_BINS);
            // Bins hold ordered, disjoint value ranges of about n / MAX_BINS rows each.
            assert!(bounds
                .windows(2)
                .all(|p| p[0].0 <= p[0].1 && p[0].1 < p[1].0));
            let mut counts = vec![0usize; MAX_BINS];
            for r in 0..n {
                let c = usize::from(binned.rows[r * 2 + f]);
                assert!(bounds[c].0 <= x[[r, f]] && x[[r, f]] <= bounds[c].1);
                counts[c] += 1;
            }
            assert!(counts
                .iter()
                .all(|&c| c >= n / MAX_BINS - 1 && c <= n / MAX_BINS + 2));
        }
        // A step at 1.0 on feature 0: a binned stump puts it within one bin's width.
        let y: Vec<usize> = (0..n).map(|r| usize::from(x[[r, 0]] > 1.0)).collect();
        let rows: Vec<usize> = (0..n).collect();
        let growth = Growth {
            max_depth: Some(1),
            min_samples_split: 2,
            min_samples_leaf: 1,
        };
        let data = Data::binned(&x, Some(&binned));
        let t = fit_classifier(
            data,
            &y,
            &[1.0; 20_000],
            &rows,
            2,
            Criterion::Gini,
            growth,
            None,
            0,
        );
        let Node::Split {
            feature, threshold, ..
        } = t.nodes[0]
        else {
            panic!("expected a split, got {:?}", t.nodes[0]);
        };
        assert_eq!(feature, 0);
        assert!(
            (threshold - 1.0).abs() < 10.0 / MAX_BINS as f64,
            "{threshold}"
        );
        // Training rows go left exactly when `x <= threshold`.
        let left = (0..n).filter(|&r| x[[r, 0]] <= threshold).count();
        let leaf_left = (0..n)
            .filter(|&r| t.leaf_index(x.row(r)) == t.leaf_index(array![-5.0, 0.0].view()))
            .count();
        assert_eq!(left, leaf_left);
        // Small data keeps exact splits.
        assert!(
            Binned::when_large(&x.slice(ndarray::s![..HIST_MIN_ROWS - 1, ..]).to_owned()).is_none()
        );
    }

    #[test]
    fn histogram_subtraction_grows_the_same_tree_on_whole_weights() {
        let (n, d) = (6000, 5);
        let mut rng = SeededRng::new(3);
        let x = Array2::from_shape_fn((n, d), |_| (rng.unit() * 1000.0).round() / 10.0);
        let y: Vec<usize> = (0..n)
            .map(|i| usize::from(x[[i, 0]] + 0.5 * x[[i, 1]] + 30.0 * rng.unit() > 80.0))
            .collect();
        let w: Vec<f64> = (0..n).map(|i| (i % 3) as f64).collect();
        let rows: Vec<usize> = (0..n).collect();
        let binned = Binned::new(&x);
        let g = Growth {
            max_depth: Some(8),
            min_samples_split: 2,
            min_samples_leaf: 1,
        };
        for criterion in [Criterion::Gini, Criterion::Entropy] {
            let data = Data::binned(&x, Some(&binned));
            let sub = fit_classifier(data, &y, &w, &rows, 2, criterion, g, None, 0);
            let mut cart = Cart {
                x: &x,
                labels: Labels::Classes(&y, 2, criterion),
                w: &w,
                growth: g,
                max_features: None,
                rng: SeededRng::new(0),
                nodes: Vec::new(),
                goes_left: Vec::new(),
            };
            cart.grow_binned(&binned, rows.clone(), 0, &mut Vec::new());
            assert!(sub.nodes.len() > 50, "{}", sub.nodes.len());
            assert_eq!(sub.nodes, cart.nodes);
        }
    }

    #[test]
    fn small_nodes_split_as_their_histogram_would() {
        let (n, d) = (3000, 4);
        let mut rng = SeededRng::new(11);
        let x = Array2::from_shape_fn((n, d), |_| (rng.unit() * 400.0).round() / 4.0);
        let y_cls: Vec<usize> = (0..n)
            .map(|i| usize::from(x[[i, 0]] + 40.0 * rng.unit() > 60.0))
            .collect();
        let y_val: Vec<f64> = (0..n).map(|i| 0.3 * x[[i, 1]] + rng.unit()).collect();
        let w: Vec<f64> = (0..n).map(|_| 0.5 + rng.unit()).collect();
        let b = Binned::new(&x);
        let g = Growth {
            max_depth: None,
            min_samples_split: 2,
            min_samples_leaf: 2,
        };
        let mut found = 0;
        for labels in [
            Labels::Classes(&y_cls, 2, Criterion::Entropy),
            Labels::Classes(&y_cls, 2, Criterion::Gini),
            Labels::Values(&y_val),
        ] {
            let cart = Cart {
                x: &x,
                labels,
                w: &w,
                growth: g,
                max_features: None,
                rng: SeededRng::new(0),
                nodes: Vec::new(),
                goes_left: Vec::new(),
            };
            for size in [2, 5, 17, 60, 127] {
                for start in [0, 400, 1700] {
                    let rows: Vec<usize> = (start..start + size * 7).step_by(7).collect();
                    let totals = cart.totals(&rows);
                    let features: Vec<usize> = (0..d).collect();
                    let stride = 2 + totals.2.len().max(1);
                    let block = features.iter().map(|&f| b.bins(f)).max().unwrap_or(0) * stride;
                    let mut hist = Vec::new();
                    cart.fill_hist(&b, &rows, &features, block, stride, &mut hist);
                    let dense =
                        cart.scan_hist(&b, rows.len(), &totals, &features, block, stride, &hist);
                    let sparse = cart.scan_sparse(&b, &rows, &totals, &features, stride);
                    assert_eq!(dense, sparse, "size {size} from {start}");
                    found += usize::from(dense.is_some());
                }
            }
        }
        assert!(found > 15, "{found}");
    }
}
