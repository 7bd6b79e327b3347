//! Semantic checks on a parsed scenario, each reported at the token it is about.

use std::collections::HashMap;
use std::path::Path;

use crate::assets::{Assets, Lookup, is_inside};
use crate::diagnostics::{Diagnostic, Lines, Locator, Seg, Severity, closest, is_hidden};
use crate::font::Glyphs;
use crate::lang::{Lang, Text};
use crate::rulebook::Matcher;

use super::graph::Shape;
use super::length::{MAX_GIVEAWAY_SHARE, length_tells};
use super::model::*;

/// What scenarios are checked against.
#[derive(Clone, Copy)]
pub struct CheckContext<'a> {
    /// The rulebook, to warn about banned phrases in replies marked good.
    pub matcher: &'a Matcher,
    /// The assets folder, to warn about missing portraits and characters the font cannot draw;
    /// `None` skips those checks.
    pub assets: Option<&'a Assets>,
}

/// Most nodes a scenario may have; far beyond any conversation a trainee can follow.
pub const MAX_NODES: usize = 500;
/// Most reply options per node: the number keys 1 to 9.
pub const MAX_REPLIES: usize = 9;
/// Longest text, in characters, of any line or reply (blanks count: they are read too).
pub const MAX_TEXT_CHARS: usize = 1000;
/// Most tags a scenario may have.
pub const MAX_TAGS: usize = 20;
/// Longest tag, in characters: a word or two for a filter.
pub const MAX_TAG_CHARS: usize = 40;

type Path_ = Vec<Seg<'static>>;

struct Checker<'a> {
    file: &'a Path,
    source: &'a str,
    lines: Lines,
    locator: &'a Locator,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report(&mut self, severity: Severity, path: &[Seg], message: String) -> &mut Diagnostic {
        let span = self.locator.span(path);
        self.out.push(Diagnostic::at_line(
            self.file,
            self.source,
            &self.lines,
            severity,
            span,
            message,
        ));
        self.out.last_mut().expect("just pushed")
    }

    fn error(&mut self, path: &[Seg], message: impl Into<String>) -> &mut Diagnostic {
        self.report(Severity::Error, path, message.into())
    }

    fn warn(&mut self, path: &[Seg], message: impl Into<String>) -> &mut Diagnostic {
        self.report(Severity::Warning, path, message.into())
    }

    fn unit(&mut self, path: &[Seg], what: &str, v: f64) {
        if !(0.0..=1.0).contains(&v) {
            self.error(path, format!("{what} must be between 0 and 1, got {v}"));
        }
    }
}

fn join(base: &[Seg<'static>], more: &[Seg<'static>]) -> Path_ {
    base.iter().chain(more).copied().collect()
}

/// Every check of PRODUCT.md §3 that needs more than the parser: references, reachability,
/// ranges, translations, banned phrases in good replies, asset paths.
pub fn validate(
    s: &Scenario,
    file: &Path,
    source: &str,
    locator: &Locator,
    ctx: CheckContext,
) -> Vec<Diagnostic> {
    use Seg::Field as F;
    let mut c = Checker {
        file,
        source,
        lines: Lines::new(source),
        locator,
        out: Vec::new(),
    };
    check_header(&mut c, s);
    check_failure(&mut c, &s.failure);
    check_customer(&mut c, &s.customer, ctx);
    if !check_sizes(&mut c, s) {
        // Without nodes nothing below applies; over the limits, the checks below would cost
        // more than the file is worth.
        c.out
            .sort_by_key(|d| (d.start, std::cmp::Reverse(d.severity)));
        return c.out;
    }
    check_texts(&mut c, s, ctx);
    let ids = check_node_ids(&mut c, s);
    ids.check_reference(&mut c, &[F("start")], &s.start);
    check_offers_are_judged(&mut c, s);
    for (i, n) in s.nodes.iter().enumerate() {
        check_node(&mut c, &ids, i, n, ctx);
    }
    check_graph(&mut c, s, &ids.first);
    check_lengths(&mut c, s, &ids.first);
    c.out
        .sort_by_key(|d| (d.start, std::cmp::Reverse(d.severity)));
    c.out
}

