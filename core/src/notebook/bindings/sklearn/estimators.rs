//! scikit-learn's estimator and transformer objects in cells: construction with the real
//! parameter names and defaults, `get_params` / `set_params`, and `fit` / `predict` /
//! `predict_proba` / `transform` / `fit_transform` / `score` over `ml::sk`.
//!
//! Lakelab has no numpy: `predict` returns a list, `predict_proba` a list of lists, and
//! `transform` a pandas DataFrame with `get_feature_names_out()` as its columns (as
//! `set_output(transform="pandas")` gives).

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use super::data::{frame_arg, frame_value, labels_arg, weights_arg};
use crate::ml::estimator::{Estimator, MaxFeatures, Task};
use crate::ml::neighbors::NeighborWeights;
use crate::ml::sk::{Fill, FittedTransformer, Part, SkModel, Transformer};
use crate::ml::tree::Criterion;
use crate::models::SavedModel;
use crate::notebook::error::{not_implemented, type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::from_json;
use crate::notebook::value::{Args, Dict, Object, Value};

pub fn value_error(m: impl Into<String>) -> PyErr {
    PyErr::new(ExcType::ValueError, m.into())
}

/// What a class is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Classifier,
    Regressor,
    Transformer,
    Pipeline,
    ColumnTransformer,
}

/// A default parameter value.
#[derive(Debug, Clone, Copy)]
pub enum D {
    None,
    Int(i64),
    Float(f64),
    Str(&'static str),
    Bool(bool),
    Required,
}

impl D {
    pub fn value_of(self) -> Value {
        self.value()
    }

    fn value(self) -> Value {
        match self {
            D::None | D::Required => Value::None,
            D::Int(i) => Value::Int(i),
            D::Float(f) => Value::Float(f),
            D::Str(s) => Value::str(s),
            D::Bool(b) => Value::Bool(b),
        }
    }
}

/// A class: its name, module, kind and parameters (in signature order, with defaults).
pub struct Class {
    pub name: &'static str,
    pub module: &'static str,
    pub kind: Kind,
    pub params: &'static [(&'static str, D)],
}

/// `KNeighborsClassifier` and `KNeighborsRegressor` share their signature.
const KNEIGHBORS_PARAMS: &[(&str, D)] = &[
    ("n_neighbors", D::Int(5)),
    ("weights", D::Str("uniform")),
    ("algorithm", D::Str("auto")),
    ("p", D::Int(2)),
    ("metric", D::Str("minkowski")),
];

