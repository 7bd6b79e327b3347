//! The counter: the customer's face and line, the reply options, the mood, the clock for a
//! hurried customer and the conversation so far.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::{Screen, add_screen, enter_pressed, number_pressed};
use crate::game::face::{self, ShownMood};
use crate::game::library::{Library, Rulebook};
use crate::game::play::{self, Finished, Play};
use crate::game::trainee::{Prefs, Trainee};
use crate::game::ui::{self, BAD, DIM, NOTE, PATIENCE, TRUST};
use crate::labels::Label;
use crate::lang::Lang;
use crate::scenario::Mood;
use crate::session::ReplyChoice;

/// What the trainee can do at the counter.
#[derive(Message, Clone, Debug, PartialEq)]
pub enum CounterAction {
    /// Say option `n` (0-based).
    Reply(usize),
    /// Say one's own words.
    Say(String),
    /// Show the whole line without waiting for it to be typed out.
    ShowLine,
    /// Go on to the debrief (once the conversation is over).
    Debrief,
    /// Leave the conversation; it stays autosaved and is offered again at the title.
    Leave,
    /// Start again with the same customer, taking the scenario file's newest version.
    Restart,
}

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(face::plugin)
        .add_systems(OnEnter(Screen::Counter), show_mood_at_once);
    add_screen::<CounterAction, _, _, _, _>(
        app,
        Screen::Counter,
        resource_exists::<Play>,
        keys,
        act,
        draw,
    );
}

/// A new customer walks up as they are; only changes during the conversation are eased.
fn show_mood_at_once(play: Option<Res<Play>>, mut shown: ResMut<ShownMood>) {
    if let Some(play) = play {
        *shown = ShownMood::of(&play);
    }
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    play: Res<Play>,
    mut actions: MessageWriter<CounterAction>,
) {
    if let Some(n) = number_pressed(&keys) {
        actions.write(CounterAction::Reply(n));
    } else if enter_pressed(&keys) {
        actions.write(if play.session.is_over() {
            CounterAction::Debrief
        } else {
            CounterAction::ShowLine
        });
    } else if keys.just_pressed(KeyCode::Space) {
        actions.write(CounterAction::ShowLine);
    } else if keys.just_pressed(KeyCode::Escape) {
        actions.write(CounterAction::Leave);
    } else if keys.just_pressed(KeyCode::F5) {
        actions.write(CounterAction::Restart);
    }
}

fn act(
    mut commands: Commands,
    mut actions: MessageReader<CounterAction>,
    mut play: ResMut<Play>,
    mut trainee: ResMut<Trainee>,
    rulebook: Res<Rulebook>,
    library: Res<Library>,
    prefs: Res<Prefs>,
    finished: Option<Res<Finished>>,
    time: Res<Time>,
    mut next: ResMut<NextState<Screen>>,
) {
    let now = time.elapsed_secs_f64();
    for action in actions.read() {
        let choice = match action {
            CounterAction::Reply(n) => ReplyChoice::Option(*n),
            CounterAction::Say(text) => ReplyChoice::Text(text.clone()),
            CounterAction::ShowLine => {
                play.finish_line(now);
                continue;
            }
            CounterAction::Debrief => {
                if play.session.is_over() && finished.is_some() {
                    commands.remove_resource::<Play>();
                    next.set(Screen::Debrief);
                }
                continue;
            }
            CounterAction::Leave => {
                commands.remove_resource::<Play>();
                next.set(if play.session.is_over() && finished.is_some() {
                    Screen::Debrief
                } else if play.preview().is_some() {
                    Screen::Map
                } else {
                    Screen::Select
                });
                continue;
            }
            CounterAction::Restart => {
                let scenario = library.newer(&play.scenario).unwrap_or(&play.scenario);
                match play.restart(scenario.clone(), now) {
                    Ok(new) => *play = new,
                    Err(e) => play.problem = Some(e.to_string()),
                }
                continue;
            }
        };
        // A key pressed while the customer is still talking first shows the whole line, so a
        // reply is never given to words not yet seen.
        if !play.line_done(prefs.lang) {
            play.finish_line(now);
            continue;
        }
        if matches!(&choice, ReplyChoice::Option(n) if *n >= play.session.options().len()) {
            continue;
        }
        play::reply(
            &mut commands,
            &mut play,
            &mut trainee,
            &rulebook,
            choice,
            now,
        );
    }
}

fn mood_word(anger: f32, lang: Lang) -> &'static str {
    Label::mood(Mood::of_anger(anger as f64)).get(lang)
}

