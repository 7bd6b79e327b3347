//! The per-turn update of MODEL.md §5.5, in its documented order, with every change to anger
//! recorded as a named term.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{CustomerParams, EPSILON, unit};
use crate::rulebook::{Feature, Features, LAST_RESORT_ANGER};
use crate::scenario::{FailureKind, Outcome, Trait};

/// What the customer hears in one reply.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StepInput {
    /// The reply's features (from the rulebook and the author's overrides).
    pub features: Features,
    /// Compensation offered, as a ratio of the fair amount (1.0 = commensurate).
    pub offer: Option<f64>,
    /// Seconds the reply took beyond what a hurried customer will wait; 0 when in time.
    pub overtime: f64,
}

/// Rule breaches the model notices (the scorer turns them into findings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Flag {
    /// A time was promised that nobody can guarantee.
    ArbitraryPromise,
    /// A one-to-one customer was made dependent on a single person.
    SingleContactDependency,
}

/// Why anger moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Cause {
    /// A feature of the reply (relief is negative, provocation positive).
    Feature(Feature),
    /// Drift toward the level the unremedied loss keeps alive.
    Drift,
    /// A hurried customer saw no progress.
    NoProgress,
    /// The one-to-one customer was refused the named person with no alternative.
    RefusedNamedPerson,
    /// The repeat complainer raised another grievance ("还有……").
    ReRaise,
    /// The reply took too long for a hurried customer.
    Hesitation,
    /// Anger cannot leave 0..1; the part of the change cut off.
    Limit,
    /// Relief beyond what one reply can bring: anger eases step by step, a difficult
    /// customer's more slowly (the part held back).
    Resistance,
    /// The time promised has come and gone with the problem still there.
    PromiseBroken,
}

/// One named contribution to the change in anger.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Term {
    /// What caused it.
    pub cause: Cause,
    /// How much anger it added (negative: relief).
    pub delta: f64,
}

/// The customer's state (MODEL.md §5.3); all levels 0..1 except `demand`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerState {
    /// Anger.
    pub anger: f64,
    /// Trust in the clerk and the firm.
    pub trust: f64,
    /// Patience left.
    pub patience: f64,
    /// How far the customer feels heard.
    pub heard: f64,
    /// Interactional justice.
    pub interactional: f64,
    /// Procedural justice.
    pub procedural: f64,
    /// The core problem fixed or credibly scheduled.
    pub fixed: f64,
    /// Best compensation offered, as a ratio of fair.
    pub compensation: f64,
    /// What the customer asks for, as a ratio of fair (≥ 1).
    pub demand: f64,
    /// Apologies so far (each one counts half the last).
    pub apologies: u32,
    /// Whether the clerk has acknowledged or apologised yet.
    pub acknowledged: bool,
    /// Arbitrary promises made (each lowers the return estimate).
    pub promise_debt: u32,
    /// Grievances the repeat complainer still holds back.
    pub re_raises: u32,
    /// Consecutive turns at rage (anger ≥ 0.9).
    pub rage_turns: u32,
    /// Replies heard so far.
    pub turn: u32,
    /// Rule breaches noticed.
    pub flags: BTreeSet<Flag>,
    /// Relief earned but not yet felt: what one reply could not ease (`max_relief`) eases over
    /// the next ones, unless the clerk provokes the customer first.
    #[serde(default)]
    pub pending_relief: f64,
    /// The reply at which the first time promised runs out: the customer checks the clock.
    #[serde(default)]
    pub promise_due: Option<u32>,
}

/// What one reply did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepTrace {
    /// The state before the reply.
    pub before: CustomerState,
    /// The state after it.
    pub after: CustomerState,
    /// The change in anger as named terms; they sum to `after.anger − before.anger`.
    pub anger_terms: Vec<Term>,
    /// The end reached, if any.
    pub outcome: Option<Outcome>,
    /// Whether the repeat complainer raised another grievance this turn.
    pub re_raised: bool,
}

/// A simulated customer: fixed parameters and a changing state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    /// What the customer is like.
    pub params: CustomerParams,
    /// How the customer feels now.
    pub state: CustomerState,
    /// The end reached, after which replies change nothing.
    pub outcome: Option<Outcome>,
}

