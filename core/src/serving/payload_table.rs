//! An endpoint's inference table as Spark reads it (`spark.table("<c>.<s>.<prefix>_payload")`):
//! the legacy payload table's columns (`docs/reference/serving.md` §5.2), one row per request
//! logged while capture was on.
//!
//! Lakelab's choices: `request_metadata` is a STRING holding a JSON object
//! `{"endpoint_name", "model_name", "model_version"}` (Lakelab's tables have no MAP type; the
//! docs' type is unverified and one Databricks fixture declares STRING); `status_code` is a
//! bigint (Lakelab's one integer type); rows appear at once (the service takes minutes);
//! every request is kept (`sampling_fraction` 1.0). The model of a row is the one recorded
//! when it was answered; rows stored before records kept it fall back to the live config.

use serde_json::json;

use super::capture::AutoCapture;
use super::entities::Endpoint;
use super::store::Serving;
use crate::table::{Column, Data, Table};

/// The column names, in the table's order.
pub const COLUMNS: [&str; 10] = [
    "databricks_request_id",
    "client_request_id",
    "date",
    "timestamp_ms",
    "status_code",
    "sampling_fraction",
    "execution_time_ms",
    "request",
    "response",
    "request_metadata",
];

/// The capture setting that names the endpoint's table: the live config's, else the one
/// deploying (the table exists from creation on, empty until the config is live).
pub(super) fn capture_of(e: &Endpoint) -> Option<&AutoCapture> {
    e.config
        .as_ref()
        .and_then(|c| c.auto_capture_config.as_ref())
        .or_else(|| {
            e.pending
                .as_ref()
                .and_then(|p| p.config.auto_capture_config.as_ref())
        })
}

impl Serving {
    /// The endpoint whose inference table is `table` (`catalog.schema.name`, any case).
    pub fn payload_table_owner(&self, table: &str) -> Option<&str> {
        self.endpoints
            .values()
            .find(|e| capture_of(e).is_some_and(|c| c.payload_table().eq_ignore_ascii_case(table)))
            .map(|e| e.name.as_str())
    }

    /// The rows of `endpoint`'s inference table (`None`: no such endpoint or no table).
    pub fn payload_table(&self, endpoint: &str) -> Option<Table> {
        let e = self.endpoints.get(endpoint)?;
        let capture = capture_of(e)?;
        let live = e.config.as_ref();
        let records: Vec<_> = self
            .records
            .get(endpoint)
            .map(|log| {
                log.records
                    .iter()
                    .filter(|r| r.served_entity.is_some() && capture.covers(r.timestamp_ms))
                    .collect()
            })
            .unwrap_or_default();
        let metadata = |r: &super::invoke::InferenceRecord| {
            let served = live.and_then(|c| {
                c.served_entities
                    .iter()
                    .find(|s| Some(&s.name) == r.served_entity.as_ref())
            });
            let model = r
                .model_name
                .as_deref()
                .or(served.map(|s| s.entity_name.as_str()));
            let version = r
                .model_version
                .as_deref()
                .or(served.map(|s| s.entity_version.as_str()));
            json!({
                "endpoint_name": endpoint,
                "model_name": model,
                "model_version": version,
            })
            .to_string()
        };
        let strings = |f: &dyn Fn(&super::invoke::InferenceRecord) -> String| {
            Column::strings(records.iter().map(|r| f(r)).collect())
        };
        let client = Column {
            data: Data::Str(
                records
                    .iter()
                    .map(|r| r.client_request_id.clone().unwrap_or_default())
                    .collect(),
            ),
            valid: records
                .iter()
                .any(|r| r.client_request_id.is_none())
                .then(|| {
                    records
                        .iter()
                        .map(|r| r.client_request_id.is_some())
                        .collect()
                }),
        };
        let columns = vec![
            strings(&|r| r.databricks_request_id.clone()),
            client,
            Column {
                data: Data::Date(
                    records
                        .iter()
                        .map(|r| r.timestamp_ms.div_euclid(86_400_000) as i32)
                        .collect(),
                ),
                valid: None,
            },
            Column::ints(records.iter().map(|r| r.timestamp_ms).collect()),
            Column::ints(records.iter().map(|r| i64::from(r.status_code)).collect()),
            Column::floats(vec![1.0; records.len()]),
            Column::ints(
                records
                    .iter()
                    .map(|r| r.execution_time_ms.round() as i64)
                    .collect(),
            ),
            strings(&|r| r.request.clone()),
            strings(&|r| r.response.clone()),
            strings(&|r| metadata(r)),
        ];
        Table::new(COLUMNS.iter().map(|c| c.to_string()).collect(), columns).ok()
    }
}
