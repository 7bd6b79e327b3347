//! xAPI 1.0.3 over HTTP: the few requests Counterplay makes of an LRS, each failure named the
//! way an instructor can act on it.

use std::time::Duration;

use serde_json::Value;

use super::settings::Auth;

/// The xAPI version every request declares.
pub const XAPI_VERSION: &str = "1.0.3";

/// The most one answer may hold: a page of statements with their results.
const ANSWER_LIMIT: u64 = 64 << 20;

/// Why a request to the LRS failed.
#[derive(Debug, thiserror::Error)]
pub enum LrsError {
    /// No answer at all: the address is wrong, the server is down or the network is.
    #[error(
        "the LRS at {endpoint} cannot be reached ({why}); check the address and the network, then send again: nothing is lost"
    )]
    Unreachable {
        /// The endpoint.
        endpoint: String,
        /// What the network said.
        why: String,
    },
    /// 401 or 403.
    #[error("the LRS refused the credentials (HTTP {status}); set them with `counterplay lrs set`")]
    Unauthorised {
        /// The status.
        status: u16,
    },
    /// The LRS holds a different statement under an id Counterplay made.
    #[error(
        "the LRS already holds a different statement {id} (the result of {trainee} on {scenario}, {part}); it was made with other settings (another --iri?) and was not replaced"
    )]
    Conflict {
        /// The statement's id.
        id: String,
        /// Whose result.
        trainee: String,
        /// Which scenario.
        scenario: String,
        /// Which statement of the result.
        part: String,
    },
    /// Another 4xx: the LRS will not take what was sent.
    #[error("the LRS refused the request (HTTP {status}): {body}")]
    Refused {
        /// The status.
        status: u16,
        /// What it said, shortened.
        body: String,
    },
    /// 5xx, still after retrying.
    #[error(
        "the LRS failed (HTTP {status}) {tries} times: {body}; send again later: nothing is lost"
    )]
    Server {
        /// The last status.
        status: u16,
        /// How many tries were made.
        tries: u32,
        /// What it said, shortened.
        body: String,
    },
    /// An answer that is not what xAPI says it should be.
    #[error("the LRS answered something that is not xAPI: {0}")]
    BadAnswer(String),
}

/// What stopped an attempt to send, so each can be said in the trainee's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// The LRS could not be reached.
    Unreachable,
    /// It refused the credentials.
    Credentials,
    /// It holds a different statement under one of ours.
    Conflict,
    /// It refused what was sent, or answered what is not xAPI.
    Refused,
    /// It kept failing.
    ServerError,
    /// A result names a scenario whose title is not known.
    NoTitle,
    /// The data folder could not be read or written.
    DataFolder,
}

impl LrsError {
    /// What kind of failure this is.
    pub fn stopped(&self) -> Stopped {
        match self {
            LrsError::Unreachable { .. } => Stopped::Unreachable,
            LrsError::Unauthorised { .. } => Stopped::Credentials,
            LrsError::Conflict { .. } => Stopped::Conflict,
            LrsError::Refused { .. } | LrsError::BadAnswer(_) => Stopped::Refused,
            LrsError::Server { .. } => Stopped::ServerError,
        }
    }

    /// The exit code a command ends with on this failure, so scripts can tell them apart.
    pub fn exit_code(&self) -> u8 {
        match self {
            LrsError::Unreachable { .. } => 3,
            LrsError::Unauthorised { .. } => 4,
            LrsError::Conflict { .. } => 5,
            LrsError::Refused { .. } | LrsError::BadAnswer(_) => 6,
            LrsError::Server { .. } => 7,
        }
    }
}

/// An LRS and the way to sign in to it.
#[derive(Debug)]
pub struct Client {
    endpoint: String,
    auth: Auth,
    agent: ureq::Agent,
    /// Tries for a request that fails with 5xx or no answer.
    pub tries: u32,
    /// The wait before the second try; doubled before each further one.
    pub backoff: Duration,
}

/// An answer's status and body.
struct Answer {
    status: u16,
    body: String,
}

/// `body` shortened for a message.
fn short(body: &str) -> String {
    let body = body.trim();
    match body.char_indices().nth(300) {
        Some((at, _)) => format!("{}…", &body[..at]),
        None => body.to_owned(),
    }
}

/// Whether the LRS stored what was sent: yes, or no for a conflict (409); anything else is a
/// refusal.
fn stored(answer: Answer) -> Result<bool, LrsError> {
    match answer.status {
        200 | 204 => Ok(true),
        409 => Ok(false),
        status => Err(LrsError::Refused {
            status,
            body: short(&answer.body),
        }),
    }
}

