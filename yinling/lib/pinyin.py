"""Pinyin keys for searching names: full pinyin and initials (zjz, zhangjianzhong).

pypinyin reads every character by its most common reading; surnames often read
otherwise (单 shan, not dan), and pypinyin has no surname mode, so the first
character of a name is looked up in SURNAME_READINGS first. Compound surnames
(欧阳, 尉迟 …) are read correctly by pypinyin already. Characters outside its
dictionary (𠮷 in CJK Extension B) come from RARE_READINGS; anything still
unknown is skipped so that the rest of the name stays searchable.
"""
import os
from functools import lru_cache

# Names are read a character at a time, so pypinyin's phrase tables (~45 MB) are never
# needed; these must be set before pypinyin is first imported.
os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")

SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "仇": "qiu", "解": "xie", "区": "ou", "查": "zha",
    "朴": "piao", "覃": "qin", "盖": "ge", "缪": "miao", "尉": "yu", "乐": "yue",
    "员": "yun", "繁": "po", "那": "na", "翟": "zhai", "万俟": "moqi", "秘": "bi",
    "召": "shao", "种": "chong", "难": "ning", "牟": "mou", "黑": "he", "长": "chang",
    "重": "chong", "薄": "bo", "卜": "bu", "宓": "fu", "能": "nai", "逄": "pang",
    "洗": "xian", "冼": "xian", "谌": "chen", "眭": "sui", "隗": "wei", "阚": "kan",
}
COMPOUND_SURNAMES = sorted((s for s in SURNAME_READINGS if len(s) > 1), key=len, reverse=True)
RARE_READINGS = {"𠮷": "ji", "䶮": "yan", "堃": "kun", "喆": "zhe", "昇": "sheng"}


_COMPOUND_HEADS = frozenset(s[:2] for s in COMPOUND_SURNAMES)
_HAN_READINGS: dict[str, str] = {}  # character → reading, for the Chinese characters read so far


@lru_cache(maxsize=20000)
def _char_reading(ch: str) -> str:
    if ch.isascii():
        return ch.lower() if ch.isalnum() else ""
    if ch in RARE_READINGS:
        found = RARE_READINGS[ch]
    else:
        # Imported here: pypinyin's tables take ~60 MB, which processes that never
        # read a name (exports, the task worker's other jobs) should not pay.
        from pypinyin import Style, pinyin

        reading = pinyin(ch, style=Style.NORMAL, errors="ignore", strict=False)
        found = reading[0][0] if reading and reading[0] else ""
    if found:
        _HAN_READINGS[ch] = found  # name_keys()' fast path
    return found


def readings(name: str) -> list[str]:
    """One reading per syllable; ASCII runs stay one word (Mary李 → mary, li)."""
    name = (name or "").strip()
    out: list[str] = []
    rest = name
    for surname in COMPOUND_SURNAMES:
        if name.startswith(surname):
            out.append(SURNAME_READINGS[surname])
            rest = name[len(surname):]
            break
    else:
        if name and name[0] in SURNAME_READINGS:
            out.append(SURNAME_READINGS[name[0]])
            rest = name[1:]
    word = ""
    for ch in rest:
        if ch.isascii() and ch.isalnum():
            word += ch.lower()
            continue
        if word:
            out.append(word)
            word = ""
        r = _char_reading(ch)
        if r:
            out.append(r)
    if word:
        out.append(word)
    return out


# Between the syllables of the pinyin key: a digit, which every collation (C, ICU, glibc's
# zh_CN) orders before the letters and does not ignore, as it ignores spaces and punctuation.
SYLLABLE_SEPARATOR = "0"


@lru_cache(maxsize=65536)  # rosters repeat names; an import asks for each many times
def name_keys(name: str) -> tuple[str, str]:
    """(pinyin key, initials): 张建中 → ("zhang0jian0zhong", "zjz").

    The pinyin key is also the roster's order, as Chinese offices keep it: by the surname's
    reading, then the given name syllable by syllable — every 陈 (chen0…) before every 程
    (cheng0…), which run-together pinyin does not give (chenhualin > chengbaoxue). Namesakes
    are then ordered by key (the callers' "id"). Searches drop the separators (selectors).

    Most names are two or three characters already read in earlier names: they take the
    fast path (one lookup each); any other name is read by readings().
    """
    try:
        if not name or name[:2] in _COMPOUND_HEADS:
            raise KeyError(name)
        known = _HAN_READINGS
        syllables = [SURNAME_READINGS.get(name[0]) or known[name[0]], *[known[ch] for ch in name[1:]]]
    except KeyError:
        syllables = readings(name)
    return SYLLABLE_SEPARATOR.join(syllables), "".join(s[0] for s in syllables)


# Every syllable of Mandarin as pypinyin writes it without tones (ü as v).
SYLLABLES = frozenset("""
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu ca cai can cang cao ce cei
cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou
cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die din ding diu dong dou du duan dui dun duo
e ei en eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan
guang gui gun guo ha hai han hang hao he hei hen heng hm hng hong hou hu hua huai huan huang hui hun huo ji jia jian
jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang
kui kun kuo la lai lan lang lao le lei len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv
lve m ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu n na nai nan nang nao ne nei nen neng
ng ni nia nian niang niao nie nin ning niu nong nou nu nuan nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi
pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng
ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi
shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te tei teng ti
tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wong wu xi xia xian xiang xiao xie xin
xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei
zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi
zong zou zu zuan zui zun zuo
""".split())
_BEGUN = frozenset(s[:i] for s in SYLLABLES for i in range(1, len(s) + 1))


def pinyin_key_prefixes(query: str, limit: int = 8) -> list[str]:
    """The starts of a pinyin key (name_keys) that a run-together query can stand for:
    "zhangj" → ["zhang0j", …]; each way to cut it into syllables, the last one perhaps unfinished,
    the longest syllables first; at most `limit` of them."""
    found: list[str] = []

    def cut(rest: str, done: list[str]) -> None:
        if len(found) >= limit:
            return
        if rest in _BEGUN:
            found.append(SYLLABLE_SEPARATOR.join([*done, rest]))
        for end in range(min(6, len(rest) - 1), 0, -1):  # the longest syllable first: the likeliest cut
            if rest[:end] in SYLLABLES:
                cut(rest[end:], [*done, rest[:end]])

    cut(query.lower(), [])
    return found
