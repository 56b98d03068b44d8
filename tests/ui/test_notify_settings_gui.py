"""The team chat and the alert rules in the settings, and the window telling a
real loopback robot (tests/notify/fake_robots.py, which checks each
platform's body and signature) that a session went live and broke a million."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from app.config.paths import AppPaths
from app.config.secret_store import SecretStore
from app.config.settings import Settings, load_settings, save_settings
from app.core.alerts import default_rule_dicts
from app.notify.targets import Target
from app.runtime.tasks import TaskRunner
from app.ui.dialogs.alert_rules import AlertRulesDialog, RuleForm
from app.ui.dialogs.notify_targets import NotifyTargetsDialog, TargetDialog
from app.ui.dialogs.session import NewSessionSpec
from app.ui.dialogs.settings_dialog import SettingsDialog
from tests.keyrings import DictKeyring
from tests.notify.fake_robots import FEISHU_SECRET
from tests.ui.helpers import enter

pytestmark = pytest.mark.gui


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "data", tmp_path / "config", tmp_path / "logs").ensure()


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait(5_000)


def settings_dialog(qtbot, settings: Settings, paths: AppPaths, **kw) -> SettingsDialog:
    dlg = SettingsDialog(settings, paths, **kw)
    qtbot.addWidget(dlg)
    dlg.open()
    qtbot.waitExposed(dlg)
    return dlg


def fill_target(
    dlg: TargetDialog, kind: str, name: str, url: str, secret: str = "", events=()
) -> None:
    dlg.kind.setCurrentIndex(dlg.kind.findData(kind))
    dlg.name.setText(name)
    dlg.url.setText(url)
    dlg.secret.setText(secret)
    for e, check in dlg.events.items():
        check.setChecked(not events or e in events)


def test_a_target_round_trip_keeps_its_secret_in_the_keyring(
    qtbot, paths, robots, dict_keyring, tasks
) -> None:
    store = SecretStore()
    assert store.persistent
    dlg = settings_dialog(qtbot, Settings(), paths, secrets=store, tasks=tasks)
    field = dlg.fields["notify_targets"]
    assert field.summary is not None and field.summary.text() == "No robots yet"
    targets = field.open_editor()
    assert isinstance(targets, NotifyTargetsDialog)
    edit = targets.add_target()
    # A bad address is explained and cannot be kept.
    fill_target(edit, "feishu", "运营群", "open.feishu.cn/hook")
    assert edit.error.isVisible() and "is not a web address" in edit.error.text()
    assert not edit.ok_button.isEnabled()
    fill_target(edit, "wecom", "运营群", robots.url("wecom").replace("key=", "kee="))
    assert "send?key=" in edit.error.text()
    assert not edit.secret.isVisibleTo(edit), "a WeCom robot does not sign"
    # A Feishu bot with its signature check; the test message goes out, signed.
    fill_target(
        edit, "feishu", "运营群", robots.url("feishu"), FEISHU_SECRET,
        events=("go_live", "milestone", "rule_alert"),
    )  # fmt: skip
    assert not edit.error.isVisible() and edit.ok_button.isEnabled()
    with qtbot.waitSignal(edit.tested, timeout=10_000) as tested:
        edit.test_button.click()
    assert tested.args == [True, ""], tested.args
    assert "Sent" in edit.test_result.text()
    (hit,) = robots.of("feishu")
    assert hit.answer["code"] == 0, "the loopback bot checked the signature"
    assert "Genbo test message" in json.dumps(hit.doc, ensure_ascii=False)
    assert dict_keyring.data == {}, "nothing is stored before the settings are applied"
    edit.ok_button.click()
    targets.ok_button.click()
    assert field.summary.text() == "1 robots: 运营群"
    with qtbot.waitSignal(dlg.applied, timeout=2_000) as got:
        dlg.ok_button.click()
    new: Settings = got.args[0]
    (d,) = new.notify_targets
    target = Target.from_dict(d)
    assert target.kind == "feishu" and target.secret_name
    assert target.events == {"go_live", "milestone", "rule_alert"}
    qtbot.waitUntil(lambda: ("genbo", target.secret_name) in dict_keyring.data, timeout=5_000)
    assert dict_keyring.data[("genbo", target.secret_name)] == FEISHU_SECRET
    save_settings(paths.settings_file, new)
    text = paths.settings_file.read_text("utf-8")
    assert FEISHU_SECRET not in text and target.secret_name in text
    assert load_settings(paths.settings_file).notify_targets == new.notify_targets
    # The tab's defaults put the rules back, never the team's robots.
    kept = settings_dialog(qtbot, new, paths, secrets=store, tasks=tasks)
    kept.restore_defaults(0)
    assert kept.values().notify_targets == new.notify_targets
    # Removed, its secret is forgotten too.
    again = settings_dialog(qtbot, new, paths, secrets=store, tasks=tasks)
    listing = again.fields["notify_targets"].open_editor()
    assert isinstance(listing, NotifyTargetsDialog) and listing.list.count() == 1
    listing.remove_current()
    listing.ok_button.click()
    with qtbot.waitSignal(again.applied, timeout=2_000) as got:
        again.ok_button.click()
    assert got.args[0].notify_targets == []
    qtbot.waitUntil(lambda: dict_keyring.data == {}, timeout=5_000)


def test_a_failed_test_says_why(qtbot, robots, tasks) -> None:
    edit = TargetDialog(None, SecretStore(use_keyring=False), tasks)
    qtbot.addWidget(edit)
    fill_target(edit, "wecom", "群", robots.url("wecom"))
    robots.then("wecom", "500")
    with qtbot.waitSignal(edit.tested, timeout=10_000) as tested:
        edit.send_test()
    ok, why = tested.args
    assert not ok and "500" in why and "wc-key" not in why, "the key is a credential"
    assert edit.test_result.text().startswith("Not sent: ")


def test_a_bad_target_in_the_file_is_explained(qtbot) -> None:
    dlg = NotifyTargetsDialog(
        [{"kind": "dingtalk", "name": "钉", "url": "https://oapi.dingtalk.com/robot/send"}],
        SecretStore(use_keyring=False),
    )
    qtbot.addWidget(dlg)
    assert "access_token" in dlg.message.text() and not dlg.ok_button.isEnabled()
    assert dlg.list.item(0).text().startswith("⚠ ")
    dlg.remove_current()
    assert dlg.ok_button.isEnabled()


def rule_line(form: RuleForm, key: str) -> QLineEdit:
    e = form.editors[key]
    assert isinstance(e, QLineEdit)
    return e


def test_the_alert_rules_editor(qtbot, paths) -> None:
    dlg = settings_dialog(qtbot, Settings(), paths)
    field = dlg.fields["alert_rules"]
    assert field.summary is not None and field.summary.text() == "5 of 7 rules on"
    rules = field.open_editor()
    assert isinstance(rules, AlertRulesDialog)
    assert rules.list.count() == len(default_rule_dicts())
    assert rules.list.item(0).text() == "No order · 10 min"
    # A new rule of a kind, its fields from the table.
    rules.add_actions["viewers_below"].trigger()
    form = rules.form
    assert form is not None and form.spec.key == "viewers_below"
    assert set(form.editors) == {"below", "enabled", "confirm", "cooldown_s", "after_min"}
    # Each bad value is explained, and OK waits until it is fixed.
    rule_line(form, "below").setText("0")
    assert "between 1 and 10000000" in form.error_labels["below"].text()
    rule_line(form, "confirm").setText("lots")
    assert "not" in form.error_labels["confirm"].text()
    assert not rules.ok_button.isEnabled() and rules.list.currentItem().text().startswith("⚠")
    rule_line(form, "below").setText("300")
    rule_line(form, "confirm").setText("3")
    assert rules.ok_button.isEnabled()
    # The same rule twice is refused.
    rules.add_actions["viewers_below"].trigger()
    assert rules.form is not None
    rule_line(rules.form, "below").setText("300")
    assert not rules.ok_button.isEnabled() and "the same rule as rule 8" in rules.message.text()
    rules.remove_current()
    # The change rule's metric and direction are choices.
    rules.list.setCurrentRow(1)
    change = rules.form
    assert change is not None and change.spec.key == "change"
    metric = change.editors["metric"]
    direction = change.editors["direction"]
    assert isinstance(metric, QComboBox) and isinstance(direction, QComboBox)
    metric.setCurrentIndex(metric.findData("orders"))
    direction.setCurrentIndex(direction.findData("up"))
    on = change.editors["enabled"]
    assert isinstance(on, QCheckBox)
    on.setChecked(False)
    rules.ok_button.click()
    with qtbot.waitSignal(dlg.applied, timeout=2_000) as got:
        dlg.ok_button.click()
    new: Settings = got.args[0]
    assert new.alert_rules[1]["metric"] == "orders" and new.alert_rules[1]["direction"] == "up"
    assert new.alert_rules[1]["enabled"] is False
    assert new.alert_rules[-1] == {
        "kind": "viewers_below", "enabled": True, "confirm": 3, "cooldown_s": 600,
        "after_min": 0, "below": 300,
    }  # fmt: skip
    save_settings(paths.settings_file, new)
    assert load_settings(paths.settings_file).alert_rules == new.alert_rules


def test_a_bad_rule_in_the_file_is_left_out(tmp_path: Path, caplog) -> None:
    path = tmp_path / "settings.json"
    rules = default_rule_dicts()
    rules[0]["minutes"] = 0
    rules.append({"kind": "telepathy"})
    path.write_text(json.dumps({"version": 2, "alert_rules": rules}), "utf-8")
    st = load_settings(path)
    assert [r["kind"] for r in st.alert_rules] == [r["kind"] for r in default_rule_dicts()[1:]]
    assert "Rule 1: “Minutes” must be between 1 and 120" in caplog.text
    assert "unknown kind of rule “telepathy”" in caplog.text


def test_the_window_tells_the_team_chat(qtbot, window, robots) -> None:
    """A WeCom robot set in the settings hears of going live and of breaking a
    million, with the moment card as an image; a failure is shown, not fatal."""
    st = window.ctx.settings
    new = Settings(**{**st.__dict__})
    target = Target.create("wecom", "运营群", robots.url("wecom"), ("go_live", "milestone"))
    new.notify_targets = [target.to_dict()]
    window.apply_settings(new)
    assert [t.name for t in window.notify.targets] == ["运营群"]
    with qtbot.waitSignal(window.liveStarted, timeout=10_000):
        window.start_session(NewSessionSpec("庆祝主播", "破百万", ()))
    qtbot.waitUntil(lambda: len(robots.hits) >= 1, timeout=10_000)
    (hit,) = robots.hits
    assert hit.doc["msgtype"] == "markdown" and "庆祝主播 is live" in hit.doc["markdown"]["content"]
    enter(qtbot, window, "gmv 1000")
    enter(qtbot, window, "gmv 99万")
    enter(qtbot, window, "gmv 101万")
    # The Qt loop runs meanwhile: the card is written on the pool, then sent.
    qtbot.waitUntil(lambda: len(robots.hits) >= 3, timeout=10_000)
    hits = robots.hits
    assert [h.doc["msgtype"] for h in hits] == ["markdown", "markdown", "image"]
    assert "GMV passed ¥100万" in hits[1].doc["markdown"]["content"]
    assert all(h.answer == {"errcode": 0, "errmsg": "ok"} for h in hits), "md5 and size checked"
    assert window.live_view.last_card is not None
    # The robot fails: the window says so and goes on recording.
    robots.then("wecom", "500", "500", "500")
    window.notify.policy = type(window.notify.policy)(attempts=1, backoff_initial_s=0.01)
    enter(qtbot, window, "gmv 501万")  # 500万 is major too
    qtbot.waitUntil(
        lambda: any("Team chat:" in t for t in window.live_view.feed.texts()), timeout=10_000
    )
    assert "not sent to 运营群" in window.statusBar().currentMessage()
    assert window.notify.kept()


def test_the_demo_tells_the_team_chat_nothing(qtbot, window, robots) -> None:
    """The simulated demo goes live and ends without a word to the robot; a
    keyboard session right after is told (and is the robot's first message,
    so nothing of the demo was merely late)."""
    st = window.ctx.settings
    new = Settings(**{**st.__dict__})
    events = ("go_live", "milestone", "rule_alert", "session_summary")
    new.notify_targets = [Target.create("wecom", "运营群", robots.url("wecom"), events).to_dict()]
    window.apply_settings(new)
    with qtbot.waitSignal(window.liveStarted, timeout=10_000):
        window.start_demo(speed=60, seed=1)
    assert window.notices is None
    live = window.live
    with qtbot.waitSignal(live.stopped, timeout=10_000):
        window._stop_now()
    with qtbot.waitSignal(window.liveStarted, timeout=10_000):
        window.start_session(NewSessionSpec("键盘主播", "手动", ()))
    qtbot.waitUntil(lambda: len(robots.hits) >= 1, timeout=10_000)
    (hit,) = robots.hits
    assert "键盘主播 is live" in hit.doc["markdown"]["content"]


class BrokenKeyring(DictKeyring):
    def set_password(self, service, username, password):
        import keyring.errors

        raise keyring.errors.PasswordSetError("locked")


def test_a_secret_is_usable_when_applied_and_a_failed_save_is_told(
    qtbot, paths, dict_keyring, tasks
) -> None:
    """The window posts with the new secret as soon as `applied` arrives, so
    the secret is kept before it; a keyring that refuses it is reported."""
    store = SecretStore()
    dlg = settings_dialog(qtbot, Settings(), paths, secrets=store, tasks=tasks)
    seen: list[str | None] = []
    dlg.applied.connect(lambda _s: seen.append(store.get("notify-x")))
    dlg.fields["notify_targets"].pending_secrets["notify-x"] = "s3cret-value"
    dlg.apply()
    assert seen == ["s3cret-value"] and dict_keyring.data[("genbo", "notify-x")] == "s3cret-value"
    assert dlg.secret_warning is None
    keyring.set_keyring(BrokenKeyring())
    dlg.fields["notify_targets"].pending_secrets["notify-y"] = "other-value"
    dlg.apply()
    assert store.get("notify-y") == "other-value", "kept for this run"
    assert dlg.secret_warning is not None and dlg.secret_warning.isVisible()
    assert "could not be saved in the system keyring" in dlg.secret_warning.text()
