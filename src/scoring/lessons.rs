//! What the course teaches, read off one conversation: the five "a bit more" the trainee earned
//! (course 000), the three kinds of justice the customer felt (the Smith model, Smith, Bolton &
//! Wagner 1999), what the customer came for (their motives, course 001), the course's figures
//! that explain this ending, and the recovery paradox as a point to discuss.

use std::sync::Arc;

use serde::Serialize;

use crate::lang::Text;
use crate::rulebook::{BitMore, BitMoreId, Feature, Matcher};
use crate::scenario::{Outcome, Scenario, Trait};
use crate::session::{Session, Transcript, Turn};

/// Replies within which a move counts as quick (the course's 及时, timeliness).
const QUICK_REPLIES: usize = 3;
/// A justice channel or a motive counts as met from here (the model's own "fixed" bar).
const MET: f64 = 0.6;

/// One of the five (the rulebook's, course 000), as this conversation earned it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BitEarned {
    /// Which.
    pub bit: BitMoreId,
    /// Its name, from the rulebook.
    pub name: Text,
    /// The reply (0-based) that first earned it; none if it was not earned.
    pub turn: Option<usize>,
    /// Whether this customer needed it: compensation only when there is a loss to make good,
    /// a higher level above all for the one-to-one customer; the others always.
    pub needed: bool,
}

/// The three kinds of justice the customer felt at the end, 0 to 1 (Smith, Bolton & Wagner
/// 1999, the model's channels).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Justice {
    /// Interactional: apology, courtesy, being heard, the firm starting the recovery.
    pub interactional: f64,
    /// Procedural: how fast and how clearly it was handled.
    pub procedural: f64,
    /// Distributive (outcome): the fix and the compensation against what was lost.
    pub outcome: f64,
}

/// What the customer came for (course 001), how much it weighed, and whether they got it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MotiveMet {
    /// 求尊重, 求平衡 or 求补偿.
    pub motive: Text,
    /// Its weight, 0 to 1.
    pub weight: f64,
    /// Whether the conversation gave it.
    pub met: bool,
}

/// The course's lessons for one conversation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lessons {
    /// The five "a bit more".
    pub five: Vec<BitEarned>,
    /// The three kinds of justice at the end; none when the conversation cannot be replayed.
    pub justice: Option<Justice>,
    /// The customer's motives, strongest first.
    pub motives: Vec<MotiveMet>,
    /// The course's figures that explain this ending.
    pub figures: Vec<Text>,
    /// The recovery paradox, as a question for discussion.
    pub paradox: Text,
}

/// The lessons of `transcript`.
pub fn lessons(matcher: &Matcher, scenario: &Arc<Scenario>, transcript: &Transcript) -> Lessons {
    let turns = &transcript.turns;
    let end = Session::replay(scenario.clone(), matcher, transcript).ok();
    let justice = end.as_ref().map(|s| {
        let c = s.customer();
        Justice {
            interactional: c.state.interactional,
            procedural: c.state.procedural,
            outcome: c.distributive(),
        }
    });
    let heard = end.as_ref().map_or(0.0, |s| s.customer().state.heard);
    let m = scenario.customer.motives;
    let mut motives = vec![
        MotiveMet {
            motive: Text::new("求尊重", "respect"),
            weight: m.respect,
            met: justice.is_some_and(|j| j.interactional >= MET),
        },
        MotiveMet {
            motive: Text::new("求平衡(发泄情绪)", "to vent and be heard"),
            weight: m.venting,
            met: heard >= MET,
        },
        MotiveMet {
            motive: Text::new("求补偿", "compensation"),
            weight: m.compensation,
            met: justice.is_some_and(|j| j.outcome >= MET),
        },
    ];
    motives.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    let outcome = transcript.ending.as_ref().map(|e| e.outcome);
    Lessons {
        five: matcher
            .rulebook()
            .a_bit_more
            .iter()
            .map(|bit| earned(scenario, turns, bit))
            .collect(),
        justice,
        motives,
        figures: figures(outcome, transcript),
        paradox: paradox(outcome),
    }
}

/// When a reply first delivered `bit` (one of the features the rulebook says deliver it), on
/// the course's conditions: patience is lost by cutting the customer off, attitude by any
/// banned phrase, and speed counts only within the first replies.
fn earned(scenario: &Scenario, turns: &[Turn], bit: &BitMore) -> BitEarned {
    let any = |f: Feature| turns.iter().any(|t| t.features.has(f));
    let within = match bit.id {
        BitMoreId::Speed => QUICK_REPLIES,
        _ => turns.len(),
    };
    let kept = match bit.id {
        BitMoreId::Patience => !any(Feature::Interrupt),
        BitMoreId::Attitude => turns.iter().all(|t| t.banned.is_empty()),
        _ => true,
    };
    let turn = turns
        .iter()
        .take(within)
        .position(|t| {
            bit.shown_by.iter().any(|f| t.features.has(*f))
                || (bit.id == BitMoreId::Compensation && t.offer.is_some_and(|o| o > 0.0))
        })
        .filter(|_| kept);
    let needed = match bit.id {
        BitMoreId::Compensation => scenario.failure.fair_compensation > 0.0,
        BitMoreId::Level => scenario.customer.r#trait == Trait::OneToOne,
        _ => true,
    };
    BitEarned {
        bit: bit.id,
        name: bit.name.clone(),
        turn,
        needed,
    }
}

