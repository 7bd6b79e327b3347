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

/// Most paths followed per seed before the exploration stops (and says so).
pub const MAX_PATHS_PER_SEED: usize = 200_000;

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

struct Walk<'a> {
    matcher: &'a Matcher,
    scenario: &'a Scenario,
    seed: u64,
    found: usize,
    truncated: bool,
    visited: BTreeSet<String>,
    dead_ends: BTreeSet<String>,
    paths: Vec<PathSummary>,
}

impl Walk<'_> {
    fn go(&mut self, session: Session, replies: &mut Vec<usize>) {
        self.visited.insert(session.node().id.clone());
        if session.is_over() {
            let transcript = session.transcript();
            let ending = transcript.ending.as_ref().expect("over means ended");
            self.found += 1;
            self.paths.push(PathSummary {
                seed: self.seed,
                replies: replies.iter().map(|r| r + 1).collect(),
                outcome: ending.outcome,
                score: score(self.matcher.rulebook(), self.scenario, transcript).total,
            });
            return;
        }
        let options = session.options().len();
        if options == 0 {
            self.dead_ends.insert(session.node().id.clone());
            return;
        }
        for option in 0..options {
            if self.found >= MAX_PATHS_PER_SEED {
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
    let seed_list: Vec<u64> = seeds.into_iter().collect();
    // Seeds are independent; each is walked on its own core and the results merged in order.
    let walks = crate::parallel::map(&seed_list, |&seed| {
        let session = Session::start(scenario.clone(), seed).ok()?;
        let mut walk = Walk {
            matcher,
            scenario,
            seed,
            found: 0,
            truncated: false,
            visited: BTreeSet::new(),
            dead_ends: BTreeSet::new(),
            paths: Vec::new(),
        };
        walk.go(session, &mut Vec::new());
        Some(walk)
    });
    let mut all = Vec::new();
    let mut visited = BTreeSet::new();
    let mut dead_ends = BTreeSet::new();
    let mut truncated = false;
    for walk in walks {
        let walk = walk?;
        truncated |= walk.truncated;
        visited.extend(walk.visited);
        dead_ends.extend(walk.dead_ends);
        all.extend(walk.paths);
    }
    // Ties go to the shorter path, then to the one found first, so the answer is stable.
    let best = all
        .iter()
        .enumerate()
        .max_by_key(|(i, p)| (p.score, std::cmp::Reverse((p.replies.len(), *i))))?
        .1
        .clone();
    let worst = all
        .iter()
        .enumerate()
        .min_by_key(|(i, p)| (p.score, *i))?
        .1
        .clone();
    let mut outcomes = BTreeMap::new();
    for p in &all {
        *outcomes.entry(p.outcome.key()).or_insert(0) += 1;
    }
    // One conversation per naive trainee and seed: a handful next to the paths walked above.
    let naive = naive_trainees(scenario, matcher, &seed_list);
    Some(Exploration {
        scenario: scenario.id.clone(),
        seeds: seed_list,
        paths: all.len(),
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
