//! The `spark.sql` statements that read tables, run before Unity Catalog's own statements
//! ([`crate::catalog::sql`]): `SELECT ... FROM <table>` ([`crate::catalog::select`]) over any
//! table `spark.table` reads (temporary views, Delta tables, inference tables), `SHOW TABLES
//! [IN catalog.schema]`, and writes to an inference table, which are refused (it is
//! read-only). Also `spark.catalog.listTables(dbName)`.
//!
//! Lakelab's choices: the current schema is `main.default` (a new workspace's); `SHOW
//! TABLES` lists temporary views too, as Spark does, with an empty `database`.

use std::any::Any;
use std::rc::Rc;

use crate::catalog::select;
use crate::notebook::bindings::cells::spark_error;
use crate::notebook::call::Sig;
use crate::notebook::error::{ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Object, Value};
use crate::table::{Column, Table};

use super::dataframe::SparkFrame;
use super::row::RowObj;
use super::session::table_by_name;

fn analysis(message: impl Into<String>) -> PyErr {
    PyErr::new(ExcType::AnalysisException, message)
}

/// A table name as Unity Catalog keys it: `database.table` is in `hive_metastore`.
fn full_name(name: &str) -> String {
    let name = name.trim_matches('`').replace('`', "");
    match name.split('.').count() {
        2 => format!("{}.{name}", crate::catalog::HIVE),
        _ => name,
    }
}

/// `(catalog, schema)` of `SHOW TABLES IN <name>` (one part: a schema of `main`).
fn schema_of(name: Option<&str>) -> (String, String) {
    let Some(name) = name else {
        return ("main".into(), "default".into());
    };
    let name = name.replace('`', "").to_lowercase();
    match name.split_once('.') {
        Some((c, s)) => (c.to_string(), s.to_string()),
        None => ("main".into(), name),
    }
}

/// The name a write statement targets, if `sql` is one (`DROP TABLE`, `INSERT INTO`, ...).
fn write_target(sql: &str) -> Option<(String, String)> {
    let words: Vec<&str> = sql
        .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    let u: Vec<&str> = upper.iter().map(String::as_str).collect();
    let at = match u.as_slice() {
        ["DROP", "TABLE", "IF", "EXISTS", ..] => 4,
        ["DROP", "TABLE", ..]
        | ["TRUNCATE", "TABLE", ..]
        | ["ALTER", "TABLE", ..]
        | ["DELETE", "FROM", ..]
        | ["MERGE", "INTO", ..] => 2,
        ["INSERT", "INTO" | "OVERWRITE", "TABLE", ..] => 3,
        ["INSERT", "INTO" | "OVERWRITE", ..] => 2,
        ["UPDATE", ..] => 1,
        _ => return None,
    };
    let verb = u[..at.min(2)].join(" ");
    words.get(at).map(|n| (verb, full_name(n)))
}

/// Runs `sql` if it is one of this module's statements; `None` leaves it to Unity Catalog.
pub fn run(interp: &mut Interp, sql: &str) -> Option<Result<Value, PyErr>> {
    if select::is_select(sql) {
        return Some(run_select(interp, sql));
    }
    if let Some(refused) = drop_container(interp, sql) {
        return Some(Err(analysis(refused)));
    }
    if let Some((verb, name)) = write_target(sql) {
        if let Err(m) = interp.ws.refuse_inference_table_write(&name, &verb) {
            return Some(Err(analysis(m)));
        }
        return None;
    }
    let upper = sql.trim().trim_end_matches(';').to_ascii_uppercase();
    let words: Vec<&str> = upper.split_whitespace().collect();
    if words.len() >= 2 && words[0] == "SHOW" && words[1] == "TABLES" {
        let name = match words.as_slice() {
            [_, _] => None,
            [_, _, "IN" | "FROM", _] => sql.split_whitespace().nth(3),
            _ => {
                return Some(Err(analysis(format!(
                    "[PARSE_SYNTAX_ERROR] Syntax error in: {} (Lakelab runs SHOW TABLES [IN catalog.schema])",
                    sql.trim()
                ))))
            }
        };
        let name = name.map(|n| n.trim_end_matches(';'));
        return Some(show_tables(interp, name));
    }
    None
}

