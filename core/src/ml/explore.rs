//! Data exploration, as AutoML's exploration notebook and `dbutils.data.summarize` show it:
//! per column its type, missing share, distinct values, numeric statistics (mean, standard
//! deviation, min, quartiles, max), a 10-bin histogram or the top values, Pearson
//! correlations between numeric columns, and alerts.
//!
//! Alert thresholds are Lakelab's (Databricks does not publish its own): high cardinality
//! above [`HIGH_CARDINALITY`] distinct strings, skew when |skewness| > 1, a missing share
//! above 50 %, a single value (constant), a value per row (identifier), and an imbalanced
//! target when the rarest class holds under 10 % of the rows.

use serde::{Deserialize, Serialize};

use super::prep::{cell_key, detect, SemanticType, HIGH_CARDINALITY};
use crate::table::{Cell, Table};

/// One column's profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnSummary {
    pub name: String,
    pub dtype: String,
    pub semantic: SemanticType,
    pub count: usize,
    pub missing: usize,
    pub distinct: usize,
    /// mean, std (sample), min, 25 %, 50 %, 75 %, max — numeric columns only.
    pub stats: Option<[f64; 7]>,
    /// 10 equal-width bins over [min, max]: (low, high, count).
    pub histogram: Vec<(f64, f64, usize)>,
    /// The 5 most frequent values with their counts (ties by value).
    pub top: Vec<(String, usize)>,
}

impl ColumnSummary {
    pub fn missing_pct(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            100.0 * self.missing as f64 / self.count as f64
        }
    }
}

/// Something worth a look.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExploreAlert {
    pub column: String,
    pub kind: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub rows: usize,
    pub columns: Vec<ColumnSummary>,
    /// Pearson correlation of each pair of numeric columns (pairwise complete rows).
    pub correlations: Vec<(String, String, f64)>,
    pub alerts: Vec<ExploreAlert>,
}

/// The `p` quantile of sorted values with linear interpolation (NumPy's default, which
/// pandas' `describe` uses).
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

fn numbers(table: &Table, i: usize) -> Vec<Option<f64>> {
    let c = table.column_at(i);
    (0..c.len())
        .map(|r| {
            if c.is_null(r) {
                return None;
            }
            match c.get(r) {
                Cell::Int(v) => Some(v as f64),
                Cell::Float(v) if v.is_finite() => Some(v),
                Cell::Bool(b) => Some(f64::from(u8::from(b))),
                _ => None,
            }
        })
        .collect()
}

fn pearson(a: &[Option<f64>], b: &[Option<f64>]) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = a
        .iter()
        .zip(b)
        .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
        .collect();
    let n = pairs.len() as f64;
    if n < 2.0 {
        return None;
    }
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx).powi(2);
        syy += (y - my).powi(2);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// Profiles `table`; `target` (a column name) adds the imbalance check.
