//! Trainee results on disk: one folder per trainee profile under the user's data directory, one
//! JSON file per finished session, and the session in progress autosaved after every reply.
//!
//! Results leave as CSV or xAPI statements ([`export`]), come back from other desktops
//! ([`import`]) and add up into a class report ([`report`]).
//!
//! Nothing is lost or doubled: every writer (the game, `play`, `import`) holds the data
//! folder's advisory lock while it writes; every file is written to a temporary file and moved
//! into place; a result's file is named after its id, so it is filed once however
//! often it is saved; a file that cannot be read is moved aside into `corrupt/` and reported,
//! never overwritten or silently dropped. Every name that becomes part of a path passes one
//! rule, [`check_name`], so nothing is written outside the data folder.

mod attempt;
pub mod export;
pub mod import;
pub mod report;
pub mod xapi;

pub use attempt::{Attempt, Finish, Player, Progress};

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::lang::{Lang, Text};
use crate::scoring::SessionScore;
use crate::session::Transcript;

/// The version of the result file format, so old results stay readable as it evolves.
pub const RESULT_FORMAT: u32 = 1;

/// One finished session, as kept in history and exported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedResult {
    /// The file format's version.
    pub format: u32,
    /// The trainee's name as they entered it.
    pub trainee: String,
    /// A class or group, if the trainee gave one.
    #[serde(default)]
    pub group: Option<String>,
    /// The scenario's id.
    pub scenario: String,
    /// The scenario's title when it was played, so statements name it wherever they are made
    /// (absent in older files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// The session's seed.
    pub seed: u64,
    /// When the session finished, in seconds since 1970 (UTC).
    pub finished_at: u64,
    /// How long the session took, in seconds.
    pub duration_seconds: u64,
    /// The outcome's name (`resolved`, `escalated`, ...), or `unfinished`.
    pub outcome: String,
    /// The score, 0 to 100.
    pub score: u32,
    /// Whether it passed.
    pub passed: bool,
    /// The scenario's pass mark when it was played (absent in older files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_mark: Option<u8>,
    /// The score's parts, as scored when the session ended (absent in older files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<Breakdown>,
    /// The whole conversation, which replays to the same result.
    pub transcript: Transcript,
}

/// The parts of a score, kept with the result so exports and class reports show what the
/// trainee saw even if the scenario or the rulebook changes later.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    /// Each of the six principles (by key, in the course's order), 0 to 100.
    pub principles: Vec<(String, u32)>,
    /// The difficult customer's strategy, 0 to 100; none for an ordinary customer.
    pub strategy: Option<u32>,
    /// Points for the outcome, 0 to 100.
    pub outcome: u32,
    /// Judgement: how far the replies were the course's choice for this customer, 0 to 100
    /// (none in results kept before it was scored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judgement: Option<u32>,
}

impl SavedResult {
    /// The record of a session played by `trainee`, with the score it was given (the debrief's,
    /// so a finished session is scored once); the times come from the caller (the engine reads
    /// no clock).
    pub fn scored(
        score: &SessionScore,
        title: &Text,
        transcript: Transcript,
        trainee: &str,
        group: Option<&str>,
        finished_at: u64,
        duration_seconds: u64,
    ) -> SavedResult {
        SavedResult {
            format: RESULT_FORMAT,
            trainee: trainee.to_owned(),
            group: group.map(str::to_owned),
            scenario: transcript.scenario.clone(),
            title: Some(title.clone()),
            seed: transcript.seed,
            finished_at,
            duration_seconds,
            outcome: transcript
                .ending
                .as_ref()
                .map_or("unfinished", |e| e.outcome.key())
                .to_owned(),
            score: score.total,
            passed: score.passed,
            pass_mark: Some(score.pass_mark),
            breakdown: Some(Breakdown {
                principles: score
                    .principles
                    .iter()
                    .map(|(p, v)| (p.key().to_owned(), *v))
                    .collect(),
                strategy: score.strategy,
                outcome: score.outcome,
                judgement: Some(score.judgement),
            }),
            transcript,
        }
    }
}

