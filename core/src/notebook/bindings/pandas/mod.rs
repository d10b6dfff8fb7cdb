//! pandas in cells (`import pandas as pd`): `pd.DataFrame`, `pd.Series`, `pd.read_csv` from
//! the notebook's files, `pd.get_dummies`, `pd.merge`, `pd.concat`, `pd.isna`/`pd.notna`.
//! Column labels are strings (a frame built from lists without `columns=` gets "0", "1", …).

pub mod frame;
pub mod groupby;
pub mod index;
pub mod series;

use std::collections::BTreeSet;

use crate::notebook::bindings::cells::{column_from_values, pandas_error, to_cell};
use crate::notebook::bindings::files::file_error;
use crate::notebook::call::Sig;
use crate::notebook::error::{not_implemented, type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::{Args, Value};
use crate::table::csv::{parse, CsvOptions};
use crate::table::expr::broadcast;
use crate::table::join::How;
use crate::table::{Cell, Column, DType, Table};

use frame::PandasFrame;
use series::{range_index, series_arg, SeriesObj};

fn frame_arg(v: &Value) -> Option<&PandasFrame> {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<PandasFrame>(),
        _ => None,
    }
}

fn frame_table(v: &Value, what: &str) -> Result<(Table, Column), PyErr> {
    match frame_arg(v) {
        Some(f) => {
            let d = f.0.borrow();
            Ok((d.table.clone(), d.index.clone()))
        }
        None => Err(type_error(format!(
            "Can only {what} DataFrame objects, a {} was passed",
            v.type_name()
        ))),
    }
}

/// `pd.DataFrame(data, index, columns)`.
fn data_frame(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "DataFrame",
        params: &["data=", "index=", "columns=", "dtype=", "copy="],
        is_method: false,
        display: "DataFrame(data=None, index=None, columns=None, dtype=None, copy=None)",
    }
    .bind(args)?;
    let columns_arg: Option<Vec<String>> = b.get("columns").map(|c| {
        c.iter_items()
            .unwrap_or_default()
            .iter()
            .map(Value::to_str)
            .collect()
    });
    let data = b.value("data");
    let mut table = match &data {
        Value::None => Table::new(columns_arg.clone().unwrap_or_default(), columns_arg.as_ref().map_or(Vec::new(), |c| c.iter().map(|_| Column::empty(DType::Float)).collect())).map_err(pandas_error)?,
        Value::Dict(d) => {
            let entries: Vec<(String, Value)> = d.borrow().iter().map(|(k, v)| (k.to_str(), v.clone())).collect();
            let n = entries.iter().find_map(|(_, v)| series_arg(v).map(|s| s.values.len()).or_else(|| match v {
                Value::List(_) | Value::Tuple(_) => v.iter_items().map(|i| i.len()),
                _ => None,
            }));
            let Some(n) = n.or(if entries.is_empty() { Some(0) } else { None }) else {
                return Err(PyErr::new(ExcType::ValueError, "If using all scalar values, you must pass an index"));
            };
            let mut names = Vec::new();
            let mut cols = Vec::new();
            for (k, v) in entries {
                let col = if let Some(s) = series_arg(&v) {
                    s.values
                } else if let Value::List(_) | Value::Tuple(_) = v {
                    column_from_values(&v.iter_items().unwrap_or_default())?
                } else {
                    broadcast(&to_cell(&v)?, n).map_err(pandas_error)?
                };
                if col.len() != n {
                    return Err(PyErr::new(ExcType::ValueError, "All arrays must be of the same length"));
                }
                names.push(k);
                cols.push(col);
            }
            let t = Table::new(names, cols).map_err(pandas_error)?;
            match &columns_arg {
                Some(order) => {
                    let positions: Vec<usize> = order.iter().filter_map(|c| t.find(c, true).ok()).collect();
                    t.select_positions(&positions)
                }
                None => t,
            }
        }
        Value::List(_) | Value::Tuple(_) => {
            let rows = data.iter_items().unwrap_or_default();
            if rows.iter().all(|r| matches!(r, Value::Dict(_))) && !rows.is_empty() {
                let mut names: Vec<String> = Vec::new();
                for r in &rows {
                    if let Value::Dict(d) = r {
                        for k in d.borrow().keys() {
                            let k = k.to_str();
                            if !names.contains(&k) {
                                names.push(k);
                            }
                        }
                    }
                }
                let cells = rows.iter().map(|r| match r {
                    Value::Dict(d) => names.iter().map(|n| Ok(match d.borrow().get(&Value::str(n.as_str()))? { Some(v) => to_cell(&v)?, None => Cell::Null })).collect::<Result<Vec<_>, PyErr>>(),
                    _ => Ok(Vec::new()),
                }).collect::<Result<Vec<_>, _>>()?;
                Table::from_rows(names, &cells).map_err(pandas_error)?
            } else {
                let cells = rows.iter().map(|r| match r {
                    Value::List(_) | Value::Tuple(_) => r.iter_items().unwrap_or_default().iter().map(to_cell).collect::<Result<Vec<_>, _>>(),
                    scalar => Ok(vec![to_cell(scalar)?]),
                }).collect::<Result<Vec<_>, _>>()?;
                let width = cells.first().map_or(0, Vec::len);
                let names = match &columns_arg {
                    Some(c) if c.len() != width => return Err(PyErr::new(ExcType::ValueError, format!("{} columns passed, passed data had {width} columns", c.len()))),
                    Some(c) => c.clone(),
                    None => (0..width).map(|i| i.to_string()).collect(),
                };
                Table::from_rows(names, &cells).map_err(pandas_error)?
            }
        }
        other => match frame_arg(other) {
            Some(f) => f.table(),
            None => return Err(not_implemented(format!("pd.DataFrame() from a {} is not available in Lakelab; pass a dict of lists, a list of dicts or a list of rows", other.type_name()))),
        },
    };
    if let Some(t) = b.get("dtype") {
        let to = frame::dtype_of(t)?;
        for name in table.names().to_vec() {
            let c = frame::astype(
                table.column(&name, true).map_err(pandas_error)?,
                to,
                Some(&name),
            )?;
            table = table.with_column(&name, c, true).map_err(pandas_error)?;
        }
    }
    let index = match b.get("index") {
        None => None,
        Some(ix) => {
            let labels = column_from_values(&ix.iter_items().unwrap_or_default())?;
            if labels.len() != table.num_rows() {
                return Err(PyErr::new(
                    ExcType::ValueError,
                    format!(
                        "Length of values ({}) does not match length of index ({})",
                        table.num_rows(),
                        labels.len()
                    ),
                ));
            }
            Some(labels)
        }
    };
    Ok(PandasFrame::value(table, index))
}

