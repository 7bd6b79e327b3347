//! The conversation being played and the one just finished: the core's attempt plus what only
//! the screen needs (how much of the line is shown, since when the trainee could answer, the
//! presenter's controls).

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use bevy::prelude::*;

use super::launch::Launch;
use super::library::Rulebook;
use super::prefs::Prefs;
use super::trainee::{Trainee, unix_seconds};
use crate::lang::Lang;
use crate::results::{Attempt, Finish, Player, Progress};
use crate::rulebook::Matcher;
use crate::scenario::Scenario;
use crate::session::{Preview, ReplyChoice, ReplyInput, Session, SessionError, Tally, Transcript};

/// Characters of the customer's line shown per second while it is typed out.
const CHARS_PER_SECOND: f64 = 28.0;

/// A conversation in progress: the core's attempt, and how it is shown.
#[derive(Resource)]
pub struct Play {
    /// The core's attempt: the session, kept safe after every reply and filed at the end.
    pub attempt: Attempt,
    /// Characters of the current line shown so far.
    pub shown: f64,
    /// When the line was fully shown and the trainee could answer (game time, seconds).
    pub answerable_since: Option<f64>,
    /// The trainee's own words being typed.
    pub draft: String,
    /// Why the last reply or autosave failed, if it did.
    pub problem: Option<String>,
    /// The presenter's controls, when a class plays together.
    pub presenter: Presenter,
}

/// What an instructor controls while a class plays a conversation together: the replies are
/// shown when the class has read the line, the class votes on them, play can pause for
/// discussion, and the mood's numbers can be shown or hidden.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Presenter {
    /// Whether this reply's options are shown.
    pub revealed: bool,
    /// Whether play is paused for discussion.
    pub paused: bool,
    /// Whether the mood's numbers are shown beside the meters.
    pub numbers: bool,
    /// The class's votes at this reply.
    pub tally: Tally,
}

impl Play {
    /// A new conversation, from the beginning or, for an instructor's preview, from a later
    /// node; `player` is who it is filed for.
    pub fn start(
        scenario: Arc<Scenario>,
        seed: u64,
        preview: Option<Preview>,
        player: Option<Player>,
    ) -> Result<Play, SessionError> {
        let attempt = Attempt::start(scenario, seed, preview, player, unix_seconds())?;
        Ok(Play::around(attempt))
    }

    /// The same customer again, with `scenario` (a newer version of the file, or the same).
    pub fn restart(&self, scenario: Arc<Scenario>) -> Result<Play, SessionError> {
        let t = self.session().transcript();
        let player = self.attempt.player().cloned();
        Play::start(scenario, t.seed, t.preview.clone(), player)
    }

    /// A saved conversation, replayed to where it stopped.
    pub fn resume(
        scenario: Arc<Scenario>,
        matcher: &Matcher,
        transcript: &Transcript,
        player: Option<Player>,
    ) -> Result<Play, SessionError> {
        let attempt = Attempt::resume(scenario, matcher, transcript, player, unix_seconds())?;
        Ok(Play::around(attempt))
    }

    fn around(attempt: Attempt) -> Play {
        Play {
            attempt,
            shown: 0.0,
            answerable_since: None,
            draft: String::new(),
            problem: None,
            presenter: Presenter::default(),
        }
    }

    /// The conversation so far.
    pub fn session(&self) -> &Session {
        self.attempt.session()
    }

    /// The scenario played, shared with the library.
    pub fn scenario(&self) -> &Arc<Scenario> {
        self.attempt.session().scenario()
    }

    /// Where this conversation started, when it is an instructor's preview (kept out of the
    /// trainee's history).
    pub fn preview(&self) -> Option<&Preview> {
        self.session().transcript().preview.as_ref()
    }

    /// Whether the whole current line is shown in `lang`.
    pub fn line_done(&self, lang: Lang) -> bool {
        self.shown >= self.session().line().get(lang).chars().count() as f64
    }

    /// The part of the current line shown so far.
    pub fn shown_line(&self, lang: Lang) -> String {
        let line = self.session().line().get(lang);
        line.chars().take(self.shown.ceil() as usize).collect()
    }

