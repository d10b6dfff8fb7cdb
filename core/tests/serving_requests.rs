//! Invocation requests: MLflow's four input formats read into the same table, `params` and
//! `client_request_id` kept, and the scoring server's messages for requests it cannot read.

use lakelab_core::serving::request::{parse, required_format};
use serde_json::json;

const WANT_COLUMNS: [&str; 2] = ["age", "plan"];

#[test]
fn the_four_formats_give_the_same_table() {
    let bodies = [
        r#"{"dataframe_split": {"columns": ["age", "plan"], "data": [[31, "basic"], [45, "pro"]]}}"#,
        r#"{"dataframe_split": {"index": [0, 1], "columns": ["age", "plan"], "data": [[31, "basic"], [45, "pro"]]}}"#,
        r#"{"dataframe_split": [{"columns": ["age", "plan"], "data": [[31, "basic"], [45, "pro"]]}]}"#,
        r#"{"dataframe_records": [{"age": 31, "plan": "basic"}, {"age": 45, "plan": "pro"}]}"#,
        r#"{"instances": [{"age": 31, "plan": "basic"}, {"age": 45, "plan": "pro"}]}"#,
        r#"{"inputs": {"age": [31, 45], "plan": ["basic", "pro"]}}"#,
        r#"{"inputs": [{"age": 31, "plan": "basic"}, {"age": 45, "plan": "pro"}]}"#,
    ];
    for body in bodies {
        let inv = parse(body).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(inv.input.columns, WANT_COLUMNS, "{body}");
        assert_eq!(
            inv.input.data,
            vec![
                vec![json!(31), json!("basic")],
                vec![json!(45), json!("pro")]
            ],
            "{body}"
        );
    }
    // Records missing a key get null there; rows of lists get numbered columns.
    let inv = parse(r#"{"dataframe_records": [{"age": 31}, {"plan": "pro"}]}"#).unwrap();
    assert_eq!(
        inv.input.data,
        vec![
            vec![json!(31), json!(null)],
            vec![json!(null), json!("pro")]
        ]
    );
    let inv = parse(r#"{"instances": [[1, 2], [3, 4]]}"#).unwrap();
    assert_eq!(
        (inv.format, inv.input.columns.clone()),
        ("instances", vec!["0".to_string(), "1".to_string()])
    );
    let inv = parse(r#"{"dataframe_split": {"columns": ["a"], "data": [[1]]}, "params": {"threshold": 0.3}, "client_request_id": "req-7"}"#).unwrap();
    assert_eq!(inv.params, Some(json!({"threshold": 0.3})));
    assert_eq!(inv.client_request_id.as_deref(), Some("req-7"));
}

#[test]
fn unreadable_requests_get_the_scoring_servers_messages() {
    let required = required_format();
    assert_eq!(
        required,
        "The input must be a JSON dictionary with exactly one of the input fields {'dataframe_split', 'dataframe_records', 'instances', 'inputs'}"
    );
    let e = parse("[1, 2]").unwrap_err();
    assert_eq!((e.status, e.error_code), (400, "BAD_REQUEST"));
    assert_eq!(
        e.message,
        format!("Invalid input. {required}. Received a list.")
    );
    let e = parse("7").unwrap_err();
    assert_eq!(
        e.message,
        format!("Invalid input. {required}. Received unexpected input type '<class 'int'>.")
    );
    let e = parse("this is,,,, not valid json").unwrap_err();
    assert!(
        e.message.starts_with("Invalid input. Ensure that input is a valid JSON formatted string. Error: 'JSONDecodeError(")
            && e.message.ends_with("'\nInput: \nthis is,,,, not valid json\n"),
        "{}",
        e.message
    );
    // Unknown keys list no format; several formats are listed in request order.
    let e = parse(r#"{"data": [[1]]}"#).unwrap_err();
    assert!(
        e.message.starts_with(&format!("{required}. Received dictionary with input fields: []. IMPORTANT: The MLflow Model scoring protocol has changed in MLflow version 2.0.")),
        "{}",
        e.message
    );
    let e = parse(r#"{"inputs": [1], "dataframe_split": {"columns": ["a"], "data": [[1]]}}"#)
        .unwrap_err();
    assert!(
        e.message
            .contains("input fields: ['inputs', 'dataframe_split']"),
        "{}",
        e.message
    );
    // Shapes that do not form a table say why.
    let e = parse(r#"{"dataframe_split": {"columns": ["a", "b"], "data": [[1]]}}"#).unwrap_err();
    assert!(
        e.message
            .contains("row 0 has 1 values but there are 2 columns"),
        "{}",
        e.message
    );
    let e = parse(r#"{"inputs": {"a": [1, 2], "b": [1]}}"#).unwrap_err();
    assert!(e.message.contains("not the same"), "{}", e.message);
    assert!(parse(r#"{"dataframe_records": {"a": 1}}"#).is_err());
}

/// Column order is the request's (the crate keeps JSON objects in order), as pandas reads it.
#[test]
fn columns_keep_the_requests_order() {
    let inv = parse(r#"{"dataframe_records": [{"plan": "pro", "age": 45}]}"#).unwrap();
    assert_eq!(inv.input.columns, ["plan", "age"]);
    let inv = parse(r#"{"inputs": {"plan": ["pro"], "age": [45]}}"#).unwrap();
    assert_eq!(inv.input.columns, ["plan", "age"]);
    let e = parse(r#"{"inputs": [1], "dataframe_records": [{"a": 1}]}"#).unwrap_err();
    assert!(
        e.message
            .contains("input fields: ['inputs', 'dataframe_records']"),
        "{}",
        e.message
    );
}
