//! Python bindings of polyname-core, the module `polyname._core`.
//!
//! Thin wrappers only: copy the inputs into owned Rust values, do the work with the GIL
//! released (`py.detach`), then build Python objects. Batches of names run chunk by chunk
//! so that Ctrl-C is noticed between chunks; an index build, a search and a dedup, which do
//! not split into independent chunks, run on a thread of their own that a signal cancels
//! (`interruptible`).

use std::ops::Range;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use polyname_core as core;
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyString, PyType};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(_core, PolynameError, PyValueError, "Base class of polyname's errors.");
create_exception!(_core, LengthMismatchError, PolynameError, "Two lists that must have the same length do not.");
create_exception!(_core, InvalidArgumentError, PolynameError, "An argument is outside its allowed range.");
create_exception!(_core, IndexFileError, PolynameError, "Bytes or a file that are no saved index this polyname can read.");

fn to_py_err(e: core::Error) -> PyErr {
    match e {
        core::Error::LengthMismatch { .. } => LengthMismatchError::new_err(e.to_string()),
        core::Error::InvalidArgument(_) => InvalidArgumentError::new_err(e.to_string()),
        core::Error::IndexFile(_) => IndexFileError::new_err(e.to_string()),
        // Only asked for on a signal, whose own error is raised instead.
        core::Error::Cancelled => pyo3::exceptions::PyKeyboardInterrupt::new_err(e.to_string()),
    }
}

/// An index from saved bytes, refused unless saved with `label` when one is given (checked
/// on the header, before the payload is read).
fn read_index(bytes: &[u8], label: Option<&str>) -> core::Result<core::NameIndex> {
    if let Some(wanted) = label {
        let found = core::NameIndex::label_of(bytes)?;
        if found != wanted {
            return Err(core::Error::IndexFile(format!("the index was saved from other data (its label is {found:?}, not {wanted:?})")));
        }
    }
    core::NameIndex::from_bytes(bytes).map(|(index, _)| index)
}

/// An error of the file system on `path`, as the `OSError` Python raises for it, naming the
/// file.
fn io_error(e: std::io::Error, path: &std::path::Path) -> PyErr {
    use pyo3::exceptions::{PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError};
    let message = format!("{}: {e}", path.display());
    match e.kind() {
        std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
        std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
        std::io::ErrorKind::IsADirectory => PyIsADirectoryError::new_err(message),
        _ => PyOSError::new_err(message),
    }
}

/// Two lists of pairs are checked before they are cut into chunks (a chunk of the longer one
/// would have no partner).
fn same_length(what: &'static str, left: usize, right: usize) -> PyResult<()> {
    if left == right { Ok(()) } else { Err(to_py_err(core::Error::LengthMismatch { what, left, right })) }
}

/// A list given to a batch function. A bare `str` is refused with a sentence: read as a
/// sequence it would be a list of letters, and pyo3's own message ("Can't extract `str` to
/// `Vec`") does not say what to do.
struct Batch<T>(Vec<T>);

impl<'a, 'py, T> FromPyObject<'a, 'py> for Batch<T>
where
    Vec<T>: FromPyObject<'a, 'py>,
{
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(text) = obj.cast::<PyString>() {
            let text = text.to_cow().map(|t| t.chars().take(40).collect::<String>()).unwrap_or_default();
            return Err(PyTypeError::new_err(format!(
                "expected a list of strings, got the string {text:?}: to pass one name, put it in a list ([{text:?}])"
            )));
        }
        Vec::<T>::extract(obj).map(Batch).map_err(Into::into)
    }
}

/// Items handled between two checks for Ctrl-C.
const CHUNK: usize = 16_384;
/// Pairs are scored in larger chunks: each chunk prepares its distinct names once.
const PAIR_CHUNK: usize = 65_536;

/// Runs `f` over `0..len` range by range of `chunk` items, without the GIL, checking
/// signals in between, and concatenates the results.
fn chunked<T: Send>(
    py: Python<'_>,
    len: usize,
    chunk: usize,
    f: impl Fn(Range<usize>) -> core::Result<Vec<T>> + Sync,
) -> PyResult<Vec<T>> {
    let mut out = Vec::with_capacity(len);
    for start in (0..len).step_by(chunk.max(1)) {
        let range = start..(start + chunk).min(len);
        let part = py.detach(|| f(range)).map_err(to_py_err)?;
        out.extend(part);
        py.check_signals()?;
    }
    Ok(out)
}

/// How often a call that runs off the calling thread looks for Ctrl-C.
const SIGNAL_INTERVAL: Duration = Duration::from_millis(100);

