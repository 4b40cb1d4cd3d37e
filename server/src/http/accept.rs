//! Accepting connections: each client's open connections counted, those over its cap closed
//! before TLS or HTTP costs anything.

use std::collections::HashMap;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use axum_server::accept::Accept;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use super::ConnectionLimits;

/// The key under which a client's connections are counted. An IPv6 client gets a whole /64 from
/// any provider, so counting single v6 addresses would cap nothing.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        v4 => v4,
    }
}

/// Counts open connections per client and closes those over the cap as they are accepted
/// (before TLS or HTTP costs anything). Also sets `TCP_NODELAY`, as axum-server's
/// `NoDelayAcceptor` did.
#[derive(Debug, Clone)]
pub(super) struct PerClientAcceptor {
    cap: usize,
    exempt_loopback: bool,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl PerClientAcceptor {
    pub(super) fn new(limits: &ConnectionLimits) -> Self {
        Self {
            cap: limits.per_address.max(1),
            exempt_loopback: limits.exempt_loopback,
            open: Arc::default(),
        }
    }

    fn admit(&self, stream: TcpStream) -> std::io::Result<Counted> {
        stream.set_nodelay(true)?;
        let ip = stream.peer_addr()?.ip().to_canonical();
        // Checked before `client_key`, which would turn ::1 into ::/64.
        if self.exempt_loopback && ip.is_loopback() {
            return Ok(Counted {
                stream,
                _slot: None,
            });
        }
        let client = client_key(ip);
        {
            let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
            let n = open.entry(client).or_insert(0);
            if *n >= self.cap {
                metrics::counter!("steppe_connections_refused_total").increment(1);
                tracing::debug!(%client, cap = self.cap, "too many connections; closed");
                // Dropping the stream closes it.
                return Err(std::io::Error::other(
                    "too many connections from this client",
                ));
            }
            *n += 1;
        }
        let slot = Slot {
            client,
            open: self.open.clone(),
        };
        Ok(Counted {
            stream,
            _slot: Some(slot),
        })
    }
}

impl<S> Accept<TcpStream, S> for PerClientAcceptor {
    type Stream = Counted;
    type Service = S;
    type Future = std::future::Ready<std::io::Result<(Counted, S)>>;

    fn accept(&self, stream: TcpStream, service: S) -> Self::Future {
        std::future::ready(self.admit(stream).map(|s| (s, service)))
    }
}

/// One counted connection; released when the connection's stream is dropped, however it ends.
#[derive(Debug)]
struct Slot {
    client: IpAddr,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(&self.client) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                // Forget idle clients, or the map grows with every address ever seen.
                open.remove(&self.client);
            }
        }
    }
}

/// A TCP stream holding its client's slot, if its client is counted.
#[derive(Debug)]
pub(super) struct Counted {
    stream: TcpStream,
    _slot: Option<Slot>,
}

impl AsyncRead for Counted {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}
