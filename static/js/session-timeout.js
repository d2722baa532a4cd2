// Idle timeout in the browser: a warning two minutes before the server ends an idle session,
// and off to the login page when it has. The server decides (stapteam/login_security.py); this
// only keeps the user informed. "Ingelogd blijven" tells the server she is still there.
(function () {
  "use strict";
  const WARN_BEFORE = 120; // seconds
  const SLACK = 3; // seconds after the limit, so the server has surely ended the session

  function start() {
    const body = document.body;
    const idle = Number(body.dataset.idleSeconds);
    if (!idle) {
      return;
    }
    const warning = document.getElementById("sessie-waarschuwing");
    const stay = document.getElementById("sessie-verlengen");
    let warnTimer = 0;
    let endTimer = 0;

    function end() {
      const next = window.location.pathname + window.location.search;
      window.location.assign(body.dataset.loginUrl + "?next=" + encodeURIComponent(next));
    }

    function schedule() {
      window.clearTimeout(warnTimer);
      window.clearTimeout(endTimer);
      if (warning) {
        warning.hidden = true;
        warnTimer = window.setTimeout(function () {
          warning.hidden = false;
        }, Math.max(0, idle - WARN_BEFORE) * 1000);
      }
      endTimer = window.setTimeout(end, (idle + SLACK) * 1000);
    }

    function csrfToken() {
      try {
        return JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
      } catch (error) {
        return "";
      }
    }

    if (stay) {
      stay.addEventListener("click", function () {
        fetch(body.dataset.keepaliveUrl, {
          method: "POST",
          credentials: "same-origin",
          redirect: "manual", // an ended session answers with a redirect to the login page
          headers: { "X-CSRFToken": csrfToken() },
        }).then(function (response) {
          if (response.ok) {
            schedule();
          } else {
            end();
          }
        }, end);
      });
    }
    // htmx requests are activity too: the server counted them.
    document.body.addEventListener("htmx:afterRequest", schedule);
    schedule();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
