//! Hebrew → Latin. Like Arabic, unpointed Hebrew writes few vowels: ו and י are read as
//! vowels between consonants, and the matcher's keys tolerate the missing ones.

/// Romanizes a Hebrew word (points were removed by normalization).
pub fn romanize(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len() * 2);
    for (i, &c) in chars.iter().enumerate() {
        let first = i == 0;
        let s = match c {
            'א' | 'ע' => if first { "a" } else { "" },
            'ב' => if first { "b" } else { "v" },
            'ג' => "g", 'ד' => "d", 'ה' => "h", 'ז' => "z", 'ח' => "kh", 'ט' => "t",
            'ו' => if first { "v" } else { "o" },
            'י' => if first { "y" } else { "i" },
            'כ' | 'ך' => if first { "k" } else { "kh" },
            'ל' => "l", 'מ' | 'ם' => "m", 'נ' | 'ן' => "n", 'ס' => "s",
            'פ' | 'ף' => if first { "p" } else { "f" },
            'צ' | 'ץ' => "ts", 'ק' => "k", 'ר' => "r", 'ש' => "sh", 'ת' => "t",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(s);
    }
    out
}
