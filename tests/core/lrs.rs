//! A class's results sent to a real Learning Record Store (Learning Locker's statements
//! service, installed by `bash .ci/lrs install`), read back, withdrawn and imported elsewhere.
//! `.ci/run` installs it and sets COUNTERPLAY_LRS_TEST=required; elsewhere the test says how to
//! install it and stops.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use counterplay::results::xapi::result_id;
use counterplay::results::{ResultStore, SavedResult};
use serde_json::Value;

use crate::results::{a_class, carriers, cli, scratch};
use crate::test_lrs::{PASSWORD, TestLrs, USER};

fn run(data: &Path, args: &[&str], extra: &[String]) -> std::process::Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(extra.iter().map(String::as_str));
    cli(data, &all)
}

/// Thirty-five results of a class: the five of `a_class` and thirty more of its first.
fn big_class(data: &Path) -> Vec<SavedResult> {
    let mut results = a_class(data);
    let store = ResultStore::at(data);
    for i in 1..=30 {
        let mut r = results[0].clone();
        r.trainee = format!("trainee {}", i % 7);
        r.finished_at += i;
        store.profile(&r.trainee).unwrap().save_result(&r).unwrap();
        results.push(r);
    }
    results
}

/// The ids of the statements in an export of `data`, made with the working directory `cwd`.
fn exported_ids(data: &Path, cwd: &Path) -> Vec<String> {
    let (o, statements) = export_in(data, cwd, &[]);
    assert!(o.status.success(), "{o:?}");
    statements
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_class_reaches_a_real_lrs_once_whatever_happens_and_comes_back_whole() {
    let Some(lrs) = TestLrs::start() else { return };
    let data = scratch("lrs-class");
    let results = big_class(&data);
    let expected = exported_ids(&data, crate::root());

    // Killed at different moments, then run to the end: every statement there once.
    for round in 0..6u64 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_counterplay"))
            .arg("--data-dir")
            .arg(&data)
            .arg("send")
            .args(lrs.args())
            .args(["--batch", "25"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(round * round * 20));
        let _ = child.kill();
        let _ = child.wait();
    }
    let o = run(&data, &["send", "--batch", "25"], &lrs.args());
    assert!(o.status.success(), "{o:?}");
    let client = lrs.client();
    let held = client.all_statements(|_| {}).unwrap();
    let ids: Vec<String> = held
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "no statement twice");
    assert_eq!(
        unique,
        expected.iter().collect::<HashSet<_>>(),
        "every statement, none lost"
    );
    assert_eq!(carriers(&held).len(), results.len());

    // Sent again, from another working directory: nothing new, the same ids.
    assert_eq!(exported_ids(&data, &std::env::temp_dir()), expected);
    let o = Command::new(env!("CARGO_BIN_EXE_counterplay"))
        .arg("--data-dir")
        .arg(&data)
        .arg("send")
        .args(lrs.args())
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with("sent 0 statements"),
        "{o:?}"
    );
    // Even with nothing written down, the LRS keeps one of each.
    std::fs::remove_dir_all(data.join("lrs")).unwrap();
    let o = run(&data, &["send"], &lrs.args());
    assert!(o.status.success(), "{o:?}");
    assert_eq!(client.all_statements(|_| {}).unwrap().len(), expected.len());

    // One result withdrawn: the LRS reports its statements voided.
    let withdrawn = &results[1];
    let id = result_id(withdrawn).to_string();
    let o = run(&data, &["send", "--void", &id], &lrs.args());
    assert!(o.status.success(), "{o:?}");
    let judged = held
        .iter()
        .find(|s| {
            s["context"]["registration"] == id.as_str()
                && !carriers(std::slice::from_ref(s)).is_empty()
        })
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(client.statement(&judged).unwrap().is_none());
    assert!(client.voided(&judged).unwrap().is_some());
    let o = run(&data, &["send"], &lrs.args());
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with("sent 0 statements"),
        "a withdrawn result is not sent again: {o:?}"
    );

    // Another desktop imports the class from the LRS: the results, less the one withdrawn.
    let other = scratch("lrs-other");
    let o = run(&other, &["import"], &lrs.args());
    assert!(o.status.success(), "{o:?}");
    let mut mine = ResultStore::at(&other).everyone().unwrap().results;
    let mut theirs: Vec<SavedResult> = results
        .iter()
        .filter(|r| result_id(r) != result_id(withdrawn))
        .cloned()
        .collect();
    mine.sort_by_key(result_id);
    theirs.sort_by_key(result_id);
    assert_eq!(mine, theirs);

    std::fs::remove_dir_all(&data).unwrap();
    std::fs::remove_dir_all(&other).unwrap();
}

