//! `counterplay shoot`: drives the real game the way a trainee would (the same messages keys
//! and clicks send) through the title, the scenario list, the counter mid-conversation, the
//! debrief, an angry customer and the history, saving a screenshot of each, then quits.

use std::collections::VecDeque;
use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use bevy::window::RequestRedraw;

use super::face::ShownMood;
use super::launch::Shoot;
use super::library::Library;
use super::lrs_sync::LrsSync;
use super::play::Play;
use super::prefs::Prefs;
use super::screen::Screen;
use super::screens::{
    CounterAction, DebriefAction, HistoryAction, MapAction, SelectAction, SelectState,
    SettingsAction, TitleAction,
};
use crate::lang::Lang;
use crate::lrs::{Auth, LrsSettings};
use crate::scenario::{Grade, Mood};

/// The scenario shown: a hurried customer, so the clock is in the picture.
const SCENARIO: &str = "card_wait";
/// The node the map's preview starts at: late in the conversation, after a broken promise.
const PREVIEW_NODE: &str = "promise_broken";
/// Frames a step may wait for the game before the run is declared stuck.
const PATIENCE_FRAMES: u32 = 900;

/// One step of a scripted trainee.
#[derive(Clone, Copy)]
pub enum Step {
    /// Act as the trainee would.
    Do(fn(&mut World)),
    /// Called every frame until it says the game is where it should be.
    Until(fn(&mut World) -> bool),
    /// Let a few frames pass (egui lays out a new screen over two).
    Frames(u32),
    /// Save the window as `<name>.png`.
    Shot(&'static str),
}

/// Sends a message as the trainee's key or click would, then waits until the game shows the
/// screen it leads to: `go!(TitleAction::Start => Screen::Select)`.
macro_rules! go {
    ($message:expr => $screen:expr) => {
        [
            Step::Do(|w| {
                w.write_message($message);
            }),
            Step::Until(|w| on(w, $screen)),
        ]
    };
}

#[derive(Resource)]
struct Script {
    out: PathBuf,
    steps: VecDeque<Step>,
    frames: u32,
    pending: usize,
}

/// Plays the script `shoot` asks for.
pub(super) fn plugin(shoot: Shoot) -> impl Plugin {
    let steps = if shoot.classroom {
        classroom_script()
    } else {
        script()
    };
    script_plugin(shoot.out, steps)
}

/// Plays `steps` in order, one a frame (or more, while a step waits), saving screenshots into
/// `out`, then quits; quits with an error if a step waits too long. `shoot` and the tests drive
/// the real game this way.
pub fn script_plugin(out: PathBuf, steps: impl IntoIterator<Item = Step>) -> impl Plugin {
    let steps: VecDeque<Step> = steps.into_iter().collect();
    let steps = std::sync::Mutex::new(Some(steps));
    move |app: &mut App| {
        if let Err(e) = std::fs::create_dir_all(&out) {
            error!("cannot create {}: {e}", out.display());
        }
        let steps = steps
            .lock()
            .ok()
            .and_then(|mut s| s.take())
            .unwrap_or_default();
        app.insert_resource(Script {
            out: out.clone(),
            steps,
            frames: 0,
            pending: 0,
        })
        // Before the screens act, so what it sends is acted on in the same frame and the next
        // step sees the result.
        .add_systems(First, drive)
        .add_observer(|_: On<ScreenshotCaptured>, mut script: ResMut<Script>| {
            script.pending = script.pending.saturating_sub(1);
        });
    }
}

/// A script written in parts: runs of steps and `go!` pairs.
fn steps(parts: &[&[Step]]) -> Vec<Step> {
    parts.concat()
}

/// How both scripts open: from the title to the counter with the scenario shown, taking the
/// pictures of the title and the list on the way when `pictures` says so.
fn opening(pictures: bool) -> Vec<Step> {
    use Step::*;
    let title: &[Step] = if pictures { &[Shot("title")] } else { &[] };
    let select: &[Step] = if pictures {
        &[Frames(12), Shot("select")]
    } else {
        &[]
    };
    steps(&[
        &[Until(|w| w.resource::<Library>().loaded), Frames(30)],
        title,
        &go!(TitleAction::Start => Screen::Select),
        &[Do(highlight_scenario)],
        select,
        &go!(SelectAction::Play => Screen::Counter),
    ])
}

/// The trainee's pictures: the title, the list, the counter, the debrief, an angry customer,
/// the history, the map and a preview from it.
fn script() -> Vec<Step> {
    use Step::*;
    steps(&[
        &opening(true),
        &[
            // Difficult customers calm step by step: three good replies in, the face is calm.
            Until(|w| reply_with(w, Grade::Good, 3)),
            Until(settled),
            Frames(6),
            Shot("counter"),
            Until(|w| reply_with(w, Grade::Good, usize::MAX)),
            Until(settled),
        ],
        &go!(CounterAction::Debrief => Screen::Debrief),
        &[Frames(12), Shot("debrief")],
        &go!(DebriefAction::NewSeed => Screen::Counter),
        &[
            // Words no option says: the customer answers them where the talk was.
            Until(type_brush_off),
            Until(settled),
            Frames(6),
            Shot("counter-typed"),
            Until(type_the_course),
        ],
        &go!(CounterAction::Debrief => Screen::Debrief),
        &[Frames(12), Shot("debrief-typed")],
        &go!(DebriefAction::History => Screen::History),
        &[Frames(12), Shot("history")],
        &go!(HistoryAction::Back => Screen::Debrief),
        &go!(DebriefAction::OtherScenarios => Screen::Select),
        &go!(SelectAction::Back => Screen::Title),
        // An LRS that cannot be reached: the results wait, and Settings says why.
        &[Do(|w| {
            w.resource_mut::<LrsSync>().try_with(LrsSettings {
                endpoint: Some("http://127.0.0.1:9/xAPI/".into()),
                auth: Auth::Basic {
                    user: "counterplay".into(),
                    password: "practice".into(),
                },
                ..LrsSettings::default()
            });
        })],
        &go!(TitleAction::Settings => Screen::Settings),
        &[
            Until(|w| w.resource::<LrsSync>().state.is_some()),
            Frames(12),
            Shot("settings"),
        ],
        &go!(SettingsAction::Back => Screen::Title),
        &go!(TitleAction::Start => Screen::Select),
        &[Do(highlight_scenario)],
        &go!(SelectAction::Map => Screen::Map),
        &[Do(choose_preview_node), Frames(12), Shot("map")],
        &go!(MapAction::Preview => Screen::Counter),
        &[
            Do(|w| {
                w.write_message(CounterAction::ShowLine);
            }),
            Until(settled),
            Frames(6),
            Shot("preview"),
        ],
    ])
}

/// Projector mode: a class votes at the counter, pauses to discuss, plays to the end and sees
/// how it split; then the class report.
fn classroom_script() -> Vec<Step> {
    use Step::*;
    steps(&[
        &opening(false),
        &[
            Until(|w| class_votes(w, Grade::Good, 1)),
            Until(settled),
            Frames(6),
            Shot("class-vote"),
            Do(|w| {
                w.write_message(CounterAction::Pause);
            }),
            Frames(6),
            Shot("class-pause"),
            Do(|w| {
                w.write_message(CounterAction::Pause);
            }),
            Until(|w| class_votes(w, Grade::Good, usize::MAX)),
            Until(settled),
        ],
        &go!(CounterAction::Debrief => Screen::Debrief),
        &[Frames(12), Shot("class-debrief")],
        // A second class that mostly chooses badly, so the report has something to show.
        &go!(DebriefAction::NewSeed => Screen::Counter),
        &[Until(|w| class_votes(w, Grade::Bad, usize::MAX))],
        &go!(CounterAction::Debrief => Screen::Debrief),
        &go!(DebriefAction::History => Screen::History),
        &go!(HistoryAction::ClassReport => Screen::Report),
        &[Frames(12), Shot("class-report")],
    ])
}

/// On the map: the node the preview starts at, and an angry customer.
fn choose_preview_node(world: &mut World) {
    let library = world.resource::<Library>();
    let node = library
        .get(SCENARIO)
        .and_then(|s| s.nodes.iter().position(|n| n.id == PREVIEW_NODE));
    world.write_message(MapAction::Choose(node.unwrap_or(0)));
    world.write_message(MapAction::Mood(Mood::Angry));
}

/// How a class votes in the pictures: most for the first option of grade `most`, some for the
/// others.
pub fn class_tally(play: &Play, most: Grade) -> Vec<u32> {
    let lead = play.session().option_of_grade(most).unwrap_or(0);
    (0..play.session().options().len())
        .map(|i| if i == lead { 14 } else { 3 + i as u32 })
        .collect()
}

/// Shows the line, then the options, then casts the class's votes, until `turns` votes have
/// been played (then leaves the last tally on screen unplayed) or the conversation is over.
fn class_votes(world: &mut World, most: Grade, turns: usize) -> bool {
    let lang = world.resource::<Prefs>().lang;
    let Some(play) = world.get_resource::<Play>() else {
        return false;
    };
    if play.session().is_over() {
        return true;
    }
    if !play.line_done(lang) || !play.presenter.revealed {
        world.write_message(CounterAction::Reveal);
        return false;
    }
    let tally = class_tally(play, most);
    let played = play.session().transcript().turns.len();
    for (i, n) in tally.iter().enumerate() {
        world.write_message(CounterAction::SetVotes(i, *n));
    }
    if played + 1 >= turns {
        return true;
    }
    world.write_message(CounterAction::PlayVote);
    false
}

fn on(world: &mut World, screen: Screen) -> bool {
    *world.resource::<State<Screen>>().get() == screen
}

fn highlight_scenario(world: &mut World) {
    let library = world.resource::<Library>();
    let state = world.resource::<SelectState>();
    let place = state
        .visible(library)
        .iter()
        .position(|s| s.id == SCENARIO)
        .unwrap_or(0);
    world.resource_mut::<SelectState>().highlighted = place;
}

/// Shows the line and says the first option of `grade` (or the first option) until the
/// conversation has `turns` replies or has ended.
fn reply_with(world: &mut World, grade: Grade, turns: usize) -> bool {
    let Some(play) = world.get_resource::<Play>() else {
        return false;
    };
    if play.session().is_over() || play.session().transcript().turns.len() >= turns {
        return true;
    }
    let n = play.session().option_of_grade(grade).unwrap_or(0);
    world.write_message(CounterAction::ShowLine);
    world.write_message(CounterAction::Reply(n));
    false
}

/// Types a brush-off no option says as the first reply.
fn type_brush_off(world: &mut World) -> bool {
    let lang = world.resource::<Prefs>().lang;
    let Some(play) = world.get_resource::<Play>() else {
        return false;
    };
    if !play.session().transcript().turns.is_empty() {
        return true;
    }
    let brush_off = match lang {
        Lang::Zh => "急什么，我这不是在查吗？",
        Lang::En => "Calm down, sir. Those are the rules.",
    };
    world.write_message(CounterAction::ShowLine);
    world.write_message(CounterAction::Say(brush_off.to_owned()));
    false
}

/// Types, in the trainee's own hand, what the course's option says at each point, to the end.
fn type_the_course(world: &mut World) -> bool {
    let lang = world.resource::<Prefs>().lang;
    let Some(play) = world.get_resource::<Play>() else {
        return false;
    };
    if play.session().is_over() {
        return true;
    }
    let n = play.session().option_of_grade(Grade::Good).unwrap_or(0);
    let words = play.session().options()[n].text.get(lang).to_owned();
    world.write_message(CounterAction::ShowLine);
    world.write_message(CounterAction::Say(words));
    false
}

/// The line is fully shown and the face has caught up with the mood.
fn settled(world: &mut World) -> bool {
    let lang = world.resource::<Prefs>().lang;
    let Some(play) = world.get_resource::<Play>() else {
        return true;
    };
    let target = ShownMood::of(play);
    let shown = *world.resource::<ShownMood>();
    play.line_done(lang) && (shown.anger - target.anger).abs() < 0.01
}

fn drive(world: &mut World) {
    // A script counts frames and waits on them, so it keeps the game drawing until it is done.
    world.write_message(RequestRedraw);
    let mut script = world.resource_mut::<Script>();
    script.frames += 1;
    let frames = script.frames;
    let Some(step) = script.steps.pop_front() else {
        if script.pending == 0 {
            world.write_message(AppExit::Success);
        }
        return;
    };
    let done = match &step {
        Step::Do(act) => {
            act(world);
            true
        }
        Step::Until(check) => check(world),
        Step::Frames(n) => frames >= *n,
        Step::Shot(name) => {
            let path = script.out.join(format!("{name}.png"));
            script.pending += 1;
            world
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path));
            true
        }
    };
    let mut script = world.resource_mut::<Script>();
    if done {
        script.frames = 0;
    } else if frames > PATIENCE_FRAMES {
        error!("the game did not get past a step in {PATIENCE_FRAMES} frames");
        world.write_message(AppExit::error());
    } else {
        script.steps.push_front(step);
    }
}
