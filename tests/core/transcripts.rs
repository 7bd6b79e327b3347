//! Planned play-throughs kept as data: every `tests/transcripts/*.ron` names a scenario, the
//! replies an author planned and what they must come to (the outcome, the score, a pass, the
//! findings). One test plays them all, so an instructor keeps a scenario honest by adding a file,
//! not Rust. The authoring guides explain the format ("Keeping a scenario honest with transcript
//! files") and show it in `ron transcript` examples, which `guide.rs` checks with this module.
//! Run alone with `cargo test --no-default-features --test core transcripts`.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use counterplay::diagnostics::{Diagnostic, Severity, closest};
use counterplay::rulebook::{Feature, PrincipleId};
use counterplay::scenario::{LoadedFile, Outcome, Scenario, load_str};
use counterplay::scoring::{FindingKind, principle_cost, reply_findings, score};
use counterplay::session::{ReplyChoice, ReplyInput, Session, Transcript};
use serde::Deserialize;

use crate::{ctx, matcher, project};

/// Where the expectation files are, from the project folder.
pub const FOLDER: &str = "tests/transcripts";

/// One planned play-through and what it must come to. Every field but `scenario`, `replies` and
/// `outcome` may be left out; an unknown field is an error, so a misspelt expectation cannot be
/// silently skipped.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The scenario's id, as in its file; it is looked up in `scenarios/` unless `file` is given.
    pub scenario: String,
    /// The scenario's file from the project folder, for one kept outside `scenarios/` (a test
    /// fixture); its id must still be `scenario`.
    #[serde(default)]
    pub file: Option<String>,
    /// The customer variations to play, as `run --seed` takes them; every one must meet the
    /// expectations. One seed, 1, when left out, as `run` plays by default.
    #[serde(default = "first_seed")]
    pub seeds: Vec<u64>,
    /// What the trainee says, in order: an option number as the trainee sees it (from 1), or
    /// typed words in quotes, which the game judges and follows to the nearest option.
    pub replies: Vec<Said>,
    /// How the conversation must end, named as in a scenario's `end:`. Replies after the end are
    /// not played, as with `run`; a conversation still going after the last reply is a failure.
    pub outcome: Outcome,
    /// The score's bounds, both included; either may be left out (0 and 100).
    #[serde(default)]
    pub score: Option<Score>,
    /// Whether the play-through must pass (`true`) or fail (`false`).
    #[serde(default)]
    pub passed: Option<bool>,
    /// Findings that at least one reply must have.
    #[serde(default)]
    pub found: Vec<Finding>,
    /// Findings that no reply may have.
    #[serde(default)]
    pub not_found: Vec<Finding>,
    /// Whether `explore` over seeds 1 to 5 must name these replies its best path, and find no
    /// unreachable node and no dead end: the checklist's test of a good path, kept.
    #[serde(default)]
    pub best: bool,
}

fn first_seed() -> Vec<u64> {
    vec![1]
}

/// One reply of a plan: an option number from 1, or typed words.
#[derive(Clone, Debug)]
pub enum Said {
    /// An option, numbered as the trainee sees it.
    Option(usize),
    /// Words the trainee types.
    Text(String),
}

