//! Turns any reply, authored or typed, into features and banned-phrase findings with byte spans.
//!
//! Chinese patterns match as substrings (Chinese has no word boundaries); English ones
//! case-insensitively on word boundaries. Full-width ASCII and curly quotes are folded first, on
//! both sides, so "ＯＫ，" and "OK," are the same text. `except` patterns that overlap a match
//! cancel it ("我不知道您等了这么久" is an apology, not the banned "不知道"), unless they lie
//! strictly inside it.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::lang::{Lang, Text};

use super::learned::{Example, Learned, Prepared, Target, clauses};
use super::normalise::Speller;
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
    /// How sure the examples' model is, when it found the feature and no pattern did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
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
    /// How sure the examples' model is, when it found a banned reply and no pattern did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
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
    pattern: Pattern,
}

/// A rulebook pattern as the matcher reads it: phrases in order, each found as it is written,
/// with up to `GAP_CHARS` characters of the same sentence between two of them (`…` in the
/// rulebook), and at word boundaries where an English pattern begins or ends with a letter.
/// Searching this directly keeps no compiled automaton per pattern: thousands of regexes held
/// megabytes for what is plain text search.
#[derive(Debug)]
struct Pattern {
    pieces: Vec<String>,
    /// Plain text every match contains, to find the patterns a reply may touch.
    key: String,
    word_start: bool,
    word_end: bool,
}

/// Gap allowed by `…` in a pattern: up to 16 characters within one sentence.
const GAP_CHARS: usize = 16;

/// What ends a sentence, which a gap may not cross.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | '.' | '\n')
}

impl Pattern {
    /// The matches of the pattern in `text` (normalised), leftmost first and not overlapping;
    /// each gap as short as it can be.
    fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        let mut from = 0;
        std::iter::from_fn(move || {
            let first = &self.pieces[0];
            let mut at = from;
            while let Some(i) = text.get(at..)?.find(first.as_str()) {
                let start = at + i;
                if (!self.word_start || !is_word_byte(text, start.wrapping_sub(1)))
                    && let Some(end) = self.rest(text, start + first.len(), 1)
                {
                    from = end;
                    return Some(start..end);
                }
                at = start + text[start..].chars().next().map_or(1, char::len_utf8);
            }
            None
        })
    }

    /// Where a match ends when piece `k` may start at `pos` after a gap, trying the shortest
    /// gap first.
    fn rest(&self, text: &str, pos: usize, k: usize) -> Option<usize> {
        let Some(piece) = self.pieces.get(k) else {
            return (!self.word_end || !is_word_byte(text, pos)).then_some(pos);
        };
        let mut p = pos;
        for gap in 0..=GAP_CHARS {
            if text[p..].starts_with(piece.as_str())
                && let Some(end) = self.rest(text, p + piece.len(), k + 1)
            {
                return Some(end);
            }
            let c = text[p..].chars().next()?;
            if gap == GAP_CHARS || ends_sentence(c) {
                break;
            }
            p += c.len_utf8();
        }
        None
    }
}

/// Whether the byte at `i` is an ASCII letter, digit or underscore (none before the start).
fn is_word_byte(text: &str, i: usize) -> bool {
    text.as_bytes()
        .get(i)
        .is_some_and(|b| is_word(char::from(*b)))
}

