//! Champion vs challenger: for an endpoint that splits traffic, each served entity side by
//! side with its configured share next to the share it actually answered, its counts and
//! latency, so a learner sees how many requests a 90/10 split needs before the numbers mean
//! something. Shown only when the live config serves two or more entities.

use lakelab_core::serving::summary::summarize;
use leptos::prelude::*;

use crate::components::serving_inference_table::ms;
use crate::state::use_app;

#[derive(Clone, PartialEq)]
struct Card {
    entity: String,
    model: String,
    aliases: Vec<String>,
    configured: u32,
    observed: f64,
    requests: u64,
    errors: u64,
    p50: Option<f64>,
    p99: Option<f64>,
}

#[component]
pub fn ServingAbView(name: String) -> impl IntoView {
    let state = use_app();
    let cards = Memo::new(move |_| {
        state.workspace.value.with(|w| {
            let Some(config) = w
                .serving
                .endpoints
                .get(&name)
                .and_then(|e| e.config.as_ref())
            else {
                return Vec::new();
            };
            if config.served_entities.len() < 2 {
                return Vec::new();
            }
            let summary = w
                .serving
                .records
                .get(&name)
                .map(|log| summarize(&log.records))
                .unwrap_or_default();
            config
                .served_entities
                .iter()
                .map(|s| {
                    let stats = summary.entity(&s.name);
                    let aliases = s
                        .entity_version
                        .parse()
                        .ok()
                        .and_then(|v| Some(w.unity.models.get(&s.entity_name)?.aliases_of(v)))
                        .unwrap_or_default();
                    Card {
                        entity: s.name.clone(),
                        model: format!("{} version {}", s.entity_name, s.entity_version),
                        aliases,
                        configured: config.share_of(&s.name),
                        observed: stats.map_or(0.0, |e| e.observed_percentage),
                        requests: stats.map_or(0, |e| e.requests),
                        errors: stats.map_or(0, |e| e.errors),
                        p50: stats.and_then(|e| e.p50_ms),
                        p99: stats.and_then(|e| e.p99_ms),
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || cards.with(|c| !c.is_empty())>
            <section aria-labelledby="ab-title">
                <h3 id="ab-title">"Champion vs challenger"</h3>
                <p class="muted note">
                    "Observed shares count every logged request since the endpoint was created; with few requests they wander far from the configured split."
                </p>
                <div class="ab-view" data-testid="ab-view">
                    {move || {
                        cards
                            .get()
                            .into_iter()
                            .map(|c| {
                                let aliases = c
                                    .aliases
                                    .iter()
                                    .map(|a| format!("@{a}"))
                                    .collect::<Vec<_>>()
                                    .join(" ");
                                view! {
                                    <article
                                        class="ab-card"
                                        data-testid="ab-entity"
                                        data-entity=c.entity.clone()
                                    >
                                        <h4>{c.entity.clone()}</h4>
                                        <p class="muted">{format!("{} {aliases}", c.model)}</p>
                                        <dl class="run-facts">
                                            <dt>"Configured traffic"</dt>
                                            <dd data-testid="ab-configured">
                                                {format!("{}%", c.configured)}
                                            </dd>
                                            <dt>"Observed traffic"</dt>
                                            <dd data-testid="ab-observed">
                                                {format!("{:.1}%", c.observed)}
                                            </dd>
                                            <dt>"Requests"</dt>
                                            <dd data-testid="ab-requests">{c.requests}</dd>
                                            <dt>"Errors"</dt>
                                            <dd>{c.errors}</dd>
                                            <dt>"Latency p50 / p99"</dt>
                                            <dd>{format!("{} / {} ms", ms(c.p50), ms(c.p99))}</dd>
                                        </dl>
                                    </article>
                                }
                            })
                            .collect_view()
                    }}
                </div>
            </section>
        </Show>
    }
}
