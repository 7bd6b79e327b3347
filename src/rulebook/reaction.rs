//! What a customer says to a typed reply no authored option means: they stay where the
//! conversation is and answer what they heard, by its main act, their mood and their type.
//! The bank is the rulebook's (a scenario may add its own customer's), so no customer line ever
//! answers words the trainee did not say.

use serde::{Deserialize, Serialize};

use crate::lang::Text;

use super::{Feature, Features, Trait};

/// The main thing a reply does, as an upset customer hears it first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Act {
    /// A banned phrase, blame, arguing, passing the buck or sarcasm: it is all they hear.
    Provoked,
    /// Compensation offered.
    Offer,
    /// A certain time promised.
    Promise,
    /// Something done now, a logged follow-up or a hand-over.
    Action,
    /// A reason or the process, without an apology or an action.
    Explanation,
    /// An apology, with nothing done or explained.
    Apology,
    /// The customer's feelings or account acknowledged, or an invitation to go on, with no
    /// apology and nothing done.
    Feeling,
    /// A question back to the customer.
    Question,
    /// Nothing the course would recognise: a greeting, filler, off-topic words.
    Nothing,
}

impl Act {
    /// Every act, the strongest first.
    pub const ALL: [Act; 9] = [
        Act::Provoked,
        Act::Offer,
        Act::Promise,
        Act::Action,
        Act::Explanation,
        Act::Apology,
        Act::Feeling,
        Act::Question,
        Act::Nothing,
    ];

    /// The main act of a reply with these features: a provocation drowns everything else, an
    /// offer or a promise is heard before the words around it, what is done before what is
    /// said; `asks` is whether the reply ends on a question.
    pub fn of(features: &Features, asks: bool) -> Act {
        let has = |f: Feature| features.has(f);
        if Feature::ALL
            .into_iter()
            .any(|f| f.is_provocation() && has(f))
        {
            Act::Provoked
        } else if has(Feature::Compensation) {
            Act::Offer
        } else if has(Feature::ArbitraryPromise) {
            Act::Promise
        } else if [
            Feature::Action,
            Feature::Commitment,
            Feature::EscalateTeam,
            Feature::PersonalOwner,
            Feature::LastResort,
            Feature::Initiative,
        ]
        .into_iter()
        .any(has)
        {
            Act::Action
        } else if has(Feature::Explanation)
            || has(Feature::FirmReason)
            || has(Feature::LimitSetting)
        {
            Act::Explanation
        } else if has(Feature::Apology) {
            Act::Apology
        } else if [
            Feature::Empathy,
            Feature::Acknowledge,
            Feature::Listen,
            Feature::Thanks,
        ]
        .into_iter()
        .any(has)
        {
            Act::Feeling
        } else if asks {
            Act::Question
        } else {
            Act::Nothing
        }
    }

    /// The snake_case name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Act::Provoked => "provoked",
            Act::Offer => "offer",
            Act::Promise => "promise",
            Act::Action => "action",
            Act::Explanation => "explanation",
            Act::Apology => "apology",
            Act::Feeling => "feeling",
            Act::Question => "question",
            Act::Nothing => "nothing",
        }
    }
}

/// Lines a customer may say to a reply of one act, in some moods, for some customer types.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reaction {
    /// The act they answer.
    pub act: Act,
    /// The moods they say it in; empty for any.
    #[serde(default)]
    pub moods: Vec<Mood>,
    /// The customer types who say it; empty for any.
    #[serde(default)]
    pub traits: Vec<Trait>,
    /// The lines, one picked by the session's generator.
    pub lines: Vec<Text>,
}

