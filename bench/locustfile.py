"""Load through the production stack (nginx in front of two pools of gunicorns; deploy/) with the
network's people mixed: anonymous visitors browsing public pages, members booking a place and
searching, chairs on their meeting and risk register, patient volunteers reviewing papers.
`--kill-after N` kill -9s gunicorn A and task worker A (and their children) N seconds in, as
tests/stack/test_faults.py does, and reports when the process manager has them back.

    deploy/stack.sh start                     # the stack in the background (make stack: foreground)
    set -a; . var/stack/stack.env; set +a
    .venv/bin/python bench/locustfile.py --prepare   # demo network, search index, sessions
    .venv/bin/locust -f bench/locustfile.py --headless -u 30 -r 10 -t 60s --csv var/stack/calm
    .venv/bin/locust -f bench/locustfile.py --headless -u 30 -r 10 -t 60s --csv var/stack/kill \\
        --kill-after 20
    deploy/stack.sh stop

To run beside another stack on the same machine, give deploy/stack.sh its own STACK_DIR,
STACK_PORT, STACK_WEB_A_PORT, STACK_WEB_B_PORT, STACK_ANON_A_PORT, STACK_ANON_B_PORT,
STACK_S3_PORT, STACK_SMTP_PORT, STACK_DB and STACK_REDIS_URL; stack.env carries them to this
file.

locust is the `bench` extra (`pip install -e ".[bench]"`). Signed-in people use sessions that
--prepare makes in the stack's database and cache (a password sign-in is a deliberately slow
hash, which would swamp everything else), written with the pages each one visits to
$STACK_DIR/locust-plan.json. While it runs, an SMTP sink stands in for the mail relay on
STACK_SMTP_PORT, so the workers' booking and feedback emails go somewhere. Every request must
answer what a browser would expect (200, or the 302 after a form); anything else, a refused
connection included, counts as an error.
"""

import itertools
import json
import logging
import os
import random
import re
import secrets
import socket
import string
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STACK_DIR = Path(os.environ.get("STACK_DIR", ROOT / "var" / "stack"))
PLAN = STACK_DIR / "locust-plan.json"
HOST = f"http://127.0.0.1:{os.environ.get('STACK_PORT', '8180')}"
SITE = "https://localhost"  # what nginx tells Django (Host: localhost, X-Forwarded-Proto)
SEARCHES = ["mri protocol", "contrast", "risk", "paediatric", "audit", "workforce", "ct"]
BENCH_EVENT_SLUG = "load-test-webinar"
BENCH_MEETING_SLUG = "bench-40-items"


# --prepare: run once against the stack's database, with var/stack/stack.env loaded.


