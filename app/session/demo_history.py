"""A realistic made-up history for a service provider: `genbo demo-history`
fills a data folder with it so the library, the roster, reviews, comparisons
and the ghost line have something true-looking to show at once, and the month
benchmarks build their synthetic year with it.

What makes it look like a provider's book rather than noise:

- **Sizes.** A few big accounts (300万–800万 a month), some mid-sized ones
  (60万–300万), many small ones (5万–60万) and a long tail below that. Mostly
  Douyin and Kuaishou with Chinese names; a few Twitch/YouTube channels with
  English names in their own time zones.
- **Growth.** Some grow month on month, some are flat, some decline; the
  promotion months (年货节, 618, 双11, 双12) lift everyone, 春节 lowers them.
  Some streamers are signed during the year. A few are *planned* to cross
  50万, 200万 or 500万 for the first time, each in a different month, so the
  provider summary has first-time leaps to count (`DemoHistoryResult.leaps`
  lists the ones that happened).
- **Schedules.** Most go live at a planned time (06:30, 19:00, …, +08:00),
  some with other times at the weekend or only on weekdays. Most start within
  a couple of minutes of it, some are habitually late, a few early; now and
  then anyone is very late. Some have no schedule at all.
- **Detail.** Each streamer's weekly big show (the one an operator rides
  along) is stored with every sample (every 5 s: viewers, GMV, orders,
  buyers, cumulative viewers, views, followers, dwell, and spend for those who
  buy traffic) with a believable shape: a warm-up, peaks at each product drop,
  a fade at the end, the odd gap; its threshold milestones (the big accounts'
  monthly 大场 passes 大屏破百万), highlights and product segments are events,
  and its per-minute GMV and viewer curves are stored. Every other session is
  a summary (`SessionDetail.SUMMARY`) with figures that fit the streamer's
  size. A full session's summary is computed from its samples by
  `SessionStats`, as a recorded one's is.
- **Platform figures.** In a few months a streamer's sessions were not all
  recorded, and the platform's monthly GMV was typed in instead
  (`Repository.set_platform_gmv`).

Everything is drawn from numpy generators seeded by `seed` (and the
streamer's and day's index), so a seed always gives the same history.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, timezone
from itertools import zip_longest

import numpy as np
import numpy.typing as npt

from app.config.formatting import number_format
from app.core.ads import (
    DIRECT,
    DOUYIN,
    KUAISHOU,
    PLATFORM_WINDOWS,
    T0,
    T7,
    T15,
    T30,
    AdRow,
    WindowFigures,
    platform_key,
)
from app.core.columns import Column, SessionColumns, SourceColumns
from app.core.highlights import (
    EventRecord,
    Highlight,
    from_milestone,
    highlight_record,
    milestone_record,
)
from app.core.library import StreamerMonth
from app.core.metrics import Gap
from app.core.milestones import DEFAULT_LADDERS, DEFAULT_MAJOR, Milestone, MilestoneKind
from app.core.roster import LEAP_THRESHOLDS_FEN, first_crossings
from app.core.segments import Segment, segment_record
from app.core.session import ScheduleSlot, SessionDetail, SessionSummary, Streamer
from app.core.stats import SessionStats
from app.session.compare import save_session_curves
from app.storage.ads import AdStore
from app.storage.bulk import NewSession, insert_session, insert_summaries
from app.storage.repository import Repository, summary_from_stats

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

DEMO_VERSION = 1
"""Changes whenever the same arguments would give a different history (the
month benchmark keys its cached database on it)."""

CST = 8 * 60
"""China Standard Time, the provider's offset."""
WAN_FEN = 10_000 * 100
DAY_MS = 86_400_000
SOURCE = "simulator"
"""The source kind full sessions are stored under: the samples are simulated."""
SAMPLE_INTERVAL_S = 5
SECOND_SHOW_RATE = 0.5
"""How often a streamer without a schedule goes live twice in a day."""
SUMMARY_BATCH = 5_000
"""Summary-only sessions are stored in batches of about this many."""

Progress = Callable[[float], None]


# -- what it made -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DemoLeap:
    """A streamer's month GMV reaching a threshold for the first time, after
    at least one month below it (a leap the platform would count)."""

    streamer_id: int
    name: str
    threshold_fen: int
    month: int


@dataclass(frozen=True)
class DemoHistoryResult:
    streamers: tuple[Streamer, ...]
    first_day: date
    last_day: date
    """The first and last local day that has sessions."""
    sessions: int
    full_sessions: int
    summaries: int
    platform_months: tuple[tuple[int, int], ...]
    """(streamer id, YYYYMM) of the months whose platform GMV was typed in
    because not every session was recorded."""
    leaps: tuple[DemoLeap, ...]
    seconds: float
    curves: bool
    """Whether per-minute curves were stored with the full sessions."""
    full_session_ids: tuple[int, ...] = field(default=(), repr=False)
    ad_rows: int = 0
    """Rows of made-up 磁力金牛 / 千川 reports for the last 60 days' paid traffic."""


# -- names and words ----------------------------------------------------------------------
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
_GIVEN = "婷娜静敏燕艳丽娟霞秀芳萍红玲琳雪慧颖洁晶欣怡佳悦瑶涵萱琪梦雨璐瑾楠露冰月晴岚蕾薇倩茜乐宁安平伟强磊军洋勇杰涛超明刚辉鹏浩宇轩博文斌凯峰健鑫"  # noqa: E501
_STYLES = (
    "{s}{g}{g2}",
    "小{g}{g2}",
    "{s}小{g}",
    "{g}{g2}姐姐",
    "阿{g}",
    "{s}{g}的小店",
    "{g}{g2}严选",
    "{s}{g}工厂店",
    "{g}{g2}好物",
    "{s}哥{g}{g2}",
    "{g}{g2}在{place}",
    "{place}{s}{g}",
)
_PLACES = "义乌临沂杭州广州深圳成都长沙武汉青岛厦门大理延边桂林赣州泉州苏州"
_EN_FIRST = (
    "Luna", "Maya", "Nova", "Iris", "Ivy", "Zoe", "Leo", "Max", "Finn", "Milo", "Ruby", "Jade",
    "Skye", "Noah", "Eli", "Cleo", "Theo", "Aria", "Kai", "Rosa",
)  # fmt: skip
_EN_SECOND = (
    "Plays", "Cooks", "Crafts", "Deals", "Live", "Styles", "Makes", "Finds", "Picks", "TV",
    "Sells", "Hauls",
)  # fmt: skip
_EN_OFFSETS = (-300, -360, -480, 0, 60)

_CATEGORIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # category: (themes for titles, products)
    "美妆": (
        ("秋冬护肤专场", "新品首发", "大牌小样福利", "宠粉福利日", "底妆教学", "直降专场"),
        ("精华液", "气垫", "口红礼盒", "面膜", "防晒霜", "眼霜", "卸妆油"),
    ),
    "服饰": (
        ("秋冬上新", "源头工厂直发", "爆款返场", "穿搭教学", "断码清仓", "新款羽绒服"),
        ("羊绒大衣", "羽绒服", "针织衫", "阔腿裤", "卫衣", "连衣裙", "牛仔外套"),
    ),
    "食品": (
        ("产地直发", "年货囤货", "零食福利", "源头好价", "工厂溯源", "新鲜到家"),
        ("坚果礼盒", "牛肉干", "螺蛳粉", "脐橙", "土蜂蜜", "手工粉丝", "腊肠"),
    ),
    "家居": (
        ("家居好物", "收纳专场", "厨房神器", "换季焕新", "工厂直供", "床品特惠"),
        ("四件套", "收纳箱", "不粘锅", "乳胶枕", "懒人沙发", "香薰机", "保温杯"),
    ),
    "母婴": (
        ("宝妈福利日", "新品试用", "囤货专场", "育儿好物", "品牌日", "直降专场"),
        ("纸尿裤", "奶粉", "婴儿推车", "儿童绘本", "辅食机", "爬行垫", "湿巾"),
    ),
    "珠宝": (
        ("源头直播", "产地开箱", "婚嫁专场", "新款首发", "福利捡漏", "国风专场"),
        ("和田玉手镯", "珍珠项链", "黄金转运珠", "翡翠吊坠", "银饰套装", "琥珀手串"),
    ),
    "数码": (
        ("新机首发", "数码好物", "以旧换新", "国补专场", "开学季", "直降专场"),
        ("蓝牙耳机", "充电宝", "平板电脑", "智能手表", "机械键盘", "扫地机器人"),
    ),
    "农产品": (
        ("助农专场", "产地直播", "时令鲜果", "山货上新", "田间直播", "新米上市"),
        ("五常大米", "猕猴桃", "高山茶叶", "红薯", "野生菌", "小米", "核桃"),
    ),
}
_EN_THEMES = ("Weekend sale", "New drop", "Restock night", "Fan picks", "Flash deals", "Q&A")
_EN_PRODUCTS = ("hoodie", "tea set", "mouse pad", "art print", "cookbook", "sticker pack")
_TAGS_ANY = ("福袋", "新品", "返场", "秒杀", "福利")
_NOTES = (
    "开场福袋拉人效果好，下次提前5分钟上福袋。",
    "爆款讲解太长，停留掉了，控制在8分钟内。",
    "投流前30分钟ROI偏低，下次晚点开。",
    "返场那一波成交最好，可以固定放在第二个小时。",
    "中段在线掉得厉害，需要安排互动抽奖。",
    "新品试穿反馈好，评论区问尺码的很多，提前备好尺码表。",
    "主播状态好，节奏快，转化比上周高。",
    "后半场货品不够，断货两次，和商家确认库存。",
)
_EN_NOTES = (
    "Opening giveaway pulled people in; start it five minutes earlier.",
    "Demo ran long and dwell dropped; keep it under eight minutes.",
    "Restock segment sold best; keep it in the second hour.",
)
_MONTH_FACTOR = {1: 1.12, 2: 0.82, 6: 1.25, 11: 1.35, 12: 1.08}
"""Season: 年货节, 春节, 618, 双11, 双12."""
_PROMO_TITLES = {1: "年货节大场", 6: "618狂欢大场", 11: "双11狂欢夜", 12: "双12返场"}


# -- a streamer's character ---------------------------------------------------------------
@dataclass
class _Profile:
    index: int
    name: str
    platform: str
    account_id: str
    english: bool
    offset_min: int
    size: str
    category: str
    schedule: tuple[ScheduleSlot, ...]
    usual_start_min: int
    weekend_start_min: int | None
    punctuality: str
    show_weekday: int
    rest_rate: float
    joined: int
    """Index of the first month the streamer has sessions in."""
    monthly_fen: list[float]
    """The month's GMV as planned, by month index."""
    leap: int | None
    duration_h: float
    gpm: float
    """GMV per 1,000 views, yuan."""
    dwell_s: float
    aov: float
    buyer_ratio: float
    uv_ratio: float
    follow_rate: float
    roi: float | None
    """GMV per yuan of paid traffic; None: buys none."""
    peak_ratio: float
    share15: float
    share30: float
    full: bool = True
    tags: tuple[str, ...] = ()


_SIZES = {
    # size: (monthly GMV range in yuan, share of streamers)
    "big": ((300e4, 800e4), 0.05),
    "mid": ((60e4, 300e4), 0.15),
    "small": ((5e4, 60e4), 0.50),
    "tail": ((0.5e4, 5e4), 0.30),
}


def _sizes(n: int, rng: np.random.Generator) -> list[str]:
    """Each streamer's size: the shares above, at least one big and one mid
    account once there are four streamers (two big ones from ten), shuffled."""
    counts = {k: round(n * share) for k, (_, share) in _SIZES.items()}
    if n >= 4:
        counts["big"] = max(1 if n < 10 else 2, counts["big"])
        counts["mid"] = max(1, counts["mid"])
    counts["small"] = max(0, n - counts["big"] - counts["mid"] - counts["tail"])
    while sum(counts.values()) > n:
        largest = max(("tail", "small"), key=lambda k: counts[k])
        counts[largest] -= 1
    out = [k for k, c in counts.items() for _ in range(c)]
    out += ["small"] * (n - len(out))
    order = rng.permutation(len(out))
    return [out[i] for i in order]


