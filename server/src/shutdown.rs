//! What the process is told by signals: stop serving — Ctrl-C (SIGINT) or, on Unix, SIGTERM,
//! what systemd and container runtimes send — or reload the TLS certificate (SIGHUP, what
//! `systemctl reload` and certificate renewal hooks send). A stop starts the graceful drain
//! (`Running::shutdown`): no new connections, in-flight syncs finish (bounded), exit 0.

/// What a signal asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Stop, named by the signal that asked.
    Stop(&'static str),
    /// Read the TLS certificate and key again.
    Reload,
}

/// The signals the server listens to, registered once: SIGHUP's default would end the process.
#[derive(Debug)]
pub struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    pub fn listen() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                term: signal(SignalKind::terminate())?,
                int: signal(SignalKind::interrupt())?,
                hup: signal(SignalKind::hangup())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    /// Waits for the next signal.
    pub async fn next(&mut self) -> std::io::Result<Signal> {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.term.recv() => Ok(Signal::Stop("SIGTERM")),
                _ = self.int.recv() => Ok(Signal::Stop("SIGINT")),
                _ = self.hup.recv() => Ok(Signal::Reload),
            }
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c().await?;
            Ok(Signal::Stop("Ctrl-C"))
        }
    }
}
