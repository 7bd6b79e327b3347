//! The trainee's preferences as a resource: the language, the last trainee and the display.
//! The trainee's store reads and saves them; every screen reads them.

use bevy::prelude::*;

use crate::results::Preferences;

/// The language, the last trainee and the display, saved whenever they change.
#[derive(Resource, Clone, Debug, Default, Deref, DerefMut)]
pub struct Prefs(pub Preferences);
