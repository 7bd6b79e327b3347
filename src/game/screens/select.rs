//! Choosing a scenario: filters by setting, customer type and difficulty; each scenario with the
//! trainee's best score and number of attempts.

use std::sync::Arc;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::map::MapState;
use crate::game::input::enter_pressed;
use crate::game::library::{Library, Rulebook};
use crate::game::play::{Play, Seeds};
use crate::game::prefs::Prefs;
use crate::game::screen::{Screen, add_screen, always};
use crate::game::trainee::Trainee;
use crate::game::ui::{self, BAD, DIM, GOOD};
use crate::labels::Label;
use crate::lang::Lang;
use crate::results::report::{ScenarioSummary, per_scenario};
use crate::scenario::{Scenario, Setting, Trait};

/// What the trainee can do on the list.
#[derive(Message, Clone, Debug, PartialEq)]
pub enum SelectAction {
    /// Move the highlight up or down the list.
    Move(i32),
    /// Highlight the scenario at this place in the filtered list.
    Highlight(usize),
    /// Play the highlighted scenario.
    Play,
    /// Open the highlighted scenario's map.
    Map,
    /// Show only this setting (none: all).
    Setting(Option<Setting>),
    /// Show only this customer type (none: all).
    Trait(Option<Trait>),
    /// Show only this difficulty (none: all).
    Difficulty(Option<u8>),
    /// Step the setting filter to its next value.
    NextSetting,
    /// Step the customer type filter to its next value.
    NextTrait,
    /// Step the difficulty filter to its next value.
    NextDifficulty,
    /// Back to the title.
    Back,
}

/// The filters and the highlighted scenario.
#[derive(Resource, Clone, Debug, Default)]
pub struct SelectState {
    /// Only this setting, if set.
    pub setting: Option<Setting>,
    /// Only this customer type, if set.
    pub r#trait: Option<Trait>,
    /// Only this difficulty, if set.
    pub difficulty: Option<u8>,
    /// Place of the highlighted scenario in the filtered list.
    pub highlighted: usize,
}

impl SelectState {
    /// The scenarios that pass the filters, in library order.
    pub fn visible<'a>(&self, library: &'a Library) -> Vec<&'a Arc<Scenario>> {
        library
            .scenarios()
            .iter()
            .filter(|s| self.setting.is_none_or(|x| s.setting == x))
            .filter(|s| self.r#trait.is_none_or(|x| s.customer.r#trait == x))
            .filter(|s| self.difficulty.is_none_or(|x| s.difficulty == x))
            .collect()
    }
}

/// The scenario list and its filters, kept while the trainee plays.
pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SelectState>();
    add_screen::<SelectAction, _, _, _, _>(app, Screen::Select, always, keys, act, draw);
}

fn keys(keys: Res<ButtonInput<KeyCode>>, mut actions: MessageWriter<SelectAction>) {
    let pressed = |k| keys.just_pressed(k);
    if pressed(KeyCode::ArrowUp) {
        actions.write(SelectAction::Move(-1));
    } else if pressed(KeyCode::ArrowDown) {
        actions.write(SelectAction::Move(1));
    } else if enter_pressed(&keys) {
        actions.write(SelectAction::Play);
    } else if pressed(KeyCode::F1) {
        actions.write(SelectAction::NextSetting);
    } else if pressed(KeyCode::F2) {
        actions.write(SelectAction::NextTrait);
    } else if pressed(KeyCode::F3) {
        actions.write(SelectAction::NextDifficulty);
    } else if pressed(KeyCode::KeyM) {
        actions.write(SelectAction::Map);
    } else if pressed(KeyCode::Escape) {
        actions.write(SelectAction::Back);
    }
}

/// The value after `current` in `all`, wrapping through "any".
fn step<T: Copy + PartialEq>(all: &[T], current: Option<T>) -> Option<T> {
    match current.and_then(|c| all.iter().position(|x| *x == c)) {
        None => all.first().copied(),
        Some(i) => all.get(i + 1).copied(),
    }
}

