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
    ole_encrypted_strictly(bytes).unwrap_or_else(|| damaged_ole_encrypted(bytes))
}

/// Whether the container has an encryption stream or its workbook stream a FILEPASS;
/// None when the container or the stream cannot be read.
fn ole_encrypted_strictly(bytes: &[u8]) -> Option<bool> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    if file.is_stream("/EncryptionInfo") || file.is_stream("/EncryptedPackage") {
        return Some(true);
    }
    let Some(name) = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"].into_iter().find(|n| file.is_stream(n)) else {
        return Some(false);
    };
    let stream = file.open_stream(name).ok()?;
    // FILEPASS sits in the globals, right after BOF and before the first sheet: a few
    // kilobytes at most; the rest of the stream is not needed.
    let mut globals = Vec::new();
    stream.take((bytes.len() as u64).min(1 << 20)).read_to_end(&mut globals).ok()?;
    Some(has_filepass(&globals))
}

/// A container too damaged for the cfb crate (a broken allocation table, which Excel,
/// WPS and other readers tolerate): the encryption streams' directory entries, and a
/// workbook stream beginning with BOF then FILEPASS, looked for where the format puts
/// them (entries on 128-byte, stream starts on 64-byte boundaries).
fn damaged_ole_encrypted(bytes: &[u8]) -> bool {
    let named = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
        bytes.chunks_exact(128).any(|entry| {
            entry.starts_with(&utf16) && usize::from(u16::from_le_bytes([entry[64], entry[65]])) == utf16.len()
        })
    };
    named("EncryptionInfo") || named("EncryptedPackage") || bytes.chunks(64).any(bof_then_filepass)
}

/// A BIFF5/8 globals BOF (type 0x0809, substream 0x0005) followed at once by FILEPASS.
fn bof_then_filepass(data: &[u8]) -> bool {
    let u16_at = |i: usize| data.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let (Some(0x0809), Some(len), Some(0x0005)) = (u16_at(0), u16_at(2), u16_at(6)) else { return false };
    // The next record may start past this 64-byte chunk only when BOF is that long.
    usize::from(len) <= 20 && u16_at(4 + usize::from(len)) == Some(FILEPASS)
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
    fn a_damaged_container_still_tells_its_password() {
        // A 512-byte header the cfb crate refuses, then a directory entry.
        let mut entry: Vec<u8> = "EncryptionInfo\0".encode_utf16().flat_map(u16::to_le_bytes).collect();
        entry.resize(128, 0);
        entry[64] = 30;
        let mut file = OLE_MAGIC.to_vec();
        file.resize(512, 0xFF);
        file.extend(&entry);
        assert!(is_encrypted(&file));
        // The same entry with a wrong name length is not taken.
        file[512 + 64] = 28;
        assert!(!is_encrypted(&file));
        // A workbook stream on a sector boundary: BOF then FILEPASS.
        file.truncate(512);
        file.extend(record(0x0809, &[0, 6, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        file.extend(record(FILEPASS, &[1, 0, 1, 0]));
        assert!(is_encrypted(&file));
        // BOF then anything else is not.
        file[512 + 20] = 0x42;
        assert!(!is_encrypted(&file));
    }

    #[test]
    fn plain_bytes_are_not_encrypted() {
        assert!(!is_encrypted(b"name,id\n"));
        assert!(!is_encrypted(OLE_MAGIC));
        assert!(!is_encrypted(ZIP_MAGIC));
    }
}
