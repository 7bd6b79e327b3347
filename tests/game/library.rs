//! The shell loads the library through the asset system, headless (no window, no renderer).

use counterplay::game::Launch;
use counterplay::game::library::{Library, Rulebook};

#[test]
fn the_game_loads_every_shipped_scenario_and_the_rulebook() {
    let app = crate::headless(Launch::default());
    let library = app.world().resource::<Library>();
    let problems: Vec<_> = library.all_problems().collect();
    assert!(problems.is_empty(), "{problems:?}");
    assert!(library.scenarios().len() >= 4);
    let rulebook = app.world().resource::<Rulebook>();
    assert!(!rulebook.0.judge("这是规定", None).is_clean());
}
