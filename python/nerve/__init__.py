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
``libnerve.so*`` next to this package, then the library the installed
package recorded when it was built (``pip install ./python`` finds it with
pkg-config or in the build tree), then ``ctypes.util.find_library``.
``NERVE_DATA_DIR`` selects the data directory when ``Model(data_dir=None)``;
otherwise the library's own default applies (its installed data directory,
or the build tree's).

A :class:`Model` pickles by its constructor arguments, so multiprocessing,
Dask and Spark can ship it to workers; ``Model.pipe(..., processes=N)`` runs
worker processes and :mod:`nerve.dask` maps nerve over a corpus on a Dask
cluster.
"""

from __future__ import annotations

import codecs
import collections
import ctypes
import datetime as _dt
import json
import multiprocessing
import os
import struct
import threading
import warnings
import weakref
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from functools import cached_property
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
    stripped), kind (1 word, 2 number, 3 punct, 4 symbol, 5 url, 6 email),
    ``NERVE_TOK_*`` flag bits, and its syntax: ``pos`` the UPOS tag ("VERB"),
    ``head`` the index in ``Document.tokens`` of its head and ``dep`` the
    relation to it ("nsubj"); ``pos`` is None unless ``process`` was asked
    for ``syntax`` or ``parse_all``, and ``head``/``dep`` are None for a
    sentence's root ("root" as ``dep``) and for sentences not parsed (with
    ``syntax``, only those with an event are)."""

    sentence: int
    norm: str
    kind: int
    flags: int
    pos: Optional[str] = None
    head: Optional[int] = None
    dep: Optional[str] = None


@dataclass(frozen=True)
class Mention:
    """One mention of a person, place, organization, group or time.

    ``type`` is PER, LOC, ORG, NORP, MISC, DATE, TIME, DURATION or SET;
    ``entity`` is an index into ``Document.entities`` (or None); ``value`` is
    the TIMEX3 value of temporal mentions and ``anchor`` what a relative one
    was resolved against; ``source`` is "gazetteer", "rule" or "document";
    ``origin`` is the "file:line" of the gazetteer entry, rule or lexicon row
    behind it, bundled files relative to the data folder
    ("gazetteers/capitals.tsv:175", "rules/timex.tsv:89").
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
    origin: Optional[str]
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
    """One filler of an event role: a mention index (None for a noun phrase
    that names no entity, such as "gunmen"), its entity index (or None), the
    text and its offsets (``start``/``end`` are str indices), the canonical
    name and the TIMEX3 value if temporal."""

    mention: Optional[int]
    entity: Optional[int]
    text: str
    canonical: Optional[str]
    value: Optional[str]
    start: int
    end: int
    byte_start: int
    byte_end: int


@dataclass(frozen=True)
class Event:
    """An event: type ("visit", "meeting" ...), trigger span, modality
    (asserted, planned, cancelled, negated, uncertain), roles (role name ->
    list of :class:`Argument`), sentence index, evidence spans, the rule that
    produced it and its "file:line" origin, its CAMEO code and a confidence."""

    type: str
    trigger: Span
    modality: str
    roles: Dict[str, List[Argument]]
    sentence: int
    evidence: Tuple[Span, ...]
    rule: Optional[str]
    origin: Optional[str]
    cameo: Optional[str]
    confidence: float
    complete: bool = True
    """Every key role of the type has a filler (an incomplete event has a
    lower confidence)."""


def _argument_dict(a: "Argument") -> Dict[str, Any]:
    """An argument in the JSON schema's shape (a phrase carries its span)."""
    d: Dict[str, Any] = {"mention": a.mention, "entity": a.entity, "text": a.text}
    if a.mention is None:
        d.update(start=a.byte_start, end=a.byte_end, char_start=a.start, char_end=a.end)
    d["canonical"] = a.canonical
    d["value"] = a.value
    return d


_f32_cache: Dict[float, float] = {}


def _f32(v: float) -> float:
    """A C float as Python reads it most naturally: the shortest decimal
    that is the same float (0.85, not 0.8500000238418579)."""
    r = _f32_cache.get(v)
    if r is None:
        want = struct.pack("f", v)
        for digits in range(6, 10):  # 9 significant digits always round-trip
            r = float("%.*g" % (digits, v))
            if struct.pack("f", r) == want:
                break
        if len(_f32_cache) < 4096:
            _f32_cache[v] = r
    return r


class _Raw:
    """Everything a processed nerve_doc held, copied out at once as plain
    bytes: the struct arrays (read with struct) and the strings their
    pointers referred to. Document builds its objects from it on first
    access; no pointer in it is ever dereferenced again."""

    __slots__ = ("sent", "tok", "norms", "ment", "mstr", "ent", "estr", "members", "ev",
                 "vstr", "args", "roles", "evid", "json", "json_tokens")

    def __init__(self, sent: bytes = b"", tok: bytes = b"",
                 norms: Optional[List[bytes]] = None, ment: bytes = b"",
                 mstr: Sequence[List[Optional[bytes]]] = (), ent: bytes = b"",
                 estr: Sequence[List[Optional[bytes]]] = (), members: Tuple[int, ...] = (),
                 ev: bytes = b"", vstr: Sequence[List[Optional[bytes]]] = (),
                 args: bytes = b"", roles: Sequence[Optional[bytes]] = (),
                 evid: bytes = b"", json: bytes = b"", json_tokens: bool = False) -> None:
        self.sent, self.tok, self.norms = sent, tok, norms
        # The library's own JSON of the document (nerve_doc_write_json), with
        # the tokens when json_tokens: what to_dict() returns, parsed.
        self.json, self.json_tokens = json, json_tokens
        self.ment, self.mstr = ment, mstr
        self.ent, self.estr, self.members = ent, estr, members
        self.ev, self.vstr, self.args, self.roles, self.evid = ev, vstr, args, roles, evid


