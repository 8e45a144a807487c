//! The golden name pairs shared with pytest (`tests/golden/seed_pairs.csv`): the matcher
//! must agree with each row at `MATCH_THRESHOLD`. Rows with a `gap` are known gaps and
//! must still be wrong, so that closing one is noticed and the CSV updated.

use polyname_core::{similarity, MATCH_THRESHOLD};

#[test]
fn golden_pairs_agree_with_the_matcher() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/golden/seed_pairs.csv");
    let mut reader = csv::Reader::from_path(path).expect("golden CSV is readable");
    let headers = reader.headers().expect("header").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name}"));
    let (a, b, expected, gap) = (col("a"), col("b"), col("expected"), col("gap"));
    let mut wrong = Vec::new();
    let mut rows = 0;
    for record in reader.records() {
        let r = record.expect("well-formed row");
        rows += 1;
        let score = similarity(&r[a], &r[b]);
        let verdict = if score >= MATCH_THRESHOLD { "match" } else { "no-match" };
        let agrees = verdict == &r[expected];
        let known_gap = !r[gap].is_empty();
        if agrees == known_gap {
            wrong.push(format!("{} / {}: {score:.3} (expected {}, gap: {:?})", &r[a], &r[b], &r[expected], &r[gap]));
        }
    }
    assert!(rows >= 100, "golden file has {rows} rows");
    assert!(wrong.is_empty(), "{} rows disagree:\n{}", wrong.len(), wrong.join("\n"));
}
