//! The AutoML benchmark's inputs: the bundled datasets parse with their published shapes and
//! classes, every dataset gets a seeded 60/20/20 split, and the synthetic set is the same for a
//! seed and survives the CSV round trip to the FLAML side exactly.

use lakelab_core::bench_automl::{self, SPLIT_COL, TARGET};
use lakelab_core::ml::estimator::Task;
use lakelab_core::table::csv::{self, CsvOptions};

fn load(name: &str) -> String {
    let path = format!("{}/data/bench/{name}.csv", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn labels(t: &lakelab_core::table::Table, col: &str) -> Vec<String> {
    let c = t.column(col, true).unwrap();
    (0..t.num_rows()).map(|r| c.get(r).text()).collect()
}

fn count(v: &[String], x: &str) -> usize {
    v.iter().filter(|s| *s == x).count()
}

#[test]
fn real_datasets_have_their_published_shape_and_classes() {
    // (name, rows, features, class counts in code order; empty for regression)
    let expected: [(&str, usize, usize, &[usize]); 4] = [
        ("iris", 150, 4, &[50, 50, 50]),
        ("wine", 178, 13, &[59, 71, 48]),
        ("breast_cancer", 569, 30, &[212, 357]),
        ("diabetes", 442, 10, &[]),
    ];
    for ((name, task), (ename, rows, features, classes)) in
        bench_automl::REAL.into_iter().zip(expected)
    {
        assert_eq!(name, ename);
        let w = bench_automl::real(name, task, &load(name)).unwrap();
        assert_eq!(w.table.num_rows(), rows, "{name}");
        assert_eq!(w.features(), features, "{name}");
        let y = labels(&w.table, TARGET);
        if task == Task::Classification {
            for (k, n) in classes.iter().enumerate() {
                assert_eq!(count(&y, &k.to_string()), *n, "{name} class {k}");
            }
        } else {
            let c = w.table.column(TARGET, true).unwrap();
            assert!((0..rows).all(|r| c.f64_at(r).is_some_and(|v| (25.0..=346.0).contains(&v))));
        }
        // Seeded 60/20/20, stratified for classes.
        let s = labels(&w.table, SPLIT_COL);
        let (tr, va, te) = (count(&s, "train"), count(&s, "validate"), count(&s, "test"));
        assert_eq!(tr + va + te, rows, "{name}");
        assert!((tr as f64 / rows as f64 - 0.6).abs() < 0.02, "{name}: {tr}");
        assert!((va as f64 / rows as f64 - 0.2).abs() < 0.02, "{name}: {va}");
        if task == Task::Classification {
            for (k, n) in classes.iter().enumerate() {
                let in_test = y
                    .iter()
                    .zip(&s)
                    .filter(|(c, p)| **c == k.to_string() && *p == "test")
                    .count();
                let share = in_test as f64 / *n as f64;
                assert!((share - 0.2).abs() < 0.03, "{name} class {k}: {share}");
            }
        }
        let again = bench_automl::real(name, task, &load(name)).unwrap();
        assert_eq!(
            labels(&again.table, SPLIT_COL),
            s,
            "{name}: split is seeded"
        );
    }
}

#[test]
fn synthetic_set_is_deterministic_balanced_and_round_trips_as_csv() {
    let a = bench_automl::synthetic(2000, 20, 7).unwrap();
    let b = bench_automl::synthetic(2000, 20, 7).unwrap();
    let c = bench_automl::synthetic(2000, 20, 8).unwrap();
    assert_eq!((a.num_rows(), a.num_columns()), (2000, 21));
    assert_eq!(csv::write(&a, ',', true), csv::write(&b, ',', true));
    assert_ne!(csv::write(&a, ',', true), csv::write(&c, ',', true));
    let ones = count(&labels(&a, TARGET), "1");
    assert!((600..1400).contains(&ones), "{ones} positives of 2000");
    let back = csv::parse(&csv::write(&a, ',', true), &CsvOptions::default()).unwrap();
    for name in a.names() {
        let (x, y) = (
            a.column(name, true).unwrap(),
            back.column(name, true).unwrap(),
        );
        assert!(
            (0..a.num_rows()).all(|r| x.f64_at(r) == y.f64_at(r)),
            "{name}"
        );
    }
}

#[test]
fn a_short_run_reports_scores_and_trials() {
    let w = bench_automl::real("iris", Task::Classification, &load("iris")).unwrap();
    let mut t = 0.0;
    let mut clock = || {
        t += 1.0;
        t
    };
    let mut seen = 0;
    let figures = bench_automl::run(&[w], &[60.0], &mut clock, &mut |_| seen += 1).unwrap();
    assert_eq!(seen, 1);
    let run = &figures["automl"][0];
    assert_eq!(run["metric"], "f1");
    assert_eq!(run["f1_average"], "weighted");
    assert!(run["trials"].as_u64().unwrap() >= 1);
    assert!(run["test_score"].as_f64().unwrap() > 0.8);
    assert!(figures["logistic_fit_100k_x_20"].is_null());
    // The forecast figure: a whole automl.forecast run on three weekly-seasonal series.
    let f = &figures["forecast_3_series_x_365_days"];
    assert_eq!(
        (f["rows"].as_u64(), f["repeats"].as_u64()),
        (Some(1095), Some(5))
    );
    assert!(f["median_ms"].as_f64().unwrap() > 0.0);
    assert_eq!(f["best"]["run_name"], "seasonal_trend");
}
