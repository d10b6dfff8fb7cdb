//! `log_model` and loading a model back from `runs:/<run_id>/<path>`.
//!
//! `log_model(model, artifact_path, signature=None, input_example=None)` writes, under the
//! run's `artifact_path` directory, the files a learner sees in MLflow's artifact browser:
//! `MLmodel` (the descriptor, YAML), `model.json` (the model; MLflow would pickle it),
//! `requirements.txt` and, when given, `input_example.json`. As MLflow does, a missing
//! signature is inferred from the input example (outputs by predicting on it).
//!
//! The run also records each model (path, flavor, signature, time) in its JSON so pages and
//! the registry find models without parsing YAML. `registered_model_name=` is the registry's
//! business: the notebook binding logs here, then registers (MLflow's order).
//!
//! Sandbox choices: the flavor written is `sklearn` with `serialization_format: lakelab-json`
//! (no pickle in a browser); `MLmodel` carries no `mlflow_version`, since no MLflow runs here.
//!
//! `fe.log_model` packages a model as Databricks does: the directory's `MLmodel` has only a
//! `python_function` flavor with `loader_module: databricks.feature_store.mlflow_model` and
//! `data: data/feature_store`; `data/feature_store/feature_spec.yaml` describes the lookups and
//! the raw model sits in `data/feature_store/raw_model/` with its own `MLmodel`. The run keeps
//! the feature spec as JSON too ([`LoggedModel::feature_spec`]) so scoring need not parse YAML.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::error::MlflowError;
use super::ids;
use super::store::Tracking;
use super::yaml;
use crate::models::{python_model, ModelInput, Predict, RunsUri, SavedModel, Signature};
use crate::time::utc_text;

/// A model logged to a run, as the run records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct LoggedModel {
    pub artifact_path: String,
    /// `type(model).__name__`, e.g. `LogisticRegression`.
    pub class_name: String,
    pub model_uuid: String,
    pub utc_time_created: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    pub has_input_example: bool,
    /// Set by `fe.log_model`: the feature spec (JSON of `features::training::FeatureSpec`,
    /// kept opaque here so tracking does not depend on the feature store).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature_spec: Option<Value>,
}

crate::flat_de::map_only!(LoggedModel);

/// What `fe.log_model` adds to a logged model.
#[derive(Debug, Clone, PartialEq)]
pub struct FeaturePackaging {
    /// The feature spec as JSON (see [`LoggedModel::feature_spec`]).
    pub spec: Value,
    /// `feature_spec.yaml`, as the learner reads it in the artifact browser.
    pub spec_yaml: String,
}

/// A custom model's file (JSON of [`python_model::PythonModel`], under MLflow's name).
pub const PYTHON_MODEL_FILE: &str = "python_model.pkl";

/// Where a packaged model keeps its raw model, relative to the model directory.
pub const RAW_MODEL_DIR: &str = "data/feature_store/raw_model";

impl LoggedModel {
    /// The model file, relative to the run's artifact root. A custom model's is named as
    /// MLflow names its pickle (its class name tells it apart; no estimator is called so).
    fn model_file(&self) -> String {
        match self.feature_spec {
            Some(_) => format!("{}/{RAW_MODEL_DIR}/model.json", self.artifact_path),
            None if self.class_name == python_model::CLASS_NAME => {
                format!("{}/{PYTHON_MODEL_FILE}", self.artifact_path)
            }
            None => format!("{}/model.json", self.artifact_path),
        }
    }
}

/// What `log_model` returns (MLflow's `ModelInfo`).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelInfo {
    pub model_uri: String,
    pub run_id: String,
    pub artifact_path: String,
    pub model_uuid: String,
    pub signature: Option<Signature>,
    pub utc_time_created: String,
}

/// A model loaded from a run, ready to predict.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedModel {
    pub model: SavedModel,
    pub signature: Option<Signature>,
    pub model_uri: String,
    /// The feature spec of a model logged with `fe.log_model`.
    pub feature_spec: Option<Value>,
}

impl LoadedModel {
    /// `pyfunc_model.predict(df)`: the signature is enforced first, as MLflow does.
    pub fn predict(&self, input: &ModelInput) -> Result<Vec<Value>, MlflowError> {
        if let Some(signature) = &self.signature {
            signature.check(input).map_err(MlflowError::invalid)?;
        }
        self.model.predict(input).map_err(MlflowError::invalid)
    }
}

