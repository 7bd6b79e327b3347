//! The game's screens, one state and one plugin each (PRODUCT.md §7).

mod counter;
mod debrief;
mod history;
mod map;
mod report;
mod select;
mod settings;
mod title;

use bevy::prelude::*;

use super::screen::{BackTo, Screen};

pub use counter::CounterAction;
pub use debrief::DebriefAction;
pub use history::HistoryAction;
pub use map::{MapAction, MapState};
pub use report::ReportAction;
pub use select::{SelectAction, SelectState};
pub use settings::SettingsAction;
pub use title::TitleAction;

/// Starts at the title and adds every screen.
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
