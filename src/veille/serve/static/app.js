// veille dashboard. Everything that comes from an article is put in the page as text
// (textContent, text nodes, elements built one by one): never as HTML.
"use strict";

const QUAD_NAMES = {
  1: "verbal cooperation",
  2: "material cooperation",
  3: "verbal conflict",
  4: "material conflict",
};
const QUAD_COLOURS = { 1: "#2b8cbe", 2: "#31a354", 3: "#e6850e", 4: "#d7301f" };
const PAGE = 50;
const CLAIMS_PAGE = 20; // events per claims page
const CLAIMS_REPORTS = 5; // reports shown per event; the rest are counted

const state = {
  view: "events",
  offset: 0,
  codes: {}, // CAMEO code -> name
  article: null, // the article open in the reader
  dirty: new Set(["events", "map", "timeline", "network", "claims", "alerts"]),
  seen: null, // the store's counts at the last look, while a watch writes it
  claimsEvent: null, // the event the claims view is about, or null for all
  claimsOffset: 0,
};

// ---- small helpers -------------------------------------------------------

// Build an element; string children become text nodes, so article strings stay text.
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function showError(message) {
  const box = document.getElementById("error");
  box.textContent = message;
  box.hidden = !message;
}

async function api(path, params = {}) {
  const url = new URL("api/" + path, document.baseURI);
  for (const [key, value] of Object.entries(params)) {
    if (value !== "" && value !== null && value !== undefined) url.searchParams.set(key, value);
  }
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error ? body.error.message : response.statusText);
  }
  return body;
}

function filters() {
  const form = document.getElementById("filters");
  const values = {};
  for (const [key, value] of new FormData(form).entries()) {
    if (String(value).trim()) values[key] = String(value).trim();
  }
  return values;
}

function codeLabel(code) {
  const name = state.codes[code] || state.codes[(code || "").slice(0, 3)] || "";
  return name ? `${code} ${name}` : code || "";
}

function quadChip(quad) {
  return el("span", { class: `quad quad-${quad}`, title: QUAD_NAMES[quad] || "" }, quad ?? "");
}

function actorLabel(code, name) {
  if (!code && !name) return "—";
  return name && name !== code ? `${code || "?"} (${name})` : code;
}

// ---- views ---------------------------------------------------------------

async function loadEvents() {
  const page = await api("events", { ...filters(), limit: PAGE, offset: state.offset });
  const body = document.querySelector("#events-table tbody");
  body.replaceChildren(
    ...page.items.map((e) =>
      el(
        "tr",
        { "data-event-id": e.event_id },
        el("td", {}, e.event_date),
        el("td", {}, actorLabel(e.source_code, e.source_name)),
        el("td", {}, quadChip(e.quad_class), " ", codeLabel(e.code)),
        el("td", {}, actorLabel(e.target_code, e.target_name)),
        el("td", { class: `stance-${e.stance}` }, e.stance),
        el("td", {}, e.reported_by || ""),
        el("td", {}, e.place_name || e.place || ""),
        el("td", { class: "evidence" }, e.evidence),
        el("td", {}, `${e.story_mentions ?? ""}/${e.num_sources ?? ""}/${e.num_articles ?? ""}`),
        el(
          "td",
          {},
          el("button", { type: "button", class: "read", onclick: () => openArticle(e.article_id, e) }, "Read"),
          " ",
          el("button", { type: "button", class: "claims", onclick: () => openClaims(e) }, "Claims"),
        ),
      ),
    ),
  );
  const last = Math.min(page.offset + page.items.length, page.total);
  document.getElementById("page-info").textContent = page.total
    ? `${page.offset + 1}–${last} of ${page.total} events`
    : "no event matches";
  document.getElementById("prev").disabled = page.offset === 0;
  document.getElementById("next").disabled = last >= page.total;
}

let map = null;
let cluster = null;

