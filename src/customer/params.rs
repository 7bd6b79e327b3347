//! What a customer is like, derived once from the scenario (MODEL.md §5.2).

use rand::{Rng, RngExt};
use serde::{Deserialize, Serialize};

use crate::scenario::{FailureKind, Mood, Motives, Scenario, Trait, Tuning};

/// The customer's fixed parameters for one session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerParams {
    /// Outcome or process failure (SBW matching).
    pub failure: FailureKind,
    /// Size of the loss, 0..1.
    pub magnitude: f64,
    /// The complaint motives.
    pub motives: Motives,
    /// The difficult-customer type.
    pub r#trait: Trait,
    /// Whether the firm failed them before.
    pub prior_failure: bool,
    /// Weight of interactional justice in satisfaction.
    pub w_interactional: f64,
    /// Weight of procedural justice.
    pub w_procedural: f64,
    /// Weight of distributive justice.
    pub w_distributive: f64,
    /// How much provocation hurts ("士可殺,不可辱").
    pub sensitivity: f64,
    /// Patience lost per reply.
    pub patience_decay: f64,
    /// How much being heard is needed before solutions land.
    pub venting_need: f64,
    /// Anger at the start.
    pub initial_anger: f64,
    /// Trust at the start.
    pub initial_trust: f64,
    /// Hard limit on replies.
    pub max_turns: u32,
    /// Resolved within this many replies is "resolved quickly".
    pub quick_turns: u32,
    /// The most anger one reply can ease: nobody is calm after one good sentence, and a
    /// difficult customer least of all; on the course's path anger falls step by step as the
    /// strategy plays out (docs/model.md).
    pub max_relief: f64,
    /// Replies after an arbitrary time promise at which the time has passed (a counter
    /// conversation's replies are about a minute apart, and "five minutes" is soon over);
    /// none when nobody checks the clock.
    pub promise_runs_out: Option<u32>,
}

/// The most anger one reply eases for an ordinary upset customer.
pub const ORDINARY_MAX_RELIEF: f64 = 0.25;
/// The most anger one reply eases for one of the course's difficult customers.
pub const DIFFICULT_MAX_RELIEF: f64 = 0.15;

impl CustomerParams {
    /// The exact parameters of MODEL.md §5.2 for a scenario, with its tuning and no jitter.
    pub fn exact(s: &Scenario) -> Self {
        let c = &s.customer;
        Self {
            quick_turns: s.quick_turns(),
            ..Self::from_profile(
                s.failure.kind,
                s.failure.magnitude,
                c.motives,
                c.r#trait,
                c.prior_failure,
                &c.tuning,
            )
        }
    }

    /// The exact parameters for a customer profile (MODEL.md §5.2).
    pub fn from_profile(
        failure: FailureKind,
        magnitude: f64,
        motives: Motives,
        r#trait: Trait,
        prior_failure: bool,
        tuning: &Tuning,
    ) -> Self {
        let m = motives;
        let wi = 0.25 + 0.45 * m.respect + 0.35 * m.venting;
        let wp = 0.20 + 0.20 * m.venting;
        let wd = 0.20 + 0.60 * m.compensation;
        let sum = wi + wp + wd;
        let unreasonable = r#trait == Trait::Unreasonable;
        let rush = r#trait == Trait::Rush;
        CustomerParams {
            failure,
            magnitude,
            motives: m,
            r#trait,
            prior_failure,
            w_interactional: wi / sum,
            w_procedural: wp / sum,
            w_distributive: wd / sum,
            sensitivity: (1.0 + m.respect) * if unreasonable { 1.5 } else { 1.0 },
            patience_decay: tuning
                .patience_decay
                .unwrap_or(if rush { 0.16 } else { 0.08 }),
            venting_need: 0.3 + 0.5 * m.venting,
            initial_anger: tuning.initial_anger.unwrap_or(0.45 + 0.40 * magnitude),
            initial_trust: tuning
                .initial_trust
                .unwrap_or(if prior_failure { 0.3 } else { 0.5 }),
            max_turns: tuning.max_turns(),
            quick_turns: tuning.quick_turns.unwrap_or(4),
            promise_runs_out: Some(2),
            max_relief: if r#trait == Trait::None {
                ORDINARY_MAX_RELIEF
            } else {
                DIFFICULT_MAX_RELIEF
            },
        }
    }

    /// The mood the customer walks up in before any jitter: where an instructor's preview of a
    /// scenario starts by default.
    pub fn opening_mood(&self) -> Mood {
        Mood::of_anger(self.initial_anger)
    }

    /// The parameters with initial anger, sensitivity and patience decay each jittered by up to
    /// ±10%, so two sessions of one scenario need not play the same.
    pub fn jittered(s: &Scenario, rng: &mut impl Rng) -> Self {
        let mut p = Self::exact(s);
        let mut jitter = || 1.0 + rng.random_range(-0.1..=0.1);
        p.initial_anger = (p.initial_anger * jitter()).clamp(0.0, 1.0);
        p.sensitivity *= jitter();
        p.patience_decay *= jitter();
        p
    }
}
