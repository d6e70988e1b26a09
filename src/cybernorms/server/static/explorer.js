// The explorer's query page: YASGUI (vendored in /static/yasgui/) as the editor and the
// results, with the named queries, their parameters, the as-of date and permalinks.
//
// Nothing leaves the page: completion comes from /api/vocabulary (this dataset's prefixes,
// classes and properties) instead of prefix.cc and Linked Open Vocabularies, queries go to this
// server only (/sparql, /api/queries/NAME), and every link in a result points at this server.
// Everything from the data is escaped (textContent, or escapeHtml where YASR wants HTML), so
// a label such as <img src=x onerror=...> stays text.
"use strict";

const BASE = "https://w3id.org/cybernorms/";
const RESULT_FORMATS = [["csv", "CSV with labels"], ["csv-bom", "CSV for Excel"], ["xlsx", "Excel (.xlsx)"],
  ["json", "SPARQL JSON"], ["xml", "SPARQL XML"], ["tsv", "TSV"]];
const GRAPH_FORMATS = [["ttl", "Turtle"], ["nt", "N-Triples"], ["rdfxml", "RDF/XML"], ["jsonld", "JSON-LD"]];
const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
const VIEWS = ["table", "response"];
const DEFAULT_QUERY = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
  "SELECT ?thing ?label WHERE { ?thing rdfs:label ?label } LIMIT 20";

// The named query each tab holds ({name, params}), by tab id; a tab whose text is no longer
// that query's text runs its own text.
const state = { queries: new Map(), named: new Map(), yasgui: null, ready: false, runs: 0 };
window.cnEditor = state;  // read by the browser tests

function $(id) { return document.getElementById(id); }

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  return node;
}

function escapeHtml(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
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

let PREFIXES = {};  // prefix -> namespace, from /api/vocabulary

// An IRI as a CURIE of the longest namespace that leaves a valid local name, else the IRI.
function shorten(iri, prefixes) {
  let best = null;
  for (const [prefix, ns] of Object.entries(prefixes || PREFIXES)) {
    if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [prefix, ns];
  }
  if (!best) return iri;
  const local = iri.slice(best[1].length);
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(local) ? best[0] + ":" + local : iri;
}

function setStatus(text, kind) {
  const status = $("status");
  status.textContent = text;
  status.className = kind || "";
}

// -- the as-of control: a slider over the years the dataset spans (its rightmost position is
// today, no cut), a date field with the chosen day, and a checkbox that turns the cut on --

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

function setAsOf(day) {
  $("as-of").value = /^\d{4}-\d{2}-\d{2}$/.test(day || "") ? day : "";
  asOfFromDate();
}

// -- the named queries and their parameters --

async function loadQueries() {
  const response = await fetch("/api/queries", { headers: { Accept: "application/json" } });
  if (!response.ok) { setStatus("The named queries could not be loaded.", "error"); return; }
  const select = $("example");
  for (const query of await response.json()) {
    state.queries.set(query.name, query);
    select.appendChild(el("option", query.name + " — " + query.question, { value: query.name }));
  }
}

function activeTab() { return state.yasgui ? state.yasgui.getTab() : null; }

function activeYasqe() {
  const tab = activeTab();
  return tab ? tab.getYasqe() : null;
}

// Show the named query of the active tab (its question and parameter fields), or none.
function showNamed() {
  const tab = activeTab();
  const held = tab ? state.named.get(tab.getId()) : null;
  const query = held ? state.queries.get(held.name) : null;
  $("example").value = query ? query.name : "";
  $("question").textContent = query ? query.question : "";
  const fields = $("param-fields");
  fields.replaceChildren();
  $("params").hidden = !query || query.parameters.length === 0;
  if (!query) return;
  for (const param of query.parameters) {
    const row = el("div", null, { class: "param" });
    const id = "param-" + param.name;
    row.appendChild(el("label", param.name + (param.required ? " (required)" : ""), { for: id }));
    const input = el("input", null, { type: "text", id: id, name: param.name });
    input.value = param.name in held.params ? held.params[param.name] : (param.default || "");
    if (param.default) input.placeholder = param.default;
    input.addEventListener("input", () => { held.params[param.name] = input.value.trim(); });
    row.appendChild(input);
    row.appendChild(el("span", param.description, { class: "doc" }));
    fields.appendChild(row);
  }
}

// Put the named query NAME (with PARAMS over its defaults) in the active tab.
function chooseQuery(name, params) {
  const tab = activeTab();
  if (!tab) return;
  const query = state.queries.get(name);
  if (!query) {
    state.named.delete(tab.getId());
    showNamed();
    return;
  }
  const values = {};
  for (const param of query.parameters) {
    const given = params && param.name in params ? params[param.name] : param.default;
    if (given) values[param.name] = given;
  }
  state.named.set(tab.getId(), { name: name, params: values });
  tab.setQuery(query.text);
  tab.setName(name);
  showNamed();
}

// The named query the editor runs: the tab's, while its text is still that query's text.
function namedOf(yasqe) {
  const tab = activeTab();
  const held = tab ? state.named.get(tab.getId()) : null;
  const query = held ? state.queries.get(held.name) : null;
  return query && yasqe.getValue() === query.text ? held : null;
}

// -- running a query and what it leaves: status, downloads, permalink, the cite line --

function request(yasqe) {
  const text = yasqe.getValue();
  const named = namedOf(yasqe);
  const day = asOf();
  if (named) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(named.params)) if (value) params.append(key, value);
    if (day) params.set("as-of", day);
    const path = "/api/queries/" + encodeURIComponent(named.name);
    return {
      asOf: day, named: named,
      url: path + "?" + params.toString(),
      init: { headers: { Accept: ACCEPT } },
      download: (fmt) => downloadHref(path, params, fmt),
    };
  }
  const extra = day ? { "as-of": day } : {};
  return {
    asOf: day, text: text,
    url: "/sparql",
    init: { method: "POST", body: new URLSearchParams({ query: text, ...extra }),
            headers: { Accept: ACCEPT, "Content-Type": "application/x-www-form-urlencoded" } },
    download: (fmt) => downloadHref("/sparql", new URLSearchParams({ query: text, ...extra }), fmt),
  };
}

