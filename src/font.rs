//! Which characters the shipped font can draw, so `check` warns before a trainee sees a box.

use std::collections::HashSet;
use std::path::Path;

use skrifa::MetadataProvider;

/// The game's font, relative to the assets folder.
pub const FONT_FILE: &str = "fonts/NotoSansSC-GB2312.otf";

/// The set of characters a font maps to glyphs.
#[derive(Debug, Clone)]
pub struct Glyphs {
    covered: HashSet<u32>,
}

impl Glyphs {
    /// Reads the character map of font data; `None` if it is not a font.
    pub fn from_font(bytes: &[u8]) -> Option<Glyphs> {
        let font = skrifa::FontRef::new(bytes).ok()?;
        let covered = font.charmap().mappings().map(|(c, _)| c).collect();
        Some(Glyphs { covered })
    }

    /// The shipped font under `assets`, if it is there.
    pub fn load(assets: &Path) -> Option<Glyphs> {
        Glyphs::from_font(&std::fs::read(assets.join(FONT_FILE)).ok()?)
    }

    /// The distinct characters of `text` the font has no glyph for, in order of appearance.
    /// Whitespace and control characters need no glyph.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut seen = HashSet::new();
        text.chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .filter(|c| !self.covered.contains(&(*c as u32)))
            .filter(|c| seen.insert(*c))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_font_draws_chinese_and_english_but_not_emoji() {
        let glyphs = Glyphs::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets")))
            .expect("the shipped font loads");
        assert_eq!(
            glyphs.missing("我等了30分钟,卡还没办出来!"),
            Vec::<char>::new()
        );
        assert_eq!(
            glyphs.missing("I'm sorry — “really” sorry…"),
            Vec::<char>::new()
        );
        assert_eq!(glyphs.missing("好😀好😀"), vec!['😀']);
    }

    #[test]
    fn other_bytes_are_not_a_font() {
        assert!(Glyphs::from_font(b"not a font").is_none());
    }
}
