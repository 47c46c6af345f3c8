//! The text of translation files: how nt3 reads the encodings platforms write.

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
