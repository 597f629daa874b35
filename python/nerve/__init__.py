"""nerve: people, places, organizations, dates and events in English news text.

A thin ctypes binding over libnerve::

    import nerve

    with nerve.Model() as model:
        doc = model("Mark Esper will visit Tunisia on Tuesday.", dct="2020-09-28")
        for m in doc.mentions:
            print(m.type, m.text, m.start, m.end, m.value)
        for ev in doc.events:
            print(ev.type, ev.modality, {r: [a.text for a in args] for r, args in ev.roles.items()})

Offsets (``start``/``end``) are Python ``str`` indices (code points) into
``Document.text``; ``byte_start``/``byte_end`` are the UTF-8 byte offsets the
C library reports.  Every result is plain Python data copied out of the
library at once, so a :class:`Document` outlives the :class:`Model` that made
it.

The library is found through ``NERVE_LIBRARY`` (exact path), then a
``libnerve.so*`` next to this package, then ``ctypes.util.find_library``.
``NERVE_DATA_DIR`` selects the data directory when ``Model(data_dir=None)``.
"""

from __future__ import annotations

import collections
import ctypes
import datetime as _dt
import json
import os
import threading
import warnings
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import (
    Any,
    Deque,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from . import _lib
from ._lib import (
    DateError,
    FileError,
    FormatError,
    GazetteerError,
    InvalidArgument,
    LimitError,
    NerveError,
    OutOfMemory,
    RuleError,
    StateError,
    TooBig,
    Utf8Error,
    WriteError,
)

__all__ = [
    "Model",
    "Document",
    "Span",
    "Sentence",
    "Token",
    "Mention",
    "Entity",
    "Event",
    "Argument",
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
    "LimitWarning",
    "library_version",
    "library_path",
    "default_data_dir",
    "__version__",
]

#: Version of this binding (follows the library it was written for).
__version__ = "0.1.0"

#: Path or name libnerve was loaded from.
library_path: str = _lib.library_path

TextInput = Union[str, bytes, bytearray, memoryview]
DateInput = Union[str, _dt.date, None]


def library_version() -> str:
    """Version of the loaded libnerve, ``"major.minor.patch"``."""
    return _lib.lib.nerve_version_string().decode("ascii")


def default_data_dir() -> str:
    """Data directory the library was built with (used when neither
    ``data_dir`` nor ``NERVE_DATA_DIR`` is given)."""
    return os.fsdecode(_lib.lib.nerve_default_data_dir())


class LimitWarning(RuntimeWarning):
    """A rule hit a PCRE2 match limit (NERVE_ELIMIT): the document's results
    are complete except for that rule's matches in that sentence."""


# --------------------------------------------------------------------------
# Result types: frozen dataclasses holding plain Python data
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A half-open range of the text. ``start``/``end`` index the Python
    ``str`` (code points), ``byte_start``/``byte_end`` its UTF-8 encoding;
    ``text == document.text[start:end]``."""

    text: str
    start: int
    end: int
    byte_start: int
    byte_end: int

    def span_dict(self) -> Dict[str, int]:
        """The span in the JSON schema's shape (byte and char offsets)."""
        return {"start": self.byte_start, "end": self.byte_end,
                "char_start": self.start, "char_end": self.end}


@dataclass(frozen=True)
class Sentence(Span):
    """A sentence: its span and its tokens ``document.tokens[token_begin:token_end]``."""

    token_begin: int
    token_end: int


@dataclass(frozen=True)
class Token(Span):
    """A token: span, sentence index, normalized key (NFKC, case-folded, marks
    stripped), kind (1 word, 2 number, 3 punct, 4 symbol, 5 url, 6 email) and
    ``NERVE_TOK_*`` flag bits."""

    sentence: int
    norm: str
    kind: int
    flags: int


@dataclass(frozen=True)
class Mention:
    """One mention of a person, place, organization, group or time.

    ``type`` is PER, LOC, ORG, NORP, MISC, DATE, TIME, DURATION or SET;
    ``entity`` is an index into ``Document.entities`` (or None); ``value`` is
    the TIMEX3 value of temporal mentions and ``anchor`` what a relative one
    was resolved against; ``source`` is "gazetteer", "rule" or "document".
    """

    type: str
    subtype: Optional[str]
    text: str
    start: int
    end: int
    sentence: int
    entity: Optional[int]
    value: Optional[str]
    anchor: Optional[str]
    canonical: Optional[str]
    title: Optional[str]
    source: str
    rule: Optional[str]
    confidence: float
    byte_start: int
    byte_end: int
    token_begin: int
    token_end: int

    def span_dict(self) -> Dict[str, int]:
        """The span in the JSON schema's shape (byte and char offsets)."""
        return {"start": self.byte_start, "end": self.byte_end,
                "char_start": self.start, "char_end": self.end}


@dataclass(frozen=True)
class Entity:
    """A document-level entity: a cluster of mentions (indices into
    ``Document.mentions``) with a canonical name and, when the gazetteer knows
    it, a ``link`` dict (id, country, lat, lon, title)."""

    type: str
    canonical: str
    mentions: Tuple[int, ...]
    link: Optional[Dict[str, Any]]


@dataclass(frozen=True)
class Argument:
    """One filler of an event role: a mention index, its entity index (or
    None), the text, the canonical name and the TIMEX3 value if temporal."""

    mention: int
    entity: Optional[int]
    text: str
    canonical: Optional[str]
    value: Optional[str]


@dataclass(frozen=True)
class Event:
    """An event: type ("visit", "meeting" ...), trigger span, modality
    (asserted, planned, cancelled, negated, uncertain), roles (role name ->
    list of :class:`Argument`), sentence index, evidence spans, the rule that
    produced it, its CAMEO code and a confidence."""

    type: str
    trigger: Span
    modality: str
    roles: Dict[str, List[Argument]]
    sentence: int
    evidence: Tuple[Span, ...]
    rule: Optional[str]
    cameo: Optional[str]
    confidence: float


def _g6(v: float) -> float:
    """The value the library's JSON writes for v ("%.6g")."""
    return float("%.6g" % v)


@dataclass(frozen=True)
class Document:
    """The result of processing one text. Plain Python data: it stays valid
    after the model is closed."""

    text: str
    id: Optional[str]
    dct: Optional[str]
    text_bytes: int
    sentences: Tuple[Sentence, ...]
    tokens: Tuple[Token, ...]
    mentions: Tuple[Mention, ...]
    entities: Tuple[Entity, ...]
    events: Tuple[Event, ...]

    def mentions_of(self, entity: Union[int, Entity]) -> List[Mention]:
        """The mentions of an entity (given as an index or an Entity)."""
        ent = self.entities[entity] if isinstance(entity, int) else entity
        return [self.mentions[i] for i in ent.mentions]

    def to_dict(self, tokens: bool = False) -> Dict[str, Any]:
        """The document as the JSON schema (document.schema.json) describes
        it: equal to ``json.loads`` of ``extract --format jsonl``'s line for
        the same input.  ``tokens=True`` adds the tokens' span, text and norm
        (the library's "shape" field is not exposed through the C API)."""
        out: Dict[str, Any] = {
            "schema_version": 1,
            "id": self.id,
            "dct": self.dct,
            "text_bytes": self.text_bytes,
            "sentences": [s.span_dict() for s in self.sentences],
        }
        if tokens:
            toks = []
            for t in self.tokens:
                d: Dict[str, Any] = t.span_dict()
                d["text"] = t.text
                d["norm"] = t.norm
                toks.append(d)
            out["tokens"] = toks
        mentions = []
        for m in self.mentions:
            d = m.span_dict()
            d["type"] = m.type
            d["subtype"] = m.subtype
            d["text"] = m.text
            d["sentence"] = m.sentence
            d["entity"] = m.entity
            d["value"] = m.value
            if m.anchor is not None:
                d["anchor"] = m.anchor
            if m.canonical is not None:
                d["canonical"] = m.canonical
            if m.title is not None:
                d["title"] = m.title
            d["source"] = m.source
            if m.rule is not None:
                d["rule"] = m.rule
            d["confidence"] = m.confidence
            mentions.append(d)
        out["mentions"] = mentions
        entities = []
        for e in self.entities:
            link = None
            if e.link is not None:
                link = dict(e.link)
                for k in ("lat", "lon"):
                    if link.get(k) is not None:
                        link[k] = _g6(link[k])
            entities.append({"type": e.type, "canonical": e.canonical,
                             "mentions": list(e.mentions), "link": link})
        out["entities"] = entities
        events = []
        for ev in self.events:
            trig = ev.trigger.span_dict()
            trig["text"] = ev.trigger.text
            events.append({
                "type": ev.type,
                "trigger": trig,
                "modality": ev.modality,
                "roles": {role: [{"mention": a.mention, "entity": a.entity, "text": a.text,
                                  "canonical": a.canonical, "value": a.value} for a in args]
                          for role, args in ev.roles.items()},
                "sentence": ev.sentence,
                "evidence": [s.span_dict() for s in ev.evidence],
                "rule": ev.rule,
                "cameo": ev.cameo,
                "confidence": ev.confidence,
            })
        out["events"] = events
        return out

    def to_json(self, tokens: bool = False, indent: Optional[int] = None) -> str:
        """:meth:`to_dict` serialized as JSON (UTF-8 characters kept as is)."""
        return json.dumps(self.to_dict(tokens=tokens), ensure_ascii=False, indent=indent,
                          separators=None if indent is not None else (",", ":"))


# --------------------------------------------------------------------------
# Input handling
# --------------------------------------------------------------------------


def _decode_lib(b: bytes) -> str:
    """Decode text from the library the way its JSON writer does: each byte of
    an invalid sequence becomes one U+FFFD (and counts one code point)."""
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        s = b.decode("utf-8", "surrogateescape")
        return "".join("\ufffd" if "\udc80" <= c <= "\udcff" else c for c in s)


def _encode_text(text: TextInput, errors: str) -> Tuple[bytes, Optional[str]]:
    """(UTF-8 bytes, the str they stand for, or None if it must be decoded)."""
    if isinstance(text, str):
        try:
            return text.encode("utf-8"), text
        except UnicodeEncodeError:
            if errors == "replace":  # lone surrogates: one U+FFFD each, offsets kept
                fixed = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
                return fixed.encode("utf-8"), fixed
            # Let the library report where: encoded surrogates are invalid UTF-8.
            return text.encode("utf-8", "surrogatepass"), None
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text), None
    raise TypeError(f"text must be str or bytes, not {type(text).__name__}")


