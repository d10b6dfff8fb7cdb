//! What the learner has done with each question and exercise, as kept in [`crate::Progress`]:
//! attempts, the last result and the spaced-repetition card. Records merge across tabs by
//! keeping, per item, the one touched last.

use serde::{Deserialize, Serialize};

use super::content::{Answer, Question};
use super::srs::{day_of, Card, Grade, Scheduler, Sm2};

/// One question's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct QuestionRecord {
    pub attempts: u32,
    pub correct: u32,
    pub last_correct: bool,
    /// When it was last answered (epoch ms).
    pub last_ms: i64,
    pub card: Card,
}

crate::flat_de::map_only!(QuestionRecord);

/// One exercise's state.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self")]
#[serde(default)]
pub struct ExerciseRecord {
    pub started_ms: Option<i64>,
    /// The notebook made from the starter when the exercise was started.
    pub notebook_id: Option<String>,
    /// When every task first passed.
    pub completed_ms: Option<i64>,
    /// Hints revealed (the ladder's rungs).
    pub hints_shown: u32,
    pub solution_shown: bool,
    pub last_ms: i64,
}

crate::flat_de::map_only!(ExerciseRecord);

/// Records an answer at `now_ms` (the learner's local day from `utc_offset_minutes`) and
/// returns whether it was right. `helped`: a retry after seeing the explanation.
pub fn answer(
    record: Option<&QuestionRecord>,
    question: &Question,
    given: &Answer,
    helped: bool,
    now_ms: i64,
    utc_offset_minutes: i32,
) -> (QuestionRecord, bool) {
    let today = day_of(now_ms, utc_offset_minutes);
    let right = question.grade(given);
    let card = record.map_or_else(|| Card::new(today), |r| r.card.clone());
    let review = Sm2.review(&card, Grade::for_answer(right, helped), today);
    let (attempts, correct) = record.map_or((0, 0), |r| (r.attempts, r.correct));
    (
        QuestionRecord {
            attempts: attempts.saturating_add(1),
            correct: correct.saturating_add(u32::from(right)),
            last_correct: right,
            last_ms: now_ms,
            card: review.card,
        },
        right,
    )
}
