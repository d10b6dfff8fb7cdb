//! Inference tables as Unity Catalog sees them: an endpoint with `auto_capture_config` has a
//! table `<catalog>.<schema>.<prefix>_payload` that listings show beside the schema's Delta
//! tables and that `spark.table` / `spark.sql` read. Its rows stay derived from the
//! endpoint's inference records ([`super::payload_table`]); nothing is copied into the
//! catalog, and the table is read-only (Model Serving is its only writer).
//!
//! Lakelab's choices where the docs are silent: creating or updating an endpoint whose
//! `auto_capture_config` names a catalog or schema that does not exist fails with 404
//! `RESOURCE_DOES_NOT_EXIST` and Unity Catalog's own wording (`Catalog 'x' does not exist.`,
//! `Schema 'x.y' does not exist.`); the real service's status and text were not found in the
//! docs, the SDK or the API reference. The documented grants (USE CATALOG, USE SCHEMA,
//! CREATE TABLE) are checked as any UC call checks them (403 `PERMISSION_DENIED`). A name
//! already taken by a Delta table is refused with 409 `RESOURCE_ALREADY_EXISTS`.

use serde_json::Value;

use super::capture::AutoCapture;
use super::error::ServingError;
use super::payload_table::capture_of;
use super::store::Serving;
use crate::catalog::privileges::{Privilege, Securable};
use crate::catalog::Unity;
use crate::tracking::{ErrorCode, MlflowError};
use crate::Workspace;

impl Serving {
    /// Every inference table: its full lower-case name and its endpoint.
    pub fn payload_tables(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .endpoints
            .values()
            .filter_map(|e| {
                capture_of(e).map(|c| (c.payload_table().to_lowercase(), e.name.clone()))
            })
            .collect();
        out.sort();
        out
    }
}

/// The error a refused check gives, with its REST status.
fn serving_error(e: MlflowError) -> ServingError {
    let (status, code) = match e.code {
        ErrorCode::ResourceDoesNotExist => (404, "RESOURCE_DOES_NOT_EXIST"),
        ErrorCode::PermissionDenied => (403, "PERMISSION_DENIED"),
        _ => (400, "INVALID_PARAMETER_VALUE"),
    };
    ServingError {
        status,
        error_code: code,
        message: e.message,
    }
}

/// Checks an endpoint config's `auto_capture_config` against Unity Catalog: the catalog and
/// schema exist, the caller may create a table there, and no Delta table has the name.
/// `endpoint` fills in the default prefix. A malformed setting is left to the endpoint's
/// own validation.
pub fn check_capture(unity: &Unity, endpoint: &str, config: &Value) -> Result<(), ServingError> {
    let Some(v) = config.get("auto_capture_config").filter(|v| !v.is_null()) else {
        return Ok(());
    };
    let Ok(capture) = AutoCapture::from_json(v) else {
        return Ok(());
    };
    let capture = capture.with_default_prefix(endpoint);
    let catalog = capture.catalog_name.to_lowercase();
    let schema = capture.schema_name.to_lowercase();
    unity
        .check_schema(&catalog, &schema)
        .map_err(serving_error)?;
    let at = Securable::Schema(catalog.clone(), schema.clone());
    unity
        .require(&[
            (Privilege::UseCatalog, Securable::Catalog(catalog.clone())),
            (Privilege::UseSchema, at.clone()),
            (Privilege::CreateTable, at),
        ])
        .map_err(serving_error)?;
    let name = capture.payload_table().to_lowercase();
    if unity.tables.contains_key(&name) {
        return Err(ServingError {
            status: 409,
            error_code: "RESOURCE_ALREADY_EXISTS",
            message: format!(
                "Table '{name}' already exists, so it cannot be this endpoint's inference table (Lakelab's wording); choose another table_name_prefix"
            ),
        });
    }
    Ok(())
}

impl Workspace {
    /// The endpoint whose inference table is `name` (`catalog.schema.table`, any case).
    pub fn inference_table_owner(&self, name: &str) -> Option<String> {
        self.serving.payload_table_owner(name).map(str::to_string)
    }

    /// The tables of a schema, full lower-case names in order: Delta tables (feature tables
    /// included) and endpoints' inference tables.
    pub fn tables_in(&self, catalog: &str, schema: &str) -> Vec<String> {
        let prefix = format!("{}.{}.", catalog.to_lowercase(), schema.to_lowercase());
        let mut out: Vec<String> = self
            .unity
            .tables
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .cloned()
            .chain(
                self.serving
                    .payload_tables()
                    .into_iter()
                    .map(|(n, _)| n)
                    .filter(|n| n.starts_with(&prefix)),
            )
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Everything a schema holds (models, tables, functions, inference tables), as Catalog
    /// Explorer lists it.
    pub fn objects_in(&self, catalog: &str, schema: &str) -> Vec<String> {
        let mut out = self.unity.objects_in(catalog, schema);
        out.extend(self.tables_in(catalog, schema));
        out.sort();
        out.dedup();
        out
    }

    /// Refuses a write to an inference table (`what` names the operation).
    pub fn refuse_inference_table_write(&self, name: &str, what: &str) -> Result<(), String> {
        match self.inference_table_owner(name) {
            None => Ok(()),
            Some(endpoint) => Err(format!(
                "{what} {name}: this is the inference table of serving endpoint '{endpoint}', which Model Serving writes; it is read-only (Lakelab's wording). Read it with spark.table or SELECT, or copy it into a table of your own"
            )),
        }
    }
}
