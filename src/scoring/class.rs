//! How a class split at each reply it voted on, and what every option would have done: each one
//! played from the same moment by the engine, then followed by the course's good replies, so
//! the discussion rests on the model rather than on anyone's guess.

use std::sync::Arc;

use serde::Serialize;

use super::alternative::finish_well;
use super::score;
use crate::lang::Text;
use crate::rulebook::Matcher;
use crate::scenario::{Grade, Mood, Outcome, Scenario};
use crate::session::{ReplyInput, Session, Transcript};

/// The class's votes at one reply.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClassSplit {
    /// The reply (0-based).
    pub turn: usize,
    /// Votes cast.
    pub total: u32,
    /// Every option offered there, in the order shown.
    pub options: Vec<VotedOption>,
}

/// One option of a voted reply and its consequences.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VotedOption {
    /// Its place (0-based).
    pub option: usize,
    /// What it says.
    pub text: Text,
    /// The author's grade.
    pub grade: Option<Grade>,
    /// Votes it got.
    pub votes: u32,
    /// Whether the class played it (it had the most votes).
    pub played: bool,
    /// The customer's anger just after it.
    pub anger: f64,
    /// The mood that anger is.
    pub mood: Mood,
    /// The banned phrases in it, as said.
    pub banned: Vec<String>,
    /// The outcome, if the customer would have ended the conversation on it.
    pub ends: Option<Outcome>,
    /// The score reached by choosing it and then the course's good replies to the end.
    pub score: u32,
}

/// The split at every reply the class voted on, in order; empty when nobody voted.
pub fn class_splits(
    scenario: &Arc<Scenario>,
    matcher: &Matcher,
    transcript: &Transcript,
) -> Vec<ClassSplit> {
    let book = matcher.rulebook();
    let Ok(mut session) = Session::start_from(
        scenario.clone(),
        transcript.seed,
        transcript.preview.clone(),
    ) else {
        return Vec::new();
    };
    let mut splits = Vec::new();
    for (i, turn) in transcript.turns.iter().enumerate() {
        if let Some(votes) = &turn.votes {
            let options = session
                .options()
                .iter()
                .enumerate()
                .filter_map(|(j, reply)| {
                    let mut fork = session.clone();
                    let said = fork.reply(matcher, ReplyInput::option(j)).ok()?.clone();
                    let ends = fork.transcript().ending.as_ref().map(|e| e.outcome);
                    finish_well(&mut fork, matcher);
                    Some(VotedOption {
                        option: j,
                        text: reply.text.clone(),
                        grade: reply.grade,
                        votes: votes.get(j).copied().unwrap_or(0),
                        played: Some(j) == turn.option,
                        anger: said.anger,
                        mood: said.mood,
                        banned: said.banned.iter().map(|b| b.matched.clone()).collect(),
                        ends,
                        score: score(book, scenario, fork.transcript()).total,
                    })
                })
                .collect();
            splits.push(ClassSplit {
                turn: i,
                total: votes.iter().sum(),
                options,
            });
        }
        if session.reply(matcher, ReplyInput::recorded(turn)).is_err() {
            break;
        }
    }
    splits
}
