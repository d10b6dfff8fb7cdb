//! The content format: questions and exercises parse as `content/README.md` describes, bad
//! files are reported with the file, line and a fix instead of being loaded, and each question
//! kind grades as the exam scores it (all or nothing).

use lakelab_core::curriculum::content::{Answer, Bank, QuestionKind};

const GOOD: &str = r#"# S1.17 Set or remove a tag for a model

## S1.17-01
kind: multiple
difficulty: 2
doc: https://docs.databricks.com/aws/en/machine-learning/manage-model-lifecycle/

Which calls set a tag?

```python
client = MlflowClient()
```

- [x] `client.set_registered_model_tag("m", "k", "v")`
  Right: tags the model.
- [ ] `client.set_tag("m", "k")`
  Wrong: that tags a run.
- [x]
  ```python
  client.set_model_version_tag("m", "1", "k", "v")
  ```
  Right: tags one version.

## S1.17-02
kind: order
difficulty: 1
doc: https://example.com/order

Order the steps.

1. Log the model.
   First, so there is something to register.
2. Register it.
   Second.
3. Set the alias.
   Last: an alias points at a version.
"#;

fn load(path: &str, text: &str) -> (Bank, Vec<String>) {
    let (bank, problems) = Bank::load([(path, text)]);
    (bank, problems.iter().map(|p| p.to_string()).collect())
}

