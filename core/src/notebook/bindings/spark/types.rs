//! `pyspark.sql.types`: the data types a schema names, `StructField` and `StructType`.
//! Spark's integer widths collapse to Lakelab's one 64-bit integer type (`IntegerType()`
//! columns report `bigint`), and `FloatType()` to `double`; `ArrayType` holds numbers only,
//! as doubles.

use std::any::Any;
use std::rc::Rc;

use crate::notebook::call::Sig;
use crate::notebook::error::{type_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::{Args, Object, Value};
use crate::table::{DType, Table};

/// A data type object (`LongType()`).
#[derive(Debug)]
pub struct TypeObj(pub DType);

fn type_class_name(t: DType) -> &'static str {
    match t {
        DType::Int => "LongType",
        DType::Float => "DoubleType",
        DType::Str => "StringType",
        DType::Bool => "BooleanType",
        DType::Date => "DateType",
        DType::Timestamp => "TimestampType",
        DType::Vector => "VectorUDT",
        DType::Array => "ArrayType",
    }
}

/// `LongType()`, `ArrayType(DoubleType(), True)`.
fn type_repr(t: DType) -> String {
    match t {
        DType::Array => "ArrayType(DoubleType(), True)".into(),
        other => format!("{}()", type_class_name(other)),
    }
}

