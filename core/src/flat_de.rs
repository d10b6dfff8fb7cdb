//! Smaller derived `Deserialize` code: hand-written readers for Lakelab's tagged and untagged
//! enums (models, worker messages, metric values, lineage), and structs read from maps only.
//!
//! serde's derived `Deserialize` for an internally tagged (`#[serde(tag = "...")]`), adjacently
//! tagged or untagged enum first buffers the value into serde's private `Content` tree, then
//! reads the variant from that buffer, so every type under such an enum is compiled a second
//! time for the buffer's deserializer. Instead, each enum reads one flat struct straight from
//! the input: the tag and every variant's fields, each optional; then it builds the variant,
//! with serde's own errors for a missing field or an unknown tag. (Saved models, whose variants
//! wrap whole structs, read their tag first instead: see `models::saved_de`.) That is about
//! 46 KB less gzipped wasm, with saved models read as text like worker messages. The JSON read
//! and written is unchanged (`core/tests/json_formats.rs` pins it). What differs only
//! concerns input Lakelab never writes: a field of another variant must still have that
//! field's type, and a sequence in place of the map is refused.
//!
//! A derived struct also compiles a visitor for its fields as a sequence, since
//! `serde_json` accepts `[...]` for a struct; Lakelab always writes maps. [`MapOnly`] (for the
//! flat structs, about 5 KB) and `map_only!` (for derived structs: about 18 KB for the model,
//! worker and workspace types) read maps only.

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// Why a flat struct does not make its variant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bad {
    /// A field the variant needs is absent.
    Missing(&'static str),
    /// A value of the wrong kind: what was found and what was expected.
    Kind(Found, &'static str),
    /// An integer out of the field's range, and the type expected.
    Range(u64, &'static str),
}

/// What kind of value was found where another was expected.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Found {
    Number(f64),
    Sequence,
    Text,
}

impl Bad {
    /// The serde error for the input's deserializer.
    pub fn into_error<E: de::Error>(self) -> E {
        match self {
            Bad::Missing(field) => E::missing_field(field),
            Bad::Kind(Found::Number(x), expected) => {
                E::invalid_type(de::Unexpected::Float(x), &expected)
            }
            Bad::Kind(Found::Sequence, expected) => E::invalid_type(de::Unexpected::Seq, &expected),
            Bad::Kind(Found::Text, expected) => {
                E::invalid_type(de::Unexpected::Other("a string"), &expected)
            }
            Bad::Range(v, expected) => E::invalid_value(de::Unexpected::Unsigned(v), &expected),
        }
    }
}

/// A field's value, or which field is missing.
pub fn need<T>(value: Option<T>, field: &'static str) -> Result<T, Bad> {
    value.ok_or(Bad::Missing(field))
}

/// `deserialize_with` for an optional field whose type takes `null` itself (a JSON value):
/// present is `Some` even when `null`; with `#[serde(default)]`, missing is `None`.
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// Reads a struct from a map only. A derived struct read through `deserialize_struct` also
/// accepts a sequence of its fields, which compiles a second visitor per struct and input
/// type; Lakelab always writes maps.
pub struct MapOnly<D>(pub D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for MapOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// `Serialize` and `Deserialize` for structs whose derives carry `#[serde(remote = "Self")]`
/// (which turns them into inherent functions): written as derived, read from a map only
/// through [`MapOnly`], wherever the struct is nested, so no sequence visitor is compiled
/// for it.
macro_rules! map_only {
    ($($t:ty),* $(,)?) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                <$t>::serialize(self, s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <$t>::deserialize($crate::flat_de::MapOnly(d))
            }
        }
    )*};
}
pub(crate) use map_only;

/// `deserialize_with` for an optional struct field read with [`MapOnly`] (with
/// `#[serde(default)]`, so a missing field is `None`).
pub fn some_map<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(MapOnly(d)).map(Some)
}

/// A number or a list of numbers (fields whose shape depends on the variant).
#[derive(Debug, Clone, PartialEq)]
pub enum NumOrList {
    Num(f64),
    List(Vec<f64>),
}

impl NumOrList {
    /// The number, or an error naming what was found.
    pub fn num(self) -> Result<f64, Bad> {
        match self {
            NumOrList::Num(x) => Ok(x),
            NumOrList::List(_) => Err(Bad::Kind(Found::Sequence, "f64")),
        }
    }

