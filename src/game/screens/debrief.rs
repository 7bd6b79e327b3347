//! The debrief: the score and its breakdown, each reply with its findings and the mood change
//! it caused, the mood over the conversation, what the outcome means for the business, and the
//! change that would have gained most.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use crate::game::input::enter_pressed;
use crate::game::library::Rulebook;
use crate::game::play::{Finished, Play, Seeds};
use crate::game::prefs::Prefs;
use crate::game::screen::{BackTo, Screen, add_screen};
use crate::game::trainee::Trainee;
use crate::game::ui::{self, BAD, DIM, GOOD, NOTE, PATIENCE, TRUST};
use crate::labels::Label;
use crate::lang::Lang;
use crate::rulebook::Rulebook as Book;
use crate::scoring::{
    Heard, Standing, advice_lines, blocker_line, business_lines, class_split_lines, describe,
    heard_lines, is_good, lesson_lines, note_line, outcome_line, principle_name, why,
};

/// What the trainee can do after a conversation.
#[derive(Message, Clone, Debug, PartialEq)]
pub enum DebriefAction {
    /// Play the same customer again (same seed).
    Replay,
    /// Play the scenario again with a new customer (new seed).
    NewSeed,
    /// Open the history.
    History,
    /// Choose another scenario.
    OtherScenarios,
    /// Mark a typed reply (its turn, from 0) as misread by the customer, or take the mark off.
    Misread(usize, bool),
}

/// The debrief, while there is a finished conversation to show.
pub(super) fn plugin(app: &mut App) {
    add_screen::<DebriefAction, _, _, _, _>(
        app,
        Screen::Debrief,
        resource_exists::<Finished>,
        keys,
        act,
        draw,
    );
}

fn keys(keys: Res<ButtonInput<KeyCode>>, mut actions: MessageWriter<DebriefAction>) {
    let pressed = |k| keys.just_pressed(k);
    if pressed(KeyCode::KeyR) {
        actions.write(DebriefAction::Replay);
    } else if pressed(KeyCode::KeyN) {
        actions.write(DebriefAction::NewSeed);
    } else if pressed(KeyCode::KeyH) {
        actions.write(DebriefAction::History);
    } else if enter_pressed(&keys) || pressed(KeyCode::Escape) {
        actions.write(DebriefAction::OtherScenarios);
    }
}

fn act(
    mut commands: Commands,
    mut actions: MessageReader<DebriefAction>,
    mut finished: ResMut<Finished>,
    trainee: Res<Trainee>,
    mut seeds: ResMut<Seeds>,
    mut back: ResMut<BackTo>,
    mut next: ResMut<NextState<Screen>>,
) {
    for action in actions.read() {
        let seed = match action {
            DebriefAction::Replay => finished.transcript().seed,
            DebriefAction::NewSeed => seeds.draw(),
            DebriefAction::History => {
                back.0 = Screen::Debrief;
                next.set(Screen::History);
                continue;
            }
            DebriefAction::OtherScenarios => {
                next.set(Screen::Select);
                continue;
            }
            DebriefAction::Misread(turn, misread) => {
                if let Err(e) = finished.mark_misread(*turn, *misread) {
                    error!("cannot keep the misread mark: {e}");
                }
                continue;
            }
        };
        let preview = finished.transcript().preview.clone();
        match Play::start(finished.scenario.clone(), seed, preview, trainee.player()) {
            Ok(play) => {
                commands.insert_resource(play);
                next.set(Screen::Counter);
            }
            Err(e) => error!("cannot start {}: {e}", finished.scenario.id),
        }
    }
}

fn draw(
    mut contexts: EguiContexts,
    finished: Res<Finished>,
    rulebook: Res<Rulebook>,
    prefs: Res<Prefs>,
    mut actions: MessageWriter<DebriefAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = prefs.lang;
    let book = rulebook.0.rulebook();
    let f = &*finished;
    let view = ctx.viewport_rect();
    let mut root = ui::root(ctx, "debrief");
    ui::key_strip(&mut root, Label::DebriefKeys.get(lang));

    egui::Panel::top("debrief-top").show(&mut root, |ui| {
        header(ui, f, lang, &mut actions);
    });

    // The score, the mood plot and what the outcome means.
    egui::Panel::left("debrief-score")
        .resizable(false)
        .exact_size(view.width() * 0.42)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("score")
                .auto_shrink([false, false])
                .show(ui, |ui| score_column(ui, f, book, lang));
        });

    // Reply by reply, then the best alternative and the model answer.
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("replies")
            .auto_shrink([false, false])
            .show(ui, |ui| reply_column(ui, f, book, lang, &mut actions));
    });
    Ok(())
}