def _date_arg(dct: DateInput) -> Optional[bytes]:
    if dct is None:
        return None
    if isinstance(dct, _dt.datetime):
        dct = dct.date()
    if isinstance(dct, _dt.date):
        return dct.isoformat().encode("ascii")
    if isinstance(dct, str):
        return dct.encode("utf-8", "replace")
    raise TypeError(f"dct must be a 'YYYY-MM-DD' str or a date, not {type(dct).__name__}")


_ERRORS_MODES = ("strict", "replace")

# --------------------------------------------------------------------------
# Handles
# --------------------------------------------------------------------------


class _ModelHandle:
    """Owns the nerve_model pointer and every nerve_doc made from it, so the
    docs are always freed first (nerve.h: free the docs before the model)."""

    __slots__ = ("ptr", "docs", "lock", "__weakref__")

    _model_free = staticmethod(_lib.lib.nerve_model_free)

    def __init__(self, ptr: int) -> None:
        self.ptr: Optional[int] = ptr
        self.docs: "weakref.WeakSet[_DocHandle]" = weakref.WeakSet()
        self.lock = threading.RLock()

    def new_doc(self) -> "_DocHandle":
        with self.lock:
            if self.ptr is None:
                raise StateError("the model is closed", code=_lib.ESTATE)
            out = ctypes.c_void_p()
            err = _lib.Error()
            _lib.lib.nerve_doc_new(self.ptr, ctypes.byref(out), err)
            doc = _DocHandle(self, out.value)
            self.docs.add(doc)
            return doc

    def close(self) -> None:
        with self.lock:
            for doc in list(self.docs):
                doc.free()
            ptr, self.ptr = self.ptr, None
            if ptr is not None:
                self._model_free(ptr)

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


