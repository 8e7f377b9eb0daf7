"""The `import-plan` use case: parse a file, check its county, save it in one transaction."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from config import Clock, Settings
from core.counties import UnknownCountyError, find_county
from core.plan_parser import ParsedPlan, PlanFormatError, parse_plan_file
from models.db import session_scope
from services.bootstrap import county_config, open_database
from services.plans import ImportResult, save_plan


@dataclass
class ImportOutcome:
    path: Path
    dry_run: bool
    parsed: ParsedPlan | None = None
    result: ImportResult | None = None
    error: str | None = None
    unreadable: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        data = self.parsed.to_json() if self.parsed else {}
        data["dry_run"] = self.dry_run
        data["unreadable_deadlines"] = self.unreadable
        if self.result:
            data["import"] = self.result.to_json()
        if self.error:
            data["error"] = self.error
        return data

    def summary(self) -> str:
        if self.parsed is None:
            return f"错误:{self.error}"
        plan = self.parsed
        head = "解析结果(未写入数据库)" if self.dry_run else "已导入"
        lines = [f"{head}:{plan.title}({plan.year}年,{len(plan.tasks)} 项任务)"]
        if self.result:
            r = self.result
            lines.append(
                f"新增 {r.tasks_added} 项,更新 {r.tasks_updated} 项,未变 {r.tasks_unchanged} 项,"
                f"停用 {r.tasks_retired} 项;完成时限节点 {r.milestones} 个。"
            )
        elif self.dry_run:
            for task in plan.tasks:
                lines.append(f"  {plan.ref(task)} {task.title[:24]} · {'、'.join(task.leaders)}"
                             f" · {task.deadline_text}")
        if self.unreadable:
            lines.append(f"有 {len(self.unreadable)} 处完成时限无法识别,需手工设定日期:")
            lines += [f"  第{u['line']}行 {u['task']}:“{u['deadline_text']}”({u['error']})"
                      for u in self.unreadable]
        if self.error:
            lines.append(f"错误:{self.error}")
        return "\n".join(lines)


def run_import(
    settings: Settings, path: Path, *, year: int | None = None, county: str | None = None,
    dry_run: bool = False,
) -> ImportOutcome:
    outcome = ImportOutcome(path=path, dry_run=dry_run)
    try:
        outcome.parsed = parse_plan_file(path, year=year)
    except PlanFormatError as exc:
        outcome.error = str(exc)
        return outcome
    counties = county_config(settings)
    try:
        home = find_county(counties, county, outcome.parsed.county, outcome.parsed.publisher)
    except UnknownCountyError as exc:
        home, outcome.error = None, str(exc)
    if home is not None and home.province and path.suffix.lower() != ".json":
        # read again knowing the county's province: it dates season words (雨季前, 供暖季前)
        outcome.parsed = parse_plan_file(path, year=year, province=home.province)
    outcome.unreadable = [
        {"task": outcome.parsed.ref(task), "line": task.line, "deadline_text": task.deadline_text,
         "error": error}
        for task, error in outcome.parsed.unreadable_deadlines()
    ]
    if home is None:
        return outcome
    if dry_run:
        return outcome
    db = open_database(settings)
    try:
        with session_scope(db.sessions) as session:
            outcome.result = save_plan(
                session, outcome.parsed, counties, Clock.from_settings(settings).now(), county
            )
    finally:
        db.engine.dispose()
    return outcome
