//! `databricks.sdk.service.serving`: the dataclasses a cell builds (`EndpointCoreConfigInput`,
//! `ServedEntityInput`, `TrafficConfig`, `Route`, `AutoCaptureConfigInput`, `EndpointTag`,
//! `DataframeSplitInput`, `ServedModelInput`), the enums, and read-only views of the objects
//! the SDK returns (`ServingEndpointDetailed`, `QueryEndpointResponse`, …) over the REST JSON.
//!
//! As in the SDK (v0.133.0): constructor parameters follow the dataclass fields (required
//! ones first: `EndpointCoreConfigInput(name, ...)`, `Route(traffic_percentage, ...)`),
//! `as_dict()` drops unset fields, and a field typed as a dataclass or enum needs one: a plain
//! dict or string there fails as the SDK's `.as_dict()` / `.value` call fails. A view's field
//! that the response leaves out reads as `None`.

use std::any::Any;
use std::rc::Rc;

use serde_json::Value as Json;

use super::super::client::to_json;
use crate::notebook::call::Sig;
use crate::notebook::error::{attribute_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::{from_json, module};
use crate::notebook::value::{Args, Object, Value};

/// A dataclass a cell builds: name, constructor parameters (required first, in field order),
/// fields holding dataclasses (`list` when a list of them), fields holding enums.
struct InputClass {
    name: &'static str,
    /// `Class.__init__`, as Python's argument errors name it.
    init: &'static str,
    /// The signature shown with argument errors.
    display: &'static str,
    params: &'static [&'static str],
    nested: &'static [(&'static str, bool)],
    enums: &'static [&'static str],
}

const INPUTS: &[InputClass] = &[
    InputClass {
        name: "EndpointCoreConfigInput",
        init: "EndpointCoreConfigInput.__init__",
        display: "EndpointCoreConfigInput(name: str, auto_capture_config: AutoCaptureConfigInput | None = None, served_entities: list[ServedEntityInput] | None = None, served_models: list[ServedModelInput] | None = None, traffic_config: TrafficConfig | None = None)",
        params: &["name", "auto_capture_config=", "served_entities=", "served_models=", "traffic_config="],
        nested: &[("auto_capture_config", false), ("served_entities", true), ("served_models", true), ("traffic_config", false)],
        enums: &[],
    },
    InputClass {
        name: "ServedEntityInput",
        init: "ServedEntityInput.__init__",
        display: "ServedEntityInput(*, entity_name: str | None = None, entity_version: str | None = None, name: str | None = None, workload_size: str | None = None, workload_type: ServingModelWorkloadType | None = None, scale_to_zero_enabled: bool | None = None, environment_vars: dict[str, str] | None = None, ...)",
        params: &["burst_scaling_enabled=", "entity_name=", "entity_version=", "environment_vars=", "external_model=", "instance_profile_arn=", "max_provisioned_concurrency=", "max_provisioned_throughput=", "min_provisioned_concurrency=", "min_provisioned_throughput=", "name=", "provisioned_model_units=", "scale_to_zero_enabled=", "workload_size=", "workload_type="],
        nested: &[],
        enums: &["workload_type"],
    },
    InputClass {
        name: "ServedModelInput",
        init: "ServedModelInput.__init__",
        display: "ServedModelInput(scale_to_zero_enabled: bool, model_name: str, model_version: str, *, name: str | None = None, workload_size: str | None = None, workload_type: ServedModelInputWorkloadType | None = None, environment_vars: dict[str, str] | None = None, ...)",
        params: &["scale_to_zero_enabled", "model_name", "model_version", "burst_scaling_enabled=", "environment_vars=", "instance_profile_arn=", "max_provisioned_concurrency=", "max_provisioned_throughput=", "min_provisioned_concurrency=", "min_provisioned_throughput=", "name=", "provisioned_model_units=", "workload_size=", "workload_type="],
        nested: &[],
        enums: &["workload_type"],
    },
    InputClass {
        name: "TrafficConfig",
        init: "TrafficConfig.__init__",
        display: "TrafficConfig(routes: list[Route] | None = None)",
        params: &["routes="],
        nested: &[("routes", true)],
        enums: &[],
    },
    InputClass {
        name: "Route",
        init: "Route.__init__",
        display: "Route(traffic_percentage: int, served_entity_name: str | None = None, served_model_name: str | None = None)",
        params: &["traffic_percentage", "served_entity_name=", "served_model_name="],
        nested: &[],
        enums: &[],
    },
    InputClass {
        name: "AutoCaptureConfigInput",
        init: "AutoCaptureConfigInput.__init__",
        display: "AutoCaptureConfigInput(catalog_name: str | None = None, enabled: bool | None = None, schema_name: str | None = None, table_name_prefix: str | None = None)",
        params: &["catalog_name=", "enabled=", "schema_name=", "table_name_prefix="],
        nested: &[],
        enums: &[],
    },
    InputClass {
        name: "EndpointTag",
        init: "EndpointTag.__init__",
        display: "EndpointTag(key: str, value: str | None = None)",
        params: &["key", "value="],
        nested: &[],
        enums: &[],
    },
    InputClass {
        name: "DataframeSplitInput",
        init: "DataframeSplitInput.__init__",
        display: "DataframeSplitInput(columns: list | None = None, data: list | None = None, index: list[int] | None = None)",
        params: &["columns=", "data=", "index="],
        nested: &[],
        enums: &[],
    },
];