/// A custom model's flavor: `python_function` only, loaded by `mlflow.pyfunc.model` from
/// `python_model.pkl`, with its artifacts, as MLflow writes it.
fn python_model_flavor(model: &python_model::PythonModel) -> Value {
    let mut flavor = json!({
        "code": Value::Null,
        "loader_module": "mlflow.pyfunc.model",
        "python_model": PYTHON_MODEL_FILE,
    });
    if !model.artifacts.is_empty() {
        let artifacts: serde_json::Map<String, Value> = model
            .artifacts
            .iter()
            .map(|a| (a.name.clone(), json!({"path": a.path, "uri": a.uri})))
            .collect();
        flavor["artifacts"] = Value::Object(artifacts);
    }
    json!({ "python_function": flavor })
}

/// The text of `MLmodel` for a model; `packaged` gives the outer descriptor of a model
/// logged with `fe.log_model`; `spark` writes the `spark` flavor (`mlflow.spark.log_model`).
fn mlmodel_text(
    run_id: &str,
    logged: &LoggedModel,
    size: usize,
    packaged: bool,
    model: &SavedModel,
) -> String {
    let spark = matches!(model, SavedModel::Spark(_));
    let flavors = if let (SavedModel::PythonModel(m), false) = (model, packaged) {
        python_model_flavor(m)
    } else if spark && !packaged {
        json!({
            "python_function": {
                "data": "model.json",
                "loader_module": "mlflow.spark",
            },
            "spark": {
                "code": Value::Null,
                "model_class": logged.class_name,
                "model_data": "model.json",
                "serialization_format": "lakelab-json",
            },
        })
    } else if packaged {
        json!({
            "python_function": {
                "data": "data/feature_store",
                "loader_module": "databricks.feature_store.mlflow_model",
            },
        })
    } else {
        json!({
            "python_function": {
                "loader_module": "mlflow.sklearn",
                "model_path": "model.json",
                "predict_fn": "predict",
            },
            "sklearn": {
                "code": Value::Null,
                "pickled_model": "model.json",
                "serialization_format": "lakelab-json",
                "estimator_class": logged.class_name,
            },
        })
    };
    let mut doc = json!({
        "artifact_path": logged.artifact_path,
        "flavors": flavors,
        "model_size_bytes": size,
        "model_uuid": logged.model_uuid,
        "run_id": run_id,
        "utc_time_created": logged.utc_time_created,
    });
    if let Some(signature) = &logged.signature {
        doc["signature"] = signature.to_mlmodel();
    }
    if logged.has_input_example {
        doc["saved_input_example_info"] = json!({
            "artifact_path": "input_example.json",
            "pandas_orient": "split",
            "type": "dataframe",
        });
    }
    yaml::to_yaml(&doc)
}

impl Tracking {
    /// `mlflow.<flavor>.log_model(model, artifact_path, signature=None, input_example=None)`.
    pub fn log_model(
        &mut self,
        run_id: &str,
        model: &SavedModel,
        artifact_path: &str,
        signature: Option<Signature>,
        input_example: Option<&ModelInput>,
        now_ms: i64,
    ) -> Result<ModelInfo, MlflowError> {
        self.log_packaged_model(
            run_id,
            model,
            artifact_path,
            signature,
            input_example,
            None,
            now_ms,
        )
    }

