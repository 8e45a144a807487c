//! Han and Hangul syllables: the Latin spellings one syllable is written with.
//!
//! A Chinese or Korean name is written a syllable a character, and Latin sources spell each
//! syllable by one of a few systems: 张 is Zhang in pinyin and Chang in Wade-Giles, 김 is Gim
//! in the Revised Romanization and Kim in McCune-Reischauer and in passports. Those spellings
//! are one name; a near spelling outside them (Zhong, Son for 孙) is as a rule another
//! syllable, and so another name. The tables here are the systems' own rules:
//! - Hangul: the Revised Romanization of Korean (Ministry of Culture, 2000) for the spelling
//!   of a syllable, and as variants McCune-Reischauer (1939) without its breves and
//!   apostrophes (the way the lists write North Korean names: "Kim Yong Su", "Jon Il Ho"),
//!   the conventional vowel spellings (oo, ee, u for ㅓ: Moon, Lee, Jung) and the usual
//!   spellings of the surnames no rule gives (Lee, Park, Rhee, Roh, Lim, Paik);
//! - Han: the pinyin reading (`deunicode`'s) and its Wade-Giles spelling without
//!   apostrophes and umlauts, by the standard correspondence of initials and finals.
//!
//! Cantonese and Hokkien readings (Chan, Tan, Wong for 陈 and 黄) and the Japanese readings of
//! kanji are not here: they follow the character, not the Mandarin syllable.

/// The Revised Romanization of one Hangul syllable alone (final consonants as they sound at
/// the end of a word: 박 is "bak"), `None` for any other character.
pub fn hangul_romanization(c: char) -> Option<String> {
    let (l, v, t) = jamo(c)?;
    Some(format!("{}{}{}", INITIALS[l], VOWELS[v], FINALS[t]))
}

/// Whether `c` is a precomposed Hangul syllable (the characters `hangul_romanization` reads).
pub fn is_hangul_syllable(c: char) -> bool {
    jamo(c).is_some()
}

/// The Latin spellings of a Han or Hangul syllable other than `primary` (its romanization),
/// most usual first; empty for any other text.
pub fn readings(syllable: &str, primary: &str) -> Vec<String> {
    let mut chars = syllable.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else { return Vec::new() };
    let mut out = if let Some((l, v, t)) = jamo(c) {
        hangul_readings(c, l, v, t)
    } else if is_han(c) {
        wade_giles(primary).into_iter().collect()
    } else {
        Vec::new()
    };
    let mut seen = std::collections::HashSet::new();
    out.retain(|r| r != primary && !r.is_empty() && seen.insert(r.clone()));
    out
}

/// The CJK unified ideographs (the blocks `deunicode` reads as pinyin).
fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Initial, vowel and final jamo numbers of a precomposed Hangul syllable (Unicode's
/// arithmetic: 19 initials × 21 vowels × 28 finals from U+AC00).
fn jamo(c: char) -> Option<(usize, usize, usize)> {
    let s = (c as u32).checked_sub(0xAC00)?;
    if s >= 19 * 21 * 28 {
        return None;
    }
    let s = s as usize;
    Some((s / (21 * 28), (s % (21 * 28)) / 28, s % 28))
}

const INITIALS: [&str; 19] = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"];
const VOWELS: [&str; 21] =
    ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"];
const FINALS: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p",
    "",
];

/// Other spellings of each initial: McCune-Reischauer's unvoiced stops (k, t, p, ch), l and n
/// for ㄹ, and ㅅ as sh before i and y (Shin, Shim).
fn initial_variants(l: usize, v: usize) -> &'static [&'static str] {
    let before_i = matches!(VOWELS[v].as_bytes()[0], b'i' | b'y') || v == 16;
    match INITIALS[l] {
        "g" => &["g", "k"],
        "kk" => &["kk", "gg", "k"],
        "d" => &["d", "t"],
        "tt" => &["tt", "dd", "t"],
        "r" => &["r", "l", "n"],
        "b" => &["b", "p"],
        "pp" => &["pp", "bb", "p"],
        "s" if before_i => &["s", "sh"],
        "ss" => &["ss", "s"],
        "j" => &["j", "ch"],
        "jj" => &["jj", "tch", "j"],
        "ch" => &["ch"],
        _ => std::slice::from_ref(&INITIALS[l]),
    }
}

/// Other spellings of each vowel: McCune-Reischauer's ŏ and ŭ without their breves (o, u),
/// and the conventional u for ㅓ, oo for ㅜ, ee for ㅣ, oi for ㅚ (Jung, Moon, Lee, Choi).
fn vowel_variants(v: usize, open: bool) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = match VOWELS[v] {
        "eo" => vec!["eo", "o", "u"],
        "yeo" => vec!["yeo", "yo", "yu"],
        "eu" => vec!["eu", "u"],
        "u" => vec!["u", "oo"],
        "yu" => vec!["yu", "yoo"],
        "i" => vec!["i", "ee"],
        "oe" => vec!["oe", "oi"],
        "ui" => vec!["ui", "eui", "i"],
        v => vec![v],
    };
    // An open syllable's o is written oh as well (Oh, Noh).
    if open && VOWELS[v] == "o" {
        out.push("oh");
    }
    out
}

/// Other spellings of each final: k, t, p, l written g, d, b, r as before a vowel.
fn final_variants(t: usize) -> &'static [&'static str] {
    match FINALS[t] {
        "k" => &["k", "g"],
        "t" if t == 19 => &["t", "s"],
        "t" => &["t", "d"],
        "p" => &["p", "b"],
        "l" => &["l", "r"],
        _ => std::slice::from_ref(&FINALS[t]),
    }
}

