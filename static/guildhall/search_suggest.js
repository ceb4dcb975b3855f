// Search as you type in the header (issue 18): after 2 characters and a pause of 150 ms, the box asks
// /search/suggest/ (the form's data-suggest-url) for matching thread titles, tags and members and lists them
// under it as an ARIA 1.2 combobox with a grouped listbox (Threads, Tags, Members).
// - Up/Down move through the suggestions (the focus stays in the box: aria-activedescendant), Home/End go to the
//   first/last while one is chosen, Enter on a suggestion opens it, Enter without one submits the normal search,
//   Escape closes the list (a second Escape empties the box, as in a search field).
// - A live region says how many suggestions there are. The matching part of each is marked with <mark> built
//   from text nodes: what the server sends is only ever set as textContent.
// Without JavaScript (or fetch) the form is the plain search it always was. The page's HTML stays the same for
// everyone (the page cache shares it): suggestions come from the JSON endpoint only.
(function () {
  "use strict";
  var form = document.querySelector("form.header-search[data-suggest-url]");
  if (!form || !window.fetch || !window.AbortController) return;
  var input = form.querySelector("input[name=q]");
  if (!input) return;
  var _ = window.gettext || function (text) { return text; };
  var pgettext = window.pgettext || function (context, text) { return _(text); };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (fmt, args) { return fmt.replace("%s", args[0]); };

  var MIN_LENGTH = 2;
  var WAIT = 150;
  var id = "header-suggestions";
  var list = document.createElement("div");
  list.className = "header-suggestions";
  list.id = id;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", _("Search suggestions"));
  list.hidden = true;
  var status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  form.appendChild(list);
  form.appendChild(status);
  form.classList.add("has-suggestions");
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", id);
  input.setAttribute("autocomplete", "off");

  var options = [];   // {el, url}
  var active = -1;
  var timer = null;
  var inflight = null;
  var shownFor = null;  // the query the list shows
  var answers = {};     // query -> suggestions, for this page (typing back over a prefix asks nothing again)

  function query() { return input.value.replace(/\s+/g, " ").trim(); }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function open() {
    if (!options.length) return;
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function highlight(index) {
    options.forEach(function (option, i) { option.el.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].el.id);
      options[index].el.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function go(index) {
    var option = options[index];
    if (!option) return;
    close();
    window.location.assign(option.url);
  }

  // The words of the query, folded (lower case, no accents), to mark where a label matches them.
  function fold(text) {
    return text.normalize ? text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase() : text.toLowerCase();
  }

  // Append ``text`` to ``parent``, each word starting with one of ``words`` marked up to the word's length.
  function marked(parent, text, words) {
    var pattern = /[\p{L}\p{N}]+/gu;
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      var folded = fold(match[0]);
      var longest = 0;
      words.forEach(function (word) {
        if (word.length > longest && folded.lastIndexOf(word, 0) === 0) longest = word.length;
      });
      if (!longest) continue;
      // Folding keeps one character per letter once the accents are gone, so lengths carry over; a letter that
      // decomposes into two (rare) only makes the mark end early.
      var end = match.index + Math.min(longest, match[0].length);
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(match.index, end);
      parent.appendChild(mark);
      last = end;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function option(label, detail, url, words, kind, lang) {
    var el = document.createElement("li");
    el.setAttribute("role", "option");
    el.setAttribute("aria-selected", "false");
    el.className = "header-suggestion is-" + kind;
    var name = document.createElement("span");
    name.className = "header-suggestion-label";
    // A title written in another language than the page's is read out in its own (as on the search page).
    if (lang && lang !== document.documentElement.lang) name.setAttribute("lang", lang);
    marked(name, label, words);
    el.appendChild(name);
    if (detail) {
      var extra = document.createElement("span");
      extra.className = "header-suggestion-detail";
      extra.textContent = detail;
      el.appendChild(extra);
    }
    options.push({ el: el, url: url });
    return el;
  }

  function group(key, title, items, make) {
    if (!items || !items.length) return;
    var ul = document.createElement("ul");
    ul.setAttribute("role", "group");
    ul.className = "header-suggestion-group";
    var heading = document.createElement("li");
    heading.setAttribute("role", "presentation");
    heading.className = "header-suggestion-heading";
    heading.id = id + "-" + key;
    heading.textContent = title;
    ul.setAttribute("aria-labelledby", heading.id);
    ul.appendChild(heading);
    items.forEach(function (item) { ul.appendChild(make(item)); });
    list.appendChild(ul);
  }

  function draw(q, found) {
    list.textContent = "";
    options = [];
    highlight(-1);
    shownFor = q;
    var words = (fold(q).match(/[\p{L}\p{N}]+/gu) || []);
    group("threads", pgettext("search suggestions", "Threads"), found.threads, function (t) {
      var count = t.kind === "question" ? ngettext("%s answer", "%s answers", t.answers)
        : ngettext("%s reply", "%s replies", t.answers);  // a tip's answers are replies, as in the lists
      return option(t.title, interpolate(count, [t.answers]), t.url, words, "thread", t.language);
    });
    group("tags", pgettext("search suggestions", "Tags"), found.tags, function (t) {
      var threads = interpolate(ngettext("%s thread", "%s threads", t.threads), [t.threads]);
      // A synonym shows the tag it stands for ("js → javascript"), as in the composer's tag field.
      var el = option(t.synonym ? t.synonym + " → " + t.name : t.name, threads, t.url, words, "tag");
      if (t.synonym) {
        el.setAttribute("aria-label", interpolate(_("%(synonym)s, another name of %(tag)s, %(count)s"),
          { synonym: t.synonym, tag: t.name, count: threads }, true));
      }
      return el;
    });
    group("members", pgettext("search suggestions", "Members"), found.members, function (m) {
      var label = m.name === m.username ? m.username : m.name + " (@" + m.username + ")";
      return option(label, interpolate(_("%s reputation"), [m.reputation]), m.url, words, "member");
    });
    options.forEach(function (entry, i) {
      entry.el.id = id + "-option-" + i;
      // mousedown, not click: the box keeps the focus (and the list stays open) until the choice is made.
      entry.el.addEventListener("mousedown", function (event) { event.preventDefault(); });
      entry.el.addEventListener("click", function () { go(i); });
    });
    status.textContent = options.length
      ? interpolate(ngettext("%s suggestion", "%s suggestions", options.length), [options.length])
      : _("No suggestions");
    if (options.length) open(); else close();
  }

  function lookup() {
    var q = query();
    if (q.length < MIN_LENGTH) {
      if (inflight) inflight.abort();
      shownFor = null;
      status.textContent = "";
      return close();
    }
    if (q === shownFor && options.length) return open();
    if (answers[q]) return draw(q, answers[q]);
    if (inflight) inflight.abort();
    inflight = new AbortController();
    fetch(form.dataset.suggestUrl + "?" + new URLSearchParams({ q: q }), {
      headers: { Accept: "application/json" }, credentials: "same-origin", signal: inflight.signal,
    })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (q !== query()) return;  // typed on meanwhile: the next answer will do
        if (!result.ok) {  // over the search throttle: say so, keep the plain search working
          close();
          status.textContent = result.data.error || "";
          return;
        }
        answers[q] = result.data;
        draw(q, result.data);
      })
      .catch(function () { /* aborted, offline or not JSON: the form still searches */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookup, WAIT);
  });
  input.addEventListener("focus", function () { if (shownFor !== null && shownFor === query()) open(); });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
  input.addEventListener("keydown", function (event) {
    if (event.isComposing) return;
    if (list.hidden) {
      if (event.key === "ArrowDown" && query().length >= MIN_LENGTH) {
        event.preventDefault();
        if (shownFor === query() && options.length) { open(); highlight(0); } else { lookup(); }
      }
      return;  // Enter submits the search; Escape clears the box (the browser's own)
    }
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight(active + 1 >= options.length ? 0 : active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active <= 0 ? options.length - 1 : active - 1);
    } else if ((event.key === "Home" || event.key === "End") && active >= 0) {
      event.preventDefault();
      highlight(event.key === "Home" ? 0 : options.length - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      go(active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  form.addEventListener("submit", function () {
    clearTimeout(timer);
    if (inflight) inflight.abort();
    close();
  });
})();
