//! Scenarios: the format instructors write, loading it from RON and checking it like a compiler.

mod graph;
mod library;
mod load;
mod model;
mod validate;

pub use graph::{Arrow, Flaw, Shape, arrows};
pub use library::Library;
pub use load::{CheckContext, LoadedFile, load_file, load_paths, load_str, scenario_files};
pub use model::*;
pub use validate::{MAX_NODES, MAX_REPLIES, MAX_TEXT_CHARS};
