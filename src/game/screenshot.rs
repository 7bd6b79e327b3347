//! `--screenshot PATH`: save the window once the UI has settled, then quit. Used for the README's
//! pictures and the screenshot test.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};

/// Frames to wait before capturing: fonts are installed and laid out after the first passes.
const SETTLE_FRAMES: u32 = 20;

#[derive(Resource)]
struct Target {
    path: PathBuf,
    frames: u32,
}

/// Captures to `path` after the UI settles, then exits.
pub(super) fn plugin(path: PathBuf) -> impl Plugin {
    move |app: &mut App| {
        app.insert_resource(Target {
            path: path.clone(),
            frames: 0,
        })
        .add_systems(Update, capture);
    }
}

fn capture(mut commands: Commands, mut target: ResMut<Target>) {
    target.frames += 1;
    if target.frames != SETTLE_FRAMES {
        return;
    }
    commands
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(target.path.clone()))
        .observe(
            |_: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| {
                exit.write(AppExit::Success);
            },
        );
}
