//! Ordering runs (MLflow's `SearchUtils.sort`).
//!
//! Default order: `start_time` descending, ties by `run_id` ascending. The `order_by` keys come
//! first, left to right. Missing and NaN values sort last in both directions, NaN before
//! missing; ±inf sort as numbers; params and tags compare as strings (`"10"` < `"5"`).

use std::cmp::Ordering;

use super::ast::{Attribute, Key, OrderBy};
use super::eval::Searchable;

/// A sortable value read from a run.
#[derive(Debug, Clone, PartialEq)]
enum SortValue<'a> {
    Num(f64),
    Str(&'a str),
    Missing,
}

fn value<'a>(run: &'a impl Searchable, key: &Key) -> SortValue<'a> {
    let num = |v: Option<f64>| v.map_or(SortValue::Missing, SortValue::Num);
    let text = |v: Option<&'a str>| v.map_or(SortValue::Missing, SortValue::Str);
    match key {
        Key::Metric(k) => num(run.metric(k)),
        Key::Param(k) => text(run.param(k)),
        Key::Tag(k) => text(run.tag(k)),
        Key::Attribute(a) if a.is_numeric() => num(run.numeric_attribute(*a).map(|v| v as f64)),
        Key::Attribute(a) => text(run.string_attribute(*a)),
        Key::Dataset(_) => SortValue::Missing,
    }
}

/// 0 for ordinary values, 1 for NaN, 2 for missing: this rank decides before the direction.
fn rank(v: &SortValue<'_>) -> u8 {
    match v {
        SortValue::Num(n) if n.is_nan() => 1,
        SortValue::Missing => 2,
        _ => 0,
    }
}

fn compare(a: &SortValue<'_>, b: &SortValue<'_>, ascending: bool) -> Ordering {
    let by_rank = rank(a).cmp(&rank(b));
    if by_rank != Ordering::Equal || rank(a) != 0 {
        return by_rank;
    }
    let ord = match (a, b) {
        (SortValue::Num(x), SortValue::Num(y)) => x.total_cmp(y),
        (SortValue::Str(x), SortValue::Str(y)) => x.cmp(y),
        (SortValue::Num(_), SortValue::Str(_)) => Ordering::Less,
        (SortValue::Str(_), SortValue::Num(_)) => Ordering::Greater,
        _ => Ordering::Equal,
    };
    if ascending {
        ord
    } else {
        ord.reverse()
    }
}

/// The order of two runs under `order_by`, then the default order.
pub fn compare_runs(a: &impl Searchable, b: &impl Searchable, order_by: &[OrderBy]) -> Ordering {
    for o in order_by {
        let ord = compare(&value(a, &o.key), &value(b, &o.key), o.ascending);
        if ord != Ordering::Equal {
            return ord;
        }
    }
    let start = Key::Attribute(Attribute::StartTime);
    compare(&value(a, &start), &value(b, &start), false).then_with(|| {
        let id = Key::Attribute(Attribute::RunId);
        compare(&value(a, &id), &value(b, &id), true)
    })
}

/// The order of two experiments under `order_by`, then `creation_time` DESC, then
/// `experiment_id` ASC (numerically), MLflow's default for `search_experiments`.
pub fn compare_experiments(
    a: &impl Searchable,
    b: &impl Searchable,
    order_by: &[OrderBy],
) -> Ordering {
    let defaults = [
        OrderBy {
            key: Key::Attribute(Attribute::CreationTime),
            ascending: false,
        },
        OrderBy {
            key: Key::Attribute(Attribute::ExperimentId),
            ascending: true,
        },
    ];
    for o in order_by.iter().chain(defaults.iter()) {
        let ord = compare(&value(a, &o.key), &value(b, &o.key), o.ascending);
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// Sorts experiments in place (stable).
pub fn sort_experiments<E: Searchable>(experiments: &mut [&E], order_by: &[OrderBy]) {
    experiments.sort_by(|a, b| compare_experiments(*a, *b, order_by));
}

/// Sorts `runs` in place (stable).
pub fn sort_runs<R: Searchable>(runs: &mut [&R], order_by: &[OrderBy]) {
    runs.sort_by(|a, b| compare_runs(*a, *b, order_by));
}
