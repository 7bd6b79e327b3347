//! Everything a debrief shows, computed once from a transcript: the terminal prints it, the JSON
//! of `run` serialises it, and the game's debrief screen draws it.

use std::sync::Arc;

use serde::Serialize;

use super::{
    Alternative, ClassSplit, Finding, SessionScore, best_alternative, class_splits, reply_findings,
    score,
};
use crate::rulebook::Matcher;
use crate::scenario::Scenario;
use crate::session::Transcript;

/// The verdict on a session.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Debrief {
    /// The score and its breakdown.
    pub score: SessionScore,
    /// The findings of each reply, in order.
    pub findings: Vec<Vec<Finding>>,
    /// The different choice that would have gained most, if any would.
    pub alternative: Option<Alternative>,
    /// How the class split at each reply it voted on (classroom play only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub class: Vec<ClassSplit>,
}

impl Debrief {
    /// Scores `transcript`, collects each reply's findings, searches for the best alternative
    /// and, for a class's play, plays every option it voted on.
    pub fn of(matcher: &Matcher, scenario: &Arc<Scenario>, transcript: &Transcript) -> Debrief {
        let book = matcher.rulebook();
        Debrief {
            score: score(book, scenario, transcript),
            findings: (0..transcript.turns.len())
                .map(|i| reply_findings(book, scenario, &transcript.turns, i))
                .collect(),
            alternative: best_alternative(scenario, matcher, transcript),
            class: class_splits(scenario, matcher, transcript),
        }
    }
}
