//! Time-series cross-validation with an expanding training window (reference §3.1), on the
//! series' regular grid, following the open-source AutoML runtime's `get_validation_horizon`
//! and `generate_cutoffs` (`databricks.automl_runtime.forecast.utils`) in whole steps:
//!
//! - validation horizon: `horizon`, or a quarter of the history's span when the span is
//!   shorter than four horizons;
//! - the last cutoff leaves one validation horizon after it; earlier cutoffs step back by
//!   half a horizon (at least one step) while they stay at or after the initial window of
//!   max(3 horizons, two seasons) steps (the runtime uses one season; two let every fold of a
//!   seasonal model fit its season, see `models`), at most [`NUM_FOLDS`] of them;
//! - each fold fits on every point up to its cutoff and forecasts the next validation horizon.
//!
//! Metrics are Prophet's `performance_metrics` (which the runtime uses): `mse`, `rmse`, `mae`,
//! `mape`, `mdape`, `smape`, `coverage`, pooled over every fold and step of a series (Prophet
//! first averages within rolling windows of horizons; on equal-size folds mse, mae, smape and
//! coverage come out the same), then averaged over the series as the runtime averages its
//! per-series results.

use super::models::{Fitted, ModelKind};

/// The runtime's default fold cap (`num_folds=20`).
pub const NUM_FOLDS: usize = 20;

/// The validation horizon for a series of `n` points.
pub fn validation_horizon(n: usize, horizon: usize) -> usize {
    let span = n.saturating_sub(1);
    if 4 * horizon <= span {
        horizon
    } else {
        span / 4
    }
}

/// The cutoffs (index of each fold's last training point), earliest first.
pub fn cutoffs(
    n: usize,
    horizon: usize,
    period: usize,
    folds: usize,
) -> Result<Vec<usize>, String> {
    let h = validation_horizon(n, horizon);
    if h == 0 {
        return Err(format!(
            "a series of {n} time steps is too short to validate a forecast: it needs at least 5"
        ));
    }
    let step = (h / 2).max(1) as i64;
    let initial = (3 * h).max(2 * period) as i64;
    let mut out: Vec<i64> = vec![n as i64 - 1 - h as i64];
    while out.last().is_some_and(|&c| c >= initial) && out.len() <= folds {
        let next = out.last().map_or(0, |c| c - step);
        out.push(next);
    }
    out.pop();
    if out.is_empty() {
        return Err(format!(
            "Less data than horizon after initial window: a series of {n} time steps leaves no fold after the initial window of {initial} steps. Make horizon shorter, or pass more history."
        ));
    }
    Ok(out.into_iter().rev().map(|c| c as usize).collect())
}

/// Every fold's actual values, predictions and interval bounds, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Folds {
    pub actual: Vec<f64>,
    pub predicted: Vec<f64>,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub folds: usize,
}

/// Cross-validates `kind` on one regular series.
pub fn cross_validate(
    kind: ModelKind,
    values: &[f64],
    horizon: usize,
    period: usize,
) -> Result<Folds, String> {
    let n = values.len();
    let h = validation_horizon(n, horizon);
    let cuts = cutoffs(n, horizon, period, NUM_FOLDS)?;
    let mut out = Folds {
        folds: cuts.len(),
        ..Folds::default()
    };
    for c in cuts {
        let train = values.get(..=c).unwrap_or(values);
        let fitted: Fitted = kind.fit(train, period)?;
        let end = (c + h).min(n - 1);
        for (k, &y) in values.iter().enumerate().take(end + 1).skip(c + 1) {
            let p = fitted.predict_at(k).unwrap_or(f64::NAN);
            let w = fitted.half_width(k);
            out.actual.push(y);
            out.predicted.push(p);
            out.lower.push(p - w);
            out.upper.push(p + w);
        }
    }
    Ok(out)
}

/// sMAPE as Prophet computes it: mean of |y − ŷ| / ((|y| + |ŷ|) / 2), a fraction (0 to 2).
/// A point where both are 0 is a perfect forecast and counts 0 (Prophet would divide by 0).
pub fn smape(actual: &[f64], predicted: &[f64]) -> f64 {
    let terms: Vec<f64> = actual
        .iter()
        .zip(predicted)
        .map(|(y, p)| {
            let d = (y.abs() + p.abs()) / 2.0;
            if d == 0.0 {
                0.0
            } else {
                (y - p).abs() / d
            }
        })
        .collect();
    mean(&terms)
}

/// MdAPE: the median of |y − ŷ| / |y| over the points with y ≠ 0 (NaN when there are none).
pub fn mdape(actual: &[f64], predicted: &[f64]) -> f64 {
    let mut ape: Vec<f64> = actual
        .iter()
        .zip(predicted)
        .filter(|(y, _)| **y != 0.0)
        .map(|(y, p)| ((y - p) / y).abs())
        .collect();
    if ape.is_empty() {
        return f64::NAN;
    }
    ape.sort_by(f64::total_cmp);
    let n = ape.len();
    if n % 2 == 1 {
        ape[n / 2]
    } else {
        (ape[n / 2 - 1] + ape[n / 2]) / 2.0
    }
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        f64::NAN
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

/// The metrics of one series' folds, keyed without the `val_` prefix. `mape` is left out when
/// an actual value is 0 (Prophet leaves it out too).
pub fn metrics(f: &Folds) -> Vec<(&'static str, f64)> {
    let err: Vec<f64> = f
        .actual
        .iter()
        .zip(&f.predicted)
        .map(|(y, p)| y - p)
        .collect();
    let mse = mean(&err.iter().map(|e| e * e).collect::<Vec<_>>());
    let mut out = vec![
        ("mse", mse),
        ("rmse", mse.sqrt()),
        (
            "mae",
            mean(&err.iter().map(|e| e.abs()).collect::<Vec<_>>()),
        ),
    ];
    if f.actual.iter().all(|y| *y != 0.0) {
        let ape: Vec<f64> = err
            .iter()
            .zip(&f.actual)
            .map(|(e, y)| (e / y).abs())
            .collect();
        out.push(("mape", mean(&ape)));
    }
    out.push(("mdape", mdape(&f.actual, &f.predicted)));
    out.push(("smape", smape(&f.actual, &f.predicted)));
    let covered: Vec<f64> = f
        .actual
        .iter()
        .zip(f.lower.iter().zip(&f.upper))
        .map(|(y, (lo, hi))| f64::from(u8::from(lo <= y && y <= hi)))
        .collect();
    out.push(("coverage", mean(&covered)));
    out
}
