// Referral journeys flow diagram (Sankey): referrer → service tier → outcome.
// The numbers are also in the table under it.
(function () {
  const el = document.getElementById("journey-sankey");
  if (!el || typeof echarts === "undefined") return;
  const d = JSON.parse(el.dataset.chart);
  if (!d.links || d.links.length === 0) { el.hidden = true; return; }
  const colour = (name) => name.startsWith("Declined, no") ? "#d5281b" : name.startsWith("Declined") ? "#ffb81c" :
    name === "Accepted" ? "#007f3b" : name.startsWith("From") ? "#768692" : "#005eb8";
  const chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({
    tooltip: { trigger: "item" },
    series: [{
      type: "sankey", left: 10, right: 190, top: 10, bottom: 10, nodeGap: 10, draggable: false,
      emphasis: { focus: "adjacency" },
      data: d.nodes.map((n) => ({ name: n.name, itemStyle: { color: colour(n.name) } })),
      links: d.links,
      lineStyle: { color: "gradient", opacity: 0.35, curveness: 0.5 },
      label: { color: "#212b32", fontSize: 13 },
    }],
  });
  window.addEventListener("resize", () => chart.resize());
  el.dataset.ready = "true";
})();
