//! Mentions in free text: the names of an index that a text mentions, where, and how found.
//!
//! A text is read once, word by word: words of any script (an Arabic word also without a
//! clitic و ف ب ك ل before its article, an English one without a possessive 's). Each word
//! is looked up by the features the index finds names by — its spelling, its consonant
//! skeleton and Persian reading, its glossary or place concept, and for a word written in
//! capitals the initials of names. A hash lookup per word does for word-aligned spans what an
//! automaton over the names' spellings would, and it also finds their other spellings and
//! scripts. A feature that many names hold anchors none (a common given name alone is no
//! mention); the word and the next together may. From each anchor a span grows
//! over the neighbouring words that agree with a word of the name, and is scored against the
//! name under the screening rules.
//!
//! Two passes decide which spans are mentions:
//! 1. spans that name an entity in full, longest first, none overlapping. One word for a name
//!    of several is not a full name: "Badr" for "Badr Organization", "Taeb" for
//!    "Hossein Taeb";
//! 2. a part of a name — the family name of a person, a word of an organization's name, an
//!    acronym the list does not give — where the text also names the entity in full, spelled
//!    the same (a reference within the document). A part alone names no one: in a list of
//!    tens of thousands of names, "Raad" or "Control" is the family name or the word of
//!    someone.
//!
//! A span of one word is held to more: a word that a list gives as a weak alias ("Israel",
//! "Major"), that translates a word of an organization's name (Hashd / Basij, both
//! "mobilization") or that is only spelled near a name is no mention.
//!
//! On request, the runs of words that read as names but are none of the index's are reported
//! too (`LinkOptions::unknown`). Offsets are counted in characters (code points) of the text
//! as given.

use compact_str::CompactString;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use smallvec::SmallVec;

use crate::error::{Error, Result};
use crate::explain::{Explanation, Reason};
use crate::features::{hash_feature, TAG_CONCEPT, TAG_INITIALS, TAG_KEY, TAG_WORD};
use crate::index::{NameIndex, Scratch};
use crate::key::other_skeleton;
use crate::lexicon::{concept_name, LEXICON};
use crate::normalize::{is_combining_mark, normalize};
use crate::parallel::{with_workers, Cancel};
use crate::rules::{Mode, Rules};
use crate::score::similarity_prepared;
use crate::script::is_arabic_letter;
use crate::token::{Particle, Token, TokenKind};
use crate::token_similarity::token_similarity;
use crate::tokenize::tokenize;

/// A feature held by more names than this anchors no span: its word is too common to say
/// which name it starts (the span is found through the name's rarer words, or the word and
/// the next together). Names of one word are found whatever the count.
const ANCHOR_HOLDERS: usize = 24;
/// A word and the next anchor a span where a feature of the word is too common to, through
/// the names that write them as one or hold a feature of each, if at most this many do ("Ali
/// Hassan" among thousands of Alis and Hassans).
const PAIR_ANCHOR_HOLDERS: usize = 256;
/// A word agrees with a word of a name, and the span grows over it, at this token similarity.
const AGREEING_WORD: f32 = 0.75;
/// A span of a name of n content words holds at most n + this many words (particles, a
/// word the text adds).
const SPAN_SLACK: usize = 2;
/// A span of one word is a name only at this similarity (of the two names alone) or above: a
/// text holds many more words than a query holds, and single words near a list's names
/// abound ("Final" / "FINVAL").
const ONE_WORD_SCORE: f32 = 0.9;
/// A part of a name refers to the full name given elsewhere in the text at this score or
/// above (mention rules): the full mention is the evidence, the score shows that the word is
/// that name's word rather than one near it.
const REFERENCE_SCORE: f32 = 0.6;
/// A part of a name refers to the full name only if its word is spelled as the full mention
/// spells it, at this token similarity or
/// above ("Taeb" / "Tayeb" 0.90; "Khomeini" / "Khamenei" 0.85 is another man).
const REFERENCE_SPELLING: f32 = 0.88;
/// Names a part of a name may be of, at most, for each span of one word.
const PARTS_PER_SPAN: usize = 16;
/// Words of a text, at most: a longer text is read up to here.
pub const MAX_TEXT_WORDS: usize = 1_000_000;
/// Texts a worker takes at a time, at most.
const TEXTS_PER_CHUNK: usize = 64;
/// Distinct words a worker keeps read between texts before it starts afresh.
const WORD_CACHE: usize = 200_000;
/// The languages whose function words anchor no name: the languages of the sources polyname
/// reads, and Russian, which the lists also write.
const STOP_WORD_LANGUAGES: [&str; 4] = ["en", "ar", "fa", "ru"];

/// The function words of `STOP_WORD_LANGUAGES` (Stopwords ISO, through the `stop-words`
/// crate), normalized.
static STOP_WORDS: std::sync::LazyLock<FxHashSet<String>> = std::sync::LazyLock::new(|| {
    STOP_WORD_LANGUAGES.iter().flat_map(|l| stop_words::get(l).iter()).map(|w| normalize(w)).filter(|w| !w.is_empty()).collect()
});

/// How a mention was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// The span is spelled as the name is.
    Exact,
    /// Another spelling, script or translation of the name.
    Fuzzy,
    /// An acronym of the name, or the name of an acronym.
    Acronym,
    /// A part of the name, where the text names the entity in full elsewhere.
    Reference,
    /// A span that reads as a name but is none of the index's (`LinkOptions::unknown`).
    Unknown,
}

/// One mention: where it is in the text (character offsets, end exclusive), the indexed name
/// it resolves to, and the sentence around it.
#[derive(Clone, Debug)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// The indexed name; `None` for a name-like span that is no name of the index
    /// (`Method::Unknown`).
    pub index: Option<u32>,
    pub score: f32,
    pub method: Method,
    pub sentence: (usize, usize),
    /// The alignment of the span and the name, when asked for.
    pub explanation: Option<Explanation>,
}

/// What a linking run asks for.
#[derive(Clone, Copy, Debug)]
pub struct LinkOptions {
    /// Spans scoring below this are no mentions.
    pub threshold: f32,
    /// Each mention carries its explanation.
    pub explain: bool,
    /// The spans that read as names but resolve to none are reported too (`Method::Unknown`):
    /// runs of capitalized words in a script with case, and runs of Arabic-script words that
    /// begin and end with words of the index's names, between function words and punctuation.
    pub unknown: bool,
}

/// Letter case of a word's first letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    Capital,
    Lower,
    /// A script without case (Arabic, Han, ...), or no letter.
    Caseless,
}

/// A word of the text: its bytes, and the readings it was looked up as.
struct Word {
    /// Where the word as written begins.
    start: usize,
    /// Where the word ends, before a possessive.
    end: usize,
    case: Case,
    /// Written in capitals, two letters or more (an acronym).
    capitals: bool,
    /// Only spaces or a hyphen between this word and the next: one name may go on.
    joined_to_next: bool,
    /// (offset of the reading from `start`, its entry in the word table): the word as
    /// written, and without its clitic.
    readings: SmallVec<[(usize, u32); 2]>,
}

