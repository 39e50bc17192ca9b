"""`assistant web`: the supervisor page. FastAPI + Jinja2 templates, htmx and server-sent events.

Every page needs a login; acknowledging needs the supervisor role and the session's CSRF token, and is
recorded with the supervisor's identity (web_actions in the plant database, web-actions.jsonl beside a
station's log) before the signed acknowledgement goes to the station.
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import secrets
import threading
import time
import urllib.parse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sse_starlette.sse import EventSourceResponse

from ...config import REPORT_KINDS, AlertSettings, Config
from .auth import Session, Sessions, UserStore, csrf_ok
from .charts import handover_charts, svg
from .source import LogFilter, PostgresSource, Source, StationSource

_LOGGER = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
COOKIE = "sv_session"
LOGIN_COOKIE = "sv_login"
ESCALATION = ("line lead", "shift supervisor", "production manager", "plant manager")
"""Who each escalation level reaches (on the station topic, and the webhook where one is set)."""


def notified(level: int) -> str:
    return ", ".join(ESCALATION[: min(level, len(ESCALATION) - 1) + 1])


class Hub:
    """Wakes every open event stream when the source says something changed."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self._waiters: set[asyncio.Event] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._thread = threading.Thread(
            target=self._source.watch, args=(self._changed, self._stop), name="web-watch", daemon=True
        )
        self._thread.start()

    def _changed(self) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.poke)

    def poke(self) -> None:
        for waiter in list(self._waiters):
            waiter.set()

    def subscribe(self) -> asyncio.Event:
        event = asyncio.Event()
        event.set()  # the first render goes out at once
        self._waiters.add(event)
        return event

    def unsubscribe(self, event: asyncio.Event) -> None:
        self._waiters.discard(event)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=3)


def _clock(value: Any) -> str:
    try:
        return time.strftime("%H:%M:%S", time.localtime(float(value)))
    except (TypeError, ValueError):
        return ""


def _ago(value: Any) -> str:
    try:
        seconds = time.time() - float(value)
    except (TypeError, ValueError):
        return "never"
    if float(value) <= 0:
        return "never"
    return f"{seconds:.0f} s ago" if seconds < 120 else f"{seconds / 60:.0f} min ago"


def _slots(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(value.items()))


