//! Romanization: one file per script family, each aimed at the spellings English sources use.
//! Scripts without a table of our own go through `deunicode`, a maintained generic table.

pub mod arabic;
pub mod cyrillic;
pub mod greek;
pub mod hebrew;
pub mod syllables;

use crate::normalize::{normalize, Spaced};
use crate::script::{script_of, Script};

/// Romanizes one normalized token (no spaces) to lower-case ASCII letters and digits.
pub fn romanize_token(token: &str) -> String {
    let raw = match script_of(token) {
        Script::Ascii => return token.to_string(),
        Script::Arabic => arabic::romanize_word(token),
        Script::Cyrillic => cyrillic::romanize(token),
        Script::Greek => greek::romanize(token),
        Script::Hebrew => hebrew::romanize(token),
        // Hangul by the Revised Romanization (the generic table spells a final consonant as
        // before a vowel: 박 "bag").
        Script::Other if token.chars().any(syllables::is_hangul_syllable) => token
            .chars()
            .map(|c| syllables::hangul_romanization(c).unwrap_or_else(|| deunicode::deunicode_char(c).unwrap_or("").to_string()))
            .collect(),
        // Azerbaijani ə (Heydər Əliyev) is an e; the generic table has no letter for it.
        Script::Latin | Script::Other => deunicode::deunicode(&token.replace('ə', "e")),
    };
    ascii_word(&raw)
}

/// Keeps lower-case ASCII letters, digits and single inner spaces of a romanization.
fn ascii_word(raw: &str) -> String {
    let mut out = Spaced::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == ' ' || c == '-' {
            out.separate();
        } else if !c.is_ascii() {
            // A letter the script table does not know: spell it the generic way.
            let fallback = deunicode::deunicode_char(c).unwrap_or("");
            for f in fallback.chars().filter(|f| f.is_ascii_alphanumeric()) {
                out.push(f.to_ascii_lowercase());
            }
        }
    }
    out.finish()
}

/// Romanizes a name: normalizes it, then spells every word in lower-case ASCII.
/// The Arabic article comes out as "al-" joined to its word ("al-tayeb"). A text written
/// with Persian letters is read the Persian way (`arabic::reads_as_persian`).
pub fn romanize(text: &str) -> String {
    // (Read before normalizing: the Persian letters are normalized to the Arabic ones.)
    let reading = if arabic::reads_as_persian(text) { arabic::Reading::Persian } else { arabic::Reading::Arabic };
    let spell = |token: &str| {
        if script_of(token) == Script::Arabic { ascii_word(&arabic::romanize_word_as(token, reading)) } else { romanize_token(token) }
    };
    let norm = normalize(text);
    let mut out = String::with_capacity(norm.len());
    for token in norm.split(' ') {
        let word = if script_of(token) == Script::Arabic {
            match arabic::split_article(token) {
                Some(stem) => {
                    let rest = spell(stem);
                    if rest.is_empty() { String::new() } else { format!("al-{rest}") }
                }
                None => spell(token),
            }
        } else {
            romanize_token(token)
        };
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_meet_ascii() {
        assert_eq!(romanize("Владимир Путин"), "vladimir putin");
        assert_eq!(romanize("Ερντογάν"), "erntogan");
        assert_eq!(romanize("Straße Łódź"), "strasse lodz");
        assert_eq!(romanize("Heydər Əliyev"), "heyder eliyev");
        assert!(romanize("习近平").is_ascii());
        assert_eq!(romanize("الحشد الشعبي"), "al-hashad al-shabi");
        // Persian letters read the Persian way; short vowels not guessed letter by letter.
        assert_eq!(romanize("احمدرضا رادان"), "ahmadrida radan");
        assert_eq!(romanize("احمدرضا رادانی"), "ahmadreza radani");
        assert_eq!(romanize("محمدجواد ظریف"), "mohammadjavad zarif");
    }

    #[test]
    fn output_is_ascii_for_odd_input() {
        for s in ["\u{200d}\u{0640}", "👨‍👩‍👧", "ﷲ", "ㄱ", "\u{0301}"] {
            assert!(romanize(s).is_ascii(), "{s}");
        }
    }
}
