//! Serving wired to the workspace: configs name registered model versions, which must exist
//! in the registry; requests load their models from it (once per config, see
//! [`super::cache`]). The notebook bindings and the Serving page both call these.
//!
//! An entity named `catalog.schema.model` is a Unity Catalog model; any other name is a
//! workspace-registry model (the legacy registry, which real endpoints also serve).

use std::borrow::Cow;

use serde_json::Value;

use super::error::ServingError;
use super::invoke::{Models, Reply};
use crate::catalog::Unity;
use crate::frame::SplitFrame;
use crate::registry::store::RegistryKind;
use crate::tracking::{ErrorCode, LoadedModel, MlflowError, Tracking};
use crate::Workspace;

/// The registries served models come from.
pub struct RegistryModels<'a> {
    pub unity: &'a mut Unity,
    pub tracking: &'a Tracking,
}

/// Which registry holds `name`.
pub fn registry_of(name: &str) -> RegistryKind {
    if name.split('.').count() == 3 {
        RegistryKind::Uc
    } else {
        RegistryKind::Workspace
    }
}

/// The registry's error with the HTTP status its code has in the REST API.
fn from_mlflow(e: MlflowError) -> ServingError {
    let status = match e.code {
        ErrorCode::ResourceDoesNotExist => 404,
        ErrorCode::PermissionDenied => 403,
        ErrorCode::ResourceAlreadyExists => 409,
        ErrorCode::InternalError => 500,
        ErrorCode::FeatureDisabled | ErrorCode::InvalidParameterValue | ErrorCode::InvalidState => {
            400
        }
    };
    ServingError {
        status,
        error_code: e.code.as_str(),
        message: e.message,
    }
}

impl RegistryModels<'_> {
    /// That `name` has version `version` (without loading it).
    pub fn check(&self, name: &str, version: &str) -> Result<(), ServingError> {
        self.unity
            .resolve(registry_of(name), &format!("models:/{name}/{version}"))
            .map(|_| ())
            .map_err(from_mlflow)
    }
}

impl Models for RegistryModels<'_> {
    fn load(&self, name: &str, version: &str) -> Result<LoadedModel, ServingError> {
        self.unity
            .load(
                registry_of(name),
                self.tracking,
                &format!("models:/{name}/{version}"),
            )
            .map_err(from_mlflow)
    }

    fn model_input<'i>(
        &mut self,
        model: &LoadedModel,
        input: &'i SplitFrame,
    ) -> Result<Cow<'i, SplitFrame>, ServingError> {
        super::features::model_input(self.unity, model, input)
    }
}

impl Workspace {
    /// `POST /api/2.0/serving-endpoints`, as the endpoint's JSON.
    pub fn create_endpoint(
        &mut self,
        name: &str,
        config: &Value,
        tags: &[(String, Option<String>)],
        creator: &str,
        now_ms: i64,
    ) -> Result<Value, ServingError> {
        super::in_catalog::check_capture(&self.unity, name, config)?;
        let models = RegistryModels {
            unity: &mut self.unity,
            tracking: &self.tracking,
        };
        let check = |n: &str, v: &str| models.check(n, v);
        self.serving
            .create(name, config, tags, creator, now_ms, &check)
            .map(|e| e.to_json())
    }

    /// `PUT /api/2.0/serving-endpoints/{name}/config`, as the endpoint's JSON.
    pub fn update_endpoint_config(
        &mut self,
        name: &str,
        config: &Value,
        now_ms: i64,
    ) -> Result<Value, ServingError> {
        super::in_catalog::check_capture(&self.unity, name, config)?;
        let models = RegistryModels {
            unity: &mut self.unity,
            tracking: &self.tracking,
        };
        let check = |n: &str, v: &str| models.check(n, v);
        self.serving
            .update_config(name, config, now_ms, &check)
            .map(|e| e.to_json())
    }

    /// `POST /serving-endpoints/{name}/invocations`. `clock` times the model (ms).
    pub fn query_endpoint(
        &mut self,
        name: &str,
        body: &str,
        now_ms: i64,
        clock: &mut dyn FnMut() -> f64,
    ) -> Reply {
        let mut models = RegistryModels {
            unity: &mut self.unity,
            tracking: &self.tracking,
        };
        self.serving.invoke(name, body, now_ms, &mut models, clock)
    }
}
