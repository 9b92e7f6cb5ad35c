"""Benchmark: each page's requests per second as a ratio of a bare Django "hello" view.

    .venv/bin/python bench/ratios.py --prepare     # once: database, demo network, static files
    .venv/bin/python bench/ratios.py [--seconds 10] [--connections 4] [--only home,sig]

Both run under gunicorn with the same settings (2 sync workers) on loopback and the same
environment: the portal's production settings (DEBUG off, PostgreSQL `w2perf_bench` kept open
for CONN_MAX_AGE as in production, Redis db 5 for cache and sessions). The hello project
(bench/hello) is one view on those settings, so its middleware is the portal's, checked before
anything runs. wrk (Debian's `wrk`) drives each URL for --seconds, and the hello view again
just before it: each ratio is to the hello run beside it, so a change in the machine's load
moves both. Signed-in pages use sessions made for the demo's chair (chair.mri@demo.example)
and member. Targets (issue 16): cached anonymous pages >= 0.5x; signed-in key pages >= 1.5 %;
the meeting page (40 items, 120 papers) and search >= 1 %. Figures depend on the machine's
load: run it on a quiet machine, or say what else ran (the load average is printed).
"""

# ruff: noqa: S603, S607 (a bench runs our own programs and wrk, on loopback)

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELLO = ROOT / "bench" / "hello"
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
STATE = ROOT / "var" / "bench"
HELLO_PORT, PORTAL_PORT = 8290, 8291
ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-abcdef",
    "ALLOWED_HOSTS": "localhost,127.0.0.1",
    "DATABASE_URL": os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/w2perf_bench"
    ),
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"),
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "STATIC_ROOT": str(STATE / "static"),
    "MEDIA_ROOT": str(STATE / "media"),
    "LOG_LEVEL": "WARNING",
    "PROMETHEUS_MULTIPROC_DIR": str(STATE / "metrics"),
}
HEADERS = ["-H", "Host: localhost", "-H", "X-Forwarded-Proto: https"]

# What to measure once the database is ready: found by bench/_ratios_urls (a manage.py script).
URLS_SCRIPT = r"""
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from governance.models import GroupPage, MeetingPage
from sigs.models import SigPage
from events.models import EventPage, EventIndexPage
from publications.models import NewsPage
from portal.models import User

def session(email):
    user = User.objects.get(email=email)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    return s.session_key

def url(qs):
    page = qs.live().order_by("path").first()
    return page.url if page else None

sig = SigPage.objects.live().filter(slug__icontains="mri").first() or SigPage.objects.live().first()
group = GroupPage.objects.live().not_type(SigPage).order_by("-depth").first()
meeting = MeetingPage.objects.filter(slug="bench-40-items").first()
print(json.dumps({
    "chair": session("chair.mri@demo.example"),
    "member": session("member@demo.example"),
    "home": "/",
    "group": group.url,
    "sig": sig.url,
    "event": url(EventPage.objects.scheduled().upcoming()),
    "news": url(NewsPage.objects),
    "events": url(EventIndexPage.objects),
    "meeting": meeting.url if meeting else None,
    "sig_id": sig.pk,
}))
"""

MEETING_SCRIPT = r"""
import sys
sys.path.insert(0, "bench")
from django.db import transaction
from django.utils import timezone
from meeting_page import add_items
from governance.models import Action, Decision, MeetingPage
from sigs.models import SigPage
from portal.models import User
from tests.governance.factories import MeetingPageFactory

meeting = MeetingPage.objects.filter(slug="bench-40-items").first()
if meeting is None or meeting.agenda_items.count() != 40:
    if meeting is not None:
        # Left half-built by a failed run: its records protect it, so they go first.
        Action.objects.filter(meeting=meeting).delete()
        Decision.objects.filter(meeting=meeting).delete()
        meeting.delete()
    sigs = SigPage.objects.live()
    sig = sigs.filter(slug__icontains="mri").first() or sigs.first()
    chair = User.objects.get(email="chair.mri@demo.example")
    # Held yesterday: its minutes, decisions and actions are written (only after it starts).
    with transaction.atomic():
        meeting = MeetingPageFactory(
            parent=sig, title="Benchmark meeting", slug="bench-40-items",
            start=timezone.now() - timezone.timedelta(days=1),
        )
        add_items(meeting, chair, 0, 40)
    print("built the 40-item meeting")
"""


def env():
    return {**os.environ, **ENV, "PYTHONPATH": str(ROOT)}


def hello_env():
    return {
        **env(),
        "DJANGO_SETTINGS_MODULE": "hello.settings",
        "PYTHONPATH": f"{HELLO}{os.pathsep}{ROOT}",
    }


def manage(*args):
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env(), text=True, capture_output=True
    )
    if result.returncode:
        sys.exit(f"manage.py {args[0]} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


SAME_SETTINGS = r"""
import json
from django.conf import settings
import portal.settings.production as portal
same = settings.MIDDLEWARE == portal.MIDDLEWARE
print(json.dumps({
    "same_middleware": same,
    "middleware": len(settings.MIDDLEWARE),
    "debug": settings.DEBUG,
    "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[1],
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "urlconf": settings.ROOT_URLCONF,
}))
"""


def check_settings():
    """The hello project's settings, as its gunicorn will load them: same middleware, DEBUG
    off, the Redis cache, production's CONN_MAX_AGE."""
    out = subprocess.run(
        [PY, "-c", "import django; django.setup()\n" + SAME_SETTINGS],
        cwd=HELLO,
        env=hello_env(),
        text=True,
        capture_output=True,
        check=True,
    ).stdout
    facts = json.loads(out.strip().splitlines()[-1])
    if not facts["same_middleware"] or facts["debug"] or facts["cache"] != "RedisCache":
        sys.exit(f"the hello project does not run on the portal's settings: {facts}")
    return facts


def prepare():
    STATE.mkdir(parents=True, exist_ok=True)
    name = ENV["DATABASE_URL"].rsplit("/", 1)[1]
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=False)
    for step in (
        ["migrate", "--noinput", "-v", "0"],
        ["collectstatic", "--noinput", "-v", "0"],
        ["load_demo_network"],
        ["rebuild_search"],
    ):
        print("manage.py", *step, flush=True)
        manage(*step)
    print(manage("shell", "-c", MEETING_SCRIPT))


