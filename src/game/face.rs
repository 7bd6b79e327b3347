//! The customer at the counter, drawn by the game from the mood alone: brows drop and eyes
//! narrow with anger, the mouth turns from a frown to a smile as trust wins over anger, the
//! face reddens, and the drawing eases toward each new mood instead of jumping.
//!
//! It is painted with egui's shapes rather than Bevy meshes so that it lays out, scales to the
//! window and clips with the rest of the interface, and needs no art files.

use bevy::prelude::*;
use bevy_egui::egui::{self, Color32, Pos2, Shape, Stroke, epaint::QuadraticBezierShape, vec2};

use super::play::Play;

/// How fast the drawn mood follows the customer's (per second; higher is quicker).
const EASE_RATE: f64 = 4.0;

/// The mood as drawn, a little behind the customer's while it changes.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct ShownMood {
    /// Anger, 0 to 1.
    pub anger: f32,
    /// Trust, 0 to 1.
    pub trust: f32,
    /// Patience, 0 to 1.
    pub patience: f32,
}

impl ShownMood {
    /// The mood of the customer in `play` as it is now.
    pub fn of(play: &Play) -> ShownMood {
        let s = &play.session.customer().state;
        ShownMood {
            anger: s.anger as f32,
            trust: s.trust as f32,
            patience: s.patience as f32,
        }
    }
}

/// Eases the drawn mood toward the customer's.
pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ShownMood>()
        .add_systems(Update, ease.run_if(resource_exists::<Play>));
}

fn ease(play: Res<Play>, time: Res<Time>, mut shown: ResMut<ShownMood>) {
    let target = ShownMood::of(&play);
    let k = (1.0 - (-time.delta_secs_f64() * EASE_RATE).exp()) as f32;
    let step = |from: f32, to: f32| {
        if (to - from).abs() < 0.002 {
            to
        } else {
            from + (to - from) * k
        }
    };
    let next = ShownMood {
        anger: step(shown.anger, target.anger),
        trust: step(shown.trust, target.trust),
        patience: step(shown.patience, target.patience),
    };
    if next != *shown {
        *shown = next;
    }
}

