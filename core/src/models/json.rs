//! `model.json` (and the AutoML worker's messages, which carry models and metrics) with NaN
//! and ±infinity kept: JSON numbers cannot hold them (`serde_json` writes `null`, which then
//! fails to load as a number), yet fitted models can hold them (a scaler's mean over a column
//! with NaN, an intercept of `-inf` for a class never seen).
//!
//! Encoding: a non-finite number is written as `{"$numberDouble": "NaN"}` (or `"Infinity"`,
//! `"-Infinity"`), MongoDB Extended JSON's spelling; every finite number stays a plain JSON
//! number, so every file stored before this encoding loads unchanged. The marker is an object
//! rather than a string because models sit inside internally tagged enums, which serde buffers
//! before it knows a field's type: a buffered object can be turned into a number on the way,
//! a buffered string could not be told from a label that reads "NaN".
//!
//! Both directions go through `serde_json::Value` with a small serializer and deserializer of
//! our own (the ones `serde_json` ships turn non-finite numbers into `null`).

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};
use serde_json::{Error, Map, Number, Value};

const MARKER: &str = "$numberDouble";

/// JSON text of a value, non-finite numbers as markers (`pretty` for files people read).
pub fn to_text<T: Serialize + ?Sized>(v: &T, pretty: bool) -> Result<Vec<u8>, String> {
    let value = v.serialize(Ser).map_err(|e| e.to_string())?;
    if pretty {
        serde_json::to_vec_pretty(&value)
    } else {
        serde_json::to_vec(&value)
    }
    .map_err(|e| e.to_string())
}

/// A value from JSON text, markers read back as NaN and ±infinity.
pub fn from_text<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    from_value(value).map_err(|e| e.to_string())
}

/// A value from a JSON tree, markers read back as NaN and ±infinity.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    T::deserialize(De(value))
}

/// A JSON tree read through any deserializer with non-finite numbers kept as markers, for
/// code that collects a model's fields before reading them (`serde_json::Value` would turn
/// them into `null`).
pub struct Marked(pub Value);

impl<'de> de::Deserialize<'de> for Marked {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Marked, D::Error> {
        d.deserialize_any(MarkedVisitor).map(Marked)
    }
}

struct MarkedVisitor;

impl<'de> Visitor<'de> for MarkedVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(MarkedVisitor)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Marked(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut m = Map::new();
        while let Some((k, Marked(v))) = map.next_entry::<String, Marked>()? {
            m.insert(k, v);
        }
        Ok(Value::Object(m))
    }
}

fn number(f: f64) -> Value {
    match Number::from_f64(f) {
        Some(n) => Value::Number(n),
        None => {
            let text = if f.is_nan() {
                "NaN"
            } else if f > 0.0 {
                "Infinity"
            } else {
                "-Infinity"
            };
            let mut m = Map::new();
            m.insert(MARKER.into(), Value::String(text.into()));
            Value::Object(m)
        }
    }
}

