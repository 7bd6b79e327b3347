//! Whether a choice point gives its Good option away by length. A trainee who learns that the
//! course's answer is always the longest can pass without reading the customer, so the options'
//! lengths are a tell an instructor needs to see (`check` warns, `explore` measures).

use serde::Serialize;

use crate::lang::Lang;

use super::{Grade, Node, Scenario};

/// A choice point whose Good option is strictly the longest in one language.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LengthGiveaway {
    /// The node.
    pub node: String,
    /// The language the option is longest in.
    pub lang: Lang,
    /// The Good option's number, 1-based as the trainee sees it.
    pub option: usize,
    /// Its length in characters.
    pub chars: usize,
    /// The length of the next longest option.
    pub next_chars: usize,
    /// `chars / next_chars`: how far ahead it is (above 1; infinite if every other option is
    /// empty in this language).
    pub ratio: f64,
}

/// The giveaways of one scenario and the choice points they are counted against.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LengthTells {
    /// Nodes that offer a choice: two options or more.
    pub choice_points: usize,
    /// Every choice point, in node order and then language order, whose Good option is
    /// strictly the longest.
    pub giveaways: Vec<LengthGiveaway>,
}

/// The share of a file's choice points whose Good option may be the longest before `check`
/// warns: some are bound to be (a fuller answer is sometimes the right one), but beyond this
/// share "pick the longest" beats reading the customer.
pub const MAX_GIVEAWAY_SHARE: f64 = 0.4;

impl LengthTells {
    /// How many choice points give the Good option away in `lang`.
    pub fn count(&self, lang: Lang) -> usize {
        self.giveaways.iter().filter(|g| g.lang == lang).count()
    }

    /// The giveaways in `lang` when they are more than [`MAX_GIVEAWAY_SHARE`] of the choice
    /// points, so that the longest option is a better bet than judgement; else none.
    pub fn too_many(&self, lang: Lang) -> Vec<&LengthGiveaway> {
        let count = self.count(lang);
        if count == 0 || (count as f64) <= MAX_GIVEAWAY_SHARE * self.choice_points as f64 {
            return Vec::new();
        }
        self.giveaways.iter().filter(|g| g.lang == lang).collect()
    }
}

/// An option's length as the trainee reads it in `lang`: the text shown in that language
/// (falling back to the other one, as the game does), in characters, since a Chinese
/// character and an English letter are each one thing the eye runs over.
pub fn option_chars(text: &crate::lang::Text, lang: Lang) -> usize {
    text.get(lang).chars().count()
}

/// The choice point's Good option, if it is strictly the longest in `lang`.
pub fn node_giveaway(node: &Node, lang: Lang) -> Option<LengthGiveaway> {
    if node.replies.len() < 2 {
        return None;
    }
    let lengths: Vec<usize> = node
        .replies
        .iter()
        .map(|r| option_chars(&r.text, lang))
        .collect();
    let (longest, &chars) = lengths.iter().enumerate().max_by_key(|(_, c)| **c)?;
    let next_chars = lengths
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != longest)
        .map(|(_, c)| *c)
        .max()?;
    if chars <= next_chars || node.replies[longest].grade != Some(Grade::Good) {
        return None;
    }
    Some(LengthGiveaway {
        node: node.id.clone(),
        lang,
        option: longest + 1,
        chars,
        next_chars,
        ratio: chars as f64 / next_chars as f64,
    })
}

/// Every choice point of `scenario` whose Good option is strictly the longest, per language.
pub fn length_tells(scenario: &Scenario) -> LengthTells {
    let choices = scenario.nodes.iter().filter(|n| n.replies.len() >= 2);
    LengthTells {
        choice_points: choices.clone().count(),
        giveaways: choices
            .flat_map(|n| Lang::ALL.into_iter().filter_map(|l| node_giveaway(n, l)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Text;
    use crate::scenario::Reply;

    fn reply(zh: &str, en: &str, grade: Grade) -> Reply {
        Reply::plain(Text::new(zh, en), Some(grade))
    }

    fn node(replies: Vec<Reply>) -> Node {
        Node {
            id: "n".into(),
            lines: Vec::new(),
            replies,
            end: None,
        }
    }

    #[test]
    fn a_good_option_strictly_longest_is_a_giveaway_in_that_language_only() {
        let n = node(vec![
            reply("好的", "Sure, right away", Grade::Mediocre),
            reply("非常抱歉让您久等了", "Sorry", Grade::Good),
        ]);
        let zh = node_giveaway(&n, Lang::Zh).unwrap();
        assert_eq!((zh.option, zh.chars, zh.next_chars), (2, 9, 2));
        assert!((zh.ratio - 4.5).abs() < 1e-9);
        assert_eq!(node_giveaway(&n, Lang::En), None);
    }

    #[test]
    fn giveaways_count_only_beyond_the_share_of_choice_points() {
        let good_longest = node(vec![
            reply("好", "ok", Grade::Bad),
            reply("我来查一下", "Let me check", Grade::Good),
        ]);
        let good_short = node(vec![
            reply("好的好的马上", "Sure, right away, sir", Grade::Mediocre),
            reply("我来查", "I'll check", Grade::Good),
        ]);
        let tells = |nodes: Vec<Node>| {
            let choice_points = nodes.len();
            LengthTells {
                choice_points,
                giveaways: nodes
                    .iter()
                    .flat_map(|n| Lang::ALL.into_iter().filter_map(|l| node_giveaway(n, l)))
                    .collect(),
            }
        };
        // Two of five (40%) is allowed; three of five is not.
        let mut nodes = vec![good_longest.clone(), good_longest.clone()];
        nodes.extend(std::iter::repeat_n(good_short.clone(), 3));
        assert!(tells(nodes).too_many(Lang::Zh).is_empty());
        let mut nodes = vec![good_longest.clone(); 3];
        nodes.extend(std::iter::repeat_n(good_short, 2));
        assert_eq!(tells(nodes).too_many(Lang::En).len(), 3);
    }

    #[test]
    fn a_tie_for_longest_or_a_single_option_gives_nothing_away() {
        let tie = node(vec![
            reply("一二三", "abc", Grade::Bad),
            reply("四五六", "def", Grade::Good),
        ]);
        assert_eq!(node_giveaway(&tie, Lang::Zh), None);
        let single = node(vec![reply("四五六", "def", Grade::Good)]);
        assert_eq!(node_giveaway(&single, Lang::Zh), None);
    }

    #[test]
    fn the_minimal_fixture_does_not_give_its_good_option_away() {
        let src = include_str!("../../tests/fixtures/valid/minimal.ron");
        let s: Scenario = crate::ron_file::parse(std::path::Path::new("minimal.ron"), src).unwrap();
        let tells = length_tells(&s);
        assert_eq!(tells.choice_points, 1);
        assert_eq!(tells.giveaways, vec![]);
    }
}
