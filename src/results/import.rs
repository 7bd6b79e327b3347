//! Results exported on another desktop, merged into this one's history. The xAPI export carries
//! each whole result; a result already here (same statement id) is not added again, so
//! importing a file twice changes nothing the second time.
//!
//! An import is all or nothing: every statement is read and checked before the first result is
//! filed, the data folder is held for writing throughout, and a failure to write removes what
//! this import had filed.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

use super::xapi::{PLATFORM, RECORD_EXTENSION, result_id};
use super::{
    IMPORT_JOURNAL, ResultStore, ResultsError, SavedResult, SetAside, Skipped, read_at_most,
    write_replacing,
};

/// The most bytes an import reads: some thousands of results with their conversations, and far
/// less than would exhaust memory once parsed.
pub const IMPORT_LIMIT: u64 = 64 << 20;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// Results added to the history.
    pub added: usize,
    /// Results the history already had.
    pub already: usize,
    /// Counterplay's statements of replies and completions, which travel with the statement
    /// that carries their result.
    pub parts: usize,
    /// Statements that hold no Counterplay result (another program's), with the reason.
    pub skipped: Vec<String>,
    /// Files of this store that could not be read and were set aside on the way.
    pub set_aside: Vec<SetAside>,
    /// Entries of the profiles folder that are not trainees' folders.
    pub skipped_entries: Vec<Skipped>,
}

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Not JSON, or not statements.
    #[error(
        "not an xAPI export of Counterplay results ({0}); CSV holds no conversations, so move results between desktops with `export --format xapi`"
    )]
    NotStatements(String),
    /// A statement carries a Counterplay result that cannot be kept.
    #[error("statement {number}: {reason}; nothing was imported")]
    BadStatement {
        /// Which statement, from 1.
        number: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The file is not one to read whole.
    #[error("{0}")]
    Unreadable(String),
    /// The store could not be read or written.
    #[error(transparent)]
    Store(#[from] ResultsError),
}

/// The contents of the file at `path`, read no further than [`IMPORT_LIMIT`] whatever it is
/// (a device such as `/dev/zero` never ends, and its length says nothing).
pub fn read_export(path: &Path) -> Result<Vec<u8>, ImportError> {
    let too_large = || {
        ImportError::Unreadable(format!(
            "larger than {} MiB, the most an import reads; split the export with `--group` or `--since`",
            IMPORT_LIMIT >> 20
        ))
    };
    read_at_most(path, IMPORT_LIMIT)
        .map_err(|e| ImportError::Unreadable(e.to_string()))?
        .ok_or_else(too_large)
}

/// The result a statement carries: none if it is another program's statement, an error if it
/// is ours and cannot be kept.
fn record(statement: &Value) -> Result<Option<SavedResult>, String> {
    let Some((_, value)) = statement
        .pointer("/result/extensions")
        .and_then(Value::as_object)
        .and_then(|x| x.iter().find(|(k, _)| k.ends_with(RECORD_EXTENSION)))
    else {
        return Ok(None);
    };
    let result: SavedResult = serde_json::from_value(value.clone())
        .map_err(|e| format!("its result cannot be read: {e}"))?;
    result
        .check()
        .map_err(|e| format!("its result holds {e}"))?;
    Ok(Some(result))
}

/// Merges the statements in `json` into `store`: an array of statements, one statement, or an
/// LRS's answer to a query (`{"statements": [...], "more": ...}`).
pub fn import(store: &ResultStore, json: &[u8]) -> Result<Imported, ImportError> {
    let value: Value =
        serde_json::from_slice(json).map_err(|e| ImportError::NotStatements(e.to_string()))?;
    import_statements(store, statements_in(value)?)
}

/// The statements a JSON document holds: an array, one statement, or an LRS's answer.
pub fn statements_in(value: Value) -> Result<Vec<Value>, ImportError> {
    match value {
        Value::Array(items) => Ok(items),
        Value::Object(mut answer) if answer.contains_key("statements") => {
            match answer.remove("statements") {
                Some(Value::Array(items)) => Ok(items),
                _ => Err(ImportError::NotStatements(
                    "its `statements` is not a list".into(),
                )),
            }
        }
        one @ Value::Object(_) => Ok(vec![one]),
        _ => Err(ImportError::NotStatements(
            "expected a list of statements".into(),
        )),
    }
}

/// Whether a statement is one of Counterplay's that belongs to a result carried by another
/// (a reply, a completion), or a voiding, which never carries a result.
fn is_part(statement: &Value) -> bool {
    let text = |at: &str| statement.pointer(at).and_then(Value::as_str);
    text("/context/platform") == Some(PLATFORM)
        || text("/verb/id") == Some("http://adlnet.gov/expapi/verbs/voided")
}

/// Merges `statements` into `store`, all or nothing.
pub fn import_statements(
    store: &ResultStore,
    statements: Vec<Value>,
) -> Result<Imported, ImportError> {
    let mut done = Imported::default();
    let mut incoming = Vec::new();
    for (i, statement) in statements.iter().enumerate() {
        match record(statement) {
            Ok(Some(result)) => incoming.push(result),
            Ok(None) if is_part(statement) => done.parts += 1,
            Ok(None) => done
                .skipped
                .push(format!("statement {}: holds no Counterplay result", i + 1)),
            Err(reason) => {
                return Err(ImportError::BadStatement {
                    number: i + 1,
                    reason,
                });
            }
        }
    }

    let _writing = store.start_writing()?;
    let here = store.all_results_held()?;
    done.set_aside = here.history.set_aside;
    done.skipped_entries = here.skipped;
    let mut known: HashSet<uuid::Uuid> = here.history.results.iter().map(result_id).collect();
    let incoming: Vec<SavedResult> = incoming
        .into_iter()
        .filter(|result| {
            let new = known.insert(result_id(result));
            done.already += usize::from(!new);
            new
        })
        .collect();
    let journal = store.root.join(IMPORT_JOURNAL);
    let ids: String = incoming
        .iter()
        .map(|r| format!("{}\n", result_id(r)))
        .collect();
    write_replacing(&journal, ids.as_bytes())?;
    let mut filed = Vec::new();
    for result in incoming {
        let saved = store
            .profile_held(&result.trainee)
            .and_then(|profile| profile.save_result_held(&result));
        match saved {
            Ok((path, true)) => filed.push(path),
            Ok((_, false)) => done.already += 1,
            Err(e) => {
                for path in &filed {
                    let _ = fs::remove_file(path);
                }
                let _ = fs::remove_file(&journal);
                return Err(e.into());
            }
        }
    }
    fs::remove_file(&journal).map_err(super::io_at(&journal))?;
    done.added = filed.len();
    Ok(done)
}
