//! The `spark` session every Databricks notebook has: `createDataFrame`, `table`,
//! `read.table` / `read.csv` / `read.format(...).option(...).load(...)`, `range`. Temporary
//! views (`createOrReplaceTempView`) live as long as the notebook's session, as in Spark.
//! `spark.sql` runs `SELECT`, `SHOW TABLES` and the read-only refusals of
//! [`super::sql_query`], then the Unity Catalog statements of [`crate::catalog::sql`]
//! (grants, catalogs, schemas). `saveAsTable` raises `NotImplementedError` naming the call.

use std::any::Any;
use std::rc::Rc;

use crate::notebook::bindings::cells::{spark_error, to_cell};
use crate::notebook::bindings::dbutils::local;
use crate::notebook::call::Sig;
use crate::notebook::error::{type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Object, Value};
use crate::table::csv::{parse, CsvOptions};
use crate::table::{Cell, Column, DType, Table};

use super::dataframe::SparkFrame;
use super::row::RowObj;
use super::types::StructObj;

#[derive(Debug)]
pub struct SessionObj;

/// Names and, when the schema gives them, types.
/// Field names with their types where the schema gives them.
type Fields = Vec<(String, Option<DType>)>;

fn schema_fields(schema: &Value) -> Result<Option<Fields>, PyErr> {
    Ok(Some(match schema {
        Value::None => return Ok(None),
        Value::Str(ddl) => ddl
            .split(',')
            .map(|part| {
                let part = part.trim().replacen(':', " ", 1);
                let mut words = part.split_whitespace();
                let (Some(name), Some(t), None) = (words.next(), words.next(), words.next()) else {
                    return Err(PyErr::new(ExcType::AnalysisException, format!("[PARSE_SYNTAX_ERROR] Syntax error in the schema \"{ddl}\": write it as \"name type, name type\", e.g. \"id bigint, name string\".")));
                };
                let dtype = DType::parse(t).ok_or_else(|| {
                    PyErr::new(ExcType::AnalysisException, format!("[UNSUPPORTED_DATATYPE] Unsupported data type \"{}\".", t.to_uppercase()))
                })?;
                Ok((name.trim_matches('`').to_string(), Some(dtype)))
            })
            .collect::<Result<_, _>>()?,
        Value::List(_) | Value::Tuple(_) => schema
            .iter_items()
            .unwrap_or_default()
            .iter()
            .map(|v| (v.to_str(), None))
            .collect(),
        Value::Object(o) => match o.as_any().downcast_ref::<StructObj>() {
            Some(s) => s.fields.iter().map(|f| (f.name.clone(), Some(f.dtype))).collect(),
            None => return Err(type_error(format!("[NOT_LIST_OR_NONE_OR_STRUCT] Argument `schema` should be a list, None or StructType, got {}.", o.type_name()))),
        },
        other => return Err(type_error(format!("[NOT_LIST_OR_NONE_OR_STRUCT] Argument `schema` should be a list, None or StructType, got {}.", other.type_name()))),
    }))
}

