//! `mlflow.deployments.get_deploy_client("databricks")`: MLflow's `DatabricksDeploymentClient`
//! (mlflow commit 651bee0), its methods' signatures, payloads and errors.
//!
//! Errors are MLflow's: each call ends in `augmented_raise_for_status`, so a 4xx/5xx raises
//! `requests.exceptions.HTTPError("<status> Client Error: <reason> for url: <url>. Response
//! text: <body>")`, not an `MlflowException` (docs/reference/serving.md §1.7 says
//! `MlflowException`; MLflow's source says otherwise, and Lakelab follows the source).
//! Returned endpoints are plain dicts: MLflow's `DatabricksEndpoint` is a dict subclass that
//! also allows attribute access (`ep.name`); Lakelab's dicts do not, so use `ep["name"]`.
//! Deprecation warnings print as `UserWarning: ...` lines.

use std::any::Any;
use std::rc::Rc;

use serde_json::{json, Value as Json};

use super::requests::raise_for_status;
use super::{bind_method, http, workspace_url, Methods};
use crate::notebook::call::{Bound, Sig};
use crate::notebook::error::{not_implemented, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::{from_json, json_text, module};
use crate::notebook::value::{Args, Object, Value};

/// `mlflow.deployments`.
pub fn module_value() -> Value {
    module(
        "mlflow.deployments",
        vec![(
            "get_deploy_client",
            Value::Native("get_deploy_client", get_deploy_client),
        )],
    )
}

fn mlflow_error(code: &str, message: impl Into<String>) -> PyErr {
    PyErr::new(ExcType::MlflowException(code.into()), message)
}

/// `get_deploy_client(target_uri=None)`. `databricks` (and `databricks://<profile>`) is the
/// notebook's workspace; MLflow's other built-in targets are not simulated; anything else is
/// MLflow's missing-plugin error.
fn get_deploy_client(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "get_deploy_client",
        params: &["target_uri="],
        is_method: false,
        display: "mlflow.deployments.get_deploy_client(target_uri: str | None = None) -> BaseDeploymentClient",
    }
    .bind(args)?;
    let Some(uri) = b.get("target_uri") else {
        return Err(mlflow_error(
            "INVALID_PARAMETER_VALUE",
            "No deployments target given: pass the target, e.g. get_deploy_client(\"databricks\") (Lakelab does not read MLFLOW_DEPLOYMENTS_TARGET)",
        ));
    };
    let uri = super::super::convert::string(uri, "get_deploy_client", "target_uri")?;
    let scheme = uri.split_once(':').map_or(uri.as_str(), |(s, _)| s);
    match scheme {
        "databricks" => Ok(Value::object(DeployClient { target: uri })),
        "http" | "https" | "openai" | "sagemaker" => Err(not_implemented(format!(
            "Lakelab simulates the \"databricks\" deployments target only, not \"{uri}\"; use get_deploy_client(\"databricks\")"
        ))),
        _ => Err(mlflow_error(
            "RESOURCE_DOES_NOT_EXIST",
            format!("No plugin found for managing model deployments to \"{uri}\". In order to deploy models to \"{uri}\", find and install an appropriate plugin from https://mlflow.org/docs/latest/plugins.html#community-plugins using your package manager (pip, conda etc)."),
        )),
    }
}

/// `DatabricksDeploymentClient`.
#[derive(Debug)]
struct DeployClient {
    target: String,
}

const METHODS: Methods = &[
    ("create_endpoint", &["name=", "config=", "route_optimized="], "DatabricksDeploymentClient.create_endpoint(name=None, config=None, route_optimized=False)"),
    ("update_endpoint", &["endpoint", "config="], "DatabricksDeploymentClient.update_endpoint(endpoint, config=None)"),
    ("update_endpoint_config", &["endpoint", "config"], "DatabricksDeploymentClient.update_endpoint_config(endpoint, config)"),
    ("update_endpoint_tags", &["endpoint", "config"], "DatabricksDeploymentClient.update_endpoint_tags(endpoint, config)"),
    ("get_endpoint", &["endpoint"], "DatabricksDeploymentClient.get_endpoint(endpoint)"),
    ("list_endpoints", &[], "DatabricksDeploymentClient.list_endpoints()"),
    ("delete_endpoint", &["endpoint"], "DatabricksDeploymentClient.delete_endpoint(endpoint)"),
    ("predict", &["deployment_name=", "inputs=", "endpoint="], "DatabricksDeploymentClient.predict(deployment_name=None, inputs=None, endpoint=None)"),
    ("create_deployment", &["name", "model_uri", "flavor=", "config=", "endpoint="], "DatabricksDeploymentClient.create_deployment(name, model_uri, flavor=None, config=None, endpoint=None)"),
    ("update_deployment", &["name", "model_uri=", "flavor=", "config=", "endpoint="], "DatabricksDeploymentClient.update_deployment(name, model_uri=None, flavor=None, config=None, endpoint=None)"),
    ("delete_deployment", &["name", "config=", "endpoint="], "DatabricksDeploymentClient.delete_deployment(name, config=None, endpoint=None)"),
    ("list_deployments", &["endpoint="], "DatabricksDeploymentClient.list_deployments(endpoint=None)"),
    ("get_deployment", &["name", "endpoint="], "DatabricksDeploymentClient.get_deployment(name, endpoint=None)"),
];

/// `_call_endpoint`: the call (the body as `requests` sends `json=`), then
/// `augmented_raise_for_status`, then the JSON body.
fn call(interp: &mut Interp, method: &str, path: &str, body: &Json) -> Result<Json, PyErr> {
    let text = json_text(&from_json(body), None, false, 0)?;
    send(interp, method, path, &text)
}

