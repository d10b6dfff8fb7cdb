//! Row sampling of a large training split (Lakelab's rule, after FLAML's).
//!
//! Databricks AutoML samples the whole dataset once, and only when it would not fit in one
//! worker's memory (stratified `sampleBy` for classification, `sample` for regression; reference
//! §3.3); it publishes no per-trial sampling. A browser tab has a time budget rather than a
//! memory one, so Lakelab samples per trial as FLAML does: when the training split has more than
//! [`SAMPLE_START`] rows, each family's trials start on a seeded sample of [`SAMPLE_START`]
//! training rows, and after [`TRIALS_PER_SAMPLE`] trials at one size the family moves to a
//! sample [`SAMPLE_GROWTH`] times larger (up to the whole split), first re-fitting its best
//! point so far on the larger sample. Classification samples are stratified (each class keeps
//! its share of the split, largest remainders rounding), regression samples are uniform; the
//! samples are nested, so a larger sample holds the smaller one. Only training is sampled:
//! validation and test metrics are always computed on the whole validation and test splits, so
//! every trial's `val_` score is comparable. Training metrics are computed on the rows fitted.
//! Each trial of a sampled run logs the rows it fitted on as the param `sample_size` (FLAML's
//! name for the same figure; Databricks logs none).

use ndarray::{Array2, Axis};

use super::prepare::{Prepared, Target};
use crate::rng::SeededRng;

/// Training rows above which trials start on a sample, and the first sample's size (FLAML's
/// starting sample size).
pub const SAMPLE_START: usize = 10_000;

/// How much larger each next sample is (FLAML's `SAMPLE_MULTIPLY_FACTOR`).
pub const SAMPLE_GROWTH: usize = 4;

/// Trials a family runs at one sample size before moving to the next.
pub const TRIALS_PER_SAMPLE: usize = 3;

/// The training split's rows in sampling order: per class (or for all rows in regression) a
/// seeded shuffle whose prefixes are the samples.
#[derive(Debug, Clone)]
pub struct Sampler {
    n: usize,
    /// One shuffled list of training positions per class (one list for regression).
    strata: Vec<Vec<usize>>,
}

impl Sampler {
    /// Orders the training rows of `target` (stratified by class for classification).
    pub fn new(target: &Target, seed: u64) -> Sampler {
        let mut strata: Vec<Vec<usize>> = match target {
            Target::Classes { labels, train, .. } => {
                let mut by_class = vec![Vec::new(); labels.len().max(1)];
                for (i, &c) in train.iter().enumerate() {
                    if let Some(list) = by_class.get_mut(c) {
                        list.push(i);
                    }
                }
                by_class
            }
            Target::Values { train, .. } => vec![(0..train.len()).collect()],
        };
        let n = strata.iter().map(Vec::len).sum();
        let mut rng = SeededRng::new(seed ^ 0x5a4d_706c_6500);
        for list in &mut strata {
            // Fisher–Yates.
            for i in (1..list.len()).rev() {
                let j = ((rng.unit() * (i + 1) as f64) as usize).min(i);
                list.swap(i, j);
            }
        }
        Sampler { n, strata }
    }

    /// Whether trials sample at all (the split has more than [`SAMPLE_START`] rows).
    pub fn active(&self) -> bool {
        self.n > SAMPLE_START
    }

    /// Training rows in the split.
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The first trials' sample size: [`SAMPLE_START`], or the whole split when smaller.
    pub fn first_size(&self) -> usize {
        if self.active() {
            SAMPLE_START
        } else {
            self.n
        }
    }

    /// The size after `size`: [`SAMPLE_GROWTH`] times larger, at most the whole split.
    pub fn next_size(&self, size: usize) -> usize {
        size.saturating_mul(SAMPLE_GROWTH).min(self.n)
    }

    /// The training positions of the sample of `size` rows, ascending: each class's quota of
    /// `size` (its share, largest remainders rounding) from the front of its shuffled list.
    pub fn rows(&self, size: usize) -> Vec<usize> {
        if size >= self.n {
            return (0..self.n).collect();
        }
        let exact: Vec<f64> = self
            .strata
            .iter()
            .map(|s| s.len() as f64 * size as f64 / self.n as f64)
            .collect();
        let mut quota: Vec<usize> = exact.iter().map(|q| q.floor() as usize).collect();
        let mut order: Vec<usize> = (0..exact.len()).collect();
        // Largest remainders first; ties to the lower class code.
        crate::sorting::sort_by(&mut order, |&a, &b| {
            (exact[b] - exact[b].floor())
                .total_cmp(&(exact[a] - exact[a].floor()))
                .then(a.cmp(&b))
        });
        let mut missing = size.saturating_sub(quota.iter().sum());
        for &c in order.iter().cycle().take(order.len() * 2) {
            if missing == 0 {
                break;
            }
            if quota[c] < self.strata[c].len() {
                quota[c] += 1;
                missing -= 1;
            }
        }
        let mut rows: Vec<usize> = self
            .strata
            .iter()
            .zip(&quota)
            .flat_map(|(s, &q)| s.iter().take(q).copied())
            .collect();
        rows.sort_unstable();
        rows
    }
}

