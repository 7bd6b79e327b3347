//! Drawing the counter: the bar along the top, the customer's column, the conversation so far,
//! and in the middle the line and what can be said to it.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::action::CounterAction;
use super::presenter;
use crate::game::face::{self, ShownMood};
use crate::game::library::{Library, Rulebook};
use crate::game::play::Play;
use crate::game::prefs::Prefs;
use crate::game::ui::{self, BAD, DIM, NOTE, PATIENCE, TRUST};
use crate::labels::Label;
use crate::lang::Lang;
use crate::scenario::Mood;

/// The counter, in projector mode or not.
pub(super) fn draw(
    mut contexts: EguiContexts,
    mut play: ResMut<Play>,
    library: Res<Library>,
    rulebook: Res<Rulebook>,
    prefs: Res<Prefs>,
    shown: Res<ShownMood>,
    time: Res<Time>,
    mut actions: MessageWriter<CounterAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = prefs.lang;
    let classroom = prefs.classroom;
    let now = time.elapsed_secs_f64();
    let file_changed = library.newer(play.scenario()).is_some();
    let view = ctx.viewport_rect();
    let mut root = ui::root(ctx, "counter");
    let keys = if classroom {
        Label::ClassroomKeys
    } else {
        Label::CounterKeys
    };
    ui::key_strip(&mut root, keys.get(lang));

    egui::Panel::top("counter-top").show(&mut root, |ui| {
        top_bar(ui, &play, lang, &mut actions);
    });

    // The customer and their mood.
    let share = if classroom {
        presenter::side_share(view)
    } else {
        0.3
    };
    egui::Panel::left("counter-customer")
        .resizable(false)
        .exact_size(view.width() * share)
        .show(&mut root, |ui| {
            customer(ui, &play, *shown, classroom, now, lang);
        });

    // The conversation so far (not on a projector: the class follows the counter itself).
    if !classroom {
        draw_log(&mut root, &play, lang, view.width());
    }

    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.add_space(8.0);
                if classroom && play.presenter.paused {
                    presenter::draw_pause(ui, &play, &rulebook, lang);
                } else {
                    exchange(ui, &mut play, file_changed, classroom, lang, &mut actions);
                }
            });
    });
    Ok(())
}

/// Back (leave, or back to the map from a preview), the scenario's title and the turn.
fn top_bar(ui: &mut egui::Ui, play: &Play, lang: Lang, actions: &mut MessageWriter<CounterAction>) {
    ui.add_space(4.0);
    let leave = if play.preview().is_some() {
        Label::Back
    } else {
        Label::Leave
    };
    let title = egui::RichText::new(play.scenario().title.get(lang)).strong();
    let preview = |ui: &mut egui::Ui| {
        if let Some(p) = play.preview() {
            let mood = Label::mood(p.mood).get(lang);
            ui.colored_label(
                NOTE,
                Label::PreviewFrom.fill(lang, &[("node", &p.node), ("mood", &mood)]),
            );
        }
    };
    // The turn at the right end, so a long title gives way to it.
    let turn = |ui: &mut egui::Ui| {
        let turns = play.session().transcript().turns.len();
        let max = play.scenario().customer.tuning.max_turns();
        let n = turns + usize::from(!play.session().is_over());
        ui.label(
            egui::RichText::new(Label::Turn.fill(lang, &[("n", &n), ("max", &max)])).color(DIM),
        );
    };
    if ui::top_bar(ui, leave.get(lang), title, preview, turn) {
        actions.write(CounterAction::Leave);
    }
    ui.add_space(2.0);
}

