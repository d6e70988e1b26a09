/* The behaviour of a cybernorms matrix page: Table 1 as a heat map, or the crosswalk of aligned norms.
 *
 * Every text from the data is put into the page with textContent (through el()), never as HTML; the
 * data comes from the JSON script element with the id cn-data. One listener on the table serves every
 * cell. The filters and the selected cell live in the URL fragment (#rows=…&cols=…&category=…&row=…&col=…)
 * and are restored when the page opens and when the fragment changes.
 */
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("cn-data").textContent);
  var table = document.getElementById("mx-table");
  var info = document.getElementById("mx-info");
  var count = document.getElementById("mx-count");
  var ID = "https://w3id.org/cybernorms/id/";
  var crosswalk = data.kind === "crosswalk";
  var state = { rows: "", cols: "", category: "", row: "", col: "" };
  var shownRows = [], shownCols = [], selectedCell = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); node.dir = "auto"; }
    return node;
  }

  function textColour(hex) {
    var c = parseInt(hex.slice(1), 16);
    var r = (c >> 16) & 255, g = (c >> 8) & 255, b = c & 255;
    return (0.299 * r + 0.587 * g + 0.114 * b) > 150 ? "#111111" : "#ffffff";
  }

  /* the explorer's page of an entity when the explorer serves this page (/id/… for the project's IRIs,
     /resource?iri=… for a partner's); opened as a file, the IRI itself where it is http(s), else no link:
     an IRI from partner data (javascript:…) never becomes a live href */
  function explorerHref(iri) {
    if (/^https?:$/.test(window.location.protocol)) {
      if (iri.indexOf(ID) === 0 && !/[?#]/.test(iri)) { return "/id/" + iri.slice(ID.length); }
      return "/resource?iri=" + encodeURIComponent(iri);
    }
    return /^https?:\/\//i.test(iri) ? iri : null;
  }

  function partnerMark(partner) { return el("span", "mx-partner", " (partner data: " + partner + ")"); }

  function labelsInto(box, labels, shown) {
    labels.forEach(function (label) {
      if (label.text === shown && !label.partner) { return; }
      var line = el("div", "mx-meta", label.partner ? "named by partner data " + label.partner + ": " : "");
      line.appendChild(el("span", "mx-label", label.text));
      box.appendChild(line);
    });
  }

  function firstLabel(item, fallback) {
    var curated = (item.labels || []).filter(function (l) { return !l.partner; });
    return curated.length ? curated[0].text : fallback;
  }

  function normBlock(norm) {
    var box = el("section", "mx-norm");
    var head = el("h3", "mx-name");
    var target = explorerHref(norm.iri);
    var link = el(target ? "a" : "span", null, norm.name);
    if (target) { link.href = target; link.title = "open in the explorer"; }
    head.appendChild(link);
    box.appendChild(head);
    labelsInto(box, norm.labels, norm.name);
    if (norm.document) { box.appendChild(el("div", "mx-meta", "stated in " + norm.document)); }
    norm.texts.forEach(function (entry) {
      var quote = el("blockquote", "mx-text", entry.text);
      box.appendChild(quote);
      if (entry.partner) { box.appendChild(partnerMark(entry.partner)); }
      entry.citations.forEach(function (cite) { box.appendChild(el("div", "mx-cite", "— " + cite)); });
    });
    box.appendChild(el("div", "mx-iri", norm.iri));
    return box;
  }

  function clearInfo() { while (info.firstChild) { info.removeChild(info.firstChild); } }

  /* -- the URL fragment -- */
  function readState() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    Object.keys(state).forEach(function (key) { state[key] = params.get(key) || ""; });
  }

  function writeState() {
    var params = new URLSearchParams();
    Object.keys(state).forEach(function (key) { if (state[key]) { params.set(key, state[key]); } });
    var text = params.toString();
    var hash = text ? "#" + text : "";
    if (window.location.hash !== hash) {
      try { history.replaceState(null, "", hash || window.location.pathname + window.location.search); }
      catch (e) { window.location.hash = hash; }
    }
  }

  /* -- Table 1 -- */
  var BLUES = ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];

  function heat(n, max) {
    if (!n) { return "#ffffff"; }
    return BLUES[Math.max(1, Math.round(n / max * (BLUES.length - 1)))];
  }

  function drawTable1() {
    var max = 1;
    data.cells.forEach(function (row) { row.forEach(function (c) { max = Math.max(max, c.norms.length); }); });
    table.className = "mx-table1";
    var head = el("thead"), tr = el("tr");
    tr.appendChild(el("th", "mx-corner", "category \\ document"));
    data.columns.forEach(function (col) {
      var th = el("th", null, col.short);
      th.scope = "col";
      th.title = firstLabel(col, col.short) + (col.date ? " (" + col.date + ")" : "");
      tr.appendChild(th);
    });
    head.appendChild(tr);
    var body = el("tbody");
    data.rows.forEach(function (row, i) {
      var line = el("tr");
      var th = el("th", null, row.notation + ". " + firstLabel(row, ""));
      th.scope = "row";
      th.title = th.textContent;
      line.appendChild(th);
      data.cells[i].forEach(function (cell) {
        var n = cell.norms.length;
        var td = el("td", "mx-hit", n ? n : "–");
        var colour = heat(n, max);
        td.style.backgroundColor = colour;
        td.style.color = n ? textColour(colour) : "#999999";
        td.tabIndex = 0;
        line.appendChild(td);
      });
      body.appendChild(line);
    });
    table.appendChild(head);
    table.appendChild(body);
    shownRows = data.rows.map(function (r, i) { return i; });
    shownCols = data.columns.map(function (c, j) { return j; });
    var legend = document.getElementById("mx-legend");
    [0, 1, Math.ceil(max / 2), max].filter(function (v, k, all) { return all.indexOf(v) === k; }).forEach(function (v) {
      var item = el("li");
      var swatch = el("span", "mx-swatch", v ? v : "–");
      swatch.style.backgroundColor = heat(v, max);
      swatch.style.color = v ? textColour(heat(v, max)) : "#999999";
      item.appendChild(swatch);
      item.appendChild(el("span", null, v === 0 ? "none" : v === 1 ? "norm" : "norms"));
      legend.appendChild(item);
    });
    var total = 0;
    data.cells.forEach(function (row) { row.forEach(function (c) { total += c.norms.length; }); });
    count.textContent = data.rows.length + " categories × " + data.columns.length + " documents, " + total +
      " norms filed" + (data.asOf ? " (as of " + data.asOf + ")" : "");
  }

  function showTable1(i, j) {
    var row = data.rows[i], col = data.columns[j], cell = data.cells[i][j];
    clearInfo();
    info.appendChild(el("h3", "mx-cell-title", row.notation + ". " + firstLabel(row, "") + " × " + col.short));
    var n = cell.norms.length;
    info.appendChild(el("p", "mx-meta", n + (n === 1 ? " norm" : " norms") + " the report files under category " +
      row.notation + " for " + col.short + (data.asOf ? ", as of " + data.asOf : "")));
    cell.filed.forEach(function (cite) { info.appendChild(el("div", "mx-cite", "filed: " + cite)); });
    cell.norms.forEach(function (k) { info.appendChild(normBlock(data.norms[k])); });
  }

  /* -- the crosswalk -- */
  var pairs = {};

  function indexPairs() {
    data.alignments.forEach(function (a, k) {
      [a.from + "," + a.to, a.to + "," + a.from].forEach(function (key, side) {
        (pairs[key] = pairs[key] || []).push({ alignment: k, reverse: side === 1 });
      });
    });
    Object.keys(pairs).forEach(function (key) { if (pairs[key].length > 1 && pairs[key][0].alignment === pairs[key][1].alignment) { pairs[key].length = 1; } });
  }

  function sameDocument(a, b) {
    return a.documents.some(function (d) { return b.documents.indexOf(d) >= 0; });
  }

  function passes(norm, doc) {
    return (!doc || norm.documents.indexOf(doc) >= 0) && (!state.category || norm.categories.indexOf(state.category) >= 0);
  }

  function select(id, label, options) {
    var wrap = el("label", null, label + " ");
    var box = el("select");
    box.id = id;
    options.forEach(function (o) {
      var option = el("option", null, o[1]);
      option.value = o[0];
      box.appendChild(option);
    });
    wrap.appendChild(box);
    document.getElementById("mx-filters").appendChild(wrap);
    return box;
  }

  var filters = {};

  function buildFilters() {
    var docs = [["", "all documents"]].concat(data.documents.map(function (d) { return [d.id, d.short]; }));
    var cats = [["", "all categories"]].concat(data.categories.map(function (c) {
      return [c.id, c.notation + ". " + firstLabel(c, "")];
    }));
    filters.rows = select("mx-rows", "Rows:", docs);
    filters.cols = select("mx-cols", "Columns:", docs);
    filters.category = select("mx-category", "Category:", cats);
    Object.keys(filters).forEach(function (key) {
      filters[key].addEventListener("change", function () {
        state[key] = filters[key].value;
        drawCrosswalk();
        if (!cellShown()) { state.row = ""; state.col = ""; showNothing(); }
        markSelected();
        writeState();
      });
    });
    document.getElementById("mx-filters").hidden = false;
    var legend = document.getElementById("mx-legend");
    Object.keys(data.relations).forEach(function (key) {
      var style = data.relations[key];
      var item = el("li");
      var swatch = el("span", "mx-swatch", style.glyph);
      swatch.style.backgroundColor = style.color;
      swatch.style.color = textColour(style.color);
      item.appendChild(swatch);
      item.appendChild(el("span", null, style.legend));
      legend.appendChild(item);
    });
    var same = el("li");
    same.appendChild(el("span", "mx-swatch mx-same-swatch", ""));
    same.lastChild.style.backgroundColor = "#efefef";
    same.appendChild(el("span", null, "same document"));
    legend.appendChild(same);
  }

  function syncFilters() {
    Object.keys(filters).forEach(function (key) {
      var box = filters[key];
      var known = Array.prototype.some.call(box.options, function (o) { return o.value === state[key]; });
      if (!known) { state[key] = ""; }
      box.value = state[key];
    });
  }

  function drawCrosswalk() {
    table.className = "mx-crosswalk";
    while (table.firstChild) { table.removeChild(table.firstChild); }
    shownRows = [], shownCols = [];
    data.norms.forEach(function (norm, k) {
      if (passes(norm, state.rows)) { shownRows.push(k); }
      if (passes(norm, state.cols)) { shownCols.push(k); }
    });
    var head = el("thead"), tr = el("tr");
    tr.appendChild(el("th", "mx-corner", "norm \\ norm"));
    shownCols.forEach(function (k) {
      var norm = data.norms[k];
      var th = el("th");
      th.scope = "col";
      th.title = norm.name + " — " + firstLabel(norm, norm.document);
      th.appendChild(el("span", null, norm.name));
      tr.appendChild(th);
    });
    head.appendChild(tr);
    var body = document.createDocumentFragment();
    var hits = 0;
    shownRows.forEach(function (r) {
      var a = data.norms[r];
      var line = document.createElement("tr");
      var th = el("th", null, a.name);
      th.scope = "row";
      th.title = a.name + " — " + firstLabel(a, a.document);
      line.appendChild(th);
      shownCols.forEach(function (c) {
        var td = document.createElement("td");
        var found = pairs[r + "," + c];
        if (found) {
          var first = data.alignments[found[0].alignment];
          var style = data.relations[first.relation] || { color: "#999999", glyph: "?" };
          td.className = "mx-hit" + (found[0].reverse ? " mx-reverse" : "");
          td.textContent = style.glyph + (found.length > 1 ? "+" : "");
          td.style.backgroundColor = style.color;
          td.style.color = textColour(style.color);
          td.tabIndex = 0;
          hits += 1;
        } else if (r === c || sameDocument(a, data.norms[c])) {
          td.className = "mx-same";
        }
        line.appendChild(td);
      });
      body.appendChild(line);
    });
    var tbody = document.createElement("tbody");
    tbody.appendChild(body);
    table.appendChild(head);
    table.appendChild(tbody);
    count.textContent = shownRows.length + " × " + shownCols.length + " norms, " + hits + " cells with an alignment" +
      (data.asOf ? " (as of " + data.asOf + ")" : "");
  }

  function direction(a) {
    var from = data.norms[a.from], to = data.norms[a.to];
    var style = data.relations[a.relation];
    return from.name + " " + (style ? style.legend : a.relation) + " " + to.name;
  }

  function showCrosswalk(i, j) {
    var a = data.norms[shownRows[i]], b = data.norms[shownCols[j]];
    var found = pairs[shownRows[i] + "," + shownCols[j]] || [];
    clearInfo();
    info.appendChild(el("h3", "mx-cell-title", a.name + " × " + b.name));
    if (!found.length) {
      info.appendChild(el("p", "mx-meta", sameDocument(a, b) ? "Norms of the same document." : "No alignment recorded."));
    }
    found.forEach(function (hit) {
      var alignment = data.alignments[hit.alignment];
      var style = data.relations[alignment.relation] || { color: "#999999", legend: alignment.relation };
      var box = el("div", "mx-alignment");
      box.style.borderLeftColor = style.color;
      box.appendChild(el("div", "mx-relation", style.legend));
      box.appendChild(el("div", "mx-meta", direction(alignment)));
      if (alignment.partner) { box.appendChild(partnerMark(alignment.partner)); }
      if (alignment.rationale) { box.appendChild(el("blockquote", "mx-text mx-rationale", alignment.rationale)); }
      alignment.citations.forEach(function (cite) { box.appendChild(el("div", "mx-cite", "— " + cite)); });
      info.appendChild(box);
    });
    info.appendChild(normBlock(a));
    info.appendChild(normBlock(b));
  }

  /* -- selection -- */
  function rowItem(i) { return crosswalk ? data.norms[shownRows[i]] : data.rows[shownRows[i]]; }
  function colItem(j) { return crosswalk ? data.norms[shownCols[j]] : data.columns[shownCols[j]]; }

  function position(rowId, colId) {
    var i = -1, j = -1;
    shownRows.forEach(function (k, n) { if (rowItem(n).id === rowId) { i = n; } });
    shownCols.forEach(function (k, n) { if (colItem(n).id === colId) { j = n; } });
    return i >= 0 && j >= 0 ? [i, j] : null;
  }

  function cellShown() { return position(state.row, state.col) !== null; }

  function showNothing() {
    clearInfo();
    info.appendChild(el("p", "mx-hint", "Click a cell to see its norms, their exact texts and sources."));
  }

  function markSelected() {
    if (selectedCell) { selectedCell.classList.remove("mx-selected"); selectedCell = null; }
    var at = position(state.row, state.col);
    if (!at) { return; }
    var tr = table.tBodies[0].rows[at[0]];
    selectedCell = tr.cells[at[1] + 1];
    selectedCell.classList.add("mx-selected");
  }

  function choose(i, j, scroll) {
    state.row = rowItem(i).id;
    state.col = colItem(j).id;
    if (crosswalk) { showCrosswalk(i, j); } else { showTable1(i, j); }
    markSelected();
    if (scroll && selectedCell) { selectedCell.scrollIntoView({ block: "nearest", inline: "nearest" }); }
    writeState();
  }

  function selectIds(rowId, colId) {
    var at = position(rowId, colId);
    if (!at) { return false; }
    choose(at[0], at[1], true);
    return true;
  }

  function onCell(event) {
    var td = event.target.closest ? event.target.closest("td") : null;
    if (!td || !table.contains(td) || !td.classList.contains("mx-hit")) { return; }
    choose(td.parentNode.sectionRowIndex, td.cellIndex - 1, false);
  }

  table.addEventListener("click", onCell);
  table.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); onCell(event); }
  });

  function restore() {
    readState();
    if (crosswalk) { syncFilters(); drawCrosswalk(); }
    if (state.row && state.col && selectIds(state.row, state.col)) { return; }
    state.row = ""; state.col = "";
    showNothing();
    markSelected();
    writeState();
  }

  document.getElementById("mx-title").textContent = data.view.title;
  document.getElementById("mx-description").textContent = data.view.description;
  if (crosswalk) { indexPairs(); buildFilters(); } else { drawTable1(); }
  restore();
  window.addEventListener("hashchange", restore);

  window.cnView = {
    data: data,
    state: function () { return JSON.parse(JSON.stringify(state)); },
    select: selectIds,
    shown: function () {
      return { rows: shownRows.map(function (k, i) { return rowItem(i).id; }),
               cols: shownCols.map(function (k, j) { return colItem(j).id; }) };
    },
    ready: { sinceNavigationMs: performance.now(), scriptMs: performance.now() - started }
  };
  document.body.dataset.ready = "true";
}());
