//! `counterplay run`: play a scenario headless with given option numbers; print the transcript
//! and the debrief, or JSON.

use std::process::ExitCode;
use std::sync::Arc;

use serde::Serialize;

use crate::labels::Label;
use crate::lang::Lang;
use crate::rulebook::{Feature, Matcher, Rulebook};
use crate::scenario::{Grade, Mood, Scenario};
use crate::scoring::{
    ClassSplit, Debrief, Finding, advice_lines, blocker_line, business_lines, class_split_lines,
    describe, heard_lines, is_good, lesson_lines, note_line, outcome_line, principle_name, why,
};
use crate::session::{ReplyChoice, ReplyInput, Session, Tally, Transcript};

#[derive(Serialize)]
struct RunJson<'a> {
    scenario: &'a str,
    seed: u64,
    outcome: &'static str,
    ended: bool,
    score: u32,
    passed: bool,
    pass_mark: u8,
    blocker: Option<&'a str>,
    /// The first move against the difficult customer's strategy, which keeps it from passing.
    breach: Option<BreachJson>,
    return_probability: f64,
    word_of_mouth: WordOfMouth,
    principles: Vec<(&'static str, u32)>,
    strategy: Option<u32>,
    judgement: u32,
    turns: Vec<TurnJson<'a>>,
    best_alternative: Option<AlternativeJson>,
    /// Whether every reply was the best-graded option there was, in a conversation that ended.
    all_best: bool,
    /// The replies where a better-graded option was not taken, and that option.
    better_not_taken: Vec<MissedJson>,
    /// What the course says about the conversation.
    lessons: LessonsJson,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    class: Vec<ClassJson>,
}

/// The course's lessons in the chosen language, replies numbered from 1.
#[derive(Serialize)]
struct LessonsJson {
    five: Vec<BitJson>,
    justice: Option<crate::scoring::Justice>,
    motives: Vec<MotiveJson>,
    figures: Vec<String>,
    paradox: String,
}

#[derive(Serialize)]
struct BitJson {
    bit: crate::rulebook::BitMoreId,
    name: String,
    reply: Option<usize>,
    needed: bool,
}

#[derive(Serialize)]
struct MotiveJson {
    motive: String,
    weight: f64,
    met: bool,
}

fn lessons_json(l: &crate::scoring::Lessons, lang: Lang) -> LessonsJson {
    LessonsJson {
        five: l
            .five
            .iter()
            .map(|b| BitJson {
                bit: b.bit,
                name: b.name.get(lang).to_owned(),
                reply: b.turn.map(|t| t + 1),
                needed: b.needed,
            })
            .collect(),
        justice: l.justice.map(|j| crate::scoring::Justice {
            interactional: r3(j.interactional),
            procedural: r3(j.procedural),
            outcome: r3(j.outcome),
        }),
        motives: l
            .motives
            .iter()
            .map(|m| MotiveJson {
                motive: m.motive.get(lang).to_owned(),
                weight: r3(m.weight),
                met: m.met,
            })
            .collect(),
        figures: l.figures.iter().map(|f| f.get(lang).to_owned()).collect(),
        paradox: l.paradox.get(lang).to_owned(),
    }
}

/// One option of a reply the class voted on, numbered from 1 like the rest of the output.
#[derive(Serialize)]
struct ClassJson {
    turn: usize,
    option: usize,
    reply: String,
    votes: u32,
    played: bool,
    anger: f64,
    mood: &'static str,
    banned: Vec<String>,
    ends: Option<&'static str>,
    score: u32,
}

/// A reply that went against the strategy, numbered from 1.
#[derive(Serialize)]
struct BreachJson {
    turn: usize,
    feature: &'static str,
    why: String,
}

#[derive(Serialize)]
struct WordOfMouth {
    positive: f64,
    negative: f64,
}

#[derive(Serialize)]
struct TurnJson<'a> {
    node: &'a str,
    customer: &'a str,
    /// The option followed, from 1; null when the customer answered typed words in place.
    option: Option<usize>,
    reply: &'a str,
    features: Vec<(&'static str, f64)>,
    findings: Vec<Finding>,
    anger: f64,
    trust: f64,
    patience: f64,
    mood: &'static str,
    /// The author's note on why the option chosen is graded as it is.
    why: Option<&'a str>,
    /// Typed words, as typed.
    #[serde(skip_serializing_if = "Option::is_none")]
    typed: Option<&'a str>,
    /// Where each feature was found (byte spans of the typed words, or of the option's).
    hits: &'a [crate::rulebook::FeatureHit],
    /// Compensation offered, as a share of what would be fair.
    offer: Option<f64>,
    /// A time promised or a follow-up committed to, as said.
    #[serde(skip_serializing_if = "Option::is_none")]
    promise: Option<PromiseJson<'a>>,
    /// For typed words: the main act heard, which the customer answered when no option was
    /// followed, and the nearest option (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    act: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nearest: Option<usize>,
    /// What the customer said back.
    reaction: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    misread: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    votes: Option<&'a [u32]>,
}

