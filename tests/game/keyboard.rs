//! The game driven by simulated key presses in a headless app (no window, no renderer): the
//! same systems a trainee's keyboard drives, from the title through a whole conversation to the
//! debrief and the history, and back after a restart.

use std::path::{Path, PathBuf};

use bevy::input::ButtonState;
use bevy::prelude::*;
use counterplay::game::library::{Library, Rulebook};
use counterplay::game::play::{Finished, Play};
use counterplay::game::prefs::Prefs;
use counterplay::game::trainee::Trainee;
use counterplay::game::{CounterAction, DebriefAction, Launch, REPLY_KEYS, Screen, SelectState};
use counterplay::lang::Lang;
use counterplay::rulebook::Act;
use counterplay::scenario::Grade;
use counterplay::scoring::Debrief;
use counterplay::session::{ReplyChoice, Session, Tally};

use crate::{key, open_scenario, press, screen};

/// A fresh folder for one test's results.
pub(crate) fn data_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("counterplay-keys-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The game without a window; each update advances time by a tenth of a second.
pub(crate) fn game(data: &Path) -> App {
    crate::headless(Launch {
        data_dir: Some(data.to_path_buf()),
        trainee: Some("Tester".into()),
        lang: Some(Lang::En),
        seed: Some(42),
        ..Default::default()
    })
}

/// Waits for the line to be typed out, then presses the number of the option of `grade`;
/// returns the option chosen.
pub(crate) fn reply(app: &mut App, grade: Grade) -> usize {
    for _ in 0..200 {
        let play = app.world().resource::<Play>();
        if play.answerable_since.is_some() {
            break;
        }
        app.update();
    }
    let play = app.world().resource::<Play>();
    let n = play
        .session()
        .option_of_grade(grade)
        .expect("an option of that grade");
    press(app, REPLY_KEYS[n]);
    n
}

#[test]
fn a_trainee_plays_a_scenario_to_the_debrief_and_history_by_keyboard_and_it_survives_a_restart() {
    let data = data_dir("whole");
    let mut app = game(&data);
    open_scenario(&mut app, "card_wait");
    let mut chosen = Vec::new();
    while !app.world().resource::<Play>().session().is_over() {
        chosen.push(reply(&mut app, Grade::Good));
        assert!(chosen.len() < 12, "the conversation does not end");
    }
    // The customer's last words stay on screen until the trainee goes on.
    assert_eq!(screen(&app), Screen::Counter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);

    let world = app.world();
    let finished = world.resource::<Finished>();
    let transcript = finished.transcript().clone();
    assert_eq!(transcript.scenario, "card_wait");
    assert_eq!(transcript.seed, 42);
    let options: Vec<usize> = transcript.turns.iter().filter_map(|t| t.option).collect();
    assert_eq!(options, chosen);
    assert!(
        transcript
            .turns
            .iter()
            .all(|t| matches!(t.choice, ReplyChoice::Option(_)) && t.seconds.is_some())
    );
    // The engine, given the same seed and replies, tells the same story and the same verdict.
    let scenario = world
        .resource::<Library>()
        .get("card_wait")
        .unwrap()
        .clone();
    let matcher = &world.resource::<Rulebook>().0;
    let replayed = Session::replay(scenario.clone(), matcher, &transcript).expect("replays");
    assert_eq!(replayed.transcript(), &transcript);
    assert_eq!(
        finished.debrief,
        Debrief::of(matcher, &scenario, &transcript)
    );
    assert!(
        finished.debrief.score.passed,
        "{:?}",
        finished.debrief.score
    );
    assert!(
        finished.saved.as_ref().is_some_and(Result::is_ok),
        "{:?}",
        finished.saved
    );

    press(&mut app, KeyCode::KeyH);
    assert_eq!(screen(&app), Screen::History);
    assert_eq!(app.world().resource::<Trainee>().history.results.len(), 1);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Debrief);
    drop(app);

    // The result is there after the game starts again.
    let app = game(&data);
    let history = &app.world().resource::<Trainee>().history;
    assert_eq!(history.results.len(), 1);
    assert_eq!(history.results[0].transcript, transcript);
    assert_eq!(history.results[0].trainee, "Tester");
}

