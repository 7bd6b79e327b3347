//! A class's results summed up for its instructor: how each scenario went on average, how the
//! conversations ended, the banned phrases said most and the principles broken most.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::SavedResult;
use super::export::Filter;
use crate::labels::Label;
use crate::lang::{Lang, is_han};
use crate::rulebook::{Feature, PrincipleId, Rulebook};
use crate::scenario::Outcome;
use crate::scoring::principle_cost;
use crate::session::{ReplyChoice, Turn};

/// How many banned phrases and principles a report lists.
const TOP: usize = 10;

/// The summary of a group's results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClassReport {
    /// The group reported on, if one was chosen.
    pub group: Option<String>,
    /// Results counted.
    pub results: usize,
    /// Different trainees among them.
    pub trainees: usize,
    /// Each scenario played, in id order.
    pub scenarios: Vec<ScenarioSummary>,
    /// How many results ended each way, in the course's order, `unfinished` last; only those
    /// that happened.
    pub outcomes: Vec<(String, usize)>,
    /// The banned phrases said, most often first (at most ten).
    pub banned: Vec<BannedCount>,
    /// The principles broken, by the number of replies that broke them, most first.
    pub principles: Vec<(PrincipleId, usize)>,
    /// Typed replies trainees said the customer misread, oldest first: each a rulebook
    /// example waiting for the instructor's labels.
    #[serde(default)]
    pub misread: Vec<MisreadReply>,
}

/// A typed reply a trainee marked as misread.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MisreadReply {
    /// Who typed it.
    pub trainee: String,
    /// Where: the scenario and node.
    pub scenario: String,
    /// The node it was typed at.
    pub node: String,
    /// The words.
    pub text: String,
    /// The row to add to the rulebook's examples once corrected: what the rulebook heard,
    /// as `lang banned features text`.
    pub example: String,
}

/// One scenario's results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScenarioSummary {
    /// Its id.
    pub scenario: String,
    /// Times played.
    pub attempts: usize,
    /// The mean score, rounded.
    pub average: u32,
    /// The best score.
    pub best: u32,
    /// The score of the attempt finished last.
    pub latest: u32,
    /// Share of attempts that passed, 0 to 1.
    pub pass_rate: f64,
}

impl ScenarioSummary {
    /// The summary of one scenario's results, given oldest first.
    fn of(scenario: &str, results: &[&SavedResult]) -> ScenarioSummary {
        let n = results.len().max(1) as f64;
        ScenarioSummary {
            scenario: scenario.to_owned(),
            attempts: results.len(),
            average: (results.iter().map(|r| f64::from(r.score)).sum::<f64>() / n).round() as u32,
            best: results.iter().map(|r| r.score).max().unwrap_or(0),
            latest: results.last().map_or(0, |r| r.score),
            pass_rate: results.iter().filter(|r| r.passed).count() as f64 / n,
        }
    }

    /// Whether any attempt passed: a pass is decided by each result (its scenario's pass mark
    /// and whether a hostile phrase barred it), never by the score alone.
    pub fn passed_once(&self) -> bool {
        self.pass_rate > 0.0
    }

    /// Whether most attempts passed, for a class's overview.
    pub fn mostly_passed(&self) -> bool {
        self.pass_rate >= 0.5
    }

    /// Its numbers in words: average, best, share passed, attempts.
    pub fn line(&self, lang: Lang) -> String {
        Label::ReportScenarioLine.fill(
            lang,
            &[
                ("avg", &self.average),
                ("best", &self.best),
                ("pass", &format!("{:.0}", self.pass_rate * 100.0)),
                ("n", &self.attempts),
            ],
        )
    }
}

/// A banned phrase and how often it was said.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BannedCount {
    /// The rulebook entry.
    pub id: String,
    /// The words as trainees said them (the first seen).
    pub words: String,
    /// Times said.
    pub count: usize,
}

/// Each scenario's summary, by id, from results given oldest first: the trainee's best score
/// and attempts in the scenario list and history, a class's averages in its report.
pub fn per_scenario<'a>(
    results: impl IntoIterator<Item = &'a SavedResult>,
) -> BTreeMap<String, ScenarioSummary> {
    let mut by_scenario: BTreeMap<&str, Vec<&SavedResult>> = BTreeMap::new();
    for r in results {
        by_scenario.entry(&r.scenario).or_default().push(r);
    }
    by_scenario
        .into_iter()
        .map(|(id, rs)| (id.to_owned(), ScenarioSummary::of(id, &rs)))
        .collect()
}

