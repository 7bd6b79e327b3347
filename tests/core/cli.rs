//! The binary as an instructor runs it: exit codes and output.

use std::process::{Command, Output};

use crate::project;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_counterplay"))
        .args(args)
        .current_dir(crate::root())
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn check_on_the_shipped_scenarios_is_clean() {
    let o = run(&["check", "scenarios"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains(" 0 errors, 0 warnings"), "{out}");
}

#[test]
fn check_without_paths_reads_the_scenarios_folder() {
    let o = run(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn check_on_broken_files_exits_1_with_compiler_style_lines() {
    let o = run(&["check", "tests/fixtures/broken/dangling_next.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).starts_with(
            "tests/fixtures/broken/dangling_next.ron:27:27: error: unknown node `doen`"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn one_broken_file_does_not_hide_the_others() {
    let o = run(&[
        "check",
        "tests/fixtures/broken/unknown_field.ron",
        "tests/fixtures/valid",
    ]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(out.contains("checked 2 files: 1 ok, 1 error"), "{out}");
}

#[test]
fn check_json_lists_diagnostics_with_positions() {
    let o = run(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/broken/magnitude_out_of_range.ron",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["line"], 9);
    assert_eq!(d["column"], 20);
    assert_eq!(d["severity"], "error");
    assert_eq!(v["errors"], 1);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["check", "--format", "yaml"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(run(&["judge"]).status.code(), Some(2));
}

#[test]
fn judge_exits_1_on_a_banned_phrase_and_names_the_principle() {
    let o = run(&["judge", "这是规定,我也没办法"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("\"这是规定\""), "{out}");
    assert!(out.contains("breaks:"), "{out}");
}

#[test]
fn judge_exits_0_on_the_polite_refusal() {
    let o = run(&[
        "judge",
        "非常抱歉,根据规定我不能为您办理这项业务,希望您能谅解",
        "--lang",
        "zh",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn judge_json_has_spans_and_features() {
    let o = run(&["judge", "Please calm down", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["clean"], false);
    let b = &v["banned"][0];
    assert_eq!(b["span"]["start"], 7);
    assert_eq!(b["span"]["end"], 16);
}

#[test]
fn list_shows_loadable_scenarios_and_names_broken_files() {
    let dir = tempdir();
    std::fs::copy(
        project("tests/fixtures/valid/minimal.ron"),
        dir.join("minimal.ron"),
    )
    .unwrap();
    std::fs::write(dir.join("broken.ron"), "(version: 1, id: ").unwrap();
    let o = run(&["list", dir.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["scenarios"][0]["id"], "minimal");
    assert_eq!(v["scenarios"][0]["trait"], "rush");
    assert_eq!(
        v["scenarios"][0]["languages"],
        serde_json::json!(["zh", "en"])
    );
    assert!(
        v["broken"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("broken.ron")
    );
    let table = run(&["list", dir.to_str().unwrap()]);
    let out = stdout(&table);
    assert!(out.lines().next().unwrap().starts_with("ID"), "{out}");
    assert!(out.contains("minimal"), "{out}");
    assert!(String::from_utf8_lossy(&table.stderr).contains("broken.ron"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn list_of_the_shipped_scenarios_names_them_all() {
    let o = run(&["list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["scenarios"].as_array().unwrap().len() >= 4);
    assert_eq!(v["broken"], serde_json::json!([]));
}

/// A fresh folder under the target directory (no extra crate for one helper).
pub fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "counterplay-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