/// `pd.Series(data, index, dtype, name)`.
fn series_ctor(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "Series",
        params: &["data=", "index=", "dtype=", "name=", "copy="],
        is_method: false,
        display: "Series(data=None, index=None, dtype=None, name=None, copy=None)",
    }
    .bind(args)?;
    let (values, mut index) = match b.value("data") {
        Value::Dict(d) => {
            let (k, v): (Vec<Value>, Vec<Value>) = d.borrow().iter().cloned().unzip();
            (column_from_values(&v)?, Some(column_from_values(&k)?))
        }
        Value::None => (Column::empty(DType::Float), None),
        v @ (Value::List(_) | Value::Tuple(_)) => (
            column_from_values(&v.iter_items().unwrap_or_default())?,
            None,
        ),
        other => match series_arg(&other) {
            Some(s) => (s.values, Some(s.index)),
            None => {
                return Err(type_error(format!(
                    "pd.Series() takes a list or a dict in Lakelab, not {}",
                    other.type_name()
                )))
            }
        },
    };
    if let Some(ix) = b.get("index") {
        index = Some(column_from_values(&ix.iter_items().unwrap_or_default())?);
    }
    let values = match b.get("dtype") {
        Some(t) => frame::astype(&values, frame::dtype_of(t)?, None)?,
        None => values,
    };
    let index = index.unwrap_or_else(|| range_index(values.len()));
    if index.len() != values.len() {
        return Err(PyErr::new(
            ExcType::ValueError,
            format!(
                "Length of values ({}) does not match length of index ({})",
                values.len(),
                index.len()
            ),
        ));
    }
    Ok(SeriesObj::value(
        values,
        b.get("name").map(Value::to_str),
        index,
    ))
}

/// pandas' default missing-value markers.
const NA_VALUES: &[&str] = &[
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
];

