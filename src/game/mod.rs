//! The Bevy shell: the only place Bevy is imported. It renders the core's state and forwards
//! the trainee's input; the rules live in the core.
//!
//! Every screen is a [`Screen`] state with its own plugin. A screen turns keys (in `Update`) and
//! clicks (in the egui pass) into the same messages, and one system per screen acts on them, so
//! the keyboard, the mouse and the tests drive the game through one path.

mod face;
mod file_errors;
mod fonts;
mod input;
mod launch;
pub mod library;
pub mod lrs_sync;
pub mod play;
pub mod prefs;
mod projector;
pub mod redraw;
mod screen;
mod screens;
mod shoot;
pub mod trainee;
mod ui;

use std::path::PathBuf;
use std::process::ExitCode;

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::EguiPlugin;

use crate::lang::Lang;

pub use input::REPLY_KEYS;
pub use launch::{Launch, Shoot};
pub use screen::Screen;
pub use screens::{
    CounterAction, DebriefAction, HistoryAction, MapAction, MapState, ReportAction, SelectAction,
    SelectState, SettingsAction, TitleAction,
};
pub use shoot::{Step, script_plugin};

/// Everything but the window: screens, input handling, the library and the trainee's data.
/// Tests add it to a headless app; [`run`] adds it to a real one.
pub fn plugin(app: &mut App) {
    app.init_resource::<Launch>().add_plugins((
        library::plugin,
        file_errors::plugin,
        trainee::plugin,
        lrs_sync::plugin,
        play::plugin,
        screens::plugin,
        fonts::plugin,
        ui::plugin,
        projector::plugin,
        redraw::plugin,
    ));
}

/// Opens the game window and runs until it is closed.
pub fn run(launch: Launch) -> ExitCode {
    let shoot = launch.shoot.clone();
    let mut app = window_app(launch);
    if let Some(shoot) = shoot {
        app.add_plugins(shoot::plugin(shoot));
    }
    if app.run().is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The game in a real window, ready to run. The window may be opened from any thread, so tests
/// can drive a real window from the test harness.
pub fn window_app(launch: Launch) -> App {
    let (width, height) = launch.size.unwrap_or((1280, 720));
    let mut app = App::new();
    let assets = library::asset_plugin(&mut app, &launch);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Counterplay · 柜台练习".into(),
                    resolution: (width, height).into(),
                    ..default()
                }),
                ..default()
            })
            .set(assets)
            .set(bevy::winit::WinitPlugin {
                run_on_any_thread: true,
            }),
    )
    .add_plugins(EguiPlugin::default())
    .insert_resource(launch)
    .add_plugins(plugin)
    .add_systems(Startup, spawn_camera);
    app
}

/// Drives the game through every screen as a demonstration trainee, saving a screenshot of each
/// into `out`. Results go to `data_dir`, else to a temporary folder removed afterwards, so the
/// pictures are the same on every machine and no real history is touched.
pub fn shoot(
    out: PathBuf,
    lang: Lang,
    size: (u32, u32),
    data_dir: Option<PathBuf>,
    classroom: bool,
) -> ExitCode {
    let temporary = data_dir.is_none().then(|| {
        let dir = std::env::temp_dir().join(format!("counterplay-shoot-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    });
    let code = run(Launch {
        size: Some(size),
        data_dir: data_dir.or_else(|| temporary.clone()),
        lang: Some(lang),
        trainee: Some(
            if lang == Lang::En {
                "Alex"
            } else {
                "王小明"
            }
            .into(),
        ),
        seed: Some(1),
        classroom,
        shoot: Some(Shoot { out, classroom }),
        scenarios: None,
    });
    if let Some(dir) = temporary {
        let _ = std::fs::remove_dir_all(dir);
    }
    code
}

fn spawn_camera(mut commands: Commands, windows: Query<Entity, With<PrimaryWindow>>) {
    if !windows.is_empty() {
        commands.spawn((Name::new("Camera"), Camera2d));
    }
}