_EMPTY_RAW = _Raw()


@dataclass(frozen=True, eq=False, repr=False)
class Document:
    """The result of processing one text: ``text``, ``id``, ``dct``,
    ``text_bytes`` (its UTF-8 length) and the ``sentences``, ``tokens``,
    ``mentions``, ``entities`` and ``events`` found in it.

    Plain Python data, valid after the model is closed: everything is copied
    out of the library when the text is processed, and the result objects
    are built from that copy on first access (then cached).
    """

    text: str
    id: Optional[str]
    dct: Optional[str]
    text_bytes: int
    _raw: _Raw = field(default=_EMPTY_RAW, repr=False)

    @cached_property
    def sentences(self) -> Tuple[Sentence, ...]:
        """The sentences, in text order."""
        text = self.text
        return tuple(_mk_sentence(text[c0:c1], c0, c1, b0, b1, tb, tb + tn)
                     for b0, b1, c0, c1, tb, tn in _lib.SENTENCE_PACK.iter_unpack(self._raw.sent))

    @cached_property
    def tokens(self) -> Tuple[Token, ...]:
        """The tokens, in text order."""
        raw = self._raw
        text = self.text
        pos_names, dep_names = _lib.POS_NAMES, _lib.DEP_NAMES
        return tuple(
            _mk_token(text[c0:c1], c0, c1, b0, b1, sent, _dec(norm) or "", kind, flags,
                      pos_names[pos] if pos < len(pos_names) else None,
                      None if head == _NONE else head,
                      dep_names[dep] if dep < len(dep_names) else None)
            for (b0, b1, c0, c1, sent, _n, _p, flags, kind, pos, dep, head), norm in zip(
                _lib.TOKEN_PACK.iter_unpack(raw.tok), raw.norms or ()))

    @cached_property
    def mentions(self) -> Tuple[Mention, ...]:
        """The mentions, in text order (longer first at the same start)."""
        raw = self._raw
        if not raw.ment:
            return ()
        text = self.text
        subtypes, values, anchors, canons, titles, rules, origins = raw.mstr
        dec = _dec
        new = object.__new__
        out = []
        append = out.append
        for (b0, b1, c0, c1, typ, sent_i, tb, te, ent, source, _sub, _val, _anc, _can, _tit,
             _rul, _ori, conf, oline), subtype, value, anchor, canon, title, rule, ofile in zip(
                _MENTION_PACK.iter_unpack(raw.ment), map(dec, subtypes), map(dec, values),
                map(dec, anchors), map(dec, canons), map(dec, titles), map(dec, rules),
                map(dec, origins)):
            o = new(Mention)
            o.__dict__.update(
                type=_TYPE_NAMES[typ] if 0 <= typ < _NTYPES else "NONE",
                subtype=subtype, text=text[c0:c1], start=c0, end=c1, sentence=sent_i,
                entity=None if ent == _NONE else ent, value=value, anchor=anchor,
                canonical=canon, title=title,
                source=_SOURCE_NAMES[source] if 0 <= source < 3 else "document",
                rule=rule, origin=None if ofile is None else f"{ofile}:{oline}",
                confidence=_f32(conf), byte_start=b0, byte_end=b1,
                token_begin=tb, token_end=te)
            append(o)
        return tuple(out)

    @cached_property
    def entities(self) -> Tuple[Entity, ...]:
        """The document-level entities, each with the indices of its mentions."""
        raw = self._raw
        if not raw.ent:
            return ()
        members = raw.members
        out = []
        canons, link_ids, countries, titles = raw.estr
        dec = _dec
        new = object.__new__
        append = out.append
        for (typ, mb, mc, has_coords, _can, _lid, _cty, _tit, lat, lon), canon, link_id, \
                country, title in zip(_ENTITY_PACK.iter_unpack(raw.ent), map(dec, canons),
                                      map(dec, link_ids), map(dec, countries), map(dec, titles)):
            link: Optional[Dict[str, Any]] = None
            if link_id is not None or country is not None or title is not None or has_coords:
                link = {"id": link_id or "", "country": country,
                        "lat": lat if has_coords else None,
                        "lon": lon if has_coords else None, "title": title}
            o = new(Entity)
            o.__dict__.update(type=_TYPE_NAMES[typ] if 0 <= typ < _NTYPES else "NONE",
                              canonical=canon or "", mentions=members[mb:mb + mc], link=link)
            append(o)
        return tuple(out)

    @cached_property
    def events(self) -> Tuple[Event, ...]:
        """The events, with their roles' fillers."""
        raw = self._raw
        if not raw.ev:
            return ()
        text = self.text
        mentions = self.mentions
        mcanon = raw.mstr[3] if raw.mstr else ()  # no mentions: only phrase fillers
        ecanon = raw.estr[0] if raw.estr else []
        args = list(zip(raw.roles, _ARG_PACK.iter_unpack(raw.args)))
        evid = list(_SPAN_PACK.iter_unpack(raw.evid))
        types, rules, cameos, origins = raw.vstr
        out = []
        for (_typ, b0, b1, c0, c1, modality, sent_i, ab, ac, eb, ec, _rul, _cam, conf, _ori,
             oline, complete), etype, rule, cameo, ofile in zip(
                 _EVENT_PACK.iter_unpack(raw.ev), types, rules, cameos, origins):
            roles: Dict[str, List[Argument]] = {}
            for role_b, (_r, mi, ent, s0, s1, a0, a1) in args[ab:ab + ac]:
                if mi == _NONE:  # a noun phrase that names no entity
                    arg = _mk_argument(None, None, text[a0:a1], None, None, a0, a1, s0, s1)
                else:
                    mention = mentions[mi]
                    canon = _dec(mcanon[mi]) if ent == _NONE else _dec(ecanon[ent])
                    arg = _mk_argument(mi, None if ent == _NONE else ent, mention.text, canon,
                                       mention.value, a0, a1, s0, s1)
                role = _dec(role_b) or ""
                lst = roles.get(role)
                if lst is None:
                    roles[role] = [arg]
                else:
                    lst.append(arg)
            evidence = tuple(_mk_span(text[e0:e1], e0, e1, y0, y1)
                             for y0, y1, e0, e1 in evid[eb:eb + ec])
            out.append(_mk_event(
                _dec(etype) or "", _mk_span(text[c0:c1], c0, c1, b0, b1),
                _MODALITY_NAMES[modality] if 0 <= modality < 5 else "asserted",
                roles, sent_i, evidence, _dec(rule),
                None if ofile is None else f"{_dec(ofile)}:{oline}", _dec(cameo), _f32(conf),
                bool(complete)))
        return tuple(out)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return (self.text == other.text and self.id == other.id and self.dct == other.dct
                and self.text_bytes == other.text_bytes and self.mentions == other.mentions
                and self.entities == other.entities and self.events == other.events
                and self.sentences == other.sentences and self.tokens == other.tokens)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        text = self.text if len(self.text) <= 40 else self.text[:37] + "..."
        return (f"Document(id={self.id!r}, dct={self.dct!r}, text={text!r}, "
                f"{len(self.sentences)} sentences, {len(self.mentions)} mentions, "
                f"{len(self.entities)} entities, {len(self.events)} events)")

    def mentions_of(self, entity: Union[int, Entity]) -> List[Mention]:
        """The mentions of an entity (given as an index or an Entity)."""
        ent = self.entities[entity] if isinstance(entity, int) else entity
        return [self.mentions[i] for i in ent.mentions]

    def to_dict(self, tokens: bool = False) -> Dict[str, Any]:
        """The document as the JSON schema (document.schema.json) describes
        it: the library's own JSON of it (``nerve_doc_write_json``, written
        when the text was processed), parsed; equal to ``json.loads`` of
        ``extract --format jsonl``'s line for the same input. Each call
        returns a new dict. ``tokens=True`` includes the tokens, which the
        document must have been processed to keep (``process(...,
        tokens=True)``; writing them costs about half the processing time,
        so they are not written by default)."""
        raw = self._raw
        if tokens and not raw.json_tokens:
            raise ValueError("to_dict(tokens=True) needs a document processed with "
                             "tokens=True (process, pipe)")
        if not raw.json:
            raise ValueError("this Document was not made by Model.process: it holds no JSON")
        out: Dict[str, Any] = json.loads(raw.json)
        if raw.json_tokens and not tokens:
            del out["tokens"]
        return out

    def to_json(self, tokens: bool = False, indent: Optional[int] = None) -> str:
        """:meth:`to_dict` serialized as JSON (UTF-8 characters kept as is)."""
        return json.dumps(self.to_dict(tokens=tokens), ensure_ascii=False, indent=indent,
                          separators=None if indent is not None else (",", ":"))


