//! Tests of the Bevy shell, in one binary so Bevy is linked once.

mod keyboard;
mod killed;
mod library;
mod lrs;
mod redraw;
mod reload;
mod screenshot;
#[path = "../support/test_lrs.rs"]
mod test_lrs;

use std::time::{Duration, Instant};

use bevy::input::keyboard::{Key, KeyboardInput, NativeKey};
use bevy::input::{ButtonState, InputPlugin};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use counterplay::game::library::{Library, asset_plugin};
use counterplay::game::{self, Launch, Screen, SelectState};

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

/// Presses and releases a key, as the window would report it.
pub fn press(app: &mut App, code: KeyCode) {
    key(app, code, ButtonState::Pressed);
    key(app, code, ButtonState::Released);
}

/// The screen the game shows.
pub fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// From the title to the counter with `id`, by keys alone.
pub fn open_scenario(app: &mut App, id: &str) {
    assert_eq!(screen(app), Screen::Title);
    press(app, KeyCode::Enter);
    assert_eq!(screen(app), Screen::Select);
    let place = {
        let world = app.world();
        let visible = world
            .resource::<SelectState>()
            .visible(world.resource::<Library>());
        visible
            .iter()
            .position(|s| s.id == id)
            .expect("scenario listed")
    };
    for _ in 0..place {
        press(app, KeyCode::ArrowDown);
    }
    press(app, KeyCode::Enter);
    assert_eq!(screen(app), Screen::Counter);
}

/// Sends one key event.
pub fn key(app: &mut App, key: KeyCode, state: ButtonState) {
    app.world_mut().write_message(KeyboardInput {
        key_code: key,
        logical_key: Key::Unidentified(NativeKey::Unidentified),
        state,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
    app.update();
}
