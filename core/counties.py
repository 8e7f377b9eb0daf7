"""County configuration: which townships a plan's "各乡镇(开发区)民政办" stands for.

Pure: reads the bundled JSON files, no database. An unknown county is reported, never guessed.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

# "各乡镇(开发区)民政办", "各乡镇(街道)民政办", "各乡镇、开发区民政办", "各乡镇民政办" …
_EVERY_TOWNSHIP_OFFICE = re.compile(r"^各乡(?:镇)?.{0,12}民政办$")


@dataclass(frozen=True)
class TownshipInfo:
    name: str
    kind: str  # 镇 / 乡 / 民族乡 / 街道 / 开发区

    @property
    def office_name(self) -> str:
        return f"{self.name}民政办"


@dataclass(frozen=True)
class County:
    name: str
    aliases: tuple[str, ...]
    townships: tuple[TownshipInfo, ...]
    province: str | None = None  # 河北 …: dates the season words of its plans (雨季前, 供暖季前)

    def is_called(self, name: str) -> bool:
        return name == self.name or name in self.aliases

    def township(self, name: str) -> TownshipInfo | None:
        """A township by its full name or its short one (土城 → 土城镇)."""
        for township in self.townships:
            if name in (township.name, township.name.rstrip("镇乡")):
                return township
        return None


class UnknownCountyError(LookupError):
    def __init__(self, name: str | None, known: list[str]):
        where = f"“{name}”" if name else "(方案未写明县区)"
        super().__init__(
            f"方案所属县区{where}不在县区配置中(已配置:{'、'.join(known) or '无'})。"
            "请在 data/counties/ 下添加该县的乡镇名单,或用 --county 指定。"
        )
        self.name = name


def load_counties(directory: Path) -> list[County]:
    counties = []
    for path in sorted(Path(directory).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        counties.append(
            County(
                name=data["name"],
                aliases=tuple(data.get("aliases", ())),
                townships=tuple(TownshipInfo(t["name"], t["kind"]) for t in data["townships"]),
                province=data.get("province"),
            )
        )
    return counties


def find_county(counties: list[County], *names: str | None) -> County:
    """The county any of `names` (a county, an alias, or a publisher such as 丰宁县民政局) is."""
    for name in filter(None, names):
        for county in counties:
            if county.is_called(name) or any(
                name.startswith(alias) for alias in (county.name, *county.aliases)
            ):
                return county
    raise UnknownCountyError(next(filter(None, names), None), [c.name for c in counties])


def is_every_township_office(department: str) -> bool:
    return bool(_EVERY_TOWNSHIP_OFFICE.match(department))
