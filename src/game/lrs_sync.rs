//! Results on their way to the organisation's Learning Record Store: sent after each session
//! on a thread of their own, queued on disk while the LRS cannot be reached and tried again
//! every minute, with where they stand shown in Settings. The sending is the core's
//! [`crate::lrs::sync`], as `counterplay send` does it.

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

use bevy::prelude::*;

use super::trainee::Trainee;
use crate::lrs::{Auth, LrsSettings, SyncState, check_endpoint};

/// How long results wait before another try while the LRS cannot be reached.
const RETRY: Duration = Duration::from_secs(60);

/// The LRS settings, the state of the results and the attempt under way.
#[derive(Resource, Default)]
pub struct LrsSync {
    /// The settings as kept in the data folder.
    pub settings: LrsSettings,
    /// Where the results stood after the last attempt; none before one.
    pub state: Option<SyncState>,
    /// Whether an attempt is under way.
    pub sending: bool,
    /// Why the settings could not be read or kept, if they could not.
    pub error: Option<String>,
    /// The attempt's answer, once it comes (a mutex makes the receiver shareable).
    running: Option<Mutex<Receiver<Option<SyncState>>>>,
    /// Results in the store when the last attempt started.
    seen: Option<usize>,
    retry: Timer,
    wanted: bool,
}

/// What the trainee or an instructor asks of the LRS connection.
#[derive(Message, Clone, Debug, PartialEq)]
pub enum LrsAction {
    /// Keep this address and sign-in; an empty password keeps the saved one.
    Save {
        /// The xAPI endpoint (empty: no LRS).
        endpoint: String,
        /// The user (empty: no credentials).
        user: String,
        /// The password.
        password: String,
    },
    /// Send what waits now.
    SendNow,
}

impl LrsSync {
    /// Sends to `settings`' LRS from now on without keeping them (a demonstration).
    pub fn try_with(&mut self, settings: LrsSettings) {
        self.wanted = settings.endpoint.is_some();
        self.settings = settings;
        self.state = None;
    }
}

/// Loads the settings, then sends after each session and while results wait.
pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LrsSync>()
        .add_message::<LrsAction>()
        .add_systems(PostStartup, load)
        .add_systems(Update, (act, start_when_due, collect).chain());
}

fn load(trainee: Res<Trainee>, mut sync: ResMut<LrsSync>) {
    let Some(store) = trainee.store() else { return };
    match LrsSettings::load(store) {
        Ok(settings) => {
            sync.wanted = settings.endpoint.is_some();
            sync.settings = settings;
        }
        Err(e) => sync.error = Some(e.to_string()),
    }
}

fn act(mut actions: MessageReader<LrsAction>, trainee: Res<Trainee>, mut sync: ResMut<LrsSync>) {
    for action in actions.read() {
        match action {
            LrsAction::SendNow => sync.wanted = true,
            LrsAction::Save {
                endpoint,
                user,
                password,
            } => {
                let endpoint = endpoint.trim();
                if !endpoint.is_empty()
                    && let Err(e) = check_endpoint(endpoint)
                {
                    sync.error = Some(e);
                    continue;
                }
                let mut settings = sync.settings.clone();
                settings.endpoint = (!endpoint.is_empty()).then(|| endpoint.to_owned());
                settings.auth = match (user.trim(), &settings.auth) {
                    ("", _) => Auth::None,
                    (user, Auth::Basic { password: kept, .. }) if password.is_empty() => {
                        Auth::Basic {
                            user: user.to_owned(),
                            password: kept.clone(),
                        }
                    }
                    (user, _) => Auth::Basic {
                        user: user.to_owned(),
                        password: password.clone(),
                    },
                };
                let Some(store) = trainee.store() else {
                    continue;
                };
                match settings.save(store) {
                    Ok(()) => {
                        sync.error = None;
                        sync.state = None;
                        sync.wanted = settings.endpoint.is_some();
                        sync.settings = settings;
                    }
                    Err(e) => sync.error = Some(e.to_string()),
                }
            }
        }
    }
}

/// Starts an attempt when a session has been filed, when asked, and every minute while
/// results wait.
fn start_when_due(time: Res<Time>, trainee: Res<Trainee>, mut sync: ResMut<LrsSync>) {
    if sync.running.is_some() || sync.settings.endpoint.is_none() {
        return;
    }
    let Some(store) = trainee.store() else { return };
    let filed = trainee.history.results.len();
    let new_result = sync.seen.is_some_and(|seen| filed > seen);
    let waiting = sync.state.as_ref().is_some_and(|s| s.waiting > 0);
    sync.retry.tick(time.delta());
    let retry = waiting && sync.retry.is_finished();
    if !(sync.wanted || new_result || retry) {
        return;
    }
    sync.wanted = false;
    sync.seen = Some(filed);
    sync.retry = Timer::new(RETRY, TimerMode::Once);
    let (tx, rx) = channel();
    let (store, settings) = (store.clone(), sync.settings.clone());
    std::thread::spawn(move || {
        let _ = tx.send(crate::lrs::sync(&store, &settings));
    });
    sync.running = Some(Mutex::new(rx));
    sync.sending = true;
}

fn collect(mut sync: ResMut<LrsSync>) {
    let Some(rx) = &sync.running else { return };
    let answer = rx
        .lock()
        .map_or(Err(TryRecvError::Disconnected), |rx| rx.try_recv());
    match answer {
        Err(TryRecvError::Empty) => {}
        Ok(state) => {
            if let Some(Some((_, why))) = state.as_ref().map(|s| &s.failed) {
                warn!("results not sent: {why}");
            }
            sync.state = state;
            sync.running = None;
            sync.sending = false;
        }
        Err(TryRecvError::Disconnected) => {
            sync.running = None;
            sync.sending = false;
        }
    }
}
