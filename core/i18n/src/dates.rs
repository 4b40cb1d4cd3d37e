//! Dates and times as each language writes them, from CLDR's patterns through ICU4X:
//! 2026年12月1日 08:30 in Chinese, Dec 1, 2026, 8:30 AM in English. CLDR has no date patterns for
//! traditional Mongolian (its `mn` data is Mongolia's, in Cyrillic), so a Mongolian reader sees
//! the Chinese form, as with every message the Mongolian catalogue lacks. Times are China
//! Standard Time, where every user lives (`steppe_domain::clock`); files for machines keep
//! `clock::display`'s fixed form.

use std::cell::OnceCell;

use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::{YMD, YMDT};
use icu_datetime::input::{Date, DateTime, Time};
use icu_datetime::options::TimePrecision;
use icu_locale_core::locale;
use steppe_domain::clock;

use crate::Locale;

/// The two ways of writing dates the app has: Chinese (also for Mongolian) and English.
#[derive(Clone, Copy)]
enum Writing {
    Chinese = 0,
    English = 1,
}

impl Writing {
    fn of(locale: Locale) -> Self {
        match locale {
            Locale::ZhHans | Locale::MnMong => Writing::Chinese,
            Locale::En => Writing::English,
        }
    }

    fn locale(self) -> icu_locale_core::Locale {
        match self {
            Writing::Chinese => locale!("zh"),
            Writing::English => locale!("en"),
        }
    }
}

// Per thread: ICU4X's formatters are not `Sync`, and a page's worker formats many dates.
thread_local! {
    static DATE_TIMES: [OnceCell<Option<DateTimeFormatter<YMDT>>>; 2] = const { [OnceCell::new(), OnceCell::new()] };
    static DATES: [OnceCell<Option<DateTimeFormatter<YMD>>>; 2] = const { [OnceCell::new(), OnceCell::new()] };
}

fn civil(ms: i64) -> Option<DateTime<icu_calendar::Iso>> {
    let (y, mo, d, h, mi) = clock::civil(ms);
    Some(DateTime {
        date: Date::try_new_iso(y, mo, d).ok()?,
        time: Time::try_new(h, mi, 0, 0).ok()?,
    })
}

/// A timestamp's date and time to the minute, as `locale`'s readers write them.
pub fn date_time(locale: Locale, ms: i64) -> String {
    let w = Writing::of(locale);
    DATE_TIMES.with(|all| {
        let f = all[w as usize].get_or_init(|| {
            DateTimeFormatter::try_new(
                w.locale().into(),
                YMDT::medium().with_time_precision(TimePrecision::Minute),
            )
            .ok()
        });
        match (f, civil(ms)) {
            (Some(f), Some(t)) => f.format(&t).to_string(),
            // A date outside what the calendar formats (a forged one): the fixed form.
            _ => clock::display(ms),
        }
    })
}

/// A timestamp's date, as `locale`'s readers write it.
pub fn date(locale: Locale, ms: i64) -> String {
    let w = Writing::of(locale);
    DATES.with(|all| {
        let f = all[w as usize]
            .get_or_init(|| DateTimeFormatter::try_new(w.locale().into(), YMD::long()).ok());
        match (f, civil(ms)) {
            (Some(f), Some(t)) => f.format(&t.date).to_string(),
            _ => clock::display(ms).chars().take(10).collect(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_writes_a_date_its_own_way() {
        let at = clock::parse("2026-12-01 08:30").unwrap();
        assert_eq!(date_time(Locale::ZhHans, at), "2026年12月1日 08:30");
        assert_eq!(date_time(Locale::MnMong, at), "2026年12月1日 08:30");
        // CLDR puts a narrow no-break space before AM.
        assert_eq!(date_time(Locale::En, at), "Dec 1, 2026, 8:30\u{202f}AM");
        assert_eq!(date(Locale::ZhHans, at), "2026年12月1日");
        assert_eq!(date(Locale::En, at), "December 1, 2026");
    }

    #[test]
    fn a_date_at_the_calendars_end_is_still_shown() {
        let end = 253_402_300_799_000; // 9999-12-31 23:59:59 UTC
        assert!(!date_time(Locale::ZhHans, end).is_empty());
        assert!(!date(Locale::En, end).is_empty());
    }
}
