// Outcome measure trajectories: one line chart per measure, read from
// data-measure-chart. The clinical range is a shaded band, and the lines
// where change from the first score becomes reliable are drawn dashed. The
// table under each chart carries the same scores for screen readers.
const charts = [];
for (const el of document.querySelectorAll("[data-measure-chart]")) {
  if (typeof echarts === "undefined") break;
  const d = JSON.parse(el.dataset.measureChart);
  const marks = [];
  if (d.reliableChange > 0 && d.dates.length > 0) {
    const better = d.higherIsBetter ? d.first + d.reliableChange : d.first - d.reliableChange;
    const worse = d.higherIsBetter ? d.first - d.reliableChange : d.first + d.reliableChange;
    if (better >= d.min && better <= d.max) marks.push({ yAxis: better, name: "Reliable improvement", label: { formatter: "Reliable improvement", position: "insideEndTop" } });
    if (worse >= d.min && worse <= d.max) marks.push({ yAxis: worse, name: "Reliable deterioration", label: { formatter: "Reliable deterioration", position: "insideEndTop" } });
  }
  const series = {
    type: "line", name: d.name, data: d.totals, symbolSize: 9, lineStyle: { width: 3, color: "#005eb8" }, itemStyle: { color: "#005eb8" },
    label: { show: true, position: "top", fontWeight: "bold" },
    markLine: { symbol: "none", silent: true, lineStyle: { type: "dashed", color: "#4c6272" }, data: marks },
  };
  if (d.cutoff > 0) {
    series.markArea = {
      silent: true, itemStyle: { color: "rgba(255, 184, 28, 0.18)" },
      label: { position: "insideTopLeft", color: "#212b32" },
      data: [[{ name: `Clinical range (${d.cutoff} or more)`, yAxis: d.cutoff }, { yAxis: d.max }]],
    };
  }
  const chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    grid: { left: 50, right: 30, top: 30, bottom: 40 },
    xAxis: { type: "category", data: d.dates, name: "Date", nameLocation: "middle", nameGap: 28 },
    yAxis: { type: "value", min: d.min, max: d.max, name: "Score" },
    series: [series],
  });
  charts.push(chart);
  el.dataset.ready = "true";
}
window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
