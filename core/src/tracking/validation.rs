//! MLflow's input checks and limits, with its messages (mlflow/utils/validation.py).

use super::error::MlflowError;

pub const MAX_ENTITY_KEY_LENGTH: usize = 250;
pub const MAX_PARAM_VAL_LENGTH: usize = 6000;
pub const MAX_TAG_VAL_LENGTH: usize = 5000;
pub const MAX_EXPERIMENT_NAME_LENGTH: usize = 500;
pub const MAX_EXPERIMENT_TAG_VAL_LENGTH: usize = 5000;
pub const MAX_PARAMS_TAGS_PER_BATCH: usize = 100;
pub const MAX_METRICS_PER_BATCH: usize = 1000;
pub const MAX_ENTITIES_PER_BATCH: usize = 1000;

const BAD_CHARACTERS: &str = "Names may only contain alphanumerics, underscores (_), dashes (-), \
                              periods (.), spaces ( ), and slashes (/).";

/// Python's `posixpath.normpath`.
pub fn normpath(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let absolute = path.starts_with('/');
    // POSIX keeps exactly two leading slashes; more collapse to one.
    let initial = if absolute && path.starts_with("//") && !path.starts_with("///") {
        "//"
    } else if absolute {
        "/"
    } else {
        ""
    };
    let mut parts: Vec<&str> = Vec::new();
    for comp in path.split('/') {
        match comp {
            "" | "." => {}
            ".." => {
                if !absolute && (parts.is_empty() || parts.last() == Some(&"..")) {
                    parts.push("..");
                } else if !parts.is_empty() {
                    parts.pop();
                }
            }
            other => parts.push(other),
        }
    }
    let joined = format!("{initial}{}", parts.join("/"));
    if joined.is_empty() {
        ".".into()
    } else {
        joined
    }
}

fn name_chars_ok(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '/' | '.' | '-' | ' '))
}

/// Whether `path` is relative and already normalised (no empty, `.` or `..` parts), i.e.
/// `normpath(path) == path` and it stays inside its root: checked without allocating, since
/// every logged key passes here.
pub fn is_plain_path(path: &str) -> bool {
    // MLflow also refuses anything whose normal form starts with "..", such as "..x".
    !path.is_empty()
        && !path.starts_with("..")
        && path.split('/').all(|part| !matches!(part, "" | "." | ".."))
}

/// Checks a metric, parameter or tag name (`kind` = "metric", "parameter", "tag").
pub fn validate_name(kind: &str, name: &str) -> Result<(), MlflowError> {
    if !name_chars_ok(name) {
        return Err(MlflowError::invalid(format!(
            "Invalid {kind} name: '{name}'. {BAD_CHARACTERS}"
        )));
    }
    if is_plain_path(name) {
        return Ok(());
    }
    let norm = normpath(name);
    if norm != name || norm == "." || norm.starts_with("..") || norm.starts_with('/') {
        return Err(MlflowError::invalid(format!(
            "Invalid {kind} name: '{name}'. Names may be treated as files in certain cases, and \
             must not resolve to other names when treated as such. This name would resolve to \
             '{norm}'"
        )));
    }
    Ok(())
}

/// `_validate_length_limit` (without truncation: Lakelab reports, like MLflow's default).
pub fn validate_length(entity: &str, limit: usize, value: &str) -> Result<(), MlflowError> {
    let len = value.chars().count();
    if len <= limit {
        return Ok(());
    }
    let head: String = value.chars().take(250).collect();
    Err(MlflowError::invalid(format!(
        "{entity} '{head}' had length {len}, which exceeded length limit of {limit}"
    )))
}

pub fn validate_param(key: &str, value: &str) -> Result<(), MlflowError> {
    validate_name("parameter", key)?;
    validate_length("Param key", MAX_ENTITY_KEY_LENGTH, key)?;
    validate_length("Param value", MAX_PARAM_VAL_LENGTH, value)
}

pub fn validate_tag(key: &str, value: &str) -> Result<(), MlflowError> {
    validate_name("tag", key)?;
    validate_length("Tag key", MAX_ENTITY_KEY_LENGTH, key)?;
    validate_length("Tag value", MAX_TAG_VAL_LENGTH, value)
}

