//! Which authored option a typed reply means. The customer answers the option whose path the
//! reply follows, so typed words follow the good path only when they say what the good option
//! says, in its words or in its moves, never because they are generally warm.

use std::collections::HashMap;

use crate::lang::is_han;
use crate::rulebook::{Feature, Features};
use crate::scenario::{Grade, Node};

/// How a typed reply is matched with the options: it follows the most alike option when the
/// words alone reach `words_at` and the blend of words and moves reaches `follow_at`. The
/// figures are calibrated on labelled replies (tests/routing): a paraphrase shares most moves
/// and some telling words; a stock sentence that could be said anywhere ("sorry, I understand,
/// I'll look into it") shares the moves of many options but few telling words of any.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    /// The blend an option must reach, 0 to 1.
    pub follow_at: f64,
    /// The words' likeness an option must reach on its own, 0 to 1.
    pub words_at: f64,
    /// The words' share of the blend (the moves have the rest).
    pub words_share: f64,
    /// How much likelier the words must be at this point than at any other point of the
    /// conversation (0: not asked): a reply that fits everywhere answers nothing here.
    pub specific: f64,
}

impl Reading {
    /// The calibrated reading the game, `play` and `run` use.
    pub const DEFAULT: Reading = Reading {
        follow_at: 0.15,
        words_at: 0.15,
        words_share: 0.7,
        specific: 0.8,
    };
}

/// The words of a scenario's options, weighted by how rare they are in it: "您" or "the" is in
/// every option and tells nothing, "实名核验" tells which option is meant.
#[derive(Debug, Default)]
pub(super) struct Wording {
    idf: HashMap<String, f64>,
    /// The weight a word no option uses gets: the rarest's.
    rare: f64,
    /// Each option's words in each language it is written in, by node and option.
    options: Vec<Vec<Vec<Bag>>>,
}

type Bag = HashMap<String, f64>;

impl Wording {
    /// The weights from every option text of `nodes`, in both languages.
    pub(super) fn of(nodes: &[Node]) -> Wording {
        let texts = |r: &crate::scenario::Reply| {
            r.text
                .langs()
                .filter_map(|l| r.text.exact(l).map(str::to_owned))
                .collect::<Vec<_>>()
        };
        let mut df: HashMap<String, f64> = HashMap::new();
        let mut docs = 0.0;
        for text in nodes.iter().flat_map(|n| &n.replies).flat_map(texts) {
            docs += 1.0;
            let mut seen = grams(&text);
            seen.sort();
            seen.dedup();
            for g in seen {
                *df.entry(g).or_default() += 1.0;
            }
        }
        let idf: HashMap<String, f64> = df
            .into_iter()
            .map(|(g, n)| (g, (1.0 + docs / n).ln()))
            .collect();
        let rare = idf.values().copied().fold(1.0, f64::max);
        let mut wording = Wording {
            idf,
            rare,
            options: Vec::new(),
        };
        wording.options = nodes
            .iter()
            .map(|n| {
                n.replies
                    .iter()
                    .map(|r| texts(r).iter().map(|t| wording.bag(t)).collect())
                    .collect()
            })
            .collect();
        wording
    }

    /// The weighted bag of words of `text`.
    fn bag(&self, text: &str) -> Bag {
        let mut v = Bag::new();
        for g in grams(text) {
            let w = self.idf.get(&g).copied().unwrap_or(self.rare);
            *v.entry(g).or_default() += w;
        }
        v
    }

    /// How alike the words of `typed` and of option `option` at node `node` are, 0 to 1 (the
    /// closer of its languages).
    fn likeness(&self, typed: &Bag, node: usize, option: usize) -> f64 {
        self.options[node][option]
            .iter()
            .map(|o| cosine(typed, o))
            .fold(0.0, f64::max)
    }

    /// How many words `typed` and option `option` at node `node` have in common (in the
    /// option's language that shares most).
    fn shared(&self, typed: &Bag, node: usize, option: usize) -> usize {
        self.options[node][option]
            .iter()
            .map(|o| typed.keys().filter(|g| o.contains_key(*g)).count())
            .max()
            .unwrap_or(0)
    }