# --------------------------------------------------------------------------
# Input handling
# --------------------------------------------------------------------------


def _replace_per_byte(e: UnicodeError) -> Tuple[str, int]:
    """Codec error handler: one U+FFFD for each byte of an invalid sequence,
    which is how the library counts code points in invalid input
    (NERVE_OPT_REPLACE_INVALID), so str indices and its char offsets agree."""
    if not isinstance(e, UnicodeDecodeError):
        raise e
    return "\ufffd" * (e.end - e.start), e.end


codecs.register_error("nerve.replace-per-byte", _replace_per_byte)


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


_U64_MAX = (1 << 64) - 1


def _utf8_arg(name: str, value: str) -> bytes:
    """value as UTF-8; a lone surrogate (which has no UTF-8 form) raises
    InvalidArgument naming the argument and the index."""
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as e:
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise InvalidArgument(
            f"{name} {shown!r}: lone surrogate U+{ord(value[e.start]):04X} at index {e.start} "
            "is not text and has no UTF-8 form") from None


def _dct_utf8(dct: str) -> bytes:
    """dct as UTF-8; one with a lone surrogate is no date (DateError naming
    it as given, not as the '?' an encoder would put in its place)."""
    try:
        return dct.encode("utf-8")
    except UnicodeEncodeError as e:
        raise DateError(f"dct {dct!r}: lone surrogate U+{ord(dct[e.start]):04X} at index "
                        f"{e.start}: not a YYYY-MM-DD date", code=_lib.EDATE) from None


