// Draws the connections around one object from the JSON the page embeds (core/link_graph.py);
// the table under the chart carries the same links. Clicking an object opens its page.
//
// The layout is radial and fixed: the centre in the middle, the objects one step out on a ring
// around it (grouped by kind, as the data comes), those two steps out on an outer ring, each near
// the object it was reached through. The same graph is drawn the same way every time, and a
// label never lies across the centre.
document.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("link-graph-chart");
  var source = document.getElementById("link-graph-data");
  if (!element || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  if (!data.nodes.length) return;

  var ring = { 1: [], 2: [] };
  data.nodes.forEach(function (n) { if (n.distance > 0) ring[n.distance].push(n); });
  var angle = {};
  ring[1].forEach(function (n, i) { angle[n.id] = 2 * Math.PI * i / ring[1].length; });
  // An outer object sits by the first inner object it is linked to.
  var near = {};
  data.links.forEach(function (l) {
    [[l.source, l.target], [l.target, l.source]].forEach(function (pair) {
      if (near[pair[0]] === undefined && angle[pair[1]] !== undefined) near[pair[0]] = angle[pair[1]];
    });
  });
  ring[2].sort(function (a, b) { return (near[a.id] || 0) - (near[b.id] || 0); });
  ring[2].forEach(function (n, i) { angle[n.id] = 2 * Math.PI * i / ring[2].length; });

  var many = data.nodes.length > 40;
  // A title is data: "{" gets an invisible zero-width space after it, so the rich-text tooltip never reads
  // "{style|text}" in a title as markup; the reader sees the title as it was typed.
  var plain = function (text) { return String(text).replace(/\{/g, "{\u200b"); };
  var chart = echarts.init(element);
  chart.setOption({
    animation: !window.matchMedia("(prefers-reduced-motion: reduce)").matches,
    aria: { enabled: true, label: { description: element.getAttribute("aria-label") } },
    // The tooltip is drawn on the canvas: ECharts' HTML tooltip uses style attributes, which the CSP refuses.
    tooltip: { renderMode: "richText", formatter: function (p) { return p.dataType === "node" ? plain(p.data.name) : ""; } },
    legend: [{ data: data.categories, type: "scroll", top: 0 }],
    series: [{
      type: "graph", layout: "none", roam: true, top: 50, bottom: 20, left: 190, right: 190,
      label: { show: true, fontSize: 11, width: 170, overflow: "truncate" },
      categories: data.categories.map(function (name) { return { name: name }; }),
      data: data.nodes.map(function (n) {
        var a = angle[n.id] || 0, radius = n.distance === 0 ? 0 : (n.distance === 1 ? 1 : 2);
        var right = Math.cos(a) >= 0;
        return {
          id: n.id, name: n.name, url: n.url, category: n.category,
          x: radius * Math.cos(a), y: radius * Math.sin(a),
          symbolSize: n.centre ? 38 : (n.distance === 1 ? 18 : 11),
          itemStyle: n.centre ? { borderColor: "#1e2b3c", borderWidth: 3 } : undefined,
          // Labels point outwards; with two steps out only the inner ring is named (the rest on hover).
          label: n.centre ? { fontWeight: "bold", fontSize: 13, position: "bottom" }
            : (many && n.distance > 1 ? { show: false } : { position: right ? "right" : "left" })
        };
      }),
      links: data.links,
      // Slightly curved: a straight edge close to horizontal or vertical is drawn out of place.
      lineStyle: { color: "source", opacity: 0.5, curveness: 0.08 },
      emphasis: { focus: "adjacency", label: { show: true } }
    }]
  });
  chart.on("click", function (p) {
    if (p.dataType === "node" && p.data.url) window.location.href = p.data.url;
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
