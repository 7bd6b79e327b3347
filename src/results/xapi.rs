//! Results as xAPI 1.0.3 statements, the way a Learning Record Store behind an LMS expects them
//! (the cmi5 profile's verbs): a finished conversation is `completed`, then `passed` or
//! `failed`; an unfinished one `attempted`; every reply is `responded`, with what the customer
//! heard and the mood after it. All statements of one result share its registration.
//!
//! Statement ids are name-based UUIDs of the result and the organisation's IRI, and everything
//! in a statement comes from the result and the organisation's settings, never from the folder
//! the command runs in: the same result sent twice is the same statement, so an LRS accepts it
//! once and never answers "conflict".

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::SavedResult;
use super::export::{banned_phrases, iso_duration, timestamp};
use crate::lang::Text;
use crate::session::{ReplyChoice, Transcript};

/// The address statement identifiers are built on when the organisation gives none. Trainees,
/// scenarios and groups become IRIs under it.
pub const DEFAULT_IRI: &str = "https://counterplay.example";

/// The extension, under the organisation's IRI, holding the whole result on the statement that
/// judges it (`passed`, `failed` or `attempted`), so `import` can bring it back.
pub const RECORD_EXTENSION: &str = "/xapi/extensions/result";

/// What `context.platform` says on every statement, so Counterplay's own are known on import.
pub const PLATFORM: &str = "Counterplay";

const VERBS: &str = "http://adlnet.gov/expapi/verbs/";
/// A scenario's activity type.
const SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
/// A reply's activity type.
const INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";

/// How one trainee is known to the LMS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Learner {
    /// Their account name on the LMS (the `home_page`).
    Account(String),
    /// Their email address.
    Email(String),
}

/// What an organisation decides about its statements: they are the same wherever and
/// whenever they are made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Statements {
    /// The organisation's address: scenarios, groups and extensions become IRIs under it.
    pub iri: String,
    /// The LMS whose accounts the trainees have (the IRI when none is given).
    pub home_page: Option<String>,
    /// Trainees known to the LMS by another name or by email; the others by their own name.
    pub learners: BTreeMap<String, Learner>,
    /// Whether the trainees' typed words go out; left out unless an instructor asks, as they
    /// may hold what a trainee would not want kept elsewhere.
    pub typed_words: bool,
}

impl Default for Statements {
    fn default() -> Self {
        Statements {
            iri: DEFAULT_IRI.to_owned(),
            home_page: None,
            learners: BTreeMap::new(),
            typed_words: false,
        }
    }
}

/// A result that cannot become statements.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error(
    "the result of {trainee} on {scenario} ({id}) has no scenario title and {scenario} is not among the scenarios here; run from the folder that holds it or give --scenarios"
)]
pub struct NoTitle {
    /// The trainee.
    pub trainee: String,
    /// The scenario's id.
    pub scenario: String,
    /// The result's id.
    pub id: uuid::Uuid,
}

/// The id of a result: a name-based UUID of what makes it that result, the same on every
/// desktop. Result files are named after it, imports compare by it, and its statements share
/// it as their registration.
pub fn result_id(r: &SavedResult) -> uuid::Uuid {
    let namespace = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"counterplay");
    let name = format!(
        "{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
        r.trainee,
        r.group.as_deref().unwrap_or(""),
        r.scenario,
        r.seed,
        r.finished_at,
        r.duration_seconds,
        r.outcome,
        r.score
    );
    uuid::Uuid::new_v5(&namespace, name.as_bytes())
}

/// Percent-encodes what may not stand in an IRI path segment (ASCII other than letters,
/// digits and `-._~`); other characters, Chinese included, are allowed in IRIs as they are.
fn segment(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if !c.is_ascii() || c.is_ascii_alphanumeric() || "-._~".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out += &format!("%{b:02X}");
            }
        }
    }
    out
}

/// A text in xAPI's language map.
fn language_map(text: &Text) -> Value {
    let mut map = serde_json::Map::new();
    if let Some(zh) = text.zh.as_deref().filter(|t| !t.is_empty()) {
        map.insert("zh-CN".into(), zh.into());
    }
    if let Some(en) = text.en.as_deref().filter(|t| !t.is_empty()) {
        map.insert("en-US".into(), en.into());
    }
    Value::Object(map)
}

/// `r` with the trainee's typed words taken out: the replies' text, and the words the findings
/// point at. What was heard (features, banned phrase ids, offers) stays.
pub fn without_typed_words(r: &SavedResult) -> SavedResult {
    let mut r = r.clone();
    for turn in &mut r.transcript.turns {
        if let ReplyChoice::Text(words) = &mut turn.choice {
            words.clear();
            turn.said = Text::default();
            turn.banned.iter_mut().for_each(|b| b.matched.clear());
            turn.hits.iter_mut().for_each(|h| h.matched.clear());
        }
    }
    r
}

