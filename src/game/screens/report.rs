//! The class report: everyone's results in this store summed up for an instructor, for one
//! group or all: each scenario's average, how the conversations ended, the banned phrases said
//! most and the principles broken most, as charts. `counterplay report` prints the same.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use crate::game::library::{Library, Rulebook};
use crate::game::prefs::Prefs;
use crate::game::screen::{Screen, add_screen, always};
use crate::game::trainee::Trainee;
use crate::game::ui::{self, BAD, DIM, GOOD, NOTE};
use crate::labels::Label;
use crate::lang::Lang;
use crate::results::export::Filter;
use crate::results::report::ClassReport;
use crate::results::{AllResults, SavedResult};
use crate::rulebook::Rulebook as Book;
use crate::scoring::principle_name;

/// What the instructor can do in the report.
#[derive(Message, Clone, Debug, PartialEq)]
pub enum ReportAction {
    /// Report on the next group (all, then each group in turn).
    NextGroup,
    /// Back to the history.
    Back,
}

/// Everyone's results, read when the screen opens, and the group reported on.
#[derive(Resource, Default)]
pub struct ReportState {
    results: Vec<SavedResult>,
    /// The groups present, in order.
    pub groups: Vec<String>,
    /// The group shown; none for everyone.
    pub group: Option<String>,
    /// The report on that group, summed up when the screen opens or the group changes.
    report: Option<ClassReport>,
    problem: Option<String>,
    /// Files set aside and entries of the profiles folder skipped while reading: an instructor
    /// should know the report leaves them out.
    unread: AllResults,
}

impl ReportState {
    /// Sums up the results of the group chosen.
    fn sum_up(&mut self, book: &Book) {
        let filter = Filter {
            group: self.group.clone(),
            since: None,
        };
        self.report = Some(ClassReport::of(book, &self.results, &filter));
    }
}

/// The class report, summed up from every result when it opens.
pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ReportState>()
        .add_systems(OnEnter(Screen::Report), read_results);
    add_screen::<ReportAction, _, _, _, _>(app, Screen::Report, always, keys, act, draw);
}

fn read_results(trainee: Res<Trainee>, rulebook: Res<Rulebook>, mut state: ResMut<ReportState>) {
    match trainee.everyone() {
        Ok(mut all) => {
            let results = std::mem::take(&mut all.history.results);
            let mut groups: Vec<String> = results.iter().filter_map(|r| r.group.clone()).collect();
            groups.sort();
            groups.dedup();
            // The trainee's own group first, as the one an instructor most likely means.
            let group = trainee.group.clone().filter(|g| groups.contains(g));
            *state = ReportState {
                results,
                groups,
                group,
                report: None,
                problem: None,
                unread: all,
            };
            state.sum_up(rulebook.0.rulebook());
        }
        Err(e) => state.problem = Some(e),
    }
}

fn keys(keys: Res<ButtonInput<KeyCode>>, mut actions: MessageWriter<ReportAction>) {
    if keys.just_pressed(KeyCode::KeyG) {
        actions.write(ReportAction::NextGroup);
    } else if keys.just_pressed(KeyCode::Escape) {
        actions.write(ReportAction::Back);
    }
}

fn act(
    mut actions: MessageReader<ReportAction>,
    mut state: ResMut<ReportState>,
    rulebook: Res<Rulebook>,
    mut next: ResMut<NextState<Screen>>,
) {
    for action in actions.read() {
        match action {
            ReportAction::NextGroup => {
                let at = state
                    .group
                    .as_ref()
                    .and_then(|g| state.groups.iter().position(|x| x == g));
                state.group = match at {
                    None => state.groups.first().cloned(),
                    Some(i) => state.groups.get(i + 1).cloned(),
                };
                state.sum_up(rulebook.0.rulebook());
            }
            ReportAction::Back => next.set(Screen::History),
        }
    }
}

/// One chart: a row per item with its label, its number and a bar of its value out of `max`
/// (0: out of the largest), the columns aligned.
fn chart(ui: &mut egui::Ui, id: &str, rows: &[(String, f32, String, egui::Color32)], max: f32) {
    let max = if max > 0.0 {
        max
    } else {
        rows.iter().map(|r| r.1).fold(0.0, f32::max)
    };
    let width = ui.available_width();
    let bar_width = width * 0.35;
    egui::Grid::new(id)
        .num_columns(3)
        .max_col_width(width * 0.45)
        .show(ui, |ui| {
            for (label, value, number, color) in rows {
                ui.add(egui::Label::new(label.as_str()).wrap());
                ui.label(egui::RichText::new(number).strong());
                ui.allocate_ui(egui::vec2(bar_width, 20.0), |ui| {
                    ui.set_width(bar_width);
                    ui::bar(ui, if max > 0.0 { value / max } else { 0.0 }, *color);
                });
                ui.end_row();
            }
        });
}

