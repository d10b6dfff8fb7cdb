//! The data columns of the runs table (metrics, params, tags) and which of them show.

use std::collections::BTreeMap;

use lakelab_core::tracking::Run;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Metric,
    Param,
    Tag,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::Metric => "Metrics",
            Group::Param => "Parameters",
            Group::Tag => "Tags",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Group::Metric => "metrics",
            Group::Param => "params",
            Group::Tag => "tags",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DataColumn {
    pub group: Group,
    pub key: String,
}

impl DataColumn {
    /// `metrics.accuracy`: the id the picker and the visibility map use.
    pub fn id(&self) -> String {
        format!("{}.{}", self.group.prefix(), self.key)
    }

    /// The `order_by` identifier, backquoted so any key works.
    pub fn order_key(&self) -> String {
        format!("{}.`{}`", self.group.prefix(), self.key)
    }

    /// Shown unless the learner chose otherwise: metrics and params yes, tags no (as many
    /// tags are bookkeeping).
    pub fn shown_by_default(&self) -> bool {
        self.group != Group::Tag
    }

    pub fn is_shown(&self, overrides: &BTreeMap<String, bool>) -> bool {
        overrides
            .get(&self.id())
            .copied()
            .unwrap_or_else(|| self.shown_by_default())
    }

    /// The cell text for a run (empty when the run lacks the key).
    pub fn cell(&self, run: &Run) -> String {
        match self.group {
            Group::Metric => run.data.metrics.get(&self.key).map(|v| number(*v)),
            Group::Param => run.data.params.get(&self.key).cloned(),
            Group::Tag => run.data.tags.get(&self.key).cloned(),
        }
        .unwrap_or_default()
    }
}

/// A metric value as the table shows it: up to 4 decimals, no trailing zeros.
pub fn number(v: f64) -> String {
    if v.is_finite() && v.fract() != 0.0 {
        format!("{v:.4}").trim_end_matches('0').to_string()
    } else {
        format!("{v}")
    }
}

/// Every column the runs have: metrics, params, then tags other than MLflow's own
/// (`mlflow.*`), each sorted by key.
pub fn available(runs: &[Run]) -> Vec<DataColumn> {
    let mut set = std::collections::BTreeSet::new();
    for run in runs {
        for k in run.data.metrics.keys() {
            set.insert((Group::Metric, k.clone()));
        }
        for k in run.data.params.keys() {
            set.insert((Group::Param, k.clone()));
        }
        for k in run.data.tags.keys().filter(|k| !k.starts_with("mlflow.")) {
            set.insert((Group::Tag, k.clone()));
        }
    }
    set.into_iter()
        .map(|(group, key)| DataColumn { group, key })
        .collect()
}
