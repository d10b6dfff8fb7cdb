//! Model Serving in cells: MLflow's deployments client (`mlflow.deployments`), the
//! Databricks SDK's `w.serving_endpoints` with its dataclasses and errors, and `requests`
//! against the workspace's own URL. All three call [`crate::Workspace::serving_http`], so
//! they see the same endpoints and answer with the same REST bodies.
//!
//! The workspace's host is [`WORKSPACE_HOST`]; cells read it as Databricks notebooks do,
//! with `spark.conf.get("spark.databricks.workspaceUrl")` (no scheme, as the docs' snippet
//! `f"https://{host}/serving-endpoints/..."` expects). The sandbox is offline: any other URL
//! raises `requests.exceptions.ConnectionError`.

pub mod deploy;
pub mod requests;
pub mod sdk;
pub mod sdk_types;

use crate::notebook::call::{Bound, Sig};
use crate::notebook::error::{attribute_error, library, PyErr, REQUESTS, SDK_ERRORS};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::Args;
use crate::notebook::value::Value;
use crate::serving::rest::HttpReply;

/// A client's methods: name, [`Sig`] parameters, and the signature as the docs show it.
pub type Methods = &'static [(&'static str, &'static [&'static str], &'static str)];

/// Finds method `name` of `type_name` in `methods` and binds `args` to its parameters.
pub fn bind_method(
    methods: Methods,
    type_name: &str,
    name: &str,
    args: Args,
) -> Result<(&'static str, Bound), PyErr> {
    let Some(&(method, params, display)) = methods.iter().find(|(n, _, _)| *n == name) else {
        return Err(attribute_error(type_name, name));
    };
    let bound = Sig {
        name: method,
        params,
        is_method: true,
        display,
    }
    .bind(args)?;
    Ok((method, bound))
}

/// The simulated workspace's host name (a made-up one: nothing leaves the browser).
pub const WORKSPACE_HOST: &str = "lakelab.cloud.databricks.com";

/// `https://<host>`.
pub fn workspace_url() -> String {
    format!("https://{WORKSPACE_HOST}")
}

/// One call to the workspace's serving API, as the notebook's user, timed by its clock.
pub fn http(interp: &mut Interp, method: &str, path: &str, body: &str) -> HttpReply {
    let now = interp.now_ms();
    let user = interp.env.user.clone();
    let clock = &mut interp.env.clock;
    let mut timer = || (*clock)() as f64;
    interp
        .ws
        .serving_http(method, path, body, &user, now, &mut timer)
}

/// A library exception class as a value.
fn class(module_name: &str, name: &str) -> Value {
    library(module_name, name).map_or(Value::None, Value::ExcClass)
}

/// `databricks.sdk.errors`: the SDK's error classes.
pub fn sdk_errors_module() -> Value {
    let names = [
        "DatabricksError",
        "BadRequest",
        "Unauthenticated",
        "PermissionDenied",
        "NotFound",
        "ResourceConflict",
        "TooManyRequests",
        "InternalError",
        "NotImplemented",
        "InvalidParameterValue",
        "ResourceDoesNotExist",
        "ResourceAlreadyExists",
        "AlreadyExists",
        "Aborted",
        "OperationFailed",
        "OperationTimeout",
    ];
    module(
        SDK_ERRORS,
        names.iter().map(|n| (*n, class(SDK_ERRORS, n))).collect(),
    )
}

/// `requests.exceptions`.
pub fn requests_exceptions_module() -> Value {
    module(
        REQUESTS,
        [
            "RequestException",
            "HTTPError",
            "ConnectionError",
            "Timeout",
        ]
        .iter()
        .map(|n| (*n, class(REQUESTS, n)))
        .collect(),
    )
}

/// The modules bound here, by import name.
pub fn import(name: &str) -> Option<Value> {
    Some(match name {
        "mlflow.deployments" => deploy::module_value(),
        "databricks.sdk" => sdk::module_value(),
        "databricks.sdk.service" => module(
            "databricks.sdk.service",
            vec![("serving", sdk_types::module_value())],
        ),
        "databricks.sdk.service.serving" => sdk_types::module_value(),
        "databricks.sdk.errors" => sdk_errors_module(),
        "requests" => requests::module_value(),
        "requests.exceptions" => requests_exceptions_module(),
        _ => return None,
    })
}

/// A `PyErr` of a library class.
pub fn library_error(
    module_name: &'static str,
    name: &'static str,
    detail: String,
    message: impl Into<String>,
) -> PyErr {
    PyErr::new(
        crate::notebook::error::ExcType::Library {
            module: module_name,
            name,
            detail,
        },
        message,
    )
}

/// An endpoint's inference table by its full name (`catalog.schema.<prefix>_payload`), as
/// `spark.table` reads it; `None` when no endpoint logs to that name.
pub fn inference_table(interp: &Interp, full_name: &str) -> Option<crate::table::Table> {
    let serving = &interp.ws.serving;
    serving
        .payload_table_owner(full_name)
        .and_then(|e| serving.payload_table(e))
}
