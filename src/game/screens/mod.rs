//! The game's screens, one state and one plugin each (PRODUCT.md §7).

mod counter;
mod debrief;
mod history;
mod map;
mod report;
mod select;
mod settings;
mod title;

use bevy::ecs::system::ScheduleSystem;
use bevy::prelude::*;
use bevy_egui::EguiPrimaryContextPass;
use bevy_egui::input::EguiWantsInput;

use super::ui::UiPass;

pub use counter::CounterAction;
pub use debrief::DebriefAction;
pub use history::HistoryAction;
pub use map::{MapAction, MapState};
pub use report::ReportAction;
pub use select::{SelectAction, SelectState};
pub use title::TitleAction;

/// Where the trainee is.
#[derive(States, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Language, trainee, resume.
    #[default]
    Title,
    /// The scenario list with filters and best scores.
    Select,
    /// The conversation.
    Counter,
    /// The verdict on the conversation just finished.
    Debrief,
    /// A scenario's conversation graph, for instructors to inspect and preview from any node.
    Map,
    /// Past results and the score trend.
    History,
    /// Everyone's results summed up for a class: averages, outcomes, phrases, principles.
    Report,
    /// Language, interface size, typing effect.
    Settings,
}

/// The screen that history and settings go back to.
#[derive(Resource, Clone, Copy, Debug, Default)]
pub struct BackTo(pub Screen);

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .init_resource::<BackTo>()
        .add_plugins((
            title::plugin,
            select::plugin,
            counter::plugin,
            debrief::plugin,
            map::plugin,
            history::plugin,
            report::plugin,
            settings::plugin,
        ));
}

/// Wires a screen as every screen is wired: while it is shown and `ready` holds (it has what it
/// shows), its keys (unless a text field has the keyboard) then the system acting on its messages
/// `A` in `Update`, and its drawing in the egui pass.
fn add_screen<A: Message, K, C, D, R>(
    app: &mut App,
    screen: Screen,
    ready: impl SystemCondition<R> + Clone,
    keys: impl IntoScheduleConfigs<ScheduleSystem, K>,
    act: impl IntoScheduleConfigs<ScheduleSystem, C>,
    draw: impl IntoScheduleConfigs<ScheduleSystem, D>,
) {
    app.add_message::<A>()
        .add_systems(
            Update,
            (keys.run_if(keys_free), act)
                .chain()
                .run_if(in_state(screen).and_then(ready.clone())),
        )
        .add_systems(
            EguiPrimaryContextPass,
            draw.in_set(UiPass::Draw)
                .run_if(in_state(screen).and_then(ready)),
        );
}

/// The condition of a screen that needs nothing but itself.
fn always() -> bool {
    true
}

/// Whether keys are free for shortcuts: not while the trainee types into a text field.
pub(super) fn keys_free(wants: Option<Res<EguiWantsInput>>) -> bool {
    wants.is_none_or(|w| !w.wants_keyboard_input())
}

/// The keys that say options 1 to 9.
pub const REPLY_KEYS: [KeyCode; 9] = [
    KeyCode::Digit1,
    KeyCode::Digit2,
    KeyCode::Digit3,
    KeyCode::Digit4,
    KeyCode::Digit5,
    KeyCode::Digit6,
    KeyCode::Digit7,
    KeyCode::Digit8,
    KeyCode::Digit9,
];

/// The option a number key picks (0-based), from the top row or the keypad.
fn number_pressed(keys: &ButtonInput<KeyCode>) -> Option<usize> {
    const PAD: [KeyCode; 9] = [
        KeyCode::Numpad1,
        KeyCode::Numpad2,
        KeyCode::Numpad3,
        KeyCode::Numpad4,
        KeyCode::Numpad5,
        KeyCode::Numpad6,
        KeyCode::Numpad7,
        KeyCode::Numpad8,
        KeyCode::Numpad9,
    ];
    (0..9).find(|&i| keys.just_pressed(REPLY_KEYS[i]) || keys.just_pressed(PAD[i]))
}

/// Whether Enter (either one) was pressed.
fn enter_pressed(keys: &ButtonInput<KeyCode>) -> bool {
    keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter])
}
