//! The methods of scikit-learn objects in cells, and the class objects that construct them.

use std::any::Any;
use std::rc::Rc;

use super::data::{frame_arg, labels_arg, labels_value};
use super::estimators::{fit, transformed, value_error, Class, Kind, SkObj, D};
use crate::ml::estimator::Task;
use crate::ml::metrics;
use crate::ml::sk::SkModel;
use crate::notebook::call::Sig;
use crate::notebook::error::{type_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Dict, Object, Value};

/// A class (`LogisticRegression`, ...): calling it constructs an object.
#[derive(Debug)]
pub struct SkClass(pub &'static Class);

impl std::fmt::Debug for Class {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl Object for SkClass {
    fn type_name(&self) -> &str {
        "type"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        match name {
            "__name__" => Some(Value::str(self.0.name)),
            "__module__" => Some(Value::str(self.0.module)),
            _ => None,
        }
    }
    fn call(self: Rc<Self>, _: &mut Interp, args: Args) -> Result<Value, PyErr> {
        let class = self.0;
        let required: Vec<&str> = class
            .params
            .iter()
            .filter(|(_, d)| matches!(d, D::Required))
            .map(|(n, _)| *n)
            .collect();
        if args.positional.len() > required.len() {
            return Err(type_error(format!(
                "{}.__init__() takes {} positional argument{} but {} were given (scikit-learn's other parameters are keyword-only)",
                class.name,
                required.len() + 1,
                if required.is_empty() { "" } else { "s" },
                args.positional.len() + 1
            )));
        }
        let mut params: Vec<(String, Value)> = class
            .params
            .iter()
            .map(|(n, d)| (n.to_string(), d.value_of()))
            .collect();
        for (name, v) in required.iter().zip(args.positional) {
            set(&mut params, name, v);
        }
        for (k, v) in args.keywords {
            if !class.params.iter().any(|(n, _)| *n == k) {
                return Err(type_error(format!(
                    "{}.__init__() got an unexpected keyword argument '{k}'",
                    class.name
                )));
            }
            set(&mut params, &k, v);
        }
        for name in &required {
            if params
                .iter()
                .any(|(k, v)| k == name && matches!(v, Value::None))
            {
                return Err(type_error(format!(
                    "{}.__init__() missing 1 required positional argument: '{name}'",
                    class.name
                )));
            }
        }
        Ok(Value::object(SkObj::new(class.name, params)))
    }
    fn repr(&self) -> String {
        format!("<class '{}.{}'>", self.0.module, self.0.name)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn set(params: &mut [(String, Value)], name: &str, v: Value) {
    if let Some(slot) = params.iter_mut().find(|(k, _)| k == name) {
        slot.1 = v;
    }
}

fn bind(
    name: &'static str,
    params: &'static [&'static str],
    display: &'static str,
    args: Args,
) -> Result<crate::notebook::call::Bound, PyErr> {
    Sig {
        name,
        params,
        is_method: true,
        display,
    }
    .bind(args)
}

/// `score(X, y)`: accuracy for classifiers, R² for regressors.
pub fn score_model(model: &SkModel, x: &Value, y: &Value) -> Result<f64, PyErr> {
    let frame = frame_arg(x)?;
    let truth = labels_arg(y)?;
    let pred = model.predict_values(&frame).map_err(value_error)?;
    let task = model.head.as_ref().map_or(Task::Regression, |h| h.task);
    match task {
        Task::Classification => {
            let t: Vec<String> = truth.iter().map(|v| v.to_string()).collect();
            let p: Vec<String> = pred.iter().map(|v| v.to_string()).collect();
            metrics::accuracy(&t, &p).map_err(|e| value_error(e.0))
        }
        Task::Regression => {
            let t: Vec<f64> = truth.iter().filter_map(|v| v.as_f64()).collect();
            let p: Vec<f64> = pred.iter().filter_map(|v| v.as_f64()).collect();
            metrics::r2(&t, &p).map_err(|e| value_error(e.0))
        }
    }
}

/// `get_params(deep=True)`: a pipeline's steps' parameters appear as `step__param`.
pub fn get_params(o: &SkObj, deep: bool) -> Result<Vec<(String, Value)>, PyErr> {
    let mut out: Vec<(String, Value)> = o.params.borrow().clone();
    if deep && o.kind() == Kind::Pipeline {
        for (name, step) in o.steps()? {
            out.push((name.clone(), step.value()));
            for (k, v) in get_params(step.get()?, true)? {
                out.push((format!("{name}__{k}"), v));
            }
        }
    }
    Ok(out)
}

/// `set_params(**params)`, with `step__param` reaching into a pipeline.
pub fn set_params(o: &SkObj, params: Vec<(String, Value)>) -> Result<(), PyErr> {
    for (k, v) in params {
        if let Some((step, rest)) = k.split_once("__") {
            if o.kind() == Kind::Pipeline {
                let steps = o.steps()?;
                let target = steps.iter().find(|(n, _)| n == step).ok_or_else(|| {
                    value_error(format!(
                        "Invalid parameter '{step}' for estimator {}. Valid parameters are: {:?}.",
                        o.repr(),
                        steps.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>()
                    ))
                })?;
                set_params(target.1.get()?, vec![(rest.to_string(), v)])?;
                continue;
            }
        }
        let mut params = o.params.borrow_mut();
        match params.iter_mut().find(|(n, _)| *n == k) {
            Some(slot) => slot.1 = v,
            None => {
                let valid: Vec<String> = params.iter().map(|(n, _)| n.clone()).collect();
                return Err(value_error(format!(
                    "Invalid parameter '{k}' for estimator {}(). Valid parameters are: {valid:?}.",
                    o.class
                )));
            }
        }
    }
    *o.fitted.borrow_mut() = None;
    Ok(())
}

/// Fits and stores the model; a pipeline's final estimator step is fitted too (so
/// `named_steps['clf'].coef_` works after `pipeline.fit`).
pub fn fit_in_place(
    o: &SkObj,
    x: &Value,
    y: Option<&Value>,
    w: Option<&Value>,
) -> Result<Rc<SkModel>, PyErr> {
    fit_in_place_eval(o, x, y, w, None)
}

/// [`fit_in_place`] with a LightGBM eval set for early stopping.
pub fn fit_in_place_eval(
    o: &SkObj,
    x: &Value,
    y: Option<&Value>,
    w: Option<&Value>,
    eval: Option<&crate::ml::sk::EvalSet>,
) -> Result<Rc<SkModel>, PyErr> {
    let model = fit(o, x, y, w, eval)?;
    if o.kind() == Kind::Pipeline {
        if let (Some((_, last)), Some(head)) = (o.steps()?.last(), model.head.clone()) {
            let step_model = SkModel {
                input_columns: head.features.clone(),
                steps: Vec::new(),
                transform: None,
                head: Some(head),
            };
            *last.get()?.fitted.borrow_mut() = Some(Rc::new(step_model));
        }
    }
    *o.fitted.borrow_mut() = Some(model.clone());
    Ok(model)
}

/// `Pipeline.fit(X, y=None, **params)`: `step__param` reaches the step's `fit`
/// (`sample_weight` for any final estimator; for a LightGBM step also `eval_set`,
/// `callbacks` and the other arguments its `fit` takes).
fn pipeline_fit(o: Rc<SkObj>, interp: &mut Interp, mut args: Args) -> Result<Value, PyErr> {
    let steps = o.steps()?;
    let last = steps.last().map(|(n, s)| (n.clone(), s.clone()));
    let mut routed: Vec<(String, Value)> = Vec::new();
    let mut rest = Vec::new();
    for (k, v) in std::mem::take(&mut args.keywords) {
        match k.split_once("__") {
            Some((step, param)) => {
                let Some((name, _)) = steps.iter().find(|(n, _)| n == step) else {
                    return Err(value_error(format!(
                        "Pipeline.fit does not accept the {k} parameter. You can pass parameters to specific steps of your pipeline using the stepname__parameter format, e.g. `Pipeline.fit(X, y, logisticregression__sample_weight=sample_weight)`."
                    )));
                };
                if last.as_ref().is_none_or(|(n, _)| n != name) {
                    return Err(crate::notebook::error::not_implemented(format!(
                        "Pipeline.fit({k}=...): Lakelab passes fit parameters to the final step only"
                    )));
                }
                routed.push((param.to_string(), v));
            }
            None => rest.push((k, v)),
        }
    }
    args.keywords = rest;
    let b = bind(
        "fit",
        &["X", "y=", "sample_weight="],
        "fit(X, y=None, **params)",
        args,
    )?;
    let last_obj = match &last {
        Some((_, s)) => Some(s.get()?),
        None => None,
    };
    let is_lgbm = last_obj.is_some_and(|s| s.class.starts_with("LGBM"));
    let mut eval = None;
    let mut weight = b.get("sample_weight").cloned();
    if is_lgbm {
        let step_args = Args {
            positional: vec![b.value("X"), b.value("y")],
            keywords: routed,
        };
        let sb = bind(
            "fit",
            super::lightgbm::FIT_PARAMS,
            super::lightgbm::FIT_DISPLAY,
            step_args,
        )?;
        super::lightgbm::check_fit_args(&sb)?;
        eval = super::lightgbm::eval_of(interp, sb.get("eval_set"), sb.get("callbacks"))?;
        weight = sb.get("sample_weight").cloned().or(weight);
    } else {
        for (k, v) in routed {
            if k != "sample_weight" {
                let step = last.as_ref().map_or("", |(n, _)| n.as_str());
                let class = last_obj.map_or("estimator", |s| s.class);
                return Err(type_error(format!(
                    "{class}.fit() got an unexpected keyword argument '{k}' (passed as {step}__{k})"
                )));
            }
            weight = Some(v);
        }
    }
    fit_in_place_eval(
        &o,
        &b.value("X"),
        b.get("y"),
        weight.as_ref(),
        eval.as_ref(),
    )?;
    super::autolog::after_fit(interp, &o, &b.value("X"), b.get("y"))?;
    Ok(Value::Object(o))
}

pub fn call(o: Rc<SkObj>, interp: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
    let _ = interp;
    match name {
        "fit" if o.class.starts_with("LGBM") => {
            let b = bind(
                "fit",
                super::lightgbm::FIT_PARAMS,
                super::lightgbm::FIT_DISPLAY,
                args,
            )?;
            super::lightgbm::check_fit_args(&b)?;
            let eval = super::lightgbm::eval_of(interp, b.get("eval_set"), b.get("callbacks"))?;
            fit_in_place_eval(
                &o,
                &b.value("X"),
                b.get("y"),
                b.get("sample_weight"),
                eval.as_ref(),
            )?;
            super::autolog::after_fit(interp, &o, &b.value("X"), b.get("y"))?;
            Ok(Value::Object(o))
        }
        "fit" if o.kind() == Kind::Pipeline => pipeline_fit(o, interp, args),
        "fit" => {
            let b = bind(
                "fit",
                &["X", "y=", "sample_weight="],
                "fit(X, y=None, sample_weight=None)",
                args,
            )?;
            fit_in_place(&o, &b.value("X"), b.get("y"), b.get("sample_weight"))?;
            super::autolog::after_fit(interp, &o, &b.value("X"), b.get("y"))?;
            Ok(Value::Object(o))
        }
        "predict" => {
            let b = bind("predict", &["X"], "predict(X)", args)?;
            let model = o.model_or_err()?;
            let pred = model
                .predict_values(&frame_arg(&b.value("X"))?)
                .map_err(value_error)?;
            Ok(labels_value(&pred))
        }
        "predict_proba" => {
            let b = bind("predict_proba", &["X"], "predict_proba(X)", args)?;
            let model = o.model_or_err()?;
            let rows = model
                .predict_proba(&frame_arg(&b.value("X"))?)
                .map_err(value_error)?;
            Ok(Value::list(
                rows.into_iter()
                    .map(|r| Value::list(r.into_iter().map(Value::Float).collect()))
                    .collect(),
            ))
        }
        "transform" => {
            let b = bind("transform", &["X"], "transform(X)", args)?;
            transformed(&*o.model_or_err()?, &b.value("X"))
        }
        "fit_transform" => {
            let b = bind(
                "fit_transform",
                &["X", "y="],
                "fit_transform(X, y=None)",
                args,
            )?;
            let model = fit_in_place(&o, &b.value("X"), b.get("y"), None)?;
            transformed(&model, &b.value("X"))
        }
        "score" => {
            let b = bind(
                "score",
                &["X", "y", "sample_weight="],
                "score(X, y, sample_weight=None)",
                args,
            )?;
            Ok(Value::Float(score_model(
                &*o.model_or_err()?,
                &b.value("X"),
                &b.value("y"),
            )?))
        }
        "get_params" => {
            let b = bind("get_params", &["deep="], "get_params(deep=True)", args)?;
            let deep = b.get("deep").is_none_or(Value::truthy);
            Ok(Value::dict(Dict::from_pairs(get_params(&o, deep)?)))
        }
        "set_params" => {
            if !args.positional.is_empty() {
                return Err(type_error("set_params() takes keyword arguments only"));
            }
            set_params(&o, args.keywords)?;
            Ok(Value::Object(o))
        }
        "get_feature_names_out" => {
            let model = o.model_or_err()?;
            let names = match &model.transform {
                Some(t) => super::estimators::feature_names(t, &model.input_columns),
                None => model.input_columns.clone(),
            };
            Ok(Value::list(names.into_iter().map(Value::str).collect()))
        }
        other => Err(type_error(format!(
            "'{}' object has no attribute '{other}'",
            o.class
        ))),
    }
}
