//! Every message about stored data, above the page content: damaged data to recover, changes
//! from another tab, upgraded data, a new version waiting.

use leptos::prelude::*;

use super::conflict_banner::ConflictBanner;
use super::migrated_notice::MigratedNotice;
use super::recovery_panel::RecoveryPanel;
use super::update_banner::UpdateBanner;
use crate::state::use_app;

#[component]
pub fn Notices() -> impl IntoView {
    let state = use_app();
    view! {
        <div class="notices">
            <UpdateBanner />
            <RecoveryPanel
                doc=state.workspace
                what="workspace"
                fresh="Start with an empty workspace"
            />
            <RecoveryPanel doc=state.progress what="progress" fresh="Start with empty progress" />
            <RecoveryPanel doc=state.settings what="settings" fresh="Start with default settings" />
            <ConflictBanner doc=state.workspace what="Your workspace was" />
            <ConflictBanner doc=state.settings what="Your settings were" />
            <MigratedNotice doc=state.workspace what="workspace" />
            <MigratedNotice doc=state.progress what="progress" />
            <MigratedNotice doc=state.settings what="settings" />
        </div>
    }
}
