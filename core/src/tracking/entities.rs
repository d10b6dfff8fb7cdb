//! MLflow's tracking entities as plain data (mlflow/entities).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `RunStatus`: FINISHED, FAILED and KILLED are terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RunStatus {
    Running,
    Scheduled,
    Finished,
    Failed,
    Killed,
}

impl RunStatus {
    pub const ALL: [RunStatus; 5] = [
        RunStatus::Running,
        RunStatus::Scheduled,
        RunStatus::Finished,
        RunStatus::Failed,
        RunStatus::Killed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "RUNNING",
            RunStatus::Scheduled => "SCHEDULED",
            RunStatus::Finished => "FINISHED",
            RunStatus::Failed => "FAILED",
            RunStatus::Killed => "KILLED",
        }
    }

    /// Parses MLflow's status strings (exact, upper case, as `RunStatus.from_string`).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn is_terminated(self) -> bool {
        matches!(
            self,
            RunStatus::Finished | RunStatus::Failed | RunStatus::Killed
        )
    }
}

/// `LifecycleStage`: soft-deleted entities are `deleted`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LifecycleStage {
    Active,
    Deleted,
}

impl LifecycleStage {
    pub fn as_str(self) -> &'static str {
        match self {
            LifecycleStage::Active => "active",
            LifecycleStage::Deleted => "deleted",
        }
    }
}

/// `ViewType` for searches: ACTIVE_ONLY (the default), DELETED_ONLY, ALL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ViewType {
    #[default]
    ActiveOnly,
    DeletedOnly,
    All,
}

impl ViewType {
    pub fn includes(self, stage: LifecycleStage) -> bool {
        match self {
            ViewType::ActiveOnly => stage == LifecycleStage::Active,
            ViewType::DeletedOnly => stage == LifecycleStage::Deleted,
            ViewType::All => true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Experiment {
    pub experiment_id: String,
    pub name: String,
    pub artifact_location: String,
    pub lifecycle_stage: LifecycleStage,
    pub tags: BTreeMap<String, String>,
    pub creation_time: i64,
    pub last_update_time: i64,
}

crate::flat_de::map_only!(Experiment);

/// One logged metric point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Metric {
    pub key: String,
    #[serde(with = "json_f64")]
    pub value: f64,
    pub timestamp: i64,
    pub step: i64,
}

crate::flat_de::map_only!(Metric);

impl Metric {
    /// MLflow's "latest value" order: larger step, then later timestamp, then larger value
    /// (NaN counts as smaller than any number here, so a real value wins a full tie).
    pub fn is_newer_than(&self, other: &Metric) -> bool {
        (self.step, self.timestamp)
            .cmp(&(other.step, other.timestamp))
            .then_with(|| self.value.total_cmp(&other.value))
            .is_gt()
    }
}

/// `RunInfo`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct RunInfo {
    pub run_id: String,
    pub run_name: String,
    pub experiment_id: String,
    pub user_id: String,
    pub status: RunStatus,
    pub start_time: i64,
    pub end_time: Option<i64>,
    pub artifact_uri: String,
    pub lifecycle_stage: LifecycleStage,
}

crate::flat_de::map_only!(RunInfo);

/// `RunData`: the latest value of each metric, params and tags.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunData {
    pub metrics: BTreeMap<String, f64>,
    pub params: BTreeMap<String, String>,
    pub tags: BTreeMap<String, String>,
}

/// `Run` as `get_run` and `search_runs` return it.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub info: RunInfo,
    pub data: RunData,
}

/// JSON has no NaN or infinities: they are written as the strings "NaN", "Infinity" and
/// "-Infinity" (the spelling Python's json module uses), numbers as numbers.
pub mod json_f64 {
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_nan() {
            s.serialize_str("NaN")
        } else if v.is_infinite() {
            s.serialize_str(if *v > 0.0 { "Infinity" } else { "-Infinity" })
        } else {
            s.serialize_f64(*v)
        }
    }

    /// A hand-written visitor: a derived untagged enum would buffer every metric value
    /// into serde's `Content` first (see `crate::flat_de`).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        d.deserialize_any(ValueVisitor)
    }

    struct ValueVisitor;

    impl<'de> Visitor<'de> for ValueVisitor {
        type Value = f64;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
            Ok(v)
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
            Ok(v as f64)
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
            Ok(v as f64)
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
            match v {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                other => Err(E::custom(format!("'{other}' is not a metric value"))),
            }
        }
    }
}
