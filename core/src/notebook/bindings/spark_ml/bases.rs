//! The classes behind `isinstance`: `Estimator`, `Transformer`, `Model`, `Evaluator` and
//! `Params` from `pyspark.ml`, and the model classes (`LogisticRegressionModel`,
//! `PipelineModel`, ...), so a cell can check what a stage is — the estimator/transformer
//! distinction (a `Model` is a `Transformer`; a `Pipeline` is an `Estimator`).

use std::any::Any;
use std::rc::Rc;

use super::model::model_of;
use super::params::{stage_of, Kind};
use crate::ml::spark_ml::Stage;
use crate::notebook::error::{type_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Object, Value};

/// The abstract classes a value is an instance of.
fn bases_of(v: &Value) -> &'static [&'static str] {
    if let Some(o) = stage_of(v) {
        return match o.class.kind {
            Kind::Estimator => &["Estimator", "Params"],
            Kind::Transformer => &["Transformer", "Params"],
            Kind::Evaluator => &["Evaluator", "Params"],
        };
    }
    if let Some(m) = model_of(v) {
        return match m.stage.as_ref() {
            Stage::VectorAssembler(_) => &["Transformer", "Params"],
            _ => &["Model", "Transformer", "Params"],
        };
    }
    if super::tuning::best_of(v).is_some() {
        return &["Model", "Transformer", "Params"];
    }
    &[]
}

/// `Estimator`, `Transformer`, `Model`, `Evaluator`, `Params` (abstract: not callable).
#[derive(Debug)]
pub struct BaseClass(pub &'static str);

impl Object for BaseClass {
    fn type_name(&self) -> &str {
        "ABCMeta"
    }
    fn instance_check(&self, value: &Value) -> Option<bool> {
        Some(bases_of(value).contains(&self.0))
    }
    fn call(self: Rc<Self>, _: &mut Interp, _: Args) -> Result<Value, PyErr> {
        Err(type_error(format!(
            "Can't instantiate abstract class {} directly",
            self.0
        )))
    }
    fn repr(&self) -> String {
        format!("<class 'pyspark.ml.base.{}'>", self.0)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A fitted model's class (`LogisticRegressionModel`): for `isinstance`, and `load(path)` /
/// `read()` of a saved model; models come from `fit`, so calling it is refused.
#[derive(Debug)]
pub struct ModelClass(pub &'static str);

impl Object for ModelClass {
    fn type_name(&self) -> &str {
        "type"
    }
    fn instance_check(&self, value: &Value) -> Option<bool> {
        Some(value.type_name() == self.0)
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "load" | "read")
            && !self.0.ends_with("ValidatorModel")
            && self.0 != "TrainValidationSplitModel"
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        let reader = super::persist::ReaderObj(self.0);
        if name == "read" {
            return Ok(Value::object(reader));
        }
        let path = super::persist::path_arg(args, "load", "MLReadable.load(path: str)")?;
        super::persist::load(interp, &path, Some(self.0))
    }
    fn call(self: Rc<Self>, _: &mut Interp, _: Args) -> Result<Value, PyErr> {
        Err(type_error(format!(
            "{} is made by fitting its estimator (estimator.fit(df)), not constructed directly",
            self.0
        )))
    }
    fn repr(&self) -> String {
        format!("<class '{}'>", self.0)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The model classes of a module.
pub fn model_classes(module: &str) -> Vec<(&'static str, Value)> {
    let names: &[&'static str] = match module {
        "pyspark.ml" => &["PipelineModel"],
        "pyspark.ml.feature" => &[
            "StringIndexerModel",
            "OneHotEncoderModel",
            "ImputerModel",
            "StandardScalerModel",
        ],
        "pyspark.ml.classification" => &[
            "LogisticRegressionModel",
            "DecisionTreeClassificationModel",
            "RandomForestClassificationModel",
        ],
        "pyspark.ml.regression" => &[
            "LinearRegressionModel",
            "DecisionTreeRegressionModel",
            "RandomForestRegressionModel",
        ],
        "pyspark.ml.tuning" => &["CrossValidatorModel", "TrainValidationSplitModel"],
        _ => &[],
    };
    names
        .iter()
        .map(|n| (*n, Value::object(ModelClass(n))))
        .collect()
}

/// `Estimator`, `Transformer`, `Model`, `Params` (and `Evaluator` for the evaluation module).
pub fn base_classes(module: &str) -> Vec<(&'static str, Value)> {
    let names: &[&'static str] = match module {
        "pyspark.ml" | "pyspark.ml.base" => &["Estimator", "Transformer", "Model", "Params"],
        "pyspark.ml.evaluation" => &["Evaluator"],
        _ => &[],
    };
    names
        .iter()
        .map(|n| (*n, Value::object(BaseClass(n))))
        .collect()
}