#[test]
fn every_failure_has_its_message_and_exit_code_and_secrets_stay_secret() {
    let Some(lrs) = TestLrs::start() else { return };
    let data = scratch("lrs-failures");
    let results = a_class(&data);

    // Wrong credentials: 4, and nothing is written down as sent.
    let o = cli(
        &data,
        &[
            "send",
            "--lrs",
            &lrs.endpoint,
            "--user",
            USER,
            "--password",
            "wrong",
        ],
    );
    assert_eq!(o.status.code(), Some(4), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("refused the credentials"));
    assert!(!String::from_utf8_lossy(&o.stderr).contains("wrong"));
    // Nobody there: 3.
    let o = cli(
        &data,
        &["send", "--lrs", "http://127.0.0.1:9/xAPI/", "--tries", "1"],
    );
    assert_eq!(o.status.code(), Some(3), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot be reached"));

    // The LRS already holds something else under the id of one result's statement: that
    // result fails with 5 and says so; the others go.
    let expected = exported_ids(&data, crate::root());
    let client = lrs.client();
    let other = serde_json::json!({
        "id": expected[1],
        "actor": { "objectType": "Agent", "mbox": "mailto:someone@example.org" },
        "verb": { "id": "http://adlnet.gov/expapi/verbs/experienced", "display": { "en-US": "experienced" } },
        "object": { "objectType": "Activity", "id": "https://example.org/other" },
        "timestamp": "2026-11-01T08:00:00Z",
    });
    assert!(client.put(&other).unwrap());
    // Kept with the settings, then sent without naming the LRS.
    let o = cli(
        &data,
        &[
            "lrs",
            "set",
            "--endpoint",
            &lrs.endpoint,
            "--user",
            USER,
            "--password",
            PASSWORD,
        ],
    );
    assert!(o.status.success(), "{o:?}");
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains(PASSWORD),
        "{o:?}"
    );
    let o = cli(&data, &["send"]);
    assert_eq!(o.status.code(), Some(5), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("already holds a different statement"), "{err}");
    assert!(err.contains(&results[0].trainee), "{err}");
    let held = client.all_statements(|_| {}).unwrap();
    assert_eq!(held.len(), expected.len(), "every other statement went");
    // Neither the settings' secret nor any result carries the password.
    for file in walk(&data) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let is_settings = file.ends_with("lrs.ron");
        assert_eq!(text.contains(PASSWORD), is_settings, "{}", file.display());
    }
    std::fs::remove_dir_all(&data).unwrap();
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The statements `export` writes for `data`, with `extra` arguments, run from `cwd`.
fn export_in(data: &Path, cwd: &Path, extra: &[&str]) -> (std::process::Output, Vec<Value>) {
    let out = data.join("statements.json");
    let _ = std::fs::remove_file(&out);
    let o = Command::new(env!("CARGO_BIN_EXE_counterplay"))
        .arg("--data-dir")
        .arg(data)
        .args(["export", "--format", "xapi", "--out"])
        .arg(&out)
        .args(extra)
        .current_dir(cwd)
        .output()
        .unwrap();
    let statements = std::fs::read(&out)
        .map(|b| serde_json::from_slice(&b).unwrap())
        .unwrap_or_default();
    (o, statements)
}

#[test]
fn a_result_without_a_title_is_refused_by_name_never_sent_nameless() {
    let data = scratch("lrs-no-title");
    let results = a_class(&data);
    // A result kept before results carried their scenario's title.
    let store = ResultStore::at(&data);
    let history = store.profile(&results[0].trainee).unwrap();
    let dir = data.join("profiles").join(history.name()).join("results");
    for file in std::fs::read_dir(&dir).unwrap() {
        let path = file.unwrap().path();
        let mut r: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        r.as_object_mut().unwrap().remove("title");
        std::fs::write(&path, serde_json::to_vec(&r).unwrap()).unwrap();
    }
    let (o, _) = export_in(&data, &std::env::temp_dir(), &[]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("has no scenario title"), "{err}");
    assert!(
        err.contains(&results[0].trainee) && err.contains("nothing was exported"),
        "{err}"
    );
    // Found among the scenarios when told where they are.
    let scenarios = crate::project("scenarios");
    let (o, statements) = export_in(
        &data,
        &std::env::temp_dir(),
        &["--scenarios", scenarios.to_str().unwrap()],
    );
    assert!(o.status.success(), "{o:?}");
    assert!(
        carriers(&statements)
            .iter()
            .all(|s| s["object"]["definition"]["name"].is_object())
    );
    std::fs::remove_dir_all(&data).unwrap();
}

