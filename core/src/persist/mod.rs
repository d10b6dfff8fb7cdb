//! Persistence: a storage trait, a versioned and checksummed envelope, migrations, and the
//! export bundle.
//!
//! Every stored document (workspace, progress, settings) goes through the same path:
//! `Document` → [`envelope::encode`] → [`store::Record`] → a [`store::Store`] (IndexedDB or
//! localStorage in the browser, memory in tests). Loading never discards data: anything that
//! cannot be read comes back as [`session::Loaded::Unreadable`] with the raw text, so the UI can
//! offer it as a download before anything is overwritten.

pub mod canonical;
pub mod document;
pub mod envelope;
pub mod error;
pub mod memory;
pub mod migrate;
pub mod segments;
pub mod session;
pub mod store;

pub use document::Document;
pub use error::LoadError;
pub use store::{Expected, Listed, ListedBytes, Record, Store, StoreError, Write};
