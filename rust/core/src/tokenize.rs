//! The tokenizer: a name's text into classified, weighted tokens, as a list of passes.
//!
//! 1. codes of letters joined ("JAK-A"), then the text cut into pieces (`pieces.rs`);
//! 2. runs of single letters joined into acronyms or legal forms (I.R.G.C., S.A.);
//! 3. each piece looked up in the lexicon (`lexicon.rs`), and marked when written in capitals;
//! 4. spelled-out legal forms joined (Limited Liability Company = LLC);
//! 5. titles marked (Sheikh, Brigadier General);
//! 6. compounds joined (`compound.rs`: Abd al-Mahdi, Nasr Allah, Fakhri Zadeh);
//! 7. every other piece classified (particle, organization word, legal form, number,
//!    initial, word) and weighted (`token.rs`).
//!
//! Particles, titles, legal forms and organization words are tagged and weighted low or
//! mapped to a shared concept, never deleted.

use compact_str::CompactString;

use crate::compound::{canonical_latin_compound, join_abd, join_suffix, role_of, Compound};
use crate::lexicon::{Lexicon, LEXICON};
use crate::pieces::{self, Piece};
use crate::token::{capped, symbols_of, Particle, Token, TokenKind, MAX_WORDS};
use crate::translit::arabic;

/// Splits a name into classified, weighted tokens (at most `MAX_WORDS`, each of at most
/// `MAX_TOKEN_SYMBOLS` symbols), read from its first `MAX_NAME_CHARS` characters.
pub fn tokenize(text: &str) -> Vec<Token> {
    let text = capped(text);
    tokenize_as_written(text, text)
}

/// `tokenize` of `text`, a rewriting of `written` (a "SURNAME, Given" name put in given-name
/// order): capitals are read for acronyms as they were written. The caller caps the name
/// (`capped`).
pub fn tokenize_as_written(text: &str, written: &str) -> Vec<Token> {
    let lex = &*LEXICON;
    let (text_codes, written_codes) = (pieces::joined_letter_codes(text), pieces::joined_letter_codes(written));
    let (text, written) = (text_codes.as_deref().unwrap_or(text), written_codes.as_deref().unwrap_or(written));
    let mut pieces = pieces::split(text);
    pieces::join_letter_runs(&mut pieces, lex);
    pieces::look_up_all(&mut pieces, lex, &pieces::acronyms_in(written));
    pieces::join_legal_phrases(&mut pieces, lex);
    pieces::mark_place_names(&mut pieces, lex);
    let is_title = pieces::title_flags(&pieces, lex);
    let mut tokens = tokens_of(&mut pieces, &is_title, lex);
    // Scoring keeps per-token flags on the stack: the bound must hold whatever happens above.
    tokens.truncate(MAX_WORDS);
    tokens
}

/// The tokens of the pieces: a title as one, a compound's parts joined, every other piece
/// classified.
fn tokens_of(pieces: &mut [Piece], is_title: &[bool], lex: &Lexicon) -> Vec<Token> {
    let n = pieces.len();
    let mut tokens: Vec<Token> = Vec::with_capacity(n);
    let mut idx = 0;
    while idx < n {
        let piece = &pieces[idx];
        if is_title[idx] {
            let latin = if piece.arabic { arabic::romanize_word(&piece.text).into() } else { piece.form.clone() };
            let syms = symbols_of(&piece.text, &latin, piece.arabic);
            tokens.push(Token::new(piece.text.clone(), latin, syms, TokenKind::Title, 0, false));
            idx += 1;
            continue;
        }
        let role = role_of(piece);
        if role == Some(Compound::Abd) {
            if let Some((token, next)) = join_abd(pieces, idx, is_title, lex) {
                tokens.push(token);
                idx = next;
                continue;
            }
        }
        if !join_suffix(&mut tokens, pieces, idx, role) {
            tokens.push(classified(pieces, idx, role, lex));
        }
        idx += 1;
    }
    tokens
}

