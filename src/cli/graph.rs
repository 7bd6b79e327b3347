//! `counterplay graph`: a scenario's conversation as Graphviz DOT, for instructors to see the
//! whole of a branching scenario (`counterplay graph ID | dot -Tsvg > map.svg`).
//!
//! Nodes carry their id and first line; replies are edges numbered as the trainee sees them and
//! coloured by their grade, branches are dashed with their condition; end nodes are filled by
//! outcome; unreachable nodes, dead ends and nodes that can only loop are marked.

use std::fmt::Write as _;

use crate::lang::Lang;
use crate::scenario::{Flaw, Grade, Outcome, Scenario, Shape, arrows};

/// Characters of a node's first line shown in its box.
const LINE_CHARS: usize = 24;

/// The DOT text of `scenario`'s graph, its lines in `lang`.
pub fn dot(scenario: &Scenario, lang: Lang) -> String {
    let shape = Shape::of(scenario);
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quote(&scenario.id));
    let _ = writeln!(out, "  label={};", quote(scenario.title.get(lang)));
    out.push_str("  labelloc=t;\n  rankdir=LR;\n");
    out.push_str(
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Noto Sans SC\"];\n",
    );
    out.push_str("  edge [fontname=\"Noto Sans SC\"];\n");
    for (i, n) in scenario.nodes.iter().enumerate() {
        let first = n.lines.first().map_or("", |l| l.text.get(lang));
        let mut line: String = first.chars().take(LINE_CHARS).collect();
        if first.chars().count() > LINE_CHARS {
            line.push('…');
        }
        let mut label = format!("{}\n{line}", n.id);
        let mut attrs = Vec::new();
        if let Some(end) = n.end {
            label.push_str(&format!("\n[{}]", end.key()));
            attrs.push(format!("fillcolor=\"{}\"", outcome_colour(end)));
            attrs.push("shape=doubleoctagon".into());
        }
        if n.id == scenario.start {
            attrs.push("penwidth=3".into());
        }
        match shape.flaw(i, n) {
            Some(Flaw::Unreachable) => {
                label.push_str("\n(unreachable)");
                attrs.push("style=\"rounded,dashed\"".into());
                attrs.push("color=\"#9e9e9e\"".into());
            }
            Some(Flaw::DeadEnd) => {
                label.push_str("\n(dead end)");
                attrs.push("color=\"#c62828\"".into());
                attrs.push("penwidth=3".into());
            }
            Some(Flaw::NoWayToEnd) => {
                label.push_str("\n(no way to an end)");
                attrs.push("color=\"#ef6c00\"".into());
                attrs.push("penwidth=3".into());
            }
            None => {}
        }
        attrs.insert(0, format!("label={}", quote(&label)));
        let _ = writeln!(out, "  {} [{}];", quote(&n.id), attrs.join(", "));
    }
    for a in arrows(scenario) {
        let colour = grade_colour(a.grade);
        let (label, style) = match a.when {
            Some(when) => (format!("{}: {when:?}", a.option + 1), ", style=dashed"),
            None => ((a.option + 1).to_string(), ""),
        };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}, color=\"{colour}\", fontcolor=\"{colour}\"{style}];",
            quote(&scenario.nodes[a.from].id),
            quote(&scenario.nodes[a.to].id),
            quote(&label),
        );
    }
    out.push_str("}\n");
    out
}

/// A DOT string literal.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn grade_colour(grade: Option<Grade>) -> &'static str {
    match grade {
        Some(Grade::Good) => "#2e7d32",
        Some(Grade::Mediocre) => "#ef6c00",
        Some(Grade::Bad) => "#c62828",
        None => "#616161",
    }
}

fn outcome_colour(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Resolved => "#c8e6c9",
        Outcome::Referred => "#bbdefb",
        Outcome::Unresolved | Outcome::GaveUp => "#ffe0b2",
        Outcome::Escalated | Outcome::WalkedOut => "#ffcdd2",
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_escape_what_dot_would_misread() {
        assert_eq!(quote("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
    }
}