/// The customer's column: the face, who they are, the mood in a word and on meters, and the
/// clock for a hurried customer.
fn customer(
    ui: &mut egui::Ui,
    play: &Play,
    shown: ShownMood,
    classroom: bool,
    now: f64,
    lang: Lang,
) {
    let customer = &play.scenario().customer;
    ui.add_space(8.0);
    // Room below the face for the name, the mood, three meters and the clock.
    let below = if classroom { 300.0 } else { 250.0 };
    let side = (ui.available_width() - 8.0)
        .min(ui.available_height() - below)
        .max(100.0);
    ui.vertical_centered(|ui| {
        face::paint(ui, side, shown);
        ui.label(
            egui::RichText::new(format!(
                "{} · {}",
                customer.name.get(lang),
                Label::r#trait(customer.r#trait).get(lang)
            ))
            .color(DIM),
        );
    });
    ui.add_space(4.0);
    ui.label(
        egui::RichText::new(mood_word(shown.anger, lang))
            .size(22.0)
            .strong()
            .color(ui::anger_color(shown.anger)),
    );
    ui::meter(
        ui,
        Label::Anger.get(lang),
        shown.anger,
        ui::anger_color(shown.anger),
    );
    ui::meter(ui, Label::Trust.get(lang), shown.trust, TRUST);
    ui::meter(ui, Label::Patience.get(lang), shown.patience, PATIENCE);
    if classroom && play.presenter.numbers {
        presenter::draw_numbers(ui, play, lang);
    }
    // A class discussing is not a trainee keeping the customer waiting: no clock.
    if !classroom {
        clock(ui, play, now, lang);
    }
}

/// The time a hurried customer gives for a reply, running down.
fn clock(ui: &mut egui::Ui, play: &Play, now: f64, lang: Lang) {
    let (Some(limit), Some(left)) = (play.session().reply_seconds(), play.time_left(now)) else {
        return;
    };
    let color = if left > 0.25 { NOTE } else { BAD };
    ui.add_space(4.0);
    ui.colored_label(
        color,
        Label::TimeToReply.fill(lang, &[("s", &format!("{limit:.0}"))]),
    );
    ui::bar(ui, left, color);
}

/// The middle of the counter: the customer's line, then what can be said to it (the options, or
/// the class's vote on them), or the outcome once the conversation is over. Takes the resource,
/// so the play counts as changed only where the trainee's own words are edited.
fn exchange(
    ui: &mut egui::Ui,
    play: &mut ResMut<Play>,
    file_changed: bool,
    classroom: bool,
    lang: Lang,
    actions: &mut MessageWriter<CounterAction>,
) {
    if file_changed {
        file_changed_note(ui, lang, actions);
    }
    if !classroom {
        let name = play.scenario().customer.name.get(lang);
        ui.label(egui::RichText::new(name).strong().color(NOTE));
    }
    line(ui, &play.shown_line(lang), classroom);
    ui.add_space(10.0);
    if play.session().is_over() {
        ending(ui, play, lang, actions);
        return;
    }
    if !play.line_done(lang) {
        ui.label(egui::RichText::new(Label::Listening.get(lang)).color(DIM));
        return;
    }
    if classroom {
        presenter::draw_vote(ui, play, lang, actions);
    } else {
        draw_options(ui, play, lang, actions);
    }
    if let Some(p) = &play.problem {
        ui.colored_label(BAD, p);
    }
}

/// The scenario's file was saved since this conversation started; a click restarts with it.
fn file_changed_note(ui: &mut egui::Ui, lang: Lang, actions: &mut MessageWriter<CounterAction>) {
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(2.0, NOTE))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let note =
                egui::Label::new(egui::RichText::new(Label::FileChanged.get(lang)).color(NOTE))
                    .sense(egui::Sense::click());
            if ui.add(note).clicked() {
                actions.write(CounterAction::Restart);
            }
        });
    ui.add_space(6.0);
}

/// The customer's line as typed out so far, on a card.
fn line(ui: &mut egui::Ui, line: &str, classroom: bool) {
    egui::Frame::group(ui.style())
        .fill(egui::Color32::from_rgb(245, 240, 228))
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                egui::RichText::new(if line.is_empty() { " " } else { line })
                    .size(if classroom { 20.0 } else { 22.0 })
                    .color(egui::Color32::from_rgb(40, 36, 32)),
            );
        });
}

