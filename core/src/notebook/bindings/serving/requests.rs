//! `requests` against the workspace: `requests.post(url, json=... | data=..., headers=...)`
//! (and `get`, `put`, `patch`, `delete`, `request`) answer for this workspace's serving URLs
//! (`https://<host>/serving-endpoints/<name>/invocations`, `/api/2.0/serving-endpoints...`)
//! with a `Response` (`status_code`, `ok`, `text`, `json()`, `raise_for_status()`,
//! `headers`, `url`). Every other URL raises `requests.exceptions.ConnectionError`: the
//! sandbox is offline.
//!
//! Lakelab's choices: the `Authorization` token is not checked (cells cannot get a real
//! one); invocation bodies are written as MLflow's scoring server writes them (Python's
//! `json.dumps` spacing), management bodies compactly.

use std::any::Any;
use std::rc::Rc;

use serde_json::{json, Value as Json};

use super::{http, library_error, WORKSPACE_HOST};
use crate::notebook::error::{attribute_error, not_implemented, type_error, PyErr, REQUESTS};
use crate::notebook::interp::Interp;
use crate::notebook::modules::{from_json, json_text, module};
use crate::notebook::value::{Args, Dict, Object, Value};

/// `requests`.
pub fn module_value() -> Value {
    let mut attrs: Vec<(&str, Value)> = vec![
        ("request", Value::Native("request", request)),
        ("get", Value::Native("get", |i, a| verb(i, "GET", a))),
        ("post", Value::Native("post", |i, a| verb(i, "POST", a))),
        ("put", Value::Native("put", |i, a| verb(i, "PUT", a))),
        ("patch", Value::Native("patch", |i, a| verb(i, "PATCH", a))),
        (
            "delete",
            Value::Native("delete", |i, a| verb(i, "DELETE", a)),
        ),
        ("exceptions", super::requests_exceptions_module()),
    ];
    if let Value::Module(m) = super::requests_exceptions_module() {
        for name in [
            "RequestException",
            "HTTPError",
            "ConnectionError",
            "Timeout",
        ] {
            if let Some(v) = m.attrs.get(name) {
                attrs.push((name, v.clone()));
            }
        }
    }
    module("requests", attrs)
}

/// The reason phrase of a status (`http.HTTPStatus`).
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// `Response.raise_for_status()`: `HTTPError("<status> Client Error: <reason> for url: <url>")`;
/// `augmented` adds MLflow's `. Response text: <body>`.
pub fn raise_for_status(status: u16, url: &str, text: &str, augmented: bool) -> Result<(), PyErr> {
    let side = match status {
        400..=499 => "Client",
        500..=599 => "Server",
        _ => return Ok(()),
    };
    let mut message = format!("{status} {side} Error: {} for url: {url}", reason(status));
    if augmented && !text.is_empty() {
        message.push_str(&format!(". Response text: {text}"));
    }
    let detail = json!({"status": status, "url": url, "text": text}).to_string();
    Err(library_error(REQUESTS, "HTTPError", detail, message))
}

/// `e.response` of an `HTTPError` raised here (`None` when it carries none).
pub fn response_of(detail: &str) -> Value {
    let Ok(d) = serde_json::from_str::<Json>(detail) else {
        return Value::None;
    };
    Value::object(ResponseObj {
        status: d["status"].as_u64().unwrap_or(0) as u16,
        url: d["url"].as_str().unwrap_or_default().to_string(),
        text: d["text"].as_str().unwrap_or_default().to_string(),
        served_model_name: None,
    })
}

fn request(interp: &mut Interp, mut args: Args) -> Result<Value, PyErr> {
    if args.positional.is_empty() {
        let method = args
            .keywords
            .iter()
            .position(|(k, _)| k == "method")
            .map(|i| args.keywords.remove(i).1)
            .ok_or_else(|| {
                type_error("request() missing 2 required positional arguments: 'method' and 'url'")
            })?;
        args.positional.push(method);
    }
    let method = args.positional.remove(0).to_str().to_ascii_uppercase();
    send(interp, &method, args, "request")
}

fn verb(interp: &mut Interp, method: &str, args: Args) -> Result<Value, PyErr> {
    let func = method.to_ascii_lowercase();
    send(interp, method, args, &func)
}

