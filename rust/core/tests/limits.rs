//! The caps on what is compared (`MAX_NAME_CHARS`, `MAX_TOKEN_SYMBOLS`, `MAX_WORDS`) and on
//! worker threads: long or odd input gives an answer in [0, 1], never a panic, and a name
//! past the cap scores as its compared part does.

use polyname_core::parallel::{max_workers, with_workers};
use polyname_core::tokenize::tokenize;
use polyname_core::{capped, dedup, match_keys, similarity, similarity_many, DedupSettings, NameIndex, Rows, MAX_NAME_CHARS, MAX_TOKEN_SYMBOLS, MAX_WORDS};

fn in_unit_range(s: f32) -> bool {
    (0.0..=1.0).contains(&s)
}

#[test]
fn capped_cuts_on_a_character_boundary() {
    let short = "Hossein Taeb";
    assert_eq!(capped(short), short);
    let latin = "a".repeat(MAX_NAME_CHARS + 10);
    assert_eq!(capped(&latin).len(), MAX_NAME_CHARS);
    // Two-byte letters: more bytes than the cap, not more characters, until past it.
    let arabic = "م".repeat(MAX_NAME_CHARS);
    assert_eq!(capped(&arabic), arabic);
    let longer = "م".repeat(MAX_NAME_CHARS + 1);
    assert_eq!(capped(&longer).chars().count(), MAX_NAME_CHARS);
}

#[test]
fn a_name_past_the_cap_scores_as_its_compared_part() {
    let others = ["Hossein Taeb", "Mohammed Hassan", "حسين طائب", "zzz"];
    for long in [
        "Mohammed Hassan al-Tayeb ".repeat(100),
        "محمد حسن الطائب ".repeat(100),
        format!("Taeb, Hossein {}", "x".repeat(5000)),
    ] {
        assert!(long.chars().count() > MAX_NAME_CHARS);
        let part = capped(&long);
        for other in others {
            assert_eq!(similarity(&long, other), similarity(part, other), "{other}");
            assert_eq!(similarity(other, &long), similarity(other, part), "{other}");
        }
        assert_eq!(match_keys(&long), match_keys(part));
    }
}

#[test]
fn a_token_is_compared_on_its_first_symbols() {
    for t in tokenize(&format!("{} b", "ka".repeat(3 * MAX_TOKEN_SYMBOLS))) {
        assert!(t.syms.len() <= MAX_TOKEN_SYMBOLS, "{} symbols", t.syms.len());
    }
    // Two words that differ only past the cap are the same word to the matcher.
    // ("ka": a doubled letter would be read as one sound.)
    let (a, b) = ("ka".repeat(MAX_TOKEN_SYMBOLS), format!("{}x", "ka".repeat(MAX_TOKEN_SYMBOLS)));
    assert_eq!(similarity(&a, &b), 1.0);
    assert!(similarity("kakaka", "kakakax") < 1.0, "within the cap every symbol counts");
    // The example: an answer, quickly, in [0, 1].
    let s = similarity(&"a".repeat(80_000), &format!("{}x", "a".repeat(40_000)));
    assert!(in_unit_range(s));
}

#[test]
fn names_of_many_words_keep_at_most_max_words() {
    let many = "Ali ".repeat(10 * MAX_WORDS);
    assert!(tokenize(&many).len() <= MAX_WORDS);
    let s = similarity(&many, &"Bakr ".repeat(10 * MAX_WORDS));
    assert!(in_unit_range(s));
}

#[test]
fn odd_and_long_strings_never_panic() {
    let texts = [
        "ﬃ".repeat(300_000),
        "\u{200c}".repeat(10).to_string() + &["محمد"; 20_000].join("\u{200c}"),
        "\u{fdfa}".repeat(5_000),
        "e\u{301}".repeat(50_000),
        "石".repeat(100_000),
        "I.R.G.C.".repeat(2_000),
        ", , ,".repeat(1_000),
        "\u{0}\u{ffff}\u{10ffff}".repeat(1_000),
        String::new(),
    ];
    for a in &texts {
        for b in &texts {
            assert!(in_unit_range(similarity(a, b)), "{:?} / {:?}", &a[..a.len().min(12)], &b[..b.len().min(12)]);
        }
    }
}