/// What went wrong with the result store.
#[derive(Debug, Error)]
pub enum ResultsError {
    /// A name that cannot become part of a path in the data folder.
    #[error(
        "{name:?} cannot be a {what}: use 1 to {NAME_LIMIT} letters, digits, spaces, `-` or `_`, not starting or ending with a space"
    )]
    BadName {
        /// What the name names: a trainee, a scenario.
        what: &'static str,
        /// The name as given.
        name: String,
    },
    /// A file of the data folder that says something this program cannot use.
    #[error("{path}: {reason}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The disk said no.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

pub(crate) fn io_at(path: &Path) -> impl FnOnce(io::Error) -> ResultsError + '_ {
    move |source| ResultsError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The longest name that becomes part of a path, in characters: a scenario id's limit.
pub const NAME_LIMIT: usize = 64;

/// The one rule for every name that becomes part of a path in the data folder (a trainee's
/// folder, the scenario id in a result's file name): letters, digits, spaces, `-` and `_`, not
/// starting or ending with a space, and not a device name Windows reserves. Nothing that passes
/// can leave the folder, hide in it or name something else.
pub fn check_name(what: &'static str, name: &str) -> Result<(), ResultsError> {
    let fine = |c: char| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_';
    let reserved = |n: &str| {
        let n = n.to_ascii_uppercase();
        ["CON", "PRN", "AUX", "NUL"].contains(&n.as_str())
            || (n.len() == 4
                && (n.starts_with("COM") || n.starts_with("LPT"))
                && n.ends_with(|c: char| c.is_ascii_digit()))
    };
    if name.is_empty()
        || name.chars().count() > NAME_LIMIT
        || name.trim() != name
        || !name.chars().all(fine)
        || reserved(name)
    {
        return Err(ResultsError::BadName {
            what,
            name: name.to_owned(),
        });
    }
    Ok(())
}

/// The latest time a result may have finished: the end of year 9999, the last a date can show.
const LATEST: u64 = 253_402_300_799;

impl SavedResult {
    /// Why this result cannot be kept, if it cannot: every value in range, and every name that
    /// becomes a path passing [`check_name`]. Results read from disk and imported pass through
    /// here, so a planted score of four billion never reaches a report.
    pub fn check(&self) -> Result<(), String> {
        let percent = |what: &str, n: u32| {
            (n <= 100)
                .then_some(())
                .ok_or(format!("{what} {n} is not between 0 and 100"))
        };
        if !(1..=RESULT_FORMAT).contains(&self.format) {
            return Err(format!(
                "format {} is not one this program reads (1 to {RESULT_FORMAT})",
                self.format
            ));
        }
        check_name("trainee name", &self.trainee).map_err(|e| e.to_string())?;
        check_name("scenario id", &self.scenario).map_err(|e| e.to_string())?;
        if let Some(group) = &self.group
            && (group.is_empty()
                || group.chars().count() > NAME_LIMIT
                || group.chars().any(char::is_control))
        {
            return Err(format!(
                "group {group:?} is not 1 to {NAME_LIMIT} characters without control characters"
            ));
        }
        if self.transcript.scenario != self.scenario {
            return Err(format!(
                "its conversation is of scenario {:?}, not {:?}",
                self.transcript.scenario, self.scenario
            ));
        }
        if self.finished_at > LATEST {
            return Err(format!(
                "finished_at {} is after the year 9999 (at most {LATEST})",
                self.finished_at
            ));
        }
        let outcomes = crate::scenario::Outcome::ALL.map(crate::scenario::Outcome::key);
        if self.outcome != "unfinished" && !outcomes.contains(&self.outcome.as_str()) {
            return Err(format!(
                "outcome {:?} is not one of {}, unfinished",
                self.outcome,
                outcomes.join(", ")
            ));
        }
        percent("score", self.score)?;
        if let Some(mark) = self.pass_mark {
            percent("pass_mark", mark.into())?;
        }
        if let Some(b) = &self.breakdown {
            for (key, points) in &b.principles {
                percent(&format!("principle {key:?}"), *points)?;
            }
            percent("outcome points", b.outcome)?;
            b.strategy.map_or(Ok(()), |s| percent("strategy", s))?;
            b.judgement.map_or(Ok(()), |j| percent("judgement", j))?;
        }
        Ok(())
    }
}

