//! The shipped scenarios and rulebook are clean, and the library covers what the course needs.

use std::collections::HashSet;

use counterplay::lang::Lang;
use counterplay::scenario::{FailureKind, Grade, Trait, load_paths};

use crate::{ctx, project, shipped};

#[test]
fn every_shipped_scenario_checks_clean() {
    let (loaded, problems) = load_paths(&[project("scenarios")], ctx());
    assert_eq!(problems, vec![]);
    assert!(loaded.len() >= 4, "only {} scenarios", loaded.len());
    for f in &loaded {
        let text: Vec<String> = f.diagnostics.iter().map(|d| d.render()).collect();
        assert!(f.diagnostics.is_empty(), "{}", text.join("\n"));
        let s = f.scenario.as_ref().unwrap();
        assert_eq!(s.languages(), vec![Lang::Zh, Lang::En], "{}", s.id);
    }
}

#[test]
fn the_library_covers_every_trait_twice_both_failures_and_all_motives() {
    let scenarios = shipped();
    assert!(scenarios.len() >= 10, "only {} scenarios", scenarios.len());
    for t in [
        Trait::Rush,
        Trait::Repeat,
        Trait::OneToOne,
        Trait::Unreasonable,
    ] {
        let n = scenarios.iter().filter(|s| s.customer.r#trait == t).count();
        assert!(n >= 2, "{t:?} appears {n} times");
    }
    let failures: HashSet<FailureKind> = scenarios.iter().map(|s| s.failure.kind).collect();
    assert_eq!(failures.len(), 2, "{failures:?}");
    let dominant: HashSet<&str> = scenarios
        .iter()
        .map(|s| s.customer.motives.main()[0])
        .collect();
    assert_eq!(dominant.len(), 3, "{dominant:?}");
    // The course's cases (COURSE.md §7) are all there.
    for id in [
        "card_wait",
        "bill_print_ignored",
        "membership_card_late",
        "noisy_hall",
        "bank_counter_1730",
        "ctrip_tour",
        "airline_complaint",
        "li_li_phone_service",
    ] {
        assert!(scenarios.iter().any(|s| s.id == id), "no scenario {id}");
    }
}

#[test]
fn every_decision_offers_good_mediocre_and_bad_options() {
    for s in shipped() {
        for n in s.nodes.iter().filter(|n| !n.replies.is_empty()) {
            let grades: HashSet<Grade> = n.replies.iter().filter_map(|r| r.grade).collect();
            assert_eq!(grades.len(), 3, "{} node {}: {grades:?}", s.id, n.id);
        }
        // Bad options teach real banned phrases: most of them contain one.
        let bad: Vec<_> = s
            .nodes
            .iter()
            .flat_map(|n| &n.replies)
            .filter(|r| r.grade == Some(Grade::Bad))
            .collect();
        let banned = bad
            .iter()
            .filter(|r| {
                !crate::matcher()
                    .judge(r.text.get(Lang::Zh), Some(Lang::Zh))
                    .is_clean()
            })
            .count();
        assert!(
            banned * 2 >= bad.len(),
            "{}: {banned} of {} bad options use a banned phrase",
            s.id,
            bad.len()
        );
    }
}

#[test]
fn the_best_path_is_at_least_five_decisions_deep() {
    for s in shipped() {
        // Follow the Good replies' default destinations from the start.
        let mut node = s.node(&s.start).unwrap();
        let mut depth = 0;
        let mut seen = HashSet::new();
        while node.end.is_none() && seen.insert(node.id.clone()) {
            let good = node
                .replies
                .iter()
                .find(|r| r.grade == Some(Grade::Good))
                .unwrap_or_else(|| panic!("{}: node {} has no good reply", s.id, node.id));
            node = s.node(good.next.as_deref().unwrap()).unwrap();
            depth += 1;
        }
        assert_eq!(
            node.end,
            Some(counterplay::scenario::Outcome::Resolved),
            "{}",
            s.id
        );
        assert!(depth >= 5, "{}: best path is {depth} decisions deep", s.id);
    }
}

/// Judgement, not manners, decides: at every choice point a polite option (no banned phrase in
/// either language) is wrong for this customer (graded below Good), and for a difficult
/// customer the library offers the very move the course warns against.
#[test]
fn every_decision_offers_a_polite_wrong_option() {
    let book = crate::matcher().rulebook();
    for s in shipped() {
        for n in s.nodes.iter().filter(|n| n.replies.len() >= 2) {
            let polite_wrong = n.replies.iter().any(|r| {
                r.grade != Some(Grade::Good)
                    && Lang::ALL.iter().all(|l| {
                        crate::matcher()
                            .judge(r.text.get(*l), Some(*l))
                            .banned
                            .is_empty()
                    })
            });
            assert!(
                polite_wrong,
                "{} node {}: no polite wrong option",
                s.id, n.id
            );
        }
        if let Some(strategy) = book.strategy(s.customer.r#trait) {
            let traps = s
                .nodes
                .iter()
                .flat_map(|n| &n.replies)
                .filter(|r| {
                    let heard = counterplay::session::judge_option(crate::matcher(), r);
                    strategy.avoid.iter().any(|a| {
                        r.add_features.contains(&a.feature) || heard.features.has(a.feature)
                    })
                })
                .count();
            assert!(
                traps >= 3,
                "{}: {traps} options carry the customer's trap",
                s.id
            );
        }
    }
}