/// Read by hand rather than `untagged`, so a wrong value is named in the author's terms.
impl<'de> Deserialize<'de> for Said {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Said, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Said;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an option number from 1, or typed words in quotes")
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Said, E> {
                usize::try_from(n)
                    .map(Said::Option)
                    .map_err(|_| E::custom(format!("no scenario has option {n}")))
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Said, E> {
                match u64::try_from(n) {
                    Ok(n) => self.visit_u64(n),
                    Err(_) => Err(E::invalid_value(serde::de::Unexpected::Signed(n), &self)),
                }
            }
            fn visit_str<E: serde::de::Error>(self, t: &str) -> Result<Said, E> {
                Ok(Said::Text(t.to_owned()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Said::Option(n) => write!(f, "{n}"),
            Said::Text(t) => write!(f, "{t:?}"),
        }
    }
}

/// Score bounds, both included.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    /// The lowest score allowed (0 when left out).
    #[serde(default)]
    pub min: u32,
    /// The highest score allowed (100 when left out).
    #[serde(default = "full_marks")]
    pub max: u32,
}

fn full_marks() -> u32 {
    100
}

/// Something the debrief finds in a reply, as an author names it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub enum Finding {
    /// A banned phrase, by its rulebook id (what `judge` prints after `rule:`).
    Banned(String),
    /// A feature the debrief credits, e.g. `Shows(Apology)`.
    Shows(Feature),
    /// A principle some reply breaks, e.g. `Breaks(Responsibility)`: by a banned phrase or a
    /// feature, as the score counts it.
    Breaks(PrincipleId),
    /// A move that breaks the difficult customer's strategy, e.g. `Breach(ArbitraryPromise)`.
    Breach(Feature),
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Finding::Banned(id) => write!(f, "Banned({id:?})"),
            Finding::Shows(x) => write!(f, "Shows({x:?})"),
            Finding::Breaks(p) => write!(f, "Breaks({p:?})"),
            Finding::Breach(x) => write!(f, "Breach({x:?})"),
        }
    }
}

/// Parses an expectation and checks what can be checked without playing it. `path` names the
/// file in messages.
pub fn parse(path: &Path, source: &str) -> Result<Expectation, Vec<String>> {
    let e: Expectation = counterplay::ron_file::parse(path, source)
        .map_err(|d| vec![d.render().trim_end().to_owned()])?;
    let at = path.display();
    let mut problems = Vec::new();
    if e.replies.is_empty() {
        problems.push(format!(
            "{at}: `replies` is empty; list the planned replies"
        ));
    }
    if e.seeds.is_empty() {
        problems.push(format!(
            "{at}: `seeds` is empty; leave it out to play seed 1"
        ));
    }
    for (i, r) in e.replies.iter().enumerate() {
        match r {
            Said::Option(0) => problems.push(format!(
                "{at}: reply {}: options are numbered from 1, as the trainee sees them",
                i + 1
            )),
            Said::Text(t) if t.trim().is_empty() => {
                problems.push(format!("{at}: reply {}: the typed words are empty", i + 1))
            }
            _ => {}
        }
    }
    if let Some(b) = e.score
        && (b.min > b.max || b.max > 100)
    {
        problems.push(format!(
            "{at}: `score: (min: {}, max: {})` is not a range within 0 to 100",
            b.min, b.max
        ));
    }
    let book = matcher().rulebook();
    for f in e.found.iter().chain(&e.not_found) {
        if let Finding::Banned(id) = f
            && !book.banned.iter().any(|b| &b.id == id)
        {
            let hint = closest(id, book.banned.iter().map(|b| b.id.as_str()))
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            problems.push(format!(
                "{at}: `{f}` names no banned phrase in the rulebook{hint}"
            ));
        }
    }
    if e.best && e.replies.iter().any(|r| matches!(r, Said::Text(_))) {
        problems.push(format!(
            "{at}: `best: true` needs option numbers only; explore never types"
        ));
    }
    if let Some(f) = e.found.iter().find(|f| e.not_found.contains(f)) {
        problems.push(format!("{at}: `{f}` is both in `found` and `not_found`"));
    }
    if problems.is_empty() {
        Ok(e)
    } else {
        Err(problems)
    }
}

