//! `mlflow.pyfunc.spark_udf`: a loaded model applied to Spark columns, as a [`ColumnFn`] the
//! table engine calls once with whole columns (MLflow's pandas UDF predicts a batch at a
//! time, never row by row). The rules are MLflow's `spark_udf` (`docs/reference/serving.md`
//! §7, MLflow 2.x/3.x `mlflow/pyfunc/__init__.py`):
//! - `result_type=None` takes the type of the signature's one output column, else `double`.
//! - Positional arguments reach the model named by the signature's inputs *in the
//!   signature's order* (the column names are not looked at), or `0`, `1`, … without a
//!   signature; a `struct(...)` argument keeps its field names. Extra positional columns are
//!   dropped; too few is MLflow's "missing required columns" error.
//! - The predictions are cast to the result type: numeric types take numeric predictions
//!   only, `boolean` booleans only, `string` anything; otherwise MLflow's "did not produce
//!   any values compatible" error.
//!
//! Lakelab's choices where its tables differ from Spark's: `int` and `long` both give a
//! bigint column (Lakelab has one integer type; `int` still requires values that fit 32
//! bits), `float` gives a double column holding single-precision values, and `ArrayType(...)`
//! gives `array<double>`. Struct result types are refused (Lakelab's columns hold no structs).
//! Predictions are JSON values rather than numpy dtypes, so a column of whole numbers counts
//! as integer, one mixing whole and fractional numbers as floating point.

use serde_json::Value;

use super::signature::Signature;
use super::ModelInput;
use crate::frame::cell_json;
use crate::table::udf::{ColumnFn, UdfArgs};
use crate::table::{Cell, Column, DType, TableError};
use crate::tracking::LoadedModel;

/// A `spark_udf` result type Lakelab supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultType {
    Int,
    Long,
    Float,
    Double,
    String,
    Boolean,
    /// `ArrayType(<numeric>)`: every numeric output of a row.
    Array,
}

impl ResultType {
    /// The PySpark repr MLflow's messages print (`DoubleType()`).
    pub fn repr(self) -> &'static str {
        match self {
            ResultType::Int => "IntegerType()",
            ResultType::Long => "LongType()",
            ResultType::Float => "FloatType()",
            ResultType::Double => "DoubleType()",
            ResultType::String => "StringType()",
            ResultType::Boolean => "BooleanType()",
            ResultType::Array => "ArrayType(DoubleType(), True)",
        }
    }

    /// The column type of the UDF's output.
    pub fn dtype(self) -> DType {
        match self {
            ResultType::Int | ResultType::Long => DType::Int,
            ResultType::Float | ResultType::Double => DType::Float,
            ResultType::String => DType::Str,
            ResultType::Boolean => DType::Bool,
            ResultType::Array => DType::Array,
        }
    }

    /// A DDL type string (`"double"`, `"bool"`, `"array<float>"`). `Err(Some(repr))`: a Spark
    /// type MLflow refuses; `Err(None)`: not a type name at all.
    pub fn parse(text: &str) -> Result<ResultType, Option<String>> {
        let t = text.trim().to_ascii_lowercase();
        Ok(match t.as_str() {
            "int" | "integer" => ResultType::Int,
            "long" | "bigint" => ResultType::Long,
            "float" | "real" => ResultType::Float,
            "double" => ResultType::Double,
            "string" => ResultType::String,
            "boolean" | "bool" => ResultType::Boolean,
            "array<double>" | "array<float>" | "array<int>" | "array<bigint>" | "array<long>" => {
                ResultType::Array
            }
            "date" => return Err(Some("DateType()".into())),
            "timestamp" => return Err(Some("TimestampType()".into())),
            "tinyint" | "byte" => return Err(Some("ByteType()".into())),
            "smallint" | "short" => return Err(Some("ShortType()".into())),
            "binary" => return Err(Some("BinaryType()".into())),
            "decimal" => return Err(Some("DecimalType(10,0)".into())),
            _ if t.starts_with("struct<") || t.contains(':') || t.contains(' ') => {
                return Err(Some(format!("StructType({text})")))
            }
            _ if t.starts_with("map<") => return Err(Some(format!("MapType({text})"))),
            _ => return Err(None),
        })
    }

    /// The default: the signature's one output column's type, else `double`. `Err`: a
    /// signature with several outputs (a struct result, which Lakelab cannot hold).
    pub fn from_signature(signature: Option<&Signature>) -> Result<ResultType, String> {
        let outputs = signature.map_or(&[][..], |s| &s.outputs[..]);
        match outputs {
            [] => Ok(ResultType::Double),
            [one] => Ok(match one.col_type.as_str() {
                "integer" => ResultType::Int,
                "long" => ResultType::Long,
                "float" => ResultType::Float,
                "string" => ResultType::String,
                "boolean" => ResultType::Boolean,
                _ => ResultType::Double,
            }),
            many => Err(format!(
                "The model's signature has {} output columns, so MLflow's default result_type is a struct, which Lakelab's columns cannot hold; pass result_type= one of 'double', 'float', 'long', 'int', 'string', 'boolean'",
                many.len()
            )),
        }
    }
}