/// The usual spellings of surnames that no rule gives: the initial ㄹ that South Korea drops
/// (이 Lee / Rhee and North Korea's Ri, 임 Lim, 류 Ryu, 노 Roh) and the r of Park.
fn surname_spellings(c: char) -> &'static [&'static str] {
    match c {
        '이' => &["lee", "yi", "rhee", "ri", "li"],
        '리' => &["ri", "li", "lee"],
        '박' => &["park", "pak"],
        '임' => &["lim", "rim"],
        '림' => &["rim", "lim"],
        '류' | '유' => &["ryu", "yoo", "yu", "lyu"],
        '노' => &["roh", "noh"],
        '로' => &["ro", "roh"],
        '나' => &["na", "ra"],
        '백' => &["paik", "baek"],
        '배' => &["bae", "pae"],
        '우' => &["woo", "wu"],
        _ => &[],
    }
}

fn hangul_readings(c: char, l: usize, v: usize, t: usize) -> Vec<String> {
    let mut out: Vec<String> = surname_spellings(c).iter().map(|s| s.to_string()).collect();
    for i in initial_variants(l, v) {
        for vv in vowel_variants(v, t == 0) {
            for f in final_variants(t) {
                out.push(format!("{i}{vv}{f}"));
            }
        }
    }
    out
}

/// The Wade-Giles spelling of a pinyin syllable (without tone marks, apostrophes and umlauts,
/// as lists write it: 张 Chang, 徐 Hsu, 周 Chou, 钟 Chung), `None` when it is the same or the
/// syllable is not one pinyin spells.
fn wade_giles(pinyin: &str) -> Option<String> {
    let whole = match pinyin {
        "zhi" | "chi" => Some("chih"),
        "shi" => Some("shih"),
        "ri" => Some("jih"),
        "zi" | "ci" => Some("tzu"),
        "si" => Some("ssu"),
        "er" => Some("erh"),
        "yi" => Some("i"),
        "ye" => Some("yeh"),
        "you" => Some("yu"),
        "yan" => Some("yen"),
        "yue" => Some("yueh"),
        "yong" => Some("yung"),
        _ => None,
    };
    if let Some(w) = whole {
        return Some(w.to_string());
    }
    const INITIALS: [&str; 21] = ["zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s"];
    let initial = INITIALS.iter().find(|i| pinyin.starts_with(**i)).copied().unwrap_or("");
    let fin = &pinyin[initial.len()..];
    if fin.is_empty() || !fin.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let wg_initial = match initial {
        "b" => "p",
        "d" => "t",
        "g" => "k",
        "zh" | "j" | "q" => "ch",
        "x" => "hs",
        "r" => "j",
        "z" | "c" => "ts",
        i => i,
    };
    let wg_final = match (initial, fin) {
        (_, "ong") => "ung",
        (_, "iong") => "iung",
        (_, "ian") => "ien",
        (_, "ie") => "ieh",
        (_, "ue" | "ve") => "ueh",
        ("g" | "k" | "h", "e") => "o",
        ("g" | "k", "ui") => "uei",
        ("g" | "k" | "h" | "sh", "uo") => "uo",
        (_, "uo") => "o",
        (_, "v") => "u",
        (_, f) => f,
    };
    let wg = format!("{wg_initial}{wg_final}");
    (wg != pinyin).then_some(wg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_syllables_read_by_revised_romanization() {
        let rr = |s: &str| s.chars().map(|c| hangul_romanization(c).unwrap()).collect::<Vec<_>>().join("");
        assert_eq!(rr("김"), "gim");
        assert_eq!(rr("박"), "bak");
        assert_eq!(rr("정"), "jeong");
        assert_eq!(rr("최"), "choe");
        assert_eq!(rr("광수"), "gwangsu");
        assert_eq!(hangul_romanization('张'), None);
    }

    #[test]
    fn a_syllable_has_the_spellings_of_the_systems() {
        let has = |s: &str, r: &str| readings(s, &s.chars().map(|c| hangul_romanization(c).unwrap()).collect::<String>()).contains(&r.to_string());
        for (s, r) in [("김", "kim"), ("박", "park"), ("이", "lee"), ("최", "choi"), ("정", "chung"), ("정", "jong"), ("성", "song"), ("전", "jon"), ("문", "moon"), ("신", "shin"), ("오", "oh"), ("현", "hyon")] {
            assert!(has(s, r), "{s} {r}");
        }
        for (s, r) in [("김", "kam"), ("성", "sang"), ("중", "yong"), ("손", "sun")] {
            assert!(!has(s, r), "{s} {r}");
        }
    }

    #[test]
    fn pinyin_meets_wade_giles() {
        for (p, w) in [("zhang", "chang"), ("xu", "hsu"), ("zhou", "chou"), ("zhong", "chung"), ("qi", "chi"), ("cai", "tsai"), ("guo", "kuo"), ("luo", "lo"), ("jian", "chien"), ("zhi", "chih"), ("he", "ho"), ("xue", "hsueh"), ("deng", "teng"), ("gui", "kuei")] {
            assert_eq!(wade_giles(p).as_deref(), Some(w), "{p}");
        }
        assert_eq!(wade_giles("wang"), None);
        assert_eq!(wade_giles("li"), None);
        assert_eq!(readings("张", "zhang"), vec!["chang"]);
        assert!(readings("ab", "ab").is_empty());
    }
}
