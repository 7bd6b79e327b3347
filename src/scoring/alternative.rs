//! "What would have helped most": for each reply, each other option, followed by the course's
//! good replies to the end; the turn and option with the largest gain.

use std::sync::Arc;

use serde::Serialize;

use super::score;
use crate::lang::Text;
use crate::rulebook::Matcher;
use crate::scenario::{Grade, Scenario};
use crate::session::{ReplyChoice, ReplyInput, Session, Transcript};

/// The most valuable different choice in a session.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alternative {
    /// The reply to change (0-based).
    pub turn: usize,
    /// The option to choose instead (0-based).
    pub option: usize,
    /// What it says.
    pub text: Text,
    /// The score that path reaches.
    pub score: u32,
    /// Points gained over the session as played.
    pub gain: u32,
}

/// Longest continuation tried after the alternative (the model ends sooner).
const MAX_CONTINUATION: usize = 50;

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
        for (j, option) in session.options().iter().enumerate() {
            if j == turn.option && matches!(turn.choice, ReplyChoice::Option(_)) {
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