/// The compiled rulebook.
#[derive(Debug)]
pub struct Matcher {
    book: Rulebook,
    speller: Speller,
    set: AhoCorasick,
    /// The entries whose key is each of the set's keys.
    by_key: Vec<Vec<usize>>,
    entries: Vec<Entry>,
    feature_except: Vec<Vec<Pattern>>,
    banned_except: Vec<Vec<Pattern>>,
    learned: Learned,
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Reads one pattern: its phrases, in the spelling replies are normalised to (lower case,
/// single spaces), and the longest of them as the plain text every match contains.
fn pattern(text: &str, lang: Lang, speller: &Speller) -> Result<Pattern, String> {
    let folded = speller.normalise(&text.replace("...", "…")).text;
    // Normalising left single spaces, as in replies.
    let pieces: Vec<String> = folded
        .split('…')
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
        return Err("the pattern is empty".into());
    };
    let en = lang == Lang::En;
    Ok(Pattern {
        key: pieces
            .iter()
            .max_by_key(|p| p.chars().count())
            .cloned()
            .unwrap_or_default(),
        word_start: en && first.chars().next().is_some_and(is_word),
        word_end: en && last.chars().last().is_some_and(is_word),
        pieces,
    })
}

/// Compiles a pattern list, recording each pattern that fails.
fn compile_list(
    patterns: &[String],
    lang: impl Fn(&str) -> Lang,
    at: (&'static str, usize, &'static str),
    speller: &Speller,
    errors: &mut Vec<PatternError>,
) -> Vec<(Lang, Pattern)> {
    let (list, entry, field) = at;
    let mut out = Vec::new();
    for (index, p) in patterns.iter().enumerate() {
        let lang = lang(p);
        // A pattern is plain text and gaps, so an empty one is the only mistake it can hold.
        match pattern(p, lang, speller) {
            Ok(pattern) => out.push((lang, pattern)),
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
    /// Compiles every pattern of the rulebook and learns from its example replies, or reports
    /// each pattern that does not compile.
    pub fn new(book: Rulebook, examples: &[Example]) -> Result<Matcher, Vec<PatternError>> {
        let speller = Speller::new(&book.spellings);
        // The examples are cut into n-grams on every core; then the patterns compile while
        // the model learns: neither needs the other.
        let prepared = prepare(examples, &speller);
        let (compiled, learned) = std::thread::scope(|scope| {
            let compiling = scope.spawn(|| compile(&book, &speller));
            let learned = Learned::train(&prepared);
            let compiled = compiling
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (compiled, learned)
        });
        let Compiled {
            set,
            by_key,
            entries,
            feature_except,
            banned_except,
        } = compiled?;
        Ok(Matcher {
            book,
            speller,
            set,
            by_key,
            entries,
            feature_except,
            banned_except,
            learned,
        })
    }

    /// The rulebook this matcher applies.
    pub fn rulebook(&self) -> &Rulebook {
        &self.book
    }

    /// Judges one reply by the rulebook's patterns; `lang` limits them to one language, `None`
    /// applies both. Authored options are judged this way: their authors see and adjust
    /// exactly what the patterns find.
    pub fn judge(&self, text: &str, lang: Option<Lang>) -> Judgement {
        self.judge_with(text, lang, false)
    }

    /// Judges a typed reply: the patterns (of `lang`, or both languages), then what the
    /// rulebook's examples teach beyond them, each learned finding with its confidence.
    pub fn judge_typed(&self, text: &str, lang: Option<Lang>) -> Judgement {
        self.judge_with(text, lang, true)
    }

    fn judge_with(&self, text: &str, lang: Option<Lang>, learn: bool) -> Judgement {
        let norm = self.speller.normalise(text);
        let t = norm.text.as_str();
        // Spans are in the normalised text until the end.
        let mut hits: Vec<(Feature, Range<usize>, Option<f64>)> = Vec::new();
        let mut banned: Vec<(usize, Range<usize>)> = Vec::new();
        let mut denied: Vec<Range<usize>> = Vec::new();
        let mut touched: Vec<usize> = self
            .set
            .find_overlapping_iter(t)
            .flat_map(|m| self.by_key[m.pattern().as_usize()].iter().copied())
            .collect();
        touched.sort_unstable();
        touched.dedup();
        for idx in touched {
            let entry = &self.entries[idx];
            if lang.is_some_and(|l| l != entry.lang) {
                continue;
            }
            let excepts = match entry.owner {
                Owner::Feature(i) => &self.feature_except[i],
                Owner::Banned(i) => &self.banned_except[i],
            };
            // An exception lying strictly inside the match is the general case of which the
            // pattern is the specific one ("what would you like, a medal"): the pattern stands.
            let found = entry.pattern.find_iter(t).find(|m| {
                !excepts.iter().any(|x| {
                    x.find_iter(t)
                        .any(|e| overlaps(&e, m) && !strictly_inside(&e, m))
                })
            });
            let Some(m) = found else { continue };
            match entry.owner {
                Owner::Feature(i) => hits.push((self.book.features[i].feature, m, None)),
                // "我没让您明天再来", "I'm not saying it's your fault": denied, not said.
                Owner::Banned(_) if is_negated(t, m.start) => {}
                // "I'm not going to tell you to calm down": the model, reading the phrase's
                // words, would take it for said.
                Owner::Banned(_) if is_reported_denial(t, &m) => denied.push(m),
                Owner::Banned(i) => banned.push((i, m)),
            }
        }

        // One finding per phrase, its earliest occurrence; a phrase inside a longer one goes.
        banned.sort_by_key(|(i, span)| (*i, span.start));
        banned.dedup_by_key(|(i, _)| *i);
        let mut banned: Vec<(usize, Range<usize>)> = banned
            .iter()
            .filter(|(_, a)| !banned.iter().any(|(_, b)| strictly_inside(a, b)))
            .cloned()
            .collect();

        // "我没什么好道歉的", "I'm not blaming you": a move said with a negation is not made.
        let (said, negated): (Vec<_>, Vec<_>) = hits.into_iter().partition(|(f, span, _)| {
            !(is_negated(t, span.start) || (f.is_provocation() && is_reported_denial(t, span)))
        });
        let mut hits = said;
        // Sarcasm turns every kind word of the reply ("是是是，都是我们的错，行了吧").
        let sarcastic = banned
            .iter()
            .any(|(i, _)| self.book.banned[*i].kind == BannedKind::Sarcasm);
        // Kind words inside a banned phrase were part of that phrase, not a kindness.
        hits.retain(|(f, span, _)| {
            f.is_provocation()
                || (!sarcastic
                    && !banned
                        .iter()
                        .any(|(_, b)| b.start <= span.start && span.end <= b.end))
        });

        let mut learned_banned = None;
        if learn {
            // Patterns propose, examples confirm: a move the model is sure the words do not
            // make ("退款要三到五个工作日" names a refund but offers none) is not made.
            let reading = self.learned.read(t);
            hits.retain(|(f, _, _)| {
                reading
                    .confidences
                    .iter()
                    .find(|(target, _)| *target == Target::Feature(*f))
                    .is_none_or(|(_, p)| *p >= UNSAID_BELOW)
            });
            for guess in reading.guesses {
                // The model reads a denied phrase's words as the phrase, or its move, itself.
                let on_denied = denied.iter().any(|d| overlaps(d, &guess.span));
                match guess.target {
                    Target::Feature(f) => {
                        let unsaid = negated
                            .iter()
                            .any(|(n, span, _)| *n == f && overlaps(span, &guess.span));
                        let turned = sarcastic && !f.is_provocation();
                        // "we should have told you": words a pattern reads as owning the
                        // failure are not blame or argument however like them they look.
                        let owned = f.is_provocation()
                            && hits.iter().any(|(g, span, _)| {
                                *g == Feature::Acknowledge
                                    && overlaps(span, &guess.span)
                                    && owns_the_failure(&t[span.clone()])
                            });
                        let denied_words = f.is_provocation() && on_denied;
                        if !unsaid
                            && !turned
                            && !owned
                            && !denied_words
                            && !hits.iter().any(|h| h.0 == f)
                        {
                            hits.push((f, guess.span, Some(guess.confidence)));
                        }
                    }
                    Target::Banned if on_denied => {}
                    Target::Banned => learned_banned = Some((guess.span, guess.confidence)),
                }
            }
        }
        // A pattern's finding stands alone: the model adds one only where no pattern found any.
        if !banned.is_empty() {
            learned_banned = None;
        }
        // "我不知道，我马上帮您查": the better form of the phrase, not the phrase.
        banned.retain(|(i, span)| !redeemed(t, self.book.banned[*i].kind, span, &hits));

        // Overlapping patterns of one feature are one hit: keep the longest.
        hits.sort_by_key(|h| (h.0, h.1.start, std::cmp::Reverse(h.1.end)));
        let mut kept: Vec<(Feature, Range<usize>, Option<f64>)> = Vec::with_capacity(hits.len());
        for h in hits {
            if !kept.iter().any(|k| k.0 == h.0 && overlaps(&k.1, &h.1)) {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| (h.1.start, h.0));
        // One move said once: an action phrase inside an escalation's or a commitment's clause
        // is that move.
        let parts = clauses(t);
        let clause_of = |at: usize| parts.iter().position(|c| at < c.end);
        let all = kept.clone();
        kept.retain(|(f, span, _)| {
            !all.iter().any(|(g, other, _)| {
                g.absorbs(*f) && clause_of(other.start) == clause_of(span.start)
            })
        });

        let mut features = Features::default();
        let mut findings = Vec::new();
        for (i, span) in banned {
            let b = &self.book.banned[i];
            let span = norm.original(span);
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
                confidence: None,
            });
        }
        // A question for the facts of the case is the course's way of listening: the model
        // alone does not make it blame or a banned phrase.
        let fact_question = asks_for_a_fact(t);
        if fact_question {
            kept.retain(|h| !(h.0.is_provocation() && h.2.is_some()));
        }
        // Blaming, passing the buck, arguing or cutting in is what the banned list forbids,
        // whether or not a phrase of the list says it.
        let kind = learned_kind(&kept);
        // The model's word alone does not make a reply banned when the patterns recognise a
        // good move in it ("your parcel says delivered but you never got it" restates the
        // customer's account): there it is most often misled by the customer's own words.
        let good_move = kept
            .iter()
            .any(|(f, _, confidence)| confidence.is_none() && !f.is_provocation());
        let unlisted = learned_banned
            .filter(|(span, _)| !good_move && !redeemed(t, kind, span, &kept) && !fact_question)
            .map(|(span, c)| (span, Some(c)))
            .or_else(|| {
                kept.iter()
                    .find(|h| {
                        h.0.is_provocation()
                            && !redeemed(t, learned_kind(std::slice::from_ref(h)), &h.1, &kept)
                    })
                    .map(|h| (h.1.clone(), h.2))
            });
        if findings.is_empty()
            && let Some((span, confidence)) = unlisted
        {
            let span = norm.original(span);
            features.raise(Feature::Banned, LEARNED_SEVERITY_WEIGHT);
            if let Some(f) = kind.feature() {
                features.raise(f, LEARNED_SEVERITY_WEIGHT);
            }
            let (meaning, better) = learned_meaning(kind);
            findings.push(BannedFinding {
                id: if confidence.is_some() {
                    LEARNED_ID
                } else {
                    PROVOKING_ID
                }
                .to_owned(),
                matched: text[span.clone()].to_owned(),
                span,
                severity: 2,
                kind,
                breaks: kind.breaks(),
                meaning,
                better,
                confidence,
            });
        }
        findings.sort_by_key(|f| (f.span.start, f.span.end));

        let hits: Vec<FeatureHit> = kept
            .into_iter()
            .map(|(feature, span, confidence)| {
                let span = norm.original(span);
                features.raise(feature, confidence.unwrap_or(1.0));
                FeatureHit {
                    feature,
                    matched: text[span.clone()].to_owned(),
                    span,
                    confidence,
                }
            })
            .collect();
        Judgement {
            features,
            hits,
            banned: findings,
        }
    }
}

/// The rulebook's patterns, compiled.
struct Compiled {
    set: AhoCorasick,
    by_key: Vec<Vec<usize>>,
    entries: Vec<Entry>,
    feature_except: Vec<Vec<Pattern>>,
    banned_except: Vec<Vec<Pattern>>,
}

/// Compiles every pattern of `book`, or reports each one that does not compile.
fn compile(book: &Rulebook, speller: &Speller) -> Result<Compiled, Vec<PatternError>> {
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    let mut feature_except = Vec::new();
    for (i, rule) in book.features.iter().enumerate() {
        for (lang, field, list) in [(Lang::Zh, "zh", &rule.zh), (Lang::En, "en", &rule.en)] {
            for (lang, pattern) in
                compile_list(list, |_| lang, ("features", i, field), speller, &mut errors)
            {
                entries.push(Entry {
                    owner: Owner::Feature(i),
                    lang,
                    pattern,
                });
            }
        }
        let except = compile_list(
            &rule.except,
            language_of,
            ("features", i, "except"),
            speller,
            &mut errors,
        );
        feature_except.push(except.into_iter().map(|(_, p)| p).collect());
    }
    let mut banned_except = Vec::new();
    for (i, b) in book.banned.iter().enumerate() {
        for (lang, pattern) in compile_list(
            &b.patterns,
            |_| b.lang,
            ("banned", i, "patterns"),
            speller,
            &mut errors,
        ) {
            entries.push(Entry {
                owner: Owner::Banned(i),
                lang,
                pattern,
            });
        }
        let except = compile_list(
            &b.except,
            language_of,
            ("banned", i, "except"),
            speller,
            &mut errors,
        );
        banned_except.push(except.into_iter().map(|(_, p)| p).collect());
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // One automaton over every pattern's key finds the few patterns a reply may touch.
    let mut keys: Vec<&str> = entries.iter().map(|e| e.pattern.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    let mut by_key = vec![Vec::new(); keys.len()];
    for (i, e) in entries.iter().enumerate() {
        if let Ok(k) = keys.binary_search(&e.pattern.key.as_str()) {
            by_key[k].push(i);
        }
    }
    // The noncontiguous automaton is quickest to build, and searching a reply with it costs
    // microseconds.
    let set = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::NoncontiguousNFA))
        .build(&keys)
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
    Ok(Compiled {
        set,
        by_key,
        entries,
        feature_except,
        banned_except,
    })
}

/// Learns from the labelled replies, read as the matcher reads typed ones.
fn prepare(examples: &[Example], speller: &Speller) -> Prepared {
    let rows: Vec<(&str, Vec<Target>)> = examples
        .iter()
        .map(|e| {
            let mut targets: Vec<Target> =
                e.features.iter().copied().map(Target::Feature).collect();
            if e.banned {
                targets.push(Target::Banned);
            }
            (e.text.as_str(), targets)
        })
        .collect();
    Prepared::new(&rows, |text| speller.normalise(text).text)
}

/// The id a banned finding carries when a provoking move was found by its patterns but no
/// phrase of the banned list was said ("you picked the size yourself").
pub const PROVOKING_ID: &str = "provoking";

/// The id a banned finding learned from the examples carries: no phrase of the list was said.
pub const LEARNED_ID: &str = "learned";

/// Below this probability the model overrules a pattern's feature: it is over 90% sure that the
/// words do not make the move.
const UNSAID_BELOW: f64 = 0.1;

/// A learned banned finding weighs as a dismissive phrase: it never blocks a pass on its own.
const LEARNED_SEVERITY_WEIGHT: f64 = 0.67;

/// Whether a phrase of `kind` at `span` is redeemed by a move said after it in the reply, or,
/// for a refusal, by a reason given in the same breath ("I can't refund it because the ticket
/// was non-refundable" refuses with its reason, which the course asks for).
/// Passing the buck is redeemed only by what the clerk does: "ask the manager" sends the
/// customer on, "I'll get the manager" takes the problem there.
fn redeemed(
    text: &str,
    kind: BannedKind,
    span: &Range<usize>,
    hits: &[(Feature, Range<usize>, Option<f64>)],
) -> bool {
    // Only passing the buck asks who acts, so only it cuts the reply into clauses.
    let parts = (kind == BannedKind::PassBuck).then(|| clauses(text));
    let by_the_clerk = |at: &Range<usize>| {
        parts
            .iter()
            .flatten()
            .find(|c| c.start <= at.start && at.start < c.end)
            .is_some_and(|c| FIRST_PERSON.is_match(&text[c.clone()]))
    };
    // A refusal or a rule said as the consequence of its reason, in the same clause, is
    // redeemed by it: "it was discontinued last month, so the system won't let you pick it".
    let after_its_reason = matches!(kind, BannedKind::Refusing | BannedKind::RuleHiding)
        && CONSEQUENCE.is_match(clause_before(text, span.start));
    hits.iter().any(|(f, s, _)| {
        let reason = matches!(f, Feature::Explanation | Feature::FirmReason);
        (after_its_reason && reason && s.end <= span.start)
            || (kind.redeemed_by().contains(f)
                && (s.start >= span.end || (kind == BannedKind::Refusing && s.end > span.end))
                && (kind != BannedKind::PassBuck || by_the_clerk(s)))
    })
}

/// The words just before a phrase that make it the consequence of what was said before it in
/// the clause: "…discontinued last month so", "…，所以".
static CONSEQUENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[a-z0-9']\s+(?:so|which is why|that is why|and so)\s+$|.(?:所以|因此)$")
        .expect("a fixed regex")
});

/// The clerk speaking of themselves or their side.
static FIRST_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:i|we|me|us|my|our|ours)(?-u:\b)|我").expect("a fixed regex")
});

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether `a` lies within `b` and is shorter.
fn strictly_inside(a: &Range<usize>, b: &Range<usize>) -> bool {
    b.start <= a.start && a.end <= b.end && b.len() > a.len()
}

