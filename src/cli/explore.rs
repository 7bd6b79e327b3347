//! `counterplay explore`: every path of a scenario, summarised.

use std::process::ExitCode;
use std::sync::Arc;

use crate::explore::{PathSummary, explore};
use crate::rulebook::Matcher;
use crate::scenario::Scenario;

pub(super) fn run(
    matcher: &Matcher,
    scenario: &Arc<Scenario>,
    seeds: std::ops::RangeInclusive<u64>,
    json: bool,
) -> ExitCode {
    let Some(found) = explore(scenario, matcher, seeds) else {
        eprintln!("error: `{}` has no complete path", scenario.id);
        return ExitCode::from(1);
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&found).expect("exploration serialises")
        );
        return ExitCode::SUCCESS;
    }
    let path = |p: &PathSummary| {
        format!(
            "score {} {} (seed {}, replies {})",
            p.score,
            p.outcome.key(),
            p.seed,
            p.replies
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(",")
        )
    };
    let seeds = found.seeds.iter().map(u64::to_string).collect::<Vec<_>>();
    println!(
        "{}: {} paths over seeds {}{}",
        found.scenario,
        found.paths,
        seeds.join(","),
        if found.truncated {
            " (stopped at the path limit)"
        } else {
            ""
        }
    );
    let outcomes: Vec<String> = found
        .outcomes
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    println!("outcomes: {}", outcomes.join(", "));
    println!("scores: {} to {}", found.score_range.0, found.score_range.1);
    println!("best:  {}", path(&found.best));
    println!("worst: {}", path(&found.worst));
    let list = |v: &[String]| {
        if v.is_empty() {
            "none".to_owned()
        } else {
            v.join(", ")
        }
    };
    println!("unreachable nodes: {}", list(&found.unreachable));
    println!("dead ends: {}", list(&found.dead_ends));
    ExitCode::SUCCESS
}
