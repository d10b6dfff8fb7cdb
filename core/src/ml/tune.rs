//! Hyperparameter search spaces and samplers: random search and a TPE-like Bayesian sampler
//! (Hyperopt's `rand.suggest` / `tpe.suggest`). AutoML searches with them; Hyperopt's `fmin`
//! in cells builds on the same pieces.
//!
//! Every dimension is sampled in a unit interval and mapped to its value, so one sampler
//! serves every kind of dimension. The TPE-like step (after [`Tpe::startup`] random trials)
//! splits the finished trials into the best quarter ("good") and the rest, draws
//! [`Tpe::candidates`] points from the prior, and keeps the one with the highest ratio of
//! good to bad density, each density a product of per-dimension Gaussian kernels in unit
//! space (bandwidth 0.15). Hyperopt's TPE is richer (adaptive Parzen estimators per
//! distribution); this keeps its idea: sample where good trials were, away from bad ones.

use serde::{Deserialize, Serialize};

use crate::rng::SeededRng;

/// One dimension of a search space.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Dim {
    /// `hp.uniform(label, low, high)`.
    Uniform { low: f64, high: f64 },
    /// `hp.loguniform(label, log(low), log(high))`, stored by its bounds.
    LogUniform { low: f64, high: f64 },
    /// `hp.quniform(label, low, high, q)`: `round(uniform / q) * q`.
    QUniform { low: f64, high: f64, q: f64 },
    /// `hp.qloguniform`: `round(exp(uniform(log(low), log(high))) / q) * q`.
    QLogUniform { low: f64, high: f64, q: f64 },
    /// An integer in `low..=high`, log-spaced when `log`.
    Int { low: i64, high: i64, log: bool },
    /// `hp.choice(label, options)`: the index of an option.
    Choice { n: usize },
}

impl Dim {
    /// The value of unit point `u` in `[0, 1)`.
    pub fn value(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0 - 1e-12);
        match *self {
            Dim::Uniform { low, high } => low + u * (high - low),
            Dim::LogUniform { low, high } => (low.ln() + u * (high.ln() - low.ln())).exp(),
            Dim::QUniform { low, high, q } => {
                let v = low + u * (high - low);
                if q > 0.0 {
                    (v / q).round() * q
                } else {
                    v
                }
            }
            Dim::QLogUniform { low, high, q } => {
                let v = (low.ln() + u * (high.ln() - low.ln())).exp();
                if q > 0.0 {
                    (v / q).round() * q
                } else {
                    v
                }
            }
            Dim::Int { low, high, log } => {
                let (lo, hi) = (low as f64, high as f64 + 1.0);
                let v = if log && low > 0 {
                    (lo.ln() + u * (hi.ln() - lo.ln())).exp()
                } else {
                    lo + u * (hi - lo)
                };
                (v.floor() as i64).clamp(low, high) as f64
            }
            Dim::Choice { n } => ((u * n as f64) as usize).min(n.saturating_sub(1)) as f64,
        }
    }
}

impl Dim {
    /// A unit point whose [`Dim::value`] is `v` (clamped into the dimension): the inverse
    /// of `value`, landing mid-bucket for integers and choices so rounding cannot move it.
    pub fn unit(&self, v: f64) -> f64 {
        let frac = |x: f64, lo: f64, hi: f64| {
            if hi > lo {
                ((x - lo) / (hi - lo)).clamp(0.0, 1.0 - 1e-12)
            } else {
                0.0
            }
        };
        let log = |x: f64| x.max(f64::MIN_POSITIVE).ln();
        match *self {
            Dim::Uniform { low, high } | Dim::QUniform { low, high, .. } => frac(v, low, high),
            Dim::LogUniform { low, high } | Dim::QLogUniform { low, high, .. } => {
                frac(log(v), log(low), log(high))
            }
            Dim::Int { low, high, log: l } => {
                let v = v.round().clamp(low as f64, high as f64);
                let (lo, hi) = (low as f64, high as f64 + 1.0);
                if l && low > 0 {
                    // Mid-bucket in log space: between ln(v) and ln(v + 1).
                    frac((log(v) + log(v + 1.0)) / 2.0, log(lo), log(hi))
                } else {
                    frac(v + 0.5, lo, hi)
                }
            }
            Dim::Choice { n } => {
                let n = n.max(1) as f64;
                ((v.round().clamp(0.0, n - 1.0) + 0.5) / n).clamp(0.0, 1.0 - 1e-12)
            }
        }
    }
}

/// A named dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    pub name: String,
    pub dim: Dim,
}

/// A finished trial as the sampler sees it: its unit point and its loss (lower is better).
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub point: Vec<f64>,
    pub loss: f64,
}

/// Random search (`rand.suggest`).
pub fn random_point(dims: usize, rng: &mut SeededRng) -> Vec<f64> {
    (0..dims).map(|_| rng.unit()).collect()
}

/// The TPE-like sampler's settings (Hyperopt's defaults: 20 startup trials, 24 candidates).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tpe {
    pub startup: usize,
    pub candidates: usize,
    pub gamma: f64,
}

impl Default for Tpe {
    fn default() -> Self {
        Tpe {
            startup: 20,
            candidates: 24,
            gamma: 0.25,
        }
    }
}

const BANDWIDTH: f64 = 0.15;

fn density(point: &[f64], group: &[&Observation]) -> f64 {
    if group.is_empty() {
        return 1.0;
    }
    let sum: f64 = group
        .iter()
        .map(|o| {
            point
                .iter()
                .zip(&o.point)
                .map(|(a, b)| (-(a - b).powi(2) / (2.0 * BANDWIDTH * BANDWIDTH)).exp())
                .product::<f64>()
        })
        .sum();
    // A uniform prior component keeps unexplored regions possible.
    (sum + 1.0) / (group.len() as f64 + 1.0)
}

