//! PySpark's `DataFrame` over a core [`Table`]: `select`, `filter`/`where`, `withColumn`,
//! `withColumnRenamed`, `drop`, `join`, `groupBy`/`agg`, `orderBy`/`sort`, `limit`,
//! `distinct`, `dropDuplicates`, `union`/`unionByName`, `fillna`/`na.fill`, `dropna`,
//! `randomSplit`, `sample`, `count`, `show`, `describe`, `summary`, `printSchema`, `collect`,
//! `take`, `head`, `first`, `isEmpty`, `toPandas`, `createOrReplaceTempView`, `cache`,
//! and the attributes `columns`, `dtypes`, `schema`, `write`, `na`.
//!
//! Choices where Spark leaves things open: rows keep a stable order (Spark's order after a
//! shuffle is unspecified); `randomSplit` and `sample` draw one seeded number per row, so
//! they are reproducible but do not pick the rows Spark's partition-wise sampler would.

use std::any::Any;
use std::rc::Rc;

use crate::notebook::bindings::cells::{spark_error, spark_text, table_display, to_cell, to_value};
use crate::notebook::call::Sig;
use crate::notebook::error::{type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::output::Display;
use crate::notebook::value::{Args, Object, Value};
use crate::table::expr::{eval, Dialect, Expr};
use crate::table::join::{join, How};
use crate::table::sort::{sorted_positions, SortKey};
use crate::table::{group, stats, Cell, Column, Table};

use super::column::{col_arg, col_condition, ColumnObj};
use super::grouped::GroupedObj;
use super::row::RowObj;
use super::types::StructObj;

#[derive(Debug, Clone)]
pub struct SparkFrame {
    pub table: Rc<Table>,
}

impl SparkFrame {
    pub fn value(table: Table) -> Value {
        Value::object(SparkFrame {
            table: Rc::new(table),
        })
    }

    /// The table of a Spark DataFrame value; `None` for anything else.
    pub fn of(v: &Value) -> Option<Rc<Table>> {
        match v {
            Value::Object(o) => o
                .as_any()
                .downcast_ref::<SparkFrame>()
                .map(|f| f.table.clone()),
            _ => None,
        }
    }
}

/// The positional arguments, with one list argument spread (`select(["a", "b"])`).
pub fn spread(args: &[Value]) -> Vec<Value> {
    match args {
        [one @ (Value::List(_) | Value::Tuple(_))] => one.iter_items().unwrap_or_default(),
        many => many.to_vec(),
    }
}

fn no_keywords(args: &Args, func: &str) -> Result<(), PyErr> {
    match args.keywords.first() {
        Some((k, _)) => Err(type_error(format!(
            "DataFrame.{func}() got an unexpected keyword argument '{k}'"
        ))),
        None => Ok(()),
    }
}

/// Evaluates select-style expressions: names keep the table's spelling; `*` expands.
pub fn project(table: &Table, exprs: &[Expr]) -> Result<Table, PyErr> {
    if exprs.iter().any(Expr::has_agg) {
        return group::aggregate(table, &[], exprs, Dialect::Spark, false).map_err(spark_error);
    }
    let mut names = Vec::new();
    let mut columns = Vec::new();
    for e in exprs {
        match e {
            Expr::Star => {
                names.extend(table.names().iter().cloned());
                columns.extend(table.columns().iter().cloned());
            }
            Expr::Col(n) => {
                let i = table.find(n, false).map_err(spark_error)?;
                names.push(table.names()[i].clone());
                columns.push(table.column_at(i).clone());
            }
            other => {
                columns.push(eval(other, table, Dialect::Spark, false).map_err(spark_error)?);
                names.push(other.name());
            }
        }
    }
    Table::new(names, columns).map_err(spark_error)
}

fn bound_usize(v: Option<&Value>, default: usize, what: &str) -> Result<usize, PyErr> {
    match v {
        None => Ok(default),
        Some(v) => v.as_int().map(|n| n.max(0) as usize).ok_or_else(|| {
            type_error(format!(
                "[NOT_INT] Argument `{what}` should be an int, got {}.",
                v.type_name()
            ))
        }),
    }
}

/// `df.show()`'s text: a boxed table, cells cut to 20 characters when `truncate`.
pub fn show_text(table: &Table, n: usize, truncate: usize) -> String {
    let shown = table.num_rows().min(n);
    let cut = |s: String| {
        if truncate > 0 && s.chars().count() > truncate {
            let keep: String = s.chars().take(truncate.saturating_sub(3)).collect();
            format!("{keep}...")
        } else {
            s
        }
    };
    let header: Vec<String> = table.names().iter().map(|n| cut(n.clone())).collect();
    let rows: Vec<Vec<String>> = (0..shown)
        .map(|i| {
            table
                .columns()
                .iter()
                .map(|c| cut(spark_text(&c.get(i))))
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .map(|r| r[c].chars().count())
                .chain([header[c].chars().count(), 3])
                .max()
                .unwrap_or(3)
        })
        .collect();
    let line: String = widths
        .iter()
        .map(|w| format!("+{}", "-".repeat(*w)))
        .collect::<String>()
        + "+\n";
    let fmt = |cells: &[String]| -> String {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                let pad = w - c.chars().count();
                if truncate > 0 {
                    format!("|{}{c}", " ".repeat(pad))
                } else {
                    format!("|{c}{}", " ".repeat(pad))
                }
            })
            .collect::<String>()
            + "|\n"
    };
    let mut out = line.clone();
    out.push_str(&fmt(&header));
    out.push_str(&line);
    for r in &rows {
        out.push_str(&fmt(r));
    }
    out.push_str(&line);
    if table.num_rows() > shown {
        out.push_str(&format!(
            "only showing top {shown} row{}\n",
            if shown == 1 { "" } else { "s" }
        ));
    }
    out.push('\n');
    out
}

