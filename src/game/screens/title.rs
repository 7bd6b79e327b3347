//! The title screen: language, the trainee's name, and the offer to resume a session left
//! unfinished.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use crate::game::input::enter_pressed;
use crate::game::library::{Library, Rulebook};
use crate::game::play::Play;
use crate::game::prefs::Prefs;
use crate::game::screen::{BackTo, Screen, add_screen, always};
use crate::game::trainee::Trainee;
use crate::game::ui::{self, BAD, DIM, NOTE};
use crate::labels::Label;
use crate::lang::Lang;

/// What the trainee can do at the title.
#[derive(Message, Clone, Debug, PartialEq)]
pub enum TitleAction {
    /// Sign in with the name typed and choose a scenario.
    Start,
    /// Switch between Chinese and English.
    ToggleLanguage,
    /// Open the history.
    History,
    /// Open the settings.
    Settings,
    /// Continue the unfinished session.
    Resume,
    /// Forget the unfinished session.
    Discard,
    /// Close the game.
    Quit,
}

/// A problem to show at the title (a bad name, a session that cannot be resumed).
#[derive(Resource, Clone, Debug, Default)]
pub struct TitleNote(pub Option<String>);

/// The title screen, shown first.
pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TitleNote>();
    add_screen::<TitleAction, _, _, _, _>(app, Screen::Title, always, keys, act, draw);
}

fn keys(keys: Res<ButtonInput<KeyCode>>, mut actions: MessageWriter<TitleAction>) {
    let pressed = |k| keys.just_pressed(k);
    if enter_pressed(&keys) {
        actions.write(TitleAction::Start);
    } else if pressed(KeyCode::KeyL) {
        actions.write(TitleAction::ToggleLanguage);
    } else if pressed(KeyCode::KeyH) {
        actions.write(TitleAction::History);
    } else if pressed(KeyCode::KeyS) {
        actions.write(TitleAction::Settings);
    } else if pressed(KeyCode::KeyR) {
        actions.write(TitleAction::Resume);
    } else if pressed(KeyCode::KeyD) {
        actions.write(TitleAction::Discard);
    } else if pressed(KeyCode::Escape) {
        actions.write(TitleAction::Quit);
    }
}

fn act(
    mut commands: Commands,
    mut actions: MessageReader<TitleAction>,
    mut prefs: ResMut<Prefs>,
    mut trainee: ResMut<Trainee>,
    mut note: ResMut<TitleNote>,
    library: Res<Library>,
    rulebook: Option<Res<Rulebook>>,
    mut next: ResMut<NextState<Screen>>,
    mut back: ResMut<BackTo>,
    mut exit: MessageWriter<AppExit>,
) {
    let lang = prefs.lang;
    for action in actions.read() {
        // Everything but the language needs the trainee signed in under the name typed.
        let needs_sign_in = !matches!(action, TitleAction::ToggleLanguage | TitleAction::Quit);
        if needs_sign_in
            && trainee.name() != Some(prefs.trainee.trim())
            && let Err(e) = trainee.sign_in(&prefs.trainee)
        {
            note.0 = Some(if prefs.trainee.trim().is_empty() {
                Label::BadName.get(lang).to_owned()
            } else {
                e
            });
            continue;
        }
        note.0 = None;
        let group = prefs.group.trim();
        trainee.group = (!group.is_empty()).then(|| group.to_owned());
        match action {
            TitleAction::Start => next.set(Screen::Select),
            TitleAction::ToggleLanguage => prefs.lang = lang.other(),
            TitleAction::History => {
                back.0 = Screen::Title;
                next.set(Screen::History);
            }
            TitleAction::Settings => {
                back.0 = Screen::Title;
                next.set(Screen::Settings);
            }
            TitleAction::Resume => {
                let Some(Ok(transcript)) = &trainee.unfinished else {
                    continue;
                };
                let resumed = match (library.get(&transcript.scenario), &rulebook) {
                    (Some(scenario), Some(rulebook)) => {
                        Play::resume(scenario.clone(), &rulebook.0, transcript, trainee.player())
                            .map_err(|e| e.to_string())
                    }
                    _ => Err(format!("no scenario `{}`", transcript.scenario)),
                };
                match resumed {
                    Ok(play) => {
                        commands.insert_resource(play);
                        next.set(Screen::Counter);
                    }
                    Err(e) => note.0 = Some(Label::ResumeFailed.fill(lang, &[("e", &e)])),
                }
            }
            TitleAction::Discard => {
                if let Err(e) = trainee.discard_unfinished() {
                    note.0 = Some(e);
                }
            }
            TitleAction::Quit => {
                exit.write(AppExit::Success);
            }
        }
    }
}