/// The course's figures that explain an ending (course 000, 001, 002).
fn figures(outcome: Option<Outcome>, transcript: &Transcript) -> Vec<Text> {
    let quick = transcript.ending.as_ref().is_some_and(|e| e.estimate.quick);
    let lines: &[(&str, &str)] = match outcome {
        Some(Outcome::Resolved) if quick => &[
            (
                "投诉获迅速解决的顾客,82% 会再来;只是解决了,54%(课程 000)。快,本身就是补救的一部分。",
                "82% of customers whose complaint is resolved quickly come back; resolved, 54% (course 000). Speed is part of the recovery.",
            ),
            (
                "问题解决得好,95% 的顾客会成为忠实顾客;满意的顾客会告诉约 5 个人(课程 001)。",
                "95% of customers whose problem is solved well become loyal; a satisfied customer tells about 5 people (course 001).",
            ),
        ],
        Some(Outcome::Resolved) => &[
            (
                "解决了的投诉,54% 的顾客会再来;迅速解决,82%(课程 000)。每多绕一步,都在消耗顾客的时间和耐心。",
                "54% of customers whose complaint is resolved come back; resolved quickly, 82% (course 000). Every detour costs the customer time and patience.",
            ),
            (
                "满意的顾客会告诉约 5 个人(课程 001)。",
                "A satisfied customer tells about 5 people (course 001).",
            ),
        ],
        Some(Outcome::GaveUp) => &[
            (
                "100 位不满的顾客只有 4 位会投诉;不投诉的 96 位会告诉 16-20 个人,只有 10% 会再来(课程 000)。他不再说话,不等于他满意了。",
                "Of 100 dissatisfied customers only 4 complain; the silent 96 tell 16-20 others, and only 10% come back (course 000). A customer who stops talking is not a satisfied one.",
            ),
            (
                "顾客流失的原因,68% 是受到冷漠对待(课程 000)。",
                "68% of customers who leave do so because they were treated with indifference (course 000).",
            ),
        ],
        _ => &[
            (
                "一位不满的顾客会告诉 11 个人(课程 000);投诉没有解决,只有 19% 会再来。",
                "One dissatisfied customer tells 11 others (course 000); of those whose complaint is not resolved, 19% come back.",
            ),
            (
                "争取一位新顾客的成本,是留住一位老顾客的 5 倍(课程 000、001)。",
                "Winning a new customer costs 5 times as much as keeping one (course 000, 001).",
            ),
            (
                "顾客流失的原因,68% 是受到冷漠对待,10% 是对投诉处理不满(课程 000)。",
                "68% of customers who leave were treated with indifference, 10% were unhappy with how a complaint was handled (course 000).",
            ),
        ],
    };
    lines.iter().map(|(zh, en)| Text::new(*zh, *en)).collect()
}

/// The recovery paradox as the course's lessons leave it open: a discussion point, never a
/// promise that a failure handled well is worth more than no failure.
fn paradox(outcome: Option<Outcome>) -> Text {
    if outcome == Some(Outcome::Resolved) {
        Text::new(
            "讨论:补救悖论。处理得好的顾客,有时比从没遇到问题的顾客还满意;可德马托斯等人 2007 年的研究发现,他们再来的比例并没有更高。所以游戏的估计从不超过“迅速解决”那一行。为什么不能靠“先出错、再补救”来赢得顾客?",
            "Discuss: the recovery paradox. A customer whose problem was handled well is sometimes more satisfied than one who never had a problem, yet research (de Matos et al., 2007) finds they are no more likely to come back, so the game never estimates above the resolved-quickly row. Why can't a firm win customers by failing and then recovering?",
        )
    } else {
        Text::new(
            "讨论:补救悖论说,处理得好的失误,可能让顾客比没出问题时还满意。这次没有走到那一步:哪一句话最先让顾客失去了信任?换成课程的做法会怎样?",
            "Discuss: the recovery paradox says a failure handled well can leave a customer happier than no failure at all. This conversation did not get there: which reply first cost the customer's trust, and what would the course have said instead?",
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::rulebook::{BitMoreId, shipped_rulebook};

    #[test]
    fn the_five_come_from_the_rulebook_in_the_courses_order() {
        let book = shipped_rulebook();
        let ids: Vec<BitMoreId> = book.rulebook().a_bit_more.iter().map(|b| b.id).collect();
        use BitMoreId::*;
        assert_eq!(ids, [Patience, Attitude, Speed, Compensation, Level]);
        let zh: Vec<&str> = book
            .rulebook()
            .a_bit_more
            .iter()
            .map(|b| b.name.get(crate::lang::Lang::Zh))
            .collect();
        assert_eq!(
            zh,
            [
                "耐心多一点",
                "态度好一点",
                "动作快一点",
                "补偿多一点",
                "层次高一点"
            ]
        );
    }
}
