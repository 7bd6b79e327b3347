//! Sending what an LRS has not acknowledged yet, withdrawing a result, and reading statements
//! back.

use std::collections::HashMap;

use serde_json::Value;

use super::client::{Client, LrsError, Stopped};
use super::ledger::Ledger;
use crate::lang::Text;
use crate::results::SavedResult;
use crate::results::xapi::{Statements, result_id};

/// A statement waiting to go out, and whose it is.
#[derive(Clone, Debug)]
pub struct Outgoing {
    id: uuid::Uuid,
    statement: Value,
    result: usize,
}

/// A result that did not go out, and why.
#[derive(Debug)]
pub struct Failure {
    /// The result's id.
    pub result: uuid::Uuid,
    /// What kind of failure.
    pub stopped: Stopped,
    /// Why, in full.
    pub why: String,
}

/// What a send did.
#[derive(Debug, Default)]
pub struct Sent {
    /// Statements the LRS acknowledged this time.
    pub statements: usize,
    /// Results all of whose statements the LRS now holds, that it did not before.
    pub results: usize,
    /// Results sent before, whose statements went nowhere this time.
    pub already: usize,
    /// Results that did not go out.
    pub failures: Vec<Failure>,
}

/// The statements of `results` the LRS has not acknowledged, in the order made; results it
/// cannot send (no title known, withdrawn) are failures, and those withdrawn are skipped
/// without one.
pub fn pending(
    ledger: &Ledger,
    statements: &Statements,
    results: &[SavedResult],
    titles: &HashMap<String, Text>,
    sent: &mut Sent,
) -> Vec<Outgoing> {
    let mut out = Vec::new();
    for (i, r) in results.iter().enumerate() {
        let id = result_id(r);
        if ledger.voided.contains(&id) {
            continue;
        }
        match statements.of(r, titles.get(&r.scenario)) {
            Ok(all) => {
                let before = out.len();
                out.extend(all.into_iter().filter_map(|statement| {
                    let sid = uuid::Uuid::parse_str(statement["id"].as_str()?).ok()?;
                    (!ledger.sent.contains(&sid)).then_some(Outgoing {
                        id: sid,
                        statement,
                        result: i,
                    })
                }));
                sent.already += usize::from(out.len() == before);
            }
            Err(e) => sent.failures.push(Failure {
                result: id,
                stopped: Stopped::NoTitle,
                why: e.to_string(),
            }),
        }
    }
    out
}

/// Whether the LRS's statement `held` says what `ours` says (an LRS adds `stored`,
/// `authority` and `version`, may write times differently, and may write 1.0 as 1).
fn same(ours: &Value, held: &Value) -> bool {
    ["actor", "verb", "object", "result"]
        .iter()
        .all(|k| equal(ours.get(*k), held.get(*k)))
        && equal(
            ours.pointer("/context/registration"),
            held.pointer("/context/registration"),
        )
}

/// JSON equality with numbers compared by value.
fn equal(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| equal(Some(x), Some(y)))
        }
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            x.len() == y.len() && x.iter().all(|(k, v)| equal(Some(v), y.get(k)))
        }
        (a, b) => a == b,
    }
}

/// Sends `outgoing` to the LRS in batches of `batch`, writing down each acknowledged batch
/// before the next goes. A batch refused for a conflict is sent statement by statement: one
/// the LRS already holds unchanged counts as sent, a different one fails its result only.
/// `progress` hears how many statements are done of how many.
pub fn send(
    client: &Client,
    ledger: &mut Ledger,
    results: &[SavedResult],
    outgoing: Vec<Outgoing>,
    batch: usize,
    sent: &mut Sent,
    mut progress: impl FnMut(usize, usize),
) -> Result<(), LrsError> {
    let total = outgoing.len();
    let mut failed: Vec<usize> = Vec::new();
    let mut touched: Vec<usize> = Vec::new();
    let mut done = 0;
    for chunk in outgoing.chunks(batch.max(1)) {
        let statements: Vec<Value> = chunk.iter().map(|o| o.statement.clone()).collect();
        if client.post(&statements)? {
            ledger
                .acknowledged(&chunk.iter().map(|o| o.id).collect::<Vec<_>>())
                .map_err(|e| LrsError::BadAnswer(e.to_string()))?;
            sent.statements += chunk.len();
        } else {
            for o in chunk {
                let accepted = match client.statement(&o.id.to_string())? {
                    Some(held) => same(&o.statement, &held),
                    None => client.put(&o.statement)?,
                };
                if accepted {
                    ledger
                        .acknowledged(&[o.id])
                        .map_err(|e| LrsError::BadAnswer(e.to_string()))?;
                    sent.statements += 1;
                } else if !failed.contains(&o.result) {
                    failed.push(o.result);
                    let r = &results[o.result];
                    sent.failures.push(Failure {
                        result: result_id(r),
                        stopped: Stopped::Conflict,
                        why: LrsError::Conflict {
                            id: o.id.to_string(),
                            trainee: r.trainee.clone(),
                            scenario: r.scenario.clone(),
                            part: o.statement["verb"]["display"]["en-US"]
                                .as_str()
                                .unwrap_or_default()
                                .to_owned(),
                        }
                        .to_string(),
                    });
                }
            }
        }
        done += chunk.len();
        touched.extend(chunk.iter().map(|o| o.result));
        progress(done, total);
    }
    touched.sort_unstable();
    touched.dedup();
    sent.results += touched.iter().filter(|r| !failed.contains(r)).count();
    Ok(())
}