async function loadMap() {
  if (!map) {
    // No tile layer sets a zoom range, and markercluster needs one.
    map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([20, 10], 2);
    // The world from the bundled Natural Earth file: no tile server, works offline.
    const topo = await (await fetch("static/vendor/world-atlas/countries-110m.json")).json();
    const world = topojson.feature(topo, topo.objects.countries);
    world.features = world.features.filter((f) => f.id !== "010").map(unwrapFeature); // 010: Antarctica
    L.geoJSON(world, {
      style: { color: "#8c96a3", weight: 0.6, fillColor: "#f2efe9", fillOpacity: 1 },
      interactive: false,
    }).addTo(map);
    cluster = L.markerClusterGroup({ iconCreateFunction: clusterIcon, maxClusterRadius: 40 });
    map.addLayer(cluster);
    document.getElementById("map-legend").replaceChildren(
      ...[1, 2, 3, 4].flatMap((q) => [el("span", { class: `swatch q${q}` }), QUAD_NAMES[q]]),
    );
  }
  map.invalidateSize();
  const collection = await api("geojson", filters());
  cluster.clearLayers();
  const markers = collection.features.map((f) => {
    const [lon, lat] = f.geometry.coordinates;
    const p = f.properties;
    const marker = L.circleMarker([lat, lon], {
      radius: 8,
      color: "#fff",
      weight: 1.5,
      fillColor: QUAD_COLOURS[p.quad_class] || "#555",
      fillOpacity: 0.9,
    });
    marker.options.quad = p.quad_class;
    marker.bindPopup(
      el(
        "div",
        { class: "popup" },
        el("p", {}, el("b", {}, p.place_name || p.place), " · ", p.event_date),
        el("p", {}, quadChip(p.quad_class), " ", `${p.source_code || "?"} → ${codeLabel(p.code)} → ${p.target_code || "?"}`),
        el("p", {}, p.evidence),
        el("button", { type: "button", class: "linklike", onclick: () => openArticle(p.article_id, p) }, "Read the article"),
      ),
    );
    return marker;
  });
  cluster.addLayers(markers);
  document.getElementById("map-count").textContent =
    collection.total > markers.length
      ? `The newest ${markers.length} of ${collection.total} events with a place (narrow the filters for the rest).`
      : "";
  if (markers.length) map.fitBounds(cluster.getBounds(), { maxZoom: 5, padding: [30, 30] });
}

// Natural Earth rings that cross the antimeridian jump from 180 to -180, which a flat map
// draws as a line across the world: continue them past 180 instead.
function unwrapRing(ring) {
  let shift = 0;
  return ring.map((point, i) => {
    if (i > 0) {
      const step = point[0] - ring[i - 1][0];
      if (step > 180) shift -= 360;
      else if (step < -180) shift += 360;
    }
    return [point[0] + shift, point[1]];
  });
}

function unwrapFeature(feature) {
  const g = feature.geometry;
  if (g && g.type === "Polygon") g.coordinates = g.coordinates.map(unwrapRing);
  if (g && g.type === "MultiPolygon") g.coordinates = g.coordinates.map((p) => p.map(unwrapRing));
  return feature;
}

// A cluster takes the colour of its most frequent quad class.
function clusterIcon(group) {
  const counts = {};
  for (const marker of group.getAllChildMarkers()) {
    counts[marker.options.quad] = (counts[marker.options.quad] || 0) + 1;
  }
  const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
  const n = group.getChildCount();
  const size = 26 + Math.min(20, Math.round(Math.log2(n) * 5));
  const html = el("div", { class: "cluster-icon" }, String(n));
  html.style.background = QUAD_COLOURS[top] || "#555";
  html.style.width = html.style.height = `${size}px`;
  return L.divIcon({ html, className: "", iconSize: [size, size] });
}

let chart = null;

