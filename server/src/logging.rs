//! How the server's binaries log: one line an event on stderr, filtered by `RUST_LOG` (`info`
//! unless set), panics included. `STEPPE_LOG_FORMAT=json` makes each line a JSON object (for a
//! log shipper: Loki, Elasticsearch, journald's JSON export), the request's span fields —
//! method, path, device — included.

/// Installs the log subscriber and the panic hook. Once per process, first thing in `main`.
pub fn init() {
    let filter =
        || tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let json = std::env::var("STEPPE_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    if json {
        tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter())
            .with_writer(std::io::stderr)
            .init();
    } else {
        tracing_subscriber::fmt()
            .with_env_filter(filter())
            .with_writer(std::io::stderr)
            // Colour on a terminal only: under systemd or a container runtime the log is a file.
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init();
    }
    log_panics();
}

/// Replaces the default panic output (several lines, a backtrace hint, not in the log's format)
/// with one `error` line: the server catches panics where hostile input can cause them (automerge
/// on a peer's bytes) and carries on, so each should cost one line in the log, not a page.
pub fn log_panics() {
    std::panic::set_hook(Box::new(|info| {
        // `PanicHookInfo::payload_as_str` would do, but is newer than the workspace's MSRV.
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(no message)");
        let location = info
            .location()
            .map_or_else(|| "unknown".to_owned(), |l| l.to_string());
        let thread = std::thread::current();
        tracing::error!(
            thread = thread.name().unwrap_or("unnamed"),
            %location,
            "panic: {message}"
        );
    }));
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Captured {
            self.clone()
        }
    }

    #[test]
    fn a_caught_panic_logs_one_error_line() {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(captured.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            super::log_panics();
            // A formatted message (a `String` payload), then a literal one (`&str`).
            let formatted = std::panic::catch_unwind(|| panic!("hostile change {}", 42));
            let literal = std::panic::catch_unwind(|| std::panic::panic_any("hostile literal"));
            drop(std::panic::take_hook());
            assert!(formatted.is_err() && literal.is_err());
        });
        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = log.lines().collect();
        assert_eq!(lines.len(), 2, "{log}");
        assert!(lines[0].contains("panic: hostile change 42"), "{log}");
        assert!(lines[1].contains("panic: hostile literal"), "{log}");
        for line in lines {
            assert!(line.contains("ERROR"), "{log}");
            assert!(line.contains("logging.rs:"), "{log}");
        }
        assert!(!log.contains("backtrace"), "{log}");
    }
}
