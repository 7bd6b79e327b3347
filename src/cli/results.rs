//! `counterplay export`, `import` and `report`: every trainee's results for an instructor, as a
//! spreadsheet, as xAPI statements for a learning record store, or summed up for a class.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use crate::diagnostics::visible;
use crate::labels::Label;
use crate::lang::{Lang, Text};
use crate::lrs::LrsSettings;
use crate::results::export::{Filter, write_csv};
use crate::results::import::{import, read_export};
use crate::results::report::ClassReport;
use crate::results::{ResultStore, SavedResult, SetAside, Skipped, write_replacing};
use crate::rulebook::Matcher;
use crate::scenario::{CheckContext, load_paths};
use crate::scoring::principle_name;

/// What `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One row per result, for spreadsheets.
    Csv,
    /// A JSON list of xAPI statements, for an LMS or a Learning Record Store.
    Xapi,
}

/// The store the results are in, or a message and exit code 1.
pub(super) fn open(data_dir: Option<&Path>) -> Result<ResultStore, ExitCode> {
    ResultStore::in_dir_or_user_data(data_dir).ok_or_else(|| {
        eprintln!("error: this system has no per-user data directory; give one with --data-dir");
        ExitCode::from(1)
    })
}

/// Says what could not be read: files moved aside, and entries of the profiles folder skipped.
pub(super) fn warn_unread(set_aside: &[SetAside], skipped: &[Skipped]) {
    for aside in set_aside {
        eprintln!(
            "warning: {} could not be read and was moved to {}: {}",
            visible(&aside.was.display().to_string()),
            visible(&aside.now.display().to_string()),
            visible(&aside.reason)
        );
    }
    for entry in skipped {
        eprintln!(
            "warning: {} is not a trainee's folder and was skipped: {}",
            visible(&entry.path.display().to_string()),
            visible(&entry.reason)
        );
    }
}

/// Every result in the store that `filter` keeps, reporting what could not be read.
pub(super) fn results(
    data_dir: Option<&Path>,
    filter: &Filter,
) -> Result<Vec<SavedResult>, ExitCode> {
    let all = open(data_dir)?.all_results().map_err(|e| {
        eprintln!("error: {}", visible(&e.to_string()));
        ExitCode::from(1)
    })?;
    warn_unread(&all.history.set_aside, &all.skipped);
    Ok(all
        .history
        .results
        .into_iter()
        .filter(|r| filter.keeps(r))
        .collect())
}

/// The titles of the scenarios in `folder`, for results kept before they carried their own.
pub(super) fn titles(matcher: &Matcher, folder: &Path) -> HashMap<String, Text> {
    let ctx = CheckContext {
        matcher,
        assets: None,
    };
    let (loaded, _) = load_paths(&[folder.to_path_buf()], ctx);
    loaded
        .into_iter()
        .filter_map(|f| f.scenario)
        .map(|s| (s.id.clone(), s.title.clone()))
        .collect()
}

/// The organisation's statement settings kept in the data folder, with this command's
/// overrides, or a message and exit code 1.
pub(super) fn statement_settings(
    store: &ResultStore,
    iri: Option<String>,
    typed_words: bool,
) -> Result<LrsSettings, ExitCode> {
    let mut settings = LrsSettings::load(store).map_err(|e| {
        eprintln!("error: {}", visible(&e.to_string()));
        ExitCode::from(1)
    })?;
    if let Some(iri) = iri {
        settings.statements.iri = iri;
    }
    settings.statements.typed_words |= typed_words;
    Ok(settings)
}

/// What `export` is asked for.
pub(super) struct ExportRequest<'a> {
    /// CSV or xAPI.
    pub format: ExportFormat,
    /// Which results.
    pub filter: &'a Filter,
    /// Where to.
    pub out: &'a Path,
    /// The organisation's IRI, instead of the one kept in the settings.
    pub iri: Option<String>,
    /// Whether typed words go out.
    pub typed_words: bool,
    /// Where titles of older results are found.
    pub scenarios: &'a Path,
}

