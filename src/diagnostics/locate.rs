//! Finds where a value sits in RON source, so problems found after parsing (a dangling node id,
//! a number out of range) point at the offending token. ron 0.12 keeps no spans on parsed values;
//! this reads the already-valid text once more and records the span of every value by path.

use std::ops::Range;

/// One step of a path into a RON document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A struct field by name.
    Field(&'a str),
    /// A list or tuple element by index.
    Index(usize),
}

/// The spans of every value in one RON document.
#[derive(Debug, Default)]
pub struct Locator {
    root: Option<Value>,
}

#[derive(Debug)]
struct Value {
    span: Range<usize>,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Leaf,
    Fields(Vec<(String, Range<usize>, Value)>),
    Items(Vec<Value>),
}

/// Deeper than this the locator gives up (ron's own limit is lower, so valid files never hit it).
const MAX_DEPTH: usize = 256;

impl Locator {
    /// Reads `src`; text it cannot follow leaves the locator answering with the file start.
    pub fn new(src: &str) -> Self {
        let mut p = Parser {
            s: src.as_bytes(),
            i: 0,
        };
        let root = p.value(0);
        Locator { root }
    }

    /// The span of the value at `path`, or of its deepest ancestor that exists (a defaulted
    /// field points at the struct that lacks it).
    pub fn span(&self, path: &[Seg]) -> Range<usize> {
        let Some(mut v) = self.root.as_ref() else {
            return 0..0;
        };
        for seg in path {
            match self.child(v, *seg) {
                Some((_, c)) => v = c,
                None => return v.span.start..v.span.start + 1,
            }
        }
        v.span.clone()
    }

    /// The span of the field name at the end of `path`, if the field is written.
    pub fn key_span(&self, path: &[Seg]) -> Option<Range<usize>> {
        let (last, parent) = path.split_last()?;
        let mut v = self.root.as_ref()?;
        for seg in parent {
            v = self.child(v, *seg)?.1;
        }
        self.child(v, *last)?.0
    }

    fn child<'v>(&self, v: &'v Value, seg: Seg) -> Option<(Option<Range<usize>>, &'v Value)> {
        match (&v.kind, seg) {
            (Kind::Fields(fields), Seg::Field(name)) => fields
                .iter()
                .find(|(k, _, _)| k == name)
                .map(|(_, ks, v)| (Some(ks.clone()), v)),
            (Kind::Items(items), Seg::Index(i)) => items.get(i).map(|v| (None, v)),
            _ => None,
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.i += 1,
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'/') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.i += 1;
                    }
                }
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'*') => {
                    // RON block comments nest.
                    let mut depth = 0usize;
                    while self.i < self.s.len() {
                        if self.s[self.i..].starts_with(b"/*") {
                            depth += 1;
                            self.i += 2;
                        } else if self.s[self.i..].starts_with(b"*/") {
                            depth -= 1;
                            self.i += 2;
                            if depth == 0 {
                                break;
                            }
                        } else {
                            self.i += 1;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn at_raw_string(&self) -> bool {
        let rest = &self.s[self.i + 1..];
        let hashes = rest.iter().take_while(|&&c| c == b'#').count();
        rest.get(hashes) == Some(&b'"')
    }

    fn ident(&mut self) -> Option<Range<usize>> {
        let start = self.i;
        if self.s[self.i..].starts_with(b"r#") {
            self.i += 2;
        }
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' {
                self.i += 1;
            } else {
                break;
            }
        }
        (self.i > start).then_some(start..self.i)
    }

    fn string(&mut self) {
        // At the opening quote of "…" (with escapes) or at `r` of r"…" / r#"…"#.
        if self.peek() == Some(b'r') {
            self.i += 1;
            let mut hashes = 0;
            while self.peek() == Some(b'#') {
                hashes += 1;
                self.i += 1;
            }
            self.i += 1;
            while self.i < self.s.len() {
                if self.s[self.i] == b'"'
                    && self.s[self.i + 1..]
                        .iter()
                        .take_while(|&&c| c == b'#')
                        .count()
                        >= hashes
                {
                    self.i += 1 + hashes;
                    return;
                }
                self.i += 1;
            }
            return;
        }
        let quote = self.s[self.i];
        self.i += 1;
        while let Some(c) = self.peek() {
            self.i += 1;
            if c == b'\\' {
                self.i += 1;
            } else if c == quote {
                return;
            }
        }
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_trivia();
        let start = self.i;
        match self.peek()? {
            b'"' | b'\'' => {
                self.string();
                Some(leaf(start..self.i))
            }
            b'r' if self.at_raw_string() => {
                self.string();
                Some(leaf(start..self.i))
            }
            b'(' => self.group(start, b')', depth),
            b'[' => self.group(start, b']', depth),
            b'{' => self.group(start, b'}', depth),
            c if c.is_ascii_alphabetic() || c == b'_' => self.named(start, depth),
            _ => {
                while let Some(c) = self.peek() {
                    if matches!(c, b',' | b')' | b']' | b'}' | b':') || c.is_ascii_whitespace() {
                        break;
                    }
                    self.i += 1;
                }
                (self.i > start).then(|| leaf(start..self.i))
            }
        }
    }

    /// An identifier, possibly followed by a parenthesised body: `None`, `Rush`,
    /// `AngerAtLeast(0.9)`, `Scenario(id: …)`, and `Some(x)`, which stands for `x` itself.
    fn named(&mut self, start: usize, depth: usize) -> Option<Value> {
        let name = self.ident()?;
        let after_name = self.i;
        self.skip_trivia();
        if self.peek() != Some(b'(') {
            self.i = after_name;
            return Some(leaf(start..after_name));
        }
        let body_start = self.i;
        let body = self.group(body_start, b')', depth)?;
        if &self.s[name] == b"Some"
            && let Kind::Items(items) = &body.kind
            && items.len() == 1
            && let Kind::Items(mut items) = body.kind
        {
            return items.pop();
        }
        Some(Value {
            span: start..body.span.end,
            kind: body.kind,
        })
    }

    fn group(&mut self, start: usize, close: u8, depth: usize) -> Option<Value> {
        self.i += 1;
        let mut fields = Vec::new();
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            match self.peek()? {
                c if c == close => {
                    self.i += 1;
                    break;
                }
                b',' => {
                    self.i += 1;
                    continue;
                }
                _ => {}
            }
            // A field is `name:` inside parentheses, or `key:` inside braces.
            let save = self.i;
            let key = if close == b'}' {
                self.value(depth + 1).map(|v| v.span)
            } else {
                self.ident()
            };
            if let Some(key) = key {
                self.skip_trivia();
                if self.peek() == Some(b':') {
                    self.i += 1;
                    let v = self.value(depth + 1)?;
                    let name = String::from_utf8_lossy(&self.s[key.clone()])
                        .trim_start_matches("r#")
                        .trim_matches('"')
                        .to_owned();
                    fields.push((name, key, v));
                    continue;
                }
            }
            self.i = save;
            let before = self.i;
            items.push(self.value(depth + 1)?);
            if self.i == before {
                return None;
            }
        }
        let kind = if fields.is_empty() {
            Kind::Items(items)
        } else {
            Kind::Fields(fields)
        };
        Some(Value {
            span: start..self.i,
            kind,
        })
    }
}

