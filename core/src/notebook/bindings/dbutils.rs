//! `dbutils.fs`: `ls`, `head`, `put`, `rm`, `mkdirs`, `cp` over the notebook file system.
//!
//! Paths as Databricks reads them: `dbfs:/x` and `/x` are DBFS (`/dbfs/x` locally),
//! `/Volumes/...` is a volume, `file:/x` is the driver's local disk.

use std::any::Any;

use super::files::file_error;
use crate::files::FileError;
use crate::notebook::call::Sig;
use crate::notebook::error::{ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::{Args, NativeFn, Object, Value};

/// The local path of a `dbutils.fs` path.
pub fn local(path: &str) -> String {
    if let Some(rest) = path.strip_prefix("file:") {
        return rest.to_string();
    }
    let p = path.strip_prefix("dbfs:").unwrap_or(path);
    if p.starts_with("/Volumes/") || p.starts_with("/dbfs/") {
        p.to_string()
    } else {
        format!("/dbfs/{}", p.trim_start_matches('/'))
    }
}

/// The `dbfs:/…` form of a local path (volumes keep their path).
pub fn shown(local: &str) -> String {
    match local.strip_prefix("/dbfs/") {
        Some(rest) => format!("dbfs:/{rest}"),
        None => local.to_string(),
    }
}

/// `FileInfo(path, name, size, modificationTime)` of `dbutils.fs.ls`.
#[derive(Debug)]
struct FsInfo {
    path: String,
    name: String,
    size: i64,
}

impl Object for FsInfo {
    fn type_name(&self) -> &str {
        "FileInfo"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(match name {
            "path" => Value::str(self.path.as_str()),
            "name" => Value::str(self.name.as_str()),
            "size" => Value::Int(self.size),
            "modificationTime" => Value::Int(0),
            _ => return None,
        })
    }
    fn repr(&self) -> String {
        format!(
            "FileInfo(path='{}', name='{}', size={}, modificationTime=0)",
            self.path, self.name, self.size
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn exception(message: String) -> PyErr {
    // dbutils surfaces JVM errors; the Python type is a plain exception with their text.
    PyErr::new(ExcType::Exception, message)
}

fn one_path(
    args: Args,
    name: &'static str,
    params: &'static [&'static str],
    display: &'static str,
) -> Result<(String, crate::notebook::call::Bound), PyErr> {
    let b = Sig {
        name,
        params,
        is_method: false,
        display,
    }
    .bind(args)?;
    let p = b.value(params[0].trim_end_matches('=')).to_str();
    Ok((p, b))
}

fn ls(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let (path, _) = one_path(
        args,
        "ls",
        &["dir"],
        "dbutils.fs.ls(dir: str) -> list[FileInfo]",
    )?;
    let dir = local(&path);
    if let Some(names) = crate::datasets::list(&interp.session.datasets, &dir) {
        let base = dir.trim_end_matches('/').to_string();
        return Ok(Value::list(
            names
                .into_iter()
                .map(|name| {
                    let full = format!("{base}/{}", name.trim_end_matches('/'));
                    let size = interp.read_file(&full).map_or(0, |b| b.len() as i64);
                    let path = if name.ends_with('/') {
                        format!("{}/", shown(&full))
                    } else {
                        shown(&full)
                    };
                    Value::object(FsInfo { path, name, size })
                })
                .collect(),
        ));
    }
    let names = interp.ws.files.list(&dir).map_err(|_| {
        exception(format!(
            "java.io.FileNotFoundException: File {path} does not exist."
        ))
    })?;
    let base = dir.trim_end_matches('/').to_string();
    Ok(Value::list(
        names
            .into_iter()
            .map(|name| {
                let full = format!("{base}/{name}");
                let is_dir = interp.ws.files.is_dir(&full);
                let size = interp.ws.files.read(&full).map_or(0, |b| b.len() as i64);
                let (path, name) = if is_dir {
                    (format!("{}/", shown(&full)), format!("{name}/"))
                } else {
                    (shown(&full), name)
                };
                Value::object(FsInfo { path, name, size })
            })
            .collect(),
    ))
}

fn head(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let (path, b) = one_path(
        args,
        "head",
        &["file", "maxBytes="],
        "dbutils.fs.head(file: str, maxBytes: int = 65536) -> str",
    )?;
    let max = b
        .get("maxBytes")
        .and_then(Value::as_int)
        .unwrap_or(65_536)
        .max(0) as usize;
    let bytes = interp.read_file(&local(&path)).map_err(file_error)?;
    Ok(Value::str(
        String::from_utf8_lossy(&bytes[..bytes.len().min(max)]).into_owned(),
    ))
}

fn put(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let (path, b) = one_path(
        args,
        "put",
        &["file", "contents", "overwrite="],
        "dbutils.fs.put(file: str, contents: str, overwrite: bool = False) -> bool",
    )?;
    let target = local(&path);
    if interp.ws.files.read(&target).is_ok() && !b.get("overwrite").is_some_and(Value::truthy) {
        return Err(exception(format!(
            "java.io.FileAlreadyExistsException: {path} already exists; use overwrite=True"
        )));
    }
    let contents = b.value("contents").to_str();
    interp
        .ws
        .files
        .write(&target, contents.into_bytes())
        .map_err(file_error)?;
    Ok(Value::Bool(true))
}

fn rm(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let (path, b) = one_path(
        args,
        "rm",
        &["dir", "recurse="],
        "dbutils.fs.rm(dir: str, recurse: bool = False) -> bool",
    )?;
    let target = local(&path);
    if interp.ws.files.is_dir(&target) {
        if !b.get("recurse").is_some_and(Value::truthy) {
            return Err(exception(format!(
                "java.io.IOException: {path} is a directory; use recurse=True"
            )));
        }
        for f in interp.ws.files.walk(&target) {
            interp.ws.files.remove(&f).map_err(file_error)?;
        }
        return Ok(Value::Bool(true));
    }
    match interp.ws.files.remove(&target) {
        Ok(()) => Ok(Value::Bool(true)),
        Err(FileError::NotFound(_)) => Ok(Value::Bool(false)),
        Err(e) => Err(file_error(e)),
    }
}

fn mkdirs(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    one_path(
        args,
        "mkdirs",
        &["dir"],
        "dbutils.fs.mkdirs(dir: str) -> bool",
    )?;
    // Directories exist implicitly in Lakelab's file system.
    Ok(Value::Bool(true))
}

fn cp(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let (from, b) = one_path(
        args,
        "cp",
        &["from_", "to", "recurse="],
        "dbutils.fs.cp(from_: str, to: str, recurse: bool = False) -> bool",
    )?;
    let (src, dst) = (local(&from), local(&b.value("to").to_str()));
    if interp.ws.files.is_dir(&src) {
        if !b.get("recurse").is_some_and(Value::truthy) {
            return Err(exception(format!(
                "java.io.IOException: {from} is a directory; use recurse=True"
            )));
        }
        for f in interp.ws.files.walk(&src) {
            let bytes = interp.ws.files.read(&f).map_err(file_error)?.to_vec();
            let rel = &f[src.trim_end_matches('/').len()..];
            interp
                .ws
                .files
                .write(&format!("{}{rel}", dst.trim_end_matches('/')), bytes)
                .map_err(file_error)?;
        }
    } else {
        let bytes = interp.ws.files.read(&src).map_err(file_error)?.to_vec();
        interp.ws.files.write(&dst, bytes).map_err(file_error)?;
    }
    Ok(Value::Bool(true))
}

/// The `dbutils` global: `dbutils.fs.*`.
pub fn value() -> Value {
    let fns: &[(&'static str, NativeFn)] = &[
        ("ls", ls),
        ("head", head),
        ("put", put),
        ("rm", rm),
        ("mkdirs", mkdirs),
        ("cp", cp),
    ];
    let fs = module(
        "dbutils.fs",
        fns.iter()
            .map(|(n, f)| (*n, Value::Native(n, *f)))
            .collect(),
    );
    let data = module(
        "dbutils.data",
        vec![("summarize", Value::Native("summarize", summarize))],
    );
    module("dbutils", vec![("fs", fs), ("data", data)])
}

/// `dbutils.data.summarize(df, precise=False)`: the data profile as text (Databricks shows
/// it as an interactive table; see `ml::explore` for what it holds).
fn summarize(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = crate::notebook::call::Sig {
        name: "summarize",
        params: &["df", "precise="],
        is_method: false,
        display: "dbutils.data.summarize(df, precise=False)",
    }
    .bind(args)?;
    let df = b.value("df");
    let table = match super::spark::dataframe::SparkFrame::of(&df) {
        Some(t) => (*t).clone(),
        None => match &df {
            Value::Object(o) => o
                .as_any()
                .downcast_ref::<super::pandas::frame::PandasFrame>()
                .map(|f| f.table())
                .ok_or_else(|| {
                    crate::notebook::error::type_error(
                        "dbutils.data.summarize takes a Spark or pandas DataFrame",
                    )
                })?,
            _ => {
                return Err(crate::notebook::error::type_error(
                    "dbutils.data.summarize takes a Spark or pandas DataFrame",
                ))
            }
        },
    };
    let summary = crate::ml::explore::summarize(&table, None);
    interp.print(&crate::ml::explore::render(&summary));
    Ok(Value::None)
}
