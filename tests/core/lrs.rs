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
    let out = data.join(format!("export-{}.json", std::process::id()));
    let o = Command::new(env!("CARGO_BIN_EXE_counterplay"))
        .arg("--data-dir")
        .arg(data)
        .args(["export", "--format", "xapi", "--out"])
        .arg(&out)
        .current_dir(cwd)
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    let statements: Vec<Value> = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    std::fs::remove_file(&out).unwrap();
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
