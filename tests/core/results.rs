//! Results for instructors end to end: saved by trainees of two groups, exported as CSV and as
//! xAPI statements checked against the statement structure, imported on another desktop (twice,
//! adding nothing the second time) and summed up in a class report.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use counterplay::results::{ResultStore, SavedResult};
use counterplay::scenario::{Grade, Scenario};
use counterplay::session::{ReplyInput, Session};
use regex::Regex;
use serde_json::Value;

use crate::{matcher, shipped};

/// 2026-11-02 08:00 UTC and the days after it.
const DAY: u64 = 86_400;
const NOV_2: u64 = 1_793_606_400;

pub(crate) fn cli(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_counterplay"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .current_dir(crate::root())
        .output()
        .unwrap()
}

pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("counterplay-results-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Plays `s` choosing options of `grade`, stopping after `replies` replies if given.
fn played(
    s: &Arc<Scenario>,
    grade: Grade,
    seed: u64,
    replies: Option<usize>,
) -> counterplay::session::Transcript {
    let mut session = Session::start(s.clone(), seed).unwrap();
    let mut n = 0;
    while !session.is_over() && replies.is_none_or(|r| n < r) {
        let i = session.option_of_grade(grade).unwrap_or(0);
        session.reply(matcher(), ReplyInput::option(i)).unwrap();
        n += 1;
    }
    session.transcript().clone()
}

/// The result of `transcript` as the game files it: scored, then recorded.
fn record(
    book: &counterplay::rulebook::Rulebook,
    s: &Scenario,
    transcript: counterplay::session::Transcript,
    trainee: &str,
    group: Option<&str>,
    finished_at: u64,
    duration: u64,
) -> SavedResult {
    let score = counterplay::scoring::score(book, s, &transcript);
    SavedResult::scored(
        &score,
        &s.title,
        transcript,
        trainee,
        group,
        finished_at,
        duration,
    )
}

/// Five results: two trainees of group 2026春 and one of B班, one of them unfinished.
pub(crate) fn a_class(data: &Path) -> Vec<SavedResult> {
    let all: Vec<Arc<Scenario>> = shipped().into_iter().map(Arc::new).collect();
    let card = all.iter().find(|s| s.id == "card_wait").unwrap();
    let noisy = all.iter().find(|s| s.id == "noisy_hall").unwrap();
    let book = matcher().rulebook();
    let store = ResultStore::at(data);
    let results = vec![
        record(
            book,
            card,
            played(card, Grade::Good, 1, None),
            "王小明",
            Some("2026春"),
            NOV_2,
            95,
        ),
        record(
            book,
            card,
            played(card, Grade::Bad, 2, None),
            "李雷",
            Some("2026春"),
            NOV_2 + DAY,
            61,
        ),
        record(
            book,
            noisy,
            played(noisy, Grade::Bad, 3, None),
            "李雷",
            Some("2026春"),
            NOV_2 + 2 * DAY,
            130,
        ),
        record(
            book,
            noisy,
            played(noisy, Grade::Good, 4, Some(2)),
            "Han Meimei",
            Some("B班"),
            NOV_2 + 3 * DAY,
            3725,
        ),
        record(
            book,
            card,
            played(card, Grade::Mediocre, 5, None),
            "Han Meimei",
            Some("B班"),
            NOV_2 + 4 * DAY,
            300,
        ),
    ];
    for r in &results {
        store.profile(&r.trainee).unwrap().save_result(r).unwrap();
    }
    results
}

#[test]
fn csv_has_one_row_per_result_with_the_breakdown_and_banned_phrases() {
    let data = scratch("csv");
    let results = a_class(&data);
    let out = data.join("all.csv");
    let o = cli(
        &data,
        &["export", "--format", "csv", "--out", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{o:?}");
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    for column in [
        "trainee",
        "group",
        "scenario",
        "seed",
        "date",
        "duration_seconds",
        "outcome",
        "score",
        "passed",
        "restraint",
        "responsibility",
        "strategy",
        "outcome_points",
        "banned_phrases",
    ] {
        assert!(
            header.iter().any(|h| h == column),
            "no column {column}: {header:?}"
        );
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), results.len());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    // Oldest first, as saved.
    let first = &rows[0];
    assert_eq!(&first[col("trainee")], "王小明");
    assert_eq!(&first[col("group")], "2026春");
    assert_eq!(&first[col("date")], "2026-11-02T08:00:00Z");
    assert_eq!(
        first[col("score")].parse::<u32>().unwrap(),
        results[0].score
    );
    let bad = &rows[1];
    assert_eq!(&bad[col("outcome")], results[1].outcome);
    assert!(
        !bad[col("banned_phrases")].is_empty(),
        "the bad replies' phrases are listed"
    );
    assert_eq!(&rows[3][col("outcome")], "unfinished");

    // --group and --since keep only what they name.
    let o = cli(
        &data,
        &[
            "export",
            "--format",
            "csv",
            "--group",
            "B班",
            "--since",
            "2026-11-06",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let rows = csv::Reader::from_path(&out).unwrap().records().count();
    assert_eq!(rows, 1);
    std::fs::remove_dir_all(&data).unwrap();
}

/// Checks one statement against the xAPI 1.0.3 statement structure.
fn check_statement(s: &Value) {
    let iri = Regex::new(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$").unwrap();
    let uuid =
        Regex::new(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
            .unwrap();
    let duration =
        Regex::new(r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$").unwrap();
    let timestamp =
        Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$").unwrap();
    let text = |v: &Value| {
        v.as_str()
            .unwrap_or_else(|| panic!("not a string: {v}"))
            .to_owned()
    };

    assert!(uuid.is_match(&text(&s["id"])), "id {}", s["id"]);
    // actor: an Agent identified by exactly one inverse functional identifier, here an account.
    let actor = &s["actor"];
    assert_eq!(actor["objectType"], "Agent");
    let ifis = ["mbox", "mbox_sha1sum", "openid", "account"];
    assert_eq!(ifis.iter().filter(|k| actor.get(**k).is_some()).count(), 1);
    let home = text(&actor["account"]["homePage"]);
    assert!(
        home.starts_with("https://") || home.starts_with("http://"),
        "homePage is an IRL: {home}"
    );
    assert!(!text(&actor["account"]["name"]).is_empty());
    // verb: an IRI and a language map; cmi5's verbs for a session, `responded` for a reply.
    let verb = text(&s["verb"]["id"]);
    let name = verb.rsplit('/').next().unwrap().to_owned();
    assert!(
        ["completed", "passed", "failed", "attempted", "responded"].contains(&name.as_str())
            && verb.starts_with("http://adlnet.gov/expapi/verbs/"),
        "{verb}"
    );
    assert_eq!(s["verb"]["display"]["en-US"], name.as_str());
    // object: an Activity with an IRI id.
    assert_eq!(s["object"]["objectType"], "Activity");
    assert!(iri.is_match(&text(&s["object"]["id"])));
    assert!(iri.is_match(&text(&s["object"]["definition"]["type"])));
    // result: a scaled score in [-1, 1] within min..max where scored; `success` only on
    // passed and failed (cmi5 forbids it on completed); an ISO 8601 duration.
    let result = &s["result"];
    if let Some(score) = result.get("score") {
        let scaled = score["scaled"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&scaled));
        let raw = score["raw"].as_f64().unwrap();
        assert!(score["min"].as_f64().unwrap() <= raw && raw <= score["max"].as_f64().unwrap());
    }
    assert_eq!(
        result.get("success").is_some(),
        name == "passed" || name == "failed",
        "{s}"
    );
    if let Some(success) = result.get("success") {
        assert_eq!(success.as_bool().unwrap(), name == "passed");
    }
    if let Some(d) = result.get("duration") {
        assert!(duration.is_match(&text(d)), "{d}");
    }
    assert!(uuid.is_match(&text(&s["context"]["registration"])));
    assert_eq!(s["context"]["platform"], "Counterplay");
    let no_extensions = serde_json::Map::new();
    for key in result
        .get("extensions")
        .and_then(Value::as_object)
        .unwrap_or(&no_extensions)
        .keys()
    {
        assert!(iri.is_match(key), "extension keys are IRIs: {key}");
    }
    // context and timestamp.
    if let Some(grouping) = s["context"]["contextActivities"]["grouping"].as_array() {
        for a in grouping {
            assert!(iri.is_match(&text(&a["id"])));
        }
    }
    assert!(timestamp.is_match(&text(&s["timestamp"])));
}

/// The statements carrying a whole result (`passed`, `failed` or `attempted`).
pub(crate) fn carriers(statements: &[Value]) -> Vec<&Value> {
    statements
        .iter()
        .filter(|s| {
            s["result"]["extensions"]
                .as_object()
                .is_some_and(|x| x.keys().any(|k| k.ends_with("/xapi/extensions/result")))
        })
        .collect()
}

#[test]
fn xapi_statements_follow_the_structure_and_import_adds_nothing_twice() {
    let data = scratch("xapi");
    let results = a_class(&data);
    let out = data.join("class.json");
    let o = cli(
        &data,
        &["export", "--format", "xapi", "--out", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{o:?}");
    let statements: Vec<Value> = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    for s in &statements {
        check_statement(s);
    }
    // Per result: completed (when finished), then passed, failed or attempted, then a
    // `responded` per reply, all under the result's registration.
    let finished = results
        .iter()
        .filter(|r| r.transcript.ending.is_some())
        .count();
    let replies: usize = results.iter().map(|r| r.transcript.turns.len()).sum();
    assert_eq!(statements.len(), finished + results.len() + replies);
    let judged = carriers(&statements);
    assert_eq!(judged.len(), results.len());
    let verb = |s: &Value| s["verb"]["display"]["en-US"].as_str().unwrap().to_owned();
    let first = judged[0];
    assert_eq!(first["actor"]["name"], "王小明");
    assert_eq!(
        verb(first),
        if results[0].passed {
            "passed"
        } else {
            "failed"
        }
    );
    assert_eq!(verb(&statements[0]), "completed");
    assert_eq!(
        statements[0]["context"]["registration"],
        first["context"]["registration"]
    );
    assert_eq!(
        first["object"]["id"],
        "https://counterplay.example/scenarios/card_wait"
    );
    assert_eq!(
        first["object"]["definition"]["name"]["zh-CN"],
        "等了30分钟，卡还没办出来"
    );
    assert_eq!(
        first["result"]["score"]["scaled"].as_f64().unwrap(),
        f64::from(results[0].score) / 100.0
    );
    assert_eq!(first["result"]["duration"], "PT1M35S");
    assert_eq!(first["timestamp"], "2026-11-02T08:00:00Z");
    assert_eq!(
        first["context"]["contextActivities"]["grouping"][0]["id"],
        "https://counterplay.example/groups/2026春"
    );
    let responded: Vec<&Value> = statements
        .iter()
        .filter(|s| {
            verb(s) == "responded"
                && s["context"]["registration"] == first["context"]["registration"]
        })
        .collect();
    assert_eq!(responded.len(), results[0].transcript.turns.len());
    let reply =
        &responded[0]["result"]["extensions"]["https://counterplay.example/xapi/extensions/reply"];
    assert_eq!(
        reply["mood"],
        serde_json::to_value(results[0].transcript.turns[0].mood).unwrap()
    );
    assert!(reply["features"].is_object() && reply["banned"].is_array());
    let unfinished = judged[3];
    assert_eq!(verb(unfinished), "attempted");
    assert_eq!(unfinished["result"]["completion"], false);
    assert_eq!(unfinished["result"]["duration"], "PT1H2M5S");
    assert_eq!(
        statements.iter().filter(|s| verb(s) == "completed").count(),
        finished
    );

    // The same statements, byte for byte, from a folder without the scenarios: titles travel
    // with the results, never found (or silently lost) by where the command runs.
    let elsewhere = data.join("class-elsewhere.json");
    let o = Command::new(env!("CARGO_BIN_EXE_counterplay"))
        .arg("--data-dir")
        .arg(&data)
        .args(["export", "--format", "xapi", "--out"])
        .arg(&elsewhere)
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    assert_eq!(
        std::fs::read(&elsewhere).unwrap(),
        std::fs::read(&out).unwrap()
    );

    // The organisation's own address: its own ids, the same every time.
    let org = |file: &Path| {
        let o = cli(
            &data,
            &[
                "export",
                "--format",
                "xapi",
                "--iri",
                "https://lms.example.edu/cp/",
                "--out",
                file.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{o:?}");
        serde_json::from_slice::<Vec<Value>>(&std::fs::read(file).unwrap()).unwrap()
    };
    let again = org(&out);
    assert_eq!(
        carriers(&again)[0]["object"]["id"],
        "https://lms.example.edu/cp/scenarios/card_wait"
    );
    assert_ne!(
        again[0]["id"], statements[0]["id"],
        "another organisation, other ids"
    );
    assert_eq!(
        org(&elsewhere),
        again,
        "the same organisation, the same ids"
    );

    // Another desktop imports the file: everything once, nothing the second time.
    let other = scratch("xapi-other");
    let o = cli(&other, &["import", out.to_str().unwrap()]);
    assert!(o.status.success(), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("imported 5 results; 0 were already here"));
    let o = cli(&other, &["import", out.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("imported 0 results; 5 were already here"),
        "{o:?}"
    );
    let mut mine = ResultStore::at(&other).everyone().unwrap().results;
    let mut theirs = results.clone();
    mine.sort_by_key(|r| r.finished_at);
    theirs.sort_by_key(|r| r.finished_at);
    assert_eq!(
        mine, theirs,
        "imported results are the originals, conversations included"
    );
    // A CSV file is not something to import.
    let csv_out = data.join("all.csv");
    cli(
        &data,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            csv_out.to_str().unwrap(),
        ],
    );
    let o = cli(&other, &["import", csv_out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--format xapi"));
    std::fs::remove_dir_all(&data).unwrap();
    std::fs::remove_dir_all(&other).unwrap();
}

#[test]
fn the_class_report_sums_up_a_group() {
    let data = scratch("report");
    let results = a_class(&data);
    let o = cli(&data, &["report", "--group", "2026春", "--json"]);
    assert!(o.status.success(), "{o:?}");
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["results"], 3);
    assert_eq!(r["trainees"], 2);
    let card: Vec<&SavedResult> = results[..2].iter().collect();
    let avg = (card.iter().map(|r| f64::from(r.score)).sum::<f64>() / 2.0).round();
    assert_eq!(r["scenarios"][0]["scenario"], "card_wait");
    assert_eq!(r["scenarios"][0]["average"].as_f64().unwrap(), avg);
    assert_eq!(r["scenarios"][0]["attempts"], 2);
    let outcomes: u64 = r["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o[1].as_u64().unwrap())
        .sum();
    assert_eq!(outcomes, 3);
    let said: usize = results[..3]
        .iter()
        .flat_map(|r| &r.transcript.turns)
        .map(|t| t.banned.len())
        .sum();
    let counted: u64 = r["banned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert!(said > 0);
    assert_eq!(
        counted as usize, said,
        "every phrase said is counted (fewer than ten kinds)"
    );
    assert!(
        !r["principles"].as_array().unwrap().is_empty(),
        "bad replies broke principles"
    );
    // The text form draws the parts as bars.
    let o = cli(&data, &["report", "--group", "2026春", "--lang", "en"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.starts_with("Class report: 2026春 · results: 3 · trainees: 2"),
        "{text}"
    );
    for heading in [
        "Average score by scenario",
        "How the conversations ended",
        "Banned phrases said most",
        "Principles broken most",
    ] {
        assert!(text.contains(heading), "{text}");
    }
    assert!(text.contains('#'));
    std::fs::remove_dir_all(&data).unwrap();
}

/// The whole result a statement carries, for tests that tamper with it.
fn carried(statement: &mut Value) -> &mut Value {
    &mut statement["result"]["extensions"]["https://counterplay.example/xapi/extensions/result"]
}

/// The result files under `data`'s profiles, and any temporary files left beside them.
fn files_under(data: &Path) -> (usize, Vec<PathBuf>) {
    let mut results = 0;
    let mut temporary = Vec::new();
    let Ok(profiles) = std::fs::read_dir(data.join("profiles")) else {
        return (0, temporary);
    };
    for profile in profiles {
        for file in std::fs::read_dir(profile.unwrap().path().join("results")).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|x| x == "json") {
                results += 1;
            } else {
                temporary.push(path);
            }
        }
    }
    (results, temporary)
}

/// Exports `data`'s results as xAPI statements into `out`.
fn export_xapi(data: &Path, out: &Path) {
    let o = cli(
        data,
        &["export", "--format", "xapi", "--out", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{o:?}");
}

#[test]
fn two_imports_at_once_leave_one_copy_of_each_result() {
    let source = scratch("concurrent-source");
    let (file, exported) = fifty(&source);
    assert!(exported >= 50);
    for round in 0..20 {
        let data = scratch(&format!("concurrent-{round}"));
        let importing: Vec<_> = (0..2)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_counterplay"))
                    .arg("--data-dir")
                    .arg(&data)
                    .arg("import")
                    .arg(&file)
                    .output_async()
            })
            .collect();
        let added: usize = importing
            .into_iter()
            .map(|child| {
                let o = child.wait_with_output().unwrap();
                assert!(o.status.success(), "{o:?}");
                let out = String::from_utf8_lossy(&o.stdout).into_owned();
                let n = out.split_whitespace().nth(1).unwrap().parse::<usize>();
                n.unwrap_or_else(|_| panic!("{out}"))
            })
            .sum();
        assert_eq!(
            added, exported,
            "round {round}: each result added by one import"
        );
        assert_eq!(files_under(&data), (exported, Vec::new()), "round {round}");
        std::fs::remove_dir_all(&data).unwrap();
    }
    std::fs::remove_dir_all(&source).unwrap();
}

/// A file of fifty results as xAPI statements, and how many results it holds.
fn fifty(source: &Path) -> (PathBuf, usize) {
    let one = a_class(source).remove(0);
    let store = ResultStore::at(source);
    for i in 1..50 {
        let mut r = one.clone();
        r.trainee = format!("trainee {}", i % 5);
        r.finished_at += i;
        store.profile(&r.trainee).unwrap().save_result(&r).unwrap();
    }
    let file = source.join("fifty.json");
    export_xapi(source, &file);
    let exported =
        carriers(&serde_json::from_slice::<Vec<Value>>(&std::fs::read(&file).unwrap()).unwrap())
            .len();
    (file, exported)
}

#[test]
fn an_import_killed_at_any_moment_leaves_all_or_nothing_and_run_again_keeps_each_result_once() {
    let source = scratch("killed-source");
    let (file, exported) = fifty(&source);
    for round in 0..16u64 {
        let data = scratch(&format!("killed-{round}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_counterplay"))
            .arg("--data-dir")
            .arg(&data)
            .arg("import")
            .arg(&file)
            .output_async();
        // Each round lets it run a little longer; wherever the kill lands, what follows holds.
        std::thread::sleep(std::time::Duration::from_millis(round * round));
        let _ = child.kill();
        let _ = child.wait();
        // The next program to read the folder finds all of the import or none of it.
        let o = cli(&data, &["report"]);
        let (results, temporary) = files_under(&data);
        assert!(
            results == 0 || results == exported,
            "round {round}: {results} of {exported}: {o:?}"
        );
        assert!(temporary.is_empty(), "round {round}: {temporary:?}");
        let o = cli(&data, &["import", file.to_str().unwrap()]);
        assert!(o.status.success(), "round {round}: {o:?}");
        assert_eq!(files_under(&data), (exported, Vec::new()), "round {round}");
        std::fs::remove_dir_all(&data).unwrap();
    }
    std::fs::remove_dir_all(&source).unwrap();
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Import reads what other programs and people hand it: cut, spliced or garbled statements
    /// never panic, and whatever it keeps passes the checks a result read from disk must pass.
    #[test]
    fn mutated_exports_never_panic_and_never_file_a_bad_result(
        cut in 0usize..60_000,
        gone in 0usize..400,
        insert in "[{}\\[\\],:\"a-z0-9 .\\-/]{0,12}",
    ) {
        let (json, _) = &*MUTATION_BASE;
        let mut at = cut.min(json.len());
        while !json.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + gone).min(json.len());
        while !json.is_char_boundary(end) {
            end += 1;
        }
        let mutated = format!("{}{}{}", &json[..at], insert, &json[end..]);
        let data = scratch(&format!("mutated-{}", cut ^ (gone << 16)));
        let store = ResultStore::at(&data);
        if counterplay::results::import::import(&store, mutated.as_bytes()).is_ok() {
            for r in store.everyone().unwrap().results {
                proptest::prop_assert!(r.check().is_ok());
            }
        }
        std::fs::remove_dir_all(&data).unwrap();
    }
}

/// The export the import fuzzing mutates, made once.
static MUTATION_BASE: std::sync::LazyLock<(String, usize)> = std::sync::LazyLock::new(|| {
    let source = scratch("mutation-base");
    let (file, n) = fifty(&source);
    let json = std::fs::read_to_string(&file).unwrap();
    std::fs::remove_dir_all(&source).unwrap();
    (json, n)
});

/// Starts a command with its output captured, without waiting for it.
trait OutputAsync {
    fn output_async(&mut self) -> std::process::Child;
}

impl OutputAsync for Command {
    fn output_async(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }
}

#[test]
fn an_import_is_all_or_nothing_and_names_the_statement_at_fault() {
    let source = scratch("all-or-nothing");
    a_class(&source);
    let file = source.join("class.json");
    export_xapi(&source, &file);
    let statements: Vec<Value> = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    // A folder whose name the escape would need, beside the data folder.
    let data = scratch("all-or-nothing-into");
    std::fs::create_dir_all(data.join("x")).unwrap();
    let long = "x".repeat(300);
    let cases: [(&str, Value, &str); 5] = [
        (
            "scenario",
            "x/../../ESCAPED".into(),
            "cannot be a scenario id",
        ),
        (
            "scenario",
            "card\u{0}wait".into(),
            "cannot be a scenario id",
        ),
        ("scenario", long.as_str().into(), "cannot be a scenario id"),
        (
            "score",
            4_294_967_295_u64.into(),
            "score 4294967295 is not between 0 and 100",
        ),
        (
            "format",
            7.into(),
            "format 7 is not one this program reads (1 to 1)",
        ),
    ];
    // The fourth result's statement, some way into the file.
    let fourth = statements
        .iter()
        .enumerate()
        .filter(|(_, s)| !carriers(std::slice::from_ref(s)).is_empty())
        .nth(3)
        .unwrap()
        .0;
    for (field, value, expected) in cases {
        let mut tampered = statements.clone();
        let result = carried(&mut tampered[fourth]);
        result[field] = value.clone();
        if field == "scenario" {
            result["transcript"]["scenario"] = value;
        }
        std::fs::write(&file, serde_json::to_vec(&tampered).unwrap()).unwrap();
        let o = cli(&data, &["import", file.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{field}: {o:?}");
        assert!(
            err.contains(&format!("statement {}: its result holds", fourth + 1)),
            "{err}"
        );
        assert!(err.contains(expected), "{err}");
        assert!(err.contains("nothing was imported"), "{err}");
        assert_eq!(
            files_under(&data).0,
            0,
            "{field}: no statement before it kept"
        );
    }
    for escaped in [data.join("ESCAPED.json"), source.join("ESCAPED.json")] {
        assert!(!escaped.exists());
    }
    std::fs::remove_dir_all(&data).unwrap();
    std::fs::remove_dir_all(&source).unwrap();
}

#[cfg(unix)]
#[test]
fn import_reads_no_further_than_its_limit_whatever_the_file() {
    let data = scratch("dev-zero");
    let o = cli(&data, &["import", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("larger than 64 MiB, the most an import reads"),
        "{o:?}"
    );
    std::fs::remove_dir_all(&data).unwrap();
}

#[test]
fn every_result_command_reports_what_it_set_aside_or_skipped_and_goes_on() {
    let source = scratch("set-aside-source");
    a_class(&source);
    let file = source.join("class.json");
    export_xapi(&source, &file);
    let csv = source.join("class.csv");
    let data = scratch("set-aside");
    a_class(&data);
    let profiles = data.join("profiles");
    std::fs::create_dir_all(profiles.join("notes.old")).unwrap();
    std::fs::create_dir_all(profiles.join(" Bob").join("results")).unwrap();
    let broken = profiles
        .join("李雷")
        .join("results")
        .join("1-card_wait.json");
    let planted = |name: &str| {
        std::fs::write(
            profiles.join("李雷").join("results").join(name),
            b"{ broken",
        )
        .unwrap();
    };
    planted("1-card_wait.json");
    let o = cli(&data, &["import", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{o:?}");
    assert!(
        err.contains("1-card_wait.json could not be read and was moved to"),
        "{err}"
    );
    assert!(!broken.exists());
    for command in [
        &["report"][..],
        &["export", "--format", "csv", "--out", csv.to_str().unwrap()][..],
        &["import", file.to_str().unwrap()][..],
    ] {
        planted("2-card_wait.json");
        let o = cli(&data, command);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{command:?}: {o:?}");
        assert!(
            err.contains("2-card_wait.json could not be read"),
            "{command:?}: {err}"
        );
        for odd in ["notes.old", " Bob"] {
            assert!(
                err.contains(&format!("{odd} is not a trainee's folder and was skipped")),
                "{command:?}: {err}"
            );
        }
    }
    std::fs::remove_dir_all(&data).unwrap();
    std::fs::remove_dir_all(&source).unwrap();
}
