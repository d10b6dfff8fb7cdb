//! The feature store in cells: `databricks.feature_engineering` (`FeatureEngineeringClient`,
//! `FeatureLookup`) and the legacy `databricks.feature_store` (`FeatureStoreClient`), over
//! [`crate::features`]. Warnings the clients log are printed as `WARNING` lines.

use std::any::Any;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::convert;
use super::feature_functions::{feature_function, with_on_demand, FunctionObj};
use super::spark::dataframe::SparkFrame;
use crate::features::lookup::{DefaultValue, FeatureLookup};
use crate::features::training::{self, FeatureSpec, Join};
use crate::features::{self as fs, CreateArgs, FeatureTableView, Flavor, FsError};
use crate::notebook::call::{Bound, Sig};
use crate::notebook::error::{not_implemented, type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::{Args, Dict, Object, Value};
use crate::table::{DType, Table};
use crate::tracking::ErrorCode;

/// A feature-store refusal as the Python exception the real client raises.
pub fn py_err(e: FsError) -> PyErr {
    match e {
        FsError::Value(m) => PyErr::new(ExcType::ValueError, m),
        FsError::Type(m) => PyErr::new(ExcType::TypeError, m),
        FsError::Runtime(m) => PyErr::new(ExcType::RuntimeError, m),
        FsError::Spark(m) => PyErr::new(ExcType::AnalysisException, m),
        FsError::Catalog(e) => {
            let m = match e.code {
                ErrorCode::PermissionDenied => format!("[INSUFFICIENT_PERMISSIONS] {}", e.message),
                _ => e.message,
            };
            PyErr::new(ExcType::AnalysisException, m)
        }
    }
}

fn warn(interp: &mut Interp, warnings: &[String]) {
    for w in warnings {
        interp.print(&format!("WARNING databricks.ml_features: {w}\n"));
    }
}

fn spark_table(v: &Value, func: &str) -> Result<Rc<Table>, PyErr> {
    SparkFrame::of(v)
    .ok_or_else(|| {
        PyErr::new(
            ExcType::ValueError,
            format!(
                "Unsupported DataFrame type: <class '{}'>. DataFrame must be a PySpark DataFrame.",
                v.type_name()
            ),
        )
        .with_note(format!("{func}() takes a Spark DataFrame (spark.createDataFrame(...), spark.table(...), or pandas via spark.createDataFrame(pdf))."))
    })
}

/// A key argument: a string or a list of strings.
fn key_list(v: &Value, func: &str, name: &str) -> Result<Vec<String>, PyErr> {
    match v {
        Value::None => Ok(Vec::new()),
        Value::Str(s) => Ok(vec![s.to_string()]),
        other => convert::strings(other, func, name),
    }
}

fn str_list(items: &[String]) -> Value {
    Value::list(items.iter().map(|s| Value::str(s.as_str())).collect())
}

/// `FeatureTable`.
#[derive(Debug, Clone)]
pub struct FeatureTableObj(pub FeatureTableView);

impl FeatureTableObj {
    fn fields(&self) -> Vec<(&'static str, Value)> {
        let t = &self.0;
        vec![
            ("name", Value::str(t.name.as_str())),
            ("table_id", Value::str(t.table_id.as_str())),
            ("description", Value::str(t.description.as_str())),
            ("primary_keys", str_list(&t.primary_keys)),
            ("partition_columns", str_list(&t.partition_columns)),
            ("features", str_list(&t.features)),
            ("creation_timestamp", Value::Int(t.creation_timestamp)),
            ("online_stores", str_list(&t.online_stores)),
            ("notebook_producers", str_list(&t.notebook_producers)),
            ("job_producers", Value::list(Vec::new())),
            ("table_data_sources", Value::list(Vec::new())),
            ("path_data_sources", Value::list(Vec::new())),
            ("custom_data_sources", Value::list(Vec::new())),
            ("timestamp_keys", str_list(&t.timestamp_keys)),
        ]
    }
}

impl Object for FeatureTableObj {
    fn type_name(&self) -> &str {
        "FeatureTable"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        match name {
            "tags" => Some(Value::dict(Dict::from_pairs(
                self.0
                    .tags
                    .iter()
                    .map(|(k, v)| (k.as_str(), Value::str(v.as_str()))),
            ))),
            "keys" => Some(str_list(&self.0.primary_keys)),
            _ => super::field(self.fields(), name),
        }
    }
    fn repr(&self) -> String {
        format!("<FeatureTable: {}>", super::fields_repr(&self.fields()))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `FeatureLookup(...)`.
#[derive(Debug, Clone)]
pub struct LookupObj(pub FeatureLookup);

impl Object for LookupObj {
    fn type_name(&self) -> &str {
        "FeatureLookup"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let l = &self.0;
        Some(match name {
            "table_name" => Value::str(l.table_name.as_str()),
            "lookup_key" => match l.lookup_key.as_slice() {
                [one] => Value::str(one.as_str()),
                many => str_list(many),
            },
            "feature_names" => l.feature_names.as_deref().map_or(Value::None, str_list),
            "timestamp_lookup_key" => l
                .timestamp_lookup_key
                .as_deref()
                .map_or(Value::None, Value::str),
            "lookback_window" => l.lookback_window_ms.map_or(Value::None, |ms| {
                Value::object(super::datetime::DeltaObj(ms))
            }),
            _ => return None,
        })
    }
    fn repr(&self) -> String {
        format!(
            "<FeatureLookup: table_name='{}', lookup_key={}>",
            self.0.table_name,
            convert_keys(&self.0.lookup_key)
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn convert_keys(keys: &[String]) -> String {
    match keys {
        [one] => format!("'{one}'"),
        many => training::pylist(many),
    }
}

fn default_value(v: &Value) -> Result<DefaultValue, PyErr> {
    Ok(match v {
        Value::Bool(b) => DefaultValue::Bool(*b),
        Value::Int(i) => DefaultValue::Int(*i),
        Value::Float(f) => DefaultValue::Float(*f),
        Value::Str(s) => DefaultValue::Str(s.to_string()),
        other => {
            return Err(PyErr::new(
                ExcType::ValueError,
                format!(
                "Unsupported default value type {} for FeatureLookup: use int, float, bool or str.",
                other.type_name()
            ),
            ))
        }
    })
}

fn feature_lookup(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    const F: &str = "FeatureLookup";
    let b = Sig {
        name: F,
        params: &["table_name", "lookup_key", "*", "feature_names=", "rename_outputs=", "timestamp_lookup_key=", "lookback_window=", "default_values=", "feature_name=", "output_name="],
        is_method: false,
        display: "FeatureLookup(table_name: str, lookup_key: Union[str, List[str]], *, feature_names: Union[str, List[str], None] = None, rename_outputs: Optional[Dict[str, str]] = None, timestamp_lookup_key: Optional[str] = None, lookback_window: Optional[datetime.timedelta] = None, default_values: Optional[Dict[str, Any]] = None)",
    }
    .bind(args)?;
    let table_name = convert::string(&b.value("table_name"), F, "table_name")?;
    let lookup_key = key_list(&b.value("lookup_key"), F, "lookup_key")?;
    let mut feature_names = match b.value("feature_names") {
        Value::None => None,
        v => Some(key_list(&v, F, "feature_names")?),
    };
    if let Some(single) = b.get("feature_name") {
        if feature_names.is_some() {
            return Err(PyErr::new(
                ExcType::ValueError,
                "Use either feature_names or feature_name parameter, but not both.",
            ));
        }
        feature_names = Some(vec![convert::string(single, F, "feature_name")?]);
    }
    let mut rename_outputs = BTreeMap::new();
    match b.value("rename_outputs") {
        Value::None => {}
        Value::Dict(d) => {
            for (k, v) in d.borrow().iter() {
                rename_outputs.insert(k.to_str(), v.to_str());
            }
        }
        other => {
            return Err(PyErr::new(
                ExcType::ValueError,
                format!(
                    "Unexpected type for rename_outputs: <class '{}'>",
                    other.type_name()
                ),
            ))
        }
    }
    if let Some(out) = b.get("output_name") {
        if !rename_outputs.is_empty() {
            return Err(PyErr::new(
                ExcType::ValueError,
                "Use either output_name or rename_outputs parameter, but not both.",
            ));
        }
        if let Some([f]) = feature_names.as_deref() {
            rename_outputs.insert(f.clone(), out.to_str());
        }
    }
    let timestamp_lookup_key = match b.value("timestamp_lookup_key") {
        Value::None => None,
        v => {
            let keys = key_list(&v, F, "timestamp_lookup_key")?;
            if keys.len() > 1 {
                return Err(PyErr::new(
                    ExcType::ValueError,
                    "Setting multiple timestamp lookup keys is not supported.",
                ));
            }
            keys.into_iter().next()
        }
    };
    let lookback = match b.value("lookback_window") {
        Value::None => None,
        Value::Object(o) => match o.as_any().downcast_ref::<super::datetime::DeltaObj>() {
            Some(d) => Some(d.0),
            None => return Err(PyErr::new(ExcType::ValueError, format!("Unexpected value for lookback_window: {}, only non-negative datetime.timedelta allowed.", o.repr()))),
        },
        other => return Err(PyErr::new(ExcType::ValueError, format!("Unexpected value for lookback_window: {}, only non-negative datetime.timedelta allowed.", other.repr()))),
    };
    let mut defaults = BTreeMap::new();
    match b.value("default_values") {
        Value::None => {}
        Value::Dict(d) => {
            for (k, v) in d.borrow().iter() {
                defaults.insert(k.to_str(), default_value(v)?);
            }
        }
        _ => {
            return Err(PyErr::new(
                ExcType::ValueError,
                "Default values must be a dictionary.",
            ))
        }
    }
    let l = FeatureLookup::new(
        table_name,
        lookup_key,
        feature_names,
        rename_outputs,
        timestamp_lookup_key,
        lookback,
        defaults,
    )
    .map_err(py_err)?;
    Ok(Value::object(LookupObj(l)))
}

/// `TrainingSet`: the checked spec and the labels DataFrame; `load_df()` joins.
#[derive(Debug, Clone)]
pub struct TrainingSetObj {
    pub df: Rc<Table>,
    pub spec: FeatureSpec,
}

impl Object for TrainingSetObj {
    fn type_name(&self) -> &str {
        "TrainingSet"
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "load_df" | "get_output_columns")
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        let (qualified, display) = match name {
            "load_df" => ("TrainingSet.load_df", "TrainingSet.load_df() -> DataFrame"),
            _ => (
                "TrainingSet.get_output_columns",
                "TrainingSet.get_output_columns() -> List[str]",
            ),
        };
        Sig {
            name: qualified,
            params: &[],
            is_method: true,
            display,
        }
        .bind(args)?;
        let out = with_on_demand(interp, |unity, od| {
            training::load_with(unity, &self.df, &self.spec, Join::Training, Some(od))
        })
        .map_err(py_err)?;
        match name {
            "load_df" => Ok(SparkFrame::value(out)),
            _ => Ok(str_list(out.names())),
        }
    }
    fn repr(&self) -> String {
        "<databricks.ml_features.training_set.TrainingSet object>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `FeatureEngineeringClient()` / `FeatureStoreClient()`.
#[derive(Debug, Clone)]
pub struct ClientObj {
    pub flavor: Flavor,
}

/// `log_model`'s parameters (the keyword arguments MLflow's `log_model` takes are accepted).
const LOG_MODEL_PARAMS: &[&str] = &[
    "*",
    "model",
    "artifact_path",
    "flavor",
    "training_set=",
    "registered_model_name=",
    "await_registration_for=",
    "infer_input_example=",
    "feature_spec_path=",
    "output_schema=",
    "signature=",
    "input_example=",
    "pip_requirements=",
    "extra_pip_requirements=",
    "metadata=",
];
const SCORE_BATCH_PARAMS: &[&str] = &[
    "*",
    "model_uri",
    "df",
    "result_type=",
    "env_manager=",
    "params=",
    "use_spark_native_join=",
    "local_uri=",
];

const UC_METHODS: &[(&str, &str, &[&str], &str)] = &[
    ("create_table", "FeatureEngineeringClient.create_table", &["*", "name", "primary_keys", "df=", "timeseries_column=", "partition_columns=", "schema=", "description=", "tags=", "timestamp_keys=", "timeseries_columns="], "create_table(*, name: str, primary_keys: Union[str, List[str]], df: Optional[DataFrame] = None, timeseries_column: Optional[str] = None, partition_columns: Union[str, List[str], None] = None, schema: Optional[StructType] = None, description: Optional[str] = None, tags: Optional[Dict[str, str]] = None) -> FeatureTable"),
    ("write_table", "FeatureEngineeringClient.write_table", &["*", "name", "df", "mode=", "checkpoint_location=", "trigger="], "write_table(*, name: str, df: DataFrame, mode: str = 'merge', checkpoint_location: Optional[str] = None, trigger: Dict[str, Any] = {'processingTime': '5 seconds'}) -> Optional[StreamingQuery]"),
    ("read_table", "FeatureEngineeringClient.read_table", &["*", "name", "as_of_delta_timestamp="], "read_table(*, name: str, as_of_delta_timestamp: Optional[str] = None) -> DataFrame"),
    ("get_table", "FeatureEngineeringClient.get_table", &["*", "name"], "get_table(*, name: str) -> FeatureTable"),
    ("drop_table", "FeatureEngineeringClient.drop_table", &["*", "name"], "drop_table(*, name: str) -> None"),
    ("set_feature_table_tag", "FeatureEngineeringClient.set_feature_table_tag", &["*", "name", "key", "value"], "set_feature_table_tag(*, name: str, key: str, value: str) -> None"),
    ("delete_feature_table_tag", "FeatureEngineeringClient.delete_feature_table_tag", &["*", "name", "key"], "delete_feature_table_tag(*, name: str, key: str) -> None"),
    ("log_model", "FeatureEngineeringClient.log_model", LOG_MODEL_PARAMS, "log_model(*, model: Any, artifact_path: str, flavor: module, training_set: Optional[TrainingSet] = None, registered_model_name: Optional[str] = None, await_registration_for: int = 300, infer_input_example: bool = False, **kwargs)"),
    ("score_batch", "FeatureEngineeringClient.score_batch", SCORE_BATCH_PARAMS, "score_batch(*, model_uri: str, df: DataFrame, result_type: str = 'double', env_manager: str = 'local', params: Optional[dict[str, Any]] = None, use_spark_native_join: bool = False, **kwargs) -> DataFrame"),
    ("create_online_store", "FeatureEngineeringClient.create_online_store", &["*", "name", "capacity", "read_replica_count="], "create_online_store(*, name: str, capacity: str, read_replica_count: Optional[int] = None) -> DatabricksOnlineStore"),
    ("get_online_store", "FeatureEngineeringClient.get_online_store", &["*", "name"], "get_online_store(*, name: str) -> Optional[DatabricksOnlineStore]"),
    ("list_online_stores", "FeatureEngineeringClient.list_online_stores", &[], "list_online_stores() -> List[DatabricksOnlineStore]"),
    ("update_online_store", "FeatureEngineeringClient.update_online_store", &["*", "name", "capacity=", "read_replica_count="], "update_online_store(*, name: str, capacity: Optional[str] = None, read_replica_count: Optional[int] = None) -> DatabricksOnlineStore"),
    ("delete_online_store", "FeatureEngineeringClient.delete_online_store", &["*", "name"], "delete_online_store(*, name: str) -> None"),
    ("publish_table", "FeatureEngineeringClient.publish_table", &["*", "online_store", "source_table_name=", "online_table_name=", "publish_mode=", "filter_condition=", "mode=", "streaming=", "checkpoint_location=", "trigger=", "features=", "name="], "publish_table(*, online_store: DatabricksOnlineStore, source_table_name: str = None, online_table_name: str = None, publish_mode: str = 'TRIGGERED', filter_condition: Optional[str] = None, mode: str = 'merge', streaming: bool = False, checkpoint_location: Optional[str] = None, trigger: Dict[str, Any] = {'processingTime': '5 minutes'}, features: Union[str, List[str], None] = None) -> PublishedTable"),
    ("create_training_set", "FeatureEngineeringClient.create_training_set", &["*", "df", "feature_lookups=", "label", "exclude_columns=", "feature_spec=", "features=", "use_spark_native_join="], "create_training_set(*, df: DataFrame, feature_lookups: Optional[List[Union[FeatureLookup, FeatureFunction]]] = None, label: Union[str, List[str], None], exclude_columns: Optional[List[str]] = None, **kwargs) -> TrainingSet"),
];

const LEGACY_METHODS: &[(&str, &str, &[&str], &str)] = &[
    ("create_table", "FeatureStoreClient.create_table", &["name", "primary_keys", "df=", "*", "timestamp_keys=", "partition_columns=", "schema=", "description=", "tags=", "path=", "features_df="], "create_table(name: str, primary_keys: Union[str, List[str]], df: Optional[DataFrame] = None, *, timestamp_keys: Union[str, List[str], None] = None, partition_columns: Union[str, List[str], None] = None, schema: Optional[StructType] = None, description: Optional[str] = None, tags: Optional[Dict[str, str]] = None, path: Optional[str] = None) -> FeatureTable"),
    ("write_table", "FeatureStoreClient.write_table", &["name", "df", "mode=", "checkpoint_location=", "trigger="], "write_table(name: str, df: DataFrame, mode: str = 'merge', checkpoint_location: Optional[str] = None, trigger: Dict[str, Any] = {'processingTime': '5 seconds'}) -> Optional[StreamingQuery]"),
    ("read_table", "FeatureStoreClient.read_table", &["name", "as_of_delta_timestamp="], "read_table(name: str, as_of_delta_timestamp: Optional[str] = None) -> DataFrame"),
    ("get_table", "FeatureStoreClient.get_table", &["name"], "get_table(name: str) -> FeatureTable"),
    ("drop_table", "FeatureStoreClient.drop_table", &["name"], "drop_table(name: str) -> None"),
    ("set_feature_table_tag", "FeatureStoreClient.set_feature_table_tag", &["*", "table_name", "key", "value"], "set_feature_table_tag(*, table_name: str, key: str, value: str) -> None"),
    ("delete_feature_table_tag", "FeatureStoreClient.delete_feature_table_tag", &["*", "table_name", "key"], "delete_feature_table_tag(*, table_name: str, key: str) -> None"),
    ("log_model", "FeatureStoreClient.log_model", LOG_MODEL_PARAMS, "log_model(model: Any, artifact_path: str, *, flavor: module, training_set: Optional[TrainingSet] = None, registered_model_name: Optional[str] = None, await_registration_for: int = 300, infer_input_example: bool = False, **kwargs)"),
    ("score_batch", "FeatureStoreClient.score_batch", SCORE_BATCH_PARAMS, "score_batch(model_uri: str, df: DataFrame, result_type: str = 'double', env_manager: str = 'local', params: Optional[dict[str, Any]] = None, **kwargs) -> DataFrame"),
    ("create_training_set", "FeatureStoreClient.create_training_set", &["df", "feature_lookups", "label", "exclude_columns="], "create_training_set(df: DataFrame, feature_lookups: List[Union[FeatureLookup, FeatureFunction]], label: Union[str, List[str], None], exclude_columns: Optional[List[str]] = None) -> TrainingSet"),
];

/// Methods that exist on the real clients but land with later engines.
const LATER: &[&str] = &["create_feature_spec"];

/// The legacy client publishes to third-party stores (`OnlineStoreSpec`), which Lakelab
/// does not simulate.
const LEGACY_LATER: &[&str] = &["publish_table"];

impl ClientObj {
    #[allow(clippy::type_complexity)]
    fn methods(
        &self,
    ) -> &'static [(
        &'static str,
        &'static str,
        &'static [&'static str],
        &'static str,
    )] {
        match self.flavor {
            Flavor::Uc => UC_METHODS,
            Flavor::Legacy => LEGACY_METHODS,
        }
    }
}

impl Object for ClientObj {
    fn type_name(&self) -> &str {
        self.flavor.class_name()
    }
    fn has_method(&self, name: &str) -> bool {
        self.methods().iter().any(|(n, _, _, _)| *n == name)
            || LATER.contains(&name)
            || (self.flavor == Flavor::Legacy && LEGACY_LATER.contains(&name))
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        let class = self.flavor.class_name();
        if LATER.contains(&name) {
            return Err(not_implemented(format!(
                "{class}.{name}() is not in Lakelab yet: feature tables, training sets, model packaging, batch scoring and the online store are."
            )));
        }
        if self.flavor == Flavor::Legacy && LEGACY_LATER.contains(&name) {
            return Err(not_implemented(format!(
                "{class}.{name}() publishes to third-party online stores (OnlineStoreSpec), which Lakelab does not simulate; use FeatureEngineeringClient().publish_table(online_store=fe.create_online_store(...), ...) on a Unity Catalog table."
            )));
        }
        let Some((_, qualified, params, display)) =
            self.methods().iter().find(|(n, _, _, _)| *n == name)
        else {
            return Err(crate::notebook::error::attribute_error(class, name));
        };
        let b = Sig {
            name: qualified,
            params,
            is_method: true,
            display,
        }
        .bind(args)?;
        call(interp, self.flavor, name, &b)
    }
    fn repr(&self) -> String {
        format!(
            "<databricks.{}.client.{} object>",
            match self.flavor {
                Flavor::Uc => "feature_engineering",
                Flavor::Legacy => "feature_store",
            },
            self.flavor.class_name()
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn schema_arg(v: &Value) -> Result<Option<Vec<(String, DType)>>, PyErr> {
    match v {
        Value::None => Ok(None),
        Value::Object(o) => match o.as_any().downcast_ref::<super::spark::types::StructObj>() {
            Some(s) => Ok(Some(s.fields_typed())),
            None => Err(type_error("schema must be a pyspark.sql.types.StructType")),
        },
        _ => Err(type_error("schema must be a pyspark.sql.types.StructType")),
    }
}

fn call(interp: &mut Interp, flavor: Flavor, name: &str, b: &Bound) -> Result<Value, PyErr> {
    let func = format!("{}.{name}", flavor.class_name());
    let now = interp.now_ms();
    let producer = interp.env.file_name.clone();
    let table_key = if flavor == Flavor::Legacy && name.contains("feature_table_tag") {
        "table_name"
    } else {
        "name"
    };
    let table_name = || convert::string(&b.value(table_key), &func, table_key);
    match name {
        "create_table" => {
            let mut df = match b.value("df") {
                Value::None => None,
                v => Some(spark_table(&v, &func)?.as_ref().clone()),
            };
            if let Some(old) = b.get("features_df") {
                if df.is_some() {
                    return Err(PyErr::new(
                        ExcType::ValueError,
                        "Either features_df or df can be provided, but not both.",
                    ));
                }
                df = Some(spark_table(old, &func)?.as_ref().clone());
            }
            let mut timeseries =
                key_list(&b.value("timeseries_column"), &func, "timeseries_column")?;
            timeseries.extend(key_list(
                &b.value("timestamp_keys"),
                &func,
                "timestamp_keys",
            )?);
            timeseries.extend(key_list(
                &b.value("timeseries_columns"),
                &func,
                "timeseries_columns",
            )?);
            let args = CreateArgs {
                name: table_name()?,
                primary_keys: key_list(&b.value("primary_keys"), &func, "primary_keys")?,
                timeseries,
                df,
                schema: schema_arg(&b.value("schema"))?,
                description: convert::opt_string(b.get("description"), &func, "description")?,
                tags: crate::sorting::map_of(convert::string_pairs(
                    &b.value("tags"),
                    &func,
                    "tags",
                )?),
            };
            read_only(interp, &args.name, "create_table")?;
            let created = fs::create_table(flavor, &mut interp.ws.unity, args, &producer, now)
                .map_err(py_err)?;
            warn(interp, &created.warnings);
            Ok(Value::object(FeatureTableObj(created.table)))
        }
        "write_table" => {
            let df = spark_table(&b.value("df"), &func)?;
            let mode = b
                .get("mode")
                .map_or_else(|| "merge".to_string(), Value::to_str);
            read_only(interp, &table_name()?, "write_table")?;
            let warnings = fs::write::write_table(
                flavor,
                &mut interp.ws.unity,
                &table_name()?,
                &df,
                &mode,
                &producer,
                now,
            )
            .map_err(py_err)?;
            warn(interp, &warnings);
            Ok(Value::None)
        }
        "read_table" => {
            // `as_of_delta_timestamp`: the table as of the latest version at or before it.
            let version = match b.get("as_of_delta_timestamp") {
                None | Some(Value::None) => None,
                Some(v) => {
                    let text = v.to_str();
                    let ms = crate::table::csv::parse_timestamp(text.trim()).ok_or_else(|| {
                        PyErr::new(
                            ExcType::AnalysisException,
                            format!("[DELTA_INVALID_TIMESTAMP_FORMAT] The provided timestamp {text} cannot be converted to a valid timestamp."),
                        )
                    })?;
                    let n = fs::resolve_name(flavor, &interp.ws.unity, &table_name()?)
                        .map_err(py_err)?;
                    let info = fs::feature_table(&interp.ws.unity, &n).map_err(py_err)?;
                    Some(
                        info.version_at(ms)
                            .map_err(|e| PyErr::new(ExcType::AnalysisException, e.message))?,
                    )
                }
            };
            let t = fs::read_table(flavor, &interp.ws.unity, &table_name()?, version)
                .map_err(py_err)?;
            Ok(SparkFrame::value(t.as_ref().clone()))
        }
        "get_table" => {
            let t = fs::get_table(flavor, &interp.ws.unity, &table_name()?).map_err(py_err)?;
            Ok(Value::object(FeatureTableObj(t)))
        }
        "drop_table" => {
            let warnings =
                fs::drop_table(flavor, &mut interp.ws.unity, &table_name()?).map_err(py_err)?;
            warn(interp, &warnings);
            Ok(Value::None)
        }
        "set_feature_table_tag" => {
            let key = convert::string(&b.value("key"), &func, "key")?;
            let value = convert::string(&b.value("value"), &func, "value")?;
            fs::set_tag(flavor, &mut interp.ws.unity, &table_name()?, &key, &value)
                .map_err(py_err)?;
            Ok(Value::None)
        }
        "delete_feature_table_tag" => {
            let key = convert::string(&b.value("key"), &func, "key")?;
            let warnings = fs::delete_tag(flavor, &mut interp.ws.unity, &table_name()?, &key)
                .map_err(py_err)?;
            warn(interp, &warnings);
            Ok(Value::None)
        }
        "create_training_set" => training_set(interp, flavor, b, &func),
        "log_model" => log_model(interp, flavor, b, &func),
        "create_online_store"
        | "get_online_store"
        | "list_online_stores"
        | "update_online_store"
        | "delete_online_store"
        | "publish_table" => super::online::call(interp, name, b, &func),
        "score_batch" => {
            if b.get("local_uri").is_some() {
                return Err(PyErr::new(
                    ExcType::ValueError,
                    "Either 'model_uri' or 'local_uri' must be provided, but not both.",
                ));
            }
            let df = spark_table(&b.value("df"), &func)?;
            let uri = convert::string(&b.value("model_uri"), &func, "model_uri")?;
            let result_type = match b.get("result_type") {
                Some(v) => convert::string(v, &func, "result_type")?,
                None => "double".into(),
            };
            let model = super::models::load_uri(interp, &uri)?;
            let out = with_on_demand(interp, |unity, od| {
                fs::packaging::score_batch(unity, &model, &df, &result_type, Some(od))
            })
            .map_err(py_err)?;
            Ok(SparkFrame::value(out))
        }
        _ => Err(crate::notebook::error::attribute_error(
            flavor.class_name(),
            name,
        )),
    }
}

fn training_set(
    interp: &mut Interp,
    flavor: Flavor,
    b: &Bound,
    func: &str,
) -> Result<Value, PyErr> {
    if b.get("feature_spec").is_some() || b.get("features").is_some() {
        return Err(not_implemented("create_training_set(feature_spec=...) and features= are not in Lakelab yet; pass feature_lookups=[FeatureLookup(...)]"));
    }
    let df = spark_table(&b.value("df"), func)?;
    let lookups_value = b.value("feature_lookups");
    let items = match &lookups_value {
        Value::None => {
            return Err(PyErr::new(
                ExcType::ValueError,
                "One of 'feature_lookups', 'feature_spec', or 'features' must be provided.",
            ))
        }
        Value::List(_) => lookups_value.iter_items().unwrap_or_default(),
        _ => {
            return Err(PyErr::new(
                ExcType::TypeError,
                "'feature_lookups' must be a list.",
            ))
        }
    };
    let mut lookups = Vec::new();
    let mut functions = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Object(o) = item else {
            return Err(PyErr::new(
                ExcType::TypeError,
                format!("'feature_lookups[{i}]' must be a FeatureLookup or FeatureFunction."),
            ));
        };
        if let Some(l) = o.as_any().downcast_ref::<LookupObj>() {
            lookups.push(l.0.clone());
        } else if let Some(f) = o.as_any().downcast_ref::<FunctionObj>() {
            functions.push(f.0.clone());
        } else {
            return Err(PyErr::new(
                ExcType::TypeError,
                format!("'feature_lookups[{i}]' must be a FeatureLookup or FeatureFunction."),
            ));
        }
    }
    let labels = key_list(&b.value("label"), func, "label")?;
    let exclude = key_list(&b.value("exclude_columns"), func, "exclude_columns")?;
    let (mut spec, warnings) =
        training::create_training_set(flavor, &interp.ws.unity, &df, &lookups, &labels, &exclude)
            .map_err(py_err)?;
    if !functions.is_empty() {
        let lookup_outputs = spec.feature_outputs();
        spec.functions = fs::functions::resolve(
            &interp.ws.unity,
            &functions,
            df.names(),
            &lookup_outputs,
            &labels,
        )
        .map_err(py_err)?;
    }
    warn(interp, &warnings);
    Ok(Value::object(TrainingSetObj { df, spec }))
}

/// `fe.log_model(model=, artifact_path=, flavor=, training_set=, registered_model_name=)`.
fn log_model(interp: &mut Interp, flavor: Flavor, b: &Bound, func: &str) -> Result<Value, PyErr> {
    let model = super::models::saved_model(&b.value("model"))?;
    let path = convert::string(&b.value("artifact_path"), func, "artifact_path")?;
    match b.value("flavor") {
        Value::Module(m) if matches!(m.name.as_str(), "mlflow.sklearn" | "mlflow.pyfunc") => {}
        Value::Module(m) => {
            return Err(PyErr::new(
                ExcType::ValueError,
                format!(
                    "{}.log_model does not support '{}' since it does not have a python_function model flavor.",
                    flavor.class_name(),
                    m.name
                ),
            ))
        }
        other => {
            return Err(type_error(format!(
                "flavor must be an MLflow flavor module such as mlflow.sklearn, got {}",
                other.type_name()
            )))
        }
    }
    let given = b.get("training_set").filter(|v| !matches!(v, Value::None));
    let spec_path = b.get("feature_spec_path").is_some();
    if given.is_some() == spec_path {
        return Err(PyErr::new(
            ExcType::ValueError,
            "Either 'training_set' or 'feature_spec_path' must be provided, but not both.",
        ));
    }
    let Some(given) = given else {
        return Err(not_implemented(
            "log_model(feature_spec_path=...) is not in Lakelab yet; pass training_set=",
        ));
    };
    let training = match given {
        Value::Object(o) => o.as_any().downcast_ref::<TrainingSetObj>().cloned(),
        _ => None,
    }
    .ok_or_else(|| {
        type_error(format!(
            "training_set must be a TrainingSet (from create_training_set), got {}",
            given.type_name()
        ))
    })?;
    let run_id = super::mlflow::run_for_logging(interp, None)?;
    let now = interp.now_ms();
    let mut tracking = std::mem::take(&mut interp.ws.tracking);
    let logged = with_on_demand(interp, |unity, od| {
        fs::packaging::log_model(
            unity,
            &mut tracking,
            fs::packaging::LogModel {
                run_id: &run_id,
                model: &model,
                artifact_path: &path,
                training_df: &training.df,
                spec: &training.spec,
                now_ms: now,
                on_demand: Some(od),
            },
        )
    });
    interp.ws.tracking = tracking;
    let (info, warnings) = logged.map_err(py_err)?;
    warn(interp, &warnings);
    if let Some(name) = b.get("registered_model_name") {
        if !matches!(name, Value::None) {
            let name = convert::string(name, func, "registered_model_name")?;
            let kind = interp.session.registry;
            super::registry::register(interp, kind, &info.model_uri, &name, &[])?;
        }
    }
    Ok(Value::object(super::models::ModelInfoObj(info)))
}

fn fe_client(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Sig {
        name: "FeatureEngineeringClient",
        params: &["*", "model_registry_uri="],
        is_method: false,
        display: "FeatureEngineeringClient(*, model_registry_uri: Optional[str] = None)",
    }
    .bind(args)?;
    Ok(Value::object(ClientObj { flavor: Flavor::Uc }))
}

fn fs_client(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Sig { name: "FeatureStoreClient", params: &["feature_store_uri=", "model_registry_uri="], is_method: false, display: "FeatureStoreClient(feature_store_uri: Optional[str] = None, model_registry_uri: Optional[str] = None)" }.bind(args)?;
    Ok(Value::object(ClientObj {
        flavor: Flavor::Legacy,
    }))
}

/// `databricks.feature_engineering`, `databricks.feature_store` and their entity modules.
pub fn import(name: &str) -> Option<Value> {
    let lookup = (
        "FeatureLookup",
        Value::Native("FeatureLookup", feature_lookup),
    );
    let function = (
        "FeatureFunction",
        Value::Native("FeatureFunction", feature_function),
    );
    let functions_module = (
        "FeatureFunction",
        Value::Native("FeatureFunction", feature_function),
    );
    Some(match name {
        "databricks.feature_engineering" => module(
            name,
            vec![
                (
                    "FeatureEngineeringClient",
                    Value::Native("FeatureEngineeringClient", fe_client),
                ),
                lookup,
                function,
            ],
        ),
        "databricks.feature_store" => module(
            name,
            vec![
                (
                    "FeatureStoreClient",
                    Value::Native("FeatureStoreClient", fs_client),
                ),
                lookup,
                function,
            ],
        ),
        "databricks.feature_engineering.entities.feature_lookup"
        | "databricks.feature_store.entities.feature_lookup" => module(name, vec![lookup]),
        "databricks.feature_engineering.entities.feature_function"
        | "databricks.feature_store.entities.feature_function" => {
            module(name, vec![functions_module])
        }
        _ => return None,
    })
}

/// Inference tables are read-only: Model Serving writes them.
fn read_only(interp: &Interp, name: &str, what: &str) -> Result<(), PyErr> {
    interp
        .ws
        .refuse_inference_table_write(name, what)
        .map_err(|m| PyErr::new(ExcType::ValueError, m))
}
