// Similar threads while asking: as the member types a title (and body), ask
// /search/similar/ for up to five existing threads and show them beside the
// form. Without JavaScript the ask form works as before, minus suggestions.
(function () {
  "use strict";
  var panel = document.querySelector("[data-similar-url]");
  if (!panel || !window.fetch || !window.AbortController) return;
  var title = document.getElementById("id_title");
  var body = document.getElementById("id_body");
  var tags = document.getElementById("id_tags");  // the tags chosen so far: threads sharing them rank higher
  if (!title) return;
  var form = title.form;
  // On a narrow screen the sidebar is below the form: show suggestions under the title instead.
  if (window.matchMedia && window.matchMedia("(max-width: 760px)").matches && title.closest(".field")) {
    title.closest(".field").after(panel);
  }
  var timer = null, inflight = null, last = "";

  function update() {
    var t = title.value.trim();
    var b = body ? body.value.trim().slice(0, 600) : "";  // the address stays under 8 KB even in non-Latin scripts
    var g = tags ? tags.value.trim().slice(0, 200) : "";
    var key = t + "\u0000" + b.slice(0, 300) + "\u0000" + g;
    if (key === last) return;
    last = key;
    if (t.length < 4) { panel.innerHTML = ""; return; }
    if (inflight) inflight.abort();
    inflight = new AbortController();
    var url = panel.dataset.similarUrl + "?" + new URLSearchParams({ title: t, body: b, tags: g });
    fetch(url, { headers: { "X-Requested-With": "fetch" }, signal: inflight.signal, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { panel.innerHTML = html; })
      .catch(function () { /* aborted or offline: keep what is shown */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(update, 350);
  }
  title.addEventListener("input", later);
  if (body) body.addEventListener("input", later);
  if (tags) tags.addEventListener("input", later);
  if (form) form.addEventListener("submit", function () { if (inflight) inflight.abort(); });
  if (title.value) update();
})();