    /// `log_model`, optionally packaged with a feature spec (`fe.log_model`).
    #[allow(clippy::too_many_arguments)]
    pub fn log_packaged_model(
        &mut self,
        run_id: &str,
        model: &SavedModel,
        artifact_path: &str,
        signature: Option<Signature>,
        input_example: Option<&ModelInput>,
        packaging: Option<FeaturePackaging>,
        now_ms: i64,
    ) -> Result<ModelInfo, MlflowError> {
        super::artifacts::validate_artifact_path(artifact_path)?;
        self.active_run_mut(run_id)?;
        if let Some(example) = input_example {
            example.validate().map_err(MlflowError::invalid)?;
        }
        let signature = match (signature, input_example) {
            (Some(s), _) => Some(s),
            (None, Some(example)) => {
                let output = model.predict(example).ok();
                Some(Signature::infer(example, output.as_deref()))
            }
            (None, None) => None,
        };
        let logged = LoggedModel {
            artifact_path: artifact_path.into(),
            class_name: model.class_name().into(),
            model_uuid: ids::derived_id(&format!("{run_id}/{artifact_path}/{now_ms}")),
            utc_time_created: utc_text(now_ms),
            signature: signature.clone(),
            has_input_example: input_example.is_some(),
            feature_spec: packaging.as_ref().map(|p| p.spec.clone()),
        };
        let body = crate::models::json::to_text(model, true)
            .map_err(|e| MlflowError::invalid(format!("cannot save the model: {e}")))?;
        let mut requirements =
            "# Lakelab sandbox model: saved as JSON, loadable without Python packages.\n"
                .to_string();
        if let Some(p) = &packaging {
            let raw_dir = format!("{artifact_path}/{RAW_MODEL_DIR}");
            let raw = LoggedModel {
                artifact_path: RAW_MODEL_DIR.into(),
                feature_spec: None,
                ..logged.clone()
            };
            self.log_text(
                run_id,
                &mlmodel_text(run_id, &raw, body.len(), false, model),
                &format!("{raw_dir}/MLmodel"),
            )?;
            self.log_text(
                run_id,
                &p.spec_yaml,
                &format!("{artifact_path}/data/feature_store/feature_spec.yaml"),
            )?;
            requirements.push_str("databricks-feature-lookup==1.*\n");
        }
        let mlmodel = mlmodel_text(run_id, &logged, body.len(), packaging.is_some(), model);
        self.log_text(run_id, &mlmodel, &format!("{artifact_path}/MLmodel"))?;
        let model_file = logged.model_file();
        let (dir, file) = model_file.rsplit_once('/').unwrap_or(("", "model.json"));
        self.log_artifact(run_id, file, body, Some(dir))?;
        if let SavedModel::PythonModel(m) = model {
            for f in m.artifacts.iter().flat_map(|a| &a.files) {
                let path = format!("{artifact_path}/{}", f.path);
                let (dir, name) = path.rsplit_once('/').unwrap_or(("", &path));
                self.log_artifact(run_id, name, f.bytes(), Some(dir))?;
            }
        }
        self.log_text(
            run_id,
            &requirements,
            &format!("{artifact_path}/requirements.txt"),
        )?;
        if let Some(example) = input_example {
            let text =
                serde_json::to_string(example).map_err(|e| MlflowError::invalid(e.to_string()))?;
            self.log_text(
                run_id,
                &text,
                &format!("{artifact_path}/input_example.json"),
            )?;
        }
        let run = self.active_run_mut(run_id)?;
        run.logged_models
            .retain(|m| m.artifact_path != artifact_path);
        run.logged_models.push(logged.clone());
        Ok(ModelInfo {
            model_uri: RunsUri::format(run_id, artifact_path),
            run_id: run_id.into(),
            artifact_path: artifact_path.into(),
            model_uuid: logged.model_uuid,
            signature,
            utc_time_created: logged.utc_time_created,
        })
    }

    /// The models logged to a run.
    /// The run and path of an artifact URI under a run's `artifact_uri`.
    pub fn artifact_location(&self, uri: &str) -> Option<RunsUri> {
        self.runs.values().find_map(|run| {
            let rest = uri.strip_prefix(run.info.artifact_uri.as_str())?;
            let path = rest.strip_prefix('/')?.trim_end_matches('/');
            (!path.is_empty()).then(|| RunsUri {
                run_id: run.info.run_id.clone(),
                path: path.to_string(),
            })
        })
    }

    pub fn logged_models(&self, run_id: &str) -> Result<&[LoggedModel], MlflowError> {
        Ok(&self.stored_run(run_id)?.logged_models)
    }

    /// `mlflow.pyfunc.load_model("runs:/<run_id>/<path>")`.
    /// Also takes a run's artifact location (`<artifact_uri>/model`, what AutoML's
    /// `TrialInfo.model_path` holds), as MLflow loads from any artifact URI.
    pub fn load_model(&self, model_uri: &str) -> Result<LoadedModel, MlflowError> {
        let uri = match RunsUri::parse(model_uri) {
            Ok(uri) => uri,
            Err(e) => self
                .artifact_location(model_uri)
                .ok_or_else(|| MlflowError::invalid(e))?,
        };
        let run = self.stored_run(&uri.run_id)?;
        let logged = run
            .logged_models
            .iter()
            .find(|m| m.artifact_path == uri.path)
            .ok_or_else(|| {
                MlflowError::missing(format!(
                    "Could not find an \"MLmodel\" configuration file at \"{}\"",
                    uri.path
                ))
            })?;
        let bytes = self.artifact_bytes(&uri.run_id, &logged.model_file())?;
        let model: SavedModel = crate::models::json::from_text(bytes)
            .map_err(|e| MlflowError::invalid(format!("the saved model cannot be read: {e}")))?;
        Ok(LoadedModel {
            model,
            signature: logged.signature.clone(),
            model_uri: model_uri.into(),
            feature_spec: logged.feature_spec.clone(),
        })
    }
}
