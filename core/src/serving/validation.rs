//! The rules an endpoint name and config must follow. The name rule and its message are
//! the service's; the config messages are Lakelab's wording where the service's text is not
//! documented (see `docs/reference/serving.md` §1.4–1.5).

use super::entities::{EndpointConfig, Route, WORKLOAD_SIZES};
use super::error::ServingError;

/// Most served entities in one endpoint (the SDK documents ten).
pub const MAX_SERVED_ENTITIES: usize = 10;

/// 1–63 characters of letters, digits, `-` and `_`, starting and ending with a letter or
/// digit; not the `databricks-` prefix Databricks keeps for its own endpoints.
pub fn endpoint_name(name: &str) -> Result<(), ServingError> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let edges = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if name.is_empty() || name.len() > 63 || !edges || !name.chars().all(ok_char) {
        return Err(ServingError::invalid(
            "Endpoint name must be maximum 63 characters, and alphanumeric with hyphens and underscores allowed in between.",
        ));
    }
    if name.starts_with("databricks-") {
        return Err(ServingError::invalid(format!(
            "Endpoint name '{name}' starts with 'databricks-', which is reserved for endpoints Databricks provides"
        )));
    }
    Ok(())
}

/// Checks a config and fills in the single route of a one-entity config without a
/// `traffic_config` (as the service does). `version` checks that a model version exists.
pub fn config(
    config: &mut EndpointConfig,
    version: &dyn Fn(&str, &str) -> Result<(), ServingError>,
) -> Result<(), ServingError> {
    let entities = &config.served_entities;
    if entities.is_empty() {
        return Err(ServingError::invalid(
            "served_entities is empty: an endpoint serves at least one model version",
        ));
    }
    if entities.len() > MAX_SERVED_ENTITIES {
        return Err(ServingError::invalid(format!(
            "an endpoint serves at most {MAX_SERVED_ENTITIES} entities; this config has {}",
            entities.len()
        )));
    }
    for (i, e) in entities.iter().enumerate() {
        if e.entity_version.parse::<u32>().is_err() {
            return Err(ServingError::invalid(format!(
                "entity_version '{}' is not a version number: resolve an alias to its version first, e.g. client.get_model_version_by_alias(name, 'Champion').version",
                e.entity_version
            )));
        }
        if entities[..i].iter().any(|o| o.name == e.name) {
            return Err(ServingError::invalid(format!(
                "served entity name '{}' is used twice; give each served entity its own name",
                e.name
            )));
        }
        if !e
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(ServingError::invalid(format!(
                "served entity name '{}' may hold only letters, digits, '-' and '_'",
                e.name
            )));
        }
        if !WORKLOAD_SIZES.contains(&e.workload_size.as_str()) {
            return Err(ServingError::invalid(format!(
                "workload_size '{}' is not one of {}",
                e.workload_size,
                WORKLOAD_SIZES.join(", ")
            )));
        }
        version(&e.entity_name, &e.entity_version)?;
    }
    if config.routes.is_empty() {
        if entities.len() > 1 {
            return Err(ServingError::invalid(
                "traffic_config is required when an endpoint serves more than one entity: give each served entity a route with its traffic_percentage",
            ));
        }
        config.routes = vec![Route {
            served_model_name: entities[0].name.clone(),
            traffic_percentage: 100,
        }];
        return Ok(());
    }
    for r in &config.routes {
        if !entities.iter().any(|e| e.name == r.served_model_name) {
            return Err(ServingError::invalid(format!(
                "route '{}' names no served entity of this config (served entities: {})",
                r.served_model_name,
                entities
                    .iter()
                    .map(|e| e.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    for e in entities {
        let n = config
            .routes
            .iter()
            .filter(|r| r.served_model_name == e.name)
            .count();
        if n != 1 {
            return Err(ServingError::invalid(format!(
                "served entity '{}' needs exactly one route, found {n}",
                e.name
            )));
        }
    }
    let total: u32 = config.routes.iter().map(|r| r.traffic_percentage).sum();
    if total != 100 {
        return Err(ServingError::invalid(format!(
            "traffic percentages must add up to 100, these add up to {total}"
        )));
    }
    Ok(())
}