/// The heading with the outcome, the ways on, and whether the result was kept.
fn header(ui: &mut egui::Ui, f: &Finished, lang: Lang, actions: &mut MessageWriter<DebriefAction>) {
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.heading(format!(
            "{} · {}",
            Label::Debrief.get(lang),
            f.scenario.title.get(lang)
        ));
        ui.label(
            egui::RichText::new(outcome_line(f.transcript().ending.as_ref(), lang))
                .size(20.0)
                .strong(),
        );
    });
    ui.horizontal_wrapped(|ui| {
        let buttons = [
            (Label::ReplaySame, "R", DebriefAction::Replay),
            (Label::NewSeed, "N", DebriefAction::NewSeed),
            (Label::History, "H", DebriefAction::History),
            (
                Label::OtherScenarios,
                "Enter",
                DebriefAction::OtherScenarios,
            ),
        ];
        for (label, key, action) in buttons {
            if ui.button(format!("{} ({key})", label.get(lang))).clicked() {
                actions.write(action);
            }
        }
        match &f.saved {
            Some(Ok(_)) => ui.colored_label(DIM, Label::Saved.get(lang)),
            Some(Err(e)) => ui.colored_label(BAD, Label::NotSaved.fill(lang, &[("e", e)])),
            None if f.transcript().preview.is_some() => {
                ui.colored_label(NOTE, Label::PreviewNotKept.get(lang))
            }
            None => ui.colored_label(
                BAD,
                Label::NotSaved.fill(lang, &[("e", &Label::NoTrainee.get(lang))]),
            ),
        };
    });
    ui.add_space(2.0);
}

/// The score and whether it passed, what stopped it, what the outcome means for the business,
/// the score's parts, and the mood over the conversation.
fn score_column(ui: &mut egui::Ui, f: &Finished, book: &Book, lang: Lang) {
    let score = &f.debrief.score;
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(format!("{}", score.total))
                .size(44.0)
                .strong()
                .color(if score.passed { GOOD } else { BAD }),
        );
        ui.vertical(|ui| {
            ui.label(format!(
                "{} / 100 · {}",
                Label::Score.get(lang),
                if score.passed {
                    Label::Passed.get(lang)
                } else {
                    Label::NotPassed.get(lang)
                }
            ));
            ui.label(
                egui::RichText::new(Label::PassMark.fill(lang, &[("n", &score.pass_mark)]))
                    .color(DIM),
            );
        });
    });
    if let Some(why) = blocker_line(book, score, lang) {
        ui.colored_label(BAD, why);
    }
    if let Some(e) = &f.transcript().ending {
        for line in business_lines(e, lang) {
            ui.label(line);
        }
    }
    ui.add_space(6.0);
    ui.label(egui::RichText::new(Label::Principles.get(lang)).strong());
    let mut parts: Vec<(String, u32)> = score
        .principles
        .iter()
        .map(|(p, v)| (principle_name(book, *p, lang), *v))
        .collect();
    if let Some(st) = score.strategy {
        parts.push((Label::Strategy.get(lang).to_owned(), st));
    }
    parts.push((Label::OutcomePoints.get(lang).to_owned(), score.outcome));
    parts.push((Label::Judgement.get(lang).to_owned(), score.judgement));
    points(ui, &parts);
    ui.add_space(8.0);
    ui.label(egui::RichText::new(Label::MoodOverTurns.get(lang)).strong());
    mood_plot(ui, f, lang);
}

/// The change that would have gained most (or that every choice was the best-graded one, or
/// the better-graded options not taken), what the course says about the conversation, how the
/// class voted, each reply with its findings and
/// the author's note, the model answer and the discussion questions.
fn reply_column(
    ui: &mut egui::Ui,
    f: &Finished,
    book: &Book,
    lang: Lang,
    actions: &mut MessageWriter<DebriefAction>,
) {
    ui.add_space(6.0);
    let headline = if f.debrief.all_best && f.debrief.alternative.is_none() {
        GOOD
    } else {
        NOTE
    };
    for (depth, line) in advice_lines(&f.debrief, lang) {
        if depth == 0 {
            ui.colored_label(headline, line);
            continue;
        }
        // What backs the advice up, indented under it; a wrapped line keeps the indent.
        egui::Frame::NONE
            .inner_margin(egui::Margin {
                left: (16 * depth).min(64) as i8,
                ..Default::default()
            })
            .show(ui, |ui| ui.label(egui::RichText::new(line).color(DIM)));
    }
    // After typing one's own words, how they were heard comes first.
    let typed = !f.debrief.heard.is_empty();
    if typed {
        ui.add_space(6.0);
        ui.label(egui::RichText::new(Label::ReplyByReply.get(lang)).strong());
        replies(ui, f, book, lang, actions);
    }
    ui.add_space(6.0);
    ui.label(egui::RichText::new(Label::CourseSays.get(lang)).strong());
    for line in lesson_lines(&f.debrief.lessons, lang) {
        ui.label(format!("· {line}"));
    }
    if !f.debrief.class.is_empty() {
        ui.add_space(6.0);
        ui.label(egui::RichText::new(Label::ClassVoted.get(lang)).strong());
        class_splits(ui, f, lang);
    }
    if !typed {
        ui.add_space(6.0);
        ui.label(egui::RichText::new(Label::ReplyByReply.get(lang)).strong());
        replies(ui, f, book, lang, actions);
    }

    if let Some(answer) = &f.scenario.model_answer {
        ui.add_space(8.0);
        ui.label(egui::RichText::new(Label::ModelAnswer.get(lang)).strong());
        ui.label(answer.get(lang));
    }
    if !f.scenario.discussion.is_empty() {
        ui.add_space(8.0);
        ui.label(egui::RichText::new(Label::Discussion.get(lang)).strong());
        for q in &f.scenario.discussion {
            ui.label(format!("· {}", q.get(lang)));
        }
    }
}

