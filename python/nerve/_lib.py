"""Low-level ctypes layer over libnerve: discovery, structures, the function
table and error mapping.

Nothing here is public API; :mod:`nerve` builds the Python objects on top of
it.  Every function the binding calls is declared once in :data:`_FUNCTIONS`
and every status-returning function shares one ``errcheck`` that turns a
negative status into a :class:`NerveError` subclass carrying the details of
the ``nerve_error`` struct the caller passed.

The layout of every ``ctypes.Structure`` is checked against the library's
``nerve_struct_size()`` at import, and the library's major version against
:data:`EXPECTED_MAJOR`, so a binding loaded against an incompatible build
fails loudly instead of reading garbage.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct
import sys
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char,
    c_char_p,
    c_double,
    c_float,
    c_int,
    c_size_t,
    c_uint16,
    c_uint32,
    c_uint64,
    c_void_p,
)
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Type

__all__ = [
    "EXPECTED_MAJOR",
    "NONE",
    "NerveError",
    "InvalidArgument",
    "OutOfMemory",
    "FileError",
    "Utf8Error",
    "TooBig",
    "GazetteerError",
    "RuleError",
    "FormatError",
    "StateError",
    "LimitError",
    "DateError",
    "WriteError",
    "Error",
    "Options",
    "Span",
    "Sentence",
    "Token",
    "Mention",
    "Entity",
    "Event",
    "Arg",
    "WRITE_FN",
    "lib",
    "library_path",
    "raise_for",
]

#: Major version of the C API this binding was written against.
EXPECTED_MAJOR = 0

#: ``NERVE_NONE``: "no index" in the optional (32-bit) index fields.
NONE = 0xFFFFFFFF

# nerve_status values (nerve.h NERVE_STATUS_LIST).
OK = 0
EINVAL = -1
ENOMEM = -2
EIO = -3
EUTF8 = -4
ETOOBIG = -5
EGAZETTEER = -6
ERULES = -7
EFORMAT = -8
ESTATE = -9
ELIMIT = -10

# nerve_limit values by the names Model(limits=...) and extract --limit use.
LIMITS = {
    "text_bytes": 0,
    "sentence_tokens": 1,
    "match": 2,
    "depth": 3,
    "rule_bytes": 4,
    "gazetteer_bytes": 5,
}
EDATE = -11
EWRITE = -12

# Flags.
MODEL_EMPTY = 1 << 0
OPT_REPLACE_INVALID = 1 << 0
OPT_TOKENS_ONLY = 1 << 1
OPT_SYNTAX = 1 << 2
OPT_PARSE_ALL = 1 << 3
OPT_INCOMPLETE_EVENTS = 1 << 4
JSON_TOKENS = 1 << 0
JSON_PRETTY = 1 << 1

# nerve_format
FORMAT_JSON, FORMAT_PRETTY, FORMAT_CONLL, FORMAT_BRAT, FORMAT_HTML = range(5)

# NERVE_STRUCT_* identifiers for nerve_struct_size.
(
    STRUCT_SPAN,
    STRUCT_SENTENCE,
    STRUCT_TOKEN,
    STRUCT_MENTION,
    STRUCT_ENTITY,
    STRUCT_EVENT,
    STRUCT_ARG,
    STRUCT_ERROR,
    STRUCT_OPTIONS,
) = range(9)

# NERVE_SOURCE_*
SOURCE_NAMES = ("gazetteer", "rule", "document")


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------


class NerveError(Exception):
    """A libnerve call failed.

    Attributes mirror ``nerve_error``: ``code`` (the negative ``nerve_status``),
    ``name`` (``"NERVE_EUTF8"``), ``message``, ``file`` (rule or gazetteer file,
    or ``None``), ``line`` and ``column`` (1-based, 0 when not applicable) and
    ``offset`` (byte offset in the input text or source file).
    """

    code: int = 0

    def __init__(
        self,
        message: str,
        *,
        code: Optional[int] = None,
        name: Optional[str] = None,
        file: Optional[str] = None,
        line: int = 0,
        column: int = 0,
        offset: int = 0,
    ) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.name: str = name if name is not None else _errname(self.code)
        self.message: str = message
        self.file: Optional[str] = file
        self.line: int = line
        self.column: int = column
        self.offset: int = offset

    def __str__(self) -> str:
        if not self.file or self.message.startswith(self.file):
            return self.message  # the library already named the file
        if self.line:
            return f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{self.file}: {self.message}"

    def __reduce__(self) -> Any:  # keep the details through pickling
        return (
            _rebuild_error,
            (type(self), self.message, self.code, self.name, self.file, self.line,
             self.column, self.offset),
        )


def _rebuild_error(cls: Type[NerveError], message: str, code: int, name: str,
                   file: Optional[str], line: int, column: int, offset: int) -> NerveError:
    return cls(message, code=code, name=name, file=file, line=line, column=column,
               offset=offset)


class InvalidArgument(NerveError, ValueError):
    """NERVE_EINVAL: an argument was invalid."""

    code = EINVAL


class OutOfMemory(NerveError, MemoryError):
    """NERVE_ENOMEM: the library ran out of memory (objects stay valid)."""

    code = ENOMEM


class FileError(NerveError, OSError):
    """NERVE_EIO: a data, gazetteer or rule file could not be read."""

    code = EIO


class Utf8Error(NerveError, ValueError):
    """NERVE_EUTF8: the input is not valid UTF-8; ``offset`` is the first bad byte."""

    code = EUTF8


class TooBig(NerveError, ValueError):
    """NERVE_ETOOBIG: the input exceeds a configured limit."""

    code = ETOOBIG


class GazetteerError(NerveError):
    """NERVE_EGAZETTEER: malformed gazetteer file (see file, line, column)."""

    code = EGAZETTEER


class RuleError(NerveError):
    """NERVE_ERULES: malformed rule file (see file, line, column)."""

    code = ERULES


class FormatError(NerveError):
    """NERVE_EFORMAT: corrupt or incompatible compiled model file."""

    code = EFORMAT


class StateError(NerveError):
    """NERVE_ESTATE: operation not allowed in the object's current state
    (also raised by the binding for a closed model)."""

    code = ESTATE


class LimitError(NerveError):
    """NERVE_ELIMIT: a rule hit a PCRE2 match limit; results are partial."""

    code = ELIMIT


class DateError(NerveError, ValueError):
    """NERVE_EDATE: invalid document date (expected YYYY-MM-DD)."""

    code = EDATE


class WriteError(NerveError):
    """NERVE_EWRITE: an output sink reported an error."""

    code = EWRITE


_ERROR_CLASSES: Dict[int, Type[NerveError]] = {
    cls.code: cls
    for cls in (InvalidArgument, OutOfMemory, FileError, Utf8Error, TooBig, GazetteerError,
                RuleError, FormatError, StateError, LimitError, DateError, WriteError)
}

# --------------------------------------------------------------------------
# Structures (nerve.h; public structs only grow at the end)
# --------------------------------------------------------------------------


class Error(Structure):
    """``nerve_error``."""

    _fields_ = [
        ("code", c_int),
        ("offset", c_size_t),
        ("line", c_uint32),
        ("column", c_uint32),
        ("file", c_char * 256),
        ("message", c_char * 256),
    ]


class Options(Structure):
    """``nerve_options``."""

    _fields_ = [
        ("flags", c_uint32),
        ("dct", c_char_p),
        ("doc_id", c_char_p),
    ]


class Span(Structure):
    """``nerve_span``: byte and code point offsets, half-open."""

    _fields_ = [
        ("start", c_uint32),
        ("end", c_uint32),
        ("char_start", c_uint32),
        ("char_end", c_uint32),
    ]


class Sentence(Structure):
    """``nerve_sentence``."""

    _fields_ = [
        ("span", Span),
        ("token_begin", c_uint32),
        ("token_count", c_uint32),
    ]


class Token(Structure):
    """``nerve_token`` (``norm`` is a pointer: read it with ``norm_len``)."""

    _fields_ = [
        ("span", Span),
        ("sentence", c_uint32),
        ("norm_len", c_uint32),
        ("norm", c_void_p),
        ("flags", c_uint32),
        ("kind", c_uint16),
        ("pos", c_uint16),
        ("dep", c_uint16),
        ("head", c_uint32),
    ]


class Mention(Structure):
    """``nerve_mention``."""

    _fields_ = [
        ("span", Span),
        ("type", c_int),
        ("sentence", c_uint32),
        ("token_begin", c_uint32),
        ("token_end", c_uint32),
        ("entity", c_uint32),
        ("source", c_int),
        ("subtype", c_char_p),
        ("value", c_char_p),
        ("anchor", c_char_p),
        ("canonical", c_char_p),
        ("title", c_char_p),
        ("rule", c_char_p),
        ("origin_file", c_char_p),
        ("confidence", c_float),
        ("origin_line", c_uint32),
    ]


class Entity(Structure):
    """``nerve_entity``."""

    _fields_ = [
        ("type", c_int),
        ("mention_begin", c_uint32),
        ("mention_count", c_uint32),
        ("has_coords", c_int),
        ("canonical", c_char_p),
        ("link_id", c_char_p),
        ("country", c_char_p),
        ("title", c_char_p),
        ("lat", c_double),
        ("lon", c_double),
    ]


class Event(Structure):
    """``nerve_event``."""

    _fields_ = [
        ("type", c_char_p),
        ("trigger", Span),
        ("modality", c_int),
        ("sentence", c_uint32),
        ("arg_begin", c_uint32),
        ("arg_count", c_uint32),
        ("evidence_begin", c_uint32),
        ("evidence_count", c_uint32),
        ("rule", c_char_p),
        ("cameo", c_char_p),
        ("confidence", c_float),
        ("origin_file", c_char_p),
        ("origin_line", c_uint32),
        ("complete", c_int),
    ]


class Arg(Structure):
    """``nerve_arg``."""

    _fields_ = [
        ("role", c_char_p),
        ("mention", c_uint32),
        ("entity", c_uint32),
        ("span", Span),
    ]


_STRUCTS: Sequence[Tuple[int, Type[Structure]]] = (
    (STRUCT_SPAN, Span),
    (STRUCT_SENTENCE, Sentence),
    (STRUCT_TOKEN, Token),
    (STRUCT_MENTION, Mention),
    (STRUCT_ENTITY, Entity),
    (STRUCT_EVENT, Event),
    (STRUCT_ARG, Arg),
    (STRUCT_ERROR, Error),
    (STRUCT_OPTIONS, Options),
)

#: ``nerve_write_fn``: int (*)(void *ctx, const char *data, size_t len).
WRITE_FN = CFUNCTYPE(c_int, c_void_p, c_void_p, c_size_t)

# --------------------------------------------------------------------------
# Discovery
# --------------------------------------------------------------------------

_HOW_TO_FIX = (
    "set NERVE_LIBRARY to the full path of libnerve.so.0 (installed: "
    "<prefix>/lib/<arch>/libnerve.so.0; a build tree: build/lib/libnerve.so), or "
    "reinstall the package so that it records the library: "
    "PKG_CONFIG_PATH=<prefix>/lib/<arch>/pkgconfig pip install ./python"
)


def _recorded() -> Optional[Tuple[str, str]]:
    """The library the installed package was built against (nerve/_install.py,
    written by the build backend; absent in a source checkout)."""
    try:
        from . import _install  # type: ignore[attr-defined]
    except ImportError:
        return None
    path = getattr(_install, "LIBRARY", None)
    if not path:
        return None
    return (f"recorded at install ({getattr(_install, 'FOUND_BY', '?')})", str(path))


def _candidates() -> List[Tuple[str, str]]:
    """(how it was found, path or name) in discovery order."""
    out: List[Tuple[str, str]] = []
    env = os.environ.get("NERVE_LIBRARY")
    if env:
        out.append(("NERVE_LIBRARY", env))
        return out  # an explicit path is never second-guessed
    here = Path(__file__).resolve().parent
    if sys.platform == "win32":
        local = [here / "nerve.dll"]
    elif sys.platform == "darwin":
        local = sorted(here.glob("libnerve*.dylib"))
    else:  # libnerve.so first, then versioned names (libnerve.so.0 ...)
        local = sorted(here.glob("libnerve.so*"), key=lambda p: (len(p.name), p.name))
    out.extend(("package directory", str(p)) for p in local if p.is_file())
    recorded = _recorded()
    if recorded is not None:
        out.append(recorded)
    found = ctypes.util.find_library("nerve")
    if found:
        out.append(("ctypes.util.find_library", found))
    return out


def _load() -> Tuple[ctypes.CDLL, str]:
    errors: List[str] = []
    for how, path in _candidates():
        try:
            # CDLL (never PyDLL): calls release the GIL.
            return ctypes.CDLL(path), path
        except OSError as e:
            errors.append(f"{how}: {path}: {e}")
            if how == "NERVE_LIBRARY":
                break
    detail = ("; ".join(errors)) if errors else "no libnerve found"
    raise ImportError(f"nerve: cannot load the libnerve shared library ({detail}); {_HOW_TO_FIX}")


lib, library_path = _load()

# --------------------------------------------------------------------------
# Function table
# --------------------------------------------------------------------------

_P = POINTER
_ERR = POINTER(Error)
_STATUS = "status"  # marker: returns int nerve_status, gets the errcheck

# (name, argtypes, restype); restype _STATUS means c_int + errcheck. The
# result accessors return their array as a plain address (c_void_p): the
# binding copies arrays out in bulk (string_at + struct) rather than through
# ctypes POINTER indexing, one Structure object per element.
_FUNCTIONS: Sequence[Tuple[str, List[Any], Any]] = (
    ("nerve_version", [], c_uint32),
    ("nerve_version_string", [], c_char_p),
    ("nerve_strerror", [c_int], c_char_p),
    ("nerve_errname", [c_int], c_char_p),
    ("nerve_default_data_dir", [], c_char_p),
    ("nerve_struct_size", [c_int], c_size_t),
    ("nerve_type_name", [c_int], c_char_p),
    ("nerve_modality_name", [c_int], c_char_p),
    ("nerve_pos_name", [c_int], c_char_p),
    ("nerve_dep_name", [c_int], c_char_p),
    ("nerve_model_load", [c_char_p, c_void_p, c_uint32, _P(c_void_p), _ERR], _STATUS),
    ("nerve_model_add_gazetteer", [c_void_p, c_char_p, _ERR], _STATUS),
    ("nerve_model_add_rules", [c_void_p, c_char_p, _ERR], _STATUS),
    ("nerve_model_add_rules_string", [c_void_p, c_char_p, c_char_p, c_size_t, _ERR], _STATUS),
    ("nerve_model_freeze", [c_void_p, _ERR], _STATUS),
    ("nerve_model_set_limit", [c_void_p, c_int, c_uint64, _ERR], _STATUS),
    ("nerve_model_free", [c_void_p], None),
    ("nerve_model_gazetteer_size", [c_void_p], c_size_t),
    ("nerve_model_rule_count", [c_void_p], c_size_t),
    ("nerve_gazetteer_compile", [c_char_p, c_char_p, c_void_p, _ERR], _STATUS),
    ("nerve_doc_new", [c_void_p, _P(c_void_p), _ERR], _STATUS),
    ("nerve_doc_free", [c_void_p], None),
    ("nerve_doc_process", [c_void_p, c_void_p, c_size_t, _P(Options), _ERR], _STATUS),
    ("nerve_doc_sentences", [c_void_p, _P(c_size_t)], c_void_p),
    ("nerve_doc_tokens", [c_void_p, _P(c_size_t)], c_void_p),
    ("nerve_doc_mentions", [c_void_p, _P(c_size_t)], c_void_p),
    ("nerve_doc_entities", [c_void_p, _P(c_size_t)], c_void_p),
    ("nerve_doc_entity_mentions", [c_void_p, _P(c_size_t)], c_void_p),
    ("nerve_doc_events", [c_void_p, _P(c_size_t)], c_void_p),
    ("nerve_doc_args", [c_void_p, _P(c_size_t)], c_void_p),
    ("nerve_doc_evidence", [c_void_p, _P(c_size_t)], c_void_p),
    ("nerve_doc_text", [c_void_p, _P(c_size_t)], c_void_p),
    ("nerve_doc_write_json", [c_void_p, c_uint32, WRITE_FN, c_void_p, _ERR], _STATUS),
    ("nerve_doc_write", [c_void_p, c_int, c_uint32, WRITE_FN, c_void_p, _ERR], _STATUS),
)


def _errname(code: int) -> str:
    try:
        return lib.nerve_errname(code).decode("ascii", "replace")
    except Exception:  # during import, before the table is registered
        return f"NERVE_{code}"


def raise_for(code: int, err: Optional[Error]) -> None:
    """Raise the NerveError subclass for status ``code`` using the details in
    ``err`` (which may be None)."""
    cls = _ERROR_CLASSES.get(code, NerveError)
    name = _errname(code)
    if err is not None and err.code == code:
        message = err.message.decode("utf-8", "replace")
        file = err.file.decode("utf-8", "surrogateescape") or None
        line, column, offset = err.line, err.column, err.offset
    else:
        message, file, line, column, offset = "", None, 0, 0, 0
    if not message:
        message = lib.nerve_strerror(code).decode("utf-8", "replace")
    raise cls(message, code=code, name=name, file=file, line=line, column=column, offset=offset)


def _errcheck(result: int, func: Any, args: Tuple[Any, ...]) -> int:
    """The one errcheck of every status-returning function: the nerve_error
    is the last argument (an Error instance or None)."""
    if result < 0:
        err = args[-1] if args and isinstance(args[-1], Error) else None
        raise_for(result, err)
    return result


def _register(cdll: ctypes.CDLL) -> None:
    for name, argtypes, restype in _FUNCTIONS:
        try:
            fn = getattr(cdll, name)
        except AttributeError:
            raise ImportError(
                f"nerve: {library_path} does not export {name}; the library is older than "
                f"this binding ({_HOW_TO_FIX})"
            ) from None
        fn.argtypes = argtypes
        if restype == _STATUS:
            fn.restype = c_int
            fn.errcheck = _errcheck
        else:
            fn.restype = restype


def _check_abi(cdll: ctypes.CDLL) -> None:
    version = cdll.nerve_version()
    if version >> 16 != EXPECTED_MAJOR:
        raise ImportError(
            f"nerve: {library_path} is version "
            f"{cdll.nerve_version_string().decode()} (major {version >> 16}); this binding "
            f"needs major version {EXPECTED_MAJOR}"
        )
    for which, st in _STRUCTS:
        size = cdll.nerve_struct_size(which)
        if size != ctypes.sizeof(st):
            raise ImportError(
                f"nerve: layout drift: sizeof(nerve_{st.__name__.lower()}) is {size} in "
                f"{library_path} but {ctypes.sizeof(st)} in the Python binding"
            )


_CODES = {c_size_t: "N", c_int: "i", c_uint32: "I", c_uint16: "H", c_float: "f", c_double: "d",
          c_char_p: "P", c_void_p: "P"}


def _flat_format(st: Type[Structure]) -> str:
    fmt = ""
    for _name, ty in st._fields_:
        if isinstance(ty, type) and issubclass(ty, Structure):
            fmt += _flat_format(ty)
        elif ty in _CODES:
            fmt += _CODES[ty]
        else:
            fmt += f"{ctypes.sizeof(ty)}s"
    return fmt


def _leaves(st: Type[Structure], base: int) -> List[Tuple[str, int]]:
    out: List[Tuple[str, int]] = []
    for name, ty in st._fields_:
        off = base + getattr(st, name).offset
        if isinstance(ty, type) and issubclass(ty, Structure):
            out.extend(_leaves(ty, off))
        else:
            out.append((_CODES.get(ty, f"{ctypes.sizeof(ty)}s"), off))
    return out


def packer(st: Type[Structure]) -> "struct.Struct":
    """A struct.Struct reading one ``st`` from raw bytes as a flat tuple
    (nested structs inlined), for bulk reads with ``iter_unpack``. Its layout
    is derived from ``_fields_`` with native alignment and checked against
    ctypes (offset of every field, and the size with trailing padding)."""
    fmt = "@" + _flat_format(st)
    size = struct.calcsize(fmt)
    pad = ctypes.sizeof(st) - size
    if not 0 <= pad < 8:
        raise ImportError(f"nerve: cannot mirror {st.__name__} with struct ({fmt})")
    packed = struct.Struct(fmt + (f"{pad}x" if pad else ""))
    # Every leaf field must sit where ctypes puts it.
    prefix = "@"
    for code, offset in _leaves(st, 0):
        if struct.calcsize(prefix + code) - struct.calcsize("@" + code) != offset:
            raise ImportError(f"nerve: struct mirror of {st.__name__} is misaligned ({fmt})")
        prefix += code
    if packed.size != ctypes.sizeof(st):
        raise ImportError(f"nerve: struct mirror of {st.__name__} has the wrong size")
    return packed


# The O(1) accessors keep the GIL: a CDLL call releases and retakes it, and
# with several threads retaking it means waiting for whichever thread holds
# it now (up to the 5 ms switch interval), about ten times per document when
# the results are copied out. Only the calls that do real work
# (nerve_doc_process, loading, writing) let other threads run.
_KEEP_GIL = (
    "nerve_version", "nerve_version_string", "nerve_strerror", "nerve_errname",
    "nerve_struct_size", "nerve_type_name", "nerve_modality_name",
    "nerve_model_gazetteer_size", "nerve_model_rule_count",
    "nerve_doc_sentences", "nerve_doc_tokens", "nerve_doc_mentions", "nerve_doc_entities",
    "nerve_doc_entity_mentions", "nerve_doc_events", "nerve_doc_args", "nerve_doc_evidence",
    "nerve_doc_text",
)


def _keep_gil_for_accessors(cdll: ctypes.CDLL, path: str) -> None:
    """Rebind the _KEEP_GIL functions of cdll to the same symbols called
    through a PyDLL (same library handle, GIL held during the call)."""
    held = ctypes.PyDLL(path)
    table = {name: (argtypes, restype) for name, argtypes, restype in _FUNCTIONS}
    for name in _KEEP_GIL:
        argtypes, restype = table[name]
        fn = getattr(held, name)
        fn.argtypes = argtypes
        fn.restype = c_int if restype == _STATUS else restype
        setattr(cdll, name, fn)


_register(lib)
_check_abi(lib)
_keep_gil_for_accessors(lib, library_path)

SENTENCE_PACK = packer(Sentence)
TOKEN_PACK = packer(Token)
MENTION_PACK = packer(Mention)
ENTITY_PACK = packer(Entity)
EVENT_PACK = packer(Event)
ARG_PACK = packer(Arg)
SPAN_PACK = packer(Span)
SIZE_PACK = struct.Struct("@N")

#: Names of the nerve_type values, indexed by type.
TYPE_NAMES: Tuple[str, ...] = tuple(lib.nerve_type_name(i).decode() for i in range(10))
#: Names of the nerve_modality values, indexed by modality.
MODALITY_NAMES: Tuple[str, ...] = tuple(lib.nerve_modality_name(i).decode() for i in range(5))
#: Names of the nerve_pos and nerve_dep values, indexed by value (0: None, untagged).
POS_NAMES: Tuple[Optional[str], ...] = (None,) + tuple(
    lib.nerve_pos_name(i).decode() for i in range(1, 18))
DEP_NAMES: Tuple[Optional[str], ...] = (None,) + tuple(
    lib.nerve_dep_name(i).decode() for i in range(1, 64))


def write_to_bytes(call: Callable[[Any, Any], Any]) -> bytes:
    """Run ``call(sink, ctx)`` with a CFUNCTYPE sink collecting the chunks it
    writes; return them joined."""
    chunks: List[bytes] = []
    string_at = ctypes.string_at

    def sink(_ctx: Optional[int], data: Optional[int], length: int) -> int:
        if length:
            chunks.append(string_at(data, length))
        return 0

    cb = WRITE_FN(sink)  # kept alive by this frame for the duration of the call
    call(cb, None)
    return b"".join(chunks)