    /// Shows the whole line at once.
    pub fn finish_line(&mut self, now: f64) {
        self.shown = f64::MAX;
        self.answerable_since.get_or_insert(now);
    }

    /// The share of a hurried customer's time for a reply still left (below zero once it has
    /// run out), while their clock runs.
    pub fn time_left(&self, now: f64) -> Option<f32> {
        let limit = self.session().reply_seconds()?;
        (!self.session().is_over()).then(|| (1.0 - self.waiting(now) / limit) as f32)
    }

    /// Seconds the trainee has been able to answer for.
    pub fn waiting(&self, now: f64) -> f64 {
        self.answerable_since.map_or(0.0, |t| (now - t).max(0.0))
    }

    /// Says `choice` (with the class's `votes`, when a class voted), timed from when the line
    /// was shown (the session decides whose time counts); the next line starts typing and the
    /// next vote starts empty.
    fn reply(
        &mut self,
        matcher: &Matcher,
        choice: ReplyChoice,
        votes: Option<Tally>,
        now: f64,
    ) -> Result<Progress, SessionError> {
        let seconds = self.answerable_since.map(|t| round_tenth(now - t));
        let input = ReplyInput {
            choice,
            seconds,
            votes,
        };
        let progress = self.attempt.reply(matcher, input, unix_seconds())?;
        self.shown = 0.0;
        self.answerable_since = None;
        self.draft.clear();
        self.presenter.revealed = false;
        self.presenter.tally = Tally::default();
        Ok(progress)
    }
}

/// Response times kept to a tenth of a second: enough for the rubric, and short in files.
fn round_tenth(s: f64) -> f64 {
    (s * 10.0).round() / 10.0
}

/// A finished conversation and its verdict, for the debrief: scored, debriefed and filed by
/// the core's attempt.
#[derive(Resource, Deref, DerefMut)]
pub struct Finished(pub Finish);

/// Where new sessions get their seeds.
#[derive(Resource, Debug)]
pub struct Seeds {
    next: Option<u64>,
}

impl Seeds {
    /// The seed for a new session: counting up from the launch seed, else from the clock.
    pub fn draw(&mut self) -> u64 {
        match &mut self.next {
            Some(n) => {
                let seed = *n;
                *n = n.wrapping_add(1);
                seed
            }
            // Six digits: short enough to read out and type into `counterplay run --seed`.
            None => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| (d.as_nanos() % 1_000_000) as u64),
        }
    }
}

/// Types out the line and keeps the autosave, the result and the debrief in step with the
/// session.
pub(super) fn plugin(app: &mut App) {
    app.add_systems(PreStartup, |mut commands: Commands, launch: Res<Launch>| {
        commands.insert_resource(Seeds { next: launch.seed });
    })
    .add_systems(Update, type_out.run_if(resource_exists::<Play>));
}

/// The longest step a line types out in one frame, in seconds.
const MAX_STEP: f64 = 0.25;

fn type_out(mut play: ResMut<Play>, prefs: Res<Prefs>, time: Res<Time>) {
    if play.line_done(prefs.lang) {
        if play.answerable_since.is_none() {
            let now = time.elapsed_secs_f64();
            play.answerable_since = Some(now);
        }
        return;
    }
    if prefs.type_out {
        // A frame after a long rest would otherwise show a second's worth of characters at once.
        play.shown += time.delta_secs_f64().min(MAX_STEP) * CHARS_PER_SECOND;
    } else {
        play.shown = f64::MAX;
    }
}

/// Says a reply; once the conversation is over the debrief is ready and the history holds the
/// result.
pub fn reply(
    commands: &mut Commands,
    play: &mut Play,
    trainee: &mut Trainee,
    rulebook: &Rulebook,
    choice: ReplyChoice,
    votes: Option<Tally>,
    now: f64,
) {
    match play.reply(&rulebook.0, choice, votes, now) {
        Err(e) => play.problem = Some(e.to_string()),
        Ok(Progress::Continued(unsaved)) => play.problem = unsaved.map(|e| e.to_string()),
        Ok(Progress::Finished(finish)) => {
            play.problem = None;
            trainee.filed(&finish);
            commands.insert_resource(Finished(*finish));
        }
    }
}