fn rows_of(table: &Table, n: usize) -> Vec<Value> {
    let names = Rc::new(table.names().to_vec());
    (0..table.num_rows().min(n))
        .map(|i| {
            Value::object(RowObj {
                names: names.clone(),
                values: table.row(i).iter().map(to_value).collect(),
            })
        })
        .collect()
}

/// Sort keys from `orderBy` arguments and its `ascending` flag(s).
fn order_by(table: &Table, args: Args) -> Result<Table, PyErr> {
    let mut ascending: Option<Value> = None;
    for (k, v) in args.keywords {
        if k == "ascending" {
            ascending = Some(v);
        } else {
            return Err(type_error(format!(
                "DataFrame.orderBy() got an unexpected keyword argument '{k}'"
            )));
        }
    }
    let cols = spread(&args.positional);
    let flags = crate::notebook::bindings::cells::ascending_flags(ascending.as_ref(), cols.len());
    if flags.len() != cols.len() {
        return Err(PyErr::new(
            ExcType::ValueError,
            "[MISMATCHED_LENGTH] ascending should have the same length as the columns",
        ));
    }
    let mut values = Vec::new();
    let mut dirs = Vec::new();
    for (c, asc) in cols.iter().zip(flags) {
        let (expr, order) = match c {
            Value::Object(o) => match o.as_any().downcast_ref::<ColumnObj>() {
                Some(col) => (col.expr.clone(), col.order.unwrap_or((asc, asc))),
                None => (col_arg(c, "orderBy")?, (asc, asc)),
            },
            other => (col_arg(other, "orderBy")?, (asc, asc)),
        };
        values.push(eval(&expr, table, Dialect::Spark, false).map_err(spark_error)?);
        dirs.push(order);
    }
    let keys: Vec<SortKey> = values
        .iter()
        .zip(&dirs)
        .map(|(v, (asc, nulls_first))| SortKey {
            values: v,
            ascending: *asc,
            nulls_first: *nulls_first,
        })
        .collect();
    Ok(table.take(&sorted_positions(table.num_rows(), &keys)))
}

