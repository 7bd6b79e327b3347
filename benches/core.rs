//! The core's speed: judging a reply, one customer step, a whole `run`, `explore` of the largest
//! shipped scenario, and loading and validating a thousand scenario files.
//!
//! Run with `cargo bench --no-default-features` (the game is not needed, and leaving it out
//! spares an optimised build of Bevy).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use counterplay::assets::Assets;
use counterplay::customer::{Customer, CustomerParams, StepInput};
use counterplay::explore::{DEFAULT_SEEDS, explore};
use counterplay::rulebook::{Feature, Features, Matcher, shipped_rulebook};
use counterplay::scenario::{CheckContext, Grade, Scenario, load_paths, load_str};
use counterplay::scoring::{best_alternative, score};
use counterplay::session::{ReplyInput, Session};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/core/hostile.rs"]
mod hostile;

fn project(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn shipped(matcher: &Matcher, assets: &Assets) -> Vec<Arc<Scenario>> {
    let ctx = CheckContext {
        matcher,
        assets: Some(assets),
    };
    let (loaded, _) = load_paths(&[project("scenarios")], ctx);
    loaded
        .into_iter()
        .filter_map(|f| f.scenario)
        .map(Arc::new)
        .collect()
}

/// What `counterplay run` does: play the good replies, score, find the best alternative.
fn full_run(matcher: &Matcher, scenario: &Arc<Scenario>) -> u32 {
    let mut session = Session::start(scenario.clone(), 1).unwrap();
    while !session.is_over() {
        let good = session.option_of_grade(Grade::Good).unwrap_or(0);
        session.reply(matcher, ReplyInput::option(good)).unwrap();
    }
    let transcript = session.transcript();
    let alternative = best_alternative(scenario, matcher, transcript);
    score(matcher.rulebook(), scenario, transcript).total + alternative.map_or(0, |a| a.gain)
}

/// A folder of `n` copies of the shipped scenarios under new ids, as a large course library.
fn generated_library(n: usize) -> tempdir::Dir {
    let dir = tempdir::Dir::new("counterplay-bench");
    let sources: Vec<(String, String)> = std::fs::read_dir(project("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    for i in 0..n {
        let (id, text) = &sources[i % sources.len()];
        let new_id = format!("{id}_{i:04}");
        let text = text.replacen(&format!("id: \"{id}\""), &format!("id: \"{new_id}\""), 1);
        std::fs::write(dir.path().join(format!("{new_id}.ron")), text).unwrap();
    }
    dir
}

/// A temporary folder removed when dropped.
mod tempdir {
    use std::path::{Path, PathBuf};

    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new(name: &str) -> Dir {
            let path = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).unwrap();
            Dir(path)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn benches(c: &mut Criterion) {
    let matcher = shipped_rulebook();
    let assets = Assets::open(project("assets")).unwrap();
    let scenarios = shipped(&matcher, &assets);

    c.bench_function("load the rulebook and learn its examples", |b| {
        b.iter(shipped_rulebook)
    });

    c.bench_function("judge one typed reply (English)", |b| {
        let reply = "I'm so sorry you've waited half an hour with no word from anyone; \
                     anyone would be fuming. Let me check where your card is right now.";
        b.iter(|| matcher.judge_typed(black_box(reply), None))
    });

    c.bench_function("judge one reply", |b| {
        let reply = "王先生，真不好意思让您久等了。您是说交了资料已经等了30分钟，卡还没拿到，\
                     也没人跟您说一声，对吗？换了是我也会着急。我现在就帮您查一下。";
        b.iter(|| matcher.judge_typed(black_box(reply), None))
    });

    c.bench_function("one customer step", |b| {
        let card_wait = scenarios.iter().find(|s| s.id == "card_wait").unwrap();
        let customer = Customer::new(CustomerParams::exact(card_wait));
        let mut features = Features::default();
        features.set(Feature::Apology, 1.0);
        features.set(Feature::Empathy, 1.0);
        features.set(Feature::Action, 1.0);
        let input = StepInput {
            features,
            offer: None,
            overtime: 0.0,
        };
        b.iter(|| {
            let mut c = customer.clone();
            c.step(black_box(&input))
        })
    });

    c.bench_function("full run (card_wait, good replies, debrief)", |b| {
        let card_wait = scenarios.iter().find(|s| s.id == "card_wait").unwrap();
        b.iter(|| full_run(&matcher, black_box(card_wait)))
    });

    let largest = scenarios
        .iter()
        .max_by_key(|s| {
            (
                s.nodes.len(),
                s.nodes.iter().map(|n| n.replies.len()).sum::<usize>(),
            )
        })
        .unwrap();
    let mut slow = c.benchmark_group("slow");
    slow.sample_size(10);
    slow.bench_function(format!("explore {} (5 seeds)", largest.id), |b| {
        b.iter(|| explore(black_box(largest), &matcher, DEFAULT_SEEDS).unwrap())
    });

    let library = generated_library(1000);
    let ctx = CheckContext {
        matcher: &matcher,
        assets: Some(&assets),
    };
    slow.bench_function("load and validate 1000 scenario files", |b| {
        b.iter(|| {
            let (loaded, problems) = load_paths(&[library.path().to_path_buf()], ctx);
            assert_eq!(loaded.len(), 1000);
            assert!(problems.is_empty());
            loaded
        })
    });

    let wide = hostile::too_many_nodes();
    let wrong = hostile::every_reply_wrong();
    for (name, source) in [
        ("14,000 nodes", &wide),
        ("499 nodes, every reply wrong", &wrong),
    ] {
        slow.bench_function(format!("check a one-line file of {name}"), |b| {
            b.iter(|| {
                load_str(Path::new("x.ron"), black_box(source), ctx)
                    .diagnostics
                    .len()
            })
        });
    }
    slow.finish();
}

criterion_group!(core, benches);
criterion_main!(core);
