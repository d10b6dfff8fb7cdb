//! Files in cells: `open(...)` (text modes), the `os` / `os.path` functions people use, over
//! the workspace's virtual file system (`crate::files`).

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use crate::files::{resolve, FileError, CWD};
use crate::notebook::call::Sig;
use crate::notebook::error::{not_implemented, type_error, value_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::{Args, NativeFn, Object, Value};

pub fn file_error(e: FileError) -> PyErr {
    let kind = match e {
        FileError::NotFound(_) => ExcType::FileNotFoundError,
        FileError::IsADirectory(_) | FileError::NotADirectory(_) | FileError::TooLarge(_) => {
            ExcType::OsError
        }
    };
    PyErr::new(kind, e.message())
}

/// An open text file. Writes go to the workspace at once (no data is lost if a cell forgets
/// `close()`).
#[derive(Debug)]
pub struct FileObj {
    path: String,
    mode: char,
    state: RefCell<FileState>,
}

#[derive(Debug)]
struct FileState {
    text: String,
    /// Read position (in bytes of `text`).
    pos: usize,
    closed: bool,
}

/// `open(file, mode='r', encoding=None, newline=None)`.
pub fn open(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "open",
        params: &[
            "file",
            "mode=",
            "buffering=",
            "encoding=",
            "errors=",
            "newline=",
        ],
        is_method: false,
        display: "open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None)",
    }
    .bind(args)?;
    let path = match b.value("file") {
        Value::Str(s) => s.to_string(),
        other => {
            return Err(type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                other.type_name()
            )))
        }
    };
    let mode = b
        .get("mode")
        .map(Value::to_str)
        .unwrap_or_else(|| "r".into());
    if mode.contains('b') {
        return Err(not_implemented(
            "binary file modes ('rb', 'wb') are not supported in Lakelab's notebooks; use text",
        ));
    }
    let kind = match mode.trim_end_matches('t').trim_end_matches('+') {
        "r" => 'r',
        "w" => 'w',
        "a" => 'a',
        "x" => 'x',
        other => return Err(value_error(format!("invalid mode: '{other}'"))),
    };
    if kind != 'r' && path.starts_with(crate::datasets::MOUNT) {
        return Err(PyErr::new(
            ExcType::OsError,
            format!("[Errno 30] Read-only file system: '{path}'"),
        ));
    }
    let text = match kind {
        'r' | 'a' => match interp.read_file(&path) {
            Ok(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            Err(FileError::NotFound(_)) if kind == 'a' => String::new(),
            Err(e) => return Err(file_error(e)),
        },
        'x' if interp.ws.files.exists(&path) => {
            return Err(PyErr::new(
                ExcType::FileExistsError,
                format!("[Errno 17] File exists: '{path}'"),
            ))
        }
        _ => String::new(),
    };
    if kind != 'r' {
        interp
            .ws
            .files
            .write(&path, text.clone().into_bytes())
            .map_err(file_error)?;
    }
    Ok(Value::object(FileObj {
        path,
        mode: if kind == 'x' { 'w' } else { kind },
        state: RefCell::new(FileState {
            text,
            pos: 0,
            closed: false,
        }),
    }))
}

impl FileObj {
    fn check_open(&self) -> Result<(), PyErr> {
        if self.state.borrow().closed {
            return Err(value_error("I/O operation on closed file."));
        }
        Ok(())
    }
}

