//! When to stop serving: Ctrl-C (SIGINT) or, on Unix, SIGTERM — what systemd and container
//! runtimes send. Either starts the same graceful stop (`Running::shutdown`): no new
//! connections, in-flight syncs finish (bounded), then the process exits 0.

/// Waits for a stop signal and names it.
pub async fn signal() -> std::io::Result<&'static str> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        tokio::select! {
            _ = term.recv() => Ok("SIGTERM"),
            _ = int.recv() => Ok("SIGINT"),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await?;
        Ok("Ctrl-C")
    }
}
