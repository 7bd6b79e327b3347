//! What a reply does, in the terms the customer model and the scorer both read (MODEL.md §5.4).

use serde::{Deserialize, Serialize};

/// One thing a reply can do. The rulebook matcher finds them in text; authors may add or drop
/// them on a scenario's reply options.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Feature {
    /// 倾听: invites the customer to go on ("您慢慢说,我在听").
    Listen,
    /// Restates or validates what happened ("您是说等了30分钟…对吗?").
    Acknowledge,
    /// 疏导: names the customer's feeling ("换了是我也会着急").
    Empathy,
    /// 道歉.
    Apology,
    /// Gives the reason or the process (informational justice).
    Explanation,
    /// 立即改正: does something about the problem now.
    Action,
    /// 登记在册、尽快答复: a realistic, logged commitment to follow up.
    Commitment,
    /// Promises an arbitrary time; banned with a rush customer.
    ArbitraryPromise,
    /// 补偿多一点: offers something to make up for the loss.
    Compensation,
    /// Recovery the firm starts before the customer asks.
    Initiative,
    /// 层次高一点: hands over to a dedicated team or a senior person.
    EscalateTeam,
    /// "Come straight to me next time": the one-to-one customer's trap.
    PersonalOwner,
    /// States the reason politely but firmly (repeat and unreasonable customers).
    FirmReason,
    /// A calm boundary ("请不要骂人,我们一起解决").
    LimitSetting,
    /// Thanks the customer for telling us.
    Thanks,
    /// Arbitration, the consumer hotline or the police: the unreasonable customer's last resort.
    LastResort,
    /// A banned phrase (忌用句型); its weight is the phrase's severity.
    Banned,
    /// Blames the customer.
    Blame,
    /// Cuts the customer off while they are still venting.
    Interrupt,
    /// Argues or competes to win.
    Argue,
    /// 推诿: passes the buck.
    PassBuck,
}

impl Feature {
    /// Every feature, in the order of MODEL.md §5.4.
    pub const ALL: [Feature; 21] = [
        Feature::Listen,
        Feature::Acknowledge,
        Feature::Empathy,
        Feature::Apology,
        Feature::Explanation,
        Feature::Action,
        Feature::Commitment,
        Feature::ArbitraryPromise,
        Feature::Compensation,
        Feature::Initiative,
        Feature::EscalateTeam,
        Feature::PersonalOwner,
        Feature::FirmReason,
        Feature::LimitSetting,
        Feature::Thanks,
        Feature::LastResort,
        Feature::Banned,
        Feature::Blame,
        Feature::Interrupt,
        Feature::Argue,
        Feature::PassBuck,
    ];

    /// The snake_case name used in JSON and in the model's documentation.
    pub fn key(self) -> &'static str {
        match self {
            Feature::Listen => "listen",
            Feature::Acknowledge => "acknowledge",
            Feature::Empathy => "empathy",
            Feature::Apology => "apology",
            Feature::Explanation => "explanation",
            Feature::Action => "action",
            Feature::Commitment => "commitment",
            Feature::ArbitraryPromise => "arbitrary_promise",
            Feature::Compensation => "compensation",
            Feature::Initiative => "initiative",
            Feature::EscalateTeam => "escalate_team",
            Feature::PersonalOwner => "personal_owner",
            Feature::FirmReason => "firm_reason",
            Feature::LimitSetting => "limit_setting",
            Feature::Thanks => "thanks",
            Feature::LastResort => "last_resort",
            Feature::Banned => "banned",
            Feature::Blame => "blame",
            Feature::Interrupt => "interrupt",
            Feature::Argue => "argue",
            Feature::PassBuck => "pass_buck",
        }
    }

    /// Whether a phrase of this move also reads as `other` in the same clause, where it is
    /// this move and not a second one: "let me call the manager over" escalates and "I've
    /// logged it for you" commits; neither is a further action.
    pub fn absorbs(self, other: Feature) -> bool {
        matches!(self, Feature::EscalateTeam | Feature::Commitment) && other == Feature::Action
    }

    /// Whether the feature provokes the customer (MODEL.md §5.5 step 5).
    pub fn is_provocation(self) -> bool {
        matches!(
            self,
            Feature::Banned
                | Feature::Blame
                | Feature::Interrupt
                | Feature::Argue
                | Feature::PassBuck
        )
    }
}

/// The features of one reply, each weighted 0..1 (banned carries the phrase's severity).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Features(std::collections::BTreeMap<Feature, f64>);

impl Features {
    /// The weight of `f`, 0 when absent.
    pub fn get(&self, f: Feature) -> f64 {
        self.0.get(&f).copied().unwrap_or(0.0)
    }

    /// Records `f` at weight `w`, keeping the larger weight if it is already there.
    pub fn raise(&mut self, f: Feature, w: f64) {
        let slot = self.0.entry(f).or_insert(0.0);
        *slot = slot.max(w.clamp(0.0, 1.0));
    }

    /// Sets `f` to exactly `w` (authors' overrides).
    pub fn set(&mut self, f: Feature, w: f64) {
        self.0.insert(f, w.clamp(0.0, 1.0));
    }

    /// Removes `f`.
    pub fn remove(&mut self, f: Feature) {
        self.0.remove(&f);
    }

    /// Whether `f` is present with a weight above zero.
    pub fn has(&self, f: Feature) -> bool {
        self.get(f) > 0.0
    }

    /// The present features and their weights, in a fixed order.
    pub fn iter(&self) -> impl Iterator<Item = (Feature, f64)> + '_ {
        self.0.iter().map(|(&f, &w)| (f, w))
    }

    /// Whether no feature is present.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(Feature, f64)> for Features {
    fn from_iter<I: IntoIterator<Item = (Feature, f64)>>(iter: I) -> Self {
        let mut f = Features::default();
        for (k, w) in iter {
            f.raise(k, w);
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raise_keeps_the_strongest_weight() {
        let mut f = Features::default();
        f.raise(Feature::Banned, 0.67);
        f.raise(Feature::Banned, 0.34);
        assert_eq!(f.get(Feature::Banned), 0.67);
        f.raise(Feature::Banned, 1.0);
        assert_eq!(f.get(Feature::Banned), 1.0);
    }

    #[test]
    fn keys_are_unique() {
        let keys: std::collections::HashSet<_> = Feature::ALL.iter().map(|f| f.key()).collect();
        assert_eq!(keys.len(), Feature::ALL.len());
    }
}
