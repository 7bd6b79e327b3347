//! Hot reload: an instructor saves a scenario while the game runs. A broken save shows its
//! errors with their place and keeps the last good version playable; fixing it clears them and
//! the change takes effect, all without restarting the game.

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use counterplay::game::library::Library;
use counterplay::game::play::Play;
use counterplay::game::{
    CounterAction, Launch, Screen, SelectAction, SelectState, Step, TitleAction, script_plugin,
    window_app,
};
use counterplay::lang::Lang;

const ID: &str = "card_wait";
const TITLE: &str = "Thirty minutes and still no card";
const NEW_TITLE: &str = "Forty minutes and still no card";

/// A copy of the shipped scenarios in a fresh folder, for a test to edit.
fn scenarios_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("counterplay-reload-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("scenarios")).unwrap();
    for entry in std::fs::read_dir(crate::project("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("scenarios").join(path.file_name().unwrap())).unwrap();
    }
    dir
}

fn file(dir: &Path) -> PathBuf {
    dir.join("scenarios").join(format!("{ID}.ron"))
}

/// Misspells the start node, as an instructor might; returns the line and column `check`
/// must point at (the misspelt name).
fn break_file(path: &Path) -> (usize, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let broken = text.replacen("start: \"open\"", "start: \"opne\"", 1);
    assert_ne!(text, broken);
    std::fs::write(path, &broken).unwrap();
    let (n, line) = broken
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("\"opne\""))
        .unwrap();
    let column = line[..line.find("\"opne\"").unwrap()].chars().count() + 1;
    (n + 1, column)
}

/// Puts the start node right and retitles the scenario.
fn fix_file(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let fixed = text
        .replacen("start: \"opne\"", "start: \"open\"", 1)
        .replacen(TITLE, NEW_TITLE, 1)
        .replacen("title: (zh: \"等了30分钟", "title: (zh: \"等了40分钟", 1);
    std::fs::write(path, fixed).unwrap();
}

/// The headline of the library's only problem, if it has exactly one.
fn only_problem(world: &World) -> Option<String> {
    let library = world.resource::<Library>();
    let problems: Vec<_> = library.all_problems().collect();
    (problems.len() == 1).then(|| problems[0].headline())
}

fn title(world: &World) -> Option<String> {
    let library = world.resource::<Library>();
    library.get(ID).map(|s| s.title.get(Lang::En).to_owned())
}

fn open(world: &mut World) {
    world.write_message(TitleAction::Start);
}

fn highlight_and_play(world: &mut World) {
    let place = {
        let library = world.resource::<Library>();
        world
            .resource::<SelectState>()
            .visible(library)
            .iter()
            .position(|s| s.id == ID)
            .unwrap()
    };
    world.resource_mut::<SelectState>().highlighted = place;
    world.write_message(SelectAction::Play);
}

#[test]
fn a_broken_save_is_shown_with_its_place_and_a_fix_takes_effect_without_a_restart() {
    let dir = scenarios_copy("headless");
    let data = dir.join("data");
    let mut app = crate::headless(Launch {
        scenarios: Some(dir.join("scenarios")),
        data_dir: Some(data),
        trainee: Some("Tester".into()),
        lang: Some(Lang::En),
        seed: Some(3),
        ..Default::default()
    });
    let shipped = app.world().resource::<Library>().scenarios().len();
    open(app.world_mut());
    crate::wait_for(&mut app, "the list", |app| {
        *app.world().resource::<State<Screen>>().get() == Screen::Select
    });
    highlight_and_play(app.world_mut());
    crate::wait_for(&mut app, "the counter", |app| {
        app.world().get_resource::<Play>().is_some()
    });

    let (line, column) = break_file(&file(&dir));
    let expected = format!("{}:{line}:{column}: error:", file(&dir).display());
    crate::wait_for(&mut app, "the error", |app| {
        only_problem(app.world()).is_some_and(|p| p.starts_with(&expected))
    });
    assert!(only_problem(app.world()).unwrap().contains("opne"));
    // The last good version is still in the list and still being played.
    assert_eq!(title(app.world()).as_deref(), Some(TITLE));
    assert_eq!(app.world().resource::<Library>().scenarios().len(), shipped);
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Counter
    );

    fix_file(&file(&dir));
    crate::wait_for(&mut app, "the fix", |app| {
        title(app.world()).as_deref() == Some(NEW_TITLE)
    });
    assert_eq!(only_problem(app.world()), None);
    let world = app.world();
    let play = world.resource::<Play>();
    assert!(
        world.resource::<Library>().newer(play.scenario()).is_some(),
        "a restart is offered"
    );
    app.world_mut().write_message(CounterAction::Restart);
    app.update();
    let play = app.world().resource::<Play>();
    assert_eq!(play.scenario().title.get(Lang::En), NEW_TITLE);
    assert!(
        app.world()
            .resource::<Library>()
            .newer(play.scenario())
            .is_none()
    );

    // A new file joins the list; deleting it takes it away again.
    let copy = std::fs::read_to_string(file(&dir)).unwrap().replacen(
        "id: \"card_wait\"",
        "id: \"card_wait_copy\"",
        1,
    );
    let new = dir.join("scenarios").join("card_wait_copy.ron");
    std::fs::write(&new, copy).unwrap();
    crate::wait_for(&mut app, "the new file", |app| {
        app.world()
            .resource::<Library>()
            .get("card_wait_copy")
            .is_some()
    });
    std::fs::remove_file(&new).unwrap();
    crate::wait_for(&mut app, "the deletion", |app| {
        app.world()
            .resource::<Library>()
            .get("card_wait_copy")
            .is_none()
    });
    let _ = std::fs::remove_dir_all(&dir);
}

