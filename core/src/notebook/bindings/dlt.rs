//! Delta Live Tables in cells, in its simplest form (`docs/reference/serving.md` §8):
//! `import dlt` (or its new name, `from pyspark import pipelines as dp`), `@dlt.table` on a
//! function returning a DataFrame, `dlt.read_stream(name)` / `spark.readStream.table(name)` for
//! the streaming read and `dlt.read(name)` for a batch read.
//!
//! Where the code runs:
//! - **In a notebook cell** the decorator only records the dataset, as a DLT notebook attached to
//!   an ordinary cluster defines nothing: a pipeline populates it. The cell says so and where to
//!   create the pipeline (Lakelab's wording; Databricks' message could not be verified). A
//!   streaming read outside a pipeline raises `RuntimeError` saying the same.
//! - **In a pipeline update** ([`crate::streaming::code`]) the notebook runs with a
//!   [`PipelineRun`]: unqualified names resolve in the pipeline's target `catalog.schema` (DLT's
//!   default publishing mode), and the streaming read returns the micro-batch's rows.
//!
//! What is left out, each an honest `NotImplementedError`: expectations (`@dlt.expect…`),
//! views, `create_streaming_table`, `apply_changes` and flows; a pipeline runs one streaming
//! table reading one source. The decorator's `spark_conf` and `table_properties` are accepted
//! and not applied; `path`, `partition_cols`, `schema`, `cluster_by` and `row_filter` are refused.

use std::any::Any;
use std::rc::Rc;

use crate::catalog::names::FullName;
use crate::notebook::call::Sig;
use crate::notebook::error::{not_implemented, type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::{Args, Object, Value};
use crate::table::Table;

use super::spark::dataframe::SparkFrame;

/// One `@dlt.table` function.
#[derive(Debug, Clone)]
pub struct Definition {
    /// `name=`, else the function's name (may be qualified).
    pub name: String,
    pub comment: Option<String>,
    pub function: Value,
}

/// A pipeline update running the notebook: where names resolve and what a stream returns.
#[derive(Debug, Clone)]
pub struct PipelineRun {
    pub catalog: String,
    pub schema: String,
    /// The micro-batch: the source's full name and the rows a streaming read of it returns.
    /// `None` while the pipeline is set up: a streaming read then returns the source's columns
    /// with no rows, so the dataset's columns are known before any batch.
    pub batch: Option<(String, Rc<Table>)>,
    /// The tables read as streams so far (full names).
    pub streams_read: Vec<String>,
}

/// The notebook session's DLT state.
#[derive(Debug, Clone, Default)]
pub struct DltState {
    /// Datasets defined so far, in definition order (a name defined again replaces itself).
    pub definitions: Vec<Definition>,
    pub run: Option<PipelineRun>,
}

const NOT_IN_PIPELINE: &str = "reads a stream only inside a pipeline update";

/// Where a notebook's DLT code runs: the Serving page's pipeline form, with the notebook as
/// its source code.
pub const PIPELINE_HINT: &str = "Create a pipeline with this notebook as its source code (Serving page → Streaming inference → Source code: A notebook's @dlt.table function) and step it to populate the table.";

/// `dlt` and `pyspark.pipelines`.
pub fn import(name: &str) -> Option<Value> {
    let m = |name: &str, reads: bool| {
        let mut attrs: Vec<(&str, Value)> = vec![
            ("table", Value::Native("table", table)),
            ("view", Value::Native("view", refuse_view)),
            ("expect", Value::Native("expect", refuse_expect)),
            (
                "expect_or_drop",
                Value::Native("expect_or_drop", refuse_expect),
            ),
            (
                "expect_or_fail",
                Value::Native("expect_or_fail", refuse_expect),
            ),
            ("expect_all", Value::Native("expect_all", refuse_expect)),
            (
                "expect_all_or_drop",
                Value::Native("expect_all_or_drop", refuse_expect),
            ),
            (
                "expect_all_or_fail",
                Value::Native("expect_all_or_fail", refuse_expect),
            ),
            (
                "create_streaming_table",
                Value::Native("create_streaming_table", refuse_flow),
            ),
            ("apply_changes", Value::Native("apply_changes", refuse_flow)),
            ("append_flow", Value::Native("append_flow", refuse_flow)),
        ];
        if reads {
            attrs.push(("read_stream", Value::Native("read_stream", read_stream)));
            attrs.push(("read", Value::Native("read", read)));
        }
        module(name, attrs)
    };
    Some(match name {
        "dlt" => m("dlt", true),
        "pyspark.pipelines" => m("pyspark.pipelines", false),
        _ => return None,
    })
}

fn refuse_view(_: &mut Interp, _: Args) -> Result<Value, PyErr> {
    Err(not_implemented(
        "@dlt.view is not supported in Lakelab's pipelines: define the dataset with @dlt.table",
    ))
}

fn refuse_expect(_: &mut Interp, _: Args) -> Result<Value, PyErr> {
    Err(not_implemented(
        "DLT expectations (@dlt.expect…) are not supported in Lakelab's pipelines: filter the rows in the table function instead",
    ))
}

fn refuse_flow(_: &mut Interp, _: Args) -> Result<Value, PyErr> {
    Err(not_implemented(
        "Lakelab's pipelines run one @dlt.table streaming table; create_streaming_table, apply_changes and flows are not supported",
    ))
}

const TABLE_SIG: Sig = Sig {
    name: "table",
    params: &[
        "query=",
        "*",
        "name=",
        "comment=",
        "spark_conf=",
        "table_properties=",
        "path=",
        "partition_cols=",
        "cluster_by=",
        "schema=",
        "temporary=",
        "row_filter=",
        "private=",
    ],
    is_method: false,
    display: "dlt.table(query=None, *, name=None, comment=None, spark_conf=None, table_properties=None, path=None, partition_cols=None, cluster_by=None, schema=None, temporary=False, row_filter=None)",
};

/// `@dlt.table` and `@dlt.table(name=..., comment=...)`.
fn table(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = TABLE_SIG.bind(args)?;
    for refused in [
        "path",
        "partition_cols",
        "cluster_by",
        "schema",
        "row_filter",
    ] {
        if b.get(refused).is_some() {
            return Err(not_implemented(format!(
                "dlt.table({refused}=...) is not supported in Lakelab's pipelines"
            )));
        }
    }
    let opt_str = |name: &str| -> Result<Option<String>, PyErr> {
        match b.get(name) {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s.to_string())),
            Some(other) => Err(type_error(format!(
                "dlt.table({name}=...) takes a string, got {}",
                other.type_name()
            ))),
        }
    };
    let decorator = Rc::new(TableDecorator {
        name: opt_str("name")?,
        comment: opt_str("comment")?,
    });
    match b.get("query") {
        Some(function) => decorator.apply(interp, function.clone()),
        None => Ok(Value::Object(decorator)),
    }
}

