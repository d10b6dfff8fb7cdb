//! Columnar tables: typed contiguous columns with nulls, the engine behind notebook
//! DataFrames (Spark- and pandas-style), CSV files, and later the feature store's tables.
//! Operations return new tables; nothing here knows about Python.

mod cell;
mod column;
pub mod csv;
pub mod encode;
mod error;
pub mod expr;
pub mod group;
pub mod join;
pub mod keys;
pub mod sort;
pub mod stats;
pub mod udf;

pub use cell::{
    array_text, date_text, float_text, timestamp_text, vector_text, Cell, DType, Vector, DAY_MS,
};
pub use column::{cast_cell, Builder, Column, Data, Gather};
pub use error::TableError;

/// Named columns of equal length. Names may repeat (Spark allows it after a join); looking
/// up a repeated name is an [`TableError::Ambiguous`] error.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    names: Vec<String>,
    columns: Vec<Column>,
    rows: usize,
}

impl Table {
    /// A table from columns, which must all have the same length.
    pub fn new(names: Vec<String>, columns: Vec<Column>) -> Result<Table, TableError> {
        if names.len() != columns.len() {
            return Err(TableError::Invalid(format!(
                "{} names for {} columns",
                names.len(),
                columns.len()
            )));
        }
        let rows = columns.first().map_or(0, Column::len);
        if let Some(i) = columns.iter().position(|c| c.len() != rows) {
            return Err(TableError::Invalid(format!(
                "column '{}' has {} values but column '{}' has {rows}",
                names[i],
                columns[i].len(),
                names[0]
            )));
        }
        Ok(Table {
            names,
            columns,
            rows,
        })
    }

    /// A table from rows of values, each column's type inferred.
    pub fn from_rows(names: Vec<String>, rows: &[Vec<Cell>]) -> Result<Table, TableError> {
        if let Some((i, r)) = rows
            .iter()
            .enumerate()
            .find(|(_, r)| r.len() != names.len())
        {
            return Err(TableError::Invalid(format!(
                "row {i} has {} values but there are {} columns",
                r.len(),
                names.len()
            )));
        }
        let mut columns = Vec::with_capacity(names.len());
        for (c, name) in names.iter().enumerate() {
            let cells: Vec<Cell> = rows.iter().map(|r| r[c].clone()).collect();
            columns.push(
                Column::infer(&cells)
                    .map_err(|e| TableError::Type(format!("column '{name}': {e}")))?,
            );
        }
        let mut t = Table::new(names, columns)?;
        t.rows = rows.len();
        Ok(t)
    }

    /// Sets the row count of a table without columns (a decoded `SELECT` of no columns);
    /// a table with columns keeps its columns' length.
    pub(crate) fn set_rows(&mut self, rows: usize) {
        if self.columns.is_empty() {
            self.rows = rows;
        }
    }

    /// The bytes the table's columns hold (see [`Column::heap_bytes`]).
    pub fn heap_bytes(&self) -> usize {
        self.columns.iter().map(Column::heap_bytes).sum()
    }

    pub fn num_rows(&self) -> usize {
        self.rows
    }

