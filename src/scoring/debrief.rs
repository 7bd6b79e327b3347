//! Everything a debrief shows, computed once from a transcript: the terminal prints it, the JSON
//! of `run` serialises it, and the game's debrief screen draws it.

use std::sync::Arc;

use serde::Serialize;

use super::alternative::{all_best, missed};
use super::{
    Alternative, ClassSplit, Finding, Heard, Lessons, Missed, SessionScore, best_alternative,
    class_splits, heard, lessons, reply_findings, score,
};
use crate::lang::Text;
use crate::rulebook::Matcher;
use crate::scenario::Scenario;
use crate::session::{ReplyChoice, Transcript};

/// The verdict on a session.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Debrief {
    /// The score and its breakdown.
    pub score: SessionScore,
    /// The findings of each reply, in order.
    pub findings: Vec<Vec<Finding>>,
    /// The author's note on each reply, in order: why the option chosen is graded as it is
    /// (none for typed words, whose grade nobody wrote, or an option without a note).
    pub notes: Vec<Option<Text>>,
    /// The different choice that would have gained most, if any would.
    pub alternative: Option<Alternative>,
    /// Whether every reply was the best-graded option at its node in a conversation that ended.
    pub all_best: bool,
    /// The replies where a better-graded option was not taken.
    pub missed: Vec<Missed>,
    /// What the course teaches about this conversation: the five "a bit more", the three kinds
    /// of justice, the customer's motives, the course's figures, the recovery paradox.
    pub lessons: Lessons,
    /// How each typed reply was heard: the words recognised, the act, the nearest option.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub heard: Vec<Heard>,
    /// How the class split at each reply it voted on (classroom play only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub class: Vec<ClassSplit>,
}

impl Debrief {
    /// Scores `transcript`, collects each reply's findings and the author's notes, searches for
    /// the best alternative and, for a class's play, plays every option it voted on.
    pub fn of(matcher: &Matcher, scenario: &Arc<Scenario>, transcript: &Transcript) -> Debrief {
        let book = matcher.rulebook();
        Debrief {
            score: score(book, scenario, transcript),
            findings: (0..transcript.turns.len())
                .map(|i| reply_findings(book, scenario, &transcript.turns, i))
                .collect(),
            notes: transcript
                .turns
                .iter()
                .map(|t| {
                    let ReplyChoice::Option(o) = t.choice else {
                        return None;
                    };
                    scenario.node(&t.node)?.replies.get(o)?.why.clone()
                })
                .collect(),
            alternative: best_alternative(scenario, matcher, transcript),
            all_best: all_best(scenario, transcript),
            missed: missed(scenario, transcript),
            lessons: lessons(matcher, scenario, transcript),
            heard: heard(scenario, &transcript.turns),
            class: class_splits(scenario, matcher, transcript),
        }
    }
}
