//! The conversation being played and the one just finished: the core's session plus what only
//! the screen needs (how much of the line is shown, since when the trainee could answer).

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use bevy::prelude::*;

use super::Launch;
use super::library::Rulebook;
use super::trainee::{Prefs, Trainee, unix_seconds};
use crate::customer::CustomerState;
use crate::lang::Lang;
use crate::results::SavedResult;
use crate::rulebook::Matcher;
use crate::scenario::Scenario;
use crate::scoring::Debrief;
use crate::session::{Preview, ReplyChoice, ReplyInput, Session, SessionError, Transcript};

/// Characters of the customer's line shown per second while it is typed out.
const CHARS_PER_SECOND: f64 = 28.0;

/// A conversation in progress.
#[derive(Resource)]
pub struct Play {
    /// The core's session.
    pub session: Session,
    /// The scenario, shared with the library.
    pub scenario: Arc<Scenario>,
    /// Characters of the current line shown so far.
    pub shown: f64,
    /// When the line was fully shown and the trainee could answer (game time, seconds).
    pub answerable_since: Option<f64>,
    /// When the session started, for the result's duration.
    started_at: f64,
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
    /// The class's votes per option at this reply.
    pub tally: Vec<u32>,
}

impl Play {
    /// A new conversation, from the beginning or, for an instructor's preview, from a later
    /// node.
    pub fn start(
        scenario: Arc<Scenario>,
        seed: u64,
        preview: Option<Preview>,
        now: f64,
    ) -> Result<Play, SessionError> {
        let session = Session::start_from(scenario.clone(), seed, preview)?;
        Ok(Play::around(session, scenario, now))
    }

    /// The same customer again, with `scenario` (a newer version of the file, or the same).
    pub fn restart(&self, scenario: Arc<Scenario>, now: f64) -> Result<Play, SessionError> {
        let t = self.session.transcript();
        Play::start(scenario, t.seed, t.preview.clone(), now)
    }

    /// Where this conversation started, when it is an instructor's preview (kept out of the
    /// trainee's history).
    pub fn preview(&self) -> Option<&Preview> {
        self.session.transcript().preview.as_ref()
    }

    /// A saved conversation, replayed to where it stopped.
    pub fn resume(
        scenario: Arc<Scenario>,
        matcher: &Matcher,
        transcript: &Transcript,
        now: f64,
    ) -> Result<Play, SessionError> {
        let session = Session::replay(scenario.clone(), matcher, transcript)?;
        Ok(Play::around(session, scenario, now))
    }

    fn around(session: Session, scenario: Arc<Scenario>, now: f64) -> Play {
        Play {
            session,
            scenario,
            shown: 0.0,
            answerable_since: None,
            started_at: now,
            draft: String::new(),
            problem: None,
            presenter: Presenter::default(),
        }
    }

    /// Whether the whole current line is shown in `lang`.
    pub fn line_done(&self, lang: Lang) -> bool {
        self.shown >= self.session.line().get(lang).chars().count() as f64
    }

    /// The part of the current line shown so far.
    pub fn shown_line(&self, lang: Lang) -> String {
        let line = self.session.line().get(lang);
        line.chars().take(self.shown.ceil() as usize).collect()
    }

    /// Shows the whole line at once.
    pub fn finish_line(&mut self, now: f64) {
        self.shown = f64::MAX;
        self.answerable_since.get_or_insert(now);
    }

    /// Seconds the trainee has been able to answer for.
    pub fn waiting(&self, now: f64) -> f64 {
        self.answerable_since.map_or(0.0, |t| (now - t).max(0.0))
    }

    /// Says `choice` (with the class's `votes`, when a class voted), timed from when the line
    /// was shown; the next line starts typing and the next vote starts empty.
    pub fn reply(
        &mut self,
        matcher: &Matcher,
        choice: ReplyChoice,
        votes: Option<Vec<u32>>,
        now: f64,
    ) -> Result<(), SessionError> {
        // A class's discussion is not a slow reply: votes are not timed.
        let seconds = self
            .answerable_since
            .filter(|_| votes.is_none())
            .map(|t| round_tenth(now - t));
        self.session.reply(
            matcher,
            ReplyInput {
                choice,
                seconds,
                votes,
            },
        )?;
        self.shown = 0.0;
        self.answerable_since = None;
        self.draft.clear();
        self.presenter.revealed = false;
        self.presenter.tally.clear();
        Ok(())
    }
}

/// Response times kept to a tenth of a second: enough for the rubric, and short in files.
fn round_tenth(s: f64) -> f64 {
    (s * 10.0).round() / 10.0
}

/// A finished conversation and its verdict, for the debrief.
#[derive(Resource)]
pub struct Finished {
    /// The scenario played.
    pub scenario: Arc<Scenario>,
    /// The whole conversation.
    pub transcript: Transcript,
    /// Score, findings and the best alternative.
    pub debrief: Debrief,
    /// How the customer felt before the first reply, the plot's starting point.
    pub before: CustomerState,
    /// Where the result was saved, or why it was not; `None` for a preview, which is not kept.
    pub saved: Option<Result<std::path::PathBuf, String>>,
}

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

fn type_out(mut play: ResMut<Play>, prefs: Res<Prefs>, time: Res<Time>) {
    if play.line_done(prefs.lang) {
        if play.answerable_since.is_none() {
            let now = time.elapsed_secs_f64();
            play.answerable_since = Some(now);
        }
        return;
    }
    if prefs.type_out {
        play.shown += time.delta_secs_f64() * CHARS_PER_SECOND;
    } else {
        play.shown = f64::MAX;
    }
}

/// Records a reply: autosaves after it, and once the conversation is over saves the result and
/// prepares the debrief.
pub fn reply(
    commands: &mut Commands,
    play: &mut Play,
    trainee: &mut Trainee,
    rulebook: &Rulebook,
    choice: ReplyChoice,
    votes: Option<Vec<u32>>,
    now: f64,
) {
    if let Err(e) = play.reply(&rulebook.0, choice, votes, now) {
        play.problem = Some(e.to_string());
        return;
    }
    play.problem = None;
    let transcript = play.session.transcript().clone();
    if !play.session.is_over() {
        if play.preview().is_some() {
            return;
        }
        if let Err(e) = trainee.autosave(&transcript) {
            play.problem = Some(e);
        }
        return;
    }
    commands.insert_resource(finish(play, trainee, rulebook, transcript, now));
}

fn finish(
    play: &Play,
    trainee: &mut Trainee,
    rulebook: &Rulebook,
    transcript: Transcript,
    now: f64,
) -> Finished {
    let scenario = play.scenario.clone();
    let result = SavedResult::new(
        rulebook.0.rulebook(),
        &scenario,
        transcript.clone(),
        trainee.name().unwrap_or_default(),
        trainee.group.as_deref(),
        unix_seconds(),
        (now - play.started_at).max(0.0).round() as u64,
    );
    let saved = play.preview().is_none().then(|| trainee.save(result));
    if let Some(Err(e)) = &saved {
        warn!("result not saved: {e}");
    }
    let before = Session::start_from(
        scenario.clone(),
        transcript.seed,
        transcript.preview.clone(),
    )
    .map(|s| s.customer().state.clone())
    .unwrap_or_else(|_| play.session.customer().state.clone());
    Finished {
        debrief: Debrief::of(&rulebook.0, &scenario, &transcript),
        scenario,
        transcript,
        before,
        saved,
    }
}
