//! Settings: language, interface size and the typing effect, kept between runs.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use crate::game::prefs::Prefs;
use crate::game::screen::{BackTo, Screen, add_screen, always};
use crate::game::ui;
use crate::labels::Label;
use crate::lang::Lang;

/// The interface sizes offered, as zoom over the size designed for 1280x720.
const SCALES: [f32; 6] = [0.8, 0.9, 1.0, 1.15, 1.3, 1.5];

/// What the trainee can change.
#[derive(Message, Clone, Debug, PartialEq)]
pub enum SettingsAction {
    /// Use this language.
    Language(Lang),
    /// Switch to the other language.
    ToggleLanguage,
    /// One size larger (+1) or smaller (-1).
    Resize(i32),
    /// Type out the customer's lines, or show them at once.
    TypeOut(bool),
    /// Switch the typing effect.
    ToggleTypeOut,
    /// Switch projector mode (large type, high contrast, presenter controls, class votes).
    ToggleClassroom,
    /// Back to where they came from.
    Back,
}

/// The settings screen.
pub(super) fn plugin(app: &mut App) {
    add_screen::<SettingsAction, _, _, _, _>(app, Screen::Settings, always, keys, act, draw);
}

fn keys(keys: Res<ButtonInput<KeyCode>>, mut actions: MessageWriter<SettingsAction>) {
    let pressed = |k| keys.just_pressed(k);
    if pressed(KeyCode::KeyL) {
        actions.write(SettingsAction::ToggleLanguage);
    } else if pressed(KeyCode::Equal) || pressed(KeyCode::NumpadAdd) {
        actions.write(SettingsAction::Resize(1));
    } else if pressed(KeyCode::Minus) || pressed(KeyCode::NumpadSubtract) {
        actions.write(SettingsAction::Resize(-1));
    } else if pressed(KeyCode::KeyT) {
        actions.write(SettingsAction::ToggleTypeOut);
    } else if pressed(KeyCode::KeyP) {
        actions.write(SettingsAction::ToggleClassroom);
    } else if pressed(KeyCode::Escape) {
        actions.write(SettingsAction::Back);
    }
}

fn act(
    mut actions: MessageReader<SettingsAction>,
    mut prefs: ResMut<Prefs>,
    back: Res<BackTo>,
    mut next: ResMut<NextState<Screen>>,
) {
    for action in actions.read() {
        match action {
            SettingsAction::Language(lang) => prefs.lang = *lang,
            SettingsAction::ToggleLanguage => prefs.lang = prefs.lang.other(),
            SettingsAction::Resize(by) => {
                let now = SCALES
                    .iter()
                    .position(|s| *s >= prefs.ui_scale - 0.001)
                    .unwrap_or(2) as i32;
                prefs.ui_scale = SCALES[(now + by).clamp(0, SCALES.len() as i32 - 1) as usize];
            }
            SettingsAction::TypeOut(on) => prefs.type_out = *on,
            SettingsAction::ToggleTypeOut => prefs.type_out = !prefs.type_out,
            SettingsAction::ToggleClassroom => prefs.classroom = !prefs.classroom,
            SettingsAction::Back => next.set(back.0),
        }
    }
}

fn draw(
    mut contexts: EguiContexts,
    prefs: Res<Prefs>,
    mut actions: MessageWriter<SettingsAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = prefs.lang;
    let mut root = ui::root(ctx, "settings");
    ui::key_strip(&mut root, Label::SettingsKeys.get(lang));
    egui::CentralPanel::default().show(&mut root, |ui| {
        let back = Label::Back.get(lang);
        if ui::top_bar(ui, back, Label::Settings.get(lang), |_| {}, |_| {}) {
            actions.write(SettingsAction::Back);
        }
        ui.add_space(12.0);
        egui::Grid::new("settings")
            .num_columns(2)
            .spacing([24.0, 14.0])
            .show(ui, |ui| {
                ui.label(format!("{} (L)", Label::Language.get(lang)));
                ui.horizontal(|ui| {
                    for l in Lang::ALL {
                        if ui
                            .selectable_label(l == lang, Label::LanguageName.get(l))
                            .clicked()
                        {
                            actions.write(SettingsAction::Language(l));
                        }
                    }
                });
                ui.end_row();
                ui.label(format!("{} (+/-)", Label::UiScale.get(lang)));
                ui.horizontal(|ui| {
                    if ui.button("−").clicked() {
                        actions.write(SettingsAction::Resize(-1));
                    }
                    ui.label(format!("{:.0}%", prefs.ui_scale * 100.0));
                    if ui.button("+").clicked() {
                        actions.write(SettingsAction::Resize(1));
                    }
                });
                ui.end_row();
                ui.label(format!("{} (T)", Label::TypeOut.get(lang)));
                let mut on = prefs.type_out;
                let word = if on { Label::On } else { Label::Off };
                if ui.checkbox(&mut on, word.get(lang)).changed() {
                    actions.write(SettingsAction::TypeOut(on));
                }
                ui.end_row();
                ui.label(format!("{} (P · F11)", Label::Projector.get(lang)));
                let mut on = prefs.classroom;
                let word = if on { Label::On } else { Label::Off };
                if ui.checkbox(&mut on, word.get(lang)).changed() {
                    actions.write(SettingsAction::ToggleClassroom);
                }
                ui.end_row();
            });
    });
    Ok(())
}
