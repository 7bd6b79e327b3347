//! Counterplay: practise handling complaints against a simulated customer.
//!
//! Everything here but [`game`] is the engine-free core: it never imports Bevy and is tested
//! without a window (`cargo test --no-default-features`). The game is a thin shell that renders
//! the core's state and forwards the trainee's input.

pub mod assets;
pub mod cli;
pub mod customer;
pub mod diagnostics;
pub mod explore;
pub mod font;
pub mod labels;
pub mod lang;
pub mod lrs;
pub mod parallel;
pub mod results;
pub mod ron_file;
pub mod rulebook;
pub mod scenario;
pub mod scoring;
pub mod session;

#[cfg(feature = "game")]
pub mod game;
