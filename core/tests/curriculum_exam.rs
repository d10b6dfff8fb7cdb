//! Mock exams on the real bank: drawn by section weight, answered without feedback, timed,
//! scored per section, and kept in progress.

use lakelab_core::curriculum::content::{Answer, Bank};
use lakelab_core::curriculum::exam::MockExam;
use lakelab_core::persist::Document;
use lakelab_core::Progress;

fn bank() -> Bank {
    let (bank, problems) = Bank::embedded();
    assert!(problems.is_empty(), "{problems:?}");
    bank
}

#[test]
fn a_full_exam_has_48_questions_by_section_weight_in_90_minutes() {
    let bank = bank();
    let exam = MockExam::start(&bank, 48, 7, 1_000).expect("drawn");
    assert_eq!(exam.questions.len(), 48);
    assert_eq!(exam.minutes, 90);
    assert_eq!(exam.deadline_ms(), 1_000 + 90 * 60_000);
    let score = exam.score(&bank);
    let per_section: Vec<usize> = score.sections.iter().map(|s| s.2).collect();
    assert_eq!(per_section, [18, 9, 15, 6]);
    assert_eq!(
        (score.right, score.total),
        (0, 48),
        "unanswered counts as wrong"
    );
    // The same seed draws the same exam; another seed another one.
    assert_eq!(
        MockExam::start(&bank, 48, 7, 5).expect("drawn").questions,
        exam.questions
    );
    assert_ne!(
        MockExam::start(&bank, 48, 8, 5).expect("drawn").questions,
        exam.questions
    );
    let short = MockExam::start(&bank, 10, 7, 0).expect("drawn");
    assert_eq!((short.questions.len(), short.minutes), (10, 19));
}

#[test]
fn answers_flags_and_the_clock_make_the_score() {
    let bank = bank();
    let mut exam = MockExam::start(&bank, 10, 3, 0).expect("drawn");
    let key = |i: usize| {
        bank.question(&exam.questions[i])
            .expect("in the bank")
            .key()
    };
    let (k0, k1) = (key(0), key(1));
    exam.answer(0, k0, 10);
    // A wrong answer: an empty choice is never right.
    exam.answer(1, Answer(vec![]), 10);
    exam.toggle_flag(1);
    assert!(exam.flagged[1] && !exam.flagged[0]);
    assert!(exam.is_right(&bank, 0) && !exam.is_right(&bank, 1));
    // After the deadline answers are ignored and the exam is over.
    let late = exam.deadline_ms();
    assert!(exam.is_over(late) && !exam.is_over(late - 1));
    exam.answer(1, k1, late);
    assert!(!exam.is_right(&bank, 1));
    exam.finish(late + 60_000);
    assert_eq!(
        exam.finished_ms,
        Some(late),
        "finishing late stops the clock at the deadline"
    );
    let score = exam.score(&bank);
    assert_eq!((score.right, score.total), (1, 10));
    assert_eq!(score.sections.iter().map(|s| s.1).sum::<usize>(), 1);
    assert!((score.percent() - 10.0).abs() < 1e-9);
}

#[test]
fn a_mock_exam_in_progress_is_validated() {
    let bank = bank();
    let mut p = Progress {
        mock_exam: Some(MockExam::start(&bank, 5, 1, 0).expect("drawn")),
        ..Progress::default()
    };
    assert!(p.validate().is_ok());
    if let Some(m) = &mut p.mock_exam {
        m.answers.pop();
    }
    assert_eq!(
        p.validate(),
        Err("the mock exam has 5 questions but 4 answers and 5 flags".into())
    );
}
