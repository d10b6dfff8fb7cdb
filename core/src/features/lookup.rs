//! `FeatureLookup`: which features to join from which table, by which keys, with the
//! constructor's checks (databricks-feature-engineering 0.14.0, `entities/feature_lookup.py`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{FsError, FsResult};

/// A default for missed lookups. Only the scalar types the client accepts. `Deserialize` is
/// in `lookup_de`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum DefaultValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct FeatureLookup {
    pub table_name: String,
    pub lookup_key: Vec<String>,
    /// `None`: every non-key feature of the table.
    pub feature_names: Option<Vec<String>>,
    pub rename_outputs: BTreeMap<String, String>,
    pub timestamp_lookup_key: Option<String>,
    /// `datetime.timedelta` in milliseconds.
    pub lookback_window_ms: Option<i64>,
    pub default_values: BTreeMap<String, DefaultValue>,
}

crate::flat_de::map_only!(FeatureLookup);

impl FeatureLookup {
    /// Applies the constructor's checks, in its order.
    pub fn new(
        table_name: String,
        lookup_key: Vec<String>,
        feature_names: Option<Vec<String>>,
        rename_outputs: BTreeMap<String, String>,
        timestamp_lookup_key: Option<String>,
        lookback_window_ms: Option<i64>,
        default_values: BTreeMap<String, DefaultValue>,
    ) -> FsResult<FeatureLookup> {
        if let Some(w) = lookback_window_ms {
            if timestamp_lookup_key.is_none() {
                return Err(FsError::Value(format!(
                    "Unexpected lookback_window value: {}, lookback windows can only be applied on time series feature tables. Use timestamp_lookup_key to perform point-in-time lookups with lookback window.",
                    timedelta_text(w)
                )));
            }
            if w < 0 {
                return Err(FsError::Value(format!(
                    "Unexpected value for lookback_window: {}, only non-negative datetime.timedelta allowed.",
                    timedelta_text(w)
                )));
            }
        }
        for key in default_values.keys() {
            if let Some(renamed) = rename_outputs.get(key) {
                return Err(FsError::Value(format!(
                    "Feature {key} is being renamed to {renamed}, please use the renamed feature name to set default value."
                )));
            }
            if let Some(names) = &feature_names {
                let renamed: Vec<String> = names
                    .iter()
                    .map(|n| rename_outputs.get(n).unwrap_or(n).clone())
                    .collect();
                if !renamed.contains(key) {
                    // [sic] "specfied", as the client spells it.
                    return Err(FsError::Value(format!(
                        "Feature {key} is not specfied by the feature_names, must be one of {}",
                        super::training::pylist(&renamed)
                    )));
                }
            }
        }
        Ok(FeatureLookup {
            table_name,
            lookup_key,
            feature_names,
            rename_outputs,
            timestamp_lookup_key,
            lookback_window_ms,
            default_values,
        })
    }

    /// The output name of a feature.
    pub fn output_name<'a>(&'a self, feature: &'a str) -> &'a str {
        self.rename_outputs
            .get(feature)
            .map_or(feature, String::as_str)
    }
}

/// `str(timedelta)`: `1 day, 2:00:00`, `0:30:00`, `-1 day, 23:00:00`.
pub fn timedelta_text(ms: i64) -> String {
    const DAY: i64 = 86_400_000;
    let (days, rest) = (ms.div_euclid(DAY), ms.rem_euclid(DAY));
    let (h, m, s, milli) = (
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000,
    );
    let mut out = String::new();
    if days != 0 {
        let plural = if days.abs() == 1 { "" } else { "s" };
        out.push_str(&format!("{days} day{plural}, "));
    }
    out.push_str(&format!("{h}:{m:02}:{s:02}"));
    if milli > 0 {
        out.push_str(&format!(".{:06}", milli * 1000));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::timedelta_text;

    #[test]
    fn timedeltas_print_as_python_does() {
        assert_eq!(timedelta_text(0), "0:00:00");
        assert_eq!(timedelta_text(86_400_000 + 7_200_000), "1 day, 2:00:00");
        assert_eq!(timedelta_text(-3_600_000), "-1 day, 23:00:00");
        assert_eq!(
            timedelta_text(3 * 86_400_000 + 1_500),
            "3 days, 0:00:01.500000"
        );
    }
}
