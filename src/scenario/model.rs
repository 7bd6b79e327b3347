//! The scenario format: what an instructor writes in a `.ron` file under `scenarios/`.
//!
//! Every struct rejects unknown fields, so a typo in a field name is an error with its position
//! rather than a silently ignored line.

use serde::{Deserialize, Serialize};

use crate::lang::Text;
use crate::rulebook::{Feature, Mood, Reaction, Trait};

/// The format version this build reads. Bumped when a change would misread older files.
pub const FORMAT_VERSION: u32 = 1;

/// One complaint to practise: who is upset, about what, and how the conversation can go.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version; must be [`FORMAT_VERSION`].
    pub version: u32,
    /// Stable identifier used on the command line and in results (`a-z`, `0-9`, `_`, `-`).
    pub id: String,
    /// Shown in the scenario list.
    pub title: Text,
    /// Where the complaint happens.
    pub setting: Setting,
    /// 1 (gentle) to 5 (hardest).
    pub difficulty: u8,
    /// Free-form tags for filtering.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The course material the scenario comes from, if any.
    #[serde(default)]
    pub source: Option<String>,
    /// A short scene-setting paragraph shown before the customer speaks.
    #[serde(default)]
    pub briefing: Option<Text>,
    /// What went wrong.
    pub failure: Failure,
    /// Who is complaining.
    pub customer: Customer,
    /// Score out of 100 needed to pass; the course default is 80.
    #[serde(default)]
    pub pass_mark: Option<u8>,
    /// The node the conversation starts at.
    pub start: String,
    /// The conversation graph.
    pub nodes: Vec<Node>,
    /// Questions for classroom discussion after the play-through.
    #[serde(default)]
    pub discussion: Vec<Text>,
    /// The instructor's model answer, shown in the debrief and in classroom mode.
    #[serde(default)]
    pub model_answer: Option<Text>,
}

/// Where the complaint happens; drives the backdrop and the list's filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Setting {
    /// A telecom business hall (营业厅).
    BusinessHall,
    /// A bank counter.
    BankCounter,
    /// An airline check-in or service desk.
    AirlineDesk,
    /// A travel agency's office.
    TravelAgency,
    /// A service phone line.
    PhoneLine,
    /// A shop floor.
    Shop,
    /// A hotel front desk.
    HotelDesk,
    /// A restaurant.
    Restaurant,
}

impl Setting {
    /// Every setting.
    pub const ALL: [Setting; 8] = [
        Setting::BusinessHall,
        Setting::BankCounter,
        Setting::AirlineDesk,
        Setting::TravelAgency,
        Setting::PhoneLine,
        Setting::Shop,
        Setting::HotelDesk,
        Setting::Restaurant,
    ];

    /// The snake_case name used on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Setting::BusinessHall => "business_hall",
            Setting::BankCounter => "bank_counter",
            Setting::AirlineDesk => "airline_desk",
            Setting::TravelAgency => "travel_agency",
            Setting::PhoneLine => "phone_line",
            Setting::Shop => "shop",
            Setting::HotelDesk => "hotel_desk",
            Setting::Restaurant => "restaurant",
        }
    }
}

/// Whether `id` is a valid scenario or node id: 1 to 64 of `a-z`, `0-9`, `_` and `-`, so it is
/// safe in file names, on the command line and in results.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-')
}

/// The service failure behind the complaint (SBW 1999; Lehtinen's stages).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Failure {
    /// Outcome (the core service was not delivered) or process (the way it was delivered).
    pub kind: FailureKind,
    /// Size of the loss, 0 (trivial) to 1 (serious: the course's return-rate table).
    pub magnitude: f64,
    /// The stage of the service where it failed; outcome failures happen only in core use.
    #[serde(default = "Stage::core")]
    pub stage: Stage,
    /// What the customer was promised.
    pub promised: Text,
    /// What the customer got.
    pub delivered: Text,
    /// What would be commensurate compensation, in yuan; offers are judged against it.
    #[serde(default)]
    pub fair_compensation: f64,
}

/// Smith, Bolton & Wagner's failure types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FailureKind {
    /// The core service was not delivered: an economic loss; compensation fits best.
    Outcome,
    /// The way it was delivered (rude, ignored, slow): a social loss; apology fits best.
    Process,
}

/// Lehtinen's service stages (course 000).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    /// 参与: joining the service.
    Joining,
    /// 集中消费: core consumption, where most failures happen.
    Core,
    /// 告别: detachment.
    Detachment,
}

impl Stage {
    fn core() -> Stage {
        Stage::Core
    }
}

