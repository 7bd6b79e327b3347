//! A play-through as a pure state machine: start with a scenario and a seed, hear the
//! customer's line, reply (an option or typed text, with the time it took), and so on to the end.
//! The transcript it produces replays exactly; nothing reads a clock or draws randomness outside
//! the session's own seeded ChaCha generator.

mod meaning;
mod tally;
mod transcript;

pub use meaning::Reading;
pub use tally::{Tally, TallyError};
pub use transcript::{Ending, Preview, ReplyChoice, Transcript, Turn, Understood};

use std::sync::{Arc, OnceLock};

use rand::RngExt;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use thiserror::Error;

use crate::customer::{Customer, CustomerParams, CustomerState, StepInput};
use crate::labels::Label;
use crate::lang::{Lang, Text};
use crate::rulebook::{
    Act, Feature, Features, Judgement, Matcher, offered_amount_in, reaction_lines,
};
use crate::scenario::{Condition, Grade, Mood, Node, Outcome, Reply, Scenario, Trait};

/// Seconds a hurried customer waits for a reply before losing extra patience, unless the
/// scenario says otherwise.
pub const RUSH_REPLY_SECONDS: f64 = 20.0;

/// What the trainee says.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplyInput {
    /// An option (0-based) or typed text.
    pub choice: ReplyChoice,
    /// Seconds the trainee took; only a hurried customer minds.
    pub seconds: Option<f64>,
    /// A class's show of hands, when a classroom voted on the reply. A voted reply is never
    /// timed: the class's discussion is not a slow answer.
    pub votes: Option<Tally>,
}

impl ReplyInput {
    /// An authored option (0-based), untimed.
    pub fn option(index: usize) -> ReplyInput {
        ReplyInput {
            choice: ReplyChoice::Option(index),
            seconds: None,
            votes: None,
        }
    }

    /// The option a class chose by its votes (the one with the most; the session refuses a
    /// tie, as it refuses a tally that does not fit the options).
    pub fn voted(votes: Tally) -> ReplyInput {
        let leader = votes.leaders().first().copied().unwrap_or(0);
        ReplyInput {
            votes: Some(votes),
            ..ReplyInput::option(leader)
        }
    }

    /// The reply a saved turn records, to play it again.
    pub fn recorded(turn: &Turn) -> ReplyInput {
        ReplyInput {
            choice: turn.choice.clone(),
            seconds: turn.seconds,
            votes: turn.votes.clone(),
        }
    }
}

/// Why a reply was refused.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum SessionError {
    /// The conversation is over.
    #[error("the conversation has ended")]
    Ended,
    /// No such option at this point (0-based; the message counts from 1).
    #[error("there is no option {n} here (there are {1})", n = .0 + 1)]
    NoSuchOption(usize, usize),
    /// Typed text was empty.
    #[error("the reply is empty")]
    EmptyReply,
    /// A replayed reply came out differently from the saved one: the scenario or the rulebook
    /// has changed since the transcript was made.
    #[error("reply {0} no longer plays as it was recorded (the scenario or rulebook changed)")]
    Diverged(usize),
    /// The scenario refers to a node that does not exist (it did not pass `check`).
    #[error("the scenario has no node `{0}`")]
    MissingNode(String),
    /// A class's tally does not name the option played.
    #[error(transparent)]
    Tally(#[from] TallyError),
    /// A preview was asked to start where the conversation is already over.
    #[error("node `{0}` ends the conversation; a preview starts where the trainee replies")]
    EndNode(String),
}

/// A tally is played only as the class voted: on the options, and the option played is the
/// class's choice.
fn check_tally(votes: &Tally, choice: &ReplyChoice, options: usize) -> Result<(), TallyError> {
    let ReplyChoice::Option(played) = *choice else {
        return Err(TallyError::TypedWords);
    };
    let chosen = votes.choice(options)?;
    if played != chosen {
        return Err(TallyError::NotTheChoice { played, chosen });
    }
    Ok(())
}

/// The session's generator. ChaCha is specified to give the same stream on every platform;
/// its state can be copied, so a session can be forked (to explore paths) or saved.
#[derive(Debug)]
struct SessionRng(ChaCha8Rng);

