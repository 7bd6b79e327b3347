//! The Bevy shell: the only place Bevy is imported. It renders the core's state and forwards
//! the trainee's input; the rules live in the core.

mod fonts;
pub mod library;
mod screenshot;
mod title;

use std::path::PathBuf;
use std::process::ExitCode;

use bevy::prelude::*;
use bevy_egui::EguiPlugin;

/// How the game was asked to start.
#[derive(Clone, Debug, Default)]
pub struct Launch {
    /// Save a screenshot of the first settled frame here, then quit (for docs and tests).
    pub screenshot: Option<PathBuf>,
    /// Window size in logical pixels (default 1280x720).
    pub size: Option<(u32, u32)>,
}

/// Opens the game window and runs until it is closed.
pub fn run(launch: Launch) -> ExitCode {
    let (width, height) = launch.size.unwrap_or((1280, 720));
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "Counterplay · 柜台练习".into(),
            resolution: (width, height).into(),
            ..default()
        }),
        ..default()
    }))
    .add_plugins(EguiPlugin::default())
    .add_plugins((library::plugin, fonts::plugin, title::plugin))
    .add_systems(Startup, |mut commands: Commands| {
        commands.spawn((Name::new("Camera"), Camera2d));
    });
    if let Some(path) = launch.screenshot {
        app.add_plugins(screenshot::plugin(path));
    }
    if app.run().is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
