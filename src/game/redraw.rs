//! Draws only when something changes. A dialogue game is still most of the time, and drawing
//! every frame anyway kept two cores busy on a machine without a GPU and drains a laptop's
//! battery on one with it. Input and window events wake the game at once, egui asks for the
//! frames its own animations need, and this plugin asks for the rest: every frame while a line
//! types out, the face eases, the library or the rulebook is being read, or just after a file
//! was saved; a few a second while a hurried customer's clock runs; and otherwise one now and
//! then, in case anything was missed.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{EventLoopProxyWrapper, UpdateMode, WinitSettings, WinitUserEvent};
use bevy_egui::{EguiInput, EguiPreUpdateSet, egui};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::face::ShownMood;
use super::library::{Building, Folders, Library};
use super::play::Play;
use super::prefs::Prefs;

/// How often a running clock is redrawn: its bar runs down over many seconds.
pub const CLOCK_TICK: Duration = Duration::from_millis(250);

/// The longest the game sleeps when nothing moves.
pub const AT_REST: Duration = Duration::from_secs(5);

/// How long the game keeps drawing after a file is saved: Bevy reads the file and the library
/// checks it over the next frames.
const AFTER_SAVE: f64 = 1.5;

/// Sets the pace after every update, from what is on screen.
pub(super) fn plugin(app: &mut App) {
    app.add_message::<RequestRedraw>()
        .insert_resource(settings(AT_REST))
        .add_systems(Startup, watch_saves)
        .add_systems(
            PreUpdate,
            pass_on_modifier_changes
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        )
        .add_systems(PostUpdate, pace);
}

/// Reactive in both modes, so the clock keeps running while another window has the focus.
fn settings(wait: Duration) -> WinitSettings {
    WinitSettings {
        focused_mode: UpdateMode::reactive(wait),
        unfocused_mode: UpdateMode::reactive_low_power(wait),
    }
}

/// Wakes a resting game when a scenario or the rulebook is saved; Bevy's own file watcher
/// does not, so an instructor's edit would wait for the next key press.
#[derive(Resource)]
struct Saves {
    saved: Arc<AtomicBool>,
    last: Option<f64>,
    _watcher: Debouncer<RecommendedWatcher, RecommendedCache>,
}

fn watch_saves(
    mut commands: Commands,
    proxy: Option<Res<EventLoopProxyWrapper>>,
    folders: Option<Res<Folders>>,
) {
    let (Some(proxy), Some(folders)) = (proxy, folders) else {
        return;
    };
    let saved = Arc::new(AtomicBool::new(false));
    let flag = saved.clone();
    let proxy = (**proxy).clone();
    let watcher = new_debouncer(
        Duration::from_millis(50),
        None,
        move |_: DebounceEventResult| {
            flag.store(true, Ordering::Relaxed);
            let _ = proxy.send_event(WinitUserEvent::WakeUp);
        },
    );
    // Without a watcher the game still looks every few seconds.
    let Ok(mut watcher) = watcher else { return };
    let _ = watcher.watch(&folders.scenarios, RecursiveMode::Recursive);
    let _ = watcher.watch(&folders.assets, RecursiveMode::NonRecursive);
    commands.insert_resource(Saves {
        saved,
        last: None,
        _watcher: watcher,
    });
}

fn pace(
    play: Option<Res<Play>>,
    prefs: Res<Prefs>,
    shown: Res<ShownMood>,
    library: Res<Library>,
    building: Option<Res<Building>>,
    saves: Option<ResMut<Saves>>,
    time: Res<Time>,
    mut winit: ResMut<WinitSettings>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let now = time.elapsed_secs_f64();
    let mut busy = !library.loaded || building.is_some();
    if let Some(mut saves) = saves {
        if saves.saved.swap(false, Ordering::Relaxed) {
            saves.last = Some(now);
        }
        busy |= saves.last.is_some_and(|t| now - t < AFTER_SAVE);
    }
    let mut wait = AT_REST;
    if let Some(play) = play {
        busy |= !play.line_done(prefs.lang) || *shown != ShownMood::of(&play);
        // The clock runs from when the whole line is shown until the time is up.
        let running =
            play.answerable_since.is_some() && play.time_left(now).is_some_and(|left| left > 0.0);
        if running && !prefs.classroom {
            wait = CLOCK_TICK;
        }
    }
    if busy {
        redraw.write(RequestRedraw);
    }
    let wanted = settings(wait);
    if winit.focused_mode != wanted.focused_mode {
        *winit = wanted;
    }
}

/// bevy_egui tells egui the state of the modifier keys every frame, and egui takes any event
/// as a reason to draw the next frame too, so the game would never rest: only a change is
/// passed on (egui keeps the state it was last told).
fn pass_on_modifier_changes(
    mut inputs: Query<&mut EguiInput>,
    mut last: Local<Option<egui::Modifiers>>,
) {
    for mut input in &mut inputs {
        input.events.retain(|event| match event {
            egui::Event::ModifiersChanged(now) if *last == Some(*now) => false,
            egui::Event::ModifiersChanged(now) => {
                *last = Some(*now);
                true
            }
            _ => true,
        });
    }
}
