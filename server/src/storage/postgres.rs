//! PostgreSQL, for regions that outgrow one machine: several server instances share one
//! database. Writes serialise on a transaction-scoped advisory lock, so positions become
//! visible in the order they were assigned and a reader's cursor can never skip a change that
//! commits later with a smaller position.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use steppe_protocol::ActorEntry;
use tokio_postgres::NoTls;

use super::*;

const MIGRATE_LOCK: i64 = 0x5354_4550_0001;
const WRITE_LOCK: i64 = 0x5354_4550_0002;

#[derive(Clone)]
pub struct PostgresStorage {
    pool: Pool,
}

impl std::fmt::Debug for PostgresStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStorage").finish_non_exhaustive()
    }
}

fn pool_err(e: impl std::fmt::Display) -> StorageError {
    StorageError::Pool(e.to_string())
}

/// A user from `SELECT id, name, revoked`.
fn user_row(r: &tokio_postgres::Row) -> UserRecord {
    UserRecord {
        id: r.get(0),
        name: r.get(1),
        revoked: r.get(2),
    }
}

fn doc_id(v: Vec<u8>) -> Result<DocId> {
    v.try_into()
        .map_err(|_| StorageError::Inconsistent("document id length".into()))
}

/// libpq's TLS parameters, taken out of a connection URL: tokio-postgres knows `sslmode` only as
/// disable, prefer or require, and no `sslrootcert`, and it leaves verifying the server to the
/// connector.
///
/// `require`, `verify-ca` and `verify-full` all mean TLS with the certificate and the host name
/// verified. libpq's `require` alone would accept any certificate, which protects the password
/// from a passive listener only; verifying everything is not weaker than what was asked for.
/// `disable` and `prefer` (the default) connect without TLS, as before: `prefer`'s fallback to
/// plaintext would defeat any verification anyway.
#[derive(Debug, PartialEq, Eq)]
struct TlsSettings {
    /// The URL as tokio-postgres accepts it.
    url: String,
    tls: bool,
    /// Trust only the CA certificates in this PEM file; otherwise the system's.
    root_cert: Option<PathBuf>,
}

impl TlsSettings {
    fn from_url(url: &str) -> Result<Self> {
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut kept = Vec::new();
        let mut tls = false;
        let mut root_cert = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "sslmode" => match value {
                    "require" | "verify-ca" | "verify-full" => {
                        tls = true;
                        kept.push("sslmode=require".to_owned());
                    }
                    "disable" | "prefer" => kept.push(pair.to_owned()),
                    // Never echo the URL: it may hold the password.
                    other => {
                        return Err(StorageError::Pool(format!(
                            "sslmode={other} is not supported (disable, prefer, require, \
                             verify-ca, verify-full)"
                        )));
                    }
                },
                "sslrootcert" => {
                    let path = percent_decode(value)?;
                    // libpq 16's spelling for the system's roots, the default here anyway.
                    if path != "system" {
                        root_cert = Some(PathBuf::from(path));
                    }
                }
                _ => kept.push(pair.to_owned()),
            }
        }
        if root_cert.is_some() && !tls {
            return Err(StorageError::Pool(
                "sslrootcert needs sslmode=require, verify-ca or verify-full".into(),
            ));
        }
        let url = if kept.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        Ok(Self {
            url,
            tls,
            root_cert,
        })
    }
}

fn percent_decode(value: &str) -> Result<String> {
    let bad = || StorageError::Pool("sslrootcert: bad percent-encoding".into());
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value.get(i + 1..i + 3).ok_or_else(bad)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| bad())
}

