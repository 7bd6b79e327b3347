//! An attempt from the first line to the filed result, as the game and the terminal play it:
//! saved for resuming after every reply, scored once at the end and filed; a preview never
//! touches the history; an unfinished conversation is kept rather than lost.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use counterplay::results::{Attempt, Player, Progress, ResultStore};
use counterplay::scenario::{Grade, Mood, Scenario};
use counterplay::scoring::{Debrief, score};
use counterplay::session::{Preview, ReplyInput, Session};

use crate::{matcher, shipped};

fn card_wait() -> Arc<Scenario> {
    Arc::new(shipped().into_iter().find(|s| s.id == "card_wait").unwrap())
}

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("counterplay-attempt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn player(dir: &PathBuf) -> Player {
    Player {
        profile: ResultStore::at(dir).profile("王小明").unwrap(),
        group: Some("2026春".into()),
    }
}

/// Replies with the good option until the end, checking what is saved after each reply.
fn play_good(attempt: &mut Attempt, player: &Player) -> Box<counterplay::results::Finish> {
    let mut now = 1_000;
    loop {
        let good = attempt.session().option_of_grade(Grade::Good).unwrap();
        now += 20;
        match attempt
            .reply(matcher(), ReplyInput::option(good), now)
            .unwrap()
        {
            Progress::Continued(problem) => {
                assert!(problem.is_none(), "{problem:?}");
                let saved = player.profile.in_progress().unwrap().unwrap().unwrap();
                assert_eq!(&saved, attempt.session().transcript());
            }
            Progress::Finished(finish) => return finish,
        }
    }
}

#[test]
fn a_finished_attempt_is_scored_once_filed_and_its_autosave_forgotten() {
    let dir = scratch("finish");
    let player = player(&dir);
    let scenario = card_wait();
    let mut attempt =
        Attempt::start(scenario.clone(), 4, None, Some(player.clone()), 1_000).unwrap();
    let finish = play_good(&mut attempt, &player);

    // The result carries the debrief's own score: what the trainee saw is what is filed.
    assert_eq!(finish.result.score, finish.debrief.score.total);
    assert_eq!(finish.result.passed, finish.debrief.score.passed);
    assert_eq!(
        finish.result.pass_mark,
        Some(finish.debrief.score.pass_mark)
    );
    let again = Debrief::of(matcher(), &scenario, finish.transcript());
    assert_eq!(finish.debrief, again);
    assert_eq!(finish.result.trainee, "王小明");
    assert_eq!(finish.result.group.as_deref(), Some("2026春"));
    assert_eq!(
        finish.result.finished_at,
        1_000 + 20 * finish.transcript().turns.len() as u64
    );
    assert_eq!(
        finish.result.duration_seconds,
        20 * finish.transcript().turns.len() as u64
    );

    // The opening mood is the session's own, not a replay's guess.
    let fresh = Session::start(scenario.clone(), 4).unwrap();
    assert_eq!(finish.opening, fresh.customer().state);

    // Filed once, and the autosave is gone.
    let path = finish.saved.as_ref().unwrap().as_ref().unwrap();
    assert!(path.exists());
    let history = player.profile.history().unwrap();
    assert_eq!(history.results, vec![finish.result.clone()]);
    assert!(player.profile.in_progress().unwrap().is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_preview_is_neither_autosaved_nor_filed() {
    let dir = scratch("preview");
    let player = player(&dir);
    let scenario = card_wait();
    let late = scenario
        .nodes
        .iter()
        .find(|n| n.id != scenario.start && !n.replies.is_empty())
        .unwrap();
    let preview = Preview {
        node: late.id.clone(),
        mood: Mood::Angry,
    };
    let mut attempt =
        Attempt::start(scenario.clone(), 2, Some(preview), Some(player.clone()), 0).unwrap();
    assert!(attempt.is_preview());
    let finish = loop {
        let good = attempt.session().option_of_grade(Grade::Good).unwrap_or(0);
        match attempt
            .reply(matcher(), ReplyInput::option(good), 0)
            .unwrap()
        {
            Progress::Continued(problem) => {
                assert!(problem.is_none());
                assert!(player.profile.in_progress().unwrap().is_none());
            }
            Progress::Finished(finish) => break finish,
        }
    };
    assert!(finish.saved.is_none());
    assert!(player.profile.history().unwrap().results.is_empty());
    // The preview's opening is the mood the instructor chose.
    assert_eq!(Mood::of_anger(finish.opening.anger), Mood::Angry);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unfinished_attempt_resumes_or_is_kept_as_unfinished() {
    let dir = scratch("unfinished");
    let player = player(&dir);
    let scenario = card_wait();
    let mut attempt = Attempt::start(scenario.clone(), 9, None, Some(player.clone()), 0).unwrap();
    attempt.reply(matcher(), ReplyInput::option(0), 10).unwrap();
    let left = player.profile.in_progress().unwrap().unwrap().unwrap();

    // Resumed exactly where it stopped, with the opening of the original start.
    let resumed =
        Attempt::resume(scenario.clone(), matcher(), &left, Some(player.clone()), 50).unwrap();
    assert_eq!(resumed.session().transcript(), &left);
    assert_eq!(resumed.session().opening(), attempt.session().opening());

    // Or kept in the history as unfinished, scored as it stands, and the autosave forgotten.
    let kept = player
        .keep_unfinished(matcher(), &scenario, left.clone(), 60)
        .unwrap();
    assert_eq!(kept.outcome, "unfinished");
    assert_eq!(
        kept.score,
        score(matcher().rulebook(), &scenario, &left).total
    );
    assert_eq!(player.profile.history().unwrap().results, vec![kept]);
    assert!(player.profile.in_progress().unwrap().is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_terminal_play_files_its_result_in_the_trainees_history() {
    let dir = scratch("terminal");
    let mut child = Command::new(env!("CARGO_BIN_EXE_counterplay"))
        .args(["--data-dir"])
        .arg(&dir)
        .args(["play", "card_wait", "--seed", "2", "--lang", "en"])
        .args(["--trainee", "Alex", "--group", "B班"])
        .current_dir(crate::root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        // More replies than any conversation lasts (the customer's turn limit ends it); the
        // rest are never read.
        for _ in 0..40 {
            let _ = writeln!(stdin, "1");
        }
    }
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("Saved to your history"), "{text}");
    let history = ResultStore::at(&dir)
        .profile("Alex")
        .unwrap()
        .history()
        .unwrap();
    assert_eq!(history.results.len(), 1);
    assert_eq!(history.results[0].group.as_deref(), Some("B班"));
    assert!(
        text.contains(&format!("Score: {}", history.results[0].score)),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
