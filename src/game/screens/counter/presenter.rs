//! Projector mode at the counter: an instructor presents the conversation to a class. The line
//! is shown first and the options when the class has read it; the class votes by key, click or
//! a typed count of hands, the majority is played and a tie is refused; play pauses for
//! discussion; the mood's numbers can be shown.

use bevy::prelude::*;
use bevy_egui::egui;

use super::action::CounterAction;
use crate::game::input::{enter_pressed, number_pressed};
use crate::game::library::Rulebook;
use crate::game::play::Play;
use crate::game::ui::{GOOD, NOTE};
use crate::labels::Label;
use crate::lang::Lang;
use crate::session::{Tally, TallyError};

/// The instructor's keys: Space shows the line then the options, a number adds a vote (with
/// Shift, takes one away), Enter plays the class's choice, P pauses, N shows the numbers.
pub(super) fn keys(
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
        actions.write(if play.session().is_over() {
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
pub(super) fn present(
    play: &mut Play,
    action: &CounterAction,
    now: f64,
    lang: Lang,
) -> Option<usize> {
    let options = play.session().options().len();
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
    if presenter.tally.len() != options {
        presenter.tally = Tally::empty(options);
    }
    match *action {
        CounterAction::Reveal => presenter.revealed = true,
        CounterAction::Vote(n) if presenter.revealed => presenter.tally.add(n),
        CounterAction::Unvote(n) => presenter.tally.remove(n),
        CounterAction::SetVotes(n, count) => presenter.tally.set(n, count),
        CounterAction::Pause => presenter.paused = !presenter.paused,
        CounterAction::Numbers => presenter.numbers = !presenter.numbers,
        CounterAction::PlayVote if presenter.revealed => match presenter.tally.choice(options) {
            Ok(one) => return Some(one),
            Err(TallyError::Tied(tied)) => {
                let tied: Vec<String> = tied.iter().map(|o| (o + 1).to_string()).collect();
                play.problem = Some(Label::VoteTie.fill(lang, &[("options", &tied.join(", "))]));
            }
            Err(_) => play.problem = Some(Label::NoVotes.get(lang).to_owned()),
        },
        _ => {}
    }
    None
}

/// The customer's column in projector mode: narrower on a 4:3 projector, where the options need
/// the width.
pub(super) fn side_share(view: egui::Rect) -> f32 {
    if view.width() / view.height() < 1.5 {
        0.28
    } else {
        0.32
    }
}

/// Projector mode: the mood's numbers under the meters, when the instructor shows them.
pub(super) fn draw_numbers(ui: &mut egui::Ui, play: &Play, lang: Lang) {
    let s = play.session().customer().state.clone();
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

/// Projector mode: the options once revealed, each with the class's votes (a click or its key
/// adds one, the field takes a count of hands), and the button that plays the majority.
pub(super) fn draw_vote(
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
    for (i, option) in play.session().options().iter().enumerate() {
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
pub(super) fn draw_pause(ui: &mut egui::Ui, play: &Play, rulebook: &Rulebook, lang: Lang) {
    let book = rulebook.0.rulebook();
    let scenario = play.scenario();
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
