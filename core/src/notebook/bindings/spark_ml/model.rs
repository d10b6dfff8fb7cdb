//! Fitted Spark ML models in cells (`LogisticRegressionModel`, `StringIndexerModel`,
//! `PipelineModel`, ...): `transform(df)`, the attributes learners read (`coefficients`,
//! `intercept`, `featureImportances`, `numFeatures`, `summary`, `labels`, `stages`, ...), and
//! the estimator's params at fit time (`getRegParam()` on the model, as in Spark 3), and
//! `write()` / `save(path)` (see `persist`).

use std::any::Any;
use std::rc::Rc;

use super::linalg::vector_value;
use super::params::{new_uid, StageObj};
use super::{frame_arg, ml_err};
use crate::ml::estimator::Fitted;
use crate::ml::spark_ml::Stage;
use crate::notebook::bindings::spark::dataframe::SparkFrame;
use crate::notebook::error::{attribute_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Object, Value};
use crate::table::{Column, Table};

/// A fitted stage.
#[derive(Debug)]
pub struct ModelObj {
    pub stage: Rc<Stage>,
    pub uid: String,
    /// The estimator's params when it was fitted here (absent for a loaded model).
    pub parent: Option<StageObj>,
    /// A `PipelineModel`'s stages as objects (the same objects on every `.stages`).
    pub children: Vec<Value>,
}

impl ModelObj {
    pub fn new(stage: Stage, parent: Option<&StageObj>, children: Vec<Value>) -> ModelObj {
        // A Java model keeps its estimator's uid; PySpark's `PipelineModel` makes its own.
        let uid = match parent {
            Some(p) if !matches!(stage, Stage::PipelineModel { .. }) => p.uid.clone(),
            _ => new_uid(stage.class_name()),
        };
        ModelObj {
            stage: Rc::new(stage),
            uid,
            parent: parent.map(|p| p.copy_with(&[])),
            children,
        }
    }

    /// A model for a stored stage (`mlflow.spark.load_model`), pipelines with their stages.
    pub fn loaded(stage: Stage) -> ModelObj {
        let children = match &stage {
            Stage::PipelineModel { stages } => stages
                .iter()
                .map(|s| Value::object(ModelObj::loaded(s.clone())))
                .collect(),
            _ => Vec::new(),
        };
        ModelObj::new(stage, None, children)
    }

    /// The transformed table.
    pub fn apply(&self, t: &Table) -> Result<Table, PyErr> {
        self.stage.transform(t).map_err(ml_err)
    }
}

pub fn model_of(v: &Value) -> Option<&ModelObj> {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<ModelObj>(),
        _ => None,
    }
}

fn floats(v: &[f64]) -> Value {
    Value::list(v.iter().map(|x| Value::Float(*x)).collect())
}

/// `model.summary`: the training metrics under Spark's attribute names.
#[derive(Debug)]
struct SummaryObj {
    class: String,
    metrics: Vec<(String, f64)>,
}

