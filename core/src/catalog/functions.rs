//! Unity Catalog functions (Python UDFs): `CREATE [OR REPLACE] FUNCTION c.s.f(x DOUBLE, ...)
//! RETURNS DOUBLE LANGUAGE PYTHON AS $$ ... $$` through `spark.sql`, and `DROP FUNCTION`.
//! Feature Engineering uses them for on-demand features (`FeatureFunction`); the notebook
//! runtime runs their bodies. SQL-language functions (`RETURN expr`) are not modelled: the
//! statement is refused by name.
//!
//! Creating needs CREATE FUNCTION on the schema (and USE CATALOG / USE SCHEMA); calling needs
//! EXECUTE on the function (the owner has it). UC keeps models and functions in one
//! namespace, so a function cannot take a registered model's name.

use serde::{Deserialize, Serialize};

use super::names::FullName;
use super::privileges::{Privilege, Securable};
use super::Unity;
use crate::tracking::MlflowError;

/// One function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct UcFunction {
    pub full_name: String,
    /// (name, SQL type in upper case).
    pub params: Vec<(String, String)>,
    pub returns: String,
    /// The Python body (the text between `$$`).
    pub body: String,
    pub comment: String,
    pub created_at: i64,
    pub created_by: String,
}

crate::flat_de::map_only!(UcFunction);

/// `CREATE FUNCTION` parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateFunction {
    pub name: String,
    pub replace: bool,
    pub if_not_exists: bool,
    pub params: Vec<(String, String)>,
    pub returns: String,
    pub body: String,
    pub comment: String,
}

fn syntax(sql: &str) -> MlflowError {
    MlflowError::invalid(format!(
        "[PARSE_SYNTAX_ERROR] Syntax error in: {}",
        sql.trim()
    ))
}

/// Takes `word` (case-insensitive) from the front of `rest`.
fn eat<'a>(rest: &'a str, word: &str) -> Option<&'a str> {
    let t = rest.trim_start();
    let head = t.get(..word.len())?;
    let after = t.get(word.len()..)?;
    (head.eq_ignore_ascii_case(word)
        && !after.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
    .then_some(after)
}

