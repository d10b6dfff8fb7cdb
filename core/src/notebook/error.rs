//! Python exceptions as values: a type (with Python's hierarchy for `except`), a message, the
//! line it was raised at, and notes (shown after the message, as Python 3.11 shows
//! `add_note`): Lakelab puts a function's real signature there after a `TypeError`.

use std::fmt;

/// The exception types the sandbox raises or lets cells name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExcType {
    Exception,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    LookupError,
    NameError,
    AttributeError,
    ZeroDivisionError,
    ArithmeticError,
    OverflowError,
    NotImplementedError,
    RuntimeError,
    AssertionError,
    ImportError,
    ModuleNotFoundError,
    FileNotFoundError,
    FileExistsError,
    OsError,
    StopIteration,
    SyntaxError,
    /// `mlflow.exceptions.MlflowException`, with its `error_code`.
    MlflowException(String),
    /// Raised when a cell runs too long (the interrupt).
    KeyboardInterrupt,
    /// PySpark's `AnalysisException` (an unresolved column, a missing table…); the message
    /// starts with Spark's error class in brackets.
    AnalysisException,
    /// PySpark's `IllegalArgumentException` (Spark ML's `requirement failed: ...` and
    /// schema checks such as an output column that already exists).
    IllegalArgumentException,
    /// A bound library's exception class (the Databricks SDK's errors, `requests`'), with
    /// its hierarchy in [`LIBRARY`]. `detail` carries what an instance exposes beyond its
    /// message (the SDK's `error_code`; the HTTP response of `requests.HTTPError`).
    Library {
        module: &'static str,
        name: &'static str,
        detail: String,
    },
}

/// Library exception classes: module, name, and parent (`""` module: a builtin). The
/// hierarchies are the libraries' own (`databricks/sdk/errors/platform.py`, `sdk.py`;
/// `requests/exceptions.py`).
pub const LIBRARY: &[(&str, &str, &str, &str)] = &[
    (SDK_ERRORS, "DatabricksError", "", "OSError"),
    (SDK_ERRORS, "BadRequest", SDK_ERRORS, "DatabricksError"),
    (SDK_ERRORS, "Unauthenticated", SDK_ERRORS, "DatabricksError"),
    (
        SDK_ERRORS,
        "PermissionDenied",
        SDK_ERRORS,
        "DatabricksError",
    ),
    (SDK_ERRORS, "NotFound", SDK_ERRORS, "DatabricksError"),
    (
        SDK_ERRORS,
        "ResourceConflict",
        SDK_ERRORS,
        "DatabricksError",
    ),
    (SDK_ERRORS, "TooManyRequests", SDK_ERRORS, "DatabricksError"),
    (SDK_ERRORS, "InternalError", SDK_ERRORS, "DatabricksError"),
    (SDK_ERRORS, "NotImplemented", SDK_ERRORS, "DatabricksError"),
    (
        SDK_ERRORS,
        "InvalidParameterValue",
        SDK_ERRORS,
        "BadRequest",
    ),
    (SDK_ERRORS, "ResourceDoesNotExist", SDK_ERRORS, "NotFound"),
    (
        SDK_ERRORS,
        "ResourceAlreadyExists",
        SDK_ERRORS,
        "ResourceConflict",
    ),
    (SDK_ERRORS, "AlreadyExists", SDK_ERRORS, "ResourceConflict"),
    (SDK_ERRORS, "Aborted", SDK_ERRORS, "ResourceConflict"),
    (SDK_ERRORS, "OperationFailed", "", "RuntimeError"),
    (SDK_ERRORS, "OperationTimeout", "", "RuntimeError"),
    (REQUESTS, "RequestException", "", "OSError"),
    (REQUESTS, "HTTPError", REQUESTS, "RequestException"),
    (REQUESTS, "ConnectionError", REQUESTS, "RequestException"),
    (REQUESTS, "Timeout", REQUESTS, "RequestException"),
    (
        "pyspark.errors.exceptions.captured",
        "SparkNoSuchElementException",
        "",
        "Exception",
    ),
];

/// `databricks.sdk.errors` (the classes live in `.platform`; tracebacks print that path).
pub const SDK_ERRORS: &str = "databricks.sdk.errors";
/// `requests.exceptions`.
pub const REQUESTS: &str = "requests.exceptions";

/// The library exception class `module.name` (no detail), if [`LIBRARY`] has it.
pub fn library(module: &str, name: &str) -> Option<ExcType> {
    LIBRARY
        .iter()
        .find(|(m, n, _, _)| *m == module && *n == name)
        .map(|(m, n, _, _)| ExcType::Library {
            module: m,
            name: n,
            detail: String::new(),
        })
}

impl ExcType {
    pub fn name(&self) -> &str {
        match self {
            ExcType::Exception => "Exception",
            ExcType::ValueError => "ValueError",
            ExcType::TypeError => "TypeError",
            ExcType::KeyError => "KeyError",
            ExcType::IndexError => "IndexError",
            ExcType::LookupError => "LookupError",
            ExcType::NameError => "NameError",
            ExcType::AttributeError => "AttributeError",
            ExcType::ZeroDivisionError => "ZeroDivisionError",
            ExcType::ArithmeticError => "ArithmeticError",
            ExcType::OverflowError => "OverflowError",
            ExcType::NotImplementedError => "NotImplementedError",
            ExcType::RuntimeError => "RuntimeError",
            ExcType::AssertionError => "AssertionError",
            ExcType::ImportError => "ImportError",
            ExcType::ModuleNotFoundError => "ModuleNotFoundError",
            ExcType::FileNotFoundError => "FileNotFoundError",
            ExcType::FileExistsError => "FileExistsError",
            ExcType::OsError => "OSError",
            ExcType::StopIteration => "StopIteration",
            ExcType::SyntaxError => "SyntaxError",
            ExcType::MlflowException(_) => "MlflowException",
            ExcType::KeyboardInterrupt => "KeyboardInterrupt",
            ExcType::AnalysisException => "AnalysisException",
            ExcType::IllegalArgumentException => "IllegalArgumentException",
            ExcType::Library { name, .. } => name,
        }
    }

