"""Words the lower layers say to the user, in the user's language, without Qt.

`core`, `storage`, `sources`, `exports` and `session` know no Qt, yet their
messages reach the window and the command line: a number that cannot be read,
a file that cannot be imported, a source that stopped answering, an export's
chapter titles. They write them in English, marked for Qt's lupdate with
`QT_TRANSLATE_NOOP(context, text)` (a literal context and text), and either

* raise an `Explained` error with the template and its fields; its `str()`
  is the message in the user's language, looked up when it is shown, or
* call `translate(context, text)` for words made now (a chapter title).

The translator itself is injected from above: `app.config.i18n.install()`
calls `install_translator` with Qt's. Until then (and in the core's own tests)
the English text is used as it is.

Templates use `str.format` fields by name (`{text}`, `{path}`); a translation
must keep the same fields (the translations check says so). Quote what the
user typed with “{text}”, not `{text!r}`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

Translate = Callable[[str, str], str]
"""(context, text) → the text in the user's language."""


def _english(context: str, text: str) -> str:
    del context
    return text


_translate: Translate = _english
_lock = threading.Lock()


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for lupdate in `context`; returns it unchanged."""
    del context
    return text


def install_translator(translate_fn: Translate | None) -> None:
    """Use `translate_fn` from now on (None: English again)."""
    global _translate
    with _lock:
        _translate = translate_fn or _english


def translate(context: str, text: str) -> str:
    """`text` in the user's language (English if no translator is installed
    or the text has no translation)."""
    try:
        return _translate(context, text) or text
    except Exception:  # a translator must never turn a message into a crash
        return text


def say(context: str, template: str, /, **fields: Any) -> str:
    """`translate(context, template)` with `fields` filled in; a translation
    that does not fit its fields falls back to the English template."""
    try:
        return translate(context, template).format(**fields)
    except (KeyError, IndexError, ValueError, AttributeError):
        return template.format(**fields)


def english(value: object) -> object:
    """`value` as English words where it knows them (its `english`), else itself."""
    text = getattr(value, "english", None)
    return text if isinstance(text, str) else value


class Explained(Exception):  # noqa: N818 (a mixin; subclasses name the error)
    """Mix in first (`class BadFile(Explained, ValueError)`) to raise an error
    whose message is translated when it is shown.

        raise BadFile(QT_TRANSLATE_NOOP("import", "“{name}” is empty."), name=path.name)

    `str(exc)` is the message in the user's language; `exc.english` is the
    English one (for logs); `exc.fields` the values filled in. A subclass may
    set `context` once instead of passing it (the default is "messages"). A
    plain string without fields also works, as for any exception."""

    context: str = "messages"

    def __init__(self, template: str = "", /, *args: object, **fields: Any) -> None:
        self.template = template
        self.fields = fields
        super().__init__(self.english, *args)

    @property
    def english(self) -> str:
        """The message in English, fields included: a field that is itself
        translated (another `Explained`, a word with an `english` of its own)
        gives its English too, so logs and stored reasons stay English."""
        try:
            if not self.fields:
                return self.template
            return self.template.format(**{k: english(v) for k, v in self.fields.items()})
        except (KeyError, IndexError, ValueError, AttributeError):
            return self.template

    def __str__(self) -> str:
        if not self.fields:
            return translate(self.context, self.template)
        return say(self.context, self.template, **self.fields)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled across processes (a worker's error) with its fields intact.
        return (_rebuild, (type(self), self.template, self.fields, self.args[1:]))


def _rebuild(
    cls: type[Explained], template: str, fields: dict[str, Any], args: tuple[object, ...]
) -> Explained:
    return cls(template, *args, **fields)