/// How the conversation ended, and the way on to the debrief.
fn ending(ui: &mut egui::Ui, play: &Play, lang: Lang, actions: &mut MessageWriter<CounterAction>) {
    if let Some(ending) = &play.session().transcript().ending {
        ui.label(
            egui::RichText::new(
                Label::Outcome.fill(lang, &[("o", &Label::outcome(ending.outcome).get(lang))]),
            )
            .size(22.0)
            .strong(),
        );
    }
    let go = egui::Button::new(
        egui::RichText::new(format!("{} (Enter)", Label::Debrief.get(lang))).size(22.0),
    )
    .min_size(egui::vec2(200.0, 44.0));
    if ui.add(go).clicked() {
        actions.write(CounterAction::Debrief);
    }
}

/// The conversation so far, in a column on the right.
fn draw_log(root: &mut egui::Ui, play: &Play, lang: Lang, width: f32) {
    let customer_name = play.scenario().customer.name.get(lang);
    egui::Panel::right("counter-log")
        .resizable(false)
        .exact_size(width * 0.26)
        .show(root, |ui| {
            ui.add_space(6.0);
            ui.label(egui::RichText::new(Label::Conversation.get(lang)).strong());
            ui.separator();
            egui::ScrollArea::vertical()
                .stick_to_bottom(true)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for t in &play.session().transcript().turns {
                        let customer = t.customer.get(lang);
                        let said = t.said.get(lang);
                        let you = Label::You.get(lang);
                        ui.label(
                            egui::RichText::new(
                                Label::Says
                                    .fill(lang, &[("who", &customer_name), ("what", &customer)]),
                            )
                            .color(DIM),
                        );
                        ui.label(Label::Says.fill(lang, &[("who", &you), ("what", &said)]));
                        ui.add_space(6.0);
                    }
                });
        });
}

/// The options to choose from, and the trainee's own words.
fn draw_options(
    ui: &mut egui::Ui,
    play: &mut Play,
    lang: Lang,
    actions: &mut MessageWriter<CounterAction>,
) {
    for (i, option) in play.session().options().iter().enumerate() {
        let response = option_card(ui, i, option.text.get(lang));
        if response.clicked() {
            actions.write(CounterAction::Reply(i));
        }
    }
    ui.add_space(8.0);
    ui.label(egui::RichText::new(Label::TypeOwn.get(lang)).color(DIM));
    ui.horizontal(|ui| {
        let field = ui.add(
            egui::TextEdit::singleline(&mut play.draft)
                .desired_width((ui.available_width() - 120.0).max(120.0))
                .id_salt("own-words"),
        );
        if !field.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Tab)) {
            field.request_focus();
        }
        let send = ui.button(Label::Send.get(lang)).clicked()
            || (field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)));
        if send && !play.draft.trim().is_empty() {
            actions.write(CounterAction::Say(play.draft.trim().to_owned()));
        }
    });
}

/// One option as a card to click, numbered as its key.
fn option_card(ui: &mut egui::Ui, i: usize, text: &str) -> egui::Response {
    let response = egui::Frame::group(ui.style())
        .fill(egui::Color32::from_rgb(44, 52, 66))
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                egui::RichText::new(format!("{}. {text}", i + 1))
                    .size(19.0)
                    .color(egui::Color32::from_gray(235)),
            );
        })
        .response
        .interact(egui::Sense::click());
    if response.hovered() {
        ui.painter().rect_stroke(
            response.rect,
            4.0,
            egui::Stroke::new(2.0, NOTE),
            egui::StrokeKind::Inside,
        );
    }
    response
}

/// The customer's mood in a word, as the drawn face shows it.
fn mood_word(anger: f32, lang: Lang) -> &'static str {
    Label::mood(Mood::of_anger(anger as f64)).get(lang)
}
