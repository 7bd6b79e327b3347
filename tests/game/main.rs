//! Tests of the Bevy shell, in one binary so Bevy is linked once.

mod keyboard;
mod library;
mod screenshot;
