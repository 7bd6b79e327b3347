//! Every file in `tests/fixtures/broken/` ends with `// expect: LINE:COL: SEVERITY: MESSAGE`
//! lines (and `[hint: …]` where one is given); the checker must report exactly those.

use counterplay::scenario::load_file;

use crate::{ctx, project};

fn expected(source: &str) -> Vec<String> {
    source
        .lines()
        .filter_map(|l| l.strip_prefix("// expect: "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn each_broken_file_reports_exactly_its_expected_diagnostics() {
    let dir = project("tests/fixtures/broken");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 20, "only {} fixtures", files.len());
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        let want = expected(&source);
        assert!(!want.is_empty(), "{} has no expectations", file.display());
        let loaded = load_file(&file, ctx());
        let got: Vec<String> = loaded
            .diagnostics
            .iter()
            .map(|d| {
                let head = d.headline();
                let prefix = format!("{}:", file.display());
                let mut s = head.strip_prefix(&prefix).unwrap_or(&head).to_owned();
                if let Some(h) = &d.hint {
                    s.push_str(&format!(" [hint: {h}]"));
                }
                s
            })
            .collect();
        assert_eq!(got, want, "{}", file.display());
        let has_error = want.iter().any(|w| w.contains(": error: "));
        assert_eq!(loaded.scenario.is_none(), has_error, "{}", file.display());
    }
}

#[test]
fn the_base_of_the_broken_files_is_itself_clean() {
    let loaded = load_file(&project("tests/fixtures/valid/minimal.ron"), ctx());
    assert_eq!(loaded.diagnostics, vec![]);
    assert!(loaded.scenario.is_some());
}

#[test]
fn rendering_shows_the_line_and_a_caret_under_the_token() {
    let loaded = load_file(&project("tests/fixtures/broken/dangling_next.ron"), ctx());
    let text = loaded.diagnostics[0].render();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].ends_with("error: unknown node `doen`"), "{text}");
    assert_eq!(lines[2], "27 |                     next: \"doen\",");
    assert_eq!(lines[3], "   |                           ^^^^^^");
    assert_eq!(lines[4], "  = hint: did you mean `open`?");
}
