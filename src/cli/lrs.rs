//! `counterplay send`, `import --lrs` and `lrs`: results to and from an organisation's
//! Learning Record Store.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::results::{open, results, statement_settings, titles, warn_unread};
use crate::diagnostics::visible;
use crate::lrs::{Auth, Client, Ledger, LrsError, LrsSettings, Sent};
use crate::results::export::Filter;
use crate::results::import::import_statements;
use crate::results::xapi::{Learner, result_id};
use crate::results::{ResultStore, check_name};
use crate::rulebook::Matcher;

/// Which LRS, and how to sign in, when not the one in the settings.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct LrsArgs {
    /// The LRS's xAPI endpoint, e.g. https://lrs.example.edu/xAPI/ (default: the one set with
    /// `counterplay lrs set`).
    #[arg(long, value_name = "URL")]
    pub lrs: Option<String>,
    /// The LRS key or user, for HTTP Basic sign-in.
    #[arg(long, requires = "password", conflicts_with = "token")]
    pub user: Option<String>,
    /// The LRS secret or password.
    #[arg(long, requires = "user")]
    pub password: Option<String>,
    /// A bearer token instead of a user and password.
    #[arg(long)]
    pub token: Option<String>,
}

impl LrsArgs {
    /// The credentials given on the command line, if any.
    fn auth(&self) -> Option<Auth> {
        match (&self.user, &self.password, &self.token) {
            (Some(user), Some(password), _) => Some(Auth::Basic {
                user: user.clone(),
                password: password.clone(),
            }),
            (_, _, Some(token)) => Some(Auth::Token(token.clone())),
            _ => None,
        }
    }

    /// The LRS to talk to: the one given, signed in as given, else the one in the settings
    /// with its credentials. Saved credentials never go to another address.
    fn client(&self, settings: &LrsSettings) -> Result<Client, ExitCode> {
        let endpoint = match (&self.lrs, &settings.endpoint) {
            (Some(given), _) => given.clone(),
            (None, Some(saved)) => saved.clone(),
            (None, None) => {
                eprintln!(
                    "error: no LRS is set; give --lrs URL, or keep one with `counterplay lrs set --endpoint URL`"
                );
                return Err(ExitCode::from(2));
            }
        };
        if let Err(e) = crate::lrs::check_endpoint(&endpoint) {
            eprintln!("error: {}", visible(&e));
            return Err(ExitCode::from(2));
        }
        let same = |saved: &str| saved.trim_end_matches('/') == endpoint.trim_end_matches('/');
        let auth = self.auth().unwrap_or_else(|| {
            if settings.endpoint.as_deref().is_some_and(same) {
                settings.auth.clone()
            } else {
                Auth::None
            }
        });
        Ok(Client::new(&endpoint, auth))
    }
}

/// A progress line on the terminal, for a long backlog; nothing when output is not a terminal.
fn progress(what: &'static str) -> impl FnMut(usize, usize) {
    let shown = std::io::stderr().is_terminal();
    move |done, total| {
        if shown && total > 0 {
            let filled = done * 30 / total;
            eprint!(
                "\r{what} [{}{}] {done}/{total}",
                "#".repeat(filled),
                "-".repeat(30 - filled)
            );
            if done == total {
                eprintln!();
            }
        }
    }
}

/// The message and exit code of an LRS failure.
fn failed(e: &LrsError) -> ExitCode {
    eprintln!("error: {}", visible(&e.to_string()));
    ExitCode::from(e.exit_code())
}

/// What `send` is asked for.
pub(super) struct SendRequest {
    /// Which LRS.
    pub lrs: LrsArgs,
    /// Statements per request, instead of the settings' number.
    pub batch: Option<usize>,
    /// Which results.
    pub filter: Filter,
    /// Whether typed words go out.
    pub typed_words: bool,
    /// Where titles of older results are found.
    pub scenarios: PathBuf,
    /// Withdraw this result instead.
    pub void: Option<String>,
    /// Tries per request on 5xx or no answer.
    pub tries: u32,
}