impl Statements {
    fn iri(&self) -> &str {
        self.iri.trim_end_matches('/')
    }

    /// The namespace of this organisation's statement ids.
    fn namespace(&self) -> uuid::Uuid {
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, self.iri().as_bytes())
    }

    /// The id of the statement `part` (`completed`, `judged`, `reply/3`...) of result `id`.
    pub fn statement_id(&self, id: uuid::Uuid, part: &str) -> uuid::Uuid {
        uuid::Uuid::new_v5(&self.namespace(), format!("{id}/{part}").as_bytes())
    }

    fn extension(&self, name: &str) -> String {
        format!("{}/xapi/extensions/{name}", self.iri())
    }

    /// The trainee as the LMS knows them.
    pub fn actor(&self, trainee: &str) -> Value {
        match self.learners.get(trainee) {
            Some(Learner::Email(address)) => json!({
                "objectType": "Agent",
                "name": trainee,
                "mbox": format!("mailto:{address}"),
            }),
            known => {
                let name = match known {
                    Some(Learner::Account(name)) => name.as_str(),
                    _ => trainee,
                };
                let home = self
                    .home_page
                    .clone()
                    .unwrap_or_else(|| format!("{}/", self.iri()));
                json!({
                    "objectType": "Agent",
                    "name": trainee,
                    "account": { "homePage": home, "name": name },
                })
            }
        }
    }

    /// Every statement of result `r`, the session's first and then one per reply. `title` is
    /// the scenario's title when the result does not carry it (results kept before it did).
    pub fn of(&self, r: &SavedResult, title: Option<&Text>) -> Result<Vec<Value>, NoTitle> {
        let id = result_id(r);
        let title = r.title.as_ref().or(title).ok_or_else(|| NoTitle {
            trainee: r.trainee.clone(),
            scenario: r.scenario.clone(),
            id,
        })?;
        let kept = if self.typed_words {
            r.clone()
        } else {
            without_typed_words(r)
        };
        let scenario = json!({
            "objectType": "Activity",
            "id": format!("{}/scenarios/{}", self.iri(), segment(&r.scenario)),
            "definition": { "type": SIMULATION, "name": language_map(title) },
        });
        let mut context = json!({ "platform": PLATFORM, "registration": id.to_string() });
        if let Some(group) = &r.group {
            context["contextActivities"] = json!({
                "grouping": [{
                    "objectType": "Activity",
                    "id": format!("{}/groups/{}", self.iri(), segment(group)),
                    "definition": { "name": { "und": group } },
                }],
            });
            context["extensions"] = json!({ self.extension("group"): group });
        }
        let base = |part: &str, verb: &str, object: &Value, context: &Value| {
            json!({
                "id": self.statement_id(id, part).to_string(),
                "actor": self.actor(&r.trainee),
                "verb": { "id": format!("{VERBS}{verb}"), "display": { "en-US": verb } },
                "object": object,
                "context": context,
                "timestamp": timestamp(r.finished_at),
            })
        };

        let finished = r.transcript.ending.is_some();
        let mut out = Vec::new();
        if finished {
            // cmi5: `completed` says the conversation was had to its end and nothing more.
            let mut completed = base("completed", "completed", &scenario, &context);
            completed["result"] = json!({
                "completion": true,
                "duration": iso_duration(r.duration_seconds),
            });
            out.push(completed);
        }
        let verb = match (finished, r.passed) {
            (false, _) => "attempted",
            (true, true) => "passed",
            (true, false) => "failed",
        };
        let mut judged = base("judged", verb, &scenario, &context);
        let mut extensions = serde_json::Map::new();
        extensions.insert(self.extension("outcome"), r.outcome.clone().into());
        extensions.insert(self.extension("seed"), r.seed.into());
        extensions.insert(
            self.extension("banned-phrases"),
            json!(banned_phrases(&kept)),
        );
        if let Some(b) = &r.breakdown {
            let principles: serde_json::Map<String, Value> = b
                .principles
                .iter()
                .map(|(k, v)| (k.clone(), (*v).into()))
                .collect();
            extensions.insert(
                self.extension("breakdown"),
                json!({
                    "principles": principles,
                    "strategy": b.strategy,
                    "outcome": b.outcome,
                    "judgement": b.judgement,
                }),
            );
        }
        let mut record = serde_json::to_value(&kept).expect("results serialise");
        if record.get("title").is_none() {
            record["title"] = serde_json::to_value(title).expect("texts serialise");
        }
        extensions.insert(format!("{}{RECORD_EXTENSION}", self.iri()), record);
        judged["result"] = json!({
            "score": {
                "scaled": f64::from(r.score.min(100)) / 100.0,
                "raw": r.score,
                "min": 0,
                "max": 100,
            },
            "completion": finished,
            "duration": iso_duration(r.duration_seconds),
            "extensions": extensions,
        });
        if finished {
            judged["result"]["success"] = r.passed.into();
        }
        out.push(judged);

        let mut reply_context = context.clone();
        reply_context["contextActivities"]["parent"] = json!([scenario]);
        out.extend(
            replies(&kept.transcript)
                .enumerate()
                .map(|(i, (node, reply))| {
                    let object = json!({
                        "objectType": "Activity",
                        "id": format!(
                            "{}/scenarios/{}/nodes/{}",
                            self.iri(),
                            segment(&r.scenario),
                            segment(node)
                        ),
                        "definition": { "type": INTERACTION, "interactionType": "fill-in" },
                    });
                    let mut statement = base(
                        &format!("reply/{}", i + 1),
                        "responded",
                        &object,
                        &reply_context,
                    );
                    statement["result"] = json!({
                        "extensions": {
                            self.extension("reply"): reply,
                        },
                    });
                    if let Some(said) = reply["said"].as_str().filter(|s| !s.is_empty()) {
                        statement["result"]["response"] = said.into();
                    }
                    statement
                }),
        );
        Ok(out)
    }

    /// The statement withdrawing statement `target` of result `id` (xAPI's voiding; it names
    /// no platform, which xAPI allows only when the object is an activity).
    pub fn voiding(&self, trainee: &str, id: uuid::Uuid, target: uuid::Uuid, at: u64) -> Value {
        json!({
            "id": self.statement_id(id, &format!("void/{target}")).to_string(),
            "actor": self.actor(trainee),
            "verb": { "id": format!("{VERBS}voided"), "display": { "en-US": "voided" } },
            "object": { "objectType": "StatementRef", "id": target.to_string() },
            "timestamp": timestamp(at),
        })
    }
}

