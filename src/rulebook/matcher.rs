//! Turns any reply, authored or typed, into features and banned-phrase findings with byte spans.
//!
//! Chinese patterns match as substrings (Chinese has no word boundaries); English ones
//! case-insensitively on word boundaries. Full-width ASCII and curly quotes are folded first, on
//! both sides, so "ＯＫ，" and "OK," are the same text. `except` patterns that overlap a match
//! cancel it: "我不知道您等了这么久" is an apology, not the banned "不知道".

use std::ops::Range;

use regex::{Regex, RegexSet, RegexSetBuilder};
use serde::{Deserialize, Serialize};

use crate::lang::{Lang, Text};

use super::{BannedKind, Feature, Features, PrincipleId, Rulebook};

/// A pattern that does not compile, located by list, entry, field and index.
#[derive(Clone, Debug)]
pub struct PatternError {
    /// `features` or `banned`.
    pub list: &'static str,
    /// The entry's index in that list.
    pub entry: usize,
    /// The field holding the pattern (`zh`, `en`, `patterns`, `except`).
    pub field: &'static str,
    /// The pattern's index in that field.
    pub index: usize,
    /// The pattern as written.
    pub pattern: String,
    /// What is wrong with it.
    pub reason: String,
}

/// A reply feature found in the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureHit {
    /// Which feature.
    pub feature: Feature,
    /// Byte span in the reply.
    pub span: Range<usize>,
    /// The matched text.
    pub matched: String,
}

/// A banned phrase found in the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BannedFinding {
    /// The rulebook entry's id.
    pub id: String,
    /// Byte span in the reply.
    pub span: Range<usize>,
    /// The matched text.
    pub matched: String,
    /// 1 unhelpful, 2 dismissive, 3 hostile.
    pub severity: u8,
    /// What kind of offence.
    pub kind: BannedKind,
    /// The principle it breaks.
    pub breaks: PrincipleId,
    /// What the phrase means.
    pub meaning: Text,
    /// What to say instead.
    pub better: Text,
}

/// What the rulebook finds in one reply.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Judgement {
    /// The features and their weights, as the customer model reads them.
    pub features: Features,
    /// Where each positive or negative feature was found.
    pub hits: Vec<FeatureHit>,
    /// Banned phrases found.
    pub banned: Vec<BannedFinding>,
}

impl Judgement {
    /// Whether the reply contains no banned phrase.
    pub fn is_clean(&self) -> bool {
        self.banned.is_empty()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Owner {
    Feature(usize),
    Banned(usize),
}

#[derive(Debug)]
struct Entry {
    owner: Owner,
    lang: Lang,
    regex: Regex,
}

/// The compiled rulebook.
#[derive(Debug)]
pub struct Matcher {
    book: Rulebook,
    set: RegexSet,
    entries: Vec<Entry>,
    feature_except: Vec<Vec<Regex>>,
    banned_except: Vec<Vec<Regex>>,
}

/// Gap allowed by `…` in a pattern: up to 16 characters within one sentence.
const GAP: &str = r"[^。!?.\n]{0,16}?";

/// Folds full-width ASCII, the ideographic space and curly quotes; returns the folded text and,
/// for each folded byte (and one past the end), the original byte offset it came from.
fn fold(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        let folded = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            _ => c,
        };
        out.push(folded);
        map.extend(std::iter::repeat_n(at, folded.len_utf8()));
    }
    map.push(text.len());
    (out, map)
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Compiles one pattern to a regex source string.
fn pattern_regex(pattern: &str, lang: Lang) -> Result<String, String> {
    let (folded, _) = fold(pattern);
    let folded = folded.replace("...", "…");
    let pieces: Vec<&str> = folded
        .split('…')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if pieces.is_empty() {
        return Err("the pattern is empty".into());
    }
    let escape = |p: &str| {
        let e = regex::escape(p);
        if lang == Lang::En {
            // Any run of spaces in a typed reply matches one space in the pattern.
            e.split_whitespace().collect::<Vec<_>>().join(r"\s+")
        } else {
            e
        }
    };
    let mut body = pieces
        .iter()
        .map(|p| escape(p))
        .collect::<Vec<_>>()
        .join(GAP);
    if lang == Lang::En {
        if pieces[0].chars().next().is_some_and(is_word) {
            body = format!(r"(?-u:\b){body}");
        }
        if pieces[pieces.len() - 1].chars().last().is_some_and(is_word) {
            body = format!(r"{body}(?-u:\b)");
        }
    }
    // Case matters only for Latin letters; leaving it off elsewhere keeps the set's automaton
    // small enough to stay fast.
    Ok(if folded.chars().any(|c| c.is_ascii_alphabetic()) {
        format!("(?i){body}")
    } else {
        body
    })
}

/// Compiles a pattern list, recording each pattern that fails.
fn compile_list(
    patterns: &[String],
    lang: impl Fn(&str) -> Lang,
    at: (&'static str, usize, &'static str),
    errors: &mut Vec<PatternError>,
) -> Vec<(Lang, Regex)> {
    let (list, entry, field) = at;
    let mut out = Vec::new();
    for (index, p) in patterns.iter().enumerate() {
        let lang = lang(p);
        let compiled =
            pattern_regex(p, lang).and_then(|src| Regex::new(&src).map_err(|e| e.to_string()));
        match compiled {
            Ok(re) => out.push((lang, re)),
            Err(reason) => errors.push(PatternError {
                list,
                entry,
                field,
                index,
                pattern: p.clone(),
                reason,
            }),
        }
    }
    out
}

fn language_of(pattern: &str) -> Lang {
    if pattern.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
        Lang::Zh
    } else {
        Lang::En
    }
}