/// `send`: every result the LRS has not acknowledged, or `--void` one.
pub(super) fn send(matcher: &Matcher, data_dir: Option<&Path>, request: SendRequest) -> ExitCode {
    let store = match open(data_dir) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let settings = match statement_settings(&store, None, request.typed_words) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut client = match request.lrs.client(&settings) {
        Ok(c) => c,
        Err(code) => return code,
    };
    client.tries = request.tries;
    let mut ledger = match Ledger::open(&store, client.endpoint()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {}", visible(&e.to_string()));
            return ExitCode::from(1);
        }
    };
    if let Some(id) = request.void {
        return void(&store, &client, &mut ledger, &settings, &id);
    }
    let results = match results(data_dir, &request.filter) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let titles = titles(matcher, &request.scenarios);
    let mut sent = Sent::default();
    let outgoing = crate::lrs::pending(&ledger, &settings.statements, &results, &titles, &mut sent);
    let batch = request.batch.unwrap_or(settings.batch);
    let outcome = crate::lrs::send(
        &client,
        &mut ledger,
        &results,
        outgoing,
        batch,
        &mut sent,
        progress("sending"),
    );
    for f in &sent.failures {
        eprintln!("error: {} ({})", visible(&f.why), f.result);
    }
    println!(
        "sent {} statements of {} results to {}; {} results were there already",
        sent.statements,
        sent.results,
        visible(client.endpoint()),
        sent.already
    );
    match outcome {
        Err(e) => failed(&e),
        Ok(()) if !sent.failures.is_empty() => ExitCode::from(5),
        Ok(()) => ExitCode::SUCCESS,
    }
}

/// `send --void ID`: withdraws one result from the LRS.
fn void(
    store: &ResultStore,
    client: &Client,
    ledger: &mut Ledger,
    settings: &LrsSettings,
    id: &str,
) -> ExitCode {
    let Ok(wanted) = uuid::Uuid::parse_str(id.trim()) else {
        eprintln!(
            "error: {:?} is not a result id (a UUID, as `report --json` and the result's file name show)",
            visible(id)
        );
        return ExitCode::from(2);
    };
    let all = match store.all_results() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {}", visible(&e.to_string()));
            return ExitCode::from(1);
        }
    };
    warn_unread(&all.history.set_aside, &all.skipped);
    let Some(r) = all.history.results.iter().find(|r| result_id(r) == wanted) else {
        eprintln!("error: no result {wanted} in this data folder");
        return ExitCode::from(1);
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    match crate::lrs::void(client, ledger, &settings.statements, r, now) {
        Ok(0) => {
            println!(
                "nothing of result {wanted} had reached {}; it will not be sent there",
                visible(client.endpoint())
            );
            ExitCode::SUCCESS
        }
        Ok(n) => {
            println!(
                "voided {n} statements of result {wanted} ({} on {}) at {}",
                visible(&r.trainee),
                visible(&r.scenario),
                visible(client.endpoint())
            );
            ExitCode::SUCCESS
        }
        Err(e) => failed(&e),
    }
}

