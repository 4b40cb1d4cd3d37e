//! `steppe demo`: every workflow on fresh stores, including two mediators editing one case
//! offline and merging, printed as it happens.

use crate::lang::{lang, pad, said, t, tf};
use anyhow::Result;
use steppe_core::{
    DeviceIdentity, NewCase, NewCourse, NewHousehold, NewPerson, NewRequest, NewSession, Steppe,
};
use steppe_domain::authz::Role;
use steppe_domain::course::{SessionMode, Topic};
use steppe_domain::household::{HouseholdTag, VisitMode};
use steppe_domain::mediation::{CaseCategory, Outcome};
use steppe_domain::org::OrgKind;
use steppe_domain::person::MemberStatus;
use steppe_domain::{Id, clock};
use steppe_i18n::Label;

fn device(dir: &std::path::Path, name: &str, phone: &str) -> Result<(Steppe, Id)> {
    let user = Id::new();
    let s = Steppe::builder(
        dir.join(format!("{phone}.db")),
        DeviceIdentity {
            user_id: user.to_string(),
            user_name: name.into(),
            device_id: Id::new().to_string(),
            device_name: phone.into(),
        },
    )
    .open()?;
    Ok((s, user))
}

/// Copies every change `from` holds to `to` (what sync will do through the server).
fn exchange(from: &Steppe, to: &Steppe) -> Result<steppe_core::ApplyReport> {
    let mut changes = Vec::new();
    for doc in from.document_ids()? {
        changes.extend(from.export_changes(doc)?);
    }
    Ok(to.apply_remote(&from.actors()?, &changes)?)
}

