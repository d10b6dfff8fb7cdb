//! The curriculum: the exam's objectives, spaced repetition over questions and exercises, and
//! mock exams. Content (lessons, exercises, questions) arrives as data files; this module is the
//! engine that schedules and samples it, with no UI and no storage of its own.

pub mod mock_exam;
pub mod objectives;
pub mod srs;

pub use objectives::{objective, Objective, Section, OBJECTIVES};
