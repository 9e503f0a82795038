// The review page: move the points with mouse, touch or keyboard; the server measures them again.
(function () {
  "use strict";
  var stage = document.querySelector(".posture-stage");
  var dataNode = document.getElementById("posture-landmarks");
  if (!stage || !dataNode) return;
  var svg = stage.querySelector("svg.posture-overlay");
  var landmarks = JSON.parse(dataNode.textContent);
  var width = parseFloat(stage.dataset.width);
  var height = parseFloat(stage.dataset.height);
  var step = parseFloat(stage.dataset.step) || 1;
  var field = document.querySelector("[data-landmarks-field]");
  var rowsBody = document.querySelector("[data-measure-rows]");
  var errorBox = document.querySelector(".measure-error");
  var csrf = document.querySelector(".confirm-form input[name=csrfmiddlewaretoken]");
  var timer = null;
  var request = 0;

  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }

  function place(name) {
    var p = landmarks[name];
    var handle = svg.querySelector('.handle[data-name="' + name + '"]');
    if (handle) handle.setAttribute("transform", "translate(" + p.x.toFixed(1) + " " + p.y.toFixed(1) + ")");
    svg.querySelectorAll('.segment[data-a="' + name + '"]').forEach(function (line) {
      line.setAttribute("x1", p.x.toFixed(1));
      line.setAttribute("y1", p.y.toFixed(1));
    });
    svg.querySelectorAll('.segment[data-b="' + name + '"]').forEach(function (line) {
      line.setAttribute("x2", p.x.toFixed(1));
      line.setAttribute("y2", p.y.toFixed(1));
    });
    if (name === "left_ankle" || name === "right_ankle") {
      var plumb = svg.querySelector(".plumb");
      var ankles = ["left_ankle", "right_ankle"].filter(function (n) { return landmarks[n]; });
      if (plumb && ankles.length) {
        var x = ankles.reduce(function (sum, n) { return sum + landmarks[n].x; }, 0) / ankles.length;
        plumb.setAttribute("x1", x.toFixed(1));
        plumb.setAttribute("x2", x.toFixed(1));
      }
    }
  }

  function move(name, x, y) {
    // A point the person placed by hand is one they have looked at: fully visible from now on.
    landmarks[name] = { x: clamp(x, 0, width), y: clamp(y, 0, height), visibility: 1 };
    place(name);
    field.value = JSON.stringify(landmarks);
    window.clearTimeout(timer);
    timer = window.setTimeout(remeasure, 120);
  }

  function showRows(rows) {
    rows.forEach(function (row) {
      var tr = rowsBody.querySelector('tr[data-key="' + row.key + '"]');
      if (!tr) return;
      tr.querySelector("[data-part=value]").textContent = row.value;
      tr.querySelector("[data-part=uncertainty]").textContent = row.uncertainty;
      tr.querySelector("[data-part=reading]").textContent = row.reading;
    });
  }

  function remeasure() {
    var mine = ++request;
    fetch(stage.dataset.measureUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
      body: JSON.stringify({ landmarks: landmarks })
    })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (mine !== request) return; // a newer move is on its way
        if (!result.ok) throw new Error(result.body.error || stage.dataset.errorText);
        errorBox.hidden = true;
        showRows(result.body.rows);
        stage.dataset.measured = String(mine);
      })
      .catch(function (error) {
        if (mine !== request) return;
        errorBox.textContent = error && error.message ? error.message : stage.dataset.errorText;
        errorBox.hidden = false;
      });
  }

  function svgPoint(event) {
    var matrix = svg.getScreenCTM();
    if (!matrix) return null;
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    return point.matrixTransform(matrix.inverse());
  }

  svg.querySelectorAll(".handle").forEach(function (handle) {
    var name = handle.dataset.name;
    var dragging = false;

    handle.addEventListener("pointerdown", function (event) {
      dragging = true;
      handle.classList.add("dragging");
      handle.setPointerCapture(event.pointerId);
      handle.focus({ preventScroll: true });
      event.preventDefault();
    });
    handle.addEventListener("pointermove", function (event) {
      if (!dragging) return;
      var p = svgPoint(event);
      if (p) move(name, p.x, p.y);
    });
    function stop(event) {
      if (!dragging) return;
      dragging = false;
      handle.classList.remove("dragging");
      if (handle.hasPointerCapture(event.pointerId)) handle.releasePointerCapture(event.pointerId);
    }
    // Where touch-action is not honoured on SVG, this keeps a finger on a dot from scrolling the page.
    handle.addEventListener("touchstart", function (event) { event.preventDefault(); }, { passive: false });
    handle.addEventListener("pointerup", stop);
    handle.addEventListener("pointercancel", stop);

    handle.addEventListener("keydown", function (event) {
      var moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      var delta = moves[event.key];
      if (!delta) return;
      event.preventDefault();
      var size = step * (event.shiftKey ? 5 : 1);
      var p = landmarks[name];
      move(name, p.x + delta[0] * size, p.y + delta[1] * size);
    });
  });
})();