/// Runs `work` on a thread of its own while the calling thread, without the GIL, waits
/// for it and looks for signals every `SIGNAL_INTERVAL`. On a signal (Ctrl-C) the work is
/// cancelled, waited for (it stops between items of work), and the signal's error raised.
fn interruptible<T: Send>(py: Python<'_>, work: impl FnOnce(&core::Cancel) -> core::Result<T> + Send) -> PyResult<T> {
    let cancel = core::Cancel::new();
    let (slot, ready) = (Mutex::new(None), Condvar::new());
    std::thread::scope(|s| {
        let worker = s.spawn(|| {
            let out = work(&cancel);
            *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(out);
            ready.notify_one();
        });
        let mut interrupted: Option<PyErr> = None;
        loop {
            let out = py.detach(|| {
                let guard = slot.lock().unwrap_or_else(|e| e.into_inner());
                let (mut guard, _) = ready
                    .wait_timeout_while(guard, SIGNAL_INTERVAL, |o| o.is_none())
                    .unwrap_or_else(|e| e.into_inner());
                guard.take()
            });
            // (A worker that finished without a result panicked: its panic goes through.)
            let out = out.or_else(|| {
                worker.is_finished().then(|| slot.lock().unwrap_or_else(|e| e.into_inner()).take()).flatten()
            });
            if let Some(out) = out {
                return match interrupted {
                    Some(e) => Err(e),
                    None => out.map_err(to_py_err),
                };
            }
            if worker.is_finished() {
                std::panic::resume_unwind(worker.join().err().unwrap_or_else(|| Box::new("the work ended without a result")));
            }
            if interrupted.is_none() {
                if let Err(e) = py.check_signals() {
                    cancel.cancel();
                    interrupted = Some(e);
                }
            }
        }
    })
}

/// Normalizes a name: NFKC, lower case, no diacritics or Arabic vowel marks, folded
/// Arabic letter forms, ASCII digits, no apostrophes, punctuation as single spaces.
#[pyfunction]
fn normalize(text: &str) -> String {
    core::normalize(text)
}

/// Romanizes a name in any script to lower-case ASCII (the Arabic article as "al-").
#[pyfunction]
fn romanize(text: &str) -> String {
    core::romanize(text)
}

/// The ISO 15924 code of the script most letters of `text` are written in ("Latn", "Arab",
/// "Hani", …; "Zyyy" when it has no letter), from the Unicode Script property.
#[pyfunction]
fn dominant_script(text: &str) -> &'static str {
    core::dominant_script(text)
}

/// Per-token match keys (consonant skeletons) of a name, from its first 1,024 characters
/// (see `similarity`).
#[pyfunction]
fn match_keys(text: &str) -> Vec<String> {
    core::match_keys(text)
}

/// Similarity in [0, 1] of two names in any script.
///
/// Names are compared on their first 1,024 characters (`MAX_NAME_CHARS`) and 64 words
/// (`MAX_WORDS`), each word on its first 64 phonetic symbols, about one per letter
/// (`MAX_TOKEN_SYMBOLS`): a longer name scores as that part of it does. Real names are far
/// shorter; the caps keep every call linear in its input.
#[pyfunction]
fn similarity(py: Python<'_>, a: &str, b: &str) -> f64 {
    py.detach(|| f64::from(core::similarity(a, b)))
}

/// `normalize` over a list, in parallel with the GIL released. `workers`: threads, -1 for
/// one per core; more than the cores are capped to them.
#[pyfunction]
#[pyo3(signature = (texts, *, workers = -1), text_signature = "(texts, *, workers=-1)")]
fn normalize_many(py: Python<'_>, texts: Batch<String>, workers: i64) -> PyResult<Vec<String>> {
    let texts = texts.0;
    chunked(py, texts.len(), CHUNK, |r| core::normalize_many(&texts[r], workers))
}

/// `romanize` over a list, in parallel with the GIL released. `workers`: threads, -1 for
/// one per core; more than the cores are capped to them.
#[pyfunction]
#[pyo3(signature = (texts, *, workers = -1), text_signature = "(texts, *, workers=-1)")]
fn romanize_many(py: Python<'_>, texts: Batch<String>, workers: i64) -> PyResult<Vec<String>> {
    let texts = texts.0;
    chunked(py, texts.len(), CHUNK, |r| core::romanize_many(&texts[r], workers))
}

/// Element-wise similarity of two equal-length lists of names (see `similarity` for the
/// caps on long names). `workers`: threads, -1 for one per core; more than the cores are
/// capped to them.
#[pyfunction]
#[pyo3(signature = (left, right, *, workers = -1), text_signature = "(left, right, *, workers=-1)")]
fn similarity_many<'py>(
    py: Python<'py>,
    left: Batch<Bound<'py, PyString>>,
    right: Batch<Bound<'py, PyString>>,
    workers: i64,
) -> PyResult<Vec<f64>> {
    let (left, right) = (left.0, right.0);
    same_length("similarity_many(left, right)", left.len(), right.len())?;
    let (left, right) = (utf8_of(&left)?, utf8_of(&right)?);
    let scores = chunked(py, left.len(), PAIR_CHUNK, |r| core::similarity_many(&left[r.clone()], &right[r], workers))?;
    Ok(scores.into_iter().map(f64::from).collect())
}

