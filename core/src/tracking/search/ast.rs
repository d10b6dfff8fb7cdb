//! The parsed form of filters and order_by clauses.

/// What a key names: MLflow's entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Metric,
    Param,
    Tag,
    Attribute,
    Dataset,
}

impl Entity {
    /// MLflow's canonical name (used in its messages).
    pub fn name(self) -> &'static str {
        match self {
            Entity::Metric => "metric",
            Entity::Param => "parameter",
            Entity::Tag => "tag",
            Entity::Attribute => "attribute",
            Entity::Dataset => "dataset",
        }
    }
}

/// Attributes that can be searched and ordered by: a run's (MLflow's `RunInfo` searchable
/// attributes; aliases such as `created` and `Run name` are resolved while parsing) and an
/// experiment's (`name`, `creation_time`, `last_update_time`; `experiment_id` for ordering).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribute {
    ArtifactUri,
    EndTime,
    RunId,
    RunName,
    StartTime,
    Status,
    UserId,
    Name,
    CreationTime,
    LastUpdateTime,
    ExperimentId,
}

impl Attribute {
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Attribute::StartTime
                | Attribute::EndTime
                | Attribute::CreationTime
                | Attribute::LastUpdateTime
                | Attribute::ExperimentId
        )
    }
}

/// What is being searched: the identifiers and attributes differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Runs,
    Experiments,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Metric(String),
    Param(String),
    Tag(String),
    Attribute(Attribute),
    /// `name`, `digest` or `context` of a run's input datasets.
    Dataset(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Like,
    ILike,
    In,
    NotIn,
    IsNull,
    IsNotNull,
}

impl Comparator {
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Eq => "=",
            Comparator::Ne => "!=",
            Comparator::Lt => "<",
            Comparator::Le => "<=",
            Comparator::Gt => ">",
            Comparator::Ge => ">=",
            Comparator::Like => "LIKE",
            Comparator::ILike => "ILIKE",
            Comparator::In => "IN",
            Comparator::NotIn => "NOT IN",
            Comparator::IsNull => "IS NULL",
            Comparator::IsNotNull => "IS NOT NULL",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(f64),
    Str(String),
    List(Vec<String>),
    /// For IS NULL / IS NOT NULL.
    None,
}

/// One `<identifier> <comparator> <value>` clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub key: Key,
    pub comparator: Comparator,
    pub value: Value,
}

/// A whole filter: every clause must hold (MLflow has AND only).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filter {
    pub clauses: Vec<Clause>,
}

/// One `order_by` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderBy {
    pub key: Key,
    pub ascending: bool,
}
