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

/// The binary with `input` typed on its standard input, as a trainee at a terminal would.
fn run_typing(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_counterplay"))
        .args(args)
        .current_dir(crate::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("a pipe")
        .write_all(input.as_bytes())
        .expect("the input is taken");
    child.wait_with_output().expect("the binary ends")
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

#[test]
fn run_twice_prints_byte_identical_output() {
    for args in [
        &["run", "card_wait", "--seed", "7", "--replies", "2,2,1,3,2"][..],
        &[
            "run",
            "noisy_hall",
            "--seed",
            "3",
            "--replies",
            "1,3,2",
            "--json",
        ],
        &[
            "run",
            "membership_card_late",
            "--replies",
            "2,2,1,3,1,3,2",
            "--lang",
            "en",
        ],
    ] {
        let (a, b) = (run(args), run(args));
        assert_eq!(
            a.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&a.stderr)
        );
        assert!(!a.stdout.is_empty());
        assert_eq!(a.stdout, b.stdout, "{args:?}");
    }
}

#[test]
fn run_json_has_the_outcome_score_estimate_and_turns() {
    let o = run(&["run", "card_wait", "--replies", "3,1", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        [
            "resolved",
            "escalated",
            "walked_out",
            "gave_up",
            "referred",
            "unresolved"
        ]
        .contains(&v["outcome"].as_str().unwrap()),
        "{v}"
    );
    assert!(v["score"].as_u64().unwrap() <= 100);
    assert!((0.0..=1.0).contains(&v["return_probability"].as_f64().unwrap()));
    assert!(v["word_of_mouth"].is_object());
    let turns = v["turns"].as_array().unwrap();
    assert!(!turns.is_empty());
    for t in turns {
        assert!(t["reply"].is_string() && t["findings"].is_array(), "{t}");
        for k in ["anger", "trust", "patience"] {
            assert!((0.0..=1.0).contains(&t[k].as_f64().unwrap()), "{t}");
        }
    }
    // The first reply is the bad one: its banned phrase is a finding with a span.
    let first = &turns[0]["findings"];
    assert!(
        first
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["type"] == "banned" && f["span"].is_object()),
        "{first}"
    );
}

#[test]
fn run_refuses_unknown_scenarios_and_option_numbers() {
    let o = run(&["run", "card_wiat"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `card_wait`"));
    assert_eq!(
        run(&["run", "card_wait", "--replies", "0"]).status.code(),
        Some(2)
    );
    let o = run(&["run", "card_wait", "--replies", "9"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no option 9"));
}

#[test]
fn run_with_class_votes_plays_the_majority_and_shows_the_split() {
    let o = run(&[
        "run",
        "card_wait",
        "--votes",
        "12,5,3",
        "--votes",
        "2,10,1",
        "--lang",
        "en",
    ]);
    assert!(o.status.success(), "{o:?}");
    let text = stdout(&o);
    let split = &text[text.find("How the class voted:").expect("a split section")..];
    assert!(split.contains("Reply 1: 20 votes"), "{split}");
    assert!(split.contains("[1] 12 (60%) ← played"), "{split}");
    assert!(split.contains("Reply 2: 13 votes"), "{split}");
    assert!(split.contains("[2] 10 (77%) ← played"), "{split}");
    // The same votes as JSON, numbered from 1.
    let o = run(&[
        "run",
        "card_wait",
        "--votes",
        "12,5,3",
        "--votes",
        "2,10,1",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["turns"][0]["votes"], serde_json::json!([12, 5, 3]));
    assert_eq!(v["class"].as_array().unwrap().len(), 6);
    assert_eq!(v["class"][4]["played"], true);
    // A tie is refused, whoever would settle it: the class votes again. A tally that does not
    // fit is refused too.
    for args in [
        &["--votes", "5,5,1"][..],
        &["--votes", "5,5,1", "--replies", "2"],
    ] {
        let o = run(&[&["run", "card_wait"][..], args].concat());
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("tied between options 1, 2"));
    }
    let o = run(&["run", "card_wait", "--votes", "5,5"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("2 counts for 3 options"));
}

#[test]
fn explore_json_reports_paths_outcomes_best_worst_and_loose_nodes() {
    let o = run(&["explore", "card_wait", "--seeds", "1", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["paths"].as_u64().unwrap() > 100);
    assert!(v["outcomes"]["resolved"].as_u64().unwrap() > 0);
    assert_eq!(v["best"]["outcome"], "resolved");
    assert!(v["best"]["replies"].as_array().unwrap().len() >= 5);
    assert!(v["worst"]["score"].as_u64() < v["best"]["score"].as_u64());
    assert_eq!(v["unreachable"], serde_json::json!([]));
    assert_eq!(v["dead_ends"], serde_json::json!([]));
    // The naive trainees and the length giveaways (see naive.rs).
    assert_eq!(v["naive"].as_array().unwrap().len(), 8);
    assert!(v["length"]["choice_points"].as_u64().unwrap() > 0);
}

#[test]
fn play_reads_replies_from_standard_input() {
    let o = run_typing(
        &["play", "card_wait", "--lang", "en"],
        "2\nGo on, I'm listening. Let me check right now.\nq\n",
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("Mr Wang [#"), "{out}");
    assert!(out.contains("(stopped before the end)"), "{out}");
    assert!(out.contains("Score: "), "{out}");
}

#[test]
fn graph_prints_every_node_and_every_reply_of_a_scenario_as_dot() {
    let o = run(&["graph", "card_wait"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.starts_with("digraph \"card_wait\" {"), "{out}");
    assert!(out.trim_end().ends_with('}'));
    let scenario = crate::shipped()
        .into_iter()
        .find(|s| s.id == "card_wait")
        .unwrap();
    for n in &scenario.nodes {
        assert!(
            out.contains(&format!("\n  \"{}\" [label=", n.id)),
            "{}",
            n.id
        );
    }
    let edges: usize = scenario
        .nodes
        .iter()
        .flat_map(|n| &n.replies)
        .map(|r| r.targets().count())
        .sum();
    assert_eq!(out.matches(" -> ").count(), edges);
    assert!(out.contains("[resolved]") && out.contains("[escalated]"));
}

#[test]
fn graphviz_renders_the_graph_of_every_shipped_scenario() {
    for scenario in crate::shipped() {
        let dot = stdout(&run(&["graph", &scenario.id]));
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("Graphviz's dot is installed (.ci/packages test)");
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(dot.as_bytes())
            .unwrap();
        let o = child.wait_with_output().unwrap();
        assert!(
            o.status.success(),
            "{}: {}",
            scenario.id,
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(String::from_utf8_lossy(&o.stdout).contains("<svg"));
    }
}

/// A fresh folder for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("counterplay-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn new_writes_a_skeleton_that_checks_and_plays_and_never_overwrites() {
    let dir = scratch("new");
    let folder = dir.to_str().unwrap();
    let o = run(&[
        "new",
        "late_delivery",
        "--trait",
        "rush",
        "--setting",
        "shop",
        "--scenarios",
        folder,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let file = dir.join("late_delivery.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("setting: Shop") && text.contains("trait: Rush"));
    // The course's strategy for the customer type is quoted for the author.
    assert!(text.contains("要求快速处理的投诉者"), "{text}");

    let o = run(&["check", file.to_str().unwrap()]);
    assert!(
        stdout(&o).contains("1 ok, 0 errors, 0 warnings"),
        "{}",
        stdout(&o)
    );
    let o = run(&[
        "run",
        "late_delivery",
        "--replies",
        "1,1",
        "--scenarios",
        folder,
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("问题解决"), "{}", stdout(&o));

    // A second `new` with the same id leaves the file alone.
    std::fs::write(&file, "// mine\n").unwrap();
    let o = run(&["new", "late_delivery", "--scenarios", folder]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "// mine\n");
    // Ids and customer types are checked before anything is written.
    assert_eq!(run(&["new", "Late Delivery"]).status.code(), Some(2));
    assert_eq!(
        run(&["new", "x", "--trait", "angry"]).status.code(),
        Some(2)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_watch_reports_a_broken_save_and_its_fix() {
    use std::io::{BufRead, BufReader};
    use std::sync::mpsc;
    use std::time::Duration;

    let dir = scratch("watch");
    let file = dir.join("card_wait.ron");
    let good = std::fs::read_to_string(project("scenarios/card_wait.ron")).unwrap();
    std::fs::write(&file, &good).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_counterplay"))
        .args(["check", "--watch", file.to_str().unwrap()])
        .current_dir(crate::root())
        .stdout(std::process::Stdio::piped())
        .stdin(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Reads lines until one satisfies `want`; the deadline only turns a hang into a failure.
    let mut seen = Vec::new();
    let mut until = |want: &dyn Fn(&str) -> bool| loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => {
                let hit = want(&line);
                seen.push(line);
                if hit {
                    return;
                }
            }
            Err(_) => panic!("gave up; output so far:\n{}", seen.join("\n")),
        }
    };
    until(&|l| l.contains("1 ok, 0 errors"));
    until(&|l| l.starts_with("watching"));
    std::fs::write(
        &file,
        good.replacen("start: \"open\"", "start: \"opne\"", 1),
    )
    .unwrap();
    until(&|l| l.contains("card_wait.ron:31:12: error: unknown node `opne`"));
    until(&|l| l.contains("0 ok, 1 error"));
    until(&|l| l.starts_with("watching"));
    std::fs::write(&file, &good).unwrap();
    until(&|l| l.contains("1 ok, 0 errors"));
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn run_plays_typed_words_beside_options_and_says_what_was_heard() {
    let o = run(&[
        "run",
        "card_wait",
        "--seed",
        "3",
        "--replies",
        "say,2",
        "--say",
        "您好，请问有什么可以帮您？",
        "--json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let turns = v["turns"].as_array().unwrap();
    // The greeting means no option: the customer answered it where the talk was.
    assert_eq!(turns[0]["typed"], "您好，请问有什么可以帮您？");
    assert_eq!(turns[0]["option"], serde_json::Value::Null);
    assert_eq!(turns[0]["act"], "question");
    assert_eq!(turns[0]["node"], turns[1]["node"]);
    // The option after it is played as usual.
    assert_eq!(turns[1]["option"], 2);
    assert!(turns[1].get("typed").is_none());

    let o = run(&[
        "run",
        "hotel_overbooking",
        "--say",
        "钱先生，我给您送一张50元的代金券",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let turn = &v["turns"][0];
    assert_eq!(turn["act"], "offer");
    assert_eq!(
        turn["offer"],
        serde_json::json!((50.0f64 / 680.0 * 1000.0).round() / 1000.0)
    );
    assert!(
        turn["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["feature"] == "Compensation")
    );
}

#[test]
fn a_reply_marked_misread_in_play_reaches_the_class_report() {
    let data = tempdir();
    let data = data.to_str().unwrap();
    let o = run_typing(
        &[
            "--data-dir",
            data,
            "play",
            "card_wait",
            "--seed",
            "7",
            "--trainee",
            "Ann",
        ],
        "您好，请问有什么可以帮您？\n!\n2\n2\n1\n3\n2\n2\n2\n",
    );
    let out = stdout(&o);
    assert!(out.contains("顾客听到"), "{out}");
    assert!(out.contains("已记下"), "{out}");
    let o = run(&["--data-dir", data, "report", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let misread = v["misread"].as_array().unwrap();
    assert_eq!(misread.len(), 1, "{v}");
    assert_eq!(misread[0]["trainee"], "Ann");
    assert_eq!(misread[0]["text"], "您好，请问有什么可以帮您？");
    assert!(
        misread[0]["example"]
            .as_str()
            .unwrap()
            .starts_with("zh\tno\t")
    );
}

#[test]
fn judge_eval_scores_the_rulebook_on_a_labelled_file() {
    let o = run(&["judge", "--eval", "tests/judging/heldout.tsv", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["replies"], 370);
    let f1 = v["micro"]["f1"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&f1));
    let langs: Vec<&str> = v["banned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["lang"].as_str().unwrap())
        .collect();
    assert_eq!(langs, ["zh", "en"]);
    assert!(
        v["features"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["feature"] == "apology")
    );
    let text = stdout(&run(&["judge", "--eval", "tests/judging/heldout.tsv"]));
    assert!(
        text.contains("all (micro)") && text.contains("worst misses"),
        "{text}"
    );
    // A malformed file is named with its line.
    let dir = tempdir();
    let bad = dir.join("bad.tsv");
    std::fs::write(&bad, "lang\tbanned\tfeatures\ttext\nzh\tmaybe\t-\t好\n").unwrap();
    let o = run(&["judge", "--eval", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.tsv:2:1") && err.contains("`yes` or `no`"),
        "{err}"
    );
}
