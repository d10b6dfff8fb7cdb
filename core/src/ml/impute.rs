//! Imputation of missing values, as scikit-learn's `SimpleImputer` and AutoML's `imputers=`
//! do: `mean`, `median`, `most_frequent` or a `constant`, fitted on the training rows only
//! and applied to every split (so validation and test never leak into the fill value).
//!
//! scikit-learn's rules: the median of an even count is the mean of the middle two;
//! `most_frequent` breaks ties by the smallest value; mean and median need a numeric column.
//! A column with no value in the training rows cannot be fitted (scikit-learn drops such a
//! feature; the caller decides, so it is an error here). AutoML's default when the learner
//! sets none (our choice, the reference only says "chosen from type and content"): `mean`
//! for numeric columns, `most_frequent` for the others.

use crate::table::{Cell, Column, DType};

/// One column's strategy (`imputers={"col": "median"}` or `{"strategy": "constant",
/// "fill_value": 0}`).
#[derive(Debug, Clone, PartialEq)]
pub enum Strategy {
    Mean,
    Median,
    MostFrequent,
    Constant(Cell),
}

impl Strategy {
    /// `"mean"`, `"median"`, `"most_frequent"` (AutoML's names), or `None`.
    pub fn parse(name: &str) -> Option<Strategy> {
        Some(match name {
            "mean" => Strategy::Mean,
            "median" => Strategy::Median,
            "most_frequent" => Strategy::MostFrequent,
            _ => return None,
        })
    }

    /// AutoML's default for a column type.
    pub fn default_for(dtype: DType) -> Strategy {
        if dtype.is_numeric() {
            Strategy::Mean
        } else {
            Strategy::MostFrequent
        }
    }
}

/// Why a column cannot be imputed.
#[derive(Debug, Clone, PartialEq)]
pub struct ImputeError(pub String);

/// The fill value of `column` from the rows `fit_rows`.
pub fn fit(column: &Column, fit_rows: &[usize], strategy: &Strategy) -> Result<Cell, ImputeError> {
    let values: Vec<Cell> = fit_rows
        .iter()
        .filter(|&&r| !column.is_null(r))
        .map(|&r| column.get(r))
        .filter(|c| !matches!(c, Cell::Float(f) if f.is_nan()))
        .collect();
    if let Strategy::Constant(c) = strategy {
        return Ok(c.clone());
    }
    if values.is_empty() {
        return Err(ImputeError(
            "the column has no value in the training rows to impute from".into(),
        ));
    }
    let numbers = || -> Result<Vec<f64>, ImputeError> {
        values
            .iter()
            .map(|c| {
                c.as_f64().ok_or_else(|| {
                    ImputeError(format!(
                        "Cannot use {} strategy with non-numeric data",
                        match strategy {
                            Strategy::Median => "median",
                            _ => "mean",
                        }
                    ))
                })
            })
            .collect()
    };
    Ok(match strategy {
        Strategy::Mean => {
            let xs = numbers()?;
            Cell::Float(xs.iter().sum::<f64>() / xs.len() as f64)
        }
        Strategy::Median => {
            let mut xs = numbers()?;
            xs.sort_by(f64::total_cmp);
            let m = xs.len() / 2;
            Cell::Float(if xs.len() % 2 == 0 {
                (xs[m - 1] + xs[m]) / 2.0
            } else {
                xs[m]
            })
        }
        Strategy::MostFrequent => {
            let mut sorted = values.clone();
            crate::sorting::sort_by(&mut sorted, |a, b| {
                a.order(b).unwrap_or(std::cmp::Ordering::Equal)
            });
            let mut best: Option<(&Cell, usize)> = None;
            let mut i = 0;
            while i < sorted.len() {
                let mut j = i + 1;
                while j < sorted.len() && sorted[j] == sorted[i] {
                    j += 1;
                }
                // Ties keep the first (smallest) value.
                if best.is_none_or(|(_, n)| j - i > n) {
                    best = Some((&sorted[i], j - i));
                }
                i = j;
            }
            best.map(|(c, _)| c.clone()).unwrap_or(Cell::Null)
        }
        Strategy::Constant(c) => c.clone(),
    })
}

