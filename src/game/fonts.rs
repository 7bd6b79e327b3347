//! Gives egui a font that draws Chinese: its default fonts have no CJK glyphs.

use std::sync::Arc;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// Noto Sans SC, subset to GB 2312 plus ASCII and punctuation (see assets/fonts/README.md).
const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-GB2312.otf");

/// Installs the font once, on the first UI pass.
pub(super) fn plugin(app: &mut App) {
    app.add_systems(EguiPrimaryContextPass, install.run_if(run_once));
}

fn install(mut contexts: EguiContexts) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "noto_sans_sc".into(),
        Arc::new(egui::FontData::from_static(CJK_FONT)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        let list = fonts.families.entry(family.clone()).or_default();
        // Latin from egui's own font for monospace; Noto first for everything proportional.
        if family == egui::FontFamily::Proportional {
            list.insert(0, "noto_sans_sc".into());
        } else {
            list.push("noto_sans_sc".into());
        }
    }
    ctx.set_fonts(fonts);
    Ok(())
}
