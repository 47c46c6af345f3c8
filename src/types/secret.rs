//! Values that must never be shown.
//!
//! [`Secret`] holds any sensitive string; [`Token`] is a secret that passed the Entri
//! token rules. Neither implements `Display`, and `Debug` prints a redaction, so a token
//! can only leave protection through an explicit `expose()` call.

use std::fmt;

/// A sensitive string. `Debug` redacts it; there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The raw value. Each call site is a place where the secret leaves protection.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

/// An Entri API token that satisfies the format rules.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(Secret);

impl Token {
    pub const PREFIX: &'static str = "entri_";
    /// Longest accepted token, in bytes.
    pub const MAX_LEN: usize = 4096;
    /// Tokens shorter than this are masked as the prefix alone.
    const MASK_MIN_LEN: usize = 14;

    /// Trims surrounding whitespace (a pasted `\r\n` included) and checks the format.
    ///
    /// The alphabet: `entri_` followed by at least one printable ASCII character other
    /// than a space (`!` to `~`). Anything else — non-ASCII, zero-width or direction
    /// characters, control characters, inner whitespace — is refused before a file or a
    /// header sees it, which also makes every token a valid HTTP header value and lets
    /// masking count bytes as characters.
    pub fn parse(raw: &str) -> Result<Self, TokenError> {
        let token = raw.trim();
        if token.is_empty() {
            return Err(TokenError::Empty);
        }
        let Some(rest) = token.strip_prefix(Self::PREFIX) else {
            return Err(TokenError::Prefix);
        };
        if rest.is_empty() {
            return Err(TokenError::PrefixOnly);
        }
        if token.len() > Self::MAX_LEN {
            return Err(TokenError::TooLong);
        }
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(TokenError::Alphabet);
        }
        Ok(Self(Secret::new(token.to_owned())))
    }

    /// The raw token. Each call site is a place where the token leaves protection.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    pub fn secret(&self) -> &Secret {
        &self.0
    }

    /// The form shown to people: `entri_…x7Qa`, or `entri_…` for short tokens.
    pub fn masked(&self) -> Masked {
        let token = self.expose();
        // Tokens are ASCII (see `parse`), so any byte index is a character boundary.
        if token.len() < Self::MASK_MIN_LEN {
            return Masked(format!("{}…", Self::PREFIX));
        }
        Masked(format!("{}…{}", Self::PREFIX, &token[token.len() - 4..]))
    }
}

/// A token as people see it: the prefix and its last four characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked(String);

impl fmt::Display for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token([REDACTED])")
    }
}

/// Why a token was rejected. Messages never contain the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Empty,
    Prefix,
    PrefixOnly,
    TooLong,
    Alphabet,
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "the token is empty",
            // The one message whose exact words the product contract fixes.
            Self::Prefix => "Invalid token format. Tokens should start with \"entri_\"",
            Self::PrefixOnly => "the token has nothing after \"entri_\"",
            Self::TooLong => "the token is longer than 4 KiB",
            Self::Alphabet => "the token may hold only printable ASCII characters, without spaces",
        })
    }
}

impl std::error::Error for TokenError {}

/// Masks anything shaped like a token in text nt3 did not write itself.
pub fn redact_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(Token::PREFIX) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | '`'))
            .unwrap_or(tail.len());
        out.push_str(Token::PREFIX);
        out.push_str("[REDACTED]");
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_surrounding_whitespace() {
        let token = Token::parse("  entri_abcdefghijkl\r\n").unwrap();
        assert_eq!(token.expose(), "entri_abcdefghijkl");
    }

    #[test]
    fn rejects_bad_tokens_with_specific_errors() {
        assert_eq!(Token::parse(" \n").unwrap_err(), TokenError::Empty);
        assert_eq!(Token::parse("ghp_abc").unwrap_err(), TokenError::Prefix);
        assert_eq!(Token::parse("entri_").unwrap_err(), TokenError::PrefixOnly);
        assert_eq!(
            Token::parse(" entri_ \n").unwrap_err(),
            TokenError::PrefixOnly
        );
        for bad in [
            "entri_a b",
            "entri_a\u{7}b",
            "entri_a\u{7f}b",
            "entri_caf\u{e9}",
            "entri_zero\u{200b}width",
            "entri_bidi\u{202e}olleh",
            "entri_\u{ff41}",
        ] {
            assert_eq!(
                Token::parse(bad).unwrap_err(),
                TokenError::Alphabet,
                "{bad:?}"
            );
        }
        assert!(
            Token::parse("entri_!~{}[]|\\^`").is_ok(),
            "all of `!`..`~` is allowed"
        );
        let long = format!("entri_{}", "a".repeat(Token::MAX_LEN));
        assert_eq!(Token::parse(&long).unwrap_err(), TokenError::TooLong);
        let max = format!("entri_{}", "a".repeat(Token::MAX_LEN - 6));
        assert!(Token::parse(&max).is_ok());
    }

    #[test]
    fn prefix_error_text_is_exact() {
        assert_eq!(
            TokenError::Prefix.to_string(),
            r#"Invalid token format. Tokens should start with "entri_""#
        );
    }

    #[test]
    fn masks_to_prefix_and_last_four() {
        assert_eq!(
            Token::parse("entri_0123456x7Qa")
                .unwrap()
                .masked()
                .to_string(),
            "entri_…x7Qa"
        );
        assert_eq!(
            Token::parse("entri_1234567").unwrap().masked().to_string(),
            "entri_…"
        );
        assert_eq!(
            Token::parse("entri_12345678").unwrap().masked().to_string(),
            "entri_…5678"
        );
    }

    #[test]
    fn redacts_token_shaped_text() {
        assert_eq!(
            redact_tokens("unexpected 'entri_abc123' and \"entri_x\" end entri_y"),
            "unexpected 'entri_[REDACTED]' and \"entri_[REDACTED]\" end entri_[REDACTED]"
        );
        assert_eq!(redact_tokens("nothing here"), "nothing here");
    }

    #[test]
    fn debug_redacts() {
        let token = Token::parse("entri_canary_value_123").unwrap();
        let shown = format!("{token:?} {:?} {:?}", token.secret(), Some(&token));
        assert!(!shown.contains("canary"), "{shown}");
    }
}