def _date_arg(dct: DateInput) -> Optional[bytes]:
    if dct is None:
        return None
    if isinstance(dct, _dt.datetime):
        dct = dct.date()
    if isinstance(dct, _dt.date):
        return dct.isoformat().encode("ascii")
    if isinstance(dct, str):
        return _dct_utf8(dct)
    raise TypeError(f"dct must be a 'YYYY-MM-DD' str or a date, not {type(dct).__name__}")


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

    __slots__ = ("model", "ptr", "opts", "opts_ref", "err", "count", "count_ref",
                 "__weakref__")

    _doc_free = staticmethod(_lib.lib.nerve_doc_free)

    def __init__(self, model: _ModelHandle, ptr: Optional[int]) -> None:
        self.model = model  # strong: the model outlives its docs
        self.ptr = ptr
        # Per-doc scratch reused by every call (a doc is used by one thread).
        self.opts = _lib.Options()
        self.opts_ref = ctypes.byref(self.opts)
        self.err = _lib.Error()
        self.count = ctypes.c_size_t()
        self.count_ref = ctypes.byref(self.count)

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
_MENTION_PACK = _lib.MENTION_PACK
_ENTITY_PACK = _lib.ENTITY_PACK
_EVENT_PACK = _lib.EVENT_PACK
_ARG_PACK = _lib.ARG_PACK
_SPAN_PACK = _lib.SPAN_PACK
_SIZE = ctypes.sizeof(ctypes.c_size_t)
_WORD = "N" if struct.calcsize("N") == struct.calcsize("P") else "P"
_NTYPES = len(_TYPE_NAMES)
_SENTENCE_SIZE = _lib.SENTENCE_PACK.size
_TOKEN_SIZE = _lib.TOKEN_PACK.size
_MENTION_SIZE = _MENTION_PACK.size
_ENTITY_SIZE = _ENTITY_PACK.size
_EVENT_SIZE = _EVENT_PACK.size
_ARG_SIZE = _ARG_PACK.size
_SPAN_SIZE = _SPAN_PACK.size


class _Decoder(Dict[Optional[bytes], Optional[str]]):
    """bytes -> str for library strings, memoized (types, subtypes, rule
    names, roles and canonical names repeat endlessly); None -> None."""

    def __missing__(self, b: Optional[bytes]) -> Optional[str]:
        r = b.decode("utf-8", "replace")  # type: ignore[union-attr]
        if len(self) < 65536:
            self[b] = r
        return r


_decoder = _Decoder({None: None})
_dec = _decoder.__getitem__
_process = _L.nerve_doc_process


def _maker(cls: type) -> Any:
    """A fast positional constructor for a frozen dataclass (fills __dict__
    in one step instead of one object.__setattr__ per field)."""
    names = tuple(f.name for f in fields(cls))
    new = object.__new__

    def make(*values: Any) -> Any:
        o = new(cls)
        o.__dict__.update(zip(names, values))
        return o

    return make


_mk_span = _maker(Span)
_mk_sentence = _maker(Sentence)
_mk_token = _maker(Token)
_mk_mention = _maker(Mention)
_mk_entity = _maker(Entity)
_mk_argument = _maker(Argument)
_mk_event = _maker(Event)
_mk_document = _maker(Document)

_PTR = ctypes.sizeof(ctypes.c_void_p)


def _word(st: Any, name: str) -> int:
    """Index of pointer field `name` of struct st, counted in pointer-sized words."""
    off = getattr(st, name).offset
    if off % _PTR or ctypes.sizeof(st) % _PTR:
        raise ImportError(f"nerve: {st.__name__}.{name} is not pointer-aligned")
    return off // _PTR


# Pointer-word positions of the string fields, for strided c_char_p reads:
# viewing an array of structs as an array of c_char_p, slicing [k::stride]
# returns the k-th string field of every element as bytes (or None), with
# ctypes doing the strlen and copy in C.
_M_STRIDE = ctypes.sizeof(_lib.Mention) // _PTR
_M_SUBTYPE, _M_VALUE, _M_ANCHOR, _M_CANON, _M_TITLE, _M_RULE, _M_ORIGIN = (
    _word(_lib.Mention, f)
    for f in ("subtype", "value", "anchor", "canonical", "title", "rule", "origin_file"))
_E_STRIDE = ctypes.sizeof(_lib.Entity) // _PTR
_E_CANON, _E_LINK, _E_COUNTRY, _E_TITLE = (
    _word(_lib.Entity, f) for f in ("canonical", "link_id", "country", "title"))
_V_STRIDE = ctypes.sizeof(_lib.Event) // _PTR
_V_TYPE, _V_RULE, _V_CAMEO, _V_ORIGIN = (
    _word(_lib.Event, f) for f in ("type", "rule", "cameo", "origin_file"))
_A_STRIDE = ctypes.sizeof(_lib.Arg) // _PTR
_A_ROLE = _word(_lib.Arg, "role")
_T_STRIDE = ctypes.sizeof(_lib.Token) // _PTR
_T_NORM = _word(_lib.Token, "norm")
# norm_len is a uint32_t: read it through a 4-byte view of the token array.
_T_STRIDE32 = ctypes.sizeof(_lib.Token) // 4
_T_NORM_LEN = _lib.Token.norm_len.offset // 4
_CHARP = ctypes.c_char_p


def _strings(p: Any, n: int, stride: int) -> Any:
    """The n structs at p viewed as c_char_p words (no copy)."""
    return (_CHARP * (n * stride)).from_address(p)


def _write_json(d: _DocHandle, flags: int) -> bytes:
    """The library's JSON of the document processed in d."""
    err = _lib.Error()
    return _lib.write_to_bytes(
        lambda sink, ctx: _L.nerve_doc_write_json(d.ptr, flags, sink, ctx, err))