/// The fields every scenario has: a version this build reads, a usable id, sane ranges.
fn check_header(c: &mut Checker, s: &Scenario) {
    use Seg::Field as F;
    if s.version != FORMAT_VERSION {
        c.error(
            &[F("version")],
            format!(
                "unsupported format version {}, expected {FORMAT_VERSION}",
                s.version
            ),
        );
    }
    check_id(c, &[F("id")], &s.id, "scenario id");
    if !(1..=5).contains(&s.difficulty) {
        c.error(
            &[F("difficulty")],
            format!("difficulty must be 1 to 5, got {}", s.difficulty),
        );
    }
    if let Some(mark) = s.pass_mark
        && mark > 100
    {
        c.error(
            &[F("pass_mark")],
            format!("pass_mark is a score out of 100, got {mark}"),
        );
    }
}

/// The failure drives the customer model: numbers in range, an outcome failure only in core.
fn check_failure(c: &mut Checker, f: &Failure) {
    use Seg::Field as F;
    c.unit(&[F("failure"), F("magnitude")], "magnitude", f.magnitude);
    if !f.fair_compensation.is_finite() || f.fair_compensation < 0.0 {
        c.error(
            &[F("failure"), F("fair_compensation")],
            format!(
                "fair_compensation must be 0 or more yuan, got {}",
                f.fair_compensation
            ),
        );
    }
    if f.kind == FailureKind::Outcome && f.stage != Stage::Core {
        c.error(
            &[F("failure"), F("stage")],
            "an outcome failure happens only in core consumption (course 000); use `stage: Core` or `kind: Process`",
        );
    }
}

/// Motives are shares of one whole; the portrait must be an asset and the tuning in range.
fn check_customer(c: &mut Checker, customer: &Customer, ctx: CheckContext) {
    use Seg::Field as F;
    let m = &customer.motives;
    let motive_path = [F("customer"), F("motives")];
    for (name, v) in [
        ("respect", m.respect),
        ("venting", m.venting),
        ("compensation", m.compensation),
    ] {
        c.unit(&join(&motive_path, &[F(name)]), name, v);
    }
    let sum = m.respect + m.venting + m.compensation;
    if (sum - 1.0).abs() > 0.005 {
        c.error(
            &motive_path,
            format!("motive weights must sum to 1, they sum to {sum:.3}"),
        );
    }
    if let Some(portrait) = &customer.portrait {
        check_asset(c, &[F("customer"), F("portrait")], portrait, ctx.assets);
    }
    check_tuning(c, &customer.tuning);
}

/// Every text is shown to a trainee: both languages, not too long, drawable.
fn check_texts(c: &mut Checker, s: &Scenario, ctx: CheckContext) {
    for (path, text) in texts(s) {
        let glyphs = ctx.assets.and_then(|a| a.glyphs.as_ref());
        check_text(c, &path, text, glyphs);
    }
}

