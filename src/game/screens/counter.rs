//! The counter: the customer's face and line, the reply options, the mood, the clock for a
//! hurried customer and the conversation so far. In projector mode the instructor presents it
//! to a class: the options appear when the class has read the line, the class votes on them,
//! and play pauses for discussion.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::{Screen, add_screen, enter_pressed, number_pressed};
use crate::game::face::{self, ShownMood};
use crate::game::library::{Library, Rulebook};
use crate::game::play::{self, Finished, Play};
use crate::game::trainee::{Prefs, Trainee};
use crate::game::ui::{self, BAD, DIM, GOOD, NOTE, PATIENCE, TRUST};
use crate::labels::Label;
use crate::lang::Lang;
use crate::scenario::Mood;
use crate::session::{ReplyChoice, leaders};

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
    /// Projector mode: show the line whole, then the options.
    Reveal,
    /// Projector mode: one more vote for option `n` (0-based).
    Vote(usize),
    /// Projector mode: one vote fewer for option `n`.
    Unvote(usize),
    /// Projector mode: option `n` has this many votes (counted hands, typed in).
    SetVotes(usize, u32),
    /// Projector mode: play the option with the most votes.
    PlayVote,
    /// Projector mode: pause for discussion, or go on.
    Pause,
    /// Projector mode: show or hide the mood's numbers.
    Numbers,
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
    prefs: Res<Prefs>,
    mut actions: MessageWriter<CounterAction>,
) {
    if prefs.classroom {
        return presenter_keys(&keys, &play, &mut actions);
    }
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

/// The instructor's keys: Space shows the line then the options, a number adds a vote (with
/// Shift, takes one away), Enter plays the class's choice, P pauses, N shows the numbers.
fn presenter_keys(
    keys: &ButtonInput<KeyCode>,
    play: &Play,
    actions: &mut MessageWriter<CounterAction>,
) {
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    if let Some(n) = number_pressed(keys) {
        actions.write(if shift {
            CounterAction::Unvote(n)
        } else {
            CounterAction::Vote(n)
        });
    } else if enter_pressed(keys) {
        actions.write(if play.session.is_over() {
            CounterAction::Debrief
        } else if play.presenter.revealed {
            CounterAction::PlayVote
        } else {
            CounterAction::Reveal
        });
    } else if keys.just_pressed(KeyCode::Space) {
        actions.write(CounterAction::Reveal);
    } else if keys.just_pressed(KeyCode::KeyP) {
        actions.write(CounterAction::Pause);
    } else if keys.just_pressed(KeyCode::KeyN) {
        actions.write(CounterAction::Numbers);
    } else if keys.just_pressed(KeyCode::Escape) {
        actions.write(if play.presenter.paused {
            CounterAction::Pause
        } else {
            CounterAction::Leave
        });
    } else if keys.just_pressed(KeyCode::F5) {
        actions.write(CounterAction::Restart);
    }
}

/// Carries out the presenter's controls; says what to reply when the class has chosen.
fn present(play: &mut Play, action: &CounterAction, now: f64, lang: Lang) -> Option<usize> {
    let options = play.session.options().len();
    if matches!(
        action,
        CounterAction::Vote(_) | CounterAction::Unvote(_) | CounterAction::SetVotes(..)
    ) {
        play.problem = None;
    }
    if *action == CounterAction::Reveal && !play.line_done(lang) {
        play.finish_line(now);
        return None;
    }
    let presenter = &mut play.presenter;
    presenter.tally.resize(options, 0);
    match *action {
        CounterAction::Reveal => presenter.revealed = true,
        CounterAction::Vote(n) if presenter.revealed && n < options => presenter.tally[n] += 1,
        CounterAction::Unvote(n) if n < options => {
            presenter.tally[n] = presenter.tally[n].saturating_sub(1);
        }
        CounterAction::SetVotes(n, count) if n < options => presenter.tally[n] = count,
        CounterAction::Pause => presenter.paused = !presenter.paused,
        CounterAction::Numbers => presenter.numbers = !presenter.numbers,
        CounterAction::PlayVote if presenter.revealed => {
            let leaders = leaders(&presenter.tally);
            match leaders[..] {
                [one] => return Some(one),
                [] => play.problem = Some(Label::NoVotes.get(lang).to_owned()),
                _ => {
                    let tied: Vec<String> = leaders.iter().map(|o| (o + 1).to_string()).collect();
                    play.problem =
                        Some(Label::VoteTie.fill(lang, &[("options", &tied.join(", "))]));
                }
            }
        }
        _ => {}
    }
    None
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
        let mut votes = None;
        let choice = match action {
            CounterAction::Reply(n) => ReplyChoice::Option(*n),
            CounterAction::Reveal
            | CounterAction::Vote(_)
            | CounterAction::Unvote(_)
            | CounterAction::SetVotes(..)
            | CounterAction::PlayVote
            | CounterAction::Pause
            | CounterAction::Numbers => {
                let Some(chosen) = present(&mut play, action, now, prefs.lang) else {
                    continue;
                };
                votes = Some(play.presenter.tally.clone());
                ReplyChoice::Option(chosen)
            }
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
            votes,
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
    let scenario = play.scenario.clone();
    let over = play.session.is_over();
    let customer_name = scenario.customer.name.get(lang).to_owned();
    let view = ctx.viewport_rect();
    let mut root = ui::root(ctx, "counter");
    let keys = if classroom {
        Label::ClassroomKeys
    } else {
        Label::CounterKeys
    };
    ui::key_strip(&mut root, keys.get(lang));

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
            // The turn on the right first, so a long title gives way to it.
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
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.add(
                        egui::Label::new(
                            egui::RichText::new(scenario.title.get(lang))
                                .text_style(egui::TextStyle::Heading)
                                .strong(),
                        )
                        .truncate(),
                    );
                    if let Some(p) = play.preview() {
                        let mood = Label::mood(p.mood).get(lang);
                        ui.colored_label(
                            NOTE,
                            Label::PreviewFrom.fill(lang, &[("node", &p.node), ("mood", &mood)]),
                        );
                    }
                });
            });
        });
        ui.add_space(2.0);
    });

    // The customer and their mood.
    egui::Panel::left("counter-customer")
        .resizable(false)
        .exact_size(view.width() * if classroom { side_share(view) } else { 0.3 })
        .show(&mut root, |ui| {
            ui.add_space(8.0);
            // Room below the face for the name, the mood, three meters and the clock.
            let below = if classroom { 300.0 } else { 250.0 };
            let side = (ui.available_width() - 8.0)
                .min(ui.available_height() - below)
                .max(100.0);
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
            if classroom && play.presenter.numbers {
                let s = play.session.customer().state.clone();
                ui.label(
                    egui::RichText::new(format!(
                        "{} {:.2} · {} {:.2} · {} {:.2}",
                        Label::Anger.get(lang),
                        s.anger,
                        Label::Trust.get(lang),
                        s.trust,
                        Label::Patience.get(lang),
                        s.patience
                    ))
                    .strong(),
                );
            }
            // A class discussing is not a trainee keeping the customer waiting: no clock.
            if let Some(limit) = play.session.reply_seconds()
                && !over
                && !classroom
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

    // The conversation so far (not on a projector: the class follows the counter itself).
    if !classroom {
        draw_log(&mut root, &play, &customer_name, lang, view.width());
    }

    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.add_space(8.0);
                if classroom && play.presenter.paused {
                    draw_pause(ui, &play, &rulebook, lang);
                    return;
                }
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
                if !classroom {
                    ui.label(egui::RichText::new(&customer_name).strong().color(NOTE));
                }
                let line = play.shown_line(lang);
                egui::Frame::group(ui.style())
                    .fill(egui::Color32::from_rgb(245, 240, 228))
                    .inner_margin(12.0)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(
                            egui::RichText::new(if line.is_empty() { " " } else { &line })
                                .size(if classroom { 20.0 } else { 22.0 })
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
                if classroom {
                    draw_vote(ui, &play, lang, &mut actions);
                } else {
                    draw_options(ui, &mut play, lang, &mut actions);
                }
                if let Some(p) = &play.problem {
                    ui.colored_label(BAD, p);
                }
            });
    });
    Ok(())
}

