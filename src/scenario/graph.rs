//! The shape of a conversation graph: which nodes can be reached from the start and from which
//! an end can still be reached. `check` warns from it and `graph` draws it.

use std::collections::{HashMap, VecDeque};

use super::model::{Node, Reply, Scenario};

/// Reachability of every node, by index in `Scenario::nodes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    reachable: Vec<bool>,
    can_end: Vec<bool>,
}

impl Shape {
    /// Walks the graph forwards from the start and backwards from the end nodes. A node whose id
    /// repeats an earlier one is never the node the id refers to, so it is unreachable.
    pub fn of(s: &Scenario) -> Shape {
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for (i, n) in s.nodes.iter().enumerate() {
            ids.entry(n.id.as_str()).or_insert(i);
        }
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
            reachable: walk(&edges, ids.get(s.start.as_str()).copied()),
            can_end: walk(&reverse, ends),
        }
    }

    /// Whether the conversation can get to node `i`.
    pub fn reachable(&self, i: usize) -> bool {
        self.reachable.get(i).copied().unwrap_or(false)
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

/// The nodes reachable along `edges` from `from`.
fn walk(edges: &[Vec<usize>], from: impl IntoIterator<Item = usize>) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for s in from {
        if !seen[s] {
            seen[s] = true;
            queue.push_back(s);
        }
    }
    while let Some(n) = queue.pop_front() {
        for &m in &edges[n] {
            if !seen[m] {
                seen[m] = true;
                queue.push_back(m);
            }
        }
    }
    seen
}
