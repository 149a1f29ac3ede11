"""Delivery of new alerts: a JSONL log, a webhook and e-mail, from the [delivery] table.

    [delivery]
    jsonl = "alerts.jsonl"
    webhook = { url = "https://hooks.example.org/veille", timeout = 5, retries = 3 }
    smtp = { host = "smtp.example.org", port = 587, starttls = true,
             from = "veille@example.org", to = ["desk@example.org"] }

The JSONL line is written at once; the webhook and e-mail are sent by one background thread,
so a slow or failing endpoint never holds the watch. SMTP credentials come from the
environment (VEILLE_SMTP_USER, VEILLE_SMTP_PASSWORD), never from the file.
"""

from __future__ import annotations

import json
import os
import queue
import smtplib
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import httpx

from veille.ingest.fetch import USER_AGENT
from veille.watch.alerts import Alert
from veille.watch.rules import RulesError

SMTP_USER = "VEILLE_SMTP_USER"
SMTP_PASSWORD = "VEILLE_SMTP_PASSWORD"


@dataclass
class Webhook:
    url: str
    timeout: float = 5.0  # seconds per attempt
    retries: int = 3  # attempts after the first
    backoff: float = 1.0  # seconds before the first retry, doubled at each


@dataclass
class Smtp:
    host: str
    to: list[str]
    sender: str
    port: int = 587
    starttls: bool = True
    timeout: float = 10.0
    cafile: str | None = None  # a CA bundle to verify the server with, instead of the system's


@dataclass
class Delivery:
    jsonl: Path | None = None
    webhook: Webhook | None = None
    smtp: Smtp | None = None


def delivery_from(settings: dict) -> Delivery:
    """The Delivery of a rules file's [delivery] table (RulesError when it is malformed)."""
    unknown = set(settings) - {"jsonl", "webhook", "smtp"}
    if unknown:
        raise RulesError(f"[delivery]: unknown keys {sorted(unknown)} (jsonl, webhook, smtp)")
    try:
        hook, mail = settings.get("webhook"), settings.get("smtp")
        return Delivery(
            jsonl=Path(settings["jsonl"]) if settings.get("jsonl") else None,
            webhook=Webhook(**hook) if hook else None,
            smtp=(
                Smtp(
                    **{k: v for k, v in mail.items() if k not in ("from", "to")},
                    sender=mail["from"],
                    to=[mail["to"]] if isinstance(mail["to"], str) else list(mail["to"]),
                )
                if mail
                else None
            ),
        )
    except (TypeError, KeyError) as error:
        raise RulesError(f"[delivery]: {error}") from None


@dataclass
class Deliverer:
    """Sends alerts as Delivery says; failures go to `on_error`, never up to the watch."""

    delivery: Delivery
    on_error: Callable[[str], None] = lambda message: None
    _queue: queue.Queue = field(default_factory=queue.Queue)
    _thread: threading.Thread | None = None

    def send(self, alerts: list[Alert]) -> None:
        if not alerts:
            return
        if self.delivery.jsonl:
            with self.delivery.jsonl.open("a", encoding="utf-8") as log:
                for alert in alerts:
                    log.write(json.dumps(alert.to_dict(), ensure_ascii=False) + "\n")
        if self.delivery.webhook or self.delivery.smtp:
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="veille-deliver")
                self._thread.daemon = True  # a hung endpoint must not keep the process alive
                self._thread.start()
            self._queue.put(alerts)

    def close(self, timeout: float = 30.0) -> None:
        """Deliver what is queued (for at most `timeout` seconds), then stop the thread."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None

    def _work(self) -> None:
        while (alerts := self._queue.get()) is not None:
            if self.delivery.webhook:
                for alert in alerts:
                    post(self.delivery.webhook, alert.to_dict(), self.on_error)
            if self.delivery.smtp:
                try:
                    mail(self.delivery.smtp, alerts)
                except (OSError, smtplib.SMTPException) as error:
                    self.on_error(f"e-mail to {self.delivery.smtp.host} failed: {error}")


def post(hook: Webhook, payload: dict, on_error: Callable[[str], None]) -> bool:
    """POST the payload as JSON, retrying with a doubling pause; False when every attempt failed."""
    pause = hook.backoff
    for attempt in range(hook.retries + 1):
        try:
            response = httpx.post(
                hook.url, json=payload, timeout=hook.timeout, headers={"User-Agent": USER_AGENT}
            )
            response.raise_for_status()
            return True
        except httpx.HTTPError as error:
            reason = str(error) or type(error).__name__
        if attempt < hook.retries:
            time.sleep(pause)
            pause *= 2
    on_error(f"webhook {hook.url} failed {hook.retries + 1} times, the last: {reason}")
    return False


def mail(smtp: Smtp, alerts: list[Alert]) -> None:
    """One e-mail for a batch of alerts, over STARTTLS when asked, logged in when the
    environment holds credentials."""
    message = EmailMessage()
    first = alerts[0]
    more = f" (+{len(alerts) - 1} more)" if len(alerts) > 1 else ""
    message["Subject"] = f"veille alert: {first.rule}{more}"
    message["From"] = smtp.sender
    message["To"] = ", ".join(smtp.to)
    message.set_content("\n\n".join(_as_text(a) for a in alerts) + "\n")
    with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as client:
        if smtp.starttls:
            client.starttls(context=ssl.create_default_context(cafile=smtp.cafile))
        if os.environ.get(SMTP_USER):
            client.login(os.environ[SMTP_USER], os.environ.get(SMTP_PASSWORD, ""))
        client.send_message(message)


def _as_text(alert: Alert) -> str:
    lines = [alert.message, f"rule: {alert.rule} · fired {alert.to_dict()['fired_at']}"]
    if alert.url:
        lines.append(f"article: {alert.url}")
    if alert.reported_by:
        lines.append(f"reported by: {alert.reported_by}")
    return "\n".join(lines)