/// Collects anger terms per cause.
#[derive(Default)]
struct Ledger(Vec<Term>);

impl Ledger {
    fn add(&mut self, cause: Cause, delta: f64) {
        if delta == 0.0 {
            return;
        }
        match self.0.iter_mut().find(|t| t.cause == cause) {
            Some(t) => t.delta += delta,
            None => self.0.push(Term { cause, delta }),
        }
    }

    /// Splits `total` across `shares` in proportion to their weights.
    fn split(&mut self, total: f64, shares: &[(Cause, f64)]) {
        let sum: f64 = shares.iter().map(|(_, w)| w).sum();
        if sum <= 0.0 {
            return;
        }
        for &(cause, w) in shares {
            self.add(cause, total * w / sum);
        }
    }
}

impl Customer {
    /// A customer with these parameters, before the first reply.
    pub fn new(params: CustomerParams) -> Self {
        let state = CustomerState {
            anger: unit(params.initial_anger),
            trust: unit(params.initial_trust),
            patience: 1.0,
            heard: 0.0,
            interactional: 0.0,
            procedural: 0.0,
            fixed: 0.0,
            compensation: 0.0,
            demand: if params.r#trait == Trait::Unreasonable {
                1.6
            } else {
                1.0
            },
            apologies: 0,
            acknowledged: false,
            promise_debt: 0,
            re_raises: if params.r#trait == Trait::Repeat {
                2
            } else {
                0
            },
            rage_turns: 0,
            pending_relief: 0.0,
            promise_due: None,
            turn: 0,
            flags: BTreeSet::new(),
        };
        Customer {
            params,
            state,
            outcome: None,
        }
    }

    /// Distributive justice (MODEL.md §5.3): the fix and the compensation, matched to the
    /// failure type, relative to what the customer demands.
    pub fn distributive(&self) -> f64 {
        distributive(&self.params, &self.state)
    }

    /// What the customer would call fair overall: the justice channels by their weights.
    pub fn need(&self) -> f64 {
        let p = &self.params;
        let s = &self.state;
        p.w_interactional * s.interactional
            + p.w_procedural * s.procedural
            + p.w_distributive * self.distributive()
    }

    /// Whether the customer would call it resolved now (MODEL.md §5.9's conditions, without the
    /// repeat complainer's re-raises).
    pub fn satisfied(&self) -> bool {
        let calm = if self.params.r#trait == Trait::Unreasonable {
            0.45
        } else {
            0.30
        };
        let s = &self.state;
        s.anger <= calm + EPSILON
            && self.need() >= 0.6 - EPSILON
            && s.fixed >= 0.6 - EPSILON
            && s.demand <= 1.2 + EPSILON
    }

    /// Hears one reply and updates the state in the order of MODEL.md §5.5, then checks the end
    /// conditions of §5.9. After an end, replies change nothing.
    pub fn step(&mut self, input: &StepInput) -> StepTrace {
        let before = self.state.clone();
        if self.outcome.is_some() {
            return StepTrace {
                after: before.clone(),
                before,
                anger_terms: Vec::new(),
                outcome: self.outcome,
                re_raised: false,
            };
        }
        let p = &self.params;
        let mut ledger = Ledger::default();
        let st = &mut self.state;
        st.turn += 1;
        let ready = hear(st, p, input);
        let (interactional, interactional_raw) = interactional_justice(st, p, input, ready);
        let (procedural, procedural_gain, progress) = procedural_justice(st, p, input, ready);
        let fix = outcome_justice(st, p, input);
        let d = distributive(p, st);
        let (prov_terms, prov) = provocation(st, p, input);
        update_trust(st, p, input, prov);
        let heard = Heard {
            ready,
            interactional,
            interactional_raw,
            procedural,
            procedural_gain,
            progress,
            fix,
            distributive: d,
            provocation: prov_terms,
            prov,
        };
        let hesitation = update_anger(st, p, input, &before, &heard, &mut ledger);
        update_patience(st, p, input, &heard, hesitation);
        let (outcome, re_raised) = end_conditions(st, p, input, &before, &heard, &mut ledger);

        // Whatever clamping cut off, so the terms add up to the change.
        let sum: f64 = ledger.0.iter().map(|t| t.delta).sum();
        let limit = (st.anger - before.anger) - sum;
        if limit.abs() > 1e-12 {
            ledger.add(Cause::Limit, limit);
        }
        self.outcome = outcome;
        StepTrace {
            before,
            after: self.state.clone(),
            anger_terms: ledger.0,
            outcome,
            re_raised,
        }
    }
}

