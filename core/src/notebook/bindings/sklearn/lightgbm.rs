//! `lightgbm` in cells: `LGBMClassifier` / `LGBMRegressor` (LightGBM's scikit-learn API,
//! fitted by `ml::lgbm`, usable as a `Pipeline` step like any scikit-learn estimator), and
//! the `early_stopping` / `log_evaluation` callbacks that `fit(..., eval_set=...,
//! callbacks=...)` takes, as Databricks AutoML's LightGBM notebooks call them.
//!
//! Parameters Lakelab cannot honour raise `NotImplementedError` when set to anything but
//! their default (`boosting_type` other than `"gbdt"`, `class_weight`, another `objective`);
//! `subsample_for_bin`, `n_jobs`, `importance_type` and `verbose` are accepted and have no
//! effect (Lakelab bins every row and trains on one thread).

use std::any::Any;

use super::estimators::{float_param, value_error, Class, Kind, SkObj, D};
use crate::ml::estimator::Estimator;
use crate::ml::sk::EvalSet;
use crate::notebook::call::Sig;
use crate::notebook::error::{not_implemented, type_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Object, Value};

/// LightGBM's scikit-learn signature (both classes), with its defaults.
const LGBM_PARAMS: &[(&str, D)] = &[
    ("boosting_type", D::Str("gbdt")),
    ("num_leaves", D::Int(31)),
    ("max_depth", D::Int(-1)),
    ("learning_rate", D::Float(0.1)),
    ("n_estimators", D::Int(100)),
    ("subsample_for_bin", D::Int(200_000)),
    ("objective", D::None),
    ("class_weight", D::None),
    ("min_split_gain", D::Float(0.0)),
    ("min_child_weight", D::Float(0.001)),
    ("min_child_samples", D::Int(20)),
    ("subsample", D::Float(1.0)),
    ("subsample_freq", D::Int(0)),
    ("colsample_bytree", D::Float(1.0)),
    ("reg_alpha", D::Float(0.0)),
    ("reg_lambda", D::Float(0.0)),
    ("random_state", D::None),
    ("n_jobs", D::None),
    ("importance_type", D::Str("split")),
    ("verbose", D::Int(-1)),
];

pub const CLASSIFIER: Class = Class {
    name: "LGBMClassifier",
    module: "lightgbm",
    kind: Kind::Classifier,
    params: LGBM_PARAMS,
};

pub const REGRESSOR: Class = Class {
    name: "LGBMRegressor",
    module: "lightgbm",
    kind: Kind::Regressor,
    params: LGBM_PARAMS,
};

/// The `fit` signature of the LightGBM classes.
pub const FIT_PARAMS: &[&str] = &[
    "X",
    "y",
    "sample_weight=",
    "init_score=",
    "eval_set=",
    "eval_names=",
    "eval_sample_weight=",
    "eval_class_weight=",
    "eval_init_score=",
    "eval_metric=",
    "feature_name=",
    "categorical_feature=",
    "callbacks=",
    "init_model=",
];

pub const FIT_DISPLAY: &str = "fit(X, y, sample_weight=None, init_score=None, eval_set=None, eval_names=None, eval_sample_weight=None, eval_class_weight=None, eval_init_score=None, eval_metric=None, feature_name='auto', categorical_feature='auto', callbacks=None, init_model=None)";

fn count(v: &Value, class: &str, name: &str, min: i64) -> Result<usize, PyErr> {
    match v {
        Value::Int(i) if *i >= min => Ok(*i as usize),
        other => Err(value_error(format!(
            "The '{name}' parameter of {class} must be an int >= {min}. Got {} instead.",
            other.repr()
        ))),
    }
}

