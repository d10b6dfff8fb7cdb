//! Whether a run matches a parsed filter (MLflow's `SearchUtils._does_run_match_clause`).
//!
//! Choices, where MLflow's backends differ:
//! - LIKE / ILIKE follow the SQL stores Databricks uses: `%` is any run of characters, `_` one
//!   character, every other character literal (MLflow's file store would read `.` as a regex).
//! - String `=`, `!=` and LIKE are case-sensitive, ILIKE is not (MLflow forces this on SQL).
//! - A run lacking the key never matches, whatever the comparator (even `!=`); only
//!   `IS NULL` matches a missing key.

use super::ast::{Attribute, Clause, Comparator, Filter, Key, Value};

/// What the search needs to read from a run (or an experiment: tags and attributes only); the
/// store implements it, the search knows nothing else about storage.
pub trait Searchable {
    /// The latest value of a metric.
    fn metric(&self, key: &str) -> Option<f64>;
    fn param(&self, key: &str) -> Option<&str>;
    fn tag(&self, key: &str) -> Option<&str>;
    /// `run_id`, `run_name`, `status`, `artifact_uri`, `user_id`; an experiment's `name`.
    fn string_attribute(&self, attribute: Attribute) -> Option<&str>;
    /// `start_time`, `end_time`; an experiment's `creation_time`, `last_update_time` and
    /// numeric `experiment_id` (epoch milliseconds for times).
    fn numeric_attribute(&self, attribute: Attribute) -> Option<i64>;
    /// Values of `name`, `digest` or `context` over the run's input datasets.
    fn dataset_values(&self, _key: &str) -> Vec<&str> {
        Vec::new()
    }
}

/// SQL LIKE: `%` any run (also empty), `_` exactly one character.
pub fn like(value: &str, pattern: &str, case_insensitive: bool) -> bool {
    let fold = |s: &str| -> Vec<char> {
        if case_insensitive {
            s.chars().flat_map(char::to_lowercase).collect()
        } else {
            s.chars().collect()
        }
    };
    let (v, p) = (fold(value), fold(pattern));
    // Greedy match with backtracking to the last `%` (linear in practice).
    let (mut vi, mut pi) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while vi < v.len() {
        if pi < p.len() && (p[pi] == '_' || p[pi] == v[vi]) {
            vi += 1;
            pi += 1;
        } else if pi < p.len() && p[pi] == '%' {
            star = Some((pi, vi));
            pi += 1;
        } else if let Some((sp, sv)) = star {
            pi = sp + 1;
            vi = sv + 1;
            star = Some((sp, sv + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '%')
}

fn compare_numbers(lhs: f64, op: Comparator, rhs: f64) -> bool {
    match op {
        Comparator::Eq => lhs == rhs,
        Comparator::Ne => lhs != rhs,
        Comparator::Lt => lhs < rhs,
        Comparator::Le => lhs <= rhs,
        Comparator::Gt => lhs > rhs,
        Comparator::Ge => lhs >= rhs,
        _ => false,
    }
}

fn compare_strings(lhs: &str, op: Comparator, value: &Value) -> bool {
    match (op, value) {
        (Comparator::Eq, Value::Str(rhs)) => lhs == rhs,
        (Comparator::Ne, Value::Str(rhs)) => lhs != rhs,
        (Comparator::Like, Value::Str(rhs)) => like(lhs, rhs, false),
        (Comparator::ILike, Value::Str(rhs)) => like(lhs, rhs, true),
        (Comparator::In, Value::List(items)) => items.iter().any(|i| i == lhs),
        (Comparator::NotIn, Value::List(items)) => !items.iter().any(|i| i == lhs),
        _ => false,
    }
}

/// Whether `run` satisfies one clause.
pub fn matches_clause(run: &impl Searchable, clause: &Clause) -> bool {
    let op = clause.comparator;
    let string_clause = |lhs: Option<&str>| match op {
        Comparator::IsNull => lhs.is_none(),
        Comparator::IsNotNull => lhs.is_some(),
        _ => lhs.is_some_and(|l| compare_strings(l, op, &clause.value)),
    };
    let number = match clause.value {
        Value::Number(n) => Some(n),
        _ => None,
    };
    match &clause.key {
        Key::Metric(k) => match (run.metric(k), number) {
            (Some(lhs), Some(rhs)) => compare_numbers(lhs, op, rhs),
            _ => false,
        },
        Key::Param(k) => string_clause(run.param(k)),
        Key::Tag(k) => string_clause(run.tag(k)),
        Key::Attribute(a) if a.is_numeric() => match (run.numeric_attribute(*a), number) {
            (Some(lhs), Some(rhs)) => compare_numbers(lhs as f64, op, rhs),
            _ => false,
        },
        Key::Attribute(a) => string_clause(run.string_attribute(*a)),
        Key::Dataset(k) => run
            .dataset_values(k)
            .iter()
            .any(|v| compare_strings(v, op, &clause.value)),
    }
}

/// Whether `run` satisfies every clause of `filter`.
pub fn matches(run: &impl Searchable, filter: &Filter) -> bool {
    filter.clauses.iter().all(|c| matches_clause(run, c))
}