    /// The name a traceback prints (MLflow's exception with its module, as Python shows it).
    pub fn qualified_name(&self) -> String {
        match self {
            ExcType::MlflowException(_) => "mlflow.exceptions.MlflowException".into(),
            ExcType::AnalysisException => {
                "pyspark.errors.exceptions.captured.AnalysisException".into()
            }
            ExcType::IllegalArgumentException => {
                "pyspark.errors.exceptions.captured.IllegalArgumentException".into()
            }
            ExcType::Library { module, name, .. } if *module == SDK_ERRORS => {
                let file = if name.starts_with("Operation") {
                    "sdk"
                } else {
                    "platform"
                };
                format!("{module}.{file}.{name}")
            }
            ExcType::Library { module, name, .. } => format!("{module}.{name}"),
            other => other.name().into(),
        }
    }

    /// The exception types by the names cells use (`except ValueError:`).
    pub fn by_name(name: &str) -> Option<ExcType> {
        Some(match name {
            "Exception" | "BaseException" => ExcType::Exception,
            "ValueError" => ExcType::ValueError,
            "TypeError" => ExcType::TypeError,
            "KeyError" => ExcType::KeyError,
            "IndexError" => ExcType::IndexError,
            "LookupError" => ExcType::LookupError,
            "NameError" => ExcType::NameError,
            "AttributeError" => ExcType::AttributeError,
            "ZeroDivisionError" => ExcType::ZeroDivisionError,
            "ArithmeticError" => ExcType::ArithmeticError,
            "OverflowError" => ExcType::OverflowError,
            "NotImplementedError" => ExcType::NotImplementedError,
            "RuntimeError" => ExcType::RuntimeError,
            "AssertionError" => ExcType::AssertionError,
            "ImportError" => ExcType::ImportError,
            "ModuleNotFoundError" => ExcType::ModuleNotFoundError,
            "FileNotFoundError" => ExcType::FileNotFoundError,
            "FileExistsError" => ExcType::FileExistsError,
            "OSError" | "IOError" => ExcType::OsError,
            "StopIteration" => ExcType::StopIteration,
            _ => return None,
        })
    }

    fn parent(&self) -> Option<ExcType> {
        Some(match self {
            ExcType::Exception | ExcType::KeyboardInterrupt => return None,
            ExcType::Library { module, name, .. } => {
                let (_, _, pm, pn) = LIBRARY
                    .iter()
                    .find(|(m, n, _, _)| m == module && n == name)?;
                return match *pm {
                    "" => ExcType::by_name(pn),
                    m => library(m, pn),
                };
            }
            ExcType::KeyError | ExcType::IndexError => ExcType::LookupError,
            ExcType::ZeroDivisionError | ExcType::OverflowError => ExcType::ArithmeticError,
            ExcType::NotImplementedError => ExcType::RuntimeError,
            ExcType::ModuleNotFoundError => ExcType::ImportError,
            ExcType::FileNotFoundError | ExcType::FileExistsError => ExcType::OsError,
            _ => ExcType::Exception,
        })
    }

    /// Whether `except handler:` catches this type (`MlflowException` catches any error code).
    pub fn is_a(&self, handler: &ExcType) -> bool {
        let same = |a: &ExcType| match (a, handler) {
            (ExcType::MlflowException(_), ExcType::MlflowException(_)) => true,
            (
                ExcType::Library { module, name, .. },
                ExcType::Library {
                    module: m, name: n, ..
                },
            ) => module == m && name == n,
            (a, b) => a == b,
        };
        let mut current = Some(self.clone());
        while let Some(t) = current {
            if same(&t) {
                return true;
            }
            current = t.parent();
        }
        false
    }
}

/// A raised exception.
#[derive(Debug, Clone, PartialEq)]
pub struct PyErr {
    pub kind: ExcType,
    pub message: String,
    /// 1-based line in the cell where it was raised (set as it leaves the statement).
    pub line: Option<usize>,
    pub notes: Vec<String>,
}

impl PyErr {
    pub fn new(kind: ExcType, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            line: None,
            notes: Vec::new(),
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The last line of a traceback: `ValueError: message` (`KeyError` shows its key quoted,
    /// as Python's `repr` of the key does; the caller passes it already quoted).
    pub fn headline(&self) -> String {
        if self.message.is_empty() {
            self.kind.qualified_name()
        } else {
            format!("{}: {}", self.kind.qualified_name(), self.message)
        }
    }
}

impl fmt::Display for PyErr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())
    }
}

/// Shorthands for raising.
pub fn type_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(ExcType::TypeError, msg)
}
pub fn value_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(ExcType::ValueError, msg)
}
pub fn not_implemented(msg: impl Into<String>) -> PyErr {
    PyErr::new(ExcType::NotImplementedError, msg)
}
pub fn attribute_error(type_name: &str, attr: &str) -> PyErr {
    PyErr::new(
        ExcType::AttributeError,
        format!("'{type_name}' object has no attribute '{attr}'"),
    )
}

impl From<crate::tracking::MlflowError> for PyErr {
    fn from(e: crate::tracking::MlflowError) -> Self {
        PyErr::new(ExcType::MlflowException(e.code.as_str().into()), e.message)
    }
}
