// The guided session: one item at a time, hold countdowns, rep counts, rest timers, and logs that
// survive having no connection at all: each is queued in localStorage with its own id, sent through
// the API with that id as its Idempotency-Key, and dropped from the queue only once the server has
// answered — so a retry after a lost answer is recognised by the server and never counted twice.
// The day's check-in at the end of the session goes the same way, through the check-ins API.
(function () {
  "use strict";
  var root = document.getElementById("player");
  if (!root) { return; }
  var stateEl = document.getElementById("player-state");
  var state = JSON.parse(stateEl.textContent);
  if (state.paused) { return; }
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var storageKey = root.dataset.storageKey;
  var status = document.getElementById("sync-status");
  var steps = Array.prototype.slice.call(root.querySelectorAll(".step"));
  var painBefore = document.getElementById("pain-before");
  var painAfter = document.getElementById("pain-after");
  var finished = document.getElementById("finished");
  var hurtAdvice = document.getElementById("hurt-advice");
  var skipReason = document.getElementById("skip-reason");
  // The item a reason picked on the skip-reason card belongs to.
  var skipIndex = null;
  var timer = null;
  // "Stop the session here" after something hurt: this visit goes to the pain rating; a reload resumes.
  var stoppedEarly = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(storageKey)) || {}; } catch (e) { return {}; }
  }
  function save(local) {
    try { localStorage.setItem(storageKey, JSON.stringify(local)); } catch (e) { /* private mode: keep going */ }
  }
  var local = load();
  local.queue = local.queue || [];
  local.position = Math.max(local.position || 0, state.position || 0);
  if (state.painBefore !== null) { local.painBeforeDone = true; local.painBefore = state.painBefore; }
  if (state.painAfter !== null) { local.painAfterDone = true; local.painAfter = state.painAfter; }
  // What each item ended as, the server's word merged with this device's not yet sent.
  local.outcomes = Object.assign({}, state.outcomes || {}, local.outcomes || {});

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16); crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // Entries queued before the API existed have no method or key: their body's client_id keeps them single.
  function send(entry) {
    var headers = { "Content-Type": "application/json", "X-CSRFToken": csrf };
    if (entry.key) { headers["Idempotency-Key"] = entry.key; }
    return fetch(entry.url, {
      method: entry.method || "POST",
      credentials: "same-origin",
      headers: headers,
      body: JSON.stringify(entry.body)
    });
  }

  // Signed out (401) or a stale page's CSRF token (403): the entry is kept until the person logs in again.
  var needsSignIn = false;
  function showStatus() {
    var n = local.queue.length;
    var text = "";
    if (n && needsSignIn) {
      text = status.dataset.signIn;
    } else if (n) {
      text = n === 1 ? status.dataset.waitingOne : status.dataset.waitingMany.replace("%(count)s", String(n));
    } else if (!navigator.onLine) {
      text = status.dataset.offline;
    }
    status.textContent = text;
  }

  var flushing = false;
  function flush() {
    // navigator.onLine can say "online" wrongly but never "offline" wrongly: with no network, leave the
    // queue alone until the "online" event, rather than let a request slip out half-connected.
    if (flushing || !local.queue.length || navigator.onLine === false) { showStatus(); return; }
    flushing = true;
    var entry = local.queue[0];
    send(entry).then(function (response) {
      var later = response.status === 401 || response.status === 403 || response.status === 429 || response.status >= 500;
      needsSignIn = response.status === 401 || response.status === 403;
      // Sent, or refused for good (e.g. a paused program, 409): either way it must not block the rest.
      if (!later) { local.queue.shift(); save(local); }
      flushing = false; showStatus();
      if (!later) { flush(); }
    }).catch(function () { flushing = false; showStatus(); });
  }
  window.addEventListener("online", flush);
  window.addEventListener("offline", showStatus);
  setInterval(flush, 15000);

  function enqueue(method, url, body, key) {
    local.queue.push({ method: method, url: url, body: body, key: key }); save(local); flush();
  }

  function stopTimer() { if (timer) { clearInterval(timer); timer = null; } }

  function show(section) {
    [painBefore, painAfter, finished, hurtAdvice, skipReason].concat(steps).forEach(function (el) { if (el) { el.classList.remove("active"); } });
    section.hidden = false;
    section.classList.add("active");
    var heading = section.querySelector("h1, h2");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: false }); }
  }

  function render() {
    stopTimer();
    if (!local.painBeforeDone) { show(painBefore); return; }
    if (local.position < steps.length && !stoppedEarly) { setupStep(steps[local.position]); show(steps[local.position]); return; }
    if (!local.painAfterDone) { show(painAfter); return; }
    summarise();
    show(finished);
  }

  // The end of the session says what was done: counts of each outcome and the two pain ratings.
  function summarise() {
    var counts = { done: 0, skipped: 0, hurt: 0 };
    Object.keys(local.outcomes).forEach(function (k) {
      if (counts.hasOwnProperty(local.outcomes[k])) { counts[local.outcomes[k]] += 1; }
    });
    finished.querySelectorAll("[data-count]").forEach(function (el) { el.textContent = String(counts[el.dataset.count]); });
    finished.querySelectorAll("[data-pain]").forEach(function (el) {
      var value = el.dataset.pain === "before" ? local.painBefore : local.painAfter;
      el.textContent = value === undefined || value === null ? "–" : String(value);
    });
  }

  function setupStep(step) {
    var c = step.querySelector(".controls");
    if (!c) { return; }  // a lesson: only reading
    var sets = parseInt(c.dataset.sets, 10) || 1;
    var reps = parseInt(c.dataset.reps, 10) || 0;
    var hold = parseInt(c.dataset.hold, 10) || 0;
    var rest = parseInt(c.dataset.rest, 10) || 0;
    var minutes = parseFloat(c.dataset.minutes) || 0;
    // A one-sided exercise done on both sides: each set is done on one side, then on the other.
    var sides = c.dataset.side === "both" ? 2 : 1;
    var setNo = 1, sideNo = 1, repCount = 0, complete = false;
    var counter = c.querySelector(".set-counter");
    var value = c.querySelector(".timer-value");
    var timerEl = c.querySelector(".timer");
    var label = c.querySelector(".timer-label");
    var startBtn = c.querySelector(".js-start-timer");
    var repBtn = c.querySelector(".js-rep");
    var stopBtn = c.querySelector(".js-stop-timer");
    // One countdown at a time: `left` and `finish` belong to it, so Pause and Resume carry on from where it was.
    var left = 0, resting = false, finish = null, running = false;
    // What Start times: one rep's hold when each rep is held ("6 reps, hold each 3 s" — a third of the
    // exercises, the curl-up and the bird dog among them), the whole hold when there are no reps, or
    // an aerobic item's minutes. A held rep counts when its hold ends; a side ends with its last rep.
    var duration = hold || (reps ? 0 : Math.round(minutes * 60));
    var heldReps = Boolean(reps && hold);

    // Always minutes and seconds ("0:03"): a time must not read as a count of reps.
    function fmt(s) { var m = Math.floor(s / 60), r = s % 60; return m + ":" + (r < 10 ? "0" : "") + r; }
    // The big figure: the countdown when there is one to run, otherwise the reps counted in this set.
    function showStart() { value.textContent = duration ? fmt(duration) : String(repCount); }
    function updateCounter() {
      counter.textContent = "Set " + Math.min(setNo, sets) + " of " + sets +
        (sides > 1 ? " · side " + sideNo + " of " + sides : "") +
        (reps ? " · " + repCount + " of " + reps + " reps" : "");
    }
    function buttons() {
      startBtn.textContent = running ? startBtn.dataset.pause : (finish ? startBtn.dataset.resume : startBtn.dataset.start);
      startBtn.setAttribute("aria-pressed", running ? "true" : "false");
      startBtn.hidden = !duration || complete;
      repBtn.hidden = !reps || complete;
      stopBtn.hidden = !finish;
    }
    function tick() {
      left -= 1; value.textContent = fmt(Math.max(left, 0));
      if (left <= 0) {
        stopTimer(); running = false;
        var done = finish; finish = null; buttons();
        if (navigator.vibrate) { navigator.vibrate(200); }
        done();
      }
    }
    function countdown(seconds, isRest, done) {
      stopTimer();
      left = seconds; resting = isRest; finish = done; running = true;
      timerEl.classList.toggle("resting", resting);
      label.textContent = resting ? "Rest" : "Hold";
      value.textContent = fmt(left);
      timer = setInterval(tick, 1000);
      buttons();
    }
    // Ends whatever countdown is running or paused, without its ending's effect.
    function dropCountdown() {
      stopTimer(); running = false; finish = null; left = 0; resting = false;
      timerEl.classList.remove("resting");
    }
    function pause() {
      stopTimer(); running = false;
      label.textContent = "Paused — tap Resume to carry on."; buttons();
    }
    function resume() {
      running = true; label.textContent = resting ? "Rest" : "Hold";
      timer = setInterval(tick, 1000); buttons();
    }
    function reset() {
      dropCountdown(); showStart();
      label.textContent = duration ? "Stopped. Tap Start timer when you are in position again." : "Count each rep.";
      buttons();
    }
    function nextSet() {
      if (setNo >= sets) {
        complete = true; label.textContent = "All sets done — tap Done."; value.textContent = "✓"; buttons();
        return;
      }
      setNo += 1; repCount = 0; updateCounter();
      var again = "Set " + setNo + ": go again when ready.";
      if (rest) {
        countdown(rest, true, function () { label.textContent = again; showStart(); });
      } else {
        label.textContent = again; showStart(); buttons();
      }
    }
    // One side of a set is done (all its reps, or its hold): the other side next, or the next set.
    function sideDone() {
      if (sideNo >= sides) { sideNo = 1; nextSet(); return; }
      sideNo += 1; repCount = 0; updateCounter(); showStart();
      label.textContent = duration ? "Now the other side: tap Start timer when you are in position." : "Now the other side.";
      buttons();
    }
    function countRep() {
      repCount += 1; updateCounter();
      if (repCount >= reps) { sideDone(); return; }
      showStart();
      label.textContent = heldReps
        ? "Rep " + repCount + " of " + reps + " done. Relax, then Start timer for the next."
        : "Count each rep.";
      buttons();
    }
    function holdDone() {
      if (heldReps) { countRep(); return; }
      label.textContent = "Well done."; sideDone();
    }
    showStart();
    label.textContent = heldReps
      ? "Hold each rep for " + fmt(hold) + ": tap Start timer when you are in position."
      : (duration ? "Tap Start when you are in position." : "Count each rep.");
    updateCounter();
    buttons();
    // Start, then Pause / Resume: a tap never silently restarts a countdown that is under way (a hold,
    // or the rest between sets; Stop and reset ends either).
    startBtn.onclick = function () {
      if (complete) { return; }
      if (running) { pause(); return; }
      if (finish && left > 0) { resume(); return; }
      countdown(duration, false, holdDone);
    };
    stopBtn.onclick = reset;
    // A rep counted by hand: it ends a held rep's countdown early, or the rest before the next set.
    repBtn.onclick = function () {
      if (complete) { return; }
      if (finish) { dropCountdown(); }
      countRep();
    };
    // The camera coach (coach/player-coach.js) counts into the same counter and runs the same hold
    // countdown only while the position is held, so what gets logged is still the person's Done.
    c.coachHooks = {
      rep: function () { if (reps) { repBtn.onclick(); } },
      hold: function (holding, reason) {
        if (!duration || resting || complete) { return; }
        if (holding && !running) { startBtn.onclick(); }
        if (!holding && running) { pause(); if (reason) { label.textContent = reason; } }
      }
    };
  }

  steps.forEach(function (step) {
    step.querySelectorAll(".js-outcome").forEach(function (button) {
      button.addEventListener("click", function () {
        var index = parseInt(step.dataset.index, 10);
        var body = { index: index, outcome: button.dataset.outcome, client_id: newId() };
        // "It felt easy" is what lets next week's plan progress the exercise.
        if (button.dataset.effort) { body.effort = parseInt(button.dataset.effort, 10); }
        enqueue("POST", root.dataset.logUrl, body, body.client_id);
        local.outcomes[String(index)] = body.outcome;
        local.position = index + 1; save(local);
        // "This hurt" is answered before moving on: what to do now, and what happens next time.
        if (body.outcome === "hurt") { stopTimer(); show(hurtAdvice); return; }
        // An exercise's skip is saved at once; why it was skipped is asked after, never required.
        if (body.outcome === "skipped" && button.hasAttribute("data-ask-reason")) {
          stopTimer(); skipIndex = index; show(skipReason); return;
        }
        render();
      });
    });
  });

  hurtAdvice.querySelector(".js-hurt-continue").addEventListener("click", render);

  // A reason is a second log of the same skipped item with its own id: the server adds the reason to
  // the item (services.item_log_record), and offline it waits in the queue behind the skip itself.
  skipReason.querySelectorAll(".js-skip-reason").forEach(function (button) {
    button.addEventListener("click", function () {
      if (skipIndex === null) { render(); return; }
      var body = { index: skipIndex, outcome: "skipped", skip_reason: button.dataset.reason, client_id: newId() };
      enqueue("POST", root.dataset.logUrl, body, body.client_id);
      skipIndex = null; render();
    });
  });
  skipReason.querySelector(".js-skip-on").addEventListener("click", function () { skipIndex = null; render(); });
  hurtAdvice.querySelector(".js-hurt-stop").addEventListener("click", function () {
    stoppedEarly = true; render();
  });

  root.querySelectorAll(".pain-scale").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = event.submitter;
      if (!button) { return; }
      var body = {}; body[button.name] = parseInt(button.value, 10);
      enqueue("PUT", root.dataset.painUrl, body, newId());
      if (form.dataset.moment === "before") {
        local.painBeforeDone = true; local.painBefore = body.before;
      } else {
        local.painAfterDone = true; local.painAfter = body.after;
      }
      save(local); render();
    });
  });

  // The daily check-in, offline or not: queued like the logs and sent to the check-ins API, which
  // applies the same rules as the check-in page (a second one the same day replaces the first).
  var checkin = document.getElementById("daily-checkin");
  var checkinSaved = document.getElementById("daily-checkin-saved");
  function showCheckin() {
    if (!checkin || local.checkinPain === undefined) { return; }
    checkinSaved.textContent = checkin.dataset.saved.replace("%(pain)s", String(local.checkinPain));
    checkinSaved.hidden = false;
  }
  if (checkin) {
    checkin.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = event.submitter;
      if (!button) { return; }
      // The device's own date: a check-in sent after midnight keeps the day it was made.
      var now = new Date();
      var day = new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
      var body = { pain: parseInt(button.value, 10), note: "", date: day };
      enqueue("POST", root.dataset.checkinUrl, body, newId());
      local.checkinPain = body.pain; save(local); showCheckin();
    });
  }

  root.classList.add("js");
  showCheckin();
  showStatus();
  flush();
  render();
})();