/// `pd.read_csv(path, sep, header, names, usecols, na_values, parse_dates)` from the
/// notebook's files (`/dbfs/...`, `/Volumes/...`, or relative to the working directory).
fn read_csv(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig { name: "read_csv", params: &["filepath_or_buffer", "*", "sep=", "delimiter=", "header=", "names=", "index_col=", "usecols=", "dtype=", "na_values=", "parse_dates=", "nrows="], is_method: false, display: "read_csv(filepath_or_buffer, *, sep=',', delimiter=None, header='infer', names=None, index_col=None, usecols=None, dtype=None, na_values=None, parse_dates=None, nrows=None, ...)" }.bind(args)?;
    let given = b.value("filepath_or_buffer").to_str();
    let path = crate::files::resolve(&given);
    let loading = interp.datasets_loading(&path);
    let bytes = interp.read_file(&path).map_err(|e| match e {
        crate::files::FileError::NotFound(_) if loading => PyErr::new(
            ExcType::FileNotFoundError,
            format!("[Errno 2] No such file or directory: '{given}'"),
        )
        .with_note(crate::datasets::LOADING_NOTE),
        crate::files::FileError::NotFound(_) => PyErr::new(
            ExcType::FileNotFoundError,
            format!("[Errno 2] No such file or directory: '{given}'"),
        ),
        other => file_error(other),
    })?;
    let text = String::from_utf8_lossy(bytes).into_owned();
    let sep = b
        .get("sep")
        .or(b.get("delimiter"))
        .map(Value::to_str)
        .and_then(|s| s.chars().next())
        .unwrap_or(',');
    let names: Option<Vec<String>> = b.get("names").map(|n| {
        n.iter_items()
            .unwrap_or_default()
            .iter()
            .map(Value::to_str)
            .collect()
    });
    let header = match b.get("header") {
        None => names.is_none(),
        Some(Value::Str(s)) if &**s == "infer" => names.is_none(),
        Some(Value::Int(0)) => true,
        Some(Value::Int(_)) => return Err(not_implemented(
            "read_csv(header=n) for n > 0 is not available in Lakelab; use header=0 or header=None",
        )),
        Some(_) => false,
    };
    let mut null_values: Vec<String> = NA_VALUES.iter().map(|s| s.to_string()).collect();
    if let Some(extra) = b.get("na_values") {
        null_values.extend(
            extra
                .iter_items()
                .unwrap_or_else(|| vec![extra.clone()])
                .iter()
                .map(Value::to_str),
        );
    }
    let options = CsvOptions {
        delimiter: sep,
        header,
        infer: true,
        dates: false,
        null_values,
    };
    let mut t = parse(&text, &options)
        .map_err(|e| PyErr::new(ExcType::ValueError, format!("Error tokenizing data. {e}")))?;
    if let Some(names) = names {
        if names.len() != t.num_columns() {
            return Err(PyErr::new(ExcType::ValueError, format!("Number of passed names ({}) did not match number of header fields in the file ({})", names.len(), t.num_columns())));
        }
        for (i, n) in names.iter().enumerate() {
            t = t.rename_at(i, n);
        }
    }
    if let Some(n) = b.get("nrows").and_then(Value::as_int) {
        t = t.head(n.max(0) as usize);
    }
    if let Some(cols) = b.get("parse_dates") {
        for c in cols.iter_items().unwrap_or_default() {
            let name = c.to_str();
            let col = t
                .column(&name, true)
                .map_err(pandas_error)?
                .cast(DType::Timestamp);
            t = t.with_column(&name, col, true).map_err(pandas_error)?;
        }
    }
    if let Some(u) = b.get("usecols") {
        let wanted: Vec<String> = u
            .iter_items()
            .unwrap_or_default()
            .iter()
            .map(Value::to_str)
            .collect();
        let positions = wanted
            .iter()
            .map(|w| t.find(w, true))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| {
                PyErr::new(
                    ExcType::ValueError,
                    format!("Usecols do not match columns, columns expected but not found: {e}"),
                )
            })?;
        let mut sorted = positions;
        sorted.sort_unstable();
        t = t.select_positions(&sorted);
    }
    let mut index = None;
    if let Some(ic) = b.get("index_col") {
        let name = match ic {
            Value::Int(i) => t.names().get(*i as usize).cloned().unwrap_or_default(),
            other => other.to_str(),
        };
        index = Some(t.column(&name, true).map_err(pandas_error)?.clone());
        t = t.drop_names(&[name], true);
    }
    if let Some(dt) = b.get("dtype") {
        let Value::Dict(d) = dt else {
            return Err(not_implemented(
                "read_csv(dtype=...) takes a dict {'col': type} in Lakelab",
            ));
        };
        for (k, v) in d.borrow().iter() {
            let name = k.to_str();
            let c = frame::astype(
                t.column(&name, true).map_err(pandas_error)?,
                frame::dtype_of(v)?,
                Some(&name),
            )?;
            t = t.with_column(&name, c, true).map_err(pandas_error)?;
        }
    }
    Ok(PandasFrame::value(t, index))
}

