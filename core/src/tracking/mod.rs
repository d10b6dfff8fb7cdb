//! MLflow tracking: experiments, runs, params, metrics, tags, artifacts, and run search.

pub mod search;
