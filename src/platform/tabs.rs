//! Telling other tabs of this origin that a document was saved (BroadcastChannel).
//!
//! The revision check in the stores already refuses to overwrite another tab's save; the
//! announcement lets a tab say so as soon as the other tab saves, before the learner types more.

use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

const CHANNEL: &str = "lakelab";

/// "Tab X saved `key` at `revision`."
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub key: String,
    pub revision: u64,
}

/// Opens the channel and calls `on_saved` for every announcement from another tab. `None`
/// when the browser has no BroadcastChannel (the revision check still protects the data).
pub fn listen(on_saved: impl Fn(Saved) + 'static) -> Option<BroadcastChannel> {
    let channel = BroadcastChannel::new(CHANNEL).ok()?;
    let handler = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let parsed = event
            .data()
            .as_string()
            .and_then(|text| serde_json::from_str::<Saved>(&text).ok());
        if let Some(saved) = parsed {
            on_saved(saved);
        }
    });
    channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The channel lives as long as the page.
    handler.forget();
    Some(channel)
}

/// Announces a save to the other tabs (a tab never receives its own messages).
pub fn announce(channel: &BroadcastChannel, saved: &Saved) {
    if let Ok(text) = serde_json::to_string(saved) {
        let _ = channel.post_message(&text.into());
    }
}
