//! Everything a debrief shows, computed once from a transcript: the terminal prints it, the JSON
//! of `run` serialises it, and the game's debrief screen draws it.

use std::sync::Arc;

use serde::Serialize;

use super::{Alternative, Finding, SessionScore, best_alternative, reply_findings, score};
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
}

impl Debrief {
    /// Scores `transcript`, collects each reply's findings and searches for the best
    /// alternative.
    pub fn of(matcher: &Matcher, scenario: &Arc<Scenario>, transcript: &Transcript) -> Debrief {
        let book = matcher.rulebook();
        Debrief {
            score: score(book, scenario, transcript),
            findings: (0..transcript.turns.len())
                .map(|i| reply_findings(book, scenario, &transcript.turns, i))
                .collect(),
            alternative: best_alternative(scenario, matcher, transcript),
        }
    }
}
