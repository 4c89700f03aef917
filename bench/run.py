"""run.py — runs the benchmark rows on every system, prints the table, writes results.json and results.svg.

Called by `make bench` (and `make bench-callgrind` with --callgrind). Each row is run on
each system in turn (Ferry's C loop, CPython's C loop, CPython's Python loop, PyPy's
Python loop) before the next row starts, so a noisy moment on the machine hits one row
rather than one system. The drivers print NAME, N, median, min, max (bench/harness.h).
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile

SYSTEMS = [  # key in results.json, column title
    ("ferry_ns", "Ferry"),
    ("cpython_c_ns", "CPython C loop"),
    ("cpython_py_ns", "CPython py loop"),
    ("pypy_ns", "PyPy py loop"),
]


def parse_rows(text):
    rows = {}
    for line in text.splitlines():
        f = line.split("\t")
        if len(f) == 5:
            rows[f[0]] = {"n": int(f[1]), "ns": float(f[2]), "min": float(f[3]), "max": float(f[4])}
        elif len(f) == 2:
            rows[f[0]] = {"n": int(f[1])}
    return rows


def run(cmd, env=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        sys.exit("run.py: %s exited with status %d" % (" ".join(cmd), p.returncode))
    return p.stdout


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d cores, %s %s" % (model, os.cpu_count() or 0, platform.system(), platform.release())


def version(cmd):
    try:
        return subprocess.run(cmd + ["-c", "import sys; print(sys.version.split()[0] + "
                                     "(' PyPy %d.%d.%d' % sys.pypy_version_info[:3] "
                                     "if hasattr(sys, 'pypy_version_info') else ''))"],
                              stdout=subprocess.PIPE, text=True).stdout.strip()
    except OSError:
        return None


def fmt(v):
    return "—" if v is None else ("%.1f" % v if v < 100 else "%.0f" % v)


def table(ops):
    head = ["operation"] + [t for _, t in SYSTEMS] + ["floor", "Ferry / CPython C"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for op in ops:
        cells = [op["name"]] + [fmt(op[k]) for k, _ in SYSTEMS] + [fmt(op["floor_ns"])]
        ratio = op["ferry_ns"] / op["cpython_c_ns"] if op["ferry_ns"] and op["cpython_c_ns"] else None
        cells.append("—" if ratio is None else "%.2f" % ratio)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def misses(ops):
    """The issue's targets, row by row: what missed."""
    out = []
    for op in ops:
        f, c, py, pp = op["ferry_ns"], op["cpython_c_ns"], op["cpython_py_ns"], op["pypy_ns"]
        if f is None:
            continue
        if c is not None and f >= c:
            out.append("%s: Ferry %.1f ns is not below CPython's C loop (%.1f ns)" % (op["name"], f, c))
        if py is not None and 2 * f > py:
            out.append("%s: Ferry %.1f ns is not 2x below CPython's Python loop (%.1f ns)" % (op["name"], f, py))
        if pp is not None and 2 * f > pp:
            out.append("%s: Ferry %.1f ns is not 2x below PyPy (%.1f ns)" % (op["name"], f, pp))
        if op["name"] == "noargs" and op["floor_ns"] and f > 3 * op["floor_ns"]:
            out.append("noargs: Ferry %.1f ns is more than 3x the floor (%.1f ns)" % (f, op["floor_ns"]))
    return out


def svg(ops, title):
    """A grouped horizontal bar chart: each system's time over CPython's C loop, log scale."""
    colors = {"ferry_ns": "#1b7f5b", "cpython_c_ns": "#3b6fb6", "cpython_py_ns": "#8fb0e0", "pypy_ns": "#c0504d"}
    shown = [(k, t) for k, t in SYSTEMS if any(op[k] is not None for op in ops)]
    bar, gap, left, width, top = 9, 10, 130, 560, 70
    group = bar * len(shown) + gap
    height = top + group * len(ops) + 40
    lo, hi = 0.01, 100.0
    import math

    def x(r):
        r = min(max(r, lo), hi)
        return left + width * (math.log10(r) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">'
           % (left + width + 60, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="18" font-size="14" font-weight="bold">%s</text>' % (left, title),
           '<text x="%d" y="34">time per call ÷ CPython\'s C loop (log scale; lower is better; left of 1 beats CPython)</text>' % left]
    lx = left
    for k, t in shown:
        out.append('<rect x="%d" y="44" width="10" height="10" fill="%s"/><text x="%d" y="53">%s</text>'
                   % (lx, colors[k], lx + 14, t))
        lx += 24 + 7 * len(t)
    for tick in (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100):
        tx = x(tick)
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s"/>'
                   % (tx, top - 4, tx, height - 30, "#333" if tick == 1 else "#ddd"))
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%g</text>' % (tx, height - 16, tick))
    for i, op in enumerate(ops):
        y = top + i * group
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>' % (left - 6, y + group / 2, op["name"]))
        base = op["cpython_c_ns"]
        for j, (k, t) in enumerate(shown):
            v = op[k]
            by = y + j * bar
            if v is None or not base:
                continue
            r = v / base
            out.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%s %s: %.1f ns (%.2fx)</title></rect>'
                       % (left, by, max(x(r) - left, 1), bar - 1, colors[k], op["name"], t, v, r))
            out.append('<text x="%.1f" y="%d" font-size="8">%.2f</text>' % (x(r) + 2, by + bar - 2, r))
    out.append("</svg>")
    return "\n".join(out) + "\n"


