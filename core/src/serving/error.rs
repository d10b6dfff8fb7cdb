//! Errors as the serving REST API returns them: an HTTP status and the JSON body
//! `{"error_code": ..., "message": ...}`.

use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServingError {
    pub status: u16,
    pub error_code: &'static str,
    pub message: String,
}

impl ServingError {
    /// 400 `INVALID_PARAMETER_VALUE`.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self {
            status: 400,
            error_code: "INVALID_PARAMETER_VALUE",
            message: message.into(),
        }
    }

    /// 400 `BAD_REQUEST` (the scoring server's code for unreadable requests).
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: 400,
            error_code: "BAD_REQUEST",
            message: message.into(),
        }
    }

    /// 404 `RESOURCE_DOES_NOT_EXIST`.
    pub fn missing(message: impl Into<String>) -> Self {
        Self {
            status: 404,
            error_code: "RESOURCE_DOES_NOT_EXIST",
            message: message.into(),
        }
    }

    /// 409 `RESOURCE_ALREADY_EXISTS`.
    pub fn exists(message: impl Into<String>) -> Self {
        Self {
            status: 409,
            error_code: "RESOURCE_ALREADY_EXISTS",
            message: message.into(),
        }
    }

    /// 409 `RESOURCE_CONFLICT`.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self {
            status: 409,
            error_code: "RESOURCE_CONFLICT",
            message: message.into(),
        }
    }

    /// The response body.
    pub fn body(&self) -> serde_json::Value {
        json!({"error_code": self.error_code, "message": self.message})
    }

    /// As MLflow's deployments client raises it: `<error_code>: <message>`.
    pub fn client_message(&self) -> String {
        format!("{}: {}", self.error_code, self.message)
    }
}

impl std::fmt::Display for ServingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.client_message())
    }
}
