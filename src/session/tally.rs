//! A class's show of hands at one reply, and the one rule that turns it into a reply: the
//! option with the most votes is played, and a tie is not broken for the class (it votes again),
//! so what is played is always what the class chose. The game, the command line and the
//! session all ask the tally, never count for themselves.

use std::ops::Deref;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The votes per option at one reply (one count per option, in the order shown).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Tally(Vec<u32>);

/// Why a tally does not name the class's choice.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TallyError {
    /// Nobody has voted yet.
    #[error("no votes were cast")]
    NoVotes,
    /// Several options share the most votes (0-based); the class votes again.
    #[error("the vote is tied between options {}; the class votes again", one_based(.0))]
    Tied(Vec<usize>),
    /// The tally was taken on a different set of options.
    #[error("the tally has {counts} counts for {options} options")]
    Options {
        /// Counts in the tally.
        counts: usize,
        /// Options at this reply.
        options: usize,
    },
    /// A class votes on the authored options; typed words cannot be voted on.
    #[error("a class votes on the options, not on typed words")]
    TypedWords,
    /// The option played is not the one the class chose (both 0-based).
    #[error("option {} is not the class's choice: option {} has more votes", .played + 1, .chosen + 1)]
    NotTheChoice {
        /// The option played.
        played: usize,
        /// The option the class chose.
        chosen: usize,
    },
}

fn one_based(options: &[usize]) -> String {
    let numbers: Vec<String> = options.iter().map(|o| (o + 1).to_string()).collect();
    numbers.join(", ")
}

impl Tally {
    /// No votes yet for `options` options.
    pub fn empty(options: usize) -> Tally {
        Tally(vec![0; options])
    }

    /// The counts as given (e.g. from `run --votes 12,5,3`).
    pub fn of(counts: Vec<u32>) -> Tally {
        Tally(counts)
    }

    /// One more vote for `option` (ignored past the last option).
    pub fn add(&mut self, option: usize) {
        if let Some(n) = self.0.get_mut(option) {
            *n += 1;
        }
    }

    /// One vote fewer for `option`, never below zero.
    pub fn remove(&mut self, option: usize) {
        if let Some(n) = self.0.get_mut(option) {
            *n = n.saturating_sub(1);
        }
    }

    /// Sets the count for `option` (a presenter typing a show of hands).
    pub fn set(&mut self, option: usize, count: u32) {
        if let Some(n) = self.0.get_mut(option) {
            *n = count;
        }
    }

    /// Every vote cast.
    pub fn total(&self) -> u32 {
        self.0.iter().sum()
    }

    /// The options with the most votes (several on a tie, none when nobody voted).
    pub fn leaders(&self) -> Vec<usize> {
        let most = self.0.iter().copied().max().unwrap_or(0);
        if most == 0 {
            return Vec::new();
        }
        (0..self.0.len()).filter(|&i| self.0[i] == most).collect()
    }

    /// The option the class chose at a reply with `options` options.
    pub fn choice(&self, options: usize) -> Result<usize, TallyError> {
        if self.0.len() != options {
            return Err(TallyError::Options {
                counts: self.0.len(),
                options,
            });
        }
        match self.leaders()[..] {
            [] => Err(TallyError::NoVotes),
            [one] => Ok(one),
            ref tied => Err(TallyError::Tied(tied.to_vec())),
        }
    }
}

impl Deref for Tally {
    type Target = [u32];

    fn deref(&self) -> &[u32] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_class_chooses_the_option_with_most_votes() {
        assert_eq!(Tally::of(vec![2, 7, 1]).choice(3), Ok(1));
    }

    #[test]
    fn a_tie_is_refused_not_broken() {
        assert_eq!(
            Tally::of(vec![4, 1, 4]).choice(3),
            Err(TallyError::Tied(vec![0, 2]))
        );
        assert_eq!(
            TallyError::Tied(vec![0, 2]).to_string(),
            "the vote is tied between options 1, 3; the class votes again"
        );
    }

    #[test]
    fn no_votes_or_the_wrong_options_are_refused() {
        assert_eq!(Tally::empty(3).choice(3), Err(TallyError::NoVotes));
        assert_eq!(
            Tally::of(vec![1, 2]).choice(3),
            Err(TallyError::Options {
                counts: 2,
                options: 3
            })
        );
    }

    #[test]
    fn votes_are_added_taken_back_and_typed() {
        let mut t = Tally::empty(3);
        t.add(1);
        t.add(1);
        t.add(9);
        t.remove(0);
        t.set(2, 5);
        assert_eq!(&*t, &[0, 2, 5]);
        assert_eq!(t.total(), 7);
    }
}