/// The UTF-8 text of each string, read in place: a batch of names is not copied before it
/// is scored. (The strings are held for the whole call, and a str never changes.)
fn utf8_of<'a>(texts: &'a [Bound<'_, PyString>]) -> PyResult<Vec<&'a str>> {
    texts.iter().map(|t| t.to_str()).collect()
}

/// The members of an enumeration of `polyname.enums`, looked up once by their values: the
/// core's variants cross the boundary as these members, not as strings. The class must have
/// exactly these members (a member the core never gives would be a promise it breaks).
fn enum_members<'py, const N: usize>(
    py: Python<'py>,
    cache: &'static PyOnceLock<Vec<Py<PyAny>>>,
    class: &str,
    values: [&str; N],
) -> PyResult<&'static [Py<PyAny>]> {
    cache
        .get_or_try_init(py, || {
            let class = py.import("polyname.enums")?.getattr(class)?.cast_into::<PyType>()?;
            if class.len()? != N {
                return Err(PyTypeError::new_err(format!("polyname.enums.{} must have {N} members: {values:?}", class.name()?)));
            }
            values.iter().map(|v| class.call1((*v,)).map(Bound::unbind)).collect()
        })
        .map(Vec::as_slice)
}

/// The `polyname.enums.Reason` member of a reason.
fn reason_member(py: Python<'_>, r: core::Reason) -> PyResult<Py<PyAny>> {
    static MEMBERS: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
    const VALUES: [&str; 9] = ["exact", "spelling", "translation", "acronym", "initial", "extra", "mismatch", "lineage", "weak_alias"];
    let k = match r {
        core::Reason::Exact => 0,
        core::Reason::Spelling => 1,
        core::Reason::Translation(_) => 2,
        core::Reason::Acronym => 3,
        core::Reason::Initial => 4,
        core::Reason::Extra => 5,
        core::Reason::Mismatch => 6,
        core::Reason::Lineage => 7,
        core::Reason::WeakAlias => 8,
    };
    Ok(enum_members(py, &MEMBERS, "Reason", VALUES)?[k].clone_ref(py))
}

/// The `polyname.enums.Link` member of what became of a scored pair, with the mean and lowest
/// score over the two clusters' cores when they were refused.
fn link_member(py: Python<'_>, link: core::Link) -> PyResult<(Py<PyAny>, Option<f64>, Option<f64>)> {
    static MEMBERS: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
    let members = enum_members(py, &MEMBERS, "Link", ["joined", "within", "refused"])?;
    Ok(match link {
        core::Link::Joined => (members[0].clone_ref(py), None, None),
        core::Link::Within => (members[1].clone_ref(py), None, None),
        core::Link::Refused { mean, min } => (members[2].clone_ref(py), Some(f64::from(mean)), Some(f64::from(min))),
    })
}

/// One part of an explanation: the tokens on each side, their similarity and weight, why
/// they were paired (`reason`, a `polyname.Reason`) and the part's text (its `str()`).
#[pyclass(frozen, get_all, module = "polyname._core")]
struct ExplanationPart {
    left: Vec<String>,
    right: Vec<String>,
    similarity: f64,
    weight: f64,
    reason: Py<PyAny>,
    text: String,
}

#[pymethods]
impl ExplanationPart {
    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        format!("ExplanationPart({:?})", self.text)
    }
}

/// The alignment behind a similarity score.
#[pyclass(frozen, module = "polyname._core")]
struct Explanation {
    #[pyo3(get)]
    score: f64,
    #[pyo3(get)]
    parts: Vec<Py<ExplanationPart>>,
    text: String,
}

#[pymethods]
impl Explanation {
    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        format!("Explanation({:?})", self.text)
    }
}

/// Explains `similarity(a, b)`: how the tokens were aligned and why.
#[pyfunction]
fn explain(py: Python<'_>, a: &str, b: &str) -> PyResult<Explanation> {
    let e = py.detach(|| core::explain(a, b));
    explanation_of(py, &e)
}

/// `explain` of each pair of two equal-length lists, in parallel with the GIL released:
/// one call for a batch of pairs instead of one per pair. `workers`: threads, -1 for one
/// per core.
#[pyfunction]
#[pyo3(signature = (left, right, *, workers = -1), text_signature = "(left, right, *, workers=-1)")]
fn explain_many(py: Python<'_>, left: Batch<String>, right: Batch<String>, workers: i64) -> PyResult<Vec<Explanation>> {
    let (left, right) = (left.0, right.0);
    same_length("explain_many(left, right)", left.len(), right.len())?;
    let found = chunked(py, left.len(), CHUNK, |r| core::explain_many(&left[r.clone()], &right[r], workers))?;
    found.iter().map(|e| explanation_of(py, e)).collect()
}

