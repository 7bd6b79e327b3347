//! Naive trainees: players who follow one mechanical rule at every reply instead of reading the
//! customer. If one of them passes, a trainee can pass without the course's judgement, and the
//! scenario (or the judge) teaches the rule rather than the course.

use std::sync::Arc;

use serde::Serialize;

use crate::lang::Lang;
use crate::rulebook::Matcher;
use crate::scenario::{Node, Outcome, Scenario, option_chars};
use crate::scoring::score;
use crate::session::{ReplyChoice, ReplyInput, Session, judge_option};

/// The reply a trainee types to game the judge, in Chinese: one sentence that strings together
/// the words the rulebook rewards (an apology, understanding, listening, action, an explanation,
/// a record, a promise to call back, thanks) whatever the customer just said. Kept here, in one
/// place, so the guard and its tests measure the same words.
pub const GENERIC_ZH: &str = "对不起，我理解您的心情，您慢慢说，我在听。我现在就帮您查，因为要经过审核流程，我已登记，会给您回电，谢谢。";

/// The same reply in English, for a game played in English.
pub const GENERIC_EN: &str = "I'm so sorry, I understand how you feel. Take your time, I'm listening. I'll look into it right now; it has to go through our review process, I've logged it and will call you back. Thank you.";

/// The generic sentence in `lang`.
pub fn generic_reply(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => GENERIC_ZH,
        Lang::En => GENERIC_EN,
    }
}

/// Replies a naive trainee gives before the guard calls the conversation stuck; the customer's
/// turn limit ends every real conversation long before.
pub const MAX_NAIVE_REPLIES: usize = 100;

/// The one rule a naive trainee follows at every reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NaiveRule {
    /// The option with the most characters (the first on a tie).
    Longest,
    /// The option with the fewest characters (the first on a tie).
    Shortest,
    /// Option 1.
    First,
    /// The option in which the rulebook finds the most kind features, i.e. features that are
    /// not provocations (the first on a tie).
    Kindest,
    /// The generic sentence, typed.
    Typed,
}

/// A naive trainee: a rule, and the language it is applied in when the rule depends on one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Naive {
    /// The rule.
    #[serde(rename = "name")]
    pub rule: NaiveRule,
    /// The language lengths are counted or the sentence typed in; none when the rule reads
    /// both (option 1, the rulebook's judgement of an option).
    pub lang: Option<Lang>,
}

impl Naive {
    /// Every naive trainee explored: the length rules and the typed sentence in each language
    /// the game is played in, then the rules that do not depend on one.
    pub fn all() -> Vec<Naive> {
        let mut out = Vec::new();
        for rule in [NaiveRule::Longest, NaiveRule::Shortest] {
            for lang in Lang::ALL {
                out.push(Naive {
                    rule,
                    lang: Some(lang),
                });
            }
        }
        for rule in [NaiveRule::First, NaiveRule::Kindest] {
            out.push(Naive { rule, lang: None });
        }
        for lang in Lang::ALL {
            out.push(Naive {
                rule: NaiveRule::Typed,
                lang: Some(lang),
            });
        }
        out
    }

    /// What the trainee does, in words, for the report.
    pub fn describe(self) -> String {
        let what = match self.rule {
            NaiveRule::Longest => "always the longest option",
            NaiveRule::Shortest => "always the shortest option",
            NaiveRule::First => "always option 1",
            NaiveRule::Kindest => "always the option with the most kind features",
            NaiveRule::Typed => "the same generic sentence typed at every reply",
        };
        match self.lang {
            Some(l) => format!("{what} ({})", l.code()),
            None => what.to_owned(),
        }
    }

    /// The reply this trainee gives at `node`; `kindness` counts each option's kind features
    /// (see [`kindness`]).
    pub fn choose(self, node: &Node, kindness: &[usize]) -> ReplyChoice {
        let lang = self.lang.unwrap_or(Lang::Zh);
        let first_max = |key: &dyn Fn(usize) -> i64| {
            (0..node.replies.len())
                .rev()
                .max_by_key(|&i| key(i))
                .unwrap_or(0)
        };
        let chars = |i: usize| option_chars(&node.replies[i].text, lang) as i64;
        let index = match self.rule {
            NaiveRule::Typed => return ReplyChoice::Text(generic_reply(lang).to_owned()),
            NaiveRule::First => 0,
            NaiveRule::Longest => first_max(&chars),
            NaiveRule::Shortest => first_max(&|i| -chars(i)),
            NaiveRule::Kindest => first_max(&|i| kindness.get(i).copied().unwrap_or(0) as i64),
        };
        ReplyChoice::Option(index)
    }
}

