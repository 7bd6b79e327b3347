//! Loading scenario files: one file's failure never stops the others.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Locator, Seg, Severity};
use crate::ron_file;

use super::Scenario;
use super::validate::{CheckContext, validate};

/// One scenario file after loading: the scenario if it has no errors, and every diagnostic.
#[derive(Debug)]
pub struct LoadedFile {
    /// The file as named by the caller.
    pub path: PathBuf,
    /// The scenario, present when the file has no errors (warnings allowed).
    pub scenario: Option<Scenario>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadedFile {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses and validates scenario source text.
pub fn load_str(path: &Path, source: &str, ctx: CheckContext) -> LoadedFile {
    let mut file = LoadedFile {
        path: path.to_path_buf(),
        scenario: None,
        diagnostics: Vec::new(),
    };
    match ron_file::parse::<Scenario>(path, source) {
        Err(d) => file.diagnostics.push(d),
        Ok(s) => {
            let locator = Locator::new(source);
            file.diagnostics = validate(&s, path, source, &locator, ctx);
            if !file.has_errors() {
                file.scenario = Some(s);
            }
        }
    }
    file
}

/// Reads, parses and validates one scenario file.
pub fn load_file(path: &Path, ctx: CheckContext) -> LoadedFile {
    match ron_file::read_text(path) {
        Ok(source) => load_str(path, &source, ctx),
        Err(d) => LoadedFile {
            path: path.to_path_buf(),
            scenario: None,
            diagnostics: vec![d],
        },
    }
}

/// The scenario files named by `paths`: files as given, folders expanded to their `.ron` files
/// (sorted, not recursive). A path that does not exist is an error diagnostic.
pub fn scenario_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        if p.is_dir() {
            match std::fs::read_dir(p) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|f| f.is_file() && f.extension().is_some_and(|x| x == "ron"))
                        .collect();
                    found.sort();
                    files.extend(found);
                }
                Err(e) => problems.push(Diagnostic::whole_file(
                    p,
                    Severity::Error,
                    format!("cannot read folder: {e}"),
                )),
            }
        } else if p.is_file() {
            files.push(p.clone());
        } else {
            problems.push(Diagnostic::whole_file(
                p,
                Severity::Error,
                "no such file or folder",
            ));
        }
    }
    (files, problems)
}

/// Loads every scenario under `paths`, then reports ids used by more than one file (the later
/// file is the one in error, so the first keeps working).
pub fn load_paths(paths: &[PathBuf], ctx: CheckContext) -> (Vec<LoadedFile>, Vec<Diagnostic>) {
    let (files, problems) = scenario_files(paths);
    let mut loaded: Vec<LoadedFile> = crate::parallel::map(&files, |f| load_file(f, ctx));
    let mut first: HashMap<String, PathBuf> = HashMap::new();
    for file in &mut loaded {
        let Some(id) = file.scenario.as_ref().map(|s| s.id.clone()) else {
            continue;
        };
        if let Some(other) = first.get(&id) {
            let source = ron_file::read_text(&file.path).unwrap_or_default();
            file.diagnostics
                .push(duplicate_id(&file.path, &source, &id, other));
            file.scenario = None;
        } else {
            first.insert(id, file.path.clone());
        }
    }
    (loaded, problems)
}

/// The error of a file whose scenario id an earlier file already uses.
pub(super) fn duplicate_id(path: &Path, source: &str, id: &str, other: &Path) -> Diagnostic {
    let span = Locator::new(source).span(&[Seg::Field("id")]);
    Diagnostic::at(
        path,
        source,
        Severity::Error,
        span,
        format!("scenario id `{id}` is already used by {}", other.display()),
    )
    .with_hint("give each scenario its own id")
}
