//! The workspace's virtual file system: what notebook cells write with `open(...)` and read
//! back, what `mlflow.log_artifact` uploads, and where downloaded artifacts land.
//!
//! Paths are absolute after resolution. A relative path is taken from the working directory
//! [`CWD`] (a Databricks driver's). `/dbfs/...` and `/Volumes/<catalog>/<schema>/<volume>/...`
//! are ordinary folders here; Volumes will be checked against Unity Catalog when it lands.
//! Directories exist implicitly (as in an object store): a file's parents are always there.
//!
//! The listing (path, size, CRC-32) is part of the workspace JSON; the bytes are stored beside
//! it like artifact files (blob ids `files/<path without the leading slash>`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::persist::segments::ChangeLog;

/// The working directory of notebook cells.
pub const CWD: &str = "/databricks/driver";
/// Largest file (a sandbox limit).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Largest total of file bytes in a workspace (a sandbox limit).
pub const MAX_TOTAL_BYTES: usize = 100 * 1024 * 1024;
/// The blob id prefix of files.
pub const BLOB_PREFIX: &str = "files/";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct FileMeta {
    pub size: u64,
    pub crc32: u32,
}

crate::flat_de::map_only!(FileMeta);

/// Why a file operation failed, in Python's terms (`FileNotFoundError`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    NotFound(String),
    IsADirectory(String),
    /// A parent of the path is a file.
    NotADirectory(String),
    TooLarge(String),
}

