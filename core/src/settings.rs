//! Learner settings (kept in localStorage by the UI).

use serde::{Deserialize, Serialize};

use crate::persist::Document;

/// Longest display name, in characters.
pub const MAX_DISPLAY_NAME_CHARS: usize = 60;

/// Colour theme; `System` follows the operating system's preference.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    /// The value of `data-theme` on `<html>`.
    pub fn attr(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
#[serde(default)]
pub struct Settings {
    pub theme: Theme,
    /// Shown in the header; plain text only, never markup.
    pub display_name: String,
}

crate::flat_de::map_only!(Settings);

impl Settings {
    /// Sets the display name, trimmed and cut to [`MAX_DISPLAY_NAME_CHARS`].
    pub fn set_display_name(&mut self, name: &str) {
        self.display_name = name.trim().chars().take(MAX_DISPLAY_NAME_CHARS).collect();
    }
}

impl Document for Settings {
    const KIND: &'static str = "settings";
    const SCHEMA_VERSION: u32 = 1;

    fn validate(&self) -> Result<(), String> {
        let chars = self.display_name.chars().count();
        if chars > MAX_DISPLAY_NAME_CHARS {
            return Err(format!(
                "the display name has {chars} characters; at most {MAX_DISPLAY_NAME_CHARS} are allowed"
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_is_trimmed_and_capped() {
        let mut s = Settings::default();
        s.set_display_name("  Ada  ");
        assert_eq!(s.display_name, "Ada");
        s.set_display_name(&"é".repeat(100));
        assert_eq!(s.display_name.chars().count(), MAX_DISPLAY_NAME_CHARS);
        assert!(s.validate().is_ok());
        s.display_name = "x".repeat(61);
        assert!(s.validate().is_err());
    }

    #[test]
    fn theme_serializes_lowercase() {
        let s = Settings {
            theme: Theme::Dark,
            display_name: String::new(),
        };
        assert_eq!(serde_json::to_value(&s).unwrap()["theme"], "dark");
    }
}
