//! Results exported on another desktop, merged into this one's history. The xAPI export carries
//! each whole result; a result already here (same statement id) is not added again, so
//! importing a file twice changes nothing the second time.

use std::collections::HashSet;

use serde_json::Value;

use super::export::{RECORD_EXTENSION, statement_id};
use super::{ResultStore, ResultsError, SavedResult};

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// Results added to the history.
    pub added: usize,
    /// Results the history already had.
    pub already: usize,
    /// Statements that hold no result this program can read, with the reason.
    pub skipped: Vec<String>,
}

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Not JSON, or not statements.
    #[error(
        "not an xAPI export of Counterplay results ({0}); CSV holds no conversations, so move results between desktops with `export --format xapi`"
    )]
    NotStatements(String),
    /// The store could not be read or written.
    #[error(transparent)]
    Store(#[from] ResultsError),
}

/// The result a statement carries, if it is one of ours.
fn record(statement: &Value) -> Result<SavedResult, String> {
    let extensions = statement
        .pointer("/result/extensions")
        .and_then(Value::as_object)
        .ok_or("no result extensions")?;
    let (_, value) = extensions
        .iter()
        .find(|(k, _)| k.ends_with(RECORD_EXTENSION))
        .ok_or("no Counterplay result in its extensions")?;
    serde_json::from_value(value.clone()).map_err(|e| format!("its result cannot be read: {e}"))
}

/// Merges the statements in `json` (an array, or one statement) into `store`.
pub fn import(store: &ResultStore, json: &[u8]) -> Result<Imported, ImportError> {
    let value: Value =
        serde_json::from_slice(json).map_err(|e| ImportError::NotStatements(e.to_string()))?;
    let statements = match value {
        Value::Array(items) => items,
        one @ Value::Object(_) => vec![one],
        _ => {
            return Err(ImportError::NotStatements(
                "expected a list of statements".into(),
            ));
        }
    };
    let mut known: HashSet<uuid::Uuid> =
        store.everyone()?.results.iter().map(statement_id).collect();
    let mut done = Imported::default();
    for (i, statement) in statements.iter().enumerate() {
        let result = match record(statement) {
            Ok(r) => r,
            Err(why) => {
                done.skipped.push(format!("statement {}: {why}", i + 1));
                continue;
            }
        };
        if !known.insert(statement_id(&result)) {
            done.already += 1;
            continue;
        }
        let profile = match store.profile(&result.trainee) {
            Ok(p) => p,
            Err(e @ ResultsError::BadName(_)) => {
                done.skipped.push(format!("statement {}: {e}", i + 1));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        profile.save_result(&result)?;
        done.added += 1;
    }
    Ok(done)
}
