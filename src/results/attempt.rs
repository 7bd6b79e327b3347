//! One trainee's attempt at a scenario, from the first line to the saved result: the session,
//! kept safe after every reply, then scored once and filed in the trainee's history. The game
//! and the terminal's `play` both play through it, so a conversation ends the same way
//! whichever one the trainee uses.

use std::path::PathBuf;
use std::sync::Arc;

use super::{Profile, ResultsError, SavedResult};
use crate::rulebook::Matcher;
use crate::scenario::Scenario;
use crate::scoring::{Debrief, score};
use crate::session::{Preview, ReplyChoice, ReplyInput, Session, SessionError, Transcript};

/// Who plays an attempt, and where their results go.
#[derive(Clone, Debug)]
pub struct Player {
    /// The trainee's folder.
    pub profile: Profile,
    /// The class or group their results are filed under, if they gave one.
    pub group: Option<String>,
}

impl Player {
    /// Keeps a conversation the trainee left unfinished in their history, marked unfinished,
    /// and forgets the autosave: a new attempt replaces the autosave, and no practice is lost.
    pub fn keep_unfinished(
        &self,
        matcher: &Matcher,
        scenario: &Scenario,
        transcript: Transcript,
        now: u64,
    ) -> Result<SavedResult, ResultsError> {
        self.keep(matcher, scenario, transcript, now, 0)
    }

    /// Scores a conversation, finished or not, and files it in the history as the game does
    /// (the terminal's `run --save` plays without an attempt).
    pub fn keep(
        &self,
        matcher: &Matcher,
        scenario: &Scenario,
        transcript: Transcript,
        now: u64,
        duration_seconds: u64,
    ) -> Result<SavedResult, ResultsError> {
        let score = score(matcher.rulebook(), scenario, &transcript);
        let result = SavedResult::scored(
            &score,
            &scenario.title,
            transcript,
            self.profile.name(),
            self.group.as_deref(),
            now,
            duration_seconds,
        );
        self.file(&result)?;
        Ok(result)
    }

    /// Files a result in the history and forgets the autosave it replaces.
    fn file(&self, result: &SavedResult) -> Result<PathBuf, ResultsError> {
        let path = self.profile.save_result(result)?;
        self.profile.clear_in_progress()?;
        Ok(path)
    }
}

/// A conversation being played by a trainee (or, without a player, by nobody whose results are
/// kept, e.g. the terminal without `--trainee`).
#[derive(Debug)]
pub struct Attempt {
    session: Session,
    player: Option<Player>,
    started_at: u64,
}

/// What a reply led to.
#[derive(Debug)]
pub enum Progress {
    /// The customer answered and the conversation goes on. Carries why the conversation could
    /// not be saved for resuming, if it could not (the conversation itself is unharmed).
    Continued(Option<ResultsError>),
    /// The conversation is over: scored, debriefed and filed.
    Finished(Box<Finish>),
}

/// A finished conversation and its verdict.
#[derive(Debug)]
pub struct Finish {
    /// The scenario played.
    pub scenario: Arc<Scenario>,
    /// Score, findings, the best alternative and the class's splits.
    pub debrief: Debrief,
    /// How the customer felt before the first reply, where the mood plot starts.
    pub opening: crate::customer::CustomerState,
    /// The record of it, with the whole transcript.
    pub result: SavedResult,
    /// Where the result was filed, or why it could not be; `None` when it is not kept (an
    /// instructor's preview, or nobody signed in).
    pub saved: Option<Result<PathBuf, ResultsError>>,
    /// The profile it was filed in, which rewrites it when a reply is marked misread.
    filed_in: Option<Profile>,
}

impl Finish {
    /// The whole conversation.
    pub fn transcript(&self) -> &Transcript {
        &self.result.transcript
    }

    /// Marks typed reply `turn` (from 0) as misread by the customer, or not, and rewrites the
    /// saved result in place so the mark stays with it; a chosen option cannot be misread.
    pub fn mark_misread(&mut self, turn: usize, misread: bool) -> Result<(), ResultsError> {
        let Some(t) = self.result.transcript.turns.get_mut(turn) else {
            return Ok(());
        };
        if !matches!(t.choice, ReplyChoice::Text(_)) || t.misread == misread {
            return Ok(());
        }
        t.misread = misread;
        if let Some(h) = self.debrief.heard.iter_mut().find(|h| h.turn == turn) {
            h.misread = misread;
        }
        match (&self.saved, &self.filed_in) {
            (Some(Ok(path)), Some(profile)) => profile.rewrite_result(path, &self.result),
            _ => Ok(()),
        }
    }
}