pub fn run() -> Result<()> {
    let dir = tempfile::tempdir()?;
    println!(
        "{}",
        tf(
            "demo_title",
            &[("dir", dir.path().display().to_string().into())]
        )
    );
    let (secretary, secretary_id) = device(dir.path(), "阿拉坦", "书记的手机")?;
    let league = secretary.create_org("阿拉善盟", OrgKind::League, None)?;
    let banner = secretary.create_org("阿拉善右旗", OrgKind::Banner, Some(league))?;
    let sumu = secretary.create_org("巴彦高勒苏木", OrgKind::Sumu, Some(banner))?;
    let gacha = secretary.create_org("巴音宝格德嘎查", OrgKind::Gacha, Some(sumu))?;
    let branch = secretary.create_org("警地党支部", OrgKind::PoliceVillageBranch, Some(gacha))?;
    let school = secretary.create_org("巴彦高勒苏木基层党校", OrgKind::PartySchool, Some(sumu))?;
    let community = secretary.create_org("民乐社区", OrgKind::Community, Some(sumu))?;
    let grid = secretary.create_org("第一网格党支部", OrgKind::GridBranch, Some(community))?;
    secretary.add_person(NewPerson {
        id: Some(secretary_id),
        name: "阿拉坦".into(),
        org: gacha,
        status: MemberStatus::Full,
        phone: None,
    })?;
    secretary.grant_role(secretary_id, sumu, Role::Secretary)?;
    println!("\n{}", t("demo_tree"));
    for o in
        steppe_i18n::sort_tree_by_name(secretary.org_subtree(league)?, |o| o.depth, |o| &o.name)
    {
        println!(
            "   {}{} [{}]",
            "  ".repeat(o.depth as usize),
            o.name,
            o.kind.label_in(lang())
        );
    }

    println!("\n{}", t("demo_school"));
    let (herder, herder_id) = device(dir.path(), "蒲玉梅", "牧民的手机")?;
    secretary.add_person(NewPerson {
        id: Some(herder_id),
        name: "蒲玉梅".into(),
        org: gacha,
        status: MemberStatus::Full,
        phone: None,
    })?;
    let course = secretary.create_course(NewCourse {
        school,
        title: "骆驼养殖技术".into(),
        topic: Topic::PracticalSkills,
        lecturer: None,
    })?;
    let now = steppe_core::system_clock()();
    let s1 = secretary.schedule_session(NewSession {
        course,
        starts_at: now - 3_600_000,
        minutes: 90,
        mode: SessionMode::OnSite,
        venue: "牧户棚圈".into(),
    })?;
    let theory = secretary.create_course(NewCourse {
        school,
        title: "习近平新时代中国特色社会主义思想".into(),
        topic: Topic::PartyTheory,
        lecturer: None,
    })?;
    let s2 = secretary.schedule_session(NewSession {
        course: theory,
        starts_at: now - 1_800_000,
        minutes: 120,
        mode: SessionMode::Online,
        venue: "驼乡e站 线上课堂".into(),
    })?;
    exchange(&secretary, &herder)?;
    let week = clock::week_start(now);
    for s in herder.schedule_for(herder_id, week, week + 7 * clock::MS_PER_DAY)? {
        println!(
            "   {}  {}（{}，{}）  {}",
            crate::lang::when(s.starts_at),
            s.title,
            s.mode.label_in(lang()),
            s.venue,
            s.topic.label_in(lang())
        );
    }
    herder.check_in(s1, SessionMode::OnSite, None)?;
    herder.check_in(s2, SessionMode::Online, None)?;
    match herder.check_in(Id::new(), SessionMode::OnSite, None) {
        Err(e) => println!("   {} → {}", t("demo_missing_session"), said(&e)),
        Ok(()) => println!("   {}", t("demo_unexpected")),
    }
    let a = herder.training_archive(herder_id, clock::year_of(now))?;
    println!(
        "   {}",
        tf(
            "demo_archive",
            &[
                ("name", "蒲玉梅".into()),
                ("sessions", a.sessions.into()),
                ("hours", a.hours.into())
            ]
        )
    );

    println!("\n{}", t("demo_mediation"));
    let (m1, _) = device(dir.path(), "民警 巴特尔", "巴特尔的手机")?;
    let (m2, _) = device(dir.path(), "书记 乌兰", "乌兰的手机")?;
    exchange(&secretary, &m1)?;
    let case = m1.open_case(NewCase {
        branch,
        category: CaseCategory::PastureBoundary,
        place: "前进村".into(),
        description: "两户草场围栏位置争议".into(),
        parties: vec!["甲户".into(), "乙户".into()],
        mediators: vec!["巴特尔".into(), "乌兰".into()],
    })?;
    exchange(&m1, &m2)?;
    m1.add_case_note(case, "上门了解情况，双方各执一词")?;
    m2.add_case_visit(case, "查看草场确权图")?;
    m1.close_case(case, Outcome::Agreement, Some("按确权图恢复围栏"))?;
    m2.close_case(case, Outcome::Referred, Some("苏木司法所"))?;
    match m2.close_case(case, Outcome::Agreement, None) {
        Err(e) => println!("   {} → {}", t("demo_close_again"), said(&e)),
        Ok(()) => println!("   {}", t("demo_unexpected")),
    }
    let r1 = exchange(&m2, &m1)?;
    let r2 = exchange(&m1, &m2)?;
    println!(
        "   {}",
        tf(
            "demo_merged",
            &[("first", r1.stored.into()), ("second", r2.stored.into())]
        )
    );
    let conflicts = m1.conflicts(Some(case))?;
    for c in &conflicts {
        let who: Vec<String> = c
            .candidates
            .iter()
            .map(|v| {
                format!(
                    "{}（{}）",
                    steppe_i18n::value_label(lang(), &c.path, &v.value),
                    v.user_name.as_deref().unwrap_or("?")
                )
            })
            .collect();
        println!(
            "   {}",
            tf(
                "demo_conflict",
                &[
                    ("field", steppe_i18n::field_label(lang(), &c.path).into()),
                    ("values", who.join(" | ").into())
                ]
            )
        );
    }
    if let Some(outcome) = conflicts.iter().find(|c| c.key == "outcome") {
        let keep = outcome
            .candidates
            .iter()
            .position(|v| v.value.contains("Agreement"))
            .unwrap_or(0);
        m1.resolve_conflict(case, &outcome.object, &outcome.key, keep)?;
        let left = m1
            .conflicts(Some(case))?
            .iter()
            .filter(|c| c.key == "outcome")
            .count();
        println!("   {}", tf("demo_kept_agreement", &[("left", left.into())]));
    }
    for r in m1.cases(branch, None, 50, 0)? {
        println!(
            "   {}：{} {} {} {}",
            t("demo_case_list"),
            r.category.label_in(lang()),
            r.status.label_in(lang()),
            r.outcome
                .map(|o| o.label_in(lang()))
                .unwrap_or_else(|| "-".into()),
            tf("cli_entries", &[("count", r.entries.into())])
        );
    }
    println!("   {}：", t("demo_history"));
    for h in m1.history(case)? {
        let fields: Vec<String> = h
            .fields
            .iter()
            .map(|f| steppe_i18n::field_label(lang(), f))
            .collect();
        println!(
            "     {} {}（{}）  {}",
            pad(&steppe_i18n::command_label(lang(), &h.message), 16),
            h.user_name.unwrap_or_default(),
            h.device_name.unwrap_or_default(),
            fields.join(&crate::lang::t("list_separator"))
        );
    }

    println!("\n{}", t("demo_request"));
    let r = secretary.raise_request(NewRequest {
        community,
        title: "楼道杂物".into(),
        description: "三单元楼道堆放杂物".into(),
        raised_by: "张大爷".into(),
    })?;
    let verdict = |satisfied: bool, comment: &str| steppe_core::Verdict {
        satisfied,
        comment: comment.into(),
        residents: vec!["张大爷".into(), "李阿姨".into()],
    };
    if let Err(e) = secretary.evaluate_request(r, verdict(true, "")) {
        println!("   {} → {}", t("demo_evaluate_early"), said(&e));
    }
    secretary.discuss_request(r, "三方协商议事会")?;
    secretary.decide_request(r, "物业三日内清理", None)?;
    secretary.carry_out_request(r, "已清理")?;
    if let Err(e) = secretary.evaluate_request(r, verdict(false, "又堆上了")) {
        println!("   {} → {}", t("demo_worker_verdict"), said(&e));
    }
    // A grid worker collects the residents' verdict.
    let (collector, _) = device(dir.path(), "其其格", "网格员的手机")?;
    exchange(&secretary, &collector)?;
    collector.evaluate_request(r, verdict(false, "又堆上了"))?;
    exchange(&collector, &secretary)?;
    secretary.discuss_request(r, "再议：设置公共储物间")?;
    secretary.decide_request(r, "设置储物间", None)?;
    secretary.carry_out_request(r, "储物间已启用")?;
    exchange(&secretary, &collector)?;
    collector.evaluate_request(r, verdict(true, "满意"))?;
    exchange(&collector, &secretary)?;
    for row in secretary.requests(community, None, 10, 0)? {
        println!(
            "   {} — {}，{}，{}",
            row.title,
            row.step.label_in(lang()),
            tf("cli_round", &[("round", row.rounds.into())]),
            row.satisfied
                .map(|v| t(if v {
                    "cli_satisfied"
                } else {
                    "cli_unsatisfied"
                }))
                .unwrap_or_default()
        );
    }

    println!("\n{}", t("demo_grid"));
    let h = secretary.register_household(NewHousehold {
        grid,
        address: "3-2-401".into(),
        head: "马秀英".into(),
        size: 1,
        tags: vec![HouseholdTag::LivingAlone, HouseholdTag::Elderly],
    })?;
    secretary.log_visit(h, VisitMode::WeChat, "马桶堵塞，已联系维修", true)?;
    secretary.log_visit(h, VisitMode::Door, "维修完成", false)?;
    for row in secretary.households(grid, Some(HouseholdTag::LivingAlone), 10, 0)? {
        println!(
            "   {} {} — {}",
            row.address,
            row.head,
            tf("cli_visits", &[("count", row.visits.into())])
        );
    }
    println!("\n{}", t("demo_done"));
    Ok(())
}
