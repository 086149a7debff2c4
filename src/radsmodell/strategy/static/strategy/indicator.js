// Draws the indicator's series from the JSON the page embeds; the table under it has the same numbers.
document.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("indicator-chart");
  var source = document.getElementById("indicator-data");
  if (!element || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var format = function (v) {
    if (v === null || v === undefined) return "–";
    return v.toLocaleString("nb-NO", { maximumFractionDigits: 1 }) + (data.percent ? " %" : "");
  };
  // A name is data: "{" gets an invisible zero-width space after it, so the rich-text tooltip never reads
  // "{style|text}" in a name as markup; the reader sees the name as it was typed.
  var plain = function (text) { return String(text).replace(/\{/g, "{\u200b"); };
  var chart = echarts.init(element);
  chart.setOption({
    aria: { enabled: true },
    // The tooltip is drawn on the canvas: ECharts' HTML tooltip uses style attributes, which the CSP refuses.
    tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: format },
    legend: { top: 0 },
    grid: { top: 40, left: 50, right: 20, bottom: 40 },
    xAxis: { type: "category", data: data.periods },
    yAxis: { type: "value", axisLabel: { formatter: function (v) { return format(v); } } },
    series: data.series.map(function (s) {
      return { name: plain(s.name), type: "line", data: s.values, connectNulls: false, symbolSize: 6 };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