def _read_document(d: _DocHandle, text: str, doc_id: Optional[str], dct: Optional[str],
                   nbytes: int, tokens: bool = False) -> Document:
    """Copy every result of a processed nerve_doc out at once: the struct
    arrays as bytes, the strings they point to through strided c_char_p
    views, and the library's JSON of it (with the tokens if asked). Objects
    are built later, from the copy, by Document; to_dict() parses the JSON."""
    doc = d.ptr
    cnt = d.count
    count = d.count_ref
    raw = _Raw()
    raw.json = _write_json(d, _lib.JSON_TOKENS if tokens else 0)
    raw.json_tokens = tokens

    p = _L.nerve_doc_sentences(doc, count)
    n = cnt.value
    if n:
        raw.sent = _string_at(p, n * _SENTENCE_SIZE)

    p = _L.nerve_doc_tokens(doc, count)
    n = cnt.value
    if n:
        tok = raw.tok = _string_at(p, n * _TOKEN_SIZE)
        norms = _strings(p, n, _T_STRIDE)[_T_NORM::_T_STRIDE]  # NUL-terminated keys
        lens = memoryview(tok).cast("I")[_T_NORM_LEN::_T_STRIDE32]
        if sum(map(len, norms)) != sum(lens):  # a key with an inner NUL: copy by length
            ptrs = memoryview(tok).cast(_WORD)[_T_NORM::_T_STRIDE].tolist()
            norms = [_string_at(q, k) if q else b"" for q, k in zip(ptrs, lens.tolist())]
        raw.norms = norms

    p = _L.nerve_doc_mentions(doc, count)
    n = cnt.value
    if n:
        raw.ment = _string_at(p, n * _MENTION_SIZE)
        w = _strings(p, n, _M_STRIDE)
        st = _M_STRIDE
        raw.mstr = (w[_M_SUBTYPE::st], w[_M_VALUE::st], w[_M_ANCHOR::st], w[_M_CANON::st],
                    w[_M_TITLE::st], w[_M_RULE::st], w[_M_ORIGIN::st])

    p = _L.nerve_doc_entities(doc, count)
    n = cnt.value
    if n:
        raw.ent = _string_at(p, n * _ENTITY_SIZE)
        w = _strings(p, n, _E_STRIDE)
        st = _E_STRIDE
        raw.estr = (w[_E_CANON::st], w[_E_LINK::st], w[_E_COUNTRY::st], w[_E_TITLE::st])
        p = _L.nerve_doc_entity_mentions(doc, count)
        n = cnt.value
        if n:
            raw.members = struct.unpack(f"@{n}N", _string_at(p, n * _SIZE))

    p = _L.nerve_doc_events(doc, count)
    n = cnt.value
    if n:
        raw.ev = _string_at(p, n * _EVENT_SIZE)
        w = _strings(p, n, _V_STRIDE)
        st = _V_STRIDE
        raw.vstr = (w[_V_TYPE::st], w[_V_RULE::st], w[_V_CAMEO::st], w[_V_ORIGIN::st])
        p = _L.nerve_doc_args(doc, count)
        n = cnt.value
        if n:
            raw.args = _string_at(p, n * _ARG_SIZE)
            raw.roles = _strings(p, n, _A_STRIDE)[_A_ROLE::_A_STRIDE]
        p = _L.nerve_doc_evidence(doc, count)
        n = cnt.value
        if n:
            raw.evid = _string_at(p, n * _SPAN_SIZE)
    return _mk_document(text, doc_id, dct, nbytes, raw)


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
    files; ``rules_text``: rule source given as a string. ``limits``: a
    mapping of limit names (``text_bytes``, ``sentence_tokens``, ``match``,
    ``depth``, ``rule_bytes``, ``gazetteer_bytes``) to values, set before the
    extra files are added (see ``nerve_model_set_limit``; 0 is the default).

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
        limits: Optional[Mapping[str, int]] = None,
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
        gazetteers = tuple(os.fspath(g) for g in gazetteers)
        rules = tuple(os.fspath(r) for r in rules)
        # What pickling ships: the arguments, with paths made absolute so a
        # worker started in another directory reads the same files.
        self._args: Tuple[Any, ...] = (
            os.path.abspath(self.data_dir) if self.data_dir is not None else None,
            tuple(os.path.abspath(g) for g in gazetteers),
            tuple(os.path.abspath(r) for r in rules),
            rules_text,
            tuple(sorted((limits or {}).items())),
        )
        err = _lib.Error()
        out = ctypes.c_void_p()
        _L.nerve_model_load(os.fsencode(self.data_dir) if self.data_dir is not None else None,
                            None, 0, ctypes.byref(out), err)
        handle = _ModelHandle(out.value)  # owns the pointer from here on, even on error
        try:
            for name, value in (limits or {}).items():
                if name not in _lib.LIMITS:
                    raise InvalidArgument(
                        f"unknown limit {name!r} (one of {', '.join(_lib.LIMITS)})")
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise InvalidArgument(
                        f"limit {name}: expected a non-negative int, got {value!r}")
                if value > _U64_MAX:  # ctypes would silently keep the low 64 bits
                    raise InvalidArgument(
                        f"limit {name}: {value} is out of range (at most {_U64_MAX})")
                _L.nerve_model_set_limit(handle.ptr, _lib.LIMITS[name], value, err)
            for g in gazetteers:
                _L.nerve_model_add_gazetteer(handle.ptr, os.fsencode(g), err)
            for r in rules:
                _L.nerve_model_add_rules(handle.ptr, os.fsencode(r), err)
            if rules_text is not None:
                src = _utf8_arg("rules_text", rules_text)
                _L.nerve_model_add_rules_string(handle.ptr, b"<rules_text>", src, len(src), err)
            _L.nerve_model_freeze(handle.ptr, err)
        except BaseException:
            handle.close()
            raise
        self._handle = handle

    # -- lifetime ----------------------------------------------------------

    def close(self) -> None:
        """Free the model and its per-thread documents. Idempotent. Documents
        already returned stay valid; further processing raises StateError.
        Do not close a model while another thread is inside process() or
        pipe() on it."""
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

    def __reduce__(self) -> Any:
        """Pickle by the constructor arguments (data directory, added
        gazetteer and rule files as absolute paths, rule text, limits): the
        other side loads its own model from them, so those paths must exist
        there too. A model's loaded state is never copied."""
        data_dir, gazetteers, rules, rules_text, limits = self._args
        return (Model, (data_dir, gazetteers, rules, rules_text, dict(limits)))

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
             errors: str, syntax: int = 0) -> Tuple[bytes, Optional[str], Optional[str]]:
        """Process into doc d; returns (bytes, str or None, dct str)."""
        if errors == "strict":
            flags = 0
        elif errors == "replace":
            flags = _lib.OPT_REPLACE_INVALID
        else:
            raise ValueError(f"errors must be 'strict' or 'replace', not {errors!r}")
        flags |= syntax
        if type(text) is str:
            try:
                data: bytes = text.encode("utf-8")  # type: ignore[union-attr]
                as_str: Optional[str] = text  # type: ignore[assignment]
            except UnicodeEncodeError:
                data, as_str = _encode_text(text, errors)
        else:
            data, as_str = _encode_text(text, errors)
        if dct is None:
            dct_b = None
        elif type(dct) is str:
            dct_b = _dct_utf8(dct)  # type: ignore[arg-type]
        else:
            dct_b = _date_arg(dct)
        opts = d.opts
        opts.flags = flags
        opts.dct = dct_b
        if id is None:
            opts.doc_id = None
        elif type(id) is str:
            # The library takes the id as a C string of UTF-8: one it cannot
            # hold as given is refused, so Document.id, to_dict()["id"] and
            # the JSON always agree.
            if "\0" in id:
                raise InvalidArgument(f"id {id!r}: contains U+0000 at index {id.index(chr(0))} "
                                      "(the library takes the id as a C string)")
            opts.doc_id = _utf8_arg("id", id)
        else:
            raise TypeError(f"id must be str or None, not {type(id).__name__}")
        if d.ptr is None:
            raise StateError("the model is closed", code=_lib.ESTATE)
        d.err.code = 0  # the struct is reused: never report a stale error
        try:
            _process(d.ptr, data, len(data), d.opts_ref, d.err)
        except LimitError as e:
            warnings.warn(LimitWarning(str(e)), stacklevel=3)
        return data, as_str, dct_b.decode("ascii", "replace") if dct_b is not None else None

    def _process_with(self, d: _DocHandle, text: TextInput, dct: DateInput,
                      id: Optional[str], errors: str, syntax: int = 0,
                      tokens: bool = False) -> Document:
        data, as_str, dct_s = self._run(d, text, dct, id, errors, syntax)
        if as_str is None:
            as_str = data.decode("utf-8", "nerve.replace-per-byte")
        return _read_document(d, as_str, id, dct_s, len(data), tokens)

    def process(self, text: TextInput, dct: DateInput = None, id: Optional[str] = None,
                errors: str = "strict", syntax: bool = False,
                parse_all: bool = False, tokens: bool = False,
                incomplete_events: bool = False) -> Document:
        """Process one text and return its :class:`Document`.

        ``text``: str, or bytes holding UTF-8 (NUL bytes are ordinary
        characters). ``dct``: document creation date ("YYYY-MM-DD" or a
        ``datetime.date``) for resolving relative dates. ``id``: copied into
        the document. ``errors``: "strict" raises :class:`Utf8Error` (with the
        byte ``offset``) on invalid UTF-8; "replace" treats each bad byte as
        U+FFFD.  A bad ``dct`` raises :class:`DateError`. ``syntax``: tag
        every token (``Token.pos``) and parse the sentences with an event
        (``Token.head``, ``.dep``); ``parse_all``: tag and parse every
        sentence. ``tokens``: keep the tokens in the document's JSON, for
        ``to_dict(tokens=True)``. ``incomplete_events``: also report events
        that miss a key role of their type (``Event.complete`` False).
        """
        flags = (_lib.OPT_SYNTAX if syntax else 0) | (_lib.OPT_PARSE_ALL if parse_all else 0)
        if incomplete_events:
            flags |= _lib.OPT_INCOMPLETE_EVENTS
        return self._process_with(self._thread_doc(), text, dct, id, errors, flags,
                                  bool(tokens))

    __call__ = process

    def process_json(self, text: TextInput, dct: DateInput = None, id: Optional[str] = None,
                     errors: str = "strict", tokens: bool = False,
                     pretty: bool = False) -> str:
        """Process one text and return the library's own JSON for it
        (``nerve_doc_write_json``; what ``extract --format jsonl`` prints,
        without the newline)."""
        return self._json_with(self._thread_doc(), text, dct, id, errors, tokens, pretty)

    def _json_with(self, d: _DocHandle, text: TextInput, dct: DateInput, id: Optional[str],
                   errors: str, tokens: bool, pretty: bool = False) -> str:
        """Process into doc d and return the library's JSON of it."""
        self._run(d, text, dct, id, errors)
        flags = (_lib.JSON_TOKENS if tokens else 0) | (_lib.JSON_PRETTY if pretty else 0)
        return _write_json(d, flags).decode("utf-8")

    def _process_json_counted(self, text: TextInput, dct: DateInput, id: Optional[str],
                              errors: str, tokens: bool) -> Tuple[str, List[str]]:
        """process_json, plus the type of every event found (for corpus
        summaries, read straight from the library without building the
        Document)."""
        d = self._thread_doc()
        js = self._json_with(d, text, dct, id, errors, tokens)
        p = _L.nerve_doc_events(d.ptr, d.count_ref)
        n = d.count.value
        types = [_dec(t) or "" for t in _strings(p, n, _V_STRIDE)[_V_TYPE::_V_STRIDE]] if n else []
        return js, types

    def pipe(self, texts: Iterable[PipeItem], threads: int = 1, dct: DateInput = None,
             errors: str = "strict", window: Optional[int] = None, processes: int = 0,
             batch_size: int = 32, mp_context: Optional[Any] = None,
             return_exceptions: bool = False) -> Iterator[Document]:
        """Process many texts, yielding Documents in input order.

        Items are str/bytes, or mappings with "text" and optional "id" and
        "dct" (which overrides the ``dct`` argument). With ``threads`` > 1 a
        thread pool processes them in parallel, each worker with its own
        nerve_doc over this one model (libnerve's work runs without the GIL;
        turning its results into Python objects needs it).  At most
        ``window`` (default 4 x threads) documents are in flight.  An error
        in one item is raised when that item's turn to be yielded comes,
        which ends the pipe; with ``return_exceptions=True`` the exception
        (a :class:`NerveError`, or the ValueError/TypeError of a bad item) is
        yielded in the item's place instead and the pipe goes on. Either
        way the error's ``index`` is the item's position in the input.

        With ``processes`` > 0 that many worker processes do the work
        instead, each loading this model once (from its pickled constructor
        arguments): items go to them ``batch_size`` at a time, at most
        ``window`` (default 4 x processes) batches in flight, and the
        Documents come back pickled (the raw results; objects are built in
        this process on first access). ``mp_context`` is a
        ``multiprocessing`` context (default: the platform's default start
        method). Processes give real multi-core speed-up on long inputs;
        the start-up (about a model load per process) is paid per call.
        """
        return self._pipe(texts, None, threads, dct, errors, window, processes, batch_size,
                          mp_context, return_exceptions)

    def pipe_json(self, texts: Iterable[PipeItem], threads: int = 1, dct: DateInput = None,
                  errors: str = "strict", window: Optional[int] = None, processes: int = 0,
                  batch_size: int = 32, mp_context: Optional[Any] = None,
                  return_exceptions: bool = False, tokens: bool = False) -> Iterator[str]:
        """:meth:`pipe`, yielding each document's JSON as
        :meth:`process_json` writes it (what ``extract --format jsonl``
        prints, without the newline) instead of a Document. The JSON is
        written where the document is processed, in the worker thread or
        process, so nearly all the work runs in parallel: with ``processes``
        this process only receives strings. The arguments are pipe's, plus
        ``tokens`` (include the tokens)."""
        return self._pipe(texts, bool(tokens), threads, dct, errors, window, processes,
                          batch_size, mp_context, return_exceptions)

    def _pipe(self, texts: Iterable[PipeItem], json_tokens: Optional[bool], threads: int,
              dct: DateInput, errors: str, window: Optional[int], processes: int,
              batch_size: int, mp_context: Optional[Any],
              return_exceptions: bool) -> Iterator[Any]:
        """pipe (json_tokens None: Documents) or pipe_json (json_tokens: the
        tokens flag of the JSON). Checks its arguments at once, then returns
        the generator."""
        if threads < 1:
            raise ValueError("threads must be at least 1")
        if processes < 0:
            raise ValueError("processes must be 0 (none) or more")
        if processes and threads > 1:
            raise ValueError("give threads or processes, not both")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if errors not in ("strict", "replace"):
            raise ValueError(f"errors must be 'strict' or 'replace', not {errors!r}")
        self._live()
        return _indexed(self._pipe_gen(texts, json_tokens, threads, dct, errors, window,
                                       processes, batch_size, mp_context, return_exceptions))

    def _pipe_gen(self, texts: Iterable[PipeItem], json_tokens: Optional[bool], threads: int,
                  dct: DateInput, errors: str, window: Optional[int], processes: int,
                  batch_size: int, mp_context: Optional[Any],
                  return_exceptions: bool) -> Iterator[Any]:

        def unpack(item: PipeItem) -> Tuple[TextInput, DateInput, Optional[str]]:
            if isinstance(item, Mapping):
                return (item["text"], item.get("dct") or dct, item.get("id"))
            return item, dct, None  # type: ignore[return-value]

        if processes:
            def unpack_or_error(item: PipeItem) -> Any:
                try:
                    return unpack(item)
                except _ITEM_ERRORS as e:
                    if not return_exceptions:
                        raise
                    return e  # goes through the workers to keep its place

            yield from self._pipe_processes(map(unpack_or_error, texts), processes, errors,
                                            window if window is not None else 4 * processes,
                                            batch_size, mp_context, return_exceptions,
                                            json_tokens)
            return

        if threads == 1:
            for item in texts:
                try:
                    t, dd, i = unpack(item)
                    if json_tokens is None:
                        doc: Any = self.process(t, dct=dd, id=i, errors=errors)
                    else:
                        doc = self._json_with(self._thread_doc(), t, dd, i, errors, json_tokens)
                except _ITEM_ERRORS as e:
                    if not return_exceptions:
                        raise
                    yield e  # type: ignore[misc]
                    continue
                yield doc
            return

        local = threading.local()
        made: List[_DocHandle] = []
        made_lock = threading.Lock()

        def work(item: PipeItem) -> Any:
            d: Optional[_DocHandle] = getattr(local, "doc", None)
            if d is None:
                d = self._live().new_doc()
                local.doc = d
                with made_lock:
                    made.append(d)
            t, dd, i = unpack(item)
            if json_tokens is None:
                return self._process_with(d, t, dd, i, errors)
            return self._json_with(d, t, dd, i, errors, json_tokens)

        def result(future: Any) -> Any:
            if not return_exceptions:
                return future.result()
            try:
                return future.result()
            except _ITEM_ERRORS as e:
                return e

        limit = window if window is not None else 4 * threads
        pending: Deque[Any] = collections.deque()
        ex = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="nerve")
        try:
            it = iter(texts)
            for item in it:
                pending.append(ex.submit(work, item))
                if len(pending) >= limit:
                    yield result(pending.popleft())
            while pending:
                yield result(pending.popleft())
        finally:
            for f in pending:
                f.cancel()
            ex.shutdown(wait=True)
            for d in made:
                with d.model.lock:
                    d.free()

    def _pipe_processes(self, items: Iterator[Tuple[TextInput, DateInput, Optional[str]]],
                        processes: int, errors: str, window: int, batch_size: int,
                        mp_context: Optional[Any], return_exceptions: bool,
                        json_tokens: Optional[bool]) -> Iterator[Any]:
        window = max(window, 1)
        ctx = mp_context if mp_context is not None else multiprocessing.get_context()
        pending: Deque[Any] = collections.deque()
        ex = ProcessPoolExecutor(max_workers=processes, mp_context=ctx,
                                 initializer=_worker_model, initargs=(self._args,))

        def results(future: Any) -> Iterator[Document]:
            for outcome, caught in future.result():
                for message in caught:
                    warnings.warn(LimitWarning(message), stacklevel=4)
                if isinstance(outcome, BaseException) and not return_exceptions:
                    raise outcome
                yield outcome

        try:
            batch: List[Tuple[TextInput, DateInput, Optional[str]]] = []
            for item in items:
                batch.append(item)
                if len(batch) >= batch_size:
                    pending.append(ex.submit(_process_batch, self._args, batch, errors,
                                             json_tokens))
                    batch = []
                    if len(pending) >= window:
                        yield from results(pending.popleft())
            if batch:
                pending.append(ex.submit(_process_batch, self._args, batch, errors,
                                             json_tokens))
            while pending:
                yield from results(pending.popleft())
        finally:
            for f in pending:
                f.cancel()
            ex.shutdown(wait=True)