def create_app(source: Source, users: UserStore, sessions: Sessions, *, secure_cookies: bool = False) -> Any:
    templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    templates.filters.update(clock=_clock, ago=_ago, slots=_slots)
    hub = Hub(source)
    pending_acks: dict[str, str] = {}  # incident id -> who sent an acknowledgement not yet seen back

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        hub.start(asyncio.get_running_loop())
        yield
        hub.stop()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def render(name: str, **context: Any) -> str:
        return templates.get_template(name).render(source_name=source.name, **context)

    def session_of(request: Request) -> Session | None:
        return sessions.read(request.cookies.get(COOKIE))

    def need(request: Request) -> Session:
        session = session_of(request)
        if session is None:
            raise HTTPException(status_code=303, headers={"Location": "/login"})
        return session

    def checked(request: Request, session: Session, token: str | None) -> None:
        if not csrf_ok(session, token or request.headers.get("X-CSRF-Token")):
            raise HTTPException(status_code=403, detail="missing or wrong CSRF token")

    def incidents_html(session: Session, notice: str = "") -> str:
        rows = source.incidents(open_only=True)
        open_ids = {r["id"] for r in rows}
        for incident_id in list(pending_acks):
            if incident_id not in open_ids:
                pending_acks.pop(incident_id, None)
        shown = [{**r, "notified": notified(int(r["level"])), "pending_by": pending_acks.get(r["id"])} for r in rows]
        recent = [r for r in source.incidents(open_only=False, limit=20) if r["state"] != "open"][:5]
        return render(
            "_incidents.html",
            incidents=shown,
            recent=recent,
            may_ack=session.may_acknowledge,
            csrf=session.csrf,
            notice=notice,
        )

    def fragments(session: Session) -> dict[str, str]:
        return {
            "incidents": incidents_html(session),
            "drafts": render("_drafts.html", drafts=source.drafts_pending()),
            "health": render("_health.html", stations=source.stations()),
        }

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, error: str = "") -> Response:
        token = secrets.token_urlsafe(16)
        page = render("login.html", title="Log in", session=None, page="login", login_csrf=token, error=error)
        response = HTMLResponse(page)
        response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=secure_cookies)
        return response

    @app.post("/login")
    async def login(
        request: Request, username: str = Form(...), password: str = Form(...), csrf: str = Form("")
    ) -> Response:
        expected = request.cookies.get(LOGIN_COOKIE, "")
        if not expected or not secrets.compare_digest(expected, csrf):
            return RedirectResponse("/login?error=Your+login+form+expired%2C+try+again", status_code=303)
        role = await asyncio.to_thread(users.authenticate, username, password)
        if role is None:
            await asyncio.sleep(0.5)  # slows guessing; scrypt already costs ~50 ms per try
            return RedirectResponse("/login?error=Wrong+user+name+or+password", status_code=303)
        cookie, _ = sessions.issue(username, role)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            COOKIE, cookie, httponly=True, samesite="strict", secure=secure_cookies, max_age=int(sessions.lifetime_s)
        )
        response.delete_cookie(LOGIN_COOKIE)
        return response

    @app.post("/logout")
    def logout(request: Request, csrf: str = Form("")) -> Response:
        session = need(request)
        checked(request, session, csrf)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    @app.get("/", response_class=HTMLResponse)
    def live(request: Request) -> str:
        session = need(request)
        parts = fragments(session)
        return render(
            "live.html",
            title="Live",
            page="live",
            session=session,
            incidents_html=parts["incidents"],
            drafts_html=parts["drafts"],
            health_html=parts["health"],
        )

    @app.get("/events")
    async def events(request: Request) -> Any:
        session = need(request)
        wake = hub.subscribe()

        async def stream() -> AsyncIterator[dict[str, str]]:
            try:
                while True:
                    await wake.wait()
                    wake.clear()
                    if await request.is_disconnected():
                        return
                    for name, html in (await asyncio.to_thread(fragments, session)).items():
                        yield {"event": name, "data": html}
            finally:
                hub.unsubscribe(wake)

        return EventSourceResponse(stream(), ping=15)

    @app.post("/incidents/{incident_id}/ack", response_class=HTMLResponse)
    async def acknowledge(request: Request, incident_id: str, csrf: str = Form("")) -> Response:
        session = need(request)
        checked(request, session, csrf)
        if not session.may_acknowledge:
            raise HTTPException(status_code=403, detail="only supervisors acknowledge incidents")
        incident = source.incident(incident_id)
        if incident is None:
            raise HTTPException(status_code=404, detail="no such incident")
        source.record_action(session.user, session.role, "acknowledge", incident_id, {"hazard": incident["hazard"]})
        try:
            outcome = await asyncio.to_thread(source.acknowledge, incident, session.user)
            notice = f"Acknowledgement of {incident['hazard']} {outcome} as {session.user}."
            if outcome == "sent":
                pending_acks[incident_id] = session.user
        except Exception as exc:  # broker down: say so, the supervisor can try again
            _LOGGER.warning("acknowledgement of %s failed: %s", incident_id, exc)
            notice = f"Could not acknowledge: {exc}"
        html = await asyncio.to_thread(incidents_html, session, notice)
        hub.poke()
        if request.headers.get("HX-Request"):
            return HTMLResponse(html)
        return RedirectResponse("/", status_code=303)

    def log_filter(request: Request) -> LogFilter:
        q = request.query_params
        try:
            since_h = min(max(float(q.get("since_h") or 12), 0.1), 24 * 31)
        except ValueError:
            since_h = 12.0
        return LogFilter(q.get("line", "").strip(), q.get("station", "").strip(), q.get("kind", ""), since_h)

    @app.get("/log", response_class=HTMLResponse)
    def log_page(request: Request) -> str:
        session = need(request)
        where = log_filter(request)
        reports = source.reports(where)
        query = urllib.parse.urlencode(
            {"line": where.line, "station": where.station, "kind": where.kind, "since_h": where.since_h}
        )
        return render(
            "log.html", title="Shift log", page="log", session=session, f=where, kinds=REPORT_KINDS,
            reports=reports, query=query,
        )  # fmt: skip

    @app.get("/log.csv")
    def log_csv(request: Request) -> Response:
        need(request)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["time_utc", "site", "line", "station", "headset", "kind", "report_id", "slots", "transcript"])
        for r in source.reports(log_filter(request), limit=100000):
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(float(r.get("created_at") or 0)))
            writer.writerow([
                stamp, r.get("site"), r.get("line"), r.get("station"), r.get("headset"), r.get("kind"),
                r.get("report_id"), _slots(r.get("slots")), r.get("transcript"),
            ])  # fmt: skip
        headers = {"Content-Disposition": 'attachment; filename="shift-log.csv"'}
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)

    @app.get("/handover", response_class=HTMLResponse)
    def handover(request: Request, since_h: float = 12.0) -> str:
        session = need(request)
        since_h = min(max(since_h, 0.5), 24 * 7)
        where = LogFilter(since_h=since_h)
        reports = source.reports(where, limit=100000)
        incidents = source.incidents_since(where.since)
        charts = [{"key": c.key, "title": c.title, "svg": svg(c)} for c in handover_charts(reports, incidents)]
        return render(
            "handover.html", title="Shift handover", page="handover", session=session, charts=charts,
            since_h=f"{since_h:g}", report_count=len(reports), incident_count=len(incidents),
            open_count=sum(1 for i in incidents if i["state"] == "open"),
        )  # fmt: skip

    return app


def build_source(config: Config, alerts: AlertSettings, dsn: str) -> Source:
    if dsn:
        return PostgresSource(dsn, alerts)
    return StationSource(config.database_path, alerts, config.chain_key_path)


def serve(
    config: Config, alerts: AlertSettings, *, dsn: str, users: Path, host: str, port: int, plain_http: bool = False
) -> int:
    import sys

    import uvicorn

    if not users.exists():
        print(
            f"error: no users yet: add one with 'assistant web user NAME --role supervisor' ({users})", file=sys.stderr
        )
        return 2
    source = build_source(config, alerts, dsn)
    sessions = Sessions(users.with_name("web-session.key"))
    app = create_app(
        source,
        UserStore(users),
        sessions,
        secure_cookies=not plain_http and host not in ("127.0.0.1", "localhost"),
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0


class BackgroundServer:
    """The app on a free loopback port in a thread (tests and the benchmark); stop() ends it."""

    def __init__(self, app: Any, port: int = 0) -> None:
        import socket

        import uvicorn

        if port == 0:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = int(probe.getsockname()[1])
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, name="web-server", daemon=True)

    def start(self) -> BackgroundServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
