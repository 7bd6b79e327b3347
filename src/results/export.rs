//! Results for instructors and learning systems: CSV for spreadsheets, and xAPI statements
//! (the Experience API's structure: actor, verb, object, result, context) that an LMS or a
//! Learning Record Store can ingest. Each statement also carries the whole result, so another
//! desktop can import it without losing the conversation.

use std::io;

use serde_json::{Value, json};

use super::SavedResult;
use crate::lang::Text;
use crate::rulebook::PrincipleId;

/// The address statement identifiers are built on when the instructor gives none. Trainees,
/// scenarios and groups become IRIs under it; an organisation sets its own with `--iri`.
pub const DEFAULT_IRI: &str = "https://counterplay.example";

/// The xAPI verbs used: a finished conversation is completed, an unfinished one attempted.
const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
const ATTEMPTED: &str = "http://adlnet.gov/expapi/verbs/attempted";
/// The activity type of a scenario.
const SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
/// The extension under `result` that holds the whole result, for `import`.
pub const RECORD_EXTENSION: &str = "/xapi/extensions/result";

/// Which results to export.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only this group's.
    pub group: Option<String>,
    /// Only those finished at or after this time (seconds since 1970, UTC).
    pub since: Option<u64>,
}

impl Filter {
    /// Whether `r` passes.
    pub fn keeps(&self, r: &SavedResult) -> bool {
        self.group
            .as_deref()
            .is_none_or(|g| r.group.as_deref() == Some(g))
            && self.since.is_none_or(|s| r.finished_at >= s)
    }
}

/// A date (`2026-11-01`, the start of that day in UTC) or a timestamp (`2026-11-01T08:00:00Z`)
/// as seconds since 1970.
pub fn parse_since(text: &str) -> Result<u64, String> {
    let stamp = if text.contains('T') {
        text.to_owned()
    } else {
        format!("{text}T00:00:00Z")
    };
    let t: jiff::Timestamp = stamp
        .parse()
        .map_err(|_| format!("`{text}` is not a date; write it as 2026-11-01"))?;
    u64::try_from(t.as_second()).map_err(|_| format!("`{text}` is before 1970"))
}

/// Seconds since 1970 as an RFC 3339 / ISO 8601 UTC time.
pub fn timestamp(seconds: u64) -> String {
    i64::try_from(seconds)
        .ok()
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_string()
}

/// Seconds since 1970 as a year-month-day date (UTC), as the history lists attempts.
pub fn date(seconds: u64) -> String {
    timestamp(seconds)[..10].to_owned()
}

/// Seconds as an ISO 8601 duration (`PT1M35S`).
pub fn iso_duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut out = String::from("PT");
    if h > 0 {
        out += &format!("{h}H");
    }
    if m > 0 {
        out += &format!("{m}M");
    }
    if s > 0 || (h == 0 && m == 0) {
        out += &format!("{s}S");
    }
    out
}

/// The banned phrases a result's trainee said, in order.
pub fn banned_phrases(r: &SavedResult) -> Vec<String> {
    r.transcript
        .turns
        .iter()
        .flat_map(|t| t.banned.iter().map(|b| b.matched.clone()))
        .collect()
}

