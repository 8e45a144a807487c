//! The coarse match key: a token's consonant skeleton (`Sym::key_char` of each symbol,
//! repeats folded), which the index looks up and dedup blocks on. Romanizations that differ
//! in vowels and in the drift the edit distance forgives mostly share it.

use crate::phonetic::Sym;

/// The consonant skeleton of a symbol sequence (what the index looks up).
pub fn skeleton(syms: &[Sym]) -> String {
    folded(syms.iter().map(|s| s.key_char()), syms.len())
}

/// The skeleton with every letter that Arabic and Persian read apart in its other reading
/// (رضا: "rd", and "rz" as Persian spells it Reza), or `None` when the word holds none.
pub fn other_skeleton(syms: &[Sym]) -> Option<String> {
    if !syms.iter().any(|s| s.other_key_char().is_some()) {
        return None;
    }
    Some(folded(syms.iter().map(|s| s.other_key_char().or_else(|| s.key_char())), syms.len()))
}

/// The skeleton with the vowels: consonant classes as in `skeleton`, vowels in three classes
/// (a; e and i; o and u), repeats folded, the first vowels dropped. A foreign name written in
/// Arabic letters writes its vowels as long ones (مونتيغو, Montego): its vowelled
/// skeleton tells its spellings apart from the many words of the same consonants.
pub fn vowelled_skeleton(syms: &[Sym]) -> String {
    use Sym::*;
    let classes = syms.iter().map(|s| match s {
        A | Alef | AlefInit | HFinal => Some('a'),
        E | I | Ai | Yeh | Y => Some('i'),
        O | U | Waw | W => Some('u'),
        Glottal => None,
        _ => s.key_char(),
    });
    let all = folded(classes, syms.len());
    all.trim_start_matches(['a', 'i', 'u']).to_string()
}

/// The classes given (`None`: a symbol without one), each run of one class written once.
fn folded(classes: impl Iterator<Item = Option<char>>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut last = None;
    for k in classes.flatten() {
        if last != Some(k) {
            out.push(k);
        }
        last = Some(k);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phonetic::latin_symbols;

    #[test]
    fn skeletons_meet() {
        assert_eq!(skeleton(&latin_symbols("hezbollah")), skeleton(&latin_symbols("hizballah")));
        assert_eq!(skeleton(&latin_symbols("qaani")), skeleton(&latin_symbols("ghaani")));
    }

    #[test]
    fn foreign_names_meet_with_their_vowels() {
        use crate::translit::arabic::symbols;
        for (arabic, latin) in [("مونتيغو", "montego"), ("يوكاغير", "yukagir"), ("نويون", "noyon")] {
            assert_eq!(vowelled_skeleton(&symbols(arabic)), vowelled_skeleton(&latin_symbols(latin)), "{arabic} {latin}");
        }
        assert_ne!(vowelled_skeleton(&latin_symbols("montego")), vowelled_skeleton(&latin_symbols("mantega")));
    }

    #[test]
    fn persian_readings_have_their_skeleton() {
        use crate::translit::arabic::symbols;
        assert_eq!(other_skeleton(&symbols("رضا")).as_deref(), Some(skeleton(&latin_symbols("reza")).as_str()));
        assert_eq!(skeleton(&symbols("رضا")), skeleton(&latin_symbols("rida")));
        assert_eq!(other_skeleton(&symbols("ثابت")).as_deref(), Some("sbt"));
        assert_eq!(other_skeleton(&symbols("حسن")), None);
    }
}
