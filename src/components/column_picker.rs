//! "Columns": a fold-out list of checkboxes, grouped as metrics, parameters and tags, that
//! chooses the runs table's data columns.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::run_columns::{DataColumn, Group};

#[component]
pub fn ColumnPicker(
    available: Signal<Vec<DataColumn>>,
    overrides: RwSignal<BTreeMap<String, bool>>,
) -> impl IntoView {
    let group_view = move |group: Group| {
        let cols: Vec<DataColumn> = available
            .get()
            .into_iter()
            .filter(|c| c.group == group)
            .collect();
        (!cols.is_empty()).then(|| {
            let boxes = cols
                .into_iter()
                .map(|col| {
                    let id = col.id();
                    let checked = {
                        let col = col.clone();
                        move || overrides.with(|o| col.is_shown(o))
                    };
                    let label = format!("{} {}", group.title(), col.key);
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                aria-label=label
                                prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    overrides
                                        .update(|o| {
                                            o.insert(id.clone(), on);
                                        })
                                }
                            />
                            {col.key.clone()}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset>
                    <legend>{group.title()}</legend>
                    {boxes}
                </fieldset>
            }
        })
    };
    view! {
        <details class="column-picker">
            <summary>"Columns"</summary>
            {move || {
                [Group::Metric, Group::Param, Group::Tag].into_iter().map(group_view).collect_view()
            }}
        </details>
    }
}
