//! Rosters: the organisation tree and the people an operator imports from the spreadsheets a
//! league already keeps (CSV, as Excel on Chinese Windows saves it — GB18030 — or UTF-8).
//!
//! An import is planned whole before anything is written: every row is read and checked, and a
//! file with bad rows is refused with each bad row's number and what is wrong, writing nothing.
//! Records get ids derived from the roster's own keys, so importing the same file again finds
//! what the first import made and changes nothing (a key that names another kind of unit, or
//! one elsewhere in the tree, is a bad row — two banners' rosters must not share keys); the
//! records of one import are written in one commit (one transaction on either backend), and
//! the people's sign-in accounts after it, again on every import, so an import cut short
//! between the two is finished by running it again. `--dry-run` prints the plan and writes
//! nothing.

use std::collections::{HashMap, HashSet};
use std::fmt;
use steppe_i18n::{Catalogue, Label, Locale};

use anyhow::Result;
use automerge::ActorId;
use steppe_domain::authz::{OrgTree, Role};
use steppe_domain::command::Command;
use steppe_domain::doc::RecordDoc;
use steppe_domain::org::{OrgKind, Organisation};
use steppe_domain::person::{MemberStatus, Person};
use steppe_domain::{Id, Record, RecordKind};

use crate::admin::{add_new_record, add_written};
use crate::clock::now_ms;
use crate::storage::{Commit, Storage};
use crate::tree::Tree;

/// The text of a roster file: UTF-8 (with or without a byte-order mark), else GB18030.
pub fn decode(bytes: &[u8]) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| t.into_owned())
        .ok_or_else(|| NotText.into())
}

/// One bad row of a roster file.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub file: RosterFile,
    /// The row's line in the file (the header is line 1).
    pub line: usize,
    pub problem: Problem,
}

/// Which of an import's two files a row is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosterFile {
    Orgs,
    People,
}

/// What is wrong with a row: a code and its arguments, worded by the catalogue in the
/// operator's language.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The CSV reader could not read the row.
    Unreadable(String),
    /// The key is empty or an earlier row's.
    KeyTaken(String),
    UnknownKind(String),
    UnknownParent(String),
    /// This kind of unit cannot stand under its parent's kind.
    Misplaced {
        kind: OrgKind,
        parent: OrgKind,
    },
    NeedsParent(OrgKind),
    /// A rule of the record refused the row's values (an empty name, a name in Mongolian
    /// script with other letters).
    Refused(steppe_domain::DomainError),
    /// The unit imported before could not be read to fill in its Mongolian name.
    UnitUnreadable {
        key: String,
        id: Id,
        why: String,
    },
    /// The person imported before could not be read to fill in their Mongolian name.
    PersonUnreadable {
        name: String,
        id: Id,
        why: String,
    },
    /// The key names a unit of another kind or elsewhere in the tree.
    KeyNamesAnother(String),
    UnknownOrg(String),
    UnknownStatus(String),
    UnknownRole(String),
    /// Two people of one name in one unit, neither with a key.
    NameTwice(String),
}

impl Problem {
    /// The problem in `locale`'s words.
    pub fn words(&self, locale: Locale) -> String {
        let c = Catalogue::global();
        let say = |id: &str, name: &str, value: &str| c.format(locale, id, &[(name, value.into())]);
        match self {
            Problem::Unreadable(why) => say("op_row_unreadable", "why", why),
            Problem::KeyTaken(key) => say("op_key_taken", "key", key),
            Problem::UnknownKind(kind) => say("op_kind_unknown", "kind", kind),
            Problem::UnknownParent(parent) => say("op_parent_unknown", "parent", parent),
            Problem::Misplaced { kind, parent } => c.format(
                locale,
                "op_kind_misplaced",
                &[
                    ("kind", kind.label_in(locale).into()),
                    ("parent", parent.label_in(locale).into()),
                ],
            ),
            Problem::NeedsParent(kind) => {
                say("op_kind_needs_parent", "kind", &kind.label_in(locale))
            }
            Problem::Refused(e) => steppe_i18n::error_message(locale, e),
            Problem::UnitUnreadable { key, id, why } => c.format(
                locale,
                "op_unit_unreadable",
                &[
                    ("key", key.into()),
                    ("id", id.to_string().into()),
                    ("why", why.into()),
                ],
            ),
            Problem::PersonUnreadable { name, id, why } => c.format(
                locale,
                "op_person_unreadable",
                &[
                    ("name", name.into()),
                    ("id", id.to_string().into()),
                    ("why", why.into()),
                ],
            ),
            Problem::KeyNamesAnother(key) => say("op_key_names_another", "key", key),
            Problem::UnknownOrg(org) => say("op_org_unknown", "org", org),
            Problem::UnknownStatus(status) => say("op_status_unknown", "status", status),
            Problem::UnknownRole(role) => say("op_role_unknown", "role", role),
            Problem::NameTwice(name) => say("op_name_twice", "name", name),
        }
    }
}

