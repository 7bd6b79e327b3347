//! End-to-end tests of the engine-free core, one binary without Bevy.

mod attempt;
mod broken_files;
mod cli;
mod debrief;
mod guide;
mod hostile;
mod judging;
mod lrs;
mod matcher;
mod model;
mod naive;
mod results;
mod robustness;
mod routing;
mod session;
mod shipped;
mod strategy;
#[path = "../support/test_lrs.rs"]
mod test_lrs;
mod transcripts;

use std::path::{Path, PathBuf};

use counterplay::assets::Assets;
use counterplay::rulebook::{Matcher, shipped_rulebook};
use counterplay::scenario::CheckContext;

/// The project folder, so tests find files wherever cargo runs them from.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A path under the project folder.
pub fn project(rel: &str) -> PathBuf {
    root().join(rel)
}

/// The shipped rulebook, compiled once for all tests.
pub fn matcher() -> &'static Matcher {
    static M: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
    M.get_or_init(shipped_rulebook)
}

/// A check context with the shipped rulebook and the project's assets.
pub fn ctx() -> CheckContext<'static> {
    static ASSETS: std::sync::OnceLock<Assets> = std::sync::OnceLock::new();
    CheckContext {
        matcher: matcher(),
        assets: Some(ASSETS.get_or_init(|| Assets::open(project("assets")).unwrap())),
    }
}

/// The shipped scenarios that load; there must be at least the course's four.
pub fn shipped() -> Vec<counterplay::scenario::Scenario> {
    let (loaded, _) = counterplay::scenario::load_paths(&[project("scenarios")], ctx());
    let scenarios: Vec<_> = loaded.into_iter().filter_map(|f| f.scenario).collect();
    assert!(
        scenarios.len() >= 4,
        "only {} scenarios load",
        scenarios.len()
    );
    scenarios
}
