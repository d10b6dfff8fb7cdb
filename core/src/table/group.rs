//! Grouping and aggregation (`groupBy(...).agg(...)`, a select of aggregates only).

use std::collections::HashMap;

use super::cell::{Cell, DType};
use super::column::{Column, Data};
use super::error::TableError;
use super::expr::{eval, AggFn, Dialect, Expr};
use super::Table;

/// A hashable stand-in for one row's values in some columns.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum KeyPart {
    Null,
    Int(i64),
    /// A float's bits (integral floats become `Int`, so 1 and 1.0 group together).
    Float(u64),
    Str(String),
    Bool(bool),
}

pub fn key_part(c: &Column, i: usize) -> KeyPart {
    if c.is_null(i) {
        return KeyPart::Null;
    }
    match &c.data {
        Data::Int(v) => KeyPart::Int(v[i]),
        Data::Float(v) => {
            let f = v[i];
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                KeyPart::Int(f as i64)
            } else if f.is_nan() {
                KeyPart::Float(f64::NAN.to_bits())
            } else {
                KeyPart::Float(f.to_bits())
            }
        }
        Data::Str(v) => KeyPart::Str(v[i].clone()),
        Data::Bool(v) => KeyPart::Bool(v[i]),
        Data::Date(v) => KeyPart::Int(v[i] as i64),
        Data::Timestamp(v) => KeyPart::Int(v[i]),
        // Vectors group by their text (Spark compares vectors element-wise; same result).
        Data::Vector(v) => KeyPart::Str(crate::table::vector_text(&v[i].values)),
        Data::Array(v) => KeyPart::Str(crate::table::vector_text(&v[i])),
    }
}

/// Row `i`'s values in `columns`, hashable.
pub fn row_key(columns: &[Column], i: usize) -> Vec<KeyPart> {
    columns.iter().map(|c| key_part(c, i)).collect()
}

/// The rows of each group, groups in order of first appearance (or sorted by key when
/// `sort`, as pandas' `groupby` does).
pub fn groups(keys: &[Column], rows: usize, sort: bool) -> Vec<Vec<usize>> {
    let mut index: HashMap<Vec<KeyPart>, usize> = HashMap::new();
    let mut out: Vec<Vec<usize>> = Vec::new();
    for i in 0..rows {
        let k = row_key(keys, i);
        match index.get(&k) {
            Some(&g) => out[g].push(i),
            None => {
                index.insert(k, out.len());
                out.push(vec![i]);
            }
        }
    }
    if sort {
        crate::sorting::sort_by(&mut out, |a, b| {
            for k in keys {
                let o = super::sort::compare_cells(&k.get(a[0]), &k.get(b[0]), true, false);
                if o != std::cmp::Ordering::Equal {
                    return o;
                }
            }
            std::cmp::Ordering::Equal
        });
    }
    out
}

/// Splits an aggregate expression into its function, input and output name.
fn agg_parts(e: &Expr) -> Result<(AggFn, &Expr, String), TableError> {
    match e {
        Expr::Alias(inner, name) => agg_parts(inner).map(|(f, a, _)| (f, a, name.clone())),
        Expr::Agg(f, a) => Ok((*f, a.as_ref(), e.name())),
        other => Err(TableError::Invalid(format!(
            "\"{}\" is not an aggregate function; wrap it in one such as F.first() or F.max(), \
             or add it to groupBy",
            other.name()
        ))),
    }
}

