//! Settings: language, interface size and the typing effect, kept between runs; and the
//! organisation's Learning Record Store, with where the results stand with it.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use crate::game::lrs_sync::{LrsAction, LrsSync};
use crate::game::prefs::Prefs;
use crate::game::screen::{BackTo, Screen, add_screen, always};
use crate::game::ui;
use crate::labels::Label;
use crate::lang::Lang;
use crate::lrs::{Auth, Stopped};

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

/// The LRS fields as being typed; the password field starts empty (the saved one is kept).
#[derive(Resource, Debug, Default)]
struct LrsForm {
    endpoint: String,
    user: String,
    password: String,
}

/// The settings screen.
pub(super) fn plugin(app: &mut App) {
    add_screen::<SettingsAction, _, _, _, _>(app, Screen::Settings, always, keys, act, draw);
    app.init_resource::<LrsForm>()
        .add_systems(OnEnter(Screen::Settings), fill_form);
}

fn fill_form(sync: Res<LrsSync>, mut form: ResMut<LrsForm>) {
    form.endpoint = sync.settings.endpoint.clone().unwrap_or_default();
    form.user = match &sync.settings.auth {
        Auth::Basic { user, .. } => user.clone(),
        _ => String::new(),
    };
    form.password.clear();
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
    mut form: ResMut<LrsForm>,
    sync: Res<LrsSync>,
    mut lrs: MessageWriter<LrsAction>,
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
        ui.add_space(18.0);
        ui.heading(Label::LrsHeading.get(lang));
        ui.add_space(6.0);
        lrs_section(ui, lang, &mut form, &sync, &mut lrs);
    });
    Ok(())
}

/// The LRS's address and sign-in, and where the results stand with it.
fn lrs_section(
    ui: &mut egui::Ui,
    lang: Lang,
    form: &mut LrsForm,
    sync: &LrsSync,
    lrs: &mut MessageWriter<LrsAction>,
) {
    let saved_password = matches!(sync.settings.auth, Auth::Basic { .. });
    egui::Grid::new("lrs")
        .num_columns(2)
        .spacing([24.0, 10.0])
        .show(ui, |ui| {
            ui.label(Label::LrsAddress.get(lang));
            ui.add(
                egui::TextEdit::singleline(&mut form.endpoint)
                    .hint_text("https://lrs.example.edu/xAPI/")
                    .desired_width(420.0),
            );
            ui.end_row();
            ui.label(Label::LrsUser.get(lang));
            ui.add(egui::TextEdit::singleline(&mut form.user).desired_width(320.0));
            ui.end_row();
            ui.label(Label::LrsPassword.get(lang));
            let mut field = egui::TextEdit::singleline(&mut form.password)
                .password(true)
                .desired_width(320.0);
            if saved_password {
                field = field.hint_text(Label::LrsPasswordKept.get(lang));
            }
            ui.add(field);
            ui.end_row();
        });
    ui.add_space(6.0);
    if ui.button(Label::LrsSave.get(lang)).clicked() {
        lrs.write(LrsAction::Save {
            endpoint: form.endpoint.clone(),
            user: form.user.clone(),
            password: std::mem::take(&mut form.password),
        });
    }
    let line = if let Some(e) = &sync.error {
        Label::LrsFailed.fill(lang, &[("why", e)])
    } else if sync.settings.endpoint.is_none() {
        Label::LrsOff.get(lang).to_owned()
    } else if sync.sending {
        Label::LrsSending.get(lang).to_owned()
    } else if let Some(state) = &sync.state {
        let mut line =
            Label::LrsState.fill(lang, &[("sent", &state.sent), ("waiting", &state.waiting)]);
        if let Some((stopped, _)) = &state.failed {
            line += "\n";
            line += &Label::LrsFailed.fill(lang, &[("why", &stopped_label(*stopped).get(lang))]);
        }
        line
    } else {
        String::new()
    };
    ui.add(egui::Label::new(line).wrap());
}

/// What stopped the last attempt, in words the trainee reads (the full message is in the log).
fn stopped_label(stopped: Stopped) -> Label {
    match stopped {
        Stopped::Unreachable => Label::LrsUnreachable,
        Stopped::Credentials => Label::LrsCredentials,
        Stopped::Conflict => Label::LrsConflict,
        Stopped::Refused => Label::LrsRefused,
        Stopped::ServerError => Label::LrsServerError,
        Stopped::NoTitle => Label::LrsNoTitle,
        Stopped::DataFolder => Label::LrsDataFolder,
    }
}
