//! What the patterns miss, learned from the rulebook's example replies: instructors improve
//! judging by adding a reply and what it does, not by writing another pattern. A linear model on
//! character and word n-grams, trained when the rulebook loads with a fixed order and no
//! randomness, so the same rulebook always judges the same way.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use crate::lang::{Lang, is_han};

use super::Feature;

/// One labelled reply: what an instructor says the words do. The same rows serve as the
/// rulebook's examples and as an evaluation set (`judge --eval`).
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// The line it was read from (1-based, the header is line 1).
    pub line: usize,
    /// The reply's main language.
    pub lang: Lang,
    /// Whether it contains a phrase the course bans.
    pub banned: bool,
    /// What it does (never `Banned`).
    pub features: Vec<Feature>,
    /// The reply.
    pub text: String,
}

/// The header every labelled file starts with.
pub const EXAMPLES_HEADER: &str = "lang\tbanned\tfeatures\ttext";

/// Reads labelled replies (tab-separated: `lang banned features text`, one header line);
/// an error names the line and what was expected.
pub fn parse_examples(source: &str) -> Result<Vec<Example>, (usize, String)> {
    let mut lines = source.lines().enumerate();
    match lines.next() {
        Some((_, h)) if h.trim_start_matches('\u{feff}').trim_end() == EXAMPLES_HEADER => {}
        _ => return Err((1, format!("expected the header `{EXAMPLES_HEADER}`"))),
    }
    let mut out = Vec::new();
    for (i, row) in lines {
        let line = i + 1;
        if row.trim().is_empty() || row.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = row.splitn(4, '\t').collect();
        let [lang, banned, features, text] = cols[..] else {
            return Err((line, "expected four tab-separated columns".into()));
        };
        let lang = match lang {
            "zh" => Lang::Zh,
            "en" => Lang::En,
            other => return Err((line, format!("expected `zh` or `en`, found `{other}`"))),
        };
        let banned = match banned {
            "yes" => true,
            "no" => false,
            other => return Err((line, format!("expected `yes` or `no`, found `{other}`"))),
        };
        let features = if features == "-" {
            Vec::new()
        } else {
            features
                .split(',')
                .map(|name| {
                    let name = name.trim();
                    Feature::ALL
                        .into_iter()
                        .find(|f| format!("{f:?}") == name && *f != Feature::Banned)
                        .ok_or((line, format!("`{name}` is not a reply feature")))
                })
                .collect::<Result<_, _>>()?
        };
        if text.trim().is_empty() {
            return Err((line, "the reply is empty".into()));
        }
        out.push(Example {
            line,
            lang,
            banned,
            features,
            text: text.to_owned(),
        });
    }
    Ok(out)
}

/// What the model can say of a reply: a feature, or that it is banned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A reply feature.
    Feature(Feature),
    /// A banned phrase of some kind.
    Banned,
}

/// One thing the model found, with its confidence and the clause that carries it most.
#[derive(Clone, Debug, PartialEq)]
pub struct Guess {
    /// What was found.
    pub target: Target,
    /// The model's probability, 0 to 1.
    pub confidence: f64,
    /// The clause of the normalised text it is strongest in.
    pub span: Range<usize>,
}

/// What the model reads in a reply.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reading {
    /// Every target's probability, found or not: what lets the model overrule a pattern.
    pub confidences: Vec<(Target, f64)>,
    /// What is at or above the confidences.
    pub guesses: Vec<Guess>,
}

/// The probability from which a learned feature counts: above even, so a guess is more often
/// right than wrong.
pub const FEATURE_CONFIDENCE: f64 = 0.5;
/// A learned banned phrase must be surer: a false alarm tells a trainee they were rude.
pub const BANNED_CONFIDENCE: f64 = 0.85;

/// Passes over the examples: with every target starting at its share of the examples, eight
/// read the labelled replies as twenty did from nothing (two more change no figure by more
/// than a reply or two), in under half the time.
const EPOCHS: usize = 8;
const LEARNING_RATE: f32 = 1.6;
/// An n-gram seen in fewer replies than this is not learned: one writer's wording is not
/// evidence, and without them the model is smaller and quicker to train.
const MIN_REPLIES: usize = 2;
const L2: f32 = 1e-4;
/// How close to its label a prediction must be for the example to stop teaching it.
const SETTLED: f32 = 0.02;

