//! The scenario map: an instructor sees the whole conversation graph (replies as arrows
//! coloured by grade, end nodes by outcome, unreachable nodes and dead ends marked) and previews
//! from any node with the customer in a chosen mood, without replaying the start.

use std::sync::Arc;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use crate::customer::CustomerParams;
use crate::game::input::{enter_pressed, number_pressed};
use crate::game::library::Library;
use crate::game::play::{Play, Seeds};
use crate::game::prefs::Prefs;
use crate::game::screen::{Screen, add_screen};
use crate::game::ui::{self, BAD, DIM, GOOD, NOTE};
use crate::labels::Label;
use crate::lang::Lang;
use crate::scenario::{Arrow, Flaw, Grade, Mood, Outcome, Scenario, Shape, arrows};
use crate::session::Preview;

/// A node's box on the map, in points.
const BOX: egui::Vec2 = egui::vec2(170.0, 58.0);
/// Space between columns and between rows.
const GAP: egui::Vec2 = egui::vec2(70.0, 18.0);
/// Characters of a node's first line shown in its box.
const LINE_CHARS: usize = 11;

/// Which scenario the map shows, the chosen node and the mood a preview starts in.
#[derive(Resource, Clone, Debug)]
pub struct MapState {
    /// The scenario's id; the map always shows the library's newest version of it.
    pub id: String,
    /// The chosen node, by index.
    pub selected: usize,
    /// The customer's mood when a preview starts.
    pub mood: Mood,
}

impl MapState {
    /// The map of `scenario`, its start node chosen.
    pub fn of(scenario: &Scenario) -> MapState {
        MapState {
            id: scenario.id.clone(),
            selected: scenario
                .nodes
                .iter()
                .position(|n| n.id == scenario.start)
                .unwrap_or(0),
            mood: CustomerParams::exact(scenario).opening_mood(),
        }
    }
}

/// What an instructor can do on the map.
#[derive(Message, Clone, Debug, PartialEq)]
pub enum MapAction {
    /// Choose the node at this index.
    Choose(usize),
    /// Choose the next (1) or previous (-1) node in file order.
    Move(i32),
    /// The customer's mood for the preview.
    Mood(Mood),
    /// Play from the chosen node.
    Preview,
    /// Back to the scenario list.
    Back,
}

/// The map, while there is a scenario chosen to show.
pub(super) fn plugin(app: &mut App) {
    add_screen::<MapAction, _, _, _, _>(
        app,
        Screen::Map,
        resource_exists::<MapState>,
        keys,
        act,
        draw,
    );
}

fn keys(keys: Res<ButtonInput<KeyCode>>, mut actions: MessageWriter<MapAction>) {
    if keys.just_pressed(KeyCode::ArrowUp) || keys.just_pressed(KeyCode::ArrowLeft) {
        actions.write(MapAction::Move(-1));
    } else if keys.just_pressed(KeyCode::ArrowDown) || keys.just_pressed(KeyCode::ArrowRight) {
        actions.write(MapAction::Move(1));
    } else if let Some(mood) = number_pressed(&keys).and_then(|n| Mood::ALL.get(n)) {
        actions.write(MapAction::Mood(*mood));
    } else if enter_pressed(&keys) {
        actions.write(MapAction::Preview);
    } else if keys.just_pressed(KeyCode::Escape) {
        actions.write(MapAction::Back);
    }
}

fn act(
    mut commands: Commands,
    mut actions: MessageReader<MapAction>,
    mut state: ResMut<MapState>,
    library: Res<Library>,
    mut seeds: ResMut<Seeds>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(scenario) = library.get(&state.id) else {
        // The file was deleted or its id changed while the map was open.
        next.set(Screen::Select);
        return;
    };
    let n = scenario.nodes.len().max(1);
    for action in actions.read() {
        match action {
            MapAction::Choose(i) => state.selected = (*i).min(n - 1),
            MapAction::Move(by) => {
                state.selected = (state.selected as i32 + by).rem_euclid(n as i32) as usize;
            }
            MapAction::Mood(m) => state.mood = *m,
            MapAction::Back => next.set(Screen::Select),
            MapAction::Preview => {
                let Some(node) = scenario.nodes.get(state.selected) else {
                    continue;
                };
                let preview = Preview {
                    node: node.id.clone(),
                    mood: state.mood,
                };
                // A preview is never filed, so nobody plays it.
                match Play::start(scenario.clone(), seeds.draw(), Some(preview), None) {
                    Ok(play) => {
                        commands.insert_resource(play);
                        next.set(Screen::Counter);
                    }
                    // An end node: the panel says why nothing starts.
                    Err(e) => info!("no preview: {e}"),
                }
            }
        }
    }
    state.selected = state.selected.min(n - 1);
}