def prepare(members=40, chairs=6):
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Site

    from events.models import EventIndexPage, EventPage
    from governance.demo.specs import VOLUNTEER_EMAILS
    from governance.lay.services.onboarding import accept_policy, current_policy
    from governance.models import Action, Decision, GroupPage, MeetingPage, Membership
    from portal.models import User
    from publications.models import NewsPage
    from sigs.models import SigPage

    if not User.objects.filter(email="chair.mri@demo.example").exists():
        print("loading the demo network and building the search index", flush=True)
        call_command("load_demo_network")
        call_command("rebuild_search")
    mri = SigPage.objects.live().filter(slug__icontains="mri").first()
    mri_chair = User.objects.get(email="chair.mri@demo.example")
    meeting = MeetingPage.objects.filter(slug=BENCH_MEETING_SLUG).first()
    if meeting is None or meeting.agenda_items.count() != 40:
        from meeting_page import add_items

        from tests.governance.factories import MeetingPageFactory

        print("building the 40-item, 120-paper meeting", flush=True)
        if meeting is not None:
            # Left half-built by a failed run: its records protect it, so they go first.
            Action.objects.filter(meeting=meeting).delete()
            Decision.objects.filter(meeting=meeting).delete()
            meeting.delete()
        # Held yesterday: minutes, decisions and actions are written only after it starts.
        with transaction.atomic():
            meeting = MeetingPageFactory(
                parent=mri,
                title="Benchmark meeting",
                slug=BENCH_MEETING_SLUG,
                start=timezone.now() - timezone.timedelta(days=1),
            )
            add_items(meeting, mri_chair, 0, 40)
    index = EventIndexPage.objects.live().first()
    event = EventPage.objects.filter(slug=BENCH_EVENT_SLUG).first()
    if event is None:
        from tests.events.factories import EventPageFactory

        # Places for everyone, no questions: members book and cancel it all through the run.
        event = EventPageFactory(
            parent=index,
            slug=BENCH_EVENT_SLUG,
            title="Load-test webinar",
            capacity=None,
            webinar=True,
            start=timezone.now() + timezone.timedelta(days=30),
        )
    site = Site.objects.get(is_default_site=True)
    policy = current_policy(site=site)

    def session(user):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    def urls(queryset, limit):
        return [page.url for page in queryset.live().order_by("path")[:limit] if page.url]

    sig_ids = set(SigPage.objects.values_list("pk", flat=True))
    people = [User.objects.get(email="member@demo.example")]
    candidates = (
        User.objects.filter(
            is_active=True, memberships__role=Membership.Role.MEMBER, memberships__group__in=sig_ids
        )
        .exclude(pk=people[0].pk)
        .distinct()
        .order_by("pk")
    )
    people += [user for user in candidates if user.is_network_member][: members - 1]
    chaired = (
        Membership.objects.current()
        .filter(role=Membership.Role.CHAIR, person__is_active=True)
        .select_related("person", "group")
        .order_by("group__path")
    )
    chair_plans, seen = [], set()
    for membership in [m for m in chaired if m.person == mri_chair] + list(chaired):
        if membership.person_id in seen or len(chair_plans) >= chairs:
            continue
        seen.add(membership.person_id)
        meetings = MeetingPage.objects.live().child_of(membership.group)
        meeting = (
            meetings.filter(slug=BENCH_MEETING_SLUG).first() or meetings.order_by("-start").first()
        )
        chair_plans.append(
            {
                "email": membership.person.email,
                "session": session(membership.person),
                "group": membership.group.url,
                "risks": f"/governance/risks/group/{membership.group_id}/",
                "meeting": meeting.url if meeting else None,
            }
        )
    volunteers = []
    for email in VOLUNTEER_EMAILS:
        user = User.objects.filter(email=email, is_active=True).first()
        if user is None:
            continue
        if policy.is_set:
            accept_policy(user, policy)
        volunteers.append({"email": email, "session": session(user)})
    plan = {
        "public": [
            "/",
            *urls(GroupPage.objects.not_type(SigPage), 8),
            *urls(SigPage.objects, 12),
            *urls(EventIndexPage.objects, 1),
            *urls(EventPage.objects.scheduled().upcoming(), 10),
            *urls(NewsPage.objects, 10),
        ],
        "sigs": urls(SigPage.objects, 12),
        "events": urls(EventIndexPage.objects, 1)[0],
        "event": event.url,
        "members": [{"email": user.email, "session": session(user)} for user in people],
        "chairs": chair_plans,
        "volunteers": volunteers,
    }
    PLAN.parent.mkdir(parents=True, exist_ok=True)
    PLAN.write_text(json.dumps(plan, indent=1))
    print(
        f"{PLAN}: {len(plan['public'])} public pages, {len(plan['members'])} members,"
        f" {len(plan['chairs'])} chairs, {len(plan['volunteers'])} volunteers"
    )


# The kill -9 fault and the mail sink (around the run, in locust's own process).


def kill_hard(name):
    """SIGKILL a supervised process and its children: the stack checks' own (tests/stack)."""
    os.environ.setdefault("STACK_DIR", str(STACK_DIR))
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.stack.processes import kill_hard as kill

    return kill(name)


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
            conn.sendall(b"GET /robots.txt HTTP/1.0\r\nHost: localhost\r\n\r\n")
            return conn.recv(32).split(b" ")[1:2] == [b"200"]
    except OSError:
        return False


