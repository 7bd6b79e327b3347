//! Every path through a scenario, for several seeds: which outcomes can happen, the score range,
//! the best and worst paths, and nodes no play-through reaches or where one gets stuck. The
//! automated play-testing that ink and Ren'Py users keep asking for. It also plays naive
//! trainees (one mechanical rule at every reply) and finds the choice points whose Good option
//! is the longest, so an instructor sees whether the scenario can be passed without the course.

mod naive;

pub use naive::{
    GENERIC_EN, GENERIC_ZH, MAX_NAIVE_REPLIES, Naive, NaiveReport, NaiveRule, NaiveRun,
    generic_reply, kindness, naive_trainees, play_naive,
};

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::rulebook::Matcher;
use crate::scenario::{LengthTells, Outcome, Scenario, length_tells};
use crate::scoring::{DEFAULT_PASS_MARK, score};
use crate::session::{ReplyInput, Session};

/// Seeds explored by default: enough to see the customer's jitter and line variants.
pub const DEFAULT_SEEDS: std::ops::RangeInclusive<u64> = 1..=5;

/// Most paths followed over all seeds before the exploration stops (and says so), shared
/// equally between the seeds: what bounds the time `explore` takes.
pub const MAX_PATHS: usize = 1_000_000;

/// Most seeds one exploration plays.
pub const MAX_SEEDS: u64 = 1000;

/// One complete play-through found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathSummary {
    /// The seed it was played with.
    pub seed: u64,
    /// Option numbers chosen, 1-based.
    pub replies: Vec<usize>,
    /// How it ended.
    #[serde(serialize_with = "outcome_key")]
    pub outcome: Outcome,
    /// Its score.
    pub score: u32,
}

fn outcome_key<S: serde::Serializer>(o: &Outcome, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(o.key())
}

/// What exploring a scenario found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exploration {
    /// The scenario's id.
    pub scenario: String,
    /// The seeds explored.
    pub seeds: Vec<u64>,
    /// Complete paths found, over all seeds.
    pub paths: usize,
    /// How many paths end each way.
    pub outcomes: BTreeMap<&'static str, usize>,
    /// Lowest and highest score.
    pub score_range: (u32, u32),
    /// The highest-scoring path (the first found on ties).
    pub best: PathSummary,
    /// The lowest-scoring path.
    pub worst: PathSummary,
    /// Nodes no path visits.
    pub unreachable: Vec<String>,
    /// Nodes where a path stopped without an outcome.
    pub dead_ends: Vec<String>,
    /// Whether the path limit cut the exploration short.
    pub truncated: bool,
    /// The score a play-through needs to pass.
    pub pass_mark: u8,
    /// The naive trainees, each played once per seed.
    pub naive: Vec<NaiveReport>,
    /// The choice points whose Good option is strictly the longest, per language.
    pub length: LengthTells,
}

/// One seed's walk. Paths are counted, not kept: only the best and the worst are, so memory
/// does not grow with the number of paths.
struct Walk<'a> {
    matcher: &'a Matcher,
    scenario: &'a Scenario,
    seed: u64,
    /// Paths this seed may follow.
    budget: usize,
    found: usize,
    truncated: bool,
    visited: BTreeSet<String>,
    dead_ends: BTreeSet<String>,
    outcomes: BTreeMap<&'static str, usize>,
    best: Option<PathSummary>,
    worst: Option<PathSummary>,
}

/// Whether `path` beats `best`: a higher score, or the same score in fewer replies (the first
/// found keeps ties, so the answer is stable).
fn better(path: &PathSummary, best: &PathSummary) -> bool {
    (path.score, std::cmp::Reverse(path.replies.len()))
        > (best.score, std::cmp::Reverse(best.replies.len()))
}

