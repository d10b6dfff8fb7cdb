//! The forecasters, simple and honest stand-ins for Databricks' Prophet and Auto-ARIMA (which
//! have no Rust counterpart Lakelab could ship in the browser):
//!
//! | model | forecast | stands in for |
//! |---|---|---|
//! | `SeasonalNaive` | the value one season earlier: ŷ(T+h) = y(T+h−m·⌈h/m⌉) | `arima` |
//! | `Drift` | the last value plus the average step: ŷ(T+h) = y(T) + h·(y(T)−y(1))/(T−1) | `arima` |
//! | `LinearTrend` | least-squares line a + b·t | `prophet` |
//! | `SeasonalTrend` | the line plus the mean residual of each season position | `prophet` |
//!
//! Seasonal naive is ARIMA(0,0,0)(0,1,0)ₘ and drift ARIMA(0,1,0) with a constant, so they are
//! genuine (if minimal) ARIMA models; the trend models are Prophet's additive "trend +
//! seasonality" without changepoints or holidays. A seasonal model whose history spans fewer
//! than two seasons uses m = 1 (Prophet and the runtime's ARIMA also skip such seasonalities).
//!
//! Intervals: ŷ ± z·σ·w(h), σ the standard deviation of the in-sample one-step residuals,
//! w(h) = √⌈h/m⌉ (seasonal naive) or √h (drift), 1 for the trend models; z for each stand-in's
//! default width: 80 % (Prophet's `interval_width=0.8`), 95 % (pmdarima's `alpha=0.05`).

use serde::{Deserialize, Serialize};

/// Which forecaster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    SeasonalNaive,
    Drift,
    LinearTrend,
    SeasonalTrend,
}

impl ModelKind {
    pub const ALL: [ModelKind; 4] = [
        ModelKind::SeasonalNaive,
        ModelKind::LinearTrend,
        ModelKind::Drift,
        ModelKind::SeasonalTrend,
    ];

    /// The `exclude_frameworks` name of the framework it stands in for.
    pub fn framework(self) -> &'static str {
        match self {
            ModelKind::SeasonalNaive | ModelKind::Drift => "arima",
            ModelKind::LinearTrend | ModelKind::SeasonalTrend => "prophet",
        }
    }

    /// The run name and `params["model"]`.
    pub fn run_name(self) -> &'static str {
        match self {
            ModelKind::SeasonalNaive => "seasonal_naive",
            ModelKind::Drift => "drift",
            ModelKind::LinearTrend => "linear_trend",
            ModelKind::SeasonalTrend => "seasonal_trend",
        }
    }

    pub fn class_name(self) -> &'static str {
        match self {
            ModelKind::SeasonalNaive => "SeasonalNaiveForecaster",
            ModelKind::Drift => "DriftForecaster",
            ModelKind::LinearTrend => "LinearTrendForecaster",
            ModelKind::SeasonalTrend => "SeasonalTrendForecaster",
        }
    }

    /// What the model does, and what it stands in for, in words.
    pub fn describe(self) -> &'static str {
        match self {
            ModelKind::SeasonalNaive => "seasonal naive: each forecast repeats the value one season earlier (Lakelab's stand-in for Auto-ARIMA)",
            ModelKind::Drift => "drift: the last value plus the average change per step (Lakelab's stand-in for Auto-ARIMA)",
            ModelKind::LinearTrend => "linear trend: a least-squares line through the history (Lakelab's stand-in for Prophet)",
            ModelKind::SeasonalTrend => "linear trend plus additive seasonality: the line plus the mean residual of each position in the season (Lakelab's stand-in for Prophet)",
        }
    }

    /// z of the interval: the stand-in's default width (80 % Prophet, 95 % ARIMA).
    pub fn interval_z(self) -> f64 {
        match self.framework() {
            "prophet" => 1.281_551_565_544_600_5,
            _ => 1.959_963_984_540_054,
        }
    }

    pub fn interval_width(self) -> f64 {
        match self.framework() {
            "prophet" => 0.8,
            _ => 0.95,
        }
    }

    fn seasonal(self) -> bool {
        matches!(self, ModelKind::SeasonalNaive | ModelKind::SeasonalTrend)
    }

    /// Fits the model to a regular series (`values[k]` at grid step `k`).
    pub fn fit(self, values: &[f64], period: usize) -> Result<Fitted, String> {
        let n = values.len();
        if n == 0 {
            return Err("a series has no values to fit".into());
        }
        if values.iter().any(|v| !v.is_finite()) {
            return Err("a series holds a value that is not a finite number".into());
        }
        let m = if self.seasonal() && period > 1 && n >= 2 * period {
            period
        } else {
            1
        };
        let mut f = Fitted {
            kind: self,
            m,
            history: values.to_vec(),
            intercept: 0.0,
            slope: 0.0,
            seasonal: Vec::new(),
            sigma: 0.0,
        };
        match self {
            ModelKind::SeasonalNaive => {}
            ModelKind::Drift => {
                if n > 1 {
                    f.slope = (values[n - 1] - values[0]) / (n - 1) as f64;
                }
            }
            ModelKind::LinearTrend | ModelKind::SeasonalTrend if m == 1 => {
                let (a, b) = least_squares(values);
                f.intercept = a;
                f.slope = b;
            }
            ModelKind::LinearTrend | ModelKind::SeasonalTrend => {
                // Joint least squares of y = b·t + c[t mod m]: b from the within-position
                // regression, c the position means of y − b·t; intercept = mean(c).
                let mut sums = vec![(0.0, 0.0, 0usize); m];
                for (k, y) in values.iter().enumerate() {
                    let s = &mut sums[k % m];
                    s.0 += k as f64;
                    s.1 += y;
                    s.2 += 1;
                }
                let means: Vec<(f64, f64)> = sums
                    .iter()
                    .map(|(t, y, c)| {
                        let c = (*c).max(1) as f64;
                        (t / c, y / c)
                    })
                    .collect();
                let (mut sxy, mut sxx) = (0.0, 0.0);
                for (k, y) in values.iter().enumerate() {
                    let (mt, my) = means[k % m];
                    sxy += (k as f64 - mt) * (y - my);
                    sxx += (k as f64 - mt).powi(2);
                }
                let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
                let c: Vec<f64> = means.iter().map(|(mt, my)| my - b * mt).collect();
                let a = c.iter().sum::<f64>() / m as f64;
                f.intercept = a;
                f.slope = b;
                f.seasonal = c.iter().map(|v| v - a).collect();
            }
        }
        let residuals: Vec<f64> = (0..n)
            .filter_map(|k| f.predict_at(k).map(|p| values[k] - p))
            .collect();
        f.sigma = std_dev(&residuals);
        Ok(f)
    }
}