/// `export`: the results `filter` keeps, as CSV or xAPI, into `out`.
pub(super) fn export(
    matcher: &Matcher,
    data_dir: Option<&Path>,
    request: ExportRequest,
) -> ExitCode {
    let results = match results(data_dir, request.filter) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let bytes = match request.format {
        ExportFormat::Csv => {
            let mut bytes = Vec::new();
            write_csv(&mut bytes, &results).expect("writing CSV to memory cannot fail");
            bytes
        }
        ExportFormat::Xapi => {
            let settings = match open(data_dir)
                .and_then(|store| statement_settings(&store, request.iri, request.typed_words))
            {
                Ok(s) => s,
                Err(code) => return code,
            };
            let titles = titles(matcher, request.scenarios);
            let mut statements = Vec::new();
            let mut refused = 0;
            for r in &results {
                match settings.statements.of(r, titles.get(&r.scenario)) {
                    Ok(all) => statements.extend(all),
                    Err(e) => {
                        eprintln!("error: {}", visible(&e.to_string()));
                        refused += 1;
                    }
                }
            }
            if refused > 0 {
                eprintln!("error: nothing was exported: {refused} results cannot be statements");
                return ExitCode::from(1);
            }
            serde_json::to_vec_pretty(&statements).expect("statements serialise")
        }
    };
    if let Err(e) = write_replacing(request.out, &bytes) {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    eprintln!(
        "exported {} results to {}",
        results.len(),
        request.out.display()
    );
    ExitCode::SUCCESS
}

/// `import`: merges an xAPI export into the store.
pub(super) fn import_file(data_dir: Option<&Path>, file: &Path) -> ExitCode {
    let store = match open(data_dir) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match read_export(file).and_then(|bytes| import(&store, &bytes)) {
        Ok(done) => {
            warn_unread(&done.set_aside, &done.skipped_entries);
            for why in &done.skipped {
                eprintln!("warning: {why}");
            }
            println!(
                "imported {} results; {} were already here; {} skipped",
                done.added,
                done.already,
                done.skipped.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "error: {}: {}",
                visible(&file.display().to_string()),
                visible(&e.to_string())
            );
            ExitCode::from(1)
        }
    }
}

/// A bar of `n` out of `max`, `width` characters wide.
fn bar(n: f64, max: f64, width: usize) -> String {
    let filled = if max > 0.0 {
        (((n / max) * width as f64).round() as usize).min(width)
    } else {
        0
    };
    format!("{}{}", "#".repeat(filled), "-".repeat(width - filled))
}

/// `report`: a class's results summed up, as text with bar charts or as JSON.
pub(super) fn report(
    matcher: &Matcher,
    data_dir: Option<&Path>,
    filter: &Filter,
    lang: Lang,
    json: bool,
) -> ExitCode {
    let results = match results(data_dir, filter) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let book = matcher.rulebook();
    let report = ClassReport::of(book, &results, filter);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("reports serialise")
        );
        return ExitCode::SUCCESS;
    }
    print!("{}", report_text(book, &report, lang));
    ExitCode::SUCCESS
}

/// The report as text: a heading, then each part with a bar chart.
pub fn report_text(book: &crate::rulebook::Rulebook, r: &ClassReport, lang: Lang) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let group = r
        .group
        .as_deref()
        .map_or_else(|| Label::AllGroups.get(lang).into(), visible);
    let _ = writeln!(
        out,
        "{}",
        Label::ReportHeading.fill(
            lang,
            &[("group", &group), ("n", &r.results), ("t", &r.trainees)]
        )
    );
    if r.results == 0 {
        let _ = writeln!(out, "{}", Label::NoResults.get(lang));
        return out;
    }
    let _ = writeln!(out, "\n{}", Label::ReportByScenario.get(lang));
    let width = r
        .scenarios
        .iter()
        .map(|s| visible(&s.scenario).len())
        .max()
        .unwrap_or(0);
    for s in &r.scenarios {
        let _ = writeln!(
            out,
            "  {:width$}  {} {}",
            visible(&s.scenario),
            bar(f64::from(s.average), 100.0, 20),
            s.line(lang)
        );
    }
    let _ = writeln!(out, "\n{}", Label::ReportOutcomes.get(lang));
    let most = r.outcomes.iter().map(|(_, n)| *n).max().unwrap_or(0) as f64;
    for (key, n) in &r.outcomes {
        let name = Label::outcome_named(key).get(lang);
        let _ = writeln!(out, "  {} {n:>4}  {name}", bar(*n as f64, most, 20));
    }
    let _ = writeln!(out, "\n{}", Label::ReportBanned.get(lang));
    if r.banned.is_empty() {
        let _ = writeln!(out, "  {}", Label::ReportNone.get(lang));
    }
    for b in &r.banned {
        let _ = writeln!(
            out,
            "  {:>4}  “{}” ({})",
            b.count,
            visible(&b.words),
            visible(&b.id)
        );
    }
    if !r.misread.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            Label::ReportMisread.fill(lang, &[("n", &r.misread.len())])
        );
        for m in &r.misread {
            let _ = writeln!(
                out,
                "  {} · {} · {}: {}",
                visible(&m.trainee),
                visible(&m.scenario),
                visible(&m.node),
                visible(&m.text)
            );
            let _ = writeln!(out, "    {}", visible(&m.example));
        }
    }
    let _ = writeln!(out, "\n{}", Label::ReportPrinciples.get(lang));
    if r.principles.is_empty() {
        let _ = writeln!(out, "  {}", Label::ReportNone.get(lang));
    }
    let most = r.principles.iter().map(|(_, n)| *n).max().unwrap_or(0) as f64;
    for (p, n) in &r.principles {
        let _ = writeln!(
            out,
            "  {} {n:>4}  {}",
            bar(*n as f64, most, 20),
            principle_name(book, *p, lang)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::report::{BannedCount, MisreadReply};

    #[test]
    fn escapes_from_data_never_reach_the_terminal() {
        let report = ClassReport {
            group: Some("\u{1b}]0;owned\u{7}".into()),
            results: 1,
            trainees: 1,
            scenarios: Vec::new(),
            outcomes: Vec::new(),
            banned: vec![BannedCount {
                id: "rude".into(),
                words: "\u{1b}[31m滚".into(),
                count: 1,
            }],
            principles: Vec::new(),
            misread: vec![MisreadReply {
                trainee: "王小明".into(),
                scenario: "card_wait".into(),
                node: "start".into(),
                text: "\u{9b}2J\rhidden".into(),
                example: "zh\tno\t-\thidden".into(),
            }],
        };
        let book = crate::rulebook::shipped_rulebook();
        let text = report_text(book.rulebook(), &report, Lang::En);
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{text:?}"
        );
        assert!(text.contains("\\u{1b}]0;owned\\u{7}"), "{text}");
        assert!(text.contains("\\u{9b}2J\\rhidden"), "{text}");
        assert!(text.contains("zh\tno\t-\thidden"), "{text}");
    }
}