/// The URL's path when it is this workspace's (`https://<host>/...`).
fn workspace_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://")?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.strip_suffix(":443").unwrap_or(host);
    host.eq_ignore_ascii_case(WORKSPACE_HOST)
        .then(|| format!("/{path}"))
}

fn send(interp: &mut Interp, method: &str, args: Args, func: &str) -> Result<Value, PyErr> {
    let Args {
        positional,
        keywords,
    } = args;
    let mut url = positional.first().cloned();
    let mut data = positional.get(1).cloned();
    let mut json_body = None;
    for (k, v) in keywords {
        match k.as_str() {
            "url" => url = Some(v),
            "data" => data = Some(v),
            "json" => json_body = Some(v),
            "params" | "headers" | "cookies" | "files" | "auth" | "timeout" | "allow_redirects"
            | "proxies" | "hooks" | "stream" | "verify" | "cert" => {}
            other => {
                return Err(type_error(format!(
                    "{func}() got an unexpected keyword argument '{other}'"
                )))
            }
        }
    }
    let url = url
        .ok_or_else(|| {
            type_error(format!(
                "{func}() missing 1 required positional argument: 'url'"
            ))
        })?
        .to_str();
    let body = match (data.filter(|d| !matches!(d, Value::None)), json_body.filter(|j| !matches!(j, Value::None))) {
        (Some(Value::Str(s)), _) => s.to_string(),
        (Some(other), _) => {
            return Err(not_implemented(format!(
                "data= of type {} (a form-encoded body) is not simulated; send JSON with json=payload or data=json.dumps(payload)",
                other.type_name()
            )))
        }
        (None, Some(j)) => json_text(&j, None, false, 0)?,
        (None, None) => String::new(),
    };
    let Some(path) = workspace_path(&url) else {
        let (host, rest) = url.split_once("://").map_or((url.as_str(), ""), |(_, r)| {
            r.split_once('/').unwrap_or((r, ""))
        });
        return Err(library_error(
            REQUESTS,
            "ConnectionError",
            String::new(),
            format!("HTTPSConnectionPool(host='{host}', port=443): Max retries exceeded with url: /{rest} (Lakelab's sandbox is offline: only this workspace's URLs, https://{WORKSPACE_HOST}/serving-endpoints/<name>/invocations and https://{WORKSPACE_HOST}/api/2.0/serving-endpoints..., answer)"),
        ));
    };
    let reply = http(interp, method, &path, &body);
    let text = if path.starts_with("/serving-endpoints/") {
        json_text(&from_json(&reply.body), None, false, 0)?
    } else {
        reply.body.to_string()
    };
    Ok(Value::object(ResponseObj {
        status: reply.status,
        url,
        text,
        served_model_name: reply.served_model_name,
    }))
}

/// `requests.Response`.
#[derive(Debug)]
struct ResponseObj {
    status: u16,
    url: String,
    text: String,
    served_model_name: Option<String>,
}

impl Object for ResponseObj {
    fn type_name(&self) -> &str {
        "Response"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(match name {
            "status_code" => Value::Int(i64::from(self.status)),
            "ok" => Value::Bool(self.status < 400),
            "text" => Value::str(self.text.as_str()),
            "content" => Value::str(self.text.as_str()),
            "url" => Value::str(self.url.as_str()),
            "reason" => Value::str(reason(self.status)),
            "headers" => {
                let mut pairs = vec![("Content-Type", Value::str("application/json"))];
                if let Some(s) = &self.served_model_name {
                    pairs.push(("served-model-name", Value::str(s.as_str())));
                }
                Value::dict(Dict::from_pairs(pairs))
            }
            _ => return None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "json" | "raise_for_status")
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, _: Args) -> Result<Value, PyErr> {
        match name {
            "json" => serde_json::from_str::<Json>(&self.text)
                .map(|v| from_json(&v))
                .map_err(|e| {
                    library_error(REQUESTS, "RequestException", String::new(), e.to_string())
                }),
            "raise_for_status" => {
                raise_for_status(self.status, &self.url, &self.text, false)?;
                Ok(Value::None)
            }
            other => Err(attribute_error("Response", other)),
        }
    }
    fn repr(&self) -> String {
        format!("<Response [{}]>", self.status)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