/// An instance of an input dataclass: its set fields.
#[derive(Debug)]
pub struct InputObj {
    class: &'static InputClass,
    fields: Vec<(&'static str, Value)>,
}

impl std::fmt::Debug for InputClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

fn field_name(p: &'static str) -> &'static str {
    p.trim_end_matches('=')
}

/// `AttributeError` as the SDK's `as_dict()` raises it for a value of the wrong kind.
fn wrong_kind(v: &Value, attr: &str, class: &str, field: &str) -> PyErr {
    attribute_error(&v.type_name(), attr).with_note(format!(
        "{class}.{field} takes {} from databricks.sdk.service.serving, as the SDK does",
        if attr == "value" {
            "an enum member"
        } else {
            "dataclass objects"
        }
    ))
}

impl InputObj {
    /// `as_dict()`: the set fields as the REST body holds them.
    pub fn as_json(&self) -> Result<Json, PyErr> {
        let mut out = serde_json::Map::new();
        for (name, v) in &self.fields {
            let nested = self.class.nested.iter().find(|(n, _)| n == name);
            let json = match nested {
                Some((_, true)) => Json::Array(
                    v.iter_items()
                        .unwrap_or_default()
                        .iter()
                        .map(|item| dataclass_json(item, self.class.name, name))
                        .collect::<Result<_, _>>()?,
                ),
                Some((_, false)) => dataclass_json(v, self.class.name, name)?,
                None if self.class.enums.contains(name) => match v {
                    Value::Object(o) => match o.as_any().downcast_ref::<EnumObj>() {
                        Some(e) => Json::String(e.value.to_string()),
                        None => return Err(wrong_kind(v, "value", self.class.name, name)),
                    },
                    _ => return Err(wrong_kind(v, "value", self.class.name, name)),
                },
                None => to_json(v)?,
            };
            out.insert(name.to_string(), json);
        }
        Ok(Json::Object(out))
    }
}

/// A dataclass value's `as_dict()`, or the SDK's `AttributeError` for anything else.
pub fn dataclass_json(v: &Value, class: &str, field: &str) -> Result<Json, PyErr> {
    match v {
        Value::Object(o) => match o.as_any().downcast_ref::<InputObj>() {
            Some(i) => i.as_json(),
            None => Err(wrong_kind(v, "as_dict", class, field)),
        },
        _ => Err(wrong_kind(v, "as_dict", class, field)),
    }
}

fn repr_fields(class: &str, fields: &[(&str, Value)]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", v.repr()))
        .collect();
    format!("{class}({})", parts.join(", "))
}

impl Object for InputObj {
    fn type_name(&self) -> &str {
        self.class.name
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        if let Some((_, v)) = self.fields.iter().find(|(k, _)| *k == name) {
            return Some(v.clone());
        }
        self.class
            .params
            .iter()
            .any(|p| field_name(p) == name)
            .then_some(Value::None)
    }
    fn has_method(&self, name: &str) -> bool {
        name == "as_dict"
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, _: Args) -> Result<Value, PyErr> {
        match name {
            "as_dict" => Ok(from_json(&self.as_json()?)),
            other => Err(attribute_error(self.class.name, other)),
        }
    }
    fn repr(&self) -> String {
        repr_fields(self.class.name, &self.fields)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// An input dataclass itself: calling it builds an instance; `from_dict` reads a dict.
#[derive(Debug)]
struct InputClassObj(&'static InputClass);

impl Object for InputClassObj {
    fn type_name(&self) -> &str {
        "type"
    }
    fn call(self: Rc<Self>, _: &mut Interp, args: Args) -> Result<Value, PyErr> {
        let class = self.0;
        let b = Sig {
            name: class.init,
            params: class.params,
            is_method: true,
            display: class.display,
        }
        .bind(args)?;
        let fields = class
            .params
            .iter()
            .map(|p| field_name(p))
            .filter_map(|n| b.get(n).map(|v| (n, v.clone())))
            .collect();
        Ok(Value::object(InputObj { class, fields }))
    }
    fn has_method(&self, name: &str) -> bool {
        name == "from_dict"
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
        if name != "from_dict" {
            return Err(attribute_error(self.0.name, name));
        }
        let d = args.positional.first().cloned().unwrap_or(Value::None);
        let json = to_json(&d)?;
        Ok(input_from_json(self.0, &json))
    }
    fn repr(&self) -> String {
        format!("<class 'databricks.sdk.service.serving.{}'>", self.0.name)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `Class.from_dict(d)`: nested dataclasses are built too; enums stay strings.
fn input_from_json(class: &'static InputClass, json: &Json) -> Value {
    let fields = class
        .params
        .iter()
        .map(|p| field_name(p))
        .filter_map(|n| {
            let v = json.get(n).filter(|v| !v.is_null())?;
            let nested = class.nested.iter().find(|(f, _)| *f == n).and_then(|_| {
                INPUTS
                    .iter()
                    .find(|c| c.name == nested_class(class.name, n))
            });
            let value = match (nested, v) {
                (Some(c), Json::Array(items)) => {
                    Value::list(items.iter().map(|i| input_from_json(c, i)).collect())
                }
                (Some(c), other) => input_from_json(c, other),
                (None, other) => from_json(other),
            };
            Some((n, value))
        })
        .collect();
    Value::object(InputObj { class, fields })
}

/// The dataclass a nested input field holds.
fn nested_class(class: &str, field: &str) -> &'static str {
    match (class, field) {
        (_, "auto_capture_config") => "AutoCaptureConfigInput",
        (_, "served_entities") => "ServedEntityInput",
        (_, "served_models") => "ServedModelInput",
        (_, "traffic_config") => "TrafficConfig",
        (_, "routes") => "Route",
        _ => "",
    }
}

/// An enum member: `EndpointStateReady.READY`.
#[derive(Debug)]
pub struct EnumObj {
    class: &'static str,
    value: Rc<str>,
}

impl Object for EnumObj {
    fn type_name(&self) -> &str {
        self.class
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        match name {
            "value" | "name" => Some(Value::Str(self.value.clone())),
            _ => None,
        }
    }
    fn compare_to(&self, other: &Value) -> Option<std::cmp::Ordering> {
        match other {
            Value::Object(o) => o
                .as_any()
                .downcast_ref::<EnumObj>()
                .filter(|e| e.class == self.class && e.value == self.value)
                .map(|_| std::cmp::Ordering::Equal),
            _ => None,
        }
    }
    fn repr(&self) -> String {
        format!("<{}.{}: '{}'>", self.class, self.value, self.value)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `str(member)`: `EndpointStateReady.READY` (a plain `Enum`'s str).
pub fn to_text(o: &dyn Object) -> Option<String> {
    let e = o.as_any().downcast_ref::<EnumObj>()?;
    Some(format!("{}.{}", e.class, e.value))
}

/// The enums cells use, with their members.
const ENUMS: &[(&str, &[&str])] = &[
    ("EndpointStateReady", &["NOT_READY", "READY"]),
    (
        "EndpointStateConfigUpdate",
        &[
            "IN_PROGRESS",
            "NOT_UPDATING",
            "UPDATE_CANCELED",
            "UPDATE_FAILED",
        ],
    ),
    (
        "ServedModelStateDeployment",
        &[
            "DEPLOYMENT_ABORTED",
            "DEPLOYMENT_CREATING",
            "DEPLOYMENT_FAILED",
            "DEPLOYMENT_READY",
            "DEPLOYMENT_RECOVERING",
        ],
    ),
    (
        "ServingModelWorkloadType",
        &[
            "CPU",
            "GPU_LARGE",
            "GPU_MEDIUM",
            "GPU_SMALL",
            "MULTIGPU_MEDIUM",
        ],
    ),
];

fn enum_value(class: &'static str, value: &str) -> Value {
    Value::object(EnumObj {
        class,
        value: value.into(),
    })
}

fn enum_class(class: &'static str, members: &[&str]) -> Value {
    module(
        class,
        members.iter().map(|m| (*m, enum_value(class, m))).collect(),
    )
}

/// A returned dataclass, read from the response JSON: fields (absent ones read `None`),
/// fields holding dataclasses, fields holding enums.
struct ViewClass {
    name: &'static str,
    fields: &'static [&'static str],
    nested: &'static [(&'static str, &'static str)],
    enums: &'static [(&'static str, &'static str)],
}

const ENDPOINT_FIELDS: &[&str] = &[
    "ai_gateway",
    "budget_policy_id",
    "config",
    "creation_timestamp",
    "creator",
    "data_plane_info",
    "description",
    "email_notifications",
    "endpoint_url",
    "id",
    "last_updated_timestamp",
    "name",
    "pending_config",
    "permission_level",
    "route_optimized",
    "state",
    "tags",
    "task",
];
const CONFIG_FIELDS: &[&str] = &[
    "auto_capture_config",
    "config_version",
    "served_entities",
    "served_models",
    "start_time",
    "traffic_config",
];
const CONFIG_NESTED: &[(&str, &str)] = &[
    ("served_entities", "ServedEntityOutput"),
    ("traffic_config", "TrafficConfig"),
    ("auto_capture_config", "AutoCaptureConfigOutput"),
];

const VIEWS: &[ViewClass] = &[
    ViewClass {
        name: "ServingEndpointDetailed",
        fields: ENDPOINT_FIELDS,
        nested: &[
            ("config", "EndpointCoreConfigOutput"),
            ("pending_config", "EndpointPendingConfig"),
            ("state", "EndpointState"),
            ("tags", "EndpointTag"),
        ],
        enums: &[],
    },
    ViewClass {
        name: "ServingEndpoint",
        fields: ENDPOINT_FIELDS,
        nested: &[
            ("config", "EndpointCoreConfigSummary"),
            ("state", "EndpointState"),
            ("tags", "EndpointTag"),
        ],
        enums: &[],
    },
    ViewClass {
        name: "EndpointState",
        fields: &["config_update", "ready"],
        nested: &[],
        enums: &[
            ("config_update", "EndpointStateConfigUpdate"),
            ("ready", "EndpointStateReady"),
        ],
    },
    ViewClass {
        name: "EndpointCoreConfigOutput",
        fields: CONFIG_FIELDS,
        nested: CONFIG_NESTED,
        enums: &[],
    },
    ViewClass {
        name: "EndpointPendingConfig",
        fields: CONFIG_FIELDS,
        nested: CONFIG_NESTED,
        enums: &[],
    },
    ViewClass {
        name: "EndpointCoreConfigSummary",
        fields: &["served_entities"],
        nested: &[("served_entities", "ServedEntitySpec")],
        enums: &[],
    },
    ViewClass {
        name: "ServedEntitySpec",
        fields: &[
            "entity_name",
            "entity_version",
            "external_model",
            "foundation_model",
            "name",
        ],
        nested: &[],
        enums: &[],
    },
    ViewClass {
        name: "ServedEntityOutput",
        fields: &[
            "creation_timestamp",
            "creator",
            "entity_name",
            "entity_version",
            "environment_vars",
            "external_model",
            "foundation_model",
            "instance_profile_arn",
            "max_provisioned_concurrency",
            "min_provisioned_concurrency",
            "name",
            "scale_to_zero_enabled",
            "state",
            "workload_size",
            "workload_type",
        ],
        nested: &[("state", "ServedModelState")],
        enums: &[("workload_type", "ServingModelWorkloadType")],
    },
    ViewClass {
        name: "ServedModelState",
        fields: &["deployment", "deployment_state_message"],
        nested: &[],
        enums: &[("deployment", "ServedModelStateDeployment")],
    },
    ViewClass {
        name: "TrafficConfig",
        fields: &["routes"],
        nested: &[("routes", "Route")],
        enums: &[],
    },
    ViewClass {
        name: "Route",
        fields: &[
            "served_entity_name",
            "served_model_name",
            "traffic_percentage",
        ],
        nested: &[],
        enums: &[],
    },
    ViewClass {
        name: "AutoCaptureConfigOutput",
        fields: &[
            "catalog_name",
            "enabled",
            "schema_name",
            "state",
            "table_name_prefix",
        ],
        nested: &[("state", "AutoCaptureState")],
        enums: &[],
    },
    ViewClass {
        name: "AutoCaptureState",
        fields: &["payload_table"],
        nested: &[("payload_table", "PayloadTable")],
        enums: &[],
    },
    ViewClass {
        name: "PayloadTable",
        fields: &["name", "status", "status_message"],
        nested: &[],
        enums: &[],
    },
    ViewClass {
        name: "EndpointTag",
        fields: &["key", "value"],
        nested: &[],
        enums: &[],
    },
    ViewClass {
        name: "EndpointTags",
        fields: &["tags"],
        nested: &[("tags", "EndpointTag")],
        enums: &[],
    },
    ViewClass {
        name: "QueryEndpointResponse",
        fields: &[
            "choices",
            "created",
            "data",
            "id",
            "model",
            "object",
            "outputs",
            "predictions",
            "served_model_name",
            "usage",
        ],
        nested: &[],
        enums: &[],
    },
];

/// A returned dataclass over its JSON.
#[derive(Debug)]
pub struct ViewObj {
    class: &'static str,
    json: Json,
}

impl ViewObj {
    /// A view of class `class` (one of [`VIEWS`]).
    pub fn value(class: &'static str, json: Json) -> Value {
        Value::object(ViewObj { class, json })
    }

    fn class(&self) -> Option<&'static ViewClass> {
        VIEWS.iter().find(|c| c.name == self.class)
    }
}

impl Object for ViewObj {
    fn type_name(&self) -> &str {
        self.class
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let class = self.class()?;
        let known = class.fields.contains(&name);
        let Some(v) = self.json.get(name).filter(|v| !v.is_null()) else {
            return known.then_some(Value::None);
        };
        if let Some((_, e)) = class.enums.iter().find(|(f, _)| *f == name) {
            return Some(enum_value(e, v.as_str().unwrap_or_default()));
        }
        Some(match (class.nested.iter().find(|(f, _)| *f == name), v) {
            (Some((_, c)), Json::Array(items)) => {
                Value::list(items.iter().map(|i| ViewObj::value(c, i.clone())).collect())
            }
            (Some((_, c)), other) => ViewObj::value(c, other.clone()),
            (None, other) => from_json(other),
        })
    }
    fn has_method(&self, name: &str) -> bool {
        name == "as_dict"
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, _: Args) -> Result<Value, PyErr> {
        match name {
            "as_dict" => Ok(from_json(&self.json)),
            other => Err(attribute_error(self.class, other)),
        }
    }
    fn repr(&self) -> String {
        let Some(class) = self.class() else {
            return format!("{}()", self.class);
        };
        let shown: Vec<(&str, Value)> = class
            .fields
            .iter()
            .filter_map(|f| {
                let v = self.json.get(*f)?;
                Some((
                    *f,
                    match v {
                        Json::Object(_) | Json::Array(_) => Value::str("…"),
                        other => from_json(other),
                    },
                ))
            })
            .collect();
        repr_fields(self.class, &shown)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `databricks.sdk.service.serving`.
pub fn module_value() -> Value {
    let mut attrs: Vec<(&str, Value)> = INPUTS
        .iter()
        .map(|c| (c.name, Value::object(InputClassObj(c))))
        .collect();
    attrs.extend(ENUMS.iter().map(|(n, m)| (*n, enum_class(n, m))));
    module("databricks.sdk.service.serving", attrs)
}
