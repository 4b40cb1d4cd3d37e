//! The traditional Mongolian script, as names and words in it are checked, sorted and set.

/// Whether `c` is a letter of the traditional Mongolian script (the Unicode Mongolian block and
/// its supplement), rather than a space or punctuation.
pub fn is_mongolian_letter(c: char) -> bool {
    matches!(c, '\u{1820}'..='\u{18AA}' | '\u{11660}'..='\u{1167F}')
}

/// Whether `c` may stand in a name in traditional Mongolian script: its letters, its own
/// punctuation and format controls (free variation selectors, the vowel separator), the narrow
/// no-break space its suffixes follow, the joiners, and spaces — nothing of another script,
/// no direction overrides, no line breaks.
pub fn may_stand_in_mongolian(c: char) -> bool {
    matches!(
        c,
        '\u{1800}'..='\u{18AF}' | '\u{11660}'..='\u{1167F}' | ' ' | '\u{202F}' | '\u{200C}' | '\u{200D}'
    )
}

/// Checks a name in traditional Mongolian script, where one is given (`field` names it in the
/// refusal): some letters of the script, nothing of another, at most 200 characters.
pub fn check_mongolian_name(field: &'static str, name: Option<&str>) -> crate::error::Result<()> {
    let Some(name) = name else {
        return Ok(());
    };
    crate::error::require_text(field, name)?;
    if name.chars().count() > 200
        || !name.chars().any(is_mongolian_letter)
        || !name.chars().all(may_stand_in_mongolian)
    {
        return Err(crate::error::DomainError::invalid(
            field,
            crate::reason::Reason::NotMongolianScript,
        ));
    }
    Ok(())
}
