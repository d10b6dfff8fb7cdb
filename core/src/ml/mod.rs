//! Model development building blocks (issue 7): metrics first; data preparation, tuning and
//! AutoML build on them.

pub mod boost;
pub mod estimator;
mod estimator_de;
pub mod explore;
pub mod impute;
pub mod lgbm;
pub mod metrics;
pub mod naive_bayes;
pub mod neighbors;
pub mod pipeline;
pub mod prep;
mod prep_de;
pub mod sk;
pub mod spark_ml;
pub mod split;
pub mod tree;
mod tree_de;
pub mod tune;
pub mod weighted;
