// A tag box with a <datalist> of tags (the leaderboard's): the page lists the most used tags, which is enough
// without JavaScript. Here, as the member types, the list is refilled with the tags that start with what was
// typed, most used first, each with its count, from the composer's tag suggestions (/tags-suggest/). The
// browser draws the list, so keyboard and screen-reader use are the browser's own.
(function () {
  "use strict";
  if (!window.fetch) return;
  document.querySelectorAll("input[data-tag-picker][list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var timer = null, asked = "";
    function refill(tags) {
      list.textContent = "";
      tags.forEach(function (tag) {
        var option = document.createElement("option");
        option.value = tag.name;
        option.label = interpolate(ngettext("%s thread", "%s threads", tag.count), [tag.count]);
        list.appendChild(option);
      });
    }
    function lookup() {
      var prefix = input.value.trim().replace(/^#/, "").toLowerCase();
      if (!prefix || prefix === asked) return;
      asked = prefix;
      fetch(input.dataset.tagPicker + "?q=" + encodeURIComponent(prefix), {
        headers: { Accept: "application/json" }, credentials: "same-origin",
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (result) {
          if (result && result.tags && result.tags.length && asked === prefix) refill(result.tags);
        })
        .catch(function () {});
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 200);
    });
  });
})();
