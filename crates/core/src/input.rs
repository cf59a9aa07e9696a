//! Taking in a file: the size limit, and bytes → text with errors that say where.
//!
//! Every reader holds its whole input in memory, so an input is refused above a
//! limit ([`MAX_INPUT_BYTES`] unless the caller sets another) before it is read
//! in full: `tagmark lint /dev/zero` stops at the limit with a sentence instead
//! of growing until the machine runs out of memory. Invalid UTF-8 is reported at
//! its line and column (the column counts the characters before the bad byte),
//! like every other error in a text file.

use std::fmt;

use crate::offsets::LineIndex;

/// The default limit on one input: 256 MiB. A browser tab cannot hold much more
/// as text (JavaScript keeps a copy in UTF-16, the app one in UTF-8).
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Why an input was not taken in. [`fmt::Display`] gives a sentence naming the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// The input is larger than the limit.
    TooLarge {
        /// The input's name (a path, `<stdin>`, a file name).
        file: String,
        /// Its size in bytes, when known (a stream is cut off at the limit).
        size: Option<u64>,
        /// The limit in bytes.
        limit: u64,
    },
    /// The input is not UTF-8 text.
    NotUtf8 {
        /// The input's name.
        file: String,
        /// The 1-based line of the first invalid byte.
        line: usize,
        /// Its 1-based column, in characters.
        column: usize,
        /// Its byte offset.
        byte: usize,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::TooLarge { file, size: Some(size), limit } => write!(
                f,
                "`{file}` is too large: {} is over the limit of {}",
                human_size(*size),
                human_size(*limit)
            ),
            InputError::TooLarge { file, size: None, limit } => {
                write!(f, "`{file}` is too large: it goes on past the limit of {}", human_size(*limit))
            }
            InputError::NotUtf8 { file, line, column, byte } => write!(
                f,
                "`{file}` is not UTF-8 text: the bytes at {line}:{column} (byte {byte}) are not a UTF-8 character"
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// A size for people: `512 bytes`, `3.0 KiB`, `256 MiB`, `1.5 GiB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Parses a size: a number of bytes, optionally followed by `K`, `M`, `G` (or
/// `KiB`, `MiB`, `GiB`; powers of 1024). `None` for anything else, or zero.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(digits);
    let n: u64 = number.parse().ok()?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return None,
    };
    n.checked_mul(factor).filter(|&b| b > 0)
}

/// Checks a size known before reading (a file's length) against `limit`.
pub fn check_size(file: &str, size: u64, limit: u64) -> Result<(), InputError> {
    if size > limit {
        Err(InputError::TooLarge {
            file: file.to_string(),
            size: Some(size),
            limit,
        })
    } else {
        Ok(())
    }
}

/// Reads at most `limit` bytes from `reader`; more is [`InputError::TooLarge`]
/// (without reading the rest), an I/O failure is passed on.
pub fn read_limited(
    file: &str,
    reader: impl std::io::Read,
    limit: u64,
) -> Result<Result<Vec<u8>, InputError>, std::io::Error> {
    let mut bytes = Vec::new();
    let mut taken = reader.take(limit.saturating_add(1));
    std::io::Read::read_to_end(&mut taken, &mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(InputError::TooLarge {
            file: file.to_string(),
            size: None,
            limit,
        }));
    }
    Ok(Ok(bytes))
}

/// The bytes as text, or where the first byte that is not UTF-8 is.
/// A byte order mark is kept: it is a character of the text.
pub fn decode(file: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    String::from_utf8(bytes).map_err(|e| {
        let byte = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        // The prefix up to `byte` is valid by definition.
        let valid = std::str::from_utf8(&bytes[..byte]).unwrap_or_default();
        let at = LineIndex::new(valid).line_col(valid, byte);
        InputError::NotUtf8 {
            file: file.to_string(),
            line: at.line,
            column: at.column,
            byte,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_reported_at_line_and_column() {
        let bytes = b"first line\r\nsecond \xC3\xA9t\xE9\n".to_vec();
        let err = decode("a.txt", bytes).unwrap_err();
        assert_eq!(
            err,
            InputError::NotUtf8 {
                file: "a.txt".into(),
                line: 2,
                column: 10,
                byte: 22
            }
        );
        assert_eq!(
            err.to_string(),
            "`a.txt` is not UTF-8 text: the bytes at 2:10 (byte 22) are not a UTF-8 character"
        );
        assert_eq!(
            decode("b", "\u{feff}x".as_bytes().to_vec()).unwrap(),
            "\u{feff}x"
        );
    }

    #[test]
    fn a_stream_is_cut_off_at_the_limit() {
        let endless = std::io::repeat(0);
        let err = read_limited("/dev/zero", endless, 1 << 20)
            .unwrap()
            .unwrap_err();
        assert_eq!(
            err,
            InputError::TooLarge {
                file: "/dev/zero".into(),
                size: None,
                limit: 1 << 20
            }
        );
        assert_eq!(
            err.to_string(),
            "`/dev/zero` is too large: it goes on past the limit of 1 MiB"
        );
        assert_eq!(
            read_limited("x", &b"12345"[..], 5).unwrap().unwrap(),
            b"12345"
        );
        assert!(check_size("big.jsonl", 300 << 20, MAX_INPUT_BYTES).is_err());
    }

    #[test]
    fn sizes_read_and_print() {
        assert_eq!(parse_size("1024"), Some(1024));
        assert_eq!(parse_size("512M"), Some(512 << 20));
        assert_eq!(parse_size("2GiB"), Some(2 << 30));
        assert_eq!(parse_size("0"), None);
        assert_eq!(parse_size("lots"), None);
        assert_eq!(human_size(300 << 20), "300 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
    }
}