impl Matcher {
    /// Compiles every pattern of the rulebook, or reports each one that does not compile.
    pub fn new(book: Rulebook) -> Result<Matcher, Vec<PatternError>> {
        let mut errors = Vec::new();
        let mut entries = Vec::new();
        let mut feature_except = Vec::new();
        for (i, rule) in book.features.iter().enumerate() {
            for (lang, field, list) in [(Lang::Zh, "zh", &rule.zh), (Lang::En, "en", &rule.en)] {
                for (lang, regex) in
                    compile_list(list, |_| lang, ("features", i, field), &mut errors)
                {
                    entries.push(Entry {
                        owner: Owner::Feature(i),
                        lang,
                        regex,
                    });
                }
            }
            let except = compile_list(
                &rule.except,
                language_of,
                ("features", i, "except"),
                &mut errors,
            );
            feature_except.push(except.into_iter().map(|(_, re)| re).collect());
        }
        let mut banned_except = Vec::new();
        for (i, b) in book.banned.iter().enumerate() {
            for (lang, regex) in compile_list(
                &b.patterns,
                |_| b.lang,
                ("banned", i, "patterns"),
                &mut errors,
            ) {
                entries.push(Entry {
                    owner: Owner::Banned(i),
                    lang,
                    regex,
                });
            }
            let except = compile_list(&b.except, language_of, ("banned", i, "except"), &mut errors);
            banned_except.push(except.into_iter().map(|(_, re)| re).collect());
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let set = RegexSetBuilder::new(entries.iter().map(|e| e.regex.as_str()))
            .size_limit(64 << 20)
            .dfa_size_limit(64 << 20)
            .build()
            .map_err(|e| {
                vec![PatternError {
                    list: "features",
                    entry: 0,
                    field: "zh",
                    index: 0,
                    pattern: String::new(),
                    reason: format!("the patterns together are too large: {e}"),
                }]
            })?;
        Ok(Matcher {
            book,
            set,
            entries,
            feature_except,
            banned_except,
        })
    }

    /// The rulebook this matcher applies.
    pub fn rulebook(&self) -> &Rulebook {
        &self.book
    }

    /// Judges one reply; `lang` limits the rules to one language, `None` applies both.
    pub fn judge(&self, text: &str, lang: Option<Lang>) -> Judgement {
        let (folded, map) = fold(text);
        let original = |r: Range<usize>| map[r.start]..map[r.end];
        let mut hits: Vec<FeatureHit> = Vec::new();
        let mut banned: Vec<(usize, Range<usize>)> = Vec::new();
        for idx in self.set.matches(&folded).iter() {
            let entry = &self.entries[idx];
            if lang.is_some_and(|l| l != entry.lang) {
                continue;
            }
            let excepts = match entry.owner {
                Owner::Feature(i) => &self.feature_except[i],
                Owner::Banned(i) => &self.banned_except[i],
            };
            let found = entry.regex.find_iter(&folded).find(|m| {
                !excepts.iter().any(|x| {
                    x.find_iter(&folded)
                        .any(|e| e.start() < m.end() && m.start() < e.end())
                })
            });
            let Some(m) = found else { continue };
            let span = original(m.range());
            match entry.owner {
                Owner::Feature(i) => hits.push(FeatureHit {
                    feature: self.book.features[i].feature,
                    matched: text[span.clone()].to_owned(),
                    span,
                }),
                Owner::Banned(i) => banned.push((i, span)),
            }
        }

        // One finding per phrase, its earliest occurrence; a phrase inside a longer one goes.
        banned.sort_by_key(|(i, span)| (*i, span.start));
        banned.dedup_by_key(|(i, _)| *i);
        let contained = |a: &Range<usize>, b: &Range<usize>| {
            b.start <= a.start && a.end <= b.end && (b.end - b.start) > (a.end - a.start)
        };
        let kept: Vec<(usize, Range<usize>)> = banned
            .iter()
            .filter(|(_, a)| !banned.iter().any(|(_, b)| contained(a, b)))
            .cloned()
            .collect();

        let mut features = Features::default();
        let mut findings = Vec::new();
        for (i, span) in kept {
            let b = &self.book.banned[i];
            features.raise(Feature::Banned, b.weight());
            if let Some(f) = b.kind.feature() {
                features.raise(f, b.weight());
            }
            findings.push(BannedFinding {
                id: b.id.clone(),
                matched: text[span.clone()].to_owned(),
                span,
                severity: b.severity,
                kind: b.kind,
                breaks: b.breaks,
                meaning: b.meaning.clone(),
                better: b.better.clone(),
            });
        }
        findings.sort_by_key(|f| (f.span.start, f.span.end));

        // Kind words inside a banned phrase were part of that phrase, not a kindness.
        hits.retain(|h| {
            h.feature.is_provocation()
                || !findings
                    .iter()
                    .any(|f| f.span.start <= h.span.start && h.span.end <= f.span.end)
        });
        // Overlapping patterns of one feature are one hit: keep the longest.
        hits.sort_by_key(|h| (h.feature, h.span.start, std::cmp::Reverse(h.span.end)));
        let mut kept_hits: Vec<FeatureHit> = Vec::with_capacity(hits.len());
        for h in hits {
            let overlaps = kept_hits.iter().any(|k| {
                k.feature == h.feature && k.span.start < h.span.end && h.span.start < k.span.end
            });
            if !overlaps {
                kept_hits.push(h);
            }
        }
        let mut hits = kept_hits;
        hits.sort_by_key(|h| (h.span.start, h.feature));
        for h in &hits {
            features.raise(h.feature, 1.0);
        }
        Judgement {
            features,
            hits,
            banned: findings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_a_map_to_the_original() {
        let (f, map) = fold("ＯＫ，好");
        assert_eq!(f, "OK,好");
        assert_eq!(map[0], 0);
        assert_eq!(map[1], 3);
        assert_eq!(map[3], 9);
        assert_eq!(*map.last().unwrap(), "ＯＫ，好".len());
    }

    #[test]
    fn english_patterns_respect_word_boundaries() {
        let re = Regex::new(&pattern_regex("calm down", Lang::En).unwrap()).unwrap();
        assert!(re.is_match("Please CALM   down."));
        assert!(!re.is_match("becalm downtown"));
        let re = Regex::new(&pattern_regex("you should have…earlier", Lang::En).unwrap()).unwrap();
        assert!(re.is_match("you should have come earlier"));
        assert!(!re.is_match("you should have. Then it was earlier"));
    }

    #[test]
    fn chinese_patterns_match_anywhere_with_gaps() {
        let re = Regex::new(&pattern_regex("您是说…对吗", Lang::Zh).unwrap()).unwrap();
        assert!(re.is_match("您是说等了三十分钟还没办好,对吗?"));
        assert!(!re.is_match("您是说等了。对吗"));
    }

    #[test]
    fn empty_patterns_are_errors() {
        assert!(pattern_regex(" … ", Lang::Zh).is_err());
    }
}