/// What one reading of a word is, read once per worker.
struct WordInfo {
    /// Its content tokens (usually one).
    content: Vec<Token>,
    /// Its tokens that a name's words agree with: the content tokens and titles (Sayyid in
    /// Kata'ib Sayyid al-Shuhada), and their skeletons.
    named: Vec<Token>,
    named_keys: Vec<String>,
    /// The skeletons of its first and last content tokens, which a name may write joined to
    /// the words beside it ("Abdul Mahdi" / Abdulmahdi).
    edge_keys: Option<(CompactString, CompactString)>,
    /// Features it anchors names by.
    anchors: SmallVec<[u64; 6]>,
    /// Only particles ("al", "bin", "of").
    particle: bool,
    /// Holds an article ("al", ال).
    article: bool,
    /// A function word of `STOP_WORD_LANGUAGES`.
    stop: bool,
    /// "and" (in the languages of the lists): it joins two names more often than it is in one.
    conjunction: bool,
}

/// A worker's words read, kept between texts.
#[derive(Default)]
struct WordTable {
    ids: FxHashMap<String, u32>,
    infos: Vec<WordInfo>,
}

impl WordTable {
    fn id(&mut self, reading: &str) -> u32 {
        if let Some(&id) = self.ids.get(reading) {
            return id;
        }
        let id = self.infos.len() as u32;
        self.infos.push(word_info(reading));
        self.ids.insert(reading.to_string(), id);
        id
    }
}

fn word_info(reading: &str) -> WordInfo {
    let tokens = tokenize(reading);
    // (A particle alone is read as a word by the tokenizer: a name of one word is that word.)
    let lone_particle = match tokens.as_slice() {
        [t] => LEXICON.particles.get(t.latin.as_str()).copied(),
        _ => None,
    };
    let content: Vec<Token> = if lone_particle.is_some() { Vec::new() } else { tokens.iter().filter(|t| t.is_content()).cloned().collect() };
    let article = lone_particle == Some(Particle::Article) || tokens.iter().any(|t| t.kind == TokenKind::Particle(Particle::Article));
    let particle = content.is_empty() && (lone_particle.is_some() || tokens.iter().any(|t| matches!(t.kind, TokenKind::Particle(_))));
    let named: Vec<Token> = if lone_particle.is_some() {
        Vec::new()
    } else {
        tokens.iter().filter(|t| t.is_content() || t.kind == TokenKind::Title).cloned().collect()
    };
    let mut anchors: SmallVec<[u64; 6]> = SmallVec::new();
    for t in content.iter().filter(|t| t.kind != TokenKind::Number) {
        anchors.push(hash_feature(TAG_WORD, &t.latin));
        let key = t.key();
        if key.len() >= 2 {
            anchors.push(hash_feature(TAG_KEY, &key));
        }
        if let Some(other) = other_skeleton(&t.syms) {
            anchors.push(hash_feature(TAG_KEY, &other));
        }
        if t.concept != 0 {
            anchors.push(hash_feature(TAG_CONCEPT, &t.concept.to_string()));
        }
        if t.acronym && t.latin.len() >= 3 {
            anchors.push(hash_feature(TAG_INITIALS, &t.latin));
        }
    }
    let form = normalize(reading);
    let stop = STOP_WORDS.contains(&form);
    let conjunction = CONJUNCTIONS.contains(&form.as_str());
    if stop {
        anchors.clear();
    }
    anchors.sort_unstable();
    anchors.dedup();
    let named_keys = named.iter().map(Token::key).collect();
    let edge_keys = content.first().zip(content.last()).map(|(a, b)| (a.key().into(), b.key().into()));
    WordInfo { content, named, named_keys, edge_keys, anchors, particle, article, stop, conjunction }
}

/// Whether a character belongs to a word: letters, digits, marks, the Persian ZWNJ.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c) || c == '\u{200c}'
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | 'ʻ' | '`' | '‘')
}

/// The words of a text, at most `MAX_TEXT_WORDS`.
fn words_of(text: &str, table: &mut WordTable) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() && words.len() < MAX_TEXT_WORDS {
        // A word starts at a letter or digit (not at a stray mark).
        if !chars[k].1.is_alphanumeric() {
            k += 1;
            continue;
        }
        let begin = k;
        while k < chars.len() {
            let c = chars[k].1;
            // An apostrophe between two letters is in the word (Kata'ib, Qa’im).
            let inner_apostrophe = is_apostrophe(c) && k > begin && k + 1 < chars.len() && chars[k + 1].1.is_alphabetic();
            if !(is_word_char(c) || inner_apostrophe) {
                break;
            }
            k += 1;
        }
        let start = chars[begin].0;
        let mut end = chars.get(k).map_or(text.len(), |&(b, _)| b);
        // Trailing ZWNJ or marks are no part of the word's end.
        let mut written = &text[start..end];
        written = written.trim_end_matches(|c: char| !c.is_alphanumeric());
        end = start + written.len();
        // A possessive: Qaani's, IRGC’s.
        let last: Vec<char> = written.chars().rev().take(3).collect();
        if last.len() == 3 && (last[0] == 's' || last[0] == 'S') && is_apostrophe(last[1]) && last[2].is_alphabetic() {
            end -= 1 + last[1].len_utf8();
            written = &text[start..end];
        }
        let letters: Vec<char> = written.chars().filter(|c| c.is_alphabetic()).collect();
        let case = match letters.first() {
            Some(c) if c.is_uppercase() => Case::Capital,
            Some(c) if c.is_lowercase() => Case::Lower,
            _ => Case::Caseless,
        };
        let capitals = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
        let mut readings: SmallVec<[(usize, u32); 2]> = SmallVec::new();
        readings.push((0, table.id(written)));
        if let Some(offset) = clitic_length(written) {
            readings.push((offset, table.id(&written[offset..])));
        }
        // What stands between this word and the next.
        let mut gap = k;
        let mut hyphens = 0;
        let mut joined = true;
        while gap < chars.len() && !chars[gap].1.is_alphanumeric() {
            let c = chars[gap].1;
            if c == '-' || c == '‐' || c == '–' {
                hyphens += 1;
            } else if c == '.' && gap == k && k - begin == 1 && chars[begin].1.is_uppercase() {
                // The full stop of an initial: "Robert P. White".
            } else if c == '\n' || !(c.is_whitespace() || is_combining_mark(c) || c == '\u{200c}') {
                joined = false;
            }
            gap += 1;
        }
        words.push(Word { start, end, case, capitals, joined_to_next: joined && hyphens <= 1 && gap < chars.len(), readings });
    }
    words
}

