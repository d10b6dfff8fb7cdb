//! Reusable UI pieces, one component per file.

pub mod app_header;
pub mod app_link;
pub mod chart_downloads;
pub mod chart_frame;
pub mod confirm_dialog;
pub mod conflict_banner;
pub mod experiment_list;
pub mod main_nav;
pub mod metric_chart;
pub mod migrated_notice;
pub mod notices;
pub mod outcome_message;
pub mod parallel_chart;
pub mod recovery_panel;
pub mod run_lifecycle;
pub mod run_row;
pub mod run_tags;
pub mod runs_table;
pub mod sample_data;
pub mod save_status;
pub mod scatter_chart;
pub mod theme_picker;
pub mod upcoming;
pub mod update_banner;