impl Clone for SessionRng {
    fn clone(&self) -> Self {
        SessionRng(ChaCha8Rng::deserialize_state(&self.0.serialize_state()))
    }
}

/// The judgement of each authored option, by node and option index, filled as options are
/// chosen. An option's words never change, so forks of a session share it.
type OptionJudgements = Arc<Vec<Vec<OnceLock<Judgement>>>>;

/// One play-through of a scenario.
#[derive(Clone, Debug)]
pub struct Session {
    scenario: Arc<Scenario>,
    judged: OptionJudgements,
    /// The options' words, weighted, for reading typed replies; built at the first one.
    wording: Arc<OnceLock<meaning::Wording>>,
    rng: SessionRng,
    customer: Customer,
    opening: CustomerState,
    node: String,
    line: Text,
    transcript: Transcript,
}

impl Session {
    /// Starts a session: draws the customer's jitter, then the opening line, from `seed`.
    pub fn start(scenario: Arc<Scenario>, seed: u64) -> Result<Session, SessionError> {
        Session::start_from(scenario, seed, None)
    }

    /// Starts a session at the beginning, or for an instructor's preview at a later node with
    /// the customer in a chosen mood; the jitter is drawn from `seed` either way.
    pub fn start_from(
        scenario: Arc<Scenario>,
        seed: u64,
        preview: Option<Preview>,
    ) -> Result<Session, SessionError> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut customer = Customer::new(CustomerParams::jittered(&scenario, &mut rng));
        let rng = SessionRng(rng);
        let start = match &preview {
            None => scenario.start.clone(),
            Some(p) => {
                let node = scenario
                    .node(&p.node)
                    .ok_or_else(|| SessionError::MissingNode(p.node.clone()))?;
                if node.replies.is_empty() {
                    return Err(SessionError::EndNode(p.node.clone()));
                }
                customer.state.anger = p.mood.typical_anger();
                p.node.clone()
            }
        };
        let judged = scenario
            .nodes
            .iter()
            .map(|n| n.replies.iter().map(|_| OnceLock::new()).collect())
            .collect();
        let mut session = Session {
            judged: Arc::new(judged),
            wording: Arc::default(),
            rng,
            opening: customer.state.clone(),
            customer,
            node: start.clone(),
            line: Text::default(),
            transcript: Transcript {
                scenario: scenario.id.clone(),
                seed,
                preview,
                opening: Text::default(),
                turns: Vec::new(),
                ending: None,
            },
            scenario,
        };
        session.line = session.pick_line(&start)?;
        session.transcript.opening = session.line.clone();
        Ok(session)
    }

    /// Plays a saved transcript's replies again from its seed, checking each turn against the
    /// record, so a saved session can be resumed or its debrief rebuilt.
    pub fn replay(
        scenario: Arc<Scenario>,
        matcher: &Matcher,
        transcript: &Transcript,
    ) -> Result<Session, SessionError> {
        let mut session =
            Session::start_from(scenario, transcript.seed, transcript.preview.clone())?;
        if session.transcript.opening != transcript.opening {
            return Err(SessionError::Diverged(0));
        }
        for (i, saved) in transcript.turns.iter().enumerate() {
            let turn = session.reply(matcher, ReplyInput::recorded(saved))?;
            if *turn
                != (Turn {
                    misread: false,
                    ..saved.clone()
                })
            {
                return Err(SessionError::Diverged(i + 1));
            }
            session.mark_misread(i, saved.misread);
        }
        Ok(session)
    }

    /// The scenario being played.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The customer as they are now.
    pub fn customer(&self) -> &Customer {
        &self.customer
    }

    /// How the customer felt before the first reply: where the debrief's mood plot starts.
    pub fn opening(&self) -> &CustomerState {
        &self.opening
    }

    /// What the customer just said.
    pub fn line(&self) -> &Text {
        &self.line
    }

    /// The node the conversation is at.
    pub fn node(&self) -> &Node {
        self.scenario
            .node(&self.node)
            .expect("the session only moves to nodes that exist")
    }

    /// The options the trainee has now (none once the conversation has ended).
    pub fn options(&self) -> &[Reply] {
        if self.is_over() {
            &[]
        } else {
            &self.node().replies
        }
    }

    /// The first option of `grade` here, if there is one.
    pub fn option_of_grade(&self, grade: Grade) -> Option<usize> {
        self.options().iter().position(|r| r.grade == Some(grade))
    }

    /// The seconds the customer waits for each reply before losing patience, if they mind the
    /// time at all (only a hurried customer does), so the game can show the clock running.
    pub fn reply_seconds(&self) -> Option<f64> {
        (self.customer.params.r#trait == Trait::Rush).then(|| {
            self.scenario
                .customer
                .tuning
                .reply_seconds
                .unwrap_or(RUSH_REPLY_SECONDS)
        })
    }

    /// Whether the conversation has ended.
    pub fn is_over(&self) -> bool {
        self.transcript.ending.is_some()
    }

    /// Marks typed reply `turn` (from 0) as misread by the customer, or not. Only typed words
    /// can be misread; returns whether the mark was taken.
    pub fn mark_misread(&mut self, turn: usize, misread: bool) -> bool {
        match self.transcript.turns.get_mut(turn) {
            Some(t) if matches!(t.choice, ReplyChoice::Text(_)) => {
                t.misread = misread;
                true
            }
            _ => false,
        }
    }

    /// The record so far.
    pub fn transcript(&self) -> &Transcript {
        &self.transcript
    }

    /// Takes the trainee's reply: hears it, lets the customer react, finds where the
    /// conversation goes, and records the turn.
    pub fn reply(&mut self, matcher: &Matcher, input: ReplyInput) -> Result<&Turn, SessionError> {
        if self.is_over() {
            return Err(SessionError::Ended);
        }
        let scenario = self.scenario.clone();
        let node_index = self.node_index()?;
        let node = &scenario.nodes[node_index];
        let heard = self.hear(matcher, node_index, &input)?;
        // A class's discussion is not a slow reply: voted replies are never timed.
        let seconds = input.seconds.filter(|_| input.votes.is_none());
        let step = self.customer.step(&StepInput {
            features: heard.features.clone(),
            offer: heard.offer,
            overtime: self.overtime(seconds),
        });
        let (next, ending) = match heard.option {
            Some(option) => self.route(&node.replies[option], step.outcome)?,
            None => self.stay(step.outcome),
        };
        let customer = std::mem::take(&mut self.line);
        match (&next, ending, &heard.understood) {
            (Some(_), _, Some(understood)) if heard.option.is_none() => {
                self.line = self.react(matcher, understood.act)?;
            }
            (Some(next), _, _) => {
                self.node = next.clone();
                self.line = self.pick_line(next)?;
            }
            (None, Some(outcome), _) => self.line = Label::closing(outcome).text(),
            (None, None, _) => self.line = Text::default(),
        }
        let s = &self.customer.state;
        self.transcript.turns.push(Turn {
            node: node.id.clone(),
            customer,
            choice: input.choice,
            option: heard.option,
            understood: heard.understood,
            said: heard.said,
            seconds,
            votes: input.votes,
            features: heard.features,
            banned: heard.judgement.banned,
            hits: heard.judgement.hits,
            offer: heard.offer,
            anger: s.anger,
            trust: s.trust,
            patience: s.patience,
            mood: Mood::of_anger(s.anger),
            anger_terms: step.anger_terms,
            re_raised: step.re_raised,
            next: next.unwrap_or_default(),
            reaction: self.line.clone(),
            misread: false,
        });
        if let Some(outcome) = ending {
            self.customer.outcome = Some(outcome);
            self.transcript.ending = Some(Ending {
                outcome,
                estimate: self.customer.estimate(),
            });
        }
        Ok(self.transcript.turns.last().expect("just pushed"))
    }

    /// What the customer hears in a reply: the option's words (or the typed text and the option
    /// whose path it follows), its features with the option's authored adjustments, and any
    /// compensation offered as a share of what would be fair. A class's tally is checked here.
    fn hear(
        &self,
        matcher: &Matcher,
        node_index: usize,
        input: &ReplyInput,
    ) -> Result<Heard, SessionError> {
        let node = &self.scenario.nodes[node_index];
        let (option, said, judgement, understood) = match &input.choice {
            ReplyChoice::Option(i) => {
                let reply = node
                    .replies
                    .get(*i)
                    .ok_or(SessionError::NoSuchOption(*i, node.replies.len()))?;
                let judgement = self.judged[node_index][*i]
                    .get_or_init(|| judge_option(matcher, reply))
                    .clone();
                (Some(*i), reply.text.clone(), judgement, None)
            }
            ReplyChoice::Text(text) => {
                if text.trim().is_empty() {
                    return Err(SessionError::EmptyReply);
                }
                let judgement = matcher.judge_typed(text, None);
                let options = self.options_heard(matcher, node_index);
                let meaning = self.read(
                    node_index,
                    text,
                    &judgement.features,
                    offered_amount_in(text, &judgement),
                    &options,
                    &self.traps(matcher),
                    Reading::DEFAULT,
                );
                let asks = text.trim_end().ends_with(['?', '？', '吗', '呢']);
                let understood = Understood {
                    nearest: meaning.nearest,
                    act: Act::of(&judgement.features, asks),
                };
                let said = Text {
                    zh: Some(text.clone()),
                    en: Some(text.clone()),
                };
                (meaning.followed, said, judgement, Some(understood))
            }
        };
        if let Some(votes) = &input.votes {
            check_tally(votes, &input.choice, node.replies.len())?;
        }
        let fair = self.scenario.failure.fair_compensation;
        let (mut features, offered) = match (&input.choice, option) {
            (ReplyChoice::Option(_), Some(option)) => (
                self.option_features(matcher, node_index, option),
                node.replies[option].offer,
            ),
            // Typed words offer the amount they name, or, naming none, the remedy in full
            // ("退您运费", "a full refund").
            (ReplyChoice::Text(text), _) => (
                judgement.features.clone(),
                judgement
                    .features
                    .has(Feature::Compensation)
                    .then(|| offered_amount_in(text, &judgement).unwrap_or(fair)),
            ),
            (ReplyChoice::Option(_), None) => (judgement.features.clone(), None),
        };
        let offer = offered.filter(|_| fair > 0.0).map(|o| o / fair);
        if offer.is_some_and(|o| o > 0.0) {
            features.raise(Feature::Compensation, 1.0);
        }
        Ok(Heard {
            option,
            understood,
            said,
            judgement,
            features,
            offer,
        })
    }

    /// Where the current node is in the scenario.
    fn node_index(&self) -> Result<usize, SessionError> {
        self.scenario
            .nodes
            .iter()
            .position(|n| n.id == self.node)
            .ok_or_else(|| SessionError::MissingNode(self.node.clone()))
    }

    /// The authored option typed words mean at the current node, read with `reading`; none
    /// when they say what no option says. The instructor's routing measure uses it too.
    pub fn meant_option(&self, matcher: &Matcher, text: &str, reading: Reading) -> Option<usize> {
        let node_index = self.node_index().ok()?;
        let heard = matcher.judge_typed(text, None);
        let options = self.options_heard(matcher, node_index);
        self.read(
            node_index,
            text,
            &heard.features,
            offered_amount_in(text, &heard),
            &options,
            &self.traps(matcher),
            reading,
        )
        .followed
    }

    /// [`Session::meant_option`] for words already judged, with the node's options heard.
    fn read(
        &self,
        node_index: usize,
        text: &str,
        heard: &Features,
        offered: Option<f64>,
        options: &[Features],
        traps: &[Feature],
        reading: Reading,
    ) -> meaning::Meaning {
        let wording = self
            .wording
            .get_or_init(|| meaning::Wording::of(&self.scenario.nodes));
        meaning::meant_option(
            &self.scenario.nodes,
            node_index,
            text,
            heard,
            offered,
            options,
            wording,
            traps,
            reading,
        )
    }

    /// The moves the customer's strategy avoids at this point (a second concession only after
    /// a first, a last resort only before it is the last): a typed reply with one never follows
    /// a Good option.
    fn traps(&self, matcher: &Matcher) -> Vec<Feature> {
        let turns = &self.transcript.turns;
        let anger_before = turns.last().map(|t| t.anger);
        matcher
            .rulebook()
            .strategy(self.scenario.customer.r#trait)
            .map(|s| {
                s.avoid
                    .iter()
                    .filter(|r| {
                        let earlier = turns.iter().any(|t| t.features.has(r.feature));
                        r.breaks(earlier, anger_before)
                    })
                    .map(|r| r.feature)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What the customer hears in each option of a node.
    fn options_heard(&self, matcher: &Matcher, node_index: usize) -> Vec<Features> {
        (0..self.scenario.nodes[node_index].replies.len())
            .map(|i| self.option_features(matcher, node_index, i))
            .collect()
    }

    /// What the customer hears in an authored option: its words' features with the author's
    /// adjustments (an offer is added where it is heard).
    fn option_features(&self, matcher: &Matcher, node_index: usize, option: usize) -> Features {
        let reply = &self.scenario.nodes[node_index].replies[option];
        let mut features = self.judged[node_index][option]
            .get_or_init(|| judge_option(matcher, reply))
            .features
            .clone();
        for f in &reply.add_features {
            features.set(*f, 1.0);
        }
        for f in &reply.drop_features {
            features.remove(*f);
        }
        features
    }

    /// Seconds past a hurried customer's limit (none for anyone else, or an untimed reply).
    fn overtime(&self, seconds: Option<f64>) -> f64 {
        match (self.reply_seconds(), seconds) {
            (Some(limit), Some(s)) => (s - limit).max(0.0),
            _ => 0.0,
        }
    }

    /// Typed words that mean no option keep the conversation where it is, unless the model
    /// ends it: the customer's negative ends cut it short, and at the turn limit they leave.
    fn stay(&mut self, modelled: Option<Outcome>) -> (Option<String>, Option<Outcome>) {
        let at_limit = self.customer.state.turn >= self.customer.params.max_turns;
        match modelled.filter(|o| *o != Outcome::Resolved || at_limit) {
            // Words that never took the conversation anywhere solve nothing, however calm
            // they left the customer: at the turn limit they leave unresolved.
            Some(Outcome::Resolved) => (None, Some(Outcome::Unresolved)),
            Some(end) => (None, Some(end)),
            None => {
                self.customer.outcome = None;
                (Some(self.node.clone()), None)
            }
        }
    }

    /// What the customer says to typed words that mean no option: a line for what they heard
    /// (`act`), in their mood and manner, from the scenario's reactions or the rulebook's;
    /// without any, they say again what they said here.
    fn react(&mut self, matcher: &Matcher, act: Act) -> Result<Text, SessionError> {
        let scenario = self.scenario.clone();
        let mood = Mood::of_anger(self.customer.state.anger);
        let lines = reaction_lines(
            &[&scenario.customer.reactions, &matcher.rulebook().reactions],
            act,
            mood,
            scenario.customer.r#trait,
        );
        match lines.len() {
            0 => self.pick_line(&self.node.clone()),
            1 => Ok(lines[0].clone()),
            n => Ok(lines[self.rng.0.random_range(0..n)].clone()),
        }
    }

    /// Where the conversation goes after `reply`, and how it ends if it does. The model's
    /// negative ends cut it short; its "resolved" waits for the graph's end, so the authored
    /// conversation plays out, unless the turn limit has come: then the customer leaves content.
    /// An authored happy end holds only if the model agrees.
    fn route(
        &mut self,
        reply: &Reply,
        modelled: Option<Outcome>,
    ) -> Result<(Option<String>, Option<Outcome>), SessionError> {
        let at_limit = self.customer.state.turn >= self.customer.params.max_turns;
        let model_end = modelled.filter(|o| *o != Outcome::Resolved || at_limit);
        if let Some(end) = model_end {
            return Ok((self.closing_node(reply, end), Some(end)));
        }
        self.customer.outcome = None;
        let next = self.destination(reply);
        let Some(authored) = self
            .scenario
            .node(&next)
            .ok_or_else(|| SessionError::MissingNode(next.clone()))?
            .end
        else {
            return Ok((Some(next), None));
        };
        let verdict = self.verdict(authored);
        // An overruled happy ending: the customer leaves with a line for the verdict, never
        // with the thanks authored for the happy one.
        if verdict != authored {
            return Ok((self.closing_node(reply, verdict), Some(verdict)));
        }
        Ok((Some(next), Some(verdict)))
    }

    /// The node whose line the customer leaves with when the conversation ends with `end`
    /// after `reply`: the reply's `Ends(end)` branch, else the first node the reply leads to
    /// (its usual destination, then every branch and `next`) that is an end of the same kind.
    /// None when no authored line fits; the customer then gets the closing for the outcome.
    fn closing_node(&self, reply: &Reply, end: Outcome) -> Option<String> {
        ends_branch(reply, end).or_else(|| {
            let usual = self.destination(reply);
            std::iter::once(usual.as_str())
                .chain(reply.targets())
                .find(|id| self.scenario.node(id).is_some_and(|n| n.end == Some(end)))
                .map(str::to_owned)
        })
    }

    /// The first branch whose condition holds, else `next`.
    fn destination(&self, reply: &Reply) -> String {
        let s = &self.customer.state;
        let holds = |c: &Condition| match *c {
            Condition::AngerAtLeast(v) => s.anger >= v,
            Condition::AngerBelow(v) => s.anger < v,
            Condition::TrustAtLeast(v) => s.trust >= v,
            Condition::TrustBelow(v) => s.trust < v,
            Condition::PatienceBelow(v) => s.patience < v,
            Condition::Mood(m) => Mood::of_anger(s.anger) == m,
            Condition::Ends(_) => false,
        };
        reply
            .branches
            .iter()
            .find(|b| holds(&b.when))
            .map(|b| b.to.clone())
            .or_else(|| reply.next.clone())
            .unwrap_or_else(|| self.node.clone())
    }

    /// The outcome at an authored end node: a "resolved" ending holds only if the customer
    /// model agrees the customer is satisfied; otherwise they leave unresolved.
    fn verdict(&self, authored: Outcome) -> Outcome {
        if authored == Outcome::Resolved && !self.customer.satisfied() {
            Outcome::Unresolved
        } else {
            authored
        }
    }

    /// A line of `node` for the customer's mood, chosen with the session's generator.
    fn pick_line(&mut self, node: &str) -> Result<Text, SessionError> {
        let node = self
            .scenario
            .node(node)
            .ok_or_else(|| SessionError::MissingNode(node.to_owned()))?;
        let mood = Mood::of_anger(self.customer.state.anger);
        let mut candidates: Vec<&Text> = node
            .lines
            .iter()
            .filter(|l| l.mood == Some(mood))
            .map(|l| &l.text)
            .collect();
        if candidates.is_empty() {
            candidates = node
                .lines
                .iter()
                .filter(|l| l.mood.is_none())
                .map(|l| &l.text)
                .collect();
        }
        if candidates.is_empty() {
            candidates = node.lines.iter().map(|l| &l.text).collect();
        }
        if candidates.is_empty() {
            return Ok(Text::default());
        }
        let i = if candidates.len() == 1 {
            0
        } else {
            self.rng.0.random_range(0..candidates.len())
        };
        Ok(candidates[i].clone())
    }
}

/// A reply as the customer heard it.
struct Heard {
    /// The option whose path it follows; none when the customer answers typed words in place.
    option: Option<usize>,
    /// How typed words were understood.
    understood: Option<Understood>,
    /// The words said.
    said: Text,
    /// The rulebook's judgement of the words.
    judgement: Judgement,
    /// The features the customer reacts to.
    features: Features,
    /// Compensation offered, as a share of fair.
    offer: Option<f64>,
}

/// The node `reply` names for ending with `end`, if it names one.
fn ends_branch(reply: &Reply, end: Outcome) -> Option<String> {
    reply
        .branches
        .iter()
        .find(|b| b.when == Condition::Ends(end))
        .map(|b| b.to.clone())
}

/// An authored option's features come from both its languages, so the customer hears the same
/// reply whatever language the game is played in; its findings (with spans) come from the
/// Chinese text, the course's language, when there is one.
pub fn judge_option(matcher: &Matcher, reply: &Reply) -> Judgement {
    let mut out: Option<Judgement> = None;
    let mut features = Features::default();
    for lang in Lang::ALL {
        let Some(text) = reply.text.exact(lang) else {
            continue;
        };
        let j = matcher.judge(text, Some(lang));
        for (f, w) in j.features.iter() {
            features.raise(f, w);
        }
        out.get_or_insert(j);
    }
    let mut out = out.unwrap_or_default();
    out.features = features;
    out
}
