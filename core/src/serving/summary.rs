//! Statistics over an endpoint's inference records, as a learner would compute them from the
//! inference table (`GROUP BY served entity`): requests, errors and latency percentiles per
//! served entity, and each entity's observed share of the routed traffic. Pure, so the
//! Serving page only lays the numbers out.

use super::invoke::InferenceRecord;

/// One served entity's requests (or, with `served_entity: None`, the requests that failed
/// before routing: a missing or not-ready endpoint).
#[derive(Debug, Clone, PartialEq)]
pub struct EntityStats {
    pub served_entity: Option<String>,
    pub requests: u64,
    /// Responses with an HTTP status of 400 or more.
    pub errors: u64,
    /// `execution_time_ms` percentiles (nearest rank); `None` without requests.
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    /// Share of the routed requests (those with a served entity) this entity answered, in
    /// percent; 0 for the unrouted group.
    pub observed_percentage: f64,
}

/// Every group, served entities by name, then the unrouted group (if any).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    pub requests: u64,
    pub errors: u64,
    pub entities: Vec<EntityStats>,
}

impl Summary {
    /// The statistics of served entity `name` (`None`: it answered nothing).
    pub fn entity(&self, name: &str) -> Option<&EntityStats> {
        self.entities
            .iter()
            .find(|e| e.served_entity.as_deref() == Some(name))
    }
}

/// The `q`-th percentile (0 < q ≤ 100) of sorted values, by nearest rank: the smallest value
/// at or below which `q` % of the values lie. `None` for no values.
pub fn percentile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (q / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len()) - 1).copied()
}

/// Groups `records` by served entity.
pub fn summarize<'a>(records: impl IntoIterator<Item = &'a InferenceRecord>) -> Summary {
    let mut groups: std::collections::BTreeMap<Option<&str>, (u64, Vec<f64>)> = Default::default();
    for r in records {
        let (errors, latencies) = groups.entry(r.served_entity.as_deref()).or_default();
        if r.status_code >= 400 {
            *errors += 1;
        }
        latencies.push(r.execution_time_ms);
    }
    let routed: usize = groups
        .iter()
        .filter(|(k, _)| k.is_some())
        .map(|(_, (_, l))| l.len())
        .sum();
    let mut entities: Vec<EntityStats> = groups
        .into_iter()
        .map(|(name, (errors, mut latencies))| {
            latencies.sort_by(f64::total_cmp);
            let requests = latencies.len() as u64;
            let observed_percentage = match name {
                Some(_) if routed > 0 => requests as f64 * 100.0 / routed as f64,
                _ => 0.0,
            };
            EntityStats {
                served_entity: name.map(str::to_string),
                requests,
                errors,
                p50_ms: percentile(&latencies, 50.0),
                p99_ms: percentile(&latencies, 99.0),
                observed_percentage,
            }
        })
        .collect();
    // `None` sorts first in the map; the unrouted group reads better last.
    entities.sort_by_key(|e| e.served_entity.is_none());
    Summary {
        requests: entities.iter().map(|e| e.requests).sum(),
        errors: entities.iter().map(|e| e.errors).sum(),
        entities,
    }
}
