//! A workbook under a password, recognised before anything else reads it (SPEC §2, §8):
//! encrypted OOXML (an OLE container holding EncryptionInfo and EncryptedPackage, what
//! Excel and WPS write for .xlsx/.xlsm/.xlsb with 用密码进行加密), an .xls whose globals
//! carry a FILEPASS record (XOR, RC4 or CryptoAPI; also Excel's default key, which opens
//! without a prompt in Excel), an ODS whose manifest declares encryption, and a zip-based
//! workbook whose parts are encrypted. Its cells are noise: reading them would report a
//! size or a corruption, never the password.

use std::io::{Cursor, Read};

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The BIFF record that says the rest of the workbook stream is encrypted.
const FILEPASS: u16 = 0x002F;
const EOF: u16 = 0x000A;

/// True when the workbook's content is encrypted.
pub(crate) fn is_encrypted(bytes: &[u8]) -> bool {
    if bytes.starts_with(OLE_MAGIC) {
        ole_encrypted(bytes)
    } else if bytes.starts_with(ZIP_MAGIC) {
        zip_encrypted(bytes)
    } else {
        false
    }
}

fn ole_encrypted(bytes: &[u8]) -> bool {
    let Ok(mut file) = cfb::CompoundFile::open(Cursor::new(bytes)) else { return false };
    if file.is_stream("/EncryptionInfo") || file.is_stream("/EncryptedPackage") {
        return true;
    }
    let Some(name) = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"].into_iter().find(|n| file.is_stream(n)) else {
        return false;
    };
    let Ok(stream) = file.open_stream(name) else { return false };
    // FILEPASS sits in the globals, right after BOF and before the first sheet: a few
    // kilobytes at most; the rest of the stream is not needed.
    let mut globals = Vec::new();
    if stream.take((bytes.len() as u64).min(1 << 20)).read_to_end(&mut globals).is_err() {
        return false;
    }
    has_filepass(&globals)
}

/// Whether the globals substream (up to its EOF) of a BIFF stream holds FILEPASS.
fn has_filepass(data: &[u8]) -> bool {
    let mut pos = 0usize;
    while pos + 4 <= data.len() {
        let typ = u16::from_le_bytes([data[pos], data[pos + 1]]);
        let len = u16::from_le_bytes([data[pos + 2], data[pos + 3]]) as usize;
        match typ {
            FILEPASS => return true,
            EOF => return false,
            _ => pos += 4 + len,
        }
    }
    false
}

fn zip_encrypted(bytes: &[u8]) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return false };
    let any_part_encrypted = (0..archive.len()).any(|i| archive.by_index_raw(i).is_ok_and(|p| p.encrypted()));
    if any_part_encrypted {
        return true;
    }
    // ODF: the manifest names an encryption for the content.
    let Ok(manifest) = archive.by_name("META-INF/manifest.xml") else { return false };
    let mut text = Vec::new();
    if manifest.take(1 << 20).read_to_end(&mut text).is_err() {
        return false;
    }
    text.windows(b"encryption-data".len()).any(|w| w == b"encryption-data")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((body.len() as u16).to_le_bytes());
        r.extend(body);
        r
    }

    #[test]
    fn filepass_only_in_the_globals() {
        let bof = record(0x0809, &[0, 6, 5, 0]);
        let mut globals = bof.clone();
        globals.extend(record(FILEPASS, &[1, 0, 1, 0]));
        assert!(has_filepass(&globals));
        let mut later = bof.clone();
        later.extend(record(EOF, &[]));
        later.extend(record(FILEPASS, &[1, 0]));
        assert!(!has_filepass(&later));
        assert!(!has_filepass(&bof));
        assert!(!has_filepass(&[0x2F]));
    }

    #[test]
    fn plain_bytes_are_not_encrypted() {
        assert!(!is_encrypted(b"name,id\n"));
        assert!(!is_encrypted(OLE_MAGIC));
        assert!(!is_encrypted(ZIP_MAGIC));
    }
}
