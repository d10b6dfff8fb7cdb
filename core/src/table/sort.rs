//! Ordering rows (`orderBy`, `sort_values`): stable, with each key's direction and where its
//! nulls go (Spark: first when ascending, last when descending; pandas: last).

use std::cmp::Ordering;

use super::cell::Cell;
use super::column::Column;

/// One sort key: the values, ascending or not, nulls first or not.
pub struct SortKey<'a> {
    pub values: &'a Column,
    pub ascending: bool,
    pub nulls_first: bool,
}

/// Compares two values; nulls placed by `nulls_first`, NaN above every number.
pub fn compare_cells(a: &Cell, b: &Cell, ascending: bool, nulls_first: bool) -> Ordering {
    match (a.is_null(), b.is_null()) {
        (true, true) => Ordering::Equal,
        (true, false) => {
            if nulls_first {
                Ordering::Less
            } else {
                Ordering::Greater
            }
        }
        (false, true) => {
            if nulls_first {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        _ => {
            let o = a.order(b).unwrap_or_else(|| a.text().cmp(&b.text()));
            if ascending {
                o
            } else {
                o.reverse()
            }
        }
    }
}

/// The row positions in sorted order (ties keep their original order).
pub fn sorted_positions(rows: usize, keys: &[SortKey]) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..rows).collect();
    positions.sort_by(|&x, &y| {
        for k in keys {
            let o = compare_cells(
                &k.values.get(x),
                &k.values.get(y),
                k.ascending,
                k.nulls_first,
            );
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    });
    positions
}