/// Withdraws result `r` from the LRS: every statement of it the LRS acknowledged is voided,
/// and the result is never sent there again. Returns how many statements were voided.
pub fn void(
    client: &Client,
    ledger: &mut Ledger,
    statements: &Statements,
    r: &SavedResult,
    now: u64,
) -> Result<usize, LrsError> {
    let id = result_id(r);
    let parts = ["completed".to_owned(), "judged".to_owned()]
        .into_iter()
        .chain((1..=r.transcript.turns.len()).map(|i| format!("reply/{i}")));
    let voidings: Vec<Value> = parts
        .map(|part| statements.statement_id(id, &part))
        .filter(|target| ledger.sent.contains(target))
        .map(|target| statements.voiding(&r.trainee, id, target, now))
        .collect();
    let write = |e: crate::results::ResultsError| LrsError::BadAnswer(e.to_string());
    // Written down first: a result being withdrawn is never sent again, even if this stops.
    ledger.withdrawn(id).map_err(write)?;
    for chunk in voidings.chunks(50) {
        if !client.post(chunk)? {
            for v in chunk {
                if client
                    .statement(v["id"].as_str().unwrap_or_default())?
                    .is_none()
                {
                    client.put(v)?;
                }
            }
        }
    }
    Ok(voidings.len())
}

/// Every statement the LRS gives this client.
pub fn fetch(client: &Client, progress: impl FnMut(usize)) -> Result<Vec<Value>, LrsError> {
    client.all_statements(progress)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_lrs_writing_numbers_its_own_way_holds_the_same_statement() {
        let ours =
            serde_json::json!({ "verb": { "id": "v" }, "result": { "x": [1.0, { "y": 0.5 }] } });
        let held = serde_json::json!({ "verb": { "id": "v" }, "result": { "x": [1, { "y": 0.5 }] }, "stored": "now" });
        assert!(same(&ours, &held));
        let other =
            serde_json::json!({ "verb": { "id": "v" }, "result": { "x": [2, { "y": 0.5 }] } });
        assert!(!same(&ours, &other));
    }
}

/// Where a data folder's results stand with its LRS, as the game shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncState {
    /// The LRS.
    pub endpoint: String,
    /// Results all of whose statements it holds.
    pub sent: usize,
    /// Results still to go (queued while it cannot be reached).
    pub waiting: usize,
    /// What stopped the last attempt, and why in full, if it stopped.
    pub failed: Option<(Stopped, String)>,
}

/// Sends every result of `store` its LRS has not acknowledged, as `send` does, and says where
/// they stand; none when no LRS is set. Meant to run after each session and again while
/// results wait: nothing is lost or sent twice whenever it stops.
pub fn sync(
    store: &crate::results::ResultStore,
    settings: &super::LrsSettings,
) -> Option<SyncState> {
    let endpoint = settings.endpoint.clone()?;
    let mut state = SyncState {
        endpoint: endpoint.clone(),
        ..SyncState::default()
    };
    let fail = |mut state: SyncState, why: String| {
        state.failed = Some((Stopped::DataFolder, why));
        Some(state)
    };
    let mut ledger = match Ledger::open(store, &endpoint) {
        Ok(l) => l,
        Err(e) => return fail(state, e.to_string()),
    };
    let results = match store.all_results() {
        Ok(all) => all.history.results,
        Err(e) => return fail(state, e.to_string()),
    };
    let mut client = Client::new(&endpoint, settings.auth.clone());
    client.tries = 2;
    let mut sent = Sent::default();
    let outgoing = pending(
        &ledger,
        &settings.statements,
        &results,
        &HashMap::new(),
        &mut sent,
    );
    let outcome = send(
        &client,
        &mut ledger,
        &results,
        outgoing,
        settings.batch,
        &mut sent,
        |_, _| {},
    );
    let after = pending(
        &ledger,
        &settings.statements,
        &results,
        &HashMap::new(),
        &mut Sent::default(),
    );
    let mut waiting: Vec<usize> = after.iter().map(|o| o.result).collect();
    waiting.dedup();
    state.waiting = waiting.len() + sent.failures.len();
    let withdrawn = results
        .iter()
        .filter(|r| ledger.voided.contains(&result_id(r)))
        .count();
    state.sent = results.len().saturating_sub(state.waiting + withdrawn);
    state.failed = match outcome {
        Err(e) => Some((e.stopped(), e.to_string())),
        Ok(()) => sent.failures.first().map(|f| (f.stopped, f.why.clone())),
    };
    Some(state)
}
