//! The lexicon: the word lists that say what a word of a name is (particles, titles, legal
//! forms, the organization glossary, the gazetteer of places), read once from `data/` into
//! lookup tables in the tokenizer's own lookup forms, so that an entry matches the words it is
//! written as.

// Lexicon lookups happen for every word of every name: a fast hasher pays.
type HashMap<K, V> = rustc_hash::FxHashMap<K, V>;
type HashSet<K> = rustc_hash::FxHashSet<K>;
/// Phrases of several words (their lookup forms) with their concept, by first word, longest
/// first.
pub(crate) type PhraseTable = HashMap<String, Vec<(Vec<String>, u16)>>;
use std::sync::LazyLock;

use crate::compound::COMPOUND_WORDS;
use crate::normalize::normalize;
use crate::pieces::entry_forms;
use crate::token::Particle;

/// The word lists, by the lookup form of their words.
pub(crate) struct Lexicon {
    pub(crate) particles: HashMap<String, Particle>,
    /// Title sequences (lookup forms) by their first word, longest first.
    pub(crate) titles: HashMap<String, Vec<Vec<String>>>,
    /// Single-word legal forms → concept.
    pub(crate) legal: HashMap<String, u16>,
    /// Multi-word legal forms (lookup forms) → concept, by first word, longest first.
    pub(crate) legal_phrases: PhraseTable,
    pub(crate) glossary: HashMap<String, (u16, bool)>,
    /// Names of places in every language and script → the place's concept (Damascus, دمشق,
    /// Дамаск). Places are concepts like the glossary's, numbered from `first_place`.
    pub(crate) places: HashMap<String, u16>,
    /// Place names of several words (lookup forms) → place, by first word, longest first
    /// (United Arab Emirates, الإمارات العربية المتحدة, Abu Dhabi). The tokenizer gives each
    /// word of such a name the place's concept.
    pub(crate) place_phrases: PhraseTable,
    pub(crate) first_place: u16,
    pub(crate) concept_names: Vec<String>,
    /// Every form any of the lists above (or the compound words) holds: most words of a
    /// name are in none, and one lookup tells.
    pub(crate) listed: HashSet<String>,
    /// The shapes of those forms (`FormShapes`): most other words are told apart without
    /// hashing them.
    pub(crate) listed_shapes: FormShapes,
}

/// A one-hash Bloom filter over the first byte, last byte and length of a set of words:
/// a word whose bit is clear is not in the set.
pub(crate) struct FormShapes([u64; FormShapes::WORDS]);

impl FormShapes {
    const WORDS: usize = 64;

    fn bit(form: &str) -> usize {
        let b = form.as_bytes();
        let (first, last) = (b.first().copied().unwrap_or(0) as u32, b.last().copied().unwrap_or(0) as u32);
        let packed = first | last << 8 | (b.len().min(255) as u32) << 16;
        // Multiplicative hashing: the top bits mix all three.
        (packed.wrapping_mul(0x9E37_79B1) >> (32 - 12)) as usize
    }

    fn new<'a>(forms: impl Iterator<Item = &'a String>) -> Self {
        let mut bits = [0u64; Self::WORDS];
        for f in forms {
            let b = Self::bit(f);
            bits[b / 64] |= 1 << (b % 64);
        }
        FormShapes(bits)
    }

    pub(crate) fn may_hold(&self, form: &str) -> bool {
        let b = Self::bit(form);
        self.0[b / 64] & 1 << (b % 64) != 0
    }
}

pub(crate) fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A new concept of this name, or `None` when the concepts' numbers are spent.
fn new_concept(names: &mut Vec<String>, name: Option<&str>) -> Option<u16> {
    let id = u16::try_from(names.len()).ok().filter(|&id| id < u16::MAX)?;
    names.push(name.unwrap_or("").trim().to_string());
    Some(id)
}

pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut particles = HashMap::default();
    for line in data_lines(include_str!("data/particles.tsv")) {
        let (word, role) = line.split_once('\t').unwrap_or((line, "stop"));
        let role = match role.trim() {
            "article" => Particle::Article,
            "patronym" => Particle::Patronym,
            "kunya" => Particle::Kunya,
            "ezafe" => Particle::Ezafe,
            _ => Particle::Stop,
        };
        let forms = entry_forms(word);
        if forms.len() == 1 {
            particles.insert(forms[0].clone(), role);
        }
    }
    let mut titles: HashMap<String, Vec<Vec<String>>> = HashMap::default();
    for t in data_lines(include_str!("data/titles.txt")).map(entry_forms).filter(|t| !t.is_empty()) {
        titles.entry(t[0].clone()).or_default().push(t);
    }
    titles.values_mut().for_each(|v| v.sort_by_key(|t| std::cmp::Reverse(t.len())));
    let mut glossary = HashMap::default();
    let mut concept_names = vec![String::new()];
    let mut legal = HashMap::default();
    let mut legal_phrases: PhraseTable = HashMap::default();
    // Our tables, then rigour's (`data/make_rigour_tables.py`): a line sharing a name with a
    // concept already loaded joins it, and a name keeps the concept it was first given.
    for line in data_lines(include_str!("data/legal_forms.txt")).chain(data_lines(include_str!("data/rigour_org_types.txt"))) {
        let variants: Vec<Vec<String>> = line.split(',').map(|v| entry_forms(v.trim())).filter(|f| !f.is_empty()).collect();
        let known = |legal: &HashMap<String, u16>, phrases: &PhraseTable, forms: &Vec<String>| match forms.as_slice() {
            [one] => legal.get(one).copied(),
            _ => phrases.get(&forms[0]).and_then(|v| v.iter().find(|(f, _)| f == forms)).map(|&(_, id)| id),
        };
        let joined = variants.iter().find_map(|f| known(&legal, &legal_phrases, f));
        let Some(id) = joined.or_else(|| new_concept(&mut concept_names, line.split(',').next())) else {
            continue;
        };
        for forms in variants {
            if known(&legal, &legal_phrases, &forms).is_some() {
                continue;
            }
            match forms.as_slice() {
                [one] => {
                    legal.insert(one.clone(), id);
                }
                _ => legal_phrases.entry(forms[0].clone()).or_default().push((forms, id)),
            }
        }
    }
    legal_phrases.values_mut().for_each(|v| v.sort_by_key(|(f, _)| std::cmp::Reverse(f.len())));
    for line in data_lines(include_str!("data/org_glossary.tsv")).chain(data_lines(include_str!("data/rigour_org_symbols.tsv"))) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        // (An Arabic article is no part of the word: الکترونیک.)
        let words: Vec<String> = cols[2]
            .split(',')
            .filter_map(|w| match entry_forms(w).as_slice() {
                [one] => Some(one.clone()),
                [article, one] if article == "ال" => Some(one.clone()),
                _ => None,
            })
            .collect();
        let joined = words.iter().find_map(|w| glossary.get(w).copied());
        let Some((id, generic)) = joined.or_else(|| new_concept(&mut concept_names, Some(cols[0])).map(|id| (id, cols[1] == "generic"))) else {
            continue;
        };
        for w in words {
            glossary.entry(w).or_insert((id, generic));
        }
    }
    let first_place = concept_names.len() as u16;
    let mut places = HashMap::default();
    let mut place_phrases: PhraseTable = HashMap::default();
    for line in data_lines(include_str!("data/places.tsv")) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        let Some(id) = new_concept(&mut concept_names, Some(cols[1])) else {
            break;
        };
        // (Each name also as written without its hamza, as it often is: ألمانيا, المانيا.)
        for name in cols[2].split(',').flat_map(|n| [n.to_string(), normalize(n)]) {
            // (An article before the name is no part of it: العراق, Al Mawsil.)
            let mut forms = entry_forms(&name);
            if forms.first().is_some_and(|f| f == "ال" || particles.get(f.as_str()) == Some(&Particle::Article)) {
                forms.remove(0);
            }
            // A name two places share stays with the first, the more populous.
            match forms.as_slice() {
                [] => {}
                [form] => {
                    places.entry(form.clone()).or_insert(id);
                }
                [first, ..] => {
                    let known = place_phrases.get(first).is_some_and(|v| v.iter().any(|(f, _)| *f == forms));
                    if !known {
                        place_phrases.entry(first.clone()).or_default().push((forms, id));
                    }
                }
            }
        }
    }
    place_phrases.values_mut().for_each(|v| v.sort_by_key(|(f, _)| std::cmp::Reverse(f.len())));
    let listed: HashSet<String> = particles
        .keys()
        .chain(titles.keys())
        .chain(legal.keys())
        .chain(legal_phrases.keys())
        .chain(glossary.keys())
        .chain(places.keys())
        .chain(place_phrases.keys())
        .cloned()
        .chain(COMPOUND_WORDS.keys().map(|w| w.to_string()))
        .collect();
    let listed_shapes = FormShapes::new(listed.iter());
    Lexicon { particles, titles, legal, legal_phrases, glossary, places, place_phrases, first_place, concept_names, listed, listed_shapes }
});

impl Lexicon {
    /// Whether a concept is a place of the gazetteer.
    pub(crate) fn is_place(&self, concept: u16) -> bool {
        concept >= self.first_place
    }
}

/// The English name of a glossary concept (for explanations).
pub fn concept_name(id: u16) -> &'static str {
    LEXICON.concept_names.get(id as usize).map(String::as_str).unwrap_or("")
}

/// Function words that join the words of a phrase (a programme, a front, an organization:
/// "Joint Comprehensive Plan of Action", "Jama'at Nusrat al-Islam wa al-Muslimin") and
/// never the names of a person, in English and Arabic (normalized forms). The name
/// particles de, van, bin, al are not among them: people carry those.
const PHRASE_WORDS: &[&str] = &["of", "the", "and", "for", "in", "fi", "wa", "في", "و"];

/// Whether a word (normalized) marks its name as a phrase rather than a person's name.
pub fn is_phrase_word(text: &str) -> bool {
    PHRASE_WORDS.contains(&text)
}
