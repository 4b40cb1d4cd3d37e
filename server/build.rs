//! Rebuilds the server when a schema version is added: refinery's `embed_migrations!` reads
//! `migrations/` while the crate compiles, and cargo would not otherwise notice a new file there.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
