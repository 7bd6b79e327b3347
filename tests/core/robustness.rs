//! No input can panic the loader: generated and mutated files.

use std::path::Path;

use counterplay::ron_file::MAX_FILE_BYTES;
use counterplay::scenario::{load_file, load_str};
use proptest::prelude::*;

use crate::{cli::tempdir, ctx, project};

fn errors_of(source: &str) -> Vec<String> {
    load_str(Path::new("x.ron"), source, ctx())
        .diagnostics
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| d.headline())
        .collect()
}

#[test]
fn empty_and_whitespace_files_are_errors() {
    assert_eq!(
        errors_of(""),
        vec!["x.ron:1:1: error: file is empty; expected a RON value such as `( version: 1, ... )`"]
    );
    assert_eq!(errors_of(" \n\t\n").len(), 1);
}

#[test]
fn deep_nesting_is_an_error() {
    for (open, close) in [("(", ")"), ("[", "]"), ("{", "}"), ("Some(", ")")] {
        let deep = format!("{}{}", open.repeat(100_000), close.repeat(100_000));
        assert_eq!(errors_of(&deep).len(), 1, "{open}");
        let inside = format!(
            "(version: 1, tags: {}{})",
            "[".repeat(50_000),
            "]".repeat(50_000)
        );
        assert_eq!(errors_of(&inside).len(), 1);
    }
}

#[test]
fn wrong_top_level_types_are_errors() {
    for src in [
        "42",
        "\"a scenario\"",
        "[1, 2, 3]",
        "{ \"id\": 1 }",
        "Some(())",
    ] {
        assert_eq!(errors_of(src).len(), 1, "{src}");
    }
}

#[test]
fn oversized_and_binary_files_are_refused_with_a_reason() {
    let dir = tempdir();
    let big = dir.join("big.ron");
    std::fs::write(&big, vec![b' '; MAX_FILE_BYTES as usize + 1]).unwrap();
    let d = &load_file(&big, ctx()).diagnostics[0];
    assert!(d.message.contains("over the limit"), "{}", d.message);

    let bin = dir.join("bin.ron");
    std::fs::write(&bin, b"(version: 1,\n id: \"\xc3\x28\")").unwrap();
    let d = &load_file(&bin, ctx()).diagnostics[0];
    assert_eq!((d.start.line, d.start.column), (2, 7));
    assert!(d.message.contains("invalid UTF-8"), "{}", d.message);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_scenario_with_too_many_nodes_is_refused() {
    let base = std::fs::read_to_string(project("tests/fixtures/valid/minimal.ron")).unwrap();
    let extra: String = (0..600)
        .map(|i| {
            format!("(id: \"n{i}\", lines: [(text: (zh: \"好\", en: \"OK\"))], end: Resolved),\n")
        })
        .collect();
    let src = base.replace("    nodes: [\n", &format!("    nodes: [\n{extra}"));
    let errs = errors_of(&src);
    assert!(
        errs.iter().any(|e| e.contains("over the limit of 500")),
        "{errs:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(src in ".{0,400}") {
        let _ = load_str(Path::new("x.ron"), &src, ctx());
    }

    #[test]
    fn mutated_scenarios_never_panic(cut in 0usize..2000, insert in "[(),\\[\\]:\"a-z0-9 .]{0,8}") {
        let base = std::fs::read_to_string(project("tests/fixtures/valid/minimal.ron")).unwrap();
        let mut at = cut.min(base.len());
        while !base.is_char_boundary(at) {
            at -= 1;
        }
        let src = format!("{}{}{}", &base[..at], insert, &base[at..]);
        let loaded = load_str(Path::new("x.ron"), &src, ctx());
        for d in &loaded.diagnostics {
            prop_assert!(d.start.line >= 1 && d.start.column >= 1);
            let _ = d.render();
        }
    }

    #[test]
    fn truncated_scenarios_are_errors_with_a_position(len in 0usize..1500) {
        let base = std::fs::read_to_string(project("tests/fixtures/valid/minimal.ron")).unwrap();
        let mut at = len.min(base.len() - 2);
        while !base.is_char_boundary(at) {
            at -= 1;
        }
        let loaded = load_str(Path::new("x.ron"), &base[..at], ctx());
        prop_assert!(loaded.scenario.is_none());
    }
}
