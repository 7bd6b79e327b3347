//! Loading the rulebook: from a file instructors edit, or the copy built into the program.

use std::collections::HashSet;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Lines, Locator, Seg, Severity};
use crate::ron_file;

use super::{Matcher, PrincipleId, Rulebook, parse_examples};

/// Where the rulebook lives, relative to the project (and the game's working folder).
pub const RULEBOOK_PATH: &str = "assets/rulebook.ron";

/// The rulebook shipped with this build, so the CLI works from any folder.
const SHIPPED: &str = include_str!("../../assets/rulebook.ron");
/// Its example replies.
const SHIPPED_EXAMPLES: &str = include_str!("../../assets/examples.tsv");

/// The shipped rulebook, ready to match. Its validity is a test of this crate.
pub fn shipped_rulebook() -> Matcher {
    build(Path::new(RULEBOOK_PATH), SHIPPED, |_| {
        Ok(SHIPPED_EXAMPLES.to_owned())
    })
    .unwrap_or_else(|d| panic!("the shipped rulebook is invalid: {}", d[0].headline()))
}

/// The rulebook at `path`; without one, `assets/rulebook.ron` under the current folder if it
/// exists (an instructor's edited copy), else the shipped one.
pub fn load_rulebook(path: Option<&Path>) -> Result<Matcher, Vec<Diagnostic>> {
    let default = Path::new(RULEBOOK_PATH);
    let path = match path {
        Some(p) => p,
        None if default.is_file() => default,
        None => return Ok(shipped_rulebook()),
    };
    let source = ron_file::read_text(path).map_err(|d| vec![d])?;
    parse_rulebook(path, &source)
}

/// Parses and checks rulebook source: unique ids, severities 1 to 3, every principle once,
/// patterns that compile, and its examples file (beside it) readable and well-formed.
pub fn parse_rulebook(path: &Path, source: &str) -> Result<Matcher, Vec<Diagnostic>> {
    build(path, source, ron_file::read_text)
}