/// A file that could not be read and was moved aside.
#[derive(Clone, Debug, PartialEq)]
pub struct SetAside {
    /// Where it was.
    pub was: PathBuf,
    /// Where it is now.
    pub now: PathBuf,
    /// Why it could not be read.
    pub reason: String,
}

/// Something in the profiles folder that is not a trainee's folder (a `notes.old`, a stray
/// file, a link), left where it is and reported, so one odd entry never stops a class report.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    /// The entry.
    pub path: PathBuf,
    /// Why it was not read.
    pub reason: String,
}

/// A trainee's results and the files that had to be set aside.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// Results, oldest first.
    pub results: Vec<SavedResult>,
    /// Files that could not be read.
    pub set_aside: Vec<SetAside>,
}

/// Every trainee's results, with what could not be read: the files set aside and the entries
/// skipped, which every command reading them reports.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AllResults {
    /// The results and the files set aside.
    pub history: History,
    /// Entries of the profiles folder that are not trainees' folders.
    pub skipped: Vec<Skipped>,
}

/// The folder holding every trainee's profile.
#[derive(Clone, Debug)]
pub struct ResultStore {
    root: PathBuf,
}

/// The advisory lock every writer to a data folder holds while it writes (the game, `play`,
/// `import`), so one writes at a time; released when dropped.
#[derive(Debug)]
struct Writing {
    _lock: fs::File,
}

impl Writing {
    /// Waits until no other writer holds the data folder at `root`, then holds it.
    fn wait(root: &Path) -> Result<Writing, ResultsError> {
        fs::create_dir_all(root).map_err(io_at(root))?;
        Ok(Writing {
            _lock: hold_lock(&root.join(LOCK_FILE))?,
        })
    }
}

/// Waits until no other process holds the advisory lock at `path`, then holds it until the
/// file returned is dropped. Some network file systems lock nothing; what is written under
/// such locks is named so that it cannot be written twice.
pub(crate) fn hold_lock(path: &Path) -> Result<fs::File, ResultsError> {
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(io_at(path))?;
    match lock.lock() {
        Err(e) if e.kind() == io::ErrorKind::Unsupported => {}
        other => other.map_err(io_at(path))?,
    }
    Ok(lock)
}

const LOCK_FILE: &str = ".lock";
const TEMP_PREFIX: &str = ".tmp-";

/// The ids of the results an import is filing, written before the first is filed and removed
/// after the last: found by the next writer, it means that import was killed, and the results it
/// filed are taken out again, so an import is all or nothing even when killed.
pub(crate) const IMPORT_JOURNAL: &str = ".import-journal";

impl ResultStore {
    /// The store in the operating system's per-user data directory (e.g.
    /// `~/.local/share/counterplay` on Linux), if the system has one.
    pub fn in_user_data() -> Option<ResultStore> {
        let dirs = directories::ProjectDirs::from("", "", "counterplay")?;
        Some(ResultStore::at(dirs.data_dir()))
    }

    /// The store in `dir` if one is given (`--data-dir`), else the per-user one.
    pub fn in_dir_or_user_data(dir: Option<&Path>) -> Option<ResultStore> {
        match dir {
            Some(dir) => Some(ResultStore::at(dir)),
            None => ResultStore::in_user_data(),
        }
    }

    /// A store in a given folder (tests, portable installs).
    pub fn at(root: impl Into<PathBuf>) -> ResultStore {
        ResultStore { root: root.into() }
    }