/// What the windowed test edits, for the script's steps (plain functions) to find.
#[derive(Resource)]
struct Target {
    file: PathBuf,
    expected: String,
}

fn broken_as_expected(world: &mut World) -> bool {
    let expected = &world.resource::<Target>().expected;
    only_problem(world).is_some_and(|p| p.starts_with(expected))
}

#[test]
#[ignore = "needs an X server; .ci/run runs it under Xvfb"]
fn under_a_real_window_the_overlay_shows_the_error_and_goes_when_fixed() {
    let dir = scenarios_copy("window");
    let out = dir.join("shots");
    let target = file(&dir);
    // Where the misspelling will be, worked out on a scratch copy.
    let scratch = dir.join("scratch.ron");
    std::fs::copy(&target, &scratch).unwrap();
    let (line, column) = break_file(&scratch);
    std::fs::remove_file(&scratch).unwrap();
    let expected = format!("{}:{line}:{column}: error:", target.display());

    let mut app = window_app(Launch {
        size: Some((1280, 720)),
        scenarios: Some(dir.join("scenarios")),
        data_dir: Some(dir.join("data")),
        trainee: Some("Tester".into()),
        lang: Some(Lang::Zh),
        seed: Some(3),
        ..Default::default()
    });
    use Step::*;
    app.insert_resource(Target {
        file: target.clone(),
        expected: expected.clone(),
    })
    .add_plugins(script_plugin(
        out.clone(),
        [
            Until(|w| w.resource::<Library>().loaded),
            Do(open),
            Until(|w| *w.resource::<State<Screen>>().get() == Screen::Select),
            Do(highlight_and_play),
            Until(|w| w.get_resource::<Play>().is_some()),
            Frames(20),
            Do(|w| {
                break_file(&w.resource::<Target>().file);
            }),
            Until(broken_as_expected),
            Frames(20),
            Shot("broken"),
            Do(|w| fix_file(&w.resource::<Target>().file)),
            Until(|w| title(w).as_deref() == Some(NEW_TITLE)),
            Frames(20),
            Shot("fixed"),
            Do(|w| {
                w.write_message(CounterAction::Restart);
            }),
            Frames(20),
            Shot("restarted"),
        ],
    ));
    assert!(app.run().is_success(), "the script did not finish");

    // The overlay's dark red fill is on screen while the file is broken, and only then.
    let overlay = |name: &str| {
        let (_, _, rgba) = crate::screenshot::decode(&out.join(format!("{name}.png")));
        rgba.chunks(4)
            .filter(|p| p[0] == 48 && p[1] == 26 && p[2] == 28)
            .count()
    };
    assert!(overlay("broken") > 10_000, "no overlay when broken");
    assert_eq!(overlay("fixed"), 0, "overlay left after the fix");
    assert_eq!(overlay("restarted"), 0);
    // The folder stays until the next run, so the pictures can be looked at.
}
