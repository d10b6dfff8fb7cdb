//! pandas' `DataFrame` over a core [`Table`] plus an index of row labels.
//!
//! Available: `df["col"]`, `df[["a", "b"]]`, `df[mask]`, `df[a:b]`, `df["new"] = …`,
//! `df.col`, `len(df)`, iteration over column names, `.columns`, `.index`, `.shape`,
//! `.dtypes`, `.empty`, `.values`, `.iloc`, `.loc`, and the methods `head`, `tail`,
//! `describe`, `info`, `isna`/`isnull`, `notna`/`notnull`, `fillna`, `dropna`, `drop`,
//! `rename`, `sort_values`, `reset_index`, `set_index`, `copy`, `astype`, `select_dtypes`,
//! `mean`/`sum`/`min`/`max`/`std`/`var`/`median`/`count`/`nunique`, `drop_duplicates`,
//! `sample`, `merge`, `groupby`, `iterrows`, `to_csv`, `to_dict`. Columns are typed, so a fill
//! that would mix types in one column (pandas' `object`) is refused with a way around it.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use crate::notebook::bindings::cells::{
    column_from_values, pandas_column, pandas_error, pandas_table, pandas_text, pandas_texts,
    pandas_values, table_display, to_cell, to_pandas_value,
};
use crate::notebook::bindings::spark::dataframe::drop_nulls;
use crate::notebook::call::Sig;
use crate::notebook::error::{not_implemented, type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::ops::{as_slice, slice_indices};
use crate::notebook::output::Display;
use crate::notebook::value::{Args, Dict, Object, Value};
use crate::table::expr::broadcast;
use crate::table::join::{join, How};
use crate::table::sort::{sorted_positions, SortKey};
use crate::table::{cast_cell, Cell, Column, DType, Table};

use super::index::IndexObj;
use super::series::{mask_positions, range_index, series_arg, SeriesObj};

#[derive(Debug, Clone)]
pub struct FrameData {
    pub table: Table,
    pub index: Column,
}

#[derive(Debug)]
pub struct PandasFrame(pub RefCell<FrameData>);

impl PandasFrame {
    /// A frame; `None` gives the default `0..n` index.
    pub fn value(table: Table, index: Option<Column>) -> Value {
        let index = index.unwrap_or_else(|| range_index(table.num_rows()));
        let table = pandas_table(table);
        Value::object(PandasFrame(RefCell::new(FrameData { table, index })))
    }

    pub fn table(&self) -> Table {
        self.0.borrow().table.clone()
    }

    fn data(&self) -> FrameData {
        self.0.borrow().clone()
    }
}

impl FrameData {
    fn take(&self, positions: &[usize]) -> FrameData {
        FrameData {
            table: self.table.take(positions),
            index: self.index.take_rows(positions),
        }
    }

    fn value(self) -> Value {
        PandasFrame::value(self.table, Some(self.index))
    }

    fn series(&self, name: &str) -> Result<SeriesObj, PyErr> {
        let c = self.table.column(name, true).map_err(pandas_error)?;
        Ok(SeriesObj {
            values: c.clone(),
            name: Some(name.to_string()),
            index: self.index.clone(),
            index_name: None,
        })
    }

    fn select(&self, names: &[String]) -> Result<FrameData, PyErr> {
        let missing: Vec<String> = names
            .iter()
            .filter(|n| self.table.find(n, true).is_err())
            .map(|n| format!("'{n}'"))
            .collect();
        if !missing.is_empty() {
            return Err(PyErr::new(
                ExcType::KeyError,
                format!(
                    "\"None of [Index([{}], dtype='object')] are in the [columns]\"",
                    missing.join(", ")
                ),
            ));
        }
        let positions: Vec<usize> = names
            .iter()
            .filter_map(|n| self.table.find(n, true).ok())
            .collect();
        Ok(FrameData {
            table: self.table.select_positions(&positions),
            index: self.index.clone(),
        })
    }

    fn row(&self, i: usize) -> Value {
        Value::object(PandasRow {
            columns: self.table.names().to_vec(),
            values: self
                .table
                .columns()
                .iter()
                .map(|c| to_pandas_value(c, i))
                .collect(),
            label: to_pandas_value(&self.index, i),
        })
    }

    fn labels(&self) -> Vec<String> {
        (0..self.index.len())
            .map(|i| pandas_text(&self.index, i))
            .collect()
    }

    /// pandas' text layout (`print(df)`): index on the left, columns right-aligned; long
    /// frames show their first and last five rows.
    pub fn text(&self) -> String {
        let n = self.table.num_rows();
        let rows: Vec<usize> = if n > 60 {
            (0..5).chain(n - 5..n).collect()
        } else {
            (0..n).collect()
        };
        let mut grid: Vec<Vec<String>> = Vec::new();
        let mut header = vec![String::new()];
        header.extend(self.table.names().iter().cloned());
        grid.push(header);
        let index_texts = pandas_texts(&self.index, &rows);
        let column_texts: Vec<Vec<String>> = self
            .table
            .columns()
            .iter()
            .map(|c| pandas_texts(c, &rows))
            .collect();
        for (k, label) in index_texts.into_iter().enumerate() {
            let mut line = vec![label];
            line.extend(column_texts.iter().map(|c| c[k].clone()));
            grid.push(line);
        }
        let widths: Vec<usize> = (0..grid[0].len())
            .map(|c| grid.iter().map(|l| l[c].chars().count()).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for (k, line) in grid.iter().enumerate() {
            if n > 60 && k == 6 {
                out.push_str("..\n");
            }
            let cells: Vec<String> = line
                .iter()
                .enumerate()
                .map(|(c, s)| {
                    if c == 0 {
                        format!("{s:<w$}", w = widths[0])
                    } else {
                        format!("{s:>w$}", w = widths[c])
                    }
                })
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        if n > 60 || self.table.num_columns() == 0 {
            out.push_str(&format!(
                "\n[{n} rows x {} columns]",
                self.table.num_columns()
            ));
        }
        out.trim_end().to_string()
    }
}

/// A dtype given as a name (`"float"`, `"int64"`, `"str"`) or a builtin (`float`).
pub fn dtype_of(v: &Value) -> Result<DType, PyErr> {
    let name = match v {
        Value::Native(n, _) => n.to_string(),
        Value::Str(s) => s.to_string(),
        other => {
            return Err(type_error(format!(
                "data type '{}' not understood",
                other.repr()
            )))
        }
    };
    DType::parse(&name).ok_or_else(|| type_error(format!("data type '{name}' not understood")))
}

/// `astype` for one column, with pandas' errors when a value does not convert.
pub fn astype(values: &Column, to: DType, name: Option<&str>) -> Result<Column, PyErr> {
    let mut cells = Vec::with_capacity(values.len());
    for i in 0..values.len() {
        let c = values.get(i);
        if to == DType::Int && (c.is_null() || c.as_f64().is_some_and(|f| !f.is_finite())) {
            return Err(PyErr::new(
                ExcType::ValueError,
                "Cannot convert non-finite values (NA or inf) to integer",
            ));
        }
        let converted = if to == DType::Bool && c.dtype() == Some(DType::Str) {
            Cell::Bool(!c.text().is_empty())
        } else {
            cast_cell(c.clone(), to)
        };
        if converted.is_null() && !c.is_null() {
            return Err(PyErr::new(
                ExcType::ValueError,
                match to {
                    DType::Int => format!("invalid literal for int() with base 10: '{}'", c.text()),
                    DType::Float => format!("could not convert string to float: '{}'", c.text()),
                    _ => format!(
                        "could not convert {}{} to {}",
                        c.text(),
                        name.map_or(String::new(), |n| format!(" in column '{n}'")),
                        to.pandas_name(false)
                    ),
                },
            ));
        }
        cells.push(converted);
    }
    Column::from_cells(to, &cells).map_err(pandas_error)
}

/// Fills missing values (null or NaN) of one column, refusing a value of another type.
fn fill_column(col: &Column, name: &str, fill: &Cell) -> Result<Column, PyErr> {
    let missing = |i: usize| col.is_null(i) || col.f64_at(i).is_some_and(f64::is_nan);
    if !(0..col.len()).any(missing) {
        return Ok(col.clone());
    }
    let fits = match (col.dtype(), fill) {
        (DType::Int | DType::Float, Cell::Int(_) | Cell::Float(_)) => true,
        (t, f) => f.dtype() == Some(t),
    };
    if !fits {
        return Err(not_implemented(format!(
            "filling the {} column '{name}' with {} would mix types in one column, which Lakelab's typed columns do not hold; fill each column with a value of its own type, e.g. df.fillna({{'{name}': ...}})",
            col.dtype().pandas_name(false),
            fill.text()
        )));
    }
    let cells: Vec<Cell> = (0..col.len())
        .map(|i| if missing(i) { fill.clone() } else { col.get(i) })
        .collect();
    Column::infer(&cells).map_err(pandas_error)
}

fn names_of(v: &Value) -> Vec<String> {
    match v {
        Value::None => Vec::new(),
        Value::Str(s) => vec![s.to_string()],
        other => other
            .iter_items()
            .unwrap_or_default()
            .iter()
            .map(Value::to_str)
            .collect(),
    }
}

/// A per-column reduction (`df.mean()`): a Series indexed by column name.
fn reduce(d: &FrameData, name: &str, numeric_only: bool) -> Result<Value, PyErr> {
    let mut labels = Vec::new();
    let mut values = Vec::new();
    for (col_name, col) in d.table.names().iter().zip(d.table.columns()) {
        let numeric = col.dtype().is_numeric() || col.dtype() == DType::Bool;
        let needs_numbers = !matches!(name, "count" | "nunique" | "min" | "max");
        if !numeric && (numeric_only || needs_numbers) {
            if numeric_only {
                continue;
            }
            return Err(type_error(format!(
                "Could not convert the {} column '{col_name}' to numeric for {name}(); pass numeric_only=True to skip it",
                col.dtype().pandas_name(false)
            )));
        }
        let s = SeriesObj {
            values: col.clone(),
            name: Some(col_name.clone()),
            index: d.index.clone(),
            index_name: None,
        };
        labels.push(col_name.clone());
        values.push(s.stat(name, 0.5)?);
    }
    let column = column_from_values(&values).or_else(|_| {
        Ok::<Column, PyErr>(Column::strings(values.iter().map(Value::to_str).collect()))
    })?;
    Ok(SeriesObj::value(column, None, Column::strings(labels)))
}

const METHODS: &[&str] = &[
    "head",
    "tail",
    "describe",
    "info",
    "isna",
    "isnull",
    "notna",
    "notnull",
    "fillna",
    "dropna",
    "drop",
    "rename",
    "sort_values",
    "reset_index",
    "set_index",
    "copy",
    "astype",
    "select_dtypes",
    "mean",
    "sum",
    "min",
    "max",
    "std",
    "var",
    "median",
    "count",
    "nunique",
    "drop_duplicates",
    "sample",
    "merge",
    "groupby",
    "iterrows",
    "to_csv",
    "to_dict",
    "query",
    "apply",
    "pivot_table",
    "corr",
];

impl Object for PandasFrame {
    fn type_name(&self) -> &str {
        "DataFrame"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let d = self.0.borrow();
        Some(match name {
            "columns" => IndexObj::of_names(d.table.names()),
            "index" => IndexObj::value(d.index.clone()),
            "shape" => Value::tuple(vec![
                Value::Int(d.table.num_rows() as i64),
                Value::Int(d.table.num_columns() as i64),
            ]),
            "size" => Value::Int((d.table.num_rows() * d.table.num_columns()) as i64),
            "empty" => Value::Bool(d.table.num_rows() == 0 || d.table.num_columns() == 0),
            "dtypes" => SeriesObj::value(
                Column::strings(
                    d.table
                        .columns()
                        .iter()
                        .map(|c| c.dtype().pandas_name(c.valid.is_some()).to_string())
                        .collect(),
                ),
                None,
                Column::strings(d.table.names().to_vec()),
            ),
            "values" => Value::list(
                (0..d.table.num_rows())
                    .map(|i| {
                        Value::list(
                            d.table
                                .columns()
                                .iter()
                                .map(|c| to_pandas_value(c, i))
                                .collect(),
                        )
                    })
                    .collect(),
            ),
            "iloc" => Value::object(FrameIndexer {
                frame: d.clone(),
                by_label: false,
            }),
            "loc" => Value::object(FrameIndexer {
                frame: d.clone(),
                by_label: true,
            }),
            // Methods win over columns of the same name, as in pandas.
            other if METHODS.contains(&other) => return None,
            other => Value::object(d.series(other).ok()?),
        })
    }
    fn has_method(&self, name: &str) -> bool {
        METHODS.contains(&name)
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        let d = self.data();
        let n = d.table.num_rows();
        match name {
            "head" | "tail" => {
                let b = Sig {
                    name: if name == "head" {
                        "DataFrame.head"
                    } else {
                        "DataFrame.tail"
                    },
                    params: &["n="],
                    is_method: true,
                    display: "DataFrame.head(n: int = 5)",
                }
                .bind(args)?;
                let k = b.get("n").and_then(Value::as_int).unwrap_or(5);
                let k = if k < 0 {
                    n.saturating_sub(k.unsigned_abs() as usize)
                } else {
                    (k as usize).min(n)
                };
                let positions: Vec<usize> = if name == "head" {
                    (0..k).collect()
                } else {
                    (n - k..n).collect()
                };
                Ok(d.take(&positions).value())
            }
            "describe" => {
                let t = crate::table::stats::pandas_describe(&d.table).map_err(pandas_error)?;
                Ok(PandasFrame::value(
                    t,
                    Some(Column::strings(
                        crate::table::stats::PANDAS_STATS
                            .iter()
                            .map(|s| s.to_string())
                            .collect(),
                    )),
                ))
            }
            "info" => {
                let mut s = String::from("<class 'pandas.core.frame.DataFrame'>\n");
                s.push_str(&if n == 0 {
                    "RangeIndex: 0 entries\n".to_string()
                } else {
                    format!(
                        "RangeIndex: {n} entries, {} to {}\n",
                        pandas_text(&d.index, 0),
                        pandas_text(&d.index, n - 1)
                    )
                });
                s.push_str(&format!(
                    "Data columns (total {} columns):\n",
                    d.table.num_columns()
                ));
                s.push_str(
                    " #   Column  Non-Null Count  Dtype\n---  ------  --------------  -----\n",
                );
                for (i, (name, c)) in d.table.names().iter().zip(d.table.columns()).enumerate() {
                    let present = (0..c.len())
                        .filter(|&r| !c.is_null(r) && !c.f64_at(r).is_some_and(f64::is_nan))
                        .count();
                    s.push_str(&format!(
                        " {i:<3} {name:<7} {present} non-null  {}\n",
                        c.dtype().pandas_name(c.valid.is_some())
                    ));
                }
                interp.print(&s);
                Ok(Value::None)
            }
            "isna" | "isnull" | "notna" | "notnull" => {
                let want = name.starts_with("is");
                let cols = d
                    .table
                    .columns()
                    .iter()
                    .map(|c| {
                        Column::bools(
                            (0..c.len())
                                .map(|i| {
                                    (c.is_null(i) || c.f64_at(i).is_some_and(f64::is_nan)) == want
                                })
                                .collect(),
                        )
                    })
                    .collect();
                Ok(PandasFrame::value(
                    Table::new(d.table.names().to_vec(), cols).map_err(pandas_error)?,
                    Some(d.index.clone()),
                ))
            }
            "fillna" => {
                let b = Sig {
                    name: "DataFrame.fillna",
                    params: &["value=", "*", "axis=", "inplace=", "limit="],
                    is_method: true,
                    display:
                        "DataFrame.fillna(value=None, *, axis=None, inplace=False, limit=None)",
                }
                .bind(args)?;
                let value = b.value("value");
                let fills: Vec<(String, Cell)> = match &value {
                    Value::Dict(m) => m
                        .borrow()
                        .iter()
                        .map(|(k, v)| Ok((k.to_str(), to_cell(v)?)))
                        .collect::<Result<_, PyErr>>()?,
                    Value::None => {
                        return Err(PyErr::new(
                            ExcType::ValueError,
                            "Must specify a fill 'value' or 'method'.",
                        ))
                    }
                    v => {
                        let c = to_cell(v)?;
                        d.table
                            .names()
                            .iter()
                            .map(|n| (n.clone(), c.clone()))
                            .collect()
                    }
                };
                let mut t = d.table.clone();
                for (col, fill) in fills {
                    let Ok(i) = t.find(&col, true) else { continue };
                    let filled = fill_column(t.column_at(i), &col, &fill)?;
                    t = t.with_column(&col, filled, true).map_err(pandas_error)?;
                }
                self.finish(
                    b.get("inplace").is_some_and(Value::truthy),
                    FrameData {
                        table: t,
                        index: d.index,
                    },
                )
            }
            "dropna" => {
                let b = Sig { name: "DataFrame.dropna", params: &["*", "axis=", "how=", "thresh=", "subset=", "inplace=", "ignore_index="], is_method: true, display: "DataFrame.dropna(*, axis=0, how='any', thresh=None, subset=None, inplace=False, ignore_index=False)" }.bind(args)?;
                let how = b
                    .get("how")
                    .map(Value::to_str)
                    .unwrap_or_else(|| "any".into());
                if how != "any" && how != "all" {
                    return Err(PyErr::new(
                        ExcType::ValueError,
                        format!("invalid how option: {how}"),
                    ));
                }
                let subset = b.get("subset").map(names_of);
                if let Some(s) = &subset {
                    if let Some(missing) = s.iter().find(|c| d.table.find(c, true).is_err()) {
                        return Err(PyErr::new(ExcType::KeyError, format!("['{missing}']")));
                    }
                }
                let thresh = b
                    .get("thresh")
                    .and_then(Value::as_int)
                    .map(|t| t.max(0) as usize);
                let with_pos = d
                    .table
                    .with_column("\u{0}pos", Column::ints((0..n as i64).collect()), true)
                    .map_err(pandas_error)?;
                let kept = drop_nulls(
                    &with_pos,
                    how == "all",
                    thresh,
                    Some(subset.unwrap_or_else(|| d.table.names().to_vec())),
                    true,
                );
                let positions: Vec<usize> = (0..kept.num_rows())
                    .filter_map(|i| {
                        kept.column("\u{0}pos", true)
                            .ok()
                            .and_then(|c| c.f64_at(i))
                            .map(|p| p as usize)
                    })
                    .collect();
                self.finish(
                    b.get("inplace").is_some_and(Value::truthy),
                    d.take(&positions),
                )
            }
            "drop" => {
                let b = Sig { name: "DataFrame.drop", params: &["labels=", "*", "axis=", "index=", "columns=", "level=", "inplace=", "errors="], is_method: true, display: "DataFrame.drop(labels=None, *, axis=0, index=None, columns=None, level=None, inplace=False, errors='raise')" }.bind(args)?;
                let axis_cols = matches!(b.value("axis"), Value::Int(1))
                    || b.value("axis").to_str() == "columns";
                let (cols, rows) = match (b.get("columns"), b.get("index"), b.get("labels")) {
                    (Some(c), _, _) => (names_of(c), Vec::new()),
                    (None, Some(r), _) => (
                        Vec::new(),
                        r.iter_items().unwrap_or_else(|| vec![r.clone()]),
                    ),
                    (None, None, Some(l)) if axis_cols => (names_of(l), Vec::new()),
                    (None, None, Some(l)) => (
                        Vec::new(),
                        l.iter_items()
                            .filter(|_| !matches!(l, Value::Str(_)))
                            .unwrap_or_else(|| vec![l.clone()]),
                    ),
                    _ => {
                        return Err(PyErr::new(
                            ExcType::ValueError,
                            "Need to specify at least one of 'labels', 'index' or 'columns'",
                        ))
                    }
                };
                let ignore = b.get("errors").is_some_and(|e| e.to_str() == "ignore");
                let missing: Vec<String> = cols
                    .iter()
                    .filter(|c| d.table.find(c, true).is_err())
                    .map(|c| format!("'{c}'"))
                    .collect();
                if !missing.is_empty() && !ignore {
                    return Err(PyErr::new(
                        ExcType::KeyError,
                        format!("\"[{}] not found in axis\"", missing.join(", ")),
                    ));
                }
                let mut out = FrameData {
                    table: d.table.drop_names(&cols, true),
                    index: d.index.clone(),
                };
                if !rows.is_empty() {
                    let s = SeriesObj {
                        values: d.index.clone(),
                        name: None,
                        index: d.index.clone(),
                        index_name: None,
                    };
                    let mut drop_pos = Vec::new();
                    for r in &rows {
                        match s.position_of(r) {
                            Ok(p) => drop_pos.push(p),
                            Err(_) if ignore => {}
                            Err(_) => {
                                return Err(PyErr::new(
                                    ExcType::KeyError,
                                    format!("\"[{}] not found in axis\"", r.repr()),
                                ))
                            }
                        }
                    }
                    let keep: Vec<usize> = (0..n).filter(|p| !drop_pos.contains(p)).collect();
                    out = out.take(&keep);
                }
                self.finish(b.get("inplace").is_some_and(Value::truthy), out)
            }
            "rename" => {
                let b = Sig { name: "DataFrame.rename", params: &["mapper=", "*", "index=", "columns=", "axis=", "copy=", "inplace=", "level=", "errors="], is_method: true, display: "DataFrame.rename(mapper=None, *, index=None, columns=None, axis=None, copy=None, inplace=False, level=None, errors='ignore')" }.bind(args)?;
                let Some(Value::Dict(m)) = b.get("columns").or(b.get("mapper")).cloned() else {
                    return Err(type_error("rename() needs columns={'old': 'new', ...}"));
                };
                let mut t = d.table.clone();
                for (k, v) in m.borrow().iter() {
                    if let Ok(i) = t.find(&k.to_str(), true) {
                        t = t.rename_at(i, &v.to_str());
                    }
                }
                self.finish(
                    b.get("inplace").is_some_and(Value::truthy),
                    FrameData {
                        table: t,
                        index: d.index,
                    },
                )
            }
            "sort_values" => {
                let b = Sig { name: "DataFrame.sort_values", params: &["by", "*", "axis=", "ascending=", "inplace=", "kind=", "na_position=", "ignore_index="], is_method: true, display: "DataFrame.sort_values(by, *, axis=0, ascending=True, inplace=False, kind='quicksort', na_position='last', ignore_index=False)" }.bind(args)?;
                let by = names_of(&b.value("by"));
                let flags =
                    crate::notebook::bindings::cells::ascending_flags(b.get("ascending"), by.len());
                if flags.len() != by.len() {
                    return Err(PyErr::new(
                        ExcType::ValueError,
                        format!(
                            "Length of ascending ({}) != length of by ({})",
                            flags.len(),
                            by.len()
                        ),
                    ));
                }
                let first = b.get("na_position").is_some_and(|v| v.to_str() == "first");
                let cols = by
                    .iter()
                    .map(|c| d.table.column(c, true).map_err(pandas_error))
                    .collect::<Result<Vec<_>, _>>()?;
                let keys: Vec<SortKey> = cols
                    .iter()
                    .zip(&flags)
                    .map(|(c, a)| SortKey {
                        values: c,
                        ascending: *a,
                        nulls_first: first,
                    })
                    .collect();
                let mut out = d.take(&sorted_positions(n, &keys));
                if b.get("ignore_index").is_some_and(Value::truthy) {
                    out.index = range_index(n);
                }
                self.finish(b.get("inplace").is_some_and(Value::truthy), out)
            }
            "reset_index" => {
                let b = Sig { name: "DataFrame.reset_index", params: &["level=", "*", "drop=", "inplace=", "col_level=", "col_fill=", "allow_duplicates=", "names="], is_method: true, display: "DataFrame.reset_index(level=None, *, drop=False, inplace=False, col_level=0, col_fill='', allow_duplicates=<no_default>, names=None)" }.bind(args)?;
                let table = if b.get("drop").is_some_and(Value::truthy) {
                    d.table.clone()
                } else {
                    let mut names = vec!["index".to_string()];
                    names.extend(d.table.names().iter().cloned());
                    let mut cols = vec![d.index.clone()];
                    cols.extend(d.table.columns().iter().cloned());
                    Table::new(names, cols).map_err(pandas_error)?
                };
                self.finish(
                    b.get("inplace").is_some_and(Value::truthy),
                    FrameData {
                        table,
                        index: range_index(n),
                    },
                )
            }
            "set_index" => {
                let b = Sig { name: "DataFrame.set_index", params: &["keys", "*", "drop=", "append=", "inplace=", "verify_integrity="], is_method: true, display: "DataFrame.set_index(keys, *, drop=True, append=False, inplace=False, verify_integrity=False)" }.bind(args)?;
                let key = match b.value("keys") {
                    Value::Str(s) => s.to_string(),
                    _ => return Err(not_implemented("set_index with several keys (a MultiIndex) is not available in Lakelab; set one column as the index")),
                };
                let index = d.table.column(&key, true).map_err(pandas_error)?.clone();
                let table = if b.get("drop").is_none_or(Value::truthy) {
                    d.table.drop_names(&[key], true)
                } else {
                    d.table.clone()
                };
                self.finish(
                    b.get("inplace").is_some_and(Value::truthy),
                    FrameData { table, index },
                )
            }
            "copy" => Ok(d.value()),
            "astype" => {
                let b = Sig {
                    name: "DataFrame.astype",
                    params: &["dtype", "copy=", "errors="],
                    is_method: true,
                    display: "DataFrame.astype(dtype, copy=None, errors='raise')",
                }
                .bind(args)?;
                let mut t = d.table.clone();
                let targets: Vec<(String, DType)> = match b.value("dtype") {
                    Value::Dict(m) => m
                        .borrow()
                        .iter()
                        .map(|(k, v)| Ok((k.to_str(), dtype_of(v)?)))
                        .collect::<Result<_, PyErr>>()?,
                    v => {
                        let t = dtype_of(&v)?;
                        d.table.names().iter().map(|n| (n.clone(), t)).collect()
                    }
                };
                for (col, to) in targets {
                    let c = t.column(&col, true).map_err(|_| PyErr::new(ExcType::KeyError, "Only a column name can be used for the key in a dtype mappings argument.".to_string()))?;
                    let converted = astype(c, to, Some(&col))?;
                    t = t.with_column(&col, converted, true).map_err(pandas_error)?;
                }
                Ok(PandasFrame::value(t, Some(d.index)))
            }
            "select_dtypes" => {
                let b = Sig {
                    name: "DataFrame.select_dtypes",
                    params: &["include=", "exclude="],
                    is_method: true,
                    display: "DataFrame.select_dtypes(include=None, exclude=None)",
                }
                .bind(args)?;
                let kinds = |v: Option<&Value>| -> Vec<String> {
                    v.map(|v| match v {
                        Value::Native(n, _) => vec![n.to_string()],
                        other => names_of(other),
                    })
                    .unwrap_or_default()
                };
                let (inc, exc) = (kinds(b.get("include")), kinds(b.get("exclude")));
                if inc.is_empty() && exc.is_empty() {
                    return Err(PyErr::new(
                        ExcType::ValueError,
                        "at least one of include or exclude must be nonempty",
                    ));
                }
                let matches = |c: &Column, k: &str| match k {
                    "number" | "numeric" => c.dtype().is_numeric(),
                    "object" | "str" | "string" => matches!(c.dtype(), DType::Str | DType::Date),
                    "bool" => c.dtype() == DType::Bool,
                    "datetime" | "datetime64" | "datetime64[ns]" => c.dtype() == DType::Timestamp,
                    other => c.dtype().pandas_name(c.valid.is_some()) == other,
                };
                let keep: Vec<usize> = (0..d.table.num_columns())
                    .filter(|&i| {
                        let c = d.table.column_at(i);
                        (inc.is_empty() || inc.iter().any(|k| matches(c, k)))
                            && !exc.iter().any(|k| matches(c, k))
                    })
                    .collect();
                Ok(FrameData {
                    table: d.table.select_positions(&keep),
                    index: d.index,
                }
                .value())
            }
            "mean" | "sum" | "min" | "max" | "std" | "var" | "median" | "count" | "nunique" => {
                let b = Sig {
                    name: "DataFrame.mean",
                    params: &["axis=", "skipna=", "numeric_only="],
                    is_method: true,
                    display: "DataFrame.mean(axis=0, skipna=True, numeric_only=False)",
                }
                .bind(args)?;
                reduce(&d, name, b.get("numeric_only").is_some_and(Value::truthy))
            }
            "drop_duplicates" => {
                let b = Sig { name: "DataFrame.drop_duplicates", params: &["subset=", "*", "keep=", "inplace=", "ignore_index="], is_method: true, display: "DataFrame.drop_duplicates(subset=None, *, keep='first', inplace=False, ignore_index=False)" }.bind(args)?;
                let names = b
                    .get("subset")
                    .map(names_of)
                    .unwrap_or_else(|| d.table.names().to_vec());
                let cols = names
                    .iter()
                    .map(|c| d.table.column(c, true).cloned().map_err(pandas_error))
                    .collect::<Result<Vec<_>, _>>()?;
                let firsts: Vec<usize> = crate::table::group::groups(&cols, n, false)
                    .iter()
                    .map(|g| g[0])
                    .collect();
                let mut sorted = firsts;
                sorted.sort_unstable();
                self.finish(b.get("inplace").is_some_and(Value::truthy), d.take(&sorted))
            }
            "sample" => {
                let b = Sig { name: "DataFrame.sample", params: &["n=", "frac=", "replace=", "weights=", "random_state=", "axis=", "ignore_index="], is_method: true, display: "DataFrame.sample(n=None, frac=None, replace=False, weights=None, random_state=None, axis=None, ignore_index=False)" }.bind(args)?;
                let k = match (b.get("n"), b.get("frac")) {
                    (Some(_), Some(_)) => {
                        return Err(PyErr::new(
                            ExcType::ValueError,
                            "Please enter a value for `frac` OR `n`, not both",
                        ))
                    }
                    (_, Some(f)) => (f.as_f64().unwrap_or(0.0) * n as f64).round() as usize,
                    (Some(k), None) => k.as_int().unwrap_or(1).max(0) as usize,
                    (None, None) => 1,
                };
                if k > n {
                    return Err(PyErr::new(
                        ExcType::ValueError,
                        "Cannot take a larger sample than population when 'replace=False'",
                    ));
                }
                let seed = match b.get("random_state").and_then(Value::as_int) {
                    Some(s) => s as u64,
                    None => (interp.session.rng.unit() * 9.0e15) as u64,
                };
                let mut rng = crate::rng::SeededRng::new(seed);
                let mut positions: Vec<usize> = (0..n).collect();
                for i in 0..k {
                    let j = i + ((rng.unit() * (n - i) as f64) as usize).min(n - i - 1);
                    positions.swap(i, j);
                }
                positions.truncate(k);
                Ok(d.take(&positions).value())
            }
            "merge" => {
                let mut args = args;
                args.positional.insert(0, Value::Object(self.clone()));
                super::merge(interp, args)
            }
            "groupby" => {
                let b = Sig { name: "DataFrame.groupby", params: &["by=", "axis=", "level=", "as_index=", "sort=", "group_keys=", "observed=", "dropna="], is_method: true, display: "DataFrame.groupby(by=None, axis=<no_default>, level=None, as_index=True, sort=True, group_keys=True, observed=<no_default>, dropna=True)" }.bind(args)?;
                let keys = names_of(&b.value("by"));
                for k in &keys {
                    d.table.find(k, true).map_err(pandas_error)?;
                }
                // dropna=True (the default) leaves out rows whose key is missing.
                let table = if b.get("dropna").is_none_or(Value::truthy) {
                    let key_cols: Vec<&Column> = keys
                        .iter()
                        .filter_map(|k| d.table.column(k, true).ok())
                        .collect();
                    let keep: Vec<usize> = (0..n)
                        .filter(|&r| key_cols.iter().all(|c| !c.is_null(r)))
                        .collect();
                    d.table.take(&keep)
                } else {
                    d.table
                };
                Ok(Value::object(super::groupby::GroupByObj {
                    table,
                    keys,
                    selection: None,
                    as_index: b.get("as_index").is_none_or(Value::truthy),
                    sort: b.get("sort").is_none_or(Value::truthy),
                }))
            }
            "iterrows" => Ok(Value::list(
                (0..n)
                    .map(|i| Value::tuple(vec![to_pandas_value(&d.index, i), d.row(i)]))
                    .collect(),
            )),
            "to_csv" => {
                let b = Sig { name: "DataFrame.to_csv", params: &["path_or_buf=", "sep=", "na_rep=", "float_format=", "columns=", "header=", "index="], is_method: true, display: "DataFrame.to_csv(path_or_buf=None, *, sep=',', na_rep='', float_format=None, columns=None, header=True, index=True, ...)" }.bind(args)?;
                let sep = b
                    .get("sep")
                    .map(Value::to_str)
                    .and_then(|s| s.chars().next())
                    .unwrap_or(',');
                let mut table = d.table.clone();
                if b.get("index").is_none_or(Value::truthy) {
                    let mut names = vec![String::new()];
                    names.extend(table.names().iter().cloned());
                    let mut cols = vec![d.index.clone()];
                    cols.extend(table.columns().iter().cloned());
                    table = Table::new(names, cols).map_err(pandas_error)?;
                }
                let text = crate::table::csv::write(
                    &table,
                    sep,
                    b.get("header").is_none_or(Value::truthy),
                );
                match b.get("path_or_buf") {
                    None => Ok(Value::str(text)),
                    Some(p) => {
                        let path = crate::files::resolve(&p.to_str());
                        interp
                            .ws
                            .files
                            .write(&path, text.into_bytes())
                            .map_err(super::super::files::file_error)?;
                        Ok(Value::None)
                    }
                }
            }
            "to_dict" => {
                let b = Sig {
                    name: "DataFrame.to_dict",
                    params: &["orient=", "*", "into=", "index="],
                    is_method: true,
                    display: "DataFrame.to_dict(orient='dict', *, into=<class 'dict'>, index=True)",
                }
                .bind(args)?;
                let orient = b
                    .get("orient")
                    .map(Value::to_str)
                    .unwrap_or_else(|| "dict".into());
                match orient.as_str() {
                    "records" => Ok(Value::list(
                        (0..n)
                            .map(|i| {
                                Value::dict(Dict::from_pairs(
                                    d.table.names().iter().map(String::as_str).zip(
                                        d.table.columns().iter().map(|c| to_pandas_value(c, i)),
                                    ),
                                ))
                            })
                            .collect(),
                    )),
                    "list" => Ok(Value::dict(Dict::from_pairs(
                        d.table.names().iter().map(String::as_str).zip(
                            d.table
                                .columns()
                                .iter()
                                .map(|c| Value::list(pandas_values(c))),
                        ),
                    ))),
                    "dict" => {
                        let mut out = Dict::new();
                        for name in d.table.names() {
                            out.set(
                                Value::str(name.as_str()),
                                Value::dict(super::series::to_dict(&d.series(name)?)?),
                            )?;
                        }
                        Ok(Value::dict(out))
                    }
                    // What serving requests send: `{"dataframe_split": df.to_dict(orient="split")}`.
                    "split" => Ok(Value::dict(Dict::from_pairs([
                        (
                            "index",
                            Value::list((0..n).map(|i| to_pandas_value(&d.index, i)).collect()),
                        ),
                        (
                            "columns",
                            Value::list(
                                d.table
                                    .names()
                                    .iter()
                                    .map(|c| Value::str(c.as_str()))
                                    .collect(),
                            ),
                        ),
                        (
                            "data",
                            Value::list(
                                (0..n)
                                    .map(|i| {
                                        Value::list(
                                            d.table
                                                .columns()
                                                .iter()
                                                .map(|c| to_pandas_value(c, i))
                                                .collect(),
                                        )
                                    })
                                    .collect(),
                            ),
                        ),
                    ]))),
                    other => Err(PyErr::new(
                        ExcType::ValueError,
                        format!("orient '{other}' not understood"),
                    )),
                }
            }
            other => Err(not_implemented(format!(
                "DataFrame.{other}() is not available in Lakelab yet"
            ))),
        }
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        let d = self.0.borrow();
        if let Some(mask) = series_arg(key) {
            return Ok(d
                .take(&mask_positions(&mask.values, d.table.num_rows())?)
                .value());
        }
        if let Some(s) = as_slice(key) {
            return Ok(d.take(&slice_indices(s, d.table.num_rows())?).value());
        }
        match key {
            Value::Str(s) => Ok(Value::object(d.series(s)?)),
            Value::List(_) | Value::Tuple(_) => Ok(d.select(&names_of(key))?.value()),
            other => Err(PyErr::new(ExcType::KeyError, other.repr())),
        }
    }
    fn set_item(&self, key: Value, value: Value) -> Result<(), PyErr> {
        let Value::Str(name) = key else {
            return Err(not_implemented(
                "only df[\"column\"] = values is available for assignment in Lakelab",
            ));
        };
        let mut d = self.0.borrow_mut();
        let n = d.table.num_rows();
        let column = if let Some(s) = series_arg(&value) {
            if s.values.len() != n && d.table.num_columns() > 0 {
                return Err(PyErr::new(
                    ExcType::ValueError,
                    format!(
                        "Length of values ({}) does not match length of index ({n})",
                        s.values.len()
                    ),
                ));
            }
            s.values
        } else if let Value::List(_) | Value::Tuple(_) = value {
            column_from_values(&value.iter_items().unwrap_or_default())?
        } else {
            broadcast(&to_cell(&value)?, n).map_err(pandas_error)?
        };
        let column = pandas_column(column);
        let was_empty = d.table.num_columns() == 0;
        d.table = d
            .table
            .with_column(&name, column, true)
            .map_err(pandas_error)?;
        if was_empty {
            d.index = range_index(d.table.num_rows());
        }
        Ok(())
    }
    fn py_len(&self) -> Option<usize> {
        Some(self.0.borrow().table.num_rows())
    }
    fn items(&self) -> Option<Vec<Value>> {
        // Iterating a DataFrame gives its column names, as pandas does.
        Some(
            self.0
                .borrow()
                .table
                .names()
                .iter()
                .map(|c| Value::str(c.as_str()))
                .collect(),
        )
    }
    fn repr(&self) -> String {
        self.0.borrow().text()
    }
    fn display(&self) -> Option<Display> {
        let d = self.0.borrow();
        let labels = d.labels();
        let shown: Vec<usize> = (0..d
            .table
            .num_rows()
            .min(crate::notebook::bindings::cells::SHOWN_ROWS))
            .collect();
        let texts: Vec<Vec<String>> = d
            .table
            .columns()
            .iter()
            .map(|c| pandas_texts(c, &shown))
            .collect();
        let mut display = table_display(&d.table, Some(("", &labels)), |_, _| String::new());
        if let Display::Table { rows, .. } = &mut display {
            for (r, row) in rows.iter_mut().enumerate() {
                for (c, cell) in row.iter_mut().skip(1).enumerate() {
                    *cell = texts[c][r].clone();
                }
            }
        }
        Some(display)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl PandasFrame {
    /// Returns the result, or with `inplace=True` stores it and returns `None`.
    fn finish(&self, inplace: bool, out: FrameData) -> Result<Value, PyErr> {
        if inplace {
            *self.0.borrow_mut() = out;
            Ok(Value::None)
        } else {
            Ok(out.value())
        }
    }
}

/// `df.iloc` / `df.loc`.
#[derive(Debug)]
struct FrameIndexer {
    frame: FrameData,
    by_label: bool,
}

impl FrameIndexer {
    fn rows(&self, key: &Value) -> Result<Result<usize, Vec<usize>>, PyErr> {
        let n = self.frame.table.num_rows();
        if let Some(mask) = series_arg(key) {
            return Ok(Err(mask_positions(
                &mask.values,
                self.frame.table.num_rows(),
            )?));
        }
        if let Some(s) = as_slice(key) {
            return Ok(Err(slice_indices(s, n)?));
        }
        if let Value::List(_) = key {
            let items = key.iter_items().unwrap_or_default();
            return Ok(Err(items
                .iter()
                .map(|k| self.one(k))
                .collect::<Result<_, _>>()?));
        }
        self.one(key).map(Ok)
    }

    fn one(&self, key: &Value) -> Result<usize, PyErr> {
        let n = self.frame.table.num_rows() as i64;
        if self.by_label {
            let s = SeriesObj {
                values: self.frame.index.clone(),
                name: None,
                index: self.frame.index.clone(),
                index_name: None,
            };
            return s.position_of(key);
        }
        let k = key.as_int().ok_or_else(|| {
            type_error(format!(
                "Cannot index by location index with a non-integer key ({})",
                key.repr()
            ))
        })?;
        let at = if k < 0 { k + n } else { k };
        if at < 0 || at >= n {
            return Err(PyErr::new(
                ExcType::IndexError,
                "single positional indexer is out-of-bounds",
            ));
        }
        Ok(at as usize)
    }
}

impl Object for FrameIndexer {
    fn type_name(&self) -> &str {
        if self.by_label {
            "_LocIndexer"
        } else {
            "_iLocIndexer"
        }
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        let (row_key, col_key) = match key {
            Value::Tuple(t) if t.len() == 2 => (t[0].clone(), Some(t[1].clone())),
            other => (other.clone(), None),
        };
        let rows = self.rows(&row_key)?;
        let Some(col_key) = col_key else {
            return Ok(match rows {
                Ok(i) => self.frame.row(i),
                Err(positions) => self.frame.take(&positions).value(),
            });
        };
        let names: Result<String, Vec<String>> = if self.by_label {
            match &col_key {
                Value::Str(s) => Ok(s.to_string()),
                other if as_slice(other).is_some() => Err(self.frame.table.names().to_vec()),
                other => Err(names_of(other)),
            }
        } else if let Some(s) = as_slice(&col_key) {
            Err(slice_indices(s, self.frame.table.num_columns())?
                .iter()
                .map(|&i| self.frame.table.names()[i].clone())
                .collect())
        } else {
            let k = col_key
                .as_int()
                .ok_or_else(|| type_error("iloc column positions must be integers"))?;
            let names = self.frame.table.names();
            let at = if k < 0 { k + names.len() as i64 } else { k };
            Ok(names.get(at as usize).cloned().ok_or_else(|| {
                PyErr::new(
                    ExcType::IndexError,
                    "single positional indexer is out-of-bounds",
                )
            })?)
        };
        match (rows, names) {
            (Ok(i), Ok(name)) => Ok(to_pandas_value(
                self.frame.table.column(&name, true).map_err(pandas_error)?,
                i,
            )),
            (Err(positions), Ok(name)) => {
                Ok(Value::object(self.frame.take(&positions).series(&name)?))
            }
            (Ok(i), Err(names)) => Ok(self.frame.select(&names)?.row(i)),
            (Err(positions), Err(names)) => Ok(self.frame.take(&positions).select(&names)?.value()),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// One row (`df.iloc[0]`, `df.loc[label]`, `iterrows()`): `row["col"]`, `row.col`,
/// `row.to_dict()`, `row.name` (its label).
#[derive(Debug)]
pub struct PandasRow {
    pub columns: Vec<String>,
    pub values: Vec<Value>,
    pub label: Value,
}

impl Object for PandasRow {
    fn type_name(&self) -> &str {
        "Series"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        match name {
            "name" => Some(self.label.clone()),
            "index" => Some(IndexObj::of_names(&self.columns)),
            "values" => Some(Value::list(self.values.clone())),
            _ => self
                .columns
                .iter()
                .position(|c| c == name)
                .map(|i| self.values[i].clone()),
        }
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "to_dict" | "tolist" | "to_list" | "get")
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
        match name {
            "tolist" | "to_list" => Ok(Value::list(self.values.clone())),
            "get" => {
                let key = args
                    .positional
                    .first()
                    .map(Value::to_str)
                    .unwrap_or_default();
                Ok(self.columns.iter().position(|c| *c == key).map_or_else(
                    || args.positional.get(1).cloned().unwrap_or(Value::None),
                    |i| self.values[i].clone(),
                ))
            }
            _ => Ok(Value::dict(Dict::from_pairs(
                self.columns
                    .iter()
                    .map(String::as_str)
                    .zip(self.values.iter().cloned()),
            ))),
        }
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        let name = key.to_str();
        self.columns
            .iter()
            .position(|c| *c == name)
            .map(|i| self.values[i].clone())
            .ok_or_else(|| PyErr::new(ExcType::KeyError, key.repr()))
    }
    fn items(&self) -> Option<Vec<Value>> {
        Some(self.values.clone())
    }
    fn py_len(&self) -> Option<usize> {
        Some(self.values.len())
    }
    fn repr(&self) -> String {
        let w = self
            .columns
            .iter()
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0);
        let mut s: String = self
            .columns
            .iter()
            .zip(&self.values)
            .map(|(c, v)| {
                format!(
                    "{c:<w$}    {}\n",
                    match v {
                        Value::Float(f) if f.is_nan() => "NaN".to_string(),
                        Value::None => "None".to_string(),
                        other => other.to_str(),
                    }
                )
            })
            .collect();
        s.push_str(&format!("Name: {}, dtype: object", self.label.to_str()));
        s
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `join` for `merge`, exposed to the module function.
pub fn merge_tables(
    left: &Table,
    right: &Table,
    on: &[String],
    how: How,
    suffixes: (&str, &str),
) -> Result<Table, PyErr> {
    join(left, right, on, how, true, Some(suffixes)).map_err(pandas_error)
}