/// The length in bytes of a clitic before an Arabic word that reads without it: و or ف
/// before a word of three letters or more, ب ك ل before the article (وبالعراق, فالحشد).
fn clitic_length(word: &str) -> Option<usize> {
    let letters: Vec<(usize, char)> = word.char_indices().collect();
    if letters.len() < 4 || !letters.iter().all(|&(_, c)| is_arabic_letter(c) || is_combining_mark(c)) {
        return None;
    }
    let mut k = 0;
    if matches!(letters[0].1, 'و' | 'ف') {
        k = 1;
    }
    if letters.len() >= k + 4 && matches!(letters[k].1, 'ب' | 'ك' | 'ل') && letters[k + 1].1 == 'ا' && letters[k + 2].1 == 'ل' {
        k += 1;
    }
    (k > 0 && letters.len() >= k + 3).then(|| letters[k].0)
}

/// A span of words of the text, and the reading of its first word it starts at.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
struct Span {
    first: u32,
    last: u32,
    reading: u8,
}

/// A name scored on a span.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    span: Span,
    index: u32,
    score: f32,
    /// Content words of the span.
    words: usize,
}

/// How a span reads (`NameIndex::read_span`), whatever text it is in.
struct SpanReading {
    /// Content words of the span.
    words: usize,
    /// The name the span names in full, and the score.
    full: Option<(u32, f32)>,
    /// The names the span may be a part or an acronym of, best first, with their scores.
    parts: Vec<(u32, f32, Method)>,
}

/// A span as `NameIndex::read_span` reads it: its text, whether its last word is written in
/// capitals, and the names grown into it.
type SpanKey = (String, bool, Vec<(u32, bool)>);

/// A worker's memory of one linking run: the search scratch, and how each span it has read
/// reads, by its text and the names grown into it (a name recurs in a text, and in texts of
/// the same news).
struct LinkScratch {
    search: Scratch,
    agreements: Agreements,
    spans: FxHashMap<SpanKey, SpanReading>,
}

/// Whether a word of the text agrees with a word of a name (`word_agrees`), by (the word's
/// entry in the word table, its position among the entry's named tokens, the name word's
/// number in the index).
type Agreements = std::cell::RefCell<FxHashMap<(u32, u32, u32), bool>>;

/// What linking reads an index's names by, built once per index: the anchors of its names
/// of one word, and the words of each name a span grows over.
pub(crate) struct LinkTable {
    /// The anchoring features of the names of one content word, and the names.
    one_word_names: FxHashMap<u64, Vec<u32>>,
    /// Where the words of name `i` are in `words`: `word_starts[i]..word_starts[i + 1]`.
    word_starts: Vec<u32>,
    /// (position among the name's tokens, skeleton) of each content word and title of each
    /// name, in order.
    words: Vec<(u32, CompactString)>,
}

impl LinkTable {
    fn words_of(&self, i: u32) -> &[(u32, CompactString)] {
        &self.words[self.word_starts[i as usize] as usize..self.word_starts[i as usize + 1] as usize]
    }
}

thread_local! {
    /// The words each thread has read (what a word is does not depend on the index).
    static WORD_TABLE: std::cell::RefCell<WordTable> = std::cell::RefCell::new(WordTable::default());
}

impl NameIndex {
    /// The mentions of this index's names in each text, in order of their offsets. `groups`:
    /// the entity of each indexed name, by number (by default, names of one id are one
    /// entity): a part of a name refers back to a full mention of the same entity.
    pub fn link_many(
        &self,
        texts: &[String],
        groups: Option<&[u32]>,
        options: LinkOptions,
        workers: i64,
        cancel: &Cancel,
    ) -> Result<Vec<Vec<Mention>>> {
        if !(0.0..=1.0).contains(&options.threshold) {
            return Err(Error::InvalidArgument(format!("threshold must be within [0, 1], got {}", options.threshold)));
        }
        let own_groups;
        let groups = match groups {
            Some(g) if g.len() != self.len() => {
                return Err(Error::LengthMismatch { what: "link(index names, entities)", left: self.len(), right: g.len() });
            }
            Some(g) => g,
            None => {
                let mut numbers: FxHashMap<&str, u32> = FxHashMap::default();
                own_groups = (0..self.len() as u32)
                    .map(|i| {
                        let next = numbers.len() as u32;
                        *numbers.entry(self.id(i)).or_insert(next)
                    })
                    .collect::<Vec<u32>>();
                &own_groups
            }
        };
        let n = self.len();
        // (Texts go to the workers in chunks: each chunk takes one search scratch, sized by
        // the index, while the words read stay with the worker's thread between chunks and
        // calls.)
        let chunk = texts.len().div_ceil(4 * crate::parallel::max_workers()).clamp(1, TEXTS_PER_CHUNK);
        let out: Vec<Vec<Vec<Mention>>> = with_workers(workers, || {
            texts
                .par_chunks(chunk)
                .map(|texts| {
                    let mut scratch = LinkScratch { search: Scratch::new(n), agreements: Default::default(), spans: FxHashMap::default() };
                    WORD_TABLE.with_borrow_mut(|table| {
                        texts
                            .iter()
                            .map(|text| {
                                if cancel.is_cancelled() {
                                    return Vec::new();
                                }
                                if table.infos.len() > WORD_CACHE {
                                    // (The agreements are of the words' entries.)
                                    *table = WordTable::default();
                                    scratch.agreements.borrow_mut().clear();
                                }
                                self.link_text(text, groups, options, &mut scratch, table)
                            })
                            .collect()
                    })
                })
                .collect()
        })?;
        let out = out.into_iter().flatten().collect();
        cancel.check()?;
        Ok(out)
    }

