//! Results leaving the game for the organisation's LRS: queued while it cannot be reached, the
//! reason shown, then sent once an address that answers is saved in Settings.

use bevy::prelude::*;
use counterplay::game::lrs_sync::{LrsAction, LrsSync};
use counterplay::game::play::Play;
use counterplay::game::trainee::Trainee;
use counterplay::lrs::{Auth, LrsSettings, Stopped};
use counterplay::results::ResultStore;
use counterplay::results::xapi::result_id;
use counterplay::scenario::Grade;

use crate::keyboard::{data_dir, game, reply};
use crate::test_lrs::{PASSWORD, TestLrs, USER};
use crate::{open_scenario, press, wait_for};

/// Plays card_wait to its end with good replies.
fn play_to_the_end(app: &mut App) {
    open_scenario(app, "card_wait");
    let mut replies = 0;
    while !app.world().resource::<Play>().session().is_over() {
        reply(app, Grade::Good);
        replies += 1;
        assert!(replies < 12, "the conversation does not end");
    }
    press(app, KeyCode::Enter);
}

#[test]
fn results_wait_while_the_lrs_cannot_be_reached_and_go_once_it_can() {
    let data = data_dir("lrs");
    LrsSettings {
        endpoint: Some("http://127.0.0.1:9/xAPI/".into()),
        ..LrsSettings::default()
    }
    .save(&ResultStore::at(&data))
    .unwrap();
    let mut app = game(&data);
    play_to_the_end(&mut app);
    wait_for(&mut app, "the attempt after the session", |app| {
        let sync = app.world().resource::<LrsSync>();
        !sync.sending && sync.state.as_ref().is_some_and(|s| s.waiting == 1)
    });
    let state = app.world().resource::<LrsSync>().state.clone().unwrap();
    assert_eq!(state.sent, 0);
    let (stopped, why) = state.failed.clone().unwrap();
    assert_eq!(stopped, Stopped::Unreachable);
    assert!(why.contains("cannot be reached"), "{why}");

    let Some(lrs) = TestLrs::start() else { return };
    app.world_mut().write_message(LrsAction::Save {
        endpoint: lrs.endpoint.clone(),
        user: USER.into(),
        password: PASSWORD.into(),
    });
    wait_for(&mut app, "the result to go", |app| {
        let sync = app.world().resource::<LrsSync>();
        sync.state.as_ref().is_some_and(|s| s.sent == 1)
    });
    let state = app.world().resource::<LrsSync>().state.clone().unwrap();
    assert_eq!((state.waiting, state.failed), (0, None));
    // The credentials were kept, and the LRS holds the session under its registration.
    let kept = LrsSettings::load(&ResultStore::at(&data)).unwrap();
    assert!(matches!(kept.auth, Auth::Basic { ref password, .. } if password == PASSWORD));
    let result = app.world().resource::<Trainee>().history.results[0].clone();
    let held = lrs.client().all_statements(|_| {}).unwrap();
    let registration = result_id(&result).to_string();
    assert_eq!(
        held.iter()
            .filter(|s| s["context"]["registration"] == registration.as_str())
            .count(),
        2 + result.transcript.turns.len()
    );
    drop(app);
    std::fs::remove_dir_all(&data).unwrap();
}