pub fn validate_experiment_tag(key: &str, value: &str) -> Result<(), MlflowError> {
    validate_name("tag", key)?;
    validate_length("Tag key", MAX_ENTITY_KEY_LENGTH, key)?;
    validate_length("Tag value", MAX_EXPERIMENT_TAG_VAL_LENGTH, value)
}

pub fn validate_metric(key: &str, timestamp: i64) -> Result<(), MlflowError> {
    validate_name("metric", key)?;
    if timestamp < 0 {
        return Err(MlflowError::invalid(format!(
            "Got invalid timestamp {timestamp} for metric '{key}'. Timestamp must be a \
             nonnegative long (64-bit integer) "
        )));
    }
    validate_length("Metric name", MAX_ENTITY_KEY_LENGTH, key)
}

pub fn validate_experiment_name(name: &str) -> Result<(), MlflowError> {
    if name.is_empty() {
        return Err(MlflowError::invalid(format!(
            "Invalid experiment name: '{name}'"
        )));
    }
    if name.chars().count() > MAX_EXPERIMENT_NAME_LENGTH {
        return Err(MlflowError::invalid(format!(
            "Experiment name exceeds the maximum length of {MAX_EXPERIMENT_NAME_LENGTH} characters"
        )));
    }
    Ok(())
}

/// `_validate_batch_limit`.
pub fn validate_batch_limit(entity: &str, limit: usize, length: usize) -> Result<(), MlflowError> {
    if length > limit {
        return Err(MlflowError::invalid(format!(
            "A batch logging request can contain at most {limit} {entity}. Got {length} \
             {entity}. Please split up {entity} across multiple requests and try again."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_agrees_with_normpath() {
        for name in [
            "a", "a/b", ".a", "a.b", "..x", "a/..b", "./a", "a/.", "a//b", "/a", "a/", "..", ".",
            "a/../b", "x..", "a b/c",
        ] {
            let norm = normpath(name);
            let slow =
                !(norm != name || norm == "." || norm.starts_with("..") || norm.starts_with('/'));
            assert_eq!(is_plain_path(name), slow, "{name}");
        }
    }

    #[test]
    fn normpath_matches_python() {
        for (input, out) in [
            ("", "."),
            ("a", "a"),
            ("a/b", "a/b"),
            ("a//b", "a/b"),
            ("a/./b", "a/b"),
            ("a/../b", "b"),
            ("../a", "../a"),
            ("/a", "/a"),
            ("//a", "//a"),
            ("///a", "/a"),
            ("a/", "a"),
            ("/..", "/"),
            ("a/b/../..", "."),
        ] {
            assert_eq!(normpath(input), out, "{input:?}");
        }
    }

    #[test]
    fn names() {
        for ok in ["acc", "val loss", "train/acc", "a.b-c_d", "métrique", "0"] {
            assert!(validate_name("metric", ok).is_ok(), "{ok}");
        }
        for (bad, part) in [
            ("a:b", "Names may only contain"),
            ("a*b", "Names may only contain"),
            ("", "would resolve to '.'"),
            ("/abs", "would resolve to '/abs'"),
            ("a//b", "would resolve to 'a/b'"),
            ("../up", "would resolve to '../up'"),
            ("a/", "would resolve to 'a'"),
        ] {
            let e = validate_name("metric", bad).unwrap_err();
            assert!(e.message.contains(part), "{bad:?}: {}", e.message);
            assert!(e
                .message
                .starts_with(&format!("Invalid metric name: '{bad}'")));
        }
    }

    #[test]
    fn lengths() {
        assert!(validate_param("k", &"v".repeat(6000)).is_ok());
        let e = validate_param("k", &"v".repeat(6001)).unwrap_err();
        assert!(e
            .message
            .ends_with("had length 6001, which exceeded length limit of 6000"));
        assert!(validate_tag(&"k".repeat(251), "v").is_err());
        assert!(validate_tag("k", &"v".repeat(5001)).is_err());
        assert!(validate_experiment_name(&"e".repeat(501)).is_err());
        assert!(validate_experiment_name("").is_err());
        assert!(validate_metric("m", -1).is_err());
    }
}