/// A fitted model of one series: what the saved model stores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Fitted {
    pub kind: ModelKind,
    /// The seasonal period used (1: none).
    pub m: usize,
    pub history: Vec<f64>,
    pub intercept: f64,
    pub slope: f64,
    /// The seasonal offsets by position `k % m` (seasonal trend only).
    pub seasonal: Vec<f64>,
    /// The standard deviation of the in-sample one-step residuals.
    pub sigma: f64,
}

crate::flat_de::map_only!(Fitted);

impl Fitted {
    fn n(&self) -> usize {
        self.history.len()
    }

    /// The prediction at grid step `k` (0 = the first observation): in-sample one-step
    /// predictions up to the last observation, forecasts after it. `None` where the model has
    /// nothing to predict from (the first season of seasonal naive, the first step of drift).
    pub fn predict_at(&self, k: usize) -> Option<f64> {
        let n = self.n();
        let y = |i: usize| self.history.get(i).copied();
        match self.kind {
            ModelKind::SeasonalNaive => {
                let m = self.m.max(1);
                if k < n {
                    k.checked_sub(m).and_then(y)
                } else {
                    let h = k - n + 1;
                    let back = m * h.div_ceil(m);
                    (k.checked_sub(back)).and_then(y)
                }
            }
            ModelKind::Drift => {
                if k == 0 {
                    None
                } else if k < n {
                    y(k - 1).map(|v| v + self.slope)
                } else {
                    y(n - 1).map(|v| v + (k - n + 1) as f64 * self.slope)
                }
            }
            ModelKind::LinearTrend | ModelKind::SeasonalTrend => {
                let s = self.seasonal.get(k % self.m.max(1)).copied().unwrap_or(0.0);
                Some(self.intercept + self.slope * k as f64 + s)
            }
        }
    }

    /// The interval's half-width at step `k` (forecasts widen with the steps ahead).
    pub fn half_width(&self, k: usize) -> f64 {
        let h = (k + 1).saturating_sub(self.n()).max(1);
        let w = match self.kind {
            ModelKind::SeasonalNaive => (h.div_ceil(self.m.max(1)) as f64).sqrt(),
            ModelKind::Drift => (h as f64).sqrt(),
            _ => 1.0,
        };
        self.kind.interval_z() * self.sigma * w
    }

    /// The next `h` forecasts after the history.
    pub fn forecast(&self, h: usize) -> Vec<f64> {
        let n = self.n();
        (n..n + h)
            .map(|k| self.predict_at(k).unwrap_or(f64::NAN))
            .collect()
    }
}

/// Intercept and slope of the least-squares line through (k, values[k]).
pub fn least_squares(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    if values.len() < 2 {
        return (values.first().copied().unwrap_or(0.0), 0.0);
    }
    let mean_t = (n - 1.0) / 2.0;
    let mean_y = values.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (k, y) in values.iter().enumerate() {
        let dt = k as f64 - mean_t;
        sxy += dt * (y - mean_y);
        sxx += dt * dt;
    }
    let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (mean_y - b * mean_t, b)
}

fn std_dev(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return 0.0;
    }
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
}
