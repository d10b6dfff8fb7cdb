//! `models:/` URIs (mlflow/store/artifact/utils/models.py): `models:/<name>/<version>`,
//! `models:/<name>@<alias>`, `models:/<name>/<stage>` and `models:/<name>/latest`.

use crate::tracking::MlflowError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelRef {
    Version(String),
    Alias(String),
    Stage(String),
    Latest,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelsUri {
    pub name: String,
    pub reference: ModelRef,
}

fn improper(uri: &str) -> MlflowError {
    MlflowError::internal(format!(
        "Not a proper models:/ URI: {uri}. Models URIs must be of the form 'models:/model_name/suffix' or 'models:/model_name@alias' where suffix is a model version, stage, or the string 'latest' and where alias is a registered model alias. Only one of suffix or alias can be defined at a time."
    ))
}

impl ModelsUri {
    pub fn parse(uri: &str) -> Result<ModelsUri, MlflowError> {
        let Some(path) = uri.strip_prefix("models:/") else {
            return Err(improper(uri));
        };
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match parts.as_slice() {
            [name, suffix] => {
                if name.trim().is_empty() || suffix.trim().is_empty() {
                    return Err(improper(uri));
                }
                let reference = if suffix.chars().all(|c| c.is_ascii_digit()) {
                    ModelRef::Version(suffix.to_string())
                } else if suffix.eq_ignore_ascii_case("latest") {
                    ModelRef::Latest
                } else {
                    ModelRef::Stage(suffix.to_string())
                };
                Ok(ModelsUri {
                    name: name.to_string(),
                    reference,
                })
            }
            [one] => match one.rsplit_once('@') {
                Some((name, alias)) if !name.trim().is_empty() && !alias.is_empty() => {
                    Ok(ModelsUri {
                        name: name.to_string(),
                        reference: ModelRef::Alias(alias.to_string()),
                    })
                }
                _ => Err(improper(uri)),
            },
            _ => Err(improper(uri)),
        }
    }
}
