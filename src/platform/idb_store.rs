//! The core's [`Store`] on IndexedDB: database `lakelab`, object store `state`, one record per
//! key, stored as a plain object `{revision: number, body: string}`.
//!
//! A write is a compare-and-swap inside one read-write transaction (IndexedDB serialises
//! read-write transactions on a store, so two tabs cannot interleave between the read and the
//! write). A value of any other shape is reported as [`StoreError::Corrupt`] with its text.
//!
//! Segmented documents (the workspace's runs, keys `workspace/run/<id>`) are listed with one
//! key-range read and written with [`Store::commit`]: the revision check, every segment write
//! and the main record share one transaction, so IndexedDB commits all of them or none. The
//! requests are issued without waiting for each other; the transaction's completion is what
//! counts.

use idb::{
    Database, DatabaseEvent, Factory, KeyRange, ObjectStore, ObjectStoreParams, Query, Transaction,
    TransactionMode, TransactionResult,
};
use std::rc::Rc;

use js_sys::{Object, Reflect};
use lakelab_core::persist::{Expected, Listed, ListedBytes, Record, Store, StoreError, Write};
use wasm_bindgen::{JsCast, JsValue};

/// Database and object store names (tests and the e2e suite use them too).
pub const DB_NAME: &str = "lakelab";
pub const STORE_NAME: &str = "state";
const DB_VERSION: u32 = 1;

/// An open connection to Lakelab's database.
#[derive(Clone)]
pub struct IdbStore {
    db: Rc<Database>,
}

fn unavailable(context: &str, err: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(format!("{context}: {err}"))
}

impl IdbStore {
    /// Opens (creating if needed) the database `name`.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        let factory = Factory::new().map_err(|e| unavailable("IndexedDB", e))?;
        let mut request = factory
            .open(name, Some(DB_VERSION))
            .map_err(|e| unavailable("opening the database", e))?;
        request.on_upgrade_needed(|event| {
            if let Ok(db) = event.database() {
                if !db.store_names().iter().any(|n| n == STORE_NAME) {
                    let _ = db.create_object_store(STORE_NAME, ObjectStoreParams::new());
                }
            }
        });
        let mut db = request
            .await
            .map_err(|e| unavailable("opening the database", e))?;
        // A newer build opening a higher database version in another tab waits until every
        // older connection closes: close ours rather than block it (this tab's saves then fail
        // visibly, and a reload picks up the new build).
        db.on_version_change(|event| {
            if let Some(db) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::IdbDatabase>().ok())
            {
                db.close();
            }
        });
        Ok(Self { db: Rc::new(db) })
    }

    /// Closes the connection (tests delete their databases afterwards).
    pub fn close(&self) {
        self.db.close();
    }
}

/// Reads `{revision, body}` from a stored JS value.
fn to_record(value: &JsValue) -> Result<Record, StoreError> {
    let field = |name: &str| Reflect::get(value, &JsValue::from_str(name)).ok();
    let revision = field("revision").and_then(|v| v.as_f64());
    let body = field("body").and_then(|v| v.as_string());
    match (value.is_object(), revision, body) {
        (true, Some(r), Some(body)) if r >= 0.0 && r.fract() == 0.0 => Ok(Record {
            revision: r as u64,
            body,
        }),
        _ => Err(StoreError::Corrupt {
            raw: js_text(value),
            reason: "the stored value is not a Lakelab record".into(),
        }),
    }
}

