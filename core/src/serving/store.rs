//! The workspace's serving endpoints: create, get, list, update the config, tag, delete, and
//! route a request. Every call takes the time (`now_ms`), so states are reproducible.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::cache::ModelCache;
use super::entities::{Endpoint, EndpointConfig, Pending};
use super::error::ServingError;
use super::records::{segment_id, RecordLog};
use super::{capture, router, validation};
use crate::persist::segments::ChangeLog;

/// How long a config takes to deploy in the simulator (the real service takes minutes; a
/// few seconds keep the states visible without making a learner wait).
pub const DEPLOY_MS: i64 = 3_000;

/// Checks that a registered model version exists (and may be served).
pub type VersionCheck<'a> = &'a dyn Fn(&str, &str) -> Result<(), ServingError>;

/// All endpoints of the workspace, by name, and the routing seed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Serving {
    pub endpoints: BTreeMap<String, Endpoint>,
    /// Counter behind endpoint ids.
    #[serde(default)]
    pub next_id: u64,
    /// Seeds the traffic split.
    #[serde(default)]
    pub seed: u64,
    /// Requests routed so far (the draw number of the next one).
    #[serde(default)]
    pub requests: u64,
    /// Each endpoint's logged requests (its inference table), oldest first.
    #[serde(default)]
    pub records: BTreeMap<String, RecordLog>,
    /// Which record chunks changed since the last save (see [`super::records`]).
    #[serde(skip)]
    pub changes: ChangeLog,
    /// The models each live config has loaded (the endpoint's "containers").
    #[serde(skip)]
    pub cache: ModelCache,
}

fn not_found(name: &str) -> ServingError {
    ServingError::missing(format!("Serving endpoint with name {name} not found"))
}

impl Serving {
    /// Settles every endpoint whose deployment has finished by `now_ms`.
    pub fn settle(&mut self, now_ms: i64) {
        self.endpoints.values_mut().for_each(|e| e.settle(now_ms));
    }

    /// `POST /api/2.0/serving-endpoints`: the endpoint starts deploying `config`.
    pub fn create(
        &mut self,
        name: &str,
        config: &Value,
        tags: &[(String, Option<String>)],
        creator: &str,
        now_ms: i64,
        version: VersionCheck,
    ) -> Result<&Endpoint, ServingError> {
        validation::endpoint_name(name)?;
        if self.endpoints.contains_key(name) {
            return Err(ServingError::exists(format!(
                "Serving endpoint with name {name} already exists"
            )));
        }
        let mut config = EndpointConfig::from_json(config)?;
        validation::config(&mut config, version)?;
        config.config_version = 1;
        config.auto_capture_config = config
            .auto_capture_config
            .map(|c| c.with_default_prefix(name));
        self.next_id += 1;
        let endpoint = Endpoint {
            name: name.to_string(),
            id: format!("{:032x}", self.next_id),
            creator: creator.to_string(),
            creation_timestamp: now_ms,
            last_updated_timestamp: now_ms,
            config: None,
            pending: Some(Pending {
                config,
                start_ms: now_ms,
                ready_ms: now_ms + DEPLOY_MS,
            }),
            tags: crate::sorting::map_of(tags.iter().cloned()),
        };
        Ok(self.endpoints.entry(name.to_string()).or_insert(endpoint))
    }

    /// `GET /api/2.0/serving-endpoints/{name}`.
    pub fn get(&mut self, name: &str, now_ms: i64) -> Result<&Endpoint, ServingError> {
        let e = self
            .endpoints
            .get_mut(name)
            .ok_or_else(|| not_found(name))?;
        e.settle(now_ms);
        Ok(e)
    }

    /// `GET /api/2.0/serving-endpoints`, by name.
    pub fn list(&mut self, now_ms: i64) -> Vec<&Endpoint> {
        self.settle(now_ms);
        self.endpoints.values().collect()
    }

