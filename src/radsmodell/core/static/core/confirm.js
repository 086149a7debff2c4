// Forms with data-confirm="question" ask in a dialog before they are sent (core/confirm.py).
// Without this script the server asks on a page of its own.
(function () {
  "use strict";
  var dialog = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "ds-dialog confirm-dialog";
    dialog.innerHTML = '<form method="dialog"><p class="ds-paragraph"></p>' +
      '<div class="confirm-dialog__buttons"><button class="ds-button" data-variant="primary" value="ok"></button>' +
      '<button class="ds-button" data-variant="secondary" value="cancel"></button></div></form>';
    document.body.appendChild(dialog);
    return dialog;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (!question || form.querySelector('input[name="confirmed"]')) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    var box = dialog || build();
    var submitter = event.submitter;
    box.querySelector("p").textContent = question;
    box.querySelector('[value="ok"]').textContent = form.getAttribute("data-confirm-yes") || (document.documentElement.lang === "en" ? "Yes, continue" : "Ja, fortsett");
    box.querySelector('[value="cancel"]').textContent = document.documentElement.lang === "en" ? "Cancel" : "Avbryt";
    box.onclose = function () {
      if (box.returnValue !== "ok") { return; }
      var confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "confirmed";
      confirmed.value = "1";
      form.appendChild(confirmed);
      form.requestSubmit(submitter || undefined);
    };
    box.returnValue = "";
    box.showModal();
  }, true);
}());
