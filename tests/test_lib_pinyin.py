"""Pinyin search keys, with surname readings and names pypinyin does not know."""
import pytest

from yinling.lib.pinyin import name_keys


@pytest.mark.parametrize(
    "name, full, initials",
    [
        ("张建中", "zhang0jian0zhong", "zjz"),
        ("单立群", "shan0li0qun", "slq"),  # 单 as a surname is shan, not dan
        ("曾宪文", "zeng0xian0wen", "zxw"),  # not ceng
        ("仇德明", "qiu0de0ming", "qdm"),  # not chou
        ("解秀英", "xie0xiu0ying", "xxy"),  # not jie
        ("区伟", "ou0wei", "ow"),
        ("查良", "zha0liang", "zl"),
        ("朴成", "piao0cheng", "pc"),
        ("覃明", "qin0ming", "qm"),
        ("欧阳修", "ou0yang0xiu", "oyx"),
        ("曾曾", "zeng0ceng", "zc"),  # only the first character is a surname
        ("𠮷祥", "ji0xiang", "jx"),  # CJK Extension B
        ("阿依古丽·买买提", "a0yi0gu0li0mai0mai0ti", "ayglmmt"),
        ("Mary李", "mary0li", "ml"),
        ("", "", ""),
    ],
)
def test_it_makes_search_keys(name, full, initials):
    assert name_keys(name) == (full, initials)


@pytest.mark.parametrize("shuffled, ordered", [
    # every 陈 (chen) before every 程 (cheng), though chenhualin > chengbaoxue run together
    (["陈华林", "程宝学", "陈宝清", "程志忠", "陈峰杰"], ["陈宝清", "陈峰杰", "陈华林", "程宝学", "程志忠"]),
    (["方明", "范建", "方达", "范文"], ["范建", "范文", "方达", "方明"]),  # fan before fang
    (["曾宪文", "钟华", "单立群", "沈力"], ["单立群", "沈力", "曾宪文", "钟华"]),  # surname readings: shan, zeng
    (["王明华", "王明"], ["王明", "王明华"]),  # a shorter name before its longer namesake
])
def test_names_sort_as_chinese_offices_order_them(shuffled, ordered):
    assert sorted(shuffled, key=lambda n: name_keys(n)[0]) == ordered


@pytest.mark.parametrize("query, expected", [
    ("zhangj", "zhang0j"), ("chenhua", "chen0hua"), ("zhangjianzhong", "zhang0jian0zhong"), ("xian", "xian"),
    ("zj", None),  # initials, not pinyin: no key starts so
])
def test_a_run_together_query_is_cut_into_the_keys_syllables(query, expected):
    from yinling.lib.pinyin import pinyin_key_prefixes

    found = pinyin_key_prefixes(query)
    assert (expected in found) if expected else found == []