#[test]
fn a_well_formed_file_loads_every_part() {
    let (bank, problems) = load("questions/S1.17.md", GOOD);
    assert!(problems.is_empty(), "{problems:?}");
    let q = bank.question("S1.17-01").expect("first question");
    assert_eq!(q.kind, QuestionKind::Multiple);
    assert_eq!(q.difficulty, 2);
    assert_eq!(q.objective, "S1.17");
    assert!(q.stem.starts_with("Which calls set a tag?"));
    assert!(
        q.stem.contains("client = MlflowClient()"),
        "fenced code stays in the stem"
    );
    assert_eq!(q.options.len(), 3);
    assert_eq!(
        q.options[0].code.as_deref(),
        Some(r#"client.set_registered_model_tag("m", "k", "v")"#)
    );
    assert_eq!(q.options[1].why, "Wrong: that tags a run.");
    assert_eq!(
        q.options[2].code.as_deref(),
        Some(r#"client.set_model_version_tag("m", "1", "k", "v")"#)
    );
    assert_eq!(q.options[2].why, "Right: tags one version.");
    let o = bank.question("S1.17-02").expect("order question");
    assert_eq!(o.kind, QuestionKind::Order);
    assert_eq!(o.options[2].text, "Set the alias.");
    assert_eq!(
        o.options[0].why,
        "First, so there is something to register."
    );
}

#[test]
fn grading_is_all_or_nothing_per_kind() {
    let (bank, _) = load("questions/S1.17.md", GOOD);
    let multi = bank.question("S1.17-01").expect("multiple");
    assert!(
        multi.grade(&Answer(vec![2, 0])),
        "order of picks does not matter"
    );
    assert!(!multi.grade(&Answer(vec![0])), "a right option missing");
    assert!(
        !multi.grade(&Answer(vec![0, 1, 2])),
        "a wrong option picked"
    );
    assert_eq!(multi.key(), Answer(vec![0, 2]));
    let order = bank.question("S1.17-02").expect("order");
    assert!(order.grade(&Answer(vec![0, 1, 2])));
    assert!(!order.grade(&Answer(vec![1, 0, 2])));
    assert!(!order.grade(&Answer(vec![0, 1])), "a step left out");
}

#[test]
fn single_answer_kinds_take_exactly_the_right_option() {
    let text = GOOD.replace("kind: multiple", "kind: single");
    let (_, problems) = load("questions/S1.17.md", &text);
    assert_eq!(
        problems,
        ["questions/S1.17.md:3: S1.17-01: 2 options are marked right; this kind has exactly one"]
    );
    let one = text.replacen(
        "- [x] `client.set_registered",
        "- [ ] `client.set_registered",
        1,
    );
    let (bank, problems) = load("questions/S1.17.md", &one);
    assert!(problems.is_empty(), "{problems:?}");
    let q = bank.question("S1.17-01").expect("single");
    assert!(q.grade(&Answer(vec![2])));
    assert!(!q.grade(&Answer(vec![1])));
    assert!(!q.grade(&Answer(vec![1, 2])));
}

#[test]
fn broken_questions_are_reported_with_line_and_fix() {
    let cases: [(&str, &str, &str); 10] = [
        ("kind: multiple", "kind: pick", "S1.17-01: kind 'pick' is not single, multiple, code, trap or order"),
        ("difficulty: 2\n", "difficulty: 5\n", "S1.17-01: difficulty '5' is not 1, 2 or 3"),
        ("  Wrong: that tags a run.\n", "", "S1.17-01: the option has no explanation (indent it two spaces under the option)"),
        ("## S1.17-02", "## S1.17-2", "question id 'S1.17-2' must be S1.17-NN (two digits)"),
        ("doc: https://example.com/order", "doc: example.com", "S1.17-02: doc 'example.com' is not an https URL"),
        ("2. Register it.", "3. Register it.", "S1.17-02: step 3 should be numbered 2"),
        ("Last: an alias points at a version.\n", "Last: an alias points at a version.\n\n```python setup\nx = 1\n", "S1.17-02: a code block is not closed"),
        ("  Right: tags one version.\n", "  Right: tags one version.\n- [ ] `a()`\n  Wrong.\n- [ ] `b()`\n  Wrong.\n- [ ] `c()`\n  Wrong.\n", "S1.17-01: 6 options; a question has 3 to 5"),
        ("   Last: an alias points at a version.\n", "   Last: an alias points at a version.\n\n```python setup\nx = 1\n```\n", "S1.17-02: a checked question needs both 'python setup' and 'python expect'"),
        ("  Right: tags one version.\n", "  Right: tags one version.\nstray text\n", "S1.17-01: text after the options must be indented (two spaces) under an option"),
    ];
    for (from, to, want) in cases {
        assert!(GOOD.contains(from), "fixture lacks {from:?}");
        let (_, problems) = load("questions/S1.17.md", &GOOD.replacen(from, to, 1));
        assert!(
            problems.iter().any(|p| p.ends_with(want)),
            "{to:?}: want {want:?}, got {problems:?}"
        );
    }
    // A file named after another objective, and a heading that is not an objective.
    let (_, problems) = load("questions/S1.18.md", GOOD);
    assert_eq!(
        problems,
        ["questions/S1.18.md:1: the file is named S1.18.md but holds objective S1.17"]
    );
    let (bank, problems) = load("questions/S9.99.md", &GOOD.replace("# S1.17", "# S9.99"));
    assert_eq!(
        problems,
        ["questions/S9.99.md:1: 'S9.99' is not an objective id (S1.01 to S4.06)"]
    );
    assert!(bank.questions.is_empty());
}

#[test]
fn a_bad_question_costs_only_itself() {
    let text = GOOD.replace("difficulty: 1", "difficulty: x");
    let (bank, problems) = load("questions/S1.17.md", &text);
    assert_eq!(problems.len(), 1);
    assert!(bank.question("S1.17-01").is_some());
    assert!(bank.question("S1.17-02").is_none());
}

#[test]
fn duplicate_ids_and_stray_files_are_reported() {
    let (bank, problems) = Bank::load([
        ("questions/S1.17.md", GOOD),
        ("questions/S1.17.md", GOOD),
        ("notes/todo.md", "# notes"),
    ]);
    assert_eq!(bank.questions.len(), 2);
    let text: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
    assert_eq!(
        text,
        [
            "question id S1.17-01 is used twice",
            "question id S1.17-02 is used twice",
            "content files go in questions/ or exercises/"
        ]
    );
}

const EXERCISE: &str = r#"# Tag a model

id: tag-a-model
objectives: S1.17
kind: lab
minutes: 5
doc: https://docs.databricks.com/

## Lesson
Tags are key-value pairs.

## Setup
```python
x = 1
```

## Starter
```md
Tag the model.
```
```python
# TODO
```

## Tasks
- The model has the tag `task` = `churn`,
  set with the client.
  check: model main.ml.m tag=task:churn
- Version 1 is tagged.
  check: model_version main.ml.m version=1 tag=validated:true

## Hints
- Use `MlflowClient`.
- `set_registered_model_tag(name, key, value)`.

## Solution
```python
client.set_registered_model_tag("main.ml.m", "task", "churn")
```

## Further reading
- [Tags](https://docs.databricks.com/)
"#;

#[test]
fn an_exercise_loads_its_sections() {
    let (bank, problems) = Bank::load([("exercises/S1.17-tag.md", EXERCISE)]);
    assert!(problems.is_empty(), "{problems:?}");
    let e = bank.exercise("tag-a-model").expect("the exercise");
    assert_eq!(e.title, "Tag a model");
    assert_eq!(e.objectives, ["S1.17"]);
    assert_eq!(e.minutes, 5);
    assert_eq!(e.setup, ["x = 1"]);
    assert_eq!(e.starter, ["%md\nTag the model.", "# TODO"]);
    assert_eq!(e.tasks.len(), 2);
    assert_eq!(
        e.tasks[0].label,
        "The model has the tag `task` = `churn`,\nset with the client."
    );
    assert_eq!(e.hints.len(), 2);
    assert_eq!(e.solution.len(), 1);
    assert_eq!(bank.exercises_for("S1.17").count(), 1);
}

#[test]
fn broken_exercises_are_reported() {
    let cases: [(&str, &str, &str); 6] = [
        (
            "kind: lab",
            "kind: quiz",
            "kind 'quiz' is not lab, scenario or capstone",
        ),
        (
            "objectives: S1.17",
            "objectives: S1.17, S5.01",
            "'S5.01' is not an objective id (S1.01 to S4.06)",
        ),
        (
            "  check: model main.ml.m tag=task:churn\n",
            "",
            "the task has no indented 'check:' line",
        ),
        (
            "tag=task:churn",
            "tag=task",
            "check: tag is written key:value, not 'task'",
        ),
        (
            "check: model main",
            "check: modle main",
            "check: unknown check kind 'modle'",
        ),
        (
            "- `set_registered_model_tag(name, key, value)`.\n",
            "",
            "the hint ladder needs at least two hints",
        ),
    ];
    for (from, to, want) in cases {
        assert!(EXERCISE.contains(from), "fixture lacks {from:?}");
        let (bank, problems) =
            Bank::load([("exercises/x.md", EXERCISE.replacen(from, to, 1).as_str())]);
        assert!(bank.exercises.is_empty());
        assert!(
            problems.iter().any(|p| p.message == want),
            "{to:?}: want {want:?}, got {problems:?}"
        );
    }
}