    /// How alike `typed` is to the likest option anywhere but at `node`.
    fn likeness_elsewhere(&self, typed: &Bag, node: usize) -> f64 {
        (0..self.options.len())
            .filter(|&n| n != node)
            .flat_map(|n| (0..self.options[n].len()).map(move |o| (n, o)))
            .map(|(n, o)| self.likeness(typed, n, o))
            .fold(0.0, f64::max)
    }
}

/// What typed words mean at a point of the conversation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Meaning {
    /// The option the reply follows, if it means one.
    pub followed: Option<usize>,
    /// The option nearest in words and moves, followed or not, for the debrief to show.
    pub nearest: Option<usize>,
}

/// The option typed words mean, if any: the most alike option, if alike enough (`reading`)
/// and likelier here than anywhere else in the conversation (a stock sentence fits every point
/// alike). A provocation follows only an option that provokes too (a bad one, or one whose own
/// words do), and a reply carrying a move the customer's strategy avoids (`traps`) never follows
/// a good one: a promised time stays a promised time
/// however warmly it is put. Words naming an amount follow an option offering money only if
/// the sums are alike (`offered`, within half to double): fifty yuan is not a thousand.
#[allow(clippy::too_many_arguments)]
pub(super) fn meant_option(
    nodes: &[Node],
    node_index: usize,
    typed: &str,
    heard: &Features,
    offered: Option<f64>,
    options: &[Features],
    wording: &Wording,
    traps: &[Feature],
    reading: Reading,
) -> Meaning {
    let node = &nodes[node_index];
    let provoked = heard.iter().any(|(f, _)| f.is_provocation());
    let trapped = traps.iter().any(|f| heard.has(*f));
    let same_offer = |i: usize| match (offered, node.replies[i].offer) {
        (Some(typed), Some(authored)) if authored > 0.0 => {
            (0.5..=2.0).contains(&(typed / authored))
        }
        _ => true,
    };
    let bag = wording.bag(typed);
    // One word in common ("嗯嗯，好的" and "好的，打印话费单是吧？") is chance, not meaning.
    // A provocation means an option that provokes too: a bad one, or one whose own words do.
    let provokes = |i: usize| {
        node.replies[i].grade == Some(Grade::Bad)
            || options
                .get(i)
                .is_some_and(|o| o.iter().any(|(f, _)| f.is_provocation()))
    };
    let allowed = |i: usize| {
        same_offer(i)
            && wording.shared(&bag, node_index, i) >= 2
            && (!provoked || provokes(i))
            && !(trapped && node.replies[i].grade == Some(Grade::Good))
    };
    let words = |i: usize| wording.likeness(&bag, node_index, i);
    let blend = |i: usize| {
        let moves = options.get(i).map_or(0.0, |o| moves_likeness(heard, o));
        reading.words_share * words(i) + (1.0 - reading.words_share) * moves
    };
    let likest = |candidates: &mut dyn Iterator<Item = usize>| {
        candidates.map(|i| (i, blend(i))).fold(
            None,
            |best: Option<(usize, f64)>, (i, l)| match best {
                Some((_, b)) if b >= l => best,
                _ => Some((i, l)),
            },
        )
    };
    // Nearest only when the words are alike enough to speak of, as following asks.
    let nearest = likest(&mut (0..node.replies.len()))
        .filter(|&(i, l)| l >= reading.follow_at / 2.0 && words(i) >= reading.words_at)
        .map(|(i, _)| i);
    let followed = likest(
        &mut (0..node.replies.len()).filter(|&i| allowed(i) && words(i) >= reading.words_at),
    )
    .filter(|(_, l)| *l >= reading.follow_at)
    .map(|(i, _)| i)
    .filter(|&best| {
        reading.specific == 0.0
            || words(best) >= reading.specific * wording.likeness_elsewhere(&bag, node_index)
    });
    Meaning { followed, nearest }
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
        let reply = |zh: &str| Reply::plain(Text::new(zh, ""), None);
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
        let telling = w.likeness(&w.bag("卡在核验那步了"), 0, 0);
        let common = w.likeness(&w.bag("您的"), 0, 0);
        assert!(telling > common, "{telling} {common}");
    }
}