# Where an instruction's code comes from (the directory of its source file, or its
# object file when there is no debug information), in the order of the per-layer table;
# the first match wins.
LAYERS = [
    ("loop", lambda d, obj: d == "bench"),
    ("extension", lambda d, obj: "/benchmod" in obj),
    ("embedding API", lambda d, obj: d == "embed"),
    ("C-API", lambda d, obj: d in ("capi", "freelists", "ferry") or d.startswith("python3")),
    ("runtime", lambda d, obj: d in ("objects", "ffi")),
    ("collector", lambda d, obj: d == "gc"),
    ("libpython", lambda d, obj: "libpython" in obj),
    ("other", lambda d, obj: True),
]
ANNOTATED = re.compile(r"^\s*([\d,]+) \([^)]*\)\s+(.*?):(\S.*?)(?: \[(.*)\])?$")


def layer_counts(dump):
    """Instructions of one callgrind dump by layer (LAYERS), from each function's own cost.
    Functions still on the stack when the dump is taken (main, the harness) show their
    callees' costs too; they are the ones at the dump's total, and are skipped."""
    text = run(["callgrind_annotate", "--inclusive=no", "--threshold=100", "--auto=no", dump])
    total = int(re.search(r"^\s*([\d,]+) .*PROGRAM TOTALS", text, re.M).group(1).replace(",", ""))
    counts = {}
    for line in text.splitlines():
        m = ANNOTATED.match(line)
        if not m:
            continue
        n = int(m.group(1).replace(",", ""))
        if n >= total:
            continue
        d, obj = (m.group(2).split("/")[-2:-1] or [""])[0], m.group(4) or ""
        name = next(name for name, match in LAYERS if match(d, obj))
        counts[name] = counts.get(name, 0) + n
    return counts