/// Every bad row of an import; nothing was written.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterErrors(pub Vec<RowError>);

impl RosterErrors {
    /// The refusal in `locale`'s words: a line for the whole, then one per bad row.
    pub fn words(&self, locale: Locale) -> String {
        let c = Catalogue::global();
        let mut text = c.format(
            locale,
            "op_roster_refused",
            &[("count", self.0.len().into())],
        );
        for e in &self.0 {
            let file = match e.file {
                RosterFile::Orgs => "op_file_orgs",
                RosterFile::People => "op_file_people",
            };
            text.push_str("\n  ");
            text.push_str(&c.format(
                locale,
                "op_roster_row",
                &[
                    ("file", c.text(locale, file).into()),
                    ("line", e.line.into()),
                    ("problem", e.problem.words(locale).into()),
                ],
            ));
        }
        text
    }
}

/// In English, for logs; the command line words it in its reader's language ([`Self::words`]).
impl fmt::Display for RosterErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Locale::En))
    }
}

impl std::error::Error for RosterErrors {}

/// A roster file that is neither UTF-8 nor GB18030 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the file is neither UTF-8 nor GB18030 text")]
pub struct NotText;

/// What an import does with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Create,
    /// Imported before (or made by hand under the same id): left as it is.
    Exists,
    /// An organisation or person imported before, without a name in Mongolian script, whose row
    /// now gives one: that name is written; nothing else of it changes.
    NameMongolian,
}

#[derive(Debug, Clone)]
pub struct PlannedOrg {
    pub key: String,
    pub id: Id,
    pub step: Step,
    org: Organisation,
}

#[derive(Debug, Clone)]
pub struct PlannedPerson {
    pub name: String,
    pub id: Id,
    pub step: Step,
    person: Person,
}

/// What importing a roster would do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub orgs: Vec<PlannedOrg>,
    pub people: Vec<PlannedPerson>,
}

/// The id of the organisation a roster names by `key`.
pub fn org_id(key: &str) -> Id {
    Id::derived(RecordKind::Organisation, &format!("roster/{key}"))
}

/// The id of the person a roster names by `key` (their name, unless the roster gives a key)
/// in organisation `org`.
pub fn person_id(org: Id, key: &str) -> Id {
    Id::derived(RecordKind::Person, &format!("roster/{org}/{key}"))
}

/// A file's rows, each with its line (the header is line 1) and `N` fields (missing ones
/// empty), or why it could not be read: the first `N - 1` by position, the last from the column
/// headed `optional` wherever it stands (empty where the file has no such column), so that a
/// column a league's spreadsheet keeps besides (notes, a phone number) is not read as it.
fn rows<'a, const N: usize>(
    text: &'a str,
    optional: &'static str,
) -> impl Iterator<Item = (usize, Result<[String; N], String>)> + 'a {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let at = reader
        .headers()
        .ok()
        .and_then(|h| h.iter().position(|c| c == optional));
    reader.into_records().enumerate().map(move |(i, row)| {
        let fields = row
            .map(|r| {
                std::array::from_fn(|k| {
                    let column = if k == N - 1 { at } else { Some(k) };
                    column.and_then(|c| r.get(c)).unwrap_or("").to_string()
                })
            })
            .map_err(|e| e.to_string());
        (i + 2, fields)
    })
}