/// The trained model.
#[derive(Debug, Default)]
pub struct Learned {
    /// Each n-gram's hash and its row in `weights`.
    index: Grams<usize>,
    targets: Vec<Target>,
    /// Row-major: one row of target weights per n-gram.
    weights: Vec<f32>,
    bias: Vec<f32>,
}

/// A map keyed by n-gram hashes, which are already well mixed: hashing them again would only
/// cost time.
type Grams<V> = HashMap<u64, V, BuildHasherDefault<GramHasher>>;

/// Passes an n-gram's hash through unchanged.
#[derive(Default)]
struct GramHasher(u64);

impl Hasher for GramHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A reply's n-grams as rows of the model, all of one value: the vector is of unit length.
struct Sparse {
    rows: Vec<usize>,
    value: f32,
}

/// Example replies cut into n-grams, ready to learn from: the part of training that keeps
/// every core busy, so the rest can share the machine with other work.
pub struct Prepared {
    /// Each reply's n-grams, sorted, once each.
    texts: Vec<Vec<u64>>,
    /// What each reply does.
    labels: Vec<Vec<Target>>,
}

impl Prepared {
    /// Cuts `examples` into n-grams, each text read as the matcher will see replies once
    /// `normalise`d.
    pub fn new(
        examples: &[(&str, Vec<Target>)],
        normalise: impl Fn(&str) -> String + Sync,
    ) -> Prepared {
        let texts = crate::parallel::map(examples, |(text, _)| {
            let mut g: Vec<u64> = grams(&normalise(text)).collect();
            g.sort_unstable();
            g.dedup();
            g
        });
        Prepared {
            texts,
            labels: examples.iter().map(|(_, ts)| ts.clone()).collect(),
        }
    }
}

impl Learned {
    /// Trains on prepared examples.
    pub fn train(prepared: &Prepared) -> Learned {
        let Prepared { texts, labels } = prepared;
        let mut targets: Vec<Target> = Feature::ALL
            .into_iter()
            .filter(|f| *f != Feature::Banned)
            .map(Target::Feature)
            .filter(|t| labels.iter().any(|ts| ts.contains(t)))
            .collect();
        if labels.iter().any(|ts| ts.contains(&Target::Banned)) {
            targets.push(Target::Banned);
        }
        // How many replies each n-gram is in, and the row of those in enough of them, numbered
        // as first met: one lookup per n-gram of each reply.
        let total = texts.iter().map(Vec::len).sum::<usize>();
        let mut seen: Grams<(usize, Option<usize>)> =
            Grams::with_capacity_and_hasher(total / 2, Default::default());
        for g in texts.iter().flatten() {
            seen.entry(*g).or_default().0 += 1;
        }
        let mut next = 0;
        let docs: Vec<(Sparse, Vec<f32>)> = texts
            .iter()
            .zip(labels)
            .map(|(gs, ts)| {
                let mut rows: Vec<usize> = gs
                    .iter()
                    .filter_map(|g| {
                        let (replies, row) = seen.get_mut(g)?;
                        (*replies >= MIN_REPLIES).then(|| {
                            *row.get_or_insert_with(|| {
                                next += 1;
                                next - 1
                            })
                        })
                    })
                    .collect();
                rows.sort_unstable();
                let y = targets
                    .iter()
                    .map(|t| if ts.contains(t) { 1.0 } else { 0.0 })
                    .collect();
                (unit(rows), y)
            })
            .collect();
        let index: Grams<usize> = seen
            .into_iter()
            .filter_map(|(g, (_, row))| Some((g, row?)))
            .collect();
        let k = targets.len();
        let rows = index.len();
        // Each target learns on its own (one against the rest), so the two halves train side
        // by side and give exactly what one pass would.
        let half = k.div_ceil(2);
        let (first, second) = std::thread::scope(|s| {
            let second = s.spawn(|| fit(&docs, rows, half..k));
            (
                fit(&docs, rows, 0..half),
                second.join().expect("training does not panic"),
            )
        });
        let mut weights = vec![0.0; rows * k];
        let mut bias = Vec::with_capacity(k);
        for (part, cols) in [(&first, 0..half), (&second, half..k)] {
            let n = cols.len();
            for row in 0..rows {
                weights[row * k + cols.start..row * k + cols.end]
                    .copy_from_slice(&part.0[row * n..row * n + n]);
            }
            bias.extend_from_slice(&part.1);
        }
        Learned {
            weights,
            bias,
            index,
            targets,
        }
    }

