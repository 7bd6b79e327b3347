//! The course as data (`assets/rulebook.ron`): principles, reply features with their phrase
//! patterns, banned phrases and the strategy for each difficult customer. Instructors own the file;
//! the [`Matcher`] applies it to any reply, authored or typed.

mod customer_type;
mod eval;
mod feature;
mod learned;
mod load;
mod matcher;
mod money;
mod normalise;
mod reaction;

pub use customer_type::Trait;
pub use eval::{BannedScore, Evaluation, Miss, Score, evaluate};
pub use feature::{Feature, Features};
pub use learned::{EXAMPLES_HEADER, Example, parse_examples};
pub use load::{RULEBOOK_PATH, load_rulebook, parse_rulebook, shipped_rulebook};
pub use matcher::{
    BannedFinding, FeatureHit, Judgement, LEARNED_ID, Matcher, PROVOKING_ID, PatternError,
};
pub use money::{amounts, offered_amount_in};
pub use reaction::{Act, Mood, Reaction, reaction_lines};

use serde::{Deserialize, Serialize};

use crate::lang::{Lang, Text};

/// The whole rulebook file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rulebook {
    /// Format version; must be 1.
    pub version: u32,
    /// The six principles (要诀, course 000).
    pub principles: Vec<Principle>,
    /// The five "a bit more" (五个多一点, course 000).
    pub a_bit_more: Vec<BitMore>,
    /// The reply features and the phrases that show them.
    pub features: Vec<FeatureRule>,
    /// Banned phrases (忌用句型).
    pub banned: Vec<BannedPhrase>,
    /// Recommended phrases (规范用语), shown as better wordings and in the debrief.
    pub recommended: Vec<Recommended>,
    /// What works with each difficult customer (course 000).
    pub traits: Vec<TraitStrategy>,
    /// Misspellings and contractions and the one spelling patterns are written in
    /// (`("报歉", "抱歉")`, `("can't", "cannot")`): replies and patterns are both corrected.
    #[serde(default)]
    pub spellings: Vec<(String, String)>,
    /// A file beside the rulebook of labelled example replies (`lang banned features text`,
    /// tab-separated) the judge learns from, to find what the patterns miss.
    #[serde(default)]
    pub examples: Option<String>,
    /// What customers say to a typed reply that means none of the authored options.
    #[serde(default)]
    pub reactions: Vec<Reaction>,
}

/// The six principles of complaint handling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PrincipleId {
    /// 克制: no arguing, no banned phrases.
    Restraint,
    /// 礼貌: courteous words, thanks.
    Courtesy,
    /// 疏导: channel the feelings (empathy, acknowledgement), then refocus.
    Guiding,
    /// 真诚: a sincere apology.
    Sincerity,
    /// 及时: act or commit early.
    Timeliness,
    /// 负责任: own it, no passing the buck, follow up.
    Responsibility,
}

impl PrincipleId {
    /// The six, in the course's order.
    pub const ALL: [PrincipleId; 6] = [
        PrincipleId::Restraint,
        PrincipleId::Courtesy,
        PrincipleId::Guiding,
        PrincipleId::Sincerity,
        PrincipleId::Timeliness,
        PrincipleId::Responsibility,
    ];

    /// The snake_case name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            PrincipleId::Restraint => "restraint",
            PrincipleId::Courtesy => "courtesy",
            PrincipleId::Guiding => "guiding",
            PrincipleId::Sincerity => "sincerity",
            PrincipleId::Timeliness => "timeliness",
            PrincipleId::Responsibility => "responsibility",
        }
    }
}

/// One of the six principles and the reply features that show or break it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    /// Which principle.
    pub id: PrincipleId,
    /// Its name (克制 / Restraint).
    pub name: Text,
    /// What the course means by it.
    pub summary: Text,
    /// Features that show the principle.
    pub shown_by: Vec<Feature>,
    /// Features that break it.
    pub broken_by: Vec<Feature>,
}

/// The five "a bit more" of course 000.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BitMoreId {
    /// 耐心多一点.
    Patience,
    /// 态度好一点.
    Attitude,
    /// 动作快一点.
    Speed,
    /// 补偿多一点.
    Compensation,
    /// 层次高一点.
    Level,
}