/// Plans an import of organisations (`key,name,kind,parent`, and a column headed `name_mn`
/// anywhere after them — the parent a key of an earlier row, of an earlier import, or an
/// organisation's id, empty for a root; `name_mn` the unit's name in traditional Mongolian
/// script, where it has one) and people (`name,org,status,role[,key]`, and a `name_mn` column —
/// the organisation a key or an id, the role optional and held there beside membership, the key
/// telling apart two people of one name in one unit, `name_mn` the person's name in traditional
/// Mongolian script where it is given). Other columns are left alone.
pub async fn plan(storage: &dyn Storage, orgs_csv: &str, people_csv: Option<&str>) -> Result<Plan> {
    let tree = Tree::load(storage).await?;
    // Every organisation held: id → (parent, kind code).
    let stored: HashMap<String, (Option<String>, String)> = storage
        .orgs()
        .await?
        .into_iter()
        .map(|(id, parent, kind)| (id, (parent, kind)))
        .collect();
    let held = |id: &str| stored.contains_key(id);
    let mut errors = Vec::new();
    let mut plan = Plan::default();
    // Kinds of the organisations this file creates, beside those already held.
    let mut kinds: HashMap<Id, OrgKind> = HashMap::new();
    let kind_of = |id: Id, kinds: &HashMap<Id, OrgKind>| {
        kinds
            .get(&id)
            .copied()
            .or_else(|| tree.kind_of(&id.to_string()))
    };
    let mut seen = HashSet::new();
    for (line, row) in rows::<5>(orgs_csv, "name_mn") {
        let mut bad = |problem: Problem| {
            errors.push(RowError {
                file: RosterFile::Orgs,
                line,
                problem,
            })
        };
        let [key, name, kind, parent, name_mn] = match row {
            Ok(fields) => fields,
            Err(e) => {
                bad(Problem::Unreadable(e));
                continue;
            }
        };
        if key.is_empty() || !seen.insert(key.clone()) {
            bad(Problem::KeyTaken(key));
            continue;
        }
        let Some(kind) = steppe_i18n::parse_label::<OrgKind>(&kind) else {
            bad(Problem::UnknownKind(kind));
            continue;
        };
        let parent = if parent.is_empty() {
            None
        } else {
            let by_key = org_id(&parent);
            let id = if kinds.contains_key(&by_key) || held(&by_key.to_string()) {
                Some(by_key)
            } else {
                Id::parse(&parent).ok().filter(|p| held(&p.to_string()))
            };
            match id {
                Some(p) => Some(p),
                None => {
                    bad(Problem::UnknownParent(parent));
                    continue;
                }
            }
        };
        let parent_kind = parent.and_then(|p| kind_of(p, &kinds));
        match parent_kind {
            Some(pk) if !pk.may_contain(kind) => {
                bad(Problem::Misplaced { kind, parent: pk });
                continue;
            }
            None if !kind.is_root() => {
                bad(Problem::NeedsParent(kind));
                continue;
            }
            _ => {}
        }
        let id = org_id(&key);
        let placed = parent.zip(parent_kind).map(|(p, k)| (p.to_string(), k));
        let named = Organisation::new(id.to_string(), name, kind, placed).and_then(|mut o| {
            if !name_mn.is_empty() {
                o.set_name_mn(Some(name_mn))?;
            }
            Ok(o)
        });
        let org = match named {
            Ok(o) => o,
            Err(e) => {
                bad(Problem::Refused(e));
                continue;
            }
        };
        // A key imported before names the same unit, in the same place; a key another roster
        // already used for something else is refused rather than silently merged into it.
        let step = match stored.get(&id.to_string()) {
            None => Step::Create,
            Some((p, k)) if *p == parent.map(|p| p.to_string()) && *k == kind.code() => {
                // A Mongolian name is filled in where the unit has none. One it has is never
                // replaced by a roster, so an old file imported again still changes nothing
                // (and cannot undo a name set since); an empty column reads nothing.
                if org.name_mn.is_none() {
                    Step::Exists
                } else {
                    match imported::<Organisation>(storage, id, ActorId::random()).await {
                        Ok((_, held)) if held.name_mn.is_none() => Step::NameMongolian,
                        Ok(_) => Step::Exists,
                        Err(e) => {
                            bad(Problem::UnitUnreadable {
                                key,
                                id,
                                why: format!("{e:#}"),
                            });
                            continue;
                        }
                    }
                }
            }
            Some(_) => {
                bad(Problem::KeyNamesAnother(key));
                continue;
            }
        };
        kinds.insert(id, kind);
        plan.orgs.push(PlannedOrg { key, id, step, org });
    }
    let planned: HashSet<Id> = plan.orgs.iter().map(|o| o.id).collect();
    for (line, row) in people_csv
        .map(|p| rows::<6>(p, "name_mn"))
        .into_iter()
        .flatten()
    {
        let mut bad = |problem: Problem| {
            errors.push(RowError {
                file: RosterFile::People,
                line,
                problem,
            })
        };
        let [name, org, status, role, key, name_mn] = match row {
            Ok(fields) => fields,
            Err(e) => {
                bad(Problem::Unreadable(e));
                continue;
            }
        };
        let by_key = org_id(&org);
        let Some(org) = (planned.contains(&by_key) || held(&by_key.to_string()))
            .then_some(by_key)
            .or_else(|| Id::parse(&org).ok().filter(|o| held(&o.to_string())))
        else {
            bad(Problem::UnknownOrg(org));
            continue;
        };
        let status = if status.is_empty() {
            "full".to_string()
        } else {
            status
        };
        let Some(status) = steppe_i18n::parse_label::<MemberStatus>(&status) else {
            bad(Problem::UnknownStatus(status));
            continue;
        };
        let named = Person::new(name.clone(), org.to_string(), status, None).and_then(|mut p| {
            if !name_mn.is_empty() {
                p.set_name_mn(Some(name_mn))?;
            }
            Ok(p)
        });
        let mut person = match named {
            Ok(p) => p,
            Err(e) => {
                bad(Problem::Refused(e));
                continue;
            }
        };
        let mut roles = vec![Role::Member];
        if !role.is_empty() {
            match steppe_i18n::parse_label::<Role>(&role) {
                Some(r) => roles.push(r),
                None => {
                    bad(Problem::UnknownRole(role));
                    continue;
                }
            }
        }
        for r in roles {
            if let Err(e) = person.grant(&org.to_string(), r) {
                bad(Problem::Refused(e));
            }
        }
        let id = person_id(org, if key.is_empty() { &name } else { &key });
        if plan.people.iter().any(|p| p.id == id) {
            bad(Problem::NameTwice(name));
            continue;
        }
        let step = if storage.doc_changes(*id.as_bytes()).await?.is_empty() {
            Step::Create
        } else if person.name_mn.is_none() {
            Step::Exists
        } else {
            // As for units: a Mongolian name is filled in where the person has none, never
            // replaced.
            match imported::<Person>(storage, id, ActorId::random()).await {
                Ok((_, held)) if held.name_mn.is_none() => Step::NameMongolian,
                Ok(_) => Step::Exists,
                Err(e) => {
                    bad(Problem::PersonUnreadable {
                        name,
                        id,
                        why: format!("{e:#}"),
                    });
                    continue;
                }
            }
        };
        plan.people.push(PlannedPerson {
            name,
            id,
            step,
            person,
        });
    }
    if !errors.is_empty() {
        return Err(RosterErrors(errors).into());
    }
    Ok(plan)
}

