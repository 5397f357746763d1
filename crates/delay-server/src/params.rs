//! Checked parameters: every value from a path or a query string is validated here, and a
//! bad one becomes a `400` with a body that says which parameter and why.
//!
//! Unknown query parameters are refused too: `?fial=0.5` should not quietly mean "no faults".

use std::str::FromStr;
use std::time::Duration;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query};
use axum::http::Uri;

use crate::faults::{Faults, Share};
use crate::reply::ApiError;

/// The fault parameters every faulty route accepts.
pub(crate) const FAULT_PARAMS: [&str; 3] = ["fail", "drop", "stall"];

/// The query parameters of one request, with names already checked.
#[derive(Debug, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Parses the query of `uri`, refusing names not in `allowed` and names given twice.
    pub(crate) fn parse(uri: &Uri, allowed: &[&str]) -> Result<Self, ApiError> {
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri)
            .map_err(|_| ApiError::bad_request("the query string is not valid url encoding"))?;
        for (i, (name, _)) in pairs.iter().enumerate() {
            if !allowed.contains(&name.as_str()) {
                let takes = if allowed.is_empty() {
                    "no parameters".to_string()
                } else {
                    allowed.join(", ")
                };
                return Err(ApiError::bad_request(format!(
                    "unknown query parameter '{name}' (this endpoint takes: {takes})"
                )));
            }
            if pairs[..i].iter().any(|(earlier, _)| earlier == name) {
                return Err(ApiError::bad_request(format!(
                    "query parameter '{name}' is given more than once"
                )));
            }
        }
        Ok(Self { pairs })
    }

    fn raw(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// A whole number in `0..=max`, if the parameter is present.
    pub(crate) fn number<T>(&self, name: &str, max: T) -> Result<Option<T>, ApiError>
    where
        T: FromStr + PartialOrd + std::fmt::Display + Copy,
    {
        self.raw(name).map(|raw| number(name, raw, max)).transpose()
    }

    /// The shares of faults for this request: each parameter present overrides the
    /// server's default for its kind.
    pub(crate) fn faults(&self, defaults: Faults) -> Result<Faults, ApiError> {
        let share = |name: &str, default: Share| match self.raw(name) {
            None => Ok(default),
            Some(raw) => raw.parse::<Share>().map_err(|_| {
                ApiError::bad_request(format!(
                    "'{name}' must be a share from 0 to 1 (like 0.25), got '{raw}'"
                ))
            }),
        };
        Ok(Faults {
            fail: share("fail", defaults.fail)?,
            drop: share("drop", defaults.drop)?,
            stall: share("stall", defaults.stall)?,
        })
    }
}

/// The path segment a route captured, or a `400` when it is not valid text.
pub(crate) fn segment(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.map(|Path(raw)| raw)
        .map_err(|_| ApiError::bad_request("the path is not valid utf-8 text"))
}

/// Parses a whole number in `0..=max` named `name` (for the error message).
pub(crate) fn number<T>(name: &str, raw: &str, max: T) -> Result<T, ApiError>
where
    T: FromStr + PartialOrd + std::fmt::Display + Copy,
{
    let value: T = raw.parse().map_err(|_| {
        if is_digits(raw) {
            // Only digits and still no number: it is too large for the type, so far
            // over the limit that "must be a whole number" would be the wrong complaint.
            ApiError::bad_request(format!("'{name}' is {raw}, over the limit of {max}"))
        } else {
            ApiError::bad_request(format!(
                "'{name}' must be a whole number from 0 to {max}, got '{raw}'"
            ))
        }
    })?;
    if value > max {
        return Err(ApiError::bad_request(format!(
            "'{name}' is {value}, over the limit of {max}"
        )));
    }
    Ok(value)
}

/// Whether `raw` is a plain run of decimal digits (a whole number, however large).
pub(crate) fn is_digits(raw: &str) -> bool {
    !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit())
}

/// A limit in whole milliseconds, for messages and for [`number`].
pub(crate) fn millis(limit: Duration) -> u64 {
    u64::try_from(limit.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(uri: &str, allowed: &[&str]) -> Result<Params, String> {
        Params::parse(&uri.parse().unwrap(), allowed).map_err(|e| e.message)
    }

    #[test]
    fn known_parameters_parse() {
        let params = parse("/delay/1?jitter=5&fail=0.5", &["jitter", "fail"]).unwrap();
        assert_eq!(params.number("jitter", 10u64), Ok(Some(5)));
        assert_eq!(params.number("missing", 10u64), Ok(None));
        let faults = params.faults(Faults::NONE).unwrap();
        assert_eq!(faults.fail, Share::new(0.5).unwrap());
        assert_eq!(faults.drop, Share::NONE);
    }

    #[test]
    fn unknown_and_repeated_names_are_refused() {
        let err = parse("/x?fial=0.5", &["fail"]).unwrap_err();
        assert_eq!(
            err,
            "unknown query parameter 'fial' (this endpoint takes: fail)"
        );
        let err = parse("/x?fail=0.5&fail=1", &["fail"]).unwrap_err();
        assert_eq!(err, "query parameter 'fail' is given more than once");
    }

    #[test]
    fn bad_numbers_name_the_parameter_and_the_range() {
        let params = parse("/x?w=-3&h=99999", &["w", "h"]).unwrap();
        let err = params.number("w", 4096u32).unwrap_err().message;
        assert_eq!(err, "'w' must be a whole number from 0 to 4096, got '-3'");
        let err = params.number("h", 4096u32).unwrap_err().message;
        assert_eq!(err, "'h' is 99999, over the limit of 4096");
    }

    #[test]
    fn a_number_too_large_for_its_type_is_over_the_limit_not_malformed() {
        let err = number("w", "99999999999", 4096u32).unwrap_err().message;
        assert_eq!(err, "'w' is 99999999999, over the limit of 4096");
        let err = number("n", "99999999999999999999999", 100u64)
            .unwrap_err()
            .message;
        assert_eq!(err, "'n' is 99999999999999999999999, over the limit of 100");
        assert!(is_digits("0123") && !is_digits("") && !is_digits("+1") && !is_digits("1e3"));
    }

    #[test]
    fn a_bad_share_is_refused() {
        let params = parse("/x?drop=2", &["drop"]).unwrap();
        let err = params.faults(Faults::NONE).unwrap_err().message;
        assert_eq!(
            err,
            "'drop' must be a share from 0 to 1 (like 0.25), got '2'"
        );
    }
}
