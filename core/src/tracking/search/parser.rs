//! Parsing MLflow filter strings and order_by clauses, with MLflow's error messages.
//!
//! Rules mirrored from MLflow's `SearchUtils` (mlflow/utils/search_utils.py):
//! clauses joined by AND only; identifiers `<entity>.<key>` with the singular, plural and short
//! entity names; keys quoted with backticks or double quotes; numbers (unquoted) for metrics and
//! numeric attributes; quoted strings for params, tags and string attributes; the comparators
//! each entity allows. MLflow checks comparators when it evaluates a filter; Lakelab checks
//! them while parsing, so the search box reports them at once (the message is the same).

use super::ast::{Attribute, Clause, Comparator, Entity, Filter, Key, OrderBy, Scope, Value};
use super::lexer::{tokenize, Token};
use super::SearchError;

const ENTITY_NAMES: &str = "['metric', 'parameter', 'tag', 'attribute', 'dataset']";
const METRIC_COMPARATORS: &str = "{'=', '!=', '<', '<=', '>', '>='}";
const PARAM_COMPARATORS: &str = "{'=', '!=', 'LIKE', 'ILIKE', 'IS NULL', 'IS NOT NULL'}";
const STRING_ATTRIBUTE_COMPARATORS: &str = "{'=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'}";
const DATASET_COMPARATORS: &str = "{'=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'}";
const SEARCH_ATTRIBUTES: &str = "['artifact_uri', 'end_time', 'run_id', 'run_name', \
     'start_time', 'status', 'user_id', 'created', 'Created', 'run name', 'Run name', 'Run Name']";
const ORDER_ATTRIBUTES: &str = "['artifact_uri', 'end_time', 'run_id', 'run_name', \
     'start_time', 'status', 'user_id', 'created', 'Created']";
const EXPERIMENT_SEARCH_ATTRIBUTES: &str = "{'name', 'creation_time', 'last_update_time'}";
const EXPERIMENT_ORDER_ATTRIBUTES: &str =
    "{'name', 'experiment_id', 'creation_time', 'last_update_time'}";

fn err(message: impl Into<String>) -> SearchError {
    SearchError(message.into())
}

/// How a token was written, for messages (sqlparse shows values with their quotes).
fn shown(token: &Token) -> String {
    match token {
        Token::Ident { text, .. } => text.clone(),
        Token::Str(s) => format!("'{s}'"),
        Token::Quoted { text, quote } => format!("{quote}{text}{quote}"),
        Token::Number { text, .. } => text.clone(),
        Token::Op(o) => o.clone(),
        Token::Keyword(k) => k.clone(),
        Token::LParen => "(".into(),
        Token::RParen => ")".into(),
        Token::Comma => ",".into(),
        Token::Other(o) => o.clone(),
    }
}

fn shown_all(tokens: &[Token]) -> String {
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        let glue = matches!(t, Token::RParen | Token::Comma)
            || (i > 0 && matches!(tokens[i - 1], Token::LParen));
        if i > 0 && !glue {
            out.push(' ');
        }
        out.push_str(&shown(t));
    }
    out
}

/// Maps an entity prefix (`metrics`, `param`, `` `tags` ``…) to its entity.
fn entity(prefix: &str, scope: Scope) -> Result<Entity, SearchError> {
    let prefix = prefix.trim_matches('`');
    if scope == Scope::Experiments {
        return match prefix {
            "attribute" => Ok(Entity::Attribute),
            "tag" | "tags" => Ok(Entity::Tag),
            other => Err(err(format!(
                "Invalid entity type '{other}'. Valid entity types are ('attribute', 'tag', \
                 'tags')"
            ))),
        };
    }
    Ok(match prefix {
        "metric" | "metrics" => Entity::Metric,
        "parameter" | "parameters" | "param" | "params" => Entity::Param,
        "tag" | "tags" => Entity::Tag,
        "attribute" | "attributes" | "attr" | "run" => Entity::Attribute,
        "dataset" | "datasets" => Entity::Dataset,
        other => {
            return Err(err(format!(
                "Invalid entity type '{other}'. Valid values are {ENTITY_NAMES}"
            )))
        }
    })
}

/// Resolves an attribute name or alias.
fn attribute(key: &str, for_order: bool, scope: Scope) -> Option<Attribute> {
    if scope == Scope::Experiments {
        return Some(match key {
            "name" => Attribute::Name,
            "creation_time" => Attribute::CreationTime,
            "last_update_time" => Attribute::LastUpdateTime,
            "experiment_id" if for_order => Attribute::ExperimentId,
            _ => return None,
        });
    }
    Some(match key {
        "artifact_uri" => Attribute::ArtifactUri,
        "end_time" => Attribute::EndTime,
        "run_id" => Attribute::RunId,
        "run_name" => Attribute::RunName,
        "start_time" | "created" | "Created" => Attribute::StartTime,
        "status" => Attribute::Status,
        "user_id" => Attribute::UserId,
        "run name" | "Run name" | "Run Name" if !for_order => Attribute::RunName,
        _ => return None,
    })
}

