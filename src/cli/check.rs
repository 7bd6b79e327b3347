//! `counterplay check`: diagnostics for scenario files (and the rulebook, when named).

use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::rulebook::{Matcher, parse_rulebook};
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
