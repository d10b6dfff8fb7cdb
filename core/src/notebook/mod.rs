//! The notebook runtime: Python cells parsed with ruff's parser and evaluated against the
//! workspace's engines.
//!
//! What runs: the Python subset of the exam material (see the README's list) — assignments
//! with unpacking, literals and f-strings, arithmetic and comparisons, `if`/`for`/`while`,
//! comprehensions, functions and lambdas, classes (see [`classes`]), `with`,
//! `try`/`except`/`raise`, imports, and the
//! builtins and `str`/`list`/`dict` methods people use. Anything else raises
//! `NotImplementedError` naming it; nothing is silently skipped.
//!
//! Bound now: the MLflow tracking API (`mlflow.*` fluent functions and `MlflowClient`), with
//! their real signatures and exceptions. Each later engine adds its bindings in `bindings/`.

pub mod bindings;
pub mod builtins;
pub mod call;
pub mod classes;
pub mod error;
mod eval;
pub mod format;
pub mod highlight;
pub mod interp;
pub mod methods;
pub mod modules;
pub mod ops;
pub mod output;
pub mod syntax;
pub mod value;

pub use error::{ExcType, PyErr};
pub use interp::{run_cell, run_script, Env, Session};
pub use output::{CellError, CellResult, Display, Output};
