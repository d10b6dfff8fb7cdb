//! A serving endpoint and its config, as the REST API shows them
//! (`ServingEndpointDetailed`, `EndpointCoreConfigOutput`, `ServedEntityOutput`, `Route`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::capture::AutoCapture;
use super::error::ServingError;

/// `workload_size` when a request leaves it out. Lakelab's choice: the docs do not state the
/// default, and a real response filled in `Small` for a request without one.
pub const DEFAULT_WORKLOAD_SIZE: &str = "Small";
/// The sizes the API names (custom sizes are not simulated).
pub const WORKLOAD_SIZES: [&str; 3] = ["Small", "Medium", "Large"];

/// One model version an endpoint serves (`served_entities[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServedEntity {
    pub name: String,
    /// A registered model: `catalog.schema.model` (Unity Catalog) or a workspace-registry name.
    pub entity_name: String,
    /// A version number, as text (the API's type).
    pub entity_version: String,
    pub workload_size: String,
    pub scale_to_zero_enabled: bool,
}

/// `traffic_config.routes[]`: the share of requests one served entity gets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub served_model_name: String,
    pub traffic_percentage: u32,
}

/// What an endpoint serves and how requests are split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndpointConfig {
    pub served_entities: Vec<ServedEntity>,
    pub routes: Vec<Route>,
    pub config_version: u64,
    /// The legacy inference table (see [`super::capture`]).
    #[serde(default)]
    pub auto_capture_config: Option<AutoCapture>,
}

/// A config being deployed: live at `ready_ms`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub config: EndpointConfig,
    pub start_ms: i64,
    pub ready_ms: i64,
}

/// A serving endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    pub name: String,
    pub id: String,
    pub creator: String,
    pub creation_timestamp: i64,
    pub last_updated_timestamp: i64,
    /// The config serving requests; `None` until the first deployment finishes.
    pub config: Option<EndpointConfig>,
    pub pending: Option<Pending>,
    #[serde(default)]
    pub tags: BTreeMap<String, Option<String>>,
}

impl Endpoint {
    /// Makes a pending config live once its deployment time has passed.
    pub fn settle(&mut self, now_ms: i64) {
        if let Some(mut p) = self.pending.take() {
            if now_ms >= p.ready_ms {
                if let Some(c) = &mut p.config.auto_capture_config {
                    c.go_live(p.ready_ms);
                }
                self.config = Some(p.config);
                self.last_updated_timestamp = p.ready_ms;
            } else {
                self.pending = Some(p);
            }
        }
    }

    /// `state.ready`: `READY` once a config is live (an update in progress keeps it ready).
    pub fn ready(&self) -> &'static str {
        if self.config.is_some() {
            "READY"
        } else {
            "NOT_READY"
        }
    }

    /// `state.config_update`.
    pub fn config_update(&self) -> &'static str {
        if self.pending.is_some() {
            "IN_PROGRESS"
        } else {
            "NOT_UPDATING"
        }
    }

    /// The endpoint as `GET /api/2.0/serving-endpoints/{name}` returns it.
    pub fn to_json(&self) -> Value {
        let mut out = json!({
            "name": self.name,
            "id": self.id,
            "creator": self.creator,
            "creation_timestamp": self.creation_timestamp,
            "last_updated_timestamp": self.last_updated_timestamp,
            "state": {"ready": self.ready(), "config_update": self.config_update()},
            "tags": self.tags.iter().map(|(k, v)| match v {
                Some(v) => json!({"key": k, "value": v}),
                None => json!({"key": k}),
            }).collect::<Vec<_>>(),
            "permission_level": "CAN_MANAGE",
            "route_optimized": false,
        });
        if let Some(c) = &self.config {
            out["config"] = c.to_json(self.creation_timestamp, &self.creator, "DEPLOYMENT_READY");
        }
        if let Some(p) = &self.pending {
            let mut pending = p
                .config
                .to_json(p.start_ms, &self.creator, "DEPLOYMENT_CREATING");
            pending["start_time"] = json!(p.start_ms);
            out["pending_config"] = pending;
        }
        out
    }
}

impl EndpointConfig {
    /// The route of a served entity (its share of traffic).
    pub fn share_of(&self, entity: &str) -> u32 {
        self.routes
            .iter()
            .find(|r| r.served_model_name == entity)
            .map_or(0, |r| r.traffic_percentage)
    }

    fn to_json(&self, created: i64, creator: &str, deployment: &str) -> Value {
        let mut out = self.core_json(created, creator, deployment);
        if let Some(c) = &self.auto_capture_config {
            out["auto_capture_config"] = c.to_json();
        }
        out
    }