    /// The data folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Holds the store for writing, first removing the temporary files of writers killed
    /// before they finished: every writer holds the store while its temporary files exist, so
    /// once it is held, any left are stale.
    fn start_writing(&self) -> Result<Writing, ResultsError> {
        let writing = Writing::wait(&self.root)?;
        let profiles = self.root.join("profiles");
        let folders = fs::read_dir(&profiles)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .flat_map(|e| [e.path(), e.path().join("results")]);
        for folder in [self.root.clone()].into_iter().chain(folders) {
            for entry in fs::read_dir(&folder).into_iter().flatten().flatten() {
                if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
                    // Best effort: a temporary file that stays is ignored by every reader.
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
        self.undo_killed_import()?;
        Ok(writing)
    }

    /// Takes out what an import killed midway had filed (see [`IMPORT_JOURNAL`]).
    fn undo_killed_import(&self) -> Result<(), ResultsError> {
        let journal = self.root.join(IMPORT_JOURNAL);
        let Ok(ids) = fs::read_to_string(&journal) else {
            return Ok(());
        };
        let endings: HashSet<String> = ids
            .lines()
            .filter(|id| !id.trim().is_empty())
            .map(|id| format!("-{}.json", id.trim()))
            .collect();
        let results = fs::read_dir(self.root.join("profiles"))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .flat_map(|e| fs::read_dir(e.path().join("results")).into_iter().flatten())
            .filter_map(Result::ok);
        for file in results {
            let name = file.file_name().to_string_lossy().into_owned();
            if endings.iter().any(|end| name.ends_with(end.as_str())) {
                fs::remove_file(file.path()).map_err(io_at(&file.path()))?;
            }
        }
        fs::remove_file(&journal).map_err(io_at(&journal))
    }

    /// The profile of trainee `name` (surrounding spaces ignored), created on first use.
    pub fn profile(&self, name: &str) -> Result<Profile, ResultsError> {
        let _writing = self.start_writing()?;
        self.profile_held(name.trim())
    }

    /// Whether trainee `name` (surrounding spaces ignored) has a profile here, without making
    /// one: an instructor naming a trainee who never played is told so.
    pub fn knows_trainee(&self, name: &str) -> bool {
        check_name("trainee name", name.trim()).is_ok() && self.profile_at(name.trim()).dir.is_dir()
    }

    fn profile_held(&self, name: &str) -> Result<Profile, ResultsError> {
        check_name("trainee name", name)?;
        let profile = self.profile_at(name);
        let results = profile.dir.join("results");
        fs::create_dir_all(&results).map_err(io_at(&results))?;
        Ok(profile)
    }

    fn profile_at(&self, name: &str) -> Profile {
        Profile {
            name: name.to_owned(),
            dir: self.root.join("profiles").join(name),
            root: self.root.clone(),
        }
    }

    /// Every trainee's results, oldest first, for the game's class report; unreadable files
    /// are set aside as in a trainee's own history. Commands use [`ResultStore::all_results`],
    /// which also lists the entries skipped.
    pub fn everyone(&self) -> Result<History, ResultsError> {
        Ok(self.all_results()?.history)
    }

    /// Every trainee's results, oldest first, for exports and class reports, with the files
    /// set aside and the entries of the profiles folder skipped.
    pub fn all_results(&self) -> Result<AllResults, ResultsError> {
        if !self.root.join("profiles").exists() {
            // Nothing to read, and reading creates no data folder.
            return Ok(AllResults::default());
        }
        let _writing = self.start_writing()?;
        self.all_results_held()
    }

    fn all_results_held(&self) -> Result<AllResults, ResultsError> {
        let dir = self.root.join("profiles");
        let mut all = AllResults::default();
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(all),
            Err(e) => return Err(io_at(&dir)(e)),
        };
        for entry in entries {
            let entry = entry.map_err(io_at(&dir))?;
            let path = entry.path();
            let read = match (entry.file_type(), entry.file_name().to_str()) {
                (Err(e), _) => Err(e.to_string()),
                (Ok(t), _) if t.is_symlink() => {
                    Err("it is a link; a trainee's folder is a folder".into())
                }
                (Ok(t), _) if !t.is_dir() => Err("it is not a folder".into()),
                (Ok(_), None) => Err("its name is not Unicode".into()),
                (Ok(_), Some(name)) => check_name("trainee name", name)
                    .map_err(|e| e.to_string())
                    .and_then(|()| {
                        self.profile_at(name)
                            .history_held()
                            .map_err(|e| e.to_string())
                    }),
            };
            match read {
                Ok(history) => {
                    all.history.results.extend(history.results);
                    all.history.set_aside.extend(history.set_aside);
                }
                Err(reason) => all.skipped.push(Skipped { path, reason }),
            }
        }
        all.skipped.sort_by(|a, b| a.path.cmp(&b.path));
        all.history.results.sort_by(|a, b| {
            (a.finished_at, &a.trainee, &a.scenario).cmp(&(b.finished_at, &b.trainee, &b.scenario))
        });
        Ok(all)
    }

    /// The preferences saved last; defaults if there are none or they cannot be read (they are
    /// easily set again, unlike results).
    pub fn preferences(&self) -> Preferences {
        read_json(&self.root.join(PREFERENCES_FILE)).unwrap_or_default()
    }

    /// Replaces the file `name` of the data folder atomically with one only the user can read
    /// (settings holding credentials), holding the folder as every writer does.
    pub fn save_private(&self, name: &str, bytes: &[u8]) -> Result<(), ResultsError> {
        let _writing = Writing::wait(&self.root)?;
        write_private(&self.root.join(name), bytes)
    }

    /// Saves the preferences, replacing the previous ones atomically.
    pub fn save_preferences(&self, preferences: &Preferences) -> Result<(), ResultsError> {
        let _writing = Writing::wait(&self.root)?;
        let json = serde_json::to_vec_pretty(preferences).expect("preferences serialise");
        write_replacing(&self.root.join(PREFERENCES_FILE), &json)
    }
}

const PREFERENCES_FILE: &str = "preferences.json";

/// What the game remembers between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// The interface language.
    pub lang: Lang,
    /// The trainee who played last, offered again at the title.
    pub trainee: String,
    /// Interface size, 1.0 being the size designed for 1280x720.
    pub ui_scale: f32,
    /// Whether the customer's lines are typed out or shown at once.
    pub type_out: bool,
    /// Projector mode: large type, high contrast, presenter controls and class votes.
    pub classroom: bool,
    /// The class or group results are filed under (empty for none).
    pub group: String,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            lang: Lang::Zh,
            trainee: String::new(),
            ui_scale: 1.0,
            type_out: true,
            classroom: false,
            group: String::new(),
        }
    }
}

