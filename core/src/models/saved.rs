//! The model types Lakelab can save and load, and how each predicts.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ModelInput;

/// What every saved model does: predict one value per input row, reading the columns it was
/// trained on by name (extra columns are ignored, as in MLflow's pyfunc).
pub trait Predict {
    /// The class name a learner would see (`type(model).__name__`).
    fn class_name(&self) -> &'static str;
    fn predict(&self, input: &ModelInput) -> Result<Vec<Value>, String>;
}

/// How a linear model turns its score into a prediction. `Deserialize` is in `saved_de`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Link {
    /// Regression: the score is the prediction (`LinearRegression`).
    Identity,
    /// Binary classification: `positive` when the logistic of the score is at least 0.5,
    /// else `negative` (`LogisticRegression.predict`).
    Logistic { negative: Value, positive: Value },
}

/// A linear model over numeric features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct LinearModel {
    pub features: Vec<String>,
    pub coefficients: Vec<f64>,
    pub intercept: f64,
    pub link: Link,
}

crate::flat_de::map_only!(LinearModel);

impl Predict for LinearModel {
    fn class_name(&self) -> &'static str {
        match self.link {
            Link::Identity => "LinearRegression",
            Link::Logistic { .. } => "LogisticRegression",
        }
    }

    fn predict(&self, input: &ModelInput) -> Result<Vec<Value>, String> {
        input.validate()?;
        let columns: Vec<usize> = self
            .features
            .iter()
            .map(|f| {
                input
                    .column(f)
                    .ok_or_else(|| format!("the input has no column '{f}'"))
            })
            .collect::<Result<_, _>>()?;
        input
            .data
            .iter()
            .enumerate()
            .map(|(row_index, row)| {
                let mut score = self.intercept;
                for ((feature, &col), coef) in
                    self.features.iter().zip(&columns).zip(&self.coefficients)
                {
                    let x = row
                        .get(col)
                        .and_then(number)
                        .ok_or_else(|| format!("row {row_index}: '{feature}' must be a number"))?;
                    score += coef * x;
                }
                Ok(match &self.link {
                    Link::Identity => serde_json::json!(score),
                    Link::Logistic { negative, positive } => {
                        if score >= 0.0 {
                            positive.clone()
                        } else {
                            negative.clone()
                        }
                    }
                })
            })
            .collect()
    }
}

/// A JSON number or boolean as f64 (pandas treats booleans as 0/1 in numeric models).
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// Every model type, as stored in `model.json`. `Deserialize` is in `saved_de`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "model_type", rename_all = "snake_case")]
pub enum SavedModel {
    Linear(LinearModel),
    /// Preprocessing plus a linfa-trained estimator (AutoML trials, scikit-learn pipelines).
    Pipeline(Box<crate::ml::pipeline::PipelineModel>),
    /// A model trained in a cell with Lakelab's scikit-learn binding.
    Sklearn(Box<crate::ml::sk::SkModel>),
    /// A Spark ML model or `PipelineModel` from a cell (`mlflow.spark.log_model`).
    Spark(Box<crate::ml::spark_ml::Stage>),
    /// An `automl.forecast` trial: one fitted forecaster per series.
    Forecast(Box<crate::automl::forecast::ForecastModel>),
    /// A `mlflow.pyfunc.PythonModel` subclass from a cell (`mlflow.pyfunc.log_model`).
    PythonModel(Box<super::python_model::PythonModel>),
}

impl SavedModel {
    fn inner(&self) -> &dyn Predict {
        match self {
            SavedModel::Linear(m) => m,
            SavedModel::Pipeline(m) => m.as_ref(),
            SavedModel::Sklearn(m) => m.as_ref(),
            SavedModel::Spark(m) => m.as_ref(),
            SavedModel::Forecast(m) => m.as_ref(),
            SavedModel::PythonModel(m) => m.as_ref(),
        }
    }
}

impl Predict for SavedModel {
    fn class_name(&self) -> &'static str {
        self.inner().class_name()
    }
    fn predict(&self, input: &ModelInput) -> Result<Vec<Value>, String> {
        self.inner().predict(input)
    }
}
