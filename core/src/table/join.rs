//! Joins on named key columns, by hashing the right side. Rows whose key holds a null never
//! match (SQL semantics; pandas would match NaN with NaN, a corner no exercise depends on).
//!
//! Output columns: the keys once (for right and outer joins the key comes from whichever side
//! has the row), then the left's other columns, then the right's (none for semi and anti
//! joins). With `suffixes` (pandas' `merge`), a non-key name both sides share gets the
//! suffixes; without (Spark), both columns keep the name and referring to it is ambiguous.

use std::collections::HashMap;

use super::column::Column;
use super::error::TableError;
use super::group::{row_key, KeyPart};
use super::Table;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    Inner,
    Left,
    Right,
    Outer,
    LeftSemi,
    LeftAnti,
    Cross,
}

impl How {
    /// The join types by the names Spark and pandas accept.
    pub fn parse(name: &str) -> Option<How> {
        Some(match name.to_ascii_lowercase().replace('_', "").as_str() {
            "inner" => How::Inner,
            "left" | "leftouter" => How::Left,
            "right" | "rightouter" => How::Right,
            "outer" | "full" | "fullouter" => How::Outer,
            "leftsemi" | "semi" => How::LeftSemi,
            "leftanti" | "anti" => How::LeftAnti,
            "cross" => How::Cross,
            _ => return None,
        })
    }
}

pub fn join(
    left: &Table,
    right: &Table,
    on: &[String],
    how: How,
    exact: bool,
    suffixes: Option<(&str, &str)>,
) -> Result<Table, TableError> {
    let lk: Vec<usize> = on
        .iter()
        .map(|k| left.find(k, exact))
        .collect::<Result<_, _>>()?;
    let rk: Vec<usize> = on
        .iter()
        .map(|k| right.find(k, exact))
        .collect::<Result<_, _>>()?;
    let lcols: Vec<Column> = lk.iter().map(|&i| left.column_at(i).clone()).collect();
    let rcols: Vec<Column> = rk.iter().map(|&i| right.column_at(i).clone()).collect();
    let mut index: HashMap<Vec<KeyPart>, Vec<usize>> = HashMap::new();
    for j in 0..right.num_rows() {
        let k = row_key(&rcols, j);
        if k.contains(&KeyPart::Null) && how != How::Cross {
            continue;
        }
        index.entry(k).or_default().push(j);
    }
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    let mut right_used = vec![false; right.num_rows()];
    let all_right: Vec<usize> = (0..right.num_rows()).collect();
    for i in 0..left.num_rows() {
        let matches: &[usize] = if how == How::Cross {
            &all_right
        } else {
            let k = row_key(&lcols, i);
            if k.contains(&KeyPart::Null) {
                &[]
            } else {
                index.get(&k).map_or(&[][..], Vec::as_slice)
            }
        };
        match how {
            How::LeftSemi => {
                if !matches.is_empty() {
                    pairs.push((Some(i), None));
                }
            }
            How::LeftAnti => {
                if matches.is_empty() {
                    pairs.push((Some(i), None));
                }
            }
            _ => {
                for &j in matches {
                    right_used[j] = true;
                    pairs.push((Some(i), Some(j)));
                }
                if matches.is_empty() && matches!(how, How::Left | How::Outer) {
                    pairs.push((Some(i), None));
                }
            }
        }
    }
    if matches!(how, How::Right | How::Outer) {
        if how == How::Right {
            // A right join lists rows in the right table's order.
            pairs.retain(|p| p.1.is_some());
            pairs.sort_by_key(|p| p.1);
            let mut with_unmatched = Vec::with_capacity(pairs.len());
            let mut k = 0;
            for (j, &used) in right_used.iter().enumerate() {
                if used {
                    while k < pairs.len() && pairs[k].1 == Some(j) {
                        with_unmatched.push(pairs[k]);
                        k += 1;
                    }
                } else {
                    with_unmatched.push((None, Some(j)));
                }
            }
            pairs = with_unmatched;
        } else {
            pairs.extend(
                (0..right.num_rows())
                    .filter(|&j| !right_used[j])
                    .map(|j| (None, Some(j))),
            );
        }
    }
    let lpos: Vec<Option<usize>> = pairs.iter().map(|p| p.0).collect();
    let rpos: Vec<Option<usize>> = pairs.iter().map(|p| p.1).collect();
    let mut names = Vec::new();
    let mut columns = Vec::new();
    if how != How::Cross {
        for (&li, &ri) in lk.iter().zip(&rk) {
            let from_left = left.column_at(li).take(&lpos);
            let from_right = right.column_at(ri).take(&rpos);
            let merged = match how {
                How::Right => from_right,
                How::Outer => {
                    let cells: Vec<_> = (0..pairs.len())
                        .map(|p| match lpos[p] {
                            Some(_) => from_left.get(p),
                            None => from_right.get(p),
                        })
                        .collect();
                    Column::infer(&cells)?
                }
                _ => from_left,
            };
            names.push(left.names()[li].clone());
            columns.push(merged);
        }
    }
    let right_names: Vec<&String> = (0..right.num_columns())
        .filter(|j| !rk.contains(j) || how == How::Cross)
        .map(|j| &right.names()[j])
        .collect();
    let left_names: Vec<&String> = (0..left.num_columns())
        .filter(|i| !lk.contains(i) || how == How::Cross)
        .map(|i| &left.names()[i])
        .collect();
    for i in (0..left.num_columns()).filter(|i| !lk.contains(i) || how == How::Cross) {
        let name = &left.names()[i];
        let clash = right_names.contains(&name);
        names.push(match (suffixes, clash) {
            (Some((l, _)), true) => format!("{name}{l}"),
            _ => name.clone(),
        });
        columns.push(left.column_at(i).take(&lpos));
    }
    if !matches!(how, How::LeftSemi | How::LeftAnti) {
        for j in (0..right.num_columns()).filter(|j| !rk.contains(j) || how == How::Cross) {
            let name = &right.names()[j];
            let clash = left_names.contains(&name);
            names.push(match (suffixes, clash) {
                (Some((_, r)), true) => format!("{name}{r}"),
                _ => name.clone(),
            });
            columns.push(right.column_at(j).take(&rpos));
        }
    }
    let mut t = Table::new(names, columns)?;
    if t.num_columns() == 0 {
        t = Table::default();
    }
    Ok(t)
}