// A download link: the W3C formats from the endpoint itself, the readable tables (labels,
// sources) from /api/download with the same query.
function downloadHref(path, params, fmt) {
  const p = new URLSearchParams(params);
  if (fmt === "csv" || fmt === "csv-bom" || fmt === "xlsx") {
    if (path.startsWith("/api/queries/")) p.set("named", decodeURIComponent(path.slice("/api/queries/".length)));
    p.set("format", fmt === "xlsx" ? "xlsx" : "csv");
    if (fmt === "csv-bom") p.set("bom", "1");
    return "/api/download?" + p.toString();
  }
  p.set("format", fmt);
  return path + "?" + p.toString();
}

function showDownloads(formats, download) {
  const box = $("downloads");
  box.replaceChildren(el("span", "Download: "));
  for (const [fmt, label] of formats) {
    box.appendChild(el("a", label, { href: download(fmt), download: "", "data-format": fmt }));
  }
}

function currentView() {
  const tab = activeTab();
  const yasr = tab ? tab.getYasr() : null;
  return yasr && yasr.selectedPlugin ? yasr.selectedPlugin : "table";
}

// The page's URL for what the active tab holds: the named query and its parameters, or the
// text; the as-of date; the result view. Opening it runs the query.
function permalink(yasqe) {
  const params = new URLSearchParams();
  if (PAGE_LANG) params.set("lang", PAGE_LANG);
  const named = namedOf(yasqe);
  if (named) {
    params.set("named", named.name);
    for (const [key, value] of Object.entries(named.params)) if (value) params.set("p." + key, value);
  } else {
    params.set("text", yasqe.getValue());
  }
  const day = asOf();
  if (day) params.set("as-of", day);
  const view = currentView();
  if (view !== "table") params.set("view", view);
  return window.location.origin + "/?" + params.toString();
}

function showPermalink(yasqe) {
  const url = permalink(yasqe);
  window.history.replaceState(null, "", url);
  const link = $("permalink");
  link.href = url.slice(window.location.origin.length);
  link.textContent = url;
  $("permalink-box").hidden = false;
  const cite = $("cite-url");
  if (cite) { cite.href = url.slice(window.location.origin.length); cite.textContent = url; }
  const when = $("cite-as-of");
  if (when) {
    const day = asOf();
    when.textContent = day ? ", as of " + day : "";
  }
}

