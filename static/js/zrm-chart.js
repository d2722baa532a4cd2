// Draws one small ZRM chart per life domain from the JSON that the page embeds (no inline script).
// The x axis is a time axis (Chart.js date adapter), so the distance between two points follows
// the dates; the labels are Dutch (Intl), the y axis runs 1-5 with the ZRM labels.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("zrm-chart-data");
  const canvases = document.querySelectorAll("canvas.zrm-chart");
  if (!source || !canvases.length || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  // The colours of the badges in stap.css; the number and label always stand beside them.
  const colours = { 1: "#b02a37", 2: "#e35d6a", 3: "#cc9a06", 4: "#479f76", 5: "#146c43" };
  const line = getComputedStyle(document.body).getPropertyValue("--bs-emphasis-color") || "#212529";
  const month = new Intl.DateTimeFormat("nl-NL", { month: "short", year: "numeric" });
  const day = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric" });
  const dates = data.domains.flatMap((d) => d.points.map((p) => Date.parse(p.x)));
  // Every chart shares one axis, so that the domains can be compared; a single date gets a month
  // either side.
  const margin = 1000 * 60 * 60 * 24 * (dates.length && Math.max(...dates) > Math.min(...dates) ? 10 : 30);
  const min = dates.length ? Math.min(...dates) - margin : undefined;
  const max = dates.length ? Math.max(...dates) + margin : undefined;
  const yLabel = (n) => {
    const label = data.labels[String(n)];
    if (!label) return "";
    const [first, ...rest] = label.split(" ");
    return [`${n} ${first}`, rest.join(" ")];
  };

  canvases.forEach((canvas) => {
    const domain = data.domains[Number(canvas.dataset.domain)];
    if (!domain) return;
    new Chart(canvas, {
      type: "line",
      data: {
        datasets: [
          {
            label: domain.name,
            data: domain.points,
            borderColor: line,
            borderWidth: 2,
            pointRadius: 5,
            pointHoverRadius: 7,
            pointBackgroundColor: (ctx) => colours[ctx.raw?.y] || line,
            pointBorderColor: line,
          },
          // The target of the latest measurement, as a dashed line across the whole axis.
          ...(domain.target && min !== undefined
            ? [
                {
                  label: data.target_label,
                  data: [
                    { x: min, y: domain.target },
                    { x: max, y: domain.target },
                  ],
                  borderColor: "#6c757d",
                  borderDash: [6, 4],
                  borderWidth: 1.5,
                  pointRadius: 0,
                  pointHitRadius: 0,
                },
              ]
            : []),
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: {
            type: "time",
            min,
            max,
            ticks: { maxTicksLimit: 4, maxRotation: 0, font: { size: 10 }, callback: (v) => month.format(v) },
          },
          y: {
            min: 0.5,
            max: 5.5,
            afterBuildTicks: (scale) => {
              scale.ticks = [1, 2, 3, 4, 5].map((value) => ({ value }));
            },
            ticks: { font: { size: 10 }, callback: yLabel },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: (item) => item.datasetIndex === 0,
            callbacks: {
              title: (items) => `${day.format(items[0].parsed.x)} · ${items[0].raw.moment || ""}`,
              label: (item) => `${item.raw.y} – ${data.labels[String(item.raw.y)]}`,
              footer: () => data.open_hint,
            },
          },
        },
        onHover: (event, elements) => {
          const onPoint = elements.some((e) => e.datasetIndex === 0);
          event.native.target.style.cursor = onPoint ? "pointer" : "default";
        },
        onClick: (event, elements) => {
          if (elements.length && elements[0].datasetIndex === 0) {
            window.location.assign(domain.points[elements[0].index].url);
          }
        },
      },
    });
  });
});
