//! Model development building blocks (issue 7): metrics first; data preparation, tuning and
//! AutoML build on them.

pub mod boost;
pub mod estimator;
pub mod explore;
pub mod impute;
pub mod metrics;
pub mod naive_bayes;
pub mod neighbors;
pub mod pipeline;
pub mod prep;
pub mod sk;
pub mod spark_ml;
pub mod split;
pub mod tree;
pub mod tune;
pub mod weighted;