impl Object for FileObj {
    fn type_name(&self) -> &str {
        "TextIOWrapper"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(match name {
            "name" => Value::str(self.path.as_str()),
            "mode" => Value::str(self.mode.to_string()),
            "closed" => Value::Bool(self.state.borrow().closed),
            _ => return None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "read" | "readline" | "readlines" | "write" | "writelines" | "close"
        )
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        self.check_open()?;
        match name {
            "close" => {
                self.state.borrow_mut().closed = true;
                Ok(Value::None)
            }
            "read" | "readline" | "readlines" => {
                if self.mode != 'r' {
                    return Err(PyErr::new(ExcType::OsError, "not readable"));
                }
                let mut st = self.state.borrow_mut();
                let rest = st.text[st.pos..].to_string();
                Ok(match name {
                    "read" => {
                        st.pos = st.text.len();
                        Value::str(rest)
                    }
                    "readline" => {
                        let line = match rest.find('\n') {
                            Some(i) => &rest[..=i],
                            None => &rest,
                        };
                        st.pos += line.len();
                        Value::str(line)
                    }
                    _ => {
                        st.pos = st.text.len();
                        Value::list(rest.split_inclusive('\n').map(Value::str).collect())
                    }
                })
            }
            "write" | "writelines" => {
                if self.mode == 'r' {
                    return Err(PyErr::new(ExcType::OsError, "not writable"));
                }
                let pieces: Vec<Value> = match (name, args.positional.first()) {
                    ("write", Some(v)) => vec![v.clone()],
                    ("writelines", Some(v)) => v.iter_items().unwrap_or_default(),
                    _ => {
                        return Err(type_error(format!(
                            "{name}() takes exactly one argument (0 given)"
                        )))
                    }
                };
                let mut written = 0;
                for p in pieces {
                    let Value::Str(s) = p else {
                        return Err(type_error(format!(
                            "write() argument must be str, not {}",
                            p.type_name()
                        )));
                    };
                    written += s.chars().count();
                    self.state.borrow_mut().text.push_str(&s);
                }
                let text = self.state.borrow().text.clone();
                interp
                    .ws
                    .files
                    .write(&self.path, text.into_bytes())
                    .map_err(file_error)?;
                Ok(if name == "write" {
                    Value::Int(written as i64)
                } else {
                    Value::None
                })
            }
            other => Err(crate::notebook::error::attribute_error(
                "TextIOWrapper",
                other,
            )),
        }
    }
    fn enter(self: Rc<Self>, _: &mut Interp) -> Option<Result<Value, PyErr>> {
        Some(Ok(Value::Object(self)))
    }
    fn exit(&self, _: &mut Interp, _raised: bool) -> Result<(), PyErr> {
        self.state.borrow_mut().closed = true;
        Ok(())
    }
    fn items(&self) -> Option<Vec<Value>> {
        let st = self.state.borrow();
        Some(
            st.text[st.pos..]
                .split_inclusive('\n')
                .map(Value::str)
                .collect(),
        )
    }
    fn repr(&self) -> String {
        format!(
            "<_io.TextIOWrapper name='{}' mode='{}'>",
            self.path, self.mode
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn path_arg(args: &Args, func: &str) -> Result<String, PyErr> {
    match args.positional.first() {
        Some(Value::Str(s)) => Ok(s.to_string()),
        Some(other) => Err(type_error(format!(
            "{func}: path should be string, not {}",
            other.type_name()
        ))),
        None => Err(type_error(format!(
            "{func}() missing required argument 'path'"
        ))),
    }
}

fn exists(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Ok(Value::Bool(
        interp.ws.files.exists(&path_arg(&args, "exists")?),
    ))
}

fn isdir(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Ok(Value::Bool(
        interp.ws.files.is_dir(&path_arg(&args, "isdir")?),
    ))
}

fn isfile(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let p = path_arg(&args, "isfile")?;
    Ok(Value::Bool(interp.read_file(&p).is_ok()))
}

fn join(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let mut out = String::new();
    for part in &args.positional {
        let Value::Str(s) = part else {
            return Err(type_error(format!(
                "join() argument must be str, not '{}'",
                part.type_name()
            )));
        };
        if s.starts_with('/') || out.is_empty() {
            out = s.to_string();
        } else if out.ends_with('/') {
            out.push_str(s);
        } else {
            out.push('/');
            out.push_str(s);
        }
    }
    Ok(Value::str(out))
}

fn basename(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let p = path_arg(&args, "basename")?;
    Ok(Value::str(p.rsplit('/').next().unwrap_or("")))
}

fn dirname(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let p = path_arg(&args, "dirname")?;
    Ok(Value::str(p.rsplit_once('/').map_or("", |(d, _)| {
        if d.is_empty() {
            "/"
        } else {
            d
        }
    })))
}

fn abspath(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Ok(Value::str(resolve(&path_arg(&args, "abspath")?)))
}

fn listdir(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let p = match args.positional.first() {
        None => CWD.to_string(),
        Some(_) => path_arg(&args, "listdir")?,
    };
    let names = interp.ws.files.list(&p).map_err(file_error)?;
    Ok(Value::list(names.into_iter().map(Value::str).collect()))
}

fn makedirs(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    // Directories exist implicitly; only the argument is checked.
    path_arg(&args, "makedirs")?;
    Ok(Value::None)
}

fn remove(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let p = path_arg(&args, "remove")?;
    interp.ws.files.remove(&p).map_err(file_error)?;
    Ok(Value::None)
}

fn getcwd(_: &mut Interp, _: Args) -> Result<Value, PyErr> {
    Ok(Value::str(CWD))
}

/// The `os` module (with `os.path`).
pub fn os_module() -> Value {
    let path_fns: &[(&'static str, NativeFn)] = &[
        ("exists", exists),
        ("isdir", isdir),
        ("isfile", isfile),
        ("join", join),
        ("basename", basename),
        ("dirname", dirname),
        ("abspath", abspath),
    ];
    let os_fns: &[(&'static str, NativeFn)] = &[
        ("listdir", listdir),
        ("makedirs", makedirs),
        ("mkdir", makedirs),
        ("remove", remove),
        ("getcwd", getcwd),
    ];
    let path = module(
        "os.path",
        path_fns
            .iter()
            .map(|(n, f)| (*n, Value::Native(n, *f)))
            .collect(),
    );
    let mut attrs: Vec<(&str, Value)> = os_fns
        .iter()
        .map(|(n, f)| (*n, Value::Native(n, *f)))
        .collect();
    attrs.push(("path", path));
    attrs.push(("sep", Value::str("/")));
    module("os", attrs)
}
