//! The course's strategy for a difficult customer decides: the course's path passes, and the
//! same path with one move against the strategy in it does not, however many points it earns.

use std::sync::Arc;

use counterplay::explore::explore;
use counterplay::scenario::{Grade, Scenario, Trait};
use counterplay::scoring::score;
use counterplay::session::{ReplyInput, Session, judge_option};

use crate::{matcher, shipped};

/// Plays `path` (0-based options); once it runs out, the best-graded option at each node.
fn play(scenario: &Arc<Scenario>, seed: u64, path: &[usize]) -> Session {
    let mut session = Session::start(scenario.clone(), seed).unwrap();
    let mut k = 0;
    while !session.is_over() && k < 40 {
        let option = path.get(k).copied().unwrap_or_else(|| {
            [Grade::Good, Grade::Mediocre, Grade::Bad]
                .into_iter()
                .find_map(|g| session.option_of_grade(g))
                .unwrap_or(0)
        });
        session
            .reply(matcher(), ReplyInput::option(option))
            .unwrap();
        k += 1;
    }
    session
}

#[test]
fn one_move_against_the_strategy_keeps_a_difficult_customer_from_passing_and_never_raises_the_estimate()
 {
    let book = matcher().rulebook();
    let mut swapped = 0;
    for scenario in shipped().into_iter().map(Arc::new) {
        let t = scenario.customer.r#trait;
        if t == Trait::None {
            continue;
        }
        let avoid: Vec<_> = book
            .strategy(t)
            .unwrap()
            .avoid
            .iter()
            .map(|r| r.feature)
            .collect();
        let best = explore(&scenario, matcher(), 1..=3).unwrap().best;
        let course_path: Vec<usize> = best.replies.iter().map(|r| r - 1).collect();
        let course = play(&scenario, best.seed, &course_path);
        let points = score(book, &scenario, course.transcript());
        let course_return = course.customer().estimate().return_probability;
        assert!(
            points.passed,
            "{}: the course's path {:?} fails: {points:?}",
            scenario.id, best.replies
        );
        assert!(points.breach.is_none(), "{}", scenario.id);

        // The course's path with one reply swapped for an option carrying a move the strategy
        // avoids, then the course's options again.
        let mut at = Session::start(scenario.clone(), best.seed).unwrap();
        for (i, &chosen) in course_path.iter().enumerate() {
            for (o, reply) in at.options().iter().enumerate() {
                let heard = judge_option(matcher(), reply);
                let against = avoid
                    .iter()
                    .any(|f| reply.add_features.contains(f) || heard.features.has(*f));
                if o == chosen || !against {
                    continue;
                }
                let mut path = course_path[..i].to_vec();
                path.push(o);
                let session = play(&scenario, best.seed, &path);
                let points = score(book, &scenario, session.transcript());
                if points.breach.is_some() {
                    swapped += 1;
                    assert!(
                        !points.passed,
                        "{}: {path:?} breaks the strategy yet passes with {}",
                        scenario.id, points.total
                    );
                    // Nor does the move promise the business more than the course's path.
                    let back = session.customer().estimate().return_probability;
                    assert!(
                        back <= course_return + 1e-9,
                        "{}: {path:?} raises the return estimate to {back} over {course_return}",
                        scenario.id
                    );
                }
            }
            if at.is_over() {
                break;
            }
            at.reply(matcher(), ReplyInput::option(chosen)).unwrap();
        }
    }
    // The shipped library offers the moves the course warns against somewhere.
    assert!(swapped > 0);
}

#[test]
fn run_names_the_move_that_keeps_a_session_from_passing() {
    // card_wait's first option promises the rush customer a time; the rest is the course's path.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_counterplay"))
        .args(["run", "card_wait", "--replies", "1,3,3,1", "--json"])
        .current_dir(crate::root())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["passed"], false, "{v}");
    assert!(
        v["score"].as_u64().unwrap() >= v["pass_mark"].as_u64().unwrap(),
        "{v}"
    );
    assert_eq!(v["breach"]["turn"], 1);
    assert_eq!(v["breach"]["feature"], "arbitrary_promise");
    assert!(
        v["breach"]["why"]
            .as_str()
            .unwrap()
            .contains("不要任意承诺时间")
    );
}

/// The course's best row ("complained, resolved quickly") is reachable in every shipped
/// scenario by following the course: the Good option at every point, on every seed.
#[test]
fn following_the_course_resolves_quickly_in_every_shipped_scenario() {
    use counterplay::scenario::Outcome;
    for scenario in shipped().into_iter().map(Arc::new) {
        for seed in 1..=5 {
            let session = play(&scenario, seed, &[]);
            let t = session.transcript();
            let ending = t.ending.as_ref().expect("ended");
            assert_eq!(
                ending.outcome,
                Outcome::Resolved,
                "{} seed {seed}",
                scenario.id
            );
            assert!(
                ending.estimate.quick,
                "{} seed {seed}: {} replies, quick within {}",
                scenario.id,
                t.turns.len(),
                scenario.quick_turns()
            );
            let points = score(matcher().rulebook(), &scenario, t);
            assert!(points.passed, "{} seed {seed}: {points:?}", scenario.id);
            // No difficult customer is calm after the first reply.
            if scenario.customer.r#trait != Trait::None {
                assert_ne!(
                    t.turns[0].mood,
                    counterplay::scenario::Mood::Calm,
                    "{}",
                    scenario.id
                );
            }
        }
    }
}