    /// The list, or an error naming what was found.
    pub fn list(self) -> Result<Vec<f64>, Bad> {
        match self {
            NumOrList::List(v) => Ok(v),
            NumOrList::Num(x) => Err(Bad::Kind(Found::Number(x), "a sequence")),
        }
    }
}

impl<'de> Deserialize<'de> for NumOrList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumOrListVisitor)
    }
}

struct NumOrListVisitor;

impl<'de> Visitor<'de> for NumOrListVisitor {
    type Value = NumOrList;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number or a list of numbers")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<NumOrList, E> {
        Ok(NumOrList::Num(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<NumOrList, E> {
        Ok(NumOrList::Num(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<NumOrList, E> {
        Ok(NumOrList::Num(v as f64))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<NumOrList, A::Error> {
        let mut out = Vec::new();
        while let Some(x) = seq.next_element::<f64>()? {
            out.push(x);
        }
        Ok(NumOrList::List(out))
    }
}

/// A list of [`NumOrList`] that must all be numbers.
pub fn nums(items: Vec<NumOrList>) -> Result<Vec<f64>, Bad> {
    items.into_iter().map(NumOrList::num).collect()
}

/// A list of [`NumOrList`] that must all be lists.
pub fn lists(items: Vec<NumOrList>) -> Result<Vec<Vec<f64>>, Bad> {
    items.into_iter().map(NumOrList::list).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Point {
        x: f64,
    }

    #[test]
    fn map_only_reads_maps_and_refuses_sequences() {
        let mut de = serde_json::Deserializer::from_str(r#"{"x":1.5}"#);
        let p = Point::deserialize(MapOnly(&mut de)).expect("a map");
        assert_eq!(p.x, 1.5);
        let mut de = serde_json::Deserializer::from_str("[1.5]");
        let e = Point::deserialize(MapOnly(&mut de)).expect_err("a sequence");
        assert!(e.to_string().starts_with("invalid type: sequence"), "{e}");
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(remote = "Self")]
    struct Pair {
        a: u32,
        #[serde(default)]
        b: Vec<String>,
    }

    map_only!(Pair);

    #[test]
    fn map_only_structs_write_as_derived_and_read_maps_only() {
        let p = Pair {
            a: 1,
            b: vec!["x".into()],
        };
        let text = serde_json::to_string(&p).expect("writes");
        assert_eq!(text, r#"{"a":1,"b":["x"]}"#);
        assert_eq!(serde_json::from_str::<Pair>(&text).expect("reads"), p);
        let nested: Vec<Pair> = serde_json::from_str(r#"[{"b":[],"a":2,"c":0}]"#).expect("reads");
        assert_eq!(nested, vec![Pair { a: 2, b: vec![] }]);
        let value = serde_json::json!({"a": 3});
        assert_eq!(
            serde_json::from_value::<Pair>(value).expect("reads"),
            Pair { a: 3, b: vec![] }
        );
        assert!(serde_json::from_str::<Pair>(r#"[1,[]]"#).is_err());
        assert!(serde_json::from_value::<Pair>(serde_json::json!([1, []])).is_err());
        let e = serde_json::from_str::<Pair>("{}").expect_err("no a");
        assert!(e.to_string().starts_with("missing field `a`"), "{e}");
    }

    #[test]
    fn numbers_or_lists() {
        let v: Vec<NumOrList> = serde_json::from_str("[1, -2, 0.5, [1, 2.5], []]").expect("JSON");
        assert_eq!(
            v,
            vec![
                NumOrList::Num(1.0),
                NumOrList::Num(-2.0),
                NumOrList::Num(0.5),
                NumOrList::List(vec![1.0, 2.5]),
                NumOrList::List(vec![]),
            ]
        );
        assert!(serde_json::from_str::<NumOrList>(r#""a""#).is_err());
        assert!(serde_json::from_str::<NumOrList>(r#"[1, "a"]"#).is_err());
        assert_eq!(nums(v.clone()), Err(Bad::Kind(Found::Sequence, "f64")));
        assert_eq!(lists(v), Err(Bad::Kind(Found::Number(1.0), "a sequence")));
        let e: serde_json::Error = Bad::Missing("coef").into_error();
        assert_eq!(e.to_string(), "missing field `coef`");
    }
}
