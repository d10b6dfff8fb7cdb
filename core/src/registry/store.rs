//! Registry operations on [`Unity`]: registered models, versions, aliases, tags, stages,
//! search and `models:/` resolution, each checking the acting principal in Unity Catalog.

use std::collections::BTreeMap;

use super::entities::{ModelVersion, RegisteredModel};
use super::search::{self, Clause};
use super::uri::{ModelRef, ModelsUri};
use super::validation;
use crate::catalog::names::FullName;
use crate::catalog::privileges::{Privilege, Securable};
use crate::catalog::Unity;
use crate::models::RunsUri;
use crate::tracking::{LoadedModel, MlflowError, Tracking};

/// Which registry a call goes to (`mlflow.set_registry_uri`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistryKind {
    /// `databricks-uc`, the default.
    Uc,
    /// `databricks`: the legacy workspace registry.
    Workspace,
}

impl RegistryKind {
    pub fn from_uri(uri: &str) -> Option<RegistryKind> {
        match uri.split("://").next().unwrap_or(uri) {
            "databricks-uc" => Some(RegistryKind::Uc),
            "databricks" => Some(RegistryKind::Workspace),
            _ => None,
        }
    }

    pub fn uri(self) -> &'static str {
        match self {
            RegistryKind::Uc => "databricks-uc",
            RegistryKind::Workspace => "databricks",
        }
    }
}

/// What `register_model` did.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterOutcome {
    pub name: String,
    pub created_model: bool,
    pub version: ModelVersion,
}

const UC_SIGNATURE_HELP: &str = "All models in the Unity Catalog must be logged with a model signature containing both input and output type specifications. See https://mlflow.org/docs/latest/model/signatures.html#how-to-log-models-with-signatures for details on how to log a model with a signature";
const ALIAS_DOCS: &str = "https://mlflow.org/docs/latest/model-registry.html#deploy-and-organize-models-with-aliases-and-tags";

/// MLflow's UC client message for a method UC does not have.
pub fn uc_unsupported(method: &str, extra: &str) -> MlflowError {
    let mut m = format!("Method '{method}' is unsupported for models in the Unity Catalog.");
    if !extra.is_empty() {
        m.push(' ');
        m.push_str(extra);
    }
    MlflowError::internal(m)
}

/// Sets a tag, or removes it when `value` is `None`.
fn apply_tag(tags: &mut BTreeMap<String, String>, key: &str, value: Option<&str>) {
    match value {
        Some(v) => {
            tags.insert(key.to_string(), v.to_string());
        }
        None => {
            tags.remove(key);
        }
    }
}

fn not_found(name: &str) -> MlflowError {
    MlflowError::missing(format!("Registered Model with name={name} not found"))
}

fn version_not_found(name: &str, version: u32) -> MlflowError {
    MlflowError::missing(format!(
        "Model Version (name={name}, version={version}) not found"
    ))
}

impl Unity {
    /// The stored name: UC names are validated and lower-cased.
    pub fn model_key(&self, kind: RegistryKind, name: &str) -> Result<String, MlflowError> {
        validation::model_name(name)?;
        match kind {
            RegistryKind::Uc => Ok(FullName::parse(name, "registered model")
                .map_err(|e| MlflowError::invalid(e.0))?
                .to_string()),
            RegistryKind::Workspace => {
                if name.contains('/') || name.contains('%') {
                    return Err(MlflowError::invalid(format!(
                        "Invalid name: '{name}'. Registered model name cannot contain path separator or '%' character"
                    )));
                }
                Ok(name.to_string())
            }
        }
    }

    fn registry(&self, kind: RegistryKind) -> &BTreeMap<String, RegisteredModel> {
        match kind {
            RegistryKind::Uc => &self.models,
            RegistryKind::Workspace => &self.workspace_models,
        }
    }