/// How many kind features (not provocations) the rulebook finds in each option of each node,
/// in the scenario's node order: the judgement the customer hears, before the author's
/// `add_features` and `drop_features`, which a trainee cannot see.
pub fn kindness(scenario: &Scenario, matcher: &Matcher) -> Vec<Vec<usize>> {
    scenario
        .nodes
        .iter()
        .map(|n| {
            n.replies
                .iter()
                .map(|r| {
                    judge_option(matcher, r)
                        .features
                        .iter()
                        .filter(|(f, _)| !f.is_provocation())
                        .count()
                })
                .collect()
        })
        .collect()
}

/// One naive trainee's conversation with one seed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NaiveRun {
    /// The seed.
    pub seed: u64,
    /// The options whose paths the replies followed, 1-based (for typed words, the option the
    /// engine matched them to).
    pub replies: Vec<usize>,
    /// How it ended; none if it got stuck.
    #[serde(serialize_with = "outcome_key")]
    pub outcome: Option<Outcome>,
    /// Its score.
    pub score: u32,
    /// Whether it passed.
    pub passed: bool,
}

fn outcome_key<S: serde::Serializer>(o: &Option<Outcome>, s: S) -> Result<S::Ok, S::Error> {
    match o {
        Some(o) => s.serialize_str(o.key()),
        None => s.serialize_none(),
    }
}

/// One naive trainee over every seed explored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NaiveReport {
    /// Who.
    #[serde(flatten)]
    pub trainee: Naive,
    /// One conversation per seed, in seed order.
    pub runs: Vec<NaiveRun>,
    /// Lowest and highest score.
    pub score_range: (u32, u32),
    /// The seeds on which it passed.
    pub passed_seeds: Vec<u64>,
}

/// Plays `trainee` through `scenario` with `seed`, every reply by its rule, as the game would
/// take it (typed words go through [`ReplyChoice::Text`] like a trainee's).
pub fn play_naive(
    scenario: &Arc<Scenario>,
    matcher: &Matcher,
    kindness: &[Vec<usize>],
    trainee: Naive,
    seed: u64,
) -> Option<NaiveRun> {
    let mut session = Session::start(scenario.clone(), seed).ok()?;
    while !session.is_over() && session.transcript().turns.len() < MAX_NAIVE_REPLIES {
        let node = session.node();
        if node.replies.is_empty() {
            break;
        }
        let at = scenario.nodes.iter().position(|n| n.id == node.id);
        let kind = at.map_or(&[][..], |i| &kindness[i][..]);
        let input = ReplyInput {
            choice: trainee.choose(node, kind),
            ..ReplyInput::option(0)
        };
        if session.reply(matcher, input).is_err() {
            break;
        }
    }
    let transcript = session.transcript();
    let outcome = transcript.ending.as_ref().map(|e| e.outcome);
    let scored = score(matcher.rulebook(), scenario, transcript);
    Some(NaiveRun {
        seed,
        replies: transcript
            .turns
            .iter()
            .map(|t| t.option.map_or(0, |o| o + 1))
            .collect(),
        outcome,
        score: scored.total,
        passed: outcome.is_some() && scored.passed,
    })
}

