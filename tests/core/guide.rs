//! The scenario authoring guides (`docs/authoring.md` and `docs/authoring.zh.md`) teach with
//! examples; this checks that every one of them is what the guide says it is.
//!
//! A RON example's fence names what it holds:
//!
//! - `ron scenario`: a whole file. It must load with no diagnostics at all, unless `check`
//!   output is quoted right after it, which must then be exactly what `check` prints.
//! - `ron failure`, `ron customer`, `ron reply`, … (a type of the format, see [`FRAGMENTS`]):
//!   one value of that type, or a list of them, parsed the way the loader parses files.
//! - `ron broken` (a whole file) or `ron broken reply` (a fragment): a deliberate mistake. It
//!   must fail, and the `check` output quoted after it must list exactly what it produces.
//! - `ron transcript`: a transcript expectation file (see `transcripts.rs`). It must parse, and
//!   play as it says against the guide's latest scenario example with its id before it.
//!
//! Quoted `check` output belongs to an example when only blank lines separate the two fences.
//! When `check` output follows a fragment, the fragment is checked in place: it is put into the
//! guide's largest scenario example (replacing the customer, the failure, the node with its id
//! or the reply with its text) and the whole is loaded. Messages are compared, not positions,
//! since the guide quotes positions in the reader's full file. Other fences must be `text` or
//! `sh`, so no RON escapes the test by an unnamed fence.

use std::path::Path;
use std::sync::Arc;

use counterplay::diagnostics::Diagnostic;
use counterplay::lang::{Lang, Text};
use counterplay::ron_file;
use counterplay::scenario::{
    Branch, Condition, Customer, Failure, Grade, Line, Mood, Motives, Node, Outcome, Reply,
    Scenario, Setting, Trait, Tuning, load_str,
};
use serde::de::DeserializeOwned;

use crate::{ctx, project, transcripts};

/// The guides, English first.
const GUIDES: [&str; 2] = ["docs/authoring.md", "docs/authoring.zh.md"];

/// The parts of the format an example may show on its own, named as in the model.
const FRAGMENTS: [&str; 15] = [
    "failure",
    "customer",
    "motives",
    "tuning",
    "node",
    "line",
    "reply",
    "branch",
    "condition",
    "outcome",
    "setting",
    "trait",
    "mood",
    "grade",
    "text",
];

/// One fenced block of a guide.
struct Block {
    /// The words after the opening backticks.
    info: Vec<String>,
    /// The lines between the fences.
    body: String,
    /// The line of the opening fence, for messages.
    line: usize,
    /// Whether only blank lines separate it from the block before, so it belongs to that one.
    attached: bool,
}

/// What a RON example is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// A whole scenario file.
    Scenario,
    /// A part of the format.
    Fragment(&'static str),
    /// A mistake: a whole file, or a fragment of the named type.
    Broken(Option<&'static str>),
    /// A transcript expectation file.
    Transcript,
}

fn blocks(guide: &str, md: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = md.lines().enumerate();
    // Whether anything but blank lines came since the last block closed.
    let mut prose = true;
    while let Some((i, line)) = lines.next() {
        let trimmed = line.trim_start();
        let Some(info) = trimmed.strip_prefix("```") else {
            prose |= !trimmed.is_empty();
            continue;
        };
        let indent = line.len() - trimmed.len();
        let mut body = String::new();
        let mut closed = false;
        for (_, inner) in lines.by_ref() {
            if inner.trim() == "```" {
                closed = true;
                break;
            }
            body.push_str(inner.get(indent..).unwrap_or(inner.trim_start()));
            body.push('\n');
        }
        assert!(closed, "{guide}:{}: the fence is never closed", i + 1);
        out.push(Block {
            info: info.split_whitespace().map(str::to_owned).collect(),
            body,
            line: i + 1,
            attached: !prose,
        });
        prose = false;
    }
    out
}

fn fragment_name(word: &str) -> Option<&'static str> {
    FRAGMENTS.iter().copied().find(|f| *f == word)
}

