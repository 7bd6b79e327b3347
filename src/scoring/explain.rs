//! Findings and causes in words, in the trainee's language, for every debrief: the terminal's
//! and the game's.

use super::{Finding, FindingKind};
use crate::customer::Cause;
use crate::labels::Label;
use crate::lang::Lang;
use crate::rulebook::{Feature, PrincipleId, Rulebook};

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
        (_, Some(label)) => label.get(lang).to_owned(),
        (Cause::Feature(f), None) => feature_name(book, f, lang),
        (other, None) => format!("{other:?}"),
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
            // The words matched are the Chinese original's; in English, say what they mean.
            let entry = book.banned.iter().find(|b| &b.id == id);
            let words = match (lang, entry) {
                (Lang::En, Some(e)) if e.lang != Lang::En => e.meaning.get(lang).to_owned(),
                _ => matched.clone(),
            };
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

/// Whether a finding is praise rather than a mistake.
pub fn is_good(f: &Finding) -> bool {
    matches!(f.kind, FindingKind::Good { .. })
}
