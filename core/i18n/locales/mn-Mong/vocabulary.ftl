# Mongolian (traditional script) words for the domain's vocabularies. Only terms whose
# traditional-script form is established in a public source are here, each with its source;
# every other message falls back to Chinese (see `cargo xtask i18n` for the coverage).
# Translators: add a line `Id = text` for any id of `../zh-Hans/vocabulary.ftl`; nothing else.

## OrgKind

# ayimaγ — Wikipedia, "Leagues of China" (Mongolian: ᠠᠶᠢᠮᠠᠭ ayimaγ; Chinese: 盟).
org_kind_league = ᠠᠶᠢᠮᠠᠭ
# qosiγu — Wikipedia, "Banners of Inner Mongolia" (Mongolian script: ᠬᠣᠰᠢᠭᠤ; Chinese: 旗).
org_kind_banner = ᠬᠣᠰᠢᠭᠤ
# sumu — Wikipedia, "Sum (administrative division)" (Mongolian: ᠰᠤᠮᠤ; Chinese: 苏木).
org_kind_sumu = ᠰᠤᠮᠤ
# γačaγ-a — Wikipedia, "Sum (administrative division)" and "Gaqaa" (Mongolian: ᠭᠠᠴᠠᠭᠠ; Chinese: 嘎查).
org_kind_gacha = ᠭᠠᠴᠠᠭᠠ