impl ClassReport {
    /// Sums up the results `filter` keeps; principles are counted with `book`'s rules.
    pub fn of<'a>(
        book: &Rulebook,
        results: impl IntoIterator<Item = &'a SavedResult>,
        filter: &Filter,
    ) -> ClassReport {
        let kept: Vec<&SavedResult> = results.into_iter().filter(|r| filter.keeps(r)).collect();
        let trainees: BTreeSet<&str> = kept.iter().map(|r| r.trainee.as_str()).collect();

        let scenarios = per_scenario(kept.iter().copied()).into_values().collect();

        let keys = Outcome::ALL.map(Outcome::key);
        let outcomes = keys
            .iter()
            .copied()
            .chain(["unfinished"])
            .map(|k| {
                let n = kept
                    .iter()
                    .filter(|r| {
                        r.outcome == k || (k == "unfinished" && !keys.contains(&r.outcome.as_str()))
                    })
                    .count();
                (k.to_owned(), n)
            })
            .filter(|(_, n)| *n > 0)
            .collect();

        let mut banned: Vec<BannedCount> = Vec::new();
        let mut principles: BTreeMap<PrincipleId, usize> = BTreeMap::new();
        for turn in kept.iter().flat_map(|r| &r.transcript.turns) {
            for b in &turn.banned {
                match banned.iter_mut().find(|c| c.id == b.id) {
                    Some(c) => c.count += 1,
                    None => banned.push(BannedCount {
                        id: b.id.clone(),
                        words: b.matched.clone(),
                        count: 1,
                    }),
                }
            }
            for p in &book.principles {
                if principle_cost(p, turn) > 0.0 {
                    *principles.entry(p.id).or_default() += 1;
                }
            }
        }
        let misread = kept
            .iter()
            .flat_map(|r| r.transcript.turns.iter().map(move |t| (r, t)))
            .filter(|(_, t)| t.misread)
            .filter_map(|(r, t)| {
                let ReplyChoice::Text(text) = &t.choice else {
                    return None;
                };
                Some(MisreadReply {
                    trainee: r.trainee.clone(),
                    scenario: r.scenario.clone(),
                    node: t.node.clone(),
                    text: text.clone(),
                    example: example_row(text, t),
                })
            })
            .collect();
        banned.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));
        banned.truncate(TOP);
        let mut principles: Vec<(PrincipleId, usize)> = principles.into_iter().collect();
        principles.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

        ClassReport {
            group: filter.group.clone(),
            results: kept.len(),
            trainees: trainees.len(),
            scenarios,
            outcomes,
            banned,
            principles,
            misread,
        }
    }
}

/// A typed reply as a row of the rulebook's examples, labelled with what the rulebook heard,
/// for the instructor to correct.
fn example_row(text: &str, turn: &Turn) -> String {
    let han = text.chars().any(is_han);
    let features: Vec<String> = turn
        .features
        .iter()
        .map(|(f, _)| f)
        .filter(|f| *f != Feature::Banned)
        .map(|f| format!("{f:?}"))
        .collect();
    let one_line: String = text
        .chars()
        .map(|c| if c == '\t' || c == '\n' { ' ' } else { c })
        .collect();
    format!(
        "{}\t{}\t{}\t{one_line}",
        if han { "zh" } else { "en" },
        if turn.banned.is_empty() { "no" } else { "yes" },
        if features.is_empty() {
            "-".to_owned()
        } else {
            features.join(",")
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::tests::result;

    #[test]
    fn best_latest_and_passing_come_from_each_result_not_from_the_score() {
        // An 85 barred by a hostile phrase did not pass; a later 70 did not either.
        let mut barred = result(1, 85);
        barred.passed = false;
        let mut other = result(2, 90);
        other.scenario = "noisy_hall".into();
        let summaries = per_scenario([&barred, &result(3, 70), &other]);
        let card = &summaries["card_wait"];
        assert_eq!((card.attempts, card.best, card.latest), (2, 85, 70));
        assert!(!card.passed_once());
        assert!(summaries["noisy_hall"].passed_once());
        assert!(summaries["noisy_hall"].mostly_passed());
        let mut lucky = result(4, 60);
        lucky.passed = true;
        let card = &per_scenario([&barred, &result(3, 70), &lucky])["card_wait"];
        assert!(card.passed_once() && !card.mostly_passed());
    }
}