/// Every naive trainee of [`Naive::all`] over `seeds`.
pub fn naive_trainees(
    scenario: &Arc<Scenario>,
    matcher: &Matcher,
    seeds: &[u64],
) -> Vec<NaiveReport> {
    let kindness = kindness(scenario, matcher);
    Naive::all()
        .into_iter()
        .map(|trainee| {
            let runs: Vec<NaiveRun> = seeds
                .iter()
                .filter_map(|&seed| play_naive(scenario, matcher, &kindness, trainee, seed))
                .collect();
            let scores = runs.iter().map(|r| r.score);
            NaiveReport {
                trainee,
                score_range: (scores.clone().min().unwrap_or(0), scores.max().unwrap_or(0)),
                passed_seeds: runs.iter().filter(|r| r.passed).map(|r| r.seed).collect(),
                runs,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::shipped_rulebook;

    fn minimal() -> Arc<Scenario> {
        let src = include_str!("../../tests/fixtures/valid/minimal.ron");
        Arc::new(crate::ron_file::parse(std::path::Path::new("minimal.ron"), src).unwrap())
    }

    fn option(c: ReplyChoice) -> usize {
        match c {
            ReplyChoice::Option(i) => i,
            ReplyChoice::Text(t) => panic!("typed {t}"),
        }
    }

    #[test]
    fn each_rule_picks_its_option() {
        let s = minimal();
        let matcher = shipped_rulebook();
        let kind = kindness(&s, &matcher);
        let open = s.node("open").unwrap();
        let pick = |rule, lang| option(Naive { rule, lang }.choose(open, &kind[0]));
        // "非常抱歉让您久等了" / "I'm so sorry to keep you waiting" against "您稍等一下，马上就好，
        // 马上就好" / "Just a moment, nearly there, nearly there".
        assert_eq!(pick(NaiveRule::Longest, Some(Lang::Zh)), 1);
        assert_eq!(pick(NaiveRule::Longest, Some(Lang::En)), 1);
        assert_eq!(pick(NaiveRule::Shortest, Some(Lang::Zh)), 0);
        assert_eq!(pick(NaiveRule::Shortest, Some(Lang::En)), 0);
        assert_eq!(pick(NaiveRule::First, None), 0);
        // The apology is kind; "nearly there" promises action, as kind a move: the first wins.
        assert_eq!(kind[0][0], kind[0][1], "{kind:?}");
        assert_eq!(pick(NaiveRule::Kindest, None), 0);
    }

    #[test]
    fn ties_go_to_the_first_option() {
        let s = minimal();
        let mut open = s.node("open").unwrap().clone();
        for r in &mut open.replies {
            r.text = crate::lang::Text::new("一样", "same");
        }
        for rule in [NaiveRule::Longest, NaiveRule::Shortest, NaiveRule::Kindest] {
            let n = Naive {
                rule,
                lang: Some(Lang::En),
            };
            assert_eq!(option(n.choose(&open, &[2, 2])), 0, "{rule:?}");
        }
    }

    #[test]
    fn the_typed_trainee_types_the_generic_sentence_in_its_language() {
        let s = minimal();
        let open = s.node("open").unwrap();
        for lang in Lang::ALL {
            let n = Naive {
                rule: NaiveRule::Typed,
                lang: Some(lang),
            };
            assert_eq!(
                n.choose(open, &[]),
                ReplyChoice::Text(generic_reply(lang).to_owned())
            );
        }
    }

    #[test]
    fn every_trainee_plays_to_an_end_and_is_scored_like_a_session() {
        let s = minimal();
        let matcher = shipped_rulebook();
        let reports = naive_trainees(&s, &matcher, &[1, 2]);
        assert_eq!(reports.len(), Naive::all().len());
        for r in &reports {
            assert_eq!(r.runs.len(), 2, "{}", r.trainee.describe());
            for run in &r.runs {
                assert!(run.outcome.is_some(), "{}", r.trainee.describe());
                // The same replies played directly give the same score.
                let mut session = Session::start(s.clone(), run.seed).unwrap();
                for &o in &run.replies {
                    if r.trainee.rule == NaiveRule::Typed {
                        let typed = generic_reply(r.trainee.lang.unwrap()).to_owned();
                        session
                            .reply(
                                &matcher,
                                ReplyInput {
                                    choice: ReplyChoice::Text(typed),
                                    ..ReplyInput::option(0)
                                },
                            )
                            .unwrap();
                    } else {
                        session.reply(&matcher, ReplyInput::option(o - 1)).unwrap();
                    }
                }
                let direct = score(matcher.rulebook(), &s, session.transcript());
                assert_eq!(run.score, direct.total);
                assert_eq!(run.passed, direct.passed);
            }
            let passed = r.runs.iter().filter(|x| x.passed).count();
            assert_eq!(r.passed_seeds.len(), passed);
        }
    }
}