/// One trainee's folder.
#[derive(Clone, Debug)]
pub struct Profile {
    name: String,
    dir: PathBuf,
    /// The data folder, whose lock every write takes.
    root: PathBuf,
}

impl Profile {
    /// The trainee's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn writing(&self) -> Result<Writing, ResultsError> {
        Writing::wait(&self.root)
    }

    /// Files a finished session; returns where. Its file is named after its statement id, so
    /// filing the same result again, from here or from another writer, finds it already there.
    pub fn save_result(&self, result: &SavedResult) -> Result<PathBuf, ResultsError> {
        let _writing = self.writing()?;
        self.save_result_held(result).map(|(path, _)| path)
    }

    /// Files a result, saying whether it is new (false when it was already filed).
    fn save_result_held(&self, result: &SavedResult) -> Result<(PathBuf, bool), ResultsError> {
        check_name("scenario id", &result.scenario)?;
        let json = serde_json::to_vec_pretty(result).expect("results serialise");
        let name = format!(
            "{}-{}-{}.json",
            result.finished_at,
            result.scenario,
            xapi::result_id(result)
        );
        let dir = self.dir.join("results");
        let tmp = write_temp(&dir, &json)?;
        let target = dir.join(name);
        // A link, unlike a rename, never replaces a file already there.
        let linked = match fs::hard_link(&tmp, &target) {
            Ok(()) => Ok((target, true)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok((target, false)),
            Err(e) => Err(io_at(&target)(e)),
        };
        let _ = fs::remove_file(&tmp);
        linked
    }

    /// Rewrites the result filed at `path` (a misread reply marked after the debrief).
    pub fn rewrite_result(&self, path: &Path, result: &SavedResult) -> Result<(), ResultsError> {
        let _writing = self.writing()?;
        let json = serde_json::to_vec_pretty(result).expect("results serialise");
        write_replacing(path, &json)
    }

    /// Every saved result, oldest first; unreadable files are moved to `corrupt/` and listed.
    pub fn history(&self) -> Result<History, ResultsError> {
        let _writing = self.writing()?;
        self.history_held()
    }

    fn history_held(&self) -> Result<History, ResultsError> {
        let dir = self.dir.join("results");
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(History::default()),
            Err(e) => return Err(io_at(&dir)(e)),
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let mut history = History::default();
        for path in files {
            let read = read_json::<SavedResult>(&path)
                .and_then(|r| r.check().map(|()| r).map_err(|e| format!("it holds {e}")));
            match read {
                Ok(r) => history.results.push(r),
                Err(reason) => history.set_aside.push(self.set_aside(&path, reason)?),
            }
        }
        history
            .results
            .sort_by(|a, b| (a.finished_at, &a.scenario).cmp(&(b.finished_at, &b.scenario)));
        Ok(history)
    }

    /// Saves the session in progress (after every reply), replacing the previous autosave.
    pub fn autosave(&self, transcript: &Transcript) -> Result<(), ResultsError> {
        let _writing = self.writing()?;
        let json = serde_json::to_vec(transcript).expect("transcripts serialise");
        write_replacing(&self.dir.join("in_progress.json"), &json)
    }

    /// The session left in progress, if any. An unreadable autosave is set aside and reported.
    pub fn in_progress(&self) -> Result<Option<Result<Transcript, SetAside>>, ResultsError> {
        let _writing = self.writing()?;
        let path = self.dir.join("in_progress.json");
        if !path.exists() {
            return Ok(None);
        }
        Ok(Some(match read_json::<Transcript>(&path) {
            Ok(t) => Ok(t),
            Err(reason) => Err(self.set_aside(&path, reason)?),
        }))
    }

    /// Forgets the session in progress (it finished, or the trainee chose not to resume).
    pub fn clear_in_progress(&self) -> Result<(), ResultsError> {
        let _writing = self.writing()?;
        let path = self.dir.join("in_progress.json");
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_at(&path)(e)),
            _ => Ok(()),
        }
    }

    fn set_aside(&self, path: &Path, reason: String) -> Result<SetAside, ResultsError> {
        let corrupt = self.dir.join("corrupt");
        fs::create_dir_all(&corrupt).map_err(io_at(&corrupt))?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let now = free_name(&corrupt, &name);
        fs::rename(path, &now).map_err(io_at(path))?;
        Ok(SetAside {
            was: path.to_path_buf(),
            now,
            reason,
        })
    }
}

