//! What a table operation can refuse. The notebook bindings word these as Spark's
//! `AnalysisException` or pandas' `KeyError` / `ValueError`.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum TableError {
    /// A column that does not exist, with the columns that do.
    NoColumn {
        name: String,
        available: Vec<String>,
    },
    /// A name that matches more than one column (after a join).
    Ambiguous(String),
    /// Values or operands of the wrong type.
    Type(String),
    /// Anything else a caller got wrong (lengths, arguments).
    Invalid(String),
    /// A failure while computing values, which Spark raises when a job runs
    /// (`SparkException`), not when the plan is analysed.
    Job(String),
    /// Text that is not the CSV it should be, at a 1-based line and column.
    Csv {
        line: usize,
        column: usize,
        message: String,
    },
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableError::NoColumn { name, available } => write!(
                f,
                "column '{name}' does not exist; the columns are: {}",
                available.join(", ")
            ),
            TableError::Ambiguous(name) => write!(
                f,
                "column '{name}' is ambiguous: more than one column has that name"
            ),
            TableError::Type(m) | TableError::Invalid(m) | TableError::Job(m) => f.write_str(m),
            TableError::Csv {
                line,
                column,
                message,
            } => write!(f, "line {line}, column {column}: {message}"),
        }
    }
}

impl std::error::Error for TableError {}