/// Turns an identifier token into a key.
fn key_of(token: &Token, for_order: bool, scope: Scope) -> Result<Key, SearchError> {
    let (prefix, key) = match token {
        Token::Ident { prefix, key, .. } => (prefix.clone(), key.clone()),
        // A lone quoted word is an attribute name such as "Run name".
        Token::Quoted { text, .. } => (None, text.clone()),
        other => {
            return Err(err(format!(
                "Invalid comparison clause. Expected 'Identifier' found '{}'",
                shown(other)
            )))
        }
    };
    let entity = match &prefix {
        Some(p) => entity(p, scope)?,
        None => Entity::Attribute,
    };
    Ok(match entity {
        Entity::Metric => Key::Metric(key),
        Entity::Param => Key::Param(key),
        Entity::Tag => Key::Tag(key),
        Entity::Attribute => match attribute(&key, for_order, scope) {
            Some(a) => Key::Attribute(a),
            None => {
                let valid = match (scope, for_order) {
                    (Scope::Runs, false) => SEARCH_ATTRIBUTES,
                    (Scope::Runs, true) => ORDER_ATTRIBUTES,
                    (Scope::Experiments, false) => EXPERIMENT_SEARCH_ATTRIBUTES,
                    (Scope::Experiments, true) => EXPERIMENT_ORDER_ATTRIBUTES,
                };
                return Err(err(format!(
                    "Invalid attribute key '{key}' specified. Valid keys are '{valid}'"
                )));
            }
        },
        Entity::Dataset => {
            if !matches!(key.as_str(), "name" | "digest" | "context") {
                return Err(err(format!(
                    "Invalid dataset key '{key}' specified. Valid keys are \
                     '{{'name', 'digest', 'context'}}'"
                )));
            }
            Key::Dataset(key)
        }
    })
}

/// Parses a run filter string. The empty string (or only spaces) matches every run.
pub fn parse_filter(input: &str) -> Result<Filter, SearchError> {
    parse_filter_in(Scope::Runs, input)
}

/// Parses a `search_experiments` filter (attributes `name`, `creation_time`,
/// `last_update_time`; `tags.<key>`).
pub fn parse_experiment_filter(input: &str) -> Result<Filter, SearchError> {
    parse_filter_in(Scope::Experiments, input)
}

fn parse_filter_in(scope: Scope, input: &str) -> Result<Filter, SearchError> {
    let tokens = tokenize(input)?;
    let mut clauses = Vec::new();
    let mut pos = 0;
    while pos < tokens.len() {
        let (clause, next) = parse_clause(&tokens, pos, scope)?;
        clauses.push(clause);
        pos = next;
        match tokens.get(pos) {
            None => break,
            Some(Token::Keyword(k)) if k == "AND" => {
                pos += 1;
                if pos == tokens.len() {
                    return Err(err("Invalid clause(s) in filter string: 'AND'"));
                }
            }
            Some(_) => {
                return Err(err(format!(
                    "Invalid clause(s) in filter string: '{}'",
                    shown_all(&tokens[pos..])
                )))
            }
        }
    }
    Ok(Filter { clauses })
}

/// The comparator at `pos` and the index after it.
fn comparator(tokens: &[Token], pos: usize) -> Option<(Comparator, usize)> {
    let kw = |i: usize, word: &str| matches!(tokens.get(i), Some(Token::Keyword(k)) if k == word);
    Some(match tokens.get(pos)? {
        Token::Op(op) => (
            match op.as_str() {
                "=" | "==" => Comparator::Eq,
                "!=" | "<>" => Comparator::Ne,
                "<" => Comparator::Lt,
                "<=" => Comparator::Le,
                ">" => Comparator::Gt,
                ">=" => Comparator::Ge,
                _ => return None,
            },
            pos + 1,
        ),
        Token::Keyword(k) if k == "LIKE" => (Comparator::Like, pos + 1),
        Token::Keyword(k) if k == "ILIKE" => (Comparator::ILike, pos + 1),
        Token::Keyword(k) if k == "IN" => (Comparator::In, pos + 1),
        Token::Keyword(k) if k == "NOT" && kw(pos + 1, "IN") => (Comparator::NotIn, pos + 2),
        Token::Keyword(k) if k == "IS" && kw(pos + 1, "NULL") => (Comparator::IsNull, pos + 2),
        Token::Keyword(k) if k == "IS" && kw(pos + 1, "NOT") && kw(pos + 2, "NULL") => {
            (Comparator::IsNotNull, pos + 3)
        }
        _ => return None,
    })
}

