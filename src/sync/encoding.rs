//! The text of translation files: how nt3 reads the encodings platforms write.

use std::io::{self, Read, Write};

/// A translation file's text: UTF-8 (a byte-order mark dropped), or UTF-16 with a
/// byte-order mark (what Xcode writes for `.strings`), as UTF-8 without one.
pub fn decode_text(bytes: Vec<u8>) -> Result<String, NotText> {
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        if !bytes.len().is_multiple_of(2) {
            return None;
        }
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|pair| unit([pair[0], pair[1]]))
            .collect();
        String::from_utf16(&units).ok()
    };
    let text = match bytes.as_slice() {
        [0xEF, 0xBB, 0xBF, rest @ ..] => std::str::from_utf8(rest).ok().map(String::from),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => String::from_utf8(bytes).ok(),
    };
    text.ok_or(NotText)
}

/// How a text file is stored: its encoding, byte-order mark and line endings. Pull
/// writes a file back the way it found it, so a pull that changes nothing on the
/// server changes nothing in the tree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Layout {
    pub encoding: Encoding,
    pub crlf: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Encoding {
    #[default]
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

impl Layout {
    /// The layout of a file's bytes: its byte-order mark, and `\r\n` line endings when
    /// most of its lines end so.
    pub fn of(bytes: &[u8]) -> Self {
        let (encoding, unit) = match bytes {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8Bom, 1),
            [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
            [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
            _ => (Encoding::Utf8, 1),
        };
        // In UTF-16 a line feed is `\n` and a zero byte, in either order: looking at the
        // byte where `\n` is, one unit after the `\r`, finds both.
        let (mut crlf, mut lf) = (0usize, 0usize);
        for (i, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'\n') {
            let before = i.checked_sub(unit).map(|at| bytes[at]);
            if before == Some(b'\r') {
                crlf += 1;
            } else {
                lf += 1;
            }
        }
        Self {
            encoding,
            crlf: crlf > lf,
        }
    }

    pub fn is_plain(self) -> bool {
        self == Self::default()
    }

    /// `text` (UTF-8, any line endings) stored this way.
    pub fn apply(self, text: &str) -> Vec<u8> {
        let text = if self.crlf {
            text.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            text.to_owned()
        };
        match self.encoding {
            Encoding::Utf8 => text.into_bytes(),
            Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
            Encoding::Utf16Le => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            Encoding::Utf16Be => [0xFE, 0xFF]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
        }
    }

    /// Copies UTF-8 text from `from` to `to`, stored this way, a chunk at a time: what
    /// [`Layout::apply`] does, with memory that stays flat however large the text.
    /// Bytes that are not UTF-8 are an `InvalidData` error.
    pub fn copy(self, from: &mut dyn Read, to: &mut dyn Write) -> io::Result<()> {
        to.write_all(match self.encoding {
            Encoding::Utf8 => &[],
            Encoding::Utf8Bom => &[0xEF, 0xBB, 0xBF],
            Encoding::Utf16Le => &[0xFF, 0xFE],
            Encoding::Utf16Be => &[0xFE, 0xFF],
        })?;
        let not_text = || io::Error::new(io::ErrorKind::InvalidData, NotText);
        let mut buf = vec![0; 64 * 1024];
        // What is not written yet: the end of a chunk that splits a character.
        let mut pending: Vec<u8> = Vec::new();
        let mut after_cr = false;
        let mut out = Vec::new();
        loop {
            let n = from.read(&mut buf)?;
            if n == 0 {
                return if pending.is_empty() {
                    Ok(())
                } else {
                    Err(not_text())
                };
            }
            pending.extend_from_slice(&buf[..n]);
            let whole = match std::str::from_utf8(&pending) {
                Ok(text) => text.len(),
                Err(err) if err.error_len().is_none() => err.valid_up_to(),
                Err(_) => return Err(not_text()),
            };
            let text = std::str::from_utf8(&pending[..whole]).map_err(|_| not_text())?;
            out.clear();
            self.encode(text, &mut after_cr, &mut out);
            to.write_all(&out)?;
            pending.drain(..whole);
        }
    }

    /// Appends `text` to `out` in this layout's encoding and line endings; `after_cr`
    /// says whether the text before it ended with `\r`.
    fn encode(self, text: &str, after_cr: &mut bool, out: &mut Vec<u8>) {
        let mut push = |part: &str| match self.encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => out.extend_from_slice(part.as_bytes()),
            Encoding::Utf16Le => out.extend(part.encode_utf16().flat_map(u16::to_le_bytes)),
            Encoding::Utf16Be => out.extend(part.encode_utf16().flat_map(u16::to_be_bytes)),
        };
        if !self.crlf {
            push(text);
            return;
        }
        // Each `\n` not already after a `\r` becomes `\r\n`.
        let bytes = text.as_bytes();
        let mut start = 0;
        for (i, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'\n') {
            let cr = match i {
                0 => *after_cr,
                _ => bytes[i - 1] == b'\r',
            };
            if !cr {
                push(&text[start..i]);
                push("\r");
                start = i;
            }
        }
        push(&text[start..]);
        if let Some(last) = bytes.last() {
            *after_cr = *last == b'\r';
        }
    }
}

/// Bytes that are not text nt3 can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotText;

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not valid UTF-8, nor UTF-16 with a byte-order mark")
    }
}

