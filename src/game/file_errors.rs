//! The errors of broken files, over whatever screen is shown, until the files are fixed.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::library::Library;
use super::prefs::Prefs;
use super::ui::{BAD, DIM, UiPass};
use crate::labels::Label;

/// Whether the trainee folded the overlay down to its headline.
#[derive(Resource, Default)]
struct Folded(bool);

/// Shows the library's problems over every screen while there are any; F8 folds them.
pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Folded>()
        .add_systems(Update, fold.run_if(has_problems))
        .add_systems(
            EguiPrimaryContextPass,
            draw.after(UiPass::Draw).run_if(has_problems),
        );
}

fn has_problems(library: Res<Library>) -> bool {
    library.all_problems().next().is_some()
}

fn fold(keys: Res<ButtonInput<KeyCode>>, mut folded: ResMut<Folded>) {
    if keys.just_pressed(KeyCode::F8) {
        folded.0 = !folded.0;
    }
}

fn draw(
    mut contexts: EguiContexts,
    library: Res<Library>,
    prefs: Res<Prefs>,
    folded: Res<Folded>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = prefs.lang;
    let problems: Vec<_> = library.all_problems().collect();
    let screen = ctx.content_rect();
    egui::Area::new("file errors".into())
        .order(egui::Order::Foreground)
        .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -44.0))
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style())
                .fill(egui::Color32::from_rgb(48, 26, 28))
                .stroke(egui::Stroke::new(2.0, BAD))
                .inner_margin(12.0)
                .show(ui, |ui| {
                    let width = (screen.width() - 48.0).max(200.0);
                    ui.set_width(width);
                    ui.horizontal(|ui| {
                        ui.colored_label(
                            BAD,
                            egui::RichText::new(
                                Label::FileErrors.fill(lang, &[("n", &problems.len())]),
                            )
                            .strong(),
                        );
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(
                                egui::RichText::new(Label::FileErrorsKeys.get(lang)).color(DIM),
                            );
                        });
                    });
                    if folded.0 {
                        return;
                    }
                    egui::ScrollArea::both()
                        .max_height(screen.height() * 0.4)
                        .show(ui, |ui| {
                            for p in problems {
                                ui.add(
                                    egui::Label::new(
                                        egui::RichText::new(p.render().trim_end()).monospace(),
                                    )
                                    .wrap_mode(egui::TextWrapMode::Extend),
                                );
                            }
                        });
                });
        });
    Ok(())
}
