//! The `counterplay` command line: the instructor's tools, and the game when run without
//! arguments.

mod check;
mod explore;
mod graph;
mod judge;
mod list;
mod lrs;
mod new;
mod play;
mod results;
mod run;

pub use run::debrief_text;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::lang::Lang;
use crate::scenario::{Setting, Trait};
use crate::session::Tally;

/// Practise handling complaints against a simulated customer.
#[derive(Debug, Parser)]
#[command(name = "counterplay", version, about, long_about = None)]
pub struct Cli {
    /// A rulebook to use instead of assets/rulebook.ron.
    #[arg(long, global = true, value_name = "FILE")]
    pub rulebook: Option<PathBuf>,
    /// The game's window size, e.g. 1920x1080 (default 1280x720).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<(u32, u32)>,
    /// The game's language (default: the one chosen last, else Chinese).
    #[arg(long)]
    pub lang: Option<Lang>,
    /// Keep results and preferences in this folder instead of the user's data directory.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The game's scenarios folder, reloaded on every save (default: scenarios/).
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
    /// Start the game in projector mode: full screen, large type, high contrast, presenter
    /// controls and class votes (F11 switches it in the game).
    #[arg(long)]
    pub classroom: bool,
    /// What to do; without a command the game starts.
    #[command(subcommand)]
    pub command: Option<Command>,
}

fn parse_trait(s: &str) -> Result<Trait, String> {
    parse_key(s, &Trait::ALL, Trait::key, "a customer type")
}

fn parse_setting(s: &str) -> Result<Setting, String> {
    parse_key(s, &Setting::ALL, Setting::key, "a setting")
}