/// The customer's column in projector mode: narrower on a 4:3 projector, where the options need
/// the width.
fn side_share(view: egui::Rect) -> f32 {
    if view.width() / view.height() < 1.5 {
        0.28
    } else {
        0.32
    }
}

/// The conversation so far, in a column on the right.
fn draw_log(root: &mut egui::Ui, play: &Play, customer_name: &str, lang: Lang, width: f32) {
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
}

/// The options to choose from, and the trainee's own words.
fn draw_options(
    ui: &mut egui::Ui,
    play: &mut Play,
    lang: Lang,
    actions: &mut MessageWriter<CounterAction>,
) {
    for (i, option) in play.session.options().iter().enumerate() {
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

/// Projector mode: the options once revealed, each with the class's votes (a click or its key
/// adds one, the field takes a count of hands), and the button that plays the majority.
fn draw_vote(
    ui: &mut egui::Ui,
    play: &Play,
    lang: Lang,
    actions: &mut MessageWriter<CounterAction>,
) {
    if !play.presenter.revealed {
        ui.label(
            egui::RichText::new(Label::RevealHint.get(lang))
                .size(22.0)
                .color(NOTE),
        );
        return;
    }
    let tally = &play.presenter.tally;
    let total: u32 = tally.iter().sum();
    let lead = tally.iter().copied().max().unwrap_or(0);
    for (i, option) in play.session.options().iter().enumerate() {
        let votes = tally.get(i).copied().unwrap_or(0);
        let color = if votes > 0 && votes == lead {
            GOOD
        } else {
            NOTE
        };
        // The text on the left, the votes in a column on the right, the share along the foot.
        let card = egui::Frame::group(ui.style())
            .fill(egui::Color32::from_rgb(44, 52, 66))
            .inner_margin(8.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    let text = (ui.available_width() - 150.0).max(100.0);
                    ui.allocate_ui_with_layout(
                        egui::vec2(text, 0.0),
                        egui::Layout::top_down(egui::Align::Min),
                        |ui| {
                            ui.label(
                                egui::RichText::new(format!(
                                    "{}. {}",
                                    i + 1,
                                    option.text.get(lang)
                                ))
                                .size(18.0)
                                .color(egui::Color32::from_gray(235)),
                            );
                        },
                    );
                    // The count can be typed (click it) or dragged; − takes a vote back.
                    ui.horizontal(|ui| {
                        let big = egui::FontId::proportional(24.0);
                        ui.style_mut()
                            .text_styles
                            .insert(egui::TextStyle::Button, big);
                        ui.visuals_mut().override_text_color = Some(color);
                        let mut count = votes;
                        let field = egui::DragValue::new(&mut count)
                            .range(0..=999)
                            .suffix(Label::VotesSuffix.get(lang));
                        if ui.add(field).changed() {
                            actions.write(CounterAction::SetVotes(i, count));
                        }
                        if ui.button("−").clicked() {
                            actions.write(CounterAction::Unvote(i));
                        }
                    });
                });
            });
        let rect = card.response.rect;
        if total > 0 {
            let share = votes as f32 / total as f32;
            let foot = egui::Rect::from_min_size(
                egui::pos2(rect.left() + 2.0, rect.bottom() - 6.0),
                egui::vec2((rect.width() - 4.0) * share, 4.0),
            );
            ui.painter().rect_filled(foot, 2.0, color);
        }
        let response = card.response.interact(egui::Sense::click());
        if response.hovered() {
            ui.painter().rect_stroke(
                rect,
                4.0,
                egui::Stroke::new(2.0, NOTE),
                egui::StrokeKind::Inside,
            );
        }
        if response.clicked() {
            actions.write(CounterAction::Vote(i));
        }
    }
    ui.add_space(8.0);
    let play_vote =
        egui::Button::new(egui::RichText::new(Label::PlayVoteButton.get(lang)).size(22.0))
            .min_size(egui::vec2(240.0, 44.0));
    if ui.add_enabled(total > 0, play_vote).clicked() {
        actions.write(CounterAction::PlayVote);
    }
}

