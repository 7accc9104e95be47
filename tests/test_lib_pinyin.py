"""Pinyin search keys, with surname readings and names pypinyin does not know."""
import pytest

from yinling.lib.pinyin import name_keys


@pytest.mark.parametrize(
    "name, full, initials",
    [
        ("张建中", "zhangjianzhong", "zjz"),
        ("单立群", "shanliqun", "slq"),  # 单 as a surname is shan, not dan
        ("曾宪文", "zengxianwen", "zxw"),  # not ceng
        ("仇德明", "qiudeming", "qdm"),  # not chou
        ("解秀英", "xiexiuying", "xxy"),  # not jie
        ("区伟", "ouwei", "ow"),
        ("查良", "zhaliang", "zl"),
        ("朴成", "piaocheng", "pc"),
        ("覃明", "qinming", "qm"),
        ("欧阳修", "ouyangxiu", "oyx"),
        ("曾曾", "zengceng", "zc"),  # only the first character is a surname
        ("𠮷祥", "jixiang", "jx"),  # CJK Extension B
        ("阿依古丽·买买提", "ayigulimaimaiti", "ayglmmt"),
        ("Mary李", "maryli", "ml"),
        ("", "", ""),
    ],
)
def test_it_makes_search_keys(name, full, initials):
    assert name_keys(name) == (full, initials)
