//! Which script a text is written in, from the Unicode Script property (UAX #24, through the
//! `unicode-script` crate): the ISO 15924 code a registry stores beside each alias.
//!
//! (Romanization asks a narrower question of each word, which of its own tables reads it:
//! `translit::script_of`.)

use unicode_script::{Script, UnicodeScript};

/// The ISO 15924 code of the script most letters of `text` are written in: "Latn", "Arab",
/// "Cyrl", "Hani", "Hang", "Deva", …; "Zyyy" (Common) when it has no letter. Marks and
/// letters shared by several scripts do not count; a tie goes to the script met first.
pub fn dominant_script(text: &str) -> &'static str {
    let mut counts: Vec<(Script, u32)> = Vec::new();
    for script in text.chars().filter(|c| c.is_alphabetic()).map(|c| c.script()) {
        if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        match counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, n)) => *n += 1,
            None => counts.push((script, 1)),
        }
    }
    let mut best: Option<(Script, u32)> = None;
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