impl Attempt {
    /// A new conversation with `scenario` from `seed`, from the beginning or, for an
    /// instructor's preview, from a later node. `now` is the time in seconds since 1970 (the
    /// engine reads no clock).
    pub fn start(
        scenario: Arc<Scenario>,
        seed: u64,
        preview: Option<Preview>,
        player: Option<Player>,
        now: u64,
    ) -> Result<Attempt, SessionError> {
        Ok(Attempt {
            session: Session::start_from(scenario, seed, preview)?,
            player,
            started_at: now,
        })
    }

    /// A saved conversation, replayed to where it stopped.
    pub fn resume(
        scenario: Arc<Scenario>,
        matcher: &Matcher,
        transcript: &Transcript,
        player: Option<Player>,
        now: u64,
    ) -> Result<Attempt, SessionError> {
        Ok(Attempt {
            session: Session::replay(scenario, matcher, transcript)?,
            player,
            started_at: now,
        })
    }

    /// The conversation so far.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Whether this is an instructor's preview, which is never kept in a trainee's history.
    pub fn is_preview(&self) -> bool {
        self.session.transcript().preview.is_some()
    }

    /// Who is playing, if their results are kept.
    pub fn player(&self) -> Option<&Player> {
        self.player.as_ref()
    }

    /// Says `input`. After a reply the conversation is saved for resuming; once it is over it
    /// is scored once, debriefed, and filed in the trainee's history (a preview is neither
    /// saved nor filed).
    pub fn reply(
        &mut self,
        matcher: &Matcher,
        input: ReplyInput,
        now: u64,
    ) -> Result<Progress, SessionError> {
        self.session.reply(matcher, input)?;
        if self.session.is_over() {
            return Ok(Progress::Finished(Box::new(self.finish(matcher, now))));
        }
        let kept = self
            .kept()
            .map(|p| p.profile.autosave(self.session.transcript()));
        Ok(Progress::Continued(kept.and_then(Result::err)))
    }

    /// Marks the latest typed reply as misread by the customer, and keeps the session so
    /// the mark survives a crash; returns the turn marked (from 0), none without a typed reply.
    pub fn mark_last_typed_misread(&mut self) -> Option<usize> {
        let turn = self
            .session
            .transcript()
            .turns
            .iter()
            .rposition(|t| matches!(t.choice, ReplyChoice::Text(_)))?;
        self.session.mark_misread(turn, true);
        if let Some(p) = self.kept() {
            // The mark is kept with the next save if this one fails.
            let _ = p.profile.autosave(self.session.transcript());
        }
        Some(turn)
    }

    /// The debrief of a conversation stopped before its end (the terminal's `q`); its autosave
    /// stays, so it can still be resumed or kept as unfinished.
    pub fn debrief_so_far(&self, matcher: &Matcher) -> Debrief {
        let scenario = self.scenario();
        Debrief::of(matcher, &scenario, self.session.transcript())
    }

    fn finish(&self, matcher: &Matcher, now: u64) -> Finish {
        let scenario = self.scenario();
        let transcript = self.session.transcript().clone();
        let debrief = Debrief::of(matcher, &scenario, &transcript);
        let (name, group) = match &self.player {
            Some(p) => (p.profile.name(), p.group.as_deref()),
            None => ("", None),
        };
        let result = SavedResult::scored(
            &debrief.score,
            &scenario.title,
            transcript,
            name,
            group,
            now,
            now.saturating_sub(self.started_at),
        );
        let saved = self.kept().map(|p| p.file(&result));
        Finish {
            filed_in: self.kept().map(|p| p.profile.clone()),
            scenario,
            debrief,
            opening: self.session.opening().clone(),
            result,
            saved,
        }
    }

    fn scenario(&self) -> Arc<Scenario> {
        self.session.scenario().clone()
    }

    /// The player whose history this attempt goes into: none for a preview.
    fn kept(&self) -> Option<&Player> {
        self.player.as_ref().filter(|_| !self.is_preview())
    }
}
