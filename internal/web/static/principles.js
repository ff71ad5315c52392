// Principles in practice: median days to first assessment by group, one
// bar chart per dimension, read from data-equity-chart. Only groups large
// enough to show are drawn; the table under the charts has every group.
const charts = [];
for (const el of document.querySelectorAll("[data-equity-chart]")) {
  if (typeof echarts === "undefined") break;
  const d = JSON.parse(el.dataset.equityChart);
  const chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    title: { text: `Median days to first assessment by ${el.dataset.dimension.toLowerCase()}`, textStyle: { fontSize: 15, color: "#212b32" } },
    grid: { left: 160, right: 40, top: 40, bottom: 30 },
    xAxis: { type: "value", name: "days", minInterval: 1 },
    yAxis: { type: "category", data: d.groups, inverse: true, axisLabel: { color: "#212b32" } },
    series: [{ type: "bar", data: d.waits, itemStyle: { color: "#005eb8" }, label: { show: true, position: "right", color: "#212b32" } }],
  });
  el.dataset.ready = "true";
  charts.push(chart);
}
window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
