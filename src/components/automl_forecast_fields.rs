//! The form fields only `automl.forecast` takes: the time column, an optional identity
//! column (one series per value), the frequency and the horizon.

use leptos::prelude::*;

/// The page's frequency choices (pandas aliases, as `frequency=` takes them).
const FREQUENCIES: [(&str, &str); 7] = [
    ("min", "minutes (min)"),
    ("H", "hours (H)"),
    ("D", "days (D)"),
    ("W", "weeks (W)"),
    ("MS", "months (MS)"),
    ("QS", "quarters (QS)"),
    ("YS", "years (YS)"),
];

/// The forecast settings, as strings the form edits (checked on Start).
#[derive(Clone, Copy)]
pub struct ForecastFields {
    pub time_col: RwSignal<String>,
    /// Empty: a single series.
    pub identity_col: RwSignal<String>,
    pub frequency: RwSignal<String>,
    pub horizon: RwSignal<String>,
}

impl Default for ForecastFields {
    /// One daily series, one step ahead: the API's defaults.
    fn default() -> ForecastFields {
        ForecastFields {
            time_col: RwSignal::new(String::new()),
            identity_col: RwSignal::new(String::new()),
            frequency: RwSignal::new("D".into()),
            horizon: RwSignal::new("1".into()),
        }
    }
}

fn column_options(columns: Vec<String>) -> impl IntoView {
    columns
        .into_iter()
        .map(|c| {
            let v = c.clone();
            view! { <option value=v>{c}</option> }
        })
        .collect_view()
}

#[component]
pub fn AutomlForecastFields(
    fields: ForecastFields,
    columns: RwSignal<Vec<String>>,
) -> impl IntoView {
    let ForecastFields {
        time_col,
        identity_col,
        frequency,
        horizon,
    } = fields;
    view! {
        <label for="automl-time-col">"Time column (time_col)"</label>
        <select
            id="automl-time-col"
            prop:value=move || time_col.get()
            on:change=move |ev| time_col.set(event_target_value(&ev))
        >
            {move || column_options(columns.get())}
        </select>
        <label for="automl-identity-col">"Series identifier (identity_col, optional)"</label>
        <select
            id="automl-identity-col"
            prop:value=move || identity_col.get()
            on:change=move |ev| identity_col.set(event_target_value(&ev))
        >
            <option value="">"(none: one series)"</option>
            {move || column_options(columns.get())}
        </select>
        <label for="automl-frequency">"Frequency (frequency)"</label>
        <select
            id="automl-frequency"
            prop:value=move || frequency.get()
            on:change=move |ev| frequency.set(event_target_value(&ev))
        >
            {FREQUENCIES
                .iter()
                .map(|(alias, label)| view! { <option value=*alias>{*label}</option> })
                .collect_view()}
        </select>
        <label for="automl-horizon">"Horizon in time steps (horizon)"</label>
        <input
            id="automl-horizon"
            type="number"
            min="1"
            step="1"
            prop:value=move || horizon.get()
            on:input=move |ev| horizon.set(event_target_value(&ev))
        />
    }
}