/// `value` as JSON in ASCII alone, every other character written `\uXXXX`: some LRSs
/// (Learning Locker's statements service among them) join a large body's pieces as text and
/// break the characters that straddle two pieces, so Chinese text arrives damaged.
fn ascii_json(value: &impl serde::Serialize) -> Vec<u8> {
    let text = serde_json::to_string(value).expect("statements serialise");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            // Outside a string, JSON has no characters but ASCII: every one here is in a string.
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out += &format!("\\u{unit:04x}");
            }
        }
    }
    out.into_bytes()
}

impl Client {
    /// A client of the LRS whose xAPI endpoint is `endpoint`.
    pub fn new(endpoint: &str, auth: Auth) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(120)))
            .user_agent(concat!("Counterplay/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client {
            endpoint: format!("{}/", endpoint.trim_end_matches('/')),
            auth,
            agent,
            tries: 4,
            backoff: Duration::from_secs(1),
        }
    }

    /// The endpoint, as messages name it.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// An address of the LRS: `statements?…` under the endpoint, or a `more` link, which is
    /// relative to the server.
    fn url(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            return path.to_owned();
        }
        if let Some(absolute) = path.strip_prefix('/') {
            let origin_end = self
                .endpoint
                .match_indices('/')
                .nth(2)
                .map_or(self.endpoint.len(), |(i, _)| i);
            return format!("{}/{absolute}", &self.endpoint[..origin_end]);
        }
        format!("{}{path}", self.endpoint)
    }

    /// Makes one request, trying again after 5xx or no answer.
    fn request(&self, method: &str, path: &str, body: Option<&[u8]>) -> Result<Answer, LrsError> {
        let url = self.url(path);
        let mut wait = self.backoff;
        let mut tries = 0;
        loop {
            tries += 1;
            let answer = self.once(method, &url, body);
            let retry = match &answer {
                Err(LrsError::Unreachable { .. }) => true,
                Ok(a) => a.status >= 500,
                Err(_) => false,
            };
            if !retry || tries >= self.tries.max(1) {
                return match answer {
                    Ok(a) if a.status >= 500 => Err(LrsError::Server {
                        status: a.status,
                        tries,
                        body: short(&a.body),
                    }),
                    Ok(a) if a.status == 401 || a.status == 403 => {
                        Err(LrsError::Unauthorised { status: a.status })
                    }
                    other => other,
                };
            }
            std::thread::sleep(wait);
            wait = wait.saturating_mul(2);
        }
    }

    fn once(&self, method: &str, url: &str, body: Option<&[u8]>) -> Result<Answer, LrsError> {
        let unreachable = |e: ureq::Error| LrsError::Unreachable {
            endpoint: self.endpoint.clone(),
            why: e.to_string(),
        };
        let with_headers = |b: ureq::RequestBuilder<ureq::typestate::WithBody>| {
            let b = b
                .header("X-Experience-API-Version", XAPI_VERSION)
                .header("Content-Type", "application/json");
            match self.auth.header() {
                Some(h) => b.header("Authorization", h),
                None => b,
            }
        };
        let response = match (method, body) {
            ("POST", Some(body)) => with_headers(self.agent.post(url)).send(body),
            ("PUT", Some(body)) => with_headers(self.agent.put(url)).send(body),
            _ => {
                let b = self
                    .agent
                    .get(url)
                    .header("X-Experience-API-Version", XAPI_VERSION);
                match self.auth.header() {
                    Some(h) => b.header("Authorization", h),
                    None => b,
                }
                .call()
            }
        };
        let mut response = response.map_err(unreachable)?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(ANSWER_LIMIT)
            .read_to_string()
            .map_err(unreachable)?;
        Ok(Answer { status, body })
    }

    /// POSTs `statements` (which carry their ids) as one batch. `Ok(false)` when the LRS
    /// refuses the batch for a conflict (409): some id is held already.
    pub fn post(&self, statements: &[Value]) -> Result<bool, LrsError> {
        let body = ascii_json(&statements);
        stored(self.request("POST", "statements", Some(&body))?)
    }

    /// PUTs one statement under its id. `Ok(false)` on a conflict (409).
    pub fn put(&self, statement: &Value) -> Result<bool, LrsError> {
        let id = statement["id"].as_str().unwrap_or_default();
        let body = ascii_json(statement);
        stored(self.request("PUT", &format!("statements?statementId={id}"), Some(&body))?)
    }

    /// The statement the LRS holds under `id`, if it holds one (voided ones are not returned).
    pub fn statement(&self, id: &str) -> Result<Option<Value>, LrsError> {
        self.one(&format!("statements?statementId={id}&format=exact"), id)
    }

    /// The voided statement the LRS holds under `id`, if it voided one.
    pub fn voided(&self, id: &str) -> Result<Option<Value>, LrsError> {
        self.one(
            &format!("statements?voidedStatementId={id}&format=exact"),
            id,
        )
    }

    /// The statement `id` from a query for it: xAPI answers with the statement or 404; some
    /// LRSs answer with a page of statements, holding it or not.
    fn one(&self, path: &str, id: &str) -> Result<Option<Value>, LrsError> {
        Ok(self
            .get_json(path)?
            .and_then(|answer| match answer.get("statements") {
                Some(Value::Array(items)) => items.iter().find(|s| s["id"] == id).cloned(),
                _ => (answer["id"] == id).then_some(answer),
            }))
    }

    /// Every statement the LRS gives this client, page after page (following `more`).
    pub fn all_statements(&self, mut each_page: impl FnMut(usize)) -> Result<Vec<Value>, LrsError> {
        let mut out = Vec::new();
        let mut next = "statements?format=exact&limit=100".to_owned();
        loop {
            let page = self.get_json(&next)?.ok_or_else(|| {
                LrsError::BadAnswer("the statements resource was not found".into())
            })?;
            match page.get("statements") {
                Some(Value::Array(items)) => out.extend(items.iter().cloned()),
                _ => {
                    return Err(LrsError::BadAnswer(
                        "a page of statements has no `statements` list".into(),
                    ));
                }
            }
            each_page(out.len());
            match page.get("more").and_then(Value::as_str) {
                Some(more) if !more.is_empty() => next = more.to_owned(),
                _ => return Ok(out),
            }
        }
    }

    fn get_json(&self, path: &str) -> Result<Option<Value>, LrsError> {
        let answer = self.request("GET", path, None)?;
        match answer.status {
            200 => serde_json::from_str(&answer.body)
                .map(Some)
                .map_err(|e| LrsError::BadAnswer(e.to_string())),
            404 => Ok(None),
            status => Err(LrsError::Refused {
                status,
                body: short(&answer.body),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_ascii_and_read_back_the_same() {
        let value = serde_json::json!({ "said": "您好 👋", "n": 1.5 });
        let body = ascii_json(&value);
        assert!(body.is_ascii());
        assert_eq!(serde_json::from_slice::<Value>(&body).unwrap(), value);
    }

    #[test]
    fn more_links_resolve_against_the_server() {
        let c = Client::new("http://127.0.0.1:8100/xAPI/", Auth::None);
        assert_eq!(c.url("statements"), "http://127.0.0.1:8100/xAPI/statements");
        assert_eq!(
            c.url("/xAPI/statements?pit_id=1"),
            "http://127.0.0.1:8100/xAPI/statements?pit_id=1"
        );
        let c = Client::new("https://lrs.example.edu/data/xAPI", Auth::None);
        assert_eq!(
            c.url("statements"),
            "https://lrs.example.edu/data/xAPI/statements"
        );
    }

    /// A server that answers every request with `status`, counting them.
    fn failing_server(status: u16) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}/xAPI/", listener.local_addr().unwrap());
        let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let seen = count.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let mut stream = stream.unwrap();
                let mut buf = [0u8; 65536];
                let _ = stream.read(&mut buf);
                seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let body = "{\"message\":\"down for maintenance\"}";
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} Oops\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        (endpoint, count)
    }

    #[test]
    fn server_errors_are_tried_again_then_reported_with_their_code() {
        let (endpoint, count) = failing_server(503);
        let mut c = Client::new(&endpoint, Auth::None);
        c.tries = 3;
        c.backoff = Duration::ZERO;
        let e = c.post(&[serde_json::json!({})]).unwrap_err();
        assert!(
            matches!(
                e,
                LrsError::Server {
                    status: 503,
                    tries: 3,
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("down for maintenance"), "{e}");
        assert_eq!(e.exit_code(), 7);
        assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), 3);
    }

    #[test]
    fn refusals_are_not_tried_again() {
        let (endpoint, count) = failing_server(400);
        let mut c = Client::new(&endpoint, Auth::None);
        c.backoff = Duration::ZERO;
        let e = c.post(&[serde_json::json!({})]).unwrap_err();
        assert!(matches!(e, LrsError::Refused { status: 400, .. }), "{e}");
        assert_eq!(e.exit_code(), 6);
        assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[test]
    fn no_answer_is_unreachable_after_the_tries() {
        // Port 9 on the loopback: nothing listens, so the connection is refused at once.
        let mut c = Client::new("http://127.0.0.1:9/xAPI/", Auth::None);
        c.tries = 2;
        c.backoff = Duration::ZERO;
        let e = c.post(&[]).unwrap_err();
        assert!(matches!(e, LrsError::Unreachable { .. }), "{e}");
        assert_eq!(e.exit_code(), 3);
    }
}
