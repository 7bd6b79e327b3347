//! Results sent to, withdrawn from and read back from a Learning Record Store (an LRS, the
//! server behind an LMS that keeps xAPI statements).
//!
//! What each LRS has acknowledged is written down in the data folder as it happens, so sending
//! again sends only what is new, and a sender killed at any moment loses nothing: a statement
//! sent but not yet written down is sent again under the same id, which the LRS already holds
//! and does not store twice.

mod client;
mod ledger;
mod send;
mod settings;

pub use client::{Client, LrsError, Stopped};
pub use ledger::Ledger;
pub use send::{Failure, Outgoing, Sent, SyncState, fetch, pending, send, sync, void};
pub use settings::{Auth, LrsSettings, MAX_BATCH, SETTINGS_FILE, check_endpoint};
