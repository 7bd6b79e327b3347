//! The game draws only when something changes, yet what moves on its own keeps moving: a line
//! typing out and the face easing ask for every frame, a hurried customer's clock for a few a
//! second, and nothing else does.

use std::time::Duration;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{UpdateMode, WinitSettings};
use counterplay::game::play::Play;
use counterplay::game::redraw::{AT_REST, CLOCK_TICK};
use counterplay::game::{Launch, Screen};
use counterplay::lang::Lang;

/// How long the game may sleep after the last update, and whether that update asked for the
/// next frame at once.
fn pace(app: &App) -> (Duration, bool) {
    let UpdateMode::Reactive { wait, .. } = app.world().resource::<WinitSettings>().focused_mode
    else {
        panic!("the game updates continuously");
    };
    let asked = app
        .world()
        .resource::<Messages<RequestRedraw>>()
        .iter_current_update_messages()
        .count()
        > 0;
    (wait, asked)
}

fn shown(app: &App) -> (usize, Option<f32>) {
    let play = app.world().resource::<Play>();
    let now = app.world().resource::<Time>().elapsed_secs_f64();
    (
        play.shown_line(Lang::En).chars().count(),
        play.time_left(now),
    )
}

#[test]
fn the_line_and_a_hurried_customers_clock_move_while_nothing_else_does() {
    let data = std::env::temp_dir().join(format!("counterplay-redraw-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let mut app = crate::headless(Launch {
        data_dir: Some(data.clone()),
        trainee: Some("Tester".into()),
        lang: Some(Lang::En),
        seed: Some(7),
        ..Default::default()
    });

    // The title: nothing moves, so the game rests.
    app.update();
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Title
    );
    assert_eq!(pace(&app), (AT_REST, false));

    // card_wait's Mr Wang is in a hurry. His first line types out, a frame at a time.
    crate::open_scenario(&mut app, "card_wait");
    let mut typed = Vec::new();
    while !app.world().resource::<Play>().line_done(Lang::En) {
        app.update();
        let (wait, asked) = pace(&app);
        if !app.world().resource::<Play>().line_done(Lang::En) {
            assert!(asked, "a line typing out asks for the next frame");
            assert_eq!(wait, AT_REST);
        }
        typed.push(shown(&app).0);
        assert!(typed.len() < 200, "the line never finished typing");
    }
    assert!(typed.len() > 3 && typed.windows(2).all(|w| w[0] <= w[1]));

    // Once the line is out and the face has settled, only his clock moves: a few frames a
    // second, no frame asked for at once, and the time left runs down.
    for _ in 0..20 {
        app.update();
    }
    let before = shown(&app).1.expect("a hurried customer's clock");
    app.update();
    assert_eq!(pace(&app), (CLOCK_TICK, false));
    let after = shown(&app).1.unwrap();
    assert!(
        after < before,
        "the clock stood still: {before} then {after}"
    );
    assert!(CLOCK_TICK <= Duration::from_millis(250));

    // When his time has run out the clock has nothing more to show, and the game rests.
    for _ in 0..1000 {
        if shown(&app).1.unwrap() <= 0.0 {
            break;
        }
        app.update();
    }
    app.update();
    assert_eq!(pace(&app), (AT_REST, false));
    let _ = std::fs::remove_dir_all(data);
}