/// A conversation needs nodes, but no more than anyone can follow, each with no more replies
/// than the number keys; false when the file is empty of nodes or over a limit.
fn check_sizes(c: &mut Checker, s: &Scenario) -> bool {
    use Seg::{Field as F, Index as I};
    if s.nodes.is_empty() {
        c.error(&[F("nodes")], "a scenario needs at least one node");
        return false;
    }
    if s.nodes.len() > MAX_NODES {
        c.error(
            &[F("nodes")],
            format!("{} nodes is over the limit of {MAX_NODES}", s.nodes.len()),
        )
        .hint = Some("the rest of the file is checked once it is within the limit".into());
        return false;
    }
    let mut fits = true;
    for (i, n) in s.nodes.iter().enumerate() {
        if n.replies.len() > MAX_REPLIES {
            c.error(
                &[F("nodes"), I(i), F("replies"), I(MAX_REPLIES)],
                format!(
                    "node `{}` has {} replies; at most {MAX_REPLIES} fit the number keys",
                    n.id,
                    n.replies.len()
                ),
            );
            fits = false;
        }
    }
    if s.tags.len() > MAX_TAGS {
        c.error(
            &[F("tags"), I(MAX_TAGS)],
            format!("{} tags is over the limit of {MAX_TAGS}", s.tags.len()),
        );
    }
    for (i, tag) in s.tags.iter().enumerate().take(MAX_TAGS) {
        check_printable(c, &[F("tags"), I(i)], tag);
        let len = tag.chars().count();
        if len > MAX_TAG_CHARS {
            c.error(
                &[F("tags"), I(i)],
                format!("tag is {len} characters, over the limit of {MAX_TAG_CHARS}"),
            );
        }
    }
    if let Some(source) = &s.source {
        check_printable(c, &[F("source")], source);
        let len = source.chars().count();
        if len > MAX_TEXT_CHARS {
            c.error(
                &[F("source")],
                format!("source is {len} characters, over the limit of {MAX_TEXT_CHARS}"),
            );
        }
    }
    fits
}

/// The node ids a reference can name.
struct NodeIds<'s> {
    /// Each id and the first node that has it.
    first: HashMap<&'s str, usize>,
    /// Every node's id in file order, to suggest the one a typo meant.
    known: Vec<&'s str>,
}

impl NodeIds<'_> {
    /// A reference to a node that does not exist would end the conversation nowhere.
    fn check_reference(&self, c: &mut Checker, path: &[Seg], target: &str) {
        if !self.first.contains_key(target) {
            let d = c.error(path, format!("unknown node `{target}`"));
            if let Some(guess) = closest(target, self.known.iter().copied()) {
                d.hint = Some(format!("did you mean `{guess}`?"));
            }
        }
    }
}

/// Node ids are what replies point at, so each must be valid and used once.
fn check_node_ids<'s>(c: &mut Checker, s: &'s Scenario) -> NodeIds<'s> {
    use Seg::{Field as F, Index as I};
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, n) in s.nodes.iter().enumerate() {
        let path = [F("nodes"), I(i), F("id")];
        check_id(c, &path, &n.id, "node id");
        if let Some(&first) = ids.get(n.id.as_str()) {
            let line = c
                .lines
                .pos(
                    c.source,
                    c.locator.span(&[F("nodes"), I(first), F("id")]).start,
                )
                .line;
            c.error(&path, format!("duplicate node id `{}`", n.id)).hint =
                Some(format!("first defined on line {line}"));
        } else {
            ids.insert(&n.id, i);
        }
    }
    let known: Vec<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
    NodeIds { first: ids, known }
}

/// An offer is judged against the fair amount, so offering needs one above zero.
fn check_offers_are_judged(c: &mut Checker, s: &Scenario) {
    use Seg::Field as F;
    let any_offer = s
        .nodes
        .iter()
        .flat_map(|n| &n.replies)
        .any(|r| r.offer.is_some());
    if any_offer && s.failure.fair_compensation <= 0.0 {
        c.error(
            &[F("failure"), F("fair_compensation")],
            "replies offer compensation, so fair_compensation must be above 0 to judge them against",
        );
    }
}

/// A node must say something, either end or go on, and offer no more replies than keys.
fn check_node(c: &mut Checker, ids: &NodeIds, i: usize, n: &Node, ctx: CheckContext) {
    use Seg::{Field as F, Index as I};
    let node = [F("nodes"), I(i)];
    if n.lines.is_empty() {
        c.error(
            &join(&node, &[F("lines")]),
            format!("node `{}` needs at least one customer line", n.id),
        );
    }
    match (n.end, n.replies.is_empty()) {
        (Some(_), false) => {
            c.error(
                &join(&node, &[F("replies")]),
                format!("end node `{}` cannot have replies", n.id),
            )
            .hint = Some("remove `end` to continue the conversation, or the replies".into());
        }
        (None, true) => {
            c.warn(
                &join(&node, &[F("id")]),
                format!(
                    "dead end: node `{}` has no replies and no `end`, so the conversation stops without an outcome",
                    n.id
                ),
            )
            .hint = Some("add replies, or `end: Resolved` (or another outcome)".into());
        }
        _ => {}
    }
    for (k, r) in n.replies.iter().enumerate() {
        check_reply(c, ids, &join(&node, &[F("replies"), I(k)]), r, ctx);
    }
}