/// The value of `all` whose key is `s`, or a message listing the keys.
fn parse_key<T: Copy>(
    s: &str,
    all: &[T],
    key: fn(T) -> &'static str,
    what: &str,
) -> Result<T, String> {
    all.iter().copied().find(|x| key(*x) == s).ok_or_else(|| {
        let keys: Vec<_> = all.iter().map(|x| key(*x)).collect();
        format!("`{s}` is not {what}; use one of {}", keys.join(", "))
    })
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once('x')
        .ok_or_else(|| format!("`{s}` is not a size like 1280x720"))?;
    let num = |v: &str| {
        v.parse::<u32>()
            .ok()
            .filter(|n| (320..=7680).contains(n))
            .ok_or_else(|| format!("`{v}` is not a width or height from 320 to 7680"))
    };
    Ok((num(w)?, num(h)?))
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files and print compiler-style diagnostics.
    Check {
        /// Scenario files or folders (default: scenarios/).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Keep running and check again after every save (Ctrl-C stops).
        #[arg(long)]
        watch: bool,
    },
    /// Write a commented scenario skeleton to scenarios/ID.ron that passes `check` at once.
    New {
        /// The new scenario's id (a-z, 0-9, `_`, `-`); also its file name.
        id: String,
        /// The customer type: none, repeat, one_to_one, unreasonable or rush.
        #[arg(long = "trait", value_name = "T", default_value = "none", value_parser = parse_trait)]
        r#trait: Trait,
        /// Where it happens: business_hall, bank_counter, airline_desk, travel_agency,
        /// phone_line, shop, hotel_desk or restaurant.
        #[arg(long, value_name = "S", default_value = "business_hall", value_parser = parse_setting)]
        setting: Setting,
        /// Folder of scenarios.
        #[arg(long, default_value = SCENARIOS_DIR)]
        scenarios: PathBuf,
    },
    /// List the scenarios in a folder: id, title, setting, trait, motives, languages.
    List {
        /// Folder or files (default: scenarios/).
        path: Option<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Language for titles.
        #[arg(long, default_value = "zh")]
        lang: Lang,
    },
    /// Play a scenario headless with the given option numbers and print the debrief.
    Run {
        /// The scenario's id.
        id: String,
        /// Seed for every random choice (same seed and replies, same result).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Option numbers, 1-based, comma-separated (e.g. 1,3,2); `say` stands for the next
        /// `--say` (e.g. 1,say,2).
        #[arg(long, value_delimiter = ',', num_args = 0.., value_parser = parse_slot)]
        replies: Vec<Slot>,
        /// Typed words, as a trainee would type them; give it once per typed reply. Each takes
        /// the place of the next `say` in `--replies`, or comes after the numbers.
        #[arg(long, value_name = "TEXT")]
        say: Vec<String>,
        /// A class's votes at one reply, one count per option (e.g. 12,5,3); give it once per
        /// reply voted on, in order. The option with the most votes is played; a tie is
        /// refused (the class votes again).
        #[arg(long, value_name = "TALLY", value_parser = parse_tally)]
        votes: Vec<Tally>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Language of the transcript.
        #[arg(long, default_value = "zh")]
        lang: Lang,
        /// Keep the result in a trainee's history (the one named with --trainee, else the
        /// last one to play), as the game does; a conversation the replies leave unfinished is
        /// kept as unfinished.
        #[arg(long)]
        save: bool,
        /// The trainee whose history --save keeps the result in.
        #[arg(long, value_name = "NAME", requires = "save")]
        trainee: Option<String>,
        /// The class or group the result is filed under (default: the last one given).
        #[arg(long, requires = "save")]
        group: Option<String>,
        /// Folder of scenarios.
        #[arg(long, default_value = SCENARIOS_DIR)]
        scenarios: PathBuf,
    },
    /// Explore every path of a scenario for several seeds: outcomes, score range, best and worst
    /// paths, unreachable nodes and dead ends.
    Explore {
        /// The scenario's id.
        id: String,
        /// Number of seeds to explore, starting at 1 (1 to 1000). Each seed walks every path
        /// of the scenario; at most 1,000,000 paths are walked in all, shared between the
        /// seeds, so more seeds take longer without ever taking more than that.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=crate::explore::MAX_SEEDS))]
        seeds: u64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Folder of scenarios.
        #[arg(long, default_value = SCENARIOS_DIR)]
        scenarios: PathBuf,
    },
    /// Play a scenario in the terminal: numbered options or your own words, the customer's mood
    /// as a bar, the debrief at the end.
    Play {
        /// The scenario's id.
        id: String,
        /// Seed for every random choice.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Language to play in.
        #[arg(long, default_value = "zh")]
        lang: Lang,
        /// The trainee whose history keeps the result (in --data-dir, else the user's data
        /// directory), as the game does; the conversation is saved after every reply.
        /// Default: the last trainee to play; with none, nothing is kept.
        #[arg(long, value_name = "NAME")]
        trainee: Option<String>,
        /// The class or group the result is filed under (default: the last one given).
        #[arg(long)]
        group: Option<String>,
        /// Folder of scenarios.
        #[arg(long, default_value = SCENARIOS_DIR)]
        scenarios: PathBuf,
    },
    /// Print a scenario's conversation graph as Graphviz DOT (`| dot -Tsvg > map.svg`).
    Graph {
        /// The scenario's id.
        id: String,
        /// Language of the lines in the boxes.
        #[arg(long, default_value = "zh")]
        lang: Lang,
        /// Folder of scenarios.
        #[arg(long, default_value = SCENARIOS_DIR)]
        scenarios: PathBuf,
    },
    /// Export every trainee's results (in --data-dir, else the user's data directory) as CSV
    /// for a spreadsheet or as xAPI statements for an LMS or Learning Record Store.
    Export {
        /// `csv` (one row per result) or `xapi` (a JSON list of statements).
        #[arg(long)]
        format: results::ExportFormat,
        /// Only this group's or class's results.
        #[arg(long)]
        group: Option<String>,
        /// Only results from this day on (UTC), e.g. 2026-11-01.
        #[arg(long, value_name = "DATE", value_parser = crate::results::export::parse_since)]
        since: Option<u64>,
        /// The file to write (replaced if it exists).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Your organisation's address, instead of the one kept with `lrs set --iri`
        /// (default https://counterplay.example): statement ids depend on it.
        #[arg(long, value_name = "URL")]
        iri: Option<String>,
        /// Include the trainees' typed words (left out unless asked for).
        #[arg(long)]
        typed_words: bool,
        /// Folder of scenarios, for the titles of results kept before they carried their own.
        #[arg(long, default_value = SCENARIOS_DIR)]
        scenarios: PathBuf,
    },
    /// Merge results into this desktop's history: a file exported with `export --format xapi`
    /// (or an LRS's answer to a query), or every result an LRS holds (`--lrs`); results
    /// already here are not added twice.
    Import {
        /// The file.
        #[arg(required_unless_present = "lrs", conflicts_with = "lrs")]
        file: Option<PathBuf>,
        /// The LRS to read from.
        #[command(flatten)]
        from: lrs::LrsArgs,
    },
    /// Send results to a Learning Record Store as xAPI 1.0.3 statements: only what it has not
    /// acknowledged yet, in batches, trying again on server errors. Exit codes: 3 unreachable,
    /// 4 credentials refused, 5 a statement the LRS holds differently, 6 refused, 7 server
    /// errors.
    Send {
        /// The LRS to send to.
        #[command(flatten)]
        to: lrs::LrsArgs,
        /// Statements per request (1 to 500; default: the settings', else 50).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=crate::lrs::MAX_BATCH as u64))]
        batch: Option<u64>,
        /// Only this group's or class's results.
        #[arg(long)]
        group: Option<String>,
        /// Only results from this day on (UTC), e.g. 2026-11-01.
        #[arg(long, value_name = "DATE", value_parser = crate::results::export::parse_since)]
        since: Option<u64>,
        /// Include the trainees' typed words (left out unless asked for).
        #[arg(long)]
        typed_words: bool,
        /// Folder of scenarios, for the titles of results kept before they carried their own.
        #[arg(long, default_value = SCENARIOS_DIR)]
        scenarios: PathBuf,
        /// Withdraw this result (its id, a UUID) from the LRS instead: its statements are
        /// voided and it is never sent there again.
        #[arg(long, value_name = "RESULT_ID")]
        void: Option<String>,
        /// Tries per request when the LRS fails (5xx) or does not answer, waiting 1 s, 2 s,
        /// 4 s... between them.
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=10))]
        tries: u32,
    },
    /// Show or change the organisation's LRS settings (kept in the data folder, readable by
    /// you alone).
    Lrs {
        /// What to change (default: show them).
        #[command(subcommand)]
        command: Option<lrs::LrsCommand>,
    },
    /// A class's results summed up: each scenario's average, how the conversations ended, the
    /// banned phrases said most and the principles broken most, as bar charts.
    Report {
        /// Only this group's or class's results.
        #[arg(long)]
        group: Option<String>,
        /// Only results from this day on (UTC), e.g. 2026-11-01.
        #[arg(long, value_name = "DATE", value_parser = crate::results::export::parse_since)]
        since: Option<u64>,
        /// Language of the report.
        #[arg(long, default_value = "zh")]
        lang: Lang,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Drive the game through its screens and save a screenshot of each (title, select, map,
    /// preview, counter, debrief, counter-typed, debrief-typed, history) into a folder, then quit.
    Shoot {
        /// The folder to write the PNGs to.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The interface language.
        #[arg(long, default_value = "zh")]
        lang: Lang,
        /// The window size.
        #[arg(long, value_name = "WxH", value_parser = parse_size, default_value = "1280x720")]
        size: (u32, u32),
        /// Shoot projector mode instead: a class voting at the counter, the discussion pause,
        /// the debrief with the class's split and the class report.
        #[arg(long)]
        classroom: bool,
    },
    /// Judge one reply against the rulebook: features, banned phrases, the rule broken.
    Judge {
        /// The reply, as a trainee would say it.
        #[arg(required_unless_present = "eval")]
        text: Option<String>,
        /// Score the rulebook against a labelled file instead (tab-separated
        /// `lang banned features text`, as in `assets/examples.tsv`): precision, recall and F1
        /// per feature, banned replies caught and false alarms per language, the worst misses.
        #[arg(long, value_name = "FILE.tsv", conflicts_with = "text")]
        eval: Option<PathBuf>,
        /// Apply only this language's rules (default: both).
        #[arg(long)]
        lang: Option<Lang>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Output format of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics with source lines and carets.
    Text,
    /// One JSON document, for editors.
    Json,
}

/// The folder scenarios live in when no path is given.
pub const SCENARIOS_DIR: &str = "scenarios";

/// Runs the command line; returns the process's exit code (0 fine, 1 problems found, 2 usage).
pub fn main() -> ExitCode {
    let mut cli = Cli::parse();
    let Some(command) = cli.command.take() else {
        return start_game(cli);
    };
    match crate::rulebook::load_rulebook(cli.rulebook.as_deref()) {
        Ok(rulebook) => dispatch(cli, command, rulebook),
        Err(diagnostics) => {
            for d in diagnostics {
                eprint!("{}", d.render());
            }
            ExitCode::from(1)
        }
    }
}

/// Carries out a command with the rulebook loaded.
fn dispatch(cli: Cli, command: Command, rulebook: crate::rulebook::Matcher) -> ExitCode {
    match command {
        Command::Shoot {
            out,
            lang,
            size,
            classroom,
        } => shoot(out, lang, size, cli.data_dir, classroom),
        Command::Export {
            format,
            group,
            since,
            out,
            iri,
            typed_words,
            scenarios,
        } => results::export(
            &rulebook,
            cli.data_dir.as_deref(),
            results::ExportRequest {
                format,
                filter: &crate::results::export::Filter { group, since },
                out: &out,
                iri,
                typed_words,
                scenarios: &scenarios,
            },
        ),
        Command::Import { file, from } => match file {
            Some(file) => results::import_file(cli.data_dir.as_deref(), &file),
            None => lrs::import_from(cli.data_dir.as_deref(), &from),
        },
        Command::Send {
            to,
            batch,
            group,
            since,
            typed_words,
            scenarios,
            void,
            tries,
        } => lrs::send(
            &rulebook,
            cli.data_dir.as_deref(),
            lrs::SendRequest {
                lrs: to,
                batch: batch.map(|b| b as usize),
                filter: crate::results::export::Filter { group, since },
                typed_words,
                scenarios,
                void,
                tries,
            },
        ),
        Command::Lrs { command } => lrs::settings(
            cli.data_dir.as_deref(),
            command.unwrap_or(lrs::LrsCommand::Show),
        ),
        Command::Report {
            group,
            since,
            lang,
            json,
        } => results::report(
            &rulebook,
            cli.data_dir.as_deref(),
            &crate::results::export::Filter { group, since },
            lang,
            json,
        ),
        Command::Check {
            paths,
            format,
            watch: false,
        } => check::run(&rulebook, paths, format),
        Command::Check {
            paths,
            format,
            watch: true,
        } => check::watch(cli.rulebook.as_deref(), paths, format),
        Command::New {
            id,
            r#trait,
            setting,
            scenarios,
        } => new::run(&rulebook, &id, r#trait, setting, &scenarios),
        Command::List { path, json, lang } => list::run(&rulebook, path, json, lang),
        Command::Judge {
            text,
            eval,
            lang,
            json,
        } => match (text, eval) {
            (_, Some(file)) => judge::eval(&rulebook, &file, json),
            (Some(text), None) => judge::run(&rulebook, &text, lang, json),
            (None, None) => unreachable!("clap requires a text or --eval"),
        },
        Command::Explore {
            id,
            seeds,
            json,
            scenarios,
        } => match find_scenario(&rulebook, &scenarios, &id) {
            Ok(scenario) => explore::run(&rulebook, &scenario, 1..=seeds, json),
            Err(code) => code,
        },
        Command::Graph {
            id,
            lang,
            scenarios,
        } => match find_scenario(&rulebook, &scenarios, &id) {
            Ok(scenario) => {
                print!("{}", graph::dot(&scenario, lang));
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Play {
            id,
            seed,
            lang,
            trainee,
            group,
            scenarios,
        } => {
            let player = player(cli.data_dir.as_deref(), trainee, group);
            match (player, find_scenario(&rulebook, &scenarios, &id)) {
                (Err(e), _) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
                (_, Err(code)) => code,
                (Ok(player), Ok(scenario)) => {
                    if player.is_none() {
                        eprintln!(
                            "note: no trainee is named, so this practice is not kept; give --trainee NAME to keep it"
                        );
                    }
                    play::run(&rulebook, scenario, seed, lang, player)
                }
            }
        }
        Command::Run {
            id,
            seed,
            replies,
            say,
            votes,
            json,
            lang,
            save,
            trainee,
            group,
            scenarios,
        } => {
            let keeper = match save.then(|| player(cli.data_dir.as_deref(), trainee, group)) {
                None => None,
                Some(Ok(Some(player))) => Some(player),
                Some(Ok(None)) => {
                    eprintln!("error: no trainee has played here yet; give --trainee NAME");
                    return ExitCode::from(2);
                }
                Some(Err(e)) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            match find_scenario(&rulebook, &scenarios, &id) {
                Ok(scenario) => run::run(
                    &rulebook,
                    scenario,
                    seed,
                    &run::choices(&replies, say),
                    &votes,
                    run::Output { json, lang, keeper },
                ),
                Err(code) => code,
            }
        }
    }
}

/// The trainee whose history a terminal play goes into: the one named, else the last one to
/// play here (none if nobody has); they become the last one, as signing in to the game does.
fn player(
    data_dir: Option<&std::path::Path>,
    trainee: Option<String>,
    group: Option<String>,
) -> Result<Option<crate::results::Player>, String> {
    let store = crate::results::ResultStore::in_dir_or_user_data(data_dir)
        .ok_or("the system has no per-user data directory; give --data-dir")?;
    let mut preferences = store.preferences();
    let name = match trainee {
        Some(name) => name.trim().to_owned(),
        None if preferences.trainee.is_empty() => return Ok(None),
        None => preferences.trainee.clone(),
    };
    let profile = store.profile(&name).map_err(|e| e.to_string())?;
    let group = group
        .map(|g| g.trim().to_owned())
        .or_else(|| Some(preferences.group.clone()))
        .filter(|g| !g.is_empty());
    if preferences.trainee != name || group.as_deref().is_some_and(|g| g != preferences.group) {
        preferences.trainee = name;
        if let Some(g) = &group {
            preferences.group = g.clone();
        }
        store
            .save_preferences(&preferences)
            .map_err(|e| e.to_string())?;
    }
    Ok(Some(crate::results::Player { profile, group }))
}

/// One place in `run --replies`: an option number, or `say` for typed words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// An option, 1-based.
    Option(usize),
    /// The next `--say`.
    Typed,
}

fn parse_slot(s: &str) -> Result<Slot, String> {
    match s.trim() {
        "say" => Ok(Slot::Typed),
        n => match n.parse::<usize>() {
            Ok(0) => Err("option numbers start at 1".into()),
            Ok(n) => Ok(Slot::Option(n)),
            Err(_) => Err(format!("expected an option number or `say`, got `{n}`")),
        },
    }
}

/// One reply's tally: counts separated by commas.
fn parse_tally(s: &str) -> Result<Tally, String> {
    s.split(',')
        .map(|n| {
            n.trim()
                .parse::<u32>()
                .map_err(|_| format!("`{n}` is not a count of votes; write counts like 12,5,3"))
        })
        .collect::<Result<_, _>>()
        .map(Tally::of)
}

/// The scenario `id` from `dir`, or an explanation and exit code 1.
fn find_scenario(
    matcher: &crate::rulebook::Matcher,
    dir: &std::path::Path,
    id: &str,
) -> Result<std::sync::Arc<crate::scenario::Scenario>, ExitCode> {
    let assets = assets();
    let ctx = crate::scenario::CheckContext {
        matcher,
        assets: assets.as_ref(),
    };
    let (loaded, problems) = crate::scenario::load_paths(&[dir.to_path_buf()], ctx);
    if let Some(p) = problems.first() {
        eprintln!("{}", p.headline());
        return Err(ExitCode::from(1));
    }
    let mut known = Vec::new();
    for f in loaded {
        match f.scenario {
            Some(s) if s.id == id => return Ok(std::sync::Arc::new(s)),
            Some(s) => known.push(s.id),
            None => {
                for d in f.diagnostics.iter().filter(|d| d.is_error()) {
                    eprintln!("{}", d.headline());
                }
            }
        }
    }
    eprintln!(
        "error: no scenario `{id}` in {}{}",
        dir.display(),
        crate::diagnostics::closest(id, known.iter().map(String::as_str))
            .map(|g| format!("; did you mean `{g}`?"))
            .unwrap_or_else(|| format!(" (known: {})", known.join(", ")))
    );
    Err(ExitCode::from(1))
}

/// The assets folder, when run from the project folder (portraits and the font's characters
/// are checked against it).
fn assets() -> Option<crate::assets::Assets> {
    crate::assets::Assets::open("assets")
}

fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(SCENARIOS_DIR)]
    } else {
        paths
    }
}

#[cfg(feature = "game")]
fn start_game(cli: Cli) -> ExitCode {
    crate::game::run(crate::game::Launch {
        size: cli.size,
        lang: cli.lang,
        data_dir: cli.data_dir,
        scenarios: cli.scenarios,
        classroom: cli.classroom,
        ..Default::default()
    })
}

#[cfg(feature = "game")]
fn shoot(
    out: PathBuf,
    lang: Lang,
    size: (u32, u32),
    data_dir: Option<PathBuf>,
    classroom: bool,
) -> ExitCode {
    crate::game::shoot(out, lang, size, data_dir, classroom)
}

#[cfg(not(feature = "game"))]
fn start_game(_: Cli) -> ExitCode {
    no_game()
}

#[cfg(not(feature = "game"))]
fn shoot(_: PathBuf, _: Lang, _: (u32, u32), _: Option<PathBuf>, _: bool) -> ExitCode {
    no_game()
}

#[cfg(not(feature = "game"))]
fn no_game() -> ExitCode {
    eprintln!(
        "this build has no game (built without the `game` feature); see `counterplay --help` for the commands"
    );
    ExitCode::from(2)
}