/// [`parse_rulebook`] with the examples file read by `read_examples`.
fn build(
    path: &Path,
    source: &str,
    read_examples: impl Fn(&Path) -> Result<String, Diagnostic>,
) -> Result<Matcher, Vec<Diagnostic>> {
    use Seg::{Field as F, Index as I};
    let book: Rulebook = ron_file::parse(path, source).map_err(|d| vec![d])?;
    let locator = Locator::new(source);
    let lines = Lines::new(source);
    let at = |p: &[Seg], msg: String| {
        Diagnostic::at_line(path, source, &lines, Severity::Error, locator.span(p), msg)
    };
    let mut errors = Vec::new();
    if book.version != 1 {
        errors.push(at(
            &[F("version")],
            format!("unsupported rulebook version {}, expected 1", book.version),
        ));
    }
    for id in PrincipleId::ALL {
        if book.principles.iter().filter(|p| p.id == id).count() != 1 {
            errors.push(at(
                &[F("principles")],
                format!("principle {id:?} must appear exactly once"),
            ));
        }
    }
    // A rulebook without these would judge nothing, or coach no customer type, in silence.
    for (section, empty, what) in [
        (
            "a_bit_more",
            book.a_bit_more.is_empty(),
            "the five \"a bit more\"",
        ),
        (
            "features",
            book.features.is_empty(),
            "the reply features and their patterns",
        ),
        ("banned", book.banned.is_empty(), "the banned phrases"),
        (
            "traits",
            book.traits.is_empty(),
            "a strategy for each customer type",
        ),
    ] {
        if empty {
            errors.push(at(
                &[F(section)],
                format!("`{section}` is empty; expected {what}"),
            ));
        }
    }
    let mut seen = HashSet::new();
    for (i, b) in book.banned.iter().enumerate() {
        if !seen.insert(b.id.as_str()) {
            errors.push(at(
                &[F("banned"), I(i), F("id")],
                format!("duplicate banned phrase id `{}`", b.id),
            ));
        }
        if !(1..=3).contains(&b.severity) {
            errors.push(at(
                &[F("banned"), I(i), F("severity")],
                format!("severity must be 1, 2 or 3, got {}", b.severity),
            ));
        }
        if b.patterns.is_empty() {
            errors.push(at(
                &[F("banned"), I(i), F("patterns")],
                "a banned phrase needs at least one pattern".into(),
            ));
        }
    }
    let mut examples = Vec::new();
    if let Some(name) = &book.examples {
        let plain = Path::new(name)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain || name.is_empty() {
            errors.push(at(
                &[F("examples")],
                format!("`{name}` must be a file name beside the rulebook, without folders"),
            ));
        } else {
            let file = path.parent().unwrap_or(Path::new("")).join(name);
            match read_examples(&file) {
                Err(d) => errors.push(d),
                Ok(text) => match parse_examples(&text) {
                    Ok(rows) => examples = rows,
                    Err((line, message)) => {
                        let start = crate::diagnostics::offset_of(
                            &text,
                            crate::diagnostics::Pos { line, column: 1 },
                        );
                        let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
                        errors.push(Diagnostic::at(
                            &file,
                            &text,
                            Severity::Error,
                            start..end,
                            message,
                        ));
                    }
                },
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Matcher::new(book, &examples).map_err(|errs| {
        errs.into_iter()
            .map(|e| {
                let p = [F(e.list), I(e.entry), F(e.field), I(e.index)];
                at(
                    &p,
                    format!("pattern `{}` is invalid: {}", e.pattern, e.reason),
                )
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rulebook_is_valid_and_complete() {
        let m = shipped_rulebook();
        let book = m.rulebook();
        assert_eq!(book.principles.len(), 6);
        assert_eq!(book.a_bit_more.len(), 5);
        let zh = book
            .banned
            .iter()
            .filter(|b| b.lang == crate::lang::Lang::Zh)
            .count();
        let en = book
            .banned
            .iter()
            .filter(|b| b.lang == crate::lang::Lang::En)
            .count();
        assert!(zh >= 40, "{zh} Chinese banned phrases");
        assert!(en >= 25, "{en} English banned phrases");
        assert_eq!(book.traits.len(), 4);
    }

    #[test]
    fn empty_sections_and_empty_patterns_are_refused_where_they_are() {
        let shipped = SHIPPED;
        for section in ["a_bit_more", "features", "banned", "traits"] {
            let start = shipped.find(&format!("\n    {section}: [")).unwrap() + 1;
            let open = start + shipped[start..].find('[').unwrap();
            let close = matching_bracket(shipped, open);
            let emptied = format!("{}[]{}", &shipped[..open], &shipped[close + 1..]);
            let errs = with_shipped_examples(&emptied)
                .err()
                .unwrap_or_else(|| panic!("{section} empty was accepted"));
            assert!(
                errs.iter()
                    .any(|e| e.message.starts_with(&format!("`{section}` is empty"))),
                "{section}: {:?}",
                errs.iter().map(Diagnostic::headline).collect::<Vec<_>>()
            );
        }
        // An empty pattern is reported on its own line, in its own entry.
        let id = "id: \"en_calm_down\"";
        let at = shipped.find(id).unwrap();
        let patterns = at + shipped[at..].find("patterns: [").unwrap() + "patterns: [".len();
        let broken = format!("{}\"\", {}", &shipped[..patterns], &shipped[patterns..]);
        let errs = with_shipped_examples(&broken).err().unwrap();
        assert_eq!(errs.len(), 1);
        let line = shipped[..patterns].matches('\n').count() + 1;
        assert_eq!(errs[0].start.line, line, "{}", errs[0].headline());
        assert!(
            errs[0].message.contains("is invalid: the pattern is empty"),
            "{}",
            errs[0].message
        );
    }

    fn with_shipped_examples(source: &str) -> Result<Matcher, Vec<Diagnostic>> {
        build(Path::new("r.ron"), source, |_| {
            Ok(SHIPPED_EXAMPLES.to_owned())
        })
    }

    /// The index of the bracket that closes the one at `open` (no brackets inside strings).
    fn matching_bracket(text: &str, open: usize) -> usize {
        let mut depth = 0;
        let mut in_string = false;
        let bytes = text.as_bytes();
        let mut i = open;
        loop {
            match bytes[i] {
                b'\\' if in_string => i += 1,
                b'"' => in_string = !in_string,
                b'[' if !in_string => depth += 1,
                b']' if !in_string => {
                    depth -= 1;
                    if depth == 0 {
                        return i;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    #[test]
    fn broken_rulebooks_are_diagnosed() {
        let errs = parse_rulebook(Path::new("r.ron"), "(version: 1, principles: [").unwrap_err();
        assert_eq!(errs[0].severity, Severity::Error);
        let errs = parse_rulebook(
            Path::new("r.ron"),
            "(version: 2, principles: [], a_bit_more: [], features: [], banned: [], recommended: [], traits: [])",
        )
        .unwrap_err();
        assert!(errs[0].message.contains("version 2"), "{}", errs[0].message);
    }
}