/// Draws the customer in a square of side `side`.
pub fn paint(ui: &mut egui::Ui, side: f32, mood: ShownMood) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(vec2(side, side), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let anger = mood.anger.clamp(0.0, 1.0);
    let trust = mood.trust.clamp(0.0, 1.0);
    // Unit coordinates within the square.
    let at = |x: f32, y: f32| Pos2::new(rect.left() + x * side, rect.top() + y * side);
    let len = |v: f32| v * side;
    let mix = |a: Color32, b: Color32, t: f32| {
        let m = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t.clamp(0.0, 1.0)) as u8;
        Color32::from_rgb(m(a.r(), b.r()), m(a.g(), b.g()), m(a.b(), b.b()))
    };
    let ink = Color32::from_rgb(50, 38, 32);

    // The booth behind, warmer when the customer is pleased, darker when furious.
    let wall = mix(
        Color32::from_rgb(62, 74, 92),
        Color32::from_rgb(88, 56, 60),
        anger,
    );
    painter.rect_filled(rect, len(0.04), wall);

    // Body and neck.
    painter.add(Shape::ellipse_filled(
        at(0.5, 1.02),
        vec2(len(0.40), len(0.28)),
        Color32::from_rgb(64, 92, 140),
    ));
    let skin = mix(
        Color32::from_rgb(246, 212, 178),
        Color32::from_rgb(238, 142, 112),
        anger * anger,
    );
    painter.rect_filled(
        egui::Rect::from_min_max(at(0.44, 0.66), at(0.56, 0.8)),
        0.0,
        mix(skin, ink, 0.12),
    );

    // Hair behind, ears, head.
    let hair = Color32::from_rgb(58, 44, 36);
    painter.add(Shape::ellipse_filled(
        at(0.5, 0.36),
        vec2(len(0.3), len(0.3)),
        hair,
    ));
    for x in [0.225, 0.775] {
        painter.circle_filled(at(x, 0.47), len(0.04), skin);
    }
    painter.add(Shape::ellipse_filled(
        at(0.5, 0.47),
        vec2(len(0.26), len(0.29)),
        skin,
    ));
    // Fringe.
    painter.add(QuadraticBezierShape::from_points_stroke(
        [at(0.25, 0.38), at(0.45, 0.12), at(0.76, 0.36)],
        true,
        hair,
        Stroke::NONE,
    ));

    // Cheeks flush with anger.
    let flush = Color32::from_rgba_unmultiplied(225, 60, 50, (anger * 110.0) as u8);
    for x in [0.35, 0.65] {
        painter.add(Shape::ellipse_filled(
            at(x, 0.55),
            vec2(len(0.05), len(0.03)),
            flush,
        ));
    }

    // Eyes narrow as anger rises; pupils.
    let open = 0.032 * (1.0 - 0.55 * anger) + 0.006;
    for x in [0.4, 0.6] {
        painter.add(Shape::ellipse_filled(
            at(x, 0.46),
            vec2(len(0.045), len(open)),
            Color32::WHITE,
        ));
        painter.circle_filled(at(x, 0.46), len(0.019_f32.min(open)), ink);
    }

    // Brows: level and raised when calm, inner ends pulled down when angry.
    let brow = Stroke::new(len(0.02), ink);
    let inner = 0.372 + 0.075 * anger - 0.01 * trust;
    let outer = 0.382 - 0.02 * anger;
    painter.line_segment([at(0.455, inner), at(0.345, outer)], brow);
    painter.line_segment([at(0.545, inner), at(0.655, outer)], brow);

    // Mouth: a curve from frown to smile; shouting when furious.
    let smile = (trust - anger).clamp(-1.0, 1.0);
    let half = 0.075 - 0.02 * anger;
    let corners = 0.6 - 0.012 * smile;
    let lip = Stroke::new(len(0.016), Color32::from_rgb(120, 40, 40));
    if anger > 0.75 {
        let open = 0.015 + 0.16 * (anger - 0.75);
        painter.add(Shape::ellipse_filled(
            at(0.5, 0.62),
            vec2(len(half * 0.8), len(open)),
            Color32::from_rgb(90, 25, 30),
        ));
    }
    painter.add(QuadraticBezierShape::from_points_stroke(
        [
            at(0.5 - half, corners),
            at(0.5, corners + 0.07 * smile),
            at(0.5 + half, corners),
        ],
        false,
        Color32::TRANSPARENT,
        lip,
    ));

    // The anger mark above the brow, fading in as anger passes 0.6.
    if anger > 0.6 {
        let alpha = ((anger - 0.6) / 0.3).min(1.0);
        let red = Color32::from_rgba_unmultiplied(230, 40, 40, (alpha * 255.0) as u8);
        let stroke = Stroke::new(len(0.014), red);
        let c = at(0.72, 0.27);
        for (dx, dy) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
            let a = c + vec2(dx * len(0.015), dy * len(0.015));
            let b = c + vec2(dx * len(0.045), dy * len(0.015));
            let d = c + vec2(dx * len(0.015), dy * len(0.045));
            painter.line_segment([a, b], stroke);
            painter.line_segment([a, d], stroke);
        }
    }

    // A bead of sweat when patience runs out.
    if mood.patience < 0.35 {
        painter.add(Shape::ellipse_filled(
            at(0.74, 0.4),
            vec2(len(0.018), len(0.03)),
            Color32::from_rgb(150, 200, 240),
        ));
    }

    // The counter in front.
    let top = rect.top() + 0.86 * side;
    painter.rect_filled(
        egui::Rect::from_min_max(Pos2::new(rect.left(), top), rect.max),
        egui::CornerRadius {
            nw: 0,
            ne: 0,
            sw: len(0.04) as u8,
            se: len(0.04) as u8,
        },
        Color32::from_rgb(128, 96, 66),
    );
    painter.line_segment(
        [Pos2::new(rect.left(), top), Pos2::new(rect.right(), top)],
        Stroke::new(len(0.012), Color32::from_rgb(160, 124, 88)),
    );
    response
}