/// Each reply of a conversation as the `responded` statement's extension: its node, what was
/// said (as typed, or the option's text), what the customer heard and the mood after it.
fn replies(t: &Transcript) -> impl Iterator<Item = (&str, Value)> {
    t.turns.iter().map(|turn| {
        let said = turn.said.zh.as_deref().or(turn.said.en.as_deref());
        let said = match &turn.choice {
            ReplyChoice::Text(words) => words.as_str(),
            ReplyChoice::Option(_) => said.unwrap_or_default(),
        };
        let reply = json!({
            "node": turn.node,
            "typed": matches!(turn.choice, ReplyChoice::Text(_)),
            "option": turn.option.map(|o| o + 1),
            "said": said,
            "features": turn.features,
            "banned": turn.banned.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(),
            "offer": turn.offer,
            "mood": turn.mood,
            "anger": turn.anger,
            "trust": turn.trust,
            "patience": turn.patience,
        });
        (turn.node.as_str(), reply)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::tests::result;

    #[test]
    fn iri_segments_keep_chinese_and_encode_ascii_punctuation() {
        assert_eq!(segment("2026春 A/B"), "2026春%20A%2FB");
        assert_eq!(segment("card_wait"), "card_wait");
    }

    #[test]
    fn learners_are_known_by_account_or_email() {
        let mut s = Statements {
            home_page: Some("https://lms.example.edu".into()),
            ..Statements::default()
        };
        s.learners
            .insert("王芳".into(), Learner::Account("wfang".into()));
        s.learners
            .insert("Li Lei".into(), Learner::Email("li@example.edu".into()));
        assert_eq!(s.actor("王芳")["account"]["name"], "wfang");
        assert_eq!(
            s.actor("王芳")["account"]["homePage"],
            "https://lms.example.edu"
        );
        assert_eq!(s.actor("Li Lei")["mbox"], "mailto:li@example.edu");
        assert_eq!(s.actor("Zhang")["account"]["name"], "Zhang");
    }

    #[test]
    fn ids_are_stable_per_organisation_and_differ_between_them() {
        let r = result(1, 90);
        let a = Statements::default();
        let b = Statements {
            iri: "https://lms.example.edu/counterplay".into(),
            ..Statements::default()
        };
        let title = Text {
            zh: Some("等卡".into()),
            en: None,
        };
        let first = a.of(&r, Some(&title)).unwrap();
        assert_eq!(first, a.of(&r, Some(&title)).unwrap());
        assert_ne!(first[0]["id"], b.of(&r, Some(&title)).unwrap()[0]["id"]);
        assert!(
            a.of(&r, None).is_err(),
            "a result without a title is refused"
        );
    }
}