/// Plays `e` against `scenario` with every seed and returns what differs from the plan, each
/// message starting with `at` (the file).
pub fn play(at: &str, e: &Expectation, scenario: &Arc<Scenario>) -> Vec<String> {
    let mut failures = Vec::new();
    if scenario.id != e.scenario {
        failures.push(format!(
            "{at}: the file's scenario is `{}`, not `{}`",
            scenario.id, e.scenario
        ));
        return failures;
    }
    // What differs, with the seeds it differs for: one line for a difference every seed shares.
    let mut differs: Vec<(String, Vec<u64>)> = Vec::new();
    for &seed in &e.seeds {
        let mut fail = |m: String| match differs.iter_mut().find(|(x, _)| *x == m) {
            Some((_, seeds)) => seeds.push(seed),
            None => differs.push((m, vec![seed])),
        };
        let transcript = match played(scenario, seed, &e.replies) {
            Ok(t) => t,
            Err(m) => {
                fail(m);
                continue;
            }
        };
        let turns = &transcript.turns;
        let book = matcher().rulebook();
        let ending = transcript.ending.as_ref().map(|x| x.outcome);
        let last = turns.last().map_or(scenario.start.as_str(), |t| &t.next);
        match ending {
            None => fail(format!(
                "the conversation is still going after the last planned reply (reply {}, at node `{last}`); expected it to end {:?}",
                e.replies.len(),
                e.outcome
            )),
            Some(o) if o != e.outcome => {
                // Replies after the end are not played, as with `run`; say so, since a plan
                // that ends early is often why the outcome differs.
                let early = if turns.len() < e.replies.len() {
                    format!(" after reply {} of {}", turns.len(), e.replies.len())
                } else {
                    String::new()
                };
                fail(format!(
                    "ends {o:?}{early} (at node `{last}`), expected {:?}",
                    e.outcome
                ))
            }
            Some(_) => {}
        }
        let scored = score(book, scenario, &transcript);
        if let Some(b) = e.score
            && !(b.min..=b.max).contains(&scored.total)
        {
            fail(format!(
                "scores {}, expected {} to {}",
                scored.total, b.min, b.max
            ));
        }
        if let Some(want) = e.passed
            && want != scored.passed
        {
            let why = match &scored.blocker {
                Some(b) => format!("the hostile phrase {:?} fails it", b.matched),
                None => format!("score {}, pass mark {}", scored.total, scored.pass_mark),
            };
            fail(if want {
                format!("fails ({why}), expected to pass")
            } else {
                format!("passes ({why}), expected to fail")
            });
        }
        let has = |f: &Finding| replies_with(&transcript, scenario, f);
        for f in &e.found {
            if has(f).is_empty() {
                fail(format!(
                    "no reply has {f}; {}",
                    what_was_found(&transcript, scenario, f)
                ));
            }
        }
        for f in &e.not_found {
            let at = has(f);
            if !at.is_empty() {
                let list: Vec<String> = at.iter().map(|i| (i + 1).to_string()).collect();
                fail(format!(
                    "reply {} has {f}, expected none to",
                    list.join(", ")
                ));
            }
        }
    }
    for (m, seeds) in differs {
        let list: Vec<String> = seeds.iter().map(u64::to_string).collect();
        let s = if seeds.len() == 1 { "" } else { "s" };
        failures.push(format!("{at}: seed{s} {}: {m}", list.join(", ")));
    }
    if e.best {
        match counterplay::explore::explore(
            scenario,
            matcher(),
            counterplay::explore::DEFAULT_SEEDS,
        ) {
            None => failures.push(format!("{at}: explore found no path")),
            Some(found) => {
                // `parse` allows `best` with option numbers only.
                let planned: Vec<usize> = e
                    .replies
                    .iter()
                    .filter_map(|r| match r {
                        Said::Option(n) => Some(*n),
                        Said::Text(_) => None,
                    })
                    .collect();
                if planned != found.best.replies {
                    let list: Vec<String> =
                        found.best.replies.iter().map(usize::to_string).collect();
                    failures.push(format!(
                        "{at}: explore's best path is replies {} (seed {}, {:?}, score {}), not these replies",
                        list.join(","),
                        found.best.seed,
                        found.best.outcome,
                        found.best.score
                    ));
                }
                if !found.unreachable.is_empty() {
                    failures.push(format!(
                        "{at}: explore finds unreachable node(s) {}",
                        found.unreachable.join(", ")
                    ));
                }
                if !found.dead_ends.is_empty() {
                    failures.push(format!(
                        "{at}: explore gets stuck at dead end(s) {}",
                        found.dead_ends.join(", ")
                    ));
                }
            }
        }
    }
    failures
}

