"""`genbo notify`: the team chat's robots from the command line.

    genbo notify list [--json]           the robots of the settings (addresses masked)
    genbo notify test NAME               post the test message to one (by name or id)
    genbo notify add KIND NAME URL       add one (--events …, --secret: read from stdin
                                         into the keyring)
    genbo notify remove NAME             remove one (and forget its secret)

Exit codes: 0 done; 1 the robot did not take the test message (why is
printed), or a secret cannot be kept; 2 bad input (an unknown robot, a bad
address)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from app.cli.commands import _pad, _width, command_parents
from app.config.i18n import tr
from app.config.paths import AppPaths

if TYPE_CHECKING:  # the parser stays light: notify loads when a command runs
    from app.notify.targets import Target

COMMANDS = ("notify",)
"""The commands `register` adds."""

KIND_NAMES = {"feishu": "飞书/Lark", "wecom": "企业微信", "dingtalk": "钉钉", "webhook": "webhook"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `notify list`, `notify test`, `notify add` and `notify remove`."""
    from app.notify.targets import EVENTS, KINDS

    (common,) = command_parents()
    notify = sub.add_parser(
        "notify",
        parents=[common],
        help=tr("the team chat: 飞书/企业微信/钉钉 robots and webhooks; list, test, add"),
    )
    actions = notify.add_subparsers(dest="notify_action", metavar="ACTION", required=True)
    ls = actions.add_parser("list", parents=[common], help=tr("the robots in the settings"))
    ls.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    ls.set_defaults(run=cmd_notify_list)
    test = actions.add_parser(
        "test", parents=[common], help=tr("send the test message to a robot now")
    )
    test.add_argument("name", metavar="NAME", help=tr("the robot's name or id"))
    test.set_defaults(run=cmd_notify_test)
    add = actions.add_parser("add", parents=[common], help=tr("add a robot to the settings"))
    add.add_argument("kind", choices=KINDS, metavar="KIND", help=" | ".join(KINDS))
    add.add_argument("name", metavar="NAME")
    add.add_argument("url", metavar="URL", help=tr("the robot's whole webhook address"))
    add.add_argument(
        "--events",
        metavar="EVENT,…",
        help=tr("what it hears (default: everything): {events}").format(events=", ".join(EVENTS)),
    )
    add.add_argument(
        "--secret",
        action="store_true",
        help=tr("it signs: read its secret from the terminal (or stdin) into the keyring"),
    )
    add.set_defaults(run=cmd_notify_add)
    rm = actions.add_parser("remove", parents=[common], help=tr("remove a robot"))
    rm.add_argument("name", metavar="NAME", help=tr("the robot's name or id"))
    rm.set_defaults(run=cmd_notify_remove)


def _targets(paths: AppPaths) -> tuple[list[Target], list[str]]:
    """The settings' robots, and why each one that cannot be used cannot."""
    from app.config.settings import load_settings
    from app.notify.targets import Target, TargetError

    out, problems = [], []
    for i, d in enumerate(load_settings(paths.settings_file).notify_targets, start=1):
        try:
            out.append(Target.from_dict(d))
        except TargetError as exc:
            problems.append(tr("robot {n} in the settings is left out: {why}").format(n=i, why=exc))
    return out, problems


def _find(targets: list[Target], name: str) -> Target | None:
    for t in targets:
        if t.id == name:
            return t
    matches = [t for t in targets if t.name == name]
    return matches[0] if len(matches) == 1 else None


def _unknown(name: str, targets: list[Target]) -> int:
    names = ", ".join(t.name for t in targets) or tr("none; add one with: genbo notify add")
    print(
        tr("genbo: there is no robot “{name}”; the robots: {names}").format(name=name, names=names),
        file=sys.stderr,
    )
    return 2


