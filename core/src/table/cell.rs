//! One value of a table and the column types. Dates are days and timestamps milliseconds since
//! 1970-01-01 UTC (the notebook's `datetime` has millisecond precision; Spark keeps
//! microseconds, which no exercise needs).

use std::cmp::Ordering;

use crate::time::utc_text;

/// A column's type, with Spark's names (`bigint`, `double`…) and pandas' (`int64`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DType {
    Int,
    Float,
    Str,
    Bool,
    Date,
    Timestamp,
    /// Spark ML's vector (`pyspark.ml.linalg.DenseVector` / `SparseVector`): a row of
    /// doubles, what `VectorAssembler` makes and Spark ML models read as `features`.
    Vector,
    /// Spark's `array<double>` (what `vector_to_array` makes). Lakelab's arrays hold doubles
    /// only: `array<float>` and integer arrays are kept as doubles.
    Array,
}

impl DType {
    /// Spark's simple type name, as `df.dtypes` and `printSchema` show it.
    pub fn spark_name(self) -> &'static str {
        match self {
            DType::Int => "bigint",
            DType::Float => "double",
            DType::Str => "string",
            DType::Bool => "boolean",
            DType::Date => "date",
            DType::Timestamp => "timestamp",
            DType::Vector => "vector",
            DType::Array => "array<double>",
        }
    }

    /// pandas' dtype name; `has_nulls` turns an integer column into `float64`, as pandas does
    /// when a column holds NaN.
    pub fn pandas_name(self, has_nulls: bool) -> &'static str {
        match self {
            DType::Int if has_nulls => "float64",
            DType::Int => "int64",
            DType::Float => "float64",
            DType::Bool if has_nulls => "object",
            DType::Bool => "bool",
            DType::Timestamp => "datetime64[ns]",
            DType::Str | DType::Date | DType::Vector | DType::Array => "object",
        }
    }

    /// A type from a name as `cast(...)`, a DDL schema or `astype` writes it.
    pub fn parse(name: &str) -> Option<DType> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "int" | "integer" | "bigint" | "long" | "smallint" | "tinyint" | "short" | "byte"
            | "int64" | "int32" => DType::Int,
            "double" | "float" | "real" | "float64" | "float32" => DType::Float,
            "string" | "str" | "varchar" | "object" => DType::Str,
            "boolean" | "bool" => DType::Bool,
            "date" => DType::Date,
            "timestamp" | "timestamp_ntz" | "datetime64[ns]" => DType::Timestamp,
            "array<double>" | "array<float>" | "array<int>" | "array<bigint>" => DType::Array,
            _ => return None,
        })
    }

    pub fn is_numeric(self) -> bool {
        matches!(self, DType::Int | DType::Float)
    }
}

/// One value, or null.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    Date(i32),
    Timestamp(i64),
    Vector(Vector),
    Array(Vec<f64>),
}

/// A Spark ML vector value: its entries, and whether Spark holds it as a `SparseVector`
/// (shown `(size,[indices],[values])`) or a `DenseVector` (`[a,b]`). The entries are kept
/// dense either way (browser-sized data); a sparse vector's active entries are its non-zero
/// ones, so an explicit zero Spark could store in a `SparseVector` is not kept.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Vector {
    pub values: Vec<f64>,
    pub sparse: bool,
}

impl Vector {
    pub fn dense(values: Vec<f64>) -> Vector {
        Vector {
            values,
            sparse: false,
        }
    }

    pub fn sparse(values: Vec<f64>) -> Vector {
        Vector {
            values,
            sparse: true,
        }
    }

    /// Spark's `Vector.compressed` (what `VectorAssembler` returns): sparse when that takes
    /// less memory, i.e. when `1.5 * (nonzeros + 1) < size`.
    pub fn compressed(values: Vec<f64>) -> Vector {
        let nnz = values.iter().filter(|v| **v != 0.0).count();
        Vector {
            sparse: 1.5 * (nnz as f64 + 1.0) < values.len() as f64,
            values,
        }
    }

