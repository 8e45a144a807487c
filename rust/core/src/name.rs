//! The prepared name: a name read once into what scoring compares, so that a batch, an
//! index or a dedup scores each name against many others without tokenizing it again.
//!
//! Two readings happen here rather than in the tokenizer because they concern the whole
//! name: "SURNAME, Given" is put in given-name order, and the name's first bytes are kept to
//! put a pair of names in the order of their texts (`in_text_order`), which every scorer of
//! a pair uses so that a pair scores the same whichever side it is given on.

use crate::token::{capped, Token, TokenKind};
use crate::tokenize::tokenize_as_written;

/// A name prepared once for repeated scoring.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Prepared {
    pub tokens: Vec<Token>,
    /// Written "SURNAME, Given": its order says nothing.
    pub inverted: bool,
    /// Carries a legal form or an organization word.
    pub organization: bool,
    /// The name's first eight bytes, big-endian: they put most pairs of names in the order
    /// of their texts without reading the texts (see `in_text_order`).
    order_key: u64,
}

impl Prepared {
    /// Prepares a name from its first `token::MAX_NAME_CHARS` characters.
    pub fn new(name: &str) -> Self {
        let name = capped(name);
        // (Commas are looked for as bytes: no character decoding for the many names without.)
        let comma = name.as_bytes().iter().position(|&b| b == b',');
        let rotated = comma.and_then(|k| given_first(name, k));
        let mut tokens = tokenize_as_written(rotated.as_deref().unwrap_or(name), name);
        let organization = tokens.iter().any(|t| matches!(t.kind, TokenKind::LegalForm | TokenKind::OrgWord { .. }));
        if !organization {
            family_name_of_title(&mut tokens);
        }
        let mut first_bytes = [0u8; 8];
        let n = name.len().min(8);
        first_bytes[..n].copy_from_slice(&name.as_bytes()[..n]);
        Prepared { tokens, inverted: comma.is_some(), organization, order_key: u64::from_be_bytes(first_bytes) }
    }
}

/// A title-like word spelled out in the family name's place — last, after a word of the
/// name — is the family name: "Amber King", "Hassan El-Hajj" (a title stands before the
/// name it honours).
fn family_name_of_title(tokens: &mut [Token]) {
    let Some(last) = tokens.iter().rposition(|t| t.is_content() || t.kind == TokenKind::Title) else {
        return;
    };
    let named_before = tokens[..last].iter().any(|t| t.kind == TokenKind::Word);
    // (An abbreviation such as "Dr" or "Mr" is a title wherever it stands.)
    let spelled_out = tokens[last].latin.len() >= 4;
    if tokens[last].kind == TokenKind::Title && named_before && spelled_out && !tokens[last].syms.is_empty() {
        tokens[last].read_as_name();
    }
}

/// "SURNAME, Given" (its only comma at byte `comma`) read as "Given SURNAME", so that
/// compounds split by the inversion ("BASIR NOORZAI, ABDUL") are joined again. `None` when
/// the name is not of that form (a second comma, or nothing on one side): it is read as
/// written, though its order still says nothing (`Prepared::inverted`).
fn given_first(name: &str, comma: usize) -> Option<String> {
    let (family, given) = (&name[..comma], &name[comma + 1..]);
    if given.as_bytes().contains(&b',') || family.trim().is_empty() || given.trim().is_empty() {
        return None;
    }
    let mut rotated = String::with_capacity(name.len());
    rotated.push_str(given);
    rotated.push(' ');
    rotated.push_str(family);
    Some(rotated)
}

/// Whether `a` comes first in the pair `a`, `b`: whether its text, up to the cap, sorts at or
/// before `b`'s. Scoring is greedy and its tie-breaks depend on which name is on the left:
/// every scorer of a pair (`score::similarity_prepared`, `score::explain`, the index's
/// ranking) puts the pair in this order, so that a pair scores the same whichever side it is
/// given on and wherever it is scored.
///
/// The first bytes decide when they differ: a batch keeps its texts apart from the prepared
/// names, and reading them would cost a cache miss each. (Zero padding orders a text before
/// any longer text it begins, as comparing them does.)
pub fn in_text_order(a: &Prepared, a_text: &str, b: &Prepared, b_text: &str) -> bool {
    match a.order_key.cmp(&b.order_key) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        // (The compared parts, so that a name past the cap scores as its compared part.)
        std::cmp::Ordering::Equal => capped(a_text) <= capped(b_text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_order_is_the_order_of_the_compared_texts() {
        let long = "b".repeat(crate::token::MAX_NAME_CHARS + 5);
        let names = ["", "a", "ab", "ab\0", "abcdefgh", "abcdefghi", "abcdefgh b", "Taeb, Hossein", "حسين", "é", "b",
            long.as_str(), &long[..long.len() - 1]];
        for a in names {
            for b in names {
                let expected = capped(a) <= capped(b);
                assert_eq!(in_text_order(&Prepared::new(a), a, &Prepared::new(b), b), expected, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn surname_first_is_read_given_first() {
        assert_eq!(given_first("NOORZAI, ABDUL", 7).as_deref(), Some(" ABDUL NOORZAI"));
        assert_eq!(given_first("A, B, C", 1), None);
        assert_eq!(given_first(", B", 0), None);
        assert!(Prepared::new("Taeb, Hossein").inverted && !Prepared::new("Hossein Taeb").inverted);
    }
}