/// The Python object of an explanation.
fn explanation_of(py: Python<'_>, e: &core::Explanation) -> PyResult<Explanation> {
    let parts = e
        .parts
        .iter()
        .map(|p| {
            Py::new(
                py,
                ExplanationPart {
                    left: p.left.clone(),
                    right: p.right.clone(),
                    similarity: f64::from(p.similarity),
                    weight: f64::from(p.weight),
                    reason: reason_member(py, p.reason)?,
                    text: p.to_string(),
                },
            )
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Explanation { score: f64::from(e.score), text: e.to_string(), parts })
}

/// A search result.
#[pyclass(frozen, get_all, module = "polyname._core")]
struct Match {
    /// The id given for the matched name.
    id: String,
    /// The matched name as it was indexed.
    name: String,
    /// Similarity in [0, 1].
    score: f64,
    /// The alignment behind the score, when the search asked for it (`explain=True`).
    explanation: Option<Py<Explanation>>,
}

#[pymethods]
impl Match {
    fn __repr__(&self) -> String {
        format!("Match(id={:?}, name={:?}, score={:.3})", self.id, self.name, self.score)
    }

    fn __eq__(&self, other: &Match) -> bool {
        self.id == other.id && self.name == other.name && self.score == other.score
    }
}

/// An index of names for fast top-k search.
///
/// Built once from two equal-length lists: `ids` (several names may share an id) and
/// `names`. Candidates come from an inverted index over match keys and their trigrams,
/// weighted by rarity; candidates are then fully scored. Names are compared on their first
/// 1,024 characters (see `similarity`). `workers`: threads, -1 for one per core; more than
/// the cores are capped to them.
///
/// The words of the names are weighed by how many indexed names hold them (a common given
/// name says less than a rare family name): search scores depend on the list, where
/// `similarity` of two names alone does not. `frequencies_of`: another index whose word
/// frequencies this one weighs by (names added to a list since its index was built).
/// `entities`: the entity of each name, when the ids are not entities (a registry's alias
/// rows); the frequencies count each entity once (by default, each id). `weak`: one flag per
/// name, true for a weak alias (a broad or generic one, as lists mark them: OFAC's "weak
/// a.k.a.", the UN's "low quality"): a screening search counts it only where the query agrees
/// with it word for word (short of that, its score is scaled by `WEAK_ALIAS_FACTOR`).
#[pyclass(frozen, module = "polyname._core")]
struct NameIndex {
    inner: core::NameIndex,
}

/// A search's rules, read from the attributes of any object that has them (the package's
/// `polyname.SearchSettings`).
#[derive(FromPyObject)]
struct SearchSettings {
    query_extra_factor: f64,
    name_extra_factor: f64,
    name_extra_ignores_rarity: bool,
    min_evidence: f64,
    initial_similarity: f64,
    weak_alias_factor: f64,
    strict_latin: bool,
}

impl From<SearchSettings> for core::Rules {
    fn from(s: SearchSettings) -> Self {
        core::Rules {
            extra_factor: [s.query_extra_factor as f32, s.name_extra_factor as f32],
            extra_ignores_rarity: [false, s.name_extra_ignores_rarity],
            strict_latin: s.strict_latin,
            initial_similarity: s.initial_similarity as f32,
            // (The query's words: one common word is no query to alert on.)
            min_evidence: [s.min_evidence as f32, 0.0],
            weak_alias_factor: s.weak_alias_factor as f32,
        }
    }
}

/// The rules of a search whose `mode` is a mode's name or settings in full.
fn rules_of(mode: Option<&Bound<'_, PyAny>>) -> PyResult<core::Rules> {
    let Some(mode) = mode else {
        return Ok(core::Mode::default().rules());
    };
    if let Ok(name) = mode.extract::<String>() {
        return match name.as_str() {
            "screening" => Ok(core::Mode::Screening.rules()),
            "mention" => Ok(core::Mode::Mention.rules()),
            other => Err(InvalidArgumentError::new_err(format!("mode must be 'screening' or 'mention', got {other:?}"))),
        };
    }
    match mode.extract::<SearchSettings>() {
        Ok(settings) => Ok(settings.into()),
        Err(_) => Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "mode must be 'screening', 'mention' or a polyname.SearchSettings, got {}",
            mode.get_type().name()?
        ))),
    }
}

