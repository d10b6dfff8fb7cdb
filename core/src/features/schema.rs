//! Table schemas as the clients print them (`StructType([StructField('id', LongType(), True)])`).

use crate::table::{DType, Table};

pub fn of(table: &Table) -> Vec<(String, DType)> {
    table
        .names()
        .iter()
        .zip(table.columns())
        .map(|(n, c)| (n.clone(), c.dtype()))
        .collect()
}

pub fn type_class(t: DType) -> &'static str {
    match t {
        DType::Int => "LongType()",
        DType::Float => "DoubleType()",
        DType::Str => "StringType()",
        DType::Bool => "BooleanType()",
        DType::Date => "DateType()",
        DType::Timestamp => "TimestampType()",
        DType::Vector => "VectorUDT()",
        DType::Array => "ArrayType(DoubleType(), True)",
    }
}

pub fn repr_of(schema: &[(String, DType)]) -> String {
    let fields: Vec<String> = schema
        .iter()
        .map(|(n, t)| format!("StructField('{n}', {}, True)", type_class(*t)))
        .collect();
    format!("StructType([{}])", fields.join(", "))
}

/// A table's schema as `repr(df.schema)` prints it.
pub fn schema_repr(table: &Table) -> String {
    repr_of(&of(table))
}
