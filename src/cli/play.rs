//! `counterplay play`: the conversation in a terminal. Numbered options, or a reply typed in
//! one's own words; the customer's mood as words and a bar; the debrief at the end.

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::labels::Label;
use crate::lang::Lang;
use crate::results::{Attempt, Player, Progress};
use crate::rulebook::Matcher;
use crate::scenario::Scenario;
use crate::scoring::{heard, heard_lines};
use crate::session::{ReplyChoice, ReplyInput};

use super::run::{debrief_text, mood_bar};

pub(super) fn run(
    matcher: &Matcher,
    scenario: Arc<Scenario>,
    seed: u64,
    lang: Lang,
    player: Option<Player>,
) -> ExitCode {
    let stdin = io::stdin();
    // Reply times are measured only for a person at a terminal; piped replies are untimed, so
    // a scripted play gives the same result every time.
    let timed = stdin.is_terminal();
    let attempt = match Attempt::start(scenario, seed, None, player, unix_seconds()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let result = play(
        matcher,
        attempt,
        lang,
        stdin.lock(),
        io::stdout().lock(),
        timed,
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Now, in seconds since 1970, for the result's date.
fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Plays `attempt` reading replies from `input` and writing to `out`.
pub(super) fn play(
    matcher: &Matcher,
    mut attempt: Attempt,
    lang: Lang,
    mut input: impl BufRead,
    mut out: impl Write,
    timed: bool,
) -> io::Result<()> {
    let scenario = attempt.session().scenario().clone();
    let name = scenario.customer.name.get(lang);
    writeln!(out, "{}\n", scenario.title.get(lang))?;
    if let Some(briefing) = &scenario.briefing {
        writeln!(out, "{}\n", briefing.get(lang))?;
    }
    writeln!(out, "{}\n", Label::PlayHow.get(lang))?;
    let finish = 'turns: loop {
        let session = attempt.session();
        let c = session.customer().state.clone();
        write!(out, "{name} {}", mood_bar(c.anger, lang))?;
        if session.reply_seconds().is_some() {
            let filled = (c.patience * 10.0).round() as usize;
            write!(
                out,
                "  {} [{}{}]",
                Label::Patience.get(lang),
                "#".repeat(filled),
                "-".repeat(10 - filled)
            )?;
        }
        writeln!(out, "\n{name}: {}", session.line().get(lang))?;
        for (i, r) in session.options().iter().enumerate() {
            writeln!(out, "  {}. {}", i + 1, r.text.get(lang))?;
        }
        let options = session.options().len();
        let asked = Instant::now();
        let choice = loop {
            write!(out, "> ")?;
            out.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                break 'turns None;
            }
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if line.eq_ignore_ascii_case("q") {
                break 'turns None;
            }
            if line == "!" {
                let label = match attempt.mark_last_typed_misread() {
                    Some(_) => Label::MisreadTaken,
                    None => Label::MisreadNone,
                };
                writeln!(out, "{}", label.get(lang))?;
                continue;
            }
            match line.parse::<usize>() {
                Ok(n) if (1..=options).contains(&n) => {
                    break ReplyChoice::Option(n - 1);
                }
                Ok(n) => writeln!(out, "{}", Label::NoOption.fill(lang, &[("n", &n)]))?,
                Err(_) => break ReplyChoice::Text(line.to_owned()),
            }
        };
        let seconds = timed.then(|| asked.elapsed().as_secs_f64());
        let progress = attempt
            .reply(
                matcher,
                ReplyInput {
                    choice,
                    seconds,
                    votes: None,
                },
                unix_seconds(),
            )
            .map_err(io::Error::other)?;
        let session = attempt.session();
        let typed = session.transcript().turns.len().checked_sub(1);
        let heard = heard(session.scenario(), &session.transcript().turns);
        for h in heard.iter().filter(|h| Some(h.turn) == typed) {
            for line in heard_lines(matcher.rulebook(), h, lang) {
                writeln!(out, "  » {line}")?;
            }
            writeln!(out, "  ({})", Label::MisreadHint.get(lang))?;
        }
        writeln!(out)?;
        match progress {
            Progress::Continued(None) => {}
            Progress::Continued(Some(e)) => writeln!(out, "({e})")?,
            Progress::Finished(finish) => break Some(finish),
        }
    };
    if finish.is_none() {
        writeln!(out, "\n{}", Label::Stopped.get(lang))?;
    }
    writeln!(out, "\n{}", "=".repeat(40))?;
    let book = matcher.rulebook();
    let transcript = attempt.session().transcript();
    match &finish {
        Some(f) => write!(
            out,
            "{}",
            debrief_text(book, &scenario, transcript, &f.debrief, lang)
        )?,
        None => {
            let so_far = attempt.debrief_so_far(matcher);
            write!(
                out,
                "{}",
                debrief_text(book, &scenario, transcript, &so_far, lang)
            )?;
        }
    }
    match finish.and_then(|f| f.saved) {
        Some(Ok(path)) => writeln!(out, "\n{}: {}", Label::Saved.get(lang), path.display())?,
        Some(Err(e)) => writeln!(out, "\n{}", Label::NotSaved.fill(lang, &[("e", &e)]))?,
        None => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::shipped_rulebook;
    use crate::scenario::{CheckContext, load_str};

    fn scenario(matcher: &Matcher) -> Arc<Scenario> {
        let text = include_str!("../../tests/fixtures/valid/minimal.ron");
        let ctx = CheckContext {
            matcher,
            assets: None,
        };
        Arc::new(
            load_str(std::path::Path::new("minimal.ron"), text, ctx)
                .scenario
                .unwrap(),
        )
    }

    fn play_lines(lines: &str) -> String {
        let matcher = shipped_rulebook();
        let mut out = Vec::new();
        let attempt = Attempt::start(scenario(&matcher), 1, None, None, 0).unwrap();
        play(
            &matcher,
            attempt,
            Lang::En,
            lines.as_bytes(),
            &mut out,
            false,
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_choose_options_and_words_are_judged() {
        let out = play_lines("9\n\nSo sorry to keep you waiting this long.\n");
        assert!(out.contains("there is no option 9"), "{out}");
        // The typed words mean the first option: what was heard is shown, then the end.
        assert!(out.contains("The customer heard: 【"), "{out}");
        assert!(out.contains("the customer took it as option 1"), "{out}");
        assert!(out.contains("Score: "), "{out}");
        assert!(!out.contains("stopped before the end"), "{out}");
    }

    #[test]
    fn quitting_or_running_out_of_input_still_gives_a_debrief() {
        for input in ["q\n", ""] {
            let out = play_lines(input);
            assert!(out.contains("stopped before the end"), "{out}");
            assert!(out.contains("Outcome: not finished"), "{out}");
        }
    }
}
