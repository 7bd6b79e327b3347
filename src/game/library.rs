//! The scenario library and the rulebook, loaded through Bevy's asset system and reloaded on
//! every save, so instructors see a change (or its mistakes) without restarting the game.
//!
//! Files are read as plain bytes and checked by the core: a broken file is still an asset, its
//! errors are shown over the screen (`file_errors`), and the last good version stays playable.
//! The rulebook is built on another thread, so neither the first frame nor a save waits for it.

use std::ops::Deref;
use std::path::{Path, PathBuf};

use bevy::asset::io::{AssetSourceBuilder, Reader};
use bevy::asset::{AssetLoader, LoadContext, LoadedFolder};
use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};

use super::launch::Launch;
use crate::assets::Assets as AssetsFolder;
use crate::diagnostics::Diagnostic;
use crate::ron_file::text_of;
use crate::rulebook::{Matcher, RULEBOOK_PATH, parse_rulebook, shipped_rulebook};
use crate::scenario::{CheckContext, Scenario};

/// Where the game looks for scenarios, relative to its working folder.
pub const SCENARIOS_DIR: &str = "scenarios";

/// The asset source scenarios are read from: `scenarios://card_wait.ron`.
const SOURCE: &str = "scenarios";

/// The rulebook every reply is judged by.
#[derive(Resource)]
pub struct Rulebook(pub Matcher);

/// The scenarios ready to play and the problems of files that are broken now.
#[derive(Resource, Default)]
pub struct Library {
    files: crate::scenario::Library,
    /// Why the rulebook file was not taken (the last good one, or the shipped one, is used).
    rulebook_problems: Vec<Diagnostic>,
    /// Whether the scenarios folder has been read once.
    pub loaded: bool,
}

impl Deref for Library {
    type Target = crate::scenario::Library;

    fn deref(&self) -> &Self::Target {
        &self.files
    }
}

impl Library {
    /// Everything wrong with the files now: broken scenarios, then the rulebook.
    pub fn all_problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.problems().iter().chain(&self.rulebook_problems)
    }

    /// The newest version of the scenario `playing` plays, when its file has changed since.
    pub fn newer(&self, playing: &std::sync::Arc<Scenario>) -> Option<&std::sync::Arc<Scenario>> {
        self.files
            .get(&playing.id)
            .filter(|s| !std::sync::Arc::ptr_eq(s, playing))
    }
}

/// The folders the game reads, made absolute so they mean the working folder whatever Bevy takes
/// as its base.
#[derive(Resource, Clone, Debug)]
pub struct Folders {
    /// Scenario files, as named to the trainee (`scenarios` unless given on the command line).
    pub scenarios: PathBuf,
    /// Portraits, the font and the rulebook.
    pub assets: PathBuf,
}