    fn link_text(&self, text: &str, groups: &[u32], options: LinkOptions, scratch: &mut LinkScratch, table: &mut WordTable) -> Vec<Mention> {
        let words = words_of(text, table);
        let infos = &table.infos;
        let screening = Mode::Screening.rules();
        let mention = Mode::Mention.rules();
        let mut spans: Vec<(Span, Vec<(u32, bool)>)> = self.spans(&words, infos, &scratch.agreements).into_iter().collect();
        spans.sort_unstable_by_key(|(s, _)| (s.first, s.last, s.reading));
        // Full names, and parts of names (by span, the best of each).
        let mut full: Vec<Candidate> = Vec::new();
        // (Several per span, best first: the part may be of a name the text gives in full or of
        // another's that it does not.)
        let mut parts: FxHashMap<Span, Vec<(Candidate, Method)>> = FxHashMap::default();
        for (span, found) in spans {
            let query_text = &text[span_start(&words, span)..words[span.last as usize].end];
            let capitals = words[span.last as usize].capitals;
            let key = (query_text.to_string(), capitals, found);
            let read = match scratch.spans.get(&key) {
                Some(read) => read,
                None => {
                    let read = self.read_span(query_text, capitals, &key.2, options.threshold, &mut scratch.search);
                    scratch.spans.entry(key).or_insert(read)
                }
            };
            let candidate = |(index, score): (u32, f32)| Candidate { span, index, score, words: read.words };
            full.extend(read.full.map(candidate));
            if !read.parts.is_empty() {
                parts.entry(span).or_default().extend(read.parts.iter().map(|&(i, s, m)| (candidate((i, s)), m)));
            }
        }
        // Longest first, then best; none overlapping.
        full.sort_by(|a, b| b.words.cmp(&a.words).then(b.score.total_cmp(&a.score)).then(a.span.first.cmp(&b.span.first)));
        let mut taken = vec![false; words.len()];
        let mut chosen: Vec<(Candidate, Method)> = Vec::new();
        for c in full {
            if take(&mut taken, c.span) {
                chosen.push((c, Method::Fuzzy));
            }
        }
        // The words of the text's full mentions of each entity: a part of a name refers to an
        // entity the text names in full, spelled as the text spells it there (a text keeps one
        // spelling: "Khomeini" after "Ali Khamenei" is another man).
        let mut named: FxHashMap<u32, Vec<(Token, bool)>> = FxHashMap::default();
        for (c, _) in &chosen {
            let entry = named.entry(groups[c.index as usize]).or_default();
            for w in c.span.first..=c.span.last {
                let r = if w == c.span.first { c.span.reading } else { 0 };
                entry.extend(reading(&words[w as usize], infos, r).content.iter().map(|t| (t.clone(), c.words > 1)));
            }
        }
        let refers = |c: &Candidate, several: bool| -> bool {
            let word = reading(&words[c.span.last as usize], infos, if c.span.first == c.span.last { c.span.reading } else { 0 });
            named.get(&groups[c.index as usize]).is_some_and(|named| {
                named.iter().any(|(y, of_several)| {
                    (*of_several || !several) && word.content.iter().any(|x| {
                        // (Spelled so, not translated: "Artesh" is not the "Jaysh" of the text.)
                        let (similarity, reason) = token_similarity(x, y, false);
                        similarity >= REFERENCE_SPELLING && matches!(reason, Reason::Exact | Reason::Spelling)
                    })
                })
            }) && self.stands_alone(&words, infos, c.span)
        };
        // A word the text uses as a part of a name it gives in full refers to that name, not
        // to another entity it is a translation or spelling of ("Qods" after "Qods Force" is
        // the force, not Jerusalem).
        for (c, method) in chosen.iter_mut() {
            if c.words > 1 || c.score >= 1.0 {
                continue;
            }
            let group = groups[c.index as usize];
            let part = parts.get(&c.span).into_iter().flatten().find(|(part, m)| {
                *m == Method::Reference && groups[part.index as usize] != group && refers(part, true)
            });
            if let Some(&(part, _)) = part {
                *c = part;
                *method = Method::Reference;
            }
        }
        let mut parts: Vec<(Candidate, Method)> = parts.into_values().flatten().collect();
        parts.sort_by(|a, b| b.0.score.total_cmp(&a.0.score).then(a.0.span.first.cmp(&b.0.span.first)));
        for (c, method) in parts {
            let group = groups[c.index as usize];
            let method = match method {
                Method::Acronym if named.contains_key(&group) && self.stands_alone(&words, infos, c.span) => Method::Acronym,
                Method::Reference if refers(&c, false) => Method::Reference,
                _ => continue,
            };
            if take(&mut taken, c.span) {
                chosen.push((c, method));
            }
        }
        chosen.sort_by_key(|(c, _)| c.span.first);
        let rules_of = |m: Method| if m == Method::Reference { mention } else { screening };
        let starts = if chosen.is_empty() && !options.unknown { Vec::new() } else { sentence_starts(text) };
        let mut out: Vec<Mention> = chosen
            .into_iter()
            .map(|(c, method)| {
                let (start, end) = (span_start(&words, c.span), words[c.span.last as usize].end);
                let e = self.explain(&text[start..end], c.index, rules_of(method));
                let method = match method {
                    Method::Fuzzy if e.parts.iter().any(|p| p.reason == Reason::Acronym) => Method::Acronym,
                    Method::Fuzzy if c.score >= 1.0 => Method::Exact,
                    m => m,
                };
                let sentence = sentence_around(text, &starts, start, end);
                let explanation = options.explain.then_some(e);
                Mention { start, end, index: Some(c.index), score: c.score, method, sentence, explanation }
            })
            .collect();
        if options.unknown {
            // (A word of a name of the index: its skeleton is held by one.)
            let name_word = |info: &WordInfo| info.content.iter().any(|t| {
                let key = t.key();
                key.len() >= 2 && self.holders(hash_feature(TAG_KEY, &key)).is_some()
            });
            for (first, last) in name_like_runs(&words, infos, &taken, &starts, name_word) {
                let (start, end) = (words[first].start, words[last].end);
                let sentence = sentence_around(text, &starts, start, end);
                out.push(Mention { start, end, index: None, score: 0.0, method: Method::Unknown, sentence, explanation: None });
            }
            out.sort_by_key(|m| m.start);
        }
        to_char_offsets(text, &mut out);
        out
    }

    /// How a span reads (`SpanReading`): `found` are the names grown into it, each with
    /// whether the span holds enough of its words to be it, and `capitals` says whether the
    /// span's last word is written in capitals.
    fn read_span(&self, query_text: &str, capitals: bool, found: &[(u32, bool)], threshold: f32, search: &mut Scratch) -> SpanReading {
        let (screening, mention) = (Mode::Screening.rules(), Mode::Mention.rules());
        let whole = found.iter().filter(|&&(_, whole)| whole).map(|&(i, _)| i);
        let query = self.prepare_query(query_text);
        // (Counted in the span as read: "Fakhri Zadeh" and "عبد المهدي" are one word each.)
        let words_in = query.tokens.iter().filter(|t| t.is_content()).count();
        let mut out = SpanReading { words: words_in, full: None, parts: Vec::new() };
        // (One word is held to its spelling below, not to its weight in the list.)
        let cutoff = if words_in == 1 { 0.0 } else { threshold };
        let hits = self.rank(&query, query_text, whole, usize::MAX, cutoff, screening, search);
        for h in &hits {
            if words_in != 1 {
                out.full = out.full.or(Some((h.index, h.score)));
                continue;
            }
            // Held to its spelling, whatever its word's frequency in the list (which
            // screening weighs: "Iraq" is common among the names of a list).
            let score = similarity_prepared(&query, query_text, self.prepared(h.index), self.name(h.index));
            // An acronym of two or three letters is no spelling of another ("PC" / "PKK").
            let short_capitals = capitals && query_text.chars().count() <= 3;
            if self.is_weak(h.index) || score < ONE_WORD_SCORE || (short_capitals && normalize(query_text) != normalize(self.name(h.index))) {
                continue;
            }
            match self.one_word_reading(query_text, h.index, screening) {
                OneWord::Part | OneWord::Translated => {}
                // An acronym the list does not give names the entity only where the text
                // names it in full too ("... Guard Corps (IRGC)").
                OneWord::Acronym if capitals => out.parts.push((h.index, score, Method::Acronym)),
                OneWord::Acronym => {}
                OneWord::Whole => out.full = out.full.or(Some((h.index, score))),
            }
        }
        // One word for a name of several: a part, scored as a text mentions one. (Not where
        // the word is a name as written: nothing reads it otherwise.)
        if words_in == 1 && out.full.is_none_or(|(_, score)| score < 1.0) {
            let word = query.tokens.iter().find(|t| t.is_content());
            let candidates = found.iter().map(|&(i, _)| i).filter(|&i| word.is_some_and(|word| self.is_part_of(word, i)));
            let hits = self.rank(&query, query_text, candidates, PARTS_PER_SPAN, REFERENCE_SCORE, mention, search);
            out.parts.extend(hits.iter().map(|h| (h.index, h.score, Method::Reference)));
        }
        out
    }

