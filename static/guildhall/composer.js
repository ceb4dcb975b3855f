// The composer (community/composer): on top of a plain form that works without JavaScript, this adds
// - a formatting toolbar (Ctrl/Cmd+B, I, K) that puts Markdown around the selection,
// - a live preview drawn by the server exactly as the post will be (community:preview), side by side on wide
//   screens and behind a Write/Preview tab on narrow ones,
// - image upload from the toolbar, or by dropping or pasting an image into the text,
// - drafts saved on the server after a pause in typing and on leaving the page (and restored on the thread page,
//   whose shared HTML cannot carry them),
// - tag suggestions with their counts, as an ARIA combobox.
// Words come from Django's JavaScript catalogue (gettext), URLs from the form's data- attributes.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;
  var _ = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (fmt, args) { return fmt.replace("%s", args[0]); };

  function debounce(fn, wait) {
    var timer = null;
    var wrapped = function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { timer = null; fn.apply(null, args); }, wait);
    };
    wrapped.cancel = function () { clearTimeout(timer); timer = null; };
    return wrapped;
  }

  function csrf(form) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    return token ? token.value : "";
  }

  function post(url, form, fields) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrf(form));
    Object.keys(fields).forEach(function (name) { data.append(name, fields[name]); });
    return fetch(url, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(
        function (result) {
          if (!response.ok) throw new Error(result.error || _("Something went wrong: try again in a moment."));
          return result;
        },
        function () { throw new Error(_("Something went wrong: try again in a moment.")); }
      );
    });
  }

  // --- the toolbar --------------------------------------------------------------------------------------------

  var ACTIONS = [
    { name: "bold", label: _("Bold"), key: "b", icon: "B", wrap: ["**", "**", _("bold text")] },
    { name: "italic", label: _("Italic"), key: "i", icon: "I", wrap: ["_", "_", _("italic text")] },
    { name: "link", label: _("Link"), key: "k", svg: "link", wrap: ["[", "](https://)", _("link text")] },
    { name: "code", label: _("Code"), icon: "</>", wrap: ["`", "`", _("code")] },
    { name: "codeblock", label: _("Code block"), icon: "{ }", block: ["```\n", "\n```", _("code")] },
    { name: "quote", label: _("Quote"), icon: "❝", lines: "> " },
    { name: "bullets", label: _("Bulleted list"), icon: "•", lines: "- " },
    { name: "numbers", label: _("Numbered list"), icon: "1.", lines: "1. " },
    { name: "heading", label: _("Heading"), icon: "H", lines: "## " },
    { name: "image", label: _("Image"), svg: "image" },
  ];

  // Two line icons (after Feather, MIT): drawn as SVG, no font has to carry them.
  var SVG = "http://www.w3.org/2000/svg";
  var ICONS = {
    link: [["path", { d: "M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71" }],
           ["path", { d: "M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71" }]],
    image: [["rect", { x: "3", y: "3", width: "18", height: "18", rx: "2" }],
            ["circle", { cx: "8.5", cy: "8.5", r: "1.5" }],
            ["polyline", { points: "21 15 16 10 5 21" }]],
  };
  function icon(name) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("fill", "none");
    svg.setAttribute("stroke", "currentColor");
    svg.setAttribute("stroke-width", "2");
    svg.setAttribute("stroke-linecap", "round");
    svg.setAttribute("stroke-linejoin", "round");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    ICONS[name].forEach(function (part) {
      var el = document.createElementNS(SVG, part[0]);
      Object.keys(part[1]).forEach(function (attr) { el.setAttribute(attr, part[1][attr]); });
      svg.appendChild(el);
    });
    return svg;
  }

  function replaceSelection(area, text, selectFrom, selectTo) {
    var start = area.selectionStart;
    area.focus();
    area.setRangeText(text, start, area.selectionEnd, "end");
    if (selectFrom !== undefined) area.setSelectionRange(start + selectFrom, start + selectTo);
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function apply(area, action) {
    var selected = area.value.slice(area.selectionStart, area.selectionEnd);
    if (action.wrap) {
      var inner = selected || action.wrap[2];
      replaceSelection(area, action.wrap[0] + inner + action.wrap[1],
        action.wrap[0].length, action.wrap[0].length + inner.length);
    } else if (action.block) {
      var code = selected || action.block[2];
      var before = area.selectionStart > 0 && area.value[area.selectionStart - 1] !== "\n" ? "\n\n" : "";
      replaceSelection(area, before + action.block[0] + code + action.block[1] + "\n",
        before.length + action.block[0].length, before.length + action.block[0].length + code.length);
    } else if (action.lines) {
      var lines = (selected || "").split("\n");
      var numbered = action.name === "numbers";
      var text = lines.map(function (line, i) {
        return (numbered ? (i + 1) + ". " : action.lines) + line;
      }).join("\n");
      var lead = area.selectionStart > 0 && area.value[area.selectionStart - 1] !== "\n" ? "\n" : "";
      replaceSelection(area, lead + text);
    }
  }

  function insertAtCursor(area, text) {
    var lead = area.selectionStart > 0 && area.value[area.selectionStart - 1] !== "\n" ? "\n" : "";
    replaceSelection(area, lead + text + "\n");
  }

  // --- one composer --------------------------------------------------------------------------------------------

  function Composer(form) {
    var area = form.querySelector("textarea[name=body]");
    if (!area) return;
    var purpose = form.querySelector("input[name=purpose]");
    var objectId = form.querySelector("input[name=object_id]");
    var status = form.querySelector("[data-draft-status]");
    var submitting = false;
    var lastSaved = null;

    // The no-JavaScript upload field gives way to the toolbar's button.
    var nojs = form.querySelector("[data-composer-nojs]");
    if (nojs) nojs.hidden = true;

    // Editor: toolbar, Write/Preview tabs (narrow screens), the text and its preview.
    var editor = document.createElement("div");
    editor.className = "composer-editor";
    var toolbar = document.createElement("div");
    toolbar.className = "composer-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", _("Formatting"));
    toolbar.setAttribute("aria-controls", area.id);
    var picker = document.createElement("input");
    picker.type = "file";
    picker.accept = "image/jpeg,image/png,image/gif,image/webp";
    picker.hidden = true;
    ACTIONS.forEach(function (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "composer-tool composer-tool-" + action.name;
      var shortcut = action.key ? " (" + (/Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl+") + action.key.toUpperCase() + ")" : "";
      button.setAttribute("aria-label", action.label + shortcut);
      button.title = action.label + shortcut;
      if (action.svg) {
        button.appendChild(icon(action.svg));
      } else {
        // Drawn by composer.css from the attribute, not written as text: the button's name is its label
        // ("Numbered list"), and a "1." in its text would contradict it for speech input (axe's
        // label-content-name-mismatch).
        var glyph = document.createElement("span");
        glyph.setAttribute("aria-hidden", "true");
        glyph.dataset.glyph = action.icon;
        button.appendChild(glyph);
      }
      button.addEventListener("click", function () {
        if (action.name === "image") picker.click();
        else apply(area, action);
      });
      toolbar.appendChild(button);
    });
    toolbar.appendChild(picker);

    var tabs = document.createElement("div");
    tabs.className = "composer-tabs";
    tabs.setAttribute("role", "tablist");
    var writeTab = tab(_("Write"), true);
    var previewTab = tab(_("Preview"), false);
    tabs.appendChild(writeTab);
    tabs.appendChild(previewTab);

    var panes = document.createElement("div");
    panes.className = "composer-panes";
    var writePane = document.createElement("div");
    writePane.className = "composer-write";
    writePane.id = area.id + "-write";
    writePane.setAttribute("role", "tabpanel");
    var preview = document.createElement("div");
    preview.className = "composer-preview prose";
    preview.id = area.id + "-preview";
    preview.setAttribute("role", "tabpanel");
    preview.setAttribute("aria-live", "polite");
    preview.setAttribute("aria-label", _("Preview"));
    writeTab.setAttribute("aria-controls", writePane.id);
    previewTab.setAttribute("aria-controls", preview.id);

    area.parentNode.insertBefore(editor, area);
    editor.appendChild(tabs);
    editor.appendChild(toolbar);
    editor.appendChild(panes);
    panes.appendChild(writePane);
    writePane.appendChild(area);
    panes.appendChild(preview);
    var note = document.createElement("p");
    note.className = "composer-upload-status";
    note.setAttribute("role", "status");
    editor.appendChild(note);

    function tab(label, selected) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "composer-tab";
      button.setAttribute("role", "tab");
      button.setAttribute("aria-selected", selected ? "true" : "false");
      button.textContent = label;
      return button;
    }
    function show(previewing) {
      editor.classList.toggle("is-previewing", previewing);
      writeTab.setAttribute("aria-selected", previewing ? "false" : "true");
      previewTab.setAttribute("aria-selected", previewing ? "true" : "false");
      if (previewing) refresh();
    }
    writeTab.addEventListener("click", function () { show(false); area.focus(); });
    previewTab.addEventListener("click", function () { show(true); });
    tabs.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        var next = event.target === writeTab ? previewTab : writeTab;
        next.focus();
        next.click();
      }
    });

    // Live preview: the server draws the text as the post will be.
    var shown = null;
    function refresh() {
      var text = area.value;
      if (text === shown) return;
      shown = text;
      if (!text.trim()) {
        preview.classList.add("is-empty");
        preview.textContent = area.dataset.previewEmpty || _("Nothing to preview yet.");
        return;
      }
      post(form.dataset.previewUrl, form, { body: text })
        .then(function (result) {
          if (area.value !== text) return;  // typed on since: the next refresh draws it
          preview.classList.remove("is-empty", "preview-error");
          preview.innerHTML = result.html;  // sanitised by the server (community/core/rendering.py)
        })
        .catch(function (error) {
          shown = null;
          preview.classList.add("preview-error");
          preview.textContent = error.message;
        });
    }
    var refreshSoon = debounce(refresh, 400);
    area.addEventListener("input", refreshSoon);
    refresh();

    // Keyboard shortcuts.
    area.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      var key = event.key.toLowerCase();
      ACTIONS.forEach(function (action) {
        if (action.key === key) {
          event.preventDefault();
          apply(area, action);
        }
      });
    });

    // Images: the toolbar's button, a drop or a paste.
    function upload(file) {
      if (!file || !/^image\//.test(file.type)) return;
      note.classList.remove("is-error");
      note.textContent = _("Uploading the image…");
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrf(form));
      data.append("image", file);
      fetch(form.dataset.uploadUrl, {
        method: "POST", body: data, headers: { Accept: "application/json" }, credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(function (result) {
            if (!response.ok) throw new Error(result.error);
            return result;
          }, function () { throw new Error(_("The image could not be uploaded: try again in a moment.")); });
        })
        .then(function (result) {
          insertAtCursor(area, result.markdown);
          note.textContent = _("Image added. Describe it for people who cannot see it.");
        })
        .catch(function (error) {
          note.classList.add("is-error");
          note.textContent = error.message;
        });
    }
    picker.addEventListener("change", function () {
      upload(picker.files[0]);
      picker.value = "";
    });
    area.addEventListener("dragover", function (event) {
      if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
        event.preventDefault();
        area.classList.add("is-dropping");
      }
    });
    area.addEventListener("dragleave", function () { area.classList.remove("is-dropping"); });
    area.addEventListener("drop", function (event) {
      area.classList.remove("is-dropping");
      var files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) {
        event.preventDefault();
        Array.prototype.forEach.call(files, upload);
      }
    });
    area.addEventListener("paste", function (event) {
      var items = (event.clipboardData && event.clipboardData.files) || [];
      if (items.length && /^image\//.test(items[0].type)) {
        event.preventDefault();
        upload(items[0]);
      }
    });

    // Drafts: saved after a pause in typing and when the page is left; never once the form is being posted
    // (the post takes its draft away on the server).
    if (!purpose || !form.dataset.draftUrl) return;
    function fields() {
      var values = { purpose: purpose.value, object_id: objectId ? objectId.value : "0" };
      ["title", "body", "tags", "language"].forEach(function (name) {
        var field = form.elements[name];
        if (field && field.value !== undefined) values[name] = field.value;
      });
      return values;
    }
    function snapshot() { return JSON.stringify(fields()); }
    lastSaved = snapshot();
    function saveDraft() {
      if (submitting) return;
      var now = snapshot();
      if (now === lastSaved) return;
      if (status) status.textContent = _("Saving draft…");
      post(form.dataset.draftUrl, form, fields())
        .then(function () {
          lastSaved = now;
          if (status) status.textContent = _("Draft saved");
        })
        .catch(function (error) {
          if (status) status.textContent = error.message;
        });
    }
    var saveSoon = debounce(saveDraft, 1500);
    form.addEventListener("input", saveSoon);
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.hasAttribute("data-save-draft")) {  // "Save draft": at once, no page change
        event.preventDefault();
        saveSoon.cancel();
        lastSaved = null;
        saveDraft();
        return;
      }
      submitting = true;  // posting, or discarding the draft: nothing more to save
      saveSoon.cancel();
    });
    function leave() {
      if (submitting || snapshot() === lastSaved || !navigator.sendBeacon) return;
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrf(form));
      var values = fields();
      Object.keys(values).forEach(function (name) { data.append(name, values[name]); });
      navigator.sendBeacon(form.dataset.draftUrl, data);
      lastSaved = snapshot();
    }
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") leave();
    });

    // The thread page is shared by every reader, so its answer form comes without the draft: fetch it.
    if (!area.value.trim() && !form.querySelector(".draft-note")) {
      var query = "?purpose=" + encodeURIComponent(purpose.value) + "&object_id=" + encodeURIComponent(objectId.value);
      fetch(form.dataset.draftUrl + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { draft: null }; })
        .then(function (result) {
          if (!result.draft || area.value.trim()) return;
          area.value = result.draft.body;
          lastSaved = snapshot();
          refresh();
          restoredNote(result.draft.updated_at);
        })
        .catch(function () {});
    }
    function restoredNote(when) {
      var box = document.createElement("p");
      box.className = "draft-note";
      box.setAttribute("role", "status");
      var date = new Date(when);
      box.textContent = interpolate(_("Draft restored from %s"), [date.toLocaleString(document.documentElement.lang || undefined)]) + " — ";
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "link-button";
      discard.textContent = _("Discard");
      discard.addEventListener("click", function () {
        post(form.dataset.discardUrl, form, { purpose: purpose.value, object_id: objectId.value })
          .then(function () {
            area.value = "";
            lastSaved = snapshot();
            refresh();
            box.remove();
          })
          .catch(function (error) { box.textContent = error.message; });
      });
      box.appendChild(discard);
      editor.parentNode.insertBefore(box, editor.parentNode.firstChild);
    }
  }

  // --- tag suggestions (ARIA combobox) ----------------------------------------------------------------------

  var comboboxes = 0;
  function TagInput(form) {
    var input = form.querySelector("input[name=tags]");
    if (!input || !form.dataset.suggestUrl) return;
    var id = "tag-suggestions-" + (++comboboxes);
    var wrapper = document.createElement("div");
    wrapper.className = "tag-combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var list = document.createElement("ul");
    list.className = "tag-suggestions";
    list.id = id;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", _("Tag suggestions"));
    list.hidden = true;
    wrapper.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    var options = [];
    var active = -1;

    function token() {
      var before = input.value.slice(0, input.selectionStart === null ? input.value.length : input.selectionStart);
      var parts = before.split(/[\s,]+/);
      return parts[parts.length - 1].toLowerCase();
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
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
    function choose(name) {
      var cursor = input.selectionStart === null ? input.value.length : input.selectionStart;
      var before = input.value.slice(0, cursor).replace(/[^\s,]*$/, "");
      var after = input.value.slice(cursor).replace(/^[^\s,]*/, "").replace(/^\s+/, "");
      input.value = before + name + " " + after;
      var at = (before + name + " ").length;
      input.setSelectionRange(at, at);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      close();
    }
    function draw(prefix, tags) {
      list.textContent = "";
      options = [];
      var exact = false;
      tags.forEach(function (tag) {
        if (tag.name === prefix || tag.synonym === prefix) exact = true;
        // A synonym shows the tag it stands for ("js → javascript"): choosing it writes the main tag.
        var label = tag.synonym ? tag.synonym + " → " + tag.name : tag.name;
        var count = interpolate(ngettext("%s thread", "%s threads", tag.count), [tag.count]);
        var el = option(label, count, false);
        if (tag.synonym) {
          el.setAttribute("aria-label", interpolate(_("%(synonym)s, another name of %(tag)s, %(count)s"),
            { synonym: tag.synonym, tag: tag.name, count: count }, true));
        }
        options.push({ name: tag.name, el: el });
      });
      if (!exact && /^[a-z0-9.+#-]+$/.test(prefix)) {
        options.push({ name: prefix, el: option(prefix, _("new tag — it will be created"), true) });
      }
      options.forEach(function (entry, i) {
        entry.el.id = id + "-" + i;
        entry.el.addEventListener("mousedown", function (event) { event.preventDefault(); choose(entry.name); });
        list.appendChild(entry.el);
      });
      if (!options.length) return close();
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(-1);
    }
    function option(label, detail, isNew) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = "tag-suggestion" + (isNew ? " is-new" : "");
      var name = document.createElement("span");
      name.className = "tag-suggestion-name";
      name.textContent = label;
      var extra = document.createElement("span");
      extra.className = "tag-suggestion-detail";
      extra.textContent = detail;
      li.appendChild(name);
      li.appendChild(extra);
      return li;
    }
    var lookup = debounce(function () {
      var prefix = token();
      if (!prefix) return close();
      fetch(form.dataset.suggestUrl + "?q=" + encodeURIComponent(prefix), {
        headers: { Accept: "application/json" }, credentials: "same-origin",
      })
        .then(function (response) { return response.ok ? response.json() : { tags: [] }; })
        .then(function (result) { if (prefix === token()) draw(prefix, result.tags || []); })
        .catch(close);
    }, 200);
    input.addEventListener("input", lookup);
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        if (event.key === "ArrowDown" && token()) { lookup(); event.preventDefault(); }
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % options.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        choose(options[active].name);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
  }

  document.querySelectorAll("form[data-composer]").forEach(function (form) {
    Composer(form);
    TagInput(form);
  });
})();