/// MLflow's message for a result type `spark_udf` refuses.
pub fn invalid_result_type(repr: &str) -> String {
    format!(
        "Invalid 'spark_udf' result type: {repr}.\nIt must be one of the following types:\nPrimitive types:\n - int\n - long\n - float\n - double\n - string\n - boolean\nCompound types:\n - ND array of primitives / structs.\n - struct<field: primitive | array<primitive> | array<array<primitive>>, ...>:\n   A struct with primitive, ND array<primitive/structs>,\n   e.g., struct<a:int, b:array<int>>.\n"
    )
}

/// The model behind a `spark_udf`.
pub struct ModelUdf {
    pub model: LoadedModel,
    pub result_type: ResultType,
}

impl ModelUdf {
    /// The Spark error for a failure inside the UDF, naming the model.
    fn failure(&self, class: &str, message: &str) -> TableError {
        TableError::Job(format!(
            "org.apache.spark.api.python.PythonException: An exception was thrown from the Python worker while applying the model '{}' (mlflow.pyfunc.spark_udf): {class}: {message}",
            self.model.model_uri
        ))
    }

    /// The model input: columns named as MLflow names them.
    fn input(&self, args: UdfArgs) -> Result<Vec<(String, Column)>, TableError> {
        let positional = match args {
            UdfArgs::Struct(fields) => return Ok(fields),
            UdfArgs::Positional(columns) => columns,
        };
        let Some(signature) = self.model.signature.as_ref() else {
            return Ok(positional
                .into_iter()
                .enumerate()
                .map(|(i, c)| (i.to_string(), c))
                .collect());
        };
        // MLflow's `input_names()`: a column without a name is named by its position.
        let names: Vec<String> = signature
            .inputs
            .iter()
            .enumerate()
            .map(|(i, s)| s.name.clone().unwrap_or_else(|| i.to_string()))
            .collect();
        let required = signature.inputs.iter().filter(|s| s.required).count();
        if positional.len() < required {
            let listed: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
            return Err(self.failure(
                "mlflow.exceptions.MlflowException",
                &format!(
                    "Model input is missing required columns. Expected {} required input columns [{}], but the model received only {} unnamed input columns (Since the columns were passed unnamed they are expected to be in the order specified by the schema).",
                    names.len(),
                    listed.join(", "),
                    positional.len()
                ),
            ));
        }
        Ok(names
            .iter()
            .zip(positional)
            .map(|(n, c)| (n.clone(), c))
            .collect())
    }

