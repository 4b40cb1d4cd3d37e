//! Administration: organisations and users with roles (rosters are imported by `roster`),
//! one-time enrollment codes, revocation. Records the server creates are ordinary documents
//! written by the server's own actor, so they sync and show in history like any other.

use steppe_domain::command::Command;

use anyhow::Result;
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

/// An id an operator gave that names nothing here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotFound {
    #[error("organisation {0} not found")]
    Org(Id),
    #[error("no user {0}")]
    User(Id),
}

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
    let mut commit = Commit::default();
    add_new_record(&mut commit, &actor, id, record, message, now_ms())?;
    storage.commit(commit).await?;
    Ok(())
}

/// Adds a new record, written by the server's `actor`, to `commit`: its first change, its
/// document's kind and scope, and the server's projections of it.
pub(crate) fn add_new_record<R: Record>(
    commit: &mut Commit,
    actor: &ActorId,
    id: Id,
    record: &R,
    message: Command,
    now: i64,
) -> Result<()> {
    let mut doc = RecordDoc::create(id, record, actor.clone(), now, message.code())?;
    let changes = doc.changes_since(&[]);
    add_written(commit, actor, &doc, record, &changes);
    Ok(())
}

/// Adds `changes` the server's `actor` just wrote to `doc` (holding `record`) to `commit`, with
/// the document's kind and scope and the server's projections of its new state.
pub(crate) fn add_written<R: Record>(
    commit: &mut Commit,
    actor: &ActorId,
    doc: &RecordDoc,
    record: &R,
    changes: &[automerge::Change],
) {
    let id = doc.id();
    for c in changes {
        commit.changes.push(NewChange {
            doc: *id.as_bytes(),
            hash: c.hash().0,
            actor: actor.to_bytes().to_vec(),
            bytes: c.raw_bytes().to_vec(),
        });
    }
    commit.docs.push(DocUpdate {
        doc: *id.as_bytes(),
        kind: R::KIND.as_str().to_string(),
        org: record.scope_org().to_string(),
    });
    commit.projections.extend(projections::of(doc));
}

pub async fn create_org(
    storage: &dyn Storage,
    name: &str,
    kind: OrgKind,
    parent: Option<Id>,
) -> Result<Id> {
    create_org_named(storage, name, None, kind, parent).await
}

/// [`create_org`], with the unit's name in traditional Mongolian script where it has one.
pub async fn create_org_named(
    storage: &dyn Storage,
    name: &str,
    name_mn: Option<&str>,
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
            Some((p.to_string(), kind.ok_or(NotFound::Org(p))?))
        }
        None => None,
    };
    let id = Id::new();
    let mut org = Organisation::new(id.to_string(), name.to_string(), kind, parent)?;
    if let Some(mn) = name_mn {
        org.set_name_mn(Some(mn.to_string()))?;
    }
    store_new(storage, id, &org, Command::OrgCreate).await?;
    Ok(id)
}

/// Gives an organisation its name in traditional Mongolian script, or takes it away (`None`),
/// as the server's own user: how an operator corrects a misspelt name, which a roster imported
/// again never replaces. Returns whether anything changed.
pub async fn set_org_name_mn(
    storage: &dyn Storage,
    org: Id,
    name_mn: Option<&str>,
) -> Result<bool> {
    edit_as_server(
        storage,
        org,
        NotFound::Org(org),
        Command::OrgNameMongolian,
        |unit: &mut Organisation| unit.set_name_mn(name_mn.map(str::to_string)),
    )
    .await
}

/// Gives a person their name in traditional Mongolian script, or takes it away, as the
/// server's own user (as [`set_org_name_mn`] for a unit). Returns whether anything changed.
pub async fn set_person_name_mn(
    storage: &dyn Storage,
    person: Id,
    name_mn: Option<&str>,
) -> Result<bool> {
    edit_as_server(
        storage,
        person,
        NotFound::User(person),
        Command::PersonNameMongolian,
        |p: &mut Person| p.set_name_mn(name_mn.map(str::to_string)),
    )
    .await
}

/// Edits record `id`, when it is an `R`, as the server's own user with `command`; `missing` is
/// the refusal when there is no such record. Returns whether anything changed.
async fn edit_as_server<R: Record>(
    storage: &dyn Storage,
    id: Id,
    missing: NotFound,
    command: Command,
    edit: impl FnOnce(&mut R) -> steppe_domain::Result<()>,
) -> Result<bool> {
    let stored = storage.doc_changes(*id.as_bytes()).await?;
    if stored.is_empty() {
        return Err(missing.into());
    }
    let actor = server_actor(storage).await?;
    let mut doc = RecordDoc::load(id, &[], stored.iter().map(Vec::as_slice), actor.clone())?;
    if doc.kind() != R::KIND {
        return Err(missing.into());
    }
    let mut record: R = doc.read()?;
    edit(&mut record)?;
    let Some(change) = doc.write(&record, now_ms(), command.code())? else {
        return Ok(false);
    };
    let mut commit = Commit::default();
    add_written(&mut commit, &actor, &doc, &record, &[change]);
    storage.commit(commit).await?;
    Ok(true)
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
            return Err(NotFound::Org(o).into());
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

/// Grants or takes back a role of a user's, as the server's own user: the operator is the root
/// of trust the roster comes from (a phone or a page changes roles only through `ingest`, with
/// the granting permission checked). Returns whether anything changed.
pub async fn set_role(
    storage: &dyn Storage,
    user: Id,
    org: Id,
    role: Role,
    held: bool,
) -> Result<bool> {
    let tree = Tree::load(storage).await?;
    if steppe_domain::authz::OrgTree::kind_of(&tree, &org.to_string()).is_none() {
        return Err(NotFound::Org(org).into());
    }
    let org_id = org.to_string();
    edit_as_server(
        storage,
        user,
        NotFound::User(user),
        if held {
            Command::PersonGrantRole
        } else {
            Command::PersonRevokeRole
        },
        |person: &mut Person| {
            if held {
                person.grant(&org_id, role)
            } else {
                person.revoke(&org_id, role)
            }
        },
    )
    .await
}

/// The notices of changes refused from one device (ADR 0009), oldest first.
pub async fn refusals_of(
    storage: &dyn Storage,
    device: &str,
) -> Result<Vec<steppe_domain::rejection::RejectedUpload>> {
    let kind = steppe_domain::RecordKind::RejectedUpload.as_str();
    let actor = server_actor(storage).await?;
    let mut found = Vec::new();
    for doc in storage.docs_of_kind(kind).await? {
        let stored = storage.doc_changes(doc).await?;
        let record = RecordDoc::load(
            Id::from_bytes(doc),
            &[],
            stored.iter().map(Vec::as_slice),
            actor.clone(),
        )?;
        let notice: steppe_domain::rejection::RejectedUpload = record.read()?;
        if notice.device == device {
            found.push(notice);
        }
    }
    found.sort_by_key(|n| n.first_at);
    Ok(found)
}