/// How the class voted at each reply: every option's share as a bar, and what the engine says
/// it would have done.
fn class_splits(ui: &mut egui::Ui, f: &Finished, lang: Lang) {
    for split in &f.debrief.class {
        let lines = class_split_lines(split, lang);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(egui::RichText::new(&lines[0]).strong());
            for (o, text) in split.options.iter().zip(lines[1..].chunks(2)) {
                let share = o.votes as f32 / split.total.max(1) as f32;
                let color = if o.played { GOOD } else { NOTE };
                ui::bar(ui, share, color);
                let option = egui::RichText::new(text[0].trim());
                ui.label(if o.played { option.strong() } else { option });
                ui.label(egui::RichText::new(text[1].trim()).color(DIM));
            }
        });
    }
}

/// The parts of the score as bars with their points, two to a row.
fn points(ui: &mut egui::Ui, parts: &[(String, u32)]) {
    // The bars share what the widest name, the points and the spacing leave.
    let font = egui::TextStyle::Body.resolve(ui.style());
    let name = parts
        .iter()
        .map(|(n, _)| {
            ui.painter()
                .layout_no_wrap(n.clone(), font.clone(), DIM)
                .size()
                .x
        })
        .fold(0.0, f32::max);
    let bar = ((ui.available_width() - 2.0 * (name + 36.0 + 3.0 * 6.0)) / 2.0).max(20.0);
    egui::Grid::new("points")
        .num_columns(6)
        .spacing([6.0, 4.0])
        .show(ui, |ui| {
            for (i, (name, value)) in parts.iter().enumerate() {
                ui.label(egui::RichText::new(name).color(DIM));
                ui.label(format!("{value}"));
                let color = match Standing::of(*value) {
                    Standing::Strong => GOOD,
                    Standing::Fair => NOTE,
                    Standing::Weak => BAD,
                };
                ui.allocate_ui(egui::vec2(bar, 14.0), |ui| {
                    ui::bar(ui, *value as f32 / 100.0, color);
                });
                if i % 2 == 1 {
                    ui.end_row();
                }
            }
        });
}

/// Anger, trust and patience from before the first reply to after the last.
fn mood_plot(ui: &mut egui::Ui, f: &Finished, lang: Lang) {
    let series: Vec<[f32; 3]> = std::iter::once([
        f.opening.anger as f32,
        f.opening.trust as f32,
        f.opening.patience as f32,
    ])
    .chain(
        f.transcript()
            .turns
            .iter()
            .map(|t| [t.anger as f32, t.trust as f32, t.patience as f32]),
    )
    .collect();
    let width = ui.available_width().max(120.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 130.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, egui::Color32::from_rgb(38, 42, 50));
    let plot = rect.shrink2(egui::vec2(28.0, 12.0));
    for level in [0.0, 0.5, 1.0] {
        let y = plot.bottom() - plot.height() * level;
        painter.line_segment(
            [egui::pos2(plot.left(), y), egui::pos2(plot.right(), y)],
            egui::Stroke::new(1.0, egui::Color32::from_gray(70)),
        );
        painter.text(
            egui::pos2(rect.left() + 4.0, y),
            egui::Align2::LEFT_CENTER,
            format!("{level:.1}"),
            egui::FontId::proportional(11.0),
            DIM,
        );
    }
    let steps = (series.len() - 1).max(1) as f32;
    let point = |i: usize, v: f32| {
        egui::pos2(
            plot.left() + plot.width() * i as f32 / steps,
            plot.bottom() - plot.height() * v.clamp(0.0, 1.0),
        )
    };
    let colors = [ui::anger_color(0.9), TRUST, PATIENCE];
    for (k, color) in colors.iter().enumerate() {
        let points: Vec<egui::Pos2> = series
            .iter()
            .enumerate()
            .map(|(i, s)| point(i, s[k]))
            .collect();
        painter.add(egui::Shape::line(
            points.clone(),
            egui::Stroke::new(2.5, *color),
        ));
        for p in points {
            painter.circle_filled(p, 3.0, *color);
        }
    }
    for i in 1..series.len() {
        painter.text(
            egui::pos2(point(i, 0.0).x, rect.bottom() - 2.0),
            egui::Align2::CENTER_BOTTOM,
            format!("{i}"),
            egui::FontId::proportional(11.0),
            DIM,
        );
    }
    ui.horizontal(|ui| {
        ui.colored_label(colors[0], format!("— {}", Label::Anger.get(lang)));
        ui.colored_label(colors[1], format!("— {}", Label::Trust.get(lang)));
        ui.colored_label(colors[2], format!("— {}", Label::Patience.get(lang)));
    });
}

