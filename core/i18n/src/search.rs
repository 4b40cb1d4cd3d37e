//! Finding a person by what someone types: a secretary at a desk types a member's name as a
//! Chinese input method would spell it — its full pinyin without tones (王立华 as "wanglihua"),
//! its initials ("wlh"), or a mix ("王lh") — rather than switch input methods for every name.

use pinyin::ToPinyinMulti;

/// Whether `query` names `name`: when `name` contains it as typed, or when the query (without
/// case or spaces) spells a run of the name's characters, each by itself, its toneless pinyin or
/// its initial (张 as "zhang", "z" or "zh"), starting or ending anywhere inside a syllable — so
/// "lihua", "wlh", "王lh" and "nglih" all name 王立华. Every reading of a character with several
/// counts (单 as "dan" and "shan"); ü is typed as "v", or "u". Names in traditional Mongolian
/// script, which have no pinyin, match by containment. An empty query names no one.
pub fn name_matches(name: &str, query: &str) -> bool {
    let typed = query.trim();
    if typed.is_empty() {
        return false;
    }
    if name.contains(typed) {
        return true;
    }
    let (forms, query) = (name_forms(name), typed_form(typed));
    (0..forms.len()).any(|i| spelled(&forms, i, &query, true))
}

/// Whether `query` spells the whole of `name`, or the whole of one of its words where spaces
/// part it (a title before a name: 蒲玉梅 of "牧民党员 蒲玉梅"), every character in order, each by
/// itself, its toneless pinyin or its initial ("wanglihua", "wlh", "王lh" for 王立华; not "lihua"
/// or "wl"): enough to pick someone without asking, where [`name_matches`] only finds
/// candidates.
pub fn name_spelled_whole(name: &str, query: &str) -> bool {
    let query = typed_form(query);
    !query.is_empty()
        && std::iter::once(name)
            .chain(name.split_whitespace())
            .any(|part| whole(&name_forms(part), 0, &query))
}

/// A query as it is compared: no spaces, lower case, ü typed as v.
fn typed_form(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ü' { 'v' } else { c })
        .collect()
}

/// The ways each character of `name` (spaces left out) may be typed.
fn name_forms(name: &str) -> Vec<Vec<Form>> {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(forms_of)
        .collect()
}

/// Whether `query` spells exactly the characters from `at` to the end, each by a whole form.
fn whole(forms: &[Vec<Form>], at: usize, query: &str) -> bool {
    match forms.get(at) {
        None => query.is_empty(),
        Some(here) => here.iter().any(|f| {
            query
                .strip_prefix(f.text.as_str())
                .is_some_and(|rest| whole(forms, at + 1, rest))
        }),
    }
}

/// One way a character of a name may be typed.
struct Form {
    text: String,
    /// A whole syllable: a query may start or end inside it.
    syllable: bool,
}

/// The ways `c` may be typed: itself, and for a Chinese character each reading's toneless
/// pinyin, its first letter and its initial of two letters (zh, ch, sh).
fn forms_of(c: char) -> Vec<Form> {
    let mut forms: Vec<Form> = vec![Form {
        text: c.to_lowercase().collect(),
        syllable: false,
    }];
    let Some(readings) = c.to_pinyin_multi() else {
        return forms;
    };
    for reading in readings {
        let plain = reading.plain();
        let mut spellings = vec![plain.replace('ü', "v")];
        if plain.contains('ü') {
            spellings.push(plain.replace('ü', "u"));
        }
        for text in spellings {
            let mut letters: Vec<String> = text.chars().take(1).map(String::from).collect();
            if ["zh", "ch", "sh"].iter().any(|i| text.starts_with(i)) {
                letters.push(text[..2].to_string());
            }
            for letter in letters {
                forms.push(Form {
                    text: letter,
                    syllable: false,
                });
            }
            forms.push(Form {
                text,
                syllable: true,
            });
        }
    }
    forms
}

