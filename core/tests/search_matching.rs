//! Matching and ordering on hand-made runs; each test names the MLflow rule it mirrors.

use std::collections::BTreeMap;

use lakelab_core::tracking::search::{
    like, matches, parse_filter, parse_order_by, sort_runs, Attribute, OrderBy, Searchable,
};

#[derive(Default, Clone)]
struct TestRun {
    id: &'static str,
    name: &'static str,
    status: &'static str,
    start: i64,
    end: Option<i64>,
    metrics: BTreeMap<&'static str, f64>,
    params: BTreeMap<&'static str, &'static str>,
    tags: BTreeMap<&'static str, &'static str>,
}

impl Searchable for TestRun {
    fn metric(&self, key: &str) -> Option<f64> {
        self.metrics.get(key).copied()
    }
    fn param(&self, key: &str) -> Option<&str> {
        self.params.get(key).copied()
    }
    fn tag(&self, key: &str) -> Option<&str> {
        self.tags.get(key).copied()
    }
    fn string_attribute(&self, a: Attribute) -> Option<&str> {
        match a {
            Attribute::RunId => Some(self.id),
            Attribute::RunName => Some(self.name),
            Attribute::Status => Some(self.status),
            Attribute::UserId => Some("ada@example.com"),
            Attribute::ArtifactUri => Some("dbfs:/databricks/mlflow-tracking/1"),
            _ => None,
        }
    }
    fn numeric_attribute(&self, a: Attribute) -> Option<i64> {
        match a {
            Attribute::StartTime => Some(self.start),
            Attribute::EndTime => self.end,
            _ => None,
        }
    }
}

fn run(id: &'static str, start: i64) -> TestRun {
    TestRun {
        id,
        name: id,
        status: "FINISHED",
        start,
        end: Some(start + 10),
        ..Default::default()
    }
}

fn runs() -> Vec<TestRun> {
    let mut a = run("a", 100);
    a.metrics = [("acc", 0.9), ("loss", 0.3)].into();
    a.params = [("model", "rf"), ("depth", "10")].into();
    a.tags = [("team", "ML"), ("mlflow.runName", "a")].into();
    let mut b = run("b", 200);
    b.metrics = [("acc", 0.7), ("loss", f64::NAN)].into();
    b.params = [("model", "lr"), ("depth", "5")].into();
    b.tags = [("team", "ml")].into();
    b.status = "FAILED";
    let mut c = run("c", 300);
    c.metrics = [("acc", f64::INFINITY)].into();
    c.params = [("model", "random_forest")].into();
    c.end = None;
    c.status = "RUNNING";
    let d = run("d", 300); // no metrics, params or tags; same start as c
    vec![a, b, c, d]
}

fn ids(filter: &str) -> Vec<&'static str> {
    let f = parse_filter(filter).unwrap_or_else(|e| panic!("{filter}: {e}"));
    runs()
        .iter()
        .filter(|r| matches(*r, &f))
        .map(|r| r.id)
        .collect()
}

/// Rule: a run that lacks the key never matches, for any comparator including `!=`.
#[test]
fn missing_keys_never_match() {
    assert_eq!(ids("metrics.acc != 0.9"), ["b", "c"]);
    assert_eq!(ids("params.model != 'rf'"), ["b", "c"]);
    assert_eq!(ids("tags.team != 'nobody'"), ["a", "b"]);
    assert_eq!(ids("metrics.loss > -1"), ["a"]); // NaN fails numeric comparisons
    assert_eq!(ids("end_time > 0"), ["a", "b", "d"]);
}

/// Rule: IS NULL matches exactly the runs without the key (newer MLflow).
#[test]
fn is_null_and_is_not_null() {
    assert_eq!(ids("params.depth IS NULL"), ["c", "d"]);
    assert_eq!(ids("params.depth IS NOT NULL"), ["a", "b"]);
    assert_eq!(ids("tags.team IS NULL AND params.model IS NOT NULL"), ["c"]);
}

/// Rule: metric comparisons use numbers (inf compares as a number); AND needs every clause.
#[test]
fn numeric_comparisons_and_conjunction() {
    assert_eq!(ids("metrics.acc > 0.8"), ["a", "c"]);
    assert_eq!(ids("metrics.acc >= 0.7 AND metrics.acc < 1"), ["a", "b"]);
    assert_eq!(ids("metrics.acc = 0.7"), ["b"]);
    assert_eq!(ids("metrics.acc > 0.5 and params.model = 'rf'"), ["a"]);
    assert_eq!(ids("start_time >= 300"), ["c", "d"]);
    assert_eq!(ids("created < 150"), ["a"]);
    assert_eq!(ids(""), ["a", "b", "c", "d"]);
}