/// Chinese negations and the few words that may stand between them and the verb they deny
/// ("没什么好道歉", "不会给您补偿").
static ZH_NEGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:不是|没有|没|并非|并不|不|别|无须|不必|不用|未|省得|免得|以免)(?:什么|好|是|说|要|想|有|必要|需要|会|能|打算|在|怎么|太|得|用|给|您|你|向|跟|对|再|就|可能|可以|应该|该|让|叫|要求){0,3}$",
    )
    .expect("a fixed regex")
});

/// English negations and up to three words before the verb they deny ("not going to
/// apologise", "not saying it is your fault", "rather than make you come back tomorrow").
static EN_NEGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:not|never|no|without|rather than|instead of)\s+(?:[a-z']+\s+){0,3}$")
        .expect("a fixed regex")
});

/// A phrase denied by a verb of saying or making under a negation, a few words further off:
/// "not going to tell you to calm down", "you will not hear \"that is policy\" from me",
/// "nobody will make you go to another branch". Only a banned phrase is denied this far: the
/// same reach would take good moves away ("I will not make you wait, I will sort it now").
static EN_DENIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?-u:\b)(?:not|never|nobody|no one)\s+(?:(?:going|gonna|about|here|ever|be|want|have|need|to|will|would|is|am|are)\s+){0,4}(?:tell|telling|say|saying|ask|asking|hear|send|sending|pretend|pretending|suggest|suggesting|make you|making you)\s+(?:["“‘']?[a-z']+\s+){0,4}["“‘']?$"#,
    )
    .expect("a fixed regex")
});

