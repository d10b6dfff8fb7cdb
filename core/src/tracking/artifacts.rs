//! Run artifacts: `log_artifact`, `log_text`, `log_dict`, `log_figure`, `list_artifacts`,
//! `download_artifacts`.
//!
//! A run lists its files (path, size, CRC-32) in its JSON; the bytes live beside the JSON
//! state, one stored blob per file (IndexedDB values in the browser, see
//! [`crate::persist::Document::blob_ids`]), and are held in memory while the app runs.
//!
//! Choices where the sandbox differs from MLflow, and why:
//! - There is no local file system: `log_artifact` takes the file's name and bytes (an upload,
//!   or a file a notebook cell wrote), and `download_artifacts` returns the files' bytes.
//! - One file may hold at most [`MAX_ARTIFACT_BYTES`] and a workspace [`MAX_TOTAL_BYTES`], so
//!   a browser's storage is not filled by accident; MLflow has no such limit.
//! - Logging a file at a path that exists replaces it, as MLflow's artifact stores do.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::MlflowError;
use super::store::Tracking;
use super::validation::{is_plain_path, normpath};
use super::yaml;

/// Largest artifact file accepted (a sandbox limit, not MLflow's).
pub const MAX_ARTIFACT_BYTES: usize = 10 * 1024 * 1024;
/// Largest total of artifact bytes in one workspace (a sandbox limit).
pub const MAX_TOTAL_BYTES: usize = 100 * 1024 * 1024;

/// One logged file, as the run records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ArtifactFile {
    pub file_size: u64,
    /// CRC-32 of the bytes, checked when they are read back from storage.
    pub crc32: u32,
}

crate::flat_de::map_only!(ArtifactFile);

/// MLflow's `FileInfo`: one entry of `list_artifacts`. Directories have no size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    pub path: String,
    pub is_dir: bool,
    pub file_size: Option<u64>,
}

/// What `log_figure` is given: the sandbox's charts render SVG; the browser turns one into
/// PNG when the file name asks for it.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    Svg(String),
    Png(Vec<u8>),
}

/// MLflow's `verify_artifact_path`: a path must be relative, normalised and stay inside the
/// run's artifact root.
pub fn validate_artifact_path(path: &str) -> Result<(), MlflowError> {
    if is_plain_path(path) {
        return Ok(());
    }
    let norm = normpath(path);
    if norm != path || norm == "." || norm.starts_with("..") || norm.starts_with('/') {
        return Err(MlflowError::invalid(format!(
            "Invalid artifact path: '{path}'. Names may be treated as files in certain cases, \
             and must not resolve to other names when treated as such. This name would \
             resolve to '{norm}'"
        )));
    }
    Ok(())
}

/// The blob id of a run's file: `<run_id>/<path>`.
pub fn blob_id(run_id: &str, path: &str) -> String {
    format!("{run_id}/{path}")
}

fn artifact_missing(run_id: &str, path: &str) -> MlflowError {
    MlflowError::missing(format!(
        "The artifact '{path}' of run '{run_id}' does not exist"
    ))
}

impl Tracking {
    /// Stores `bytes` as the run's file `path` (already validated).
    fn put_artifact(
        &mut self,
        run_id: &str,
        path: String,
        bytes: Vec<u8>,
    ) -> Result<(), MlflowError> {
        if bytes.len() > MAX_ARTIFACT_BYTES {
            return Err(MlflowError::invalid(format!(
                "The file '{path}' has {} bytes; Lakelab keeps artifacts of at most {} MB in the \
                 browser",
                bytes.len(),
                MAX_ARTIFACT_BYTES / (1024 * 1024)
            )));
        }
        let id = blob_id(run_id, &path);
        let replaced = self.blobs.get(&id).map_or(0, Vec::len);
        let total: usize = self.blobs.values().map(Vec::len).sum::<usize>() - replaced;
        if total + bytes.len() > MAX_TOTAL_BYTES {
            return Err(MlflowError::invalid(format!(
                "The workspace's artifacts would exceed {} MB; delete runs or export and reset",
                MAX_TOTAL_BYTES / (1024 * 1024)
            )));
        }
        let file = ArtifactFile {
            file_size: bytes.len() as u64,
            crc32: crate::crc32::hash(&bytes),
        };
        let run = self.active_run_mut(run_id)?;
        run.artifacts.insert(path, file);
        self.blob_changes.mark(&id);
        self.blobs.insert(id, bytes);
        Ok(())
    }

    /// `log_artifact(local_path, artifact_path=None)`: the file keeps its name, under
    /// `artifact_path` when given.
    pub fn log_artifact(
        &mut self,
        run_id: &str,
        file_name: &str,
        bytes: Vec<u8>,
        artifact_path: Option<&str>,
    ) -> Result<(), MlflowError> {
        if file_name.is_empty() || file_name.contains('/') {
            return Err(MlflowError::invalid(format!(
                "'{file_name}' is not a file name"
            )));
        }
        let path = match artifact_path.filter(|p| !p.is_empty()) {
            Some(dir) => {
                validate_artifact_path(dir)?;
                format!("{dir}/{file_name}")
            }
            None => file_name.to_string(),
        };
        validate_artifact_path(&path)?;
        self.put_artifact(run_id, path, bytes)
    }

    /// `log_text(text, artifact_file)`.
    pub fn log_text(
        &mut self,
        run_id: &str,
        text: &str,
        artifact_file: &str,
    ) -> Result<(), MlflowError> {
        validate_artifact_path(artifact_file)?;
        self.put_artifact(run_id, artifact_file.into(), text.as_bytes().to_vec())
    }

