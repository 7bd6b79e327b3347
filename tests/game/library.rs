//! The shell loads the library through the core, headless (no window, no renderer).

use bevy::prelude::*;
use counterplay::game::library::{Library, Rulebook, plugin};

#[test]
fn the_game_loads_every_shipped_scenario_and_the_rulebook() {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, plugin));
    app.update();
    let library = app.world().resource::<Library>();
    assert_eq!(library.problems.len(), 0, "{:?}", library.problems);
    assert!(library.scenarios.len() >= 4);
    let rulebook = app.world().resource::<Rulebook>();
    assert!(!rulebook.0.judge("这是规定", None).is_clean());
}
