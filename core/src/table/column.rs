//! A typed, contiguous column with an optional validity mask (absent when nothing is null).

use super::cell::{Cell, DType, Vector};
use super::error::TableError;

#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    Int(Vec<i64>),
    Float(Vec<f64>),
    Str(Vec<String>),
    Bool(Vec<bool>),
    Date(Vec<i32>),
    Timestamp(Vec<i64>),
    /// Vectors, one per row (rows may differ in length only where a stage allows it).
    Vector(Vec<Vector>),
    /// `array<double>`, one array per row.
    Array(Vec<Vec<f64>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub data: Data,
    /// `valid[i]` is false where row `i` is null; `None` when no row is.
    pub valid: Option<Vec<bool>>,
}

impl Column {
    pub fn empty(dtype: DType) -> Column {
        Column::nulls(dtype, 0)
    }

    /// `n` nulls of a type.
    pub fn nulls(dtype: DType, n: usize) -> Column {
        let data = match dtype {
            DType::Int => Data::Int(vec![0; n]),
            DType::Float => Data::Float(vec![0.0; n]),
            DType::Str => Data::Str(vec![String::new(); n]),
            DType::Bool => Data::Bool(vec![false; n]),
            DType::Date => Data::Date(vec![0; n]),
            DType::Timestamp => Data::Timestamp(vec![0; n]),
            DType::Vector => Data::Vector(vec![Vector::default(); n]),
            DType::Array => Data::Array(vec![Vec::new(); n]),
        };
        Column {
            data,
            valid: if n == 0 { None } else { Some(vec![false; n]) },
        }
    }

    pub fn floats(values: Vec<f64>) -> Column {
        Column {
            data: Data::Float(values),
            valid: None,
        }
    }

    pub fn ints(values: Vec<i64>) -> Column {
        Column {
            data: Data::Int(values),
            valid: None,
        }
    }

    pub fn strings(values: Vec<String>) -> Column {
        Column {
            data: Data::Str(values),
            valid: None,
        }
    }

    /// Timestamps in milliseconds since the epoch (UTC).
    pub fn timestamps(values: Vec<i64>) -> Column {
        Column {
            data: Data::Timestamp(values),
            valid: None,
        }
    }

    /// The bytes the column holds: its values (strings with their text) and null mask.
    pub fn heap_bytes(&self) -> usize {
        let values = match &self.data {
            Data::Int(v) | Data::Timestamp(v) => v.len() * 8,
            Data::Float(v) => v.len() * 8,
            Data::Str(v) => v.iter().map(|s| 24 + s.capacity()).sum(),
            Data::Bool(v) => v.len(),
            Data::Date(v) => v.len() * 4,
            Data::Vector(v) => v.iter().map(|r| 32 + r.values.capacity() * 8).sum(),
            Data::Array(v) => v.iter().map(|r| 24 + r.capacity() * 8).sum(),
        };
        values + self.valid.as_ref().map_or(0, Vec::len)
    }

    /// Dense vectors (Spark ML's `features`), none null.
    pub fn vectors(values: Vec<Vec<f64>>) -> Column {
        Column::vector_rows(values.into_iter().map(Vector::dense).collect())
    }

    /// Vectors, each dense or sparse, none null.
    pub fn vector_rows(values: Vec<Vector>) -> Column {
        Column {
            data: Data::Vector(values),
            valid: None,
        }
    }

    /// Row `i`'s entries, `None` for null or a non-vector.
    pub fn vector_at(&self, i: usize) -> Option<&[f64]> {
        self.vector_row(i).map(|v| v.values.as_slice())
    }

    /// Row `i` as a vector, `None` for null or a non-vector.
    pub fn vector_row(&self, i: usize) -> Option<&Vector> {
        match &self.data {
            Data::Vector(v) if !self.is_null(i) => Some(&v[i]),
            _ => None,
        }
    }

    /// Row `i` as an array, `None` for null or a non-array.
    pub fn array_at(&self, i: usize) -> Option<&[f64]> {
        match &self.data {
            Data::Array(v) if !self.is_null(i) => Some(&v[i]),
            _ => None,
        }
    }

    pub fn bools(values: Vec<bool>) -> Column {
        Column {
            data: Data::Bool(values),
            valid: None,
        }
    }