/// Words owing the customer ("the driver should have rung you") or clearing them ("you did
/// nothing wrong", "不怪您"). With [`FIRST_PERSON`] ("we should have told you", "是我们漏登了"),
/// an acknowledgement in these words owns the failure, where one without them may only restate
/// the customer's account ("you booked…"); see [`owns_the_failure`].
static CLEARING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:not|nothing|never|should have [a-z]+ you)(?-u:\b)|不")
        .expect("a fixed regex")
});

/// Whether acknowledging words own the failure rather than restate the customer's account.
fn owns_the_failure(words: &str) -> bool {
    FIRST_PERSON.is_match(words) || CLEARING.is_match(words)
}

/// One question asking the customer for a fact of the case or offering something ("what time
/// did you place the order?", "do you remember who you spoke to?", "would you like a copy?"):
/// how the course finds out what happened (问清情况). The learned model, having seen rhetorical
/// questions ("what do you want me to do?"), takes some for one; the patterns still judge it.
static FACT_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:(?:ok|okay|right|sorry|and|so|roughly)[,\s]+)*(?:what (?:time|name|day|date|number|flight|size|colou?r|model|address|email|room|seat|reference|order)|which|when|where|how long|what is (?:the|your) (?:[a-z]+ ){0,2}(?:number|no|reference|ref|code|postcode|address|email)|do you (?:remember|still have|have (?:the|your|a|an))|were you (?:given|told|sent)|could you tell me|can you tell me|would you like)\b[^.!?]*\?+\s*$",
    )
    .expect("a fixed regex")
});