    /// MLflow's schema enforcement of column types (`_enforce_mlflow_datatype`): only the
    /// conversions it refuses are checked here; missing columns are the model's check.
    fn check_types(&self, input: &[(String, Column)]) -> Result<(), TableError> {
        let Some(signature) = self.model.signature.as_ref() else {
            return Ok(());
        };
        for spec in &signature.inputs {
            let Some(name) = spec.name.as_deref() else {
                continue;
            };
            let Some((_, col)) = input.iter().find(|(n, _)| n == name) else {
                continue;
            };
            let to = match spec.col_type.as_str() {
                "double" => "float64",
                "float" => "float32",
                "long" => "int64",
                "integer" => "int32",
                "boolean" => "bool",
                _ => continue,
            };
            let from = match col.dtype() {
                DType::Int => "int64",
                DType::Float => "float64",
                DType::Bool => "bool",
                DType::Str => "object",
                DType::Date | DType::Timestamp => "datetime64[ns]",
                DType::Vector | DType::Array => "object",
            };
            let safe = from == to
                || (from == "int64" && matches!(to, "float64" | "float32" | "int32"))
                || (from == "float64" && to == "float32");
            if !safe {
                return Err(self.failure(
                    "mlflow.exceptions.MlflowException",
                    &format!(
                        "Incompatible input types for column {name}. Can not safely convert {from} to {to}."
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl ColumnFn for ModelUdf {
    fn name(&self) -> &str {
        "udf"
    }

    fn call(&self, args: UdfArgs, rows: usize) -> Result<Column, TableError> {
        // MLflow's UDF skips empty batches: no rows, no prediction (and no error).
        if rows == 0 {
            return Ok(Column::nulls(self.result_type.dtype(), 0));
        }
        let input = self.input(args)?;
        self.check_types(&input)?;
        let frame = ModelInput {
            columns: input.iter().map(|(n, _)| n.clone()).collect(),
            data: (0..rows)
                .map(|i| input.iter().map(|(_, c)| cell_json(c.get(i))).collect())
                .collect(),
        };
        let predictions = self
            .model
            .predict(&frame)
            .map_err(|e| self.failure("mlflow.exceptions.MlflowException", &e.message))?;
        cast_predictions(&predictions, self.result_type).map_err(|m| {
            self.failure(
                "mlflow.exceptions.MlflowException",
                &m.replace("{type}", self.result_type.repr()),
            )
        })
    }
}

/// The leftmost output of one prediction (a row of a DataFrame result is its first column).
fn first(v: &Value) -> &Value {
    match v {
        Value::Array(a) => a.first().unwrap_or(&Value::Null),
        Value::Object(o) => o.values().next().unwrap_or(&Value::Null),
        other => other,
    }
}

/// What kind of column pandas would make of the predictions.
#[derive(PartialEq)]
enum Kind {
    Int,
    Float,
    Bool,
    Object,
}

fn kind_of(values: &[&Value]) -> Kind {
    let mut kind: Option<Kind> = None;
    for v in values {
        let k = match v {
            Value::Null => continue,
            Value::Bool(_) => Kind::Bool,
            Value::Number(n) if n.is_i64() || n.is_u64() => Kind::Int,
            Value::Number(_) => Kind::Float,
            _ => Kind::Object,
        };
        kind = Some(match (kind, k) {
            (None, k) => k,
            (Some(Kind::Int), Kind::Float) | (Some(Kind::Float), Kind::Int) => Kind::Float,
            (Some(a), b) if a == b => a,
            _ => Kind::Object,
        });
    }
    kind.unwrap_or(Kind::Float)
}

/// Python's `str()` of a prediction.
fn py_str(v: &Value) -> Cell {
    match v {
        Value::Null => Cell::Str("None".into()),
        Value::Bool(b) => Cell::Str(if *b { "True" } else { "False" }.into()),
        Value::Number(n) if n.is_f64() => {
            Cell::Str(crate::table::float_text(n.as_f64().unwrap_or(f64::NAN)))
        }
        Value::String(s) => Cell::Str(s.clone()),
        other => Cell::Str(other.to_string()),
    }
}

/// The predictions as a column of the result type; `Err` holds MLflow's message with
/// `{type}` for the type's repr.
pub fn cast_predictions(predictions: &[Value], result: ResultType) -> Result<Column, String> {
    let incompatible = || {
        "The model did not produce any values compatible with the requested type '{type}'. Consider requesting udf with StringType or Arraytype(StringType).".to_string()
    };
    if result == ResultType::Array {
        let cells: Vec<Cell> = predictions
            .iter()
            .map(|v| {
                let items: Vec<&Value> = match v {
                    Value::Array(a) => a.iter().collect(),
                    Value::Object(o) => o.values().collect(),
                    Value::Null => return Ok(Cell::Null),
                    one => vec![one],
                };
                let nums: Vec<f64> = items.iter().filter_map(|x| x.as_f64()).collect();
                if nums.is_empty() {
                    return Err(incompatible());
                }
                Ok(Cell::Array(nums))
            })
            .collect::<Result<_, _>>()?;
        return Column::from_cells(DType::Array, &cells).map_err(|e| e.to_string());
    }
    let values: Vec<&Value> = predictions.iter().map(first).collect();
    let kind = kind_of(&values);
    let cells: Vec<Cell> = match result {
        ResultType::String => values.iter().map(|v| py_str(v)).collect(),
        ResultType::Boolean if kind == Kind::Bool => values
            .iter()
            .map(|v| v.as_bool().map_or(Cell::Null, Cell::Bool))
            .collect(),
        ResultType::Double | ResultType::Float if matches!(kind, Kind::Int | Kind::Float) => values
            .iter()
            .map(|v| match v.as_f64() {
                Some(f) if result == ResultType::Float => Cell::Float(f64::from(f as f32)),
                Some(f) => Cell::Float(f),
                None => Cell::Null,
            })
            .collect(),
        ResultType::Long if kind == Kind::Int => values
            .iter()
            .map(|v| v.as_i64().map_or(Cell::Null, Cell::Int))
            .collect(),
        ResultType::Int
            if kind == Kind::Int
                && values
                    .iter()
                    .all(|v| v.as_i64().is_none_or(|i| i32::try_from(i).is_ok())) =>
        {
            values
                .iter()
                .map(|v| v.as_i64().map_or(Cell::Null, Cell::Int))
                .collect()
        }
        _ => return Err(incompatible()),
    };
    Column::from_cells(result.dtype(), &cells).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn predictions_cast_as_mlflow_selects_dtypes() {
        let ints = [json!(0), json!(1), json!(1)];
        let c = cast_predictions(&ints, ResultType::Double).unwrap();
        assert_eq!(c.get(1), Cell::Float(1.0));
        assert_eq!(
            cast_predictions(&ints, ResultType::Long).unwrap().get(2),
            Cell::Int(1)
        );
        assert_eq!(
            cast_predictions(&ints, ResultType::String).unwrap().get(0),
            Cell::Str("0".into())
        );
        let floats = [json!(0.1), json!(2)];
        assert!(cast_predictions(&floats, ResultType::Long).is_err());
        assert_eq!(
            cast_predictions(&floats, ResultType::Float).unwrap().get(0),
            Cell::Float(f64::from(0.1f32))
        );
        let labels = [json!("yes"), json!("no")];
        let e = cast_predictions(&labels, ResultType::Double).unwrap_err();
        assert!(e.starts_with("The model did not produce any values compatible"));
        assert!(cast_predictions(&[json!(1_i64 << 40)], ResultType::Int).is_err());
        assert_eq!(
            cast_predictions(&[json!([1, 2.5])], ResultType::Array)
                .unwrap()
                .get(0),
            Cell::Array(vec![1.0, 2.5])
        );
    }

    #[test]
    fn result_types_parse_as_ddl_strings() {
        assert_eq!(ResultType::parse("bool"), Ok(ResultType::Boolean));
        assert_eq!(ResultType::parse(" Double "), Ok(ResultType::Double));
        assert_eq!(ResultType::parse("date"), Err(Some("DateType()".into())));
        assert_eq!(ResultType::parse("nonsense"), Err(None));
        assert!(invalid_result_type("DateType()")
            .starts_with("Invalid 'spark_udf' result type: DateType().\nIt must be one of"));
    }
}
