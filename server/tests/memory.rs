//! Token hashing must not grow the server's memory: a reconnect storm after a restart verifies
//! thousands of tokens. glibc's allocator kept most of every multi-MiB Argon2 buffer (RSS grew
//! ~1 MB per token); the server binary uses mimalloc, as this test does.

#![allow(clippy::unwrap_used)]

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS"))
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    kb / 1024.0
}

#[test]
fn issuing_and_verifying_tokens_keeps_memory_bounded() {
    let cache = steppe_server::auth::TokenCache::default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        // Warm up: the first hashes size the allocator's pools.
        for _ in 0..10 {
            cache.issue().await.unwrap();
        }
        let before = rss_mb();
        for _ in 0..150 {
            cache.issue().await.unwrap();
        }
        let grown = rss_mb() - before;
        assert!(grown < 48.0, "150 token hashes grew RSS by {grown:.1} MB");
    });
}
