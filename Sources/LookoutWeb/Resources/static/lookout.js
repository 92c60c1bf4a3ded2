// Lookout's one script: local times, chart tooltips, drag-to-zoom, the query editor. Pages
// work without it.
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


  // The Logs page's query editor: a highlighted <pre> under a transparent textarea, with
  // completion of commands, the fields of the query's source and functions (from
  // /api/v1/query/fields). Tab or Enter accepts, Esc closes, Ctrl/Cmd+Enter runs.
  var COMMANDS = ["source", "fields", "display", "filter", "stats", "sort", "limit", "parse",
    "dedup", "pattern", "diff"];
  var KEYWORDS = ["by", "as", "and", "or", "not", "in", "like", "asc", "desc"];
  var RULES = [
    ["space", /\s+/y], ["comment", /#[^\n]*/y],
    ["string", /"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?/y], ["field", /`[^`\n]*`?/y],
    ["regex", /\/(?:[^\/\\\n]|\\.)*\/?/y],
    ["number", /(?:\d+(?:\.\d+)?|\.\d+)(?:ms|us|s|m|h|d|w)?(?![\w])/y],
    ["word", /[A-Za-z_@][\w.@]*/y], ["pipe", /\|/y], ["op", /=~|[=!<>]=?|[-+*\/%(),\[\]]/y],
    ["other", /[^]/y]
  ];

  function tokenize(text) {
    var out = [], at = 0, prev = null, before = null;
    var afterValue = function () {
      if (before && before.word && before.text.toLowerCase() === "parse") return false;
      if (!prev) return false;
      if (prev.word) return ["like", "and", "or", "not", "filter", "parse", "in"].indexOf(prev.text.toLowerCase()) < 0;
      if (prev.type === "op") return prev.text === ")" || prev.text === "]";
      return ["number", "string", "field", "regex"].indexOf(prev.type) >= 0;
    };
    while (at < text.length) {
      for (var i = 0; i < RULES.length; i++) {
        var type = RULES[i][0], re = RULES[i][1];
        if (type === "regex" && (text[at] !== "/" || afterValue())) continue;
        re.lastIndex = at;
        var match = re.exec(text);
        if (!match || !match[0].length) continue;
        var token = { type: type, text: match[0], start: at };
        if (type === "word") {
          token.word = true;
          var lower = token.text.toLowerCase();
          if (COMMANDS.indexOf(lower) >= 0 && (!prev || prev.type === "pipe")) token.type = "command";
          else if (/^\s*\(/.test(text.slice(at + token.text.length))) token.type = "function";
          else if (KEYWORDS.indexOf(lower) >= 0) token.type = "keyword";
          else token.type = "field";
        }
        out.push(token);
        if (type !== "space" && type !== "comment") { before = prev; prev = token; }
        at += token.text.length;
        break;
      }
    }
    return out;
  }

  function highlight(text, errorAt) {
    var html = "";
    tokenize(text).forEach(function (token) {
      var open = token.type === "space" || token.type === "other" ? "<span>" : '<span class="tok-' + token.type + '">';
      var end = token.start + token.text.length;
      if (errorAt >= token.start && errorAt < end) {
        var cut = errorAt - token.start;
        html += open + escapeHTML(token.text.slice(0, cut)) + '<mark class="tok-error">' +
          escapeHTML(token.text.slice(cut, cut + 1)) + "</mark>" + escapeHTML(token.text.slice(cut + 1)) + "</span>";
      } else {
        html += open + escapeHTML(token.text) + "</span>";
      }
    });
    if (errorAt >= text.length) html += '<mark class="tok-error"> </mark>';
    return html + "\n";
  }

  function queryEditor() {
    var box = document.querySelector(".editor");
    if (!box) return;
    var input = box.querySelector("textarea"), code = box.querySelector("pre code");
    var list = box.querySelector(".completions"), form = input.form;
    var errorAt = input.hasAttribute("data-error-index") ? Number(input.getAttribute("data-error-index")) : -1;
    var catalog = null, items = [], active = 0;
    var render = function () {
      code.innerHTML = highlight(input.value, errorAt);
      input.rows = Math.max(3, input.value.split("\n").length + 1);
    };
    var close = function () { list.hidden = true; items = []; };
    var wordBefore = function () {
      var head = input.value.slice(0, input.selectionStart);
      var word = /[\w@.]*$/.exec(head)[0];
      return { word: word, head: head.slice(0, head.length - word.length) };
    };
    var candidates = function (context) {
      if (/(^|\|)\s*$/.test(context)) return COMMANDS;
      var names = [];
      var source = /^\s*source\s+([\w.]+)/i.exec(input.value);
      if (catalog && source && catalog.sources[source[1]]) {
        names = catalog.sources[source[1]].map(function (f) { return f.name; });
      } else if (/^\s*source\s+\w*$/i.test(context + "x")) {
        return catalog ? Object.keys(catalog.sources).sort() : [];
      }
      var calls = catalog ? catalog.aggregates.concat(catalog.functions) : [];
      return names.concat(calls.map(function (f) { return f + "("; }), KEYWORDS);
    };
    var show = function () {
      var at = wordBefore();
      if (!at.word && !/\|\s*$/.test(at.head)) { close(); return; }
      var lower = at.word.toLowerCase();
      var seen = {};
      items = candidates(at.head).filter(function (name) {
        var key = name.toLowerCase();
        if (seen[key] || key.indexOf(lower) !== 0 || key === lower) return false;
        seen[key] = true;
        return true;
      }).slice(0, 12);
      if (!items.length) { close(); return; }
      active = 0;
      list.innerHTML = items.map(function (name, i) {
        return '<li role="option" data-index="' + i + '"' + (i === active ? ' class="active"' : "") + ">" + escapeHTML(name) + "</li>";
      }).join("");
      var lines = at.head.split("\n");
      var style = getComputedStyle(input);
      var lineHeight = parseFloat(style.lineHeight) || 20;
      var charWidth = (parseFloat(style.fontSize) || 13) * 0.6;
      list.style.top = (parseFloat(style.paddingTop) + lines.length * lineHeight - input.scrollTop) + "px";
      list.style.left = Math.min(box.clientWidth - 200, parseFloat(style.paddingLeft) + lines[lines.length - 1].length * charWidth) + "px";
      list.hidden = false;
    };
    var accept = function (index) {
      var name = items[index];
      if (name === undefined) return;
      var at = wordBefore();
      var start = input.selectionStart - at.word.length;
      var tail = input.value.slice(input.selectionStart);
      var insert = COMMANDS.indexOf(name) >= 0 || KEYWORDS.indexOf(name) >= 0 ? name + " " : name;
      input.value = input.value.slice(0, start) + insert + tail;
      input.selectionStart = input.selectionEnd = start + insert.length;
      close();
      render();
    };
    input.addEventListener("input", function () { errorAt = -1; render(); show(); });
    input.addEventListener("scroll", function () { code.parentNode.scrollTop = input.scrollTop; code.parentNode.scrollLeft = input.scrollLeft; });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        close();
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
        return;
      }
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        list.querySelectorAll("li").forEach(function (li, i) { li.classList.toggle("active", i === active); });
      } else if (event.key === "Tab" || event.key === "Enter") {
        event.preventDefault();
        accept(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    list.addEventListener("mousedown", function (event) {
      var li = event.target.closest("li");
      if (!li) return;
      event.preventDefault();
      accept(Number(li.getAttribute("data-index")));
    });
    render();
    if (window.fetch) {
      fetch("/api/v1/query/fields", { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (json) { if (json && json.sources) catalog = json; })
        .catch(function () {});
    }
  }

  // Saving on the Logs page goes through the JSON API (POST, or PUT for the saved query being
  // edited), with the editor's text as it is now; a refused query is explained in place.
  // Without the script the form posts the query that last ran.
  function saveForm() {
    var form = document.querySelector("form.save-form");
    if (!form || !window.fetch || !window.FormData) return;
    var problem = document.querySelector(".save-error");
    form.addEventListener("submit", function (event) {
      var data = new FormData(form);
      var editor = document.querySelector(".editor textarea");
      var id = data.get("id");
      var update = id && !(event.submitter && event.submitter.name === "as_new");
      var body = { name: data.get("name"), query: editor ? editor.value : data.get("query"),
        from: data.get("from"), to: data.get("to"), chart: data.get("chart") };
      var range = document.querySelector(".query-form");
      if (range && range.elements.from) { body.from = range.elements.from.value; body.to = range.elements.to.value; }
      event.preventDefault();
      fetch(update ? "/api/v1/saved-queries/" + id : "/api/v1/saved-queries", {
        method: update ? "PUT" : "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().then(function (json) { return { ok: response.ok, json: json }; });
      }).then(function (answer) {
        var saved = answer.json;
        if (!answer.ok) {
          problem.textContent = saved.detail || saved.error || "The query was not saved.";
          problem.hidden = false;
          return;
        }
        window.location.assign("/logs?q=" + encodeURIComponent(saved.query) + "&from=" +
          encodeURIComponent(saved.from) + "&to=" + encodeURIComponent(saved.to) + "&saved=" +
          saved.id + "&chart=" + encodeURIComponent(saved.chart));
      }).catch(function () { form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    customRange();
    localTimes();
    tooltips();
    dragZoom();
    queryEditor();
    saveForm();
  });
})();
