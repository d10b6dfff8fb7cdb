//! Data exploration of the chosen dataset, before AutoML runs (as AutoML's exploration
//! notebook): per column its type, missing share, distinct values, statistics and a
//! histogram or its top values; strong correlations; alerts.

use lakelab_core::ml::explore::Summary;
use leptos::prelude::*;

fn num(x: f64) -> String {
    if x.is_nan() {
        "-".into()
    } else if x.abs() >= 1e5 || (x != 0.0 && x.abs() < 1e-3) {
        format!("{x:.2e}")
    } else {
        format!("{x:.2}")
    }
}

/// Ten bars, scaled to the largest bin.
fn histogram(bins: &[(f64, f64, usize)]) -> impl IntoView {
    let max = bins.iter().map(|b| b.2).max().unwrap_or(1).max(1) as f64;
    let width = 100.0 / bins.len().max(1) as f64;
    let bars = bins
        .iter()
        .enumerate()
        .map(|(i, (lo, hi, n))| {
            let h = 24.0 * *n as f64 / max;
            view! {
                <rect
                    x=format!("{:.1}", i as f64 * width)
                    y=format!("{:.1}", 24.0 - h)
                    width=format!("{:.1}", width - 1.0)
                    height=format!("{h:.1}")
                >
                    <title>{format!("{} to {}: {n}", num(*lo), num(*hi))}</title>
                </rect>
            }
        })
        .collect_view();
    view! {
        <svg
            class="histogram"
            viewBox="0 0 100 24"
            width="100"
            height="24"
            role="img"
            aria-label="histogram"
        >
            {bars}
        </svg>
    }
}

#[component]
pub fn AutomlExplore(summary: RwSignal<Option<Summary>, LocalStorage>) -> impl IntoView {
    move || {
        let s = summary.get()?;
        let rows = s
            .columns
            .iter()
            .map(|c| {
                let detail = match c.stats {
                    Some([mean, std, min, _, median, _, max]) => format!(
                        "mean {} · std {} · min {} · median {} · max {}",
                        num(mean),
                        num(std),
                        num(min),
                        num(median),
                        num(max),
                    ),
                    None => c
                        .top
                        .iter()
                        .map(|(v, n)| format!("{v} ({n})"))
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                let chart = (!c.histogram.is_empty()).then(|| histogram(&c.histogram));
                view! {
                    <tr>
                        <td>{c.name.clone()}</td>
                        <td>{format!("{} ({})", c.dtype, c.semantic.name())}</td>
                        <td>{format!("{:.1} %", c.missing_pct())}</td>
                        <td>{c.distinct}</td>
                        <td>{detail}</td>
                        <td>{chart}</td>
                    </tr>
                }
            })
            .collect_view();
        let strong: Vec<String> = s
            .correlations
            .iter()
            .filter(|(_, _, r)| r.abs() >= 0.5)
            .map(|(a, b, r)| format!("{a} ~ {b}: {r:.2}"))
            .collect();
        let alerts = s
            .alerts
            .iter()
            .map(|a| view! { <li>{a.message.clone()}</li> })
            .collect_view();
        Some(view! {
            <section class="automl-explore" data-testid="automl-explore">
                <h2>"Data exploration"</h2>
                <p>{format!("{} rows, {} columns.", s.rows, s.columns.len())}</p>
                <table>
                    <thead>
                        <tr>
                            <th>"Column"</th>
                            <th>"Type"</th>
                            <th>"Missing"</th>
                            <th>"Distinct"</th>
                            <th>"Values"</th>
                            <th>"Histogram"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <p>
                    {if strong.is_empty() {
                        "No pair of numeric columns correlates strongly (|r| ≥ 0.5).".to_string()
                    } else {
                        format!("Strong correlations: {}", strong.join("; "))
                    }}
                </p>
                <ul class="alerts">{alerts}</ul>
            </section>
        })
    }
}