impl Walk<'_> {
    fn go(&mut self, session: Session, replies: &mut Vec<usize>) {
        self.visited.insert(session.node().id.clone());
        if session.is_over() {
            let transcript = session.transcript();
            let ending = transcript.ending.as_ref().expect("over means ended");
            self.found += 1;
            *self.outcomes.entry(ending.outcome.key()).or_insert(0) += 1;
            let path = PathSummary {
                seed: self.seed,
                replies: replies.iter().map(|r| r + 1).collect(),
                outcome: ending.outcome,
                score: score(self.matcher.rulebook(), self.scenario, transcript).total,
            };
            if self.worst.as_ref().is_none_or(|w| path.score < w.score) {
                self.worst = Some(path.clone());
            }
            if self.best.as_ref().is_none_or(|b| better(&path, b)) {
                self.best = Some(path);
            }
            return;
        }
        let options = session.options().len();
        if options == 0 {
            self.dead_ends.insert(session.node().id.clone());
            return;
        }
        for option in 0..options {
            if self.found >= self.budget {
                self.truncated = true;
                return;
            }
            let mut next = session.clone();
            if next
                .reply(self.matcher, ReplyInput::option(option))
                .is_err()
            {
                continue;
            }
            replies.push(option);
            self.go(next, replies);
            replies.pop();
        }
    }
}

/// Explores every path of `scenario` for each of `seeds`.
pub fn explore(
    scenario: &Arc<Scenario>,
    matcher: &Matcher,
    seeds: impl IntoIterator<Item = u64>,
) -> Option<Exploration> {
    explore_within(scenario, matcher, seeds, MAX_PATHS)
}

/// [`explore`], following at most `max_paths` paths over all seeds.
pub fn explore_within(
    scenario: &Arc<Scenario>,
    matcher: &Matcher,
    seeds: impl IntoIterator<Item = u64>,
    max_paths: usize,
) -> Option<Exploration> {
    let seed_list: Vec<u64> = seeds.into_iter().collect();
    let budget = (max_paths / seed_list.len().max(1)).max(1);
    // Seeds are independent; each is walked on its own core and the results merged in order.
    let walks = crate::parallel::map(&seed_list, |&seed| {
        let session = Session::start(scenario.clone(), seed).ok()?;
        let mut walk = Walk {
            matcher,
            scenario,
            seed,
            budget,
            found: 0,
            truncated: false,
            visited: BTreeSet::new(),
            dead_ends: BTreeSet::new(),
            outcomes: BTreeMap::new(),
            best: None,
            worst: None,
        };
        walk.go(session, &mut Vec::new());
        Some(walk)
    });
    let mut paths = 0;
    let mut outcomes = BTreeMap::new();
    let mut visited = BTreeSet::new();
    let mut dead_ends = BTreeSet::new();
    let mut truncated = false;
    let mut best: Option<PathSummary> = None;
    let mut worst: Option<PathSummary> = None;
    for walk in walks {
        let walk = walk?;
        paths += walk.found;
        truncated |= walk.truncated;
        visited.extend(walk.visited);
        dead_ends.extend(walk.dead_ends);
        for (outcome, n) in walk.outcomes {
            *outcomes.entry(outcome).or_insert(0) += n;
        }
        // Earlier seeds' paths were found first: they keep ties.
        if let Some(b) = walk.best
            && best.as_ref().is_none_or(|best| better(&b, best))
        {
            best = Some(b);
        }
        if let Some(w) = walk.worst
            && worst.as_ref().is_none_or(|worst| w.score < worst.score)
        {
            worst = Some(w);
        }
    }
    let (best, worst) = (best?, worst?);
    // One conversation per naive trainee and seed: a handful next to the paths walked above.
    let naive = naive_trainees(scenario, matcher, &seed_list);
    Some(Exploration {
        scenario: scenario.id.clone(),
        seeds: seed_list,
        paths,
        outcomes,
        score_range: (worst.score, best.score),
        unreachable: scenario
            .nodes
            .iter()
            .filter(|n| !visited.contains(&n.id))
            .map(|n| n.id.clone())
            .collect(),
        dead_ends: dead_ends.into_iter().collect(),
        best,
        worst,
        truncated,
        pass_mark: scenario.pass_mark.unwrap_or(DEFAULT_PASS_MARK),
        naive,
        length: length_tells(scenario),
    })
}