    fn registry_mut(&mut self, kind: RegistryKind) -> &mut BTreeMap<String, RegisteredModel> {
        match kind {
            RegistryKind::Uc => &mut self.models,
            RegistryKind::Workspace => &mut self.workspace_models,
        }
    }

    fn model_securable(key: &str) -> Result<Securable, MlflowError> {
        FullName::parse(key, "registered model")
            .map(Securable::Model)
            .map_err(|e| MlflowError::invalid(e.0))
    }

    fn uses(key: &str) -> Result<Vec<(Privilege, Securable)>, MlflowError> {
        let n = FullName::parse(key, "registered model").map_err(|e| MlflowError::invalid(e.0))?;
        Ok(vec![
            (Privilege::UseCatalog, Securable::Catalog(n.catalog.clone())),
            (
                Privilege::UseSchema,
                Securable::Schema(n.catalog.clone(), n.schema.clone()),
            ),
        ])
    }

    /// UC: USE CATALOG, USE SCHEMA and `privilege` on the model (EXECUTE to read).
    fn require_on_model(
        &self,
        kind: RegistryKind,
        key: &str,
        privilege: Privilege,
    ) -> Result<(), MlflowError> {
        if kind == RegistryKind::Workspace {
            return Ok(());
        }
        let mut needed = Self::uses(key)?;
        needed.push((privilege, Self::model_securable(key)?));
        self.require(&needed)
    }

    /// UC: the acting principal must own the model (or hold `or` on it).
    fn require_owner(
        &self,
        kind: RegistryKind,
        key: &str,
        or: Option<Privilege>,
        action: &str,
    ) -> Result<(), MlflowError> {
        if kind == RegistryKind::Workspace {
            return Ok(());
        }
        self.require(&Self::uses(key)?)?;
        let sec = Self::model_securable(key)?;
        let principal = self.principal();
        let owner = self.access.owner(&sec).map(str::to_string);
        let owns = owner
            .as_deref()
            .is_some_and(|o| self.access.identities(&principal).iter().any(|i| i == o));
        if owns || or.is_some_and(|p| self.access.has(&principal, p, &sec)) {
            return Ok(());
        }
        Err(MlflowError::denied(match or {
            Some(p) => format!(
                "User '{principal}' does not have {} on {} and is not its owner; {action} needs ownership or {}.",
                p.sql(),
                sec.describe(),
                p.sql()
            ),
            None => format!(
                "User '{principal}' is not the owner of {}; only the owner can {action}.",
                sec.describe()
            ),
        }))
    }

    /// Reads a model (UC: needs EXECUTE, or ownership).
    pub fn get_registered_model(
        &self,
        kind: RegistryKind,
        name: &str,
    ) -> Result<&RegisteredModel, MlflowError> {
        let key = self.model_key(kind, name)?;
        let m = self
            .registry(kind)
            .get(&key)
            .ok_or_else(|| not_found(&key))?;
        self.require_on_model(kind, &key, Privilege::Execute)?;
        Ok(m)
    }

    fn model_mut(
        &mut self,
        kind: RegistryKind,
        key: &str,
    ) -> Result<&mut RegisteredModel, MlflowError> {
        self.registry_mut(kind)
            .get_mut(key)
            .ok_or_else(|| not_found(key))
    }

