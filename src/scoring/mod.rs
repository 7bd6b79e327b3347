//! Scoring: per reply, the findings that cite the course; per session, a 0-100 score broken down
//! by the six principles and the difficult customer's strategy, the outcome, pass or fail, and
//! the turn where another option would have gained most.

mod alternative;
mod class;
mod debrief;
mod explain;
mod heard;
mod lessons;

pub use alternative::{Alternative, Missed, all_best, best_alternative, missed};
pub use class::{ClassSplit, VotedOption, class_splits};
pub use debrief::Debrief;
pub use explain::{
    advice_lines, blocker_line, business_lines, cause_name, class_split_lines, describe,
    feature_name, heard_lines, is_good, lesson_lines, note_line, outcome_line, principle_name, why,
};
pub use heard::{Heard, Piece, heard};
pub use lessons::{BitEarned, Justice, Lessons, MotiveMet, lessons};

use std::ops::Range;

use serde::Serialize;

use crate::labels::Label;
use crate::lang::Text;
use crate::rulebook::{
    BannedFinding, Feature, LAST_RESORT_ANGER, Principle, PrincipleId, Rulebook,
};
use crate::scenario::{Grade, Outcome, Scenario, Trait};
use crate::session::{Transcript, Turn};

/// The course's default pass mark.
pub const DEFAULT_PASS_MARK: u8 = 80;

/// What a finding is.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum FindingKind {
    /// Something the course asks for.
    Good {
        /// The feature shown.
        feature: Feature,
    },
    /// A banned phrase.
    Banned {
        /// The rulebook entry.
        id: String,
        /// 1 to 3; 3 blocks a pass.
        severity: u8,
        /// The words used.
        matched: String,
    },
    /// A reply that breaks the difficult customer's strategy.
    StrategyBreach {
        /// The feature that breaks it.
        feature: Feature,
    },
    /// A move the course keeps for when nothing else is left, made before that: a last resort
    /// (arbitration, the consumer hotline, the police) to anyone but a furious unreasonable
    /// customer heard out without provocation.
    TooSoon {
        /// The move.
        feature: Feature,
    },
}

/// One observation about one reply, citing the course.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// What was found.
    #[serde(flatten)]
    pub kind: FindingKind,
    /// The principle shown or broken, if one.
    pub principle: Option<PrincipleId>,
    /// Byte span in the reply, when the finding is about some words.
    pub span: Option<Range<usize>>,
    /// The course's word on it.
    pub note: Text,
}

/// The score of a whole session.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionScore {
    /// 0 to 100.
    pub total: u32,
    /// Each principle, 0 to 100.
    pub principles: Vec<(PrincipleId, u32)>,
    /// How well the difficult customer's strategy was followed, 0 to 100 (none for an ordinary
    /// customer).
    pub strategy: Option<u32>,
    /// Points for the outcome, 0 to 100.
    pub outcome: u32,
    /// Judgement, 0 to 100: how far each reply was the best the point offered for this
    /// customer, by the author's grades. Below [`JUDGEMENT_MARK`] the session cannot pass.
    pub judgement: u32,
    /// The mark needed to pass.
    pub pass_mark: u8,
    /// Whether the session passed.
    pub passed: bool,
    /// The hostile phrase that keeps it from passing whatever the total, if one was used.
    pub blocker: Option<BannedFinding>,
    /// The first move against the difficult customer's strategy, which keeps the session from
    /// passing whatever the total: the course's strategy decides, not the points.
    pub breach: Option<StrategyBreach>,
}

/// A reply that went against the course's strategy for this customer type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StrategyBreach {
    /// The reply, 0-based.
    pub turn: usize,
    /// The move that breaks the strategy.
    pub feature: Feature,
    /// Why, in the course's words.
    pub why: Text,
}

/// How one part of a score stands (a principle, the strategy, the outcome), so every interface
/// shades the parts alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// 80 or more: the part was done as the course asks.
    Strong,
    /// 50 to 79: partly.
    Fair,
    /// Below 50: the part was missed.
    Weak,
}

impl Standing {
    /// The standing of `points` out of 100.
    pub fn of(points: u32) -> Standing {
        match points {
            80.. => Standing::Strong,
            50.. => Standing::Fair,
            _ => Standing::Weak,
        }
    }
}