// The answer of an ASK query (a short SPARQL JSON text), or null for any other answer.
function askAnswer(content) {
  try {
    const data = JSON.parse(content);
    return typeof data.boolean === "boolean" ? data.boolean : null;
  } catch (error) {
    return null;
  }
}

async function runEditor(yasqe) {
  const req = request(yasqe);
  yasqe.abortQuery();
  const controller = new AbortController();
  req.init.signal = controller.signal;
  yasqe.emit("queryBefore");
  yasqe.emit("query", new Request(new URL(req.url, window.location.origin)), controller);
  $("run").disabled = true;
  $("downloads").replaceChildren();
  setStatus("Running…");
  showPermalink(yasqe);
  const started = performance.now();
  try {
    const response = await fetch(req.url, req.init);
    const content = await response.text();
    const duration = performance.now() - started;
    const seconds = (duration / 1000).toFixed(2);
    const answer = { ok: response.ok, status: response.status, statusText: response.statusText,
                     headers: response.headers, type: response.type, content: content };
    yasqe.emit("queryResponse", answer, duration);
    if (!response.ok) {
      setStatus("Error " + response.status + ": " + content.trim(), "error");
      return answer;
    }
    const type = response.headers.get("Content-Type") || "";
    const when = req.asOf ? " · as of " + req.asOf : "";
    const truncated = response.headers.get("X-Result-Truncated") === "true";
    const limit = response.headers.get("X-Result-Limit");
    const rows = Number(response.headers.get("X-Result-Rows") || "0");
    if (type.includes("sparql-results+json")) {
      const answerOfAsk = content.length < 500 ? askAnswer(content) : null;
      if (answerOfAsk !== null) {
        setStatus("Answer: " + (answerOfAsk ? "yes (true)" : "no (false)") + " · " + seconds + " s" + when);
      } else {
        setStatus(rows.toLocaleString("en") + (rows === 1 ? " row" : " rows") + " · " + seconds + " s" + when +
                  (truncated ? " · cut at the limit of " + limit + " rows" : ""), truncated ? "warning" : "");
      }
      showDownloads(RESULT_FORMATS, req.download);
    } else {
      setStatus("Graph (" + rows + " triples) · " + seconds + " s" + when +
                (truncated ? " · cut at the limit of " + limit + " triples" : ""), truncated ? "warning" : "");
      showDownloads(GRAPH_FORMATS, req.download);
    }
    return answer;
  } catch (error) {
    if (controller.signal.aborted) { setStatus("Stopped."); return undefined; }
    yasqe.emit("queryResponse", error, performance.now() - started);
    setStatus("The server could not be reached.", "error");
    return undefined;
  } finally {
    state.runs += 1;
    $("run").disabled = false;
  }
}

// -- YASGUI, set up to stay on this page --

function completers(Yasqe, vocabulary) {
  const prefixes = Object.entries(vocabulary.prefixes).map(([p, ns]) => p + ": <" + ns + ">").sort();
  Yasqe.forkAutocompleter("prefixes", { name: "cn-prefixes", get: () => prefixes, persistenceId: null }, false);
  Yasqe.forkAutocompleter("class", { name: "cn-classes", bulk: true, get: () => vocabulary.classes,
                                     persistenceId: null }, false);
  Yasqe.forkAutocompleter("property", { name: "cn-properties", bulk: true, get: () => vocabulary.properties,
                                        persistenceId: null }, false);
  return ["variables", "cn-prefixes", "cn-classes", "cn-properties"];
}

