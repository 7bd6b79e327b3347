//! `counterplay judge`: what the rulebook finds in one reply; exits 1 on a banned phrase, like a
//! linter.

use std::process::ExitCode;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Severity};
use crate::lang::Lang;
use crate::ron_file;
use crate::rulebook::{Evaluation, Judgement, Matcher, Score, evaluate, parse_examples};

#[derive(Serialize)]
struct Output<'a> {
    text: &'a str,
    clean: bool,
    #[serde(flatten)]
    judgement: &'a Judgement,
}

pub(super) fn run(matcher: &Matcher, text: &str, lang: Option<Lang>, json: bool) -> ExitCode {
    let judgement = matcher.judge_typed(text, lang);
    let shown = lang.unwrap_or(Lang::Zh);
    if json {
        let out = Output {
            text,
            clean: judgement.is_clean(),
            judgement: &judgement,
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("judgement serialises")
        );
    } else {
        print!("{}", describe(matcher, text, &judgement, shown));
    }
    if judgement.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The human-readable report.
fn describe(matcher: &Matcher, text: &str, j: &Judgement, lang: Lang) -> String {
    use std::fmt::Write as _;
    let book = matcher.rulebook();
    let mut out = String::new();
    let chars = |r: &std::ops::Range<usize>| {
        let start = text[..r.start].chars().count();
        (start, start + text[r.clone()].chars().count())
    };
    if j.banned.is_empty() {
        let _ = writeln!(out, "banned phrases: none");
    } else {
        let _ = writeln!(out, "banned phrases:");
        for b in &j.banned {
            let principle = book
                .principle(b.breaks)
                .map(|p| format!("{} / {}", p.name.get(Lang::Zh), p.name.get(Lang::En)))
                .unwrap_or_else(|| b.breaks.key().to_owned());
            let (c0, c1) = chars(&b.span);
            let _ = writeln!(
                out,
                "  \"{}\" at chars {c0}..{c1} (bytes {}..{}): {}, severity {}{}",
                b.matched,
                b.span.start,
                b.span.end,
                b.kind.key(),
                b.severity,
                if b.severity >= 3 {
                    " (hostile: blocks a pass)"
                } else {
                    ""
                }
            );
            let _ = writeln!(out, "    breaks:    {principle}");
            let _ = writeln!(out, "    means:     {}", b.meaning.get(lang.other()));
            let _ = writeln!(out, "    say instead: {}", b.better.get(lang));
            let _ = writeln!(out, "    rule:      {}", b.id);
        }
    }
    if j.hits.is_empty() {
        let _ = writeln!(out, "features: none");
    } else {
        let _ = writeln!(out, "features:");
        for h in &j.hits {
            let name = book
                .feature(h.feature)
                .map(|r| r.name.get(lang).to_owned())
                .unwrap_or_else(|| h.feature.key().to_owned());
            let (c0, c1) = chars(&h.span);
            let _ = writeln!(
                out,
                "  {} ({name}): \"{}\" at chars {c0}..{c1}",
                h.feature.key(),
                h.matched
            );
        }
    }
    let weights: Vec<String> = j
        .features
        .iter()
        .map(|(f, w)| format!("{}={w:.2}", f.key()))
        .collect();
    let _ = writeln!(
        out,
        "model input: {}",
        if weights.is_empty() {
            "(nothing)".into()
        } else {
            weights.join(" ")
        }
    );
    out
}

/// How many of the worst misses the text report lists.
const WORST_SHOWN: usize = 15;

/// One score with its ratios, for JSON.
#[derive(Serialize)]
struct Ratios<'a> {
    #[serde(flatten)]
    counts: &'a Score,
    precision: f64,
    recall: f64,
    f1: f64,
}

fn ratios(s: &Score) -> Ratios<'_> {
    Ratios {
        counts: s,
        precision: s.precision(),
        recall: s.recall(),
        f1: s.f1(),
    }
}

