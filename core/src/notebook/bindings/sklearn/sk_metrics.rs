//! `sklearn.metrics` in cells, over `ml::metrics` (scikit-learn's definitions and edge
//! cases), plus the `scoring=` names model selection accepts.

use super::data::labels_arg;
use super::estimators::value_error;
use crate::ml::metrics::{self, Average};
use crate::ml::sk::SkModel;
use crate::notebook::bindings::client::to_json;
use crate::notebook::call::{Bound, Sig};
use crate::notebook::error::PyErr;
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, NativeFn, Value};

pub const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("accuracy_score", accuracy_score),
    ("precision_score", precision_score),
    ("recall_score", recall_score),
    ("f1_score", f1_score),
    ("roc_auc_score", roc_auc_score),
    ("log_loss", log_loss),
    ("mean_squared_error", mean_squared_error),
    ("root_mean_squared_error", root_mean_squared_error),
    ("mean_absolute_error", mean_absolute_error),
    ("r2_score", r2_score),
    ("confusion_matrix", confusion_matrix),
    ("roc_curve", roc_curve),
    ("precision_recall_curve", precision_recall_curve),
];

fn floats(v: &[f64]) -> Value {
    Value::list(v.iter().map(|f| Value::Float(*f)).collect())
}

/// The truth of a binary `y_true` as "is the larger label" (scikit-learn's positive class
/// when `pos_label` is None), and the scores.
fn binary_scores(b: &Bound, what: &str) -> Result<(Vec<bool>, Vec<f64>), PyErr> {
    let truth = labels_arg(&b.value("y_true"))?;
    let (classes, codes) = crate::ml::sk::model::encode_labels(&truth).map_err(value_error)?;
    if classes.len() > 2 {
        return Err(value_error(format!(
            "{what} is only defined for a binary y_true ({} classes here): pass the scores of one class against the rest",
            classes.len()
        )));
    }
    let t = codes.iter().map(|&c| c + 1 == classes.len()).collect();
    Ok((t, numbers(&b.value("y_score"), "y_score")?))
}

fn roc_curve(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = pair(
        args,
        "roc_curve",
        "roc_curve(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=True)",
        &[
            "y_true",
            "y_score",
            "*",
            "pos_label=",
            "sample_weight=",
            "drop_intermediate=",
        ],
    )?;
    let (t, s) = binary_scores(&b, "roc_curve")?;
    let drop = !matches!(b.value("drop_intermediate"), Value::Bool(false));
    let c = metrics::roc_curve(&t, &s, drop).map_err(err)?;
    Ok(Value::tuple(vec![
        floats(&c.x),
        floats(&c.y),
        floats(&c.thresholds),
    ]))
}

/// scikit-learn's order: increasing thresholds, the (recall 0, precision 1) point last and
/// without a threshold.
fn precision_recall_curve(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = pair(
        args,
        "precision_recall_curve",
        "precision_recall_curve(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=False)",
        &["y_true", "y_score", "*", "pos_label=", "sample_weight=", "drop_intermediate="],
    )?;
    let (t, s) = binary_scores(&b, "precision_recall_curve")?;
    let c = metrics::precision_recall_curve(&t, &s).map_err(err)?;
    let rev = |v: &[f64]| v.iter().rev().copied().collect::<Vec<f64>>();
    let thresholds = rev(&c.thresholds[1..]);
    Ok(Value::tuple(vec![
        floats(&rev(&c.y)),
        floats(&rev(&c.x)),
        floats(&thresholds),
    ]))
}

fn keys(v: &Value) -> Result<Vec<String>, PyErr> {
    Ok(labels_arg(v)?.iter().map(|j| j.to_string()).collect())
}

fn numbers(v: &Value, what: &str) -> Result<Vec<f64>, PyErr> {
    labels_arg(v)?
        .iter()
        .map(|j| {
            j.as_f64()
                .ok_or_else(|| value_error(format!("{what} must hold numbers")))
        })
        .collect()
}

fn err(e: metrics::MetricError) -> PyErr {
    value_error(e.0)
}

fn pair(
    args: Args,
    name: &'static str,
    display: &'static str,
    extra: &'static [&'static str],
) -> Result<Bound, PyErr> {
    let params: &'static [&'static str] = match extra {
        [] => &["y_true", "y_pred", "*", "sample_weight="],
        _ => extra,
    };
    Sig {
        name,
        params,
        is_method: false,
        display,
    }
    .bind(args)
}

fn accuracy_score(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = pair(
        args,
        "accuracy_score",
        "accuracy_score(y_true, y_pred, *, normalize=True, sample_weight=None)",
        &["y_true", "y_pred", "*", "normalize=", "sample_weight="],
    )?;
    let (t, p) = (keys(&b.value("y_true"))?, keys(&b.value("y_pred"))?);
    Ok(Value::Float(metrics::accuracy(&t, &p).map_err(err)?))
}

const PRF_PARAMS: &[&str] = &[
    "y_true",
    "y_pred",
    "*",
    "labels=",
    "pos_label=",
    "average=",
    "sample_weight=",
    "zero_division=",
];

