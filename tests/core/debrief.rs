//! The debrief teaches the course's own points and never contradicts itself: the author's note
//! on every reply, advice that never trades a better-graded reply for a worse one, a Chinese
//! debrief in Chinese, a last resort too soon shown as a fault, and a last line from the customer
//! that fits the verdict.

use std::process::Command;
use std::sync::Arc;

use counterplay::cli::debrief_text;
use counterplay::labels::Label;
use counterplay::lang::{Lang, Text};
use counterplay::rulebook::{Feature, PrincipleId};
use counterplay::scenario::{Grade, Outcome, Scenario, Trait};
use counterplay::scoring::{Debrief, FindingKind, describe, grade_taken, is_good};
use counterplay::session::{ReplyChoice, ReplyInput, Session, Tally, Transcript};

use crate::{matcher, shipped};

fn scenarios() -> Vec<Arc<Scenario>> {
    shipped().into_iter().map(Arc::new).collect()
}

/// The seeds sampled: the customer's jitter and line variants differ by seed.
const SEEDS: [u64; 3] = [1, 2, 3];

/// How a sampled trainee replies at each turn.
#[derive(Clone, Copy, Debug)]
enum Trainee {
    /// Always the first option of this grade (the first option when there is none).
    Graded(Grade),
    /// A fixed pseudo-random option at each turn, from this stream.
    Mixed(u64),
    /// The same kind words typed at every turn.
    Typed,
    /// The good options, each taking a minute (only a hurried customer minds).
    Slow,
    /// A class voting for the good option at every turn.
    Class,
    /// Two good replies, then leaves.
    Stops,
    /// Leaves before replying.
    Silent,
}

const TRAINEES: [Trainee; 13] = [
    Trainee::Graded(Grade::Good),
    Trainee::Graded(Grade::Mediocre),
    Trainee::Graded(Grade::Bad),
    Trainee::Mixed(1),
    Trainee::Mixed(2),
    Trainee::Mixed(3),
    Trainee::Mixed(4),
    Trainee::Mixed(5),
    Trainee::Typed,
    Trainee::Slow,
    Trainee::Class,
    Trainee::Stops,
    Trainee::Silent,
];

/// The option of `grade` here, else the first.
fn graded(session: &Session, grade: Grade) -> usize {
    session.option_of_grade(grade).unwrap_or(0)
}

/// Plays `who` from `seed` to the end (or where they stop).
fn play(s: &Arc<Scenario>, seed: u64, who: Trainee) -> Transcript {
    let mut session = Session::start(s.clone(), seed).unwrap();
    let mut stream = match who {
        Trainee::Mixed(k) => k.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ seed,
        _ => 0,
    };
    for turn in 0..50 {
        if session.is_over() {
            break;
        }
        let n = session.options().len();
        let good = graded(&session, Grade::Good);
        let input = match who {
            Trainee::Graded(g) => ReplyInput::option(graded(&session, g)),
            Trainee::Mixed(_) => {
                stream = stream
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                ReplyInput::option((stream >> 33) as usize % n)
            }
            Trainee::Typed => ReplyInput {
                choice: ReplyChoice::Text(counterplay::explore::GENERIC_ZH.into()),
                ..ReplyInput::option(0)
            },
            Trainee::Slow => ReplyInput {
                seconds: Some(60.0),
                ..ReplyInput::option(good)
            },
            Trainee::Class => {
                let votes = (0..n).map(|o| if o == good { 9 } else { 2 }).collect();
                ReplyInput::voted(Tally::of(votes))
            }
            Trainee::Stops if turn >= 2 => break,
            Trainee::Stops => ReplyInput::option(good),
            Trainee::Silent => break,
        };
        session.reply(matcher(), input).unwrap();
    }
    session.transcript().clone()
}

