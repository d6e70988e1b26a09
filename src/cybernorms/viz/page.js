/* The behaviour of a cybernorms view: legend, tooltips, search, filters, neighbour highlight.
 *
 * Every text from the data is put into the page with textContent or as a text node, never as
 * HTML; vis-network gets tooltips as DOM elements, which it appends, rather than strings, which
 * it would parse. The data comes from the JSON script element with the id cn-data.
 */
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("cn-data").textContent);
  var kinds = data.kinds;
  var linkStyles = data.links;
  var big = data.nodes.length > 1000;
  var byIri = {};
  var TIP_MEMBERS = 20;
  var adjacency = {};
  /* relations drawn only for the selected node (the norm grid's "stated in" and "in category") */
  var quiet = {};
  (data.quiet || []).forEach(function (r) { quiet[r] = true; });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    // dir=auto: a name in Arabic (a reader's chosen language) reads right to left, the rest left to right
    if (text !== undefined && text !== null) { node.textContent = String(text); node.dir = "auto"; }
    return node;
  }

  function kindOf(node) { return kinds[node.kind] || kinds.other; }

  /* The explorer's page of an entity, when the explorer serves this view (/views/…): /id/… for the
     project's IRIs, /resource?iri=… for any other (a partner's); none for a page opened as a file. */
  var ID_BASE = "https://w3id.org/cybernorms/id/";
  function explorerPage(iri) {
    if (!/^https?:$/.test(window.location.protocol) || window.location.pathname.indexOf("/views/") !== 0 || !iri) {
      return null;
    }
    if (iri.indexOf(ID_BASE) === 0 && !/[?#]/.test(iri)) { return "/id/" + iri.slice(ID_BASE.length); }
    return "/resource?iri=" + encodeURIComponent(iri);
  }

  function textColour(hex) {
    var c = parseInt(hex.slice(1), 16);
    var r = (c >> 16) & 255, g = (c >> 8) & 255, b = c & 255;
    return (0.299 * r + 0.587 * g + 0.114 * b) > 150 ? "#111111" : "#ffffff";
  }

  function tooltip(node) {
    var box = el("div", "cn-tip");
    box.appendChild(el("strong", "cn-tip-name", node.name));
    var meta = kindOf(node).legend + (node.date ? " · " + node.date : "");
    box.appendChild(el("div", "cn-tip-kind", meta));
    if (node.partner) { box.appendChild(el("div", "cn-tip-partner", "named by partner data: " + node.partner)); }
    if (node.status) {
      box.appendChild(el("div", "cn-tip-status", node.status + (node.detail ? " (" + node.detail + ")" : "")));
    }
    node.texts.forEach(function (entry) {
      box.appendChild(el("blockquote", "cn-tip-text", entry[0]));
      entry[1].forEach(function (cite) { box.appendChild(el("div", "cn-tip-cite", "— " + cite)); });
    });
    if (!node.texts.length) {
      node.citations.forEach(function (cite) { box.appendChild(el("div", "cn-tip-cite", "— " + cite)); });
    }
    if (node.members) {
      var names = node.members.slice(0, TIP_MEMBERS).map(function (m) { return m.name; }).join("; ");
      var more = node.members.length - TIP_MEMBERS;
      box.appendChild(el("div", "cn-tip-members", node.aggregate + " supporters: " + names +
        (more > 0 ? "; … and " + more + " more" : "")));
    }
    return box;
  }

  function edgeTooltip(edge) {
    var box = el("div", "cn-tip");
    var style = linkStyles[edge.relation] || linkStyles.link;
    box.appendChild(el("strong", "cn-tip-name", style.legend));
    box.appendChild(el("div", "cn-tip-kind", data.nodes[edge.from].name + " → " + data.nodes[edge.to].name));
    if (edge.text) { box.appendChild(el("blockquote", "cn-tip-text", edge.text)); }
    if (edge.date) { box.appendChild(el("div", "cn-tip-kind", "since " + edge.date)); }
    edge.citations.forEach(function (cite) { box.appendChild(el("div", "cn-tip-cite", "— " + cite)); });
    return box;
  }

  function nodeLook(node) {
    var kind = kindOf(node);
    var look = {
      id: node.id, x: node.x, y: node.y, label: node.label, shape: kind.shape,
      size: kind.size, title: tooltip(node), borderWidth: node.focus ? 4 : 1,
      color: { background: kind.color, border: "#333333",
               highlight: { background: kind.color, border: "#000000" } },
      font: { color: "#222222", strokeWidth: 3, strokeColor: "#ffffff" }
    };
    if (kind.shape === "box") {
      look.font = { color: textColour(kind.color) };
      look.margin = 6;
    }
    if (node.kind === "characteristic-lacking") {
      look.color.border = "#CC3311";
      look.borderWidth = 3;
      look.shapeProperties = { borderDashes: [6, 4] };
    }
    return look;
  }

  function edgeLook(edge, index) {
    var style = linkStyles[edge.relation] || linkStyles.link;
    return {
      id: index, from: edge.from, to: edge.to, width: style.width, dashes: style.dashes,
      hidden: quiet[edge.relation] === true,
      color: { color: style.color, highlight: "#000000", opacity: 0.9 },
      arrows: style.arrow ? { to: { enabled: true, scaleFactor: style.width > 3 ? 1.4 : 0.6 } } : "",
      title: edgeTooltip(edge)
    };
  }

  data.nodes.forEach(function (node) {
    byIri[node.iri] = node.id;
    adjacency[node.id] = [];
    node.search = [node.name, node.label, node.iri].concat(
      node.texts.map(function (t) { return t[0]; }), node.citations,
      (node.members || []).map(function (m) { return m.name; })).join("\n").toLowerCase();
  });
  data.edges.forEach(function (edge) {
    adjacency[edge.from].push(edge.to);
    adjacency[edge.to].push(edge.from);
  });

  document.getElementById("cn-title").textContent = data.view.title;
  document.getElementById("cn-description").textContent = data.view.description;
  if (data.note) {
    var note = document.getElementById("cn-note");
    note.textContent = data.note;
    note.hidden = false;
  }

  var looks = data.nodes.map(nodeLook);
  var nodes = new vis.DataSet(looks);
  var edges = new vis.DataSet(data.edges.map(edgeLook));
  var container = document.getElementById("cn-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: !big, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                   multiselect: false, keyboard: { enabled: true, bindToWindow: false } },
    nodes: { font: { size: 14, face: "sans-serif" }, scaling: { label: { drawThreshold: 6 } } },
    edges: { smooth: false, selectionWidth: 2, hoverWidth: 1 }
  });

  /* -- legend -- */
  function buildLegend() {
    var seenKinds = {}, seenLinks = {};
    data.nodes.forEach(function (n) { seenKinds[n.kind] = true; });
    data.edges.forEach(function (e) { seenLinks[e.relation] = true; });
    var nodeList = document.getElementById("cn-legend-nodes");
    Object.keys(kinds).forEach(function (key) {
      if (!seenKinds[key]) { return; }
      var item = el("li", "cn-legend-node");
      item.dataset.kind = key;
      var swatch = el("span", "cn-swatch cn-shape-" + kinds[key].shape);
      swatch.style.backgroundColor = kinds[key].color;
      if (key === "characteristic-lacking") { swatch.style.borderColor = "#CC3311"; swatch.style.borderStyle = "dashed"; }
      item.appendChild(swatch);
      item.appendChild(el("span", "cn-legend-text", kinds[key].legend));
      nodeList.appendChild(item);
    });
    var linkList = document.getElementById("cn-legend-links");
    Object.keys(linkStyles).forEach(function (key) {
      if (!seenLinks[key]) { return; }
      var item = el("li", "cn-legend-link");
      item.dataset.relation = key;
      var line = el("span", "cn-line");
      line.style.borderTopColor = linkStyles[key].color;
      line.style.borderTopWidth = Math.max(2, Math.min(linkStyles[key].width, 6)) + "px";
      line.style.borderTopStyle = linkStyles[key].dashes ? "dashed" : "solid";
      item.appendChild(line);
      item.appendChild(el("span", "cn-legend-text", linkStyles[key].legend + (linkStyles[key].arrow ? " →" : "")));
      linkList.appendChild(item);
    });
  }

  /* -- details and highlight -- */
  var dimmed = false;
  var selected = null;
  function showDetails(id) {
    var info = document.getElementById("cn-info");
    while (info.firstChild) { info.removeChild(info.firstChild); }
    if (id === null || id === undefined) {
      info.appendChild(el("p", "cn-hint", "Click a node to see its text and sources and to highlight its neighbours."));
      return;
    }
    var node = data.nodes[id];
    info.appendChild(tooltip(node));
    info.appendChild(el("div", "cn-iri", node.iri));
    var page = explorerPage(node.iri);
    if (page) {
      var open = el("a", "cn-page", "Open its page in the explorer");
      open.href = page;
      info.appendChild(open);
    }
    if (node.members && !node.expanded) {
      var expander = el("button", "cn-expand", "Show the " + node.aggregate + " supporters one by one");
      expander.type = "button";
      expander.addEventListener("click", function () { expand(id); });
      info.appendChild(expander);
      var members = el("ul", "cn-members");
      node.members.forEach(function (m) { members.appendChild(el("li", null, m.name)); });
      info.appendChild(members);
    }
    var near = adjacency[id].filter(function (v, i, a) { return a.indexOf(v) === i; });
    if (near.length) {
      info.appendChild(el("h3", null, "Linked to (" + near.length + ")"));
      var list = el("ul", "cn-neighbours");
      near.slice(0, 60).forEach(function (other) {
        var item = el("li");
        var button = el("button", "cn-link-button", data.nodes[other].name);
        button.type = "button";
        button.addEventListener("click", function () { select(other); });
        item.appendChild(button);
        list.appendChild(item);
      });
      info.appendChild(list);
    }
  }

  /* An aggregate's members, added as nodes in rings around it, each linked to what they support;
     the aggregate itself is hidden. Names go in as labels and text, never as HTML. */
  function expand(id) {
    var agg = data.nodes[id];
    if (!agg.members || agg.expanded) { return []; }
    agg.expanded = true;
    var targets = data.edges.filter(function (e) { return e.from === id && e.relation === "supports"; })
      .map(function (e) { return e.to; });
    var added = [], newEdges = [];
    agg.members.forEach(function (m, i) {
      var ring = Math.floor(Math.sqrt(i / 3)), slots = Math.max(6, (ring + 1) * 12);
      var first = ring === 0 ? 0 : 3 * ring * ring, angle = 2 * Math.PI * (i - first) / slots;
      var radius = 90 + 70 * ring;
      var node = {
        id: data.nodes.length, iri: m.iri, label: m.label, name: m.name, kind: m.kind,
        x: agg.x + radius * Math.cos(angle), y: agg.y + radius * Math.sin(angle),
        texts: [], citations: agg.citations.slice(), categories: [], documents: [], date: null,
        status: null, detail: null, focus: false
      };
      node.search = [node.name, node.label, node.iri].concat(node.citations).join("\n").toLowerCase();
      node.actorType = data.actorKinds.indexOf(node.kind) !== -1 ? [kindOf(node).legend] : [];
      data.nodes.push(node);
      byIri[node.iri] = node.id;
      adjacency[node.id] = [];
      var look = nodeLook(node);
      looks.push(look);
      added.push(look);
      targets.forEach(function (t) {
        var edge = { from: node.id, to: t, relation: "supports", text: null, date: null,
                     citations: agg.citations.slice() };
        data.edges.push(edge);
        adjacency[node.id].push(t);
        adjacency[t].push(node.id);
        newEdges.push(edgeLook(edge, data.edges.length - 1));
      });
    });
    nodes.add(added);
    edges.add(newEdges);
    nodes.update([{ id: id, hidden: true }]);
    document.getElementById("cn-count").textContent = data.nodes.length + " nodes, " + data.edges.length + " links";
    showDetails(targets.length ? targets[0] : null);
    return added.map(function (a) { return a.id; });
  }

  function highlight(id) {
    var keep = {};
    if (id !== null && id !== undefined) {
      keep[id] = true;
      adjacency[id].forEach(function (other) { keep[other] = true; });
    }
    var changes = [];
    data.nodes.forEach(function (node) {
      var look = looks[node.id];
      if (id !== null && id !== undefined && !keep[node.id]) {
        changes.push({ id: node.id, color: { background: "#eeeeee", border: "#dddddd" },
                       font: { color: "#bbbbbb", strokeWidth: 0 } });
      } else if (dimmed) {
        changes.push({ id: node.id, color: look.color, font: look.font });
      }
    });
    nodes.update(changes);
    dimmed = id !== null && id !== undefined;
    if (data.quiet && data.quiet.length) {
      var edgeChanges = [];
      data.edges.forEach(function (edge, index) {
        if (!quiet[edge.relation]) { return; }
        var show = dimmed && (edge.from === id || edge.to === id);
        edgeChanges.push({ id: index, hidden: !show });
      });
      edges.update(edgeChanges);
    }
    selected = dimmed ? id : null;
    saveState();
  }

  function select(id) {
    network.selectNodes([id]);
    highlight(id);
    showDetails(id);
    network.focus(id, { scale: Math.max(network.getScale(), 0.8), animation: false });
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      highlight(params.nodes[0]);
      showDetails(params.nodes[0]);
    } else {
      highlight(null);
      showDetails(null);
    }
  });

  /* -- search -- */
  var searchTimer = null;
  function search(text) {
    var query = text.trim().toLowerCase();
    var out = document.getElementById("cn-search-result");
    while (out.firstChild) { out.removeChild(out.firstChild); }
    if (!query) { network.unselectAll(); return []; }
    var hits = data.nodes.filter(function (n) { return !n.expanded && n.search.indexOf(query) !== -1; })
      .map(function (n) { return n.id; });
    out.appendChild(el("span", "cn-hit-count", hits.length + (hits.length === 1 ? " match" : " matches")));
    network.selectNodes(hits.filter(function (h) { return !nodes.get(h).hidden; }));
    var list = el("ul", "cn-hits");
    hits.slice(0, 20).forEach(function (id) {
      var item = el("li");
      var button = el("button", "cn-link-button", data.nodes[id].name);
      button.type = "button";
      button.addEventListener("click", function () { select(id); });
      item.appendChild(button);
      list.appendChild(item);
    });
    out.appendChild(list);
    if (hits.length && hits.length <= 50) { network.fit({ nodes: hits, animation: false }); }
    return hits;
  }
  document.getElementById("cn-search").addEventListener("input", function (event) {
    clearTimeout(searchTimer);
    var value = event.target.value;
    searchTimer = setTimeout(function () { search(value); }, 150);
  });

  /* -- filters -- */
  var facets = [
    { key: "actorType", label: "actor type" },
    { key: "categories", label: "category" },
    { key: "documents", label: "document" }
  ];
  data.nodes.forEach(function (n) {
    n.actorType = data.actorKinds.indexOf(n.kind) !== -1 ? [kinds[n.kind].legend] : [];
  });
  var selects = {};
  function buildFilters() {
    var box = document.getElementById("cn-filter-fields");
    facets.forEach(function (facet) {
      var values = {};
      data.nodes.forEach(function (n) { n[facet.key].forEach(function (v) { values[v] = true; }); });
      var names = Object.keys(values).sort();
      if (names.length < 2) { return; }
      var label = el("label", "cn-filter-label", facet.label);
      var select = el("select", "cn-filter");
      select.id = "cn-filter-" + facet.key;
      label.htmlFor = select.id;
      select.appendChild(el("option", null, "all")).value = "";
      names.forEach(function (name) { select.appendChild(el("option", null, name)).value = name; });
      select.addEventListener("change", applyFilters);
      selects[facet.key] = select;
      box.appendChild(label);
      box.appendChild(select);
    });
    var dates = data.nodes.map(function (n) { return n.date; }).filter(Boolean).sort();
    if (dates.length) {
      var from = document.getElementById("cn-date-from"), to = document.getElementById("cn-date-to");
      from.min = to.min = dates[0];
      from.max = to.max = dates[dates.length - 1];
      from.addEventListener("change", applyFilters);
      to.addEventListener("change", applyFilters);
      document.getElementById("cn-date-filter").hidden = false;
    }
    document.getElementById("cn-reset").addEventListener("click", function () {
      Object.keys(selects).forEach(function (k) { selects[k].value = ""; });
      document.getElementById("cn-date-from").value = "";
      document.getElementById("cn-date-to").value = "";
      applyFilters();
    });
  }

  function verdict(node) {
    var from = document.getElementById("cn-date-from").value;
    var to = document.getElementById("cn-date-to").value;
    var lacks = false;
    for (var i = 0; i < facets.length; i++) {
      var chosen = selects[facets[i].key] ? selects[facets[i].key].value : "";
      if (!chosen) { continue; }
      var values = node[facets[i].key];
      if (!values.length) { lacks = true; } else if (values.indexOf(chosen) === -1) { return "out"; }
    }
    if (from || to) {
      if (!node.date) { lacks = true; }
      else if ((from && node.date < from) || (to && node.date > to)) { return "out"; }
    }
    return lacks ? "maybe" : "in";
  }

  function applyFilters() {
    var state = data.nodes.map(verdict);
    var changes = [], shown = 0;
    data.nodes.forEach(function (node) {
      var visible = !node.expanded && (state[node.id] === "in" || (state[node.id] === "maybe" &&
        adjacency[node.id].some(function (o) { return state[o] === "in"; })));
      if (visible) { shown += 1; }
      if (!!nodes.get(node.id).hidden === visible) { changes.push({ id: node.id, hidden: !visible }); }
    });
    nodes.update(changes);
    document.getElementById("cn-count").textContent = shown + " of " + data.nodes.length + " nodes shown";
    return shown;
  }

  buildLegend();
  buildFilters();
  document.getElementById("cn-count").textContent = data.nodes.length + " nodes, " + data.edges.length + " links";

  var view = {
    network: network, nodes: nodes, edges: edges, data: data, ready: null,
    idOf: function (iri) { return byIri[iri]; },
    tooltipFor: function (iri) { return tooltip(data.nodes[byIri[iri]]); },
    select: function (iri) { select(byIri[iri]); },
    expand: function (iri) { return expand(byIri[iri]); },
    search: search,
    applyFilters: applyFilters
  };
  window.cnView = view;
  /* -- first sight: the whole drawing fitted, its axis and lane titles included, labels legible --
     Labels are drawn at least MIN_LABEL_PX high on screen whatever the zoom; where two would
     overlap at that size, the more important node keeps its label (a category, a document, the
     focus, then the most linked), and the others show theirs on hover, in the panel, or closer in. */
  var MIN_LABEL_PX = 12, AXIS_PX = 14, BASE_FONT = 14;
  var RANK = { "category": 0, "reference-document": 1, "proposed-forum": 1, "regime-complex": 1,
               "issue-area": 1, "stakeholder-group": 1, "document": 2, "forum": 2, "event": 3 };
  var scaleNow = 1;
  function canvasPx(px) { return Math.max(px, px / scaleNow); }
  function axisTop() {
    return Math.min.apply(null, data.nodes.map(function (n) { return n.y; })) - 60;
  }
  function axisBottom() {
    return Math.max.apply(null, data.nodes.map(function (n) { return n.y; })) + 40;
  }
  function laneX() {
    return Math.min.apply(null, data.nodes.map(function (n) { return n.x; }).concat(
      data.axis.map(function (t) { return t.x; }))) - canvasPx(110);
  }
  /* The year ticks that get a label at this zoom: one in every `step`, so that no two touch. */
  function labelledTicks() {
    if (!data.axis.length) { return []; }
    var font = canvasPx(AXIS_PX), width = font * 0.62 * 4 + font;
    var step = 1, gap = Infinity;
    for (var i = 1; i < data.axis.length; i++) { gap = Math.min(gap, data.axis[i].x - data.axis[i - 1].x); }
    while (gap * step < width && step < data.axis.length) { step += 1; }
    return data.axis.filter(function (t, i) { return i % step === 0 || i === data.axis.length - 1 && step === 1; });
  }
  /* The canvas boxes of the axis and lane titles, as drawn by the beforeDrawing handler. */
  function titleBoxes() {
    var boxes = [];
    if (!data.axis.length) { return boxes; }
    var top = axisTop(), font = canvasPx(AXIS_PX);
    labelledTicks().forEach(function (tick) {
      boxes.push({ label: tick.label, left: tick.x - 16, right: tick.x - 16 + font * 0.62 * tick.label.length,
                   top: top - font, bottom: top });
    });
    var lx = laneX();
    data.lanes.forEach(function (lane) {
      boxes.push({ label: lane.label, left: lx - font * 0.62 * lane.label.length, right: lx,
                   top: lane.y - font, bottom: lane.y + 4 });
    });
    return boxes;
  }
  function contentBox(ids, scale) {
    var box = { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity };
    function add(l, r, t, b) {
      box.left = Math.min(box.left, l); box.right = Math.max(box.right, r);
      box.top = Math.min(box.top, t); box.bottom = Math.max(box.bottom, b);
    }
    ids.forEach(function (id) {
      var n = data.nodes[id];
      add(n.x - 30, n.x + 30, n.y - 30, n.y + 30);
    });
    if (ids.length === data.nodes.length || !ids.length) {
      var kept = scaleNow;
      scaleNow = scale;
      titleBoxes().forEach(function (b) { add(b.left, b.right, b.top, b.bottom); });
      scaleNow = kept;
    }
    if (box.left === Infinity) { add(-100, 100, -100, 100); }
    return box;
  }
  var shownLabels = null, fontNow = BASE_FONT;
  function declutter(scale) {
    scaleNow = scale;
    if (big) { return; }
    var font = canvasPx(MIN_LABEL_PX > BASE_FONT * scale ? MIN_LABEL_PX : BASE_FONT * scale);
    font = Math.max(BASE_FONT, font);
    var order = data.nodes.filter(function (n) { return !n.expanded; }).sort(function (a, b) {
      var ra = a.focus ? -1 : (RANK[a.kind] === undefined ? 4 : RANK[a.kind]);
      var rb = b.focus ? -1 : (RANK[b.kind] === undefined ? 4 : RANK[b.kind]);
      return ra - rb || adjacency[b.id].length - adjacency[a.id].length || a.id - b.id;
    });
    var kept = [], show = {};
    order.forEach(function (n) {
      if (nodes.get(n.id).hidden) { return; }
      var w = font * 0.58 * String(n.label).length / 2 + 4, h = font * 0.7;
      var cy = kindOf(n).shape === "box" ? n.y : n.y + kindOf(n).size + font * 0.75;
      var b = { l: n.x - w, r: n.x + w, t: cy - h, b: cy + h };
      for (var i = 0; i < kept.length; i++) {
        var k = kept[i];
        if (b.l < k.r && k.l < b.r && b.t < k.b && k.t < b.b) { return; }
      }
      kept.push(b);
      show[n.id] = true;
    });
    var changes = [], size = Math.ceil(font - 1e-6);
    data.nodes.forEach(function (n) {
      var label = show[n.id] ? looks[n.id].label : "";
      var change = { id: n.id, label: label };
      if (kindOf(n).shape === "box") {  // a box is as big as its font: small where its label is left out
        change.font = { size: show[n.id] ? size : BASE_FONT };
        change.shape = show[n.id] ? "box" : "square";
        change.size = 7;
        changes.push(change);
      } else if (!shownLabels || shownLabels[n.id] !== label) { changes.push(change); }
    });
    shownLabels = {};
    data.nodes.forEach(function (n) { shownLabels[n.id] = show[n.id] ? looks[n.id].label : ""; });
    fontNow = Math.ceil(font - 1e-6);  // rounded up: never under MIN_LABEL_PX on screen
    network.setOptions({ nodes: { font: { size: fontNow } } });
    nodes.update(changes);
  }
  var declutterTimer = null;
  function declutterSoon() {
    clearTimeout(declutterTimer);
    declutterTimer = setTimeout(function () { declutter(network.getScale()); }, 120);
  }
  function fitTo(ids) {
    var width = container.clientWidth || 800, height = container.clientHeight || 600;
    var margin = 24, scale = 1;
    /* The titles' canvas size depends on the scale (they keep their size on screen), so the fit is
       repeated until the scale settles: from 1 it shrinks toward the scale at which the drawing and its
       titles just fit, and stops within 0.1 % of it, which the margin takes up. */
    for (var round = 0; round < 40; round++) {
      var box = contentBox(ids, scale);
      var next = Math.min((width - 2 * margin) / Math.max(box.right - box.left, 1),
                          (height - 2 * margin) / Math.max(box.bottom - box.top, 1), 1.5);
      var settled = Math.abs(next - scale) <= scale * 1e-3;
      scale = next;
      if (settled) { break; }
    }
    box = contentBox(ids, scale);
    network.moveTo({ position: { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 },
                     scale: scale, animation: false });
    declutter(scale);
  }
  function fitAll() {
    fitTo(data.nodes.filter(function (n) { return !nodes.get(n.id).hidden; }).map(function (n) { return n.id; }));
  }
  document.getElementById("cn-fit").addEventListener("click", function () { fitAll(); saveState(); });
  if (data.axis.length) {
    network.on("beforeDrawing", function (ctx) {
      var top = axisTop(), bottom = axisBottom(), font = canvasPx(AXIS_PX);
      ctx.save();
      ctx.strokeStyle = "#dddddd";
      ctx.lineWidth = 1 / Math.min(scaleNow, 1);
      data.axis.forEach(function (tick) {
        ctx.beginPath();
        ctx.moveTo(tick.x - 20, top - font);
        ctx.lineTo(tick.x - 20, bottom);
        ctx.stroke();
      });
      ctx.font = "bold " + Math.round(font) + "px sans-serif";
      ctx.fillStyle = "#444444";
      labelledTicks().forEach(function (tick) { ctx.fillText(tick.label, tick.x - 16, top); });
      ctx.fillStyle = "#777777";
      ctx.textAlign = "right";
      var lx = laneX();
      data.lanes.forEach(function (lane) { ctx.fillText(lane.label, lx, lane.y); });
      ctx.restore();
    });
  }

  /* -- view state in the URL fragment: filters, search, selection, zoom, as-of -- */
  var restoring = false, stateTimer = null;
  function readState() {
    var text = window.location.hash.replace(/^#/, "");
    var state = {};
    text.split("&").forEach(function (part) {
      if (!part) { return; }
      var eq = part.indexOf("=");
      var key = decodeURIComponent(eq === -1 ? part : part.slice(0, eq));
      state[key] = eq === -1 ? "" : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, " "));
    });
    return state;
  }
  function writeState() {
    var parts = [];
    function put(key, value) {
      if (value !== "" && value !== null && value !== undefined) {
        parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(value));
      }
    }
    Object.keys(selects).forEach(function (k) { put(k, selects[k].value); });
    put("from", document.getElementById("cn-date-from").value);
    put("to", document.getElementById("cn-date-to").value);
    put("q", document.getElementById("cn-search").value.trim());
    if (selected !== null && data.nodes[selected]) { put("select", data.nodes[selected].iri); }
    var at = network.getViewPosition();
    put("zoom", network.getScale().toFixed(3));
    put("x", Math.round(at.x));
    put("y", Math.round(at.y));
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (window.location.hash !== hash) {
      try { history.replaceState(null, "", hash || window.location.pathname + window.location.search); }
      catch (e) { /* a file page in a browser that refuses replaceState: the state stays unsaved */ }
    }
    return hash;
  }
  function saveState() {
    if (restoring) { return; }
    clearTimeout(stateTimer);
    stateTimer = setTimeout(writeState, 80);
  }
  function restoreState() {
    var state = readState();
    restoring = true;
    Object.keys(selects).forEach(function (k) {
      if (state[k] !== undefined) { selects[k].value = state[k]; }
    });
    if (state.asof && !state.to) { state.to = state.asof; }
    if (state.from) { document.getElementById("cn-date-from").value = state.from; }
    if (state.to) { document.getElementById("cn-date-to").value = state.to; }
    applyFilters();
    if (state.q) {
      document.getElementById("cn-search").value = state.q;
      search(state.q);
    }
    var chosen = state.select !== undefined ? byIri[state.select] : undefined;
    if (chosen !== undefined) {
      network.selectNodes([chosen]);
      highlight(chosen);
      showDetails(chosen);
    }
    var zoom = parseFloat(state.zoom), x = parseFloat(state.x), y = parseFloat(state.y);
    if (isFinite(zoom) && zoom > 0 && isFinite(x) && isFinite(y)) {
      network.moveTo({ position: { x: x, y: y }, scale: zoom, animation: false });
      declutter(zoom);
    } else {
      fitAll();
    }
    restoring = false;
  }
  Object.keys(selects).forEach(function (k) { selects[k].addEventListener("change", saveState); });
  ["cn-date-from", "cn-date-to", "cn-search"].forEach(function (id) {
    document.getElementById(id).addEventListener("change", saveState);
  });
  document.getElementById("cn-search").addEventListener("input", saveState);
  document.getElementById("cn-reset").addEventListener("click", saveState);
  network.on("zoom", function () { scaleNow = network.getScale(); declutterSoon(); saveState(); });
  network.on("dragEnd", saveState);
  window.addEventListener("hashchange", restoreState);

  /* -- narrow screens: the panel is a drawer over the drawing -- */
  var toggle = document.getElementById("cn-drawer");
  toggle.addEventListener("click", function () {
    var open = document.body.classList.toggle("cn-drawer-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });

  view.fit = fitAll;
  view.state = writeState;
  view.titleBoxes = function () {
    return titleBoxes().map(function (b) {
      var a = network.canvasToDOM({ x: b.left, y: b.top }), z = network.canvasToDOM({ x: b.right, y: b.bottom });
      return { label: b.label, left: a.x, top: a.y, right: z.x, bottom: z.y };
    });
  };
  view.labelsShown = function () {
    return data.nodes.filter(function (n) { return shownLabels && shownLabels[n.id]; }).map(function (n) { return n.id; });
  };
  /* the height on screen, in CSS pixels, of the labels drawn now */
  view.labelPixels = function () { return fontNow * network.getScale(); };
  restoreState();

  network.once("afterDrawing", function () {
    view.ready = { scriptMs: performance.now() - started, sinceNavigationMs: performance.now() };
    document.body.dataset.ready = "true";
  });
  if (data.focus !== null && data.focus !== undefined && selected === null) {
    network.selectNodes([data.focus]);
  }
}());
