// Behaviour of the staff pages. No inline script anywhere (Content-Security-Policy).
(function () {
  "use strict";

  function charts() {
    var holder = document.getElementById("chart-data");
    if (!holder || !window.echarts) return;
    var data = JSON.parse(holder.textContent);
    var brand = ["#8a2a1b", "#c4661f", "#2f5d8a", "#4d7c3a", "#7b4f9d", "#9a7b2f"];
    var made = [];
    var narrow = window.matchMedia("(max-width: 575.98px)").matches;
    function make(id, option, bars) {
      var el = document.getElementById(id);
      if (!el) return;
      if (bars) el.style.height = (bars * 30 + 24) + "px";  // as tall as its bars need, no taller
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(Object.assign({ color: brand, textStyle: { fontSize: 14 }, aria: { enabled: true } }, option));
      made.push(chart);
    }
    // Every bar carries its number, so no value axis crowds a phone; every bar is named.
    make("chart-age", {
      grid: { left: 8, right: 8, top: 28, bottom: narrow ? 48 : 28, containLabel: true },
      tooltip: {},
      xAxis: { type: "category", data: data.age.labels, axisLabel: { interval: 0, rotate: narrow ? 30 : 0 } },
      yAxis: { type: "value", show: false },
      series: [{ type: "bar", data: data.age.values, label: { show: true, position: "top", formatter: "{c}人" }, barMaxWidth: 48 }]
    });
    make("chart-category", {
      tooltip: { formatter: "{b}：{c} 人（{d}%）" },
      legend: { bottom: 0 },
      series: [{ type: "pie", radius: ["40%", "70%"], data: data.category, label: { show: false } }]
    });
    make("chart-units", {
      grid: { left: 8, right: 48, top: 4, bottom: 4, containLabel: true },
      tooltip: {},
      xAxis: { type: "value", show: false },
      yAxis: { type: "category", data: data.units.labels, axisLabel: { interval: 0, width: narrow ? 96 : 160, overflow: "truncate" } },
      series: [{ type: "bar", data: data.units.values, label: { show: true, position: "right" }, barMaxWidth: 20 }]
    }, data.units.labels.length);
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
