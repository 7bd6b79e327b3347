//! Where the trainee is: the [`Screen`] state, and how every screen is wired to it, so the
//! screens share one shape and need nothing from each other.

use bevy::ecs::system::ScheduleSystem;
use bevy::prelude::*;
use bevy_egui::EguiPrimaryContextPass;

use super::input::keys_free;
use super::ui::UiPass;

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

/// Wires a screen as every screen is wired: while it is shown and `ready` holds (it has what it
/// shows), its keys (unless a text field has the keyboard) then the system acting on its messages
/// `A` in `Update`, and its drawing in the egui pass.
pub fn add_screen<A: Message, K, C, D, R>(
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
pub fn always() -> bool {
    true
}