/// `text` as a CSV cell a spreadsheet shows rather than runs: a cell beginning with `=`, `+`,
/// `-`, `@`, a tab or a carriage return would be read as a formula (CSV injection), so it gets a
/// leading `'`, which spreadsheets hide (OWASP's advice).
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Writes `results` as CSV: a header, then one row per result; no cell can run as a formula.
pub fn write_csv<'a, W: io::Write>(
    out: W,
    results: impl IntoIterator<Item = &'a SavedResult>,
) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec![
        "trainee",
        "group",
        "scenario",
        "seed",
        "date",
        "duration_seconds",
        "outcome",
        "score",
        "passed",
    ];
    header.extend(PrincipleId::ALL.map(PrincipleId::key));
    header.extend(["strategy", "outcome_points", "judgement", "banned_phrases"]);
    w.write_record(&header)?;
    for r in results {
        let part = |key: &str| {
            r.breakdown
                .as_ref()
                .and_then(|b| b.principles.iter().find(|(k, _)| k == key))
                .map(|(_, v)| v.to_string())
                .unwrap_or_default()
        };
        let mut row = vec![
            cell(&r.trainee),
            cell(r.group.as_deref().unwrap_or_default()),
            cell(&r.scenario),
            r.seed.to_string(),
            timestamp(r.finished_at),
            r.duration_seconds.to_string(),
            cell(&r.outcome),
            r.score.to_string(),
            r.passed.to_string(),
        ];
        row.extend(PrincipleId::ALL.map(|p| part(p.key())));
        row.push(
            r.breakdown
                .as_ref()
                .and_then(|b| b.strategy)
                .map(|s| s.to_string())
                .unwrap_or_default(),
        );
        row.push(
            r.breakdown
                .as_ref()
                .map(|b| b.outcome.to_string())
                .unwrap_or_default(),
        );
        row.push(
            r.breakdown
                .as_ref()
                .and_then(|b| b.judgement)
                .map(|j| j.to_string())
                .unwrap_or_default(),
        );
        row.push(cell(&banned_phrases(r).join("; ")));
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
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

/// The statement id of a result: a name-based UUID of what makes it that result, so the same
/// result always gets the same id, on any desktop and under any `--iri`.
pub fn statement_id(r: &SavedResult) -> uuid::Uuid {
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

/// A scenario's title in xAPI's language map.
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

/// One result as an xAPI statement. `iri` is the organisation's base address; `title` the
/// scenario's title, when the scenario is known here.
pub fn statement(r: &SavedResult, iri: &str, title: Option<&Text>) -> Value {
    let iri = iri.trim_end_matches('/');
    let finished = r.transcript.ending.is_some();
    let (verb, verb_name) = if finished {
        (COMPLETED, "completed")
    } else {
        (ATTEMPTED, "attempted")
    };
    let ext = |name: &str| format!("{iri}/xapi/extensions/{name}");
    let mut definition = json!({ "type": SIMULATION });
    if let Some(title) = title {
        definition["name"] = language_map(title);
    }
    let mut result_extensions = serde_json::Map::new();
    result_extensions.insert(ext("outcome"), r.outcome.clone().into());
    result_extensions.insert(ext("seed"), r.seed.into());
    result_extensions.insert(ext("banned-phrases"), json!(banned_phrases(r)));
    if let Some(b) = &r.breakdown {
        let principles: serde_json::Map<String, Value> = b
            .principles
            .iter()
            .map(|(k, v)| (k.clone(), (*v).into()))
            .collect();
        result_extensions.insert(
            ext("breakdown"),
            json!({
                "principles": principles,
                "strategy": b.strategy,
                "outcome": b.outcome,
                "judgement": b.judgement,
            }),
        );
    }
    result_extensions.insert(
        format!("{iri}{RECORD_EXTENSION}"),
        serde_json::to_value(r).expect("results serialise"),
    );
    let mut statement = json!({
        "id": statement_id(r).to_string(),
        "actor": {
            "objectType": "Agent",
            "name": r.trainee,
            "account": { "homePage": format!("{iri}/"), "name": r.trainee },
        },
        "verb": { "id": verb, "display": { "en-US": verb_name } },
        "object": {
            "objectType": "Activity",
            "id": format!("{iri}/scenarios/{}", segment(&r.scenario)),
            "definition": definition,
        },
        "result": {
            "score": {
                "scaled": f64::from(r.score.min(100)) / 100.0,
                "raw": r.score,
                "min": 0,
                "max": 100,
            },
            "success": r.passed,
            "completion": finished,
            "duration": iso_duration(r.duration_seconds),
            "extensions": result_extensions,
        },
        "context": { "platform": "Counterplay" },
        "timestamp": timestamp(r.finished_at),
    });
    if let Some(group) = &r.group {
        statement["context"]["contextActivities"] = json!({
            "grouping": [{
                "objectType": "Activity",
                "id": format!("{iri}/groups/{}", segment(group)),
                "definition": { "name": { "und": group } },
            }],
        });
        statement["context"]["extensions"] = json!({ ext("group"): group });
    }
    statement
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(95), "PT1M35S");
        assert_eq!(iso_duration(3600), "PT1H");
        assert_eq!(iso_duration(3725), "PT1H2M5S");
    }

    #[test]
    fn dates_and_times_read_and_print_in_utc() {
        assert_eq!(parse_since("2026-11-01"), Ok(1_793_491_200));
        assert_eq!(parse_since("2026-11-01T08:00:00Z"), Ok(1_793_520_000));
        assert!(parse_since("1 Nov").is_err());
        assert!(parse_since("1969-12-31").is_err());
        assert_eq!(timestamp(1_793_520_000), "2026-11-01T08:00:00Z");
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_795_392_000), "2026-11-23");
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
        let mut r = crate::results::tests::result(1, 90);
        r.group = Some("=cmd|' /C calc'!A0".into());
        let mut out = Vec::new();
        write_csv(&mut out, [&r]).unwrap();
        let row = csv::Reader::from_reader(&out[..])
            .records()
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(&row[1], "'=cmd|' /C calc'!A0");
        for risky in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(cell(risky), format!("'{risky}"));
        }
        assert_eq!(cell("card_wait"), "card_wait");
    }

    #[test]
    fn iri_segments_keep_chinese_and_encode_ascii_punctuation() {
        assert_eq!(segment("2026春 A/B"), "2026春%20A%2FB");
        assert_eq!(segment("card_wait"), "card_wait");
    }
}