/// Whether the (normalised) reply is one question asking for a fact (see [`FACT_QUESTION`]).
fn asks_for_a_fact(text: &str) -> bool {
    FACT_QUESTION.is_match(text)
}

/// A phrase quoted after a negation is named to be denied, not said: "it's not a case of
/// \"not my department\"", "这不是“不归我管”的事".
static QUOTED_DENIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:(?-u:\b)(?:not|never|no|nobody|no one)(?-u:\b)|不是|不会|没有|别)[^"“”‘’「」]*["“‘「]\s*$"#)
        .expect("a fixed regex")
});

/// A phrase quoted as someone else's words is reported, not said: "my colleague said \"it's not
/// my department\"", "being told \"come back tomorrow\"", "同事跟您说“不归我管”". Owning what a
/// colleague said wrongly is how the course's acknowledgement begins; the clerk's own "as I
/// said, \"that's policy\"" still counts.
static QUOTED_REPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:(?-u:\b)(?:colleague|colleagues|he|she|they|someone|somebody|staff|agent|clerk|driver|manager|whoever|who)\s+(?:[a-z']+\s+){0,2}(?:said|says|told you|wrote)|(?-u:\b)(?:were|was|being|been|got)\s+told|(?:同事|他|她|他们|有人|那位|工作人员)[^“”"「」]{0,6}(?:说|讲|告诉您))\s*[:：]?\s*["“‘「][^"“”‘’「」]*$"#,
    )
    .expect("a fixed regex")
});

