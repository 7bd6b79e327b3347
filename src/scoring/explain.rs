//! Findings and causes in words, in the trainee's language, for every debrief: the terminal's
//! and the game's.

use super::{
    ClassSplit, Debrief, Finding, FindingKind, Heard, JUDGEMENT_MARK, Lessons, SessionScore,
};
use crate::customer::Cause;
use crate::labels::Label;
use crate::lang::{Lang, Text};
use crate::rulebook::{Feature, PrincipleId, Rulebook};
use crate::session::{Ending, Turn};

/// A reply feature's name from the rulebook, else from the interface's own words (banned
/// phrases have no feature entry there), never the feature's code name.
pub fn feature_name(book: &Rulebook, f: Feature, lang: Lang) -> String {
    book.feature(f)
        .map(|r| r.name.get(lang).to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| Label::feature(f).get(lang).to_owned())
}

/// A principle's name from the rulebook, else from the interface's own words.
pub fn principle_name(book: &Rulebook, p: PrincipleId, lang: Lang) -> String {
    book.principle(p)
        .map(|x| x.name.get(lang).to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| Label::principle(p).get(lang).to_owned())
}

/// What moved anger by `delta`, in the trainee's words.
pub fn cause_name(book: &Rulebook, c: Cause, delta: f64, lang: Lang) -> String {
    match c {
        Cause::Feature(f) => feature_name(book, f, lang),
        _ => Label::cause(c, delta).get(lang).to_owned(),
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
            "{}{principle}: {}",
            feature_name(book, *feature, lang),
            f.note.get(lang)
        ),
        FindingKind::TooSoon { feature } => format!(
            "{}{principle}: {}",
            Label::TooSoon.fill(lang, &[("f", &feature_name(book, *feature, lang))]),
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
/// Why a session cannot pass whatever its total, if it cannot: a hostile phrase, else a move
/// against the difficult customer's strategy.
pub fn blocker_line(book: &Rulebook, score: &SessionScore, lang: Lang) -> Option<String> {
    let why = match (&score.blocker, &score.breach) {
        (Some(b), _) => {
            let words = banned_words(book, &b.id, &b.matched, lang);
            Label::Hostile.fill(lang, &[("w", &words)])
        }
        (None, Some(breach)) => Label::AgainstStrategy.fill(
            lang,
            &[
                ("n", &(breach.turn + 1)),
                ("move", &feature_name(book, breach.feature, lang)),
                ("why", &breach.why.get(lang)),
            ],
        ),
        (None, None) if score.judgement < JUDGEMENT_MARK => {
            Label::TooFewBest.fill(lang, &[("p", &score.judgement), ("m", &JUDGEMENT_MARK)])
        }
        (None, None) => return None,
    };
    Some(Label::CannotPass.fill(lang, &[("b", &why)]))
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

/// How a typed reply was heard, as lines: the words recognised in 【】 with what they are,
/// the act heard, whether an option was followed, the nearest option with its grade. The
/// terminal prints them; the game draws the same with the words marked in colour.
pub fn heard_lines(book: &Rulebook, heard: &Heard, lang: Lang) -> Vec<String> {
    let recognised: Vec<String> = heard
        .pieces
        .iter()
        .filter(|p| p.banned || !p.marks.is_empty())
        .map(|p| {
            let mut what: Vec<String> = p
                .marks
                .iter()
                .filter_map(|k| Feature::ALL.into_iter().find(|f| f.key() == *k))
                .map(|f| feature_name(book, f, lang))
                .collect();
            if p.banned {
                what.push(Label::feature(Feature::Banned).get(lang).to_owned());
            }
            format!("【{}】{}", p.text.trim(), what.join("·"))
        })
        .collect();
    let words = if recognised.is_empty() {
        Label::HeardNothing.get(lang).to_owned()
    } else {
        recognised.join(" ")
    };
    let mut out = vec![
        Label::HeardWords.fill(lang, &[("w", &words)]),
        format!(
            "{} · {}",
            Label::HeardAct.fill(lang, &[("act", &Label::act(heard.act).get(lang))]),
            match heard.followed {
                Some(o) => Label::FollowedOption.fill(lang, &[("n", &(o + 1))]),
                None => Label::StayedInPlace.get(lang).to_owned(),
            }
        ),
    ];
    if let Some((o, text, grade)) = &heard.nearest {
        let grade = grade.map_or("—", |g| Label::grade(g).get(lang));
        out.push(Label::NearestOption.fill(
            lang,
            &[
                ("n", &(o + 1)),
                ("grade", &grade),
                ("text", &text.get(lang)),
            ],
        ));
    }
    if heard.misread {
        out.push(Label::MarkedMisread.get(lang).to_owned());
    }
    out
}

/// The course's lessons as lines: the five "a bit more" (one line), the three kinds of
/// justice, the customer's motives, the course's figures and the discussion point. The
/// terminal prints them and the game's debrief draws them.
pub fn lesson_lines(lessons: &Lessons, lang: Lang) -> Vec<String> {
    let five: Vec<String> = lessons
        .five
        .iter()
        .map(|b| {
            let state = match (b.turn, b.needed) {
                (Some(t), _) => Label::BitDone.fill(lang, &[("n", &(t + 1))]),
                (None, true) => Label::BitMissed.get(lang).to_owned(),
                (None, false) => Label::BitNotNeeded.get(lang).to_owned(),
            };
            format!("{} {state}", b.name.get(lang))
        })
        .collect();
    let mut lines = vec![format!(
        "{}: {}",
        Label::FiveMore.get(lang),
        five.join(" · ")
    )];
    if let Some(j) = lessons.justice {
        let pc = |x: f64| format!("{:.0}", 100.0 * x);
        lines.push(Label::ThreeJustices.fill(
            lang,
            &[
                ("i", &pc(j.interactional)),
                ("p", &pc(j.procedural)),
                ("o", &pc(j.outcome)),
            ],
        ));
    }
    let motives: Vec<String> = lessons
        .motives
        .iter()
        .filter(|m| m.weight > 0.0)
        .map(|m| {
            let got = if m.met {
                Label::MotiveMet
            } else {
                Label::MotiveUnmet
            };
            format!(
                "{} {:.0}% ({})",
                m.motive.get(lang),
                100.0 * m.weight,
                got.get(lang)
            )
        })
        .collect();
    lines.push(format!(
        "{}: {}",
        Label::CustomerWanted.get(lang),
        motives.join(" · ")
    ));
    lines.extend(lessons.figures.iter().map(|f| f.get(lang).to_owned()));
    lines.push(lessons.paradox.get(lang).to_owned());
    lines
}

/// Why the customer's anger moved after a reply: each cause that counted, with its share.
pub fn why(book: &Rulebook, turn: &Turn, lang: Lang) -> Vec<String> {
    turn.anger_terms
        .iter()
        .filter(|term| term.delta.abs() >= 0.005)
        .map(|term| {
            let name = cause_name(book, term.cause, term.delta, lang);
            format!("{name} {:+.2}", term.delta)
        })
        .collect()
}

/// The author's note on a reply ("Why: …"), if it has one in `lang`.
pub fn note_line(note: Option<&Text>, lang: Lang) -> Option<String> {
    let w = note?.get(lang);
    (!w.trim().is_empty()).then(|| Label::AuthorWhy.fill(lang, &[("w", &w)]))
}

/// What the debrief advises about the choices made, as lines with their depth (0 the advice, 1
/// and 2 what backs it up): the change that would have gained most with the author's note on
/// it; else that every choice was the best-graded one, when that is so; else that no single
/// change gains points, naming the better-graded options not taken.
pub fn advice_lines(debrief: &Debrief, lang: Lang) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    if let Some(a) = &debrief.alternative {
        out.push((
            0,
            Label::Alternative.fill(
                lang,
                &[
                    ("turn", &(a.turn + 1)),
                    ("option", &(a.option + 1)),
                    ("text", &a.text.get(lang)),
                    ("score", &a.score),
                    ("gain", &a.gain),
                ],
            ),
        ));
        out.extend(note_line(a.why.as_ref(), lang).map(|w| (1, w)));
        return out;
    }
    if debrief.all_best {
        out.push((0, Label::NoAlternative.get(lang).to_owned()));
        return out;
    }
    if debrief.findings.is_empty() {
        out.push((0, Label::NothingToCompare.get(lang).to_owned()));
        return out;
    }
    out.push((0, Label::NoSingleGain.get(lang).to_owned()));
    if !debrief.missed.is_empty() {
        out.push((0, Label::BetterNotTaken.get(lang).to_owned()));
    }
    for m in &debrief.missed {
        out.push((
            1,
            Label::MissedOption.fill(
                lang,
                &[
                    ("turn", &(m.turn + 1)),
                    ("option", &(m.option + 1)),
                    ("text", &m.text.get(lang)),
                ],
            ),
        ));
        out.extend(note_line(m.why.as_ref(), lang).map(|w| (2, w)));
    }
    out
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