/// The rules of `mode` as the attributes of `polyname.SearchSettings` (its defaults).
fn search_defaults(py: Python<'_>, mode: core::Mode) -> PyResult<Bound<'_, pyo3::types::PyDict>> {
    let r = mode.rules();
    let d = pyo3::types::PyDict::new(py);
    d.set_item("query_extra_factor", decimal(r.extra_factor[0]))?;
    d.set_item("name_extra_factor", decimal(r.extra_factor[1]))?;
    d.set_item("name_extra_ignores_rarity", r.extra_ignores_rarity[1])?;
    d.set_item("min_evidence", decimal(r.min_evidence[0]))?;
    d.set_item("initial_similarity", decimal(r.initial_similarity))?;
    d.set_item("weak_alias_factor", decimal(r.weak_alias_factor))?;
    d.set_item("strict_latin", r.strict_latin)?;
    Ok(d)
}

#[pymethods]
impl NameIndex {
    #[new]
    #[pyo3(
        signature = (ids, names, *, workers = -1, frequencies_of = None, entities = None, weak = None),
        text_signature = "(ids, names, *, workers=-1, frequencies_of=None, entities=None, weak=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        ids: Batch<String>,
        names: Batch<String>,
        workers: i64,
        frequencies_of: Option<PyRef<'_, NameIndex>>,
        entities: Option<Batch<String>>,
        weak: Option<Vec<bool>>,
    ) -> PyResult<Self> {
        let (ids, names) = (ids.0, names.0);
        let inner = match (frequencies_of, entities) {
            (Some(_), Some(_)) => {
                return Err(InvalidArgumentError::new_err("frequencies_of and entities: an index counts its own words or takes another's, not both"));
            }
            (Some(other), None) => {
                let other = &other.inner;
                interruptible(py, |cancel| core::NameIndex::with_frequencies_of(other, ids, names, workers, cancel))?
            }
            (None, Some(entities)) => {
                interruptible(py, |cancel| core::NameIndex::with_entities(ids, names, entities.0, workers, cancel))?
            }
            (None, None) => interruptible(py, |cancel| core::NameIndex::new_cancellable(ids, names, workers, cancel))?,
        };
        let inner = match weak {
            Some(weak) => inner.with_weak_aliases(weak).map_err(to_py_err)?,
            None => inner,
        };
        Ok(NameIndex { inner })
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// For each query, up to `limit` matches with score >= `score_cutoff`, best first.
    /// `mode`: "screening" (full names against a list: a word found on one side only costs
    /// twice what it costs in `similarity`), "mention" (a part of a name, as text mentions
    /// one: a word of the name that the mention leaves out costs half), or an object with the
    /// attributes of `polyname.SearchSettings` (the rules in full).
    /// `explain=True` attaches each match's explanation. `exhaustive=True` scores every
    /// indexed name instead of the candidates (slow; for measuring what the candidate step
    /// misses). `limit` must be 0 or more.
    #[pyo3(
        signature = (queries, *, limit = 5, score_cutoff = 0.0, workers = -1, exhaustive = false, mode = None, explain = false),
        text_signature = "($self, queries, *, limit=5, score_cutoff=0.0, workers=-1, exhaustive=False, mode='screening', explain=False)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        py: Python<'_>,
        queries: Batch<String>,
        limit: i64,
        score_cutoff: f64,
        workers: i64,
        exhaustive: bool,
        mode: Option<&Bound<'_, PyAny>>,
        explain: bool,
    ) -> PyResult<Vec<Vec<Match>>> {
        let queries = queries.0;
        let limit = usize::try_from(limit)
            .map_err(|_| InvalidArgumentError::new_err(format!("limit must be 0 or more, got {limit}")))?;
        let rules = rules_of(mode)?;
        let options = core::SearchOptions { limit, cutoff: score_cutoff as f32, exhaustive, rules };
        let hits = interruptible(py, |cancel| self.inner.search_many_cancellable(&queries, options, workers, cancel))?;
        let explanations: Vec<Vec<core::Explanation>> = if explain {
            let inner = &self.inner;
            py.detach(|| inner.explain_hits(&queries, &hits, rules, workers)).map_err(to_py_err)?
        } else {
            Vec::new()
        };
        let mut out = Vec::with_capacity(hits.len());
        for (k, row) in hits.into_iter().enumerate() {
            let mut matches = Vec::with_capacity(row.len());
            for (j, h) in row.into_iter().enumerate() {
                let explanation = match explanations.get(k) {
                    Some(es) => Some(Py::new(py, explanation_of(py, &es[j])?)?),
                    None => None,
                };
                matches.push(Match {
                    id: self.inner.id(h.index).to_string(),
                    name: self.inner.name(h.index).to_string(),
                    score: f64::from(h.score),
                    explanation,
                });
            }
            out.push(matches);
        }
        Ok(out)
    }

    /// The mentions of the indexed names in each text, in order of their offsets (character
    /// offsets into the text as given). A span is a mention when it scores `threshold` or
    /// more against a name as a full name (screening rules); a part of a name (a family name,
    /// a word of an organization's name) is one where the text names the same entity in full,
    /// spelled the same ("reference"). `entities`: the entity of each indexed name, when the ids are not
    /// entities (a registry's alias rows); by default names of one id are one entity.
    /// `unknown=True` adds the spans that read as names but resolve to none (method
    /// "unknown", empty id and name): runs of capitalized words, and runs of Arabic-script
    /// words that begin and end with words of the indexed names.
    #[pyo3(
        signature = (texts, *, threshold = core::MATCH_THRESHOLD as f64, entities = None, workers = -1, explain = false, unknown = false),
        text_signature = "($self, texts, *, threshold=MATCH_THRESHOLD, entities=None, workers=-1, explain=False, unknown=False)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn link(
        &self,
        py: Python<'_>,
        texts: Batch<String>,
        threshold: f64,
        entities: Option<Batch<String>>,
        workers: i64,
        explain: bool,
        unknown: bool,
    ) -> PyResult<Vec<Vec<TextMention>>> {
        let texts = texts.0;
        let groups: Option<Vec<u32>> = entities.map(|e| {
            let mut numbers: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
            e.0.into_iter()
                .map(|id| {
                    let next = numbers.len() as u32;
                    *numbers.entry(id).or_insert(next)
                })
                .collect()
        });
        let options = core::LinkOptions { threshold: threshold as f32, explain, unknown };
        let inner = &self.inner;
        let found = interruptible(py, |cancel| inner.link_many(&texts, groups.as_deref(), options, workers, cancel))?;
        let mut out = Vec::with_capacity(found.len());
        for row in found {
            let mut mentions = Vec::with_capacity(row.len());
            for m in row {
                let explanation = match &m.explanation {
                    Some(e) => Some(Py::new(py, explanation_of(py, e)?)?),
                    None => None,
                };
                mentions.push(TextMention {
                    start: m.start,
                    end: m.end,
                    id: m.index.map(|i| self.inner.id(i).to_string()).unwrap_or_default(),
                    name: m.index.map(|i| self.inner.name(i).to_string()).unwrap_or_default(),
                    score: f64::from(m.score),
                    method: method_name(m.method),
                    sentence_start: m.sentence.0,
                    sentence_end: m.sentence.1,
                    explanation,
                });
            }
            out.push(mentions);
        }
        Ok(out)
    }

    /// The index as bytes (`NameIndex.from_bytes` reads them back in the same polyname), with
    /// `label` (at most 4,096 bytes of UTF-8: what the index was built from) in their header.
    #[pyo3(signature = (*, label = ""))]
    fn to_bytes<'py>(&self, py: Python<'py>, label: &str) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
        let inner = &self.inner;
        let bytes = py.detach(|| inner.to_bytes(label)).map_err(to_py_err)?;
        Ok(pyo3::types::PyBytes::new(py, &bytes))
    }

    /// An index from the bytes of `to_bytes`. Bytes that are no saved index, one saved by
    /// another build of polyname, truncated or damaged, or (given `label`) one saved with
    /// another label raise `IndexFileError`.
    #[staticmethod]
    #[pyo3(signature = (data, *, label = None))]
    fn from_bytes(py: Python<'_>, data: &[u8], label: Option<&str>) -> PyResult<Self> {
        py.detach(|| read_index(data, label)).map(|inner| NameIndex { inner }).map_err(to_py_err)
    }

    /// Writes the index to the file `path` (`to_bytes`, with `label`), whole or not at all:
    /// the bytes go to a new file beside it that then takes its place.
    #[pyo3(signature = (path, *, label = ""))]
    fn save(&self, py: Python<'_>, path: std::path::PathBuf, label: &str) -> PyResult<()> {
        if label.len() > core::persist::MAX_LABEL {
            return Err(InvalidArgumentError::new_err(format!("a label is at most {} bytes long, got {}", core::persist::MAX_LABEL, label.len())));
        }
        let inner = &self.inner;
        py.detach(|| -> std::io::Result<()> {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let temporary = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
            let written = std::fs::File::create(&temporary).and_then(|file| {
                let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
                inner.write_to(&mut out, label)?;
                // (Not synced: a file cut short by a crash fails its checksum when read.)
                out.into_inner().map_err(std::io::IntoInnerError::into_error).map(drop)
            });
            let written = written.and_then(|_| std::fs::rename(&temporary, &path));
            if written.is_err() {
                let _ = std::fs::remove_file(&temporary);
            }
            written
        })
        .map_err(|e| io_error(e, &path))
    }

    /// The index saved in the file `path` (`save`): read in one pass, checked as
    /// `from_bytes` checks its bytes (and, given `label`, refused unless saved with it).
    #[staticmethod]
    #[pyo3(signature = (path, *, label = None))]
    fn load(py: Python<'_>, path: std::path::PathBuf, label: Option<&str>) -> PyResult<Self> {
        let read = py.detach(|| std::fs::read(&path).map(|bytes| read_index(&bytes, label)));
        match read {
            Err(e) => Err(io_error(e, &path)),
            Ok(Err(e)) => Err(IndexFileError::new_err(format!("{}: {e}", path.display()))),
            Ok(Ok(inner)) => Ok(NameIndex { inner }),
        }
    }

    /// Pickled as its bytes: an index goes to another process (a worker, an executor) whole.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, pyo3::types::PyBytes>,))> {
        let from_bytes = slf.get_type().getattr("from_bytes")?;
        Ok((from_bytes, (slf.get().to_bytes(slf.py(), "")?,)))
    }
}

