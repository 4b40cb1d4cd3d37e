//! Calendar arithmetic for records. Times are Unix milliseconds; calendar years and weeks are
//! those of China Standard Time (UTC+8), where every Steppe user lives.

use time::{OffsetDateTime, UtcOffset};

pub const MS_PER_DAY: i64 = 86_400_000;
const CST_OFFSET_SECONDS: i32 = 8 * 3600;

fn cst(ms: i64) -> OffsetDateTime {
    let offset = UtcOffset::from_whole_seconds(CST_OFFSET_SECONDS).unwrap_or(UtcOffset::UTC);
    let utc = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    // A time within eight hours of the calendar's end (a forged one) has no CST date: shown as
    // UTC rather than panicking the page that shows it.
    utc.checked_to_offset(offset).unwrap_or(utc)
}

#[cfg(test)]
mod edge_tests {
    #[test]
    fn a_time_at_the_calendars_end_does_not_panic() {
        let end = 253_402_300_799_000; // 9999-12-31 23:59:59 UTC
        assert_eq!(super::year_of(end), 9999);
        let _ = super::display(end);
    }
}

/// The calendar year (CST) of a timestamp: what a training archive is grouped by.
pub fn year_of(ms: i64) -> i32 {
    cst(ms).year()
}

/// Start (inclusive) of the CST Monday-based week containing `ms`.
pub fn week_start(ms: i64) -> i64 {
    let local = cst(ms);
    let days_from_monday = i64::from(local.weekday().number_days_from_monday());
    let midnight_ms = ms
        - (i64::from(local.hour()) * 3600
            + i64::from(local.minute()) * 60
            + i64::from(local.second()))
            * 1000
        - i64::from(local.millisecond());
    midnight_ms - days_from_monday * MS_PER_DAY
}

/// The CST calendar year `year` as `[start, end)` in Unix milliseconds.
pub fn year_bounds(year: i32) -> (i64, i64) {
    let start = |y: i32| parse(&format!("{y:04}-01-01")).unwrap_or(0);
    (start(year), start(year + 1))
}

/// A timestamp as `YYYY-MM-DD HH:MM` in CST: the fixed form of files for machines (CSV, XLSX) and
/// of what a form field holds. Pages and command lines show `steppe_i18n::dates` instead.
pub fn display(ms: i64) -> String {
    let t = cst(ms);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// The civil time of a timestamp in CST: (year, month, day, hour, minute), for formatting in a
/// reader's language.
pub fn civil(ms: i64) -> (i32, u8, u8, u8, u8) {
    let t = cst(ms);
    (t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DD HH:MM` as CST.
pub fn parse(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, clock) = match s.split_once([' ', 'T']) {
        Some((d, c)) => (d, c),
        None => (s, "00:00"),
    };
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut c = clock.split(':').map(|p| p.parse::<i64>().ok());
    let (hh, mm) = (c.next()??, c.next().unwrap_or(Some(0))?);
    let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
    let date =
        time::Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(day).ok()?)
            .ok()?;
    let t = time::Time::from_hms(u8::try_from(hh).ok()?, u8::try_from(mm).ok()?, 0).ok()?;
    let offset = UtcOffset::from_whole_seconds(CST_OFFSET_SECONDS).ok()?;
    let odt = time::PrimitiveDateTime::new(date, t).assume_offset(offset);
    i64::try_from(odt.unix_timestamp_nanos() / 1_000_000).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_follows_china_standard_time() {
        // 2025-12-31 17:00 UTC is 2026-01-01 01:00 in Inner Mongolia.
        let ms = parse("2026-01-01 01:00").unwrap();
        assert_eq!(year_of(ms), 2026);
        assert_eq!(year_of(ms - 2 * 3600 * 1000), 2025);
        assert_eq!(display(ms), "2026-01-01 01:00");
    }

    #[test]
    fn weeks_start_on_monday_midnight() {
        let wed = parse("2026-11-25 15:30").unwrap();
        assert_eq!(display(week_start(wed)), "2026-11-23 00:00");
        assert_eq!(week_start(week_start(wed)), week_start(wed));
    }

    #[test]
    fn rejects_malformed_dates() {
        assert_eq!(parse("2026-13-01"), None);
        assert_eq!(parse("yesterday"), None);
    }
}
