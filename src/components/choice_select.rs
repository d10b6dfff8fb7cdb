//! A labelled `<select>` of text choices bound to a signal (chart axes such as `metric:<key>`,
//! metric names), shared by the charts.

use leptos::prelude::*;

#[component]
pub fn ChoiceSelect(
    id: &'static str,
    label: &'static str,
    choices: Signal<Vec<String>>,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
            {move || {
                choices
                    .get()
                    .into_iter()
                    .map(|c| {
                        let v = c.clone();
                        view! {
                            <option value=v.clone() selected=move || value.get() == v>
                                {c}
                            </option>
                        }
                    })
                    .collect_view()
            }}
        </select>
    }
}