/// The most bytes read from one file of the data folder; a result is a few kilobytes, and a
/// device planted under a result's name (`/dev/zero`) is never read to the end.
const FILE_LIMIT: u64 = 16 << 20;

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, String> {
    // A named pipe would block the open itself, so its kind is asked first.
    if !fs::metadata(path).map_err(|e| e.to_string())?.is_file() {
        return Err("it is not a regular file".into());
    }
    let bytes = read_at_most(path, FILE_LIMIT).map_err(|e| e.to_string())?;
    let bytes = bytes.ok_or(format!("it is larger than {} MiB", FILE_LIMIT >> 20))?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

/// The bytes of `path`, or none if it holds more than `limit`: counted as read, since a
/// device's or a growing file's length says nothing.
pub(crate) fn read_at_most(path: &Path, limit: u64) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// A path in `dir` named `name`, or `name-2` and so on, that does not exist yet.
fn free_name(dir: &Path, name: &str) -> PathBuf {
    (1..)
        .map(|n| match n {
            1 => dir.join(name),
            n => dir.join(format!("{name}-{n}")),
        })
        .find(|p| !p.exists())
        .expect("some name is free")
}

/// Writes `bytes` to a temporary file in `dir`, flushed to disk.
fn write_temp(dir: &Path, bytes: &[u8]) -> Result<PathBuf, ResultsError> {
    write_temp_as(dir, bytes, false)
}

/// Writes `bytes` to a temporary file in `dir`, flushed to disk; `private`, readable by the
/// user alone from the moment it exists.
fn write_temp_as(dir: &Path, bytes: &[u8], private: bool) -> Result<PathBuf, ResultsError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!("{TEMP_PREFIX}{}-{n}", std::process::id()));
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options.open(&tmp).map_err(io_at(&tmp))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(io_at(&tmp))?;
    Ok(tmp)
}

/// Replaces `path` atomically: readers see the old file or the new one, never half of one.
pub fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), ResultsError> {
    replace(path, bytes, false)
}

/// Replaces `path` atomically with a file only the user can read (it holds credentials).
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), ResultsError> {
    replace(path, bytes, true)
}