/// A phrase quoted and then disowned: "刚才我那句“这不是我的问题”说得不对", "“系统不会错”这话我不会跟您
///说", "\"not my department\" was the wrong thing to say".
static QUOTED_DISOWNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^[^"“”‘’「」]{0,6}["”’」]\s*(?:(?:这话|这种话|这句话|这句)?[^。！？!?]{0,8}?(?:不会(?:跟您|对您|和您)?说|不该说|不应该说|说得不对|说错了|是不对的|不对)|(?:is|was)\s+(?:wrong|the wrong thing|not (?:ok|okay|right|fair|true)))"#,
    )
    .expect("a fixed regex")
});

/// Whether the phrase at `span` is denied by a verb of saying or making (see [`EN_DENIAL`]),
/// quoted after a negation (see [`QUOTED_DENIAL`]), quoted as another's words (see
/// [`QUOTED_REPORT`]) or quoted and then disowned (see [`QUOTED_DISOWNED`]).
fn is_reported_denial(text: &str, span: &Range<usize>) -> bool {
    let before = clause_before(text, span.start);
    EN_DENIAL.is_match(before)
        || QUOTED_DENIAL.is_match(before)
        || QUOTED_REPORT.is_match(before)
        || QUOTED_DISOWNED.is_match(&text[span.end..])
}