/// The transcript of `replies` played with `seed`, or why they cannot be played. Replies after
/// the end are not played, as `run` does.
fn played(scenario: &Arc<Scenario>, seed: u64, replies: &[Said]) -> Result<Transcript, String> {
    let mut session = Session::start(scenario.clone(), seed).map_err(|e| e.to_string())?;
    for (i, r) in replies.iter().enumerate() {
        if session.is_over() {
            break;
        }
        let input = match r {
            Said::Option(n) => {
                let options = session.options().len();
                if *n == 0 || *n > options {
                    return Err(format!(
                        "reply {}: there is no option {n} at node `{}` (it has {options})",
                        i + 1,
                        session.node().id
                    ));
                }
                ReplyInput::option(n - 1)
            }
            Said::Text(t) => ReplyInput {
                choice: ReplyChoice::Text(t.clone()),
                ..ReplyInput::option(0)
            },
        };
        session
            .reply(matcher(), input)
            .map_err(|e| format!("reply {} ({r}): {e}", i + 1))?;
    }
    Ok(session.transcript().clone())
}

/// The replies (0-based) that have finding `f`.
fn replies_with(transcript: &Transcript, scenario: &Scenario, f: &Finding) -> Vec<usize> {
    let book = matcher().rulebook();
    let turns = &transcript.turns;
    (0..turns.len())
        .filter(|&i| match f {
            Finding::Banned(id) => turns[i].banned.iter().any(|b| &b.id == id),
            Finding::Breaks(p) => book
                .principles
                .iter()
                .filter(|x| x.id == *p)
                .any(|x| principle_cost(x, &turns[i]) > 0.0),
            Finding::Shows(want) => reply_findings(book, scenario, turns, i)
                .iter()
                .any(|x| matches!(&x.kind, FindingKind::Good { feature } if feature == want)),
            Finding::Breach(want) => reply_findings(book, scenario, turns, i).iter().any(
                |x| matches!(&x.kind, FindingKind::StrategyBreach { feature } if feature == want),
            ),
        })
        .collect()
}

/// What the play-through does have of `f`'s sort, so a missing finding's message shows what to
/// look at instead.
fn what_was_found(transcript: &Transcript, scenario: &Scenario, f: &Finding) -> String {
    let book = matcher().rulebook();
    let turns = &transcript.turns;
    let mut seen: Vec<String> = Vec::new();
    for i in 0..turns.len() {
        let here: Vec<String> = match f {
            Finding::Banned(_) => turns[i].banned.iter().map(|b| b.id.clone()).collect(),
            Finding::Breaks(_) => book
                .principles
                .iter()
                .filter(|p| principle_cost(p, &turns[i]) > 0.0)
                .map(|p| format!("{:?}", p.id))
                .collect(),
            Finding::Shows(_) | Finding::Breach(_) => reply_findings(book, scenario, turns, i)
                .into_iter()
                .filter_map(|x| match (&x.kind, f) {
                    (FindingKind::Good { feature }, Finding::Shows(_))
                    | (FindingKind::StrategyBreach { feature }, Finding::Breach(_)) => {
                        Some(format!("{feature:?}"))
                    }
                    _ => None,
                })
                .collect(),
        };
        if !here.is_empty() {
            seen.push(format!("reply {}: {}", i + 1, here.join(", ")));
        }
    }
    let sort = match f {
        Finding::Banned(_) => "banned phrases",
        Finding::Breaks(_) => "principles broken",
        Finding::Shows(_) => "features credited",
        Finding::Breach(_) => "strategy breaches",
    };
    if seen.is_empty() {
        format!("there are no {sort}")
    } else {
        format!("{sort}: {}", seen.join("; "))
    }
}

/// The scenarios expectations may name: `scenarios/` by id, and other files by path, each
/// loaded once and required to check clean.
#[derive(Default)]
struct Scenarios {
    shipped: Option<Vec<LoadedFile>>,
    files: HashMap<String, Result<Arc<Scenario>, String>>,
}

