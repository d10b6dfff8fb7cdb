//! Schema migrations: each step upgrades the JSON payload of one schema version to the next.
//!
//! Steps work on `serde_json::Value`, not on Rust types, so old shapes never need to stay
//! compilable. They run in order until the payload reaches the document's current version.

use serde_json::Value;

use super::error::LoadError;

/// One upgrade step, from schema `from` to `from + 1`.
pub struct Migration {
    pub from: u32,
    /// What changed, for the learner's "upgraded your data" notice and for maintainers.
    pub describe: &'static str,
    pub apply: fn(Value) -> Result<Value, String>,
}

/// Upgrades `payload` from schema `found` to `current` with `steps`.
///
/// A version newer than `current` is refused (this build cannot know its meaning), as is a
/// version with a missing step or 0.
pub fn upgrade(
    mut payload: Value,
    found: u32,
    current: u32,
    steps: &[Migration],
) -> Result<Value, LoadError> {
    if found > current {
        return Err(LoadError::NewerSchema {
            found,
            supported: current,
        });
    }
    if found == 0 {
        return Err(LoadError::MigrationFailed {
            found,
            reason: "schema versions start at 1".into(),
        });
    }
    let mut version = found;
    while version < current {
        let step =
            steps
                .iter()
                .find(|s| s.from == version)
                .ok_or_else(|| LoadError::MigrationFailed {
                    found,
                    reason: format!("no upgrade step from schema {version}"),
                })?;
        payload = (step.apply)(payload).map_err(|reason| LoadError::MigrationFailed {
            found,
            reason: format!("upgrading schema {version}: {reason}"),
        })?;
        version += 1;
    }
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn add_field(mut v: Value) -> Result<Value, String> {
        v.as_object_mut()
            .ok_or("not an object")?
            .insert("added".into(), json!(true));
        Ok(v)
    }
    fn rename(mut v: Value) -> Result<Value, String> {
        let obj = v.as_object_mut().ok_or("not an object")?;
        let old = obj.remove("added").ok_or("missing 'added'")?;
        obj.insert("renamed".into(), old);
        Ok(v)
    }
    const STEPS: &[Migration] = &[
        Migration {
            from: 1,
            describe: "add",
            apply: add_field,
        },
        Migration {
            from: 2,
            describe: "rename",
            apply: rename,
        },
    ];

    #[test]
    fn runs_every_step_in_order() {
        let out = upgrade(json!({}), 1, 3, STEPS).unwrap();
        assert_eq!(out, json!({"renamed": true}));
        let out = upgrade(json!({"added": 5}), 2, 3, STEPS).unwrap();
        assert_eq!(out, json!({"renamed": 5}));
        assert_eq!(
            upgrade(json!({"x": 1}), 3, 3, STEPS).unwrap(),
            json!({"x": 1})
        );
    }

    #[test]
    fn refuses_newer_missing_and_failing_steps() {
        assert_eq!(
            upgrade(json!({}), 4, 3, STEPS),
            Err(LoadError::NewerSchema {
                found: 4,
                supported: 3
            })
        );
        assert!(matches!(
            upgrade(json!({}), 1, 3, &STEPS[1..]),
            Err(LoadError::MigrationFailed { found: 1, .. })
        ));
        let err = upgrade(json!([]), 1, 3, STEPS).unwrap_err();
        assert!(
            err.to_string()
                .contains("upgrading schema 1: not an object"),
            "{err}"
        );
        assert!(upgrade(json!({}), 0, 3, STEPS).is_err());
    }
}