/// A promise heard in a reply: an arbitrary time, or a logged follow-up.
#[derive(Serialize)]
struct PromiseJson<'a> {
    kind: &'static str,
    matched: &'a str,
    span: std::ops::Range<usize>,
}

#[derive(Serialize)]
struct AlternativeJson {
    turn: usize,
    option: usize,
    reply: String,
    grade: Option<&'static str>,
    why: Option<String>,
    score: u32,
    gain: u32,
}

#[derive(Serialize)]
struct MissedJson {
    turn: usize,
    option: usize,
    reply: String,
    grade: Option<&'static str>,
    why: Option<String>,
}

/// The replies `--replies` and `--say` give, in order: each `say` takes the next typed words,
/// and typed words left over come after the numbers. Options become 0-based.
pub(super) fn choices(slots: &[super::Slot], say: Vec<String>) -> Vec<ReplyChoice> {
    let mut say = say.into_iter();
    let mut out: Vec<ReplyChoice> = slots
        .iter()
        .filter_map(|s| match s {
            super::Slot::Option(n) => Some(ReplyChoice::Option(n - 1)),
            super::Slot::Typed => say.next().map(ReplyChoice::Text),
        })
        .collect();
    out.extend(say.map(ReplyChoice::Text));
    out
}

/// Plays `replies` and `votes` (a class's tallies, reply by reply) from the start; stops at
/// the end or when both run out. A voted reply plays the class's choice (a reply given at the
/// same place must be that choice). Returns the session and how many replies were not used.
fn play_replies(
    scenario: &Arc<Scenario>,
    matcher: &Matcher,
    seed: u64,
    replies: &[ReplyChoice],
    votes: &[Tally],
) -> Result<(Session, usize), String> {
    let mut session = Session::start(scenario.clone(), seed).map_err(|e| e.to_string())?;
    let count = replies.len().max(votes.len());
    for k in 0..count {
        if session.is_over() {
            return Ok((session, count - k));
        }
        let input = match (votes.get(k), replies.get(k)) {
            (tally, Some(choice)) => ReplyInput {
                choice: choice.clone(),
                seconds: None,
                votes: tally.cloned(),
            },
            (Some(tally), None) => ReplyInput::voted(tally.clone()),
            (None, None) => unreachable!("k is below the longer list"),
        };
        session
            .reply(matcher, input)
            .map_err(|e| format!("reply {}: {e}", k + 1))?;
    }
    Ok((session, 0))
}

/// Rounds for stable, readable output.
fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// How `run` reports, and whose history keeps the result.
pub(super) struct Output {
    /// JSON instead of the debrief's text.
    pub json: bool,
    /// The language of either.
    pub lang: Lang,
    /// The trainee the result is kept for (`--save`).
    pub keeper: Option<crate::results::Player>,
}