    /// Whether the model learned anything.
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    fn score_into(&self, x: &Sparse, out: &mut [f32]) {
        score(&self.weights, &self.bias, x, out);
    }

    /// The model's probabilities for `text` (normalised).
    fn probabilities(&self, text: &str) -> Vec<f64> {
        let rows: Vec<usize> = grams(text)
            .filter_map(|g| self.index.get(&g).copied())
            .collect();
        let mut rows = rows;
        rows.sort_unstable();
        rows.dedup();
        let mut scores = vec![0.0; self.targets.len()];
        self.score_into(&unit(rows), &mut scores);
        scores.into_iter().map(|s| f64::from(sigmoid(s))).collect()
    }

    /// What the model reads in `text` (normalised): every target's probability, and what is at
    /// or above the confidences, each placed in the clause where it is strongest.
    pub fn read(&self, text: &str) -> Reading {
        if self.is_empty() {
            return Reading::default();
        }
        let whole = self.probabilities(text);
        let clauses = clauses(text);
        let per_clause: Vec<Vec<f64>> = if clauses.len() > 1 {
            clauses
                .iter()
                .map(|r| self.probabilities(&text[r.clone()]))
                .collect()
        } else {
            Vec::new()
        };
        let mut out = Vec::new();
        for (t, &target) in self.targets.iter().enumerate() {
            let needed = match target {
                Target::Banned => BANNED_CONFIDENCE,
                Target::Feature(_) => FEATURE_CONFIDENCE,
            };
            if whole[t] < needed {
                continue;
            }
            let span = per_clause
                .iter()
                .zip(&clauses)
                .max_by(|a, b| a.0[t].total_cmp(&b.0[t]))
                .map(|(_, r)| r.clone())
                .unwrap_or(0..text.len());
            out.push(Guess {
                target,
                confidence: whole[t],
                span,
            });
        }
        Reading {
            confidences: self.targets.iter().copied().zip(whole).collect(),
            guesses: out,
        }
    }
}

/// Trains the targets `cols` of every doc's labels: their weights (one row of `cols.len()`
/// per n-gram) and biases.
fn fit(docs: &[(Sparse, Vec<f32>)], rows: usize, cols: Range<usize>) -> (Vec<f32>, Vec<f32>) {
    let n = cols.len();
    let mut weights = vec![0.0f32; rows * n];
    // Each target starts at its share of the examples, so the many replies without it do not
    // all have to teach that first.
    let mut bias: Vec<f32> = cols
        .clone()
        .map(|t| {
            let share =
                docs.iter().filter(|(_, y)| y[t] > 0.5).count() as f32 / docs.len().max(1) as f32;
            let share = share.clamp(0.01, 0.99);
            (share / (1.0 - share)).ln()
        })
        .collect();
    let mut scores = vec![0.0f32; n];
    for epoch in 0..EPOCHS {
        let rate = LEARNING_RATE / (1.0 + epoch as f32 * 0.1);
        for (x, y) in docs {
            score(&weights, &bias, x, &mut scores);
            for (t, label) in y[cols.clone()].iter().enumerate() {
                let g = sigmoid(scores[t]) - label;
                // An example the model already gets right teaches nothing more.
                if g.abs() < SETTLED {
                    continue;
                }
                bias[t] -= rate * g;
                let gv = g * x.value;
                for &row in &x.rows {
                    let w = &mut weights[row * n + t];
                    *w -= rate * (gv + L2 * *w);
                }
            }
        }
    }
    (weights, bias)
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Equal weights for the n-grams present, at unit length: a long reply does not outvote a
/// short one by its length. Below `FEW_GRAMS` the length is that of `FEW_GRAMS`, so two
/// syllables ("这样啊", "oh no") never carry the certainty of a whole sentence.
fn unit(rows: Vec<usize>) -> Sparse {
    let value = 1.0 / (rows.len().max(FEW_GRAMS) as f32).sqrt();
    Sparse { rows, value }
}

/// Every target's score of `x`: the bias plus the value times the sum of the n-grams'
/// weights (one row of `bias.len()` weights per n-gram).
fn score(weights: &[f32], bias: &[f32], x: &Sparse, out: &mut [f32]) {
    let k = bias.len();
    out.fill(0.0);
    for &row in &x.rows {
        for (o, w) in out.iter_mut().zip(&weights[row * k..row * k + k]) {
            *o += w;
        }
    }
    for (o, b) in out.iter_mut().zip(bias) {
        *o = b + *o * x.value;
    }
}

/// The clauses of `text` (normalised), by byte range, without the marks between them.
pub(super) fn clauses(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if matches!(c, '。' | '!' | '?' | ';' | ',' | '、' | '\n') {
            if text[start..at].trim().chars().any(char::is_alphanumeric) {
                out.push(start..at);
            }
            start = at + c.len_utf8();
        }
    }
    if text[start..].trim().chars().any(char::is_alphanumeric) {
        out.push(start..text.len());
    }
    out
}

