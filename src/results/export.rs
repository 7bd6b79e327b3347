//! Results for instructors: CSV for spreadsheets, and the dates, durations and phrase lists
//! that CSV and xAPI statements ([`super::xapi`]) both show.

use std::io;

use super::SavedResult;
use crate::rulebook::PrincipleId;

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

/// The banned phrases a result's trainee said, in order (their ids where the words were left out).
pub fn banned_phrases(r: &SavedResult) -> Vec<String> {
    r.transcript
        .turns
        .iter()
        .flat_map(|t| t.banned.iter())
        // Typed words left out of a statement leave the phrase's id.
        .map(|b| {
            if b.matched.is_empty() {
                b.id.clone()
            } else {
                b.matched.clone()
            }
        })
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
}
