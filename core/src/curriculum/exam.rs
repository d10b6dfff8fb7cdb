//! A mock exam being taken or taken: the drawn questions, the learner's answers and flags,
//! the clock, and the score with its per-section breakdown. No feedback is given until the
//! exam is finished, as on the real exam; time running out finishes it.

use serde::{Deserialize, Serialize};

use super::content::{Answer, Bank};
use super::mock_exam::{draw, Candidate, DrawError};
use super::objectives::{objective, Section};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct MockExam {
    pub seed: u64,
    /// Question ids in the order shown.
    pub questions: Vec<String>,
    /// Per question: the answer given, if any.
    pub answers: Vec<Option<Answer>>,
    pub flagged: Vec<bool>,
    pub started_ms: i64,
    pub minutes: u32,
    pub finished_ms: Option<i64>,
}

crate::flat_de::map_only!(MockExam);

/// A finished exam's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub right: usize,
    pub total: usize,
    /// Per section: (section number, right, questions).
    pub sections: Vec<(u8, usize, usize)>,
}

impl Score {
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            100.0 * self.right as f64 / self.total as f64
        }
    }
}

impl MockExam {
    /// Draws `total` questions from the bank with `seed`; the time limit scales with the
    /// length (the real exam's 90 minutes for 48 questions), at least one minute.
    pub fn start(bank: &Bank, total: usize, seed: u64, now_ms: i64) -> Result<MockExam, DrawError> {
        let candidates: Vec<Candidate> = bank
            .questions
            .iter()
            .map(|q| Candidate {
                id: &q.id,
                objective: &q.objective,
            })
            .collect();
        let ids = draw(&candidates, total, seed)?;
        let n = ids.len();
        let minutes = ((90 * n).div_ceil(48)).max(1) as u32;
        Ok(MockExam {
            seed,
            questions: ids.into_iter().map(str::to_string).collect(),
            answers: vec![None; n],
            flagged: vec![false; n],
            started_ms: now_ms,
            minutes,
            finished_ms: None,
        })
    }

    pub fn deadline_ms(&self) -> i64 {
        self.started_ms
            .saturating_add(i64::from(self.minutes) * 60_000)
    }

    /// Whether it is over (finished, or out of time at `now_ms`).
    pub fn is_over(&self, now_ms: i64) -> bool {
        self.finished_ms.is_some() || now_ms >= self.deadline_ms()
    }

    /// Records an answer; ignored once the exam is over.
    pub fn answer(&mut self, index: usize, answer: Answer, now_ms: i64) {
        if self.is_over(now_ms) {
            return;
        }
        if let Some(slot) = self.answers.get_mut(index) {
            *slot = Some(answer);
        }
    }

    pub fn toggle_flag(&mut self, index: usize) {
        if let Some(f) = self.flagged.get_mut(index) {
            *f = !*f;
        }
    }

    /// Ends the exam at `now_ms`, or at the deadline if that came first.
    pub fn finish(&mut self, now_ms: i64) {
        if self.finished_ms.is_none() {
            self.finished_ms = Some(now_ms.min(self.deadline_ms()));
        }
    }

    /// Whether question `index` was answered right (unanswered is wrong).
    pub fn is_right(&self, bank: &Bank, index: usize) -> bool {
        let q = self.questions.get(index).and_then(|id| bank.question(id));
        match (q, self.answers.get(index)) {
            (Some(q), Some(Some(a))) => q.grade(a),
            _ => false,
        }
    }

    pub fn score(&self, bank: &Bank) -> Score {
        let mut sections: Vec<(u8, usize, usize)> =
            Section::ALL.iter().map(|s| (s.number(), 0, 0)).collect();
        let mut right = 0;
        for (i, id) in self.questions.iter().enumerate() {
            let ok = self.is_right(bank, i);
            right += usize::from(ok);
            let section = bank
                .question(id)
                .and_then(|q| objective(&q.objective))
                .map(|o| o.section.number());
            if let Some(row) = sections.iter_mut().find(|r| Some(r.0) == section) {
                row.1 += usize::from(ok);
                row.2 += 1;
            }
        }
        Score {
            right,
            total: self.questions.len(),
            sections,
        }
    }
}