    fn core_json(&self, created: i64, creator: &str, deployment: &str) -> Value {
        let message = if deployment == "DEPLOYMENT_READY" {
            ""
        } else {
            "Creating resources for served entity."
        };
        json!({
            "served_entities": self.served_entities.iter().map(|e| json!({
                "name": e.name,
                "entity_name": e.entity_name,
                "entity_version": e.entity_version,
                "workload_size": e.workload_size,
                "workload_type": "CPU",
                "scale_to_zero_enabled": e.scale_to_zero_enabled,
                "creator": creator,
                "creation_timestamp": created,
                "state": {"deployment": deployment, "deployment_state_message": message},
            })).collect::<Vec<_>>(),
            "traffic_config": {"routes": self.routes.iter().map(|r| json!({
                "served_model_name": r.served_model_name,
                "served_entity_name": r.served_model_name,
                "traffic_percentage": r.traffic_percentage,
            })).collect::<Vec<_>>()},
            "config_version": self.config_version,
        })
    }

    /// Reads a config as `create` / `PUT .../config` take it: `served_entities` (or the
    /// legacy `served_models`) and `traffic_config`. Rules are checked by
    /// [`super::validation::config`].
    pub fn from_json(v: &Value) -> Result<EndpointConfig, ServingError> {
        let obj = v
            .as_object()
            .ok_or_else(|| ServingError::invalid("config must be a JSON object"))?;
        let (list, legacy) =
            match (obj.get("served_entities"), obj.get("served_models")) {
                (Some(_), Some(_)) => {
                    return Err(ServingError::invalid(
                        "config can hold served_entities or the legacy served_models, not both",
                    ))
                }
                (Some(l), None) => (l, false),
                (None, Some(l)) => (l, true),
                (None, None) => return Err(ServingError::invalid(
                    "config.served_entities is required: the model versions the endpoint serves",
                )),
            };
        let items = list
            .as_array()
            .ok_or_else(|| ServingError::invalid("served_entities must be a list"))?;
        let (name_key, version_key) = if legacy {
            ("model_name", "model_version")
        } else {
            ("entity_name", "entity_version")
        };
        let mut served_entities = Vec::new();
        for item in items {
            let text = |key: &str| -> Result<Option<String>, ServingError> {
                match item.get(key) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::String(s)) => Ok(Some(s.clone())),
                    Some(Value::Number(n)) if key == version_key => Ok(Some(n.to_string())),
                    Some(other) => Err(ServingError::invalid(format!(
                        "{key} must be a string, got {other}"
                    ))),
                }
            };
            let entity_name = text(name_key)?
                .ok_or_else(|| ServingError::invalid(format!("{name_key} is required")))?;
            let entity_version = text(version_key)?
                .ok_or_else(|| ServingError::invalid(format!("{version_key} is required")))?;
            let short = entity_name.rsplit('.').next().unwrap_or(&entity_name);
            let name = text("name")?.unwrap_or_else(|| format!("{short}-{entity_version}"));
            let workload_size =
                text("workload_size")?.unwrap_or_else(|| DEFAULT_WORKLOAD_SIZE.to_string());
            let scale_to_zero_enabled = match item.get("scale_to_zero_enabled") {
                None | Some(Value::Null) => true,
                Some(Value::Bool(b)) => *b,
                Some(other) => {
                    return Err(ServingError::invalid(format!(
                        "scale_to_zero_enabled must be true or false, got {other}"
                    )))
                }
            };
            served_entities.push(ServedEntity {
                name,
                entity_name,
                entity_version,
                workload_size,
                scale_to_zero_enabled,
            });
        }
        let routes = match obj.get("traffic_config") {
            None | Some(Value::Null) => Vec::new(),
            Some(t) => {
                let routes = t
                    .get("routes")
                    .and_then(Value::as_array)
                    .ok_or_else(|| ServingError::invalid("traffic_config.routes must be a list"))?;
                routes
                    .iter()
                    .map(route_from_json)
                    .collect::<Result<Vec<_>, _>>()?
            }
        };
        let auto_capture_config = match obj.get("auto_capture_config") {
            None | Some(Value::Null) => None,
            Some(c) => Some(AutoCapture::from_json(c)?),
        };
        Ok(EndpointConfig {
            served_entities,
            routes,
            config_version: 0,
            auto_capture_config,
        })
    }
}

fn route_from_json(r: &Value) -> Result<Route, ServingError> {
    let name = r
        .get("served_model_name")
        .or_else(|| r.get("served_entity_name"))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            ServingError::invalid("each route needs served_model_name (or served_entity_name)")
        })?;
    let pct = match r.get("traffic_percentage") {
        Some(Value::Number(n)) => n.as_u64(),
        // The docs' examples send percentages as strings ("90").
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    let pct = pct.filter(|p| *p <= 100).ok_or_else(|| {
        ServingError::invalid(format!(
            "traffic_percentage of route '{name}' must be a whole number from 0 to 100"
        ))
    })?;
    Ok(Route {
        served_model_name: name.to_string(),
        traffic_percentage: pct as u32,
    })
}
