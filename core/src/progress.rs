//! Learner progress (kept in localStorage by the UI, exported with the workspace): where the
//! learner was, so the Learn page can offer to continue there, and what they did with each
//! question and exercise (see [`crate::curriculum::record`]).
//!
//! Schema history: 1 start and last page; 2 question and exercise records, the mock exam and
//! its scores (added empty).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::curriculum::exam::{MockExam, Score};
use crate::curriculum::record::{ExerciseRecord, QuestionRecord};
use crate::persist::migrate::Migration;
use crate::persist::Document;

/// Longest question or exercise id kept (content ids are far shorter).
const MAX_ID_CHARS: usize = 80;

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
    /// By question id.
    pub questions: BTreeMap<String, QuestionRecord>,
    /// By exercise id.
    pub exercises: BTreeMap<String, ExerciseRecord>,
    /// The mock exam being taken, or the last one taken (kept for its review).
    pub mock_exam: Option<MockExam>,
    /// Finished mock exams' scores, oldest first.
    pub mock_scores: Vec<MockScore>,
}

/// One finished mock exam, for the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MockScore {
    pub finished_ms: i64,
    pub score: Score,
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
    const SCHEMA_VERSION: u32 = 2;
    const MIGRATIONS: &'static [Migration] = &[Migration {
        from: 1,
        describe: "progress gained question and exercise records",
        apply: Ok,
    }];
    const MERGES: bool = true;

    fn validate(&self) -> Result<(), String> {
        if let Some(r) = &self.last_route {
            if !r.starts_with('/') || r.chars().count() > MAX_ROUTE_CHARS {
                return Err(format!("'{r}' is not an app path"));
            }
        }
        let ids = self.questions.keys().chain(self.exercises.keys());
        if let Some(id) = ids
            .into_iter()
            .find(|id| id.is_empty() || id.chars().count() > MAX_ID_CHARS)
        {
            return Err(format!("'{id}' is not a question or exercise id"));
        }
        if let Some(m) = &self.mock_exam {
            let n = m.questions.len();
            if m.answers.len() != n || m.flagged.len() != n {
                return Err(format!(
                    "the mock exam has {n} questions but {} answers and {} flags",
                    m.answers.len(),
                    m.flagged.len()
                ));
            }
        }
        Ok(())
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
        // Per item, the record touched last wins: each answer rewrites its whole record.
        for (id, r) in theirs.questions {
            if self
                .questions
                .get(&id)
                .is_none_or(|mine| r.last_ms > mine.last_ms)
            {
                self.questions.insert(id, r);
            }
        }
        for (id, r) in theirs.exercises {
            if self
                .exercises
                .get(&id)
                .is_none_or(|mine| r.last_ms > mine.last_ms)
            {
                self.exercises.insert(id, r);
            }
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
            ..Progress::default()
        };
        let theirs = Progress {
            started_at_ms: Some(10),
            last_route: Some("/learn".into()),
            ..Progress::default()
        };
        assert!(mine.merge(theirs.clone()));
        assert_eq!(mine.started_at_ms, Some(10));
        assert_eq!(mine.last_route.as_deref(), Some("/quiz"));
        let mut empty = Progress::default();
        assert!(empty.merge(theirs.clone()));
        assert_eq!(empty, theirs);
    }
}