/// The fewest n-grams a reply is weighed as having.
const FEW_GRAMS: usize = 12;

/// A stable 64-bit hash (FNV-1a), the same on every machine and build.
fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    }
    h
}

/// The n-grams the model reads: Chinese characters alone, in pairs and in threes; Latin words
/// alone, in pairs and in threes ("you never got" is not "you never told"); and whether the
/// reply asks or exclaims.
fn grams(text: &str) -> impl Iterator<Item = u64> + '_ {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, out: &mut Vec<u64>| {
        for n in 1..=3 {
            for w in run.windows(n) {
                let s = chars[w[0]].0;
                let e = chars[w[n - 1]].0 + chars[w[n - 1]].1.len_utf8();
                out.push(hash(&["z", &text[s..e]]));
            }
        }
        run.clear();
    };
    for (i, &(_, c)) in chars.iter().enumerate() {
        if is_han(c) {
            run.push(i);
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    for w in &words {
        out.push(hash(&["w", w]));
    }
    for pair in words.windows(2) {
        out.push(hash(&["w", pair[0], pair[1]]));
    }
    for three in words.windows(3) {
        out.push(hash(&["w", three[0], three[1], three[2]]));
    }
    if text.contains('?') {
        out.push(hash(&["?"]));
    }
    if text.contains('!') {
        out.push(hash(&["!"]));
    }
    out.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_rows_parse_and_bad_rows_name_their_line() {
        let ok = format!(
            "{EXAMPLES_HEADER}\nzh\tno\tApology,Action\t抱歉，我马上办\nen\tyes\t-\tcalm down\n"
        );
        let rows = parse_examples(&ok).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].features, vec![Feature::Apology, Feature::Action]);
        assert_eq!(rows[1].line, 3);
        let bad = format!("{EXAMPLES_HEADER}\nzh\tmaybe\t-\t好\n");
        assert_eq!(parse_examples(&bad).unwrap_err().0, 2);
        let bad = format!("{EXAMPLES_HEADER}\nzh\tno\tKindness\t好\n");
        assert!(parse_examples(&bad).unwrap_err().1.contains("Kindness"));
    }

    #[test]
    fn training_is_deterministic_and_learns_its_examples() {
        let ex = [
            ("真的很抱歉", vec![Target::Feature(Feature::Apology)]),
            ("实在对不住您", vec![Target::Feature(Feature::Apology)]),
            ("对不住，对不住", vec![Target::Feature(Feature::Apology)]),
            ("我马上去查", vec![Target::Feature(Feature::Action)]),
            ("我现在就帮您处理", vec![Target::Feature(Feature::Action)]),
            ("你自己没看清楚", vec![Target::Banned]),
            ("好的", vec![]),
        ];
        let a = Learned::train(&Prepared::new(&ex, str::to_owned));
        let b = Learned::train(&Prepared::new(&ex, str::to_owned));
        assert_eq!(a.weights, b.weights);
        let found: Vec<Target> = a
            .read("实在对不住")
            .guesses
            .into_iter()
            .map(|g| g.target)
            .collect();
        assert!(
            found.contains(&Target::Feature(Feature::Apology)),
            "{found:?}"
        );
    }

    #[test]
    fn clauses_split_at_their_marks() {
        let t = "好的。我马上办,五分钟!谢谢";
        let s = clauses(t);
        assert_eq!(s.len(), 4);
        assert_eq!(&t[s[3].clone()], "谢谢");
    }
}