def _indexed(results: Iterator[Any]) -> Iterator[Any]:
    """pipe's results, with the error of a bad item (yielded in its place, or
    raised) carrying the item's position in the input as ``index`` and
    saying so in a note."""
    n = 0  # results given so far: a raised error is item n's
    try:
        for out in results:
            if isinstance(out, BaseException):
                _tag(out, n)
            yield out
            n += 1
    except _ITEM_ERRORS as e:
        _tag(e, n)
        raise


def _tag(e: BaseException, i: int) -> None:
    if getattr(e, "index", None) is None:
        setattr(e, "index", i)
        if hasattr(e, "add_note"):
            e.add_note(f"(pipe item {i}, counted from 0)")


# What one bad item can raise: a NerveError from the library, or for a
# malformed item (no "text", an id that is not a str, a bad errors=) a
# KeyError, TypeError or ValueError. pipe(return_exceptions=True) yields these.
_ITEM_ERRORS = (NerveError, ValueError, TypeError, KeyError)


# One model per process for worker processes (pipe(processes=...), nerve.dask),
# keyed by the constructor arguments: loaded on first use, then reused by
# every batch and task that process runs.
_worker_models: Dict[Tuple[Any, ...], Model] = {}
_worker_models_lock = threading.Lock()


def _worker_model(args: Tuple[Any, ...]) -> Model:
    """The model this process keeps for these constructor arguments."""
    model = _worker_models.get(args)
    if model is None:
        with _worker_models_lock:
            model = _worker_models.get(args)
            if model is None:
                data_dir, gazetteers, rules, rules_text, limits = args
                model = Model(data_dir, gazetteers, rules, rules_text, dict(limits))
                _worker_models[args] = model
    return model


