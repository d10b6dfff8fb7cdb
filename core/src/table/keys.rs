//! Hash indexes on key columns: the primary-key index of a feature table (merge upserts,
//! lookups, the online store) and the probe side of training-set joins.
//!
//! A single integer-like or string key (by far the common case) hashes the value itself; other
//! keys hash a `Vec<KeyPart>`. Rows whose key holds a null are not indexed and never match.
//!
//! Integer keys that fill most of their range (ids `0..n`, the usual customer or item id) are
//! indexed by a plain array instead of a hash map: a lookup is one read, which matters for the
//! online store and for joins onto million-row tables. An insert far outside the range turns
//! the array into a hash map.

use rustc_hash::FxHashMap;

use super::column::{Column, Data};
use super::group::{key_part, KeyPart};

/// The id marking an empty slot of a dense index.
const EMPTY: u32 = u32::MAX;

#[derive(Debug, Clone)]
enum Map {
    /// Integer keys `min..min + slots.len()`, the id at `key - min` (`EMPTY` when absent).
    Dense {
        min: i64,
        slots: Vec<u32>,
        len: usize,
    },
    Int(FxHashMap<i64, u32>),
    /// Two integer-like columns (a key and a timestamp: time-series tables).
    Int2(FxHashMap<(i64, i64), u32>),
    Str(FxHashMap<String, u32>),
    Multi(FxHashMap<Vec<KeyPart>, u32>),
}