// Days with no event still get a bar slot, so gaps show; a long range is counted by month.
// Events dated only to a month or a year keep a bar of their own, labelled as such.
function timelineBuckets(rows) {
  const days = rows.filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.date));
  const partial = rows.filter((r) => !/^\d{4}-\d{2}-\d{2}$/.test(r.date));
  const buckets = new Map();
  const add = (key, r) => {
    const b = buckets.get(key) || { date: key, q1: 0, q2: 0, q3: 0, q4: 0 };
    for (const q of [1, 2, 3, 4]) b[`q${q}`] += r[`q${q}`];
    buckets.set(key, b);
  };
  for (const r of partial) add(`${r.date || "undated"} (whole period)`, r);
  if (days.length) {
    const first = new Date(days[0].date + "T00:00:00Z");
    const last = new Date(days[days.length - 1].date + "T00:00:00Z");
    const byMonth = (last - first) / 86400000 > 180;
    const keyOf = (iso) => (byMonth ? iso.slice(0, 7) : iso);
    for (let d = new Date(first); d <= last; d.setUTCDate(d.getUTCDate() + 1)) {
      const key = keyOf(d.toISOString().slice(0, 10));
      if (!buckets.has(key)) buckets.set(key, { date: key, q1: 0, q2: 0, q3: 0, q4: 0 });
    }
    for (const r of days) add(keyOf(r.date), r);
  }
  return [...buckets.values()];
}

async function loadTimeline() {
  const rows = timelineBuckets(await api("timeline", filters()));
  const data = {
    labels: rows.map((r) => r.date),
    datasets: [1, 2, 3, 4].map((q) => ({
      label: `${q} ${QUAD_NAMES[q]}`,
      data: rows.map((r) => r[`q${q}`]),
      backgroundColor: QUAD_COLOURS[q],
    })),
  };
  if (chart) chart.destroy();
  chart = new Chart(document.getElementById("timeline-chart"), {
    type: "bar",
    data,
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { title: { display: true, text: "Events by date and quad class" } },
    },
  });
}

let graph = null;

async function loadNetwork() {
  const net = await api("network", filters());
  const most = Math.max(1, ...net.edges.map((e) => e.events));
  const elements = [
    ...net.nodes.map((n) => ({ data: { id: n.id, label: n.id, weight: n.events } })),
    ...net.edges.map((e, i) => ({
      data: {
        id: `e${i}`,
        source: e.source,
        target: e.target,
        events: e.events,
        width: 1.5 + (8 * e.events) / most,
        colour: e.conflict > e.cooperation ? "#d7301f" : "#31a354",
        detail: e,
      },
    })),
  ];
  if (graph) graph.destroy();
  graph = cytoscape({
    container: document.getElementById("network"),
    elements,
    maxZoom: 1.5, // a small graph is not blown up to fill the box
    layout: { name: net.nodes.length > 2 ? "cose" : "grid", animate: false, randomize: false, padding: 30 },
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          "background-color": "#4b5563",
          color: "#1d232a",
          "font-size": 11,
          "text-valign": "top",
          width: "mapData(weight, 1, 20, 18, 50)",
          height: "mapData(weight, 1, 20, 18, 50)",
        },
      },
      {
        selector: "edge",
        style: {
          width: "data(width)",
          "line-color": "data(colour)",
          "target-arrow-color": "data(colour)",
          "target-arrow-shape": "triangle",
          "curve-style": "bezier",
          label: "data(events)",
          "font-size": 10,
          "text-background-color": "#fff",
          "text-background-opacity": 0.8,
        },
      },
    ],
  });
  graph.on("tap", "edge", (evt) => {
    const e = evt.target.data("detail");
    document.getElementById("network-detail").textContent =
      `${e.source} → ${e.target}: ${e.events} events (${e.cooperation} cooperation, ` +
      `${e.conflict} conflict, mean Goldstein ${Number(e.goldstein).toFixed(1)})`;
    setFilter("actor", e.source);
  });
}

function setFilter(name, value) {
  document.querySelector(`#filters [name=${name}]`).value = value;
}

// ---- reader --------------------------------------------------------------