/// `import --lrs`: the results an LRS holds, merged into this data folder.
pub(super) fn import_from(data_dir: Option<&Path>, lrs: &LrsArgs) -> ExitCode {
    let store = match open(data_dir) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let settings = match statement_settings(&store, None, false) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let client = match lrs.client(&settings) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let mut shown = progress("reading");
    let statements = match crate::lrs::fetch(&client, |n| shown(n, n)) {
        Ok(s) => s,
        Err(e) => return failed(&e),
    };
    match import_statements(&store, statements) {
        Ok(done) => {
            warn_unread(&done.set_aside, &done.skipped_entries);
            println!(
                "imported {} results from {}; {} were already here; {} statements of other programs skipped",
                done.added,
                visible(client.endpoint()),
                done.already,
                done.skipped.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", visible(&e.to_string()));
            ExitCode::from(1)
        }
    }
}

/// What `lrs` changes.
#[derive(Debug, clap::Subcommand)]
pub enum LrsCommand {
    /// Show the LRS settings (never a password or token).
    Show,
    /// Keep the organisation's LRS, its credentials and what its statements say.
    Set {
        /// The LRS's xAPI endpoint.
        #[arg(long, value_name = "URL")]
        endpoint: Option<String>,
        /// The LRS key or user.
        #[arg(long, requires = "password", conflicts_with = "token")]
        user: Option<String>,
        /// The LRS secret or password.
        #[arg(long, requires = "user")]
        password: Option<String>,
        /// A bearer token instead.
        #[arg(long)]
        token: Option<String>,
        /// Forget the credentials.
        #[arg(long, conflicts_with_all = ["user", "token"])]
        no_credentials: bool,
        /// The organisation's IRI (statement ids depend on it: set it once).
        #[arg(long, value_name = "URL")]
        iri: Option<String>,
        /// The LMS whose account names trainees are known by.
        #[arg(long, value_name = "URL")]
        home_page: Option<String>,
        /// Statements per request (1 to 500).
        #[arg(long)]
        batch: Option<usize>,
        /// Whether trainees' typed words go out with their results.
        #[arg(long)]
        typed_words: Option<bool>,
    },
    /// How one trainee is known to the LMS: an account name or an email address.
    Learner {
        /// The trainee's name in Counterplay.
        name: String,
        /// Their account name on the LMS (the home page set with `lrs set --home-page`).
        #[arg(long, conflicts_with_all = ["email", "forget"])]
        account: Option<String>,
        /// Their email address.
        #[arg(long, conflicts_with = "forget")]
        email: Option<String>,
        /// Know them by their Counterplay name again.
        #[arg(long)]
        forget: bool,
    },
}

/// `lrs`: shows or changes the LRS settings.
pub(super) fn settings(data_dir: Option<&Path>, command: LrsCommand) -> ExitCode {
    let store = match open(data_dir) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut settings = match LrsSettings::load(&store) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {}", visible(&e.to_string()));
            return ExitCode::from(1);
        }
    };
    match command {
        LrsCommand::Show => {
            print!("{}", describe(&settings));
            return ExitCode::SUCCESS;
        }
        LrsCommand::Set {
            endpoint,
            user,
            password,
            token,
            no_credentials,
            iri,
            home_page,
            batch,
            typed_words,
        } => {
            if let Some(e) = endpoint {
                settings.endpoint = Some(e);
            }
            let given = LrsArgs {
                lrs: None,
                user,
                password,
                token,
            };
            if let Some(auth) = given.auth() {
                settings.auth = auth;
            }
            if no_credentials {
                settings.auth = Auth::None;
            }
            if let Some(iri) = iri {
                settings.statements.iri = iri;
            }
            if let Some(home) = home_page {
                settings.statements.home_page = Some(home);
            }
            if let Some(batch) = batch {
                settings.batch = batch;
            }
            if let Some(typed) = typed_words {
                settings.statements.typed_words = typed;
            }
        }
        LrsCommand::Learner {
            name,
            account,
            email,
            forget,
        } => {
            let name = name.trim().to_owned();
            let learner = match (account, email) {
                (Some(a), _) => Some(Learner::Account(a)),
                (_, Some(e)) => Some(Learner::Email(e)),
                _ => None,
            };
            match learner {
                Some(l) if !forget => {
                    if let Err(e) = check_name("trainee name", &name) {
                        eprintln!("error: {}", visible(&e.to_string()));
                        return ExitCode::from(2);
                    }
                    // Set up before a class plays, or a name mistyped: kept either way.
                    if !store.knows_trainee(&name) {
                        eprintln!(
                            "note: no trainee named {} has played here yet; the LMS will know \
                             them this way once they do",
                            visible(&name)
                        );
                    }
                    settings.statements.learners.insert(name, l);
                }
                _ => {
                    settings.statements.learners.remove(&name);
                }
            }
        }
    }
    match settings.save(&store) {
        Ok(()) => {
            print!("{}", describe(&settings));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", visible(&e.to_string()));
            ExitCode::from(2)
        }
    }
}

/// The settings as the user reads them, secrets left out.
fn describe(s: &LrsSettings) -> String {
    let mut out = format!(
        "endpoint:    {}\nsign-in:     {}\nbatch:       {}\niri:         {}\nhome page:   {}\ntyped words: {}\n",
        s.endpoint.as_deref().map_or("(none)".into(), visible),
        visible(&s.auth.describe()),
        s.batch,
        visible(&s.statements.iri),
        s.statements
            .home_page
            .as_deref()
            .map_or("(the iri)".into(), visible),
        if s.statements.typed_words {
            "sent"
        } else {
            "left out"
        },
    );
    for (name, learner) in &s.statements.learners {
        let known = match learner {
            Learner::Account(a) => format!("account {a}"),
            Learner::Email(e) => format!("email {e}"),
        };
        out += &format!("learner:     {} → {}\n", visible(name), visible(&known));
    }
    out
}