/// The kind of a RON block, or why its fence is wrong.
fn kind(info: &[String]) -> Result<Kind, String> {
    let words: Vec<&str> = info.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["ron"] => Err("a ```ron block must name what it holds, e.g. ```ron reply".into()),
        ["ron", "scenario"] => Ok(Kind::Scenario),
        ["ron", "broken"] => Ok(Kind::Broken(None)),
        ["ron", "transcript"] => Ok(Kind::Transcript),
        ["ron", "broken", what] => fragment_name(what)
            .map(|f| Kind::Broken(Some(f)))
            .ok_or_else(|| format!("unknown fragment `{what}`")),
        ["ron", what] => fragment_name(what)
            .map(Kind::Fragment)
            .ok_or_else(|| format!("unknown example kind `{what}`")),
        _ => Err(format!("cannot read the fence `{}`", words.join(" "))),
    }
}

/// The kind of a block, for where a local `kind` hides [`kind`].
fn kind_of(b: &Block) -> Result<Kind, String> {
    kind(&b.info)
}

/// Whether the source, past comments and blanks, starts a list.
fn is_list(src: &str) -> bool {
    src.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//"))
        .is_some_and(|l| l.starts_with('['))
}

/// One value of `T`, or a list of them, parsed with the loader's options.
fn values<T: DeserializeOwned>(src: &str) -> Result<Vec<T>, Diagnostic> {
    let path = Path::new("example.ron");
    if is_list(src) {
        ron_file::parse::<Vec<T>>(path, src)
    } else {
        ron_file::parse::<T>(path, src).map(|v| vec![v])
    }
}

/// Parses a fragment as the type it names.
fn parse_fragment(name: &str, src: &str) -> Result<(), Diagnostic> {
    fn ok<T>(r: Result<Vec<T>, Diagnostic>) -> Result<(), Diagnostic> {
        r.map(|_| ())
    }
    match name {
        "failure" => ok(values::<Failure>(src)),
        "customer" => ok(values::<Customer>(src)),
        "motives" => ok(values::<Motives>(src)),
        "tuning" => ok(values::<Tuning>(src)),
        "node" => ok(values::<Node>(src)),
        "line" => ok(values::<Line>(src)),
        "reply" => ok(values::<Reply>(src)),
        "branch" => ok(values::<Branch>(src)),
        "condition" => ok(values::<Condition>(src)),
        "outcome" => ok(values::<Outcome>(src)),
        "setting" => ok(values::<Setting>(src)),
        "trait" => ok(values::<Trait>(src)),
        "mood" => ok(values::<Mood>(src)),
        "grade" => ok(values::<Grade>(src)),
        "text" => ok(values::<Text>(src)),
        other => unreachable!("fragment `{other}` is not in FRAGMENTS"),
    }
}

/// Whether two texts are the same words in some language.
fn same_words(a: &Text, b: &Text) -> bool {
    Lang::ALL
        .into_iter()
        .any(|l| a.exact(l).is_some() && a.exact(l) == b.exact(l))
}

