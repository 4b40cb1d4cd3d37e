//! Names in the order people of the place expect: Chinese by pinyin, traditional Mongolian by its
//! own alphabet, rather than by the code points of their characters (which put 阿 after 张).

use pinyin::ToPinyin;
use steppe_domain::script::is_mongolian_letter;

/// A key that sorts `name` among others: each Chinese character as its pinyin with the tone's
/// number after it (so 妈 mā comes before 马 mǎ, and homophones stay together), Latin letters
/// without case, and traditional Mongolian by its alphabet — the Unicode block follows the
/// traditional order (a, e, i, o, u, ö, ü, n, ng, b, p, q, γ, …), so its code points are that
/// order — after every Chinese and Latin name.
pub fn sort_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len() * 3);
    for (c, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            Some(p) => {
                key.push_str(p.with_tone_num_end());
                key.push(' ');
            }
            None if is_mongolian_letter(c) => {
                // Above every ASCII letter: Mongolian names after the others.
                key.push('\u{10FFFF}');
                key.push(c);
            }
            None => key.extend(c.to_lowercase()),
        }
    }
    key
}

/// Sorts `items` by the name each has, as [`sort_key`] orders names.
pub fn sort_by_name<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|i| sort_key(name(i)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_by_pinyin_then_mongolian_by_its_alphabet() {
        let mut names = vec![
            "张三",
            "ᠪᠠᠲᠤ",
            "巴特尔",
            "Bob",
            "阿拉坦",
            "ᠠᠯᠲᠠᠨ",
            "马",
            "妈",
        ];
        sort_by_name(&mut names, |n| n);
        assert_eq!(
            names,
            [
                "阿拉坦",
                "巴特尔",
                "Bob",
                "妈",
                "马",
                "张三",
                "ᠠᠯᠲᠠᠨ",
                "ᠪᠠᠲᠤ"
            ]
        );
    }
}
