//! `counterplay list`: the scenarios in a folder, and which files are broken.

use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use crate::labels::Label;
use crate::lang::Lang;
use crate::rulebook::Matcher;
use crate::scenario::{CheckContext, Scenario, load_paths};

use super::{assets, default_paths};

#[derive(Serialize)]
struct Entry {
    id: String,
    title: String,
    file: PathBuf,
    setting: String,
    r#trait: &'static str,
    motives: Vec<&'static str>,
    languages: Vec<&'static str>,
    difficulty: u8,
}

#[derive(Serialize)]
struct Broken {
    file: PathBuf,
    errors: usize,
    first: String,
}

#[derive(Serialize)]
struct Listing {
    scenarios: Vec<Entry>,
    broken: Vec<Broken>,
}

fn entry(s: &Scenario, file: PathBuf, lang: Lang) -> Entry {
    Entry {
        id: s.id.clone(),
        title: s.title.get(lang).to_owned(),
        file,
        setting: Label::setting(s.setting).get(Lang::En).to_owned(),
        r#trait: s.customer.r#trait.key(),
        motives: s.customer.motives.main(),
        languages: s.languages().into_iter().map(Lang::code).collect(),
        difficulty: s.difficulty,
    }
}

pub(super) fn run(matcher: &Matcher, path: Option<PathBuf>, json: bool, lang: Lang) -> ExitCode {
    let assets = assets();
    let ctx = CheckContext {
        matcher,
        assets: assets.as_ref(),
    };
    let (loaded, problems) = load_paths(&default_paths(path.into_iter().collect()), ctx);
    if let Some(p) = problems.first() {
        eprintln!("{}", p.headline());
        return ExitCode::from(1);
    }
    let mut listing = Listing {
        scenarios: Vec::new(),
        broken: Vec::new(),
    };
    for f in loaded {
        match f.scenario {
            Some(ref s) => listing.scenarios.push(entry(s, f.path.clone(), lang)),
            None => {
                let errors: Vec<_> = f.diagnostics.iter().filter(|d| d.is_error()).collect();
                listing.broken.push(Broken {
                    file: f.path.clone(),
                    errors: errors.len(),
                    first: errors.first().map(|d| d.headline()).unwrap_or_default(),
                });
            }
        }
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&listing).expect("listing serialises")
        );
        return ExitCode::SUCCESS;
    }
    let rows: Vec<[String; 6]> = listing
        .scenarios
        .iter()
        .map(|e| {
            [
                e.id.clone(),
                e.title.clone(),
                e.setting.clone(),
                e.r#trait.to_owned(),
                e.motives.join("+"),
                e.languages.join(","),
            ]
        })
        .collect();
    let header = ["ID", "TITLE", "SETTING", "TRAIT", "MOTIVES", "LANGUAGES"].map(String::from);
    print_table(&header, &rows);
    for b in &listing.broken {
        eprintln!(
            "broken: {} ({} error{}; first: {})",
            b.file.display(),
            b.errors,
            if b.errors == 1 { "" } else { "s" },
            b.first
        );
    }
    ExitCode::SUCCESS
}

/// Prints aligned columns, measuring display width so Chinese titles line up.
fn print_table(header: &[String; 6], rows: &[[String; 6]]) {
    use unicode_width::UnicodeWidthStr;
    let mut widths = header.clone().map(|h| h.width());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    for row in std::iter::once(header).chain(rows) {
        let line: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.width())))
            .collect();
        println!("{}", line.join("  ").trim_end());
    }
}