/// `base` with the fragment put in its place, or `None` for a fragment that has no place.
fn in_context(base: &Scenario, name: &str, src: &str) -> Option<Result<Scenario, Diagnostic>> {
    let mut s = base.clone();
    let result = match name {
        "failure" => values::<Failure>(src).map(|v| {
            s.failure = v.into_iter().last().expect("one value");
        }),
        "customer" => values::<Customer>(src).map(|v| {
            s.customer = v.into_iter().last().expect("one value");
        }),
        "motives" => values::<Motives>(src).map(|v| {
            s.customer.motives = v.into_iter().last().expect("one value");
        }),
        "tuning" => values::<Tuning>(src).map(|v| {
            s.customer.tuning = v.into_iter().last().expect("one value");
        }),
        "node" => values::<Node>(src).map(|nodes| {
            // A node replaces the one with its id; a second node with the same id in one
            // example is added, so an example can show a duplicate.
            let mut replaced: Vec<String> = Vec::new();
            for node in nodes {
                let at = s.nodes.iter().position(|n| n.id == node.id);
                match at {
                    Some(i) if !replaced.contains(&node.id) => {
                        replaced.push(node.id.clone());
                        s.nodes[i] = node;
                    }
                    _ => s.nodes.push(node),
                }
            }
        }),
        "reply" => values::<Reply>(src).map(|replies| {
            for reply in replies {
                let slot = s
                    .nodes
                    .iter_mut()
                    .flat_map(|n| n.replies.iter_mut())
                    .find(|r| same_words(&r.text, &reply.text));
                match slot {
                    Some(r) => *r = reply,
                    None => {
                        let start = s.start.clone();
                        let node = s.nodes.iter_mut().find(|n| n.id == start);
                        node.expect("the base's start node").replies.push(reply);
                    }
                }
            }
        }),
        _ => return None,
    };
    Some(result.map(|()| s))
}

/// `check`'s diagnostics for a scenario, written out as a file and loaded as `path`.
fn check_scenario(s: &Scenario, path: &str) -> Vec<Diagnostic> {
    let source = ron::ser::to_string_pretty(s, ron::ser::PrettyConfig::default())
        .expect("a scenario serialises");
    load_str(Path::new(path), &source, ctx()).diagnostics
}

/// `check` output quoted in a text block.
struct Quoted {
    /// The file it names, if it names one.
    path: Option<String>,
    /// `error: message` and `warning: message`, in order.
    messages: Vec<String>,
    /// The output without the command line.
    text: String,
}

/// The `check` output in a text block, if that is what it holds.
fn quoted_check(body: &str) -> Option<Quoted> {
    let mut path = None;
    let mut messages = Vec::new();
    let mut summary = false;
    for line in body.lines() {
        if line.starts_with("checked ") && line.contains(" file") {
            summary = true;
        }
        for severity in ["error", "warning"] {
            let Some((place, message)) = line.split_once(&format!(": {severity}: ")) else {
                continue;
            };
            let mut parts = place.rsplitn(3, ':');
            let (col, row, file) = (parts.next(), parts.next(), parts.next());
            let numeric = |p: Option<&str>| p.is_some_and(|p| p.parse::<usize>().is_ok());
            if let Some(file) = file
                && numeric(col)
                && numeric(row)
                && file.ends_with(".ron")
            {
                path.get_or_insert_with(|| file.to_owned());
                messages.push(format!("{severity}: {message}"));
            }
        }
    }
    let text: Vec<&str> = body.lines().filter(|l| !l.starts_with("$ ")).collect();
    (summary || !messages.is_empty()).then(|| Quoted {
        path,
        messages,
        text: text.join("\n"),
    })
}

fn messages(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut out: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            let severity = if d.is_error() { "error" } else { "warning" };
            format!("{severity}: {}", d.message)
        })
        .collect();
    out.sort();
    out
}

/// What `counterplay check` prints for one file with these diagnostics.
fn check_output(diagnostics: &[Diagnostic]) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let mut out: String = diagnostics
        .iter()
        .map(|d| format!("{}\n", d.render()))
        .collect();
    out.push_str(&format!(
        "checked 1 file: {} ok, {errors} error{}, {warnings} warning{}",
        usize::from(errors == 0),
        plural(errors),
        plural(warnings)
    ));
    out
}

/// How many examples of each sort one guide holds.
#[derive(Debug, Default)]
struct Tally {
    kinds: Vec<Kind>,
    scenarios: usize,
    fragments: usize,
    broken: usize,
    transcripts: usize,
    checked_outputs: usize,
}

