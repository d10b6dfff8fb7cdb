//! Quiz answers in the learner's progress: graded, scheduled with SM-2, saved through the
//! versioned envelope (older progress files still load), and merged across tabs.

use lakelab_core::curriculum::content::{Answer, Bank, Question};
use lakelab_core::curriculum::record::{answer, ExerciseRecord};
use lakelab_core::persist::envelope::{decode_str, encode, SaveMeta};
use lakelab_core::Progress;

const META: SaveMeta<'static> = SaveMeta {
    app_version: "test",
    saved_at_ms: 1,
};

const DAY: i64 = 86_400_000;

fn question() -> Question {
    let text = "# S3.10 Models\n\n## S3.10-01\nkind: single\ndifficulty: 1\ndoc: https://spark.apache.org/docs/latest/ml-tuning.html\n\n3 × 4 grid, 5 folds: models trained?\n\n- [x] 60\n  Right: 12 × 5.\n- [ ] 12\n  Wrong: per fold.\n- [ ] 17\n  Wrong: they multiply.\n";
    let (bank, problems) = Bank::load([("questions/S3.10.md", text)]);
    assert!(problems.is_empty(), "{problems:?}");
    bank.questions[0].clone()
}

#[test]
fn answers_count_and_schedule_the_question() {
    let q = question();
    let day0 = 20_000 * DAY;
    let (r, right) = answer(None, &q, &Answer(vec![1]), false, day0, 0);
    assert!(!right);
    assert_eq!((r.attempts, r.correct, r.last_correct), (1, 0, false));
    assert_eq!(r.card.due_day, 20_001, "a wrong answer comes back tomorrow");
    let (r, right) = answer(Some(&r), &q, &Answer(vec![0]), false, day0 + DAY, 0);
    assert!(right);
    assert_eq!((r.attempts, r.correct, r.last_correct), (2, 1, true));
    assert_eq!(r.card.due_day, 20_002, "first success: one day");
    let (r, _) = answer(Some(&r), &q, &Answer(vec![0]), false, day0 + 2 * DAY, 0);
    assert_eq!(r.card.due_day, 20_008, "second success: six days");
    // The learner's local day: 23:30 UTC is the next day two hours east.
    let late = day0 + DAY - 30 * 60_000;
    let (r, _) = answer(None, &q, &Answer(vec![0]), false, late, 120);
    assert_eq!(r.card.due_day, 20_002);
}

#[test]
fn records_survive_a_save_and_version_1_files_load() {
    let q = question();
    let mut p = Progress::default();
    let (r, _) = answer(None, &q, &Answer(vec![0]), false, 5 * DAY, 0);
    p.questions.insert(q.id.clone(), r);
    p.exercises.insert(
        "s1-feature-table".into(),
        ExerciseRecord {
            started_ms: Some(7),
            hints_shown: 1,
            last_ms: 7,
            ..ExerciseRecord::default()
        },
    );
    let back = decode_str::<Progress>(&encode(&p, META).expect("encodes")).expect("decodes");
    assert_eq!(back.doc, p);
    // A progress file from before records existed (schema 1) loads with none.
    let mut old = Progress::default();
    old.visit("/quiz", 3);
    let v1 = encode(&old, META)
        .expect("encodes")
        .replace("\"schema_version\":2", "\"schema_version\":1");
    let loaded = decode_str::<Progress>(&v1).expect("a schema-1 file loads");
    assert_eq!(loaded.from_schema, 1);
    assert_eq!(loaded.doc.last_route.as_deref(), Some("/quiz"));
    assert!(loaded.doc.questions.is_empty());
}

#[test]
fn two_tabs_merge_per_item_keeping_the_latest() {
    use lakelab_core::persist::Document;
    let q = question();
    let (early, _) = answer(None, &q, &Answer(vec![1]), false, 10, 0);
    let (late, _) = answer(None, &q, &Answer(vec![0]), false, 20, 0);
    let mut mine = Progress::default();
    mine.questions.insert("a".into(), late.clone());
    mine.questions.insert("b".into(), early.clone());
    let mut theirs = Progress::default();
    theirs.questions.insert("a".into(), early.clone());
    theirs.questions.insert("b".into(), late.clone());
    theirs.questions.insert("c".into(), early.clone());
    assert!(mine.merge(theirs));
    assert_eq!(mine.questions["a"], late);
    assert_eq!(mine.questions["b"], late);
    assert_eq!(mine.questions["c"], early);
}

#[test]
fn an_overlong_id_is_an_invalid_file() {
    use lakelab_core::persist::Document;
    let q = question();
    let (r, _) = answer(None, &q, &Answer(vec![0]), false, 1, 0);
    let mut p = Progress::default();
    p.questions.insert("x".repeat(81), r);
    assert!(p.validate().is_err());
}
