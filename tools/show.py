"""Print a cleaned document as a short human-readable summary (used by `make demo`)."""

from __future__ import annotations

import json
import sys
import textwrap


def main(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        doc = json.load(handle)
    src = doc["source"]
    print(f"{path}: {src['bytes']} bytes, encoding {src['encoding']}")
    art = doc["article"]
    print(f"article: title={art['title']!r} author={art['author']!r}")
    for para in art["text"].split("\n"):
        print(textwrap.shorten(para, 100, placeholder=" …"))
    print(f"\n{len(doc['comments'])} comments:")
    for k, c in enumerate(doc["comments"], 1):
        who = f"{c['author']} ({c['author_from']})" if c["author"] else "unnamed"
        print(f"  {k:2}. {who}: {textwrap.shorten(c['text'], 70, placeholder=' …')}")
        if c["signature"]:
            print(f"      signature: {c['signature']!r}")
    print(f"\nboilerplate: {doc['boilerplate']}")
    print(f"repairs ({len(doc['repairs'])}):")
    for r in doc["repairs"]:
        print(f"  line {r['line']} [{r['rule']}] {r['before']!r} -> {r['after']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