/// Key → dense id (0, 1, …) in order of first appearance.
#[derive(Debug, Clone)]
pub struct KeyIndex {
    map: Map,
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
            [a, b] if int_at_kind(a) && int_at_kind(b) => Map::Int2(FxHashMap::default()),
            [c] if matches!(c.data, Data::Str(_)) => Map::Str(FxHashMap::default()),
            _ => Map::Multi(FxHashMap::default()),
        };
        KeyIndex { map }
    }

    /// Indexes every row: returns the index and each row's key id (`None` for a null key).
    /// Rows with equal keys share an id.
    pub fn build(columns: &[&Column], rows: usize) -> (KeyIndex, Vec<Option<u32>>) {
        let mut index = KeyIndex::for_columns(columns);
        if let ([c], Map::Int(_)) = (columns, &index.map) {
            let (min, max) = (0..rows)
                .filter(|&i| !c.is_null(i))
                .filter_map(|i| int_at(c, i))
                .fold((i64::MAX, i64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
            if min <= max && dense_enough(min, max, rows) {
                let span = (max - min + 1) as usize;
                index.map = Map::Dense {
                    min,
                    slots: vec![EMPTY; span],
                    len: 0,
                };
            }
        }
        let ids = index.insert_rows(columns, 0..rows);
        (index, ids)
    }

    /// Inserts rows (new keys get the next ids) and returns their ids.
    pub fn insert_rows(
        &mut self,
        columns: &[&Column],
        rows: std::ops::Range<usize>,
    ) -> Vec<Option<u32>> {
        self.insert_positions(columns, rows)
    }

    /// Inserts the rows at `positions`, in that order (new keys get the next ids), and
    /// returns their ids.
    pub fn insert_positions(
        &mut self,
        columns: &[&Column],
        rows: impl ExactSizeIterator<Item = usize>,
    ) -> Vec<Option<u32>> {
        let mut ids = Vec::with_capacity(rows.len());
        let nullable = columns.iter().any(|c| c.valid.is_some());
        if let Map::Dense { min, slots, len } = &mut self.map {
            let mut rows = rows.peekable();
            while let Some(&i) = rows.peek() {
                if nullable && columns[0].is_null(i) {
                    ids.push(None);
                    rows.next();
                    continue;
                }
                let Some(v) = int_at(columns[0], i) else {
                    ids.push(None);
                    rows.next();
                    continue;
                };
                if v < *min || v - *min >= slots.len() as i64 {
                    let lo = v.min(*min);
                    let hi = v.max(*min + slots.len() as i64 - 1);
                    if !dense_enough(lo, hi, *len + 1) {
                        // Too sparse now: continue with a hash map.
                        self.map = Map::Int(self.dense_pairs().collect());
                        let rest: Vec<usize> = rows.collect();
                        ids.extend(self.insert_positions(columns, rest.into_iter()));
                        return ids;
                    }
                    // Grow by half again at least, so appending keys one by one is amortised.
                    let extra = (slots.len() / 2) as i64;
                    let (lo, hi) = if v < *min {
                        (lo.saturating_sub(extra), hi)
                    } else {
                        (lo, hi.saturating_add(extra))
                    };
                    let mut grown = vec![EMPTY; (hi - lo + 1) as usize];
                    let offset = (*min - lo) as usize;
                    grown[offset..offset + slots.len()].copy_from_slice(slots);
                    *slots = grown;
                    *min = lo;
                }
                let slot = &mut slots[(v - *min) as usize];
                if *slot == EMPTY {
                    *slot = *len as u32;
                    *len += 1;
                }
                ids.push(Some(*slot));
                rows.next();
            }
            return ids;
        }
        match &mut self.map {
            Map::Dense { .. } => {}
            Map::Int(m) => {
                for i in rows {
                    if nullable && columns[0].is_null(i) {
                        ids.push(None);
                        continue;
                    }
                    let Some(value) = int_at(columns[0], i) else {
                        ids.push(None);
                        continue;
                    };
                    let next = m.len() as u32;
                    ids.push(Some(*m.entry(value).or_insert(next)));
                }
            }
            Map::Int2(m) => {
                for i in rows {
                    let key = if nullable && (columns[0].is_null(i) || columns[1].is_null(i)) {
                        None
                    } else {
                        int_at(columns[0], i).zip(int_at(columns[1], i))
                    };
                    let Some(key) = key else {
                        ids.push(None);
                        continue;
                    };
                    let next = m.len() as u32;
                    ids.push(Some(*m.entry(key).or_insert(next)));
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
            Map::Dense { min, slots, .. } => {
                let at = int_at(columns[0], i)?.checked_sub(*min)?;
                let id = *slots.get(usize::try_from(at).ok()?)?;
                (id != EMPTY).then_some(id)
            }
            Map::Int(m) => m.get(&int_at(columns[0], i)?).copied(),
            Map::Int2(m) => m
                .get(&(int_at(columns[0], i)?, int_at(columns.get(1)?, i)?))
                .copied(),
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
            Map::Dense { len, .. } => *len,
            Map::Int(m) => m.len(),
            Map::Int2(m) => m.len(),
            Map::Str(m) => m.len(),
            Map::Multi(m) => m.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// An estimate of the index's memory: buckets (capacity / 7 × 8) × (entry + control byte);
    /// string and compound keys' heap text is not counted.
    pub fn heap_bytes(&self) -> usize {
        fn bytes<K>(capacity: usize) -> usize {
            capacity * 8 / 7 * (std::mem::size_of::<(K, u32)>() + 1)
        }
        match &self.map {
            Map::Dense { slots, .. } => slots.capacity() * 4,
            Map::Int(m) => bytes::<i64>(m.capacity()),
            Map::Int2(m) => bytes::<(i64, i64)>(m.capacity()),
            Map::Str(m) => bytes::<String>(m.capacity()),
            Map::Multi(m) => bytes::<Vec<KeyPart>>(m.capacity()),
        }
    }
}

impl KeyIndex {
    /// The (key, id) pairs of a dense index.
    fn dense_pairs(&self) -> impl Iterator<Item = (i64, u32)> + '_ {
        let (min, slots) = match &self.map {
            Map::Dense { min, slots, .. } => (*min, slots.as_slice()),
            _ => (0, &[][..]),
        };
        slots
            .iter()
            .enumerate()
            .filter(|(_, id)| **id != EMPTY)
            .map(move |(i, id)| (min + i as i64, *id))
    }
}

/// Whether `keys` integer keys spanning `min..=max` are worth an array (at most 4 bytes of
/// slots per 2 keys wasted, and never more than 64M slots).
fn dense_enough(min: i64, max: i64, keys: usize) -> bool {
    let Some(span) = max.checked_sub(min).and_then(|s| s.checked_add(1)) else {
        return false;
    };
    span <= 64 << 20 && span as u128 <= 2 * keys as u128 + 1024
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

    #[test]
    fn pairs_of_int_keys_with_timestamps_and_nulls() {
        let id = Column::ints(vec![1, 1, 2, 1]);
        let mut ts = Column::timestamps(vec![10, 20, 10, 10]);
        ts.valid = Some(vec![true, true, true, false]);
        let (mut index, ids) = KeyIndex::build(&[&id, &ts], 4);
        assert_eq!(ids, vec![Some(0), Some(1), Some(2), None]);
        let probe_id = Column::ints(vec![2, 1, 3]);
        let probe_ts = Column::timestamps(vec![10, 20, 10]);
        assert_eq!(
            index.probe_all(&[&probe_id, &probe_ts], 3),
            vec![Some(2), Some(1), None]
        );
        assert_eq!(
            index.insert_positions(&[&probe_id, &probe_ts], [2, 0].into_iter()),
            vec![Some(3), Some(2)]
        );
    }

    #[test]
    fn dense_integer_keys_use_an_array_that_grows_or_turns_into_a_map() {
        let c = Column::ints(vec![10, 12, 11, 10]);
        let (mut index, ids) = KeyIndex::build(&[&c], 4);
        assert!(matches!(index.map, Map::Dense { .. }));
        assert_eq!(ids, vec![Some(0), Some(1), Some(2), Some(0)]);
        let probe = Column::ints(vec![12, 9, 13, -5, i64::MAX]);
        assert_eq!(
            index.probe_all(&[&probe], 5),
            vec![Some(1), None, None, None, None]
        );
        // A key just outside the range grows the array; ids keep counting.
        let more = Column::ints(vec![8, 12]);
        assert_eq!(index.insert_rows(&[&more], 0..2), vec![Some(3), Some(1)]);
        assert!(matches!(index.map, Map::Dense { .. }));
        // A key far away turns it into a hash map with the same ids.
        let far = Column::ints(vec![1 << 40, 11]);
        assert_eq!(index.insert_rows(&[&far], 0..2), vec![Some(4), Some(2)]);
        assert!(matches!(index.map, Map::Int(_)));
        let all = Column::ints(vec![10, 12, 11, 8, 1 << 40, 7]);
        assert_eq!(
            index.probe_all(&[&all], 6),
            vec![Some(0), Some(1), Some(2), Some(3), Some(4), None]
        );
        assert_eq!(index.len(), 5);
    }
}
