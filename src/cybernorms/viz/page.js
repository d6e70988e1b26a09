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

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    // dir=auto: a name in Arabic (a reader's chosen language) reads right to left, the rest left to right
    if (text !== undefined && text !== null) { node.textContent = String(text); node.dir = "auto"; }
    return node;
  }

  function kindOf(node) { return kinds[node.kind] || kinds.other; }

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
  /* -- first sight: the whole graph, or for a small one a readable part of it -- */
  var MIN_SCALE = 0.6;
  function firstSight() {
    network.fit({ animation: false });
    if (big || network.getScale() >= MIN_SCALE) { return; }
    var centre = { x: 0, y: 0 };
    if (data.focus !== null && data.focus !== undefined) {
      centre = { x: data.nodes[data.focus].x, y: data.nodes[data.focus].y };
    } else {
      data.nodes.forEach(function (n) { centre.x += n.x / data.nodes.length; centre.y += n.y / data.nodes.length; });
    }
    network.moveTo({ position: centre, scale: MIN_SCALE, animation: false });
  }
  document.getElementById("cn-fit").addEventListener("click", function () { network.fit({ animation: false }); });
  if (data.axis.length) {
    network.on("beforeDrawing", function (ctx) {
      var top = Math.min.apply(null, data.nodes.map(function (n) { return n.y; })) - 50;
      ctx.save();
      ctx.font = "bold 16px sans-serif";
      ctx.fillStyle = "#666666";
      ctx.strokeStyle = "#dddddd";
      data.axis.forEach(function (tick) {
        ctx.beginPath();
        ctx.moveTo(tick.x - 20, top + 8);
        ctx.lineTo(tick.x - 20, -top);
        ctx.stroke();
        ctx.fillText(tick.label, tick.x - 16, top);
      });
      ctx.restore();
    });
  }
  firstSight();

  network.once("afterDrawing", function () {
    view.ready = { scriptMs: performance.now() - started, sinceNavigationMs: performance.now() };
    document.body.dataset.ready = "true";
  });
  if (data.focus !== null && data.focus !== undefined) {
    network.selectNodes([data.focus]);
  }
}());