    /// The (index, value) pairs of the active (non-zero) entries.
    pub fn active(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.values
            .iter()
            .enumerate()
            .filter(|(_, v)| **v != 0.0)
            .map(|(i, v)| (i, *v))
    }

    /// As Spark shows it: `[1.0,0.5]` dense, `(3,[1],[0.5])` sparse.
    pub fn text(&self) -> String {
        if !self.sparse {
            return vector_text(&self.values);
        }
        let (idx, vals): (Vec<String>, Vec<String>) = self
            .active()
            .map(|(i, v)| (i.to_string(), float_text(v)))
            .unzip();
        format!(
            "({},[{}],[{}])",
            self.values.len(),
            idx.join(","),
            vals.join(",")
        )
    }
}

impl Cell {
    pub fn dtype(&self) -> Option<DType> {
        Some(match self {
            Cell::Null => return None,
            Cell::Int(_) => DType::Int,
            Cell::Float(_) => DType::Float,
            Cell::Str(_) => DType::Str,
            Cell::Bool(_) => DType::Bool,
            Cell::Date(_) => DType::Date,
            Cell::Timestamp(_) => DType::Timestamp,
            Cell::Vector(_) => DType::Vector,
            Cell::Array(_) => DType::Array,
        })
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Cell::Null)
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Cell::Int(i) => Some(*i as f64),
            Cell::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The value as text: what CSV writes and a table display shows (null is empty).
    pub fn text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => float_text(*f),
            Cell::Str(s) => s.clone(),
            Cell::Bool(b) => if *b { "true" } else { "false" }.into(),
            Cell::Date(d) => date_text(*d),
            Cell::Timestamp(ms) => timestamp_text(*ms),
            Cell::Vector(v) => v.text(),
            Cell::Array(v) => array_text(v),
        }
    }

    /// Orders two values of comparable types (numbers with numbers); `None` when they cannot be
    /// compared. Nulls are handled by the caller.
    pub fn order(&self, other: &Cell) -> Option<Ordering> {
        match (self, other) {
            (Cell::Int(a), Cell::Int(b)) => Some(a.cmp(b)),
            (Cell::Str(a), Cell::Str(b)) => Some(a.cmp(b)),
            (Cell::Bool(a), Cell::Bool(b)) => Some(a.cmp(b)),
            (Cell::Date(a), Cell::Date(b)) => Some(a.cmp(b)),
            (Cell::Timestamp(a), Cell::Timestamp(b)) => Some(a.cmp(b)),
            (Cell::Date(a), Cell::Timestamp(b)) => Some((*a as i64 * DAY_MS).cmp(b)),
            (Cell::Timestamp(a), Cell::Date(b)) => Some(a.cmp(&(*b as i64 * DAY_MS))),
            _ => match (self.as_f64(), other.as_f64()) {
                // NaN sorts above every number, as in Spark.
                (Some(a), Some(b)) => Some(a.partial_cmp(&b).unwrap_or_else(|| a.total_cmp(&b))),
                _ => None,
            },
        }
    }
}

/// A dense vector as Spark shows it: `[1.0,0.5]` (no spaces).
pub fn vector_text(v: &[f64]) -> String {
    let parts: Vec<String> = v.iter().map(|x| float_text(*x)).collect();
    format!("[{}]", parts.join(","))
}

/// An array as Spark shows it: `[0.25, 0.75]`.
pub fn array_text(v: &[f64]) -> String {
    let parts: Vec<String> = v.iter().map(|x| float_text(*x)).collect();
    format!("[{}]", parts.join(", "))
}

pub const DAY_MS: i64 = 86_400_000;

/// A float as Python prints it (`1.0`, `0.25`): what learners compare against.
pub fn float_text(f: f64) -> String {
    crate::notebook::value::float_repr(f)
}

pub fn date_text(days: i32) -> String {
    let (y, m, d) = crate::time::civil_from_days(days as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `2024-01-31 12:00:00` (Spark's display; milliseconds only when present).
pub fn timestamp_text(ms: i64) -> String {
    let text = utc_text(ms);
    text.trim_end_matches(".000000").to_string()
}
