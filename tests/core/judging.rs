//! How well the shipped rulebook reads typed replies, on replies labelled by hand and never
//! learned from (tests/judging/heldout.tsv). The figures guard against reading getting worse;
//! the goal (feature F1 0.85, 90% of banned replies caught with at most 2% false alarms, in
//! each language) is reached in Chinese and for the features; English banned replies are
//! caught at the goal with too many false alarms, see tests/judging/README.md.

use counterplay::lang::Lang;
use counterplay::rulebook::{evaluate, parse_examples};

use crate::{matcher, project};

/// Reads a labelled file, checking that none of its replies is among the rulebook's examples.
fn never_learned(path: &str) -> Vec<counterplay::rulebook::Example> {
    let text = std::fs::read_to_string(project(path)).unwrap();
    let rows = parse_examples(&text).unwrap();
    let examples = std::fs::read_to_string(project("assets/examples.tsv")).unwrap();
    let learned: std::collections::HashSet<String> = parse_examples(&examples)
        .unwrap()
        .into_iter()
        .map(|e| e.text)
        .collect();
    assert!(rows.iter().all(|r| !learned.contains(&r.text)), "{path}");
    rows
}

#[test]
fn held_out_replies_are_read_at_least_as_well_as_when_last_measured() {
    let rows = never_learned("tests/judging/heldout.tsv");
    assert!(rows.len() >= 370);
    let e = evaluate(matcher(), &rows);
    println!("micro {:?} F1 {:.2}", e.micro, e.micro.f1());
    // Measured: F1 0.876; zh 66/72 caught, 0/126 false; en 48/52 caught, 2/120 false.
    assert!(e.micro.f1() >= 0.85, "{:?}", e.micro);
    for b in &e.banned {
        let (recall, alarms) = match b.lang {
            Lang::Zh => (0.91, 0.02),
            Lang::En => (0.90, 0.02),
        };
        assert!(b.recall() >= recall, "{b:?}");
        assert!(b.false_alarm_rate() <= alarms, "{b:?}");
    }
}

/// Scores a one-language file never learned from against the figures it must keep.
#[track_caller]
fn reads_at_least(path: &str, lang: Lang, replies: usize, f1: f64, recall: f64, alarms: f64) {
    let rows = never_learned(path);
    assert_eq!(rows.len(), replies, "{path}");
    let e = evaluate(matcher(), &rows);
    assert!(e.micro.f1() >= f1, "{path}: {:?}", e.micro);
    let b = e.banned.iter().find(|b| b.lang == lang).unwrap();
    assert!(b.recall() >= recall, "{path}: {b:?}");
    assert!(b.false_alarm_rate() <= alarms, "{path}: {b:?}");
}

/// A second writer's English, held out as well: a quality reviewer's notes of what staff say.
#[test]
fn a_reviewers_notes_are_read_at_least_as_well_as_when_last_measured() {
    // Measured: F1 0.82; 83/103 caught, 3/174 false.
    reads_at_least(
        "tests/judging/reviewer.tsv",
        Lang::En,
        277,
        0.81,
        0.80,
        0.02,
    );
}

/// The English dev sets, each written blind in the original set's conventions and read only
/// after it was first scored: patterns were written from the kinds of their false alarms and
/// misses, so each guards those against coming back.
#[test]
fn the_english_dev_sets_keep_their_false_alarms_down() {
    // The original situations. Measured: F1 0.77; 91/97 caught, 3/200 false (12/200 when first
    // scored).
    reads_at_least("tests/judging/dev2.tsv", Lang::En, 297, 0.75, 0.90, 0.02);
    // Twelve other counters. Measured: F1 0.84; 75/78 caught, 0/219 false (4/220 first).
    reads_at_least("tests/judging/dev3.tsv", Lang::En, 297, 0.82, 0.90, 0.01);
    // Three writers: a counter's practice lines, a tutor's classroom collection, a busy shift's
    // chat. Measured: F1 0.81; 244/256 caught, 3/627 false (242/270 and 19/630 first).
    reads_at_least("tests/judging/dev4.tsv", Lang::En, 883, 0.80, 0.93, 0.01);
    // The original set's English example lines rewritten anew, clean and banned. Measured: F1
    // 0.84; 128/136 caught, 1/335 false (99/136 and 15/342 first).
    reads_at_least("tests/judging/dev5.tsv", Lang::En, 471, 0.83, 0.92, 0.01);
}

/// Chinese in the original set's conventions, by two writers (a counter's and a hotline's
/// staff; a tutor's classroom collection), read after it was first scored.
#[test]
fn the_chinese_dev_set_keeps_its_false_alarms_down() {
    // Measured: F1 0.81; 207/216 caught, 4/376 false (203/222 and 6/378 when first scored).
    reads_at_least("tests/judging/dev6.tsv", Lang::Zh, 592, 0.80, 0.94, 0.015);
}
