//! Totals over a subtree: rows of an organisation list (in any order) each get their
//! descendants' figures added, deepest first, so every row totals its own subtree. Shared by
//! the overview and the report.

use std::collections::HashMap;

use steppe_domain::Id;

use crate::workflows::orgs::OrgRow;

/// A row of per-organisation figures that can take in a child's.
pub(crate) trait Totals {
    fn org(&self) -> &OrgRow;
    /// Adds the figures of `child` (a row for an organisation below this one).
    fn absorb(&mut self, child: &Self);
}

/// Adds every row into its ancestors' rows. Rows whose parent is outside the list (the root)
/// keep their totals.
pub(crate) fn roll_up<T: Totals + Clone>(rows: &mut [T]) {
    let index: HashMap<Id, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.org().id, i))
        .collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(rows[i].org().depth));
    for i in order {
        let Some(&p) = rows[i].org().parent.as_ref().and_then(|p| index.get(p)) else {
            continue;
        };
        let child = rows[i].clone();
        rows[p].absorb(&child);
    }
}