async function loadArticleList() {
  const q = document.getElementById("article-search").value.trim();
  const page = await api("articles", { q, limit: 200 });
  document.getElementById("article-list").replaceChildren(
    ...page.items.map((a) =>
      el(
        "li",
        {
          "data-article-id": a.article_id,
          class: state.article === a.article_id ? "active" : "",
          onclick: () => openArticle(a.article_id),
        },
        a.title || a.origin_id || a.article_id,
        el("span", { class: "meta" }, `${a.published || "?"} · ${a.source_name || ""} · ${a.events} events`),
      ),
    ),
  );
}

// Layers the reader highlights, in drawing order (the event underline goes outermost).
const LAYERS = ["event", "quote", "actor", "place", "date", "amount", "boilerplate"];
const ACTOR_LABELS = new Set(["PER", "ORG", "LOC", "MISC"]);

function spansOf(found) {
  const spans = [];
  const add = (layer, record, start, end) => {
    if (Number.isInteger(start) && Number.isInteger(end) && end > start) {
      spans.push({ layer, record, start, end });
    }
  };
  for (const e of found.events) add("event", e, e.start_char, e.end_char);
  for (const q of found.quotes) add("quote", q, q.start_char, q.end_char);
  for (const p of found.places) add("place", p, p.start_char, p.end_char);
  for (const d of found.dates) add("date", d, d.start_char, d.end_char);
  for (const a of found.amounts) add("amount", a, a.start_char, a.end_char);
  for (const b of found.boilerplate) add("boilerplate", b, b.start_char, b.end_char);
  // Actors: named people and bodies, and names of places that act (not a place mention).
  const isPlace = (s) => found.places.some((p) => p.start_char <= s.start_char && p.end_char >= s.end_char);
  for (const n of found.entities) {
    if (ACTOR_LABELS.has(n.label) && !isPlace(n)) add("actor", n, n.start_char, n.end_char);
  }
  return spans;
}

