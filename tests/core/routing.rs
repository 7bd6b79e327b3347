//! Typed replies follow the option they mean: measured on labelled replies (tests/routing),
//! written from the scenario texts before any output was seen. The reading's figures are
//! calibrated on five scenarios; the other five are held out and only scored.

use std::collections::HashMap;
use std::sync::Arc;

use counterplay::lang::Text;
use counterplay::rulebook::Act;
use counterplay::scenario::{Mood, Scenario};
use counterplay::session::{Preview, Reading, ReplyChoice, ReplyInput, Session};

use crate::{matcher, project, shipped};

/// The scenarios the reading is calibrated on; the others are held out.
const CALIBRATION: [&str; 5] = [
    "airline_complaint",
    "bill_print_ignored",
    "ctrip_tour",
    "li_li_phone_service",
    "noisy_hall",
];

/// One labelled reply.
struct Labelled {
    scenario: String,
    node: String,
    /// The option meant, 0-based; none when the reply says what no option says.
    means: Option<usize>,
    text: String,
}

fn labelled() -> Vec<Labelled> {
    let text = std::fs::read_to_string(project("tests/routing/replies.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 5, "{l}");
            Labelled {
                scenario: cols[0].into(),
                node: cols[1].into(),
                means: (cols[3] != "none").then(|| cols[3].parse::<usize>().unwrap() - 1),
                text: cols[4].into(),
            }
        })
        .collect()
}

/// How a reading fares on a part of the set.
#[derive(Debug, Default)]
struct Fare {
    /// Paraphrases that followed the option they mean, of all paraphrases.
    followed: (usize, usize),
    /// Replies that mean no option and followed none, of all such replies.
    kept: (usize, usize),
}

impl Fare {
    fn rate(x: (usize, usize)) -> f64 {
        x.0 as f64 / x.1.max(1) as f64
    }

    /// Both rates, the lower one first: a reading must do both.
    fn worth(&self) -> (f64, f64) {
        let (a, b) = (Fare::rate(self.followed), Fare::rate(self.kept));
        (a.min(b), a + b)
    }
}

fn fare(set: &[&Labelled], scenarios: &HashMap<String, Arc<Scenario>>, reading: Reading) -> Fare {
    let mut fare = Fare::default();
    for l in set {
        let scenario = &scenarios[&l.scenario];
        let preview = Preview {
            node: l.node.clone(),
            mood: Mood::Annoyed,
        };
        let session = Session::start_from(scenario.clone(), 1, Some(preview)).unwrap();
        let meant = session.meant_option(matcher(), &l.text, reading);
        match l.means {
            Some(_) => {
                fare.followed.1 += 1;
                fare.followed.0 += usize::from(meant == l.means);
            }
            None => {
                fare.kept.1 += 1;
                fare.kept.0 += usize::from(meant.is_none());
            }
        }
    }
    fare
}

fn parts() -> (Vec<Labelled>, HashMap<String, Arc<Scenario>>) {
    let scenarios = shipped()
        .into_iter()
        .map(|s| (s.id.clone(), Arc::new(s)))
        .collect();
    (labelled(), scenarios)
}

#[test]
fn typed_replies_follow_the_option_they_mean_on_held_out_scenarios() {
    let (set, scenarios) = parts();
    let held: Vec<&Labelled> = set
        .iter()
        .filter(|l| !CALIBRATION.contains(&l.scenario.as_str()))
        .collect();
    assert!(held.len() > 200);
    let f = fare(&held, &scenarios, Reading::DEFAULT);
    println!("held out: {f:?}");
    // Measured: 161 of 177 and 42 of 44 (tests/routing/README.md); the goal is 90% of each.
    assert!(Fare::rate(f.followed) >= 0.90, "{f:?}");
    assert!(Fare::rate(f.kept) >= 0.90, "{f:?}");
}