/// `fillna(value, subset)`: a scalar fills the columns of its type family (numbers fill
/// numeric columns, strings string columns, booleans boolean ones), a dict per column.
pub fn fill_nulls(
    table: &Table,
    value: &Value,
    subset: Option<Vec<String>>,
    exact: bool,
) -> Result<Table, PyErr> {
    let mut t = table.clone();
    let per_column: Vec<(String, Cell)> = match value {
        Value::Dict(d) => d
            .borrow()
            .iter()
            .map(|(k, v)| Ok((k.to_str(), to_cell(v)?)))
            .collect::<Result<_, PyErr>>()?,
        v => {
            let cell = to_cell(v)?;
            table
                .names()
                .iter()
                .filter(|n| subset.as_ref().is_none_or(|s| s.iter().any(|x| x == *n)))
                .map(|n| (n.clone(), cell.clone()))
                .collect()
        }
    };
    for (name, fill) in per_column {
        let Ok(i) = t.find(&name, exact) else {
            continue;
        };
        let col = t.column_at(i);
        let fits = match (col.dtype().is_numeric(), &fill) {
            (true, Cell::Int(_) | Cell::Float(_)) => true,
            (false, f) => f.dtype() == Some(col.dtype()),
            _ => false,
        };
        if !fits || col.valid.is_none() {
            continue;
        }
        let fill = if col.dtype() == crate::table::DType::Int {
            match fill {
                Cell::Float(f) => Cell::Int(f as i64),
                other => other,
            }
        } else {
            fill
        };
        let cells: Vec<Cell> = (0..col.len())
            .map(|r| {
                if col.is_null(r) {
                    fill.clone()
                } else {
                    col.get(r)
                }
            })
            .collect();
        let filled = Column::from_cells(col.dtype(), &cells).map_err(spark_error)?;
        let name = t.names()[i].clone();
        t = t.with_column(&name, filled, true).map_err(spark_error)?;
    }
    Ok(t)
}

/// `dropna(how="any", thresh=None, subset=None)`.
pub fn drop_nulls(
    table: &Table,
    how_all: bool,
    thresh: Option<usize>,
    subset: Option<Vec<String>>,
    nan_is_null: bool,
) -> Table {
    let cols: Vec<&Column> = table
        .names()
        .iter()
        .zip(table.columns())
        .filter(|(n, _)| subset.as_ref().is_none_or(|s| s.iter().any(|x| x == *n)))
        .map(|(_, c)| c)
        .collect();
    let keep: Vec<usize> = (0..table.num_rows())
        .filter(|&r| {
            let present = cols
                .iter()
                .filter(|c| !(c.is_null(r) || nan_is_null && c.f64_at(r).is_some_and(f64::is_nan)))
                .count();
            match thresh {
                Some(t) => present >= t,
                None if how_all => present > 0,
                None => present == cols.len(),
            }
        })
        .collect();
    table.take(&keep)
}

fn names_arg(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::None => None,
        Value::Str(s) => Some(vec![s.to_string()]),
        other => Some(
            other
                .iter_items()
                .unwrap_or_default()
                .iter()
                .map(Value::to_str)
                .collect(),
        ),
    }
}

fn frame_arg(v: &Value, func: &str) -> Result<Rc<Table>, PyErr> {
    SparkFrame::of(v).ok_or_else(|| {
        type_error(format!(
            "[NOT_DATAFRAME] Argument `other` of {func} should be a DataFrame, got {}.",
            v.type_name()
        ))
    })
}

const METHODS: &[&str] = &[
    "select",
    "filter",
    "where",
    "withColumn",
    "withColumnRenamed",
    "drop",
    "join",
    "groupBy",
    "groupby",
    "agg",
    "count",
    "show",
    "summary",
    "describe",
    "toPandas",
    "collect",
    "take",
    "head",
    "first",
    "limit",
    "orderBy",
    "sort",
    "distinct",
    "dropDuplicates",
    "drop_duplicates",
    "union",
    "unionAll",
    "unionByName",
    "fillna",
    "dropna",
    "printSchema",
    "createOrReplaceTempView",
    "createTempView",
    "cache",
    "persist",
    "unpersist",
    "randomSplit",
    "sample",
    "isEmpty",
    "display",
];

