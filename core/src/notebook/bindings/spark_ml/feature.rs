//! `pyspark.ml.feature` stages from their param objects: which columns they read and write
//! (`inputCol`/`outputCol` or `inputCols`/`outputCols`, never both, as Spark requires) and the
//! engine stage (`ml::spark_ml::feature`) they fit to.

use super::ml_err;
use super::params::StageObj;
use crate::ml::spark_ml::{Assembler, Imputed, Indexed, OneHot, Scaled, Stage};
use crate::notebook::error::{ExcType, PyErr};
use crate::table::Table;

fn illegal(m: impl Into<String>) -> PyErr {
    PyErr::new(ExcType::IllegalArgumentException, m.into())
}

fn undefined(name: &str) -> PyErr {
    PyErr::new(
        ExcType::Exception,
        format!("java.util.NoSuchElementException: Failed to find a default value for {name}"),
    )
}

/// The default output column of a stage: `<uid>__output`, as Spark names it.
fn default_output(o: &StageObj) -> String {
    format!("{}__output", o.uid)
}

/// The input and output columns of a single- or multi-column stage.
fn io_cols(o: &StageObj) -> Result<(Vec<String>, Vec<String>), PyErr> {
    let single = o.is_set("inputCol");
    let multi = o.is_set("inputCols");
    match (single, multi) {
        (true, true) => Err(illegal(format!(
            "requirement failed: {} requires exactly one of inputCol, inputCols Params to be set, but both are set.",
            o.uid
        ))),
        (false, false) => Err(illegal(format!(
            "requirement failed: {} requires exactly one of inputCol, inputCols Params to be set, but neither is set.",
            o.uid
        ))),
        (true, false) => {
            let out = match o.text("outputCol") {
                s if s.is_empty() => default_output(o),
                s => s,
            };
            Ok((vec![o.text("inputCol")], vec![out]))
        }
        (false, true) => {
            let inputs = o.texts("inputCols")?.unwrap_or_default();
            let outputs = o.texts("outputCols")?.ok_or_else(|| undefined("outputCols"))?;
            if inputs.len() != outputs.len() {
                return Err(illegal(format!(
                    "requirement failed: The number of input columns {} must be the same as the number of output columns {}.",
                    inputs.len(),
                    outputs.len()
                )));
            }
            Ok((inputs, outputs))
        }
    }
}

/// `VectorAssembler` as a stage (it needs no fitting).
pub fn assembler(o: &StageObj) -> Result<Stage, PyErr> {
    let input_cols = o
        .texts("inputCols")?
        .ok_or_else(|| undefined("inputCols"))?;
    let output_col = match o.text("outputCol") {
        s if s.is_empty() => default_output(o),
        s => s,
    };
    Ok(Stage::VectorAssembler(Assembler {
        input_cols,
        output_col,
        handle_invalid: o.text("handleInvalid"),
    }))
}

/// Fits a feature estimator; `None` when the class is not one.
pub fn fit(o: &StageObj, t: &Table) -> Option<Result<Stage, PyErr>> {
    let r = match o.class.name {
        "StringIndexer" => io_cols(o).and_then(|(i, out)| {
            Indexed::fit(
                t,
                i,
                out,
                o.text("handleInvalid"),
                &o.text("stringOrderType"),
            )
            .map(Stage::StringIndexerModel)
            .map_err(ml_err)
        }),
        "OneHotEncoder" => io_cols(o).and_then(|(i, out)| {
            OneHot::fit(
                t,
                i,
                out,
                o.get("dropLast").truthy(),
                o.text("handleInvalid"),
            )
            .map(Stage::OneHotEncoderModel)
            .map_err(ml_err)
        }),
        "Imputer" => io_cols(o).and_then(|(i, out)| {
            let missing = o.float("missingValue").ok().filter(|m| !m.is_nan());
            Imputed::fit(t, i, out, &o.text("strategy"), missing)
                .map(Stage::ImputerModel)
                .map_err(ml_err)
        }),
        "StandardScaler" => {
            let input = o.text("inputCol");
            if input.is_empty() {
                return Some(Err(undefined("inputCol")));
            }
            let output = match o.text("outputCol") {
                s if s.is_empty() => default_output(o),
                s => s,
            };
            Scaled::fit(
                t,
                input,
                output,
                o.get("withMean").truthy(),
                o.get("withStd").truthy(),
            )
            .map(Stage::StandardScalerModel)
            .map_err(ml_err)
        }
        _ => return None,
    };
    Some(r)
}
