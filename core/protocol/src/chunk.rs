//! Compact change chunks: an automerge change chunk without its magic bytes and checksum.
//!
//! A change chunk is `magic(4) checksum(4) type(1) length(uleb) body`, and its checksum is the
//! first four bytes of the SHA-256 of everything after it — which is also the change's hash. The
//! eight leading bytes carry nothing the receiver cannot recompute, but four of them are random
//! and defeat compression: 10,000 records of a first sync paid ~8 bytes each for them. On the
//! wire changes travel compact; each side expands them before automerge sees them.

use sha2::{Digest, Sha256};

const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
const HEADER: usize = 8;

/// The compact form of an automerge change chunk, or `None` if `chunk` is not one.
pub fn compact(chunk: &[u8]) -> Option<&[u8]> {
    (chunk.len() > HEADER && chunk[..4] == MAGIC).then(|| &chunk[HEADER..])
}

/// The change's hash, computed from its compact form.
pub fn hash(compact: &[u8]) -> [u8; 32] {
    Sha256::digest(compact).into()
}

/// Rebuilds the full change chunk from its compact form.
pub fn expand(compact: &[u8]) -> Vec<u8> {
    let hash = hash(compact);
    let mut out = Vec::with_capacity(compact.len() + HEADER);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&hash[..4]);
    out.extend_from_slice(compact);
    out
}

/// Whether a compact change has no dependencies: the first change of a document. The body of a
/// change chunk starts with the count of its dependencies.
pub fn is_root(compact: &[u8]) -> bool {
    // type byte, then the body length as a uleb128, then the dependency count.
    let Some(rest) = compact.get(1..) else {
        return false;
    };
    let Some(len_end) = rest.iter().position(|b| b & 0x80 == 0) else {
        return false;
    };
    rest.get(len_end + 1) == Some(&0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    #[test]
    fn expands_to_the_same_change_with_the_same_hash() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "name", "巴彦浩特").unwrap();
        doc.commit();
        doc.put(ROOT, "name", "阿拉善").unwrap();
        doc.commit();
        let changes = doc.get_changes(&[]);
        for (i, change) in changes.iter().enumerate() {
            let raw = change.raw_bytes();
            let small = compact(raw).unwrap();
            assert_eq!(small.len(), raw.len() - 8);
            assert_eq!(expand(small), raw);
            assert_eq!(hash(small), change.hash().0);
            assert_eq!(
                is_root(small),
                i == 0,
                "only the first change has no dependencies"
            );
        }
        assert!(compact(b"not a change").is_none());
        assert!(!is_root(&[]));
        assert!(!is_root(&[1, 0x80]));
    }
}
