//! Mock exams: questions drawn from the bank by section weight, as the real exam's 48 scored
//! questions spread over its sections (about one per objective; the guide publishes no
//! weights, see [`super::objectives`]).
//!
//! How a draw works (Lakelab's method; the real exam's is not published): each section gets
//! its share of the questions by the largest-remainder method over its objective count; within
//! a section the objectives are taken in a seeded random order, one question from each in
//! turn, so an exam covers as many objectives as its length allows; the questions are then
//! shuffled together. The same bank, length and seed always give the same exam.

use std::collections::BTreeMap;

use super::objectives::{objective, Section, OBJECTIVES};
use crate::rng::SeededRng;

/// The real exam's length.
pub const EXAM_QUESTIONS: usize = 48;
/// The real exam's time limit, minutes.
pub const EXAM_MINUTES: u32 = 90;

/// A question as the draw sees it: its id and its objective id.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub id: &'a str,
    pub objective: &'a str,
}

/// Why an exam cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    #[error("a mock exam has 1 to {max} questions, not {asked}")]
    Length { asked: usize, max: usize },
    #[error("question {question} names objective {objective}, which is not one of the exam's (S1.01 to S4.06)")]
    UnknownObjective { question: String, objective: String },
    #[error("section {section} ({name}) needs {needed} questions but the bank has {has}")]
    TooFew {
        section: u8,
        name: &'static str,
        needed: usize,
        has: usize,
    },
}

/// How many of `total` questions each section gets: shares of the objective counts, rounded
/// by the largest remainder (ties to the earlier section). 48 gives 18, 9, 15, 6.
pub fn section_counts(total: usize) -> Vec<(Section, usize)> {
    let n = OBJECTIVES.len();
    let mut counts: Vec<(Section, usize, usize)> = Section::ALL
        .iter()
        .map(|s| {
            let share = total * s.objectives().count();
            (*s, share / n, share % n)
        })
        .collect();
    let mut left = total - counts.iter().map(|c| c.1).sum::<usize>();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|a, b| counts[*b].2.cmp(&counts[*a].2).then(a.cmp(b)));
    for i in order {
        if left == 0 {
            break;
        }
        counts[i].1 += 1;
        left -= 1;
    }
    counts.into_iter().map(|(s, c, _)| (s, c)).collect()
}

fn shuffle<T>(items: &mut [T], rng: &mut SeededRng) {
    for i in (1..items.len()).rev() {
        // unit() < 1, so j <= i.
        let j = ((rng.unit() * (i + 1) as f64) as usize).min(i);
        items.swap(i, j);
    }
}

