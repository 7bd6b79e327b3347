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

    /// Where a scenario's asset path leads: a file in the folder, nothing, or out of the folder,
    /// by how it is written (absolute, `..`, a drive or backslashes) or through a link.
    pub fn lookup(&self, rel: &str) -> Lookup {
        if !is_inside(rel) {
            return Lookup::Outside;
        }
        let path = self.dir.join(rel);
        let (Ok(real), Ok(root)) = (path.canonicalize(), self.dir.canonicalize()) else {
            return Lookup::Missing;
        };
        if !real.starts_with(&root) {
            Lookup::Outside
        } else if real.is_file() {
            Lookup::Found(path)
        } else {
            Lookup::Missing
        }
    }
}

/// Where an asset path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A file inside the folder.
    Found(PathBuf),
    /// No file there (yet).
    Missing,
    /// Out of the folder: a scenario may not read it.
    Outside,
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

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_folder_leads_outside() {
        let root = std::env::temp_dir().join(format!("counterplay-assets-{}", std::process::id()));
        let assets = root.join("assets");
        std::fs::create_dir_all(assets.join("portraits")).unwrap();
        std::fs::write(root.join("secret.png"), b"x").unwrap();
        std::fs::write(assets.join("portraits/wang.png"), b"x").unwrap();
        std::os::unix::fs::symlink(root.join("secret.png"), assets.join("portraits/li.png"))
            .unwrap();
        std::os::unix::fs::symlink(&root, assets.join("up")).unwrap();
        let a = Assets::open(&assets).unwrap();
        assert!(matches!(a.lookup("portraits/wang.png"), Lookup::Found(_)));
        assert_eq!(a.lookup("portraits/li.png"), Lookup::Outside);
        assert_eq!(a.lookup("up/secret.png"), Lookup::Outside);
        assert_eq!(a.lookup("portraits/zhao.png"), Lookup::Missing);
        assert_eq!(a.lookup("../secret.png"), Lookup::Outside);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
