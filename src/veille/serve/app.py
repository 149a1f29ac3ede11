"""The HTTP API (FastAPI, OpenAPI docs at /docs) and the dashboard's static files."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from veille import cameo, store
from veille.errors import QueryError
from veille.export import geojson
from veille.store import queries
from veille.store.queries import EventFilter

STATIC = Path(str(resources.files("veille.serve").joinpath("static")))
MAX_LIMIT = 1000
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# Every page loads only its own files (article text can never bring a script in), and no
# other site may frame one.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
    " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
    " frame-ancestors 'none'"
)
_SECURITY_HEADERS = {
    "Content-Security-Policy": _CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
}

MAX_OFFSET = 10_000_000
MAX_GEO_LIMIT = 5000
MAX_REPORTS = 200
Limit = Annotated[
    int,
    Query(
        ge=1,
        le=MAX_LIMIT,
        description=f"At most this many items, 1 to {MAX_LIMIT}. Unlike the CLI's --limit, 0 does"
        " not mean all: the API pages (offset), so that no answer is unbounded.",
    ),
]
Offset = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description="Skip this many items (for paging).")
]
GeoLimit = Annotated[
    int,
    Query(ge=1, le=MAX_GEO_LIMIT, description=f"At most this many points, 1 to {MAX_GEO_LIMIT}."),
]
Reports = Annotated[
    int,
    Query(ge=0, le=MAX_REPORTS, description="At most this many reports per event (newest first)."),
]
BBox = Annotated[
    str | None,
    Query(
        pattern=r"^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$",
        description="Only points within west,south,east,north (degrees): 2.2,48.8,2.5,48.9.",
    ),
]
# Host names the server answers to besides the address it is bound to: a page elsewhere that
# points its own name at 127.0.0.1 (DNS rebinding) must not read the store.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
Stance = Literal[queries.STANCES]


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where}: {err.get('msg', 'invalid value')}")
    return "bad parameter: " + "; ".join(parts)


def event_filter(
    actor: Annotated[
        str | None, Query(description="Country, body or code (RUS, UNO, RUSGOV), or a name.")
    ] = None,
    code: Annotated[
        str | None, Query(pattern=r"^\d{2,4}$", description="CAMEO code prefix (19, 036, 0251).")
    ] = None,
    root: Annotated[
        str | None, Query(pattern=r"^\d{1,2}$", description="CAMEO root code, 01 to 20.")
    ] = None,
    quad: Annotated[
        int | None,
        Query(ge=1, le=4, description="1 verbal coop., 2 material coop., 3/4 conflict."),
    ] = None,
    place: Annotated[str | None, Query(description="Place name or ISO country code.")] = None,
    since: Annotated[
        str | None, Query(pattern=_DATE, description="From this date (YYYY[-MM[-DD]]).")
    ] = None,
    until: Annotated[
        str | None, Query(pattern=_DATE, description="Up to this date (YYYY[-MM[-DD]]).")
    ] = None,
    stance: Annotated[Stance | None, Query(description="asserted, denied, hypothetical.")] = None,
    q: Annotated[str | None, Query(description="Words in the evidence or the title.")] = None,
    article_id: Annotated[str | None, Query(description="Events of one article.")] = None,
) -> EventFilter:
    try:
        return EventFilter(actor, code, root, quad, place, since, until, stance, q, article_id)
    except QueryError as error:
        raise HTTPException(400, str(error)) from None


Filter = Annotated[EventFilter, Depends(event_filter)]


IDLE_CLOSE = 0.5  # seconds the store stays open after the last request ends


def db(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor for one request on the app's one read-only connection (DuckDB wants a cursor
    per thread). The connection is open while requests come, and closed IDLE_CLOSE seconds
    after the last one: an idle server holds no lock, so that `veille run` (which waits for it)
    can write the store beside it, and the next request reads what it wrote. (Opening the
    store for each request cost more than most queries.)"""
    state = request.app.state
    if not state.owns_con:  # veille watch --serve: its connection, open as long as the watch
        cursor = state.con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
        return
    with state.lock:
        if state.closer is not None:
            state.closer.cancel()
            state.closer = None
        if state.con is None:
            state.con = store.connect(state.db_path, read_only=True)
        state.users += 1
        cursor = state.con.cursor()
    try:
        yield cursor
    finally:
        cursor.close()
        with state.lock:
            state.users -= 1
            if state.users == 0:
                state.closer = threading.Timer(IDLE_CLOSE, _close_if_idle, [state])
                state.closer.daemon = True
                state.closer.start()