#[test]
fn a_conversation_left_after_a_reply_is_offered_again_and_resumes_where_it_stopped() {
    let data = data_dir("resume");
    let mut app = game(&data);
    open_scenario(&mut app, "noisy_hall");
    reply(&mut app, Grade::Mediocre);
    let so_far = app
        .world()
        .resource::<Play>()
        .session()
        .transcript()
        .clone();
    assert_eq!(so_far.turns.len(), 1);
    // The window is closed without leaving properly.
    drop(app);

    let mut app = game(&data);
    let offered = app.world().resource::<Trainee>().unfinished.clone();
    assert_eq!(offered.map(Result::ok), Some(Some(so_far.clone())));
    press(&mut app, KeyCode::KeyR);
    assert_eq!(screen(&app), Screen::Counter);
    assert_eq!(
        app.world().resource::<Play>().session().transcript(),
        &so_far
    );
    while !app.world().resource::<Play>().session().is_over() {
        reply(&mut app, Grade::Good);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);
    let trainee = app.world().resource::<Trainee>();
    assert!(trainee.unfinished.is_none());
    assert_eq!(trainee.history.results.len(), 1);
    assert_eq!(
        trainee.history.results[0].transcript.turns[..1],
        so_far.turns[..]
    );
}

#[test]
fn a_hurried_customer_minds_a_slow_reply_and_the_time_is_in_the_transcript() {
    let mut patience = Vec::new();
    for wait_seconds in [0u64, 40] {
        let data = data_dir(&format!("hurry-{wait_seconds}"));
        let mut app = game(&data);
        open_scenario(&mut app, "card_wait");
        press(&mut app, KeyCode::Space);
        for _ in 0..wait_seconds * 10 {
            app.update();
        }
        let n = app
            .world()
            .resource::<Play>()
            .session()
            .option_of_grade(Grade::Good)
            .unwrap();
        press(&mut app, REPLY_KEYS[n]);
        let turn = app.world().resource::<Play>().session().transcript().turns[0].clone();
        let seconds = turn.seconds.expect("timed");
        assert!(
            (seconds - wait_seconds as f64).abs() < 1.5,
            "waited {wait_seconds} s, recorded {seconds}"
        );
        patience.push(turn.patience);
    }
    assert!(patience[1] < patience[0], "{patience:?}");
}

#[test]
fn the_language_switches_at_once_and_is_remembered() {
    let data = data_dir("lang");
    let mut app = game(&data);
    assert_eq!(app.world().resource::<Prefs>().lang, Lang::En);
    press(&mut app, KeyCode::KeyL);
    assert_eq!(app.world().resource::<Prefs>().lang, Lang::Zh);
    drop(app);
    let prefs = counterplay::results::ResultStore::at(&data).preferences();
    assert_eq!(prefs.lang, Lang::Zh);
    assert_eq!(prefs.trainee, "Tester");
}

