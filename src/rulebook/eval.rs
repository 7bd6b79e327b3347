//! How well the rulebook reads typed replies, measured on replies an instructor labelled: the
//! figures `judge --eval` prints, so judging is improved by evidence, not by feel.

use serde::Serialize;

use crate::lang::Lang;

use super::{Example, Feature, Matcher};

/// Precision, recall and F1 of one feature, or of all together.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Score {
    /// Found and labelled.
    pub found: usize,
    /// Found but not labelled.
    pub false_alarms: usize,
    /// Labelled but not found.
    pub missed: usize,
}

impl Score {
    /// Of what was found, the share that was labelled.
    pub fn precision(&self) -> f64 {
        ratio(self.found, self.found + self.false_alarms)
    }

    /// Of what was labelled, the share that was found.
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.found + self.missed)
    }

    /// The harmonic mean of the two.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, expected: bool, got: bool) {
        match (expected, got) {
            (true, true) => self.found += 1,
            (false, true) => self.false_alarms += 1,
            (true, false) => self.missed += 1,
            (false, false) => {}
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Banned replies in one language: how many were caught, how many clean ones were flagged.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BannedScore {
    /// The language.
    pub lang: Lang,
    /// Banned replies flagged.
    pub caught: usize,
    /// Banned replies in the set.
    pub banned: usize,
    /// Clean replies flagged.
    pub false_alarms: usize,
    /// Clean replies in the set.
    pub clean: usize,
}

impl BannedScore {
    /// Share of banned replies caught.
    pub fn recall(&self) -> f64 {
        ratio(self.caught, self.banned)
    }

    /// Share of clean replies wrongly flagged.
    pub fn false_alarm_rate(&self) -> f64 {
        if self.clean == 0 {
            0.0
        } else {
            self.false_alarms as f64 / self.clean as f64
        }
    }
}

/// A reply the rulebook read differently from its label.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Miss {
    /// Its line in the file.
    pub line: usize,
    /// The reply.
    pub text: String,
    /// Features labelled but not found.
    pub missed: Vec<Feature>,
    /// Features found but not labelled.
    pub extra: Vec<Feature>,
    /// Labelled banned, not flagged.
    pub banned_missed: bool,
    /// Flagged banned, labelled clean.
    pub false_alarm: bool,
}

impl Miss {
    /// How wrong the reading was: a missed or false banned phrase counts most.
    pub fn weight(&self) -> usize {
        self.missed.len()
            + self.extra.len()
            + 3 * usize::from(self.banned_missed)
            + 3 * usize::from(self.false_alarm)
    }
}

/// The whole measure.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Evaluation {
    /// Replies scored.
    pub replies: usize,
    /// Per feature, in the model's order (features never labelled nor found are left out).
    pub features: Vec<(Feature, Score)>,
    /// All features together.
    pub micro: Score,
    /// Banned replies per language.
    pub banned: Vec<BannedScore>,
    /// Every reply read differently from its label, worst first.
    pub misses: Vec<Miss>,
}

/// Judges every labelled reply as a typed one and compares.
pub fn evaluate(matcher: &Matcher, rows: &[Example]) -> Evaluation {
    let scored: Vec<Feature> = Feature::ALL
        .into_iter()
        .filter(|f| *f != Feature::Banned)
        .collect();
    let mut per: Vec<Score> = vec![Score::default(); scored.len()];
    let mut banned: Vec<BannedScore> = Lang::ALL
        .into_iter()
        .map(|lang| BannedScore {
            lang,
            caught: 0,
            banned: 0,
            false_alarms: 0,
            clean: 0,
        })
        .collect();
    let mut misses = Vec::new();
    for row in rows {
        let j = matcher.judge_typed(&row.text, None);
        let mut miss = Miss {
            line: row.line,
            text: row.text.clone(),
            missed: Vec::new(),
            extra: Vec::new(),
            banned_missed: false,
            false_alarm: false,
        };
        for (i, &f) in scored.iter().enumerate() {
            let (expected, got) = (row.features.contains(&f), j.features.has(f));
            per[i].add(expected, got);
            if expected && !got {
                miss.missed.push(f);
            } else if got && !expected {
                miss.extra.push(f);
            }
        }
        let flagged = !j.is_clean();
        if let Some(b) = banned.iter_mut().find(|b| b.lang == row.lang) {
            if row.banned {
                b.banned += 1;
                b.caught += usize::from(flagged);
            } else {
                b.clean += 1;
                b.false_alarms += usize::from(flagged);
            }
        }
        miss.banned_missed = row.banned && !flagged;
        miss.false_alarm = !row.banned && flagged;
        if miss.weight() > 0 {
            misses.push(miss);
        }
    }
    misses.sort_by_key(|m| (std::cmp::Reverse(m.weight()), m.line));
    let mut micro = Score::default();
    for s in &per {
        micro.found += s.found;
        micro.false_alarms += s.false_alarms;
        micro.missed += s.missed;
    }
    Evaluation {
        replies: rows.len(),
        features: scored
            .into_iter()
            .zip(per)
            .filter(|(_, s)| s.found + s.false_alarms + s.missed > 0)
            .collect(),
        micro,
        banned,
        misses,
    }
}
