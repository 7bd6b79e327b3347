//! The trainee at the keyboard: their preferences, their profile and their results on disk,
//! through the core's result store.

use std::time::{SystemTime, UNIX_EPOCH};

use bevy::prelude::*;

use super::launch::Launch;
use super::library::Library;
use super::prefs::Prefs;
use crate::results::{AllResults, Finish, History, Player, Profile, ResultStore, SetAside};
use crate::rulebook::Matcher;
use crate::session::Transcript;

/// Who is practising, and what they have done so far.
#[derive(Resource, Debug, Default)]
pub struct Trainee {
    store: Option<ResultStore>,
    /// Why there is no store, if there is none (results are then not kept).
    pub store_error: Option<String>,
    /// The signed-in trainee's profile.
    pub profile: Option<Profile>,
    /// The class or group their results are filed under, if they gave one.
    pub group: Option<String>,
    /// Their finished sessions, oldest first.
    pub history: History,
    /// A session they left unfinished: its transcript, or the autosave that could not be read.
    pub unfinished: Option<Result<Transcript, SetAside>>,
}

impl Trainee {
    /// Opens (or creates) the profile of `name` as typed (blanks around it are not part of
    /// it) and reads its history and any unfinished session.
    pub fn sign_in(&mut self, name: &str) -> Result<(), String> {
        let name = name.trim();
        let store = self.store.as_ref().ok_or_else(|| {
            self.store_error
                .clone()
                .unwrap_or_else(|| "no data directory".into())
        })?;
        let profile = store.profile(name).map_err(|e| e.to_string())?;
        self.unfinished = profile.in_progress().map_err(|e| e.to_string())?;
        self.profile = Some(profile);
        self.reload_history()
    }

    /// Every trainee's results in this store, for the class report, with what could not be
    /// read.
    pub fn everyone(&self) -> Result<AllResults, String> {
        let store = self.store.as_ref().ok_or_else(|| self.not_signed_in())?;
        store.all_results().map_err(|e| e.to_string())
    }

    /// Reads the history from disk again.
    pub fn reload_history(&mut self) -> Result<(), String> {
        let Some(profile) = &self.profile else {
            return Ok(());
        };
        let fresh = profile.history().map_err(|e| e.to_string())?;
        // Files set aside earlier stay reported until the trainee leaves.
        let mut set_aside = std::mem::take(&mut self.history.set_aside);
        set_aside.extend(fresh.set_aside);
        self.history = History {
            results: fresh.results,
            set_aside,
        };
        Ok(())
    }

    /// Who plays the next attempt, when a trainee is signed in: their results are kept.
    pub fn player(&self) -> Option<Player> {
        Some(Player {
            profile: self.profile.clone()?,
            group: self.group.clone(),
        })
    }

    /// Takes a finished attempt's result into the history shown, once the core has filed it.
    pub fn filed(&mut self, finish: &Finish) {
        match &finish.saved {
            Some(Ok(_)) => {
                self.unfinished = None;
                self.history.results.push(finish.result.clone());
            }
            Some(Err(e)) => warn!("result not saved: {e}"),
            None => {}
        }
    }

    /// A new session replaces the autosave, so the unfinished one is first kept in the history,
    /// marked unfinished: no practice is lost.
    pub fn keep_unfinished(&mut self, library: &Library, matcher: &Matcher) {
        let Some(Ok(transcript)) = self.unfinished.clone() else {
            return;
        };
        let (Some(player), Some(scenario)) = (self.player(), library.get(&transcript.scenario))
        else {
            return;
        };
        match player.keep_unfinished(matcher, scenario, transcript, unix_seconds()) {
            Ok(result) => {
                self.unfinished = None;
                self.history.results.push(result);
            }
            Err(e) => warn!("unfinished session not kept: {e}"),
        }
    }

    /// Forgets the unfinished session.
    pub fn discard_unfinished(&mut self) -> Result<(), String> {
        self.unfinished = None;
        match &self.profile {
            Some(p) => p.clear_in_progress().map_err(|e| e.to_string()),
            None => Ok(()),
        }
    }

    /// The data folder, if there is one.
    pub fn store(&self) -> Option<&ResultStore> {
        self.store.as_ref()
    }

    /// The trainee's name, if signed in.
    pub fn name(&self) -> Option<&str> {
        self.profile.as_ref().map(Profile::name)
    }

    fn not_signed_in(&self) -> String {
        self.store_error
            .clone()
            .unwrap_or_else(|| "no trainee signed in".into())
    }
}

/// Now, in seconds since 1970, for the results' dates (the engine reads no clock; the shell does).
pub fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Opens the store and reads the preferences at start-up; saves preferences when they change.
pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Prefs>()
        .init_resource::<Trainee>()
        .add_systems(PreStartup, open_store)
        .add_systems(Last, save_prefs.run_if(resource_changed::<Prefs>));
}

fn open_store(launch: Res<Launch>, mut prefs: ResMut<Prefs>, mut trainee: ResMut<Trainee>) {
    let store = ResultStore::in_dir_or_user_data(launch.data_dir.as_deref());
    match &store {
        Some(store) => prefs.0 = store.preferences(),
        None => trainee.store_error = Some("the system has no per-user data directory".into()),
    }
    if let Some(lang) = launch.lang {
        prefs.lang = lang;
    }
    prefs.classroom |= launch.classroom;
    if let Some(name) = &launch.trainee {
        prefs.trainee = name.clone();
    }
    trainee.store = store;
    // The trainee who played last is signed in again at once, so an unfinished session is
    // offered on the title screen.
    if !prefs.trainee.trim().is_empty()
        && let Err(e) = trainee.sign_in(&prefs.trainee)
    {
        warn!("{} not signed in: {e}", prefs.trainee);
    }
}

fn save_prefs(prefs: Res<Prefs>, trainee: Res<Trainee>) {
    if prefs.is_added() {
        return;
    }
    if let Some(store) = &trainee.store
        && let Err(e) = store.save_preferences(&prefs)
    {
        warn!("preferences not saved: {e}");
    }
}