class _DocHandle:
    """Owns one nerve_doc (used by one thread at a time)."""

    __slots__ = ("model", "ptr", "__weakref__")

    _doc_free = staticmethod(_lib.lib.nerve_doc_free)

    def __init__(self, model: _ModelHandle, ptr: Optional[int]) -> None:
        self.model = model  # strong: the model outlives its docs
        self.ptr = ptr

    def free(self) -> None:
        ptr, self.ptr = self.ptr, None
        if ptr is not None:
            self._doc_free(ptr)

    def __del__(self) -> None:
        try:
            if self.ptr is not None:
                with self.model.lock:
                    self.free()
        except Exception:
            pass


# --------------------------------------------------------------------------
# Reading results out of a nerve_doc
# --------------------------------------------------------------------------

_L = _lib.lib
_NONE = _lib.NONE
_TYPE_NAMES = _lib.TYPE_NAMES
_MODALITY_NAMES = _lib.MODALITY_NAMES
_SOURCE_NAMES = _lib.SOURCE_NAMES
_string_at = ctypes.string_at

_str_cache: Dict[bytes, str] = {}


def _s(b: Optional[bytes]) -> Optional[str]:
    """Decode a library string (cached: types, subtypes, rule names, roles
    repeat endlessly)."""
    if b is None:
        return None
    r = _str_cache.get(b)
    if r is None:
        r = b.decode("utf-8", "replace")
        if len(_str_cache) < 65536:
            _str_cache[b] = r
    return r