fn prf(args: Args, name: &'static str, display: &'static str) -> Result<metrics::Prf, PyErr> {
    let b = pair(args, name, display, PRF_PARAMS)?;
    let (t, p) = (keys(&b.value("y_true"))?, keys(&b.value("y_pred"))?);
    let average = b.get("average").map_or("binary".to_string(), |v| {
        if matches!(v, Value::None) {
            "none".into()
        } else {
            v.to_str()
        }
    });
    let pos = b
        .get("pos_label")
        .map_or(Ok("1".to_string()), |v| to_json(v).map(|j| j.to_string()))?;
    let avg = match average.as_str() {
        "binary" => {
            let mut labels: Vec<&String> = t.iter().chain(&p).collect();
            labels.sort();
            labels.dedup();
            if labels.len() > 2 {
                return Err(value_error(
                    "Target is multiclass but average='binary'. Please choose another average setting, one of [None, 'micro', 'macro', 'weighted'].",
                ));
            }
            if !labels.contains(&&pos) {
                return Err(value_error(format!(
                    "pos_label={pos} is not a valid label. It should be one of {labels:?}"
                )));
            }
            Average::Binary(pos)
        }
        "micro" => Average::Micro,
        "macro" => Average::Macro,
        "weighted" => Average::Weighted,
        other => {
            return Err(value_error(format!(
                "average has to be one of (None, 'micro', 'macro', 'weighted', 'samples', 'binary'); Lakelab supports 'binary', 'micro', 'macro', 'weighted', got '{other}'"
            )))
        }
    };
    metrics::precision_recall_f1(&t, &p, &avg).map_err(err)
}

fn precision_score(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Ok(Value::Float(prf(args, "precision_score", "precision_score(y_true, y_pred, *, labels=None, pos_label=1, average='binary', sample_weight=None, zero_division='warn')")?.precision))
}

fn recall_score(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Ok(Value::Float(prf(args, "recall_score", "recall_score(y_true, y_pred, *, labels=None, pos_label=1, average='binary', sample_weight=None, zero_division='warn')")?.recall))
}

fn f1_score(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Ok(Value::Float(prf(args, "f1_score", "f1_score(y_true, y_pred, *, labels=None, pos_label=1, average='binary', sample_weight=None, zero_division='warn')")?.f1))
}

fn roc_auc_score(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = pair(args, "roc_auc_score", "roc_auc_score(y_true, y_score, *, average='macro', sample_weight=None, max_fpr=None, multi_class='raise', labels=None)", &["y_true", "y_score", "*", "average=", "sample_weight=", "max_fpr=", "multi_class=", "labels="])?;
    let truth = labels_arg(&b.value("y_true"))?;
    let (classes, codes) = crate::ml::sk::model::encode_labels(&truth).map_err(value_error)?;
    if classes.len() > 2 {
        return Err(value_error(
            "multi_class must be in ('ovo', 'ovr'): Lakelab's roc_auc_score handles binary targets",
        ));
    }
    let t: Vec<bool> = codes.iter().map(|&c| c + 1 == classes.len()).collect();
    let s = numbers(&b.value("y_score"), "y_score")?;
    Ok(Value::Float(metrics::roc_auc(&t, &s).map_err(err)?))
}

fn log_loss(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = pair(
        args,
        "log_loss",
        "log_loss(y_true, y_pred, *, normalize=True, sample_weight=None, labels=None)",
        &[
            "y_true",
            "y_pred",
            "*",
            "normalize=",
            "sample_weight=",
            "labels=",
        ],
    )?;
    let truth = labels_arg(&b.value("y_true"))?;
    let (classes, codes) = crate::ml::sk::model::encode_labels(&truth).map_err(value_error)?;
    let pred = b.value("y_pred");
    let rows: Vec<Vec<f64>> = pred
        .iter_items()
        .ok_or_else(|| value_error("y_pred must be a list of probabilities"))?
        .iter()
        .map(|r| match r.iter_items() {
            Some(items) => items
                .iter()
                .map(|v| v.as_f64().unwrap_or(f64::NAN))
                .collect(),
            None => {
                let p = r.as_f64().unwrap_or(f64::NAN);
                vec![1.0 - p, p]
            }
        })
        .collect();
    if rows.first().is_some_and(|r| r.len() != classes.len()) {
        return Err(value_error(format!(
            "y_true and y_pred contain different number of classes {}, {}",
            classes.len(),
            rows.first().map_or(0, Vec::len)
        )));
    }
    Ok(Value::Float(metrics::log_loss(&codes, &rows).map_err(err)?))
}

fn regression(
    args: Args,
    name: &'static str,
    display: &'static str,
    f: fn(&[f64], &[f64]) -> metrics::MetricResult<f64>,
) -> Result<Value, PyErr> {
    let b = pair(args, name, display, &[])?;
    let (t, p) = (
        numbers(&b.value("y_true"), "y_true")?,
        numbers(&b.value("y_pred"), "y_pred")?,
    );
    Ok(Value::Float(f(&t, &p).map_err(err)?))
}

fn mean_squared_error(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    regression(
        args,
        "mean_squared_error",
        "mean_squared_error(y_true, y_pred, *, sample_weight=None)",
        metrics::mse,
    )
}

