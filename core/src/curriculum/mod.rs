//! The curriculum: the exam's objectives, the content (questions and exercises from
//! `content/`), task checks against the workspace, spaced repetition and mock exams. This module
//! is the engine; it has no UI and no storage of its own.

pub mod check;
pub mod content;
pub mod exam;
pub mod mock_exam;
pub mod objectives;
pub mod record;
pub mod srs;
pub mod validate;

pub use objectives::{objective, Objective, Section, OBJECTIVES};