    /// `create_registered_model(name, tags, description)`.
    pub fn create_registered_model(
        &mut self,
        kind: RegistryKind,
        name: &str,
        tags: &[(String, String)],
        description: &str,
        now: i64,
    ) -> Result<&RegisteredModel, MlflowError> {
        let key = self.model_key(kind, name)?;
        for (k, v) in tags {
            validation::model_tag(k, v)?;
        }
        if kind == RegistryKind::Uc {
            let n =
                FullName::parse(&key, "registered model").map_err(|e| MlflowError::invalid(e.0))?;
            self.check_schema(&n.catalog, &n.schema)?;
            let schema = Securable::Schema(n.catalog.clone(), n.schema.clone());
            let mut needed = Self::uses(&key)?;
            let create = if self
                .access
                .has(&self.principal(), Privilege::CreateFunction, &schema)
            {
                Privilege::CreateFunction
            } else {
                Privilege::CreateModel
            };
            needed.push((create, schema));
            self.require(&needed)?;
        }
        if self.registry(kind).contains_key(&key) {
            return Err(MlflowError::exists(format!(
                "Registered Model (name={key}) already exists."
            )));
        }
        let mut m = RegisteredModel::new(&key, now);
        m.description = description.to_string();
        m.tags.extend(tags.iter().cloned());
        if kind == RegistryKind::Uc {
            let owner = self.principal();
            self.access.set_owner(&Self::model_securable(&key)?, &owner);
        }
        self.registry_mut(kind).insert(key.clone(), m);
        self.registry(kind).get(&key).ok_or_else(|| not_found(&key))
    }

    /// `update_registered_model(name, description)`.
    pub fn update_registered_model(
        &mut self,
        kind: RegistryKind,
        name: &str,
        description: &str,
        now: i64,
    ) -> Result<&RegisteredModel, MlflowError> {
        let key = self.model_key(kind, name)?;
        self.model_mut(kind, &key)?;
        self.require_owner(kind, &key, None, "edit its description")?;
        let m = self.model_mut(kind, &key)?;
        m.description = description.to_string();
        m.last_updated_timestamp = now;
        Ok(m)
    }

    /// `rename_registered_model(name, new_name)`: UC needs ownership and CREATE MODEL on the
    /// destination schema; versions, aliases, tags, owner and grants move with the model.
    pub fn rename_registered_model(
        &mut self,
        kind: RegistryKind,
        name: &str,
        new_name: &str,
        now: i64,
    ) -> Result<&RegisteredModel, MlflowError> {
        let key = self.model_key(kind, name)?;
        let new_key = self.model_key(kind, new_name)?;
        self.model_mut(kind, &key)?;
        self.require_owner(kind, &key, None, "rename it")?;
        if kind == RegistryKind::Uc {
            let n = FullName::parse(&new_key, "registered model")
                .map_err(|e| MlflowError::invalid(e.0))?;
            self.check_schema(&n.catalog, &n.schema)?;
            let mut needed = Self::uses(&new_key)?;
            needed.push((
                Privilege::CreateModel,
                Securable::Schema(n.catalog.clone(), n.schema.clone()),
            ));
            self.require(&needed)?;
        }
        if self.registry(kind).contains_key(&new_key) {
            return Err(MlflowError::exists(format!(
                "Registered Model (name={new_key}) already exists."
            )));
        }
        let mut m = self
            .registry_mut(kind)
            .remove(&key)
            .ok_or_else(|| not_found(&key))?;
        m.name = new_key.clone();
        m.last_updated_timestamp = now;
        self.registry_mut(kind).insert(new_key.clone(), m);
        if kind == RegistryKind::Uc {
            let (from, to) = (
                Self::model_securable(&key)?,
                Self::model_securable(&new_key)?,
            );
            self.access.rename(&from, &to);
        }
        self.registry(kind)
            .get(&new_key)
            .ok_or_else(|| not_found(&new_key))
    }

    /// `copy_model_version(src_model_uri, dst_name)`: the version a `models:/` URI names
    /// becomes the next version of `dst_name` (created when missing) — promoting a model
    /// from one environment's catalog to another's.
    pub fn copy_model_version(
        &mut self,
        kind: RegistryKind,
        tracking: &Tracking,
        src_model_uri: &str,
        dst_name: &str,
        user: &str,
        now: i64,
    ) -> Result<(String, ModelVersion), MlflowError> {
        let (_, src) = self.resolve(kind, src_model_uri)?;
        let key = self.model_key(kind, dst_name)?;
        if !self.registry(kind).contains_key(&key) {
            self.create_registered_model(kind, &key, &[], "", now)?;
        }
        let uri = RunsUri::format(&src.run_id, &src.model_path);
        let v = self.create_version_from_run(kind, tracking, &uri, &key, user, now)?;
        Ok((key, v))
    }

