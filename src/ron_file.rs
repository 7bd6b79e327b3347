//! Reading RON files that people write: size limit, UTF-8, syntax and type errors, all turned
//! into diagnostics with a position instead of a panic or a bare message.

use std::io::Read as _;
use std::path::Path;

use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Pos, Severity, closest, offset_of};

/// Largest file accepted. A scenario of the maximum node count fits comfortably; anything bigger
/// is a mistake (a pasted log, a binary) and is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The parser options every file uses: `Some(..)` may be left out of optional fields.
pub fn options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Reads `path` as text, refusing anything but a regular file, files over the size limit and
/// invalid UTF-8. The limit holds for what is read, whatever the file claims its length is.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let cannot = |e: std::io::Error| {
        Diagnostic::whole_file(path, Severity::Error, format!("cannot read file: {e}"))
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(Diagnostic::whole_file(
            path,
            Severity::Error,
            "not a regular file; expected a text file",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path, meta.len()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    text_of(path, bytes)
}

fn too_large(path: &Path, len: u64) -> Diagnostic {
    Diagnostic::whole_file(
        path,
        Severity::Error,
        format!(
            "file is {len} bytes, over the limit of {MAX_FILE_BYTES} bytes (1 MiB); split it or check it is the right file"
        ),
    )
}

/// Turns raw bytes into text, or a diagnostic at the first invalid byte.
pub fn text_of(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    // Editors on Windows may start a UTF-8 file with a byte order mark; it is not text.
    let bytes = match bytes.strip_prefix("\u{feff}".as_bytes()) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let good = String::from_utf8_lossy(&bytes[..valid]).into_owned();
        let mut d = Diagnostic::at(
            path,
            &good,
            Severity::Error,
            valid..valid,
            format!(
                "invalid UTF-8 (byte 0x{:02x} at offset {valid}); save the file as UTF-8",
                bytes[valid]
            ),
        );
        d.source_line = None;
        d
    })
}

/// Parses `source` as a `T`, or returns the syntax or type error with its position.
pub fn parse<T: DeserializeOwned>(path: &Path, source: &str) -> Result<T, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::whole_file(
            path,
            Severity::Error,
            "file is empty; expected a RON value such as `( version: 1, ... )`",
        ));
    }
    options().from_str::<T>(source).map_err(|e| {
        let at = |p: ron::error::Position| {
            offset_of(
                source,
                Pos {
                    line: p.line.max(1),
                    column: p.col.max(1),
                },
            )
        };
        let mut start = at(e.span.start);
        // ron sometimes starts the span at the blank before the offending value.
        start += source[start..].len() - source[start..].trim_start().len();
        let mut end = at(e.span.end).max(start);
        if let Some(d) = misread_punctuation(path, source, start) {
            return d;
        }
        if e.code == ron::Error::ExpectedComma {
            // ron stops at the next token; the comma belongs after the previous one.
            let before = source[..start].trim_end();
            if let Some(c) = before.chars().next_back() {
                start = before.len() - c.len_utf8();
                end = before.len();
            }
        }
        let (message, hint) = match (&e.code, field_before(source, start)) {
            (ron::Error::IntegerOutOfBounds, Some(field)) => (
                match RANGES.iter().find(|(name, _)| *name == field) {
                    Some((_, range)) => format!(
                        "`{field}` must be {range}; `{}` is out of range",
                        source[start..end].trim()
                    ),
                    None => format!("`{field}` is a whole number too large or below zero"),
                },
                None,
            ),
            _ => describe(&e.code),
        };
        let d = Diagnostic::at(path, source, Severity::Error, start..end, message);
        match hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    })
}

/// The range of every whole-number field people write, for when a number does not fit its
/// type at all (ron only says "out of bounds").
const RANGES: [(&str, &str); 6] = [
    ("version", "1"),
    ("difficulty", "1 to 5"),
    ("pass_mark", "0 to 100"),
    ("max_turns", "1 to 50"),
    ("quick_turns", "1 to max_turns"),
    ("severity", "1, 2 or 3"),
];