/// A sample's training data: its rows of `x_train`, their targets and weights.
#[derive(Debug, Clone)]
pub struct Sample {
    pub size: usize,
    pub x: Array2<f64>,
    /// Class codes (classification).
    pub codes: Vec<usize>,
    /// Values (regression).
    pub values: Vec<f64>,
    pub weights: Vec<f64>,
}

impl Sample {
    /// The rows `rows` (training positions) of the prepared training split.
    pub fn take(prepared: &Prepared, rows: &[usize]) -> Sample {
        let rows: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&r| r < prepared.x_train.nrows())
            .collect();
        let pick_f = |v: &[f64]| rows.iter().filter_map(|&r| v.get(r).copied()).collect();
        let (codes, values) = match &prepared.target {
            Target::Classes { train, .. } => (
                rows.iter().filter_map(|&r| train.get(r).copied()).collect(),
                Vec::new(),
            ),
            Target::Values { train, .. } => (Vec::new(), pick_f(train)),
        };
        Sample {
            size: rows.len(),
            x: prepared.x_train.select(Axis(0), &rows),
            codes,
            values,
            weights: pick_f(&prepared.train_weights),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(counts: &[usize]) -> Target {
        // Classes shuffled so the split's order says nothing about the class.
        let mut train: Vec<usize> = (0..counts.len())
            .flat_map(|k| std::iter::repeat_n(k, counts[k]))
            .collect();
        let mut rng = SeededRng::new(77);
        for i in (1..train.len()).rev() {
            let j = ((rng.unit() * (i + 1) as f64) as usize).min(i);
            train.swap(i, j);
        }
        Target::Classes {
            labels: (0..counts.len()).map(serde_json::Value::from).collect(),
            train,
            validate: Vec::new(),
            test: Vec::new(),
            positive: 1,
        }
    }

    #[test]
    fn samples_are_stratified_nested_and_seeded() {
        let counts = [35_000, 12_000, 3_001];
        let target = classes(&counts);
        let Target::Classes { train, .. } = &target else {
            unreachable!()
        };
        let n: usize = counts.iter().sum();
        let sampler = Sampler::new(&target, 9);
        assert!(sampler.active());
        assert_eq!(sampler.first_size(), SAMPLE_START);
        assert_eq!(sampler.next_size(SAMPLE_START), 4 * SAMPLE_START);
        assert_eq!(sampler.next_size(4 * SAMPLE_START), n);
        let small = sampler.rows(SAMPLE_START);
        assert_eq!(small.len(), SAMPLE_START);
        assert!(small.windows(2).all(|p| p[0] < p[1]), "ascending, distinct");
        // Each class keeps its share of the split, to within one row.
        for (k, &c) in counts.iter().enumerate() {
            let got = small.iter().filter(|&&r| train[r] == k).count() as f64;
            let share = c as f64 * SAMPLE_START as f64 / n as f64;
            assert!((got - share).abs() < 1.0, "class {k}: {got} vs {share}");
        }
        // A larger sample holds the smaller one; the whole split is every row.
        let larger = sampler.rows(20_000);
        assert!(small.iter().all(|r| larger.binary_search(r).is_ok()));
        assert_eq!(sampler.rows(n), (0..n).collect::<Vec<_>>());
        // Same seed, same sample; another seed, another one.
        assert_eq!(Sampler::new(&target, 9).rows(SAMPLE_START), small);
        assert_ne!(Sampler::new(&target, 10).rows(SAMPLE_START), small);
    }

    #[test]
    fn small_splits_and_regression() {
        let small = Sampler::new(&classes(&[6_000, 4_000]), 1);
        assert!(!small.active());
        assert_eq!(small.first_size(), 10_000);
        let values = Target::Values {
            train: (0..25_000).map(f64::from).collect(),
            validate: Vec::new(),
            test: Vec::new(),
            transform: None,
        };
        let sampler = Sampler::new(&values, 1);
        let rows = sampler.rows(SAMPLE_START);
        assert_eq!(rows.len(), SAMPLE_START);
        // Uniform: about 40 % of the sample in the first 40 % of the split.
        let front = rows.iter().filter(|&&r| r < 10_000).count();
        assert!((3_700..4_300).contains(&front), "{front}");
    }
}