/// One mention found in a text by `NameIndex.link`: its character offsets (`text[start:end]`
/// is the surface), the indexed name's id and text, the score, how it was found (`method`:
/// "exact", "fuzzy", "acronym", "reference", or "unknown" for a name-like span of no indexed
/// name), the offsets of its sentence, and
/// the explanation when asked for.
#[pyclass(frozen, get_all, module = "polyname._core")]
struct TextMention {
    start: usize,
    end: usize,
    id: String,
    name: String,
    score: f64,
    method: &'static str,
    sentence_start: usize,
    sentence_end: usize,
    explanation: Option<Py<Explanation>>,
}

#[pymethods]
impl TextMention {
    fn __repr__(&self) -> String {
        format!("TextMention(start={}, end={}, id={:?}, name={:?}, score={:.3}, method={:?})",
            self.start, self.end, self.id, self.name, self.score, self.method)
    }
}

fn method_name(m: core::Method) -> &'static str {
    match m {
        core::Method::Exact => "exact",
        core::Method::Fuzzy => "fuzzy",
        core::Method::Acronym => "acronym",
        core::Method::Reference => "reference",
        core::Method::Unknown => "unknown",
    }
}

/// A scored pair as Python sees it: `(left_row, right_row, score, link, mean, lowest)`.
type PyPair = (u32, u32, f64, Py<PyAny>, Option<f64>, Option<f64>);

