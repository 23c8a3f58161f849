/* The workspace's small enhancements; every page works without them.
 *
 * - A form marked data-warn-unsaved asks before the page is left with typed
 *   text not saved (the browser shows its own wording: browsers ignore ours).
 * - The error summary of a refused form takes the focus, so a screen reader
 *   reads it first and the keyboard starts from it.
 * - A form marked data-confirm asks its question before it is sent.
 */
(function () {
  "use strict";

  var dirty = new Set();

  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var initial = new FormData(form);
    function changed() {
      var now = new FormData(form);
      for (var pair of now.entries()) {
        if (typeof pair[1] === "string" && initial.getAll(pair[0]).indexOf(pair[1]) === -1) {
          return true;
        }
      }
      return false;
    }
    form.addEventListener("input", function () {
      if (changed()) { dirty.add(form); } else { dirty.delete(form); }
    });
    form.addEventListener("change", function () {
      if (changed()) { dirty.add(form); } else { dirty.delete(form); }
    });
    form.addEventListener("submit", function () { dirty.delete(form); });
    // A refused form comes back with the typed text in it: still unsaved.
    if (form.querySelector(".ws-error-summary, .ws-alert--conflict")) { dirty.add(form); }
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty.size) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
