//! Compiler-style diagnostics for files people write: `path:line:column: error: message`, the
//! source line and a caret under the offending token.

mod locate;

pub use locate::{Locator, Seg};

use std::borrow::Cow;
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
    /// The source line around the problem, for rendering without the file at hand: the whole
    /// line when it is short, a window around the span when it is long.
    #[serde(skip)]
    pub source_line: Option<Excerpt>,
}

/// Part of a source line: a one-line file of a megabyte is not copied into every diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// The text shown.
    pub text: String,
    /// The column of the line the text starts at (1-based).
    pub first_column: usize,
    /// Whether the line goes on past the text.
    pub cut_after: bool,
}

/// The most characters of a line an excerpt shows.
const EXCERPT_CHARS: usize = 160;
/// How many characters an excerpt keeps before the span when it has to cut the line.
const EXCERPT_BEFORE: usize = 40;

impl Diagnostic {
    /// A diagnostic covering `start..end` of `source`. Reads the whole source: where a file
    /// may have many diagnostics, build its [`Lines`] once and use [`Diagnostic::at_line`].
    pub fn at(
        file: &Path,
        source: &str,
        severity: Severity,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic::at_line(file, source, &Lines::new(source), severity, span, message)
    }

    /// A diagnostic covering `start..end` of `source`, whose lines are `lines`: its cost does
    /// not grow with the file.
    pub fn at_line(
        file: &Path,
        source: &str,
        lines: &Lines,
        severity: Severity,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let start = lines.pos(source, span.start);
        let end = lines.pos(source, span.end.max(span.start));
        Diagnostic {
            file: file.to_path_buf(),
            severity,
            start,
            end,
            message: message.into(),
            hint: None,
            source_line: Some(lines.excerpt(source, span.start.min(source.len()), start)),
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
            visible(&self.file.display().to_string()),
            self.start.line,
            self.start.column,
            visible(&self.message)
        )
    }

    /// The headline, the source line with a caret under the span, and the hint.
    pub fn render(&self) -> String {
        let mut out = self.headline();
        out.push('\n');
        if let Some(excerpt) = &self.source_line {
            let gutter = self.start.line.to_string();
            let pad = " ".repeat(gutter.len());
            let cut_before = excerpt.first_column > 1;
            let shown = format!(
                "{}{}{}",
                if cut_before { "…" } else { "" },
                excerpt.text.replace('\t', " "),
                if excerpt.cut_after { "…" } else { "" }
            );
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{gutter} | {}", visible(&shown));
            // A character shown escaped takes the width of its escape.
            let width = |c: char| {
                if is_hidden(c) {
                    c.escape_default().count()
                } else {
                    c.width().unwrap_or(0)
                }
            };
            // Columns of the excerpt (the ellipsis before it, if any, is one more).
            let from = self.start.column - excerpt.first_column + usize::from(cut_before);
            let last_col = if self.end.line == self.start.line {
                self.end.column - excerpt.first_column + usize::from(cut_before)
            } else {
                shown.chars().count()
            };
            let before: usize = shown.chars().take(from).map(width).sum();
            let under: usize = shown
                .chars()
                .skip(from)
                .take(last_col.saturating_sub(from))
                .map(width)
                .sum();
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(before),
                "^".repeat(under.max(1))
            );
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {}", visible(hint));
        }
        out
    }
}

/// `text` safe to print on a terminal: control characters but the tab (escape sequences among
/// them) and the marks that reorder text are shown as escapes (`\u{1b}`), so data read from
/// files can neither drive the terminal nor disguise what it says.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.contains(is_hidden) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if is_hidden(c) {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Whether `c` could drive a terminal or disguise text: a control character but the tab, or a
/// mark that reorders text.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Where each line of one source starts, and how many characters precede every block of it:
/// a line and column found in a time that does not grow with the file, even when the whole
/// file is one line.
#[derive(Debug, Default)]
pub struct Lines {
    /// The byte offset of each line's start.
    starts: Vec<usize>,
    /// Characters before each `BLOCK`-byte block's first character boundary, and that boundary.
    blocks: Vec<(usize, usize)>,
}

/// The bytes between two character counts kept by [`Lines`].
const BLOCK: usize = 1024;

