//! A trained pipeline: preprocessing then an estimator, as AutoML's scikit-learn `Pipeline`
//! (`type(model).__name__ == "Pipeline"`). This is what AutoML trials log and what
//! `trial.load_model()` returns; serving and batch scoring predict through it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::estimator::{Estimator, Fitted, Task};
use super::prep::{Preprocessor, Source};
use crate::models::{ModelInput, Predict};

/// How the target was transformed before fitting (regression).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetTransform {
    /// Fitted on `log(1 + y)`; predictions are `exp(p) - 1`.
    Log1p,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct PipelineModel {
    pub task: Task,
    pub estimator: Estimator,
    pub preprocessor: Preprocessor,
    pub fitted: Fitted,
    /// Classification: the labels in class-code order, as predictions return them.
    #[serde(default)]
    pub classes: Vec<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_transform: Option<TargetTransform>,
}

crate::flat_de::map_only!(PipelineModel);

impl PipelineModel {
    /// The estimator's class name (`model.steps[-1][1]`).
    pub fn estimator_name(&self) -> &'static str {
        self.estimator.class_name(self.task)
    }

    /// Class probabilities (`predict_proba`), one row per input row.
    pub fn predict_proba<S: Source + ?Sized>(&self, input: &S) -> Result<Vec<Vec<f64>>, String> {
        if self.task != Task::Classification {
            return Err(format!(
                "'{}' object has no attribute 'predict_proba'",
                self.estimator_name()
            ));
        }
        let x = self.preprocessor.transform(input, None).map_err(|e| e.0)?;
        Ok(self.fitted.proba(&x, self.classes.len()))
    }

    /// Class codes (classification) or values (regression) as numbers.
    pub fn predict_numbers<S: Source + ?Sized>(&self, input: &S) -> Result<Vec<f64>, String> {
        let x = self.preprocessor.transform(input, None).map_err(|e| e.0)?;
        Ok(match self.task {
            Task::Classification => self
                .fitted
                .proba(&x, self.classes.len())
                .iter()
                .map(|p| argmax(p) as f64)
                .collect(),
            Task::Regression => {
                let v = self.fitted.values(&x);
                match self.target_transform {
                    Some(TargetTransform::Log1p) => v.into_iter().map(f64::exp_m1).collect(),
                    None => v,
                }
            }
        })
    }
}

/// The first index of the largest value (NumPy's `argmax` on ties).
pub fn argmax(p: &[f64]) -> usize {
    let mut best = 0;
    for (i, v) in p.iter().enumerate() {
        if *v > p[best] {
            best = i;
        }
    }
    best
}

impl Predict for PipelineModel {
    fn class_name(&self) -> &'static str {
        "Pipeline"
    }

    fn predict(&self, input: &ModelInput) -> Result<Vec<Value>, String> {
        input.validate()?;
        let numbers = self.predict_numbers(input)?;
        Ok(match self.task {
            Task::Classification => numbers
                .iter()
                .map(|&k| self.classes.get(k as usize).cloned().unwrap_or(Value::Null))
                .collect(),
            Task::Regression => numbers.into_iter().map(|v| serde_json::json!(v)).collect(),
        })
    }
}