/// `spark.createDataFrame(data, schema)`: rows as tuples, lists, dicts (keys sorted, as
/// PySpark infers a dict's schema) or `Row`s, or a pandas DataFrame.
pub fn create_data_frame(data: &Value, schema: &Value) -> Result<Table, PyErr> {
    if let Value::Object(o) = data {
        if let Some(p) = o
            .as_any()
            .downcast_ref::<crate::notebook::bindings::pandas::frame::PandasFrame>()
        {
            let t = p.table();
            let fields = schema_fields(schema)?;
            return apply_schema(t.names().to_vec(), t.columns().to_vec(), fields);
        }
    }
    let items = data.iter_items().ok_or_else(|| {
        type_error(format!(
            "[INVALID_TYPE] data should be a list, a tuple or a pandas DataFrame, got {}.",
            data.type_name()
        ))
    })?;
    let fields = schema_fields(schema)?;
    if items.is_empty()
        && fields
            .as_ref()
            .is_none_or(|f| f.iter().any(|(_, t)| t.is_none()))
    {
        return Err(PyErr::new(
            ExcType::ValueError,
            "[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from an empty dataset.",
        ));
    }
    let mut names: Option<Vec<String>> = None;
    let mut rows: Vec<Vec<Value>> = Vec::with_capacity(items.len());
    for item in &items {
        let (row_names, values): (Option<Vec<String>>, Vec<Value>) = match item {
            Value::Dict(d) => {
                let mut pairs: Vec<(String, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.to_str(), v.clone()))
                    .collect();
                crate::sorting::sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
                let (n, v) = pairs.into_iter().unzip();
                (Some(n), v)
            }
            Value::Object(o) if o.as_any().downcast_ref::<RowObj>().is_some() => {
                let r = o
                    .as_any()
                    .downcast_ref::<RowObj>()
                    .map(|r| (r.names.to_vec(), r.values.clone()))
                    .unwrap_or_default();
                (Some(r.0), r.1)
            }
            Value::Tuple(_) | Value::List(_) => (None, item.iter_items().unwrap_or_default()),
            scalar => (None, vec![scalar.clone()]),
        };
        if names.is_none() {
            names = row_names;
        }
        rows.push(values);
    }
    let width = rows
        .first()
        .map_or_else(|| fields.as_ref().map_or(0, Vec::len), Vec::len);
    if let Some(i) = rows.iter().position(|r| r.len() != width) {
        return Err(PyErr::new(ExcType::ValueError, format!("[LENGTH_SHOULD_BE_THE_SAME] row 0 and row {i} should be of the same length, got {width} and {}.", rows[i].len())));
    }
    let names = names.unwrap_or_else(|| (1..=width).map(|i| format!("_{i}")).collect());
    let mut columns = Vec::with_capacity(width);
    for c in 0..width {
        let cells = rows
            .iter()
            .map(|r| to_cell(&r[c]))
            .collect::<Result<Vec<Cell>, _>>()?;
        let want = fields.as_ref().and_then(|f| f.get(c)).and_then(|f| f.1);
        let column = match want {
            Some(t) => Column::from_cells(t, &cells).map_err(|_| {
                let bad = cells.iter().find(|x| x.dtype().is_some_and(|d| d != t && !(t == DType::Float && d == DType::Int))).cloned().unwrap_or(Cell::Null);
                type_error(format!(
                    "[FIELD_DATA_TYPE_UNACCEPTABLE] field {}: {} can not accept object {} in type {}.",
                    fields.as_ref().and_then(|f| f.get(c)).map_or(String::new(), |f| f.0.clone()),
                    t.spark_name(),
                    bad.text(),
                    bad.dtype().map_or("NoneType", DType::spark_name)
                ))
            })?,
            None => Column::infer(&cells).map_err(|e| {
                type_error(format!("[CANNOT_MERGE_TYPE] column {}: {e}", names.get(c).cloned().unwrap_or_default()))
            })?,
        };
        columns.push(column);
    }
    let fields = fields.map(|f| f.into_iter().map(|(n, _)| (n, None)).collect());
    apply_schema(names, columns, fields)
}

/// Renames (and for a pandas input, casts) columns to the schema's fields.
fn apply_schema(
    names: Vec<String>,
    columns: Vec<Column>,
    fields: Option<Fields>,
) -> Result<Table, PyErr> {
    let Some(fields) = fields else {
        return Table::new(names, columns).map_err(spark_error);
    };
    if fields.len() != columns.len() {
        return Err(PyErr::new(ExcType::ValueError, format!("[LENGTH_SHOULD_BE_THE_SAME] schema and data should be of the same length, got {} and {}.", fields.len(), columns.len())));
    }
    let columns = columns
        .into_iter()
        .zip(&fields)
        .map(|(c, (_, t))| match t {
            Some(t) => c.cast(*t),
            None => c,
        })
        .collect();
    Table::new(fields.into_iter().map(|f| f.0).collect(), columns).map_err(spark_error)
}

/// A Unity Catalog error from `spark.sql`, raised as Spark raises SQL errors.
fn sql_error(e: crate::tracking::MlflowError) -> PyErr {
    use crate::tracking::ErrorCode;
    let message = e.message;
    match e.code {
        ErrorCode::InternalError => PyErr::new(ExcType::NotImplementedError, message),
        _ if message.starts_with('[') => PyErr::new(ExcType::AnalysisException, message),
        ErrorCode::PermissionDenied => PyErr::new(
            ExcType::AnalysisException,
            format!("[PERMISSION_DENIED] {message}"),
        ),
        ErrorCode::ResourceDoesNotExist => {
            PyErr::new(ExcType::AnalysisException, format!("[NOT_FOUND] {message}"))
        }
        ErrorCode::ResourceAlreadyExists => PyErr::new(
            ExcType::AnalysisException,
            format!("[ALREADY_EXISTS] {message}"),
        ),
        _ => PyErr::new(
            ExcType::AnalysisException,
            format!("[INVALID_PARAMETER_VALUE] {message}"),
        ),
    }
}

