// The explorer's query editor. Everything from the server is shown with textContent:
// no HTML is ever built from data, so a label such as <img src=x onerror=...> stays text.
"use strict";

const BASE = "https://w3id.org/cybernorms/";
const RESULT_FORMATS = [["json", "SPARQL JSON"], ["xml", "SPARQL XML"], ["csv", "CSV"], ["tsv", "TSV"]];
const GRAPH_FORMATS = [["ttl", "Turtle"], ["nt", "N-Triples"], ["rdfxml", "RDF/XML"], ["jsonld", "JSON-LD"]];
const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";

const state = { queries: new Map(), selected: null };

function $(id) { return document.getElementById(id); }

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  return node;
}

// A link only ever points at this server: the project's IRIs at their own path, any other
// IRI through /resource, so an IRI like javascript:... never becomes a live href.
// The page's language (?lang=), kept by every link to an entity, as the server's own links keep it.
const PAGE_LANG = new URLSearchParams(window.location.search).get("lang");

function withLang(href) {
  return PAGE_LANG ? href + (href.includes("?") ? "&" : "?") + "lang=" + encodeURIComponent(PAGE_LANG) : href;
}

function localHref(iri) {
  if (iri.startsWith(BASE)) {
    const rest = iri.slice(BASE.length);
    if (rest && !rest.startsWith("/") && !rest.startsWith("\\") && !rest.includes("#") && !rest.includes("?")) {
      return withLang("/" + encodeURI(rest).replace(/%25([0-9A-Fa-f]{2})/g, "%$1"));
    }
  }
  return withLang("/resource?iri=" + encodeURIComponent(iri));
}

const PREFIXES = [
  ["category:", BASE + "id/category/"], ["doc:", BASE + "id/document/"], ["event:", BASE + "id/event/"],
  ["forum:", BASE + "id/forum/"], ["norm:", BASE + "id/norm/"], ["person:", BASE + "id/person/"],
  ["state:", BASE + "id/state/"], ["theme:", BASE + "id/theme/"], ["cnid:", BASE + "id/"],
  ["cn:", BASE + "ontology#"], ["rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"],
  ["rdfs:", "http://www.w3.org/2000/01/rdf-schema#"], ["skos:", "http://www.w3.org/2004/02/skos/core#"],
  ["org:", "http://www.w3.org/ns/org#"], ["prov:", "http://www.w3.org/ns/prov#"],
  ["dcterms:", "http://purl.org/dc/terms/"], ["xsd:", "http://www.w3.org/2001/XMLSchema#"],
];

function shorten(iri) {
  for (const [prefix, ns] of PREFIXES) {
    if (iri.startsWith(ns) && iri.length > ns.length) return prefix + iri.slice(ns.length);
  }
  return iri;
}

function cell(term) {
  const td = el("td");
  if (!term) return td;
  if (term.type === "uri") {
    td.appendChild(el("a", shorten(term.value), { href: localHref(term.value), title: term.value }));
  } else {
    td.textContent = term.value;
    if (term["xml:lang"]) td.appendChild(el("span", " @" + term["xml:lang"], { class: "lang" }));
  }
  return td;
}

function setStatus(text, kind) {
  const status = $("status");
  status.textContent = text;
  status.className = kind || "";
}

async function loadQueries() {
  const response = await fetch("/api/queries", { headers: { Accept: "application/json" } });
  if (!response.ok) { setStatus("The named queries could not be loaded.", "error"); return; }
  const select = $("example");
  for (const query of await response.json()) {
    state.queries.set(query.name, query);
    select.appendChild(el("option", query.name + " — " + query.question, { value: query.name }));
  }
}

function chooseQuery(name) {
  const query = state.queries.get(name) || null;
  state.selected = query;
  $("question").textContent = query ? query.question : "";
  const fields = $("param-fields");
  fields.replaceChildren();
  $("params").hidden = !query || query.parameters.length === 0;
  if (!query) return;
  $("query").value = query.text;
  for (const param of query.parameters) {
    const row = el("div", null, { class: "param" });
    const id = "param-" + param.name;
    row.appendChild(el("label", param.name + (param.required ? " (required)" : ""), { for: id }));
    const input = el("input", null, { type: "text", id: id, name: param.name });
    input.value = param.default || "";
    if (param.default) input.placeholder = param.default;
    row.appendChild(input);
    row.appendChild(el("span", param.description, { class: "doc" }));
    fields.appendChild(row);
  }
}

function namedParams() {
  const params = new URLSearchParams();
  for (const input of $("param-fields").querySelectorAll("input")) {
    if (input.value.trim() !== "") params.append(input.name, input.value.trim());
  }
  return params;
}

// The as-of control: a slider over the years the dataset spans (its rightmost position is
// today, no cut), a date field with the chosen day, and a checkbox that turns the cut on.
function asOf() {
  const day = $("as-of").value;
  return $("as-of-on").checked && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : "";
}

function showAsOf() {
  const day = asOf();
  $("as-of-label").textContent = day ? "as of " + day + ": later documents, forums and endorsements are left out"
                                     : "today: everything in the dataset";
}