impl Lines {
    /// Indexes `source`.
    pub fn new(source: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut blocks = Vec::with_capacity(source.len() / BLOCK + 1);
        let mut chars = 0;
        let mut at = 0;
        while at < source.len() {
            blocks.push((at, chars));
            let mut next = (at + BLOCK).min(source.len());
            while !source.is_char_boundary(next) {
                next += 1;
            }
            chars += source[at..next].chars().count();
            at = next;
        }
        Lines { starts, blocks }
    }

    /// Characters of `source` before byte `at` (a character boundary).
    fn chars_before(&self, source: &str, at: usize) -> usize {
        let i = self.blocks.partition_point(|(b, _)| *b <= at);
        match i.checked_sub(1) {
            Some(i) => {
                let (from, chars) = self.blocks[i];
                chars + source[from..at].chars().count()
            }
            None => 0,
        }
    }

    /// The line and character column of byte offset `at` (clamped to the text).
    pub fn pos(&self, source: &str, at: usize) -> Pos {
        let mut at = at.min(source.len());
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        let line = self.starts.partition_point(|s| *s <= at).max(1);
        let start = self.starts[line - 1];
        Pos {
            line,
            column: self.chars_before(source, at) - self.chars_before(source, start) + 1,
        }
    }

    /// The text of the line holding byte `at` (at `pos`), cut to a window around it when the
    /// line is long; found without reading the rest of the line.
    fn excerpt(&self, source: &str, at: usize, pos: Pos) -> Excerpt {
        let start = self.starts[pos.line - 1];
        let end = self
            .starts
            .get(pos.line)
            .map_or(source.len(), |next| next - 1);
        let line_chars = self.chars_before(source, end) - self.chars_before(source, start);
        if line_chars <= EXCERPT_CHARS {
            return Excerpt {
                text: source[start..end].trim_end_matches('\r').to_owned(),
                first_column: 1,
                cut_after: false,
            };
        }
        let mut at = at.clamp(start, end);
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        let from = source[start..at]
            .char_indices()
            .rev()
            .take(EXCERPT_BEFORE)
            .last()
            .map_or(at, |(i, _)| start + i);
        let mut rest = source[from..end].chars();
        let text: String = rest.by_ref().take(EXCERPT_CHARS).collect();
        Excerpt {
            first_column: pos.column - source[from..at].chars().count(),
            cut_after: rest.next().is_some(),
            text: text.trim_end_matches('\r').to_owned(),
        }
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
        assert_eq!(Lines::new(src).pos(src, at), Pos { line: 2, column: 7 });
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
    fn a_long_line_is_shown_as_a_window_with_the_caret_in_place() {
        let src = format!(
            "{}名字: \"explian\"{}\nnext",
            "x".repeat(5000),
            "y".repeat(5000)
        );
        let start = src.find('"').unwrap();
        let d = Diagnostic::at(
            Path::new("s.ron"),
            &src,
            Severity::Error,
            start..start + 9,
            "unknown node",
        );
        assert_eq!(
            d.start,
            Pos {
                line: 1,
                column: 5005
            }
        );
        let text = d.render();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[2].starts_with("1 | …xxx"), "{text}");
        assert!(lines[2].ends_with("yyy…"), "{text}");
        assert!(lines[2].chars().count() < 200, "{text}");
        // The caret sits under the quote: after the ellipsis, 34 x, and 名字: (6 columns).
        let caret = lines[3].find('^').unwrap();
        let quote = lines[2].find('"').unwrap();
        let width = |s: &str| s.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>();
        assert_eq!(caret, width(&lines[2][..quote]), "{text}");
    }

    #[test]
    fn escapes_in_a_file_never_reach_the_terminal() {
        let src = "(id: \"a\u{1b}[2J\", x: 1)";
        let start = src.find("x:").unwrap();
        let d = Diagnostic::at(
            Path::new("s\u{1b}.ron"),
            src,
            Severity::Error,
            start..start + 1,
            "unknown field `x\u{7}`",
        );
        let text = d.render();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[2], "1 | (id: \"a\\u{1b}[2J\", x: 1)");
        assert_eq!(lines[3].find('^'), lines[2].find("x:"), "{text}");
        assert_eq!(visible("card_wait\tok"), "card_wait\tok");
        assert_eq!(
            visible("a\u{1b}[2Jb\u{202e}c\n"),
            "a\\u{1b}[2Jb\\u{202e}c\\n"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(closest("explian", ["explain", "apology"]), Some("explain"));
        assert_eq!(closest("zzz", ["explain", "apology"]), None);
    }
}
