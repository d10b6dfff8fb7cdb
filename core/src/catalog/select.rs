//! The `SELECT` statements `spark.sql` runs: one table (a catalog table, an inference table
//! or a temporary view, resolved by the caller) with `WHERE`, `GROUP BY`, `ORDER BY`,
//! `LIMIT` and `DISTINCT`, over the table engine's expressions (Spark's null rules).
//!
//! What Lakelab leaves out (refused with a syntax error naming the position): joins,
//! subqueries, `HAVING`, window functions, `CASE`. Names in `WHERE` and `ORDER BY` are the
//! table's columns or the select list's aliases, as in Spark.

use crate::table::expr::{eval, AggFn, BinOp, Dialect, Expr, Func};
use crate::table::sort::{sorted_positions, SortKey};
use crate::table::{group, Cell, Table, TableError};

/// A parsed `SELECT`.
#[derive(Debug, Clone, PartialEq)]
pub struct Select {
    pub distinct: bool,
    pub items: Vec<Expr>,
    /// The table name as written (backticks removed).
    pub from: String,
    pub filter: Option<Expr>,
    pub group_by: Vec<String>,
    /// Expressions with `ascending`.
    pub order_by: Vec<(Expr, bool)>,
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A name, possibly dotted (`main.ml.t`); backticks removed.
    Name(String),
    Int(i64),
    Float(f64),
    Str(String),
    Sym(&'static str),
}

const SYMBOLS: [&str; 17] = [
    "<=", ">=", "<>", "!=", "==", "(", ")", ",", "*", "+", "-", "/", "%", "=", "<", ">", "[",
];

fn syntax(sql: &str, at: usize) -> String {
    format!("[PARSE_SYNTAX_ERROR] Syntax error at or near position {at} in: {sql}")
}

fn lex(sql: &str) -> Result<Vec<(Tok, usize)>, String> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() || c == ';' {
            i += 1;
            continue;
        }
        if c == '\'' || c == '"' {
            let close = chars[i + 1..]
                .iter()
                .position(|&d| d == c)
                .ok_or_else(|| syntax(sql, i))?;
            out.push((
                Tok::Str(chars[i + 1..i + 1 + close].iter().collect()),
                start,
            ));
            i += close + 2;
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let tok = match text.parse::<i64>() {
                Ok(n) => Tok::Int(n),
                Err(_) => Tok::Float(text.parse().map_err(|_| syntax(sql, start))?),
            };
            out.push((tok, start));
            continue;
        }
        if c == '`' || c.is_alphabetic() || c == '_' {
            let mut name = String::new();
            loop {
                if chars.get(i) == Some(&'`') {
                    let close = chars[i + 1..]
                        .iter()
                        .position(|&d| d == '`')
                        .ok_or_else(|| syntax(sql, i))?;
                    name.extend(&chars[i + 1..i + 1 + close]);
                    i += close + 2;
                } else {
                    let s = i;
                    while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                        i += 1;
                    }
                    if s == i {
                        return Err(syntax(sql, i));
                    }
                    name.extend(&chars[s..i]);
                }
                if chars.get(i) == Some(&'.') {
                    name.push('.');
                    i += 1;
                } else {
                    break;
                }
            }
            out.push((Tok::Name(name), start));
            continue;
        }
        let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
        let sym = SYMBOLS
            .iter()
            .chain(&["]"])
            .find(|s| rest.starts_with(**s))
            .ok_or_else(|| syntax(sql, i))?;
        out.push((Tok::Sym(sym), start));
        i += sym.len();
    }
    Ok(out)
}

struct Parser<'a> {
    toks: Vec<(Tok, usize)>,
    at: usize,
    sql: &'a str,
}

/// Words that end an expression or the select list.
const KEYWORDS: [&str; 16] = [
    "FROM", "WHERE", "GROUP", "ORDER", "LIMIT", "AS", "AND", "OR", "NOT", "IS", "IN", "BETWEEN",
    "ASC", "DESC", "BY", "HAVING",
];