/// Groups `table` by the `keys` columns and computes each aggregate per group: the keys
/// first, then one column per aggregate. No keys gives one row over the whole table.
pub fn aggregate(
    table: &Table,
    keys: &[String],
    aggs: &[Expr],
    dialect: Dialect,
    sort: bool,
) -> Result<Table, TableError> {
    let exact = dialect == Dialect::Pandas;
    let key_cols = keys
        .iter()
        .map(|k| table.column(k, exact).cloned())
        .collect::<Result<Vec<_>, _>>()?;
    let gs = if keys.is_empty() {
        vec![(0..table.num_rows()).collect()]
    } else {
        groups(&key_cols, table.num_rows(), sort)
    };
    // A global aggregate over no rows has one empty group (and no key columns to take).
    let firsts: Vec<usize> = gs.iter().filter_map(|g| g.first().copied()).collect();
    let mut names: Vec<String> = keys
        .iter()
        .map(|k| table.find(k, exact).map(|i| table.names()[i].clone()))
        .collect::<Result<_, _>>()?;
    let mut columns: Vec<Column> = key_cols.iter().map(|c| c.take_rows(&firsts)).collect();
    for e in aggs {
        let (f, input, name) = agg_parts(e)?;
        let values = match input {
            Expr::Star => None,
            other => Some(eval(other, table, dialect, exact)?),
        };
        let cells: Vec<Cell> = gs
            .iter()
            .map(|g| reduce(f, values.as_ref(), g))
            .collect::<Result<_, _>>()?;
        let dtype = match (f, &values) {
            (AggFn::Count | AggFn::CountDistinct, _) => DType::Int,
            (AggFn::Mean | AggFn::StdDev | AggFn::Variance, _) => DType::Float,
            (_, Some(v)) => v.dtype(),
            (_, None) => DType::Int,
        };
        columns.push(Column::from_cells(dtype, &cells)?);
        names.push(name);
    }
    Table::new(names, columns)
}

/// One aggregate over the rows of a group.
pub fn reduce(f: AggFn, values: Option<&Column>, rows: &[usize]) -> Result<Cell, TableError> {
    let Some(v) = values else {
        return match f {
            AggFn::Count => Ok(Cell::Int(rows.len() as i64)),
            _ => Err(TableError::Invalid(format!(
                "{}(*) is not a function; only count(\"*\") takes '*'",
                f.name()
            ))),
        };
    };
    let present: Vec<usize> = rows.iter().copied().filter(|&i| !v.is_null(i)).collect();
    let nums = || -> Result<Vec<f64>, TableError> {
        if !v.dtype().is_numeric() {
            return Err(TableError::Type(format!(
                "{}() needs a number column, not {}",
                f.name(),
                v.dtype().spark_name()
            )));
        }
        Ok(present.iter().filter_map(|&i| v.f64_at(i)).collect())
    };
    Ok(match f {
        AggFn::Count => Cell::Int(present.len() as i64),
        AggFn::CountDistinct => {
            let set: std::collections::HashSet<KeyPart> =
                present.iter().map(|&i| key_part(v, i)).collect();
            Cell::Int(set.len() as i64)
        }
        AggFn::First => rows.first().map_or(Cell::Null, |&i| v.get(i)),
        AggFn::Min | AggFn::Max => {
            let mut best: Option<Cell> = None;
            for &i in &present {
                let c = v.get(i);
                best = Some(match best {
                    None => c,
                    Some(b) => {
                        let o = super::sort::compare_cells(&c, &b, true, false);
                        let better = if f == AggFn::Min {
                            o == std::cmp::Ordering::Less
                        } else {
                            o == std::cmp::Ordering::Greater
                        };
                        if better {
                            c
                        } else {
                            b
                        }
                    }
                });
            }
            best.unwrap_or(Cell::Null)
        }
        AggFn::Sum => {
            if present.is_empty() {
                Cell::Null
            } else if let Data::Int(d) = &v.data {
                Cell::Int(present.iter().fold(0i64, |s, &i| s.wrapping_add(d[i])))
            } else {
                Cell::Float(nums()?.iter().sum())
            }
        }
        AggFn::Mean => {
            let xs = nums()?;
            if xs.is_empty() {
                Cell::Null
            } else {
                Cell::Float(xs.iter().sum::<f64>() / xs.len() as f64)
            }
        }
        AggFn::StdDev | AggFn::Variance => {
            let xs = nums()?;
            match sample_variance(&xs) {
                None => Cell::Null,
                Some(var) if f == AggFn::Variance => Cell::Float(var),
                Some(var) => Cell::Float(var.sqrt()),
            }
        }
    })
}

/// The sample variance (n − 1 in the denominator), `None` below two values.
pub fn sample_variance(xs: &[f64]) -> Option<f64> {
    if xs.len() < 2 {
        return None;
    }
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    Some(xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64)
}
