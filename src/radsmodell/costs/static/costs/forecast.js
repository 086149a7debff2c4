// Draws the running-cost forecast as stacked bars from the JSON the page embeds; the table has the same numbers.
document.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("forecast-chart");
  var source = document.getElementById("forecast-data");
  if (!element || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  if (!data || !data.series.length) return;
  var kroner = function (v) {
    return v === null || v === undefined ? "–" : v.toLocaleString("nb-NO", { maximumFractionDigits: 0 }) + " kr";
  };
  var millions = function (v) {
    return (v / 1e6).toLocaleString("nb-NO", { maximumFractionDigits: 1 }) + " mill.";
  };
  // A name is data: "{" gets an invisible zero-width space after it, so the rich-text tooltip never reads
  // "{style|text}" in a name as markup; the reader sees the name as it was typed.
  var plain = function (text) { return String(text).replace(/\{/g, "{\u200b"); };
  var chart = echarts.init(element);
  chart.setOption({
    aria: { enabled: true },
    // The tooltip is drawn on the canvas: ECharts' HTML tooltip uses style attributes, which the CSP refuses.
    tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: kroner },
    legend: { top: 0, type: "scroll" },
    grid: { top: 40, left: 10, right: 20, bottom: 30, containLabel: true },
    xAxis: { type: "category", data: data.years },
    yAxis: { type: "value", axisLabel: { formatter: millions } },
    series: data.series.map(function (s) {
      return { name: plain(s.name), type: "bar", stack: "total", data: s.values };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
