//! The trainee's history: the score trend, and attempts and best score per scenario.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use crate::game::input::enter_pressed;
use crate::game::library::{Library, Rulebook};
use crate::game::prefs::Prefs;
use crate::game::screen::{BackTo, Screen, add_screen, always};
use crate::game::trainee::Trainee;
use crate::game::ui::{self, BAD, DIM, GOOD, NOTE};
use crate::labels::Label;
use crate::results::SavedResult;
use crate::results::export::date;
use crate::results::report::per_scenario;

/// What the trainee can do in the history.
#[derive(Message, Clone, Debug, PartialEq)]
pub enum HistoryAction {
    /// Back to where they came from.
    Back,
    /// Everyone's results summed up, for the instructor.
    ClassReport,
}

/// The history, read again from disk each time it opens.
pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::History), reload);
    add_screen::<HistoryAction, _, _, _, _>(app, Screen::History, always, keys, act, draw);
}

/// Reads the results from disk, so the screen shows what is really kept.
fn reload(mut trainee: ResMut<Trainee>) {
    if let Err(e) = trainee.reload_history() {
        warn!("history not read: {e}");
    }
}

fn keys(keys: Res<ButtonInput<KeyCode>>, mut actions: MessageWriter<HistoryAction>) {
    if keys.just_pressed(KeyCode::Escape) || enter_pressed(&keys) {
        actions.write(HistoryAction::Back);
    } else if keys.just_pressed(KeyCode::KeyC) {
        actions.write(HistoryAction::ClassReport);
    }
}

fn act(
    mut actions: MessageReader<HistoryAction>,
    back: Res<BackTo>,
    rulebook: Option<Res<Rulebook>>,
    mut next: ResMut<NextState<Screen>>,
) {
    for action in actions.read() {
        next.set(match action {
            HistoryAction::Back => back.0,
            // The report names banned phrases by the rulebook, which is built in the first
            // moments after start.
            HistoryAction::ClassReport if rulebook.is_none() => continue,
            HistoryAction::ClassReport => Screen::Report,
        });
    }
}

/// Scores in order as a line over a 0-100 scale, each point marked passed or not as its result
/// says, with the pass mark when the results share one.
fn trend(ui: &mut egui::Ui, results: &[&SavedResult], height: f32) {
    let width = ui.available_width().max(60.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, egui::Color32::from_rgb(38, 42, 50));
    let plot = rect.shrink(8.0);
    let y = |score: u32| plot.bottom() - plot.height() * score.min(100) as f32 / 100.0;
    let marks: Vec<Option<u8>> = results.iter().map(|r| r.pass_mark).collect();
    if let Some(Some(mark)) = marks.first().filter(|m| marks.iter().all(|x| x == *m)) {
        let mark = u32::from(*mark);
        painter.line_segment(
            [
                egui::pos2(plot.left(), y(mark)),
                egui::pos2(plot.right(), y(mark)),
            ],
            egui::Stroke::new(1.0, NOTE.gamma_multiply(0.6)),
        );
    }
    let steps = (results.len().max(2) - 1) as f32;
    let points: Vec<egui::Pos2> = results
        .iter()
        .enumerate()
        .map(|(i, r)| egui::pos2(plot.left() + plot.width() * i as f32 / steps, y(r.score)))
        .collect();
    painter.add(egui::Shape::line(
        points.clone(),
        egui::Stroke::new(2.0, egui::Color32::from_rgb(120, 170, 240)),
    ));
    for (p, r) in points.iter().zip(results) {
        painter.circle_filled(*p, 3.5, if r.passed { GOOD } else { BAD });
    }
}

fn draw(
    mut contexts: EguiContexts,
    prefs: Res<Prefs>,
    trainee: Res<Trainee>,
    library: Res<Library>,
    mut actions: MessageWriter<HistoryAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = prefs.lang;
    let results = &trainee.history.results;
    let mut root = ui::root(ctx, "history");
    ui::key_strip(&mut root, Label::HistoryKeys.get(lang));
    egui::Panel::top("history-top").show(&mut root, |ui| {
        ui.add_space(4.0);
        let heading = Label::HistoryOf.fill(lang, &[("name", &trainee.name().unwrap_or("—"))]);
        let more = |ui: &mut egui::Ui| {
            if ui
                .button(format!("{} (C)", Label::ClassReport.get(lang)))
                .clicked()
            {
                actions.write(HistoryAction::ClassReport);
            }
        };
        if ui::top_bar(ui, Label::Back.get(lang), heading, more, |_| {}) {
            actions.write(HistoryAction::Back);
        }
        for aside in &trainee.history.set_aside {
            ui.colored_label(
                BAD,
                Label::SetAside.fill(lang, &[("n", &1), ("dir", &aside.now.display())]),
            );
        }
        ui.add_space(2.0);
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        if results.is_empty() {
            ui.label(Label::NoResults.get(lang));
            return;
        }
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.label(egui::RichText::new(Label::ScoreTrend.get(lang)).strong());
                trend(ui, &results.iter().collect::<Vec<_>>(), 120.0);
                let summaries = per_scenario(results);
                ui.add_space(8.0);
                ui.label(egui::RichText::new(Label::PerScenario.get(lang)).strong());
                let mut ids: Vec<&str> = Vec::new();
                for r in results.iter().rev() {
                    if !ids.contains(&r.scenario.as_str()) {
                        ids.push(&r.scenario);
                    }
                }
                for id in ids {
                    let mine: Vec<&SavedResult> =
                        results.iter().filter(|r| r.scenario == id).collect();
                    let title = library.get(id).map_or(id, |s| s.title.get(lang));
                    let summary = &summaries[id];
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal(|ui| {
                            ui.label(egui::RichText::new(title).strong());
                            ui.colored_label(
                                if summary.passed_once() { GOOD } else { DIM },
                                format!(
                                    "{} · {} · {}",
                                    Label::Best.fill(lang, &[("n", &summary.best)]),
                                    Label::Latest.fill(lang, &[("n", &summary.latest)]),
                                    Label::Attempts.fill(lang, &[("n", &summary.attempts)]),
                                ),
                            );
                        });
                        ui.horizontal(|ui| {
                            let width = ui.available_width();
                            ui.allocate_ui(egui::vec2(width * 0.35, 40.0), |ui| {
                                trend(ui, &mine, 36.0);
                            });
                            ui.vertical(|ui| {
                                for r in mine.iter().rev().take(3) {
                                    ui.label(
                                        egui::RichText::new(format!(
                                            "{} · {} · {} · {}",
                                            date(r.finished_at),
                                            r.score,
                                            Label::outcome_named(&r.outcome).get(lang),
                                            Label::Seed.fill(lang, &[("n", &r.seed)]),
                                        ))
                                        .color(DIM),
                                    );
                                }
                            });
                        });
                    });
                }
            });
    });
    Ok(())
}