/// Plays `replies` (option numbers as the trainee sees them, from 1) and prints the debrief.
pub(super) fn run(
    matcher: &Matcher,
    scenario: Arc<Scenario>,
    seed: u64,
    replies: &[ReplyChoice],
    votes: &[Tally],
    output: Output,
) -> ExitCode {
    let Output { json, lang, keeper } = output;
    let (session, unused) = match play_replies(&scenario, matcher, seed, replies, votes) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if unused > 0 {
        eprintln!("note: the conversation ended; the last {unused} replies were not used");
    }
    let transcript = session.transcript();
    if let Some(player) = keeper {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        match player.keep(matcher, &scenario, transcript.clone(), now, 0) {
            Ok(r) => eprintln!(
                "kept in {}'s history ({})",
                crate::diagnostics::visible(&r.trainee),
                crate::results::xapi::result_id(&r)
            ),
            Err(e) => {
                eprintln!("error: the result was not kept: {e}");
                return ExitCode::from(1);
            }
        }
    }
    let verdict = Debrief::of(matcher, &scenario, transcript);
    if !json {
        let text = debrief_text(matcher.rulebook(), &scenario, transcript, &verdict, lang);
        print!("{text}");
        return ExitCode::SUCCESS;
    }
    let Debrief {
        score: s,
        findings,
        notes,
        alternative,
        all_best,
        missed,
        lessons,
        heard: _,
        class,
    } = verdict;
    let note =
        |t: Option<&crate::lang::Text>| t.map(|t| t.get(lang).to_owned()).filter(|w| !w.is_empty());
    let estimate = transcript
        .ending
        .as_ref()
        .map(|e| e.estimate)
        .unwrap_or_else(|| session.customer().estimate());
    let out = RunJson {
        scenario: &scenario.id,
        seed,
        outcome: estimate.outcome.key(),
        ended: transcript.ending.is_some(),
        score: s.total,
        passed: s.passed,
        pass_mark: s.pass_mark,
        blocker: s.blocker.as_ref().map(|b| b.id.as_str()),
        breach: s.breach.as_ref().map(|b| BreachJson {
            turn: b.turn + 1,
            feature: b.feature.key(),
            why: b.why.get(lang).to_owned(),
        }),
        return_probability: r3(estimate.return_probability),
        word_of_mouth: WordOfMouth {
            positive: r3(estimate.positive_word_of_mouth),
            negative: r3(estimate.negative_word_of_mouth),
        },
        principles: s.principles.iter().map(|(p, v)| (p.key(), *v)).collect(),
        strategy: s.strategy,
        judgement: s.judgement,
        turns: turns_json(transcript, findings, &notes, lang),
        best_alternative: alternative.map(|a| AlternativeJson {
            turn: a.turn + 1,
            option: a.option + 1,
            reply: a.text.get(lang).to_owned(),
            grade: a.grade.map(grade_key),
            why: note(a.why.as_ref()),
            score: a.score,
            gain: a.gain,
        }),
        all_best,
        better_not_taken: missed
            .iter()
            .map(|m| MissedJson {
                turn: m.turn + 1,
                option: m.option + 1,
                reply: m.text.get(lang).to_owned(),
                grade: m.grade.map(grade_key),
                why: note(m.why.as_ref()),
            })
            .collect(),
        lessons: lessons_json(&lessons, lang),
        class: class_json(&class, lang),
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&out).expect("run output serialises")
    );
    ExitCode::SUCCESS
}

/// Each reply of the JSON: what was said and heard, its findings, the mood after it, the
/// author's note.
fn turns_json<'a>(
    transcript: &'a Transcript,
    findings: Vec<Vec<Finding>>,
    notes: &'a [Option<crate::lang::Text>],
    lang: Lang,
) -> Vec<TurnJson<'a>> {
    transcript
        .turns
        .iter()
        .zip(findings)
        .zip(notes)
        .map(|((t, findings), why)| TurnJson {
            node: &t.node,
            customer: t.customer.get(lang),
            option: t.option.map(|o| o + 1),
            reply: t.said.get(lang),
            features: t.features.iter().map(|(f, w)| (f.key(), r3(w))).collect(),
            findings,
            anger: r3(t.anger),
            trust: r3(t.trust),
            patience: r3(t.patience),
            mood: t.mood.key(),
            why: why.as_ref().map(|w| w.get(lang)).filter(|w| !w.is_empty()),
            votes: t.votes.as_deref(),
            typed: match &t.choice {
                ReplyChoice::Text(text) => Some(text),
                ReplyChoice::Option(_) => None,
            },
            hits: &t.hits,
            offer: t.offer.map(r3),
            promise: t
                .hits
                .iter()
                .find(|h| matches!(h.feature, Feature::ArbitraryPromise | Feature::Commitment))
                .map(|h| PromiseJson {
                    kind: h.feature.key(),
                    matched: &h.matched,
                    span: h.span.clone(),
                }),
            act: t.understood.as_ref().map(|u| u.act.key()),
            nearest: t.understood.as_ref().and_then(|u| u.nearest).map(|o| o + 1),
            reaction: t.reaction.get(lang),
            misread: t.misread,
        })
        .collect()
}

/// Every option of every voted reply, numbered from 1.
fn class_json(class: &[ClassSplit], lang: Lang) -> Vec<ClassJson> {
    class
        .iter()
        .flat_map(|split| {
            split.options.iter().map(move |o| ClassJson {
                turn: split.turn + 1,
                option: o.option + 1,
                reply: o.text.get(lang).to_owned(),
                votes: o.votes,
                played: o.played,
                anger: r3(o.anger),
                mood: o.mood.key(),
                banned: o.banned.clone(),
                ends: o.ends.map(|e| e.key()),
                score: o.score,
            })
        })
        .collect()
}

/// An author's grade as JSON names it.
fn grade_key(g: Grade) -> &'static str {
    match g {
        Grade::Good => "good",
        Grade::Mediocre => "mediocre",
        Grade::Bad => "bad",
    }
}