/// `pd.get_dummies(data, prefix, prefix_sep, columns, drop_first, dtype)`: one boolean
/// column per category (sorted), named `<column>_<value>`, after the other columns.
fn get_dummies(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig { name: "get_dummies", params: &["data", "prefix=", "prefix_sep=", "dummy_na=", "columns=", "sparse=", "drop_first=", "dtype="], is_method: false, display: "get_dummies(data, prefix=None, prefix_sep='_', dummy_na=False, columns=None, sparse=False, drop_first=False, dtype=None)" }.bind(args)?;
    let data = b.value("data");
    let (table, index, from_series) = if let Some(s) = series_arg(&data) {
        (
            Table::new(vec![s.name.clone().unwrap_or_default()], vec![s.values])
                .map_err(pandas_error)?,
            s.index,
            true,
        )
    } else {
        let (t, i) = frame_table(&data, "encode")?;
        (t, i, false)
    };
    let sep = b
        .get("prefix_sep")
        .map(Value::to_str)
        .unwrap_or_else(|| "_".into());
    let encode: Vec<String> = match b.get("columns") {
        Some(c) => c
            .iter_items()
            .unwrap_or_default()
            .iter()
            .map(Value::to_str)
            .collect(),
        None => table
            .names()
            .iter()
            .zip(table.columns())
            .filter(|(_, c)| matches!(c.dtype(), DType::Str | DType::Date) || from_series)
            .map(|(n, _)| n.clone())
            .collect(),
    };
    let prefixes: Vec<Option<String>> = match b.get("prefix") {
        None => encode
            .iter()
            .map(|n| if from_series { None } else { Some(n.clone()) })
            .collect(),
        Some(Value::Str(p)) => encode.iter().map(|_| Some(p.to_string())).collect(),
        Some(Value::Dict(d)) => encode
            .iter()
            .map(|n| {
                d.borrow()
                    .get(&Value::str(n.as_str()))
                    .ok()
                    .flatten()
                    .map(|v| v.to_str())
                    .or(Some(n.clone()))
            })
            .collect(),
        Some(list) => list
            .iter_items()
            .unwrap_or_default()
            .iter()
            .map(|v| Some(v.to_str()))
            .collect(),
    };
    if prefixes.len() != encode.len() {
        return Err(PyErr::new(ExcType::ValueError, format!("Length of 'prefix' ({}) did not match the length of the columns being encoded ({}).", prefixes.len(), encode.len())));
    }
    let out_type = match b.get("dtype") {
        Some(t) => frame::dtype_of(t)?,
        None => DType::Bool,
    };
    let drop_first = b.get("drop_first").is_some_and(Value::truthy);
    let mut names: Vec<String> = Vec::new();
    let mut cols: Vec<Column> = Vec::new();
    for (n, c) in table.names().iter().zip(table.columns()) {
        if !encode.contains(n) {
            names.push(n.clone());
            cols.push(c.clone());
        }
    }
    for (name, prefix) in encode.iter().zip(prefixes) {
        let c = table.column(name, true).map_err(pandas_error)?;
        let mut cats: Vec<Cell> = Vec::new();
        let mut seen = BTreeSet::new();
        for i in 0..c.len() {
            let v = c.get(i);
            if !v.is_null() && seen.insert(v.text()) {
                cats.push(v);
            }
        }
        crate::sorting::sort_by(&mut cats, |a, b| {
            crate::table::sort::compare_cells(a, b, true, false)
        });
        for cat in cats.iter().skip(usize::from(drop_first)) {
            let flags: Vec<Cell> = (0..c.len())
                .map(|i| {
                    let hit = c.get(i).order(cat) == Some(std::cmp::Ordering::Equal);
                    match out_type {
                        DType::Int => Cell::Int(hit as i64),
                        DType::Float => Cell::Float(hit as i64 as f64),
                        _ => Cell::Bool(hit),
                    }
                })
                .collect();
            names.push(match &prefix {
                Some(p) => format!("{p}{sep}{}", cat.text()),
                None => cat.text(),
            });
            cols.push(
                Column::from_cells(
                    if out_type == DType::Int || out_type == DType::Float {
                        out_type
                    } else {
                        DType::Bool
                    },
                    &flags,
                )
                .map_err(pandas_error)?,
            );
        }
    }
    Ok(PandasFrame::value(
        Table::new(names, cols).map_err(pandas_error)?,
        Some(index),
    ))
}