/// The settings, types and difficulties present in the library, for the filters.
fn choices(library: &Library) -> (Vec<Setting>, Vec<Trait>, Vec<u8>) {
    let mut settings: Vec<Setting> = Vec::new();
    let mut traits: Vec<Trait> = Vec::new();
    let mut difficulties: Vec<u8> = Vec::new();
    for s in library.scenarios() {
        if !settings.contains(&s.setting) {
            settings.push(s.setting);
        }
        if !traits.contains(&s.customer.r#trait) {
            traits.push(s.customer.r#trait);
        }
        if !difficulties.contains(&s.difficulty) {
            difficulties.push(s.difficulty);
        }
    }
    traits.sort();
    difficulties.sort();
    (settings, traits, difficulties)
}

fn act(
    mut commands: Commands,
    mut actions: MessageReader<SelectAction>,
    mut state: ResMut<SelectState>,
    library: Res<Library>,
    rulebook: Option<Res<Rulebook>>,
    mut trainee: ResMut<Trainee>,
    mut seeds: ResMut<Seeds>,
    mut next: ResMut<NextState<Screen>>,
) {
    let (settings, traits, difficulties) = choices(&library);
    for action in actions.read() {
        match action {
            SelectAction::Move(by) => {
                let n = state.visible(&library).len() as i32;
                if n > 0 {
                    state.highlighted = (state.highlighted as i32 + by).rem_euclid(n) as usize;
                }
            }
            SelectAction::Highlight(i) => state.highlighted = *i,
            SelectAction::Setting(s) => state.setting = *s,
            SelectAction::Trait(t) => state.r#trait = *t,
            SelectAction::Difficulty(d) => state.difficulty = *d,
            SelectAction::NextSetting => state.setting = step(&settings, state.setting),
            SelectAction::NextTrait => state.r#trait = step(&traits, state.r#trait),
            SelectAction::NextDifficulty => {
                state.difficulty = step(&difficulties, state.difficulty);
            }
            SelectAction::Back => next.set(Screen::Title),
            SelectAction::Map => {
                if let Some(scenario) = state.visible(&library).get(state.highlighted) {
                    commands.insert_resource(MapState::of(scenario));
                    next.set(Screen::Map);
                }
            }
            SelectAction::Play => {
                let Some(scenario) = state.visible(&library).get(state.highlighted).copied() else {
                    continue;
                };
                let Some(rulebook) = &rulebook else { continue };
                trainee.keep_unfinished(&library, &rulebook.0);
                match Play::start(scenario.clone(), seeds.draw(), None, trainee.player()) {
                    Ok(play) => {
                        commands.insert_resource(play);
                        next.set(Screen::Counter);
                    }
                    Err(e) => error!("cannot start {}: {e}", scenario.id),
                }
            }
        }
        // Filters may have shortened the list.
        let n = state.visible(&library).len();
        state.highlighted = state.highlighted.min(n.saturating_sub(1));
    }
}

fn filter_combo<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    id: &str,
    label: &str,
    lang: Lang,
    current: Option<T>,
    all: &[T],
    name: impl Fn(T) -> String,
) -> Option<Option<T>> {
    let mut chosen = None;
    ui.label(egui::RichText::new(label).color(DIM));
    let shown = current.map_or_else(|| Label::Any.get(lang).to_owned(), &name);
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(current.is_none(), Label::Any.get(lang))
                .clicked()
            {
                chosen = Some(None);
            }
            for &x in all {
                if ui.selectable_label(current == Some(x), name(x)).clicked() {
                    chosen = Some(Some(x));
                }
            }
        });
    chosen
}

fn draw(
    mut contexts: EguiContexts,
    prefs: Res<Prefs>,
    state: Res<SelectState>,
    library: Res<Library>,
    trainee: Res<Trainee>,
    mut actions: MessageWriter<SelectAction>,
    mut followed: Local<Option<usize>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = prefs.lang;
    let visible = state.visible(&library);
    let mut root = ui::root(ctx, "select");
    ui::key_strip(&mut root, Label::SelectKeys.get(lang));
    egui::Panel::top("select-top").show(&mut root, |ui| {
        ui.add_space(6.0);
        let more = |ui: &mut egui::Ui| {
            if let Some(name) = trainee.name() {
                ui.label(egui::RichText::new(format!("· {name}")).color(DIM));
            }
        };
        let heading = Label::ChooseScenario.get(lang);
        if ui::top_bar(ui, Label::Back.get(lang), heading, more, |_| {}) {
            actions.write(SelectAction::Back);
        }
        filters(ui, &state, &library, lang, &mut actions);
        ui.add_space(4.0);
    });

    let highlighted = visible.get(state.highlighted).copied();
    egui::Panel::right("select-detail")
        .resizable(false)
        .exact_size(ctx.viewport_rect().width() * 0.4)
        .show(&mut root, |ui| {
            let Some(s) = highlighted else { return };
            egui::ScrollArea::vertical().show(ui, |ui| detail(ui, s, lang, &mut actions));
        });

    egui::CentralPanel::default().show(&mut root, |ui| {
        if visible.is_empty() {
            ui.colored_label(BAD, Label::NoMatch.get(lang));
        }
        let records = per_scenario(&trainee.history.results);
        egui::ScrollArea::vertical().show(ui, |ui| {
            for (i, s) in visible.iter().enumerate() {
                let chosen = i == state.highlighted;
                let response = scenario_card(ui, s, chosen, records.get(&s.id), lang);
                // Follow the highlight when the keys move it, not on every frame (the wheel
                // must still scroll).
                if chosen && *followed != Some(i) {
                    response.scroll_to_me(None);
                    *followed = Some(i);
                }
                if response.clicked() {
                    actions.write(SelectAction::Highlight(i));
                }
                if response.double_clicked() {
                    actions.write(SelectAction::Play);
                }
            }
        });
    });
    Ok(())
}

