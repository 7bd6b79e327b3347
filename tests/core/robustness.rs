//! No input can panic the loader: generated and mutated files.

use std::path::Path;

use counterplay::ron_file::MAX_FILE_BYTES;
use counterplay::scenario::{load_file, load_str};
use proptest::prelude::*;

use crate::{cli::tempdir, ctx, hostile, project};

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
    fn spliced_shipped_scenarios_never_panic_and_point_inside_the_file(
        file in 0usize..10,
        cut in 0usize..60_000,
        gone in 0usize..3000,
        copy in 0usize..60_000,
        copied in 0usize..3000,
    ) {
        // A block of the file dropped, and another block of it repeated in its place: the
        // mistakes of copy and paste, at any scale.
        let mut paths: Vec<_> = std::fs::read_dir(project("scenarios"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        let base = std::fs::read_to_string(&paths[file % paths.len()]).unwrap();
        let boundary = |mut at: usize| {
            at = at.min(base.len());
            while !base.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let (at, end) = (boundary(cut), boundary(cut + gone));
        let (from, to) = (boundary(copy), boundary(copy + copied));
        let src = format!("{}{}{}", &base[..at], &base[from..to], &base[end..]);
        let loaded = load_str(Path::new("x.ron"), &src, ctx());
        let lines = src.lines().count().max(1);
        for d in &loaded.diagnostics {
            prop_assert!(d.start.line >= 1 && d.start.line <= lines + 1, "{}", d.headline());
            let _ = d.render();
        }
    }

    #[test]
    fn mutated_rulebooks_never_panic(cut in 0usize..250_000, insert in "[(),\\[\\]:\"a-z0-9 .…]{0,8}") {
        let base = std::fs::read_to_string(project("assets/rulebook.ron")).unwrap();
        let mut at = cut.min(base.len());
        while !base.is_char_boundary(at) {
            at -= 1;
        }
        let src = format!("{}{}{}", &base[..at], insert, &base[at..]);
        if let Err(errors) = counterplay::rulebook::parse_rulebook(&project("assets/rulebook.ron"), &src) {
            prop_assert!(!errors.is_empty());
            for d in &errors {
                let _ = d.render();
            }
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

#[test]
fn a_file_over_the_node_limit_gets_one_error_and_no_copy_of_its_line() {
    let source = hostile::too_many_nodes();
    assert!(source.len() < MAX_FILE_BYTES as usize);
    let file = load_str(Path::new("x.ron"), &source, ctx());
    assert_eq!(file.diagnostics.len(), 1, "{:?}", file.diagnostics[0]);
    let d = &file.diagnostics[0];
    assert!(
        d.message.contains("14000 nodes is over the limit of 500"),
        "{}",
        d.message
    );
    // The diagnostic shows a window of the 420 KB line, not the line.
    assert!(d.render().len() < 1000, "{}", d.render().len());
}

#[test]
fn many_problems_on_one_long_line_each_cost_the_same() {
    // 499 nodes of 9 replies, each reply with several mistakes: thousands of diagnostics on a
    // line of 280 KB. Copying the line into each, or counting columns from the start of the
    // file for each, would take minutes and gigabytes.
    let source = hostile::every_reply_wrong();
    let file = load_str(Path::new("x.ron"), &source, ctx());
    assert!(
        file.diagnostics.len() > 3 * 499 * 9,
        "{}",
        file.diagnostics.len()
    );
    let shown: usize = file.diagnostics.iter().map(|d| d.render().len()).sum();
    assert!(shown < 1000 * file.diagnostics.len());
    // The last reply's dangling `next` is found where it is.
    let last = file
        .diagnostics
        .iter()
        .find(|d| d.message.contains("x498_8"))
        .unwrap();
    let quote = source.find("\"x498_8").unwrap();
    assert_eq!(
        (last.start.line, last.start.column),
        (1, source[..quote].chars().count() + 1)
    );
    assert!(last.render().contains("\"x498_8\""), "{}", last.render());
}

#[test]
fn blank_and_oversized_texts_tags_and_sources_are_limited() {
    let base = std::fs::read_to_string(project("tests/fixtures/valid/minimal.ron")).unwrap();
    let blank = " ".repeat(900_000);
    for (what, replaced, by) in [
        (
            "text",
            "en: \"Why isn't it done yet?\"",
            format!("en: \"{blank}\""),
        ),
        (
            "tag",
            "difficulty: 1,",
            format!("difficulty: 1, tags: [\"{blank}\"],"),
        ),
        (
            "source",
            "difficulty: 1,",
            format!("difficulty: 1, source: \"{blank}\","),
        ),
    ] {
        let source = base.replacen(replaced, &by, 1);
        let errors = errors_of(&source);
        assert!(
            errors
                .iter()
                .any(|e| e.contains("900000 characters, over the limit")),
            "{what}: {errors:?}"
        );
    }
    let many: Vec<String> = (0..21).map(|i| format!("\"t{i}\"")).collect();
    let source = base.replacen(
        "difficulty: 1,",
        &format!("difficulty: 1, tags: [{}],", many.join(",")),
        1,
    );
    assert!(
        errors_of(&source)
            .iter()
            .any(|e| e.contains("21 tags is over the limit of 20"))
    );
}

#[test]
fn a_byte_order_mark_is_not_text() {
    let dir = tempdir();
    let base = std::fs::read(project("tests/fixtures/valid/minimal.ron")).unwrap();
    let path = dir.join("bom.ron");
    std::fs::write(&path, [b"\xEF\xBB\xBF".as_slice(), &base].concat()).unwrap();
    let file = load_file(&path, ctx());
    assert!(!file.has_errors(), "{:?}", file.diagnostics);
    // Columns on the first line are as an editor shows them, the mark not counted.
    std::fs::write(&path, b"\xEF\xBB\xBF(version: 2,").unwrap();
    let d = &load_file(&path, ctx()).diagnostics[0];
    assert_eq!(d.start.line, 1);
    assert!(d.start.column <= 14, "{d:?}");
}

#[test]
fn a_number_too_large_for_its_field_says_the_range() {
    let base = std::fs::read_to_string(project("tests/fixtures/valid/minimal.ron")).unwrap();
    let errors = errors_of(&base.replacen("difficulty: 1", "difficulty: 300", 1));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("`difficulty` must be 1 to 5; `300` is out of range"),
        "{}",
        errors[0]
    );
}

#[cfg(unix)]
#[test]
fn devices_are_refused_without_being_read() {
    let file = load_file(Path::new("/dev/zero"), ctx());
    let d = &file.diagnostics[0];
    assert!(d.message.contains("not a regular file"), "{}", d.message);
    let rulebook = counterplay::rulebook::load_rulebook(Some(Path::new("/dev/zero")));
    let errors = rulebook.err().unwrap();
    assert!(
        errors[0].message.contains("not a regular file"),
        "{}",
        errors[0].message
    );
}

#[cfg(unix)]
#[test]
fn a_portrait_linked_from_outside_the_assets_folder_is_refused() {
    let dir = tempdir();
    let assets = dir.join("assets");
    std::fs::create_dir_all(assets.join("portraits")).unwrap();
    std::fs::write(dir.join("elsewhere.png"), b"not ours").unwrap();
    std::os::unix::fs::symlink(dir.join("elsewhere.png"), assets.join("portraits/li.png")).unwrap();
    let assets = counterplay::assets::Assets::open(&assets).unwrap();
    let ctx = counterplay::scenario::CheckContext {
        matcher: crate::matcher(),
        assets: Some(&assets),
    };
    let base = std::fs::read_to_string(project("tests/fixtures/valid/minimal.ron")).unwrap();
    let source = base.replacen(
        "trait: Rush,",
        "trait: Rush, portrait: \"portraits/li.png\",",
        1,
    );
    let errors: Vec<String> = load_str(Path::new("x.ron"), &source, ctx)
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        errors,
        ["asset path `portraits/li.png` leads out of assets/ through a link"]
    );
}

#[test]
fn control_characters_in_texts_are_refused_and_never_printed() {
    let base = std::fs::read_to_string(project("tests/fixtures/valid/minimal.ron")).unwrap();
    for (what, raw) in [
        ("escape", "\\u{1b}[2J"),
        ("bell", "\u{7}"),
        ("reversal", "\u{202e}"),
    ] {
        let source = base.replacen(
            "Why isn't it done yet?",
            &format!("Why{raw} isn't it done?"),
            1,
        );
        let file = load_str(Path::new("x.ron"), &source, ctx());
        let errors: Vec<&str> = file
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(errors.len(), 1, "{what}: {errors:?}");
        assert!(
            errors[0].contains("control character U+"),
            "{what}: {}",
            errors[0]
        );
        for d in &file.diagnostics {
            let shown = d.render();
            assert!(
                !shown.contains(['\u{1b}', '\u{7}', '\u{202e}']),
                "{what}: {shown}"
            );
        }
    }
}
