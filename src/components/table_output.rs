//! A table a cell displayed, 50 rows a page.

use leptos::prelude::*;

const PAGE: usize = 50;

#[component]
pub fn TableOutput(
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
    total_rows: usize,
) -> impl IntoView {
    let page = RwSignal::new(0usize);
    let kept = rows.len();
    let pages = kept.div_ceil(PAGE).max(1);
    let rows = StoredValue::new(rows);
    let body = move || {
        let start = page.get() * PAGE;
        rows.with_value(|rows| {
            rows.iter()
                .skip(start)
                .take(PAGE)
                .map(|r| {
                    let cells = r
                        .iter()
                        .map(|c| view! { <td>{c.clone()}</td> })
                        .collect_view();
                    view! { <tr>{cells}</tr> }
                })
                .collect_view()
        })
    };
    let summary = move || {
        let start = page.get() * PAGE;
        let end = (start + PAGE).min(kept);
        let more = if kept < total_rows {
            format!(" (the first {kept} are kept)")
        } else {
            String::new()
        };
        format!("{total_rows} rows{more}; showing {}–{end}", start + 1)
    };
    // Named closures: a `>` inside a view attribute would end the tag.
    let at_first = move || page.get() == 0;
    let at_last = move || page.get() + 1 >= pages;
    let several = move || pages > 1;
    view! {
        <div class="table-scroll">
            <table class="out-table">
                <thead>
                    <tr>
                        {columns
                            .into_iter()
                            .map(|c| view! { <th scope="col">{c}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        <p class="note table-pager">
            {summary} <Show when=several>
                <button
                    type="button"
                    class="small"
                    disabled=at_first
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1))
                >
                    "Previous rows"
                </button>
                <button
                    type="button"
                    class="small"
                    disabled=at_last
                    on:click=move |_| page.update(|p| *p += 1)
                >
                    "Next rows"
                </button>
            </Show>
        </p>
    }
}
