//! The phonetic alphabet that every token is compared in.
//!
//! Every token, whatever its script, becomes a sequence of [`Sym`]s: consonant classes
//! designed from the Arabic/Persian consonant inventory plus vowels. Arabic-script letters
//! map to symbols directly (`translit::arabic::symbols`), so an unvocalized Arabic word keeps
//! what it knows (its long vowels ا و ي, its final ه) and meets its romanizations without
//! guessing short vowels; Latin spellings are read here (`latin_symbols`), digraphs and all.

/// The symbols of one word: inline up to the length of nearly every word.
pub type Syms = smallvec::SmallVec<[Sym; 16]>;

/// A phonetic symbol. Vowels first, then the Arabic letters that stand for a long vowel
/// or a weak consonant, then consonant classes.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[repr(u8)]
pub enum Sym {
    A, E, I, O, U,
    /// Latin ai/ay/ei/ey: what an Arabic ي between consonants is usually written as.
    Ai,
    /// Arabic ا inside a word: a long a.
    Alef,
    /// Arabic ا at the start of a word: a glottal onset carrying any short vowel.
    AlefInit,
    /// Arabic و: u, o, w or v.
    Waw,
    /// Arabic ي: i, e, y, ai, ei.
    Yeh,
    /// Word-final h (Arabic ه, often a teh marbuta): written a, ah, eh, e or h.
    HFinal,
    /// ʿayn and hamza: silent or a vowel in English spellings.
    Glottal,
    B, P, T, Th, J, G, Ch, Sh, H, Kh, D, Dh, R, Z, Zh, S, Gh, F, V, Q, K, L, M, N, W, Y,
    /// Arabic-script letters that Arabic and Persian (with Urdu and Turkish) read apart:
    /// ض d in Arabic, z in Persian (Ramadan / Ramazan, Rida / Reza); ذ dh or z
    /// (Dhu al-Fiqar / Zolfaghar); ث th or s (Thabit / Sabet); ظ z or dh (Zahir / Dhahir).
    Dad, Thal, Theh, Zah,
    /// A digit (kept as its own class; digits only ever match themselves).
    Digit0, Digit1, Digit2, Digit3, Digit4, Digit5, Digit6, Digit7, Digit8, Digit9,
    /// Any other letter (already romanized): matches only itself.
    X,
}

pub(crate) const N_SYMS: usize = Sym::X as usize + 1;

impl Sym {
    pub(crate) const fn from_index(i: usize) -> Sym {
        ALL_SYMS[i]
    }

    /// Vowels and the vowel-like Arabic letters.
    pub fn is_vowelish(self) -> bool {
        (self as u8) <= (Sym::Glottal as u8)
    }

    /// The consonant-skeleton class used by the index, or `None` for vowels and weak letters.
    pub fn key_char(self) -> Option<char> {
        use Sym::*;
        Some(match self {
            A | E | I | O | U | Ai | Alef | AlefInit | Waw | Yeh | HFinal | Glottal | W | Y => return None,
            B | P => 'b',
            T | Th | Theh => 't',
            J | Zh => 'j',
            G | Gh | Q | K => 'k',
            Ch | Sh => 'c',
            H => 'h',
            Kh => 'x',
            D | Dh | Dad | Thal => 'd',
            R => 'r',
            Z | Zah => 'z',
            S => 's',
            F | V => 'f',
            L => 'l',
            M => 'm',
            N => 'n',
            Digit0 => '0', Digit1 => '1', Digit2 => '2', Digit3 => '3', Digit4 => '4',
            Digit5 => '5', Digit6 => '6', Digit7 => '7', Digit8 => '8', Digit9 => '9',
            X => 'q', // unreachable in practice: every ASCII letter has a class
        })
    }

    /// For a letter that Arabic and Persian read apart, the skeleton class of its other
    /// reading (ض: d, and z in Persian).
    pub fn other_key_char(self) -> Option<char> {
        use Sym::*;
        match self {
            Dad | Thal => Some('z'),
            Theh => Some('s'),
            Zah => Some('d'),
            _ => None,
        }
    }

    /// The two-symbol spelling of a Latin digraph (sh = s + h), used when a word like
    /// "Ishaq" or "Adham" has the two letters meet across a syllable.
    pub(crate) fn digraph_parts(self) -> Option<(Sym, Sym)> {
        use Sym::*;
        match self {
            Sh => Some((S, H)),
            Kh => Some((K, H)),
            Th => Some((T, H)),
            Dh => Some((D, H)),
            Gh => Some((G, H)),
            Zh => Some((Z, H)),
            Ch => Some((K, H)),
            _ => None,
        }
    }
}

