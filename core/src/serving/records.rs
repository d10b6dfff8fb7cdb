//! Each endpoint's inference records (the rows of its payload table), kept in numbered chunks
//! so that saving after a request writes one small chunk, not the whole log.
//!
//! Record number `n` (counted from the endpoint's first request) lives in chunk `n / CHUNK`;
//! a chunk is stored as one workspace segment `inference/<endpoint>/<chunk>`. When a log
//! passes [`MAX_RECORDS`], its oldest *whole* chunk goes, so the other chunks' contents (and
//! stored records) stay as they were.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::invoke::InferenceRecord;

/// Records per stored chunk.
pub const CHUNK: u64 = 250;
/// Most inference records kept per endpoint; the oldest chunk goes first (a browser's
/// storage is small; the real table keeps everything).
pub const MAX_RECORDS: usize = 10_000;
/// Segment id prefix of a chunk of inference records.
pub const INFERENCE_SEGMENT: &str = "inference/";

/// One endpoint's log: `records[i]` is record number `first + i`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RecordLog {
    pub first: u64,
    pub records: VecDeque<InferenceRecord>,
}

impl RecordLog {
    /// Appends a record; returns the chunks changed (the one written, and an evicted one).
    pub fn push(&mut self, record: InferenceRecord) -> Vec<u64> {
        let n = self.first + self.records.len() as u64;
        self.records.push_back(record);
        let mut changed = vec![n / CHUNK];
        if self.records.len() > MAX_RECORDS {
            let oldest = self.first / CHUNK;
            let keep_from = (oldest + 1) * CHUNK;
            while self.first < keep_from && !self.records.is_empty() {
                self.records.pop_front();
                self.first += 1;
            }
            changed.push(oldest);
        }
        changed
    }

    /// Numbers of the chunks holding records.
    pub fn chunks(&self) -> std::ops::RangeInclusive<u64> {
        let end = self.first + self.records.len() as u64;
        if self.records.is_empty() {
            #[allow(clippy::reversed_empty_ranges)]
            return 1..=0;
        }
        self.first / CHUNK..=(end - 1) / CHUNK
    }

    /// A chunk's payload: `{"first": n, "records": [...]}` (`None` when it holds nothing).
    pub fn chunk(&self, k: u64) -> Option<Result<Value, String>> {
        let start = (k * CHUNK).max(self.first);
        let end = ((k + 1) * CHUNK).min(self.first + self.records.len() as u64);
        if start >= end {
            return None;
        }
        let rows: Vec<&InferenceRecord> = self
            .records
            .range((start - self.first) as usize..(end - self.first) as usize)
            .collect();
        Some(
            serde_json::to_value(&rows)
                .map(|records| json!({"first": start, "records": records}))
                .map_err(|e| format!("cannot serialize inference records: {e}")),
        )
    }
}

/// `inference/<endpoint>/<chunk>`.
pub fn segment_id(endpoint: &str, chunk: u64) -> String {
    format!("{INFERENCE_SEGMENT}{endpoint}/{chunk}")
}

/// The endpoint and chunk a segment id names.
pub fn parse_segment_id(id: &str) -> Option<(&str, u64)> {
    let rest = id.strip_prefix(INFERENCE_SEGMENT)?;
    let (endpoint, chunk) = rest.rsplit_once('/')?;
    Some((endpoint, chunk.parse().ok()?))
}

/// Puts stored chunks back as `records: {endpoint: {"first", "records"}}` (the shape a
/// [`super::Serving`] reads), checking that each endpoint's chunks follow on one another.
pub fn assemble(
    records: &mut serde_json::Map<String, Value>,
    mut chunks: Vec<(String, u64, Value)>,
) -> Result<(), String> {
    chunks.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    for (endpoint, k, mut payload) in chunks {
        let first = payload
            .get("first")
            .and_then(Value::as_u64)
            .ok_or_else(|| format!("inference chunk {endpoint}/{k} has no record number"))?;
        let rows = match payload.get_mut("records").map(Value::take) {
            Some(Value::Array(rows)) => rows,
            _ => {
                return Err(format!(
                    "inference chunk {endpoint}/{k} has no records list"
                ))
            }
        };
        if first / CHUNK != k
            || rows.is_empty()
            || (first % CHUNK) as usize + rows.len() > CHUNK as usize
        {
            return Err(format!(
                "inference chunk {endpoint}/{k} holds records it cannot hold"
            ));
        }
        let log = records
            .entry(endpoint.clone())
            .or_insert_with(|| json!({"first": first, "records": []}));
        let start = log.get("first").and_then(Value::as_u64).unwrap_or(first);
        let list = log
            .get_mut("records")
            .and_then(Value::as_array_mut)
            .ok_or_else(|| format!("the inference log of {endpoint} is not a list"))?;
        if start + list.len() as u64 != first {
            return Err(format!(
                "the inference records of {endpoint} have a gap before record {first}"
            ));
        }
        list.extend(rows);
    }
    Ok(())
}

impl super::Serving {
    /// Moves the logs out (and back with [`Self::restore_records`]) so the rest can be
    /// serialized without them.
    pub fn detach_records(&mut self) -> std::collections::BTreeMap<String, RecordLog> {
        std::mem::take(&mut self.records)
    }

    pub fn restore_records(&mut self, records: std::collections::BTreeMap<String, RecordLog>) {
        self.records = records;
    }

    /// Segment ids of every stored chunk.
    pub fn record_segment_ids(&self) -> Vec<String> {
        self.records
            .iter()
            .flat_map(|(name, log)| log.chunks().map(move |k| segment_id(name, k)))
            .collect()
    }

    /// A chunk's payload by segment id (`None`: no such chunk, or it was removed).
    pub fn record_segment(&self, id: &str) -> Option<Result<Value, String>> {
        let (endpoint, k) = parse_segment_id(id)?;
        self.records.get(endpoint)?.chunk(k)
    }

    /// Segment ids of the chunks changed since the last call.
    pub fn take_changed_records(&mut self) -> std::collections::BTreeSet<String> {
        self.changes.take()
    }
}