/// Projector mode, paused: the scenario's discussion questions and the course's points for
/// this customer, for the class to talk over.
fn draw_pause(ui: &mut egui::Ui, play: &Play, rulebook: &Rulebook, lang: Lang) {
    let book = rulebook.0.rulebook();
    let scenario = &play.scenario;
    ui.label(
        egui::RichText::new(Label::Paused.get(lang))
            .size(26.0)
            .strong()
            .color(NOTE),
    );
    ui.add_space(8.0);
    ui.label(
        egui::RichText::new(Label::Discussion.get(lang))
            .size(24.0)
            .strong(),
    );
    if scenario.discussion.is_empty() {
        ui.label(Label::NoDiscussion.get(lang));
    }
    for (i, q) in scenario.discussion.iter().enumerate() {
        ui.label(egui::RichText::new(format!("{}. {}", i + 1, q.get(lang))).size(22.0));
    }
    ui.add_space(12.0);
    ui.label(
        egui::RichText::new(Label::CoursePoints.get(lang))
            .size(24.0)
            .strong(),
    );
    if let Some(strategy) = book.strategy(scenario.customer.r#trait) {
        ui.label(
            egui::RichText::new(format!(
                "{}: {}",
                strategy.name.get(lang),
                strategy.strategy.get(lang)
            ))
            .size(22.0),
        );
    }
    for p in &book.principles {
        ui.label(
            egui::RichText::new(format!("{}: {}", p.name.get(lang), p.summary.get(lang)))
                .size(20.0),
        );
    }
}