impl Object for TypeObj {
    fn type_name(&self) -> &str {
        type_class_name(self.0)
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "simpleString" | "typeName")
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, _: &str, _: Args) -> Result<Value, PyErr> {
        Ok(Value::str(self.0.spark_name()))
    }
    fn compare_to(&self, other: &Value) -> Option<std::cmp::Ordering> {
        let Value::Object(o) = other else { return None };
        let t = o.as_any().downcast_ref::<TypeObj>()?;
        (t.0 == self.0).then_some(std::cmp::Ordering::Equal)
    }
    fn repr(&self) -> String {
        type_repr(self.0)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `StructField(name, dataType, nullable)`.
#[derive(Debug, Clone)]
pub struct FieldObj {
    pub name: String,
    pub dtype: DType,
    pub nullable: bool,
}

impl Object for FieldObj {
    fn type_name(&self) -> &str {
        "StructField"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(match name {
            "name" => Value::str(self.name.as_str()),
            "dataType" => Value::object(TypeObj(self.dtype)),
            "nullable" => Value::Bool(self.nullable),
            _ => return None,
        })
    }
    fn repr(&self) -> String {
        format!(
            "StructField('{}', {}, {})",
            self.name,
            type_repr(self.dtype),
            if self.nullable { "True" } else { "False" }
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `StructType([...])`: a schema.
#[derive(Debug, Clone)]
pub struct StructObj {
    pub fields: Vec<FieldObj>,
}

impl StructObj {
    pub fn of(table: &Table) -> StructObj {
        StructObj {
            fields: table
                .names()
                .iter()
                .zip(table.columns())
                .map(|(n, c)| FieldObj {
                    name: n.clone(),
                    dtype: c.dtype(),
                    nullable: true,
                })
                .collect(),
        }
    }

    /// The fields as (name, type) pairs.
    pub fn fields_typed(&self) -> Vec<(String, DType)> {
        self.fields
            .iter()
            .map(|f| (f.name.clone(), f.dtype))
            .collect()
    }

    /// `struct<a:bigint,b:string>`.
    pub fn simple_string(&self) -> String {
        let parts: Vec<String> = self
            .fields
            .iter()
            .map(|f| format!("{}:{}", f.name, f.dtype.spark_name()))
            .collect();
        format!("struct<{}>", parts.join(","))
    }

    /// `printSchema()`'s tree.
    pub fn tree(&self) -> String {
        let mut s = "root\n".to_string();
        for f in &self.fields {
            let array = f.dtype == DType::Array;
            s.push_str(&format!(
                " |-- {}: {} (nullable = {})\n",
                f.name,
                if array { "array" } else { f.dtype.spark_name() },
                f.nullable
            ));
            if array {
                s.push_str(" |    |-- element: double (containsNull = true)\n");
            }
        }
        s
    }
}

impl Object for StructObj {
    fn type_name(&self) -> &str {
        "StructType"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(match name {
            "fields" => Value::list(
                self.fields
                    .iter()
                    .map(|f| Value::object(f.clone()))
                    .collect(),
            ),
            "names" => Value::list(
                self.fields
                    .iter()
                    .map(|f| Value::str(f.name.as_str()))
                    .collect(),
            ),
            _ => return None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "simpleString" | "fieldNames")
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, _: Args) -> Result<Value, PyErr> {
        Ok(match name {
            "fieldNames" => Value::list(
                self.fields
                    .iter()
                    .map(|f| Value::str(f.name.as_str()))
                    .collect(),
            ),
            _ => Value::str(self.simple_string()),
        })
    }
    fn items(&self) -> Option<Vec<Value>> {
        Some(
            self.fields
                .iter()
                .map(|f| Value::object(f.clone()))
                .collect(),
        )
    }
    fn py_len(&self) -> Option<usize> {
        Some(self.fields.len())
    }
    fn repr(&self) -> String {
        let parts: Vec<String> = self.fields.iter().map(|f| f.repr()).collect();
        format!("StructType([{}])", parts.join(", "))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

macro_rules! type_ctor {
    ($name:ident, $t:expr) => {
        fn $name(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
            if !args.positional.is_empty() || !args.keywords.is_empty() {
                return Err(type_error(concat!(
                    stringify!($name),
                    "() takes no arguments"
                )));
            }
            Ok(Value::object(TypeObj($t)))
        }
    };
}

type_ctor!(string_type, DType::Str);
type_ctor!(long_type, DType::Int);
type_ctor!(double_type, DType::Float);
type_ctor!(boolean_type, DType::Bool);
type_ctor!(date_type, DType::Date);
type_ctor!(timestamp_type, DType::Timestamp);

/// `ArrayType(elementType, containsNull=True)` of a numeric type.
fn array_type(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "ArrayType",
        params: &["elementType", "containsNull="],
        is_method: false,
        display: "ArrayType(elementType: DataType, containsNull: bool = True)",
    }
    .bind(args)?;
    match b.value("elementType") {
        Value::Object(o) => match o.as_any().downcast_ref::<TypeObj>().map(|t| t.0) {
            Some(DType::Int | DType::Float) => Ok(Value::object(TypeObj(DType::Array))),
            _ => Err(crate::notebook::error::not_implemented(
                "ArrayType of a non-numeric type: Lakelab's arrays hold numbers (as doubles)",
            )),
        },
        _ => Err(type_error(
            "ArrayType's elementType must be a DataType such as DoubleType()",
        )),
    }
}

fn struct_field(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "StructField",
        params: &["name", "dataType", "nullable=", "metadata="],
        is_method: false,
        display: "StructField(name: str, dataType: DataType, nullable: bool = True, metadata: Optional[Dict[str, Any]] = None)",
    }
    .bind(args)?;
    let dtype = match b.value("dataType") {
        Value::Object(o) => o.as_any().downcast_ref::<TypeObj>().map(|t| t.0),
        _ => None,
    }
    .ok_or_else(|| type_error("StructField's dataType must be a DataType such as StringType()"))?;
    Ok(Value::object(FieldObj {
        name: b.value("name").to_str(),
        dtype,
        nullable: b.get("nullable").is_none_or(Value::truthy),
    }))
}

fn struct_type(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "StructType",
        params: &["fields="],
        is_method: false,
        display: "StructType(fields: Optional[List[StructField]] = None)",
    }
    .bind(args)?;
    let fields = b
        .value("fields")
        .iter_items()
        .unwrap_or_default()
        .iter()
        .map(|f| match f {
            Value::Object(o) => o.as_any().downcast_ref::<FieldObj>().cloned(),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| type_error("StructType's fields must be StructField objects"))?;
    Ok(Value::object(StructObj { fields }))
}

/// The `pyspark.sql.types` module.
pub fn module_value() -> Value {
    module(
        "pyspark.sql.types",
        vec![
            ("StringType", Value::Native("StringType", string_type)),
            ("LongType", Value::Native("LongType", long_type)),
            ("IntegerType", Value::Native("IntegerType", long_type)),
            ("ShortType", Value::Native("ShortType", long_type)),
            ("DoubleType", Value::Native("DoubleType", double_type)),
            ("FloatType", Value::Native("FloatType", double_type)),
            ("BooleanType", Value::Native("BooleanType", boolean_type)),
            ("DateType", Value::Native("DateType", date_type)),
            (
                "TimestampType",
                Value::Native("TimestampType", timestamp_type),
            ),
            ("ArrayType", Value::Native("ArrayType", array_type)),
            ("StructField", Value::Native("StructField", struct_field)),
            ("StructType", Value::Native("StructType", struct_type)),
        ],
    )
}