/// The simulated customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// How the customer is addressed.
    pub name: Text,
    /// Portrait image, a path under `assets/`.
    #[serde(default)]
    pub portrait: Option<String>,
    /// The course's difficult-customer type, if any.
    #[serde(default = "Trait::none")]
    pub r#trait: Trait,
    /// Why they complain (course 001); weights sum to 1.
    pub motives: Motives,
    /// Whether the firm has failed them before (no recovery paradox possible).
    #[serde(default)]
    pub prior_failure: bool,
    /// Per-scenario adjustments to the customer model.
    #[serde(default)]
    pub tuning: Tuning,
    /// What this customer says to typed words that mean no option, before the rulebook's
    /// reactions.
    #[serde(default)]
    pub reactions: Vec<Reaction>,
}

/// The complaining customer's motives (客户投诉的心理, course 001).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Motives {
    /// 求尊重: wants to be taken seriously.
    pub respect: f64,
    /// 求平衡: wants to vent.
    pub venting: f64,
    /// 求补偿: wants the loss made good.
    pub compensation: f64,
}

impl Motives {
    /// The motives that weigh at least a quarter, strongest first, for lists.
    pub fn main(&self) -> Vec<&'static str> {
        let mut v = vec![
            ("respect", self.respect),
            ("venting", self.venting),
            ("compensation", self.compensation),
        ];
        v.sort_by(|a, b| b.1.total_cmp(&a.1));
        v.into_iter()
            .filter(|(_, w)| *w >= 0.25)
            .map(|(k, _)| k)
            .collect()
    }
}

/// Optional changes to the customer model's defaults (MODEL.md §5.2); absent fields keep them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tuning {
    /// Hard limit on the number of replies (default 10).
    #[serde(default)]
    pub max_turns: Option<u32>,
    /// Resolved within this many replies counts as "resolved quickly" (default: the replies of
    /// the course's own route, see [`Scenario::quick_turns`]).
    #[serde(default)]
    pub quick_turns: Option<u32>,
    /// Starting anger, 0..1 (default `0.45 + 0.4 × magnitude`).
    #[serde(default)]
    pub initial_anger: Option<f64>,
    /// Starting trust, 0..1 (default 0.5, or 0.3 after a prior failure).
    #[serde(default)]
    pub initial_trust: Option<f64>,
    /// Patience lost per reply, 0..1 (default 0.08, or 0.16 for a rush customer).
    #[serde(default)]
    pub patience_decay: Option<f64>,
    /// Seconds a reply may take before a hurried customer loses extra patience.
    #[serde(default)]
    pub reply_seconds: Option<f64>,
}

impl Tuning {
    /// The turn limit: the customer gives up on a conversation this long.
    pub fn max_turns(&self) -> u32 {
        self.max_turns.unwrap_or(10)
    }
}

/// One step of the conversation: the customer speaks, then the trainee replies or it ends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Unique within the scenario; replies refer to it.
    pub id: String,
    /// What the customer may say here; one is picked by mood and the session's seed.
    pub lines: Vec<Line>,
    /// The trainee's options (1 to 9, for the number keys). Empty on an end node.
    #[serde(default)]
    pub replies: Vec<Reply>,
    /// Makes this an end node with the given outcome.
    #[serde(default)]
    pub end: Option<Outcome>,
}

/// A customer line, optionally only for one mood band.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// What the customer says.
    pub text: Text,
    /// Said only while the customer is in this mood; lines without a mood are the default.
    #[serde(default)]
    pub mood: Option<Mood>,
}

/// How a reply option is meant, so `check` and `explore` can hold the author to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Grade {
    /// What the course teaches.
    Good,
    /// Not wrong, but misses something the course asks for.
    Mediocre,
    /// What the course warns against.
    Bad,
}

/// One option the trainee can choose.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// What the trainee says.
    pub text: Text,
    /// The author's intent; a `Good` reply containing a banned phrase is warned about.
    #[serde(default)]
    pub grade: Option<Grade>,
    /// Features to add to what the rulebook finds in the text (e.g. `Initiative`).
    #[serde(default)]
    pub add_features: Vec<Feature>,
    /// Features the rulebook finds that this option should not count.
    #[serde(default)]
    pub drop_features: Vec<Feature>,
    /// Compensation offered, in yuan; judged against the failure's fair compensation.
    #[serde(default)]
    pub offer: Option<f64>,
    /// Where the conversation goes when no branch applies.
    #[serde(default)]
    pub next: Option<String>,
    /// Mood- or outcome-dependent destinations, tried in order before `next`.
    #[serde(default)]
    pub branches: Vec<Branch>,
    /// Why this reply is good or bad, shown in the debrief.
    #[serde(default)]
    pub why: Option<Text>,
}

/// A conditional destination.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// When to take it.
    pub when: Condition,
    /// The node it leads to.
    pub to: String,
}