fn draw(
    mut contexts: EguiContexts,
    mut play: ResMut<Play>,
    library: Res<Library>,
    prefs: Res<Prefs>,
    shown: Res<ShownMood>,
    time: Res<Time>,
    mut actions: MessageWriter<CounterAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = prefs.lang;
    let now = time.elapsed_secs_f64();
    let scenario = play.scenario.clone();
    let over = play.session.is_over();
    let customer_name = scenario.customer.name.get(lang).to_owned();
    let view = ctx.viewport_rect();
    let mut root = ui::root(ctx, "counter");
    ui::key_strip(&mut root, Label::CounterKeys.get(lang));

    egui::Panel::top("counter-top").show(&mut root, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let leave = if play.preview().is_some() {
                Label::Back
            } else {
                Label::Leave
            };
            if ui.button(format!("← {}", leave.get(lang))).clicked() {
                actions.write(CounterAction::Leave);
            }
            ui.heading(scenario.title.get(lang));
            if let Some(p) = play.preview() {
                let mood = Label::mood(p.mood).get(lang);
                ui.colored_label(
                    NOTE,
                    Label::PreviewFrom.fill(lang, &[("node", &p.node), ("mood", &mood)]),
                );
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let turns = play.session.transcript().turns.len();
                let max = scenario.customer.tuning.max_turns();
                ui.label(
                    egui::RichText::new(
                        Label::Turn
                            .fill(lang, &[("n", &(turns + usize::from(!over))), ("max", &max)]),
                    )
                    .color(DIM),
                );
            });
        });
        ui.add_space(2.0);
    });

    // The customer and their mood.
    egui::Panel::left("counter-customer")
        .resizable(false)
        .exact_size(view.width() * 0.3)
        .show(&mut root, |ui| {
            ui.add_space(8.0);
            // Room below the face for the name, the mood, three meters and the clock.
            let side = (ui.available_width() - 8.0)
                .min(ui.available_height() - 250.0)
                .max(120.0);
            ui.vertical_centered(|ui| {
                face::paint(ui, side, *shown);
                ui.label(
                    egui::RichText::new(format!(
                        "{customer_name} · {}",
                        Label::r#trait(scenario.customer.r#trait).get(lang)
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
            if let Some(limit) = play.session.reply_seconds()
                && !over
            {
                let left = (1.0 - play.waiting(now) / limit) as f32;
                let color = if left > 0.25 { NOTE } else { BAD };
                ui.add_space(4.0);
                ui.colored_label(
                    color,
                    Label::TimeToReply.fill(lang, &[("s", &format!("{limit:.0}"))]),
                );
                ui::bar(ui, left, color);
            }
        });

    // The conversation so far.
    egui::Panel::right("counter-log")
        .resizable(false)
        .exact_size(view.width() * 0.26)
        .show(&mut root, |ui| {
            ui.add_space(6.0);
            ui.label(egui::RichText::new(Label::Conversation.get(lang)).strong());
            ui.separator();
            egui::ScrollArea::vertical()
                .stick_to_bottom(true)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for t in &play.session.transcript().turns {
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

    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.add_space(8.0);
                if library.newer(&play.scenario).is_some() {
                    egui::Frame::group(ui.style())
                        .stroke(egui::Stroke::new(2.0, NOTE))
                        .show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            if ui
                                .add(
                                    egui::Label::new(
                                        egui::RichText::new(Label::FileChanged.get(lang))
                                            .color(NOTE),
                                    )
                                    .sense(egui::Sense::click()),
                                )
                                .clicked()
                            {
                                actions.write(CounterAction::Restart);
                            }
                        });
                    ui.add_space(6.0);
                }
                ui.label(egui::RichText::new(&customer_name).strong().color(NOTE));
                let line = play.shown_line(lang);
                egui::Frame::group(ui.style())
                    .fill(egui::Color32::from_rgb(245, 240, 228))
                    .inner_margin(12.0)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(
                            egui::RichText::new(if line.is_empty() { " " } else { &line })
                                .size(22.0)
                                .color(egui::Color32::from_rgb(40, 36, 32)),
                        );
                    });
                ui.add_space(10.0);
                if over {
                    if let Some(ending) = &play.session.transcript().ending {
                        ui.label(
                            egui::RichText::new(
                                Label::Outcome.fill(
                                    lang,
                                    &[("o", &Label::outcome(ending.outcome).get(lang))],
                                ),
                            )
                            .size(22.0)
                            .strong(),
                        );
                    }
                    let go = egui::Button::new(
                        egui::RichText::new(format!("{} (Enter)", Label::Debrief.get(lang)))
                            .size(22.0),
                    )
                    .min_size(egui::vec2(200.0, 44.0));
                    if ui.add(go).clicked() {
                        actions.write(CounterAction::Debrief);
                    }
                    return;
                }
                if !play.line_done(lang) {
                    ui.label(egui::RichText::new(Label::Listening.get(lang)).color(DIM));
                    return;
                }
                for (i, option) in play.session.options().iter().enumerate() {
                    let response = egui::Frame::group(ui.style())
                        .fill(egui::Color32::from_rgb(44, 52, 66))
                        .inner_margin(8.0)
                        .show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            ui.label(
                                egui::RichText::new(format!(
                                    "{}. {}",
                                    i + 1,
                                    option.text.get(lang)
                                ))
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
                if let Some(p) = &play.problem {
                    ui.colored_label(BAD, p);
                }
            });
    });
    Ok(())
}
