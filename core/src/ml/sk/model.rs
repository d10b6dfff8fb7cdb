//! A fitted scikit-learn-style model: an optional chain of transformers, then an optional
//! estimator (a `Pipeline`, or a bare estimator, or a transformer pipeline). It is what
//! `mlflow.sklearn.log_model` saves for models trained in cells, and it predicts on model
//! inputs like any saved model.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::frame::Frame;
use super::transform::{FittedTransformer, Transformer};
use crate::ml::estimator::{self, Estimator, Fitted, Task};
use crate::ml::pipeline::argmax;
use crate::models::{ModelInput, Predict};

/// The estimator at the end of a fitted model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct FittedHead {
    pub estimator: Estimator,
    pub task: Task,
    pub fitted: Fitted,
    /// Classification: the labels in code order (`classes_`).
    #[serde(default)]
    pub classes: Vec<Value>,
    /// The columns the estimator saw (after the transformers).
    pub features: Vec<String>,
}

crate::flat_de::map_only!(FittedHead);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct SkModel {
    /// `feature_names_in_`: the input columns, in order.
    pub input_columns: Vec<String>,
    /// The `Pipeline`'s step names (empty for a bare estimator or transformer).
    #[serde(default)]
    pub steps: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transform: Option<FittedTransformer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<FittedHead>,
}

crate::flat_de::map_only!(SkModel);

fn label_order(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        _ => a.to_string().cmp(&b.to_string()),
    }
}

/// Sorted distinct labels (scikit-learn's `classes_`) and each row's code.
pub fn encode_labels(y: &[Value]) -> Result<(Vec<Value>, Vec<usize>), String> {
    if y.iter().any(Value::is_null) {
        return Err("Input y contains NaN.".into());
    }
    let mut classes: Vec<Value> = Vec::new();
    for v in y {
        if !classes.contains(v) {
            classes.push(v.clone());
        }
    }
    classes.sort_by(label_order);
    let codes = y
        .iter()
        .map(|v| classes.iter().position(|c| c == v).unwrap_or(0))
        .collect();
    Ok((classes, codes))
}

/// A LightGBM eval set with early stopping (`fit(..., eval_set=[(X_val, y_val)],
/// callbacks=[lightgbm.early_stopping(n)])`).
#[derive(Debug, Clone)]
pub struct EvalSet {
    /// The pipeline's input columns (transformed like the training data) or the features the
    /// estimator sees (already transformed, as Databricks' notebooks pass `X_val_processed`).
    pub x: Frame,
    pub y: Vec<Value>,
    pub stopping_rounds: usize,
}

impl EvalSet {
    /// The eval rows as the estimator sees them.
    fn array(
        &self,
        inputs: &[String],
        transform: Option<&FittedTransformer>,
        features: &[String],
    ) -> Result<ndarray::Array2<f64>, String> {
        let has_all = |names: &[String]| names.iter().all(|n| self.x.position(n).is_some());
        let frame = if has_all(features) {
            self.x.select(features)?
        } else if has_all(inputs) {
            let raw = self.x.select(inputs)?;
            match transform {
                Some(t) => t.transform(&raw)?,
                None => raw,
            }
        } else if self.x.names.len() == features.len() {
            self.x.clone()
        } else {
            return Err(format!(
                "The eval set has {} columns ({:?}); it needs the training data's columns or the {} features the estimator was fitted on",
                self.x.names.len(),
                self.x.names,
                features.len()
            ));
        };
        frame.to_array()
    }
}

impl SkModel {
    /// Fits transformers then the estimator on `x` and `y` (`y` is needed by an estimator).
    pub fn fit(
        x: &Frame,
        steps: Vec<String>,
        transform: Option<&Transformer>,
        head: Option<(&Estimator, Task)>,
        y: Option<&[Value]>,
        sample_weight: Option<&[f64]>,
    ) -> Result<SkModel, String> {
        Self::fit_eval(x, steps, transform, head, y, sample_weight, None)
    }

