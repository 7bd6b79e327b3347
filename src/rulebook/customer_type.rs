//! The difficult-customer types of course 000. The rulebook keeps a strategy for each and a
//! scenario names the one its customer is, so the type lives here, below both.

use serde::{Deserialize, Serialize};

/// The four problem customers of course 000, plus none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Trait {
    /// An ordinary upset customer.
    None,
    /// 不厌其烦的投诉者: complains again and again.
    Repeat,
    /// 一对一的投诉者: insists on one particular person.
    OneToOne,
    /// 无理的投诉者: makes unreasonable demands.
    Unreasonable,
    /// 要求快速处理的投诉者: demands instant handling.
    Rush,
}

impl Trait {
    /// The default when a scenario names no type (serde needs a function).
    pub(crate) fn none() -> Trait {
        Trait::None
    }

    /// Every trait, in the course's order.
    pub const ALL: [Trait; 5] = [
        Trait::None,
        Trait::Repeat,
        Trait::OneToOne,
        Trait::Unreasonable,
        Trait::Rush,
    ];

    /// The snake_case name used in JSON and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Trait::None => "none",
            Trait::Repeat => "repeat",
            Trait::OneToOne => "one_to_one",
            Trait::Unreasonable => "unreasonable",
            Trait::Rush => "rush",
        }
    }
}