/// Whether the words just before `at`, in the same clause, deny what follows.
fn is_negated(text: &str, at: usize) -> bool {
    let before = clause_before(text, at);
    ZH_NEGATION
        .find(before)
        .is_some_and(|m| !asks_a_not_a(before, m.start()))
        || EN_NEGATION.is_match(before)
}

/// Whether the 不 at `at` asks a question rather than denies: "能不能别催了", "是不是没说清楚"
/// repeat the word on both sides of it.
fn asks_a_not_a(text: &str, at: usize) -> bool {
    let Some(after) = text[at..].strip_prefix('不') else {
        return false;
    };
    let before = text[..at].chars().next_back();
    before.is_some() && before == after.chars().next()
}

/// The text of the clause before `at`.
fn clause_before(text: &str, at: usize) -> &str {
    let clause_start = text[..at]
        .rfind([',', '。', '!', '?', ';', ':', '、', '.', '\n'])
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    &text[clause_start..at]
}

/// The kind of a banned reply the examples recognised, from what else it does.
fn learned_kind(hits: &[(Feature, Range<usize>, Option<f64>)]) -> BannedKind {
    let has = |f: Feature| hits.iter().any(|h| h.0 == f);
    if has(Feature::Blame) {
        BannedKind::Blaming
    } else if has(Feature::PassBuck) {
        BannedKind::PassBuck
    } else if has(Feature::Argue) {
        BannedKind::Arguing
    } else if has(Feature::Interrupt) {
        BannedKind::Impatient
    } else {
        BannedKind::Dismissive
    }
}

