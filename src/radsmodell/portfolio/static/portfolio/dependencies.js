// Draws the dependency graph from the JSON the page embeds; the tables carry the same facts.
document.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("dependency-chart");
  var data = JSON.parse(document.getElementById("dependency-data").textContent);
  if (!element || !window.echarts || !data.nodes.length) return;
  // A name is data: "{" gets an invisible zero-width space after it, so the rich-text tooltip never reads
  // "{style|text}" in a name as markup; the reader sees the name as it was typed.
  var plain = function (text) { return String(text).replace(/\{/g, "{\u200b"); };
  var chart = echarts.init(element);
  chart.setOption({
    aria: { enabled: true },
    // The tooltip is drawn on the canvas: ECharts' HTML tooltip uses style attributes, which the CSP refuses.
    tooltip: { renderMode: "richText" },
    legend: [{ data: data.categories }],
    series: [{
      type: "graph", layout: "force", roam: true, draggable: true,
      label: { show: true, position: "right", fontSize: 11 },
      edgeSymbol: ["none", "arrow"], edgeSymbolSize: 7,
      force: { repulsion: 180, edgeLength: 90 },
      categories: data.categories.map(function (name) { return { name: name }; }),
      data: data.nodes.map(function (n) { return { id: n.id, name: plain(n.name), category: n.category, symbolSize: n.category ? 22 : 14 }; }),
      links: data.links
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