    /// `create_model_version(name, source, run_id)`: `source` is `runs:/<run_id>/<path>` or
    /// the run's artifact location followed by the model's path (then `run_id` is needed).
    pub fn create_model_version(
        &mut self,
        kind: RegistryKind,
        tracking: &Tracking,
        name: &str,
        (source, run_id): (&str, Option<&str>),
        user: &str,
        now: i64,
    ) -> Result<ModelVersion, MlflowError> {
        let uri = if source.starts_with("runs:/") {
            source.to_string()
        } else {
            match (run_id, source.split_once("/artifacts/")) {
                (Some(r), Some((_, path))) => RunsUri::format(r, path),
                _ => {
                    return Err(MlflowError::invalid(format!(
                        "Lakelab creates versions from runs:/<run_id>/<path>, or from a run's artifact location with run_id=; got source '{source}'"
                    )))
                }
            }
        };
        self.create_version_from_run(kind, tracking, &uri, name, user, now)
    }

    /// `delete_registered_model(name)`: its versions and aliases go with it.
    pub fn delete_registered_model(
        &mut self,
        kind: RegistryKind,
        name: &str,
    ) -> Result<(), MlflowError> {
        let key = self.model_key(kind, name)?;
        self.model_mut(kind, &key)?;
        self.require_owner(kind, &key, None, "delete it")?;
        self.registry_mut(kind).remove(&key);
        if kind == RegistryKind::Uc {
            self.access.forget(&Self::model_securable(&key)?);
        }
        Ok(())
    }

    /// `set_registered_model_tag` / `delete_registered_model_tag` (`value` `None` deletes).
    pub fn set_model_tag(
        &mut self,
        kind: RegistryKind,
        name: &str,
        key_name: &str,
        value: Option<&str>,
        now: i64,
    ) -> Result<(), MlflowError> {
        let key = self.model_key(kind, name)?;
        if let Some(v) = value {
            validation::model_tag(key_name, v)?;
        }
        self.model_mut(kind, &key)?;
        self.require_owner(kind, &key, Some(Privilege::ApplyTag), "changing tags")?;
        let m = self.model_mut(kind, &key)?;
        apply_tag(&mut m.tags, key_name, value);
        m.last_updated_timestamp = now;
        Ok(())
    }

    /// `register_model(model_uri, name)` from `runs:/<run_id>/<path>`, in MLflow's order:
    /// the registered model is created when missing, then the version (which, in Unity
    /// Catalog, needs the logged model's signature; a failure there leaves the new, empty
    /// registered model behind, as MLflow does).
    pub fn register_model(
        &mut self,
        kind: RegistryKind,
        tracking: &Tracking,
        model_uri: &str,
        name: &str,
        user: &str,
        now: i64,
    ) -> Result<RegisterOutcome, MlflowError> {
        let key = self.model_key(kind, name)?;
        let created_model = !self.registry(kind).contains_key(&key);
        if created_model {
            self.create_registered_model(kind, &key, &[], "", now)?;
        }
        let version = self.create_version_from_run(kind, tracking, model_uri, &key, user, now)?;
        Ok(RegisterOutcome {
            name: key,
            created_model,
            version,
        })
    }

