#!/usr/bin/env python3
"""The feature-store benchmark workloads of core/src/bench_features.rs, done with pandas, so
Lakelab's figures can be read against pandas on the same machine (single-threaded, as a
browser tab is). Prints ONE JSON object (medians in milliseconds).

    python3 scripts/bench_pandas.py [--runs 5]

Needs pandas and numpy (e.g. `python3 -m venv /tmp/pd && /tmp/pd/bin/pip install pandas`,
then `PANDAS_PYTHON=/tmp/pd/bin/python scripts/bench.sh`). The shapes match the Rust workload:
a 1,000,000-row table (int key + 10 float features); a merge-upsert of 100,000 rows, half new
keys; 10,000 random point lookups on the published (latest) table; a 200,000-row left join;
a 200,000-row as-of join onto 1,000,000 rows (100,000 keys x 10 daily snapshots).
"""

import argparse
import json
import platform
import statistics
import time

import numpy as np
import pandas as pd

ROWS = 1_000_000
FEATURES = 10
UPSERT = 100_000
LOOKUPS = 10_000
TRAIN = 200_000
TS_KEYS = 100_000
SNAPSHOTS = 10
DAY_MS = 86_400_000


def features(rng, n):
    return {f"f{i}": rng.random(n) for i in range(FEATURES)}


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, (time.perf_counter() - start) * 1000.0


def one_run(seed):
    rng = np.random.default_rng(seed)
    figures = {}
    base = pd.DataFrame({"id": np.arange(ROWS, dtype=np.int64), **features(rng, ROWS)})

    # create: index the table on its primary key and check the key is unique.
    def create():
        t = base.set_index("id")
        if not t.index.is_unique:
            raise SystemExit("duplicate keys")
        return t
    table, figures["create_1m_rows"] = timed(create)

    existing = np.arange(0, ROWS, 2 * ROWS // UPSERT, dtype=np.int64)[: UPSERT // 2]
    new = np.arange(ROWS, ROWS + UPSERT // 2, dtype=np.int64)
    upd = pd.DataFrame({"id": np.concatenate([existing, new]), **features(rng, UPSERT)})

    # merge-upsert: rows of the table not in the update, then the update.
    def upsert():
        u = upd.set_index("id")
        return pd.concat([table[~table.index.isin(u.index)], u])
    table, figures["merge_upsert_100k_half_new"] = timed(upsert)
    if len(table) != ROWS + UPSERT // 2:
        raise SystemExit("upsert has the wrong size")

    keys = rng.integers(0, ROWS + UPSERT // 2, LOOKUPS)
    online = table.sort_index()
    _, figures["online_lookups_10k_batched"] = timed(lambda: online.loc[keys])
    _, figures["online_lookups_10k_one_by_one"] = timed(lambda: [online.loc[k] for k in keys[:1000]])
    figures["online_lookups_10k_one_by_one"] *= LOOKUPS / 1000  # 1,000 timed, scaled

    labels = pd.DataFrame({
        "id": rng.integers(0, ROWS + UPSERT, TRAIN),
        "label": np.arange(TRAIN) % 2,
    })
    flat = table.reset_index()
    joined, figures["training_left_join_200k"] = timed(
        lambda: labels.merge(flat, on="id", how="left"))
    if len(joined) != TRAIN:
        raise SystemExit("left join has the wrong size")

    n = TS_KEYS * SNAPSHOTS
    ts = pd.DataFrame({
        "id": np.arange(n, dtype=np.int64) % TS_KEYS,
        "ts": pd.to_datetime((np.arange(n) // TS_KEYS) * DAY_MS, unit="ms"),
        **features(rng, n),
    })
    events = pd.DataFrame({
        "id": rng.integers(0, TS_KEYS, TRAIN),
        "event_ts": pd.to_datetime((rng.random(TRAIN) * SNAPSHOTS * DAY_MS).astype(np.int64), unit="ms"),
        "label": np.arange(TRAIN) % 2,
    })

    def as_of():
        left = events.sort_values("event_ts")
        right = ts.sort_values("ts")
        return pd.merge_asof(left, right, left_on="event_ts", right_on="ts", by="id")
    _, figures["training_as_of_join_200k_onto_1m"] = timed(as_of)
    left, right = events.sort_values("event_ts"), ts.sort_values("ts")
    _, figures["training_as_of_join_200k_onto_1m_presorted"] = timed(
        lambda: pd.merge_asof(left, right, left_on="event_ts", right_on="ts", by="id"))
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = [one_run(seed) for seed in range(parser.parse_args().runs)]
    medians = {k: round(statistics.median(r[k] for r in runs), 1) for k in runs[0]}
    print(json.dumps({
        "pandas_version": pd.__version__,
        "numpy_version": np.__version__,
        "python": platform.python_version(),
        "runs": len(runs),
        "feature_store_ms_median": medians,
    }))


if __name__ == "__main__":
    main()