/// The clusters of a list of rows, from `dedup`.
#[pyclass(frozen, get_all, module = "polyname._core")]
struct Clusters {
    /// The cluster of each row, numbered from 0 in an order that does not depend on the
    /// order of the rows.
    labels: Vec<u32>,
    /// Rows in each cluster.
    sizes: Vec<u32>,
    /// For each cluster, a row whose name is its representative spelling.
    representatives: Vec<u32>,
    /// For each cluster, its first row in the order of (block, name, evidence): a stable
    /// handle for naming the cluster.
    anchors: Vec<u32>,
    /// Every pair of rows scored at or above the threshold, strongest first, as
    /// `(left_row, right_row, score, link, mean, lowest)`: link is a `polyname.Link`, JOINED
    /// (this pair joined two clusters), WITHIN (already one cluster) or REFUSED (the clusters
    /// did not hold together), and mean and lowest are the mean and lowest score over the
    /// two clusters' cores when they were refused (None otherwise).
    pairs: Vec<PyPair>,
}

#[pymethods]
impl Clusters {
    fn __len__(&self) -> usize {
        self.sizes.len()
    }

    fn __repr__(&self) -> String {
        format!("Clusters({} rows in {} clusters, {} scored pairs)", self.labels.len(), self.sizes.len(), self.pairs.len())
    }
}

/// Dedup's settings, read from the attributes of any object that has them (the package's
/// `polyname.DedupSettings`).
#[derive(FromPyObject)]
struct DedupSettings {
    link_slack: f64,
    mean_slack: f64,
    evidence_agree: f64,
    evidence_disagree: f64,
    candidates: usize,
    max_postings: usize,
    core: usize,
}

impl From<DedupSettings> for core::DedupSettings {
    fn from(s: DedupSettings) -> Self {
        core::DedupSettings {
            link_slack: s.link_slack as f32,
            mean_slack: s.mean_slack as f32,
            evidence_agree: s.evidence_agree as f32,
            evidence_disagree: s.evidence_disagree as f32,
            candidates: s.candidates,
            max_postings: s.max_postings,
            core: s.core,
        }
    }
}

