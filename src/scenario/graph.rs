//! The shape of a conversation graph: which nodes can be reached from the start and from which
//! an end can still be reached. `check` warns from it, and `graph` and the game's map draw it.

use std::collections::{HashMap, VecDeque};

use super::model::{Condition, Grade, Node, Reply, Scenario};

/// Reachability of every node, by index in `Scenario::nodes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Replies from the start needed to get to each node, if it can be got to.
    depth: Vec<Option<usize>>,
    can_end: Vec<bool>,
}

/// What is wrong with a node, so maps mark it as `check` warns of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flaw {
    /// No path from the start leads here.
    Unreachable,
    /// The conversation stops here without an outcome.
    DeadEnd,
    /// Reached, but every way on loops without reaching an end.
    NoWayToEnd,
}

/// One way a reply leads: option `option` (0-based) of node `from` goes to node `to`, when
/// `when` holds or, without a condition, by default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrow<'a> {
    /// The node the reply is given at (index in `Scenario::nodes`).
    pub from: usize,
    /// The node it leads to.
    pub to: usize,
    /// The option, 0-based.
    pub option: usize,
    /// The author's grade of the option.
    pub grade: Option<Grade>,
    /// The branch's condition; `None` for the reply's `next`.
    pub when: Option<&'a Condition>,
}

/// Every arrow of the graph, in file order: each reply's branches, then its `next`. Targets
/// that name no node are left out (`check` reports them).
pub fn arrows(s: &Scenario) -> Vec<Arrow<'_>> {
    let ids = first_ids(s);
    let mut out = Vec::new();
    for (from, n) in s.nodes.iter().enumerate() {
        for (option, r) in n.replies.iter().enumerate() {
            let ways = r
                .branches
                .iter()
                .map(|b| (b.to.as_str(), Some(&b.when)))
                .chain(r.next.as_deref().map(|t| (t, None)));
            for (target, when) in ways {
                if let Some(&to) = ids.get(target) {
                    out.push(Arrow {
                        from,
                        to,
                        option,
                        grade: r.grade,
                        when,
                    });
                }
            }
        }
    }
    out
}

/// The node each id refers to: the first with it.
fn first_ids(s: &Scenario) -> HashMap<&str, usize> {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, n) in s.nodes.iter().enumerate() {
        ids.entry(n.id.as_str()).or_insert(i);
    }
    ids
}

impl Shape {
    /// Walks the graph forwards from the start and backwards from the end nodes. A node whose id
    /// repeats an earlier one is never the node the id refers to, so it is unreachable.
    pub fn of(s: &Scenario) -> Shape {
        let ids = first_ids(s);
        let edges: Vec<Vec<usize>> = s
            .nodes
            .iter()
            .map(|n| {
                n.replies
                    .iter()
                    .flat_map(Reply::targets)
                    .filter_map(|t| ids.get(t).copied())
                    .collect()
            })
            .collect();
        let mut reverse = vec![Vec::new(); s.nodes.len()];
        for (from, tos) in edges.iter().enumerate() {
            for &to in tos {
                reverse[to].push(from);
            }
        }
        let ends = s
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.end.is_some())
            .map(|(i, _)| i);
        Shape {
            depth: walk(&edges, ids.get(s.start.as_str()).copied()),
            can_end: walk(&reverse, ends).iter().map(Option::is_some).collect(),
        }
    }

    /// Whether the conversation can get to node `i`.
    pub fn reachable(&self, i: usize) -> bool {
        self.depth(i).is_some()
    }

    /// The fewest replies from the start to node `i`, if it can be got to: the map's columns.
    pub fn depth(&self, i: usize) -> Option<usize> {
        self.depth.get(i).copied().flatten()
    }

    /// What is wrong with node `i`, if anything; the first of unreachable, dead end, no way to
    /// an end.
    pub fn flaw(&self, i: usize, node: &Node) -> Option<Flaw> {
        if !self.reachable(i) {
            Some(Flaw::Unreachable)
        } else if Shape::dead_end(node) {
            Some(Flaw::DeadEnd)
        } else if self.loops_forever(i, node) {
            Some(Flaw::NoWayToEnd)
        } else {
            None
        }
    }

    /// Whether node `i` is reached but the conversation can only loop from there.
    pub fn loops_forever(&self, i: usize, node: &Node) -> bool {
        self.reachable(i)
            && !self.can_end.get(i).copied().unwrap_or(false)
            && !node.replies.is_empty()
    }

    /// Whether `node` stops the conversation without an outcome.
    pub fn dead_end(node: &Node) -> bool {
        node.replies.is_empty() && node.end.is_none()
    }
}

/// The steps along `edges` from the nearest of `from` to each node it reaches (breadth first).
fn walk(edges: &[Vec<usize>], from: impl IntoIterator<Item = usize>) -> Vec<Option<usize>> {
    let mut depth = vec![None; edges.len()];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for s in from {
        if depth[s].is_none() {
            depth[s] = Some(0);
            queue.push_back(s);
        }
    }
    while let Some(n) = queue.pop_front() {
        let next = depth[n].map(|d| d + 1);
        for &m in &edges[n] {
            if depth[m].is_none() {
                depth[m] = next;
                queue.push_back(m);
            }
        }
    }
    depth
}