/// `pd.merge(left, right, how, on, suffixes)`; without `on`, the columns both share.
pub fn merge(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig { name: "merge", params: &["left", "right", "how=", "on=", "left_on=", "right_on=", "left_index=", "right_index=", "sort=", "suffixes="], is_method: false, display: "merge(left, right, how='inner', on=None, left_on=None, right_on=None, left_index=False, right_index=False, sort=False, suffixes=('_x', '_y'), ...)" }.bind(args)?;
    let (left, _) = frame_table(&b.value("left"), "merge")?;
    let (right, _) = frame_table(&b.value("right"), "merge")?;
    if b.get("left_on").is_some()
        || b.get("right_on").is_some()
        || b.get("left_index").is_some_and(Value::truthy)
        || b.get("right_index").is_some_and(Value::truthy)
    {
        return Err(not_implemented("merge with left_on/right_on or on the index is not available in Lakelab; rename the key columns to the same name and use on="));
    }
    let on: Vec<String> = match b.get("on") {
        Some(Value::Str(s)) => vec![s.to_string()],
        Some(list) => list
            .iter_items()
            .unwrap_or_default()
            .iter()
            .map(Value::to_str)
            .collect(),
        None => left
            .names()
            .iter()
            .filter(|n| right.find(n, true).is_ok())
            .cloned()
            .collect(),
    };
    if on.is_empty() {
        return Err(PyErr::new(ExcType::ValueError, "No common columns to perform merge on. Merge options: left_on=None, right_on=None, left_index=False, right_index=False"));
    }
    let how_text = b
        .get("how")
        .map(Value::to_str)
        .unwrap_or_else(|| "inner".into());
    let how = match how_text.as_str() {
        "inner" => How::Inner,
        "left" => How::Left,
        "right" => How::Right,
        "outer" => How::Outer,
        "cross" => How::Cross,
        other => {
            return Err(PyErr::new(
                ExcType::ValueError,
                format!("'{other}' is not a valid Merge type: left, right, inner, outer, cross"),
            ))
        }
    };
    let suffixes: Vec<String> = b
        .get("suffixes")
        .map(|s| {
            s.iter_items()
                .unwrap_or_default()
                .iter()
                .map(Value::to_str)
                .collect()
        })
        .unwrap_or_else(|| vec!["_x".into(), "_y".into()]);
    let (ls, rs) = match suffixes.as_slice() {
        [l, r] => (l.as_str(), r.as_str()),
        _ => return Err(PyErr::new(ExcType::ValueError, "suffixes must be a pair")),
    };
    let mut t = frame::merge_tables(&left, &right, &on, how, (ls, rs))?;
    if how == How::Outer || b.get("sort").is_some_and(Value::truthy) {
        let keys: Vec<Column> = on
            .iter()
            .filter_map(|k| t.column(k, true).ok().cloned())
            .collect();
        let sk: Vec<crate::table::sort::SortKey> = keys
            .iter()
            .map(|c| crate::table::sort::SortKey {
                values: c,
                ascending: true,
                nulls_first: false,
            })
            .collect();
        t = t.take(&crate::table::sort::sorted_positions(t.num_rows(), &sk));
    }
    Ok(PandasFrame::value(t, None))
}