/// Every sampled play-through of every shipped scenario with its debrief.
fn sampled() -> &'static [(Arc<Scenario>, Trainee, Transcript, Debrief)] {
    static ALL: std::sync::OnceLock<Vec<(Arc<Scenario>, Trainee, Transcript, Debrief)>> =
        std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut cases = Vec::new();
        for s in scenarios() {
            for seed in SEEDS {
                for who in TRAINEES {
                    cases.push((s.clone(), seed, who));
                }
            }
        }
        counterplay::parallel::map(&cases, |(s, seed, who)| {
            let t = play(s, *seed, *who);
            let d = Debrief::of(matcher(), s, &t);
            (s.clone(), *who, t, d)
        })
    })
}

/// The reply each authored turn chose, from the scenario.
fn chosen<'a>(s: &'a Scenario, node: &str, option: usize) -> &'a counterplay::scenario::Reply {
    &s.node(node).unwrap().replies[option]
}

#[test]
fn every_reply_chosen_and_the_recommended_option_carry_the_authors_note() {
    let mut shown = 0;
    for (s, who, t, d) in sampled() {
        assert_eq!(d.notes.len(), t.turns.len());
        let text = debrief_text(matcher().rulebook(), s, t, d, Lang::Zh);
        for (turn, note) in t.turns.iter().zip(&d.notes) {
            match turn.choice {
                ReplyChoice::Option(o) => {
                    let why = chosen(s, &turn.node, o).why.as_ref();
                    assert_eq!(note.as_ref(), why, "{} {who:?}", s.id);
                    let why = why.expect("every shipped option explains its grade");
                    assert!(
                        text.contains(why.get(Lang::Zh)),
                        "{} {who:?}:\n{text}",
                        s.id
                    );
                    shown += 1;
                }
                // Typed words have no grade of their own, so no author wrote why.
                ReplyChoice::Text(_) => assert_eq!(note, &None),
            }
        }
        if let Some(a) = &d.alternative {
            let at = &t.turns[a.turn];
            let option = chosen(s, &at.node, a.option);
            assert_eq!(a.why.as_ref(), option.why.as_ref());
            assert_eq!(a.grade, option.grade);
            for lang in [Lang::Zh, Lang::En] {
                let text = debrief_text(matcher().rulebook(), s, t, d, lang);
                let why =
                    Label::AuthorWhy.fill(lang, &[("w", &option.why.as_ref().unwrap().get(lang))]);
                assert!(text.contains(&why), "{} {who:?}:\n{text}", s.id);
            }
        }
    }
    assert!(shown > 500, "only {shown} notes shown");
}

#[test]
fn the_json_of_run_carries_the_authors_note_per_turn_and_on_the_alternative() {
    let out = Command::new(env!("CARGO_BIN_EXE_counterplay"))
        .args([
            "run",
            "hotel_overbooking",
            "--replies",
            "3,2,3,2,2,3",
            "--json",
        ])
        .current_dir(crate::root())
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = scenarios()
        .into_iter()
        .find(|s| s.id == "hotel_overbooking")
        .unwrap();
    let turns = json["turns"].as_array().unwrap();
    assert_eq!(turns.len(), 6);
    for turn in turns {
        let node = turn["node"].as_str().unwrap();
        let option = turn["option"].as_u64().unwrap() as usize - 1;
        let why = chosen(&s, node, option).why.as_ref().unwrap().get(Lang::Zh);
        assert_eq!(turn["why"].as_str(), Some(why), "{turn}");
    }
    // The third reply gave ground; the recommended option says why it is better.
    let alt = &json["best_alternative"];
    let at = alt["turn"].as_u64().unwrap() as usize - 1;
    let option = alt["option"].as_u64().unwrap() as usize - 1;
    let node = turns[at]["node"].as_str().unwrap();
    let why = chosen(&s, node, option).why.as_ref().unwrap();
    assert_eq!(alt["why"].as_str(), Some(why.get(Lang::Zh)));
    assert_eq!(alt["grade"].as_str(), Some("good"));
    assert_eq!(json["all_best"].as_bool(), Some(false));
}