    /// Checks that `runs:/<run_id>/<path>` names a logged model this registry accepts (Unity
    /// Catalog: with a signature of inputs and outputs), without changing anything.
    pub fn check_source(
        kind: RegistryKind,
        tracking: &Tracking,
        model_uri: &str,
    ) -> Result<(RunsUri, crate::tracking::LoggedModel, crate::tracking::Run), MlflowError> {
        let uri = RunsUri::parse(model_uri).map_err(MlflowError::invalid)?;
        let run = tracking.get_run(&uri.run_id)?;
        let logged = tracking
            .logged_models(&uri.run_id)?
            .iter()
            .find(|m| m.artifact_path == uri.path)
            .cloned()
            .ok_or_else(|| {
                MlflowError::missing(format!(
                    "Could not find an \"MLmodel\" configuration file at \"{}\" in run {}",
                    uri.path, uri.run_id
                ))
            })?;
        if kind == RegistryKind::Uc {
            match &logged.signature {
                None => {
                    return Err(MlflowError::invalid(format!(
                        "Model passed for registration did not contain any signature metadata. {UC_SIGNATURE_HELP}"
                    )))
                }
                Some(s) if s.outputs.is_empty() => {
                    return Err(MlflowError::invalid(format!(
                        "Model passed for registration contained a signature that includes only inputs. {UC_SIGNATURE_HELP}"
                    )))
                }
                Some(_) => {}
            }
        }
        Ok((uri, logged, run))
    }

    /// The next version of an existing registered model, from `runs:/<run_id>/<path>`.
    pub fn create_version_from_run(
        &mut self,
        kind: RegistryKind,
        tracking: &Tracking,
        model_uri: &str,
        name: &str,
        user: &str,
        now: i64,
    ) -> Result<ModelVersion, MlflowError> {
        let key = self.model_key(kind, name)?;
        self.model_mut(kind, &key)?;
        if model_uri.starts_with("models:/") {
            return Err(MlflowError::invalid(format!(
                "Registering from {model_uri} (a model already in a registry) is not available in Lakelab; register from runs:/<run_id>/<path>"
            )));
        }
        self.require_owner(
            kind,
            &key,
            Some(Privilege::CreateModelVersion),
            "creating a version",
        )?;
        let (uri, logged, run) = Self::check_source(kind, tracking, model_uri)?;
        let source = format!("{}/{}", run.info.artifact_uri, uri.path);
        let m = self.model_mut(kind, &key)?;
        let version = ModelVersion {
            version: m.next_version,
            creation_timestamp: now,
            last_updated_timestamp: now,
            description: String::new(),
            user_id: user.to_string(),
            current_stage: (kind == RegistryKind::Workspace).then(|| "None".to_string()),
            source,
            run_id: uri.run_id.clone(),
            model_path: uri.path.clone(),
            status: "READY".into(),
            tags: BTreeMap::new(),
            signature: logged.signature.clone(),
        };
        m.next_version += 1;
        m.last_updated_timestamp = now;
        m.versions.push(version.clone());
        Ok(version)
    }

    /// `get_model_version(name, version)`.
    pub fn get_model_version(
        &self,
        kind: RegistryKind,
        name: &str,
        version: &str,
    ) -> Result<&ModelVersion, MlflowError> {
        let v = validation::version(version)?;
        let m = self.get_registered_model(kind, name)?;
        m.version(v).ok_or_else(|| version_not_found(&m.name, v))
    }

    fn version_mut(
        &mut self,
        kind: RegistryKind,
        key: &str,
        v: u32,
    ) -> Result<&mut ModelVersion, MlflowError> {
        let m = self.model_mut(kind, key)?;
        let name = m.name.clone();
        m.version_mut(v).ok_or_else(|| version_not_found(&name, v))
    }

    /// `update_model_version(name, version, description)`.
    pub fn update_model_version(
        &mut self,
        kind: RegistryKind,
        name: &str,
        version: &str,
        description: &str,
        now: i64,
    ) -> Result<ModelVersion, MlflowError> {
        let key = self.model_key(kind, name)?;
        let v = validation::version(version)?;
        self.version_mut(kind, &key, v)?;
        self.require_owner(kind, &key, None, "edit a version's description")?;
        let mv = self.version_mut(kind, &key, v)?;
        mv.description = description.to_string();
        mv.last_updated_timestamp = now;
        Ok(mv.clone())
    }

