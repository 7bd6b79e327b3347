//! The keys every screen reads the same way: number keys for options, either Enter, and
//! whether the keyboard is free for shortcuts at all.

use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;

/// The keys that say options 1 to 9.
pub const REPLY_KEYS: [KeyCode; 9] = [
    KeyCode::Digit1,
    KeyCode::Digit2,
    KeyCode::Digit3,
    KeyCode::Digit4,
    KeyCode::Digit5,
    KeyCode::Digit6,
    KeyCode::Digit7,
    KeyCode::Digit8,
    KeyCode::Digit9,
];

/// Whether keys are free for shortcuts: not while the trainee types into a text field.
pub fn keys_free(wants: Option<Res<EguiWantsInput>>) -> bool {
    wants.is_none_or(|w| !w.wants_keyboard_input())
}

/// The option a number key picks (0-based), from the top row or the keypad.
pub fn number_pressed(keys: &ButtonInput<KeyCode>) -> Option<usize> {
    const PAD: [KeyCode; 9] = [
        KeyCode::Numpad1,
        KeyCode::Numpad2,
        KeyCode::Numpad3,
        KeyCode::Numpad4,
        KeyCode::Numpad5,
        KeyCode::Numpad6,
        KeyCode::Numpad7,
        KeyCode::Numpad8,
        KeyCode::Numpad9,
    ];
    (0..9).find(|&i| keys.just_pressed(REPLY_KEYS[i]) || keys.just_pressed(PAD[i]))
}

/// Whether Enter (either one) was pressed.
pub fn enter_pressed(keys: &ButtonInput<KeyCode>) -> bool {
    keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter])
}
