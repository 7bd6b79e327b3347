//! The scenarios of a folder while their files change: the game reloads a file on every save,
//! and a save that breaks it must neither crash nor take the scenario away.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::Diagnostic;

use super::Scenario;
use super::load::{LoadedFile, duplicate_id, load_str};
use super::validate::CheckContext;

/// Every scenario file seen, each with its newest good version, so a broken save keeps the last
/// good one playable while its errors are shown.
#[derive(Debug, Default)]
pub struct Library {
    files: BTreeMap<PathBuf, Watched>,
    scenarios: Vec<Arc<Scenario>>,
    problems: Vec<Diagnostic>,
}

#[derive(Debug)]
struct Watched {
    /// The text as last read, or why it could not be read.
    source: Result<String, Diagnostic>,
    /// Errors and warnings of that text.
    diagnostics: Vec<Diagnostic>,
    /// Whether that text has errors.
    broken: bool,
    /// The newest version without errors, shared with sessions playing it.
    good: Option<Arc<Scenario>>,
}

impl Library {
    /// Takes in a file's new text (or why it could not be read). Call [`Library::refresh`] once
    /// the batch of changes is in. Returns whether anything changed.
    pub fn set(
        &mut self,
        path: PathBuf,
        source: Result<String, Diagnostic>,
        ctx: CheckContext,
    ) -> bool {
        if self.files.get(&path).is_some_and(|w| w.source == source) {
            return false;
        }
        let previous = self.files.remove(&path).and_then(|w| w.good);
        self.check(path, source, previous, ctx);
        true
    }

    fn check(
        &mut self,
        path: PathBuf,
        source: Result<String, Diagnostic>,
        previous: Option<Arc<Scenario>>,
        ctx: CheckContext,
    ) {
        let file = match &source {
            Ok(text) => load_str(&path, text, ctx),
            Err(d) => LoadedFile {
                path: path.clone(),
                scenario: None,
                diagnostics: vec![d.clone()],
            },
        };
        let broken = file.has_errors();
        // An unchanged scenario keeps its identity, so nothing is offered a restart for a save
        // that changed only comments.
        let good = match (file.scenario, previous) {
            (Some(new), Some(old)) if *old == new => Some(old),
            (Some(new), _) => Some(Arc::new(new)),
            (None, old) => old,
        };
        self.files.insert(
            path,
            Watched {
                source,
                diagnostics: file.diagnostics,
                broken,
                good,
            },
        );
    }

    /// Forgets a deleted file. Returns whether it was known.
    pub fn remove(&mut self, path: &Path) -> bool {
        self.files.remove(path).is_some()
    }

    /// The files known, in path order.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(PathBuf::as_path)
    }

    /// Checks every file again, for when what they are checked against (the rulebook) changed.
    pub fn recheck(&mut self, ctx: CheckContext) {
        for (path, w) in std::mem::take(&mut self.files) {
            self.check(path, w.source, w.good, ctx);
        }
    }

    /// Works out the playable scenarios and the problems after a batch of changes. When two
    /// files use one id, the first in path order keeps it and the other is in error.
    pub fn refresh(&mut self) {
        self.scenarios.clear();
        self.problems.clear();
        let mut owners: BTreeMap<&str, &Path> = BTreeMap::new();
        for (path, w) in &self.files {
            if w.broken {
                self.problems
                    .extend(w.diagnostics.iter().filter(|d| d.is_error()).cloned());
            }
            let Some(scenario) = &w.good else { continue };
            if let Some(first) = owners.get(scenario.id.as_str()) {
                if !w.broken {
                    let source = w.source.as_deref().unwrap_or_default();
                    self.problems
                        .push(duplicate_id(path, source, &scenario.id, first));
                }
                continue;
            }
            owners.insert(&scenario.id, path);
            self.scenarios.push(scenario.clone());
        }
    }

    /// The scenarios ready to play: each file's newest good version, in path order.
    pub fn scenarios(&self) -> &[Arc<Scenario>] {
        &self.scenarios
    }

    /// The scenario with this id.
    pub fn get(&self, id: &str) -> Option<&Arc<Scenario>> {
        self.scenarios.iter().find(|s| s.id == id)
    }

    /// The errors of files that are broken now (their last good version, if any, still plays).
    pub fn problems(&self) -> &[Diagnostic] {
        &self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::shipped_rulebook;

    const GOOD: &str = include_str!("../../scenarios/card_wait.ron");

    fn ctx(m: &crate::rulebook::Matcher) -> CheckContext<'_> {
        CheckContext {
            matcher: m,
            assets: None,
        }
    }

    #[test]
    fn a_broken_save_keeps_the_last_good_version_until_fixed() {
        let m = shipped_rulebook();
        let mut lib = Library::default();
        let path = PathBuf::from("scenarios/card_wait.ron");
        assert!(lib.set(path.clone(), Ok(GOOD.into()), ctx(&m)));
        lib.refresh();
        let first = lib.get("card_wait").unwrap().clone();
        assert!(lib.problems().is_empty());

        // Saving the same text again changes nothing.
        assert!(!lib.set(path.clone(), Ok(GOOD.into()), ctx(&m)));

        let broken = GOOD.replacen("start:", "strat:", 1);
        assert!(lib.set(path.clone(), Ok(broken), ctx(&m)));
        lib.refresh();
        assert!(Arc::ptr_eq(lib.get("card_wait").unwrap(), &first));
        assert_eq!(lib.problems().len(), 1);
        assert!(lib.problems()[0].message.contains("strat"));

        // A fix that only touches a comment gives back the very same scenario.
        lib.set(path.clone(), Ok(format!("// fixed\n{GOOD}")), ctx(&m));
        lib.refresh();
        assert!(lib.problems().is_empty());
        assert!(Arc::ptr_eq(lib.get("card_wait").unwrap(), &first));

        let retitled = GOOD.replacen("title: (zh: \"等了", "title: (zh: \"整整等了", 1);
        lib.set(path.clone(), Ok(retitled), ctx(&m));
        lib.refresh();
        assert!(!Arc::ptr_eq(lib.get("card_wait").unwrap(), &first));

        assert!(lib.remove(&path));
        lib.refresh();
        assert!(lib.scenarios().is_empty());
    }

    #[test]
    fn a_second_file_with_the_same_id_is_in_error_and_the_first_plays() {
        let m = shipped_rulebook();
        let mut lib = Library::default();
        lib.set("s/a.ron".into(), Ok(GOOD.into()), ctx(&m));
        lib.set("s/b.ron".into(), Ok(GOOD.into()), ctx(&m));
        lib.refresh();
        assert_eq!(lib.scenarios().len(), 1);
        assert_eq!(lib.problems().len(), 1);
        assert_eq!(lib.problems()[0].file, PathBuf::from("s/b.ron"));
        assert!(lib.problems()[0].message.contains("already used"));
    }

    #[test]
    fn unreadable_files_are_problems() {
        let m = shipped_rulebook();
        let mut lib = Library::default();
        let path = PathBuf::from("s/bad.ron");
        let err = crate::ron_file::text_of(&path, vec![b'(', 0xff]).unwrap_err();
        lib.set(path, Err(err), ctx(&m));
        lib.refresh();
        assert!(lib.scenarios().is_empty());
        assert!(lib.problems()[0].message.contains("UTF-8"));
    }
}
