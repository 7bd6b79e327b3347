//! The two languages the course and the game speak, and text written in both.

use serde::{Deserialize, Serialize};

/// A language the game can be played and judged in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Simplified Chinese, the course's own language.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Chinese first because the course is Chinese.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The short code used on the command line and in JSON.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The language's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Zh => "Chinese",
            Lang::En => "English",
        }
    }

    /// The other language, used as the fallback when a text lacks a translation.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            other => Err(format!("unknown language `{other}`, expected `zh` or `en`")),
        }
    }
}

/// A piece of text in Chinese and English; authors may leave one out, and `check` warns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// The Chinese version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zh: Option<String>,
    /// The English version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    /// A text in both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: Some(zh.into()),
            en: Some(en.into()),
        }
    }

    /// The version in `lang` exactly as the file has it, blank or not.
    pub fn raw(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Zh => self.zh.as_deref(),
            Lang::En => self.en.as_deref(),
        }
    }

    /// The version in `lang`, if written (an empty string counts as not written).
    pub fn exact(&self, lang: Lang) -> Option<&str> {
        self.raw(lang).filter(|s| !s.trim().is_empty())
    }

    /// The version in `lang`, or the other language's when that one is missing, so a
    /// half-translated scenario still plays.
    pub fn get(&self, lang: Lang) -> &str {
        self.exact(lang)
            .or_else(|| self.exact(lang.other()))
            .unwrap_or("")
    }

    /// The languages this text is written in.
    pub fn langs(&self) -> impl Iterator<Item = Lang> + '_ {
        Lang::ALL.into_iter().filter(|&l| self.exact(l).is_some())
    }
}

/// Whether `c` is a Chinese character (the unified ideographs and their extension A, and the
/// compatibility block): what Chinese text is read by, character by character.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_the_other_language() {
        let t = Text {
            zh: Some("您好".into()),
            en: None,
        };
        assert_eq!(t.get(Lang::En), "您好");
        assert_eq!(t.exact(Lang::En), None);
        assert_eq!(t.langs().collect::<Vec<_>>(), vec![Lang::Zh]);
    }

    #[test]
    fn blank_counts_as_missing() {
        let t = Text::new("  ", "Hello");
        assert_eq!(t.exact(Lang::Zh), None);
        assert_eq!(t.get(Lang::Zh), "Hello");
    }
}