/// Prints the reading the calibration scenarios choose and how it does on the held-out ones:
/// `cargo test --release --no-default-features --test core calibrate -- --ignored --nocapture`.
/// Of the readings within two points of the best (on the lower of the two rates), the strictest
/// is chosen: following an option the trainee did not mean answers words they never said,
/// which is worse than a customer who did not understand.
#[test]
#[ignore]
fn calibrate() {
    let (set, scenarios) = parts();
    let (cal, held): (Vec<&Labelled>, Vec<&Labelled>) = set
        .iter()
        .partition(|l| CALIBRATION.contains(&l.scenario.as_str()));
    let mut tried = Vec::new();
    for specific in [0.0, 0.8, 1.0, 1.2] {
        for share in [0.5, 0.6, 0.7, 0.8, 1.0] {
            for words in [0.1, 0.15, 0.2, 0.25] {
                for follow in [0.1, 0.15, 0.2, 0.25, 0.3] {
                    let reading = Reading {
                        follow_at: follow,
                        words_at: words,
                        words_share: share,
                        specific,
                    };
                    let f = fare(&cal, &scenarios, reading);
                    tried.push((reading, f.worth(), f));
                }
            }
        }
    }
    let best = tried.iter().map(|t| t.1.0).fold(0.0, f64::max);
    let (reading, _, f) = tried
        .iter()
        .filter(|t| t.1.0 >= best - 0.02)
        .max_by(|a, b| {
            let key = |r: &Reading| (r.specific, r.follow_at, r.words_at, -r.words_share);
            key(&a.0).partial_cmp(&key(&b.0)).unwrap()
        })
        .unwrap();
    println!("calibration: {reading:?} {f:?}");
    println!("held out with it: {:?}", fare(&held, &scenarios, *reading));
    println!(
        "the default: calibration {:?}, held out {:?}",
        fare(&cal, &scenarios, Reading::DEFAULT),
        fare(&held, &scenarios, Reading::DEFAULT)
    );
}

/// The lines the rulebook gives customers for one act.
fn bank(act: Act) -> Vec<Text> {
    matcher()
        .rulebook()
        .reactions
        .iter()
        .filter(|r| r.act == act)
        .flat_map(|r| r.lines.clone())
        .collect()
}

/// In every shipped scenario, through the session itself: a labelled paraphrase of an opening
/// option follows it; words no option says keep the customer at the opening, answering what
/// was said (a question back, filler, an offer) with a line for that act.
#[test]
fn in_every_scenario_the_customer_follows_what_was_meant_and_answers_the_rest_in_place() {
    let (rows, scenarios) = parts();
    let typed = |s: &Arc<Scenario>, text: &str| {
        let mut session = Session::start(s.clone(), 7).unwrap();
        session
            .reply(
                matcher(),
                ReplyInput {
                    choice: ReplyChoice::Text(text.into()),
                    seconds: None,
                    votes: None,
                },
            )
            .unwrap()
            .clone()
    };
    for (id, s) in &scenarios {
        let paraphrases: Vec<&Labelled> = rows
            .iter()
            .filter(|r| &r.scenario == id && r.node == s.start && r.means.is_some())
            .collect();
        assert!(!paraphrases.is_empty(), "{id}: no labelled paraphrase");
        let followed = paraphrases
            .iter()
            .filter(|r| typed(s, &r.text).option == r.means)
            .count();
        // Most of them, in every scenario; the whole set's 90% bar is the test above.
        assert!(
            followed * 10 >= paraphrases.len() * 7,
            "{id}: {followed} of {} paraphrases followed their option",
            paraphrases.len()
        );

        for (text, act) in [
            ("您好，请问有什么可以帮您？", Act::Question),
            ("嗯嗯，好的。", Act::Nothing),
            ("我给您送一张50元的代金券。", Act::Offer),
        ] {
            let turn = typed(s, text);
            assert_eq!(turn.option, None, "{id}: {text} followed an option");
            assert_eq!(turn.next, s.start, "{id}: {text} moved on");
            let understood = turn.understood.as_ref().unwrap();
            assert_eq!(understood.act, act, "{id}: {text}");
            if !s.customer.reactions.iter().any(|r| r.act == act) {
                assert!(
                    bank(act).contains(&turn.reaction),
                    "{id}: {:?}",
                    turn.reaction
                );
            }
            if act == Act::Offer {
                let fair = s.failure.fair_compensation;
                let expected = (fair > 0.0).then(|| 50.0 / fair);
                assert_eq!(turn.offer, expected, "{id}: the offer heard");
            }
        }
    }
}
