// The CMS under a strict Content-Security-Policy (config/csp.py). Wagtail starts its date pickers, choosers and
// inline panels with inline <script>s, which the policy blocks. Our copies of those templates
// (templates/wagtailadmin/) and community/core/cms_scripts.py leave a <template data-guildhall-init> instead,
// naming the same Wagtail function, the field and its options; this file makes the same call: on load, and
// for fields the admin adds later (dialogs moved into the page, forms added to a panel).
(function () {
  "use strict";
  // name -> how Wagtail's own inline script started it
  var STARTERS = {
    initDateChooser: "call", initTimeChooser: "call", initDateTimeChooser: "call",
    Chooser: "new", PageChooser: "new", ImageChooser: "new", DocumentChooser: "new", SnippetChooser: "new",
    InlinePanel: "panel", MultipleChooserPanel: "panel",
  };

  function startOne(mark) {
    var name = mark.dataset.guildhallInit;
    var how = STARTERS.hasOwnProperty(name) && STARTERS[name];
    var starter = window[name];
    if (!how || mark.dataset.guildhallStarted || typeof starter !== "function") return;
    if (how !== "panel" && !document.getElementById(mark.dataset.for)) return;
    mark.dataset.guildhallStarted = "1";
    var config = JSON.parse(mark.dataset.config || "{}");
    if (how === "call") starter(mark.dataset.for, config);
    else if (how === "new") new starter(mark.dataset.for, config);
    else new starter(config);
  }

  function start(root) {
    if (!root.querySelectorAll) return;
    if (root.matches && root.matches("template[data-guildhall-init]")) startOne(root);
    root.querySelectorAll("template[data-guildhall-init]").forEach(startOne);
  }

  function watch() {
    start(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) { change.addedNodes.forEach(start); });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