impl Folders {
    /// The folders `launch` names, else `scenarios/` and `assets/` in the working folder.
    pub fn of(launch: &Launch) -> Folders {
        Folders {
            scenarios: launch
                .scenarios
                .clone()
                .unwrap_or_else(|| PathBuf::from(SCENARIOS_DIR)),
            assets: PathBuf::from("assets"),
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Registers the scenarios folder as an asset source and returns the asset plugin, watching
/// for changes. Must run before the asset plugin is added.
pub fn asset_plugin(app: &mut App, launch: &Launch) -> AssetPlugin {
    let folders = Folders::of(launch);
    let scenarios = absolute(&folders.scenarios);
    app.register_asset_source(
        SOURCE,
        AssetSourceBuilder::platform_default(&scenarios.to_string_lossy(), None),
    );
    app.insert_resource(folders.clone());
    AssetPlugin {
        file_path: absolute(&folders.assets).to_string_lossy().into_owned(),
        watch_for_changes_override: Some(true),
        ..default()
    }
}

/// A scenario or rulebook file as read: the core checks it, so a broken file still loads.
#[derive(Asset, TypePath, Debug)]
pub struct SourceFile {
    bytes: Vec<u8>,
}

/// Reads `.ron` files as bytes.
#[derive(Default, TypePath)]
struct SourceLoader;

impl AssetLoader for SourceLoader {
    type Asset = SourceFile;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        _context: &mut LoadContext<'_>,
    ) -> Result<SourceFile, Self::Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        Ok(SourceFile { bytes })
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

/// What the game watches.
#[derive(Resource)]
struct Watched {
    folder: Handle<LoadedFolder>,
    rulebook: Handle<SourceFile>,
    /// The assets folder's glyph table, for `check`'s font warnings.
    assets: Option<AssetsFolder>,
}

/// Loads and reloads the rulebook and the library.
pub fn plugin(app: &mut App) {
    app.init_asset::<SourceFile>()
        .init_asset_loader::<SourceLoader>()
        .init_resource::<Library>()
        .add_systems(PreStartup, watch)
        .add_systems(
            PreUpdate,
            (build_rulebook, take_rulebook, take_scenarios).chain(),
        );
}

fn watch(mut commands: Commands, server: Res<AssetServer>, folders: Option<Res<Folders>>) {
    let assets = folders.map_or_else(|| PathBuf::from("assets"), |f| f.assets.clone());
    commands.insert_resource(Watched {
        folder: server.load_folder(format!("{SOURCE}://")),
        rulebook: server.load("rulebook.ron"),
        assets: AssetsFolder::open(absolute(&assets)),
    });
}

/// The rulebook being built on another thread: compiling its patterns and learning from its
/// examples would hold up the first frames, and every frame after a save.
#[derive(Resource)]
pub(super) struct Building(Task<Built>);

/// A rulebook built from a file: the matcher, or why the file was not taken (with the shipped
/// rulebook instead when there is no good one yet).
pub(super) struct Built {
    matcher: Option<Matcher>,
    problems: Vec<Diagnostic>,
}

/// Starts building the rulebook when its file is read or saved, or the shipped one when there
/// is no file to read. A newer save replaces a build under way.
fn build_rulebook(
    mut commands: Commands,
    mut events: MessageReader<AssetEvent<SourceFile>>,
    watched: Res<Watched>,
    files: Res<Assets<SourceFile>>,
    server: Res<AssetServer>,
    rulebook: Option<Res<Rulebook>>,
    building: Option<Res<Building>>,
) {
    let id = watched.rulebook.id();
    let saved = events
        .read()
        .any(|e| e.is_loaded_with_dependencies(id) || e.is_modified(id));
    let none_yet = rulebook.is_none();
    let task = if saved && let Some(file) = files.get(id) {
        let bytes = file.bytes.clone();
        AsyncComputeTaskPool::get().spawn(async move {
            let path = Path::new(RULEBOOK_PATH);
            match text_of(path, bytes)
                .map_err(|d| vec![d])
                .and_then(|text| parse_rulebook(path, &text))
            {
                Ok(matcher) => Built {
                    matcher: Some(matcher),
                    problems: Vec::new(),
                },
                Err(problems) => Built {
                    matcher: none_yet.then(shipped_rulebook),
                    problems,
                },
            }
        })
    } else if none_yet && building.is_none() && server.load_state(id).is_failed() {
        AsyncComputeTaskPool::get().spawn(async {
            Built {
                matcher: Some(shipped_rulebook()),
                problems: Vec::new(),
            }
        })
    } else {
        return;
    };
    commands.insert_resource(Building(task));
}

/// Takes in a rulebook once built; a broken one leaves the last good one in use.
fn take_rulebook(
    mut commands: Commands,
    building: Option<ResMut<Building>>,
    watched: Res<Watched>,
    mut library: ResMut<Library>,
) {
    let Some(mut building) = building else { return };
    let Some(built) = check_ready(&mut building.0) else {
        return;
    };
    commands.remove_resource::<Building>();
    for p in &built.problems {
        warn!("{}", p.headline());
    }
    library.rulebook_problems = built.problems;
    if let Some(matcher) = built.matcher {
        let Library { files, .. } = &mut *library;
        files.recheck(CheckContext {
            matcher: &matcher,
            assets: watched.assets.as_ref(),
        });
        files.refresh();
        commands.insert_resource(Rulebook(matcher));
    }
}

/// Brings the library in line with the folder's files after any of them changed.
fn take_scenarios(
    mut file_events: MessageReader<AssetEvent<SourceFile>>,
    mut folder_events: MessageReader<AssetEvent<LoadedFolder>>,
    watched: Res<Watched>,
    server: Res<AssetServer>,
    folders: Res<Assets<LoadedFolder>>,
    files: Res<Assets<SourceFile>>,
    names: Option<Res<Folders>>,
    rulebook: Option<Res<Rulebook>>,
    mut library: ResMut<Library>,
    mut pending: Local<bool>,
) {
    let changed = file_events.read().count() + folder_events.read().count() > 0;
    // Scenarios are checked against the rulebook: none is read before it is built.
    let (Some(folder), Some(rulebook)) = (folders.get(&watched.folder), rulebook) else {
        return;
    };
    if !changed && !*pending && library.loaded {
        return;
    }
    // A file listed but not read yet: try again next frame rather than forget its scenario.
    *pending = folder.handles.iter().any(|h| {
        h.clone()
            .try_typed::<SourceFile>()
            .is_ok_and(|h| files.get(&h).is_none() && !server.load_state(&h).is_failed())
    });
    if *pending {
        return;
    }
    let shown = names.map_or_else(|| PathBuf::from(SCENARIOS_DIR), |f| f.scenarios.clone());
    let ctx = CheckContext {
        matcher: &rulebook.0,
        assets: watched.assets.as_ref(),
    };
    let mut present = Vec::new();
    let mut any = false;
    for handle in &folder.handles {
        let Ok(handle) = handle.clone().try_typed::<SourceFile>() else {
            continue;
        };
        let (Some(path), Some(file)) = (server.get_path(handle.id()), files.get(&handle)) else {
            continue;
        };
        let path = shown.join(path.path());
        any |= library
            .files
            .set(path.clone(), text_of(&path, file.bytes.clone()), ctx);
        present.push(path);
    }
    let gone: Vec<PathBuf> = library
        .files
        .paths()
        .filter(|p| !present.iter().any(|q| q == p))
        .map(Path::to_path_buf)
        .collect();
    for path in gone {
        any |= library.files.remove(&path);
    }
    if any || !library.loaded {
        library.files.refresh();
        for p in library.files.problems() {
            warn!("{}", p.headline());
        }
        if !library.loaded {
            info!("{} scenarios loaded", library.scenarios().len());
        }
        library.loaded = true;
    }
}
