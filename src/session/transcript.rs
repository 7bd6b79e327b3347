//! The record of a play-through: enough to replay it exactly and to write the debrief.

use serde::{Deserialize, Serialize};

use crate::customer::{Estimate, Term};
use crate::lang::Text;
use crate::rulebook::{Act, BannedFinding, FeatureHit, Features};
use crate::scenario::{Mood, Outcome};

/// How the trainee replied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyChoice {
    /// An authored option, 0-based.
    Option(usize),
    /// Typed text.
    Text(String),
}

/// One exchange: what the customer said, what the trainee replied, and what it did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// The node it happened at.
    pub node: String,
    /// What the customer had just said.
    pub customer: Text,
    /// The trainee's choice as given.
    pub choice: ReplyChoice,
    /// The option whose path the reply followed: the chosen one, or the one typed words mean;
    /// none when the customer answered typed words in place.
    pub option: Option<usize>,
    /// How typed words were understood (none for a chosen option).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub understood: Option<Understood>,
    /// What the trainee said.
    pub said: Text,
    /// How long the reply took, if measured.
    pub seconds: Option<f64>,
    /// In a classroom, the class's votes per option; the option played had the most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votes: Option<super::Tally>,
    /// The features the customer heard.
    pub features: Features,
    /// Banned phrases in the reply.
    pub banned: Vec<BannedFinding>,
    /// Where the features were found.
    pub hits: Vec<FeatureHit>,
    /// Compensation offered, as a ratio of fair.
    pub offer: Option<f64>,
    /// Anger after the reply.
    pub anger: f64,
    /// Trust after the reply.
    pub trust: f64,
    /// Patience after the reply.
    pub patience: f64,
    /// The mood band after the reply.
    pub mood: Mood,
    /// Why anger changed, term by term.
    pub anger_terms: Vec<Term>,
    /// Whether the repeat complainer raised another grievance.
    pub re_raised: bool,
    /// The node the conversation moved to (empty if it ended without one).
    pub next: String,
    /// What the customer said in reaction.
    pub reaction: Text,
    /// The trainee said the customer misread these typed words: kept with the result so an
    /// instructor can turn the reply into a rulebook example.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub misread: bool,
}

/// How typed words were understood: what the debrief shows beside them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Understood {
    /// The authored option nearest in words and moves, followed or not.
    pub nearest: Option<usize>,
    /// The main act heard; when no option was followed, what the customer answered.
    pub act: Act,
}

/// How the conversation ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ending {
    /// The outcome.
    pub outcome: Outcome,
    /// What it means for the business.
    pub estimate: Estimate,
}

/// A play-through started mid-scenario, to try a late branch without replaying the start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    /// The node it starts at.
    pub node: String,
    /// The customer's mood there; anger starts at the middle of the band.
    pub mood: Mood,
}

/// A whole play-through.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// The scenario's id.
    pub scenario: String,
    /// The seed every random choice came from.
    pub seed: u64,
    /// Where an instructor's preview started, when it did not start at the beginning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<Preview>,
    /// The customer's opening line.
    pub opening: Text,
    /// The exchanges, in order.
    pub turns: Vec<Turn>,
    /// The end, once reached.
    pub ending: Option<Ending>,
}
