//! On-demand features: `FeatureFunction(udf_name=, input_bindings=, output_name=)` computes a
//! feature per row with a Unity Catalog Python function, in `load_df()`, in `score_batch` and
//! (later) at serving time. The functions' bodies are Python, so the notebook runtime runs
//! them: the engine asks its caller through an [`OnDemand`] callback.
//!
//! Checks follow databricks-feature-engineering 0.14.0 (`validate_column_infos`): duplicate
//! on-demand output names, an output named like a label, outputs that clash with `df`'s
//! columns or lookup outputs, inputs bound to columns that do not exist, and bindings that do
//! not match the function's parameters. Inputs may be `df` columns or looked-up features;
//! on-demand features are computed after the lookups and before `exclude_columns` apply.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::training::pylist;
use super::{FsError, FsResult};
use crate::catalog::Unity;
use crate::table::{Column, Table};

/// `FeatureFunction(udf_name=, input_bindings=, output_name=)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureFunction {
    pub udf_name: String,
    /// Parameter → column.
    pub input_bindings: BTreeMap<String, String>,
    /// Defaults to the function's name (its last part).
    pub output_name: Option<String>,
}

impl FeatureFunction {
    pub fn output(&self) -> String {
        self.output_name.clone().unwrap_or_else(|| {
            self.udf_name
                .rsplit('.')
                .next()
                .unwrap_or(&self.udf_name)
                .to_string()
        })
    }
}

/// A function resolved against Unity Catalog when the training set was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ResolvedFunction {
    pub udf_name: String,
    /// (parameter, column), in the function's parameter order.
    pub inputs: Vec<(String, String)>,
    pub output: String,
    /// SQL return type (`DOUBLE`, `BIGINT`, `STRING`, `BOOLEAN`, ...).
    pub returns: String,
    pub params: Vec<String>,
    pub body: String,
}

crate::flat_de::map_only!(ResolvedFunction);

/// Computes one on-demand column from its input columns (named by parameter).
pub type OnDemand<'a> = &'a mut dyn FnMut(&ResolvedFunction, &Table) -> FsResult<Column>;

fn unique(items: &[String], template: &str) -> FsResult<()> {
    let mut dups = Vec::new();
    for (i, s) in items.iter().enumerate() {
        if items[..i].contains(s) && !dups.contains(s) {
            dups.push(s.clone());
        }
    }
    if dups.is_empty() {
        Ok(())
    } else {
        Err(FsError::Value(template.replace("{}", &pylist(&dups))))
    }
}

/// Resolves and checks the functions of a training set. `columns` are `df`'s columns plus
/// the lookups' outputs; `lookup_outputs` the lookups' outputs alone.
pub fn resolve(
    unity: &Unity,
    functions: &[FeatureFunction],
    df_columns: &[String],
    lookup_outputs: &[String],
    labels: &[String],
) -> FsResult<Vec<ResolvedFunction>> {
    let outputs: Vec<String> = functions.iter().map(FeatureFunction::output).collect();
    unique(
        &outputs,
        "Found duplicate on-demand feature output names {}.",
    )?;
    for l in labels {
        if outputs.contains(l) {
            return Err(FsError::Value(format!(
                "On-demand feature cannot have same output name as label '{l}'."
            )));
        }
    }
    let conflicts: Vec<String> = outputs
        .iter()
        .filter(|o| df_columns.contains(o) || lookup_outputs.contains(o))
        .cloned()
        .collect();
    if !conflicts.is_empty() {
        return Err(FsError::Value(format!(
            "FeatureFunctions contains output names that match either DataFrame column names or feature output names specified in FeatureLookups: {}. Either remove these columns from the DataFrame, FeatureLookups, or FeatureFunctions.",
            pylist(&conflicts)
        )));
    }
    let available: Vec<&String> = df_columns.iter().chain(lookup_outputs).collect();
    let missing: Vec<String> = functions
        .iter()
        .flat_map(|f| f.input_bindings.values())
        .filter(|c| !available.contains(c))
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(FsError::Value(format!(
            "Could not find input binding columns {} required by FeatureFunctions.",
            pylist(&missing)
        )));
    }
    functions
        .iter()
        .map(|f| {
            let udf = unity.function(&f.udf_name)?;
            let params: Vec<String> = udf.params.iter().map(|(n, _)| n.clone()).collect();
            let mut sorted_params = params.clone();
            sorted_params.sort();
            let bound: Vec<String> = f.input_bindings.keys().cloned().collect();
            if sorted_params != bound {
                return Err(FsError::Value(format!(
                    "FeatureFunction UDF '{}' input parameters {} do not match input bindings {}.",
                    f.udf_name,
                    pylist(&params),
                    pylist(&bound)
                )));
            }
            Ok(ResolvedFunction {
                udf_name: f.udf_name.clone(),
                inputs: params
                    .iter()
                    .map(|p| (p.clone(), f.input_bindings[p].clone()))
                    .collect(),
                output: f.output(),
                returns: udf.returns.clone(),
                params,
                body: udf.body.clone(),
            })
        })
        .collect()
}

/// The input columns of `f` from `table`, named by parameter.
pub fn inputs(table: &Table, f: &ResolvedFunction) -> FsResult<Table> {
    let columns = f
        .inputs
        .iter()
        .map(|(_, c)| table.column(c, true).cloned())
        .collect::<Result<Vec<Column>, _>>()
        .map_err(|e| FsError::Value(e.to_string()))?;
    Table::new(f.params.clone(), columns).map_err(|e| FsError::Value(e.to_string()))
}

/// Appends every on-demand feature of `functions` to `table`, in order.
pub fn apply(
    table: Table,
    functions: &[ResolvedFunction],
    on_demand: Option<OnDemand<'_>>,
) -> FsResult<Table> {
    if functions.is_empty() {
        return Ok(table);
    }
    let Some(compute) = on_demand else {
        return Err(FsError::Value(
            "On-demand features (FeatureFunction) run Python: compute them from a notebook cell."
                .into(),
        ));
    };
    let mut out = table;
    for f in functions {
        let column = compute(f, &inputs(&out, f)?)?;
        out = out
            .with_column(&f.output, column, true)
            .map_err(|e| FsError::Value(e.to_string()))?;
    }
    Ok(out)
}
