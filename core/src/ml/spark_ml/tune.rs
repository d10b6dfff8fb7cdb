//! How `CrossValidator` and `TrainValidationSplit` split rows: one seeded uniform number
//! per row decides its fold (Spark's `kFold` is a `randomSplit` with equal weights, and
//! `TrainValidationSplit` a `randomSplit([trainRatio, 1 - trainRatio])`). Reproducible from
//! the seed, though not the rows Spark's partition-wise sampler would pick.

use crate::rng::SeededRng;

/// The fold (`0..k`) of each of `n` rows.
pub fn folds(n: usize, k: usize, seed: u64) -> Vec<usize> {
    let mut rng = SeededRng::new(seed);
    (0..n)
        .map(|_| ((rng.unit() * k as f64) as usize).min(k.saturating_sub(1)))
        .collect()
}

/// Whether each of `n` rows is in the training part.
pub fn train_rows(n: usize, train_ratio: f64, seed: u64) -> Vec<bool> {
    let mut rng = SeededRng::new(seed);
    (0..n).map(|_| rng.unit() < train_ratio).collect()
}