def cmd_notify_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.config.secret_store import SecretStore

    targets, problems = _targets(paths)
    for p in problems:
        print(f"genbo: {p}", file=sys.stderr)
    store = SecretStore()
    rows: list[dict[str, Any]] = []
    for t in targets:
        rows.append(
            {
                "id": t.id,
                "name": t.name,
                "kind": t.kind,
                "url": t.shown_url,
                "events": [e for e in _events_order() if e in t.events],
                "enabled": t.enabled,
                "signed": t.secret_name is not None,
                "secret_kept": bool(t.secret_name and store.get(t.secret_name)),
            }
        )
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print(tr("No robots yet. Add one with: genbo notify add wecom 运营群 URL"))
        return 0
    head = [tr("Name"), tr("Kind"), tr("Sends"), tr("Signed"), tr("Address")]
    table = [head]
    for r in rows:
        signed = (tr("yes") if r["secret_kept"] else tr("secret missing")) if r["signed"] else "—"
        name = r["name"] + ("" if r["enabled"] else " " + tr("(off)"))
        table.append([name, KIND_NAMES[r["kind"]], ", ".join(r["events"]), signed, str(r["url"])])
    widths = [max(_width(row[i]) for row in table) for i in range(len(head))]
    for row in table:
        print("  ".join(_pad(c, widths[i], "<") for i, c in enumerate(row)).rstrip())
    return 0


def _events_order() -> tuple[str, ...]:
    from app.notify.targets import EVENTS

    return EVENTS


def cmd_notify_test(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.config.secret_store import SecretStore
    from app.notify.dispatcher import Dispatcher

    targets, _problems = _targets(paths)
    target = _find(targets, args.name)
    if target is None:
        return _unknown(args.name, targets)
    dispatcher = Dispatcher([], SecretStore())
    try:
        ok, why = dispatcher.test_target(target)
    finally:
        dispatcher.close(0.1)
    if not ok:
        print(
            tr("genbo: the test message did not reach {name}: {why}").format(
                name=target.name, why=why
            ),
            file=sys.stderr,
        )
        return 1
    print(
        tr("Sent the test message to {name} ({url}).").format(
            name=target.name, url=target.shown_url
        )
    )
    return 0


def _read_secret(name: str) -> str | None:
    import getpass

    if sys.stdin.isatty():
        value = getpass.getpass(tr("{name}'s signing secret (not shown): ").format(name=name))
    else:
        value = sys.stdin.readline().strip()
    return value or None


def cmd_notify_add(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.config.secret_store import SecretStore
    from app.config.settings import load_settings, save_settings
    from app.notify.targets import EVENTS, Target, TargetError

    events = EVENTS if not args.events else tuple(e.strip() for e in args.events.split(",") if e)
    try:
        target = Target.create(args.kind, args.name, args.url, events, signed=args.secret)
    except TargetError as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 2
    settings = load_settings(paths.settings_file)
    if any(d.get("name") == target.name for d in settings.notify_targets):
        print(
            tr("genbo: there is a robot named “{name}” already").format(name=target.name),
            file=sys.stderr,
        )
        return 2
    store = SecretStore()
    if target.secret_name:
        if not store.persistent:
            print(
                tr(
                    "genbo: no keyring is available on this system, so the signing secret "
                    "cannot be kept; nothing was added."
                ),
                file=sys.stderr,
            )
            return 1
        secret = _read_secret(target.name)
        if secret is None:
            print(tr("genbo: no secret entered; nothing was added."), file=sys.stderr)
            return 1
        store.set(target.secret_name, secret)
    settings.notify_targets = [*settings.notify_targets, target.to_dict()]
    save_settings(paths.settings_file, settings)
    print(tr("Added {name}; try it with: genbo notify test {name}").format(name=target.name))
    return 0


def cmd_notify_remove(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.config.secret_store import SecretStore
    from app.config.settings import load_settings, save_settings

    targets, _problems = _targets(paths)
    target = _find(targets, args.name)
    if target is None:
        return _unknown(args.name, targets)
    settings = load_settings(paths.settings_file)
    settings.notify_targets = [d for d in settings.notify_targets if d.get("id") != target.id]
    save_settings(paths.settings_file, settings)
    if target.secret_name:
        SecretStore().delete(target.secret_name)
    print(tr("Removed {name}.").format(name=target.name))
    return 0
