//! Compound names written as one word or several: abd- joined to the name after it,
//! -allah, -din and -zadeh to the name before it, and the article assimilated to a sun letter.
//! The tokenizer's passes `join_abd` and `join_suffix` join the parts; the spellings written
//! as one word are brought to the same joined spelling (Abd al-Mahdi = Abdulmahdi,
//! Nasr Allah = Nasrallah).

use std::sync::LazyLock;

use crate::lexicon::Lexicon;
use crate::phonetic::latin_symbols;
use crate::pieces::Piece;
use crate::script::{script_of, Script};
use crate::token::{Particle, Token, TokenKind};
use crate::translit::arabic;

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

/// The role of a piece in a compound, if the lexicon lists it as one.
pub(crate) fn role_of(piece: &Piece) -> Option<Compound> {
    if piece.listed { COMPOUND_WORDS.get(piece.form.as_str()).copied() } else { None }
}

/// abd + [al] + name → one token (Abd al-Mahdi, عبد الله), with the index of the piece after
/// it; `None` when no name of the same script follows.
pub(crate) fn join_abd(pieces: &[Piece], idx: usize, is_title: &[bool], lex: &Lexicon) -> Option<(Token, usize)> {
    let n = pieces.len();
    let piece = &pieces[idx];
    let is_article =
        |p: &Piece| p.article || p.listed && lex.particles.get(p.form.as_str()) == Some(&Particle::Article);
    let mut next = idx + 1;
    let mut article = piece.form != "abd" && piece.form != "abdu" && piece.form != "abdou" && piece.form != "عبد";
    if next < n && is_article(&pieces[next]) && !is_title[next] {
        article = true;
        next += 1;
    }
    if next >= n || is_title[next] || pieces[next].arabic != piece.arabic {
        return None;
    }
    let stem = &pieces[next];
    let (text, latin, syms) = if piece.arabic {
        let joined = format!("عبد{}{}", if article { "ال" } else { "" }, stem.text);
        (joined.clone(), arabic::romanize_word(&joined), arabic::symbols(&joined))
    } else {
        let joined = format!("abd{}{}", if article { "al" } else { "" }, stem.form);
        let latin = canonical_latin_compound(&joined).unwrap_or(joined);
        (format!("{} {}", piece.text, stem.text), latin.clone(), latin_symbols(&latin))
    };
    Some((Token::new(text, latin, syms, TokenKind::Word, 0, false), next + 1))
}

/// name + [al] + allah / din / zadeh → one token: the piece at `idx` joined onto the word
/// token made last (an article token between them dropped). `false`, with nothing changed,
/// when the piece is no such suffix or no word comes before it.
pub(crate) fn join_suffix(tokens: &mut Vec<Token>, pieces: &[Piece], idx: usize, role: Option<Compound>) -> bool {
    let piece = &pieces[idx];
    let suffix = if role == Some(Compound::Allah) {
        ("allah", "الله")
    } else if role == Some(Compound::Din) || piece.arabic && piece.form == "دين" && idx > 0 && pieces[idx - 1].article {
        ("aldin", "الدين")
    } else if role == Some(Compound::Zadeh) {
        ("zadeh", "زاده")
    } else {
        return false;
    };
    let (latin_suffix, arabic_suffix) = suffix;
    let mut back = tokens.len();
    if back > 0 && tokens[back - 1].kind == TokenKind::Particle(Particle::Article) {
        back -= 1;
    }
    let joinable = |t: &Token| matches!(t.kind, TokenKind::Word | TokenKind::OrgWord { .. }) && !t.acronym;
    if back == 0 || !joinable(&tokens[back - 1]) {
        return false;
    }
    tokens.truncate(back);
    let prev = tokens.pop().expect("checked above");
    let prev_arabic = script_of(&prev.text) == Script::Arabic;
    let (text, latin, syms) = if prev_arabic && piece.arabic {
        let joined = format!("{}{}", prev.text, arabic_suffix);
        (joined.clone(), arabic::romanize_word(&joined), arabic::symbols(&joined))
    } else {
        let latin = format!("{}{}", prev.latin, latin_suffix);
        (format!("{} {}", prev.text, piece.text), latin.clone(), latin_symbols(&latin))
    };
    tokens.push(Token::new(text, latin, syms, TokenKind::Word, 0, false));
    true
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
