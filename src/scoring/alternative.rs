//! "What would have helped most": for each reply, each other option no worse graded than the one
//! chosen, followed by the course's good replies to the end; the turn and option with the
//! largest gain. And, when no change gains, whether every reply was already the best-graded one
//! or which better-graded options were not taken.

use std::sync::Arc;

use serde::Serialize;

use super::score;
use crate::lang::Text;
use crate::rulebook::Matcher;
use crate::scenario::{Grade, Reply, Scenario};
use crate::session::{ReplyChoice, ReplyInput, Session, Transcript, Turn};

/// The most valuable different choice in a session.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alternative {
    /// The reply to change (0-based).
    pub turn: usize,
    /// The option to choose instead (0-based).
    pub option: usize,
    /// What it says.
    pub text: Text,
    /// The author's grade of it.
    pub grade: Option<Grade>,
    /// The author's note on why it is graded so, if there is one.
    pub why: Option<Text>,
    /// The score that path reaches.
    pub score: u32,
    /// Points gained over the session as played.
    pub gain: u32,
}

/// A reply where the author graded another option better than the one chosen.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Missed {
    /// The reply (0-based).
    pub turn: usize,
    /// The best-graded option there (0-based; the first of them on ties).
    pub option: usize,
    /// What it says.
    pub text: Text,
    /// Its grade.
    pub grade: Option<Grade>,
    /// The author's note on it, if there is one.
    pub why: Option<Text>,
}

/// Longest continuation tried after the alternative (the model ends sooner).
const MAX_CONTINUATION: usize = 50;

/// How an author's grade ranks, better higher; an ungraded option has no rank.
fn rank(grade: Option<Grade>) -> Option<u8> {
    grade.map(|g| match g {
        Grade::Good => 2,
        Grade::Mediocre => 1,
        Grade::Bad => 0,
    })
}

/// Whether the debrief may put `candidate` in place of a reply graded `chosen`: never an option
/// graded below it (a Mediocre for a Good), nor an ungraded one for a graded choice, since
/// advice that trades down contradicts the grades the trainee is shown.
fn no_worse(candidate: Option<Grade>, chosen: Option<Grade>) -> bool {
    match (rank(candidate), rank(chosen)) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(c), Some(x)) => c >= x,
    }
}

/// The option a turn took, as the scenario has it (for typed words, the option whose path they
/// followed).
fn taken<'a>(scenario: &'a Scenario, turn: &Turn) -> Option<&'a Reply> {
    scenario.node(&turn.node)?.replies.get(turn.option?)
}

/// The alternative that gains most, if any gains at all.
pub fn best_alternative(
    scenario: &Arc<Scenario>,
    matcher: &Matcher,
    transcript: &Transcript,
) -> Option<Alternative> {
    let book = matcher.rulebook();
    let actual = score(book, scenario, transcript).total;
    let mut session = Session::start_from(
        scenario.clone(),
        transcript.seed,
        transcript.preview.clone(),
    )
    .ok()?;
    let mut best: Option<Alternative> = None;
    for (i, turn) in transcript.turns.iter().enumerate() {
        let chosen = super::grade_taken(scenario, turn);
        for (j, option) in session.options().iter().enumerate() {
            if Some(j) == turn.option && matches!(turn.choice, ReplyChoice::Option(_)) {
                continue;
            }
            if !no_worse(option.grade, chosen) {
                continue;
            }
            let mut fork = session.clone();
            if fork.reply(matcher, ReplyInput::option(j)).is_err() {
                continue;
            }
            finish_well(&mut fork, matcher);
            let total = score(book, scenario, fork.transcript()).total;
            if total > actual && best.as_ref().is_none_or(|b| total - actual > b.gain) {
                best = Some(Alternative {
                    turn: i,
                    option: j,
                    text: option.text.clone(),
                    grade: option.grade,
                    why: option.why.clone(),
                    score: total,
                    gain: total - actual,
                });
            }
        }
        if session.reply(matcher, ReplyInput::recorded(turn)).is_err() {
            break;
        }
    }
    best
}

/// Whether every reply was an authored option graded the best there was at its node, in a
/// conversation that came to an end: only then may the debrief say every step was the best.
pub fn all_best(scenario: &Scenario, transcript: &Transcript) -> bool {
    transcript.ending.is_some()
        && !transcript.turns.is_empty()
        && transcript.turns.iter().all(|t| {
            matches!(t.choice, ReplyChoice::Option(_))
                && better_option(scenario, t).is_none()
                && taken(scenario, t).is_some_and(|r| r.grade.is_some())
        })
}

/// The replies where the author graded another option better than the authored one chosen, with
/// that option (typed words have no grade of their own, so they are not compared).
pub fn missed(scenario: &Scenario, transcript: &Transcript) -> Vec<Missed> {
    transcript
        .turns
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t.choice, ReplyChoice::Option(_)))
        .filter_map(|(turn, t)| {
            let (option, reply) = better_option(scenario, t)?;
            Some(Missed {
                turn,
                option,
                text: reply.text.clone(),
                grade: reply.grade,
                why: reply.why.clone(),
            })
        })
        .collect()
}

/// The first best-graded option at a turn's node, when it is graded better than the one taken.
fn better_option<'a>(scenario: &'a Scenario, turn: &Turn) -> Option<(usize, &'a Reply)> {
    let replies = &scenario.node(&turn.node)?.replies;
    let chosen = rank(super::grade_taken(scenario, turn))?;
    let top = replies.iter().filter_map(|r| rank(r.grade)).max()?;
    if top <= chosen {
        return None;
    }
    replies
        .iter()
        .enumerate()
        .find(|(_, r)| rank(r.grade) == Some(top))
}

/// Plays the first good option at every node until the end.
pub(super) fn finish_well(session: &mut Session, matcher: &Matcher) {
    for _ in 0..MAX_CONTINUATION {
        if session.is_over() {
            return;
        }
        let good = session.option_of_grade(Grade::Good).unwrap_or(0);
        if session.reply(matcher, ReplyInput::option(good)).is_err() {
            return;
        }
    }
}
