import sys

from blogwash.repair import repair
from tools.ftfy_suite import extra_bad, load

for c in load():
    if sys.argv[1] in c.label:
        for t in (c.original, extra_bad(c.original)):
            r = repair(t)
            print(c.label, "\n  in ", repr(t), "\n  got", repr(r.text), "\n  exp", repr(c.expected))
            print("  ", [(x.before, x.after, x.rule) for x in r.repairs])
