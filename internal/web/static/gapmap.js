// Gap map heat map: reads the grid from data-chart, draws it with ECharts,
// opens a cell's explanation on click, and offers PNG and SVG downloads.
// The table under the chart carries the same numbers for screen readers.
(function () {
  const el = document.getElementById("gap-heatmap");
  if (!el || typeof echarts === "undefined") return;
  const d = JSON.parse(el.dataset.chart);
  const data = [];
  let max = 1;
  d.cells.forEach((row, i) => row.forEach((n, j) => { data.push([j, i, n]); if (n > max) max = n; }));

  function option(animation) {
    return {
      animation: animation,
      tooltip: { formatter: (p) => `${d.rowLabel}: ${d.rows[p.data[1]]}<br>${d.colLabel}: ${d.cols[p.data[0]]}<br>` +
        (p.data[2] === 0 ? "<strong>Gap: no non-crisis service</strong>" : `${p.data[2]} non-crisis services`) },
      grid: { left: 110, right: 20, top: 30, bottom: 90 },
      xAxis: { type: "category", data: d.cols, name: d.colLabel, nameLocation: "middle", nameGap: 35, splitArea: { show: true } },
      yAxis: { type: "category", data: d.rows, name: d.rowLabel, nameLocation: "middle", nameGap: 90, splitArea: { show: true } },
      visualMap: {
        type: "piecewise", orient: "horizontal", left: "center", bottom: 0,
        pieces: [
          { value: 0, label: "0: gap", color: "#d5281b" },
          { min: 1, max: 2, label: "1–2", color: "#ffb81c" },
          { min: 3, max: 5, label: "3–5", color: "#41b6e6" },
          { min: 6, label: "6 or more", color: "#005eb8" },
        ],
      },
      series: [{
        type: "heatmap", data: data,
        label: { show: true, fontSize: 14, fontWeight: "bold", formatter: (p) => (p.data[2] === 0 ? "GAP" : String(p.data[2])),
          color: "#212b32", textBorderColor: "#fff", textBorderWidth: 3 },
        itemStyle: { borderColor: "#fff", borderWidth: 2 },
        emphasis: { itemStyle: { borderColor: "#212b32", borderWidth: 3 } },
      }],
    };
  }

  const chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption(option(true));
  chart.on("click", (p) => { window.location.href = d.links[p.data[1]][p.data[0]]; });
  window.addEventListener("resize", () => chart.resize());
  el.dataset.ready = "true";

  function save(href, name) {
    const a = document.createElement("a");
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  const base = `gap-map-${d.rowLabel}-by-${d.colLabel}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
  const png = document.getElementById("download-png");
  const svg = document.getElementById("download-svg");
  png.hidden = false;
  svg.hidden = false;
  png.addEventListener("click", () => save(chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" }), base + ".png"));
  svg.addEventListener("click", () => {
    // Render the same chart to SVG off-screen, so the download scales cleanly.
    const off = echarts.init(null, null, { renderer: "svg", ssr: true, width: el.clientWidth, height: el.clientHeight });
    off.setOption(option(false));
    const text = off.renderToSVGString();
    off.dispose();
    save(URL.createObjectURL(new Blob([text], { type: "image/svg+xml" })), base + ".svg");
  });
})();