def _array(fn: Any, doc: int) -> Tuple[Any, int]:
    n = ctypes.c_size_t()
    p = fn(doc, ctypes.byref(n))
    return p, n.value


def _read_document(doc: int, text: str, doc_id: Optional[str], dct: Optional[str],
                   nbytes: int) -> Document:
    # Sentences
    p, n = _array(_L.nerve_doc_sentences, doc)
    sentences = []
    for i in range(n):
        s = p[i]
        sp = s.span
        a, b = sp.char_start, sp.char_end
        tb = s.token_begin
        sentences.append(Sentence(text[a:b], a, b, sp.start, sp.end, tb, tb + s.token_count))
    # Tokens
    p, n = _array(_L.nerve_doc_tokens, doc)
    tokens = []
    for i in range(n):
        t = p[i]
        sp = t.span
        a, b = sp.char_start, sp.char_end
        norm = _string_at(t.norm, t.norm_len).decode("utf-8", "replace") if t.norm else ""
        tokens.append(Token(text[a:b], a, b, sp.start, sp.end, t.sentence, norm, t.kind,
                            t.flags))
    # Mentions
    p, n = _array(_L.nerve_doc_mentions, doc)
    mentions = []
    mcanon: List[Optional[str]] = []
    for i in range(n):
        m = p[i]
        sp = m.span
        a, b = sp.char_start, sp.char_end
        ent = m.entity
        canonical = _s(m.canonical)
        mcanon.append(canonical)
        mentions.append(Mention(
            _TYPE_NAMES[m.type] if 0 <= m.type < len(_TYPE_NAMES) else "NONE",
            _s(m.subtype), text[a:b], a, b, m.sentence,
            None if ent == _NONE else ent,
            _s(m.value), _s(m.anchor), canonical, _s(m.title),
            _SOURCE_NAMES[m.source] if 0 <= m.source < 3 else "document",
            _s(m.rule), _g6(m.confidence), sp.start, sp.end, m.token_begin, m.token_end))
    # Entities
    p, n = _array(_L.nerve_doc_entities, doc)
    entities = []
    ecanon: List[Optional[str]] = []
    if n:
        members, nm = _array(_L.nerve_doc_entity_mentions, doc)
        idx = members[:nm] if nm else []
        for i in range(n):
            e = p[i]
            canonical = _s(e.canonical)
            ecanon.append(canonical)
            link_id, country, title = _s(e.link_id), _s(e.country), _s(e.title)
            link: Optional[Dict[str, Any]] = None
            if link_id is not None or country is not None or title is not None or e.has_coords:
                link = {"id": link_id if link_id is not None else "", "country": country,
                        "lat": e.lat if e.has_coords else None,
                        "lon": e.lon if e.has_coords else None, "title": title}
            mb = e.mention_begin
            entities.append(Entity(
                _TYPE_NAMES[e.type] if 0 <= e.type < len(_TYPE_NAMES) else "NONE",
                canonical if canonical is not None else "",
                tuple(idx[mb:mb + e.mention_count]), link))
    # Events
    p, n = _array(_L.nerve_doc_events, doc)
    events = []
    if n:
        args, _na = _array(_L.nerve_doc_args, doc)
        evid, _ne = _array(_L.nerve_doc_evidence, doc)
        for i in range(n):
            ev = p[i]
            tr = ev.trigger
            roles: Dict[str, List[Argument]] = {}
            for k in range(ev.arg_begin, ev.arg_begin + ev.arg_count):
                ar = args[k]
                mi = ar.mention
                ent = ar.entity
                mention = mentions[mi]
                if ent == _NONE:
                    ent_i: Optional[int] = None
                    canon = mcanon[mi]
                else:
                    ent_i = ent
                    canon = ecanon[ent]
                role = _s(ar.role) or ""
                roles.setdefault(role, []).append(
                    Argument(mi, ent_i, mention.text, canon, mention.value))
            evidence = []
            for k in range(ev.evidence_begin, ev.evidence_begin + ev.evidence_count):
                sp = evid[k]
                a, b = sp.char_start, sp.char_end
                evidence.append(Span(text[a:b], a, b, sp.start, sp.end))
            a, b = tr.char_start, tr.char_end
            events.append(Event(
                _s(ev.type) or "", Span(text[a:b], a, b, tr.start, tr.end),
                _MODALITY_NAMES[ev.modality] if 0 <= ev.modality < 5 else "asserted",
                roles, ev.sentence, tuple(evidence), _s(ev.rule), _s(ev.cameo),
                _g6(ev.confidence)))
    return Document(text, doc_id, dct, nbytes, tuple(sentences), tuple(tokens),
                    tuple(mentions), tuple(entities), tuple(events))


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------

