"""Generated Chinese names and phone numbers for the demo and the benchmark (never a real person's)."""
import random

# People named in shared/seed: never generated.
EXCLUDED_NAMES = {"周建忠", "成长春", "庄安正", "徐乃为", "王敦琴", "张卫斌", "钱吉华"}

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单仇解")
GIVEN_MALE = "建国平明华军伟志强文德福海荣生庆春林山宝忠诚永清宏振立新民学成俊杰峰"
GIVEN_FEMALE = "秀英兰芳玉珍桂梅丽萍红霞敏静淑琴慧云凤芬燕娟洁雪佩琳素"


def random_name(rng: random.Random, gender: str, used: set[str]) -> str:
    """A plausible name (surname + one or two given characters), never one in `used` or the source text."""
    pool = GIVEN_MALE if gender == "M" else GIVEN_FEMALE
    while True:
        surname = rng.choice(SURNAMES)
        given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.8 else "")
        name = surname + given
        if name not in EXCLUDED_NAMES and name not in used:
            used.add(name)
            return name


def demo_phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "137", "150", "151", "152", "158", "159", "180", "181", "189", "133"]) + f"{rng.randint(0, 99999999):08d}"
