"""The watch: feeds and folders polled on a schedule, new articles analysed as they arrive, and
alerts when an event matches a rule.

    from veille.watch import watch, load_rules
    rules = load_rules("alerts.toml")
    watch(["https://example.org/feed.xml"], store.connect(path), nlp,
          every=900, rules=rules.rules, on_alerts=deliverer.send)
"""

from veille.watch.alerts import Alert, list_alerts
from veille.watch.deliver import Deliverer, delivery_from
from veille.watch.loop import PollReport, source_states, stop_on_signals, watch
from veille.watch.rules import Rule, Rules, RulesError, load_rules

__all__ = [
    "Alert",
    "Deliverer",
    "PollReport",
    "Rule",
    "Rules",
    "RulesError",
    "delivery_from",
    "list_alerts",
    "load_rules",
    "source_states",
    "stop_on_signals",
    "watch",
]
