"""The web service's first start: schema upgraded, bundled plan loaded once."""
from sqlalchemy import func, select

from channels.app import create_app
from models import Plan, Task
from models.db import session_scope


def test_first_start_loads_bundled_plan_once(settings):
    app = create_app(settings)
    client = app.test_client()
    page = client.get("/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "民政助手运行中" in text and "任务 15 项" in text
    assert "2020-05-25T09:00:00+08:00" in text  # BOT_NOW honoured
    app.extensions["db"].engine.dispose()

    again = create_app(settings)
    data = again.test_client().get("/", headers={"Accept": "application/json"}).get_json()
    assert [p["tasks"] for p in data["plans"]] == [15]
    with session_scope(again.extensions["db"].sessions) as session:
        assert session.scalar(select(func.count()).select_from(Plan)) == 1
        assert session.scalar(select(func.count()).select_from(Task)) == 15
    again.extensions["db"].engine.dispose()


def test_the_status_page_says_what_wechat_setup_is_missing(settings):
    app = create_app(settings)
    text = app.test_client().get("/").get_data(as_text=True)
    assert "未配置 WECHAT_TOKEN,/wechat 暂不可用" in text
    configured = create_app(settings.with_overrides(wechat_token="t", wechat_aes_key="k" * 43),
                            db=app.extensions["db"])
    data = configured.test_client().get("/", headers={"Accept": "application/json"}).get_json()["wechat"]
    assert (data["webhook"], data["safe_mode"], data["missing"]) == (
        True, True, ["WECHAT_APP_ID", "WECHAT_APP_SECRET"])
    app.extensions["db"].engine.dispose()