#[test]
fn learners_are_known_to_the_lms_by_account_or_email() {
    let data = scratch("lrs-learners");
    a_class(&data);
    for args in [
        &["lrs", "set", "--home-page", "https://lms.example.edu"][..],
        &["lrs", "learner", "王小明", "--account", "wang.xm"],
        &["lrs", "learner", "李雷", "--email", "lilei@example.edu"],
    ] {
        let o = cli(&data, args);
        assert!(o.status.success(), "{o:?}");
    }
    let (o, statements) = export_in(&data, crate::root(), &[]);
    assert!(o.status.success(), "{o:?}");
    let actor = |name: &str| {
        statements
            .iter()
            .find(|s| s["actor"]["name"] == name)
            .unwrap()["actor"]
            .clone()
    };
    assert_eq!(actor("王小明")["account"]["name"], "wang.xm");
    assert_eq!(
        actor("王小明")["account"]["homePage"],
        "https://lms.example.edu"
    );
    assert_eq!(actor("李雷")["mbox"], "mailto:lilei@example.edu");
    assert_eq!(actor("Han Meimei")["account"]["name"], "Han Meimei");
    // A trainee known to the class is set quietly; a name nobody played under is kept, with a
    // note, and one that cannot be a trainee's name is refused.
    let o = cli(&data, &["lrs", "learner", "王小明", "--account", "wang.xm"]);
    assert!(o.status.success() && o.stderr.is_empty(), "{o:?}");
    let o = cli(&data, &["lrs", "learner", "王小鸣", "--account", "wang.xm"]);
    assert!(o.status.success(), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("no trainee named 王小鸣"));
    let o = cli(
        &data,
        &["lrs", "learner", "../王小明", "--account", "wang.xm"],
    );
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    std::fs::remove_dir_all(&data).unwrap();
}

#[test]
fn typed_words_stay_home_unless_an_instructor_asks() {
    let data = scratch("lrs-typed");
    let words = "您是说等了半小时卡还没好,对吗?";
    let o = cli(
        &data,
        &[
            "run",
            "card_wait",
            "--replies",
            "say,1",
            "--say",
            words,
            "--save",
            "--trainee",
            "王小明",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let (o, statements) = export_in(&data, crate::root(), &[]);
    assert!(o.status.success(), "{o:?}");
    let text = serde_json::to_string(&statements).unwrap();
    assert!(!text.contains("等了半小时卡还没好"), "typed words went out");
    let reply = statements
        .iter()
        .find(|s| s["verb"]["display"]["en-US"] == "responded")
        .unwrap();
    assert_eq!(
        reply["result"]["extensions"]["https://counterplay.example/xapi/extensions/reply"]["typed"],
        true
    );
    let (o, statements) = export_in(&data, crate::root(), &["--typed-words"]);
    assert!(o.status.success(), "{o:?}");
    assert!(
        serde_json::to_string(&statements)
            .unwrap()
            .contains("等了半小时卡还没好")
    );
    std::fs::remove_dir_all(&data).unwrap();
}

#[test]
fn an_lrs_answer_saved_to_a_file_imports() {
    let source = scratch("lrs-answer-source");
    let results = a_class(&source);
    let (o, statements) = export_in(&source, crate::root(), &[]);
    assert!(o.status.success(), "{o:?}");
    let answer = source.join("answer.json");
    let page = serde_json::json!({ "statements": statements, "more": "" });
    std::fs::write(&answer, serde_json::to_vec(&page).unwrap()).unwrap();
    let data = scratch("lrs-answer");
    let o = cli(&data, &["import", answer.to_str().unwrap()]);
    assert!(o.status.success(), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains(&format!(
            "imported {} results; 0 were already here; 0 skipped",
            results.len()
        )),
        "{o:?}"
    );
    std::fs::remove_dir_all(&data).unwrap();
    std::fs::remove_dir_all(&source).unwrap();
}

#[test]
fn terminal_practice_is_kept_for_the_trainee_named_else_the_last_one() {
    let data = scratch("lrs-terminal");
    let o = cli(&data, &["run", "card_wait", "--replies", "1,1", "--save"]);
    assert_eq!(o.status.code(), Some(2), "nobody to keep it for: {o:?}");
    let o = cli(
        &data,
        &[
            "run",
            "card_wait",
            "--replies",
            "1,1",
            "--save",
            "--trainee",
            "王小明",
            "--group",
            "2026春",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let o = cli(
        &data,
        &[
            "run",
            "card_wait",
            "--seed",
            "2",
            "--replies",
            "1",
            "--save",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let kept = ResultStore::at(&data).everyone().unwrap().results;
    assert_eq!(kept.len(), 2);
    assert!(
        kept.iter()
            .all(|r| r.trainee == "王小明" && r.group.as_deref() == Some("2026春"))
    );
    // `play` keeps its conversation for the last trainee too.
    let mut play = Command::new(env!("CARGO_BIN_EXE_counterplay"))
        .arg("--data-dir")
        .arg(&data)
        .args(["play", "card_wait", "--seed", "3", "--lang", "en"])
        .current_dir(crate::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    play.stdin
        .take()
        .unwrap()
        .write_all("1\n".repeat(12).as_bytes())
        .unwrap();
    let o = play.wait_with_output().unwrap();
    assert!(o.status.success(), "{o:?}");
    let kept = ResultStore::at(&data).everyone().unwrap().results;
    assert_eq!(kept.len(), 3, "{o:?}");
    assert!(kept.iter().all(|r| r.trainee == "王小明"));
    std::fs::remove_dir_all(&data).unwrap();
}
