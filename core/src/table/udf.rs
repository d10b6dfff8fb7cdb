//! Column functions that see whole columns at once: the expression node behind
//! `mlflow.pyfunc.spark_udf` (a pandas UDF in Spark, which receives batches of rows, not one
//! row at a time). The table engine knows nothing of models: the caller supplies a
//! [`ColumnFn`], and `struct(...)` arguments arrive with their field names.

use std::fmt;
use std::rc::Rc;

use super::column::Column;
use super::error::TableError;

/// The argument columns of one call, as the function receives them.
#[derive(Debug, Clone, PartialEq)]
pub enum UdfArgs {
    /// `f(a, b)`: unnamed columns, in order.
    Positional(Vec<Column>),
    /// `f(struct(a, b))`: one struct argument, its fields named.
    Struct(Vec<(String, Column)>),
}

/// A function of whole columns, returning one value per row.
pub trait ColumnFn {
    /// The name Spark gives its output column (`udf(a, b)`).
    fn name(&self) -> &str;
    /// Computes the output for all `rows` rows in one call.
    fn call(&self, args: UdfArgs, rows: usize) -> Result<Column, TableError>;
}

/// A shared [`ColumnFn`] inside an expression. Two are equal when they are the same function
/// object (expressions compare structurally; a model does not).
#[derive(Clone)]
pub struct Udf(pub Rc<dyn ColumnFn>);

impl fmt::Debug for Udf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Udf({})", self.0.name())
    }
}

impl PartialEq for Udf {
    fn eq(&self, other: &Udf) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Why a `struct(...)` column cannot be computed on its own.
pub fn struct_not_supported(name: &str) -> TableError {
    TableError::Invalid(format!(
        "{name}: Lakelab's columns hold no structs; struct(...) is available only as the argument of a model UDF (mlflow.pyfunc.spark_udf), e.g. predict(struct(*feature_cols))"
    ))
}
