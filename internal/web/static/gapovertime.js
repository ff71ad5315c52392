// The gap over time: two lines (people who fell through, profiles in the
// gap) by month, with a marker on each month whose rules changed. The
// table beside the chart carries the same numbers for screen readers.
(function () {
  const el = document.getElementById("gap-over-time-chart");
  if (!el || typeof echarts === "undefined") return;
  const d = JSON.parse(el.dataset.chart);
  const marks = [];
  d.changes.forEach((text, i) => { if (text) marks.push({ xAxis: d.months[i], label: { formatter: "rules changed" }, tooltip: { formatter: text.replace(/\n/g, "<br>") } }); });
  const chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 50, right: 50, top: 40, bottom: 60 },
    xAxis: { type: "category", data: d.months },
    yAxis: [{ type: "value", name: "People", minInterval: 1 }, { type: "value", name: "Profiles", minInterval: 1 }],
    series: [
      { name: "People who fell through", type: "line", data: d.fell, connectNulls: false, color: "#d5281b",
        markLine: { symbol: "none", lineStyle: { color: "#212b32", type: "dashed" }, data: marks } },
      { name: "Profiles in the gap", type: "line", yAxisIndex: 1, data: d.cells, step: "end", color: "#005eb8" },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
  el.dataset.ready = "true";
})();