    pub fn num_columns(&self) -> usize {
        self.columns.len()
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    pub fn column_at(&self, i: usize) -> &Column {
        &self.columns[i]
    }

    /// The position of a column: an exact match, else the one case-insensitive match
    /// (Spark resolves names case-insensitively; pandas callers pass `exact`).
    pub fn find(&self, name: &str, exact: bool) -> Result<usize, TableError> {
        let hits: Vec<usize> = self
            .names
            .iter()
            .enumerate()
            .filter(|(_, n)| *n == name)
            .map(|(i, _)| i)
            .collect();
        let hits = if hits.is_empty() && !exact {
            self.names
                .iter()
                .enumerate()
                .filter(|(_, n)| n.eq_ignore_ascii_case(name))
                .map(|(i, _)| i)
                .collect()
        } else {
            hits
        };
        match hits.as_slice() {
            [i] => Ok(*i),
            [] => Err(TableError::NoColumn {
                name: name.to_string(),
                available: self.names.clone(),
            }),
            _ => Err(TableError::Ambiguous(name.to_string())),
        }
    }

    pub fn column(&self, name: &str, exact: bool) -> Result<&Column, TableError> {
        Ok(&self.columns[self.find(name, exact)?])
    }

    /// Row `i` as values.
    pub fn row(&self, i: usize) -> Vec<Cell> {
        self.columns.iter().map(|c| c.get(i)).collect()
    }

    /// The columns at `positions`, in that order.
    pub fn select_positions(&self, positions: &[usize]) -> Table {
        Table {
            names: positions.iter().map(|&i| self.names[i].clone()).collect(),
            columns: positions.iter().map(|&i| self.columns[i].clone()).collect(),
            rows: self.rows,
        }
    }

    /// Adds a column, or replaces the one of that name (as `withColumn` and `df[name] = …`).
    pub fn with_column(
        &self,
        name: &str,
        column: Column,
        exact: bool,
    ) -> Result<Table, TableError> {
        if column.len() != self.rows && !self.columns.is_empty() {
            return Err(TableError::Invalid(format!(
                "Length of values ({}) does not match length of index ({})",
                column.len(),
                self.rows
            )));
        }
        let mut t = self.clone();
        match self.find(name, exact) {
            Ok(i) => t.columns[i] = column,
            Err(TableError::NoColumn { .. }) => {
                t.rows = column.len();
                t.names.push(name.to_string());
                t.columns.push(column);
            }
            Err(e) => return Err(e),
        }
        Ok(t)
    }

    /// The table without the columns named (names that do not exist are skipped).
    pub fn drop_names(&self, names: &[String], exact: bool) -> Table {
        let keep: Vec<usize> = (0..self.names.len())
            .filter(|&i| {
                !names.iter().any(|n| {
                    if exact {
                        *n == self.names[i]
                    } else {
                        n.eq_ignore_ascii_case(&self.names[i])
                    }
                })
            })
            .collect();
        self.select_positions(&keep)
    }

    /// Renames column `i`.
    pub fn rename_at(&self, i: usize, to: &str) -> Table {
        let mut t = self.clone();
        t.names[i] = to.to_string();
        t
    }

    /// The rows at `positions`.
    pub fn take(&self, positions: &[usize]) -> Table {
        Table {
            names: self.names.clone(),
            columns: self
                .columns
                .iter()
                .map(|c| c.take_rows(positions))
                .collect(),
            rows: positions.len(),
        }
    }

    /// The rows where `mask` is true (null counts as false, as in a SQL `WHERE`).
    pub fn filter(&self, mask: &Column) -> Result<Table, TableError> {
        let Data::Bool(values) = &mask.data else {
            return Err(TableError::Type(format!(
                "a filter condition must be boolean, not {}",
                mask.dtype().spark_name()
            )));
        };
        let keep: Vec<usize> = (0..mask.len())
            .filter(|&i| values[i] && !mask.is_null(i))
            .collect();
        Ok(self.take(&keep))
    }

    /// The first `n` rows.
    pub fn head(&self, n: usize) -> Table {
        let positions: Vec<usize> = (0..self.rows.min(n)).collect();
        self.take(&positions)
    }

    /// Rows `start..end` (clamped).
    pub fn slice(&self, start: usize, end: usize) -> Table {
        let end = end.min(self.rows);
        let positions: Vec<usize> = (start.min(end)..end).collect();
        self.take(&positions)
    }

    /// This table's rows followed by `other`'s, matched by position (`union`) — the column
    /// counts must agree.
    pub fn union(&self, other: &Table) -> Result<Table, TableError> {
        if self.num_columns() != other.num_columns() {
            return Err(TableError::Invalid(format!(
                "Union can only be performed on inputs with the same number of columns, but the \
                 first input has {} columns and the second input has {} columns.",
                self.num_columns(),
                other.num_columns()
            )));
        }
        let columns = self
            .columns
            .iter()
            .zip(&other.columns)
            .map(|(a, b)| a.concat(b))
            .collect::<Result<Vec<_>, _>>()?;
        let mut t = Table::new(self.names.clone(), columns)?;
        t.rows = self.rows + other.rows;
        Ok(t)
    }

    /// The distinct rows, first occurrence kept, in order.
    pub fn distinct(&self) -> Table {
        let mut seen = std::collections::HashSet::new();
        let keep: Vec<usize> = (0..self.rows)
            .filter(|&i| seen.insert(group::row_key(&self.columns, i)))
            .collect();
        self.take(&keep)
    }
}