fn draw(
    mut contexts: EguiContexts,
    prefs: Res<Prefs>,
    state: Res<ReportState>,
    library: Res<Library>,
    rulebook: Res<Rulebook>,
    mut actions: MessageWriter<ReportAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = prefs.lang;
    let book = rulebook.0.rulebook();
    let Some(report) = &state.report else {
        return Ok(());
    };
    let mut root = ui::root(ctx, "report");
    ui::key_strip(&mut root, Label::ReportKeys.get(lang));
    egui::Panel::top("report-top").show(&mut root, |ui| {
        ui.add_space(4.0);
        let group = report
            .group
            .clone()
            .unwrap_or_else(|| Label::AllGroups.get(lang).to_owned());
        let heading = Label::ReportHeading.fill(
            lang,
            &[
                ("group", &group),
                ("n", &report.results),
                ("t", &report.trainees),
            ],
        );
        let more = |ui: &mut egui::Ui| {
            if !state.groups.is_empty()
                && ui
                    .button(format!("{} (G)", Label::FilterGroup.get(lang)))
                    .clicked()
            {
                actions.write(ReportAction::NextGroup);
            }
        };
        if ui::top_bar(ui, Label::Back.get(lang), heading, more, |_| {}) {
            actions.write(ReportAction::Back);
        }
        if let Some(p) = &state.problem {
            ui.colored_label(BAD, p);
        }
        for aside in &state.unread.history.set_aside {
            ui.colored_label(
                BAD,
                Label::SetAside.fill(lang, &[("n", &1), ("dir", &aside.now.display())]),
            );
        }
        for entry in &state.unread.skipped {
            ui.colored_label(
                BAD,
                Label::NotATrainee.fill(lang, &[("path", &entry.path.display())]),
            );
        }
        ui.add_space(2.0);
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        if report.results == 0 {
            ui.label(Label::NoResults.get(lang));
            return;
        }
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.columns(2, |columns| {
                    by_scenario(&mut columns[0], report, &library, lang);
                    mistakes(&mut columns[1], report, book, lang);
                });
            });
    });
    Ok(())
}

/// The left column: each scenario's average, and how the conversations ended.
fn by_scenario(ui: &mut egui::Ui, report: &ClassReport, library: &Library, lang: Lang) {
    ui.label(egui::RichText::new(Label::ReportByScenario.get(lang)).strong());
    let rows: Vec<_> = report
        .scenarios
        .iter()
        .map(|s| {
            let title = library
                .get(&s.scenario)
                .map_or(s.scenario.as_str(), |x| x.title.get(lang));
            let color = if s.mostly_passed() { GOOD } else { NOTE };
            (
                title.to_owned(),
                s.average as f32,
                s.average.to_string(),
                color,
            )
        })
        .collect();
    chart(ui, "scenarios", &rows, 100.0);
    for s in &report.scenarios {
        ui.label(egui::RichText::new(format!("{}: {}", s.scenario, s.line(lang))).color(DIM));
    }
    ui.add_space(10.0);
    ui.label(egui::RichText::new(Label::ReportOutcomes.get(lang)).strong());
    let rows: Vec<_> = report
        .outcomes
        .iter()
        .map(|(key, n)| {
            let color = if key == "resolved" { GOOD } else { BAD };
            let name = Label::outcome_named(key).get(lang).to_owned();
            (name, *n as f32, n.to_string(), color)
        })
        .collect();
    chart(ui, "outcomes", &rows, 0.0);
}

/// The right column: the banned phrases said most, and the principles broken most.
fn mistakes(ui: &mut egui::Ui, report: &ClassReport, book: &Book, lang: Lang) {
    ui.label(egui::RichText::new(Label::ReportBanned.get(lang)).strong());
    if report.banned.is_empty() {
        ui.label(Label::ReportNone.get(lang));
    }
    let rows: Vec<_> = report
        .banned
        .iter()
        .map(|b| {
            (
                format!("“{}”", b.words),
                b.count as f32,
                b.count.to_string(),
                BAD,
            )
        })
        .collect();
    chart(ui, "banned", &rows, 0.0);
    ui.add_space(10.0);
    ui.label(egui::RichText::new(Label::ReportPrinciples.get(lang)).strong());
    if report.principles.is_empty() {
        ui.label(Label::ReportNone.get(lang));
    }
    let rows: Vec<_> = report
        .principles
        .iter()
        .map(|(p, n)| {
            (
                principle_name(book, *p, lang),
                *n as f32,
                n.to_string(),
                NOTE,
            )
        })
        .collect();
    chart(ui, "principles", &rows, 0.0);
}
