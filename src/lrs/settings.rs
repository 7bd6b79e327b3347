//! Where an organisation's LRS is and how Counterplay signs in to it, kept in the data folder
//! beside the trainees' preferences, readable by the user alone.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::results::xapi::Statements;
use crate::results::{ResultStore, ResultsError, io_at, read_at_most};

/// The settings file, in the data folder.
pub const SETTINGS_FILE: &str = "lrs.ron";

/// How Counterplay signs in. Never printed: `Debug` shows only which kind it is.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Auth {
    /// No credentials (an LRS open on the local network).
    #[default]
    None,
    /// HTTP Basic: the LRS's key and secret, or a user and password.
    Basic {
        /// The key or user.
        user: String,
        /// The secret or password.
        password: String,
    },
    /// A bearer token.
    Token(String),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Auth::None => "None",
            Auth::Basic { .. } => "Basic(…)",
            Auth::Token(_) => "Token(…)",
        })
    }
}

impl Auth {
    /// The `Authorization` header's value, if any.
    pub(super) fn header(&self) -> Option<String> {
        match self {
            Auth::None => None,
            Auth::Basic { user, password } => Some(format!(
                "Basic {}",
                base64(format!("{user}:{password}").as_bytes())
            )),
            Auth::Token(token) => Some(format!("Bearer {token}")),
        }
    }

    /// What the user is told about the credentials: their kind and user, never a secret.
    pub fn describe(&self) -> String {
        match self {
            Auth::None => "no credentials".into(),
            Auth::Basic { user, .. } => format!("user {user} and a password"),
            Auth::Token(_) => "a token".into(),
        }
    }
}

/// Standard base64 with padding, for Basic credentials.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// An organisation's LRS and what its statements say.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LrsSettings {
    /// The LRS's xAPI endpoint (the address `statements` is under), if one is set.
    pub endpoint: Option<String>,
    /// How to sign in.
    pub auth: Auth,
    /// Statements per request.
    pub batch: usize,
    /// The organisation's IRI, its learners and whether typed words go out: `export` makes
    /// the same statements with the same ids.
    pub statements: Statements,
}

impl Default for LrsSettings {
    fn default() -> Self {
        LrsSettings {
            endpoint: None,
            auth: Auth::None,
            batch: 50,
            statements: Statements::default(),
        }
    }
}

/// The most statements one request may carry: an LRS refuses large bodies, and a batch is
/// all or nothing.
pub const MAX_BATCH: usize = 500;

impl LrsSettings {
    /// The settings kept in `store`'s folder, or the defaults when there are none.
    pub fn load(store: &ResultStore) -> Result<LrsSettings, ResultsError> {
        let path = store.root().join(SETTINGS_FILE);
        let invalid = |reason: String| ResultsError::Invalid {
            path: path.clone(),
            reason,
        };
        let bytes = match read_at_most(&path, 1 << 20) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(LrsSettings::default());
            }
            Err(e) => return Err(io_at(&path)(e)),
            Ok(None) => return Err(invalid("larger than 1 MiB".into())),
            Ok(Some(bytes)) => bytes,
        };
        let text = String::from_utf8(bytes).map_err(|_| invalid("not UTF-8 text".into()))?;
        let settings: LrsSettings = ron::from_str(&text).map_err(|e| invalid(e.to_string()))?;
        settings.check().map_err(invalid)?;
        Ok(settings)
    }

    /// Why these settings cannot be used, if they cannot.
    pub fn check(&self) -> Result<(), String> {
        if !(1..=MAX_BATCH).contains(&self.batch) {
            return Err(format!(
                "batch {} is not between 1 and {MAX_BATCH}",
                self.batch
            ));
        }
        if let Some(endpoint) = &self.endpoint {
            check_endpoint(endpoint)?;
        }
        Ok(())
    }

    /// Keeps the settings in `store`'s folder, readable by the user alone (they hold secrets).
    pub fn save(&self, store: &ResultStore) -> Result<(), ResultsError> {
        let path = store.root().join(SETTINGS_FILE);
        self.check().map_err(|reason| ResultsError::Invalid {
            path: path.clone(),
            reason,
        })?;
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .expect("settings serialise");
        store.save_private(SETTINGS_FILE, text.as_bytes())
    }
}

/// Why `endpoint` is not an LRS address, if it is not.
pub fn check_endpoint(endpoint: &str) -> Result<(), String> {
    let rest = endpoint
        .strip_prefix("https://")
        .or_else(|| endpoint.strip_prefix("http://"))
        .ok_or_else(|| format!("{endpoint:?} is not an http:// or https:// address"))?;
    if rest.is_empty() || rest.starts_with('/') || endpoint.chars().any(char::is_whitespace) {
        return Err(format!("{endpoint:?} names no server"));
    }
    if rest.contains('@') && rest.find('@') < rest.find('/') {
        return Err(
            "credentials do not belong in the address; give them with --user and --password or --token"
                .into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_base64() {
        assert_eq!(
            base64(b"Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b""), "");
    }

    #[test]
    fn secrets_are_never_shown() {
        let auth = Auth::Basic {
            user: "counterplay".into(),
            password: "s3cret".into(),
        };
        assert!(!format!("{auth:?}").contains("s3cret"));
        assert!(!auth.describe().contains("s3cret"));
        let settings = LrsSettings {
            auth: Auth::Token("t0ken".into()),
            ..LrsSettings::default()
        };
        assert!(!format!("{settings:?}").contains("t0ken"));
    }

    #[test]
    fn endpoints_are_http_addresses_without_credentials() {
        assert!(check_endpoint("http://127.0.0.1:8100/xAPI/").is_ok());
        assert!(check_endpoint("https://lrs.example.edu/data/xAPI").is_ok());
        assert!(check_endpoint("ftp://x").is_err());
        assert!(check_endpoint("http://").is_err());
        assert!(check_endpoint("https://me:pw@lrs.example.edu/").is_err());
    }

    #[test]
    fn settings_round_trip_and_are_private() {
        let dir = std::env::temp_dir().join(format!("counterplay-lrs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = ResultStore::at(&dir);
        assert_eq!(LrsSettings::load(&store).unwrap(), LrsSettings::default());
        let settings = LrsSettings {
            endpoint: Some("http://127.0.0.1:1/xAPI/".into()),
            auth: Auth::Basic {
                user: "u".into(),
                password: "p".into(),
            },
            batch: 10,
            ..LrsSettings::default()
        };
        settings.save(&store).unwrap();
        assert_eq!(LrsSettings::load(&store).unwrap(), settings);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(SETTINGS_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
