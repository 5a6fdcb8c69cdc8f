// The evidence panel of the provenance report: paints, from the JSON blob, the
// evidence of the edge whose button was clicked. Text goes in as text nodes only.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("provenance-data").textContent);
  const nodes = new Map(data.trace.nodes.map((n) => [n.id, n]));
  const edges = new Map(data.trace.edges.map((e, i) => [data.panels[i].key, [e, data.panels[i]]]));
  const body = document.getElementById("evidence-body");
  const heading = document.getElementById("evidence-h");
  const WRAP = { delete: "del", insert: "ins", replace: "span" };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    for (const child of children) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  // pieces: [[text, op, marked], ...] computed by provenance.report.
  function paint(pieces) {
    const out = el("span", { class: "sentence" });
    for (const [text, op, marked] of pieces) {
      let node = document.createTextNode(text);
      if (op in WRAP) node = el(WRAP[op], { class: "edit-" + op }, node);
      if (marked) node = el("mark", { class: "attribution" }, node);
      out.append(node);
    }
    return out;
  }

  function label(id) {
    const node = nodes.get(id);
    return node ? node.label : id;
  }

  function badge(id) {
    const node = nodes.get(id);
    return el("span", { class: "badge kind-" + (node ? node.kind : "document") },
      node ? data.kinds[node.kind] : "article");
  }

  function show(key) {
    const found = edges.get(key);
    if (!found) return;
    const [edge, panel] = found;
    const parts = [
      el("h3", {}, badge(edge.parent), " ", label(edge.parent), " → ", badge(edge.child), " ",
        label(edge.child)),
      el("dl", { class: "facts" },
        el("dt", {}, "relation"),
        el("dd", {}, edge.relation + ": " + data.relations[edge.relation]),
        el("dt", {}, "confidence"), el("dd", {}, edge.confidence.toFixed(2)),
        el("dt", {}, "in the tree"),
        el("dd", {}, edge.primary ? "primary parent" : "secondary parent"),
        el("dt", {}, "aligned sentences"), el("dd", {}, String(edge.evidence.aligned.length))),
    ];
    parts.push(el("h4", {}, "Why this edge and this direction"));
    const reasons = el("ul", { class: "reasons" });
    for (const reason of edge.evidence.reasons) reasons.append(el("li", {}, reason));
    if (!edge.evidence.reasons.length) reasons.append(el("li", {}, "no reason recorded"));
    parts.push(reasons);
    if (edge.evidence.citations.length) {
      parts.push(el("h4", {}, "Attribution phrases"));
      const phrases = el("ul", { class: "phrases" });
      for (const phrase of edge.evidence.citations) {
        phrases.append(el("li", {}, el("mark", { class: "attribution" }, phrase)));
      }
      parts.push(phrases);
    }
    if (panel.cited_in.length) {
      parts.push(el("h4", {}, "Where the attribution is written"));
      const places = el("ul", { class: "cited-in" });
      for (const place of panel.cited_in) {
        places.append(el("li", {}, el("code", {}, place.document + " #" + place.sentence), " ",
          paint(place.text)));
      }
      parts.push(places);
    }
    parts.push(el("h4", {}, "Aligned sentences"));
    if (edge.evidence.aligned.length) {
      parts.push(el("p", { class: "diff-legend" }, "Words ",
        el("del", { class: "edit-delete" }, "only in the parent's version"), ", ",
        el("ins", { class: "edit-insert" }, "only in the child's"), ", ",
        el("span", { class: "edit-replace" }, "replaced"), "; ",
        el("mark", { class: "attribution" }, "attribution phrases"), "."));
      const rows = el("tbody");
      edge.evidence.aligned.forEach((pair, i) => {
        rows.append(el("tr", { class: "pair" },
          el("td", { class: "side parent" },
            el("code", {}, pair.parent_document + " #" + pair.parent_sentence), " ",
            paint(panel.pairs[i].parent)),
          el("td", { class: "side child" },
            el("code", {}, edge.child + " #" + pair.child_sentence), " ",
            paint(panel.pairs[i].child)),
          el("td", { class: "meta" }, pair.kind, el("br"), "score " + pair.score.toFixed(1),
            el("br"), "weight " + pair.weight.toFixed(2))));
      });
      parts.push(el("table", { class: "pairs" },
        el("thead", {}, el("tr", {},
          el("th", { scope: "col" }, "parent's text"),
          el("th", { scope: "col" }, "child's text"),
          el("th", { scope: "col" }, "kind"))),
        rows));
    } else {
      parts.push(el("p", { class: "none" },
        "No aligned sentences: this edge rests on the attribution and the reasons above."));
    }
    const back = el("button", { type: "button", class: "back" }, "Back to this edge in the tree");
    back.addEventListener("click", () => {
      const origin = document.querySelector("button[aria-pressed=true]");
      if (origin) {
        origin.scrollIntoView({ block: "center" });
        origin.focus({ preventScroll: true });
      }
    });
    parts.push(el("p", {}, back));
    body.replaceChildren(...parts);
    body.dataset.edge = key;
    for (const button of document.querySelectorAll("button[data-edge]")) {
      button.setAttribute("aria-pressed", String(button.dataset.edge === key));
    }
    try {
      history.replaceState(null, "", "#edge=" + encodeURIComponent(key));
    } catch (error) {
      // Some browsers refuse history changes on file:// pages; the link is a nicety.
    }
    const stacked = window.matchMedia("(max-width: 999px)").matches;
    heading.focus({ preventScroll: !stacked });
    if (stacked) heading.scrollIntoView();
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-edge]");
    if (!button) return;
    event.preventDefault();
    show(button.dataset.edge);
  });
  if (location.hash.startsWith("#edge=")) show(decodeURIComponent(location.hash.slice(6)));
})();