def serve(args, port, cwd, environ):
    (STATE / "metrics").mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [
            GUNICORN,
            args,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=cwd,
        env=environ,
        start_new_session=True,
    )


def wait_for(port, path):
    for _ in range(120):
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost"}
            )
            urllib.request.urlopen(request, timeout=5)  # noqa: S310 (loopback)
            return
        except Exception:  # noqa: BLE001 (not up yet)
            time.sleep(0.5)
    sys.exit(f"nothing answered on port {port}")


def wrk(port, path, seconds, connections, cookie=None):
    headers = list(HEADERS)
    if cookie:
        headers += ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--latency",
            *headers,
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE)
    return rps, int(non2xx.group(1)) if non2xx else 0, p99.group(1) if p99 else "?"


def status(port, path, cookie=None):
    headers = {"Host": "localhost", "X-Forwarded-Proto": "https"}
    if cookie:
        headers["Cookie"] = f"sessionid={cookie}"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
            return response.status, response.headers.get("X-Page-Cache", "-")
    except urllib.error.HTTPError as error:
        return error.code, "-"


def ratio_text(value):
    return f"{value:.2f}x" if value >= 0.1 else f"{value * 100:.1f} %"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--only", default="", help="comma-separated names, or who:name")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    if options.prepare:
        prepare()
    facts = check_settings()
    urls = json.loads(manage("shell", "-c", URLS_SCRIPT).strip().splitlines()[-1])
    chair, member = urls["chair"], urls["member"]
    cases = [
        ("anonymous", "home", "/", None, 0.5),
        ("anonymous", "group", urls["group"], None, 0.5),
        ("anonymous", "sig", urls["sig"], None, 0.5),
        ("anonymous", "event", urls["event"], None, 0.5),
        ("anonymous", "news", urls["news"], None, 0.5),
        ("member", "home", "/", member, 0.015),
        ("member", "sig", urls["sig"], member, 0.015),
        ("member", "events", urls["events"], member, 0.015),
        ("chair", "risks", f"/governance/risks/group/{urls['sig_id']}/", chair, 0.015),
        ("chair", "adoption", "/sigs/variation/", chair, 0.015),
        ("chair", "dashboard", "/dashboard/", chair, 0.015),
        ("chair", "meeting", urls["meeting"], chair, 0.01),
        ("member", "search", "/search/?query=mri+protocol", member, 0.01),
    ]
    only = set(filter(None, options.only.split(",")))
    cases = [case for case in cases if not only or {case[1], f"{case[0]}:{case[1]}"} & only]
    hello = serve("hello.wsgi", HELLO_PORT, HELLO, hello_env())
    portal = serve("portal.wsgi", PORTAL_PORT, ROOT, env())
    try:
        wait_for(HELLO_PORT, "/")
        wait_for(PORTAL_PORT, "/robots.txt")
        if status(HELLO_PORT, "/")[0] != 200:
            sys.exit("the hello view did not answer 200")
        wrk(HELLO_PORT, "/", 2, options.connections)  # warm both hello workers
        print(
            f"hello and portal: gunicorn, 2 sync workers each; wrk -t2 -c{options.connections}"
            f" -d{options.seconds}s per URL, hello measured just before each page.\n"
            f"settings: portal.settings.production, {facts['middleware']} middleware (the same"
            f" list in both), DEBUG={facts['debug']}, {facts['cache']},"
            f" CONN_MAX_AGE={facts['conn_max_age']}; {os.cpu_count()} CPUs,"
            f" load average {os.getloadavg()[0]:.1f} at start"
        )
        print(
            f"{'who':<10} {'page':<10} {'status':>6} {'cache':>5} {'hello/s':>8} {'req/s':>8}"
            f" {'ratio':>8} {'target':>7} {'met':>4} {'p99':>8}  path"
        )
        rows = []
        for who, name, path, cookie, target in cases:
            if not path:
                print(f"{who:<10} {name:<10} (no such page in the demo)")
                continue
            status(PORTAL_PORT, path, cookie)  # the first view fills the page cache
            code, cached = status(PORTAL_PORT, path, cookie)
            base, _, _ = wrk(HELLO_PORT, "/", options.seconds, options.connections)
            rps, errors, p99 = wrk(PORTAL_PORT, path, options.seconds, options.connections, cookie)
            ratio = rps / base
            met = ratio >= target and code == 200 and not errors
            rows.append((who, name, rps, ratio, target, met))
            print(
                f"{who:<10} {name:<10} {code:>6} {cached:>5} {base:>8.0f} {rps:>8.1f}"
                f" {ratio_text(ratio):>8} {ratio_text(target):>7} {'yes' if met else 'NO':>4}"
                f" {p99:>8}  {path}{f' ({errors} non-2xx/3xx)' if errors else ''}",
                flush=True,
            )
        print(
            f"load average {os.getloadavg()[0]:.1f} at the end;"
            f" {sum(row[-1] for row in rows)} of {len(rows)} targets met"
        )
    finally:
        for process in (hello, portal):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait()


if __name__ == "__main__":
    main()
