"""Scale benchmark (`BENCH_ONLY=scale make bench`): every page at sizes S, M and L, warm and with cold caches.

For each size of ``BENCH_SCALE_SIZES`` (default ``S,M,L``; see community/demo/scale.py) it makes a database
``guildhall_scale_<size>`` on the benchmark's PostgreSQL (kept between runs once complete, so re-runs are fast),
migrates it, generates the community (``manage.py scale_community``), runs ``VACUUM ANALYZE``; then it measures
every page at every size, the sizes taking turns request by request (a busy spell of a shared host falls on S
and L alike), in-process with Django's test client, DEBUG off, the database search fallback and ``PAGE_CACHE_SECONDS = 0``
(what the anonymous page cache would hide is not measured), two ways for every page: the issue's measure (5
warm-up requests, then the median of ``BENCH_SCALE_REPEAT`` (20): the shared data, fragments and regions as a
running site has them) and cold (20 more, each after ``cache.clear()``: what rendering everything costs). It
prints median and p95 ms, the query count and the slowest statement per page, times ``rewards_recompute`` and
``search_reindex`` with their peak memory (``BENCH_SCALE_JOBS=0`` skips them, to re-measure kept databases),
and ends with a Markdown table for docs/performance.md and the issue's targets on both measures, met or not.
Timings belong in docs/performance.md, never in a test.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
SIZES = [s.strip().upper() for s in os.environ.get("BENCH_SCALE_SIZES", "S,M,L").split(",") if s.strip()]
REPEAT = int(os.environ.get("BENCH_SCALE_REPEAT", "20"))
JOBS = os.environ.get("BENCH_SCALE_JOBS", "1") != "0"  # 0: measure the pages only (re-runs on kept databases)
WARM_UP = 5
MEMORY_BUDGET_MB = 1024  # rewards_recompute and search_reindex, peak RSS, whatever the size
TARGET_MS, SEARCH_MS, KPI_MS, HUB_MS, GROWTH = 40.0, 60.0, 100.0, 40.0, 1.5

# Runs inside Django (one process per size): prints one JSON line of results.
MEASURE = r"""
import json, statistics, sys, time
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse

from community.demo import scale
from community.models import Member, Tag, TaggedThread, Thread
from rewards.models import Badge, Reputation

repeat, warm_up = int(sys.argv[1]), int(sys.argv[2])
settings.PAGE_CACHE_SECONDS = 0
per_page = settings.GUILDHALL["THREADS_PER_PAGE"]

