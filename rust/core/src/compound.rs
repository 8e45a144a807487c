//! Compound names written as one word or several: abd- joined to the name after it,
//! -allah, -din and -zadeh to the name before it, and the article assimilated to a sun letter.
//! The tokenizer joins the parts; the spellings written as one word are brought here to the
//! same joined spelling (Abd al-Mahdi = Abdulmahdi, Nasr Allah = Nasrallah).

use std::sync::LazyLock;

// (One lookup per word of every name: a fast hasher pays.)
type HashMap<K, V> = rustc_hash::FxHashMap<K, V>;

const ABD_FORMS: &[&str] = &["abd", "abdu", "abdou", "abdul", "abdel", "abdal", "abdol", "abdil", "abdoul",
    "abdur", "abdus", "abduz", "abdun", "abdut", "abdud", "abdush", "abdulla"];
const ALLAH_FORMS: &[&str] = &["allah", "ullah", "ollah", "olah", "ulah", "alah", "illah", "allahi", "الله"];
const DIN_FORMS: &[&str] = &["din", "deen", "dine", "eddin", "uddin", "addin", "iddin", "oddin", "eddine",
    "uddeen", "eddeen", "aldin", "الدين"];
const ZADEH_FORMS: &[&str] = &["zadeh", "zade", "zada", "zadah", "زاده"];

/// What a word of the lists above does in a compound.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compound {
    /// abd-: joins the next word.
    Abd,
    /// -allah, -din, -zadeh: join the previous word.
    Allah,
    Din,
    Zadeh,
    /// An assimilated article (ash-, ad-, ...), when the next word starts with its consonant.
    Assimilated,
}

/// One lookup per word instead of scanning every list.
pub(crate) static COMPOUND_WORDS: LazyLock<HashMap<&'static str, Compound>> = LazyLock::new(|| {
    let mut map = HashMap::default();
    for (list, role) in [(ABD_FORMS, Compound::Abd), (ALLAH_FORMS, Compound::Allah), (DIN_FORMS, Compound::Din),
        (ZADEH_FORMS, Compound::Zadeh), (ASSIMILATED, Compound::Assimilated)] {
        for &w in list {
            map.insert(w, role);
        }
    }
    map.insert("عبد", Compound::Abd);
    map
});
/// Assimilated spellings of the article before a sun letter (ash-Shaabi, ad-Din, ar-Rahman).
const ASSIMILATED: &[&str] = &["ad", "an", "ar", "as", "ash", "at", "ath", "az", "adh", "ud", "un", "ur", "us",
    "ush", "ut", "uz", "ed", "en", "er", "es", "esh", "et", "ez", "ez"];

/// Spellings of -allah and -din joined to the word before them (nasrullah, saifuddin).
const JOINED_ALLAH: &[&str] = &["ullah", "ollah", "allah", "illah", "ulla", "olla"];
const JOINED_DIN: &[&str] = &["uddin", "eddin", "iddin", "oddin", "addin", "eddine", "uddeen", "eddeen", "aldin", "uldin", "eldin"];
/// The last three letters of every spelling above (a test keeps them in step).
const JOINED_TAILS: [[u8; 3]; 5] = [*b"lah", *b"lla", *b"din", *b"ine", *b"een"];

/// Whether a word ends like one of the joined spellings of -allah or -din.
fn has_joined_tail(w: &[u8]) -> bool {
    w.len() >= 3 && JOINED_TAILS.contains(&[w[w.len() - 3], w[w.len() - 2], w[w.len() - 1]])
}

/// Brings a Latin compound written as one word to the joined spelling the tokenizer
/// builds from its parts: abdulmahdi → abdalmahdi, nasrullah → nasrallah,
/// saifuddin → saifaldin. `None` when the word is no such compound.
pub(crate) fn canonical_latin_compound(w: &str) -> Option<String> {
    // Every compound below starts with abd or ends in one of JOINED_TAILS: most words
    // leave at once.
    if !w.starts_with("abd") && !has_joined_tail(w.as_bytes()) || !w.is_ascii() {
        return None;
    }
    if let Some(rest) = w.strip_prefix("abd") {
        let rest = rest.trim_start_matches(['a', 'e', 'i', 'o', 'u']);
        let vowel_skipped = rest.len() < w.len() - 3;
        let rest = if let Some(r) = rest.strip_prefix('l') {
            r
        } else if vowel_skipped && rest.len() >= 2 && rest.as_bytes()[0] == rest.as_bytes()[1] {
            &rest[1..] // assimilated article: abdurrahman
        } else {
            rest
        };
        if vowel_skipped && rest.len() >= 3 {
            return Some(format!("abdal{rest}"));
        }
    }
    for (suffixes, canonical) in [(JOINED_ALLAH, "allah"), (JOINED_DIN, "aldin")] {
        for s in suffixes {
            if let Some(stem) = w.strip_suffix(s) {
                if stem.len() >= 3 {
                    return Some(format!("{stem}{canonical}"));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_tails_cover_every_joined_spelling() {
        for s in JOINED_ALLAH.iter().chain(JOINED_DIN) {
            assert!(has_joined_tail(s.as_bytes()), "{s}");
        }
    }
}
