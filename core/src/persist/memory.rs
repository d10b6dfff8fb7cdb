//! An in-memory [`Store`] for native tests and the CLI, with an optional size quota so the
//! quota-exceeded path can be exercised.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use super::store::{Expected, Listed, ListedBytes, Record, Store, StoreError, Write};

/// What a slot holds: a record, or raw text that is not one (to simulate damage).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    Record(Record),
    Bytes(Vec<u8>),
    Garbage(String),
}

/// A map of records; single-threaded like a browser tab.
#[derive(Debug, Default)]
pub struct MemoryStore {
    slots: RefCell<BTreeMap<String, Slot>>,
    quota_bytes: Option<usize>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that refuses writes once the total body size would exceed `bytes`.
    pub fn with_quota(bytes: usize) -> Self {
        Self {
            quota_bytes: Some(bytes),
            ..Self::default()
        }
    }

    /// Stores text that is not a record under `key`, as a damaged database would hold.
    pub fn put_garbage(&self, key: &str, raw: &str) {
        self.slots
            .borrow_mut()
            .insert(key.into(), Slot::Garbage(raw.into()));
    }

    fn used_bytes_except(&self, key: &str) -> usize {
        self.slots
            .borrow()
            .iter()
            .filter(|(k, _)| k.as_str() != key)
            .map(|(_, slot)| slot_bytes(slot))
            .sum()
    }
}

impl Store for MemoryStore {
    async fn get(&self, key: &str) -> Result<Option<Record>, StoreError> {
        match self.slots.borrow().get(key) {
            None => Ok(None),
            Some(Slot::Record(r)) => Ok(Some(r.clone())),
            Some(Slot::Bytes(_)) => Err(StoreError::Corrupt {
                raw: String::new(),
                reason: "bytes, not a Lakelab record".into(),
            }),
            Some(Slot::Garbage(raw)) => Err(StoreError::Corrupt {
                raw: raw.clone(),
                reason: "not a Lakelab record".into(),
            }),
        }
    }

    async fn put(&self, key: &str, record: Record, expected: Expected) -> Result<(), StoreError> {
        let stored = match self.slots.borrow().get(key) {
            Some(Slot::Record(r)) => Some(r.revision),
            _ => None,
        };
        if !expected.matches(stored) {
            return Err(StoreError::Conflict { stored });
        }
        if let Some(quota) = self.quota_bytes {
            if self.used_bytes_except(key) + record.body.len() > quota {
                return Err(StoreError::QuotaExceeded);
            }
        }
        self.slots
            .borrow_mut()
            .insert(key.into(), Slot::Record(record));
        Ok(())
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.slots.borrow_mut().remove(key);
        Ok(())
    }

    async fn list(&self, prefix: &str) -> Result<Listed, StoreError> {
        Ok(self.list_slots(prefix, |slot| match slot {
            Slot::Record(r) => Ok(r.clone()),
            Slot::Bytes(_) => Err(corrupt("", "bytes, not a Lakelab record")),
            Slot::Garbage(raw) => Err(corrupt(raw, "not a Lakelab record")),
        }))
    }

    async fn list_bytes(&self, prefix: &str) -> Result<ListedBytes, StoreError> {
        Ok(self.list_slots(prefix, |slot| match slot {
            Slot::Bytes(b) => Ok(b.clone()),
            Slot::Record(r) => Err(corrupt(&r.body, "a record, not bytes")),
            Slot::Garbage(raw) => Err(corrupt(raw, "not bytes")),
        }))
    }

    async fn commit(
        &self,
        key: &str,
        record: Record,
        expected: Expected,
        writes: Vec<Write>,
    ) -> Result<(), StoreError> {
        let stored = match self.slots.borrow().get(key) {
            Some(Slot::Record(r)) => Some(r.revision),
            _ => None,
        };
        if !expected.matches(stored) {
            return Err(StoreError::Conflict { stored });
        }
        let apply = |slots: &mut BTreeMap<String, Slot>| {
            for write in writes {
                match write {
                    Write::Put { key, record } => {
                        slots.insert(key, Slot::Record(record));
                    }
                    Write::PutBytes { key, bytes } => {
                        slots.insert(key, Slot::Bytes(bytes));
                    }
                    Write::Delete { key } => {
                        slots.remove(&key);
                    }
                    Write::DeletePrefix { prefix } => slots.retain(|k, _| !k.starts_with(&prefix)),
                }
            }
            slots.insert(key.into(), Slot::Record(record));
        };
        match self.quota_bytes {
            // Nothing below can fail: apply in place.
            None => apply(&mut self.slots.borrow_mut()),
            // Apply to a copy, kept only if it fits: all or nothing.
            Some(quota) => {
                let mut next = self.slots.borrow().clone();
                apply(&mut next);
                if total_bytes(&next) > quota {
                    return Err(StoreError::QuotaExceeded);
                }
                *self.slots.borrow_mut() = next;
            }
        }
        Ok(())
    }
}

fn total_bytes(slots: &BTreeMap<String, Slot>) -> usize {
    slots.values().map(slot_bytes).sum()
}

/// Runs a future that completes without waiting (every [`MemoryStore`] future does).
///
/// Returns `None` if the future would have to wait, instead of blocking forever.
pub fn run_ready<F: Future>(future: F) -> Option<F::Output> {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(out) => Some(out),
        Poll::Pending => None,
    }
}

fn corrupt(raw: &str, reason: &str) -> StoreError {
    StoreError::Corrupt {
        raw: raw.into(),
        reason: reason.into(),
    }
}

impl MemoryStore {
    /// `(key, read(slot))` for every slot whose key starts with `prefix`, in key order.
    fn list_slots<T>(
        &self,
        prefix: &str,
        read: impl Fn(&Slot) -> Result<T, StoreError>,
    ) -> Vec<(String, Result<T, StoreError>)> {
        self.slots
            .borrow()
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, slot)| (k.clone(), read(slot)))
            .collect()
    }
}

fn slot_bytes(slot: &Slot) -> usize {
    match slot {
        Slot::Record(r) => r.body.len(),
        Slot::Bytes(b) => b.len(),
        Slot::Garbage(g) => g.len(),
    }
}