def _process_batch(args: Tuple[Any, ...], batch: Sequence[Tuple[TextInput, DateInput,
                                                               Optional[str]]],
                   errors: str, json_tokens: Optional[bool]) -> List[Tuple[Any, List[str]]]:
    """Worker side of pipe(processes=...): each item's Document (pipe_json:
    its JSON) or the exception it raised (raised in the parent in its turn),
    with the LimitWarning messages it gave."""
    model = _worker_model(args)
    out: List[Tuple[Any, List[str]]] = []
    for item in batch:
        if isinstance(item, BaseException):  # a bad item, kept in its place
            out.append((item, []))
            continue
        text, dct, doc_id = item
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", LimitWarning)
            try:
                if json_tokens is None:
                    outcome: Any = model.process(text, dct=dct, id=doc_id, errors=errors)
                else:
                    outcome = model.process_json(text, dct=dct, id=doc_id, errors=errors,
                                                 tokens=json_tokens)
            except _ITEM_ERRORS as e:
                outcome = e
        out.append((outcome, [str(w.message) for w in caught
                              if issubclass(w.category, LimitWarning)]))
    return out


# Re-export the error classes' module so `nerve.NerveError` pickles as such.
for _cls in (NerveError, InvalidArgument, OutOfMemory, FileError, Utf8Error, TooBig,
             GazetteerError, RuleError, FormatError, StateError, LimitError, DateError,
             WriteError):
    _cls.__module__ = __name__
del _cls