    /// `delete_model_version(name, version)`: the aliases on it go too.
    pub fn delete_model_version(
        &mut self,
        kind: RegistryKind,
        name: &str,
        version: &str,
    ) -> Result<(), MlflowError> {
        let key = self.model_key(kind, name)?;
        let v = validation::version(version)?;
        self.version_mut(kind, &key, v)?;
        self.require_owner(kind, &key, None, "delete a version")?;
        let m = self.model_mut(kind, &key)?;
        m.versions.retain(|x| x.version != v);
        m.aliases.retain(|_, x| *x != v);
        Ok(())
    }

    /// `set_model_version_tag` / `delete_model_version_tag` (`value` `None` deletes).
    pub fn set_version_tag(
        &mut self,
        kind: RegistryKind,
        name: &str,
        version: &str,
        key_name: &str,
        value: Option<Option<&str>>,
        now: i64,
    ) -> Result<(), MlflowError> {
        let key = self.model_key(kind, name)?;
        let v = validation::version(version)?;
        if let Some(value) = value {
            validation::version_tag(key_name, value)?;
        }
        self.version_mut(kind, &key, v)?;
        self.require_owner(kind, &key, Some(Privilege::ApplyTag), "changing tags")?;
        let mv = self.version_mut(kind, &key, v)?;
        apply_tag(&mut mv.tags, key_name, value.flatten());
        mv.last_updated_timestamp = now;
        Ok(())
    }

    /// `set_registered_model_alias(name, alias, version)`: creates the alias or moves it.
    pub fn set_alias(
        &mut self,
        kind: RegistryKind,
        name: &str,
        alias: &str,
        version: &str,
        now: i64,
    ) -> Result<(), MlflowError> {
        let key = self.model_key(kind, name)?;
        validation::alias(alias)?;
        let v = validation::version(version)?;
        self.version_mut(kind, &key, v)?;
        self.require_owner(kind, &key, None, "set or delete aliases")?;
        let m = self.model_mut(kind, &key)?;
        m.aliases.insert(alias.to_string(), v);
        m.last_updated_timestamp = now;
        Ok(())
    }

    /// `delete_registered_model_alias(name, alias)`: nothing happens when it is not set.
    pub fn delete_alias(
        &mut self,
        kind: RegistryKind,
        name: &str,
        alias: &str,
    ) -> Result<(), MlflowError> {
        let key = self.model_key(kind, name)?;
        validation::alias(alias)?;
        self.model_mut(kind, &key)?;
        self.require_owner(kind, &key, None, "set or delete aliases")?;
        self.model_mut(kind, &key)?.aliases.remove(alias);
        Ok(())
    }

    /// `get_model_version_by_alias(name, alias)`.
    pub fn version_by_alias(
        &self,
        kind: RegistryKind,
        name: &str,
        alias: &str,
    ) -> Result<&ModelVersion, MlflowError> {
        let m = self.get_registered_model(kind, name)?;
        let v = m.aliases.get(alias).copied().ok_or_else(|| {
            MlflowError::invalid(format!("Registered model alias {alias} not found."))
        })?;
        m.version(v).ok_or_else(|| version_not_found(&m.name, v))
    }

    /// `transition_model_version_stage(name, version, stage, archive_existing_versions)`:
    /// workspace registry only.
    pub fn transition_stage(
        &mut self,
        kind: RegistryKind,
        name: &str,
        version: &str,
        stage: &str,
        archive_existing: bool,
        now: i64,
    ) -> Result<ModelVersion, MlflowError> {
        if kind == RegistryKind::Uc {
            return Err(uc_unsupported(
                "transition_model_version_stage",
                "We recommend using aliases instead of stages for more flexible model deployment management. You can set an alias on a registered model using `MlflowClient().set_registered_model_alias(name, alias, version)` and load a model version by alias using the URI 'models:/your_model_name@your_alias', e.g. `mlflow.pyfunc.load_model('models:/your_model_name@your_alias')`.",
            ));
        }
        let key = self.model_key(kind, name)?;
        let v = validation::version(version)?;
        let stage = validation::stage(stage)?;
        self.version_mut(kind, &key, v)?;
        if archive_existing && stage != "Staging" && stage != "Production" {
            return Err(MlflowError::internal(format!(
                "Model version transition cannot archive existing model versions because '{stage}' is not an Active stage. Valid stages are ['Staging', 'Production']"
            )));
        }
        let m = self.model_mut(kind, &key)?;
        for other in m.versions.iter_mut() {
            if other.version == v {
                other.current_stage = Some(stage.clone());
                other.last_updated_timestamp = now;
            } else if archive_existing && other.current_stage.as_deref() == Some(stage.as_str()) {
                other.current_stage = Some("Archived".into());
                other.last_updated_timestamp = now;
            }
        }
        m.last_updated_timestamp = now;
        m.version(v)
            .cloned()
            .ok_or_else(|| version_not_found(&key, v))
    }

