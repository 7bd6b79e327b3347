//! `counterplay check`: diagnostics for scenario files (and the rulebook, when named).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::rulebook::{Matcher, RULEBOOK_PATH, load_rulebook, parse_rulebook};
use crate::scenario::{CheckContext, load_paths};

use super::{Format, assets, default_paths};

#[derive(Serialize)]
struct Report {
    files: Vec<FileReport>,
    diagnostics: Vec<Diagnostic>,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct FileReport {
    path: PathBuf,
    id: Option<String>,
    ok: bool,
}

/// Checks the files once, then again after every save until interrupted. The rulebook is read
/// again each time, so an edit to it shows at once too.
pub(super) fn watch(rulebook: Option<&Path>, paths: Vec<PathBuf>, format: Format) -> ExitCode {
    use notify_debouncer_full::new_debouncer;
    use notify_debouncer_full::notify::RecursiveMode;

    let paths = default_paths(paths);
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match new_debouncer(Duration::from_millis(300), None, tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch for changes: {e}");
            return ExitCode::from(1);
        }
    };
    let rulebook_file = rulebook.unwrap_or(Path::new(RULEBOOK_PATH));
    for p in paths.iter().map(PathBuf::as_path).chain([rulebook_file]) {
        if !p.exists() {
            continue;
        }
        if let Err(e) = watcher.watch(p, RecursiveMode::NonRecursive) {
            eprintln!("error: cannot watch {}: {e}", p.display());
            return ExitCode::from(1);
        }
    }
    loop {
        match load_rulebook(rulebook) {
            Ok(matcher) => {
                run(&matcher, paths.clone(), format);
            }
            Err(problems) => {
                for d in problems {
                    print!("{}", d.render());
                }
            }
        }
        println!("watching for changes (Ctrl-C stops)");
        let _ = std::io::stdout().flush();
        // Wait for a save that touches a file's content, then for the burst to settle.
        loop {
            match rx.recv() {
                Ok(Ok(events)) if events.iter().any(|e| !e.kind.is_access()) => break,
                Ok(_) => continue,
                Err(_) => return ExitCode::from(1),
            }
        }
        println!("\n--- changed: checking again ---");
    }
}

pub(super) fn run(matcher: &Matcher, paths: Vec<PathBuf>, format: Format) -> ExitCode {
    let paths = default_paths(paths);
    // A file named rulebook.ron is checked as the rulebook, so instructors can check their edits.
    let (rulebooks, scenarios): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .into_iter()
        .partition(|p| p.is_file() && p.file_name().is_some_and(|n| n == "rulebook.ron"));
    let assets = assets();
    let ctx = CheckContext {
        matcher,
        assets: assets.as_ref(),
    };
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for path in rulebooks {
        let result = crate::ron_file::read_text(&path)
            .map_err(|d| vec![d])
            .and_then(|src| parse_rulebook(&path, &src).map(|_| ()));
        let errs = result.err().unwrap_or_default();
        files.push(FileReport {
            path,
            id: None,
            ok: errs.is_empty(),
        });
        diagnostics.extend(errs);
    }
    if !scenarios.is_empty() {
        let (loaded, problems) = load_paths(&scenarios, ctx);
        diagnostics.extend(problems);
        if loaded.is_empty() && diagnostics.is_empty() {
            eprintln!(
                "no scenario files (*.ron) found in {}",
                scenarios[0].display()
            );
            return ExitCode::from(1);
        }
        for f in loaded {
            files.push(FileReport {
                id: f.scenario.as_ref().map(|s| s.id.clone()),
                ok: !f.has_errors(),
                path: f.path,
            });
            diagnostics.extend(f.diagnostics);
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match format {
        Format::Json => {
            let report = Report {
                files,
                diagnostics,
                errors,
                warnings,
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&report).expect("report serialises")
            );
        }
        Format::Text => {
            for d in &diagnostics {
                println!("{}", d.render());
            }
            let ok = files.iter().filter(|f| f.ok).count();
            println!(
                "checked {} file{}: {ok} ok, {errors} error{}, {warnings} warning{}",
                files.len(),
                plural(files.len()),
                plural(errors),
                plural(warnings)
            );
        }
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
