//! The session engine on the shipped scenarios: determinism, replay, best and worst paths.

use std::sync::Arc;

use counterplay::explore::explore;
use counterplay::lang::Text;
use counterplay::rulebook::Act;
use counterplay::scenario::{Grade, Outcome, Scenario, load_paths};
use counterplay::scoring::score;
use counterplay::session::{ReplyChoice, ReplyInput, Session, SessionError, Tally, Transcript};
use proptest::prelude::*;

use crate::{ctx, matcher, project};

/// The shipped scenarios, loaded once.
fn scenarios() -> &'static [Arc<Scenario>] {
    static ALL: std::sync::OnceLock<Vec<Arc<Scenario>>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let (loaded, _) = load_paths(&[project("scenarios")], ctx());
        loaded
            .into_iter()
            .filter_map(|f| f.scenario)
            .map(Arc::new)
            .collect()
    })
}

/// A shipped scenario chosen by a generated number.
fn nth(which: usize) -> &'static Arc<Scenario> {
    &scenarios()[which % scenarios().len()]
}

/// Plays the first option of `grade` at every node.
fn play_grade(s: &Arc<Scenario>, grade: Grade, seed: u64) -> Transcript {
    let mut session = Session::start(s.clone(), seed).unwrap();
    while !session.is_over() {
        let i = session.option_of_grade(grade).unwrap_or(0);
        session.reply(matcher(), ReplyInput::option(i)).unwrap();
    }
    session.transcript().clone()
}

/// Plays `picks` (taken modulo the options there) until the end or until they run out.
fn play_picks(s: &Arc<Scenario>, seed: u64, picks: &[usize]) -> Session {
    let mut session = Session::start(s.clone(), seed).unwrap();
    for &p in picks {
        if session.is_over() {
            break;
        }
        let n = session.options().len();
        session.reply(matcher(), ReplyInput::option(p % n)).unwrap();
    }
    session
}

#[test]
fn good_replies_resolve_and_bad_ones_do_not() {
    for s in scenarios() {
        for seed in 1..=3 {
            let good = play_grade(s, Grade::Good, seed);
            let ending = good.ending.as_ref().unwrap();
            assert_eq!(ending.outcome, Outcome::Resolved, "{} seed {seed}", s.id);
            assert!(
                good.turns.len() >= 5,
                "{}: {} turns",
                s.id,
                good.turns.len()
            );
            let bad = play_grade(s, Grade::Bad, seed);
            let ending = bad.ending.as_ref().unwrap();
            assert_ne!(ending.outcome, Outcome::Resolved, "{} seed {seed}", s.id);
            let book = matcher().rulebook();
            assert!(
                score(book, s, &good).total > score(book, s, &bad).total + 40,
                "{}",
                s.id
            );
        }
    }
}

#[test]
fn replaying_a_transcript_reproduces_it_exactly() {
    for s in scenarios() {
        let played = play_picks(s, 42, &[1, 0, 2, 1, 1, 0, 1, 2, 1, 1, 1, 1]);
        let original = played.transcript().clone();
        // Through JSON, as a saved transcript would be.
        let json = serde_json::to_string(&original).unwrap();
        let saved: Transcript = serde_json::from_str(&json).unwrap();
        let replayed = Session::replay(s.clone(), matcher(), &saved).unwrap();
        assert_eq!(replayed.transcript(), &original, "{}", s.id);
        assert_eq!(serde_json::to_string(replayed.transcript()).unwrap(), json);
    }
}

