//! Model development building blocks (issue 7): metrics first; data preparation, tuning and
//! AutoML build on them.

pub mod impute;
pub mod metrics;
pub mod split;
