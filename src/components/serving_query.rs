//! "Query endpoint": a JSON request body, prefilled with an example in the chosen format
//! (built from the served model's input example or signature), sent to
//! `POST /serving-endpoints/<name>/invocations`. Shows the HTTP status, the served entity,
//! the response JSON and the latency. Sending several requests at once shows a traffic
//! split in the inference table without a script.

use lakelab_core::frame::SplitFrame;
use lakelab_core::serving::examples::{example_body, placeholder_frame};
use lakelab_core::serving::request::FORMATS;
use lakelab_core::Workspace;
use leptos::prelude::*;

use crate::platform::clock::{now_ms, performance_now};
use crate::state::use_app;

/// Most requests one Send makes (each is logged, and the log keeps 10,000).
const MAX_REPEAT: u32 = 1_000;

/// The rows of the example: the served model's `input_example.json`, else one row from its
/// signature, else one unnamed number (a model without a signature takes any columns).
fn example_frame(w: &Workspace, endpoint: &str) -> SplitFrame {
    let version = w.serving.endpoints.get(endpoint).and_then(|e| {
        let config = e
            .config
            .as_ref()
            .or(e.pending.as_ref().map(|p| &p.config))?;
        let s = config.served_entities.first()?;
        let model = w.unity.models.get(&s.entity_name)?;
        model.version(s.entity_version.parse().ok()?).cloned()
    });
    let Some(v) = version else {
        return unnamed();
    };
    let example = w
        .tracking
        .artifact_bytes(&v.run_id, &format!("{}/input_example.json", v.model_path))
        .ok()
        .and_then(|b| serde_json::from_slice::<SplitFrame>(b).ok())
        .filter(|f| f.validate().is_ok() && !f.data.is_empty());
    example
        .or_else(|| v.signature.as_ref().map(placeholder_frame))
        .unwrap_or_else(unnamed)
}

fn unnamed() -> SplitFrame {
    SplitFrame {
        columns: vec!["0".into()],
        data: vec![vec![serde_json::json!(1.0)]],
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        _ => "Error",
    }
}

/// What the last Send returned.
#[derive(Clone, PartialEq)]
struct Sent {
    status: u16,
    served_entity: Option<String>,
    response: String,
    latency_ms: f64,
    count: u32,
    failed: u32,
}

#[component]
pub fn ServingQuery(name: String) -> impl IntoView {
    let state = use_app();
    let format = RwSignal::new(FORMATS[0].to_string());
    let example = {
        let name = name.clone();
        move |f: &str| {
            state
                .workspace
                .value
                .with_untracked(|w| example_body(f, &example_frame(w, &name)))
        }
    };
    let body = RwSignal::new(example(FORMATS[0]));
    let repeat = RwSignal::new(1u32);
    let sent = RwSignal::new(None::<Sent>);
    let send = move |_| {
        let text = body.get_untracked();
        let count = repeat.get_untracked().clamp(1, MAX_REPEAT);
        let mut last = None;
        let mut failed = 0;
        let mut total_ms = 0.0;
        state.workspace.update(|w| {
            for _ in 0..count {
                let mut clock = performance_now;
                let started = performance_now();
                let reply = w.query_endpoint(&name, &text, now_ms(), &mut clock);
                total_ms += performance_now() - started;
                if reply.status >= 400 {
                    failed += 1;
                }
                last = Some(reply);
            }
        });
        if let Some(reply) = last {
            sent.set(Some(Sent {
                status: reply.status,
                served_entity: reply.served_entity,
                response: serde_json::to_string_pretty(&reply.body).unwrap_or_default(),
                latency_ms: total_ms / f64::from(count),
                count,
                failed,
            }));
        }
    };
    view! {
        <section aria-labelledby="query-title" data-testid="query-panel">
            <h3 id="query-title">"Query endpoint"</h3>
            <p class="actions">
                <label for="query-format">"Request format "</label>
                <select
                    id="query-format"
                    on:change=move |ev| {
                        let f = event_target_value(&ev);
                        body.set(example(&f));
                        format.set(f);
                    }
                >
                    {FORMATS
                        .iter()
                        .map(|f| {
                            view! {
                                <option value=*f selected=move || format.with(|c| c == f)>
                                    {*f}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </p>
            <label for="query-body">"Request body (JSON)"</label>
            <textarea
                id="query-body"
                rows="10"
                spellcheck="false"
                prop:value=move || body.get()
                on:input=move |ev| body.set(event_target_value(&ev))
            ></textarea>
            <div class="actions">
                <label for="query-repeat">"Requests "</label>
                <input
                    id="query-repeat"
                    type="number"
                    min="1"
                    max=MAX_REPEAT.to_string()
                    prop:value=move || repeat.get().to_string()
                    on:input=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                            repeat.set(n.clamp(1, MAX_REPEAT));
                        }
                    }
                />
                <button type="button" on:click=send>
                    "Send"
                </button>
            </div>
            {move || {
                sent.get()
                    .map(|s| {
                        let summary = if s.count > 1 {
                            format!(
                                "Sent {} requests: {} succeeded, {} failed. Last response:",
                                s.count,
                                s.count - s.failed,
                                s.failed,
                            )
                        } else {
                            String::new()
                        };
                        let class = if s.status < 400 { "ok" } else { "error" };
                        view! {
                            <div class="query-result" role="status">
                                <p data-testid="query-summary">{summary}</p>
                                <p>
                                    <strong class=class data-testid="query-status">
                                        {format!("{} {}", s.status, reason(s.status))}
                                    </strong>
                                    <span data-testid="query-latency">
                                        {format!(" {:.2} ms", s.latency_ms)}
                                    </span>
                                    {if s.count > 1 { " per request" } else { "" }}
                                    <span data-testid="query-served-entity">
                                        {s
                                            .served_entity
                                            .map(|e| format!(" · served by {e}"))
                                            .unwrap_or_default()}
                                    </span>
                                </p>
                                <pre class="code" data-testid="query-response">
                                    {s.response}
                                </pre>
                            </div>
                        }
                    })
            }}
        </section>
    }
}