/// Where each node's box goes: a column per step from the start (unreachable nodes last), and
/// rows in file order.
fn layout(scenario: &Scenario, shape: &Shape) -> Vec<egui::Rect> {
    let last = (0..scenario.nodes.len())
        .filter_map(|i| shape.depth(i))
        .max()
        .unwrap_or(0);
    let mut rows = vec![0usize; last + 2];
    (0..scenario.nodes.len())
        .map(|i| {
            let column = shape.depth(i).unwrap_or(last + 1);
            let row = rows[column];
            rows[column] += 1;
            let at = egui::pos2(
                column as f32 * (BOX.x + GAP.x),
                row as f32 * (BOX.y + GAP.y),
            );
            egui::Rect::from_min_size(at, BOX)
        })
        .collect()
}

fn grade_color(grade: Option<Grade>) -> egui::Color32 {
    match grade {
        Some(Grade::Good) => GOOD,
        Some(Grade::Mediocre) => NOTE,
        Some(Grade::Bad) => BAD,
        None => DIM,
    }
}

fn outcome_fill(outcome: Outcome) -> egui::Color32 {
    match outcome {
        Outcome::Resolved => egui::Color32::from_rgb(38, 84, 52),
        Outcome::Referred => egui::Color32::from_rgb(36, 62, 98),
        Outcome::Unresolved | Outcome::GaveUp => egui::Color32::from_rgb(96, 74, 30),
        Outcome::Escalated | Outcome::WalkedOut => egui::Color32::from_rgb(104, 40, 38),
    }
}

fn flaw_label(flaw: Flaw) -> Label {
    match flaw {
        Flaw::Unreachable => Label::MapUnreachable,
        Flaw::DeadEnd => Label::MapDeadEnd,
        Flaw::NoWayToEnd => Label::MapNoWayToEnd,
    }
}

/// The first `n` characters of `text`, with an ellipsis when cut.
fn clip(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        out.push('…');
    }
    out
}

/// Points along the arrow from `a` to `b`: straight when it goes right, else a bow below the
/// boxes so it does not cross them.
fn arrow_path(a: egui::Pos2, b: egui::Pos2, forward: bool) -> Vec<egui::Pos2> {
    if forward {
        return vec![a, b];
    }
    let dip = a.y.max(b.y) + BOX.y * 0.9;
    let control = egui::pos2((a.x + b.x) / 2.0, dip);
    (0..=16)
        .map(|k| {
            let t = k as f32 / 16.0;
            let u = 1.0 - t;
            egui::pos2(
                u * u * a.x + 2.0 * u * t * control.x + t * t * b.x,
                u * u * a.y + 2.0 * u * t * control.y + t * t * b.y,
            )
        })
        .collect()
}

fn paint_arrow(
    painter: &egui::Painter,
    arrow: &Arrow,
    boxes: &[egui::Rect],
    options: usize,
    origin: egui::Vec2,
) {
    let from = boxes[arrow.from].translate(origin);
    let to = boxes[arrow.to].translate(origin);
    let color = grade_color(arrow.grade);
    let forward = to.left() > from.right();
    // Each option leaves from its own height, so the options of a node can be told apart.
    let share = (arrow.option + 1) as f32 / (options + 1) as f32;
    let (a, b) = if forward {
        (
            egui::pos2(from.right(), from.top() + from.height() * share),
            to.left_center(),
        )
    } else {
        (
            egui::pos2(from.left() + from.width() * share, from.bottom()),
            egui::pos2(to.center().x, to.bottom()),
        )
    };
    let points = arrow_path(a, b, forward);
    let stroke = egui::Stroke::new(1.6, color);
    if arrow.when.is_some() {
        painter.extend(egui::Shape::dashed_line(&points, stroke, 6.0, 4.0));
    } else {
        painter.add(egui::Shape::line(points.clone(), stroke));
    }
    let tip = points[points.len() - 1];
    let back = points[points.len() - 2];
    let dir = (tip - back).normalized();
    let side = egui::vec2(-dir.y, dir.x);
    painter.add(egui::Shape::convex_polygon(
        vec![
            tip,
            tip - dir * 9.0 + side * 4.5,
            tip - dir * 9.0 - side * 4.5,
        ],
        color,
        egui::Stroke::NONE,
    ));
    painter.text(
        a + if forward {
            egui::vec2(8.0, -7.0)
        } else {
            egui::vec2(6.0, 8.0)
        },
        egui::Align2::LEFT_CENTER,
        (arrow.option + 1).to_string(),
        egui::FontId::proportional(12.0),
        color,
    );
}

