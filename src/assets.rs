//! The assets folder: portraits, the rulebook and the font live here, and a scenario may refer
//! only to files inside it.

use std::path::{Component, Path, PathBuf};

use crate::font::Glyphs;

/// The assets folder as checks and the game see it.
#[derive(Debug, Clone)]
pub struct Assets {
    /// The folder itself.
    pub dir: PathBuf,
    /// The characters the game's font draws, when the font is there.
    pub glyphs: Option<Glyphs>,
}

impl Assets {
    /// The folder at `dir`, if it exists.
    pub fn open(dir: impl Into<PathBuf>) -> Option<Assets> {
        let dir = dir.into();
        if !dir.is_dir() {
            return None;
        }
        let glyphs = Glyphs::load(&dir);
        Some(Assets { dir, glyphs })
    }

    /// The file a scenario's asset path names, or `None` when the path would leave the folder
    /// (absolute, `..`, a drive or backslashes).
    pub fn resolve(&self, rel: &str) -> Option<PathBuf> {
        is_inside(rel).then(|| self.dir.join(rel))
    }
}

/// Whether `rel` is a relative path that stays inside the folder it is joined to.
pub fn is_inside(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains('\\')
        && Path::new(rel)
            .components()
            .all(|part| matches!(part, Component::Normal(_) | Component::CurDir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_may_not_leave_the_folder() {
        assert!(is_inside("portraits/wang.png"));
        assert!(is_inside("./portraits/wang.png"));
        for bad in [
            "",
            "../x.png",
            "portraits/../../x.png",
            "/etc/passwd",
            "a\\..\\b",
        ] {
            assert!(!is_inside(bad), "{bad}");
        }
    }
}
