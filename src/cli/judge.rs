//! `counterplay judge`: what the rulebook finds in one reply; exits 1 on a banned phrase, like a
//! linter.

use std::process::ExitCode;

use serde::Serialize;

use crate::lang::Lang;
use crate::rulebook::{Judgement, Matcher};

#[derive(Serialize)]
struct Output<'a> {
    text: &'a str,
    clean: bool,
    #[serde(flatten)]
    judgement: &'a Judgement,
}

pub(super) fn run(matcher: &Matcher, text: &str, lang: Option<Lang>, json: bool) -> ExitCode {
    let judgement = matcher.judge(text, lang);
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
