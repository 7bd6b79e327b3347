//! Which authored option a typed reply means. The customer answers the option whose path the
//! reply follows, so typed words follow the good path only when they say what the good option
//! says, in its words or in its moves, never because they are generally warm.

use std::collections::HashMap;

use crate::rulebook::{Feature, Features};
use crate::scenario::{Grade, Node};

/// How alike a typed reply and an option must be, 0 to 1, for the reply to follow it: half
/// the words' likeness, half the moves'. A paraphrase shares most moves and some telling
/// words.
pub const FOLLOW_AT: f64 = 0.3;

/// How alike the words alone must be as well: a stock sentence that could be said anywhere
/// ("sorry, I understand, I'll look into it") shares the moves of many options but few of
/// the telling words of any.
pub const WORDS_AT: f64 = 0.25;

/// The words of a scenario's options, weighted by how rare they are in it: "您" or "the" is in
/// every option and tells nothing, "实名核验" tells which option is meant.
#[derive(Debug, Default)]
pub(super) struct Wording {
    idf: HashMap<String, f64>,
}

impl Wording {
    /// The weights from every option text of `nodes`, in both languages.
    pub(super) fn of(nodes: &[Node]) -> Wording {
        let mut df: HashMap<String, f64> = HashMap::new();
        let mut docs = 0.0;
        for text in nodes
            .iter()
            .flat_map(|n| &n.replies)
            .flat_map(|r| r.text.langs().filter_map(|l| r.text.exact(l)))
        {
            docs += 1.0;
            let mut seen = grams(text);
            seen.sort();
            seen.dedup();
            for g in seen {
                *df.entry(g).or_default() += 1.0;
            }
        }
        let idf = df
            .into_iter()
            .map(|(g, n)| (g, (1.0 + docs / n).ln()))
            .collect();
        Wording { idf }
    }

    /// The weighted bag of words of `text`; a word no option uses weighs as the rarest would.
    fn vector(&self, text: &str) -> HashMap<String, f64> {
        let rare = self.idf.values().copied().fold(1.0, f64::max);
        let mut v: HashMap<String, f64> = HashMap::new();
        for g in grams(text) {
            let w = self.idf.get(&g).copied().unwrap_or(rare);
            *v.entry(g).or_default() += w;
        }
        v
    }

    /// How alike two texts' words are, 0 to 1.
    fn likeness(&self, a: &str, b: &str) -> f64 {
        cosine(&self.vector(a), &self.vector(b))
    }
}

/// The option typed text follows. A provocation takes the bad option's path, whatever else is
/// said. Otherwise the most alike option, if alike enough ([`FOLLOW_AT`]), but never a good
/// option when the reply carries a move the customer's strategy avoids (`traps`): a promised
/// time stays a promised time however warmly it is put. Anything else takes the mediocre
/// option's path (the first option when the node has none).
pub(super) fn followed_option(
    node: &Node,
    typed: &str,
    heard: &Features,
    options: &[Features],
    wording: &Wording,
    traps: &[Feature],
) -> usize {
    let of_grade = |g: Grade| node.replies.iter().position(|r| r.grade == Some(g));
    if heard.iter().any(|(f, _)| f.is_provocation())
        && let Some(bad) = of_grade(Grade::Bad)
    {
        return bad;
    }
    let trapped = traps.iter().any(|f| heard.has(*f));
    let likeness = |i: usize| {
        let text = &node.replies[i].text;
        let words = text
            .langs()
            .filter_map(|l| text.exact(l))
            .map(|t| wording.likeness(typed, t))
            .fold(0.0, f64::max);
        let moves = options.get(i).map_or(0.0, |o| moves_likeness(heard, o));
        if words < WORDS_AT {
            return 0.0;
        }
        0.5 * words + 0.5 * moves
    };
    let best = (0..node.replies.len())
        .filter(|&i| !(trapped && node.replies[i].grade == Some(Grade::Good)))
        .map(|i| (i, likeness(i)))
        .fold(None, |best: Option<(usize, f64)>, (i, l)| match best {
            Some((_, b)) if b >= l => best,
            _ => Some((i, l)),
        });
    match best {
        Some((i, l)) if l >= FOLLOW_AT => i,
        // Words that mean no option: the path of a mediocre reply, never one that carries a
        // trap the trainee did not set.
        _ => {
            let innocent = |i: &usize| {
                !traps
                    .iter()
                    .any(|f| options.get(*i).is_some_and(|o| o.has(*f)))
            };
            (0..node.replies.len())
                .filter(innocent)
                .find(|&i| node.replies[i].grade == Some(Grade::Mediocre))
                .or_else(|| of_grade(Grade::Mediocre))
                .unwrap_or(0)
        }
    }
}