/// `DROP SCHEMA` / `DROP CATALOG` of a container holding an inference table: without
/// `CASCADE` Unity Catalog's "not empty" error; with it a refusal (Lakelab's choice: the table
/// lives as long as its endpoint, so the endpoint goes first).
fn drop_container(interp: &Interp, sql: &str) -> Option<String> {
    let words: Vec<&str> = sql
        .split(|c: char| c.is_whitespace() || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    let u: Vec<&str> = upper.iter().map(String::as_str).collect();
    let (kind, at) = match u.as_slice() {
        ["DROP", k @ ("SCHEMA" | "DATABASE" | "CATALOG"), "IF", "EXISTS", ..] => (*k, 4),
        ["DROP", k @ ("SCHEMA" | "DATABASE" | "CATALOG"), ..] => (*k, 2),
        _ => return None,
    };
    let name = words.get(at)?.replace('`', "").to_lowercase();
    let cascade = u.get(at + 1) == Some(&"CASCADE");
    let prefix = format!("{name}.");
    let (table, endpoint) = interp
        .ws
        .serving
        .payload_tables()
        .into_iter()
        .find(|(t, _)| {
            t.starts_with(&prefix) && (kind == "CATALOG" || t.matches('.').count() == 2)
        })?;
    if kind != "CATALOG" && name.matches('.').count() != 1 {
        return None;
    }
    Some(if cascade {
        format!("Cannot drop {} {name}: it holds {table}, the inference table of serving endpoint '{endpoint}', which lives as long as the endpoint (Lakelab's wording). Delete the endpoint first", kind.to_lowercase())
    } else if kind == "CATALOG" {
        format!("[SCHEMA_NOT_EMPTY] Cannot drop catalog `{name}` because it is not empty. Use DROP CATALOG ... CASCADE to drop the catalog and all its schemas and objects.")
    } else {
        let (c, s) = name.split_once('.').unwrap_or((&name, ""));
        format!("[SCHEMA_NOT_EMPTY] Cannot drop a schema `{c}`.`{s}` because it contains objects. Use DROP SCHEMA ... CASCADE to drop the schema and all its objects.")
    })
}

fn run_select(interp: &mut Interp, sql: &str) -> Result<Value, PyErr> {
    let q = select::parse(sql).map_err(analysis)?;
    let frame = table_by_name(interp, &q.from)?;
    let table =
        SparkFrame::of(&frame).ok_or_else(|| analysis(format!("`{}` is not a table", q.from)))?;
    let out = select::run(&q, &table).map_err(spark_error)?;
    Ok(SparkFrame::value(out))
}

/// The tables of a schema and the temporary views: `(database, tableName, isTemporary)`.
fn listing(interp: &Interp, name: Option<&str>) -> Result<Vec<(String, String, bool)>, PyErr> {
    let (catalog, schema) = schema_of(name);
    interp
        .ws
        .unity
        .check_schema(&catalog, &schema)
        .map_err(|e| analysis(format!("[SCHEMA_NOT_FOUND] {}", e.message)))?;
    let mut rows: Vec<(String, String, bool)> = interp
        .ws
        .tables_in(&catalog, &schema)
        .into_iter()
        .map(|t| {
            let table = t.rsplit('.').next().unwrap_or_default().to_string();
            (schema.clone(), table, false)
        })
        .collect();
    rows.extend(
        interp
            .session
            .temp_views
            .keys()
            .map(|v| (String::new(), v.clone(), true)),
    );
    Ok(rows)
}

fn show_tables(interp: &mut Interp, name: Option<&str>) -> Result<Value, PyErr> {
    let rows = listing(interp, name)?;
    let t = Table::new(
        vec!["database".into(), "tableName".into(), "isTemporary".into()],
        vec![
            Column::strings(rows.iter().map(|r| r.0.clone()).collect()),
            Column::strings(rows.iter().map(|r| r.1.clone()).collect()),
            Column::bools(rows.iter().map(|r| r.2).collect()),
        ],
    )
    .map_err(spark_error)?;
    Ok(SparkFrame::value(t))
}

/// `spark.catalog`: `listTables(dbName=None)` and `tableExists(tableName, dbName=None)`.
#[derive(Debug)]
pub struct CatalogObj;

impl Object for CatalogObj {
    fn type_name(&self) -> &str {
        "Catalog"
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "listTables" | "tableExists")
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        if name == "tableExists" {
            let b = Sig {
                name: "Catalog.tableExists",
                params: &["tableName", "dbName="],
                is_method: true,
                display:
                    "Catalog.tableExists(tableName: str, dbName: Optional[str] = None) -> bool",
            }
            .bind(args)?;
            let table = b.value("tableName").to_str();
            let full = match b.get("dbName").filter(|v| !matches!(v, Value::None)) {
                Some(db) => format!("{}.{table}", db.to_str()),
                None => table,
            };
            return Ok(Value::Bool(table_by_name(interp, &full).is_ok()));
        }
        let b = Sig {
            name: "Catalog.listTables",
            params: &["dbName=", "pattern="],
            is_method: true,
            display: "Catalog.listTables(dbName: Optional[str] = None, pattern: Optional[str] = None) -> List[Table]",
        }
        .bind(args)?;
        let db = b
            .get("dbName")
            .filter(|v| !matches!(v, Value::None))
            .map(Value::to_str);
        let (catalog, _) = schema_of(db.as_deref());
        let names = Rc::new(
            [
                "name",
                "catalog",
                "namespace",
                "description",
                "tableType",
                "isTemporary",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>(),
        );
        let rows = listing(interp, db.as_deref())?
            .into_iter()
            .map(|(schema, table, temp)| {
                let (cat, ns, kind) = if temp {
                    (Value::None, Value::list(vec![]), "TEMPORARY")
                } else {
                    (
                        Value::str(catalog.as_str()),
                        Value::list(vec![Value::str(schema.as_str())]),
                        "MANAGED",
                    )
                };
                Value::object(RowObj {
                    names: names.clone(),
                    values: vec![
                        Value::str(table.as_str()),
                        cat,
                        ns,
                        Value::None,
                        Value::str(kind),
                        Value::Bool(temp),
                    ],
                })
            })
            .collect();
        Ok(Value::list(rows))
    }
    fn repr(&self) -> String {
        "<pyspark.sql.catalog.Catalog object>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