/// Mood as words and a bar, for terminals.
pub(super) fn mood_bar(anger: f64, lang: Lang) -> String {
    let words = Label::mood(Mood::of_anger(anger)).get(lang);
    let filled = (anger * 20.0).round() as usize;
    format!(
        "[{}{}] {words}",
        "#".repeat(filled),
        "-".repeat(20 - filled)
    )
}

/// The transcript and its debrief as text, as `run` and `play` print it: findings, the author's
/// note, mood and its causes per reply, the outcome, the score and the advice on the choices.
pub fn debrief_text(
    book: &Rulebook,
    scenario: &Scenario,
    transcript: &Transcript,
    said: &Debrief,
    lang: Lang,
) -> String {
    use std::fmt::Write as _;
    let Debrief {
        score: s,
        findings,
        notes,
        class,
        heard,
        ..
    } = said;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} · {} ({})\n",
        scenario.id,
        scenario.title.get(lang),
        Label::Seed.fill(lang, &[("n", &transcript.seed)])
    );
    let name = scenario.customer.name.get(lang);
    for (i, ((t, findings), note)) in transcript.turns.iter().zip(findings).zip(notes).enumerate() {
        let _ = writeln!(out, "{name}: {}", t.customer.get(lang));
        let taken = t
            .option
            .map_or_else(|| "·".to_owned(), |o| (o + 1).to_string());
        let _ = writeln!(out, "  [{taken}] {}", t.said.get(lang));
        for h in heard.iter().filter(|h| h.turn == i) {
            for line in heard_lines(book, h, lang) {
                let _ = writeln!(out, "      » {line}");
            }
        }
        for f in findings {
            let sign = if is_good(f) { '+' } else { '-' };
            let _ = writeln!(out, "      {sign} {}", describe(book, f, lang));
        }
        if let Some(line) = note_line(note.as_ref(), lang) {
            let _ = writeln!(out, "      {line}");
        }
        let _ = writeln!(
            out,
            "      {} {:.2} {}  {} {:.2}  {} {:.2}",
            Label::Anger.get(lang),
            t.anger,
            mood_bar(t.anger, lang),
            Label::Trust.get(lang),
            t.trust,
            Label::Patience.get(lang),
            t.patience
        );
        let terms = why(book, t, lang);
        if !terms.is_empty() {
            let _ = writeln!(out, "      {}: {}", Label::Why.get(lang), terms.join(", "));
        }
    }
    if let Some(last) = transcript.turns.last()
        && !last.reaction.get(lang).is_empty()
    {
        let _ = writeln!(out, "{name}: {}", last.reaction.get(lang));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", outcome_line(transcript.ending.as_ref(), lang));
    if let Some(e) = &transcript.ending {
        for line in business_lines(e, lang) {
            let _ = writeln!(out, "{line}");
        }
    }
    let verdict = if s.passed {
        Label::Passed
    } else {
        Label::NotPassed
    };
    let _ = write!(
        out,
        "{}",
        Label::ScoreLine.fill(
            lang,
            &[
                ("n", &s.total),
                ("verdict", &verdict.get(lang)),
                ("mark", &Label::PassMark.fill(lang, &[("n", &s.pass_mark)])),
            ]
        )
    );
    match blocker_line(book, s, lang) {
        Some(why) => {
            let _ = writeln!(out, "; {why}");
        }
        None => {
            let _ = writeln!(out);
        }
    }
    let principles: Vec<String> = s
        .principles
        .iter()
        .map(|(p, v)| format!("{} {v}", principle_name(book, *p, lang)))
        .collect();
    let _ = writeln!(
        out,
        "{}: {}",
        Label::Principles.get(lang),
        principles.join("  ")
    );
    if let Some(st) = s.strategy {
        let _ = writeln!(out, "{}: {st}", Label::Strategy.get(lang));
    }
    let _ = writeln!(out, "{}: {}", Label::OutcomePoints.get(lang), s.outcome);
    let _ = writeln!(out, "{}: {}", Label::Judgement.get(lang), s.judgement);
    for (depth, line) in advice_lines(said, lang) {
        let _ = writeln!(out, "{}{line}", "  ".repeat(depth));
    }
    let _ = writeln!(out, "\n{}:", Label::CourseSays.get(lang));
    for line in lesson_lines(&said.lessons, lang) {
        let _ = writeln!(out, "  {line}");
    }
    if !class.is_empty() {
        let _ = writeln!(out, "\n{}:", Label::ClassVoted.get(lang));
        for split in class {
            for line in class_split_lines(split, lang) {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    out
}