/// How alike two replies' moves are, 0 to 1: the cosine of their feature weights.
fn moves_likeness(a: &Features, b: &Features) -> f64 {
    let dot: f64 = a.iter().map(|(f, w)| w * b.get(f)).sum();
    let norm = |x: &Features| x.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    let n = norm(a) * norm(b);
    if n == 0.0 { 0.0 } else { dot / n }
}

fn cosine(a: &HashMap<String, f64>, b: &HashMap<String, f64>) -> f64 {
    let dot: f64 = a.iter().filter_map(|(g, w)| b.get(g).map(|v| w * v)).sum();
    let norm = |x: &HashMap<String, f64>| x.values().map(|w| w * w).sum::<f64>().sqrt();
    let n = norm(a) * norm(b);
    if n == 0.0 { 0.0 } else { dot / n }
}

/// The words of a text: pairs of neighbouring Chinese characters (Chinese is written without
/// spaces, and a pair is the shortest unit that usually means something), and whole Latin
/// words in lower case. Punctuation and spaces separate.
fn grams(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut han: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush = |han: &mut Vec<char>, word: &mut String, out: &mut Vec<String>| {
        match han.len() {
            0 => {}
            1 => out.push(han[0].to_string()),
            _ => out.extend(han.windows(2).map(|w| w.iter().collect())),
        }
        han.clear();
        if !word.is_empty() {
            out.push(std::mem::take(word));
        }
    };
    for c in text.chars() {
        if is_han(c) {
            if !word.is_empty() {
                flush(&mut Vec::new(), &mut word, &mut out);
            }
            han.push(c);
        } else if c.is_alphanumeric() || c == '\'' {
            if !han.is_empty() {
                flush(&mut han, &mut String::new(), &mut out);
            }
            word.extend(c.to_lowercase());
        } else {
            flush(&mut han, &mut word, &mut out);
        }
    }
    flush(&mut han, &mut word, &mut out);
    out
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Text;
    use crate::scenario::Reply;

    #[test]
    fn chinese_is_read_in_pairs_and_english_in_words() {
        assert_eq!(grams("您好，查一下"), ["您好", "查一", "一下"]);
        assert_eq!(grams("I'll check it, OK?"), ["i'll", "check", "it", "ok"]);
        assert_eq!(grams("卡在KYC这步"), ["卡在", "kyc", "这步"]);
    }

    #[test]
    fn words_every_option_uses_weigh_less_than_telling_ones() {
        let reply = |zh: &str| Reply {
            text: Text::new(zh, ""),
            grade: None,
            add_features: Vec::new(),
            drop_features: Vec::new(),
            offer: None,
            next: None,
            branches: Vec::new(),
            why: None,
        };
        let node = Node {
            id: "n".into(),
            lines: Vec::new(),
            replies: vec![
                reply("您的卡在实名核验这一步"),
                reply("您的卡还要等一等"),
                reply("您的事我不管"),
            ],
            end: None,
        };
        let w = Wording::of(std::slice::from_ref(&node));
        assert!(w.idf["您的"] < w.idf["核验"]);
        let telling = w.likeness("卡在核验那步了", "您的卡在实名核验这一步");
        let common = w.likeness("您的", "您的卡在实名核验这一步");
        assert!(telling > common, "{telling} {common}");
    }
}