impl FileError {
    /// Python's message (`[Errno 2] No such file or directory: 'x'`).
    pub fn message(&self) -> String {
        match self {
            FileError::NotFound(p) => format!("[Errno 2] No such file or directory: '{p}'"),
            FileError::IsADirectory(p) => format!("[Errno 21] Is a directory: '{p}'"),
            FileError::NotADirectory(p) => format!("[Errno 20] Not a directory: '{p}'"),
            FileError::TooLarge(why) => why.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Files {
    entries: BTreeMap<String, FileMeta>,
    #[serde(skip)]
    bytes: BTreeMap<String, Vec<u8>>,
    #[serde(skip)]
    changes: ChangeLog,
}

crate::flat_de::map_only!(Files);

/// `path` made absolute (from [`CWD`]) and normalised (`.`, `..`, repeated slashes).
pub fn resolve(path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{CWD}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

impl Files {
    pub fn exists(&self, path: &str) -> bool {
        let p = resolve(path);
        self.entries.contains_key(&p) || self.is_dir(&p)
    }

    /// Whether `path` is a directory (holds files, or is a root people expect to exist).
    pub fn is_dir(&self, path: &str) -> bool {
        let p = resolve(path);
        let prefix = if p == "/" {
            "/".to_string()
        } else {
            format!("{p}/")
        };
        p == CWD
            || p == "/"
            || self
                .entries
                .range(prefix.clone()..)
                .next()
                .is_some_and(|(k, _)| k.starts_with(&prefix))
    }

    pub fn read(&self, path: &str) -> Result<&[u8], FileError> {
        let p = resolve(path);
        match self.bytes.get(&p) {
            Some(b) => Ok(b),
            None if self.is_dir(&p) => Err(FileError::IsADirectory(path.into())),
            None => Err(FileError::NotFound(path.into())),
        }
    }

    /// Writes (creates or replaces) a file.
    pub fn write(&mut self, path: &str, bytes: Vec<u8>) -> Result<(), FileError> {
        let p = resolve(path);
        if self.is_dir(&p) && !self.entries.contains_key(&p) {
            return Err(FileError::IsADirectory(path.into()));
        }
        // A file cannot hold files: no parent of the path may be a file.
        let mut parent = p.as_str();
        while let Some((up, _)) = parent.rsplit_once('/') {
            if self.entries.contains_key(up) {
                return Err(FileError::NotADirectory(path.into()));
            }
            parent = up;
        }
        if bytes.len() > MAX_FILE_BYTES {
            return Err(FileError::TooLarge(format!(
                "[Errno 27] File too large: '{path}' (Lakelab keeps files of at most {} MB)",
                MAX_FILE_BYTES / (1024 * 1024)
            )));
        }
        let others: usize = self
            .bytes
            .iter()
            .filter(|(k, _)| **k != p)
            .map(|(_, b)| b.len())
            .sum();
        if others + bytes.len() > MAX_TOTAL_BYTES {
            return Err(FileError::TooLarge(format!(
                "[Errno 28] No space left on device: '{path}' (Lakelab keeps at most {} MB of files)",
                MAX_TOTAL_BYTES / (1024 * 1024)
            )));
        }
        self.entries.insert(
            p.clone(),
            FileMeta {
                size: bytes.len() as u64,
                crc32: crate::crc32::hash(&bytes),
            },
        );
        self.changes.mark(&p);
        self.bytes.insert(p, bytes);
        Ok(())
    }

    pub fn remove(&mut self, path: &str) -> Result<(), FileError> {
        let p = resolve(path);
        if self.entries.remove(&p).is_none() {
            return Err(FileError::NotFound(path.into()));
        }
        self.bytes.remove(&p);
        self.changes.mark(&p);
        Ok(())
    }

    /// The names directly inside a directory, sorted (`os.listdir`).
    pub fn list(&self, path: &str) -> Result<Vec<String>, FileError> {
        let p = resolve(path);
        if !self.is_dir(&p) {
            return Err(if self.entries.contains_key(&p) {
                FileError::NotFound(format!("{path} (not a directory)"))
            } else {
                FileError::NotFound(path.into())
            });
        }
        let prefix = if p == "/" {
            "/".to_string()
        } else {
            format!("{p}/")
        };
        let mut names: Vec<String> = self
            .entries
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter_map(|(k, _)| k[prefix.len()..].split('/').next().map(str::to_string))
            .collect();
        names.dedup();
        Ok(names)
    }

    /// Every file under a directory (or the file itself), as absolute paths.
    pub fn walk(&self, path: &str) -> Vec<String> {
        let p = resolve(path);
        let prefix = format!("{}/", p.trim_end_matches('/'));
        self.entries
            .keys()
            .filter(|k| **k == p || k.starts_with(&prefix))
            .cloned()
            .collect()
    }

    // ---- storage ------------------------------------------------------------------------

    pub fn blob_ids(&self) -> impl Iterator<Item = String> + '_ {
        self.entries
            .keys()
            .map(|p| format!("{BLOB_PREFIX}{}", &p[1..]))
    }

    /// A file's bytes by blob id.
    pub fn blob(&self, id: &str) -> Option<&[u8]> {
        let path = format!("/{}", id.strip_prefix(BLOB_PREFIX)?);
        self.bytes.get(&path).map(Vec::as_slice)
    }

    pub fn take_changed_blobs(&mut self) -> impl Iterator<Item = String> {
        self.changes
            .take()
            .into_iter()
            .map(|p| format!("{BLOB_PREFIX}{}", &p[1..]))
    }

    /// Puts stored bytes back after loading, each checked against its listing.
    pub fn attach(&mut self, blobs: Vec<(String, Vec<u8>)>) -> Result<(), String> {
        let mut found: BTreeMap<String, Vec<u8>> = crate::sorting::map_of(
            blobs
                .into_iter()
                .filter_map(|(id, b)| Some((format!("/{}", id.strip_prefix(BLOB_PREFIX)?), b))),
        );
        let mut kept = BTreeMap::new();
        for (path, meta) in &self.entries {
            let bytes = found
                .remove(path)
                .ok_or_else(|| format!("the file '{path}' is missing"))?;
            if bytes.len() as u64 != meta.size || crate::crc32::hash(&bytes) != meta.crc32 {
                return Err(format!("the file '{path}' is damaged"));
            }
            kept.insert(path.clone(), bytes);
        }
        self.bytes = kept;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_from_the_working_directory() {
        assert_eq!(resolve("a.txt"), "/databricks/driver/a.txt");
        assert_eq!(resolve("./out/../b.png"), "/databricks/driver/b.png");
        assert_eq!(resolve("/dbfs//tmp/x.csv"), "/dbfs/tmp/x.csv");
    }

    #[test]
    fn write_read_list_remove() {
        let mut f = Files::default();
        f.write("/dbfs/tmp/a.txt", b"hi".to_vec()).unwrap();
        f.write("/dbfs/tmp/sub/b.txt", b"yo".to_vec()).unwrap();
        assert_eq!(f.read("/dbfs/tmp/a.txt"), Ok(b"hi".as_slice()));
        assert_eq!(f.list("/dbfs/tmp").unwrap(), ["a.txt", "sub"]);
        assert!(f.is_dir("/dbfs/tmp/sub") && f.exists("/dbfs"));
        assert_eq!(
            f.read("/dbfs/tmp/sub"),
            Err(FileError::IsADirectory("/dbfs/tmp/sub".into()))
        );
        assert_eq!(f.walk("/dbfs/tmp").len(), 2);
        f.remove("/dbfs/tmp/a.txt").unwrap();
        assert_eq!(
            f.read("/dbfs/tmp/a.txt").unwrap_err().message(),
            "[Errno 2] No such file or directory: '/dbfs/tmp/a.txt'"
        );
        assert!(f.write("big", vec![0; MAX_FILE_BYTES + 1]).is_err());
        // Under a file there is no directory, as on a real disk.
        assert_eq!(
            f.write("/dbfs/tmp/sub/b.txt/c", b"x".to_vec()),
            Err(FileError::NotADirectory("/dbfs/tmp/sub/b.txt/c".into()))
        );
    }
}
