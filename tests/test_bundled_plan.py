"""The bundled 2020 plan says, in our own words, exactly what the original document fixes."""
from config.settings import DEFAULT_PLAN
from core.plan_parser import parse_plan_file

FACTS = ("section", "section_number", "number", "part", "leaders", "departments", "deadline_text")


def facts(plan):
    return [
        {**{key: getattr(task, key) for key in FACTS},
         "milestones": [(m.due, m.kind, m.every, m.label) for m in task.milestones],
         "has_heading": task.heading is not None,
         "measures": len(task.measures)}
        for task in plan.tasks
    ]


def test_bundled_plan_matches_the_original(seed_plan):
    original = parse_plan_file(seed_plan)
    bundled = parse_plan_file(DEFAULT_PLAN)
    assert (bundled.title, bundled.year, bundled.county) == (original.title, original.year, original.county)
    assert [s.to_json() for s in bundled.sections] == [s.to_json() for s in original.sections]
    assert facts(bundled) == facts(original)
    assert original.unreadable_deadlines() == [] and bundled.unreadable_deadlines() == []


def test_bundled_plan_is_in_our_own_words(seed_plan):
    original = parse_plan_file(seed_plan)
    bundled = parse_plan_file(DEFAULT_PLAN)
    rewritten = [b for b, o in zip(bundled.tasks, original.tasks) if b.title != o.title]
    assert len(rewritten) >= 12
    # Standards residents ask about are carried as facts, figure for figure.
    standards = "".join(bundled.tasks[9].measures)
    for figure in ("4500", "4800", "255", "285", "400", "6000", "6600"):
        assert figure in standards
