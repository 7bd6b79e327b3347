//! The smallest app the game could be: Bevy and egui with the game's Cargo features and profile,
//! a window, a camera, and one panel with a Chinese heading and four buttons in the game's font.
//! `.ci/perf` measures the game against it, so the game's own cost at start, at rest and in
//! memory can be told apart from what Bevy and egui cost anyway.

use std::sync::Arc;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};

fn main() {
    App::new()
        .add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window {
                title: "bare".into(),
                resolution: (1280, 720).into(),
                ..default()
            }),
            ..default()
        }))
        .add_plugins(EguiPlugin::default())
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
        })
        .add_systems(
            EguiPrimaryContextPass,
            (install_font.run_if(run_once), panel).chain(),
        )
        .run();
}

fn install_font(mut contexts: EguiContexts) -> Result {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "noto_sans_sc".into(),
        Arc::new(egui::FontData::from_static(include_bytes!(
            "../assets/fonts/NotoSansSC-GB2312.otf"
        ))),
    );
    fonts
        .families
        .entry(egui::FontFamily::Proportional)
        .or_default()
        .insert(0, "noto_sans_sc".into());
    contexts.ctx_mut()?.set_fonts(fonts);
    Ok(())
}

fn panel(mut contexts: EguiContexts) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "bare".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.heading("柜台练习");
        for label in ["开始", "场景", "历史", "设置"] {
            let _ = ui.button(label);
        }
    });
    Ok(())
}