#[test]
fn the_filters_narrow_the_list_and_settings_change_by_key() {
    let data = data_dir("filters");
    let mut app = game(&data);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Select);
    let all = {
        let world = app.world();
        let visible = world
            .resource::<SelectState>()
            .visible(world.resource::<Library>());
        visible.len()
    };
    // F2 steps through the customer types present; each shows only that type.
    let mut seen = Vec::new();
    loop {
        press(&mut app, KeyCode::F2);
        let world = app.world();
        let state = world.resource::<SelectState>();
        let Some(t) = state.r#trait else { break };
        let visible = state.visible(world.resource::<Library>());
        assert!(!visible.is_empty());
        assert!(visible.iter().all(|s| s.customer.r#trait == t), "{t:?}");
        seen.push(t);
        assert!(seen.len() <= 5, "the filter never comes back to every type");
    }
    assert!(seen.len() >= 4, "{seen:?}");
    let world = app.world();
    assert_eq!(
        world
            .resource::<SelectState>()
            .visible(world.resource::<Library>())
            .len(),
        all
    );

    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
    press(&mut app, KeyCode::KeyS);
    assert_eq!(screen(&app), Screen::Settings);
    let before = app.world().resource::<Prefs>().clone();
    press(&mut app, KeyCode::Equal);
    press(&mut app, KeyCode::KeyT);
    let after = app.world().resource::<Prefs>().clone();
    assert!(after.ui_scale > before.ui_scale, "{after:?}");
    assert_eq!(after.type_out, !before.type_out);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
}

#[test]
fn a_class_votes_by_keyboard_and_its_split_is_kept_and_debriefed() {
    let data = data_dir("classroom");
    let mut app = crate::headless(Launch {
        data_dir: Some(data.clone()),
        trainee: Some("Teacher".into()),
        lang: Some(Lang::En),
        seed: Some(7),
        classroom: true,
        ..Default::default()
    });
    assert!(app.world().resource::<Prefs>().classroom, "--classroom");
    app.world_mut().resource_mut::<Prefs>().group = "2026春".into();
    open_scenario(&mut app, "card_wait");
    let presenter = |app: &App| app.world().resource::<Play>().presenter.clone();

    // The class reads the line first: votes before the options are shown do not count.
    press(&mut app, REPLY_KEYS[0]);
    assert!(!presenter(&app).revealed);
    assert!(presenter(&app).tally.iter().all(|v| *v == 0));
    press(&mut app, KeyCode::Space); // the whole line
    press(&mut app, KeyCode::Space); // the options
    assert!(presenter(&app).revealed);

    // Pausing for discussion and showing the numbers change nothing in the conversation.
    press(&mut app, KeyCode::KeyP);
    assert!(presenter(&app).paused);
    press(&mut app, KeyCode::KeyP);
    press(&mut app, KeyCode::KeyN);
    assert!(!presenter(&app).paused && presenter(&app).numbers);

    let mut tallies: Vec<Tally> = Vec::new();
    let mut first = true;
    while !app.world().resource::<Play>().session().is_over() {
        if !presenter(&app).revealed {
            press(&mut app, KeyCode::Space);
            press(&mut app, KeyCode::Space);
        }
        let play = app.world().resource::<Play>();
        let good = play.session().option_of_grade(Grade::Good).unwrap();
        let other = (good + 1) % play.session().options().len();
        if first {
            // A tie is not played: the instructor is asked for a deciding vote.
            press(&mut app, REPLY_KEYS[good]);
            press(&mut app, REPLY_KEYS[other]);
            press(&mut app, KeyCode::Enter);
            let play = app.world().resource::<Play>();
            assert!(play.session().transcript().turns.is_empty());
            assert!(
                play.problem.as_deref().unwrap_or("").contains("tied"),
                "{:?}",
                play.problem
            );
            // A vote taken back with Shift.
            key(&mut app, KeyCode::ShiftLeft, ButtonState::Pressed);
            press(&mut app, REPLY_KEYS[other]);
            key(&mut app, KeyCode::ShiftLeft, ButtonState::Released);
            first = false;
        }
        for _ in 0..3 {
            press(&mut app, REPLY_KEYS[good]);
        }
        press(&mut app, REPLY_KEYS[other]);
        tallies.push(presenter(&app).tally.clone());
        press(&mut app, KeyCode::Enter);
        assert!(tallies.len() < 12, "the conversation does not end");
    }
    assert_eq!(
        tallies[0].iter().sum::<u32>(),
        5,
        "4 for the good option, 1 other"
    );

    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);
    let finished = app.world().resource::<Finished>();
    let turns = &finished.transcript().turns;
    assert_eq!(turns.len(), tallies.len());
    for (turn, tally) in turns.iter().zip(&tallies) {
        assert_eq!(turn.votes.as_deref(), Some(&tally[..]));
        assert_eq!(turn.seconds, None, "a class's discussion is not timed");
    }
    // The debrief splits every voted reply, from the engine.
    assert_eq!(finished.debrief.class.len(), turns.len());
    for (split, tally) in finished.debrief.class.iter().zip(&tallies) {
        assert_eq!(split.total, tally.iter().sum::<u32>());
        let played: Vec<_> = split.options.iter().filter(|o| o.played).collect();
        assert_eq!(played.len(), 1);
        assert_eq!(played[0].votes, *tally.iter().max().unwrap());
    }
    // The result is kept with the class's group, votes and all.
    let saved = app
        .world()
        .resource::<Trainee>()
        .history
        .results
        .last()
        .unwrap()
        .clone();
    assert_eq!(saved.group.as_deref(), Some("2026春"));
    assert_eq!(&saved.transcript, finished.transcript());
    // F11 leaves projector mode, and it is remembered.
    press(&mut app, KeyCode::F11);
    assert!(!app.world().resource::<Prefs>().classroom);
    let _ = std::fs::remove_dir_all(&data);
}