function asOfFromSlider() {
  const slider = $("as-of-year");
  if (slider.value === slider.max) {
    $("as-of-on").checked = false;
  } else {
    $("as-of").value = slider.value + "-12-31";
    $("as-of-on").checked = true;
  }
  showAsOf();
}

function asOfFromDate() {
  const day = $("as-of").value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    const slider = $("as-of-year");
    const year = Math.min(Math.max(Number(day.slice(0, 4)), Number(slider.min)), Number(slider.max));
    slider.value = String(year);
    $("as-of-on").checked = true;
  } else {
    $("as-of-on").checked = false;
  }
  showAsOf();
}

function asOfFromCheckbox() {
  const slider = $("as-of-year");
  if ($("as-of-on").checked) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test($("as-of").value)) {
      const year = slider.value === slider.max ? String(Number(slider.max) - 1) : slider.value;
      $("as-of").value = year + "-12-31";
      slider.value = year;
    }
  } else {
    slider.value = slider.max;
  }
  showAsOf();
}

function request() {
  const text = $("query").value;
  const named = state.selected && state.selected.text === text ? state.selected : null;
  const day = asOf();
  if (named) {
    const params = namedParams();
    if (day) params.set("as-of", day);
    return {
      asOf: day,
      url: "/api/queries/" + encodeURIComponent(named.name) + "?" + params.toString(),
      init: { headers: { Accept: ACCEPT } },
      download: (fmt) => { const p = new URLSearchParams(params); p.set("format", fmt); return "/api/queries/" + encodeURIComponent(named.name) + "?" + p.toString(); },
    };
  }
  const extra = day ? { "as-of": day } : {};
  const body = new URLSearchParams({ query: text, ...extra });
  return {
    asOf: day,
    url: "/sparql",
    init: { method: "POST", body: body, headers: { Accept: ACCEPT, "Content-Type": "application/x-www-form-urlencoded" } },
    download: (fmt) => "/sparql?" + new URLSearchParams({ query: text, format: fmt, ...extra }).toString(),
  };
}

function showDownloads(formats, download) {
  const box = $("downloads");
  box.replaceChildren(el("span", "Download: "));
  for (const [fmt, label] of formats) box.appendChild(el("a", label, { href: download(fmt), download: "" }));
}

function showTable(data) {
  const table = el("table", null, { id: "results-table" });
  const head = el("tr");
  for (const name of data.head.vars) head.appendChild(el("th", name));
  table.appendChild(el("thead")).appendChild(head);
  const body = table.appendChild(el("tbody"));
  for (const binding of data.results.bindings) {
    const row = el("tr");
    for (const name of data.head.vars) row.appendChild(cell(binding[name]));
    body.appendChild(row);
  }
  $("results").replaceChildren(table);
}

async function run(event) {
  event.preventDefault();
  const button = $("run");
  button.disabled = true;
  $("results").replaceChildren();
  $("downloads").replaceChildren();
  setStatus("Running…");
  const started = performance.now();
  try {
    const req = request();
    const response = await fetch(req.url, req.init);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      setStatus("Error " + response.status + ": " + (await response.text()).trim(), "error");
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const when = req.asOf ? " · as of " + req.asOf : "";
    const truncated = response.headers.get("X-Result-Truncated") === "true";
    const limit = response.headers.get("X-Result-Limit");
    if (type.includes("sparql-results+json")) {
      const data = await response.json();
      if (typeof data.boolean === "boolean") {
        setStatus("Answer: " + (data.boolean ? "yes (true)" : "no (false)") + " · " + seconds + " s" + when);
      } else {
        showTable(data);
        const rows = data.results.bindings.length;
        setStatus(rows + (rows === 1 ? " row" : " rows") + " · " + seconds + " s" + when +
                  (truncated ? " · cut at the limit of " + limit + " rows" : ""), truncated ? "warning" : "");
      }
      showDownloads(RESULT_FORMATS, req.download);
    } else {
      const pre = el("pre", await response.text(), { class: "graph", id: "results-graph" });
      $("results").replaceChildren(pre);
      setStatus("Graph (" + response.headers.get("X-Result-Rows") + " triples) · " + seconds + " s" + when +
                (truncated ? " · cut at the limit of " + limit + " triples" : ""), truncated ? "warning" : "");
      showDownloads(GRAPH_FORMATS, req.download);
    }
  } catch (error) {
    setStatus("The server could not be reached.", "error");
  } finally {
    button.disabled = false;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("example").addEventListener("change", (event) => chooseQuery(event.target.value));
  $("query-form").addEventListener("submit", run);
  $("as-of-year").addEventListener("input", asOfFromSlider);
  $("as-of").addEventListener("change", asOfFromDate);
  $("as-of-on").addEventListener("change", asOfFromCheckbox);
  asOfFromDate();
  loadQueries().then(() => {
    const wanted = new URLSearchParams(window.location.search).get("example");
    if (wanted && state.queries.has(wanted)) { $("example").value = wanted; chooseQuery(wanted); }
  });
});
