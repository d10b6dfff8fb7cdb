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
    let (code, _, err) = lakelab(&["check"]);
    assert_eq!(code, 2);
    assert!(err.contains("curriculum"));
}
