//! The online store in cells: `fe.create_online_store` / `get_` / `list_` / `update_` /
//! `delete_online_store` and `fe.publish_table`, over [`crate::features::online`].

use std::any::Any;

use super::convert;
use super::features::py_err;
use crate::catalog::tables::OnlineStore;
use crate::features::online::{self, Publish, PublishedTable};
use crate::notebook::call::Bound;
use crate::notebook::error::{type_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Object, Value};
use crate::time::utc_text;

/// `DatabricksOnlineStore`.
#[derive(Debug, Clone)]
pub struct StoreObj(pub OnlineStore);

impl StoreObj {
    fn fields(&self) -> Vec<(&'static str, Value)> {
        let s = &self.0;
        vec![
            ("name", Value::str(s.name.as_str())),
            ("capacity", Value::str(s.capacity.as_str())),
            (
                "read_replica_count",
                Value::Int(i64::from(s.read_replica_count)),
            ),
            ("state", Value::str(s.state.as_str())),
            ("creator", Value::str(s.creator.as_str())),
            ("creation_time", Value::str(utc_text(s.creation_time))),
        ]
    }
}

impl Object for StoreObj {
    fn type_name(&self) -> &str {
        "DatabricksOnlineStore"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        super::field(self.fields(), name)
    }
    fn repr(&self) -> String {
        format!(
            "DatabricksOnlineStore({})",
            super::fields_repr(&self.fields())
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `PublishedTable`.
#[derive(Debug, Clone)]
struct PublishedObj(PublishedTable);

impl PublishedObj {
    fn fields(&self) -> Vec<(&'static str, Value)> {
        let p = &self.0;
        let pipeline = format!("{:08x}", crate::crc32::hash(p.online_table_name.as_bytes()));
        vec![
            (
                "online_table_name",
                Value::str(p.online_table_name.as_str()),
            ),
            ("pipeline_id", Value::str(pipeline)),
        ]
    }
}

impl Object for PublishedObj {
    fn type_name(&self) -> &str {
        "PublishedTable"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        super::field(self.fields(), name)
    }
    fn repr(&self) -> String {
        format!("PublishedTable({})", super::fields_repr(&self.fields()))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn replicas(v: Option<&Value>, func: &str) -> Result<Option<u32>, PyErr> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(n)) if (0..=i64::from(u32::MAX)).contains(n) => Ok(Some(*n as u32)),
        Some(other) => Err(type_error(format!(
            "{func}: read_replica_count must be a non-negative int, got {}",
            other.repr()
        ))),
    }
}

fn given(b: &Bound, name: &str) -> bool {
    b.get(name).is_some_and(|v| !matches!(v, Value::None))
}

/// One of the online-store methods of `FeatureEngineeringClient`.
pub fn call(interp: &mut Interp, name: &str, b: &Bound, func: &str) -> Result<Value, PyErr> {
    let now = interp.now_ms();
    let unity = &mut interp.ws.unity;
    let store_name = || convert::string(&b.value("name"), func, "name");
    Ok(match name {
        "create_online_store" => {
            let capacity = convert::string(&b.value("capacity"), func, "capacity")?;
            let r = replicas(b.get("read_replica_count"), func)?.unwrap_or(0);
            let s = online::create_online_store(unity, &store_name()?, &capacity, r, now)
                .map_err(py_err)?;
            Value::object(StoreObj(s))
        }
        "get_online_store" => online::get_online_store(unity, &store_name()?)
            .map_or(Value::None, |s| Value::object(StoreObj(s))),
        "list_online_stores" => Value::list(
            unity
                .online_stores
                .values()
                .map(|s| Value::object(StoreObj(s.clone())))
                .collect(),
        ),
        "update_online_store" => {
            let capacity = convert::opt_string(
                b.get("capacity").filter(|v| !matches!(v, Value::None)),
                func,
                "capacity",
            )?;
            let r = replicas(b.get("read_replica_count"), func)?;
            let s = online::update_online_store(unity, &store_name()?, capacity.as_deref(), r)
                .map_err(py_err)?;
            Value::object(StoreObj(s))
        }
        "delete_online_store" => {
            online::delete_online_store(unity, &store_name()?).map_err(py_err)?;
            Value::None
        }
        _ => {
            let store = match b.value("online_store") {
                Value::Object(o) => o.as_any().downcast_ref::<StoreObj>().map(|s| s.0.name.clone()),
                _ => None,
            }
            .ok_or_else(|| {
                type_error(format!(
                    "{func}: online_store must be a DatabricksOnlineStore (from fe.create_online_store or fe.get_online_store); Lakelab simulates the Databricks Online Feature Store only, not third-party OnlineStoreSpec stores"
                ))
            })?;
            let source = match (b.get("source_table_name"), b.get("name")) {
                (Some(v), _) | (None, Some(v)) if !matches!(v, Value::None) => {
                    Some(convert::string(v, func, "source_table_name")?)
                }
                _ => None,
            };
            let p = Publish {
                online_store: store,
                source_table_name: source,
                online_table_name: convert::opt_string(
                    b.get("online_table_name")
                        .filter(|v| !matches!(v, Value::None)),
                    func,
                    "online_table_name",
                )?,
                publish_mode: convert::opt_string(b.get("publish_mode"), func, "publish_mode")?,
                mode: convert::opt_string(b.get("mode"), func, "mode")?,
                streaming: b.get("streaming").is_some_and(Value::truthy),
                filter_condition: given(b, "filter_condition"),
                checkpoint_location: given(b, "checkpoint_location"),
                trigger: given(b, "trigger"),
                features: given(b, "features"),
            };
            let (published, warnings) = online::publish_table(unity, p, now).map_err(py_err)?;
            for w in warnings {
                interp.print(&format!("WARNING databricks.ml_features: {w}\n"));
            }
            Value::object(PublishedObj(published))
        }
    })
}
