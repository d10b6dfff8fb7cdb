//! `mlflow.sklearn.autolog()` / `mlflow.autolog()`: after `fit` of an estimator or a
//! pipeline ending in one, log what MLflow's scikit-learn autologging logs:
//! - params: `get_params(deep=True)`, as text;
//! - metrics on the training data: `training_accuracy_score`, `training_precision_score`,
//!   `training_recall_score`, `training_f1_score` (weighted averages), `training_log_loss`,
//!   `training_roc_auc` (binary) and `training_score` for classifiers;
//!   `training_mean_squared_error`, `training_root_mean_squared_error`,
//!   `training_mean_absolute_error`, `training_r2_score` and `training_score` for regressors;
//! - tags `estimator_name` and `estimator_class`;
//! - the model as `model` (with its signature; an input example when asked).
//!
//! A fit outside a run gets its own run, ended after the fit (MLflow's managed run); inside
//! `with mlflow.start_run():` it logs to that run. Not simulated: child runs for the
//! candidates of a search (`max_tuning_runs`).

use std::rc::Rc;

use super::data::{frame_arg, frame_table, labels_arg};
use super::estimators::{Kind, SkObj};
use super::methods::{get_params, score_model};
use crate::ml::estimator::Task;
use crate::ml::metrics::{self, Average};
use crate::models::SavedModel;
use crate::notebook::call::Sig;
use crate::notebook::error::PyErr;
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Value};
use crate::tracking::{RunStatus, StartRun};

/// What autologging is set to log (in the notebook session).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Autolog {
    pub log_models: bool,
    pub log_input_examples: bool,
}

/// `mlflow.autolog(...)` / `mlflow.sklearn.autolog(...)`.
pub fn autolog(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "autolog",
        params: &["log_input_examples=", "log_model_signatures=", "log_models=", "log_datasets=", "disable=", "exclusive=", "disable_for_unsupported_versions=", "silent=", "max_tuning_runs=", "log_post_training_metrics="],
        is_method: false,
        display: "autolog(log_input_examples=False, log_model_signatures=True, log_models=True, log_datasets=True, disable=False, exclusive=False, disable_for_unsupported_versions=False, silent=False, max_tuning_runs=5, log_post_training_metrics=True)",
    }
    .bind(args)?;
    let flag = |name: &str, default: bool| b.get(name).map_or(default, Value::truthy);
    interp.session.autolog = if flag("disable", false) {
        None
    } else {
        Some(Autolog {
            log_models: flag("log_models", true),
            log_input_examples: flag("log_input_examples", false),
        })
    };
    Ok(Value::None)
}

fn training_metrics(o: &SkObj, x: &Value, y: &Value) -> Result<Vec<(String, f64)>, PyErr> {
    let model = o.model_or_err()?;
    let Some(head) = &model.head else {
        return Ok(Vec::new());
    };
    let frame = frame_arg(x)?;
    let truth = labels_arg(y)?;
    let pred = model
        .predict_values(&frame)
        .map_err(super::estimators::value_error)?;
    let mut out = vec![("training_score".to_string(), score_model(&model, x, y)?)];
    match head.task {
        Task::Classification => {
            let t: Vec<String> = truth.iter().map(|v| v.to_string()).collect();
            let p: Vec<String> = pred.iter().map(|v| v.to_string()).collect();
            if let Ok(a) = metrics::accuracy(&t, &p) {
                out.push(("training_accuracy_score".into(), a));
            }
            if let Ok(prf) = metrics::precision_recall_f1(&t, &p, &Average::Weighted) {
                out.push(("training_precision_score".into(), prf.precision));
                out.push(("training_recall_score".into(), prf.recall));
                out.push(("training_f1_score".into(), prf.f1));
            }
            let proba = model
                .predict_proba(&frame)
                .map_err(super::estimators::value_error)?;
            let codes: Vec<usize> = truth
                .iter()
                .map(|v| head.classes.iter().position(|c| c == v).unwrap_or(0))
                .collect();
            if let Ok(l) = metrics::log_loss(&codes, &proba) {
                out.push(("training_log_loss".into(), l));
            }
            if head.classes.len() == 2 {
                let pos: Vec<bool> = codes.iter().map(|&c| c == 1).collect();
                let s: Vec<f64> = proba
                    .iter()
                    .map(|r| r.get(1).copied().unwrap_or(0.0))
                    .collect();
                if let Ok(a) = metrics::roc_auc(&pos, &s) {
                    out.push(("training_roc_auc".into(), a));
                }
            }
        }
        Task::Regression => {
            let t: Vec<f64> = truth.iter().filter_map(|v| v.as_f64()).collect();
            let p: Vec<f64> = pred.iter().filter_map(|v| v.as_f64()).collect();
            for (k, v) in [
                ("training_mean_squared_error", metrics::mse(&t, &p)),
                ("training_root_mean_squared_error", metrics::rmse(&t, &p)),
                ("training_mean_absolute_error", metrics::mae(&t, &p)),
                ("training_r2_score", metrics::r2(&t, &p)),
            ] {
                if let Ok(v) = v {
                    out.push((k.into(), v));
                }
            }
        }
    }
    Ok(out)
}

