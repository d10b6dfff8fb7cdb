//! What an area will hold, shown until its capability lands — a plain statement, never sample
//! data dressed up as real.

use leptos::prelude::*;

/// `holds`: what the page will offer; `objectives`: the exam objectives it serves.
#[component]
pub fn Upcoming(
    holds: &'static [&'static str],
    objectives: &'static str,
    /// Part of the page works already: say "more is coming" instead of "not built yet".
    #[prop(optional)]
    partly_built: bool,
) -> impl IntoView {
    let intro = if partly_built {
        "More is coming to this page:"
    } else {
        "This area is not built yet. Nothing here is simulated until it is: when it lands it \
         will hold:"
    };
    view! {
        <section class="upcoming" aria-labelledby="upcoming-title">
            <h2 id="upcoming-title">"Coming to this page"</h2>
            <p>{intro}</p>
            <ul>{holds.iter().map(|item| view! { <li>{*item}</li> }).collect_view()}</ul>
            <p class="muted">{objectives}</p>
        </section>
    }
}