/// A temporary view by name, or Spark's not-found error.
pub(crate) fn table_by_name(interp: &Interp, name: &str) -> Result<Value, PyErr> {
    table_as_of(interp, name, None)
}

/// A catalog table's version from the reader's `versionAsOf` / `timestampAsOf` options.
fn time_travel(interp: &Interp, name: &str, reader: &ReaderObj) -> Result<Option<u64>, PyErr> {
    let analysis = |m: String| PyErr::new(ExcType::AnalysisException, m);
    if let Some(v) = reader.option("versionAsOf") {
        let text = v.to_str();
        return text.trim().parse::<u64>().map(Some).map_err(|_| {
            analysis(format!(
                "[DELTA_INVALID_TIME_TRAVEL_SPEC] Invalid version: {text}"
            ))
        });
    }
    let Some(ts) = reader.option("timestampAsOf") else {
        return Ok(None);
    };
    let text = ts.to_str();
    let ms = crate::table::csv::parse_timestamp(text.trim()).ok_or_else(|| {
        analysis(format!(
            "[DELTA_INVALID_TIMESTAMP_FORMAT] The provided timestamp {text} cannot be converted to a valid timestamp."
        ))
    })?;
    let full = if name.split('.').count() == 2 {
        format!("{}.{name}", crate::catalog::HIVE)
    } else {
        name.to_string()
    };
    let unity = &interp.ws.unity;
    let n = unity.table_name(&full).map_err(|e| analysis(e.message))?;
    let info = unity.table(&n).map_err(|e| analysis(e.message))?;
    info.version_at(ms)
        .map(Some)
        .map_err(|e| analysis(e.message))
}

/// A table by name, at a version (time travel) or the current one.
fn table_as_of(interp: &Interp, name: &str, version: Option<u64>) -> Result<Value, PyErr> {
    if !interp.session.temp_views.contains_key(&name.to_lowercase()) && name.contains('.') {
        // A catalog table: `catalog.schema.table`, or `database.table` in hive_metastore.
        let full = if name.split('.').count() == 2 {
            format!("{}.{name}", crate::catalog::HIVE)
        } else {
            name.to_string()
        };
        if let Some(t) = super::super::serving::inference_table(interp, &full) {
            return Ok(SparkFrame::value(t));
        }
        let unity = &interp.ws.unity;
        let n = unity
            .table_name(&full)
            .map_err(|e| PyErr::new(ExcType::AnalysisException, e.message))?;
        let t = unity
            .read_table(&n, version)
            .map_err(|e| super::super::features::py_err(crate::features::FsError::Catalog(e)))?;
        return Ok(SparkFrame::value(t.as_ref().clone()));
    }
    match interp.session.temp_views.get(&name.to_lowercase()) {
        Some(t) => Ok(Value::object(SparkFrame { table: t.clone() })),
        None => Err(PyErr::new(
            ExcType::AnalysisException,
            format!("[TABLE_OR_VIEW_NOT_FOUND] The table or view `{name}` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog."),
        )
        .with_note("Lakelab has temporary views (df.createOrReplaceTempView(\"name\")) and catalog tables (catalog.schema.table, e.g. feature tables).")),
    }
}

/// Reads a CSV file from the notebook file system.
fn read_csv(
    interp: &mut Interp,
    path: &str,
    header: bool,
    infer: bool,
    sep: char,
) -> Result<Value, PyErr> {
    let local_path = local(path);
    let loading = interp.datasets_loading(&local_path);
    let bytes = interp.read_file(&local_path).map_err(|_| {
        let e = PyErr::new(
            ExcType::AnalysisException,
            format!("[PATH_NOT_FOUND] Path does not exist: {path}."),
        );
        match loading {
            true => e.with_note(crate::datasets::LOADING_NOTE),
            false => e,
        }
    })?;
    let text = String::from_utf8_lossy(bytes).into_owned();
    let options = CsvOptions {
        delimiter: sep,
        header,
        infer,
        dates: true,
        null_values: Vec::new(),
    };
    let t = parse(&text, &options).map_err(spark_error)?;
    Ok(SparkFrame::value(t))
}

fn truthy_option(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Str(s)) => s.eq_ignore_ascii_case("true"),
        Some(v) => v.truthy(),
        None => false,
    }
}