/// What one reply did before anger moves (steps 1 to 6), kept so the anger update can name the
/// terms behind each change.
struct Heard {
    /// How ready the customer is for solutions: being heard against the need to vent.
    ready: f64,
    /// The interactional gain's terms.
    interactional: Vec<(Cause, f64)>,
    /// The interactional gain before the room left to gain caps it.
    interactional_raw: f64,
    /// The procedural gain's terms.
    procedural: [(Cause, f64); 5],
    /// The procedural gain, the sum of its terms.
    procedural_gain: f64,
    /// The strongest sign of progress in the reply.
    progress: f64,
    /// What each fix-bearing feature is worth.
    fix: [(Cause, f64); 3],
    /// Distributive justice after the reply.
    distributive: f64,
    /// The provocation's terms.
    provocation: [(Cause, f64); 6],
    /// The provocation, the sum of its terms.
    prov: f64,
}

/// Step 1, being heard: solutions land only once the customer has been heard; returns readiness.
fn hear(st: &mut CustomerState, p: &CustomerParams, input: &StepInput) -> f64 {
    let f = |x: Feature| input.features.get(x);
    // Interrupting undoes being heard.
    st.heard = unit(
        st.heard
            + (1.0 - st.heard)
                * (0.35 * f(Feature::Listen)
                    + 0.25 * f(Feature::Acknowledge)
                    + 0.15 * f(Feature::Empathy))
            - 0.3 * f(Feature::Interrupt),
    );
    unit(st.heard / p.venting_need)
}

/// Step 2, interactional justice: how the customer is treated, the first thing a complaint is about.
fn interactional_justice(
    st: &mut CustomerState,
    p: &CustomerParams,
    input: &StepInput,
    ready: f64,
) -> (Vec<(Cause, f64)>, f64) {
    let f = |x: Feature| input.features.get(x);
    let unreasonable = p.r#trait == Trait::Unreasonable;
    let process = p.failure == FailureKind::Process;
    let apology =
        f(Feature::Apology) * if process { 1.25 } else { 0.85 } * 0.5f64.powi(st.apologies as i32);
    let excuse = if !st.acknowledged && f(Feature::Apology) == 0.0 && f(Feature::Acknowledge) == 0.0
    {
        f(Feature::Explanation)
    } else {
        0.0
    };
    let mut gi_terms = vec![
        (
            Cause::Feature(Feature::Acknowledge),
            0.30 * f(Feature::Acknowledge),
        ),
        (Cause::Feature(Feature::Apology), 0.30 * apology),
        (Cause::Feature(Feature::Empathy), 0.25 * f(Feature::Empathy)),
        (
            Cause::Feature(Feature::Explanation),
            0.15 * f(Feature::Explanation) * ready,
        ),
        (Cause::Feature(Feature::Thanks), 0.10 * f(Feature::Thanks)),
        (
            Cause::Feature(Feature::FirmReason),
            0.10 * f(Feature::FirmReason),
        ),
        (
            Cause::Feature(Feature::Initiative),
            0.15 * f(Feature::Initiative) * if process { 1.2 } else { 1.0 },
        ),
    ];
    if unreasonable {
        for t in &mut gi_terms {
            t.1 *= 0.6;
        }
    }
    let gi: f64 = gi_terms.iter().map(|t| t.1).sum();
    let gi_raw = gi * (1.0 - st.interactional) * (1.0 + 0.5 * p.motives.respect);
    st.interactional = unit(st.interactional + gi_raw - 0.15 * excuse);
    if f(Feature::Apology) > 0.0 {
        st.apologies += 1;
    }
    st.acknowledged = st.acknowledged || f(Feature::Acknowledge) > 0.0 || f(Feature::Apology) > 0.0;
    (gi_terms, gi_raw)
}

