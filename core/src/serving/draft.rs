//! What the Serving page's create / edit form holds, turned into the config JSON that
//! `POST /api/2.0/serving-endpoints` and `PUT …/config` take. An alias (`@Champion`) is
//! resolved to its version here, as the documented deployment workflow does with
//! `get_model_version_by_alias`: the endpoint then serves that version until its next config
//! update, wherever the alias moves.

use serde_json::{json, Value};

use super::error::ServingError;

/// One served entity as picked: a registered model and a version number or `@alias`.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftEntity {
    pub entity_name: String,
    pub version: String,
}

/// The form: one or two entities; with two, `first_percentage` of the traffic goes to the
/// first and the rest to the second.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub entities: Vec<DraftEntity>,
    pub first_percentage: u32,
    pub workload_size: String,
    pub scale_to_zero_enabled: bool,
}

/// An alias the draft named, and the version it stood for at submit time.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub entity_name: String,
    pub alias: String,
    pub version: String,
}

/// The served entity's default name, `<model short name>-<version>` (as the API names it).
pub fn default_name(entity_name: &str, version: &str) -> String {
    let short = entity_name.rsplit('.').next().unwrap_or(entity_name);
    format!("{short}-{version}")
}

impl Draft {
    /// The config JSON, with aliases resolved by `alias(model, alias) -> version`. Checks
    /// that need the registry (the version exists) are left to the endpoint's own validation.
    pub fn to_config(
        &self,
        alias: &dyn Fn(&str, &str) -> Result<String, ServingError>,
    ) -> Result<(Value, Vec<Resolved>), ServingError> {
        if self.entities.is_empty() {
            return Err(ServingError::invalid(
                "choose a registered model to serve: an endpoint serves at least one model version",
            ));
        }
        if self.entities.len() > 2 {
            return Err(ServingError::invalid(
                "the form splits traffic between at most two served entities; send a config with more routes through the API",
            ));
        }
        let mut resolved = Vec::new();
        let mut entities = Vec::new();
        let mut routes = Vec::new();
        for (i, e) in self.entities.iter().enumerate() {
            let entity_name = e.entity_name.trim();
            if entity_name.is_empty() {
                return Err(ServingError::invalid(format!(
                    "served entity {} has no model: choose a registered model",
                    i + 1
                )));
            }
            let version = match e.version.trim().strip_prefix('@') {
                Some(a) => {
                    let v = alias(entity_name, a)?;
                    resolved.push(Resolved {
                        entity_name: entity_name.to_string(),
                        alias: a.to_string(),
                        version: v.clone(),
                    });
                    v
                }
                None => e.version.trim().to_string(),
            };
            let name = default_name(entity_name, &version);
            let share = match (self.entities.len(), i) {
                (1, _) => 100,
                (_, 0) => self.first_percentage.min(100),
                _ => 100 - self.first_percentage.min(100),
            };
            routes.push(json!({"served_model_name": name, "traffic_percentage": share}));
            entities.push(json!({
                "name": name,
                "entity_name": entity_name,
                "entity_version": version,
                "workload_size": self.workload_size,
                "scale_to_zero_enabled": self.scale_to_zero_enabled,
            }));
        }
        let mut config = json!({"served_entities": entities});
        if self.entities.len() > 1 {
            config["traffic_config"] = json!({ "routes": routes });
        }
        Ok((config, resolved))
    }
}