top = Reputation.objects.order_by("-points").select_related("member").first()
member = top.member if top else Member.objects.filter(username__startswith=scale.USERNAME_PREFIX).first()
moderator, _ = Member.objects.get_or_create(username="scale-moderator", defaults={"email": "mod@scale.invalid"})
from django.contrib.auth.models import Group
moderator.groups.add(Group.objects.get(name="Moderators"))
# The generator's long thread (its oldest, scale.BIG_THREAD_ANSWERS answers at every size): the same page at S and L.
big = Thread.objects.visible().order_by("created_at", "pk").first()
tag = Tag.objects.annotate(n=Count("tagged_threads", filter=Q(tagged_threads__thread_is_deleted=False))).order_by("-n").first()
visible = Thread.objects.visible().count()
deep = max(1, (visible + per_page - 1) // per_page - 1)
deep_tag = max(1, (tag.n + per_page - 1) // per_page - 1)
badge = Badge.objects.order_by("slug").first()
pages = [  # (label, path, who)
    ("home", "/", None),
    (f"thread page ({big.answer_count} answers, the long thread)", big.get_absolute_url(), None),
    ("question list, page 1", "/threads/", None),
    (f"deep list page (page {deep})", f"/threads/?page={deep}", None),
    (f"tag page, popular tag ({tag.n} threads)", f"/tags/{tag.slug}/", None),
    (f"deep tag page (page {deep_tag})", f"/tags/{tag.slug}/?page={deep_tag}", None),
    ("tags index", "/tags/", None),
    ("member page, top member", f"/members/{member.username}/", None),
    ("reputation profile, top member", f"/members/{member.username}/reputation/", None),
    ("leaderboard, this week", "/leaderboard/?period=week", None),
    ("leaderboard, this month", "/leaderboard/?period=month", None),
    ("leaderboard, all time", "/leaderboard/?period=all", None),
    ("badges page", "/badges/", None),
    (f"badge page ({badge.slug})", f"/badges/{badge.slug}/", None),
    (f"search, database, common word ({scale.COMMON_WORD})", f"/search/?q={scale.COMMON_WORD}", None),
    (f"search, database, rare word ({scale.RARE_WORD})", f"/search/?q={scale.RARE_WORD}", None),
    ("similar questions", f"/search/similar/?title=How+do+I+restore+my+notes+from+a+{scale.COMMON_WORD}", None),
    ("ideas board", "/ideas/", None),
    ("knowledge hub, index", "/knowledge/", None),
    (f"knowledge hub, topic ({tag.slug})", f"/knowledge/topics/{tag.slug}/", None),
    ("KPI dashboard (moderator)", reverse("community_kpis:index"), moderator),
    ("review queue (moderator)", reverse("community_review"), moderator),
    ("inbox (member)", "/inbox/", member),
]

def one(client, path):
    spent = []
    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(((time.perf_counter() - started) * 1000, sql))
    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        response = client.get(path)
    return (time.perf_counter() - started) * 1000, response.status_code, spent

def summary(runs, prefix=""):
    runs = sorted(runs, key=lambda r: r[0])
    median_run = runs[len(runs) // 2]
    slowest = max(median_run[2], key=lambda s: s[0], default=(0.0, ""))
    return {
        prefix + "median": statistics.median(r[0] for r in runs),
        prefix + "p95": runs[min(len(runs) - 1, round(0.95 * (len(runs) - 1)))][0],
        prefix + "queries": len(median_run[2]), prefix + "slowest_ms": slowest[0],
        prefix + "slowest_sql": " ".join(slowest[1].split())[:160],
    }

# The parent drives every size's process request by request (see measure_interleaved()): "open <page>" (a
# client, the warm-up), "warm <page>" and "cold <page>" (one timed request each), "close <page>" (the figures).
print(json.dumps([label for label, _path, _who in pages]), flush=True)
client = path = None
runs = {"warm": [], "cold": []}
for line in sys.stdin:
    step, index = line.split()
    label, page_path, who = pages[int(index)]
    if step == "open":
        client, path, runs = Client(HTTP_HOST="localhost"), page_path, {"warm": [], "cold": []}
        if who is not None:
            client.force_login(who)
        for _ in range(warm_up):
            one(client, path)
        print("{}", flush=True)
    elif step in runs:
        if step == "cold":  # what rendering costs: every cache emptied first
            cache.clear()
        runs[step].append(one(client, path))
        print("{}", flush=True)
    else:  # close: the issue's measure (warm-up, then the median) and the cold one
        warm, cold = runs["warm"], runs["cold"]
        print(json.dumps({"page": label, "path": path, "status": sorted({r[1] for r in warm + cold}),
                          **summary(warm), **summary(cold, "cold_")}), flush=True)
"""

# A management command in its own process, so its peak memory is its own.
COMMAND = r"""
import json, resource, sys, time
import django
django.setup()
from django.core.management import call_command
started = time.perf_counter()
call_command(*sys.argv[1:])
print(json.dumps({"seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def environment(database_url: str, size: str) -> dict:
    return {
        "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0", "DJANGO_SSL_REDIRECT": "0", "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1,testserver", "DATABASE_URL": database_url,
        "CACHE_URL": os.environ["CACHE_URL"], "CACHE_KEY_PREFIX": f"bench-scale-{size}",
        "GUILDHALL_VAR_DIR": os.environ.get("GUILDHALL_VAR_DIR", str(ROOT / "var")), "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "ERROR", "ELASTICSEARCH_URL": "",
    }  # fmt: skip


def run(argv: list[str], env: dict, *, capture: bool = True) -> str:
    """Run a child; its progress bars (stderr) go to the terminal. Exits with its output if it fails."""
    result = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE if capture else None, text=True)
    if result.returncode != 0:
        shown = " ".join("<script>" if "\n" in str(a) else str(a) for a in argv[:4])
        sys.exit(f"{shown} … failed (exit {result.returncode}):\n{(result.stdout or '')[-3000:]}")
    return result.stdout or ""


def ensure_database(server_url: str, name: str) -> str:
    """The size's database on the benchmark's server, created if missing (a complete one is kept)."""
    import psycopg

    base = server_url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def vacuum_analyze(database_url: str) -> float:
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def timed_command(env: dict, *argv: str) -> dict:
    return json.loads(run([PY, "-c", COMMAND, *argv], env).strip().splitlines()[-1])


def prepare_size(server: str, size: str) -> dict:
    """The size's database migrated, its community generated (kept if complete) and ANALYZEd."""
    url = ensure_database(server, f"guildhall_scale_{size.lower()}")
    env = environment(url, size)
    print(f"[{size}] migrating …", flush=True)
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)  # DEBUG off serves the hashed names
    print(f"[{size}] generating (kept if already complete) …", flush=True)
    started = time.perf_counter()
    made = run([PY, "manage.py", "scale_community", "--size", size], env).strip()
    generation = time.perf_counter() - started
    print(f"[{size}] {made.splitlines()[-1] if made else ''}", flush=True)
    print(f"[{size}] VACUUM ANALYZE in {vacuum_analyze(url):.1f} s", flush=True)
    return {"size": size, "env": env, "generation": generation, "generated": "already complete" not in made
            and "already there" not in made, "made": made.splitlines()[-1] if made else "", "pages": [],
            "recompute": None, "reindex": None}  # fmt: skip


def measure_interleaved(results: list[dict]) -> None:
    """Every page at every size, the sizes taking turns request by request (one measuring process per size,
    driven one request at a time), so a busy spell of the host falls on every size of a page alike instead of
    on one size's whole run: the L/S ratios compare like with like."""
    sizes = "/".join(r["size"] for r in results)
    print(f"[{sizes}] measuring every page, the sizes taking turns request by request ({WARM_UP} warm-up, "
          f"{REPEAT} timed, {REPEAT} with cold caches) …", flush=True)  # fmt: skip
    measurers = [subprocess.Popen([PY, "-c", "import django; django.setup()\n" + MEASURE, str(REPEAT), str(WARM_UP)],
                                  cwd=ROOT, env=r["env"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                 for r in results]  # fmt: skip
    sized = list(zip(results, measurers, strict=True))

    def ask(result, measurer, command: str) -> dict:
        measurer.stdin.write(command + "\n")
        measurer.stdin.flush()
        line = measurer.stdout.readline()
        if not line:
            sys.exit(f"[{result['size']}] the measuring process stopped at {command!r}")
        return json.loads(line)

    try:
        labels = [json.loads(m.stdout.readline()) for m in measurers]
        for index in range(len(labels[0])):
            for result, measurer in sized:
                ask(result, measurer, f"open {index}")
            for step in ("warm", "cold"):
                for turn in range(REPEAT):  # neither size always first
                    for result, measurer in sized if turn % 2 == 0 else reversed(sized):
                        ask(result, measurer, f"{step} {index}")
            for result, measurer in sized:
                result["pages"].append(ask(result, measurer, f"close {index}"))
            figures = "  ".join(f"{r['size']} {r['pages'][-1]['median']:6.1f} / cold {r['pages'][-1]['cold_median']:6.1f}"
                                for r in results)  # fmt: skip
            print(f"  {_key(labels[0][index]):40} {figures} ms", flush=True)
    finally:
        for measurer in measurers:
            measurer.stdin.close()
            measurer.wait(timeout=60)


def run_jobs(result: dict) -> None:
    print(f"[{result['size']}] rewards_recompute and search_reindex (database backend) …", flush=True)
    result["recompute"] = timed_command(result["env"], "rewards_recompute")
    result["reindex"] = timed_command(result["env"], "search_reindex")


def size_table(result: dict) -> str:
    lines = [f"### {result['size']}", "", "| page | median ms | p95 ms | queries | cold: median ms | p95 ms | queries "
             "| slowest statement, cold (ms) |", "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for p in result["pages"]:
        status = "" if p["status"] == [200] else f" (HTTP {p['status']})"
        sql = p["cold_slowest_sql"].replace("|", "\\|")
        lines.append(f"| {p['page']}{status} | {p['median']:.1f} | {p['p95']:.1f} | {p['queries']} | "
                     f"{p['cold_median']:.1f} | {p['cold_p95']:.1f} | {p['cold_queries']} | "
                     f"{p['cold_slowest_ms']:.1f}: `{sql}` |")  # fmt: skip
    return "\n".join(lines)


def _key(label: str) -> str:
    """The page's name without its size-dependent details ("(page 66)", "(32 answers)")."""
    return label.split(" (")[0] if "(" in label and not label.startswith("search") else label


def scale_table(results: list[dict]) -> str:
    sizes = [r["size"] for r in results]
    first, last = results[0], results[-1]
    ratio_name = f"{last['size']}/{first['size']}"
    head = "| page | " + " | ".join(f"{s} ms" for s in sizes) + f" | {ratio_name} | p95 {last['size']} | "
    head += " | ".join(f"cold {s} ms" for s in sizes) + f" | cold {ratio_name} | queries ({' / '.join(sizes)}) | "
    head += f"cold queries | slowest statement at {last['size']}, cold (ms) |"
    lines = [head, "|---" * (2 * len(sizes) + 7) + "|"]
    by_size = [{_key(p["page"]): p for p in r["pages"]} for r in results]
    for key in by_size[0]:
        rows = [b.get(key) for b in by_size]
        if any(r is None for r in rows):
            continue
        ratio = rows[-1]["median"] / rows[0]["median"] if rows[0]["median"] else float("nan")
        cold_ratio = rows[-1]["cold_median"] / rows[0]["cold_median"] if rows[0]["cold_median"] else float("nan")
        sql = rows[-1]["cold_slowest_sql"][:100].replace("|", "\\|")
        lines.append(f"| {key} | " + " | ".join(f"{r['median']:.1f}" for r in rows) + f" | {ratio:.1f}× | "
                     f"{rows[-1]['p95']:.1f} | " + " | ".join(f"{r['cold_median']:.1f}" for r in rows)
                     + f" | {cold_ratio:.1f}× | {' / '.join(str(r['queries']) for r in rows)} | "
                     f"{' / '.join(str(r['cold_queries']) for r in rows)} | {rows[-1]['cold_slowest_ms']:.1f}: `{sql}` |")  # fmt: skip
    if all(r["recompute"] for r in results):
        lines += [
            "",
            "| job | " + " | ".join(f"{s}: seconds, peak MB" for s in sizes) + " |",
            "|---" * (len(sizes) + 1) + "|",
        ]
        for job, name in (("generation", "generate (scale_community)"), ("recompute", "rewards_recompute"),
                          ("reindex", "search_reindex (database)")):  # fmt: skip
            cells = []
            for r in results:
                if job == "generation":
                    cells.append(f"{r['generation']:.0f} s" + ("" if r["generated"] else " (kept)"))
                else:
                    cells.append(f"{r[job]['seconds']:.1f} s, {r[job]['peak_mb']:.0f} MB")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(results: list[dict], measure: str = "") -> str:
    """The issue's targets at the largest size: on its own measure (``measure=""``: warm-up, then the median,
    the knowledge hub with a cold cache as the issue asks), or on cold renders (``measure="cold_"``)."""
    first, last = results[0], results[-1]
    base = {_key(p["page"]): p for p in first["pages"]}
    misses = []
    for page in last["pages"]:
        key = _key(page["page"])
        field = "cold_median" if key.startswith("knowledge hub") else f"{measure}median"
        ms = page[field]
        limit = SEARCH_MS if key.startswith("search") else KPI_MS if key.startswith("KPI") else TARGET_MS
        limit = HUB_MS if key.startswith("knowledge hub") else limit
        if ms >= limit:
            misses.append(f"{key} {ms:.0f} ms ≥ {limit:.0f}")
        if len(results) > 1 and key in base and ms > GROWTH * base[key][field] and not key.startswith("KPI"):
            misses.append(f"{key} {ms / base[key][field]:.1f}× {first['size']}")
    for job in ("recompute", "reindex"):
        if last[job] and last[job]["peak_mb"] > MEMORY_BUDGET_MB:
            misses.append(f"{job} peak {last[job]['peak_mb']:.0f} MB > {MEMORY_BUDGET_MB} MB")
    verdict = "met" if not misses else "NOT met: " + "; ".join(misses)
    how = "every cache emptied before each request" if measure else "the issue's measure, knowledge hub cold"
    return (f"Targets at {last['size']}, {how} (every page < {TARGET_MS:.0f} ms and within {GROWTH}× of "
            f"{first['size']}; search < {SEARCH_MS:.0f} ms; KPI < {KPI_MS:.0f} ms; knowledge hub < {HUB_MS:.0f} ms; "
            f"recompute and reindex within {MEMORY_BUDGET_MB} MB): {verdict}")  # fmt: skip


def main() -> None:
    server = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        sys.exit("The scale benchmark runs on PostgreSQL: set DATABASE_URL (scripts/bench.sh starts one).")
    if "CACHE_URL" not in os.environ:
        sys.exit("The scale benchmark needs CACHE_URL (Redis; scripts/bench.sh starts one).")
    unknown = [s for s in SIZES if s not in ("S", "M", "L")]
    if unknown or not SIZES:
        sys.exit(f"BENCH_SCALE_SIZES takes S, M and L (comma-separated), not {','.join(unknown) or 'nothing'}.")
    results = [prepare_size(server, size) for size in SIZES]
    measure_interleaved(results)
    if JOBS:
        for result in results:
            run_jobs(result)
    print()
    print(f"Scale benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, PostgreSQL, in-process "
          f"(Django test client, DEBUG off, database search, PAGE_CACHE_SECONDS=0): the issue's measure ({WARM_UP} "
          f"warm-up, then the median of {REPEAT}) and cold ({REPEAT} requests, each after cache.clear())")  # fmt: skip
    print()
    for result in results:
        print(size_table(result))
        print()
    print(scale_table(results))
    print()
    print(targets(results))
    print(targets(results, "cold_"))


if __name__ == "__main__":
    main()
