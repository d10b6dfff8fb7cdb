//! `Deserialize` for a lookup's [`DefaultValue`], hand-written (see `crate::flat_de`: serde's
//! derive for this untagged enum buffers into its `Content` tree).

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};

use super::lookup::DefaultValue;

impl<'de> Deserialize<'de> for DefaultValue {
    /// The derived untagged enum's order: a boolean, an integer that fits `i64`, any other
    /// number, a string.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DefaultValueVisitor)
    }
}

struct DefaultValueVisitor;

impl<'de> Visitor<'de> for DefaultValueVisitor {
    type Value = DefaultValue;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a boolean, a number or a string")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<DefaultValue, E> {
        Ok(DefaultValue::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<DefaultValue, E> {
        Ok(DefaultValue::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<DefaultValue, E> {
        Ok(i64::try_from(v).map_or(DefaultValue::Float(v as f64), DefaultValue::Int))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<DefaultValue, E> {
        Ok(DefaultValue::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DefaultValue, E> {
        Ok(DefaultValue::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<DefaultValue, E> {
        Ok(DefaultValue::Str(v))
    }
}
