//! Registered models and model versions as MLflow's entities describe them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::models::Signature;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ModelVersion {
    pub version: u32,
    pub creation_timestamp: i64,
    pub last_updated_timestamp: i64,
    #[serde(default)]
    pub description: String,
    pub user_id: String,
    /// Workspace registry only: `None`, `Staging`, `Production` or `Archived`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_stage: Option<String>,
    /// Where the model's files are (the run's artifact location + path).
    pub source: String,
    pub run_id: String,
    /// The model's path inside the run's artifacts (to load it).
    pub model_path: String,
    pub status: String,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

crate::flat_de::map_only!(ModelVersion);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct RegisteredModel {
    pub name: String,
    pub creation_timestamp: i64,
    pub last_updated_timestamp: i64,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Alias → version.
    #[serde(default)]
    pub aliases: BTreeMap<String, u32>,
    /// Versions that exist, oldest first (deleted ones are removed).
    #[serde(default)]
    pub versions: Vec<ModelVersion>,
    /// The number the next version gets (numbers are never reused).
    pub next_version: u32,
}

crate::flat_de::map_only!(RegisteredModel);

impl RegisteredModel {
    pub fn new(name: &str, now: i64) -> Self {
        RegisteredModel {
            name: name.to_string(),
            creation_timestamp: now,
            last_updated_timestamp: now,
            description: String::new(),
            tags: BTreeMap::new(),
            aliases: BTreeMap::new(),
            versions: Vec::new(),
            next_version: 1,
        }
    }

    pub fn version(&self, v: u32) -> Option<&ModelVersion> {
        self.versions.iter().find(|x| x.version == v)
    }

    pub fn version_mut(&mut self, v: u32) -> Option<&mut ModelVersion> {
        self.versions.iter_mut().find(|x| x.version == v)
    }

    /// The aliases pointing at version `v`, sorted.
    pub fn aliases_of(&self, v: u32) -> Vec<String> {
        self.aliases
            .iter()
            .filter(|(_, x)| **x == v)
            .map(|(a, _)| a.clone())
            .collect()
    }
}
