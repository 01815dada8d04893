// Reload an open page when a plan file changes (an edit in the editor, a
// command in a terminal), unless the baker is filling in a form.
(function () {
  "use strict";
  var seen = null;
  var typing = false;
  document.addEventListener("input", function () { typing = true; });
  function check() {
    fetch("/_changes", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (seen !== null && data.fingerprint !== seen && !typing) { window.location.reload(); return; }
        seen = data.fingerprint;
      })
      .catch(function () {});
  }
  check();
  setInterval(check, 3000);
})();
