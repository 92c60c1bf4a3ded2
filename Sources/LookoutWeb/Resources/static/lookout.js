// Lookout's one script: local times, chart tooltips, drag-to-zoom. Pages work without it.
(function () {
  "use strict";
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };

  function localTimes() {
    document.querySelectorAll("[data-ts]").forEach(function (el) {
      var micros = Number(el.getAttribute("data-ts"));
      if (!micros) return;
      var d = new Date(micros / 1000);
      if (el.tagName === "INPUT") {
        el.value = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
          "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
      } else if (el.classList.contains("tick-time")) {
        var svg = el.closest("svg");
        var span = svg ? Number(svg.getAttribute("data-to")) - Number(svg.getAttribute("data-from")) : 0;
        el.textContent = span > 2 * 86400e6
          ? pad(d.getMonth() + 1) + "-" + pad(d.getDate())
          : pad(d.getHours()) + ":" + pad(d.getMinutes());
      } else {
        el.textContent = d.toLocaleString();
        el.title = el.getAttribute("datetime") || "";
      }
    });
  }

  function format(value, unit) {
    if (value === null || value === undefined) return "–";
    var abs = Math.abs(value);
    var short = function (v) {
      if (abs >= 1e6) return (v / 1e6).toFixed(1).replace(/\.0$/, "") + "M";
      if (abs >= 1e3) return (v / 1e3).toFixed(1).replace(/\.0$/, "") + "k";
      return (Math.round(v * 10) / 10).toString();
    };
    switch (unit) {
      case "ms": return abs >= 1000 ? (value / 1000).toFixed(2).replace(/\.?0+$/, "") + " s" : short(value) + " ms";
      case "percent": return (value * 100).toFixed(abs < 0.01 ? 2 : 1).replace(/\.?0+$/, "") + "%";
      case "rate": return short(value) + "/s";
      default: return short(value);
    }
  }

  function chartGeometry(svg, event) {
    var rect = svg.getBoundingClientRect();
    var viewBox = svg.viewBox.baseVal;
    var x = (event.clientX - rect.left) / rect.width * viewBox.width;
    var left = Number(svg.getAttribute("data-plot-left"));
    var right = Number(svg.getAttribute("data-plot-right"));
    var from = Number(svg.getAttribute("data-from"));
    var to = Number(svg.getAttribute("data-to"));
    var clamped = Math.min(Math.max(x, left), right);
    return { x: clamped, left: left, right: right, time: from + (clamped - left) / (right - left) * (to - from), from: from, to: to, scale: rect.width / viewBox.width };
  }

  function tooltips() {
    var tip = document.getElementById("tooltip");
    if (!tip) return;
    document.querySelectorAll("svg.chart[data-chart]").forEach(function (svg) {
      var data;
      try { data = JSON.parse(svg.getAttribute("data-chart")); } catch (e) { return; }
      if (!data.times || !data.series || !data.times.length) return;
      svg.addEventListener("mousemove", function (event) {
        var g = chartGeometry(svg, event);
        var step = (g.to - g.from) / data.times.length;
        var index = Math.min(data.times.length - 1, Math.max(0, Math.floor((g.time - g.from) / step)));
        var when = new Date(data.times[index] / 1000);
        var rows = [when.toLocaleString()];
        data.series.forEach(function (s, i) {
          rows.push('<span class="swatch s' + (s.color === undefined ? i : s.color) + '"></span>' +
            escapeHTML(s.name) + ": <b>" + format(s.values[index], data.unit) + "</b>");
        });
        tip.innerHTML = rows.join("<br>");
        tip.hidden = false;
        tip.style.left = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8) + "px";
        tip.style.top = (event.clientY + 14) + "px";
      });
      svg.addEventListener("mouseleave", function () { tip.hidden = true; });
    });
  }

  function escapeHTML(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // Drag across a time chart to show that range: the URL gets from/to, so the zoomed view
  // can be shared like any other.
  function dragZoom() {
    document.querySelectorAll("svg.chart[data-from][data-plot-left]").forEach(function (svg) {
      var start = null, band = null;
      svg.addEventListener("mousedown", function (event) {
        if (event.button !== 0) return;
        event.preventDefault();
        start = chartGeometry(svg, event);
        band = document.createElementNS("http://www.w3.org/2000/svg", "rect");
        band.setAttribute("class", "selection");
        band.setAttribute("y", "0");
        band.setAttribute("height", String(svg.viewBox.baseVal.height));
        band.setAttribute("x", String(start.x));
        band.setAttribute("width", "0");
        svg.appendChild(band);
      });
      svg.addEventListener("mousemove", function (event) {
        if (!start || !band) return;
        var now = chartGeometry(svg, event);
        band.setAttribute("x", String(Math.min(start.x, now.x)));
        band.setAttribute("width", String(Math.abs(now.x - start.x)));
      });
      var finish = function (event) {
        if (!start) return;
        var end = chartGeometry(svg, event);
        var begin = start;
        start = null;
        if (band) { band.remove(); band = null; }
        if (Math.abs(end.x - begin.x) * end.scale < 5) return;
        var url = new URL(window.location.href);
        url.searchParams.delete("range");
        url.searchParams.set("from", String(Math.round(Math.min(begin.time, end.time))));
        url.searchParams.set("to", String(Math.round(Math.max(begin.time, end.time))));
        window.location.assign(url.toString());
      };
      svg.addEventListener("mouseup", finish);
      svg.addEventListener("mouseleave", function () { if (band) { band.remove(); band = null; } start = null; });
    });
  }

  // The custom range form: the fields hold the viewer's local time, sent as µs.
  function customRange() {
    document.querySelectorAll("form.custom-range").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("input[type=datetime-local]").forEach(function (input) {
          var time = new Date(input.value).getTime();
          if (isNaN(time)) return;
          input.type = "hidden";
          input.value = String(time * 1000);
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    customRange();
    localTimes();
    tooltips();
    dragZoom();
  });
})();
