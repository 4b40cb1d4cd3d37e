//! Conflicts: a field two people set concurrently to different values. automerge keeps every
//! value; it shows one as the winner. Steppe shows all of them, who wrote each, and lets a person
//! choose.

use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictValue {
    /// The value, shown as JSON-like text.
    pub value: String,
    /// The automerge actor (hex) that wrote it: the store maps it to a user and device.
    pub actor: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The automerge object holding the field (stable across replicas).
    pub object: String,
    pub key: String,
    /// A readable path such as `record.timeline[2].note`.
    pub path: String,
    /// Every concurrent value, in automerge's deterministic order (the shown winner last).
    pub values: Vec<ConflictValue>,
}

fn show(value: &Value<'_>) -> String {
    match value {
        Value::Scalar(s) => s.to_string(),
        Value::Object(t) => format!("<{t:?}>"),
    }
}

fn actor_of(id: &ObjId) -> String {
    match id {
        ObjId::Id(_, actor, _) => actor.to_hex_string(),
        ObjId::Root => String::new(),
    }
}

/// Every conflicted field of the document.
pub fn find(doc: &AutoCommit) -> Vec<Conflict> {
    let mut out = Vec::new();
    walk(doc, ROOT, String::new(), &mut out, 0);
    out
}

fn walk(doc: &AutoCommit, obj: ObjId, path: String, out: &mut Vec<Conflict>, depth: usize) {
    if depth > 32 {
        return;
    }
    match doc.object_type(&obj) {
        Ok(ObjType::Map) | Ok(ObjType::Table) => {
            for key in doc.keys(&obj) {
                let values = doc.get_all(&obj, key.as_str()).unwrap_or_default();
                // Most fields hold one value and no object: nothing to name, show or descend
                // into, so no path is formatted for them (this walk runs at every projection).
                let nested = values.iter().any(|(v, _)| {
                    matches!(
                        v,
                        Value::Object(ObjType::Map | ObjType::List | ObjType::Table)
                    )
                });
                if values.len() < 2 && !nested {
                    continue;
                }
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                // Two people writing the same value at once agree: nothing to review.
                let disagree = values.len() > 1
                    && (values.iter().any(|(v, _)| matches!(v, Value::Object(_)))
                        || values.iter().any(|(v, _)| show(v) != show(&values[0].0)));
                if disagree {
                    out.push(Conflict {
                        object: obj.to_string(),
                        key: key.clone(),
                        path: child_path.clone(),
                        values: values
                            .iter()
                            .map(|(v, id)| ConflictValue {
                                value: show(v),
                                actor: actor_of(id),
                            })
                            .collect(),
                    });
                }
                for (v, id) in values {
                    if matches!(
                        v,
                        Value::Object(ObjType::Map | ObjType::List | ObjType::Table)
                    ) {
                        walk(doc, id, child_path.clone(), out, depth + 1);
                    }
                }
            }
        }
        Ok(ObjType::List) => {
            for i in 0..doc.length(&obj) {
                if let Ok(Some((
                    Value::Object(ObjType::Map | ObjType::List | ObjType::Table),
                    id,
                ))) = doc.get(&obj, i)
                {
                    walk(doc, id, format!("{path}[{i}]"), out, depth + 1);
                }
            }
        }
        _ => {}
    }
}