impl Object for SparkFrame {
    fn type_name(&self) -> &str {
        "DataFrame"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(match name {
            "columns" => Value::list(
                self.table
                    .names()
                    .iter()
                    .map(|n| Value::str(n.as_str()))
                    .collect(),
            ),
            "dtypes" => Value::list(
                self.table
                    .names()
                    .iter()
                    .zip(self.table.columns())
                    .map(|(n, c)| {
                        Value::tuple(vec![
                            Value::str(n.as_str()),
                            Value::str(c.dtype().spark_name()),
                        ])
                    })
                    .collect(),
            ),
            "schema" => Value::object(StructObj::of(&self.table)),
            "write" => Value::object(super::session::WriterObj),
            "na" => Value::object(NaObj(self.table.clone())),
            // Methods win over columns of the same name (`df.count` is the method), as in
            // PySpark, where `__getattr__` only sees names that are not attributes.
            other if METHODS.contains(&other) => return None,
            other => match self.table.find(other, false) {
                Ok(i) => ColumnObj::value(Expr::Col(self.table.names()[i].clone())),
                Err(_) => return None,
            },
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
        let t = &self.table;
        let frame = |t: Table| Ok(SparkFrame::value(t));
        match name {
            "select" => {
                no_keywords(&args, name)?;
                let exprs = spread(&args.positional)
                    .iter()
                    .map(|v| col_arg(v, "select"))
                    .collect::<Result<Vec<_>, _>>()?;
                frame(project(t, &exprs)?)
            }
            "filter" | "where" => {
                let b = Sig {
                    name: "DataFrame.filter",
                    params: &["condition"],
                    is_method: true,
                    display: "DataFrame.filter(condition: ColumnOrName)",
                }
                .bind(args)?;
                let cond = col_condition(&b.value("condition"))?;
                let mask = eval(&cond, t, Dialect::Spark, false).map_err(spark_error)?;
                frame(t.filter(&mask).map_err(|e| {
                    PyErr::new(
                        ExcType::AnalysisException,
                        format!(
                            "[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"{}\": {e}",
                            cond.name()
                        ),
                    )
                })?)
            }
            "withColumn" => {
                let b = Sig {
                    name: "DataFrame.withColumn",
                    params: &["colName", "col"],
                    is_method: true,
                    display: "DataFrame.withColumn(colName: str, col: Column)",
                }
                .bind(args)?;
                let col = match b.value("col") {
                    Value::Object(o) if o.as_any().downcast_ref::<ColumnObj>().is_some() => {
                        col_arg(&Value::Object(o), "withColumn")?
                    }
                    other => {
                        return Err(type_error(format!(
                            "[NOT_COLUMN] Argument `col` should be a Column, got {}.",
                            other.type_name()
                        )))
                    }
                };
                let values = eval(&col, t, Dialect::Spark, false).map_err(spark_error)?;
                frame(
                    t.with_column(&b.value("colName").to_str(), values, false)
                        .map_err(spark_error)?,
                )
            }
            "withColumnRenamed" => {
                let b = Sig {
                    name: "DataFrame.withColumnRenamed",
                    params: &["existing", "new"],
                    is_method: true,
                    display: "DataFrame.withColumnRenamed(existing: str, new: str)",
                }
                .bind(args)?;
                match t.find(&b.value("existing").to_str(), false) {
                    Ok(i) => frame(t.rename_at(i, &b.value("new").to_str())),
                    Err(_) => Ok(Value::Object(self.clone())),
                }
            }
            "drop" => {
                no_keywords(&args, name)?;
                let names = args
                    .positional
                    .iter()
                    .map(|v| match col_arg(v, "drop")? {
                        Expr::Col(n) => Ok(n),
                        other => Err(type_error(format!(
                            "drop() takes column names or columns, not {}",
                            other.name()
                        ))),
                    })
                    .collect::<Result<Vec<_>, PyErr>>()?;
                frame(t.drop_names(&names, false))
            }
            "join" => {
                let b = Sig { name: "DataFrame.join", params: &["other", "on=", "how="], is_method: true, display: "DataFrame.join(other: DataFrame, on: Union[str, List[str], Column, None] = None, how: Optional[str] = None)" }.bind(args)?;
                let other = frame_arg(&b.value("other"), "join")?;
                let how_text = b
                    .get("how")
                    .map(Value::to_str)
                    .unwrap_or_else(|| "inner".into());
                let how = How::parse(&how_text).ok_or_else(|| {
                    PyErr::new(ExcType::AnalysisException, format!("[UNSUPPORTED_JOIN_TYPE] Unsupported join type '{how_text}'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'."))
                })?;
                let on: Vec<String> = match b.value("on") {
                    Value::None => Vec::new(),
                    Value::Str(s) => vec![s.to_string()],
                    v @ (Value::List(_) | Value::Tuple(_)) => v.iter_items().unwrap_or_default().iter().map(Value::to_str).collect(),
                    _ => return Err(PyErr::new(ExcType::NotImplementedError, "join conditions written as column expressions (df1.id == df2.id) are not available in Lakelab yet; join on the shared column name(s): df1.join(df2, on=\"id\", how=\"inner\")")),
                };
                let how = if on.is_empty() && how == How::Inner {
                    How::Cross
                } else {
                    how
                };
                frame(join(t, &other, &on, how, false, None).map_err(spark_error)?)
            }
            "groupBy" | "groupby" => {
                no_keywords(&args, name)?;
                let keys = spread(&args.positional)
                    .iter()
                    .map(|v| match col_arg(v, "groupBy")? {
                        Expr::Col(n) => Ok(n),
                        other => Err(PyErr::new(ExcType::NotImplementedError, format!("grouping by an expression ({}) is not available in Lakelab yet; add it with withColumn first and group by its name", other.name()))),
                    })
                    .collect::<Result<Vec<_>, PyErr>>()?;
                for k in &keys {
                    t.find(k, false).map_err(spark_error)?;
                }
                Ok(Value::object(GroupedObj {
                    table: t.clone(),
                    keys,
                }))
            }
            "agg" => {
                let g = GroupedObj {
                    table: t.clone(),
                    keys: Vec::new(),
                };
                Rc::new(g).call_method(interp, "agg", args)
            }
            "count" => {
                no_keywords(&args, name)?;
                Ok(Value::Int(t.num_rows() as i64))
            }
            "isEmpty" => Ok(Value::Bool(t.num_rows() == 0)),
            "show" => {
                let b = Sig { name: "DataFrame.show", params: &["n=", "truncate=", "vertical="], is_method: true, display: "DataFrame.show(n: int = 20, truncate: Union[bool, int] = True, vertical: bool = False)" }.bind(args)?;
                let n = bound_usize(b.get("n"), 20, "n")?;
                let truncate = match b.value("truncate") {
                    Value::None | Value::Bool(true) => 20,
                    Value::Bool(false) => 0,
                    v => bound_usize(Some(&v), 20, "truncate")?,
                };
                interp.print(&show_text(t, n, truncate));
                Ok(Value::None)
            }
            "summary" | "describe" => {
                no_keywords(&args, name)?;
                let given: Vec<String> =
                    spread(&args.positional).iter().map(Value::to_str).collect();
                let (source, stats_list): (Table, Vec<String>) = if name == "summary" {
                    let s = if given.is_empty() {
                        ["count", "mean", "stddev", "min", "25%", "50%", "75%", "max"]
                            .iter()
                            .map(|s| s.to_string())
                            .collect()
                    } else {
                        given
                    };
                    (t.as_ref().clone(), s)
                } else {
                    let source = if given.is_empty() {
                        t.as_ref().clone()
                    } else {
                        let exprs: Vec<Expr> = given.iter().map(|g| Expr::Col(g.clone())).collect();
                        project(t, &exprs)?
                    };
                    (
                        source,
                        ["count", "mean", "stddev", "min", "max"]
                            .iter()
                            .map(|s| s.to_string())
                            .collect(),
                    )
                };
                let refs: Vec<&str> = stats_list.iter().map(String::as_str).collect();
                frame(
                    stats::spark_summary(&source, &refs)
                        .map_err(|e| PyErr::new(ExcType::ValueError, e.to_string()))?,
                )
            }
            "toPandas" => Ok(
                crate::notebook::bindings::pandas::frame::PandasFrame::value(
                    t.as_ref().clone(),
                    None,
                ),
            ),
            "collect" => Ok(Value::list(rows_of(t, usize::MAX))),
            "take" => {
                let b = Sig {
                    name: "DataFrame.take",
                    params: &["num"],
                    is_method: true,
                    display: "DataFrame.take(num: int)",
                }
                .bind(args)?;
                Ok(Value::list(rows_of(
                    t,
                    bound_usize(b.get("num"), 0, "num")?,
                )))
            }
            "head" | "first" => {
                let b = Sig {
                    name: "DataFrame.head",
                    params: &["n="],
                    is_method: true,
                    display: "DataFrame.head(n: Optional[int] = None)",
                }
                .bind(args)?;
                match (name, b.get("n")) {
                    ("head", Some(n)) => Ok(Value::list(rows_of(t, bound_usize(Some(n), 1, "n")?))),
                    _ => Ok(rows_of(t, 1).pop().unwrap_or(Value::None)),
                }
            }
            "limit" => {
                let b = Sig {
                    name: "DataFrame.limit",
                    params: &["num"],
                    is_method: true,
                    display: "DataFrame.limit(num: int)",
                }
                .bind(args)?;
                frame(t.head(bound_usize(b.get("num"), 0, "num")?))
            }
            "orderBy" | "sort" => frame(order_by(t, args)?),
            "distinct" => frame(t.distinct()),
            "dropDuplicates" | "drop_duplicates" => {
                let b = Sig {
                    name: "DataFrame.dropDuplicates",
                    params: &["subset="],
                    is_method: true,
                    display: "DataFrame.dropDuplicates(subset: Optional[List[str]] = None)",
                }
                .bind(args)?;
                match names_arg(&b.value("subset")) {
                    None => frame(t.distinct()),
                    Some(names) => {
                        let idx = names
                            .iter()
                            .map(|n| t.find(n, false))
                            .collect::<Result<Vec<_>, _>>()
                            .map_err(spark_error)?;
                        let key_cols: Vec<Column> =
                            idx.iter().map(|&i| t.column_at(i).clone()).collect();
                        let firsts: Vec<usize> = group::groups(&key_cols, t.num_rows(), false)
                            .iter()
                            .map(|g| g[0])
                            .collect();
                        frame(t.take(&firsts))
                    }
                }
            }
            "union" | "unionAll" => {
                let b = Sig {
                    name: "DataFrame.union",
                    params: &["other"],
                    is_method: true,
                    display: "DataFrame.union(other: DataFrame)",
                }
                .bind(args)?;
                let other = frame_arg(&b.value("other"), "union")?;
                frame(t.union(&other).map_err(|e| {
                    PyErr::new(
                        ExcType::AnalysisException,
                        format!("[NUM_COLUMNS_MISMATCH] {e}"),
                    )
                })?)
            }
            "unionByName" => {
                let b = Sig { name: "DataFrame.unionByName", params: &["other", "allowMissingColumns="], is_method: true, display: "DataFrame.unionByName(other: DataFrame, allowMissingColumns: bool = False)" }.bind(args)?;
                let other = frame_arg(&b.value("other"), "unionByName")?;
                let exprs: Vec<Expr> = t.names().iter().map(|n| Expr::Col(n.clone())).collect();
                let aligned = project(&other, &exprs)?;
                frame(t.union(&aligned).map_err(spark_error)?)
            }
            "fillna" => {
                let b = Sig { name: "DataFrame.fillna", params: &["value", "subset="], is_method: true, display: "DataFrame.fillna(value: Union[LiteralType, Dict[str, LiteralType]], subset: Optional[Union[str, Tuple[str, ...], List[str]]] = None)" }.bind(args)?;
                frame(fill_nulls(
                    t,
                    &b.value("value"),
                    names_arg(&b.value("subset")),
                    false,
                )?)
            }
            "dropna" => {
                let b = Sig { name: "DataFrame.dropna", params: &["how=", "thresh=", "subset="], is_method: true, display: "DataFrame.dropna(how: str = 'any', thresh: Optional[int] = None, subset: Optional[Union[str, Tuple[str, ...], List[str]]] = None)" }.bind(args)?;
                let how = b
                    .get("how")
                    .map(Value::to_str)
                    .unwrap_or_else(|| "any".into());
                if how != "any" && how != "all" {
                    return Err(PyErr::new(ExcType::ValueError, format!("[VALUE_NOT_ANY_OR_ALL] Value for `how` must be 'any' or 'all', got '{how}'.")));
                }
                let thresh = b
                    .get("thresh")
                    .and_then(Value::as_int)
                    .map(|n| n.max(0) as usize);
                frame(drop_nulls(
                    t,
                    how == "all",
                    thresh,
                    names_arg(&b.value("subset")),
                    false,
                ))
            }
            "printSchema" => {
                interp.print(&StructObj::of(t).tree());
                Ok(Value::None)
            }
            "createOrReplaceTempView" | "createTempView" => {
                let b = Sig {
                    name: "DataFrame.createOrReplaceTempView",
                    params: &["name"],
                    is_method: true,
                    display: "DataFrame.createOrReplaceTempView(name: str)",
                }
                .bind(args)?;
                let view = b.value("name").to_str();
                let key = view.to_lowercase();
                if name == "createTempView" && interp.session.temp_views.contains_key(&key) {
                    return Err(PyErr::new(ExcType::AnalysisException, format!("[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view `{view}` because it already exists.")));
                }
                interp.session.temp_views.insert(key, t.clone());
                Ok(Value::None)
            }
            "cache" | "persist" | "unpersist" => Ok(Value::Object(self.clone())),
            "randomSplit" => {
                let b = Sig {
                    name: "DataFrame.randomSplit",
                    params: &["weights", "seed="],
                    is_method: true,
                    display:
                        "DataFrame.randomSplit(weights: List[float], seed: Optional[int] = None)",
                }
                .bind(args)?;
                let weights: Vec<f64> = b
                    .value("weights")
                    .iter_items()
                    .unwrap_or_default()
                    .iter()
                    .map(|w| w.as_f64().unwrap_or(-1.0))
                    .collect();
                if weights.is_empty()
                    || weights.iter().any(|w| *w < 0.0)
                    || weights.iter().sum::<f64>() <= 0.0
                {
                    return Err(PyErr::new(ExcType::ValueError, "[VALUE_NOT_POSITIVE] Value for `weights` must be positive, got a weight below zero or a zero sum."));
                }
                let total: f64 = weights.iter().sum();
                let mut rng = seeded(interp, b.get("seed"));
                let mut parts: Vec<Vec<usize>> = vec![Vec::new(); weights.len()];
                for r in 0..t.num_rows() {
                    let u = rng.unit() * total;
                    let mut acc = 0.0;
                    let mut k = weights.len() - 1;
                    for (i, w) in weights.iter().enumerate() {
                        acc += w;
                        if u < acc {
                            k = i;
                            break;
                        }
                    }
                    parts[k].push(r);
                }
                Ok(Value::list(
                    parts.iter().map(|p| SparkFrame::value(t.take(p))).collect(),
                ))
            }
            "sample" => {
                let b = Sig { name: "DataFrame.sample", params: &["withReplacement=", "fraction=", "seed="], is_method: true, display: "DataFrame.sample(withReplacement: Optional[bool] = None, fraction: Optional[float] = None, seed: Optional[int] = None)" }.bind(args)?;
                let (fraction, seed) = match (b.value("withReplacement"), b.get("fraction")) {
                    (Value::Float(f), None) => (f, b.get("seed").cloned()),
                    (Value::Float(f), Some(s)) => (f, Some(s.clone())),
                    (Value::Bool(true), _) => return Err(PyErr::new(ExcType::NotImplementedError, "sampling with replacement is not available in Lakelab")),
                    (_, Some(f)) => (f.as_f64().unwrap_or(-1.0), b.get("seed").cloned()),
                    _ => return Err(type_error("DataFrame.sample() needs a fraction, e.g. df.sample(fraction=0.1, seed=42)")),
                };
                if !(0.0..=1.0).contains(&fraction) {
                    return Err(PyErr::new(
                        ExcType::ValueError,
                        format!("fraction must be between 0 and 1, got {fraction}"),
                    ));
                }
                let mut rng = seeded(interp, seed.as_ref());
                let keep: Vec<usize> = (0..t.num_rows())
                    .filter(|_| rng.unit() < fraction)
                    .collect();
                frame(t.take(&keep))
            }
            "display" => {
                interp.show_value(&Value::Object(self.clone()));
                Ok(Value::None)
            }
            _ => Err(crate::notebook::error::attribute_error("DataFrame", name)),
        }
    }
    fn get_item(&self, _: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        match key {
            Value::Str(s) => {
                let i = self.table.find(s, false).map_err(spark_error)?;
                Ok(ColumnObj::value(Expr::Col(self.table.names()[i].clone())))
            }
            Value::Int(i) => {
                let n = self.table.num_columns() as i64;
                if *i < 0 || *i >= n {
                    return Err(PyErr::new(ExcType::IndexError, format!("[INVALID_INDEX_OF_ZERO] Column index must be non-negative and less than {n}, got {i}")));
                }
                Ok(ColumnObj::value(Expr::Col(self.table.names()[*i as usize].clone())))
            }
            Value::Object(o) if o.as_any().downcast_ref::<ColumnObj>().is_some() => {
                let cond = col_condition(key)?;
                let mask = eval(&cond, &self.table, Dialect::Spark, false).map_err(spark_error)?;
                Ok(SparkFrame::value(self.table.filter(&mask).map_err(spark_error)?))
            }
            other => Err(type_error(format!("[NOT_COLUMN_OR_INT_OR_STR] Argument `item` should be a Column, int or str, got {}.", other.type_name()))),
        }
    }
    fn repr(&self) -> String {
        let fields: Vec<String> = self
            .table
            .names()
            .iter()
            .zip(self.table.columns())
            .map(|(n, c)| format!("{n}: {}", c.dtype().spark_name()))
            .collect();
        format!("DataFrame[{}]", fields.join(", "))
    }
    fn display(&self) -> Option<Display> {
        Some(table_display(&self.table, None, |c, i| {
            spark_text(&c.get(i))
        }))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A generator seeded from `seed=` or, when absent, from the notebook's generator.
fn seeded(interp: &mut Interp, seed: Option<&Value>) -> crate::rng::SeededRng {
    let s = match seed.and_then(Value::as_int) {
        Some(s) => s as u64,
        None => (interp.session.rng.unit() * 9.0e15) as u64,
    };
    crate::rng::SeededRng::new(s)
}

/// `df.na`: `fill` and `drop`, as `fillna` and `dropna`.
#[derive(Debug)]
struct NaObj(Rc<Table>);

impl Object for NaObj {
    fn type_name(&self) -> &str {
        "DataFrameNaFunctions"
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "fill" | "drop")
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        let frame = Rc::new(SparkFrame {
            table: self.0.clone(),
        });
        frame.call_method(
            interp,
            if name == "fill" { "fillna" } else { "dropna" },
            args,
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
