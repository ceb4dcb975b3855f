// The "Access tokens" page (templates/community/api/tokens.html): a "Copy" button beside the token shown once.
// Without JavaScript the token sits in a read-only field to select and copy; the button stays hidden. Its words
// come from the page (data-copied, data-copy-failed), already translated.
(function () {
  "use strict";
  var panel = document.getElementById("new-token-panel");
  if (!panel) return;
  var button = panel.querySelector("[data-copy]");
  var field = document.getElementById(button ? button.dataset.copy : "");
  var status = panel.querySelector(".token-copy-status");
  if (!button || !field) return;
  field.addEventListener("focus", function () { field.select(); });
  field.focus();  // the new token is the news: keyboards and screen readers start on it, selected, ready to copy
  if (!navigator.clipboard || !window.isSecureContext) return;  // the field alone: select and copy by hand
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(
      function () { status.textContent = button.dataset.copied; },
      function () { field.select(); status.textContent = button.dataset.copyFailed; }
    );
  });
})();