PipeItem = Union[str, bytes, Mapping[str, Any]]


class Model:
    """Gazetteers and rules loaded into libnerve; immutable once loaded and
    shared by any number of threads.

    ``data_dir``: directory holding ``gazetteers/`` and ``rules/``; None means
    ``$NERVE_DATA_DIR`` if set, else the library's built-in default.
    ``gazetteers``: extra gazetteer files or folders; ``rules``: extra rule
    files; ``rules_text``: rule source given as a string.

    Raises :class:`FileError`, :class:`GazetteerError` (with ``file``,
    ``line``, ``column``), :class:`RuleError` (idem) or :class:`FormatError`.
    Use as a context manager or call :meth:`close`; documents already
    returned stay valid after closing.
    """

    def __init__(
        self,
        data_dir: Optional[Union[str, "os.PathLike[str]"]] = None,
        gazetteers: Iterable[Union[str, "os.PathLike[str]"]] = (),
        rules: Iterable[Union[str, "os.PathLike[str]"]] = (),
        rules_text: Optional[str] = None,
    ) -> None:
        self._handle: Optional[_ModelHandle] = None
        self._local = threading.local()
        if data_dir is None:
            data_dir = os.environ.get("NERVE_DATA_DIR") or None
        self.data_dir: Optional[str] = os.fspath(data_dir) if data_dir is not None else None
        if isinstance(gazetteers, (str, os.PathLike)):
            gazetteers = (gazetteers,)
        if isinstance(rules, (str, os.PathLike)):
            rules = (rules,)
        err = _lib.Error()
        out = ctypes.c_void_p()
        _L.nerve_model_load(os.fsencode(self.data_dir) if self.data_dir is not None else None,
                            None, 0, ctypes.byref(out), err)
        handle = _ModelHandle(out.value)  # owns the pointer from here on, even on error
        try:
            for g in gazetteers:
                _L.nerve_model_add_gazetteer(handle.ptr, os.fsencode(g), err)
            for r in rules:
                _L.nerve_model_add_rules(handle.ptr, os.fsencode(r), err)
            if rules_text is not None:
                src = rules_text.encode("utf-8")
                _L.nerve_model_add_rules_string(handle.ptr, b"<rules_text>", src, len(src), err)
            _L.nerve_model_freeze(handle.ptr, err)
        except BaseException:
            handle.close()
            raise
        self._handle = handle

    # -- lifetime ----------------------------------------------------------

    def close(self) -> None:
        """Free the model and its per-thread documents. Idempotent. Documents
        already returned stay valid; further processing raises StateError."""
        h, self._handle = self._handle, None
        self._local = threading.local()
        if h is not None:
            h.close()

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return self._handle is None

    def __enter__(self) -> "Model":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self) -> str:
        if self._handle is None:
            return "<nerve.Model closed>"
        return (f"<nerve.Model {self.gazetteer_size} gazetteer entries, "
                f"{self.rule_count} rules>")

    def _live(self) -> _ModelHandle:
        h = self._handle
        if h is None or h.ptr is None:
            raise StateError("the model is closed", code=_lib.ESTATE)
        return h

    # -- information -------------------------------------------------------

    @property
    def gazetteer_size(self) -> int:
        """Number of gazetteer entries loaded."""
        return int(_L.nerve_model_gazetteer_size(self._live().ptr))

    @property
    def rule_count(self) -> int:
        """Number of rules loaded."""
        return int(_L.nerve_model_rule_count(self._live().ptr))

    # -- processing --------------------------------------------------------

    def _thread_doc(self) -> _DocHandle:
        h = self._live()
        d: Optional[_DocHandle] = getattr(self._local, "doc", None)
        if d is None or d.ptr is None or d.model is not h:
            d = h.new_doc()
            self._local.doc = d
        return d

    def _run(self, d: _DocHandle, text: TextInput, dct: DateInput, id: Optional[str],
             errors: str) -> Tuple[bytes, Optional[str], Optional[str]]:
        """Process into doc d; returns (bytes, str or None, dct str)."""
        if errors not in _ERRORS_MODES:
            raise ValueError(f"errors must be 'strict' or 'replace', not {errors!r}")
        data, as_str = _encode_text(text, errors)
        opts = _lib.Options()
        opts.flags = _lib.OPT_REPLACE_INVALID if errors == "replace" else 0
        dct_b = _date_arg(dct)
        opts.dct = dct_b
        if id is not None:
            if not isinstance(id, str):
                raise TypeError(f"id must be str or None, not {type(id).__name__}")
            opts.doc_id = id.encode("utf-8", "surrogateescape")
        err = _lib.Error()
        if d.ptr is None:
            raise StateError("the model is closed", code=_lib.ESTATE)
        try:
            _L.nerve_doc_process(d.ptr, data, len(data), ctypes.byref(opts), err)
        except LimitError as e:
            warnings.warn(LimitWarning(str(e)), stacklevel=3)
        return data, as_str, dct_b.decode("ascii", "replace") if dct_b is not None else None

    def _process_with(self, d: _DocHandle, text: TextInput, dct: DateInput,
                      id: Optional[str], errors: str) -> Document:
        data, as_str, dct_s = self._run(d, text, dct, id, errors)
        if as_str is None:
            as_str = _decode_lib(data)
        return _read_document(d.ptr, as_str, id, dct_s, len(data))  # type: ignore[arg-type]

    def process(self, text: TextInput, dct: DateInput = None, id: Optional[str] = None,
                errors: str = "strict") -> Document:
        """Process one text and return its :class:`Document`.

        ``text``: str, or bytes holding UTF-8 (NUL bytes are ordinary
        characters). ``dct``: document creation date ("YYYY-MM-DD" or a
        ``datetime.date``) for resolving relative dates. ``id``: copied into
        the document. ``errors``: "strict" raises :class:`Utf8Error` (with the
        byte ``offset``) on invalid UTF-8; "replace" treats each bad byte as
        U+FFFD.  A bad ``dct`` raises :class:`DateError`.
        """
        return self._process_with(self._thread_doc(), text, dct, id, errors)

    __call__ = process

    def process_json(self, text: TextInput, dct: DateInput = None, id: Optional[str] = None,
                     errors: str = "strict", tokens: bool = False,
                     pretty: bool = False) -> str:
        """Process one text and return the library's own JSON for it
        (``nerve_doc_write_json``; what ``extract --format jsonl`` prints,
        without the newline)."""
        d = self._thread_doc()
        self._run(d, text, dct, id, errors)
        flags = (_lib.JSON_TOKENS if tokens else 0) | (_lib.JSON_PRETTY if pretty else 0)
        err = _lib.Error()
        raw = _lib.write_to_bytes(
            lambda sink, ctx: _L.nerve_doc_write_json(d.ptr, flags, sink, ctx, err))
        return raw.decode("utf-8")

    def pipe(self, texts: Iterable[PipeItem], threads: int = 1, dct: DateInput = None,
             errors: str = "strict", window: Optional[int] = None) -> Iterator[Document]:
        """Process many texts, yielding Documents in input order.

        Items are str/bytes, or mappings with "text" and optional "id" and
        "dct" (which overrides the ``dct`` argument). With ``threads`` > 1 a
        thread pool processes them in parallel, each worker with its own
        nerve_doc over this one model (libnerve releases the GIL).  At most
        ``window`` (default 4 x threads) documents are in flight.  An error
        in one item is raised when that item's turn to be yielded comes.
        """
        if threads < 1:
            raise ValueError("threads must be at least 1")
        self._live()

        def unpack(item: PipeItem) -> Tuple[TextInput, DateInput, Optional[str]]:
            if isinstance(item, Mapping):
                return (item["text"], item.get("dct") or dct, item.get("id"))
            return item, dct, None  # type: ignore[return-value]

        if threads == 1:
            for item in texts:
                t, dd, i = unpack(item)
                yield self.process(t, dct=dd, id=i, errors=errors)
            return

        local = threading.local()
        made: List[_DocHandle] = []
        made_lock = threading.Lock()

        def work(item: PipeItem) -> Document:
            d: Optional[_DocHandle] = getattr(local, "doc", None)
            if d is None:
                d = self._live().new_doc()
                local.doc = d
                with made_lock:
                    made.append(d)
            t, dd, i = unpack(item)
            return self._process_with(d, t, dd, i, errors)

        limit = window if window is not None else 4 * threads
        pending: Deque[Any] = collections.deque()
        ex = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="nerve")
        try:
            it = iter(texts)
            for item in it:
                pending.append(ex.submit(work, item))
                if len(pending) >= limit:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()
            ex.shutdown(wait=True)
            for d in made:
                with d.model.lock:
                    d.free()


# Re-export the error classes' module so `nerve.NerveError` pickles as such.
for _cls in (NerveError, InvalidArgument, OutOfMemory, FileError, Utf8Error, TooBig,
             GazetteerError, RuleError, FormatError, StateError, LimitError, DateError,
             WriteError):
    _cls.__module__ = __name__
del _cls
