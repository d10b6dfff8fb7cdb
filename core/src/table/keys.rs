//! Hash indexes on key columns: the primary-key index of a feature table (merge upserts,
//! lookups, the online store) and the probe side of training-set joins.
//!
//! A single integer-like or string key (by far the common case) hashes the value itself; other
//! keys hash a `Vec<KeyPart>`. Rows whose key holds a null are not indexed and never match.

use rustc_hash::FxHashMap;

use super::column::{Column, Data};
use super::group::{key_part, KeyPart};

#[derive(Debug, Clone)]
enum Map {
    Int(FxHashMap<i64, u32>),
    Str(FxHashMap<String, u32>),
    Multi(FxHashMap<Vec<KeyPart>, u32>),
}

/// Key → dense id (0, 1, …) in order of first appearance.
#[derive(Debug, Clone)]
pub struct KeyIndex {
    map: Map,
}

/// An integer view of a key column: ints, dates and timestamps.
fn int_values(c: &Column) -> Option<Vec<i64>> {
    match &c.data {
        Data::Int(v) | Data::Timestamp(v) => Some(v.clone()),
        Data::Date(v) => Some(v.iter().map(|&d| i64::from(d)).collect()),
        _ => None,
    }
}

fn int_at(c: &Column, i: usize) -> Option<i64> {
    match &c.data {
        Data::Int(v) | Data::Timestamp(v) => Some(v[i]),
        Data::Date(v) => Some(i64::from(v[i])),
        _ => None,
    }
}

impl KeyIndex {
    /// An empty index for keys shaped like `columns`.
    pub fn for_columns(columns: &[&Column]) -> KeyIndex {
        let map = match columns {
            [c] if int_at_kind(c) => Map::Int(FxHashMap::default()),
            [c] if matches!(c.data, Data::Str(_)) => Map::Str(FxHashMap::default()),
            _ => Map::Multi(FxHashMap::default()),
        };
        KeyIndex { map }
    }

    /// Indexes every row: returns the index and each row's key id (`None` for a null key).
    /// Rows with equal keys share an id.
    pub fn build(columns: &[&Column], rows: usize) -> (KeyIndex, Vec<Option<u32>>) {
        let mut index = KeyIndex::for_columns(columns);
        let ids = index.insert_rows(columns, 0..rows);
        (index, ids)
    }

    /// Inserts rows (new keys get the next ids) and returns their ids.
    pub fn insert_rows(
        &mut self,
        columns: &[&Column],
        rows: std::ops::Range<usize>,
    ) -> Vec<Option<u32>> {
        let mut ids = Vec::with_capacity(rows.len());
        let nullable = columns.iter().any(|c| c.valid.is_some());
        match &mut self.map {
            Map::Int(m) => {
                let Some(values) = int_values(columns[0]) else {
                    return vec![None; rows.len()];
                };
                for i in rows {
                    if nullable && columns[0].is_null(i) {
                        ids.push(None);
                        continue;
                    }
                    let next = m.len() as u32;
                    ids.push(Some(*m.entry(values[i]).or_insert(next)));
                }
            }
            Map::Str(m) => {
                let Data::Str(values) = &columns[0].data else {
                    return vec![None; rows.len()];
                };
                for i in rows {
                    if nullable && columns[0].is_null(i) {
                        ids.push(None);
                        continue;
                    }
                    let next = m.len() as u32;
                    let id = match m.get(&values[i]) {
                        Some(&id) => id,
                        None => {
                            m.insert(values[i].clone(), next);
                            next
                        }
                    };
                    ids.push(Some(id));
                }
            }
            Map::Multi(m) => {
                for i in rows {
                    let k: Vec<KeyPart> = columns.iter().map(|c| key_part(c, i)).collect();
                    if k.contains(&KeyPart::Null) {
                        ids.push(None);
                        continue;
                    }
                    let next = m.len() as u32;
                    ids.push(Some(*m.entry(k).or_insert(next)));
                }
            }
        }
        ids
    }

    /// The id of row `i` of `columns` (same shape as the indexed keys), if the key is indexed.
    pub fn probe(&self, columns: &[&Column], i: usize) -> Option<u32> {
        if columns.iter().any(|c| c.is_null(i)) {
            return None;
        }
        match &self.map {
            Map::Int(m) => m.get(&int_at(columns[0], i)?).copied(),
            Map::Str(m) => match &columns[0].data {
                Data::Str(v) => m.get(&v[i]).copied(),
                _ => None,
            },
            Map::Multi(m) => {
                let k: Vec<KeyPart> = columns.iter().map(|c| key_part(c, i)).collect();
                m.get(&k).copied()
            }
        }
    }

    /// Probes every row of `columns`.
    pub fn probe_all(&self, columns: &[&Column], rows: usize) -> Vec<Option<u32>> {
        (0..rows).map(|i| self.probe(columns, i)).collect()
    }

    pub fn len(&self) -> usize {
        match &self.map {
            Map::Int(m) => m.len(),
            Map::Str(m) => m.len(),
            Map::Multi(m) => m.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn int_at_kind(c: &Column) -> bool {
    matches!(c.data, Data::Int(_) | Data::Date(_) | Data::Timestamp(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_int_keys_share_ids_and_nulls_are_skipped() {
        let mut c = Column::ints(vec![5, 7, 5, 9]);
        c.valid = Some(vec![true, true, true, false]);
        let (index, ids) = KeyIndex::build(&[&c], 4);
        assert_eq!(ids, vec![Some(0), Some(1), Some(0), None]);
        assert_eq!(index.len(), 2);
        let probe = Column::ints(vec![7, 9, 5]);
        assert_eq!(index.probe_all(&[&probe], 3), vec![Some(1), None, Some(0)]);
    }

    #[test]
    fn string_and_compound_keys() {
        let s = Column::strings(vec!["a".into(), "b".into(), "a".into()]);
        let (index, ids) = KeyIndex::build(&[&s], 3);
        assert_eq!(ids, vec![Some(0), Some(1), Some(0)]);
        assert_eq!(
            index.probe(&[&Column::strings(vec!["b".into()])], 0),
            Some(1)
        );
        let n = Column::ints(vec![1, 1, 2]);
        let (mut index, ids) = KeyIndex::build(&[&s, &n], 3);
        assert_eq!(ids, vec![Some(0), Some(1), Some(2)]);
        let more_s = Column::strings(vec!["x".into(), "a".into()]);
        let more_n = Column::ints(vec![1, 2]);
        assert_eq!(
            index.insert_rows(&[&more_s, &more_n], 0..2),
            vec![Some(3), Some(2)]
        );
    }
}