/// Step 3, procedural justice: whether the complaint is being handled; returns the gain's terms,
/// the gain and the reply's progress.
fn procedural_justice(
    st: &mut CustomerState,
    p: &CustomerParams,
    input: &StepInput,
    ready: f64,
) -> ([(Cause, f64); 5], f64, f64) {
    let f = |x: Feature| input.features.get(x);
    let rush = p.r#trait == Trait::Rush;
    let k_rush = if rush { 1.8 } else { 1.0 };
    let esc = escalation(p, input);
    let gp_terms = [
        (Cause::Feature(Feature::Action), 0.45 * f(Feature::Action)),
        (
            Cause::Feature(Feature::Commitment),
            0.35 * f(Feature::Commitment) * k_rush,
        ),
        (
            Cause::Feature(Feature::Explanation),
            0.20 * f(Feature::Explanation) * ready * k_rush,
        ),
        (Cause::Feature(Feature::Listen), 0.15 * f(Feature::Listen)),
        (Cause::Feature(Feature::EscalateTeam), 0.30 * esc),
    ];
    let gp: f64 = gp_terms.iter().map(|t| t.1).sum();
    let progress = f(Feature::Action)
        .max(f(Feature::Commitment))
        .max(f(Feature::Explanation))
        .max(f(Feature::EscalateTeam));
    let delay = if st.turn > 2 && progress == 0.0 {
        0.05
    } else {
        0.0
    };
    st.procedural = unit(st.procedural + gp * (1.0 - st.procedural) - delay);
    (gp_terms, gp, progress)
}

/// How much handing over to a team counts: what the one-to-one customer needs, little to others.
fn escalation(p: &CustomerParams, input: &StepInput) -> f64 {
    let one_to_one = p.r#trait == Trait::OneToOne;
    input.features.get(Feature::EscalateTeam) * if one_to_one { 1.5 } else { 0.6 }
}

/// Step 4, the outcome: the fix (a promise counts as far as it is believed) and compensation;
/// returns what each fix-bearing feature is worth.
fn outcome_justice(
    st: &mut CustomerState,
    p: &CustomerParams,
    input: &StepInput,
) -> [(Cause, f64); 3] {
    let f = |x: Feature| input.features.get(x);
    let unreasonable = p.r#trait == Trait::Unreasonable;
    let fix_terms = [
        (Cause::Feature(Feature::Action), f(Feature::Action)),
        (
            Cause::Feature(Feature::Commitment),
            0.7 * f(Feature::Commitment) * (0.5 + st.trust),
        ),
        (
            Cause::Feature(Feature::EscalateTeam),
            0.6 * escalation(p, input),
        ),
    ];
    for (_, v) in fix_terms {
        st.fixed = st.fixed.max(v);
    }
    let offer = input.offer.unwrap_or(0.0).max(0.0);
    if offer > 0.0 {
        if unreasonable {
            // Raising an offer, or going past fair, raises the ask.
            let raise = if st.compensation > 0.0 {
                (offer - st.compensation).max(0.0)
            } else {
                0.0
            };
            st.demand += 0.3 * raise + 0.3 * (offer - 1.0).max(0.0);
        }
        st.compensation = st.compensation.max(offer);
        if p.r#trait == Trait::Repeat && offer > 1.0 {
            // Rewarding the repeat complaint invites the next one.
            st.re_raises += 1;
        }
    }
    if unreasonable && (f(Feature::FirmReason) > 0.0 || f(Feature::LimitSetting) > 0.0) {
        st.demand = (st.demand - 0.2).max(1.0);
    }
    fix_terms
}