fn draw(
    mut contexts: EguiContexts,
    mut state: ResMut<MapState>,
    library: Res<Library>,
    prefs: Res<Prefs>,
    mut actions: MessageWriter<MapAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = prefs.lang;
    let Some(scenario) = library.get(&state.id).cloned() else {
        return Ok(());
    };
    let shape = Shape::of(&scenario);
    let boxes = layout(&scenario, &shape);
    let view = ctx.viewport_rect();
    let mut root = ui::root(ctx, "map");
    ui::key_strip(&mut root, Label::MapKeys.get(lang));

    egui::Panel::top("map-top").show(&mut root, |ui| {
        ui.add_space(4.0);
        let heading = format!("{} · {}", Label::Map.get(lang), scenario.title.get(lang));
        if ui::top_bar(ui, Label::Back.get(lang), heading, |_| {}, |_| {}) {
            actions.write(MapAction::Back);
        }
        ui.label(egui::RichText::new(Label::MapLegend.get(lang)).color(DIM));
        ui.add_space(2.0);
    });

    egui::Panel::right("map-node")
        .resizable(false)
        .exact_size(view.width() * 0.32)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    node_panel(ui, &scenario, &shape, &mut state, lang, &mut actions)
                });
        });

    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::both()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                graph(
                    ui,
                    &scenario,
                    &shape,
                    &boxes,
                    state.selected,
                    lang,
                    &mut actions,
                );
            });
    });
    Ok(())
}

