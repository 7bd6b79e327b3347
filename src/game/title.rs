//! The title screen.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::library::Library;
use crate::lang::Lang;

/// Draws the title screen every UI pass.
pub(super) fn plugin(app: &mut App) {
    app.add_systems(EguiPrimaryContextPass, draw);
}

fn draw(mut contexts: EguiContexts, library: Res<Library>) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "title".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() * 0.12);
            ui.label(egui::RichText::new("柜台练习").size(64.0).strong());
            ui.label(egui::RichText::new("Counterplay").size(32.0));
            ui.add_space(8.0);
            ui.label(
                egui::RichText::new("投诉处理训练 · Practise handling complaints").size(22.0),
            );
            ui.add_space(32.0);
            ui.label(
                egui::RichText::new(format!(
                    "已载入 {n} 个场景 · {n} scenarios loaded",
                    n = library.scenarios.len()
                ))
                .size(20.0),
            );
            ui.add_space(12.0);
            for s in &library.scenarios {
                ui.label(
                    egui::RichText::new(format!(
                        "{} · {}",
                        s.title.get(Lang::Zh),
                        s.title.get(Lang::En)
                    ))
                    .size(20.0),
                );
            }
            if !library.problems.is_empty() {
                ui.add_space(16.0);
                ui.colored_label(
                    egui::Color32::from_rgb(220, 80, 60),
                    egui::RichText::new(format!(
                        "{n} 个问题,运行 `counterplay check` 查看 · {n} problem{s}: run `counterplay check`",
                        n = library.problems.len(),
                        s = if library.problems.len() == 1 { "" } else { "s" },
                    ))
                    .size(18.0),
                );
            }
        });
    });
    Ok(())
}