/// Step 5, provocation: hurts weigh about twice as much as comparable help; returns the terms and
/// their sum.
fn provocation(
    st: &CustomerState,
    p: &CustomerParams,
    input: &StepInput,
) -> ([(Cause, f64); 6], f64) {
    let f = |x: Feature| input.features.get(x);
    let one_to_one = p.r#trait == Trait::OneToOne;
    let refused_named = one_to_one
        && st.turn == 2
        && f(Feature::EscalateTeam) == 0.0
        && f(Feature::PersonalOwner) == 0.0;
    let prov_terms = [
        (Cause::Feature(Feature::Banned), f(Feature::Banned)),
        (Cause::Feature(Feature::Blame), 0.8 * f(Feature::Blame)),
        (
            Cause::Feature(Feature::Interrupt),
            0.5 * f(Feature::Interrupt) * (1.0 + p.motives.venting),
        ),
        (Cause::Feature(Feature::Argue), 0.6 * f(Feature::Argue)),
        (
            Cause::Feature(Feature::PassBuck),
            0.7 * f(Feature::PassBuck),
        ),
        (
            Cause::RefusedNamedPerson,
            if refused_named { 0.3 } else { 0.0 },
        ),
    ];
    let prov: f64 = prov_terms.iter().map(|t| t.1).sum();
    (prov_terms, prov)
}

/// Step 6, trust: earned by doing and apologising, lost to provocation; breaches are noted here.
fn update_trust(st: &mut CustomerState, p: &CustomerParams, input: &StepInput, prov: f64) {
    let f = |x: Feature| input.features.get(x);
    let one_to_one = p.r#trait == Trait::OneToOne;
    st.trust = unit(
        st.trust
            + 0.10 * (f(Feature::Action) + f(Feature::Commitment))
            + 0.05 * f(Feature::Apology)
            + 0.05 * f(Feature::FirmReason)
            - 0.25 * prov,
    );
    if f(Feature::ArbitraryPromise) > 0.0 {
        st.promise_debt += 1;
        st.flags.insert(Flag::ArbitraryPromise);
        if let Some(runs_out) = p.promise_runs_out {
            st.promise_due.get_or_insert(st.turn + runs_out);
        }
    }
    if f(Feature::PersonalOwner) > 0.0 && one_to_one {
        st.flags.insert(Flag::SingleContactDependency);
    }
}

/// Step 7, anger: relief from justice gains, drift toward the floor the unremedied loss keeps
/// alive, and the hurt, each recorded as a term; returns the hurried customer's hesitation.
fn update_anger(
    st: &mut CustomerState,
    p: &CustomerParams,
    input: &StepInput,
    before: &CustomerState,
    h: &Heard,
    ledger: &mut Ledger,
) -> f64 {
    let f = |x: Feature| input.features.get(x);
    let rush = p.r#trait == Trait::Rush;
    let unreasonable = p.r#trait == Trait::Unreasonable;
    let mut relief = justice_relief(st, p, before, h, ledger);
    let promise_relief = 0.15 * f(Feature::ArbitraryPromise) * if rush { 1.5 } else { 1.0 };
    relief += promise_relief;
    ledger.add(Cause::Feature(Feature::ArbitraryPromise), -promise_relief);
    // Relief held back by earlier replies sinks in now, unless this reply provoked.
    if h.prov > 0.0 {
        st.pending_relief = 0.0;
    } else if st.pending_relief > 0.0 {
        // Never more than the anger left to ease.
        let sinking = st
            .pending_relief
            .min((p.max_relief - relief).max(0.0))
            .min((st.anger - relief).max(0.0));
        st.pending_relief -= sinking;
        relief += sinking;
        ledger.add(Cause::Resistance, -sinking);
    }
    if relief > p.max_relief {
        let held = relief - p.max_relief;
        st.pending_relief += held;
        ledger.add(Cause::Resistance, held);
        relief = p.max_relief;
    }
    if unreasonable && f(Feature::LimitSetting) > 0.0 && st.anger > 0.6 {
        relief += 0.10;
        ledger.add(Cause::Feature(Feature::LimitSetting), -0.10);
    }
    let mut hurt = 0.18 * p.sensitivity * h.prov;
    ledger.split(hurt, &h.provocation);
    if st.promise_due == Some(st.turn) {
        // The promised time is up and the problem is still there: the customer trusts the
        // clerk less, and the one who came in a hurry is angrier than before the promise.
        st.trust = unit(st.trust - 0.2);
        if rush {
            hurt += 0.25;
            ledger.add(Cause::PromiseBroken, 0.25);
        }
    }
    if !unreasonable && f(Feature::LimitSetting) > 0.0 && st.anger < 0.8 {
        // Lecturing a reasonable customer backfires.
        hurt += 0.10;
        ledger.add(Cause::Feature(Feature::LimitSetting), 0.10);
    }
    let floor =
        if unreasonable { 0.35 } else { 0.10 } + 0.35 * p.magnitude * (1.0 - h.distributive);
    let drift = 0.15 * (floor - st.anger);
    ledger.add(Cause::Drift, drift);
    let mut anger = st.anger + drift - relief + hurt;
    if rush && h.progress == 0.0 {
        anger += 0.05;
        ledger.add(Cause::NoProgress, 0.05);
    }
    let hesitation = if rush {
        (0.01 * input.overtime).min(0.10)
    } else {
        0.0
    };
    anger += hesitation;
    ledger.add(Cause::Hesitation, hesitation);
    st.anger = unit(anger);
    hesitation
}