/// Rule: string `=`/`!=`/LIKE are case-sensitive, ILIKE is not; params are strings.
#[test]
fn string_comparisons() {
    assert_eq!(ids("tags.team = 'ml'"), ["b"]);
    assert_eq!(ids("tags.team ILIKE 'ml'"), ["a", "b"]);
    assert_eq!(ids("tags.team LIKE 'M%'"), ["a"]);
    assert_eq!(ids("params.model LIKE '%r%'"), ["a", "b", "c"]);
    assert_eq!(ids("params.model LIKE 'r_'"), ["a"]);
    assert_eq!(ids("params.model LIKE 'r_f'"), Vec::<&str>::new());
    assert_eq!(ids("params.model LIKE 'r%'"), ["a", "c"]);
    assert_eq!(ids("params.model LIKE 'rf'"), ["a"]);
    assert_eq!(ids("params.depth = '10'"), ["a"]);
    assert_eq!(ids("status = 'FAILED'"), ["b"]);
    assert_eq!(ids("attributes.status != 'FINISHED'"), ["b", "c"]);
    assert_eq!(ids("run_id IN ('a', 'c', 'zz')"), ["a", "c"]);
    assert_eq!(ids("run_id NOT IN ('a', 'c')"), ["b", "d"]);
    assert_eq!(ids("\"Run name\" LIKE 'd'"), ["d"]);
    assert_eq!(ids("tags.`mlflow.runName` = 'a'"), ["a"]);
    assert_eq!(ids("user_id LIKE '%@example.com'"), ["a", "b", "c", "d"]);
}

/// Rule: `%` is any run (also empty), `_` exactly one character, the rest literal (SQL).
#[test]
fn like_patterns() {
    assert!(like("abc", "abc", false));
    assert!(like("abc", "a%", false));
    assert!(like("abc", "%c", false));
    assert!(like("abc", "%b%", false));
    assert!(like("abc", "a_c", false));
    assert!(like("", "%", false));
    assert!(like("a%c", "a%c", false));
    assert!(!like("abc", "ab", false));
    assert!(!like("abc", "a_", false));
    assert!(!like("a.c", "a\\.c", false));
    assert!(!like("abc", "a.c", false), "'.' is literal, as in SQL");
    assert!(like("ABC", "a%", true));
    assert!(!like("ABC", "a%", false));
    assert!(like("ÉCOLE", "éc%", true));
    assert!(like("aaab", "%a%ab", false));
    assert!(!like("aaab", "%a%ac", false));
}

fn order(order_by: &[&str]) -> Vec<&'static str> {
    let parsed: Vec<OrderBy> = order_by
        .iter()
        .map(|o| parse_order_by(o).unwrap())
        .collect();
    let all = runs();
    let mut refs: Vec<&TestRun> = all.iter().collect();
    sort_runs(&mut refs, &parsed);
    refs.iter().map(|r| r.id).collect()
}

/// Rule: default order is start_time DESC, ties by run_id ASC.
#[test]
fn default_order() {
    assert_eq!(order(&[]), ["c", "d", "b", "a"]);
}

/// Rule: missing and NaN sort last in both directions, NaN before missing; inf is a number.
#[test]
fn missing_and_nan_last_both_ways() {
    assert_eq!(order(&["metrics.acc DESC"]), ["c", "a", "b", "d"]);
    assert_eq!(order(&["metrics.acc ASC"]), ["b", "a", "c", "d"]);
    assert_eq!(order(&["metrics.loss ASC"]), ["a", "b", "c", "d"]);
    assert_eq!(order(&["metrics.loss DESC"]), ["a", "b", "c", "d"]);
}

/// Rule: params are strings and sort lexicographically ("10" before "5"); later keys and the
/// default order break ties.
#[test]
fn params_sort_as_strings_and_ties_fall_through() {
    assert_eq!(order(&["params.depth"]), ["a", "b", "c", "d"]);
    assert_eq!(order(&["params.depth DESC"]), ["b", "a", "c", "d"]);
    assert_eq!(
        order(&["tags.team DESC", "metrics.acc"]),
        ["b", "a", "c", "d"]
    );
    // FINISHED ties (a, d) fall back to start_time DESC.
    assert_eq!(order(&["status"]), ["b", "d", "a", "c"]);
    assert_eq!(order(&["end_time DESC"]), ["d", "b", "a", "c"]);
    assert_eq!(order(&["start_time ASC"]), ["a", "b", "c", "d"]);
}
