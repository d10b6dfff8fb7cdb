//! The `lakelab` command line, natively: a script's output, Python's traceback and exit
//! status for an uncaught error, and saving / loading a workspace.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn lakelab(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lakelab"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("lakelab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn runs_a_script_and_saves_then_reloads_the_workspace() {
    let script = temp(
        "train.py",
        "import mlflow\nmlflow.set_experiment('/Shared/cli')\nwith mlflow.start_run(run_name='cli-run'):\n    mlflow.log_metric('rmse', 0.25)\nprint('logged')\n",
    );
    let saved = temp("ws.json", "");
    let (code, out, err) = lakelab(&["run", &script, "--save", &saved]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "logged\n", ""));
    let check = temp(
        "check.py",
        "import mlflow\nruns = mlflow.search_runs(experiment_names=['/Shared/cli'])\nprint(len(runs), runs.iloc[0]['metrics.rmse'], runs.iloc[0]['tags.mlflow.runName'])\n",
    );
    let (code, out, _) = lakelab(&["run", &check, "--workspace", &saved]);
    assert_eq!((code, out.as_str()), (0, "1 0.25 cli-run\n"));
}

#[test]
fn an_uncaught_exception_prints_a_traceback_and_exits_1() {
    let script = temp(
        "bad.py",
        "print('before')\nimport mlflow\nmlflow.get_run('nope')\n",
    );
    let (code, out, err) = lakelab(&["run", &script]);
    assert_eq!(code, 1);
    assert_eq!(out, "before\n");
    assert_eq!(
        err,
        format!(
            "Traceback (most recent call last):\n  File \"{script}\", line 3, in <module>\n    mlflow.get_run('nope')\nmlflow.exceptions.MlflowException: Run with id=nope not found\n"
        )
    );
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(lakelab(&[]).0, 2);
    assert_eq!(lakelab(&["run"]).0, 2);
    assert_eq!(lakelab(&["run", "/nonexistent.py"]).0, 2);
    let (code, _, err) = lakelab(&["grade"]);
    assert_eq!(
        (code, err.as_str()),
        (2, "usage: lakelab grade WORKSPACE.json...\n")
    );
    let (code, _, err) = lakelab(&["check", "--strict"]);
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "usage: lakelab check [CONTENT_DIR] [--datasets DIR] [--partial]\n"
        )
    );
}

#[test]
fn check_validates_a_content_folder_and_reports_each_problem() {
    let dir = std::env::temp_dir().join(format!("lakelab-content-{}", std::process::id()));
    let questions = dir.join("questions");
    std::fs::create_dir_all(&questions).unwrap();
    let good = "# S1.17 Tags\n\n## S1.17-01\nkind: single\ndifficulty: 1\ndoc: https://docs.databricks.com/\n\nWhich call tags a registered model?\n\n- [x] `set_registered_model_tag`\n  Right: it tags the model.\n- [ ] `set_tag`\n  Wrong: it tags a run.\n- [ ] `log_param`\n  Wrong: it logs a run parameter.\n";
    std::fs::write(questions.join("S1.17.md"), good).unwrap();
    let datasets = concat!(env!("CARGO_MANIFEST_DIR"), "/public/datasets");
    let dir_s = dir.to_string_lossy().into_owned();
    let (code, out, err) = lakelab(&["check", &dir_s, "--datasets", datasets, "--partial"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "1 questions, 0 exercises: OK\n", "")
    );
    // Without --partial every objective lacks questions (S1.17 has 1 of 6) and an exercise.
    let (code, out, _) = lakelab(&["check", &dir_s, "--datasets", datasets]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "questions/S1.18.md:1: S1.18 has 0 questions; every objective needs at least 6\n"
        ),
        "{out}"
    );
    assert!(
        out.ends_with("1 questions, 0 exercises: 96 problems\n"),
        "{out}"
    );
    // A broken option is reported with its file and line.
    std::fs::write(
        questions.join("S1.17.md"),
        good.replace("  Wrong: it tags a run.\n", ""),
    )
    .unwrap();
    let (code, out, _) = lakelab(&["check", &dir_s, "--datasets", datasets, "--partial"]);
    assert_eq!(code, 1);
    assert_eq!(out, format!("questions/S1.17.md:12: S1.17-01: the option has no explanation (indent it two spaces under the option)\n0 questions, 0 exercises: 1 problem\n"));
}

#[test]
fn grade_prints_each_exercise_checklist_for_an_exported_workspace() {
    let script = temp(
        "feature_table.py",
        "spark.sql('CREATE SCHEMA IF NOT EXISTS main.ml_features')\nfrom databricks.feature_engineering import FeatureEngineeringClient\nfe = FeatureEngineeringClient()\ndf = spark.createDataFrame([(i, 20 + i % 50, i % 70, 10.0 + i) for i in range(1, 121)], ['customer_id', 'age', 'tenure_months', 'monthly_spend'])\nfe.create_table(name='main.ml_features.customer_features', primary_keys=['customer_id'], df=df)\n",
    );
    let saved = temp("graded.json", "");
    let (code, _, err) = lakelab(&["run", &script, "--save", &saved]);
    assert_eq!((code, err.as_str()), (0, ""));
    let (code, out, err) = lakelab(&["grade", &saved]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(
        out.contains("  [2/3] s1-feature-table (S1.06, S1.07)\n      [x] Feature table `main.ml_features.customer_features` exists with primary key `customer_id`.\n      [x] It has the columns `age`, `tenure_months` and `monthly_spend`, and at least 100 rows.\n      [ ] The update was merged into the table (its history shows a `MERGE`).\n          main.ml_features.customer_features's history has no MERGE yet\n"),
        "{out}"
    );
    let (code, _, err) = lakelab(&["grade", "/nonexistent.json"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("lakelab: cannot load the workspace /nonexistent.json"),
        "{err}"
    );
}
