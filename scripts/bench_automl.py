#!/usr/bin/env python3
"""The AutoML benchmark's FLAML side: the same datasets, the same split rows and the same
budgets as core/src/bench_automl.rs, on this machine. Prints ONE JSON object on stdout.

    cargo run --release -p lakelab-core --example bench_automl -- --write-data /tmp/bench-data
    /tmp/skenv/bin/python scripts/bench_automl.py /tmp/bench-data

Each CSV (written by the Rust side) holds the features, `target` and `_bench_split`; FLAML
trains on the `train` rows, validates on the `validate` rows (X_val / y_val, holdout) and the
best model is scored on the `test` rows. Metrics match Lakelab AutoML's defaults: F1 for
classification (binary F1 of class 1 for two classes; support-weighted F1 for more, as
MLflow's evaluate logs it: a custom FLAML metric, since FLAML's built-ins are binary, micro and
macro only), R² for regression. FLAML's default learners (LightGBM, XGBoost, random forest,
extra trees, L1 logistic regression ...) with `retrain_full=False`, so the test score is that
of the trial model chosen on the validation rows, as on the Lakelab side.
`BENCH_DATASETS` / `BENCH_BUDGETS` select as in the Rust example; `FLAML_N_JOBS` (default 1:
Lakelab's engine is single-threaded) sets FLAML's n_jobs.

Also times scikit-learn's LogisticRegression(C=1.0, max_iter=200) on all 100,000 × 20 rows of
the synthetic set (median of 3 fits), the same settings as the Lakelab figure.
"""

import json
import os
import pathlib
import statistics
import sys
import time
import warnings

SPLIT = "_bench_split"
TARGET = "target"
SEED = 20261127
DATASETS = [
    ("iris", "classification"),
    ("wine", "classification"),
    ("breast_cancer", "classification"),
    ("diabetes", "regression"),
    ("synthetic_100k_x_20", "classification"),
]
INSTALL = (
    "python3 -m venv /tmp/skenv && /tmp/skenv/bin/pip install 'flaml[automl]' scikit-learn, "
    "then BENCH_PYTHON=/tmp/skenv/bin/python scripts/bench_automl.sh"
)


def weighted_f1(X_val, y_val, estimator, labels, X_train, y_train, *args, **kwargs):
    from sklearn.metrics import f1_score

    score = f1_score(y_val, estimator.predict(X_val), average="weighted")
    return 1.0 - score, {"val_f1_weighted": score}


def automl_run(frame, task, budget, n_jobs):
    from flaml import AutoML
    from sklearn.metrics import accuracy_score, f1_score, mean_squared_error, r2_score

    features = [c for c in frame.columns if c not in (TARGET, SPLIT)]
    part = {s: frame[frame[SPLIT] == s] for s in ("train", "validate", "test")}
    X = {s: p[features] for s, p in part.items()}
    y = {s: p[TARGET] for s, p in part.items()}
    out = {"rows": len(frame), "features": len(features), "budget_s": budget}
    if task == "classification":
        n_classes = frame[TARGET].nunique()
        binary = n_classes == 2
        metric = "f1" if binary else weighted_f1
        out.update(metric="f1", f1_average="binary" if binary else "weighted")
    else:
        metric = "r2"
        out.update(metric="r2")
    automl = AutoML()
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        automl.fit(
            X["train"], y["train"], X_val=X["validate"], y_val=y["validate"],
            task=task, metric=metric, time_budget=budget, seed=SEED, n_jobs=n_jobs,
            retrain_full=False, eval_method="holdout", verbose=0,
        )
    elapsed = time.perf_counter() - start
    # FLAML keeps per-learner trial counts only privately; the public config_history lists
    # improvements only.
    trials = int(sum(getattr(automl, "_iter_per_learner", {}).values()))
    pred = automl.predict(X["test"])
    if task == "classification":
        test = f1_score(y["test"], pred, average="binary" if binary else "weighted")
        out["test_accuracy"] = round(float(accuracy_score(y["test"], pred)), 4)
    else:
        test = r2_score(y["test"], pred)
        out["test_rmse"] = round(float(mean_squared_error(y["test"], pred) ** 0.5), 4)
    out.update(
        val_score=round(1.0 - float(automl.best_loss), 4),
        test_score=round(float(test), 4),
        best_model={"learner": automl.best_estimator, "config": json.loads(json.dumps(automl.best_config, default=str))},
        trials=trials,
        elapsed_s=round(elapsed, 3),
        trials_per_second=round(trials / elapsed, 3) if elapsed > 0 else 0.0,
    )
    return out


def logistic_fit(frame):
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_info

    features = [c for c in frame.columns if c not in (TARGET, SPLIT)]
    X = frame[features].to_numpy()
    y = frame[TARGET].to_numpy()
    times, accuracy, iters = [], None, None
    for _ in range(3):
        model = LogisticRegression(C=1.0, max_iter=200)
        start = time.perf_counter()
        model.fit(X, y)
        times.append((time.perf_counter() - start) * 1000)
        accuracy = float((model.predict(X) == y).mean())
        iters = int(model.n_iter_[0])
    return {
        "rows": len(frame),
        "features": len(features),
        "estimator": "sklearn LogisticRegression(C=1.0, max_iter=200) (lbfgs, L2)",
        "repeats": 3,
        "median_ms": round(statistics.median(times), 3),
        "iterations": iters,
        "train_accuracy": round(accuracy, 4),
        "blas_threads": [i.get("num_threads") for i in threadpool_info()],
    }


def main():
    try:
        import flaml, pandas, sklearn  # noqa: F401
        from flaml import AutoML  # noqa: F401
        import lightgbm, xgboost  # noqa: F401
    except ImportError as e:
        print(json.dumps(f"not run: {e.name or e} is not installed for {sys.executable}; {INSTALL}"))
        return
    import pandas as pd

    if len(sys.argv) < 2:
        sys.exit("usage: bench_automl.py DATA_DIR (written by the bench_automl example)")
    data = pathlib.Path(sys.argv[1])
    wanted = [s for s in os.environ.get("BENCH_DATASETS", "").split(",") if s]
    budgets = [float(b) for b in os.environ.get("BENCH_BUDGETS", "5,15,60").split(",") if b]
    n_jobs = int(os.environ.get("FLAML_N_JOBS", "1"))
    runs, logistic = [], None
    for name, task in DATASETS:
        if wanted and name not in wanted:
            continue
        frame = pd.read_csv(data / f"{name}.csv")
        for budget in budgets:
            print(f"bench_automl.py: {name} at {budget} s...", file=sys.stderr)
            figures = {"dataset": name, **automl_run(frame, task, budget, n_jobs)}
            print(json.dumps(figures), file=sys.stderr)
            runs.append(figures)
        if name == "synthetic_100k_x_20":
            logistic = logistic_fit(frame)
    print(json.dumps({
        "flaml_version": flaml.__version__,
        "sklearn_version": sklearn.__version__,
        "n_jobs": n_jobs,
        "automl": runs,
        "logistic_fit_100k_x_20": logistic,
    }))


if __name__ == "__main__":
    main()
