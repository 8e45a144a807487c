//! Greek → Latin (ELOT 743 style, the one Greek passports use).

/// Romanizes a lower-case Greek word (accents were removed by normalization).
pub fn romanize(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len() * 2);
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        let (s, len) = match (chars[i], next) {
            ('ο', Some('υ')) => ("ou", 2),
            ('μ', Some('π')) if i == 0 => ("b", 2),
            ('ν', Some('τ')) if i == 0 => ("d", 2),
            ('γ', Some('γ')) => ("ng", 2),
            ('α', _) => ("a", 1), ('β', _) => ("v", 1), ('γ', _) => ("g", 1), ('δ', _) => ("d", 1),
            ('ε', _) => ("e", 1), ('ζ', _) => ("z", 1), ('η', _) => ("i", 1), ('θ', _) => ("th", 1),
            ('ι', _) => ("i", 1), ('κ', _) => ("k", 1), ('λ', _) => ("l", 1), ('μ', _) => ("m", 1),
            ('ν', _) => ("n", 1), ('ξ', _) => ("x", 1), ('ο', _) => ("o", 1), ('π', _) => ("p", 1),
            ('ρ', _) => ("r", 1), ('σ', _) | ('ς', _) => ("s", 1), ('τ', _) => ("t", 1),
            ('υ', _) => ("y", 1), ('φ', _) => ("f", 1), ('χ', _) => ("ch", 1), ('ψ', _) => ("ps", 1),
            ('ω', _) => ("o", 1),
            (c, _) => {
                out.push(c);
                i += 1;
                continue;
            }
        };
        out.push_str(s);
        i += len;
    }
    out
}