impl Parser<'_> {
    fn err(&self) -> String {
        let at = self
            .toks
            .get(self.at)
            .map_or(self.sql.chars().count(), |t| t.1);
        syntax(self.sql, at)
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at).map(|t| &t.0)
    }

    fn word(&self) -> Option<String> {
        match self.peek() {
            Some(Tok::Name(n)) => Some(n.to_ascii_uppercase()),
            _ => None,
        }
    }

    fn eat(&mut self, word: &str) -> bool {
        if self.word().as_deref() == Some(word) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, word: &str) -> Result<(), String> {
        if self.eat(word) {
            Ok(())
        } else {
            Err(self.err())
        }
    }

    fn sym(&mut self, s: &str) -> bool {
        if self.peek() == Some(&Tok::Sym(s_static(s))) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut e = self.and()?;
        while self.eat("OR") {
            e = Expr::bin(BinOp::Or, e, self.and()?);
        }
        Ok(e)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut e = self.not()?;
        while self.eat("AND") {
            e = Expr::bin(BinOp::And, e, self.not()?);
        }
        Ok(e)
    }

    fn not(&mut self) -> Result<Expr, String> {
        if self.eat("NOT") {
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, String> {
        let left = self.additive()?;
        let ops = [
            ("=", BinOp::Eq),
            ("==", BinOp::Eq),
            ("!=", BinOp::Ne),
            ("<>", BinOp::Ne),
            ("<", BinOp::Lt),
            ("<=", BinOp::Le),
            (">", BinOp::Gt),
            (">=", BinOp::Ge),
        ];
        for (s, op) in ops {
            if self.sym(s) {
                return Ok(Expr::bin(op, left, self.additive()?));
            }
        }
        if self.eat("IS") {
            let negate = self.eat("NOT");
            self.expect("NULL")?;
            return Ok(if negate {
                Expr::IsNotNull(Box::new(left))
            } else {
                Expr::IsNull(Box::new(left))
            });
        }
        let negate = self.eat("NOT");
        let e = if self.eat("IN") {
            if !self.sym("(") {
                return Err(self.err());
            }
            let mut values = Vec::new();
            loop {
                match self.primary()? {
                    Expr::Lit(c) => values.push(c),
                    Expr::Neg(inner) => match *inner {
                        Expr::Lit(Cell::Int(i)) => values.push(Cell::Int(-i)),
                        Expr::Lit(Cell::Float(f)) => values.push(Cell::Float(-f)),
                        _ => return Err(self.err()),
                    },
                    _ => return Err(self.err()),
                }
                if !self.sym(",") {
                    break;
                }
            }
            if !self.sym(")") {
                return Err(self.err());
            }
            Expr::IsIn(Box::new(left), values)
        } else if self.eat("BETWEEN") {
            let lo = self.additive()?;
            self.expect("AND")?;
            let hi = self.additive()?;
            Expr::bin(
                BinOp::And,
                Expr::bin(BinOp::Ge, left.clone(), lo),
                Expr::bin(BinOp::Le, left, hi),
            )
        } else if negate {
            return Err(self.err());
        } else {
            return Ok(left);
        };
        Ok(if negate { Expr::Not(Box::new(e)) } else { e })
    }

    fn additive(&mut self) -> Result<Expr, String> {
        let mut e = self.multiplicative()?;
        loop {
            let op = if self.sym("+") {
                BinOp::Add
            } else if self.sym("-") {
                BinOp::Sub
            } else {
                return Ok(e);
            };
            e = Expr::bin(op, e, self.multiplicative()?);
        }
    }

    fn multiplicative(&mut self) -> Result<Expr, String> {
        let mut e = self.unary()?;
        loop {
            let op = if self.sym("*") {
                BinOp::Mul
            } else if self.sym("/") {
                BinOp::Div
            } else if self.sym("%") {
                BinOp::Mod
            } else {
                return Ok(e);
            };
            e = Expr::bin(op, e, self.unary()?);
        }
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.sym("-") {
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, String> {
        let tok = self.peek().cloned().ok_or_else(|| self.err())?;
        match tok {
            Tok::Int(n) => {
                self.at += 1;
                Ok(Expr::Lit(Cell::Int(n)))
            }
            Tok::Float(f) => {
                self.at += 1;
                Ok(Expr::Lit(Cell::Float(f)))
            }
            Tok::Str(s) => {
                self.at += 1;
                Ok(Expr::Lit(Cell::Str(s)))
            }
            Tok::Sym("(") => {
                self.at += 1;
                let e = self.or()?;
                if !self.sym(")") {
                    return Err(self.err());
                }
                Ok(e)
            }
            Tok::Name(name) => {
                let upper = name.to_ascii_uppercase();
                if KEYWORDS.contains(&upper.as_str()) {
                    return Err(self.err());
                }
                self.at += 1;
                match upper.as_str() {
                    "TRUE" => return Ok(Expr::Lit(Cell::Bool(true))),
                    "FALSE" => return Ok(Expr::Lit(Cell::Bool(false))),
                    "NULL" => return Ok(Expr::Lit(Cell::Null)),
                    _ => {}
                }
                if self.sym("(") {
                    return self.call(&name);
                }
                Ok(Expr::Col(name))
            }
            Tok::Sym(_) => Err(self.err()),
        }
    }

    /// `f(args)`, after the `(`.
    fn call(&mut self, name: &str) -> Result<Expr, String> {
        let lower = name.to_ascii_lowercase();
        let distinct = self.eat("DISTINCT");
        let mut args = Vec::new();
        if self.sym("*") {
            args.push(Expr::Star);
        } else if !matches!(self.peek(), Some(Tok::Sym(")"))) {
            loop {
                args.push(self.or()?);
                if !self.sym(",") {
                    break;
                }
            }
        }
        if !self.sym(")") {
            return Err(self.err());
        }
        let agg = match lower.as_str() {
            "count" if distinct => Some(AggFn::CountDistinct),
            "count" => Some(AggFn::Count),
            "sum" => Some(AggFn::Sum),
            "avg" | "mean" => Some(AggFn::Mean),
            "min" => Some(AggFn::Min),
            "max" => Some(AggFn::Max),
            "stddev" | "stddev_samp" | "std" => Some(AggFn::StdDev),
            "variance" | "var_samp" => Some(AggFn::Variance),
            "first" => Some(AggFn::First),
            _ => None,
        };
        if let Some(f) = agg {
            let [arg] = <[Expr; 1]>::try_from(args).map_err(|_| self.err())?;
            // `count(*)` / `count(1)` count rows.
            let arg = match (f, arg) {
                (AggFn::Count, Expr::Lit(_)) => Expr::Star,
                (_, a) => a,
            };
            return Ok(Expr::Agg(f, Box::new(arg)));
        }
        let func = match lower.as_str() {
            "abs" => Func::Abs,
            "sqrt" => Func::Sqrt,
            "ln" => Func::Ln,
            "log10" => Func::Log10,
            "exp" => Func::Exp,
            "floor" => Func::Floor,
            "ceil" | "ceiling" => Func::Ceil,
            "round" => Func::Round,
            "upper" => Func::Upper,
            "lower" => Func::Lower,
            "trim" => Func::Trim,
            "length" => Func::Length,
            "year" => Func::Year,
            "month" => Func::Month,
            "to_date" | "date" => Func::ToDate,
            "coalesce" => Func::Coalesce,
            "concat" => Func::Concat,
            _ => {
                return Err(format!(
                    "[UNRESOLVED_ROUTINE] Cannot resolve routine `{name}` on search path (Lakelab's spark.sql knows count, sum, avg, min, max, stddev, variance, first and abs, sqrt, ln, log10, exp, floor, ceil, round, upper, lower, trim, length, year, month, to_date, coalesce, concat)."
                ))
            }
        };
        if func == Func::Round && args.len() == 1 {
            args.push(Expr::Lit(Cell::Int(0)));
        }
        Ok(Expr::Call(func, args))
    }

    /// An expression with an optional `[AS] alias`.
    fn item(&mut self) -> Result<Expr, String> {
        if self.sym("*") {
            return Ok(Expr::Star);
        }
        let e = self.or()?;
        let explicit = self.eat("AS");
        let alias = if explicit || self.word().is_some_and(|w| !KEYWORDS.contains(&w.as_str())) {
            Some(self.alias()?)
        } else {
            None
        };
        Ok(match alias {
            Some(a) => Expr::Alias(Box::new(e), a),
            None => e,
        })
    }

    fn alias(&mut self) -> Result<String, String> {
        match self.peek().cloned() {
            Some(Tok::Name(n)) if !n.contains('.') => {
                self.at += 1;
                Ok(n)
            }
            _ => Err(self.err()),
        }
    }
}

/// `Tok::Sym` holds `&'static str`; compare by text.
fn s_static(s: &str) -> &'static str {
    SYMBOLS
        .iter()
        .chain(&["]"])
        .find(|x| **x == s)
        .copied()
        .unwrap_or("")
}

/// Whether `sql` is a `SELECT` (what [`parse`] takes).
pub fn is_select(sql: &str) -> bool {
    let t = sql.trim_start();
    t.get(..6).is_some_and(|w| w.eq_ignore_ascii_case("select"))
        && !t[6..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
}

/// Parses a `SELECT`; `Err` is Spark's `[PARSE_SYNTAX_ERROR]` (or another error class).
pub fn parse(sql: &str) -> Result<Select, String> {
    let mut p = Parser {
        toks: lex(sql)?,
        at: 0,
        sql: sql.trim(),
    };
    p.expect("SELECT")?;
    let distinct = p.eat("DISTINCT");
    let mut items = vec![p.item()?];
    while p.sym(",") {
        items.push(p.item()?);
    }
    p.expect("FROM")?;
    let from = match p.peek().cloned() {
        Some(Tok::Name(n)) => {
            p.at += 1;
            n
        }
        _ => return Err(p.err()),
    };
    let filter = if p.eat("WHERE") { Some(p.or()?) } else { None };
    let mut group_by = Vec::new();
    if p.eat("GROUP") {
        p.expect("BY")?;
        loop {
            match p.or()? {
                Expr::Col(n) => group_by.push(n),
                _ => return Err(p.err()),
            }
            if !p.sym(",") {
                break;
            }
        }
    }
    let mut order_by = Vec::new();
    if p.eat("ORDER") {
        p.expect("BY")?;
        loop {
            let e = p.or()?;
            let asc = !p.eat("DESC");
            if asc {
                p.eat("ASC");
            }
            order_by.push((e, asc));
            if !p.sym(",") {
                break;
            }
        }
    }
    let limit = if p.eat("LIMIT") {
        match p.peek() {
            Some(Tok::Int(n)) if *n >= 0 => {
                let n = *n as usize;
                p.at += 1;
                Some(n)
            }
            _ => return Err(p.err()),
        }
    } else {
        None
    };
    if p.at != p.toks.len() {
        return Err(p.err());
    }
    Ok(Select {
        distinct,
        items,
        from,
        filter,
        group_by,
        order_by,
        limit,
    })
}

/// Runs a parsed `SELECT` over its (resolved) table.
pub fn run(q: &Select, table: &Table) -> Result<Table, TableError> {
    let spark = Dialect::Spark;
    let mut t = match &q.filter {
        Some(cond) => table.filter(&eval(cond, table, spark, false)?)?,
        None => table.clone(),
    };
    // The rows before projection: without aggregation or DISTINCT they match the result's
    // rows one to one, so ORDER BY may also name a column that is not selected, as in Spark.
    let input = t.clone();
    let aggregated = !q.group_by.is_empty() || q.items.iter().any(Expr::has_agg);
    t = if aggregated {
        let aggs: Vec<Expr> = q.items.iter().filter(|e| e.has_agg()).cloned().collect();
        let grouped = group::aggregate(&t, &q.group_by, &aggs, spark, true)?;
        let mut names = Vec::new();
        let mut columns = Vec::new();
        for e in &q.items {
            let (source, name) = match e {
                Expr::Alias(inner, a) if !inner.has_agg() => (inner.name(), a.clone()),
                other => (other.name(), other.name()),
            };
            if !e.has_agg() && !q.group_by.iter().any(|g| g.eq_ignore_ascii_case(&source)) {
                return Err(TableError::Invalid(format!(
                    "[MISSING_AGGREGATION] The non-aggregating expression \"{source}\" is based on columns which are not participating in the GROUP BY clause. Add the columns or the expression to the GROUP BY, or aggregate the expression."
                )));
            }
            columns.push(grouped.column(&source, false)?.clone());
            names.push(name);
        }
        Table::new(names, columns)?
    } else {
        let mut names = Vec::new();
        let mut columns = Vec::new();
        for e in &q.items {
            match e {
                Expr::Star => {
                    names.extend(t.names().iter().cloned());
                    columns.extend(t.columns().iter().cloned());
                }
                Expr::Col(n) => {
                    let i = t.find(n, false)?;
                    names.push(t.names()[i].clone());
                    columns.push(t.column_at(i).clone());
                }
                other => {
                    columns.push(eval(other, &t, spark, false)?);
                    names.push(other.name());
                }
            }
        }
        Table::new(names, columns)?
    };
    if q.distinct {
        t = t.distinct();
    }
    if !q.order_by.is_empty() {
        let values = q
            .order_by
            .iter()
            .map(|(e, _)| match eval(e, &t, spark, false) {
                Err(_) if !aggregated && !q.distinct => eval(e, &input, spark, false),
                other => other,
            })
            .collect::<Result<Vec<_>, _>>()?;
        let keys: Vec<SortKey> = values
            .iter()
            .zip(&q.order_by)
            .map(|(v, (_, asc))| SortKey {
                values: v,
                ascending: *asc,
                nulls_first: *asc,
            })
            .collect();
        t = t.take(&sorted_positions(t.num_rows(), &keys));
    }
    if let Some(n) = q.limit {
        t = t.head(n);
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Column;

    fn table() -> Table {
        Table::new(
            vec!["status_code".into(), "model".into(), "ms".into()],
            vec![
                Column::ints(vec![200, 200, 400, 200]),
                Column::strings(vec!["a".into(), "b".into(), "a".into(), "a".into()]),
                Column::floats(vec![1.0, 2.0, 3.0, 4.0]),
            ],
        )
        .unwrap()
    }

    #[test]
    fn filters_groups_orders_and_limits() {
        let q = parse("SELECT model, count(*) AS n, avg(ms) FROM main.ml.`t_payload` WHERE status_code = 200 GROUP BY model ORDER BY n DESC LIMIT 5;").unwrap();
        assert_eq!(q.from, "main.ml.t_payload");
        let t = run(&q, &table()).unwrap();
        assert_eq!(t.names(), ["model", "n", "avg(ms)"]);
        assert_eq!(
            t.row(0),
            vec![Cell::Str("a".into()), Cell::Int(2), Cell::Float(2.5)]
        );
        assert_eq!(t.num_rows(), 2);
        let q = parse("select * from t where ms between 2 and 3 and not model in ('b')").unwrap();
        assert_eq!(run(&q, &table()).unwrap().num_rows(), 1);
        let q = parse("SELECT count(1) FROM t").unwrap();
        assert_eq!(run(&q, &table()).unwrap().row(0), vec![Cell::Int(4)]);
    }

    #[test]
    fn orders_by_a_column_that_is_not_selected_unless_grouped_or_distinct() {
        let q = parse("SELECT model FROM t ORDER BY ms DESC").unwrap();
        let t = run(&q, &table()).unwrap();
        assert_eq!(t.names(), ["model"]);
        let models: Vec<Cell> = (0..t.num_rows()).map(|i| t.row(i)[0].clone()).collect();
        let want = ["a", "a", "b", "a"].map(|m| Cell::Str(m.into()));
        assert_eq!(models, want, "ms 4, 3, 2, 1");
        let q = parse("SELECT DISTINCT model FROM t ORDER BY ms").unwrap();
        assert!(run(&q, &table()).is_err());
        let q = parse("SELECT model, count(*) FROM t GROUP BY model ORDER BY ms").unwrap();
        assert!(run(&q, &table()).is_err());
    }

    #[test]
    fn refuses_what_it_does_not_parse() {
        assert!(parse("SELECT a FROM t JOIN u")
            .unwrap_err()
            .starts_with("[PARSE_SYNTAX_ERROR]"));
        assert!(parse("SELECT FROM t").is_err());
        assert!(parse("SELECT 'open FROM t").is_err());
        assert!(parse("SELECT nope(a) FROM t")
            .unwrap_err()
            .starts_with("[UNRESOLVED_ROUTINE]"));
        let q = parse("SELECT model, ms FROM t GROUP BY model").unwrap();
        assert!(run(&q, &table()).is_err());
        assert!(is_select("  select 1") && !is_select("selection"));
    }
}