/// Called after every `fit` in a cell.
pub fn after_fit(
    interp: &mut Interp,
    o: &Rc<SkObj>,
    x: &Value,
    y: Option<&Value>,
) -> Result<(), PyErr> {
    let Some(config) = interp.session.autolog else {
        return Ok(());
    };
    let has_head = o.model_or_err()?.head.is_some();
    if !has_head || matches!(o.kind(), Kind::Transformer | Kind::ColumnTransformer) {
        return Ok(());
    }
    let Some(y) = y else { return Ok(()) };
    let metrics = training_metrics(o, x, y)?;
    let params: Vec<(String, String)> = get_params(o, true)?
        .into_iter()
        .map(|(k, v)| {
            let text = match &v {
                Value::Str(s) => s.to_string(),
                other => other.repr(),
            };
            (k, text.chars().take(6000).collect())
        })
        .collect();
    let saved = o.saved()?;
    let example = if config.log_input_examples {
        let t = frame_arg(x)?;
        let rows: Vec<usize> = (0..t.num_rows().min(5)).collect();
        Some(crate::frame::SplitFrame::from_table(&frame_table(
            &t.rows(&rows),
        )?))
    } else {
        None
    };
    let managed = interp.session.fluent.active_run_id().is_none();
    let now = interp.now_ms();
    let run_id = match interp.session.fluent.active_run_id() {
        Some(id) => id.to_string(),
        None => {
            let user = interp.env.user.clone();
            interp.session.fluent.start_run(
                &mut interp.ws.tracking,
                StartRun {
                    user_id: user,
                    ..Default::default()
                },
                now,
            )?
        }
    };
    let tracking = &mut interp.ws.tracking;
    for (k, v) in &params {
        tracking.log_param(&run_id, k, v)?;
    }
    for (k, v) in &metrics {
        tracking.log_metric(&run_id, k, *v, now, 0)?;
    }
    let class = o.class;
    let module = super::estimators::class(class).map_or("sklearn", |c| c.module);
    tracking.set_tag(&run_id, "estimator_name", class)?;
    tracking.set_tag(&run_id, "estimator_class", &format!("{module}.{class}"))?;
    if config.log_models {
        let signature_input = match &example {
            Some(e) => Some(e.clone()),
            None => {
                let t = frame_arg(x)?;
                let rows: Vec<usize> = (0..t.num_rows().min(5)).collect();
                Some(crate::frame::SplitFrame::from_table(&frame_table(
                    &t.rows(&rows),
                )?))
            }
        };
        let signature = signature_input.as_ref().map(|input| {
            let output = saved_predict(&saved, input);
            crate::models::Signature::infer(input, output.as_deref())
        });
        tracking.log_model(&run_id, &saved, "model", signature, example.as_ref(), now)?;
    }
    if managed {
        interp.session.last_run_id = Some(run_id);
        let t = interp.now_ms();
        interp
            .session
            .fluent
            .end_run(&mut interp.ws.tracking, RunStatus::Finished, t)?;
    }
    Ok(())
}

fn saved_predict(
    model: &SavedModel,
    input: &crate::frame::SplitFrame,
) -> Option<Vec<serde_json::Value>> {
    use crate::models::Predict;
    model.predict(input).ok()
}
