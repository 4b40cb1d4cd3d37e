//! Administration: the organisation tree and people from the rosters (CSV), users with roles,
//! one-time enrollment codes, revocation. Records the server creates are ordinary documents
//! written by the server's own actor, so they sync and show in history like any other.

use std::collections::HashMap;
use std::io::Read;
use steppe_domain::command::Command;

use anyhow::{Context, Result, bail};
use automerge::ActorId;
use steppe_domain::authz::Role;
use steppe_domain::doc::RecordDoc;
use steppe_domain::org::{OrgKind, Organisation};
use steppe_domain::person::{MemberStatus, Person};
use steppe_domain::{Id, Record};

use crate::auth;
use crate::clock::now_ms;
use crate::projections;
use crate::storage::{Commit, DocUpdate, NewChange, Storage};
use crate::tree::Tree;

/// The server's own automerge actor (`system`), created once per database.
pub async fn server_actor(storage: &dyn Storage) -> Result<ActorId> {
    Ok(ActorId::from(crate::system::actor(storage).await?))
}

async fn store_new<R: Record>(
    storage: &dyn Storage,
    id: Id,
    record: &R,
    message: Command,
) -> Result<()> {
    let actor = server_actor(storage).await?;
    let mut doc = RecordDoc::create(id, record, actor.clone(), now_ms(), message.code())?;
    let changes = doc.changes_since(&[]);
    let commit = Commit {
        changes: changes
            .iter()
            .map(|c| NewChange {
                doc: *id.as_bytes(),
                hash: c.hash().0,
                actor: actor.to_bytes().to_vec(),
                bytes: c.raw_bytes().to_vec(),
            })
            .collect(),
        docs: vec![DocUpdate {
            doc: *id.as_bytes(),
            kind: R::KIND.as_str().to_string(),
            org: record.scope_org().to_string(),
        }],
        projections: projections::of(&doc),
    };
    storage.commit(commit).await?;
    Ok(())
}

pub async fn create_org(
    storage: &dyn Storage,
    name: &str,
    kind: OrgKind,
    parent: Option<Id>,
) -> Result<Id> {
    let parent = match parent {
        Some(p) => {
            let kind = storage
                .orgs()
                .await?
                .into_iter()
                .find(|(id, _, _)| *id == p.to_string())
                .and_then(|(_, _, k)| OrgKind::parse(&k));
            Some((
                p.to_string(),
                kind.context("parent organisation not found")?,
            ))
        }
        None => None,
    };
    let id = Id::new();
    let org = Organisation::new(id.to_string(), name.to_string(), kind, parent)?;
    store_new(storage, id, &org, Command::OrgCreate).await?;
    Ok(id)
}

/// A person who signs in: their member record with roles, and their user account.
pub async fn create_user(
    storage: &dyn Storage,
    name: &str,
    org: Id,
    status: MemberStatus,
    roles: &[(Id, Role)],
) -> Result<Id> {
    let tree = Tree::load(storage).await?;
    for o in std::iter::once(org).chain(roles.iter().map(|(o, _)| *o)) {
        if steppe_domain::authz::OrgTree::kind_of(&tree, &o.to_string()).is_none() {
            bail!("organisation {o} not found");
        }
    }
    let id = Id::new();
    let mut person = Person::new(name.to_string(), org.to_string(), status, None)?;
    for (o, role) in roles {
        person.grant(&o.to_string(), *role)?;
    }
    store_new(storage, id, &person, Command::PersonAdd).await?;
    storage.put_user(&id.to_string(), name).await?;
    Ok(id)
}

/// A one-time code the user types into the app to enroll a device.
pub async fn issue_code(storage: &dyn Storage, user: Id, ttl_hours: i64) -> Result<String> {
    Ok(auth::enroll::issue_code(storage, &user.to_string(), ttl_hours).await?)
}

/// Imports organisations from CSV with columns `key,name,kind,parent` — `parent` is the key of
/// an earlier row, an existing organisation id, or empty for a root. Returns key → id.
pub async fn import_orgs(storage: &dyn Storage, csv: impl Read) -> Result<HashMap<String, Id>> {
    let mut keys: HashMap<String, Id> = HashMap::new();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(csv);
    for (line, row) in reader.records().enumerate() {
        let row = row.with_context(|| format!("row {}", line + 2))?;
        let (key, name, kind, parent) = (
            row.get(0).unwrap_or(""),
            row.get(1).unwrap_or(""),
            row.get(2).unwrap_or(""),
            row.get(3).unwrap_or(""),
        );
        let kind = OrgKind::parse(kind)
            .with_context(|| format!("row {}: unknown kind '{kind}'", line + 2))?;
        let parent = if parent.is_empty() {
            None
        } else {
            Some(
                keys.get(parent)
                    .copied()
                    .or_else(|| Id::parse(parent).ok())
                    .with_context(|| format!("row {}: unknown parent '{parent}'", line + 2))?,
            )
        };
        let id = create_org(storage, name, kind, parent)
            .await
            .with_context(|| format!("row {}", line + 2))?;
        keys.insert(key.to_string(), id);
    }
    Ok(keys)
}

/// Imports people from CSV with columns `name,org,status,role` — `org` is an organisation id
/// (or a key from `orgs`), `role` optional (held on that organisation). Returns the user ids.
pub async fn import_people(
    storage: &dyn Storage,
    csv: impl Read,
    orgs: &HashMap<String, Id>,
) -> Result<Vec<Id>> {
    let mut out = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(csv);
    for (line, row) in reader.records().enumerate() {
        let row = row.with_context(|| format!("row {}", line + 2))?;
        let (name, org, status, role) = (
            row.get(0).unwrap_or(""),
            row.get(1).unwrap_or(""),
            row.get(2).unwrap_or("full"),
            row.get(3).unwrap_or(""),
        );
        let org = orgs
            .get(org)
            .copied()
            .or_else(|| Id::parse(org).ok())
            .with_context(|| format!("row {}: unknown organisation '{org}'", line + 2))?;
        let status = MemberStatus::parse(status)
            .with_context(|| format!("row {}: unknown status '{status}'", line + 2))?;
        let mut roles = vec![(org, Role::Member)];
        if !role.is_empty() {
            roles.push((
                org,
                Role::parse(role)
                    .with_context(|| format!("row {}: unknown role '{role}'", line + 2))?,
            ));
        }
        out.push(
            create_user(storage, name, org, status, &roles)
                .await
                .with_context(|| format!("row {}", line + 2))?,
        );
    }
    Ok(out)
}