fn draw(
    mut contexts: EguiContexts,
    mut prefs: ResMut<Prefs>,
    trainee: Res<Trainee>,
    library: Res<Library>,
    note: Res<TitleNote>,
    mut actions: MessageWriter<TitleAction>,
    mut asked_name: Local<bool>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = prefs.lang;
    let mut root = ui::root(ctx, "title");
    ui::key_strip(&mut root, Label::TitleKeys.get(lang));
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space((ui.available_height() * 0.08).max(8.0));
            ui.label(egui::RichText::new("柜台练习").size(60.0).strong());
            ui.label(egui::RichText::new("Counterplay").size(30.0));
            ui.label(
                egui::RichText::new(Label::Tagline.get(lang))
                    .size(22.0)
                    .color(DIM),
            );
            ui.add_space(24.0);
            trainee_fields(ui, &mut prefs, &mut asked_name, &mut actions);
            ui.add_space(12.0);
            buttons(ui, lang, &mut actions);
            if let Some(text) = &note.0 {
                ui.add_space(8.0);
                ui.colored_label(BAD, text);
            }
            unfinished(ui, &trainee, &library, lang, &mut actions);
            ui.add_space(16.0);
            ui.label(
                egui::RichText::new(
                    Label::ScenariosLoaded.fill(lang, &[("n", &library.scenarios().len())]),
                )
                .color(DIM),
            );
            if let Some(e) = &trainee.store_error {
                ui.colored_label(BAD, Label::StoreUnavailable.fill(lang, &[("e", e)]));
            }
        });
    });
    Ok(())
}

/// The trainee's name (with the language beside it) and group, centred. Takes the resource, so
/// the preferences count as changed (and are saved) only when a field is.
fn trainee_fields(
    ui: &mut egui::Ui,
    prefs: &mut ResMut<Prefs>,
    asked_name: &mut bool,
    actions: &mut MessageWriter<TitleAction>,
) {
    let lang = prefs.lang;
    ui.horizontal(|ui| {
        let width = 520.0_f32.min(ui.available_width());
        ui.add_space((ui.available_width() - width).max(0.0) / 2.0);
        ui.label(Label::TraineeName.get(lang));
        let mut name = prefs.trainee.clone();
        let field = ui.add(
            egui::TextEdit::singleline(&mut name)
                .desired_width(220.0)
                .hint_text("王小明 / Alex"),
        );
        // A first-time trainee can type their name at once.
        if !*asked_name && prefs.trainee.is_empty() {
            field.request_focus();
        }
        *asked_name = true;
        if name != prefs.trainee {
            prefs.trainee = name;
        }
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            actions.write(TitleAction::Start);
        }
        if ui.button(Label::LanguageName.get(lang.other())).clicked() {
            actions.write(TitleAction::ToggleLanguage);
        }
    });
    ui.horizontal(|ui| {
        let width = 520.0_f32.min(ui.available_width());
        ui.add_space((ui.available_width() - width).max(0.0) / 2.0);
        ui.label(Label::GroupName.get(lang));
        let mut group = prefs.group.clone();
        ui.add(
            egui::TextEdit::singleline(&mut group)
                .desired_width(220.0)
                .char_limit(40)
                .hint_text("2026春 / Class A"),
        );
        if group != prefs.group {
            prefs.group = group;
        }
    });
}

/// Start, and below it history, settings and quit.
fn buttons(ui: &mut egui::Ui, lang: Lang, actions: &mut MessageWriter<TitleAction>) {
    let start = egui::Button::new(egui::RichText::new(Label::Start.get(lang)).size(24.0))
        .min_size(egui::vec2(240.0, 48.0));
    if ui.add(start).clicked() {
        actions.write(TitleAction::Start);
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let width = 330.0_f32.min(ui.available_width());
        ui.add_space((ui.available_width() - width).max(0.0) / 2.0);
        if ui.button(Label::History.get(lang)).clicked() {
            actions.write(TitleAction::History);
        }
        if ui.button(Label::Settings.get(lang)).clicked() {
            actions.write(TitleAction::Settings);
        }
        if ui.button(Label::Quit.get(lang)).clicked() {
            actions.write(TitleAction::Quit);
        }
    });
}

/// The offer to resume the session left unfinished, or why its autosave was set aside.
fn unfinished(
    ui: &mut egui::Ui,
    trainee: &Trainee,
    library: &Library,
    lang: Lang,
    actions: &mut MessageWriter<TitleAction>,
) {
    match &trainee.unfinished {
        Some(Ok(t)) => {
            ui.add_space(16.0);
            let title = library
                .get(&t.scenario)
                .map_or(t.scenario.as_str(), |s| s.title.get(lang));
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.colored_label(
                    NOTE,
                    Label::ResumeOffer.fill(lang, &[("title", &title), ("n", &t.turns.len())]),
                );
                ui.horizontal(|ui| {
                    if ui
                        .button(format!("{} (R)", Label::Resume.get(lang)))
                        .clicked()
                    {
                        actions.write(TitleAction::Resume);
                    }
                    if ui
                        .button(format!("{} (D)", Label::Discard.get(lang)))
                        .clicked()
                    {
                        actions.write(TitleAction::Discard);
                    }
                });
            });
        }
        Some(Err(aside)) => {
            ui.add_space(8.0);
            ui.colored_label(
                BAD,
                Label::SetAside.fill(lang, &[("n", &1), ("dir", &aside.now.display())]),
            );
        }
        None => {}
    }
}
