//! Legacy inference tables (`auto_capture_config`): where an endpoint logs its requests,
//! `<catalog>.<schema>.<table_name_prefix>_payload`.
//!
//! Rules from `docs/reference/serving.md` §5.1: the prefix defaults to the endpoint name; an
//! update that omits the setting keeps it; the location cannot change once enabled, and
//! logging cannot be enabled again after it was disabled. The refusal messages are Lakelab's
//! wording (the service's text is not documented). Lakelab's choices: `enabled` defaults to
//! `true` (every documented example sets it). The catalog and schema are checked against
//! Unity Catalog when a config is written ([`super::in_catalog::check_capture`]).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::error::ServingError;

/// An endpoint's `auto_capture_config`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutoCapture {
    pub catalog_name: String,
    pub schema_name: String,
    /// Empty until the endpoint's name fills it in ([`AutoCapture::with_default_prefix`]).
    pub table_name_prefix: String,
    pub enabled: bool,
    /// When logging began: the time the config that enabled it went live (`None` before).
    #[serde(default)]
    pub since_ms: Option<i64>,
    /// When a config that disabled logging went live.
    #[serde(default)]
    pub until_ms: Option<i64>,
}

impl AutoCapture {
    /// Reads `{catalog_name, schema_name, table_name_prefix?, enabled?}`.
    pub fn from_json(v: &Value) -> Result<AutoCapture, ServingError> {
        let text = |key: &str| -> Result<Option<String>, ServingError> {
            match v.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(other) => Err(ServingError::invalid(format!(
                    "auto_capture_config.{key} must be a string, got {other}"
                ))),
            }
        };
        if !v.is_object() {
            return Err(ServingError::invalid(
                "auto_capture_config must be an object with catalog_name, schema_name, table_name_prefix and enabled",
            ));
        }
        let required = |key: &str| {
            text(key)?.filter(|s| !s.is_empty()).ok_or_else(|| {
                ServingError::invalid(format!(
                    "auto_capture_config.{key} is required: the inference table is <catalog_name>.<schema_name>.<table_name_prefix>_payload"
                ))
            })
        };
        let enabled = match v.get("enabled") {
            None | Some(Value::Null) => true,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                return Err(ServingError::invalid(format!(
                    "auto_capture_config.enabled must be true or false, got {other}"
                )))
            }
        };
        Ok(AutoCapture {
            catalog_name: required("catalog_name")?,
            schema_name: required("schema_name")?,
            table_name_prefix: text("table_name_prefix")?.unwrap_or_default(),
            enabled,
            since_ms: None,
            until_ms: None,
        })
    }

    /// The prefix defaults to the endpoint's name.
    pub fn with_default_prefix(mut self, endpoint: &str) -> AutoCapture {
        if self.table_name_prefix.is_empty() {
            self.table_name_prefix = endpoint.to_string();
        }
        self
    }

    /// `<catalog>.<schema>.<prefix>_payload`.
    pub fn payload_table(&self) -> String {
        format!(
            "{}.{}.{}_payload",
            self.catalog_name, self.schema_name, self.table_name_prefix
        )
    }

    fn same_location(&self, other: &AutoCapture) -> bool {
        (
            &self.catalog_name,
            &self.schema_name,
            &self.table_name_prefix,
        ) == (
            &other.catalog_name,
            &other.schema_name,
            &other.table_name_prefix,
        )
    }

    /// As `config.auto_capture_config` shows it.
    pub fn to_json(&self) -> Value {
        json!({
            "catalog_name": self.catalog_name,
            "schema_name": self.schema_name,
            "table_name_prefix": self.table_name_prefix,
            "enabled": self.enabled,
            "state": {"payload_table": {"name": format!("{}_payload", self.table_name_prefix)}},
        })
    }

    /// Whether a request logged at `t` belongs in the table.
    pub fn covers(&self, t: i64) -> bool {
        self.since_ms.is_some_and(|s| t >= s) && self.until_ms.is_none_or(|u| t < u)
    }

    /// The time marks once the config holding this setting goes live at `live_ms`.
    pub fn go_live(&mut self, live_ms: i64) {
        if self.enabled {
            self.since_ms.get_or_insert(live_ms);
        } else if self.since_ms.is_some() {
            self.until_ms.get_or_insert(live_ms);
        }
    }
}

/// The setting an update leaves: `new` (checked against `current`), or `current` when the
/// update omits it.
pub fn carry_over(
    current: Option<&AutoCapture>,
    new: Option<AutoCapture>,
) -> Result<Option<AutoCapture>, ServingError> {
    let (Some(cur), Some(mut new)) = (current, new.clone()) else {
        return Ok(new.or_else(|| current.cloned()));
    };
    if !new.same_location(cur) {
        return Err(ServingError::invalid(format!(
            "The inference table of this endpoint is {}; its catalog, schema and table_name_prefix cannot be changed once set (Lakelab's wording). Keep them, or set enabled: false to stop logging",
            cur.payload_table()
        )));
    }
    if new.enabled && !cur.enabled && cur.since_ms.is_some() {
        return Err(ServingError::invalid(
            "Inference tables cannot be enabled again once disabled (Lakelab's wording); create a new endpoint to log to a new table",
        ));
    }
    new.since_ms = cur.since_ms;
    new.until_ms = if new.enabled { None } else { cur.until_ms };
    Ok(Some(new))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capture(prefix: &str, enabled: bool) -> AutoCapture {
        AutoCapture::from_json(&json!({"catalog_name": "main", "schema_name": "ml", "table_name_prefix": prefix, "enabled": enabled})).unwrap()
    }

    #[test]
    fn the_prefix_defaults_to_the_endpoint_name() {
        let c = AutoCapture::from_json(&json!({"catalog_name": "main", "schema_name": "ml"}))
            .unwrap()
            .with_default_prefix("churn");
        assert_eq!(c.payload_table(), "main.ml.churn_payload");
        assert!(c.enabled);
        assert_eq!(
            c.to_json()["state"]["payload_table"]["name"],
            "churn_payload"
        );
        let e = AutoCapture::from_json(&json!({"catalog_name": "main"})).unwrap_err();
        assert!(e.message.contains("schema_name"), "{}", e.message);
    }

    #[test]
    fn an_update_keeps_omits_and_refuses_moves() {
        let mut live = capture("a", true);
        live.go_live(100);
        assert_eq!(carry_over(Some(&live), None).unwrap(), Some(live.clone()));
        assert!(carry_over(Some(&live), Some(capture("b", true))).is_err());
        let mut off = carry_over(Some(&live), Some(capture("a", false)))
            .unwrap()
            .unwrap();
        assert_eq!(off.since_ms, Some(100));
        off.go_live(200);
        assert!(off.covers(150) && !off.covers(200) && !off.covers(99));
        assert!(carry_over(Some(&off), Some(capture("a", true))).is_err());
    }
}
