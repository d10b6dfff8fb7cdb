//! Shared arithmetic of the SVG charts: value ranges mapped to pixels, short number labels,
//! the axes a chart can use, and a metric history as points.

use lakelab_core::tracking::Metric;

/// A linear map from a value range onto a pixel range (inverted for y by passing hi < lo).
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    from_px: f64,
    to_px: f64,
}

impl Scale {
    /// The range of `values` (finite ones) onto `from_px..to_px`; a single value or none gets
    /// a unit-wide range so nothing divides by zero.
    pub fn fit(values: impl Iterator<Item = f64>, from_px: f64, to_px: f64) -> Self {
        let (min, max) = values
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
        let (min, max) = if min.is_finite() {
            (min, max)
        } else {
            (0.0, 1.0)
        };
        Self {
            min,
            max,
            from_px,
            to_px,
        }
    }

    pub fn px(&self, v: f64) -> f64 {
        let span = if self.max > self.min {
            self.max - self.min
        } else {
            1.0
        };
        self.from_px + (v - self.min) / span * (self.to_px - self.from_px)
    }
}

/// A short label for an axis value.
pub fn label(v: f64) -> String {
    if v.abs() >= 1000.0 || v == v.trunc() {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
    }
}

/// A run's numeric value for a chart axis named `metric:<key>` or `param:<key>` (params that
/// parse as numbers); `None` when the run lacks it or it cannot be drawn.
pub fn run_value(run: &lakelab_core::tracking::Run, axis: &str) -> Option<f64> {
    match axis.split_once(':') {
        Some(("metric", k)) => run.data.metrics.get(k).copied().filter(|v| v.is_finite()),
        Some(("param", k)) => run.data.params.get(k).and_then(|v| v.parse().ok()),
        _ => None,
    }
}

/// The axes a chart of `runs` can use: `metric:<key>` for every metric and `param:<key>` for
/// params whose values are numbers, sorted.
pub fn axis_choices(runs: &[lakelab_core::tracking::Run]) -> Vec<String> {
    let mut out: Vec<String> = runs
        .iter()
        .flat_map(|r| {
            r.data
                .metrics
                .keys()
                .map(|k| format!("metric:{k}"))
                .chain(
                    r.data
                        .params
                        .iter()
                        .filter(|(_, v)| v.parse::<f64>().is_ok())
                        .map(|(k, _)| format!("param:{k}")),
                )
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// What the x axis shows, as in the MLflow UI.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum XAxis {
    Step,
    WallTime,
    RelativeTime,
}

impl XAxis {
    pub fn label(self) -> &'static str {
        match self {
            XAxis::Step => "Step",
            XAxis::WallTime => "Time (wall)",
            XAxis::RelativeTime => "Time (relative, s)",
        }
    }
}

/// Points in plotting order (by x), skipping values that cannot be drawn (NaN, ±inf).
pub fn history_points(history: &[Metric], axis: XAxis) -> Vec<(f64, f64)> {
    let first = history.iter().map(|m| m.timestamp).min().unwrap_or(0);
    let mut pts: Vec<(f64, f64)> = history
        .iter()
        .filter(|m| m.value.is_finite())
        .map(|m| {
            let x = match axis {
                XAxis::Step => m.step as f64,
                XAxis::WallTime => m.timestamp as f64,
                XAxis::RelativeTime => (m.timestamp - first) as f64 / 1000.0,
            };
            (x, m.value)
        })
        .collect();
    lakelab_core::sorting::sort_by(&mut pts, |a, b| a.0.total_cmp(&b.0));
    pts
}