/// One "a bit more" and the features that deliver it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BitMore {
    /// Which one.
    pub id: BitMoreId,
    /// Its name (耐心多一点 / A bit more patience).
    pub name: Text,
    /// What it asks of the trainee.
    pub summary: Text,
    /// Features that deliver it.
    pub shown_by: Vec<Feature>,
}

/// A reply feature and the phrases that show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureRule {
    /// The feature.
    pub feature: Feature,
    /// Its name for the debrief.
    pub name: Text,
    /// Chinese patterns (substring; `…` stands for a short gap).
    #[serde(default)]
    pub zh: Vec<String>,
    /// English patterns (case-insensitive, whole words; `…` stands for a short gap).
    #[serde(default)]
    pub en: Vec<String>,
    /// Patterns that, overlapping a match, cancel it ("我不知道您等了这么久" is no "不知道").
    #[serde(default)]
    pub except: Vec<String>,
}

/// What kind of offence a banned phrase is (MODEL.md §4.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BannedKind {
    /// Gives the customer nothing ("我不知道").
    Unhelpful,
    /// Shows impatience ("急啥,等等").
    Impatient,
    /// Passes the buck ("不归我管").
    PassBuck,
    /// Hostile or insulting ("你懂不懂").
    Hostile,
    /// Blames the customer ("怎么不早点来").
    Blaming,
    /// Brushes the customer off ("看上面的牌子").
    Dismissive,
    /// Argues the facts ("假的就是假的").
    Arguing,
    /// Dares the customer to complain ("有意见,告去").
    InvitingEscalation,
    /// Hides behind the rules ("这是规定").
    RuleHiding,
    /// Refuses without an alternative ("这里办不成").
    Refusing,
    /// Sarcasm or a rhetorical question that turns polite words hostile ("是是是…行了吧",
    /// "您还想要什么？"); it cancels every kind word of the reply.
    Sarcasm,
}

impl BannedKind {
    /// The provocation feature this kind also counts as, beyond `Banned` itself.
    pub fn feature(self) -> Option<Feature> {
        match self {
            BannedKind::Blaming => Some(Feature::Blame),
            BannedKind::PassBuck => Some(Feature::PassBuck),
            BannedKind::Arguing => Some(Feature::Argue),
            _ => None,
        }
    }

    /// The snake_case name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            BannedKind::Unhelpful => "unhelpful",
            BannedKind::Impatient => "impatient",
            BannedKind::PassBuck => "pass_buck",
            BannedKind::Hostile => "hostile",
            BannedKind::Blaming => "blaming",
            BannedKind::Dismissive => "dismissive",
            BannedKind::Arguing => "arguing",
            BannedKind::InvitingEscalation => "inviting_escalation",
            BannedKind::RuleHiding => "rule_hiding",
            BannedKind::Refusing => "refusing",
            BannedKind::Sarcasm => "sarcasm",
        }
    }

    /// What, said later in the same reply, turns a phrase of this kind into what the course
    /// asks for instead: "我不知道" followed by "我马上帮您查" is the better form of "我不知道";
    /// "I can't refund it, but I can…" is a refusal with an alternative; a rule with its
    /// reason is a firm reason, not hiding behind the rule, and a rule followed by what can be
    /// done within it is the course's own better form ("根据规定我不能……；我可以为您做的是……").
    /// Naming who else holds the problem, then taking it to them oneself ("that's the billing
    /// team, I'll put you through and stay on the line"), is owning it (首问负责).
    pub fn redeemed_by(self) -> &'static [Feature] {
        match self {
            BannedKind::Unhelpful | BannedKind::PassBuck => {
                &[Feature::Action, Feature::Commitment, Feature::EscalateTeam]
            }
            BannedKind::Refusing => &[
                Feature::Action,
                Feature::Compensation,
                Feature::Commitment,
                Feature::EscalateTeam,
                Feature::FirmReason,
            ],
            BannedKind::RuleHiding => &[
                Feature::FirmReason,
                Feature::Explanation,
                Feature::Action,
                Feature::Compensation,
            ],
            _ => &[],
        }
    }

    /// The principle a phrase of this kind usually breaks (course 000's 要诀).
    pub fn breaks(self) -> PrincipleId {
        match self {
            BannedKind::Arguing | BannedKind::Impatient | BannedKind::Hostile => {
                PrincipleId::Restraint
            }
            BannedKind::Dismissive | BannedKind::Sarcasm => PrincipleId::Courtesy,
            BannedKind::Blaming => PrincipleId::Guiding,
            BannedKind::Unhelpful
            | BannedKind::PassBuck
            | BannedKind::InvitingEscalation
            | BannedKind::RuleHiding
            | BannedKind::Refusing => PrincipleId::Responsibility,
        }
    }
}

