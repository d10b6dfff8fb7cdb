#!/usr/bin/env python3
"""Writes Lakelab's bundled datasets (public/datasets/) from a fixed seed: synthetic data, no
third-party source, dedicated to the public domain (CC0 1.0). Run it again and the files are
byte-for-byte the same; the native tests read them, and the app serves them at
/databricks-datasets/lakelab/... in notebook cells.

    python3 scripts/gen_datasets.py

Only the standard library, so it runs on any machine with Python 3.
"""

import csv
import datetime
import math
import pathlib
import random

OUT = pathlib.Path(__file__).resolve().parent.parent / "public" / "datasets"
SEED = 20261127


def write(rel, header, rows):
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return len(rows)


def churn(rng):
    """2,000 customers with the exam's feature names, and their churn label (about 25 %)."""
    customers, labels = [], []
    for cid in range(1, 2001):
        age = rng.randint(18, 80)
        tenure = rng.randint(0, 72)
        contract = rng.choices(["monthly", "yearly", "two_year"], [0.55, 0.3, 0.15])[0]
        spend = round(rng.uniform(15, 120), 2)
        calls = min(10, int(rng.expovariate(0.6)))
        region = rng.choice(["north", "south", "east", "west"])
        # Churn is likelier for short tenure, monthly contracts, many support calls.
        score = (-1.6 - 0.035 * tenure + 0.35 * calls + (1.1 if contract == "monthly" else 0.0)
                 + 0.008 * (spend - 60) + rng.gauss(0, 0.6))
        churned = 1 if rng.random() < 1 / (1 + math.exp(-score)) else 0
        customers.append([cid, age, tenure, spend, contract, calls, region])
        labels.append([cid, churned])
    n = write("churn/customers.csv",
              ["customer_id", "age", "tenure_months", "monthly_spend", "contract",
               "num_support_calls", "region"], customers)
    write("churn/churn_labels.csv", ["customer_id", "churn"], labels)
    return n


def spend(rng):
    """Daily 7-day spend snapshots for 200 customers over 30 days (time-series feature table),
    and 1,000 purchase events at times between the snapshots (point-in-time lookups)."""
    rows = []
    for cid in range(1, 201):
        level = rng.uniform(5, 60)
        for day in range(30):
            level = max(0.0, level + rng.gauss(0, 4))
            visits = max(0, int(rng.gauss(level / 8, 1.5)))
            rows.append([cid, f"2026-01-{day + 1:02d} 00:00:00", round(level * 7, 2), visits])
    write("spend/daily_spend.csv", ["customer_id", "ts", "spend_7d", "visits_7d"], rows)
    events = []
    for _ in range(1000):
        cid = rng.randint(1, 200)
        day = rng.randint(1, 30)
        hour = rng.randint(0, 23)
        minute = rng.randint(0, 59)
        events.append([cid, f"2026-01-{day:02d} {hour:02d}:{minute:02d}:00",
                       1 if rng.random() < 0.3 else 0])
    events.sort(key=lambda e: (e[1], e[0]))
    write("spend/purchase_events.csv", ["customer_id", "event_ts", "purchased"], events)
    return len(rows)


def housing(rng):
    """1,000 houses for regression: price from size, rooms, age, distance and a garage."""
    rows = []
    for hid in range(1, 1001):
        sqft = int(rng.gauss(1800, 550))
        sqft = max(450, sqft)
        bedrooms = max(1, min(6, round(sqft / 600 + rng.gauss(0, 0.7))))
        bathrooms = max(1, min(4, round(bedrooms * 0.6 + rng.gauss(0, 0.5))))
        age = rng.randint(0, 90)
        distance = round(rng.uniform(0.5, 40), 1)
        garage = rng.random() < 0.55
        price = (60_000 + 145 * sqft + 9_000 * bathrooms - 900 * age - 2_800 * distance
                 + (18_000 if garage else 0))
        price *= math.exp(rng.gauss(0, 0.12))
        rows.append([hid, sqft, bedrooms, bathrooms, age, distance,
                     "true" if garage else "false", int(round(price, -2))])
    return write("housing/house_prices.csv",
                 ["house_id", "sqft", "bedrooms", "bathrooms", "age_years", "distance_km",
                  "has_garage", "price"], rows)


def sales(rng):
    """Daily sales of 3 stores over 2025 (time series for automl.forecast): a level per store,
    a slow trend, a weekly pattern (weekends sell more) and noise."""
    rows = []
    stores = [("north", 420.0, 0.20), ("centre", 650.0, 0.35), ("south", 300.0, 0.05)]
    weekly = [0.92, 0.88, 0.90, 0.95, 1.05, 1.22, 1.08]  # Monday first
    start = datetime.date(2025, 1, 1)
    for store, level, trend in stores:
        for day in range(365):
            d = start + datetime.timedelta(days=day)
            value = (level + trend * day) * weekly[d.weekday()] * math.exp(rng.gauss(0, 0.06))
            rows.append([d.isoformat(), store, round(value, 2)])
    rows.sort(key=lambda r: (r[0], r[1]))
    return write("sales/daily_sales.csv", ["date", "store", "sales"], rows)


def main():
    rng = random.Random(SEED)
    # Appended generators draw after the earlier ones, so older files keep their bytes.
    counts = {"churn": churn(rng), "spend": spend(rng), "housing": housing(rng),
              "sales": sales(rng)}
    print(counts)


if __name__ == "__main__":
    main()