/// The number a marker object stands for.
fn marked(m: &Map<String, Value>) -> Option<f64> {
    if m.len() != 1 {
        return None;
    }
    match m.get(MARKER)?.as_str()? {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

/// Serializes into a `Value`, non-finite numbers as markers.
struct Ser;

/// A sequence (or tuple) being built, wrapped as `{variant: [...]}` for a tuple variant.
struct Seq {
    items: Vec<Value>,
    variant: Option<&'static str>,
}

/// A map (or struct) being built, wrapped as `{variant: {...}}` for a struct variant.
struct Obj {
    map: Map<String, Value>,
    key: Option<String>,
    variant: Option<&'static str>,
}

fn wrap(variant: Option<&'static str>, v: Value) -> Value {
    match variant {
        None => v,
        Some(name) => {
            let mut m = Map::new();
            m.insert(name.into(), v);
            Value::Object(m)
        }
    }
}

impl ser::Serializer for Ser {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Seq;
    type SerializeMap = Obj;
    type SerializeStruct = Obj;
    type SerializeStructVariant = Obj;

    fn serialize_bool(self, v: bool) -> Result<Value, Error> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<Value, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<Value, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<Value, Error> {
        Ok(Value::Number(v.into()))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<Value, Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<Value, Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<Value, Error> {
        Ok(Value::Number(v.into()))
    }
    fn serialize_f32(self, v: f32) -> Result<Value, Error> {
        Ok(number(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, Error> {
        Ok(number(v))
    }
    fn serialize_char(self, v: char) -> Result<Value, Error> {
        Ok(Value::String(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, Error> {
        Ok(Value::String(v.into()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, Error> {
        Ok(Value::Array(v.iter().map(|b| Value::from(*b)).collect()))
    }
    fn serialize_none(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<Value, Error> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Value, Error> {
        Ok(Value::String(variant.into()))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Value, Error> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<Value, Error> {
        Ok(wrap(Some(variant), v.serialize(self)?))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq, Error> {
        Ok(Seq {
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq, Error> {
        Ok(Seq {
            items: Vec::with_capacity(len),
            variant: Some(variant),
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Obj, Error> {
        Ok(Obj {
            map: Map::new(),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Obj, Error> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Obj, Error> {
        Ok(Obj {
            map: Map::new(),
            key: None,
            variant: Some(variant),
        })
    }
}

impl ser::SerializeSeq for Seq {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.items.push(v.serialize(Ser)?);
        Ok(())
    }
    fn end(self) -> Result<Value, Error> {
        Ok(wrap(self.variant, Value::Array(self.items)))
    }
}

impl ser::SerializeTuple for Seq {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<Value, Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Seq {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<Value, Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Seq {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<Value, Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Obj {
    type Ok = Value;
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), Error> {
        self.key = Some(match k.serialize(Ser)? {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return Err(ser::Error::custom("a map key must be a string or a number")),
        });
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| <Error as ser::Error>::custom("a map value without a key"))?;
        self.map.insert(key, v.serialize(Ser)?);
        Ok(())
    }
    fn end(self) -> Result<Value, Error> {
        Ok(wrap(self.variant, Value::Object(self.map)))
    }
}

impl ser::SerializeStruct for Obj {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.map.insert(key.into(), v.serialize(Ser)?);
        Ok(())
    }
    fn end(self) -> Result<Value, Error> {
        ser::SerializeMap::end(self)
    }
}

impl ser::SerializeStructVariant for Obj {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, key, v)
    }
    fn end(self) -> Result<Value, Error> {
        ser::SerializeMap::end(self)
    }
}

/// Deserializes from a `Value`, markers as numbers.
struct De(Value);

struct SeqDe(std::vec::IntoIter<Value>);

struct MapDe {
    entries: serde_json::map::IntoIter,
    value: Option<Value>,
}

/// An externally tagged enum's variant name and content.
struct EnumDe(String, Value);

impl<'de> de::Deserializer<'de> for De {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => v.visit_unit(),
            Value::Bool(b) => v.visit_bool(b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => v.visit_u64(u),
                (None, Some(i)) => v.visit_i64(i),
                _ => v.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => v.visit_string(s),
            Value::Array(a) => v.visit_seq(SeqDe(a.into_iter())),
            Value::Object(m) => match marked(&m) {
                Some(f) => v.visit_f64(f),
                None => v.visit_map(MapDe {
                    entries: m.into_iter(),
                    value: None,
                }),
            },
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => v.visit_none(),
            other => v.visit_some(De(other)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => v.visit_enum(s.into_deserializer()),
            Value::Object(m) if m.len() == 1 => match m.into_iter().next() {
                Some((k, val)) => v.visit_enum(EnumDe(k, val)),
                None => Err(de::Error::custom("an enum needs a variant")),
            },
            _ => Err(de::Error::custom(
                "an enum must be a string or an object with one key",
            )),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

impl<'de> de::SeqAccess<'de> for SeqDe {
    type Error = Error;
    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|v| seed.deserialize(De(v))).transpose()
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

impl<'de> de::MapAccess<'de> for MapDe {
    type Error = Error;
    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(k.into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<T: de::DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        let v = self
            .value
            .take()
            .ok_or_else(|| <Error as de::Error>::custom("a map key without a value"))?;
        seed.deserialize(De(v))
    }
}

impl<'de> de::EnumAccess<'de> for EnumDe {
    type Error = Error;
    type Variant = De;
    fn variant_seed<T: de::DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, De), Error> {
        let variant = seed.deserialize(self.0.into_deserializer())?;
        Ok((variant, De(self.1)))
    }
}

impl<'de> de::VariantAccess<'de> for De {
    type Error = Error;
    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }
    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(self, v)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(self, v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::spark_ml::{Indexed, Scaled, Stage};
    use crate::models::SavedModel;

    fn to_json(m: &SavedModel) -> Result<Vec<u8>, String> {
        to_text(m, true)
    }

    fn from_json(bytes: &[u8]) -> Result<SavedModel, String> {
        from_text(bytes)
    }

    fn model(mean: Vec<f64>, labels: Vec<String>) -> SavedModel {
        SavedModel::Spark(Box::new(Stage::PipelineModel {
            stages: vec![
                Stage::StringIndexerModel(Indexed {
                    input_cols: vec!["c".into()],
                    output_cols: vec!["i".into()],
                    labels: vec![labels],
                    handle_invalid: "error".into(),
                }),
                Stage::StandardScalerModel(Scaled {
                    input_col: "v".into(),
                    output_col: "s".into(),
                    mean,
                    std: vec![1.0, 0.5, 2.0],
                    with_mean: false,
                    with_std: true,
                }),
            ],
        }))
    }

    #[test]
    fn non_finite_numbers_round_trip_as_markers() {
        let m = model(
            vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY],
            vec!["NaN".into(), "Infinity".into()],
        );
        let text = String::from_utf8(to_json(&m).unwrap()).unwrap();
        assert!(text.contains(r#""$numberDouble": "NaN""#), "{text}");
        assert!(text.contains(r#""$numberDouble": "-Infinity""#), "{text}");
        let back = from_json(text.as_bytes()).unwrap();
        let SavedModel::Spark(stage) = &back else {
            panic!("a Spark model")
        };
        let Stage::PipelineModel { stages } = stage.as_ref() else {
            panic!("a pipeline")
        };
        let (Stage::StringIndexerModel(i), Stage::StandardScalerModel(s)) =
            (&stages[0], &stages[1])
        else {
            panic!("an indexer and a scaler")
        };
        // Labels that read "NaN" stay text; the mean comes back NaN, +inf, -inf.
        assert_eq!(i.labels, vec![vec!["NaN".to_string(), "Infinity".into()]]);
        assert!(s.mean[0].is_nan());
        assert_eq!(s.mean[1..], [f64::INFINITY, f64::NEG_INFINITY]);
    }

    #[test]
    fn files_written_before_the_markers_still_load() {
        let m = model(vec![0.1, -2.5, 1e300], vec!["a".into()]);
        let old = serde_json::to_vec_pretty(&m).unwrap();
        assert_eq!(from_json(&old).unwrap(), m);
        // The same model, finite, reads back from the new writer too.
        assert_eq!(from_json(&to_json(&m).unwrap()).unwrap(), m);
        // What serde_json wrote for a NaN (a null) never loaded and still does not.
        let broken = String::from_utf8(old).unwrap().replacen("0.1", "null", 1);
        assert!(from_json(broken.as_bytes())
            .unwrap_err()
            .contains("invalid type: null"));
    }
}
