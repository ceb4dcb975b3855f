// The words shown here come from Django's JavaScript catalogue (/jsi18n/, loaded before this file by base.html,
// in the page's language). Should it fail to load, the English stands in.
if (typeof window.gettext !== "function") window.gettext = function (text) { return text; };

// Progressive enhancement: voting without a page reload. Without JavaScript
// the same forms post and redirect back, so everything still works.
(function () {
  "use strict";
  function setPressed(widget, value) {
    widget.querySelectorAll(".vote-btn[data-value]").forEach(function (btn) {
      var own = parseInt(btn.dataset.value, 10);
      var on = own === value;
      btn.setAttribute("aria-pressed", on ? "true" : "false");
      btn.form.querySelector("input[name=value]").value = on ? "0" : String(own);
    });
  }
  function votesLabel(score) {
    if (typeof window.ngettext !== "function") return score + (score === 1 ? " vote" : " votes");
    return interpolate(ngettext("%(counter)s vote", "%(counter)s votes", score), { counter: score }, true);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var widget = form.closest("[data-vote]");
    if (!widget || !window.fetch) return;
    event.preventDefault();
    var old = widget.querySelector(".vote-error");
    if (old) old.remove();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(
          function (data) { return { ok: response.ok, data: data }; },
          function () { throw new Error(gettext("Your vote was not recorded: try again in a moment.")); }  // not JSON
        );
      })
      .then(function (result) {
        if (!result.ok) throw new Error(result.data.error || gettext("Your vote was not recorded."));
        widget.querySelector(".vote-score").textContent = result.data.score;
        var spoken = widget.querySelector("[data-vote-label]");  // "12 votes", for screen readers (a live region)
        if (spoken) spoken.textContent = votesLabel(result.data.score);
        setPressed(widget, result.data.vote);
      })
      .catch(function (error) {
        var note = document.createElement("p");
        note.className = "vote-error";
        note.setAttribute("role", "alert");
        note.textContent = error.message;
        widget.appendChild(note);
      });
  });
})();

// "Go back" on a refusal page: back through the history, which keeps what the member typed; without
// JavaScript (or with no history) the link leads to the page they came from. No inline handler: the
// Content-Security-Policy allows none (config/csp.py).
document.addEventListener("click", function (event) {
  "use strict";
  var link = event.target.closest && event.target.closest("a[data-go-back]");
  if (!link || window.history.length < 2) return;
  event.preventDefault();
  window.history.back();
});

// The post editors' toolbar, live preview, drafts and tag suggestions: static/guildhall/composer.js.

// The header's account menu is a <details>: it works without JavaScript; with it, a click elsewhere or Escape
// closes it, as members expect of a menu.
(function () {
  "use strict";
  function close(menu, focus) {
    if (!menu.open) return;
    menu.open = false;
    if (focus) menu.querySelector("summary").focus();
  }
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.account-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) close(menu, false);
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.account-menu[open]").forEach(function (menu) {
      close(menu, true);
    });
  });
})();

// The header's menu on narrow screens (site.css: up to 960 px). The page carries a Menu link to #site-menu, which
// opens the menu without JavaScript (CSS :target); here it becomes a real button: aria-expanded says whether the
// menu is open, Escape closes it and gives the focus back, and a window grown wider closes it.
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var button = header && header.querySelector(".menu-toggle");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;
  header.classList.add("has-menu-button");
  button.hidden = false;
  if (window.location.hash === "#" + menu.id) setOpen(true);

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-open", open);
  }
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");  // the menu follows the button: Tab goes in
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
    if (document.querySelector("details.account-menu[open]")) return;  // the account menu closes first
    setOpen(false);
    button.focus();
  }, true);  // capture: before the account menu's own Escape closes it
  var wide = window.matchMedia("(min-width: 961px)");
  var onWide = function () { if (wide.matches) setOpen(false); };
  if (wide.addEventListener) wide.addEventListener("change", onWide);
})();
