//! Cyrillic → Latin, close to the BGN/PCGN spellings English sources use (Zhukov, Khodorkovsky).

/// Romanizes a lower-case Cyrillic word.
pub fn romanize(word: &str) -> String {
    let mut out = String::with_capacity(word.len() * 2);
    for c in word.chars() {
        let s = match c {
            'а' => "a", 'б' => "b", 'в' => "v", 'г' => "g", 'д' => "d", 'е' => "e", 'ё' => "yo",
            'ж' => "zh", 'з' => "z", 'и' => "i", 'й' => "y", 'к' => "k", 'л' => "l", 'м' => "m",
            'н' => "n", 'о' => "o", 'п' => "p", 'р' => "r", 'с' => "s", 'т' => "t", 'у' => "u",
            'ф' => "f", 'х' => "kh", 'ц' => "ts", 'ч' => "ch", 'ш' => "sh", 'щ' => "shch",
            'ъ' | 'ь' => "", 'ы' => "y", 'э' => "e", 'ю' => "yu", 'я' => "ya",
            // Ukrainian, Belarusian, Serbian, Macedonian, Kazakh, Mongolian.
            'і' => "i", 'ї' => "yi", 'є' => "ye", 'ґ' => "g", 'ў' => "u", 'ђ' => "dj", 'ј' => "j",
            'љ' => "lj", 'њ' => "nj", 'ћ' => "c", 'џ' => "dz", 'ѓ' => "gj", 'ќ' => "kj", 'ѕ' => "dz",
            'ә' => "a", 'ғ' => "gh", 'қ' => "q", 'ң' => "ng", 'ө' => "o", 'ұ' => "u", 'ү' => "u",
            'һ' => "h",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(s);
    }
    out
}
