//! k-nearest neighbours with scikit-learn's semantics (`KNeighborsClassifier` /
//! `KNeighborsRegressor(n_neighbors=5, weights="uniform", p=2)`, Minkowski distance): the
//! prediction is the (distance-)weighted vote or mean of the `n_neighbors` closest training
//! rows. With `weights="distance"`, a query that coincides with training rows takes only those
//! rows, as scikit-learn does.
//!
//! The search is brute force (what scikit-learn's `algorithm="brute"` does); at browser data
//! sizes it is as fast as a tree. Ties in distance go to the earlier training row.
//! One difference: scikit-learn raises "Expected n_neighbors <= n_samples_fit" when
//! predicting; Lakelab raises the same message when fitting, since the model stores the data.

use ndarray::{Array2, ArrayView1};
use serde::{Deserialize, Serialize};

/// How neighbours are weighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeighborWeights {
    Uniform,
    Distance,
}

/// A fitted k-NN model: the training rows and their targets (class codes or values).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Neighbors {
    pub x: Vec<Vec<f64>>,
    pub y: Vec<f64>,
    pub n_neighbors: usize,
    pub weights: NeighborWeights,
    pub p: f64,
}

/// Stores the training data after checking the parameters.
pub fn fit(
    x: &Array2<f64>,
    y: Vec<f64>,
    n_neighbors: usize,
    weights: NeighborWeights,
    p: f64,
) -> Result<Neighbors, String> {
    if n_neighbors == 0 {
        return Err(
            "The 'n_neighbors' parameter must be an int in the range [1, inf). Got 0 instead."
                .into(),
        );
    }
    if p.is_nan() || p < 1.0 {
        return Err(format!(
            "The 'p' parameter must be a float in the range [1.0, inf]. Got {p} instead."
        ));
    }
    if n_neighbors > x.nrows() {
        return Err(format!(
            "Expected n_neighbors <= n_samples_fit, but n_neighbors = {n_neighbors}, n_samples_fit = {}",
            x.nrows()
        ));
    }
    Ok(Neighbors {
        x: x.rows().into_iter().map(|r| r.to_vec()).collect(),
        y,
        n_neighbors,
        weights,
        p,
    })
}

impl Neighbors {
    fn distance(&self, a: &[f64], b: ArrayView1<f64>) -> f64 {
        let it = a.iter().zip(b).map(|(u, v)| (u - v).abs());
        if self.p == 2.0 {
            it.map(|d| d * d).sum::<f64>().sqrt()
        } else if self.p == 1.0 {
            it.sum()
        } else if self.p.is_infinite() {
            it.fold(0.0, f64::max)
        } else {
            it.map(|d| d.powf(self.p)).sum::<f64>().powf(1.0 / self.p)
        }
    }

    /// The nearest training rows of `row` and their weights.
    fn neighbours(&self, row: ArrayView1<f64>) -> Vec<(usize, f64)> {
        let mut d: Vec<(f64, usize)> = self
            .x
            .iter()
            .enumerate()
            .map(|(i, r)| (self.distance(r, row), i))
            .collect();
        let k = self.n_neighbors.min(d.len());
        let by = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
        if k < d.len() {
            d.select_nth_unstable_by(k, by);
            d.truncate(k);
        }
        d.sort_by(by);
        match self.weights {
            NeighborWeights::Uniform => d.iter().map(|&(_, i)| (i, 1.0)).collect(),
            NeighborWeights::Distance if d.iter().any(|(dist, _)| *dist == 0.0) => d
                .iter()
                .map(|&(dist, i)| (i, if dist == 0.0 { 1.0 } else { 0.0 }))
                .collect(),
            NeighborWeights::Distance => d.iter().map(|&(dist, i)| (i, 1.0 / dist)).collect(),
        }
    }

    /// Class probabilities for one row (`y` holds class codes).
    pub fn proba(&self, row: ArrayView1<f64>, n_classes: usize) -> Vec<f64> {
        let mut p = vec![0.0; n_classes];
        for (i, w) in self.neighbours(row) {
            // `get`: a stored model file could hold fewer targets than rows.
            if let Some(slot) = self.y.get(i).and_then(|&c| p.get_mut(c as usize)) {
                *slot += w;
            }
        }
        let s: f64 = p.iter().sum();
        if s > 0.0 {
            p.iter_mut().for_each(|v| *v /= s);
        }
        p
    }

    /// The (weighted) mean target of the neighbours.
    pub fn value(&self, row: ArrayView1<f64>) -> f64 {
        let nb = self.neighbours(row);
        let s: f64 = nb.iter().map(|(_, w)| w).sum();
        nb.iter()
            .map(|&(i, w)| w * self.y.get(i).copied().unwrap_or(0.0))
            .sum::<f64>()
            / s
    }
}