fn replace(path: &Path, bytes: &[u8], private: bool) -> Result<(), ResultsError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = write_temp_as(dir, bytes, private)?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io_at(path)(e)
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::lang::Text;

    fn temp_store(name: &str) -> ResultStore {
        let dir =
            std::env::temp_dir().join(format!("counterplay-results-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        ResultStore::at(dir)
    }

    pub(super) fn result(finished_at: u64, score: u32) -> SavedResult {
        SavedResult {
            format: RESULT_FORMAT,
            trainee: "王小明".into(),
            group: Some("2026春".into()),
            scenario: "card_wait".into(),
            title: None,
            seed: 7,
            finished_at,
            duration_seconds: 95,
            outcome: "resolved".into(),
            score,
            passed: score >= 80,
            pass_mark: Some(80),
            breakdown: None,
            transcript: Transcript {
                scenario: "card_wait".into(),
                seed: 7,
                preview: None,
                opening: Text::default(),
                turns: Vec::new(),
                ending: None,
            },
        }
    }

    #[test]
    fn results_are_kept_side_by_side_and_read_back_in_order() {
        let store = temp_store("order");
        let p = store.profile("王小明").unwrap();
        let a = p.save_result(&result(200, 90)).unwrap();
        // Same second, same scenario: a second file, not a replacement.
        let b = p.save_result(&result(200, 60)).unwrap();
        p.save_result(&result(100, 40)).unwrap();
        assert_ne!(a, b);
        let h = p.history().unwrap();
        let scores: Vec<u32> = h.results.iter().map(|r| r.score).collect();
        assert_eq!(scores[0], 40);
        assert_eq!(scores.len(), 3);
        assert!(h.set_aside.is_empty());
        // No temporary files are left behind.
        let leftovers = fs::read_dir(p.dir.join("results"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".tmp")
            })
            .count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn an_unreadable_result_is_set_aside_and_reported_not_lost() {
        let store = temp_store("corrupt");
        let p = store.profile("trainee").unwrap();
        p.save_result(&result(1, 90)).unwrap();
        let broken = p.dir.join("results").join("2-card_wait.json");
        fs::write(&broken, b"{\"format\": 1, \"trainee\": ").unwrap();
        let h = p.history().unwrap();
        assert_eq!(h.results.len(), 1);
        assert_eq!(h.set_aside.len(), 1);
        let aside = &h.set_aside[0];
        assert_eq!(aside.was, broken);
        assert!(!broken.exists());
        assert_eq!(
            fs::read(&aside.now).unwrap(),
            b"{\"format\": 1, \"trainee\": "
        );
        // A second broken file of the same name does not replace the first one set aside.
        fs::write(&broken, b"garbage").unwrap();
        let h = p.history().unwrap();
        assert_ne!(h.set_aside[0].now, aside.now);
        assert!(aside.now.exists());
    }

    #[test]
    fn the_session_in_progress_is_saved_replaced_and_cleared() {
        let store = temp_store("autosave");
        let p = store.profile("trainee").unwrap();
        assert!(p.in_progress().unwrap().is_none());
        let mut t = result(0, 0).transcript;
        p.autosave(&t).unwrap();
        t.seed = 8;
        p.autosave(&t).unwrap();
        assert_eq!(p.in_progress().unwrap(), Some(Ok(t)));
        p.clear_in_progress().unwrap();
        assert!(p.in_progress().unwrap().is_none());
        p.clear_in_progress().unwrap();
        fs::write(p.dir.join("in_progress.json"), b"not json").unwrap();
        assert!(matches!(p.in_progress().unwrap(), Some(Err(_))));
        assert!(p.in_progress().unwrap().is_none());
    }

    #[test]
    fn names_that_cannot_be_folders_are_refused() {
        let store = temp_store("names");
        let long = "x".repeat(NAME_LIMIT + 1);
        for bad in [
            "",
            "   ",
            "../x",
            "a/b",
            "x\\y",
            "a:b",
            "nul",
            "COM1",
            "a\0b",
            "notes.old",
            &long,
        ] {
            assert!(
                matches!(store.profile(bad), Err(ResultsError::BadName { .. })),
                "{bad:?}"
            );
        }
        assert_eq!(store.profile(" Li Li ").unwrap().name(), "Li Li");
        assert!(check_name("trainee name", " Li Li").is_err());
        assert!(check_name("scenario id", &"x".repeat(NAME_LIMIT)).is_ok());
    }

    #[test]
    fn a_scenario_id_cannot_lead_a_result_out_of_the_data_folder() {
        let store = temp_store("escape");
        let p = store.profile("trainee").unwrap();
        let mut r = result(1, 90);
        r.scenario = "x/../../../../ESCAPED".into();
        r.transcript.scenario = r.scenario.clone();
        assert!(matches!(
            p.save_result(&r),
            Err(ResultsError::BadName {
                what: "scenario id",
                ..
            })
        ));
        assert!(!store.root.join("ESCAPED.json").exists());
        assert!(r.check().unwrap_err().contains("scenario id"));
    }

    #[test]
    fn a_result_saved_twice_is_filed_once() {
        let store = temp_store("twice");
        let p = store.profile("trainee").unwrap();
        let first = p.save_result(&result(5, 90)).unwrap();
        assert_eq!(p.save_result(&result(5, 90)).unwrap(), first);
        assert_eq!(p.history().unwrap().results.len(), 1);
    }

    #[test]
    fn temporary_files_of_a_killed_writer_are_removed_on_the_next_start() {
        let store = temp_store("stale");
        let p = store.profile("trainee").unwrap();
        let stale = [
            p.dir.join("results").join(".tmp-999999-0"),
            p.dir.join(".tmp-999999-1"),
            store.root.join(".tmp-999999-2"),
        ];
        for path in &stale {
            fs::write(path, b"{}").unwrap();
        }
        store.all_results().unwrap();
        for path in &stale {
            assert!(!path.exists(), "{}", path.display());
        }
    }

    #[test]
    fn out_of_range_values_are_refused_with_what_and_the_range() {
        let mut r = result(1, 90);
        assert_eq!(r.check(), Ok(()));
        r.score = u32::MAX;
        assert_eq!(
            r.check().unwrap_err(),
            "score 4294967295 is not between 0 and 100"
        );
        let mut r = result(1, 90);
        r.format = 2;
        assert!(r.check().unwrap_err().contains("format 2"));
        let r = result(u64::MAX, 90);
        assert!(r.check().unwrap_err().contains("finished_at"));
        let mut r = result(1, 90);
        r.group = Some("\u{1b}[2J".into());
        assert!(r.check().unwrap_err().contains("group"));
        let mut r = result(1, 90);
        r.outcome = "won".into();
        assert!(r.check().unwrap_err().contains("outcome"));
    }

    #[test]
    fn a_result_out_of_range_on_disk_is_set_aside_and_reported() {
        let store = temp_store("range");
        let p = store.profile("trainee").unwrap();
        let mut r = result(1, 90);
        r.score = u32::MAX;
        let planted = p.dir.join("results").join("1-card_wait.json");
        fs::write(&planted, serde_json::to_vec(&r).unwrap()).unwrap();
        let h = p.history().unwrap();
        assert!(h.results.is_empty());
        assert_eq!(h.set_aside.len(), 1);
        assert!(h.set_aside[0].reason.contains("score 4294967295"), "{h:?}");
    }

    #[test]
    fn odd_entries_of_the_profiles_folder_are_reported_and_skipped() {
        let store = temp_store("odd");
        store
            .profile("trainee")
            .unwrap()
            .save_result(&result(1, 90))
            .unwrap();
        let profiles = store.root.join("profiles");
        fs::create_dir_all(profiles.join("notes.old")).unwrap();
        fs::create_dir_all(profiles.join(" Bob").join("results")).unwrap();
        fs::write(profiles.join("README.txt"), b"hello").unwrap();
        let all = store.all_results().unwrap();
        assert_eq!(all.history.results.len(), 1);
        let skipped: Vec<_> = all
            .skipped
            .iter()
            .map(|s| s.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(skipped, [" Bob", "README.txt", "notes.old"]);
        assert!(all.skipped[2].reason.contains("cannot be a trainee name"));
        // Reading created no folder for the trimmed name.
        assert!(!profiles.join("Bob").exists());
    }
}
