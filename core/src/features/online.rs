//! Online stores: where feature tables are published for low-latency key lookups.
//! (Publishing and lookups land with the serving work; the store entity is here so the
//! catalog can hold it.)

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OnlineStore {
    pub name: String,
    /// `CU_1`, `CU_2`, `CU_4`, `CU_8`.
    pub capacity: String,
    pub created_at: i64,
    pub creator: String,
}