/// The field whose value starts at `at`: the name before the colon before it.
fn field_before(source: &str, at: usize) -> Option<&str> {
    let before = source[..at].trim_end().strip_suffix(':')?.trim_end();
    let name_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_')
        .last()
        .map_or(before.len(), |(i, _)| i);
    Some(&before[name_start..]).filter(|n| !n.is_empty())
}

/// Full-width punctuation a Chinese input method types, with the ASCII RON needs instead.
const FULL_WIDTH: [(char, char); 14] = [
    ('，', ','),
    ('：', ':'),
    ('“', '"'),
    ('”', '"'),
    ('‘', '"'),
    ('’', '"'),
    ('（', '('),
    ('）', ')'),
    ('【', '['),
    ('】', ']'),
    ('［', '['),
    ('］', ']'),
    ('；', ','),
    ('、', ','),
];

/// The two syntax mistakes ron describes misleadingly, named for what they are: full-width
/// punctuation around values (ron says "expected a comma" or "expected colon") and a decimal
/// where a whole number belongs (ron reads `1` and then stumbles on `.5`). `at` is where ron
/// stopped.
fn misread_punctuation(path: &Path, source: &str, at: usize) -> Option<Diagnostic> {
    let here = source[at..].chars().next()?;
    if let Some(&(wide, ascii)) = FULL_WIDTH.iter().find(|(wide, _)| *wide == here) {
        let d = Diagnostic::at(
            path,
            source,
            Severity::Error,
            at..at + wide.len_utf8(),
            format!("full-width `{wide}` outside a string; RON needs the ASCII `{ascii}` here"),
        );
        return Some(d.with_hint(
            "full-width punctuation is fine inside \"...\", but the brackets, commas, colons and \
             quotes around values must be half-width: switch the input method to half-width \
             punctuation",
        ));
    }
    let after = &source[at..];
    let fraction = after.strip_prefix('.')?;
    let digits = fraction.len()
        - fraction
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let whole = source[..at].len()
        - source[..at]
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .len();
    if digits == 0 || whole == 0 {
        return None;
    }
    let number = &source[at - whole..at + 1 + digits];
    Some(
        Diagnostic::at(
            path,
            source,
            Severity::Error,
            at - whole..at + 1 + digits,
            format!("expected a whole number, found `{number}`"),
        )
        .with_hint(format!(
            "this field is a count: write a whole number such as `{}`; only levels and amounts of money take decimals",
            &source[at - whole..at]
        )),
    )
}

/// ron's message in the project's words, with a hint where one helps.
fn describe(code: &ron::Error) -> (String, Option<String>) {
    use ron::Error as E;
    let one_of = |alts: &[&str]| {
        alts.iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let within = |outer: &Option<String>| {
        outer
            .as_ref()
            .map(|o| format!(" in `{o}`"))
            .unwrap_or_default()
    };
    let guess = |found: &str, alts: &[&'static str]| {
        closest(found, alts.iter().copied()).map(|g| format!("did you mean `{g}`?"))
    };
    match code {
        E::Eof => (
            "unexpected end of file; a bracket or quote is probably not closed".into(),
            None,
        ),
        E::ExceededRecursionLimit => (
            "brackets nested too deeply (over 128 levels); the file is probably malformed".into(),
            None,
        ),
        E::ExpectedComma => ("expected a comma after this".into(), None),
        E::ExpectedStructLikeEnd | E::ExpectedArrayEnd => (
            format!(
                "{}; a comma or closing bracket is probably missing",
                lower(code)
            ),
            None,
        ),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            format!(
                "unknown field `{found}`{}; expected one of {}",
                within(outer),
                one_of(expected)
            ),
            guess(found, expected),
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            format!(
                "unknown variant `{found}`{}; expected one of {}",
                within(outer),
                one_of(expected)
            ),
            guess(found, expected),
        ),
        E::MissingStructField { field, outer } => (
            format!("missing field `{field}`{}", within(outer)),
            Some(format!("add `{field}: ...` before this closing bracket")),
        ),
        E::DuplicateStructField { field, outer } => (
            format!("field `{field}` is given twice{}", within(outer)),
            None,
        ),
        _ => (lower(code), None),
    }
}

