// Draws the ZRM scores over time from the JSON that the page embeds (no inline script).
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("zrm-chart");
  const source = document.getElementById("zrm-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "line",
    data: { labels: data.labels, datasets: data.datasets.map((d) => ({ ...d, spanGaps: true })) },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { min: 1, max: 5, ticks: { stepSize: 1 } } },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12, font: { size: 11 } } } },
    },
  });
});
