//! The hostile-input harness for nt3's parsers (tests only): valid seeds, mutated the
//! way a hostile file or server would — brackets repeated thousands of times, quotes and
//! escapes spliced in, bytes cut, invalid UTF-8 — plus plain random bytes.
//!
//! Each parser that faces untrusted input has a property test built on [`inputs`] next
//! to it: it never panics, never overflows the stack (which would abort the test run),
//! and what it accepts keeps the parser's promise. `PROPTEST_CASES` sets the number of
//! cases (256 by default, as CI runs them); SECURITY.md records a long run.

use proptest::prelude::*;
use proptest::sample::Index;

/// Fragments hostile input is made of.
const TOKENS: &[&[u8]] = &[
    b"[",
    b"{",
    b"]",
    b"}",
    b"\"",
    b"'",
    b"\\",
    b"\n",
    b"\r",
    b": ",
    b"- ",
    b",",
    b"..",
    b"/",
    b"%2F",
    b"%2e%2e",
    b"?",
    b"#",
    b"\x1b[2J",
    "\u{202e}".as_bytes(),
    b"\0",
    b"&a ",
    b"*a",
    b"!!binary ",
    b"{lang}",
    b"{namespace}",
    b".git",
    b"GIT~1",
    b"null",
    b"true",
    b"1e999",
    b"-1",
    b"18446744073709551616",
    b"\"data\":",
    b"\"meta\":",
    b"\"totalPages\":",
    b"\"success\":false",
    b"event: ",
    b"data: ",
    b"id: ",
    b"retry: ",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(Index, usize),
    Delete(Index, usize),
    Repeat(Index, usize, usize),
    Byte(Index, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<Index>(), 0..TOKENS.len()).prop_map(|(at, token)| Edit::Insert(at, token)),
        2 => (any::<Index>(), 1usize..32).prop_map(|(at, len)| Edit::Delete(at, len)),
        1 => (any::<Index>(), 1usize..8, 1usize..3000)
            .prop_map(|(at, len, times)| Edit::Repeat(at, len, times)),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Edit::Byte(at, byte)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: Vec<Edit>) -> Vec<u8> {
    for edit in edits {
        let at = |index: &Index| index.index(bytes.len() + 1);
        match edit {
            Edit::Insert(index, token) => {
                let at = at(&index);
                bytes.splice(at..at, TOKENS[token].iter().copied());
            }
            Edit::Delete(index, len) => {
                let at = at(&index);
                bytes.drain(at..(at + len).min(bytes.len()));
            }
            Edit::Repeat(index, len, times) => {
                let at = at(&index);
                let piece: Vec<u8> = bytes[at..(at + len).min(bytes.len())].to_vec();
                let piece = if piece.is_empty() {
                    b"[".to_vec()
                } else {
                    piece
                };
                let repeated = piece.repeat(times);
                bytes.splice(at..at, repeated);
            }
            Edit::Byte(index, byte) => {
                if !bytes.is_empty() {
                    let at = index.index(bytes.len());
                    bytes[at] = byte;
                }
            }
        }
    }
    bytes
}

/// Hostile variations of `seeds`, and random bytes.
pub fn inputs(seeds: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    let mutated = (
        prop::sample::select(seeds),
        prop::collection::vec(edit(), 0..8),
    )
        .prop_map(|(seed, edits)| apply(seed.as_bytes().to_vec(), edits));
    prop_oneof![
        9 => mutated,
        1 => prop::collection::vec(any::<u8>(), 0..256),
    ]
}

/// The same, as text (invalid UTF-8 replaced), for parsers that take a `&str`.
pub fn text(seeds: &'static [&'static str]) -> impl Strategy<Value = String> {
    inputs(seeds).prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}
