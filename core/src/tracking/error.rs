//! `MlflowException`: a message and one of MLflow's error codes.

use std::fmt;

/// The `error_code` an `MlflowException` carries (databricks_pb2 names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    InvalidParameterValue,
    ResourceAlreadyExists,
    ResourceDoesNotExist,
    InvalidState,
    /// Unity Catalog: the acting principal lacks a privilege.
    PermissionDenied,
    /// An operation the registry in use does not offer (stages in Unity Catalog).
    FeatureDisabled,
    /// MLflow's default code, used by its UC client for unsupported methods.
    InternalError,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidParameterValue => "INVALID_PARAMETER_VALUE",
            ErrorCode::ResourceAlreadyExists => "RESOURCE_ALREADY_EXISTS",
            ErrorCode::ResourceDoesNotExist => "RESOURCE_DOES_NOT_EXIST",
            ErrorCode::InvalidState => "INVALID_STATE",
            ErrorCode::PermissionDenied => "PERMISSION_DENIED",
            ErrorCode::FeatureDisabled => "FEATURE_DISABLED",
            ErrorCode::InternalError => "INTERNAL_ERROR",
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

impl MlflowError {
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::InternalError,
            message: message.into(),
        }
    }
    pub fn denied(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::PermissionDenied,
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
