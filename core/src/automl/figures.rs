//! The figures each AutoML trial logs for its validation split, under the names
//! `mlflow.evaluate` gives them in AutoML's trial runs (`val_confusion_matrix`,
//! `val_roc_curve_plot`, `val_precision_recall_curve_plot`), plus a residual plot for
//! regression (`val_residuals_plot`; `mlflow.evaluate` logs none, the issue asks for one).
//!
//! Differences, and why: the files are SVG rather than PNG, because Lakelab's PNG rasteriser
//! has no font and a confusion matrix without its numbers says nothing; only the validation
//! split is drawn (AutoML ranks trials on it), to keep a long run's stored artifacts small;
//! curves are thinned to at most [`MAX_POINTS`] points.

use crate::ml::metrics::{self, Curve};
use crate::ml::pipeline::argmax;
use crate::plot::figure::{escape, Figure, Plotted, Series};
use crate::plot::palette::ramp;

/// The most points a curve or scatter keeps.
pub const MAX_POINTS: usize = 200;

/// Every `len / max`-th index, always keeping the first and the last.
fn thin(len: usize, max: usize) -> Vec<usize> {
    if len <= max || max < 2 {
        return (0..len).collect();
    }
    (0..max)
        .map(|i| i * (len - 1) / (max - 1))
        .collect::<Vec<_>>()
}

fn line(curve: &Curve, label: String) -> Plotted {
    let keep = thin(curve.x.len(), MAX_POINTS);
    Plotted {
        series: Series::Line {
            xs: keep.iter().map(|&i| curve.x[i]).collect(),
            ys: keep.iter().map(|&i| curve.y[i]).collect(),
        },
        label: Some(label),
        colour: None,
    }
}

/// Counts of true class (rows) against predicted class (columns).
pub fn confusion(y: &[usize], pred: &[usize], n_classes: usize) -> Vec<Vec<usize>> {
    let mut m = vec![vec![0; n_classes]; n_classes];
    for (&t, &p) in y.iter().zip(pred) {
        if let Some(cell) = m.get_mut(t).and_then(|r| r.get_mut(p)) {
            *cell += 1;
        }
    }
    m
}

/// A confusion matrix as SVG: cells shaded by their share of the true class, with counts.
pub fn confusion_svg(title: &str, labels: &[String], m: &[Vec<usize>]) -> String {
    let n = labels.len().max(1);
    let cell = (360.0 / n as f64).clamp(28.0, 90.0);
    let (left, top) = (120.0, 60.0);
    let size = cell * n as f64;
    let (w, h) = (left + size + 30.0, top + size + 60.0);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\" font-size=\"12\"><rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\
         <text x=\"{:.1}\" y=\"24\" text-anchor=\"middle\" font-size=\"14\">{}</text>",
        w / 2.0,
        escape(title)
    );
    for (i, row) in m.iter().enumerate() {
        let total: usize = row.iter().sum();
        for (j, &count) in row.iter().enumerate() {
            let share = if total > 0 {
                count as f64 / total as f64
            } else {
                0.0
            };
            let (x, y) = (left + j as f64 * cell, top + i as f64 * cell);
            let ink = if share > 0.6 { "#000000" } else { "#ffffff" };
            s.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{cell:.1}\" height=\"{cell:.1}\" fill=\"{}\" stroke=\"#ffffff\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{ink}\">{count}</text>",
                ramp(share),
                x + cell / 2.0,
                y + cell / 2.0 + 4.0
            ));
        }
    }
    for (i, label) in labels.iter().enumerate() {
        let mid = i as f64 * cell + cell / 2.0;
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            left - 6.0,
            top + mid + 4.0,
            escape(label),
            left + mid,
            top + size + 16.0,
            escape(label)
        ));
    }
    s.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">Predicted label</text>\
         <text x=\"16\" y=\"{:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {:.1})\">True label</text></svg>",
        left + size / 2.0,
        top + size + 40.0,
        top + size / 2.0,
        top + size / 2.0
    ));
    s
}

/// The classes a curve is drawn for: the positive class when binary, each class otherwise.
fn curve_classes(n_classes: usize, positive: usize) -> Vec<usize> {
    if n_classes == 2 {
        vec![positive]
    } else {
        (0..n_classes).collect()
    }
}

/// The classification figures of one split: (artifact file name, SVG).
pub fn classification(
    prefix: &str,
    labels: &[String],
    y: &[usize],
    proba: &[Vec<f64>],
    positive: usize,
) -> Vec<(String, String)> {
    let n = labels.len();
    let pred: Vec<usize> = proba.iter().map(|p| argmax(p)).collect();
    let mut out = vec![(
        format!("{prefix}confusion_matrix.svg"),
        confusion_svg("Confusion matrix", labels, &confusion(y, &pred, n)),
    )];
    let mut roc = Figure {
        title: Some("ROC curve".into()),
        xlabel: Some("False Positive Rate".into()),
        ylabel: Some("True Positive Rate".into()),
        legend: true,
        plots: Vec::new(),
    };
    let mut pr = Figure {
        title: Some("Precision recall curve".into()),
        xlabel: Some("Recall".into()),
        ylabel: Some("Precision".into()),
        legend: true,
        plots: Vec::new(),
    };
    for k in curve_classes(n, positive) {
        let truth: Vec<bool> = y.iter().map(|&c| c == k).collect();
        let score: Vec<f64> = proba
            .iter()
            .map(|p| p.get(k).copied().unwrap_or(0.0))
            .collect();
        let name = labels.get(k).cloned().unwrap_or_default();
        if let (Ok(c), Ok(auc)) = (
            metrics::roc_curve(&truth, &score, false),
            metrics::roc_auc(&truth, &score),
        ) {
            roc.plots.push(line(&c, format!("{name} (AUC={auc:.3})")));
        }
        if let Ok(c) = metrics::precision_recall_curve(&truth, &score) {
            pr.plots.push(line(&c, name.clone()));
        }
    }
    if !roc.plots.is_empty() {
        roc.plots.push(Plotted {
            series: Series::Line {
                xs: vec![0.0, 1.0],
                ys: vec![0.0, 1.0],
            },
            label: Some("chance".into()),
            colour: Some("#999999".into()),
        });
        out.push((format!("{prefix}roc_curve_plot.svg"), roc.to_svg()));
    }
    if !pr.plots.is_empty() {
        out.push((
            format!("{prefix}precision_recall_curve_plot.svg"),
            pr.to_svg(),
        ));
    }
    out
}

/// The regression figure of one split: residuals (actual − predicted) against predictions.
pub fn regression(prefix: &str, y: &[f64], pred: &[f64]) -> Vec<(String, String)> {
    let keep = thin(y.len().min(pred.len()), MAX_POINTS);
    let xs: Vec<f64> = keep.iter().map(|&i| pred[i]).collect();
    let ys: Vec<f64> = keep.iter().map(|&i| y[i] - pred[i]).collect();
    let (lo, hi) = xs
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let mut fig = Figure {
        title: Some("Residuals".into()),
        xlabel: Some("Predicted value".into()),
        ylabel: Some("Residual (actual - predicted)".into()),
        legend: false,
        plots: vec![Plotted {
            series: Series::Scatter { xs, ys },
            label: None,
            colour: None,
        }],
    };
    if lo.is_finite() {
        fig.plots.push(Plotted {
            series: Series::Line {
                xs: vec![lo, hi],
                ys: vec![0.0, 0.0],
            },
            label: None,
            colour: Some("#999999".into()),
        });
    }
    vec![(format!("{prefix}residuals_plot.svg"), fig.to_svg())]
}
