//! Spaced repetition: when to show a question or an exercise again. [`Sm2`] is SuperMemo's
//! SM-2 (P. Woźniak, 1990), behind [`Scheduler`] so another algorithm (FSRS) can replace it
//! without touching what is stored per item ([`Card`]).
//!
//! SM-2 as implemented, with the choices its description leaves open:
//! - Intervals: 1 day after the first successful review, 6 after the second, then the
//!   previous interval times the ease factor **before** this review's update, rounded up to
//!   whole days.
//! - Ease: starts at 2.5; after a review of quality `q` (0–5) it becomes
//!   `ease + 0.1 − (5 − q)(0.08 + (5 − q)·0.02)`, never below 1.3.
//! - A quality below 3 restarts the item (repetitions 0, due tomorrow) and leaves the ease
//!   unchanged, as the original description says; many later variants lower it instead.
//! - The original also repeats items graded below 4 again the same day; [`Review::again_today`]
//!   says so, and the review queue shows them again before the day ends without changing
//!   their schedule.
//!
//! Days are whole local days (`day_of`): the UI passes its time-zone offset, so "due today"
//! flips at the learner's midnight, not UTC's.

use serde::{Deserialize, Serialize};

/// How well the learner recalled the item: SM-2's quality, 0 (blackout) to 5 (perfect).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Grade(u8);

impl Grade {
    pub fn new(quality: u8) -> Option<Grade> {
        (quality <= 5).then_some(Grade(quality))
    }

    pub fn quality(self) -> u8 {
        self.0
    }

    /// A quiz answer or an exercise attempt as a quality: right on its own → 4 ("correct
    /// response after a hesitation": the ease stays, as a plain right answer should), right
    /// after a hint, a second try or the solution → 3 (recalled with serious difficulty),
    /// wrong → 1 (incorrect; the explanation then shows the right one). Lakelab's mapping:
    /// learners answer questions, they do not grade their own recall.
    pub fn for_answer(correct: bool, helped: bool) -> Grade {
        match (correct, helped) {
            (true, false) => Grade(4),
            (true, true) => Grade(3),
            (false, _) => Grade(1),
        }
    }
}

/// An item's schedule, as stored with the learner's progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Card {
    /// Successful reviews in a row.
    pub repetitions: u32,
    pub ease: f64,
    pub interval_days: u32,
    /// The local day it is next due.
    pub due_day: i64,
    /// Every review, and those graded below 3.
    #[serde(default)]
    pub reviews: u32,
    #[serde(default)]
    pub lapses: u32,
}

crate::flat_de::map_only!(Card);

/// SM-2's starting ease.
pub const START_EASE: f64 = 2.5;
/// SM-2's lowest ease.
pub const MIN_EASE: f64 = 1.3;

impl Card {
    /// A new item, due at once.
    pub fn new(today: i64) -> Card {
        Card {
            repetitions: 0,
            ease: START_EASE,
            interval_days: 0,
            due_day: today,
            reviews: 0,
            lapses: 0,
        }
    }

    pub fn is_due(&self, today: i64) -> bool {
        self.due_day <= today
    }
}

/// The outcome of one review.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub card: Card,
    /// Show it again before the day ends (graded below 4); the schedule is already set.
    pub again_today: bool,
}

/// A spaced-repetition algorithm.
pub trait Scheduler {
    fn name(&self) -> &'static str;
    /// The schedule after reviewing `card` on `today` with `grade`.
    fn review(&self, card: &Card, grade: Grade, today: i64) -> Review;
}

/// SuperMemo 2, as described at the top of this module.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sm2;

impl Scheduler for Sm2 {
    fn name(&self) -> &'static str {
        "SM-2"
    }

    fn review(&self, card: &Card, grade: Grade, today: i64) -> Review {
        let q = f64::from(grade.quality());
        let mut next = card.clone();
        next.reviews += 1;
        if grade.quality() < 3 {
            next.repetitions = 0;
            next.interval_days = 1;
            next.lapses += 1;
        } else {
            next.interval_days = match card.repetitions {
                0 => 1,
                1 => 6,
                // Intervals stay far below u32::MAX for any real history; saturate anyway.
                _ => (f64::from(card.interval_days.max(1)) * card.ease)
                    .ceil()
                    .min(f64::from(u32::MAX)) as u32,
            };
            next.repetitions += 1;
            let miss = 5.0 - q;
            next.ease = (card.ease + 0.1 - miss * (0.08 + miss * 0.02)).max(MIN_EASE);
        }
        next.due_day = today.saturating_add(i64::from(next.interval_days));
        Review {
            card: next,
            again_today: grade.quality() < 4,
        }
    }
}

