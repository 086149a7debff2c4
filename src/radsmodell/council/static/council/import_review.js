// The review of an import: following a field's link to its source lines marks all of them, not
// only the first (which the :target rule in the page's style marks without this script).
(function () {
  "use strict";
  function highlight(spec) {
    document.querySelectorAll(".source-lines li.is-highlighted").forEach(function (line) {
      line.classList.remove("is-highlighted");
    });
    var match = /^d(\d+):(\d+)-(\d+)$/.exec(spec || "");
    if (!match) { return; }
    for (var n = Number(match[2]); n <= Number(match[3]); n++) {
      var line = document.getElementById("d" + match[1] + "-L" + n);
      if (line) { line.classList.add("is-highlighted"); }
    }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-lines]");
    if (link) { highlight(link.getAttribute("data-lines")); }
  });
})();