/// How the author grades an option, better higher.
fn rank(g: Option<Grade>) -> u8 {
    match g {
        Some(Grade::Good) => 3,
        Some(Grade::Mediocre) => 2,
        Some(Grade::Bad) => 1,
        None => 0,
    }
}

#[test]
fn the_advice_never_trades_down_and_says_every_step_was_best_only_when_it_was() {
    let mut claimed = 0;
    for (s, who, t, d) in sampled() {
        if let Some(a) = &d.alternative {
            let at = &t.turns[a.turn];
            let was = rank(grade_taken(s, at));
            assert!(
                rank(a.grade) >= was,
                "{} {who:?}: recommends a {:?} in place of a {:?} at reply {}",
                s.id,
                a.grade,
                grade_taken(s, at),
                a.turn + 1
            );
        }
        // True only when the conversation ended and every reply was an option graded the best
        // there was at its node.
        let best_everywhere = t.ending.is_some()
            && !t.turns.is_empty()
            && t.turns.iter().all(|turn| {
                let replies = &s.node(&turn.node).unwrap().replies;
                let top = replies.iter().map(|r| rank(r.grade)).max().unwrap();
                matches!(turn.choice, ReplyChoice::Option(_))
                    && turn.option.is_some_and(|o| rank(replies[o].grade) == top)
            });
        assert_eq!(d.all_best, best_everywhere, "{} {who:?}", s.id);
        for lang in [Lang::Zh, Lang::En] {
            let text = debrief_text(matcher().rulebook(), s, t, d, lang);
            let says = text.contains(Label::NoAlternative.get(lang));
            assert_eq!(
                says,
                best_everywhere && d.alternative.is_none(),
                "{} {who:?}:\n{text}",
                s.id
            );
            if says {
                claimed += 1;
            }
            // With no change to recommend and not every step the best, it says so and names
            // every better-graded option not taken.
            if d.alternative.is_none() && !says && !t.turns.is_empty() {
                assert!(text.contains(Label::NoSingleGain.get(lang)), "{text}");
                for m in &d.missed {
                    let turn = &t.turns[m.turn];
                    assert!(rank(m.grade) > rank(grade_taken(s, turn)));
                    assert!(text.contains(m.text.get(lang)), "{text}");
                }
            }
        }
        if matches!(who, Trainee::Silent | Trainee::Stops) {
            assert!(!d.all_best, "{} {who:?}", s.id);
        }
    }
    assert!(
        claimed > 0,
        "no sampled play-through was the best everywhere"
    );
}

#[test]
fn an_equally_scoring_mediocre_reply_is_named_not_called_the_best() {
    // The explored best path takes the mediocre option at reply 5 and loses nothing for it.
    let s = scenarios()
        .into_iter()
        .find(|s| s.id == "hotel_overbooking")
        .unwrap();
    let mut session = Session::start(s.clone(), 1).unwrap();
    for o in [3, 2, 2, 2, 1, 3] {
        session.reply(matcher(), ReplyInput::option(o - 1)).unwrap();
    }
    let t = session.transcript();
    assert_eq!(t.ending.as_ref().unwrap().outcome, Outcome::Resolved);
    let d = Debrief::of(matcher(), &s, t);
    assert!(!d.all_best);
    assert!(
        d.missed
            .iter()
            .any(|m| (m.turn + 1, m.option + 1) == (5, 2)),
        "{:?}",
        d.missed
    );
    let text = debrief_text(matcher().rulebook(), &s, t, &d, Lang::Zh);
    assert!(!text.contains("每一步都已是最好的选择"), "{text}");
    if d.alternative.is_none() {
        assert!(text.contains("换掉任何一句回答都不会多得分。"), "{text}");
        assert!(
            text.contains("第 5 句:选项 2「车和司机我现在就给您登记好"),
            "{text}"
        );
    }
}

