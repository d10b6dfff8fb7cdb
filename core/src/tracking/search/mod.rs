//! MLflow's search language for runs: one parser for the API (`search_runs`) and the UI's
//! search box, then matching and ordering over runs.

pub mod ast;
pub mod eval;
pub mod lexer;
pub mod order;
pub mod parser;

pub use ast::{Attribute, Clause, Comparator, Filter, Key, OrderBy, Scope, Value};
pub use eval::{like, matches, Searchable};
pub use order::{compare_runs, sort_experiments, sort_runs};
pub use parser::{
    parse_experiment_filter, parse_experiment_order_by, parse_filter, parse_order_by,
};

/// A filter or order_by string MLflow would refuse; the text is MLflow's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SearchError(pub String);