/// A reply must lead somewhere, offer a real amount, not contradict itself, teach nothing banned.
fn check_reply(
    c: &mut Checker,
    ids: &NodeIds,
    reply: &[Seg<'static>],
    r: &Reply,
    ctx: CheckContext,
) {
    use Seg::{Field as F, Index as I};
    if r.next.is_none() {
        c.error(
            reply,
            "reply has no `next`: where the conversation goes when no branch applies",
        );
    }
    if let Some(next) = &r.next {
        ids.check_reference(c, &join(reply, &[F("next")]), next);
    }
    for (b, br) in r.branches.iter().enumerate() {
        check_branch(c, ids, &join(reply, &[F("branches"), I(b)]), br);
    }
    if let Some(offer) = r.offer
        && (!offer.is_finite() || offer < 0.0)
    {
        c.error(
            &join(reply, &[F("offer")]),
            format!("offer must be 0 or more yuan, got {offer}"),
        );
    }
    for (d, feat) in r.drop_features.iter().enumerate() {
        if r.add_features.contains(feat) {
            c.warn(
                &join(reply, &[F("drop_features"), I(d)]),
                format!("{feat:?} is both added and dropped"),
            );
        }
    }
    if r.grade == Some(Grade::Good) {
        check_good_reply(c, reply, r, ctx);
    }
}

/// A branch must lead to a node, and a level it compares with must be one the state can have.
fn check_branch(c: &mut Checker, ids: &NodeIds, branch: &[Seg<'static>], br: &Branch) {
    use Seg::{Field as F, Index as I};
    ids.check_reference(c, &join(branch, &[F("to")]), &br.to);
    let level = match br.when {
        Condition::AngerAtLeast(v)
        | Condition::AngerBelow(v)
        | Condition::TrustAtLeast(v)
        | Condition::TrustBelow(v)
        | Condition::PatienceBelow(v) => Some(v),
        Condition::Mood(_) | Condition::Ends(_) => None,
    };
    if let Some(v) = level {
        c.unit(&join(branch, &[F("when"), I(0)]), "a condition's level", v);
    }
}

fn check_id(c: &mut Checker, path: &[Seg], id: &str, what: &str) {
    if !super::model::is_valid_id(id) {
        c.error(
            path,
            format!("{what} `{id}` must be 1 to 64 characters of a-z, 0-9, `_` or `-`"),
        );
    }
}

fn check_tuning(c: &mut Checker, t: &Tuning) {
    use Seg::Field as F;
    let base = [F("customer"), F("tuning")];
    let max = t.max_turns();
    if let Some(v) = t.max_turns
        && !(1..=50).contains(&v)
    {
        c.error(
            &join(&base, &[F("max_turns")]),
            format!("max_turns must be 1 to 50, got {v}"),
        );
    }
    if let Some(v) = t.quick_turns
        && (v == 0 || v > max)
    {
        c.error(
            &join(&base, &[F("quick_turns")]),
            format!("quick_turns must be 1 to max_turns ({max}), got {v}"),
        );
    }
    for (name, v) in [
        ("initial_anger", t.initial_anger),
        ("initial_trust", t.initial_trust),
        ("patience_decay", t.patience_decay),
    ] {
        if let Some(v) = v {
            c.unit(&join(&base, &[F(name)]), name, v);
        }
    }
    if let Some(v) = t.reply_seconds
        && !(v > 0.0 && v <= 600.0)
    {
        c.error(
            &join(&base, &[F("reply_seconds")]),
            format!("reply_seconds must be above 0 and at most 600, got {v}"),
        );
    }
}

/// Asset paths are relative to `assets/` and may not leave it.
fn check_asset(c: &mut Checker, path: &[Seg], asset: &str, assets: Option<&Assets>) {
    if !is_inside(asset) {
        c.error(
            path,
            format!("asset path `{asset}` must stay inside assets/: a relative path without `..`"),
        )
        .hint = Some("write it relative to the assets folder, e.g. \"portraits/wang.png\"".into());
        return;
    }
    match assets.map(|a| a.lookup(asset)) {
        Some(Lookup::Missing) => {
            c.warn(path, format!("`{asset}` was not found under assets/"));
        }
        Some(Lookup::Outside) => {
            c.error(
                path,
                format!("asset path `{asset}` leads out of assets/ through a link"),
            )
            .hint = Some("copy the file into the assets folder instead of linking to it".into());
        }
        Some(Lookup::Found(_)) | None => {}
    }
}

fn check_text(c: &mut Checker, path: &[Seg<'static>], text: &Text, glyphs: Option<&Glyphs>) {
    use Seg::Field as F;
    let present: Vec<Lang> = text.langs().collect();
    if present.is_empty() {
        c.error(path, "text is empty in both languages");
        return;
    }
    for lang in Lang::ALL {
        if text.exact(lang).is_none() {
            let d = c.warn(path, format!("missing {} translation", lang.name()));
            d.hint = Some(format!("add `{}: \"...\"`", lang.code()));
        }
    }
    for lang in Lang::ALL {
        let raw = text.raw(lang).unwrap_or("");
        let len = raw.chars().count();
        if len > MAX_TEXT_CHARS {
            c.error(
                &join(path, &[F(lang.code())]),
                format!("text is {len} characters, over the limit of {MAX_TEXT_CHARS}"),
            );
        }
        check_printable(c, &join(path, &[F(lang.code())]), raw);
    }
    for lang in present {
        let missing = glyphs
            .map(|g| g.missing(text.get(lang)))
            .unwrap_or_default();
        if !missing.is_empty() {
            let list: Vec<String> = missing
                .iter()
                .map(|ch| format!("'{ch}' (U+{:04X})", *ch as u32))
                .collect();
            c.warn(
                &join(path, &[F(lang.code())]),
                format!("the game's font cannot draw {}", list.join(", ")),
            )
            .hint = Some("these show as boxes in the game; use a common character instead".into());
        }
    }
}

/// Text is shown on screens and terminals: a control character (an escape sequence, a bell) or
/// a mark that reorders text could drive the one or disguise what the other shows. Line breaks
/// are text.
fn check_printable(c: &mut Checker, path: &[Seg], text: &str) {
    if let Some(ch) = text.chars().find(|&ch| is_hidden(ch) && ch != '\n') {
        c.error(
            path,
            format!(
                "text holds the control character U+{:04X}; write it out or leave it out",
                ch as u32
            ),
        );
    }
}

/// A reply the author marks good must not teach a banned phrase.
fn check_good_reply(c: &mut Checker, reply: &[Seg<'static>], r: &Reply, ctx: CheckContext) {
    use Seg::Field as F;
    for lang in Lang::ALL {
        let Some(text) = r.text.exact(lang) else {
            continue;
        };
        for finding in ctx.matcher.judge(text, Some(lang)).banned {
            let path = join(reply, &[F("text"), F(lang.code())]);
            let literal = c.locator.span(&path);
            // Point at the phrase itself when it appears verbatim inside the string literal.
            let span = c.source[literal.clone()]
                .find(&finding.matched)
                .map(|at| literal.start + at..literal.start + at + finding.matched.len())
                .unwrap_or(literal);
            let d = Diagnostic::at_line(
                c.file,
                c.source,
                &c.lines,
                Severity::Warning,
                span,
                format!(
                    "reply marked Good contains the banned phrase \"{}\" ({}, breaks {})",
                    finding.matched,
                    finding.kind.key(),
                    finding.breaks.key()
                ),
            )
            .with_hint(format!("say instead: {}", finding.better.get(lang)));
            c.out.push(d);
        }
    }
}

/// Good options a trainee can find by length alone, once per language, at the first choice
/// point that gives one away.
fn check_lengths(c: &mut Checker, s: &Scenario, ids: &HashMap<&str, usize>) {
    use Seg::{Field as F, Index as I};
    let tells = length_tells(s);
    for lang in Lang::ALL {
        let many = tells.too_many(lang);
        let Some(first) = many.first() else {
            continue;
        };
        let Some(&at) = ids.get(first.node.as_str()) else {
            continue;
        };
        let nodes: Vec<String> = many
            .iter()
            .map(|g| format!("{} (option {}, {:.1}x)", g.node, g.option, g.ratio))
            .collect();
        c.warn(
            &[F("nodes"), I(at), F("id")],
            format!(
                "the Good option is strictly the longest in {} at {} of {} choice points, so a trainee can pick it by length: {}",
                lang.code(),
                many.len(),
                tells.choice_points,
                nodes.join(", ")
            ),
        )
        .hint = Some(format!(
            "keep it to {:.0}% or fewer: say the Good reply as briefly as a person would, or give a wrong option its warm, long wording",
            100.0 * MAX_GIVEAWAY_SHARE
        ));
    }
}

/// Unreachable nodes, and reachable nodes from which no end can be reached.
fn check_graph(c: &mut Checker, s: &Scenario, ids: &HashMap<&str, usize>) {
    use Seg::{Field as F, Index as I};
    if !ids.contains_key(s.start.as_str()) {
        return;
    }
    let shape = Shape::of(s);
    for (i, n) in s.nodes.iter().enumerate() {
        // A duplicate is already an error; it is never the node its id refers to.
        let duplicate = ids.get(n.id.as_str()) != Some(&i);
        if !shape.reachable(i) && !duplicate {
            c.warn(
                &[F("nodes"), I(i), F("id")],
                format!("node `{}` cannot be reached from `{}`", n.id, s.start),
            );
        }
    }
    for (i, n) in s.nodes.iter().enumerate() {
        if shape.loops_forever(i, n) {
            c.warn(
                &[F("nodes"), I(i), F("id")],
                format!(
                    "no path from node `{}` reaches an end node; the conversation can only loop",
                    n.id
                ),
            );
        }
    }
}

/// Every text of the scenario with its path in the file.
fn texts(s: &Scenario) -> Vec<(Path_, &Text)> {
    use Seg::{Field as F, Index as I};
    let mut out: Vec<(Path_, &Text)> = vec![
        (vec![F("title")], &s.title),
        (vec![F("failure"), F("promised")], &s.failure.promised),
        (vec![F("failure"), F("delivered")], &s.failure.delivered),
        (vec![F("customer"), F("name")], &s.customer.name),
    ];
    if let Some(b) = &s.briefing {
        out.push((vec![F("briefing")], b));
    }
    for (i, n) in s.nodes.iter().enumerate() {
        for (j, l) in n.lines.iter().enumerate() {
            out.push((vec![F("nodes"), I(i), F("lines"), I(j), F("text")], &l.text));
        }
        for (k, r) in n.replies.iter().enumerate() {
            out.push((
                vec![F("nodes"), I(i), F("replies"), I(k), F("text")],
                &r.text,
            ));
            if let Some(why) = &r.why {
                out.push((vec![F("nodes"), I(i), F("replies"), I(k), F("why")], why));
            }
        }
    }
    for (i, q) in s.discussion.iter().enumerate() {
        out.push((vec![F("discussion"), I(i)], q));
    }
    if let Some(a) = &s.model_answer {
        out.push((vec![F("model_answer")], a));
    }
    out
}