/// The findings for reply `index` of the transcript.
pub fn reply_findings(
    book: &Rulebook,
    scenario: &Scenario,
    turns: &[Turn],
    index: usize,
) -> Vec<Finding> {
    let turn = &turns[index];
    let span_of = |feature: Feature| {
        turn.hits
            .iter()
            .find(|h| h.feature == feature)
            .map(|h| h.span.clone())
    };
    let mut out = Vec::new();
    for b in &turn.banned {
        out.push(Finding {
            kind: FindingKind::Banned {
                id: b.id.clone(),
                severity: b.severity,
                matched: b.matched.clone(),
            },
            principle: Some(b.breaks),
            span: Some(b.span.clone()),
            note: b.better.clone(),
        });
    }
    let too_soon = last_resort_too_soon(scenario, turns, index);
    for (feature, _) in turn.features.iter() {
        if feature.is_provocation() || feature == Feature::Banned {
            continue;
        }
        if feature == Feature::LastResort && too_soon {
            continue;
        }
        // The principle the feature stands for first (an apology is sincerity before it is
        // courtesy), else any it shows.
        let principle = book
            .principles
            .iter()
            .find(|p| p.shown_by.first() == Some(&feature))
            .or_else(|| {
                book.principles
                    .iter()
                    .find(|p| p.shown_by.contains(&feature))
            })
            .map(|p| p.id);
        let span = span_of(feature);
        let note = book
            .feature(feature)
            .map(|r| r.name.clone())
            .unwrap_or_default();
        if breaches(book, scenario, turns, index, feature).is_none() {
            out.push(Finding {
                kind: FindingKind::Good { feature },
                principle,
                span,
                note,
            });
        }
    }
    // A last resort too soon sends the customer away: the model hears it as passing the buck,
    // so it breaks the principle the rulebook says passing the buck breaks.
    let sent_away = || {
        book.principles
            .iter()
            .find(|p| p.broken_by.contains(&Feature::PassBuck))
            .map(|p| p.id)
    };
    for (feature, _) in turn.features.iter() {
        let early = feature == Feature::LastResort && too_soon;
        if let Some(why) = breaches(book, scenario, turns, index, feature) {
            out.push(Finding {
                kind: FindingKind::StrategyBreach { feature },
                principle: if early { sent_away() } else { None },
                span: span_of(feature),
                note: why,
            });
        } else if early {
            out.push(Finding {
                kind: FindingKind::TooSoon { feature },
                principle: sent_away(),
                span: span_of(feature),
                note: Label::LastResortTooSoon.text(),
            });
        }
    }
    out
}