pub fn summarize(table: &Table, target: Option<&str>) -> Summary {
    let rows = table.num_rows();
    let mut columns = Vec::new();
    let mut alerts = Vec::new();
    let mut numeric: Vec<(String, Vec<Option<f64>>)> = Vec::new();
    for (i, (name, col)) in table.names().iter().zip(table.columns()).enumerate() {
        let plan = detect(name, col, true);
        let missing = (0..col.len())
            .filter(|&r| col.is_null(r) || matches!(col.get(r), Cell::Float(f) if f.is_nan()))
            .count();
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        for r in 0..col.len() {
            if !col.is_null(r) {
                *counts.entry(cell_key(&col.get(r))).or_default() += 1;
            }
        }
        let distinct = counts.len();
        let mut top: Vec<(String, usize)> = counts.into_iter().collect();
        crate::sorting::sort_by(&mut top, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let (stats, histogram) = if col.dtype().is_numeric() {
            let values = numbers(table, i);
            let mut v: Vec<f64> = values.iter().flatten().copied().collect();
            v.sort_by(f64::total_cmp);
            numeric.push((name.clone(), values));
            if v.is_empty() {
                (None, Vec::new())
            } else {
                let n = v.len() as f64;
                let mean = v.iter().sum::<f64>() / n;
                let std = if v.len() > 1 {
                    (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
                } else {
                    f64::NAN
                };
                let (min, max) = (v[0], v[v.len() - 1]);
                let width = (max - min) / 10.0;
                let mut bins: Vec<(f64, f64, usize)> = (0..10)
                    .map(|b| (min + width * b as f64, min + width * (b + 1) as f64, 0))
                    .collect();
                for x in &v {
                    let b = if width > 0.0 {
                        (((x - min) / width) as usize).min(9)
                    } else {
                        0
                    };
                    bins[b].2 += 1;
                }
                if width == 0.0 {
                    bins.truncate(1);
                }
                let m2 = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
                let m3 = v.iter().map(|x| (x - mean).powi(3)).sum::<f64>() / n;
                if m2 > 0.0 && (m3 / m2.powf(1.5)).abs() > 1.0 && distinct > 2 {
                    alerts.push(ExploreAlert {
                        column: name.clone(),
                        kind: "skew".into(),
                        message: format!(
                            "'{name}' is skewed (skewness {:.2}): a log transform may help linear models",
                            m3 / m2.powf(1.5)
                        ),
                    });
                }
                (
                    Some([
                        mean,
                        std,
                        min,
                        quantile(&v, 0.25),
                        quantile(&v, 0.5),
                        quantile(&v, 0.75),
                        max,
                    ]),
                    bins,
                )
            }
        } else {
            (None, Vec::new())
        };
        let mut alert = |kind: &str, message: String| {
            alerts.push(ExploreAlert {
                column: name.clone(),
                kind: kind.into(),
                message,
            })
        };
        match plan.semantic {
            SemanticType::Constant => alert(
                "constant",
                format!("'{name}' holds a single value: it cannot help a model"),
            ),
            SemanticType::Id => alert(
                "identifier",
                format!("'{name}' has a different value on every row: an identifier, not a feature"),
            ),
            SemanticType::Categorical if distinct > HIGH_CARDINALITY => alert(
                "high_cardinality",
                format!("'{name}' has {distinct} distinct values: one-hot encoding keeps the {HIGH_CARDINALITY} most frequent"),
            ),
            _ => {}
        }
        if rows > 0 && missing * 2 > rows {
            alert(
                "missing",
                format!(
                    "'{name}' is missing in {:.0} % of the rows",
                    100.0 * missing as f64 / rows as f64
                ),
            );
        }
        if Some(name.as_str()) == target && distinct >= 2 {
            let present = rows - missing;
            if let Some((value, n)) = top.last() {
                if present > 0 && (*n as f64) < 0.1 * present as f64 {
                    alert(
                        "imbalanced_target",
                        format!(
                            "the target is imbalanced: class {value} has {n} of {present} rows; AutoML downsamples and weights the training split, and F1 or ROC AUC say more than accuracy"
                        ),
                    );
                }
            }
        }
        top.truncate(5);
        columns.push(ColumnSummary {
            name: name.clone(),
            dtype: col.dtype().spark_name().to_string(),
            semantic: plan.semantic,
            count: rows,
            missing,
            distinct,
            stats,
            histogram,
            top,
        });
    }
    let mut correlations = Vec::new();
    for i in 0..numeric.len() {
        for j in i + 1..numeric.len() {
            if let Some(r) = pearson(&numeric[i].1, &numeric[j].1) {
                correlations.push((numeric[i].0.clone(), numeric[j].0.clone(), r));
            }
        }
    }
    Summary {
        rows,
        columns,
        correlations,
        alerts,
    }
}

/// A text rendering for a cell's output (`dbutils.data.summarize`).
pub fn render(s: &Summary) -> String {
    let f = |x: f64| {
        if x.is_nan() {
            "-".to_string()
        } else if x.abs() >= 1e5 || (x != 0.0 && x.abs() < 1e-3) {
            format!("{x:.3e}")
        } else {
            format!("{x:.3}")
        }
    };
    let mut out = format!("{} rows, {} columns\n\n", s.rows, s.columns.len());
    for c in &s.columns {
        out.push_str(&format!(
            "{} ({}, {}): missing {:.1} %, {} distinct",
            c.name,
            c.dtype,
            c.semantic.name(),
            c.missing_pct(),
            c.distinct
        ));
        match c.stats {
            Some([mean, std, min, q1, q2, q3, max]) => out.push_str(&format!(
                "\n  mean {}  std {}  min {}  25% {}  50% {}  75% {}  max {}\n",
                f(mean),
                f(std),
                f(min),
                f(q1),
                f(q2),
                f(q3),
                f(max)
            )),
            None => {
                let top: Vec<String> = c.top.iter().map(|(v, n)| format!("{v} ({n})")).collect();
                out.push_str(&format!("\n  top: {}\n", top.join(", ")));
            }
        }
    }
    if !s.alerts.is_empty() {
        out.push_str("\nAlerts:\n");
        for a in &s.alerts {
            out.push_str(&format!("- {}\n", a.message));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.5), 2.5);
        assert_eq!(quantile(&v, 0.25), 1.75);
        assert_eq!(quantile(&v, 1.0), 4.0);
    }
}