/// The core estimator of an `LGBMClassifier` / `LGBMRegressor` object.
pub fn estimator(o: &SkObj) -> Result<Estimator, PyErr> {
    let c = o.class;
    let p = |n: &str| o.param(n);
    let boosting = p("boosting_type").to_str();
    if boosting != "gbdt" {
        return Err(not_implemented(format!(
            "{c}(boosting_type='{boosting}'): Lakelab's LightGBM trains boosting_type='gbdt' only"
        )));
    }
    if let Value::Str(obj) = p("objective") {
        let ok = if o.kind() == Kind::Classifier {
            ["binary", "multiclass", "softmax"].contains(&&*obj)
        } else {
            [
                "regression",
                "regression_l2",
                "l2",
                "mse",
                "mean_squared_error",
            ]
            .contains(&&*obj)
        };
        if !ok {
            return Err(not_implemented(format!(
                "{c}(objective='{obj}'): Lakelab's LightGBM fits binary / multiclass log loss (classifier) and squared error (regressor) only"
            )));
        }
    }
    if !matches!(p("class_weight"), Value::None) {
        return Err(not_implemented(format!(
            "{c}(class_weight=...): Lakelab's LightGBM takes no class weights; pass sample_weight to fit() instead"
        )));
    }
    let max_depth = match p("max_depth") {
        Value::Int(i) if i <= 0 => None,
        Value::Int(i) => Some(i as usize),
        other => {
            return Err(value_error(format!(
            "The 'max_depth' parameter of {c} must be an int (-1 for no limit). Got {} instead.",
            other.repr()
        )))
        }
    };
    Ok(Estimator::Lightgbm {
        n_estimators: count(&p("n_estimators"), c, "n_estimators", 1)?,
        learning_rate: float_param(&p("learning_rate"), c, "learning_rate")?,
        num_leaves: count(&p("num_leaves"), c, "num_leaves", 2)?,
        max_depth,
        min_child_samples: count(&p("min_child_samples"), c, "min_child_samples", 0)?,
        min_child_weight: float_param(&p("min_child_weight"), c, "min_child_weight")?,
        min_split_gain: float_param(&p("min_split_gain"), c, "min_split_gain")?,
        subsample: float_param(&p("subsample"), c, "subsample")?,
        subsample_freq: count(&p("subsample_freq"), c, "subsample_freq", 0)?,
        colsample_bytree: float_param(&p("colsample_bytree"), c, "colsample_bytree")?,
        reg_alpha: float_param(&p("reg_alpha"), c, "reg_alpha")?,
        reg_lambda: float_param(&p("reg_lambda"), c, "reg_lambda")?,
        random_state: p("random_state").as_int().map_or(0, |i| i as u64),
    })
}

/// A callback object from `lightgbm.early_stopping` or `lightgbm.log_evaluation`.
pub struct Callback {
    /// `early_stopping(stopping_rounds)`; `None` for `log_evaluation` (Lakelab prints no
    /// per-iteration log, as `log_evaluation(0)`).
    stopping_rounds: Option<usize>,
}