/// Parses `CREATE [OR REPLACE] FUNCTION [IF NOT EXISTS] name(params) RETURNS type [LANGUAGE
/// PYTHON] [COMMENT 'text'] AS $$ body $$`; `None` when `sql` is not a CREATE FUNCTION.
pub fn parse_create(sql: &str) -> Option<Result<CreateFunction, MlflowError>> {
    let rest = eat(sql, "CREATE")?;
    let (replace, rest) = match eat(rest, "OR").and_then(|r| eat(r, "REPLACE")) {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let rest = eat(rest, "FUNCTION")?;
    Some(parse_rest(sql, replace, rest))
}

fn parse_rest(sql: &str, replace: bool, rest: &str) -> Result<CreateFunction, MlflowError> {
    let (if_not_exists, rest) = match eat(rest, "IF")
        .and_then(|r| eat(r, "NOT"))
        .and_then(|r| eat(r, "EXISTS"))
    {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let open = rest.find('(').ok_or_else(|| syntax(sql))?;
    let name = rest[..open].trim().to_string();
    let close = rest[open..].find(')').ok_or_else(|| syntax(sql))? + open;
    let params = rest[open + 1..close]
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut parts = p.split_whitespace();
            match (parts.next(), parts.next()) {
                (Some(n), Some(t)) => Ok((n.trim_matches('`').to_string(), t.to_uppercase())),
                _ => Err(syntax(sql)),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let rest = eat(&rest[close + 1..], "RETURNS").ok_or_else(|| syntax(sql))?;
    let rest = rest.trim_start();
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let returns = rest[..end].to_uppercase();
    let mut rest = &rest[end..];
    if let Some(r) = eat(rest, "LANGUAGE") {
        match eat(r, "PYTHON") {
            Some(r) => rest = r,
            None => {
                return Err(MlflowError::invalid(
                    "Lakelab runs Python functions only: LANGUAGE PYTHON AS $$ ... $$",
                ))
            }
        }
    } else if eat(rest, "RETURN").is_some() {
        return Err(MlflowError::invalid(
            "Lakelab runs Python functions only (LANGUAGE PYTHON AS $$ ... $$), not SQL functions with RETURN; FeatureFunction supports Python UDFs only, as Databricks does",
        ));
    }
    let mut comment = String::new();
    if let Some(r) = eat(rest, "COMMENT") {
        let r = r.trim_start();
        let q = r
            .chars()
            .next()
            .filter(|c| *c == '\'' || *c == '"')
            .ok_or_else(|| syntax(sql))?;
        let close = r[1..].find(q).ok_or_else(|| syntax(sql))? + 1;
        comment = r[1..close].to_string();
        rest = &r[close + 1..];
    }
    let rest = eat(rest, "AS").ok_or_else(|| syntax(sql))?.trim();
    let body = rest
        .strip_prefix("$$")
        .and_then(|b| {
            b.trim_end()
                .trim_end_matches(';')
                .trim_end()
                .strip_suffix("$$")
        })
        .ok_or_else(|| syntax(sql))?;
    if name.is_empty() || returns.is_empty() {
        return Err(syntax(sql));
    }
    Ok(CreateFunction {
        name,
        replace,
        if_not_exists,
        params,
        returns,
        body: body.to_string(),
        comment,
    })
}

/// `[ROUTINE_NOT_FOUND]`, as Spark words it.
pub fn not_found(name: &FullName) -> MlflowError {
    MlflowError::missing(format!(
        "[ROUTINE_NOT_FOUND] The routine `{}`.`{}`.`{}` cannot be found. Verify the spelling and correctness of the schema and catalog.",
        name.catalog, name.schema, name.name
    ))
}

impl Unity {
    /// Runs a parsed `CREATE FUNCTION`.
    pub fn create_function(&mut self, c: CreateFunction, now: i64) -> Result<(), MlflowError> {
        let name = FullName::parse(&c.name, "function").map_err(|e| MlflowError::invalid(e.0))?;
        self.check_schema(&name.catalog, &name.schema)?;
        self.require(&[
            (
                Privilege::UseCatalog,
                Securable::Catalog(name.catalog.clone()),
            ),
            (
                Privilege::UseSchema,
                Securable::Schema(name.catalog.clone(), name.schema.clone()),
            ),
            (
                Privilege::CreateFunction,
                Securable::Schema(name.catalog.clone(), name.schema.clone()),
            ),
        ])?;
        let key = name.to_string();
        if self.models.contains_key(&key) || (self.functions.contains_key(&key) && !c.replace) {
            if c.if_not_exists {
                return Ok(());
            }
            return Err(MlflowError::exists(format!(
                "[ROUTINE_ALREADY_EXISTS] Cannot create the routine `{}`.`{}`.`{}` because it already exists. Choose a different name, drop or replace the existing routine, or add the IF NOT EXISTS clause to tolerate a pre-existing routine.",
                name.catalog, name.schema, name.name
            )));
        }
        let user = self.principal();
        self.functions.insert(
            key,
            UcFunction {
                full_name: name.to_string(),
                params: c.params,
                returns: c.returns,
                body: c.body,
                comment: c.comment,
                created_at: now,
                created_by: user.clone(),
            },
        );
        self.access.set_owner(&Securable::Function(name), &user);
        Ok(())
    }

    /// `DROP FUNCTION [IF EXISTS] name` (the owner).
    pub fn drop_function(&mut self, name: &str, if_exists: bool) -> Result<(), MlflowError> {
        let name = FullName::parse(name, "function").map_err(|e| MlflowError::invalid(e.0))?;
        if !self.functions.contains_key(&name.to_string()) {
            return if if_exists {
                Ok(())
            } else {
                Err(not_found(&name))
            };
        }
        let sec = Securable::Function(name.clone());
        if !self.access.can_manage(&self.principal(), &sec) {
            return Err(MlflowError::denied(format!(
                "User '{}' is not the owner of {} and cannot drop it.",
                self.principal(),
                sec.describe()
            )));
        }
        self.access.forget(&sec);
        self.functions.remove(&name.to_string());
        Ok(())
    }

    /// A function the acting principal may EXECUTE.
    pub fn function(&self, name: &str) -> Result<&UcFunction, MlflowError> {
        let name = FullName::parse(name, "function").map_err(|e| MlflowError::invalid(e.0))?;
        let f = self
            .functions
            .get(&name.to_string())
            .ok_or_else(|| not_found(&name))?;
        self.require(&[
            (
                Privilege::UseCatalog,
                Securable::Catalog(name.catalog.clone()),
            ),
            (
                Privilege::UseSchema,
                Securable::Schema(name.catalog.clone(), name.schema.clone()),
            ),
            (Privilege::Execute, Securable::Function(name)),
        ])?;
        Ok(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_function_statements_parse() {
        let c = parse_create(
            "CREATE OR REPLACE FUNCTION main.default.ratio(a DOUBLE, b DOUBLE)\nRETURNS DOUBLE\nLANGUAGE PYTHON\nCOMMENT 'a / b'\nAS $$\nreturn a / b if b else None\n$$",
        )
        .unwrap()
        .unwrap();
        assert!(c.replace && !c.if_not_exists);
        assert_eq!(c.name, "main.default.ratio");
        assert_eq!(
            c.params,
            [("a".into(), "DOUBLE".into()), ("b".into(), "DOUBLE".into())]
        );
        assert_eq!(
            (c.returns.as_str(), c.comment.as_str()),
            ("DOUBLE", "a / b")
        );
        assert_eq!(c.body.trim(), "return a / b if b else None");
        assert!(parse_create("CREATE SCHEMA main.x").is_none());
        let sql_udf =
            parse_create("CREATE FUNCTION main.default.f(x INT) RETURNS INT RETURN x + 1");
        assert!(sql_udf
            .unwrap()
            .unwrap_err()
            .message
            .contains("Python functions only"));
        assert!(
            parse_create("CREATE FUNCTION main.default.f(x INT) RETURNS INT AS 'x'")
                .unwrap()
                .is_err()
        );
    }
}
