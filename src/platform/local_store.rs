//! The core's [`Store`] on localStorage (through gloo-storage), for settings and progress.
//!
//! Each key holds the JSON text `{"revision": n, "body": "<envelope>"}`, so localStorage data
//! gets the same revision check, envelope, checksum and recovery as the workspace in IndexedDB.
//! localStorage is synchronous; the futures complete at once.
//!
//! gloo-storage panics when localStorage is missing (some privacy modes) and when an error is
//! not a JS `Error`, so availability is checked first and write errors are read here.

use gloo_storage::{LocalStorage, Storage};
use lakelab_core::persist::{Expected, Record, Store, StoreError};
use wasm_bindgen::JsCast;

/// localStorage keys are `lakelab.<name>`.
pub const PREFIX: &str = "lakelab.";

/// Settings and progress in localStorage.
#[derive(Clone, Copy, Debug, Default)]
pub struct LocalStore;

fn full_key(key: &str) -> String {
    format!("{PREFIX}{key}")
}

/// The localStorage object, or why there is none.
fn storage() -> Result<web_sys::Storage, StoreError> {
    let available = web_sys::window()
        .map(|w| matches!(w.local_storage(), Ok(Some(_))))
        .unwrap_or(false);
    if available {
        Ok(LocalStorage::raw())
    } else {
        Err(StoreError::Unavailable(
            "localStorage is turned off in this browser".into(),
        ))
    }
}

fn read(key: &str) -> Result<Option<Record>, StoreError> {
    match storage()?.get_item(&full_key(key)) {
        Ok(None) => Ok(None),
        Ok(Some(text)) => serde_json::from_str::<Record>(&text)
            .map(Some)
            .map_err(|e| StoreError::Corrupt {
                raw: text,
                reason: format!("the stored value is not a Lakelab record ({e})"),
            }),
        Err(e) => Err(StoreError::Unavailable(format!("localStorage: {e:?}"))),
    }
}

impl Store for LocalStore {
    async fn get(&self, key: &str) -> Result<Option<Record>, StoreError> {
        read(key)
    }

    async fn put(&self, key: &str, record: Record, expected: Expected) -> Result<(), StoreError> {
        let stored = match read(key) {
            Ok(r) => r.map(|r| r.revision),
            Err(StoreError::Corrupt { .. }) => None,
            Err(e) => return Err(e),
        };
        if !expected.matches(stored) {
            return Err(StoreError::Conflict { stored });
        }
        let text = serde_json::to_string(&record)
            .map_err(|e| StoreError::Unavailable(format!("cannot serialize: {e}")))?;
        storage()?.set_item(&full_key(key), &text).map_err(|e| {
            match e.dyn_ref::<web_sys::DomException>() {
                Some(d) if d.name() == "QuotaExceededError" => StoreError::QuotaExceeded,
                Some(d) => StoreError::Unavailable(format!("localStorage: {}", d.message())),
                None => StoreError::Unavailable(format!("localStorage: {e:?}")),
            }
        })
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        storage()?
            .remove_item(&full_key(key))
            .map_err(|e| StoreError::Unavailable(format!("localStorage: {e:?}")))
    }
}