/// `column` with its nulls (and NaNs) replaced by `fill`; an integer column filled with a
/// fraction becomes a float column, as pandas would hold it.
pub fn transform(column: &Column, fill: &Cell) -> Column {
    let dtype = match (column.dtype(), fill) {
        (DType::Int, Cell::Float(f)) if f.fract() != 0.0 => DType::Float,
        (d, _) => d,
    };
    let cells: Vec<Cell> = (0..column.len())
        .map(|i| {
            let c = column.get(i);
            let missing = column.is_null(i) || matches!(c, Cell::Float(f) if f.is_nan());
            match (missing, dtype, fill) {
                (true, DType::Int, Cell::Float(f)) => Cell::Int(*f as i64),
                (true, _, _) => fill.clone(),
                (false, DType::Float, _) => Cell::Float(c.as_f64().unwrap_or(f64::NAN)),
                (false, _, _) => c,
            }
        })
        .collect();
    Column::from_cells(dtype, &cells).unwrap_or_else(|_| column.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(cells: &[Cell]) -> Column {
        Column::infer(cells).unwrap()
    }

    #[test]
    fn strategies_follow_simple_imputer_and_fit_on_training_rows_only() {
        let c = col(&[
            Cell::Float(1.0),
            Cell::Null,
            Cell::Float(3.0),
            Cell::Float(10.0),
            Cell::Float(f64::NAN),
            Cell::Float(100.0),
        ]);
        let train = [0, 1, 2, 3, 4];
        assert_eq!(
            fit(&c, &train, &Strategy::Mean).unwrap(),
            Cell::Float(14.0 / 3.0)
        );
        assert_eq!(
            fit(&c, &train, &Strategy::Median).unwrap(),
            Cell::Float(3.0)
        );
        assert_eq!(
            fit(&c, &[0, 2], &Strategy::Median).unwrap(),
            Cell::Float(2.0)
        );
        let filled = transform(&c, &Cell::Float(3.0));
        assert_eq!(filled.get(1), Cell::Float(3.0));
        assert_eq!(filled.get(4), Cell::Float(3.0));
        assert_eq!(filled.get(5), Cell::Float(100.0), "values are kept");

        let s = col(&[
            Cell::Str("b".into()),
            Cell::Str("a".into()),
            Cell::Null,
            Cell::Str("b".into()),
            Cell::Str("a".into()),
        ]);
        // A tie between a and b: the smallest wins.
        assert_eq!(
            fit(&s, &[0, 1, 2, 3, 4], &Strategy::MostFrequent).unwrap(),
            Cell::Str("a".into())
        );
        assert_eq!(
            fit(&s, &[0, 1, 3], &Strategy::MostFrequent).unwrap(),
            Cell::Str("b".into())
        );
        assert_eq!(
            fit(&s, &[0], &Strategy::Mean).unwrap_err().0,
            "Cannot use mean strategy with non-numeric data"
        );
        assert!(fit(&s, &[2], &Strategy::MostFrequent).is_err());
        assert_eq!(
            transform(&s, &Cell::Str("missing".into())).get(2),
            Cell::Str("missing".into())
        );
        assert_eq!(Strategy::default_for(DType::Int), Strategy::Mean);
        assert_eq!(Strategy::parse("median"), Some(Strategy::Median));
        assert_eq!(Strategy::parse("mode"), None);
        // An integer column filled with a fraction becomes float.
        let ints = col(&[Cell::Int(1), Cell::Null, Cell::Int(2)]);
        let f = fit(&ints, &[0, 1, 2], &Strategy::Mean).unwrap();
        assert_eq!(transform(&ints, &f).get(1), Cell::Float(1.5));
        assert_eq!(transform(&ints, &f).dtype(), DType::Float);
    }
}
