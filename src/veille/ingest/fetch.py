"""Polite HTTP fetching: http(s) only, timeouts, a size limit, bounded redirects, a delay per host,
and each host's robots.txt obeyed (its Disallow rules and Crawl-delay, as RFC 9309 reads them)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from importlib.metadata import version
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

# The installed package's version, not veille.__version__: the package's face imports the
# library, and the library imports no face.
USER_AGENT = f"veille/{version('veille')} (news event extraction; +https://github.com/veille)"
MAX_BYTES = 10_000_000
MAX_CRAWL_DELAY = 60.0  # seconds: a robots.txt asking for more would stall the run for hours


class FetchError(Exception):
    """A page that could not be fetched; the message is the reason shown to the user."""

    def __init__(self, reason: str, status: int | None = None):
        super().__init__(reason)
        self.status = status  # the HTTP status, when the server answered


@dataclass
class Page:
    url: str  # after redirects
    body: bytes
    content_type: str  # "text/html; charset=utf-8" or ""
    status: int = 200  # 304 when a conditional GET found the page unchanged (empty body)
    etag: str = ""  # validators to send back as If-None-Match / If-Modified-Since
    last_modified: str = ""


@dataclass
class Fetcher:
    """One HTTP client for a run: remembers when it last asked each host."""

    timeout: float = 10.0  # seconds, for connecting, each read, and the whole body
    max_bytes: int = MAX_BYTES
    max_redirects: int = 5
    delay: float = 1.0  # seconds between two requests to the same host
    robots: bool = True  # obey each host's robots.txt
    _last: dict[str, float] = field(default_factory=dict)
    _rules: dict[str, RobotFileParser] = field(default_factory=dict)  # by scheme://host:port
    _crawl_delay: dict[str, float] = field(default_factory=dict)  # by host, from robots.txt
    _client: httpx.Client | None = None

    def get(self, url: str, etag: str = "", last_modified: str = "") -> Page:
        """The body of `url`, or FetchError with the reason. Given the validators of an earlier
        answer, a page the server says is unchanged comes back as status 304 with no body."""
        headers = {"If-None-Match": etag} if etag else {}
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._follow(url, obey_robots=self.robots, headers=headers)

    def _follow(self, url: str, obey_robots: bool, headers: dict | None = None) -> Page:
        for _ in range(self.max_redirects + 1):
            scheme = urlsplit(url).scheme.lower()
            if scheme not in ("http", "https"):
                raise FetchError(
                    f"unsupported URL scheme {scheme or 'none'!r} (http and https only)"
                )
            if obey_robots and not (rules := self._rules_for(url)).can_fetch(USER_AGENT, url):
                if rules.disallow_all:  # set only when robots.txt was unreachable
                    raise FetchError("robots.txt unreachable (server or network error)")
                raise FetchError("disallowed by the site's robots.txt")
            response_or_next = self._get_once(url, headers)
            if isinstance(response_or_next, Page):
                return response_or_next
            url = response_or_next
        raise FetchError(f"more than {self.max_redirects} redirects")

    def _get_once(self, url: str, headers: dict | None = None) -> Page | str:
        self._wait_for(urlsplit(url).hostname or "")
        deadline = time.monotonic() + self.timeout
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                # Before redirects: httpx counts 304 Not Modified among them.
                if response.status_code == 304:
                    return Page(str(response.url), b"", "", 304, *_validators(response))
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {response.status_code} without a Location")
                    return urljoin(url, location)
                if response.status_code >= 400:
                    raise FetchError(
                        f"HTTP {response.status_code} {response.reason_phrase}".strip(),
                        response.status_code,
                    )
                declared = int(response.headers.get("content-length") or 0)
                if declared > self.max_bytes:
                    raise FetchError(
                        f"page too large ({declared:,} bytes, limit {self.max_bytes:,})"
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"page too large (over {self.max_bytes:,} bytes)")
                    # A server that drips bytes must not hold the run beyond the timeout.
                    if time.monotonic() > deadline:
                        raise FetchError(f"timed out after {self.timeout:g} s")
                    chunks.append(chunk)
                return Page(
                    str(response.url),
                    b"".join(chunks),
                    response.headers.get("content-type", ""),
                    response.status_code,
                    *_validators(response),
                )
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise FetchError(f"{type(error).__name__}: {error}") from None

    def _rules_for(self, url: str) -> RobotFileParser:
        """The robots.txt rules of the URL's host, read once per run. urllib.robotparser does the
        matching; fetching is ours, so that robots.txt gets the same timeouts and limits."""
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        if origin in self._rules:
            return self._rules[origin]
        rules = self._rules[origin] = RobotFileParser(f"{origin}/robots.txt")
        try:
            page = self._follow(rules.url, obey_robots=False)
            rules.parse(page.body.decode("utf-8", "replace").splitlines())
            delay = rules.crawl_delay(USER_AGENT)
            if delay:
                self._crawl_delay[parts.hostname or ""] = min(float(delay), MAX_CRAWL_DELAY)
        except FetchError as error:
            # RFC 9309: no robots.txt (4xx) allows everything; an unreachable one (5xx, network
            # error) forbids everything.
            unavailable = error.status is not None and 400 <= error.status < 500
            rules.allow_all, rules.disallow_all = unavailable, not unavailable
            rules.modified()
        return rules

    def _wait_for(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wanted = max(self.delay, self._crawl_delay.get(host, 0.0))
            pause = wanted - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.timeout,
                follow_redirects=False,  # followed by hand, so each hop's scheme is checked
                headers={"User-Agent": USER_AGENT},
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


def _validators(response: httpx.Response) -> tuple[str, str]:
    return response.headers.get("etag", ""), response.headers.get("last-modified", "")
