//! A pipeline whose source code is a notebook: its `@dlt.table` function is the streaming
//! table (see [`crate::notebook::bindings::dlt`] for the Python side).
//!
//! How it runs, and where that differs from Databricks:
//! - **Setup** (at create): the notebook runs once with a streaming read that returns the
//!   source's columns and no rows, which finds the dataset, its source and its columns; the
//!   output table is created with those columns.
//! - **Updates** take a copy of the notebook's code when they start, so edits reach the
//!   pipeline at its next update, as in DLT.
//! - **Each micro-batch** runs that code again in a fresh notebook session, then calls the
//!   table function with the streaming read bound to the batch's rows. Only the function call
//!   and the write are timed. Databricks runs the notebook once per update; Lakelab runs it per
//!   batch because a live interpreter session cannot be kept in the saved workspace. DLT code
//!   must have no side effects, and code that has some (logging a run, writing a file) repeats
//!   them per batch here.
//! - **Markdown and magic cells** (`%md`, `%pip`, …) are skipped, as DLT does (a `%python`
//!   cell is Python and runs); a pipeline runs one streaming table reading one source.

use std::rc::Rc;

use super::error::StreamingError;
use crate::catalog::names::FullName;
use crate::notebook::bindings::dlt::{resolve, PipelineRun};
use crate::notebook::bindings::spark::dataframe::SparkFrame;
use crate::notebook::{run_script, Env, Session};
use crate::table::Table;
use crate::Workspace;

/// The reserved names the driver uses.
const FUNCTION: &str = "__lakelab_dlt_dataset__";
const OUTPUT: &str = "__lakelab_dlt_output__";

/// The notebook's Python, cells joined in order (Markdown and magic cells skipped).
pub fn notebook_code(ws: &Workspace, notebook_id: &str) -> Result<String, StreamingError> {
    let notebook = ws
        .notebooks
        .iter()
        .find(|n| n.id == notebook_id)
        .ok_or_else(|| {
            StreamingError::Code(format!(
                "the pipeline's notebook (id {notebook_id}) no longer exists"
            ))
        })?;
    let cells: Vec<&str> = notebook
        .cells
        .iter()
        .filter_map(|c| {
            let text = c.source.trim_start();
            match text.strip_prefix("%python") {
                // `%python` in a Python notebook is Python: keep what follows the magic line.
                Some(rest) if rest.is_empty() || rest.starts_with(['\n', '\r', ' ']) => {
                    Some(rest.split_once('\n').map_or("", |(_, body)| body))
                }
                _ if text.starts_with('%') => None,
                _ => Some(c.source.as_str()),
            }
        })
        .collect();
    Ok(cells.join("\n"))
}

/// The target `catalog.schema`, checked.
pub fn target(text: &str) -> Result<(String, String), StreamingError> {
    let parts = crate::catalog::names::parse(text, 2, "schema").map_err(|e| {
        StreamingError::Output(format!(
            "{} The target is the catalog.schema the pipeline publishes to.",
            e.0
        ))
    })?;
    match parts.as_slice() {
        [c, s] => Ok((c.clone(), s.clone())),
        _ => Err(StreamingError::Output(format!(
            "'{text}' is not catalog.schema"
        ))),
    }
}

/// What one run of the code produced.
#[derive(Debug)]
pub struct Produced {
    /// The dataset's full name (the output table).
    pub output: FullName,
    pub comment: Option<String>,
    /// The table read as a stream.
    pub source: FullName,
    /// The rows the function returned.
    pub rows: Table,
    /// Milliseconds the function call took, by the clock passed in.
    pub call_ms: f64,
}

/// Runs `code` as a pipeline update does: with `batch` as the streaming read's rows (`None`
/// while setting up: the source's columns and no rows).
pub fn run(
    ws: &mut Workspace,
    code: &str,
    (catalog, schema): (&str, &str),
    batch: Option<(String, Rc<Table>)>,
    user: &str,
    now: i64,
    clock: &mut dyn FnMut() -> f64,
) -> Result<Produced, StreamingError> {
    let failed = |e: Box<(crate::notebook::error::PyErr, String)>| {
        StreamingError::Code(format!("the notebook failed:\n{}", e.1.trim_end()))
    };
    let mut session = Session::new(0);
    session.dlt.run = Some(PipelineRun {
        catalog: catalog.to_string(),
        schema: schema.to_string(),
        batch,
        streams_read: Vec::new(),
    });
    let mut time = || now;
    let env = Env {
        clock: &mut time,
        user: user.to_string(),
        file_name: "<pipeline notebook>".into(),
    };
    run_script(ws, &mut session, env, code).map_err(failed)?;
    let definition = match session.dlt.definitions.as_slice() {
        [] => {
            return Err(StreamingError::Code(
                "the notebook defines no dataset: decorate a function returning a DataFrame with @dlt.table".into(),
            ))
        }
        [one] => one.clone(),
        many => {
            let names: Vec<&str> = many.iter().map(|d| d.name.as_str()).collect();
            return Err(StreamingError::Code(format!(
                "the notebook defines {} datasets ({}); a Lakelab pipeline runs one streaming table",
                many.len(),
                names.join(", ")
            )));
        }
    };
    let Some(run) = session.dlt.run.clone() else {
        return Err(StreamingError::Code("the pipeline context was lost".into()));
    };
    let output = resolve(&run, &definition.name)
        .ok()
        .and_then(|n| FullName::parse(&n, "table").ok())
        .ok_or_else(|| {
            StreamingError::Output(format!(
                "'{}' is not a valid table name for the dataset",
                definition.name
            ))
        })?;
    session
        .globals
        .insert(FUNCTION.into(), definition.function.clone());
    let driver = format!("{OUTPUT} = {FUNCTION}()\n");
    let mut time = || now;
    let env = Env {
        clock: &mut time,
        user: user.to_string(),
        file_name: "<pipeline notebook>".into(),
    };
    let started = clock();
    run_script(ws, &mut session, env, &driver).map_err(failed)?;
    let call_ms = clock() - started;
    let returned = session.globals.get(OUTPUT).cloned();
    let rows = returned.as_ref().and_then(SparkFrame::of).ok_or_else(|| {
        StreamingError::Code(format!(
            "the @dlt.table function {}() must return a Spark DataFrame, not {}",
            definition.name,
            returned.map_or("nothing".into(), |v| v.type_name())
        ))
    })?;
    let streams = session.dlt.run.map(|r| r.streams_read).unwrap_or_default();
    let source = match streams.as_slice() {
        [one] => FullName::parse(one, "table").map_err(|e| StreamingError::Source(e.0))?,
        _ => {
            return Err(StreamingError::Code(format!(
                "{}() reads no stream: a streaming table reads its source with dlt.read_stream(name) or spark.readStream.table(name) (Lakelab's pipelines run streaming tables only)",
                definition.name
            )))
        }
    };
    Ok(Produced {
        output,
        comment: definition.comment,
        source,
        rows: (*rows).clone(),
        call_ms,
    })
}
