// Draws the duty-to-pay timeline from the JSON the page embeds; the table on the page has the same dates.
document.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("gate-timeline");
  var source = document.getElementById("gate-timeline-data");
  if (!element || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  if (!data.events.length) return;
  var symbols = { planned: "emptyCircle", production: "rect", deadline: "triangle", approved: "diamond",
                  entry: "circle", earliest: "emptyDiamond" };
  var day = function (iso) {
    return new Date(iso + "T00:00:00").toLocaleDateString(document.documentElement.lang === "en" ? "en-GB" : "nb-NO",
      { day: "numeric", month: "long", year: "numeric" });
  };
  // A name is data: "{" gets an invisible zero-width space after it, so the rich-text tooltip never reads
  // "{style|text}" in a name as markup; the reader sees the name as it was typed.
  var plain = function (text) { return String(text).replace(/\{/g, "{\u200b"); };
  var chart = echarts.init(element);
  chart.setOption({
    aria: { enabled: true },
    // The tooltip is drawn on the canvas: ECharts' HTML tooltip uses style attributes, which the CSP refuses.
    tooltip: {
      trigger: "item", renderMode: "richText",
      formatter: function (p) { return plain(p.data.service) + "\n" + plain(p.seriesName) + ": " + day(p.data.iso); }
    },
    legend: { top: 0, type: "scroll" },
    grid: { top: 50, left: 10, right: 30, bottom: 30, containLabel: true },
    xAxis: {
      type: "time", minInterval: 365 * 24 * 3600 * 1000, splitLine: { show: true },
      axisLabel: { formatter: "{yyyy}", hideOverlap: true },
      // A quarter of a year of room on each side, so marks on 1 January are not on the edge.
      min: function (v) { return v.min - 91 * 24 * 3600 * 1000; },
      max: function (v) { return v.max + 91 * 24 * 3600 * 1000; }
    },
    yAxis: { type: "category", data: data.services, inverse: true },
    series: data.kinds.filter(function (kind) {
      return data.events.some(function (e) { return e.kind === kind.key; });
    }).map(function (kind) {
      return {
        name: kind.label, type: "scatter", symbol: symbols[kind.key] || "circle", symbolSize: 14,
        data: data.events.filter(function (e) { return e.kind === kind.key; }).map(function (e) {
          return { value: [e.date, e.service], service: e.service, iso: e.date };
        })
      };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