/// The three filters, each a drop-down with its key.
fn filters(
    ui: &mut egui::Ui,
    state: &SelectState,
    library: &Library,
    lang: Lang,
    actions: &mut MessageWriter<SelectAction>,
) {
    let (settings, traits, difficulties) = choices(library);
    egui::Grid::new("filters").num_columns(6).show(ui, |ui| {
        let f = |s: Setting| Label::setting(s).get(lang).to_owned();
        if let Some(x) = filter_combo(
            ui,
            "setting",
            &format!("{} (F1)", Label::FilterSetting.get(lang)),
            lang,
            state.setting,
            &settings,
            f,
        ) {
            actions.write(SelectAction::Setting(x));
        }
        let f = |t: Trait| Label::r#trait(t).get(lang).to_owned();
        if let Some(x) = filter_combo(
            ui,
            "trait",
            &format!("{} (F2)", Label::FilterTrait.get(lang)),
            lang,
            state.r#trait,
            &traits,
            f,
        ) {
            actions.write(SelectAction::Trait(x));
        }
        let f = |d: u8| format!("{d}");
        if let Some(x) = filter_combo(
            ui,
            "difficulty",
            &format!("{} (F3)", Label::FilterDifficulty.get(lang)),
            lang,
            state.difficulty,
            &difficulties,
            f,
        ) {
            actions.write(SelectAction::Difficulty(x));
        }
    });
}

/// A scenario's setting, customer type and difficulty, in a line.
fn about(s: &Scenario, lang: Lang) -> String {
    format!(
        "{} · {} · {}",
        Label::setting(s.setting).get(lang),
        Label::r#trait(s.customer.r#trait).get(lang),
        Label::Difficulty.fill(lang, &[("n", &s.difficulty)]),
    )
}

/// The highlighted scenario in full: its title, what it is, the briefing, and the buttons to
/// play it or open its map.
fn detail(ui: &mut egui::Ui, s: &Scenario, lang: Lang, actions: &mut MessageWriter<SelectAction>) {
    ui.add_space(8.0);
    ui.heading(s.title.get(lang));
    ui.label(egui::RichText::new(about(s, lang)).color(DIM));
    ui.add_space(8.0);
    if let Some(b) = &s.briefing {
        ui.label(b.get(lang));
    }
    ui.add_space(12.0);
    let play = egui::Button::new(
        egui::RichText::new(format!("{} (Enter)", Label::Play.get(lang))).size(22.0),
    )
    .min_size(egui::vec2(200.0, 44.0));
    ui.horizontal(|ui| {
        if ui.add(play).clicked() {
            actions.write(SelectAction::Play);
        }
        let map = egui::Button::new(format!("{} (M)", Label::Map.get(lang)))
            .min_size(egui::vec2(120.0, 44.0));
        if ui.add(map).clicked() {
            actions.write(SelectAction::Map);
        }
    });
}

/// One scenario in the list, with the trainee's best score and attempts; a click highlights it.
fn scenario_card(
    ui: &mut egui::Ui,
    s: &Scenario,
    chosen: bool,
    record: Option<&ScenarioSummary>,
    lang: Lang,
) -> egui::Response {
    let frame = egui::Frame::group(ui.style()).fill(if chosen {
        egui::Color32::from_rgb(48, 62, 86)
    } else {
        egui::Color32::from_rgb(38, 42, 50)
    });
    frame
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(s.title.get(lang)).size(20.0).strong());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    match record {
                        Some(r) => ui.colored_label(
                            if r.passed_once() { GOOD } else { DIM },
                            format!(
                                "{} · {}",
                                Label::Best.fill(lang, &[("n", &r.best)]),
                                Label::Attempts.fill(lang, &[("n", &r.attempts)])
                            ),
                        ),
                        None => ui.colored_label(DIM, Label::NotTried.get(lang)),
                    };
                });
            });
            ui.label(egui::RichText::new(about(s, lang)).color(DIM));
        })
        .response
        .interact(egui::Sense::click())
}
