//! Learner progress (kept in localStorage by the UI, exported with the workspace).
//!
//! Today it records where the learner was, so the Learn page can offer to continue there;
//! exercise and quiz results join it with the curriculum.

use serde::{Deserialize, Serialize};

use crate::persist::Document;

/// Longest route kept (the UI's own paths are far shorter).
const MAX_ROUTE_CHARS: usize = 200;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
#[serde(default)]
pub struct Progress {
    /// When the learner first opened Lakelab (epoch milliseconds).
    pub started_at_ms: Option<i64>,
    /// The last page visited, as an app path such as `/notebook`.
    pub last_route: Option<String>,
}

crate::flat_de::map_only!(Progress);

impl Progress {
    /// Records a visit at `now_ms`; returns whether anything changed (so the UI saves only then).
    pub fn visit(&mut self, route: &str, now_ms: i64) -> bool {
        let route: String = route.chars().take(MAX_ROUTE_CHARS).collect();
        let first = self.started_at_ms.is_none();
        self.started_at_ms.get_or_insert(now_ms);
        if self.last_route.as_deref() == Some(route.as_str()) {
            return first;
        }
        self.last_route = Some(route);
        true
    }
}

impl Document for Progress {
    const KIND: &'static str = "progress";
    const SCHEMA_VERSION: u32 = 1;
    const MERGES: bool = true;

    fn validate(&self) -> Result<(), String> {
        match &self.last_route {
            Some(r) if !r.starts_with('/') || r.chars().count() > MAX_ROUTE_CHARS => {
                Err(format!("'{r}' is not an app path"))
            }
            _ => Ok(()),
        }
    }

    /// Two tabs record visits independently: keep the earliest start; this tab's last page is
    /// the most recent one the learner saw here.
    fn merge(&mut self, theirs: Self) -> bool {
        self.started_at_ms = match (self.started_at_ms, theirs.started_at_ms) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if self.last_route.is_none() {
            self.last_route = theirs.last_route;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visits_record_start_and_last_route() {
        let mut p = Progress::default();
        assert!(p.visit("/learn", 10));
        assert!(!p.visit("/learn", 20));
        assert!(p.visit("/quiz", 30));
        assert_eq!(p.started_at_ms, Some(10));
        assert_eq!(p.last_route.as_deref(), Some("/quiz"));
        assert!(p.validate().is_ok());
        p.last_route = Some("javascript:alert(1)".into());
        assert!(p.validate().is_err());
    }

    #[test]
    fn merging_keeps_the_earliest_start_and_this_tabs_page() {
        let mut mine = Progress {
            started_at_ms: Some(50),
            last_route: Some("/quiz".into()),
        };
        let theirs = Progress {
            started_at_ms: Some(10),
            last_route: Some("/learn".into()),
        };
        assert!(mine.merge(theirs.clone()));
        assert_eq!(mine.started_at_ms, Some(10));
        assert_eq!(mine.last_route.as_deref(), Some("/quiz"));
        let mut empty = Progress::default();
        assert!(empty.merge(theirs.clone()));
        assert_eq!(empty, theirs);
    }
}