impl Object for SummaryObj {
    fn type_name(&self) -> &str {
        &self.class
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        self.metrics
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| Value::Float(*v))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Object for ModelObj {
    fn type_name(&self) -> &str {
        self.stage.class_name()
    }

    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        if name == "uid" {
            return Some(Value::str(self.uid.as_str()));
        }
        let found = match (self.stage.as_ref(), name) {
            (Stage::PipelineModel { .. }, "stages") => Some(Value::list(self.children.clone())),
            (Stage::StringIndexerModel(s), "labels") => s
                .labels
                .first()
                .map(|l| Value::list(l.iter().map(|x| Value::str(x.as_str())).collect())),
            (Stage::StringIndexerModel(s), "labelsArray") => Some(Value::list(
                s.labels
                    .iter()
                    .map(|l| Value::list(l.iter().map(|x| Value::str(x.as_str())).collect()))
                    .collect(),
            )),
            (Stage::OneHotEncoderModel(s), "categorySizes") => Some(Value::list(
                s.sizes.iter().map(|n| Value::Int(*n as i64)).collect(),
            )),
            (Stage::ImputerModel(s), "surrogateDF") => {
                let cols = s
                    .surrogates
                    .iter()
                    .map(|v| Column::floats(vec![*v]))
                    .collect();
                Table::new(s.input_cols.clone(), cols)
                    .ok()
                    .map(SparkFrame::value)
            }
            (Stage::StandardScalerModel(s), "mean") => Some(vector_value(s.mean.clone())),
            (Stage::StandardScalerModel(s), "std") => Some(vector_value(s.std.clone())),
            (Stage::Predictor(p), _) => {
                let linear = |binary: bool| match &p.fitted {
                    Fitted::Linear { coef, intercept } => Some((coef.clone(), *intercept)),
                    Fitted::Logistic { coef, intercept } if coef.len() == 1 || !binary => {
                        Some((coef.first()?.clone(), *intercept.first()?))
                    }
                    _ => None,
                };
                match name {
                    "numFeatures" => Some(Value::Int(p.num_features as i64)),
                    "numClasses" if p.num_classes > 0 => Some(Value::Int(p.num_classes as i64)),
                    "coefficients" => linear(true).map(|(c, _)| vector_value(c)),
                    "intercept" => linear(true).map(|(_, b)| Value::Float(b)),
                    "coefficientMatrix" => match &p.fitted {
                        Fitted::Logistic { coef, .. } => {
                            Some(Value::list(coef.iter().map(|r| floats(r)).collect()))
                        }
                        _ => None,
                    },
                    "interceptVector" => match &p.fitted {
                        Fitted::Logistic { intercept, .. } => Some(vector_value(intercept.clone())),
                        _ => None,
                    },
                    // A `SparseVector` in Spark (the features the trees split on).
                    "featureImportances" if !p.feature_importances.is_empty() => {
                        Some(super::linalg::vector_row_value(
                            crate::table::Vector::sparse(p.feature_importances.clone()),
                        ))
                    }
                    "getNumTrees" | "numTrees" => match &p.fitted {
                        Fitted::Forest { trees } => Some(Value::Int(trees.len() as i64)),
                        _ => None,
                    },
                    "treeWeights" => match &p.fitted {
                        Fitted::Forest { trees } => Some(floats(&vec![1.0; trees.len()])),
                        _ => None,
                    },
                    "depth" => match &p.fitted {
                        Fitted::Tree { tree } => Some(Value::Int(tree.depth() as i64)),
                        _ => None,
                    },
                    "numNodes" => match &p.fitted {
                        Fitted::Tree { tree } => Some(Value::Int(tree.nodes.len() as i64)),
                        _ => None,
                    },
                    "totalNumNodes" => match &p.fitted {
                        Fitted::Forest { trees } => {
                            Some(Value::Int(trees.iter().map(|t| t.nodes.len() as i64).sum()))
                        }
                        _ => None,
                    },
                    "hasSummary" => Some(Value::Bool(!p.summary.is_empty())),
                    "summary" if !p.summary.is_empty() => Some(Value::object(SummaryObj {
                        class: format!("{}TrainingSummary", p.estimator),
                        metrics: p.summary.clone(),
                    })),
                    _ => None,
                }
            }
            _ => None,
        };
        found.or_else(|| self.parent.as_ref().and_then(|p| p.common_attr(name)))
    }

    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "transform" | "getFeaturesCol" | "getLabelCol" | "getPredictionCol" | "write" | "save"
        ) || self
            .parent
            .as_ref()
            .is_some_and(|p| p.is_common_method(name))
    }

    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        match name {
            "write" => Ok(Value::object(super::persist::WriterObj {
                model: Value::Object(self),
                overwrite: std::cell::Cell::new(false),
            })),
            "save" => {
                let path =
                    super::persist::path_arg(args, "save", "MLWritable.save(path: str) -> None")?;
                super::persist::save(interp, &Value::Object(self), &path, false)?;
                Ok(Value::None)
            }
            "transform" => {
                let df = args
                    .positional
                    .first()
                    .or_else(|| {
                        args.keywords
                            .iter()
                            .find(|(k, _)| k == "dataset")
                            .map(|(_, v)| v)
                    })
                    .ok_or_else(|| {
                        crate::notebook::error::type_error(
                            "transform() missing 1 required positional argument: 'dataset'",
                        )
                    })?;
                let t = frame_arg(df, "transform")?;
                Ok(SparkFrame::value(self.apply(&t)?))
            }
            _ => {
                if let Some(parent) = &self.parent {
                    // The model reads its estimator's params; changing them after fitting would
                    // not change what was learned, so setters are refused rather than ignored.
                    if name.starts_with("set") || name == "clear" {
                        return Err(crate::notebook::error::not_implemented(format!(
                            "{}.{name}: Lakelab's fitted models are read-only; set the param on the estimator and fit again",
                            self.stage.class_name()
                        )));
                    }
                    let p = Rc::new(parent.copy_with(&[]));
                    if let Some(r) = p.common_method(name, &args) {
                        return r;
                    }
                }
                let predictor = self.stage.predictor();
                let col = match (name, predictor) {
                    ("getFeaturesCol", Some(p)) => &p.cols.features,
                    ("getLabelCol", Some(p)) => &p.cols.label,
                    ("getPredictionCol", Some(p)) => &p.cols.prediction,
                    _ => return Err(attribute_error(self.stage.class_name(), name)),
                };
                Ok(Value::str(col.as_str()))
            }
        }
    }

    fn repr(&self) -> String {
        match self.stage.as_ref() {
            Stage::PipelineModel { .. } => self.uid.clone(),
            Stage::Predictor(p) => match p.num_classes {
                0 => format!(
                    "{}: uid={}, numFeatures={}",
                    p.class_name(),
                    self.uid,
                    p.num_features
                ),
                k => format!(
                    "{}: uid={}, numClasses={k}, numFeatures={}",
                    p.class_name(),
                    self.uid,
                    p.num_features
                ),
            },
            _ => self.uid.clone(),
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
