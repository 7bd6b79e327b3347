//! What one LRS has acknowledged and which results were withdrawn from it, written down in the
//! data folder as each answer arrives: lines appended and flushed to disk, so a sender killed
//! at any moment leaves at worst a torn last line, which is ignored (that statement is sent
//! again under the same id, and the LRS keeps one).

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::results::{ResultStore, ResultsError, hold_lock, io_at};

/// The ledger of one LRS in one data folder, held by one sender at a time.
#[derive(Debug)]
pub struct Ledger {
    dir: PathBuf,
    /// The ids of statements the LRS acknowledged.
    pub sent: HashSet<uuid::Uuid>,
    /// The results withdrawn (voided) from it.
    pub voided: HashSet<uuid::Uuid>,
    _lock: fs::File,
}

const SENT: &str = "sent";
const VOIDED: &str = "voided";

/// The ids on the whole lines of `path` (none if it does not exist).
fn read_ids(path: &Path) -> Result<HashSet<uuid::Uuid>, ResultsError> {
    let mut text = String::new();
    match fs::File::open(path) {
        Ok(mut f) => f.read_to_string(&mut text).map(drop).map_err(io_at(path))?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_at(path)(e)),
    }
    Ok(text
        .lines()
        .filter_map(|l| uuid::Uuid::parse_str(l.trim()).ok())
        .collect())
}

/// Appends `ids` to `path`, one per line, and flushes them to disk before returning.
fn append(path: &Path, ids: &[uuid::Uuid]) -> Result<(), ResultsError> {
    let mut f = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .read(true)
        .open(path)
        .map_err(io_at(path))?;
    let mut text = String::new();
    // A line torn by a kill is ended first, so the next id starts a line of its own.
    let len = f.seek(SeekFrom::End(0)).map_err(io_at(path))?;
    if len > 0 {
        let mut last = [0u8];
        f.seek(SeekFrom::Start(len - 1))
            .and_then(|_| f.read_exact(&mut last))
            .map_err(io_at(path))?;
        if last[0] != b'\n' {
            text.push('\n');
        }
    }
    for id in ids {
        text += &format!("{id}\n");
    }
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_data())
        .map_err(io_at(path))
}

impl Ledger {
    /// The folder of the LRS at `endpoint` in `store`: one per address, with or without its
    /// final `/`.
    fn dir(store: &ResultStore, endpoint: &str) -> PathBuf {
        let address = endpoint.trim_end_matches('/');
        let key = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, address.as_bytes());
        store.root().join("lrs").join(key.simple().to_string())
    }

    /// Opens the ledger of the LRS at `endpoint`, waiting while another sender holds it.
    pub fn open(store: &ResultStore, endpoint: &str) -> Result<Ledger, ResultsError> {
        let dir = Ledger::dir(store, endpoint);
        fs::create_dir_all(&dir).map_err(io_at(&dir))?;
        // Which LRS this is, for a person looking in the folder (written in place: no
        // temporary file to leave behind).
        let address = dir.join("endpoint");
        if !address.exists() {
            fs::write(&address, endpoint).map_err(io_at(&address))?;
        }
        let lock = hold_lock(&dir.join(".lock"))?;
        Ok(Ledger {
            sent: read_ids(&dir.join(SENT))?,
            voided: read_ids(&dir.join(VOIDED))?,
            dir,
            _lock: lock,
        })
    }

    /// Writes down statements the LRS acknowledged.
    pub fn acknowledged(&mut self, ids: &[uuid::Uuid]) -> Result<(), ResultsError> {
        append(&self.dir.join(SENT), ids)?;
        self.sent.extend(ids);
        Ok(())
    }

    /// Writes down a result withdrawn from the LRS: it is never sent there again.
    pub fn withdrawn(&mut self, result: uuid::Uuid) -> Result<(), ResultsError> {
        append(&self.dir.join(VOIDED), &[result])?;
        self.voided.insert(result);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_torn_line_is_ignored_and_the_next_id_starts_a_line() {
        let dir = std::env::temp_dir().join(format!("counterplay-ledger-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let store = ResultStore::at(&dir);
        let (a, b) = (uuid::Uuid::from_u128(1), uuid::Uuid::from_u128(2));
        {
            let mut ledger = Ledger::open(&store, "http://127.0.0.1:1/xAPI/").unwrap();
            ledger.acknowledged(&[a]).unwrap();
            // A kill halfway through the next line.
            let sent = ledger.dir.join(SENT);
            let mut f = fs::OpenOptions::new().append(true).open(&sent).unwrap();
            f.write_all(b"00000000-0000-").unwrap();
            ledger.acknowledged(&[b]).unwrap();
        }
        let ledger = Ledger::open(&store, "http://127.0.0.1:1/xAPI").unwrap();
        assert_eq!(ledger.sent, HashSet::from([a, b]));
        let _ = fs::remove_dir_all(&dir);
    }
}
