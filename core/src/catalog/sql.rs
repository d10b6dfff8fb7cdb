//! The SQL statements Lakelab runs on Unity Catalog (through `spark.sql(...)`):
//! `GRANT` / `REVOKE` privileges `ON` a securable `TO` / `FROM` a principal,
//! `SHOW GRANTS [principal] ON ...`, `CREATE CATALOG` / `CREATE SCHEMA` (`IF NOT EXISTS`,
//! `COMMENT`), `DROP CATALOG` / `DROP SCHEMA` (`IF EXISTS`, `CASCADE`), `ALTER ... OWNER TO`,
//! `SHOW CATALOGS`, `SHOW SCHEMAS [IN catalog]`, `ALTER TABLE ... SET TBLPROPERTIES (...)`.
//! Anything else is refused by name.

use super::privileges::{Privilege, Securable};
use super::Unity;
use crate::tracking::MlflowError;

/// What a statement returns: nothing, or rows of text.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlResult {
    Done,
    Rows {
        columns: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// Typed rows (`DESCRIBE HISTORY`).
    Frame(crate::table::Table),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    /// A dotted name, parts kept with their backticks (`` `my-cat`.ml ``).
    Name(String),
    Str(String),
    Comma,
    /// `(`, `)` or `=`.
    Punct(char),
}

fn lex(sql: &str) -> Result<Vec<Tok>, MlflowError> {
    let mut out = Vec::new();
    let chars: Vec<char> = sql.trim().trim_end_matches(';').chars().collect();
    let mut i = 0;
    let syntax = |at: usize| {
        MlflowError::invalid(format!(
            "[PARSE_SYNTAX_ERROR] Syntax error at or near position {at} in: {sql}"
        ))
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == ',' {
            out.push(Tok::Comma);
            i += 1;
        } else if matches!(c, '(' | ')' | '=') {
            out.push(Tok::Punct(c));
            i += 1;
        } else if c == '\'' || c == '"' {
            let close = chars[i + 1..]
                .iter()
                .position(|&d| d == c)
                .ok_or_else(|| syntax(i))?;
            out.push(Tok::Str(chars[i + 1..i + 1 + close].iter().collect()));
            i += close + 2;
        } else if c == '`' || c.is_alphanumeric() || c == '_' {
            let mut name = String::new();
            let mut dotted = false;
            loop {
                if i < chars.len() && chars[i] == '`' {
                    let close = chars[i + 1..]
                        .iter()
                        .position(|&d| d == '`')
                        .ok_or_else(|| syntax(i))?;
                    name.extend(&chars[i..i + close + 2]);
                    i += close + 2;
                    dotted = true;
                } else {
                    let start = i;
                    while i < chars.len()
                        && (chars[i].is_alphanumeric()
                            || chars[i] == '_'
                            || chars[i] == '-'
                            || chars[i] == '@')
                    {
                        i += 1;
                    }
                    if start == i {
                        return Err(syntax(i));
                    }
                    name.extend(&chars[start..i]);
                }
                if i < chars.len() && chars[i] == '.' {
                    name.push('.');
                    i += 1;
                    dotted = true;
                } else {
                    break;
                }
            }
            out.push(if dotted {
                Tok::Name(name)
            } else {
                Tok::Word(name)
            });
        } else {
            return Err(syntax(i));
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
    sql: String,
}

impl Parser {
    fn err(&self) -> MlflowError {
        MlflowError::invalid(format!(
            "[PARSE_SYNTAX_ERROR] Syntax error in: {}",
            self.sql
        ))
    }

    fn peek_word(&self) -> Option<String> {
        match self.toks.get(self.at) {
            Some(Tok::Word(w)) => Some(w.to_uppercase()),
            _ => None,
        }
    }

    fn eat(&mut self, word: &str) -> bool {
        if self.peek_word().as_deref() == Some(word) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, word: &str) -> Result<(), MlflowError> {
        if self.eat(word) {
            Ok(())
        } else {
            Err(self.err())
        }
    }

    fn name(&mut self) -> Result<String, MlflowError> {
        match self.toks.get(self.at).cloned() {
            Some(Tok::Word(w)) | Some(Tok::Name(w)) => {
                self.at += 1;
                Ok(w)
            }
            _ => Err(self.err()),
        }
    }

    /// A principal: a plain word, or backticked (`` `alice@lakelab` ``, `` `account users` ``).
    fn principal(&mut self) -> Result<String, MlflowError> {
        let n = self.name()?;
        Ok(n.trim_matches('`').to_string())
    }

    fn done(&self) -> Result<(), MlflowError> {
        if self.at == self.toks.len() {
            Ok(())
        } else {
            Err(self.err())
        }
    }

    fn privileges(&mut self) -> Result<Vec<Privilege>, MlflowError> {
        let mut out = Vec::new();
        loop {
            let mut words = Vec::new();
            while let Some(w) = self.peek_word() {
                if w == "ON" {
                    break;
                }
                words.push(w);
                self.at += 1;
            }
            let text = words.join(" ");
            let p = Privilege::parse(&text).ok_or_else(|| {
                MlflowError::invalid(format!(
                    "[INVALID_PRIVILEGE] '{text}' is not a privilege Unity Catalog knows"
                ))
            })?;
            out.push(p);
            if matches!(self.toks.get(self.at), Some(Tok::Comma)) {
                self.at += 1;
            } else {
                break;
            }
        }
        Ok(out)
    }

    fn punct(&mut self, c: char) -> Result<(), MlflowError> {
        if self.toks.get(self.at) == Some(&Tok::Punct(c)) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.err())
        }
    }

    /// `('key' = 'value', key = value, ...)`: keys and values as words, names or strings.
    fn properties(&mut self) -> Result<Vec<(String, String)>, MlflowError> {
        self.punct('(')?;
        let mut out = Vec::new();
        loop {
            let text = |t: Option<&Tok>| match t {
                Some(Tok::Word(w)) | Some(Tok::Name(w)) | Some(Tok::Str(w)) => Some(w.clone()),
                _ => None,
            };
            let key = text(self.toks.get(self.at)).ok_or_else(|| self.err())?;
            self.at += 1;
            self.punct('=')?;
            let value = text(self.toks.get(self.at)).ok_or_else(|| self.err())?;
            self.at += 1;
            out.push((key, value));
            match self.toks.get(self.at) {
                Some(Tok::Comma) => self.at += 1,
                _ => break,
            }
        }
        self.punct(')')?;
        Ok(out)
    }

    fn securable(&mut self, unity: &Unity) -> Result<Securable, MlflowError> {
        let kind = self.peek_word().ok_or_else(|| self.err())?;
        self.at += 1;
        if kind == "METASTORE" {
            return Ok(Securable::Metastore);
        }
        let name = self.name()?;
        unity.securable(&kind, &name)
    }
}