/// A banned phrase (忌语) with what it breaks and what to say instead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BannedPhrase {
    /// Stable identifier, cited in findings.
    pub id: String,
    /// The language the phrase is said in.
    pub lang: Lang,
    /// The phrase and its variants (same pattern syntax as features).
    pub patterns: Vec<String>,
    /// Overlapping patterns that make a match innocent.
    #[serde(default)]
    pub except: Vec<String>,
    /// 1 unhelpful, 2 dismissive, 3 hostile (a hostile phrase blocks passing).
    pub severity: u8,
    /// What kind of offence it is.
    pub kind: BannedKind,
    /// The principle it breaks.
    pub breaks: PrincipleId,
    /// What it means, in both languages.
    pub meaning: Text,
    /// A better wording, in both languages.
    pub better: Text,
    /// Where the phrase comes from.
    #[serde(default)]
    pub source: Option<String>,
}

impl BannedPhrase {
    /// The feature weight of this phrase's severity (MODEL.md §4.3: 0.34 / 0.67 / 1.0).
    pub fn weight(&self) -> f64 {
        match self.severity {
            0 | 1 => 0.34,
            2 => 0.67,
            _ => 1.0,
        }
    }
}

/// A recommended phrase (规范用语).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommended {
    /// The phrase.
    pub text: Text,
    /// When to use it.
    pub purpose: Text,
    /// Where it comes from.
    #[serde(default)]
    pub source: Option<String>,
}

/// The course's strategy for one difficult customer type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraitStrategy {
    /// Which type.
    pub r#trait: Trait,
    /// Its name (要求快速处理的投诉者 / Rush complainer).
    pub name: Text,
    /// How the course describes the customer.
    pub description: Text,
    /// What works, in the course's words.
    pub strategy: Text,
    /// Features that follow the strategy.
    pub prefer: Vec<Feature>,
    /// Features that break it.
    pub avoid: Vec<TraitRule>,
}

/// A reply feature that breaks a trait's strategy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraitRule {
    /// The feature.
    pub feature: Feature,
    /// Only a repeat counts (a second concession to an unreasonable customer).
    #[serde(default)]
    pub after_first: bool,
    /// Only before the customer is furious counts: the course keeps arbitration or the police
    /// for when there is no other way, so reaching for them earlier breaks the strategy.
    #[serde(default)]
    pub premature: bool,
    /// Why it breaks the strategy.
    pub why: Text,
}

/// The anger at which nothing but a last resort is left with an unreasonable customer: below
/// it, arbitration or the police come too early.
pub const LAST_RESORT_ANGER: f64 = 0.85;

impl TraitRule {
    /// Whether the move breaks the strategy at this point: `earlier` says whether the
    /// conversation has made it before, `anger_before` is the customer's anger as the reply
    /// meets them (none yet for the first reply, which is never the point of last resort).
    pub fn breaks(&self, earlier: bool, anger_before: Option<f64>) -> bool {
        let too_early = anger_before.is_none_or(|a| a < LAST_RESORT_ANGER - 1e-9);
        (!self.after_first || earlier) && (!self.premature || too_early)
    }
}

impl Rulebook {
    /// The principle with this id.
    pub fn principle(&self, id: PrincipleId) -> Option<&Principle> {
        self.principles.iter().find(|p| p.id == id)
    }

    /// The strategy for this trait.
    pub fn strategy(&self, t: Trait) -> Option<&TraitStrategy> {
        self.traits.iter().find(|s| s.r#trait == t)
    }

    /// The rule for this feature.
    pub fn feature(&self, f: Feature) -> Option<&FeatureRule> {
        self.features.iter().find(|r| r.feature == f)
    }
}
