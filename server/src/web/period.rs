//! The period a page covers, as a supervisor picks it: this month, this quarter, this year, or
//! from one day to another (both included), in China Standard Time.

use serde::Deserialize;

use crate::web::locale::tf;
use steppe_domain::clock::{self, MS_PER_DAY};

/// The period's query parameters (`?period=quarter`, `?period=custom&from=…&to=…`).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct PeriodQuery {
    pub period: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A period resolved to `[from, to)` in milliseconds, with what it is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub from: i64,
    pub to: i64,
    pub label: String,
    /// The query string that names it again (for links and exports).
    pub query: String,
}

/// Days as the form shows them: `YYYY-MM-DD`.
pub fn day(ms: i64) -> String {
    clock::display(ms).chars().take(10).collect()
}

impl PeriodQuery {
    /// The period asked for at `now`; a custom period that does not parse, or ends before it
    /// starts, is taken as this year.
    pub fn resolve(&self, now: i64) -> Period {
        let today = day(now);
        let (y, m) = (
            today[..4].parse::<i32>().unwrap_or(2026),
            today[5..7].parse::<u32>().unwrap_or(1),
        );
        let start = |y: i32, m: u32| clock::parse(&format!("{y:04}-{m:02}-01")).unwrap_or(0);
        let next = |y: i32, m: u32| if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        let year = || Period {
            from: start(y, 1),
            to: start(y + 1, 1),
            label: tf("web_period_label_year", &[("year", y.into())]),
            query: "period=year".into(),
        };
        match self.period.as_deref() {
            Some("month") => {
                let (ny, nm) = next(y, m);
                Period {
                    from: start(y, m),
                    to: start(ny, nm),
                    label: tf(
                        "web_period_label_month",
                        &[("year", y.into()), ("month", m.into())],
                    ),
                    query: "period=month".into(),
                }
            }
            Some("quarter") => {
                let q = (m - 1) / 3;
                let first = q * 3 + 1;
                let (ny, nm) = if first + 3 > 12 {
                    (y + 1, 1)
                } else {
                    (y, first + 3)
                };
                Period {
                    from: start(y, first),
                    to: start(ny, nm),
                    label: tf(
                        "web_period_label_quarter",
                        &[("year", y.into()), ("quarter", (q + 1).into())],
                    ),
                    query: "period=quarter".into(),
                }
            }
            Some("custom") => {
                let from = self.from.as_deref().and_then(clock::parse);
                let to = self.to.as_deref().and_then(clock::parse);
                match (from, to) {
                    (Some(f), Some(t)) if t >= f => Period {
                        from: f,
                        to: t + MS_PER_DAY,
                        label: tf(
                            "web_period_label_custom",
                            &[("from", day(f).into()), ("to", day(t).into())],
                        ),
                        query: format!("period=custom&from={}&to={}", day(f), day(t)),
                    },
                    _ => year(),
                }
            }
            _ => year(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(period: &str, from: Option<&str>, to: Option<&str>) -> PeriodQuery {
        PeriodQuery {
            period: Some(period.into()),
            from: from.map(Into::into),
            to: to.map(Into::into),
        }
    }

    #[test]
    fn periods_follow_the_calendar_of_china_standard_time() {
        let now = clock::parse("2026-11-30 23:30").unwrap();
        let p = ask("month", None, None).resolve(now);
        assert_eq!(
            (day(p.from), day(p.to)),
            ("2026-11-01".into(), "2026-12-01".into())
        );
        let p = ask("quarter", None, None).resolve(now);
        assert_eq!(
            (day(p.from), day(p.to)),
            ("2026-10-01".into(), "2027-01-01".into())
        );
        assert_eq!(p.label, "2026 年第 4 季度");
        let p = ask("year", None, None).resolve(now);
        assert_eq!(
            (day(p.from), day(p.to)),
            ("2026-01-01".into(), "2027-01-01".into())
        );
        let p = ask("custom", Some("2026-03-01"), Some("2026-03-31")).resolve(now);
        assert_eq!(
            (day(p.from), day(p.to)),
            ("2026-03-01".into(), "2026-04-01".into())
        );
        assert_eq!(p.query, "period=custom&from=2026-03-01&to=2026-03-31");
        let backwards = ask("custom", Some("2026-03-31"), Some("2026-03-01")).resolve(now);
        assert_eq!(backwards.label, "2026 年");
    }
}
