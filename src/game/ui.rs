//! The look shared by every screen: type sizes, colours, scaling to the window, projector mode,
//! and the few widgets more than one screen draws.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::prefs::Prefs;

/// The height the layout is designed for; larger windows (a projector at 1920x1080) are zoomed
/// so text stays as large relative to the screen.
const DESIGN_HEIGHT: f32 = 720.0;

/// How much larger everything is in projector mode, on top of the window's zoom: readable from
/// the back of a room.
const CLASSROOM_ZOOM: f32 = 1.15;

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

/// Sets the look before any screen draws, and again when projector mode or the interface size
/// changes.
pub(super) fn plugin(app: &mut App) {
    app.configure_sets(
        EguiPrimaryContextPass,
        (UiPass::Prepare, UiPass::Draw).chain(),
    )
    .add_systems(
        EguiPrimaryContextPass,
        (style, zoom).in_set(UiPass::Prepare),
    );
}

/// The type sizes and colours, set again when projector mode changes: high contrast (white on
/// black, stronger outlines) for a projector.
fn style(
    mut contexts: EguiContexts,
    prefs: Res<Prefs>,
    mut applied: Local<Option<bool>>,
) -> Result {
    if *applied == Some(prefs.classroom) {
        return Ok(());
    }
    *applied = Some(prefs.classroom);
    let classroom = prefs.classroom;
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
        style.visuals = egui::Visuals::dark();
        if classroom {
            style.visuals.panel_fill = egui::Color32::BLACK;
            style.visuals.window_fill = egui::Color32::from_gray(12);
            style.visuals.override_text_color = Some(egui::Color32::WHITE);
            style.visuals.widgets.noninteractive.bg_stroke =
                egui::Stroke::new(2.0, egui::Color32::from_gray(200));
            style.visuals.widgets.inactive.fg_stroke = egui::Stroke::new(2.0, egui::Color32::WHITE);
            style.visuals.widgets.inactive.bg_stroke =
                egui::Stroke::new(1.5, egui::Color32::from_gray(220));
        } else {
            style.visuals.panel_fill = egui::Color32::from_rgb(30, 33, 40);
        }
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
    let classroom = if prefs.classroom { CLASSROOM_ZOOM } else { 1.0 };
    let zoom = window * prefs.ui_scale.clamp(0.5, 2.0) * classroom;
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

/// The row a screen starts with: "← back", then the heading, then `more` (the screen's own
/// buttons and notes), and `end` at the far right. `end` is laid out first, so a long heading is
/// cut short rather than push it off the screen. Says whether back was clicked.
pub fn top_bar(
    ui: &mut egui::Ui,
    back: &str,
    heading: impl Into<egui::RichText>,
    more: impl FnOnce(&mut egui::Ui),
    end: impl FnOnce(&mut egui::Ui),
) -> bool {
    ui.horizontal(|ui| {
        let clicked = ui.button(format!("← {back}")).clicked();
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            end(ui);
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                ui.add(egui::Label::new(heading.into().heading()).truncate());
                more(ui);
            });
        });
        clicked
    })
    .inner
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