/// Checks every example of one guide.
fn check_guide(guide: &str) -> Tally {
    let md = std::fs::read_to_string(project(guide))
        .unwrap_or_else(|e| panic!("cannot read {guide}: {e}"));
    let all = blocks(guide, &md);
    let mut tally = Tally::default();
    let mut failures: Vec<String> = Vec::new();

    // The base that fragments are checked in: the largest whole scenario of the guide.
    let base: Option<Scenario> = all
        .iter()
        .filter(|b| kind(&b.info) == Ok(Kind::Scenario))
        .filter_map(|b| load_str(Path::new("scenarios/base.ron"), &b.body, ctx()).scenario)
        .max_by_key(|s| s.nodes.len());

    for (i, block) in all.iter().enumerate() {
        let at = format!("{guide}:{}", block.line);
        let lang = block.info.first().map(String::as_str);
        if lang != Some("ron") {
            if !matches!(lang, Some("text" | "sh")) {
                failures.push(format!(
                    "{at}: a fence must be ```ron <kind>, ```text or ```sh, not ```{}",
                    block.info.join(" ")
                ));
            }
            continue;
        }
        let kind = match kind(&block.info) {
            Ok(k) => k,
            Err(e) => {
                failures.push(format!("{at}: {e}"));
                continue;
            }
        };
        tally.kinds.push(kind);
        // `check` output quoted right after the example, with no prose between.
        let quoted = all
            .get(i + 1)
            .filter(|next| next.attached && next.info.first().map(String::as_str) == Some("text"))
            .and_then(|next| quoted_check(&next.body));
        if quoted.is_some() {
            tally.checked_outputs += 1;
        }
        match kind {
            Kind::Transcript => {
                tally.transcripts += 1;
                let path = Path::new("tests/transcripts/example.ron");
                let e = match transcripts::parse(path, &block.body) {
                    Ok(e) => e,
                    Err(problems) => {
                        failures.push(format!("{at}: {}", problems.join("\n")));
                        continue;
                    }
                };
                // The scenario as the reader has it at this point of the guide.
                let scenario = all[..i]
                    .iter()
                    .rev()
                    .filter(|b| kind_of(b) == Ok(Kind::Scenario))
                    .filter_map(|b| load_str(Path::new("scenarios/s.ron"), &b.body, ctx()).scenario)
                    .find(|s| s.id == e.scenario);
                match scenario {
                    Some(s) => failures.extend(transcripts::play(&at, &e, &Arc::new(s))),
                    None => failures.push(format!(
                        "{at}: no scenario example `{}` comes before it",
                        e.scenario
                    )),
                }
            }
            Kind::Scenario | Kind::Broken(None) => {
                if kind == Kind::Scenario {
                    tally.scenarios += 1;
                } else {
                    tally.broken += 1;
                }
                let path = quoted
                    .as_ref()
                    .and_then(|q| q.path.clone())
                    .unwrap_or_else(|| "scenarios/example.ron".into());
                let loaded = load_str(Path::new(&path), &block.body, ctx());
                let rendered: Vec<String> = loaded.diagnostics.iter().map(|d| d.render()).collect();
                let has_errors = loaded.has_errors();
                match (&quoted, kind) {
                    (_, Kind::Broken(None)) if !has_errors => {
                        failures.push(format!("{at}: a broken example loads without errors"));
                    }
                    (None, Kind::Broken(None)) => {
                        failures.push(format!(
                            "{at}: a broken example needs `check` output after it"
                        ));
                    }
                    (None, _) if !loaded.diagnostics.is_empty() => failures.push(format!(
                        "{at}: the example is not clean:\n{}",
                        rendered.join("\n")
                    )),
                    (Some(q), _) => {
                        let want = q.text.trim_end();
                        let got = check_output(&loaded.diagnostics);
                        if want != got.trim_end() {
                            failures.push(format!(
                                "{at}: `check` prints\n{got}\nbut the guide quotes\n{want}"
                            ));
                        }
                    }
                    (None, _) => {}
                }
            }
            Kind::Fragment(name) => {
                tally.fragments += 1;
                if let Err(d) = parse_fragment(name, &block.body) {
                    failures.push(format!(
                        "{at}: the example does not parse as `{name}`: {}",
                        d.headline()
                    ));
                    continue;
                }
                if let Some(q) = &quoted {
                    let Some(base) = &base else {
                        failures.push(format!("{at}: no scenario example to check it in"));
                        continue;
                    };
                    let path = q.path.as_deref().unwrap_or("scenarios/example.ron");
                    match in_context(base, name, &block.body) {
                        None => failures.push(format!(
                            "{at}: a `{name}` example cannot be checked in place"
                        )),
                        Some(Err(d)) => failures.push(format!("{at}: {}", d.headline())),
                        Some(Ok(s)) => {
                            let diagnostics = check_scenario(&s, path);
                            let got = messages(&diagnostics);
                            let mut want = q.messages.clone();
                            want.sort();
                            if got.iter().any(|m| m.starts_with("error: ")) {
                                failures.push(format!(
                                    "{at}: the example has errors in place, so it is `broken`: {got:?}"
                                ));
                            } else if got != want {
                                failures.push(format!(
                                    "{at}: in place, `check` reports {got:?} but the guide quotes {want:?}"
                                ));
                            }
                        }
                    }
                }
            }
            Kind::Broken(Some(name)) => {
                tally.broken += 1;
                let Some(q) = &quoted else {
                    failures.push(format!(
                        "{at}: a broken example needs `check` output after it"
                    ));
                    continue;
                };
                let mut want = q.messages.clone();
                want.sort();
                let got = match parse_fragment(name, &block.body) {
                    // A syntax or type mistake: the fragment itself does not parse.
                    Err(d) => vec![format!("error: {}", d.message)],
                    // A mistake `check` finds in the whole file.
                    Ok(()) => {
                        let Some(base) = &base else {
                            failures.push(format!("{at}: no scenario example to check it in"));
                            continue;
                        };
                        let path = q.path.as_deref().unwrap_or("scenarios/example.ron");
                        match in_context(base, name, &block.body) {
                            Some(Ok(s)) => messages(&check_scenario(&s, path)),
                            Some(Err(d)) => vec![format!("error: {}", d.message)],
                            None => {
                                failures.push(format!(
                                    "{at}: a `{name}` example parses, and cannot be checked in place"
                                ));
                                continue;
                            }
                        }
                    }
                };
                if !got.iter().any(|m| m.starts_with("error: ")) {
                    failures.push(format!("{at}: a broken example has no errors: {got:?}"));
                } else if got != want {
                    failures.push(format!(
                        "{at}: `check` reports {got:?} but the guide quotes {want:?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    tally
}

#[test]
fn every_example_in_the_authoring_guides_is_what_it_says() {
    let tallies: Vec<Tally> = GUIDES.iter().map(|g| check_guide(g)).collect();
    for (guide, t) in GUIDES.iter().zip(&tallies) {
        // An empty or gutted guide cannot pass.
        assert!(t.scenarios >= 2, "{guide}: {} whole scenarios", t.scenarios);
        assert!(t.fragments >= 25, "{guide}: {} fragments", t.fragments);
        assert!(t.broken >= 10, "{guide}: {} broken examples", t.broken);
        assert!(
            t.transcripts >= 2,
            "{guide}: {} transcript examples",
            t.transcripts
        );
        assert!(
            t.checked_outputs >= 20,
            "{guide}: {} quoted `check` outputs",
            t.checked_outputs
        );
        // Every fragment type the format has is shown at least once.
        for name in FRAGMENTS {
            assert!(
                t.kinds.contains(&Kind::Fragment(name)),
                "{guide}: no `{name}` example"
            );
        }
    }
    // The translation has the same examples, in the same order.
    assert_eq!(
        tallies[0].kinds, tallies[1].kinds,
        "{} and {} differ in their examples",
        GUIDES[0], GUIDES[1]
    );
}