/// Draws a mock exam of `total` questions from `bank` with `seed`; returns question ids.
pub fn draw<'a>(
    bank: &[Candidate<'a>],
    total: usize,
    seed: u64,
) -> Result<Vec<&'a str>, DrawError> {
    if total == 0 || total > bank.len() {
        return Err(DrawError::Length {
            asked: total,
            max: bank.len(),
        });
    }
    // Questions by section, then objective (ordered maps: the draw must not depend on the
    // bank's order beyond its contents).
    let mut by_section: BTreeMap<Section, BTreeMap<&str, Vec<&'a str>>> = BTreeMap::new();
    for q in bank {
        let o = objective(q.objective).ok_or_else(|| DrawError::UnknownObjective {
            question: q.id.to_string(),
            objective: q.objective.to_string(),
        })?;
        by_section
            .entry(o.section)
            .or_default()
            .entry(o.id)
            .or_default()
            .push(q.id);
    }
    let mut rng = SeededRng::new(seed);
    let mut exam = Vec::with_capacity(total);
    for (section, needed) in section_counts(total) {
        let mut pools: Vec<Vec<&'a str>> = by_section
            .remove(&section)
            .map(|m| m.into_values().collect())
            .unwrap_or_default();
        let has: usize = pools.iter().map(Vec::len).sum();
        if has < needed {
            return Err(DrawError::TooFew {
                section: section.number(),
                name: section.name(),
                needed,
                has,
            });
        }
        for pool in &mut pools {
            pool.sort_unstable();
            shuffle(pool, &mut rng);
        }
        shuffle(&mut pools, &mut rng);
        let mut taken = 0;
        'rounds: loop {
            for pool in &mut pools {
                if taken == needed {
                    break 'rounds;
                }
                if let Some(q) = pool.pop() {
                    exam.push(q);
                    taken += 1;
                }
            }
        }
    }
    shuffle(&mut exam, &mut rng);
    Ok(exam)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// `per` questions for every objective: `S1.01-q0`, `S1.01-q1`, …
    fn bank(per: usize) -> Vec<(String, &'static str)> {
        OBJECTIVES
            .iter()
            .flat_map(|o| (0..per).map(move |i| (format!("{}-q{i}", o.id), o.id)))
            .collect()
    }

    fn candidates<'a>(b: &'a [(String, &'static str)]) -> Vec<Candidate<'a>> {
        b.iter()
            .map(|(id, o)| Candidate { id, objective: o })
            .collect()
    }

    #[test]
    fn shares_follow_the_objective_counts() {
        let counts = |t| -> Vec<usize> { section_counts(t).iter().map(|c| c.1).collect() };
        assert_eq!(counts(48), [18, 9, 15, 6]);
        // 20: exact shares 7.5, 3.75, 6.25, 2.5 → floors 7, 3, 6, 2; the two left go to the
        // largest remainders: 0.75 (Section 2), then 0.5 (Sections 1 and 4 tie: the earlier).
        assert_eq!(counts(20), [8, 4, 6, 2]);
        assert_eq!(counts(1), [1, 0, 0, 0]);
        assert_eq!(counts(96), [36, 18, 30, 12]);
    }

    #[test]
    fn a_full_exam_takes_one_question_per_objective_and_repeats_with_its_seed() {
        let b = bank(6);
        let c = candidates(&b);
        let exam = draw(&c, 48, 7).unwrap();
        assert_eq!(exam.len(), 48);
        let objectives: BTreeSet<&str> = exam.iter().map(|q| &q[..5]).collect();
        assert_eq!(objectives.len(), 48, "every objective once");
        assert_eq!(draw(&c, 48, 7).unwrap(), exam);
        assert_ne!(draw(&c, 48, 8).unwrap(), exam);
        // The bank's order does not matter.
        let mut reversed = c.clone();
        reversed.reverse();
        assert_eq!(draw(&reversed, 48, 7).unwrap(), exam);
        // Sections are mixed, not in blocks.
        let firsts: BTreeSet<&str> = exam[..12].iter().map(|q| &q[..2]).collect();
        assert!(firsts.len() > 1, "{exam:?}");
    }

    #[test]
    fn short_exams_spread_over_objectives_and_errors_say_what_is_missing() {
        let b = bank(2);
        let c = candidates(&b);
        let exam = draw(&c, 10, 1).unwrap();
        let objectives: BTreeSet<&str> = exam.iter().map(|q| &q[..5]).collect();
        assert_eq!(objectives.len(), 10);
        let sections: Vec<usize> = Section::ALL
            .iter()
            .map(|s| {
                exam.iter()
                    .filter(|q| q.starts_with(&format!("S{}", s.number())))
                    .count()
            })
            .collect();
        assert_eq!(sections, [4, 2, 3, 1]);
        let b = bank(1);
        let c = candidates(&b);
        assert_eq!(
            draw(&c, 48, 1).unwrap().len(),
            48,
            "one per objective is exactly enough"
        );
        // A double-length exam needs 12 Section 4 questions; keep only S4.01's three.
        let mut more = bank(3);
        more.retain(|(_, o)| !o.starts_with("S4") || more_s4(o));
        let c = candidates(&more);
        assert_eq!(
            draw(&c, 96, 1).unwrap_err().to_string(),
            "section 4 (Model Deployment) needs 12 questions but the bank has 3"
        );
        assert!(matches!(draw(&c, 0, 1), Err(DrawError::Length { .. })));
        let odd = [Candidate {
            id: "x",
            objective: "S9.01",
        }];
        assert!(draw(&odd, 1, 1)
            .unwrap_err()
            .to_string()
            .contains("S9.01, which is not one of the exam's"));
    }

    /// Keeps Section 4 to its first objective only.
    fn more_s4(o: &str) -> bool {
        o == "S4.01"
    }
}