/// The whole graph: the replies' arrows under the nodes' boxes; a click chooses a node.
fn graph(
    ui: &mut egui::Ui,
    scenario: &Scenario,
    shape: &Shape,
    boxes: &[egui::Rect],
    selected: usize,
    lang: Lang,
    actions: &mut MessageWriter<MapAction>,
) {
    let size = boxes
        .iter()
        .fold(egui::Rect::NOTHING, |r, b| r.union(*b))
        .size()
        + egui::vec2(24.0, BOX.y + 24.0);
    let (canvas, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let origin = canvas.min.to_vec2() + egui::vec2(8.0, 8.0);
    let painter = ui.painter_at(canvas);
    for arrow in arrows(scenario) {
        let options = scenario.nodes[arrow.from].replies.len();
        paint_arrow(&painter, &arrow, boxes, options, origin);
    }
    for (i, rect) in boxes.iter().enumerate() {
        let rect = rect.translate(origin);
        let response = ui.interact(rect, ui.id().with(("node", i)), egui::Sense::click());
        if response.clicked() {
            actions.write(MapAction::Choose(i));
        }
        paint_node(&painter, rect, scenario, shape, i, i == selected, lang);
    }
}

/// A node's box: filled by its outcome if it ends the conversation, outlined by its flaw (or as
/// the start, or as chosen), with its id and its first line, its outcome or its flaw.
fn paint_node(
    painter: &egui::Painter,
    rect: egui::Rect,
    scenario: &Scenario,
    shape: &Shape,
    i: usize,
    selected: bool,
    lang: Lang,
) {
    let node = &scenario.nodes[i];
    let flaw = shape.flaw(i, node);
    let fill = node
        .end
        .map_or(egui::Color32::from_rgb(44, 52, 66), outcome_fill);
    let border = match flaw {
        _ if selected => egui::Stroke::new(3.0, NOTE),
        Some(Flaw::Unreachable) => egui::Stroke::new(1.5, DIM),
        Some(Flaw::DeadEnd) => egui::Stroke::new(2.5, BAD),
        Some(Flaw::NoWayToEnd) => egui::Stroke::new(2.5, NOTE),
        None if node.id == scenario.start => egui::Stroke::new(2.5, egui::Color32::WHITE),
        None => egui::Stroke::new(1.0, egui::Color32::from_gray(110)),
    };
    painter.rect(rect, 6.0, fill, border, egui::StrokeKind::Inside);
    let mut title = node.id.clone();
    if node.id == scenario.start {
        title = format!("▶ {title}");
    }
    painter.text(
        rect.left_top() + egui::vec2(8.0, 6.0),
        egui::Align2::LEFT_TOP,
        clip(&title, 18),
        egui::FontId::proportional(14.0),
        egui::Color32::WHITE,
    );
    let second = match (flaw, node.end) {
        (Some(f), _) => (flaw_label(f).get(lang).to_owned(), BAD),
        (None, Some(o)) => (
            Label::MapEnds.fill(lang, &[("o", &Label::outcome(o).get(lang))]),
            egui::Color32::from_gray(220),
        ),
        (None, None) => (
            clip(
                node.lines.first().map_or("", |l| l.text.get(lang)),
                LINE_CHARS,
            ),
            DIM,
        ),
    };
    painter.text(
        rect.left_bottom() + egui::vec2(8.0, -8.0),
        egui::Align2::LEFT_BOTTOM,
        clip(&second.0, LINE_CHARS + 2),
        egui::FontId::proportional(12.0),
        second.1,
    );
}

/// The chosen node in full, the mood to start in and the preview button.
fn node_panel(
    ui: &mut egui::Ui,
    scenario: &Arc<Scenario>,
    shape: &Shape,
    state: &mut MapState,
    lang: Lang,
    actions: &mut MessageWriter<MapAction>,
) {
    let Some(node) = scenario.nodes.get(state.selected) else {
        return;
    };
    ui.add_space(6.0);
    ui.heading(&node.id);
    if node.id == scenario.start {
        ui.colored_label(DIM, Label::MapStart.get(lang));
    }
    if let Some(flaw) = shape.flaw(state.selected, node) {
        ui.colored_label(BAD, flaw_label(flaw).get(lang));
    }
    if let Some(o) = node.end {
        ui.label(Label::MapEnds.fill(lang, &[("o", &Label::outcome(o).get(lang))]));
    }
    if node.replies.is_empty() {
        ui.colored_label(DIM, Label::MapEndNoPreview.get(lang));
    } else {
        ui.label(egui::RichText::new(Label::MapStartMood.get(lang)).strong());
        ui.horizontal_wrapped(|ui| {
            for (k, mood) in Mood::ALL.into_iter().enumerate() {
                let text = format!("{} {}", k + 1, Label::mood(mood).get(lang));
                if ui.selectable_label(state.mood == mood, text).clicked() {
                    actions.write(MapAction::Mood(mood));
                }
            }
        });
        let go = egui::Button::new(
            egui::RichText::new(format!("{} (Enter)", Label::MapPreview.get(lang))).size(20.0),
        )
        .min_size(egui::vec2(180.0, 40.0));
        if ui.add(go).clicked() {
            actions.write(MapAction::Preview);
        }
    }
    ui.separator();
    ui.label(egui::RichText::new(Label::MapLines.get(lang)).strong());
    for line in &node.lines {
        let mood = line
            .mood
            .map(|m| format!("[{}] ", Label::mood(m).get(lang)))
            .unwrap_or_default();
        ui.label(format!("{mood}{}", line.text.get(lang)));
    }
    if !node.replies.is_empty() {
        ui.add_space(6.0);
        ui.label(egui::RichText::new(Label::MapReplies.get(lang)).strong());
    }
    for (k, reply) in node.replies.iter().enumerate() {
        ui.colored_label(
            grade_color(reply.grade),
            format!("{}. {}", k + 1, reply.text.get(lang)),
        );
        for b in &reply.branches {
            ui.label(egui::RichText::new(format!("    {:?} → {}", b.when, b.to)).color(DIM));
        }
        if let Some(next) = &reply.next {
            ui.label(
                egui::RichText::new(format!("    {} → {next}", Label::MapDefault.get(lang)))
                    .color(DIM),
            );
        }
    }
}