def _close_if_idle(state) -> None:
    with state.lock:
        if state.users == 0 and state.con is not None:
            state.con.close()
            state.con = None


Con = Annotated[duckdb.DuckDBPyConnection, Depends(db)]


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    west, south, east, north = (float(v) for v in value.split(","))
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise HTTPException(
            400, f"bbox: {value!r} is not west,south,east,north within -180..180, -90..90"
        )
    return west, south, east, north


def _host_name(header: str) -> str:
    if header.startswith("["):  # [::1]:8000
        return header[1 : header.find("]")]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def create_app(
    db_path: str | Path,
    con: duckdb.DuckDBPyConnection | None = None,
    watch: dict | None = None,
    hosts: tuple[str, ...] = LOCAL_HOSTS,
) -> FastAPI:
    """The API and dashboard over the store at `db_path`, opened read-only while requests
    come, answering requests whose Host is one of `hosts` ("*": any).

    `veille watch --serve` passes its own connection (`con`, which the app never closes) and
    the watch's status (`watch`: rules, interval, last poll), read by /api/watch."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(f"{db_path}: no such store (make one with `veille run`)")

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        if app.state.closer is not None:
            app.state.closer.cancel()
        if app.state.con is not None and app.state.owns_con:
            app.state.con.close()
            app.state.con = None

    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # served below from the bundled Swagger UI, not from a CDN
        redoc_url=None,
        title="veille",
        summary="Sourced, structured news events: who did what to whom, who says so, who denies it.",
        version="1",
    )

    app.state.db_path = db_path
    app.state.con = con  # else open only while requests run
    app.state.owns_con = con is None
    app.state.users = 0  # requests running
    app.state.closer = None  # the timer that closes the store once no request runs
    app.state.watch = watch
    app.state.lock = threading.Lock()

    allowed = {h.lower() for h in hosts}

    @app.middleware("http")
    async def checked_host_and_headers(request: Request, call_next):
        host = _host_name(request.headers.get("host", "")).lower()
        if "*" not in allowed and host not in allowed:
            response = _error(
                400, f"host {host!r} not served: start `veille serve --allow-host {host}` for it"
            )
        else:
            response = await call_next(request)
        response.headers.update(_SECURITY_HEADERS)
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(400, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(store.StoreError)
    async def unusable_store(request: Request, exc: store.StoreError) -> JSONResponse:
        return _error(503 if isinstance(exc, store.StoreBusy) else 500, str(exc))

    @app.exception_handler(duckdb.Error)
    async def store_error(request: Request, exc: duckdb.Error) -> JSONResponse:
        return _error(500, str(store.store_error(None, exc)))

    @app.get("/api/articles", tags=["articles"])
    def list_articles(
        con: Con,
        q: Annotated[str | None, Query(description="Words in the title or text.")] = None,
        story_id: str | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict:
        """Articles with their text, newest first."""
        return queries.articles(con, q, story_id, limit, offset)

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def get_article(con: Con, article_id: str) -> dict:
        """One article with every record found in it: what the reader highlights."""
        found = queries.article(con, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return found

    @app.get("/api/events", tags=["events"])
    def list_events(con: Con, f: Filter, limit: Limit = 50, offset: Offset = 0) -> dict:
        """Events with their story counts (GDELT's NumMentions, NumSources, NumArticles)."""
        return queries.events(con, f, limit, offset)

    @app.get("/api/timeline", tags=["events"])
    def timeline(con: Con, f: Filter) -> list[dict]:
        """Event counts per date and quad class."""
        return queries.timeline(con, f)

    @app.get("/api/network", tags=["events"])
    def network(con: Con, f: Filter) -> dict:
        """Who acts on whom: actors and edges weighted by events, cooperation and conflict."""
        return queries.network(con, f)

    @app.get("/api/geojson", tags=["events"])
    def events_geojson(
        con: Con,
        f: Filter,
        bbox: BBox = None,
        limit: GeoLimit = 2000,
        offset: Offset = 0,
    ) -> dict:
        """A page of the matching events that have coordinates, newest first, as a GeoJSON
        FeatureCollection (with total, limit and offset beside its features)."""
        page = queries.geo_events(con, f, _bbox(bbox), limit, offset)
        # Plain numbers and strings: json.dumps writes them 6x faster than FastAPI's encoder.
        found = {**geojson.collection(page.pop("items")), **page}
        return Response(json.dumps(found, ensure_ascii=False), media_type="application/json")

    @app.get("/api/claims", tags=["events"])
    def claims(
        con: Con,
        f: Filter,
        event_id: Annotated[
            str | None, Query(description="Only the claims about this event.")
        ] = None,
        limit: Limit = 50,
        offset: Offset = 0,
        reports: Reports = 20,
    ) -> dict:
        """For each event (source, code, target), most reported first: who asserts it, who
        denies it, and its newest reports (reports_total counts them all)."""
        page = queries.claims(con, f, event_id, limit, offset, reports)
        if page is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return page

    @app.get("/api/quotes", tags=["quotes"])
    def list_quotes(
        con: Con,
        speaker: str | None = None,
        q: Annotated[str | None, Query(description="Words in the quotation.")] = None,
        article_id: str | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict:
        """Direct quotations with their speakers."""
        return queries.quotes(con, speaker, q, article_id, limit, offset)

    @app.get("/api/actors", tags=["actors"])
    def list_actors(con: Con, q: str | None = None, limit: Limit = 50, offset: Offset = 0) -> dict:
        """Actor codes (RUSGOV, MLIREB …) with how often they act and are acted upon."""
        return queries.actors(con, q, limit, offset)

    @app.get("/api/places", tags=["places"])
    def list_places(con: Con, q: str | None = None, limit: Limit = 50, offset: Offset = 0) -> dict:
        """Places named in the articles, with coordinates and mention counts."""
        return queries.places(con, q, limit, offset)

    @app.get("/api/stories", tags=["articles"])
    def list_stories(con: Con, limit: Limit = 50, offset: Offset = 0) -> dict:
        """Stories: near-duplicate and syndicated articles grouped."""
        return queries.stories(con, limit, offset)

    @app.get("/api/stats", tags=["stats"])
    def stats(con: Con) -> dict:
        """Row counts and event breakdowns."""
        return queries.stats(con)

    @app.get("/api/alerts", tags=["watch"])
    def list_alerts(con: Con, rule: str | None = None, limit: Limit = 50) -> dict:
        """Alerts fired by the watch's rules, newest first."""
        from veille.watch.alerts import alerts_page

        return alerts_page(con, rule, limit)

    @app.get("/api/watch", tags=["watch"])
    def watch_status(con: Con) -> dict:
        """The watch behind this server (null when none): its rules and when each last fired,
        its interval, its last poll, and the store's counts the dashboard follows."""
        from veille.watch.alerts import status

        return status(con, app.state.watch)

    @app.get("/api/cameo", tags=["stats"])
    def cameo_codes() -> list[dict]:
        """The CAMEO codebook: codes with their names, quad classes and Goldstein values."""
        return [
            {
                "code": c,
                "name": e["name"],
                "quad_class": e["quad_class"],
                "goldstein": e["goldstein"],
            }
            for c, e in sorted(cameo.table().items())
        ]

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        # Swagger UI started by a file of ours, not by the inline script FastAPI's page
        # carries, which the policy forbids.
        return FileResponse(STATIC / "docs.html")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
