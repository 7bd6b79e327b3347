//! The look shared by every screen: type sizes, colours, scaling to the window, and the few
//! widgets more than one screen draws.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::trainee::Prefs;

/// The height the layout is designed for; larger windows (a projector at 1920x1080) are zoomed
/// so text stays as large relative to the screen.
const DESIGN_HEIGHT: f32 = 720.0;

/// Order within the egui pass: the theme before any screen draws.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiPass {
    /// Fonts, style and zoom.
    Prepare,
    /// The current screen.
    Draw,
}

/// Something done well.
pub const GOOD: egui::Color32 = egui::Color32::from_rgb(110, 200, 130);
/// Something to avoid.
pub const BAD: egui::Color32 = egui::Color32::from_rgb(235, 105, 90);
/// Something to notice.
pub const NOTE: egui::Color32 = egui::Color32::from_rgb(230, 190, 90);
/// Secondary text.
pub const DIM: egui::Color32 = egui::Color32::from_rgb(165, 170, 180);
/// Trust, in meters and plots.
pub const TRUST: egui::Color32 = egui::Color32::from_rgb(100, 160, 235);
/// Patience, in meters and plots.
pub const PATIENCE: egui::Color32 = egui::Color32::from_rgb(200, 200, 110);

pub(super) fn plugin(app: &mut App) {
    app.configure_sets(
        EguiPrimaryContextPass,
        (UiPass::Prepare, UiPass::Draw).chain(),
    )
    .add_systems(
        EguiPrimaryContextPass,
        (style.run_if(run_once), zoom).in_set(UiPass::Prepare),
    );
}

fn style(mut contexts: EguiContexts) -> Result {
    let ctx = contexts.ctx_mut()?;
    ctx.all_styles_mut(|style| {
        use egui::{FontFamily, FontId, TextStyle};
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(28.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(18.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(18.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(14.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(16.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 8.0);
        style.spacing.button_padding = egui::vec2(10.0, 6.0);
        style.visuals.panel_fill = egui::Color32::from_rgb(30, 33, 40);
    });
    Ok(())
}

fn zoom(
    mut contexts: EguiContexts,
    prefs: Res<Prefs>,
    windows: Query<&Window, With<PrimaryWindow>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let window =
        (windows.single().map_or(DESIGN_HEIGHT, Window::height) / DESIGN_HEIGHT).clamp(0.8, 3.0);
    let zoom = window * prefs.ui_scale.clamp(0.5, 2.0);
    if (ctx.zoom_factor() - zoom).abs() > 0.001 {
        ctx.set_zoom_factor(zoom);
    }
    Ok(())
}

/// A full-window `Ui` to lay a screen's panels in (egui 0.36 panels take a `Ui`).
pub fn root(ctx: &egui::Context, id: &'static str) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        id.into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// The keys of a screen, in a strip along the bottom.
pub fn key_strip(root: &mut egui::Ui, text: &str) {
    egui::Panel::bottom("keys").show(root, |ui| {
        ui.add_space(2.0);
        ui.label(egui::RichText::new(text).color(DIM));
        ui.add_space(2.0);
    });
}

/// A labelled bar for a level from 0 to 1.
pub fn meter(ui: &mut egui::Ui, label: &str, value: f32, color: egui::Color32) {
    ui.horizontal(|ui| {
        ui.add_sized(
            [64.0, 20.0],
            egui::Label::new(egui::RichText::new(label).color(DIM)),
        );
        bar(ui, value, color);
    });
}

/// A bar for a level from 0 to 1, as wide as the space left.
pub fn bar(ui: &mut egui::Ui, value: f32, color: egui::Color32) {
    let width = ui.available_width().max(40.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 14.0), egui::Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 4.0, egui::Color32::from_gray(55));
    let mut filled = rect;
    filled.set_width(rect.width() * value.clamp(0.0, 1.0));
    painter.rect_filled(filled, 4.0, color);
}

/// The colour of an anger level: green when calm to red when furious.
pub fn anger_color(anger: f32) -> egui::Color32 {
    let a = anger.clamp(0.0, 1.0);
    let mix = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * a) as u8;
    egui::Color32::from_rgb(mix(110, 235), mix(200, 80), mix(130, 70))
}