def callgrind_counts(cmd, scale):
    """Instructions per call of each row of a C driver, from one run under callgrind: the
    total, and by layer."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        rows = parse_rows(run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + cmd
                              + ["--callgrind"], dict(os.environ, BENCH_SCALE=scale)))
        counts, layers = {}, {}
        for name in os.listdir(tmp):
            path = os.path.join(tmp, name)
            with open(path, errors="replace") as f:
                text = f.read()
            m = re.search(r"^desc: Trigger: Client Request: (\S+)", text, re.M)
            s = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
            if m and s and m.group(1) in rows:
                row = m.group(1)
                counts[row] = int(s.group(1)) / rows[row]["n"]
                layers[row] = {k: v / rows[row]["n"] for k, v in layer_counts(path).items()}
    return ({name: counts[name] for name in rows if name in counts},
            {name: layers[name] for name in rows if name in layers})


def layer_table(ferry, cpython):
    """Each row's instructions per call by layer, Ferry's then CPython's C loop's."""
    cols = [name for name, _ in LAYERS]
    used = [c for c in cols if any(l.get(c, 0) >= 0.5 for l in list(ferry.values()) + list(cpython.values()))]
    lines = ["| operation | system | " + " | ".join(used) + " | total |",
             "|---|---|" + "---|" * (len(used) + 1)]
    for name in ferry:
        for system, layers in (("Ferry", ferry[name]), ("CPython C", cpython.get(name))):
            if layers is None:
                continue
            lines.append("| %s | %s | %s | %.0f |" % (
                name if system == "Ferry" else "", system,
                " | ".join("%.0f" % layers[c] if layers.get(c, 0) >= 0.5 else "" for c in used),
                sum(layers.values())))
    return "\n".join(lines)


def callgrind(args, ferry, cpython):
    """Ferry's instructions per call beside CPython's C loop, and against the previous run."""
    # enough iterations that allocating rows span minor collections (their amortised
    # cost is part of the row), few enough for valgrind
    scale = os.environ.get("BENCH_SCALE", "0.05")
    counts, layers = callgrind_counts(ferry, scale)
    theirs, their_layers = callgrind_counts(cpython, scale)
    saved = os.path.join(args.builddir, "callgrind.json")
    before = {}
    if os.path.exists(saved):
        with open(saved) as f:
            before = json.load(f)
    print("Instructions per call (callgrind)")
    print("| operation | Ferry | previous Ferry run | change | CPython C loop | Ferry / CPython |")
    print("|---|---|---|---|---|---|")
    for name, now in counts.items():
        prev, c = before.get(name), theirs.get(name)
        print("| %s | %.0f | %s | %s | %s | %s |" % (
            name, now, "—" if prev is None else "%.0f" % prev,
            "" if prev is None else "%+.1f%%" % (100 * (now - prev) / prev),
            "—" if c is None else "%.0f" % c, "—" if c is None else "%.2f" % (now / c)))
    with open(saved, "w") as f:
        json.dump(counts, f, indent=1)
    print("(Ferry's counts saved in %s for the next run)" % saved)
    print("\nInstructions per call by layer: where each row's instructions are, by the source"
          " (or library) of the code that ran them, inlined code by where it was written")
    print(layer_table(layers, their_layers))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--builddir", required=True)
    ap.add_argument("--srcdir", required=True)
    ap.add_argument("--python3", required=True)
    ap.add_argument("--pypy3", default="")
    ap.add_argument("--pypy-ext", default="")
    ap.add_argument("--callgrind", action="store_true")
    args = ap.parse_args()
    b, s = args.builddir, args.srcdir
    ferry = [os.path.join(b, "ferry_loop"), os.path.join(b, "ext", "ferry")]
    cpython = [os.path.join(b, "cpython_loop"), os.path.join(b, "ext", "cpython")]
    if args.callgrind:
        callgrind(args, ferry, cpython)
        return
    systems = {
        "ferry_ns": ferry,
        "cpython_c_ns": cpython,
        "cpython_py_ns": [args.python3, os.path.join(s, "pyloop.py"), os.path.join(b, "ext", "cpython")],
    }
    if args.pypy3 and args.pypy_ext and os.path.exists(args.pypy_ext):
        systems["pypy_ns"] = [args.pypy3, os.path.join(s, "pyloop.py"), os.path.dirname(args.pypy_ext)]
    else:
        print("run.py: no PyPy column (install pypy3 and pypy3-dev, then re-run configure)", file=sys.stderr)

    names = run(ferry + ["--list"]).split()
    ops, floor = [], None
    for name in names:
        print("run.py: %s" % name, file=sys.stderr)
        if name == "floor":
            floor = parse_rows(run(ferry + ["--only", "floor"]))["floor"]["ns"]
            continue
        op = {"name": name, "n": None, "floor_ns": None}
        for key, cmd in systems.items():
            row = parse_rows(run(cmd + ["--only", name])).get(name)
            op[key] = row["ns"] if row else None
            op[key.replace("_ns", "_range_ns")] = [row["min"], row["max"]] if row else None
            if key == "ferry_ns" and row:
                op["n"] = row["n"]
        for key, _ in SYSTEMS:
            op.setdefault(key, None)
        ops.append(op)
    for op in ops:
        if op["name"] in ("noargs", "ffi_floor"):
            op["floor_ns"] = floor
    versions = {"cpython": version([args.python3]), "pypy": version([args.pypy3]) if "pypy_ns" in systems else None}
    result = {"machine": machine(), "versions": versions, "operations": ops}
    print("Ferry against CPython and PyPy: ns per call, median of %s runs (%s)"
          % (os.environ.get("BENCH_REPEAT", "7"), result["machine"]))
    print(table(ops))
    missed = misses(ops)
    print("\nTargets: " + ("all met" if not missed else "%d missed" % len(missed)))
    for m in missed:
        print("  " + m)
    with open(os.path.join(s, "results.json"), "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    with open(os.path.join(s, "results.svg"), "w") as f:
        f.write(svg(ops, "Ferry against CPython and PyPy: the C-API border"))
    print("wrote %s and %s" % (os.path.join(s, "results.json"), os.path.join(s, "results.svg")))


main()