    /// Every span an anchor of the text grows into, with the names it may be.
    fn spans(&self, words: &[Word], infos: &[WordInfo], agreements: &Agreements) -> FxHashMap<Span, Vec<(u32, bool)>> {
        let mut spans: FxHashMap<Span, Vec<(u32, bool)>> = FxHashMap::default();
        // The last span grown for each name: an anchor inside it grows the same span again.
        let mut grown: FxHashMap<u32, Span> = FxHashMap::default();
        let mut grow = |w: usize, r: usize, i: u32, spans: &mut FxHashMap<Span, Vec<(u32, bool)>>| {
            let covered = grown.get(&i).is_some_and(|s| s.first as usize <= w && w <= s.last as usize);
            if !covered {
                grown.insert(i, self.grow(words, infos, agreements, (w, r, i), spans));
            }
        };
        let one_word_names = &self.link_table().one_word_names;
        for (w, word) in words.iter().enumerate() {
            // In a script with case, a name starts with a capital (or is written in capitals).
            if word.case == Case::Lower {
                continue;
            }
            for (r, &(_, id)) in word.readings.iter().enumerate() {
                let info = &infos[id as usize];
                // (A feature too common to anchor leaves the name to its next word.)
                let mut crowded = false;
                for &f in &info.anchors {
                    // (A name of one word is found whatever the names of several that share
                    // its word: "Iraqi" is "Iraq" among hundreds of Iraqi companies.)
                    let one_word = one_word_names.get(&f).map_or(&[][..], Vec::as_slice);
                    let holders = self.holders(f).unwrap_or(&[]);
                    crowded |= holders.len() > ANCHOR_HOLDERS;
                    let several = (holders.len() <= ANCHOR_HOLDERS).then_some(holders);
                    for &i in one_word.iter().chain(several.unwrap_or(&[])) {
                        grow(w, r, i, &mut spans);
                    }
                }
                if !crowded || info.content.is_empty() || !word.joined_to_next || w + 1 >= words.len() {
                    continue;
                }
                let next = reading(&words[w + 1], infos, 0);
                let mut paired: Vec<u32> = Vec::new();
                // The names that write the two words as one ("SouthFront")...
                if let (Some((_, a)), Some((b, _))) = (&info.edge_keys, &next.edge_keys) {
                    let joined = hash_feature(TAG_KEY, &format!("{a}{b}"));
                    paired.extend(self.holders(joined).filter(|h| h.len() <= PAIR_ANCHOR_HOLDERS).unwrap_or(&[]));
                }
                // ... and those that hold both ("Revolutionary Guards" among hundreds of each).
                for &f in &info.anchors {
                    for &g in &next.anchors {
                        let both = co_holders(self.holders(f).unwrap_or(&[]), self.holders(g).unwrap_or(&[]));
                        if both.len() <= PAIR_ANCHOR_HOLDERS {
                            paired.extend(both);
                        }
                    }
                }
                for i in paired {
                    grow(w, r, i, &mut spans);
                }
            }
        }
        spans
    }

    /// The link table of this index (`LinkTable`), built once.
    fn link_table(&self) -> &LinkTable {
        self.link_table.get_or_init(|| {
            let mut table = LinkTable { one_word_names: FxHashMap::default(), word_starts: vec![0], words: Vec::new() };
            for i in 0..self.len() as u32 {
                let tokens = &self.prepared(i).tokens;
                let content: Vec<&Token> = tokens.iter().filter(|t| t.is_content()).collect();
                if let [t] = content.as_slice() {
                    for f in word_info(&t.text).anchors {
                        table.one_word_names.entry(f).or_default().push(i);
                    }
                }
                let named = tokens.iter().enumerate().filter(|(_, t)| t.is_content() || t.kind == TokenKind::Title);
                table.words.extend(named.map(|(k, t)| (k as u32, CompactString::from(t.key()))));
                table.word_starts.push(table.words.len() as u32);
            }
            table
        })
    }