#[test]
fn typed_provocation_no_option_says_is_answered_in_place() {
    let s = scenarios().iter().find(|s| s.id == "card_wait").unwrap();
    let mut session = Session::start(s.clone(), 1).unwrap();
    let turn = session
        .reply(
            matcher(),
            ReplyInput {
                choice: ReplyChoice::Text("这是规定，我也没办法，你等着吧".into()),
                seconds: Some(4.0),
                votes: None,
            },
        )
        .unwrap()
        .clone();
    assert!(!turn.banned.is_empty());
    // No option of the opening says this: the customer stays and answers the provocation.
    assert_eq!(turn.option, None);
    assert_eq!(turn.next, turn.node);
    assert_eq!(turn.understood.as_ref().unwrap().act, Act::Provoked);
    let provoked: Vec<&Text> = matcher()
        .rulebook()
        .reactions
        .iter()
        .filter(|r| r.act == Act::Provoked)
        .flat_map(|r| &r.lines)
        .collect();
    assert!(provoked.contains(&&turn.reaction), "{:?}", turn.reaction);
    assert!(turn.anger > 0.7, "anger {}", turn.anger);
}

#[test]
fn a_hurried_customer_minds_a_slow_reply_and_others_do_not() {
    for s in scenarios() {
        // A plain reply, so neither anger nor patience is pinned at its limit.
        let bad = s
            .node(&s.start)
            .unwrap()
            .replies
            .iter()
            .position(|r| r.grade == Some(counterplay::scenario::Grade::Bad))
            .unwrap();
        let quick = {
            let mut session = Session::start(s.clone(), 3).unwrap();
            session
                .reply(
                    matcher(),
                    ReplyInput {
                        choice: ReplyChoice::Option(bad),
                        seconds: Some(2.0),
                        votes: None,
                    },
                )
                .unwrap()
                .clone()
        };
        let slow = {
            let mut session = Session::start(s.clone(), 3).unwrap();
            session
                .reply(
                    matcher(),
                    ReplyInput {
                        choice: ReplyChoice::Option(bad),
                        seconds: Some(90.0),
                        votes: None,
                    },
                )
                .unwrap()
                .clone()
        };
        if s.customer.r#trait == counterplay::scenario::Trait::Rush {
            assert!(slow.patience < quick.patience, "{}", s.id);
            assert!(slow.anger > quick.anger, "{}", s.id);
        } else {
            assert_eq!(slow.patience, quick.patience, "{}", s.id);
            assert_eq!(slow.anger, quick.anger, "{}", s.id);
        }
    }
}

#[test]
fn wrong_replies_are_refused_without_changing_anything() {
    let s = scenarios()[0].clone();
    let mut session = Session::start(s, 1).unwrap();
    let before = session.transcript().clone();
    let n = session.options().len();
    assert_eq!(
        session.reply(matcher(), ReplyInput::option(n)),
        Err(SessionError::NoSuchOption(n, n))
    );
    let empty = ReplyInput {
        choice: ReplyChoice::Text("  ".into()),
        seconds: None,
        votes: None,
    };
    assert_eq!(
        session.reply(matcher(), empty),
        Err(SessionError::EmptyReply)
    );
    assert_eq!(session.transcript(), &before);
    while !session.is_over() {
        session.reply(matcher(), ReplyInput::option(0)).unwrap();
    }
    assert_eq!(
        session.reply(matcher(), ReplyInput::option(0)),
        Err(SessionError::Ended)
    );
}