impl std::error::Error for NotText {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_is_found_and_applied_back() {
        for bytes in [
            b"a\r\nb\r\n".to_vec(),
            b"\xEF\xBB\xBFa\nb\n".to_vec(),
            [0xFF, 0xFE]
                .into_iter()
                .chain(
                    "\"k\" = \"v\";\r\n"
                        .encode_utf16()
                        .flat_map(u16::to_le_bytes),
                )
                .collect(),
            [0xFE, 0xFF]
                .into_iter()
                .chain("x\ny\n".encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
        ] {
            let layout = Layout::of(&bytes);
            let text = decode_text(bytes.clone()).unwrap().replace("\r\n", "\n");
            assert_eq!(layout.apply(&text), bytes, "{layout:?}");
        }
        assert!(Layout::of(b"plain\n").is_plain());
    }

    proptest::proptest! {
        /// Copied a chunk at a time, text comes out as `apply` stores it, wherever the
        /// chunks split a character or a `\r\n`.
        #[test]
        fn a_copy_stores_text_as_apply_does(
            text in "[a\r\né€😀\n]{0,40}",
            chunk in 1usize..7,
            encoding in 0usize..4,
            crlf: bool,
        ) {
            let encoding = [Encoding::Utf8, Encoding::Utf8Bom, Encoding::Utf16Le, Encoding::Utf16Be][encoding];
            let layout = Layout { encoding, crlf };
            let mut out = Vec::new();
            layout.copy(&mut Chunks(text.as_bytes(), chunk), &mut out).unwrap();
            proptest::prop_assert_eq!(out, layout.apply(&text));
        }
    }

    /// A reader that gives at most `.1` bytes at a time.
    struct Chunks<'a>(&'a [u8], usize);

    impl Read for Chunks<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(self.1).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_copy_refuses_what_is_not_utf8() {
        let mut out = Vec::new();
        let err = Layout::default()
            .copy(&mut &b"ok\xff"[..], &mut out)
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        let cut = Layout::default()
            .copy(&mut &b"\xc3"[..], &mut out)
            .unwrap_err();
        assert_eq!(
            cut.kind(),
            io::ErrorKind::InvalidData,
            "a character cut at the end"
        );
    }

    #[test]
    fn text_is_utf8_or_utf16_with_a_bom_and_leaves_as_utf8() {
        assert_eq!(
            decode_text(b"a=\"\xc3\xa9\";".to_vec()).unwrap(),
            "a=\"é\";"
        );
        assert_eq!(decode_text(b"\xEF\xBB\xBFx".to_vec()).unwrap(), "x");
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("\"k\" = \"é\";".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_text(le).unwrap(), "\"k\" = \"é\";");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("ok".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_text(be).unwrap(), "ok");
        assert!(decode_text(b"\xff\xfe\x00".to_vec()).is_err(), "odd UTF-16");
        assert!(decode_text(b"\xc3".to_vec()).is_err());
    }
}