def _name(rng: np.random.Generator, english: bool, taken: set[str]) -> str:
    for _ in range(1000):
        if english:
            name = f"{rng.choice(_EN_FIRST)}{rng.choice(_EN_SECOND)}"
            if name in taken:
                name = f"{name}{int(rng.integers(2, 99))}"
        else:
            style = str(rng.choice(_STYLES))
            name = style.format(
                s=rng.choice(list(_SURNAMES)),
                g=rng.choice(list(_GIVEN)),
                g2=rng.choice(list(_GIVEN)),
                place=_PLACES[2 * int(rng.integers(len(_PLACES) // 2)) :][:2],
            )
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError("could not find a free streamer name")  # pragma: no cover


def _account(rng: np.random.Generator, platform: str, taken: set[tuple[str, str]]) -> str:
    while True:
        account = f"{platform[:2]}{int(rng.integers(10**8, 10**9))}"
        if (platform, account) not in taken:
            taken.add((platform, account))
            return account


def _clock(h: int, m: int = 0) -> int:
    return h * 60 + m


_START_CHOICES = (
    (_clock(6, 30), 0.14),
    (_clock(7, 0), 0.05),
    (_clock(8, 0), 0.05),
    (_clock(10, 0), 0.06),
    (_clock(12, 0), 0.05),
    (_clock(14, 0), 0.06),
    (_clock(18, 0), 0.06),
    (_clock(19, 0), 0.18),
    (_clock(19, 30), 0.10),
    (_clock(20, 0), 0.15),
    (_clock(21, 0), 0.10),
)


def _profile(
    index: int,
    size: str,
    rng: np.random.Generator,
    taken: set[str],
    accounts: set[tuple[str, str]],
    whole_months: int,
    month_numbers: Sequence[int],
    leap: int | None,
    leap_month: int | None,
) -> _Profile:
    roll = rng.random()
    platform = (
        "douyin"
        if roll < 0.62
        else "kuaishou"
        if roll < 0.93
        else "twitch"
        if roll < 0.965
        else "youtube"
    )
    english = platform in ("twitch", "youtube")
    offset = int(rng.choice(_EN_OFFSETS)) if english else CST
    name = _name(rng, english, taken)
    category = str(rng.choice(list(_CATEGORIES)))
    starts, weights = zip(*_START_CHOICES, strict=True)
    p = np.array(weights) / sum(weights)
    usual = int(rng.choice(starts, p=p))
    if english:
        usual = int(rng.choice([_clock(18), _clock(19), _clock(20), _clock(21)]))
    weekend_start: int | None = None
    schedule: tuple[ScheduleSlot, ...] = ()
    kind = rng.random()
    if kind < 0.55:
        schedule = (ScheduleSlot(None, usual, offset),)
    elif kind < 0.72:
        weekend_start = int(rng.choice([_clock(10), _clock(14), _clock(15)]))
        schedule = (
            ScheduleSlot(None, usual, offset),
            ScheduleSlot(5, weekend_start, offset),
            ScheduleSlot(6, weekend_start, offset),
        )
    elif kind < 0.80:
        schedule = tuple(ScheduleSlot(d, usual, offset) for d in range(5))
    punct = rng.random()
    punctuality = (
        "none"
        if not schedule
        else "punctual"
        if punct < 0.7
        else "late"
        if punct < 0.9
        else "early"
    )
    (lo, hi), _ = _SIZES[size]
    # Signed during the year: some start later (never the planned leapers,
    # whose month before the leap must be there).
    joined = 0
    if leap is None and whole_months >= 4 and rng.random() < 0.1:
        joined = int(rng.integers(1, whole_months))
    months = len(month_numbers)
    monthly = _monthly_plan(rng, lo, hi, months, joined, month_numbers, leap, leap_month)
    big = size == "big"
    roi = None if rng.random() < (0.2 if big else 0.55) else float(rng.uniform(2.5, 8.0))
    tags = (category,) if not english else ()
    return _Profile(
        index=index,
        name=name,
        platform=platform,
        account_id=_account(rng, platform, accounts),
        english=english,
        offset_min=offset,
        size=size,
        category=category,
        schedule=schedule,
        usual_start_min=usual,
        weekend_start_min=weekend_start,
        punctuality=punctuality,
        show_weekday=int(rng.choice([4, 5, 6, 5, 6, 2])),
        rest_rate=float(rng.choice([0.0, 0.0, 0.01, 0.02, 0.05]))
        if big
        else float(rng.uniform(0, 0.08)),
        joined=joined,
        monthly_fen=monthly,
        leap=leap,
        duration_h=float(
            rng.uniform(2.2, 4.0) if size in ("big", "mid") else rng.uniform(1.8, 3.5)
        ),
        gpm=float(rng.uniform(700, 1800) if big else rng.uniform(400, 2600)),
        dwell_s=float(rng.uniform(45, 140)),
        aov=float(rng.uniform(39, 320)),
        buyer_ratio=float(rng.uniform(0.78, 0.95)),
        uv_ratio=float(rng.uniform(0.55, 0.8)),
        follow_rate=float(rng.uniform(0.004, 0.03)),
        roi=roi,
        peak_ratio=float(rng.uniform(1.7, 2.9)),
        share15=float(rng.uniform(0.025, 0.06)),
        share30=float(rng.uniform(2.0, 2.7)),
        tags=tags,
    )


def _monthly_plan(
    rng: np.random.Generator,
    lo: float,
    hi: float,
    months: int,
    joined: int,
    month_numbers: Sequence[int],
    leap: int | None,
    leap_month: int | None,
) -> list[float]:
    """Planned GMV (fen) for each month index; 0 before the streamer joined."""
    out = [0.0] * months
    if leap is not None and leap_month is not None:
        t = float(leap)
        out[leap_month] = t * rng.uniform(1.04, 1.22)
        out[leap_month - 1] = t * rng.uniform(0.78, 0.93)
        for k in range(leap_month - 2, -1, -1):
            out[k] = out[k + 1] / rng.uniform(1.04, 1.15)
        for k in range(leap_month + 1, months):
            out[k] = out[k - 1] * rng.uniform(0.96, 1.08)
        return out
    start = math.exp(rng.uniform(math.log(lo), math.log(hi))) * 100
    trend = rng.random()
    growth = (
        rng.uniform(1.03, 1.12)
        if trend < 0.35
        else rng.uniform(0.985, 1.015)
        if trend < 0.75
        else rng.uniform(0.93, 0.975)
    )
    if joined:
        growth = max(growth, rng.uniform(1.05, 1.18))  # a new signing is pushed
        start *= rng.uniform(0.4, 0.8)
    level = start
    for k in range(joined, months):
        out[k] = level * rng.uniform(0.92, 1.08) * _MONTH_FACTOR.get(month_numbers[k] % 100, 1.0)
        level *= growth
    return out


# -- the calendar -------------------------------------------------------------------------
def _month_starts(today: date, months: int) -> list[date]:
    """The first day of `months` whole months before `today`'s, then of its own."""
    y, m = today.year, today.month
    out = []
    for k in range(months, -1, -1):
        mm = m - k
        yy = y + (mm - 1) // 12
        mm = (mm - 1) % 12 + 1
        out.append(date(yy, mm, 1))
    return out


def _midnight_ms(d: date, offset_min: int) -> int:
    tz = timezone(timedelta(minutes=offset_min))
    return int(datetime(d.year, d.month, d.day, tzinfo=tz).timestamp() * 1000)


def _session_uid(seed: int, salt: int, index: int, day: date, k: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"genbo-demo/{seed}/{salt}/{index}/{day}/{k}"))


def _uid(rng: np.random.Generator) -> str:
    return str(uuid.UUID(bytes=rng.bytes(16), version=4))


@dataclass
class _Day:
    day: date
    month: int
    """Month index."""
    started_ms: int
    duration_s: int
    weight: float
    kind: str
    """"normal", "show" (the weekly big show) or "grand" (a big account's 大场)."""
    gmv_fen: int = 0
    dropped: bool = False


def _days(p: _Profile, rng: np.random.Generator, starts: Sequence[date], end: date) -> list[_Day]:
    """The streamer's sessions: every day from joining to `end` (inclusive)
    but rest days, with start times, lengths and the month's share of GMV."""
    first = starts[p.joined]
    n = (end - first).days + 1
    if n <= 0:
        return []
    noise = rng.lognormal(0.0, 0.32, n)
    rest = rng.random(n)
    late_pick = rng.random(n)
    late_norm = rng.standard_normal(n)
    dur_noise = rng.normal(0.0, 0.12, n)
    very_late = rng.uniform(12, 50, n)
    wander = rng.normal(0.0, 35.0, n)
    second = rng.random(n)
    second_dur = rng.uniform(1.2, 2.5, n)
    out: list[_Day] = []
    month_index = {(s.year, s.month): k for k, s in enumerate(starts)}
    for i in range(n):
        d = first + timedelta(days=i)
        weekday = d.weekday()
        show = weekday == p.show_weekday
        if not show and rest[i] < p.rest_rate:
            continue
        start_min = p.usual_start_min
        if p.weekend_start_min is not None and weekday >= 5:
            start_min = p.weekend_start_min
        # Seconds late against the plan (or, without a plan, a wandering start).
        if p.punctuality == "punctual":
            late = 30 + 75 * late_norm[i]
            if late_pick[i] < 0.04:
                late = very_late[i] * 60
        elif p.punctuality == "late":
            late = max(-120.0, 12 * 60 + 6 * 60 * late_norm[i])
        elif p.punctuality == "early":
            late = -4 * 60 + 100 * late_norm[i]
        else:
            late = wander[i] * 60
        dur_h = p.duration_h * (1.3 if show else 1.0) * (1 + dur_noise[i])
        dur_h = min(max(dur_h, 1.0), 6.5)
        weight = float(noise[i]) * (1.15 if weekday >= 5 else 1.0) * (2.3 if show else 1.0)
        started = _midnight_ms(d, p.offset_min) + start_min * 60_000 + round(late * 1000)
        out.append(
            _Day(
                day=d,
                month=month_index[(d.year, d.month)],
                started_ms=started,
                duration_s=round(dur_h * 3600 / SAMPLE_INTERVAL_S) * SAMPLE_INTERVAL_S,
                weight=weight,
                kind="show" if show else "normal",
            )
        )
        # Without a schedule, a shop often runs a second, shorter show: the
        # afternoon one after a morning show, or before an evening one.
        if not p.schedule and not show and second[i] < SECOND_SHOW_RATE:
            shift = 6 * 60 if start_min < 14 * 60 else -6 * 60
            out.append(
                _Day(
                    day=d,
                    month=month_index[(d.year, d.month)],
                    started_ms=started + shift * 60_000,
                    duration_s=round(second_dur[i] * 3600 / SAMPLE_INTERVAL_S) * SAMPLE_INTERVAL_S,
                    weight=float(noise[i]) * 0.5,
                    kind="normal",
                )
            )
    return out


def _share_out(p: _Profile, days: list[_Day], starts: Sequence[date], end_day: date) -> None:
    """Each session's GMV: the month's planned total in proportion to the
    sessions' weights (the current month pro rata to the days gone). A big
    account's monthly 大场 gets enough to pass 100万."""
    by_month: dict[int, list[_Day]] = {}
    for d in days:
        by_month.setdefault(d.month, []).append(d)
    last = len(starts) - 1
    for month, items in by_month.items():
        target = p.monthly_fen[month]
        if month == last:
            first = starts[month]
            nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            target *= max(0, (end_day - first).days + 1) / (nxt - first).days
        shows = [d for d in items if d.kind == "show"]
        if p.size == "big" and shows and target >= 250 * WAN_FEN:
            grand = min(shows, key=lambda d: abs(d.day.day - 18))
            share = min(0.4, max(0.2, 1.08e8 / target))
            others = sum(d.weight for d in items if d is not grand)
            grand.weight = share / (1 - share) * others
            grand.kind = "grand"
            grand.duration_s = max(grand.duration_s, 5 * 3600)
        total = sum(d.weight for d in items)
        for d in items:
            d.gmv_fen = max(100, round(target * d.weight / total))


# -- one session's figures ----------------------------------------------------------------
def _summary(p: _Profile, d: _Day, rng: np.random.Generator) -> SessionSummary:
    """A summary-only session's figures, as a platform's session list gives them."""
    gmv = d.gmv_fen
    yuan = gmv / 100
    gpm = p.gpm * float(rng.lognormal(0, 0.15))
    views = max(1, round(yuan * 1000 / gpm))
    dwell = p.dwell_s * float(rng.lognormal(0, 0.1))
    avg_viewers = max(1, round(views * dwell / d.duration_s))
    uv = max(1, round(views * p.uv_ratio * float(rng.uniform(0.95, 1.05))))
    orders = max(1, round(yuan / (p.aov * float(rng.lognormal(0, 0.12)))))
    share15 = p.share15 * float(rng.lognormal(0, 0.2))
    return SessionSummary(
        duration_s=float(d.duration_s),
        peak_viewers=max(
            avg_viewers, round(avg_viewers * p.peak_ratio * float(rng.lognormal(0, 0.1)))
        ),
        gmv_fen=gmv,
        gmv_15m_fen=round(gmv * share15),
        gmv_30m_fen=round(gmv * min(0.5, share15 * p.share30)),
        sample_count=0,
        gpm_fen=int(np.rint(gmv * 1000 / views)),
        avg_dwell_ds=round(dwell * 10),
        avg_viewers=avg_viewers,
        orders=orders,
        buyers=max(1, round(orders * p.buyer_ratio)),
        watch_uv=uv,
        watch_pv=views,
        new_followers=round(uv * p.follow_rate * float(rng.lognormal(0, 0.25))),
        spend_fen=None if p.roi is None else round(gmv / (p.roi * float(rng.lognormal(0, 0.15)))),
    )


def _title(p: _Profile, d: _Day, rng: np.random.Generator) -> tuple[str, tuple[str, ...]]:
    themes, _ = _CATEGORIES[p.category]
    month = d.day.month
    if p.english:
        theme = str(rng.choice(_EN_THEMES))
        title = "Big weekly show: " + theme if d.kind != "normal" else theme
        return title, ("sale",) if d.kind != "normal" else ()
    tags = list(p.tags)
    if d.kind == "grand":
        title = _PROMO_TITLES.get(month, f"{month}月大场") + " | " + str(rng.choice(themes))
        tags += ["大场", "福袋"]
    elif d.kind == "show":
        title = "周末大场" if d.day.weekday() >= 5 else "宠粉专场"
        title += " | " + str(rng.choice(themes))
        tags.append("大场")
    else:
        hour = (d.started_ms + p.offset_min * 60_000) % DAY_MS // 3_600_000
        slot = "早场" if hour < 11 else "午场" if hour < 17 else "晚场"
        title = f"{slot} | {rng.choice(themes)}"
        if rng.random() < 0.3:
            tags.append(str(rng.choice(_TAGS_ANY)))
    if p.roi is not None and rng.random() < 0.25:
        tags.append("投流")
    return title, tuple(dict.fromkeys(tags))


@dataclass(frozen=True)
class FullSession:
    """One session with every sample, ready for `insert_session`."""

    columns: SessionColumns
    gaps: tuple[Gap, ...]
    events: tuple[EventRecord, ...]
    ended_ms: int


def _bump(t: FloatArray, at: float, width: float) -> FloatArray:
    out: FloatArray = np.exp(-0.5 * ((t - at) / width) ** 2)
    return out


def _ar_noise(rng: np.random.Generator, n: int, keep: float, scale: float) -> FloatArray:
    """Slowly wandering noise around 0 with standard deviation about `scale`:
    white noise through an AR(1) filter (`keep` per step), done as one FFT
    convolution with the filter's response cut after it has died out."""
    e = rng.standard_normal(n) * scale * math.sqrt(1 - keep * keep)
    length = min(n, int(8 / (1 - keep)) + 1)
    kernel = keep ** np.arange(length, dtype=np.float64)
    size = 1 << (n + length).bit_length()
    out: FloatArray = np.fft.irfft(np.fft.rfft(e, size) * np.fft.rfft(kernel, size), size)[:n]
    return out


def _scaled_counter(rate: FloatArray, dt: float, total: int) -> IntArray:
    """A running total rising with `rate`, as integers ending at `total`."""
    cum = np.cumsum(rate) * dt
    if cum[-1] <= 0:
        return np.zeros(rate.shape[0], dtype=np.int64)
    out: IntArray = np.floor(cum / cum[-1] * total).astype(np.int64)
    out[-1] = total
    return out


def full_session(
    rng: np.random.Generator,
    started_ms: int,
    duration_s: int,
    gmv_fen: int,
    *,
    gpm: float,
    dwell_s: float,
    aov: float,
    buyer_ratio: float = 0.88,
    uv_ratio: float = 0.7,
    follow_rate: float = 0.01,
    roi: float | None = None,
    products: Sequence[str] = ("商品",),
    english: bool = False,
    interval_s: int = SAMPLE_INTERVAL_S,
    gap_chance: float = 0.3,
) -> FullSession:
    """A session's samples every `interval_s` from its start to its end, with
    GMV ending at `gmv_fen`: warm-up, a peak at each product drop (one of them
    the hero product), a fade at the end, sales in clumps; views and viewers
    agree with `gpm` and `dwell_s`. Its threshold milestones, their
    highlights, one hand-marked highlight and a segment per product are its
    events; now and then the source stalls for a while (a stored gap)."""
    n = duration_s // interval_s + 1
    t = np.arange(n, dtype=np.float64) * interval_s
    dur = float(duration_s)
    yuan = gmv_fen / 100
    views_total = max(1, round(yuan * 1000 / gpm))
    avg_online = max(1.0, views_total * dwell_s / dur)

    # Product drops: the first after a warm-up, then every 12–25 minutes.
    drops: list[float] = []
    at = float(rng.uniform(8, 15)) * 60
    while at < dur - 10 * 60:
        drops.append(at)
        at += float(rng.uniform(12, 25)) * 60
    if not drops:
        drops = [dur / 3]
    hero = int(rng.integers(len(drops)))
    amp = rng.uniform(0.15, 0.6, len(drops))
    amp[hero] = 1.0
    conv = rng.uniform(0.6, 2.0, len(drops))
    conv[hero] = 3.5
    price = aov * rng.lognormal(0, 0.35, len(drops))

    tau = float(rng.uniform(5, 12)) * 60
    warm = 0.15 + 0.85 * (1 - np.exp(-t / tau))
    fade = np.clip((dur - t) / (15 * 60), 0.5, 1.0)
    shape = warm * fade * (1 + _ar_noise(rng, n, 0.995, 0.12))
    burst = np.zeros(n)
    price_now = np.full(n, aov * 0.5)  # the opening giveaway-priced item
    for k, d0 in enumerate(drops):
        shape += amp[k] * _bump(t, d0 + 3 * 60, float(rng.uniform(3, 6)) * 60) * warm
        after = t - d0
        on = after >= 0
        burst[on] += conv[k] * np.exp(-after[on] / (float(rng.uniform(2, 4)) * 60))
        price_now[on] = price[k]
    shape = np.clip(shape, 0.05, None)
    viewers = np.maximum(
        0, np.rint(avg_online * shape / shape.mean() * (1 + 0.03 * rng.standard_normal(n)))
    )

    dwell = dwell_s * (0.85 + 0.25 * np.tanh(burst) + 0.05 * _ar_noise(rng, n, 0.99, 1.0))
    dwell = np.clip(dwell, 5.0, None)
    sales = viewers * (0.35 + burst) * rng.lognormal(0, 0.6, n)
    sales[0] = 0.0
    gmv = _scaled_counter(sales, interval_s, gmv_fen)
    orders_total = max(1, round(yuan / aov))
    orders = _scaled_counter(sales / price_now, interval_s, orders_total)
    buyers = np.floor(orders * buyer_ratio).astype(np.int64)
    arrivals = viewers / dwell
    arrivals[0] = 0.0
    pv = _scaled_counter(arrivals, interval_s, views_total)
    repeat = np.linspace(0.95, 0.6, n)
    uv = _scaled_counter(arrivals * repeat, interval_s, max(1, round(views_total * uv_ratio)))
    followers = _scaled_counter(
        arrivals * repeat * (1 + burst), interval_s, round(views_total * uv_ratio * follow_rate)
    )
    series: dict[str, IntArray] = {
        "viewers": viewers.astype(np.int64),
        "dwell_seconds": np.rint(dwell * 10).astype(np.int64),
        "watch_uv": uv,
        "watch_pv": pv,
        "gmv": gmv,
        "orders": orders,
        "buyers": buyers,
        "new_followers": followers,
    }
    if roi is not None:
        paid = np.where((t < 45 * 60) | (np.abs(t - drops[hero]) < 20 * 60), 1.0, 0.15)
        series["ad_spend"] = _scaled_counter(paid, interval_s, round(gmv_fen / roi))

    ts = started_ms + np.arange(n, dtype=np.int64) * interval_s * 1000
    gaps: list[Gap] = []
    keep = np.ones(n, dtype=np.bool_)
    if n > 200 and rng.random() < gap_chance:
        g0 = int(rng.integers(n // 5, n * 4 // 5))
        g1 = min(n - 2, g0 + int(rng.integers(20, 180)) // interval_s + 2)
        keep[g0 + 1 : g1] = False
        reason = str(
            rng.choice(["timed out after 10 s", "the platform answered 503", "connection reset"])
        )
        gaps.append(Gap(SOURCE, int(ts[g0]) + interval_s * 1000, int(ts[g1]), reason))
    ts = ts[keep]
    columns = SessionColumns(
        (SourceColumns(SOURCE, {k: Column(ts, v[keep]) for k, v in series.items()}),)
    )

    events: list[EventRecord] = []
    fmt = number_format()  # the user's style, as a live session's titles
    for m in _threshold_milestones(ts, series["gmv"][keep], "gmv", 100) + _threshold_milestones(
        ts, series["viewers"][keep], "viewers", 1
    ):
        title = m.describe(fmt)
        events.append(milestone_record(m, title, _uid(rng)))
        events.append(highlight_record(replace(from_milestone(m, title), uid=_uid(rng))))
    hero_ms = started_ms + round((drops[hero] + 4 * 60) * 1000)
    mark = (
        "Hero product demo"
        if english
        else str(rng.choice(["爆款返场", "主播试用", "福袋开奖", "限时秒杀"]))
    )
    events.append(
        highlight_record(Highlight(_uid(rng), hero_ms, mark, tags=("爆款",) if not english else ()))
    )
    for k, d0 in enumerate(drops):
        end = drops[k + 1] if k + 1 < len(drops) else dur
        item = products[k % len(products)]
        name = f"Product: {item}" if english else f"讲解 {item}"
        events.append(
            segment_record(
                Segment(
                    _uid(rng), name, started_ms + round(d0 * 1000), started_ms + round(end * 1000)
                )
            )
        )
    events.sort(key=lambda e: e.ts_ms)
    return FullSession(columns, tuple(gaps), tuple(events), started_ms + duration_s * 1000)


def _threshold_milestones(ts: IntArray, raw: IntArray, metric: str, scale: int) -> list[Milestone]:
    """The ladder steps a metric crossed between two readings, with the
    crossing time interpolated, as `MilestoneEngine` reports them (a step
    already past at the first reading is not a crossing)."""
    out: list[Milestone] = []
    if raw.shape[0] < 2:
        return out
    major = set(DEFAULT_MAJOR.get(metric, ()))
    for step in DEFAULT_LADDERS.get(metric, ()):
        level = step * scale
        if raw[0] >= level:
            continue
        idx = int(np.argmax(raw >= level))
        if raw[idx] < level:
            continue
        t0, t1 = int(ts[idx - 1]), int(ts[idx])
        v0, v1 = float(raw[idx - 1]), float(raw[idx])
        at = t1 if t1 - t0 > 120_000 else round(t0 + (level - v0) / (v1 - v0) * (t1 - t0))
        out.append(
            Milestone(at, MilestoneKind.THRESHOLD, metric, float(step), "", step in major, t1)
        )
    return out


def _full_for(p: _Profile, d: _Day, rng: np.random.Generator) -> FullSession:
    _, products = _CATEGORIES[p.category]
    order = rng.permutation(len(products))
    return full_session(
        rng,
        d.started_ms,
        d.duration_s,
        d.gmv_fen,
        gpm=p.gpm * float(rng.lognormal(0, 0.12)),
        dwell_s=p.dwell_s,
        aov=p.aov,
        buyer_ratio=p.buyer_ratio,
        uv_ratio=p.uv_ratio,
        follow_rate=p.follow_rate,
        roi=p.roi,
        products=_EN_PRODUCTS if p.english else [products[i] for i in order],
        english=p.english,
    )


# -- putting it together ------------------------------------------------------------------
def _leap_plan(n: int, whole_months: int, sizes: Sequence[str]) -> dict[int, tuple[int, int]]:
    """Which streamers are planned to leap: about one in six (at least one),
    each to its size's next threshold, in months spread over the history."""
    if whole_months < 2 or n == 0:
        return {}
    count = max(1, n // 6)
    threshold = {"big": 2, "mid": 1, "small": 0, "tail": 0}
    out: dict[int, tuple[int, int]] = {}
    # Taken in turn from each size (small ones first: 50万 is the common leap),
    # so even a small history has each kind.
    by_size = [[i for i in range(n) if sizes[i] == k] for k in ("small", "mid", "big", "tail")]
    order = [i for turn in zip_longest(*by_size) for i in turn if i is not None]
    for k, i in enumerate(order[:count]):
        month = 1 + (k * 2 + 1) % (whole_months - 1) if whole_months > 2 else 1
        out[i] = (LEAP_THRESHOLDS_FEN[threshold[sizes[i]]], month)
    return out


def make_demo_history(
    repo: Repository,
    streamers: int = 24,
    months: int = 6,
    seed: int = 1,
    today: date | None = None,
    progress: Progress | None = None,
    full_streamers: int | None = None,
    minute_curves: bool = True,
) -> DemoHistoryResult:
    """Fill `repo` with `streamers` streamers' sessions over the `months` whole
    months before `today`'s month and the days of it before `today` (the
    provider's date in +08:00). Without `today`, up to now: today's shows
    that have ended are in too. `full_streamers` limits full-detail sessions
    to that many of the biggest streamers (None: every streamer has one a
    week). `progress` hears the share done."""
    t_start = time.perf_counter()
    if streamers < 0 or months < 0:
        raise ValueError("streamers and months cannot be negative")
    if today is None:
        # Up to now: today's shows that have ended are in (on the 1st of a
        # month the roster's month is then not empty all day).
        now = datetime.now(tz=UTC)
        today = now.astimezone(timezone(timedelta(minutes=CST))).date()
        cutoff_ms = int(now.timestamp() * 1000)
        end_day = today
    else:
        # Up to the start of `today`: the same history whenever it is made.
        cutoff_ms = _midnight_ms(today, CST)
        end_day = today - timedelta(days=1)
    starts = _month_starts(today, months)
    month_numbers = [s.year * 100 + s.month for s in starts]
    setup = np.random.default_rng([seed, DEMO_VERSION, 0])
    sizes = _sizes(streamers, setup)
    leaps = _leap_plan(streamers, months, sizes)
    existing = repo.list_streamers()
    taken = {s.name for s in existing}
    accounts = {(s.platform or "", s.account_id) for s in existing if s.account_id}
    # Session ids differ from an earlier demo's in the same database (`--force`).
    salt = len(existing)

    profiles: list[_Profile] = []
    streamer_rngs = [np.random.default_rng([seed, DEMO_VERSION, 1, i]) for i in range(streamers)]
    for i in range(streamers):
        leap = leaps.get(i)
        profiles.append(
            _profile(
                i,
                sizes[i],
                streamer_rngs[i],
                taken,
                accounts,
                months,
                month_numbers,
                None if leap is None else leap[0],
                None if leap is None else leap[1],
            )
        )
    if full_streamers is not None:
        biggest = sorted(profiles, key=lambda p: -max(p.monthly_fen))
        keep = {p.index for p in biggest[:full_streamers]}
        for p in profiles:
            p.full = p.index in keep

    made: dict[int, Streamer] = {}
    for p in profiles:
        made[p.index] = repo.create_streamer(
            p.name, p.platform, p.account_id, notes="", schedule=p.schedule
        )

    # A few months whose sessions were not all recorded: the platform's figure typed.
    platform_months: dict[tuple[int, int], int] = {}
    chooser = np.random.default_rng([seed, DEMO_VERSION, 2])
    if months >= 1:
        for p in profiles:
            if chooser.random() < 0.12 or (p.index == 0 and streamers >= 4):
                k = int(chooser.integers(max(p.joined, 0), months))
                platform_months[(p.index, k)] = 0

    total_sessions = full_count = summary_count = 0
    full_ids: list[int] = []
    paid_days: list[tuple[Streamer, date, int]] = []
    """(streamer, local day, spend in fen) of the sessions that bought traffic."""
    batch: list[NewSession] = []
    first_day: date | None = None
    last_day: date | None = None

    def flush() -> None:
        nonlocal summary_count
        if batch:
            summary_count += insert_summaries(repo, batch)
            batch.clear()

    for done, p in enumerate(profiles):
        rng = streamer_rngs[p.index]
        days = [
            d
            for d in _days(p, rng, starts, end_day)
            if d.started_ms + d.duration_s * 1000 <= cutoff_ms
        ]
        _share_out(p, days, starts, end_day)
        for (idx, month), _ in list(platform_months.items()):
            if idx != p.index:
                continue
            items = [d for d in days if d.month == month]
            platform_months[(idx, month)] = sum(d.gmv_fen for d in items)
            for d in items:
                if d.kind == "normal" and rng.random() < 0.3:
                    d.dropped = True
        st = made[p.index]
        for k, d in enumerate(days):
            if d.dropped:
                continue
            title, tags = _title(p, d, rng)
            full = p.full and d.kind != "normal"
            day_rng = np.random.default_rng([seed, DEMO_VERSION, p.index, d.day.toordinal(), k])
            if full:
                fs = _full_for(p, d, day_rng)
                snap = SessionStats.from_columns(d.started_ms, fs.columns).snapshot(
                    (fs.ended_ms - d.started_ms) / 1000
                )
                notes = ""
                if day_rng.random() < 0.35:
                    notes = str(day_rng.choice(_EN_NOTES if p.english else _NOTES))
                info = insert_session(
                    repo,
                    NewSession(
                        streamer=st.name,
                        title=title,
                        started_ms=d.started_ms,
                        utc_offset_min=p.offset_min,
                        ended_ms=fs.ended_ms,
                        summary=summary_from_stats(snap),
                        platform=st.platform,
                        account_id=st.account_id,
                        uid=_session_uid(seed, salt, p.index, d.day, k),
                        notes=notes,
                        tags=tags,
                        detail=SessionDetail.FULL,
                        columns=fs.columns,
                        events=fs.events,
                        gaps=fs.gaps,
                    ),
                )
                full_ids.append(info.id)
                paid_days.append((st, d.day, info.summary.spend_fen or 0))
                if minute_curves:
                    save_session_curves(repo, info, fs.columns, fs.gaps)
                full_count += 1
            else:
                summary = _summary(p, d, day_rng)
                paid_days.append((st, d.day, summary.spend_fen or 0))
                batch.append(
                    NewSession(
                        streamer=st.name,
                        title=title,
                        started_ms=d.started_ms,
                        utc_offset_min=p.offset_min,
                        ended_ms=d.started_ms + d.duration_s * 1000,
                        summary=summary,
                        platform=st.platform,
                        account_id=st.account_id,
                        uid=_session_uid(seed, salt, p.index, d.day, k),
                        tags=tags,
                        detail=SessionDetail.SUMMARY,
                    )
                )
            total_sessions += 1
            first_day = d.day if first_day is None or d.day < first_day else first_day
            last_day = d.day if last_day is None or d.day > last_day else last_day
        if len(batch) >= SUMMARY_BATCH:
            flush()
        if progress is not None:
            progress((done + 1) / max(1, streamers) * 0.98)
    flush()

    typed: list[tuple[int, int]] = []
    for (idx, month), fen in sorted(platform_months.items()):
        if fen > 0:
            sid = made[idx].id
            repo.set_platform_gmv(sid, month_numbers[month], fen, "typed")
            typed.append((sid, month_numbers[month]))

    ad_rows = _ad_reports(repo, paid_days, end_day, np.random.default_rng([seed, DEMO_VERSION, 3]))
    found = _leaps(repo, made, month_numbers[0], month_numbers[-1])
    if progress is not None:
        progress(1.0)
    return DemoHistoryResult(
        streamers=tuple(made[i] for i in range(streamers)),
        first_day=first_day or today,
        last_day=last_day or today,
        sessions=total_sessions,
        full_sessions=full_count,
        summaries=summary_count,
        platform_months=tuple(typed),
        leaps=found,
        seconds=time.perf_counter() - t_start,
        curves=minute_curves and full_count > 0,
        full_session_ids=tuple(full_ids),
        ad_rows=ad_rows,
    )


AD_DAYS = 60
"""How far back the made-up ad reports go."""


def _ad_reports(
    repo: Repository,
    paid_days: Sequence[tuple[Streamer, date, int]],
    as_of: date,
    rng: np.random.Generator,
) -> int:
    """The ad tool's report for each Kuaishou or Douyin session that spent,
    over the last `AD_DAYS` days, as an export made on `as_of` would have it:
    two plans a day, same-day GMV a little above the spend, T15/T30 (金牛) or
    T7 (千川) well above it, and windows that have not settled yet left open
    ("-"). Stored as an import would store them."""
    rows: list[tuple[AdRow, int]] = []
    first = as_of - timedelta(days=AD_DAYS)
    # A report's row is a day × a plan: a day with two shows has their spend together.
    by_day: dict[tuple[int, date], tuple[Streamer, int]] = {}
    for st, day, spend in paid_days:
        before = by_day.get((st.id, day))
        by_day[(st.id, day)] = (st, spend + (before[1] if before else 0))
    paid_days = [(st, day, spend) for (_, day), (st, spend) in sorted(by_day.items())]
    plans = {KUAISHOU: ("主推爆款", "直播间引流"), DOUYIN: ("全域推广", "直播加热")}
    for st, day, spend in paid_days:
        platform = platform_key(st.platform or "")
        if platform not in PLATFORM_WINDOWS or spend <= 0 or day < first or not st.account_id:
            continue
        age = (as_of - day).days
        share = float(rng.uniform(0.55, 0.8))
        for k, plan in enumerate(plans[platform]):
            fen = round(spend * (share if k == 0 else 1 - share))
            if fen <= 0:
                continue
            direct = float(rng.uniform(0.8, 1.6))
            same_day = direct * float(rng.uniform(1.1, 1.4))
            windows: dict[str, WindowFigures] = {}

            def figures(ratio: float, fen: int = fen) -> WindowFigures:
                gmv = round(fen * ratio)
                return WindowFigures(gmv, max(0, round(gmv / float(rng.uniform(9_000, 16_000)))))

            windows[DIRECT] = figures(direct)
            if platform == KUAISHOU:
                windows[T0] = figures(same_day)
                later = same_day * float(rng.uniform(1.4, 2.2))
                windows[T15] = figures(later) if age >= 15 else WindowFigures()
                windows[T30] = (
                    figures(later * float(rng.uniform(1.05, 1.25)))
                    if age >= 30
                    else WindowFigures()
                )
            else:
                windows[T7] = (
                    figures(same_day * float(rng.uniform(1.3, 1.9)))
                    if age >= 7
                    else (WindowFigures())
                )
            rows.append(
                (
                    AdRow(
                        platform,
                        day,
                        f"{st.account_id}-{k + 1}",
                        plan,
                        st.account_id,
                        f"{st.name}的直播间",
                        fen,
                        windows,
                    ),
                    st.id,
                )
            )
    if rows:
        AdStore(repo.db).upsert(rows, as_of)
    return len(rows)


def _leaps(
    repo: Repository, made: dict[int, Streamer], first: int, last: int
) -> tuple[DemoLeap, ...]:
    """The first-time threshold crossings the history holds, read back from
    the month sums (a platform figure counts where it was typed): a month
    reaching a threshold after at least one month of the streamer's below it."""
    names = {s.id: s.name for s in made.values()}
    per: dict[int, list[StreamerMonth]] = {}
    for r in repo.months(first, last):
        if r.streamer_id in names:
            per.setdefault(r.streamer_id, []).append(r)
    out: list[DemoLeap] = []
    for sid, history in per.items():
        earliest = min(r.month for r in history)
        for threshold, month in first_crossings(history, LEAP_THRESHOLDS_FEN).items():
            if month is not None and month > earliest:
                out.append(DemoLeap(sid, names[sid], threshold, month))
    return tuple(sorted(out, key=lambda x: (x.month, x.threshold_fen, x.name)))


# -- the demo streamer's earlier shows --------------------------------------------------


def add_demo_streamer_shows(
    repo: Repository, count: int = 6, today: date | None = None, seed: int = 1
) -> list[int]:
    """Earlier shows of `genbo --demo`'s streamer, simulated the way the demo
    simulates (the same show model, other seeds), one a day at 20:00 before
    `today`, so a live demo has a ghost line, a projection and a personal
    best to beat. Returns the new session ids."""
    from app.sources.simulator import DEFAULT_PLANNED_S, DEMO_STREAMER, LiveShowModel

    day = today or datetime.now(tz=UTC).astimezone(timezone(timedelta(minutes=CST))).date()
    ids = []
    for k in range(count, 0, -1):
        d = day - timedelta(days=k)
        start = _midnight_ms(d, CST) + 20 * 3_600_000
        # Shows of different lengths (some shorter than a live demo runs).
        planned = DEFAULT_PLANNED_S * (0.5 + 0.125 * (k % 5))
        model = LiveShowModel(seed=seed * 1000 + k, planned_s=planned)
        times, rows = [], []
        while model.t + 1.0 <= planned:
            rows.append(model.step(1.0))
            times.append(start + round(model.t * 1000))
        if not rows:
            continue
        keys = list(rows[0])
        ts = np.asarray(times, dtype=np.int64)
        series = {
            key: Column(ts, np.asarray([r[key] for r in rows], dtype=np.int64)) for key in keys
        }
        columns = SessionColumns((SourceColumns("simulator", series),))
        stats = SessionStats.from_columns(start, columns)
        info = insert_session(
            repo,
            NewSession(
                streamer=DEMO_STREAMER,
                title=f"演示场 #{count - k + 1}",
                started_ms=start,
                utc_offset_min=CST,
                ended_ms=int(ts[-1]),
                summary=summary_from_stats(stats.snapshot()),
                columns=columns,
                source_configs={"simulator": {"seed": seed * 1000 + k, "speed": 1.0}},
            ),
        )
        save_session_curves(repo, info, columns)
        ids.append(info.id)
    return ids