#[test]
fn explore_finds_a_resolved_best_path_a_worse_worst_and_no_loose_nodes() {
    for s in scenarios() {
        // Five seeds: a walk-out that needs a short-tempered customer is drawn now and then.
        let found = explore(s, matcher(), 1..=5).unwrap();
        assert!(!found.truncated, "{}", s.id);
        assert_eq!(found.best.outcome, Outcome::Resolved, "{}", s.id);
        assert_ne!(found.worst.outcome, Outcome::Resolved, "{}", s.id);
        assert!(found.worst.score < found.best.score, "{}", s.id);
        assert_eq!(found.unreachable, Vec::<String>::new(), "{}", s.id);
        assert_eq!(found.dead_ends, Vec::<String>::new(), "{}", s.id);
        // The best path replays to what explore reported.
        let picks: Vec<usize> = found.best.replies.iter().map(|r| r - 1).collect();
        let session = play_picks(s, found.best.seed, &picks);
        assert_eq!(
            score(matcher().rulebook(), s, session.transcript()).total,
            found.best.score
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Same seed and replies, same transcript and score; another seed changes only what the
    /// scenario draws at random (the customer's jitter and line variants), never the path's
    /// shape before the model's thresholds.
    #[test]
    fn same_seed_and_replies_give_the_same_transcript(
        which in 0usize..16,
        seed in any::<u64>(),
        picks in proptest::collection::vec(0usize..3, 1..14),
    ) {
        let s = nth(which);
        let a = play_picks(s, seed, &picks);
        let b = play_picks(s, seed, &picks);
        prop_assert_eq!(a.transcript(), b.transcript());
        let book = matcher().rulebook();
        prop_assert_eq!(score(book, s, a.transcript()), score(book, s, b.transcript()));
        let other = play_picks(s, seed.wrapping_add(1), &picks);
        let (x, y) = (a.transcript(), other.transcript());
        // The first reply is heard at the same node with the same words whatever the seed.
        prop_assert_eq!(&x.turns[0].node, &y.turns[0].node);
        prop_assert_eq!(&x.turns[0].said, &y.turns[0].said);
        prop_assert_eq!(&x.turns[0].features, &y.turns[0].features);
    }

    /// Whatever is chosen, the state stays in range and the session ends by the turn limit.
    #[test]
    fn every_session_ends_within_the_turn_limit(
        which in 0usize..16,
        seed in any::<u64>(),
        picks in proptest::collection::vec(0usize..3, 60),
    ) {
        let s = nth(which);
        let session = play_picks(s, seed, &picks);
        prop_assert!(session.is_over());
        let limit = session.customer().params.max_turns as usize;
        prop_assert!(session.transcript().turns.len() <= limit);
        for t in &session.transcript().turns {
            for v in [t.anger, t.trust, t.patience] {
                prop_assert!((0.0..=1.0).contains(&v));
            }
        }
    }
}

#[test]
fn a_saved_result_replays_to_the_same_score_after_a_round_trip_through_disk() {
    use counterplay::results::{ResultStore, SavedResult};
    let s = scenarios().iter().find(|s| s.id == "card_wait").unwrap();
    let played = play_grade(s, Grade::Good, 5);
    let book = matcher().rulebook();
    let points = score(book, s, &played);
    let saved = SavedResult::scored(
        &points,
        &s.title,
        played.clone(),
        "王小明",
        None,
        1_790_000_000,
        180,
    );
    assert_eq!(saved.outcome, "resolved");
    assert!(saved.passed);
    let dir = std::env::temp_dir().join(format!("counterplay-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let profile = ResultStore::at(&dir).profile("王小明").unwrap();
    // A session in progress resumes exactly where it stopped.
    let mut partial = played.clone();
    partial.turns.truncate(3);
    partial.ending = None;
    profile.autosave(&partial).unwrap();
    let resumed = profile.in_progress().unwrap().unwrap().unwrap();
    let session = Session::replay(s.clone(), matcher(), &resumed).unwrap();
    assert_eq!(session.transcript(), &partial);
    assert!(!session.is_over());
    // The finished one is in history and replays to the score it was saved with.
    profile.save_result(&saved).unwrap();
    let history = profile.history().unwrap();
    assert_eq!(history.results, vec![saved.clone()]);
    let replayed = Session::replay(s.clone(), matcher(), &history.results[0].transcript).unwrap();
    assert_eq!(score(book, s, replayed.transcript()).total, saved.score);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_preview_starts_at_the_chosen_node_in_the_chosen_mood_and_replays() {
    use counterplay::scenario::Mood;
    use counterplay::scoring::Debrief;
    use counterplay::session::Preview;
    let s = scenarios().iter().find(|s| s.id == "card_wait").unwrap();
    let preview = Preview {
        node: "angrier".into(),
        mood: Mood::Furious,
    };
    let mut session = Session::start_from(s.clone(), 5, Some(preview.clone())).unwrap();
    assert_eq!(session.node().id, "angrier");
    assert_eq!(
        Mood::of_anger(session.customer().state.anger),
        Mood::Furious
    );
    // The line is the one the node has for a furious customer, if it has one.
    let node = s.node("angrier").unwrap();
    if let Some(furious) = node.lines.iter().find(|l| l.mood == Some(Mood::Furious)) {
        assert_eq!(session.line(), &furious.text);
    }
    while !session.is_over() {
        let i = session.option_of_grade(Grade::Good).unwrap_or(0);
        session.reply(matcher(), ReplyInput::option(i)).unwrap();
    }
    let transcript = session.transcript().clone();
    assert_eq!(transcript.preview, Some(preview));
    let replayed = Session::replay(s.clone(), matcher(), &transcript).unwrap();
    assert_eq!(replayed.transcript(), &transcript);
    // The debrief's alternatives start from the same place.
    let debrief = Debrief::of(matcher(), s, &transcript);
    assert_eq!(debrief.findings.len(), transcript.turns.len());

    let end = Preview {
        node: "resolved".into(),
        mood: Mood::Calm,
    };
    assert_eq!(
        Session::start_from(s.clone(), 5, Some(end)).unwrap_err(),
        SessionError::EndNode("resolved".into())
    );
}

#[test]
fn an_overruled_happy_ending_leaves_with_a_line_for_the_verdict_never_the_thanks() {
    use counterplay::scenario::load_str;
    // One apology is not enough for this customer to be satisfied (the guide's first draft).
    let draft = |branches: &str| {
        format!(
            r#"(
    version: 1, id: "draft", title: (zh: "扣费", en: "A charge"),
    setting: BusinessHall, difficulty: 1,
    failure: (kind: Outcome, magnitude: 0.3, promised: (zh: "退订", en: "Cancelled"),
        delivered: (zh: "又扣了", en: "Charged again")),
    customer: (name: (zh: "李女士", en: "Ms Li"),
        motives: (respect: 0.3, venting: 0.3, compensation: 0.4)),
    start: "open",
    nodes: [
        (id: "open", lines: [(text: (zh: "怎么还扣钱？", en: "Why was I charged?"))],
            replies: [(text: (zh: "对不起，我现在就帮您查。", en: "Sorry, I'll check right away."),
                grade: Good, next: "thanks", branches: [{branches}])]),
        (id: "thanks", lines: [(text: (zh: "好，谢谢。", en: "Good, thanks."))], end: Resolved),
        (id: "frowning", lines: [(text: (zh: "（皱着眉走了。）", en: "(Leaves, frowning.)"))],
            end: Unresolved),
    ],
)"#
        )
    };
    let play = |src: String| {
        let file = load_str(std::path::Path::new("draft.ron"), &src, ctx());
        let s = Arc::new(
            file.scenario
                .unwrap_or_else(|| panic!("{:?}", file.diagnostics)),
        );
        let mut session = Session::start(s, 1).unwrap();
        session.reply(matcher(), ReplyInput::option(0)).unwrap();
        assert!(session.is_over());
        let t = session.transcript().clone();
        assert_eq!(t.ending.as_ref().unwrap().outcome, Outcome::Unresolved);
        let last = t.turns.last().unwrap().clone();
        (last.next, last.reaction.en.unwrap_or_default())
    };
    // Without a branch the customer does not say the authored thanks: no authored line fits,
    // so they leave as an unresolved customer does...
    let unresolved = counterplay::labels::Label::ClosingUnresolved.get(counterplay::lang::Lang::En);
    assert_eq!(play(draft("")), (String::new(), unresolved.to_owned()));
    // ...and with one, the author's line.
    assert_eq!(
        play(draft(r#"(when: Ends(Unresolved), to: "frowning")"#)),
        ("frowning".into(), "(Leaves, frowning.)".into())
    );
}

#[test]
fn a_class_vote_plays_the_majority_is_kept_in_the_transcript_and_split_in_the_debrief() {
    use counterplay::scoring::Debrief;
    use counterplay::session::SessionError;
    let s = scenarios().iter().find(|s| s.id == "card_wait").unwrap();
    let mut session = Session::start(s.clone(), 3).unwrap();
    // Tallies that do not fit the options, name no choice (no votes, a tie) or play an option
    // the class did not choose are refused without changing anything.
    let tallies = [
        (None, vec![4, 2]),
        (None, vec![0, 0, 0]),
        (None, vec![5, 5, 1]),
        (Some(2), vec![9, 1, 3]),
    ];
    for (played, tally) in tallies {
        let mut input = ReplyInput::voted(Tally::of(tally));
        if let Some(o) = played {
            input.choice = ReplyChoice::Option(o);
        }
        let refused = session.reply(matcher(), input);
        assert!(
            matches!(refused, Err(SessionError::Tally(_))),
            "{refused:?}"
        );
    }
    assert!(session.transcript().turns.is_empty());
    // Reply 1: most of the class chooses the good option; reply 2 is timed by nobody (the
    // seconds are dropped); reply 3 is answered without a vote.
    let good = session.option_of_grade(Grade::Good).unwrap();
    let mut first = Tally::empty(session.options().len());
    for o in 0..session.options().len() {
        first.set(o, if o == good { 14 } else { 3 });
    }
    session
        .reply(matcher(), ReplyInput::voted(first.clone()))
        .unwrap();
    assert_eq!(session.transcript().turns[0].option, Some(good));
    let n = session.options().len();
    let second = Tally::of((0..n as u32).map(|i| if i == 1 { 6 } else { 1 }).collect());
    session
        .reply(
            matcher(),
            ReplyInput {
                seconds: Some(600.0),
                ..ReplyInput::voted(second.clone())
            },
        )
        .unwrap();
    assert_eq!(session.transcript().turns[1].seconds, None);
    if !session.is_over() {
        session.reply(matcher(), ReplyInput::option(0)).unwrap();
    }
    let transcript = session.transcript().clone();
    assert_eq!(transcript.turns[0].votes.as_ref(), Some(&first));
    assert_eq!(transcript.turns[1].votes.as_ref(), Some(&second));
    assert_eq!(transcript.turns.get(2).and_then(|t| t.votes.clone()), None);

    // The votes survive a save and replay to the same transcript.
    let json = serde_json::to_string(&transcript).unwrap();
    let back: Transcript = serde_json::from_str(&json).unwrap();
    let replayed = Session::replay(s.clone(), matcher(), &back).unwrap();
    assert_eq!(replayed.transcript(), &transcript);

    // The debrief splits the two voted replies, each option played by the engine.
    let debrief = Debrief::of(matcher(), s, &transcript);
    assert_eq!(debrief.class.len(), 2);
    for (split, tally) in debrief.class.iter().zip([&first, &second]) {
        let turn = &transcript.turns[split.turn];
        assert_eq!(split.total, tally.iter().sum::<u32>());
        assert_eq!(split.options.len(), tally.len());
        let played: Vec<_> = split.options.iter().filter(|o| o.played).collect();
        assert_eq!(played.len(), 1);
        assert_eq!(Some(played[0].option), turn.option);
        // The played option's consequences are the ones the class saw.
        assert_eq!(played[0].anger, turn.anger);
        for o in &split.options {
            assert_eq!(o.votes, tally[o.option]);
        }
    }
    // The options differ in what they do: the engine, not a copy of one result.
    let angers: Vec<f64> = debrief.class[0].options.iter().map(|o| o.anger).collect();
    assert!(angers.iter().any(|a| *a != angers[0]), "{angers:?}");
    let bad = debrief.class[0]
        .options
        .iter()
        .find(|o| o.grade == Some(Grade::Bad))
        .unwrap();
    assert!(!bad.banned.is_empty() && bad.anger > debrief.class[0].options[good].anger);
}