/// A record imported before, to be read or written as `actor`.
async fn imported<R: Record>(
    storage: &dyn Storage,
    id: Id,
    actor: ActorId,
) -> Result<(RecordDoc, R)> {
    let changes = storage.doc_changes(*id.as_bytes()).await?;
    let doc = RecordDoc::load(id, &[], changes.iter().map(Vec::as_slice), actor)?;
    if doc.kind() != R::KIND {
        anyhow::bail!(
            "{id} is a {} record, not a {}",
            doc.kind().as_str(),
            R::KIND.as_str()
        );
    }
    let record: R = doc.read()?;
    Ok((doc, record))
}

/// Writes what `plan` creates or names, in one commit; people become users who can enroll.
pub async fn apply(storage: &dyn Storage, plan: &Plan) -> Result<()> {
    let actor = ActorId::from(crate::system::actor(storage).await?);
    let mut commit = Commit::default();
    let now = now_ms();
    for o in plan.orgs.iter().filter(|o| o.step == Step::Create) {
        add_new_record(&mut commit, &actor, o.id, &o.org, Command::OrgCreate, now)?;
    }
    for o in plan.orgs.iter().filter(|o| o.step == Step::NameMongolian) {
        let (mut doc, mut held) = imported::<Organisation>(storage, o.id, actor.clone()).await?;
        if held.name_mn.is_some() {
            // Named since the plan was made: that name stands.
            continue;
        }
        held.set_name_mn(o.org.name_mn.clone())?;
        if let Some(change) = doc.write(&held, now, Command::OrgNameMongolian.code())? {
            add_written(&mut commit, &actor, &doc, &held, &[change]);
        }
    }
    for p in plan.people.iter().filter(|p| p.step == Step::NameMongolian) {
        let (mut doc, mut held) = imported::<Person>(storage, p.id, actor.clone()).await?;
        if held.name_mn.is_some() {
            continue;
        }
        held.set_name_mn(p.person.name_mn.clone())?;
        if let Some(change) = doc.write(&held, now, Command::PersonNameMongolian.code())? {
            add_written(&mut commit, &actor, &doc, &held, &[change]);
        }
    }
    for p in plan.people.iter().filter(|p| p.step == Step::Create) {
        add_new_record(
            &mut commit,
            &actor,
            p.id,
            &p.person,
            Command::PersonAdd,
            now,
        )?;
    }
    if !commit.changes.is_empty() {
        storage.commit(commit).await?;
    }
    // Every planned person's account, whether made now or by an import a crash cut short
    // after its commit: putting one that stands changes nothing.
    for p in &plan.people {
        storage.put_user(&p.id.to_string(), &p.name).await?;
    }
    Ok(())
}
