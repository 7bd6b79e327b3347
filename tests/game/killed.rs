//! The game killed at any moment, as a power cut or a crash would: the next start finds no
//! temporary file, every result readable and none twice.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use counterplay::results::ResultStore;
use counterplay::results::xapi::result_id;

/// Every file under `dir`.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
#[ignore = "needs an X server; .ci/run runs it under Xvfb"]
fn the_game_killed_at_any_moment_leaves_no_temporary_file_and_no_result_twice() {
    // The demonstration trainee plays two sessions; each round cuts it off later.
    for round in 0..5u64 {
        let base =
            std::env::temp_dir().join(format!("counterplay-killed-{round}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let data = base.join("data");
        let mut game = Command::new(env!("CARGO_BIN_EXE_counterplay"))
            .args(["shoot", "--out"])
            .arg(base.join("shots"))
            .arg("--data-dir")
            .arg(&data)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the game starts");
        std::thread::sleep(Duration::from_millis(1500 + round * 2000));
        let _ = game.kill();
        let _ = game.wait();

        // The next start signs the trainee in, as the game does.
        let store = ResultStore::at(&data);
        store.profile("王小明").unwrap();
        let left: Vec<PathBuf> = files(&data)
            .into_iter()
            .filter(|f| {
                f.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(".tmp-")
            })
            .collect();
        assert!(left.is_empty(), "round {round}: {left:?}");
        let all = store.all_results().unwrap();
        assert!(
            all.history.set_aside.is_empty(),
            "round {round}: {:?}",
            all.history.set_aside
        );
        let ids: HashSet<_> = all.history.results.iter().map(result_id).collect();
        assert_eq!(
            ids.len(),
            all.history.results.len(),
            "round {round}: a result twice"
        );
        let _ = std::fs::remove_dir_all(&base);
    }
}