/// Whether reply `index` reaches for a last resort before the course allows it. Course 000
/// keeps arbitration or the police for the unreasonable complainer when there is no other way:
/// the customer model accepts it only from a furious one, unprovoked (`customer::step`), and the
/// first reply, before any of the course's steps, is always too soon.
fn last_resort_too_soon(scenario: &Scenario, turns: &[Turn], index: usize) -> bool {
    let turn = &turns[index];
    if !turn.features.has(Feature::LastResort) {
        return false;
    }
    let furious = index
        .checked_sub(1)
        .is_some_and(|i| turns[i].anger >= LAST_RESORT_ANGER - 1e-9);
    let provoked = turn.features.iter().any(|(f, _)| f.is_provocation());
    !(scenario.customer.r#trait == Trait::Unreasonable && furious && !provoked)
}

/// Why `feature` at reply `index` breaks the customer's strategy, if it does.
fn breaches(
    book: &Rulebook,
    scenario: &Scenario,
    turns: &[Turn],
    index: usize,
    feature: Feature,
) -> Option<Text> {
    let strategy = book.strategy(scenario.customer.r#trait)?;
    let rule = strategy.avoid.iter().find(|r| r.feature == feature)?;
    let earlier = turns[..index].iter().any(|t| t.features.has(feature));
    let anger_before = index.checked_sub(1).map(|i| turns[i].anger);
    rule.breaks(earlier, anger_before).then(|| rule.why.clone())
}

/// What reply `t` costs principle `p`, 0 to 1: nothing if it keeps it, half for a reply that
/// breaks it, more for a severe banned phrase (0.5, 0.75 or 1 by severity). Scores and class
/// reports both count broken principles with it.
pub fn principle_cost(p: &Principle, t: &Turn) -> f64 {
    let banned = t
        .banned
        .iter()
        .filter(|b| b.breaks == p.id)
        .map(|b| 0.25 + 0.25 * b.severity as f64)
        .fold(0.0, f64::max);
    let feature = if p
        .broken_by
        .iter()
        .any(|f| *f != Feature::Banned && t.features.has(*f))
    {
        0.5
    } else {
        0.0
    };
    let any_banned = if p.broken_by.contains(&Feature::Banned) && !t.banned.is_empty() {
        0.5
    } else {
        0.0
    };
    banned.max(feature).max(any_banned)
}

/// The judgement a session needs to pass, whatever its total: most replies must be the
/// course's choice for this customer. A warm reply that does nothing, picked at most points,
/// may still reach an ending the model accepts, but it is not what the course teaches.
pub const JUDGEMENT_MARK: u32 = 75;

/// What one grade is worth as judgement: a mediocre reply is a choice that leaves the
/// customer where they were, worth something but far from the course's answer.
fn grade_worth(grade: Grade) -> f64 {
    match grade {
        Grade::Good => 1.0,
        Grade::Mediocre => 0.4,
        Grade::Bad => 0.0,
    }
}

/// The grade of what a turn said: the option it followed, or for typed words the customer
/// answered in place, mediocre (they moved nothing on where the course has a move), bad when
/// they provoked.
pub fn grade_taken(scenario: &Scenario, turn: &Turn) -> Option<Grade> {
    match turn.option {
        Some(o) => scenario.node(&turn.node)?.replies.get(o)?.grade,
        None if turn.features.iter().any(|(f, _)| f.is_provocation()) => Some(Grade::Bad),
        None => Some(Grade::Mediocre),
    }
}

/// 0 to 100: each reply's grade against the best grade its choice point offered, averaged over
/// the choice points (nodes with two graded options or more); 100 when there were none.
pub fn judgement(scenario: &Scenario, turns: &[Turn]) -> u32 {
    let worths: Vec<f64> = turns
        .iter()
        .filter_map(|t| {
            let node = scenario.node(&t.node)?;
            let graded = node.replies.iter().filter_map(|r| r.grade);
            let best = graded.clone().map(grade_worth).fold(0.0, f64::max);
            if graded.count() < 2 || best <= 0.0 {
                return None;
            }
            let chosen = grade_taken(scenario, t).map_or(0.0, grade_worth);
            Some(chosen / best)
        })
        .collect();
    if worths.is_empty() {
        return 100;
    }
    (100.0 * worths.iter().sum::<f64>() / worths.len() as f64).round() as u32
}

/// The 0-100 score of a transcript, with its breakdown.
pub fn score(book: &Rulebook, scenario: &Scenario, transcript: &Transcript) -> SessionScore {
    let turns = &transcript.turns;

    // Each principle: shown at least once earns it in full (timeliness only counts in the first
    // three replies); each reply that breaks it costs half, more for severe banned phrases.
    let mut principles = Vec::new();
    for p in &book.principles {
        let shown = turns.iter().enumerate().any(|(i, t)| {
            (p.id != PrincipleId::Timeliness || i < 3)
                && p.shown_by.iter().any(|f| t.features.has(*f))
        });
        let base = if p.shown_by.is_empty() || shown {
            1.0
        } else {
            0.0
        };
        let cost: f64 = turns.iter().map(|t| principle_cost(p, t)).sum();
        principles.push((p.id, (100.0 * (base - cost).clamp(0.0, 1.0)).round() as u32));
    }
    let principle_mean =
        principles.iter().map(|(_, v)| *v as f64).sum::<f64>() / principles.len().max(1) as f64;

    // The strategy for a difficult customer: its preferred moves used, its traps avoided.
    let strategy = (scenario.customer.r#trait != Trait::None)
        .then(|| book.strategy(scenario.customer.r#trait))
        .flatten()
        .map(|s| {
            let used = s
                .prefer
                .iter()
                .filter(|f| turns.iter().any(|t| t.features.has(**f)))
                .count() as f64;
            let base = 0.5 + 0.5 * used / s.prefer.len().max(1) as f64;
            let breached: usize = turns
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    t.features
                        .iter()
                        .filter(|(f, _)| breaches(book, scenario, turns, i, *f).is_some())
                        .count()
                })
                .sum();
            (100.0 * (base - 0.5 * breached as f64).clamp(0.0, 1.0)).round() as u32
        });

    let ending = transcript.ending.as_ref();
    let anger = turns.last().map_or(0.5, |t| t.anger);
    let outcome_value = match ending.map(|e| e.outcome) {
        Some(Outcome::Resolved) if ending.is_some_and(|e| e.estimate.quick) => 1.0,
        // Resolved, but every reply past the quick ones costs the customer time.
        Some(Outcome::Resolved) => {
            let quick = scenario.quick_turns() as usize;
            (0.9 - 0.02 * turns.len().saturating_sub(quick + 1) as f64).max(0.7)
        }
        Some(Outcome::Referred) => 0.6,
        Some(Outcome::Unresolved) | None => 0.4 * (1.0 - anger),
        Some(Outcome::GaveUp) => 0.2,
        Some(Outcome::WalkedOut) => 0.1,
        Some(Outcome::Escalated) => 0.0,
    };
    let outcome = (100.0 * outcome_value).round() as u32;
    let judgement = judgement(scenario, turns);
    let total = 0.25 * judgement as f64
        + match strategy {
            Some(s) => 0.30 * outcome as f64 + 0.25 * principle_mean + 0.20 * s as f64,
            None => 0.35 * outcome as f64 + 0.40 * principle_mean,
        };
    let total = total.round().clamp(0.0, 100.0) as u32;
    let pass_mark = scenario.pass_mark.unwrap_or(DEFAULT_PASS_MARK);
    let blocker = turns
        .iter()
        .flat_map(|t| &t.banned)
        .find(|b| b.severity >= 3)
        .cloned();
    let breach = turns.iter().enumerate().find_map(|(turn, t)| {
        t.features.iter().find_map(|(feature, _)| {
            let why = breaches(book, scenario, turns, turn, feature)?;
            Some(StrategyBreach { turn, feature, why })
        })
    });
    SessionScore {
        total,
        principles,
        strategy,
        outcome,
        judgement,
        pass_mark,
        passed: total >= pass_mark as u32
            && judgement >= JUDGEMENT_MARK
            && blocker.is_none()
            && breach.is_none(),
        blocker,
        breach,
    }
}