/// The skeleton letters that a key end (`distance::Profile::key_ends`) stands for: itself,
/// or both readings of a letter that Arabic and Persian read apart (written in capitals).
pub(crate) fn key_end_letters(c: u8) -> [u8; 2] {
    match c {
        b'D' => [b'd', b'z'],
        b'Z' => [b'z', b'd'],
        b'T' => [b't', b's'],
        _ => [c, c],
    }
}

/// Whether two key ends can stand for the same letter.
pub(crate) fn key_ends_agree(a: u8, b: u8) -> bool {
    a == b || {
        let (x, y) = (key_end_letters(a), key_end_letters(b));
        x.iter().any(|l| y.contains(l))
    }
}

pub(crate) const ALL_SYMS: [Sym; N_SYMS] = {
    use Sym::*;
    [A, E, I, O, U, Ai, Alef, AlefInit, Waw, Yeh, HFinal, Glottal, B, P, T, Th, J, G, Ch, Sh, H,
     Kh, D, Dh, R, Z, Zh, S, Gh, F, V, Q, K, L, M, N, W, Y, Dad, Thal, Theh, Zah, Digit0, Digit1, Digit2, Digit3,
     Digit4, Digit5, Digit6, Digit7, Digit8, Digit9, X]
};

const fn is_latin_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Symbols of a lower-case ASCII word (a romanized token), reading digraphs and
/// vowel pairs the way English spellings of Arabic and Persian names use them.
pub fn latin_symbols(word: &str) -> Syms {
    let w = word.as_bytes();
    let n = w.len();
    let mut out = Syms::new();
    let mut i = 0;
    while i < n {
        // Nearly every letter is read from itself and the next one: one lookup in a table
        // built from `read_latin_symbol`, instead of a branch on every letter. The few
        // readings that look further (ay, tch, sch, a final h, x) are worked out.
        let next = if i + 1 < n { LATIN_CLASS[w[i + 1] as usize] } else { LATIN_END };
        let read = LATIN_PAIRS[LATIN_CLASS[w[i] as usize] as usize * LATIN_CLASSES + next as usize];
        let (sym, step) = if read == LOOKS_FURTHER {
            if w[i] == b'x' {
                out.push(Sym::K);
            }
            read_latin_symbol(w, i)
        } else {
            (Sym::from_index((read & 63) as usize), 1 + (read >> 6) as usize)
        };
        // Doubled letters are one sound (Hassan = Hasan); doubled digits are not.
        if w[i].is_ascii_digit() || sym.is_vowelish() || out.last() != Some(&sym) {
            out.push(sym);
        }
        i += step;
    }
    out
}

/// Byte classes of `LATIN_PAIRS`: the 26 letters, the 10 digits, anything else (36), and
/// the end of the word (37).
const LATIN_CLASSES: usize = 38;
const LATIN_END: u8 = 37;
const LATIN_CLASS: [u8; 256] = {
    let mut class = [36u8; 256];
    let mut c = 0;
    while c < 26 {
        class[b'a' as usize + c] = c as u8;
        c += 1;
    }
    let mut d = 0;
    while d < 10 {
        class[b'0' as usize + d] = 26 + d as u8;
        d += 1;
    }
    class
};

/// Marks the pairs of `LATIN_PAIRS` whose reading depends on more than the two letters.
const LOOKS_FURTHER: u8 = u8::MAX;

/// `read_latin_symbol` of every letter and the one after it (or the end), as the symbol's
/// index plus 64 for a reading of two letters.
const LATIN_PAIRS: [u8; LATIN_CLASSES * LATIN_CLASSES] = {
    const fn byte_of(class: usize) -> u8 {
        match class {
            0..=25 => b'a' + class as u8,
            26..=35 => b'0' + (class - 26) as u8,
            _ => b'-',
        }
    }
    let mut table = [LOOKS_FURTHER; LATIN_CLASSES * LATIN_CLASSES];
    let mut first = 0;
    while first < LATIN_CLASSES - 1 {
        let c = byte_of(first);
        let mut second = 0;
        while second < LATIN_CLASSES {
            let at_end = second == LATIN_END as usize;
            let next = byte_of(second);
            let looks_further = c == b'x'
                || c == b'h' && at_end
                || !at_end && matches!((c, next), (b'a' | b'e', b'y') | (b't' | b's', b'c'));
            if !looks_further {
                let pair = [c, next];
                let (sym, step) = read_latin_symbol(pair.split_at(if at_end { 1 } else { 2 }).0, 0);
                table[first * LATIN_CLASSES + second] = sym as u8 | ((step as u8 - 1) << 6);
            }
            second += 1;
        }
        first += 1;
    }
    table
};