    /// [`Self::fit`] with a LightGBM eval set for early stopping (refused for other
    /// estimators).
    pub fn fit_eval(
        x: &Frame,
        steps: Vec<String>,
        transform: Option<&Transformer>,
        head: Option<(&Estimator, Task)>,
        y: Option<&[Value]>,
        sample_weight: Option<&[f64]>,
        eval: Option<&EvalSet>,
    ) -> Result<SkModel, String> {
        if let (Some(_), Some((est, task))) = (eval, head) {
            if est.lgbm_params().is_none() {
                return Err(format!(
                    "{}.fit() got an unexpected keyword argument 'eval_set' (only LightGBM models take an eval set)",
                    est.class_name(task)
                ));
            }
        }
        let fitted_t = transform.map(|t| t.fit(x)).transpose()?;
        let data = match &fitted_t {
            Some(t) => t.transform(x)?,
            None => x.clone(),
        };
        let head = match head {
            None => None,
            Some((est, task)) => {
                let y = y.ok_or("fit() missing 1 required positional argument: 'y'")?;
                if y.len() != data.num_rows() {
                    return Err(format!(
                        "Found input variables with inconsistent numbers of samples: [{}, {}]",
                        data.num_rows(),
                        y.len()
                    ));
                }
                let array = data.to_array()?;
                let eval_x = match eval {
                    Some(e) => Some(e.array(&x.names, fitted_t.as_ref(), &data.names)?),
                    None => None,
                };
                let (fitted, classes) = match task {
                    Task::Classification => {
                        let (classes, codes) = encode_labels(y)?;
                        if classes
                            .iter()
                            .any(|c| c.as_f64().is_some_and(|f| f.fract() != 0.0))
                        {
                            return Err("Unknown label type: continuous. Maybe you are trying to fit a classifier, which expects discrete classes on a regression target with continuous values.".into());
                        }
                        let target = estimator::Target::Classes {
                            codes: &codes,
                            n_classes: classes.len(),
                        };
                        let f = match (eval, &eval_x) {
                            (Some(e), Some(ex)) => {
                                let eval_codes = e
                                    .y
                                    .iter()
                                    .map(|v| {
                                        classes.iter().position(|c| c == v).ok_or_else(|| {
                                            format!("y contains previously unseen labels: [{v}] (the eval set's labels must be among the training labels)")
                                        })
                                    })
                                    .collect::<Result<Vec<usize>, String>>()?;
                                est.fit_early_stopping(
                                    &array,
                                    target,
                                    sample_weight,
                                    ex,
                                    estimator::Target::Classes {
                                        codes: &eval_codes,
                                        n_classes: classes.len(),
                                    },
                                    e.stopping_rounds,
                                )?
                            }
                            _ => est.fit(&array, target, sample_weight)?,
                        };
                        (f, classes)
                    }
                    Task::Regression => {
                        let values: Vec<f64> = y
                            .iter()
                            .map(|v| {
                                v.as_f64().ok_or_else(|| {
                                    format!("could not convert string to float: {v}")
                                })
                            })
                            .collect::<Result<_, _>>()?;
                        let target = estimator::Target::Values(&values);
                        let f = match (eval, &eval_x) {
                            (Some(e), Some(ex)) => {
                                let eval_values: Vec<f64> =
                                    e.y.iter()
                                        .map(|v| {
                                            v.as_f64().ok_or_else(|| {
                                                format!("could not convert string to float: {v}")
                                            })
                                        })
                                        .collect::<Result<_, _>>()?;
                                est.fit_early_stopping(
                                    &array,
                                    target,
                                    sample_weight,
                                    ex,
                                    estimator::Target::Values(&eval_values),
                                    e.stopping_rounds,
                                )?
                            }
                            _ => est.fit(&array, target, sample_weight)?,
                        };
                        (f, Vec::new())
                    }
                };
                Some(FittedHead {
                    estimator: est.clone(),
                    task,
                    fitted,
                    classes,
                    features: data.names.clone(),
                })
            }
        };
        Ok(SkModel {
            input_columns: x.names.clone(),
            steps,
            transform: fitted_t,
            head,
        })
    }

    fn prepared(&self, x: &Frame) -> Result<Frame, String> {
        let inputs = x.select(&self.input_columns).map_err(|_| {
            let missing: Vec<&String> = self
                .input_columns
                .iter()
                .filter(|c| x.position(c).is_none())
                .collect();
            format!(
                "The feature names should match those that were passed during fit. Feature names seen at fit time, yet now missing: {missing:?}"
            )
        })?;
        match &self.transform {
            Some(t) => t.transform(&inputs),
            None => Ok(inputs),
        }
    }

    /// The transformers' output (`transform`).
    pub fn transform(&self, x: &Frame) -> Result<Frame, String> {
        if self.transform.is_none() {
            return Err("This model has no transformer: it has no 'transform'".into());
        }
        self.prepared(x)
    }

    fn head(&self) -> Result<&FittedHead, String> {
        self.head
            .as_ref()
            .ok_or_else(|| "This model ends with a transformer: it has no 'predict'".into())
    }

    pub fn predict_proba(&self, x: &Frame) -> Result<Vec<Vec<f64>>, String> {
        let head = self.head()?;
        if head.task != Task::Classification {
            return Err(format!(
                "'{}' object has no attribute 'predict_proba'",
                head.estimator.class_name(head.task)
            ));
        }
        let array = self.prepared(x)?.to_array()?;
        Ok(head.fitted.proba(&array, head.classes.len()))
    }

    /// Predicted labels (classification) or values (regression).
    pub fn predict_values(&self, x: &Frame) -> Result<Vec<Value>, String> {
        let head = self.head()?;
        let array = self.prepared(x)?.to_array()?;
        Ok(match head.task {
            Task::Classification => head
                .fitted
                .proba(&array, head.classes.len())
                .iter()
                .map(|p| head.classes.get(argmax(p)).cloned().unwrap_or(Value::Null))
                .collect(),
            Task::Regression => head
                .fitted
                .values(&array)
                .into_iter()
                .map(|v| serde_json::json!(v))
                .collect(),
        })
    }

    pub fn estimator_name(&self) -> &'static str {
        match &self.head {
            Some(h) => h.estimator.class_name(h.task),
            None => "Pipeline",
        }
    }
}

impl Predict for SkModel {
    fn class_name(&self) -> &'static str {
        if self.steps.is_empty() {
            self.estimator_name()
        } else {
            "Pipeline"
        }
    }

    fn predict(&self, input: &ModelInput) -> Result<Vec<Value>, String> {
        input.validate()?;
        self.predict_values(&Frame::from_split(input))
    }
}