impl Tpe {
    /// The next unit point given the finished trials (`tpe.suggest`).
    pub fn suggest(&self, dims: usize, history: &[Observation], rng: &mut SeededRng) -> Vec<f64> {
        let finite: Vec<&Observation> = history.iter().filter(|o| o.loss.is_finite()).collect();
        if finite.len() < self.startup.max(2) {
            return random_point(dims, rng);
        }
        let mut sorted = finite.clone();
        crate::sorting::sort_by(&mut sorted, |a, b| a.loss.total_cmp(&b.loss));
        let n_good =
            ((sorted.len() as f64 * self.gamma).ceil() as usize).clamp(1, sorted.len() - 1);
        let (good, bad) = sorted.split_at(n_good);
        let mut best: Option<(f64, Vec<f64>)> = None;
        for _ in 0..self.candidates.max(1) {
            // Draw near a good trial (the Parzen estimator's own sampling), else from the prior.
            let anchor = good[((rng.unit() * good.len() as f64) as usize).min(good.len() - 1)];
            let point: Vec<f64> = anchor
                .point
                .iter()
                .map(|&c| {
                    // Box-Muller from two uniforms: a Gaussian step around the anchor.
                    let (u1, u2) = (rng.unit().max(1e-12), rng.unit());
                    let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
                    (c + z * BANDWIDTH).clamp(0.0, 1.0 - 1e-12)
                })
                .collect();
            let score = density(&point, good) / density(&point, bad);
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, point));
            }
        }
        best.map_or_else(|| random_point(dims, rng), |(_, p)| p)
    }
}

/// How the next point is chosen (`rand.suggest` / `tpe.suggest`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algo {
    Random,
    Tpe,
}

/// A search over a space: suggests unit points and learns from their losses.
#[derive(Debug, Clone)]
pub struct Search {
    pub dims: Vec<Dim>,
    pub algo: Algo,
    pub tpe: Tpe,
    history: Vec<Observation>,
    rng: SeededRng,
}

impl Search {
    pub fn new(dims: Vec<Dim>, algo: Algo, seed: u64) -> Search {
        Search {
            dims,
            algo,
            tpe: Tpe::default(),
            history: Vec::new(),
            rng: SeededRng::new(seed),
        }
    }

    /// The next point to try, in unit space.
    pub fn suggest(&mut self) -> Vec<f64> {
        match self.algo {
            Algo::Random => random_point(self.dims.len(), &mut self.rng),
            Algo::Tpe => self
                .tpe
                .suggest(self.dims.len(), &self.history, &mut self.rng),
        }
    }

    /// The values of a unit point.
    pub fn values(&self, point: &[f64]) -> Vec<f64> {
        self.dims
            .iter()
            .zip(point)
            .map(|(d, u)| d.value(*u))
            .collect()
    }

    /// Records a finished trial (failed trials with an infinite loss).
    pub fn observe(&mut self, point: Vec<f64>, loss: f64) {
        self.history.push(Observation { point, loss });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dims_map_the_unit_interval() {
        assert_eq!(
            Dim::Uniform {
                low: 2.0,
                high: 4.0
            }
            .value(0.5),
            3.0
        );
        let lu = Dim::LogUniform {
            low: 1e-3,
            high: 10.0,
        };
        assert!((lu.value(0.0) - 1e-3).abs() < 1e-12);
        assert!((lu.value(0.75) - 1.0).abs() < 1e-9);
        assert_eq!(
            Dim::QUniform {
                low: 0.0,
                high: 100.0,
                q: 10.0
            }
            .value(0.123),
            10.0
        );
        let int = Dim::Int {
            low: 1,
            high: 3,
            log: false,
        };
        assert_eq!([0.0, 0.34, 0.99].map(|u| int.value(u)), [1.0, 2.0, 3.0]);
        assert_eq!(Dim::Choice { n: 4 }.value(0.99), 3.0);
    }

    #[test]
    fn unit_inverts_value() {
        let dims = [
            Dim::Uniform {
                low: 0.6,
                high: 1.0,
            },
            Dim::LogUniform {
                low: 0.02,
                high: 0.5,
            },
            Dim::Int {
                low: 10,
                high: 60,
                log: false,
            },
            Dim::Int {
                low: 1,
                high: 16,
                log: true,
            },
            Dim::Choice { n: 4 },
        ];
        for (d, v) in dims.iter().zip([0.8, 0.1, 17.0, 3.0, 2.0]) {
            assert!((d.value(d.unit(v)) - v).abs() < 1e-9, "{d:?} at {v}");
        }
        // Out of range: the nearest end.
        assert_eq!(dims[2].value(dims[2].unit(500.0)), 60.0);
        assert_eq!(dims[3].value(dims[3].unit(0.0)), 1.0);
    }

    #[test]
    fn tpe_concentrates_near_good_trials() {
        // Loss is the distance from 0.8: after the startup trials, suggestions move there.
        let mut rng = SeededRng::new(5);
        let tpe = Tpe::default();
        let mut history = Vec::new();
        for _ in 0..80 {
            let p = tpe.suggest(1, &history, &mut rng);
            history.push(Observation {
                loss: (p[0] - 0.8).abs(),
                point: p,
            });
        }
        let mean = |obs: &[Observation]| obs.iter().map(|o| o.loss).sum::<f64>() / obs.len() as f64;
        let (random, guided) = history.split_at(20);
        assert!(
            mean(guided) < mean(random) / 2.0,
            "guided mean loss {} vs random {}",
            mean(guided),
            mean(random)
        );
    }
}
