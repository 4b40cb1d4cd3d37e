//! A link-shaping TCP proxy on 127.0.0.1: bandwidth, one-way delay and segment loss per
//! direction, counting every byte that crosses it. Loss is modelled as TCP sees it from above:
//! a lost 1460-byte segment arrives one retransmission timeout (an RTT + 200 ms) late.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rand::Rng;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

#[derive(Debug, Clone, Copy)]
pub struct Link {
    pub name: &'static str,
    pub down_kbps: f64,
    pub up_kbps: f64,
    pub down_delay_ms: u64,
    pub up_delay_ms: u64,
    pub loss: f64,
}

/// Facebook's Augmented Traffic Control presets (`utils/profiles/Edge-Average.json` and
/// `2G-DevelopingRural.json`), so figures compare with others measured on the same links.
pub const EDGE: Link = Link {
    name: "edge",
    down_kbps: 240.0,
    up_kbps: 200.0,
    down_delay_ms: 400,
    up_delay_ms: 440,
    loss: 0.0,
};
pub const RURAL_2G: Link = Link {
    name: "2g",
    down_kbps: 20.0,
    up_kbps: 18.0,
    down_delay_ms: 650,
    up_delay_ms: 650,
    loss: 0.02,
};

impl Link {
    pub fn rtt(&self) -> Duration {
        Duration::from_millis(self.down_delay_ms + self.up_delay_ms)
    }

    /// Time a transfer of these sizes in `round_trips` exchanges takes on this link, for
    /// protocols measured in bytes only (the baselines): serialisation plus delay plus expected loss.
    pub fn model_seconds(&self, up: u64, down: u64, round_trips: u64) -> f64 {
        let ser = up as f64 * 8.0 / (self.up_kbps * 1000.0)
            + down as f64 * 8.0 / (self.down_kbps * 1000.0);
        let segments = (up + down).div_ceil(1460) as f64;
        let loss = segments * self.loss * (self.rtt().as_secs_f64() + 0.2);
        ser + round_trips as f64 * self.rtt().as_secs_f64() + loss
    }
}

#[derive(Debug)]
pub struct Proxy {
    pub addr: SocketAddr,
    pub up: Arc<AtomicU64>,
    pub down: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    pub fn take(&self) -> (u64, u64) {
        (
            self.up.swap(0, Ordering::SeqCst),
            self.down.swap(0, Ordering::SeqCst),
        )
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub async fn start(target: SocketAddr, link: Link) -> std::io::Result<Proxy> {
    start_cutting(target, link, None).await
}

/// A proxy whose first connection is dropped once `cut_down_after` bytes have gone down it
/// (a link lost in the middle of a response); later connections pass whole.
pub async fn start_cutting(
    target: SocketAddr,
    link: Link,
    cut_down_after: Option<u64>,
) -> std::io::Result<Proxy> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let up = Arc::new(AtomicU64::new(0));
    let down = Arc::new(AtomicU64::new(0));
    let (u, d) = (up.clone(), down.clone());
    let task = tokio::spawn(async move {
        let mut cut = cut_down_after;
        while let Ok((client, _)) = listener.accept().await {
            let Ok(server) = TcpStream::connect(target).await else {
                continue;
            };
            let (cr, cw) = client.into_split();
            let (sr, sw) = server.into_split();
            tokio::spawn(pump(
                cr,
                sw,
                link.up_kbps,
                link.up_delay_ms,
                link,
                u.clone(),
                None,
            ));
            tokio::spawn(pump(
                sr,
                cw,
                link.down_kbps,
                link.down_delay_ms,
                link,
                d.clone(),
                cut.take(),
            ));
        }
    });
    Ok(Proxy {
        addr,
        up,
        down,
        task,
    })
}

async fn pump(
    mut from: impl AsyncReadExt + Unpin,
    mut to: impl AsyncWriteExt + Unpin + Send + 'static,
    kbps: f64,
    delay_ms: u64,
    link: Link,
    counter: Arc<AtomicU64>,
    cut_after: Option<u64>,
) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
    let writer = tokio::spawn(async move {
        while let Some((due, bytes)) = rx.recv().await {
            tokio::time::sleep_until(due).await;
            if to.write_all(&bytes).await.is_err() {
                return;
            }
        }
        let _ = to.shutdown().await;
    });
    let mut line_free = Instant::now();
    let mut last_due = Instant::now();
    let mut buf = vec![0u8; 16 * 1024];
    let mut left = cut_after.unwrap_or(u64::MAX);
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        // Past the cut, the rest of what the server sent never arrives, and the connection
        // closes under the client.
        let n = n.min(usize::try_from(left).unwrap_or(usize::MAX));
        left -= n as u64;
        counter.fetch_add(n as u64, Ordering::Relaxed);
        for seg in buf[..n].chunks(1460) {
            let now = Instant::now();
            let start = line_free.max(now);
            line_free = start + Duration::from_secs_f64(seg.len() as f64 * 8.0 / (kbps * 1000.0));
            let mut due = line_free + Duration::from_millis(delay_ms);
            if link.loss > 0.0 && rand::rng().random_bool(link.loss) {
                due += link.rtt() + Duration::from_millis(200);
            }
            // TCP delivers in order: a late segment holds back the ones behind it.
            due = due.max(last_due);
            last_due = due;
            if tx.send((due, seg.to_vec())).is_err() {
                break;
            }
        }
        if left == 0 {
            break;
        }
    }
    drop(tx);
    let _ = writer.await;
}
