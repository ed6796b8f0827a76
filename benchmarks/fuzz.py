"""Coverage-guided fuzzing (atheris) of what reads untrusted bytes: the HTML and feed readers,
the JSONL reader, plain-text decoding, the format sniffer and the number parser. Not run in CI.

Each target runs for a bounded time in its own process (atheris instruments once per process).
A target fails on any exception that is not one of sitroom's typed InputErrors (the readers'
documented way to refuse an input), and on a broken contract: a Document with blank text, an
Amount outside its bounds or not finite.

Usage (atheris comes from the ``fuzz`` extra: ``pip install -e '.[fuzz]'``)::

    python benchmarks/fuzz.py                        # every target, 60 s each
    python benchmarks/fuzz.py --seconds 10 numbers   # one target
    python benchmarks/fuzz.py --run html --seconds 60   # (internal: one target, in-process)

Crashing inputs are written to ``--artifacts`` (default: a temporary directory) by libFuzzer.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

TARGETS = ("html", "feed", "jsonl", "text", "sniff", "numbers")


def _documents(results: Iterable[object]) -> None:
    """Drain a reader's output and check each Document's contract."""
    from sitroom.ingest import Rejected
    from sitroom.model import Document

    for item in results:
        assert isinstance(item, Document | Rejected), item
        if isinstance(item, Document):
            assert item.text.strip(), item


def make_target(name: str) -> Callable[[bytes], None]:
    import atheris

    with atheris.instrument_imports(include=["sitroom"]):  # not its dependencies
        from sitroom.errors import InputError
        from sitroom.ingest import read_feed, read_html, read_jsonl, read_text, sniff
        from sitroom.nlp.numbers import parse_number

    def guarded(read: Callable[[bytes], Iterable[object]]) -> Callable[[bytes], None]:
        def target(data: bytes) -> None:
            with contextlib.suppress(InputError):  # a typed refusal is the way to say no
                _documents(read(data))

        return target

    if name == "html":
        return guarded(lambda data: [read_html(data, source="fuzz.html")])
    if name == "feed":
        return guarded(lambda data: read_feed(data, source="fuzz.rss"))
    if name == "jsonl":
        return guarded(lambda data: read_jsonl(data, source="fuzz.jsonl"))
    if name == "text":
        return guarded(lambda data: [read_text(data, source="fuzz.txt")])
    if name == "sniff":
        return sniff  # type: ignore[return-value]  (its Kind result is not checked)

    def numbers(data: bytes) -> None:
        provider = atheris.FuzzedDataProvider(data)
        words = [
            provider.ConsumeUnicodeNoSurrogates(provider.ConsumeIntInRange(0, 12))
            for _ in range(provider.ConsumeIntInRange(0, 6))
        ]
        amount = parse_number(words)
        if amount is not None:
            values = (amount.value, amount.low, amount.high)
            assert all(math.isfinite(v) for v in values), (words, amount)
            assert 0 <= amount.low <= amount.value <= amount.high, (words, amount)

    return numbers


SEEDS = {
    "html": [
        b"<html><head><title>Strike</title></head><body><article><p>Officials in Kharkiv said "
        b"3 people were killed on Monday.</p></article></body></html>",
        b"<html><body>" + b"<div>" * 300 + b"<p>x</p>",
    ],
    "feed": [
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><title>T'
        b"</title><pubDate>Tue, 10 Sep 2024 08:00:00 GMT</pubDate><description>Officials said 4 "
        b"were killed.</description></item></channel></rss>",
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><updated>2024-02-31</updated>'
        b'<content type="html">&lt;p&gt;Text&lt;/p&gt;</content></entry></feed>',
    ],
    "jsonl": [b'{"text": "Officials said 2 were injured.", "id": "a"}\n{bad\n[1]\n'],
    "text": [b"Officials said 12 people were killed.", "Київ".encode("cp1251"), b"\xff\xfe\x00"],
    "sniff": [b"<rss>", b'{"text": "x"}\n', b"<!doctype html>"],
    "numbers": [b"\x03\x051,000\x07million", b"\x02\x09twenty-one"],
}


def run_one(name: str, seconds: int, artifacts: Path) -> None:
    """Fuzz one target in this process (atheris.Setup may be called only once)."""
    import atheris

    corpus = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))
    for number, seed in enumerate(SEEDS[name]):
        (corpus / f"seed-{number}").write_bytes(seed)
    artifacts.mkdir(parents=True, exist_ok=True)
    argv = [
        sys.argv[0],
        str(corpus),
        f"-max_total_time={seconds}",
        "-max_len=8192",
        "-timeout=20",
        "-rss_limit_mb=3072",
        f"-artifact_prefix={artifacts}/{name}-",
        "-print_final_stats=1",
    ]
    atheris.Setup(argv, make_target(name))
    atheris.Fuzz()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help=f"any of {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--artifacts", type=Path, default=Path(tempfile.gettempdir()) / "fuzz")
    parser.add_argument("--run", choices=TARGETS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_one(args.run, args.seconds, args.artifacts)
        return
    if unknown := set(args.targets) - set(TARGETS):
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    failed = []
    for name in args.targets or TARGETS:
        command = [sys.executable, __file__, "--run", name, "--seconds", str(args.seconds)]
        command += ["--artifacts", str(args.artifacts)]
        print(f"== {name} ({args.seconds} s)", flush=True)
        result = subprocess.run(command, capture_output=True, text=True)
        stats = [line for line in result.stderr.splitlines() if line.startswith("stat::")]
        print("\n".join(stats) or result.stderr[-3000:], flush=True)
        if result.returncode:
            failed.append(name)
            print(result.stderr[-3000:], flush=True)
    print("failed:", ", ".join(failed) if failed else "none")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
