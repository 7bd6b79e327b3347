//! Trainee results on disk: one folder per trainee profile under the user's data directory, one
//! JSON file per finished session, and the session in progress autosaved after every reply.
//!
//! Results leave as CSV or xAPI statements ([`export`]), come back from other desktops
//! ([`import`]) and add up into a class report ([`report`]).
//!
//! Nothing is lost: every file is written to a temporary file and renamed into place; a result
//! never replaces another (a new name is found instead); a file that cannot be read is moved
//! aside into `corrupt/` and reported, never overwritten or silently dropped.

mod attempt;
pub mod export;
pub mod import;
pub mod report;

pub use attempt::{Attempt, Finish, Player, Progress};

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::lang::Lang;
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
    /// A profile name that cannot be a folder name.
    #[error("`{0}` cannot be a trainee name: use letters, digits, spaces, `-` or `_` (1 to 40)")]
    BadName(String),
    /// The disk said no.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> ResultsError + '_ {
    move |source| ResultsError::Io {
        path: path.to_path_buf(),
        source,
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

/// A trainee's results and the files that had to be set aside.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// Results, oldest first.
    pub results: Vec<SavedResult>,
    /// Files that could not be read.
    pub set_aside: Vec<SetAside>,
}

/// The folder holding every trainee's profile.
#[derive(Clone, Debug)]
pub struct ResultStore {
    root: PathBuf,
}

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

    /// The profile of trainee `name`, created on first use.
    pub fn profile(&self, name: &str) -> Result<Profile, ResultsError> {
        let name = name.trim();
        let fine = |c: char| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_';
        if name.is_empty() || name.chars().count() > 40 || !name.chars().all(fine) {
            return Err(ResultsError::BadName(name.to_owned()));
        }
        let dir = self.root.join("profiles").join(name);
        fs::create_dir_all(dir.join("results")).map_err(io_at(&dir))?;
        Ok(Profile {
            name: name.to_owned(),
            dir,
        })
    }
}

impl ResultStore {
    /// Every trainee's results, oldest first, for exports and class reports; unreadable files
    /// are set aside as in a trainee's own history.
    pub fn everyone(&self) -> Result<History, ResultsError> {
        let dir = self.root.join("profiles");
        let mut all = History::default();
        let names = match fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect::<Vec<_>>(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(io_at(&dir)(e)),
        };
        for name in names {
            let history = self.profile(&name)?.history()?;
            all.results.extend(history.results);
            all.set_aside.extend(history.set_aside);
        }
        all.results.sort_by(|a, b| {
            (a.finished_at, &a.trainee, &a.scenario).cmp(&(b.finished_at, &b.trainee, &b.scenario))
        });
        Ok(all)
    }

    /// The preferences saved last; defaults if there are none or they cannot be read (they are
    /// easily set again, unlike results).
    pub fn preferences(&self) -> Preferences {
        read_json(&self.root.join(PREFERENCES_FILE)).unwrap_or_default()
    }

    /// Saves the preferences, replacing the previous ones atomically.
    pub fn save_preferences(&self, preferences: &Preferences) -> Result<(), ResultsError> {
        fs::create_dir_all(&self.root).map_err(io_at(&self.root))?;
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
}

impl Profile {
    /// The trainee's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Saves a finished session under a new name; returns where.
    pub fn save_result(&self, result: &SavedResult) -> Result<PathBuf, ResultsError> {
        let json = serde_json::to_vec_pretty(result).expect("results serialise");
        let stem = format!("{}-{}", result.finished_at, result.scenario);
        write_new(&self.dir.join("results"), &stem, &json)
    }

    /// Every saved result, oldest first; unreadable files are moved to `corrupt/` and listed.
    pub fn history(&self) -> Result<History, ResultsError> {
        let dir = self.dir.join("results");
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .map_err(io_at(&dir))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let mut history = History::default();
        for path in files {
            match read_json::<SavedResult>(&path) {
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
        let json = serde_json::to_vec(transcript).expect("transcripts serialise");
        write_replacing(&self.dir.join("in_progress.json"), &json)
    }

    /// The session left in progress, if any. An unreadable autosave is set aside and reported.
    pub fn in_progress(&self) -> Result<Option<Result<Transcript, SetAside>>, ResultsError> {
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
        let now = free_name(&corrupt, &name, "");
        fs::rename(path, &now).map_err(io_at(path))?;
        Ok(SetAside {
            was: path.to_path_buf(),
            now,
            reason,
        })
    }
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, String> {
    let bytes = fs::read(path).map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

/// A path in `dir` named `stem` + `ext`, or `stem-2` + `ext` and so on, that does not exist yet.
fn free_name(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    (1..)
        .map(|n| match n {
            1 => dir.join(format!("{stem}{ext}")),
            n => dir.join(format!("{stem}-{n}{ext}")),
        })
        .find(|p| !p.exists())
        .expect("some name is free")
}

/// Writes `bytes` to a temporary file in `dir`, flushed to disk.
fn write_temp(dir: &Path, bytes: &[u8]) -> Result<PathBuf, ResultsError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".tmp-{}-{n}", std::process::id()));
    let mut file = fs::File::create_new(&tmp).map_err(io_at(&tmp))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(io_at(&tmp))?;
    Ok(tmp)
}

/// Writes a new file `stem[-n].json` in `dir`, never replacing one: the temporary file is linked
/// to a free name (which fails rather than overwrite if another writer took it first).
fn write_new(dir: &Path, stem: &str, bytes: &[u8]) -> Result<PathBuf, ResultsError> {
    let tmp = write_temp(dir, bytes)?;
    let result = loop {
        let target = free_name(dir, stem, ".json");
        match fs::hard_link(&tmp, &target) {
            Ok(()) => break Ok(target),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => break Err(io_at(&target)(e)),
        }
    };
    let _ = fs::remove_file(&tmp);
    result
}

/// Replaces `path` atomically: readers see the old file or the new one, never half of one.
pub fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), ResultsError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = write_temp(dir, bytes)?;
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
        let long = "x".repeat(41);
        for bad in ["", "   ", "../x", "a/b", "x\\y", "a:b", &long] {
            assert!(
                matches!(store.profile(bad), Err(ResultsError::BadName(_))),
                "{bad:?}"
            );
        }
        assert_eq!(store.profile(" Li Li ").unwrap().name(), "Li Li");
    }
}