fn leaf(span: Range<usize>) -> Value {
    Value {
        span,
        kind: Kind::Leaf,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"// a scenario
(
    id: "card",
    title: (zh: "卡", en: "Card"),
    nodes: [
        (id: "a", replies: [(text: (zh: "好"), next: Some("b"))]),
        /* nested /* comment */ */
        (id: "b", end: Some(Resolved), branches: [(when: AngerAtLeast(0.9), to: "c")]),
    ],
    r#trait: Rush,
)"#;

    fn text<'a>(loc: &Locator, path: &[Seg]) -> &'a str {
        let r = loc.span(path);
        &SRC[r]
    }

    #[test]
    fn finds_values_by_path() {
        let loc = Locator::new(SRC);
        use Seg::*;
        assert_eq!(text(&loc, &[Field("id")]), "\"card\"");
        assert_eq!(text(&loc, &[Field("title"), Field("zh")]), "\"卡\"");
        assert_eq!(
            text(
                &loc,
                &[
                    Field("nodes"),
                    Index(0),
                    Field("replies"),
                    Index(0),
                    Field("next")
                ]
            ),
            "\"b\""
        );
        assert_eq!(
            text(&loc, &[Field("nodes"), Index(1), Field("end")]),
            "Resolved"
        );
        assert_eq!(
            text(
                &loc,
                &[
                    Field("nodes"),
                    Index(1),
                    Field("branches"),
                    Index(0),
                    Field("when"),
                    Index(0)
                ]
            ),
            "0.9"
        );
        assert_eq!(text(&loc, &[Field("trait")]), "Rush");
    }

    #[test]
    fn missing_fields_point_at_the_nearest_ancestor() {
        let loc = Locator::new(SRC);
        let r = loc.span(&[Field("title"), Seg::Field("missing")]);
        assert_eq!(&SRC[r], "(");
        let k = loc
            .key_span(&[Seg::Field("title"), Seg::Field("en")])
            .unwrap();
        assert_eq!(&SRC[k], "en");
    }

    use Seg::Field;

    #[test]
    fn survives_garbage() {
        for src in [
            "",
            "(",
            "((((",
            "[1, 2",
            "\"unterminated",
            "(a: ",
            "r#",
            "}{",
        ] {
            let loc = Locator::new(src);
            let _ = loc.span(&[Field("a"), Seg::Index(3)]);
        }
        let deep = "(".repeat(10_000);
        let _ = Locator::new(&deep).span(&[Seg::Index(0)]);
    }
}
