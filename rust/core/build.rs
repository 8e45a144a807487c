//! The digest of what an index is made with (`persist::BUILD`): every file of the core's
//! sources and tables, and the lock file that pins its dependencies. A saved index is read
//! back only by a core of the same digest.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).expect("src is readable").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// FNV-1a, 64 bits: stable across toolchains, as the digest must be.
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for &b in bytes {
        *hash ^= b as u64;
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut paths = Vec::new();
    files(&root.join("src"), &mut paths);
    let lock = root.join("../../Cargo.lock");
    if lock.exists() {
        paths.push(lock);
    }
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for path in &paths {
        let name = path.strip_prefix(&root).unwrap_or(path);
        fnv(&mut hash, name.to_string_lossy().as_bytes());
        fnv(&mut hash, &std::fs::read(path).expect("a source file is readable"));
    }
    println!("cargo:rustc-env=POLYNAME_CORE_DIGEST={hash:016x}");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=../../Cargo.lock");
}