/// What a learned banned finding means and what to say instead, by kind.
fn learned_meaning(kind: BannedKind) -> (Text, Text) {
    let text = Text::new;
    let meaning = match kind {
        BannedKind::Blaming => text(
            "把问题推到顾客身上：课程要求不责怪顾客。",
            "Puts the problem on the customer: the course says never blame them.",
        ),
        BannedKind::PassBuck => text(
            "把顾客推给别人：首问负责，不推诿。",
            "Sends the customer elsewhere: whoever is asked first owns the problem.",
        ),
        BannedKind::Arguing => text(
            "和顾客争对错：不争论，不比输赢。",
            "Argues over who is right: don't argue, don't compete to win.",
        ),
        BannedKind::Impatient => text(
            "打断或催促顾客：先让顾客把话说完。",
            "Cuts the customer off: let them finish first.",
        ),
        _ => text(
            "口气与课程的忌语例句同类：打发、讽刺或质问顾客。",
            "Reads like the course's banned examples: brushing the customer off, sarcasm or interrogation.",
        ),
    };
    let better = text(
        "先道歉、理解顾客的感受，再说明您能做什么。",
        "Apologise, show you understand how they feel, then say what you can do.",
    );
    (meaning, better)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matches of `pattern` in `text`, as the matcher reads both.
    fn found(pattern_text: &str, lang: Lang, text: &str) -> Vec<String> {
        let speller = Speller::new(&[]);
        let p = pattern(pattern_text, lang, &speller).unwrap();
        let t = speller.normalise(text).text;
        p.find_iter(&t).map(|r| t[r].to_owned()).collect()
    }

    #[test]
    fn english_patterns_respect_word_boundaries() {
        assert_eq!(
            found("calm down", Lang::En, "Please CALM   down."),
            ["calm down"]
        );
        assert!(found("calm down", Lang::En, "becalm downtown").is_empty());
        // A miss at a boundary does not hide a match that starts inside it.
        assert_eq!(found("no", Lang::En, "nono no"), ["no"]);
        assert_eq!(
            found(
                "you should have…earlier",
                Lang::En,
                "you should have come earlier"
            ),
            ["you should have come earlier"]
        );
        assert!(
            found(
                "you should have…earlier",
                Lang::En,
                "you should have. Then it was earlier"
            )
            .is_empty()
        );
    }

    #[test]
    fn chinese_patterns_match_anywhere_with_the_shortest_gaps() {
        assert_eq!(
            found("您是说…对吗", Lang::Zh, "您是说等了三十分钟还没办好,对吗?"),
            ["您是说等了三十分钟还没办好,对吗"]
        );
        assert!(found("您是说…对吗", Lang::Zh, "您是说等了。对吗").is_empty());
        // Sixteen characters at most between the phrases, the shortest gap first.
        assert!(
            found(
                "请…稍等",
                Lang::Zh,
                "请一二三四五六七八九十一二三四五六七稍等"
            )
            .is_empty()
        );
        assert_eq!(found("请…等", Lang::Zh, "请您稍等等"), ["请您稍等"]);
        assert_eq!(
            found("不…了", Lang::Zh, "不好了不行了"),
            ["不好了", "不行了"]
        );
    }

    #[test]
    fn empty_patterns_are_errors() {
        assert!(pattern(" … ", Lang::Zh, &Speller::new(&[])).is_err());
    }
}
