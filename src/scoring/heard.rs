//! What the customer heard in typed words, for the debrief: the words the rulebook recognised,
//! marked where they were typed; the main act heard; and the authored option nearest in meaning
//! with its grade, so a trainee sees how the course would have said it.

use serde::Serialize;

use crate::lang::Text;
use crate::rulebook::{Act, Feature};
use crate::scenario::{Grade, Scenario};
use crate::session::{ReplyChoice, Turn};

/// A piece of typed words: recognised (a feature or a banned phrase) or not.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Piece {
    /// The words.
    pub text: String,
    /// What the rulebook recognised in them: the features, then `banned` if they are banned.
    pub marks: Vec<&'static str>,
    /// Whether they hold a banned phrase.
    pub banned: bool,
}

/// How one typed reply was heard.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Heard {
    /// The reply's turn, from 0.
    pub turn: usize,
    /// The typed words in pieces, recognised ones marked.
    pub pieces: Vec<Piece>,
    /// The main act heard.
    pub act: Act,
    /// The features the customer reacted to.
    pub features: Vec<Feature>,
    /// The option the reply followed, from 0; none when the customer answered in place.
    pub followed: Option<usize>,
    /// The authored option nearest in meaning, from 0, with its words and grade.
    pub nearest: Option<(usize, Text, Option<Grade>)>,
    /// Whether the trainee said the reply was misread.
    pub misread: bool,
}

/// How each typed reply of `turns` was heard, in order.
pub fn heard(scenario: &Scenario, turns: &[Turn]) -> Vec<Heard> {
    turns
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let ReplyChoice::Text(typed) = &t.choice else {
                return None;
            };
            let understood = t.understood.as_ref()?;
            let nearest = understood.nearest.and_then(|o| {
                let reply = scenario.node(&t.node)?.replies.get(o)?;
                Some((o, reply.text.clone(), reply.grade))
            });
            Some(Heard {
                turn: i,
                pieces: pieces(typed, t),
                act: understood.act,
                features: t.features.iter().map(|(f, _)| f).collect(),
                followed: t.option,
                nearest,
                misread: t.misread,
            })
        })
        .collect()
}

/// `typed` cut at every edge of a recognised span.
fn pieces(typed: &str, turn: &Turn) -> Vec<Piece> {
    let spans: Vec<(std::ops::Range<usize>, Option<&'static str>)> = turn
        .hits
        .iter()
        .map(|h| (h.span.clone(), Some(h.feature.key())))
        .chain(turn.banned.iter().map(|b| (b.span.clone(), None)))
        .filter(|(s, _)| s.end <= typed.len() && typed.is_char_boundary(s.start))
        .collect();
    let mut cuts: Vec<usize> = spans
        .iter()
        .flat_map(|(s, _)| [s.start, s.end])
        .chain([0, typed.len()])
        .filter(|&c| typed.is_char_boundary(c))
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| {
            let here = |s: &std::ops::Range<usize>| s.start <= w[0] && w[1] <= s.end;
            let mut marks: Vec<&'static str> = spans
                .iter()
                .filter(|(s, _)| here(s))
                .filter_map(|(_, m)| *m)
                .collect();
            marks.dedup();
            Piece {
                text: typed[w[0]..w[1]].to_owned(),
                marks,
                banned: spans.iter().any(|(s, m)| m.is_none() && here(s)),
            }
        })
        .collect()
}