/// Words in Latin letters a Chinese debrief may show besides the scenario's id: what the shipped
/// scenarios' authors wrote in their Chinese text, as the course decks do. Nothing the program
/// itself says.
const AUTHORED_LATIN: [&str; 8] = [
    // noisy_hall: the customer demands a VIP room.
    "VIP",
    // Course 004's SERVICE acronym, quoted with its English in the Chinese deck:
    // "“I”邀请每位客户再度光临(Inviting your customer to return)".
    "SERVICE", "I", "Inviting", "your", "customer", "to", "return",
];

/// The runs of Latin letters (with the digits, `_` and `-` joined to them) in `line`.
fn latin_words(line: &str) -> Vec<&str> {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .collect()
}

#[test]
fn a_chinese_debrief_names_every_cause_and_term_in_chinese() {
    let mut causes = std::collections::BTreeSet::new();
    for (s, who, t, d) in sampled() {
        let text = debrief_text(matcher().rulebook(), s, t, d, Lang::Zh);
        for line in text.lines() {
            for w in latin_words(line) {
                assert!(
                    w == s.id || AUTHORED_LATIN.contains(&w),
                    "{} {who:?}: `{w}` in the Chinese debrief line\n{line}",
                    s.id
                );
            }
        }
        for turn in &t.turns {
            causes.extend(
                turn.anger_terms
                    .iter()
                    .map(|term| format!("{:?}", term.cause)),
            );
        }
    }
    // The sample moves the mood for every kind of reason there is.
    let every = [
        "Drift",
        "NoProgress",
        "Hesitation",
        "Limit",
        "Feature(Banned)",
        "ReRaise",
        "RefusedNamedPerson",
    ];
    for cause in every {
        assert!(
            causes.contains(cause),
            "no sampled reply moved anger by {cause}: {causes:?}"
        );
    }
}