impl Object for Callback {
    fn type_name(&self) -> &str {
        match self.stopping_rounds {
            Some(_) => "_EarlyStoppingCallback",
            None => "_LogEvaluationCallback",
        }
    }
    fn repr(&self) -> String {
        format!("<lightgbm.callback.{} object>", self.type_name())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn early_stopping(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "early_stopping",
        params: &[
            "stopping_rounds",
            "first_metric_only=",
            "verbose=",
            "min_delta=",
        ],
        is_method: false,
        display:
            "early_stopping(stopping_rounds, first_metric_only=False, verbose=True, min_delta=0.0)",
    }
    .bind(args)?;
    let rounds = match b.value("stopping_rounds") {
        Value::Int(i) if i > 0 => i as usize,
        other => {
            return Err(value_error(format!(
                "stopping_rounds should be an integer and greater than 0. got: {}",
                other.repr()
            )))
        }
    };
    if b.get("min_delta")
        .and_then(Value::as_f64)
        .is_some_and(|d| d != 0.0)
    {
        return Err(not_implemented(
            "early_stopping(min_delta=...): Lakelab's LightGBM stops on any improvement (min_delta=0.0)",
        ));
    }
    Ok(Value::object(Callback {
        stopping_rounds: Some(rounds),
    }))
}

fn log_evaluation(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Sig {
        name: "log_evaluation",
        params: &["period=", "show_stdv="],
        is_method: false,
        display: "log_evaluation(period=1, show_stdv=True)",
    }
    .bind(args)?;
    Ok(Value::object(Callback {
        stopping_rounds: None,
    }))
}

/// The eval set of a LightGBM `fit` call: `eval_set=[(X_val, y_val)]` and, among
/// `callbacks`, `early_stopping(n)`. `None` when there is nothing to stop on (an eval set
/// without `early_stopping` changes nothing in the fitted model).
pub fn eval_of(
    interp: &mut Interp,
    eval_set: Option<&Value>,
    callbacks: Option<&Value>,
) -> Result<Option<EvalSet>, PyErr> {
    let mut rounds = None;
    if let Some(cbs) = callbacks.filter(|v| !matches!(v, Value::None)) {
        for cb in interp.iterate(cbs).map_err(|_| {
            type_error("callbacks must be a list of callbacks (lightgbm.early_stopping(...), lightgbm.log_evaluation(...))")
        })? {
            match &cb {
                Value::Object(o) => match o.as_any().downcast_ref::<Callback>() {
                    Some(c) => rounds = c.stopping_rounds.or(rounds),
                    None => {
                        return Err(not_implemented(format!(
                            "callbacks: Lakelab's LightGBM runs lightgbm.early_stopping and lightgbm.log_evaluation only, got {}",
                            cb.repr()
                        )))
                    }
                },
                other => {
                    return Err(not_implemented(format!(
                        "callbacks: Lakelab's LightGBM runs lightgbm.early_stopping and lightgbm.log_evaluation only, got {}",
                        other.repr()
                    )))
                }
            }
        }
    }
    let sets: Vec<Value> = match eval_set.filter(|v| !matches!(v, Value::None)) {
        Some(v) => interp
            .iterate(v)
            .map_err(|_| type_error("eval_set must be a list of (X, y) tuples"))?,
        None => Vec::new(),
    };
    let Some(rounds) = rounds else {
        return Ok(None);
    };
    let Some(first) = sets.first() else {
        return Err(value_error(
            "For early stopping, at least one dataset and eval metric is required for evaluation",
        ));
    };
    if sets.len() > 1 {
        return Err(not_implemented(
            "eval_set with several sets: Lakelab's LightGBM stops early on one eval set",
        ));
    }
    let pair = interp
        .iterate(first)
        .map_err(|_| type_error("eval_set must be a list of (X, y) tuples"))?;
    let [x, y] = pair.as_slice() else {
        return Err(type_error("eval_set must be a list of (X, y) tuples"));
    };
    Ok(Some(EvalSet {
        x: super::data::frame_arg(x)?,
        y: super::data::labels_arg(y)?,
        stopping_rounds: rounds,
    }))
}

/// Refuses the `fit` arguments Lakelab's LightGBM does not take.
pub fn check_fit_args(b: &crate::notebook::call::Bound) -> Result<(), PyErr> {
    for name in [
        "init_score",
        "eval_sample_weight",
        "eval_class_weight",
        "eval_init_score",
        "init_model",
    ] {
        if b.get(name).is_some_and(|v| !matches!(v, Value::None)) {
            return Err(not_implemented(format!(
                "fit({name}=...): Lakelab's LightGBM does not take {name}"
            )));
        }
    }
    for name in ["feature_name", "categorical_feature"] {
        if b.get(name)
            .is_some_and(|v| !matches!(v, Value::None) && v.to_str() != "auto")
        {
            return Err(not_implemented(format!(
                "fit({name}=...): Lakelab's LightGBM takes the features as given ({name}='auto'); one-hot encode categorical columns"
            )));
        }
    }
    if let Some(m) = b.get("eval_metric").filter(|v| !matches!(v, Value::None)) {
        let name = m.to_str();
        if ![
            "binary_logloss",
            "multi_logloss",
            "logloss",
            "l2",
            "mse",
            "mean_squared_error",
        ]
        .contains(&name.as_str())
        {
            return Err(not_implemented(format!(
                "fit(eval_metric={}): Lakelab's LightGBM stops early on the objective's default metric (binary_logloss, multi_logloss or l2)",
                m.repr()
            )));
        }
    }
    Ok(())
}

/// The `lightgbm` module.
pub fn import(name: &str) -> Option<Value> {
    if name != "lightgbm" {
        return None;
    }
    let mut attrs = super::classes_of("lightgbm");
    attrs.extend([
        (
            "early_stopping",
            Value::Native("early_stopping", early_stopping),
        ),
        (
            "log_evaluation",
            Value::Native("log_evaluation", log_evaluation),
        ),
        ("__version__", Value::str("4.5.0")),
    ]);
    Some(crate::notebook::modules::module("lightgbm", attrs))
}