/// Loads the scenario file at `rel` (from the project folder), named `rel` in messages.
fn load(rel: &str) -> LoadedFile {
    match std::fs::read(project(rel)) {
        Ok(bytes) => match counterplay::ron_file::text_of(Path::new(rel), bytes) {
            Ok(source) => load_str(Path::new(rel), &source, ctx()),
            Err(d) => LoadedFile {
                path: rel.into(),
                scenario: None,
                diagnostics: vec![d],
            },
        },
        Err(e) => LoadedFile {
            path: rel.into(),
            scenario: None,
            diagnostics: vec![Diagnostic::whole_file(
                Path::new(rel),
                Severity::Error,
                format!("cannot read file: {e}"),
            )],
        },
    }
}

/// The scenario of a loaded file that checks clean, or its diagnostics.
fn clean(file: &LoadedFile) -> Result<Arc<Scenario>, String> {
    match &file.scenario {
        Some(s) if file.diagnostics.is_empty() => Ok(Arc::new(s.clone())),
        _ => {
            let text: Vec<String> = file
                .diagnostics
                .iter()
                .map(|d| d.render().trim_end().to_owned())
                .collect();
            Err(format!(
                "`{}` does not check clean:\n{}",
                file.path.display(),
                text.join("\n")
            ))
        }
    }
}

impl Scenarios {
    /// The scenario `e` names, or why it cannot be played.
    fn get(&mut self, e: &Expectation) -> Result<Arc<Scenario>, String> {
        if let Some(file) = &e.file {
            return self
                .files
                .entry(file.clone())
                .or_insert_with(|| clean(&load(file)))
                .clone();
        }
        let shipped = self
            .shipped
            .get_or_insert_with(|| files_in("scenarios").iter().map(|rel| load(rel)).collect());
        let named = |f: &&LoadedFile| f.scenario.as_ref().is_some_and(|s| s.id == e.scenario);
        match shipped.iter().find(named) {
            Some(f) => clean(f),
            None => {
                let ids = shipped
                    .iter()
                    .filter_map(|f| f.scenario.as_ref())
                    .map(|s| s.id.as_str());
                let hint = closest(&e.scenario, ids)
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                Err(format!(
                    "no scenario `{}` in scenarios/ (give `file` for one elsewhere){hint}",
                    e.scenario
                ))
            }
        }
    }
}

/// The `.ron` files in a folder of the project, sorted, as paths from the project folder.
fn files_in(folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(project(folder))
        .unwrap_or_else(|e| panic!("cannot read {folder}: {e}"))
        .map(|entry| entry.expect("a folder entry").file_name())
        .filter_map(|n| n.to_str().map(str::to_owned))
        .filter(|n| n.ends_with(".ron"))
        .collect();
    names.sort();
    names.into_iter().map(|n| format!("{folder}/{n}")).collect()
}

#[test]
fn every_transcript_file_plays_as_planned() {
    let mut scenarios = Scenarios::default();
    let mut failures: Vec<String> = Vec::new();
    let files = files_in(FOLDER);
    for rel in &files {
        let bytes = std::fs::read(project(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let parsed = counterplay::ron_file::text_of(Path::new(rel), bytes)
            .map_err(|d| vec![d.render().trim_end().to_owned()])
            .and_then(|source| parse(Path::new(rel), &source));
        let e = match parsed {
            Ok(e) => e,
            Err(problems) => {
                failures.extend(problems);
                continue;
            }
        };
        match scenarios.get(&e) {
            Ok(s) => failures.extend(play(rel, &e, &s)),
            Err(m) => failures.push(format!("{rel}: {m}")),
        }
    }
    // An empty or emptied folder cannot pass: the guide-only scenarios' planned paths alone
    // are 15.
    assert!(files.len() >= 15, "only {} files in {FOLDER}", files.len());
    assert!(
        failures.is_empty(),
        "{} of {} transcript files do not play as planned:\n\n{}",
        failures
            .iter()
            .map(|f| f.split(':').next().unwrap_or_default())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        files.len(),
        failures.join("\n\n")
    );
}