/// Typed words as the customer heard them: the recognised words coloured (kind moves green,
/// banned words red), what they were heard as, the nearest option, and the trainee's own say
/// on whether they were misread.
fn heard(
    ui: &mut egui::Ui,
    h: &Heard,
    turn: usize,
    book: &Book,
    lang: Lang,
    actions: &mut MessageWriter<DebriefAction>,
) {
    let body = egui::TextStyle::Body.resolve(ui.style());
    let mut job = egui::text::LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    let plain = |color| egui::TextFormat {
        font_id: body.clone(),
        color,
        ..Default::default()
    };
    job.append(
        &format!("{}. ", turn + 1),
        0.0,
        plain(ui.visuals().strong_text_color()),
    );
    for p in &h.pieces {
        let format = if p.banned {
            egui::TextFormat {
                underline: egui::Stroke::new(1.5, BAD),
                ..plain(BAD)
            }
        } else if !p.marks.is_empty() {
            egui::TextFormat {
                underline: egui::Stroke::new(1.5, GOOD),
                ..plain(GOOD)
            }
        } else {
            plain(ui.visuals().strong_text_color())
        };
        job.append(&p.text, 0.0, format);
    }
    ui.label(job);
    for line in heard_lines(book, h, lang).into_iter().skip(1) {
        ui.label(egui::RichText::new(line).color(NOTE));
    }
    let mut misread = h.misread;
    if ui
        .checkbox(&mut misread, Label::MisreadCheck.get(lang))
        .changed()
    {
        actions.write(DebriefAction::Misread(turn, misread));
    }
}

/// Each reply with its findings and the change in anger it caused, with the reasons.
fn replies(
    ui: &mut egui::Ui,
    f: &Finished,
    book: &Book,
    lang: Lang,
    actions: &mut MessageWriter<DebriefAction>,
) {
    let name = f.scenario.customer.name.get(lang);
    let mut anger_before = f.opening.anger;
    for (i, ((t, findings), note)) in f
        .transcript()
        .turns
        .iter()
        .zip(&f.debrief.findings)
        .zip(&f.debrief.notes)
        .enumerate()
    {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let customer = t.customer.get(lang);
            ui.label(
                egui::RichText::new(Label::Says.fill(lang, &[("who", &name), ("what", &customer)]))
                    .color(DIM),
            );
            match f.debrief.heard.iter().find(|h| h.turn == i) {
                Some(h) => heard(ui, h, i, book, lang, actions),
                None => {
                    ui.label(
                        egui::RichText::new(format!("{}. {}", i + 1, t.said.get(lang))).strong(),
                    );
                }
            }
            for finding in findings {
                let (sign, color) = if is_good(finding) {
                    ("+", GOOD)
                } else {
                    ("−", BAD)
                };
                ui.colored_label(color, format!("{sign} {}", describe(book, finding, lang)));
            }
            if let Some(line) = note_line(note.as_ref(), lang) {
                ui.label(egui::RichText::new(line).color(NOTE));
            }
            let delta = t.anger - anger_before;
            anger_before = t.anger;
            let reasons = why(book, t, lang);
            ui.label(
                egui::RichText::new(format!(
                    "{} {:+.2} → {:.2} ({})   {}: {}",
                    Label::Anger.get(lang),
                    delta,
                    t.anger,
                    Label::mood(t.mood).get(lang),
                    Label::Why.get(lang),
                    reasons.join(", ")
                ))
                .color(ui::anger_color(t.anger as f32)),
            );
        });
    }
}
