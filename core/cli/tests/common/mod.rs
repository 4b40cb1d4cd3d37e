//! What the `steppe` tests share: the scan for English in what the tool printed.

/// The English words in `printed`: runs of two or more Latin letters, leaving out record ids,
/// what the command line itself passed (a name or note typed in), and a backtrace's own lines
/// (`RUST_BACKTRACE` is not set here, so none are expected).
pub fn english_in(printed: &str, args: &[&str]) -> Vec<String> {
    let mut words = Vec::new();
    for token in printed.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
        let is_id = matches!(token.len(), 32 | 36)
            && token.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
        let letters = token.chars().filter(|c| c.is_ascii_alphabetic()).count();
        // The tool's own name and the commands it tells a reader to run are typed as they are.
        let command = matches!(token, "steppe" | "init" | "enroll");
        if is_id || letters < 2 || command || args.iter().any(|a| a.contains(token)) {
            continue;
        }
        words.push(token.to_string());
    }
    words
}
