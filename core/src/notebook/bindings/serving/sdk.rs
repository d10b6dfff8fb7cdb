//! The Databricks SDK's serving API: `WorkspaceClient().serving_endpoints` with `create`,
//! `create_and_wait`, `update_config`, `update_config_and_wait`, `get`, `list`, `delete`,
//! `patch` and `query`, their real signatures (SDK v0.133.0), and the SDK's error classes
//! (`ERROR_CODE_MAPPING` first, then the HTTP status, as `databricks/sdk/errors` maps them).
//!
//! Waiting: `create` / `update_config` return a `Wait` whose `.response` is the endpoint as
//! the call left it (`NOT_READY` / `IN_PROGRESS`); `.result()` and the `*_and_wait` variants
//! complete the simulated deployment at once ([`crate::serving::Serving::finish_deployment`])
//! instead of polling for minutes: a browser tab cannot block, and the point of the call is
//! the endpoint it returns, `READY` / `NOT_UPDATING`. `timeout` is accepted and unused.

use std::any::Any;
use std::rc::Rc;

use serde_json::{json, Value as Json};

use super::sdk_types::{dataclass_json, ViewObj};
use super::{bind_method, http, library_error, Methods};
use crate::notebook::call::{Bound, Sig};
use crate::notebook::error::{attribute_error, PyErr, SDK_ERRORS};
use crate::notebook::interp::Interp;
use crate::notebook::modules::{from_json, json_text, module};
use crate::notebook::value::{Args, Object, Value};
use crate::serving::rest::HttpReply;

/// `databricks.sdk`: `WorkspaceClient`, `errors`, `service.serving`.
pub fn module_value() -> Value {
    module(
        "databricks.sdk",
        vec![
            (
                "WorkspaceClient",
                Value::Native("WorkspaceClient", workspace_client),
            ),
            ("errors", super::sdk_errors_module()),
            (
                "service",
                module(
                    "databricks.sdk.service",
                    vec![("serving", super::sdk_types::module_value())],
                ),
            ),
        ],
    )
}

/// `WorkspaceClient(**config)`: the notebook's own workspace (credentials are not checked).
fn workspace_client(_: &mut Interp, _: Args) -> Result<Value, PyErr> {
    Ok(Value::object(WorkspaceObj))
}

#[derive(Debug)]
struct WorkspaceObj;