/// Whether `query` spells the characters from `at` on (the first of them, when `first`, from
/// anywhere inside one of its syllables).
fn spelled(forms: &[Vec<Form>], at: usize, query: &str, first: bool) -> bool {
    if query.is_empty() {
        return true;
    }
    let Some(here) = forms.get(at) else {
        return false;
    };
    here.iter().any(|f| {
        let starts = if first && f.syllable {
            f.text.char_indices().map(|(i, _)| i).collect()
        } else {
            vec![0]
        };
        starts.into_iter().any(|i| {
            let part = &f.text[i..];
            match query.strip_prefix(part) {
                Some(rest) => spelled(forms, at + 1, rest, false),
                // The query ends inside this syllable.
                None => f.syllable && part.starts_with(query),
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::{name_matches, name_spelled_whole};

    #[test]
    fn a_whole_name_spelled_picks_without_asking() {
        for q in [
            "王立华",
            "wanglihua",
            "Wang Li Hua",
            "wlh",
            "王lh",
            "wanglh",
        ] {
            assert!(name_spelled_whole("王立华", q), "{q}");
        }
        for q in ["", "立华", "lihua", "wl", "wanglihu", "nglih", "wlhx"] {
            assert!(!name_spelled_whole("王立华", q), "{q}");
        }
        assert!(name_spelled_whole("书记 乌兰", "sj wl"));
        assert!(name_spelled_whole("牧民党员 蒲玉梅", "pym"));
        assert!(!name_spelled_whole("牧民党员 蒲玉梅", "ym"));
    }

    #[test]
    fn chinese_as_typed() {
        assert!(name_matches("王立华", "王立华"));
        assert!(name_matches("王立华", "立华"));
        assert!(name_matches("王立华", " 王 "));
        assert!(!name_matches("王立华", "王华"));
    }

    #[test]
    fn full_pinyin_without_tones() {
        assert!(name_matches("王立华", "wanglihua"));
        assert!(name_matches("王立华", "WangLihua"));
        assert!(name_matches("王立华", "wang li hua"));
        assert!(name_matches("王立华", "lihua"));
        assert!(name_matches("王立华", "wangl"));
        // Starting and ending inside syllables: contained in "wanglihua".
        assert!(name_matches("王立华", "nglih"));
    }

    #[test]
    fn initials() {
        assert!(name_matches("王立华", "wlh"));
        assert!(name_matches("王立华", "wl"));
        assert!(name_matches("王立华", "lh"));
        assert!(name_matches("张三", "zs"));
        assert!(name_matches("张三", "zhs"));
        assert!(!name_matches("王立华", "hlw"));
    }

    #[test]
    fn mixed() {
        assert!(name_matches("王立华", "王lh"));
        assert!(name_matches("王立华", "wang立华"));
        assert!(name_matches("王立华", "wlihua"));
        assert!(name_matches("巴特尔Bob", "bob"));
        assert!(name_matches("巴特尔Bob", "bte"));
    }

    #[test]
    fn every_reading_and_u_umlaut() {
        // 单 reads "dan" mostly, "shan" as a surname.
        assert!(name_matches("单田芳", "shantianfang"));
        assert!(name_matches("单田芳", "dtf"));
        assert!(name_matches("吕红", "lvhong"));
        assert!(name_matches("吕红", "luhong"));
        assert!(name_matches("吕红", "lühong"));
    }

    #[test]
    fn mongolian_by_containment() {
        assert!(name_matches("ᠪᠠᠲᠤ", "ᠪᠠᠲᠤ"));
        assert!(name_matches("ᠪᠠᠲᠤ ᠮᠥᠩᠬᠡ", "ᠮᠥᠩᠬᠡ"));
        assert!(!name_matches("ᠪᠠᠲᠤ", "ᠮᠥᠩᠬᠡ"));
    }

    #[test]
    fn no_match_and_empty_query() {
        assert!(!name_matches("王立华", "zhao"));
        assert!(!name_matches("王立华", "wlhx"));
        assert!(!name_matches("王立华", ""));
        assert!(!name_matches("王立华", "   "));
        assert!(!name_matches("", "w"));
    }
}
