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

/// Sorts `items` by the name each has, as [`sort_key`] orders names. Stable: items of one name
/// keep the order they came in (the store's, by id).
pub fn sort_by_name<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|i| sort_key(name(i)));
}

/// Orders a tree listed depth first — each item followed by everything below it, a child one
/// `depth` deeper than its parent, as the store lists an organisation's subtree — so that the
/// children of each item come in the order of their names ([`sort_key`]), each still followed by
/// everything below it. The store orders siblings by the code points of their names, which put
/// 张 before 阿; the tree's shape is kept, only siblings move.
pub fn sort_tree_by_name<T>(
    items: Vec<T>,
    depth: impl Fn(&T) -> i64,
    name: impl Fn(&T) -> &str,
) -> Vec<T> {
    // Each item's children (by index), and the items with no parent in the list.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut roots = Vec::new();
    let mut above: Vec<usize> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let d = depth(item);
        while above.last().is_some_and(|&a| depth(&items[a]) >= d) {
            above.pop();
        }
        match above.last() {
            Some(&parent) => children[parent].push(i),
            None => roots.push(i),
        }
        above.push(i);
    }
    let keys: Vec<String> = items.iter().map(|i| sort_key(name(i))).collect();
    let by_name = |list: &mut Vec<usize>| list.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
    by_name(&mut roots);
    children.iter_mut().for_each(by_name);
    // Depth first again: a stack of what is still to list, the next on top.
    let mut order = Vec::with_capacity(items.len());
    let mut next: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(i) = next.pop() {
        order.push(i);
        next.extend(children[i].iter().rev());
    }
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
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

    #[test]
    fn a_tree_keeps_its_shape_with_siblings_by_pinyin() {
        // (depth, name), depth first with siblings by code point, as the store lists them.
        let tree = vec![
            (0, "锡林郭勒盟"),
            (1, "正蓝旗"),
            (2, "那日图苏木"),
            (2, "上都镇"),
            (1, "阿巴嘎旗"),
            (2, "别力古台镇"),
            (3, "张家"),
            (3, "阿拉坦"),
            (2, "宝格都乌拉苏木"),
        ];
        let sorted = sort_tree_by_name(tree, |(d, _)| *d, |(_, n)| n);
        assert_eq!(
            sorted,
            [
                (0, "锡林郭勒盟"),
                (1, "阿巴嘎旗"),
                (2, "宝格都乌拉苏木"),
                (2, "别力古台镇"),
                (3, "阿拉坦"),
                (3, "张家"),
                (1, "正蓝旗"),
                (2, "那日图苏木"),
                (2, "上都镇"),
            ]
        );
    }

    #[test]
    fn a_forest_and_an_empty_list() {
        let forest = vec![(0, "张"), (1, "子"), (0, "阿")];
        assert_eq!(
            sort_tree_by_name(forest, |(d, _)| *d, |(_, n)| n),
            [(0, "阿"), (0, "张"), (1, "子")]
        );
        let none: Vec<(i64, &str)> = Vec::new();
        assert!(sort_tree_by_name(none, |(d, _)| *d, |(_, n)| n).is_empty());
    }
}