    /// `PUT /api/2.0/serving-endpoints/{name}/config`: the new config deploys while the
    /// current one keeps serving. Refused while another update is in progress (the SDK says
    /// so; the wording is Lakelab's).
    pub fn update_config(
        &mut self,
        name: &str,
        config: &Value,
        now_ms: i64,
        version: VersionCheck,
    ) -> Result<&Endpoint, ServingError> {
        let mut config = EndpointConfig::from_json(config)?;
        validation::config(&mut config, version)?;
        let e = self
            .endpoints
            .get_mut(name)
            .ok_or_else(|| not_found(name))?;
        e.settle(now_ms);
        if e.pending.is_some() {
            return Err(ServingError::conflict(format!(
                "Endpoint {name} is currently updating; wait until its config_update is NOT_UPDATING, then update it again"
            )));
        }
        config.auto_capture_config = capture::carry_over(
            e.config
                .as_ref()
                .and_then(|c| c.auto_capture_config.as_ref()),
            config
                .auto_capture_config
                .map(|c| c.with_default_prefix(name)),
        )?;
        config.config_version = e.config.as_ref().map_or(1, |c| c.config_version + 1);
        e.pending = Some(Pending {
            config,
            start_ms: now_ms,
            ready_ms: now_ms + DEPLOY_MS,
        });
        e.last_updated_timestamp = now_ms;
        Ok(e)
    }

    /// Finishes `name`'s deployment now, as if [`DEPLOY_MS`] had passed: what the SDK's
    /// `*_and_wait` and `Wait.result()` stand for. A browser tab cannot block for the
    /// deployment, so Lakelab completes it at once rather than polling.
    pub fn finish_deployment(
        &mut self,
        name: &str,
        now_ms: i64,
    ) -> Result<&Endpoint, ServingError> {
        let e = self
            .endpoints
            .get_mut(name)
            .ok_or_else(|| not_found(name))?;
        if let Some(p) = &mut e.pending {
            p.ready_ms = p.ready_ms.min(now_ms);
        }
        e.settle(now_ms);
        Ok(e)
    }

    /// `PATCH /api/2.0/serving-endpoints/{name}/tags`: adds (or overwrites) and deletes tags.
    pub fn patch_tags(
        &mut self,
        name: &str,
        add: &[(String, Option<String>)],
        delete: &[String],
    ) -> Result<&Endpoint, ServingError> {
        let e = self
            .endpoints
            .get_mut(name)
            .ok_or_else(|| not_found(name))?;
        for (k, v) in add {
            e.tags.insert(k.clone(), v.clone());
        }
        for k in delete {
            e.tags.remove(k);
        }
        Ok(e)
    }

    /// `DELETE /api/2.0/serving-endpoints/{name}`.
    pub fn delete(&mut self, name: &str) -> Result<(), ServingError> {
        if let Some(log) = self.records.remove(name) {
            for k in log.chunks() {
                self.changes.mark(&segment_id(name, k));
            }
        }
        self.cache.forget_endpoint(name);
        self.endpoints
            .remove(name)
            .map(|_| ())
            .ok_or_else(|| not_found(name))
    }

    /// The served entity that answers the next request to `name`: the endpoint must be
    /// ready; the draw follows the live config's routes.
    pub fn route(&mut self, name: &str, now_ms: i64) -> Result<String, ServingError> {
        let seed = self.seed;
        let n = self.requests;
        let e = self
            .endpoints
            .get_mut(name)
            .ok_or_else(|| not_found(name))?;
        e.settle(now_ms);
        let Some(config) = &e.config else {
            return Err(ServingError::bad_request(format!(
                "Endpoint {name} is not ready yet: its first config is still deploying (state NOT_READY); query it once it is READY"
            )));
        };
        let entity = router::pick(&config.routes, router::draw(seed, n))
            .ok_or_else(|| ServingError::bad_request(format!("Endpoint {name} routes no traffic")))?
            .to_string();
        self.requests += 1;
        Ok(entity)
    }
}