fn root_mean_squared_error(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    regression(
        args,
        "root_mean_squared_error",
        "root_mean_squared_error(y_true, y_pred, *, sample_weight=None)",
        metrics::rmse,
    )
}

fn mean_absolute_error(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    regression(
        args,
        "mean_absolute_error",
        "mean_absolute_error(y_true, y_pred, *, sample_weight=None)",
        metrics::mae,
    )
}

fn r2_score(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    regression(
        args,
        "r2_score",
        "r2_score(y_true, y_pred, *, sample_weight=None)",
        metrics::r2,
    )
}

fn confusion_matrix(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = pair(
        args,
        "confusion_matrix",
        "confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None)",
        &[
            "y_true",
            "y_pred",
            "*",
            "labels=",
            "sample_weight=",
            "normalize=",
        ],
    )?;
    let (t, p) = (
        labels_arg(&b.value("y_true"))?,
        labels_arg(&b.value("y_pred"))?,
    );
    if t.len() != p.len() {
        return Err(value_error(format!(
            "Found input variables with inconsistent numbers of samples: [{}, {}]",
            t.len(),
            p.len()
        )));
    }
    let all: Vec<serde_json::Value> = t.iter().chain(&p).cloned().collect();
    let (classes, _) = crate::ml::sk::model::encode_labels(&all).map_err(value_error)?;
    let mut m = vec![vec![0i64; classes.len()]; classes.len()];
    for (a, b) in t.iter().zip(&p) {
        if let (Some(i), Some(j)) = (
            classes.iter().position(|c| c == a),
            classes.iter().position(|c| c == b),
        ) {
            m[i][j] += 1;
        }
    }
    Ok(Value::list(
        m.into_iter()
            .map(|r| Value::list(r.into_iter().map(Value::Int).collect()))
            .collect(),
    ))
}

/// A `scoring=` name applied to a fitted model (higher is better, as scikit-learn's
/// scorers: error metrics are negated).
pub fn score_by_name(
    _: &mut Interp,
    name: &str,
    model: &SkModel,
    x: &Value,
    y: &Value,
) -> Result<f64, PyErr> {
    let frame = super::data::frame_arg(x)?;
    let truth = labels_arg(y)?;
    let pred = model.predict_values(&frame).map_err(value_error)?;
    let tk: Vec<String> = truth.iter().map(|j| j.to_string()).collect();
    let pk: Vec<String> = pred.iter().map(|j| j.to_string()).collect();
    let nums =
        |v: &[serde_json::Value]| -> Vec<f64> { v.iter().filter_map(|j| j.as_f64()).collect() };
    let positive = || {
        model
            .head
            .as_ref()
            .and_then(|h| h.classes.last())
            .map(|c| c.to_string())
            .unwrap_or_default()
    };
    let v = match name {
        "accuracy" => metrics::accuracy(&tk, &pk),
        "f1" => metrics::precision_recall_f1(&tk, &pk, &Average::Binary(positive())).map(|p| p.f1),
        "precision" => metrics::precision_recall_f1(&tk, &pk, &Average::Binary(positive())).map(|p| p.precision),
        "recall" => metrics::precision_recall_f1(&tk, &pk, &Average::Binary(positive())).map(|p| p.recall),
        "f1_weighted" => metrics::precision_recall_f1(&tk, &pk, &Average::Weighted).map(|p| p.f1),
        "f1_macro" => metrics::precision_recall_f1(&tk, &pk, &Average::Macro).map(|p| p.f1),
        "roc_auc" => {
            let proba = model.predict_proba(&frame).map_err(value_error)?;
            let pos = positive();
            let t: Vec<bool> = tk.iter().map(|k| *k == pos).collect();
            let s: Vec<f64> = proba.iter().map(|r| r.last().copied().unwrap_or(0.0)).collect();
            metrics::roc_auc(&t, &s)
        }
        "neg_log_loss" => {
            let proba = model.predict_proba(&frame).map_err(value_error)?;
            let classes = model.head.as_ref().map(|h| h.classes.clone()).unwrap_or_default();
            let codes: Vec<usize> = truth.iter().map(|t| classes.iter().position(|c| c == t).unwrap_or(0)).collect();
            metrics::log_loss(&codes, &proba).map(|l| -l)
        }
        "r2" => metrics::r2(&nums(&truth), &nums(&pred)),
        "neg_mean_squared_error" => metrics::mse(&nums(&truth), &nums(&pred)).map(|v| -v),
        "neg_root_mean_squared_error" => metrics::rmse(&nums(&truth), &nums(&pred)).map(|v| -v),
        "neg_mean_absolute_error" => metrics::mae(&nums(&truth), &nums(&pred)).map(|v| -v),
        other => {
            return Err(value_error(format!(
                "'{other}' is not a valid scoring value. Lakelab has: accuracy, f1, f1_weighted, f1_macro, precision, recall, roc_auc, neg_log_loss, r2, neg_mean_squared_error, neg_root_mean_squared_error, neg_mean_absolute_error"
            )))
        }
    };
    v.map_err(err)
}