/// The token of one piece, by what the lexicon says of it and by its shape. Its text and
/// spelling move into the token.
fn classified(pieces: &mut [Piece], idx: usize, role: Option<Compound>, lex: &Lexicon) -> Token {
    let n = pieces.len();
    let piece = &pieces[idx];
    let acronym = piece.acronym;
    let form = piece.form.as_str();
    let next_form = pieces.get(idx + 1).map(|p| p.form.as_str()).unwrap_or("");
    let assimilated =
        !piece.arabic && role == Some(Compound::Assimilated) && next_form.len() > 2 && next_form.starts_with(&form[1..]);
    let listed = piece.listed;
    let glossary = if listed { lex.glossary.get(form) } else { None };
    let legal = if n > 1 && listed { lex.legal.get(form) } else { None };
    let (kind, concept) = if piece.article || assimilated {
        (TokenKind::Particle(Particle::Article), 0)
    } else if let (Some(&role), true) = (if listed { lex.particles.get(form) } else { None }, n > 1) {
        (TokenKind::Particle(role), 0)
    } else if let Some(&(concept, generic)) = glossary {
        (TokenKind::OrgWord { generic }, concept)
    } else if let Some(&concept) = legal {
        (TokenKind::LegalForm, concept)
    } else if form.bytes().all(|c| c.is_ascii_digit()) {
        (TokenKind::Number, 0)
    } else if !piece.arabic && form.len() == 1 && !acronym && piece.text.is_ascii() {
        // (A letter written as such: a syllable that romanizes to one letter, オ "o", is
        // a word.)
        (TokenKind::Initial, 0)
    } else {
        // A place keeps its kind (people are named after places) and gains the concept
        // its names share in every language (Damascus, دمشق, Дамаск).
        let place = if piece.place != 0 { Some(piece.place) } else if listed { lex.places.get(form).copied() } else { None };
        (TokenKind::Word, place.unwrap_or(0))
    };
    let arabic_piece = piece.arabic;
    let latin = if arabic_piece {
        if piece.article {
            "al".into()
        } else {
            arabic::romanize_word(&piece.text).into()
        }
    } else {
        canonical_latin_compound(form).map(CompactString::from).unwrap_or_else(|| std::mem::take(&mut pieces[idx].form))
    };
    let text = std::mem::take(&mut pieces[idx].text);
    let syms = symbols_of(&text, &latin, arabic_piece);
    let mut token = Token::new(text, latin, syms, kind, concept, acronym);
    token.continues_word = pieces[idx].continues_word;
    token
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.latin.into_string()).collect()
    }

    #[test]
    fn places_share_their_concept_across_scripts() {
        let concept = |s: &str| tokenize(s).iter().find(|t| t.is_content()).map_or(0, |t| t.concept);
        assert_ne!(concept("Damascus"), 0);
        for other in ["دمشق", "Дамаск", "Damasco", "דמשק", "Dimashq"] {
            assert_eq!(concept(other), concept("Damascus"), "{other}");
        }
        // The article is no part of the name; a hamza-initial al- is part of the word.
        assert_eq!(concept("العراق"), concept("Iraq"));
        assert_eq!(concept("ألمانيا"), concept("Germany"));
        assert_eq!(concept("المانيا"), concept("Germany"));
        assert_ne!(concept("Qom"), concept("Qaim"));
        // Each word of a place name of several words carries the place, and only there.
        let concepts = |s: &str| tokenize(s).iter().filter(|t| t.is_content()).map(|t| t.concept).collect::<Vec<_>>();
        let uae = concepts("United Arab Emirates");
        assert!(uae[0] != 0 && uae.iter().all(|&c| c == uae[0]), "{uae:?}");
        assert!(concepts("الإمارات العربية المتحدة").iter().all(|&c| c == uae[0]));
        assert_eq!(concepts("Arab Bank")[0], 0);
        // A place keeps its kind: people are named after places.
        assert_eq!(tokenize("Damascus")[0].kind, TokenKind::Word);
    }

    #[test]
    fn rigour_words_join_the_concepts_they_share() {
        let concept = |s: &str| tokenize(s)[0].concept;
        assert_ne!(concept("organization"), 0);
        // Our glossary's concept, reached from rigour's spellings and from ours.
        for other in ["организация", "organizatsiya", "organisation", "سازمان", "منظمة"] {
            assert_eq!(concept(other), concept("organization"), "{other}");
        }
        assert_eq!(concept("компания X"), concept("company X"));
        assert_eq!(concept("ООО X"), concept("LLC X"));
        assert_ne!(concept("oil"), concept("gas"));
    }

    #[test]
    fn compounds_meet() {
        assert_eq!(latin("Abd al-Mahdi"), latin("Abdulmahdi"));
        assert_eq!(latin("Abdul Mahdi"), latin("Abdulmahdi"));
        assert_eq!(latin("Nasr Allah"), latin("Nasrallah"));
        assert_eq!(latin("Saif al-Din"), latin("Saifuddin"));
        assert_eq!(latin("Fakhri Zadeh"), latin("Fakhrizadeh"));
        assert_eq!(latin("Abdur Rahman"), latin("Abd al-Rahman"));
    }

    #[test]
    fn particles_and_titles() {
        let t = tokenize("Brigadier General Pasdar Ismail Qaani");
        let kinds: Vec<_> = t.iter().map(|t| t.kind).collect();
        assert_eq!(kinds[..3], [TokenKind::Title; 3]);
        assert_eq!(kinds[3..], [TokenKind::Word; 2]);
        let t = tokenize("Hashd ash-Shaabi");
        assert_eq!(t[1].kind, TokenKind::Particle(Particle::Article));
        let t = tokenize("حسين الطائب");
        assert_eq!(t[1].kind, TokenKind::Particle(Particle::Article));
        assert_eq!(t.len(), 3);
    }

    #[test]
    fn acronyms_and_glossary() {
        let t = tokenize("the IRGC");
        assert!(t[1].acronym);
        let t = tokenize("I.R.G.C.");
        assert!(t[0].acronym && t[0].latin == "irgc");
        assert_eq!(tokenize("Kata'ib")[0].concept, tokenize("Brigades")[0].concept);
        assert_eq!(tokenize("كتائب")[0].concept, tokenize("Brigades")[0].concept);
    }

    #[test]
    fn never_empty_for_letters() {
        for s in ["ال", "al", "the", "abd", "الله", "x", "زاده"] {
            assert!(!tokenize(s).is_empty(), "{s}");
        }
    }
}
