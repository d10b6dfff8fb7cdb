//! `runs:/<run_id>/<path>` model and artifact URIs.

/// A parsed `runs:/` URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunsUri {
    pub run_id: String,
    /// The run-relative artifact path (e.g. `model`).
    pub path: String,
}

impl RunsUri {
    /// Parses `runs:/<run_id>/<path>` with MLflow's message for anything else.
    pub fn parse(uri: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "Not a proper runs:/ URI: {uri}. Runs URIs must be of the form \
                 'runs:/<run_id>/run-relative/path/to/artifact'"
            )
        };
        let rest = uri.strip_prefix("runs:/").ok_or_else(bad)?;
        let (run_id, path) = rest.split_once('/').ok_or_else(bad)?;
        let path = path.trim_end_matches('/');
        if run_id.is_empty() || path.is_empty() {
            return Err(bad());
        }
        Ok(Self {
            run_id: run_id.into(),
            path: path.into(),
        })
    }

    pub fn format(run_id: &str, path: &str) -> String {
        format!("runs:/{run_id}/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_mlflow_runs_uris() {
        assert_eq!(
            RunsUri::parse("runs:/abc/model"),
            Ok(RunsUri {
                run_id: "abc".into(),
                path: "model".into()
            })
        );
        assert_eq!(RunsUri::parse("runs:/abc/a/b/").unwrap().path, "a/b");
        for bad in [
            "runs:/abc",
            "runs://model",
            "models:/x/1",
            "runs:/abc/",
            "run:/a/b",
        ] {
            assert!(RunsUri::parse(bad)
                .unwrap_err()
                .starts_with("Not a proper runs:/ URI"));
        }
    }
}
