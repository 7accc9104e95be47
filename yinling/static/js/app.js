// Behaviour of the staff pages. No inline script anywhere (Content-Security-Policy).
(function () {
  "use strict";

  function charts() {
    var holder = document.getElementById("chart-data");
    if (!holder || !window.echarts) return;
    var data = JSON.parse(holder.textContent);
    var brand = ["#8a2a1b", "#c4661f", "#2f5d8a", "#4d7c3a", "#7b4f9d", "#9a7b2f"];
    var made = [];
    function make(id, option) {
      var el = document.getElementById(id);
      if (!el) return;
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(Object.assign({ color: brand, textStyle: { fontSize: 14 }, aria: { enabled: true } }, option));
      made.push(chart);
    }
    make("chart-age", {
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      tooltip: {},
      xAxis: { type: "category", data: data.age.labels },
      yAxis: { type: "value", name: "人" },
      series: [{ type: "bar", data: data.age.values, label: { show: true, position: "top" }, barMaxWidth: 48 }]
    });
    make("chart-category", {
      tooltip: { formatter: "{b}：{c} 人（{d}%）" },
      legend: { bottom: 0 },
      series: [{ type: "pie", radius: ["40%", "70%"], data: data.category, label: { show: false } }]
    });
    make("chart-units", {
      grid: { left: 150, right: 48, top: 8, bottom: 24 },
      tooltip: {},
      xAxis: { type: "value" },
      yAxis: { type: "category", data: data.units.labels, axisLabel: { width: 140, overflow: "truncate" } },
      series: [{ type: "bar", data: data.units.values, label: { show: true, position: "right" }, barMaxWidth: 20 }]
    });
    window.addEventListener("resize", function () { made.forEach(function (c) { c.resize(); }); });
  }

  function printButtons() {
    document.querySelectorAll(".js-print").forEach(function (btn) {
      btn.addEventListener("click", function () {
        // 签收表: the list with a signature column, for handing things out.
        document.body.classList.toggle("print-sign", btn.dataset.sign === "1");
        window.print();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    charts();
    printButtons();
  });
})();