def _restarted(name, old, port=None):
    try:
        new = int((STACK_DIR / f"{name}.respawn").read_text())
    except (OSError, ValueError):
        return False
    if new == old or not Path(f"/proc/{new}").exists():
        return False
    return port is None or _answers(port)


def fault(environment, after):
    import gevent

    gevent.sleep(after)
    log = logging.getLogger("fault")
    report = environment.fault_report = []
    killed_at = time.monotonic()
    victims = [
        ("web_a", kill_hard("web_a"), int(os.environ.get("STACK_WEB_A_PORT", "8181"))),
        ("worker_a", kill_hard("worker_a"), None),
    ]
    log.warning("kill -9: gunicorn A and task worker A, %.0f s in", after)
    report.append(f"killed gunicorn A and task worker A {after:.0f} s in")
    environment.fault_waiting = waiting = [victim[0] for victim in victims]
    environment.fault_killed_at = killed_at
    while waiting:
        gevent.sleep(0.2)
        for victim in victims:
            if victim[0] in waiting and _restarted(*victim):
                waiting.remove(victim[0])
                took = time.monotonic() - killed_at
                report.append(f"{victim[0]} back (answering, for gunicorn) {took:.1f} s later")
                log.warning("%s is back (%.1f s after the kill)", victim[0], took)


def _port_free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


# The people.

try:
    from locust import HttpUser, between, events, task
except ImportError:  # --prepare runs without locust
    HttpUser = None

