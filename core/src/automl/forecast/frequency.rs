//! `frequency=`: the forecast grid's step. The accepted spellings are those of the open-source
//! AutoML runtime's `OFFSET_ALIAS_MAP` (`databricks.automl_runtime.forecast`): `"W"`, `"D"` /
//! `"d"` / `"days"` / `"day"`, `"H"` / `"h"` / `"hr"` / `"hour"` / `"hours"`, `"min"` / `"m"` /
//! `"T"` / `"minute"` / `"minutes"`, `"S"` / `"sec"` / `"second"` / `"seconds"`, `"M"` / `"MS"` /
//! `"month"` / `"months"` (month starts), `"Q"` / `"QS"` / `"quarter"` / `"quarters"`, `"Y"` /
//! `"YS"` / `"year"` / `"years"`. Note that `"m"` is minutes there, `"M"` months.
//!
//! Calendar steps (months, quarters, years) keep the day of the month and the time of day,
//! clamping to the month's last day as pandas' `DateOffset(months=k)` does.

use serde::{Deserialize, Serialize};

use crate::time::{civil_from_days, days_from_civil};

const DAY_MS: i64 = 86_400_000;

/// One step of the forecast grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Frequency {
    /// Every spelling `frequency=` accepts.
    pub const ALIASES: [&'static str; 31] = [
        "W", "d", "D", "days", "day", "hours", "hour", "hr", "h", "H", "m", "minute", "min",
        "minutes", "T", "S", "seconds", "sec", "second", "M", "MS", "months", "month", "Q", "QS",
        "quarters", "quarter", "Y", "YS", "years", "year",
    ];

    pub fn parse(alias: &str) -> Result<Frequency, String> {
        Ok(match alias {
            "W" => Frequency::Week,
            "d" | "D" | "days" | "day" => Frequency::Day,
            "hours" | "hour" | "hr" | "h" | "H" => Frequency::Hour,
            "m" | "minute" | "min" | "minutes" | "T" => Frequency::Minute,
            "S" | "seconds" | "sec" | "second" => Frequency::Second,
            "M" | "MS" | "months" | "month" => Frequency::Month,
            "Q" | "QS" | "quarters" | "quarter" => Frequency::Quarter,
            "Y" | "YS" | "years" | "year" => Frequency::Year,
            other => {
                return Err(format!(
                    "frequency '{other}' is not a supported frequency; use one of: {} (D = days, W = weeks, H = hours, min = minutes, S = seconds, M = month starts, Q = quarter starts, Y = year starts)",
                    Frequency::ALIASES.join(", ")
                ))
            }
        })
    }

    /// The pandas offset alias the runtime maps it to (`D`, `MS`, ...).
    pub fn alias(self) -> &'static str {
        match self {
            Frequency::Second => "S",
            Frequency::Minute => "min",
            Frequency::Hour => "H",
            Frequency::Day => "D",
            Frequency::Week => "W",
            Frequency::Month => "MS",
            Frequency::Quarter => "QS",
            Frequency::Year => "YS",
        }
    }

    /// Steps per seasonal cycle, Lakelab's choice (Databricks tunes ARIMA's `m` and lets
    /// Prophet detect seasonalities): a week of days, a day of hours, an hour of minutes, a
    /// minute of seconds, a year of weeks / months / quarters; years have none (1).
    pub fn seasonal_period(self) -> usize {
        match self {
            Frequency::Second | Frequency::Minute => 60,
            Frequency::Hour => 24,
            Frequency::Day => 7,
            Frequency::Week => 52,
            Frequency::Month => 12,
            Frequency::Quarter => 4,
            Frequency::Year => 1,
        }
    }

    /// Calendar steps are months; the others a fixed number of milliseconds.
    fn months(self) -> Option<i64> {
        match self {
            Frequency::Month => Some(1),
            Frequency::Quarter => Some(3),
            Frequency::Year => Some(12),
            _ => None,
        }
    }

    fn fixed_ms(self) -> i64 {
        match self {
            Frequency::Second => 1_000,
            Frequency::Minute => 60_000,
            Frequency::Hour => 3_600_000,
            Frequency::Day => DAY_MS,
            Frequency::Week => 7 * DAY_MS,
            _ => 0,
        }
    }

    /// Whether the grid's points are whole days (so a date column stays a date column).
    pub fn whole_days(self) -> bool {
        !matches!(
            self,
            Frequency::Second | Frequency::Minute | Frequency::Hour
        )
    }

    /// `start` moved `k` steps along the grid.
    pub fn add(self, start_ms: i64, k: i64) -> i64 {
        match self.months() {
            None => start_ms.saturating_add(k.saturating_mul(self.fixed_ms())),
            Some(per) => {
                let days = start_ms.div_euclid(DAY_MS);
                let in_day = start_ms.rem_euclid(DAY_MS);
                let (y, m, d) = civil_from_days(days);
                let total = y * 12 + (m as i64 - 1) + k.saturating_mul(per);
                let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
                let nd = d.min(month_days(ny, nm));
                days_from_civil(ny, nm, nd) * DAY_MS + in_day
            }
        }
    }

    /// How many steps `t` lies after `start`, when it lies on the grid (`None` otherwise).
    pub fn steps_between(self, start_ms: i64, t_ms: i64) -> Option<i64> {
        let k = match self.months() {
            None => {
                let unit = self.fixed_ms();
                let diff = t_ms.checked_sub(start_ms)?;
                if diff % unit != 0 {
                    return None;
                }
                diff / unit
            }
            Some(per) => {
                let month_index = |ms: i64| {
                    let (y, m, _) = civil_from_days(ms.div_euclid(DAY_MS));
                    y * 12 + m as i64 - 1
                };
                let diff = month_index(t_ms) - month_index(start_ms);
                if diff % per != 0 {
                    return None;
                }
                diff / per
            }
        };
        (self.add(start_ms, k) == t_ms).then_some(k)
    }
}

fn month_days(y: i64, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}
