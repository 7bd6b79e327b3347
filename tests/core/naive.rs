//! `explore`'s naive trainees and length giveaways, as an instructor reads them: every rule is
//! reported, and the figures are what playing the same replies through a session gives.

use std::process::Command;
use std::sync::Arc;

use counterplay::explore::{GENERIC_EN, GENERIC_ZH, naive_trainees};
use counterplay::lang::Lang;
use counterplay::scenario::{Grade, Scenario};
use counterplay::scoring::score;
use counterplay::session::{ReplyInput, Session};
use serde_json::Value;

use crate::{matcher, shipped};

fn explore(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_counterplay"))
        .arg("explore")
        .args(args)
        .current_dir(crate::root())
        .output()
        .expect("the binary runs")
}

fn card_wait() -> Arc<Scenario> {
    Arc::new(
        shipped()
            .into_iter()
            .find(|s| s.id == "card_wait")
            .expect("card_wait ships"),
    )
}

fn chars(s: &Scenario, node: &str, option: usize, lang: Lang) -> usize {
    s.node(node).unwrap().replies[option]
        .text
        .get(lang)
        .chars()
        .count()
}

#[test]
fn explore_json_reports_every_naive_trainee_on_every_seed() {
    let o = explore(&["card_wait", "--seeds", "3", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let naive = v["naive"].as_array().expect("a naive array");
    let who: Vec<(String, Value)> = naive
        .iter()
        .map(|n| (n["name"].as_str().unwrap().to_owned(), n["lang"].clone()))
        .collect();
    let want = [
        ("longest", "zh"),
        ("longest", "en"),
        ("shortest", "zh"),
        ("shortest", "en"),
        ("first", ""),
        ("kindest", ""),
        ("typed", "zh"),
        ("typed", "en"),
    ];
    let want: Vec<(String, Value)> = want
        .iter()
        .map(|(n, l)| {
            let lang = if l.is_empty() {
                Value::Null
            } else {
                Value::from(*l)
            };
            (n.to_string(), lang)
        })
        .collect();
    assert_eq!(who, want);
    for n in naive {
        let runs = n["runs"].as_array().unwrap();
        let seeds: Vec<u64> = runs.iter().map(|r| r["seed"].as_u64().unwrap()).collect();
        assert_eq!(seeds, vec![1, 2, 3], "{n}");
        let scores: Vec<u64> = runs.iter().map(|r| r["score"].as_u64().unwrap()).collect();
        let range = (scores.iter().min().unwrap(), scores.iter().max().unwrap());
        assert_eq!(n["score_range"], serde_json::json!([range.0, range.1]));
        let passed: Vec<Value> = runs
            .iter()
            .filter(|r| r["passed"] == true)
            .map(|r| r["seed"].clone())
            .collect();
        assert_eq!(n["passed_seeds"], Value::from(passed), "{n}");
        for r in runs {
            assert!(r["outcome"].is_string(), "{r}");
        }
    }
}

#[test]
fn the_longest_option_trainee_scores_what_a_session_gives_those_replies() {
    let o = explore(&["card_wait", "--seeds", "3", "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let s = card_wait();
    for lang in Lang::ALL {
        let report = v["naive"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["name"] == "longest" && n["lang"] == lang.code())
            .expect("a longest-option trainee per language");
        for run in report["runs"].as_array().unwrap() {
            let seed = run["seed"].as_u64().unwrap();
            // Play it here: at every reply the option with the most characters, the first on a tie.
            let mut session = Session::start(s.clone(), seed).unwrap();
            let mut replies = Vec::new();
            while !session.is_over() {
                let node = session.node().id.clone();
                let n = session.options().len();
                let pick = (0..n).fold(0, |best, i| {
                    if chars(&s, &node, i, lang) > chars(&s, &node, best, lang) {
                        i
                    } else {
                        best
                    }
                });
                session.reply(matcher(), ReplyInput::option(pick)).unwrap();
                replies.push(pick + 1);
            }
            let direct = score(matcher().rulebook(), &s, session.transcript());
            let outcome = session.transcript().ending.as_ref().unwrap().outcome;
            assert_eq!(
                run["replies"],
                serde_json::json!(replies),
                "{lang:?} seed {seed}"
            );
            assert_eq!(run["score"].as_u64(), Some(u64::from(direct.total)));
            assert_eq!(run["outcome"], outcome.key());
            assert_eq!(run["passed"], direct.passed);
        }
    }
}

#[test]
fn the_typed_trainee_types_the_same_words_a_trainee_would() {
    let o = explore(&["card_wait", "--seeds", "1", "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let s = card_wait();
    for (lang, words) in [("zh", GENERIC_ZH), ("en", GENERIC_EN)] {
        let report = v["naive"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["name"] == "typed" && n["lang"] == lang)
            .unwrap();
        let mut session = Session::start(s.clone(), 1).unwrap();
        while !session.is_over() {
            let typed = ReplyInput {
                choice: counterplay::session::ReplyChoice::Text(words.to_owned()),
                ..ReplyInput::option(0)
            };
            session.reply(matcher(), typed).unwrap();
        }
        let direct = score(matcher().rulebook(), &s, session.transcript());
        assert_eq!(
            report["runs"][0]["score"].as_u64(),
            Some(u64::from(direct.total))
        );
        assert_eq!(report["runs"][0]["passed"], direct.passed);
    }
}

#[test]
fn explore_lists_the_choice_points_whose_good_option_is_strictly_the_longest() {
    let o = explore(&["card_wait", "--seeds", "1", "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let s = card_wait();
    let choices = s.nodes.iter().filter(|n| n.replies.len() >= 2).count();
    assert_eq!(v["length"]["choice_points"].as_u64(), Some(choices as u64));
    let mut want = Vec::new();
    for node in s.nodes.iter().filter(|n| n.replies.len() >= 2) {
        for lang in Lang::ALL {
            let len: Vec<usize> = (0..node.replies.len())
                .map(|i| chars(&s, &node.id, i, lang))
                .collect();
            let top = *len.iter().max().unwrap();
            let longest: Vec<usize> = (0..len.len()).filter(|&i| len[i] == top).collect();
            if let [only] = longest[..]
                && node.replies[only].grade == Some(Grade::Good)
            {
                want.push((node.id.clone(), lang.code().to_owned(), only + 1));
            }
        }
    }
    let got: Vec<(String, String, usize)> = v["length"]["giveaways"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            assert!(g["ratio"].as_f64().unwrap() > 1.0, "{g}");
            (
                g["node"].as_str().unwrap().to_owned(),
                g["lang"].as_str().unwrap().to_owned(),
                g["option"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(got, want);
}

#[test]
fn explore_text_has_the_sections_and_warns_for_each_naive_trainee_that_passes() {
    let o = explore(&["card_wait", "--seeds", "2"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("\nLength giveaways: "), "{out}");
    assert!(out.contains("\nNaive trainees ("), "{out}");
    let json = explore(&["card_wait", "--seeds", "2", "--json"]);
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    let passing = v["naive"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| !n["passed_seeds"].as_array().unwrap().is_empty())
        .count();
    let warnings: Vec<&str> = out.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), passing, "{out}");
    for w in warnings {
        assert!(
            w.contains("a trainee could pass without the course's judgement"),
            "{w}"
        );
    }
}

#[test]
fn no_naive_trainee_passes_any_shipped_scenario_on_any_seed() {
    let seeds: Vec<u64> = (1..=5).collect();
    let mut passing = Vec::new();
    for scenario in shipped().into_iter().map(Arc::new) {
        for report in naive_trainees(&scenario, matcher(), &seeds) {
            if !report.passed_seeds.is_empty() {
                passing.push(format!(
                    "{}: {:?} passes on seeds {:?}",
                    scenario.id, report.trainee, report.passed_seeds
                ));
            }
        }
    }
    assert!(passing.is_empty(), "{passing:#?}");
}

#[test]
fn explore_refuses_a_seed_count_out_of_range_and_says_the_range() {
    for seeds in ["0", "1001", "18446744073709551615"] {
        let o = explore(&["card_wait", "--seeds", seeds]);
        assert_eq!(o.status.code(), Some(2), "{seeds}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--seeds"), "{seeds}: {err}");
    }
    // The largest count is taken (the unknown id is what fails then).
    let o = explore(&["no_such_scenario", "--seeds", "1000"]);
    assert_ne!(o.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&o.stderr).contains("--seeds"));
}

#[test]
fn the_path_limit_holds_over_all_seeds_together() {
    let card_wait = card_wait();
    let whole =
        counterplay::explore::explore_within(&card_wait, matcher(), 1..=1, usize::MAX).unwrap();
    assert!(!whole.truncated);
    // A budget of a tenth of one seed's paths, shared by 40 seeds.
    let limit = whole.paths / 10;
    let cut = counterplay::explore::explore_within(&card_wait, matcher(), 1..=40, limit).unwrap();
    assert!(cut.truncated);
    assert!(
        cut.paths <= limit,
        "{} paths over a limit of {limit}",
        cut.paths
    );
    assert!(cut.paths >= limit / 2, "{}", cut.paths);
    assert_eq!(cut.outcomes.values().sum::<usize>(), cut.paths);
    assert!(cut.best.score >= cut.worst.score);
}