    /// The span around word `w` (read as its reading `r`) over the words that agree with a
    /// word of name `i`.
    fn grow(&self, words: &[Word], infos: &[WordInfo], agreements: &Agreements, (w, r, i): (usize, usize, u32), spans: &mut FxHashMap<Span, Vec<(u32, bool)>>) -> Span {
        let tokens = &self.prepared(i).tokens;
        let name_words = self.link_table().words_of(i);
        let most = name_words.len() + SPAN_SLACK;
        // (In a script with case, a word in lower case is no word of a name: "the Islamic
        // government" is not "Islamic State".)
        // Each word of the name is matched once ("Hezbollah Brigades and Kata'ib Hezbollah" is
        // two names, not one of Brigades twice).
        let used: SmallVec<[std::cell::Cell<bool>; 8]> = name_words.iter().map(|_| std::cell::Cell::new(false)).collect();
        let take_word = |id: u32, n: usize, x: (&Token, &str)| -> bool {
            let mut free = name_words.iter().zip(&used);
            let found = free.find(|((k, y_key), u)| {
                let y = &tokens[*k as usize];
                !u.get() && *agreements.borrow_mut().entry((id, n as u32, y.intern)).or_insert_with(|| word_agrees(x, (y, y_key.as_str())))
            });
            found.map(|(_, u)| u.set(true)).is_some()
        };
        let agrees = |k: usize| -> Option<usize> {
            if words[k].case == Case::Lower && k != w {
                return None;
            }
            words[k].readings.iter().position(|&(_, id)| {
                let info = &infos[id as usize];
                info.named.iter().zip(&info.named_keys).enumerate().any(|(n, (x, key))| take_word(id, n, (x, key.as_str())))
            })
        };
        // Two words written apart that the name writes as one ("Abdul Mahdi", "Hizb Allah").
        let pair_agrees = |k: usize| -> bool {
            k + 1 < words.len() && words[k].joined_to_next && words[k].case != Case::Lower && {
                let (a, b) = (reading(&words[k], infos, 0), reading(&words[k + 1], infos, 0));
                match (&a.edge_keys, &b.edge_keys) {
                    (Some((_, x)), Some((y, _))) if x.len() + y.len() >= 4 => {
                        let joined = |key: &str| key.len() == x.len() + y.len() && key.starts_with(x.as_str()) && key.ends_with(y.as_str());
                        let free = name_words.iter().zip(&used).find(|((_, key), u)| !u.get() && joined(key));
                        free.map(|(_, u)| u.set(true)).is_some()
                    }
                    _ => false,
                }
            }
        };
        // (The anchor takes its word of the name first.)
        agrees(w);
        let (mut first, mut first_reading, mut last) = (w, r, w);
        // Leftwards: agreeing words, a particle between two of them, and an article just before.
        while first > 0 && last - first + 1 < most {
            let k = first - 1;
            if !words[k].joined_to_next {
                break;
            }
            if let Some(rk) = agrees(k) {
                first = k;
                first_reading = rk;
                continue;
            }
            if k > 0 && pair_agrees(k - 1) && last - first + 2 < most {
                first = k - 1;
                first_reading = 0;
                continue;
            }
            let info = reading(&words[k], infos, 0);
            if info.particle {
                let before = k.checked_sub(1).filter(|&b| words[b].joined_to_next).and_then(|b| agrees(b).map(|rb| (b, rb)));
                match before {
                    Some((b, rb)) => {
                        first = b;
                        first_reading = rb;
                        continue;
                    }
                    None if info.article => {
                        first = k;
                        first_reading = 0;
                    }
                    None => {}
                }
            }
            break;
        }
        // Rightwards: agreeing words, and a particle between two of them.
        while last + 1 < words.len() && last - first + 1 < most && words[last].joined_to_next {
            let k = last + 1;
            if agrees(k).is_some() {
                last = k;
                continue;
            }
            if pair_agrees(k) {
                last = k + 1;
                continue;
            }
            let particle = reading(&words[k], infos, 0).particle;
            if particle && words[k].joined_to_next && k + 1 < words.len() && agrees(k + 1).is_some() {
                last = k + 1;
                continue;
            }
            break;
        }
        let span = Span { first: first as u32, last: last as u32, reading: first_reading as u8 };
        // (A span that holds fewer than half the name's words may be a part of it, never the
        // name: it is not scored as the name.)
        let held = used.iter().filter(|u| u.get()).count();
        let names = spans.entry(span).or_default();
        if !names.iter().any(|&(n, _)| n == i) {
            names.push((i, 2 * held >= name_words.len()));
        }
        span
    }

    /// How a span of one word reads name `i`: as the whole name, as a part of it (a content
    /// word of the name is left out), or as its acronym.
    fn one_word_reading(&self, span_text: &str, i: u32, rules: Rules) -> OneWord {
        let e = self.explain(span_text, i, rules);
        let translated = |p: &crate::explain::Part| matches!(p.reason, Reason::Translation(c) if !LEXICON.is_place(c));
        if e.parts.iter().any(translated) {
            return OneWord::Translated;
        }
        // (A legal form, an initial or a title left out counts: "Evil" is not "EVIL CORP",
        // "Ashraf" not "ASHRAF, Haji M.", "al-Omar" not "Sheik Omar".)
        if e.parts.iter().any(|p| p.reason == Reason::Extra && p.left.is_empty() && !p.right.is_empty()
            && matches!(p.kind, TokenKind::Word | TokenKind::OrgWord { .. } | TokenKind::LegalForm | TokenKind::Initial | TokenKind::Title))
        {
            OneWord::Part
        } else if e.parts.iter().any(|p| p.reason == Reason::Acronym) {
            OneWord::Acronym
        } else {
            OneWord::Whole
        }
    }

    /// Whether a word, as read, may stand for name `i` as a part of it: the family name (the
    /// last word) of a person's name, any word but an organization word of an
    /// organization's.
    fn is_part_of(&self, word: &Token, i: u32) -> bool {
        let name = self.prepared(i);
        // (A word after "of" qualifies the name, it does not name it: "Iraq" of "Islamic State
        // of Iraq".)
        let qualified = |k: usize| k > 0 && name.tokens[k - 1].kind == TokenKind::Particle(Particle::Stop);
        if name.tokens.iter().filter(|t| t.is_content()).count() < 2 {
            return false;
        }
        // In an organization's name of glossary words only, its first distinct word in a
        // language other than English names it ("Qods" of Qods Force, "Hashd" of Hashd
        // al-Shaabi); the English word ("Party", "Army") and a generic designator are common
        // nouns in English text.
        let has_words = name.tokens.iter().any(|t| t.kind == TokenKind::Word);
        let first_org_word = name.tokens.iter().position(|t| matches!(t.kind, TokenKind::OrgWord { .. }));
        let names_it = |k: usize, t: &Token| {
            let english = concept_name(t.concept);
            t.kind == TokenKind::OrgWord { generic: false }
                && !has_words
                && Some(k) == first_org_word
                && !english.starts_with(t.latin.as_str())
                && !t.latin.starts_with(english)
        };
        let naming = |k: usize, t: &Token| t.kind == TokenKind::Word || (name.organization && names_it(k, t));
        let mut name_words: Vec<&Token> =
            name.tokens.iter().enumerate().filter(|&(k, t)| naming(k, t) && !qualified(k)).map(|(_, t)| t).collect();
        // A place in an organization's name says where it is, not which it is ("Syrian" of
        // Syrian Democratic Forces, "الإيراني" of the Iranian Revolutionary Guard), unless it
        // is the name, before the organization's words and alone (Qods Force).
        let first_content = name.tokens.iter().position(|t| t.is_content());
        let place_named = name_words.len() == 1
            && first_content.is_some_and(|k| std::ptr::eq(&name.tokens[k], name_words[0]));
        if !place_named {
            name_words.retain(|t| t.concept == 0 || !LEXICON.is_place(t.concept));
        }
        let eligible: &[&Token] = if name.organization { &name_words } else { name_words.last().map(std::slice::from_ref).unwrap_or(&[]) };
        let key = word.key();
        eligible.iter().any(|y| word_agrees((word, &key), (y, &y.key())))
    }

    /// Whether a one-word span stands alone: in a script with case, no capitalized word
    /// beside it in the same run of words (the "Ali" of "Ali Larijani" is not a part of
    /// "Ali Khamenei"). A span of a caseless script always does.
    fn stands_alone(&self, words: &[Word], infos: &[WordInfo], span: Span) -> bool {
        let (k, j) = (span.first as usize, span.last as usize);
        if words[k].case == Case::Caseless {
            return true;
        }
        // (A function word capitalized at the start of a sentence is no name: "Later Taeb met".)
        let named_beside = |i: usize| {
            let info = reading(&words[i], infos, 0);
            words[i].case == Case::Capital && !info.particle && !info.stop
        };
        let before = k > 0 && words[k - 1].joined_to_next && named_beside(k - 1);
        let after = j + 1 < words.len() && words[j].joined_to_next && named_beside(j + 1);
        !before && !after
    }
}

