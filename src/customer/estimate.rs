//! What the session means for the business (MODEL.md §5.10): satisfaction, the chance the
//! customer comes back, and how many people hear about it, anchored to the course's numbers.

use serde::{Deserialize, Serialize};

use super::{Customer, Flag, lerp, unit};
use crate::scenario::Outcome;

/// The TARP return rates for this failure's magnitude: the "< $5" row at 0, the course's
/// table (the "> $100" row) at 1. Each ending belongs to one row (see [`Retention::row`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Retention {
    /// Did not complain (course: 10%): the customer who gives up, a silent loss (MODEL.md
    /// §5.9: "the 96%").
    pub silent: f64,
    /// Complained, not resolved (course: 19%): unresolved at the turn limit, or referred.
    pub unresolved: f64,
    /// Complained, resolved (course: 54%).
    pub resolved: f64,
    /// Complained, resolved quickly (course: 82%).
    pub quick: f64,
    /// Badly handled (escalated, walked out): 12% below never complaining (CCMC 2013), under
    /// the course's table.
    pub rage: f64,
}

impl Retention {
    /// The anchors for a failure of magnitude `m`.
    pub fn for_magnitude(m: f64) -> Self {
        let silent = lerp(0.37, 0.10, m);
        Retention {
            silent,
            unresolved: lerp(0.46, 0.19, m),
            resolved: lerp(0.70, 0.54, m),
            quick: lerp(0.95, 0.82, m),
            rage: 0.88 * silent,
        }
    }

    /// The rate of the row an ending belongs to: what a customer who ends that way, fully
    /// satisfied if resolved and no angrier than they came if not, is estimated at.
    pub fn row(&self, outcome: Outcome, quick: bool) -> f64 {
        self.band(outcome, quick).0
    }

    /// An ending's row and the row beneath it, the lowest the ending can be pulled to. Bands
    /// only touch, so a worse ending never beats a better one.
    fn band(&self, outcome: Outcome, quick: bool) -> (f64, f64) {
        match outcome {
            Outcome::Resolved if quick => (self.quick, self.unresolved),
            Outcome::Resolved => (self.resolved, self.unresolved),
            Outcome::Unresolved | Outcome::Referred => (self.unresolved, self.silent),
            Outcome::GaveUp => (self.silent, self.rage),
            Outcome::Escalated | Outcome::WalkedOut => (self.rage, self.rage),
        }
    }
}

/// The outcome estimate shown in the debrief ("about", citing the course).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// How the conversation ended (`Unresolved` when it stopped without an end).
    pub outcome: Outcome,
    /// Post-recovery satisfaction, 0..1.
    pub satisfaction: f64,
    /// Whether it was resolved quickly (within the quick turns). After a prior failure the
    /// rate stays at the "resolved" row even so (MODEL.md §5.10: a second failure is not
    /// undone by a quick fix).
    pub quick: bool,
    /// About how likely the customer is to come back.
    pub return_probability: f64,
    /// About how many people hear good things.
    pub positive_word_of_mouth: f64,
    /// About how many people hear bad things.
    pub negative_word_of_mouth: f64,
    /// The anchors used.
    pub retention: Retention,
}

impl Customer {
    /// The estimate for the conversation as it stands.
    pub fn estimate(&self) -> Estimate {
        let p = &self.params;
        let s = &self.state;
        let outcome = self.outcome.unwrap_or(Outcome::Unresolved);
        let satisfaction = unit(self.need() - 0.3 * s.anger);
        let q = (satisfaction / 0.8).min(1.0);
        let r = Retention::for_magnitude(p.magnitude);
        let quick = s.turn <= p.quick_turns;
        // A prior failure, or a customer now tied to one clerk (their next problem comes back
        // to that one person, and waits when they are away), stays at the "resolved" row.
        let lasting = !p.prior_failure && !s.flags.contains(&Flag::SingleContactDependency);
        let (row, beneath) = r.band(outcome, quick && lasting);
        let (mut ret, positive, negative) = match outcome {
            // A lukewarm resolution is worth less than a satisfying one, never less than none.
            Outcome::Resolved => (lerp(beneath, row, q), 5.0 * q, 0.0),
            // The course's rows stand for customers still upset by the failure, so only anger
            // the conversation added on top pulls the estimate down towards the next row.
            _ => (
                lerp(row, beneath, self.worsened()),
                0.0,
                10.0 + 10.0 * s.anger,
            ),
        };
        ret *= 0.8f64.powi(s.promise_debt as i32);
        Estimate {
            outcome,
            satisfaction,
            quick: quick && outcome == Outcome::Resolved,
            // No recovery paradox on repurchase (de Matos et al. 2007).
            return_probability: ret.min(r.quick),
            positive_word_of_mouth: positive,
            negative_word_of_mouth: negative,
            retention: r,
        }
    }

    /// How much angrier than they came the customer leaves, as a share of the way from their
    /// starting anger to fury: 0 when no angrier, 1 at full anger.
    fn worsened(&self) -> f64 {
        let start = unit(self.params.initial_anger);
        let added = self.state.anger - start;
        if added <= 0.0 {
            0.0
        } else {
            unit(added / (1.0 - start))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_serious_failure_reproduces_the_course_table() {
        let r = Retention::for_magnitude(1.0);
        assert!((r.silent - 0.10).abs() < 1e-12);
        assert!((r.unresolved - 0.19).abs() < 1e-12);
        assert!((r.resolved - 0.54).abs() < 1e-12);
        assert!((r.quick - 0.82).abs() < 1e-12);
    }

    #[test]
    fn each_ending_belongs_to_one_row() {
        let r = Retention::for_magnitude(1.0);
        assert_eq!(r.row(Outcome::Resolved, true), r.quick);
        assert_eq!(r.row(Outcome::Resolved, false), r.resolved);
        assert_eq!(r.row(Outcome::Unresolved, false), r.unresolved);
        assert_eq!(r.row(Outcome::Referred, false), r.unresolved);
        assert_eq!(r.row(Outcome::GaveUp, false), r.silent);
        assert_eq!(r.row(Outcome::Escalated, false), r.rage);
        assert_eq!(r.row(Outcome::WalkedOut, false), r.rage);
    }
}