impl Object for SessionObj {
    fn type_name(&self) -> &str {
        "SparkSession"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        match name {
            "read" => Some(Value::object(ReaderObj::default())),
            "conf" => Some(Value::object(ConfObj)),
            "catalog" => Some(Value::object(super::sql_query::CatalogObj)),
            "readStream" => Some(Value::object(crate::notebook::bindings::dlt::StreamReader)),
            _ => None,
        }
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "createDataFrame" | "table" | "range" | "sql")
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        match name {
            "createDataFrame" => {
                let b = Sig { name: "SparkSession.createDataFrame", params: &["data", "schema=", "samplingRatio=", "verifySchema="], is_method: true, display: "SparkSession.createDataFrame(data, schema=None, samplingRatio=None, verifySchema=True)" }.bind(args)?;
                Ok(SparkFrame::value(create_data_frame(
                    &b.value("data"),
                    &b.value("schema"),
                )?))
            }
            "table" => {
                let b = Sig {
                    name: "SparkSession.table",
                    params: &["tableName"],
                    is_method: true,
                    display: "SparkSession.table(tableName: str)",
                }
                .bind(args)?;
                table_by_name(interp, &b.value("tableName").to_str())
            }
            "range" => {
                let b = Sig { name: "SparkSession.range", params: &["start", "end=", "step=", "numPartitions="], is_method: true, display: "SparkSession.range(start: int, end: Optional[int] = None, step: int = 1, numPartitions: Optional[int] = None)" }.bind(args)?;
                let int = |v: Option<&Value>, d: i64| {
                    v.map_or(Ok(d), |v| {
                        v.as_int()
                            .ok_or_else(|| type_error("range() arguments must be int"))
                    })
                };
                let (start, end) = match b.get("end") {
                    Some(e) => (int(b.get("start"), 0)?, int(Some(e), 0)?),
                    None => (0, int(b.get("start"), 0)?),
                };
                let step = int(b.get("step"), 1)?;
                if step == 0 {
                    return Err(PyErr::new(
                        ExcType::ValueError,
                        "range step must not be zero",
                    ));
                }
                if crate::notebook::value::range_len(start, end, step) > 10_000_000 {
                    return Err(PyErr::new(
                        ExcType::ValueError,
                        "Lakelab's spark.range is limited to 10,000,000 rows in a browser tab",
                    ));
                }
                let ids: Vec<i64> =
                    crate::notebook::value::range_values(start, end, step).collect();
                Ok(SparkFrame::value(
                    Table::new(vec!["id".into()], vec![Column::ints(ids)]).map_err(spark_error)?,
                ))
            }
            _ => {
                let b = Sig { name: "SparkSession.sql", params: &["sqlQuery", "args="], is_method: true, display: "SparkSession.sql(sqlQuery: str, args: Optional[Dict[str, Any]] = None, **kwargs)" }.bind(args)?;
                let text = b.value("sqlQuery").to_str();
                if let Some(done) = super::sql_query::run(interp, &text) {
                    return done;
                }
                let now = interp.now_ms();
                match crate::catalog::sql::execute(&mut interp.ws.unity, &text, now) {
                    Ok(crate::catalog::sql::SqlResult::Done) => {
                        Ok(SparkFrame::value(Table::default()))
                    }
                    Ok(crate::catalog::sql::SqlResult::Frame(t)) => Ok(SparkFrame::value(t)),
                    Ok(crate::catalog::sql::SqlResult::Rows { columns, rows }) => {
                        let cols = (0..columns.len())
                            .map(|c| Column::strings(rows.iter().map(|r| r[c].clone()).collect()))
                            .collect();
                        Ok(SparkFrame::value(
                            Table::new(columns, cols).map_err(spark_error)?,
                        ))
                    }
                    Err(e) => Err(sql_error(e)),
                }
            }
        }
    }
    fn repr(&self) -> String {
        "<pyspark.sql.session.SparkSession object>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `spark.conf`: reads the settings notebooks use to find their workspace
/// (`spark.databricks.workspaceUrl`); setting values is not simulated.
#[derive(Debug)]
pub struct ConfObj;

impl Object for ConfObj {
    fn type_name(&self) -> &str {
        "RuntimeConfig"
    }
    fn has_method(&self, name: &str) -> bool {
        name == "get"
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, _: &str, args: Args) -> Result<Value, PyErr> {
        let b = Sig {
            name: "RuntimeConfig.get",
            params: &["key", "default="],
            is_method: true,
            display:
                "RuntimeConfig.get(key: str, default: Optional[str] = <no value>) -> Optional[str]",
        }
        .bind(args)?;
        let key = b.value("key").to_str();
        match key.as_str() {
            "spark.databricks.workspaceUrl" => Ok(Value::str(super::super::serving::WORKSPACE_HOST)),
            _ if b.given("default") => Ok(b.value("default")),
            _ => Err(crate::notebook::error::library("pyspark.errors.exceptions.captured", "SparkNoSuchElementException")
                .map_or_else(|| PyErr::new(ExcType::Exception, ""), |k| PyErr::new(k, format!("[SQL_CONF_NOT_FOUND] The SQL config \"{key}\" cannot be found. Please verify that the config exists."))
                .with_note("Lakelab's spark.conf knows spark.databricks.workspaceUrl (this workspace's host); give a default for other keys"))),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `spark.read`, with the format and options set so far.
#[derive(Debug, Default, Clone)]
pub struct ReaderObj {
    format: Option<String>,
    options: Vec<(String, Value)>,
}

impl ReaderObj {
    fn option(&self, key: &str) -> Option<&Value> {
        self.options
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    }
}

impl Object for ReaderObj {
    fn type_name(&self) -> &str {
        "DataFrameReader"
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "table" | "csv" | "format" | "option" | "options" | "load" | "json" | "parquet"
        )
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        let mut next = self.as_ref().clone();
        match name {
            "table" => {
                let b = Sig { name: "DataFrameReader.table", params: &["tableName"], is_method: true, display: "DataFrameReader.table(tableName: str)" }.bind(args)?;
                let name = b.value("tableName").to_str();
                let version = time_travel(interp, &name, &next)?;
                table_as_of(interp, &name, version)
            }
            "format" => {
                next.format = Some(args.positional.first().map(Value::to_str).unwrap_or_default().to_lowercase());
                Ok(Value::object(next))
            }
            "option" => {
                let [k, v] = args.positional.as_slice() else {
                    return Err(type_error("DataFrameReader.option() takes 2 positional arguments: key and value"));
                };
                next.options.push((k.to_str(), v.clone()));
                Ok(Value::object(next))
            }
            "options" => {
                next.options.extend(args.keywords);
                Ok(Value::object(next))
            }
            "csv" | "load" => {
                let mut path = None;
                for (i, v) in args.positional.iter().enumerate() {
                    if i == 0 { path = Some(v.to_str()); } else {
                        return Err(type_error(format!("DataFrameReader.{name}() takes 1 positional argument (path); give options as keywords")));
                    }
                }
                for (k, v) in args.keywords {
                    if k == "path" { path = Some(v.to_str()); } else { next.options.push((k, v)); }
                }
                let format = if name == "csv" { "csv".to_string() } else { next.format.clone().unwrap_or_else(|| "delta".into()) };
                if format != "csv" {
                    return Err(PyErr::new(ExcType::NotImplementedError, format!("reading the {format} format is not available in Lakelab yet; CSV files (spark.read.csv(path, header=True, inferSchema=True)) are")));
                }
                let path = path.ok_or_else(|| type_error("DataFrameReader.load() needs a path"))?;
                let sep = next.option("sep").or(next.option("delimiter")).map(Value::to_str).and_then(|s| s.chars().next()).unwrap_or(',');
                read_csv(interp, &path, truthy_option(next.option("header")), truthy_option(next.option("inferSchema")), sep)
            }
            other => Err(PyErr::new(ExcType::NotImplementedError, format!("spark.read.{other}() is not available in Lakelab yet; CSV files (spark.read.csv) are"))),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `df.write`: chains `mode`, `format`, `option`; saving arrives with catalog tables.
#[derive(Debug)]
pub struct WriterObj;

impl Object for WriterObj {
    fn type_name(&self) -> &str {
        "DataFrameWriter"
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "mode"
                | "format"
                | "option"
                | "options"
                | "partitionBy"
                | "saveAsTable"
                | "save"
                | "insertInto"
                | "csv"
        )
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, _: Args) -> Result<Value, PyErr> {
        match name {
            "mode" | "format" | "option" | "options" | "partitionBy" => Ok(Value::Object(self)),
            other => Err(PyErr::new(
                ExcType::NotImplementedError,
                format!("df.write.{other}() is not available in Lakelab yet: saved tables arrive with the Unity Catalog tables engine; use df.createOrReplaceTempView(name) within a notebook, or df.toPandas().to_csv(path) for a file"),
            )),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