/// How a span of one word reads a name (`NameIndex::one_word_reading`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum OneWord {
    Whole,
    /// A word of the name is left out.
    Part,
    /// The name's acronym.
    Acronym,
    /// A word of the name's translation (an organization word, not a place's name).
    Translated,
}

/// Words of a name-like run, at most (a longer run of capitals is a headline).
const MAX_RUN_WORDS: usize = 6;

/// "And" in English, French, German, Spanish, Italian, Portuguese and Russian.
const CONJUNCTIONS: [&str; 6] = ["and", "et", "und", "y", "e", "и"];

/// Every word of the lexicon's titles ("Brigadier", "General", "Prime", "Minister"): a title
/// before a name is no part of it.
static TITLE_WORDS: std::sync::LazyLock<FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| LEXICON.titles.values().flatten().flatten().map(String::as_str).collect());

/// English month and weekday names: capitalized in running text, and no names of anyone.
const CALENDAR_WORDS: [&str; 19] = ["january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "may"];

/// The runs of words that read as names and are no mention (`LinkOptions::unknown`), as
/// (first word, last word). In a script with case: capitalized words, with particles between
/// them; titles before them and a function word that opens the sentence left out ("President
/// Donald Trump" is "Donald Trump", "The Pentagon" is "Pentagon"); one word alone not when it
/// opens a sentence, nor a title, a function word, a month or a day, or a place (the
/// gazetteer has those). In Arabic script, where no case marks a name: two to
/// `MAX_RUN_WORDS` words between function words and punctuation, the first and the last of
/// them words of the index's names (`name_word`).
fn name_like_runs(
    words: &[Word],
    infos: &[WordInfo],
    taken: &[bool],
    starts: &[usize],
    name_word: impl Fn(&WordInfo) -> bool,
) -> Vec<(usize, usize)> {
    let info = |k: usize| reading(&words[k], infos, 0);
    let title = |k: usize| info(k).named.iter().any(|t| t.kind == TokenKind::Title || TITLE_WORDS.contains(t.latin.as_str()));
    let common = |k: usize| {
        let i = info(k);
        i.stop || title(k) || i.content.iter().any(|t| CALENDAR_WORDS.contains(&t.latin.as_str()))
            || i.content.iter().any(|t| t.concept != 0 && LEXICON.is_place(t.concept))
    };
    let cased = |k: usize| words[k].case == Case::Capital && !info(k).particle && !taken[k];
    let arabic = |k: usize| {
        words[k].case == Case::Caseless && !info(k).stop && !taken[k] && text_is_arabic(&info(k).content)
    };
    // (The first word of a sentence is capitalized whatever it is.)
    let opens_sentence = |k: usize| {
        let sentence = starts[..starts.partition_point(|&b| b <= words[k].start)].last().copied().unwrap_or(0);
        k == 0 || words[k - 1].end < sentence
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let is_cased = if cased(k) {
            true
        } else if arabic(k) {
            false
        } else {
            k += 1;
            continue;
        };
        let member = |j: usize| if is_cased { cased(j) } else { arabic(j) };
        let mut last = k;
        while last + 1 < words.len() && words[last].joined_to_next {
            let next = last + 1;
            // (Up to two particles between two words of the name: "League of the Righteous".)
            let particles = (next..words.len().min(next + 2))
                .take_while(|&j| info(j).particle && !info(j).conjunction && !taken[j] && words[j].joined_to_next)
                .count();
            if member(next) {
                last = next;
            } else if is_cased && particles > 0 && next + particles < words.len() && member(next + particles) {
                last = next + particles;
            } else {
                break;
            }
        }
        let mut first = k;
        while is_cased && first < last && (title(first) || (info(first).stop && opens_sentence(first))) {
            first += 1;
        }
        // (An Arabic run begins and ends with words of the index's names: "وقال" is not one.)
        while !is_cased && first < last && !name_word(info(first)) {
            first += 1;
        }
        while !is_cased && last > first && !name_word(info(last)) {
            last -= 1;
        }
        let keep = if !is_cased {
            last > first
        } else if first == last {
            !opens_sentence(first) && !common(first)
        } else {
            !(first..=last).all(common)
        };
        // (A longer run, or one of several words all in capitals, is a headline.)
        let headline = last - first + 1 > MAX_RUN_WORDS || (is_cased && last > first && (first..=last).all(|j| words[j].capitals));
        if keep && !headline {
            out.push((first, last));
        }
        k = last.max(k) + 1;
    }
    out
}

fn text_is_arabic(tokens: &[Token]) -> bool {
    tokens.iter().any(|t| t.text.chars().any(is_arabic_letter))
}

/// The names in both of two postings (each in ascending order).
fn co_holders(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// A word of a text and a word of a name agree: the same concept or skeleton, or alike.
/// (Their skeletons are given: `Token::key` builds one each time.)
fn word_agrees((x, x_key): (&Token, &str), (y, y_key): (&Token, &str)) -> bool {
    if x.concept != 0 && x.concept == y.concept {
        return true;
    }
    // (A skeleton of two letters is shared by too many words: "other" and "Thawra".)
    if x_key.len() >= 3 && x_key == y_key {
        return true;
    }
    token_similarity(x, y, false).0 >= AGREEING_WORD
}

fn reading<'a>(word: &Word, infos: &'a [WordInfo], r: u8) -> &'a WordInfo {
    let (_, id) = word.readings[(r as usize).min(word.readings.len() - 1)];
    &infos[id as usize]
}

/// The byte where a span begins: its first word, without the clitic its reading drops.
fn span_start(words: &[Word], span: Span) -> usize {
    let word = &words[span.first as usize];
    word.start + word.readings[span.reading as usize].0
}

/// Marks the words of a span taken, unless one of them already is.
fn take(taken: &mut [bool], span: Span) -> bool {
    let range = span.first as usize..=span.last as usize;
    if taken[range.clone()].iter().any(|&t| t) {
        return false;
    }
    taken[range].iter_mut().for_each(|t| *t = true);
    true
}

/// The bytes where the text's sentences begin after the first: after each line break and each
/// sentence end (".", "!", "?", "؟" before a space; not the full stop of an initial or of
/// "U.S.").
fn sentence_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = Vec::new();
    let mut before: [Option<char>; 2] = [None, None];
    for (i, c) in text.char_indices() {
        let after = i + c.len_utf8();
        let initial = before[0].is_some_and(char::is_uppercase) && !before[1].is_some_and(char::is_alphabetic);
        let spaced = after >= bytes.len() || bytes[after].is_ascii_whitespace();
        if c == '\n' || (matches!(c, '.' | '!' | '?' | '؟') && spaced && !(c == '.' && initial)) {
            starts.push(after);
        }
        before = [Some(c), before[0]];
    }
    starts
}

