//! What can be done at the counter, by the trainee or by an instructor presenting it.

use bevy::prelude::*;

/// What the trainee can do at the counter.
#[derive(Message, Clone, Debug, PartialEq)]
pub enum CounterAction {
    /// Say option `n` (0-based).
    Reply(usize),
    /// Say one's own words.
    Say(String),
    /// Show the whole line without waiting for it to be typed out.
    ShowLine,
    /// Go on to the debrief (once the conversation is over).
    Debrief,
    /// Leave the conversation; it stays autosaved and is offered again at the title.
    Leave,
    /// Start again with the same customer, taking the scenario file's newest version.
    Restart,
    /// Projector mode: show the line whole, then the options.
    Reveal,
    /// Projector mode: one more vote for option `n` (0-based).
    Vote(usize),
    /// Projector mode: one vote fewer for option `n`.
    Unvote(usize),
    /// Projector mode: option `n` has this many votes (counted hands, typed in).
    SetVotes(usize, u32),
    /// Projector mode: play the option with the most votes.
    PlayVote,
    /// Projector mode: pause for discussion, or go on.
    Pause,
    /// Projector mode: show or hide the mood's numbers.
    Numbers,
}
