//! The simulated customer (MODEL.md §5): parameters from the scenario, a mood state, and a
//! per-turn update that explains every change as named terms for the debrief.
//!
//! Deterministic: the only randomness is a ±10% jitter of three parameters, drawn once from the
//! session's seeded RNG when the customer is created; `step` never draws.

mod estimate;
mod params;
mod step;

pub use estimate::{Estimate, Retention};
pub use params::CustomerParams;
pub use step::{Cause, Customer, CustomerState, Flag, StepInput, StepTrace, Term};

/// Threshold comparisons use this slack so that sums like `1.6 − 0.2 − 0.2` count as 1.2
/// (MODEL.md §5.9).
pub const EPSILON: f64 = 1e-9;

/// Clamps to 0..1.
pub(crate) fn unit(x: f64) -> f64 {
    x.clamp(0.0, 1.0)
}

/// Linear interpolation from `a` (t = 0) to `b` (t = 1).
pub(crate) fn lerp(a: f64, b: f64, t: f64) -> f64 {
    a + (b - a) * t
}