impl Object for WorkspaceObj {
    fn type_name(&self) -> &str {
        "WorkspaceClient"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        (name == "serving_endpoints").then(|| Value::object(EndpointsObj))
    }
    fn repr(&self) -> String {
        "<databricks.sdk.WorkspaceClient object>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The SDK error a failed call raises: by `error_code` (`ERROR_CODE_MAPPING`), else by status.
pub fn sdk_error(reply: &HttpReply) -> PyErr {
    let code = reply.body["error_code"].as_str().unwrap_or_default();
    let message = reply.body["message"].as_str().unwrap_or_default();
    let by_code = match code {
        "INVALID_PARAMETER_VALUE" => Some("InvalidParameterValue"),
        "RESOURCE_DOES_NOT_EXIST" => Some("ResourceDoesNotExist"),
        "ABORTED" => Some("Aborted"),
        "ALREADY_EXISTS" => Some("AlreadyExists"),
        "RESOURCE_ALREADY_EXISTS" => Some("ResourceAlreadyExists"),
        _ => None,
    };
    let class = by_code.unwrap_or(match reply.status {
        400 => "BadRequest",
        401 => "Unauthenticated",
        403 => "PermissionDenied",
        404 => "NotFound",
        409 => "ResourceConflict",
        429 => "TooManyRequests",
        501 => "NotImplemented",
        _ => "InternalError",
    });
    library_error(SDK_ERRORS, class, code.to_string(), message)
}

/// Calls the API; a 4xx/5xx raises the SDK's error.
/// The body goes as `requests` sends `json=`: Python's `json.dumps` spacing, and the
/// SDK's field order (alphabetical, as its generated code builds the dict).
fn call(interp: &mut Interp, method: &str, path: &str, body: &Json) -> Result<HttpReply, PyErr> {
    let text = json_text(&from_json(body), None, false, 0)?;
    let reply = http(interp, method, path, &text);
    if reply.status >= 400 {
        return Err(sdk_error(&reply));
    }
    Ok(reply)
}

const METHODS: Methods = &[
    ("create", &["name", "*", "ai_gateway=", "budget_policy_id=", "config=", "description=", "email_notifications=", "rate_limits=", "route_optimized=", "tags=", "telemetry_config=", "uc_system_metrics_export_state="], "ServingEndpointsAPI.create(name: str, *, config: EndpointCoreConfigInput | None = None, tags: list[EndpointTag] | None = None, route_optimized: bool | None = None, ai_gateway=None, ...) -> Wait[ServingEndpointDetailed]"),
    ("create_and_wait", &["name", "*", "ai_gateway=", "budget_policy_id=", "config=", "description=", "email_notifications=", "rate_limits=", "route_optimized=", "tags=", "telemetry_config=", "uc_system_metrics_export_state=", "timeout="], "ServingEndpointsAPI.create_and_wait(name: str, *, config: EndpointCoreConfigInput | None = None, tags: list[EndpointTag] | None = None, ..., timeout=timedelta(minutes=20)) -> ServingEndpointDetailed"),
    ("update_config", &["name", "*", "auto_capture_config=", "served_entities=", "served_models=", "traffic_config="], "ServingEndpointsAPI.update_config(name: str, *, auto_capture_config: AutoCaptureConfigInput | None = None, served_entities: list[ServedEntityInput] | None = None, served_models: list[ServedModelInput] | None = None, traffic_config: TrafficConfig | None = None) -> Wait[ServingEndpointDetailed]"),
    ("update_config_and_wait", &["name", "*", "auto_capture_config=", "served_entities=", "served_models=", "traffic_config=", "timeout="], "ServingEndpointsAPI.update_config_and_wait(name: str, *, auto_capture_config=None, served_entities=None, served_models=None, traffic_config=None, timeout=timedelta(minutes=20)) -> ServingEndpointDetailed"),
    ("get", &["name"], "ServingEndpointsAPI.get(name: str) -> ServingEndpointDetailed"),
    ("list", &[], "ServingEndpointsAPI.list() -> Iterator[ServingEndpoint]"),
    ("delete", &["name"], "ServingEndpointsAPI.delete(name: str)"),
    ("patch", &["name", "*", "add_tags=", "delete_tags="], "ServingEndpointsAPI.patch(name: str, *, add_tags: list[EndpointTag] | None = None, delete_tags: list[str] | None = None) -> EndpointTags"),
    ("query", &["name", "*", "client_request_id=", "dataframe_records=", "dataframe_split=", "extra_params=", "input=", "inputs=", "instances=", "max_tokens=", "messages=", "n=", "prompt=", "stop=", "stream=", "temperature=", "usage_context="], "ServingEndpointsAPI.query(name: str, *, client_request_id: str | None = None, dataframe_records: list | None = None, dataframe_split: DataframeSplitInput | None = None, inputs=None, instances: list | None = None, ...) -> QueryEndpointResponse"),
    ("wait_get_serving_endpoint_not_updating", &["name", "timeout=", "callback="], "ServingEndpointsAPI.wait_get_serving_endpoint_not_updating(name: str, timeout=timedelta(minutes=20), callback=None) -> ServingEndpointDetailed"),
];

/// `w.serving_endpoints`.
#[derive(Debug)]
struct EndpointsObj;

fn name_arg(b: &Bound, func: &str) -> Result<String, PyErr> {
    super::super::convert::string(&b.value("name"), func, "name")
}

/// A list of dataclasses as JSON (`[v.as_dict() for v in items]`).
fn dataclass_list(v: &Value, class: &str, field: &str) -> Result<Json, PyErr> {
    let items = v.iter_items().ok_or_else(|| {
        crate::notebook::error::type_error(format!(
            "{class}: {field} must be a list, got {}",
            v.type_name()
        ))
    })?;
    Ok(Json::Array(
        items
            .iter()
            .map(|i| dataclass_json(i, class, field))
            .collect::<Result<_, _>>()?,
    ))
}

/// The body fields the SDK sends for the given arguments (dataclasses through `as_dict`).
fn body_of(b: &Bound, func: &str, fields: &[(&str, Kind)]) -> Result<Json, PyErr> {
    let mut out = serde_json::Map::new();
    for (f, kind) in fields {
        let Some(v) = b.get(f) else { continue };
        let json = match kind {
            Kind::Plain => super::super::client::to_json(v)?,
            Kind::Dataclass => dataclass_json(v, func, f)?,
            Kind::Dataclasses => dataclass_list(v, func, f)?,
        };
        out.insert(f.to_string(), json);
    }
    Ok(Json::Object(out))
}

enum Kind {
    Plain,
    Dataclass,
    Dataclasses,
}

const CREATE_FIELDS: &[(&str, Kind)] = &[
    ("ai_gateway", Kind::Dataclass),
    ("budget_policy_id", Kind::Plain),
    ("config", Kind::Dataclass),
    ("description", Kind::Plain),
    ("name", Kind::Plain),
    ("rate_limits", Kind::Dataclasses),
    ("route_optimized", Kind::Plain),
    ("tags", Kind::Dataclasses),
];

const UPDATE_FIELDS: &[(&str, Kind)] = &[
    ("auto_capture_config", Kind::Dataclass),
    ("served_entities", Kind::Dataclasses),
    ("served_models", Kind::Dataclasses),
    ("traffic_config", Kind::Dataclass),
];

const QUERY_FIELDS: &[(&str, Kind)] = &[
    ("client_request_id", Kind::Plain),
    ("dataframe_records", Kind::Plain),
    ("dataframe_split", Kind::Dataclass),
    ("extra_params", Kind::Plain),
    ("input", Kind::Plain),
    ("inputs", Kind::Plain),
    ("instances", Kind::Plain),
    ("max_tokens", Kind::Plain),
    ("n", Kind::Plain),
    ("prompt", Kind::Plain),
    ("stop", Kind::Plain),
    ("stream", Kind::Plain),
    ("temperature", Kind::Plain),
    ("usage_context", Kind::Plain),
];

/// Completes the deployment now and returns the endpoint (see the module comment).
fn finish(interp: &mut Interp, name: &str) -> Result<Value, PyErr> {
    let now = interp.now_ms();
    let e = interp
        .ws
        .serving
        .finish_deployment(name, now)
        .map_err(|e| sdk_error(&HttpReply::from(e)))?;
    Ok(ViewObj::value("ServingEndpointDetailed", e.to_json()))
}

impl Object for EndpointsObj {
    fn type_name(&self) -> &str {
        "ServingEndpointsExt"
    }
    fn has_method(&self, name: &str) -> bool {
        METHODS.iter().any(|(n, _, _)| *n == name)
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        let (method, b) = bind_method(METHODS, "ServingEndpointsExt", name, args)?;
        let func = method;
        let endpoint = name_arg(&b, func);
        let base = "/api/2.0/serving-endpoints";
        match func {
            "create" | "create_and_wait" => {
                let body = body_of(&b, func, CREATE_FIELDS)?;
                let reply = call(interp, "POST", base, &body)?;
                wait_or_finish(interp, func == "create", reply)
            }
            "update_config" | "update_config_and_wait" => {
                let endpoint = endpoint?;
                let body = body_of(&b, func, UPDATE_FIELDS)?;
                let reply = call(interp, "PUT", &format!("{base}/{endpoint}/config"), &body)?;
                wait_or_finish(interp, func == "update_config", reply)
            }
            "get" => {
                let reply = call(interp, "GET", &format!("{base}/{}", endpoint?), &json!({}))?;
                Ok(ViewObj::value("ServingEndpointDetailed", reply.body))
            }
            "list" => {
                let reply = call(interp, "GET", base, &json!({}))?;
                let items = reply.body["endpoints"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                Ok(Value::list(
                    items
                        .into_iter()
                        .map(|e| ViewObj::value("ServingEndpoint", e))
                        .collect(),
                ))
            }
            "delete" => {
                call(
                    interp,
                    "DELETE",
                    &format!("{base}/{}", endpoint?),
                    &json!({}),
                )?;
                Ok(Value::None)
            }
            "patch" => {
                let endpoint = endpoint?;
                let mut body = serde_json::Map::new();
                if let Some(v) = b.get("add_tags") {
                    body.insert("add_tags".into(), dataclass_list(v, func, "add_tags")?);
                }
                if let Some(v) = b.get("delete_tags") {
                    body.insert("delete_tags".into(), super::super::client::to_json(v)?);
                }
                let reply = call(
                    interp,
                    "PATCH",
                    &format!("{base}/{endpoint}/tags"),
                    &Json::Object(body),
                )?;
                Ok(ViewObj::value("EndpointTags", reply.body))
            }
            "query" => {
                if b.get("messages").is_some() {
                    return Err(crate::notebook::error::not_implemented(
                        "query(messages=...) is for chat models; Lakelab's endpoints serve MLflow models, queried with dataframe_split, dataframe_records, instances or inputs",
                    ));
                }
                let endpoint = endpoint?;
                let body = body_of(&b, func, QUERY_FIELDS)?;
                let reply = call(
                    interp,
                    "POST",
                    &format!("/serving-endpoints/{endpoint}/invocations"),
                    &body,
                )?;
                let mut out = reply.body;
                if let (Some(obj), Some(served)) = (out.as_object_mut(), reply.served_model_name) {
                    obj.insert("served_model_name".into(), Json::String(served));
                }
                Ok(ViewObj::value("QueryEndpointResponse", out))
            }
            _ => finish(interp, &endpoint?),
        }
    }
    fn repr(&self) -> String {
        "<databricks.sdk.mixins.open_ai_client.ServingEndpointsExt object>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A `Wait` for the non-waiting variants; the finished endpoint for `*_and_wait`.
fn wait_or_finish(
    interp: &mut Interp,
    returns_wait: bool,
    reply: HttpReply,
) -> Result<Value, PyErr> {
    let name = reply.body["name"].as_str().unwrap_or_default().to_string();
    if returns_wait {
        return Ok(Value::object(WaitObj {
            name,
            response: reply.body,
        }));
    }
    finish(interp, &name)
}

/// `Wait[ServingEndpointDetailed]`: `.response`, `.name`, `.result(timeout=..., callback=None)`.
#[derive(Debug)]
struct WaitObj {
    name: String,
    response: Json,
}

impl Object for WaitObj {
    fn type_name(&self) -> &str {
        "Wait"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        match name {
            "response" => Some(ViewObj::value(
                "ServingEndpointDetailed",
                self.response.clone(),
            )),
            "name" => Some(Value::str(self.name.as_str())),
            _ => None,
        }
    }
    fn has_method(&self, name: &str) -> bool {
        name == "result"
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        if name != "result" {
            return Err(attribute_error("Wait", name));
        }
        Sig {
            name: "Wait.result",
            params: &["timeout=", "callback="],
            is_method: true,
            display: "Wait.result(timeout=timedelta(minutes=20), callback=None) -> ServingEndpointDetailed",
        }
        .bind(args)?;
        finish(interp, &self.name)
    }
    fn repr(&self) -> String {
        "<databricks.sdk.service._internal.Wait object>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