/// Waits until the customer's line is typed out and a reply can be given.
fn wait_answerable(app: &mut App) {
    for _ in 0..200 {
        if app.world().resource::<Play>().answerable_since.is_some() {
            return;
        }
        app.update();
    }
    panic!("the line never finished");
}

/// Types `words` into the reply field and sends them, as the counter's field does.
fn say(app: &mut App, words: &str) {
    wait_answerable(app);
    app.world_mut()
        .write_message(CounterAction::Say(words.to_owned()));
    app.update();
}

#[test]
fn a_trainee_types_a_whole_conversation_and_the_debrief_shows_what_was_heard() {
    let data = data_dir("typed");
    let mut app = game(&data);
    open_scenario(&mut app, "card_wait");
    let start = app.world().resource::<Play>().session().node().id.clone();

    // A greeting means no option: the customer stays and answers the question back.
    say(&mut app, "Hello, how can I help you today?");
    let play = app.world().resource::<Play>();
    let turn = play.session().transcript().turns[0].clone();
    assert_eq!(turn.option, None);
    assert_eq!(turn.next, start);
    assert_eq!(turn.understood.as_ref().unwrap().act, Act::Question);
    assert_eq!(play.session().line(), &turn.reaction);

    // Then the trainee types, in their own hand, what the course's option at each point says.
    while !app.world().resource::<Play>().session().is_over() {
        let session = app.world().resource::<Play>().session();
        let good = session.option_of_grade(Grade::Good).expect("a good option");
        let words = session.options()[good].text.get(Lang::En).to_owned();
        say(&mut app, &words);
        let turns = &app.world().resource::<Play>().session().transcript().turns;
        assert_eq!(turns.last().unwrap().option, Some(good), "{words}");
        assert!(turns.len() < 14, "the conversation does not end");
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);

    let finished = app.world().resource::<Finished>();
    let heard = &finished.debrief.heard;
    assert_eq!(heard.len(), finished.transcript().turns.len());
    assert_eq!(heard[0].followed, None);
    assert!(heard[1..].iter().all(|h| h.followed.is_some()));
    assert!(
        heard
            .iter()
            .any(|h| h.pieces.iter().any(|p| !p.marks.is_empty()))
    );
    let saved = finished
        .saved
        .as_ref()
        .expect("kept")
        .as_ref()
        .expect("saved")
        .clone();

    // The trainee says the greeting was misread: the mark is kept in the saved result.
    app.world_mut()
        .write_message(DebriefAction::Misread(0, true));
    app.update();
    let kept: counterplay::results::SavedResult =
        serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert!(kept.transcript.turns[0].misread);
    assert!(app.world().resource::<Finished>().debrief.heard[0].misread);
}
