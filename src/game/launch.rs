//! How the game was asked to start: the command line's choices, read by every plugin that
//! needs one.

use std::path::PathBuf;

use bevy::prelude::*;

use crate::lang::Lang;

/// How the game was asked to start.
#[derive(Resource, Clone, Debug, Default)]
pub struct Launch {
    /// Window size in logical pixels (default 1280x720).
    pub size: Option<(u32, u32)>,
    /// The scenarios folder, instead of `scenarios/` in the working folder.
    pub scenarios: Option<PathBuf>,
    /// Where results and preferences live, instead of the user's data directory (tests,
    /// portable installs, screenshots).
    pub data_dir: Option<PathBuf>,
    /// The interface language, overriding the saved preference.
    pub lang: Option<Lang>,
    /// The trainee, overriding the one who played last.
    pub trainee: Option<String>,
    /// The first session's seed; later ones count up from it. Without it seeds come from the
    /// clock.
    pub seed: Option<u64>,
    /// Start in projector mode (`--classroom`), whatever was chosen last.
    pub classroom: bool,
    /// Drive the game through its screens, saving a screenshot of each, then quit.
    pub shoot: Option<Shoot>,
}

/// Where the screenshots go.
#[derive(Clone, Debug)]
pub struct Shoot {
    /// The folder the PNGs are written to.
    pub out: PathBuf,
    /// Shoot projector mode: a class voting, the pause, the split and the class report.
    pub classroom: bool,
}
