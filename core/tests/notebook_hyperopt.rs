//! Hyperopt from cells: fmin over hp spaces with TPE and random search, Trials, space_eval,
//! SparkTrials' honest note, and Hyperopt's refusals.

mod notebook_support;
use notebook_support::Lab;

#[test]
fn fmin_minimises_with_tpe_and_reports_trials_like_hyperopt() {
    let mut lab = Lab::new();
    let out = lab.ok(
        r#"from hyperopt import fmin, tpe, rand, hp, Trials, STATUS_OK, space_eval
def objective(params):
    x = params["x"]
    penalty = 0 if params["model"] == "rf" else 1
    return {"loss": (x - 3) ** 2 + penalty, "status": STATUS_OK}
space = {"x": hp.uniform("x", -10, 10), "model": hp.choice("model", ["lr", "rf"])}
trials = Trials()
best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=60, trials=trials)
print(abs(best["x"] - 3) < 1.0, best["model"], len(trials.trials), len(trials.losses()))
print(space_eval(space, best)["model"])
print(trials.best_trial["result"]["loss"] == min(trials.losses()))
print(sorted(trials.trials[0]["misc"]["vals"].keys()), trials.statuses()[0])
best2 = fmin(objective, space, algo=tpe.suggest, max_evals=80, trials=trials)
print(len(trials), trials.argmin == best2)
"#,
    );
    let lines: Vec<&str> = out.lines().filter(|l| !l.starts_with("100%")).collect();
    assert_eq!(
        lines,
        ["True 1 60 60", "rf", "True", "['model', 'x'] ok", "80 True",],
        "{out}"
    );
    assert!(out.contains("100%|██████████| 60/60 [best loss: "), "{out}");
}

#[test]
fn conditional_spaces_random_search_and_plain_losses() {
    let mut lab = Lab::new();
    let out = lab.ok(r#"from hyperopt import fmin, rand, hp, space_eval
space = hp.choice("clf", [
    {"type": "lr", "C": hp.loguniform("C", -3, 2)},
    {"type": "tree", "depth": hp.quniform("depth", 2, 10, 1)},
])
seen = []
def objective(p):
    seen.append(p["type"])
    if p["type"] == "lr":
        assert 0.049 < p["C"] < 7.39
        return 1.0 / p["C"]
    return p["depth"]
best = fmin(objective, space, algo=rand.suggest, max_evals=40, show_progressbar=False)
print("lr" in seen, "tree" in seen)
print(sorted(best.keys()) in (["C", "clf"], ["clf", "depth"]))
print(space_eval(space, best)["type"])
"#);
    assert_eq!(out, "True True\nTrue\nlr\n", "{out}");
}

#[test]
fn spark_trials_say_how_they_differ_and_errors_match_hyperopt() {
    let mut lab = Lab::new();
    let out = lab.ok(
        r#"from hyperopt import fmin, tpe, hp, SparkTrials, STATUS_OK
st = SparkTrials(parallelism=4)
best = fmin(lambda p: (p["a"] - 1) ** 2, {"a": hp.uniform("a", 0, 2)}, algo=tpe.suggest, max_evals=10, trials=st)
print(type(st).__name__, len(st), st.parallelism)
"#,
    );
    assert!(out.contains("up to 4 trials run at once"), "{out}");
    assert!(out.contains("SparkTrials 10 4"), "{out}");
    // No algo: TPE with Hyperopt's warning.
    let out = lab.ok(
        r#"best = fmin(lambda p: p["a"], {"a": hp.uniform("a", 0, 1)}, max_evals=3, show_progressbar=False)"#,
    );
    assert!(
        out.contains("TPE is being used as the default algorithm"),
        "{out}"
    );
    let e = lab.err(r#"fmin(lambda p: 1, {"a": hp.uniform("a", 0, 1), "b": hp.uniform("a", 0, 2)}, algo=tpe.suggest, max_evals=2)"#);
    assert!(e.contains("DuplicateLabel: a"), "{e}");
    let e = lab.err(r#"fmin(lambda p: {"loss": 1}, {"a": hp.uniform("a", 0, 1)}, algo=tpe.suggest, max_evals=2)"#);
    assert!(e.contains("InvalidResultStatus"), "{e}");
    let e = lab.err(r#"fmin(lambda p: 1, {"a": hp.uniform("a", 0, 1)}, algo=tpe.suggest)"#);
    assert!(e.contains("max_evals"), "{e}");
    let e = lab.err(r#"hp.normal("x", 0, 1)"#);
    assert!(e.starts_with("NotImplementedError"), "{e}");
    let e = lab.err(r#"fmin(lambda p: {"loss": 1, "status": "fail"}, {"a": hp.uniform("a", 0, 1)}, algo=tpe.suggest, max_evals=2, show_progressbar=False)"#);
    assert!(e.contains("AllTrialsFailed"), "{e}");
}
