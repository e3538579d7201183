//! Identifier validation: the unified social credit code (GB 32100-2015) and the resident
//! identity card number (GB 11643-1999). Errors name the field, the value and what was expected.

use super::party_error::{PartyError, ResidentIdProblem, UsccProblem};
use crate::error::{Error, Result};
use crate::input_error::{FormatChar, InputError};

/// Characters that change how the text around them is displayed without showing
/// themselves: bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, the
/// marks U+200E, U+200F, U+061C), zero-width characters (U+200B–U+200D, U+2060–U+2064,
/// U+FEFF), line and paragraph separators (U+2028, U+2029: a line break to some terminals)
/// and interlinear annotation marks (U+FFF9–U+FFFB). `\u{202E}伟张` displays as 张伟.
pub fn is_deceptive_format_char(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// A name (person, enterprise, legal representative, CA, seal text and label): a required
/// text field that also refuses the characters of [`is_deceptive_format_char`], which make
/// one name display as another (a bidi override) or two names look the same (zero-width).
pub fn validate_name(field: &str, value: &str, max_chars: usize) -> Result<String> {
    let v = super::text_field(field, value, max_chars)?;
    if let Some(c) = v.chars().find(|c| is_deceptive_format_char(*c)) {
        let kind = match c {
            '\u{061C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' => FormatChar::Bidi,
            '\u{2028}' | '\u{2029}' => FormatChar::LineSeparator,
            _ => FormatChar::Invisible,
        };
        return Err(InputError::TextFormatChar {
            field: field.to_string(),
            code: format!("U+{:04X}", c as u32),
            kind,
        }
        .into());
    }
    Ok(v)
}

/// GB 32100-2015 alphabet: digits and capitals without I, O, Z, S, V.
const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

const RESIDENT_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_CHECK: &[u8; 11] = b"10X98765432";

/// The check character a USCC with these first 17 characters must end with.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (b, w) in bytes.iter().zip(USCC_WEIGHTS) {
        let v = USCC_ALPHABET.iter().position(|a| a == b)? as u32;
        sum += v * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(USCC_ALPHABET[check as usize] as char)
}

/// Validates a unified social credit code (统一社会信用代码) and returns it upper-cased.
pub fn validate_uscc(field: &str, value: &str) -> Result<String> {
    let code = value.trim().to_ascii_uppercase();
    let bad = |problem| {
        Error::from(PartyError::InvalidUscc {
            field: field.to_string(),
            value: value.to_string(),
            problem,
        })
    };
    let chars = code.chars().count();
    if chars != 18 {
        return Err(bad(UsccProblem::Length(count(chars))));
    }
    if let Some(c) = code
        .chars()
        .find(|c| !c.is_ascii() || !USCC_ALPHABET.contains(&(*c as u8)))
    {
        return Err(bad(UsccProblem::Character(c)));
    }
    let expected = uscc_check_char(&code[..17])
        .ok_or_else(|| Error::Internal("uscc alphabet check".into()))?;
    let got = code[17..].chars().next().unwrap_or(' ');
    if got != expected {
        return Err(bad(UsccProblem::Check { expected, got }));
    }
    Ok(code)
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The check character a resident ID with these first 17 digits must end with.
pub fn resident_id_check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes
        .iter()
        .zip(RESIDENT_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(RESIDENT_CHECK[(sum % 11) as usize] as char)
}

/// Validates an 18-character resident identity card number (居民身份证号码): digits, a real
/// birth date, and the GB 11643-1999 check digit. Returns it with an upper-case `X`.
pub fn validate_resident_id(field: &str, value: &str) -> Result<String> {
    let id = value.trim().to_ascii_uppercase();
    let bad = |problem| {
        Error::from(PartyError::InvalidResidentId {
            field: field.to_string(),
            value: value.to_string(),
            problem,
        })
    };
    let chars = id.chars().count();
    if chars != 18 {
        return Err(bad(ResidentIdProblem::Length(count(chars))));
    }
    if !id.as_bytes()[..17].iter().all(u8::is_ascii_digit) {
        return Err(bad(ResidentIdProblem::NotDigits));
    }
    let birth = &id[6..14];
    if chrono::NaiveDate::parse_from_str(birth, "%Y%m%d").is_err() {
        return Err(bad(ResidentIdProblem::BirthDate(birth.to_string())));
    }
    let expected = resident_id_check_char(&id[..17])
        .ok_or_else(|| Error::Internal("resident id digits check".into()))?;
    let got = id[17..].chars().next().unwrap_or(' ');
    if got != expected {
        return Err(bad(ResidentIdProblem::Check { expected, got }));
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_gb32100_example_code() {
        // The sample code printed in GB 32100-2015 material.
        assert_eq!(
            validate_uscc("--uscc", "91350100m000100y43").unwrap(),
            "91350100M000100Y43"
        );
    }

    #[test]
    fn uscc_error_names_the_expected_check_character() {
        let first17 = "91350100M000100Y4";
        let good = uscc_check_char(first17).unwrap();
        let wrong = if good == '0' { '1' } else { '0' };
        let err = validate_uscc("--uscc", &format!("{first17}{wrong}")).unwrap_err();
        assert!(
            matches!(
                err.typed::<PartyError>(),
                Some(PartyError::InvalidUscc {
                    problem: UsccProblem::Check { expected, got },
                    ..
                }) if *expected == good && *got == wrong
            ),
            "{err:?}"
        );
    }

    #[test]
    fn resident_id_check_digit_x_is_computed() {
        // GB 11643-1999 worked example: 11010519491231002X.
        assert_eq!(resident_id_check_char("11010519491231002"), Some('X'));
        assert!(validate_resident_id("--id-number", "11010519491231002x").is_ok());
    }

    #[test]
    fn resident_id_with_impossible_birth_date_is_refused() {
        let first17 = "11010519491331002";
        let c = resident_id_check_char(first17).unwrap();
        let err = validate_resident_id("--id-number", &format!("{first17}{c}")).unwrap_err();
        assert!(
            matches!(
                err.typed::<PartyError>(),
                Some(PartyError::InvalidResidentId {
                    problem: ResidentIdProblem::BirthDate(b),
                    ..
                }) if b == "19491331"
            ),
            "{err:?}"
        );
    }
}