    /// `log_dict(dictionary, artifact_file)`: YAML when the file ends in `.yaml` or `.yml`,
    /// JSON (indent 2) otherwise, as MLflow decides.
    pub fn log_dict(
        &mut self,
        run_id: &str,
        dictionary: &Value,
        artifact_file: &str,
    ) -> Result<(), MlflowError> {
        validate_artifact_path(artifact_file)?;
        let text = if artifact_file.ends_with(".yaml") || artifact_file.ends_with(".yml") {
            yaml::to_yaml(dictionary)
        } else {
            serde_json::to_string_pretty(dictionary)
                .map_err(|e| MlflowError::invalid(e.to_string()))?
        };
        self.put_artifact(run_id, artifact_file.into(), text.into_bytes())
    }

    /// `log_figure(figure, artifact_file)`: the extension picks the format, as matplotlib's
    /// `savefig` does; the sandbox's figures can be saved as `.svg` or `.png`.
    pub fn log_figure(
        &mut self,
        run_id: &str,
        figure: Figure,
        artifact_file: &str,
    ) -> Result<(), MlflowError> {
        validate_artifact_path(artifact_file)?;
        let extension = artifact_file
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let bytes = match (extension.as_str(), figure) {
            ("svg", Figure::Svg(svg)) => svg.into_bytes(),
            ("png", Figure::Png(png)) => png,
            ("svg" | "png", _) => {
                return Err(MlflowError::invalid(format!(
                    "The figure was not rendered as {extension} (render it for '{artifact_file}' \
                     first)"
                )))
            }
            (other, _) => {
                return Err(MlflowError::invalid(format!(
                    "Format '{other}' is not supported (supported formats: png, svg)"
                )))
            }
        };
        self.put_artifact(run_id, artifact_file.into(), bytes)
    }

    /// `list_artifacts(run_id, path=None)`: the files and directories directly under `path`,
    /// sorted by path. A path that is a file or does not exist lists nothing, as MLflow.
    pub fn list_artifacts(
        &self,
        run_id: &str,
        path: Option<&str>,
    ) -> Result<Vec<FileInfo>, MlflowError> {
        let run = self.stored_run(run_id)?;
        let dir = path.unwrap_or("").trim_end_matches('/');
        let start = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut out: BTreeMap<String, FileInfo> = BTreeMap::new();
        for (file, info) in run.artifacts.range(start.clone()..) {
            let Some(rest) = file.strip_prefix(&start) else {
                break;
            };
            let entry = match rest.split_once('/') {
                Some((sub, _)) => FileInfo {
                    path: format!("{start}{sub}"),
                    is_dir: true,
                    file_size: None,
                },
                None => FileInfo {
                    path: file.clone(),
                    is_dir: false,
                    file_size: Some(info.file_size),
                },
            };
            out.entry(entry.path.clone()).or_insert(entry);
        }
        Ok(out.into_values().collect())
    }

    /// The bytes of one file.
    pub fn artifact_bytes(&self, run_id: &str, path: &str) -> Result<&[u8], MlflowError> {
        self.stored_run(run_id)?;
        self.blobs
            .get(&blob_id(run_id, path))
            .map(Vec::as_slice)
            .ok_or_else(|| artifact_missing(run_id, path))
    }

    /// `download_artifacts(run_id, path)`: the file at `path`, or every file under the
    /// directory `path` (`""` for all), with paths relative to the run's artifact root.
    pub fn download_artifacts(
        &self,
        run_id: &str,
        path: &str,
    ) -> Result<Vec<(String, &[u8])>, MlflowError> {
        let run = self.stored_run(run_id)?;
        let dir = path.trim_end_matches('/');
        let under = |file: &str| {
            dir.is_empty()
                || file == dir
                || file
                    .strip_prefix(dir)
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        let files: Vec<(String, &[u8])> = run
            .artifacts
            .keys()
            .filter(|f| under(f))
            .filter_map(|f| {
                self.blobs
                    .get(&blob_id(run_id, f))
                    .map(|b| (f.clone(), b.as_slice()))
            })
            .collect();
        if files.is_empty() {
            return Err(artifact_missing(run_id, path));
        }
        Ok(files)
    }

    // ---- storage: one blob per file ---------------------------------------------------------

    pub fn blob_ids(&self) -> impl Iterator<Item = &String> + '_ {
        self.blobs.keys()
    }

    pub fn blob(&self, id: &str) -> Option<&[u8]> {
        self.blobs.get(id).map(Vec::as_slice)
    }

    pub fn take_changed_blobs(&mut self) -> std::collections::BTreeSet<String> {
        self.blob_changes.take()
    }

    /// Puts stored bytes back after loading, checking each file a run lists: present, with
    /// its size and CRC-32. Stored bytes no run lists (left by a replaced file) are dropped;
    /// the next full save removes them from storage.
    pub fn attach_blobs(&mut self, blobs: Vec<(String, Vec<u8>)>) -> Result<(), String> {
        let mut found: BTreeMap<String, Vec<u8>> = crate::sorting::map_of(blobs);
        let mut kept = BTreeMap::new();
        for (run_id, run) in &self.runs {
            for (path, file) in &run.artifacts {
                let id = blob_id(run_id, path);
                let bytes = found
                    .remove(&id)
                    .ok_or_else(|| format!("the artifact file '{id}' is missing"))?;
                if bytes.len() as u64 != file.file_size || crate::crc32::hash(&bytes) != file.crc32
                {
                    return Err(format!("the artifact file '{id}' is damaged"));
                }
                kept.insert(id, bytes);
            }
        }
        self.blobs = kept;
        Ok(())
    }
}
