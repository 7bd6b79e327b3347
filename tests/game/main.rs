//! Tests of the Bevy shell, in one binary so Bevy is linked once.

mod keyboard;
mod library;
mod reload;
mod screenshot;

use std::time::{Duration, Instant};

use bevy::input::InputPlugin;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use counterplay::game::library::{Library, asset_plugin};
use counterplay::game::{self, Launch};

/// A path under the project folder.
pub fn project(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The game without a window, its library read through the asset system; each update advances
/// time by a tenth of a second.
pub fn headless(launch: Launch) -> App {
    let mut app = App::new();
    let assets = asset_plugin(&mut app, &launch);
    app.add_plugins((MinimalPlugins, assets, StatesPlugin, InputPlugin))
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
            100,
        )))
        .insert_resource(launch)
        .add_plugins(game::plugin);
    wait_for(&mut app, "the library to load", |app| {
        app.world().resource::<Library>().loaded
    });
    app
}

/// Updates until `done` holds. Files are read on other threads, so this waits for them; the
/// deadline only turns a hang into a failure.
pub fn wait_for(app: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        app.update();
        if done(app) {
            return;
        }
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(2));
    }
}
