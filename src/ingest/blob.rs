//! An archive's bytes as the zip reader reads them, shared by every member's reader.

use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;

/// A member of an archive: the archive (its directory shared by every member) and which.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) archive: zip::ZipArchive<Blob>,
    pub(crate) index: usize,
}

/// An archive's bytes, read where they are: a file on disk through positioned reads (so
/// every worker shares one handle and none holds the archive), or bytes in memory.
#[derive(Debug, Clone)]
pub(crate) struct Blob {
    data: Data,
    len: u64,
    pos: u64,
}

#[derive(Debug, Clone)]
enum Data {
    #[cfg(any(unix, windows))]
    File(Arc<std::fs::File>),
    Memory(Arc<[u8]>),
}

impl Blob {
    pub(crate) fn memory(bytes: Arc<[u8]>) -> Blob {
        Blob { len: bytes.len() as u64, data: Data::Memory(bytes), pos: 0 }
    }

    #[cfg(any(unix, windows))]
    pub(crate) fn file(path: &std::path::Path) -> std::io::Result<Blob> {
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        Ok(Blob { data: Data::File(Arc::new(file)), len, pos: 0 })
    }

    #[cfg(not(any(unix, windows)))]
    pub(crate) fn file(path: &std::path::Path) -> std::io::Result<Blob> {
        Ok(Blob::memory(std::fs::read(path)?.into()))
    }
}

impl Read for Blob {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = match &self.data {
            #[cfg(unix)]
            Data::File(file) => std::os::unix::fs::FileExt::read_at(file.as_ref(), buf, self.pos)?,
            #[cfg(windows)]
            Data::File(file) => std::os::windows::fs::FileExt::seek_read(file.as_ref(), buf, self.pos)?,
            Data::Memory(bytes) => {
                let start = self.pos.min(bytes.len() as u64) as usize;
                let n = buf.len().min(bytes.len() - start);
                buf[..n].copy_from_slice(&bytes[start..start + n]);
                n
            }
        };
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Blob {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let pos = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = pos.ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blob_reads_and_seeks_like_a_file() {
        let mut blob = Blob::memory(Arc::from(&b"0123456789"[..]));
        let mut buf = [0u8; 4];
        blob.seek(SeekFrom::End(-3)).unwrap();
        assert_eq!(blob.read(&mut buf).unwrap(), 3);
        assert_eq!(&buf[..3], b"789");
        blob.seek(SeekFrom::Start(20)).unwrap();
        assert_eq!(blob.read(&mut buf).unwrap(), 0);
        assert!(blob.seek(SeekFrom::Current(-100)).is_err());
    }
}
