//! The server-side projections a record's merged state implies. The server decides scope with
//! the tree and the roles only, so only organisations and people are projected here; every other
//! kind is stored as documents alone (the pages read them through the replica's projections).

use steppe_domain::RecordKind;
use steppe_domain::doc::RecordDoc;
use steppe_domain::org::Organisation;
use steppe_domain::person::Person;

use crate::storage::Projection;

pub fn of(doc: &RecordDoc) -> Vec<Projection> {
    match doc.kind() {
        RecordKind::Organisation => match doc.read::<Organisation>() {
            Ok(o) => vec![Projection::Org {
                id: o.id,
                parent: o.parent,
                kind: o.kind.code().to_string(),
            }],
            Err(_) => Vec::new(),
        },
        RecordKind::Person => match doc.read::<Person>() {
            Ok(p) => vec![Projection::Grants {
                person: doc.id().to_string(),
                grants: p
                    .grants()
                    .into_iter()
                    .map(|g| (g.org, g.role.code().to_string()))
                    .collect(),
            }],
            Err(_) => Vec::new(),
        },
        _ => Vec::new(),
    }
}
