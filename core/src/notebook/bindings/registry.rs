//! The model registry in cells: `mlflow.register_model`, `mlflow.set_registry_uri`, the
//! `MlflowClient` registry methods, and the `RegisteredModel` / `ModelVersion` entities.
//! Which registry a call reaches follows `mlflow.set_registry_uri` (Unity Catalog by default)
//! or the client's own `registry_uri=`.

use std::any::Any;

use super::convert;
use crate::notebook::call::{Bound, Sig};
use crate::notebook::error::{type_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Dict, Object, Value};
use crate::registry::{ModelVersion, RegisteredModel, RegistryKind};

/// One attribute of an entity's fields.
fn field(fields: Vec<(&'static str, Value)>, name: &str) -> Option<Value> {
    fields.into_iter().find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// MLflow's entity repr: `<Class: a=1, b='x'>`, fields sorted by name.
fn entity_repr(class: &str, fields: &[(&'static str, Value)]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", v.repr()))
        .collect();
    format!("<{class}: {}>", parts.join(", "))
}

/// `<ModelVersion: aliases=[...], ...>` fields, sorted by name as MLflow's repr sorts them.
#[derive(Debug, Clone)]
pub struct ModelVersionObj {
    pub name: String,
    pub version: ModelVersion,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct RegisteredModelObj(pub RegisteredModel);

fn str_or_none(s: &str) -> Value {
    if s.is_empty() {
        Value::None
    } else {
        Value::str(s)
    }
}

fn tags_dict(tags: &std::collections::BTreeMap<String, String>) -> Value {
    Value::dict(Dict::from_pairs(
        tags.iter()
            .map(|(k, v)| (k.as_str(), Value::str(v.as_str()))),
    ))
}

impl ModelVersionObj {
    pub fn new(name: &str, version: &ModelVersion, model: Option<&RegisteredModel>) -> Self {
        ModelVersionObj {
            name: name.to_string(),
            version: version.clone(),
            aliases: model
                .map(|m| m.aliases_of(version.version))
                .unwrap_or_default(),
        }
    }

    fn fields(&self) -> Vec<(&'static str, Value)> {
        let v = &self.version;
        vec![
            (
                "aliases",
                Value::list(
                    self.aliases
                        .iter()
                        .map(|a| Value::str(a.as_str()))
                        .collect(),
                ),
            ),
            ("creation_timestamp", Value::Int(v.creation_timestamp)),
            (
                "current_stage",
                v.current_stage.as_deref().map_or(Value::None, Value::str),
            ),
            ("description", str_or_none(&v.description)),
            (
                "last_updated_timestamp",
                Value::Int(v.last_updated_timestamp),
            ),
            ("name", Value::str(self.name.as_str())),
            ("run_id", Value::str(v.run_id.as_str())),
            ("run_link", Value::None),
            ("source", Value::str(v.source.as_str())),
            ("status", Value::str(v.status.as_str())),
            ("status_message", Value::None),
            ("tags", tags_dict(&v.tags)),
            ("user_id", Value::str(v.user_id.as_str())),
            ("version", Value::str(v.version.to_string())),
        ]
    }
}

impl Object for ModelVersionObj {
    fn type_name(&self) -> &str {
        "ModelVersion"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        field(self.fields(), name)
    }
    fn repr(&self) -> String {
        entity_repr("ModelVersion", &self.fields())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl RegisteredModelObj {
    fn fields(&self) -> Vec<(&'static str, Value)> {
        let m = &self.0;
        vec![
            (
                "aliases",
                Value::dict(Dict::from_pairs(
                    m.aliases
                        .iter()
                        .map(|(a, v)| (a.as_str(), Value::str(v.to_string()))),
                )),
            ),
            ("creation_timestamp", Value::Int(m.creation_timestamp)),
            ("description", str_or_none(&m.description)),
            (
                "last_updated_timestamp",
                Value::Int(m.last_updated_timestamp),
            ),
            ("latest_versions", Value::list(Vec::new())),
            ("name", Value::str(m.name.as_str())),
            ("tags", tags_dict(&m.tags)),
        ]
    }
}

impl Object for RegisteredModelObj {
    fn type_name(&self) -> &str {
        "RegisteredModel"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        field(self.fields(), name)
    }
    fn repr(&self) -> String {
        entity_repr("RegisteredModel", &self.fields())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The registry a URI names, or MLflow's error for an unknown one.
pub fn kind_of(uri: &str) -> Result<RegistryKind, PyErr> {
    RegistryKind::from_uri(uri).ok_or_else(|| {
        PyErr::new(
            crate::notebook::error::ExcType::MlflowException("INVALID_PARAMETER_VALUE".into()),
            format!("Lakelab offers the registries 'databricks-uc' (Unity Catalog, the default) and 'databricks' (the legacy workspace registry), not '{uri}'"),
        )
    })
}

/// `mlflow.set_registry_uri(uri)`.
pub fn set_registry_uri(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "set_registry_uri",
        params: &["uri"],
        is_method: false,
        display: "set_registry_uri(uri: str) -> None",
    }
    .bind(args)?;
    let uri = convert::string(&b.value("uri"), "set_registry_uri", "uri")?;
    interp.session.registry = kind_of(&uri)?;
    Ok(Value::None)
}

/// `mlflow.get_registry_uri()`.
pub fn get_registry_uri(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Sig {
        name: "get_registry_uri",
        params: &[],
        is_method: false,
        display: "get_registry_uri() -> str",
    }
    .bind(args)?;
    Ok(Value::str(interp.session.registry.uri()))
}

/// Registers `model_uri` under `name`, printing what MLflow prints; returns the version.
pub fn register(
    interp: &mut Interp,
    kind: RegistryKind,
    model_uri: &str,
    name: &str,
    tags: &[(String, String)],
) -> Result<Value, PyErr> {
    let now = interp.now_ms();
    let user = interp.env.user.clone();
    let key = interp.ws.unity.model_key(kind, name)?;
    let existed = match kind {
        RegistryKind::Uc => interp.ws.unity.models.contains_key(&key),
        RegistryKind::Workspace => interp.ws.unity.workspace_models.contains_key(&key),
    };
    if existed {
        interp.print(&format!(
            "Registered model '{key}' already exists. Creating a new version of this model...\n"
        ));
    } else {
        interp
            .ws
            .unity
            .create_registered_model(kind, &key, &[], "", now)?;
        interp.print(&format!("Successfully registered model '{key}'.\n"));
    }
    let ws = &mut *interp.ws;
    let version =
        ws.unity
            .create_version_from_run(kind, &ws.tracking, model_uri, &key, &user, now)?;
    for (k, v) in tags {
        ws.unity.set_version_tag(
            kind,
            &key,
            &version.version.to_string(),
            k,
            Some(Some(v)),
            now,
        )?;
    }
    interp.print(&format!(
        "Created version '{}' of model '{key}'.\n",
        version.version
    ));
    let u = &interp.ws.unity;
    let model = match kind {
        RegistryKind::Uc => u.models.get(&key),
        RegistryKind::Workspace => u.workspace_models.get(&key),
    };
    let version = model
        .and_then(|m| m.version(version.version))
        .cloned()
        .unwrap_or(version);
    Ok(Value::object(ModelVersionObj::new(&key, &version, model)))
}

/// `mlflow.register_model(model_uri, name, await_registration_for=300, *, tags=None)`.
pub fn register_model(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "register_model",
        params: &["model_uri", "name", "await_registration_for=", "*", "tags="],
        is_method: false,
        display: "register_model(model_uri, name, await_registration_for=300, *, tags: Optional[dict[str, Any]] = None) -> ModelVersion",
    }
    .bind(args)?;
    let uri = convert::string(&b.value("model_uri"), "register_model", "model_uri")?;
    let name = convert::string(&b.value("name"), "register_model", "name")?;
    let tags = convert::string_pairs(&b.value("tags"), "register_model", "tags")?;
    let kind = interp.session.registry;
    register(interp, kind, &uri, &name, &tags)
}

/// The registry methods of `MlflowClient`: name, parameters, signature shown in notes.
pub const METHODS: &[(&str, &str, &[&str], &str)] = &[
    ("create_registered_model", "MlflowClient.create_registered_model", &["name", "tags=", "description=", "deployment_job_id="], "MlflowClient.create_registered_model(name: str, tags: dict[str, Any] | None = None, description: str | None = None) -> RegisteredModel"),
    ("rename_registered_model", "MlflowClient.rename_registered_model", &["name", "new_name"], "MlflowClient.rename_registered_model(name: str, new_name: str) -> RegisteredModel"),
    ("create_model_version", "MlflowClient.create_model_version", &["name", "source", "run_id=", "tags=", "run_link=", "description=", "await_creation_for=", "local_model_path="], "MlflowClient.create_model_version(name: str, source: str, run_id: str | None = None, tags: dict[str, Any] | None = None, run_link: str | None = None, description: str | None = None, await_creation_for: int = 300) -> ModelVersion"),
    ("copy_model_version", "MlflowClient.copy_model_version", &["src_model_uri", "dst_name"], "MlflowClient.copy_model_version(src_model_uri: str, dst_name: str) -> ModelVersion"),
    ("get_registered_model", "MlflowClient.get_registered_model", &["name"], "MlflowClient.get_registered_model(name: str) -> RegisteredModel"),
    ("update_registered_model", "MlflowClient.update_registered_model", &["name", "description="], "MlflowClient.update_registered_model(name: str, description: str | None = None) -> RegisteredModel"),
    ("delete_registered_model", "MlflowClient.delete_registered_model", &["name"], "MlflowClient.delete_registered_model(name: str)"),
    ("search_registered_models", "MlflowClient.search_registered_models", &["filter_string=", "max_results=", "order_by=", "page_token="], "MlflowClient.search_registered_models(filter_string: str | None = None, max_results: int = 100, order_by: list[str] | None = None, page_token: str | None = None) -> PagedList[RegisteredModel]"),
    ("get_model_version", "MlflowClient.get_model_version", &["name", "version"], "MlflowClient.get_model_version(name: str, version: str) -> ModelVersion"),
    ("update_model_version", "MlflowClient.update_model_version", &["name", "version", "description="], "MlflowClient.update_model_version(name: str, version: str, description: str | None = None) -> ModelVersion"),
    ("delete_model_version", "MlflowClient.delete_model_version", &["name", "version"], "MlflowClient.delete_model_version(name: str, version: str)"),
    ("search_model_versions", "MlflowClient.search_model_versions", &["filter_string=", "max_results=", "order_by=", "page_token="], "MlflowClient.search_model_versions(filter_string: str | None = None, max_results: int = 10000, order_by: list[str] | None = None, page_token: str | None = None) -> PagedList[ModelVersion]"),
    ("set_registered_model_tag", "MlflowClient.set_registered_model_tag", &["name", "key", "value"], "MlflowClient.set_registered_model_tag(name, key, value) -> None"),
    ("delete_registered_model_tag", "MlflowClient.delete_registered_model_tag", &["name", "key"], "MlflowClient.delete_registered_model_tag(name: str, key: str) -> None"),
    ("set_model_version_tag", "MlflowClient.set_model_version_tag", &["name", "version=", "key=", "value=", "stage="], "MlflowClient.set_model_version_tag(name: str, version: str | None = None, key: str | None = None, value: Any = None, stage: str | None = None) -> None"),
    ("delete_model_version_tag", "MlflowClient.delete_model_version_tag", &["name", "version=", "key=", "stage="], "MlflowClient.delete_model_version_tag(name: str, version: str | None = None, key: str | None = None, stage: str | None = None) -> None"),
    ("set_registered_model_alias", "MlflowClient.set_registered_model_alias", &["name", "alias", "version"], "MlflowClient.set_registered_model_alias(name: str, alias: str, version: str) -> None"),
    ("delete_registered_model_alias", "MlflowClient.delete_registered_model_alias", &["name", "alias"], "MlflowClient.delete_registered_model_alias(name: str, alias: str) -> None"),
    ("get_model_version_by_alias", "MlflowClient.get_model_version_by_alias", &["name", "alias"], "MlflowClient.get_model_version_by_alias(name: str, alias: str) -> ModelVersion"),
    ("transition_model_version_stage", "MlflowClient.transition_model_version_stage", &["name", "version", "stage", "archive_existing_versions="], "MlflowClient.transition_model_version_stage(name: str, version: str, stage: str, archive_existing_versions: bool = False) -> ModelVersion"),
    ("get_latest_versions", "MlflowClient.get_latest_versions", &["name", "stages="], "MlflowClient.get_latest_versions(name: str, stages: list[str] | None = None) -> list[ModelVersion]"),
];

fn s(b: &Bound, key: &str, func: &str) -> Result<String, PyErr> {
    convert::string(&b.value(key), func, key)
}

/// A version argument: an int or its text.
fn version_arg(b: &Bound, func: &str) -> Result<String, PyErr> {
    match b.value("version") {
        Value::Int(i) => Ok(i.to_string()),
        Value::Str(s) => Ok(s.to_string()),
        Value::None => Err(type_error(format!("{func}() needs a version"))),
        other => Err(type_error(format!(
            "{func}() argument 'version' must be str or int, not {}",
            other.type_name()
        ))),
    }
}

fn opt_text(b: &Bound, key: &str) -> Option<String> {
    b.get(key).map(Value::to_str)
}

fn version_obj(interp: &Interp, kind: RegistryKind, name: &str, version: &ModelVersion) -> Value {
    let u = &interp.ws.unity;
    let key = u.model_key(kind, name).unwrap_or_else(|_| name.to_string());
    let model = match kind {
        RegistryKind::Uc => u.models.get(&key),
        RegistryKind::Workspace => u.workspace_models.get(&key),
    };
    Value::object(ModelVersionObj::new(&key, version, model))
}

fn paged(items: Vec<Value>) -> Value {
    Value::object(super::entities::PagedListObj { items, token: None })
}

/// Runs a registry method of `MlflowClient` against `kind`.
pub fn call(
    interp: &mut Interp,
    kind: RegistryKind,
    name: &str,
    b: &Bound,
) -> Result<Value, PyErr> {
    let now = interp.now_ms();
    let f = name;
    Ok(match name {
        "create_registered_model" => {
            let tags = convert::string_pairs(&b.value("tags"), f, "tags")?;
            let desc = opt_text(b, "description").unwrap_or_default();
            let m = interp.ws.unity.create_registered_model(
                kind,
                &s(b, "name", f)?,
                &tags,
                &desc,
                now,
            )?;
            Value::object(RegisteredModelObj(m.clone()))
        }
        "get_registered_model" => Value::object(RegisteredModelObj(
            interp
                .ws
                .unity
                .get_registered_model(kind, &s(b, "name", f)?)?
                .clone(),
        )),
        "update_registered_model" => {
            let Some(desc) = opt_text(b, "description") else {
                return Err(crate::tracking::MlflowError::internal(
                    "Attempting to update registered model with no new field values.",
                )
                .into());
            };
            let m = interp
                .ws
                .unity
                .update_registered_model(kind, &s(b, "name", f)?, &desc, now)?;
            Value::object(RegisteredModelObj(m.clone()))
        }
        "rename_registered_model" => {
            let m = interp.ws.unity.rename_registered_model(
                kind,
                &s(b, "name", f)?,
                &s(b, "new_name", f)?,
                now,
            )?;
            Value::object(RegisteredModelObj(m.clone()))
        }
        "create_model_version" => {
            if kind == RegistryKind::Uc && b.get("run_link").is_some() {
                return Err(crate::tracking::MlflowError::internal(
                    "Argument 'run_link' is unsupported for models in the Unity Catalog.",
                )
                .into());
            }
            let name = s(b, "name", f)?;
            let user = interp.env.user.clone();
            let run_id = opt_text(b, "run_id");
            let tags = convert::string_pairs(&b.value("tags"), f, "tags")?;
            let ws = &mut *interp.ws;
            let v = ws.unity.create_model_version(
                kind,
                &ws.tracking,
                &name,
                (&s(b, "source", f)?, run_id.as_deref()),
                &user,
                now,
            )?;
            for (k, val) in &tags {
                ws.unity.set_version_tag(
                    kind,
                    &name,
                    &v.version.to_string(),
                    k,
                    Some(Some(val)),
                    now,
                )?;
            }
            if let Some(desc) = opt_text(b, "description") {
                ws.unity
                    .update_model_version(kind, &name, &v.version.to_string(), &desc, now)?;
            }
            let v = ws
                .unity
                .get_model_version(kind, &name, &v.version.to_string())?
                .clone();
            version_obj(interp, kind, &name, &v)
        }
        "copy_model_version" => {
            let user = interp.env.user.clone();
            let ws = &mut *interp.ws;
            let (key, v) = ws.unity.copy_model_version(
                kind,
                &ws.tracking,
                &s(b, "src_model_uri", f)?,
                &s(b, "dst_name", f)?,
                &user,
                now,
            )?;
            version_obj(interp, kind, &key, &v)
        }
        "delete_registered_model" => {
            interp
                .ws
                .unity
                .delete_registered_model(kind, &s(b, "name", f)?)?;
            Value::None
        }
        "search_registered_models" => {
            if kind == RegistryKind::Uc && b.get("order_by").is_some() {
                return Err(crate::tracking::MlflowError::internal(
                    "Argument 'order_by' is unsupported for models in the Unity Catalog.",
                )
                .into());
            }
            let filter = opt_text(b, "filter_string");
            let found = interp.ws.unity.search_models(kind, filter.as_deref())?;
            paged(
                found
                    .into_iter()
                    .map(|m| Value::object(RegisteredModelObj(m.clone())))
                    .collect(),
            )
        }
        "get_model_version" => {
            let name = s(b, "name", f)?;
            let v = interp
                .ws
                .unity
                .get_model_version(kind, &name, &version_arg(b, f)?)?
                .clone();
            version_obj(interp, kind, &name, &v)
        }
        "update_model_version" => {
            let name = s(b, "name", f)?;
            let Some(desc) = opt_text(b, "description") else {
                return Err(crate::tracking::MlflowError::internal(
                    "Attempting to update model version with no new field values.",
                )
                .into());
            };
            let v = interp.ws.unity.update_model_version(
                kind,
                &name,
                &version_arg(b, f)?,
                &desc,
                now,
            )?;
            version_obj(interp, kind, &name, &v)
        }
        "delete_model_version" => {
            interp
                .ws
                .unity
                .delete_model_version(kind, &s(b, "name", f)?, &version_arg(b, f)?)?;
            Value::None
        }
        "search_model_versions" => {
            if kind == RegistryKind::Uc && b.get("order_by").is_some() {
                return Err(crate::tracking::MlflowError::internal(
                    "Argument 'order_by' is unsupported for models in the Unity Catalog.",
                )
                .into());
            }
            let filter = opt_text(b, "filter_string");
            let found: Vec<(String, ModelVersion)> = interp
                .ws
                .unity
                .search_versions(kind, filter.as_deref())?
                .into_iter()
                .map(|(n, v)| (n, v.clone()))
                .collect();
            paged(
                found
                    .iter()
                    .map(|(n, v)| version_obj(interp, kind, n, v))
                    .collect(),
            )
        }
        "set_registered_model_tag" => {
            let value = b.value("value").to_str();
            interp.ws.unity.set_model_tag(
                kind,
                &s(b, "name", f)?,
                &s(b, "key", f)?,
                Some(&value),
                now,
            )?;
            Value::None
        }
        "delete_registered_model_tag" => {
            interp
                .ws
                .unity
                .set_model_tag(kind, &s(b, "name", f)?, &s(b, "key", f)?, None, now)?;
            Value::None
        }
        "set_model_version_tag" | "delete_model_version_tag" => {
            if b.get("stage").is_some() {
                return Err(type_error(format!(
                    "{f}(): give the version, not a stage, in Lakelab"
                )));
            }
            let key = s(b, "key", f)?;
            let value = match (name, b.get("value")) {
                ("set_model_version_tag", Some(v)) => Some(Some(v.to_str())),
                ("set_model_version_tag", None) => Some(None),
                _ => None,
            };
            let value_ref = value.as_ref().map(|o| o.as_deref());
            interp.ws.unity.set_version_tag(
                kind,
                &s(b, "name", f)?,
                &version_arg(b, f)?,
                &key,
                value_ref,
                now,
            )?;
            Value::None
        }
        "set_registered_model_alias" => {
            interp.ws.unity.set_alias(
                kind,
                &s(b, "name", f)?,
                &s(b, "alias", f)?,
                &version_arg(b, f)?,
                now,
            )?;
            Value::None
        }
        "delete_registered_model_alias" => {
            interp
                .ws
                .unity
                .delete_alias(kind, &s(b, "name", f)?, &s(b, "alias", f)?)?;
            Value::None
        }
        "get_model_version_by_alias" => {
            let name = s(b, "name", f)?;
            let v = interp
                .ws
                .unity
                .version_by_alias(kind, &name, &s(b, "alias", f)?)?
                .clone();
            version_obj(interp, kind, &name, &v)
        }
        "transition_model_version_stage" => {
            let name = s(b, "name", f)?;
            let archive = b
                .get("archive_existing_versions")
                .is_some_and(Value::truthy);
            let v = interp.ws.unity.transition_stage(
                kind,
                &name,
                &version_arg(b, f)?,
                &s(b, "stage", f)?,
                archive,
                now,
            )?;
            version_obj(interp, kind, &name, &v)
        }
        _ => {
            let name = s(b, "name", f)?;
            let stages: Option<Vec<String>> = b.get("stages").map(|v| {
                v.iter_items()
                    .unwrap_or_else(|| vec![v.clone()])
                    .iter()
                    .map(Value::to_str)
                    .collect()
            });
            let found = interp
                .ws
                .unity
                .latest_versions(kind, &name, stages.as_deref())?;
            Value::list(
                found
                    .iter()
                    .map(|v| version_obj(interp, kind, &name, v))
                    .collect(),
            )
        }
    })
}
