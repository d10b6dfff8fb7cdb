//! `mlflow.data.from_spark` / `from_pandas` and `mlflow.log_input`: a dataset recorded as a
//! run's input. A Spark dataset with a `table_name` becomes lineage (table → run), which a
//! model version registered from the run then shows upstream. Lakelab keeps the lineage
//! edge; the run page's Datasets list is not kept yet.

use std::any::Any;

use super::pandas::frame::PandasFrame;
use super::spark::dataframe::SparkFrame;
use crate::catalog::lineage::Node;
use crate::notebook::call::Sig;
use crate::notebook::error::{type_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::{Args, Dict, Object, Value};
use crate::table::Table;

#[derive(Debug, Clone)]
pub struct DatasetObj {
    pub name: String,
    pub digest: String,
    pub source: String,
    pub table_name: Option<String>,
    pub rows: usize,
    pub columns: Vec<String>,
    pub targets: Option<String>,
}

fn digest(t: &Table) -> String {
    format!(
        "{:08x}",
        crate::crc32::hash(crate::table::csv::write(t, ',', true).as_bytes())
    )
}

impl Object for DatasetObj {
    fn type_name(&self) -> &str {
        if self.table_name.is_some() || self.source == "spark" {
            "SparkDataset"
        } else {
            "PandasDataset"
        }
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(match name {
            "name" => Value::str(self.name.as_str()),
            "digest" => Value::str(self.digest.as_str()),
            "source" => Value::str(self.source.as_str()),
            "targets" => self.targets.as_deref().map_or(Value::None, Value::str),
            "profile" => Value::dict(Dict::from_pairs([(
                "num_rows",
                Value::Int(self.rows as i64),
            )])),
            "schema" => Value::list(
                self.columns
                    .iter()
                    .map(|c| Value::str(c.as_str()))
                    .collect(),
            ),
            _ => return None,
        })
    }
    fn repr(&self) -> String {
        format!(
            "<{} name='{}' digest='{}'>",
            self.type_name(),
            self.name,
            self.digest
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn from_spark(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig { name: "from_spark", params: &["df", "path=", "table_name=", "version=", "sql=", "targets=", "name=", "digest=", "predictions="], is_method: false, display: "from_spark(df, path=None, table_name=None, version=None, sql=None, targets=None, name=None, digest=None, predictions=None) -> SparkDataset" }.bind(args)?;
    let table = SparkFrame::of(&b.value("df"))
        .ok_or_else(|| type_error("from_spark() needs a Spark DataFrame"))?;
    let table_name = b.get("table_name").map(|t| t.to_str().to_lowercase());
    let source = table_name
        .clone()
        .or_else(|| b.get("path").map(Value::to_str))
        .unwrap_or_else(|| "spark".into());
    Ok(Value::object(DatasetObj {
        name: b
            .get("name")
            .map(Value::to_str)
            .or_else(|| table_name.clone())
            .unwrap_or_else(|| "dataset".into()),
        digest: b
            .get("digest")
            .map(Value::to_str)
            .unwrap_or_else(|| digest(&table)),
        source,
        table_name,
        rows: table.num_rows(),
        columns: table.names().to_vec(),
        targets: b.get("targets").map(Value::to_str),
    }))
}

fn from_pandas(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig { name: "from_pandas", params: &["df", "source=", "targets=", "name=", "digest=", "predictions="], is_method: false, display: "from_pandas(df, source=None, targets=None, name=None, digest=None, predictions=None) -> PandasDataset" }.bind(args)?;
    let table = match b.value("df") {
        Value::Object(o) => o
            .as_any()
            .downcast_ref::<PandasFrame>()
            .map(PandasFrame::table),
        _ => None,
    }
    .ok_or_else(|| type_error("from_pandas() needs a pandas DataFrame"))?;
    Ok(Value::object(DatasetObj {
        name: b
            .get("name")
            .map(Value::to_str)
            .unwrap_or_else(|| "dataset".into()),
        digest: b
            .get("digest")
            .map(Value::to_str)
            .unwrap_or_else(|| digest(&table)),
        source: b
            .get("source")
            .map(Value::to_str)
            .unwrap_or_else(|| "pandas".into()),
        table_name: None,
        rows: table.num_rows(),
        columns: table.names().to_vec(),
        targets: b.get("targets").map(Value::to_str),
    }))
}

/// `mlflow.log_input(dataset, context=None, tags=None)`.
pub fn log_input(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig { name: "log_input", params: &["dataset", "context=", "tags="], is_method: false, display: "log_input(dataset: Dataset, context: Optional[str] = None, tags: Optional[dict[str, str]] = None) -> None" }.bind(args)?;
    let dataset = match b.value("dataset") {
        Value::Object(o) => o.as_any().downcast_ref::<DatasetObj>().cloned(),
        _ => None,
    }
    .ok_or_else(|| {
        type_error("log_input() needs a dataset from mlflow.data.from_spark or from_pandas")
    })?;
    let run_id = super::mlflow::run_for_logging(interp, None)?;
    if let Some(table) = dataset.table_name {
        interp
            .ws
            .unity
            .lineage
            .record(Node::Table(table), Node::Run(run_id));
    }
    Ok(Value::None)
}

/// `mlflow.data`.
pub fn module_value() -> Value {
    module(
        "mlflow.data",
        vec![
            ("from_spark", Value::Native("from_spark", from_spark)),
            ("from_pandas", Value::Native("from_pandas", from_pandas)),
        ],
    )
}