fn parse_clause(
    tokens: &[Token],
    pos: usize,
    scope: Scope,
) -> Result<(Clause, usize), SearchError> {
    let first = &tokens[pos];
    if matches!(first, Token::LParen | Token::Keyword(_) | Token::Other(_)) {
        let end = clause_end(tokens, pos);
        return Err(err(format!(
            "Invalid clause(s) in filter string: '{}'",
            shown_all(&tokens[pos..end])
        )));
    }
    let key = key_of(first, false, scope)?;
    let Some((op, after_op)) = comparator(tokens, pos + 1) else {
        let found = tokens.get(pos + 1).map(shown).unwrap_or_default();
        return Err(err(format!(
            "Invalid comparison clause. Expected comparison found '{found}'"
        )));
    };
    check_comparator(&key, op)?;
    if matches!(op, Comparator::IsNull | Comparator::IsNotNull) {
        let clause = Clause {
            key,
            comparator: op,
            value: Value::None,
        };
        return Ok((clause, after_op));
    }
    let (value, next) = parse_value(&key, op, tokens, after_op)?;
    Ok((
        Clause {
            key,
            comparator: op,
            value,
        },
        next,
    ))
}

/// Where the clause starting at `pos` ends (the next top-level AND, or the end).
fn clause_end(tokens: &[Token], pos: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(pos) {
        match t {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Keyword(k) if k == "AND" && depth == 0 && i > pos => return i,
            _ => {}
        }
    }
    tokens.len()
}

fn check_comparator(key: &Key, op: Comparator) -> Result<(), SearchError> {
    use Comparator::*;
    let (allowed, names): (&[Comparator], &str) = match key {
        Key::Metric(_) => (&[Eq, Ne, Lt, Le, Gt, Ge], METRIC_COMPARATORS),
        Key::Param(_) | Key::Tag(_) => {
            (&[Eq, Ne, Like, ILike, IsNull, IsNotNull], PARAM_COMPARATORS)
        }
        Key::Attribute(a) if a.is_numeric() => (&[Eq, Ne, Lt, Le, Gt, Ge], METRIC_COMPARATORS),
        Key::Attribute(_) => (
            &[Eq, Ne, Like, ILike, In, NotIn],
            STRING_ATTRIBUTE_COMPARATORS,
        ),
        Key::Dataset(_) => (&[Eq, Ne, Like, ILike, In, NotIn], DATASET_COMPARATORS),
    };
    if allowed.contains(&op) {
        Ok(())
    } else {
        Err(err(format!(
            "Invalid comparator '{}' not one of '{names}'",
            op.as_str()
        )))
    }
}

fn not_quoted(token: &Token) -> SearchError {
    err(format!(
        "Parameter value is either not quoted or unidentified quote types used for string \
         value {}. Use either single or double quotes.",
        shown(token)
    ))
}

fn parse_value(
    key: &Key,
    op: Comparator,
    tokens: &[Token],
    pos: usize,
) -> Result<(Value, usize), SearchError> {
    let Some(token) = tokens.get(pos) else {
        return Err(err(
            "Invalid comparison clause. Expected 3 tokens found 2".to_string()
        ));
    };
    let string = |token: &Token| -> Result<String, SearchError> {
        match token {
            Token::Str(s) => Ok(s.clone()),
            Token::Quoted { text, quote: '"' } => Ok(text.clone()),
            Token::Quoted { .. } | Token::Ident { .. } => Err(not_quoted(token)),
            other => Err(err(format!(
                "Expected a quoted string value for {} (e.g. 'my-value'). Got value {}",
                key_entity(key).name(),
                shown(other)
            ))),
        }
    };
    let numeric = |what: String| -> Result<(Value, usize), SearchError> {
        match token {
            Token::Number { value, .. } => Ok((Value::Number(*value), pos + 1)),
            other => Err(err(format!("{what}. Found {}", shown(other)))),
        }
    };
    match key {
        Key::Metric(_) => numeric("Expected numeric value type for metric".into()),
        Key::Attribute(a) if a.is_numeric() => numeric(format!(
            "Expected numeric value type for numeric attribute: {}",
            attribute_name(*a)
        )),
        Key::Param(_) | Key::Tag(_) => Ok((Value::Str(string(token)?), pos + 1)),
        Key::Attribute(a) => {
            if matches!(op, Comparator::In | Comparator::NotIn) {
                if *a != Attribute::RunId {
                    return Err(err(
                        "Only the 'run_id' attribute supports comparison with a list of quoted \
                         string values.",
                    ));
                }
                return parse_list(tokens, pos);
            }
            match token {
                Token::Str(_) | Token::Quoted { .. } | Token::Ident { .. } => {
                    Ok((Value::Str(string(token)?), pos + 1))
                }
                other => Err(err(format!(
                    "Expected a quoted string value for attributes. Got value {}",
                    shown(other)
                ))),
            }
        }
        Key::Dataset(_) => {
            if matches!(op, Comparator::In | Comparator::NotIn) {
                return parse_list(tokens, pos);
            }
            match token {
                Token::Str(_) | Token::Quoted { .. } | Token::Ident { .. } => {
                    Ok((Value::Str(string(token)?), pos + 1))
                }
                other => Err(err(format!(
                    "Expected a quoted string value for dataset attributes. Got value {}",
                    shown(other)
                ))),
            }
        }
    }
}