// Cut the text at every span boundary; each piece is a text node or a span carrying the
// records that cover it.
function renderHighlights(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) {
    cuts.add(Math.max(0, Math.min(text.length, s.start)));
    cuts.add(Math.max(0, Math.min(text.length, s.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const piece = text.slice(from, to);
    const covering = spans.filter((s) => s.start <= from && s.end >= to);
    if (!covering.length) {
      nodes.push(document.createTextNode(piece));
      continue;
    }
    const layers = [...new Set(covering.map((s) => s.layer))];
    const classes = ["hl", ...layers.map((l) => `hl-${l}`)];
    const event = covering.find((s) => s.layer === "event");
    if (event) classes.push(`q${event.record.quad_class}`);
    const node = el("span", { class: classes.join(" "), title: layers.join(", ") }, piece);
    node.dataset.layers = layers.join(" ");
    node.dataset.events = covering.filter((s) => s.layer === "event").map((s) => s.record.event_id).join(" ");
    node.addEventListener("click", () => showRecords(node, covering));
    nodes.push(node);
  }
  return nodes;
}

function showRecords(node, covering) {
  document.querySelectorAll("#article-text .selected").forEach((n) => n.classList.remove("selected"));
  node.classList.add("selected");
  const ordered = [...covering].sort((a, b) => LAYERS.indexOf(a.layer) - LAYERS.indexOf(b.layer));
  document.getElementById("records").replaceChildren(
    ...ordered.flatMap((s) => [
      el("h4", {}, s.layer, s.layer === "event" ? " " : "", s.layer === "event" ? quadChip(s.record.quad_class) : null),
      s.layer === "event" ? el("p", {}, codeLabel(s.record.code)) : null,
      recordFields(s.record),
      s.layer === "event"
        ? el("button", { type: "button", onclick: () => openClaims(s.record) }, "Who asserts it, who denies it")
        : null,
    ]),
  );
}

// A record as a list of its fields (empty ones left out), each value as text.
function recordFields(record) {
  const rows = Object.entries(record).filter(
    ([key, value]) => value !== null && value !== "" && !(Array.isArray(value) && !value.length) && key !== "article_id",
  );
  return el(
    "dl",
    { class: "fields" },
    ...rows.flatMap(([key, value]) => [
      el("dt", {}, key.replaceAll("_", " ")),
      el("dd", { "data-field": key }, typeof value === "object" ? JSON.stringify(value) : String(value)),
    ]),
  );
}

async function openArticle(articleId, focusEvent = null) {
  state.article = articleId;
  switchView("reader", `reader/${articleId}`);
  const found = await api(`articles/${encodeURIComponent(articleId)}`);
  const a = found.article;
  document.getElementById("article-title").textContent = a.title || a.origin_id || a.article_id;
  document.getElementById("article-title").classList.remove("muted");
  document.getElementById("article-meta").replaceChildren(
    `${a.published || "date unknown"} · ${a.source_name || "source unknown"} · `,
    a.url ? el("a", { href: safeUrl(a.url), rel: "noopener noreferrer", target: "_blank" }, a.url) : a.origin_id,
  );
  const spans = spansOf(found);
  const counts = {};
  for (const s of spans) counts[s.layer] = (counts[s.layer] || 0) + 1;
  document.getElementById("layer-legend").replaceChildren(
    ...LAYERS.filter((l) => counts[l]).map((l) => el("span", { class: `chip hl-${l}` }, `${l} ${counts[l]}`)),
  );
  const box = document.getElementById("article-text");
  box.replaceChildren(...renderHighlights(a.text || "", spans));
  document.getElementById("records").replaceChildren();
  document.querySelectorAll("#article-list li").forEach((li) => {
    li.classList.toggle("active", li.dataset.articleId === articleId);
  });
  if (focusEvent) {
    const target = [...box.querySelectorAll(".hl-event")].find((n) =>
      n.dataset.events.split(" ").includes(focusEvent.event_id),
    );
    if (target) {
      target.scrollIntoView({ block: "center" });
      target.click();
    }
  }
}

// Only web links are made clickable: a javascript: URL from an article stays inert.
function safeUrl(url) {
  return /^https?:\/\//i.test(url) ? url : "#";
}

// ---- claims --------------------------------------------------------------

function openClaims(event) {
  state.claimsEvent = event ? event.event_id : null;
  state.claimsOffset = 0;
  state.dirty.add("claims");
  switchView("claims", state.claimsEvent ? `claims/${state.claimsEvent}` : "claims");
}

// The claims view shows a page of events, each with its newest reports: a store of 50,000
// events would otherwise build hundreds of thousands of nodes.
async function loadClaims() {
  const params = state.claimsEvent
    ? { event_id: state.claimsEvent, reports: CLAIMS_REPORTS }
    : { ...filters(), limit: CLAIMS_PAGE, offset: state.claimsOffset, reports: CLAIMS_REPORTS };
  const page = await api("claims", params);
  const last = Math.min(page.offset + page.items.length, page.total);
  document.getElementById("claims-info").textContent = page.total
    ? `${page.offset + 1}–${last} of ${page.total}`
    : "";
  document.getElementById("claims-prev").disabled = page.offset === 0;
  document.getElementById("claims-next").disabled = last >= page.total;
  const scope = document.getElementById("claims-scope");
  scope.replaceChildren(
    ...[
      state.claimsEvent
      ? "Claims about one event. "
      : `${page.total} events, most reported first (the filters apply). `,
    state.claimsEvent
        ? el("button", { type: "button", class: "linklike", onclick: () => openClaims(null) }, "Show all")
        : null,
    ].filter(Boolean),
  );
  const who = (label, names) =>
    el("p", { class: "who" }, el("b", {}, label), names.length ? names.join(", ") : "—");
  document.getElementById("claims").replaceChildren(
    ...page.items.map((c) =>
      el(
        "div",
        { class: "claim" },
        el("h3", {}, quadChip(c.quad_class), " ", `${c.source_code || "?"} → ${codeLabel(c.code)} → ${c.target_code || "?"}`),
        who("Asserted by", c.asserted_by),
        who("Denied by", c.denied_by),
        c.hypothesised_by.length ? who("Hypothesised by", c.hypothesised_by) : null,
        el(
          "ul",
          {},
          ...c.reports.map((r) =>
            el(
              "li",
              {},
              el("span", { class: `stance-${r.stance}` }, r.stance),
              r.reported_by ? ` (${r.reported_by})` : "",
              " — ",
              el("button", { type: "button", class: "linklike", onclick: () => openArticle(r.article_id, r) }, r.title || r.article_id),
              `, ${r.published || ""}: `,
              el("q", {}, r.evidence),
            ),
          ),
          c.reports_total > c.reports.length
            ? el("li", { class: "muted" }, `and ${c.reports_total - c.reports.length} more reports`)
            : null,
        ),
      ),
    ),
  );
}

// ---- alerts and the live watch ----------------------------------------------

async function loadAlerts() {
  const [watch, page] = await Promise.all([api("watch"), api("alerts", { limit: 100 })]);
  document.querySelector("#rules-table tbody").replaceChildren(
    ...watch.rules.map((r) =>
      el("tr", {}, el("td", {}, r.name), el("td", {}, r.kind || ""), el("td", {}, r.last_fired || "never")),
    ),
  );
  document.getElementById("alerts-info").textContent = page.total
    ? `${page.items.length} of ${page.total} alerts, newest first`
    : "no alert yet";
  document.querySelector("#alerts-table tbody").replaceChildren(
    ...page.items.map((a) =>
      el(
        "tr",
        { "data-alert-id": a.alert_id },
        el("td", {}, a.fired_at),
        el("td", {}, a.rule),
        el("td", { class: "evidence" }, a.message),
        el(
          "td",
          {},
          a.article_id
            ? el("button", { type: "button", class: "read", onclick: () => openArticle(a.article_id) }, "Read")
            : null,
        ),
      ),
    ),
  );
}

function showStats(stats) {
  document.getElementById("stats").textContent =
    `${stats.tables.articles} articles · ${stats.stories} stories · ${stats.tables.events} events · ` +
    `${stats.tables.quotes} quotes · ${stats.tables.places} places` +
    (stats.first_event_date ? ` · ${stats.first_event_date} → ${stats.last_event_date}` : "");
}

// While `veille watch --serve` writes the store, look at its counts twice per poll interval
// (at most every 10 s) and reload what is on screen when they change; the reader is left alone.
async function followWatch() {
  let watch;
  try {
    watch = await api("watch");
  } catch (err) {
    return; // a missed look: the next one comes
  }
  if (!watch.watching) return;
  const live = document.getElementById("live");
  live.hidden = false;
  const poll = watch.last_poll;
  live.textContent = `watching every ${watch.every} s` + (poll ? ` · last poll ${poll.started}` : "");
  const counts = `${watch.articles}/${watch.events}/${watch.alerts}`;
  if (state.seen !== null && counts !== state.seen) {
    for (const view of Object.keys(LOADERS)) state.dirty.add(view);
    showStats(await api("stats"));
    if (state.view !== "reader") await refresh(state.view);
  }
  state.seen = counts;
  document.body.dataset.live = counts;
  setTimeout(followWatch, Math.min(10, Math.max(0.5, watch.every / 2)) * 1000);
}

// ---- wiring --------------------------------------------------------------

const LOADERS = {
  events: loadEvents,
  map: loadMap,
  timeline: loadTimeline,
  network: loadNetwork,
  claims: loadClaims,
  reader: loadArticleList,
  alerts: loadAlerts,
};

// What each view shows, emptied when loading it fails: no stale results under an error.
const RESULTS = {
  events: ["#events-table tbody", "#page-info"],
  map: ["#map-count"],
  timeline: [],
  network: ["#network-detail"],
  claims: ["#claims", "#claims-scope", "#claims-info"],
  reader: ["#article-list"],
};

async function refresh(view) {
  try {
    showError("");
    document.body.dataset.busy = view;
    await LOADERS[view]();
    state.dirty.delete(view);
  } catch (err) {
    for (const selector of RESULTS[view]) document.querySelector(selector).replaceChildren();
    if (view === "map" && cluster) cluster.clearLayers();
    if (view === "timeline" && chart) {
      chart.destroy();
      chart = null;
    }
    if (view === "network" && graph) {
      graph.destroy();
      graph = null;
    }
    showError(err.message);
  } finally {
    delete document.body.dataset.busy;
    document.getElementById(`view-${view}`).dataset.ready = "true";
  }
}

// The URL's hash names the view (#map, #reader/<article>, #claims/<event>): the back button
// goes back to the view before.
function switchView(view, route = view) {
  state.view = view;
  for (const button of document.querySelectorAll("#tabs button")) {
    button.classList.toggle("active", button.dataset.view === view);
  }
  for (const section of document.querySelectorAll("main .view")) {
    section.hidden = section.id !== `view-${view}`;
  }
  if (location.hash !== `#${route}`) history.pushState(null, "", `#${route}`);
  if (state.dirty.has(view) || view === "reader") {
    document.getElementById(`view-${view}`).dataset.ready = "false";
    return refresh(view);
  }
  if (view === "map" && map) map.invalidateSize();
}

async function start() {
  document.getElementById("tabs").addEventListener("click", (evt) => {
    if (evt.target.dataset.view) {
      if (evt.target.dataset.view === "claims" && state.view !== "claims") state.claimsEvent = null;
      switchView(evt.target.dataset.view);
    }
  });
  const form = document.getElementById("filters");
  form.addEventListener("submit", (evt) => {
    evt.preventDefault();
    state.offset = 0;
    state.claimsEvent = null;
    for (const view of ["events", "map", "timeline", "network", "claims"]) state.dirty.add(view);
    refresh(state.view === "reader" ? "events" : state.view);
    if (state.view === "reader") switchView("events");
  });
  form.addEventListener("reset", () => setTimeout(() => form.requestSubmit(), 0));
  document.getElementById("prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE);
    refresh("events");
  });
  document.getElementById("next").addEventListener("click", () => {
    state.offset += PAGE;
    refresh("events");
  });
  let typing = null;
  document.getElementById("article-search").addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(loadArticleList, 250);
  });
  try {
    const [codes, stats] = await Promise.all([api("cameo"), api("stats")]);
    for (const c of codes) state.codes[c.code] = c.name;
    document.querySelector("#filters [name=root]").append(
      ...codes.filter((c) => c.code.length === 2).map((c) => el("option", { value: c.code }, `${c.code} ${c.name}`)),
    );
    showStats(stats);
  } catch (err) {
    showError(err.message);
  }
  document.getElementById("claims-prev").addEventListener("click", () => {
    state.claimsOffset = Math.max(0, state.claimsOffset - CLAIMS_PAGE);
    refresh("claims");
  });
  document.getElementById("claims-next").addEventListener("click", () => {
    state.claimsOffset += CLAIMS_PAGE;
    refresh("claims");
  });
  window.addEventListener("popstate", route);
  await route();
  document.body.dataset.started = "true";
  followWatch();
}

async function route() {
  const [view, id] = location.hash.slice(1).split("/");
  if (view === "reader" && id) return openArticle(decodeURIComponent(id));
  if (view === "claims") {
    const event = id ? decodeURIComponent(id) : null;
    if (event !== state.claimsEvent) {
      state.claimsEvent = event;
      state.claimsOffset = 0;
      state.dirty.add("claims");
    }
    return switchView("claims", location.hash.slice(1));
  }
  return switchView(LOADERS[view] ? view : "events");
}

start();
