//! Calendar text for epoch milliseconds (UTC), without a clock: the caller passes the time.

/// `YYYY-MM-DD HH:MM:SS.ffffff` in UTC, as Python's `str(datetime.utcnow())` writes it (MLflow
/// puts this in `MLmodel`'s `utc_time_created`).
pub fn utc_text(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let in_day = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, rest) = (in_day / 3_600_000, in_day % 3_600_000);
    let (min, rest) = (rest / 60_000, rest % 60_000);
    let (s, milli) = (rest / 1000, rest % 1000);
    format!(
        "{y:04}-{m:02}-{d:02} {h:02}:{min:02}:{s:02}.{:06}",
        milli * 1000
    )
}

/// Year, month, day of a day count from 1970-01-01 (the proleptic Gregorian calendar; Howard
/// Hinnant's `civil_from_days`).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Days from 1970-01-01 of a date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whether `(y, m, d)` is a real calendar date.
pub fn valid_date(y: i64, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && civil_from_days(days_from_civil(y, m, d)) == (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(utc_text(0), "1970-01-01 00:00:00.000000");
        assert_eq!(utc_text(951_782_400_000), "2000-02-29 00:00:00.000000");
        assert_eq!(utc_text(1_764_160_245_123), "2025-11-26 12:30:45.123000");
        assert_eq!(utc_text(-1), "1969-12-31 23:59:59.999000");
        assert_eq!(days_from_civil(2000, 2, 29), 11_016);
        assert!(valid_date(2024, 2, 29) && !valid_date(2023, 2, 29) && !valid_date(2023, 13, 1));
    }
}