/// A rustls connector that verifies the server against `root_cert`'s CAs, or the system's.
fn tls_connector(root_cert: Option<&Path>) -> Result<tokio_postgres_rustls::MakeRustlsConnect> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;

    let tls_err = |what: String| StorageError::Pool(format!("TLS to PostgreSQL: {what}"));
    let mut roots = rustls::RootCertStore::empty();
    match root_cert {
        Some(path) => {
            let certs = CertificateDer::pem_file_iter(path)
                .and_then(|certs| certs.collect::<std::result::Result<Vec<_>, _>>())
                .map_err(|e| tls_err(format!("sslrootcert {}: {e}", path.display())))?;
            for cert in certs {
                roots
                    .add(cert)
                    .map_err(|e| tls_err(format!("sslrootcert {}: {e}", path.display())))?;
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            roots.add_parsable_certificates(found.certs);
        }
    }
    if roots.is_empty() {
        return Err(tls_err(
            "no CA certificates to verify the server with".into(),
        ));
    }
    // The provider named, not the process default: other crates in the build enable others, and
    // rustls refuses to guess between them.
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| tls_err(e.to_string()))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

impl PostgresStorage {
    /// Connects to `url`, a `postgres://` URL; `sslmode=require`, `verify-ca` or `verify-full`
    /// selects TLS (see [`TlsSettings`]).
    pub async fn connect(url: &str) -> Result<Self> {
        let pool = Self::pool(url)?;
        let mut client = pool.get().await.map_err(pool_err)?;
        client
            .execute("SELECT pg_advisory_lock($1)", &[&MIGRATE_LOCK])
            .await?;
        let migrated = migrations::postgres_migrate(&mut client).await;
        client
            .execute("SELECT pg_advisory_unlock($1)", &[&MIGRATE_LOCK])
            .await?;
        migrated?;
        Ok(Self { pool })
    }

    /// The schema versions `connect` would apply to the database at `url`, applying nothing.
    pub async fn pending(url: &str) -> Result<Vec<migrations::Step>> {
        let pool = Self::pool(url)?;
        let mut client = pool.get().await.map_err(pool_err)?;
        migrations::postgres_pending(&mut client).await
    }

    fn pool(url: &str) -> Result<Pool> {
        let settings = TlsSettings::from_url(url)?;
        let config: tokio_postgres::Config = settings.url.parse()?;
        let manager_config = || ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        };
        let manager = if settings.tls {
            let tls = tls_connector(settings.root_cert.as_deref())?;
            Manager::from_config(config, tls, manager_config())
        } else {
            Manager::from_config(config, NoTls, manager_config())
        };
        Pool::builder(manager)
            .max_size(16)
            .build()
            .map_err(pool_err)
    }

    async fn client(&self) -> Result<deadpool_postgres::Object> {
        self.pool.get().await.map_err(pool_err)
    }
}