/// The relief the three justice gains bring (solutions land once the customer feels heard), each
/// split across the terms that made it so the debrief can name them.
fn justice_relief(
    st: &CustomerState,
    p: &CustomerParams,
    before: &CustomerState,
    h: &Heard,
    ledger: &mut Ledger,
) -> f64 {
    let unreasonable = p.r#trait == Trait::Unreasonable;
    let (ji0, jp0) = (before.interactional, before.procedural);
    let (fixed0, comp0) = (before.fixed, before.compensation);
    let d = h.distributive;
    let d_before = distributive(p, before);
    let mult = if p.prior_failure { 0.8 } else { 1.0 } * if unreasonable { 0.6 } else { 1.0 };
    let solution_gate = 0.4 + 0.6 * h.ready;
    let d_gain = (d - d_before).max(0.0);
    let relief_i = p.w_interactional * (st.interactional - ji0) * mult;
    let relief_p = solution_gate * p.w_procedural * (st.procedural - jp0) * mult;
    let relief_d = solution_gate * p.w_distributive * d_gain * mult;
    // Interactional: gains split by their terms; a net loss is the excuse.
    let gained_i = h.interactional_raw.min(1.0 - ji0).max(0.0);
    let total_i = st.interactional - ji0;
    if total_i != 0.0 {
        let from_gains = if total_i > 0.0 {
            total_i.min(gained_i)
        } else {
            0.0
        };
        ledger.split(-relief_i * from_gains / total_i, &h.interactional);
        ledger.add(
            Cause::Feature(Feature::Explanation),
            -relief_i * (total_i - from_gains) / total_i,
        );
    }
    let total_p = st.procedural - jp0;
    if total_p != 0.0 {
        if total_p > 0.0 || h.procedural_gain > 0.0 {
            ledger.split(-relief_p, &h.procedural);
        }
        if total_p < 0.0 && h.procedural_gain == 0.0 {
            ledger.add(Cause::NoProgress, -relief_p);
        }
    }
    if d_gain > 0.0 {
        let fix_gain = 0.7 * (st.fixed - fixed0);
        let comp_gain = (d_gain - fix_gain / st.demand).max(0.0);
        let fix_share = d_gain - comp_gain;
        let best_fix: Vec<(Cause, f64)> = h
            .fix
            .iter()
            .filter(|(_, v)| *v > fixed0 && (*v - st.fixed).abs() < EPSILON)
            .take(1)
            .map(|(c, _)| (*c, 1.0))
            .collect();
        ledger.split(-relief_d * fix_share / d_gain, &best_fix);
        if st.compensation > comp0 || comp_gain > 0.0 {
            ledger.add(
                Cause::Feature(Feature::Compensation),
                -relief_d * comp_gain / d_gain,
            );
        }
    }
    relief_i + relief_p + relief_d
}

/// Step 8, patience: it runs out with every reply, faster without progress or with provocation.
fn update_patience(
    st: &mut CustomerState,
    p: &CustomerParams,
    input: &StepInput,
    h: &Heard,
    hesitation: f64,
) {
    let f = |x: Feature| input.features.get(x);
    let no_progress = if h.progress == 0.0 { 0.05 } else { 0.0 };
    st.patience = unit(
        st.patience - p.patience_decay - no_progress - 0.10 * h.prov - hesitation
            + 0.05 * f(Feature::Commitment)
            + 0.03 * f(Feature::Action),
    );
}