/// The most faithful text for an arbitrary stored value: JSON when possible.
fn js_text(value: &JsValue) -> String {
    if let Some(s) = value.as_string() {
        return s;
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

fn to_js(record: &Record) -> JsValue {
    let obj = Object::new();
    // Revisions stay far below 2^53, so an f64 holds them exactly.
    let _ = Reflect::set(&obj, &"revision".into(), &(record.revision as f64).into());
    let _ = Reflect::set(&obj, &"body".into(), &record.body.as_str().into());
    obj.into()
}

/// Maps a failed write to the learner's terms, recognising a full disk.
fn write_error(exception: Option<web_sys::DomException>, fallback: String) -> StoreError {
    match exception {
        Some(e) if e.name() == "QuotaExceededError" => StoreError::QuotaExceeded,
        Some(e) => StoreError::Unavailable(format!("{}: {}", e.name(), e.message())),
        None => StoreError::Unavailable(fallback),
    }
}

/// The DOMException behind an idb error, whether the browser threw it at once or reported it
/// on the request or transaction.
fn dom_exception(err: &idb::Error) -> Option<web_sys::DomException> {
    match err {
        idb::Error::DomException(e) => Some(e.clone()),
        idb::Error::UpdateFailed(v)
        | idb::Error::TransactionCommitError(v)
        | idb::Error::TransactionAbortError(v) => v.dyn_ref::<web_sys::DomException>().cloned(),
        _ => None,
    }
}

impl IdbStore {
    /// A transaction on the `state` store and the store itself; `doing` names the operation in
    /// error messages ("reading", "saving", …).
    fn begin(
        &self,
        mode: TransactionMode,
        doing: &str,
    ) -> Result<(Transaction, ObjectStore), StoreError> {
        let tx = self
            .db
            .transaction(&[STORE_NAME], mode)
            .map_err(|e| unavailable(doing, e))?;
        let store = tx
            .object_store(STORE_NAME)
            .map_err(|e| unavailable(doing, e))?;
        Ok((tx, store))
    }

    /// Writes an arbitrary value under `key`, bypassing the record format: browser tests use it
    /// to simulate a damaged database.
    pub async fn put_raw(&self, key: &str, value: &JsValue) -> Result<(), StoreError> {
        let (tx, store) = self.begin(TransactionMode::ReadWrite, "saving")?;
        store
            .put(value, Some(&JsValue::from_str(key)))
            .map_err(|e| unavailable("saving", e))?
            .await
            .map_err(|e| unavailable("saving", e))?;
        tx.await.map_err(|e| unavailable("saving", e))?;
        Ok(())
    }
}

impl IdbStore {
    /// The keys and values under `prefix`, read in one transaction, so both lists describe the
    /// same records in key order.
    async fn read_prefix(&self, prefix: &str) -> Result<(Vec<JsValue>, Vec<JsValue>), StoreError> {
        let (tx, store) = self.begin(TransactionMode::ReadOnly, "reading")?;
        let range = || prefix_range(prefix).map(Query::from);
        let keys = store
            .get_all_keys(Some(range()?), None)
            .map_err(|e| unavailable("reading", e))?
            .await
            .map_err(|e| unavailable("reading", e))?;
        let values = store
            .get_all(Some(range()?), None)
            .map_err(|e| unavailable("reading", e))?
            .await
            .map_err(|e| unavailable("reading", e))?;
        let _ = tx.await;
        Ok((keys, values))
    }
}

/// The value under `key` in `store` (inside the caller's transaction).
async fn read_value(
    store: &ObjectStore,
    key: &JsValue,
    doing: &str,
) -> Result<Option<JsValue>, StoreError> {
    store
        .get(key.clone())
        .map_err(|e| unavailable(doing, e))?
        .await
        .map_err(|e| unavailable(doing, e))
}

impl Store for IdbStore {
    async fn get(&self, key: &str) -> Result<Option<Record>, StoreError> {
        let (tx, store) = self.begin(TransactionMode::ReadOnly, "reading")?;
        let value = read_value(&store, &JsValue::from_str(key), "reading").await?;
        let _ = tx.await;
        value.as_ref().map(to_record).transpose()
    }

    async fn put(&self, key: &str, record: Record, expected: Expected) -> Result<(), StoreError> {
        self.commit(key, record, expected, Vec::new()).await
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        let (tx, store) = self.begin(TransactionMode::ReadWrite, "deleting")?;
        store
            .delete(JsValue::from_str(key))
            .map_err(|e| unavailable("deleting", e))?
            .await
            .map_err(|e| unavailable("deleting", e))?;
        match tx.await {
            Ok(TransactionResult::Committed) => Ok(()),
            _ => Err(StoreError::Unavailable(
                "deleting: the browser aborted".into(),
            )),
        }
    }

    async fn list(&self, prefix: &str) -> Result<Listed, StoreError> {
        let (keys, values) = self.read_prefix(prefix).await?;
        Ok(keys
            .iter()
            .zip(values.iter())
            .map(|(key, value)| (js_text(key), to_record(value)))
            .collect())
    }

    async fn list_bytes(&self, prefix: &str) -> Result<ListedBytes, StoreError> {
        let (keys, values) = self.read_prefix(prefix).await?;
        Ok(keys
            .iter()
            .zip(values.iter())
            .map(|(key, value)| {
                let bytes = value
                    .dyn_ref::<js_sys::Uint8Array>()
                    .map(js_sys::Uint8Array::to_vec)
                    .ok_or_else(|| StoreError::Corrupt {
                        raw: js_text(value),
                        reason: "the stored value is not a file's bytes".into(),
                    });
                (js_text(key), bytes)
            })
            .collect())
    }

    async fn commit(
        &self,
        key: &str,
        record: Record,
        expected: Expected,
        writes: Vec<Write>,
    ) -> Result<(), StoreError> {
        let (tx, store) = self.begin(TransactionMode::ReadWrite, "saving")?;
        let js_key = JsValue::from_str(key);
        let current = read_value(&store, &js_key, "saving").await?;
        let stored = current
            .as_ref()
            .and_then(|v| to_record(v).ok())
            .map(|r| r.revision);
        if !expected.matches(stored) {
            let _ = tx.abort();
            return Err(StoreError::Conflict { stored });
        }
        if let Err(err) = issue_writes(&store, &writes, key, &record) {
            let _ = tx.abort();
            return Err(err);
        }
        match tx.await {
            Ok(TransactionResult::Committed) => Ok(()),
            Ok(TransactionResult::Aborted) => Err(write_error(
                store.transaction().error(),
                "saving: the browser aborted the write".into(),
            )),
            Err(e) => Err(write_error(
                store.transaction().error().or(dom_exception(&e)),
                format!("saving: {e}"),
            )),
        }
    }
}

/// Issues every segment write and then the main record's put, in order, without awaiting
/// each: IndexedDB runs a transaction's requests in order, and the transaction's outcome
/// reports any failure.
fn issue_writes(
    store: &ObjectStore,
    writes: &[Write],
    key: &str,
    record: &Record,
) -> Result<(), StoreError> {
    let failed = |e: idb::Error| write_error(dom_exception(&e), format!("saving: {e}"));
    for write in writes {
        match write {
            Write::Put { key, record } => {
                store
                    .put(&to_js(record), Some(&JsValue::from_str(key)))
                    .map_err(failed)?;
            }
            Write::PutBytes { key, bytes } => {
                let array = js_sys::Uint8Array::from(bytes.as_slice());
                store
                    .put(&array.into(), Some(&JsValue::from_str(key)))
                    .map_err(failed)?;
            }
            Write::Delete { key } => {
                store.delete(JsValue::from_str(key)).map_err(failed)?;
            }
            Write::DeletePrefix { prefix } => {
                store.delete(prefix_range(prefix)?).map_err(failed)?;
            }
        }
    }
    store
        .put(&to_js(record), Some(&JsValue::from_str(key)))
        .map_err(failed)?;
    Ok(())
}

/// The keys starting with `prefix`: from `prefix` up to (not including) the string whose
/// last character is one higher. IndexedDB compares string keys by UTF-16 code units, which
/// orders the same way for the ASCII prefixes Lakelab uses.
fn prefix_range(prefix: &str) -> Result<KeyRange, StoreError> {
    let mut upper: Vec<u16> = prefix.encode_utf16().collect();
    match upper.last_mut() {
        Some(last) if *last < u16::MAX => *last += 1,
        _ => {
            return Err(StoreError::Unavailable(format!(
                "'{prefix}' cannot be used as a key prefix"
            )))
        }
    }
    let upper = String::from_utf16_lossy(&upper);
    KeyRange::bound(
        &JsValue::from_str(prefix),
        &JsValue::from_str(&upper),
        Some(false),
        Some(true),
    )
    .map_err(|e| unavailable("reading", e))
}