#[async_trait]
impl Storage for PostgresStorage {
    async fn doc_changes(&self, doc: DocId) -> Result<Vec<Vec<u8>>> {
        let c = self.client().await?;
        let rows = c
            .query(
                "SELECT bytes FROM changes WHERE doc = $1 ORDER BY seq",
                &[&&doc[..]],
            )
            .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    async fn doc_scope(&self, doc: DocId) -> Result<Option<(String, String)>> {
        let c = self.client().await?;
        let row = c
            .query_opt("SELECT kind, org FROM docs WHERE id = $1", &[&&doc[..]])
            .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    async fn known(&self, hashes: Vec<Hash>) -> Result<HashSet<Hash>> {
        let c = self.client().await?;
        let list: Vec<Vec<u8>> = hashes.iter().map(|h| h.to_vec()).collect();
        let rows = c
            .query("SELECT hash FROM changes WHERE hash = ANY($1)", &[&list])
            .await?;
        Ok(rows
            .iter()
            .filter_map(|r| r.get::<_, Vec<u8>>(0).try_into().ok())
            .collect())
    }

    async fn commit(&self, commit: Commit) -> Result<u64> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .await?;
        for ch in &commit.changes {
            tx.execute(
                "INSERT INTO changes(doc, hash, actor, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING",
                &[&&ch.doc[..], &&ch.hash[..], &ch.actor, &ch.bytes],
            )
            .await?;
        }
        for d in &commit.docs {
            tx.execute(
                "INSERT INTO docs(id, kind, org) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, org = EXCLUDED.org",
                &[&&d.doc[..], &d.kind, &d.org],
            )
            .await?;
        }
        for p in &commit.projections {
            match p {
                Projection::Org { id, parent, kind } => {
                    tx.execute(
                        "INSERT INTO orgs(id, parent, kind) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET parent = EXCLUDED.parent, kind = EXCLUDED.kind",
                        &[id, parent, kind],
                    )
                    .await?;
                }
                Projection::Grants { person, grants } => {
                    tx.execute("DELETE FROM grants WHERE person = $1", &[person])
                        .await?;
                    for (org, role) in grants {
                        tx.execute("INSERT INTO grants(person, org, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", &[person, org, role]).await?;
                    }
                }
            }
        }
        let head: i64 = tx
            .query_one("SELECT COALESCE(MAX(seq), 0) FROM changes", &[])
            .await?
            .get(0);
        tx.commit().await?;
        Ok(head as u64)
    }

    async fn page(
        &self,
        cursor: u64,
        scope: &Scope,
        exclude_actor: &[u8],
        max_bytes: usize,
        max_changes: usize,
    ) -> Result<Page> {
        let mut c = self.client().await?;
        let tx = c
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await?;
        let head: i64 = tx
            .query_one("SELECT COALESCE(MAX(seq), 0) FROM changes", &[])
            .await?
            .get(0);
        if cursor as i64 >= head {
            tx.commit().await?;
            return cut_page(
                std::iter::empty(),
                cursor,
                head as u64,
                max_bytes,
                max_changes,
            );
        }
        let rows = tx
            .query(
                "SELECT c.seq, c.doc, c.actor, c.bytes FROM changes c JOIN docs d ON d.id = c.doc
                 WHERE c.seq > $1 AND c.seq <= $2 AND c.actor <> $3
                   AND (d.org = ANY($4) OR (d.org = ANY($5) AND d.kind = ANY($6)) OR c.doc = $8)
                 ORDER BY c.seq LIMIT $7",
                &[
                    &(cursor as i64),
                    &head,
                    &exclude_actor,
                    &scope.readable,
                    &scope.published,
                    &scope.published_kinds,
                    &((max_changes + 1) as i64),
                    &super::person_doc(scope),
                ],
            )
            .await?;
        tx.commit().await?;
        let rows = rows.into_iter().map(|r| {
            Ok(PageChange {
                seq: r.get::<_, i64>(0) as u64,
                doc: doc_id(r.get(1))?,
                actor: r.get(2),
                bytes: r.get(3),
            })
        });
        cut_page(rows, cursor, head as u64, max_bytes, max_changes)
    }

    async fn head(&self) -> Result<u64> {
        let c = self.client().await?;
        Ok(
            c.query_one("SELECT COALESCE(MAX(seq), 0) FROM changes", &[])
                .await?
                .get::<_, i64>(0) as u64,
        )
    }

    async fn orgs(&self) -> Result<Vec<(String, Option<String>, String)>> {
        let c = self.client().await?;
        Ok(c.query("SELECT id, parent, kind FROM orgs", &[])
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }

    async fn grants(&self, user: &str) -> Result<Vec<(String, String)>> {
        let c = self.client().await?;
        Ok(c.query(
            "SELECT org, role FROM grants WHERE person = $1 ORDER BY org, role",
            &[&user],
        )
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect())
    }

    async fn put_user(&self, id: &str, name: &str) -> Result<()> {
        let c = self.client().await?;
        c.execute("INSERT INTO users(id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name", &[&id, &name]).await?;
        Ok(())
    }

    async fn user(&self, id: &str) -> Result<Option<UserRecord>> {
        let c = self.client().await?;
        Ok(
            c.query_opt("SELECT id, name, revoked FROM users WHERE id = $1", &[&id])
                .await?
                .map(|r| user_row(&r)),
        )
    }

    async fn find_users(&self, who: &str) -> Result<Vec<UserRecord>> {
        let c = self.client().await?;
        let rows = c
            .query(
                "SELECT id, name, revoked FROM users WHERE id = $1 OR name = $1 ORDER BY id",
                &[&who],
            )
            .await?;
        Ok(rows.iter().map(user_row).collect())
    }

    async fn user_lang(&self, user: &str) -> Result<Option<String>> {
        let c = self.client().await?;
        Ok(
            c.query_opt("SELECT lang FROM users WHERE id = $1", &[&user])
                .await?
                .and_then(|r| r.get::<_, Option<String>>(0)),
        )
    }

    async fn set_user_lang(&self, user: &str, lang: &str) -> Result<()> {
        let c = self.client().await?;
        c.execute("UPDATE users SET lang = $2 WHERE id = $1", &[&user, &lang])
            .await?;
        Ok(())
    }

    async fn set_password(&self, user: &str, hash: &str) -> Result<()> {
        let c = self.client().await?;
        c.execute(
            "INSERT INTO web_passwords(user_id, hash) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET hash = EXCLUDED.hash",
            &[&user, &hash],
        )
        .await?;
        Ok(())
    }

    async fn password(&self, user: &str) -> Result<Option<String>> {
        let c = self.client().await?;
        let row = c
            .query_opt(
                "SELECT hash FROM web_passwords WHERE user_id = $1",
                &[&user],
            )
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    async fn revoke_user(&self, id: &str) -> Result<bool> {
        let c = self.client().await?;
        let n = c
            .execute("UPDATE users SET revoked = TRUE WHERE id = $1", &[&id])
            .await?;
        c.execute(
            "UPDATE devices SET revoked = TRUE, revoked_at = COALESCE(revoked_at, (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT)
             WHERE user_id = $1",
            &[&id],
        )
        .await?;
        Ok(n > 0)
    }

    async fn put_code(&self, code_hash: Hash, user: &str, expires_at_ms: i64) -> Result<()> {
        let c = self.client().await?;
        c.execute(
            "INSERT INTO codes(hash, user_id, expires_at) VALUES ($1, $2, $3)",
            &[&&code_hash[..], &user, &expires_at_ms],
        )
        .await?;
        Ok(())
    }

    async fn take_code(&self, code_hash: Hash, now_ms: i64) -> Result<Option<String>> {
        let c = self.client().await?;
        let row = c
            .query_opt("UPDATE codes SET used = TRUE WHERE hash = $1 AND NOT used AND expires_at > $2 RETURNING user_id", &[&&code_hash[..], &now_ms])
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    async fn put_device(&self, d: &DeviceRecord) -> Result<()> {
        let c = self.client().await?;
        c.execute(
            "INSERT INTO devices(id, user_id, name, actor, token_hash, revoked) VALUES ($1, $2, $3, $4, $5, $6)",
            &[&d.id, &d.user_id, &d.name, &d.actor, &d.token_hash, &d.revoked],
        )
        .await?;
        Ok(())
    }

    async fn device(&self, id: &str) -> Result<Option<DeviceRecord>> {
        let c = self.client().await?;
        Ok(c.query_opt(
            "SELECT id, user_id, name, actor, token_hash, revoked FROM devices WHERE id = $1",
            &[&id],
        )
        .await?
        .map(|r| DeviceRecord {
            id: r.get(0),
            user_id: r.get(1),
            name: r.get(2),
            actor: r.get(3),
            token_hash: r.get(4),
            revoked: r.get(5),
        }))
    }

    async fn revoke_device(&self, id: &str) -> Result<bool> {
        let c = self.client().await?;
        Ok(
            c.execute(
                "UPDATE devices SET revoked = TRUE, revoked_at = COALESCE(revoked_at, (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT)
                 WHERE id = $1",
                &[&id],
            )
            .await?
                > 0,
        )
    }

    async fn actors(&self, actors: Vec<Vec<u8>>) -> Result<Vec<ActorEntry>> {
        let c = self.client().await?;
        let server_actor: Option<String> = c
            .query_opt("SELECT value FROM meta WHERE key = 'server_actor'", &[])
            .await?
            .map(|r| r.get(0));
        let rows = c
            .query("SELECT d.actor, d.user_id, u.name, d.id, d.name FROM devices d JOIN users u ON u.id = d.user_id WHERE d.actor = ANY($1)", &[&actors])
            .await?;
        let mut out: Vec<ActorEntry> = rows
            .iter()
            .map(|r| ActorEntry {
                actor: r.get(0),
                user_id: r.get(1),
                user_name: r.get(2),
                device_id: r.get(3),
                device_name: r.get(4),
            })
            .collect();
        if let Some(server) = server_actor.and_then(|s| hex::decode(s).ok())
            && actors.contains(&server)
            && !out.iter().any(|e| e.actor == server)
        {
            out.push(crate::system::entry(server));
        }
        Ok(out)
    }

    async fn meta(&self, key: &str) -> Result<Option<String>> {
        let c = self.client().await?;
        Ok(
            c.query_opt("SELECT value FROM meta WHERE key = $1", &[&key])
                .await?
                .map(|r| r.get(0)),
        )
    }

    async fn put_meta(&self, key: &str, value: &str) -> Result<()> {
        let c = self.client().await?;
        c.execute(
            "INSERT INTO meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&key, &value],
        )
        .await?;
        Ok(())
    }

    async fn init_meta(&self, key: &str, value: &str) -> Result<String> {
        let c = self.client().await?;
        c.execute(
            "INSERT INTO meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            &[&key, &value],
        )
        .await?;
        Ok(
            c.query_one("SELECT value FROM meta WHERE key = $1", &[&key])
                .await?
                .get(0),
        )
    }

    async fn register_device_key(&self, device: &str, key: &[u8]) -> Result<Vec<u8>> {
        let c = self.client().await?;
        c.execute(
            "INSERT INTO device_keys(device_id, public_key) VALUES ($1, $2) ON CONFLICT (device_id) DO NOTHING",
            &[&device, &key],
        )
        .await?;
        Ok(c.query_one(
            "SELECT public_key FROM device_keys WHERE device_id = $1",
            &[&device],
        )
        .await?
        .get(0))
    }

    async fn revoked_devices(&self, after: i64) -> Result<Vec<String>> {
        let c = self.client().await?;
        Ok(c.query(
            "SELECT d.id FROM devices d LEFT JOIN users u ON u.id = d.user_id
                 WHERE (d.revoked OR COALESCE(u.revoked, FALSE))
                   AND (d.revoked_at IS NULL OR d.revoked_at > $1)
                 ORDER BY d.id",
            &[&after],
        )
        .await?
        .into_iter()
        .map(|r| r.get(0))
        .collect())
    }

    async fn device_key(&self, device: &str) -> Result<Option<Vec<u8>>> {
        let c = self.client().await?;
        Ok(c.query_opt(
            "SELECT public_key FROM device_keys WHERE device_id = $1",
            &[&device],
        )
        .await?
        .map(|r| r.get(0)))
    }

    async fn put_session(&self, session: &StoredSession, now_ms: i64) -> Result<()> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        tx.execute(
            "DELETE FROM web_sessions WHERE expires_at <= $1",
            &[&now_ms],
        )
        .await?;
        tx.execute(
            "INSERT INTO web_sessions(id_hash, user_id, user_name, csrf, expires_at) VALUES ($1, $2, $3, $4, $5)",
            &[&&session.id_hash[..], &session.user_id, &session.user_name, &session.csrf, &session.expires_at],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session(&self, id_hash: Hash, now_ms: i64) -> Result<Option<StoredSession>> {
        let c = self.client().await?;
        let row = c
            .query_opt(
                "SELECT user_id, user_name, csrf, expires_at FROM web_sessions WHERE id_hash = $1 AND expires_at > $2",
                &[&&id_hash[..], &now_ms],
            )
            .await?;
        Ok(row.map(|r| StoredSession {
            id_hash,
            user_id: r.get(0),
            user_name: r.get(1),
            csrf: r.get(2),
            expires_at: r.get(3),
        }))
    }

    async fn extend_session(&self, id_hash: Hash, expires_at: i64) -> Result<()> {
        let c = self.client().await?;
        c.execute(
            "UPDATE web_sessions SET expires_at = $2 WHERE id_hash = $1",
            &[&&id_hash[..], &expires_at],
        )
        .await?;
        Ok(())
    }

    async fn end_session(&self, id_hash: Hash) -> Result<()> {
        let c = self.client().await?;
        c.execute(
            "DELETE FROM web_sessions WHERE id_hash = $1",
            &[&&id_hash[..]],
        )
        .await?;
        Ok(())
    }

    async fn end_sessions(&self, user: Option<&str>) -> Result<()> {
        let c = self.client().await?;
        c.execute(
            "DELETE FROM web_sessions WHERE $1::TEXT IS NULL OR user_id = $1::TEXT",
            &[&user],
        )
        .await?;
        Ok(())
    }

    async fn device_seen(&self, device: &str, at_ms: i64) -> Result<()> {
        let c = self.client().await?;
        c.execute(
            "UPDATE devices SET last_seen = $2::BIGINT WHERE id = $1 AND (last_seen IS NULL OR last_seen <= $2::BIGINT - $3::BIGINT)",
            &[&device, &at_ms, &SEEN_EVERY_MS],
        )
        .await?;
        Ok(())
    }

    async fn devices(&self) -> Result<Vec<DeviceListing>> {
        let c = self.client().await?;
        let rows = c
            .query(
                "SELECT d.id, d.user_id, COALESCE(u.name, ''), d.name, d.revoked, d.last_seen
                   FROM devices d LEFT JOIN users u ON u.id = d.user_id
                  ORDER BY u.name, d.name, d.id",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| DeviceListing {
                id: r.get(0),
                user_id: r.get(1),
                user_name: r.get(2),
                name: r.get(3),
                revoked: r.get(4),
                last_seen: r.get(5),
            })
            .collect())
    }

    async fn docs_of_kind(&self, kind: &str) -> Result<Vec<DocId>> {
        let c = self.client().await?;
        let rows = c
            .query("SELECT id FROM docs WHERE kind = $1 ORDER BY id", &[&kind])
            .await?;
        rows.into_iter().map(|r| doc_id(r.get(0))).collect()
    }

    async fn users(&self) -> Result<Vec<UserRecord>> {
        let c = self.client().await?;
        let rows = c
            .query("SELECT id, name, revoked FROM users ORDER BY name, id", &[])
            .await?;
        Ok(rows.iter().map(user_row).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_parameters_are_taken_out_of_the_url() {
        let plain = TlsSettings::from_url("postgres://u:pw@db/steppe").unwrap();
        assert_eq!(plain.url, "postgres://u:pw@db/steppe");
        assert!(!plain.tls);

        for mode in ["require", "verify-ca", "verify-full"] {
            let s = TlsSettings::from_url(&format!(
                "postgres://u:pw@db/steppe?connect_timeout=5&sslmode={mode}&sslrootcert=%2Fetc%2Fpg%20ca.pem"
            ))
            .unwrap();
            assert!(s.tls, "{mode}");
            assert_eq!(
                s.url,
                "postgres://u:pw@db/steppe?connect_timeout=5&sslmode=require"
            );
            assert_eq!(s.root_cert, Some(PathBuf::from("/etc/pg ca.pem")));
            // What is left parses, so tokio-postgres negotiates TLS.
            let config: tokio_postgres::Config = s.url.parse().unwrap();
            assert_eq!(
                config.get_ssl_mode(),
                tokio_postgres::config::SslMode::Require
            );
        }

        let system =
            TlsSettings::from_url("postgres://db/steppe?sslmode=verify-full&sslrootcert=system")
                .unwrap();
        assert_eq!(system.root_cert, None);
        assert!(system.tls);
    }

    #[test]
    fn unsupported_tls_parameters_are_refused_without_echoing_the_url() {
        let err = TlsSettings::from_url("postgres://u:secret@db/steppe?sslmode=allow")
            .unwrap_err()
            .to_string();
        assert!(err.contains("sslmode=allow"), "{err}");
        assert!(!err.contains("secret"), "{err}");
        assert!(TlsSettings::from_url("postgres://db/s?sslrootcert=/ca.pem").is_err());
        assert!(TlsSettings::from_url("postgres://db/s?sslmode=require&sslrootcert=%zz").is_err());
    }

    #[test]
    fn a_root_certificate_file_that_is_not_pem_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, "not a certificate").unwrap();
        assert!(tls_connector(Some(&path)).is_err());
        assert!(tls_connector(Some(&dir.path().join("missing.pem"))).is_err());
    }
}
