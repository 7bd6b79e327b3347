//! The customer at the counter, drawn by the game from the mood alone: brows drop and eyes
//! narrow with anger, the mouth turns from a frown to a smile as trust wins over anger, the
//! face reddens, and the drawing eases toward each new mood instead of jumping.
//!
//! It is painted with egui's shapes rather than Bevy meshes so that it lays out, scales to the
//! window and clips with the rest of the interface, and needs no art files.

use bevy::prelude::*;
use bevy_egui::egui::{self, Color32, Pos2, Shape, Stroke, epaint::QuadraticBezierShape, vec2};

use super::play::Play;
use crate::scenario::Mood;

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
        let s = &play.session().customer().state;
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

/// The lines of the face.
const INK: Color32 = Color32::from_rgb(50, 38, 32);

/// Draws the customer in a square of side `side`.
pub fn paint(ui: &mut egui::Ui, side: f32, mood: ShownMood) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(vec2(side, side), egui::Sense::hover());
    let sketch = Sketch {
        painter: ui.painter_at(rect),
        rect,
        side,
        anger: mood.anger.clamp(0.0, 1.0),
        trust: mood.trust.clamp(0.0, 1.0),
    };
    sketch.booth_and_body();
    sketch.head();
    sketch.eyes_and_brows();
    sketch.mouth();
    sketch.anger_mark();
    // A bead of sweat when patience runs out.
    if mood.patience < 0.35 {
        sketch.painter.add(Shape::ellipse_filled(
            sketch.at(0.74, 0.4),
            vec2(sketch.len(0.018), sketch.len(0.03)),
            Color32::from_rgb(150, 200, 240),
        ));
    }
    sketch.counter();
    response
}

/// The square the customer is drawn in, measured in fractions of its side, and the mood drawn.
struct Sketch {
    painter: egui::Painter,
    rect: egui::Rect,
    side: f32,
    /// Anger, 0 to 1.
    anger: f32,
    /// Trust, 0 to 1.
    trust: f32,
}

impl Sketch {
    /// The point `x`, `y` of the square, each from 0 to 1.
    fn at(&self, x: f32, y: f32) -> Pos2 {
        Pos2::new(
            self.rect.left() + x * self.side,
            self.rect.top() + y * self.side,
        )
    }

    /// A length given as a fraction of the side.
    fn len(&self, v: f32) -> f32 {
        v * self.side
    }

    /// The skin, reddening with anger.
    fn skin(&self) -> Color32 {
        mix(
            Color32::from_rgb(246, 212, 178),
            Color32::from_rgb(238, 142, 112),
            self.anger * self.anger,
        )
    }

    /// The booth behind, warmer when the customer is pleased, darker when furious; the body
    /// and the neck.
    fn booth_and_body(&self) {
        let wall = mix(
            Color32::from_rgb(62, 74, 92),
            Color32::from_rgb(88, 56, 60),
            self.anger,
        );
        self.painter.rect_filled(self.rect, self.len(0.04), wall);
        self.painter.add(Shape::ellipse_filled(
            self.at(0.5, 1.02),
            vec2(self.len(0.40), self.len(0.28)),
            Color32::from_rgb(64, 92, 140),
        ));
        self.painter.rect_filled(
            egui::Rect::from_min_max(self.at(0.44, 0.66), self.at(0.56, 0.8)),
            0.0,
            mix(self.skin(), INK, 0.12),
        );
    }

    /// Hair behind, ears, the head and the fringe; cheeks that flush with anger.
    fn head(&self) {
        let skin = self.skin();
        let hair = Color32::from_rgb(58, 44, 36);
        self.painter.add(Shape::ellipse_filled(
            self.at(0.5, 0.36),
            vec2(self.len(0.3), self.len(0.3)),
            hair,
        ));
        for x in [0.225, 0.775] {
            self.painter
                .circle_filled(self.at(x, 0.47), self.len(0.04), skin);
        }
        self.painter.add(Shape::ellipse_filled(
            self.at(0.5, 0.47),
            vec2(self.len(0.26), self.len(0.29)),
            skin,
        ));
        self.painter.add(QuadraticBezierShape::from_points_stroke(
            [
                self.at(0.25, 0.38),
                self.at(0.45, 0.12),
                self.at(0.76, 0.36),
            ],
            true,
            hair,
            Stroke::NONE,
        ));
        let flush = Color32::from_rgba_unmultiplied(225, 60, 50, (self.anger * 110.0) as u8);
        for x in [0.35, 0.65] {
            self.painter.add(Shape::ellipse_filled(
                self.at(x, 0.55),
                vec2(self.len(0.05), self.len(0.03)),
                flush,
            ));
        }
    }

