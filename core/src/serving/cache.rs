//! The models an endpoint has loaded, kept across requests as a serving container keeps its
//! model in memory: reading `model.json` from the artifact store on every request would cost
//! far more than predicting.
//!
//! A model is cached per endpoint, served entity and config version, so a new config loads
//! afresh. Not stored: after a reload the first request loads the model again (from the
//! registry, so a version deleted meanwhile fails then; a real container would keep serving
//! it until the next config update).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::tracking::LoadedModel;

type Key = (String, String, u64);

/// Loaded models by (endpoint, served entity, config version).
#[derive(Clone, Default)]
pub struct ModelCache {
    models: BTreeMap<Key, Arc<LoadedModel>>,
}

impl ModelCache {
    /// The cached model, or `load`'s result, cached when it loads.
    pub fn get_or_load<E>(
        &mut self,
        endpoint: &str,
        entity: &str,
        config_version: u64,
        load: impl FnOnce() -> Result<LoadedModel, E>,
    ) -> Result<Arc<LoadedModel>, E> {
        let key = (endpoint.to_string(), entity.to_string(), config_version);
        if let Some(m) = self.models.get(&key) {
            return Ok(Arc::clone(m));
        }
        // Older configs of this endpoint are no longer served.
        self.models
            .retain(|(e, _, v), _| e != endpoint || *v >= config_version);
        let model = Arc::new(load()?);
        self.models.insert(key, Arc::clone(&model));
        Ok(model)
    }

    pub fn forget_endpoint(&mut self, endpoint: &str) {
        self.models.retain(|(e, _, _), _| e != endpoint);
    }

    pub fn len(&self) -> usize {
        self.models.len()
    }

    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
    }
}

/// Bookkeeping, not content: workspaces compare by what they hold.
impl PartialEq for ModelCache {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for ModelCache {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "ModelCache({} models)", self.models.len())
    }
}