fn send(interp: &mut Interp, method: &str, path: &str, text: &str) -> Result<Json, PyErr> {
    let reply = http(interp, method, path, text);
    let url = format!("{}{path}", workspace_url());
    raise_for_status(reply.status, &url, &reply.body.to_string(), true)?;
    Ok(reply.body)
}

fn warn(interp: &mut Interp, text: &str) {
    interp.print(&format!("UserWarning: {text}\n"));
}

fn json_arg(b: &Bound, name: &str) -> Result<Json, PyErr> {
    match b.get(name) {
        None => Ok(Json::Null),
        Some(v) => super::super::client::to_json(v),
    }
}

fn endpoint_arg(b: &Bound, func: &str) -> Result<String, PyErr> {
    super::super::convert::string(&b.value("endpoint"), func, "endpoint")
}

/// `create_endpoint`'s payload: the full request in `config` (new style), or `name` plus the
/// endpoint config (deprecated style), with MLflow's checks and warnings.
fn create_payload(interp: &mut Interp, b: &Bound) -> Result<Json, PyErr> {
    let name = json_arg(b, "name")?;
    let config = json_arg(b, "config")?;
    let route_optimized = b.get("route_optimized").is_some_and(Value::truthy);
    if config.get("config").is_some() {
        let mut payload = config;
        match (payload.get("name").cloned(), &name) {
            (Some(inside), Json::Null) => drop(inside),
            (Some(inside), given) if inside == *given => warn(interp, "Passing 'name' as a parameter is deprecated. Please specify 'name' only within the config dictionary."),
            (Some(inside), given) => {
                let show = |v: &Json| v.as_str().map_or_else(|| v.to_string(), str::to_string);
                return Err(mlflow_error("INVALID_PARAMETER_VALUE", format!(
                    "Name mismatch. Found '{}' as parameter and '{}' in config. Please specify 'name' only within the config dictionary as this parameter is deprecated.",
                    show(given), show(&inside)
                )));
            }
            (None, Json::Null) => {
                return Err(mlflow_error(
                    "INVALID_PARAMETER_VALUE",
                    "The 'name' field is required. Please specify it within the config dictionary.",
                ))
            }
            (None, given) => {
                payload["name"] = given.clone();
                warn(interp, "Passing 'name' as a parameter is deprecated. Please specify 'name' within the config dictionary.");
            }
        }
        if route_optimized && payload.get("route_optimized").is_none() {
            payload["route_optimized"] = json!(true);
        }
        return Ok(payload);
    }
    warn(interp, "Passing 'name', 'config', and 'route_optimized' as separate parameters is deprecated. Please pass the full API request payload as a single dictionary in the 'config' parameter.");
    let mut config = if config.is_null() { json!({}) } else { config };
    let mut payload = json!({"name": name, "route_optimized": route_optimized});
    for key in ["tags", "rate_limits"] {
        if let Some(v) = config.as_object_mut().and_then(|c| c.remove(key)) {
            if !v.is_null() && v != json!([]) {
                payload[key] = v;
            }
        }
    }
    payload["config"] = config;
    Ok(payload)
}

impl Object for DeployClient {
    fn type_name(&self) -> &str {
        "DatabricksDeploymentClient"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        (name == "target_uri").then(|| Value::str(self.target.as_str()))
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
        let (method, b) = bind_method(METHODS, "DatabricksDeploymentClient", name, args)?;
        let base = "/api/2.0/serving-endpoints";
        let out = match method {
            "create_endpoint" => {
                let payload = create_payload(interp, &b)?;
                call(interp, "POST", base, &payload)?
            }
            "update_endpoint" | "update_endpoint_config" => {
                if method == "update_endpoint" {
                    warn(interp, "The `update_endpoint` method is deprecated. Use the specific update methods—`update_endpoint_config`, `update_endpoint_tags`, `update_endpoint_rate_limits`, `update_endpoint_ai_gateway`—instead.");
                }
                let endpoint = endpoint_arg(&b, method)?;
                call(interp, "PUT", &format!("{base}/{endpoint}/config"), &json_arg(&b, "config")?)?
            }
            "update_endpoint_tags" => {
                let endpoint = endpoint_arg(&b, method)?;
                call(interp, "PATCH", &format!("{base}/{endpoint}/tags"), &json_arg(&b, "config")?)?
            }
            "get_endpoint" => call(interp, "GET", &format!("{base}/{}", endpoint_arg(&b, method)?), &Json::Null)?,
            "list_endpoints" => {
                let all = call(interp, "GET", &format!("{base}/"), &Json::Null)?;
                all.get("endpoints").cloned().unwrap_or_else(|| json!([]))
            }
            "delete_endpoint" => call(interp, "DELETE", &format!("{base}/{}", endpoint_arg(&b, method)?), &Json::Null)?,
            "predict" => {
                let endpoint = endpoint_arg(&b, method)?;
                // The inputs dict as the cell wrote it (its key order kept).
                let text = json_text(&b.value("inputs"), None, false, 0)?;
                send(interp, "POST", &format!("/serving-endpoints/{endpoint}/invocations"), &text)?
            }
            _ => return Err(not_implemented("").with_note(format!(
                "DatabricksDeploymentClient.{method} is not implemented in MLflow: Databricks serves models through endpoints (create_endpoint, update_endpoint_config, predict)"
            ))),
        };
        Ok(from_json(&out))
    }
    fn repr(&self) -> String {
        format!(
            "<mlflow.deployments.databricks.DatabricksDeploymentClient object (target_uri='{}')>",
            self.target
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
