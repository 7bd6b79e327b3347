//! Scenarios: the format instructors write, loading it from RON and checking it like a compiler.

mod graph;
mod length;
mod library;
mod load;
mod model;
mod validate;

/// The customer type lives in the rulebook, which keeps a strategy for each; scenarios name it.
pub use crate::rulebook::{Mood, Trait};
pub use graph::{Arrow, Flaw, Shape, arrows};
pub use length::{
    LengthGiveaway, LengthTells, MAX_GIVEAWAY_SHARE, length_tells, node_giveaway, option_chars,
};
pub use library::Library;
pub use load::{LoadedFile, load_file, load_paths, load_str, scenario_files};
pub use model::*;
pub use validate::{CheckContext, MAX_NODES, MAX_REPLIES, MAX_TEXT_CHARS};