impl Reaction {
    /// How closely it fits: a line for this customer type beats one for this mood, which
    /// beats one for anyone; `None` when it does not fit at all.
    fn fit(&self, act: Act, mood: Mood, r#trait: Trait) -> Option<u8> {
        let fits_mood = self.moods.is_empty() || self.moods.contains(&mood);
        let fits_trait = self.traits.is_empty() || self.traits.contains(&r#trait);
        (self.act == act && fits_mood && fits_trait && !self.lines.is_empty())
            .then_some(2 * u8::from(!self.traits.is_empty()) + u8::from(!self.moods.is_empty()))
    }
}

/// The lines that best fit a reply's act, the customer's mood and type: from the scenario's
/// own reactions first, then the rulebook's.
pub fn reaction_lines<'a>(
    banks: &[&'a [Reaction]],
    act: Act,
    mood: Mood,
    r#trait: Trait,
) -> Vec<&'a Text> {
    for bank in banks {
        let best = bank.iter().filter_map(|r| r.fit(act, mood, r#trait)).max();
        if let Some(best) = best {
            return bank
                .iter()
                .filter(|r| r.fit(act, mood, r#trait) == Some(best))
                .flat_map(|r| &r.lines)
                .collect();
        }
    }
    Vec::new()
}

/// The customer's mood as words (MODEL.md §5.3 bands of anger).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Mood {
    /// Anger below 0.3.
    Calm,
    /// Anger from 0.3 to 0.6.
    Annoyed,
    /// Anger from 0.6 to 0.85.
    Angry,
    /// Anger 0.85 and above.
    Furious,
}

impl Mood {
    /// The band an anger level falls in.
    pub fn of_anger(anger: f64) -> Mood {
        Mood::ALL
            .into_iter()
            .rev()
            .find(|m| anger >= m.lowest_anger())
            .unwrap_or(Mood::Calm)
    }

    /// Where the band starts: the least anger that puts a customer in this mood, so a face or a
    /// meter can show the bands the model uses.
    pub fn lowest_anger(self) -> f64 {
        match self {
            Mood::Calm => 0.0,
            Mood::Annoyed => 0.3,
            Mood::Angry => 0.6,
            Mood::Furious => 0.85,
        }
    }

    /// Every mood, calmest first.
    pub const ALL: [Mood; 4] = [Mood::Calm, Mood::Annoyed, Mood::Angry, Mood::Furious];

    /// An anger level in the middle of the band, to put a customer in this mood.
    pub fn typical_anger(self) -> f64 {
        match self {
            Mood::Calm => 0.15,
            Mood::Annoyed => 0.45,
            Mood::Angry => 0.72,
            Mood::Furious => 0.92,
        }
    }

    /// The snake_case name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Mood::Calm => "calm",
            Mood::Annoyed => "annoyed",
            Mood::Angry => "angry",
            Mood::Furious => "furious",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Text {
        Text {
            zh: Some(s.to_owned()),
            en: Some(s.to_owned()),
        }
    }

    #[test]
    fn the_strongest_act_is_heard() {
        let f = |fs: &[Feature]| fs.iter().map(|f| (*f, 1.0)).collect::<Features>();
        assert_eq!(
            Act::of(&f(&[Feature::Apology, Feature::Banned]), false),
            Act::Provoked
        );
        assert_eq!(
            Act::of(&f(&[Feature::Apology, Feature::Action]), false),
            Act::Action
        );
        assert_eq!(Act::of(&f(&[Feature::Apology]), true), Act::Apology);
        assert_eq!(Act::of(&f(&[]), true), Act::Question);
        assert_eq!(Act::of(&f(&[]), false), Act::Nothing);
    }

    #[test]
    fn the_closest_fitting_lines_win() {
        let any = Reaction {
            act: Act::Apology,
            moods: vec![],
            traits: vec![],
            lines: vec![text("any")],
        };
        let angry = Reaction {
            moods: vec![Mood::Angry],
            lines: vec![text("angry")],
            ..any.clone()
        };
        let rush = Reaction {
            traits: vec![Trait::Rush],
            lines: vec![text("rush")],
            ..any.clone()
        };
        let bank = [any, angry, rush];
        let got = |m, t| {
            reaction_lines(&[&bank], Act::Apology, m, t)[0]
                .zh
                .clone()
                .unwrap()
        };
        assert_eq!(got(Mood::Angry, Trait::None), "angry");
        assert_eq!(got(Mood::Calm, Trait::None), "any");
        assert_eq!(got(Mood::Angry, Trait::Rush), "rush");
        assert!(reaction_lines(&[&bank], Act::Offer, Mood::Calm, Trait::None).is_empty());
    }
}