/// `pd.concat(objs, axis=0, ignore_index=False)`: rows stacked, columns matched by name
/// (missing ones are NaN); `axis=1` puts frames side by side.
fn concat(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "concat",
        params: &[
            "objs",
            "*",
            "axis=",
            "join=",
            "ignore_index=",
            "keys=",
            "levels=",
            "names=",
            "verify_integrity=",
            "sort=",
            "copy=",
        ],
        is_method: false,
        display: "concat(objs, *, axis=0, join='outer', ignore_index=False, keys=None, ...)",
    }
    .bind(args)?;
    let objs = b.value("objs").iter_items().ok_or_else(|| type_error("first argument must be an iterable of pandas objects, you passed an object of type \"DataFrame\""))?;
    let frames = objs
        .iter()
        .map(|o| {
            if let Some(s) = series_arg(o) {
                return Ok((
                    Table::new(
                        vec![s.name.clone().unwrap_or_else(|| "0".into())],
                        vec![s.values],
                    )
                    .map_err(pandas_error)?,
                    s.index,
                ));
            }
            frame_table(o, "concatenate")
        })
        .collect::<Result<Vec<_>, PyErr>>()?;
    if frames.is_empty() {
        return Err(PyErr::new(ExcType::ValueError, "No objects to concatenate"));
    }
    let axis1 = matches!(b.value("axis"), Value::Int(1)) || b.value("axis").to_str() == "columns";
    if axis1 {
        let n = frames[0].0.num_rows();
        let mut names = Vec::new();
        let mut cols = Vec::new();
        for (t, _) in &frames {
            if t.num_rows() != n {
                return Err(not_implemented("concat(axis=1) of frames with different lengths would align on the index, which Lakelab does not do; give frames of equal length"));
            }
            names.extend(t.names().iter().cloned());
            cols.extend(t.columns().iter().cloned());
        }
        return Ok(PandasFrame::value(
            Table::new(names, cols).map_err(pandas_error)?,
            Some(frames[0].1.clone()),
        ));
    }
    let mut names: Vec<String> = Vec::new();
    for (t, _) in &frames {
        for n in t.names() {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
    }
    let mut out: Option<Table> = None;
    let mut index = Column::empty(DType::Int);
    for (t, ix) in &frames {
        let cols = names
            .iter()
            .map(|n| {
                t.column(n, true)
                    .cloned()
                    .unwrap_or_else(|_| Column::nulls(DType::Float, t.num_rows()))
            })
            .collect();
        let aligned = Table::new(names.clone(), cols).map_err(pandas_error)?;
        out = Some(match out {
            None => aligned,
            Some(acc) => acc.union(&aligned).map_err(pandas_error)?,
        });
        index = index.concat(ix).map_err(pandas_error)?;
    }
    let t = out.unwrap_or_default();
    let index = if b.get("ignore_index").is_some_and(Value::truthy) {
        range_index(t.num_rows())
    } else {
        index
    };
    Ok(PandasFrame::value(t, Some(index)))
}

fn missing(args: Args, want_missing: bool) -> Result<Value, PyErr> {
    let [v] = args.positional.as_slice() else {
        return Err(type_error("isna() takes exactly one argument"));
    };
    if let Some(s) = series_arg(v) {
        let n = s.values.len();
        return Ok(SeriesObj::value(
            Column::bools(
                (0..n)
                    .map(|i| {
                        (s.values.is_null(i) || s.values.f64_at(i).is_some_and(f64::is_nan))
                            == want_missing
                    })
                    .collect(),
            ),
            s.name,
            s.index,
        ));
    }
    let is_missing = matches!(v, Value::None)
        || v.as_f64().is_some_and(f64::is_nan) && matches!(v, Value::Float(_));
    Ok(Value::Bool(is_missing == want_missing))
}

fn isna(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    missing(args, true)
}

fn notna(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    missing(args, false)
}

/// The `pandas` module.
pub fn module_value() -> Value {
    module(
        "pandas",
        vec![
            ("DataFrame", Value::Native("DataFrame", data_frame)),
            ("Series", Value::Native("Series", series_ctor)),
            ("read_csv", Value::Native("read_csv", read_csv)),
            ("get_dummies", Value::Native("get_dummies", get_dummies)),
            ("merge", Value::Native("merge", merge)),
            ("concat", Value::Native("concat", concat)),
            ("isna", Value::Native("isna", isna)),
            ("isnull", Value::Native("isnull", isna)),
            ("notna", Value::Native("notna", notna)),
            ("notnull", Value::Native("notnull", notna)),
            ("NA", Value::None),
        ],
    )
}
