import pytest

from config.settings import COUNTIES_DIR
from core.counties import UnknownCountyError, find_county, is_every_township_office, load_counties

COUNTIES = load_counties(COUNTIES_DIR)


def test_bundled_county_matches_the_seed_list():
    from tests.conftest import SEED_TOWNSHIPS

    if not SEED_TOWNSHIPS.exists():
        pytest.skip("../shared/seeds is not beside the project")
    seed = {}
    for line in SEED_TOWNSHIPS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, names = line.split(":", 1)
            seed.update({name: kind.strip() for name in names.split()})
    fengning = find_county(COUNTIES, "丰宁满族自治县")
    assert {t.name: t.kind for t in fengning.townships} == seed


@pytest.mark.parametrize("name", ["丰宁满族自治县", "丰宁县", "丰宁县民政局", "丰宁"])
def test_county_found_by_name_alias_or_publisher(name):
    assert find_county(COUNTIES, None, name).name == "丰宁满族自治县"


def test_unknown_county_is_not_guessed():
    with pytest.raises(UnknownCountyError, match="滦平县"):
        find_county(COUNTIES, "滦平县", "滦平县民政局")
    with pytest.raises(UnknownCountyError, match="未写明"):
        find_county(COUNTIES, None, None)


@pytest.mark.parametrize("text, every", [
    ("各乡镇(开发区)民政办", True), ("各乡镇(街道)民政办", True), ("各乡镇民政办", True),
    ("各乡镇、开发区民政办", True), ("土城镇民政办", False), ("社会救助股", False), ("民政办", False),
])
def test_every_township_office(text, every):
    assert is_every_township_office(text) is every


def test_short_township_names():
    fengning = COUNTIES[0]
    assert fengning.township("土城").name == "土城镇"
    assert fengning.township("杨木栅子").name == "杨木栅子乡"
    assert fengning.township("承德") is None
