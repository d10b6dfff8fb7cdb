//! What a cell produced: printed text, values, tables, and an uncaught error as Python's
//! traceback (its line named, so the learner finds it).

use lakelab_core::notebook::{CellResult, Display, Output};
use leptos::prelude::*;

use crate::components::figure_image::FigureImage;
use crate::components::markdown_view::MarkdownView;
use crate::components::table_output::TableOutput;

#[component]
pub fn CellOutput(result: CellResult) -> impl IntoView {
    let items = result
        .outputs
        .into_iter()
        .map(|o| match o {
            Output::Text(t) => view! { <pre class="out-text">{t}</pre> }.into_any(),
            Output::Value(v) => view! { <pre class="out-value">{v}</pre> }.into_any(),
            Output::Rich(Display::Svg(svg)) => view! { <FigureImage svg=svg /> }.into_any(),
            Output::Rich(Display::Markdown(md)) => view! { <MarkdownView text=md /> }.into_any(),
            Output::Rich(Display::Table {
                columns,
                rows,
                total_rows,
            }) => {
                view! { <TableOutput columns=columns rows=rows total_rows=total_rows /> }.into_any()
            }
        })
        .collect_view();
    let error = result.error.map(|e| {
        let line = e
            .error
            .line
            .map(|l| format!("Error on line {l}"))
            .unwrap_or_default();
        view! {
            <div class="out-error" role="alert">
                <p class="error-line">{line}</p>
                <pre>{e.traceback}</pre>
            </div>
        }
    });
    view! {
        <div class="cell-output" data-testid="cell-output">
            {items}
            {error}
        </div>
    }
}
