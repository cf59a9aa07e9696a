//! A minimal ZIP writer for one-file-per-document exports (brat, inline) in
//! the browser: entries are stored uncompressed, with UTF-8 names and a fixed
//! date (1980-01-01), so the same files always give the same bytes. No
//! dependencies; builds for any target.
//!
//! Limits (classic ZIP, no ZIP64): fewer than 65,535 files and under 4 GiB in
//! all; [`zip`] returns `None` beyond them.

use super::OutputFile;

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// The CRC-32 (IEEE) of `data`, as ZIP uses it.
pub fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c = CRC_TABLE[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8);
    }
    c ^ 0xFFFF_FFFF
}

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A ZIP archive of `files` (stored, not compressed), or `None` past the classic ZIP limits.
pub fn zip(files: &[OutputFile]) -> Option<Vec<u8>> {
    const DOS_DATE: u16 = (1 << 5) | 1; // 1980-01-01
    const FLAGS: u16 = 1 << 11; // names are UTF-8
    if files.len() >= 0xFFFF {
        return None;
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for f in files {
        let name = f.name.as_bytes();
        let data = f.content.as_bytes();
        let offset = u32::try_from(out.len()).ok()?;
        let size = u32::try_from(data.len()).ok()?;
        let name_len = u16::try_from(name.len()).ok()?;
        let crc = crc32(data);
        // Local file header.
        u32le(&mut out, 0x0403_4B50);
        u16le(&mut out, 20);
        u16le(&mut out, FLAGS);
        u16le(&mut out, 0); // stored
        u16le(&mut out, 0); // time
        u16le(&mut out, DOS_DATE);
        u32le(&mut out, crc);
        u32le(&mut out, size);
        u32le(&mut out, size);
        u16le(&mut out, name_len);
        u16le(&mut out, 0);
        out.extend_from_slice(name);
        out.extend_from_slice(data);
        // Central directory entry.
        u32le(&mut central, 0x0201_4B50);
        u16le(&mut central, 20);
        u16le(&mut central, 20);
        u16le(&mut central, FLAGS);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u16le(&mut central, DOS_DATE);
        u32le(&mut central, crc);
        u32le(&mut central, size);
        u32le(&mut central, size);
        u16le(&mut central, name_len);
        u16le(&mut central, 0); // extra
        u16le(&mut central, 0); // comment
        u16le(&mut central, 0); // disk
        u16le(&mut central, 0); // internal attributes
        u32le(&mut central, 0); // external attributes
        u32le(&mut central, offset);
        central.extend_from_slice(name);
    }
    let cd_offset = u32::try_from(out.len()).ok()?;
    let cd_size = u32::try_from(central.len()).ok()?;
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4B50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, files.len() as u16);
    u16le(&mut out, files.len() as u16);
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    u32::try_from(out.len()).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_of_known_input() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn archive_layout() {
        let files = vec![
            OutputFile {
                name: "a.txt".into(),
                content: "hello".into(),
            },
            OutputFile {
                name: "日本.ann".into(),
                content: "T1\tX 0 1\th\n".into(),
            },
        ];
        let z = zip(&files).unwrap();
        assert_eq!(&z[..4], b"PK\x03\x04");
        let end = &z[z.len() - 22..];
        assert_eq!(&end[..4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 2);
        // The first entry's data follows its 30-byte header and name.
        assert_eq!(&z[30 + 5..30 + 10], b"hello");
    }
}
