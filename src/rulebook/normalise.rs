//! What a reply says, in one spelling: trainees type full-width and half-width forms,
//! traditional characters, near-homophones (报歉), contractions with and without apostrophes,
//! shouting capitals, repeated punctuation and emoji. Replies and patterns are both normalised,
//! so an instructor writes each phrase once; every byte of the normalised text keeps the offset
//! it came from, so findings point at the words the trainee typed.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Text in the matcher's one spelling, with a way back to the original.
#[derive(Clone, Debug, PartialEq)]
pub struct Normalised {
    /// The normalised text.
    pub text: String,
    /// For each byte of `text` (and one past its end), the byte offset in the original.
    map: Vec<usize>,
}

impl Normalised {
    /// The original byte range a range of the normalised text came from.
    pub fn original(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.map[range.start]..self.map[range.end]
    }
}

/// Corrections of common misspellings, built once from the rulebook's `spellings`.
#[derive(Debug)]
pub struct Speller {
    finder: Option<AhoCorasick>,
    right: Vec<String>,
    /// Whether each wrong form is a Latin word, matched only as a whole word.
    whole_word: Vec<bool>,
}

impl Speller {
    /// A speller for `(wrong, right)` pairs; the wrong forms are matched after folding, so
    /// they are written in lower case and half-width.
    pub fn new(pairs: &[(String, String)]) -> Speller {
        let wrong: Vec<String> = pairs.iter().map(|(w, _)| fold_chars(w).0).collect();
        let right = pairs.iter().map(|(_, r)| fold_chars(r).0).collect();
        let whole_word = wrong
            .iter()
            .map(|w| w.chars().all(|c| c.is_ascii() && !c.is_ascii_whitespace()))
            .collect();
        let finder = (!wrong.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&wrong)
                .expect("plain strings always build")
        });
        Speller {
            finder,
            right,
            whole_word,
        }
    }

    /// `text` in the matcher's spelling.
    pub fn normalise(&self, text: &str) -> Normalised {
        let (folded, map) = fold_chars(text);
        let Some(finder) = &self.finder else {
            return Normalised { text: folded, map };
        };
        let mut out = String::with_capacity(folded.len());
        let mut out_map = Vec::with_capacity(map.len());
        let mut at = 0;
        for m in finder.find_iter(&folded) {
            let id = m.pattern().as_usize();
            if self.whole_word[id] && !whole_word_at(&folded, m.start(), m.end()) {
                continue;
            }
            out.push_str(&folded[at..m.start()]);
            out_map.extend_from_slice(&map[at..m.start()]);
            let fix = &self.right[id];
            out.push_str(fix);
            out_map.extend(std::iter::repeat_n(map[m.start()], fix.len()));
            at = m.end();
        }
        out.push_str(&folded[at..]);
        out_map.extend_from_slice(&map[at..]);
        Normalised {
            text: out,
            map: out_map,
        }
    }
}

/// Whether `text[start..end]` stands alone as a word.
fn whole_word_at(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '\'';
    !text[..start].chars().next_back().is_some_and(word)
        && !text[end..].chars().next().is_some_and(word)
}

/// Whether `c` is drawn rather than written: emoji, their joiners and variation selectors.
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0xFE0F | 0x200D | 0x2B50 | 0x2B55)
}

/// Punctuation a run of which means no more than one.
fn collapses(c: char) -> bool {
    matches!(
        c,
        '!' | '?' | '.' | ',' | '~' | '…' | '。' | '、' | ';' | '-' | '～'
    )
}

/// Folds width, quotes, traditional characters, case, emoji and repeated punctuation, one
/// character at a time; the map gives each output byte's original offset.
fn fold_chars(text: &str) -> (String, Vec<usize>) {
    let simplified = fast2s::convert(text);
    // Traditional to simplified is one character for one; if it ever were not, keep the text.
    let same_length = simplified.chars().count() == text.chars().count();
    let mut converted = simplified.chars();
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut last: Option<char> = None;
    for (at, c) in text.char_indices() {
        let simple = converted.next().filter(|_| same_length).unwrap_or(c);
        let folded = match simple {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(simple as u32 - 0xFEE0).unwrap_or(simple),
            c if c.is_whitespace() => ' ',
            '\u{2018}' | '\u{2019}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{FF61}' => '。',
            c => c,
        }
        .to_ascii_lowercase();
        let repeated = last == Some(folded) || (folded == ' ' && last == Some(' '));
        if is_emoji(folded) || (repeated && (collapses(folded) || folded == ' ')) {
            continue;
        }
        last = Some(folded);
        out.push(folded);
        map.extend(std::iter::repeat_n(at, folded.len_utf8()));
    }
    map.push(text.len());
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speller() -> Speller {
        Speller::new(&[
            ("报歉".into(), "抱歉".into()),
            ("sory".into(), "sorry".into()),
            ("i'm".into(), "i am".into()),
            ("im".into(), "i am".into()),
        ])
    }

    #[test]
    fn width_case_and_traditional_characters_fold() {
        let n = speller().normalise("ＯＫ，這不歸我管 SORRY");
        assert_eq!(n.text, "ok,这不归我管 sorry");
    }

    #[test]
    fn spans_map_back_to_what_was_typed() {
        let typed = "真的很报歉！！！😅";
        let n = speller().normalise(typed);
        assert_eq!(n.text, "真的很抱歉!");
        let at = n.text.find("抱歉").unwrap();
        assert_eq!(&typed[n.original(at..at + "抱歉".len())], "报歉");
        assert_eq!(n.original(0..n.text.len()).end, typed.len());
    }

    #[test]
    fn latin_fixes_apply_to_whole_words_only() {
        let s = speller();
        assert_eq!(s.normalise("Im sory").text, "i am sorry");
        assert_eq!(
            s.normalise("I'm sorry, it's simple").text,
            "i am sorry, it's simple"
        );
        assert_eq!(s.normalise("important").text, "important");
    }

    #[test]
    fn repeated_words_stay_but_repeated_marks_go() {
        assert_eq!(
            speller().normalise("是是是。。。行了吧？？").text,
            "是是是。行了吧?"
        );
    }
}
