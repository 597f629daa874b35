"""``python -m nerve``: the main job of the ``extract`` program, from Python.

    python -m nerve article.txt other.txt              # one JSON line per file
    python -m nerve --input-format jsonl docs.jsonl    # one JSON line per input line
    python -m nerve --input-format jsonl --processes 2 - < docs.jsonl

Text files are one document each (the id is the path as given); JSONL input
has one ``{"id": ..., "text": ..., "dct": ...}`` object a line. Output is the
document JSON of ``document.schema.json``, one line per document in input
order, byte for byte what ``extract --format jsonl`` writes, or indented with
``--format json``. A document that cannot be processed is reported on
standard error with its file (and line) and the others are still written;
the exit status is then 1. Usage errors exit with 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import IO, Any, Dict, Iterator, List, Optional, Sequence, Tuple

from . import Model, NerveError, __version__, library_version
from ._jsonl import JsonlError, parse_line
from ._lib import LIMITS as LIMIT_NAMES

_Origin = Tuple[str, int]  # (file, line; 0 for a whole text file)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m nerve",
        description="People, places, organizations, dates and events in English news text.",
        epilog="Exit status: 0 success, 1 some input failed (the others were processed), "
               "2 bad usage.")
    p.add_argument("files", nargs="*", metavar="FILE",
                   help='input files (none or "-": standard input)')
    p.add_argument("--input-format", choices=("text", "jsonl"), default="text",
                   help="text (each FILE is one document, default) or jsonl")
    p.add_argument("--format", choices=("jsonl", "json"), default="jsonl",
                   help="jsonl (one line per document, default) or json (indented)")
    p.add_argument("--dct", help="document date YYYY-MM-DD for relative dates")
    p.add_argument("--data-dir", help="data directory (default: $NERVE_DATA_DIR, else built in)")
    p.add_argument("--gazetteer", action="append", default=[], metavar="PATH",
                   help="add a gazetteer file or folder (repeatable)")
    p.add_argument("--rules", action="append", default=[], metavar="PATH",
                   help="add a rule file (repeatable)")
    p.add_argument("--limit", action="append", default=[], metavar="NAME=N",
                   help=f"a model limit ({', '.join(n.replace('_', '-') for n in LIMIT_NAMES)})")
    p.add_argument("--threads", type=int, default=1, help="documents in parallel, in threads")
    p.add_argument("--processes", type=int, default=0,
                   help="documents in parallel, in worker processes")
    p.add_argument("--tokens", action="store_true", help="include tokens in the output")
    p.add_argument("--replace-invalid", action="store_true",
                   help="replace invalid UTF-8 with U+FFFD instead of failing")
    p.add_argument("--version", action="version",
                   version=f"nerve {__version__} (libnerve {library_version()})")
    return p


def _limits(specs: Sequence[str], parser: argparse.ArgumentParser) -> Dict[str, int]:
    out: Dict[str, int] = {}
    for spec in specs:
        name, sep, value = spec.partition("=")
        key = name.strip().replace("-", "_")
        if not sep or key not in LIMIT_NAMES or not value.strip().isdigit():
            parser.error(f"--limit {spec}: expected NAME=N with NAME one of "
                         f"{', '.join(n.replace('_', '-') for n in LIMIT_NAMES)}")
        out[key] = int(value)
    return out


class _Reader:
    """The documents of the input files, in order, with where each came
    from; unreadable files and bad JSONL lines are reported and counted."""

    def __init__(self, files: Sequence[str], jsonl: bool, stderr: IO[str]) -> None:
        self.files = list(files) or ["-"]
        self.jsonl = jsonl
        self.stderr = stderr
        self.failed = 0
        self.origins: List[_Origin] = []

    def fail(self, where: str, message: str) -> None:
        print(f"nerve: {where}: {message}", file=self.stderr)
        self.failed += 1

    def _open(self, path: str) -> Optional[IO[bytes]]:
        if path == "-":
            return sys.stdin.buffer
        try:
            return open(path, "rb")
        except OSError as e:
            self.fail(path, e.strerror or str(e))
            return None

    def items(self) -> Iterator[Any]:
        for path in self.files:
            f = self._open(path)
            if f is None:
                continue
            try:
                if not self.jsonl:
                    try:
                        data = f.read()
                    except OSError as e:
                        self.fail(path, e.strerror or str(e))
                        continue
                    self.origins.append((path, 0))
                    # A file name that is not UTF-8 (bytes kept as lone
                    # surrogates) is named as extract names it: one U+FFFD
                    # for each byte that is not UTF-8.
                    yield {"text": data,
                           "id": os.fsencode(path).decode("utf-8", "nerve.replace-per-byte")}
                    continue
                yield from self._jsonl(path, f)
            finally:
                if f is not sys.stdin.buffer:
                    f.close()

    def _jsonl(self, path: str, f: IO[bytes]) -> Iterator[Any]:
        name = "<stdin>" if path == "-" else path
        for lineno, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                text, doc_id, dct = parse_line(raw)
            except JsonlError as e:
                self.fail(f"{name}:{lineno}", str(e))
                continue
            self.origins.append((name, lineno))
            yield {"text": text, "id": doc_id, "dct": dct}


def main(argv: Optional[Sequence[str]] = None, stdout: Optional[IO[str]] = None,
         stderr: Optional[IO[str]] = None) -> int:
    """Run the command line; returns the exit status."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = _parser()
    args = parser.parse_args(argv)
    if args.threads < 1 or args.processes < 0:
        parser.error("--threads must be at least 1 and --processes at least 0")
    if args.threads > 1 and args.processes:
        parser.error("give --threads or --processes, not both")
    limits = _limits(args.limit, parser)
    try:
        model = Model(args.data_dir, args.gazetteer, args.rules, limits=limits)
    except NerveError as e:
        print(f"nerve: {e}", file=err)
        return 1
    reader = _Reader(args.files, args.input_format == "jsonl", err)
    status = 0
    with model:
        # The library writes the JSON where each document is processed (in
        # the worker thread or process): this process only prints it.
        docs = model.pipe_json(reader.items(), threads=args.threads, processes=args.processes,
                               dct=args.dct,
                               errors="replace" if args.replace_invalid else "strict",
                               return_exceptions=True, tokens=args.tokens)
        for i, doc in enumerate(docs):
            path, line = reader.origins[i]
            if isinstance(doc, BaseException):
                reader.fail(f"{path}:{line}" if line else path, str(doc))
                continue
            if args.format == "json":
                doc = json.dumps(json.loads(doc), indent=2, ensure_ascii=False)
            out.write(doc + "\n")
    out.flush()
    if reader.failed:
        status = 1
    return status


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `python -m nerve ... | head`
        sys.exit(1)
