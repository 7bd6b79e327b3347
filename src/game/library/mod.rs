//! The scenario library and the rulebook, loaded through the core when the game starts.

use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;

use crate::assets::Assets;
use crate::diagnostics::Diagnostic;
use crate::rulebook::{Matcher, load_rulebook, shipped_rulebook};
use crate::scenario::{CheckContext, Scenario, load_paths};

/// Where the game looks for scenarios, relative to its working folder.
pub const SCENARIOS_DIR: &str = "scenarios";

/// The rulebook every reply is judged by.
#[derive(Resource)]
pub struct Rulebook(pub Matcher);

/// The scenarios that loaded, and the problems of those that did not, so the game can show them.
#[derive(Resource, Default)]
pub struct Library {
    /// Scenarios ready to play, in file order.
    pub scenarios: Vec<Arc<Scenario>>,
    /// Errors that kept files out of the library.
    pub problems: Vec<Diagnostic>,
}

impl Library {
    /// The scenario with this id.
    pub fn get(&self, id: &str) -> Option<&Arc<Scenario>> {
        self.scenarios.iter().find(|s| s.id == id)
    }
}

/// Loads the rulebook and the library at start-up.
pub fn plugin(app: &mut App) {
    app.init_resource::<Library>().add_systems(PreStartup, load);
}

fn load(mut commands: Commands, mut library: ResMut<Library>) {
    // An instructor's broken rulebook must not stop the game: fall back to the shipped one and
    // say why.
    let matcher = load_rulebook(None).unwrap_or_else(|problems| {
        library.problems.extend(problems);
        shipped_rulebook()
    });
    let assets = Assets::open("assets");
    let ctx = CheckContext {
        matcher: &matcher,
        assets: assets.as_ref(),
    };
    let (files, problems) = load_paths(&[PathBuf::from(SCENARIOS_DIR)], ctx);
    library.problems.extend(problems);
    for f in files {
        match f.scenario {
            Some(s) => library.scenarios.push(Arc::new(s)),
            None => library
                .problems
                .extend(f.diagnostics.into_iter().filter(Diagnostic::is_error)),
        }
    }
    for p in &library.problems {
        warn!("{}", p.headline());
    }
    info!("{} scenarios loaded", library.scenarios.len());
    commands.insert_resource(Rulebook(matcher));
}
