#!/usr/bin/env python3
"""Writes the AutoML benchmark's real datasets (core/data/bench/) from scikit-learn's bundled
copies: iris, wine, breast cancer (Wisconsin diagnostic) for classification and diabetes for
regression. Feature columns keep scikit-learn's names; the label is the last column, `target`
(class codes for the classifiers, the disease progression for diabetes). Values are written with
Python's shortest round-trip repr, so the files are the same on every run.

    python3 -m venv /tmp/skenv && /tmp/skenv/bin/pip install scikit-learn
    /tmp/skenv/bin/python scripts/gen_bench_datasets.py

Sources and licences: core/data/bench/LICENSES.md.
"""

import csv
import pathlib

from sklearn import datasets

OUT = pathlib.Path(__file__).resolve().parent.parent / "core" / "data" / "bench"

LOADERS = {
    "iris": datasets.load_iris,
    "wine": datasets.load_wine,
    "breast_cancer": datasets.load_breast_cancer,
    "diabetes": datasets.load_diabetes,
}


def clean(name):
    """Column names without spaces or brackets, so every tool reads them as plain names."""
    name = name.replace(" (cm)", "_cm").replace("/", "_").replace(" ", "_")
    return name.strip("_")


def number(v):
    f = float(v)
    return str(int(f)) if f.is_integer() else repr(f)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, load in LOADERS.items():
        bunch = load()
        header = [clean(c) for c in bunch.feature_names] + ["target"]
        path = OUT / f"{name}.csv"
        with path.open("w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            for row, y in zip(bunch.data, bunch.target):
                w.writerow([repr(float(v)) for v in row] + [number(y)])
        print(f"{path.relative_to(OUT.parent.parent.parent)}: {len(bunch.target)} rows, {len(header) - 1} features")


if __name__ == "__main__":
    main()
