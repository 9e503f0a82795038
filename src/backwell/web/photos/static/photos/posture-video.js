// The video progress page: poll the job's status and move on when the analysis is done.
(function () {
  "use strict";
  var box = document.querySelector(".video-progress");
  if (!box) return;
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-part=label]");
  var message = box.querySelector("[data-part=message]");
  var failedBox = box.querySelector(".video-failed");
  var failure = box.querySelector("[data-part=failure]");
  var slow = box.querySelector(".video-slow");
  var started = Date.now();

  function show(state) {
    if (state.step !== null) {
      bar.max = state.steps;
      bar.value = state.step;
      bar.textContent = state.step + " / " + state.steps;
    }
    label.textContent = state.label;
    message.textContent = state.failed ? "" : state.message;
    // A video takes seconds; a minute still queued means the workers are busy (or not running).
    if (state.stage === "queued" && Date.now() - started > 60000) {
      slow.textContent = box.dataset.slowText;
      slow.hidden = false;
    }
    if (state.failed) {
      failure.textContent = state.message;
      failedBox.hidden = false;
    }
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.done) {
          window.location.assign(state.url);
        } else if (!state.failed) {
          window.setTimeout(poll, 600);
        }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  poll();
})();
