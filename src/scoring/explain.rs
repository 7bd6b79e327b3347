//! Findings and causes in words, in the trainee's language, for every debrief: the terminal's
//! and the game's.

use super::{Alternative, ClassSplit, Finding, FindingKind};
use crate::customer::Cause;
use crate::labels::Label;
use crate::lang::Lang;
use crate::rulebook::{BannedFinding, Feature, PrincipleId, Rulebook};
use crate::session::{Ending, Turn};

/// A reply feature's name from the rulebook.
pub fn feature_name(book: &Rulebook, f: Feature, lang: Lang) -> String {
    book.feature(f)
        .map(|r| r.name.get(lang).to_owned())
        .unwrap_or_else(|| f.key().to_owned())
}

/// A principle's name from the rulebook.
pub fn principle_name(book: &Rulebook, p: PrincipleId, lang: Lang) -> String {
    book.principle(p)
        .map(|x| x.name.get(lang).to_owned())
        .unwrap_or_else(|| p.key().to_owned())
}

/// Why anger moved.
pub fn cause_name(book: &Rulebook, c: Cause, lang: Lang) -> String {
    match (c, Label::cause(c)) {
        (Cause::Feature(f), _) => feature_name(book, f, lang),
        (_, label) => label.map_or_else(String::new, |l| l.get(lang).to_owned()),
    }
}

/// A finding as one line: what was said or shown, the principle in brackets, and for a
/// mistake the course's better way.
pub fn describe(book: &Rulebook, f: &Finding, lang: Lang) -> String {
    let principle = f
        .principle
        .map(|p| format!(" [{}]", principle_name(book, p, lang)))
        .unwrap_or_default();
    match &f.kind {
        FindingKind::Good { feature } => {
            format!("{}{principle}", feature_name(book, *feature, lang))
        }
        FindingKind::Banned {
            id,
            matched,
            severity,
        } => {
            let words = banned_words(book, id, matched, lang);
            format!(
                "{}{principle}; {}",
                Label::Banned.fill(lang, &[("w", &words), ("s", severity)]),
                Label::SayInstead.fill(lang, &[("n", &f.note.get(lang))])
            )
        }
        FindingKind::StrategyBreach { feature } => format!(
            "{}: {}",
            feature_name(book, *feature, lang),
            f.note.get(lang)
        ),
    }
}

/// The words of a banned phrase as the trainee should read them: the Chinese original's words
/// are given by their meaning in English.
fn banned_words(book: &Rulebook, id: &str, matched: &str, lang: Lang) -> String {
    match (lang, book.banned.iter().find(|b| b.id == id)) {
        (Lang::En, Some(e)) if e.lang != Lang::En => e.meaning.get(lang).to_owned(),
        _ => matched.to_owned(),
    }
}

/// Why a session cannot pass whatever its score.
pub fn blocker_line(book: &Rulebook, blocker: &BannedFinding, lang: Lang) -> String {
    let words = banned_words(book, &blocker.id, &blocker.matched, lang);
    let hostile = Label::Hostile.fill(lang, &[("w", &words)]);
    Label::CannotPass.fill(lang, &[("b", &hostile)])
}

/// Whether a finding is praise rather than a mistake.
pub fn is_good(f: &Finding) -> bool {
    matches!(f.kind, FindingKind::Good { .. })
}

/// "Outcome: …" for a conversation's ending, or "not finished" when there is none.
pub fn outcome_line(ending: Option<&Ending>, lang: Lang) -> String {
    let outcome = match ending {
        Some(e) => format!(
            "{}{}",
            Label::outcome(e.outcome).get(lang),
            if e.estimate.quick {
                Label::Quickly.get(lang)
            } else {
                ""
            }
        ),
        None => Label::NotFinished.get(lang).to_owned(),
    };
    Label::Outcome.fill(lang, &[("o", &outcome)])
}

/// What the ending means for the business: the chance the customer comes back and how many
/// people they will tell, each with the course source of the figure.
pub fn business_lines(ending: &Ending, lang: Lang) -> [String; 2] {
    let est = &ending.estimate;
    let p = format!("{:.0}", est.return_probability * 100.0);
    let word = if est.positive_word_of_mouth > 0.0 {
        let n = format!("{:.0}", est.positive_word_of_mouth);
        Label::WordGood.fill(lang, &[("n", &n)])
    } else {
        let n = format!("{:.0}", est.negative_word_of_mouth);
        Label::WordBad.fill(lang, &[("n", &n)])
    };
    [Label::ReturnChance.fill(lang, &[("p", &p)]), word]
}

/// Why the customer's anger moved after a reply: each cause that counted, with its share.
pub fn why(book: &Rulebook, turn: &Turn, lang: Lang) -> Vec<String> {
    turn.anger_terms
        .iter()
        .filter(|term| term.delta.abs() >= 0.005)
        .map(|term| format!("{} {:+.2}", cause_name(book, term.cause, lang), term.delta))
        .collect()
}

/// The change that would have gained most, or that every choice was already the best.
pub fn alternative_line(alternative: Option<&Alternative>, lang: Lang) -> String {
    match alternative {
        Some(a) => Label::Alternative.fill(
            lang,
            &[
                ("turn", &(a.turn + 1)),
                ("option", &(a.option + 1)),
                ("text", &a.text.get(lang)),
                ("score", &a.score),
                ("gain", &a.gain),
            ],
        ),
        None => Label::NoAlternative.get(lang).to_owned(),
    }
}

/// How the class split at one reply, as lines: a heading, then each option with its votes and
/// what it would have done (indented).
pub fn class_split_lines(split: &ClassSplit, lang: Lang) -> Vec<String> {
    let mut lines = vec![Label::ClassReply.fill(
        lang,
        &[("turn", &(split.turn + 1)), ("total", &split.total)],
    )];
    for o in &split.options {
        let share = (f64::from(o.votes) * 100.0 / f64::from(split.total.max(1))).round();
        let played = if o.played {
            Label::ClassPlayed.get(lang)
        } else {
            ""
        };
        lines.push(format!(
            "  {}",
            Label::ClassOption.fill(
                lang,
                &[
                    ("option", &(o.option + 1)),
                    ("votes", &o.votes),
                    ("share", &share),
                    ("played", &played),
                    ("text", &o.text.get(lang)),
                ],
            )
        ));
        let mut more = String::new();
        for w in &o.banned {
            more += &Label::ClassBanned.fill(lang, &[("w", w)]);
        }
        if let Some(end) = o.ends {
            more += &Label::ClassEnds.fill(lang, &[("o", &Label::outcome(end).get(lang))]);
        }
        lines.push(format!(
            "      {}",
            Label::ClassEffect.fill(
                lang,
                &[
                    ("anger", &format!("{:.2}", o.anger)),
                    ("mood", &Label::mood(o.mood).get(lang)),
                    ("more", &more),
                    ("score", &o.score),
                ],
            )
        ));
    }
    lines
}