if HttpUser is not None:
    PAPER = re.compile(r'href="(/governance/volunteers/papers/(\d+)/)"')
    CANCEL = re.compile(r'href="(/bookings/booking/\d+/cancel/)[^"]*"')

    @events.init_command_line_parser.add_listener
    def _options(parser):
        parser.add_argument(
            "--kill-after",
            type=float,
            default=0,
            help="kill -9 gunicorn A and worker A this many seconds in (0: never)",
        )

    @events.test_start.add_listener
    def _start(environment, **kwargs):
        import gevent

        environment.fault_report = []
        port = int(os.environ.get("STACK_SMTP_PORT", "8125"))
        environment.smtp_sink = None
        if _port_free(port):
            environment.smtp_sink = subprocess.Popen(  # noqa: S603 (our own interpreter)
                [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink"]
                + ["-l", f"127.0.0.1:{port}"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        after = environment.parsed_options.kill_after
        if after:
            gevent.spawn(fault, environment, after)

    @events.quitting.add_listener
    def _summary(environment, **kwargs):
        sink = getattr(environment, "smtp_sink", None)
        if sink is not None:
            sink.terminate()
            sink.wait()
        total = environment.stats.total
        if not total.num_requests:
            return
        print(
            f"\nsummary: {total.num_requests} requests, {total.total_rps:.1f} req/s,"
            f" p50 {total.get_response_time_percentile(0.5):.0f} ms,"
            f" p95 {total.get_response_time_percentile(0.95):.0f} ms,"
            f" errors {total.num_failures} ({100 * total.fail_ratio:.2f} %)"
        )
        for line in getattr(environment, "fault_report", []):
            print(f"fault: {line}")
        for name in getattr(environment, "fault_waiting", []):
            took = time.monotonic() - environment.fault_killed_at
            print(f"fault: {name} not back when the run ended, {took:.1f} s after the kill")

    _plan = None
    _taken = {}

    def plan():
        global _plan
        if _plan is None:
            if not PLAN.exists():
                sys.exit(f"{PLAN} is missing: run bench/locustfile.py --prepare first")
            _plan = json.loads(PLAN.read_text())
        return _plan

    class Person(HttpUser):
        """Someone with a browser: Host and scheme as nginx forwards them; cookies by hand,
        because the portal's are Secure and locust talks plain HTTP to nginx."""

        abstract = True
        host = HOST
        wait_time = between(1, 3)
        kind = "anonymous"
        me = {}
        session = None

        def on_start(self):
            self.csrf = "".join(secrets.choice(string.ascii_letters) for _ in range(32))
            people = plan().get(self.kind)
            if people:
                # Each in turn, so two users are one person only when there are too few people
                # (one person's booking cancelled twice would be a 404 of the bench's making).
                taken = _taken.setdefault(self.kind, itertools.count())
                self.me = people[next(taken) % len(people)]
                self.session = self.me["session"]

        def headers(self, path, post=False):
            headers = {"Host": "localhost"}
            if self.session:
                headers["Cookie"] = f"sessionid={self.session}; csrftoken={self.csrf}"
            if post:
                headers.update({"Origin": SITE, "Referer": SITE + path})
            return headers

        def get(self, path, name, expect=200):
            self.client.cookies.clear()
            with self.client.get(
                path,
                name=name,
                headers=self.headers(path),
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != expect:
                    response.failure(f"{response.status_code}, not {expect}")
                return response

        def post(self, path, name, data, expect=302):
            self.client.cookies.clear()
            with self.client.post(
                path,
                name=name,
                data={"csrfmiddlewaretoken": self.csrf, **data},
                headers=self.headers(path, post=True),
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != expect:
                    response.failure(f"{response.status_code}, not {expect}")
                return response

    class Visitor(Person):
        """Anonymous: the public pages, answered from the page cache."""

        weight = 5

        @task(2)
        def home(self):
            self.get("/", "anonymous: home")

        @task(6)
        def browse(self):
            self.get(random.choice(plan()["public"]), "anonymous: public page")

    class Member(Person):
        """A radiographer: home, a SIG, the events, search; books a place and cancels it."""

        weight = 3
        kind = "members"

        @task(2)
        def home(self):
            self.get("/", "member: home")

        @task(1)
        def my_network(self):
            self.get("/my/", "member: my network")

        @task(2)
        def sig(self):
            self.get(random.choice(plan()["sigs"]), "member: SIG page")

        @task(1)
        def events_list(self):
            self.get(plan()["events"], "member: events list")

        @task(2)
        def search(self):
            self.get(f"/search/?query={random.choice(SEARCHES)}", "member: search")

        @task(1)
        def book_and_cancel(self):
            path = plan()["event"]
            page = self.get(path, "member: event page")
            if not page.ok:
                return
            if not CANCEL.search(page.text):
                if not self.post(path, "member: book a place (POST)", {}).ok:
                    return
                page = self.get(path, "member: event page")
            cancel = CANCEL.search(page.text or "")
            if cancel is None:
                return
            self.get(cancel.group(1), "member: cancel page")
            self.post(cancel.group(1), "member: cancel the place (POST)", {})

    class Chair(Person):
        """A chair: their meeting (the MRI chair's has 40 items and 120 papers), the risk
        register, the adoption matrix, the dashboard."""

        weight = 1
        kind = "chairs"

        @task(3)
        def meeting(self):
            if self.me.get("meeting"):
                self.get(self.me["meeting"], "chair: meeting page")

        @task(2)
        def risks(self):
            self.get(self.me["risks"], "chair: risk register")

        @task(1)
        def adoption(self):
            self.get("/sigs/variation/", "chair: adoption matrix")

        @task(1)
        def dashboard(self):
            self.get("/dashboard/", "chair: dashboard")

        @task(1)
        def group(self):
            self.get(self.me["group"], "chair: group page")

    class Volunteer(Person):
        """A patient volunteer: the papers to review, a paper, sometimes feedback on it."""

        weight = 1
        kind = "volunteers"
        papers = ()

        @task(2)
        def papers_to_review(self):
            page = self.get("/governance/volunteers/papers/", "volunteer: papers to review")
            if page.ok:
                self.papers = sorted({match[0] for match in PAPER.findall(page.text)})

        @task(3)
        def review(self):
            if self.papers:
                self.get(random.choice(self.papers), "volunteer: review a paper")

        @task(1)
        def feedback(self):
            if self.papers:
                self.post(
                    random.choice(self.papers),
                    "volunteer: give feedback (POST)",
                    {"kind": "question", "text": "What will this mean for patients?", "ease": 4},
                )

        @task(1)
        def glossary(self):
            self.get("/governance/glossary/", "volunteer: glossary")


if __name__ == "__main__":
    if "--prepare" not in sys.argv[1:]:
        print(__doc__)
        sys.exit(0)
    prepare()