/// Runs one statement against `unity` as its acting principal.
pub fn execute(unity: &mut Unity, sql: &str, now: i64) -> Result<SqlResult, MlflowError> {
    // A function's body is Python: it is split off before the SQL lexer sees it.
    if let Some(create) = super::functions::parse_create(sql) {
        unity.create_function(create?, now)?;
        return Ok(SqlResult::Done);
    }
    let mut p = Parser {
        toks: lex(sql)?,
        at: 0,
        sql: sql.trim().to_string(),
    };
    let first = p.peek_word().ok_or_else(|| p.err())?;
    p.at += 1;
    match first.as_str() {
        "GRANT" | "REVOKE" => {
            let privileges = p.privileges()?;
            p.expect("ON")?;
            let s = p.securable(unity)?;
            p.expect(if first == "GRANT" { "TO" } else { "FROM" })?;
            let principal = p.principal()?;
            p.done()?;
            if first == "GRANT" {
                unity.grant(&s, &privileges, &principal)?;
            } else {
                unity.revoke(&s, &privileges, &principal)?;
            }
            Ok(SqlResult::Done)
        }
        "SHOW" => {
            if p.eat("GRANTS") {
                let who = if p.peek_word().as_deref() == Some("ON") {
                    None
                } else {
                    Some(p.principal()?)
                };
                p.expect("ON")?;
                let s = p.securable(unity)?;
                p.done()?;
                let (object_type, object_key) = match &s {
                    Securable::Metastore => ("METASTORE".to_string(), String::new()),
                    Securable::Catalog(c) => ("CATALOG".into(), c.clone()),
                    Securable::Schema(c, sc) => ("SCHEMA".into(), format!("{c}.{sc}")),
                    Securable::Table(n) => ("TABLE".into(), n.to_string()),
                    Securable::Model(n) | Securable::Function(n) => {
                        ("FUNCTION".into(), n.to_string())
                    }
                };
                let rows = unity
                    .access
                    .grants_on(&s)
                    .into_iter()
                    .filter(|(pr, _)| who.as_ref().is_none_or(|w| w == pr))
                    .map(|(pr, privilege)| {
                        vec![
                            pr,
                            privilege.sql().to_string(),
                            object_type.clone(),
                            object_key.clone(),
                        ]
                    })
                    .collect();
                return Ok(SqlResult::Rows {
                    columns: ["Principal", "ActionType", "ObjectType", "ObjectKey"]
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                    rows,
                });
            }
            if p.eat("CATALOGS") {
                p.done()?;
                return Ok(SqlResult::Rows {
                    columns: vec!["catalog".into()],
                    rows: unity.catalogs.keys().map(|c| vec![c.clone()]).collect(),
                });
            }
            if p.eat("SCHEMAS") || p.eat("DATABASES") {
                let catalog = if p.eat("IN") || p.eat("FROM") {
                    p.name()?.to_lowercase()
                } else {
                    "main".to_string()
                };
                p.done()?;
                unity.check_catalog(&catalog)?;
                let rows = unity
                    .catalogs
                    .get(&catalog)
                    .map(|c| c.schemas.keys().map(|s| vec![s.clone()]).collect())
                    .unwrap_or_default();
                return Ok(SqlResult::Rows {
                    columns: vec!["databaseName".into()],
                    rows,
                });
            }
            Err(unsupported(sql))
        }
        "CREATE" => {
            let what = p.peek_word().ok_or_else(|| p.err())?;
            p.at += 1;
            let if_not_exists = if p.eat("IF") {
                p.expect("NOT")?;
                p.expect("EXISTS")?;
                true
            } else {
                false
            };
            let name = p.name()?;
            let comment = if p.eat("COMMENT") {
                match p.toks.get(p.at).cloned() {
                    Some(Tok::Str(s)) => {
                        p.at += 1;
                        s
                    }
                    _ => return Err(p.err()),
                }
            } else {
                String::new()
            };
            p.done()?;
            match what.as_str() {
                "CATALOG" => unity
                    .create_catalog(&name, &comment, if_not_exists, now)
                    .map(|_| SqlResult::Done),
                "SCHEMA" | "DATABASE" => unity
                    .create_schema(&name, &comment, if_not_exists, now)
                    .map(|_| SqlResult::Done),
                _ => Err(unsupported(sql)),
            }
        }
        "DROP" => {
            let what = p.peek_word().ok_or_else(|| p.err())?;
            p.at += 1;
            let if_exists = if p.eat("IF") {
                p.expect("EXISTS")?;
                true
            } else {
                false
            };
            let name = p.name()?;
            let cascade = p.eat("CASCADE");
            if !cascade {
                p.eat("RESTRICT");
            }
            p.done()?;
            match what.as_str() {
                "FUNCTION" => unity
                    .drop_function(&name, if_exists)
                    .map(|_| SqlResult::Done),
                "CATALOG" => unity
                    .drop_catalog(&name, cascade, if_exists)
                    .map(|_| SqlResult::Done),
                "SCHEMA" | "DATABASE" => unity
                    .drop_schema(&name, cascade, if_exists)
                    .map(|_| SqlResult::Done),
                _ => Err(unsupported(sql)),
            }
        }
        "DESCRIBE" | "DESC" => {
            p.expect("HISTORY")?;
            let name = p.name()?;
            p.done()?;
            let table = unity.table_name(&name)?;
            Ok(SqlResult::Frame(unity.describe_history(&table)?))
        }
        "ALTER" => {
            let kind = p.peek_word().ok_or_else(|| p.err())?;
            p.at += 1;
            let name = p.name()?;
            if kind == "TABLE" && p.eat("SET") {
                p.expect("TBLPROPERTIES")?;
                let props = p.properties()?;
                p.done()?;
                let table = unity.table_name(&name)?;
                unity.set_table_properties(&table, props, now)?;
                return Ok(SqlResult::Done);
            }
            p.expect("OWNER")?;
            p.expect("TO")?;
            let principal = p.principal()?;
            p.done()?;
            let s = unity.securable(&kind, &name)?;
            unity.set_owner(&s, &principal)?;
            Ok(SqlResult::Done)
        }
        _ => Err(unsupported(sql)),
    }
}

fn unsupported(sql: &str) -> MlflowError {
    MlflowError::internal(format!(
        "Lakelab runs only the Unity Catalog statements GRANT, REVOKE, SHOW GRANTS, SHOW CATALOGS, SHOW SCHEMAS, CREATE/DROP CATALOG, CREATE/DROP SCHEMA, CREATE/DROP FUNCTION (Python), DESCRIBE HISTORY, ALTER ... OWNER TO and ALTER TABLE ... SET TBLPROPERTIES; not: {sql}"
    ))
}
