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
    /// Spark ML's dense vector (`pyspark.ml.linalg.DenseVector`): a row of doubles, what
    /// `VectorAssembler` makes and Spark ML models read as `features`.
    Vector,
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
            DType::Str | DType::Date | DType::Vector => "object",
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
    Vector(Vec<f64>),
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
            Cell::Vector(v) => vector_text(v),
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