// YASR's table writes each IRI as HTML: here a link to this server's page for it, its text escaped.
function tableLinks(Yasr) {
  const Table = Yasr.plugins.table;
  Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
    const iri = String(binding.value);
    const shown = shorten(iri, { ...PREFIXES, ...(prefixes || {}) });
    return '<a class="iri" href="' + escapeHtml(localHref(iri)) + '" title="' + escapeHtml(iri) + '">' +
      escapeHtml(shown) + "</a>";
  };
  // The columns as YASR draws them, except that the text it searches and sorts by is the plain
  // value: YASR's own passes the raw value through an HTML parser (DOMPurify), so a label such
  // as <img src=x onerror=...> became an element there (its handler blocked by the policy).
  Table.prototype.getColumns = function () {
    if (!this.yasr.results) return [];
    const prefixes = this.yasr.getPrefixes();
    const plain = (type) => type === "filter" || type === "sort" || !type;
    return [{
      name: "", searchable: false, width: this.getSizeFirstColumn() + "px", type: "num", orderable: false,
      visible: this.persistentConfig.compact !== true,
      render: (data, type) => plain(type) ? data : '<div class="rowNumber">' + escapeHtml(data) + "</div>",
    }, ...this.yasr.results.getVariables().map((name) => ({
      name: name, title: escapeHtml(name),
      render: (data, type) => data === "" ? data : plain(type) ? String(data.value) : this.getCellContent(data, prefixes),
    }))];
  };
}

async function startEditor() {
  const Yasgui = window.Yasgui;
  if (!Yasgui) { setStatus("The query editor could not be loaded.", "error"); return; }
  const response = await fetch("/api/vocabulary", { headers: { Accept: "application/json" } });
  const vocabulary = response.ok ? await response.json() : { prefixes: {}, classes: [], properties: [] };
  PREFIXES = vocabulary.prefixes;
  const Yasqe = Yasgui.Yasqe;
  const Yasr = Yasgui.Yasr;
  Yasqe.prototype.query = function () { return runEditor(this); };
  tableLinks(Yasr);
  // The editor's share button gives the explorer's permalink (YASGUI's own link format is not read here).
  Yasgui.Tab.prototype.getShareableLink = function () { return permalink(this.getYasqe()); };
  const endpoint = window.location.origin + "/sparql";
  const textarea = $("query");
  state.yasgui = new Yasgui($("yasgui"), {
    persistenceId: null,
    populateFromUrl: false,
    autofocus: false,
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
    requestConfig: { endpoint: endpoint, method: "POST", acceptHeaderSelect: ACCEPT },
    yasqe: { value: textarea.value || DEFAULT_QUERY, autocompleters: completers(Yasqe, vocabulary),
             persistenceId: null, resizeable: true, editorHeight: "260px" },
    yasr: { prefixes: vocabulary.prefixes, pluginOrder: VIEWS, defaultPlugin: "table", persistenceId: null,
            maxPersistentResponseSize: 0 },
  });
  textarea.hidden = true;
  $("query-label").hidden = true;
  state.yasgui.on("tabSelect", () => window.setTimeout(showNamed, 0));
  state.yasgui.on("tabAdd", () => window.setTimeout(showNamed, 0));
}

// -- the page's own URL: a permalink (named=, p.NAME=, text=, as-of=, view=) runs at once --

function fromUrl() {
  const params = new URLSearchParams(window.location.search);
  const name = params.get("named") || params.get("example");
  const text = params.get("text");
  setAsOf(params.get("as-of"));
  const tab = activeTab();
  const view = params.get("view");
  if (tab && view && VIEWS.includes(view)) tab.getYasr().selectPlugin(view);
  if (name && state.queries.has(name)) {
    const given = {};
    for (const [key, value] of params) if (key.startsWith("p.")) given[key.slice(2)] = value;
    chooseQuery(name, given);
    return true;
  }
  if (text && tab) {
    tab.setQuery(text);
    return true;
  }
  return false;
}

document.addEventListener("DOMContentLoaded", async () => {
  $("example").addEventListener("change", (event) => chooseQuery(event.target.value));
  $("query-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const yasqe = activeYasqe();
    if (yasqe) yasqe.query();
  });
  $("as-of-year").addEventListener("input", asOfFromSlider);
  $("as-of").addEventListener("change", asOfFromDate);
  $("as-of-on").addEventListener("change", asOfFromCheckbox);
  asOfFromDate();
  try {
    await Promise.all([loadQueries(), startEditor()]);
  } catch (error) {
    setStatus("The query editor could not start.", "error");
    return;
  }
  const run = fromUrl();
  state.ready = true;
  if (run) await activeYasqe().query();
});
