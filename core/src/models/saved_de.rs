//! `Deserialize` for [`SavedModel`] and [`Link`], hand-written (see `crate::flat_de`: serde's
//! derive for these internally tagged enums buffers the whole model into its `Content` tree
//! and compiles every model type a second time).
//!
//! A saved model's variants wrap whole structs, so it is not read through a flat struct:
//! `model_type` comes first in every `model.json` Lakelab writes, and the rest of the map is
//! then read straight into the variant's struct. A map whose tag comes later (hand-written
//! JSON) is collected, written again with the tag first and read from that text.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::saved::{LinearModel, Link, SavedModel};
use crate::automl::forecast::ForecastModel;
use crate::flat_de::{need, present, Bad, MapOnly};
use crate::ml::pipeline::PipelineModel;
use crate::ml::sk::SkModel;
use crate::ml::spark_ml::Stage;

const TAG: &str = "model_type";

#[derive(Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum ModelType {
    Linear,
    Pipeline,
    Sklearn,
    Spark,
    Forecast,
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
        let first = match map.next_key::<String>()? {
            Some(key) if key == TAG => {
                let tag: ModelType = map.next_value()?;
                return variant(tag, de::value::MapAccessDeserializer::new(map));
            }
            Some(key) => key,
            None => return Err(de::Error::missing_field(TAG)),
        };
        let mut fields = serde_json::Map::new();
        fields.insert(first, map.next_value()?);
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            fields.insert(key, value);
        }
        let tag = fields
            .remove(TAG)
            .ok_or_else(|| de::Error::missing_field(TAG))?;
        let mut text = format!("{{\"{TAG}\":{tag}");
        for (key, value) in fields {
            text.push(',');
            text.push_str(&Value::String(key).to_string());
            text.push(':');
            text.push_str(&value.to_string());
        }
        text.push('}');
        serde_json::from_str(&text).map_err(|e| {
            // The position is in the rewritten text, not the input: leave it out.
            let message = e.to_string();
            let at = format!(" at line {} column {}", e.line(), e.column());
            de::Error::custom(message.strip_suffix(&at).unwrap_or(&message))
        })
    }
}

/// The variant `tag` names, read from the rest of the map.
fn variant<'de, D: Deserializer<'de>>(tag: ModelType, rest: D) -> Result<SavedModel, D::Error> {
    Ok(match tag {
        ModelType::Linear => SavedModel::Linear(LinearModel::deserialize(rest)?),
        ModelType::Pipeline => SavedModel::Pipeline(Box::new(PipelineModel::deserialize(rest)?)),
        ModelType::Sklearn => SavedModel::Sklearn(Box::new(SkModel::deserialize(rest)?)),
        ModelType::Spark => SavedModel::Spark(Box::new(Stage::deserialize(rest)?)),
        ModelType::Forecast => SavedModel::Forecast(Box::new(ForecastModel::deserialize(rest)?)),
    })
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
