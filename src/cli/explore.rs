//! `counterplay explore`: every path of a scenario, summarised, with the choice points that give
//! the Good option away by length and how naive trainees fare.

use std::process::ExitCode;
use std::sync::Arc;

use crate::explore::{Exploration, NaiveReport, NaiveRun, PathSummary, explore};
use crate::lang::Lang;
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
    // Seeds are always 1 to n here; a list of a thousand says less than its ends.
    let seeds = match found.seeds.as_slice() {
        [first, .., last] if found.seeds.len() > 5 => format!("{first} to {last}"),
        all => all.iter().map(u64::to_string).collect::<Vec<_>>().join(","),
    };
    println!(
        "{}: {} paths over seeds {}{}",
        found.scenario,
        found.paths,
        seeds,
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
    print_length(&found);
    print_naive(&found);
    ExitCode::SUCCESS
}

/// The choice points whose Good option is strictly the longest, node by node, each with how
/// many times longer it is than the next longest option.
fn print_length(found: &Exploration) {
    let tells = &found.length;
    let counts: Vec<String> = Lang::ALL
        .iter()
        .map(|&l| format!("{} {} of {}", l.code(), tells.count(l), tells.choice_points))
        .collect();
    println!();
    println!(
        "Length giveaways: the Good option is strictly the longest at {} choice points{}",
        counts.join(", "),
        if tells.giveaways.is_empty() {
            ""
        } else {
            "; its length over the next longest:"
        }
    );
    let mut nodes: Vec<&str> = Vec::new();
    for g in &tells.giveaways {
        if !nodes.contains(&g.node.as_str()) {
            nodes.push(&g.node);
        }
    }
    for node in nodes {
        let here: Vec<_> = tells.giveaways.iter().filter(|g| g.node == node).collect();
        let one_option = here.iter().all(|g| g.option == here[0].option);
        let ratios: Vec<String> = here
            .iter()
            .map(|g| {
                let option = if one_option {
                    String::new()
                } else {
                    format!(" (option {})", g.option)
                };
                format!("{} {:.2}x{option}", g.lang.code(), g.ratio)
            })
            .collect();
        let option = if one_option {
            format!(" (option {})", here[0].option)
        } else {
            String::new()
        };
        println!("  {node}: {}{option}", ratios.join(", "));
    }
}

/// Each naive trainee's figures (per seed, or once when every seed played out the same), then
/// a warning for each one that passes.
fn print_naive(found: &Exploration) {
    if found.naive.is_empty() {
        return;
    }
    println!();
    println!(
        "Naive trainees (one rule at every reply; the pass mark is {}):",
        found.pass_mark
    );
    let passes = |n: &NaiveReport| {
        format!(
            "passes on {} of {} seeds",
            n.passed_seeds.len(),
            n.runs.len()
        )
    };
    let run = |r: &NaiveRun| {
        format!(
            "{} {} {}",
            r.score,
            r.outcome.map_or("stuck", |o| o.key()),
            if r.passed { "pass" } else { "fail" }
        )
    };
    for n in &found.naive {
        let (low, high) = n.score_range;
        let scores = if low == high {
            format!("score {low}")
        } else {
            format!("scores {low} to {high}")
        };
        println!("  {}: {}, {scores}", n.trainee.describe(), passes(n));
        let each: Vec<String> = n.runs.iter().map(run).collect();
        if n.runs.len() > 1 && each.iter().all(|e| *e == each[0]) {
            println!("    every seed: {}", each[0]);
        } else {
            let seeds: Vec<String> = n.runs.iter().map(|r| r.seed.to_string()).collect();
            println!("    seeds {}: {}", seeds.join(","), each.join(", "));
        }
    }
    for n in found.naive.iter().filter(|n| !n.passed_seeds.is_empty()) {
        println!(
            "warning: naive trainee \"{}\" {}: a trainee could pass without the course's judgement",
            n.trainee.describe(),
            passes(n)
        );
    }
}