    /// Eyes that narrow as anger rises, with pupils; brows level and raised when calm, inner
    /// ends pulled down when angry.
    fn eyes_and_brows(&self) {
        let (anger, trust) = (self.anger, self.trust);
        let open = 0.032 * (1.0 - 0.55 * anger) + 0.006;
        for x in [0.4, 0.6] {
            self.painter.add(Shape::ellipse_filled(
                self.at(x, 0.46),
                vec2(self.len(0.045), self.len(open)),
                Color32::WHITE,
            ));
            self.painter
                .circle_filled(self.at(x, 0.46), self.len(0.019_f32.min(open)), INK);
        }
        let brow = Stroke::new(self.len(0.02), INK);
        let inner = 0.372 + 0.075 * anger - 0.01 * trust;
        let outer = 0.382 - 0.02 * anger;
        self.painter
            .line_segment([self.at(0.455, inner), self.at(0.345, outer)], brow);
        self.painter
            .line_segment([self.at(0.545, inner), self.at(0.655, outer)], brow);
    }

    /// A curve from frown to smile as trust wins over anger; shouting when furious.
    fn mouth(&self) {
        let anger = self.anger;
        let smile = (self.trust - anger).clamp(-1.0, 1.0);
        let half = 0.075 - 0.02 * anger;
        let corners = 0.6 - 0.012 * smile;
        let lip = Stroke::new(self.len(0.016), Color32::from_rgb(120, 40, 40));
        // The mouth opens halfway through the angry band.
        let opens = ((Mood::Angry.lowest_anger() + Mood::Furious.lowest_anger()) / 2.0) as f32;
        if anger > opens {
            let open = 0.015 + 0.16 * (anger - opens);
            self.painter.add(Shape::ellipse_filled(
                self.at(0.5, 0.62),
                vec2(self.len(half * 0.8), self.len(open)),
                Color32::from_rgb(90, 25, 30),
            ));
        }
        self.painter.add(QuadraticBezierShape::from_points_stroke(
            [
                self.at(0.5 - half, corners),
                self.at(0.5, corners + 0.07 * smile),
                self.at(0.5 + half, corners),
            ],
            false,
            Color32::TRANSPARENT,
            lip,
        ));
    }

    /// The anger mark above the brow, fading in through the angry band.
    fn anger_mark(&self) {
        let angry = Mood::Angry.lowest_anger() as f32;
        let furious = Mood::Furious.lowest_anger() as f32;
        if self.anger > angry {
            let alpha = ((self.anger - angry) / (furious - angry)).min(1.0);
            let red = Color32::from_rgba_unmultiplied(230, 40, 40, (alpha * 255.0) as u8);
            let stroke = Stroke::new(self.len(0.014), red);
            let c = self.at(0.72, 0.27);
            for (dx, dy) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
                let a = c + vec2(dx * self.len(0.015), dy * self.len(0.015));
                let b = c + vec2(dx * self.len(0.045), dy * self.len(0.015));
                let d = c + vec2(dx * self.len(0.015), dy * self.len(0.045));
                self.painter.line_segment([a, b], stroke);
                self.painter.line_segment([a, d], stroke);
            }
        }
    }

    /// The counter in front.
    fn counter(&self) {
        let rect = self.rect;
        let top = rect.top() + 0.86 * self.side;
        self.painter.rect_filled(
            egui::Rect::from_min_max(Pos2::new(rect.left(), top), rect.max),
            egui::CornerRadius {
                nw: 0,
                ne: 0,
                sw: self.len(0.04) as u8,
                se: self.len(0.04) as u8,
            },
            Color32::from_rgb(128, 96, 66),
        );
        self.painter.line_segment(
            [Pos2::new(rect.left(), top), Pos2::new(rect.right(), top)],
            Stroke::new(self.len(0.012), Color32::from_rgb(160, 124, 88)),
        );
    }
}

/// The colour `t` of the way from `a` to `b`.
fn mix(a: Color32, b: Color32, t: f32) -> Color32 {
    let m = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t.clamp(0.0, 1.0)) as u8;
    Color32::from_rgb(m(a.r(), b.r()), m(a.g(), b.g()), m(a.b(), b.b()))
}
