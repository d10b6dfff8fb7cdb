//! What AutoML's data preparation did: each column's detected type and whether it became a
//! feature (with the reason when not), the split sizes, imbalance handling and alerts.

use leptos::prelude::*;

use crate::state::automl_job::JobView;

#[component]
pub fn AutomlPrep(job: RwSignal<Option<JobView>, LocalStorage>) -> impl IntoView {
    move || {
        let report = job.with(|j| j.as_ref().and_then(|j| j.report.clone()))?;
        let (train, validate, test) = report.split_sizes;
        let rows = report
            .plans
            .iter()
            .map(|p| {
                view! {
                    <tr>
                        <td>{p.name.clone()}</td>
                        <td>{p.dtype.clone()}</td>
                        <td>
                            {p.semantic.name()}
                            {p.conversion.clone().map(|c| format!(" (converted to {c})"))}
                        </td>
                        <td>{p.dropped.clone().unwrap_or_else(|| "feature".into())}</td>
                    </tr>
                }
            })
            .collect_view();
        let alerts = report
            .alerts
            .iter()
            .map(|a| view! { <li>{format!("{}: {}", a.kind, a.message)}</li> })
            .collect_view();
        Some(view! {
            <section class="automl-prep" data-testid="automl-prep">
                <h2>"Data preparation"</h2>
                <p>
                    {format!(
                        "Target '{}'. Split 60/20/20: {train} training rows (after any downsampling), {validate} validation, {test} test.",
                        report.target_col,
                    )}
                </p>
                <table>
                    <thead>
                        <tr>
                            <th>"Column"</th>
                            <th>"Type"</th>
                            <th>"Detected as"</th>
                            <th>"Used"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <ul class="alerts">{alerts}</ul>
            </section>
        })
    }
}
