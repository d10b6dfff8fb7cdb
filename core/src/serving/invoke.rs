//! Answering `POST /serving-endpoints/<name>/invocations`: route the request to a served
//! entity, enforce the model's signature, predict, and log the request and response to the
//! endpoint's inference records (the rows of its inference table).
//!
//! Where Lakelab differs from the MLflow scoring server: the `<data>` in a schema-failure
//! message is the request's rows as JSON rather than pandas' repr of the frame, and a failure
//! inside `predict` carries Lakelab's description in `stack_trace`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::error::ServingError;
use super::request;
use super::store::Serving;
use crate::models::{Predict, Signature};
use crate::tracking::LoadedModel;

/// Where served models come from (the registry, by name and version), and what they read
/// besides the request (the online store, for models packaged with feature lookups).
pub trait Models {
    fn load(&self, entity_name: &str, version: &str) -> Result<LoadedModel, ServingError>;

    /// The model's input for a request; the request itself unless overridden.
    fn model_input<'a>(
        &mut self,
        _model: &LoadedModel,
        input: &'a crate::frame::SplitFrame,
    ) -> Result<std::borrow::Cow<'a, crate::frame::SplitFrame>, ServingError> {
        Ok(std::borrow::Cow::Borrowed(input))
    }
}

/// One logged request: a row of the inference table (the legacy payload table's columns).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InferenceRecord {
    pub databricks_request_id: String,
    pub client_request_id: Option<String>,
    pub timestamp_ms: i64,
    pub status_code: u16,
    pub execution_time_ms: f64,
    pub request: String,
    pub response: String,
    /// The served entity that answered (`None` when the request failed before routing).
    pub served_entity: Option<String>,
    /// The registered model and version it served, kept so the row still names them after a
    /// config update removes the entity (absent in records stored before they were kept).
    #[serde(default)]
    pub model_name: Option<String>,
    #[serde(default)]
    pub model_version: Option<String>,
}

/// The HTTP answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub served_entity: Option<String>,
}

/// `['age': long (required), 'plan': string (required)]`, as MLflow prints a schema.
fn schema_text(s: &Signature) -> String {
    let cols: Vec<String> = s
        .inputs
        .iter()
        .map(|c| {
            let req = if c.required { "required" } else { "optional" };
            match &c.name {
                Some(n) => format!("'{n}': {} ({req})", c.col_type),
                None => format!("{} ({req})", c.col_type),
            }
        })
        .collect();
    format!("[{}]", cols.join(", "))
}

/// A failed request: the error, and Lakelab's description of a failure inside `predict`
/// (the body's `stack_trace`).
type Failure = (ServingError, Option<String>);

/// Predicts with `model` on the request's rows, with the scoring server's errors.
fn predict(model: &LoadedModel, input: &crate::frame::SplitFrame) -> Result<Value, Failure> {
    if let Some(sig) = &model.signature {
        if let Err(inner) = sig.check(input) {
            let data = serde_json::to_string(&input.data).unwrap_or_default();
            return Err((
                ServingError::invalid(format!(
                    "Failed to predict data '{data}'. \nError: Failed to enforce schema of data '{data}' with schema '{}'. Error: {inner}",
                    schema_text(sig)
                )),
                None,
            ));
        }
    }
    match model.model.predict(input) {
        Ok(p) => Ok(json!({"predictions": p})),
        Err(e) => Err((
            ServingError::bad_request("Encountered an unexpected error while evaluating the model. Verify that the serialized input Dataframe is compatible with the model for inference."),
            Some(e),
        )),
    }
}

impl Serving {
    /// Answers one request to endpoint `name`. `clock` times the model's execution (ms).
    pub fn invoke(
        &mut self,
        name: &str,
        body: &str,
        now_ms: i64,
        models: &mut dyn Models,
        clock: &mut dyn FnMut() -> f64,
    ) -> Reply {
        let started = clock();
        let parsed = request::parse(body);
        let client_request_id = parsed
            .as_ref()
            .ok()
            .and_then(|p| p.client_request_id.clone());
        // The endpoint routes first (a missing or unready endpoint answers before any model
        // reads the body), then the served model's server parses the request.
        let mut answered_by = None;
        let (result, entity) = match self.route(name, now_ms) {
            Err(e) => (Err((e, None)), None),
            Ok(entity) => {
                let served = self
                    .endpoints
                    .get(name)
                    .and_then(|e| e.config.as_ref())
                    .and_then(|c| {
                        let s = c.served_entities.iter().find(|s| s.name == entity)?;
                        Some((
                            s.entity_name.clone(),
                            s.entity_version.clone(),
                            c.config_version,
                        ))
                    });
                answered_by = served.as_ref().map(|(m, v, _)| (m.clone(), v.clone()));
                let cache = &mut self.cache;
                let result = parsed.map_err(|e| (e, None)).and_then(|p| match &served {
                    Some((model, version, config)) => cache
                        .get_or_load(name, &entity, *config, || models.load(model, version))
                        .and_then(|m| {
                            let input = models.model_input(&m, &p.input)?.into_owned();
                            Ok((m, input))
                        })
                        .map_err(|e| (e, None))
                        .and_then(|(m, input)| predict(&m, &input)),
                    None => Err((
                        ServingError::bad_request(format!(
                            "served entity '{entity}' is not in the endpoint's config"
                        )),
                        None,
                    )),
                });
                (result, Some(entity))
            }
        };
        let (status, body_out) = match result {
            Ok(v) => (200, v),
            Err((e, stack)) => {
                let mut b = e.body();
                if let Some(s) = stack {
                    b["stack_trace"] = json!(s);
                }
                (e.status, b)
            }
        };
        let execution = (clock() - started).max(0.0);
        if self.endpoints.contains_key(name) {
            self.next_id += 1;
            let record = InferenceRecord {
                databricks_request_id: format!(
                    "{:08x}-{:04x}",
                    self.next_id,
                    self.requests & 0xffff
                ),
                client_request_id,
                timestamp_ms: now_ms,
                status_code: status,
                execution_time_ms: execution,
                request: body.to_string(),
                response: body_out.to_string(),
                served_entity: entity.clone(),
                model_name: answered_by.as_ref().map(|(m, _)| m.clone()),
                model_version: answered_by.map(|(_, v)| v),
            };
            let log = self.records.entry(name.to_string()).or_default();
            for k in log.push(record) {
                self.changes.mark(&super::records::segment_id(name, k));
            }
        }
        Reply {
            status,
            body: body_out,
            served_entity: entity,
        }
    }
}