/// The symbol that the letters of `w` from `i` on start with, and how many letters it
/// takes. (An x reads as k + s: this gives the s, the caller adds the k.)
const fn read_latin_symbol(w: &[u8], i: usize) -> (Sym, usize) {
    use Sym::*;
    const fn at(w: &[u8], i: usize) -> u8 {
        if i < w.len() { w[i] } else { 0 }
    }
    let n = w.len();
    let c = w[i];
    let next = at(w, i + 1);
    match c {
        b'a' => match next {
            b'i' => (Ai, 2),
            b'y' if !is_latin_vowel(at(w, i + 2)) => (Ai, 2),
            b'a' => (A, 2),
            _ => (A, 1),
        },
        b'e' => match next {
            b'i' => (Ai, 2),
            b'y' if !is_latin_vowel(at(w, i + 2)) => (Ai, 2),
            b'e' => (I, 2),
            _ => (E, 1),
        },
        b'i' => match next {
            b'i' => (I, 2),
            _ => (I, 1),
        },
        b'o' => match next {
            b'o' | b'u' => (U, 2),
            _ => (O, 1),
        },
        b'u' => match next {
            b'u' => (U, 2),
            _ => (U, 1),
        },
        b'y' => {
            if is_latin_vowel(next) {
                (Y, 1)
            } else {
                (I, 1)
            }
        }
        b'w' => (W, 1),
        b'b' => (B, 1),
        b'p' => if next == b'h' { (F, 2) } else { (P, 1) },
        b't' => match next {
            b'h' => (Th, 2),
            b'c' if at(w, i + 2) == b'h' => (Ch, 3),
            _ => (T, 1),
        },
        b'd' => match next {
            b'h' => (Dh, 2),
            b'j' => (J, 2),
            _ => (D, 1),
        },
        b'j' => (J, 1),
        b'g' => match next {
            b'h' => (Gh, 2),
            _ => (G, 1),
        },
        b'c' => match next {
            b'h' => (Ch, 2),
            b'k' => (K, 2),
            b'e' | b'i' | b'y' => (S, 1),
            _ => (K, 1),
        },
        b's' => match next {
            b'h' => (Sh, 2),
            b'c' if at(w, i + 2) == b'h' => (Sh, 3),
            _ => (S, 1),
        },
        b'k' => if next == b'h' { (Kh, 2) } else { (K, 1) },
        b'z' => if next == b'h' { (Zh, 2) } else { (Z, 1) },
        b'h' => {
            // A word-final h after a vowel is the Arabic final ه (Fatimah, Zadeh).
            if i + 1 == n && i > 0 && is_latin_vowel(w[i - 1]) {
                (HFinal, 1)
            } else {
                (H, 1)
            }
        }
        b'q' => (Q, 1),
        b'x' => (S, 1),
        b'f' => (F, 1),
        b'v' => (V, 1),
        b'r' => (R, 1),
        b'l' => (L, 1),
        b'm' => (M, 1),
        b'n' => (N, 1),
        b'0'..=b'9' => (Sym::from_index(Sym::Digit0 as usize + (c - b'0') as usize), 1),
        _ => (X, 1),
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_pair_table_reads_as_the_rules() {
        // The rules applied at every letter, without the table.
        fn by_rules(word: &str) -> Syms {
            let w = word.as_bytes();
            let (mut out, mut i) = (Syms::new(), 0);
            while i < w.len() {
                if w[i] == b'x' {
                    out.push(Sym::K);
                }
                let (sym, step) = read_latin_symbol(w, i);
                if w[i].is_ascii_digit() || sym.is_vowelish() || out.last() != Some(&sym) {
                    out.push(sym);
                }
                i += step;
            }
            out
        }
        let letters = b"aeiouyhcstxdgkzpwbqjfvrlmn09-";
        // Every word of up to three of these letters.
        let mut level: Vec<Vec<u8>> = vec![vec![]];
        let mut words = level.clone();
        for _ in 0..3 {
            level = level.iter().flat_map(|w| letters.iter().map(move |&c| [w.as_slice(), &[c]].concat())).collect();
            words.extend(level.iter().cloned());
        }
        for w in words.iter().map(|w| String::from_utf8(w.clone()).expect("ASCII")).chain(["ayman", "tchad", "schaefer", "fatimah", "alexander", "zhukov", "qaani", "é", "aéh"].map(String::from)) {
            assert_eq!(latin_symbols(&w), by_rules(&w), "{w}");
        }
    }

}