    pub fn dtype(&self) -> DType {
        match self.data {
            Data::Int(_) => DType::Int,
            Data::Float(_) => DType::Float,
            Data::Str(_) => DType::Str,
            Data::Bool(_) => DType::Bool,
            Data::Date(_) => DType::Date,
            Data::Timestamp(_) => DType::Timestamp,
            Data::Vector(_) => DType::Vector,
            Data::Array(_) => DType::Array,
        }
    }

    pub fn len(&self) -> usize {
        match &self.data {
            Data::Int(v) => v.len(),
            Data::Float(v) => v.len(),
            Data::Str(v) => v.len(),
            Data::Bool(v) => v.len(),
            Data::Date(v) => v.len(),
            Data::Timestamp(v) => v.len(),
            Data::Vector(v) => v.len(),
            Data::Array(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_null(&self, i: usize) -> bool {
        self.valid.as_ref().is_some_and(|v| !v[i])
    }

    pub fn null_count(&self) -> usize {
        self.valid
            .as_ref()
            .map_or(0, |v| v.iter().filter(|ok| !**ok).count())
    }

    /// Row `i` (which must be in range).
    pub fn get(&self, i: usize) -> Cell {
        if self.is_null(i) {
            return Cell::Null;
        }
        match &self.data {
            Data::Int(v) => Cell::Int(v[i]),
            Data::Float(v) => Cell::Float(v[i]),
            Data::Str(v) => Cell::Str(v[i].clone()),
            Data::Bool(v) => Cell::Bool(v[i]),
            Data::Date(v) => Cell::Date(v[i]),
            Data::Timestamp(v) => Cell::Timestamp(v[i]),
            Data::Vector(v) => Cell::Vector(v[i].clone()),
            Data::Array(v) => Cell::Array(v[i].clone()),
        }
    }

    /// Row `i` as a number (ints widen), `None` for null or a non-number.
    pub fn f64_at(&self, i: usize) -> Option<f64> {
        if self.is_null(i) {
            return None;
        }
        match &self.data {
            Data::Int(v) => Some(v[i] as f64),
            Data::Float(v) => Some(v[i]),
            _ => None,
        }
    }

    /// Builds a column of `dtype` from values; ints widen to a float column, anything else
    /// of another type is an error naming the row.
    pub fn from_cells(dtype: DType, cells: &[Cell]) -> Result<Column, TableError> {
        let mut b = Builder::new(dtype, cells.len());
        for (row, c) in cells.iter().enumerate() {
            b.push(c).map_err(|found| {
                TableError::Type(format!(
                    "row {row}: expected {} but found {} ({})",
                    dtype.spark_name(),
                    found.spark_name(),
                    c.text()
                ))
            })?;
        }
        Ok(b.finish())
    }

    /// Builds a column whose type is inferred from the values: ints and floats mix to a float
    /// column; an all-null column is a string column (as Spark infers an all-empty CSV column).
    pub fn infer(cells: &[Cell]) -> Result<Column, TableError> {
        let mut dtype: Option<DType> = None;
        for c in cells {
            let Some(t) = c.dtype() else { continue };
            dtype = Some(match (dtype, t) {
                (None, t) => t,
                (Some(a), b) if a == b => a,
                (Some(DType::Int), DType::Float) | (Some(DType::Float), DType::Int) => DType::Float,
                (Some(DType::Date), DType::Timestamp) | (Some(DType::Timestamp), DType::Date) => {
                    DType::Timestamp
                }
                (Some(a), b) => {
                    return Err(TableError::Type(format!(
                        "cannot merge types {} and {} in one column",
                        a.spark_name(),
                        b.spark_name()
                    )))
                }
            });
        }
        Column::from_cells(dtype.unwrap_or(DType::Str), cells)
    }

    /// The rows at `positions`; `None` gives a null (the unmatched side of an outer join).
    pub fn take(&self, positions: &[Option<usize>]) -> Column {
        fn pick<T: Clone + Default>(v: &[T], p: &[Option<usize>]) -> Vec<T> {
            p.iter()
                .map(|i| i.map_or_else(T::default, |i| v[i].clone()))
                .collect()
        }
        let data = match &self.data {
            Data::Int(v) => Data::Int(pick(v, positions)),
            Data::Float(v) => Data::Float(pick(v, positions)),
            Data::Str(v) => Data::Str(pick(v, positions)),
            Data::Bool(v) => Data::Bool(pick(v, positions)),
            Data::Date(v) => Data::Date(pick(v, positions)),
            Data::Timestamp(v) => Data::Timestamp(pick(v, positions)),
            Data::Vector(v) => Data::Vector(pick(v, positions)),
            Data::Array(v) => Data::Array(pick(v, positions)),
        };
        let any_missing = positions.iter().any(Option::is_none);
        let valid = if self.valid.is_some() || any_missing {
            Some(
                positions
                    .iter()
                    .map(|i| i.is_some_and(|i| !self.is_null(i)))
                    .collect(),
            )
        } else {
            None
        };
        Column { data, valid }
    }

    /// `take` for many columns with the same positions: the reads go forward through memory
    /// (pairs sorted by source row), which is much faster than random reads on big columns.
    pub fn gather(&self, plan: &Gather) -> Column {
        fn pick<T: Clone + Default>(v: &[T], plan: &Gather) -> Vec<T> {
            let mut out = vec![T::default(); plan.len];
            for &(src, dst) in &plan.pairs {
                out[dst as usize] = v[src as usize].clone();
            }
            out
        }
        let data = match &self.data {
            Data::Int(v) => Data::Int(pick(v, plan)),
            Data::Float(v) => Data::Float(pick(v, plan)),
            Data::Str(v) => Data::Str(pick(v, plan)),
            Data::Bool(v) => Data::Bool(pick(v, plan)),
            Data::Date(v) => Data::Date(pick(v, plan)),
            Data::Timestamp(v) => Data::Timestamp(pick(v, plan)),
            Data::Vector(v) => Data::Vector(pick(v, plan)),
            Data::Array(v) => Data::Array(pick(v, plan)),
        };
        let valid = if self.valid.is_some() || plan.pairs.len() < plan.len {
            let mut valid = vec![false; plan.len];
            for &(src, dst) in &plan.pairs {
                valid[dst as usize] = !self.is_null(src as usize);
            }
            Some(valid)
        } else {
            None
        };
        Column { data, valid }
    }

    /// The rows at `positions` (all present).
    pub fn take_rows(&self, positions: &[usize]) -> Column {
        let p: Vec<Option<usize>> = positions.iter().map(|&i| Some(i)).collect();
        self.take(&p)
    }

    /// This column converted to `to`, as Spark's `cast`: what does not convert becomes null.
    pub fn cast(&self, to: DType) -> Column {
        if self.dtype() == to {
            return self.clone();
        }
        let cells: Vec<Cell> = (0..self.len())
            .map(|i| cast_cell(self.get(i), to))
            .collect();
        Column::from_cells(to, &cells).unwrap_or_else(|_| Column::nulls(to, self.len()))
    }

    /// Appends another column's rows (types must match, ints widen to floats).
    pub fn concat(&self, other: &Column) -> Result<Column, TableError> {
        let mut cells: Vec<Cell> = (0..self.len()).map(|i| self.get(i)).collect();
        cells.extend((0..other.len()).map(|i| other.get(i)));
        Column::infer(&cells)
    }
}

/// One value converted as Spark's `cast` does (`"12"` → 12, `"x"` → null, 1.9 → 1).
/// The (source row, output row) pairs of a gather, sorted by source row.
#[derive(Debug, Clone)]
pub struct Gather {
    pairs: Vec<(u32, u32)>,
    len: usize,
}

impl Gather {
    pub fn new(positions: &[Option<usize>]) -> Gather {
        let mut pairs: Vec<(u32, u32)> = positions
            .iter()
            .enumerate()
            .filter_map(|(dst, src)| src.map(|s| (s as u32, dst as u32)))
            .collect();
        pairs.sort_unstable_by_key(|p| p.0);
        Gather {
            pairs,
            len: positions.len(),
        }
    }
}

pub fn cast_cell(c: Cell, to: DType) -> Cell {
    use super::csv::parse_typed;
    match (c, to) {
        (Cell::Null, _) => Cell::Null,
        (c, t) if c.dtype() == Some(t) => c,
        (c, DType::Str) => Cell::Str(c.text()),
        (Cell::Str(s), t) => parse_typed(s.trim(), t).unwrap_or(Cell::Null),
        (Cell::Int(i), DType::Float) => Cell::Float(i as f64),
        (Cell::Float(f), DType::Int) if f.is_finite() => Cell::Int(f.trunc() as i64),
        (Cell::Bool(b), DType::Int) => Cell::Int(b as i64),
        (Cell::Bool(b), DType::Float) => Cell::Float(b as i64 as f64),
        (Cell::Int(i), DType::Bool) => Cell::Bool(i != 0),
        (Cell::Float(f), DType::Bool) => Cell::Bool(f != 0.0),
        (Cell::Date(d), DType::Timestamp) => Cell::Timestamp(d as i64 * super::cell::DAY_MS),
        (Cell::Timestamp(ms), DType::Date) => Cell::Date(ms.div_euclid(super::cell::DAY_MS) as i32),
        // Spark cannot cast to or from a vector except to text (handled above); null here.
        _ => Cell::Null,
    }
}

/// Accumulates values of one type.
pub struct Builder {
    data: Data,
    valid: Vec<bool>,
    any_null: bool,
}

impl Builder {
    pub fn new(dtype: DType, capacity: usize) -> Builder {
        let data = match dtype {
            DType::Int => Data::Int(Vec::with_capacity(capacity)),
            DType::Float => Data::Float(Vec::with_capacity(capacity)),
            DType::Str => Data::Str(Vec::with_capacity(capacity)),
            DType::Bool => Data::Bool(Vec::with_capacity(capacity)),
            DType::Date => Data::Date(Vec::with_capacity(capacity)),
            DType::Timestamp => Data::Timestamp(Vec::with_capacity(capacity)),
            DType::Vector => Data::Vector(Vec::with_capacity(capacity)),
            DType::Array => Data::Array(Vec::with_capacity(capacity)),
        };
        Builder {
            data,
            valid: Vec::with_capacity(capacity),
            any_null: false,
        }
    }

    /// Adds a value; on a type mismatch, returns the type found.
    pub fn push(&mut self, c: &Cell) -> Result<(), DType> {
        let ok = !c.is_null();
        match (&mut self.data, c) {
            (Data::Int(v), Cell::Int(x)) => v.push(*x),
            (Data::Int(v), Cell::Null) => v.push(0),
            (Data::Float(v), Cell::Float(x)) => v.push(*x),
            (Data::Float(v), Cell::Int(x)) => v.push(*x as f64),
            (Data::Float(v), Cell::Null) => v.push(0.0),
            (Data::Str(v), Cell::Str(x)) => v.push(x.clone()),
            (Data::Str(v), Cell::Null) => v.push(String::new()),
            (Data::Bool(v), Cell::Bool(x)) => v.push(*x),
            (Data::Bool(v), Cell::Null) => v.push(false),
            (Data::Date(v), Cell::Date(x)) => v.push(*x),
            (Data::Date(v), Cell::Null) => v.push(0),
            (Data::Timestamp(v), Cell::Timestamp(x)) => v.push(*x),
            (Data::Timestamp(v), Cell::Date(d)) => v.push(*d as i64 * super::cell::DAY_MS),
            (Data::Timestamp(v), Cell::Null) => v.push(0),
            (Data::Vector(v), Cell::Vector(x)) => v.push(x.clone()),
            (Data::Vector(v), Cell::Null) => v.push(Vector::default()),
            (Data::Array(v), Cell::Array(x)) => v.push(x.clone()),
            (Data::Array(v), Cell::Null) => v.push(Vec::new()),
            (_, other) => return Err(other.dtype().unwrap_or(DType::Str)),
        }
        self.valid.push(ok);
        self.any_null |= !ok;
        Ok(())
    }

    pub fn finish(self) -> Column {
        Column {
            data: self.data,
            valid: if self.any_null {
                Some(self.valid)
            } else {
                None
            },
        }
    }
}

#[cfg(test)]
mod gather_tests {
    use super::*;

    #[test]
    fn gather_equals_take_with_nulls_and_misses() {
        let mut c = Column::floats(vec![0.5, 1.5, 2.5, 3.5]);
        c.valid = Some(vec![true, false, true, true]);
        let positions = [Some(3), None, Some(1), Some(0), Some(3)];
        assert_eq!(c.gather(&Gather::new(&positions)), c.take(&positions));
        let full = Column::ints(vec![7, 8, 9]);
        let all = [Some(2), Some(0)];
        let g = full.gather(&Gather::new(&all));
        assert_eq!(g, full.take(&all));
        assert!(g.valid.is_none());
    }
}