fn key_entity(key: &Key) -> Entity {
    match key {
        Key::Metric(_) => Entity::Metric,
        Key::Param(_) => Entity::Param,
        Key::Tag(_) => Entity::Tag,
        Key::Attribute(_) => Entity::Attribute,
        Key::Dataset(_) => Entity::Dataset,
    }
}

/// The attribute's name as MLflow spells it.
pub fn attribute_name(a: Attribute) -> &'static str {
    match a {
        Attribute::ArtifactUri => "artifact_uri",
        Attribute::EndTime => "end_time",
        Attribute::RunId => "run_id",
        Attribute::RunName => "run_name",
        Attribute::StartTime => "start_time",
        Attribute::Status => "status",
        Attribute::UserId => "user_id",
        Attribute::Name => "name",
        Attribute::CreationTime => "creation_time",
        Attribute::LastUpdateTime => "last_update_time",
        Attribute::ExperimentId => "experiment_id",
    }
}

/// `('a', "b")`: a parenthesised list of quoted strings.
fn parse_list(tokens: &[Token], pos: usize) -> Result<(Value, usize), SearchError> {
    let bad = || {
        err(
            "While parsing a list in the query, expected string value, punctuation, or \
             whitespace, but got different type in list",
        )
    };
    if tokens.get(pos) != Some(&Token::LParen) {
        return Err(err(format!(
            "Expected a parenthesised list of quoted strings after IN. Got value {}",
            tokens.get(pos).map(shown).unwrap_or_default()
        )));
    }
    let mut items = Vec::new();
    let mut i = pos + 1;
    loop {
        match tokens.get(i) {
            Some(Token::Str(s))
            | Some(Token::Quoted {
                text: s,
                quote: '"',
            }) => items.push(s.clone()),
            _ => return Err(bad()),
        }
        i += 1;
        match tokens.get(i) {
            Some(Token::Comma) => i += 1,
            Some(Token::RParen) => return Ok((Value::List(items), i + 1)),
            _ => return Err(bad()),
        }
    }
}

/// Parses one run `order_by` entry such as `metrics.rmse ASC` or
/// `` params.`max depth` DESC ``.
pub fn parse_order_by(input: &str) -> Result<OrderBy, SearchError> {
    parse_order_by_in(Scope::Runs, input)
}

/// Parses one `search_experiments` order_by entry (attributes only).
pub fn parse_experiment_order_by(input: &str) -> Result<OrderBy, SearchError> {
    parse_order_by_in(Scope::Experiments, input)
}

fn parse_order_by_in(scope: Scope, input: &str) -> Result<OrderBy, SearchError> {
    let could_not = || {
        err(format!(
            "Invalid order_by clause '{input}'. Could not be parsed."
        ))
    };
    let tokens = tokenize(input).map_err(|_| could_not())?;
    let (first, rest) = tokens.split_first().ok_or_else(could_not)?;
    if !matches!(first, Token::Ident { .. } | Token::Quoted { .. }) {
        return Err(could_not());
    }
    let ascending = match rest {
        [] => true,
        [Token::Keyword(k)] if k == "ASC" => true,
        [Token::Keyword(k)] if k == "DESC" => false,
        [Token::Ident { .. }] | [Token::Keyword(_)] => {
            return Err(err(format!(
                "Invalid ordering key in order_by clause '{input}'."
            )))
        }
        _ => return Err(could_not()),
    };
    let key = key_of(first, true, scope)?;
    match (&key, scope) {
        (Key::Dataset(_), _) => return Err(err("Invalid order_by entity type 'dataset'")),
        (Key::Tag(_), Scope::Experiments) => return Err(err("Invalid order_by entity: tag")),
        _ => {}
    }
    Ok(OrderBy { key, ascending })
}
