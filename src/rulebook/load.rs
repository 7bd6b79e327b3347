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