/// The sentence around bytes `start..end`, given the text's sentence starts, without the
/// spaces around it.
fn sentence_around(text: &str, starts: &[usize], start: usize, end: usize) -> (usize, usize) {
    let s = starts[..starts.partition_point(|&b| b <= start)].last().copied().unwrap_or(0);
    let e = starts.get(starts.partition_point(|&b| b < end)).copied().unwrap_or(text.len());
    let e = e.max(end);
    let sentence = &text[s..e];
    let lead = sentence.len() - sentence.trim_start().len();
    (s + lead, s + sentence.trim_end().len().max(lead))
}

/// The byte offsets of the mentions as character offsets.
fn to_char_offsets(text: &str, mentions: &mut [Mention]) {
    let mut bytes: Vec<usize> = mentions.iter().flat_map(|m| [m.start, m.end, m.sentence.0, m.sentence.1]).collect();
    bytes.sort_unstable();
    bytes.dedup();
    let mut chars: FxHashMap<usize, usize> = FxHashMap::default();
    let mut next = bytes.iter().peekable();
    for (count, (b, _)) in text.char_indices().chain(std::iter::once((text.len(), ' '))).enumerate() {
        while let Some(&&want) = next.peek() {
            if want > b {
                break;
            }
            chars.insert(want, count);
            next.next();
        }
    }
    for m in mentions {
        m.start = chars[&m.start];
        m.end = chars[&m.end];
        m.sentence = (chars[&m.sentence.0], chars[&m.sentence.1]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(rows: &[(&str, &str)]) -> NameIndex {
        NameIndex::new(rows.iter().map(|r| r.0.to_string()).collect(), rows.iter().map(|r| r.1.to_string()).collect(), 1).unwrap()
    }

    fn linked(idx: &NameIndex, text: &str) -> Vec<(String, String, Method)> {
        let options = LinkOptions { threshold: crate::MATCH_THRESHOLD, explain: false, unknown: false };
        let out = idx.link_many(&[text.to_string()], None, options, 1, &Cancel::new()).unwrap();
        let chars: Vec<char> = text.chars().collect();
        out[0].iter().filter_map(|m| Some((chars[m.start..m.end].iter().collect(), idx.id(m.index?).to_string(), m.method))).collect()
    }

    const REGISTRY: &[(&str, &str)] = &[
        ("P-TAEB", "Hossein Taeb"),
        ("P-TAEB", "حسين طائب"),
        ("O-KH", "Kata'ib Hezbollah"),
        ("O-HEZBOLLAH", "Hezbollah"),
        ("O-BADR", "Badr Organization"),
        ("L-IRAQ", "Iraq"),
        ("L-IRAQ", "العراق"),
        ("O-IRGC", "Islamic Revolutionary Guard Corps"),
        ("O-IRGC", "IRGC"),
        ("P-SABHAN", "Thamer al-Sabhan"),
    ];

    #[test]
    fn finds_names_with_their_offsets_and_references() {
        let idx = index(REGISTRY);
        let text = "Hussein al-Tayeb met Kata’ib Hezbollah in Baghdad. Later, Taeb’s deputy left for Iraq.";
        let got = linked(&idx, text);
        assert_eq!(got, vec![
            ("Hussein al-Tayeb".into(), "P-TAEB".into(), Method::Fuzzy),
            ("Kata’ib Hezbollah".into(), "O-KH".into(), Method::Exact),
            ("Taeb".into(), "P-TAEB".into(), Method::Reference),
            ("Iraq".into(), "L-IRAQ".into(), Method::Exact),
        ]);
    }

    #[test]
    fn arabic_clitics_and_demonyms() {
        let idx = index(REGISTRY);
        let got = linked(&idx, "وصل حسين طائب إلى بغداد وبالعراق قوات عراقية");
        assert_eq!(got[0], ("حسين طائب".into(), "P-TAEB".into(), Method::Exact));
        assert_eq!(got[1], ("العراق".into(), "L-IRAQ".into(), Method::Exact));
    }

    #[test]
    fn a_bare_word_of_a_name_needs_the_document() {
        let idx = index(REGISTRY);
        // "Badr" alone is a month or a given name; after the full name it is a reference.
        assert!(linked(&idx, "It happened in the month of Badr.").is_empty());
        let got = linked(&idx, "The Badr Organization said so. Badr denied it.");
        assert_eq!(got.iter().map(|g| g.2).collect::<Vec<_>>(), vec![Method::Exact, Method::Reference]);
        // Al-Sabhan after Thamer al-Sabhan, with its article.
        let got = linked(&idx, "Thamer al-Sabhan visited. Al-Sabhan left.");
        assert_eq!(got[1].0, "Al-Sabhan");
    }

    #[test]
    fn acronyms_in_capitals_only_and_lowercase_words_anchor_nothing() {
        let idx = index(REGISTRY);
        let got = linked(&idx, "The IRGC’s officers; irgc is no name here; the iraq of old.");
        assert_eq!(got, vec![("IRGC".into(), "O-IRGC".into(), Method::Exact)]);
    }

    #[test]
    fn sentences_do_not_end_at_initials() {
        let idx = index(REGISTRY);
        let text = "First one. Attacks on U.S. forces in Iraq went on. Next.";
        let options = LinkOptions { threshold: crate::MATCH_THRESHOLD, explain: false, unknown: false };
        let m = &idx.link_many(&[text.to_string()], None, options, 1, &Cancel::new()).unwrap()[0][0];
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[m.sentence.0..m.sentence.1].iter().collect::<String>(), "Attacks on U.S. forces in Iraq went on.");
    }

    #[test]
    fn name_like_spans_that_are_no_name_of_the_index() {
        let mut rows = REGISTRY.to_vec();
        rows.extend([("P-NASRALLAH", "حسن نصر الله"), ("P-Z", "محمد الزبيب")]);
        let idx = index(&rows);
        let options = LinkOptions { threshold: crate::MATCH_THRESHOLD, explain: false, unknown: true };
        let text = "Brigadier General Vincent Barker met Hossein Taeb on Friday. The League of the Righteous \
                    spoke. However Iraq. وقال حسن يوسف الزبيب إن العراق";
        let out = idx.link_many(&[text.to_string()], None, options, 1, &Cancel::new()).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let unknown: Vec<String> =
            out[0].iter().filter(|m| m.index.is_none()).map(|m| chars[m.start..m.end].iter().collect()).collect();
        // Titles before a name, weekdays, words that open a sentence and the index's own names
        // are left out; particles between capitalized words are kept; an Arabic run begins and
        // ends with words of the index's names (not "وقال") and stops at the function word.
        assert_eq!(unknown, ["Vincent Barker", "League of the Righteous", "حسن يوسف الزبيب"]);
    }

    #[test]
    fn any_text_links_without_panic() {
        let idx = index(REGISTRY);
        for text in ["", " ", "\u{200c}", "ٍ", "'s", "’", "A", "و", "-", "Taeb's", "ب ال", "x\u{0301}'s", "Iraq-", "—Iraq—"] {
            let _ = linked(&idx, text);
        }
    }
}
