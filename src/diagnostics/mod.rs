//! Compiler-style diagnostics for files people write: `path:line:column: error: message`, the
//! source line and a caret under the offending token.

mod locate;

pub use locate::{Locator, Seg};

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use unicode_width::UnicodeWidthChar;

/// How bad a problem is: errors stop a file from loading, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file loads, but something is likely a mistake.
    Warning,
    /// The file cannot be used.
    Error,
}

/// A position in a source file: 1-based line, 1-based column counted in characters (as ron does),
/// so a column means the same in any editor whatever the script.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// One problem found in a file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// The file, as the user named it.
    pub file: PathBuf,
    /// Error or warning.
    pub severity: Severity,
    /// Where the problem starts.
    #[serde(flatten)]
    pub start: Pos,
    /// Where it ends (exclusive), on the same line or later.
    #[serde(skip)]
    pub end: Pos,
    /// What is wrong, and what was expected.
    pub message: String,
    /// A suggestion, such as the node id the author probably meant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The source line, for rendering without the file at hand.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A diagnostic covering `start..end` of `source`.
    pub fn at(
        file: &Path,
        source: &str,
        severity: Severity,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let start = pos_of(source, span.start);
        let end = pos_of(source, span.end.max(span.start));
        Diagnostic {
            file: file.to_path_buf(),
            severity,
            start,
            end,
            message: message.into(),
            hint: None,
            source_line: source.lines().nth(start.line - 1).map(str::to_owned),
        }
    }

    /// A diagnostic about the file as a whole (unreadable, too large), placed at 1:1.
    pub fn whole_file(file: &Path, severity: Severity, message: impl Into<String>) -> Self {
        let p = Pos { line: 1, column: 1 };
        Diagnostic {
            file: file.to_path_buf(),
            severity,
            start: p,
            end: p,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The one-line form editors and tests read: `path:line:column: error: message`.
    pub fn headline(&self) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!(
            "{}:{}:{}: {sev}: {}",
            self.file.display(),
            self.start.line,
            self.start.column,
            self.message
        )
    }

    /// The headline, the source line with a caret under the span, and the hint.
    pub fn render(&self) -> String {
        let mut out = self.headline();
        out.push('\n');
        if let Some(line) = &self.source_line {
            let gutter = self.start.line.to_string();
            let pad = " ".repeat(gutter.len());
            let shown: String = line.replace('\t', " ");
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{gutter} | {shown}");
            let before: usize = shown
                .chars()
                .take(self.start.column - 1)
                .map(|c| c.width().unwrap_or(0))
                .sum();
            let last_col = if self.end.line == self.start.line {
                self.end.column
            } else {
                shown.chars().count() + 1
            };
            let under: usize = shown
                .chars()
                .skip(self.start.column - 1)
                .take(last_col.saturating_sub(self.start.column))
                .map(|c| c.width().unwrap_or(0))
                .sum();
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(before),
                "^".repeat(under.max(1))
            );
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {hint}");
        }
        out
    }
}

/// The line and character column of byte offset `at` in `source` (clamped to the text).
pub fn pos_of(source: &str, at: usize) -> Pos {
    let mut at = at.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line,
        column: source[line_start..at].chars().count() + 1,
    }
}

/// The byte offset of a 1-based line and character column (clamped to the text).
pub fn offset_of(source: &str, pos: Pos) -> usize {
    let mut offset = 0;
    for (i, line) in source.split_inclusive('\n').enumerate() {
        if i + 1 == pos.line {
            return offset
                + line
                    .char_indices()
                    .nth(pos.column.saturating_sub(1))
                    .map_or(line.trim_end_matches('\n').len(), |(b, _)| b);
        }
        offset += line.len();
    }
    source.len()
}

/// Edit distance, for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let src = "a\n  名字: \"x\"";
        let at = src.find('"').unwrap();
        assert_eq!(pos_of(src, at), Pos { line: 2, column: 7 });
        assert_eq!(offset_of(src, Pos { line: 2, column: 7 }), at);
    }

    #[test]
    fn renders_a_caret_under_wide_characters() {
        let src = "名字: \"explian\"";
        let start = src.find('"').unwrap();
        let d = Diagnostic::at(
            Path::new("s.ron"),
            src,
            Severity::Error,
            start..src.len(),
            "unknown node",
        );
        let text = d.render();
        assert!(
            text.starts_with("s.ron:1:5: error: unknown node\n"),
            "{text}"
        );
        // Two wide characters and ": " take 6 columns before the caret.
        assert!(text.contains("\n  |       ^^^^^^^^^\n"), "{text}");
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(closest("explian", ["explain", "apology"]), Some("explain"));
        assert_eq!(closest("zzz", ["explain", "apology"]), None);
    }
}