/// ron's own message with a lower-case first letter, like the rest of the diagnostics.
fn lower(code: &ron::Error) -> String {
    let text = code.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_before_a_value_is_found_after_any_character() {
        let src = "(名字:\"王\",difficulty: 300)";
        assert_eq!(
            field_before(src, src.find("300").unwrap()),
            Some("difficulty")
        );
        let src = "(王difficulty: 300)";
        assert_eq!(
            field_before(src, src.find("300").unwrap()),
            Some("difficulty")
        );
        assert_eq!(field_before("(王: 3)", 5), None);
    }
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: String,
        count: u32,
        note: Option<String>,
    }

    fn err(src: &str) -> Diagnostic {
        parse::<Doc>(Path::new("d.ron"), src).unwrap_err()
    }

    #[test]
    fn unknown_fields_are_located() {
        let d = err("(\n  name: \"x\",\n  cuont: 3,\n)");
        assert_eq!((d.start.line, d.start.column), (3, 3));
        assert!(d.message.contains("cuont"), "{}", d.message);
    }

    #[test]
    fn wrong_types_are_located() {
        let d = err("(name: \"x\", count: \"three\")");
        assert_eq!((d.start.line, d.start.column), (1, 20));
    }

    #[test]
    fn optional_fields_need_no_some() {
        let doc: Doc = parse(Path::new("d.ron"), "(name: \"x\", count: 1, note: \"n\")").unwrap();
        assert_eq!(doc.note.as_deref(), Some("n"));
    }

    #[test]
    fn empty_and_unclosed_files_are_errors_not_panics() {
        assert!(err("").message.contains("empty"));
        assert!(err("   \n").message.contains("empty"));
        let d = err("(name: \"x\", count: 1");
        assert_eq!(d.severity, Severity::Error);
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        let d = parse::<ron::Value>(Path::new("d.ron"), &deep).unwrap_err();
        assert!(d.message.contains("nested too deeply"), "{}", d.message);
    }

    #[test]
    fn full_width_punctuation_is_named_where_it_is() {
        let d = err("(\n  name: \"逗号，在字符串里没关系\"，\n  count: 1,\n)");
        assert_eq!((d.start.line, d.start.column), (2, 22));
        assert_eq!(
            d.message,
            "full-width `，` outside a string; RON needs the ASCII `,` here"
        );
        let d = err("(name： \"x\", count: 1)");
        assert_eq!((d.start.line, d.start.column), (1, 6));
        assert!(d.message.contains("`：`"), "{}", d.message);
        let d = err("(name: “x”, count: 1)");
        assert_eq!((d.start.line, d.start.column), (1, 8));
        assert!(d.message.contains("`\"`"), "{}", d.message);
    }

    #[test]
    fn a_decimal_in_a_whole_number_field_is_named() {
        let d = err("(name: \"x\", count: 12.5)");
        assert_eq!((d.start.line, d.start.column), (1, 20));
        assert_eq!(d.message, "expected a whole number, found `12.5`");
        assert!(d.hint.as_deref().unwrap_or("").contains("`12`"));
        // A missing comma after a whole number is still a missing comma.
        let d = err("(count: 12\n name: \"x\")");
        assert_eq!(d.message, "expected a comma after this");
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let d = text_of(Path::new("d.ron"), b"(name: \"\xff\")".to_vec()).unwrap_err();
        assert_eq!((d.start.line, d.start.column), (1, 9));
        assert!(d.message.contains("0xff"), "{}", d.message);
    }
}
