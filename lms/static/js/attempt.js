/* Township Academy: save quiz answers as they change, survive a dropped link, show the clock.
 *
 * Every change is put in a queue kept in localStorage and sent to the server one by one.
 * An answer leaves the queue only when the server has acknowledged it, so a reload, a
 * closed tab or a lost connection loses nothing: queued answers are put back into the page
 * and sent again when the link returns. Without JavaScript the page is a plain form.
 */
(function () {
  "use strict";
  var bar = document.getElementById("attempt-bar");
  var form = document.getElementById("attempt-form");
  if (!bar || !form) { return; }
  var storeKey = "lms-attempt-" + bar.dataset.attempt;
  var state = document.getElementById("save-state");
  var flushing = false;
  var retryTimer = null;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
  }
  function store(queue) {
    try { window.localStorage.setItem(storeKey, JSON.stringify(queue)); } catch (e) { /* full */ }
  }
  function show(kind, text) {
    state.textContent = text;
    state.className = "save-state save-" + kind;
  }

  function responseOf(fieldset) {
    var kind = fieldset.dataset.kind;
    var inputs = fieldset.querySelectorAll("input, textarea");
    if (kind === "single" || kind === "multiple") {
      var ids = [];
      inputs.forEach(function (i) { if (i.checked) { ids.push(parseInt(i.value, 10)); } });
      return ids.length ? ids : null;
    }
    if (kind === "true_false") {
      var value = null;
      inputs.forEach(function (i) { if (i.checked) { value = i.value === "true"; } });
      return value;
    }
    return inputs[0].value;
  }

  function restore(fieldset, response) {
    var kind = fieldset.dataset.kind;
    fieldset.querySelectorAll("input, textarea").forEach(function (i) {
      if (kind === "single" || kind === "multiple") {
        i.checked = Array.isArray(response) && response.indexOf(parseInt(i.value, 10)) !== -1;
      } else if (kind === "true_false") {
        i.checked = response !== null && String(response) === i.value;
      } else {
        i.value = response || "";
      }
    });
  }

  var answered = document.getElementById("answered");
  function countAnswered(fieldset, response) {
    var now = response === null || response === "" ? "0" : "1";
    if (!answered || fieldset.dataset.answered === now) { return; }
    var count = parseInt(answered.dataset.count, 10) + (now === "1" ? 1 : -1);
    fieldset.dataset.answered = now;
    answered.dataset.count = String(count);
    answered.textContent = answered.dataset.template.replace("999999", String(count));
  }

  function queueAnswer(fieldset) {
    var queue = load();
    var response = responseOf(fieldset);
    countAnswered(fieldset, response);
    queue[fieldset.dataset.item] = { response: response, at: Date.now() };
    store(queue);
    show("saving", bar.dataset.msgSaving);
    flush();
  }

  function scheduleRetry() {
    show("offline", bar.dataset.msgOffline);
    if (!retryTimer) {
      retryTimer = window.setTimeout(function () { retryTimer = null; flush(); }, 5000);
    }
  }

  function flush() {
    if (flushing) { return; }
    var queue = load();
    var itemIds = Object.keys(queue);
    if (!itemIds.length) { return; }
    flushing = true;
    var itemId = itemIds[0];
    var entry = queue[itemId];
    fetch(bar.dataset.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": bar.dataset.csrf },
      body: JSON.stringify({ item: parseInt(itemId, 10), response: entry.response })
    }).then(function (reply) {
      return reply.json().catch(function () { return {}; }).then(function (body) {
        return { status: reply.status, body: body };
      });
    }).then(function (result) {
      flushing = false;
      var current = load();
      var code = result.body.error && result.body.error.code;
      var refusedForGood = result.status >= 400 && result.status < 500 && code !== "csrf";
      if (result.status === 200 || refusedForGood) {
        // acknowledged, or refused for good: either way it must not be sent again
        if (current[itemId] && current[itemId].at === entry.at) { delete current[itemId]; }
        store(current);
      }
      if (result.status === 200) {
        if (Object.keys(current).length) { flush(); } else { show("saved", bar.dataset.msgSaved); }
      } else if (result.status === 409) {
        window.localStorage.removeItem(storeKey);
        show("error", bar.dataset.msgClosed);
        window.setTimeout(function () { window.location.reload(); }, 1500);
      } else if (result.status >= 400 && result.status < 500) {
        // an expired form token keeps the answer queued: a reload brings a new token
        var reason = (result.body.error && result.body.error.message) || result.status;
        show("error", bar.dataset.msgError.replace("{reason}", reason));
      } else {
        scheduleRetry();
      }
    }).catch(function () {
      flushing = false;
      scheduleRetry();
    });
  }

  // Put back answers that were queued but not yet acknowledged (e.g. reload while offline).
  var pending = load();
  form.querySelectorAll("fieldset.question").forEach(function (fieldset) {
    var entry = pending[fieldset.dataset.item];
    if (entry) { restore(fieldset, entry.response); countAnswered(fieldset, entry.response); }
  });

  var typingTimers = {};
  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset.question");
    if (fieldset) { queueAnswer(fieldset); }
  });
  form.addEventListener("input", function (event) {
    var fieldset = event.target.closest("fieldset.question");
    if (!fieldset || event.target.type === "radio" || event.target.type === "checkbox") { return; }
    window.clearTimeout(typingTimers[fieldset.dataset.item]);
    typingTimers[fieldset.dataset.item] = window.setTimeout(function () { queueAnswer(fieldset); }, 800);
  });
  window.addEventListener("online", flush);
  flush();

  form.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) { event.preventDefault(); }
    });
  });

  // The clock: the server holds the real deadline; this only shows it and reloads at zero,
  // when the server submits the attempt with what it has.
  var left = parseInt(bar.dataset.secondsLeft, 10);
  var clock = document.getElementById("time-left");
  if (!isNaN(left) && clock) {
    var end = Date.now() + left * 1000;
    var tick = function () {
      var seconds = Math.max(0, Math.round((end - Date.now()) / 1000));
      var m = Math.floor(seconds / 60), s = seconds % 60;
      clock.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      if (seconds === 0) { flush(); window.setTimeout(function () { window.location.reload(); }, 1500); return; }
      window.setTimeout(tick, 1000);
    };
    tick();
  }
})();