pub const CLASSES: &[Class] = &[
    Class {
        name: "LogisticRegression",
        module: "sklearn.linear_model",
        kind: Kind::Classifier,
        params: &[
            ("penalty", D::Str("l2")),
            ("C", D::Float(1.0)),
            ("class_weight", D::None),
            ("random_state", D::None),
            ("solver", D::Str("lbfgs")),
            ("max_iter", D::Int(100)),
        ],
    },
    Class {
        name: "LinearRegression",
        module: "sklearn.linear_model",
        kind: Kind::Regressor,
        params: &[("fit_intercept", D::Bool(true))],
    },
    Class {
        name: "Ridge",
        module: "sklearn.linear_model",
        kind: Kind::Regressor,
        params: &[("alpha", D::Float(1.0))],
    },
    Class {
        name: "Lasso",
        module: "sklearn.linear_model",
        kind: Kind::Regressor,
        params: &[("alpha", D::Float(1.0)), ("max_iter", D::Int(1000))],
    },
    Class {
        name: "ElasticNet",
        module: "sklearn.linear_model",
        kind: Kind::Regressor,
        params: &[
            ("alpha", D::Float(1.0)),
            ("l1_ratio", D::Float(0.5)),
            ("max_iter", D::Int(1000)),
        ],
    },
    Class {
        name: "DecisionTreeClassifier",
        module: "sklearn.tree",
        kind: Kind::Classifier,
        params: &[
            ("criterion", D::Str("gini")),
            ("max_depth", D::None),
            ("min_samples_split", D::Int(2)),
            ("min_samples_leaf", D::Int(1)),
            ("random_state", D::None),
        ],
    },
    Class {
        name: "DecisionTreeRegressor",
        module: "sklearn.tree",
        kind: Kind::Regressor,
        params: &[
            ("criterion", D::Str("squared_error")),
            ("max_depth", D::None),
            ("min_samples_split", D::Int(2)),
            ("min_samples_leaf", D::Int(1)),
            ("random_state", D::None),
        ],
    },
    Class {
        name: "RandomForestClassifier",
        module: "sklearn.ensemble",
        kind: Kind::Classifier,
        params: &[
            ("n_estimators", D::Int(100)),
            ("criterion", D::Str("gini")),
            ("max_depth", D::None),
            ("min_samples_split", D::Int(2)),
            ("min_samples_leaf", D::Int(1)),
            ("max_features", D::Str("sqrt")),
            ("bootstrap", D::Bool(true)),
            ("random_state", D::None),
        ],
    },
    Class {
        name: "RandomForestRegressor",
        module: "sklearn.ensemble",
        kind: Kind::Regressor,
        params: &[
            ("n_estimators", D::Int(100)),
            ("criterion", D::Str("squared_error")),
            ("max_depth", D::None),
            ("min_samples_split", D::Int(2)),
            ("min_samples_leaf", D::Int(1)),
            ("max_features", D::Float(1.0)),
            ("bootstrap", D::Bool(true)),
            ("random_state", D::None),
        ],
    },
    Class {
        name: "GradientBoostingClassifier",
        module: "sklearn.ensemble",
        kind: Kind::Classifier,
        params: &[
            ("loss", D::Str("log_loss")),
            ("learning_rate", D::Float(0.1)),
            ("n_estimators", D::Int(100)),
            ("subsample", D::Float(1.0)),
            ("criterion", D::Str("friedman_mse")),
            ("min_samples_split", D::Int(2)),
            ("min_samples_leaf", D::Int(1)),
            ("max_depth", D::Int(3)),
            ("random_state", D::None),
            ("max_features", D::None),
        ],
    },
    Class {
        name: "GradientBoostingRegressor",
        module: "sklearn.ensemble",
        kind: Kind::Regressor,
        params: &[
            ("loss", D::Str("squared_error")),
            ("learning_rate", D::Float(0.1)),
            ("n_estimators", D::Int(100)),
            ("subsample", D::Float(1.0)),
            ("criterion", D::Str("friedman_mse")),
            ("min_samples_split", D::Int(2)),
            ("min_samples_leaf", D::Int(1)),
            ("max_depth", D::Int(3)),
            ("random_state", D::None),
            ("max_features", D::None),
        ],
    },
    Class {
        name: "GaussianNB",
        module: "sklearn.naive_bayes",
        kind: Kind::Classifier,
        params: &[("priors", D::None), ("var_smoothing", D::Float(1e-9))],
    },
    Class {
        name: "KNeighborsClassifier",
        module: "sklearn.neighbors",
        kind: Kind::Classifier,
        params: KNEIGHBORS_PARAMS,
    },
    Class {
        name: "KNeighborsRegressor",
        module: "sklearn.neighbors",
        kind: Kind::Regressor,
        params: KNEIGHBORS_PARAMS,
    },
    Class {
        name: "StandardScaler",
        module: "sklearn.preprocessing",
        kind: Kind::Transformer,
        params: &[("with_mean", D::Bool(true)), ("with_std", D::Bool(true))],
    },
    Class {
        name: "OneHotEncoder",
        module: "sklearn.preprocessing",
        kind: Kind::Transformer,
        params: &[
            ("handle_unknown", D::Str("error")),
            ("sparse_output", D::Bool(true)),
        ],
    },
    Class {
        name: "SimpleImputer",
        module: "sklearn.impute",
        kind: Kind::Transformer,
        params: &[("strategy", D::Str("mean")), ("fill_value", D::None)],
    },
    Class {
        name: "Pipeline",
        module: "sklearn.pipeline",
        kind: Kind::Pipeline,
        params: &[("steps", D::Required)],
    },
    Class {
        name: "ColumnTransformer",
        module: "sklearn.compose",
        kind: Kind::ColumnTransformer,
        params: &[("transformers", D::Required), ("remainder", D::Str("drop"))],
    },
    super::lightgbm::CLASSIFIER,
    super::lightgbm::REGRESSOR,
];