/// The shipped scenario with this trait and the most nodes.
fn with_trait(t: Trait) -> Arc<Scenario> {
    scenarios()
        .into_iter()
        .filter(|s| s.customer.r#trait == t)
        .max_by_key(|s| s.nodes.len())
        .unwrap()
}

#[test]
fn a_last_resort_too_soon_is_a_fault_that_names_the_principle_it_breaks() {
    let threat = "您要是不满意，可以去12315投诉，或者申请仲裁。";
    for t in [
        Trait::None,
        Trait::Rush,
        Trait::Repeat,
        Trait::OneToOne,
        Trait::Unreasonable,
    ] {
        let s = match t {
            Trait::None => scenarios()
                .into_iter()
                .find(|s| s.customer.r#trait == Trait::None)
                .unwrap(),
            t => with_trait(t),
        };
        let mut session = Session::start(s.clone(), 1).unwrap();
        let input = ReplyInput {
            choice: ReplyChoice::Text(threat.into()),
            ..ReplyInput::option(0)
        };
        session.reply(matcher(), input).unwrap();
        let transcript = session.transcript();
        assert!(transcript.turns[0].features.has(Feature::LastResort));
        let d = Debrief::of(matcher(), &s, transcript);
        let fault = d.findings[0]
            .iter()
            .find(|f| {
                matches!(
                    f.kind,
                    FindingKind::TooSoon {
                        feature: Feature::LastResort
                    } | FindingKind::StrategyBreach {
                        feature: Feature::LastResort
                    }
                )
            })
            .unwrap_or_else(|| panic!("{}: {:?}", s.id, d.findings[0]));
        assert!(!is_good(fault));
        assert_eq!(
            fault.principle,
            Some(PrincipleId::Responsibility),
            "{}",
            s.id
        );
        assert!(!fault.note.get(Lang::Zh).is_empty());
        assert!(
            !d.findings[0].iter().any(|f| f.kind
                == FindingKind::Good {
                    feature: Feature::LastResort
                }),
            "{}",
            s.id
        );
        let text = debrief_text(matcher().rulebook(), &s, transcript, &d, Lang::Zh);
        let line = format!("- {}", describe(matcher().rulebook(), fault, Lang::Zh));
        assert!(text.contains(&line), "{text}");
        assert!(line.contains("[负责任]"), "{line}");
        assert!(!text.contains("+ 最后手段"), "{text}");
    }
}

#[test]
fn a_threat_of_the_police_is_a_fault_and_the_calm_last_resort_in_its_place_is_credited() {
    // The unreasonable customers' scenarios offer both: "你有完没完？再闹我就报警了！" and, once
    // the fair remedy has been given and the customer is still furious, third-party mediation.
    for s in scenarios()
        .iter()
        .filter(|s| s.customer.r#trait == Trait::Unreasonable)
    {
        let (mut credited, mut faulted) = (0, 0);
        walk(s, 1, &mut |t: &Transcript| {
            for (i, turn) in t.turns.iter().enumerate() {
                if !turn.features.has(Feature::LastResort) {
                    continue;
                }
                let findings =
                    counterplay::scoring::reply_findings(matcher().rulebook(), s, &t.turns, i);
                let good = findings.iter().any(|f| {
                    f.kind
                        == FindingKind::Good {
                            feature: Feature::LastResort,
                        }
                });
                let fault = findings.iter().any(|f| {
                    !is_good(f)
                        && f.principle == Some(PrincipleId::Responsibility)
                        && matches!(
                            f.kind,
                            FindingKind::TooSoon {
                                feature: Feature::LastResort
                            } | FindingKind::StrategyBreach {
                                feature: Feature::LastResort
                            }
                        )
                });
                let furious = i > 0 && t.turns[i - 1].anger >= 0.85 - 1e-9;
                let provoked = turn.features.iter().any(|(f, _)| f.is_provocation());
                assert_eq!(good, furious && !provoked, "{} {findings:?}", s.id);
                assert_eq!(fault, !good, "{} {findings:?}", s.id);
                // The model agrees: only the credited one refers the customer.
                if t.ending.as_ref().map(|e| e.outcome) == Some(Outcome::Referred)
                    && i + 1 == t.turns.len()
                {
                    assert!(good, "{}", s.id);
                }
                credited += usize::from(good);
                faulted += usize::from(fault);
            }
        });
        assert!(
            credited > 0 && faulted > 0,
            "{}: {credited} {faulted}",
            s.id
        );
    }
}

/// Calls `visit` with every complete play-through of `s` from `seed`.
fn walk(s: &Arc<Scenario>, seed: u64, visit: &mut dyn FnMut(&Transcript)) {
    fn go(session: Session, visit: &mut dyn FnMut(&Transcript)) {
        if session.is_over() {
            visit(session.transcript());
            return;
        }
        for o in 0..session.options().len() {
            let mut next = session.clone();
            next.reply(matcher(), ReplyInput::option(o)).unwrap();
            go(next, visit);
        }
    }
    go(Session::start(s.clone(), seed).unwrap(), visit);
}

#[test]
fn the_customers_last_line_fits_the_verdict_on_every_path() {
    let checked = counterplay::parallel::map(&scenarios(), |s| {
        let lines = |resolved: bool| -> Vec<&Text> {
            s.nodes
                .iter()
                .filter(|n| n.end.is_some_and(|e| (e == Outcome::Resolved) == resolved))
                .flat_map(|n| n.lines.iter().map(|l| &l.text))
                .collect()
        };
        let (happy, unhappy) = (lines(true), lines(false));
        let mut paths = 0;
        for seed in counterplay::explore::DEFAULT_SEEDS {
            walk(s, seed, &mut |t: &Transcript| {
                paths += 1;
                let outcome = t.ending.as_ref().unwrap().outcome;
                let last = &t.turns.last().unwrap().reaction;
                let replies: Vec<usize> = t
                    .turns
                    .iter()
                    .map(|t| t.option.map_or(0, |o| o + 1))
                    .collect();
                for lang in [Lang::Zh, Lang::En] {
                    assert!(
                        !last.get(lang).trim().is_empty(),
                        "{} seed {seed} {replies:?}: no last line",
                        s.id
                    );
                }
                let wrong = if outcome == Outcome::Resolved {
                    &unhappy
                } else {
                    &happy
                };
                assert!(
                    !wrong.contains(&last),
                    "{} seed {seed} {replies:?} ends {outcome:?} with {:?}",
                    s.id,
                    last.get(Lang::Zh)
                );
            });
        }
        paths
    });
    assert!(checked.iter().all(|n| *n > 100), "{checked:?}");
}

#[test]
fn an_overruled_happy_ending_at_the_hotel_leaves_without_the_thanks() {
    let s = scenarios()
        .into_iter()
        .find(|s| s.id == "hotel_overbooking")
        .unwrap();
    let mut session = Session::start(s.clone(), 1).unwrap();
    for o in [1, 1, 1, 4, 2, 1, 3] {
        session.reply(matcher(), ReplyInput::option(o - 1)).unwrap();
    }
    let t = session.transcript();
    assert_eq!(t.ending.as_ref().unwrap().outcome, Outcome::Unresolved);
    let last = &t.turns.last().unwrap().reaction;
    assert!(
        !last.get(Lang::Zh).contains("我也没什么好说的了"),
        "{last:?}"
    );
    assert_eq!(last, &Label::ClosingUnresolved.text());
}

#[test]
fn listening_counts_toward_guiding() {
    let s = with_trait(Trait::Rush);
    let mut session = Session::start(s.clone(), 1).unwrap();
    let input = ReplyInput {
        choice: ReplyChoice::Text("您慢慢说，我在听。".into()),
        ..ReplyInput::option(0)
    };
    session.reply(matcher(), input).unwrap();
    let t = session.transcript();
    let d = Debrief::of(matcher(), &s, t);
    let listen = d.findings[0]
        .iter()
        .find(|f| {
            f.kind
                == FindingKind::Good {
                    feature: Feature::Listen,
                }
        })
        .unwrap();
    assert_eq!(listen.principle, Some(PrincipleId::Guiding));
    let guiding = d
        .score
        .principles
        .iter()
        .find(|(p, _)| *p == PrincipleId::Guiding);
    assert_eq!(guiding.map(|(_, v)| *v), Some(100));
}

/// The course's lessons on its own path: every "a bit more" this customer needs is earned, and
/// every motive that weighs is met; a trainee who gives the shortest answers misses
/// some of both.
#[test]
fn the_courses_path_earns_every_bit_more_the_customer_needs_and_meets_their_motives() {
    use counterplay::scoring::Debrief;
    for s in scenarios() {
        let course = play(&s, 1, Trainee::Graded(Grade::Good));
        let lessons = Debrief::of(matcher(), &s, &course).lessons;
        for b in &lessons.five {
            assert!(
                !b.needed || b.turn.is_some(),
                "{}: {:?} not earned",
                s.id,
                b.bit
            );
        }
        assert!(lessons.justice.is_some(), "{}", s.id);
        // The motives that weigh (a quarter or more, as `list` shows them).
        for m in lessons.motives.iter().filter(|m| m.weight >= 0.25) {
            assert!(m.met, "{}: {:?} not met", s.id, m.motive);
        }
        assert!(lessons.figures.len() >= 2, "{}", s.id);
        let curt = play(&s, 1, Trainee::Graded(Grade::Bad));
        let lessons = Debrief::of(matcher(), &s, &curt).lessons;
        assert!(
            lessons.five.iter().any(|b| b.needed && b.turn.is_none())
                || lessons.motives.iter().any(|m| !m.met),
            "{}: the bad path earns everything",
            s.id
        );
    }
}
