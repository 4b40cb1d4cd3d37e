//! 督导已阅 through HTTP, as a modified phone would send it: a mark is its reviewer's own, made
//! once under the id its record and reviewer give, only by a role that reviews there from a unit
//! above, and never rewritten; the stored mark stays as it was.

use steppe_domain::mediation::CaseCategory;
use steppe_domain::reason::Reason;
use steppe_domain::review_mark::ReviewMark;
use steppe_domain::{Id, RecordKind, Vocabulary};
use steppe_protocol::RejectReason;
use steppe_tests::harness::{region, village_case};

use crate::attacks::{forge, forge_root, phone, refused, refused_for, upload};
use crate::seed_support::stored;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_review_mark_is_its_reviewers_own_made_once_and_final() {
    let (dir, server, r) = region().await.unwrap();
    let mediator = phone(&server, r.mediator_a, dir.path(), "m").await;
    let case = mediator
        .store
        .open_case(village_case(
            r.branch1,
            CaseCategory::Neighbours,
            "邻里纠纷",
        ))
        .unwrap();
    mediator.sync().await.unwrap();
    let mark = |reviewer: Id| {
        ReviewMark::new(
            case,
            RecordKind::MediationCase,
            r.branch1.to_string(),
            reviewer.to_string(),
            1_800_000_000_000,
            String::new(),
        )
        .unwrap()
    };

    // The sumu's supervisor marks the case below reviewed, in their own name: accepted.
    let supervisor = phone(&server, r.supervisor, dir.path(), "sup").await;
    let own = ReviewMark::id_for(case, &r.supervisor.to_string());
    let made = forge_root(&server, &supervisor, own, &mark(r.supervisor)).await;
    let resp = upload(&server, &supervisor, own, vec![made]).await;
    assert!(resp.rejected.is_empty(), "{resp:?}");
    let kept: ReviewMark = stored(&server, own).await;
    assert_eq!(kept.reviewer, r.supervisor.to_string());

    // …and cannot rewrite it afterwards (a note slipped in, or the time moved).
    let rewritten = forge::<ReviewMark>(&server, &supervisor, own, None, |m| {
        m.note = "其实没看".into()
    })
    .await;
    refused_for(
        &upload(&server, &supervisor, own, vec![rewritten]).await,
        RejectReason::OutOfScope,
        &Reason::ReviewMarkFinal.message_id(),
    );
    assert_eq!(stored::<ReviewMark>(&server, own).await, kept);

    // The sumu's secretary reviews there too, but not in the supervisor's name.
    let secretary = phone(&server, r.secretary, dir.path(), "sec").await;
    let theirs = ReviewMark::id_for(case, &r.secretary.to_string());
    let posing = forge_root(&server, &secretary, theirs, &mark(r.supervisor)).await;
    refused_for(
        &upload(&server, &secretary, theirs, vec![posing]).await,
        RejectReason::OutOfScope,
        &Reason::ReviewMarkOwn.message_id(),
    );

    // Nobody marks their own unit's records: the supervisor holds their role on the sumu, so a
    // mark on a record of the sumu itself is refused — reviews come from above.
    let sumus = Id::new();
    let same_unit = ReviewMark::new(
        sumus,
        RecordKind::OrgLifeMeeting,
        r.sumu.to_string(),
        r.supervisor.to_string(),
        1_800_000_000_000,
        String::new(),
    )
    .unwrap();
    let id = ReviewMark::id_for(sumus, &r.supervisor.to_string());
    let made = forge_root(&server, &supervisor, id, &same_unit).await;
    refused_for(
        &upload(&server, &supervisor, id, vec![made]).await,
        RejectReason::OutOfScope,
        &Reason::ReviewFromAbove.message_id(),
    );

    // A mediator's role does not review: refused before the rule is even asked.
    let mediators = ReviewMark::id_for(case, &r.mediator_a.to_string());
    let made = forge_root(&server, &mediator, mediators, &mark(r.mediator_a)).await;
    let resp = upload(&server, &mediator, mediators, vec![made]).await;
    refused(&resp, RejectReason::OutOfScope);
    assert!(
        server
            .storage()
            .doc_changes(*mediators.as_bytes())
            .await
            .unwrap()
            .is_empty(),
        "nothing of the refused mark is stored"
    );
}