pub fn class(name: &str) -> Option<&'static Class> {
    CLASSES.iter().find(|c| c.name == name)
}

/// An estimator, transformer or pipeline object.
#[derive(Debug)]
pub struct SkObj {
    pub class: &'static str,
    pub params: RefCell<Vec<(String, Value)>>,
    pub fitted: RefCell<Option<Rc<SkModel>>>,
}

impl SkObj {
    pub fn new(class: &'static str, params: Vec<(String, Value)>) -> SkObj {
        SkObj {
            class,
            params: RefCell::new(params),
            fitted: RefCell::new(None),
        }
    }

    fn info(&self) -> &'static Class {
        class(self.class).unwrap_or(&CLASSES[0])
    }

    pub fn kind(&self) -> Kind {
        self.info().kind
    }

    pub fn param(&self, name: &str) -> Value {
        self.params
            .borrow()
            .iter()
            .find(|(k, _)| k == name)
            .map_or(Value::None, |(_, v)| v.clone())
    }

    /// A fresh, unfitted object with the same parameters (`sklearn.base.clone`).
    pub fn clone_unfitted(&self) -> SkObj {
        let params = self
            .params
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), clone_param(v)))
            .collect();
        SkObj::new(self.class, params)
    }

    fn model(&self) -> Result<Rc<SkModel>, PyErr> {
        self.fitted.borrow().clone().ok_or_else(|| {
            PyErr::new(
                ExcType::Exception,
                format!(
                    "NotFittedError: This {} instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.",
                    self.class
                ),
            )
        })
    }

    /// The pipeline's steps as (name, object).
    pub fn steps(&self) -> Result<Vec<(String, SkRef)>, PyErr> {
        let steps = self.param("steps");
        let items = steps.iter_items().ok_or_else(|| {
            type_error("Pipeline steps must be a list of (name, estimator) tuples")
        })?;
        items
            .iter()
            .map(|item| {
                let pair = item.iter_items().unwrap_or_default();
                match pair.as_slice() {
                    [Value::Str(n), v] => Ok((n.to_string(), sk_of(v)?)),
                    _ => Err(type_error(
                        "Pipeline steps must be (name, estimator) tuples, e.g. ('scaler', StandardScaler())",
                    )),
                }
            })
            .collect()
    }
}

