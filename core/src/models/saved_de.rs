//! `Deserialize` for [`SavedModel`] and [`Link`], hand-written (see `crate::flat_de`: serde's
//! derive for these internally tagged enums buffers the whole model into its `Content` tree
//! and compiles every model type a second time).
//!
//! A saved model's variants wrap whole structs, so it is not read through a flat struct: the
//! map is collected (non-finite numbers kept as `models::json` markers, since `model.json`
//! is written with sorted keys and the tag is seldom first), then the variant's struct is
//! read from it through `models::json`'s reader, the one every model is read with, so the
//! model types are compiled for one deserializer only.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::json::{from_value, Marked};
use super::saved::{Link, SavedModel};
use crate::flat_de::{need, present, Bad, MapOnly};

const TAG: &str = "model_type";

#[derive(Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum ModelType {
    Linear,
    Pipeline,
    Sklearn,
    Spark,
    Forecast,
    PythonModel,
}

impl<'de> Deserialize<'de> for SavedModel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(SavedModelVisitor)
    }
}

struct SavedModelVisitor;

impl<'de> Visitor<'de> for SavedModelVisitor {
    type Value = SavedModel;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("internally tagged enum SavedModel")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SavedModel, A::Error> {
        let mut fields = serde_json::Map::new();
        while let Some((key, Marked(value))) = map.next_entry::<String, Marked>()? {
            fields.insert(key, value);
        }
        let tag = fields
            .remove(TAG)
            .ok_or_else(|| de::Error::missing_field(TAG))?;
        let tag: ModelType = serde_json::from_value(tag).map_err(de::Error::custom)?;
        let rest = Value::Object(fields);
        let read = match tag {
            ModelType::Linear => from_value(rest).map(SavedModel::Linear),
            ModelType::Pipeline => from_value(rest).map(|m| SavedModel::Pipeline(Box::new(m))),
            ModelType::Sklearn => from_value(rest).map(|m| SavedModel::Sklearn(Box::new(m))),
            ModelType::Spark => from_value(rest).map(|m| SavedModel::Spark(Box::new(m))),
            ModelType::Forecast => from_value(rest).map(|m| SavedModel::Forecast(Box::new(m))),
            ModelType::PythonModel => {
                from_value(rest).map(|m| SavedModel::PythonModel(Box::new(m)))
            }
        };
        read.map_err(de::Error::custom)
    }
}

#[derive(Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum LinkKind {
    Identity,
    Logistic,
}

/// Both variants' fields (a `null` label is present: `Some(Value::Null)`).
#[derive(Deserialize)]
#[serde(expecting = "internally tagged enum Link")]
struct LinkFields {
    kind: LinkKind,
    #[serde(default, deserialize_with = "present")]
    negative: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    positive: Option<Value>,
}

impl<'de> Deserialize<'de> for Link {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = LinkFields::deserialize(MapOnly(d))?;
        let link = match f.kind {
            LinkKind::Identity => Ok(Link::Identity),
            LinkKind::Logistic => (|| {
                Ok(Link::Logistic {
                    negative: need(f.negative, "negative")?,
                    positive: need(f.positive, "positive")?,
                })
            })(),
        };
        link.map_err(Bad::into_error)
    }
}