/// What `@dlt.table(...)` returns: applied to the function, it records the dataset.
#[derive(Debug)]
struct TableDecorator {
    name: Option<String>,
    comment: Option<String>,
}

impl TableDecorator {
    fn apply(&self, interp: &mut Interp, function: Value) -> Result<Value, PyErr> {
        let Value::Function(f) = &function else {
            return Err(type_error(format!(
                "@dlt.table decorates a function returning a DataFrame, not {}",
                function.type_name()
            )));
        };
        let name = self.name.clone().unwrap_or_else(|| f.name.clone());
        let state = &mut interp.session.dlt;
        state.definitions.retain(|d| d.name != name);
        state.definitions.push(Definition {
            name: name.clone(),
            comment: self.comment.clone(),
            function: function.clone(),
        });
        if state.run.is_none() {
            interp.print(&format!(
                "Defined the pipeline dataset '{name}'. It is populated when a pipeline runs this notebook: {PIPELINE_HINT}\n"
            ));
        }
        Ok(function)
    }
}

impl Object for TableDecorator {
    fn type_name(&self) -> &str {
        "function"
    }
    fn call(self: Rc<Self>, interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
        match (args.positional.as_slice(), args.keywords.is_empty()) {
            ([f], true) => self.apply(interp, f.clone()),
            _ => Err(type_error(
                "the decorator @dlt.table(...) takes the function it decorates",
            )),
        }
    }
    fn repr(&self) -> String {
        "<function dlt.table.<locals>.decorator>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A dataset or table name resolved in the pipeline's target: `t` → `catalog.schema.t`,
/// `s.t` → `catalog.s.t`.
pub fn resolve(run: &PipelineRun, name: &str) -> Result<String, PyErr> {
    let parts = crate::catalog::names::parse(name, 3, "table")
        .or_else(|_| crate::catalog::names::parse(name, 2, "table"))
        .or_else(|_| crate::catalog::names::parse(name, 1, "table"))
        .map_err(|e| PyErr::new(ExcType::AnalysisException, e.0))?;
    let full = match parts.as_slice() {
        [t] => format!("{}.{}.{t}", run.catalog, run.schema),
        [s, t] => format!("{}.{s}.{t}", run.catalog),
        _ => name.trim().to_string(),
    };
    FullName::parse(&full, "table")
        .map(|n| n.to_string())
        .map_err(|e| PyErr::new(ExcType::AnalysisException, e.0))
}

fn name_arg(args: Args, func: &'static str, display: &'static str) -> Result<String, PyErr> {
    let b = Sig {
        name: func,
        params: &["name"],
        is_method: false,
        display,
    }
    .bind(args)?;
    match b.value("name") {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(type_error(format!(
            "{func}() takes a table name, got {}",
            other.type_name()
        ))),
    }
}

/// `dlt.read_stream(name)`.
fn read_stream(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let name = name_arg(args, "read_stream", "dlt.read_stream(name: str)")?;
    stream(interp, &name, "dlt.read_stream()")
}

/// `dlt.read(name)`: the whole table, as a batch read.
fn read(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let name = name_arg(args, "read", "dlt.read(name: str)")?;
    let full = match &interp.session.dlt.run {
        Some(run) => resolve(run, &name)?,
        None => name,
    };
    super::spark::session::table_by_name(interp, &full)
}

/// A streaming read of `name` (`dlt.read_stream`, `spark.readStream.table`): the micro-batch
/// inside a pipeline update; outside one, an error saying where it runs.
pub fn stream(interp: &mut Interp, name: &str, call: &str) -> Result<Value, PyErr> {
    let Some(run) = interp.session.dlt.run.clone() else {
        return Err(PyErr::new(
            ExcType::RuntimeError,
            format!("{call} {NOT_IN_PIPELINE}: Lakelab does not run Structured Streaming queries in cells."),
        )
        .with_note(PIPELINE_HINT));
    };
    let full = resolve(&run, name)?;
    if let Some(first) = run.streams_read.iter().find(|s| **s != full) {
        return Err(not_implemented(format!(
            "this pipeline already streams from {first}; Lakelab's pipelines read one streaming source"
        )));
    }
    if let Some(r) = interp.session.dlt.run.as_mut() {
        if !r.streams_read.contains(&full) {
            r.streams_read.push(full.clone());
        }
    }
    match &run.batch {
        Some((source, rows)) if *source == full => Ok(Value::object(SparkFrame {
            table: rows.clone(),
        })),
        Some((source, _)) => Err(PyErr::new(
            ExcType::AnalysisException,
            format!("the pipeline was set up streaming from {source}, but the code now reads {full}: create the pipeline again to change its source"),
        )),
        None => {
            let table = super::spark::session::table_by_name(interp, &full)?;
            let t = SparkFrame::of(&table)
                .ok_or_else(|| type_error(format!("{full} did not read as a DataFrame")))?;
            Ok(SparkFrame::value(t.slice(0, 0)))
        }
    }
}

/// `spark.readStream`: `.table(name)` only.
#[derive(Debug)]
pub struct StreamReader;

impl Object for StreamReader {
    fn type_name(&self) -> &str {
        "DataStreamReader"
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "table" | "format" | "load" | "option" | "options")
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        match name {
            "table" => {
                let table = name_arg(
                    args,
                    "DataStreamReader.table",
                    "DataStreamReader.table(tableName: str)",
                )?;
                stream(interp, &table, "spark.readStream.table()")
            }
            other => Err(not_implemented(format!(
                "spark.readStream.{other}() is not supported in Lakelab: stream from a Unity Catalog table with spark.readStream.table(name)"
            ))),
        }
    }
    fn repr(&self) -> String {
        "<pyspark.sql.streaming.readwriter.DataStreamReader object>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
