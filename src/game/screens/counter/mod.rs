//! The counter: the customer's face and line, the reply options, the mood, the clock for a
//! hurried customer and the conversation so far. In projector mode the instructor presents it
//! to a class (`presenter`): the options appear when the class has read the line, the class
//! votes on them, and play pauses for discussion.

mod action;
mod draw;
mod presenter;

use bevy::prelude::*;

use crate::game::face::{self, ShownMood};
use crate::game::input::{enter_pressed, number_pressed};
use crate::game::library::{Library, Rulebook};
use crate::game::play::{self, Finished, Play};
use crate::game::prefs::Prefs;
use crate::game::screen::{Screen, add_screen};
use crate::game::trainee::Trainee;
use crate::session::ReplyChoice;

pub use action::CounterAction;

/// The counter while a conversation is in play, and the face it shows.
pub(super) fn plugin(app: &mut App) {
    app.add_plugins(face::plugin)
        .add_systems(OnEnter(Screen::Counter), show_mood_at_once);
    add_screen::<CounterAction, _, _, _, _>(
        app,
        Screen::Counter,
        resource_exists::<Play>,
        keys,
        act,
        draw::draw,
    );
}

/// A new customer walks up as they are; only changes during the conversation are eased.
fn show_mood_at_once(play: Option<Res<Play>>, mut shown: ResMut<ShownMood>) {
    if let Some(play) = play {
        *shown = ShownMood::of(&play);
    }
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    play: Res<Play>,
    prefs: Res<Prefs>,
    mut actions: MessageWriter<CounterAction>,
) {
    if prefs.classroom {
        return presenter::keys(&keys, &play, &mut actions);
    }
    if let Some(n) = number_pressed(&keys) {
        actions.write(CounterAction::Reply(n));
    } else if enter_pressed(&keys) {
        actions.write(if play.session().is_over() {
            CounterAction::Debrief
        } else {
            CounterAction::ShowLine
        });
    } else if keys.just_pressed(KeyCode::Space) {
        actions.write(CounterAction::ShowLine);
    } else if keys.just_pressed(KeyCode::Escape) {
        actions.write(CounterAction::Leave);
    } else if keys.just_pressed(KeyCode::F5) {
        actions.write(CounterAction::Restart);
    }
}

fn act(
    mut commands: Commands,
    mut actions: MessageReader<CounterAction>,
    mut play: ResMut<Play>,
    mut trainee: ResMut<Trainee>,
    rulebook: Res<Rulebook>,
    library: Res<Library>,
    prefs: Res<Prefs>,
    finished: Option<Res<Finished>>,
    time: Res<Time>,
    mut next: ResMut<NextState<Screen>>,
) {
    let now = time.elapsed_secs_f64();
    for action in actions.read() {
        let mut votes = None;
        let choice = match action {
            CounterAction::Reply(n) => ReplyChoice::Option(*n),
            CounterAction::Reveal
            | CounterAction::Vote(_)
            | CounterAction::Unvote(_)
            | CounterAction::SetVotes(..)
            | CounterAction::PlayVote
            | CounterAction::Pause
            | CounterAction::Numbers => {
                let Some(chosen) = presenter::present(&mut play, action, now, prefs.lang) else {
                    continue;
                };
                votes = Some(play.presenter.tally.clone());
                ReplyChoice::Option(chosen)
            }
            CounterAction::Say(text) => ReplyChoice::Text(text.clone()),
            CounterAction::ShowLine => {
                play.finish_line(now);
                continue;
            }
            CounterAction::Debrief => {
                if play.session().is_over() && finished.is_some() {
                    commands.remove_resource::<Play>();
                    next.set(Screen::Debrief);
                }
                continue;
            }
            CounterAction::Leave => {
                commands.remove_resource::<Play>();
                next.set(if play.session().is_over() && finished.is_some() {
                    Screen::Debrief
                } else if play.preview().is_some() {
                    Screen::Map
                } else {
                    Screen::Select
                });
                continue;
            }
            CounterAction::Restart => {
                let scenario = library.newer(play.scenario()).unwrap_or(play.scenario());
                match play.restart(scenario.clone()) {
                    Ok(new) => *play = new,
                    Err(e) => play.problem = Some(e.to_string()),
                }
                continue;
            }
        };
        // A key pressed while the customer is still talking first shows the whole line, so a
        // reply is never given to words not yet seen.
        if !play.line_done(prefs.lang) {
            play.finish_line(now);
            continue;
        }
        if matches!(&choice, ReplyChoice::Option(n) if *n >= play.session().options().len()) {
            continue;
        }
        play::reply(
            &mut commands,
            &mut play,
            &mut trainee,
            &rulebook,
            choice,
            votes,
            now,
        );
    }
}
