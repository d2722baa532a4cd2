// Nothing typed is lost to the idle logout. A form marked data-keep-draft is copied, as she
// types, into this tab's sessionStorage (never localStorage: it goes when the tab closes). When
// she comes back to the form, logged in again as the same person, what she typed is put back.
// The copy is removed once the form was sent and the app moved on (saved), and on "Uitloggen".
(function () {
  "use strict";
  const PREFIX = "stap-draft:";
  const SENT = PREFIX + "sent";
  const SKIP = ["csrfmiddlewaretoken", "submission_key", "_check"];

  function keyOf() {
    return PREFIX + window.location.pathname;
  }

  function fields(form) {
    return Array.from(form.elements).filter(function (e) {
      return e.name && SKIP.indexOf(e.name) < 0 && ["file", "hidden", "submit", "button", "search"].indexOf(e.type) < 0;
    });
  }

  function snapshot(form) {
    const data = {};
    fields(form).forEach(function (e) {
      if (e.type === "radio" || e.type === "checkbox") {
        if (e.checked) {
          (data[e.name] = data[e.name] || []).push(e.value);
        }
      } else if (e.tagName === "SELECT" && e.multiple) {
        data[e.name] = Array.from(e.selectedOptions).map(function (o) { return o.value; });
      } else {
        data[e.name] = [e.value];
      }
    });
    return data;
  }

  function restore(form, data) {
    fields(form).forEach(function (e) {
      const values = data[e.name] || [];
      if (e.type === "radio" || e.type === "checkbox") {
        e.checked = values.indexOf(e.value) >= 0;
      } else if (e.tagName === "SELECT" && e.multiple) {
        Array.from(e.options).forEach(function (o) { o.selected = values.indexOf(o.value) >= 0; });
      } else if (values.length) {
        e.value = values[0];
      }
    });
  }

  function forget(prefixOrKey) {
    Object.keys(sessionStorage).forEach(function (k) {
      if (k === prefixOrKey || (prefixOrKey === PREFIX && k.indexOf(PREFIX) === 0)) {
        sessionStorage.removeItem(k);
      }
    });
  }

  function start() {
    const user = document.body.dataset.user;
    const form = document.querySelector("form[data-keep-draft]");
    const sent = sessionStorage.getItem(SENT);
    if (!user) {
      return; // the login pages: keep everything until she is back
    }
    if (sent && (!form || sent !== keyOf())) {
      forget(sent); // the form was sent and the app moved on: saved
      sessionStorage.removeItem(SENT);
    }
    document.querySelectorAll("form[data-logout]").forEach(function (logout) {
      logout.addEventListener("submit", function () { forget(PREFIX); });
    });
    if (!form) {
      return;
    }
    sessionStorage.removeItem(SENT);
    const key = keyOf();
    if (form.hasAttribute("data-conflict")) {
      forget(key); // an edit conflict: the page shows what she typed beside the newest version
    }
    let stored = null;
    try {
      stored = JSON.parse(sessionStorage.getItem(key) || "null");
    } catch (error) {
      stored = null;
    }
    if (stored && stored.user === user && JSON.stringify(stored.data) !== JSON.stringify(snapshot(form))) {
      restore(form, stored.data);
      const notice = document.getElementById("draft-restored");
      if (notice) {
        notice.hidden = false;
        const discard = notice.querySelector("button");
        if (discard) {
          discard.addEventListener("click", function () {
            forget(key);
            window.location.reload();
          });
        }
      }
    } else if (stored && stored.user !== user) {
      forget(key); // somebody else's: never shown
    }
    function keep() {
      sessionStorage.setItem(key, JSON.stringify({ user: user, data: snapshot(form) }));
    }
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("submit", function () { sessionStorage.setItem(SENT, key); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