    /// `get_latest_versions(name, stages)`: workspace registry only; the newest version in
    /// each stage asked for (every stage when `None`).
    pub fn latest_versions(
        &self,
        kind: RegistryKind,
        name: &str,
        stages: Option<&[String]>,
    ) -> Result<Vec<ModelVersion>, MlflowError> {
        if kind == RegistryKind::Uc {
            let extra = match stages {
                None => format!("To load the latest version of a model in Unity Catalog, you can set an alias on the model version and load it by alias. See {ALIAS_DOCS} for details."),
                Some(s) => format!("Detected attempt to load latest model version in stages {s:?}. You may see this error because:\n1) You're attempting to load a model version by stage. Setting stages and loading model versions by stage is unsupported in Unity Catalog. Instead, use aliases for flexible model deployment. See {ALIAS_DOCS} for details.\n2) You're attempting to load a model version by alias. Use syntax 'models:/your_model_name@your_alias_name'\n3) You're attempting load a model version by version number. Verify that the version number is a valid integer"),
            };
            return Err(uc_unsupported("get_latest_versions", &extra));
        }
        let m = self.get_registered_model(kind, name)?;
        let wanted: Vec<String> = match stages {
            None => vec![
                "None".into(),
                "Staging".into(),
                "Production".into(),
                "Archived".into(),
            ],
            Some(s) => s
                .iter()
                .map(|x| validation::stage(x))
                .collect::<Result<_, _>>()?,
        };
        Ok(wanted
            .iter()
            .filter_map(|stage| {
                m.versions
                    .iter()
                    .filter(|v| v.current_stage.as_deref() == Some(stage.as_str()))
                    .max_by_key(|v| v.version)
                    .cloned()
            })
            .collect())
    }

    /// `search_registered_models(filter_string)`: the models the acting principal can see.
    pub fn search_models(
        &self,
        kind: RegistryKind,
        filter: Option<&str>,
    ) -> Result<Vec<&RegisteredModel>, MlflowError> {
        let clauses: Vec<Clause> = match (kind, filter.filter(|f| !f.trim().is_empty())) {
            (RegistryKind::Uc, Some(_)) => {
                return Err(MlflowError::internal(
                    "Argument 'filter_string' is unsupported for models in the Unity Catalog.",
                ))
            }
            (_, Some(f)) => search::parse(f, &["name"])?,
            (_, None) => Vec::new(),
        };
        Ok(self
            .registry(kind)
            .values()
            .filter(|m| clauses.iter().all(|c| c.matches(&m.name)))
            .filter(|m| {
                kind == RegistryKind::Workspace
                    || self
                        .require_on_model(kind, &m.name, Privilege::Execute)
                        .is_ok()
            })
            .collect())
    }

