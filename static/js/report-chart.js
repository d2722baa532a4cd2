// Draws the outcomes of the report as a bar chart from the JSON the page embeds (no inline script).
// The colours come from stapteam/reports/palette.py (Okabe-Ito); the table beside it holds the numbers.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("outcome-chart-data");
  const canvas = document.getElementById("outcome-chart");
  if (!source) return;
  const data = JSON.parse(source.textContent);
  document.querySelectorAll(".report-swatch").forEach((swatch) => {
    swatch.style.backgroundColor = data.colours[Number(swatch.dataset.colour)] || "transparent";
  });
  if (!canvas || typeof Chart === "undefined") return;
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{ data: data.counts, backgroundColor: data.colours, borderColor: "#000", borderWidth: 1 }],
    },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
});