#[test]
fn an_acronym_against_many_particles_does_not_branch_without_end() {
    // Each "bin" may give its letter or be skipped: without remembering the states that
    // failed, this spelling tries about C(40, 30) ways before it gives up.
    let acronym = format!("{} Z", ["B"; 30].join(" "));
    let name = format!("Zed Bob {}", "bin ".repeat(40));
    assert!(in_unit_range(similarity(&acronym, &name)));
    // A real acronym still meets its expansion through particles.
    assert!(similarity("HTS", "Hayat Tahrir al-Sham") >= 0.75);
}

#[test]
fn workers_above_the_cores_are_capped() {
    let threads = with_workers(10_000, rayon::current_num_threads).unwrap();
    assert_eq!(threads, max_workers());
    assert_eq!(with_workers(1, rayon::current_num_threads).unwrap(), 1);
    assert!(with_workers(i64::MAX, || ()).is_ok());
    let names = ["Hossein Taeb".to_string(), "Hussein al-Tayeb".to_string()];
    let scores = similarity_many(&names[..1], &names[1..], 100_000).unwrap();
    assert_eq!(scores, vec![similarity(&names[0], &names[1])]);
}

#[test]
fn index_and_dedup_take_long_names() {
    let long = "ﬃ".repeat(300_000);
    let names = vec!["x".to_string(), long.clone(), "Hossein Taeb".to_string(), format!("{long} b")];
    let ids = (0..names.len()).map(|i| i.to_string()).collect();
    let index = NameIndex::new(ids, names.clone(), -1).unwrap();
    let hits = index.search_many(&[long[..long.len() / 2].to_string(), "Hossein Taeb".into()], 3, 0.0, false, -1).unwrap();
    assert!(hits.iter().flatten().all(|h| in_unit_range(h.score)));
    assert_eq!(index.name(hits[1][0].index), "Hossein Taeb");
    let clusters = dedup(&Rows { names: &names, blocks: None, evidence: &[] }, 0.75, &DedupSettings::default(), -1).unwrap();
    assert_eq!(clusters.labels.len(), names.len());
    // Past the cap the two long names are the same text.
    assert_eq!(clusters.labels[1], clusters.labels[3]);
}

#[test]
fn long_calls_stop_when_cancelled() {
    use polyname_core::{dedup_cancellable, Cancel, Error};
    let names: Vec<String> = ["Hossein Taeb", "Hussein al-Tayeb", "Ismail Qaani"].iter().map(|s| s.to_string()).collect();
    let ids: Vec<String> = (0..names.len()).map(|i| i.to_string()).collect();
    let rows = Rows { names: &names, blocks: None, evidence: &[] };
    let (go, stop) = (Cancel::new(), Cancel::new());
    stop.cancel();
    assert!(stop.is_cancelled() && stop.clone().is_cancelled() && !go.is_cancelled());
    assert_eq!(dedup_cancellable(&rows, 0.75, &DedupSettings::default(), -1, &stop).unwrap_err(), Error::Cancelled);
    assert_eq!(dedup_cancellable(&rows, 0.75, &DedupSettings::default(), -1, &go).unwrap().labels, dedup(&rows, 0.75, &DedupSettings::default(), -1).unwrap().labels);
    assert_eq!(NameIndex::new_cancellable(ids.clone(), names.clone(), -1, &stop).err(), Some(Error::Cancelled));
    let index = NameIndex::new_cancellable(ids, names.clone(), -1, &go).unwrap();
    assert_eq!(index.search_many_cancellable(&names, polyname_core::SearchOptions { limit: 2, cutoff: 0.0, exhaustive: false, rules: polyname_core::Mode::Screening.rules() }, -1, &stop).unwrap_err(), Error::Cancelled);
    assert_eq!(
        index.search_many_cancellable(&names, polyname_core::SearchOptions { limit: 2, cutoff: 0.0, exhaustive: false, rules: polyname_core::Mode::Screening.rules() }, -1, &go).unwrap(),
        index.search_many(&names, 2, 0.0, false, -1).unwrap()
    );
}