    /// `search_model_versions(filter_string)`: UC takes equality on `name` and `run_id`.
    pub fn search_versions(
        &self,
        kind: RegistryKind,
        filter: Option<&str>,
    ) -> Result<Vec<(String, &ModelVersion)>, MlflowError> {
        let valid: &[&str] = match kind {
            RegistryKind::Uc => &["name", "run_id"],
            RegistryKind::Workspace => &["name", "version_number", "run_id", "source_path"],
        };
        let clauses = match filter.filter(|f| !f.trim().is_empty()) {
            Some(f) => search::parse(f, valid)?,
            None => Vec::new(),
        };
        if kind == RegistryKind::Uc && clauses.iter().any(|c| c.op != search::Op::Eq) {
            return Err(MlflowError::invalid(
                "Unity Catalog model version search takes only equality filters on name and run_id, e.g. \"name = 'main.ml.model'\"",
            ));
        }
        let mut out = Vec::new();
        for m in self.registry(kind).values() {
            if kind == RegistryKind::Uc
                && self
                    .require_on_model(kind, &m.name, Privilege::Execute)
                    .is_err()
            {
                continue;
            }
            for v in &m.versions {
                let ok = clauses.iter().all(|c| {
                    let actual = match c.key.as_str() {
                        "name" => m.name.clone(),
                        "version_number" => v.version.to_string(),
                        "run_id" => v.run_id.clone(),
                        _ => v.source.clone(),
                    };
                    let actual = if kind == RegistryKind::Uc && c.key == "name" {
                        actual.to_lowercase()
                    } else {
                        actual
                    };
                    let c = if kind == RegistryKind::Uc && c.key == "name" {
                        Clause {
                            values: c.values.iter().map(|x| x.to_lowercase()).collect(),
                            ..c.clone()
                        }
                    } else {
                        c.clone()
                    };
                    c.matches(&actual)
                });
                if ok {
                    out.push((m.name.clone(), v));
                }
            }
        }
        Ok(out)
    }

    /// The version a `models:/` URI names.
    pub fn resolve(
        &self,
        kind: RegistryKind,
        uri: &str,
    ) -> Result<(String, ModelVersion), MlflowError> {
        let parsed = ModelsUri::parse(uri)?;
        let (name, version) = match &parsed.reference {
            ModelRef::Version(v) => {
                let mv = self.get_model_version(kind, &parsed.name, v)?;
                (self.model_key(kind, &parsed.name)?, mv.clone())
            }
            ModelRef::Alias(a) => {
                let mv = self.version_by_alias(kind, &parsed.name, a)?;
                (self.model_key(kind, &parsed.name)?, mv.clone())
            }
            ModelRef::Stage(s) => {
                let stages = [s.clone()];
                let found = self.latest_versions(kind, &parsed.name, Some(&stages))?;
                let mv = found.into_iter().next().ok_or_else(|| {
                    MlflowError::missing(format!(
                        "No versions of model with name '{}' and stage '{s}' found",
                        parsed.name
                    ))
                })?;
                (self.model_key(kind, &parsed.name)?, mv)
            }
            ModelRef::Latest => {
                if kind == RegistryKind::Uc {
                    return Err(self
                        .latest_versions(kind, &parsed.name, None)
                        .err()
                        .unwrap_or_else(|| MlflowError::internal("latest")));
                }
                let m = self.get_registered_model(kind, &parsed.name)?;
                let mv = m
                    .versions
                    .iter()
                    .max_by_key(|v| v.version)
                    .cloned()
                    .ok_or_else(|| {
                        MlflowError::missing(format!(
                            "No versions of model with name '{}' found",
                            parsed.name
                        ))
                    })?;
                (m.name.clone(), mv)
            }
        };
        Ok((name, version))
    }

    /// Loads the model a `models:/` URI names, to predict (UC: needs EXECUTE).
    pub fn load(
        &self,
        kind: RegistryKind,
        tracking: &Tracking,
        uri: &str,
    ) -> Result<LoadedModel, MlflowError> {
        let (_, mv) = self.resolve(kind, uri)?;
        let mut loaded = tracking.load_model(&RunsUri::format(&mv.run_id, &mv.model_path))?;
        loaded.model_uri = uri.to_string();
        Ok(loaded)
    }
}