/// Step 9, the end conditions in the order of §5.9; returns the end reached, if any, and whether
/// the repeat complainer raised another grievance instead of resolving.
fn end_conditions(
    st: &mut CustomerState,
    p: &CustomerParams,
    input: &StepInput,
    before: &CustomerState,
    h: &Heard,
    ledger: &mut Ledger,
) -> (Option<Outcome>, bool) {
    if let Some(outcome) = last_resort(st, p, input, before.anger, h.prov, ledger) {
        return (Some(outcome), false);
    }
    verdict(st, p, input, h.distributive, ledger)
}

/// A last resort ends only a furious, unprovoked unreasonable customer's complaint (referred).
fn last_resort(
    st: &mut CustomerState,
    p: &CustomerParams,
    input: &StepInput,
    a0: f64,
    prov: f64,
    ledger: &mut Ledger,
) -> Option<Outcome> {
    let unreasonable = p.r#trait == Trait::Unreasonable;
    if input.features.get(Feature::LastResort) > 0.0 {
        if unreasonable && a0 >= LAST_RESORT_ANGER - EPSILON && prov == 0.0 {
            return Some(Outcome::Referred);
        }
        // Sending a reasonable customer away reads as passing the buck.
        let push = 0.18 * p.sensitivity * 0.7;
        let a = st.anger;
        st.anger = unit(a + push);
        ledger.add(Cause::Feature(Feature::LastResort), push);
    }
    None
}

/// The other ends, in order: rage, resolution (unless a grievance is re-raised), patience, turns.
fn verdict(
    st: &mut CustomerState,
    p: &CustomerParams,
    input: &StepInput,
    d: f64,
    ledger: &mut Ledger,
) -> (Option<Outcome>, bool) {
    let f = |x: Feature| input.features.get(x);
    let unreasonable = p.r#trait == Trait::Unreasonable;
    let mut outcome = None;
    let mut re_raised = false;
    let need = p.w_interactional * st.interactional
        + p.w_procedural * st.procedural
        + p.w_distributive * d;
    st.rage_turns = if st.anger >= 0.9 - EPSILON {
        st.rage_turns + 1
    } else {
        0
    };
    let calm = if unreasonable { 0.45 } else { 0.30 };
    if st.rage_turns >= 2 || (f(Feature::Banned) >= 1.0 && st.anger >= 0.85 - EPSILON) {
        outcome = Some(Outcome::Escalated);
    } else if st.anger <= calm + EPSILON
        && need >= 0.6 - EPSILON
        && st.fixed >= 0.6 - EPSILON
        && st.demand <= 1.2 + EPSILON
    {
        if st.re_raises > 0 && f(Feature::FirmReason) == 0.0 {
            // "还有……": the repeat complainer brings up the next thing.
            st.re_raises -= 1;
            st.anger = unit(st.anger + 0.25);
            ledger.add(Cause::ReRaise, 0.25);
            re_raised = true;
        } else {
            outcome = Some(Outcome::Resolved);
        }
    } else if st.patience <= EPSILON {
        outcome = Some(if st.anger > 0.5 {
            Outcome::WalkedOut
        } else {
            Outcome::GaveUp
        });
    }
    // The turn limit holds even on a turn the repeat complainer re-raises (the
    // prototype's if/elif chain skipped it there).
    if outcome.is_none() && st.turn >= p.max_turns {
        outcome = Some(Outcome::Unresolved);
    }
    if p.r#trait == Trait::Repeat && f(Feature::FirmReason) > 0.0 && st.re_raises > 0 {
        st.re_raises -= 1;
    }
    (outcome, re_raised)
}

fn distributive(p: &CustomerParams, s: &CustomerState) -> f64 {
    let c = s.compensation;
    let v = c.min(1.0) + 0.3 * (c - 1.0).clamp(0.0, 0.5) - 0.4 * (c - 1.5).max(0.0);
    let matching = if p.failure == FailureKind::Outcome {
        1.0
    } else {
        0.6
    };
    // Compensation cannot buy back a rude process (Wirtz & Mattila).
    let gate = if (s.interactional + s.procedural) / 2.0 < 0.3 {
        0.4
    } else {
        1.0
    };
    unit((0.7 * s.fixed + 0.5 * matching * v * gate) / s.demand)
}