/// `judge --eval FILE`: the rulebook measured against labelled replies. Exits 2 when the file
/// cannot be read.
pub(super) fn eval(matcher: &Matcher, file: &std::path::Path, json: bool) -> ExitCode {
    let rows = ron_file::read_text(file).and_then(|text| {
        parse_examples(&text).map_err(|(line, message)| {
            let start =
                crate::diagnostics::offset_of(&text, crate::diagnostics::Pos { line, column: 1 });
            Diagnostic::at(file, &text, Severity::Error, start..start, message)
        })
    });
    let rows = match rows {
        Ok(rows) => rows,
        Err(d) => {
            eprint!("{}", d.render());
            return ExitCode::from(2);
        }
    };
    let e = evaluate(matcher, &rows);
    if json {
        let features: Vec<serde_json::Value> = e
            .features
            .iter()
            .map(|(f, s)| serde_json::json!({ "feature": f.key(), "score": ratios(s) }))
            .collect();
        let banned: Vec<serde_json::Value> = e
            .banned
            .iter()
            .map(|b| {
                serde_json::json!({
                    "lang": b.lang,
                    "caught": b.caught,
                    "banned": b.banned,
                    "recall": b.recall(),
                    "false_alarms": b.false_alarms,
                    "clean": b.clean,
                    "false_alarm_rate": b.false_alarm_rate(),
                })
            })
            .collect();
        let out = serde_json::json!({
            "replies": e.replies,
            "micro": ratios(&e.micro),
            "features": features,
            "banned": banned,
            "misses": e.misses,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("the evaluation serialises")
        );
    } else {
        print!("{}", describe_eval(&e));
    }
    ExitCode::SUCCESS
}

/// The text report of an evaluation.
fn describe_eval(e: &Evaluation) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "{} labelled replies", e.replies);
    let _ = writeln!(
        out,
        "{:<18} {:>5} {:>5} {:>5} {:>9} {:>6} {:>5}",
        "feature", "found", "extra", "miss", "precision", "recall", "F1"
    );
    let row = |out: &mut String, name: &str, s: &Score| {
        let _ = writeln!(
            out,
            "{name:<18} {:>5} {:>5} {:>5} {:>9.2} {:>6.2} {:>5.2}",
            s.found,
            s.false_alarms,
            s.missed,
            s.precision(),
            s.recall(),
            s.f1()
        );
    };
    for (f, s) in &e.features {
        row(&mut out, f.key(), s);
    }
    row(&mut out, "all (micro)", &e.micro);
    let _ = writeln!(out);
    for b in &e.banned {
        if b.banned + b.clean == 0 {
            continue;
        }
        let _ = writeln!(
            out,
            "banned ({}): caught {}/{} ({:.0}%), false alarms {}/{} ({:.1}%)",
            b.lang.code(),
            b.caught,
            b.banned,
            100.0 * b.recall(),
            b.false_alarms,
            b.clean,
            100.0 * b.false_alarm_rate()
        );
    }
    if !e.misses.is_empty() {
        let _ = writeln!(
            out,
            "\nworst misses ({} replies read differently):",
            e.misses.len()
        );
        let keys = |fs: &[crate::rulebook::Feature]| {
            fs.iter().map(|f| f.key()).collect::<Vec<_>>().join(",")
        };
        for m in e.misses.iter().take(WORST_SHOWN) {
            let mut what = Vec::new();
            if m.banned_missed {
                what.push("banned not caught".to_owned());
            }
            if m.false_alarm {
                what.push("false banned alarm".to_owned());
            }
            if !m.missed.is_empty() {
                what.push(format!("missed {}", keys(&m.missed)));
            }
            if !m.extra.is_empty() {
                what.push(format!("extra {}", keys(&m.extra)));
            }
            let _ = writeln!(
                out,
                "  line {}: {}\n    {}",
                m.line,
                m.text,
                what.join("; ")
            );
        }
    }
    out
}
