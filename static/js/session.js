// The idle time-out warning. The server says how many seconds the session lasts without
// another request (data-seconds-left) and when to warn (data-warn-seconds); a minute
// before the end a banner counts down with "Stay signed in", which renews the session
// without leaving the page. When time is up the banner says so, and what is on the page
// stays: a form saved then is kept for the same person (checklists/kept_forms.py).
(function () {
  "use strict";
  var box = document.getElementById("session-warning");
  if (!box) {
    return;
  }
  var warnSeconds = parseInt(box.getAttribute("data-warn-seconds"), 10);
  var countdown = box.querySelector("[data-countdown]");
  var warning = box.querySelector('[data-session-state="warning"]');
  var ended = box.querySelector('[data-session-state="ended"]');
  var form = box.querySelector("form[data-session-renew]");
  var endsAt = 0;
  var timer = null;

  function secondsLeft() {
    return Math.max(0, Math.round((endsAt - Date.now()) / 1000));
  }

  function tick() {
    var left = secondsLeft();
    if (left > warnSeconds) {
      box.hidden = true;
    } else if (left > 0) {
      box.hidden = false;
      warning.hidden = false;
      ended.hidden = true;
      form.hidden = false;
      countdown.textContent = String(left);
    } else {
      box.hidden = false;
      warning.hidden = true;
      ended.hidden = false;
      form.hidden = true;
      window.clearInterval(timer);
      return;
    }
  }

  function start(seconds) {
    endsAt = Date.now() + seconds * 1000;
    window.clearInterval(timer);
    timer = window.setInterval(tick, 1000);
    tick();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (answer) {
        start(answer.ok && answer.body.signed_in ? answer.body.seconds_left : 0);
      })
      .catch(function () {
        // No answer (the network is down): say nothing new, keep counting.
      });
  });

  start(parseInt(box.getAttribute("data-seconds-left"), 10));
})();
