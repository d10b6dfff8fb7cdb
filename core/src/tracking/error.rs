//! `MlflowException`: a message and one of MLflow's error codes.

use std::fmt;

/// The `error_code` an `MlflowException` carries (databricks_pb2 names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    InvalidParameterValue,
    ResourceAlreadyExists,
    ResourceDoesNotExist,
    InvalidState,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidParameterValue => "INVALID_PARAMETER_VALUE",
            ErrorCode::ResourceAlreadyExists => "RESOURCE_ALREADY_EXISTS",
            ErrorCode::ResourceDoesNotExist => "RESOURCE_DOES_NOT_EXIST",
            ErrorCode::InvalidState => "INVALID_STATE",
        }
    }
}

/// An error as MLflow reports it: the notebook raises it as `MlflowException(message)` with
/// `error_code`; the UI shows the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MlflowError {
    pub code: ErrorCode,
    pub message: String,
}

impl MlflowError {
    pub fn invalid(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::InvalidParameterValue,
            message: message.into(),
        }
    }
    pub fn exists(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::ResourceAlreadyExists,
            message: message.into(),
        }
    }
    pub fn missing(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::ResourceDoesNotExist,
            message: message.into(),
        }
    }
}

impl fmt::Display for MlflowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MlflowError {}

impl From<super::search::SearchError> for MlflowError {
    fn from(e: super::search::SearchError) -> Self {
        MlflowError::invalid(e.0)
    }
}
