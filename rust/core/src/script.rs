//! Which script a text is written in: every question of the kind is answered here.
//!
//! - [`script_of`]: which of the romanization tables reads a normalized word (the tokenizer
//!   and `translit` decide by it how to read the word);
//! - [`is_arabic_letter`], [`is_syllabic`], [`is_kana`]: the letter ranges those decisions
//!   and normalization rest on;
//! - [`dominant_script`]: the ISO 15924 code of a whole text, from the Unicode Script property
//!   (UAX #24, through the `unicode-script` crate), which a registry stores beside each alias.

use unicode_script::UnicodeScript;

/// The script of a token, decided by its letters.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Script {
    /// ASCII letters and digits only.
    Ascii,
    /// Latin letters beyond ASCII (after diacritics were removed: ß, ø, ł, ...).
    Latin,
    Arabic,
    Cyrillic,
    Greek,
    Hebrew,
    Other,
}

/// Script of a normalized token: the script of its first letter that is not ASCII,
/// `Ascii` when every character is ASCII.
pub fn script_of(token: &str) -> Script {
    for c in token.chars() {
        if c.is_ascii() {
            continue;
        }
        return match c as u32 {
            _ if is_arabic_letter(c) => Script::Arabic,
            0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
            0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
            0x0590..=0x05FF | 0xFB1D..=0xFB4F => Script::Hebrew,
            0x00C0..=0x024F | 0x1E00..=0x1EFF => Script::Latin,
            _ => Script::Other,
        };
    }
    Script::Ascii
}

/// Returns `true` for a letter of the Arabic script (Arabic, Persian, Urdu, Kurdish).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c as u32, 0x0620..=0x064A | 0x066E..=0x06D3 | 0x06D5 | 0x06EE..=0x06FF
        | 0x0750..=0x077F | 0x08A0..=0x08C9 | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Scripts written with one character per syllable: Han, kana, Hangul, Yi.
pub fn is_syllabic(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F | 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F | 0xA000..=0xA4CF)
}

/// Hiragana and katakana.
pub fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF)
}

/// The ISO 15924 code of the script most letters of `text` are written in: "Latn", "Arab",
/// "Cyrl", "Hani", "Hang", "Deva", …; "Zyyy" (Common) when it has no letter. Marks and
/// letters shared by several scripts do not count; a tie goes to the script met first.
pub fn dominant_script(text: &str) -> &'static str {
    use unicode_script::Script as Unicode;
    let mut counts: Vec<(Unicode, u32)> = Vec::new();
    for script in text.chars().filter(|c| c.is_alphabetic()).map(|c| c.script()) {
        if matches!(script, Unicode::Common | Unicode::Inherited | Unicode::Unknown) {
            continue;
        }
        match counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, n)) => *n += 1,
            None => counts.push((script, 1)),
        }
    }
    let mut best: Option<(Unicode, u32)> = None;
    for &(script, n) in &counts {
        if best.is_none_or(|(_, most)| n > most) {
            best = Some((script, n));
        }
    }
    best.map_or("Zyyy", |(script, _)| script.short_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_of_most_letters() {
        for (text, code) in [
            ("Hossein Taeb", "Latn"),
            ("حسين طائب", "Arab"),
            ("حُسَيْن طائب", "Arab"), // vowel marks do not count
            ("حسین طائب", "Arab"),   // Persian letters are Arabic script
            ("Игорь Кириллов", "Cyrl"),
            ("金正恩", "Hani"),
            ("김정은", "Hang"),
            ("प्रणव मुखर्जी", "Deva"),
            ("প্রণব", "Beng"),
            ("Hossein طائب طائب", "Arab"),
            ("ab حس", "Latn"), // a tie: the first
            ("", "Zyyy"),
            ("123 - ()", "Zyyy"),
        ] {
            assert_eq!(dominant_script(text), code, "{text}");
        }
    }
}
