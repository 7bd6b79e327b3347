//! Projector mode on every screen: F11 switches it, and it fills the screen while on. The large
//! type and high contrast are the shared look's part (`ui`); the presenter's controls are the
//! counter's.

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};

use super::input::keys_free;
use super::launch::Launch;
use super::prefs::Prefs;

/// Switches projector mode by key and fits the window to it.
pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            toggle_classroom.run_if(keys_free),
            full_screen.run_if(resource_changed::<Prefs>),
        )
            .chain(),
    );
}

/// F11 switches projector mode on any screen.
fn toggle_classroom(keys: Res<ButtonInput<KeyCode>>, mut prefs: ResMut<Prefs>) {
    if keys.just_pressed(KeyCode::F11) {
        prefs.classroom = !prefs.classroom;
    }
}

/// Projector mode fills the screen; leaving it gives the window back. Not while `shoot` takes
/// pictures of a given size.
fn full_screen(
    prefs: Res<Prefs>,
    launch: Res<Launch>,
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
    mut applied: Local<Option<bool>>,
) {
    if launch.shoot.is_some() || *applied == Some(prefs.classroom) {
        return;
    }
    *applied = Some(prefs.classroom);
    for mut window in &mut windows {
        window.mode = if prefs.classroom {
            WindowMode::BorderlessFullscreen(MonitorSelection::Current)
        } else {
            WindowMode::Windowed
        };
    }
}
