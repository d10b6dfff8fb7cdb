//! Automatic feature lookup: a model logged with `fe.log_model(..., training_set=...)` served
//! from an endpoint looks its features up in the **online store** (the online tables its
//! feature tables were published to), keyed by the lookup-key columns of the request. A
//! request may carry a feature column itself; its value then overrides the looked-up one
//! (the documented way to pass a fresher value).
//!
//! Lakelab's choices where the docs are silent: a feature table with no online publication
//! refuses the request (400, naming the table and `fe.publish_table`) rather than failing the
//! deployment; a key that is not online gives null features (then the lookup's
//! `default_values`), as an offline left join would; on-demand features (`FeatureFunction`)
//! are not computed at serving time and refuse the request, naming the function.

use std::borrow::Cow;

use super::error::ServingError;
use crate::catalog::names::FullName;
use crate::catalog::Unity;
use crate::features::online::lookup_positions;
use crate::features::packaging::model_spec;
use crate::features::training::fill;
use crate::frame::SplitFrame;
use crate::ml::spark_ml::pyfunc::input_table;
use crate::table::{Column, Gather, Table};
use crate::tracking::LoadedModel;

fn bad(message: impl Into<String>) -> ServingError {
    ServingError::bad_request(message)
}

/// The model's input for a request: the request itself for a model without a feature spec,
/// otherwise its columns joined with the online features and put in the model's input order.
pub fn model_input<'a>(
    unity: &mut Unity,
    model: &LoadedModel,
    input: &'a SplitFrame,
) -> Result<Cow<'a, SplitFrame>, ServingError> {
    if model.feature_spec.is_none() {
        return Ok(Cow::Borrowed(input));
    }
    let spec = model_spec(model).map_err(|e| bad(e.message()))?;
    if let Some(f) = spec
        .functions
        .iter()
        .find(|f| input.column(&f.output).is_none())
    {
        return Err(bad(format!(
            "The model computes the on-demand feature '{}' with a FeatureFunction; Lakelab's endpoints do not run on-demand functions. Pass '{}' in the request, or score the model with fe.score_batch.",
            f.output, f.output
        )));
    }
    let request = input_table(input).map_err(bad)?;
    let mut names = request.names().to_vec();
    let mut columns = request.columns().to_vec();
    for l in &spec.lookups {
        let wanted: Vec<&(String, String)> = l
            .features
            .iter()
            .filter(|(_, out)| input.column(out).is_none())
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let missing: Vec<String> = l
            .lookup
            .lookup_key
            .iter()
            .filter(|k| input.column(k).is_none())
            .map(|k| format!("'{k}'"))
            .collect();
        if !missing.is_empty() {
            return Err(bad(format!(
                "The request is missing the lookup key column(s) [{}] that the model's feature lookup on '{}' needs.",
                missing.join(", "),
                l.table
            )));
        }
        let (online, online_pk) = online_table(unity, &l.table)?;
        let keys = Table::new(
            online_pk.clone(),
            l.lookup
                .lookup_key
                .iter()
                .map(|k| request.column(k, true).cloned())
                .collect::<Result<Vec<Column>, _>>()
                .map_err(|e| bad(e.to_string()))?,
        )
        .map_err(|e| bad(e.to_string()))?;
        let positions = lookup_positions(unity, &online, &keys).map_err(|e| bad(e.message()))?;
        let plan = Gather::new(&positions);
        let data = unity.table(&online).map_err(|e| bad(e.message))?.current();
        for (feature, output) in wanted {
            let col = data
                .column(feature, true)
                .map_err(|_| {
                    bad(format!(
                        "The online table '{online}' has no feature '{feature}'; publish '{}' again.",
                        l.table
                    ))
                })?
                .gather(&plan);
            names.push(output.clone());
            columns.push(match l.lookup.default_values.get(output) {
                Some(d) => fill(col, d),
                None => col,
            });
        }
    }
    let joined = Table::new(names, columns).map_err(|e| bad(e.to_string()))?;
    let order: Vec<String> = spec
        .input_columns
        .iter()
        .filter(|c| !spec.labels.contains(c))
        .chain(spec.feature_outputs().iter())
        .filter(|c| !spec.exclude_columns.contains(c))
        .cloned()
        .collect();
    let columns = order
        .iter()
        .map(|n| {
            joined.column(n, true).cloned().map_err(|_| {
                bad(format!(
                    "The request is missing the column '{n}' that the model takes."
                ))
            })
        })
        .collect::<Result<Vec<Column>, _>>()?;
    let model_input = Table::new(order, columns).map_err(|e| bad(e.to_string()))?;
    Ok(Cow::Owned(SplitFrame::from_table(&model_input)))
}

/// The online table a feature table was published to, with its primary keys.
fn online_table(unity: &Unity, table: &str) -> Result<(FullName, Vec<String>), ServingError> {
    let name = unity.table_name(table).map_err(|e| bad(e.message))?;
    let info = unity.table(&name).map_err(|e| bad(e.message))?;
    let publication = info.online.first().ok_or_else(|| {
        bad(format!(
            "The feature table '{table}' is not published to an online store, so the endpoint cannot look its features up. Publish it with fe.publish_table(online_store=..., source_table_name='{table}', online_table_name=...)."
        ))
    })?;
    let online = unity
        .table_name(&publication.online_table_name)
        .map_err(|e| bad(e.message))?;
    let pk = unity
        .table(&online)
        .map_err(|e| bad(e.message))?
        .primary_keys
        .clone();
    Ok((online, pk))
}
