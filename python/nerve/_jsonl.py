"""Reading one JSONL input line the way ``extract --input-format jsonl`` does:
an object with a "text" string, an optional "id" (a string, or a number
kept as spelled) and an optional "dct" string. Shared by ``python -m nerve``
and :mod:`nerve.dask`."""

from __future__ import annotations

import json
import re
from typing import Optional, Tuple, Union


class _Number(str):
    """A JSON number kept as spelled ("5.50" stays "5.50")."""


class JsonlError(ValueError):
    """A JSONL line that is not a document object; the message says why."""


# An escaped lone surrogate ("\\ud800") decodes to a code point that is not
# text; extract reads each one as U+FFFD, and so does this reader.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(s: str) -> str:
    return _LONE_SURROGATE.sub("\ufffd", s) if _LONE_SURROGATE.search(s) else s


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON (RFC 8259)")


def parse_line(raw: Union[str, bytes]) -> Tuple[str, Optional[str], Optional[str]]:
    """(text, id, dct) of one JSONL line; raises :class:`JsonlError`."""
    try:
        obj = json.loads(raw, parse_int=_Number, parse_float=_Number,
                         parse_constant=_no_constant)
    except ValueError as e:  # also invalid UTF-8
        raise JsonlError(f"bad JSON line: {e}") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise JsonlError('expected an object with a "text" string')
    doc_id = obj.get("id")
    if isinstance(doc_id, _Number):
        doc_id = str(doc_id)  # as spelled in the input, like extract
    elif doc_id is not None and not isinstance(doc_id, str):
        raise JsonlError('"id" must be a string or a number')
    dct = obj.get("dct")
    if dct is not None and not isinstance(dct, str):
        raise JsonlError('"dct" must be a "YYYY-MM-DD" string')
    for key, value in (("id", doc_id), ("dct", dct)):
        if value is not None and "\0" in value:  # the C API takes them as C strings
            raise JsonlError(f'"{key}" contains U+0000')
    return (_text(obj["text"]), None if doc_id is None else _text(doc_id),
            None if dct is None else _text(dct))