fn clone_param(v: &Value) -> Value {
    match v {
        Value::Object(o) => match o.as_any().downcast_ref::<SkObj>() {
            Some(s) => Value::object(s.clone_unfitted()),
            None => v.clone(),
        },
        Value::List(_) => Value::list(
            v.iter_items()
                .unwrap_or_default()
                .iter()
                .map(clone_param)
                .collect(),
        ),
        Value::Tuple(_) => Value::tuple(
            v.iter_items()
                .unwrap_or_default()
                .iter()
                .map(clone_param)
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A handle on an estimator object held in a value (a pipeline step, a search's estimator).
#[derive(Clone)]
pub struct SkRef(Rc<dyn Object>);

impl std::fmt::Debug for SkRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SkRef({})", self.0.type_name())
    }
}

impl SkRef {
    pub fn get(&self) -> Result<&SkObj, PyErr> {
        self.0
            .as_any()
            .downcast_ref::<SkObj>()
            .ok_or_else(|| type_error("expected a scikit-learn estimator or transformer"))
    }

    pub fn value(&self) -> Value {
        Value::Object(self.0.clone())
    }
}

pub fn sk_of(v: &Value) -> Result<SkRef, PyErr> {
    match v {
        Value::Object(o) if o.as_any().downcast_ref::<SkObj>().is_some() => Ok(SkRef(o.clone())),
        _ => Err(type_error(format!(
            "expected a scikit-learn estimator or transformer, got {}",
            v.type_name()
        ))),
    }
}

fn int_param(v: &Value, class: &str, name: &str) -> Result<Option<usize>, PyErr> {
    match v {
        Value::None => Ok(None),
        Value::Int(i) if *i >= 0 => Ok(Some(*i as usize)),
        other => Err(value_error(format!(
            "The '{name}' parameter of {class} must be an int in the range [1, inf) or None. Got {} instead.",
            other.repr()
        ))),
    }
}

pub(super) fn float_param(v: &Value, class: &str, name: &str) -> Result<f64, PyErr> {
    v.as_f64()
        .filter(|_| !matches!(v, Value::Bool(_)))
        .ok_or_else(|| {
            value_error(format!(
                "The '{name}' parameter of {class} must be a float. Got {} instead.",
                v.repr()
            ))
        })
}

fn criterion(v: &Value, class: &str) -> Result<Criterion, PyErr> {
    match v.to_str().as_str() {
        "gini" => Ok(Criterion::Gini),
        "entropy" | "log_loss" => Ok(Criterion::Entropy),
        // Regression trees always split on squared error; the classifier criterion is unused.
        "squared_error" => Ok(Criterion::Gini),
        other => Err(value_error(format!(
            "The 'criterion' parameter of {class} must be a str among {{'gini', 'entropy', 'log_loss'}} (classifiers) or 'squared_error' (regressors). Got '{other}' instead."
        ))),
    }
}

/// `max_features=`: "sqrt", "log2", None (all), a count, or a fraction.
fn max_features(v: Value, class: &str) -> Result<MaxFeatures, PyErr> {
    Ok(match v {
        Value::Str(s) if &*s == "sqrt" => MaxFeatures::Sqrt,
        Value::Str(s) if &*s == "log2" => MaxFeatures::Log2,
        Value::None => MaxFeatures::All,
        Value::Int(i) if i >= 1 => MaxFeatures::Count(i as usize),
        v => MaxFeatures::Fraction(float_param(&v, class, "max_features")?),
    })
}

fn seed(v: &Value) -> u64 {
    v.as_int().map_or(0, |i| i as u64)
}

/// The core estimator and task of an estimator object.
pub fn estimator_of(o: &SkObj) -> Result<(Estimator, Task), PyErr> {
    let c = o.class;
    let p = |n: &str| o.param(n);
    let task = match o.kind() {
        Kind::Classifier => Task::Classification,
        Kind::Regressor => Task::Regression,
        _ => return Err(type_error(format!("{c} is not an estimator"))),
    };
    let est = match c {
        "LogisticRegression" => {
            if p("penalty").to_str() != "l2" {
                return Err(not_implemented(format!(
                    "LogisticRegression(penalty='{}'): Lakelab's logistic regression (linfa) is L2-penalised only",
                    p("penalty").to_str()
                )));
            }
            if !matches!(p("class_weight"), Value::None) {
                return Err(not_implemented(
                    "LogisticRegression(class_weight=...): linfa's logistic regression takes no weights; try a tree or forest, or resample the data",
                ));
            }
            Estimator::LogisticRegression {
                c: float_param(&p("C"), c, "C")?,
                max_iter: int_param(&p("max_iter"), c, "max_iter")?.unwrap_or(100) as u64,
            }
        }
        "LinearRegression" => Estimator::LinearRegression {
            fit_intercept: p("fit_intercept").truthy(),
        },
        "Ridge" => Estimator::Ridge {
            alpha: float_param(&p("alpha"), c, "alpha")?,
        },
        "Lasso" => Estimator::Lasso {
            alpha: float_param(&p("alpha"), c, "alpha")?,
            max_iter: int_param(&p("max_iter"), c, "max_iter")?.unwrap_or(1000) as u32,
        },
        "ElasticNet" => Estimator::ElasticNet {
            alpha: float_param(&p("alpha"), c, "alpha")?,
            l1_ratio: float_param(&p("l1_ratio"), c, "l1_ratio")?,
            max_iter: int_param(&p("max_iter"), c, "max_iter")?.unwrap_or(1000) as u32,
        },
        "DecisionTreeClassifier" | "DecisionTreeRegressor" => Estimator::DecisionTree {
            criterion: criterion(&p("criterion"), c)?,
            max_depth: int_param(&p("max_depth"), c, "max_depth")?,
            min_samples_split: int_param(&p("min_samples_split"), c, "min_samples_split")?
                .unwrap_or(2),
            min_samples_leaf: int_param(&p("min_samples_leaf"), c, "min_samples_leaf")?
                .unwrap_or(1),
        },
        "RandomForestClassifier" | "RandomForestRegressor" => Estimator::RandomForest {
            n_estimators: int_param(&p("n_estimators"), c, "n_estimators")?.unwrap_or(100),
            criterion: criterion(&p("criterion"), c)?,
            max_depth: int_param(&p("max_depth"), c, "max_depth")?,
            min_samples_split: int_param(&p("min_samples_split"), c, "min_samples_split")?
                .unwrap_or(2),
            min_samples_leaf: int_param(&p("min_samples_leaf"), c, "min_samples_leaf")?
                .unwrap_or(1),
            max_features: max_features(p("max_features"), c)?,
            bootstrap: p("bootstrap").truthy(),
            random_state: seed(&p("random_state")),
        },
        "GradientBoostingClassifier" | "GradientBoostingRegressor" => {
            let loss = p("loss").to_str();
            let expected = if o.kind() == Kind::Classifier {
                "log_loss"
            } else {
                "squared_error"
            };
            if loss != expected {
                return Err(not_implemented(format!(
                    "{c}(loss='{loss}'): Lakelab's gradient boosting fits loss='{expected}' only"
                )));
            }
            if !matches!(
                p("criterion").to_str().as_str(),
                "friedman_mse" | "squared_error"
            ) {
                return Err(value_error(format!(
                    "The 'criterion' parameter of {c} must be a str among {{'friedman_mse', 'squared_error'}}. Got '{}' instead.",
                    p("criterion").to_str()
                )));
            }
            Estimator::GradientBoosting {
                n_estimators: int_param(&p("n_estimators"), c, "n_estimators")?.unwrap_or(100),
                learning_rate: float_param(&p("learning_rate"), c, "learning_rate")?,
                max_depth: int_param(&p("max_depth"), c, "max_depth")?,
                min_samples_split: int_param(&p("min_samples_split"), c, "min_samples_split")?
                    .unwrap_or(2),
                min_samples_leaf: int_param(&p("min_samples_leaf"), c, "min_samples_leaf")?
                    .unwrap_or(1),
                subsample: float_param(&p("subsample"), c, "subsample")?,
                max_features: max_features(p("max_features"), c)?,
                random_state: seed(&p("random_state")),
            }
        }
        "GaussianNB" => {
            if !matches!(p("priors"), Value::None) {
                return Err(not_implemented(
                    "GaussianNB(priors=...): Lakelab learns the priors from the class counts; leave priors=None",
                ));
            }
            Estimator::GaussianNb {
                var_smoothing: float_param(&p("var_smoothing"), c, "var_smoothing")?,
            }
        }
        "KNeighborsClassifier" | "KNeighborsRegressor" => {
            let metric = p("metric").to_str();
            if !matches!(metric.as_str(), "minkowski" | "euclidean" | "manhattan") {
                return Err(not_implemented(format!(
                    "{c}(metric='{metric}'): Lakelab supports 'minkowski' (with p), 'euclidean' and 'manhattan'"
                )));
            }
            let algorithm = p("algorithm").to_str();
            if !matches!(
                algorithm.as_str(),
                "auto" | "ball_tree" | "kd_tree" | "brute"
            ) {
                return Err(value_error(format!(
                    "The 'algorithm' parameter of {c} must be a str among {{'auto', 'ball_tree', 'kd_tree', 'brute'}}. Got '{algorithm}' instead."
                )));
            }
            Estimator::KNeighbors {
                n_neighbors: int_param(&p("n_neighbors"), c, "n_neighbors")?.unwrap_or(5),
                weights: match p("weights").to_str().as_str() {
                    "uniform" => NeighborWeights::Uniform,
                    "distance" => NeighborWeights::Distance,
                    other => {
                        return Err(value_error(format!(
                            "The 'weights' parameter of {c} must be a str among {{'distance', 'uniform'}}, a callable or None. Got '{other}' instead."
                        )))
                    }
                },
                p: match metric.as_str() {
                    "euclidean" => 2.0,
                    "manhattan" => 1.0,
                    _ => float_param(&p("p"), c, "p")?,
                },
            }
        }
        "LGBMClassifier" | "LGBMRegressor" => super::lightgbm::estimator(o)?,
        other => return Err(type_error(format!("{other} is not an estimator"))),
    };
    Ok((est, task))
}

/// The core transformer of a transformer, transformer pipeline or column transformer.
pub fn transformer_of(o: &SkObj) -> Result<Transformer, PyErr> {
    let p = |n: &str| o.param(n);
    Ok(match o.class {
        "StandardScaler" => Transformer::StandardScaler {
            with_mean: p("with_mean").truthy(),
            with_std: p("with_std").truthy(),
        },
        "OneHotEncoder" => Transformer::OneHotEncoder {
            ignore_unknown: match p("handle_unknown").to_str().as_str() {
                "ignore" | "infrequent_if_exist" => true,
                "error" => false,
                other => {
                    return Err(value_error(format!(
                        "The 'handle_unknown' parameter of OneHotEncoder must be a str among {{'error', 'ignore', 'infrequent_if_exist'}}. Got '{other}' instead."
                    )))
                }
            },
        },
        "SimpleImputer" => Transformer::SimpleImputer {
            strategy: p("strategy").to_str(),
            fill_value: match p("fill_value") {
                Value::None => None,
                Value::Str(s) => Some(Fill::Text(s.to_string())),
                v => Some(Fill::Num(float_param(&v, "SimpleImputer", "fill_value")?)),
            },
        },
        "Pipeline" => {
            let steps = o
                .steps()?
                .into_iter()
                .map(|(n, s)| Ok((n, transformer_of(s.get()?)?)))
                .collect::<Result<_, PyErr>>()?;
            Transformer::Chain { steps }
        }
        "ColumnTransformer" => {
            let items = p("transformers").iter_items().ok_or_else(|| {
                type_error("ColumnTransformer(transformers=[(name, transformer, columns), ...])")
            })?;
            let mut parts = Vec::new();
            for item in items {
                let triple = item.iter_items().unwrap_or_default();
                let [Value::Str(name), t, cols] = triple.as_slice() else {
                    return Err(type_error(
                        "ColumnTransformer transformers must be (name, transformer, columns) tuples",
                    ));
                };
                let cols: Vec<String> = match cols {
                    Value::Str(c) => vec![c.to_string()],
                    other => other
                        .iter_items()
                        .ok_or_else(|| type_error("ColumnTransformer columns must be a list of column names"))?
                        .iter()
                        .map(|c| match c {
                            Value::Str(s) => Ok(s.to_string()),
                            _ => Err(not_implemented(
                                "ColumnTransformer columns by position: Lakelab selects columns by name",
                            )),
                        })
                        .collect::<Result<_, _>>()?,
                };
                let part = match t {
                    Value::Str(s) if &**s == "drop" => Part::Drop,
                    Value::Str(s) if &**s == "passthrough" => Part::Passthrough,
                    other => Part::Apply {
                        transformer: Box::new(transformer_of(sk_of(other)?.get()?)?),
                    },
                };
                parts.push((name.to_string(), part, cols));
            }
            let remainder = p("remainder");
            Transformer::ColumnTransformer {
                parts,
                remainder_passthrough: matches!(&remainder, Value::Str(s) if &**s == "passthrough"),
            }
        }
        other => {
            return Err(type_error(format!(
                "{other} is an estimator, not a transformer: it must be the last step of a Pipeline"
            )))
        }
    })
}

/// Fits `o` on `x` / `y`; returns the fitted model.
pub fn fit(
    o: &SkObj,
    x: &Value,
    y: Option<&Value>,
    weights: Option<&Value>,
    eval: Option<&crate::ml::sk::EvalSet>,
) -> Result<Rc<SkModel>, PyErr> {
    let frame = frame_arg(x)?;
    let labels = match y {
        Some(Value::None) | None => None,
        Some(v) => Some(labels_arg(v)?),
    };
    let weights = match weights {
        Some(Value::None) | None => None,
        Some(v) => Some(weights_arg(v)?),
    };
    let (steps, transform, head) = match o.kind() {
        Kind::Classifier | Kind::Regressor => (Vec::new(), None, Some(estimator_of(o)?)),
        Kind::Transformer | Kind::ColumnTransformer => (Vec::new(), Some(transformer_of(o)?), None),
        Kind::Pipeline => {
            let steps = o.steps()?;
            let names: Vec<String> = steps.iter().map(|(n, _)| n.clone()).collect();
            let Some(((_, last), rest)) = steps.split_last() else {
                return Err(value_error("The pipeline has no steps"));
            };
            let last = last.get()?;
            let is_estimator = matches!(last.kind(), Kind::Classifier | Kind::Regressor);
            let pre: Vec<(String, Transformer)> = rest
                .iter()
                .chain(if is_estimator { None } else { steps.last() })
                .map(|(n, s)| Ok((n.clone(), transformer_of(s.get()?)?)))
                .collect::<Result<_, PyErr>>()?;
            let head = if is_estimator {
                Some(estimator_of(last)?)
            } else {
                None
            };
            let transform = (!pre.is_empty()).then_some(Transformer::Chain { steps: pre });
            (names, transform, head)
        }
    };
    let model = SkModel::fit_eval(
        &frame,
        steps,
        transform.as_ref(),
        head.as_ref().map(|(e, t)| (e, *t)),
        labels.as_deref(),
        weights.as_deref(),
        eval,
    )
    .map_err(value_error)?;
    Ok(Rc::new(model))
}

fn scalar_list(values: Vec<serde_json::Value>) -> Value {
    Value::list(values.iter().map(from_json).collect())
}

impl Object for SkObj {
    fn type_name(&self) -> &str {
        self.class
    }

    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let model = self.fitted.borrow().clone();
        let head = model.as_ref().and_then(|m| m.head.clone());
        Some(match name {
            "named_steps" if self.kind() == Kind::Pipeline => {
                let steps = self.steps().ok()?;
                Value::dict(Dict::from_pairs(
                    steps.into_iter().map(|(n, s)| (n, s.value())),
                ))
            }
            "steps" if self.kind() == Kind::Pipeline => self.param("steps"),
            "classes_" => scalar_list(head.filter(|h| h.task == Task::Classification)?.classes),
            "feature_names_in_" => Value::list(
                model?
                    .input_columns
                    .iter()
                    .map(|c| Value::str(c.as_str()))
                    .collect(),
            ),
            "n_features_in_" => Value::Int(model?.input_columns.len() as i64),
            "coef_" | "intercept_" => {
                let h = head?;
                match (&h.fitted, name) {
                    (crate::ml::estimator::Fitted::Linear { coef, .. }, "coef_") => {
                        Value::list(coef.iter().map(|c| Value::Float(*c)).collect())
                    }
                    (crate::ml::estimator::Fitted::Linear { intercept, .. }, _) => {
                        Value::Float(*intercept)
                    }
                    (crate::ml::estimator::Fitted::Logistic { coef, .. }, "coef_") => Value::list(
                        coef.iter()
                            .map(|r| Value::list(r.iter().map(|c| Value::Float(*c)).collect()))
                            .collect(),
                    ),
                    (crate::ml::estimator::Fitted::Logistic { intercept, .. }, _) => {
                        Value::list(intercept.iter().map(|c| Value::Float(*c)).collect())
                    }
                    _ => return None,
                }
            }
            "n_estimators_" => match head?.fitted {
                crate::ml::estimator::Fitted::Forest { trees } => Value::Int(trees.len() as i64),
                _ => return None,
            },
            _ => {
                let params = self.params.borrow();
                return params
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone());
            }
        })
    }

    fn has_method(&self, name: &str) -> bool {
        let kind = self.kind();
        match name {
            "fit" | "get_params" | "set_params" => true,
            "predict" | "score" => kind != Kind::Transformer && kind != Kind::ColumnTransformer,
            "predict_proba" => kind == Kind::Classifier || kind == Kind::Pipeline,
            "transform" | "fit_transform" | "get_feature_names_out" => {
                matches!(
                    kind,
                    Kind::Transformer | Kind::ColumnTransformer | Kind::Pipeline
                )
            }
            _ => false,
        }
    }

    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        // The object arrives as Rc<Self>; methods that return `self` need it as a value.
        super::methods::call(self, interp, name, args)
    }

    fn repr(&self) -> String {
        let info = self.info();
        let params = self.params.borrow();
        let shown: Vec<String> = params
            .iter()
            .filter(|(k, v)| {
                info.params
                    .iter()
                    .find(|(n, _)| n == k)
                    .is_none_or(|(_, d)| {
                        matches!(d, D::Required) || !crate::notebook::value::equals(v, &d.value())
                    })
            })
            .map(|(k, v)| {
                if matches!(
                    info.params.iter().find(|(n, _)| n == k),
                    Some((_, D::Required))
                ) {
                    v.repr()
                } else {
                    format!("{k}={}", v.repr())
                }
            })
            .collect();
        format!("{}({})", self.class, shown.join(", "))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl SkObj {
    pub fn model_or_err(&self) -> Result<Rc<SkModel>, PyErr> {
        self.model()
    }

    pub fn saved(&self) -> Result<SavedModel, PyErr> {
        Ok(SavedModel::Sklearn(Box::new((*self.model()?).clone())))
    }

    /// A fitted object for a loaded model (`mlflow.sklearn.load_model`).
    pub fn loaded(model: SkModel) -> SkObj {
        let class = match &model.head {
            _ if !model.steps.is_empty() => "Pipeline",
            Some(h) => CLASSES
                .iter()
                .find(|c| c.name == h.estimator.class_name(h.task))
                .map_or("Pipeline", |c| c.name),
            None => "Pipeline",
        };
        let o = SkObj::new(class, Vec::new());
        *o.fitted.borrow_mut() = Some(Rc::new(model));
        o
    }
}

/// The output of a fitted transformer as a pandas DataFrame.
pub fn transformed(model: &SkModel, x: &Value) -> Result<Value, PyErr> {
    let frame = frame_arg(x)?;
    let out = model.transform(&frame).map_err(value_error)?;
    frame_value(&out, x)
}

/// `get_feature_names_out()` of a fitted transformer.
pub fn feature_names(t: &FittedTransformer, inputs: &[String]) -> Vec<String> {
    let empty = crate::ml::sk::Frame {
        names: inputs.to_vec(),
        cols: inputs
            .iter()
            .map(|_| crate::ml::sk::Col::Num(Vec::new()))
            .collect(),
    };
    t.transform(&empty).map(|f| f.names).unwrap_or_default()
}
