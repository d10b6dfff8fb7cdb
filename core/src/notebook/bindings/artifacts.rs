//! `mlflow.artifacts`: `download_artifacts`, `load_text`, `load_dict`, for `runs:/` URIs.

use super::client::download;
use super::convert;
use crate::models::RunsUri;
use crate::notebook::call::Sig;
use crate::notebook::error::{not_implemented, value_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::{from_json, module};
use crate::notebook::value::{Args, NativeFn, Value};

pub fn module_value() -> Value {
    let fns: &[(&'static str, NativeFn)] = &[
        ("download_artifacts", download_artifacts),
        ("load_text", load_text),
        ("load_dict", load_dict),
    ];
    module(
        "mlflow.artifacts",
        fns.iter()
            .map(|(n, f)| (*n, Value::Native(n, *f)))
            .collect(),
    )
}

fn runs_uri(uri: &str) -> Result<RunsUri, PyErr> {
    if !uri.starts_with("runs:/") {
        return Err(not_implemented(format!(
            "only runs:/ artifact URIs are available in Lakelab for now (got '{uri}')"
        )));
    }
    RunsUri::parse(uri).map_err(|m| {
        PyErr::new(
            ExcType::MlflowException("INVALID_PARAMETER_VALUE".into()),
            m,
        )
    })
}

fn download_artifacts(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "download_artifacts",
        params: &["artifact_uri=", "run_id=", "artifact_path=", "dst_path=", "tracking_uri="],
        is_method: false,
        display: "mlflow.artifacts.download_artifacts(artifact_uri=None, run_id=None, artifact_path=None, dst_path=None, tracking_uri=None) -> str",
    }
    .bind(args)?;
    let dst = convert::opt_string(b.get("dst_path"), "download_artifacts", "dst_path")?;
    let (run, path) = match (b.get("artifact_uri"), b.get("run_id")) {
        (Some(uri), None) => {
            let u = runs_uri(&uri.to_str())?;
            (u.run_id, u.path)
        }
        (None, Some(run)) => (
            convert::id(run, "download_artifacts", "run_id")?,
            b.get("artifact_path")
                .map(Value::to_str)
                .unwrap_or_default(),
        ),
        _ => {
            return Err(PyErr::new(
                ExcType::MlflowException("INVALID_PARAMETER_VALUE".into()),
                "Exactly one of `artifact_uri` or `run_id` must be specified.",
            ))
        }
    };
    Ok(Value::str(download(interp, &run, &path, dst.as_deref())?))
}

fn artifact_text(interp: &mut Interp, args: Args, name: &'static str) -> Result<String, PyErr> {
    let b = Sig {
        name,
        params: &["artifact_uri"],
        is_method: false,
        display: if name == "load_text" {
            "mlflow.artifacts.load_text(artifact_uri: str) -> str"
        } else {
            "mlflow.artifacts.load_dict(artifact_uri: str) -> dict"
        },
    }
    .bind(args)?;
    let u = runs_uri(&b.value("artifact_uri").to_str())?;
    let bytes = interp.ws.tracking.artifact_bytes(&u.run_id, &u.path)?;
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

fn load_text(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Ok(Value::str(artifact_text(interp, args, "load_text")?))
}

fn load_dict(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let text = artifact_text(interp, args, "load_dict")?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| value_error(format!("the artifact is not JSON: {e}")))?;
    Ok(from_json(&value))
}