/// A test on the customer's state after the reply.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// Anger at or above the level (0..1).
    AngerAtLeast(f64),
    /// Anger below the level (0..1).
    AngerBelow(f64),
    /// Trust at or above the level (0..1).
    TrustAtLeast(f64),
    /// Trust below the level (0..1).
    TrustBelow(f64),
    /// Patience below the level (0..1).
    PatienceBelow(f64),
    /// The customer is in this mood band.
    Mood(Mood),
    /// The customer model has reached this end (e.g. the customer walks out).
    Ends(Outcome),
}

/// How a conversation ends (MODEL.md §5.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Outcome {
    /// The customer is satisfied.
    Resolved,
    /// The customer demands the manager or threatens a complaint hotline or online post.
    Escalated,
    /// The customer leaves angry.
    WalkedOut,
    /// The customer leaves quietly: a silent loss.
    GaveUp,
    /// An unreasonable customer is legitimately sent to arbitration.
    Referred,
    /// The turn limit was reached without a resolution.
    Unresolved,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 6] = [
        Outcome::Resolved,
        Outcome::Escalated,
        Outcome::WalkedOut,
        Outcome::GaveUp,
        Outcome::Referred,
        Outcome::Unresolved,
    ];

    /// The snake_case name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Escalated => "escalated",
            Outcome::WalkedOut => "walked_out",
            Outcome::GaveUp => "gave_up",
            Outcome::Referred => "referred",
            Outcome::Unresolved => "unresolved",
        }
    }
}

impl Scenario {
    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// How many replies the course's own route takes: the shortest walk from the start to a
    /// resolved ending through Good options, each to its usual destination. None when the
    /// Good options lead to no resolved ending.
    pub fn course_replies(&self) -> Option<u32> {
        let mut seen = std::collections::HashSet::from([self.start.as_str()]);
        let mut frontier = vec![self.start.as_str()];
        for replies in 0..=self.nodes.len() as u32 {
            let mut next = Vec::new();
            for id in frontier {
                let node = self.node(id)?;
                if node.end == Some(Outcome::Resolved) {
                    return Some(replies);
                }
                let good = node.replies.iter().filter(|r| r.grade == Some(Grade::Good));
                for to in good.filter_map(|r| r.next.as_deref()) {
                    if seen.insert(to) {
                        next.push(to);
                    }
                }
            }
            if next.is_empty() {
                return None;
            }
            frontier = next;
        }
        None
    }

    /// Resolved within this many replies counts as resolved quickly (the course's best row):
    /// the author's `quick_turns`, else the course's own route, so a trainee who follows the
    /// course without a detour resolves quickly, else 4.
    pub fn quick_turns(&self) -> u32 {
        self.customer
            .tuning
            .quick_turns
            .or_else(|| self.course_replies())
            .unwrap_or(4)
    }

    /// The languages every text of the scenario is written in.
    pub fn languages(&self) -> Vec<crate::lang::Lang> {
        crate::lang::Lang::ALL
            .into_iter()
            .filter(|&l| self.texts().all(|t| t.exact(l).is_some()))
            .collect()
    }

    /// Every text in the scenario, for translation and font checks.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        let head = [&self.title, &self.failure.promised, &self.failure.delivered]
            .into_iter()
            .chain(self.briefing.iter())
            .chain(std::iter::once(&self.customer.name));
        let nodes = self.nodes.iter().flat_map(|n| {
            n.lines.iter().map(|l| &l.text).chain(
                n.replies
                    .iter()
                    .flat_map(|r| std::iter::once(&r.text).chain(r.why.iter())),
            )
        });
        head.chain(nodes)
            .chain(self.discussion.iter())
            .chain(self.model_answer.iter())
    }
}

#[cfg(test)]
impl Reply {
    /// An option with only its words and grade, going nowhere: for tests of what is read from
    /// the words.
    pub(crate) fn plain(text: crate::lang::Text, grade: Option<Grade>) -> Reply {
        Reply {
            text,
            grade,
            add_features: Vec::new(),
            drop_features: Vec::new(),
            offer: None,
            next: None,
            branches: Vec::new(),
            why: None,
        }
    }
}

impl Reply {
    /// Every node this reply can lead to, branches first.
    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.branches
            .iter()
            .map(|b| b.to.as_str())
            .chain(self.next.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mood_bands_follow_the_model() {
        assert_eq!(Mood::of_anger(0.0), Mood::Calm);
        assert_eq!(Mood::of_anger(0.3), Mood::Annoyed);
        assert_eq!(Mood::of_anger(0.6), Mood::Angry);
        assert_eq!(Mood::of_anger(0.85), Mood::Furious);
        for mood in Mood::ALL {
            assert_eq!(Mood::of_anger(mood.typical_anger()), mood);
        }
    }

    #[test]
    fn main_motives_are_sorted_and_filtered() {
        let m = Motives {
            respect: 0.2,
            venting: 0.3,
            compensation: 0.5,
        };
        assert_eq!(m.main(), vec!["compensation", "venting"]);
    }
}
