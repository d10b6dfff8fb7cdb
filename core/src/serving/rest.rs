//! The serving REST routes as HTTP calls (`docs/reference/serving.md` §1.1): method, path and
//! JSON body in, status and JSON body out. The notebook's clients (MLflow's deployments
//! client, the Databricks SDK, `requests`) all go through here, so they answer alike.
//!
//! An unknown route answers 404 `ENDPOINT_NOT_FOUND` `No API found for '<METHOD> <path>'`
//! (the service's shape; Lakelab's wording is unverified). `ai_gateway` and `rate_limits`
//! are refused: Lakelab simulates the legacy `auto_capture_config` inference tables only.

use serde_json::{json, Value};

use super::error::ServingError;
use crate::Workspace;

/// An HTTP answer.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpReply {
    pub status: u16,
    pub body: Value,
    /// The `served-model-name` response header of an invocation.
    pub served_model_name: Option<String>,
}

impl HttpReply {
    fn ok(body: Value) -> HttpReply {
        HttpReply {
            status: 200,
            body,
            served_model_name: None,
        }
    }
}

impl From<ServingError> for HttpReply {
    fn from(e: ServingError) -> HttpReply {
        HttpReply {
            status: e.status,
            body: e.body(),
            served_model_name: None,
        }
    }
}

/// `[{"key", "value"?}]` as pairs.
fn tags(v: Option<&Value>) -> Result<Vec<(String, Option<String>)>, ServingError> {
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Ok(Vec::new());
    };
    let items = v
        .as_array()
        .ok_or_else(|| ServingError::invalid("tags must be a list of {\"key\", \"value\"}"))?;
    items
        .iter()
        .map(|t| {
            let key = t
                .get("key")
                .and_then(Value::as_str)
                .ok_or_else(|| ServingError::invalid("each tag needs a string key"))?;
            Ok((
                key.to_string(),
                t.get("value").and_then(Value::as_str).map(str::to_string),
            ))
        })
        .collect()
}

/// A list item of `GET /api/2.0/serving-endpoints` (`ServingEndpoint`): the summary config.
fn summary(mut e: Value) -> Value {
    if let Some(obj) = e.as_object_mut() {
        obj.remove("pending_config");
        if let Some(c) = obj.get_mut("config") {
            let entities: Vec<Value> = c["served_entities"]
                .as_array()
                .map(|l| {
                    l.iter()
                        .map(|s| {
                            json!({"name": s["name"], "entity_name": s["entity_name"], "entity_version": s["entity_version"]})
                        })
                        .collect()
                })
                .unwrap_or_default();
            *c = json!({"served_entities": entities});
        }
    }
    e
}

fn body_json(body: &str) -> Result<Value, ServingError> {
    if body.trim().is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_str(body)
        .map_err(|e| ServingError::bad_request(format!("Malformed request body: {e}")))
}

impl Workspace {
    /// One call to the serving API. `path` has no host (`/api/2.0/serving-endpoints/x`);
    /// `user` creates endpoints; `clock` times models (ms).
    pub fn serving_http(
        &mut self,
        method: &str,
        path: &str,
        body: &str,
        user: &str,
        now_ms: i64,
        clock: &mut dyn FnMut() -> f64,
    ) -> HttpReply {
        let method = method.to_ascii_uppercase();
        let path = path.split('?').next().unwrap_or_default();
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        match (method.as_str(), parts.as_slice()) {
            ("POST", ["serving-endpoints", name, "invocations"]) => {
                let r = self.query_endpoint(name, body, now_ms, clock);
                HttpReply {
                    status: r.status,
                    body: r.body,
                    served_model_name: r.served_entity,
                }
            }
            (_, ["api", "2.0", "serving-endpoints", rest @ ..]) => self
                .management(&method, rest, body, user, now_ms)
                .unwrap_or_else(HttpReply::from),
            _ => not_found(&method, path),
        }
    }

    fn management(
        &mut self,
        method: &str,
        route: &[&str],
        body: &str,
        user: &str,
        now_ms: i64,
    ) -> Result<HttpReply, ServingError> {
        Ok(HttpReply::ok(match (method, route) {
            ("POST", []) => {
                let b = body_json(body)?;
                for refused in ["ai_gateway", "rate_limits"] {
                    if b.get(refused).is_some_and(|v| !v.is_null()) {
                        return Err(ServingError::invalid(format!(
                            "Lakelab does not simulate {refused}; use config.auto_capture_config for an inference table"
                        )));
                    }
                }
                let name = b
                    .get("name")
                    .and_then(Value::as_str)
                    .ok_or_else(|| ServingError::invalid("name is required"))?;
                let config = b.get("config").cloned().unwrap_or(Value::Null);
                let tags = tags(b.get("tags"))?;
                self.create_endpoint(name, &config, &tags, user, now_ms)?
            }
            ("GET", []) => {
                let list = self.serving.list(now_ms);
                json!({"endpoints": list.into_iter().map(|e| summary(e.to_json())).collect::<Vec<_>>()})
            }
            ("GET", [name]) => self.serving.get(name, now_ms)?.to_json(),
            ("DELETE", [name]) => {
                self.serving.delete(name)?;
                json!({})
            }
            ("PUT", [name, "config"]) => {
                self.update_endpoint_config(name, &body_json(body)?, now_ms)?
            }
            ("PATCH", [name, "tags"]) => {
                let b = body_json(body)?;
                let add = tags(b.get("add_tags"))?;
                let delete: Vec<String> = b
                    .get("delete_tags")
                    .and_then(Value::as_array)
                    .map(|l| {
                        l.iter()
                            .filter_map(|k| k.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                let e = self.serving.patch_tags(name, &add, &delete)?;
                json!({"tags": e.to_json()["tags"]})
            }
            _ => {
                return Ok(not_found(
                    method,
                    &format!("/api/2.0/serving-endpoints/{}", route.join("/")),
                ))
            }
        }))
    }
}

fn not_found(method: &str, path: &str) -> HttpReply {
    HttpReply {
        status: 404,
        body: json!({"error_code": "ENDPOINT_NOT_FOUND", "message": format!("No API found for '{method} {path}'")}),
        served_model_name: None,
    }
}
