//! The real Learning Record Store the tests send to (Learning Locker's statements service,
//! installed by `bash .ci/lrs install`), started on a free port of the loopback. Shared by the
//! core's and the game's tests.

// Each test binary uses part of it.
#![allow(dead_code)]

use std::io::Read;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use counterplay::lrs::{Auth, Client};

/// The user the test LRS knows.
pub const USER: &str = "counterplay";
/// Their password.
pub const PASSWORD: &str = "practice";

/// The test LRS, stopped when dropped.
pub struct TestLrs {
    child: Child,
    /// Its xAPI endpoint.
    pub endpoint: String,
}

impl Drop for TestLrs {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl TestLrs {
    /// Starts the LRS on a free port of the loopback; none if it is not installed here and the
    /// test is not required to run.
    pub fn start() -> Option<TestLrs> {
        let installed = std::env::var_os("COUNTERPLAY_TEST_LRS")
            .map(PathBuf::from)
            .unwrap_or_else(|| crate::project("target/test-lrs"))
            .join("node_modules/xapi-statements/dist/server.js")
            .exists();
        if !installed {
            let required = std::env::var("COUNTERPLAY_LRS_TEST").as_deref() == Ok("required");
            assert!(
                !required,
                "the test LRS is not installed: bash .ci/lrs install"
            );
            eprintln!("skipped: the test LRS is not installed (bash .ci/lrs install)");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new("bash")
            .arg(crate::project(".ci/lrs"))
            .arg("start")
            .arg(port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let endpoint = format!("http://127.0.0.1:{port}/xAPI/");
        // Up when it answers; it says why if it stops first.
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                let mut why = String::new();
                child
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut why)
                    .unwrap();
                panic!("the test LRS stopped ({status}): {why}");
            }
            let about = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
            if about {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Some(TestLrs { child, endpoint })
    }

    /// A client signed in as the test user.
    pub fn client(&self) -> Client {
        Client::new(
            &self.endpoint,
            Auth::Basic {
                user: USER.into(),
                password: PASSWORD.into(),
            },
        )
    }

    /// `--lrs`, `--user` and `--password` for a command.
    pub fn args(&self) -> Vec<String> {
        [
            "--lrs",
            &self.endpoint,
            "--user",
            USER,
            "--password",
            PASSWORD,
        ]
        .map(str::to_owned)
        .to_vec()
    }
}
