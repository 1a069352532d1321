"""Mutational fuzzer over decode -> repair -> normalize -> split -> emit: `make fuzz`.

Seeds are the fixtures' inputs (plus any extra directories given); each round mutates one
seed (byte flips, inserted mojibake/markup/control bytes, re-encodings, splices of two
seeds, truncation) and runs the whole pipeline on it, checking the document invariants of
`tests/properties.py`. A refusal with `NotTextError` is a valid outcome; anything else that
raises, or a broken invariant, is a crash: its input is written to OUT/crash-<sha>.bin
and the run goes on. Exit code 1 if any crash was found.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
import traceback
from pathlib import Path

from tests.properties import check_document

from blogwash.decode import NotTextError
from blogwash.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
INSERTS = [
    "\u00c3\u00a9".encode(),
    "\u00e2\u20ac\u0153".encode(),
    "\u00e2\u20ac\x9d".encode(),
    b"\xe2\x80",
    b"\x9d",
    b"\x00",
    b"\x1b[31m",
    b"\r\n",
    b"\r",
    "\u2028".encode(),
    b"&amp;eacute;",
    b"&#x1F600;",
    b"<br><p></div>",
    b"<" * 50,
    b"</b" * 20,
    "Liebe Gr\u00fc\u00dfe, Anna\n".encode(),
    b"John says:\nMarch 3, 2015 at 4:12 pm\nReply\n",
    b"12 Kommentare\n",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    "\ufeff\u00ad\u200b".encode(),
    b"\xed\xa0\x80",  # an encoded surrogate: invalid UTF-8
    b"\xc3",
    b"\n" * 20,
    b" " * 100,
    "\u0301\u0301\u0301".encode(),
]


def mutate(rng: random.Random, seeds: list[bytes]) -> bytes:
    data = bytearray(rng.choice(seeds))
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(7)
        pos = rng.randint(0, len(data))
        if op == 0 and data:
            data[rng.randrange(len(data))] = rng.randrange(256)
        elif op == 1:
            data[pos:pos] = rng.choice(INSERTS)
        elif op == 2 and data:
            del data[pos : pos + rng.randint(1, 64)]
        elif op == 3:
            other = rng.choice(seeds)
            cut = rng.randint(0, len(other))
            data[pos:] = other[cut:]
        elif op == 4:
            try:
                text = bytes(data).decode("utf-8")
                data = bytearray(text.encode(rng.choice(["cp1252", "latin-1", "utf-16", "cp1251"])))
            except (UnicodeDecodeError, UnicodeEncodeError):
                pass
        elif op == 5:
            data = data[: rng.randint(0, len(data))]
        else:
            data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", type=Path, default=Path("fuzz-crashes"))
    parser.add_argument("extra", nargs="*", type=Path, help="more directories of seed dumps")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    paths = sorted((ROOT / "fixtures").glob("*/input.*"))
    for extra in args.extra:
        paths += sorted(extra.glob("*.txt"))
    seeds = [p.read_bytes() for p in paths] or [b""]
    deadline = time.monotonic() + args.seconds
    runs = refused = crashes = 0
    while time.monotonic() < deadline:
        data = mutate(rng, seeds)
        runs += 1
        try:
            check_document(run(data, name="fuzz.txt"))
        except NotTextError:
            refused += 1
        except Exception:  # noqa: BLE001 - the fuzzer's job is to catch and keep crashes
            crashes += 1
            args.out.mkdir(parents=True, exist_ok=True)
            name = args.out / f"crash-{hashlib.sha256(data).hexdigest()[:16]}.bin"
            name.write_bytes(data)
            print(f"crash -> {name}\n{traceback.format_exc()}", file=sys.stderr)
    print(
        f"fuzz: seed {seed}, {args.seconds:.0f} s, {runs} inputs, {refused} refused as not "
        f"text, {crashes} crashes, {len(seeds)} seeds"
    )
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
