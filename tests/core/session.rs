//! The session engine on the shipped scenarios: determinism, replay, best and worst paths.

use std::sync::Arc;

use counterplay::scenario::{Grade, Outcome, Scenario, load_paths};
use counterplay::session::{ReplyChoice, ReplyInput, Session, Transcript};

use crate::{ctx, matcher, project};

fn scenarios() -> Vec<Arc<Scenario>> {
    let (loaded, _) = load_paths(&[project("scenarios")], ctx());
    loaded
        .into_iter()
        .filter_map(|f| f.scenario)
        .map(Arc::new)
        .collect()
}

/// Plays the first option of `grade` at every node.
fn play_grade(s: &Arc<Scenario>, grade: Grade, seed: u64) -> Transcript {
    let mut session = Session::start(s.clone(), seed).unwrap();
    while !session.is_over() {
        let i = session
            .options()
            .iter()
            .position(|r| r.grade == Some(grade))
            .unwrap_or(0);
        session
            .reply(
                matcher(),
                ReplyInput {
                    choice: ReplyChoice::Option(i),
                    seconds: None,
                },
            )
            .unwrap();
    }
    session.transcript().clone()
}

#[test]
fn print_paths() {
    for s in scenarios() {
        for g in [Grade::Good, Grade::Mediocre, Grade::Bad] {
            let t = play_grade(&s, g, 1);
            let e = t.ending.as_ref().unwrap();
            println!(
                "{} {:?}: {:?} in {} turns, anger {:?}",
                s.id,
                g,
                e.outcome,
                t.turns.len(),
                t.turns.iter().map(|t| (t.anger * 100.0).round() / 100.0).collect::<Vec<_>>()
            );
        }
    }
    let _ = Outcome::Resolved;
}
