//! `mlflow.pyfunc.spark_udf(spark, model_uri, ...)` and the UDF it returns: calling it with
//! columns (`predict(*cols)`, `predict(struct(...))`, `predict("a", "b")`, or `predict()` for
//! the signature's columns) builds a `Column` whose evaluation predicts over the whole frame
//! at once ([`crate::models::spark_udf`] holds the rules).
//!
//! Lakelab's choices: the model is loaded when `spark_udf` is called (MLflow downloads it
//! then too), so a later alias move does not change an existing UDF; every `env_manager` is
//! accepted after MLflow's check of its value, and inference runs in the notebook's own
//! environment; `params` are ignored, with MLflow's reason, since Lakelab's models define
//! no params schema.

use std::any::Any;
use std::rc::Rc;

use crate::models::spark_udf::{invalid_result_type, ModelUdf, ResultType};
use crate::notebook::call::Sig;
use crate::notebook::error::{type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Object, Value};
use crate::table::expr::Expr;
use crate::table::udf::Udf;

use super::column::{col_arg, ColumnObj};
use super::types::TypeObj;

const ENV_MANAGERS: [&str; 4] = ["local", "conda", "virtualenv", "uv"];

fn mlflow_error(message: impl Into<String>) -> PyErr {
    PyErr::new(
        ExcType::MlflowException("INVALID_PARAMETER_VALUE".into()),
        message,
    )
}

/// `result_type`: `None` (from the signature), a DDL string, or a `pyspark.sql.types` object.
fn result_type(
    v: Option<&Value>,
    model: &crate::tracking::LoadedModel,
) -> Result<ResultType, PyErr> {
    match v {
        None | Some(Value::None) => {
            ResultType::from_signature(model.signature.as_ref()).map_err(mlflow_error)
        }
        Some(Value::Str(s)) => ResultType::parse(s).map_err(|refused| match refused {
            Some(repr) => mlflow_error(invalid_result_type(&repr)),
            None => PyErr::new(
                ExcType::AnalysisException,
                format!(
                    "[UNSUPPORTED_DATATYPE] Unsupported data type \"{}\".",
                    s.trim().to_uppercase()
                ),
            ),
        }),
        Some(Value::Object(o)) => match o.as_any().downcast_ref::<TypeObj>() {
            Some(t) => {
                use crate::table::DType;
                match t.0 {
                    DType::Int => Ok(ResultType::Long),
                    DType::Float => Ok(ResultType::Double),
                    DType::Str => Ok(ResultType::String),
                    DType::Bool => Ok(ResultType::Boolean),
                    DType::Array => Ok(ResultType::Array),
                    _ => Err(mlflow_error(invalid_result_type(&o.repr()))),
                }
            }
            None => Err(mlflow_error(invalid_result_type(&o.repr()))),
        },
        Some(other) => Err(type_error(format!(
            "result_type must be a DDL type string such as 'double' or a pyspark.sql.types DataType, got {}",
            other.type_name()
        ))),
    }
}

/// `mlflow.pyfunc.spark_udf(...)`.
pub fn spark_udf(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "spark_udf",
        params: &["spark", "model_uri", "result_type=", "env_manager=", "params=", "extra_env=", "prebuilt_env_uri=", "model_config="],
        is_method: false,
        display: "spark_udf(spark, model_uri, result_type=None, env_manager=None, params: Optional[dict[str, Any]] = None, extra_env: Optional[dict[str, str]] = None, prebuilt_env_uri: Optional[str] = None, model_config: Optional[Union[str, Path, dict[str, Any]]] = None)",
    }
    .bind(args)?;
    let uri = super::super::convert::string(&b.value("model_uri"), "spark_udf", "model_uri")?;
    match b.get("env_manager") {
        None | Some(Value::None) => {}
        Some(v) => {
            let m = v.to_str();
            if !ENV_MANAGERS.contains(&m.as_str()) {
                return Err(mlflow_error(format!(
                    "Invalid value for `env_manager`: {m}. Must be one of ['local', 'conda', 'virtualenv', 'uv']"
                )));
            }
        }
    }
    let model = super::super::models::load_uri(interp, &uri)?;
    let result_type = result_type(b.get("result_type"), &model)?;
    Ok(Value::object(SparkUdfObj(Rc::new(ModelUdf {
        model,
        result_type,
    }))))
}

/// The function `spark_udf` returns.
pub struct SparkUdfObj(Rc<ModelUdf>);

impl SparkUdfObj {
    /// `udf()` with no columns: the signature's input names, or MLflow's refusals.
    fn default_columns(&self) -> Result<Vec<Expr>, PyErr> {
        let inputs = self
            .0
            .model
            .signature
            .as_ref()
            .map_or(&[][..], |s| &s.inputs[..]);
        if inputs.iter().any(|c| !c.required) {
            return Err(mlflow_error("Cannot apply UDF without column names specified when model signature contains optional columns."));
        }
        if inputs.is_empty() {
            return Err(mlflow_error("Attempting to apply udf on zero columns because no column names were specified as arguments or inferred from the model signature."));
        }
        inputs
            .iter()
            .map(|c| {
                c.name.as_deref().map(Expr::col).ok_or_else(|| {
                    mlflow_error(format!("Cannot apply udf because no column names specified. The udf expects {} columns with types: {{input_schema.inputs}}. Input column names could not be inferred from the model signature (column names not found).", inputs.len()))
                })
            })
            .collect()
    }
}

impl Object for SparkUdfObj {
    fn type_name(&self) -> &str {
        "function"
    }
    fn call(self: Rc<Self>, _: &mut Interp, args: Args) -> Result<Value, PyErr> {
        if let Some((k, _)) = args.keywords.first() {
            return Err(type_error(format!(
                "udf() got an unexpected keyword argument '{k}'"
            )));
        }
        let mut columns = args
            .positional
            .iter()
            .map(|v| col_arg(v, "udf"))
            .collect::<Result<Vec<_>, _>>()?;
        if columns.is_empty() {
            columns = self.default_columns()?;
        }
        if columns.len() > 1 && columns.iter().any(|c| matches!(c, Expr::Struct(_))) {
            return Err(PyErr::new(
                ExcType::Exception,
                format!(
                    "If passing a StructType column, there should be only one input column, but got {}.",
                    columns.len()
                ),
            ));
        }
        let udf: Rc<dyn crate::table::udf::ColumnFn> = self.0.clone();
        Ok(ColumnObj::value(Expr::Udf(Udf(udf), columns)))
    }
    fn repr(&self) -> String {
        "<function spark_udf.<locals>.udf>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `pyspark.sql.functions.struct(*cols)`: a struct of named fields (a list spreads).
pub fn struct_fn(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    if let Some((k, _)) = args.keywords.first() {
        return Err(type_error(format!(
            "struct() got an unexpected keyword argument '{k}'"
        )));
    }
    let fields = super::dataframe::spread(&args.positional)
        .iter()
        .map(|v| col_arg(v, "struct"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ColumnObj::value(Expr::Struct(fields)))
}