/// Clusters rows whose names denote one entity (see `polyname.dedup`). `blocks`: rows
/// with different blocks are never compared; `evidence`: columns (each as long as `names`,
/// "" = missing) whose agreement raises a pair's score and disagreement lowers it;
/// `settings`: an object with the attributes of `polyname.DedupSettings` (None: the core's
/// defaults, the `DEDUP_*` constants). Names are compared on their first 1,024 characters
/// (see `similarity`). `workers`: threads, -1 for one per core; more than the cores are
/// capped to them.
#[pyfunction]
#[pyo3(
    signature = (names, *, threshold, blocks = None, evidence = Batch(Vec::new()), settings = None, workers = -1),
    text_signature = "(names, *, threshold, blocks=None, evidence=(), settings=None, workers=-1)"
)]
#[allow(clippy::too_many_arguments)]
fn dedup(
    py: Python<'_>,
    names: Batch<String>,
    threshold: f64,
    blocks: Option<Batch<String>>,
    evidence: Batch<Batch<String>>,
    settings: Option<DedupSettings>,
    workers: i64,
) -> PyResult<Clusters> {
    let names = names.0;
    let blocks = blocks.map(|b| b.0);
    let evidence: Vec<Vec<String>> = evidence.0.into_iter().map(|c| c.0).collect();
    let settings = settings.map_or_else(core::DedupSettings::default, Into::into);
    let rows = core::Rows { names: &names, blocks: blocks.as_deref(), evidence: &evidence };
    let c = interruptible(py, |cancel| core::dedup_cancellable(&rows, threshold as f32, &settings, workers, cancel))?;
    let pairs = c
        .pairs
        .into_iter()
        .map(|p| {
            let (link, mean, lowest) = link_member(py, p.link)?;
            Ok((p.left, p.right, f64::from(p.score), link, mean, lowest))
        })
        .collect::<PyResult<_>>()?;
    Ok(Clusters { labels: c.labels, sizes: c.sizes, representatives: c.representatives, anchors: c.anchors, pairs })
}

/// An `f32` setting as the shortest decimal that reads back as it (0.15, not
/// 0.15000000596046448): what Python shows is what the core uses.
fn decimal(x: f32) -> f64 {
    x.to_string().parse::<f64>().ok().filter(|&d| d as f32 == x).unwrap_or(f64::from(x))
}

/// The native core of polyname.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("MATCH_THRESHOLD", f64::from(core::MATCH_THRESHOLD))?;
    m.add("WEAK_ALIAS_FACTOR", decimal(core::rules::WEAK_ALIAS_FACTOR))?;
    // A search's defaults in each mode, read by polyname.SearchSettings.
    let search = pyo3::types::PyDict::new(m.py());
    search.set_item("screening", search_defaults(m.py(), core::Mode::Screening)?)?;
    search.set_item("mention", search_defaults(m.py(), core::Mode::Mention)?)?;
    m.add("SEARCH_DEFAULTS", search)?;
    // Dedup's defaults, read by polyname.DedupSettings.
    let d = core::DedupSettings::default();
    m.add("DEDUP_LINK_SLACK", decimal(d.link_slack))?;
    m.add("DEDUP_MEAN_SLACK", decimal(d.mean_slack))?;
    m.add("DEDUP_EVIDENCE_AGREE", decimal(d.evidence_agree))?;
    m.add("DEDUP_EVIDENCE_DISAGREE", decimal(d.evidence_disagree))?;
    m.add("DEDUP_CANDIDATES", d.candidates)?;
    m.add("DEDUP_MAX_POSTINGS", d.max_postings)?;
    m.add("DEDUP_CORE", d.core)?;
    m.add("MAX_NAME_CHARS", core::MAX_NAME_CHARS)?;
    m.add("MAX_WORDS", core::MAX_WORDS)?;
    m.add("MAX_TOKEN_SYMBOLS", core::MAX_TOKEN_SYMBOLS)?;
    m.add("PolynameError", m.py().get_type::<PolynameError>())?;
    m.add("LengthMismatchError", m.py().get_type::<LengthMismatchError>())?;
    m.add("InvalidArgumentError", m.py().get_type::<InvalidArgumentError>())?;
    m.add("IndexFileError", m.py().get_type::<IndexFileError>())?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(romanize, m)?)?;
    m.add_function(wrap_pyfunction!(match_keys, m)?)?;
    m.add_function(wrap_pyfunction!(dominant_script, m)?)?;
    m.add_function(wrap_pyfunction!(similarity, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_many, m)?)?;
    m.add_function(wrap_pyfunction!(romanize_many, m)?)?;
    m.add_function(wrap_pyfunction!(similarity_many, m)?)?;
    m.add_function(wrap_pyfunction!(explain_many, m)?)?;
    m.add_function(wrap_pyfunction!(dedup, m)?)?;
    m.add_class::<NameIndex>()?;
    m.add_class::<Clusters>()?;
    m.add_class::<Match>()?;
    m.add_class::<TextMention>()?;
    m.add_class::<Explanation>()?;
    m.add_class::<ExplanationPart>()?;
    Ok(())
}