/// The local day number of `ms` (epoch milliseconds) at `utc_offset_minutes` east of UTC.
pub fn day_of(ms: i64, utc_offset_minutes: i32) -> i64 {
    (ms.saturating_add(i64::from(utc_offset_minutes) * 60_000)).div_euclid(86_400_000)
}

/// The keys of the cards due on `today`, most overdue first, then by key (a stable order).
pub fn due<'a, K: Ord + 'a>(
    cards: impl IntoIterator<Item = (&'a K, &'a Card)>,
    today: i64,
) -> Vec<&'a K> {
    let mut due: Vec<(&K, i64)> = cards
        .into_iter()
        .filter(|(_, c)| c.is_due(today))
        .map(|(k, c)| (k, c.due_day))
        .collect();
    due.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(b.0)));
    due.into_iter().map(|(k, _)| k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(grades: &[u8]) -> Vec<(u32, u32, f64, i64)> {
        let mut card = Card::new(0);
        let mut day = 0;
        grades
            .iter()
            .map(|q| {
                let r = Sm2.review(&card, Grade::new(*q).unwrap(), day);
                card = r.card;
                day = card.due_day;
                (
                    card.repetitions,
                    card.interval_days,
                    card.ease,
                    card.due_day,
                )
            })
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn perfect_answers_give_1_6_then_the_interval_times_the_ease() {
        // Ease 2.5 → 2.6 → 2.7 → 2.8; intervals 1, 6, ceil(6 × 2.7) = 17, ceil(17 × 2.8) = 48.
        let got = run(&[5, 5, 5, 5]);
        let want = [
            (1, 1, 2.6, 1),
            (2, 6, 2.7, 7),
            (3, 17, 2.8, 24),
            (4, 48, 2.9, 72),
        ];
        for (g, w) in got.iter().zip(want) {
            assert_eq!((g.0, g.1, g.3), (w.0, w.1, w.3), "{got:?}");
            assert!(close(g.2, w.2), "{got:?}");
        }
    }

    #[test]
    fn quality_moves_the_ease_by_the_sm2_formula() {
        // q=4 keeps it; q=3: 2.5 + 0.1 − 2 × (0.08 + 0.04) = 2.36; then 6 × 2.36 = 14.16 → 15.
        let got = run(&[4, 3, 3]);
        assert!(close(got[0].2, 2.5));
        assert!(close(got[1].2, 2.36));
        assert!(close(got[2].2, 2.22));
        assert_eq!(got[2].1, 15);
        // The ease never drops below 1.3.
        let got = run(&[3; 12]);
        assert!(close(got[11].2, MIN_EASE), "{got:?}");
    }

    #[test]
    fn a_lapse_restarts_the_item_and_keeps_its_ease() {
        let got = run(&[5, 5, 2, 4, 4]);
        assert_eq!(got[2].0, 0);
        assert_eq!(got[2].1, 1);
        assert!(close(got[2].2, 2.7));
        // Relearning starts over at 1 and 6 days.
        assert_eq!((got[3].1, got[4].1), (1, 6));
        let mut card = Card::new(0);
        for q in [5, 1, 0] {
            card = Sm2.review(&card, Grade::new(q).unwrap(), 0).card;
        }
        assert_eq!((card.reviews, card.lapses), (3, 2));
    }

    #[test]
    fn below_four_comes_back_today() {
        let c = Card::new(10);
        assert!(Sm2.review(&c, Grade::new(3).unwrap(), 10).again_today);
        assert!(!Sm2.review(&c, Grade::new(4).unwrap(), 10).again_today);
        assert_eq!(Grade::new(6), None);
        assert_eq!(Grade::for_answer(true, false).quality(), 4);
        assert_eq!(Grade::for_answer(true, true).quality(), 3);
        assert_eq!(Grade::for_answer(false, true).quality(), 1);
    }

    #[test]
    fn the_queue_holds_due_cards_most_overdue_first() {
        let cards = [
            ("b".to_string(), Card::new(5)),
            ("a".to_string(), Card::new(5)),
            ("c".to_string(), Card::new(3)),
            ("d".to_string(), Card::new(9)),
        ];
        let queue = due(cards.iter().map(|(k, c)| (k, c)), 5);
        assert_eq!(queue, ["c", "a", "b"]);
    }

    #[test]
    fn days_flip_at_local_midnight() {
        let ms = 1_764_115_200_000; // 2025-11-26T00:00:00Z
        assert_eq!(day_of(ms, 0), 20418);
        assert_eq!(day_of(ms - 1, 0), 20417);
        // 23:00 the day before in UTC is already the 26th at UTC+2.
        assert_eq!(day_of(ms - 3_600_000, 120), 20418);
        assert_eq!(day_of(ms, -60), 20417);
    }

    #[test]
    fn cards_round_trip_as_json() {
        let c = Sm2.review(&Card::new(3), Grade::new(5).unwrap(), 3).card;
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Card>(&text).unwrap(), c);
    }
}
