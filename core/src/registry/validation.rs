//! The registry's argument rules, with MLflow's messages (mlflow/utils/validation.py).

use crate::tracking::MlflowError;

pub const MAX_TAG_KEY: usize = 250;
pub const MAX_TAG_VALUE: usize = 5000;
pub const MAX_ALIAS: usize = 255;

fn length(entity: &str, value: &str, limit: usize) -> Result<(), MlflowError> {
    let n = value.chars().count();
    if n > limit {
        let head: String = value.chars().take(250).collect();
        return Err(MlflowError::invalid(format!(
            "{entity} '{head}' had length {n}, which exceeded length limit of {limit}"
        )));
    }
    Ok(())
}

pub fn model_name(name: &str) -> Result<(), MlflowError> {
    if name.is_empty() {
        return Err(MlflowError::invalid(
            "Registered model name cannot be empty.",
        ));
    }
    Ok(())
}

/// A version given as an int or its text (`"2"`).
pub fn version(text: &str) -> Result<u32, MlflowError> {
    text.trim().parse::<u32>().map_err(|_| {
        MlflowError::invalid(format!("Model version must be an integer, got '{text}'"))
    })
}

pub fn alias(alias: &str) -> Result<(), MlflowError> {
    if alias.is_empty() {
        return Err(MlflowError::invalid(
            "Registered model alias name cannot be empty.",
        ));
    }
    if !alias
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return Err(MlflowError::invalid(format!(
            "Invalid alias name: '{alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-)."
        )));
    }
    length("Registered model alias name", alias, MAX_ALIAS)?;
    if alias.eq_ignore_ascii_case("latest") {
        return Err(MlflowError::invalid(
            "'latest' alias name (case insensitive) is reserved.",
        ));
    }
    let mut chars = alias.chars();
    if matches!(chars.next(), Some('v' | 'V'))
        && alias.len() > 1
        && chars.all(|c| c.is_ascii_digit())
    {
        return Err(MlflowError::invalid(format!(
            "Version alias name '{alias}' is reserved."
        )));
    }
    Ok(())
}

fn tag_key(key: &str) -> Result<(), MlflowError> {
    if !key
        .chars()
        .all(|c| c.is_alphanumeric() || "_-. :/".contains(c))
    {
        return Err(MlflowError::invalid(format!(
            "Invalid value \"{key}\" for parameter 'key' supplied: Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/)."
        )));
    }
    Ok(())
}

pub fn model_tag(key: &str, value: &str) -> Result<(), MlflowError> {
    tag_key(key)?;
    length("Registered model key", key, MAX_TAG_KEY)?;
    length("Registered model value", value, MAX_TAG_VALUE)
}

pub fn version_tag(key: &str, value: Option<&str>) -> Result<(), MlflowError> {
    tag_key(key)?;
    let Some(value) = value else {
        return Err(MlflowError::invalid("Tag value cannot be None"));
    };
    length("Model version key", key, MAX_TAG_KEY)?;
    length("Model version value", value, MAX_TAG_VALUE)
}

/// The workspace registry's stages, canonical spelling from any case.
pub fn stage(text: &str) -> Result<String, MlflowError> {
    ["None", "Staging", "Production", "Archived"]
        .iter()
        .find(|s| s.eq_ignore_ascii_case(text.trim()))
        .map(|s| s.to_string())
        .ok_or_else(|| {
            MlflowError::invalid(format!(
                "Invalid Model Version stage: {text}. Value must be one of None, Staging, Production, Archived."
            ))
        })
}
