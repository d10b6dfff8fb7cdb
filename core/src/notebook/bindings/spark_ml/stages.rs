//! Estimators, transformers and evaluators as cell objects: `fit` only on estimators and
//! `transform` only on transformers and models — calling `transform` on an unfitted estimator
//! is Python's `AttributeError`, which is exactly the estimator/transformer distinction Spark
//! ML draws. Also `Pipeline.fit`, which fits estimators in order and threads the data through.

use std::any::Any;
use std::rc::Rc;

use super::model::{model_of, ModelObj};
use super::params::{param_map_arg, stage_of, Kind, StageObj};
use super::{evaluation, feature, frame_arg, predictors, tuning};
use crate::ml::spark_ml::Stage;
use crate::notebook::bindings::spark::dataframe::SparkFrame;
use crate::notebook::error::{attribute_error, not_implemented, type_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Object, Value};
use crate::table::Table;

/// The one argument of `fit` / `transform` / `evaluate` (positional or `dataset=`) and the
/// optional `params`.
fn dataset_and_params(args: &Args, func: &str) -> Result<(Value, Value), PyErr> {
    let mut dataset = args.positional.first().cloned();
    let mut params = args.positional.get(1).cloned().unwrap_or(Value::None);
    for (k, v) in &args.keywords {
        match k.as_str() {
            "dataset" => dataset = Some(v.clone()),
            "params" => params = v.clone(),
            other => {
                return Err(type_error(format!(
                    "{func}() got an unexpected keyword argument '{other}'"
                )))
            }
        }
    }
    let dataset = dataset.ok_or_else(|| {
        type_error(format!(
            "{func}() missing 1 required positional argument: 'dataset'"
        ))
    })?;
    Ok((dataset, params))
}

/// Fits an estimator value on a table: a model value (a `ModelObj`, or a tuning model).
pub fn fit_value(interp: &mut Interp, est: &Value, t: &Table) -> Result<Value, PyErr> {
    let Some(o) = stage_of(est) else {
        return Err(attribute_error(&est.type_name(), "fit"));
    };
    if o.class.kind != Kind::Estimator {
        return Err(attribute_error(o.class.name, "fit"));
    }
    interp.tick()?;
    let stage = match o.class.name {
        "Pipeline" => return fit_pipeline(interp, o, t),
        "CrossValidator" | "TrainValidationSplit" => return tuning::fit(interp, o, t),
        _ => feature::fit(o, t)
            .or_else(|| predictors::fit(o, t))
            .ok_or_else(|| not_implemented(format!("{}.fit", o.class.name)))??,
    };
    Ok(Value::object(ModelObj::new(stage, Some(o), Vec::new())))
}

/// The fitted (or fit-free) stage of a transformer value.
pub fn stage_value(v: &Value) -> Result<Option<Stage>, PyErr> {
    if let Some(m) = model_of(v) {
        return Ok(Some((*m.stage).clone()));
    }
    if let Some(m) = tuning::best_of(v) {
        return stage_value(&m);
    }
    match stage_of(v) {
        Some(o) if o.class.name == "VectorAssembler" => feature::assembler(o).map(Some),
        _ => Ok(None),
    }
}

/// `model.transform(df)` for any transformer value.
pub fn transform_value(v: &Value, t: &Table) -> Result<Table, PyErr> {
    match stage_value(v)? {
        Some(s) => s.transform(t).map_err(super::ml_err),
        None => Err(attribute_error(&v.type_name(), "transform")),
    }
}

/// `Pipeline(stages=[...]).fit(df)`: each estimator is fitted on the data transformed by the
/// stages before it; transformers pass through (fitted models included).
fn fit_pipeline(interp: &mut Interp, o: &StageObj, t: &Table) -> Result<Value, PyErr> {
    let stages = match o.get("stages") {
        Value::None => Vec::new(),
        v => v
            .iter_items()
            .ok_or_else(|| type_error("Pipeline stages must be a list of stages"))?,
    };
    let last_estimator = stages
        .iter()
        .rposition(|s| stage_of(s).is_some_and(|o| o.class.kind == Kind::Estimator));
    let mut data = t.clone();
    let mut fitted = Vec::new();
    let mut children = Vec::new();
    for (i, s) in stages.iter().enumerate() {
        let model = match stage_of(s) {
            Some(so) if so.class.kind == Kind::Estimator => fit_value(interp, s, &data)?,
            Some(so) if so.class.kind == Kind::Evaluator => {
                return Err(type_error(format!(
                    "Cannot recognize a pipeline stage of type {}.",
                    so.class.name
                )))
            }
            _ => s.clone(),
        };
        let stage = stage_value(&model)?.ok_or_else(|| {
            type_error(format!(
                "Cannot recognize a pipeline stage of type {}.",
                s.type_name()
            ))
        })?;
        if last_estimator.is_some_and(|l| i < l) {
            data = stage.transform(&data).map_err(super::ml_err)?;
        }
        fitted.push(stage);
        children.push(model);
    }
    Ok(Value::object(ModelObj::new(
        Stage::PipelineModel { stages: fitted },
        Some(o),
        children,
    )))
}

impl Object for StageObj {
    fn type_name(&self) -> &str {
        self.class.name
    }

    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        self.common_attr(name)
    }

    fn has_method(&self, name: &str) -> bool {
        let kind = self.class.kind;
        match name {
            "fit" => kind == Kind::Estimator,
            "transform" => kind == Kind::Transformer,
            "evaluate" | "isLargerBetter" => kind == Kind::Evaluator,
            "fitMultiple" => false,
            _ => self.is_common_method(name),
        }
    }

    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        match name {
            "fit" => {
                let (df, params) = dataset_and_params(&args, "fit")?;
                let t = frame_arg(&df, "fit")?;
                let extra = param_map_arg(&params)?;
                let est = if extra.is_empty() {
                    Value::Object(self.clone())
                } else {
                    tuning::with_params(&Value::Object(self.clone()), &extra)
                };
                fit_value(interp, &est, &t)
            }
            "transform" => {
                let (df, _) = dataset_and_params(&args, "transform")?;
                let t = frame_arg(&df, "transform")?;
                Ok(SparkFrame::value(transform_value(
                    &Value::Object(self.clone()),
                    &t,
                )?))
            }
            "evaluate" => {
                let (df, _) = dataset_and_params(&args, "evaluate")?;
                let t = frame_arg(&df, "evaluate")?;
                Ok(Value::Float(evaluation::evaluate(&self, &t)?))
            }
            "isLargerBetter" => Ok(Value::Bool(evaluation::larger_is_better(&self))),
            _ => match self.common_method(name, &args) {
                Some(r) => r,
                None => Err(attribute_error(self.class.name, name)),
            },
        }
    }

    fn repr(&self) -> String {
        self.uid.clone()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
