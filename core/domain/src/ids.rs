//! Record identifiers: UUIDv7, so ids sort roughly by creation time, shown as 32 hex digits.
//!
//! The domain's own code never calls [`Id::new`]: it reads the clock and a random source, and the
//! domain stays pure so a replay or a simulation is deterministic. Ids of records and of entries
//! within them (notes, visits, decisions…) come in as arguments from the store, which makes them.
//! `tests::the_domain_makes_no_ids_and_reads_no_clock` holds that line.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(uuid::Uuid);

impl Id {
    /// A fresh id from the clock and a random source: for callers outside the domain.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self(uuid::Uuid::now_v7())
    }

    /// The id of the one record of `kind` a natural key names (a member's evaluation of a year):
    /// every device that opens it makes the same id, so two openings are one record. Pure, so
    /// the domain may call it.
    pub fn derived(kind: crate::RecordKind, key: &str) -> Self {
        // Stable across releases: the namespace is this fixed value, never regenerated.
        const STEPPE: uuid::Uuid = uuid::Uuid::from_u128(0x5e7e_44e0_0d0c_4b1a_9a3e_7d0c_a11a_5e7e);
        Self(uuid::Uuid::new_v5(
            &STEPPE,
            format!("{}/{key}", kind.as_str()).as_bytes(),
        ))
    }

    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(uuid::Uuid::from_bytes(bytes))
    }

    pub fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }

    pub fn parse(s: &str) -> Result<Self, uuid::Error> {
        uuid::Uuid::try_parse(s).map(Self)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.simple())
    }
}

impl std::str::FromStr for Id {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// What would make the domain impure: fresh ids, clocks and random sources.
    const FORBIDDEN: &[&str] = &[
        "Id::new(",
        "now_v7",
        "new_v4",
        "SystemTime",
        "Instant::now",
        "OffsetDateTime::now",
        "ActorId::random",
        "rand::",
        "getrandom",
    ];

    /// The source outside `#[cfg(test)]` items and comments, line by line.
    fn production_lines(src: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut skip_next_item = false;
        let mut depth = 0i64;
        let mut in_test_item = false;
        for (n, line) in src.lines().enumerate() {
            let code = line.trim_start();
            if in_test_item {
                depth += brace_balance(line);
                if depth <= 0 && (line.contains('}') || line.trim_end().ends_with(';')) {
                    in_test_item = false;
                }
                continue;
            }
            if code.starts_with("#[cfg(test)]") {
                skip_next_item = true;
                continue;
            }
            if skip_next_item && !code.starts_with("#[") && !code.is_empty() {
                skip_next_item = false;
                depth = brace_balance(line);
                in_test_item = depth > 0;
                continue;
            }
            if code.starts_with("//") {
                continue;
            }
            out.push((n + 1, line));
        }
        out
    }

    /// Opening minus closing braces of a line's code, not counting those in string or character
    /// literals or a trailing comment.
    fn brace_balance(line: &str) -> i64 {
        let mut balance = 0;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' => balance += 1,
                '}' => balance -= 1,
                '"' => {
                    while let Some(s) = chars.next() {
                        match s {
                            '\\' => {
                                chars.next();
                            }
                            '"' => break,
                            _ => {}
                        }
                    }
                }
                // A character literal ('x' or '\n'), not a lifetime ('a).
                '\'' => {
                    let mut ahead = chars.clone();
                    match (ahead.next(), ahead.next()) {
                        (Some('\\'), _) => {
                            chars.next();
                            chars.next();
                            while chars.next().is_some_and(|e| e != '\'') {}
                        }
                        (Some(_), Some('\'')) => {
                            chars.next();
                            chars.next();
                        }
                        _ => {}
                    }
                }
                '/' if chars.peek() == Some(&'/') => break,
                _ => {}
            }
        }
        balance
    }

    #[test]
    fn the_domain_makes_no_ids_and_reads_no_clock() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offences = Vec::new();
        let mut files = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            files += 1;
            let src = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            for (n, line) in production_lines(&src) {
                // The one place an id is made, for callers outside the domain.
                if name == "ids.rs" && line.contains("uuid::Uuid::now_v7()") {
                    continue;
                }
                for f in FORBIDDEN {
                    if line.contains(f) {
                        offences.push(format!("{name}:{n}: {}", line.trim()));
                    }
                }
            }
        }
        assert!(files > 10, "read the domain's sources in {}", dir.display());
        assert!(
            offences.is_empty(),
            "the domain takes ids and `now` as arguments; found:\n{}",
            offences.join("\n")
        );
    }

    #[test]
    fn the_guard_sees_production_code_and_skips_tests() {
        let src = "fn a() {\n    let x = Id::new();\n}\n// Id::new() in a comment\n#[cfg(test)]\nmod tests {\n    fn b() {\n        Id::new();\n    }\n}\nfn c() { SystemTime::now(); }\n";
        let lines: Vec<usize> = production_lines(src)
            .into_iter()
            .filter(|(_, l)| FORBIDDEN.iter().any(|f| l.contains(f)))
            .map(|(n, _)| n)
            .collect();
        assert_eq!(lines, vec![2, 11]);
    }

    #[test]
    fn braces_in_literals_and_comments_do_not_count() {
        assert_eq!(brace_balance("if a.contains('}') {"), 1);
        assert_eq!(brace_balance(r#"let s = "{{ }"; // {"#), 0);
        assert_eq!(brace_balance("fn f<'a>(x: &'a str) -> char { '\\'' }"), 0);
    }
}
