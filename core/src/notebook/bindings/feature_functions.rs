//! On-demand features in cells: `FeatureFunction(udf_name=, input_bindings=, output_name=)`
//! and the running of Unity Catalog Python functions, row by row, by the notebook runtime.
//!
//! While a function runs, the catalog is set aside (the engine holds it for the join), so a
//! function body sees an empty catalog: Databricks runs UC Python functions in a sandbox
//! without Spark or catalog access, so nothing a correct body does is lost.

use std::any::Any;

use super::cells::{to_cell, to_value};
use super::convert;
use crate::catalog::Unity;
use crate::features::functions::{FeatureFunction, OnDemand, ResolvedFunction};
use crate::features::{FsError, FsResult};
use crate::notebook::call::Sig;
use crate::notebook::error::PyErr;
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Dict, Object, Value};
use crate::table::{Cell, Column, DType, Table};

/// `FeatureFunction`.
#[derive(Debug, Clone)]
pub struct FunctionObj(pub FeatureFunction);

impl Object for FunctionObj {
    fn type_name(&self) -> &str {
        "FeatureFunction"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let f = &self.0;
        Some(match name {
            "udf_name" => Value::str(f.udf_name.as_str()),
            "output_name" => Value::str(f.output()),
            "input_bindings" => Value::dict(Dict::from_pairs(
                f.input_bindings
                    .iter()
                    .map(|(k, v)| (k.as_str(), Value::str(v.as_str()))),
            )),
            _ => return None,
        })
    }
    fn repr(&self) -> String {
        format!(
            "FeatureFunction(udf_name='{}', output_name='{}')",
            self.0.udf_name,
            self.0.output()
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `FeatureFunction(*, udf_name, input_bindings=None, output_name=None)`.
pub fn feature_function(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "FeatureFunction",
        params: &["*", "udf_name", "input_bindings=", "output_name="],
        is_method: false,
        display: "FeatureFunction(*, udf_name: str, input_bindings: Optional[Dict[str, str]] = None, output_name: Optional[str] = None)",
    }
    .bind(args)?;
    let udf_name = convert::string(&b.value("udf_name"), "FeatureFunction", "udf_name")?;
    let input_bindings = match b.value("input_bindings") {
        Value::None => Vec::new(),
        v => convert::string_pairs(&v, "FeatureFunction", "input_bindings")?,
    };
    let output_name = convert::opt_string(b.get("output_name"), "FeatureFunction", "output_name")?;
    Ok(Value::object(FunctionObj(FeatureFunction {
        udf_name,
        input_bindings: crate::sorting::map_of(input_bindings),
        output_name,
    })))
}

/// The column type of a SQL return type.
fn dtype(sql: &str) -> DType {
    match sql {
        "DOUBLE" | "FLOAT" | "DECIMAL" => DType::Float,
        "BIGINT" | "INT" | "INTEGER" | "LONG" | "SMALLINT" | "TINYINT" => DType::Int,
        "BOOLEAN" => DType::Bool,
        "DATE" => DType::Date,
        "TIMESTAMP" => DType::Timestamp,
        _ => DType::Str,
    }
}

/// Runs `f` on every row of `inputs` (columns named by parameter; nulls arrive as `None`).
fn udf_column(interp: &mut Interp, f: &ResolvedFunction, inputs: &Table) -> FsResult<Column> {
    let fail = |e: PyErr| {
        FsError::Runtime(format!(
            "[UDF_USER_CODE_ERROR] Execution of function {} failed: {}: {}",
            f.udf_name,
            e.kind.name(),
            e.message
        ))
    };
    let name = f
        .udf_name
        .rsplit('.')
        .next()
        .unwrap_or("udf")
        .replace('`', "");
    let body: String = f
        .body
        .trim_matches('\n')
        .lines()
        .map(|l| format!("    {l}\n"))
        .collect();
    let code = format!("def {name}({}):\n{body}", f.params.join(", "));
    let func = interp.define_function(&code, &name).map_err(fail)?;
    let want = dtype(&f.returns);
    let mut cells = Vec::with_capacity(inputs.num_rows());
    for i in 0..inputs.num_rows() {
        let args = Args {
            positional: inputs
                .columns()
                .iter()
                .map(|c| to_value(&c.get(i)))
                .collect(),
            keywords: Vec::new(),
        };
        let v = interp.call_value(&func, args).map_err(fail)?;
        let cell = to_cell(&v).map_err(fail)?;
        cells.push(match (cell, want) {
            (Cell::Int(n), DType::Float) => Cell::Float(n as f64),
            (c, _) => c,
        });
    }
    Column::from_cells(want, &cells).map_err(|_| {
        FsError::Runtime(format!(
            "[UDF_USER_CODE_ERROR] Execution of function {} failed: its values are not of its return type {}",
            f.udf_name, f.returns
        ))
    })
}

/// Runs `work` with the catalog and an on-demand callback that runs functions in `interp`.
pub fn with_on_demand<T>(
    interp: &mut Interp,
    work: impl FnOnce(&mut Unity, OnDemand<'_>) -> FsResult<T>,
) -> FsResult<T> {
    let mut unity = std::mem::take(&mut interp.ws.unity);
    let result = {
        let mut compute = |f: &ResolvedFunction, t: &Table| udf_column(interp, f, t);
        work(&mut unity, &mut compute)
    };
    interp.ws.unity = unity;
    result
}
